/*
 * training_std.c — 安全生产标准化 and 劳动防护用品 (issue 9 "Safety standardisation and
 * PPE"; seeds/004 第7项, 第17项; DOMAIN.md §11):
 *
 *   standard_grading     the grading certificate (一/二/三级, number, issuer, dates,
 *                        file), 应急〔2021〕83号; expired / expiring shown;
 *   standard_assessment  the yearly self-assessment (004 第7项「定期完成自评」): year,
 *                        date, score, the grade aimed at and whether the score meets
 *                        its threshold (rules/standard.c; thresholds configured in
 *                        training_setting, per industry where set), report file; a
 *                        yearly duty of every graded enterprise;
 *   ppe_issue            劳动防护用品发放记录 (004 第17项): item, standard, person,
 *                        date, quantity, signed.
 */
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "entity/obligation.h"
#include "http/http.h"
#include "mod/mod.h"
#include "mod/training.h"
#include "mod/training_int.h"
#include "rules/standard.h"
#include "rules/training.h"

static const struct enum_opt grade_opts[] = {
	{"level1", "一级"},
	{"level2", "二级"},
	{"level3", "三级"},
	{NULL, NULL}
};

static const struct enum_opt std_version_opts[] = {
	{"gbt33000_2025", "GB/T 33000-2025"},
	{"gbt33000_2016", "GB/T 33000-2016"},
	{"industry", "行业定级标准"},
	{NULL, NULL}
};

static int grading_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int std_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e);
static int assessment_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				   const json_t *old, struct verr *e);
static int ppe_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e);

static const struct field_def grading_fields[] = {
	{.name = "grade", .label = "标准化等级", .type = FT_ENUM, .opts = grade_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .help = "企业安全生产标准化建设定级办法（应急〔2021〕83号）：一级最高"},
	{.name = "cert_no", .label = "证书编号", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "issuer", .label = "定级部门", .type = FT_TEXT, .max_len = 100, .flags = F_LIST},
	{.name = "graded_on", .label = "定级日期", .type = FT_DATE, .flags = F_REQUIRED | F_LIST},
	{.name = "expiry", .label = "有效期至", .type = FT_DATE, .flags = F_REQUIRED | F_LIST | F_SORT,
	 .help = "按证书载明（有效期各地规定不一，DOMAIN.md §11 待核实）"},
	{.name = "standard", .label = "依据标准", .type = FT_ENUM, .opts = std_version_opts,
	 .flags = F_LIST, .help = "GB/T 33000-2025 自2025-10-31起实施，代替2016版"},
	{.name = "files", .label = "证书扫描件", .type = FT_FILES},
	{.name = "expired", .label = "已过期", .type = FT_BOOL, .flags = F_LIST | F_FILTER,
	 .expr = "CASE WHEN t.expiry < {today} THEN 1 ELSE 0 END"},
};

static const struct entity_def grading_def = {
	.name = "standard_grading", .table = "standard_grading", .label = "标准化定级证书",
	.fields = grading_fields, .nfields = ARRAY_SIZE(grading_fields),
	.write_roles = TR_WRITERS, .display_field = "cert_no", .default_sort = "-graded_on",
	.validate = grading_validate, .before_write = std_before_write,
};

static const struct field_def assessment_fields[] = {
	{.name = "year", .label = "自评年度", .type = FT_INT, .min = 2000, .max = 2100,
	 .flags = F_REQUIRED | F_FILTER | F_SORT | F_LIST},
	{.name = "assessed_on", .label = "自评日期", .type = FT_DATE, .flags = F_REQUIRED | F_LIST},
	{.name = "target_grade", .label = "对标等级", .type = FT_ENUM, .opts = grade_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "score", .label = "自评得分", .type = FT_REAL, .min = 0, .max = 100,
	 .flags = F_REQUIRED | F_LIST, .help = "百分制"},
	{.name = "threshold", .label = "达标分数线", .type = FT_REAL, .flags = F_READONLY | F_LIST,
	 .help = "各行业定级标准不同，默认一级90、二级75、三级60分，管理员可按行业配置（DOMAIN.md §11 ⚠️）"},
	{.name = "meets", .label = "达到对标等级", .type = FT_BOOL, .flags = F_READONLY | F_LIST | F_FILTER},
	{.name = "problems", .label = "发现问题及整改", .type = FT_LONGTEXT},
	{.name = "files", .label = "自评报告", .type = FT_FILES, .flags = F_REQUIRED},
};

static const struct entity_def assessment_def = {
	.name = "standard_assessment", .table = "standard_assessment", .label = "标准化年度自评",
	.fields = assessment_fields, .nfields = ARRAY_SIZE(assessment_fields),
	.write_roles = TR_WRITERS, .display_field = "year", .default_sort = "-year",
	.before_write = assessment_before_write,
};

static const struct field_def ppe_fields[] = {
	{.name = "employee_id", .label = "领用人", .type = FT_REF, .ref = "employee",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "item", .label = "防护用品", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST, .help = "如：安全帽、防护手套、防尘口罩"},
	{.name = "standard", .label = "执行标准", .type = FT_TEXT, .max_len = 100, .flags = F_LIST,
	 .help = "符合国家标准或行业标准，如 GB 2811-2019"},
	{.name = "issued_on", .label = "发放日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT | F_RANGE},
	{.name = "quantity", .label = "数量", .type = FT_INT, .min = 1, .max = 10000,
	 .flags = F_REQUIRED | F_LIST},
	{.name = "signed", .label = "本人签收", .type = FT_BOOL, .flags = F_LIST | F_FILTER},
	{.name = "note", .label = "备注", .type = FT_TEXT, .max_len = 200},
};

static const struct entity_def ppe_def = {
	.name = "ppe_issue", .table = "ppe_issue", .label = "劳动防护用品发放",
	.fields = ppe_fields, .nfields = ARRAY_SIZE(ppe_fields),
	.write_roles = TR_WRITERS, .default_sort = "-issued_on",
	.before_write = ppe_before_write,
};

static int grading_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *g = row_str(obj, "graded_on"), *x = row_str(obj, "expiry");

	if (g && x && strcmp(x, g) < 0)
		verr_add(e, "expiry", "有效期至不能早于定级日期");
	return 0;
}

static int std_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e)
{
	return a == EA_DELETE ? 0 : tr_org_check(c, obj, NULL, e);
}

/* threshold and meets from the configured thresholds of the enterprise's industry
 * (rules/standard.c); one self-assessment per enterprise and year. */
static int assessment_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				   const json_t *old, struct verr *e)
{
	static const char *const keys[3] = { "standard_level1", "standard_level2", "standard_level3" };
	double th[3];
	const char *hr, *div;
	enum std_grade g;
	int64_t n = 0, p[3];
	int m;

	if (a == EA_DELETE)
		return 0;
	if (tr_org_check(c, obj, NULL, e) != 0)
		return -1;
	if (tr_enterprise_industry(c, row_int(obj, "org_id"), &hr, &div) != 0)
		goto internal;
	th[0] = tr_setting(c->db, keys[0], hr, STANDARD_LEVEL1_DEFAULT);
	th[1] = tr_setting(c->db, keys[1], hr, STANDARD_LEVEL2_DEFAULT);
	th[2] = tr_setting(c->db, keys[2], hr, STANDARD_LEVEL3_DEFAULT);
	g = standard_grade_parse(row_str(obj, "target_grade"));
	m = standard_meets(json_number_value(json_object_get(obj, "score")), g, th);
	json_object_set_new(obj, "threshold", m < 0 ? json_null() : json_real(standard_threshold(g, th)));
	json_object_set_new(obj, "meets", m < 0 ? json_null() : json_boolean(m));
	p[0] = row_int(obj, "org_id");
	p[1] = row_int(obj, "year");
	p[2] = old ? row_int(old, "id") : 0;
	if (db_query_int64v(c->db, "SELECT COUNT(*) FROM standard_assessment WHERE org_id = ?"
			    " AND year = ? AND id <> ?", p, 3, &n, 0) != 0)
		goto internal;
	if (n) {
		verr_add(e, "year", "本年度的标准化自评已登记");
		return -1;
	}
	return 0;
internal:
	verr_set(e, 500, "internal", "服务器内部错误");
	return -1;
}

static int ppe_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e)
{
	int64_t org = 0;

	if (a == EA_DELETE)
		return 0;
	if (db_query_int64p(c->db, "SELECT org_id FROM employee WHERE id = ?",
			    row_int(obj, "employee_id"), &org, 0) != 0) {
		verr_set(e, 500, "internal", "服务器内部错误");
		return -1;
	}
	json_object_set_new(obj, "org_id", json_integer(org));
	return 0;
}

/* seeds/004 第7项「创建达标企业必须按照规范持续运行，定期完成自评工作」: every graded
 * enterprise self-assesses each year; by year end is the platform's default. */
const struct obligation_def training_std_assessment_duty = {
	.code = "standard_self_assessment", .label = "标准化年度自评", .module = "training",
	.source = "seeds/004 第7项（按GB/T 33000-2025持续运行，定期完成自评）；年底前完成为平台默认",
	.applies = "e.standard_grade IS NOT NULL AND e.standard_grade <> 'none'",
	.period = OB_YEAR, .due = { DUE_MONTH_DAY, 12, 0, 0 }, .warn_days = 30,
	.proof_entity = "standard_assessment",
	.proof_at = "t.assessed_on", .proof_in = "CAST(t.year AS TEXT) || '-06-30'",
	.form = "/training/standard",
};

void training_std_init(void)
{
	entity_register(&grading_def);
	entity_register(&assessment_def);
	entity_register(&ppe_def);
}
