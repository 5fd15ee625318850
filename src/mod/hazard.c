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
static int hazard_after_write(struct ectx *c, enum entity_action a, int64_t id,
			      const json_t *before, const json_t *after, struct verr *e);
static int dual_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int dual_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e);
static int dual_after_write(struct ectx *c, enum entity_action a, int64_t id,
			    const json_t *before, const json_t *after, struct verr *e);

#define HZ_OVERDUE_EXPR \
	"CASE WHEN t.status IN " HZ_SQL_OPEN " AND t.deadline IS NOT NULL" \
	" AND t.deadline < {today} THEN 1 ELSE 0 END"

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
	{.name = "major_criterion", .label = "重大隐患判定依据", .type = FT_TEXT, .max_len = 300,
	 .group = "隐患登记",
	 .help = "重大隐患须写明所符合的判定标准条款，如：工贸企业重大事故隐患判定标准 第十一条第（三）项"},
	{.name = "category", .label = "隐患类别", .type = FT_ENUM, .opts = category_opts,
	 .flags = F_FILTER | F_LIST, .group = "隐患登记"},
	{.name = "photos_before", .label = "整改前照片", .type = FT_FILES, .group = "隐患登记"},
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
	{.name = "closed_at", .label = "销号日期", .type = FT_DATE,
	 .flags = F_READONLY | F_RANGE | F_SORT, .group = "整改与验收"},
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
	{.name = "dual_reported", .label = "双报告已完成", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER, .group = "挂牌督办",
	 .help = "已向负有安全生产监督管理职责的部门和职工大会（职代会）报告"},
	{.name = "overdue", .label = "已逾期", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST, .expr = HZ_OVERDUE_EXPR},
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

const struct entity_def hazard_def = {
	.name = "hazard", .table = "hazard", .label = "隐患",
	.fields = hazard_fields, .nfields = ARRAY_SIZE(hazard_fields),
	.flags = E_NO_DELETE,
	.write_roles = HZ_REGISTRARS,
	.display_field = "title", .default_sort = "-found_at",
	.indexes = hazard_list_indexes,
	.validate = hazard_validate, .before_write = hazard_before_write,
	.after_write = hazard_after_write,
};

static const struct field_def event_fields[] = {
	{.name = "hazard_id", .label = "隐患", .type = FT_REF, .ref = "hazard",
	 .flags = F_FILTER | F_READONLY},
	{.name = "action", .label = "操作", .type = FT_ENUM, .opts = event_opts,
	 .flags = F_FILTER | F_LIST | F_READONLY},
	{.name = "from_status", .label = "原状态", .type = FT_ENUM, .opts = status_opts,
	 .flags = F_LIST | F_READONLY},
	{.name = "to_status", .label = "新状态", .type = FT_ENUM, .opts = status_opts,
	 .flags = F_LIST | F_READONLY},
	{.name = "user_id", .label = "操作人", .type = FT_REF, .ref = "user",
	 .flags = F_READONLY},
	{.name = "username", .label = "操作人姓名", .type = FT_TEXT, .max_len = 100,
	 .flags = F_LIST | F_READONLY},
	{.name = "at", .label = "时间", .type = FT_DATETIME,
	 .flags = F_LIST | F_SORT | F_RANGE | F_READONLY},
	{.name = "reason", .label = "原因", .type = FT_TEXT, .max_len = 500,
	 .flags = F_LIST | F_READONLY},
	{.name = "note", .label = "说明", .type = FT_LONGTEXT, .flags = F_LIST | F_READONLY},
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

static const struct entity_def ext_def = {
	.name = "hazard_extension", .table = "hazard_extension", .label = "隐患整改延期申请",
	.fields = ext_fields, .nfields = ARRAY_SIZE(ext_fields),
	.flags = E_NO_CREATE | E_NO_UPDATE | E_NO_DELETE,
	.write_roles = RB(ROLE_ADMIN),
	.display_field = "reason", .default_sort = "-id",
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

/* Inputs of the actions that are not columns of the hazard (validated with the same
 * field rules as declared fields). */
static const struct field_def in_reject_reason = {.name = "reason", .label = "退回原因",
	.type = FT_TEXT, .max_len = 500};
static const struct field_def in_dismiss_reason = {.name = "reason", .label = "不予受理原因",
	.type = FT_TEXT, .max_len = 500};
static const struct field_def in_ext_reason = {.name = "reason", .label = "延期原因",
	.type = FT_TEXT, .max_len = 500};
static const struct field_def in_ext_reject = {.name = "reason", .label = "驳回理由",
	.type = FT_TEXT, .max_len = 500};
static const struct field_def in_note = {.name = "note", .label = "说明", .type = FT_TEXT,
	.max_len = 500};
static const struct field_def in_sup_deadline = {.name = "deadline", .label = "督办期限",
	.type = FT_DATE};
static const struct field_def in_sup_note = {.name = "note", .label = "督办要求",
	.type = FT_TEXT, .max_len = 500};
static const struct field_def in_new_deadline = {.name = "new_deadline",
	.label = "延期后的整改期限", .type = FT_DATE};
static const struct field_def in_description = {.name = "description", .label = "隐患描述",
	.type = FT_TEXT, .max_len = 200};
static const struct field_def in_location = {.name = "location", .label = "隐患部位",
	.type = FT_TEXT, .max_len = 200};

/* ------------------------------------------------------------------ helpers */

/* The demo builds a past: when set (demo thread only), the clock of events and
 * action timestamps. NULL in the server. */
_Thread_local const char *hz_clock;

/* Now, "YYYY-MM-DD HH:MM:SS" (Shanghai), and today's date. */
static void hz_now(char out[20])
{
	if (hz_clock)
		snprintf(out, 20, "%.19s", hz_clock);
	else
		time_datetime(now_utc(), out);
}

void hz_today(char out[11])
{
	char now[20];

	hz_now(now);
	memcpy(out, now, 10);
	out[10] = '\0';
}

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
	return hazard_state_label(hazard_state_parse(code));
}

/* 500 internal into e; returns -1. */
static int hz_internal(struct verr *e)
{
	verr_set(e, 500, "internal", "服务器内部错误");
	return -1;
}

/* Refuses every key of body not in allowed (NULL-terminated): 400「未知字段: x」. */
static void hz_body_keys(const json_t *body, const char *const *allowed, struct verr *e)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)body, k, v) {
		int ok = 0;
		for (int i = 0; allowed[i]; i++)
			if (strcmp(k, allowed[i]) == 0)
				ok = 1;
		if (!ok)
			verr_add(e, k, "未知字段: %s", k);
	}
}

/* Validates body[f->name] with the rule of f; required adds「…不能为空」when empty.
 * Returns the normalised value (new reference; JSON null when empty and optional)
 * or NULL on error (in e). */
static json_t *hz_input(const json_t *body, const struct field_def *f, int required,
			struct verr *e)
{
	const json_t *v = json_object_get(body, f->name);
	json_t *norm = NULL;

	if (required && (!v || json_is_null(v) ||
			 (json_is_string(v) && !*json_string_value(v)) ||
			 (json_is_array(v) && json_array_size(v) == 0))) {
		verr_add(e, f->name, "%s不能为空", f->label);
		return NULL;
	}
	if (field_validate(f, v, &norm, e) != 0)
		return NULL;
	if (required && json_is_string(norm) && !*json_string_value(norm)) {
		json_decref(norm);
		verr_add(e, f->name, "%s不能为空", f->label);
		return NULL;
	}
	return norm;
}

/* Days since 1970-01-01 → "YYYY-MM-DD". */
void hz_days_str(int64_t days, char out[11])
{
	time_date((time_t)(days * 86400), out);
}

/* Writes row (stored form of def) as the response body with status: money fields
 * become yuan as the generic API shows them. */
static int hz_send(struct resp *s, const struct entity_def *def, const json_t *row, int status)
{
	json_t *copy = json_deep_copy(row);
	struct jw w;
	char *txt;

	for (size_t i = 0; i < def->nfields; i++) {
		const struct field_def *f = &def->fields[i];
		json_t *v = json_object_get(copy, f->name);
		if (f->type == FT_MONEY && json_is_integer(v))
			json_object_set_new(copy, f->name,
					    json_real((double)json_integer_value(v) / 100.0));
	}
	txt = json_dumps(copy, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(copy);
	if (!txt)
		return http_internal(s);
	s->status = status;
	resp_json(s, &w);
	jw_raw(&w, txt);
	free(txt);
	return status;
}

/* ------------------------------------------------------------ org helpers */

/* The enterprise org a row of org belongs to: org itself when it is an enterprise,
 * else its nearest enterprise ancestor (a unit's company). 0 when none, -1 error. */
static int64_t hz_enterprise_of(struct db *db, int64_t org)
{
	static const char sql[] =
		"SELECT e.id FROM org o JOIN org e ON substr(o.path, 1, length(e.path)) = e.path"
		" WHERE o.id = ? AND e.kind = 'enterprise' ORDER BY length(e.path) DESC LIMIT 1";
	int64_t out = 0;

	if (org <= 0)
		return 0;
	return db_query_int64v(db, sql, &org, 1, &out, 0) ? -1 : out;
}

/* 1 if unit is an internal unit (kind unit) inside enterprise org ent, 0 not, -1 err. */
static int hz_unit_in(struct db *db, int64_t unit, int64_t ent)
{
	static const char sql[] =
		"SELECT COUNT(*) FROM org u JOIN org e ON substr(u.path, 1, length(e.path)) = e.path"
		" WHERE u.id = ? AND e.id = ? AND u.kind = 'unit'";
	int64_t p[2] = { unit, ent }, n = 0;

	return db_query_int64v(db, sql, p, 2, &n, 0) ? -1 : n > 0;
}

/* 1 if user uid is an active enterprise user (manager, principal, staff) of the
 * hazard's enterprise org ent: inside its subtree, or at its group above it (a
 * group's staff rectify in subsidiaries). 0 not, -1 error. */
static int hz_user_of_enterprise(struct db *db, int64_t uid, int64_t ent)
{
	static const char sql[] =
		"SELECT COUNT(*) FROM users u JOIN org uo ON uo.id = u.org_id JOIN org h ON h.id = ?"
		" WHERE u.id = ? AND u.active = 1"
		" AND u.role IN ('ent_manager', 'ent_principal', 'staff')"
		" AND (substr(uo.path, 1, length(h.path)) = h.path"
		" OR substr(h.path, 1, length(uo.path)) = uo.path)";
	int64_t p[2] = { ent, uid }, n = 0;

	return db_query_int64v(db, sql, p, 2, &n, 0) ? -1 : n > 0;
}

/* ------------------------------------------------------------- aggregates */

/* What one hazard row contributes to hazard_stats and hazard_monthly. */
struct hz_agg {
	int64_t org;
	int64_t v[AG_N];
	char found_m[8];	/* "YYYY-MM" or "" */
	char closed_m[8];
};

/* The contribution of row (stored form; NULL = nothing). A dismissed report is not
 * a hazard and counts nowhere (migration 0002: total excludes dismissed). */
static void hz_agg_of(const json_t *row, struct hz_agg *a)
{
	const char *st = row_str(row, "status"), *lv = row_str(row, "level");
	const char *found = row_str(row, "found_at"), *closed = row_str(row, "closed_at");
	const char *dl = row_str(row, "deadline");
	int open;

	memset(a, 0, sizeof(*a));
	if (!row || !st)
		return;
	a->org = row_int(row, "org_id");
	if (strcmp(st, "dismissed") == 0)
		return;
	open = strcmp(st, "closed") != 0;
	a->v[AG_TOTAL] = 1;
	a->v[AG_OPEN_GENERAL] = open && !str_same(lv, "major");
	a->v[AG_OPEN_MAJOR] = open && str_same(lv, "major");
	a->v[AG_REGISTERED] = strcmp(st, "registered") == 0;
	a->v[AG_RECTIFYING] = strcmp(st, "rectifying") == 0;
	a->v[AG_PENDING] = strcmp(st, "pending") == 0;
	a->v[AG_CLOSED] = !open;
	a->v[AG_CLOSED_ON_TIME] = !open && (!dl || !closed || strcmp(closed, dl) <= 0);
	a->v[AG_SUPERVISED_OPEN] = open && row_bool(row, "supervised");
	if (found && strlen(found) >= 7)
		snprintf(a->found_m, sizeof(a->found_m), "%.7s", found);
	if (!open && closed && strlen(closed) >= 7)
		snprintf(a->closed_m, sizeof(a->closed_m), "%.7s", closed);
}

/* Adds d (sign ±1 times the contribution) to org's hazard_stats row. */
static int hz_stats_add(struct db *db, int64_t org, const int64_t d[AG_N], const char *now)
{
	static const char sql[] =
		"INSERT INTO hazard_stats (org_id, total, open_general, open_major, registered,"
		" rectifying, pending, closed, closed_on_time, supervised_open, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE SET"
		" total = hazard_stats.total + excluded.total,"
		" open_general = hazard_stats.open_general + excluded.open_general,"
		" open_major = hazard_stats.open_major + excluded.open_major,"
		" registered = hazard_stats.registered + excluded.registered,"
		" rectifying = hazard_stats.rectifying + excluded.rectifying,"
		" pending = hazard_stats.pending + excluded.pending,"
		" closed = hazard_stats.closed + excluded.closed,"
		" closed_on_time = hazard_stats.closed_on_time + excluded.closed_on_time,"
		" supervised_open = hazard_stats.supervised_open + excluded.supervised_open,"
		" updated_at = excluded.updated_at";
	struct db_stmt *st = db_prepare(db, sql);
	int rc = -1;

	if (!st || db_bind_int64(st, 1, org))
		goto out;
	for (int i = 0; i < AG_N; i++)
		if (db_bind_int64(st, i + 2, d[i]))
			goto out;
	if (db_bind_text(st, AG_N + 2, now) || db_step(st) != DB_DONE)
		goto out;
	rc = 0;
out:
	if (rc)
		log_err("hazard_stats: %s", db_errmsg(db));
	db_finalize(st);
	return rc;
}

/* Adds found/closed to org's hazard_monthly row of month. */
static int hz_monthly_add(struct db *db, int64_t org, const char *month, int64_t found,
			  int64_t closed)
{
	static const char sql[] =
		"INSERT INTO hazard_monthly (org_id, month, found, closed) VALUES (?, ?, ?, ?)"
		" ON CONFLICT (org_id, month) DO UPDATE SET"
		" found = hazard_monthly.found + excluded.found,"
		" closed = hazard_monthly.closed + excluded.closed";
	struct db_stmt *st = db_prepare(db, sql);
	int rc = -1;

	if (!st || db_bind_int64(st, 1, org) || db_bind_text(st, 2, month) ||
	    db_bind_int64(st, 3, found) || db_bind_int64(st, 4, closed) ||
	    db_step(st) != DB_DONE)
		goto out;
	rc = 0;
out:
	if (rc)
		log_err("hazard_monthly: %s", db_errmsg(db));
	db_finalize(st);
	return rc;
}

/* Moves the aggregates from what before contributed to what after contributes
 * (either may be NULL), inside the caller's transaction. 0 ok, -1 error. */
static int hz_agg_apply(struct db *db, const json_t *before, const json_t *after)
{
	struct hz_agg b, a;
	struct { int64_t org; const char *m; int64_t f, c; } mv[4];
	int64_t d[AG_N];
	char now[20];
	int nz = 0, n = 0;

	time_datetime(now_utc(), now);
	hz_agg_of(before, &b);
	hz_agg_of(after, &a);
	if (b.org == a.org) {
		for (int i = 0; i < AG_N; i++)
			nz |= (d[i] = a.v[i] - b.v[i]) != 0;
		if (nz && hz_stats_add(db, a.org, d, now))
			return -1;
	} else {
		for (int i = 0; i < AG_N; i++)
			d[i] = -b.v[i];
		if (b.org && hz_stats_add(db, b.org, d, now))
			return -1;
		if (a.org && hz_stats_add(db, a.org, a.v, now))
			return -1;
	}
	/* month moves, merged where they cancel */
	{
		const struct hz_agg *src[2] = { &b, &a };
		for (int k = 0; k < 2; k++) {
			int64_t sign = k ? 1 : -1;
			const char *ms[2] = { src[k]->found_m, src[k]->closed_m };
			for (int j = 0; j < 2; j++) {
				int i;
				if (!src[k]->org || !ms[j][0])
					continue;
				for (i = 0; i < n; i++)
					if (mv[i].org == src[k]->org && strcmp(mv[i].m, ms[j]) == 0)
						break;
				if (i == n) {
					mv[n].org = src[k]->org;
					mv[n].m = ms[j];
					mv[n].f = mv[n].c = 0;
					n++;
				}
				if (j == 0)
					mv[i].f += sign;
				else
					mv[i].c += sign;
			}
		}
	}
	for (int i = 0; i < n; i++)
		if ((mv[i].f || mv[i].c) && hz_monthly_add(db, mv[i].org, mv[i].m, mv[i].f, mv[i].c))
			return -1;
	return 0;
}

/* Rebuilds both aggregate tables (see hazard.h). */
int hazard_stats_recompute(struct db *db)
{
	static const char *const sql[] = {
		"DELETE FROM hazard_stats",
		"INSERT INTO hazard_stats (org_id, total, open_general, open_major, registered,"
		" rectifying, pending, closed, closed_on_time, supervised_open, updated_at)"
		" SELECT org_id, COUNT(*),"
		" SUM(CASE WHEN status <> 'closed' AND level <> 'major' THEN 1 ELSE 0 END),"
		" SUM(CASE WHEN status <> 'closed' AND level = 'major' THEN 1 ELSE 0 END),"
		" SUM(CASE WHEN status = 'registered' THEN 1 ELSE 0 END),"
		" SUM(CASE WHEN status = 'rectifying' THEN 1 ELSE 0 END),"
		" SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END),"
		" SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END),"
		" SUM(CASE WHEN status = 'closed' AND (deadline IS NULL OR closed_at IS NULL"
		" OR closed_at <= deadline) THEN 1 ELSE 0 END),"
		" SUM(CASE WHEN status <> 'closed' AND supervised = 1 THEN 1 ELSE 0 END), ?"
		" FROM hazard WHERE status <> 'dismissed' GROUP BY org_id",
		"DELETE FROM hazard_monthly",
		"INSERT INTO hazard_monthly (org_id, month, found, closed)"
		" SELECT org_id, m, SUM(f), SUM(c) FROM ("
		" SELECT org_id, substr(found_at, 1, 7) AS m, 1 AS f, 0 AS c FROM hazard"
		" WHERE status <> 'dismissed' AND found_at IS NOT NULL"
		" UNION ALL SELECT org_id, substr(closed_at, 1, 7), 0, 1 FROM hazard"
		" WHERE status = 'closed' AND closed_at IS NOT NULL) x GROUP BY org_id, m",
	};
	struct db_stmt *st = NULL;
	char now[20];
	int rc = -1;

	time_datetime(now_utc(), now);
	if (db_begin(db) != 0)
		goto out;
	for (size_t i = 0; i < ARRAY_SIZE(sql); i++) {
		st = db_prepare(db, sql[i]);
		if (!st || (i == 1 && db_bind_text(st, 1, now)) || db_step(st) != DB_DONE)
			goto out;
		db_finalize(st);
		st = NULL;
	}
	if (db_commit(db) != 0)
		goto out;
	rc = 0;
out:
	if (rc) {
		log_err("hazard_stats_recompute: %s", db_errmsg(db));
		db_rollback(db);
	}
	db_finalize(st);
	return rc;
}

/* --------------------------------------------------------------- timeline */

/* Appends a timeline event of hazard row (stored form) inside the transaction. */
static int hz_event(struct ectx *c, const json_t *row, const char *action, const char *from,
		    const char *to, const char *reason, const char *note)
{
	static const char sql[] =
		"INSERT INTO hazard_event (org_id, created_at, updated_at, created_by, updated_by,"
		" hazard_id, action, from_status, to_status, user_id, username, at, reason, note)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(c->db, sql);
	char now[20], real[20];
	int rc = -1;
	const char *who = c->user ? (c->user->name && *c->user->name ? c->user->name :
				     c->user->username) : "系统";

	hz_now(now);
	time_datetime(now_utc(), real);
	if (!st || db_bind_int64(st, 1, row_int(row, "org_id")) || db_bind_text(st, 2, real) ||
	    db_bind_text(st, 3, real))
		goto out;
	for (int i = 4; i <= 5; i++)
		if ((c->user ? db_bind_int64(st, i, c->user->id) : db_bind_null(st, i)))
			goto out;
	if (db_bind_int64(st, 6, row_int(row, "id")) || db_bind_text(st, 7, action) ||
	    db_bind_text(st, 8, from) || db_bind_text(st, 9, to) ||
	    (c->user ? db_bind_int64(st, 10, c->user->id) : db_bind_null(st, 10)) ||
	    db_bind_text(st, 11, who) || db_bind_text(st, 12, now) ||
	    db_bind_text(st, 13, reason) || db_bind_text(st, 14, note) ||
	    db_step(st) != DB_DONE)
		goto out;
	rc = 0;
out:
	if (rc)
		log_err("hazard_event: %s", db_errmsg(c->db));
	db_finalize(st);
	return rc;
}

/* ------------------------------------------------------------- row writes */

/* UPDATE table SET <set's keys> WHERE id = ? [AND status = expect]. The keys are
 * declared stored fields of def (checked; never request text). Returns 1 when the
 * row was updated, 0 when it no longer has status expect (a concurrent action won),
 * -1 on error. */
static int hz_write(struct ectx *c, const struct entity_def *def, int64_t id,
		    const char *expect, const json_t *set)
{
	struct buf sql;
	struct db_stmt *st = NULL;
	const char *k;
	json_t *v;
	char now[20];
	int idx = 1, rc = -1;

	time_datetime(now_utc(), now);
	buf_init(&sql, 1 << 14);
	buf_printf(&sql, "UPDATE %s SET updated_at = ?, updated_by = ?", def->table);
	json_object_foreach((json_t *)set, k, v) {
		const struct field_def *f = entity_field(def, k);
		if (!f || f->expr)
			BUG("hz_write: not a stored field");
		buf_printf(&sql, ", %s = ?", f->name);
	}
	buf_puts(&sql, " WHERE id = ?");
	if (expect)
		buf_puts(&sql, " AND status = ?");
	if (buf_failed(&sql))
		goto out;
	st = db_prepare(c->db, buf_str(&sql));
	if (!st || db_bind_text(st, idx++, now) ||
	    (c->user ? db_bind_int64(st, idx, c->user->id) : db_bind_null(st, idx)))
		goto out;
	idx++;
	json_object_foreach((json_t *)set, k, v)
		if (entity_bind(st, idx++, v))
			goto out;
	if (db_bind_int64(st, idx++, id) || (expect && db_bind_text(st, idx++, expect)))
		goto out;
	if (db_step(st) != DB_DONE)
		goto out;
	rc = db_changes(st) > 0 ? 1 : 0;
out:
	if (rc < 0)
		log_err("hazard write: %s", db_errmsg(c->db));
	db_finalize(st);
	buf_release(&sql);
	return rc;
}

/* ------------------------------------------------------------------ hooks */

/* Cross-field rules of the register (安全生产法 第四十一条: 如实记录): a major
 * hazard names the 判定标准 item it meets (e.g. 工贸企业重大事故隐患判定标准 第十一条
 * 第（三）项); a hazard cannot be found in the future. */
static int hazard_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *found = row_str(obj, "found_at");
	char today[11];

	hz_today(today);
	if (str_same(row_str(obj, "level"), "major") && !row_str(obj, "major_criterion"))
		verr_add(e, "major_criterion", "重大隐患须填写所符合的重大事故隐患判定标准条款");
	if (found && strcmp(found, today) > 0)
		verr_add(e, "found_at", "发现日期不能晚于今天");
	return 0;
}

/* The plan fields (五落实) are written by the assign action only. */
static const char *const hz_plan_fields[] = {
	"plan_responsible_id", "plan_measures", "plan_funds", "plan_deadline", "plan_contingency",
	NULL
};

/* Register and edit rules. Create: the row belongs to the enterprise of the chosen
 * org (a unit's company; the unit goes to unit_id), starts 已登记 with the server
 * fields cleared, found_by defaults to the caller; a regulator's registration is a
 * 监管检查. Update (generic PUT): only while 已登记 (after 下达整改 the record is the
 * basis of the plan and is changed only by the actions), by managers, the regulator
 * or the finder; never the enterprise, the plan, or the level of a supervised
 * hazard. */
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
		const char *st = row_str(old, "status");
		if (!str_same(st, "registered")) {
			verr_set(e, 409, "bad_state",
				 arena_printf(e->arena, "隐患当前状态为%s，不能修改登记信息",
					      hz_state_label(st)));
			return -1;
		}
		if (!hz_role(c, HZ_MANAGERS | RB(ROLE_REGULATOR)) &&
		    !(c->user && row_int(old, "found_by") == c->user->id)) {
			verr_set(e, 403, "forbidden", "无权修改该隐患");
			return -1;
		}
		json_object_set(obj, "org_id", json_object_get(old, "org_id"));
		json_object_set(obj, "status", json_object_get(old, "status"));
		if (row_bool(old, "supervised") && !str_same(row_str(obj, "level"), "major")) {
			verr_add(e, "level", "已挂牌督办的重大隐患不能改为一般隐患");
			return -1;
		}
		ent = row_int(old, "org_id");
	} else {
		org = row_int(obj, "org_id");
		ent = hz_enterprise_of(c->db, org);
		if (ent < 0)
			return hz_internal(e);
		if (!ent) {
			verr_add(e, "org_id", "请选择隐患所属企业");
			return -1;
		}
		if (ent != org && !row_int(obj, "unit_id")) {
			r = hz_unit_in(c->db, org, ent);
			if (r < 0)
				return hz_internal(e);
			if (r)
				json_object_set_new(obj, "unit_id", json_integer(org));
		}
		json_object_set_new(obj, "org_id", json_integer(ent));
		if (c->user && c->user->role == ROLE_REGULATOR) {
			if (!row_str(obj, "source"))
				json_object_set_new(obj, "source", json_string("regulator_check"));
			else if (!str_same(row_str(obj, "source"), "regulator_check")) {
				verr_add(e, "source", "监管部门登记的隐患来源须为“监管检查”");
				return -1;
			}
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
		json_object_set_new(obj, "status", json_string("registered"));
	}
	unit = row_int(obj, "unit_id");
	if (unit && !(old && unit == row_int(old, "unit_id"))) {
		r = hz_unit_in(c->db, unit, ent);
		if (r < 0)
			return hz_internal(e);
		if (!r) {
			verr_add(e, "unit_id", "所在车间/班组须为本企业的内部单位");
			return -1;
		}
	}
	return 0;
}

/* After the row is written: the aggregates follow (registration counts as found in
 * the month of found_at), and a registration opens the timeline. */
static int hazard_after_write(struct ectx *c, enum entity_action a, int64_t id,
			      const json_t *before, const json_t *after, struct verr *e)
{
	if (a == EA_DELETE)
		return 0;
	if (hz_agg_apply(c->db, before, after) != 0)
		return hz_internal(e);
	if (a == EA_CREATE &&
	    hz_event(c, after, "register", NULL, "registered", NULL, row_str(after, "title")) != 0)
		return hz_internal(e);
	return 0;
}

/* 双报告 (安全生产法 第四十一条第二款): only a major hazard has one; dates are not in
 * the future; a dated report to the department names the department. */
static int dual_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	json_t *hz = NULL;
	char today[11];
	const char *d1 = row_str(obj, "to_department_date"), *d2 = row_str(obj, "to_congress_date");

	hz_today(today);
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

/* Keeps hazard.dual_reported (both reports dated) and notes the report in the
 * hazard's timeline. */
static int dual_after_write(struct ectx *c, enum entity_action a, int64_t id,
			    const json_t *before, const json_t *after, struct verr *e)
{
	int64_t hid = row_int(after, "hazard_id");
	int done = row_str(after, "to_department_date") && row_str(after, "to_congress_date");
	json_t *hz = NULL, *set = NULL;
	const char *note;
	int rc = -1;

	if (a == EA_DELETE)
		return 0;
	hz = entity_get(c, &hazard_def, hid);
	if (!hz)
		return hz_internal(e);
	set = json_pack("{s:b}", "dual_reported", done);
	if (hz_write(c, &hazard_def, hid, NULL, set) < 0)
		goto out;
	note = arena_printf(c->arena, "报告监管部门：%s%s%s；报告职工大会（职代会）：%s",
			    row_str(after, "to_department_date") ? row_str(after, "to_department_date") : "未报告",
			    row_str(after, "to_department_name") ? " " : "",
			    row_str(after, "to_department_name") ? row_str(after, "to_department_name") : "",
			    row_str(after, "to_congress_date") ? row_str(after, "to_congress_date") : "未报告");
	if (hz_event(c, hz, "dual_report", row_str(hz, "status"), row_str(hz, "status"), NULL, note))
		goto out;
	rc = 0;
out:
	json_decref(hz);
	json_decref(set);
	return rc ? hz_internal(e) : 0;
}

/* ------------------------------------------------------------ the closed loop */

/* The verbs of POST /api/hazard/:id/<verb>. */
static const char *const verb_codes[] = {
	"assign", "submit", "verify", "reject", "dismiss", "supervise", "extend"
};
static const char *const verb_labels[] = {
	"下达整改", "提交验收", "验收销号", "验收不通过", "不予受理", "挂牌督办", "申请延期"
};

/* Who may do verb on row (the closed loop's separation of duties):
 *   assign, dismiss: the enterprise's manager or principal (企业主体责任);
 *   submit, extend: the responsible person of the plan (五落实: 责任落实) or the
 *     safety manager;
 *   verify, reject: managers, the principal or the regulator (验收), never the
 *     rectifier (checked apart, hazard_verifier_ok);
 *   supervise: the regulator (挂牌督办 is a regulator's measure, seeds/003 item 22).
 * The administrator may do what managers may. */
static int hz_may(const struct ectx *c, enum hz_verb v, const json_t *row)
{
	int responsible = c->user && row_int(row, "plan_responsible_id") == c->user->id;

	switch (v) {
	case V_ASSIGN:
	case V_DISMISS:
		return hz_role(c, HZ_MANAGERS);
	case V_SUBMIT:
	case V_EXTEND:
		return responsible || hz_role(c, RB(ROLE_ENT_MANAGER));
	case V_VERIFY:
	case V_REJECT:
		return hz_role(c, HZ_VERIFIERS);
	case V_SUPERVISE:
		return hz_role(c, RB(ROLE_REGULATOR) | RB(ROLE_ADMIN));
	}
	return 0;
}

/* The hazard action of a verb of the state machine (HA_NONE for the others). */
static enum hazard_action hz_loop_action(enum hz_verb v)
{
	switch (v) {
	case V_ASSIGN: return HA_ASSIGN;
	case V_SUBMIT: return HA_SUBMIT;
	case V_VERIFY: return HA_VERIFY;
	case V_REJECT: return HA_REJECT;
	case V_DISMISS: return HA_DISMISS;
	default: return HA_NONE;
	}
}

/* 409 bad_state naming the current state:「隐患当前状态为已销号，不能提交验收」. */
static int hz_bad_state(struct verr *e, const char *status, enum hz_verb v)
{
	verr_set(e, 409, "bad_state",
		 arena_printf(e->arena, "隐患当前状态为%s，不能%s", hz_state_label(status),
			      verb_labels[v]));
	return -1;
}

/* Validates the body of verb against row and fills set (the columns to write),
 * *reason and *note (event text, arena or row strings). 0 ok, -1 with e. */
static int hz_body(struct ectx *c, enum hz_verb v, const json_t *row, const json_t *body,
		   json_t *set, const char **reason, const char **note, struct verr *e)
{
	static const char *const k_assign[] = { "plan_responsible_id", "plan_measures",
		"plan_funds", "plan_deadline", "plan_contingency", NULL };
	static const char *const k_submit[] = { "rectify_note", "photos_after", NULL };
	static const char *const k_note[] = { "note", NULL };
	static const char *const k_reason[] = { "reason", NULL };
	static const char *const k_super[] = { "deadline", "note", NULL };
	char now[20], today[11];
	json_t *x;
	const char *s;
	int r;

	hz_now(now);
	hz_today(today);
	switch (v) {
	case V_ASSIGN:
		hz_body_keys(body, k_assign, e);
		for (int i = 0; k_assign[i]; i++) {
			x = hz_input(body, entity_field(&hazard_def, k_assign[i]), 1, e);
			if (x)
				json_object_set_new(set, k_assign[i], x);
		}
		if (e->status)
			return -1;
		s = row_str(set, "plan_deadline");
		if (row_str(row, "found_at") && strcmp(s, row_str(row, "found_at")) < 0)
			verr_add(e, "plan_deadline", "整改期限不能早于发现日期");
		r = hz_user_of_enterprise(c->db, row_int(set, "plan_responsible_id"), row_int(row, "org_id"));
		if (r < 0)
			return hz_internal(e);
		if (!r)
			verr_add(e, "plan_responsible_id", "整改责任人须为本企业人员");
		if (e->status)
			return -1;
		json_object_set_new(set, "deadline", json_string(s));
		json_object_set_new(set, "reject_reason", json_null());
		*note = arena_printf(c->arena, "整改期限 %s", s);
		return 0;
	case V_SUBMIT:
		hz_body_keys(body, k_submit, e);
		if ((x = hz_input(body, entity_field(&hazard_def, "rectify_note"), 1, e)))
			json_object_set_new(set, "rectify_note", x);
		if ((x = hz_input(body, entity_field(&hazard_def, "photos_after"), 0, e))) {
			for (size_t i = 0; json_is_array(x) && i < json_array_size(x); i++) {
				r = files_visible(c, json_integer_value(json_array_get(x, i)));
				if (r < 0) {
					json_decref(x);
					return hz_internal(e);
				}
				if (!r) {
					verr_add(e, "photos_after", "所选整改后照片不存在");
					break;
				}
			}
			if (json_is_null(x))
				json_decref(x);	/* absent: the photos of an earlier submission stay */
			else
				json_object_set_new(set, "photos_after", x);
		}
		if (e->status)
			return -1;
		json_object_set_new(set, "rectifier_id",
				    c->user ? json_integer(c->user->id) : json_null());
		json_object_set_new(set, "rectified_at", json_string(now));
		*note = row_str(set, "rectify_note");
		return 0;
	case V_VERIFY:
		hz_body_keys(body, k_note, e);
		x = hz_input(body, &in_note, 0, e);
		if (e->status) {
			json_decref(x);
			return -1;
		}
		*note = x && json_is_string(x) ? arena_strdup(c->arena, json_string_value(x)) : NULL;
		json_decref(x);
		json_object_set_new(set, "verifier_id",
				    c->user ? json_integer(c->user->id) : json_null());
		json_object_set_new(set, "verified_at", json_string(now));
		json_object_set_new(set, "closed_at", json_string(today));
		return 0;
	case V_REJECT:
	case V_DISMISS:
		hz_body_keys(body, k_reason, e);
		x = hz_input(body, v == V_REJECT ? &in_reject_reason : &in_dismiss_reason, 1, e);
		if (!x)
			return -1;
		*reason = arena_strdup(c->arena, json_string_value(x));
		json_object_set_new(set, "reject_reason", x);
		return 0;
	case V_SUPERVISE:
		hz_body_keys(body, k_super, e);
		x = hz_input(body, &in_sup_deadline, 1, e);
		if (x && strcmp(json_string_value(x), today) < 0)
			verr_add(e, "deadline", "督办期限不能早于今天");
		if (x)
			json_object_set_new(set, "supervise_deadline", x);
		x = hz_input(body, &in_sup_note, 0, e);
		if (x)
			json_object_set_new(set, "supervise_note", x);
		if (e->status)
			return -1;
		json_object_set_new(set, "supervised", json_true());
		json_object_set_new(set, "supervise_org_id",
				    c->user ? json_integer(c->user->org_id) : json_null());
		json_object_set_new(set, "supervise_at", json_string(today));
		*note = arena_printf(c->arena, "督办期限 %s%s%s", row_str(set, "supervise_deadline"),
				     row_str(set, "supervise_note") ? "；" : "",
				     row_str(set, "supervise_note") ? row_str(set, "supervise_note") : "");
		return 0;
	case V_EXTEND:
		break;
	}
	return hz_internal(e);
}

/* Loads hazard id for an action by c: 404 when missing or out of scope (the same
 * answer, DESIGN.md §3). New reference or NULL. */
static json_t *hz_load(struct ectx *c, int64_t id, struct verr *e)
{
	json_t *row = id > 0 ? entity_get(c, &hazard_def, id) : NULL;

	if (!row)
		verr_set(e, 404, "not_found", "记录不存在");
	return row;
}

/* One action of the closed loop or supervise, inside the caller's transaction:
 * scope (404) → role (403) → state (409) → body (400) → write guarded by the state
 * read → aggregates → timeline → audit. On success *out (if given) gets the row as
 * written (new reference). 0 ok, -1 with e filled. */
int hz_act(struct ectx *c, int64_t id, enum hz_verb v, const json_t *body,
	   json_t **out, struct verr *e)
{
	json_t *row = NULL, *after = NULL, *set = json_object();
	const char *status, *reason = NULL, *note = NULL, *to;
	enum hazard_action ha = hz_loop_action(v);
	int rc = -1, w;

	if (!(row = hz_load(c, id, e)))
		goto out;
	status = row_str(row, "status");
	if (!hz_may(c, v, row)) {
		verr_set(e, 403, "forbidden",
			 arena_printf(e->arena, "无权%s", verb_labels[v]));
		goto out;
	}
	if (ha != HA_NONE) {
		enum hazard_state next = hazard_next(hazard_state_parse(status), ha);
		if (next == HZ_NONE) {
			hz_bad_state(e, status, v);
			goto out;
		}
		to = hazard_state_code(next);
	} else {
		/* 挂牌督办: a major hazard that is still open */
		if (!str_same(row_str(row, "level"), "major")) {
			verr_set(e, 409, "not_major", "仅重大事故隐患可以挂牌督办");
			goto out;
		}
		if (str_same(status, "closed") || str_same(status, "dismissed")) {
			hz_bad_state(e, status, v);
			goto out;
		}
		to = status;
	}
	/* 验收人不能是整改人 (separation of duties of the closed loop) */
	if (v == V_VERIFY && c->user &&
	    !hazard_verifier_ok(c->user->id, row_int(row, "rectifier_id"))) {
		verr_set(e, 403, "forbidden", "验收人不能是整改人");
		goto out;
	}
	if (hz_body(c, v, row, body, set, &reason, &note, e) != 0)
		goto out;
	json_object_set_new(set, "status", json_string(to));
	w = hz_write(c, &hazard_def, id, status, set);
	if (w < 0) {
		hz_internal(e);
		goto out;
	}
	if (w == 0) {
		verr_set(e, 409, "bad_state", "隐患状态已被他人更新，请刷新后重试");
		goto out;
	}
	after = json_deep_copy(row);
	json_object_update(after, set);
	if (hz_agg_apply(c->db, row, after) != 0 ||
	    hz_event(c, after, verb_codes[v], status, to, reason, note) != 0 ||
	    audit_write(c, "hazard", id, verb_codes[v], row, after) != 0) {
		hz_internal(e);
		goto out;
	}
	if (out) {
		*out = after;
		after = NULL;
	}
	rc = 0;
out:
	json_decref(row);
	json_decref(after);
	json_decref(set);
	return rc;
}

/* ------------------------------------------------------------- extensions */

/* 延期申请: the responsible person or the manager asks, with a reason, for a later
 * deadline of a hazard being rectified; one pending request at a time. Returns the
 * extension id, -1 with e. Inside the caller's transaction. */
int64_t hz_extend(struct ectx *c, int64_t id, const json_t *body, struct verr *e)
{
	static const char *const keys[] = { "new_deadline", "reason", NULL };
	static const char sql[] =
		"INSERT INTO hazard_extension (org_id, created_at, updated_at, created_by,"
		" updated_by, hazard_id, old_deadline, new_deadline, reason, status, requested_by,"
		" requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) RETURNING id";
	json_t *row = NULL, *nd = NULL, *rs = NULL, *ext = NULL;
	struct db_stmt *st = NULL;
	const char *status, *old;
	char now[20], real[20];
	int64_t n = 0, xid = -1;

	if (!(row = hz_load(c, id, e)))
		goto out;
	status = row_str(row, "status");
	if (!hz_may(c, V_EXTEND, row)) {
		verr_set(e, 403, "forbidden", "无权申请延期");
		goto out;
	}
	if (!str_same(status, "rectifying")) {
		hz_bad_state(e, status, V_EXTEND);
		goto out;
	}
	hz_body_keys(body, keys, e);
	nd = hz_input(body, &in_new_deadline, 1, e);
	rs = hz_input(body, &in_ext_reason, 1, e);
	if (e->status)
		goto out;
	old = row_str(row, "deadline");
	if (old && strcmp(json_string_value(nd), old) <= 0) {
		verr_add(e, "new_deadline", "延期后的整改期限须晚于现行整改期限");
		goto out;
	}
	if (db_query_int64v(c->db, "SELECT COUNT(*) FROM hazard_extension WHERE hazard_id = ?"
		     " AND status = 'pending'", &id, 1, &n, 0) != 0) {
		hz_internal(e);
		goto out;
	}
	if (n) {
		verr_set(e, 409, "conflict", "该隐患已有待审批的延期申请");
		goto out;
	}
	hz_now(now);
	time_datetime(now_utc(), real);
	st = db_prepare(c->db, sql);
	if (!st || db_bind_int64(st, 1, row_int(row, "org_id")) || db_bind_text(st, 2, real) ||
	    db_bind_text(st, 3, real) ||
	    (c->user ? db_bind_int64(st, 4, c->user->id) : db_bind_null(st, 4)) ||
	    (c->user ? db_bind_int64(st, 5, c->user->id) : db_bind_null(st, 5)) ||
	    db_bind_int64(st, 6, id) || db_bind_text(st, 7, old) ||
	    db_bind_text(st, 8, json_string_value(nd)) || db_bind_text(st, 9, json_string_value(rs)) ||
	    (c->user ? db_bind_int64(st, 10, c->user->id) : db_bind_null(st, 10)) ||
	    db_bind_text(st, 11, now) || db_step(st) != DB_ROW) {
		log_err("hazard_extension: %s", db_errmsg(c->db));
		hz_internal(e);
		goto out;
	}
	xid = db_col_int64(st, 0);
	while (db_step(st) == DB_ROW)
		;
	ext = json_pack("{s:I, s:I, s:s?, s:s, s:s}", "id", (json_int_t)xid, "org_id",
			(json_int_t)row_int(row, "org_id"), "old_deadline", old,
			"new_deadline", json_string_value(nd), "reason", json_string_value(rs));
	if (hz_event(c, row, "extend", status, status, json_string_value(rs),
		     arena_printf(c->arena, "申请将整改期限由 %s 延至 %s", old ? old : "（无）",
				  json_string_value(nd))) != 0 ||
	    audit_write(c, "hazard_extension", xid, "create", NULL, ext) != 0) {
		hz_internal(e);
		xid = -1;
	}
out:
	db_finalize(st);
	json_decref(row);
	json_decref(nd);
	json_decref(rs);
	json_decref(ext);
	return xid;
}

/* Decides extension xid (approve or reject) inside the caller's transaction. Who
 * decides: for a general hazard the enterprise's manager or principal, for a major
 * hazard the supervising regulator (issue 3: 延期须经企业负责人批准，重大隐患由监管
 * 部门批准); the administrator may decide either; nobody decides their own request.
 * Approval moves hazard.deadline. 0 ok, -1 with e. */
static int hz_ext_decide(struct ectx *c, int64_t xid, int approve, const json_t *body,
			 struct verr *e)
{
	static const char *const k_note[] = { "note", NULL };
	static const char *const k_reason[] = { "reason", NULL };
	json_t *ext = NULL, *hz = NULL, *set = NULL, *after = NULL, *x = NULL, *hset = NULL;
	const char *hst, *text = NULL;
	char now[20];
	int rc = -1, w;
	unsigned mask;

	if (!(ext = xid > 0 ? entity_get(c, &ext_def, xid) : NULL) ||
	    !(hz = entity_get(c, &hazard_def, row_int(ext, "hazard_id")))) {
		verr_set(e, 404, "not_found", "记录不存在");
		goto out;
	}
	mask = str_same(row_str(hz, "level"), "major") ? RB(ROLE_REGULATOR) | RB(ROLE_ADMIN) :
		HZ_MANAGERS;
	if (!hz_role(c, mask)) {
		verr_set(e, 403, "forbidden", str_same(row_str(hz, "level"), "major") ?
			 "重大隐患的延期须由监管部门审批" : "无权审批延期申请");
		goto out;
	}
	if (c->user && row_int(ext, "requested_by") == c->user->id) {
		verr_set(e, 403, "forbidden", "不能审批本人提出的延期申请");
		goto out;
	}
	if (!str_same(row_str(ext, "status"), "pending")) {
		verr_set(e, 409, "bad_state", "该延期申请已审批");
		goto out;
	}
	hst = row_str(hz, "status");
	if (approve && !(str_same(hst, "rectifying") || str_same(hst, "pending"))) {
		hz_bad_state(e, hst, V_EXTEND);
		goto out;
	}
	hz_body_keys(body, approve ? k_note : k_reason, e);
	x = hz_input(body, approve ? &in_note : &in_ext_reject, !approve, e);
	if (e->status)
		goto out;
	text = json_is_string(x) ? json_string_value(x) : NULL;
	hz_now(now);
	set = json_pack("{s:s, s:o, s:s, s:s?}", "status", approve ? "approved" : "rejected",
			"decided_by", c->user ? json_integer(c->user->id) : json_null(),
			"decided_at", now, "decision_note", text);
	w = hz_write(c, &ext_def, xid, "pending", set);
	if (w <= 0) {
		if (w == 0)
			verr_set(e, 409, "bad_state", "该延期申请已审批");
		else
			hz_internal(e);
		goto out;
	}
	after = json_deep_copy(ext);
	json_object_update(after, set);
	if (audit_write(c, "hazard_extension", xid, approve ? "approve" : "reject", ext, after))
		goto internal;
	if (approve) {
		json_t *hafter;
		hset = json_pack("{s:s}", "deadline", row_str(ext, "new_deadline"));
		w = hz_write(c, &hazard_def, row_int(hz, "id"), hst, hset);
		if (w < 0)
			goto internal;
		if (w == 0) {
			verr_set(e, 409, "bad_state", "隐患状态已被他人更新，请刷新后重试");
			goto out;
		}
		hafter = json_deep_copy(hz);
		json_object_update(hafter, hset);
		w = hz_agg_apply(c->db, hz, hafter) || audit_write(c, "hazard", row_int(hz, "id"),
								"extend_approve", hz, hafter);
		json_decref(hafter);
		if (w)
			goto internal;
	}
	if (hz_event(c, hz, approve ? "extend_approve" : "extend_reject", hst, hst,
		     approve ? NULL : text,
		     approve ? arena_printf(c->arena, "整改期限由 %s 延至 %s%s%s",
					    row_str(ext, "old_deadline") ? row_str(ext, "old_deadline") : "（无）",
					    row_str(ext, "new_deadline"), text ? "；" : "", text ? text : "")
			     : NULL) != 0)
		goto internal;
	rc = 0;
	goto out;
internal:
	hz_internal(e);
out:
	json_decref(ext);
	json_decref(hz);
	json_decref(set);
	json_decref(after);
	json_decref(x);
	json_decref(hset);
	return rc;
}

/* ------------------------------------------------------------------ handlers */

/* The id of the first path parameter; 0 when not a positive decimal. */
static int64_t hz_param_id(struct req *r)
{
	const char *s = r->nparams > 0 ? r->params[0] : NULL;
	int64_t v = 0;

	if (!s || !*s || *s == '0')
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10)
			return 0;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* Runs fn's work in one transaction: commit on success, roll back otherwise. */
static int hz_tx_begin(struct ectx *c, struct verr *e)
{
	if (db_begin(c->db) != 0) {
		log_err("hazard begin: %s", db_errmsg(c->db));
		return hz_internal(e);
	}
	return 0;
}

static int hz_tx_end(struct ectx *c, int ok, struct verr *e)
{
	if (ok && db_commit(c->db) == 0)
		return 0;
	if (ok) {
		log_err("hazard commit: %s", db_errmsg(c->db));
		hz_internal(e);
	}
	db_rollback(c->db);
	return -1;
}

/* POST /api/hazard/:id/<verb> for the verbs of hz_act. */
static int hz_h_act(struct req *r, struct resp *s, enum hz_verb v)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	struct verr e;
	json_t *row = NULL;
	int rc;

	verr_init(&e, &r->arena);
	if (hz_tx_begin(&c, &e) != 0)
		return verr_send(&e, s);
	rc = hz_act(&c, hz_param_id(r), v, r->json, &row, &e);
	if (hz_tx_end(&c, rc == 0, &e) != 0) {
		json_decref(row);
		return verr_send(&e, s);
	}
	json_decref(row);
	row = entity_get(&c, &hazard_def, hz_param_id(r));
	rc = row ? hz_send(s, &hazard_def, row, 200) : http_internal(s);
	json_decref(row);
	return rc;
}

static int hz_h_assign(struct req *r, struct resp *s) { return hz_h_act(r, s, V_ASSIGN); }
static int hz_h_submit(struct req *r, struct resp *s) { return hz_h_act(r, s, V_SUBMIT); }
static int hz_h_verify(struct req *r, struct resp *s) { return hz_h_act(r, s, V_VERIFY); }
static int hz_h_reject(struct req *r, struct resp *s) { return hz_h_act(r, s, V_REJECT); }
static int hz_h_dismiss(struct req *r, struct resp *s) { return hz_h_act(r, s, V_DISMISS); }
static int hz_h_supervise(struct req *r, struct resp *s) { return hz_h_act(r, s, V_SUPERVISE); }

/* POST /api/hazard/:id/extend → 201 the extension request. */
static int hz_h_extend(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	struct verr e;
	json_t *row;
	int64_t xid;
	int rc;

	verr_init(&e, &r->arena);
	if (hz_tx_begin(&c, &e) != 0)
		return verr_send(&e, s);
	xid = hz_extend(&c, hz_param_id(r), r->json, &e);
	if (hz_tx_end(&c, xid > 0, &e) != 0)
		return verr_send(&e, s);
	row = entity_get(&c, &ext_def, xid);
	rc = row ? hz_send(s, &ext_def, row, 201) : http_internal(s);
	json_decref(row);
	return rc;
}

/* POST /api/hazard_extension/:id/approve and /reject. */
static int hz_h_decide(struct req *r, struct resp *s, int approve)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	struct verr e;
	json_t *row;
	int rc;

	verr_init(&e, &r->arena);
	if (hz_tx_begin(&c, &e) != 0)
		return verr_send(&e, s);
	rc = hz_ext_decide(&c, hz_param_id(r), approve, r->json, &e);
	if (hz_tx_end(&c, rc == 0, &e) != 0)
		return verr_send(&e, s);
	row = entity_get(&c, &ext_def, hz_param_id(r));
	rc = row ? hz_send(s, &ext_def, row, 200) : http_internal(s);
	json_decref(row);
	return rc;
}

static int hz_h_approve(struct req *r, struct resp *s) { return hz_h_decide(r, s, 1); }
static int hz_h_ext_reject(struct req *r, struct resp *s) { return hz_h_decide(r, s, 0); }

/* Registers the employee quick report (随手拍, seeds/004 item 14: 全员参与) as a
 * general hazard of the caller's enterprise, 已登记 for the manager to assign or
 * dismiss. Returns the id, -1 with e (field "photos" for the photos). */
static int64_t hz_report(struct ectx *c, const json_t *body, struct verr *e)
{
	static const char *const keys[] = { "description", "location", "photos", NULL };
	json_t *d = NULL, *l = NULL, *obj = NULL;
	const json_t *ph = json_object_get(body, "photos");
	char today[11];
	int64_t id = -1;

	hz_body_keys(body, keys, e);
	d = hz_input(body, &in_description, 1, e);
	l = hz_input(body, &in_location, 1, e);
	if (d && strchr(json_string_value(d), '\n'))
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
	hz_today(today);
	obj = json_pack("{s:O, s:O, s:O, s:O, s:s, s:s, s:s, s:s}", "title", d, "description", d,
			"location", l, "photos_before", ph, "source", "employee_report",
			"level", "general", "category", "thing", "found_at", today);
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
	json_decref(d);
	json_decref(l);
	json_decref(obj);
	return id;
}

/* POST /api/hazard/report → 201 the registered hazard. */
static int hz_h_report(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	struct verr e;
	json_t *row;
	int64_t id;
	int rc;

	verr_init(&e, &r->arena);
	if (hz_tx_begin(&c, &e) != 0)
		return verr_send(&e, s);
	id = hz_report(&c, r->json, &e);
	if (hz_tx_end(&c, id > 0, &e) != 0)
		return verr_send(&e, s);
	row = entity_get(&c, &hazard_def, id);
	rc = row ? hz_send(s, &hazard_def, row, 201) : http_internal(s);
	json_decref(row);
	return rc;
}

/* -------------------------------------------------------------- registry */

#define HZ_ANY 0
static const struct route hazard_routes[] = {
	{HTTP_POST, "/api/hazard/report", hz_h_report, ROUTE_JSON, HZ_ENT_ROLES},
	{HTTP_GET, "/api/hazard/stats", hz_h_stats, 0, HZ_ANY},
	{HTTP_GET, "/api/hazard/major", hz_h_major, 0, HZ_ANY},
	/* actions: any logged-in role reaches the handler, which answers 404 out of
	 * scope before 403 for the role, so a stranger learns nothing */
	{HTTP_POST, "/api/hazard/:id/assign", hz_h_assign, ROUTE_JSON, HZ_ANY},
	{HTTP_POST, "/api/hazard/:id/submit", hz_h_submit, ROUTE_JSON, HZ_ANY},
	{HTTP_POST, "/api/hazard/:id/verify", hz_h_verify, ROUTE_JSON, HZ_ANY},
	{HTTP_POST, "/api/hazard/:id/reject", hz_h_reject, ROUTE_JSON, HZ_ANY},
	{HTTP_POST, "/api/hazard/:id/dismiss", hz_h_dismiss, ROUTE_JSON, HZ_ANY},
	{HTTP_POST, "/api/hazard/:id/supervise", hz_h_supervise, ROUTE_JSON, HZ_ANY},
	{HTTP_POST, "/api/hazard/:id/extend", hz_h_extend, ROUTE_JSON, HZ_ANY},
	{HTTP_POST, "/api/hazard_extension/:id/approve", hz_h_approve, ROUTE_JSON, HZ_ANY},
	{HTTP_POST, "/api/hazard_extension/:id/reject", hz_h_ext_reject, ROUTE_JSON, HZ_ANY},
};

/* Registers the declarations and routes of the hazard module (mod.h). */
void hazard_init(void)
{
	entity_register(&hazard_def);
	entity_register(&event_def);
	entity_register(&ext_def);
	entity_register(&dual_def);
	router_add(hazard_routes, ARRAY_SIZE(hazard_routes));
}

/* Shipped data and indexes of the module (none yet beyond the declarations). */
int hazard_schema(struct db *db)
{
	(void)db;
	return 0;
}
