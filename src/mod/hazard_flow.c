/*
 * hazard_flow.c — the hazard closed loop as a declared workflow (entity.h
 * "Workflows"): states, actions, who may do each, and the few guards and apply
 * steps that are truly the module's own. The core runs every action the same way
 * (scope → permission → state → input → guard → apply → guarded update →
 * aggregates → timeline → audit, one transaction).
 *
 *   已登记 ─assign (五落实)─▶ 整改中 ─submit─▶ 待验收 ─verify─▶ 已销号
 *     │                      ▲  ▲               │  └─(protected)─▶ 待销账 ─close─▶ 已销号
 *     └─dismiss─▶ 不予受理    │  └──reject───────┘                  │
 *                            └────────────── review_reject ─────────┘
 *
 * The rules, with their sources:
 *   - 安全生产法 第四十一条 and 原安监总局令第16号《安全生产事故隐患排查治理暂行
 *     规定》: an enterprise rectifies; a 重大事故隐患 has a 治理方案 issued by the
 *     主要负责人 (第十五条: 治理的目标和任务、采取的方法和措施、经费和物资的落实、
 *     负责治理的机构和人员、治理的时限和要求、安全措施和应急预案), is reported to
 *     the regulator and the workers' congress (双报告, 第十四条: 现状及其产生原因、
 *     危害程度和整改难易程度分析、治理方案), and after rectification the enterprise
 *     assesses it and submits a written report; the 挂牌督办 regulator reviews it
 *     and closes it (第十八条).
 *   - "Protected" hazards — registered by a regulator (监管检查), major, or under
 *     挂牌督办 (seeds/003 item 22: 重大事故隐患报告、挂牌、督办、治理, 上账、销账
 *     闭环) — cannot be dismissed, edited or closed by the enterprise: its
 *     verification moves them to 待销账, and the regulator closes (销账) or sends
 *     them back (复查退回). 摘牌 ends the 督办 with a record.
 *   - Separation of duties: the verifier is neither the plan's responsible person
 *     nor whoever submitted the rectification.
 *   - An extension of a supervised hazard is decided by the supervising regulator;
 *     a plan cannot promise a deadline later than the 督办 deadline.
 *   - A plan's 整改期限 is not before today (Asia/Shanghai, the server's clock): 400
 *     on plan_deadline, nothing changes.
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "entity/inbox.h"
#include "http/http.h"
#include "mod/hazard_int.h"

#define RB(r) (1u << (r))
#define HZ_MANAGERS (RB(ROLE_ADMIN) | RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL))
#define HZ_ENT_ROLES (RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL) | RB(ROLE_STAFF))
#define HZ_REGULATORS (RB(ROLE_ADMIN) | RB(ROLE_REGULATOR))

/* 1 if both strings are equal, NULL counting as equal to NULL. */
static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int role_is(const struct ectx *c, enum role r)
{
	return c->user && c->user->role == r;
}

/* 1 if the hazard is protected: registered by a regulator, major, or supervised. */
int hz_protected(const json_t *row)
{
	return row_int(row, "reg_org_id") != 0 || same(row_str(row, "level"), "major") ||
	       row_bool(row, "supervised");
}

/* 1 if c's regulator org is the one that supervises (挂牌督办) the hazard, or, for
 * a hazard not under 督办, any regulator whose scope holds it (the core has
 * already checked scope). The administrator stands in for the regulator. */
static int hz_supervisor(const struct ectx *c, const json_t *row)
{
	if (role_is(c, ROLE_ADMIN))
		return 1;
	if (!role_is(c, ROLE_REGULATOR))
		return 0;
	if (!row_bool(row, "supervised"))
		return 1;
	return row_int(row, "supervise_org_id") == c->user->org_id;
}

/* 400 for field: adds the error and returns -1. */
static int bad(struct wf_call *w, const char *field, const char *msg)
{
	verr_add(w->err, field, "%s", msg);
	return -1;
}

/* -------------------------------------------------------------- assign */

static const struct field_def in_assign[] = {
	{.name = "plan_responsible_id", .label = "整改责任人", .type = FT_REF, .ref = "user",
	 .flags = F_REQUIRED},
	{.name = "plan_measures", .label = "整改措施", .type = FT_LONGTEXT, .flags = F_REQUIRED},
	{.name = "plan_funds", .label = "整改资金（元）", .type = FT_MONEY, .min = 0, .max = 1e10,
	 .flags = F_REQUIRED},
	{.name = "plan_deadline", .label = "整改期限", .type = FT_DATE, .flags = F_REQUIRED},
	{.name = "plan_contingency", .label = "应急预案", .type = FT_LONGTEXT, .flags = F_REQUIRED,
	 .help = "整改期间的安全防范和应急措施"},
	{.name = "plan_goal", .label = "治理目标和任务", .type = FT_LONGTEXT,
	 .help = "重大事故隐患必填"},
	{.name = "plan_team", .label = "负责治理的机构和人员", .type = FT_LONGTEXT,
	 .help = "重大事故隐患必填"},
	{.name = "plan_safety", .label = "安全措施", .type = FT_LONGTEXT,
	 .help = "重大事故隐患必填"},
};

/* 重大事故隐患的治理方案由主要负责人组织制定并下达 (令第16号 第十五条). */
static const char *assign_refuse(struct ectx *c, const json_t *row)
{
	if (same(row_str(row, "level"), "major") && !role_is(c, ROLE_ENT_PRINCIPAL) &&
	    !role_is(c, ROLE_ADMIN))
		return "重大事故隐患的治理方案须由企业主要负责人下达";
	return NULL;
}

static int assign_guard(struct wf_call *w)
{
	const char *dl = row_str(w->in, "plan_deadline"), *found = row_str(w->row, "found_at");
	const char *sdl = row_str(w->row, "supervise_deadline");
	int r;

	if (found && strcmp(dl, found) < 0)
		bad(w, "plan_deadline", "整改期限不能早于发现日期");
	/* a plan is issued to be met: a deadline already past would make the hazard
	 * overdue from birth (issue 12). The demo issues its plans on the demo clock
	 * (the day of issue, hazard_demo.c), so it meets this rule like anyone. */
	else if (strcmp(dl, w->today) < 0)
		bad(w, "plan_deadline", arena_printf(w->err->arena, "整改期限不能早于今天（%s）", w->today));
	if (row_bool(w->row, "supervised") && sdl && strcmp(dl, sdl) > 0)
		bad(w, "plan_deadline",
		    arena_printf(w->err->arena, "整改期限不能晚于督办期限 %s", sdl));
	if (same(row_str(w->row, "level"), "major")) {
		if (!row_str(w->in, "plan_goal"))
			bad(w, "plan_goal", "重大事故隐患治理方案须写明治理目标和任务");
		if (!row_str(w->in, "plan_team"))
			bad(w, "plan_team", "重大事故隐患治理方案须写明负责治理的机构和人员");
		if (!row_str(w->in, "plan_safety"))
			bad(w, "plan_safety", "重大事故隐患治理方案须写明安全措施");
	}
	r = org_user_of_enterprise(w->c->db, row_int(w->in, "plan_responsible_id"),
				   row_int(w->row, "org_id"));
	if (r < 0)
		return -1;
	if (!r)
		bad(w, "plan_responsible_id", "整改责任人须为本企业人员");
	return w->err->status ? -1 : 0;
}

static int assign_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "deadline", json_string(row_str(w->in, "plan_deadline")));
	json_object_set_new(w->set, "reject_reason", json_null());
	json_object_set_new(w->set, "plan_issued_by",
			    w->c->user ? json_integer(w->c->user->id) : json_null());
	w->note = arena_printf(w->err->arena, "整改期限 %s", row_str(w->in, "plan_deadline"));
	/* 指派给我: the responsible person hears of it */
	return inbox_send(w->c, row_int(w->in, "plan_responsible_id"), "assigned",
			  arena_printf(w->err->arena, "隐患整改指派给您：%s", row_str(w->row, "title")),
			  w->note, arena_printf(w->err->arena, "/hazard/%" PRId64, w->id), "hazard", w->id);
}

/* -------------------------------------------------------------- submit */

static const struct field_def in_submit[] = {
	{.name = "rectify_note", .label = "整改情况", .type = FT_LONGTEXT, .flags = F_REQUIRED},
	{.name = "photos_after", .label = "整改后照片", .type = FT_FILES},
};

/* 五落实 责任落实: the plan's responsible person, or the safety manager. */
static int submit_may(struct ectx *c, const json_t *row)
{
	return row_int(row, "plan_responsible_id") == c->user->id ||
	       c->user->role == ROLE_ENT_MANAGER;
}

static int submit_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "rectifier_id",
			    w->c->user ? json_integer(w->c->user->id) : json_null());
	json_object_set_new(w->set, "rectified_at", json_string(w->now));
	w->note = row_str(w->in, "rectify_note");
	return 0;
}

/* -------------------------------------------------------------- verify */

static const struct field_def in_verify[] = {
	{.name = "note", .label = "验收意见", .type = FT_TEXT, .max_len = 500},
	{.name = "assess_report", .label = "整改评估报告", .type = FT_LONGTEXT,
	 .help = "重大、挂牌督办或监管部门登记的隐患必填：治理效果评估和验收结论"},
	{.name = "assess_files", .label = "评估报告附件", .type = FT_FILES},
};

/* Who verifies: for a protected hazard the enterprise (its managers or principal;
 * the regulator then closes it); otherwise the enterprise or the regulator. Never
 * the plan's responsible person nor whoever submitted the rectification. */
static const char *verify_refuse(struct ectx *c, const json_t *row)
{
	if (hz_protected(row) && role_is(c, ROLE_REGULATOR))
		return "该隐患由企业验收并出具整改评估报告后，由监管部门复查销账";
	if (row_int(row, "rectifier_id") == c->user->id)
		return "验收人不能是整改人";
	if (row_int(row, "plan_responsible_id") == c->user->id)
		return "验收人不能是整改责任人";
	return NULL;
}

static int verify_guard(struct wf_call *w)
{
	if (hz_protected(w->row) && !row_str(w->in, "assess_report"))
		return bad(w, "assess_report",
			   "重大、挂牌督办或监管部门登记的隐患验收时须出具书面整改评估报告");
	return 0;
}

static int verify_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "verifier_id",
			    w->c->user ? json_integer(w->c->user->id) : json_null());
	json_object_set_new(w->set, "verified_at", json_string(w->now));
	if (hz_protected(w->row)) {
		w->to = "verified";
		json_object_set(w->set, "assess_report", json_object_get(w->in, "assess_report"));
		if (json_array_size(json_object_get(w->in, "assess_files")))
			json_object_set(w->set, "assess_files", json_object_get(w->in, "assess_files"));
	} else {
		json_object_set_new(w->set, "closed_at", json_string(w->today));
	}
	return 0;
}

/* ------------------------------------------------------ reject / dismiss */

static const struct field_def in_reject[] = {
	{.name = "reason", .label = "退回原因", .type = FT_TEXT, .max_len = 500, .flags = F_REQUIRED},
};
static const struct field_def in_dismiss[] = {
	{.name = "reason", .label = "不予受理原因", .type = FT_TEXT, .max_len = 500,
	 .flags = F_REQUIRED},
};
static const struct field_def in_review[] = {
	{.name = "reason", .label = "复查退回原因", .type = FT_TEXT, .max_len = 500,
	 .flags = F_REQUIRED},
};

/* Rejecting a verification is the verifier's decision: the same people. */
static const char *reject_refuse(struct ectx *c, const json_t *row)
{
	return verify_refuse(c, row);
}

/* An enterprise cannot dismiss what a regulator registered, a major hazard or one
 * under 督办; the regulator may (a registration made in error). */
static const char *dismiss_refuse(struct ectx *c, const json_t *row)
{
	if (hz_protected(row))
		return role_is(c, ROLE_REGULATOR) || role_is(c, ROLE_ADMIN) ? NULL :
			"监管部门登记、重大或挂牌督办的隐患，企业不能不予受理";
	return role_is(c, ROLE_REGULATOR) ? "企业自查的隐患由企业决定是否受理" : NULL;
}

static int reason_apply(struct wf_call *w)
{
	json_object_set(w->set, "reject_reason", json_object_get(w->in, "reason"));
	return 0;
}

/* 不予受理: a hazard under 督办 that the regulator finds registered in error also
 * leaves the 督办, recorded with the reason (no plate stays up on a non-hazard). */
static int dismiss_apply(struct wf_call *w)
{
	reason_apply(w);
	if (row_bool(w->row, "supervised")) {
		json_object_set_new(w->set, "supervised", json_false());
		json_object_set_new(w->set, "supervise_end_at", json_string(w->today));
		json_object_set(w->set, "supervise_end_note", json_object_get(w->in, "reason"));
	}
	return 0;
}

/* 验收不通过: back to the rectifier, who hears why. */
static int reject_apply(struct wf_call *w)
{
	int64_t to = row_int(w->row, "rectifier_id") ? row_int(w->row, "rectifier_id") :
		row_int(w->row, "plan_responsible_id");

	reason_apply(w);
	return to ? inbox_send(w->c, to, "returned",
			       arena_printf(w->err->arena, "隐患验收未通过：%s", row_str(w->row, "title")),
			       row_str(w->in, "reason"),
			       arena_printf(w->err->arena, "/hazard/%" PRId64, w->id), "hazard", w->id) : 0;
}

/* ------------------------------------------------------- close (销账) */

static const struct field_def in_close[] = {
	{.name = "note", .label = "复查意见", .type = FT_TEXT, .max_len = 500},
};

static const char *close_refuse(struct ectx *c, const json_t *row)
{
	return hz_supervisor(c, row) ? NULL : "该隐患由挂牌督办的监管部门复查销账";
}

/* 重大事故隐患 reaches 已销号 only with its 双报告 (安全生产法 第四十一条第二款). */
static int close_guard(struct wf_call *w)
{
	if (same(row_str(w->row, "level"), "major") && !row_bool(w->row, "dual_reported")) {
		verr_set(w->err, 409, "dual_report_missing",
			 "重大事故隐患须完成双报告（报告日期及现状原因、危害程度、治理方案）后才能销账");
		return -1;
	}
	return 0;
}

static int close_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "closed_at", json_string(w->today));
	json_object_set_new(w->set, "closed_by",
			    w->c->user ? json_integer(w->c->user->id) : json_null());
	return 0;
}

static int review_apply(struct wf_call *w)
{
	json_object_set(w->set, "reject_reason", json_object_get(w->in, "reason"));
	json_object_set_new(w->set, "verifier_id", json_null());
	json_object_set_new(w->set, "verified_at", json_null());
	/* 被监管部门退回: the enterprise's managers and principal hear why */
	return inbox_send_enterprise(w->c, row_int(w->row, "org_id"),
				     (1u << ROLE_ENT_MANAGER) | (1u << ROLE_ENT_PRINCIPAL), "returned",
				     arena_printf(w->err->arena, "监管部门复查退回：%s", row_str(w->row, "title")),
				     row_str(w->in, "reason"),
				     arena_printf(w->err->arena, "/hazard/%" PRId64, w->id), "hazard", w->id) < 0
		? -1 : 0;
}

/* ------------------------------------------------- supervise / unsupervise */

static const struct field_def in_supervise[] = {
	{.name = "deadline", .label = "督办期限", .type = FT_DATE, .flags = F_REQUIRED},
	{.name = "note", .label = "督办要求", .type = FT_TEXT, .max_len = 500},
};
static const struct field_def in_unsupervise[] = {
	{.name = "note", .label = "摘牌说明", .type = FT_TEXT, .max_len = 500, .flags = F_REQUIRED},
};

/* 挂牌督办 applies to a major hazard not yet under 督办. */
static const char *supervise_inapplicable(const json_t *row, const char **code)
{
	if (!same(row_str(row, "level"), "major")) {
		*code = "not_major";
		return "仅重大事故隐患可以挂牌督办";
	}
	if (row_bool(row, "supervised")) {
		*code = "already_supervised";
		return "该隐患已挂牌督办";
	}
	return NULL;
}

static int supervise_guard(struct wf_call *w)
{
	if (strcmp(row_str(w->in, "deadline"), w->today) < 0)
		return bad(w, "deadline", "督办期限不能早于今天");
	return 0;
}

static int supervise_apply(struct wf_call *w)
{
	const char *note = row_str(w->in, "note");

	json_object_set(w->set, "supervise_deadline", json_object_get(w->in, "deadline"));
	json_object_set(w->set, "supervise_note", json_object_get(w->in, "note"));
	json_object_set_new(w->set, "supervised", json_true());
	json_object_set_new(w->set, "supervise_org_id",
			    w->c->user ? json_integer(w->c->user->org_id) : json_null());
	json_object_set_new(w->set, "supervise_at", json_string(w->today));
	json_object_set_new(w->set, "supervise_end_at", json_null());
	json_object_set_new(w->set, "supervise_end_note", json_null());
	w->note = arena_printf(w->err->arena, "督办期限 %s%s%s", row_str(w->in, "deadline"),
			       note ? "；" : "", note ? note : "");
	/* 督办 issued to the enterprise: its managers and principal */
	return inbox_send_enterprise(w->c, row_int(w->row, "org_id"),
				     (1u << ROLE_ENT_MANAGER) | (1u << ROLE_ENT_PRINCIPAL), "supervised",
				     arena_printf(w->err->arena, "重大事故隐患挂牌督办：%s", row_str(w->row, "title")),
				     w->note, arena_printf(w->err->arena, "/hazard/%" PRId64, w->id),
				     "hazard", w->id) < 0 ? -1 : 0;
}

static const char *unsupervise_inapplicable(const json_t *row, const char **code)
{
	(void)code;
	return row_bool(row, "supervised") ? NULL : "该隐患未挂牌督办";
}

static const char *unsupervise_refuse(struct ectx *c, const json_t *row)
{
	return hz_supervisor(c, row) ? NULL : "只有挂牌督办的监管部门可以摘牌";
}

static int unsupervise_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "supervised", json_false());
	json_object_set_new(w->set, "supervise_end_at", json_string(w->today));
	json_object_set(w->set, "supervise_end_note", json_object_get(w->in, "note"));
	return 0;
}

/* ----------------------------------------------------------- extend */

static const struct field_def in_extend[] = {
	{.name = "new_deadline", .label = "延期后的整改期限", .type = FT_DATE, .flags = F_REQUIRED},
	{.name = "reason", .label = "延期原因", .type = FT_TEXT, .max_len = 500, .flags = F_REQUIRED},
};

static const char *extend_refuse(struct ectx *c, const json_t *row)
{
	if (row_int(row, "plan_responsible_id") == c->user->id || role_is(c, ROLE_ENT_MANAGER))
		return NULL;
	return "无权申请延期";
}

/* Files the request (a hazard_extension row, 201) — the hazard itself changes when
 * the request is approved. One pending request at a time. */
static int extend_apply(struct wf_call *w)
{
	const char *old = row_str(w->row, "deadline"), *nd = row_str(w->in, "new_deadline");
	int64_t n = 0, xid;
	json_t *x;

	if (old && strcmp(nd, old) <= 0)
		return bad(w, "new_deadline", "延期后的整改期限须晚于现行整改期限");
	if (db_query_int64p(w->c->db, "SELECT COUNT(*) FROM hazard_extension WHERE hazard_id = ?"
			    " AND status = 'pending'", w->id, &n, 0) != 0)
		return -1;
	if (n) {
		verr_set(w->err, 409, "conflict", "该隐患已有待审批的延期申请");
		return -1;
	}
	x = json_pack("{s:I, s:I, s:s?, s:s, s:s, s:s, s:o, s:s}", "org_id",
		      (json_int_t)row_int(w->row, "org_id"), "hazard_id", (json_int_t)w->id,
		      "old_deadline", old, "new_deadline", nd, "reason", row_str(w->in, "reason"),
		      "status", "pending", "requested_by",
		      w->c->user ? json_integer(w->c->user->id) : json_null(),
		      "requested_at", w->now);
	xid = entity_sys_create_tx(w->c, &ext_def, x, w->err);
	json_decref(x);
	if (xid < 0)
		return -1;
	w->note = arena_printf(w->err->arena, "申请将整改期限由 %s 延至 %s", old ? old : "（无）", nd);
	w->send_def = &ext_def;
	w->send_id = xid;
	w->send_status = 201;
	return 0;
}

/* --------------------------------------------------------- the declaration */

static const char *const from_registered[] = { "registered", NULL };
static const char *const from_rectifying[] = { "rectifying", NULL };
static const char *const from_pending[] = { "pending", NULL };
static const char *const from_verified[] = { "verified", NULL };
static const char *const from_open[] = { "registered", "rectifying", "pending", "verified", NULL };
static const char *const from_ended[] = { "verified", "closed", NULL };

static const struct wf_state hz_states[] = {
	{"registered", "已登记", WS_OPEN},
	{"rectifying", "整改中", WS_OPEN},
	{"pending", "待验收", WS_OPEN},
	{"verified", "待销账", WS_OPEN},
	{"closed", "已销号", WS_FINAL},
	{"dismissed", "不予受理", WS_FINAL},
};

#define IN(a) .inputs = (a), .ninputs = ARRAY_SIZE(a)
static const struct wf_action hz_actions[] = {
	{.verb = "assign", .label = "下达整改", .from = from_registered, .to = "rectifying",
	 .roles = HZ_MANAGERS, .refuse = assign_refuse, IN(in_assign),
	 .guard = assign_guard, .apply = assign_apply, .flags = WA_SET_INPUTS},
	{.verb = "dismiss", .label = "不予受理", .from = from_registered, .to = "dismissed",
	 .roles = HZ_MANAGERS | RB(ROLE_REGULATOR), .refuse = dismiss_refuse, IN(in_dismiss),
	 .apply = dismiss_apply},
	{.verb = "submit", .label = "提交验收", .from = from_rectifying, .to = "pending",
	 .roles = HZ_ENT_ROLES, .may = submit_may, .deny = "无权提交验收", IN(in_submit),
	 .apply = submit_apply, .flags = WA_SET_INPUTS},
	{.verb = "extend", .label = "申请延期", .from = from_rectifying,
	 .roles = HZ_ENT_ROLES, .refuse = extend_refuse, IN(in_extend),
	 .apply = extend_apply, .flags = WA_NO_WRITE},
	{.verb = "verify", .label = "验收销号", .from = from_pending, .to = "closed",
	 .roles = HZ_MANAGERS | RB(ROLE_REGULATOR), .refuse = verify_refuse, IN(in_verify),
	 .guard = verify_guard, .apply = verify_apply},
	{.verb = "reject", .label = "验收不通过", .from = from_pending, .to = "rectifying",
	 .roles = HZ_MANAGERS | RB(ROLE_REGULATOR), .refuse = reject_refuse, IN(in_reject),
	 .apply = reject_apply},
	{.verb = "close", .label = "复查销账", .from = from_verified, .to = "closed",
	 .roles = HZ_REGULATORS, .refuse = close_refuse, IN(in_close),
	 .guard = close_guard, .apply = close_apply},
	{.verb = "review_reject", .label = "复查退回", .from = from_verified, .to = "rectifying",
	 .roles = HZ_REGULATORS, .refuse = close_refuse, IN(in_review), .apply = review_apply},
	{.verb = "supervise", .label = "挂牌督办", .from = from_open,
	 .roles = HZ_REGULATORS, .inapplicable = supervise_inapplicable, IN(in_supervise),
	 .guard = supervise_guard, .apply = supervise_apply},
	{.verb = "unsupervise", .label = "摘牌", .from = from_ended,
	 .roles = HZ_REGULATORS, .refuse = unsupervise_refuse,
	 .inapplicable = unsupervise_inapplicable, IN(in_unsupervise),
	 .apply = unsupervise_apply},
};

const struct workflow hazard_workflow = {
	.status_field = "status",
	.states = hz_states, .nstates = ARRAY_SIZE(hz_states),
	.actions = hz_actions, .nactions = ARRAY_SIZE(hz_actions),
	.event_entity = "hazard_event", .event_ref = "hazard_id", .noun = "隐患",
};

/* ---------------------------------------------------- extension decisions */

/* Who decides an extension (issue 3 and 原安监总局令第16号 第十八条): for a hazard
 * under 挂牌督办 the supervising regulator (so the 督办 deadline moves only by its
 * decision); for another major hazard a regulator; for a general hazard the
 * enterprise's manager or principal; the administrator either; never the person
 * who asked. */
static const char *decide_refuse(struct ectx *c, const json_t *ext)
{
	struct ectx sc = *c;
	json_t *hz;
	const char *why = NULL;

	if (row_int(ext, "requested_by") == c->user->id)
		return "不能审批本人提出的延期申请";
	sc.sys = 1;
	hz = entity_get(&sc, &hazard_def, row_int(ext, "hazard_id"));
	if (!hz)
		return "记录不存在";
	if (role_is(c, ROLE_ADMIN))
		why = NULL;
	else if (row_bool(hz, "supervised"))
		why = role_is(c, ROLE_REGULATOR) && row_int(hz, "supervise_org_id") == c->user->org_id ?
			NULL : "挂牌督办隐患的延期须由督办的监管部门审批";
	else if (same(row_str(hz, "level"), "major"))
		why = role_is(c, ROLE_REGULATOR) ? NULL : "重大隐患的延期须由监管部门审批";
	else
		why = role_is(c, ROLE_ENT_MANAGER) || role_is(c, ROLE_ENT_PRINCIPAL) ? NULL :
			"无权审批延期申请";
	json_decref(hz);
	return why;
}

static const struct field_def in_approve[] = {
	{.name = "note", .label = "审批意见", .type = FT_TEXT, .max_len = 500},
};
static const struct field_def in_ext_reject[] = {
	{.name = "reason", .label = "驳回理由", .type = FT_TEXT, .max_len = 500, .flags = F_REQUIRED},
};

/* Records the decision on the request and, on approval, moves the hazard's deadline
 * (and a supervised hazard's 督办 deadline when the new one is later: the
 * supervising regulator has decided). The hazard's timeline gets the event. */
static int decide(struct wf_call *w, int approve)
{
	struct ectx sc = *w->c;
	const char *text = approve ? row_str(w->in, "note") : row_str(w->in, "reason");
	const char *nd = row_str(w->row, "new_deadline"), *hst;
	json_t *hz = NULL, *hset = NULL;
	int rc = -1, r;

	json_object_set_new(w->set, "decided_by",
			    w->c->user ? json_integer(w->c->user->id) : json_null());
	json_object_set_new(w->set, "decided_at", json_string(w->now));
	json_object_set_new(w->set, "decision_note", text ? json_string(text) : json_null());
	sc.sys = 1;
	hz = entity_get(&sc, &hazard_def, row_int(w->row, "hazard_id"));
	if (!hz)
		goto out;
	hst = row_str(hz, "status");
	if (approve) {
		const char *sdl = row_str(hz, "supervise_deadline");
		if (!same(hst, "rectifying") && !same(hst, "pending")) {
			verr_set(w->err, 409, "bad_state",
				 arena_printf(w->err->arena, "隐患当前状态为%s，不能延期",
					      wf_state_label(&hazard_workflow, hst)));
			goto out;
		}
		hset = json_pack("{s:s}", "deadline", nd);
		if (row_bool(hz, "supervised") && sdl && strcmp(nd, sdl) > 0)
			json_object_set_new(hset, "supervise_deadline", json_string(nd));
		r = entity_set_tx(w->c, &hazard_def, row_int(hz, "id"), hst, hset, "extend_approve",
				  w->err);
		if (r < 0)
			goto out;
		if (r == 0) {
			verr_set(w->err, 409, "bad_state", "隐患状态已被他人更新，请刷新后重试");
			goto out;
		}
	}
	if (wf_event_write(w->c, &hazard_def, hz, approve ? "extend_approve" : "extend_reject",
			   hst, hst, approve ? NULL : text,
			   approve ? arena_printf(w->err->arena, "整改期限由 %s 延至 %s%s%s",
						  row_str(w->row, "old_deadline") ?
						  row_str(w->row, "old_deadline") : "（无）",
						  nd, text ? "；" : "", text ? text : "")
				   : NULL) < 0)
		goto out;
	rc = 0;
out:
	json_decref(hz);
	json_decref(hset);
	return rc;
}

static int approve_apply(struct wf_call *w) { return decide(w, 1); }
static int ext_reject_apply(struct wf_call *w) { return decide(w, 0); }

static const char *const from_ext_pending[] = { "pending", NULL };

static const struct wf_state ext_states[] = {
	{"pending", "待审批", WS_OPEN},
	{"approved", "已批准", WS_FINAL},
	{"rejected", "已驳回", WS_FINAL},
};

static const struct wf_action ext_actions[] = {
	{.verb = "approve", .label = "批准延期", .from = from_ext_pending, .to = "approved",
	 .roles = HZ_MANAGERS | RB(ROLE_REGULATOR), .refuse = decide_refuse, IN(in_approve),
	 .apply = approve_apply, .flags = WA_NO_EVENT},
	{.verb = "reject", .label = "驳回延期", .from = from_ext_pending, .to = "rejected",
	 .roles = HZ_MANAGERS | RB(ROLE_REGULATOR), .refuse = decide_refuse, IN(in_ext_reject),
	 .apply = ext_reject_apply, .flags = WA_NO_EVENT},
};

const struct workflow extension_workflow = {
	.status_field = "status",
	.states = ext_states, .nstates = ARRAY_SIZE(ext_states),
	.actions = ext_actions, .nactions = ARRAY_SIZE(ext_actions),
	.noun = "延期申请",
};
