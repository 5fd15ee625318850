/*
 * inspect_enforce.c — the regulator's enforcement (inspect.h): the annual
 * enforcement plan (执法计划) with the enterprises proposed from the data, the
 * enterprise flags that stand in for data not yet kept (失信, a death in the last
 * three years — until accidents exist), the 双随机 draw, and the 百日攻坚 list.
 *
 * Proposed for a plan (seeds/003 第12项 执法计划突出高危单位; seeds/004 三(三)):
 * every enterprise in the regulator's scope, not archived, that is in a high-risk
 * industry (enterprise.high_risk), is flagged 失信, or flagged for a death in the
 * three years before the plan's year ends.
 *
 * 双随机 (国办发〔2015〕58号): a draw records its filter, the candidate enterprises
 * (ascending ids), the inspector pool (ascending user ids), the seed (random,
 * 16 hex digits), who drew and when, and the result (rules/inspect.c draw_pick);
 * GET /api/spot_draw/:id/rerun draws again from the record and compares, and says
 * whether today's candidates under the same filter are still the recorded ones.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "http/http.h"
#include "mod/inspect.h"
#include "mod/inspect_int.h"
#include "mod/mod.h"
#include "rules/inspect.h"

#define READERS (IN_REGULATORS | RB(ROLE_DEPARTMENT))
#define DRAW_MAX 5000

static const struct enum_opt target_reason_opts[] = {
	{"high_risk", "高危行业"},
	{"dishonest", "失信企业"},
	{"death", "近三年发生死亡事故"},
	{"drawn", "双随机抽中"},
	{"other", "其他"},
	{NULL, NULL}
};

static const struct enum_opt flag_kind_opts[] = {
	{"dishonest", "失信联合惩戒对象"},
	{"death", "近三年发生死亡事故"},
	{NULL, NULL}
};

/* ---------------------------------------------------------- 执法计划 */

static int enf_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e);

static const struct field_def enf_fields[] = {
	{.name = "year", .label = "年度", .type = FT_INT, .min = 2000, .max = 2999,
	 .flags = F_REQUIRED | F_FILTER | F_LIST | F_SORT},
	{.name = "name", .label = "计划名称", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "note", .label = "说明", .type = FT_LONGTEXT},
};

const struct entity_def enf_plan_def = {
	.name = "enforcement_plan", .table = "enforcement_plan", .label = "执法计划",
	.fields = enf_fields, .nfields = ARRAY_SIZE(enf_fields),
	.flags = E_NO_DELETE,
	.read_roles = READERS, .write_roles = IN_REGULATORS,
	.display_field = "name", .default_sort = "-year",
	.before_write = enf_before_write,
};

/* A plan is its regulator's: the author's org. */
static int enf_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e)
{
	if (a == EA_CREATE && c->user && c->user->role == ROLE_REGULATOR)
		json_object_set_new(obj, "org_id", json_integer(c->user->org_id));
	else if (a == EA_CREATE && !row_int(obj, "org_id"))
		verr_add(e, "org_id", "请选择执法单位");
	else if (a == EA_UPDATE)
		json_object_set(obj, "org_id", json_object_get(old, "org_id"));
	return e->status ? -1 : 0;
}

static int tgt_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e);

static const struct field_def tgt_fields[] = {
	{.name = "plan_id", .label = "执法计划", .type = FT_REF, .ref = "enforcement_plan",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "enterprise_id", .label = "企业", .type = FT_REF, .ref = "enterprise",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "reason", .label = "列入原因", .type = FT_ENUM, .opts = target_reason_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "planned_month", .label = "计划检查月份", .type = FT_INT, .min = 1, .max = 12,
	 .flags = F_LIST},
	{.name = "note", .label = "备注", .type = FT_TEXT, .max_len = 500, .flags = F_LIST},
	{.name = "checked", .label = "已检查", .type = FT_BOOL, .flags = F_READONLY | F_LIST | F_FILTER,
	 .expr = "CASE WHEN EXISTS (SELECT 1 FROM inspection i JOIN enterprise en ON en.org_id = i.org_id"
		 " WHERE i.enforcement_id = t.plan_id AND en.id = t.enterprise_id AND i.status = 'done')"
		 " THEN 1 ELSE 0 END"},
};

const struct entity_def enf_target_def = {
	.name = "enforcement_target", .table = "enforcement_target", .label = "执法计划检查对象",
	.fields = tgt_fields, .nfields = ARRAY_SIZE(tgt_fields),
	.read_roles = READERS, .write_roles = IN_REGULATORS,
	.display_field = "reason", .default_sort = "id",
	.before_write = tgt_before_write,
};

/* A target is in its plan's org (the regulator's); once per plan. */
static int tgt_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e)
{
	json_t *p;
	int64_t dup = 0;
	struct db_stmt *st;

	if (a == EA_DELETE)
		return 0;
	if (a == EA_UPDATE) {
		json_object_set(obj, "plan_id", json_object_get(old, "plan_id"));
		json_object_set(obj, "enterprise_id", json_object_get(old, "enterprise_id"));
		json_object_set(obj, "org_id", json_object_get(old, "org_id"));
		return 0;
	}
	p = entity_get(c, &enf_plan_def, row_int(obj, "plan_id"));
	if (!p) {
		verr_add(e, "plan_id", "所选执法计划不存在");
		return -1;
	}
	json_object_set(obj, "org_id", json_object_get(p, "org_id"));
	json_decref(p);
	st = db_prepare(c->db, "SELECT COUNT(*) FROM enforcement_target WHERE plan_id = ? AND enterprise_id = ?");
	if (!st || db_bind_int64(st, 1, row_int(obj, "plan_id")) ||
	    db_bind_int64(st, 2, row_int(obj, "enterprise_id")) || db_step(st) != DB_ROW) {
		db_finalize(st);
		return in_internal(e);
	}
	dup = db_col_int64(st, 0);
	db_finalize(st);
	if (dup)
		verr_add(e, "enterprise_id", "该企业已在执法计划中");
	return e->status ? -1 : 0;
}

/* ------------------------------------------------------------ flags */

static int flag_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e);

static const struct field_def flag_fields[] = {
	{.name = "enterprise_id", .label = "企业", .type = FT_REF, .ref = "enterprise",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "kind", .label = "标记类型", .type = FT_ENUM, .opts = flag_kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "since", .label = "起始日期", .type = FT_DATE, .flags = F_REQUIRED | F_LIST,
	 .help = "失信认定日期，或死亡事故发生日期"},
	{.name = "until", .label = "截止日期", .type = FT_DATE, .flags = F_LIST,
	 .help = "失信信用修复日期；为空表示仍有效"},
	{.name = "note", .label = "说明", .type = FT_TEXT, .max_len = 500, .flags = F_LIST},
};

const struct entity_def flag_def = {
	.name = "enterprise_flag", .table = "enterprise_flag", .label = "企业监管标记",
	.fields = flag_fields, .nfields = ARRAY_SIZE(flag_fields),
	.read_roles = READERS, .write_roles = IN_REGULATORS,
	.display_field = "kind", .default_sort = "-since",
	.before_write = flag_before_write,
};

static int flag_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e)
{
	int64_t org = 0;

	if (a == EA_DELETE)
		return 0;
	if (db_query_int64p(c->db, "SELECT org_id FROM enterprise WHERE id = ?",
			    row_int(obj, "enterprise_id"), &org, 0) != 0)
		return in_internal(e);
	if (!org) {
		verr_add(e, "enterprise_id", "所选企业不存在");
		return -1;
	}
	json_object_set_new(obj, "org_id", json_integer(org));
	if (row_str(obj, "until") && strcmp(row_str(obj, "until"), row_str(obj, "since")) < 0)
		verr_add(e, "until", "截止日期不能早于起始日期");
	return e->status ? -1 : 0;
}

/* -------------------------------------------------------- proposals */

/* The proposal query for viewer org (scope), year (the plan's): enterprise id,
 * name, reason codes. */
#define PROPOSE_SQL \
	"SELECT e.id, e.name," \
	" CASE WHEN COALESCE(e.high_risk, 'none') <> 'none' THEN 1 ELSE 0 END," \
	" CASE WHEN EXISTS (SELECT 1 FROM enterprise_flag f WHERE f.enterprise_id = e.id" \
	"  AND f.kind = 'dishonest' AND f.since <= ? AND (f.until IS NULL OR f.until >= ?)) THEN 1 ELSE 0 END," \
	" CASE WHEN EXISTS (SELECT 1 FROM enterprise_flag f WHERE f.enterprise_id = e.id" \
	"  AND f.kind = 'death' AND f.since > ? AND f.since <= ?) THEN 1 ELSE 0 END," \
	" CASE WHEN EXISTS (SELECT 1 FROM enforcement_target g WHERE g.plan_id = ? AND g.enterprise_id = e.id)" \
	"  THEN 1 ELSE 0 END" \
	" FROM enterprise e WHERE COALESCE(e.archive_status, 'active') <> 'archived'" \
	" AND e.org_id IN (SELECT org_id FROM scope_org WHERE viewer = ?) ORDER BY e.id"

struct proposal { int64_t id; const char *name; int high, dishonest, death, listed; };

/* Fills up to max proposals of plan p for c's viewer; *n the count. */
static int proposals(struct ectx *c, const json_t *p, struct proposal *out, int max, int *n)
{
	char end[24], start[24], three[24];
	int64_t year = row_int(p, "year");
	struct db_stmt *st;
	int step;

	snprintf(start, sizeof(start), "%04d-01-01", (int)year);
	snprintf(end, sizeof(end), "%04d-12-31", (int)year);
	snprintf(three, sizeof(three), "%04d-12-31", (int)year - 3);
	*n = 0;
	st = db_prepare(c->db, PROPOSE_SQL);
	if (!st || db_bind_text(st, 1, end) || db_bind_text(st, 2, start) || db_bind_text(st, 3, three) ||
	    db_bind_text(st, 4, end) || db_bind_int64(st, 5, row_int(p, "id")) ||
	    db_bind_int64(st, 6, c->user ? c->user->org_id : row_int(p, "org_id"))) {
		db_finalize(st);
		return -1;
	}
	while ((step = db_step(st)) == DB_ROW) {
		struct proposal x = { db_col_int64(st, 0), arena_strdup(c->arena, db_col_text(st, 1)),
				      (int)db_col_int64(st, 2), (int)db_col_int64(st, 3),
				      (int)db_col_int64(st, 4), (int)db_col_int64(st, 5) };
		if ((x.high || x.dishonest || x.death) && *n < max)
			out[(*n)++] = x;
	}
	db_finalize(st);
	return step == DB_DONE ? 0 : -1;
}

static const char *prop_reason(const struct proposal *x)
{
	return x->death ? "death" : x->dishonest ? "dishonest" : "high_risk";
}

/* GET /api/enforcement_plan/:id/proposals → {items:[{enterprise_id, name, reasons:[…],
 * listed}]} */
static int enf_h_proposals(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	json_t *p = entity_get(&c, &enf_plan_def, req_param_id(r, 0));
	struct proposal *xs;
	struct jw w;
	int n;

	if (!p)
		return http_not_found(s);
	xs = arena_alloc(&r->arena, sizeof(*xs) * DRAW_MAX);
	if (proposals(&c, p, xs, DRAW_MAX, &n) != 0) {
		json_decref(p);
		return http_internal(s);
	}
	json_decref(p);
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_key(&w, "items");
	jw_arr_begin(&w);
	for (int i = 0; i < n; i++) {
		jw_obj_begin(&w);
		jw_kint(&w, "enterprise_id", xs[i].id);
		jw_kstr(&w, "name", xs[i].name);
		jw_key(&w, "reasons");
		jw_arr_begin(&w);
		if (xs[i].high)
			jw_str(&w, "高危行业");
		if (xs[i].dishonest)
			jw_str(&w, "失信企业");
		if (xs[i].death)
			jw_str(&w, "近三年发生死亡事故");
		jw_arr_end(&w);
		jw_kstr(&w, "reason", prop_reason(&xs[i]));
		jw_kbool(&w, "listed", xs[i].listed);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_kint(&w, "total", n);
	jw_obj_end(&w);
	return 200;
}

/* Adds every proposal of plan id not yet listed as a target, inside the caller's
 * transaction; *added the count. 0 ok, -1 with e (404 when c does not see it). */
int in_propose(struct ectx *c, int64_t id, int *added, struct verr *e)
{
	json_t *p = entity_get(c, &enf_plan_def, id);
	struct proposal *xs;
	int n, rc = -1;

	*added = 0;
	if (!p) {
		verr_set(e, 404, "not_found", "记录不存在");
		return -1;
	}
	xs = arena_alloc(c->arena, sizeof(*xs) * DRAW_MAX);
	if (proposals(c, p, xs, DRAW_MAX, &n) != 0) {
		in_internal(e);
		goto out;
	}
	for (int i = 0; i < n; i++) {
		json_t *t;
		if (xs[i].listed)
			continue;
		t = json_pack("{s:O, s:I, s:s}", "plan_id", json_object_get(p, "id"),
			      "enterprise_id", (json_int_t)xs[i].id, "reason", prop_reason(&xs[i]));
		if (entity_create_tx(c, &enf_target_def, t, e) < 0) {
			json_decref(t);
			goto out;
		}
		json_decref(t);
		(*added)++;
	}
	rc = 0;
out:
	json_decref(p);
	return rc;
}

/* POST /api/enforcement_plan/:id/propose → {added: N} */
static int enf_h_propose(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	struct verr e;
	struct jw w;
	int added;

	verr_init(&e, &r->arena);
	if (db_begin(r->db) != 0)
		return http_internal(s);
	if (in_propose(&c, req_param_id(r, 0), &added, &e) != 0) {
		db_rollback(r->db);
		return verr_send(&e, s);
	}
	if (db_commit(r->db) != 0) {
		db_rollback(r->db);
		return http_internal(s);
	}
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kint(&w, "added", added);
	jw_obj_end(&w);
	return 200;
}

/* ---------------------------------------------------------------- 双随机 */

static int draw_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e);
static int draw_after_write(struct ectx *c, enum entity_action a, int64_t id,
			    const json_t *before, const json_t *after, struct verr *e);

static const struct field_def draw_fields[] = {
	{.name = "title", .label = "抽查名称", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "plan_id", .label = "执法计划", .type = FT_REF, .ref = "enforcement_plan",
	 .flags = F_FILTER | F_LIST, .help = "抽中的企业列入该执法计划"},
	{.name = "high_risk_only", .label = "仅高危行业企业", .type = FT_BOOL, .flags = F_LIST},
	{.name = "industry_section", .label = "行业门类", .type = FT_TEXT, .max_len = 1, .flags = F_LIST,
	 .help = "GB/T 4754 门类字母，为空表示不限"},
	{.name = "n_enterprises", .label = "抽取企业数", .type = FT_INT, .min = 1, .max = 1000,
	 .flags = F_REQUIRED | F_LIST},
	{.name = "m_inspectors", .label = "抽取执法人员数", .type = FT_INT, .min = 1, .max = 100,
	 .flags = F_REQUIRED | F_LIST},
	{.name = "pool", .label = "执法人员库", .type = FT_TEXT, .max_len = 4000,
	 .help = "执法人员用户编号，逗号分隔；为空表示本单位全部执法人员"},
	{.name = "seed", .label = "随机种子", .type = FT_TEXT, .max_len = 16, .flags = F_READONLY | F_LIST},
	{.name = "drawn_at", .label = "抽取时间", .type = FT_DATETIME, .flags = F_READONLY | F_LIST | F_SORT},
	{.name = "drawn_by", .label = "抽取人", .type = FT_REF, .ref = "user", .flags = F_READONLY | F_LIST},
	{.name = "candidates", .label = "候选企业", .type = FT_LONGTEXT, .max_len = 100000,
	 .flags = F_READONLY},
	{.name = "pool_ids", .label = "候选执法人员", .type = FT_LONGTEXT, .max_len = 10000,
	 .flags = F_READONLY},
	{.name = "result_enterprises", .label = "抽中企业", .type = FT_LONGTEXT, .max_len = 20000,
	 .flags = F_READONLY},
	{.name = "result_inspectors", .label = "抽中执法人员", .type = FT_LONGTEXT, .max_len = 2000,
	 .flags = F_READONLY},
};

const struct entity_def draw_def = {
	.name = "spot_draw", .table = "spot_draw", .label = "双随机抽查",
	.fields = draw_fields, .nfields = ARRAY_SIZE(draw_fields),
	.flags = E_NO_UPDATE | E_NO_DELETE,
	.read_roles = READERS, .write_roles = IN_REGULATORS,
	.display_field = "title", .default_sort = "-id",
	.before_write = draw_before_write, .after_write = draw_after_write,
};

/* The candidates of a draw's filter for viewer org: ascending enterprise ids. */
static int draw_candidates(struct db *db, int64_t viewer, int high_only, const char *section,
			   int64_t *ids, size_t max, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT e.id FROM enterprise e WHERE COALESCE(e.archive_status, 'active') <> 'archived'"
		" AND e.org_id IN (SELECT org_id FROM scope_org WHERE viewer = ?)"
		" AND (? = 0 OR COALESCE(e.high_risk, 'none') <> 'none')"
		" AND (CAST(? AS TEXT) IS NULL OR e.industry_section = ?) ORDER BY e.id");
	int step;

	*n = 0;
	if (!st || db_bind_int64(st, 1, viewer) || db_bind_int64(st, 2, high_only) ||
	    db_bind_text(st, 3, section) || db_bind_text(st, 4, section)) {
		db_finalize(st);
		return -1;
	}
	while ((step = db_step(st)) == DB_ROW && *n < max)
		ids[(*n)++] = db_col_int64(st, 0);
	db_finalize(st);
	return step == DB_DONE || step == DB_ROW ? 0 : -1;
}

/* The enforcement officers of org on today (国办发〔2015〕58号: inspectors come from the
 * roster of enforcement officers): its active regulators holding a 执法证 valid today
 * (rules/inspect.h enforce_cert_valid). */
static const char SQL_POOL[] =
	"SELECT id, enforce_cert, enforce_cert_until FROM users WHERE org_id = ? AND role = 'regulator'"
	" AND COALESCE(active, 1) = 1 ORDER BY id";

/* The default pool: the org's enforcement officers on today, ascending ids. */
static int draw_pool_default(struct db *db, int64_t org, int64_t *ids, size_t max, size_t *n)
{
	struct db_stmt *st = db_prepare(db, SQL_POOL);
	char today[11];
	int step;

	*n = 0;
	time_date(now_utc(), today);
	if (!st || db_bind_int64(st, 1, org)) {
		db_finalize(st);
		return -1;
	}
	while ((step = db_step(st)) == DB_ROW && *n < max)
		if (enforce_cert_valid(db_col_text(st, 1), db_col_text(st, 2), today))
			ids[(*n)++] = db_col_int64(st, 0);
	db_finalize(st);
	return step == DB_DONE || step == DB_ROW ? 0 : -1;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static char *ids_json(struct arena *a, const int64_t *ids, size_t n)
{
	struct buf b;
	char *s;

	buf_init(&b, 1 << 20);
	buf_puts(&b, "[");
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%" PRId64, i ? "," : "", ids[i]);
	buf_puts(&b, "]");
	s = arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return s;
}

/* Parses "[1,2,3]" into ids; -1 when not an array of integers. */
static int ids_parse(const char *s, int64_t *ids, size_t max, size_t *n)
{
	json_t *j = s ? json_loads(s, 0, NULL) : NULL;
	int rc = 0;

	*n = 0;
	if (!json_is_array(j))
		rc = -1;
	for (size_t i = 0; rc == 0 && i < json_array_size(j); i++) {
		if (!json_is_integer(json_array_get(j, i)) || *n >= max)
			rc = -1;
		else
			ids[(*n)++] = json_integer_value(json_array_get(j, i));
	}
	json_decref(j);
	return rc;
}

/* The draw itself, inside the create: filter → candidates, pool, seed, result. */
static int draw_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e)
{
	int64_t *cand, *work, *pool, *re, *ri, org;
	size_t nc = 0, np = 0, kc = 0, ki = 0;
	uint64_t seed;
	char hex[17], now[20];
	const char *sec = row_str(obj, "industry_section"), *ps = row_str(obj, "pool");

	if (a != EA_CREATE)
		return 0;
	org = c->user && c->user->role == ROLE_REGULATOR ? c->user->org_id : row_int(obj, "org_id");
	if (!org) {
		verr_add(e, "org_id", "请选择执法单位");
		return -1;
	}
	json_object_set_new(obj, "org_id", json_integer(org));
	if (row_int(obj, "plan_id")) {
		json_t *p = entity_get(c, &enf_plan_def, row_int(obj, "plan_id"));
		if (!p || row_int(p, "org_id") != org)
			verr_add(e, "plan_id", "执法计划须为本单位的计划");
		json_decref(p);
	}
	cand = arena_alloc(c->arena, sizeof(int64_t) * DRAW_MAX);
	work = arena_alloc(c->arena, sizeof(int64_t) * DRAW_MAX);
	re = arena_alloc(c->arena, sizeof(int64_t) * DRAW_MAX);
	pool = arena_alloc(c->arena, sizeof(int64_t) * 1000);
	ri = arena_alloc(c->arena, sizeof(int64_t) * 1000);
	if (draw_candidates(c->db, c->user ? c->user->org_id : org, row_bool(obj, "high_risk_only"),
			    sec, cand, DRAW_MAX, &nc) != 0)
		return in_internal(e);
	/* the org's enforcement officers on today: the pool, or what an explicit one
	 * may name */
	if (draw_pool_default(c->db, org, pool, 1000, &np) != 0)
		return in_internal(e);
	if (ps) {
		const char *p = ps;
		int64_t *officers = arena_alloc(c->arena, sizeof(int64_t) * 1000);
		size_t nofficers = np;

		memcpy(officers, pool, np * sizeof(*pool));
		np = 0;
		while (*p && np < 1000) {
			char *end;
			long long v = strtoll(p, &end, 10);
			int64_t id = v;
			if (end == p || v <= 0) {
				verr_add(e, "pool", "执法人员库须为逗号分隔的用户编号");
				break;
			}
			if (!bsearch(&id, officers, nofficers, sizeof(*officers), cmp_id)) {
				verr_add(e, "pool", "用户%lld不是本单位持有效执法证的执法人员", v);
				break;
			}
			pool[np++] = v;
			p = end;
			while (*p == ',' || *p == ' ')
				p++;
		}
		qsort(pool, np, sizeof(*pool), cmp_id);
		for (size_t i = 1; i < np; i++)
			if (pool[i] == pool[i - 1]) {
				verr_add(e, "pool", "执法人员库中有重复的人员");
				break;
			}
	}
	if (!e->status && nc == 0)
		verr_add(e, "n_enterprises", "按所选条件没有可抽取的企业");
	if (!e->status && (int64_t)np < row_int(obj, "m_inspectors"))
		verr_add(e, "m_inspectors", "执法人员库只有%zu人（须持有效执法证），少于抽取人数", np);
	if (e->status)
		return -1;
	randombytes_buf(&seed, sizeof(seed));
	if (draw_pick(seed, cand, nc, (size_t)row_int(obj, "n_enterprises"), work, re, &kc) != 0 ||
	    draw_pick(draw_inspector_seed(seed), pool, np, (size_t)row_int(obj, "m_inspectors"), work,
		      ri, &ki) != 0)
		return in_internal(e);
	draw_seed_format(seed, hex);
	entity_now(now);
	json_object_set_new(obj, "seed", json_string(hex));
	json_object_set_new(obj, "drawn_at", json_string(now));
	json_object_set_new(obj, "drawn_by", c->user ? json_integer(c->user->id) : json_null());
	json_object_set_new(obj, "candidates", json_string(ids_json(c->arena, cand, nc)));
	json_object_set_new(obj, "pool_ids", json_string(ids_json(c->arena, pool, np)));
	json_object_set_new(obj, "result_enterprises", json_string(ids_json(c->arena, re, kc)));
	json_object_set_new(obj, "result_inspectors", json_string(ids_json(c->arena, ri, ki)));
	return 0;
}

/* The drawn enterprises join the plan (reason 双随机抽中) unless listed already. */
static int draw_after_write(struct ectx *c, enum entity_action a, int64_t id,
			    const json_t *before, const json_t *after, struct verr *e)
{
	int64_t ids[1000];
	size_t n;

	if (a != EA_CREATE || !row_int(after, "plan_id"))
		return 0;
	if (ids_parse(row_str(after, "result_enterprises"), ids, 1000, &n) != 0)
		return in_internal(e);
	for (size_t i = 0; i < n; i++) {
		int64_t have = 0;
		json_t *t;
		if (db_query_int64v(c->db, "SELECT COUNT(*) FROM enforcement_target WHERE plan_id = ?"
				    " AND enterprise_id = ?", (int64_t[]){ row_int(after, "plan_id"), ids[i] },
				    2, &have, 0) != 0)
			return in_internal(e);
		if (have)
			continue;
		t = json_pack("{s:I, s:I, s:s}", "plan_id", (json_int_t)row_int(after, "plan_id"),
			      "enterprise_id", (json_int_t)ids[i], "reason", "drawn");
		if (entity_create_tx(c, &enf_target_def, t, e) < 0) {
			json_decref(t);
			return -1;
		}
		json_decref(t);
	}
	return 0;
}

static void ids_write(struct jw *w, const char *key, const int64_t *ids, size_t n)
{
	jw_key(w, key);
	jw_arr_begin(w);
	for (size_t i = 0; i < n; i++)
		jw_int(w, ids[i]);
	jw_arr_end(w);
}

/* GET /api/spot_draw/:id/rerun → {seed, enterprises, inspectors, same, candidates_same} */
static int draw_h_rerun(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	json_t *d = entity_get(&c, &draw_def, req_param_id(r, 0));
	int64_t *cand, *now, *work, *re, *pool, *ri, *rec_e, *rec_i;
	size_t nc, nn, np, ke, ki, nre, nri;
	uint64_t seed;
	struct jw w;
	int same, cand_same;

	if (!d)
		return http_not_found(s);
	cand = arena_alloc(&r->arena, sizeof(int64_t) * DRAW_MAX);
	now = arena_alloc(&r->arena, sizeof(int64_t) * DRAW_MAX);
	work = arena_alloc(&r->arena, sizeof(int64_t) * DRAW_MAX);
	re = arena_alloc(&r->arena, sizeof(int64_t) * DRAW_MAX);
	rec_e = arena_alloc(&r->arena, sizeof(int64_t) * DRAW_MAX);
	pool = arena_alloc(&r->arena, sizeof(int64_t) * 1000);
	ri = arena_alloc(&r->arena, sizeof(int64_t) * 1000);
	rec_i = arena_alloc(&r->arena, sizeof(int64_t) * 1000);
	if (draw_seed_parse(row_str(d, "seed"), &seed) != 0 ||
	    ids_parse(row_str(d, "candidates"), cand, DRAW_MAX, &nc) != 0 ||
	    ids_parse(row_str(d, "pool_ids"), pool, 1000, &np) != 0 ||
	    ids_parse(row_str(d, "result_enterprises"), rec_e, DRAW_MAX, &nre) != 0 ||
	    ids_parse(row_str(d, "result_inspectors"), rec_i, 1000, &nri) != 0 ||
	    draw_pick(seed, cand, nc, (size_t)row_int(d, "n_enterprises"), work, re, &ke) != 0 ||
	    draw_pick(draw_inspector_seed(seed), pool, np, (size_t)row_int(d, "m_inspectors"), work, ri,
		      &ki) != 0 ||
	    draw_candidates(r->db, row_int(d, "org_id"), row_bool(d, "high_risk_only"),
			    row_str(d, "industry_section"), now, DRAW_MAX, &nn) != 0) {
		json_decref(d);
		return http_internal(s);
	}
	same = ke == nre && ki == nri && !memcmp(re, rec_e, ke * sizeof(int64_t)) &&
	       !memcmp(ri, rec_i, ki * sizeof(int64_t));
	cand_same = nn == nc && !memcmp(now, cand, nc * sizeof(int64_t));
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kint(&w, "id", row_int(d, "id"));
	jw_kstr(&w, "seed", row_str(d, "seed"));
	jw_kstr(&w, "algorithm", "splitmix64 + Fisher–Yates（候选按编号升序）");
	ids_write(&w, "enterprises", re, ke);
	ids_write(&w, "inspectors", ri, ki);
	jw_kbool(&w, "same", same);
	jw_kbool(&w, "candidates_same", cand_same);
	jw_kint(&w, "candidates_now", (int64_t)nn);
	jw_obj_end(&w);
	json_decref(d);
	return 200;
}

/* ------------------------------------------------------------ 百日攻坚 */

/* seeds/004 三(三): 经过排查整治后仍然不到位的企业, 名单于8月10日前上报 — the
 * enterprises whose latest finished self-check against the 25条 list still has
 * hazards from its 不符合 items open. */
static const struct field_def c100_cols[] = {
	{.name = "id", .label = "检查记录", .type = FT_INT, .expr = "t.id", .flags = F_LIST},
	{.name = "enterprise", .label = "企业", .type = FT_TEXT, .expr = "o.name",
	 .flags = F_LIST | F_SEARCH | F_SORT},
	{.name = "inspect_date", .label = "自查日期", .type = FT_DATE, .expr = "t.inspect_date",
	 .flags = F_LIST | F_SORT | F_RANGE},
	{.name = "fail_count", .label = "不符合项", .type = FT_INT, .expr = "t.fail_count",
	 .flags = F_LIST | F_SORT},
	{.name = "open_count", .label = "未整改隐患", .type = FT_INT, .flags = F_LIST | F_SORT,
	 .expr = "(SELECT COUNT(*) FROM inspection_result r JOIN hazard h ON h.id = r.hazard_id"
		 " WHERE r.inspection_id = t.id AND h.status NOT IN ('closed', 'dismissed'))"},
};

static int c100_extra(struct view_req *q, struct jw *w)
{
	char today[11], by[11];

	(void)q;
	entity_today(today);
	snprintf(by, sizeof(by), "%.4s-08-10", today);
	jw_kstr(w, "report_by", by);
	jw_kstr(w, "report_basis", "seeds/004 三(三)：经过排查整治后仍然不到位的企业，名单于8月10日前上报执法大队综合室");
	return 0;
}

static const struct view_def campaign100_view = {
	.path = "/api/inspection/campaign100", .label = "百日攻坚集中攻坚企业名单",
	.from = "inspection t JOIN org o ON o.id = t.org_id JOIN checklist k ON k.id = t.checklist_id",
	.where = "t.status = 'done' AND k.kind = 'duty25' AND t.kind = 'self'"
		 " AND t.id = (SELECT MAX(i2.id) FROM inspection i2 JOIN checklist k2 ON k2.id = i2.checklist_id"
		 "  WHERE i2.org_id = t.org_id AND i2.status = 'done' AND k2.kind = 'duty25' AND i2.kind = 'self')"
		 " AND EXISTS (SELECT 1 FROM inspection_result r JOIN hazard h ON h.id = r.hazard_id"
		 "  WHERE r.inspection_id = t.id AND h.status NOT IN ('closed', 'dismissed'))",
	.scope_col = "t.org_id",
	.cols = c100_cols, .ncols = ARRAY_SIZE(c100_cols),
	.default_sort = "enterprise",
	.roles = READERS,
	.extra = c100_extra,
};

/* ---------------------------------------------------------------- registry */

static const struct route enforce_routes[] = {
	{HTTP_GET, "/api/enforcement_plan/:id/proposals", enf_h_proposals, 0, READERS},
	{HTTP_POST, "/api/enforcement_plan/:id/propose", enf_h_propose, 0, IN_REGULATORS},
	{HTTP_GET, "/api/spot_draw/:id/rerun", draw_h_rerun, 0, READERS},
};

void inspect_enforce_init(void)
{
	entity_register(&enf_plan_def);
	entity_register(&enf_target_def);
	entity_register(&flag_def);
	entity_register(&draw_def);
	router_add(enforce_routes, ARRAY_SIZE(enforce_routes));
	entity_perm_register("enforcement_plan:propose", IN_REGULATORS);
	view_register(&campaign100_view);
}
