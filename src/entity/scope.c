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
 *
 * Below the scope itself are the org-tree questions every module asks the same way
 * (which enterprise an org belongs to, whether a unit lies inside an enterprise,
 * whether a user belongs to it) and the ?org_id= subtree filter of module queries
 * (views, statistics, the cockpit): one copy each, here.
 */
#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "../core/arena.h"
#include "../core/util.h"
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

/* The orgs each viewer does not see, for the viewers that see all but at most
 * SCOPE_UNSEEN_MAX (migration 0010; read by the list totals). */
static const char scope_sql_unseen[] =
	"INSERT INTO scope_unseen (viewer, org_id) "
	"SELECT v.viewer, o.id FROM scope_size v, org o "
	"WHERE v.n >= (SELECT COUNT(*) FROM org) - " SCOPE_UNSEEN_MAX_S " "
	"AND NOT EXISTS (SELECT 1 FROM scope_org s WHERE s.viewer = v.viewer AND s.org_id = o.id)";

/* Recomputes scope_org (with scope_size and scope_unseen) from org and supervision. It opens no transaction: the
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
	db_finalize(st);
	st = db_prepare(db, "DELETE FROM scope_unseen");
	if (!st || db_step(st) != DB_DONE)
		goto out;
	db_finalize(st);
	st = db_prepare(db, scope_sql_unseen);
	if (!st || db_step(st) != DB_DONE)
		goto out;
	rc = 0;
out:
	db_finalize(st);
	return rc;
}

/*
 * 1 if no row of table lies in an org outside c's scope (col names the row's org),
 * so a count or a sum over the table may leave out its per-row scope condition and
 * stay exact; 0 if some may, or if c's scope leaves out more than SCOPE_UNSEEN_MAX
 * orgs (then it is not worth asking); -1 on error. A district regulator sees all but
 * a handful of orgs (its own tree's neighbours: other regulators' nodes), which hold
 * none of the enterprise rows; scope_rebuild() lists them in scope_unseen, and the
 * check is one index probe each, against one scope probe per counted row (29,000 –
 * 250,000 hazards of a million: 20–260 ms, counted again after every write). Within
 * the caller's read transaction the answer holds for the same snapshot.
 */
static int scope_covers_ask(struct ectx *c, const char *table, const char *col)
{
	const int64_t viewer = c->user ? c->user->org_id : 0;
	int64_t orgs = 0, seen = 0, outside = 1;
	struct buf sql;

	if (!c->user)
		return 0;
	if (db_query_int64(c->db, "SELECT COUNT(*) FROM org", &orgs, 0) ||
	    db_query_int64p(c->db, "SELECT n FROM scope_size WHERE viewer = ?", viewer, &seen, 0))
		return -1;
	if (orgs - seen > SCOPE_UNSEEN_MAX)
		return 0;
	if (orgs - seen <= 0)
		return 1;
	buf_init(&sql, 1 << 12);
	buf_printf(&sql, "SELECT COUNT(*) FROM (SELECT 1 FROM %s t WHERE t.%s IN"
		   " (SELECT u.org_id FROM scope_unseen u WHERE u.viewer = ?) LIMIT 1) x", table, col);
	if (buf_failed(&sql) || db_query_int64p(c->db, buf_str(&sql), viewer, &outside, 1))
		outside = -1;
	buf_release(&sql);
	return outside < 0 ? -1 : outside == 0;
}

/*
 * The answer is remembered per worker thread, stamped with db_data_version() (as
 * the list totals are): it holds until something commits, and a list page asks it
 * for every request — its page query then drops the per-row scope probe too, a
 * tenth of a 20-row hazard page — while the three statements of the question cost
 * as much as the probe saves.
 */
#define SC_MEMO 16
struct scope_memo {
	struct db *db;
	int64_t viewer;
	char table[64], col[64];	/* identifiers (ent_ident_ok: ≤ 63 bytes) */
	char version[DB_VERSION_MAX];
	int covers;
};
static _Thread_local struct scope_memo scope_memo[SC_MEMO];
static _Thread_local int scope_memo_next;

int scope_covers_table(struct ectx *c, const char *table, const char *col)
{
	char version[DB_VERSION_MAX];
	struct scope_memo *m;
	int rc;

	if (!c->user)
		return 0;
	if (db_data_version(c->db, version) != 0)
		return scope_covers_ask(c, table, col);
	for (int i = 0; i < SC_MEMO; i++) {
		m = &scope_memo[i];
		if (m->db == c->db && m->viewer == c->user->org_id &&
		    !strcmp(m->table, table) && !strcmp(m->col, col) && !strcmp(m->version, version))
			return m->covers;
	}
	rc = scope_covers_ask(c, table, col);
	if (rc < 0 || strlen(table) >= sizeof(m->table) || strlen(col) >= sizeof(m->col))
		return rc;
	m = &scope_memo[scope_memo_next];
	scope_memo_next = (scope_memo_next + 1) % SC_MEMO;
	m->db = c->db;
	m->viewer = c->user->org_id;
	memcpy(m->table, table, strlen(table) + 1);
	memcpy(m->col, col, strlen(col) + 1);
	memcpy(m->version, version, sizeof(version));
	m->covers = rc;
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

/* ------------------------------------------------------------ the org tree */

/* The nearest org of kind enterprise at or above org: a unit's company, a
 * subsidiary itself (not its group). Paths are prefixes of their descendants'. */
static const char sql_enterprise_of[] =
	"SELECT e.id FROM org o JOIN org e ON substr(o.path, 1, length(e.path)) = e.path"
	" WHERE o.id = ? AND e.kind = 'enterprise' ORDER BY length(e.path) DESC LIMIT 1";

/* An internal unit inside the enterprise's subtree (parameters: unit, enterprise). */
static const char sql_unit_in[] =
	"SELECT COUNT(*) FROM org u JOIN org e ON substr(u.path, 1, length(e.path)) = e.path"
	" WHERE u.id = ? AND e.id = ? AND u.kind = 'unit'";

/* An active enterprise user whose org lies inside the enterprise's subtree or above
 * it (a group's staff act in its subsidiaries). Parameters: enterprise, user. */
static const char sql_user_of_enterprise[] =
	"SELECT COUNT(*) FROM users u JOIN org uo ON uo.id = u.org_id JOIN org h ON h.id = ?"
	" WHERE u.id = ? AND u.active = 1"
	" AND u.role IN ('ent_manager', 'ent_principal', 'staff')"
	" AND (substr(uo.path, 1, length(h.path)) = h.path"
	" OR substr(h.path, 1, length(uo.path)) = uo.path)";

/* See entity.h. */
int64_t org_enterprise_of(struct db *db, int64_t org)
{
	int64_t out = 0;

	if (org <= 0)
		return 0;
	return db_query_int64v(db, sql_enterprise_of, &org, 1, &out, 0) ? -1 : out;
}

/* See entity.h. */
int org_unit_in(struct db *db, int64_t unit, int64_t enterprise)
{
	int64_t p[2] = { unit, enterprise }, n = 0;

	if (unit <= 0 || enterprise <= 0)
		return 0;
	return db_query_int64v(db, sql_unit_in, p, 2, &n, 0) ? -1 : n > 0;
}

/* See entity.h. */
int org_user_of_enterprise(struct db *db, int64_t user, int64_t enterprise)
{
	int64_t p[2] = { enterprise, user }, n = 0;

	if (user <= 0 || enterprise <= 0)
		return 0;
	return db_query_int64v(db, sql_user_of_enterprise, p, 2, &n, 0) ? -1 : n > 0;
}

/* ------------------------------------------------------- subtree filter */

/* See entity.h. The filter compares paths with LIKE '<path>%': a path holds only
 * digits and '/', so the prefix has no wildcard in it and needs no escape. */
int org_subtree_parse(struct ectx *c, const char *name, const char *value,
		      struct org_subtree *f, struct verr *err)
{
	const char *path;
	struct db_stmt *st = NULL;
	int vis, rc = -1;

	memset(f, 0, sizeof(*f));
	if (!value || !*value)
		return 0;
	f->org = entity_parse_id(value);
	if (!f->org) {
		ent_field_error(err, 400, "validation", name, "所属单位的筛选值不正确");
		goto out;
	}
	vis = scope_row_visible(c, f->org);
	if (vis < 0)
		goto internal;
	if (!vis) {
		ent_field_error(err, 404, "not_found", name, "所选单位不存在");
		goto out;
	}
	st = db_prepare(c->db, "SELECT path FROM org WHERE id = ?");
	if (!st || db_bind_int64(st, 1, f->org) < 0 || db_step(st) != DB_ROW ||
	    !(path = db_col_text(st, 0)))
		goto internal;
	f->path = arena_strdup(c->arena, path);
	f->like = arena_printf(c->arena, "%s%%", path);
	rc = 0;
	goto out;
internal:
	log_err("org filter %" PRId64 ": %s", f->org, db_errmsg(c->db));
	ent_internal(err);
out:
	db_finalize(st);
	if (rc)
		memset(f, 0, sizeof(*f));
	return rc;
}

/* See entity.h. */
int org_subtree_param(struct req *r, struct ectx *c, const char *name, struct org_subtree *f,
		      struct verr *err)
{
	if (!name)
		name = "org_id";
	return org_subtree_parse(c, name, req_query(r, name), f, err);
}

/* See entity.h. col is a constant of the caller's SQL, never request text. */
void org_subtree_sql(struct buf *sql, const struct org_subtree *f, const char *col)
{
	if (f->org)
		buf_printf(sql, " AND %s IN (SELECT org_sub.id FROM org org_sub"
			   " WHERE org_sub.path LIKE ?)", col);
}

/* See entity.h. */
int org_subtree_bind(struct db_stmt *st, const struct org_subtree *f, int *idx)
{
	if (!f->org)
		return 0;
	return db_bind_text(st, (*idx)++, f->like) < 0 ? -1 : 0;
}
