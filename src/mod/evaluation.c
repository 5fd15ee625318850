/*
 * evaluation.c — declarations of the yearly evaluation (see evaluation.h).
 *
 * seeds/001 task 2: 对区管企业治本攻坚、重大事故隐患治理等工作开展情况进行督查考核，
 * 严格落实"一票否优"…加大点名、通报、约谈、移交力度; seeds/003 item 13: 约谈警示、
 * 挂牌督办等刚性约束措施; seeds/002 §五(三): 活动成效纳入绩效考核; seeds/001 §四(一):
 * 晾晒通报. A scheme belongs to the regulator that writes it and covers the
 * enterprises that regulator sees (scope_org). Its indicators are chosen from the
 * catalogue below, each computed by one declared SQL over the year — the same SQL
 * lists the records behind the figure. Publishing freezes the results (eval_result,
 * one row per enterprise, scoped to it): the figures and the ids of the records
 * behind each point are stored and never recomputed.
 */
#include <math.h>
#include <string.h>

#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "http/http.h"
#include "mod/evaluation.h"
#include "rules/evaluation.h"

#define RB(r) (1u << (r))
#define EV_WRITERS (RB(ROLE_ADMIN) | RB(ROLE_REGULATOR))
#define EV_DISTRICT (RB(ROLE_ADMIN) | RB(ROLE_REGULATOR) | RB(ROLE_DEPARTMENT))

/* ------------------------------------------------------------ the catalogue */

/* A hazard is due in the year when its deadline fell between 1 January and today
 * (or 31 December of a past year); done on time when closed by it (原安监总局令第16号
 * 第十五条: 按期整改). */
#define HZ_DUE "t.status <> 'dismissed' AND t.deadline IS NOT NULL AND t.deadline >= {y0}" \
	" AND t.deadline <= {cut}"
#define HZ_ON_TIME "t.status = 'closed' AND t.closed_at IS NOT NULL AND t.closed_at <= t.deadline"
/* an obligation of the calendar due in the year and already judged */
#define OB_DUE "t.party = 'enterprise' AND substr(t.due_at, 1, 10) >= {y0}" \
	" AND substr(t.due_at, 1, 10) <= {cut} AND t.status IN ('done', 'done_late', 'overdue')"
#define ACC_YEAR "t.kind = 'accident' AND substr(t.occurred_at, 1, 10) >= {y0}" \
	" AND substr(t.occurred_at, 1, 10) <= {y1}"

const struct ev_rule ev_indicators[] = {
	{"hazard_ontime", "隐患按期整改率", "原安监总局令第16号 第十五条；seeds/001 §二", "hazard",
	 "hazard t", HZ_DUE, HZ_ON_TIME, "t.title", "t.deadline", NULL},
	{"major_cleared", "重大事故隐患整改销号率（动态清零）", "seeds/001 §二3：重大事故隐患动态清零",
	 "hazard", "hazard t",
	 "t.status <> 'dismissed' AND t.level = 'major' AND t.found_at >= {y0} AND t.found_at <= {y1}",
	 "t.status = 'closed'", "t.title", "t.found_at", NULL},
	{"obligation_ontime", "履职事项按时完成率", "履职日历（各项法定义务）", "obligation",
	 "obligation t", OB_DUE, "t.status = 'done'", "t.duty_label || ' ' || t.period_label",
	 "substr(t.due_at, 1, 10)", NULL},
	{"inspection_done", "主要负责人带队检查按时完成率",
	 "seeds/001 §二4：主要负责人每季度（高危行业每月）带队检查重大事故隐患", "obligation",
	 "obligation t",
	 OB_DUE " AND t.duty IN ('principal_major_inspection', 'principal_major_inspection_hr')",
	 "t.status = 'done'", "t.duty_label || ' ' || t.period_label", "substr(t.due_at, 1, 10)", NULL},
	{"drill_done", "应急演练按时完成率",
	 "应急管理部令第2号 第三十三条；seeds/001 §二5：疏散逃生演练每年（高危行业每半年）",
	 "obligation", "obligation t", OB_DUE " AND t.duty LIKE 'em_drill%'",
	 "t.status = 'done'", "t.duty_label || ' ' || t.period_label", "substr(t.due_at, 1, 10)", NULL},
	{"training_done", "人员证书按期复审率", "原安监总局令第30号（特种作业人员复审）", "obligation",
	 "obligation t", OB_DUE " AND t.duty = 'training_cert_due'",
	 "t.status = 'done'", "t.duty_label || ' ' || t.title", "substr(t.due_at, 1, 10)", NULL},
	{"submit_ontime", "信息报送按时率", "seeds/001 §三(三)：每月20日前报送", "obligation",
	 "obligation t", OB_DUE " AND t.duty = 'submission_due'",
	 "t.status = 'done'", "t.title", "substr(t.due_at, 1, 10)", NULL},
	{"accident_free", "无生产安全事故", "国务院令第493号；每起事故该项不得分", "accident",
	 "accident t", ACC_YEAR, "1 = 0", "t.title", "substr(t.occurred_at, 1, 10)", NULL},
};
const size_t ev_nindicators = ARRAY_SIZE(ev_indicators);

const struct ev_rule ev_vetoes[] = {
	{"accident_larger", "发生较大及以上生产安全事故", "国务院令第493号 第三条；seeds/001 任务2 一票否优",
	 "accident", "accident t", ACC_YEAR " AND t.grade IN ('larger', 'major', 'especially_major')",
	 NULL, "t.title", "substr(t.occurred_at, 1, 10)", "veto_accident_larger"},
	{"accident_death", "发生造成人员死亡的生产安全事故", "seeds/001 任务2 一票否优", "accident",
	 "accident t", ACC_YEAR " AND t.deaths > 0", NULL, "t.title",
	 "substr(t.occurred_at, 1, 10)", "veto_accident_death"},
	{"accident_late", "事故迟报、漏报、谎报或瞒报", "国务院令第493号 第九条、第三十六条", "accident",
	 "accident t", ACC_YEAR " AND t.late = 1", NULL, "t.title",
	 "substr(t.occurred_at, 1, 10)", "veto_accident_late"},
	{"major_overdue", "重大事故隐患逾期未整改", "原安监总局令第16号 第十五条；seeds/001 §二3",
	 "hazard", "hazard t", HZ_DUE " AND t.level = 'major' AND NOT (" HZ_ON_TIME ")", NULL,
	 "t.title", "t.deadline", "veto_major_overdue"},
	{"supervise_missed", "挂牌督办或整改通知书逾期未办结", "seeds/003 第13项：挂牌督办", "obligation",
	 "obligation t", OB_DUE " AND t.duty IN ('hazard_supervise', 'rectify_notice_reply')"
	 " AND t.status <> 'done'", NULL, "t.duty_label || ' ' || t.title",
	 "substr(t.due_at, 1, 10)", "veto_supervise_missed"},
};
const size_t ev_nvetoes = ARRAY_SIZE(ev_vetoes);

const struct ev_rule *ev_indicator_find(const char *code)
{
	for (size_t i = 0; code && i < ev_nindicators; i++)
		if (strcmp(ev_indicators[i].code, code) == 0)
			return &ev_indicators[i];
	return NULL;
}

const struct ev_rule *ev_veto_find(const char *code)
{
	for (size_t i = 0; code && i < ev_nvetoes; i++)
		if (strcmp(ev_vetoes[i].code, code) == 0)
			return &ev_vetoes[i];
	return NULL;
}

/* -------------------------------------------------------------- the scheme */

static const struct enum_opt scheme_status_opts[] = {
	{"draft", "未发布（可重算）"}, {"published", "已发布（已冻结）"}, {NULL, NULL}
};
static const struct enum_opt grade_opts[] = {
	{"excellent", "优秀"}, {"good", "良好"}, {"pass", "合格"}, {"fail", "不合格"}, {NULL, NULL}
};
static struct enum_opt indicator_opts[16];

#define G_BANDS "等次划分（方案配置）"
#define G_VETO "一票否优（seeds/001 任务2）"

static const struct field_def scheme_fields[] = {
	{.name = "name", .label = "方案名称", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "year", .label = "考核年度", .type = FT_INT, .min = 2000, .max = 2100,
	 .flags = F_REQUIRED | F_FILTER | F_SORT | F_LIST},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = scheme_status_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "band_excellent", .label = "优秀（不低于，分）", .type = FT_REAL, .min = 0, .max = 100,
	 .group = G_BANDS, .help = "⚠️ 文件未规定分数线：默认 90，由方案设定"},
	{.name = "band_good", .label = "良好（不低于，分）", .type = FT_REAL, .min = 0, .max = 100,
	 .group = G_BANDS, .help = "⚠️ 默认 80"},
	{.name = "band_pass", .label = "合格（不低于，分）", .type = FT_REAL, .min = 0, .max = 100,
	 .group = G_BANDS, .help = "⚠️ 默认 60"},
	{.name = "bonus_cap", .label = "加分上限（分）", .type = FT_REAL, .min = 0, .max = 100,
	 .group = G_BANDS, .help = "⚠️ 默认 5"},
	{.name = "veto_cap", .label = "否决后最高等次", .type = FT_ENUM, .opts = grade_opts,
	 .group = G_VETO, .help = "一票否优：触发否决事项的企业不得评为优秀（默认最高为良好）"},
	{.name = "veto_accident_larger", .label = "较大及以上事故", .type = FT_BOOL, .group = G_VETO},
	{.name = "veto_accident_death", .label = "发生亡人事故", .type = FT_BOOL, .group = G_VETO},
	{.name = "veto_accident_late", .label = "事故迟报瞒报", .type = FT_BOOL, .group = G_VETO},
	{.name = "veto_major_overdue", .label = "重大隐患逾期未整改", .type = FT_BOOL, .group = G_VETO},
	{.name = "veto_supervise_missed", .label = "督办逾期未办结", .type = FT_BOOL, .group = G_VETO},
	{.name = "note", .label = "考核说明", .type = FT_LONGTEXT},
	{.name = "files", .label = "方案文件", .type = FT_FILES},
	{.name = "published_at", .label = "发布时间", .type = FT_DATETIME,
	 .flags = F_READONLY | F_LIST},
	{.name = "published_by", .label = "发布人", .type = FT_REF, .ref = "user", .flags = F_READONLY},
};

static int scheme_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	struct ev_bands b = EV_BANDS_DEFAULT;
	json_t *v;

	(void)c;
	if (old && row_str(old, "status") && strcmp(row_str(old, "status"), "published") == 0) {
		verr_set(e, 409, "bad_state", "方案已发布，考核结果已冻结，不能修改");
		return 0;
	}
	if ((v = json_object_get(obj, "band_excellent")) && json_is_number(v))
		b.excellent = llround(json_number_value(v) * 100);
	if ((v = json_object_get(obj, "band_good")) && json_is_number(v))
		b.good = llround(json_number_value(v) * 100);
	if ((v = json_object_get(obj, "band_pass")) && json_is_number(v))
		b.pass = llround(json_number_value(v) * 100);
	if (!ev_bands_ok(&b))
		verr_add(e, "band_good", "等次分数线须依次降低：优秀 > 良好 > 合格");
	return 0;
}

static void set_default_real(json_t *obj, const char *k, double v)
{
	json_t *x = json_object_get(obj, k);

	if (!x || json_is_null(x))
		json_object_set_new(obj, k, json_real(v));
}

static int scheme_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			       const json_t *old, struct verr *e)
{
	(void)c;
	if (a == EA_DELETE) {
		if (row_str(old, "status") && strcmp(row_str(old, "status"), "published") == 0) {
			verr_set(e, 409, "bad_state", "方案已发布，考核结果已冻结，不能删除");
			return -1;
		}
		return 0;
	}
	if (a == EA_CREATE) {
		json_object_set_new(obj, "status", json_string("draft"));
		set_default_real(obj, "band_excellent", 90);
		set_default_real(obj, "band_good", 80);
		set_default_real(obj, "band_pass", 60);
		set_default_real(obj, "bonus_cap", 5);
		if (!row_str(obj, "veto_cap"))
			json_object_set_new(obj, "veto_cap", json_string("good"));
	}
	return 0;
}

static int scheme_after_write(struct ectx *c, enum entity_action a, int64_t id,
			      const json_t *before, const json_t *after, struct verr *e)
{
	struct db_stmt *st;
	int rc = 0;

	(void)before; (void)after;
	if (a != EA_DELETE)
		return 0;
	/* a draft's indicators and adjustments go with it */
	st = db_prepare(c->db, "DELETE FROM eval_indicator WHERE scheme_id = ?");
	if (!st || db_bind_int64(st, 1, id) < 0 || db_step(st) != DB_DONE)
		rc = -1;
	db_finalize(st);
	st = rc ? NULL : db_prepare(c->db, "DELETE FROM eval_adjust WHERE scheme_id = ?");
	if (!rc && (!st || db_bind_int64(st, 1, id) < 0 || db_step(st) != DB_DONE))
		rc = -1;
	db_finalize(st);
	if (rc)
		verr_set(e, 500, "internal", "服务器内部错误");
	return rc;
}

const struct entity_def eval_scheme_def = {
	.name = "eval_scheme", .table = "eval_scheme", .label = "考核方案",
	.fields = scheme_fields, .nfields = ARRAY_SIZE(scheme_fields),
	.read_roles = EV_DISTRICT, .write_roles = EV_WRITERS,
	.display_field = "name", .default_sort = "-year",
	.validate = scheme_validate, .before_write = scheme_before_write,
	.after_write = scheme_after_write,
};

/* A row of a scheme (indicator, adjustment) may change only while it is a draft;
 * *scheme gets the scheme row (NULL when missing or not visible: a field error). */
static int scheme_open(struct ectx *c, const json_t *obj, json_t **scheme, struct verr *e)
{
	int64_t sid = row_int(obj, "scheme_id");
	json_t *s = sid ? entity_get(c, &eval_scheme_def, sid) : NULL;

	*scheme = s;
	if (!s) {
		verr_add(e, "scheme_id", "请选择考核方案");
		return -1;
	}
	if (row_str(s, "status") && strcmp(row_str(s, "status"), "published") == 0) {
		verr_set(e, 409, "bad_state", "方案已发布，考核结果已冻结，不能修改");
		return -1;
	}
	return 0;
}

/* ----------------------------------------------------------- indicators */

static const struct field_def indicator_fields[] = {
	{.name = "scheme_id", .label = "考核方案", .type = FT_REF, .ref = "eval_scheme",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "code", .label = "考核指标", .type = FT_ENUM, .opts = indicator_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST,
	 .help = "每项指标由平台按年度数据计算：得分 = 分值 × 按要求完成数 / 应完成数"},
	{.name = "weight", .label = "分值", .type = FT_REAL, .min = 0.01, .max = 100,
	 .flags = F_REQUIRED | F_LIST},
	{.name = "note", .label = "评分说明", .type = FT_TEXT, .max_len = 500, .flags = F_LIST},
};

static int indicator_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	json_t *s = NULL;
	int64_t n = 0, params[2];

	if (scheme_open(c, obj, &s, e) < 0) {
		json_decref(s);
		return 0;
	}
	json_decref(s);
	s = NULL;
	/* moving an indicator out of a published scheme is changing that scheme */
	if (old && row_int(old, "scheme_id") != row_int(obj, "scheme_id") &&
	    scheme_open(c, old, &s, e) < 0) {
		json_decref(s);
		return 0;
	}
	/* weights of a scheme add up to at most 100 */
	params[0] = row_int(obj, "scheme_id");
	params[1] = old ? row_int(old, "id") : 0;
	{
		struct db_stmt *st = db_prepare(c->db,
			"SELECT COALESCE(SUM(weight), 0), SUM(CASE WHEN code = ? THEN 1 ELSE 0 END)"
			" FROM eval_indicator WHERE scheme_id = ? AND id <> ?");
		double sum = 0;

		if (!st || db_bind_text(st, 1, row_str(obj, "code")) < 0 ||
		    db_bind_int64(st, 2, params[0]) < 0 || db_bind_int64(st, 3, params[1]) < 0 ||
		    db_step(st) != DB_ROW) {
			db_finalize(st);
			json_decref(s);
			verr_set(e, 500, "internal", "服务器内部错误");
			return 0;
		}
		sum = db_col_double(st, 0);
		n = db_col_int64(st, 1);
		db_finalize(st);
		if (n > 0)
			verr_add(e, "code", "该方案已有此考核指标");
		if (llround((sum + json_number_value(json_object_get(obj, "weight"))) * 100) > 10000)
			verr_add(e, "weight", "各项指标分值合计不能超过 100 分（已有 %.2f 分）", sum);
	}
	json_decref(s);
	return 0;
}


/* Deleting a row of a published scheme is refused like changing it. */
static int child_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			      const json_t *old, struct verr *e)
{
	json_t *s = NULL;

	(void)obj;
	if (a == EA_DELETE) {
		if (scheme_open(c, old, &s, e) < 0) {
			json_decref(s);
			return -1;
		}
		json_decref(s);
	}
	return 0;
}

static int indicator_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				  const json_t *old, struct verr *e)
{
	json_t *s;

	if (a == EA_DELETE)
		return child_before_write(c, a, obj, old, e);
	/* the indicator is the scheme's: the same org */
	s = entity_get(c, &eval_scheme_def, row_int(obj, "scheme_id"));
	if (!s) {
		verr_add(e, "scheme_id", "请选择考核方案");
		return -1;
	}
	json_object_set_new(obj, "org_id", json_integer(row_int(s, "org_id")));
	json_decref(s);
	return 0;
}

const struct entity_def eval_indicator_def = {
	.name = "eval_indicator", .table = "eval_indicator", .label = "考核指标",
	.fields = indicator_fields, .nfields = ARRAY_SIZE(indicator_fields),
	.read_roles = EV_DISTRICT, .write_roles = EV_WRITERS,
	.display_field = "code", .default_sort = "id",
	.validate = indicator_validate, .before_write = indicator_before_write,
};

/* ---------------------------------------------------------- adjustments */

static const struct enum_opt adjust_kind_opts[] = {
	{"deduct", "扣分"}, {"bonus", "加分"}, {NULL, NULL}
};

static const struct field_def adjust_fields[] = {
	{.name = "scheme_id", .label = "考核方案", .type = FT_REF, .ref = "eval_scheme",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "kind", .label = "类型", .type = FT_ENUM, .opts = adjust_kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "points", .label = "分数", .type = FT_REAL, .min = 0.01, .max = 100,
	 .flags = F_REQUIRED | F_LIST},
	{.name = "reason", .label = "事由", .type = FT_TEXT, .max_len = 500,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "adjust_date", .label = "认定日期", .type = FT_DATE, .flags = F_LIST | F_SORT},
	{.name = "files", .label = "依据文件", .type = FT_FILES,
	 .help = "扣分、加分须附依据（通报、表彰文件或检查记录）"},
};

static int adjust_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	json_t *s = NULL;
	int64_t org = row_int(obj, "org_id"), ent;

	if (scheme_open(c, obj, &s, e) < 0) {
		json_decref(s);
		return 0;
	}
	json_decref(s);
	ent = org_enterprise_of(c->db, org);
	if (ent < 0) {
		verr_set(e, 500, "internal", "服务器内部错误");
		return 0;
	}
	if (!org || ent != org)
		verr_add(e, "org_id", "请选择被考核企业");
	(void)old;
	return 0;
}

const struct entity_def eval_adjust_def = {
	.name = "eval_adjust", .table = "eval_adjust", .label = "考核加减分",
	.fields = adjust_fields, .nfields = ARRAY_SIZE(adjust_fields),
	.read_roles = EV_DISTRICT, .write_roles = EV_WRITERS,
	.display_field = "reason", .default_sort = "-id",
	.validate = adjust_validate, .before_write = child_before_write,
};

/* -------------------------------------------------------- frozen results */

static const struct field_def result_fields[] = {
	{.name = "scheme_id", .label = "考核方案", .type = FT_REF, .ref = "eval_scheme",
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "year", .label = "考核年度", .type = FT_INT, .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "enterprise_name", .label = "企业", .type = FT_TEXT, .max_len = 200,
	 .flags = F_READONLY | F_SEARCH | F_LIST},
	{.name = "rank", .label = "名次", .type = FT_INT, .flags = F_READONLY | F_SORT | F_LIST},
	{.name = "ranked", .label = "参评企业数", .type = FT_INT, .flags = F_READONLY},
	{.name = "score", .label = "得分", .type = FT_REAL, .flags = F_READONLY | F_SORT | F_LIST},
	{.name = "points", .label = "指标得分", .type = FT_REAL, .flags = F_READONLY},
	{.name = "deductions", .label = "扣分", .type = FT_REAL, .flags = F_READONLY | F_LIST},
	{.name = "bonuses", .label = "加分", .type = FT_REAL, .flags = F_READONLY | F_LIST},
	{.name = "grade", .label = "等次", .type = FT_ENUM, .opts = grade_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "grade_by_score", .label = "按分数等次", .type = FT_ENUM, .opts = grade_opts,
	 .flags = F_READONLY},
	{.name = "vetoed", .label = "一票否优", .type = FT_BOOL, .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "veto_text", .label = "否决事项", .type = FT_TEXT, .max_len = 1000,
	 .flags = F_READONLY | F_LIST},
	{.name = "ontime_rate", .label = "履职按时率（%）", .type = FT_REAL,
	 .flags = F_READONLY | F_SORT | F_LIST},
	{.name = "overdue_hazards", .label = "逾期隐患", .type = FT_INT,
	 .flags = F_READONLY | F_SORT | F_LIST},
	{.name = "published_at", .label = "发布时间", .type = FT_DATETIME, .flags = F_READONLY},
	/* the snapshot: the figures the ranking reads, and every figure with the
	 * records behind it (JSON) */
	{.name = "figures", .label = "冻结得分", .type = FT_LONGTEXT, .max_len = 100000,
	 .flags = F_READONLY | F_HIDDEN | F_SECRET},
	/* (secret: served only by the ranking and the drill-down routes, kept out of
	 * the lists, the exports and the audit rows) */
	{.name = "detail", .label = "冻结明细", .type = FT_LONGTEXT, .max_len = 1000000,
	 .flags = F_READONLY | F_HIDDEN | F_SECRET},
};

static const char *const result_indexes[] = { "scheme_id, rank", NULL };

const struct entity_def eval_result_def = {
	.name = "eval_result", .table = "eval_result", .label = "考核结果",
	.fields = result_fields, .nfields = ARRAY_SIZE(result_fields),
	.flags = E_NO_CREATE | E_NO_UPDATE | E_NO_DELETE | E_ORG_NAMED,
	.write_roles = RB(ROLE_ADMIN),
	.display_field = "enterprise_name", .default_sort = "rank",
	.indexes = result_indexes,
};

/* ------------------------------------------------- accountability measures */

static const struct enum_opt measure_kind_opts[] = {
	{"roll_call", "点名"}, {"bulletin", "通报"}, {"interview", "约谈"}, {"transfer", "移交"},
	{NULL, NULL}
};
static const struct enum_opt finding_opts[] = {
	{"hazard", "隐患"}, {"accident", "事故"}, {"eval_result", "考核结果（一票否优）"},
	{"obligation", "履职事项"}, {NULL, NULL}
};

static const struct field_def measure_fields[] = {
	{.name = "kind", .label = "问责方式", .type = FT_ENUM, .opts = measure_kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST,
	 .help = "seeds/001 任务2：点名、通报、约谈、移交"},
	{.name = "measure_date", .label = "日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_RANGE | F_SORT | F_LIST},
	{.name = "finding_type", .label = "问题来源", .type = FT_ENUM, .opts = finding_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "finding_id", .label = "来源记录编号", .type = FT_INT, .min = 1, .max = 1e15,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "reason", .label = "问题及理由", .type = FT_LONGTEXT, .flags = F_REQUIRED | F_SEARCH},
	{.name = "target_person", .label = "被约谈（问责）人", .type = FT_TEXT, .max_len = 100,
	 .flags = F_LIST},
	{.name = "transfer_to", .label = "移交单位", .type = FT_TEXT, .max_len = 200,
	 .help = "移交纪检监察、司法机关等"},
	{.name = "files", .label = "通报、约谈记录等文件", .type = FT_FILES},
};

/* The finding must be a record of the same enterprise (its table is one of the
 * constants above, chosen by the enum code). */
static int measure_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *ft = row_str(obj, "finding_type");
	const struct entity_def *fe = ft ? entity_find(ft) : NULL;
	int64_t org = row_int(obj, "org_id"), ent = org_enterprise_of(c->db, org);
	json_t *f;

	(void)old;
	if (ent < 0) {
		verr_set(e, 500, "internal", "服务器内部错误");
		return 0;
	}
	if (!org || ent != org) {
		verr_add(e, "org_id", "请选择被问责企业");
		return 0;
	}
	if (!fe)
		return 0;
	f = entity_get(c, fe, row_int(obj, "finding_id"));
	if (!f || row_int(f, "org_id") != org)
		verr_add(e, "finding_id", "来源记录不存在或不属于该企业");
	json_decref(f);
	return 0;
}

const struct entity_def eval_measure_def = {
	.name = "eval_measure", .table = "eval_measure", .label = "问责措施",
	.fields = measure_fields, .nfields = ARRAY_SIZE(measure_fields),
	.write_roles = EV_WRITERS,
	.display_field = "reason", .default_sort = "-measure_date",
	.validate = measure_validate,
};

/* ---------------------------------------------------------------- module */

int evaluation_schema(struct db *db)
{
	(void)db;
	return 0;
}

void evaluation_init(void)
{
	size_t n = 0;

	for (size_t i = 0; i < ev_nindicators && n + 1 < ARRAY_SIZE(indicator_opts); i++, n++) {
		indicator_opts[n].code = ev_indicators[i].code;
		indicator_opts[n].label = ev_indicators[i].label;
	}
	entity_register(&eval_scheme_def);
	entity_register(&eval_indicator_def);
	entity_register(&eval_adjust_def);
	entity_register(&eval_result_def);
	entity_register(&eval_measure_def);
	evaluation_calc_init();
}
