/*
 * audit.c — the audit log (DESIGN.md §3: every write goes to audit_log with who,
 * when, entity, id, action and before/after JSON) and its read-only entity "audit"
 * so admins and regulators can list it with the generic list (GET /api/audit).
 *
 * An audit row belongs to the org of the row written, so a regulator sees the audit
 * rows of the enterprises it supervises and an enterprise sees its own. Secret
 * fields (F_SECRET) never reach the log.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "../core/util.h"
#include "../db/db.h"

static const struct field_def audit_fields[] = {
	{ .name = "at", .label = "时间", .type = FT_DATETIME,
	  .flags = F_LIST | F_SORT | F_RANGE | F_READONLY },
	{ .name = "user_id", .label = "用户编号", .type = FT_INT,
	  .flags = F_FILTER | F_READONLY },
	{ .name = "username", .label = "用户名", .type = FT_TEXT,
	  .flags = F_LIST | F_SEARCH | F_READONLY },
	{ .name = "entity", .label = "对象", .type = FT_TEXT,
	  .flags = F_LIST | F_FILTER | F_READONLY },
	{ .name = "entity_id", .label = "记录编号", .type = FT_INT,
	  .flags = F_LIST | F_FILTER | F_READONLY },
	{ .name = "action", .label = "操作", .type = FT_TEXT,
	  .flags = F_LIST | F_FILTER | F_READONLY },
	{ .name = "before_json", .label = "修改前", .type = FT_LONGTEXT, .max_len = 1000000,
	  .flags = F_READONLY },
	{ .name = "after_json", .label = "修改后", .type = FT_LONGTEXT, .max_len = 1000000,
	  .flags = F_READONLY },
};

static const struct entity_def audit_entity = {
	.name = "audit",
	.table = "audit_log",
	.label = "操作日志",
	.fields = audit_fields,
	.nfields = sizeof(audit_fields) / sizeof(audit_fields[0]),
	.flags = E_NO_CREATE | E_NO_UPDATE | E_NO_DELETE | E_NO_AUDIT,
	.read_roles = (1u << ROLE_ADMIN) | (1u << ROLE_REGULATOR),
	.write_roles = 1u << ROLE_ADMIN,
	.display_field = "action",
	.default_sort = "-id",
};

/* Registers the "audit" entity (idempotent). */
void audit_register(void)
{
	entity_register(&audit_entity);
}

/* JSON text of v without the entity's secret fields; NULL for NULL. Caller frees. */
static char *audit_dump(const struct entity_def *e, const json_t *v)
{
	json_t *copy;
	char *s;

	if (!v)
		return NULL;
	copy = json_deep_copy(v);
	if (e && json_is_object(copy))
		ent_strip_secret(e, copy);
	s = json_dumps(copy, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(copy);
	return s;
}

/* The owning org of a logged row (scope column of after, else before). */
static int64_t audit_org(const struct entity_def *e, const json_t *before, const json_t *after)
{
	const char *col = e ? ent_scope_col(e) : "org_id";
	const json_t *v = NULL;

	if (after)
		v = json_object_get(after, col);
	if (!json_is_integer(v) && before)
		v = json_object_get(before, col);
	if (!json_is_integer(v) && after)
		v = json_object_get(after, "org_id");
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

/* Appends one audit_log row. action: create | update | delete | a verb. */
int audit_write(struct ectx *c, const char *entity, int64_t id, const char *action,
		const json_t *before, const json_t *after)
{
	const struct entity_def *e = entity_find(entity);
	struct db_stmt *st = NULL;
	char at[20], *bj = NULL, *aj = NULL;
	int64_t org;
	int rc = -1;

	time_datetime(now_utc(), at);
	org = audit_org(e, before, after);
	bj = audit_dump(e, before);
	aj = audit_dump(e, after);
	st = db_prepare(c->db,
		"INSERT INTO audit_log (org_id, at, user_id, username, entity, entity_id, action, "
		"before_json, after_json, created_at, updated_at, created_by, updated_by) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		goto out;
	if ((org > 0 ? db_bind_int64(st, 1, org) : db_bind_null(st, 1)) < 0 ||
	    db_bind_text(st, 2, at) < 0 ||
	    (c->user ? db_bind_int64(st, 3, c->user->id) : db_bind_null(st, 3)) < 0 ||
	    db_bind_text(st, 4, c->user ? c->user->username : "system") < 0 ||
	    db_bind_text(st, 5, entity) < 0 ||
	    (id > 0 ? db_bind_int64(st, 6, id) : db_bind_null(st, 6)) < 0 ||
	    db_bind_text(st, 7, action) < 0 ||
	    db_bind_text(st, 8, bj) < 0 || db_bind_text(st, 9, aj) < 0 ||
	    db_bind_text(st, 10, at) < 0 || db_bind_text(st, 11, at) < 0 ||
	    (c->user ? db_bind_int64(st, 12, c->user->id) : db_bind_null(st, 12)) < 0 ||
	    (c->user ? db_bind_int64(st, 13, c->user->id) : db_bind_null(st, 13)) < 0)
		goto out;
	if (db_step(st) != DB_DONE)
		goto out;
	rc = 0;
out:
	if (rc < 0)
		log_err("audit_write %s %lld: %s", entity, (long long)id, db_errmsg(c->db));
	db_finalize(st);
	free(bj);
	free(aj);
	return rc;
}
