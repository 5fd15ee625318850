/*
 * emergency.c — 应急管理 (mod/emergency.h): the declarations of plans, command body,
 * rescue teams, supplies and drills, the hooks that are this module's own (an
 * enterprise's org for every row, the next evaluation and inspection dates from
 * src/rules/emergency.c, a new plan version superseding the old, a drill reported to
 * the supervising regulators), the drill and 备案 duties of the obligations calendar,
 * the enterprise home's notices and the contacts others read.
 *
 * 备案 (令第2号 Art. 26): the duty em_plan_filing is due 20 working days after the
 * publication, counted by the calendar core with the admin's holiday table; its rule
 * version is the configuration (DOMAIN ⚠️). A plan shows that due and whether it was
 * late by reading its calendar row, so the plan and the calendar cannot disagree.
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
#include "entity/inbox.h"
#include "entity/obligation.h"
#include "http/http.h"
#include "mod/emergency.h"
#include "mod/mod.h"
#include "rules/emergency.h"

#define RB(r) (1u << (r))
/* The enterprise keeps its own records; the regulator and departments read them. */
#define EM_WRITERS (RB(ROLE_ADMIN) | RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL))

/* ------------------------------------------------------------------ options */

static const struct enum_opt plan_kind_opts[] = {
	{"comprehensive", "综合应急预案"}, {"special", "专项应急预案"},
	{"onsite", "现场处置方案"}, {NULL, NULL}
};
/* 令第2号 第三十六条 (一)–(六), plus the first edition and a periodic evaluation. */
static const struct enum_opt trigger_opts[] = {
	{"initial", "首次编制"},
	{"legal", "依据的法律法规、标准及上位预案发生重大变化"},
	{"command", "应急指挥机构及其职责发生调整"},
	{"risk", "面临的安全风险发生重大变化"},
	{"resources", "重要应急资源发生重大变化"},
	{"drill", "演练或事故应急救援中发现需要修订的重大问题"},
	{"evaluation", "定期评估后修订"},
	{"other", "编制单位认为应当修订的其他情况"},
	{NULL, NULL}
};
static const struct enum_opt cmd_role_opts[] = {
	{"commander", "总指挥"}, {"deputy", "副总指挥"}, {"office", "应急办公室"},
	{"group_leader", "专业组组长"}, {"member", "成员"}, {"liaison", "联络员"}, {NULL, NULL}
};
static const struct enum_opt team_kind_opts[] = {
	{"fulltime", "专职救援队伍"}, {"parttime", "兼职救援队伍"},
	{"agreement", "救援协议（邻近专业队伍）"}, {NULL, NULL}
};
static const struct enum_opt supply_cat_opts[] = {
	{"fire", "消防器材"}, {"firstaid", "医疗急救"}, {"ppe", "个体防护"},
	{"rescue", "抢险救援装备"}, {"comm", "通讯照明"}, {"spill", "泄漏处置"},
	{"other", "其他"}, {NULL, NULL}
};
static const struct enum_opt drill_kind_opts[] = {
	{"comprehensive", "综合应急预案演练"}, {"special", "专项应急预案演练"},
	{"onsite", "现场处置方案演练"}, {"evacuation", "疏散逃生演练"}, {NULL, NULL}
};
static const struct enum_opt drill_method_opts[] = {
	{"actual", "实战演练"}, {"tabletop", "桌面推演"}, {NULL, NULL}
};

/* ------------------------------------------------------------- declarations */

static int em_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			   const json_t *old, struct verr *e);
static int plan_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int plan_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e);
static int plan_after_write(struct ectx *c, enum entity_action a, int64_t id,
			    const json_t *before, const json_t *after, struct verr *e);
static int team_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int supply_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			       const json_t *old, struct verr *e);
static int drill_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int drill_after_write(struct ectx *c, enum entity_action a, int64_t id,
			     const json_t *before, const json_t *after, struct verr *e);

/* The plan's calendar row of em_plan_filing (per-record: period key = the plan id). */
#define FILING_ROW "FROM obligation o WHERE o.org_id = t.org_id AND o.duty = 'em_plan_filing'" \
		   " AND o.period_key = CAST(t.id AS TEXT)"

static const struct field_def plan_fields[] = {
	{.name = "name", .label = "预案名称", .type = FT_TEXT,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST | F_SORT, .group = "基本信息"},
	{.name = "kind", .label = "预案类型", .type = FT_ENUM, .opts = plan_kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .group = "基本信息",
	 .help = "应急管理部令第2号 第六条：综合应急预案、专项应急预案、现场处置方案"},
	{.name = "version", .label = "版本号", .type = FT_TEXT, .max_len = 30,
	 .flags = F_REQUIRED | F_LIST, .group = "基本信息", .help = "如：2026版、V2.0"},
	{.name = "scope", .label = "适用范围 / 事故类型", .type = FT_TEXT, .max_len = 200,
	 .group = "基本信息"},
	{.name = "approved_by", .label = "批准人", .type = FT_TEXT, .max_len = 50,
	 .group = "审批与公布", .help = "由本单位主要负责人签署（令第2号 第二十四条）"},
	{.name = "approved_at", .label = "批准日期", .type = FT_DATE, .group = "审批与公布"},
	{.name = "published_at", .label = "公布日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_RANGE | F_SORT, .group = "审批与公布"},
	{.name = "filed_at", .label = "备案日期", .type = FT_DATE, .flags = F_LIST,
	 .group = "备案",
	 .help = "公布之日起20个工作日内向应急管理部门备案（令第2号 第二十六条；期限为平台默认，"
		 "管理员可在履职规则中调整）"},
	{.name = "filed_to", .label = "备案部门", .type = FT_TEXT, .max_len = 100, .group = "备案"},
	{.name = "filing_no", .label = "备案编号", .type = FT_TEXT, .max_len = 60, .group = "备案"},
	{.name = "filing_due", .label = "备案期限", .type = FT_DATE, .flags = F_READONLY | F_LIST,
	 .group = "备案", .expr = "(SELECT substr(o.due_at, 1, 10) " FILING_ROW ")"},
	{.name = "filing_late", .label = "备案逾期", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST, .group = "备案",
	 .expr = "CASE WHEN EXISTS (SELECT 1 " FILING_ROW " AND ((o.done_at IS NOT NULL AND"
		 " substr(o.done_at, 1, 10) > substr(o.due_at, 1, 10)) OR (o.done_at IS NULL AND"
		 " {today} > substr(o.due_at, 1, 10)))) THEN 1 ELSE 0 END"},
	{.name = "evaluated_at", .label = "最近评估日期", .type = FT_DATE, .group = "评估与修订",
	 .help = "令第2号 第三十五条：矿山、金属冶炼、建筑施工、危险物品等单位及中型规模以上单位每三年评估一次"},
	{.name = "next_evaluation", .label = "下次评估日期", .type = FT_DATE,
	 .flags = F_READONLY | F_LIST | F_SORT | F_RANGE, .group = "评估与修订"},
	{.name = "previous_id", .label = "替代的旧版本", .type = FT_REF, .ref = "emergency_plan",
	 .group = "评估与修订",
	 .help = "修订时选择被替代的版本：旧版本保留并标记为“已被替代”"},
	{.name = "revision_trigger", .label = "编制 / 修订原因", .type = FT_ENUM, .opts = trigger_opts,
	 .flags = F_FILTER, .group = "评估与修订", .help = "令第2号 第三十六条 应当及时修订的情形"},
	{.name = "revision_note", .label = "修订说明", .type = FT_LONGTEXT, .group = "评估与修订"},
	{.name = "superseded", .label = "已被替代", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST, .group = "评估与修订"},
	{.name = "files", .label = "预案文本", .type = FT_FILES, .group = "附件"},
};

static const struct entity_def plan_def = {
	.name = "emergency_plan", .table = "emergency_plan", .label = "应急预案",
	.fields = plan_fields, .nfields = ARRAY_SIZE(plan_fields),
	.write_roles = EM_WRITERS, .display_field = "name", .default_sort = "-published_at",
	.validate = plan_validate, .before_write = plan_before_write,
	.after_write = plan_after_write,
	.default_filter = "superseded", .default_filter_value = "false",
};

static const struct field_def command_fields[] = {
	{.name = "role", .label = "指挥职务", .type = FT_ENUM, .opts = cmd_role_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "group_name", .label = "所属小组", .type = FT_TEXT, .max_len = 50,
	 .flags = F_LIST | F_SEARCH, .help = "如：抢险救援组、警戒疏散组、医疗救护组、后勤保障组"},
	{.name = "person_name", .label = "姓名", .type = FT_TEXT, .max_len = 50,
	 .flags = F_REQUIRED | F_LIST | F_SEARCH},
	{.name = "user_id", .label = "对应账号", .type = FT_REF, .ref = "user"},
	{.name = "position", .label = "单位职务", .type = FT_TEXT, .max_len = 50, .flags = F_LIST},
	{.name = "phone", .label = "联系电话", .type = FT_PHONE, .flags = F_REQUIRED | F_LIST},
	{.name = "backup_phone", .label = "备用电话", .type = FT_PHONE},
	{.name = "duty", .label = "应急职责", .type = FT_LONGTEXT},
	{.name = "sort_order", .label = "排序", .type = FT_INT, .min = 0, .max = 999, .flags = F_SORT},
};

static const struct entity_def command_def = {
	.name = "emergency_command", .table = "emergency_command", .label = "应急指挥机构成员",
	.fields = command_fields, .nfields = ARRAY_SIZE(command_fields),
	.write_roles = EM_WRITERS, .display_field = "person_name", .default_sort = "sort_order",
	.before_write = em_before_write,
};

static const struct field_def team_fields[] = {
	{.name = "name", .label = "队伍 / 协议名称", .type = FT_TEXT,
	 .flags = F_REQUIRED | F_LIST | F_SEARCH},
	{.name = "kind", .label = "类型", .type = FT_ENUM, .opts = team_kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST,
	 .help = "高危行业单位应当建立应急救援队伍（宝国资委〔2024〕11号 第10项）；小微企业可指定兼职人员并与邻近专业队伍签订救援协议（国务院令第708号 第十条）"},
	{.name = "leader", .label = "队长 / 联系人", .type = FT_TEXT, .max_len = 50,
	 .flags = F_REQUIRED | F_LIST},
	{.name = "phone", .label = "联系电话", .type = FT_PHONE, .flags = F_REQUIRED | F_LIST},
	{.name = "members", .label = "人数", .type = FT_INT, .min = 0, .max = 10000, .flags = F_LIST},
	{.name = "specialty", .label = "救援专业与装备", .type = FT_TEXT},
	{.name = "partner", .label = "协议救援队伍", .type = FT_TEXT, .flags = F_LIST,
	 .help = "签订救援协议时填写对方队伍名称"},
	{.name = "agreement_start", .label = "协议开始日期", .type = FT_DATE},
	{.name = "agreement_end", .label = "协议到期日期", .type = FT_DATE, .flags = F_LIST | F_RANGE},
	{.name = "agreement_expired", .label = "协议已到期", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN t.agreement_end IS NOT NULL AND t.agreement_end < {today} THEN 1 ELSE 0 END"},
	{.name = "agreement_files", .label = "救援协议", .type = FT_FILES},
};

static const struct entity_def team_def = {
	.name = "rescue_team", .table = "rescue_team", .label = "应急救援队伍",
	.fields = team_fields, .nfields = ARRAY_SIZE(team_fields),
	.write_roles = EM_WRITERS, .display_field = "name", .default_sort = "id",
	.validate = team_validate, .before_write = em_before_write,
};

static const struct field_def supply_fields[] = {
	{.name = "name", .label = "物资 / 装备名称", .type = FT_TEXT,
	 .flags = F_REQUIRED | F_LIST | F_SEARCH},
	{.name = "category", .label = "类别", .type = FT_ENUM, .opts = supply_cat_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "location", .label = "存放地点", .type = FT_TEXT,
	 .flags = F_REQUIRED | F_LIST | F_SEARCH},
	{.name = "quantity", .label = "数量", .type = FT_INT, .min = 0, .max = 1000000,
	 .flags = F_REQUIRED | F_LIST},
	{.name = "unit", .label = "计量单位", .type = FT_TEXT, .max_len = 10, .flags = F_LIST,
	 .help = "如：具、套、个"},
	{.name = "keeper", .label = "保管人", .type = FT_TEXT, .max_len = 50,
	 .flags = F_REQUIRED | F_LIST | F_SEARCH},
	{.name = "keeper_phone", .label = "保管人电话", .type = FT_PHONE},
	{.name = "inspect_interval", .label = "检查周期（天）", .type = FT_INT, .min = 1, .max = 3650,
	 .flags = F_REQUIRED, .help = "青国资委〔2025〕40号 二(五)2：定期检查维护，确保完好有效"},
	{.name = "last_inspected", .label = "最近检查日期", .type = FT_DATE, .flags = F_LIST},
	{.name = "next_inspection", .label = "下次检查日期", .type = FT_DATE,
	 .flags = F_READONLY | F_LIST | F_SORT | F_RANGE},
	{.name = "inspection_overdue", .label = "检查逾期", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN t.next_inspection IS NOT NULL AND t.next_inspection < {today}"
		 " THEN 1 ELSE 0 END"},
	{.name = "expiry", .label = "有效期至", .type = FT_DATE, .flags = F_LIST | F_RANGE | F_SORT},
	{.name = "expired", .label = "已过期", .type = FT_BOOL, .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN t.expiry IS NOT NULL AND t.expiry < {today} THEN 1 ELSE 0 END"},
	{.name = "note", .label = "备注", .type = FT_TEXT},
};

static const struct entity_def supply_def = {
	.name = "emergency_supply", .table = "emergency_supply", .label = "应急物资装备",
	.fields = supply_fields, .nfields = ARRAY_SIZE(supply_fields),
	.write_roles = EM_WRITERS, .display_field = "name", .default_sort = "id",
	.before_write = supply_before_write,
};

static const struct field_def drill_fields[] = {
	{.name = "title", .label = "演练名称", .type = FT_TEXT,
	 .flags = F_REQUIRED | F_LIST | F_SEARCH, .group = "演练信息"},
	{.name = "kind", .label = "演练类型", .type = FT_ENUM, .opts = drill_kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .group = "演练信息",
	 .help = "综合或专项预案演练每年至少一次、现场处置方案演练每半年至少一次（令第2号 第三十三条）；疏散逃生演练每年至少一次，高危行业每半年（宝国资委〔2024〕11号 第10项）"},
	{.name = "plan_id", .label = "演练预案", .type = FT_REF, .ref = "emergency_plan",
	 .flags = F_FILTER | F_LIST, .group = "演练信息"},
	{.name = "drill_date", .label = "演练日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT | F_RANGE, .group = "演练信息"},
	{.name = "method", .label = "演练形式", .type = FT_ENUM, .opts = drill_method_opts,
	 .flags = F_FILTER, .group = "演练信息"},
	{.name = "location", .label = "演练地点", .type = FT_TEXT, .group = "演练信息"},
	{.name = "organizer", .label = "组织人", .type = FT_TEXT, .max_len = 50, .group = "演练信息"},
	{.name = "participant_count", .label = "参演人数", .type = FT_INT, .min = 0, .max = 100000,
	 .flags = F_LIST, .group = "参演人员"},
	{.name = "participants", .label = "参演人员", .type = FT_LONGTEXT, .group = "参演人员"},
	{.name = "photos", .label = "演练照片", .type = FT_FILES, .group = "参演人员"},
	{.name = "evaluation", .label = "演练评估", .type = FT_LONGTEXT, .group = "评估与改进",
	 .help = "令第2号 第三十四条：演练结束后对演练效果进行评估，撰写演练评估报告"},
	{.name = "improvements", .label = "改进措施", .type = FT_LONGTEXT, .group = "评估与改进"},
	{.name = "reported_at", .label = "报送监管部门日期", .type = FT_DATE, .flags = F_LIST,
	 .group = "报送",
	 .help = "危险物品、矿山、金属冶炼、建筑施工、人员密集场所等单位应将演练情况报送监管部门（令第2号 第三十三条）"},
	{.name = "report_required", .label = "须报送", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER, .group = "报送",
	 .expr = "CASE WHEN EXISTS (SELECT 1 FROM enterprise e WHERE e.org_id = t.org_id AND"
		 " e.high_risk IN " EM_ART33_SQL ") THEN 1 ELSE 0 END"},
	{.name = "report_missing", .label = "未报送", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST, .group = "报送",
	 .expr = "CASE WHEN t.reported_at IS NULL AND EXISTS (SELECT 1 FROM enterprise e WHERE"
		 " e.org_id = t.org_id AND e.high_risk IN " EM_ART33_SQL ") THEN 1 ELSE 0 END"},
};

static const char *const drill_indexes[] = { "kind, drill_date", NULL };

static const struct entity_def drill_def = {
	.name = "emergency_drill", .table = "emergency_drill", .label = "应急演练",
	.fields = drill_fields, .nfields = ARRAY_SIZE(drill_fields),
	.write_roles = EM_WRITERS, .display_field = "title", .default_sort = "-drill_date",
	.indexes = drill_indexes,
	.validate = drill_validate, .before_write = em_before_write,
	.after_write = drill_after_write,
};

/* ------------------------------------------------------------------- duties */

#define NOT_ART33 "COALESCE(e.high_risk, 'none') NOT IN " EM_ART33_SQL
#define IS_HIGH "COALESCE(e.high_risk, 'none') <> 'none'"

static const struct obligation_def em_plan_filing = {
	.code = "em_plan_filing", .label = "应急预案备案", .module = "emergency",
	.source = "应急管理部令第2号 第二十六条：应急预案公布之日起20个工作日内备案（期限为平台默认，可调整）",
	.period = OB_EVENT, .due = { DUE_WORKDAYS_AFTER, 0, 0, EM_FILING_WORKDAYS }, .warn_days = 7,
	.proof_entity = "emergency_plan", .record_when = "t.published_at IS NOT NULL",
	.record_event = "t.published_at", .record_done = "t.filed_at IS NOT NULL",
	.record_done_at = "t.filed_at", .record_title = "t.name", .form = "/emergency/plan",
};

static const struct obligation_def em_plan_evaluation = {
	.code = "em_plan_evaluation", .label = "应急预案定期评估", .module = "emergency",
	.source = "应急管理部令第2号 第三十五条：每三年进行一次应急预案评估",
	.period = OB_EVENT, .warn_days = 60,
	.proof_entity = "emergency_plan",
	.record_when = "t.next_evaluation IS NOT NULL AND COALESCE(t.superseded, 0) = 0",
	.record_due = "t.next_evaluation", .record_title = "t.name", .form = "/emergency/plan",
};

static const struct obligation_def em_drill_plan_year = {
	.code = "em_drill_plan_year", .label = "综合或专项应急预案演练", .module = "emergency",
	.source = "应急管理部令第2号 第三十三条；seeds/004 第19项：每年至少一次综合或专项应急预案演练",
	.applies = NOT_ART33, .period = OB_YEAR, .due = { DUE_PERIOD_END, 0, 0, 0 }, .warn_days = 30,
	.proof_entity = "emergency_drill", .proof_cond = "t.kind IN ('comprehensive', 'special')",
	.proof_at = "t.drill_date", .form = "/emergency/drill",
};

static const struct obligation_def em_drill_plan_half = {
	.code = "em_drill_plan_half", .label = "应急预案演练（高危单位每半年）", .module = "emergency",
	.source = "应急管理部令第2号 第三十三条；国务院令第708号 第八条：危险物品、矿山、金属冶炼、建筑施工、人员密集场所等单位每半年至少一次",
	.applies = "e.high_risk IN " EM_ART33_SQL, .period = OB_HALF,
	.due = { DUE_PERIOD_END, 0, 0, 0 }, .warn_days = 30,
	.proof_entity = "emergency_drill", .proof_cond = "t.kind IN ('comprehensive', 'special')",
	.proof_at = "t.drill_date", .form = "/emergency/drill",
};

static const struct obligation_def em_drill_onsite = {
	.code = "em_drill_onsite", .label = "现场处置方案演练", .module = "emergency",
	.source = "应急管理部令第2号 第三十三条；seeds/004 第19项：每半年至少一次现场处置方案演练",
	.period = OB_HALF, .due = { DUE_PERIOD_END, 0, 0, 0 }, .warn_days = 30,
	.proof_entity = "emergency_drill", .proof_cond = "t.kind = 'onsite'",
	.proof_at = "t.drill_date", .form = "/emergency/drill",
};

static const struct obligation_def em_drill_evac_year = {
	.code = "em_drill_evac_year", .label = "疏散逃生演练", .module = "emergency",
	.source = "宝国资委〔2024〕11号 第10项：每年至少组织一次疏散逃生演练",
	.applies = "COALESCE(e.high_risk, 'none') = 'none'", .period = OB_YEAR,
	.due = { DUE_PERIOD_END, 0, 0, 0 }, .warn_days = 30,
	.proof_entity = "emergency_drill", .proof_cond = "t.kind = 'evacuation'",
	.proof_at = "t.drill_date", .form = "/emergency/drill",
};

static const struct obligation_def em_drill_evac_half = {
	.code = "em_drill_evac_half", .label = "疏散逃生演练（高危行业每半年）", .module = "emergency",
	.source = "宝国资委〔2024〕11号 第10项：高危行业领域每半年至少一次疏散逃生演练",
	.applies = IS_HIGH, .period = OB_HALF, .due = { DUE_PERIOD_END, 0, 0, 0 }, .warn_days = 30,
	.proof_entity = "emergency_drill", .proof_cond = "t.kind = 'evacuation'",
	.proof_at = "t.drill_date", .form = "/emergency/drill",
};

const struct obligation_def *const emergency_duties[] = {
	&em_plan_filing, &em_plan_evaluation, &em_drill_plan_year, &em_drill_plan_half,
	&em_drill_onsite, &em_drill_evac_year, &em_drill_evac_half, NULL
};

/* ------------------------------------------------------------------ helpers */

/* The enterprise's high_risk and scale codes (arena strings; NULL when unset). */
static int ent_profile(struct ectx *c, int64_t org, const char **high_risk, const char **scale)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT high_risk, scale FROM enterprise WHERE org_id = ?");
	int s, rc = -1;

	*high_risk = *scale = NULL;
	if (!st || db_bind_int64(st, 1, org) != 0)
		goto out;
	s = db_step(st);
	if (s == DB_ROW) {
		const char *h = db_col_text(st, 0), *k = db_col_text(st, 1);
		*high_risk = h ? arena_strdup(c->arena, h) : NULL;
		*scale = k ? arena_strdup(c->arena, k) : NULL;
	} else if (s != DB_DONE)
		goto out;
	rc = 0;
out:
	db_finalize(st);
	return rc;
}

/* Every row of this module belongs to an enterprise: the org given (or the user's,
 * or on update the row's) if it is an enterprise, else its enterprise (a unit's
 * company). */
static int em_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			   const json_t *old, struct verr *e)
{
	int64_t org, ent;

	if (a == EA_DELETE)
		return 0;
	org = row_int(obj, "org_id");
	if (!org && c->user)
		org = c->user->org_id;
	ent = org_enterprise_of(c->db, org);
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

/* end may not precede start (both dates, so the string order is the date order). */
static void not_before(const json_t *obj, const char *start, const char *end, const char *msg,
		       struct verr *e)
{
	const char *a = row_str(obj, start), *b = row_str(obj, end);

	if (a && b && strcmp(b, a) < 0)
		verr_add(e, end, "%s", msg);
}

/* A date of the row may not lie after today (a record of what happened). */
static void not_future(const json_t *obj, const char *field, const char *msg, struct verr *e)
{
	char today[11];
	const char *d = row_str(obj, field);

	entity_today(today);
	if (d && strcmp(d, today) > 0)
		verr_add(e, field, "%s", msg);
}

/* --------------------------------------------------------------------- plans */

/* A plan is approved before it is published and filed after; a revision names the
 * version it replaces (of the same enterprise and kind, still current) and why
 * (令第2号 第三十六条). The replaced version is fixed once set. */
static int plan_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	int64_t prev = row_int(obj, "previous_id");

	not_before(obj, "approved_at", "published_at", "公布日期不能早于批准日期", e);
	not_before(obj, "published_at", "filed_at", "备案日期不能早于公布日期", e);
	not_before(obj, "published_at", "evaluated_at", "评估日期不能早于公布日期", e);
	not_future(obj, "filed_at", "备案日期不能晚于今天", e);
	not_future(obj, "evaluated_at", "评估日期不能晚于今天", e);
	if (old && row_int(old, "previous_id") != prev) {
		verr_add(e, "previous_id", "替代的旧版本在新增时确定，不能修改");
		return 0;
	}
	if (!prev || old)
		return 0;
	if (!row_str(obj, "revision_trigger"))
		verr_add(e, "revision_trigger", "修订版本须选择修订原因（令第2号 第三十六条）");
	{
		struct db_stmt *st = db_prepare(c->db,
			"SELECT org_id, COALESCE(superseded, 0), kind FROM emergency_plan WHERE id = ?");
		int s;

		if (!st || db_bind_int64(st, 1, prev) != 0) {
			db_finalize(st);
			verr_set(e, 500, "internal", "服务器内部错误");
			return -1;
		}
		s = db_step(st);
		if (s == DB_ROW && db_col_int64(st, 0) != org_enterprise_of(c->db, row_int(obj, "org_id")))
			verr_add(e, "previous_id", "替代的旧版本须为本企业的预案");
		else if (s == DB_ROW && db_col_int64(st, 1))
			verr_add(e, "previous_id", "所选旧版本已被其他版本替代");
		else if (s == DB_ROW && row_str(obj, "kind") && db_col_text(st, 2) &&
			 strcmp(row_str(obj, "kind"), db_col_text(st, 2)) != 0)
			verr_add(e, "kind", "修订版本的预案类型须与被替代的版本一致");
		db_finalize(st);
	}
	return 0;
}

/* The enterprise, then the next evaluation (令第2号 第三十五条, for the units it
 * names; none for the others). */
static int plan_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e)
{
	const char *hr, *scale;
	char next[11];
	int rc;

	if (a == EA_DELETE)
		return 0;
	if (em_before_write(c, a, obj, old, e) != 0)
		return -1;
	if (ent_profile(c, row_int(obj, "org_id"), &hr, &scale) != 0) {
		verr_set(e, 500, "internal", "服务器内部错误");
		return -1;
	}
	rc = em_next_evaluation(em_art35_unit(hr, scale), row_str(obj, "evaluated_at"),
				row_str(obj, "published_at"), next);
	json_object_set_new(obj, "next_evaluation", rc == 1 ? json_string(next) : json_null());
	if (a == EA_CREATE)
		json_object_set_new(obj, "superseded", json_false());
	return 0;
}

/* Sets the superseded flag of plan id (the old version stays, marked). */
static int plan_mark(struct ectx *c, int64_t id, int superseded, struct verr *e)
{
	json_t *set = json_pack("{s:b}", "superseded", superseded);
	int rc;

	if (!set)
		BUG("emergency: json_pack");
	rc = entity_set_tx(c, &plan_def, id, NULL, set, superseded ? "supersede" : "reinstate", e);
	json_decref(set);
	return rc < 0 ? -1 : 0;
}

/* A new version supersedes the one it names; deleting it reinstates that one. */
static int plan_after_write(struct ectx *c, enum entity_action a, int64_t id,
			    const json_t *before, const json_t *after, struct verr *e)
{
	if (a == EA_CREATE && row_int(after, "previous_id"))
		return plan_mark(c, row_int(after, "previous_id"), 1, e);
	if (a == EA_DELETE && row_int(before, "previous_id"))
		return plan_mark(c, row_int(before, "previous_id"), 0, e);
	return 0;
}

/* ------------------------------------------------------------- teams, supplies */

/* An agreement names the nearby team and how long it runs (国务院令第708号 第十条). */
static int team_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *kind = row_str(obj, "kind");

	if (kind && strcmp(kind, "agreement") == 0) {
		if (!row_str(obj, "partner"))
			verr_add(e, "partner", "救援协议须填写协议救援队伍");
		if (!row_str(obj, "agreement_end"))
			verr_add(e, "agreement_end", "救援协议须填写协议到期日期");
	}
	not_before(obj, "agreement_start", "agreement_end", "协议到期日期不能早于开始日期", e);
	return 0;
}

/* The next inspection: the interval after the last one; never inspected, due at
 * once (from the day the item was recorded). */
static int supply_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			       const json_t *old, struct verr *e)
{
	char today[11], next[11];
	const char *since;

	if (a == EA_DELETE)
		return 0;
	if (em_before_write(c, a, obj, old, e) != 0)
		return -1;
	not_future(obj, "last_inspected", "最近检查日期不能晚于今天", e);
	if (e->n)
		return -1;
	entity_today(today);
	since = old && row_str(old, "created_at") ? arena_printf(c->arena, "%.10s",
								row_str(old, "created_at")) : today;
	if (em_next_inspection(row_str(obj, "last_inspected"), since,
			       (int)row_int(obj, "inspect_interval"), next) != 0) {
		verr_add(e, "inspect_interval", "检查周期须为1至3650天");
		return -1;
	}
	json_object_set_new(obj, "next_inspection", json_string(next));
	return 0;
}

/* -------------------------------------------------------------------- drills */

/* A drill is recorded after it took place and reported after that; a drill of a
 * plan drills a plan of the same enterprise and of its kind (an evacuation drill may
 * follow any plan). */
static int drill_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	int64_t plan = row_int(obj, "plan_id");
	const char *kind = row_str(obj, "kind");

	not_future(obj, "drill_date", "演练日期不能晚于今天", e);
	not_before(obj, "drill_date", "reported_at", "报送日期不能早于演练日期", e);
	not_future(obj, "reported_at", "报送日期不能晚于今天", e);
	if (plan && kind) {
		struct db_stmt *st = db_prepare(c->db,
			"SELECT org_id, kind FROM emergency_plan WHERE id = ?");

		if (st && db_bind_int64(st, 1, plan) == 0 && db_step(st) == DB_ROW) {
			int64_t ent = org_enterprise_of(c->db, row_int(obj, "org_id") ? row_int(obj, "org_id")
							   : (c->user ? c->user->org_id : 0));
			const char *pk = db_col_text(st, 1);

			if (db_col_int64(st, 0) != ent)
				verr_add(e, "plan_id", "演练预案须为本企业的预案");
			else if (strcmp(kind, "evacuation") != 0 && pk && strcmp(pk, kind) != 0)
				verr_add(e, "plan_id", "演练类型与所选预案的类型不一致");
		}
		db_finalize(st);
	}
	return 0;
}

/* Reported (令第2号 第三十三条): the supervising regulators get a message, once, in
 * the write that records the report. */
static int drill_after_write(struct ectx *c, enum entity_action a, int64_t id,
			     const json_t *before, const json_t *after, struct verr *e)
{
	const char *rep = a == EA_DELETE ? NULL : row_str(after, "reported_at");
	int64_t org = row_int(after, "org_id");
	struct db_stmt *st;
	const char *name = NULL, *title, *body;

	if (!rep || (before && row_str(before, "reported_at")))
		return 0;
	st = db_prepare(c->db, "SELECT name FROM enterprise WHERE org_id = ?");
	if (st && db_bind_int64(st, 1, org) == 0 && db_step(st) == DB_ROW && db_col_text(st, 0))
		name = arena_strdup(c->arena, db_col_text(st, 0));
	db_finalize(st);
	title = arena_printf(c->arena, "%s报送应急演练：%s", name ? name : "企业",
			     row_str(after, "title") ? row_str(after, "title") : "");
	body = arena_printf(c->arena, "演练日期 %s，报送日期 %s。",
			    row_str(after, "drill_date") ? row_str(after, "drill_date") : "", rep);
	if (inbox_send_regulators(c, org, "notice", title, body,
				  arena_printf(c->arena, "/emergency/drill?id=%" PRId64, id),
				  "emergency_drill", id) < 0) {
		verr_set(e, 500, "internal", "服务器内部错误");
		return -1;
	}
	return 0;
}

/* ----------------------------------------------------------------- contacts */

static const char *opt_label(const struct enum_opt *o, const char *code)
{
	for (; code && o->code; o++)
		if (strcmp(o->code, code) == 0)
			return o->label;
	return code;
}

json_t *emergency_contacts(struct db *db, int64_t org)
{
	json_t *out = json_pack("{s:[],s:[]}", "command", "teams");
	json_t *cmd = json_object_get(out, "command"), *teams = json_object_get(out, "teams");
	struct db_stmt *st;
	int s;

	if (!out)
		return NULL;
	st = db_prepare(db, "SELECT role, group_name, person_name, position, phone, backup_phone"
			" FROM emergency_command WHERE org_id = ? ORDER BY COALESCE(sort_order, 999), id");
	if (!st || db_bind_int64(st, 1, org) != 0)
		goto fail;
	while ((s = db_step(st)) == DB_ROW)
		json_array_append_new(cmd, json_pack("{s:s?,s:s?,s:s?,s:s?,s:s?,s:s?,s:s?}",
			"role", db_col_text(st, 0), "role_label", opt_label(cmd_role_opts, db_col_text(st, 0)),
			"group", db_col_text(st, 1), "name", db_col_text(st, 2),
			"position", db_col_text(st, 3), "phone", db_col_text(st, 4),
			"backup_phone", db_col_text(st, 5)));
	db_finalize(st);
	if (s != DB_DONE)
		goto fail_nost;
	st = db_prepare(db, "SELECT name, kind, leader, phone, partner, agreement_end"
			" FROM rescue_team WHERE org_id = ? ORDER BY id");
	if (!st || db_bind_int64(st, 1, org) != 0)
		goto fail;
	while ((s = db_step(st)) == DB_ROW)
		json_array_append_new(teams, json_pack("{s:s?,s:s?,s:s?,s:s?,s:s?,s:s?,s:s?}",
			"name", db_col_text(st, 0), "kind", db_col_text(st, 1),
			"kind_label", opt_label(team_kind_opts, db_col_text(st, 1)),
			"leader", db_col_text(st, 2), "phone", db_col_text(st, 3),
			"partner", db_col_text(st, 4), "agreement_end", db_col_text(st, 5)));
	db_finalize(st);
	if (s != DB_DONE)
		goto fail_nost;
	return out;
fail:
	db_finalize(st);
fail_nost:
	log_err("emergency contacts: %s", db_errmsg(db));
	json_decref(out);
	return NULL;
}

/* GET /api/emergency/contacts?org_id= : the contacts of an enterprise in the
 * caller's scope (default: the caller's own enterprise). */
static int contacts_route(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	const char *q = req_query(r, "org_id");
	int64_t org = q && *q ? entity_parse_id(q) : org_enterprise_of(r->db, r->user->org_id);
	int vis;
	json_t *j;
	char *txt;
	struct jw w;

	if (q && *q && !org)
		return http_error(s, 400, "validation", "企业编号（org_id）须为正整数", "org_id");
	if (!org)	/* a district user names the enterprise */
		return http_error(s, 400, "validation", "请指定企业（org_id）", "org_id");
	if (org < 0)
		return http_internal(s);
	if (org_enterprise_of(r->db, org) != org)
		return http_error(s, 404, "not_found", "企业不存在", "org_id");
	vis = scope_row_visible(&c, org);
	if (vis < 0)
		return http_internal(s);
	if (!vis)
		return http_error(s, 404, "not_found", "企业不存在", "org_id");
	j = emergency_contacts(r->db, org);
	if (!j)
		return http_internal(s);
	txt = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (!txt)
		return http_internal(s);
	resp_json(s, &w);
	jw_raw(&w, txt);
	free(txt);
	return 200;
}

static const struct route emergency_routes[] = {
	{HTTP_GET, "/api/emergency/contacts", contacts_route, 0, 0},
};
static const struct route_doc emergency_docs[] = {
	{HTTP_GET, "/api/emergency/contacts", "企业应急联系人（指挥机构与救援队伍）"},
};

/* --------------------------------------------------------------------- home */

int emergency_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w)
{
	if (home_notice_count(c, w, org, today,
			      "SELECT COUNT(*) FROM obligation WHERE" HOME_ORG
			      " AND duty = 'em_plan_filing' AND done_at IS NULL AND substr(due_at, 1, 10) < ?",
			      "em_filing_overdue", "应急预案逾期未备案", "danger",
			      "/emergency/plan?filing_late=true") != 0 ||
	    home_notice_count(c, w, org, today,
			      "SELECT COUNT(*) FROM emergency_supply WHERE" HOME_ORG
			      " AND expiry IS NOT NULL AND expiry < ?",
			      "em_supply_expired", "应急物资已过期", "danger",
			      "/emergency/supply?expired=true") != 0 ||
	    home_notice_count(c, w, org, today,
			      "SELECT COUNT(*) FROM emergency_supply WHERE" HOME_ORG
			      " AND next_inspection IS NOT NULL AND next_inspection < ?",
			      "em_supply_overdue", "应急物资检查逾期", "warning",
			      "/emergency/supply?inspection_overdue=true") != 0 ||
	    home_notice_count(c, w, org, today,
			      "SELECT COUNT(*) FROM emergency_drill WHERE" HOME_ORG
			      " AND reported_at IS NULL AND org_id IN (SELECT org_id FROM enterprise"
			      " WHERE high_risk IN " EM_ART33_SQL ")",
			      "em_drill_unreported", "应急演练未报送监管部门", "warning",
			      "/emergency/drill?report_missing=true") != 0)
		return -1;
	/* seeds/001 task 10: a high-risk enterprise keeps its own rescue team (a small
	 * one may rely on an agreement instead: 条例 第十条). */
	return home_notice_count(c, w, org, today,
				 "SELECT COUNT(*) FROM enterprise WHERE" HOME_ORG
				 " AND COALESCE(high_risk, 'none') <> 'none' AND NOT EXISTS (SELECT 1"
				 " FROM rescue_team r WHERE r.org_id = enterprise.org_id AND (r.kind <> 'agreement'"
				 " OR COALESCE(enterprise.scale, 'below') = 'below'))",
				 "em_no_team", "高危行业企业未建立应急救援队伍", "danger",
				 "/emergency/command");
}

/* ------------------------------------------------------------------- init */

void emergency_init(void)
{
	entity_register(&plan_def);
	entity_register(&command_def);
	entity_register(&team_def);
	entity_register(&supply_def);
	entity_register(&drill_def);
	router_add(emergency_routes, ARRAY_SIZE(emergency_routes));
	router_doc_add(emergency_docs, ARRAY_SIZE(emergency_docs));
}
