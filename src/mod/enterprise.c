/*
 * enterprise.c — 一企一档: the enterprise profile and the records that hang off it.
 *
 *   enterprise     the profile (USCC, GB/T 4754-2017 industry, high-risk category,
 *                  responsible persons, 标准化 grade, group structure via parent_id);
 *                  each enterprise owns an org node, so everything it records is
 *                  scoped to it and to the regulators that supervise it.
 *   safety_body    安委会 and 安全管理部门 (青国资委〔2025〕40号 二(二));
 *   safety_member  their members, incl. 注册安全工程师;
 *   org_change     the report of the safety organisation and its changes to the
 *                  regulator (青国资委〔2025〕40号 二(四)4), written only by the hooks
 *                  of safety_body / safety_member and acknowledged by the regulator;
 *   outlet         网点台账: self-operated, leased-out and leased-in premises
 *                  (宝国资委〔2024〕11号 一「全面摸清企业出租出借及自营的网点底数」);
 *   contractor     相关方: 承包 / 承租单位 with qualifications and safety agreements
 *                  (安全生产法 第四十九条; 青国资委〔2025〕40号 二(三)4).
 *
 * The entity core does CRUD, lists, scope and audit from the declarations below,
 * and runs the declared acknowledge action of org_change (POST
 * /api/org_change/:id/acknowledge); this file adds the cross-field rules, the org
 * bookkeeping of enterprises and the org-change records. Import lives in import.c.
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
#include "mod/enterprise.h"
#include "mod/import.h"
#include "mod/mod.h"
#include "rules/industry.h"

#define RB(r) (1u << (r))
#define ENT_WRITERS (RB(ROLE_ADMIN) | RB(ROLE_REGULATOR) | RB(ROLE_ENT_MANAGER))
#define ENT_MAX_DEPTH 32	/* levels of a group (集团 → 子公司 → …) */

/* ------------------------------------------------------------------ options */

/* 门类 of GB/T 4754-2017, filled from rules/industry.c by enterprise_init() so the
 * labels exist once. */
static struct enum_opt section_opts[INDUSTRY_SECTIONS + 1];
/* 行业大类 shown by their GB/T 4754-2017 names (issue 12), filled at init. */
static struct enum_opt division_opts[INDUSTRY_DIVISIONS + 1];

/* High-risk industries that tighten obligations (e.g. monthly principal-led major
 * hazard inspection and half-yearly drills: 宝国资委〔2024〕11号 二.7, 二.10). */
static const struct enum_opt high_risk_opts[] = {
	{"none", "无"},
	{"metal_smelting", "金属冶炼"},
	{"dust_explosion", "涉爆粉尘"},
	{"hazardous_chemicals", "危险化学品"},
	{"transport", "交通运输"},
	{"construction", "建筑施工"},
	{"gas", "燃气"},
	{"mining", "非煤矿山"},
	{"fireworks", "烟花爆竹"},
	{"civil_explosives", "民用爆炸物品"},
	{"ammonia_refrigeration", "涉氨制冷"},
	{"crowded_place", "人员密集场所"},
	{NULL, NULL}
};

static const struct enum_opt scale_opts[] = {
	{"above", "规上"},
	{"below", "规下"},
	{NULL, NULL}
};

static const struct enum_opt grade_opts[] = {
	{"none", "未定级"},
	{"level1", "一级"},
	{"level2", "二级"},
	{"level3", "三级"},
	{NULL, NULL}
};

static const struct enum_opt status_opts[] = {
	{"operating", "在营"},
	{"suspended", "停产停业"},
	{"closed", "注销"},
	{NULL, NULL}
};

/* 档案状态: an enterprise with records is archived, never deleted (the records are
 * evidence); an archived one leaves the default lists but keeps every record. */
static const struct enum_opt archive_opts[] = {
	{"active", "在册"},
	{"archived", "已归档"},
	{NULL, NULL}
};

static const struct enum_opt body_kind_opts[] = {
	{"committee", "安全生产委员会"},
	{"department", "安全管理部门"},
	{NULL, NULL}
};

static const struct enum_opt body_role_opts[] = {
	{"director", "主任"},
	{"deputy", "副主任"},
	{"member", "委员"},
	{"head", "负责人"},
	{"full_time", "专职安全管理人员"},
	{"part_time", "兼职安全管理人员"},
	{NULL, NULL}
};

static const struct enum_opt change_target_opts[] = {
	{"safety_body", "安全管理机构"},
	{"safety_member", "组成人员"},
	{NULL, NULL}
};

static const struct enum_opt change_status_opts[] = {
	{"pending", "待确认"},
	{"acknowledged", "已确认"},
	{NULL, NULL}
};

static const struct enum_opt change_action_opts[] = {
	{"create", "新增"},
	{"update", "变更"},
	{"delete", "撤销"},
	{NULL, NULL}
};

static const struct enum_opt outlet_kind_opts[] = {
	{"self_operated", "自营"},
	{"leased_out", "出租"},
	{"leased_in", "承租"},
	{NULL, NULL}
};

static const struct enum_opt contractor_kind_opts[] = {
	{"contractor", "承包单位"},
	{"lessee", "承租单位"},
	{NULL, NULL}
};

/* 监管类型 of a registration by a regulator: the kind of the supervision the
 * registration creates (出资 / 行业 / 属地监管, DESIGN.md §3). Not a column of
 * enterprise — the kind belongs to the (regulator, enterprise) pair, and an
 * enterprise may have several — but an input of POST /api/enterprise and a column of
 * the import. Options from account.c, filled in by enterprise_init(). */
static struct field_def kind_field = {
	.name = "supervision_kind", .label = "监管类型", .type = FT_ENUM, .flags = F_REQUIRED,
	.group = "基本信息", .help = "监管部门登记时必选：本单位对该企业是出资监管、行业监管还是属地监管",
};

/* ------------------------------------------------------------- declarations */

static int enterprise_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int enterprise_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				   const json_t *old, struct verr *e);
static int enterprise_after_write(struct ectx *c, enum entity_action a, int64_t id,
				  const json_t *before, const json_t *after, struct verr *e);
static int body_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e);
static int member_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int member_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			       const json_t *old, struct verr *e);
static int body_after_write(struct ectx *c, enum entity_action a, int64_t id,
			    const json_t *before, const json_t *after, struct verr *e);
static int member_after_write(struct ectx *c, enum entity_action a, int64_t id,
			      const json_t *before, const json_t *after, struct verr *e);
static int outlet_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int child_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			      const json_t *old, struct verr *e);
static int contractor_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);

static const struct field_def enterprise_fields[] = {
	{.name = "name", .label = "企业名称", .type = FT_TEXT,
	 .flags = F_REQUIRED | F_SEARCH | F_SORT | F_LIST, .group = "基本信息"},
	{.name = "uscc", .label = "统一社会信用代码", .type = FT_USCC,
	 .flags = F_REQUIRED | F_UNIQUE | F_LIST | F_SEARCH, .group = "基本信息",
	 .help = "18 位，见营业执照（GB 32100-2015）"},
	{.name = "short_name", .label = "企业简称", .type = FT_TEXT, .max_len = 50,
	 .flags = F_SEARCH, .group = "基本信息"},
	{.name = "address", .label = "注册地址", .type = FT_TEXT,
	 .flags = F_REQUIRED | F_LIST, .group = "基本信息"},
	{.name = "lat", .label = "纬度", .type = FT_LAT, .group = "基本信息",
	 .help = "用于风险四色图，如 31.15"},
	{.name = "lng", .label = "经度", .type = FT_LNG, .group = "基本信息",
	 .help = "如 121.12"},
	{.name = "parent_id", .label = "上级企业", .type = FT_REF, .ref = "enterprise",
	 .flags = F_FILTER, .group = "基本信息", .help = "集团下属企业选择所属集团"},
	{.name = "status", .label = "经营状态", .type = FT_ENUM, .opts = status_opts,
	 .flags = F_FILTER | F_LIST, .group = "基本信息"},
	{.name = "industry_section", .label = "行业门类", .type = FT_ENUM, .opts = section_opts,
	 .flags = F_FILTER | F_LIST, .group = "行业与风险",
	 .help = "GB/T 4754-2017 国民经济行业分类门类"},
	{.name = "industry_division", .label = "行业大类", .type = FT_ENUM, .opts = division_opts,
	 .flags = F_FILTER, .group = "行业与风险",
	 .help = "GB/T 4754-2017 国民经济行业分类大类，须属于所选门类"},
	{.name = "high_risk", .label = "高危行业类别", .type = FT_ENUM, .opts = high_risk_opts,
	 .flags = F_FILTER | F_LIST, .group = "行业与风险"},
	{.name = "scale", .label = "企业规模", .type = FT_ENUM, .opts = scale_opts,
	 .flags = F_FILTER | F_LIST, .group = "行业与风险", .help = "规模以上 / 规模以下"},
	{.name = "employee_count", .label = "从业人员数", .type = FT_INT, .min = 0, .max = 1000000,
	 .flags = F_LIST | F_SORT, .group = "行业与风险"},
	{.name = "legal_rep", .label = "法定代表人", .type = FT_TEXT, .max_len = 50,
	 .group = "责任人"},
	{.name = "actual_controller", .label = "实际控制人", .type = FT_TEXT, .max_len = 100,
	 .group = "责任人"},
	{.name = "principal_name", .label = "主要负责人（第一责任人）", .type = FT_TEXT,
	 .max_len = 50, .flags = F_REQUIRED, .group = "责任人",
	 .help = "安全生产法第二十一条：本单位安全生产第一责任人"},
	{.name = "principal_phone", .label = "主要负责人电话", .type = FT_PHONE,
	 .group = "责任人"},
	{.name = "safety_director_name", .label = "安全总监", .type = FT_TEXT, .max_len = 50,
	 .group = "责任人"},
	{.name = "safety_director_phone", .label = "安全总监电话", .type = FT_PHONE,
	 .group = "责任人"},
	{.name = "safety_engineer_count", .label = "注册安全工程师人数", .type = FT_INT,
	 .min = 0, .max = 100000, .group = "安全管理",
	 .help = "鼓励聘任注册安全工程师从事安全生产管理（青国资委〔2025〕40号）"},
	{.name = "safety_engineers", .label = "注册安全工程师姓名", .type = FT_TEXT,
	 .max_len = 500, .group = "安全管理", .help = "多人用顿号分隔"},
	{.name = "standard_grade", .label = "安全生产标准化等级", .type = FT_ENUM,
	 .opts = grade_opts, .flags = F_FILTER | F_LIST, .group = "安全管理"},
	{.name = "standard_grade_expiry", .label = "标准化证书有效期至", .type = FT_DATE,
	 .group = "安全管理"},
	{.name = "archive_status", .label = "档案状态", .type = FT_ENUM, .opts = archive_opts,
	 .flags = F_FILTER | F_LIST | F_READONLY, .group = "基本信息",
	 .help = "已归档的企业不在默认列表中，其记录全部保留备查"},
	{.name = "archived_at", .label = "归档时间", .type = FT_DATETIME, .flags = F_READONLY,
	 .group = "基本信息"},
	{.name = "archive_reason", .label = "归档原因", .type = FT_TEXT, .max_len = 500,
	 .flags = F_READONLY, .group = "基本信息"},
};

/* Archive and restore (regulator, admin): the way out of the roster for an
 * enterprise whose records must stay (注销, 不再监管 …), where DELETE refuses. */
static const struct wf_state enterprise_states[] = {
	{"active", "在册", WS_OPEN},
	{"archived", "已归档", 0},
};
static const char *const ent_from_active[] = { "active", NULL };
static const char *const ent_from_archived[] = { "archived", NULL };
static const struct field_def archive_inputs[] = {
	{.name = "reason", .label = "归档原因", .type = FT_TEXT, .max_len = 500,
	 .flags = F_REQUIRED, .help = "如：企业已注销、划转其他部门监管"},
};
static int enterprise_archive_apply(struct wf_call *w);
static int enterprise_restore_apply(struct wf_call *w);
static const struct wf_action enterprise_actions[] = {
	{.verb = "archive", .label = "归档", .from = ent_from_active, .to = "archived",
	 .roles = RB(ROLE_ADMIN) | RB(ROLE_REGULATOR), .deny = "企业档案只能由监管部门或系统管理员归档",
	 .inputs = archive_inputs, .ninputs = ARRAY_SIZE(archive_inputs),
	 .apply = enterprise_archive_apply},
	{.verb = "restore", .label = "恢复在册", .from = ent_from_archived, .to = "active",
	 .roles = RB(ROLE_ADMIN) | RB(ROLE_REGULATOR), .deny = "企业档案只能由监管部门或系统管理员恢复",
	 .apply = enterprise_restore_apply},
};
static const struct workflow enterprise_wf = {
	.status_field = "archive_status",
	.states = enterprise_states, .nstates = ARRAY_SIZE(enterprise_states),
	.actions = enterprise_actions, .nactions = ARRAY_SIZE(enterprise_actions),
	.noun = "企业档案",
};

/* The list shows 在册 (archive_status = active) enterprises by default, sorted by
 * name or id: without these a page sorted every active enterprise (2,000 in the
 * scale bench: 3 ms CPU a page) instead of walking an index for 20 rows. */
static const char *const enterprise_list_indexes[] = {
	"archive_status, name",
	"archive_status, id",
	NULL
};

static const struct entity_def enterprise_def = {
	.name = "enterprise", .table = "enterprise", .label = "企业",
	.indexes = enterprise_list_indexes,
	.fields = enterprise_fields, .nfields = ARRAY_SIZE(enterprise_fields),
	.flags = E_ORG_NAMED, .workflow = &enterprise_wf,
	.default_filter = "archive_status", .default_filter_value = "active",
	.write_roles = ENT_WRITERS, .display_field = "name", .default_sort = "id",
	.validate = enterprise_validate, .before_write = enterprise_before_write,
	.after_write = enterprise_after_write,
};

static const struct field_def body_fields[] = {
	{.name = "kind", .label = "机构类型", .type = FT_ENUM, .opts = body_kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "name", .label = "机构名称", .type = FT_TEXT,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST, .help = "如：安全生产委员会、安全管理部"},
	{.name = "duties", .label = "职责", .type = FT_LONGTEXT},
	{.name = "work_rules", .label = "工作制度", .type = FT_LONGTEXT},
	{.name = "established", .label = "成立日期", .type = FT_DATE, .flags = F_LIST},
	{.name = "phone", .label = "联系电话", .type = FT_PHONE, .flags = F_LIST},
};

static const struct entity_def body_def = {
	.name = "safety_body", .table = "safety_body", .label = "安全管理机构",
	.fields = body_fields, .nfields = ARRAY_SIZE(body_fields),
	.write_roles = ENT_WRITERS, .display_field = "name", .default_sort = "id",
	.before_write = body_before_write, .after_write = body_after_write,
};

static const struct field_def member_fields[] = {
	{.name = "body_id", .label = "所属机构", .type = FT_REF, .ref = "safety_body",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "name", .label = "姓名", .type = FT_TEXT, .max_len = 50,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "body_role", .label = "机构职务", .type = FT_ENUM, .opts = body_role_opts,
	 .flags = F_LIST | F_FILTER},
	{.name = "position", .label = "职务", .type = FT_TEXT, .max_len = 100, .flags = F_LIST,
	 .help = "在本企业担任的职务，如：总经理"},
	{.name = "phone", .label = "联系电话", .type = FT_PHONE, .flags = F_LIST},
	{.name = "registered_engineer", .label = "注册安全工程师", .type = FT_BOOL,
	 .flags = F_LIST | F_FILTER},
};

static const struct entity_def member_def = {
	.name = "safety_member", .table = "safety_member", .label = "安全管理机构组成人员",
	.fields = member_fields, .nfields = ARRAY_SIZE(member_fields),
	.write_roles = ENT_WRITERS, .display_field = "name", .default_sort = "id",
	.validate = member_validate, .before_write = member_before_write,
	.after_write = member_after_write,
};

static const struct field_def change_fields[] = {
	{.name = "target", .label = "变动对象", .type = FT_ENUM, .opts = change_target_opts,
	 .flags = F_FILTER | F_LIST | F_READONLY},
	{.name = "target_id", .label = "对象编号", .type = FT_INT, .flags = F_READONLY | F_HIDDEN},
	{.name = "action", .label = "变动类型", .type = FT_ENUM, .opts = change_action_opts,
	 .flags = F_FILTER | F_LIST | F_READONLY},
	{.name = "summary", .label = "变动内容", .type = FT_TEXT, .max_len = 1000,
	 .flags = F_SEARCH | F_LIST | F_READONLY},
	{.name = "before_json", .label = "变动前", .type = FT_LONGTEXT, .max_len = 100000,
	 .flags = F_READONLY},
	{.name = "after_json", .label = "变动后", .type = FT_LONGTEXT, .max_len = 100000,
	 .flags = F_READONLY},
	{.name = "status", .label = "确认状态", .type = FT_ENUM, .opts = change_status_opts,
	 .flags = F_FILTER | F_LIST | F_READONLY},
	{.name = "acknowledged", .label = "监管部门已阅", .type = FT_BOOL,
	 .flags = F_FILTER | F_LIST | F_READONLY},
	{.name = "acknowledged_by", .label = "签阅人", .type = FT_REF, .ref = "user",
	 .flags = F_READONLY | F_LIST},
	{.name = "acknowledged_at", .label = "签阅时间", .type = FT_DATETIME,
	 .flags = F_READONLY | F_LIST},
	{.name = "ack_note", .label = "确认意见", .type = FT_TEXT, .max_len = 500,
	 .flags = F_READONLY},
};

/* The regulator's acknowledgement (青国资委〔2025〕40号 二(四)4: the enterprise
 * reports, the regulator confirms receipt): one action from 待确认 to 已确认. */
static const struct wf_state change_states[] = {
	{"pending", "待确认", WS_OPEN},
	{"acknowledged", "已确认", WS_FINAL},
};
static const char *const change_from_pending[] = { "pending", NULL };
static const struct field_def change_ack_inputs[] = {
	{.name = "note", .label = "确认意见", .type = FT_TEXT, .max_len = 500},
};
static int change_ack_apply(struct wf_call *w);
static const struct wf_action change_actions[] = {
	{.verb = "acknowledge", .label = "确认", .from = change_from_pending, .to = "acknowledged",
	 .roles = RB(ROLE_ADMIN) | RB(ROLE_REGULATOR), .deny = "只有监管部门可以确认变动报告",
	 .inputs = change_ack_inputs, .ninputs = ARRAY_SIZE(change_ack_inputs),
	 .apply = change_ack_apply},
};
static const struct workflow change_wf = {
	.status_field = "status",
	.states = change_states, .nstates = ARRAY_SIZE(change_states),
	.actions = change_actions, .nactions = ARRAY_SIZE(change_actions),
	.noun = "变动报告",
};

static const struct entity_def change_def = {
	.name = "org_change", .table = "org_change", .label = "安全管理机构变动报告",
	.fields = change_fields, .nfields = ARRAY_SIZE(change_fields),
	.flags = E_NO_CREATE | E_NO_UPDATE | E_NO_DELETE,
	.write_roles = RB(ROLE_ADMIN) | RB(ROLE_REGULATOR),
	.display_field = "summary", .default_sort = "-id",
	.workflow = &change_wf,
};

static const struct field_def outlet_fields[] = {
	{.name = "name", .label = "网点名称", .type = FT_TEXT,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "kind", .label = "经营方式", .type = FT_ENUM, .opts = outlet_kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "address", .label = "地址", .type = FT_TEXT,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "area", .label = "面积（m²）", .type = FT_REAL, .min = 0, .max = 10000000,
	 .flags = F_LIST},
	{.name = "use", .label = "用途", .type = FT_TEXT, .max_len = 100, .flags = F_LIST,
	 .help = "如：商铺、仓库、办公、餐饮"},
	{.name = "tenant", .label = "承租方 / 出租方", .type = FT_TEXT,
	 .flags = F_LIST | F_SEARCH,
	 .help = "出租网点填承租方（必填），承租网点填出租方"},
	{.name = "lease_start", .label = "租赁开始日期", .type = FT_DATE, .flags = F_LIST},
	{.name = "lease_end", .label = "租赁结束日期", .type = FT_DATE, .flags = F_LIST},
	{.name = "agreement_signed", .label = "安全管理协议已签订", .type = FT_BOOL,
	 .flags = F_FILTER | F_LIST,
	 .help = "安全生产法第四十九条：与承租单位签订专门的安全生产管理协议"},
	{.name = "agreement_files", .label = "安全管理协议", .type = FT_FILES,
	 .help = "已签订时须上传协议扫描件"},
	{.name = "contact_name", .label = "联系人", .type = FT_TEXT, .max_len = 50},
	{.name = "contact_phone", .label = "联系电话", .type = FT_PHONE},
	{.name = "note", .label = "备注", .type = FT_LONGTEXT},
};

static const struct entity_def outlet_def = {
	.name = "outlet", .table = "outlet", .label = "网点",
	.fields = outlet_fields, .nfields = ARRAY_SIZE(outlet_fields),
	.write_roles = ENT_WRITERS, .display_field = "name", .default_sort = "id",
	.validate = outlet_validate, .before_write = child_before_write,
};

static const struct field_def contractor_fields[] = {
	{.name = "name", .label = "单位名称", .type = FT_TEXT,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "uscc", .label = "统一社会信用代码", .type = FT_USCC, .flags = F_LIST},
	{.name = "kind", .label = "相关方类型", .type = FT_ENUM, .opts = contractor_kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "qualification", .label = "资质", .type = FT_TEXT, .flags = F_LIST,
	 .help = "如：建筑工程施工总承包二级"},
	{.name = "qualification_no", .label = "资质证书编号", .type = FT_TEXT, .max_len = 100},
	{.name = "qualification_expiry", .label = "资质有效期至", .type = FT_DATE,
	 .flags = F_RANGE | F_LIST | F_SORT},
	{.name = "qualification_expired", .label = "资质已过期", .type = FT_BOOL,
	 .flags = F_FILTER | F_LIST | F_READONLY,
	 .expr = "CASE WHEN t.qualification_expiry IS NOT NULL AND "
		 "t.qualification_expiry < {today} THEN 1 ELSE 0 END"},
	{.name = "agreement_signed", .label = "安全管理协议已签订", .type = FT_BOOL,
	 .flags = F_FILTER | F_LIST,
	 .help = "安全生产法第四十九条：签订专门的安全生产管理协议或在合同中约定"},
	{.name = "agreement_files", .label = "安全管理协议", .type = FT_FILES},
	{.name = "work_scope", .label = "作业内容 / 租赁范围", .type = FT_TEXT, .flags = F_LIST},
	{.name = "period_start", .label = "合同开始日期", .type = FT_DATE},
	{.name = "period_end", .label = "合同结束日期", .type = FT_DATE},
	{.name = "contact_name", .label = "联系人", .type = FT_TEXT, .max_len = 50},
	{.name = "contact_phone", .label = "联系电话", .type = FT_PHONE},
};

static const struct entity_def contractor_def = {
	.name = "contractor", .table = "contractor", .label = "相关方",
	.fields = contractor_fields, .nfields = ARRAY_SIZE(contractor_fields),
	.write_roles = ENT_WRITERS, .display_field = "name", .default_sort = "id",
	.validate = contractor_validate, .before_write = child_before_write,
};

/* ------------------------------------------------------------------ helpers */

/* 1 if a files member holds at least one id (array, or its stored text). */
static int jfiles_nonempty(const json_t *o, const char *k)
{
	const json_t *v = o ? json_object_get(o, k) : NULL;
	const char *s;

	if (json_is_array(v))
		return json_array_size(v) > 0;
	if (json_is_string(v)) {
		for (s = json_string_value(v); *s; s++)
			if (*s >= '0' && *s <= '9')
				return 1;
	}
	return 0;
}

/* The Chinese label of an enum code of a declared field, or the code itself. */
static const char *enum_label(const struct entity_def *d, const char *field, const char *code)
{
	const struct field_def *f = entity_field(d, field);
	const struct enum_opt *o;

	if (!code)
		return "";
	for (o = f ? f->opts : NULL; o && o->code; o++)
		if (strcmp(o->code, code) == 0)
			return o->label;
	return code;
}

/* Same for a text result, copied into c's arena; NULL when no row or on error. */
static const char *q_text(struct ectx *c, const char *sql, int64_t p)
{
	struct db_stmt *st = db_prepare(c->db, sql);
	const char *r = NULL;

	if (st && db_bind_int64(st, 1, p) == 0 && db_step(st) == DB_ROW)
		r = arena_strdup(c->arena, db_col_text(st, 0));
	db_finalize(st);
	return r;
}

/* The org node of enterprise id, 0 when there is none. */
static int64_t enterprise_org(struct db *db, int64_t id)
{
	int64_t org = 0;

	if (db_query_int64p(db, "SELECT org_id FROM enterprise WHERE id = ?", id, &org, 0) != 0)
		return -1;
	return org;
}

/* The org a child row will belong to: the row's org_id, else the user's org. */
static int64_t row_org(struct ectx *c, const json_t *obj)
{
	int64_t org = row_int(obj, "org_id");

	if (!org && c->user)
		org = c->user->org_id;
	return org;
}

/* ------------------------------------------------------------ enterprise */

/* Who may create an enterprise: enterprises are registered by their regulator or
 * the administrator (青国资委〔2025〕40号 一: 区管企业 are the regulator's roster); an
 * enterprise's own manager keeps its profile up to date but cannot add enterprises.
 * Industry: the 大类 must exist and lie in the chosen 门类 (GB/T 4754-2017 表 1);
 * a 大类 without 门类 fills the 门类 in. Group structure: parent must not be the
 * enterprise itself or one of its subsidiaries. */
static int enterprise_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *sec = row_str(obj, "industry_section"), *div = row_str(obj, "industry_division");
	int64_t self = old ? row_int(old, "id") : 0, parent = row_int(obj, "parent_id");
	char dsec;

	if (!old && c->user && c->user->role != ROLE_ADMIN && c->user->role != ROLE_REGULATOR) {
		verr_set(e, 403, "forbidden", "企业档案只能由监管部门或系统管理员新建");
		return 0;
	}
	if (old && row_str(old, "archive_status") && !strcmp(row_str(old, "archive_status"), "archived")) {
		verr_set(e, 409, "conflict", "该企业档案已归档，不能修改；如需修改请先恢复在册");
		return 0;
	}
	if (div) {
		dsec = industry_division_section(div);
		if (!dsec) {
			verr_add(e, "industry_division",
				 "行业大类“%s”不是 GB/T 4754-2017 的两位大类代码", div);
		} else if (!sec) {
			char code[2] = { dsec, '\0' };

			json_object_set_new(obj, "industry_section", json_string(code));
		} else if (sec[0] != dsec || sec[1]) {
			verr_add(e, "industry_division", "行业大类 %s（%s）不属于所选门类“%s”",
				 div, industry_division_label(div),
				 industry_section_label(sec) ? industry_section_label(sec) : sec);
		}
	}
	if (old && c->user && c->user->role == ROLE_ENT_MANAGER &&
	    parent != row_int(old, "parent_id"))
		verr_add(e, "parent_id", "上级企业由监管部门调整，企业不能自行修改");
	if (parent && self) {
		int64_t cur = parent;

		for (int depth = 0; cur && depth < ENT_MAX_DEPTH; depth++) {
			if (cur == self) {
				verr_add(e, "parent_id", cur == parent ?
					 "上级企业不能是本企业" : "上级企业不能是本企业的下属企业");
				break;
			}
			if (db_query_int64p(c->db, "SELECT parent_id FROM enterprise WHERE id = ?", cur,
				  &cur, 0) != 0)
				break;
		}
	}
	return 0;
}

/* Counts rows that still belong to org (subsidiaries, child records of every
 * registered entity, users, sub-units); *what gets the label of the first kind
 * found. 0 ok, -1 error. */
static int org_dependents(struct ectx *c, int64_t org, int64_t *n, const char **what)
{
	int64_t k;

	*n = 0;
	if (db_query_int64p(c->db, "SELECT COUNT(*) FROM org WHERE parent_id = ?", org, &k, 0) != 0)
		return -1;
	if (k) {
		*n = k;
		*what = "下属组织";
		return 0;
	}
	for (size_t i = 0; i < entity_count(); i++) {
		const struct entity_def *d = entity_at(i);
		const char *sql;

		if ((d->flags & (E_NO_ORG | E_NO_AUDIT | E_DERIVED)) || d->scope_column ||
		    strcmp(d->name, "enterprise") == 0 || strcmp(d->name, "org") == 0 ||
		    strcmp(d->name, "supervision") == 0)
			continue;
		/* table names come from declarations checked at registration */
		sql = arena_printf(c->arena, "SELECT COUNT(*) FROM %s WHERE org_id = ?", d->table);
		if (db_query_int64p(c->db, sql, org, &k, 0) != 0)
			return -1;
		if (k) {
			*n = k;
			*what = d->label;
			return 0;
		}
	}
	return 0;
}

/* Creation gives the enterprise its org node (under its group's node when it has a
 * parent, DESIGN.md §3; the registering regulator's supervision follows in
 * enterprise_register_tx); a rename renames the node; a change of group moves it. Deletion
 * is the regulator's and is refused while anything still belongs to the enterprise,
 * so no record is ever orphaned (a regulator's ledger must stay complete): such an
 * enterprise is archived instead. */
static int enterprise_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				   const json_t *old, struct verr *e)
{
	int64_t parent_org = 0, org, n, id;
	const char *what = NULL;

	if (a == EA_CREATE) {
		if (row_int(obj, "parent_id") &&
		    (parent_org = enterprise_org(c->db, row_int(obj, "parent_id"))) < 0)
			goto internal;
		org = org_create(c, parent_org, row_str(obj, "name"), "enterprise");
		if (org < 0)
			goto internal;
		json_object_set_new(obj, "org_id", json_integer(org));
		json_object_set_new(obj, "archive_status", json_string("active"));
		json_object_set_new(obj, "archived_at", json_null());
		json_object_set_new(obj, "archive_reason", json_null());
		return 0;
	}
	org = row_int(old, "org_id");
	if (a == EA_UPDATE) {
		json_object_set_new(obj, "org_id", json_integer(org));
		if (row_str(obj, "name") && row_str(old, "name") &&
		    strcmp(row_str(obj, "name"), row_str(old, "name")) != 0 &&
		    org_rename(c, org, row_str(obj, "name")) != 0)
			goto internal;
		if (row_int(obj, "parent_id") != row_int(old, "parent_id")) {
			parent_org = row_int(obj, "parent_id") ?
				enterprise_org(c->db, row_int(obj, "parent_id")) : 0;
			if (parent_org < 0 || org_move(c, org, parent_org) != 0)
				goto internal;
		}
		return 0;
	}
	/* EA_DELETE: like registering, removing an enterprise from the roster is the
	 * regulator's (its manager keeps the profile, it does not end the supervision) */
	if (c->user && c->user->role != ROLE_ADMIN && c->user->role != ROLE_REGULATOR) {
		verr_set(e, 403, "forbidden", "企业档案只能由监管部门或系统管理员删除");
		return -1;
	}
	id = row_int(old, "id");
	if (db_query_int64p(c->db, "SELECT COUNT(*) FROM enterprise WHERE parent_id = ?", id, &n, 0) != 0)
		goto internal;
	if (n) {
		verr_set(e, 409, "conflict",
			 arena_printf(c->arena, "该企业还有 %" PRId64 " 家下属企业，不能删除", n));
		return -1;
	}
	if (org_dependents(c, org, &n, &what) != 0)
		goto internal;
	if (n) {
		verr_set(e, 409, "conflict",
			 arena_printf(c->arena, "该企业已有%s等记录 %" PRId64 " 条，记录须留存备查，不能删除；"
				      "企业注销或不再监管的，请将其档案归档", what, n));
		return -1;
	}
	return 0;
internal:
	verr_set(e, 500, "internal", "服务器内部错误");
	return -1;
}

/* After a deletion the enterprise's supervision rows and its (now empty) org node
 * go too, unless files uploaded under it remain. */
static int enterprise_after_write(struct ectx *c, enum entity_action a, int64_t id,
				  const json_t *before, const json_t *after, struct verr *e)
{
	int64_t org = row_int(before, "org_id"), files = 0;
	struct db_stmt *st = NULL;
	int rc = -1;

	if (a != EA_DELETE || !org)
		return 0;
	st = db_prepare(c->db, "DELETE FROM supervision WHERE enterprise_org = ?");
	if (!st || db_bind_int64(st, 1, org) || db_step(st) < 0)
		goto out;
	db_finalize(st);
	st = NULL;
	if (db_query_int64p(c->db, "SELECT COUNT(*) FROM file WHERE org_id = ?", org, &files, 0) != 0)
		goto out;
	if (!files) {
		st = db_prepare(c->db, "DELETE FROM scope_org WHERE viewer = ? OR org_id = ?");
		if (!st || db_bind_int64(st, 1, org) || db_bind_int64(st, 2, org) ||
		    db_step(st) < 0)
			goto out;
		db_finalize(st);
		st = db_prepare(c->db, "DELETE FROM org WHERE id = ?");
		if (!st || db_bind_int64(st, 1, org) || db_step(st) < 0)
			goto out;
	}
	rc = scope_rebuild(c->db);
out:
	db_finalize(st);
	if (rc)
		verr_set(e, 500, "internal", "服务器内部错误");
	return rc;
}

/* ---------------------------------------------------------- registration */

/* See enterprise.h. */
const struct field_def *enterprise_kind_field(void)
{
	return &kind_field;
}

/* See enterprise.h: required of a regulator (its supervision), refused from anyone
 * else (an administrator's registration supervises nobody: 监管关系 are set apart). */
int enterprise_kind_check(struct ectx *c, const json_t *v, const char **kind, struct verr *e)
{
	json_t *norm = NULL;
	const char *code;

	*kind = NULL;
	if (!c->user || c->user->role != ROLE_REGULATOR) {
		if (v && !json_is_null(v) && !(json_is_string(v) && !*json_string_value(v))) {
			verr_add(e, kind_field.name,
				 "系统管理员登记的企业不建立监管关系，请留空监管类型并在监管关系中设置");
			return -1;
		}
		return 0;
	}
	if (field_validate(&kind_field, v, &norm, e) != 0)
		return -1;
	code = json_is_string(norm) ? json_string_value(norm) : NULL;
	for (const struct enum_opt *o = kind_field.opts; code && o->code; o++)
		if (strcmp(o->code, code) == 0)
			*kind = o->code;
	json_decref(norm);
	if (!*kind) {
		verr_add(e, kind_field.name, "%s不能为空", kind_field.label);
		return -1;
	}
	return 0;
}

/* See enterprise.h. */
int64_t enterprise_register_tx(struct ectx *c, json_t *obj, const char *kind, struct verr *err)
{
	int64_t id = entity_create_tx(c, &enterprise_def, obj, err), org;

	if (id < 0 || !kind || !c->user)
		return id;
	org = enterprise_org(c->db, id);
	if (org <= 0 || supervision_add(c, c->user->org_id, org, kind) != 0) {
		verr_set(err, 500, "internal", "服务器内部错误");
		return -1;
	}
	return id;
}

/* Removes from a request body what clients may not set, as the generic create
 * does: read-only, secret and virtual fields and our own <ref>_label / <files>_files
 * output keys. */
static void body_strip(const struct entity_def *d, json_t *body)
{
	char key[96];

	for (size_t i = 0; i < d->nfields; i++) {
		const struct field_def *f = &d->fields[i];

		if ((f->flags & (F_READONLY | F_SECRET)) || f->expr)
			json_object_del(body, f->name);
		if (f->type == FT_REF || f->type == FT_FILES) {
			snprintf(key, sizeof(key), "%s_%s", f->name, f->type == FT_REF ? "label" : "files");
			json_object_del(body, key);
		}
	}
}

/* POST /api/enterprise (regulator, admin) — the generic create plus 监管类型: a
 * regulator registers the enterprise and its supervision of the chosen kind in one
 * transaction. A missing or unknown kind is a field error reported together with
 * the profile's own (the create is tried and rolled back for them), and nothing is
 * written. Answers 201 with the row as GET shows it. */
static int enterprise_create_route(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	struct verr err, rest;
	const char *kind = NULL;
	int64_t id;

	verr_init(&err, &r->arena);
	verr_init(&rest, &r->arena);
	enterprise_kind_check(&c, json_object_get(r->json, kind_field.name), &kind, &err);
	json_object_del(r->json, kind_field.name);
	body_strip(&enterprise_def, r->json);
	if (db_begin(r->db) != 0) {
		log_err("begin: %s", db_errmsg(r->db));
		return http_internal(s);
	}
	id = enterprise_register_tx(&c, r->json, kind, err.status ? &rest : &err);
	if (id < 0 || err.status) {
		db_rollback(r->db);
		if (rest.status >= 500)
			return verr_send(&rest, s);
		for (int i = 0; i < rest.n; i++)
			verr_add(&err, rest.fields[i], "%s", rest.messages[i]);
		return verr_send(&err, s);
	}
	if (db_commit(r->db) != 0) {
		log_err("commit: %s", db_errmsg(r->db));
		db_rollback(r->db);
		return http_internal(s);
	}
	return entity_send(&c, &enterprise_def, id, 201, s);
}

/* ------------------------------------------------------ enterprise children */

/* Every record of 一企一档 belongs to an enterprise: its org must be an
 * enterprise's node (a regulator entering a record names the enterprise). */
static int child_org_check(struct ectx *c, json_t *obj, struct verr *e)
{
	int64_t org = row_org(c, obj), ent = org_enterprise_of(c->db, org);

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

/* before_write of outlet and contractor. */
static int child_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			      const json_t *old, struct verr *e)
{
	if (a != EA_CREATE)
		return 0;
	return child_org_check(c, obj, e);
}

/* A date pair where the end may not precede the start (both "YYYY-MM-DD", so the
 * string order is the date order). */
static void date_order(const json_t *obj, const char *from, const char *to,
		       const char *msg, struct verr *e)
{
	const char *a = row_str(obj, from), *b = row_str(obj, to);

	if (a && b && strcmp(b, a) < 0)
		verr_add(e, to, "%s", msg);
}

/* 网点台账 (宝国资委〔2024〕11号 一; 安全生产法 第四十九条): a leased-out outlet must
 * name its tenant, the party responsible on site; a safety agreement recorded as
 * signed must be on file (痕迹和材料印证); the lease may not end before it starts. */
static int outlet_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *kind = row_str(obj, "kind");

	if (kind && strcmp(kind, "leased_out") == 0 && !row_str(obj, "tenant"))
		verr_add(e, "tenant", "出租网点须填写承租方");
	if (row_bool(obj, "agreement_signed") && !jfiles_nonempty(obj, "agreement_files"))
		verr_add(e, "agreement_files", "已签订安全管理协议的，须上传协议文件");
	date_order(obj, "lease_start", "lease_end", "租赁结束日期不能早于开始日期", e);
	return 0;
}

/* 相关方 (安全生产法 第四十九条): the contract period may not end before it starts;
 * a signed agreement must be on file, as for outlets. */
static int contractor_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	if (row_bool(obj, "agreement_signed") && !jfiles_nonempty(obj, "agreement_files"))
		verr_add(e, "agreement_files", "已签订安全管理协议的，须上传协议文件");
	date_order(obj, "period_start", "period_end", "合同结束日期不能早于开始日期", e);
	return 0;
}

/* Safety bodies belong to an enterprise, and one with members cannot be dissolved
 * before its members are removed (each removal is reported, 青国资委〔2025〕40号
 * 二(四)4). */
static int body_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e)
{
	int64_t n = 0;

	if (a == EA_CREATE)
		return child_org_check(c, obj, e);
	if (a == EA_DELETE) {
		if (db_query_int64p(c->db, "SELECT COUNT(*) FROM safety_member WHERE body_id = ?",
			  row_int(old, "id"), &n, 0) != 0) {
			verr_set(e, 500, "internal", "服务器内部错误");
			return -1;
		}
		if (n) {
			verr_set(e, 409, "conflict", "该机构还有组成人员，请先移除后再撤销机构");
			return -1;
		}
	}
	return 0;
}

/* A member sits in a body of the same enterprise. */
static int member_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	int64_t body = row_int(obj, "body_id"), body_org = 0, org = row_int(obj, "org_id");

	if (!body || !org)
		return 0;
	if (db_query_int64p(c->db, "SELECT org_id FROM safety_body WHERE id = ?", body, &body_org, 0) != 0)
		return 0;
	if (body_org && body_org != org)
		verr_add(e, "body_id", "所属机构须为本企业的安全管理机构");
	return 0;
}

/* A new member without org_id takes its body's enterprise. */
static int member_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			       const json_t *old, struct verr *e)
{
	int64_t body_org = 0;

	if (a == EA_DELETE)
		return 0;
	if (db_query_int64p(c->db, "SELECT org_id FROM safety_body WHERE id = ?", row_int(obj, "body_id"),
		  &body_org, 0) != 0) {
		verr_set(e, 500, "internal", "服务器内部错误");
		return -1;
	}
	if (a == EA_CREATE && !row_int(obj, "org_id") && body_org)
		json_object_set_new(obj, "org_id", json_integer(body_org));
	if (body_org && row_org(c, obj) != body_org) {
		verr_add(e, "body_id", "所属机构须为本企业的安全管理机构");
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ org changes */

/* The Chinese labels of declared fields whose value differs between before and
 * after, joined by 、; NULL when nothing declared changed. */
static const char *changed_labels(struct ectx *c, const struct entity_def *d,
				  const json_t *before, const json_t *after)
{
	struct buf b;
	const char *r = NULL;

	buf_init(&b, 4096);
	for (size_t i = 0; i < d->nfields; i++) {
		const struct field_def *f = &d->fields[i];
		const json_t *x = json_object_get(before, f->name);
		const json_t *y = json_object_get(after, f->name);

		if (f->expr || (f->flags & F_SECRET))
			continue;
		if (x && json_is_null(x))
			x = NULL;
		if (y && json_is_null(y))
			y = NULL;
		if ((!x && !y) || (x && y && json_equal((json_t *)x, (json_t *)y)))
			continue;
		if (b.len)
			buf_puts(&b, "、");
		buf_puts(&b, f->label);
	}
	if (b.len && !buf_failed(&b))
		r = arena_strdup(c->arena, buf_str(&b));
	buf_release(&b);
	return r;
}

/* The one-line summary a regulator reads, e.g.
 * "安全生产委员会 委员 张伟 变更：联系电话". NULL when nothing reportable changed. */
static const char *change_summary(struct ectx *c, const char *entity, enum entity_action a,
				  const json_t *before, const json_t *after)
{
	const json_t *row = after ? after : before;
	const char *changed = NULL;
	const struct entity_def *d = strcmp(entity, "safety_body") == 0 ? &body_def : &member_def;

	if (a == EA_UPDATE && !(changed = changed_labels(c, d, before, after)))
		return NULL;
	if (d == &body_def) {
		const char *kind = enum_label(d, "kind", row_str(row, "kind"));
		const char *name = row_str(row, "name") ? row_str(row, "name") : "";

		if (strcmp(kind, name) == 0)	/* "安全生产委员会" named as its kind */
			name = "";
		if (a == EA_CREATE)
			return arena_printf(c->arena, "新增%s%s%s", kind, *name ? "：" : "", name);
		if (a == EA_DELETE)
			return arena_printf(c->arena, "撤销%s%s%s", kind, *name ? "：" : "", name);
		return arena_printf(c->arena, "%s%s%s 变更：%s", kind, *name ? " " : "", name, changed);
	} else {
		const char *body = q_text(c, "SELECT name FROM safety_body WHERE id = ?",
					  row_int(row, "body_id"));
		const char *role = row_str(row, "body_role") ?
			enum_label(d, "body_role", row_str(row, "body_role")) : "成员";
		const char *name = row_str(row, "name") ? row_str(row, "name") : "";

		if (!body)
			body = "安全管理机构";
		if (a == EA_CREATE)
			return arena_printf(c->arena, "%s 新增%s %s", body, role, name);
		if (a == EA_DELETE)
			return arena_printf(c->arena, "%s 撤销%s %s", body, role, name);
		return arena_printf(c->arena, "%s %s %s 变更：%s", body, role, name, changed);
	}
}

/* Serialises a row for before_json/after_json; NULL for NULL. Arena string. */
static const char *row_text(struct ectx *c, const json_t *row)
{
	char *s;
	const char *r;

	if (!row)
		return NULL;
	s = json_dumps(row, JSON_COMPACT | JSON_SORT_KEYS);
	r = arena_strdup(c->arena, s);
	free(s);
	return r;
}

/* 青国资委〔2025〕40号 二(四)4: the enterprise reports the names, members, duties,
 * rules and contacts of its safety bodies to the regulator and every change of
 * them. Each write of safety_body / safety_member therefore leaves an org_change
 * row, in the same transaction (a system write: the enterprise user filing it may
 * not write org_change itself), that the supervising regulator sees and
 * acknowledges. Writes by the system (demo, CLI) are recorded too: the initial set
 * up is itself the first report. */
static int org_change_record(struct ectx *c, const char *entity, enum entity_action a,
			     int64_t id, const json_t *before, const json_t *after, struct verr *e)
{
	const char *summary = change_summary(c, entity, a, before, after);
	const json_t *row = after ? after : before;
	int64_t org = row_int(row, "org_id");
	static const char *const actions[] = { "", "create", "update", "delete" };
	json_t *rec;
	int64_t cid;

	if (!summary)
		return 0;
	if (!org)
		org = row_org(c, row);
	rec = json_pack("{s:I, s:s, s:I, s:s, s:s, s:s?, s:s?, s:b, s:s}", "org_id", (json_int_t)org,
			"target", entity, "target_id", (json_int_t)id, "action", actions[a],
			"summary", summary, "before_json", row_text(c, before),
			"after_json", row_text(c, after), "acknowledged", 0, "status", "pending");
	if (!rec) {
		verr_set(e, 500, "internal", "服务器内部错误");
		return -1;
	}
	cid = entity_sys_create_tx(c, &change_def, rec, e);
	json_decref(rec);
	if (cid < 0) {
		log_err("org_change of %s %" PRId64 ": %s", entity, id,
			e->message ? e->message : "?");
		return -1;
	}
	return 0;
}

/* after_write of safety_body: report the change. */
static int body_after_write(struct ectx *c, enum entity_action a, int64_t id,
			    const json_t *before, const json_t *after, struct verr *e)
{
	return org_change_record(c, "safety_body", a, id, before, after, e);
}

/* after_write of safety_member: report the change. */
static int member_after_write(struct ectx *c, enum entity_action a, int64_t id,
			      const json_t *before, const json_t *after, struct verr *e)
{
	return org_change_record(c, "safety_member", a, id, before, after, e);
}

/* archive: when and why (the audit row says who). */
static int enterprise_archive_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "archived_at", json_string(w->now));
	json_object_set_new(w->set, "archive_reason", json_string(w->reason ? w->reason : ""));
	return 0;
}

/* restore: back on the roster; the archive's when and why stay in the audit log. */
static int enterprise_restore_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "archived_at", json_null());
	json_object_set_new(w->set, "archive_reason", json_null());
	return 0;
}

/* acknowledge: who confirmed, when, and the optional note; the flag acknowledged
 * stays for readers of the earlier API. */
static int change_ack_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "acknowledged", json_true());
	json_object_set_new(w->set, "acknowledged_by",
			    w->c->user ? json_integer(w->c->user->id) : json_null());
	json_object_set_new(w->set, "acknowledged_at", json_string(w->now));
	if (w->note)
		json_object_set_new(w->set, "ack_note", json_string(w->note));
	return 0;
}

/* Schema step (module table), at every start: rows written before org_change had a
 * status, or marked read by a direct write of the flag (the demo's old reports),
 * get the status their acknowledged flag says, and enterprises from before the
 * archive are on the roster, so the workflows act on them. Idempotent. */
int enterprise_schema(struct db *db)
{
	static const char sql[] =
		"UPDATE org_change SET status = CASE WHEN acknowledged = 1 THEN 'acknowledged'"
		" ELSE 'pending' END"
		" WHERE status IS NULL OR (acknowledged = 1 AND status <> 'acknowledged')";

	static const char sql_ent[] =
		"UPDATE enterprise SET archive_status = 'active' WHERE archive_status IS NULL";

	if (db_exec(db, sql) != DB_OK || db_exec(db, sql_ent) != DB_OK) {
		log_err("enterprise schema: %s", db_errmsg(db));
		return -1;
	}
	return 0;
}

/* -------------------------------------------------------------- registry */

static const struct route enterprise_routes[] = {
	{HTTP_POST, "/api/enterprise", enterprise_create_route, ROUTE_JSON,
	 RB(ROLE_ADMIN) | RB(ROLE_REGULATOR)},
};

/* The enterprise declaration, for import.c and demo.c. */
const struct entity_def *enterprise_entity(void)
{
	return &enterprise_def;
}

/* The enterprise home's notices (mod.h "home"): expired or expiring 标准化
 * certificates in the enterprise's subtree, and contractors whose qualification has
 * expired (安全生产法第四十九条: work only to qualified contractors). */
int enterprise_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w)
{
	if (home_notice_count(c, w, org, today,
			      "SELECT COUNT(*) FROM enterprise WHERE" HOME_ORG
			      " AND standard_grade_expiry IS NOT NULL AND standard_grade_expiry < ?",
			      "standard_expired", "标准化证书已过期", "danger", "/my-enterprise") != 0)
		return -1;
	return home_notice_count(c, w, org, today,
				 "SELECT COUNT(*) FROM contractor WHERE" HOME_ORG
				 " AND qualification_expiry IS NOT NULL AND qualification_expiry < ?",
				 "contractor_expired", "相关方资质已过期", "danger",
				 "/my-enterprise?tab=contractor");
}

/* Registers the declarations of this module and its routes (see mod.h). */
void enterprise_init(void)
{
	for (int i = 0; i < INDUSTRY_SECTIONS; i++) {
		section_opts[i].code = industry_section_code_at(i);
		section_opts[i].label = industry_section_label(industry_section_code_at(i));
	}
	for (int i = 0; i < INDUSTRY_DIVISIONS; i++) {
		division_opts[i].code = industry_division_code_at(i);
		division_opts[i].label = industry_division_label(industry_division_code_at(i));
	}
	entity_register(&enterprise_def);
	entity_register(&body_def);
	entity_register(&member_def);
	entity_register(&change_def);
	entity_register(&outlet_def);
	kind_field.opts = supervision_kind_opts();
	entity_register(&contractor_def);
	router_add(enterprise_routes, ARRAY_SIZE(enterprise_routes));
	import_init();
}
