-- 0003_risk: what the declarations of src/mod/risk.c cannot say (issue 3, 安全风险分级管控).
-- The entity core creates the other risk tables from the declarations; these two are
-- created here, with exactly the columns the declarations give them, because they
-- need a seed or a constraint. entity_schema_sync() then only adds its indexes.

-- The band table that maps a score to 重大/较大/一般/低 (DOMAIN.md §3–4: ⚠️ not nationally
-- fixed, so configuration). Rows are read highest min first; a score falls in the first
-- row whose min it reaches (>= when min_inclusive = 1, > otherwise). Seeded with the
-- defaults of src/rules/risk.c (risk_bands_lec_default / risk_bands_ls_default); when an
-- administrator empties a method's rows, scoring falls back to those defaults.
CREATE TABLE risk_band (
  id {{PK}},
  org_id {{INT}},
  created_at TEXT, updated_at TEXT, created_by {{INT}}, updated_by {{INT}},
  method TEXT,                    -- lec | ls
  min {{REAL}},                   -- lower bound of the band
  min_inclusive {{INT}},          -- 1: score >= min; 0: score > min
  level TEXT,                     -- major | high | medium | low
  danger_class TEXT               -- LEC 危险程度 (Graham–Kinney), NULL for LS
);
INSERT INTO risk_band (method, min, min_inclusive, level, danger_class) VALUES
  ('lec', 320, 0, 'major', '极其危险，不能继续作业'),
  ('lec', 160, 1, 'high', '高度危险，需立即整改'),
  ('lec', 70, 0, 'medium', '显著危险，需要整改'),
  ('lec', 20, 1, 'low', '一般危险，需要注意'),
  ('lec', 0, 1, 'low', '稍有危险，可以接受'),
  ('ls', 20, 1, 'major', NULL),
  ('ls', 15, 1, 'high', NULL),
  ('ls', 9, 1, 'medium', NULL),
  ('ls', 0, 1, 'low', NULL);

-- The annual risk report (seeds/004 item 11: 每年第一季度完成风险报告): one per
-- enterprise and year, which the unique index guarantees even for two concurrent
-- "generate" requests on PostgreSQL.
CREATE TABLE risk_report (
  id {{PK}},
  org_id {{INT}},
  created_at TEXT, updated_at TEXT, created_by {{INT}}, updated_by {{INT}},
  year {{INT}},
  status TEXT,                    -- draft | submitted
  summary TEXT,
  content TEXT,                   -- JSON snapshot made by POST /api/risk_report/generate
  generated_at TEXT,
  due_date TEXT,                  -- YYYY-03-31 of the year
  submitted_at TEXT,
  submitted_by {{INT}}
);
CREATE UNIQUE INDEX risk_report_org_year ON risk_report(org_id, year);
