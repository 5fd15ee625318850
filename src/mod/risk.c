/*
 * risk.c — 安全风险分级管控 (issue 3; seeds 000 §二(一)5, 001 tasks 3–4, 004 item 11;
 * DOMAIN.md §2–§4): risk points of an enterprise's units, their danger sources with a
 * GB 6441 accident type, their assessment (LEC or the 5×5 LS matrix) graded into
 * 重大/较大/一般/低 and 红/橙/黄/蓝 by a configurable band table, control measures by
 * kind and level, review dates, the print views (岗位风险告知卡, 风险公告栏), the
 * four-colour distribution by unit, and the annual risk report.
 *
 *   risk_point       风险点. org_id = the enterprise's org, unit_id = the internal unit
 *                    (an org of kind "unit" inside that enterprise); org_id is derived
 *                    from unit_id. score / level / colour / factors are computed on
 *                    every save from the method's factors and the band table.
 *   danger_source    危险源 of a risk point, with a GB 6441-2025 accident type (old rows
 *                    keep their GB 6441-1986 code). org_id follows the risk point.
 *   control_measure  管控措施 of a risk point by kind and control level.
 *   risk_band        the band table (admin only; seeded by migration 0003). Every edit
 *                    records the method's whole table as its next version
 *                    (risk_band_version / risk_band_history, migration 0006).
 *   risk_report      年度风险报告: generated from the data, submitted to the regulator by
 *                    its declared workflow (草稿 → 已上报, the action 上报).
 *
 * Rules and the choices made:
 *   - 分级管控 (国务院安委办〔2016〕11号: 重大风险由企业主要负责人管控 … 逐级落实):
 *     a risk point's control_level may not be below risk_min_control_level(level);
 *     the save is refused with a field error on control_level saying why. Measures
 *     themselves may sit at any level (the post-level operating rule of a 重大 risk
 *     is as necessary as its company-level management), so no rule binds a measure's
 *     level to its risk point's.
 *   - rule versions: the bands are configuration a regulator or province changes
 *     (DOMAIN.md §3–4 ⚠️), so a grade must stay explainable after they change. Each
 *     edit of a method's band rows makes a new version of that method's table (1, 2,
 *     … per method; the old versions' rows stay), and a risk point keeps in
 *     band_version the version that last set its grade: GET /api/risk/bands?method=
 *     &version= shows that table.
 *   - a band edit re-grades every risk point of that method in the same transaction
 *     (score is kept; level, colour and danger class follow the new version). Each
 *     point whose grade changes is written through the core with the new version, so
 *     risk_summary follows row by row, and one whose level changes gets its own audit
 *     row (action "regrade", 重新定级) besides the audited band change. A point the new
 *     version grades exactly as before keeps its grade and the version that set it,
 *     which still explains it, so an edit writes only the points it regrades.
 *   - risk_summary (migration 0002) is a declared aggregate of risk_point (entity.h
 *     "Aggregates"): the core keeps the four colour counts per enterprise org in the
 *     transaction of every risk point write and anjian check rebuilds them (the
 *     points past their review date are counted from risk_point where shown).
 *   - deleting a risk point deletes its danger sources and measures (each audited).
 *
 * Endpoints (besides the generic /api/<entity> CRUD, list and .xlsx export of the
 * entities above; API.md "Risk module"):
 *   GET  /api/risk/bands                      the band tables in force (with their version
 *                                             numbers) and the LEC factor values
 *   GET  /api/risk/bands?method=&version=     one version of a method's table, and the list
 *                                             of its versions
 *   GET  /api/risk/due?org_id=                risk points whose next_review has passed
 *   GET  /api/risk/distribution?org_id=       four-colour counts by unit, totals from risk_summary
 *   GET  /api/risk/card?post_id=              岗位风险告知卡 of a post (or any internal unit);
 *                                             not staff, who read only their own:
 *   GET  /api/risk/my-card                    the caller's post's card (the internal unit of
 *                                             the caller's in-post employee record)
 *   GET  /api/risk/board?org_id=              风险公告栏: 较大 and 重大 risk points
 *   POST /api/risk_report/generate {org_id, year}   build or rebuild the draft report
 *   POST /api/risk_report/:id/submit          上报 (the core's action route, declared below):
 *                                             the report becomes read-only
 * Every view is scoped like the entity core: an org or post out of scope is 404; without
 * org_id a view covers everything the caller may see.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "entity/obligation.h"
#include "http/http.h"
#include "mod/mod.h"
#include "mod/risk.h"
#include "mod/risk_int.h"
#include "rules/accident_type.h"
#include "rules/risk.h"

#define RB(r) (1u << (r))
#define RISK_WRITERS (RB(ROLE_ADMIN) | RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL))

/* ------------------------------------------------------------------ options */

const struct enum_opt risk_kind_opts[] = {
	{"area", "区域/场所"},
	{"equipment", "设备设施"},
	{"activity", "作业活动"},
	{NULL, NULL}
};

const struct enum_opt risk_method_opts[] = {
	{"lec", "作业条件危险性分析法(LEC)"},
	{"ls", "风险矩阵法(LS)"},
	{NULL, NULL}
};

/* Codes are those of rules/risk.c (risk_level_code, risk_colour_code). */
const struct enum_opt risk_level_opts[] = {
	{"low", "低风险"},
	{"medium", "一般风险"},
	{"high", "较大风险"},
	{"major", "重大风险"},
	{NULL, NULL}
};

const struct enum_opt risk_colour_opts[] = {
	{"blue", "蓝"},
	{"yellow", "黄"},
	{"orange", "橙"},
	{"red", "红"},
	{NULL, NULL}
};

const struct enum_opt risk_control_opts[] = {
	{"company", "公司级"},
	{"workshop", "车间级"},
	{"team", "班组级"},
	{"post", "岗位级"},
	{NULL, NULL}
};

const struct enum_opt risk_measure_kind_opts[] = {
	{"engineering", "工程技术"},
	{"management", "管理"},
	{"training", "培训教育"},
	{"ppe", "个体防护"},
	{"emergency", "应急处置"},
	{NULL, NULL}
};

static const struct enum_opt report_status_opts[] = {
	{"draft", "草稿"},
	{"submitted", "已上报"},
	{NULL, NULL}
};

/* GB 6441-2025's 27 types, then GB 6441-1986's 20 marked as such; filled from
 * rules/accident_type.c by risk_init() so each label exists once. */
static struct enum_opt accident_opts[27 + 20 + 1];
static char accident_old_labels[20][64];

/* ------------------------------------------------------------- declarations */

static int point_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int point_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			      const json_t *old, struct verr *e);
static int point_after_write(struct ectx *c, enum entity_action a, int64_t id,
			     const json_t *before, const json_t *after, struct verr *e);
static int source_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int child_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			      const json_t *old, struct verr *e);
static int band_after_write(struct ectx *c, enum entity_action a, int64_t id,
			    const json_t *before, const json_t *after, struct verr *e);
static int report_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int report_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			       const json_t *old, struct verr *e);
static int report_submit_apply(struct wf_call *w);

static const struct field_def point_fields[] = {
	{.name = "name", .label = "风险点名称", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_SEARCH | F_SORT | F_LIST, .group = "基本信息",
	 .help = "如：熔炼炉、有限空间作业、配电房"},
	{.name = "kind", .label = "类型", .type = FT_ENUM, .opts = risk_kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .group = "基本信息"},
	{.name = "unit_id", .label = "所在单位", .type = FT_REF, .ref = "org",
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .group = "基本信息",
	 .help = "本企业的车间、班组或岗位"},
	{.name = "post_id", .label = "岗位", .type = FT_REF, .ref = "org",
	 .flags = F_FILTER, .group = "基本信息", .help = "用于岗位风险告知卡"},
	{.name = "location", .label = "位置", .type = FT_TEXT, .max_len = 200,
	 .flags = F_SEARCH | F_LIST, .group = "基本信息"},
	{.name = "method", .label = "评价方法", .type = FT_ENUM, .opts = risk_method_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .group = "风险评价"},
	{.name = "lec_l", .label = "L（事故发生的可能性）", .type = FT_REAL,
	 .group = "风险评价", .help = "LEC：10、6、3、1、0.5、0.2、0.1"},
	{.name = "lec_e", .label = "E（暴露于危险环境的频繁程度）", .type = FT_REAL,
	 .group = "风险评价", .help = "LEC：10、6、3、2、1、0.5"},
	{.name = "lec_c", .label = "C（发生事故产生的后果）", .type = FT_REAL,
	 .group = "风险评价", .help = "LEC：100、40、15、7、3、1"},
	{.name = "ls_l", .label = "L（可能性）", .type = FT_INT, .min = 1, .max = 5,
	 .group = "风险评价", .help = "风险矩阵：1～5"},
	{.name = "ls_s", .label = "S（严重性）", .type = FT_INT, .min = 1, .max = 5,
	 .group = "风险评价", .help = "风险矩阵：1～5"},
	{.name = "factors", .label = "评价因子", .type = FT_TEXT, .max_len = 60,
	 .flags = F_READONLY | F_LIST, .group = "风险评价"},
	{.name = "score", .label = "分值", .type = FT_REAL,
	 .flags = F_READONLY | F_LIST | F_SORT | F_RANGE, .group = "风险评价"},
	{.name = "level", .label = "风险等级", .type = FT_ENUM, .opts = risk_level_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST, .group = "风险评价"},
	{.name = "colour", .label = "颜色", .type = FT_ENUM, .opts = risk_colour_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST, .group = "风险评价"},
	{.name = "danger_class", .label = "危险程度", .type = FT_TEXT, .max_len = 60,
	 .flags = F_READONLY, .group = "风险评价"},
	{.name = "band_version", .label = "分级标准版本", .type = FT_INT,
	 .flags = F_READONLY | F_FILTER, .group = "风险评价",
	 .help = "评定等级所依据的该评价方法风险分级标准的版本号"},
	{.name = "control_level", .label = "管控层级", .type = FT_ENUM, .opts = risk_control_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .group = "管控",
	 .help = "重大风险公司级，较大风险车间级及以上，一般风险班组级及以上"},
	{.name = "responsible_id", .label = "责任人账号", .type = FT_REF, .ref = "user",
	 .flags = F_FILTER, .group = "管控"},
	{.name = "responsible_name", .label = "责任人", .type = FT_TEXT, .max_len = 50,
	 .flags = F_SEARCH | F_LIST, .group = "管控"},
	{.name = "responsible_phone", .label = "责任人电话", .type = FT_PHONE, .group = "管控"},
	{.name = "last_review", .label = "上次评审日期", .type = FT_DATE, .group = "评审"},
	{.name = "next_review", .label = "下次评审日期", .type = FT_DATE,
	 .flags = F_RANGE | F_SORT | F_LIST, .group = "评审",
	 .help = "不填时为上次评审（或今天）起一年"},
	{.name = "review_overdue", .label = "评审逾期", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER, .group = "评审",
	 .expr = "CASE WHEN t.next_review IS NOT NULL AND t.next_review < {today} "
		 "THEN 1 ELSE 0 END"},
	{.name = "emergency_measures", .label = "应急处置措施", .type = FT_LONGTEXT,
	 .group = "管控", .help = "印在岗位风险告知卡上"},
};

/* risk_summary (migration 0002): a risk point counts once, under its enterprise's
 * org, in the column of its colour (四色: red 重大, orange 较大, yellow 一般, blue 低).
 * The points past their review date are not kept here: that changes with the date,
 * not with a write (migration 0007). */
static const struct agg_col summary_cols[] = {
	{"red", "CASE WHEN t.level = 'major' THEN 1 ELSE 0 END"},
	{"orange", "CASE WHEN t.level = 'high' THEN 1 ELSE 0 END"},
	{"yellow", "CASE WHEN t.level = 'medium' THEN 1 ELSE 0 END"},
	{"blue", "CASE WHEN t.level = 'low' THEN 1 ELSE 0 END"},
};

static const struct agg_def point_aggs[] = {
	{.table = "risk_summary", .keys = {{.name = "org_id", .expr = "t.org_id"}},
	 .cols = summary_cols, .ncols = ARRAY_SIZE(summary_cols), .stamp = "updated_at"},
};

const struct entity_def risk_point_def = {
	.name = "risk_point", .table = "risk_point", .label = "风险点",
	.fields = point_fields, .nfields = ARRAY_SIZE(point_fields),
	.write_roles = RISK_WRITERS, .display_field = "name", .default_sort = "-score",
	.validate = point_validate, .before_write = point_before_write,
	.after_write = point_after_write,
	.aggs = point_aggs, .naggs = ARRAY_SIZE(point_aggs),
};

static const struct field_def source_fields[] = {
	{.name = "risk_point_id", .label = "风险点", .type = FT_REF, .ref = "risk_point",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "description", .label = "危险源", .type = FT_TEXT, .max_len = 500,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST, .help = "如：熔融金属遇水、炉衬侵蚀漏炉"},
	{.name = "accident_type", .label = "事故类型", .type = FT_ENUM, .opts = accident_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST,
	 .help = "GB 6441-2025《生产安全事故分类与编码》"},
	{.name = "consequence", .label = "可能导致的后果", .type = FT_TEXT, .max_len = 500,
	 .flags = F_LIST},
};

const struct entity_def risk_source_def = {
	.name = "danger_source", .table = "danger_source", .label = "危险源",
	.fields = source_fields, .nfields = ARRAY_SIZE(source_fields),
	.write_roles = RISK_WRITERS, .display_field = "description", .default_sort = "id",
	.validate = source_validate, .before_write = child_before_write,
};

static const struct field_def measure_fields[] = {
	{.name = "risk_point_id", .label = "风险点", .type = FT_REF, .ref = "risk_point",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "kind", .label = "措施类别", .type = FT_ENUM, .opts = risk_measure_kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "level", .label = "管控层级", .type = FT_ENUM, .opts = risk_control_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "description", .label = "措施内容", .type = FT_TEXT, .max_len = 1000,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "responsible_id", .label = "责任人账号", .type = FT_REF, .ref = "user",
	 .flags = F_FILTER},
	{.name = "responsible_name", .label = "责任人", .type = FT_TEXT, .max_len = 50,
	 .flags = F_SEARCH | F_LIST},
};

const struct entity_def risk_measure_def = {
	.name = "control_measure", .table = "control_measure", .label = "管控措施",
	.fields = measure_fields, .nfields = ARRAY_SIZE(measure_fields),
	.write_roles = RISK_WRITERS, .display_field = "description", .default_sort = "id",
	.before_write = child_before_write,
};

static const struct field_def band_fields[] = {
	{.name = "method", .label = "评价方法", .type = FT_ENUM, .opts = risk_method_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "min", .label = "分值下限", .type = FT_REAL, .min = 0, .max = 1000000,
	 .flags = F_REQUIRED | F_LIST | F_SORT},
	{.name = "min_inclusive", .label = "含下限", .type = FT_BOOL, .flags = F_LIST,
	 .help = "是：分值 ≥ 下限；否：分值 > 下限"},
	{.name = "level", .label = "风险等级", .type = FT_ENUM, .opts = risk_level_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "danger_class", .label = "危险程度", .type = FT_TEXT, .max_len = 60,
	 .flags = F_LIST},
};

static const struct entity_def band_def = {
	.name = "risk_band", .table = "risk_band", .label = "风险分级标准",
	.fields = band_fields, .nfields = ARRAY_SIZE(band_fields),
	.read_roles = RB(ROLE_ADMIN), .write_roles = RB(ROLE_ADMIN),
	.display_field = "level", .default_sort = "-min",
	.after_write = band_after_write,
};

static const struct field_def report_fields[] = {
	{.name = "year", .label = "年度", .type = FT_INT, .min = 2000, .max = 2100,
	 .flags = F_READONLY | F_FILTER | F_LIST | F_SORT},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = report_status_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "summary", .label = "报告说明", .type = FT_LONGTEXT, .max_len = 20000,
	 .help = "年度风险辨识评估工作情况、重大风险管控情况等"},
	{.name = "content", .label = "报告数据", .type = FT_LONGTEXT, .max_len = 4000000,
	 .flags = F_READONLY | F_HIDDEN},
	{.name = "generated_at", .label = "生成时间", .type = FT_DATETIME,
	 .flags = F_READONLY | F_LIST},
	{.name = "due_date", .label = "报送期限", .type = FT_DATE,
	 .flags = F_READONLY | F_LIST | F_RANGE},
	{.name = "submitted_at", .label = "上报时间", .type = FT_DATETIME,
	 .flags = F_READONLY | F_LIST | F_SORT},
	{.name = "submitted_by", .label = "上报人", .type = FT_REF, .ref = "user",
	 .flags = F_READONLY | F_LIST},
	{.name = "late", .label = "逾期", .type = FT_BOOL, .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN (t.submitted_at IS NOT NULL AND substr(t.submitted_at, 1, 10) > "
		 "t.due_date) OR (t.submitted_at IS NULL AND {today} > t.due_date) "
		 "THEN 1 ELSE 0 END"},
};

/* 上报 (seeds/004 item 11): the enterprise's managers send the year's report to the
 * regulator; it is final (no action leaves 已上报, and report_validate refuses edits). */
static const struct wf_state report_states[] = {
	{"draft", "草稿", WS_OPEN},
	{"submitted", "已上报", WS_FINAL},
};

static const char *const report_from_draft[] = {"draft", NULL};

static const struct wf_action report_actions[] = {
	{.verb = "submit", .label = "上报", .from = report_from_draft, .to = "submitted",
	 .roles = RISK_WRITERS, .apply = report_submit_apply, .flags = WA_NO_EVENT},
};

static const struct workflow report_workflow = {
	.status_field = "status",
	.states = report_states, .nstates = ARRAY_SIZE(report_states),
	.actions = report_actions, .nactions = ARRAY_SIZE(report_actions),
	.noun = "风险报告",
};

const struct entity_def risk_report_def = {
	.name = "risk_report", .table = "risk_report", .label = "年度风险报告",
	.fields = report_fields, .nfields = ARRAY_SIZE(report_fields),
	.flags = E_NO_CREATE, .write_roles = RISK_WRITERS,
	.display_field = "year", .default_sort = "-year",
	.validate = report_validate, .before_write = report_before_write,
	.workflow = &report_workflow,
};

/* ------------------------------------------------------------------ helpers */

/* 1 if member k is a number (*out gets it), 0 when absent or null. */
static int jnum(const json_t *o, const char *k, double *out)
{
	const json_t *v = o ? json_object_get(o, k) : NULL;

	if (!json_is_number(v))
		return 0;
	*out = json_number_value(v);
	return 1;
}

/* The label of code among opts, or the code itself ("" for NULL). */
const char *risk_opt_label(const struct enum_opt *o, const char *code)
{
	if (!code)
		return "";
	for (; o->code; o++)
		if (strcmp(o->code, code) == 0)
			return o->label;
	return code;
}

/* One org: path, kind and unit_level copied into the arena. 1 found, 0 missing,
 * -1 error. */
int risk_org_row(struct ectx *c, int64_t id, const char **path, const char **kind,
		   const char **level, const char **name)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT path, kind, unit_level, name FROM org WHERE id = ?");
	int rc = -1, s;

	if (!st || db_bind_int64(st, 1, id) != 0)
		goto out;
	s = db_step(st);
	if (s < 0)
		goto out;
	rc = s == DB_ROW;
	if (rc) {
		if (path)
			*path = arena_strdup(c->arena, db_col_text(st, 0));
		if (kind)
			*kind = arena_strdup(c->arena, db_col_text(st, 1));
		if (level)
			*level = arena_strdup(c->arena, db_col_text(st, 2));
		if (name)
			*name = arena_strdup(c->arena, db_col_text(st, 3));
	}
out:
	db_finalize(st);
	return rc;
}

/* The nearest org of kind enterprise at or above the org with path: its id (0 when
 * none) and path. -1 on error. */
int64_t risk_enterprise_org_of(struct ectx *c, const char *path, const char **epath)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT id, path FROM org WHERE kind = 'enterprise' AND "
		"substr(CAST(? AS TEXT), 1, length(path)) = path ORDER BY length(path) DESC LIMIT 1");
	int64_t id = -1;
	int s;

	if (!st || db_bind_text(st, 1, path) != 0)
		goto out;
	s = db_step(st);
	if (s == DB_DONE) {
		id = 0;
	} else if (s == DB_ROW) {
		id = db_col_int64(st, 0);
		if (epath)
			*epath = arena_strdup(c->arena, db_col_text(st, 1));
	}
out:
	db_finalize(st);
	return id;
}

/* 1 if path lies in the subtree rooted at root. */
static int path_under(const char *path, const char *root)
{
	return path && root && strncmp(path, root, strlen(root)) == 0;
}

/* The name of user id, copied into the arena; NULL when missing. */
static const char *user_name(struct ectx *c, int64_t id)
{
	struct db_stmt *st = db_prepare(c->db, "SELECT name FROM users WHERE id = ?");
	const char *r = NULL;

	if (st && db_bind_int64(st, 1, id) == 0 && db_step(st) == DB_ROW)
		r = arena_strdup(c->arena, db_col_text(st, 0));
	db_finalize(st);
	return r;
}

/* Sets 500 internal on e and returns -1. */
int risk_internal(struct ectx *c, struct verr *e, const char *what)
{
	log_err("risk %s: %s", what, db_errmsg(c->db));
	verr_set(e, 500, "internal", "服务器内部错误");
	return -1;
}

/* ------------------------------------------------------------- band table */

/* Reads the rows of a band statement (min, min_inclusive, level, danger_class; the
 * parameters already bound) into out, highest min first. 0 ok, -1 error. */
static int bands_read(struct ectx *c, struct db_stmt *st, const char *method,
		      struct risk_bands *out)
{
	int s;

	memset(out, 0, sizeof(*out));
	while ((s = db_step(st)) == DB_ROW) {
		struct risk_band *b;
		enum risk_level l = risk_level_parse(db_col_text(st, 2));

		if (l == RISK_NONE)
			continue;
		if (out->n >= RISK_MAX_BANDS) {
			log_warn("risk bands: more than %d rows for %s, the rest ignored",
				 RISK_MAX_BANDS, method);
			return 0;
		}
		b = &out->row[out->n++];
		b->min = db_col_double(st, 0);
		b->min_inclusive = db_col_int64(st, 1) != 0;
		b->level = l;
		b->danger_class = db_col_isnull(st, 3) ? NULL :
			arena_strdup(c->arena, db_col_text(st, 3));
	}
	return s == DB_DONE ? 0 : -1;
}

/*
 * The band table of a method (DOMAIN.md §3–4: ⚠️ not nationally fixed, so it is
 * configuration) as version ver recorded it; ver 0 is the version in force (the
 * method's highest number). *got (when given) gets the version read: 0 only when the
 * method has no version recorded, and then the rows of risk_band are read. A version
 * (or table) without rows is the defaults of rules/risk.c. Texts live in c's arena.
 * 0 ok, 1 no such version, -1 error.
 */
int risk_bands_load(struct ectx *c, const char *method, int64_t ver, struct risk_bands *out,
		    int64_t *got)
{
	struct db_stmt *st = db_prepare(c->db, ver ?
		"SELECT version FROM risk_band_version WHERE method = ? AND version = ?" :
		"SELECT MAX(version) FROM risk_band_version WHERE method = ?");
	int s, rc = -1;

	if (!st || db_bind_text(st, 1, method) != 0 || (ver && db_bind_int64(st, 2, ver) != 0))
		goto out;
	s = db_step(st);
	if (s < 0)
		goto out;
	if (s == DB_DONE) {	/* only the explicit lookup can find nothing */
		rc = 1;
		goto out;
	}
	ver = db_col_int64(st, 0);	/* 0: MAX of no rows, NULL */
	db_finalize(st);
	st = db_prepare(c->db, ver ?
		"SELECT min, min_inclusive, level, danger_class FROM risk_band_history"
		" WHERE method = ? AND version = ? ORDER BY min DESC, min_inclusive ASC, id ASC" :
		"SELECT min, min_inclusive, level, danger_class FROM risk_band"
		" WHERE method = ? ORDER BY min DESC, min_inclusive ASC, id ASC");
	if (!st || db_bind_text(st, 1, method) != 0 || (ver && db_bind_int64(st, 2, ver) != 0) ||
	    bands_read(c, st, method, out) != 0)
		goto out;
	if (out->n == 0)
		*out = strcmp(method, "ls") == 0 ? risk_bands_ls_default : risk_bands_lec_default;
	if (got)
		*got = ver;
	rc = 0;
out:
	if (rc < 0)
		log_err("risk bands %s: %s", method, db_errmsg(c->db));
	db_finalize(st);
	return rc;
}

/*
 * Records the rows risk_band now holds for method as the method's next version, made
 * by c's user now; *ver gets its number. Inside the band edit's transaction, so the
 * version exists exactly when the edit does. 0 ok; -1 with e filled (409 when a
 * concurrent edit of the same method took the number: the unique index of migration
 * 0006 makes the later transaction fail instead of sharing it).
 */
static int bands_snapshot(struct ectx *c, const char *method, int64_t *ver, struct verr *e)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT COALESCE(MAX(version), 0) FROM risk_band_version WHERE method = ?");
	char now[20];
	int s;

	if (!st || db_bind_text(st, 1, method) != 0 || db_step(st) != DB_ROW)
		goto fail;
	*ver = db_col_int64(st, 0) + 1;
	db_finalize(st);
	entity_now(now);
	st = db_prepare(c->db, "INSERT INTO risk_band_version (method, version, created_at,"
			" created_by) VALUES (?, ?, ?, ?)");
	if (!st || db_bind_text(st, 1, method) != 0 || db_bind_int64(st, 2, *ver) != 0 ||
	    db_bind_text(st, 3, now) != 0 ||
	    (c->user ? db_bind_int64(st, 4, c->user->id) : db_bind_null(st, 4)) != 0)
		goto fail;
	s = db_step(st);
	if (s == DB_CONSTRAINT) {
		db_finalize(st);
		verr_set(e, 409, "conflict", "风险分级标准正被他人修改，请刷新后重试");
		return -1;
	}
	if (s != DB_DONE)
		goto fail;
	db_finalize(st);
	st = db_prepare(c->db, "INSERT INTO risk_band_history (method, version, min,"
			" min_inclusive, level, danger_class) SELECT v.method, v.version, b.min,"
			" b.min_inclusive, b.level, b.danger_class FROM risk_band_version v"
			" JOIN risk_band b ON b.method = v.method WHERE v.method = ? AND v.version = ?"
			" ORDER BY b.id");
	if (!st || db_bind_text(st, 1, method) != 0 || db_bind_int64(st, 2, *ver) != 0 ||
	    db_step(st) != DB_DONE)
		goto fail;
	db_finalize(st);
	return 0;
fail:
	db_finalize(st);
	return risk_internal(c, e, "band version");
}

/* --------------------------------------------------------------- risk point */

/* Formats a factor for the "factors" column: 0.5, 3, 15. */
static const char *factor_str(struct arena *a, double v)
{
	return arena_printf(a, "%g", v);
}

/*
 * Assessment of a risk point (DOMAIN.md §3 LEC D = L×E×C with the factor tables;
 * §4 LS R = L×S, 1..5 each): checks the chosen method's factors, computes the
 * score, grades it with the band table in force and stores score, level, colour,
 * danger class, that table's version and the factors text into obj (the other
 * method's factors are cleared).
 * Then the 分级管控 rule (国务院安委办〔2016〕11号; rules/risk.c
 * risk_min_control_level): the control level must be at least the one the level
 * requires. And the review dates must be in order. Field errors go into e.
 */
static int point_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *method = row_str(obj, "method"), *cl = row_str(obj, "control_level");
	const char *lr = row_str(obj, "last_review"), *nr = row_str(obj, "next_review");
	const struct risk_band *band;
	struct risk_bands bands;
	int64_t ver = 0;
	double l = 0, ex = 0, cc = 0, score = -1;
	int ok = 1;
	enum risk_level level;
	enum control_level need, have;

	if (lr && nr && strcmp(nr, lr) < 0)
		verr_add(e, "next_review", "下次评审日期不能早于上次评审日期");
	if (!method)
		return 0;	/* required: the core has reported it */
	if (strcmp(method, "lec") == 0) {
		static const struct { const char *k; const double *t; int n; const char *vals; } f[] = {
			{ "lec_l", risk_lec_l_values, 7, "10、6、3、1、0.5、0.2、0.1" },
			{ "lec_e", risk_lec_e_values, 6, "10、6、3、2、1、0.5" },
			{ "lec_c", risk_lec_c_values, 6, "100、40、15、7、3、1" },
		};
		double v[3] = { 0, 0, 0 };

		for (int i = 0; i < 3; i++) {
			const struct field_def *fd = entity_field(&risk_point_def, f[i].k);

			if (!jnum(obj, f[i].k, &v[i])) {
				verr_add(e, f[i].k, "采用 LEC 法时须填写%s", fd->label);
				ok = 0;
			} else if (!risk_value_allowed(f[i].t, f[i].n, v[i])) {
				verr_add(e, f[i].k, "%s须取 LEC 取值表中的值：%s", fd->label, f[i].vals);
				ok = 0;
			}
		}
		if (!ok)
			return 0;
		l = v[0];
		ex = v[1];
		cc = v[2];
		score = risk_lec_score(l, ex, cc);
		json_object_set_new(obj, "ls_l", json_null());
		json_object_set_new(obj, "ls_s", json_null());
		json_object_set_new(obj, "factors", json_string(arena_printf(c->arena,
			"L=%s E=%s C=%s", factor_str(c->arena, l), factor_str(c->arena, ex),
			factor_str(c->arena, cc))));
	} else {
		int64_t sl = row_int(obj, "ls_l"), ss = row_int(obj, "ls_s");

		if (!sl)
			verr_add(e, "ls_l", "采用风险矩阵法时须填写可能性 L（1～5）");
		if (!ss)
			verr_add(e, "ls_s", "采用风险矩阵法时须填写严重性 S（1～5）");
		if (!sl || !ss)
			return 0;
		score = risk_ls_score((int)sl, (int)ss);
		json_object_set_new(obj, "lec_l", json_null());
		json_object_set_new(obj, "lec_e", json_null());
		json_object_set_new(obj, "lec_c", json_null());
		json_object_set_new(obj, "factors", json_string(arena_printf(c->arena,
			"L=%" PRId64 " S=%" PRId64, sl, ss)));
	}
	if (score < 0)
		return 0;	/* the field checks above have said why */
	if (risk_bands_load(c, method, 0, &bands, &ver) != 0)
		return risk_internal(c, e, "bands");
	band = risk_band_of(&bands, score);
	if (!band) {
		verr_add(e, "method", "分值 %g 不在风险分级标准的任何区间内，请联系系统管理员检查分级标准",
			 score);
		return 0;
	}
	level = band->level;
	json_object_set_new(obj, "score", json_real(score));
	json_object_set_new(obj, "level", json_string(risk_level_code(level)));
	json_object_set_new(obj, "colour", json_string(risk_colour_code(level)));
	json_object_set_new(obj, "danger_class",
			    band->danger_class ? json_string(band->danger_class) : json_null());
	json_object_set_new(obj, "band_version", ver ? json_integer(ver) : json_null());
	if (!cl)
		return 0;
	need = risk_min_control_level(level);
	have = control_level_parse(cl);
	if (!risk_control_level_ok(level, have)) {
		if (need == CONTROL_COMPANY)
			verr_add(e, "control_level", "%s须由%s管控，当前为%s", risk_level_label(level),
				 control_level_label(need), control_level_label(have));
		else
			verr_add(e, "control_level", "%s须由%s或更高层级管控，当前为%s",
				 risk_level_label(level), control_level_label(need),
				 control_level_label(have));
	}
	(void)old;
	return 0;
}

/* "YYYY-MM-DD" one year after date (29 Feb → 28 Feb) into out. */
static void next_year(const char *date, char out[11])
{
	char tmp[32];
	int64_t days;
	int y = atoi(date);

	snprintf(tmp, sizeof(tmp), "%04d%.6s", (y + 1) % 10000, date + 4);
	if (date_parse(tmp, &days) != 0)
		snprintf(tmp, sizeof(tmp), "%04d-02-28", (y + 1) % 10000);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

/* Audits and deletes the rows of table (entity d) that belong to risk point id. */
static int delete_children(struct ectx *c, const struct entity_def *d, int64_t point)
{
	struct db_stmt *st = NULL;
	const char *sql = arena_printf(c->arena, "SELECT id FROM %s WHERE risk_point_id = ?",
				       d->table);
	int64_t ids[64];
	int n, s, rc = -1;

	do {
		n = 0;
		st = db_prepare(c->db, sql);
		if (!st || db_bind_int64(st, 1, point) != 0)
			goto out;
		while (n < (int)ARRAY_SIZE(ids) && (s = db_step(st)) == DB_ROW)
			ids[n++] = db_col_int64(st, 0);
		db_finalize(st);
		st = NULL;
		for (int i = 0; i < n; i++) {
			json_t *row = entity_get(c, d, ids[i]);
			int bad = audit_write(c, d->name, ids[i], "delete", row, NULL) != 0;

			json_decref(row);
			st = db_prepare(c->db, arena_printf(c->arena, "DELETE FROM %s WHERE id = ?",
							    d->table));
			if (bad || !st || db_bind_int64(st, 1, ids[i]) != 0 || db_step(st) != DB_DONE)
				goto out;
			db_finalize(st);
			st = NULL;
		}
	} while (n == (int)ARRAY_SIZE(ids));
	rc = 0;
out:
	db_finalize(st);
	return rc;
}

/*
 * Before a risk point is written. The row belongs to its unit's enterprise (the
 * convention shared with hazard and dashboard: org_id = enterprise org, unit_id =
 * internal unit), so org_id is derived from unit_id, which must be a unit (车间/
 * 班组/岗位) inside an enterprise the caller may see; post_id, when given, is a
 * post-level unit of the same enterprise. The responsible person's name is taken
 * from the account when only the account is given. Without next_review, a new point
 * is due for review one year after its last review (or today): 风险辨识评估 at least
 * yearly (seeds/004 item 11 asks the yearly report on it). On delete, the point's
 * danger sources and measures go with it.
 */
static int point_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			      const json_t *old, struct verr *e)
{
	const char *upath = NULL, *ukind = NULL, *epath = NULL, *opath = NULL, *okind = NULL;
	const char *ppath = NULL, *pkind = NULL, *plevel = NULL;
	int64_t unit = row_int(obj, "unit_id"), post = row_int(obj, "post_id"), ent, given;
	int found, vis;
	char today[11], nr[11];

	if (a == EA_DELETE) {
		if (delete_children(c, &risk_source_def, row_int(old, "id")) != 0 ||
		    delete_children(c, &risk_measure_def, row_int(old, "id")) != 0)
			return risk_internal(c, e, "delete children");
		return 0;
	}
	found = risk_org_row(c, unit, &upath, &ukind, NULL, NULL);
	if (found < 0)
		return risk_internal(c, e, "unit");
	if (!found || strcmp(ukind, "unit") != 0) {
		verr_add(e, "unit_id", "所在单位须为企业的车间、班组或岗位");
		return -1;
	}
	ent = risk_enterprise_org_of(c, upath, &epath);
	if (ent < 0)
		return risk_internal(c, e, "enterprise of unit");
	vis = ent ? scope_row_visible(c, ent) : 0;
	if (vis < 0)
		return risk_internal(c, e, "scope");
	if (!vis) {
		verr_add(e, "unit_id", "所在单位须为企业的车间、班组或岗位");
		return -1;
	}
	/* an org_id naming another enterprise (not a group above this one) contradicts
	 * the unit */
	given = row_int(obj, "org_id");
	if (given && given != ent) {
		found = risk_org_row(c, given, &opath, &okind, NULL, NULL);
		if (found < 0)
			return risk_internal(c, e, "org");
		if (found && strcmp(okind, "enterprise") == 0 && !path_under(epath, opath)) {
			verr_add(e, "unit_id", "所在单位不属于所选企业");
			return -1;
		}
	}
	json_object_set_new(obj, "org_id", json_integer(ent));
	if (post) {
		found = risk_org_row(c, post, &ppath, &pkind, &plevel, NULL);
		if (found < 0)
			return risk_internal(c, e, "post");
		if (!found || strcmp(pkind, "unit") != 0 || !plevel || strcmp(plevel, "post") != 0 ||
		    !path_under(ppath, epath)) {
			verr_add(e, "post_id", "岗位须为本企业层级为“岗位”的内部单位");
			return -1;
		}
	}
	if (row_int(obj, "responsible_id") && !row_str(obj, "responsible_name")) {
		const char *n = user_name(c, row_int(obj, "responsible_id"));

		if (n)
			json_object_set_new(obj, "responsible_name", json_string(n));
	}
	if (a == EA_CREATE && !row_str(obj, "next_review")) {
		time_date(now_utc(), today);
		next_year(row_str(obj, "last_review") ? row_str(obj, "last_review") : today, nr);
		json_object_set_new(obj, "next_review", json_string(nr));
	}
	return 0;
}

/* After a risk point is written: its sources and measures follow it if it moved to
 * another enterprise (their org_id is the point's; risk_summary is the core's). */
static int point_after_write(struct ectx *c, enum entity_action a, int64_t id,
			     const json_t *before, const json_t *after, struct verr *e)
{
	int64_t norg = row_int(after, "org_id");
	static const char *const moves[] = {
		"UPDATE danger_source SET org_id = ? WHERE risk_point_id = ?",
		"UPDATE control_measure SET org_id = ? WHERE risk_point_id = ?",
	};

	if (a != EA_UPDATE || row_int(before, "org_id") == norg)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(moves); i++) {
		struct db_stmt *st = db_prepare(c->db, moves[i]);
		int ok = st && db_bind_int64(st, 1, norg) == 0 &&
			 db_bind_int64(st, 2, id) == 0 && db_step(st) == DB_DONE;

		db_finalize(st);
		if (!ok)
			return risk_internal(c, e, "move children");
	}
	return 0;
}

/* -------------------------------------------------- sources and measures */

/*
 * GB 6441-2025 replaces GB 6441-1986 (DOMAIN.md §0, §2): a new danger source uses a
 * 2025 type; a row recorded under 1986 keeps its code when edited, but may not be
 * switched to another 1986 code.
 */
static int source_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *t = row_str(obj, "accident_type"), *was = row_str(old, "accident_type");

	if (t && !accident_type_is_current(t) && !(was && strcmp(was, t) == 0))
		verr_add(e, "accident_type",
			 "新记录须使用 GB 6441-2025 的事故类型；GB 6441-1986 的类型仅保留在原有记录上");
	return 0;
}

/* A danger source or measure belongs to its risk point's enterprise (whose scope
 * the core has checked on the reference); an account given without a name fills
 * the responsible name. */
static int child_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			      const json_t *old, struct verr *e)
{
	int64_t org = 0;

	if (a == EA_DELETE)
		return 0;
	if (db_query_int64p(c->db, "SELECT org_id FROM risk_point WHERE id = ?", row_int(obj, "risk_point_id"),
		  &org, 0) != 0)
		return risk_internal(c, e, "risk point org");
	if (!org) {
		verr_add(e, "risk_point_id", "所选风险点不存在");
		return -1;
	}
	json_object_set_new(obj, "org_id", json_integer(org));
	if (json_object_get(obj, "responsible_id") && row_int(obj, "responsible_id") &&
	    !row_str(obj, "responsible_name")) {
		const char *n = user_name(c, row_int(obj, "responsible_id"));

		if (n)
			json_object_set_new(obj, "responsible_name", json_string(n));
	}
	return 0;
}

/* ------------------------------------------------------------- band edits */

#define REGRADE_BATCH 128	/* risk points read per statement while re-grading */

/* One graded risk point as the re-grade reads it. */
struct regrade_row {
	int64_t id;
	double score;
	char level[16];
	int has_class;		/* danger_class not NULL */
	char danger_class[256];	/* ≤ 60 characters of UTF-8 */
};

/* Reads up to REGRADE_BATCH graded risk points of method with id > after, in id
 * order, into rows. Returns the count, or -1 on error. */
static int regrade_batch(struct ectx *c, const char *method, int64_t after,
			 struct regrade_row *rows)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT id, score, level, danger_class FROM risk_point"
		" WHERE method = ? AND score IS NOT NULL AND id > ? ORDER BY id LIMIT ?");
	int n = 0, s = DB_ERR;

	if (!st || db_bind_text(st, 1, method) != 0 || db_bind_int64(st, 2, after) != 0 ||
	    db_bind_int64(st, 3, REGRADE_BATCH) != 0)
		goto out;
	while ((s = db_step(st)) == DB_ROW && n < REGRADE_BATCH) {
		struct regrade_row *x = &rows[n++];
		const char *lv = db_col_text(st, 2), *dc = db_col_text(st, 3);

		x->id = db_col_int64(st, 0);
		x->score = db_col_double(st, 1);
		snprintf(x->level, sizeof(x->level), "%s", lv ? lv : "");
		x->has_class = dc != NULL;
		snprintf(x->danger_class, sizeof(x->danger_class), "%s", dc ? dc : "");
	}
out:
	db_finalize(st);
	return s == DB_DONE || s == DB_ROW ? n : -1;
}

/*
 * Re-grades every graded risk point of method with bands, version ver of the method's
 * table (after a band edit; DOMAIN.md §3–4). A point whose level or danger class the
 * table changes is written through the core (entity_set_tx) with band_version = ver,
 * so risk_summary follows row by row; when its level changed the write is audited as
 * "regrade" (重新定级), one audit row per point. Its score and factors never change. A
 * point the table grades as before keeps its grade and the version that set it (which
 * grades it the same); one whose score no band holds any more keeps both too. 0 ok,
 * -1 with e filled.
 */
static int points_regrade(struct ectx *c, const char *method, const struct risk_bands *bands,
			  int64_t ver, struct verr *e)
{
	struct regrade_row rows[REGRADE_BATCH];
	int64_t last = 0;
	int n;

	do {
		n = regrade_batch(c, method, last, rows);
		if (n < 0)
			return risk_internal(c, e, "regrade");
		for (int i = 0; i < n; i++) {
			const struct regrade_row *x = &rows[i];
			const struct risk_band *b;
			enum risk_regrade rg = risk_regrade_of(bands, x->score,
				risk_level_parse(x->level), x->has_class ? x->danger_class : NULL, &b);
			int wr;
			json_t *set;

			last = x->id;
			if (rg == RISK_REGRADE_NONE)
				continue;
			set = json_pack("{s:s, s:s, s:o, s:I}", "level", risk_level_code(b->level),
					"colour", risk_colour_code(b->level), "danger_class",
					b->danger_class ? json_string(b->danger_class) : json_null(),
					"band_version", (json_int_t)ver);
			if (!set)
				BUG("regrade: json_pack");
			wr = entity_set_tx(c, &risk_point_def, x->id, NULL, set,
					   rg == RISK_REGRADE_LEVEL ? "regrade" : NULL, e);
			json_decref(set);
			if (wr < 0)
				return -1;
		}
	} while (n == REGRADE_BATCH);
	return 0;
}

/*
 * After a band row changes (create, update or delete), the method's table becomes a
 * new version (of both methods when the row changed method) and every risk point of
 * that method is re-graded with it in the same transaction, so no list, view or
 * cockpit shows a level the configuration no longer gives, and every grade names the
 * version that explains it.
 */
static int band_after_write(struct ectx *c, enum entity_action a, int64_t id,
			    const json_t *before, const json_t *after, struct verr *e)
{
	const char *methods[2] = { row_str(before, "method"), row_str(after, "method") };
	struct risk_bands bands;
	int64_t ver;

	for (int m = 0; m < 2; m++) {
		const char *method = methods[m];

		if (!method || (m == 1 && methods[0] && strcmp(methods[0], method) == 0))
			continue;
		if (bands_snapshot(c, method, &ver, e) != 0)
			return -1;
		if (risk_bands_load(c, method, ver, &bands, NULL) != 0)
			return risk_internal(c, e, "bands");
		if (points_regrade(c, method, &bands, ver, e) != 0)
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ risk report */

/* A submitted report is the enterprise's record to the regulator (seeds/004 item
 * 11): it is not changed afterwards. */
static int report_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *st = row_str(old, "status");

	if (st && strcmp(st, "submitted") == 0)
		verr_set(e, 409, "conflict", "风险报告已上报，不能修改");
	return 0;
}

/* Nor deleted. */
static int report_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			       const json_t *old, struct verr *e)
{
	const char *st = row_str(old, "status");

	if (a == EA_DELETE && st && strcmp(st, "submitted") == 0) {
		verr_set(e, 409, "conflict", "已上报的风险报告不能删除");
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------- annual report */

/* Writes {"<key>":[{"code","label","count"}]} from a two-column (code, count)
 * statement with the enterprise org bound at 1. */
int risk_write_counts(struct ectx *c, struct jw *w, const char *key, const char *sql,
			int64_t org, const struct enum_opt *opts)
{
	struct db_stmt *st = db_prepare(c->db, sql);
	int s, rc = -1;

	jw_key(w, key);
	jw_arr_begin(w);
	if (!st || db_bind_int64(st, 1, org))
		goto out;
	while ((s = db_step(st)) == DB_ROW) {
		const char *code = db_col_text(st, 0);
		const struct accident_type *t = !opts && code ? accident_type_find(code) : NULL;

		jw_obj_begin(w);
		jw_kstr(w, "code", code);
		jw_kstr(w, "label", opts ? risk_opt_label(opts, code) : t ? t->label : code);
		jw_kint(w, "count", db_col_int64(st, 1));
		jw_obj_end(w);
	}
	rc = s == DB_DONE ? 0 : -1;
out:
	jw_arr_end(w);
	db_finalize(st);
	return rc;
}

/*
 * The snapshot of an annual risk report (seeds/004 item 11: 每年第一季度完成风险报告)
 * of the enterprise whose org is org, as JSON text in c's arena: counts by level and
 * colour, by kind, by unit, danger sources by accident type, measures by kind, the
 * overdue reviews, and the 较大/重大 risk points with their sources and measures.
 * NULL on error.
 */
static const char *report_content(struct ectx *c, int64_t org, int year, const char *now)
{
	struct db_stmt *st = NULL;
	struct buf b;
	struct jw w;
	const char *r = NULL;
	char today[11];
	int s;

	time_date(now_utc(), today);
	buf_init(&b, (size_t)3 << 20);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kint(&w, "year", year);
	jw_kstr(&w, "generated_at", now);
	st = db_prepare(c->db, "SELECT name FROM enterprise WHERE org_id = ?");
	if (!st || db_bind_int64(st, 1, org) || (s = db_step(st)) < 0)
		goto out;
	jw_key(&w, "enterprise");
	jw_obj_begin(&w);
	jw_kint(&w, "org_id", org);
	jw_kstr(&w, "name", s == DB_ROW ? db_col_text(st, 0) : NULL);
	jw_obj_end(&w);
	db_finalize(st);
	st = db_prepare(c->db, "SELECT COUNT(*),"
		" SUM(CASE WHEN level = 'major' THEN 1 ELSE 0 END),"
		" SUM(CASE WHEN level = 'high' THEN 1 ELSE 0 END),"
		" SUM(CASE WHEN level = 'medium' THEN 1 ELSE 0 END),"
		" SUM(CASE WHEN level = 'low' THEN 1 ELSE 0 END),"
		" SUM(CASE WHEN next_review IS NOT NULL AND next_review < ? THEN 1 ELSE 0 END),"
		" (SELECT COUNT(*) FROM danger_source WHERE org_id = ?),"
		" (SELECT COUNT(*) FROM control_measure WHERE org_id = ?)"
		" FROM risk_point WHERE org_id = ?");
	if (!st || db_bind_text(st, 1, today) || db_bind_int64(st, 2, org) ||
	    db_bind_int64(st, 3, org) || db_bind_int64(st, 4, org) || db_step(st) != DB_ROW)
		goto out;
	jw_key(&w, "totals");
	jw_obj_begin(&w);
	jw_kint(&w, "risk_points", db_col_int64(st, 0));
	jw_kint(&w, "red", db_col_int64(st, 1));
	jw_kint(&w, "orange", db_col_int64(st, 2));
	jw_kint(&w, "yellow", db_col_int64(st, 3));
	jw_kint(&w, "blue", db_col_int64(st, 4));
	jw_kint(&w, "review_overdue", db_col_int64(st, 5));
	jw_kint(&w, "danger_sources", db_col_int64(st, 6));
	jw_kint(&w, "measures", db_col_int64(st, 7));
	jw_obj_end(&w);
	db_finalize(st);
	st = NULL;
	if (risk_write_counts(c, &w, "by_kind", "SELECT kind, COUNT(*) FROM risk_point WHERE org_id = ?"
			 " GROUP BY kind ORDER BY kind", org, risk_kind_opts) != 0 ||
	    risk_write_counts(c, &w, "by_method", "SELECT method, COUNT(*) FROM risk_point WHERE"
			 " org_id = ? GROUP BY method ORDER BY method", org, risk_method_opts) != 0 ||
	    risk_write_counts(c, &w, "by_control_level", "SELECT control_level, COUNT(*) FROM risk_point"
			 " WHERE org_id = ? GROUP BY control_level ORDER BY control_level", org,
			 risk_control_opts) != 0 ||
	    risk_write_counts(c, &w, "by_accident_type", "SELECT accident_type, COUNT(*) FROM"
			 " danger_source WHERE org_id = ? GROUP BY accident_type ORDER BY"
			 " accident_type", org, NULL) != 0 ||
	    risk_write_counts(c, &w, "measures_by_kind", "SELECT kind, COUNT(*) FROM control_measure"
			 " WHERE org_id = ? GROUP BY kind ORDER BY kind", org, risk_measure_kind_opts) != 0)
		goto out;
	st = db_prepare(c->db, "SELECT t.unit_id, u.name,"
		" SUM(CASE WHEN t.level = 'major' THEN 1 ELSE 0 END),"
		" SUM(CASE WHEN t.level = 'high' THEN 1 ELSE 0 END),"
		" SUM(CASE WHEN t.level = 'medium' THEN 1 ELSE 0 END),"
		" SUM(CASE WHEN t.level = 'low' THEN 1 ELSE 0 END)"
		" FROM risk_point t LEFT JOIN org u ON u.id = t.unit_id WHERE t.org_id = ?"
		" GROUP BY t.unit_id, u.name, u.path ORDER BY u.path, t.unit_id");
	if (!st || db_bind_int64(st, 1, org))
		goto out;
	jw_key(&w, "by_unit");
	jw_arr_begin(&w);
	while ((s = db_step(st)) == DB_ROW) {
		jw_obj_begin(&w);
		jw_kint(&w, "unit_id", db_col_int64(st, 0));
		jw_kstr(&w, "unit_name", db_col_text(st, 1));
		jw_kint(&w, "red", db_col_int64(st, 2));
		jw_kint(&w, "orange", db_col_int64(st, 3));
		jw_kint(&w, "yellow", db_col_int64(st, 4));
		jw_kint(&w, "blue", db_col_int64(st, 5));
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	if (s != DB_DONE)
		goto out;
	db_finalize(st);
	st = db_prepare(c->db, "SELECT " POINT_COLS POINT_FROM " WHERE t.org_id = ? AND"
			" t.level IN ('major', 'high') ORDER BY " LEVEL_RANK ", u.path, t.id LIMIT ?");
	if (!st || db_bind_int64(st, 1, org) || db_bind_int64(st, 2, RISK_VIEW_MAX))
		goto out;
	jw_key(&w, "major_points");
	jw_arr_begin(&w);
	while ((s = db_step(st)) == DB_ROW)
		if (risk_write_point(c, &w, st, 1, 0) != 0)
			goto out;
	jw_arr_end(&w);
	if (s != DB_DONE)
		goto out;
	jw_obj_end(&w);
	if (!buf_failed(&b))
		r = arena_strdup(c->arena, buf_str(&b));
out:
	if (!r)
		log_err("risk report content: %s", db_errmsg(c->db));
	db_finalize(st);
	buf_release(&b);
	return r;
}

/*
 * Creates or regenerates (a draft only) the report of enterprise org for year inside
 * the caller's transaction. *id gets the report id, *created 1 for a new one.
 * 0 ok; -1 with e filled (409 when that year's report is already submitted).
 */
int risk_report_save(struct ectx *c, int64_t org, int year, int64_t *id, int *created,
		       struct verr *e)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT id, status FROM risk_report WHERE org_id = ? AND year = ?");
	const char *content, *status = NULL;
	char now[20];
	json_t *obj = NULL;
	int s, rc = -1;

	*id = 0;
	*created = 0;
	if (!st || db_bind_int64(st, 1, org) || db_bind_int64(st, 2, year) ||
	    (s = db_step(st)) < 0) {
		db_finalize(st);
		return risk_internal(c, e, "report lookup");
	}
	if (s == DB_ROW) {
		*id = db_col_int64(st, 0);
		status = arena_strdup(c->arena, db_col_text(st, 1));
	}
	db_finalize(st);
	if (status && strcmp(status, "submitted") == 0) {
		verr_set(e, 409, "conflict", arena_printf(c->arena,
			 "%d 年度风险报告已上报，不能重新生成", year));
		return -1;
	}
	time_datetime(now_utc(), now);
	content = report_content(c, org, year, now);
	if (!content)
		return risk_internal(c, e, "report content");
	obj = json_pack("{s:s, s:s}", "content", content, "generated_at", now);
	if (*id) {
		rc = entity_update_tx(c, &risk_report_def, *id, obj, e);
	} else {
		json_object_set_new(obj, "org_id", json_integer(org));
		json_object_set_new(obj, "year", json_integer(year));
		json_object_set_new(obj, "status", json_string("draft"));
		{
			/* the calendar's due: seeds/004 第22项, by the enterprise's scale */
			char key[16], due[20];
			snprintf(key, sizeof(key), "%04d", year);
			if (ob_due_for(c->db, "risk_report_annual", org, key, due) == 1)
				json_object_set_new(obj, "due_date", json_string(arena_printf(c->arena,
						    "%.10s", due)));
			else
				json_object_set_new(obj, "due_date", json_string(arena_printf(c->arena,
						    "%04d-11-30", year)));
		}
		*id = entity_create_tx(c, &risk_report_def, obj, e);
		*created = 1;
		rc = *id > 0 ? 0 : -1;
	}
	json_decref(obj);
	return rc;
}

/*
 * POST /api/risk_report/generate {"org_id", "year"} — builds the year's report of
 * an enterprise from its data (ent_manager, ent_principal of an enterprise in scope;
 * admin). One per enterprise and year: a draft is regenerated (200), a submitted one
 * is 409; a new one is 201. org_id defaults to the caller's org.
 */
static int report_generate(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	json_t *jy = json_object_get(r->json, "year"), *jo = json_object_get(r->json, "org_id");
	const char *kind = NULL;
	int64_t org = r->user->org_id, id = 0;
	int year, created = 0, found, vis;
	struct verr e;

	verr_init(&e, &r->arena);
	if (!json_is_integer(jy) || json_integer_value(jy) < 2000 || json_integer_value(jy) > 2100)
		return http_error(s, 400, "validation", "年度须为 2000 至 2100 之间的整数", "year");
	year = (int)json_integer_value(jy);
	if (jo && !json_is_null(jo)) {
		if (!json_is_integer(jo) || json_integer_value(jo) <= 0)
			return http_error(s, 400, "validation", "请选择企业", "org_id");
		org = (int64_t)json_integer_value(jo);
	}
	found = risk_org_row(&c, org, NULL, &kind, NULL, NULL);
	vis = found == 1 ? scope_row_visible(&c, org) : found;
	if (found < 0 || vis < 0)
		return http_internal(s);
	if (!found || !vis)
		return http_not_found(s);
	if (strcmp(kind, "enterprise") != 0)
		return http_error(s, 400, "validation", "请选择企业", "org_id");
	if (db_begin(r->db) != 0) {
		log_err("begin: %s", db_errmsg(r->db));
		return http_internal(s);
	}
	if (risk_report_save(&c, org, year, &id, &created, &e) != 0) {
		db_rollback(r->db);
		return verr_send(&e, s);
	}
	if (db_commit(r->db) != 0) {
		log_err("commit: %s", db_errmsg(r->db));
		db_rollback(r->db);
		return http_internal(s);
	}
	return entity_send(&c, &risk_report_def, id, created ? 201 : 200, s);
}

/* 上报 (the workflow's apply step): when and by whom; the core writes the state,
 * guards it against a concurrent 上报 and audits the action. w->now is the action's
 * clock (the demo sets entity_clock to build a past). */
static int report_submit_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "submitted_at", json_string(w->now));
	if (w->c->user)
		json_object_set_new(w->set, "submitted_by", json_integer(w->c->user->id));
	return 0;
}

/* -------------------------------------------------------------- registry */

static const struct route risk_routes[] = {
	{HTTP_GET, "/api/risk/bands", risk_bands_view, 0, 0},
	{HTTP_GET, "/api/risk/due", risk_due, 0, 0},
	{HTTP_GET, "/api/risk/distribution", risk_distribution, 0, 0},
	/* staff read only their own post's card (my-card), never another post's */
	{HTTP_GET, "/api/risk/card", risk_card, 0, RB(ROLE_ADMIN) | RB(ROLE_REGULATOR) |
	 RB(ROLE_DEPARTMENT) | RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL)},
	{HTTP_GET, "/api/risk/my-card", risk_my_card, 0, 0},
	{HTTP_GET, "/api/risk/board", risk_board, 0, 0},
	{HTTP_POST, "/api/risk_report/generate", report_generate, ROUTE_JSON, RISK_WRITERS},
};

/* Registers the risk entities and routes (see mod.h); the accident-type options
 * are built here from rules/accident_type.c. */
void risk_init(void)
{
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(accident_types_2025); i++) {
		accident_opts[n].code = accident_types_2025[i].code;
		accident_opts[n++].label = accident_types_2025[i].label;
	}
	for (size_t i = 0; i < ARRAY_SIZE(accident_types_1986); i++) {
		snprintf(accident_old_labels[i], sizeof(accident_old_labels[i]), "%s (GB 6441-1986)",
			 accident_types_1986[i].label);
		accident_opts[n].code = accident_types_1986[i].code;
		accident_opts[n++].label = accident_old_labels[i];
	}
	accident_opts[n].code = NULL;
	accident_opts[n].label = NULL;
	entity_register(&risk_point_def);
	entity_register(&risk_source_def);
	entity_register(&risk_measure_def);
	entity_register(&band_def);
	entity_register(&risk_report_def);
	router_add(risk_routes, ARRAY_SIZE(risk_routes));
	entity_perm_register("risk_report:generate", RISK_WRITERS);
}
