/*
 * scope.c — who may see which org's rows (DESIGN.md §3), materialised in scope_org
 * (viewer org → visible org) so that every scoped query is one indexed semi-join:
 *   t.org_id IN (SELECT org_id FROM scope_org WHERE viewer = ?)
 *
 * The rule, recomputed whole by scope_rebuild():
 *   1. every org sees its own subtree (orgs whose materialised path starts with its
 *      path);
 *   2. an org that supervises an enterprise (regulator, committee: supervision rows)
 *      also sees that enterprise's subtree — and so does every ancestor of the
 *      supervising org (a district node sees what its bureaus supervise).
 * Admins (and system contexts) are not limited and never consult the table.
 */
#include <stdint.h>

#include "internal.h"
#include "../db/db.h"

/* One statement: the union of both rules (UNION removes duplicates, so the
 * primary key of scope_org can never be violated). substr/length are portable
 * between SQLite and PostgreSQL; paths hold only digits and '/'. */
static const char scope_sql_delete[] = "DELETE FROM scope_org";
static const char scope_sql_insert[] =
	"INSERT INTO scope_org (viewer, org_id) "
	"SELECT v.id, o.id FROM org v JOIN org o "
	"ON substr(o.path, 1, length(v.path)) = v.path "
	"UNION "
	"SELECT v.id, o.id FROM supervision s "
	"JOIN org r ON r.id = s.regulator_org "
	"JOIN org v ON substr(r.path, 1, length(v.path)) = v.path "
	"JOIN org en ON en.id = s.enterprise_org "
	"JOIN org o ON substr(o.path, 1, length(en.path)) = en.path";

/* Recomputes scope_org from org and supervision. It opens no transaction: the
 * caller manages it, and should call it inside the transaction that changed org or
 * supervision (org_create and supervision_add do), so that readers see the old or
 * the new scope, never the empty table between the DELETE and the INSERT. Called
 * outside a transaction it runs as two autocommitted statements, during which
 * concurrent readers may briefly see nothing (never too much). 0 ok, -1 error. */
int scope_rebuild(struct db *db)
{
	struct db_stmt *st = NULL;
	int rc = -1;

	st = db_prepare(db, scope_sql_delete);
	if (!st || db_step(st) != DB_DONE)
		goto out;
	db_finalize(st);
	st = db_prepare(db, scope_sql_insert);
	if (!st || db_step(st) != DB_DONE)
		goto out;
	db_finalize(st);
	st = db_prepare(db, "DELETE FROM scope_size");
	if (!st || db_step(st) != DB_DONE)
		goto out;
	db_finalize(st);
	st = db_prepare(db, "INSERT INTO scope_size (viewer, n)"
			" SELECT viewer, COUNT(*) FROM scope_org GROUP BY viewer");
	if (!st || db_step(st) != DB_DONE)
		goto out;
	rc = 0;
out:
	db_finalize(st);
	return rc;
}

/* 1 if org_id exists and c may see it, 0 if not, -1 on error. */
int scope_row_visible(struct ectx *c, int64_t org_id)
{
	struct db_stmt *st;
	int rc = -1, s;

	if (org_id <= 0)
		return 0;
	if (ent_unscoped(c)) {
		st = db_prepare(c->db, "SELECT 1 FROM org WHERE id = ?");
		if (!st || db_bind_int64(st, 1, org_id) < 0)
			goto out;
	} else {
		st = db_prepare(c->db, "SELECT 1 FROM scope_org WHERE viewer = ? AND org_id = ?");
		if (!st || db_bind_int64(st, 1, c->user->org_id) < 0 ||
		    db_bind_int64(st, 2, org_id) < 0)
			goto out;
	}
	s = db_step(st);
	if (s == DB_ROW)
		rc = 1;
	else if (s == DB_DONE)
		rc = 0;
out:
	db_finalize(st);
	return rc;
}
