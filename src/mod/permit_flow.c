/*
 * permit_flow.c — the permit's declared workflow (entity.h "Workflows"):
 *
 *   已申请 draft ─brief (风险分析与技术交底)─▶ 已交底 briefed
 *   briefed ─approve─▶ 审批中 approving ─approve…─▶ 已批准 approved (the last step of
 *       the chain of Table B.1; a one-step chain goes straight to approved)
 *   approved ─start─▶ 作业中 working ─close (完工验收)─▶ 已完工验收 closed
 *   working ─pause (作业中断)─▶ 作业中断 paused ─resume (恢复作业)─▶ working
 *   any state before closed ─cancel─▶ 已取消 cancelled
 *
 * The rules, with their sources (GB 30871-2022, DOMAIN.md §5):
 *   - risk analysis and 技术交底 before work (ch. 4);
 *   - where a gas test is required (动火 ch. 5, 受限空间 ch. 6) a passing test before
 *     the first approval, and at the start a passing test taken no more than 30 min
 *     before (the latest test counts: a failed re-test stops the start);
 *   - approvals follow Table B.1 in order, one signature per step; a leader's step
 *     (主管领导, 主管厂长/总工程师) is signed by the enterprise's principal; nobody
 *     approves a permit they applied for;
 *   - a permit cannot start without the guardian confirmed on site (4.10 f: 监护人
 *     不应擅自离开作业现场): 开始作业 records who confirmed the guardian present, and
 *     when (400 on guardian_present / guardian_confirmer otherwise);
 *   - a permit cannot start unapproved (the state), before its validity or after it
 *     (the validity limits of the grade were checked when it was applied for), without
 *     the gas test, or with a guardian (监护人, ch. 4 / 4.10) lacking a valid training
 *     certificate (training_cert, PMT_GUARDIAN_CERTS) or not fit for duty, or a work
 *     leader not fit for duty (seeds/004 item 9), all 409 with the reason; a 临时用电
 *     permit not while the permit it serves is closed, cancelled or no longer covers
 *     its time (10.8; 409 served_permit);
 *   - after an interruption of more than 30 min (特级/一级动火) or 60 min (二级动火,
 *     受限空间; 5.3.1 d, 6.3 f), or on another day than the last test (动火: test every
 *     day), work
 *     resumes only with a passing test taken after the interruption and at most 30 min
 *     before (409 gas_test);
 *   - nothing is deleted (ch. 4: records kept ≥ 1 year): a permit is cancelled.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "http/http.h"
#include "mod/permit_int.h"
#include "mod/training.h"
#include "rules/permit.h"

#define RB(r) (1u << (r))
#define PF_ENT (RB(ROLE_ADMIN) | RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL) | RB(ROLE_STAFF))
#define PF_MGR (RB(ROLE_ADMIN) | RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL))

static int conflict(struct wf_call *w, const char *code, const char *msg)
{
	verr_set(w->err, 409, code, msg);
	return -1;
}

static int internal(struct wf_call *w)
{
	verr_set(w->err, 500, "internal", "服务器内部错误");
	return -1;
}

/* The chain step codes of the row into steps[] (pointers into arena a); the count. */
static int chain_steps(struct arena *a, const json_t *row, const char *steps[16])
{
	const char *ch = row_str(row, "chain");
	char *s = ch ? arena_strdup(a, ch) : NULL, *tok, *save = NULL;
	int n = 0;

	for (tok = s ? strtok_r(s, ",", &save) : NULL; tok && n < 16; tok = strtok_r(NULL, ",", &save))
		steps[n++] = tok;
	return n;
}

static int expired(const json_t *row, const char *now)
{
	const char *to = row_str(row, "valid_to");

	return to && strcmp(to, now) < 0;
}

/* 1 if the permit has a passing gas test; with fresh, the latest test passed and was
 * taken at most PMT_GAS_BEFORE_MIN minutes before now (and, with since, not before
 * since: a re-test after an interruption). -1 error. */
static int gas_ok(struct wf_call *w, int fresh, const char *since)
{
	struct db_stmt *st = db_prepare(w->c->db, fresh ?
		"SELECT passed, tested_at FROM work_permit_gas WHERE permit_id = ?"
		" ORDER BY tested_at DESC, id DESC LIMIT 1" :
		"SELECT passed, tested_at FROM work_permit_gas WHERE permit_id = ? AND passed = 1 LIMIT 1");
	int rc = -1, s;

	if (!st || db_bind_int64(st, 1, w->id) != 0)
		goto out;
	s = db_step(st);
	if (s == DB_DONE) {
		rc = 0;
	} else if (s == DB_ROW) {
		const char *t = db_col_text(st, 1);
		long m = pmt_minutes_between(t, w->now);
		rc = db_col_int64(st, 0) != 0 && (!fresh || (m >= 0 && m <= PMT_GAS_BEFORE_MIN)) &&
		     (!since || (t && strcmp(t, since) >= 0));
	}
out:
	db_finalize(st);
	return rc;
}

/* --------------------------------------------------------------- brief */

static const struct field_def in_brief[] = {
	{.name = "risk_analysis", .label = "作业风险分析", .type = FT_LONGTEXT, .flags = F_REQUIRED},
	{.name = "safety_measures", .label = "安全措施", .type = FT_LONGTEXT, .flags = F_REQUIRED},
	{.name = "briefed_by", .label = "交底人", .type = FT_TEXT, .max_len = 50, .flags = F_REQUIRED},
};

static int brief_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "briefed_at", json_string(w->now));
	return 0;
}

/* ------------------------------------------------------------- approve */

static const struct field_def in_approve[] = {
	{.name = "approver", .label = "审批人", .type = FT_TEXT, .max_len = 50, .flags = F_REQUIRED},
	{.name = "opinion", .label = "审批意见", .type = FT_TEXT, .max_len = 500},
};

static const char *approve_refuse(struct ectx *c, const json_t *row)
{
	const char *steps[16];
	int n = chain_steps(c->arena, row, steps), k = (int)row_int(row, "approved_steps");

	if (c->user->role == ROLE_ADMIN)
		return NULL;
	if (row_int(row, "created_by") == c->user->id)
		return "申请人不得审批本人申请的作业票";
	if (k < n && pmt_step_leader(steps[k]) && c->user->role != ROLE_ENT_PRINCIPAL)
		return arena_printf(c->arena, "该审批环节（%s）须由企业主要负责人审批", pmt_step_label(steps[k]));
	return NULL;
}

static int approve_guard(struct wf_call *w)
{
	int g;

	if (row_bool(w->row, "gas_required")) {
		g = gas_ok(w, 0, NULL);
		if (g < 0)
			return internal(w);
		if (!g)
			return conflict(w, "gas_test", "该作业须先进行气体检测且检测合格，方可审批");
	}
	return 0;
}

static int approve_apply(struct wf_call *w)
{
	const char *steps[16];
	int n = chain_steps(w->err->arena, w->row, steps), k = (int)row_int(w->row, "approved_steps");
	json_t *a;
	int64_t id;

	if (k >= n)
		return conflict(w, "bad_state", "作业票审批环节已全部完成");
	a = json_pack("{s:I, s:I, s:i, s:s, s:s, s:o, s:s, s:O?}",
		      "org_id", (json_int_t)row_int(w->row, "org_id"), "permit_id", (json_int_t)w->id,
		      "seq", k + 1, "step", steps[k], "approver", row_str(w->in, "approver"),
		      "user_id", w->c->user ? json_integer(w->c->user->id) : json_null(),
		      "approved_at", w->now, "opinion", json_object_get(w->in, "opinion"));
	if (!a)
		return internal(w);
	id = entity_sys_create_tx(w->c, &permit_approval_def, a, w->err);
	json_decref(a);
	if (id < 0)
		return -1;
	json_object_set_new(w->set, "approved_steps", json_integer(k + 1));
	w->to = k + 1 >= n ? "approved" : "approving";
	w->note = arena_printf(w->err->arena, "%s：%s", pmt_step_label(steps[k]),
			       row_str(w->in, "approver"));
	return 0;
}

/* --------------------------------------------------------------- start */

static int guardian_certified(struct wf_call *w, int64_t emp)
{
	static const char *const kinds[] = PMT_GUARDIAN_CERTS;

	for (int i = 0; kinds[i]; i++) {
		int v = employee_cert_valid(w->c->db, emp, kinds[i], w->today);
		if (v != 0)
			return v;
	}
	return 0;
}

static const struct field_def in_start[] = {
	{.name = "guardian_present", .label = "监护人已到场", .type = FT_BOOL, .flags = F_REQUIRED,
	 .help = "监护人须在作业现场全程监护，不得擅自离开（GB 30871-2022 4.10）"},
	{.name = "guardian_confirmer", .label = "到场确认人", .type = FT_TEXT, .max_len = 50,
	 .flags = F_REQUIRED, .help = "核实监护人到场的人员，如岗位当班班长"},
};

static int start_guard(struct wf_call *w)
{
	const char *from = row_str(w->row, "valid_from"), *why = NULL, *field;
	int64_t g = row_int(w->row, "guardian_id"), l = row_int(w->row, "leader_id");
	int v;

	if (!row_bool(w->in, "guardian_present")) {
		verr_add(w->err, "guardian_present", "监护人未确认到场，不能开始作业：作业期间应设监护人，"
			 "监护人不应擅自离开作业现场（GB 30871-2022 4.10）");
		return -1;
	}

	if (expired(w->row, w->now))
		return conflict(w, "expired", "作业票已超过有效期，不能开始作业，须重新办理作业票");
	if (from && strcmp(w->now, from) < 0)
		return conflict(w, "not_started", "未到作业票有效期起始时间，不能开始作业");
	if (row_bool(w->row, "gas_required")) {
		v = gas_ok(w, 1, NULL);
		if (v < 0)
			return internal(w);
		if (!v)
			return conflict(w, "gas_test",
					"作业前30分钟内无合格的气体检测记录（最近一次检测不合格或已超过30分钟），不能开始作业");
	}
	v = guardian_certified(w, g);
	if (v < 0)
		return internal(w);
	if (!v)
		return conflict(w, "guardian_cert", "监护人未持有有效的培训合格证件，不能开始作业");
	v = employee_fit_for_duty(w->c->db, g, w->today, &why);
	if (v < 0)
		return internal(w);
	if (!v)
		return conflict(w, "guardian_unfit", arena_printf(w->err->arena, "监护人不得上岗：%s",
								   why ? why : "培训或证件不符合要求"));
	v = employee_fit_for_duty(w->c->db, l, w->today, &why);
	if (v < 0)
		return internal(w);
	if (!v)
		return conflict(w, "leader_unfit", arena_printf(w->err->arena, "作业负责人不得上岗：%s",
								 why ? why : "培训或证件不符合要求"));
	why = permit_served_refusal(w->c, w->row, &field);
	if (why)
		return conflict(w, "served_permit", arena_printf(w->err->arena, "不能开始作业：%s", why));
	return 0;
}

static int start_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "started_at", json_string(w->now));
	json_object_set_new(w->set, "guardian_confirmed_at", json_string(w->now));
	return 0;
}

/* --------------------------------------------------------------- close */

static const struct field_def in_close[] = {
	{.name = "acceptor", .label = "验收人", .type = FT_TEXT, .max_len = 50, .flags = F_REQUIRED},
	{.name = "close_note", .label = "完工验收情况", .type = FT_LONGTEXT, .flags = F_REQUIRED},
};

static int close_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "closed_at", json_string(w->now));
	return 0;
}

/* -------------------------------------------------------------- cancel */

static const struct field_def in_cancel[] = {
	{.name = "reason", .label = "取消原因", .type = FT_TEXT, .max_len = 500, .flags = F_REQUIRED},
};

/* Staff cancel only the permits they applied for. */
static const char *cancel_refuse(struct ectx *c, const json_t *row)
{
	if (c->user->role == ROLE_STAFF && row_int(row, "created_by") != c->user->id)
		return "只能取消本人申请的作业票";
	return NULL;
}

static int cancel_apply(struct wf_call *w)
{
	json_object_set(w->set, "cancel_reason", json_object_get(w->in, "reason"));
	return 0;
}

/* -------------------------------------------------------- pause, resume */

static const struct field_def in_pause[] = {
	{.name = "reason", .label = "中断原因", .type = FT_TEXT, .max_len = 500, .flags = F_REQUIRED},
};

static int pause_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "paused_at", json_string(w->now));
	return 0;
}

static int resume_guard(struct wf_call *w)
{
	const char *paused = row_str(w->row, "paused_at");
	const char *kind = row_str(w->row, "kind"), *grade = row_str(w->row, "grade");
	int limit = pmt_retest_minutes(kind, grade), v;
	long m = paused ? pmt_minutes_between(paused, w->now) : 0;

	if (expired(w->row, w->now))
		return conflict(w, "expired", "作业票已超过有效期，不能恢复作业，须重新办理作业票");
	if (!row_bool(w->row, "gas_required"))
		return 0;
	if (m > limit || (paused && strncmp(paused, w->now, 10) != 0)) {
		v = gas_ok(w, 1, paused);
		if (v < 0)
			return internal(w);
		if (!v)
			return conflict(w, "gas_test", arena_printf(w->err->arena,
				"作业中断超过%d分钟或已跨日，恢复作业前须重新进行气体检测且合格（30分钟内）", limit));
	}
	return 0;
}

/* --------------------------------------------------------- declaration */

static const char *const from_draft[] = { "draft", NULL };
static const char *const from_approvable[] = { "briefed", "approving", NULL };
static const char *const from_approved[] = { "approved", NULL };
static const char *const from_working[] = { "working", NULL };
static const char *const from_paused[] = { "paused", NULL };
static const char *const from_open[] = { "draft", "briefed", "approving", "approved", "working", "paused", NULL };

static const struct wf_state states[] = {
	{"draft", "已申请", WS_OPEN},
	{"briefed", "已交底", WS_OPEN},
	{"approving", "审批中", WS_OPEN},
	{"approved", "已批准", WS_OPEN},
	{"working", "作业中", WS_OPEN},
	{"paused", "作业中断", WS_OPEN},
	{"closed", "已完工验收", WS_FINAL},
	{"cancelled", "已取消", WS_FINAL},
};

#define IN(a) .inputs = (a), .ninputs = ARRAY_SIZE(a)
static const struct wf_action actions[] = {
	{.verb = "brief", .label = "风险分析与技术交底", .from = from_draft, .to = "briefed",
	 .roles = PF_ENT, IN(in_brief), .apply = brief_apply, .flags = WA_SET_INPUTS},
	{.verb = "approve", .label = "审批", .from = from_approvable, .to = "approving",
	 .roles = PF_MGR, .refuse = approve_refuse, IN(in_approve), .guard = approve_guard,
	 .apply = approve_apply},
	{.verb = "start", .label = "开始作业", .from = from_approved, .to = "working",
	 .roles = PF_ENT, IN(in_start), .guard = start_guard, .apply = start_apply,
	 .flags = WA_SET_INPUTS},
	{.verb = "pause", .label = "作业中断", .from = from_working, .to = "paused",
	 .roles = PF_ENT, IN(in_pause), .apply = pause_apply},
	{.verb = "resume", .label = "恢复作业", .from = from_paused, .to = "working",
	 .roles = PF_ENT, .guard = resume_guard},
	{.verb = "close", .label = "完工验收", .from = from_working, .to = "closed",
	 .roles = PF_MGR, IN(in_close), .apply = close_apply, .flags = WA_SET_INPUTS},
	{.verb = "cancel", .label = "取消作业票", .from = from_open, .to = "cancelled",
	 .roles = PF_ENT, .refuse = cancel_refuse, IN(in_cancel), .apply = cancel_apply},
};

const struct workflow permit_workflow = {
	.status_field = "status",
	.states = states, .nstates = ARRAY_SIZE(states),
	.actions = actions, .nactions = ARRAY_SIZE(actions),
	.event_entity = "work_permit_event", .event_ref = "permit_id", .noun = "作业票",
};
