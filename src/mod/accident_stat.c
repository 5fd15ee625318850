/*
 * accident_stat.c — what the accident module gives the regulator and the
 * calendar: the annual statistics (上一年度事故起数、死亡人数… seeds/000 §二(四)3,
 * submitted to 区国资委 by mid-January), the regulator's live list of accidents,
 * the duties (the one-hour report, the statistics, corrective-action deadlines) and
 * the enterprise-home notices.
 *
 *   POST /api/accident_stat/generate {year, org_id?}  builds or rebuilds the draft
 *        statistics of an enterprise's year from its records (201 new, 200 rebuilt,
 *        409 once submitted); a year without accidents is a zero report.
 *   POST /api/accident_stat/:id/submit               上报 (the core's action route)
 *   GET  /api/accident/live?period=active|all        the regulator's live list
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/json.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "entity/obligation.h"
#include "http/http.h"
#include "mod/accident.h"
#include "mod/accident_int.h"
#include "mod/mod.h"

/* ------------------------------------------------------------ statistics */

static const struct enum_opt stat_status_opts[] = {
	{"draft", "草稿"},
	{"submitted", "已上报"},
	{NULL, NULL}
};

static int stat_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);

#define G_FIG "统计数据（由事故记录生成）"
static const struct field_def stat_fields[] = {
	{.name = "year", .label = "统计年度", .type = FT_INT, .min = 2000, .max = 2100,
	 .flags = F_READONLY | F_FILTER | F_LIST | F_SORT},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = stat_status_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "accidents", .label = "事故起数", .type = FT_INT, .flags = F_READONLY | F_LIST,
	 .group = G_FIG},
	{.name = "deaths", .label = "死亡人数", .type = FT_INT, .flags = F_READONLY | F_LIST,
	 .group = G_FIG},
	{.name = "serious_injuries", .label = "重伤人数", .type = FT_INT,
	 .flags = F_READONLY | F_LIST, .group = G_FIG},
	{.name = "missing", .label = "下落不明人数", .type = FT_INT, .flags = F_READONLY,
	 .group = G_FIG},
	{.name = "direct_loss", .label = "直接经济损失（元）", .type = FT_MONEY,
	 .flags = F_READONLY | F_LIST, .group = G_FIG},
	{.name = "larger_plus", .label = "较大及以上事故起数", .type = FT_INT,
	 .flags = F_READONLY | F_LIST, .group = G_FIG},
	{.name = "late_reports", .label = "迟报起数", .type = FT_INT, .flags = F_READONLY,
	 .group = G_FIG},
	{.name = "near_misses", .label = "未遂事件起数", .type = FT_INT,
	 .flags = F_READONLY | F_LIST, .group = G_FIG},
	{.name = "note", .label = "说明", .type = FT_LONGTEXT, .max_len = 4000,
	 .help = "本年度无事故的，生成后直接上报即为零报告"},
	{.name = "generated_at", .label = "生成时间", .type = FT_DATETIME, .flags = F_READONLY},
	{.name = "due_date", .label = "报送期限", .type = FT_DATE, .flags = F_READONLY | F_LIST},
	{.name = "submitted_at", .label = "上报时间", .type = FT_DATETIME,
	 .flags = F_READONLY | F_LIST | F_SORT},
	{.name = "submitted_by", .label = "上报人", .type = FT_REF, .ref = "user",
	 .flags = F_READONLY | F_LIST},
	{.name = "late", .label = "逾期", .type = FT_BOOL, .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN (t.submitted_at IS NOT NULL AND substr(t.submitted_at, 1, 10) > "
		 "t.due_date) OR (t.submitted_at IS NULL AND {today} > t.due_date) "
		 "THEN 1 ELSE 0 END"},
};

const struct entity_def accident_stat_def = {
	.name = "accident_stat", .table = "accident_stat", .label = "年度事故统计",
	.fields = stat_fields, .nfields = ARRAY_SIZE(stat_fields),
	.flags = E_NO_CREATE | E_NO_DELETE, .write_roles = ACC_MANAGERS,
	.display_field = "year", .default_sort = "-year",
	.validate = stat_validate,
	.workflow = &accident_stat_workflow,
};

/* A submitted report is final (its note too). */
static int stat_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	(void)c;
	(void)obj;
	if (old && acc_same(row_str(old, "status"), "submitted"))
		verr_set(e, 409, "bad_state", "年度事故统计已上报，不能修改");
	return 0;
}

/* The figures of enterprise org's year from its accident records into obj. */
static int stat_figures(struct ectx *c, int64_t org, int year, json_t *obj)
{
	static const char *const names[] = { "accidents", "deaths", "serious_injuries", "missing",
					     "direct_loss", "larger_plus", "late_reports",
					     "near_misses" };
	struct db_stmt *st = db_prepare(c->db,
		"SELECT COALESCE(SUM(CASE WHEN kind = 'accident' THEN 1 ELSE 0 END), 0),"
		" COALESCE(SUM(CASE WHEN kind = 'accident' THEN deaths ELSE 0 END), 0),"
		" COALESCE(SUM(CASE WHEN kind = 'accident' THEN serious_injuries ELSE 0 END), 0),"
		" COALESCE(SUM(CASE WHEN kind = 'accident' THEN missing ELSE 0 END), 0),"
		" COALESCE(SUM(CASE WHEN kind = 'accident' THEN direct_loss ELSE 0 END), 0),"
		" COALESCE(SUM(CASE WHEN kind = 'accident' AND grade IN ('larger', 'major',"
		" 'especially_major') THEN 1 ELSE 0 END), 0),"
		" COALESCE(SUM(CASE WHEN kind = 'accident' AND late = 1 THEN 1 ELSE 0 END), 0),"
		" COALESCE(SUM(CASE WHEN kind = 'near_miss' THEN 1 ELSE 0 END), 0)"
		" FROM accident WHERE org_id = ? AND substr(occurred_at, 1, 4) = ?");
	char y[8];
	int rc = -1;

	snprintf(y, sizeof(y), "%04d", year);
	if (!st || db_bind_int64(st, 1, org) < 0 || db_bind_text(st, 2, y) < 0 ||
	    db_step(st) != DB_ROW)
		goto out;
	/* API form: money in yuan (the core stores fen) */
	for (int i = 0; i < 8; i++)
		json_object_set_new(obj, names[i], i == 4 ? json_real((double)db_col_int64(st, i) / 100.0)
							 : json_integer(db_col_int64(st, i)));
	rc = 0;
out:
	if (rc)
		log_err("accident statistics: %s", db_errmsg(c->db));
	db_finalize(st);
	return rc;
}

int accident_stat_save(struct ectx *c, int64_t org, int year, int64_t *id, int *created,
		       struct verr *e)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT id, status FROM accident_stat WHERE org_id = ? AND year = ?");
	const char *status = NULL;
	char now[20], key[16], due[20];
	json_t *obj = NULL;
	int s, rc = -1;

	*id = 0;
	*created = 0;
	if (!st || db_bind_int64(st, 1, org) || db_bind_int64(st, 2, year) ||
	    (s = db_step(st)) < 0) {
		db_finalize(st);
		return acc_internal(e);
	}
	if (s == DB_ROW) {
		*id = db_col_int64(st, 0);
		status = arena_strdup(c->arena, db_col_text(st, 1));
	}
	db_finalize(st);
	if (acc_same(status, "submitted")) {
		verr_set(e, 409, "conflict", arena_printf(c->arena,
			 "%d 年度事故统计已上报，不能重新生成", year));
		return -1;
	}
	entity_now(now);
	obj = json_pack("{s:s}", "generated_at", now);
	if (stat_figures(c, org, year, obj) != 0) {
		json_decref(obj);
		return acc_internal(e);
	}
	if (*id) {
		rc = entity_update_tx(c, &accident_stat_def, *id, obj, e);
	} else {
		snprintf(key, sizeof(key), "%04d", year);
		json_object_set_new(obj, "org_id", json_integer(org));
		json_object_set_new(obj, "year", json_integer(year));
		json_object_set_new(obj, "status", json_string("draft"));
		if (ob_due_for(c->db, "accident_stat_annual", org, key, due) == 1)
			json_object_set_new(obj, "due_date", json_string(arena_printf(c->arena,
					    "%.10s", due)));
		else
			json_object_set_new(obj, "due_date", json_string(arena_printf(c->arena,
					    "%04d-01-15", year + 1)));
		*id = entity_create_tx(c, &accident_stat_def, obj, e);
		*created = 1;
		rc = *id > 0 ? 0 : -1;
	}
	json_decref(obj);
	return rc;
}

/*
 * POST /api/accident_stat/generate {"year", "org_id"?} — the year's statistics of
 * an enterprise in the caller's scope (default the caller's own org). The year is
 * a past or the current one.
 */
int accident_stat_h_generate(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	json_t *jy = json_object_get(r->json, "year"), *jo = json_object_get(r->json, "org_id");
	int64_t org = r->user->org_id, id = 0, ent;
	int year, created = 0, vis;
	char today[11];
	struct verr e;

	verr_init(&e, &r->arena);
	entity_today(today);
	if (!json_is_integer(jy) || json_integer_value(jy) < 2000 ||
	    json_integer_value(jy) > 2100)
		return http_error(s, 400, "validation", "统计年度须为 2000 至 2100 之间的整数", "year");
	year = (int)json_integer_value(jy);
	if (year > atoi(today))
		return http_error(s, 400, "validation", "统计年度不能晚于今年", "year");
	if (jo && !json_is_null(jo)) {
		if (!json_is_integer(jo) || json_integer_value(jo) <= 0)
			return http_error(s, 400, "validation", "请选择企业", "org_id");
		org = (int64_t)json_integer_value(jo);
	}
	vis = scope_row_visible(&c, org);
	if (vis < 0)
		return http_internal(s);
	if (!vis)
		return http_not_found(s);
	ent = org_enterprise_of(r->db, org);
	if (ent < 0)
		return http_internal(s);
	if (ent != org)
		return http_error(s, 400, "validation", "请选择企业", "org_id");
	if (db_begin(r->db) != 0)
		return http_internal(s);
	if (accident_stat_save(&c, org, year, &id, &created, &e) != 0) {
		db_rollback(r->db);
		return verr_send(&e, s);
	}
	if (db_commit(r->db) != 0) {
		db_rollback(r->db);
		return http_internal(s);
	}
	return entity_send(&c, &accident_stat_def, id, created ? 201 : 200, s);
}

/* ------------------------------------------------------------- live list */

static const struct enum_opt live_status_opts[] = {
	{"reported", "已快报"},
	{"investigating", "调查中"},
	{"closed", "已结案"},
	{NULL, NULL}
};

static const struct field_def live_cols[] = {
	{.name = "id", .label = "编号", .type = FT_INT, .expr = "t.id", .flags = F_SORT},
	{.name = "org_id", .label = "企业编号", .type = FT_INT, .expr = "t.org_id"},
	{.name = "enterprise_name", .label = "企业", .type = FT_TEXT, .expr = "o.name",
	 .flags = F_LIST | F_SEARCH},
	{.name = "title", .label = "事故名称", .type = FT_TEXT, .expr = "t.title",
	 .flags = F_LIST | F_SEARCH},
	{.name = "occurred_at", .label = "发生时间", .type = FT_DATETIME, .expr = "t.occurred_at",
	 .flags = F_LIST | F_SORT | F_RANGE},
	{.name = "place", .label = "地点", .type = FT_TEXT, .expr = "t.place", .flags = F_LIST},
	{.name = "accident_type", .label = "事故类型", .type = FT_ENUM,
	 .opts = accident_type_opts, .expr = "t.accident_type", .flags = F_LIST | F_FILTER},
	{.name = "grade", .label = "事故等级", .type = FT_ENUM, .opts = accident_grade_opts,
	 .expr = "t.grade", .flags = F_LIST | F_FILTER},
	{.name = "deaths", .label = "死亡", .type = FT_INT, .expr = "t.deaths", .flags = F_LIST},
	{.name = "serious_injuries", .label = "重伤", .type = FT_INT, .expr = "t.serious_injuries",
	 .flags = F_LIST},
	{.name = "missing", .label = "下落不明", .type = FT_INT, .expr = "t.missing",
	 .flags = F_LIST},
	{.name = "reported_at", .label = "报告时间", .type = FT_DATETIME, .expr = "t.reported_at",
	 .flags = F_LIST | F_SORT},
	{.name = "late", .label = "迟报", .type = FT_BOOL, .expr = "t.late",
	 .flags = F_LIST | F_FILTER},
	{.name = "updates", .label = "续报次数", .type = FT_INT, .expr = "t.updates",
	 .flags = F_LIST},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = live_status_opts,
	 .expr = "t.status", .flags = F_LIST | F_FILTER},
};

/* active: still being reported (inside the 补报 window) or not closed */
static const struct view_choice live_period[] = {
	{"active", "(t.update_until >= {today} OR t.status <> 'closed')"},
	{"all", NULL},
	{NULL, NULL}
};
static const struct view_param live_params[] = {
	{"period", "范围", live_period},
	{NULL, NULL, NULL}
};

const struct view_def accident_live_view = {
	.path = "/api/accident/live", .label = "事故快报动态",
	.from = "accident t JOIN org o ON o.id = t.org_id",
	.where = "t.kind = 'accident'", .scope_col = "t.org_id",
	.cols = live_cols, .ncols = ARRAY_SIZE(live_cols),
	.params = live_params, .default_sort = "-occurred_at", .default_size = 50,
};

/* ----------------------------------------------------------------- duties */

/* 国务院令第493号 第九条: the unit's head reports within 1 hour of the accident. */
static const struct obligation_def accident_report_1h = {
	.code = "accident_report_1h", .label = "事故1小时内报告", .module = "accident",
	.source = "国务院令第493号 第九条（单位负责人接到报告后1小时内报告）；seeds/004 第20项",
	.period = OB_EVENT, .due = { DUE_HOURS_AFTER, 0, 0, 1 }, .warn_days = 0,
	.proof_entity = "accident", .record_when = "t.kind = 'accident'",
	.record_event = "t.occurred_at",
	.record_done = "t.reported_at IS NOT NULL", .record_done_at = "t.reported_at",
	.record_title = "t.title", .form = "/accident",
};

/* seeds/000 §二(四)3: 每年1月中旬前报送上一年度事故统计 (1月15日 is the platform's
 * reading of 中旬前, adjustable in the rule table). */
static const struct obligation_def accident_stat_annual = {
	.code = "accident_stat_annual", .label = "上一年度事故统计报送", .module = "accident",
	.source = "seeds/000 §二(四)3：每年1月中旬前向区国资委报送上一年度事故起数、死亡人数等；"
		  "1月15日为平台默认",
	.period = OB_YEAR, .due = { DUE_MONTH_DAY_NEXT_YEAR, 1, 15, 0 }, .warn_days = 15,
	.proof_entity = "accident_stat", .proof_cond = "t.status = 'submitted'",
	.proof_at = "substr(t.submitted_at, 1, 10)",
	.proof_in = "CAST(t.year AS TEXT) || '-06-30'",
	.form = "/accident/stat",
};

/* 防范和整改措施 (第三十三条): done by its deadline. */
static const struct obligation_def accident_action_deadline = {
	.code = "accident_action_deadline", .label = "事故整改措施期限", .module = "accident",
	.source = "国务院令第493号 第三十三条（落实防范和整改措施）；seeds/003 第45项",
	.period = OB_EVENT, .warn_days = 7,
	.proof_entity = "accident_action", .record_when = "t.deadline IS NOT NULL",
	.record_due = "t.deadline", .record_done = "t.status IN ('done', 'evaluated')",
	.record_done_at = "t.done_at", .record_title = "substr(t.measure, 1, 40)",
	.form = "/accident",
};

const struct obligation_def *const accident_duties[] = {
	&accident_report_1h, &accident_stat_annual, &accident_action_deadline, NULL
};

/* ------------------------------------------------------------------ home */

/* Corrective actions past their deadline; accidents not yet closed. */
int accident_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w)
{
	if (home_notice_count(c, w, org, today,
			      "SELECT COUNT(*) FROM accident_action WHERE" HOME_ORG
			      " AND status = 'open' AND deadline < ?",
			      "accident_action_overdue", "事故整改措施逾期", "danger",
			      "/accident?tab=actions&overdue=true") != 0)
		return -1;
	return home_notice_count(c, w, org, today,
				 "SELECT COUNT(*) FROM accident WHERE" HOME_ORG
				 " AND status <> 'closed'",
				 "accident_open", "事故未结案", "warning", "/accident");
}
