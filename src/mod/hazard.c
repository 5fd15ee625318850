/*
 * hazard.c — 隐患排查治理: the hazard register and its closed loop (上账 → 整改 →
 * 验收 → 销账), 挂牌督办 and 双报告 of major hazards, deadline extensions, and the
 * statistics the regulator reads.
 *
 * Sources: 安全生产法 第四十一条第二款 (排查治理, 如实记录, 通报从业人员; 重大事故隐患
 * 向负有安全生产监督管理职责的部门和职工大会或者职工代表大会报告 — 双报告); seeds/003
 * item 22 (重大事故隐患报告、挂牌、督办、治理, 上账、销账闭环管理); seeds/004 item 14
 * (隐患排查、治理、记录、通报、报告, 全员参与); 五落实 (责任、措施、资金、时限、预案)
 * of the 隐患排查治理 rules. The state machine itself is the pure table of
 * rules/hazard.c.
 *
 * Entities (generic routes of the entity core work on all of them, scoped by org_id;
 * org_id of a hazard is always the ENTERPRISE's org, the internal unit is unit_id):
 *   hazard             the register (E_NO_DELETE: hazards are evidence). Generic PUT
 *                      edits the descriptive fields only while 已登记, never status,
 *                      the 五落实 plan (assign does) or the server fields.
 *   hazard_event       the timeline, one row per registration and action (read-only).
 *   hazard_extension   延期申请, created by extend, decided by approve / reject.
 *   hazard_dual_report 双报告 of a major hazard (one per hazard); keeps
 *                      hazard.dual_reported = both reports dated.
 *
 * Endpoints of this module (API.md "Hazard module"):
 *   POST /api/hazard                     register (generic create; status 已登记)
 *   POST /api/hazard/report              employee quick report {description, location,
 *                                        photos:[file ids]} → 201 row
 *   POST /api/hazard/:id/assign          下达整改 {plan_responsible_id, plan_measures,
 *                                        plan_funds, plan_deadline, plan_contingency}
 *   POST /api/hazard/:id/submit          提交验收 {rectify_note, photos_after?}
 *   POST /api/hazard/:id/verify          验收销号 {note?}
 *   POST /api/hazard/:id/reject          验收不通过 {reason}
 *   POST /api/hazard/:id/dismiss         不予受理 {reason}
 *   POST /api/hazard/:id/supervise       挂牌督办 {deadline, note?} (regulator)
 *   POST /api/hazard/:id/extend          延期申请 {new_deadline, reason} → 201 extension
 *   POST /api/hazard_extension/:id/approve   {note?}  → 200 extension
 *   POST /api/hazard_extension/:id/reject    {reason} → 200 extension
 *   GET  /api/hazard/stats?org_id=       statistics from the aggregates
 *   GET  /api/hazard/major?status=open|all&org_id=   major-hazard list, dynamic zero
 * Every action: 404 out of scope, 403 wrong role, 409 "bad_state" wrong state, 400
 * invalid body; one transaction with the row, the aggregates, the event and the
 * audit row (action = verb), so a refused request changes nothing.
 *
 * Aggregates: hazard_stats and hazard_monthly (migration 0002) change in the same
 * transaction as every write, by the difference between what the row contributed
 * before and after (hz_agg_apply); hazard_stats_recompute() rebuilds them.
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
#include "rules/industry.h"

#define RB(r) (1u << (r))
#define HZ_ENT_ROLES (RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL) | RB(ROLE_STAFF))
#define HZ_REGISTRARS (RB(ROLE_ADMIN) | RB(ROLE_REGULATOR) | HZ_ENT_ROLES)
#define HZ_MANAGERS (RB(ROLE_ADMIN) | RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL))
#define HZ_VERIFIERS (HZ_MANAGERS | RB(ROLE_REGULATOR))

/* The open states, as SQL (constant). */

/* ------------------------------------------------------------------ options */

static const struct enum_opt source_opts[] = {
	{"self_check", "企业自查"},
	{"inspection", "日常检查"},
	{"employee_report", "员工报告"},
	{"public_report", "群众举报"},
	{"regulator_check", "监管检查"},
	{"campaign", "专项行动"},
	{NULL, NULL}
};

static const struct enum_opt level_opts[] = {
	{"general", "一般隐患"},
	{"major", "重大隐患"},
	{NULL, NULL}
};

static const struct enum_opt category_opts[] = {
	{"person", "人的不安全行为"},
	{"thing", "物的不安全状态"},
	{"environment", "环境因素"},
	{"management", "管理缺陷"},
	{NULL, NULL}
};

static const struct enum_opt status_opts[] = {
	{"registered", "已登记"},
	{"rectifying", "整改中"},
	{"pending", "待验收"},
	{"verified", "待销账"},
	{"closed", "已销号"},
	{"dismissed", "不予受理"},
	{NULL, NULL}
};

static const struct enum_opt event_opts[] = {
	{"register", "登记"},
	{"assign", "下达整改"},
	{"submit", "提交验收"},
	{"verify", "验收销号"},
	{"reject", "验收不通过"},
	{"dismiss", "不予受理"},
	{"supervise", "挂牌督办"},
	{"extend", "延期申请"},
	{"extend_approve", "批准延期"},
	{"extend_reject", "驳回延期"},
	{"dual_report", "双报告"},
	{"close", "销账"},
	{"review_reject", "复查退回"},
	{"unsupervise", "摘牌"},
	{NULL, NULL}
};

static const struct enum_opt ext_status_opts[] = {
	{"pending", "待审批"},
	{"approved", "已批准"},
	{"rejected", "已驳回"},
	{NULL, NULL}
};

/* ------------------------------------------------------------- declarations */

static int hazard_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int hazard_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			       const json_t *old, struct verr *e);
static const char *hazard_refuse_write(struct ectx *c, enum entity_action a, const json_t *row,
				       int *status);
static int hazard_after_write(struct ectx *c, enum entity_action a, int64_t id,
			      const json_t *before, const json_t *after, struct verr *e);
static int dual_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int dual_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e);
static int dual_after_write(struct ectx *c, enum entity_action a, int64_t id,
			    const json_t *before, const json_t *after, struct verr *e);

#define HZ_OVERDUE_EXPR \
	"CASE WHEN t.status IN " HZ_SQL_LATE " AND t.deadline IS NOT NULL" \
	" AND t.deadline < {today} THEN 1 ELSE 0 END"

/* GB/T 4754-2017 门类, filled by hazard_init() (the 企业行业门类 filter). */
static struct enum_opt hz_section_opts[INDUSTRY_SECTIONS + 1];

static const struct field_def hazard_fields[] = {
	{.name = "title", .label = "隐患名称", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST, .group = "隐患登记"},
	{.name = "description", .label = "隐患描述", .type = FT_LONGTEXT, .group = "隐患登记"},
	{.name = "location", .label = "隐患部位", .type = FT_TEXT, .flags = F_LIST | F_SEARCH,
	 .group = "隐患登记"},
	{.name = "unit_id", .label = "所在车间/班组", .type = FT_REF, .ref = "org",
	 .flags = F_FILTER, .group = "隐患登记", .help = "本企业的内部单位"},
	{.name = "source", .label = "隐患来源", .type = FT_ENUM, .opts = source_opts,
	 .flags = F_FILTER | F_LIST, .group = "隐患登记"},
	{.name = "level", .label = "隐患等级", .type = FT_ENUM, .opts = level_opts,
	 .flags = F_FILTER | F_LIST, .group = "隐患登记"},
	{.name = "major_criterion_id", .label = "重大隐患判定标准条款", .type = FT_REF,
	 .ref = "hazard_criterion", .flags = F_FILTER, .group = "隐患登记",
	 .help = "重大隐患须选择所符合的判定标准条款（如 应急管理部令第10号 各条款）"},
	{.name = "major_criterion", .label = "其他判定依据及理由", .type = FT_TEXT, .max_len = 300,
	 .group = "隐患登记",
	 .help = "判定标准目录中没有对应条款时填写：所依据的标准、条款及判定理由"},
	{.name = "category", .label = "隐患类别", .type = FT_ENUM, .opts = category_opts,
	 .flags = F_FILTER | F_LIST, .group = "隐患登记"},
	{.name = "photos_before", .label = "整改前照片", .type = FT_FILES, .group = "隐患登记"},
	{.name = "reg_org_id", .label = "登记的监管部门", .type = FT_REF, .ref = "org",
	 .flags = F_READONLY | F_FILTER, .group = "隐患登记",
	 .help = "监管部门检查发现并登记的隐患，由监管部门复查销账"},
	{.name = "found_by", .label = "发现人", .type = FT_REF, .ref = "user",
	 .flags = F_FILTER, .group = "隐患登记"},
	{.name = "found_at", .label = "发现日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_RANGE | F_SORT | F_LIST, .group = "隐患登记"},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = status_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	/* 五落实: set by the assign action only (hidden from the generic form) */
	{.name = "plan_responsible_id", .label = "整改责任人", .type = FT_REF, .ref = "user",
	 .flags = F_FILTER | F_HIDDEN, .group = "五落实整改方案"},
	{.name = "plan_measures", .label = "整改措施", .type = FT_LONGTEXT,
	 .flags = F_HIDDEN, .group = "五落实整改方案"},
	{.name = "plan_funds", .label = "整改资金（元）", .type = FT_MONEY, .min = 0, .max = 1e10,
	 .flags = F_HIDDEN, .group = "五落实整改方案"},
	{.name = "plan_deadline", .label = "整改期限", .type = FT_DATE,
	 .flags = F_HIDDEN, .group = "五落实整改方案"},
	{.name = "plan_contingency", .label = "应急预案", .type = FT_LONGTEXT,
	 .flags = F_HIDDEN, .group = "五落实整改方案",
	 .help = "整改期间的安全防范和应急措施"},
	/* 重大事故隐患治理方案 (原安监总局令第16号 第十五条第二款): 治理的目标和任务、
	 * 采取的方法和措施、经费和物资的落实、负责治理的机构和人员、治理的时限和要求、
	 * 安全措施和应急预案 — the last four are the 五落实 above */
	{.name = "plan_goal", .label = "治理目标和任务", .type = FT_LONGTEXT,
	 .flags = F_HIDDEN, .group = "重大隐患治理方案"},
	{.name = "plan_team", .label = "负责治理的机构和人员", .type = FT_LONGTEXT,
	 .flags = F_HIDDEN, .group = "重大隐患治理方案"},
	{.name = "plan_safety", .label = "安全措施", .type = FT_LONGTEXT,
	 .flags = F_HIDDEN, .group = "重大隐患治理方案",
	 .help = "治理过程中的安全防范措施"},
	{.name = "plan_issued_by", .label = "治理方案下达人", .type = FT_REF, .ref = "user",
	 .flags = F_READONLY, .group = "五落实整改方案"},
	{.name = "deadline", .label = "整改期限（现行）", .type = FT_DATE,
	 .flags = F_READONLY | F_RANGE | F_SORT | F_LIST,
	 .help = "整改方案的期限，经批准的延期后顺延"},
	{.name = "rectifier_id", .label = "整改人", .type = FT_REF, .ref = "user",
	 .flags = F_READONLY, .group = "整改与验收"},
	{.name = "rectified_at", .label = "提交验收时间", .type = FT_DATETIME,
	 .flags = F_READONLY, .group = "整改与验收"},
	{.name = "rectify_note", .label = "整改情况", .type = FT_LONGTEXT,
	 .flags = F_READONLY, .group = "整改与验收"},
	{.name = "photos_after", .label = "整改后照片", .type = FT_FILES,
	 .flags = F_READONLY, .group = "整改与验收"},
	{.name = "verifier_id", .label = "验收人", .type = FT_REF, .ref = "user",
	 .flags = F_READONLY, .group = "整改与验收"},
	{.name = "verified_at", .label = "验收时间", .type = FT_DATETIME,
	 .flags = F_READONLY, .group = "整改与验收"},
	{.name = "assess_report", .label = "整改评估报告", .type = FT_LONGTEXT,
	 .flags = F_READONLY, .group = "整改与验收",
	 .help = "重大、挂牌督办或监管部门登记的隐患，企业验收时出具的书面整改评估报告"},
	{.name = "assess_files", .label = "评估报告附件", .type = FT_FILES,
	 .flags = F_READONLY, .group = "整改与验收"},
	{.name = "closed_at", .label = "销号日期", .type = FT_DATE,
	 .flags = F_READONLY | F_RANGE | F_SORT, .group = "整改与验收"},
	{.name = "closed_by", .label = "销账人", .type = FT_REF, .ref = "user",
	 .flags = F_READONLY, .group = "整改与验收"},
	{.name = "reject_reason", .label = "退回/不予受理原因", .type = FT_TEXT, .max_len = 500,
	 .flags = F_READONLY, .group = "整改与验收"},
	{.name = "supervised", .label = "挂牌督办", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST, .group = "挂牌督办"},
	{.name = "supervise_org_id", .label = "督办单位", .type = FT_REF, .ref = "org",
	 .flags = F_READONLY, .group = "挂牌督办"},
	{.name = "supervise_at", .label = "挂牌日期", .type = FT_DATE,
	 .flags = F_READONLY, .group = "挂牌督办"},
	{.name = "supervise_deadline", .label = "督办期限", .type = FT_DATE,
	 .flags = F_READONLY, .group = "挂牌督办"},
	{.name = "supervise_note", .label = "督办要求", .type = FT_TEXT, .max_len = 500,
	 .flags = F_READONLY, .group = "挂牌督办"},
	{.name = "supervise_end_at", .label = "摘牌日期", .type = FT_DATE,
	 .flags = F_READONLY, .group = "挂牌督办"},
	{.name = "supervise_end_note", .label = "摘牌说明", .type = FT_TEXT, .max_len = 500,
	 .flags = F_READONLY, .group = "挂牌督办"},
	{.name = "dual_reported", .label = "双报告已完成", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER, .group = "挂牌督办",
	 .help = "已向负有安全生产监督管理职责的部门和职工大会（职代会）报告"},
	{.name = "overdue", .label = "已逾期", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST, .expr = HZ_OVERDUE_EXPR},
	/* The regulator's 企业 filters (issue 12 "The regulator"): the hazard's
	 * enterprise by industry, high-risk class and its principal supervising unit
	 * (its 行业监管 department, else its 出资监管, else its 属地监管 unit).
	 * Virtual, filter-only: never columns of the ledger. */
	{.name = "ent_section", .label = "企业行业门类", .type = FT_ENUM, .opts = hz_section_opts,
	 .flags = F_READONLY | F_FILTER,
	 .expr = "(SELECT e.industry_section FROM enterprise e WHERE e.org_id = t.org_id)"},
	{.name = "ent_high_risk", .label = "高危行业企业", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER,
	 .expr = "CASE WHEN EXISTS (SELECT 1 FROM enterprise e WHERE e.org_id = t.org_id"
		 " AND e.high_risk IS NOT NULL AND e.high_risk <> 'none') THEN 1 ELSE 0 END"},
	{.name = "ent_supervisor", .label = "主管监管单位", .type = FT_REF, .ref = "org",
	 .flags = F_READONLY | F_FILTER,
	 .expr = "(SELECT s.regulator_org FROM supervision s WHERE s.enterprise_org = t.org_id"
		 " ORDER BY CASE s.kind WHEN 'industry' THEN 0 WHEN 'investor' THEN 1 ELSE 2 END,"
		 " s.regulator_org LIMIT 1)"},
};

/*
 * The ledger is read newest-found first. Each index ends with found_at so a filtered
 * page walks it backwards and stops after one page; measured on 1,000,000 hazards
 * (bench/scale.sh) every one of the regulator's usual filters (status, status+level,
 * status+found_at range, level, none) costs about 20–30 µs, against 40–300 ms for the
 * same pages ordered by id (a sort of every matching row).
 */
static const char *const hazard_list_indexes[] = {
	"status, found_at",
	"status, level, found_at",
	"level, found_at",
	NULL
};

/*
 * The running counts the cockpit and the statistics read (tables of migration
 * 0002), declared once: the core keeps them inside every write and rebuilds them
 * from the same expressions in `anjian check`. A dismissed report is not a hazard
 * and counts nowhere; "open" is every state before 已销号.
 */
#define HZ_COUNTED "t.status <> 'dismissed'"
static const struct agg_col hz_stats_cols[] = {
	{"total", "1"},
	{"open_general", "CASE WHEN t.status <> 'closed' AND COALESCE(t.level, '') <> 'major' THEN 1 ELSE 0 END"},
	{"open_major", "CASE WHEN t.status <> 'closed' AND t.level = 'major' THEN 1 ELSE 0 END"},
	{"registered", "CASE WHEN t.status = 'registered' THEN 1 ELSE 0 END"},
	{"rectifying", "CASE WHEN t.status = 'rectifying' THEN 1 ELSE 0 END"},
	{"pending", "CASE WHEN t.status = 'pending' THEN 1 ELSE 0 END"},
	{"verified", "CASE WHEN t.status = 'verified' THEN 1 ELSE 0 END"},
	{"closed", "CASE WHEN t.status = 'closed' THEN 1 ELSE 0 END"},
	{"closed_on_time", "CASE WHEN t.status = 'closed' AND (t.deadline IS NULL OR t.closed_at IS NULL"
			   " OR t.closed_at <= t.deadline) THEN 1 ELSE 0 END"},
	{"supervised_open", "CASE WHEN t.status <> 'closed' AND t.supervised = 1 THEN 1 ELSE 0 END"},
};
static const struct agg_col hz_found_cols[] = { {"found", "1"} };
static const struct agg_col hz_closed_cols[] = { {"closed", "1"} };
static const struct agg_def hazard_aggs[] = {
	{.table = "hazard_stats", .keys = { {"org_id", "t.org_id", 0} }, .where = HZ_COUNTED,
	 .cols = hz_stats_cols, .ncols = ARRAY_SIZE(hz_stats_cols), .stamp = "updated_at"},
	/* found and closed per month ('YYYY-MM'), for the trends */
	{.table = "hazard_monthly",
	 .keys = { {"org_id", "t.org_id", 0}, {"month", "substr(t.found_at, 1, 7)", 1} },
	 .where = HZ_COUNTED, .cols = hz_found_cols, .ncols = 1},
	{.table = "hazard_monthly",
	 .keys = { {"org_id", "t.org_id", 0}, {"month", "substr(t.closed_at, 1, 7)", 1} },
	 .where = "t.status = 'closed'", .cols = hz_closed_cols, .ncols = 1},
};

const struct entity_def hazard_def = {
	.name = "hazard", .table = "hazard", .label = "隐患",
	.fields = hazard_fields, .nfields = ARRAY_SIZE(hazard_fields),
	.flags = E_NO_DELETE,
	.write_roles = HZ_REGISTRARS,
	.display_field = "title", .default_sort = "-found_at",
	.indexes = hazard_list_indexes,
	.validate = hazard_validate, .before_write = hazard_before_write,
	.after_write = hazard_after_write,
	.workflow = &hazard_workflow,
	.aggs = hazard_aggs, .naggs = ARRAY_SIZE(hazard_aggs),
	.refuse_write = hazard_refuse_write,
	.refuse_fields = (const char *const[]){"status", "found_by", "reg_org_id", "level",
					      "supervised", NULL},
	.refuse_self_fields = (const char *const[]){"found_by", NULL},
};

static const struct field_def event_fields[] = {
	WF_EVENT_FIELDS("hazard_id", "hazard", "隐患", event_opts, status_opts),
};

static const struct entity_def event_def = {
	.name = "hazard_event", .table = "hazard_event", .label = "隐患处理记录",
	.fields = event_fields, .nfields = ARRAY_SIZE(event_fields),
	.flags = E_NO_CREATE | E_NO_UPDATE | E_NO_DELETE,
	.write_roles = RB(ROLE_ADMIN),
	.display_field = "action", .default_sort = "id",
};

static const struct field_def ext_fields[] = {
	{.name = "hazard_id", .label = "隐患", .type = FT_REF, .ref = "hazard",
	 .flags = F_FILTER | F_LIST | F_READONLY},
	{.name = "old_deadline", .label = "原整改期限", .type = FT_DATE,
	 .flags = F_LIST | F_READONLY},
	{.name = "new_deadline", .label = "申请延至", .type = FT_DATE,
	 .flags = F_LIST | F_READONLY},
	{.name = "reason", .label = "延期原因", .type = FT_TEXT, .max_len = 500,
	 .flags = F_LIST | F_READONLY},
	{.name = "status", .label = "审批状态", .type = FT_ENUM, .opts = ext_status_opts,
	 .flags = F_FILTER | F_LIST | F_READONLY},
	{.name = "requested_by", .label = "申请人", .type = FT_REF, .ref = "user",
	 .flags = F_LIST | F_READONLY},
	{.name = "requested_at", .label = "申请时间", .type = FT_DATETIME,
	 .flags = F_LIST | F_SORT | F_READONLY},
	{.name = "decided_by", .label = "审批人", .type = FT_REF, .ref = "user",
	 .flags = F_LIST | F_READONLY},
	{.name = "decided_at", .label = "审批时间", .type = FT_DATETIME,
	 .flags = F_LIST | F_READONLY},
	{.name = "decision_note", .label = "审批意见", .type = FT_TEXT, .max_len = 500,
	 .flags = F_LIST | F_READONLY},
};

const struct entity_def ext_def = {
	.name = "hazard_extension", .table = "hazard_extension", .label = "隐患整改延期申请",
	.fields = ext_fields, .nfields = ARRAY_SIZE(ext_fields),
	.flags = E_NO_CREATE | E_NO_UPDATE | E_NO_DELETE,
	.write_roles = RB(ROLE_ADMIN),
	.display_field = "reason", .default_sort = "-id",
	.workflow = &extension_workflow,
};

static const struct field_def dual_fields[] = {
	{.name = "hazard_id", .label = "重大隐患", .type = FT_REF, .ref = "hazard",
	 .flags = F_REQUIRED | F_FILTER | F_LIST | F_UNIQUE},
	{.name = "to_department_date", .label = "报告监管部门日期", .type = FT_DATE,
	 .flags = F_LIST | F_RANGE,
	 .help = "向负有安全生产监督管理职责的部门报告（安全生产法第四十一条第二款）"},
	{.name = "to_department_name", .label = "报告的部门", .type = FT_TEXT, .flags = F_LIST},
	{.name = "to_department_files", .label = "报告监管部门材料", .type = FT_FILES},
	{.name = "to_congress_date", .label = "报告职工大会（职代会）日期", .type = FT_DATE,
	 .flags = F_LIST | F_RANGE},
	{.name = "to_congress_files", .label = "报告职工大会（职代会）材料", .type = FT_FILES},
	/* 报告内容 (原安监总局令第16号 第十四条第二款) */
	{.name = "content_status", .label = "隐患的现状及其产生原因", .type = FT_LONGTEXT},
	{.name = "content_harm", .label = "隐患的危害程度和整改难易程度分析", .type = FT_LONGTEXT},
	{.name = "content_plan", .label = "隐患的治理方案", .type = FT_LONGTEXT},
	{.name = "note", .label = "备注", .type = FT_LONGTEXT},
};

const struct entity_def dual_def = {
	.name = "hazard_dual_report", .table = "hazard_dual_report",
	.label = "重大事故隐患双报告",
	.fields = dual_fields, .nfields = ARRAY_SIZE(dual_fields),
	.flags = E_NO_DELETE,
	.write_roles = HZ_MANAGERS,
	.display_field = "to_department_name", .default_sort = "-id",
	.validate = dual_validate, .before_write = dual_before_write,
	.after_write = dual_after_write,
};

/* ------------------------------------------------------------------ helpers */

/* 1 if both strings are equal, NULL counting as equal to NULL. */
static int str_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* 1 when the user of c may act under role mask (the system context always may). */
static int hz_role(const struct ectx *c, unsigned mask)
{
	return !c->user || (mask & RB(c->user->role));
}

/* The label of a state code ("已登记"). */
const char *hz_state_label(const char *code)
{
	return wf_state_label(&hazard_workflow, code);
}

/* 500 internal into e; returns -1. */
static int hz_internal(struct verr *e)
{
	verr_set(e, 500, "internal", "服务器内部错误");
	return -1;
}

/* Days since 1970-01-01 → "YYYY-MM-DD". */
void hz_days_str(int64_t days, char out[11])
{
	time_date((time_t)(days * 86400), out);
}

/* Runs action verb on hazard id (the demo drives its history through this). */
int hz_act(struct ectx *c, int64_t id, const char *verb, const json_t *body, struct verr *e)
{
	return wf_run_tx(c, &hazard_def, id, verb, body, NULL, NULL, NULL, e);
}

/* Rebuilds the declared aggregates (see hazard.h), in a transaction of its own. */
int hazard_stats_recompute(struct db *db)
{
	if (db_begin(db) != 0)
		return -1;
	if (agg_recompute(db) != 0 || db_commit(db) != 0) {
		log_err("hazard_stats_recompute: %s", db_errmsg(db));
		db_rollback(db);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ hooks */

/* Cross-field rules of the register (安全生产法 第四十一条: 如实记录): a major
 * hazard names the 判定标准 item it meets — chosen from the catalogue, or, only
 * when none fits, 其他 with the standard, article and reason written out; a hazard
 * cannot be found in the future. */
static int hazard_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *found = row_str(obj, "found_at");
	char today[11];

	entity_today(today);
	if (str_same(row_str(obj, "level"), "major") && !row_int(obj, "major_criterion_id") &&
	    !row_str(obj, "major_criterion"))
		verr_add(e, "major_criterion_id",
			 "重大隐患须选择所符合的重大事故隐患判定标准条款，目录中没有的须填写其他判定依据及理由");
	if (found && strcmp(found, today) > 0)
		verr_add(e, "found_at", "发现日期不能晚于今天");
	if (row_int(obj, "major_criterion_id") &&
	    !(old && row_int(old, "major_criterion_id") == row_int(obj, "major_criterion_id"))) {
		int64_t active = 0;
		if (db_query_int64p(c->db, "SELECT active FROM hazard_criterion WHERE id = ?",
				    row_int(obj, "major_criterion_id"), &active, 0) != 0)
			return -1;
		if (!active)
			verr_add(e, "major_criterion_id", "所选判定标准条款已停用，请选择现行条款");
	}
	return 0;
}

/* The plan fields (五落实) are written by the assign action only. */
static const char *const hz_plan_fields[] = {
	"plan_responsible_id", "plan_measures", "plan_funds", "plan_deadline", "plan_contingency",
	"plan_goal", "plan_team", "plan_safety", NULL
};
/* Provenance (who found it, how) is fixed at registration. */
static const char *const hz_fixed_fields[] = { "source", "found_by", NULL };

/* Who may edit a hazard's registration (generic PUT), and when: see below. Also
 * the core's "_can" of lists and reads, so 修改 is offered only where it works. */
static const char *hazard_refuse_write(struct ectx *c, enum entity_action a, const json_t *row,
				       int *status)
{
	const char *st = row_str(row, "status");

	if (a != EA_UPDATE)
		return NULL;
	if (!str_same(st, "registered"))
		return c->arena ? arena_printf(c->arena, "隐患当前状态为%s，不能修改登记信息",
					       hz_state_label(st)) : "隐患已下达整改，不能修改登记信息";
	*status = 403;
	if (hz_protected(row) && !hz_role(c, RB(ROLE_REGULATOR) | RB(ROLE_ADMIN)))
		return "监管部门登记、重大或挂牌督办的隐患，企业不能修改登记信息";
	if (!hz_role(c, HZ_MANAGERS | RB(ROLE_REGULATOR)) &&
	    !(c->user && row_int(row, "found_by") == c->user->id))
		return "无权修改该隐患";
	*status = 409;
	return NULL;
}

/* Register and edit rules. Create: the row belongs to the enterprise of the chosen
 * org (a unit's company; the unit goes to unit_id), starts 已登记 with the server
 * fields cleared, found_by defaults to the caller; a regulator's registration is a
 * 监管检查 recorded with the regulator's org (reg_org_id), and only a regulator's
 * is. Update (generic PUT): only while 已登记 (after 下达整改 the record is the
 * basis of the plan and is changed only by the actions), by managers, the
 * regulator or the finder; a protected hazard (registered by a regulator, major,
 * or under 督办) by the regulator only; never the provenance, the plan or the
 * server fields. */
static int hazard_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			       const json_t *old, struct verr *e)
{
	int64_t org, ent, unit;
	int r;

	if (a == EA_DELETE)
		return 0;
	for (int i = 0; hz_plan_fields[i]; i++) {
		const json_t *nv = json_object_get(obj, hz_plan_fields[i]);
		const json_t *ov = old ? json_object_get(old, hz_plan_fields[i]) : NULL;
		if (nv && !json_is_null(nv) && !(ov && json_equal(ov, nv)))
			verr_add(e, hz_plan_fields[i], "五落实整改方案须通过“下达整改”填写");
	}
	if (e->status)
		return -1;
	if (a == EA_UPDATE) {
		int status = 409;
		const char *why = hazard_refuse_write(c, a, old, &status);
		if (why) {
			verr_set(e, status, status == 403 ? "forbidden" : "bad_state", why);
			return -1;
		}
		for (int i = 0; hz_fixed_fields[i]; i++)
			if (!json_equal(json_object_get(obj, hz_fixed_fields[i]),
					json_object_get(old, hz_fixed_fields[i])))
				verr_add(e, hz_fixed_fields[i], "%s登记后不能修改",
					 entity_field(&hazard_def, hz_fixed_fields[i])->label);
		if (e->status)
			return -1;
		json_object_set(obj, "org_id", json_object_get(old, "org_id"));
		json_object_set(obj, "status", json_object_get(old, "status"));
		if (row_bool(old, "supervised") && !str_same(row_str(obj, "level"), "major")) {
			verr_add(e, "level", "已挂牌督办的重大隐患不能改为一般隐患");
			return -1;
		}
		ent = row_int(old, "org_id");
	} else {
		int regulator = c->user && c->user->role == ROLE_REGULATOR;
		org = row_int(obj, "org_id");
		ent = org_enterprise_of(c->db, org);
		if (ent < 0)
			return hz_internal(e);
		if (!ent) {
			verr_add(e, "org_id", "请选择隐患所属企业");
			return -1;
		}
		if (ent != org && !row_int(obj, "unit_id")) {
			r = org_unit_in(c->db, org, ent);
			if (r < 0)
				return hz_internal(e);
			if (r)
				json_object_set_new(obj, "unit_id", json_integer(org));
		}
		json_object_set_new(obj, "org_id", json_integer(ent));
		if (regulator) {
			if (!row_str(obj, "source"))
				json_object_set_new(obj, "source", json_string("regulator_check"));
			else if (!str_same(row_str(obj, "source"), "regulator_check")) {
				verr_add(e, "source", "监管部门登记的隐患来源须为“监管检查”");
				return -1;
			}
		} else if (c->user && str_same(row_str(obj, "source"), "regulator_check")) {
			verr_add(e, "source", "“监管检查”来源的隐患只能由监管部门登记");
			return -1;
		}
		if (!row_str(obj, "source"))
			json_object_set_new(obj, "source", json_string("self_check"));
		if (!row_str(obj, "level"))
			json_object_set_new(obj, "level", json_string("general"));
		if (!row_int(obj, "found_by") && c->user)
			json_object_set_new(obj, "found_by", json_integer(c->user->id));
		for (size_t i = 0; i < hazard_def.nfields; i++) {
			const struct field_def *f = &hazard_def.fields[i];
			if ((f->flags & F_READONLY) && !f->expr)
				json_object_set_new(obj, f->name, f->type == FT_FILES ? json_array() :
						    f->type == FT_BOOL ? json_false() : json_null());
		}
		if (regulator)
			json_object_set_new(obj, "reg_org_id", json_integer(c->user->org_id));
		json_object_set_new(obj, "status", json_string("registered"));
	}
	unit = row_int(obj, "unit_id");
	if (unit && !(old && unit == row_int(old, "unit_id"))) {
		r = org_unit_in(c->db, unit, ent);
		if (r < 0)
			return hz_internal(e);
		if (!r) {
			verr_add(e, "unit_id", "所在车间/班组须为本企业的内部单位");
			return -1;
		}
	}
	return 0;
}

/* After a registration: the timeline opens (the aggregates are the core's). */
static int hazard_after_write(struct ectx *c, enum entity_action a, int64_t id,
			      const json_t *before, const json_t *after, struct verr *e)
{
	if (a == EA_CREATE &&
	    wf_event_write(c, &hazard_def, after, "register", NULL, "registered", NULL,
			   row_str(after, "title")) != 0)
		return hz_internal(e);
	return 0;
}

/* 双报告 (安全生产法 第四十一条第二款; 原安监总局令第16号 第十四条): only a major
 * hazard has one; dates are not in the future; a dated report to the department
 * names the department. */
static int dual_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	json_t *hz = NULL;
	char today[11];
	const char *d1 = row_str(obj, "to_department_date"), *d2 = row_str(obj, "to_congress_date");

	entity_today(today);
	if (row_int(obj, "hazard_id")) {
		hz = entity_get(c, &hazard_def, row_int(obj, "hazard_id"));
		if (hz && !str_same(row_str(hz, "level"), "major"))
			verr_add(e, "hazard_id", "仅重大事故隐患需要双报告");
	}
	if (old && row_int(old, "hazard_id") != row_int(obj, "hazard_id"))
		verr_add(e, "hazard_id", "不能更改双报告所属的隐患");
	if (d1 && strcmp(d1, today) > 0)
		verr_add(e, "to_department_date", "报告监管部门日期不能晚于今天");
	if (d2 && strcmp(d2, today) > 0)
		verr_add(e, "to_congress_date", "报告职工大会（职代会）日期不能晚于今天");
	if (d1 && !row_str(obj, "to_department_name"))
		verr_add(e, "to_department_name", "请填写所报告的负有安全生产监督管理职责的部门");
	json_decref(hz);
	return 0;
}

/* A dual report belongs to its hazard's enterprise. */
static int dual_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e)
{
	json_t *hz;

	if (a == EA_DELETE)
		return 0;
	hz = entity_get(c, &hazard_def, row_int(obj, "hazard_id"));
	if (!hz) {
		verr_add(e, "hazard_id", "所选重大隐患不存在");
		return -1;
	}
	json_object_set(obj, "org_id", json_object_get(hz, "org_id"));
	json_decref(hz);
	return 0;
}

/* 1 when the dual report is complete: both reports dated and the content of
 * 令第16号 第十四条 written (现状及原因, 危害程度, 治理方案). */
static int dual_complete(const json_t *d)
{
	return row_str(d, "to_department_date") && row_str(d, "to_congress_date") &&
	       row_str(d, "content_status") && row_str(d, "content_harm") &&
	       row_str(d, "content_plan");
}

/* Keeps hazard.dual_reported (a derived flag: the report row carries the audit)
 * and notes the report in the hazard's timeline. */
static int dual_after_write(struct ectx *c, enum entity_action a, int64_t id,
			    const json_t *before, const json_t *after, struct verr *e)
{
	int64_t hid = row_int(after, "hazard_id");
	json_t *hz = NULL, *set = NULL;
	const char *note;
	int rc = -1;

	if (a == EA_DELETE)
		return 0;
	hz = entity_get(c, &hazard_def, hid);
	if (!hz)
		return hz_internal(e);
	set = json_pack("{s:b}", "dual_reported", dual_complete(after));
	if (entity_set_tx(c, &hazard_def, hid, NULL, set, NULL, e) < 0)
		goto out;
	note = arena_printf(c->arena, "报告监管部门：%s%s%s；报告职工大会（职代会）：%s%s",
			    row_str(after, "to_department_date") ? row_str(after, "to_department_date") : "未报告",
			    row_str(after, "to_department_name") ? " " : "",
			    row_str(after, "to_department_name") ? row_str(after, "to_department_name") : "",
			    row_str(after, "to_congress_date") ? row_str(after, "to_congress_date") : "未报告",
			    dual_complete(after) ? "" : "（报告内容未填写完整）");
	if (wf_event_write(c, &hazard_def, hz, "dual_report", row_str(hz, "status"),
			   row_str(hz, "status"), NULL, note))
		goto out;
	rc = 0;
out:
	json_decref(hz);
	json_decref(set);
	return rc ? hz_internal(e) : 0;
}

/* ------------------------------------------------------------ 随手拍 */

static const struct field_def in_description = {.name = "description", .label = "隐患描述",
	.type = FT_TEXT, .max_len = 200, .flags = F_REQUIRED};
static const struct field_def in_location = {.name = "location", .label = "隐患部位",
	.type = FT_TEXT, .max_len = 200, .flags = F_REQUIRED};
static const struct field_def in_category = {.name = "category", .label = "隐患类别",
	.type = FT_ENUM, .opts = category_opts, .flags = F_REQUIRED};

/* Registers the employee quick report (随手拍, seeds/004 item 14: 全员参与) as a
 * general hazard of the caller's enterprise, 已登记 for the manager to assign or
 * dismiss; the reporter chooses the category (人/物/环境/管理). Returns the id, -1
 * with e (field "photos" for the photos). */
static int64_t hz_report(struct ectx *c, const json_t *body, struct verr *e)
{
	static const char *const keys[] = { "description", "location", "category", "photos", NULL };
	const struct field_def *ins[] = { &in_description, &in_location, &in_category };
	json_t *v[3] = { NULL, NULL, NULL }, *obj = NULL;
	const json_t *ph = json_object_get(body, "photos");
	const char *k;
	json_t *x;
	char today[11];
	int64_t id = -1;

	json_object_foreach((json_t *)body, k, x) {
		int ok = 0;
		for (int i = 0; keys[i]; i++)
			ok |= strcmp(k, keys[i]) == 0;
		if (!ok)
			verr_add(e, k, "未知字段: %s", k);
	}
	for (int i = 0; i < 3; i++)
		if (field_validate(ins[i], json_object_get(body, ins[i]->name), &v[i], e) != 0)
			v[i] = NULL;
	if (v[0] && json_is_string(v[0]) && strchr(json_string_value(v[0]), '\n'))
		verr_add(e, "description", "隐患描述请写成一句话");
	if (!json_is_array(ph) || json_array_size(ph) == 0)
		verr_add(e, "photos", "请至少上传一张照片");
	else
		for (size_t i = 0; i < json_array_size(ph); i++)
			if (!json_is_integer(json_array_get(ph, i))) {
				verr_add(e, "photos", "照片格式不正确");
				break;
			}
	if (e->status)
		goto out;
	entity_today(today);
	obj = json_pack("{s:O, s:O, s:O, s:O, s:s, s:s, s:O, s:s}", "title", v[0],
			"description", v[0], "location", v[1], "photos_before", ph,
			"source", "employee_report", "level", "general", "category", v[2],
			"found_at", today);
	id = entity_create_tx(c, &hazard_def, obj, e);
	if (id < 0 && e->field && strcmp(e->field, "photos_before") == 0) {
		e->field = "photos";
		e->message = "所选照片不存在";
		for (int i = 0; i < e->n; i++)
			if (strcmp(e->fields[i], "photos_before") == 0) {
				e->fields[i] = "photos";
				e->messages[i] = "所选照片不存在";
			}
	}
out:
	for (int i = 0; i < 3; i++)
		json_decref(v[i]);
	json_decref(obj);
	return id;
}

/* POST /api/hazard/report → 201 the registered hazard. */
static int hz_h_report(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	struct verr e;
	int64_t id;

	verr_init(&e, &r->arena);
	if (db_begin(r->db) != 0)
		return http_internal(s);
	id = hz_report(&c, r->json, &e);
	if (id < 0 || db_commit(r->db) != 0) {
		db_rollback(r->db);
		if (id > 0)
			return http_internal(s);
		return verr_send(&e, s);
	}
	return entity_send(&c, &hazard_def, id, 201, s);
}

/* -------------------------------------------------------------- registry */

static const struct route hazard_routes[] = {
	{HTTP_POST, "/api/hazard/report", hz_h_report, ROUTE_JSON, HZ_ENT_ROLES},
	{HTTP_GET, "/api/hazard/stats", hz_h_stats, 0, 0},
};

/* Registers the declarations and routes of the hazard module (mod.h). Every
 * action — POST /api/hazard/:id/<verb>, POST /api/hazard_extension/:id/<verb> — is
 * served by the core from the workflows of hazard_flow.c. */
void hazard_init(void)
{
	for (int i = 0; i < INDUSTRY_SECTIONS; i++) {
		hz_section_opts[i].code = industry_section_code_at(i);
		hz_section_opts[i].label = industry_section_label(industry_section_code_at(i));
	}
	entity_register(&hazard_def);
	entity_register(&event_def);
	entity_register(&ext_def);
	entity_register(&dual_def);
	router_add(hazard_routes, ARRAY_SIZE(hazard_routes));
	entity_perm_register("hazard:report", HZ_ENT_ROLES);	/* 随手拍 */
	view_register(&hazard_major_view);
}

/* Shipped data and indexes of the module (none yet beyond the declarations). */
int hazard_schema(struct db *db)
{
	(void)db;
	return 0;
}
