/*
 * task_flow.c — 督办 of the task list (issue 11, Task lists and 督办; seeds/003 item
 * 7: 对重点任务落实情况开展督查督办): a notice to the unit that carries a task, with
 * a required reply by a deadline; only the issuer closes it.
 *
 *   待回复 issued ─reply (回复, reply)─▶ 已回复 replied ─close (办结)─▶ 已办结 closed
 *                         ▲                         │
 *                         └──reject (退回重办, reason)┘
 *
 * Entity task_notice (督办通知): created by a regulator (or the admin) against a
 * unit's assignment (task_unit, whose org — the 成员单位's — it takes); the unit's
 * department accounts hear of it (inbox "supervised"), reply; the issuer (created_by)
 * or the admin closes or sends it back (403「只有督办发起人可以办结」 otherwise); a
 * reply sent back tells the unit again ("returned"). overdue: not replied by the
 * deadline.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/json.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "entity/inbox.h"
#include "http/http.h"
#include "mod/task.h"

#define RB(r) (1u << (r))
#define NOTICE_ISSUERS (RB(ROLE_ADMIN) | RB(ROLE_REGULATOR))
#define NOTICE_REPLIERS (RB(ROLE_ADMIN) | RB(ROLE_DEPARTMENT))

static const struct enum_opt notice_status_opts[] = {
	{"issued", "待回复"},
	{"replied", "已回复"},
	{"closed", "已办结"},
	{NULL, NULL}
};

static int notice_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int notice_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			       const json_t *old, struct verr *e);
static int notice_after_write(struct ectx *c, enum entity_action a, int64_t id,
			      const json_t *before, const json_t *after, struct verr *e);

static const struct field_def notice_fields[] = {
	{.name = "task_unit_id", .label = "督办任务", .type = FT_REF, .ref = "task_unit",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "task_id", .label = "任务", .type = FT_REF, .ref = "task",
	 .flags = F_READONLY | F_FILTER | F_HIDDEN},
	{.name = "title", .label = "重点任务", .type = FT_TEXT, .max_len = 200,
	 .flags = F_READONLY | F_LIST | F_SEARCH},
	{.name = "unit_name", .label = "督办单位", .type = FT_TEXT, .max_len = 100,
	 .flags = F_READONLY | F_LIST},
	{.name = "content", .label = "督办事项", .type = FT_LONGTEXT, .max_len = 4000,
	 .flags = F_REQUIRED | F_LIST},
	{.name = "reply_deadline", .label = "回复期限", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = notice_status_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "reply", .label = "回复内容", .type = FT_LONGTEXT, .max_len = 4000,
	 .flags = F_READONLY | F_LIST},
	{.name = "replied_at", .label = "回复时间", .type = FT_DATETIME, .flags = F_READONLY | F_LIST},
	{.name = "replied_by", .label = "回复人", .type = FT_REF, .ref = "user", .flags = F_READONLY},
	{.name = "reject_reason", .label = "退回理由", .type = FT_TEXT, .max_len = 500,
	 .flags = F_READONLY},
	{.name = "closed_at", .label = "办结时间", .type = FT_DATETIME, .flags = F_READONLY | F_LIST},
	{.name = "overdue", .label = "逾期未回复", .type = FT_BOOL, .flags = F_LIST | F_FILTER,
	 .expr = "CASE WHEN t.status = 'issued' AND t.reply_deadline < {today} THEN 1 ELSE 0 END"},
};

/* Only the issuer closes (or sends back) its 督办; the admin may always. */
static const char *issuer_refuse(struct ectx *c, const json_t *row)
{
	if (!c->user || c->user->role == ROLE_ADMIN || row_int(row, "created_by") == c->user->id)
		return NULL;
	return "只有督办发起人可以办结或退回";
}

static const struct wf_state notice_states[] = {
	{"issued", "待回复", WS_OPEN},
	{"replied", "已回复", WS_OPEN},
	{"closed", "已办结", WS_FINAL},
};
static const char *const from_issued[] = { "issued", NULL };
static const char *const from_replied[] = { "replied", NULL };
static const struct field_def reply_inputs[] = {
	{.name = "reply", .label = "回复内容", .type = FT_LONGTEXT, .max_len = 4000, .flags = F_REQUIRED},
};
static const struct field_def reject_inputs[] = {
	{.name = "reason", .label = "退回理由", .type = FT_TEXT, .max_len = 500, .flags = F_REQUIRED},
};
static const struct field_def close_inputs[] = {
	{.name = "note", .label = "办结意见", .type = FT_TEXT, .max_len = 500},
};
static int reply_apply(struct wf_call *w);
static int reject_apply(struct wf_call *w);
static int close_apply(struct wf_call *w);
static const struct wf_action notice_actions[] = {
	{.verb = "reply", .label = "回复", .from = from_issued, .to = "replied",
	 .roles = NOTICE_REPLIERS, .deny = "只有被督办的成员单位可以回复",
	 .inputs = reply_inputs, .ninputs = ARRAY_SIZE(reply_inputs), .apply = reply_apply,
	 .flags = WA_NO_EVENT},
	{.verb = "reject", .label = "退回重办", .from = from_replied, .to = "issued",
	 .roles = NOTICE_ISSUERS, .deny = "只有督办发起人可以退回", .refuse = issuer_refuse,
	 .inputs = reject_inputs, .ninputs = ARRAY_SIZE(reject_inputs), .apply = reject_apply,
	 .flags = WA_NO_EVENT},
	{.verb = "close", .label = "办结", .from = from_replied, .to = "closed",
	 .roles = NOTICE_ISSUERS, .deny = "只有督办发起人可以办结", .refuse = issuer_refuse,
	 .inputs = close_inputs, .ninputs = ARRAY_SIZE(close_inputs), .apply = close_apply,
	 .flags = WA_NO_EVENT},
};
static const struct workflow notice_wf = {
	.status_field = "status",
	.states = notice_states, .nstates = ARRAY_SIZE(notice_states),
	.actions = notice_actions, .nactions = ARRAY_SIZE(notice_actions),
	.noun = "督办",
};

static const struct entity_def notice_def = {
	.name = "task_notice", .table = "task_notice", .label = "督办通知",
	.fields = notice_fields, .nfields = ARRAY_SIZE(notice_fields),
	.flags = E_NO_UPDATE | E_NO_DELETE,
	.write_roles = NOTICE_ISSUERS,
	.display_field = "title", .default_sort = "-id",
	.validate = notice_validate, .before_write = notice_before_write,
	.after_write = notice_after_write, .workflow = &notice_wf,
};

/* The reply deadline may not be in the past. */
static int notice_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	char today[11];
	const char *d = row_str(obj, "reply_deadline");

	(void)c;
	if (old)
		return 0;
	entity_today(today);
	if (d && strcmp(d, today) < 0)
		verr_add(e, "reply_deadline", "回复期限不能早于今天");
	return 0;
}

/* The notice takes its assignment's org (the unit's), task title and unit name. */
static int notice_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			       const json_t *old, struct verr *e)
{
	struct db_stmt *st;
	int ok = 0;

	(void)old;
	if (a != EA_CREATE)
		return 0;
	st = db_prepare(c->db, "SELECT org_id, title, unit_name, task_id FROM task_unit WHERE id = ?");
	if (st && db_bind_int64(st, 1, row_int(obj, "task_unit_id")) == 0 && db_step(st) == DB_ROW) {
		json_object_set_new(obj, "task_id", json_integer(db_col_int64(st, 3)));
		json_object_set_new(obj, "org_id", json_integer(db_col_int64(st, 0)));
		json_object_set_new(obj, "title", json_string(db_col_text(st, 1)));
		json_object_set_new(obj, "unit_name", json_string(db_col_text(st, 2)));
		ok = 1;
	}
	db_finalize(st);
	if (!ok) {
		verr_add(e, "task_unit_id", "督办任务不存在");
		return -1;
	}
	json_object_set_new(obj, "status", json_string("issued"));
	return 0;
}

/* The unit's department accounts hear of a new 督办. */
static int notify_unit(struct ectx *c, const json_t *row, int64_t id, const char *kind,
		       const char *title)
{
	return inbox_send_enterprise(c, row_int(row, "org_id"), RB(ROLE_DEPARTMENT), kind,
				     arena_printf(c->arena, "%s：%s", title, row_str(row, "title")),
				     row_str(row, "content"), "/task/mine", "task_notice", id) < 0 ? -1 : 0;
}

static int notice_after_write(struct ectx *c, enum entity_action a, int64_t id,
			      const json_t *before, const json_t *after, struct verr *e)
{
	(void)before;
	if (a != EA_CREATE)
		return 0;
	if (notify_unit(c, after, id, "supervised", "督办通知") != 0) {
		verr_set(e, 500, "internal", "服务器内部错误");
		return -1;
	}
	return 0;
}

static int reply_apply(struct wf_call *w)
{
	json_object_set(w->set, "reply", json_object_get(w->in, "reply"));
	json_object_set_new(w->set, "replied_at", json_string(w->now));
	json_object_set_new(w->set, "replied_by", w->c->user ? json_integer(w->c->user->id) : json_null());
	return 0;
}

static int reject_apply(struct wf_call *w)
{
	json_object_set(w->set, "reject_reason", json_object_get(w->in, "reason"));
	return inbox_send_enterprise(w->c, row_int(w->row, "org_id"), RB(ROLE_DEPARTMENT), "returned",
				     arena_printf(w->err->arena, "督办回复被退回：%s", row_str(w->row, "title")),
				     row_str(w->in, "reason"), "/task/mine", "task_notice", w->id) < 0 ? -1 : 0;
}

static int close_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "closed_at", json_string(w->now));
	return 0;
}

void task_flow_init(void)
{
	entity_register(&notice_def);
}
