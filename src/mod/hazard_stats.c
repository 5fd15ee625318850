/*
 * hazard_stats.c — the hazard module's statistics (隐患统计) and the major-hazard list
 * (重大隐患, 动态清零): GET /api/hazard/stats and GET /api/hazard/major, read from the
 * running aggregates hazard_stats / hazard_monthly (kept by hazard.c in the same
 * transaction as every register and transition) plus one indexed count of overdue
 * hazards — never a GROUP BY over all hazards — and hazard_stats_recompute().
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "http/http.h"
#include "mod/hazard.h"
#include "mod/hazard_int.h"
#include "mod/mod.h"
#include "rules/hazard.h"

/* ------------------------------------------------------------ statistics */

/* Which hazards a statistics request covers: the viewer's scope (all for admin),
 * optionally narrowed to one org's subtree (the core's ?org_id= filter). */
struct hz_scope {
	int all;		/* admin: no scope condition */
	int64_t viewer;		/* viewer org */
	struct org_subtree sub;
};

/* Appends the scope condition on column col ("s.org_id") to sql. */
static void hz_scope_sql(struct buf *sql, const struct hz_scope *sc, const char *col)
{
	if (!sc->all)
		buf_printf(sql, " AND %s IN (SELECT org_id FROM scope_org WHERE viewer = ?)", col);
	org_subtree_sql(sql, &sc->sub, col);
}

/* Binds the scope parameters from *idx on. */
static int hz_scope_bind(struct db_stmt *st, const struct hz_scope *sc, int *idx)
{
	if (!sc->all && db_bind_int64(st, (*idx)++, sc->viewer))
		return -1;
	return org_subtree_bind(st, &sc->sub, idx);
}

/* Reads ?org_id= into sc: 400 when malformed, 404 when out of scope. */
static int hz_scope_from(struct req *r, struct hz_scope *sc, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	struct verr e;

	sc->all = r->user->role == ROLE_ADMIN;
	sc->viewer = r->user->org_id;
	verr_init(&e, &r->arena);
	if (org_subtree_param(r, &c, NULL, &sc->sub, &e) < 0)
		return verr_send(&e, s);
	return 0;
}

/* The 12 months ending with today's, oldest first ("YYYY-MM"). */
static void hz_months(char m[HZ_TREND_MONTHS][8])
{
	char today[11];
	int y, mo;

	entity_today(today);
	y = atoi(today);
	mo = atoi(today + 5);
	for (int i = HZ_TREND_MONTHS - 1; i >= 0; i--) {
		char t[32];
		snprintf(t, sizeof(t), "%04u-%02u", (unsigned)y % 10000u, (unsigned)mo % 100u);
		memcpy(m[i], t, 7);
		m[i][7] = '\0';
		if (--mo == 0) {
			mo = 12;
			y--;
		}
	}
}

/* Writes a rate num/den (0..1) or null when den is 0. */
static void hz_rate(struct jw *w, const char *k, int64_t num, int64_t den)
{
	jw_key(w, k);
	if (den > 0)
		jw_double(w, (double)num / (double)den);
	else
		jw_null(w);
}

/* GET /api/hazard/stats?org_id= — open by level, rectification and on-time rates,
 * overdue, major open, supervised open and the 12-month trend of the hazards in
 * scope (issue 3 statistics). Reads the aggregates (hazard_stats, hazard_monthly)
 * and one indexed count of overdue hazards; never groups the hazard table. */
int hz_h_stats(struct req *r, struct resp *s)
{
	static const char *const keys[] = { "total", "open_general", "open_major", "registered",
		"rectifying", "pending", "closed", "closed_on_time", "supervised_open", "verified" };
	struct hz_scope sc;
	struct buf sql;
	struct db_stmt *st = NULL;
	int64_t v[AG_N] = { 0 }, overdue = 0, mf[HZ_TREND_MONTHS] = { 0 }, mc[HZ_TREND_MONTHS] = { 0 };
	char months[HZ_TREND_MONTHS][8], today[11];
	struct jw w;
	int idx, rc, step;

	if ((rc = hz_scope_from(r, &sc, s)) != 0)
		return rc;
	entity_today(today);
	hz_months(months);
	buf_init(&sql, 1 << 14);
	buf_puts(&sql, "SELECT COALESCE(SUM(total), 0), COALESCE(SUM(open_general), 0),"
		 " COALESCE(SUM(open_major), 0), COALESCE(SUM(registered), 0),"
		 " COALESCE(SUM(rectifying), 0), COALESCE(SUM(pending), 0),"
		 " COALESCE(SUM(closed), 0), COALESCE(SUM(closed_on_time), 0),"
		 " COALESCE(SUM(supervised_open), 0), COALESCE(SUM(verified), 0)"
		 " FROM hazard_stats s WHERE 1 = 1");
	hz_scope_sql(&sql, &sc, "s.org_id");
	idx = 1;
	st = db_prepare(r->db, buf_str(&sql));
	if (!st || hz_scope_bind(st, &sc, &idx) || db_step(st) != DB_ROW)
		goto fail;
	for (int i = 0; i < AG_N; i++)
		v[i] = db_col_int64(st, i);
	db_finalize(st);
	st = NULL;
	/* overdue: served by the (status, deadline, org_id) index */
	buf_reset(&sql);
	buf_puts(&sql, "SELECT COUNT(*) FROM hazard t WHERE t.status IN " HZ_SQL_LATE
		 " AND t.deadline < ?");
	hz_scope_sql(&sql, &sc, "t.org_id");
	idx = 1;
	st = db_prepare(r->db, buf_str(&sql));
	if (!st || db_bind_text(st, idx++, today) || hz_scope_bind(st, &sc, &idx) ||
	    db_step(st) != DB_ROW)
		goto fail;
	overdue = db_col_int64(st, 0);
	db_finalize(st);
	st = NULL;
	buf_reset(&sql);
	buf_puts(&sql, "SELECT month, SUM(found), SUM(closed) FROM hazard_monthly s"
		 " WHERE month >= ?");
	hz_scope_sql(&sql, &sc, "s.org_id");
	buf_puts(&sql, " GROUP BY month");
	idx = 1;
	st = db_prepare(r->db, buf_str(&sql));
	if (!st || db_bind_text(st, idx++, months[0]) || hz_scope_bind(st, &sc, &idx))
		goto fail;
	while ((step = db_step(st)) == DB_ROW) {
		const char *m = db_col_text(st, 0);
		for (int i = 0; m && i < HZ_TREND_MONTHS; i++)
			if (strcmp(m, months[i]) == 0) {
				mf[i] = db_col_int64(st, 1);
				mc[i] = db_col_int64(st, 2);
			}
	}
	if (step != DB_DONE)
		goto fail;
	db_finalize(st);
	st = NULL;
	buf_release(&sql);

	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_key(&w, "org_id");
	if (sc.sub.org)
		jw_int(&w, sc.sub.org);
	else
		jw_null(&w);
	for (int i = 0; i < AG_N; i++)
		jw_kint(&w, keys[i], v[i]);
	jw_kint(&w, "open_total", v[AG_OPEN_GENERAL] + v[AG_OPEN_MAJOR]);
	jw_kint(&w, "major_open", v[AG_OPEN_MAJOR]);
	jw_kint(&w, "overdue", overdue);
	hz_rate(&w, "rectification_rate", v[AG_CLOSED], v[AG_TOTAL]);
	hz_rate(&w, "on_time_rate", v[AG_CLOSED_ON_TIME], v[AG_CLOSED]);
	jw_key(&w, "trend");
	jw_arr_begin(&w);
	for (int i = 0; i < HZ_TREND_MONTHS; i++) {
		jw_obj_begin(&w);
		jw_kstr(&w, "month", months[i]);
		jw_kint(&w, "found", mf[i]);
		jw_kint(&w, "closed", mc[i]);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	return 200;
fail:
	log_err("hazard stats: %s", db_errmsg(r->db));
	db_finalize(st);
	buf_release(&sql);
	return http_internal(s);
}

/*
 * GET /api/hazard/major?status=open|all&org_id= — the regulator's list of major
 * hazards (重大事故隐患 上账/销账, seeds/003 item 22) with enterprise, state,
 * 挂牌督办, 双报告 and overdue; "dynamic_zero" is true when none in scope is open
 * (动态清零). A declared view: the core adds scope, the subtree, paging, sort and
 * the export (GET /api/hazard/major/export).
 */
static const struct enum_opt major_status_opts[] = {
	{"registered", "已登记"}, {"rectifying", "整改中"}, {"pending", "待验收"},
	{"verified", "待销账"}, {"closed", "已销号"}, {"dismissed", "不予受理"}, {NULL, NULL}
};

/* The ledger's columns (F_LIST: list and export, in this order): the hazard, its
 * 判定依据, the 五落实 (责任人, 措施, 资金, 时限 = the current deadline, 预案), 挂牌督办,
 * 双报告, 验收人 and 销号日期. 判定依据 is the catalogue item the hazard names, then
 * its own basis; the JSON also carries both apart (major_criterion_id, major_criterion). */
static const struct field_def major_cols[] = {
	{.name = "id", .label = "编号", .type = FT_INT, .expr = "h.id", .flags = F_SORT},
	{.name = "title", .label = "隐患名称", .type = FT_TEXT, .expr = "h.title",
	 .flags = F_LIST | F_SEARCH | F_SORT},
	{.name = "org_id", .label = "企业编号", .type = FT_INT, .expr = "h.org_id"},
	{.name = "enterprise_name", .label = "企业", .type = FT_TEXT, .expr = "o.name",
	 .flags = F_LIST | F_SEARCH},
	{.name = "criterion_text", .label = "判定依据", .type = FT_TEXT, .flags = F_LIST,
	 .expr = "CASE WHEN hc.id IS NULL THEN h.major_criterion"
		 " WHEN h.major_criterion IS NULL OR h.major_criterion = '' THEN"
		 " COALESCE(hc.article, '') || COALESCE(hc.item, '') || ' ' || hc.text"
		 " ELSE COALESCE(hc.article, '') || COALESCE(hc.item, '') || ' ' || hc.text"
		 " || '；' || h.major_criterion END"},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = major_status_opts,
	 .expr = "h.status", .flags = F_LIST},
	{.name = "found_at", .label = "发现日期", .type = FT_DATE, .expr = "h.found_at",
	 .flags = F_LIST | F_SORT | F_RANGE},
	{.name = "plan_responsible_name", .label = "整改责任人", .type = FT_TEXT,
	 .expr = "pr.name", .flags = F_LIST},
	{.name = "plan_measures", .label = "整改措施", .type = FT_LONGTEXT,
	 .expr = "h.plan_measures", .flags = F_LIST},
	{.name = "plan_funds", .label = "整改资金（元）", .type = FT_MONEY,
	 .expr = "h.plan_funds", .flags = F_LIST},
	{.name = "deadline", .label = "整改期限", .type = FT_DATE, .expr = "h.deadline",
	 .flags = F_LIST | F_SORT},
	{.name = "plan_contingency", .label = "应急预案", .type = FT_LONGTEXT,
	 .expr = "h.plan_contingency", .flags = F_LIST},
	{.name = "supervised", .label = "挂牌督办", .type = FT_BOOL, .expr = "h.supervised",
	 .flags = F_LIST | F_FILTER},
	{.name = "supervise_org_id", .label = "督办单位编号", .type = FT_INT,
	 .expr = "h.supervise_org_id"},
	{.name = "supervise_org_name", .label = "督办单位", .type = FT_TEXT, .expr = "so.name",
	 .flags = F_LIST},
	{.name = "supervise_at", .label = "挂牌日期", .type = FT_DATE, .expr = "h.supervise_at"},
	{.name = "supervise_deadline", .label = "督办期限", .type = FT_DATE,
	 .expr = "h.supervise_deadline", .flags = F_LIST | F_SORT},
	{.name = "dual_reported", .label = "双报告", .type = FT_BOOL, .expr = "h.dual_reported",
	 .flags = F_LIST | F_FILTER},
	{.name = "major_criterion_id", .label = "判定标准条款编号", .type = FT_INT,
	 .expr = "h.major_criterion_id"},
	{.name = "major_criterion", .label = "其他判定依据及理由", .type = FT_TEXT,
	 .expr = "h.major_criterion"},
	{.name = "verifier_name", .label = "验收人", .type = FT_TEXT, .expr = "vf.name",
	 .flags = F_LIST},
	{.name = "closed_at", .label = "销号日期", .type = FT_DATE, .expr = "h.closed_at",
	 .flags = F_LIST | F_SORT},
	{.name = "overdue", .label = "已逾期", .type = FT_BOOL, .flags = F_LIST | F_FILTER,
	 .expr = "CASE WHEN h.status IN " HZ_SQL_LATE " AND h.deadline IS NOT NULL"
		 " AND h.deadline < {today} THEN 1 ELSE 0 END"},
};

static const struct view_choice major_status_choices[] = {
	{"open", "h.status IN " HZ_SQL_OPEN},
	{"all", "h.status <> 'dismissed'"},
	{NULL, NULL}
};
static const struct view_param major_params[] = {
	{"status", "状态", major_status_choices},
	{NULL, NULL, NULL}
};

/* open_major and dynamic_zero: the open major hazards in the request's scope. */
static int major_extra(struct view_req *q, struct jw *w)
{
	int64_t nopen = 0;

	if (view_count(q, "h.status IN " HZ_SQL_OPEN, &nopen) < 0)
		return -1;
	jw_kint(w, "open_major", nopen);
	jw_kbool(w, "dynamic_zero", nopen == 0);
	return 0;
}

const struct view_def hazard_major_view = {
	.path = "/api/hazard/major", .label = "重大隐患清单",
	.from = "hazard h JOIN org o ON o.id = h.org_id LEFT JOIN org so ON so.id = h.supervise_org_id"
		" LEFT JOIN hazard_criterion hc ON hc.id = h.major_criterion_id"
		" LEFT JOIN users pr ON pr.id = h.plan_responsible_id"
		" LEFT JOIN users vf ON vf.id = h.verifier_id",
	.where = "h.level = 'major'", .scope_col = "h.org_id",
	.cols = major_cols, .ncols = ARRAY_SIZE(major_cols),
	.params = major_params, .default_sort = "-id", .default_size = 200,
	.extra = major_extra,
};
