/*
 * accident_flow.c — the declared workflows of the accident module:
 *
 *   accident         已快报 reported ─investigate─▶ 调查中 investigating ─conclude─▶ 已结案 closed
 *   accident_action  整改中 open ─complete─▶ 已完成 done ─evaluate─▶ 已后评估 evaluated
 *                    (a post-evaluation found 无效 sends it back to 整改中)
 *   accident_stat    草稿 draft ─submit─▶ 已上报 submitted
 *
 * Sources: 国务院令第493号 Art. 19–33 (investigation by the government or an
 * investigation group it appoints; the report and the government's 批复, Art. 32;
 * the unit 落实 the 防范和整改措施 and 追责, Art. 33); seeds/000 §二(四)2 (较大及以上
 * 事故的调查报告和批复 sent to the regulator); seeds/003 item 45 (整改措施落实情况后评估);
 * seeds/000 §二(四)3 (annual statistics to 区国资委).
 *
 * Who: the enterprise's safety manager or principal (or the admin) records the
 * investigation and closes the accident; the regulator reads (it is notified of
 * the conclusion); staff read. A corrective action is completed by its
 * responsible person or the managers, post-evaluated by the managers but not by
 * whoever completed it.
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/util.h"
#include "entity/entity.h"
#include "entity/inbox.h"
#include "http/http.h"
#include "mod/accident_int.h"

/* 400 for field: adds the error and returns -1. */
static int bad(struct wf_call *w, const char *field, const char *msg)
{
	verr_add(w->err, field, "%s", msg);
	return -1;
}

/* 1 for 较大 and above (Art. 3): the government replies to the investigation. */
static int grade_needs_reply(const char *grade)
{
	return acc_same(grade, "larger") || acc_same(grade, "major") ||
	       acc_same(grade, "especially_major");
}

/* -------------------------------------------------------------- accident */

static const struct field_def in_investigate[] = {
	{.name = "investigation_team", .label = "调查组（调查单位）", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED, .help = "人民政府组织的事故调查组，或企业内部调查组（未遂事件、一般事故）"},
	{.name = "note", .label = "说明", .type = FT_TEXT, .max_len = 500},
};

static int investigate_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "investigation_started", json_string(w->today));
	w->note = row_str(w->in, "investigation_team");
	return 0;
}

static const struct field_def in_conclude[] = {
	{.name = "cause", .label = "事故原因", .type = FT_LONGTEXT, .flags = F_REQUIRED},
	{.name = "inv_report_date", .label = "调查报告日期", .type = FT_DATE, .flags = F_REQUIRED},
	{.name = "inv_report_files", .label = "调查报告", .type = FT_FILES},
	{.name = "reply_no", .label = "政府批复文号", .type = FT_TEXT, .max_len = 100,
	 .help = "较大及以上事故必填"},
	{.name = "reply_date", .label = "批复日期", .type = FT_DATE, .help = "较大及以上事故必填"},
	{.name = "reply_files", .label = "批复文件", .type = FT_FILES},
	{.name = "accountability", .label = "追责落实情况", .type = FT_LONGTEXT, .flags = F_REQUIRED,
	 .help = "对事故责任单位和责任人员的处理落实情况（第三十二条、第三十三条）"},
};

/* The report and the reply are dated, not in the future, the reply not before the
 * report; 较大 and above need the government's reply (seeds/000 §二(四)2). */
static int conclude_guard(struct wf_call *w)
{
	const char *rd = row_str(w->in, "inv_report_date"), *pd = row_str(w->in, "reply_date");
	const char *occ = row_str(w->row, "occurred_at");

	if (rd && strcmp(rd, w->today) > 0)
		bad(w, "inv_report_date", "调查报告日期不能晚于今天");
	if (rd && occ && strncmp(rd, occ, 10) < 0)
		bad(w, "inv_report_date", "调查报告日期不能早于事故发生日期");
	if (pd && strcmp(pd, w->today) > 0)
		bad(w, "reply_date", "批复日期不能晚于今天");
	if (pd && rd && strcmp(pd, rd) < 0)
		bad(w, "reply_date", "批复日期不能早于调查报告日期");
	if (grade_needs_reply(row_str(w->row, "grade"))) {
		if (!row_str(w->in, "reply_no"))
			bad(w, "reply_no", "较大及以上事故须填写人民政府的批复文号");
		if (!pd)
			bad(w, "reply_date", "较大及以上事故须填写人民政府的批复日期");
	}
	return w->err->status ? -1 : 0;
}

/* 结案: the regulators receive the conclusion (report, reply, 追责). */
static int conclude_apply(struct wf_call *w)
{
	const char *title;

	json_object_set_new(w->set, "closed_at", json_string(w->today));
	w->note = arena_printf(w->err->arena, "调查报告 %s%s%s", row_str(w->in, "inv_report_date"),
			       row_str(w->in, "reply_no") ? "；批复 " : "",
			       row_str(w->in, "reply_no") ? row_str(w->in, "reply_no") : "");
	if (acc_same(row_str(w->row, "kind"), "near_miss"))
		return 0;
	title = arena_printf(w->err->arena, "事故结案：%s", row_str(w->row, "title"));
	return inbox_send_regulators(w->c, row_int(w->row, "org_id"), "notice", title, w->note,
				     arena_printf(w->err->arena, "/accident/%" PRId64, w->id),
				     "accident", w->id) < 0 ? -1 : 0;
}

static const char *const from_reported[] = { "reported", NULL };
static const char *const from_investigating[] = { "investigating", NULL };

static const struct wf_state acc_states[] = {
	{"reported", "已快报", WS_OPEN},
	{"investigating", "调查中", WS_OPEN},
	{"closed", "已结案", WS_FINAL},
};

#define IN(a) .inputs = (a), .ninputs = ARRAY_SIZE(a)
static const struct wf_action acc_actions[] = {
	{.verb = "investigate", .label = "开展调查", .from = from_reported, .to = "investigating",
	 .roles = ACC_MANAGERS, IN(in_investigate), .apply = investigate_apply,
	 .flags = WA_SET_INPUTS},
	{.verb = "conclude", .label = "结案", .from = from_investigating, .to = "closed",
	 .roles = ACC_MANAGERS, IN(in_conclude), .guard = conclude_guard,
	 .apply = conclude_apply, .flags = WA_SET_INPUTS},
};

const struct workflow accident_workflow = {
	.status_field = "status",
	.states = acc_states, .nstates = ARRAY_SIZE(acc_states),
	.actions = acc_actions, .nactions = ARRAY_SIZE(acc_actions),
	.event_entity = "accident_event", .event_ref = "accident_id", .noun = "事故",
};

/* ------------------------------------------------------ corrective actions */

static int is_manager(const struct ectx *c)
{
	return !c->user || c->user->role == ROLE_ADMIN || c->user->role == ROLE_ENT_MANAGER ||
	       c->user->role == ROLE_ENT_PRINCIPAL;
}

static const struct field_def in_complete[] = {
	{.name = "done_note", .label = "落实情况", .type = FT_LONGTEXT, .flags = F_REQUIRED},
};

/* The responsible person or a manager reports it done. */
static int complete_may(struct ectx *c, const json_t *row)
{
	return is_manager(c) || (c->user && row_int(row, "responsible_id") == c->user->id);
}

static int complete_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "done_at", json_string(w->today));
	json_object_set_new(w->set, "done_by", w->c->user ? json_integer(w->c->user->id) : json_null());
	return 0;
}

static const struct field_def in_evaluate[] = {
	{.name = "eval_date", .label = "后评估日期", .type = FT_DATE, .flags = F_REQUIRED},
	{.name = "eval_result", .label = "后评估结论", .type = FT_ENUM, .opts = accident_eval_opts,
	 .flags = F_REQUIRED},
	{.name = "eval_note", .label = "后评估意见", .type = FT_LONGTEXT},
};

/* Whoever completed it does not evaluate it (seeds/003 item 45: 后评估). */
static const char *evaluate_refuse(struct ectx *c, const json_t *row)
{
	if (c->user && c->user->role != ROLE_ADMIN && row_int(row, "done_by") == c->user->id)
		return "整改措施的落实人不能对其进行后评估";
	return NULL;
}

static int evaluate_guard(struct wf_call *w)
{
	const char *d = row_str(w->in, "eval_date"), *done = row_str(w->row, "done_at");

	if (strcmp(d, w->today) > 0)
		bad(w, "eval_date", "后评估日期不能晚于今天");
	if (done && strcmp(d, done) < 0)
		bad(w, "eval_date", "后评估日期不能早于完成日期");
	return w->err->status ? -1 : 0;
}

/* 无效: the measure is taken up again (整改中). */
static int evaluate_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "eval_by", w->c->user ? json_integer(w->c->user->id) : json_null());
	if (acc_same(row_str(w->in, "eval_result"), "ineffective"))
		w->to = "open";
	return 0;
}

static const char *const from_open[] = { "open", NULL };
static const char *const from_done[] = { "done", NULL };

static const struct wf_state act_states[] = {
	{"open", "整改中", WS_OPEN},
	{"done", "已完成", WS_OPEN},
	{"evaluated", "已后评估", WS_FINAL},
};

static const struct wf_action act_actions[] = {
	{.verb = "complete", .label = "完成整改", .from = from_open, .to = "done",
	 .roles = ACC_MANAGERS | RB(ROLE_STAFF), .may = complete_may, .deny = "无权完成该整改措施",
	 IN(in_complete), .apply = complete_apply, .flags = WA_SET_INPUTS | WA_NO_EVENT},
	{.verb = "evaluate", .label = "后评估", .from = from_done, .to = "evaluated",
	 .roles = ACC_MANAGERS, .refuse = evaluate_refuse, IN(in_evaluate),
	 .guard = evaluate_guard, .apply = evaluate_apply, .flags = WA_SET_INPUTS | WA_NO_EVENT},
};

const struct workflow accident_action_workflow = {
	.status_field = "status",
	.states = act_states, .nstates = ARRAY_SIZE(act_states),
	.actions = act_actions, .nactions = ARRAY_SIZE(act_actions),
	.noun = "整改措施",
};

/* ------------------------------------------------------ annual statistics */

/* 上报 (seeds/000 §二(四)3): when and by whom; final. */
static int stat_submit_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "submitted_at", json_string(w->now));
	if (w->c->user)
		json_object_set_new(w->set, "submitted_by", json_integer(w->c->user->id));
	return 0;
}

static const char *const from_draft[] = { "draft", NULL };

static const struct wf_state stat_states[] = {
	{"draft", "草稿", WS_OPEN},
	{"submitted", "已上报", WS_FINAL},
};

static const struct wf_action stat_actions[] = {
	{.verb = "submit", .label = "上报", .from = from_draft, .to = "submitted",
	 .roles = ACC_MANAGERS, .apply = stat_submit_apply, .flags = WA_NO_EVENT},
};

const struct workflow accident_stat_workflow = {
	.status_field = "status",
	.states = stat_states, .nstates = ARRAY_SIZE(stat_states),
	.actions = stat_actions, .nactions = ARRAY_SIZE(stat_actions),
	.noun = "事故统计",
};
