/*
 * audit.c — the audit log (DESIGN.md §3: every write goes to audit_log with who,
 * when, entity, id, action and before/after JSON) and its read-only entity "audit"
 * so admins and regulators can list it with the generic list (GET /api/audit).
 *
 * An audit row belongs to the org of the row written, so a regulator sees the audit
 * rows of the enterprises it supervises and an enterprise sees its own. Secret
 * fields (F_SECRET) never reach the log.
 *
 * GET /api/audit is the generic list plus, per row, what a person reads (issue 12
 * "The audit log"), all from the declarations so every entity is covered:
 *   entity_label   the entity's label (操作日志 of "hazard" → 隐患);
 *   action_label   新增 / 修改 / 删除, a declared workflow action's label (验收销号),
 *                  or a core write's name (修改密码 …); the code when unknown;
 *   operator_name, operator_org   the user's 姓名 and org name ("系统" for none);
 *   changes        [{field, label, before, after}] for each declared field whose
 *                  value differs, in declaration order, the values as the screens
 *                  show them: enum labels, the referenced row's name, money in
 *                  yuan, 是/否, attachment names; null when empty.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "../core/util.h"
#include "../core/arena.h"
#include "../core/buf.h"
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

/* ------------------------------------------------------- the list, in Chinese */

/* Names of the actions the core and the account module write themselves; declared
 * workflow actions carry their own labels. */
static const struct enum_opt audit_core_actions[] = {
	{ "create", "新增" },
	{ "update", "修改" },
	{ "delete", "删除" },
	{ "upload", "上传附件" },
	{ "password", "修改密码" },
	{ "reset-password", "重置密码" },
	{ "login", "登录" },
	{ "logout", "退出登录" },
	{ "import", "导入" },
	{ "regrade", "重新定级" },
	{ "test", "发送测试消息" },
	{ NULL, NULL }
};

/* Entities written to the log that are not declared entities. */
static const struct enum_opt audit_core_entities[] = {
	{ "file", "附件" },
	{ NULL, NULL }
};

static const char *audit_opt(const struct enum_opt *o, const char *code)
{
	for (; o && o->code; o++)
		if (code && strcmp(o->code, code) == 0)
			return o->label;
	return NULL;
}

/* The Chinese name of action on entity e (NULL e: not declared). */
static const char *audit_action_label(const struct entity_def *e, const char *action)
{
	const char *l;

	if (!action)
		return NULL;
	if (e && e->workflow) {
		const struct wf_action *a = wf_action_find(e->workflow, action);
		if (a && a->label)
			return a->label;
	}
	l = audit_opt(audit_core_actions, action);
	return l ? l : action;
}

/* The display name of row id of the entity ref names ("#id" when it has none, or
 * when the row is gone); arena string. */
static const char *audit_ref_name(struct ectx *c, const char *ref, int64_t id)
{
	const struct entity_def *t = entity_find(ref);
	const char *col = t ? ent_display(t) : NULL;
	const struct field_def *df = (t && col) ? entity_field(t, col) : NULL;
	const char *name = NULL;
	struct db_stmt *st;
	struct buf sql;

	/* display_field may be "id" or a stored column; a virtual one is not read */
	if (t && col && (!df || !df->expr) && ent_ident_ok(col) && ent_ident_ok(t->table)) {
		buf_init(&sql, 0);
		buf_printf(&sql, "SELECT %s FROM %s WHERE id = ?", col, t->table);
		st = sql.err ? NULL : db_prepare(c->db, sql.p);
		if (st && db_bind_int64(st, 1, id) == 0 && db_step(st) == DB_ROW)
			name = arena_strdup(c->arena, db_col_text(st, 0));
		db_finalize(st);
		buf_release(&sql);
	}
	return name && *name ? name : arena_printf(c->arena, "#%lld", (long long)id);
}

/* The names of the attachments of a files value (stored array of ids). */
static const char *audit_files(struct ectx *c, const json_t *v)
{
	struct db_stmt *st = db_prepare(c->db, "SELECT name FROM file WHERE id = ?");
	struct buf b;
	const char *out;
	size_t i;
	json_t *x;

	buf_init(&b, 0);
	json_array_foreach(v, i, x) {
		const char *n = NULL;
		if (!json_is_integer(x))
			continue;
		if (st && db_reset(st) == 0 && db_bind_int64(st, 1, json_integer_value(x)) == 0 &&
		    db_step(st) == DB_ROW)
			n = db_col_text(st, 0);
		buf_printf(&b, "%s%s", b.len ? "、" : "", n && *n ? n : "附件");
	}
	db_finalize(st);
	out = b.len ? arena_strdup(c->arena, b.p) : NULL;
	buf_release(&b);
	return out;
}

/* "1234567.50" as people write it: "1,234,567.50 元" (arena string). */
static const char *audit_grouped(struct ectx *c, const char *m)
{
	const char *dot = strchr(m, '.'), *d = m + (*m == '-');
	size_t n = dot ? (size_t)(dot - d) : strlen(d), i;
	struct buf b;
	const char *out;

	buf_init(&b, 0);
	if (d != m)
		buf_printf(&b, "-");
	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf_printf(&b, ",");
		buf_printf(&b, "%c", d[i]);
	}
	buf_printf(&b, "%s 元", dot ? dot : "");
	out = arena_strdup(c->arena, b.err ? m : b.p);
	buf_release(&b);
	return out;
}

/* Value v (stored form) of field f of e as the screens show it; NULL when empty. */
static const char *audit_show(struct ectx *c, const struct entity_def *e,
			      const struct field_def *f, const json_t *v)
{
	char m[32];
	const char *l;

	if (!v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v)) ||
	    (json_is_array(v) && json_array_size(v) == 0))
		return NULL;
	switch (f->type) {
	case FT_BOOL:
		return json_is_true(v) || (json_is_integer(v) && json_integer_value(v)) ? "是" : "否";
	case FT_MONEY:
		if (!json_is_integer(v))
			break;
		ent_money_str(json_integer_value(v), m);
		return audit_grouped(c, m);
	case FT_ENUM:
		l = audit_opt(f->opts, json_string_value(v));
		if (!l && e->workflow && strcmp(e->workflow->status_field, f->name) == 0)
			l = wf_state_label(e->workflow, json_string_value(v));
		return l ? l : json_string_value(v);
	case FT_REF:
		if (json_is_integer(v) && f->ref)
			return audit_ref_name(c, f->ref, json_integer_value(v));
		break;
	case FT_FILES:
		if (json_is_array(v))
			return audit_files(c, v);
		break;
	default:
		break;
	}
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return arena_printf(c->arena, "%lld", (long long)json_integer_value(v));
	if (json_is_real(v))
		return arena_printf(c->arena, "%.10g", json_real_value(v));
	if (json_is_boolean(v))
		return json_is_true(v) ? "是" : "否";
	return NULL;
}

/* "changes": each declared, non-secret field whose value differs between the
 * stored before and after texts, with both values shown. */
static void audit_changes(struct ectx *c, const struct entity_def *e, const char *bs,
			  const char *as, struct jw *w)
{
	json_t *b = bs ? json_loads(bs, 0, NULL) : NULL;
	json_t *a = as ? json_loads(as, 0, NULL) : NULL;
	size_t i;

	jw_key(w, "changes");
	jw_arr_begin(w);
	for (i = 0; e && i < e->nfields; i++) {
		const struct field_def *f = &e->fields[i];
		const json_t *bv = json_is_object(b) ? json_object_get(b, f->name) : NULL;
		const json_t *av = json_is_object(a) ? json_object_get(a, f->name) : NULL;
		const char *bt, *at;

		if (f->expr || (f->flags & F_SECRET) || (!bv && !av))
			continue;
		if (bv && av && json_equal(bv, av))
			continue;
		bt = audit_show(c, e, f, bv);
		at = audit_show(c, e, f, av);
		if (!bt && !at)
			continue;
		if (bt && at && strcmp(bt, at) == 0)
			continue;
		jw_obj_begin(w);
		jw_kstr(w, "field", f->name);
		jw_kstr(w, "label", f->label);
		jw_kstr(w, "before", bt);
		jw_kstr(w, "after", at);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	json_decref(b);
	json_decref(a);
}

/* The extra members of one audit row (see the header comment). */
static int audit_row_extra(struct ectx *c, struct lplan *p, struct db_stmt *st, struct jw *w)
{
	const char *entity = NULL, *action = NULL, *bj = NULL, *aj = NULL;
	const char *uname = NULL, *uorg = NULL;
	const struct entity_def *e;
	struct db_stmt *u;
	int64_t user = 0;
	int i;

	for (i = 0; i < p->ncols; i++) {
		const char *n = p->cols[i].f->name;
		int col = p->cols[i].col;
		if (strcmp(n, "entity") == 0)
			entity = arena_strdup(c->arena, db_col_text(st, col));
		else if (strcmp(n, "action") == 0)
			action = arena_strdup(c->arena, db_col_text(st, col));
		else if (strcmp(n, "before_json") == 0)
			bj = db_col_text(st, col);
		else if (strcmp(n, "after_json") == 0)
			aj = db_col_text(st, col);
		else if (strcmp(n, "user_id") == 0 && !db_col_isnull(st, col))
			user = db_col_int64(st, col);
	}
	e = entity ? entity_find(entity) : NULL;
	jw_kstr(w, "entity_label", e ? e->label :
		(audit_opt(audit_core_entities, entity) ? audit_opt(audit_core_entities, entity) : entity));
	jw_kstr(w, "action_label", audit_action_label(e, action));
	audit_changes(c, e, bj, aj, w);
	if (user > 0) {
		u = db_prepare(c->db, "SELECT u.name, o.name FROM users u "
			       "LEFT JOIN org o ON o.id = u.org_id WHERE u.id = ?");
		if (!u)
			return -1;
		if (db_bind_int64(u, 1, user) == 0 && db_step(u) == DB_ROW) {
			uname = arena_strdup(c->arena, db_col_text(u, 0));
			uorg = arena_strdup(c->arena, db_col_text(u, 1));
		}
		db_finalize(u);
	}
	jw_kstr(w, "operator_name", user > 0 ? uname : "系统");
	jw_kstr(w, "operator_org", uorg);
	return 0;
}

/* GET /api/audit: the generic list of the log with the names above. */
int audit_h_list(struct req *r, struct resp *s)
{
	return ent_list_send(r, s, &audit_entity, audit_row_extra);
}
