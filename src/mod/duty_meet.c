/*
 * duty_meet.c — the safety rules register and safety meetings (issue 9 "Safety
 * rules and meetings"):
 *
 *   safety_rule       安全管理制度: the required systems of 上海市安全生产条例第三十三条
 *                     (seeds/000 二(三)1; the list is rules/duty.c, shipped as the
 *                     enum of kind) plus 岗位操作规程 and others — version, approval
 *                     date, file, next revision (default approval + 3 years, the
 *                     platform's default), "revision needed" with a deadline when a
 *                     regulation it rests on changed (the duty moves to it). A kind with no rule in force is missing:
 *                     flagged on the enterprise home and in the regulator's view
 *                     GET /api/duty/missing-systems (enterprises × systems).
 *   meeting           安委会会议, 安全生产例会/专题会议, the monthly 大家谈 (seeds/002
 *                     一月一交流), 动员部署会 called by the principal (seeds/001 三(一)):
 *                     date, attendees, written leave of the absent (seeds/004 四(一)),
 *                     minutes.
 *   meeting_decision  a decision of a meeting with an owner and a deadline, its own
 *                     row with a declared workflow 待办 open ─complete─▶ 已办结 done
 *                     ─reopen─▶ open; overdue ones on the home and in the calendar.
 *
 * Periodic duties: 大家谈 monthly (seeds/002), 安委会 quarterly (the documents fix no
 * frequency: the platform's default, an obligation rule the admin may change).
 */
#include <inttypes.h>
#include <stdio.h>
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
#define DUTY_WRITERS (RB(ROLE_ADMIN) | RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL))

static int meet_internal(struct verr *e)
{
	verr_set(e, 500, "internal", "服务器内部错误");
	return -1;
}

/* -------------------------------------------------------------- safety_rule */

/* The kinds: the required systems in rules/duty.c order, then 其他制度. Filled by
 * duty_meet_init() so the labels exist once. */
static struct enum_opt kind_opts[DUTY_SYSTEMS_N + 2];

static const struct enum_opt rule_status_opts[] = {
	{"in_force", "现行有效"},
	{"superseded", "已被新版替代"},
	{"abolished", "已废止"},
	{NULL, NULL}
};

/* When a rule must be revised: its next revision, or the earlier deadline set when
 * a regulation it rests on changed (seeds/000 二(三)1 根据法律法规和标准的变化及时更新修订). */
#define RULE_DUE "(CASE WHEN t.revision_needed = 1 AND t.revision_deadline IS NOT NULL" \
	" AND (t.next_revision IS NULL OR t.revision_deadline < t.next_revision)" \
	" THEN t.revision_deadline ELSE t.next_revision END)"

static const struct field_def rule_fields[] = {
	{.name = "kind", .label = "制度类别", .type = FT_ENUM, .opts = kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST,
	 .help = "上海市安全生产条例第三十三条规定的基本制度及岗位操作规程"},
	{.name = "name", .label = "制度名称", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST | F_SORT},
	{.name = "doc_no", .label = "文号 / 编号", .type = FT_TEXT, .max_len = 100,
	 .flags = F_SEARCH | F_LIST},
	{.name = "version", .label = "版本", .type = FT_TEXT, .max_len = 30, .flags = F_LIST},
	{.name = "approved_date", .label = "批准日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT | F_RANGE},
	{.name = "effective_date", .label = "施行日期", .type = FT_DATE},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = rule_status_opts,
	 .flags = F_FILTER | F_LIST},
	{.name = "files", .label = "制度文件", .type = FT_FILES, .flags = F_REQUIRED},
	{.name = "basis", .label = "依据法规标准", .type = FT_LONGTEXT,
	 .help = "法律法规和标准变化时须及时修订"},
	{.name = "next_revision", .label = "下次修订日期", .type = FT_DATE,
	 .flags = F_LIST | F_SORT | F_RANGE,
	 .help = "不填时为批准日期起3年（平台默认，可修改）"},
	{.name = "revision_needed", .label = "需修订", .type = FT_BOOL,
	 .flags = F_FILTER | F_LIST, .help = "所依据的法律法规或标准变化，须及时修订"},
	{.name = "revision_reason", .label = "修订原因", .type = FT_TEXT, .max_len = 500,
	 .help = "如：《安全生产法》2021年修正"},
	{.name = "revision_deadline", .label = "修订期限", .type = FT_DATE, .flags = F_LIST | F_SORT,
	 .help = "需修订的，在此日期前完成修订（早于下次修订日期时以此为准）"},
	{.name = "revision_overdue", .label = "修订逾期", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN t.status = 'in_force' AND " RULE_DUE " < {today} THEN 1 ELSE 0 END"},
};

static int rule_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *a = row_str(obj, "approved_date"), *n = row_str(obj, "next_revision");
	const char *ef = row_str(obj, "effective_date");

	(void)c;
	(void)old;
	if (row_bool(obj, "revision_needed") && !row_str(obj, "revision_reason"))
		verr_add(e, "revision_reason", "需修订的，须填写修订原因");
	if (row_bool(obj, "revision_needed") && !row_str(obj, "revision_deadline"))
		verr_add(e, "revision_deadline", "需修订的，须填写修订期限");
	if (a && n && strcmp(n, a) <= 0)
		verr_add(e, "next_revision", "下次修订日期须晚于批准日期");
	if (a && ef && strcmp(ef, a) < 0)
		verr_add(e, "effective_date", "施行日期不能早于批准日期");
	return 0;
}

/* On create: the enterprise's org, status 现行有效 by default; next revision from
 * the approval when not given (rules/duty.c). */
static int rule_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e)
{
	char next[11];
	const char *ap = row_str(obj, "approved_date");

	(void)old;
	if (a == EA_DELETE)
		return 0;
	if (a == EA_CREATE && duty_org_to_enterprise(c, obj, e) != 0)
		return -1;
	if (!row_str(obj, "status"))
		json_object_set_new(obj, "status", json_string("in_force"));
	if (ap && !row_str(obj, "next_revision") &&
	    duty_revision_next(ap, DUTY_REVISION_YEARS, next) == 0)
		json_object_set_new(obj, "next_revision", json_string(next));
	return 0;
}

static const struct entity_def rule_def = {
	.name = "safety_rule", .table = "safety_rule", .label = "安全管理制度",
	.fields = rule_fields, .nfields = ARRAY_SIZE(rule_fields),
	.write_roles = DUTY_WRITERS, .display_field = "name", .default_sort = "kind",
	.validate = rule_validate, .before_write = rule_before_write,
	.indexes = (const char *const[]){"org_id, kind, status", NULL},
};

/* ------------------------------------------------------------------ meeting */

static const struct enum_opt meeting_kind_opts[] = {
	{"committee", "安委会会议"},
	{"safety", "安全生产例会 / 专题会议"},
	{"exchange", "安全生产“大家谈”交流"},
	{"kickoff", "动员部署会（主要负责人召开）"},
	{NULL, NULL}
};

static const struct field_def meeting_fields[] = {
	{.name = "kind", .label = "会议类型", .type = FT_ENUM, .opts = meeting_kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "title", .label = "会议名称 / 主题", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "held_date", .label = "会议日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT | F_RANGE},
	{.name = "location", .label = "地点", .type = FT_TEXT, .max_len = 200},
	{.name = "host", .label = "主持人", .type = FT_TEXT, .max_len = 50,
	 .flags = F_REQUIRED | F_LIST},
	{.name = "attendees", .label = "参会人员", .type = FT_LONGTEXT, .flags = F_REQUIRED},
	{.name = "attendee_count", .label = "参会人数", .type = FT_INT, .min = 1, .max = 100000,
	 .flags = F_LIST},
	{.name = "absentees", .label = "缺席人员", .type = FT_TEXT, .max_len = 500,
	 .flags = F_LIST},
	{.name = "leave_files", .label = "书面请假材料", .type = FT_FILES,
	 .help = "缺席的，须书面请假（百日攻坚行动方案 四(一)）"},
	{.name = "minutes", .label = "会议纪要", .type = FT_LONGTEXT},
	{.name = "minutes_files", .label = "会议纪要 / 签到表", .type = FT_FILES},
	{.name = "photos", .label = "会议照片", .type = FT_FILES},
	{.name = "decision_count", .label = "决议事项", .type = FT_INT, .flags = F_READONLY | F_LIST,
	 .expr = "(SELECT COUNT(*) FROM meeting_decision d WHERE d.meeting_id = t.id)"},
	{.name = "open_decisions", .label = "未办结", .type = FT_INT, .flags = F_READONLY | F_LIST,
	 .expr = "(SELECT COUNT(*) FROM meeting_decision d WHERE d.meeting_id = t.id"
		 " AND d.status = 'open')"},
};

/* 004 四(一): the absent ask for leave in writing; the minutes are kept (text or
 * file). */
static int meeting_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	(void)c;
	(void)old;
	if (row_str(obj, "absentees") && !duty_has_files(obj, "leave_files"))
		verr_add(e, "leave_files", "有缺席人员的，须上传书面请假材料");
	if (!row_str(obj, "minutes") && !duty_has_files(obj, "minutes_files"))
		verr_add(e, "minutes", "请填写会议纪要或上传纪要文件");
	return 0;
}

static int meeting_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				const json_t *old, struct verr *e)
{
	int64_t n = 0;

	(void)old;
	if (a == EA_CREATE)
		return duty_org_to_enterprise(c, obj, e);
	if (a == EA_DELETE) {
		if (db_query_int64p(c->db, "SELECT COUNT(*) FROM meeting_decision WHERE meeting_id = ?",
				    row_int(obj, "id"), &n, 0) != 0)
			return meet_internal(e);
		if (n) {
			verr_set(e, 409, "conflict", "会议有决议事项，请先删除决议事项");
			return -1;
		}
	}
	return 0;
}

static const struct entity_def meeting_def = {
	.name = "meeting", .table = "meeting", .label = "安全生产会议",
	.fields = meeting_fields, .nfields = ARRAY_SIZE(meeting_fields),
	.write_roles = DUTY_WRITERS, .display_field = "title", .default_sort = "-held_date",
	.validate = meeting_validate, .before_write = meeting_before_write,
	.indexes = (const char *const[]){"org_id, kind, held_date", NULL},
};

/* --------------------------------------------------------- meeting_decision */

static const struct field_def decision_fields[] = {
	{.name = "meeting_id", .label = "会议", .type = FT_REF, .ref = "meeting",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "content", .label = "决议事项", .type = FT_TEXT, .max_len = 500,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "owner_name", .label = "责任人", .type = FT_TEXT, .max_len = 50,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "owner_id", .label = "责任人账号", .type = FT_REF, .ref = "user",
	 .flags = F_FILTER, .help = "选择账号后，责任人可自行办结"},
	{.name = "deadline", .label = "完成期限", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT | F_RANGE},
	{.name = "status", .label = "状态", .type = FT_ENUM,
	 .opts = (const struct enum_opt[]){{"open", "待办"}, {"done", "已办结"}, {NULL, NULL}},
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "done_date", .label = "办结日期", .type = FT_DATE, .flags = F_READONLY | F_LIST},
	{.name = "done_note", .label = "办结情况", .type = FT_TEXT, .max_len = 500,
	 .flags = F_READONLY},
	{.name = "overdue", .label = "已逾期", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN t.status = 'open' AND t.deadline < {today} THEN 1 ELSE 0 END"},
};

/* The decision belongs to its meeting's enterprise; a new one is 待办. */
static int decision_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				 const json_t *old, struct verr *e)
{
	int64_t org = 0;

	(void)old;
	if (a == EA_DELETE)
		return 0;
	if (db_query_int64p(c->db, "SELECT org_id FROM meeting WHERE id = ?",
			    row_int(obj, "meeting_id"), &org, 0) != 0)
		return meet_internal(e);
	if (!org) {
		verr_add(e, "meeting_id", "所选会议不存在");
		return -1;
	}
	json_object_set_new(obj, "org_id", json_integer(org));
	if (a == EA_CREATE)
		json_object_set_new(obj, "status", json_string("open"));
	return 0;
}

/* The deadline may not precede the meeting. */
static int decision_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	struct db_stmt *st;
	const char *dl = row_str(obj, "deadline");
	int rc;

	(void)old;
	if (!dl || !row_int(obj, "meeting_id"))
		return 0;
	st = db_prepare(c->db, "SELECT held_date FROM meeting WHERE id = ?");
	if (!st || db_bind_int64(st, 1, row_int(obj, "meeting_id"))) {
		db_finalize(st);
		return -1;
	}
	rc = db_step(st);
	if (rc == DB_ROW && db_col_text(st, 0) && strcmp(dl, db_col_text(st, 0)) < 0)
		verr_add(e, "deadline", "完成期限不能早于会议日期");
	db_finalize(st);
	return rc < 0 ? -1 : 0;
}

/*
 * The workflow (rules in tests/unit/wf_rules_duty.inc):
 *   待办 open ─complete (办结)─▶ 已办结 done: the enterprise's safety manager or
 *     principal, the admin, or the decision's owner (owner_id) whatever the role;
 *     inputs done_date (required, not in the future) and done_note;
 *   已办结 done ─reopen (重新打开)─▶ open: the manager, principal or admin, with a
 *     required reason; done_date and done_note are cleared.
 * Regulators read decisions, never act on them.
 */
static const char *const from_open[] = { "open", NULL };
static const char *const from_done[] = { "done", NULL };

static const struct field_def complete_inputs[] = {
	{.name = "done_date", .label = "办结日期", .type = FT_DATE, .flags = F_REQUIRED},
	{.name = "done_note", .label = "办结情况", .type = FT_TEXT, .max_len = 500},
};
static const struct field_def reopen_inputs[] = {
	{.name = "reason", .label = "重新打开原因", .type = FT_TEXT, .max_len = 500,
	 .flags = F_REQUIRED},
};

/* The owner completes their own decision; otherwise a manager or principal. */
static int complete_may(struct ectx *c, const json_t *row)
{
	if (!c->user || c->user->role != ROLE_STAFF)
		return 1;
	return row_int(row, "owner_id") == c->user->id;
}

static int complete_guard(struct wf_call *w)
{
	const char *d = row_str(w->in, "done_date");

	if (d && strcmp(d, w->today) > 0) {
		verr_add(w->err, "done_date", "办结日期不能晚于今天");
		return -1;
	}
	return 0;
}

static int reopen_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "done_date", json_null());
	json_object_set_new(w->set, "done_note", json_null());
	return 0;
}

static const struct wf_state decision_states[] = {
	{"open", "待办", WS_OPEN},
	{"done", "已办结", 0},
};
static const struct wf_action decision_actions[] = {
	{.verb = "complete", .label = "办结", .from = from_open, .to = "done",
	 .roles = DUTY_WRITERS | RB(ROLE_STAFF), .may = complete_may,
	 .deny = "只有决议事项的责任人或企业安全管理人员可以办结",
	 .inputs = complete_inputs, .ninputs = ARRAY_SIZE(complete_inputs),
	 .guard = complete_guard, .flags = WA_SET_INPUTS},
	{.verb = "reopen", .label = "重新打开", .from = from_done, .to = "open",
	 .roles = DUTY_WRITERS, .deny = "只有企业安全管理人员或主要负责人可以重新打开",
	 .inputs = reopen_inputs, .ninputs = ARRAY_SIZE(reopen_inputs),
	 .apply = reopen_apply},
};
static const struct workflow decision_wf = {
	.status_field = "status",
	.states = decision_states, .nstates = ARRAY_SIZE(decision_states),
	.actions = decision_actions, .nactions = ARRAY_SIZE(decision_actions),
	.noun = "决议事项",
};

static const struct entity_def decision_def = {
	.name = "meeting_decision", .table = "meeting_decision", .label = "会议决议事项",
	.fields = decision_fields, .nfields = ARRAY_SIZE(decision_fields),
	.write_roles = DUTY_WRITERS, .display_field = "content", .default_sort = "deadline",
	.validate = decision_validate, .before_write = decision_before_write,
	.workflow = &decision_wf,
};

/* ------------------------------------------------------------------- duties */

/* seeds/002 一月一交流: 每月围绕一个主题，开展安全生产“大家谈”大交流活动. */
const struct obligation_def duty_exchange_monthly = {
	.code = "meeting_exchange_monthly", .label = "每月安全生产“大家谈”", .module = "duty",
	.source = "seeds/002（青安委办〔2022〕35号）“一月一交流”：每月围绕一个主题开展安全生产“大家谈”",
	.period = OB_MONTH, .due = { DUE_PERIOD_END, 0, 0, 0 }, .warn_days = 7,
	.proof_entity = "meeting", .proof_cond = "t.kind = 'exchange'", .proof_at = "t.held_date",
	.form = "/duty/meeting",
};

/* 安全生产会议制度 (条例第三十三条); the documents fix no frequency of the 安委会:
 * quarterly is the platform's default, an obligation rule the admin may change. */
const struct obligation_def duty_committee_quarterly = {
	.code = "meeting_committee_quarterly", .label = "安委会季度会议", .module = "duty",
	.source = "上海市安全生产条例第三十三条（安全生产会议制度）；每季度一次为平台默认，可调整",
	.period = OB_QUARTER, .due = { DUE_PERIOD_END, 0, 0, 0 }, .warn_days = 15,
	.proof_entity = "meeting", .proof_cond = "t.kind = 'committee'", .proof_at = "t.held_date",
	.form = "/duty/meeting",
};

/* seeds/000 二(三)1: 根据法律法规和标准的变化及时更新修订 — due at the next revision,
 * or earlier at the revision deadline once a regulation it rests on changed. */
const struct obligation_def duty_rule_revision = {
	.code = "safety_rule_revision", .label = "安全管理制度修订", .module = "duty",
	.source = "seeds/000 二(三)1：根据法律法规和标准的变化及时更新修订；默认批准后3年修订为平台默认",
	.period = OB_EVENT, .warn_days = 30,
	.proof_entity = "safety_rule",
	.record_when = "t.status = 'in_force' AND " RULE_DUE " IS NOT NULL",
	.record_due = RULE_DUE, .record_title = "t.name",
	.form = "/duty/rules",
};

/* A meeting decision is done by its deadline (seeds/001 三(三): 任务清单按照项目内容、
 * 责任单位、完成时限). */
const struct obligation_def duty_decision_deadline = {
	.code = "meeting_decision_deadline", .label = "会议决议事项完成期限", .module = "duty",
	.source = "seeds/001 三(三)：任务清单按照项目内容、责任单位、完成时限落实",
	.period = OB_EVENT, .warn_days = 3,
	.proof_entity = "meeting_decision", .record_when = "t.deadline IS NOT NULL",
	.record_due = "t.deadline", .record_done = "t.status = 'done'",
	.record_done_at = "t.done_date", .record_title = "substr(t.content, 1, 100)",
	.form = "/duty/meeting",
};

/* -------------------------------------------------------------------- views */

#define HAS(code) "(CASE WHEN EXISTS (SELECT 1 FROM safety_rule r WHERE r.org_id = e.org_id" \
	" AND r.kind = '" code "' AND r.status = 'in_force') THEN 1 ELSE 0 END)"
#define NHAS(code) "(1 - " HAS(code) ")"
#define MISSING_COUNT "(" NHAS("responsibility") " + " NHAS("meeting") " + " NHAS("funding") \
	" + " NHAS("risk_control") " + " NHAS("hazard_check") " + " NHAS("emergency") \
	" + " NHAS("archive") " + " NHAS("operating") ")"
#define SYS_COL(code, lbl) {.name = "has_" code, .label = lbl, .type = FT_BOOL, \
	.expr = HAS(code), .flags = F_LIST}

static const struct field_def missing_cols[] = {
	{.name = "id", .label = "编号", .type = FT_INT, .expr = "e.id", .flags = F_SORT},
	{.name = "org_id", .label = "企业组织编号", .type = FT_INT, .expr = "e.org_id"},
	{.name = "name", .label = "企业", .type = FT_TEXT, .expr = "e.name",
	 .flags = F_LIST | F_SEARCH | F_SORT},
	{.name = "missing_count", .label = "缺少制度数", .type = FT_INT, .expr = MISSING_COUNT,
	 .flags = F_LIST | F_SORT},
	SYS_COL("responsibility", "全员责任制及奖惩"),
	SYS_COL("meeting", "会议制度"),
	SYS_COL("funding", "投入及费用"),
	SYS_COL("risk_control", "风险分级管控"),
	SYS_COL("hazard_check", "检查和隐患排查治理"),
	SYS_COL("emergency", "应急管理"),
	SYS_COL("archive", "档案"),
	SYS_COL("operating", "岗位操作规程"),
};

static const struct view_choice missing_choices[] = {
	{"all", NULL},
	{"missing", MISSING_COUNT " > 0"},
	{"complete", MISSING_COUNT " = 0"},
	{NULL, NULL}
};
static const struct view_param missing_params[] = {
	{"show", "显示范围", missing_choices},
	{NULL, NULL, NULL}
};

/* complete / incomplete counts in the request's scope, for the header. */
static int missing_extra(struct view_req *q, struct jw *w)
{
	int64_t n = 0;

	if (view_count(q, MISSING_COUNT " > 0", &n) < 0)
		return -1;
	jw_kint(w, "incomplete", n);
	return 0;
}

static const struct view_def missing_view = {
	.path = "/api/duty/missing-systems", .label = "企业安全管理制度缺项",
	.from = "enterprise e", .where = OB_ENTERPRISE_ACTIVE, .scope_col = "e.org_id",
	.cols = missing_cols, .ncols = ARRAY_SIZE(missing_cols),
	.params = missing_params, .default_sort = "-missing_count", .default_size = 50,
	.extra = missing_extra,
};

/* ------------------------------------------------------------------- home */

#define KINDS "(SELECT 'responsibility' AS k UNION ALL SELECT 'meeting' UNION ALL" \
	" SELECT 'funding' UNION ALL SELECT 'risk_control' UNION ALL SELECT 'hazard_check'" \
	" UNION ALL SELECT 'emergency' UNION ALL SELECT 'archive' UNION ALL SELECT 'operating')"

int duty_meet_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w)
{
	if (home_notice_count(c, w, org, today,
			      "SELECT COUNT(*) FROM enterprise e CROSS JOIN " KINDS " ks WHERE e."
			      "org_id IN (SELECT org_id FROM scope_org WHERE viewer = ?) AND "
			      OB_ENTERPRISE_ACTIVE " AND NOT EXISTS (SELECT 1 FROM safety_rule r"
			      " WHERE r.org_id = e.org_id AND r.kind = ks.k AND r.status = 'in_force')",
			      "duty_missing_systems", "缺少必备安全管理制度", "danger",
			      "/duty/rules?tab=missing") != 0)
		return -1;
	if (home_notice_count(c, w, org, today,
			      "SELECT COUNT(*) FROM safety_rule t WHERE" HOME_ORG " AND t.status = 'in_force'"
			      " AND (t.revision_needed = 1 OR " RULE_DUE " < ?)",
			      "duty_rules_revision", "安全管理制度待修订", "warning",
			      "/duty/rules") != 0)
		return -1;
	return home_notice_count(c, w, org, today,
				 "SELECT COUNT(*) FROM meeting_decision WHERE" HOME_ORG
				 " AND status = 'open' AND deadline < ?",
				 "duty_decisions_overdue", "会议决议事项逾期未办结", "danger",
				 "/duty/meeting?tab=decisions&overdue=true");
}

/* ---------------------------------------------------------------- registry */

void duty_meet_init(void)
{
	int i;

	for (i = 0; i < DUTY_SYSTEMS_N; i++) {
		kind_opts[i].code = duty_system_at(i)->code;
		kind_opts[i].label = duty_system_at(i)->label;
	}
	kind_opts[i].code = "other";
	kind_opts[i].label = "其他安全管理制度";
	entity_register(&rule_def);
	entity_register(&meeting_def);
	entity_register(&decision_def);
	view_register(&missing_view);
}
