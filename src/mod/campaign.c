/*
 * campaign.c — 专项行动 (campaign.h): a regulator's time-boxed campaign, its
 * phases and required items, the participating enterprises chosen by a filter
 * (all supervised, an industry, the high-risk ones, a list — stored as the list
 * that resulted), and per enterprise × item one campaign_task:
 *
 *   待提交 pending ─submit─▶ 已提交 submitted ─accept─▶ 通过 accepted (final)
 *                                       └─return (reason)─▶ 退回 returned ─submit─▶ …
 *
 * An item is a self-check against a checklist template (done when an inspection
 * of that template's family by the enterprise is finished within the campaign's
 * dates: the task links the inspection, nothing is copied), an activity record of
 * 六个一 (一学 with attendance, 一拍 with photos, 一交流 with the month's theme, 一讲,
 * 一谈 an article ≤ 2000字 with where it was published, 一检查), or a document /
 * summary (text and files) due by a date. Every task is a duty of the calendar
 * (campaign_task_due: due at the item's date, done while submitted or accepted —
 * a returned one is due again — at its first submission), so reminders and the
 * calendar apply. The regulator's review: accept, or return with a comment (the
 * enterprise hears it in the inbox).
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
#include "entity/target.h"
#include "http/http.h"
#include "mod/campaign.h"
#include "mod/campaign_int.h"
#include "mod/mod.h"
#include "rules/campaign.h"

#define RB(r) (1u << (r))
#define CMP_REGULATORS (RB(ROLE_ADMIN) | RB(ROLE_REGULATOR))
#define CMP_READERS (CMP_REGULATORS | RB(ROLE_DEPARTMENT))
#define CMP_ENT_WRITERS (RB(ROLE_ADMIN) | RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL))

/* ------------------------------------------------------------------ options */

static const struct enum_opt target_opts[] = {
	{"all", "全部监管企业"},
	{"industry", "指定行业门类"},
	{"high_risk", "高危行业企业"},
	{"list", "指定企业"},
	{NULL, NULL}
};

static const struct enum_opt kind_opts[] = {
	{"selfcheck", "对标自查"},
	{"activity", "活动记录"},
	{"document", "材料/总结"},
	{NULL, NULL}
};

static const struct enum_opt activity_opts[] = {
	{"study", "一学（学习培训）"},
	{"snapshot", "一拍（随手拍）"},
	{"exchange", "一交流（每月主题交流）"},
	{"lecture", "一讲（主要负责人授课）"},
	{"article", "一谈（班子成员文章）"},
	{"inspection", "一检查（安全生产大检查）"},
	{NULL, NULL}
};

static const struct enum_opt status_opts[] = {
	{"pending", "待提交"},
	{"submitted", "已提交"},
	{"accepted", "通过"},
	{"returned", "退回"},
	{NULL, NULL}
};

static const struct enum_opt cell_opts[] = {
	{"done", "按时完成"},
	{"late", "逾期完成"},
	{"missing", "逾期未交"},
	{"returned", "退回待改"},
	{"waiting", "未到期"},
	{NULL, NULL}
};

/* The progress cell as SQL over a task t: rules/campaign.c cmp_cell, which
 * tests/unit/test_campaign.c pins. */
#define CMP_CELL_SQL \
	"CASE WHEN t.status = 'returned' THEN 'returned'" \
	" WHEN t.status IN ('submitted', 'accepted') AND substr(t.first_submitted_at, 1, 10) <= t.due_date" \
	" THEN 'done'" \
	" WHEN t.status IN ('submitted', 'accepted') THEN 'late'" \
	" WHEN t.due_date < {today} THEN 'missing' ELSE 'waiting' END"

/* ------------------------------------------------------------- campaign */

static int cmp_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);

static const struct field_def cmp_fields[] = {
	{.name = "name", .label = "专项行动名称", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST | F_SORT, .group = "基本信息"},
	{.name = "template", .label = "模板", .type = FT_TEXT, .max_len = 40,
	 .flags = F_READONLY | F_HIDDEN | F_FILTER},
	{.name = "year", .label = "年度", .type = FT_INT, .min = 2000, .max = 2100,
	 .flags = F_REQUIRED | F_FILTER | F_LIST | F_SORT, .group = "基本信息"},
	{.name = "issuer", .label = "发文单位", .type = FT_TEXT, .max_len = 200, .flags = F_LIST,
	 .group = "基本信息"},
	{.name = "source", .label = "依据文件", .type = FT_TEXT, .max_len = 300, .group = "基本信息"},
	{.name = "description", .label = "工作要求", .type = FT_LONGTEXT, .group = "基本信息"},
	{.name = "start_date", .label = "开始日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT, .group = "时间"},
	{.name = "end_date", .label = "结束日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST, .group = "时间"},
	{.name = "target", .label = "参与企业", .type = FT_ENUM, .opts = target_opts,
	 .flags = F_REQUIRED | F_LIST | F_FILTER, .group = "参与企业"},
	{.name = "target_industry", .label = "行业门类", .type = FT_TEXT, .max_len = 1,
	 .group = "参与企业", .help = "参与企业为指定行业门类时：门类代码，如 C（制造业）"},
	{.name = "target_list", .label = "指定企业", .type = FT_TEXT, .max_len = 4000,
	 .group = "参与企业", .help = "参与企业为指定企业时：企业机构编号，逗号分隔"},
	{.name = "participants", .label = "参与企业名单", .type = FT_TEXT, .max_len = 20000,
	 .flags = F_READONLY | F_HIDDEN},
	{.name = "participant_count", .label = "参与企业数", .type = FT_INT,
	 .flags = F_READONLY | F_LIST},
	{.name = "launched_at", .label = "部署时间", .type = FT_DATETIME,
	 .flags = F_READONLY | F_LIST},
};

const struct entity_def campaign_def = {
	.name = "campaign", .table = "campaign", .label = "专项行动",
	.fields = cmp_fields, .nfields = ARRAY_SIZE(cmp_fields),
	.read_roles = CMP_READERS, .write_roles = CMP_REGULATORS,
	.display_field = "name", .default_sort = "-id", .validate = cmp_validate,
};

static int cmp_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *s = row_str(obj, "start_date"), *end = row_str(obj, "end_date"),
		   *t = row_str(obj, "target");

	(void)c;
	(void)old;
	if (s && end && strcmp(s, end) > 0)
		verr_add(e, "end_date", "结束日期不能早于开始日期");
	if (t && strcmp(t, "list") == 0 && !ent_target_list_ok(row_str(obj, "target_list")))
		verr_add(e, "target_list", "指定企业须为企业机构编号，逗号分隔");
	if (t && strcmp(t, "industry") == 0) {
		const char *ind = row_str(obj, "target_industry");
		if (!ind || ind[0] < 'A' || ind[0] > 'T')
			verr_add(e, "target_industry", "请填写行业门类代码（A—T）");
	}
	return 0;
}

/* A phase or an item belongs to its campaign's org. */
static int child_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			      const json_t *old, struct verr *e)
{
	json_t *cmp;

	(void)old;
	if (a != EA_CREATE)
		return 0;
	cmp = entity_get(c, &campaign_def, row_int(obj, "campaign_id"));
	if (!cmp) {
		verr_add(e, "campaign_id", "专项行动不存在");
		return -1;
	}
	json_object_set_new(obj, "org_id", json_integer(row_int(cmp, "org_id")));
	json_decref(cmp);
	return 0;
}

static int phase_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *s = row_str(obj, "start_date"), *end = row_str(obj, "end_date");

	(void)c;
	(void)old;
	if (s && end && strcmp(s, end) > 0)
		verr_add(e, "end_date", "结束日期不能早于开始日期");
	return 0;
}

static const struct field_def phase_fields[] = {
	{.name = "campaign_id", .label = "专项行动", .type = FT_REF, .ref = "campaign",
	 .flags = F_REQUIRED | F_FILTER},
	{.name = "seq", .label = "序号", .type = FT_INT, .min = 0, .max = 100,
	 .flags = F_LIST | F_SORT},
	{.name = "name", .label = "阶段", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_LIST},
	{.name = "start_date", .label = "开始日期", .type = FT_DATE, .flags = F_REQUIRED | F_LIST},
	{.name = "end_date", .label = "结束日期", .type = FT_DATE, .flags = F_REQUIRED | F_LIST},
};

static const struct entity_def phase_def = {
	.name = "campaign_phase", .table = "campaign_phase", .label = "专项行动阶段",
	.fields = phase_fields, .nfields = ARRAY_SIZE(phase_fields),
	.read_roles = CMP_READERS, .write_roles = CMP_REGULATORS,
	.display_field = "name", .default_sort = "seq",
	.validate = phase_validate, .before_write = child_before_write,
};

static int item_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *k = row_str(obj, "kind");

	(void)c;
	(void)old;
	if (k && strcmp(k, "selfcheck") == 0 && !row_int(obj, "checklist_id"))
		verr_add(e, "checklist_id", "对标自查须选择检查表");
	if (k && strcmp(k, "activity") == 0 && !row_str(obj, "activity"))
		verr_add(e, "activity", "活动记录须选择活动");
	return 0;
}

static const struct field_def item_fields[] = {
	{.name = "campaign_id", .label = "专项行动", .type = FT_REF, .ref = "campaign",
	 .flags = F_REQUIRED | F_FILTER},
	{.name = "seq", .label = "序号", .type = FT_INT, .min = 0, .max = 1000,
	 .flags = F_LIST | F_SORT},
	{.name = "name", .label = "必报事项", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_LIST | F_SEARCH},
	{.name = "kind", .label = "事项类型", .type = FT_ENUM, .opts = kind_opts,
	 .flags = F_REQUIRED | F_LIST | F_FILTER},
	{.name = "activity", .label = "活动", .type = FT_ENUM, .opts = activity_opts, .flags = F_LIST},
	{.name = "checklist_id", .label = "检查表", .type = FT_REF, .ref = "checklist",
	 .help = "对标自查：以该检查表（任一版本）在专项行动期间完成的检查为准"},
	{.name = "due_date", .label = "截止日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT},
	{.name = "description", .label = "要求", .type = FT_LONGTEXT},
};

static const struct entity_def item_def = {
	.name = "campaign_item", .table = "campaign_item", .label = "专项行动必报事项",
	.fields = item_fields, .nfields = ARRAY_SIZE(item_fields),
	.read_roles = CMP_READERS, .write_roles = CMP_REGULATORS,
	.display_field = "name", .default_sort = "seq",
	.validate = item_validate, .before_write = child_before_write,
};

/* ----------------------------------------------------------------- tasks */

static const struct field_def task_fields[] = {
	{.name = "campaign_id", .label = "专项行动", .type = FT_REF, .ref = "campaign",
	 .flags = F_READONLY | F_FILTER | F_HIDDEN},
	{.name = "campaign_name", .label = "专项行动", .type = FT_TEXT, .max_len = 200,
	 .flags = F_READONLY | F_LIST | F_SEARCH},
	{.name = "item_id", .label = "事项编号", .type = FT_REF, .ref = "campaign_item",
	 .flags = F_READONLY | F_FILTER | F_HIDDEN},
	{.name = "item_seq", .label = "序号", .type = FT_INT, .flags = F_READONLY | F_SORT | F_HIDDEN},
	{.name = "item_name", .label = "必报事项", .type = FT_TEXT, .max_len = 200,
	 .flags = F_READONLY | F_LIST | F_SEARCH},
	{.name = "kind", .label = "事项类型", .type = FT_ENUM, .opts = kind_opts,
	 .flags = F_READONLY | F_LIST | F_FILTER},
	{.name = "activity", .label = "活动", .type = FT_ENUM, .opts = activity_opts,
	 .flags = F_READONLY},
	{.name = "checklist_id", .label = "检查表", .type = FT_REF, .ref = "checklist",
	 .flags = F_READONLY},
	{.name = "requirement", .label = "要求", .type = FT_LONGTEXT, .flags = F_READONLY},
	{.name = "start_date", .label = "开始日期", .type = FT_DATE, .flags = F_READONLY},
	{.name = "end_date", .label = "结束日期", .type = FT_DATE, .flags = F_READONLY},
	{.name = "due_date", .label = "截止日期", .type = FT_DATE,
	 .flags = F_READONLY | F_LIST | F_SORT | F_RANGE},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = status_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "cell", .label = "完成情况", .type = FT_ENUM, .opts = cell_opts,
	 .flags = F_LIST | F_FILTER, .expr = CMP_CELL_SQL},
	{.name = "activity_date", .label = "活动日期", .type = FT_DATE, .flags = F_READONLY},
	{.name = "attendance", .label = "参加人数", .type = FT_INT, .flags = F_READONLY},
	{.name = "theme", .label = "主题", .type = FT_TEXT, .max_len = 200, .flags = F_READONLY},
	{.name = "author", .label = "作者（班子成员）", .type = FT_TEXT, .max_len = 50,
	 .flags = F_READONLY},
	{.name = "published_in", .label = "发布平台", .type = FT_TEXT, .max_len = 200,
	 .flags = F_READONLY},
	{.name = "content", .label = "内容", .type = FT_LONGTEXT, .max_len = 20000,
	 .flags = F_READONLY},
	{.name = "files", .label = "附件", .type = FT_FILES, .flags = F_READONLY},
	{.name = "inspection_id", .label = "自查记录", .type = FT_REF, .ref = "inspection",
	 .flags = F_READONLY},
	{.name = "version", .label = "提交次数", .type = FT_INT, .flags = F_READONLY},
	{.name = "first_submitted_at", .label = "首次提交时间", .type = FT_DATETIME,
	 .flags = F_READONLY},
	{.name = "submitted_at", .label = "提交时间", .type = FT_DATETIME,
	 .flags = F_READONLY | F_LIST | F_SORT},
	{.name = "submitted_by", .label = "提交人", .type = FT_REF, .ref = "user", .flags = F_READONLY},
	{.name = "reviewed_at", .label = "审核时间", .type = FT_DATETIME, .flags = F_READONLY},
	{.name = "reviewed_by", .label = "审核人", .type = FT_REF, .ref = "user", .flags = F_READONLY},
	{.name = "review_comment", .label = "审核意见", .type = FT_TEXT, .max_len = 500,
	 .flags = F_READONLY | F_LIST},
};

static const struct wf_state task_states[] = {
	{"pending", "待提交", WS_OPEN},
	{"submitted", "已提交", WS_OPEN},
	{"accepted", "通过", WS_FINAL},
	{"returned", "退回", WS_OPEN},
};
static const char *const from_editable[] = { "pending", "returned", NULL };
static const char *const from_submitted[] = { "submitted", NULL };
static const struct field_def submit_inputs[] = {
	{.name = "content", .label = "内容", .type = FT_LONGTEXT, .max_len = 20000},
	{.name = "files", .label = "附件", .type = FT_FILES},
	{.name = "activity_date", .label = "活动日期", .type = FT_DATE},
	{.name = "attendance", .label = "参加人数", .type = FT_INT, .min = 1, .max = 100000},
	{.name = "theme", .label = "主题", .type = FT_TEXT, .max_len = 200},
	{.name = "author", .label = "作者（班子成员）", .type = FT_TEXT, .max_len = 50},
	{.name = "published_in", .label = "发布平台", .type = FT_TEXT, .max_len = 200},
	{.name = "inspection_id", .label = "自查记录", .type = FT_REF, .ref = "inspection"},
};
static const struct field_def accept_inputs[] = {
	{.name = "note", .label = "审核意见", .type = FT_TEXT, .max_len = 500},
};
static const struct field_def return_inputs[] = {
	{.name = "reason", .label = "退回意见", .type = FT_TEXT, .max_len = 500, .flags = F_REQUIRED},
};
static int task_submit_guard(struct wf_call *w);
static int task_submit_apply(struct wf_call *w);
static int task_accept_apply(struct wf_call *w);
static int task_return_apply(struct wf_call *w);
static const struct wf_action task_actions[] = {
	{.verb = "submit", .label = "提交", .from = from_editable, .to = "submitted",
	 .roles = CMP_ENT_WRITERS, .deny = "只有企业安全管理员或主要负责人可以提交",
	 .inputs = submit_inputs, .ninputs = ARRAY_SIZE(submit_inputs),
	 .guard = task_submit_guard, .apply = task_submit_apply, .flags = WA_NO_EVENT},
	{.verb = "accept", .label = "审核通过", .from = from_submitted, .to = "accepted",
	 .roles = CMP_REGULATORS, .deny = "只有监管部门可以审核",
	 .inputs = accept_inputs, .ninputs = ARRAY_SIZE(accept_inputs),
	 .apply = task_accept_apply, .flags = WA_NO_EVENT},
	{.verb = "return", .label = "退回", .from = from_submitted, .to = "returned",
	 .roles = CMP_REGULATORS, .deny = "只有监管部门可以退回",
	 .inputs = return_inputs, .ninputs = ARRAY_SIZE(return_inputs),
	 .apply = task_return_apply, .flags = WA_NO_EVENT},
};
static const struct workflow task_wf = {
	.status_field = "status",
	.states = task_states, .nstates = ARRAY_SIZE(task_states),
	.actions = task_actions, .nactions = ARRAY_SIZE(task_actions),
	.noun = "专项行动事项",
};

static const char *const task_indexes[] = { "campaign_id, item_seq", "status, due_date", NULL };

const struct entity_def campaign_task_def = {
	.name = "campaign_task", .table = "campaign_task", .label = "专项行动事项",
	.fields = task_fields, .nfields = ARRAY_SIZE(task_fields),
	.flags = E_NO_CREATE | E_NO_UPDATE | E_NO_DELETE,
	.write_roles = CMP_ENT_WRITERS,
	.display_field = "item_name", .default_sort = "due_date",
	.indexes = task_indexes, .workflow = &task_wf,
};

/* ---------------------------------------------------------------- the duty */

static const struct obligation_def campaign_task_due = {
	.code = "campaign_task_due", .label = "专项行动事项", .module = "campaign",
	.source = "seeds/004 三（百日攻坚各阶段时限）；seeds/002 五（12月5日前报送）；提前5日提醒为平台默认",
	.period = OB_EVENT, .warn_days = 5,
	.proof_entity = "campaign_task", .record_when = "t.due_date IS NOT NULL",
	.record_due = "t.due_date",
	.record_done = "t.status IN ('submitted', 'accepted')",
	.record_done_at = "substr(t.first_submitted_at, 1, 10)",
	.record_title = "t.campaign_name || '：' || t.item_name", .form = "/campaign/mine",
};

const struct obligation_def *const campaign_duties[] = { &campaign_task_due, NULL };

/* ---------------------------------------------------------------- workflow */

static int is(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* The input, else what the row holds. */
static const json_t *val(struct wf_call *w, const char *k)
{
	const json_t *v = json_object_get(w->in, k);

	return v && !json_is_null(v) ? v : json_object_get(w->row, k);
}

static const char *val_str(struct wf_call *w, const char *k)
{
	const json_t *v = val(w, k);

	return json_is_string(v) && *json_string_value(v) ? json_string_value(v) : NULL;
}

static int nfiles(const json_t *v)
{
	json_t *a;
	int n;

	if (json_is_array(v))
		return (int)json_array_size(v);
	if (!json_is_string(v))
		return 0;
	a = json_loads(json_string_value(v), 0, NULL);
	n = json_is_array(a) ? (int)json_array_size(a) : 0;
	json_decref(a);
	return n;
}

/* The earliest finished self-check of the task's checklist family by the
 * enterprise within the campaign's dates (or inspection want, when given, if it
 * is one): its id and done_at, or 0. -1 on error. */
static int64_t selfcheck_find(struct ectx *c, const json_t *task, int64_t want, char at[20])
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT i.id, i.done_at FROM inspection i JOIN checklist k ON k.id = i.checklist_id"
		" WHERE i.org_id = ? AND i.status = 'done' AND i.kind <> 'regulator'"
		" AND k.family_id = (SELECT family_id FROM checklist WHERE id = ?)"
		" AND substr(i.done_at, 1, 10) >= ? AND substr(i.done_at, 1, 10) <= ?"
		" AND (? = 0 OR i.id = ?) ORDER BY i.done_at, i.id LIMIT 1");
	int64_t id = -1;
	int s;

	at[0] = 0;
	if (!st || db_bind_int64(st, 1, row_int(task, "org_id")) ||
	    db_bind_int64(st, 2, row_int(task, "checklist_id")) ||
	    db_bind_text(st, 3, row_str(task, "start_date")) ||
	    db_bind_text(st, 4, row_str(task, "end_date")) || db_bind_int64(st, 5, want) ||
	    db_bind_int64(st, 6, want)) {
		db_finalize(st);
		return -1;
	}
	s = db_step(st);
	if (s == DB_ROW) {
		id = db_col_int64(st, 0);
		snprintf(at, 20, "%s", db_col_text(st, 1) ? db_col_text(st, 1) : "");
	} else if (s == DB_DONE)
		id = 0;
	db_finalize(st);
	return id;
}

/* What each kind of item needs (seeds/002 三; seeds/004 三(二) 痕迹和材料印证):
 *   self-check  a finished inspection of its checklist in the campaign's dates;
 *   一学         the date and how many attended;       一拍  photos;
 *   一交流       the date and the month's theme;        一讲  the date and the theme;
 *   一谈         author, where published, the article ≤ 2000字;
 *   一检查       the date and what was found;
 *   document    the text (files, e.g. the scanned summary, as the enterprise has
 *               them). */
static int task_submit_guard(struct wf_call *w)
{
	const char *kind = row_str(w->row, "kind"), *act = row_str(w->row, "activity");
	const char *content = val_str(w, "content");

	if (is(kind, "selfcheck")) {
		char at[20];
		int64_t want = row_int(w->in, "inspection_id"),
			found = selfcheck_find(w->c, w->row, want, at);

		if (found < 0) {
			verr_set(w->err, 500, "internal", "服务器内部错误");
			return -1;
		}
		if (!found)
			verr_add(w->err, "inspection_id", want
				 ? "所选检查记录不是本企业在专项行动期间用该检查表完成的自查"
				 : "专项行动期间尚无用该检查表完成的自查记录，请先完成对标自查");
		return w->err->status ? -1 : 0;
	}
	if (is(kind, "document")) {
		if (!content)
			verr_add(w->err, "content", "请填写内容");
		return w->err->status ? -1 : 0;
	}
	if (!is(act, "snapshot") && !is(act, "article") && !val_str(w, "activity_date"))
		verr_add(w->err, "activity_date", "请填写活动日期");
	if (is(act, "study") && (!json_is_integer(val(w, "attendance")) ||
				 json_integer_value(val(w, "attendance")) <= 0))
		verr_add(w->err, "attendance", "请填写参加人数");
	if ((is(act, "exchange") || is(act, "lecture")) && !val_str(w, "theme"))
		verr_add(w->err, "theme", is(act, "exchange") ? "请填写本月交流主题" : "请填写课程主题");
	if (is(act, "snapshot") && nfiles(val(w, "files")) == 0)
		verr_add(w->err, "files", "请上传照片");
	if (is(act, "inspection") && !content)
		verr_add(w->err, "content", "请填写检查情况");
	if (is(act, "article")) {
		long n = content ? cmp_text_chars(content) : 0;

		if (!val_str(w, "author"))
			verr_add(w->err, "author", "请填写作者（班子成员）");
		if (!val_str(w, "published_in"))
			verr_add(w->err, "published_in", "请填写发布平台（展示栏、内刊、官网、官微等）");
		if (!content)
			verr_add(w->err, "content", "请填写文章内容");
		else if (n < 0 || n > CMP_ARTICLE_MAX)
			verr_add(w->err, "content", "文章应在%d字以内（现%ld字）", CMP_ARTICLE_MAX, n);
	}
	return w->err->status ? -1 : 0;
}

static json_t *stored(const json_t *v)
{
	char *s;
	json_t *r;

	if (!v || json_is_null(v))
		return json_null();
	if (!json_is_array(v))
		return json_incref((json_t *)v);
	s = json_dumps(v, JSON_COMPACT);
	r = json_string(s ? s : "[]");
	free(s);
	return r;
}

/* submit: the evidence on the row, when and by whom; the first submission's time
 * stays (the matrix and the calendar judge punctuality by it). A self-check is
 * done when its inspection was finished. */
static int task_submit_apply(struct wf_call *w)
{
	static const char *const keep[] = { "content", "files", "activity_date", "attendance",
		"theme", "author", "published_in", NULL };
	const char *first = w->now;
	char at[20];

	for (int i = 0; keep[i]; i++) {
		const json_t *v = json_object_get(w->in, keep[i]);
		if (v && !json_is_null(v))
			json_object_set_new(w->set, keep[i], stored(v));
	}
	if (is(row_str(w->row, "kind"), "selfcheck")) {
		int64_t id = selfcheck_find(w->c, w->row, row_int(w->in, "inspection_id"), at);

		if (id <= 0) {
			verr_set(w->err, 500, "internal", "服务器内部错误");
			return -1;
		}
		json_object_set_new(w->set, "inspection_id", json_integer(id));
		first = at;
	}
	json_object_set_new(w->set, "version", json_integer(row_int(w->row, "version") + 1));
	json_object_set_new(w->set, "submitted_at", json_string(w->now));
	if (!row_str(w->row, "first_submitted_at"))
		json_object_set_new(w->set, "first_submitted_at", json_string(first));
	json_object_set_new(w->set, "submitted_by",
			    w->c->user ? json_integer(w->c->user->id) : json_null());
	json_object_set_new(w->set, "reviewed_at", json_null());
	json_object_set_new(w->set, "reviewed_by", json_null());
	json_object_set_new(w->set, "review_comment", json_null());
	return 0;
}

static void review_set(struct wf_call *w, const char *comment)
{
	json_object_set_new(w->set, "reviewed_at", json_string(w->now));
	json_object_set_new(w->set, "reviewed_by",
			    w->c->user ? json_integer(w->c->user->id) : json_null());
	json_object_set_new(w->set, "review_comment", comment ? json_string(comment) : json_null());
}

static int task_accept_apply(struct wf_call *w)
{
	review_set(w, row_str(w->in, "note"));
	return 0;
}

/* return: the comment on the row; the enterprise's manager and principal hear it;
 * the duty is due again. */
static int task_return_apply(struct wf_call *w)
{
	const char *reason = row_str(w->in, "reason");

	review_set(w, reason);
	return inbox_send_enterprise(w->c, row_int(w->row, "org_id"),
				     RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL), "returned",
				     arena_printf(w->err->arena, "专项行动事项被退回：%s",
						  row_str(w->row, "item_name")),
				     reason, arena_printf(w->err->arena, "/campaign/mine?id=%" PRId64, w->id),
				     "campaign_task", w->id) < 0 ? -1 : 0;
}

/* ----------------------------------------------------------- from template */

static int64_t checklist_by_code(struct db *db, const char *code)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM checklist WHERE code = ?"
					" ORDER BY is_current DESC, version DESC LIMIT 1");
	int64_t id = -1;
	int s;

	if (st && db_bind_text(st, 1, code) == 0) {
		s = db_step(st);
		id = s == DB_ROW ? db_col_int64(st, 0) : s == DB_DONE ? 0 : -1;
	}
	db_finalize(st);
	return id;
}

int64_t campaign_from_template_tx(struct ectx *c, const char *code, int year, int64_t org,
				  struct verr *e)
{
	const struct cmp_template *t = cmp_template_find(code);
	char s[11], end[11];
	json_t *o;
	int64_t id;

	if (!t) {
		verr_add(e, "template", "请选择模板");
		return -1;
	}
	if (year < 2000 || year > 2100 || cmp_move_date(t->start, t->year, year, s) ||
	    cmp_move_date(t->end, t->year, year, end)) {
		verr_add(e, "year", "年度须在2000—2100之间");
		return -1;
	}
	o = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "name",
		      arena_printf(c->arena, "%d年%s", year, t->name), "template", t->code,
		      "year", (json_int_t)year, "issuer", t->issuer, "source", t->source,
		      "description", t->description, "start_date", s, "end_date", end,
		      "target", t->target);
	if (org)
		json_object_set_new(o, "org_id", json_integer(org));
	id = c->user ? entity_create_tx(c, &campaign_def, o, e)
		     : entity_sys_create_tx(c, &campaign_def, o, e);
	json_decref(o);
	if (id <= 0)
		return -1;
	for (size_t i = 0; i < t->nphases; i++) {
		if (cmp_move_date(t->phases[i].start, t->year, year, s) ||
		    cmp_move_date(t->phases[i].end, t->year, year, end))
			return -1;
		o = json_pack("{s:I, s:I, s:s, s:s, s:s}", "campaign_id", (json_int_t)id,
			      "seq", (json_int_t)(i + 1), "name", t->phases[i].name,
			      "start_date", s, "end_date", end);
		if (entity_sys_create_tx(c, &phase_def, o, e) <= 0) {
			json_decref(o);
			return -1;
		}
		json_decref(o);
	}
	for (size_t i = 0; i < t->nitems; i++) {
		const struct cmp_tpl_item *it = &t->items[i];

		if (cmp_move_date(it->due, t->year, year, s))
			return -1;
		o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s}", "campaign_id", (json_int_t)id,
			      "seq", (json_int_t)(i + 1), "name", it->name, "kind", it->kind,
			      "due_date", s, "description", it->description);
		if (it->activity)
			json_object_set_new(o, "activity", json_string(it->activity));
		if (it->checklist) {
			int64_t cl = checklist_by_code(c->db, it->checklist);
			if (cl <= 0) {
				json_decref(o);
				verr_set(e, 500, "internal", "内置检查表缺失");
				return -1;
			}
			json_object_set_new(o, "checklist_id", json_integer(cl));
		}
		if (entity_sys_create_tx(c, &item_def, o, e) <= 0) {
			json_decref(o);
			return -1;
		}
		json_decref(o);
	}
	return id;
}

/* ------------------------------------------------------------------ launch */

/* The enterprises campaign cmp's filter selects, in its issuer's scope (the core's
 * target, target.h). */
static int participants(struct ectx *c, const json_t *cmp, int64_t **out, int *n)
{
	struct ent_target t;

	ent_target_of_row(cmp, NULL, &t);
	return ent_target_orgs(c->db, c->arena, row_int(cmp, "org_id"), &t, out, n);
}

/* The target kind "campaign" (target.h) of other modules — a 报送类型 asked of the
 * participants of a campaign: the launched campaign's participants as stored, or,
 * before its launch, those its filter selects now. */
static int participants_resolve(struct db *db, struct arena *a, int64_t id, const char **list)
{
	struct ectx sys = { .db = db, .arena = a, .sys = 1 };
	json_t *cmp = id > 0 ? entity_get(&sys, &campaign_def, id) : NULL;
	int64_t *orgs = NULL;
	int n = 0, rc = -1;
	struct buf b;

	*list = "";
	if (!cmp)
		return 0;	/* gone: nobody */
	if (row_str(cmp, "launched_at")) {
		*list = arena_strdup(a, row_str(cmp, "participants") ? row_str(cmp, "participants") : "");
		json_decref(cmp);
		return 0;
	}
	buf_init(&b, 256);
	if (participants(&sys, cmp, &orgs, &n) == 0) {
		for (int k = 0; k < n; k++)
			buf_printf(&b, "%s%" PRId64, k ? "," : "", orgs[k]);
		if (!buf_failed(&b)) {
			*list = arena_strdup(a, n ? buf_str(&b) : "");
			rc = 0;
		}
	}
	free(orgs);
	buf_release(&b);
	json_decref(cmp);
	return rc;
}

/* The items of campaign id as JSON rows (system read). */
static json_t *items_of(struct ectx *c, int64_t id)
{
	struct db_stmt *st = db_prepare(c->db, "SELECT id FROM campaign_item WHERE campaign_id = ?"
					" ORDER BY seq, id");
	struct ectx sys = { .db = c->db, .arena = c->arena, .sys = 1 };
	json_t *a = json_array();
	int s;

	if (!st || db_bind_int64(st, 1, id)) {
		db_finalize(st);
		json_decref(a);
		return NULL;
	}
	while ((s = db_step(st)) == DB_ROW) {
		json_t *it = entity_get(&sys, &item_def, db_col_int64(st, 0));
		if (it)
			json_array_append_new(a, it);
	}
	db_finalize(st);
	if (s != DB_DONE) {
		json_decref(a);
		return NULL;
	}
	return a;
}

int campaign_launch_tx(struct ectx *c, int64_t id, int *created, struct verr *e)
{
	struct ectx sys = { .db = c->db, .user = c->user, .arena = c->arena, .sys = 1 };
	json_t *cmp = entity_get(&sys, &campaign_def, id), *items = NULL, *set = NULL;
	int64_t *orgs = NULL;
	int n = 0, rc = -1;
	struct buf list;
	char now[20];

	*created = 0;
	buf_init(&list, 256);
	if (!cmp) {
		verr_set(e, 404, "not_found", "专项行动不存在");
		goto out;
	}
	if (!(items = items_of(c, id)) || participants(c, cmp, &orgs, &n) != 0) {
		verr_set(e, 500, "internal", "服务器内部错误");
		goto out;
	}
	if (json_array_size(items) == 0) {
		verr_add(e, "items", "请先设置必报事项");
		goto out;
	}
	if (n == 0) {
		verr_add(e, "target", "按所选条件没有参与企业");
		goto out;
	}
	for (int k = 0; k < n; k++) {
		size_t i;
		json_t *it;

		buf_printf(&list, "%s%" PRId64, k ? "," : "", orgs[k]);
		json_array_foreach(items, i, it) {
			int64_t have = 0;
			int64_t p[2] = { row_int(it, "id"), orgs[k] };
			json_t *o;

			if (db_query_int64v(c->db, "SELECT COUNT(*) FROM campaign_task WHERE item_id = ?"
					    " AND org_id = ?", p, 2, &have, 0) != 0) {
				verr_set(e, 500, "internal", "服务器内部错误");
				goto out;
			}
			if (have)
				continue;
			o = json_pack("{s:I, s:I, s:s, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I}",
				      "org_id", (json_int_t)orgs[k], "campaign_id", (json_int_t)id,
				      "campaign_name", row_str(cmp, "name"),
				      "item_id", (json_int_t)row_int(it, "id"),
				      "item_seq", (json_int_t)row_int(it, "seq"),
				      "item_name", row_str(it, "name"), "kind", row_str(it, "kind"),
				      "start_date", row_str(cmp, "start_date"),
				      "end_date", row_str(cmp, "end_date"),
				      "due_date", row_str(it, "due_date"), "status", "pending",
				      "version", (json_int_t)0);
			if (row_str(it, "activity"))
				json_object_set_new(o, "activity", json_string(row_str(it, "activity")));
			if (row_int(it, "checklist_id"))
				json_object_set_new(o, "checklist_id", json_integer(row_int(it, "checklist_id")));
			if (row_str(it, "description"))
				json_object_set_new(o, "requirement", json_string(row_str(it, "description")));
			if (entity_sys_create_tx(&sys, &campaign_task_def, o, e) <= 0) {
				json_decref(o);
				goto out;
			}
			json_decref(o);
			(*created)++;
		}
	}
	entity_now(now);
	set = json_pack("{s:s, s:I, s:s}", "participants", buf_failed(&list) ? "" : buf_str(&list),
			"participant_count", (json_int_t)n, "launched_at", now);
	if (entity_set_tx(c, &campaign_def, id, NULL, set, "launch", e) < 0)
		goto out;
	rc = 0;
out:
	free(orgs);
	buf_release(&list);
	json_decref(set);
	json_decref(items);
	json_decref(cmp);
	return rc;
}

/* ------------------------------------------------------------------- sync */

int campaign_sync_tx(struct ectx *c, int64_t id, int *linked, struct verr *e)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT t.id FROM campaign_task t WHERE t.kind = 'selfcheck' AND t.status = 'pending'"
		" AND (? = 0 OR t.campaign_id = ?) AND EXISTS (SELECT 1 FROM inspection i"
		" JOIN checklist k ON k.id = i.checklist_id WHERE i.org_id = t.org_id"
		" AND i.status = 'done' AND i.kind <> 'regulator'"
		" AND k.family_id = (SELECT family_id FROM checklist WHERE id = t.checklist_id)"
		" AND substr(i.done_at, 1, 10) >= t.start_date AND substr(i.done_at, 1, 10) <= t.end_date)"
		" ORDER BY t.id LIMIT 1000");
	struct ectx sys = { .db = c->db, .user = c->user, .arena = c->arena, .sys = 1 };
	int64_t *ids = NULL;
	int n = 0, cap = 0, s;

	*linked = 0;
	if (!st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, id)) {
		db_finalize(st);
		verr_set(e, 500, "internal", "服务器内部错误");
		return -1;
	}
	while ((s = db_step(st)) == DB_ROW) {
		if (n == cap) {
			int64_t *p = realloc(ids, sizeof(*ids) * (size_t)(cap = cap ? cap * 2 : 32));
			if (!p) {
				s = -1;
				break;
			}
			ids = p;
		}
		ids[n++] = db_col_int64(st, 0);
	}
	db_finalize(st);
	if (s != DB_DONE) {
		free(ids);
		verr_set(e, 500, "internal", "服务器内部错误");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		if (wf_run_tx(&sys, &campaign_task_def, ids[i], "submit", NULL, NULL, NULL, NULL, e) != 0) {
			free(ids);
			return -1;
		}
		(*linked)++;
	}
	free(ids);
	return 0;
}

/* ------------------------------------------------------------------ routes */

/* GET /api/campaign/templates — the documents' campaigns with their dates. */
static int templates_h(struct req *r, struct resp *s)
{
	struct jw w;

	(void)r;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_key(&w, "items");
	jw_arr_begin(&w);
	for (size_t i = 0; i < cmp_ntemplates; i++) {
		const struct cmp_template *t = &cmp_templates[i];

		jw_obj_begin(&w);
		jw_kstr(&w, "code", t->code);
		jw_kstr(&w, "name", t->name);
		jw_kstr(&w, "issuer", t->issuer);
		jw_kstr(&w, "source", t->source);
		jw_kstr(&w, "description", t->description);
		jw_kint(&w, "year", t->year);
		jw_kstr(&w, "start_date", t->start);
		jw_kstr(&w, "end_date", t->end);
		jw_key(&w, "phases");
		jw_arr_begin(&w);
		for (size_t k = 0; k < t->nphases; k++) {
			jw_obj_begin(&w);
			jw_kstr(&w, "name", t->phases[k].name);
			jw_kstr(&w, "start_date", t->phases[k].start);
			jw_kstr(&w, "end_date", t->phases[k].end);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		jw_key(&w, "items");
		jw_arr_begin(&w);
		for (size_t k = 0; k < t->nitems; k++) {
			jw_obj_begin(&w);
			jw_kstr(&w, "name", t->items[k].name);
			jw_kstr(&w, "kind", t->items[k].kind);
			jw_kstr(&w, "due_date", t->items[k].due);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	s->status = 200;
	return 200;
}

/* POST /api/campaign/from-template {template, year} → 201 the campaign (not yet
 * launched: the regulator may adjust the filter, then launch). */
static int from_template_h(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	struct verr e;
	const char *code = json_string_value(json_object_get(r->json, "template"));
	json_t *jy = json_object_get(r->json, "year");
	int64_t id;
	int rc;

	verr_init(&e, &r->arena);
	if (!cmp_template_find(code))
		return http_error(s, 400, "validation", "请选择模板", "template");
	if (!json_is_integer(jy))
		return http_error(s, 400, "validation", "请填写年度", "year");
	if ((rc = ent_tx_begin(r, s)) != 0)
		return rc;
	id = campaign_from_template_tx(&c, code, (int)json_integer_value(jy), 0, &e);
	if (id <= 0) {
		db_rollback(r->db);
		if (!e.status)
			verr_set(&e, 500, "internal", "服务器内部错误");
		return verr_send(&e, s);
	}
	if ((rc = ent_tx_commit(r, s)) != 0)
		return rc;
	return entity_send(&c, &campaign_def, id, 201, s);
}

/* The campaign of path parameter 0 visible to the caller, else 404 sent. */
static json_t *cmp_param(struct req *r, struct resp *s, struct ectx *c)
{
	int64_t id = req_param_id(r, 0);
	json_t *cmp = id ? entity_get(c, &campaign_def, id) : NULL;

	if (!cmp)
		http_error(s, 404, "not_found", "专项行动不存在", NULL);
	return cmp;
}

/* A campaign route that runs fn on the campaign of path parameter 0 in one
 * transaction and answers {key: count} (and the stored participant count). */
static int counted_h(struct req *r, struct resp *s,
		     int (*fn)(struct ectx *, int64_t, int *, struct verr *), const char *key)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	struct verr e;
	json_t *cmp = cmp_param(r, s, &c);
	int n = 0, rc;
	int64_t parts = 0;
	struct jw w;

	if (!cmp)
		return 404;
	json_decref(cmp);
	verr_init(&e, &r->arena);
	if ((rc = ent_tx_begin(r, s)) != 0)
		return rc;
	if (fn(&c, req_param_id(r, 0), &n, &e) != 0) {
		db_rollback(r->db);
		return verr_send(&e, s);
	}
	if ((rc = ent_tx_commit(r, s)) != 0)
		return rc;
	if (db_query_int64p(r->db, "SELECT COALESCE(participant_count, 0) FROM campaign WHERE id = ?",
			    req_param_id(r, 0), &parts, 0) != 0)
		return http_internal(s);
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kint(&w, key, n);
	jw_kint(&w, "participants", parts);
	jw_obj_end(&w);
	s->status = 200;
	return 200;
}

/* POST /api/campaign/:id/launch → {created, participants}: the participants by
 * the campaign's filter stored, the tasks they lack created (re-run adds new
 * enterprises and items, never duplicates). */
static int launch_h(struct req *r, struct resp *s)
{
	return counted_h(r, s, campaign_launch_tx, "created");
}

/* POST /api/campaign/:id/sync → {linked}: pending self-check items whose
 * inspection is finished become submitted (also the scheduler's job). */
static int sync_h(struct req *r, struct resp *s)
{
	return counted_h(r, s, campaign_sync_tx, "linked");
}

/* ---------------------------------------------------------------- progress */

static const struct field_def progress_cols[] = {
	{.name = "id", .label = "编号", .type = FT_INT, .expr = "t.id", .flags = F_SORT},
	{.name = "org_id", .label = "企业编号", .type = FT_INT, .expr = "t.org_id"},
	{.name = "enterprise_name", .label = "企业", .type = FT_TEXT, .expr = "o.name",
	 .flags = F_LIST | F_SEARCH | F_SORT},
	{.name = "campaign_id", .label = "专项行动编号", .type = FT_INT, .expr = "t.campaign_id",
	 .flags = F_FILTER},
	{.name = "campaign_name", .label = "专项行动", .type = FT_TEXT, .expr = "t.campaign_name",
	 .flags = F_LIST},
	{.name = "item_id", .label = "事项编号", .type = FT_INT, .expr = "t.item_id", .flags = F_FILTER},
	{.name = "item_seq", .label = "序号", .type = FT_INT, .expr = "t.item_seq", .flags = F_SORT},
	{.name = "item_name", .label = "必报事项", .type = FT_TEXT, .expr = "t.item_name",
	 .flags = F_LIST},
	{.name = "kind", .label = "事项类型", .type = FT_ENUM, .opts = kind_opts, .expr = "t.kind",
	 .flags = F_LIST | F_FILTER},
	{.name = "due_date", .label = "截止日期", .type = FT_DATE, .expr = "t.due_date",
	 .flags = F_LIST | F_SORT},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = status_opts,
	 .expr = "t.status", .flags = F_LIST | F_FILTER},
	{.name = "cell", .label = "完成情况", .type = FT_ENUM, .opts = cell_opts,
	 .expr = CMP_CELL_SQL, .flags = F_LIST | F_FILTER},
	{.name = "first_submitted_at", .label = "首次提交时间", .type = FT_DATETIME,
	 .expr = "t.first_submitted_at", .flags = F_LIST},
	{.name = "inspection_id", .label = "自查记录编号", .type = FT_INT, .expr = "t.inspection_id"},
	{.name = "review_comment", .label = "审核意见", .type = FT_TEXT, .expr = "t.review_comment",
	 .flags = F_LIST},
};

/* The counts of the matrix with the request's filters (one campaign, one item …). */
static int progress_extra(struct view_req *q, struct jw *w)
{
	static const char *const cells[] = { "done", "late", "missing", "returned", "waiting" };
	static const char *const conds[] = {
		"t.status IN ('submitted', 'accepted') AND substr(t.first_submitted_at, 1, 10) <= t.due_date",
		"t.status IN ('submitted', 'accepted') AND substr(t.first_submitted_at, 1, 10) > t.due_date",
		"t.status = 'pending' AND t.due_date < {today}",
		"t.status = 'returned'",
		"t.status = 'pending' AND t.due_date >= {today}",
	};
	int64_t n = 0;

	jw_key(w, "counts");
	jw_obj_begin(w);
	for (size_t i = 0; i < ARRAY_SIZE(cells); i++) {
		if (view_count_filtered(q, conds[i], &n) < 0)
			return -1;
		jw_kint(w, cells[i], n);
	}
	if (view_count_filtered(q, "t.status = 'submitted'", &n) < 0)
		return -1;
	jw_kint(w, "to_review", n);
	jw_obj_end(w);
	return 0;
}

static const struct view_def progress_view = {
	.path = "/api/campaign/progress", .label = "专项行动进度",
	.from = "campaign_task t JOIN org o ON o.id = t.org_id", .scope_col = "t.org_id",
	.cols = progress_cols, .ncols = ARRAY_SIZE(progress_cols),
	.default_sort = "enterprise_name", .default_size = 500,
	.roles = CMP_READERS, .extra = progress_extra,
};

/* ------------------------------------------------------------------ module */

static const struct route campaign_routes[] = {
	{HTTP_GET, "/api/campaign/templates", templates_h, 0, CMP_READERS},
	{HTTP_POST, "/api/campaign/from-template", from_template_h, ROUTE_JSON, CMP_REGULATORS},
	{HTTP_POST, "/api/campaign/:id/launch", launch_h, 0, CMP_REGULATORS},
	{HTTP_POST, "/api/campaign/:id/sync", sync_h, 0, CMP_REGULATORS},
};

void campaign_init(void)
{
	entity_register(&campaign_def);
	entity_register(&phase_def);
	entity_register(&item_def);
	entity_register(&campaign_task_def);
	view_register(&progress_view);
	ent_target_kind_register("campaign", participants_resolve);
	router_add(campaign_routes, ARRAY_SIZE(campaign_routes));
	entity_perm_register("campaign:from-template", CMP_REGULATORS);
	entity_perm_register("campaign:launch", CMP_REGULATORS);
	entity_perm_register("campaign:sync", CMP_REGULATORS);
}

/* One task per item and enterprise (launch relies on it). */
int campaign_schema(struct db *db)
{
	if (db_exec(db, "CREATE UNIQUE INDEX IF NOT EXISTS campaign_task_slot"
		    " ON campaign_task (item_id, org_id)") != 0) {
		log_err("campaign schema: %s", db_errmsg(db));
		return -1;
	}
	return 0;
}

/* Every minute (scheduler): self-check items done by finished inspections. */
int campaign_jobs(struct ectx *c)
{
	struct verr e;
	int linked = 0;

	verr_init(&e, c->arena);
	if (db_begin(c->db) != 0)
		return -1;
	if (campaign_sync_tx(c, 0, &linked, &e) != 0) {
		db_rollback(c->db);
		log_err("campaign job: %s", e.message ? e.message : "");
		return -1;
	}
	if (db_commit(c->db) != 0) {
		db_rollback(c->db);
		return -1;
	}
	return 0;
}

/* The enterprise home: campaign items returned, overdue. */
int campaign_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w)
{
	if (home_notice_count(c, w, org, today, "SELECT COUNT(*) FROM campaign_task WHERE " HOME_ORG
			      " AND status = 'returned'", "campaign_returned", "专项行动事项被退回",
			      "danger", "/campaign/mine?status=returned") != 0 ||
	    home_notice_count(c, w, org, today, "SELECT COUNT(*) FROM campaign_task WHERE " HOME_ORG
			      " AND status = 'pending' AND due_date < ?", "campaign_overdue",
			      "专项行动事项逾期未交", "danger", "/campaign/mine?cell=missing") != 0)
		return -1;
	return 0;
}
