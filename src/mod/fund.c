/*
 * fund.c — 安全生产费用 (财资〔2022〕136号《企业安全生产费用提取和使用管理办法》;
 * seeds/000 §三(一) 纳入年度预算; seeds/004 第5项 市级系统登记). Entities:
 *
 *   fund_plan     the yearly plan of an enterprise: the industry and the base it
 *                 uses (上一年度营业收入 / 产量 / 工程造价), the extraction computed by
 *                 rules/safety_fund.c in before_write (never typed in), the monthly
 *                 accrual, the budget (纳入年度预算), the registration in the city
 *                 system (date and reference), the balance carried over; virtual
 *                 used / outside / balance and the flags 使用不足 (a finished year
 *                 whose permitted use is below the extraction) and 超范围列支;
 *   fund_expense  one use: date, amount, category (the permitted uses of the 办法 as
 *                 an enum), vouchers; outside (超范围) is set by the rule for the
 *                 plan's industry, so a spending outside the uses is recorded and
 *                 flagged, not hidden;
 *   fund_rate     the tiers of an industry DOMAIN.md marks ⚠️ (冶金: the 2012 rates),
 *                 configuration seeded with that default and said so on screen.
 *
 * GET /api/fund/report is the declared view of extraction against use per
 * enterprise and year (?year=, ?flag=flagged).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "entity/obligation.h"
#include "http/http.h"
#include "mod/fund.h"
#include "mod/mod.h"
#include "rules/safety_fund.h"

#define RB(r) (1u << (r))
#define FUND_WRITERS (RB(ROLE_ADMIN) | RB(ROLE_REGULATOR) | RB(ROLE_ENT_MANAGER))
#define FUND_TIERS_MAX 16

/* Industries and categories from the rule, filled by fund_init(). */
static struct enum_opt industry_opts[32];
static struct enum_opt category_opts[24];

static const struct enum_opt basis_opts[] = {
	{"revenue", "上一年度营业收入（超额累退）"},
	{"output", "产量"},
	{"cost", "工程造价"},
	{NULL, NULL}
};

/* ------------------------------------------------------------- declarations */

static int plan_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int plan_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e);
static int expense_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int expense_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				const json_t *old, struct verr *e);
static int rate_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);

#define SQL_USED "(SELECT COALESCE(SUM(x.amount), 0) FROM fund_expense x" \
	" WHERE x.plan_id = t.id AND x.outside = 0)"
#define SQL_OUTSIDE "(SELECT COALESCE(SUM(x.amount), 0) FROM fund_expense x" \
	" WHERE x.plan_id = t.id AND x.outside = 1)"

static const struct field_def plan_fields[] = {
	{.name = "year", .label = "年度", .type = FT_INT, .min = 2000, .max = 2100,
	 .flags = F_REQUIRED | F_FILTER | F_SORT | F_LIST, .group = "提取依据"},
	{.name = "industry", .label = "行业类别", .type = FT_ENUM, .opts = industry_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .group = "提取依据",
	 .help = "按《企业安全生产费用提取和使用管理办法》（财资〔2022〕136号）确定的行业"},
	{.name = "basis", .label = "计提依据", .type = FT_ENUM, .opts = basis_opts,
	 .flags = F_READONLY | F_LIST, .group = "提取依据"},
	{.name = "new_enterprise", .label = "新建企业或投产不足一年", .type = FT_BOOL,
	 .flags = F_FILTER, .group = "提取依据",
	 .help = "第四十八条：当年按实际列支，年末以当年营业收入为依据计算应提取金额"},
	{.name = "base_revenue", .label = "营业收入（元）", .type = FT_MONEY, .min = 0, .max = 1e12,
	 .group = "提取依据",
	 .help = "按营业收入计提的行业填上一年度营业收入；新建企业填当年营业收入"},
	{.name = "base_output", .label = "计划产量", .type = FT_REAL, .min = 0, .max = 1e9,
	 .group = "提取依据", .help = "按产量计提的行业：原煤、矿石、原油为吨，天然气为千立方米"},
	{.name = "base_cost", .label = "工程造价（元）", .type = FT_MONEY, .min = 0, .max = 1e12,
	 .group = "提取依据", .help = "建设工程按建安工程造价，石油工程按直接工程成本"},
	{.name = "extraction", .label = "应提取金额（元）", .type = FT_MONEY,
	 .flags = F_READONLY | F_LIST | F_SORT, .group = "提取结果",
	 .help = "系统按办法计算，不可手工填写"},
	{.name = "monthly", .label = "月度计提（元）", .type = FT_MONEY, .flags = F_READONLY,
	 .group = "提取结果", .help = "按营业收入计提的按月平均提取；按产量、进度计提的按月实际计提"},
	{.name = "basis_note", .label = "计算说明", .type = FT_TEXT, .max_len = 500,
	 .flags = F_READONLY, .group = "提取结果"},
	{.name = "carried_over", .label = "上年结余（元）", .type = FT_MONEY, .min = 0, .max = 1e12,
	 .group = "提取结果", .help = "新增时留空则按上一年度计划的结余自动结转"},
	{.name = "budgeted", .label = "已纳入年度预算", .type = FT_BOOL, .flags = F_FILTER | F_LIST,
	 .group = "预算与登记", .help = "seeds/000 §三(一)：安全生产费用纳入企业年度预算"},
	{.name = "budget_amount", .label = "年度预算金额（元）", .type = FT_MONEY, .min = 0,
	 .max = 1e12, .group = "预算与登记"},
	{.name = "budget_files", .label = "预算文件", .type = FT_FILES, .group = "预算与登记"},
	{.name = "city_reg_date", .label = "市级系统登记日期", .type = FT_DATE, .flags = F_LIST,
	 .group = "预算与登记", .help = "seeds/004 第5项：在市级系统中登记安全生产费用提取和使用情况"},
	{.name = "city_reg_ref", .label = "市级系统登记编号", .type = FT_TEXT, .max_len = 100,
	 .group = "预算与登记"},
	{.name = "note", .label = "备注", .type = FT_LONGTEXT, .group = "预算与登记"},
	{.name = "year_end", .label = "年度截止日", .type = FT_DATE, .flags = F_READONLY | F_HIDDEN},
	{.name = "used", .label = "已使用（元）", .type = FT_MONEY, .flags = F_READONLY | F_LIST,
	 .expr = SQL_USED},
	{.name = "outside_amount", .label = "超范围列支（元）", .type = FT_MONEY,
	 .flags = F_READONLY | F_LIST, .expr = SQL_OUTSIDE},
	{.name = "balance", .label = "结余（元）", .type = FT_MONEY, .flags = F_READONLY | F_LIST,
	 .expr = "COALESCE(t.carried_over, 0) + COALESCE(t.extraction, 0) - " SQL_USED},
	{.name = "under_used", .label = "使用不足", .type = FT_BOOL,
	 .flags = F_READONLY | F_LIST | F_FILTER,
	 .expr = "CASE WHEN t.year_end < {today} AND " SQL_USED " < COALESCE(t.extraction, 0)"
		 " THEN 1 ELSE 0 END"},
};

static const struct entity_def plan_def = {
	.name = "fund_plan", .table = "fund_plan", .label = "安全生产费用年度计划",
	.fields = plan_fields, .nfields = ARRAY_SIZE(plan_fields),
	.write_roles = FUND_WRITERS, .display_field = "year", .default_sort = "-year",
	.validate = plan_validate, .before_write = plan_before_write,
};

static const struct field_def expense_fields[] = {
	{.name = "plan_id", .label = "年度计划", .type = FT_REF, .ref = "fund_plan",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "spent_on", .label = "支出日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_RANGE | F_SORT | F_LIST},
	{.name = "amount", .label = "金额（元）", .type = FT_MONEY, .min = 0.01, .max = 1e12,
	 .flags = F_REQUIRED | F_SORT | F_LIST},
	{.name = "category", .label = "使用范围", .type = FT_ENUM, .opts = category_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST,
	 .help = "按办法规定的安全生产费用使用范围选择"},
	{.name = "description", .label = "支出内容", .type = FT_TEXT, .max_len = 500,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "vouchers", .label = "凭证", .type = FT_FILES, .help = "发票、合同、验收单等"},
	{.name = "outside", .label = "超范围列支", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST,
	 .help = "系统按所属行业的使用范围判定"},
};

static const struct entity_def expense_def = {
	.name = "fund_expense", .table = "fund_expense", .label = "安全生产费用使用",
	.fields = expense_fields, .nfields = ARRAY_SIZE(expense_fields),
	.write_roles = FUND_WRITERS, .display_field = "description", .default_sort = "-spent_on",
	.validate = expense_validate, .before_write = expense_before_write,
};

static const struct field_def rate_fields[] = {
	{.name = "industry", .label = "行业类别", .type = FT_ENUM, .opts = industry_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "seq", .label = "档次", .type = FT_INT, .min = 1, .max = FUND_TIERS_MAX,
	 .flags = F_REQUIRED | F_LIST | F_SORT},
	{.name = "upto", .label = "营业收入上限（元）", .type = FT_MONEY, .min = 0, .max = 1e13,
	 .flags = F_LIST, .help = "本档营业收入的上限；最后一档填 0（不设上限）"},
	{.name = "rate", .label = "费率（%）", .type = FT_REAL, .min = 0, .max = 100,
	 .flags = F_REQUIRED | F_LIST},
	{.name = "source", .label = "依据", .type = FT_TEXT, .max_len = 500, .flags = F_LIST},
};

static const struct entity_def rate_def = {
	.name = "fund_rate", .table = "fund_rate", .label = "安全生产费用待核实费率",
	.fields = rate_fields, .nfields = ARRAY_SIZE(rate_fields),
	.flags = E_NO_ORG, .write_roles = RB(ROLE_ADMIN),
	.display_field = "industry", .default_sort = "seq",
	.validate = rate_validate,
};

/* ------------------------------------------------------------------ helpers */

int fund_org_check(struct ectx *c, json_t *obj, struct verr *e)
{
	int64_t org = row_int(obj, "org_id"), ent;

	if (!org && c->user)
		org = c->user->org_id;
	ent = org_enterprise_of(c->db, org);
	if (ent < 0) {
		verr_set(e, 500, "internal", "服务器内部错误");
		return -1;
	}
	if (!ent || ent != org) {
		verr_add(e, "org_id", "请选择所属企业");
		return -1;
	}
	json_object_set_new(obj, "org_id", json_integer(org));
	return 0;
}

void fund_date_order(const json_t *obj, const char *from, const char *to, const char *msg,
		     struct verr *e)
{
	const char *a = row_str(obj, from), *b = row_str(obj, to);

	if (a && b && strcmp(b, a) < 0)
		verr_add(e, to, "%s", msg);
}

const struct entity_def *fund_entity(const char *name)
{
	static const struct entity_def *const defs[] = { &plan_def, &expense_def, &rate_def };

	for (size_t i = 0; i < ARRAY_SIZE(defs); i++)
		if (strcmp(defs[i]->name, name) == 0)
			return defs[i];
	return entity_find(name);
}

static const char *basis_code(enum sf_basis b)
{
	return b == SF_REVENUE ? "revenue" : b == SF_OUTPUT ? "output" : "cost";
}

/* The configured tiers of an uncertain industry (fund_rate), ascending; *n = 0 when
 * none are configured (the rule's default applies). 0 ok, -1 error. */
static int configured_tiers(struct db *db, const char *industry, struct sf_tier *t, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT upto, rate FROM fund_rate WHERE industry = ?"
				       " ORDER BY seq");
	int r;

	*n = 0;
	if (!st || db_bind_text(st, 1, industry) < 0)
		goto fail;
	while ((r = db_step(st)) == DB_ROW && *n < FUND_TIERS_MAX) {
		t[*n].upto_fen = db_col_int64(st, 0);
		t[*n].rate = (int)llround(db_col_double(st, 1) * (SF_RATE_UNIT / 100));
		(*n)++;
	}
	if (r != DB_ROW && r != DB_DONE)
		goto fail;
	db_finalize(st);
	return 0;
fail:
	log_err("fund_rate: %s", db_errmsg(db));
	db_finalize(st);
	return -1;
}

/* ---------------------------------------------------------------- fund_plan */

/* The base the industry uses must be given; one plan per enterprise and year. */
static int plan_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const struct sf_industry *ind = sf_industry_find(row_str(obj, "industry"));
	const json_t *out = json_object_get(obj, "base_output");
	int64_t n = 0, params[3];

	if (!ind)
		return 0;
	if (ind->basis == SF_REVENUE && !json_is_integer(json_object_get(obj, "base_revenue")))
		verr_add(e, "base_revenue", "%s按营业收入计提，请填写营业收入", ind->label);
	if (ind->basis == SF_COST && !json_is_integer(json_object_get(obj, "base_cost")))
		verr_add(e, "base_cost", "%s按工程造价计提，请填写工程造价", ind->label);
	if (ind->basis == SF_OUTPUT && !json_is_number(out))
		verr_add(e, "base_output", "%s按产量计提，请填写计划产量（%s）", ind->label, ind->unit);
	if (ind->basis != SF_REVENUE && row_bool(obj, "new_enterprise"))
		verr_add(e, "new_enterprise", "第四十八条仅适用于按营业收入计提的企业");
	params[0] = row_int(obj, "org_id") ? row_int(obj, "org_id") : (c->user ? c->user->org_id : 0);
	params[1] = row_int(obj, "year");
	params[2] = old ? row_int(old, "id") : 0;
	if (db_query_int64v(c->db, "SELECT COUNT(*) FROM fund_plan WHERE org_id = ? AND year = ?"
			    " AND id <> ?", params, 3, &n, 0) != 0) {
		verr_set(e, 500, "internal", "服务器内部错误");
		return -1;
	}
	if (n)
		verr_add(e, "year", "该企业%" PRId64 "年度的安全生产费用计划已存在", params[1]);
	return 0;
}

/* The balance of the enterprise's plan of the year before (结余 = 上年结余 + 应提取 −
 * 使用), 0 when there is none or it was overspent: the default of a new plan's
 * 上年结余. 0 ok, -1 error. */
static int previous_balance(struct ectx *c, int64_t org, int64_t year, int64_t *out)
{
	int64_t params[2] = { org, year - 1 };

	if (db_query_int64v(c->db, "SELECT COALESCE(t.carried_over, 0) + COALESCE(t.extraction, 0) - "
			    SQL_USED " FROM fund_plan t WHERE t.org_id = ? AND t.year = ?",
			    params, 2, out, 0) != 0)
		return -1;
	if (*out < 0)
		*out = 0;
	return 0;
}

/* The extraction, computed (never typed): the rule over the industry's base; a new
 * plan without 上年结余 carries the balance of the year before. */
static int plan_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e)
{
	const struct sf_industry *ind;
	struct sf_tier tiers[FUND_TIERS_MAX];
	size_t nt = 0;
	int64_t annual, base = 0, qty = 0, monthly = 0;
	int newent;
	char yuan[32], ye[11];
	const char *note;

	if (a == EA_DELETE)
		return 0;
	if (a == EA_CREATE && fund_org_check(c, obj, e) < 0)
		return -1;
	ind = sf_industry_find(row_str(obj, "industry"));
	if (!ind) {
		verr_add(e, "industry", "请选择行业类别");
		return -1;
	}
	if (ind->uncertain && configured_tiers(c->db, ind->code, tiers, &nt) < 0) {
		verr_set(e, 500, "internal", "服务器内部错误");
		return -1;
	}
	if (nt && !sf_tiers_ok(tiers, nt)) {
		verr_add(e, "industry", "%s的费率配置有误（档次上限须递增、最后一档不设上限），请联系系统管理员",
			 ind->label);
		return -1;
	}
	if (ind->basis == SF_REVENUE)
		base = row_int(obj, "base_revenue");
	else if (ind->basis == SF_COST)
		base = row_int(obj, "base_cost");
	else
		qty = llround(json_number_value(json_object_get(obj, "base_output")) * 1000);
	annual = sf_annual_fen(ind, base, qty, tiers, nt);
	if (annual < 0) {
		verr_add(e, ind->basis == SF_OUTPUT ? "base_output" :
			 ind->basis == SF_COST ? "base_cost" : "base_revenue", "计提基数超出范围");
		return -1;
	}
	newent = row_bool(obj, "new_enterprise");
	if (sf_equal_monthly(ind, newent))
		monthly = sf_month_fen(annual, 1);
	sf_yuan_str(annual, yuan);
	if (ind->basis == SF_REVENUE)
		note = arena_printf(c->arena, "%s（%s）：按%s营业收入超额累退计算，全年%s元，%s%s",
				    ind->label, ind->article, newent ? "当年" : "上一年度", yuan,
				    newent ? "当年按实际列支、年末计算（第四十八条）" : "按月平均计提",
				    ind->uncertain ? "；费率为待核实的默认值（⚠️，见费率配置）" : "");
	else if (ind->basis == SF_OUTPUT)
		note = arena_printf(c->arena, "%s（%s）：按产量每%s计提，全年%s元，按月实际产量计提",
				    ind->label, ind->article, ind->unit, yuan);
	else
		note = arena_printf(c->arena, "%s（%s）：按工程造价的%.1f%%计提，全年%s元，按进度计提",
				    ind->label, ind->article, ind->rate / 1000.0, yuan);
	if (a == EA_CREATE && !json_is_integer(json_object_get(obj, "carried_over"))) {
		int64_t carry = 0;

		if (previous_balance(c, row_int(obj, "org_id"), row_int(obj, "year"), &carry) < 0) {
			verr_set(e, 500, "internal", "服务器内部错误");
			return -1;
		}
		json_object_set_new(obj, "carried_over", json_integer(carry));
	}
	snprintf(ye, sizeof ye, "%04u-12-31", (unsigned)row_int(obj, "year") % 10000);
	json_object_set_new(obj, "basis", json_string(basis_code(ind->basis)));
	json_object_set_new(obj, "extraction", json_integer(annual));
	json_object_set_new(obj, "monthly", json_integer(monthly));
	json_object_set_new(obj, "basis_note", json_string(note));
	json_object_set_new(obj, "year_end", json_string(ye));
	(void)old;
	return 0;
}

/* ------------------------------------------------------------- fund_expense */

/* The plan of an expense, stored form; NULL when missing (the core's reference
 * check names it). */
static json_t *expense_plan(struct ectx *c, const json_t *obj)
{
	struct ectx sys = *c;

	sys.user = NULL;	/* the reference was checked in scope by the core */
	return entity_get(&sys, &plan_def, row_int(obj, "plan_id"));
}

/* The expense lies in its plan's year. */
static int expense_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	json_t *plan = expense_plan(c, obj);
	const char *d = row_str(obj, "spent_on");
	char y[8];

	if (plan && d) {
		snprintf(y, sizeof y, "%04u", (unsigned)row_int(plan, "year") % 10000);
		if (strncmp(d, y, 4) != 0)
			verr_add(e, "spent_on", "支出日期须在年度计划的年度（%s年）内", y);
	}
	json_decref(plan);
	return 0;
}

/* The expense belongs to its plan's enterprise; outside = not a permitted use for
 * the plan's industry (rules/safety_fund.c). */
static int expense_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				const json_t *old, struct verr *e)
{
	json_t *plan;

	if (a == EA_DELETE)
		return 0;
	plan = expense_plan(c, obj);
	if (!plan) {
		verr_add(e, "plan_id", "年度计划不存在");
		return -1;
	}
	if (a == EA_UPDATE && row_int(plan, "org_id") != row_int(old, "org_id")) {
		json_decref(plan);
		verr_add(e, "plan_id", "不能改为其他企业的年度计划");
		return -1;
	}
	json_object_set_new(obj, "org_id", json_integer(row_int(plan, "org_id")));
	json_object_set_new(obj, "outside", json_boolean(!sf_category_permitted(
		row_str(plan, "industry"), row_str(obj, "category"))));
	json_decref(plan);
	return 0;
}

/* ---------------------------------------------------------------- fund_rate */

static int rate_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const struct sf_industry *ind = sf_industry_find(row_str(obj, "industry"));

	if (ind && (ind->basis != SF_REVENUE || !ind->uncertain))
		verr_add(e, "industry", "仅待核实（⚠️）的按营业收入计提行业可配置费率：%s的费率为办法确定值",
			 ind->label);
	return 0;
}

/* ------------------------------------------------------------------- report */

#define P_USED "(SELECT COALESCE(SUM(x.amount), 0) FROM fund_expense x" \
	" WHERE x.plan_id = p.id AND x.outside = 0)"
#define P_OUTSIDE "(SELECT COALESCE(SUM(x.amount), 0) FROM fund_expense x" \
	" WHERE x.plan_id = p.id AND x.outside = 1)"
#define P_UNDER "(p.year_end < {today} AND " P_USED " < COALESCE(p.extraction, 0))"

static const struct field_def report_cols[] = {
	{.name = "id", .label = "编号", .type = FT_INT, .expr = "p.id", .flags = F_SORT},
	{.name = "org_id", .label = "企业编号", .type = FT_INT, .expr = "p.org_id"},
	{.name = "enterprise_name", .label = "企业", .type = FT_TEXT, .expr = "o.name",
	 .flags = F_LIST | F_SEARCH | F_SORT},
	{.name = "year", .label = "年度", .type = FT_INT, .expr = "p.year",
	 .flags = F_LIST | F_FILTER | F_SORT},
	{.name = "industry", .label = "行业类别", .type = FT_ENUM, .opts = industry_opts,
	 .expr = "p.industry", .flags = F_LIST | F_FILTER},
	{.name = "extraction", .label = "应提取（元）", .type = FT_MONEY, .expr = "p.extraction",
	 .flags = F_LIST | F_SORT},
	{.name = "carried_over", .label = "上年结余（元）", .type = FT_MONEY,
	 .expr = "COALESCE(p.carried_over, 0)", .flags = F_LIST},
	{.name = "used", .label = "已使用（元）", .type = FT_MONEY, .expr = P_USED, .flags = F_LIST},
	{.name = "outside_amount", .label = "超范围列支（元）", .type = FT_MONEY, .expr = P_OUTSIDE,
	 .flags = F_LIST},
	{.name = "balance", .label = "结余（元）", .type = FT_MONEY,
	 .expr = "COALESCE(p.carried_over, 0) + COALESCE(p.extraction, 0) - " P_USED,
	 .flags = F_LIST},
	{.name = "use_rate", .label = "使用率（%）", .type = FT_REAL, .flags = F_LIST,
	 .expr = "CASE WHEN COALESCE(p.extraction, 0) > 0 THEN"
		 " ROUND(" P_USED " * 1000.0 / p.extraction) / 10.0 ELSE NULL END"},
	{.name = "budgeted", .label = "纳入预算", .type = FT_BOOL, .expr = "p.budgeted",
	 .flags = F_LIST | F_FILTER},
	{.name = "city_reg_date", .label = "市级系统登记", .type = FT_DATE, .expr = "p.city_reg_date",
	 .flags = F_LIST},
	{.name = "under_used", .label = "使用不足", .type = FT_BOOL, .flags = F_LIST | F_FILTER,
	 .expr = "CASE WHEN " P_UNDER " THEN 1 ELSE 0 END"},
	{.name = "outside", .label = "超范围列支", .type = FT_BOOL, .flags = F_LIST | F_FILTER,
	 .expr = "CASE WHEN " P_OUTSIDE " > 0 THEN 1 ELSE 0 END"},
};

static const struct view_choice report_flag_choices[] = {
	{"all", NULL},
	{"flagged", "(" P_UNDER " OR " P_OUTSIDE " > 0)"},
	{NULL, NULL}
};
static const struct view_param report_params[] = {
	{"flag", "标记", report_flag_choices},
	{NULL, NULL, NULL}
};

/* flagged: how many plans in scope are under-used or spent outside the uses. */
static int report_extra(struct view_req *q, struct jw *w)
{
	int64_t n = 0;

	if (view_count(q, "(" P_UNDER " OR " P_OUTSIDE " > 0)", &n) < 0)
		return -1;
	jw_kint(w, "flagged", n);
	return 0;
}

static const struct view_def report_view = {
	.path = "/api/fund/report", .label = "安全生产费用提取与使用情况",
	.from = "fund_plan p JOIN org o ON o.id = p.org_id", .scope_col = "p.org_id",
	.cols = report_cols, .ncols = ARRAY_SIZE(report_cols),
	.params = report_params, .default_sort = "-year", .default_size = 50,
	.extra = report_extra,
};

/* ------------------------------------------------------------- module hooks */

/* The ⚠️ tiers, seeded from the rule's default once (an administrator may edit). */
int fund_schema(struct db *db)
{
	for (size_t i = 0; i < sf_industry_count(); i++) {
		const struct sf_industry *ind = sf_industry_at(i);
		int64_t n = 0;

		if (!ind->uncertain || ind->basis != SF_REVENUE)
			continue;
		{
			struct db_stmt *st = db_prepare(db, "SELECT COUNT(*) FROM fund_rate WHERE industry = ?");

			if (!st || db_bind_text(st, 1, ind->code) < 0 || db_step(st) != DB_ROW) {
				db_finalize(st);
				return -1;
			}
			n = db_col_int64(st, 0);
			db_finalize(st);
		}
		for (size_t k = 0; !n && k < ind->ntiers; k++) {
			char now[20];
			struct db_stmt *st = db_prepare(db,
				"INSERT INTO fund_rate (industry, seq, upto, rate, source, created_at, updated_at)"
				" VALUES (?, ?, ?, ?, ?, ?, ?)");

			time_datetime(now_utc(), now);
			if (!st || db_bind_text(st, 1, ind->code) < 0 ||
			    db_bind_int64(st, 2, (int64_t)k + 1) < 0 ||
			    db_bind_int64(st, 3, ind->tiers[k].upto_fen) < 0 ||
			    db_bind_double(st, 4, ind->tiers[k].rate / (double)(SF_RATE_UNIT / 100)) < 0 ||
			    db_bind_text(st, 5, "⚠️ 默认值：财企〔2012〕16号费率（财资〔2022〕136号未调整冶金费率，待核实）") < 0 ||
			    db_bind_text(st, 6, now) < 0 || db_bind_text(st, 7, now) < 0 ||
			    db_step(st) != DB_DONE) {
				log_err("fund_rate seed: %s", db_errmsg(db));
				db_finalize(st);
				return -1;
			}
			db_finalize(st);
		}
	}
	return fund_ledger_schema(db);
}

/* The enterprise home: a finished year under-used, spending outside the uses; then
 * the ledgers' notices. */
int fund_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w)
{
	if (home_notice_count(c, w, org, today,
			      "SELECT COUNT(*) FROM fund_plan t WHERE" HOME_ORG
			      " AND t.year_end < ? AND " SQL_USED " < COALESCE(t.extraction, 0)",
			      "fund_under_used", "安全生产费用使用不足（已结束年度）", "warning",
			      "/fund?under_used=true") != 0 ||
	    home_notice_count(c, w, org, today,
			      "SELECT COUNT(*) FROM fund_expense WHERE" HOME_ORG " AND outside = 1",
			      "fund_outside", "安全生产费用超范围列支", "danger",
			      "/fund?tab=expense&outside=true") != 0)
		return -1;
	return fund_ledger_home(c, org, today, w);
}

void fund_init(void)
{
	size_t i, n = 0;

	for (i = 0; i < sf_industry_count() && n + 1 < ARRAY_SIZE(industry_opts); i++, n++) {
		industry_opts[n].code = sf_industry_at(i)->code;
		industry_opts[n].label = sf_industry_at(i)->label;
	}
	for (i = 0, n = 0; i < sf_category_count() && n + 1 < ARRAY_SIZE(category_opts); i++, n++) {
		category_opts[n].code = sf_category_at(i)->code;
		category_opts[n].label = sf_category_at(i)->label;
	}
	entity_register(&plan_def);
	entity_register(&expense_def);
	entity_register(&rate_def);
	view_register(&report_view);
	fund_ledger_init();
}
