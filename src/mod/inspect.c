/*
 * inspect.c — checklist templates, inspection plans and their occurrences, the
 * shipped lists, the duties and the module's registration (see inspect.h).
 *
 * Templates are versioned: saving the items of a template that an inspection has
 * used makes a new version (same family, version + 1, the old one no longer
 * current) and leaves the old version — and every inspection made with it — as it
 * was; an inspection also copies its items when it starts, so nothing done to a
 * template later reaches a past inspection.
 *
 * A plan (owner, checklist, frequency, scope) yields one inspection_task per period
 * (rules/inspect.c insp_period) from its start on, up to the current period; each
 * task is an obligation of the enterprise (duty inspection_plan_task), done when an
 * inspection of the plan dated in the period is finished, overdue after its due day.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "entity/obligation.h"
#include "http/http.h"
#include "mod/inspect.h"
#include "mod/inspect_int.h"
#include "mod/mod.h"
#include "rules/inspect.h"

int in_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int in_role(const struct ectx *c, unsigned mask)
{
	return !c->user || (mask & RB(c->user->role));
}

int in_internal(struct verr *e)
{
	verr_set(e, 500, "internal", "服务器内部错误");
	return -1;
}

/* ---------------------------------------------------------------- options */

static const struct enum_opt cl_kind_opts[] = {
	{"duty25", "六大责任25条"},
	{"principal7", "主要负责人职责"},
	{"six_one", "六个一活动"},
	{"criteria", "重大隐患判定标准深度检查"},
	{"custom", "自定义"},
	{NULL, NULL}
};

const struct enum_opt insp_kind_opts[] = {
	{"self", "企业自查"},
	{"principal_major", "主要负责人带队重大隐患检查"},
	{"routine", "日常/计划检查"},
	{"expert", "专家深度检查"},
	{"regulator", "监管执法检查"},
	{NULL, NULL}
};

static const struct enum_opt freq_opts[] = {
	{"daily", "每日"},
	{"weekly", "每周"},
	{"monthly", "每月"},
	{"quarterly", "每季度"},
	{"seasonal", "季节性"},
	{"holiday", "节假日前"},
	{"special", "专项"},
	{NULL, NULL}
};

static const struct enum_opt scope_opts[] = {
	{"enterprise", "全企业"},
	{"unit", "车间/班组"},
	{"outlet", "网点"},
	{"contractor", "相关方作业现场"},
	{NULL, NULL}
};

/* ------------------------------------------------------------ checklists */

static int cl_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			   const json_t *old, struct verr *e);
static int cl_after_write(struct ectx *c, enum entity_action a, int64_t id,
			  const json_t *before, const json_t *after, struct verr *e);

static const struct field_def cl_fields[] = {
	{.name = "code", .label = "内置编号", .type = FT_TEXT, .max_len = 40,
	 .flags = F_READONLY | F_FILTER | F_HIDDEN},
	{.name = "name", .label = "检查表名称", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "kind", .label = "类型", .type = FT_ENUM, .opts = cl_kind_opts,
	 .flags = F_FILTER | F_LIST},
	{.name = "description", .label = "说明", .type = FT_LONGTEXT},
	{.name = "version", .label = "版本", .type = FT_INT, .flags = F_READONLY | F_LIST | F_SORT},
	{.name = "family_id", .label = "版本族", .type = FT_INT,
	 .flags = F_READONLY | F_FILTER | F_HIDDEN},
	{.name = "is_current", .label = "现行版本", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "owner_org_id", .label = "制定单位", .type = FT_REF, .ref = "org",
	 .flags = F_READONLY | F_FILTER | F_LIST, .help = "为空表示平台内置"},
	{.name = "item_count", .label = "检查项数", .type = FT_INT, .flags = F_READONLY | F_LIST},
};

const struct entity_def checklist_def = {
	.name = "checklist", .table = "checklist", .label = "检查表",
	.fields = cl_fields, .nfields = ARRAY_SIZE(cl_fields),
	.flags = E_NO_ORG | E_NO_DELETE,
	.write_roles = IN_AUTHORS,
	.display_field = "name", .default_sort = "id",
	.before_write = cl_before_write, .after_write = cl_after_write,
};

static const struct field_def item_fields[] = {
	{.name = "checklist_id", .label = "检查表", .type = FT_REF, .ref = "checklist",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "seq", .label = "序号", .type = FT_INT, .min = 0, .max = 100000,
	 .flags = F_SORT | F_LIST},
	{.name = "group_name", .label = "分组", .type = FT_TEXT, .max_len = 100, .flags = F_LIST},
	{.name = "text", .label = "检查内容", .type = FT_LONGTEXT, .max_len = 2000,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "basis", .label = "检查依据", .type = FT_TEXT, .max_len = 500, .flags = F_LIST},
	{.name = "method", .label = "检查方法", .type = FT_TEXT, .max_len = 500},
	{.name = "evidence", .label = "应查证材料", .type = FT_TEXT, .max_len = 500},
	{.name = "criterion_id", .label = "对应重大隐患判定标准条款", .type = FT_REF,
	 .ref = "hazard_criterion", .flags = F_LIST,
	 .help = "不符合即构成重大事故隐患时选择所对应的判定标准条款"},
};

const struct entity_def checklist_item_def = {
	.name = "checklist_item", .table = "checklist_item", .label = "检查项",
	.fields = item_fields, .nfields = ARRAY_SIZE(item_fields),
	.flags = E_NO_ORG | E_NO_CREATE | E_NO_UPDATE | E_NO_DELETE,
	.write_roles = RB(ROLE_ADMIN),
	.display_field = "text", .default_sort = "seq",
};

/* 403 unless c may edit template row (its owner org's authors, or the admin; a
 * shipped template only the admin); 409 for an old version. */
static int cl_may_edit(struct ectx *c, const json_t *row, struct verr *e)
{
	if (!row_bool(row, "is_current")) {
		verr_set(e, 409, "bad_state", "历史版本不能修改，请修改现行版本");
		return -1;
	}
	if (!c->user || c->user->role == ROLE_ADMIN)
		return 0;
	if (!row_int(row, "owner_org_id") || row_int(row, "owner_org_id") != c->user->org_id) {
		verr_set(e, 403, "forbidden", row_int(row, "owner_org_id") ?
			 "只能修改本单位制定的检查表" : "平台内置检查表不能修改，可复制后另行制定");
		return -1;
	}
	return 0;
}

static int cl_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			   const json_t *old, struct verr *e)
{
	if (a == EA_UPDATE) {
		static const char *const keep[] = { "code", "version", "family_id", "is_current",
			"owner_org_id", "item_count", NULL };
		if (cl_may_edit(c, old, e) != 0)
			return -1;
		for (int i = 0; keep[i]; i++)
			json_object_set(obj, keep[i], json_object_get(old, keep[i]));
		return 0;
	}
	if (a != EA_CREATE)
		return 0;
	if (!row_str(obj, "kind"))
		json_object_set_new(obj, "kind", json_string("custom"));
	json_object_set_new(obj, "version", json_integer(1));
	json_object_set_new(obj, "is_current", json_true());
	json_object_set_new(obj, "item_count", json_integer(0));
	json_object_set_new(obj, "owner_org_id", c->user ? json_integer(c->user->org_id) : json_null());
	return 0;
}

/* A new template is the first of its family. */
static int cl_after_write(struct ectx *c, enum entity_action a, int64_t id,
			  const json_t *before, const json_t *after, struct verr *e)
{
	json_t *set;
	int rc;

	if (a != EA_CREATE || row_int(after, "family_id"))
		return 0;
	set = json_pack("{s:I}", "family_id", (json_int_t)id);
	rc = entity_set_tx(c, &checklist_def, id, NULL, set, NULL, e);
	json_decref(set);
	return rc < 0 ? -1 : 0;
}

/* Inserts item i of a list (validated) under checklist id. */
static int cl_item_add(struct ectx *c, int64_t id, int seq, json_t *item, struct verr *e)
{
	int64_t r;

	json_object_set_new(item, "checklist_id", json_integer(id));
	json_object_set_new(item, "seq", json_integer(seq));
	r = entity_sys_create_tx(c, &checklist_item_def, item, e);
	return r < 0 ? -1 : 0;
}

/*
 * PUT /api/checklist/:id/items {name?, items:[{group_name, text, basis, method,
 * evidence, criterion_id}]} — replaces the items of a current template. When an
 * inspection has used it, the items go into a new version instead (the old one
 * stays as it was, no longer current) and the answer is the new version (201).
 */
static int cl_h_items(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	struct verr e;
	int64_t id = req_param_id(r, 0), used = 0, target;
	json_t *row = NULL, *items = json_object_get(r->json, "items"), *norm = NULL;
	const char *k;
	json_t *x;
	int status = 200;

	verr_init(&e, &r->arena);
	row = id ? entity_get(&c, &checklist_def, id) : NULL;
	if (!row)
		return http_not_found(s);
	json_object_foreach(r->json, k, x)
		if (strcmp(k, "items") && strcmp(k, "name"))
			verr_add(&e, k, "未知字段: %s", k);
	if (!json_is_array(items) || json_array_size(items) == 0)
		verr_add(&e, "items", "请至少填写一项检查内容");
	else if (json_array_size(items) > 500)
		verr_add(&e, "items", "检查项不能超过500项");
	if (e.status || cl_may_edit(&c, row, &e) != 0)
		goto fail;
	/* validate every item first: nothing is written when one is wrong */
	norm = json_array();
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i), *o = json_object();
		if (!json_is_object(it)) {
			verr_add(&e, "items", "第%zu项格式不正确", i + 1);
			json_decref(o);
			continue;
		}
		json_object_foreach(it, k, x) {
			const struct field_def *f = entity_field(&checklist_item_def, k);
			json_t *v = NULL;
			if (!f || !strcmp(k, "checklist_id") || !strcmp(k, "seq")) {
				if (strcmp(k, "id") && strcmp(k, "checklist_id") && strcmp(k, "seq"))
					verr_add(&e, "items", "第%zu项：未知字段 %s", i + 1, k);
				continue;
			}
			if (field_validate(f, x, &v, &e) != 0) {
				e.field = "items";
				e.message = arena_printf(&r->arena, "第%zu项：%s", i + 1, e.message);
				continue;
			}
			json_object_set_new(o, k, v);
		}
		if (!row_str(o, "text"))
			verr_add(&e, "items", "第%zu项：请填写检查内容", i + 1);
		json_array_append_new(norm, o);
	}
	if (json_object_get(r->json, "name") && !(json_is_string(json_object_get(r->json, "name")) &&
						   json_string_length(json_object_get(r->json, "name"))))
		verr_add(&e, "name", "请填写检查表名称");
	if (e.status)
		goto fail;
	if (db_begin(r->db) != 0)
		goto internal;
	if (db_query_int64p(r->db, "SELECT COUNT(*) FROM inspection WHERE checklist_id = ?", id,
			    &used, 0) != 0)
		goto rollback;
	target = id;
	if (used) {
		/* a new version of the family; the used one stays as it was */
		json_t *nv = json_pack("{s:O, s:O, s:O}", "name",
				       json_object_get(r->json, "name") ? json_object_get(r->json, "name") :
				       json_object_get(row, "name"), "kind", json_object_get(row, "kind"),
				       "description", json_object_get(row, "description"));
		json_t *set;
		target = entity_sys_create_tx(&c, &checklist_def, nv, &e);
		json_decref(nv);
		if (target < 0)
			goto rollback;
		set = json_pack("{s:O, s:I, s:O, s:O}", "family_id", json_object_get(row, "family_id"),
				"version", (json_int_t)(row_int(row, "version") + 1),
				"owner_org_id", json_object_get(row, "owner_org_id"),
				"code", json_object_get(row, "code"));
		if (entity_set_tx(&c, &checklist_def, target, NULL, set, NULL, &e) < 0) {
			json_decref(set);
			goto rollback;
		}
		json_decref(set);
		set = json_pack("{s:b}", "is_current", 0);
		if (entity_set_tx(&c, &checklist_def, id, NULL, set, "supersede", &e) < 0) {
			json_decref(set);
			goto rollback;
		}
		json_decref(set);
		status = 201;
	} else {
		struct db_stmt *st = db_prepare(r->db, "DELETE FROM checklist_item WHERE checklist_id = ?");
		int ok = st && !db_bind_int64(st, 1, id) && db_step(st) == DB_DONE;
		db_finalize(st);
		if (!ok)
			goto rollback_internal;
		if (json_object_get(r->json, "name")) {
			json_t *set = json_pack("{s:O}", "name", json_object_get(r->json, "name"));
			int rc = entity_set_tx(&c, &checklist_def, id, NULL, set, "update", &e);
			json_decref(set);
			if (rc < 0)
				goto rollback;
		}
	}
	for (size_t i = 0; i < json_array_size(norm); i++)
		if (cl_item_add(&c, target, (int)i + 1, json_array_get(norm, i), &e) != 0)
			goto rollback;
	{
		json_t *set = json_pack("{s:I}", "item_count", (json_int_t)json_array_size(norm));
		int rc = entity_set_tx(&c, &checklist_def, target, NULL, set, "items", &e);
		json_decref(set);
		if (rc < 0)
			goto rollback;
	}
	if (db_commit(r->db) != 0)
		goto rollback_internal;
	json_decref(row);
	json_decref(norm);
	return entity_send(&c, &checklist_def, target, status, s);
rollback_internal:
	in_internal(&e);
rollback:
	db_rollback(r->db);
	goto fail;
internal:
	in_internal(&e);
fail:
	json_decref(row);
	json_decref(norm);
	return verr_send(&e, s);
}

/* ---------------------------------------------------------- the shipped lists */

static int64_t shipped_id(struct db *db, const char *code)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM checklist WHERE code = ? AND version = 1");
	int64_t id = -1;

	if (st && !db_bind_text(st, 1, code)) {
		int rc = db_step(st);
		id = rc == DB_ROW ? db_col_int64(st, 0) : rc == DB_DONE ? 0 : -1;
	}
	db_finalize(st);
	return id;
}

static int exec_item(struct db *db, int64_t cl, int seq, const char *group, const char *text,
		     const char *basis, const char *method, const char *evidence, int64_t crit,
		     const char *now)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO checklist_item (checklist_id, seq, group_name, text, basis, method,"
		" evidence, criterion_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int rc = -1;

	if (st && !db_bind_int64(st, 1, cl) && !db_bind_int64(st, 2, seq) &&
	    !db_bind_text(st, 3, group) && !db_bind_text(st, 4, text) && !db_bind_text(st, 5, basis) &&
	    !db_bind_text(st, 6, method) && !db_bind_text(st, 7, evidence) &&
	    !(crit ? db_bind_int64(st, 8, crit) : db_bind_null(st, 8)) &&
	    !db_bind_text(st, 9, now) && !db_bind_text(st, 10, now) && db_step(st) == DB_DONE)
		rc = 0;
	db_finalize(st);
	return rc;
}

/* One shipped list: the template row and its items, only when absent (by code). */
static int ship_one(struct db *db, const struct insp_checklist *l, const char *now)
{
	struct db_stmt *st;
	int64_t id = shipped_id(db, l->code), n = 0;
	int rc = -1;

	if (id != 0)
		return id < 0 ? -1 : 0;
	st = db_prepare(db, "INSERT INTO checklist (code, name, kind, description, version, is_current,"
			" item_count, created_at, updated_at) VALUES (?, ?, ?, ?, 1, 1, 0, ?, ?)");
	if (!st || db_bind_text(st, 1, l->code) || db_bind_text(st, 2, l->name) ||
	    db_bind_text(st, 3, l->kind) || db_bind_text(st, 4, l->description) ||
	    db_bind_text(st, 5, now) || db_bind_text(st, 6, now) || db_step(st) != DB_DONE) {
		db_finalize(st);
		return -1;
	}
	db_finalize(st);
	if ((id = shipped_id(db, l->code)) <= 0)
		return -1;
	if (l->items) {
		for (size_t i = 0; i < l->nitems; i++)
			if (exec_item(db, id, (int)i + 1, l->items[i].group, l->items[i].text,
				      l->items[i].basis, l->items[i].method, l->items[i].evidence, 0, now))
				return -1;
		n = (int64_t)l->nitems;
	} else {
		/* 令第10号 as a deep check: one item per active catalogue row */
		st = db_prepare(db, "SELECT id, part, article, item, text FROM hazard_criterion"
				" WHERE standard = 'gm10' AND active = 1 ORDER BY seq");
		if (!st)
			return -1;
		while ((rc = db_step(st)) == DB_ROW) {
			const char *art = db_col_text(st, 2), *it = db_col_text(st, 3);
			char basis[160];
			snprintf(basis, sizeof(basis), "应急管理部令第10号 %s%s", art ? art : "", it ? it : "");
			if (exec_item(db, id, (int)++n, db_col_text(st, 1), db_col_text(st, 4), basis,
				      "专家现场检查、查阅资料", "检查记录、现场照片", db_col_int64(st, 0), now)) {
				db_finalize(st);
				return -1;
			}
		}
		db_finalize(st);
		if (rc != DB_DONE)
			return -1;
	}
	st = db_prepare(db, "UPDATE checklist SET family_id = id, item_count = ? WHERE id = ?");
	rc = st && !db_bind_int64(st, 1, n) && !db_bind_int64(st, 2, id) && db_step(st) == DB_DONE ? 0 : -1;
	db_finalize(st);
	return rc;
}

/* The module's schema hook: the shipped lists (idempotent, by code) and the indexes
 * of its lookups. */
int inspect_schema(struct db *db)
{
	static const char *const idx[] = {
		"CREATE INDEX IF NOT EXISTS inspection_checklist_idx ON inspection (checklist_id)",
		"CREATE INDEX IF NOT EXISTS inspection_task_plan_idx ON inspection_task (plan_id, period_start)",
		"CREATE INDEX IF NOT EXISTS inspection_result_insp_idx ON inspection_result (inspection_id, seq)",
		"CREATE INDEX IF NOT EXISTS checklist_item_cl_idx ON checklist_item (checklist_id, seq)",
		NULL
	};
	char now[20];

	entity_now(now);
	for (int i = 0; idx[i]; i++)
		if (db_exec(db, idx[i]) != 0)
			return -1;
	if (db_begin(db) != 0)
		return -1;
	for (size_t i = 0; i < insp_nshipped; i++)
		if (ship_one(db, &insp_shipped[i], now) != 0) {
			log_err("inspect: shipping checklist %s: %s", insp_shipped[i].code, db_errmsg(db));
			db_rollback(db);
			return -1;
		}
	return db_commit(db);
}

/* ------------------------------------------------------------------ plans */

static int plan_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e);
static int plan_after_write(struct ectx *c, enum entity_action a, int64_t id,
			    const json_t *before, const json_t *after, struct verr *e);

static const struct field_def plan_fields[] = {
	{.name = "name", .label = "计划名称", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "kind", .label = "检查类型", .type = FT_ENUM, .opts = insp_kind_opts,
	 .flags = F_FILTER | F_LIST},
	{.name = "checklist_id", .label = "检查表", .type = FT_REF, .ref = "checklist",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "frequency", .label = "检查频次", .type = FT_ENUM, .opts = freq_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "owner_id", .label = "负责人", .type = FT_REF, .ref = "user",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "scope_kind", .label = "检查范围", .type = FT_ENUM, .opts = scope_opts,
	 .flags = F_FILTER | F_LIST},
	{.name = "unit_id", .label = "车间/班组", .type = FT_REF, .ref = "org"},
	{.name = "outlet_id", .label = "网点", .type = FT_REF, .ref = "outlet"},
	{.name = "contractor_id", .label = "相关方", .type = FT_REF, .ref = "contractor"},
	{.name = "start_date", .label = "开始日期", .type = FT_DATE, .flags = F_REQUIRED | F_LIST | F_SORT},
	{.name = "end_date", .label = "结束日期", .type = FT_DATE, .flags = F_LIST,
	 .help = "节假日前/专项检查须填写，即检查期限"},
	{.name = "active", .label = "启用", .type = FT_BOOL, .flags = F_FILTER | F_LIST},
	{.name = "note", .label = "备注", .type = FT_LONGTEXT},
};

const struct entity_def plan_def = {
	.name = "inspection_plan", .table = "inspection_plan", .label = "检查计划",
	.fields = plan_fields, .nfields = ARRAY_SIZE(plan_fields),
	.flags = E_NO_DELETE,
	.write_roles = IN_MANAGERS,
	.display_field = "name", .default_sort = "-id",
	.before_write = plan_before_write, .after_write = plan_after_write,
};

static const struct field_def task_fields[] = {
	{.name = "plan_id", .label = "检查计划", .type = FT_REF, .ref = "inspection_plan",
	 .flags = F_FILTER | F_LIST | F_READONLY},
	{.name = "title", .label = "检查任务", .type = FT_TEXT, .max_len = 300,
	 .flags = F_LIST | F_SEARCH | F_READONLY},
	{.name = "period_start", .label = "周期开始", .type = FT_DATE, .flags = F_LIST | F_READONLY},
	{.name = "due_date", .label = "应完成日期", .type = FT_DATE,
	 .flags = F_LIST | F_SORT | F_RANGE | F_READONLY},
	{.name = "inspection_id", .label = "检查记录", .type = FT_REF, .ref = "inspection",
	 .flags = F_LIST | F_READONLY},
	{.name = "done_at", .label = "完成日期", .type = FT_DATE, .flags = F_LIST | F_READONLY},
	{.name = "cancelled", .label = "已取消", .type = FT_BOOL, .flags = F_FILTER | F_READONLY},
	{.name = "overdue", .label = "已逾期", .type = FT_BOOL, .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN t.inspection_id IS NULL AND COALESCE(t.cancelled, 0) = 0"
		 " AND t.due_date < {today} THEN 1 ELSE 0 END"},
};

const struct entity_def task_def = {
	.name = "inspection_task", .table = "inspection_task", .label = "检查任务",
	.fields = task_fields, .nfields = ARRAY_SIZE(task_fields),
	.flags = E_NO_CREATE | E_NO_UPDATE | E_NO_DELETE,
	.write_roles = RB(ROLE_ADMIN),
	.display_field = "title", .default_sort = "due_date",
};

/* A plan belongs to the enterprise of its org; its scope names one of that
 * enterprise's units, outlets or contractors; one-off plans need their date. */
static int plan_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e)
{
	int64_t ent, r;
	const char *sk, *sd = row_str(obj, "start_date"), *ed = row_str(obj, "end_date");
	enum insp_freq f = insp_freq_parse(row_str(obj, "frequency"));

	if (a == EA_DELETE)
		return 0;
	ent = a == EA_UPDATE ? row_int(old, "org_id") : org_enterprise_of(c->db, row_int(obj, "org_id"));
	if (ent < 0)
		return in_internal(e);
	if (!ent) {
		verr_add(e, "org_id", "请选择检查计划所属企业");
		return -1;
	}
	json_object_set_new(obj, "org_id", json_integer(ent));
	if (!json_object_get(obj, "active") || json_is_null(json_object_get(obj, "active")))
		json_object_set_new(obj, "active", json_true());
	if (!row_str(obj, "kind"))
		json_object_set_new(obj, "kind", json_string("routine"));
	if (in_same(row_str(obj, "kind"), "regulator"))
		verr_add(e, "kind", "监管执法检查通过执法计划开展，企业检查计划不能选择");
	sk = row_str(obj, "scope_kind");
	if (!sk)
		json_object_set_new(obj, "scope_kind", json_string(sk = "enterprise"));
	if (in_same(sk, "unit")) {
		if (!row_int(obj, "unit_id"))
			verr_add(e, "unit_id", "请选择检查的车间/班组");
		else if ((r = org_unit_in(c->db, row_int(obj, "unit_id"), ent)) <= 0) {
			if (r < 0)
				return in_internal(e);
			verr_add(e, "unit_id", "车间/班组须为本企业的内部单位");
		}
	} else if (in_same(sk, "outlet") || in_same(sk, "contractor")) {
		const char *fld = in_same(sk, "outlet") ? "outlet_id" : "contractor_id";
		int64_t oid = 0;
		if (!row_int(obj, fld))
			verr_add(e, fld, in_same(sk, "outlet") ? "请选择检查的网点" : "请选择检查的相关方");
		else if (db_query_int64p(c->db, in_same(sk, "outlet") ?
					 "SELECT org_id FROM outlet WHERE id = ?" :
					 "SELECT org_id FROM contractor WHERE id = ?",
					 row_int(obj, fld), &oid, 0) != 0)
			return in_internal(e);
		else if (oid != ent)
			verr_add(e, fld, in_same(sk, "outlet") ? "网点须为本企业的网点" : "相关方须为本企业的相关方");
	}
	if (!insp_freq_recurs(f) && f && !ed)
		verr_add(e, "end_date", "节假日前、专项检查须填写检查期限（结束日期）");
	if (sd && ed && strcmp(ed, sd) < 0)
		verr_add(e, "end_date", "结束日期不能早于开始日期");
	return e->status ? -1 : 0;
}

static int plan_after_write(struct ectx *c, enum entity_action a, int64_t id,
			    const json_t *before, const json_t *after, struct verr *e)
{
	if (a == EA_DELETE)
		return 0;
	if (a == EA_UPDATE) {
		/* the open tasks of periods not yet begun are cancelled when the plan
		 * stops or changes its frequency; the past stays as it was */
		char today[11];
		struct db_stmt *st;
		int step;
		entity_today(today);
		if (row_bool(after, "active") && in_same(row_str(before, "frequency"), row_str(after, "frequency")))
			return in_plan_tasks(c, id, e);
		st = db_prepare(c->db, "SELECT id FROM inspection_task WHERE plan_id = ?"
				" AND inspection_id IS NULL AND COALESCE(cancelled, 0) = 0 AND due_date >= ?");
		if (!st || db_bind_int64(st, 1, id) || db_bind_text(st, 2, today)) {
			db_finalize(st);
			return in_internal(e);
		}
		{
			int64_t ids[512];
			int n = 0;
			while ((step = db_step(st)) == DB_ROW && n < 512)
				ids[n++] = db_col_int64(st, 0);
			db_finalize(st);
			for (int i = 0; i < n; i++) {
				json_t *set = json_pack("{s:b}", "cancelled", 1);
				int rc = entity_set_tx(c, &task_def, ids[i], NULL, set, "cancel", e);
				json_decref(set);
				if (rc < 0)
					return -1;
			}
		}
	}
	return in_plan_tasks(c, id, e);
}

/* Creates the missing tasks of plan id: one per period from its start (at most
 * about 100 days back) through the current period, or the one task of a one-off
 * plan. Through the core, so the calendar follows. */
int in_plan_tasks(struct ectx *c, int64_t plan_id, struct verr *e)
{
	json_t *p = entity_get(&(struct ectx){ .db = c->db, .arena = c->arena }, &plan_def, plan_id);
	char today[11], d[11], first[11], last[11], back[11];
	enum insp_freq f;
	int64_t days;
	int rc = -1, guard = 0;

	if (!p)
		return in_internal(e);
	if (!row_bool(p, "active")) {
		json_decref(p);
		return 0;
	}
	entity_today(today);
	f = insp_freq_parse(row_str(p, "frequency"));
	if (date_parse(today, &days) != 0)
		goto out;
	time_date((time_t)((days - 100) * 86400), back);
	snprintf(d, sizeof(d), "%s", strcmp(row_str(p, "start_date"), back) < 0 ? back : row_str(p, "start_date"));
	for (;;) {
		int64_t have = 0;
		json_t *t;
		const char *end = row_str(p, "end_date");
		if (insp_freq_recurs(f)) {
			if (insp_period(f, d, first, last) != 0)
				goto out;
			if (strcmp(first, today) > 0 || (end && strcmp(first, end) > 0) || ++guard > 200)
				break;
		} else {
			snprintf(first, sizeof(first), "%s", row_str(p, "start_date"));
			snprintf(last, sizeof(last), "%s", end ? end : first);
		}
		{
			struct db_stmt *st = db_prepare(c->db, "SELECT COUNT(*) FROM inspection_task"
							" WHERE plan_id = ? AND period_start = ?");
			int ok = st && !db_bind_int64(st, 1, plan_id) && !db_bind_text(st, 2, first) &&
				 db_step(st) == DB_ROW;
			have = ok ? db_col_int64(st, 0) : -1;
			db_finalize(st);
			if (have < 0)
				goto out;
		}
		if (!have) {
			struct ectx sys = { .db = c->db, .user = c->user, .arena = c->arena, .sys = 1 };
			t = json_pack("{s:I, s:s, s:s, s:s, s:I, s:b}", "plan_id", (json_int_t)plan_id,
				      "title", arena_printf(c->arena, "%s（%s至%s）", row_str(p, "name"), first, last),
				      "period_start", first, "due_date", last,
				      "org_id", (json_int_t)row_int(p, "org_id"), "cancelled", 0);
			if (entity_sys_create_tx(&sys, &task_def, t, e) < 0) {
				json_decref(t);
				json_decref(p);
				return -1;
			}
			json_decref(t);
		}
		if (!insp_freq_recurs(f) || insp_next_day(last, d) != 0)
			break;
	}
	rc = 0;
out:
	json_decref(p);
	return rc ? in_internal(e) : 0;
}

/* The open task of plan_id whose period holds date (the earliest open one for a
 * one-off plan) is done by inspection_id. None: nothing to do. */
int in_task_close(struct ectx *c, int64_t plan_id, const char *date, int64_t inspection_id,
		  struct verr *e)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT id FROM inspection_task WHERE plan_id = ? AND inspection_id IS NULL"
		" AND COALESCE(cancelled, 0) = 0 AND period_start <= ? AND due_date >= ?"
		" ORDER BY due_date LIMIT 1");
	int64_t tid = 0;
	int step;

	if (!st || db_bind_int64(st, 1, plan_id) || db_bind_text(st, 2, date) || db_bind_text(st, 3, date)) {
		db_finalize(st);
		return in_internal(e);
	}
	step = db_step(st);
	if (step == DB_ROW)
		tid = db_col_int64(st, 0);
	db_finalize(st);
	if (step != DB_ROW && step != DB_DONE)
		return in_internal(e);
	if (tid) {
		json_t *set = json_pack("{s:I, s:s}", "inspection_id", (json_int_t)inspection_id,
					"done_at", date);
		int rc = entity_set_tx(c, &task_def, tid, NULL, set, "done", e);
		json_decref(set);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The scheduler's step (called every minute; works once a day per process — the
 * work is idempotent, so another process doing it too changes nothing): every
 * active plan's tasks up to the current period. */
int inspect_jobs(struct ectx *c)
{
	static char done_day[11];	/* the scheduler's thread only */
	struct db_stmt *st;
	int64_t ids[4096];
	int n = 0, step;
	struct verr e;
	char today[11];

	entity_today(today);
	if (strcmp(today, done_day) == 0)
		return 0;
	memcpy(done_day, today, sizeof(done_day));
	for (int64_t last = 0;;) {
		/* a page of plans at a time, each in a short transaction of its own */
		st = db_prepare(c->db, "SELECT id FROM inspection_plan WHERE active = 1 AND id > ?"
				" ORDER BY id LIMIT 4096");
		n = 0;
		if (!st || db_bind_int64(st, 1, last)) {
			db_finalize(st);
			return -1;
		}
		while ((step = db_step(st)) == DB_ROW && n < 4096)
			ids[n++] = db_col_int64(st, 0);
		db_finalize(st);
		for (int i = 0; i < n; i++) {
			verr_init(&e, c->arena);
			if (db_begin(c->db) != 0)
				return -1;
			if (in_plan_tasks(c, ids[i], &e) != 0 || db_commit(c->db) != 0) {
				db_rollback(c->db);
				log_err("inspect: tasks of plan %" PRId64 " failed", ids[i]);
			}
		}
		if (n < 4096)
			return 0;
		last = ids[n - 1];
	}
}

/* The enterprise home's notices: 整改通知书 not yet replied to, and plan tasks past
 * their due day without an inspection. */
int inspect_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w)
{
	if (home_notice_count(c, w, org, today,
			      "SELECT COUNT(*) FROM rectify_notice WHERE" HOME_ORG " AND status = 'issued'",
			      "rectify_notice_open", "整改通知书待回复", "danger", "/inspect/notice") != 0)
		return -1;
	return home_notice_count(c, w, org, today,
				 "SELECT COUNT(*) FROM inspection_task WHERE" HOME_ORG
				 " AND inspection_id IS NULL AND COALESCE(cancelled, 0) = 0 AND due_date < ?",
				 "inspection_task_overdue", "检查任务已逾期", "warning", "/inspect/plan");
}

/* ------------------------------------------------------------------ duties */

/* seeds/001 任务7: 主要负责人每季度带队对本单位重大事故隐患排查整治情况至少开展1次检查
 * （高危行业领域每月至少1次）— proved by a finished inspection of that kind. */
static const struct obligation_def principal_quarterly = {
	.code = "principal_major_inspection", .label = "主要负责人带队重大事故隐患检查（每季度）",
	.module = "inspect",
	.source = "seeds/001 任务7：主要负责人每季度带队对本单位重大事故隐患排查整治情况至少开展1次检查",
	.applies = "COALESCE(e.high_risk, 'none') = 'none'",
	.period = OB_QUARTER, .due = { DUE_PERIOD_END, 0, 0, 0 }, .warn_days = 15,
	.proof_entity = "inspection",
	.proof_cond = "t.kind = 'principal_major' AND t.status = 'done'",
	.proof_at = "substr(t.done_at, 1, 10)", .proof_in = "t.inspect_date",
	.form = "/inspect/inspection",
};
static const struct obligation_def principal_monthly = {
	.code = "principal_major_inspection_hr", .label = "主要负责人带队重大事故隐患检查（高危行业每月）",
	.module = "inspect",
	.source = "seeds/001 任务7：高危行业领域每月至少1次",
	.applies = "COALESCE(e.high_risk, 'none') <> 'none'",
	.period = OB_MONTH, .due = { DUE_PERIOD_END, 0, 0, 0 }, .warn_days = 7,
	.proof_entity = "inspection",
	.proof_cond = "t.kind = 'principal_major' AND t.status = 'done'",
	.proof_at = "substr(t.done_at, 1, 10)", .proof_in = "t.inspect_date",
	.form = "/inspect/inspection",
};
/* A plan's occurrence: done by an inspection of the plan in its period. */
static const struct obligation_def plan_task = {
	.code = "inspection_plan_task", .label = "检查计划任务", .module = "inspect",
	.source = "seeds/004 第14项：明确和细化隐患排查的事项、内容和频次；企业检查计划",
	.period = OB_EVENT, .warn_days = 1,
	.proof_entity = "inspection_task",
	.record_when = "COALESCE(t.cancelled, 0) = 0", .record_due = "t.due_date",
	.record_done = "t.inspection_id IS NOT NULL", .record_done_at = "t.done_at",
	.record_title = "t.title", .form = "/inspect/plan",
};
/* 整改通知书: the enterprise replies by the deadline (安全生产法 第六十五条). */
static const struct obligation_def notice_reply = {
	.code = "rectify_notice_reply", .label = "整改通知书限期整改", .module = "inspect",
	.source = "安全生产法 第六十五条第一款第（三）项：责令立即排除或限期整改",
	.period = OB_EVENT, .warn_days = 3,
	.proof_entity = "rectify_notice", .record_when = "t.deadline IS NOT NULL",
	.record_due = "t.deadline", .record_done = "t.status IN ('replied', 'passed')",
	.record_done_at = "substr(t.replied_at, 1, 10)", .record_title = "t.number",
	.form = "/inspect/notice",
};

const struct obligation_def *const inspect_duties[] = {
	&principal_quarterly, &principal_monthly, &plan_task, &notice_reply, NULL
};

/* ---------------------------------------------------------------- registry */

static const struct route inspect_routes[] = {
	{HTTP_PUT, "/api/checklist/:id/items", cl_h_items, ROUTE_JSON, IN_AUTHORS},
};

void inspect_init(void)
{
	entity_register(&checklist_def);
	entity_register(&checklist_item_def);
	entity_register(&plan_def);
	entity_register(&task_def);
	router_add(inspect_routes, ARRAY_SIZE(inspect_routes));
	entity_perm_register("checklist:items", IN_AUTHORS);
	inspect_flow_init();
	inspect_enforce_init();
}
