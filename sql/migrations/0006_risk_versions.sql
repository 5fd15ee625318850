-- 0006_risk_versions: rule versions on graded records (安全风险分级管控). The band table
-- (risk_band, migration 0003) stays the one an administrator edits; every edit of a
-- method's rows records the whole table as a new numbered version of that method, and a
-- risk point keeps the version that last set its grade (risk_point.band_version), so an
-- old grading stays explainable after the bands change (GET /api/risk/bands?method=&version=).

-- One row per version of a method's band table (lec | ls), numbered 1, 2, … per method.
-- The unique index makes two concurrent edits of one method number differently (the
-- second waits and fails, and is answered 409).
CREATE TABLE risk_band_version (
  id {{PK}},
  method TEXT NOT NULL,
  version {{INT}} NOT NULL,
  created_at TEXT,                -- NULL for version 1, the table in force at upgrade
  created_by {{INT}}              -- users.id of the administrator, NULL for version 1
);
CREATE UNIQUE INDEX risk_band_version_method_version ON risk_band_version (method, version);

-- The rows of every version, as risk_band held them when the version was made. A
-- version with no rows grades with the defaults of src/rules/risk.c, exactly as an
-- empty risk_band does.
CREATE TABLE risk_band_history (
  id {{PK}},
  method TEXT NOT NULL,
  version {{INT}} NOT NULL,
  min {{REAL}},
  min_inclusive {{INT}},
  level TEXT,
  danger_class TEXT
);
CREATE INDEX risk_band_history_method_version ON risk_band_history (method, version);

INSERT INTO risk_band_version (method, version) VALUES ('lec', 1);
INSERT INTO risk_band_version (method, version) VALUES ('ls', 1);
INSERT INTO risk_band_history (method, version, min, min_inclusive, level, danger_class)
  SELECT method, 1, min, min_inclusive, level, danger_class FROM risk_band
  WHERE method IN ('lec', 'ls');

-- risk_point.band_version. Until now every band edit re-graded every risk point, so each
-- graded point of an upgraded database was graded by the table recorded above as
-- version 1. The entity core creates risk_point from its declaration after the
-- migrations, so on a new database the table does not exist yet: it is created here
-- with the two columns this migration needs (the core adds the others), which lets the
-- same ALTER and UPDATE run on a new and on an upgraded database.
CREATE TABLE IF NOT EXISTS risk_point (id {{PK}}, score {{REAL}});
ALTER TABLE risk_point ADD COLUMN band_version {{INT}};
UPDATE risk_point SET band_version = 1 WHERE score IS NOT NULL;
