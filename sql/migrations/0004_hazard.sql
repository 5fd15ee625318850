-- 0004_hazard: the hazard table's composite indexes (issue 3). The table itself is
-- made from the declaration in src/mod/hazard.c by entity_schema_sync, which runs
-- after the migrations and adds the declared columns to a table a migration made;
-- so this migration creates the table with the columns its indexes need, and the
-- declaration adds the rest.
--   (level, status, org_id)  the regulator's major-hazard list (GET /api/hazard/major)
--   (org_id, status, deadline) and (status, deadline, org_id) are created by the
--   dashboard (dashboard_schema) and serve the scoped filtered list and overdue.
CREATE TABLE IF NOT EXISTS hazard (
  id {{PK}},
  org_id {{INT}},
  created_at TEXT, updated_at TEXT, created_by {{INT}}, updated_by {{INT}},
  level TEXT,
  status TEXT,
  deadline TEXT
);
CREATE INDEX IF NOT EXISTS hazard_level_status_org ON hazard (level, status, org_id);
