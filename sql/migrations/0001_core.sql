-- 0001_core: the tables the entity core and the HTTP layer stand on.
-- Portable SQL; migrate.c replaces {{PK}} {{INT}} {{REAL}} {{BLOB}} per backend.
-- Times are TEXT 'YYYY-MM-DD HH:MM:SS' in Asia/Shanghai; epoch seconds where compared.

-- The org tree (DESIGN.md §3): regulator → department …, enterprise → subsidiary →
-- workshop → team. path is the materialised path "/1/7/23/".
CREATE TABLE org (
  id {{PK}},
  org_id {{INT}},                 -- = id (an org is in its own scope)
  parent_id {{INT}} REFERENCES org(id),
  path TEXT NOT NULL DEFAULT '/',
  name TEXT NOT NULL,
  kind TEXT NOT NULL,             -- regulator | committee | department | enterprise | unit
  unit_level TEXT,                -- for kind unit: workshop | team | post
  created_at TEXT, updated_at TEXT, created_by {{INT}}, updated_by {{INT}}
);
CREATE INDEX org_parent ON org(parent_id);
CREATE INDEX org_path ON org(path);

-- A regulator supervises enterprises (出资监管 / 行业监管 / 属地监管).
CREATE TABLE supervision (
  id {{PK}},
  org_id {{INT}} NOT NULL,        -- the supervised enterprise's org (scope)
  regulator_org {{INT}} NOT NULL REFERENCES org(id),
  enterprise_org {{INT}} NOT NULL REFERENCES org(id),
  kind TEXT NOT NULL,             -- investor | industry | territorial
  created_at TEXT, updated_at TEXT, created_by {{INT}}, updated_by {{INT}}
);
CREATE UNIQUE INDEX supervision_pair ON supervision(regulator_org, enterprise_org, kind);

-- Materialised scope: viewer org may see rows of org_id. Rebuilt by scope_rebuild()
-- whenever org or supervision changes (rare); read on every scoped query.
CREATE TABLE scope_org (
  viewer {{INT}} NOT NULL,
  org_id {{INT}} NOT NULL,
  PRIMARY KEY (viewer, org_id)
);

CREATE TABLE users (
  id {{PK}},
  org_id {{INT}} NOT NULL REFERENCES org(id),
  username TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,             -- admin | regulator | department | ent_manager | ent_principal | staff
  phone TEXT,
  active {{INT}} NOT NULL DEFAULT 1,
  password_hash TEXT NOT NULL,    -- libsodium crypto_pwhash_str (argon2id)
  failed_logins {{INT}} NOT NULL DEFAULT 0,
  locked_until {{INT}} NOT NULL DEFAULT 0,   -- epoch seconds
  password_changed_at TEXT,
  created_at TEXT, updated_at TEXT, created_by {{INT}}, updated_by {{INT}}
);
CREATE UNIQUE INDEX users_username ON users(username);

-- Sessions: only the SHA-256 of the token is stored.
CREATE TABLE session (
  token_hash TEXT PRIMARY KEY,
  user_id {{INT}} NOT NULL REFERENCES users(id),
  csrf TEXT NOT NULL,
  created_at {{INT}} NOT NULL,    -- epoch seconds
  last_seen {{INT}} NOT NULL      -- epoch seconds; idle expiry
);
CREATE INDEX session_by_user ON session(user_id);

CREATE TABLE audit_log (
  id {{PK}},
  org_id {{INT}},                 -- org of the row written (scope of the audit row)
  at TEXT NOT NULL,
  user_id {{INT}},
  username TEXT,
  entity TEXT NOT NULL,
  entity_id {{INT}},
  action TEXT NOT NULL,           -- create | update | delete | <verb>
  before_json TEXT,
  after_json TEXT,
  created_at TEXT, updated_at TEXT, created_by {{INT}}, updated_by {{INT}}
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_org ON audit_log(org_id, id);

-- Attachments: content stored once by SHA-256 under data/files/, and in file_blob
-- when several servers share a PostgreSQL database.
CREATE TABLE file (
  id {{PK}},
  org_id {{INT}} NOT NULL,
  sha256 TEXT NOT NULL,
  size {{INT}} NOT NULL,
  mime TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at TEXT, updated_at TEXT, created_by {{INT}}, updated_by {{INT}}
);
CREATE INDEX file_sha ON file(sha256);
CREATE TABLE file_blob (
  sha256 TEXT PRIMARY KEY,
  data {{BLOB}} NOT NULL
);
