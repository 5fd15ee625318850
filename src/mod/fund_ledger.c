/*
 * fund_ledger.c — the standing ledgers of issue 10 besides the fund:
 *
 *   liability_policy     安全生产责任保险 policies (安全生产法 第五十一条; seeds/004
 *                        第6项): insurer, number, period, insured persons, cover per
 *                        person, premium, file. A policy whose successor (a later
 *                        policy of the same enterprise) is recorded is 已续保; expiry
 *                        is a duty with 30 days' warning;
 *   insurer_visit        the insurer's 事故预防技术服务 (seeds/003 第19项);
 *   insurance_mandatory  the industries where 安责险 is compulsory, configuration
 *                        (seeds/004 第6项: 金属冶炼、涉爆粉尘、危险化学品、交通运输、
 *                        建筑施工; the 2025 实施办法's others shipped disabled, ⚠️);
 *   licence              证照 with number, scope, issuer, validity; expiry is a duty
 *                        (seeds/004 第3项);
 *   equipment            设备设施 / 特种设备 ledger: kind, location, inspection interval,
 *                        last and next inspection (computed), scrappage, the obsolete
 *                        list flag (seeds/001 任务8–9, seeds/003 第36项);
 *   construction_project 建设项目安全设施“三同时” (seeds/004 第16项): design review,
 *                        construction, acceptance; in use without acceptance flagged.
 *
 * GET /api/liability/uninsured: enterprises of a mandatory industry without a
 * current policy (a declared view for the regulator).
 */
#include <inttypes.h>
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
#include "rules/equipment.h"

#define RB(r) (1u << (r))
#define LEDGER_WRITERS (RB(ROLE_ADMIN) | RB(ROLE_REGULATOR) | RB(ROLE_ENT_MANAGER))

/* -------------------------------------------------------------- 安责险 */

static int policy_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int org_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e);
static int policy_after_write(struct ectx *c, enum entity_action a, int64_t id,
			      const json_t *before, const json_t *after, struct verr *e);
static int visit_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			      const json_t *old, struct verr *e);

#define POLICY_CURRENT "t.start_date <= {today} AND t.end_date >= {today}"

static const struct field_def policy_fields[] = {
	{.name = "insurer", .label = "保险机构", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "policy_no", .label = "保单号", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "start_date", .label = "保险起期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT | F_RANGE},
	{.name = "end_date", .label = "保险止期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT | F_RANGE},
	{.name = "insured_count", .label = "参保人数", .type = FT_INT, .min = 1, .max = 1000000,
	 .flags = F_REQUIRED | F_LIST, .help = "实施办法：全体从业人员均应参保，保障标准一致"},
	{.name = "cover_per_person", .label = "每人死亡伤残保额（元）", .type = FT_MONEY,
	 .min = 0, .max = 1e9, .flags = F_REQUIRED | F_LIST,
	 .help = "安全生产责任保险实施办法（2025）：每人不低于40万元"},
	{.name = "premium", .label = "保费（元）", .type = FT_MONEY, .min = 0, .max = 1e10,
	 .flags = F_REQUIRED | F_LIST, .help = "可从安全生产费用中列支"},
	{.name = "files", .label = "保单文件", .type = FT_FILES},
	{.name = "renewed", .label = "已续保", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST,
	 .help = "登记了本企业止期更晚的新保单即为已续保"},
	{.name = "renewed_at", .label = "续保登记日期", .type = FT_DATE, .flags = F_READONLY},
	{.name = "current", .label = "在保", .type = FT_BOOL, .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN " POLICY_CURRENT " THEN 1 ELSE 0 END"},
	{.name = "expired", .label = "已过期", .type = FT_BOOL, .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN t.end_date < {today} THEN 1 ELSE 0 END"},
	/* 安全生产责任保险实施办法 (2025): 死亡伤残每人不低于40万元 = 40,000,000 fen
	 * (DOMAIN.md §8, Art. 51) */
	{.name = "cover_low", .label = "保额低于标准", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN t.cover_per_person < 40000000 THEN 1 ELSE 0 END"},
};

static const struct entity_def policy_def = {
	.name = "liability_policy", .table = "liability_policy", .label = "安全生产责任保险保单",
	.fields = policy_fields, .nfields = ARRAY_SIZE(policy_fields),
	.write_roles = LEDGER_WRITERS, .display_field = "policy_no", .default_sort = "-end_date",
	.validate = policy_validate, .before_write = org_before_write,
	.after_write = policy_after_write,
};

static const struct enum_opt service_opts[] = {
	{"inspection", "安全检查与隐患排查"},
	{"risk_assessment", "风险评估"},
	{"training", "安全培训"},
	{"drill", "应急演练指导"},
	{"consulting", "安全咨询"},
	{"other", "其他"},
	{NULL, NULL}
};

static const struct field_def visit_fields[] = {
	{.name = "policy_id", .label = "保单", .type = FT_REF, .ref = "liability_policy",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "visit_date", .label = "服务日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT | F_RANGE},
	{.name = "service", .label = "服务类型", .type = FT_ENUM, .opts = service_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "provider", .label = "服务机构 / 人员", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "content", .label = "服务内容", .type = FT_LONGTEXT, .flags = F_REQUIRED | F_SEARCH},
	{.name = "findings", .label = "发现问题及建议", .type = FT_LONGTEXT},
	{.name = "files", .label = "服务记录", .type = FT_FILES},
};

static const struct entity_def visit_def = {
	.name = "insurer_visit", .table = "insurer_visit", .label = "事故预防技术服务",
	.fields = visit_fields, .nfields = ARRAY_SIZE(visit_fields),
	.write_roles = LEDGER_WRITERS, .display_field = "provider", .default_sort = "-visit_date",
	.before_write = visit_before_write,
};

static const struct field_def mandatory_fields[] = {
	{.name = "industry", .label = "高危行业类别代码", .type = FT_TEXT, .max_len = 50,
	 .flags = F_REQUIRED | F_UNIQUE | F_LIST,
	 .help = "企业档案“高危行业类别”的代码，如 metal_smelting"},
	{.name = "label", .label = "行业", .type = FT_TEXT, .max_len = 50, .flags = F_REQUIRED | F_LIST},
	{.name = "mandatory", .label = "强制投保", .type = FT_BOOL, .flags = F_FILTER | F_LIST},
	{.name = "source", .label = "依据", .type = FT_TEXT, .max_len = 500, .flags = F_LIST},
};

static const struct entity_def mandatory_def = {
	.name = "insurance_mandatory", .table = "insurance_mandatory",
	.label = "安责险强制投保行业",
	.fields = mandatory_fields, .nfields = ARRAY_SIZE(mandatory_fields),
	.flags = E_NO_ORG, .write_roles = RB(ROLE_ADMIN),
	.display_field = "label", .default_sort = "id",
};

/* --------------------------------------------------------------- 证照 */

static const struct enum_opt licence_kind_opts[] = {
	{"safety_production", "安全生产许可证"},
	{"hazchem_operation", "危险化学品经营许可证"},
	{"hazchem_use", "危险化学品安全使用许可证"},
	{"hazchem_registration", "危险化学品登记证"},
	{"fireworks", "烟花爆竹经营许可证"},
	{"explosives", "民用爆炸物品许可证"},
	{"road_transport", "道路运输经营许可证"},
	{"gas_operation", "燃气经营许可证"},
	{"construction_safety", "建筑施工企业安全生产许可证"},
	{"fire_safety", "公众聚集场所投入使用、营业前消防安全检查合格证"},
	{"other", "其他"},
	{NULL, NULL}
};

static int licence_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);

static const struct field_def licence_fields[] = {
	{.name = "kind", .label = "证照类型", .type = FT_ENUM, .opts = licence_kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "name", .label = "证照名称", .type = FT_TEXT, .max_len = 100,
	 .flags = F_SEARCH | F_LIST, .help = "类型为“其他”时必填"},
	{.name = "number", .label = "证书编号", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "scope", .label = "许可范围", .type = FT_TEXT, .max_len = 1000, .flags = F_LIST},
	{.name = "issuer", .label = "发证机关", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_LIST},
	{.name = "issued_on", .label = "发证日期", .type = FT_DATE, .flags = F_LIST},
	{.name = "valid_until", .label = "有效期至", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT | F_RANGE,
	 .help = "安全生产许可证有效期3年，期满前3个月办理延期（安全生产许可证条例第九条）"},
	{.name = "files", .label = "证照扫描件", .type = FT_FILES},
	{.name = "expired", .label = "已过期", .type = FT_BOOL, .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN t.valid_until < {today} THEN 1 ELSE 0 END"},
};

static const struct entity_def licence_def = {
	.name = "licence", .table = "licence", .label = "证照",
	.fields = licence_fields, .nfields = ARRAY_SIZE(licence_fields),
	.write_roles = LEDGER_WRITERS, .display_field = "number", .default_sort = "valid_until",
	.validate = licence_validate, .before_write = org_before_write,
};

/* ----------------------------------------------------------- equipment */

/* 特种设备 per 特种设备安全法 第二条 (the eight kinds), then ordinary equipment. */
static const struct enum_opt equipment_kind_opts[] = {
	{"boiler", "锅炉"},
	{"pressure_vessel", "压力容器（含气瓶）"},
	{"pressure_pipe", "压力管道"},
	{"elevator", "电梯"},
	{"crane", "起重机械"},
	{"ropeway", "客运索道"},
	{"amusement", "大型游乐设施"},
	{"vehicle", "场（厂）内专用机动车辆"},
	{"production", "生产设备"},
	{"safety_facility", "安全设施"},
	{"fire_facility", "消防设施"},
	{"electrical", "电气设备"},
	{"other", "其他设备"},
	{NULL, NULL}
};
#define SPECIAL_KINDS "('boiler', 'pressure_vessel', 'pressure_pipe', 'elevator', 'crane'," \
	" 'ropeway', 'amusement', 'vehicle')"

static const struct enum_opt equipment_status_opts[] = {
	{"in_use", "在用"},
	{"idle", "停用"},
	{"scrapped", "已报废"},
	{NULL, NULL}
};

static int equipment_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int equipment_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				  const json_t *old, struct verr *e);

static const struct field_def equipment_fields[] = {
	{.name = "name", .label = "设备名称", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "kind", .label = "设备类别", .type = FT_ENUM, .opts = equipment_kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "special", .label = "特种设备", .type = FT_BOOL, .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN t.kind IN " SPECIAL_KINDS " THEN 1 ELSE 0 END"},
	{.name = "code", .label = "设备编号 / 使用登记证号", .type = FT_TEXT, .max_len = 100,
	 .flags = F_SEARCH | F_LIST},
	{.name = "model", .label = "规格型号", .type = FT_TEXT, .max_len = 100},
	{.name = "location", .label = "安装地点", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "commissioned_on", .label = "投用日期", .type = FT_DATE},
	{.name = "interval_months", .label = "检验周期（月）", .type = FT_INT, .min = 1, .max = 240,
	 .flags = F_LIST, .help = "特种设备必填，如电梯、压力容器12个月，起重机械24个月"},
	{.name = "last_inspection", .label = "上次检验日期", .type = FT_DATE, .flags = F_LIST | F_SORT},
	{.name = "next_inspection", .label = "下次检验日期", .type = FT_DATE,
	 .flags = F_READONLY | F_LIST | F_SORT | F_RANGE,
	 .help = "按上次检验日期和检验周期自动计算"},
	{.name = "status", .label = "使用状态", .type = FT_ENUM, .opts = equipment_status_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "scrapped_on", .label = "报废日期", .type = FT_DATE, .flags = F_LIST},
	{.name = "obsolete", .label = "列入淘汰落后设备目录", .type = FT_BOOL, .flags = F_FILTER | F_LIST,
	 .help = "seeds/001 任务8–9、seeds/003 第36项：淘汰落后工艺设备"},
	{.name = "obsolete_ref", .label = "淘汰目录依据", .type = FT_TEXT, .max_len = 200,
	 .help = "如《淘汰落后危险化学品安全生产工艺技术设备目录》"},
	{.name = "files", .label = "检验报告 / 登记证", .type = FT_FILES},
	{.name = "overdue", .label = "检验逾期", .type = FT_BOOL, .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN t.status <> 'scrapped' AND t.next_inspection IS NOT NULL"
		 " AND t.next_inspection < {today} THEN 1 ELSE 0 END"},
	{.name = "obsolete_in_use", .label = "淘汰设备未报废", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER,
	 .expr = "CASE WHEN t.obsolete = 1 AND t.status <> 'scrapped' THEN 1 ELSE 0 END"},
};

static const struct entity_def equipment_def = {
	.name = "equipment", .table = "equipment", .label = "设备设施",
	.fields = equipment_fields, .nfields = ARRAY_SIZE(equipment_fields),
	.write_roles = LEDGER_WRITERS, .display_field = "name", .default_sort = "id",
	.validate = equipment_validate, .before_write = equipment_before_write,
};

/* ------------------------------------------------------------- 三同时 */

static const struct enum_opt project_kind_opts[] = {
	{"new", "新建"},
	{"rebuild", "改建"},
	{"expand", "扩建"},
	{NULL, NULL}
};

static int project_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);

static const struct field_def project_fields[] = {
	{.name = "name", .label = "项目名称", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "kind", .label = "建设性质", .type = FT_ENUM, .opts = project_kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "location", .label = "建设地点", .type = FT_TEXT, .max_len = 200},
	{.name = "investment", .label = "安全设施投资（元）", .type = FT_MONEY, .min = 0, .max = 1e12,
	 .help = "“三同时”初始投入不得从安全生产费用中列支"},
	{.name = "design_review_date", .label = "安全设施设计审查日期", .type = FT_DATE,
	 .flags = F_LIST, .group = "同时设计"},
	{.name = "design_files", .label = "设计审查文件", .type = FT_FILES, .group = "同时设计"},
	{.name = "construction_start", .label = "开工日期", .type = FT_DATE, .flags = F_LIST,
	 .group = "同时施工"},
	{.name = "completion_date", .label = "竣工日期", .type = FT_DATE, .group = "同时施工"},
	{.name = "in_use_date", .label = "投入生产和使用日期", .type = FT_DATE, .flags = F_LIST,
	 .group = "同时投入生产和使用"},
	{.name = "acceptance_date", .label = "安全设施竣工验收日期", .type = FT_DATE, .flags = F_LIST,
	 .group = "同时投入生产和使用"},
	{.name = "acceptance_files", .label = "验收文件", .type = FT_FILES,
	 .group = "同时投入生产和使用"},
	{.name = "note", .label = "备注", .type = FT_LONGTEXT},
	/* seeds/004 第16项: 安全设施未经设计审查合格不得施工建设 */
	{.name = "unreviewed_construction", .label = "未经设计审查施工", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN t.construction_start IS NOT NULL AND (t.design_review_date IS NULL"
		 " OR t.design_review_date > t.construction_start) THEN 1 ELSE 0 END"},
	/* seeds/004 第16项: 未经验收合格不得投入生产和使用 */
	{.name = "unaccepted_in_use", .label = "未验收投用", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN t.in_use_date IS NOT NULL AND (t.acceptance_date IS NULL"
		 " OR t.acceptance_date > t.in_use_date) THEN 1 ELSE 0 END"},
};

static const struct entity_def project_def = {
	.name = "construction_project", .table = "construction_project",
	.label = "建设项目安全设施“三同时”",
	.fields = project_fields, .nfields = ARRAY_SIZE(project_fields),
	.write_roles = LEDGER_WRITERS, .display_field = "name", .default_sort = "-id",
	.validate = project_validate, .before_write = org_before_write,
};

/* ---------------------------------------------------------------- hooks */

static int org_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e)
{
	return a == EA_CREATE ? fund_org_check(c, obj, e) : 0;
}

static int policy_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	fund_date_order(obj, "start_date", "end_date", "保险止期不能早于起期", e);
	return 0;
}

/* A new or moved policy renews the enterprise's earlier ones: each policy of the
 * same enterprise that ends before this one and started before it, not yet marked,
 * becomes 已续保 (its expiry duty done) — through the core, so the calendar follows. */
static int policy_after_write(struct ectx *c, enum entity_action a, int64_t id,
			      const json_t *before, const json_t *after, struct verr *e)
{
	struct db_stmt *st;
	int64_t ids[64];
	int n = 0, r;
	char today[11];

	if (a == EA_DELETE || !after)
		return 0;
	st = db_prepare(c->db, "SELECT id FROM liability_policy WHERE org_id = ? AND id <> ?"
			" AND end_date < ? AND start_date < ? AND COALESCE(renewed, 0) = 0");
	if (!st || db_bind_int64(st, 1, row_int(after, "org_id")) < 0 || db_bind_int64(st, 2, id) < 0 ||
	    db_bind_text(st, 3, row_str(after, "end_date")) < 0 ||
	    db_bind_text(st, 4, row_str(after, "start_date")) < 0)
		goto fail;
	while ((r = db_step(st)) == DB_ROW && n < (int)ARRAY_SIZE(ids))
		ids[n++] = db_col_int64(st, 0);
	if (r != DB_ROW && r != DB_DONE)
		goto fail;
	db_finalize(st);
	entity_today(today);
	for (int i = 0; i < n; i++) {
		json_t *set = json_pack("{s:b, s:s}", "renewed", 1, "renewed_at", today);
		int w = set ? entity_set_tx(c, &policy_def, ids[i], NULL, set, "renew", e) : -1;

		json_decref(set);
		if (w < 0)
			return -1;
	}
	return 0;
fail:
	log_err("policy renewal: %s", db_errmsg(c->db));
	db_finalize(st);
	verr_set(e, 500, "internal", "服务器内部错误");
	return -1;
}

/* A visit belongs to its policy's enterprise. */
static int visit_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			      const json_t *old, struct verr *e)
{
	int64_t org = 0;

	if (a == EA_DELETE)
		return 0;
	if (db_query_int64p(c->db, "SELECT org_id FROM liability_policy WHERE id = ?",
			    row_int(obj, "policy_id"), &org, 0) != 0) {
		verr_set(e, 500, "internal", "服务器内部错误");
		return -1;
	}
	if (!org) {
		verr_add(e, "policy_id", "保单不存在");
		return -1;
	}
	if (a == EA_UPDATE && org != row_int(old, "org_id")) {
		verr_add(e, "policy_id", "不能改为其他企业的保单");
		return -1;
	}
	json_object_set_new(obj, "org_id", json_integer(org));
	return 0;
}

static int licence_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *k = row_str(obj, "kind");

	if (k && strcmp(k, "other") == 0 && !row_str(obj, "name"))
		verr_add(e, "name", "证照类型为“其他”时须填写证照名称");
	fund_date_order(obj, "issued_on", "valid_until", "有效期至不能早于发证日期", e);
	return 0;
}

static int is_special(const char *kind)
{
	static const char *const special[] = {
		"boiler", "pressure_vessel", "pressure_pipe", "elevator", "crane", "ropeway",
		"amusement", "vehicle",
	};

	for (size_t i = 0; kind && i < ARRAY_SIZE(special); i++)
		if (strcmp(kind, special[i]) == 0)
			return 1;
	return 0;
}

/* Special equipment is inspected periodically (特种设备安全法 第四十条): its interval
 * is required; scrapped equipment names the date. */
static int equipment_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *st = row_str(obj, "status");

	if (is_special(row_str(obj, "kind")) && !row_int(obj, "interval_months"))
		verr_add(e, "interval_months", "特种设备须填写检验周期（特种设备安全法第四十条）");
	if (st && strcmp(st, "scrapped") == 0 && !row_str(obj, "scrapped_on"))
		verr_add(e, "scrapped_on", "已报废的设备须填写报废日期");
	fund_date_order(obj, "commissioned_on", "scrapped_on", "报废日期不能早于投用日期", e);
	return 0;
}

/* next_inspection = last_inspection + interval (rules/equipment.c). */
static int equipment_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				  const json_t *old, struct verr *e)
{
	const char *last;
	int64_t months;
	char next[11];

	if (a == EA_DELETE)
		return 0;
	if (a == EA_CREATE && fund_org_check(c, obj, e) < 0)
		return -1;
	last = row_str(obj, "last_inspection");
	months = row_int(obj, "interval_months");
	if (last && months > 0 && equip_next_inspection(last, (int)months, next) == 0)
		json_object_set_new(obj, "next_inspection", json_string(next));
	else
		json_object_set_new(obj, "next_inspection", json_null());
	return 0;
}

/* The dates of 三同时 follow each other: design review before construction, an
 * acceptance on file. */
static int project_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	fund_date_order(obj, "design_review_date", "construction_start",
			"开工日期不能早于安全设施设计审查日期（先审查后施工）", e);
	fund_date_order(obj, "construction_start", "completion_date", "竣工日期不能早于开工日期", e);
	fund_date_order(obj, "construction_start", "acceptance_date", "验收日期不能早于开工日期", e);
	return 0;
}

/* ---------------------------------------------------------------- duties */

/* 安责险: renewed before the policy ends (no lapse: 实施办法 forbids delaying the
 * renewal); 30 days' warning (issue 10). Done when a later policy is recorded. */
static const struct obligation_def policy_expiry = {
	.code = "liability_policy_renewal", .label = "安责险保单续保", .module = "fund",
	.source = "安全生产法 第五十一条；seeds/004 第6项（高危行业投保安全生产责任保险）；提前30日提醒",
	.period = OB_EVENT, .warn_days = 30,
	.proof_entity = "liability_policy", .record_when = "t.end_date IS NOT NULL",
	.record_due = "t.end_date", .record_done = "t.renewed = 1",
	.record_done_at = "t.renewed_at", .record_title = "t.policy_no",
	.form = "/liability",
};

/* 证照: renewed before it expires (安全生产许可证条例 第九条: 期满前3个月办理延期). */
static const struct obligation_def licence_expiry = {
	.code = "licence_expiry", .label = "证照有效期", .module = "fund",
	.source = "seeds/004 第3项（证照合法有效）；安全生产许可证条例 第九条（期满前3个月办理延期）",
	.period = OB_EVENT, .warn_days = 90,
	.proof_entity = "licence", .record_when = "t.valid_until IS NOT NULL",
	.record_due = "t.valid_until", .record_title = "t.number",
	.form = "/licence",
};

/* 特种设备定期检验: requested a month before the due date (特种设备安全法 第四十条). */
static const struct obligation_def equipment_inspection = {
	.code = "equipment_inspection", .label = "设备定期检验", .module = "fund",
	.source = "特种设备安全法 第四十条（检验合格有效期届满前一个月提出定期检验要求）；seeds/001 任务8–9",
	.period = OB_EVENT, .warn_days = 30,
	.proof_entity = "equipment",
	.record_when = "t.next_inspection IS NOT NULL AND t.status <> 'scrapped'",
	.record_due = "t.next_inspection", .record_title = "t.name",
	.form = "/equipment",
};

const struct obligation_def *const fund_duties[] = {
	&policy_expiry, &licence_expiry, &equipment_inspection, NULL
};

/* ------------------------------------------------------------------ views */

#define E_MANDATORY "e.high_risk IN (SELECT m.industry FROM insurance_mandatory m WHERE m.mandatory = 1)"
#define E_INSURED "EXISTS (SELECT 1 FROM liability_policy p WHERE p.org_id = e.org_id" \
	" AND p.start_date <= {today} AND p.end_date >= {today})"

static const struct field_def uninsured_cols[] = {
	{.name = "id", .label = "编号", .type = FT_INT, .expr = "e.id", .flags = F_SORT},
	{.name = "org_id", .label = "企业编号", .type = FT_INT, .expr = "e.org_id"},
	{.name = "name", .label = "企业", .type = FT_TEXT, .expr = "e.name",
	 .flags = F_LIST | F_SEARCH | F_SORT},
	{.name = "industry", .label = "高危行业", .type = FT_TEXT, .flags = F_LIST,
	 .expr = "(SELECT m.label FROM insurance_mandatory m WHERE m.industry = e.high_risk)"},
	{.name = "employee_count", .label = "从业人员数", .type = FT_INT, .expr = "e.employee_count",
	 .flags = F_LIST},
	{.name = "last_end_date", .label = "最近保单止期", .type = FT_DATE, .flags = F_LIST,
	 .expr = "(SELECT MAX(p.end_date) FROM liability_policy p WHERE p.org_id = e.org_id)"},
};

static const struct view_def uninsured_view = {
	.path = "/api/liability/uninsured", .label = "强制投保行业未投保企业",
	.from = "enterprise e", .scope_col = "e.org_id",
	.where = OB_ENTERPRISE_ACTIVE " AND " E_MANDATORY " AND NOT " E_INSURED,
	.cols = uninsured_cols, .ncols = ARRAY_SIZE(uninsured_cols),
	.default_sort = "id", .default_size = 50,
	.roles = RB(ROLE_ADMIN) | RB(ROLE_REGULATOR) | RB(ROLE_DEPARTMENT),
};

/* ------------------------------------------------------------ module hooks */

/* The mandatory industries, shipped once: the five of seeds/004 第6项 enabled, the
 * 2025 实施办法's other ones disabled (its number is ⚠️ in DOMAIN.md). */
int fund_ledger_schema(struct db *db)
{
	static const struct { const char *code, *label; int on; const char *src; } rows[] = {
		{"metal_smelting", "金属冶炼", 1, "seeds/004 第6项"},
		{"dust_explosion", "涉爆粉尘", 1, "seeds/004 第6项"},
		{"hazardous_chemicals", "危险化学品", 1, "seeds/004 第6项"},
		{"transport", "交通运输", 1, "seeds/004 第6项"},
		{"construction", "建筑施工", 1, "seeds/004 第6项"},
		{"mining", "非煤矿山", 0, "⚠️ 安全生产责任保险实施办法（2025，文号待核实）列为强制，默认未启用"},
		{"fireworks", "烟花爆竹", 0, "⚠️ 安全生产责任保险实施办法（2025，文号待核实）列为强制，默认未启用"},
		{"civil_explosives", "民用爆炸物品", 0, "⚠️ 安全生产责任保险实施办法（2025，文号待核实）列为强制，默认未启用"},
	};
	char now[20];

	time_datetime(now_utc(), now);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct db_stmt *st = db_prepare(db,
			"INSERT INTO insurance_mandatory (industry, label, mandatory, source, created_at,"
			" updated_at) SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
			" (SELECT 1 FROM insurance_mandatory WHERE industry = ?)");

		if (!st || db_bind_text(st, 1, rows[i].code) < 0 || db_bind_text(st, 2, rows[i].label) < 0 ||
		    db_bind_int64(st, 3, rows[i].on) < 0 || db_bind_text(st, 4, rows[i].src) < 0 ||
		    db_bind_text(st, 5, now) < 0 || db_bind_text(st, 6, now) < 0 ||
		    db_bind_text(st, 7, rows[i].code) < 0 || db_step(st) != DB_DONE) {
			log_err("insurance_mandatory seed: %s", db_errmsg(db));
			db_finalize(st);
			return -1;
		}
		db_finalize(st);
	}
	return 0;
}

int fund_ledger_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w)
{
	static const struct { const char *sql, *key, *label, *level, *to; } n[] = {
		{"SELECT COUNT(*) FROM enterprise e WHERE e.org_id IN"
		 " (SELECT org_id FROM scope_org WHERE viewer = ?) AND " E_MANDATORY " AND NOT EXISTS (SELECT 1 FROM liability_policy p"
		 " WHERE p.org_id = e.org_id AND ? BETWEEN p.start_date AND p.end_date)",
		 "policy_missing", "强制投保行业未在保安责险", "danger", "/liability"},
		{"SELECT COUNT(*) FROM liability_policy WHERE" HOME_ORG
		 " AND end_date < ? AND COALESCE(renewed, 0) = 0",
		 "policy_expired", "安责险保单已到期未续保", "danger", "/liability?expired=true"},
		{"SELECT COUNT(*) FROM licence WHERE" HOME_ORG " AND valid_until < ?",
		 "licence_expired", "证照已过期", "danger", "/licence?expired=true"},
		{"SELECT COUNT(*) FROM equipment WHERE" HOME_ORG " AND next_inspection < ?"
		 " AND status <> 'scrapped'",
		 "equipment_overdue", "设备检验逾期", "danger", "/equipment?overdue=true"},
		{"SELECT COUNT(*) FROM equipment WHERE" HOME_ORG " AND obsolete = 1"
		 " AND status <> 'scrapped'",
		 "equipment_obsolete", "淘汰落后设备未报废", "warning", "/equipment?obsolete=true"},
		{"SELECT COUNT(*) FROM construction_project WHERE" HOME_ORG
		 " AND in_use_date IS NOT NULL AND (acceptance_date IS NULL OR acceptance_date > in_use_date)",
		 "project_unaccepted", "建设项目未验收投入使用", "danger",
		 "/project?unaccepted_in_use=true"},
	};

	for (size_t i = 0; i < ARRAY_SIZE(n); i++)
		if (home_notice_count(c, w, org, today, n[i].sql, n[i].key, n[i].label, n[i].level,
				      n[i].to) != 0)
			return -1;
	return 0;
}

void fund_ledger_init(void)
{
	entity_register(&policy_def);
	entity_register(&visit_def);
	entity_register(&mandatory_def);
	entity_register(&licence_def);
	entity_register(&equipment_def);
	entity_register(&project_def);
	view_register(&uninsured_view);
}
