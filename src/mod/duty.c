/*
 * duty.c — 全员安全生产责任制 (issue 9; seeds/000 二(一)(三)2–3, 004 第1、2、10项):
 *
 *   post_duty        岗位责任（一岗一责）: the duties of one post — a unit of level
 *                    岗位 in the enterprise tree (org, risk.c post_id) — with the
 *                    responsible person, scope, assessment criteria, key / high-risk
 *                    flags (000 二(三)2). org_id is the post itself, so the post's
 *                    enterprise and its regulators see it. One record per post.
 *   principal_duty   主要负责人七项法定职责履职记录 per enterprise and year (安全生产法
 *                    第二十一条): a note and files per duty; GET /api/duty/seven adds
 *                    what the data already proves (duty 5 → risk points and the year's
 *                    hazards, duty 6 → emergency plans once that entity exists …).
 *   resp_letter      安全生产责任书 signed each year with each department (004 第10项).
 *   duty_report      主要负责人履职报告, half-yearly, due end of June / December, reported
 *                    to all staff and posted on site with a photo (004 第1项).
 *   commitment       安全生产承诺书 signed by the principal, posted long-term (004 第2项).
 *   resp_assessment  全员安全生产责任制落实情况考核, yearly, per person or department,
 *                    tied to pay or not (000 二(三)3, 004 第10项).
 *   accountability   追责问责: who, what failure, the measure, the date (000 二(三)3).
 *
 * Declared views: GET /api/duty/uncovered-points (risk points without a responsible
 * post: none chosen, or the post has no duties) and /api/duty/posts-without-duty.
 * The enterprise home counts both (duty_home).
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
#include "entity/obligation.h"
#include "http/http.h"
#include "mod/duty.h"
#include "mod/mod.h"
#include "rules/duty.h"

#define RB(r) (1u << (r))
/* Records of the enterprise: its safety manager and principal (and the admin). */
#define DUTY_WRITERS (RB(ROLE_ADMIN) | RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL))

/* ------------------------------------------------------------------ helpers */

int duty_has_files(const json_t *o, const char *k)
{
	const json_t *v = o ? json_object_get(o, k) : NULL;

	if (json_is_array(v))
		return json_array_size(v) > 0;
	/* stored form: "[3,4]" */
	return json_is_string(v) && strpbrk(json_string_value(v), "0123456789") != NULL;
}

int duty_org_to_enterprise(struct ectx *c, json_t *obj, struct verr *e)
{
	int64_t org = row_int(obj, "org_id"), ent;

	if (!org && c->user)
		org = c->user->org_id;
	ent = org ? org_enterprise_of(c->db, org) : 0;
	if (ent < 0) {
		verr_set(e, 500, "internal", "服务器内部错误");
		return -1;
	}
	if (!ent) {
		verr_add(e, "org_id", "请选择所属企业");
		return -1;
	}
	json_object_set_new(obj, "org_id", json_integer(ent));
	return 0;
}

/* before_write of the enterprise-level records: on create the org is the enterprise. */
static int ent_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e)
{
	(void)old;
	return a == EA_CREATE ? duty_org_to_enterprise(c, obj, e) : 0;
}

/* 1 if another row of table has the same org_id and key column values as obj
 * (ints); -1 error. The key columns are constants of the caller. */
static int dup_exists(struct ectx *c, const char *sql, const json_t *obj, const json_t *old,
		      const char *k1, const char *k2)
{
	int64_t p[4] = { row_int(obj, "org_id"), row_int(obj, k1), 0, old ? row_int(old, "id") : 0 };
	int64_t n = 0;
	struct db_stmt *st = db_prepare(c->db, sql);
	int rc = -1, i = 1;

	if (!st)
		return -1;
	if (db_bind_int64(st, i++, p[0]) || db_bind_int64(st, i++, p[1]) ||
	    (k2 && db_bind_text(st, i++, row_str(obj, k2))) || db_bind_int64(st, i++, p[3]))
		goto out;
	if (db_step(st) == DB_ROW) {
		n = db_col_int64(st, 0);
		rc = n > 0;
	}
out:
	db_finalize(st);
	return rc;
}

/* ---------------------------------------------------------------- post_duty */

/* 一岗一责 (000 二(三)2): 责任人、责任范围和考核标准, 突出关键岗位、高风险岗位. */
static const struct field_def post_fields[] = {
	{.name = "post_id", .label = "岗位", .type = FT_REF, .ref = "org",
	 .flags = F_REQUIRED | F_FILTER | F_LIST | F_UNIQUE, .group = "岗位",
	 .help = "企业组织架构中层级为“岗位”的内部单位（在组织架构中新增岗位）"},
	{.name = "responsible_name", .label = "责任人", .type = FT_TEXT, .max_len = 50,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST, .group = "岗位"},
	{.name = "responsible_id", .label = "责任人账号", .type = FT_REF, .ref = "user",
	 .flags = F_FILTER, .group = "岗位"},
	{.name = "key_post", .label = "关键岗位", .type = FT_BOOL,
	 .flags = F_FILTER | F_LIST, .group = "岗位"},
	{.name = "high_risk_post", .label = "高风险岗位", .type = FT_BOOL,
	 .flags = F_FILTER | F_LIST, .group = "岗位"},
	{.name = "scope", .label = "责任范围", .type = FT_LONGTEXT, .flags = F_REQUIRED | F_SEARCH,
	 .group = "岗位职责", .help = "责任范围要涵盖本岗位的每个风险点"},
	{.name = "duties", .label = "安全职责（履职清单）", .type = FT_LONGTEXT,
	 .flags = F_REQUIRED, .group = "岗位职责"},
	{.name = "criteria", .label = "考核标准", .type = FT_LONGTEXT, .flags = F_REQUIRED,
	 .group = "岗位职责"},
	{.name = "competence", .label = "岗位素质能力要求", .type = FT_TEXT, .max_len = 500,
	 .group = "岗位职责", .help = "与岗位素质能力要求相匹配（如持证要求）"},
	{.name = "files", .label = "岗位责任制文件", .type = FT_FILES, .group = "岗位职责"},
	{.name = "risk_point_count", .label = "覆盖风险点数", .type = FT_INT,
	 .flags = F_READONLY | F_LIST,
	 .expr = "(SELECT COUNT(*) FROM risk_point r WHERE r.post_id = t.post_id)"},
};

/* The post is a unit of level 岗位 inside an enterprise (risk.c uses the same
 * units on risk points and the 岗位风险告知卡); the record's org is the post. */
static int post_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e)
{
	int64_t post = row_int(obj, "post_id"), ent;
	struct db_stmt *st;
	int ok = 0, rc;

	(void)old;
	if (a == EA_DELETE)
		return 0;
	st = db_prepare(c->db, "SELECT kind, unit_level FROM org WHERE id = ?");
	if (!st || db_bind_int64(st, 1, post)) {
		db_finalize(st);
		verr_set(e, 500, "internal", "服务器内部错误");
		return -1;
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		const char *k = db_col_text(st, 0), *l = db_col_text(st, 1);

		ok = k && strcmp(k, "unit") == 0 && l && strcmp(l, "post") == 0;
	}
	db_finalize(st);
	if (rc < 0) {
		verr_set(e, 500, "internal", "服务器内部错误");
		return -1;
	}
	ent = ok ? org_enterprise_of(c->db, post) : 0;
	if (ent < 0) {
		verr_set(e, 500, "internal", "服务器内部错误");
		return -1;
	}
	if (!ok || !ent) {
		verr_add(e, "post_id", "岗位须为企业内层级为“岗位”的内部单位");
		return -1;
	}
	json_object_set_new(obj, "org_id", json_integer(post));
	return 0;
}

static const struct entity_def post_def = {
	.name = "post_duty", .table = "post_duty", .label = "岗位安全生产责任制",
	.fields = post_fields, .nfields = ARRAY_SIZE(post_fields),
	.flags = E_ORG_NAMED,
	.write_roles = DUTY_WRITERS, .display_field = "responsible_name", .default_sort = "id",
	.before_write = post_before_write,
};

/* ----------------------------------------------------------- principal_duty */

#define SEVEN_FIELDS(n, short)                                                          \
	{.name = "d" #n "_note", .label = "职责" #n "履职情况", .type = FT_LONGTEXT,         \
	 .group = "职责" #n "：" short},                                                     \
	{.name = "d" #n "_files", .label = "职责" #n "佐证材料", .type = FT_FILES,           \
	 .group = "职责" #n "：" short}
#define SEVEN_DONE(n) "(CASE WHEN t.d" #n "_note IS NOT NULL AND t.d" #n "_note <> '' " \
		      "OR (t.d" #n "_files IS NOT NULL AND t.d" #n "_files <> '[]') THEN 1 ELSE 0 END)"

static const struct field_def seven_fields[] = {
	{.name = "year", .label = "年度", .type = FT_INT, .min = 2000, .max = 2999,
	 .flags = F_REQUIRED | F_FILTER | F_LIST | F_SORT},
	{.name = "principal_name", .label = "主要负责人", .type = FT_TEXT, .max_len = 50,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	SEVEN_FIELDS(1, "全员责任制与标准化"),
	SEVEN_FIELDS(2, "规章制度和操作规程"),
	SEVEN_FIELDS(3, "教育和培训计划"),
	SEVEN_FIELDS(4, "安全生产投入"),
	SEVEN_FIELDS(5, "双重预防机制"),
	SEVEN_FIELDS(6, "应急救援预案"),
	SEVEN_FIELDS(7, "事故报告"),
	{.name = "evidenced", .label = "已记录履职的职责数", .type = FT_INT,
	 .flags = F_READONLY | F_LIST,
	 .expr = "(" SEVEN_DONE(1) " + " SEVEN_DONE(2) " + " SEVEN_DONE(3) " + " SEVEN_DONE(4)
		 " + " SEVEN_DONE(5) " + " SEVEN_DONE(6) " + " SEVEN_DONE(7) ")"},
};

/* One record per enterprise and year. */
static int seven_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	int d = dup_exists(c, "SELECT COUNT(*) FROM principal_duty WHERE org_id = ? AND year = ?"
			   " AND id <> ?", obj, old, "year", NULL);

	if (d < 0)
		return -1;
	if (d)
		verr_add(e, "year", "该企业本年度的七项职责履职记录已存在");
	return 0;
}

static int seven_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			      const json_t *old, struct verr *e)
{
	if (a != EA_CREATE)
		return 0;
	if (duty_org_to_enterprise(c, obj, e) != 0)
		return -1;
	/* the uniqueness is judged on the enterprise the row lands on */
	return seven_validate(c, obj, old, e) != 0 || e->status ? -1 : 0;
}

static const struct entity_def seven_def = {
	.name = "principal_duty", .table = "principal_duty", .label = "主要负责人七项职责履职记录",
	.fields = seven_fields, .nfields = ARRAY_SIZE(seven_fields),
	.write_roles = DUTY_WRITERS, .display_field = "principal_name", .default_sort = "-year",
	.validate = seven_validate, .before_write = seven_before_write,
};

/* ---------------------------------------------------------------- resp_letter */

static const struct field_def letter_fields[] = {
	{.name = "year", .label = "年度", .type = FT_INT, .min = 2000, .max = 2999,
	 .flags = F_REQUIRED | F_FILTER | F_LIST | F_SORT},
	{.name = "dept_id", .label = "签订部门", .type = FT_REF, .ref = "org",
	 .flags = F_FILTER | F_LIST, .help = "企业内部单位（部门、车间）"},
	{.name = "dept_name", .label = "部门名称", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "signer_name", .label = "签订人", .type = FT_TEXT, .max_len = 50,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST, .help = "部门负责人"},
	{.name = "issuer_name", .label = "主要负责人", .type = FT_TEXT, .max_len = 50,
	 .flags = F_LIST, .help = "代表企业签订责任书"},
	{.name = "signed_date", .label = "签订日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT | F_RANGE},
	{.name = "targets", .label = "责任目标与考核内容", .type = FT_LONGTEXT},
	{.name = "files", .label = "责任书扫描件", .type = FT_FILES, .flags = F_REQUIRED},
};

static int letter_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *d = row_str(obj, "signed_date");
	int64_t dept = row_int(obj, "dept_id"), ent = row_int(obj, "org_id");
	int in;

	(void)old;
	if (d && row_int(obj, "year") && strtol(d, NULL, 10) > row_int(obj, "year"))
		verr_add(e, "signed_date", "签订日期不能晚于责任书年度");
	if (dept && ent) {
		ent = org_enterprise_of(c->db, ent);
		in = ent > 0 ? org_unit_in(c->db, dept, ent) : (int)ent;
		if (in < 0)
			return -1;
		if (!in)
			verr_add(e, "dept_id", "签订部门须为本企业的内部单位");
	}
	return 0;
}

static const struct entity_def letter_def = {
	.name = "resp_letter", .table = "resp_letter", .label = "安全生产责任书",
	.fields = letter_fields, .nfields = ARRAY_SIZE(letter_fields),
	.write_roles = DUTY_WRITERS, .display_field = "dept_name", .default_sort = "-signed_date",
	.validate = letter_validate, .before_write = ent_before_write,
};

/* ---------------------------------------------------------------- duty_report */

static const struct enum_opt half_opts[] = {
	{"H1", "上半年（6月底前）"},
	{"H2", "下半年（12月底前）"},
	{NULL, NULL}
};

static const struct field_def report_fields[] = {
	{.name = "year", .label = "年度", .type = FT_INT, .min = 2000, .max = 2999,
	 .flags = F_REQUIRED | F_FILTER | F_LIST | F_SORT},
	{.name = "half", .label = "半年度", .type = FT_ENUM, .opts = half_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "principal_name", .label = "报告人", .type = FT_TEXT, .max_len = 50,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST, .help = "企业主要负责人"},
	{.name = "report_date", .label = "报告日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT | F_RANGE},
	{.name = "content", .label = "履职情况摘要", .type = FT_LONGTEXT,
	 .help = "围绕安全生产法规定的七项职责撰写"},
	{.name = "files", .label = "履职报告", .type = FT_FILES, .flags = F_REQUIRED},
	{.name = "reported_to_staff", .label = "已向全体职工报告", .type = FT_BOOL,
	 .flags = F_FILTER | F_LIST},
	{.name = "staff_report_date", .label = "向职工报告日期", .type = FT_DATE},
	{.name = "posted_on_site", .label = "已在厂区公示", .type = FT_BOOL,
	 .flags = F_FILTER | F_LIST, .help = "履职报告在厂区醒目位置公示"},
	{.name = "posted_photos", .label = "公示照片", .type = FT_FILES},
	{.name = "due_date", .label = "应报日期", .type = FT_DATE, .flags = F_READONLY | F_LIST,
	 .expr = "CAST(t.year AS TEXT) || CASE WHEN t.half = 'H1' THEN '-06-30' ELSE '-12-31' END"},
	{.name = "late", .label = "逾期", .type = FT_BOOL, .flags = F_READONLY | F_LIST | F_FILTER,
	 .expr = "CASE WHEN t.report_date > CAST(t.year AS TEXT) || CASE WHEN t.half = 'H1'"
		 " THEN '-06-30' ELSE '-12-31' END THEN 1 ELSE 0 END"},
};

/* 004 第1项: reported to all staff (with the date) and posted on site (a photo). */
static int report_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *d = row_str(obj, "report_date"), *sd = row_str(obj, "staff_report_date");
	int64_t y = row_int(obj, "year");
	int dup;

	if (row_bool(obj, "posted_on_site") && !duty_has_files(obj, "posted_photos"))
		verr_add(e, "posted_photos", "已公示的，须上传公示照片");
	if (row_bool(obj, "reported_to_staff") && !sd)
		verr_add(e, "staff_report_date", "已向全体职工报告的，须填写报告日期");
	/* a report of a half-year is written once that half has begun */
	if (d && y && row_str(obj, "half")) {
		char first[11];

		snprintf(first, sizeof(first), "%04d-%s", (int)y,
			 strcmp(row_str(obj, "half"), "H1") == 0 ? "01-01" : "07-01");
		if (strcmp(d, first) < 0)
			verr_add(e, "report_date", "报告日期不能早于所报告的半年度");
	}
	if (d && sd && strcmp(sd, d) < 0)
		verr_add(e, "staff_report_date", "向职工报告日期不能早于报告日期");
	dup = dup_exists(c, "SELECT COUNT(*) FROM duty_report WHERE org_id = ? AND year = ?"
			 " AND half = ? AND id <> ?", obj, old, "year", "half");
	if (dup < 0)
		return -1;
	if (dup)
		verr_add(e, "half", "该半年度的履职报告已存在");
	return 0;
}

static int report_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			       const json_t *old, struct verr *e)
{
	if (a != EA_CREATE)
		return 0;
	if (duty_org_to_enterprise(c, obj, e) != 0)
		return -1;
	return report_validate(c, obj, old, e) != 0 || e->status ? -1 : 0;
}

static const struct entity_def report_def = {
	.name = "duty_report", .table = "duty_report", .label = "主要负责人履职报告",
	.fields = report_fields, .nfields = ARRAY_SIZE(report_fields),
	.write_roles = DUTY_WRITERS, .display_field = "principal_name", .default_sort = "-report_date",
	.validate = report_validate, .before_write = report_before_write,
};

/* ----------------------------------------------------------------- commitment */

static const struct field_def commit_fields[] = {
	{.name = "year", .label = "年度", .type = FT_INT, .min = 2000, .max = 2999,
	 .flags = F_REQUIRED | F_FILTER | F_LIST | F_SORT},
	{.name = "principal_name", .label = "签字人", .type = FT_TEXT, .max_len = 50,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST, .help = "企业主要负责人"},
	{.name = "signed_date", .label = "签字日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT},
	{.name = "content", .label = "承诺内容", .type = FT_LONGTEXT,
	 .help = "落实主体责任、健全管理体系、加大安全投入、严格风险管控、强化隐患治理等"},
	{.name = "files", .label = "承诺书扫描件", .type = FT_FILES, .flags = F_REQUIRED},
	{.name = "published", .label = "已向社会和员工公开", .type = FT_BOOL,
	 .flags = F_FILTER | F_LIST},
	{.name = "posted_on_site", .label = "已在厂区长期公示", .type = FT_BOOL,
	 .flags = F_FILTER | F_LIST, .help = "在厂区醒目位置长期公示"},
	{.name = "posted_photos", .label = "公示照片", .type = FT_FILES},
};

static int commit_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	(void)c;
	(void)old;
	if (row_bool(obj, "posted_on_site") && !duty_has_files(obj, "posted_photos"))
		verr_add(e, "posted_photos", "已公示的，须上传公示照片");
	return 0;
}

static const struct entity_def commit_def = {
	.name = "commitment", .table = "commitment", .label = "安全生产承诺书",
	.fields = commit_fields, .nfields = ARRAY_SIZE(commit_fields),
	.write_roles = DUTY_WRITERS, .display_field = "principal_name", .default_sort = "-signed_date",
	.validate = commit_validate, .before_write = ent_before_write,
};

/* ------------------------------------------------------------ resp_assessment */

static const struct enum_opt target_opts[] = {
	{"person", "个人"},
	{"department", "部门"},
	{NULL, NULL}
};
static const struct enum_opt result_opts[] = {
	{"excellent", "优秀"},
	{"pass", "合格"},
	{"basic", "基本合格"},
	{"fail", "不合格"},
	{NULL, NULL}
};

static const struct field_def assess_fields[] = {
	{.name = "year", .label = "考核年度", .type = FT_INT, .min = 2000, .max = 2999,
	 .flags = F_REQUIRED | F_FILTER | F_LIST | F_SORT},
	{.name = "target_kind", .label = "考核对象类型", .type = FT_ENUM, .opts = target_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "target_name", .label = "考核对象", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST, .help = "姓名或部门名称"},
	{.name = "post_id", .label = "岗位", .type = FT_REF, .ref = "org", .flags = F_FILTER},
	{.name = "score", .label = "考核得分", .type = FT_REAL, .min = 0, .max = 100,
	 .flags = F_LIST | F_SORT},
	{.name = "result", .label = "考核结果", .type = FT_ENUM, .opts = result_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "tied_to_pay", .label = "与绩效薪酬挂钩", .type = FT_BOOL,
	 .flags = F_FILTER | F_LIST, .help = "考核结果与部门绩效、员工收入、晋级等挂钩"},
	{.name = "pay_effect", .label = "奖惩兑现情况", .type = FT_TEXT, .max_len = 500,
	 .flags = F_LIST},
	{.name = "assessed_date", .label = "考核日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT | F_RANGE},
	{.name = "assessor", .label = "考核人 / 考核组", .type = FT_TEXT, .max_len = 100},
	{.name = "files", .label = "考核表", .type = FT_FILES},
};

static int assess_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	(void)c;
	(void)old;
	if (row_bool(obj, "tied_to_pay") && !row_str(obj, "pay_effect"))
		verr_add(e, "pay_effect", "与绩效挂钩的，须填写奖惩兑现情况");
	return 0;
}

static const struct entity_def assess_def = {
	.name = "resp_assessment", .table = "resp_assessment", .label = "全员安全生产责任制考核",
	.fields = assess_fields, .nfields = ARRAY_SIZE(assess_fields),
	.write_roles = DUTY_WRITERS, .display_field = "target_name", .default_sort = "-assessed_date",
	.validate = assess_validate, .before_write = ent_before_write,
};

/* ------------------------------------------------------------- accountability */

static const struct enum_opt measure_opts[] = {
	{"education", "批评教育"},
	{"notice", "通报批评"},
	{"warning", "警告"},
	{"fine", "经济处罚"},
	{"demerit", "记过"},
	{"transfer", "调离岗位"},
	{"demotion", "降职降级"},
	{"dismissal", "解除劳动合同"},
	{"referral", "移送有关机关"},
	{NULL, NULL}
};

static const struct field_def acc_fields[] = {
	{.name = "person_name", .label = "被追责人 / 部门", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "person_id", .label = "被追责人账号", .type = FT_REF, .ref = "user",
	 .flags = F_FILTER},
	{.name = "position", .label = "岗位 / 职务", .type = FT_TEXT, .max_len = 100,
	 .flags = F_LIST},
	{.name = "failure", .label = "未履职情形", .type = FT_LONGTEXT,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "measure", .label = "问责措施", .type = FT_ENUM, .opts = measure_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "measure_detail", .label = "处理详情", .type = FT_TEXT, .max_len = 500,
	 .flags = F_LIST, .help = "如：扣发当月安全绩效 500 元"},
	{.name = "decided_date", .label = "决定日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT | F_RANGE},
	{.name = "decided_by", .label = "决定人 / 机构", .type = FT_TEXT, .max_len = 100},
	{.name = "files", .label = "问责决定文件", .type = FT_FILES},
};

static const struct entity_def acc_def = {
	.name = "accountability", .table = "accountability", .label = "追责问责记录",
	.fields = acc_fields, .nfields = ARRAY_SIZE(acc_fields),
	.write_roles = DUTY_WRITERS, .display_field = "person_name", .default_sort = "-decided_date",
	.before_write = ent_before_write,
};

/* ------------------------------------------------------------------- duties */

/* 004 第1项: 每年6月、12月底 撰写履职报告，向全体职工报告，在厂区醒目位置公示 — done
 * when the report is recorded as reported to staff and posted. */
static const struct obligation_def duty_report_half = {
	.code = "duty_report_half", .label = "主要负责人半年履职报告", .module = "duty",
	.source = "seeds/004 第1项：每年6月、12月底围绕七条职责撰写履职报告，向全体职工报告并在厂区公示",
	.period = OB_HALF, .due = { DUE_PERIOD_END, 0, 0, 0 }, .warn_days = 30,
	.proof_entity = "duty_report",
	.proof_cond = "t.reported_to_staff = 1 AND t.posted_on_site = 1",
	.proof_at = "t.report_date",
	.proof_in = "CAST(t.year AS TEXT) || CASE WHEN t.half = 'H1' THEN '-06-30' ELSE '-12-31' END",
	.form = "/duty/report",
};

/* 004 第10项: 每年与各部门签订安全生产责任书 (the quarter is the platform's default). */
static const struct obligation_def resp_letter_annual = {
	.code = "resp_letter_annual", .label = "年度安全生产责任书签订", .module = "duty",
	.source = "seeds/004 第10项：每年与各部门签订安全生产责任书；一季度末前完成为平台默认，可调整",
	.period = OB_YEAR, .due = { DUE_MONTH_DAY, 3, 0, 0 }, .warn_days = 30,
	.proof_entity = "resp_letter", .proof_at = "t.signed_date",
	.proof_in = "CAST(t.year AS TEXT) || '-06-30'",
	.form = "/duty/letter",
};

/* 004 第10项, 000 二(三)3: 每年组织全员安全生产责任制落实情况考核 (by the end of
 * January of the next year: platform default). */
static const struct obligation_def resp_assessment_annual = {
	.code = "resp_assessment_annual", .label = "年度全员安全生产责任制考核", .module = "duty",
	.source = "seeds/004 第10项：每年组织全员安全生产责任制落实情况考核；次年1月底前完成为平台默认，可调整",
	.period = OB_YEAR, .due = { DUE_MONTH_DAY_NEXT_YEAR, 1, 0, 0 }, .warn_days = 30,
	.proof_entity = "resp_assessment", .proof_at = "t.assessed_date",
	.proof_in = "CAST(t.year AS TEXT) || '-06-30'",
	.form = "/duty/assessment",
};

const struct obligation_def *const duty_duties[] = {
	&duty_report_half, &resp_letter_annual, &resp_assessment_annual,
	&duty_exchange_monthly, &duty_committee_quarterly, &duty_rule_revision,
	&duty_decision_deadline, NULL
};

/* -------------------------------------------------------------------- views */

static const struct enum_opt reason_opts[] = {
	{"no_post", "未指定岗位"},
	{"no_duty", "岗位未制定责任制"},
	{NULL, NULL}
};

#define UNCOVERED "(t.post_id IS NULL OR NOT EXISTS (SELECT 1 FROM post_duty d WHERE d.post_id = t.post_id))"

static const struct field_def uncovered_cols[] = {
	{.name = "id", .label = "编号", .type = FT_INT, .expr = "t.id", .flags = F_SORT},
	{.name = "name", .label = "风险点", .type = FT_TEXT, .expr = "t.name",
	 .flags = F_LIST | F_SEARCH | F_SORT},
	{.name = "org_id", .label = "企业编号", .type = FT_INT, .expr = "t.org_id"},
	{.name = "enterprise_name", .label = "企业", .type = FT_TEXT, .expr = "o.name",
	 .flags = F_LIST | F_SEARCH},
	{.name = "unit_name", .label = "所在单位", .type = FT_TEXT, .expr = "u.name", .flags = F_LIST},
	{.name = "post_name", .label = "岗位", .type = FT_TEXT, .expr = "p.name", .flags = F_LIST},
	{.name = "level", .label = "风险等级", .type = FT_ENUM, .expr = "t.level", .flags = F_LIST,
	 .opts = (const struct enum_opt[]){{"major", "重大风险"}, {"high", "较大风险"},
					   {"general", "一般风险"}, {"low", "低风险"}, {NULL, NULL}}},
	{.name = "reason", .label = "问题", .type = FT_ENUM, .opts = reason_opts, .flags = F_LIST,
	 .expr = "CASE WHEN t.post_id IS NULL THEN 'no_post' ELSE 'no_duty' END"},
};

static const struct view_def uncovered_view = {
	.path = "/api/duty/uncovered-points", .label = "未落实责任岗位的风险点",
	.from = "risk_point t JOIN org o ON o.id = t.org_id LEFT JOIN org u ON u.id = t.unit_id"
		" LEFT JOIN org p ON p.id = t.post_id",
	.where = UNCOVERED, .scope_col = "t.org_id",
	.cols = uncovered_cols, .ncols = ARRAY_SIZE(uncovered_cols), .default_sort = "id",
};

#define POST_NO_DUTY "t.kind = 'unit' AND t.unit_level = 'post' AND NOT EXISTS" \
	" (SELECT 1 FROM post_duty d WHERE d.post_id = t.id)"

static const struct field_def nodesc_cols[] = {
	{.name = "id", .label = "编号", .type = FT_INT, .expr = "t.id", .flags = F_SORT},
	{.name = "name", .label = "岗位", .type = FT_TEXT, .expr = "t.name",
	 .flags = F_LIST | F_SEARCH | F_SORT},
	{.name = "parent_name", .label = "上级单位", .type = FT_TEXT, .expr = "pa.name",
	 .flags = F_LIST},
	{.name = "enterprise_name", .label = "企业", .type = FT_TEXT, .flags = F_LIST,
	 .expr = "(SELECT e.name FROM org e WHERE e.kind = 'enterprise' AND t.path LIKE e.path || '%'"
		 " ORDER BY LENGTH(e.path) DESC LIMIT 1)"},
	{.name = "risk_point_count", .label = "风险点数", .type = FT_INT, .flags = F_LIST | F_SORT,
	 .expr = "(SELECT COUNT(*) FROM risk_point r WHERE r.post_id = t.id)"},
};

static const struct view_def nodesc_view = {
	.path = "/api/duty/posts-without-duty", .label = "未制定责任制的岗位",
	.from = "org t LEFT JOIN org pa ON pa.id = t.parent_id",
	.where = POST_NO_DUTY, .scope_col = "t.id",
	.cols = nodesc_cols, .ncols = ARRAY_SIZE(nodesc_cols), .default_sort = "id",
};

/* ------------------------------------------------- GET /api/duty/seven */

/* What the platform's data already shows for a statutory duty: a count over an
 * entity's rows in the enterprise's subtree (and the year, where year_col is
 * given): duty 3 the training module's plans and sessions, duty 6 the emergency
 * module's plans and drills, duty 7 the accident reports. An entity that is not
 * registered (a build without that module) is skipped. */
struct seven_data {
	int duty;
	const char *entity;	/* registered entity whose table is counted */
	const char *label;
	const char *cond;	/* constant SQL over t, or NULL */
	const char *year_col;	/* date column placing a row in the year, or NULL = all */
	const char *to;		/* web route */
};

static const struct seven_data seven_data[] = {
	{1, "post_duty", "岗位责任制（一岗一责）", NULL, NULL, "/duty/post"},
	{1, "resp_letter", "本年度签订责任书", NULL, "CAST(t.year AS TEXT) || '-01-01'", "/duty/letter"},
	{1, "resp_assessment", "本年度责任制考核记录", NULL, "CAST(t.year AS TEXT) || '-01-01'",
	 "/duty/assessment"},
	{2, "safety_rule", "现行安全管理制度", "t.status = 'in_force'", NULL, "/duty/rules"},
	{3, "training_plan", "年度培训计划", NULL, "CAST(t.year AS TEXT) || '-01-01'", "/training/plan"},
	{3, "training_session", "本年度培训场次", NULL, "t.session_date", "/training/session"},
	{5, "risk_point", "风险点（风险分级管控）", NULL, NULL, "/risk"},
	{5, "hazard", "本年度排查发现隐患", NULL, "t.found_at", "/hazard"},
	{5, "hazard", "本年度隐患已销号", "t.status = 'closed'", "t.found_at", "/hazard"},
	{6, "emergency_plan", "应急救援预案", NULL, NULL, "/emergency/plan"},
	{6, "emergency_drill", "本年度应急演练", NULL, "t.drill_date", "/emergency/drill"},
	{7, "accident", "本年度事故报告", NULL, "t.occurred_at", "/accident"},
	{2, "meeting", "本年度安全生产会议", NULL, "t.held_date", "/duty/meeting"},
};

/* The count of one data line: rows of d in org's subtree (f) and year. */
static int seven_count(struct ectx *c, const struct seven_data *d, const struct org_subtree *f,
		       int year, int64_t *out)
{
	const struct entity_def *e = entity_find(d->entity);
	struct buf sql;
	struct db_stmt *st;
	char y[8];
	int idx = 1, rc = -1;

	buf_init(&sql, 1 << 14);
	buf_printf(&sql, "SELECT COUNT(*) FROM %s t WHERE 1 = 1", e->table);
	org_subtree_sql(&sql, f, "t.org_id");
	if (d->cond)
		buf_printf(&sql, " AND (%s)", d->cond);
	if (d->year_col)
		buf_printf(&sql, " AND substr(%s, 1, 4) = ?", d->year_col);
	st = db_prepare(c->db, buf_str(&sql));
	snprintf(y, sizeof(y), "%04d", year);
	if (st && org_subtree_bind(st, f, &idx) == 0 &&
	    (!d->year_col || db_bind_text(st, idx++, y) == 0) && db_step(st) == DB_ROW) {
		*out = db_col_int64(st, 0);
		rc = 0;
	}
	if (rc)
		log_err("duty seven %s: %s", d->entity, db_errmsg(c->db));
	db_finalize(st);
	buf_release(&sql);
	return rc;
}

/*
 * GET /api/duty/seven?org_id=&year= — the seven duties of the enterprise (org_id,
 * default the caller's org; a unit means its enterprise) in year: each duty's
 * statutory text, the year's record (its note and files, if a principal_duty row
 * exists) and the data lines that prove it. 400 without a year, 404 out of scope.
 */
static int seven_route(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	const char *ys = req_query(r, "year"), *os = req_query(r, "org_id");
	struct org_subtree f;
	struct verr err;
	json_t *rec = NULL;
	int64_t org, ent, rid = 0, n;
	int year = ys ? (int)strtol(ys, NULL, 10) : 0;
	char ob[24];
	struct jw w;

	verr_init(&err, &r->arena);
	if (year < 2000 || year > 2999)
		return http_error(s, 400, "validation", "请填写年度（2000–2999）", "year");
	org = os && *os ? entity_parse_id(os) : (r->user ? r->user->org_id : 0);
	if (!org)
		return http_error(s, 400, "validation", "所属企业编号不正确", "org_id");
	ent = org_enterprise_of(r->db, org);
	if (ent < 0)
		return http_internal(s);
	if (!ent)
		return http_error(s, 400, "validation", "请选择所属企业", "org_id");
	snprintf(ob, sizeof(ob), "%" PRId64, ent);
	if (org_subtree_parse(&c, "org_id", ob, &f, &err) < 0)
		return verr_send(&err, s);
	{
		int64_t p[2] = { ent, year };

		if (db_query_int64v(r->db, "SELECT id FROM principal_duty WHERE org_id = ? AND year = ?",
				    p, 2, &rid, 0) != 0)
			return http_internal(s);
	}
	if (rid)
		rec = entity_get(&c, &seven_def, rid);
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kint(&w, "org_id", ent);
	jw_kint(&w, "year", year);
	jw_key(&w, "record_id");
	if (rec)
		jw_int(&w, rid);
	else
		jw_null(&w);
	jw_kstr(&w, "principal_name", rec ? row_str(rec, "principal_name") : NULL);
	jw_key(&w, "duties");
	jw_arr_begin(&w);
	for (int k = 1; k <= DUTY_STATUTORY_N; k++) {
		char nk[32], fk[32];
		const json_t *files;
		int64_t proved = 0;

		snprintf(nk, sizeof(nk), "d%d_note", k);
		snprintf(fk, sizeof(fk), "d%d_files", k);
		jw_obj_begin(&w);
		jw_kint(&w, "no", k);
		jw_kstr(&w, "text", duty_statutory_text(k));
		jw_kstr(&w, "note", rec ? row_str(rec, nk) : NULL);
		files = rec ? json_object_get(rec, fk) : NULL;
		jw_key(&w, "files");
		if (json_is_array(files)) {
			char *txt = json_dumps(files, JSON_COMPACT);

			jw_raw(&w, txt ? txt : "[]");
			free(txt);
		} else {
			jw_raw(&w, "[]");
		}
		jw_key(&w, "data");
		jw_arr_begin(&w);
		for (size_t i = 0; i < ARRAY_SIZE(seven_data); i++) {
			const struct seven_data *d = &seven_data[i];

			if (d->duty != k || !entity_find(d->entity))
				continue;
			if (seven_count(&c, d, &f, year, &n) != 0) {
				json_decref(rec);
				return http_internal(s);
			}
			proved += n > 0;
			jw_obj_begin(&w);
			jw_kstr(&w, "entity", d->entity);
			jw_kstr(&w, "label", d->label);
			jw_kint(&w, "count", n);
			jw_kstr(&w, "to", d->to);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		jw_kbool(&w, "recorded", (rec && row_str(rec, nk)) || json_array_size(files) > 0);
		jw_kbool(&w, "proved_by_data", proved > 0);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	json_decref(rec);
	return 200;
}

/* ------------------------------------------------------------------- home */

/* Home notices: risk points without a responsible post, posts without duties,
 * enterprises (of the viewer's subtree) without a posted commitment letter, then
 * those of the rules register and meetings (duty_meet.c). */
int duty_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w)
{
	if (home_notice_count(c, w, org, today,
			      "SELECT COUNT(*) FROM risk_point t WHERE" HOME_ORG " AND " UNCOVERED,
			      "duty_uncovered_points", "风险点未落实责任岗位", "warning",
			      "/duty/coverage") != 0)
		return -1;
	/* a post's org is the post itself */
	if (home_notice_count(c, w, org, today,
			      "SELECT COUNT(*) FROM org t WHERE t.id IN (SELECT org_id FROM scope_org"
			      " WHERE viewer = ?) AND " POST_NO_DUTY,
			      "duty_posts_without_duty", "岗位未制定安全生产责任制", "warning",
			      "/duty/coverage?tab=posts") != 0)
		return -1;
	/* 004 第2项: a signed commitment posted long-term on site */
	if (home_notice_count(c, w, org, today,
			      "SELECT COUNT(*) FROM enterprise e WHERE e.org_id IN (SELECT org_id FROM"
			      " scope_org WHERE viewer = ?) AND " OB_ENTERPRISE_ACTIVE " AND NOT EXISTS"
			      " (SELECT 1 FROM commitment m WHERE m.org_id = e.org_id AND m.posted_on_site = 1)",
			      "duty_commitment_missing", "未公示安全生产承诺书", "warning",
			      "/duty/report?tab=commitment") != 0)
		return -1;
	return duty_meet_home(c, org, today, w);
}

/* ---------------------------------------------------------------- registry */

static const struct route duty_routes[] = {
	{HTTP_GET, "/api/duty/seven", seven_route, 0, 0},
};

void duty_init(void)
{
	entity_register(&post_def);
	entity_register(&seven_def);
	entity_register(&letter_def);
	entity_register(&report_def);
	entity_register(&commit_def);
	entity_register(&assess_def);
	entity_register(&acc_def);
	view_register(&uncovered_view);
	view_register(&nodesc_view);
	router_add(duty_routes, ARRAY_SIZE(duty_routes));
	duty_meet_init();
}
