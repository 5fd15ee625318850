/*
 * submit.c — 信息报送: what the regulator asks the enterprises to report, on which
 * schedule, from whom and in which form; the enterprises' submissions and the
 * regulator's review; the matrix enterprise × period.
 *
 * Sources: seeds/000 §二(四) (事故统计每年1月中旬前报送; 重要信息和事件随时报送),
 * seeds/001 §三(三) (每月20日前报送工作开展情况及任务清单完成情况; 年度工作计划和
 * 任务清单4月底前报送, 以项目内容 / 责任单位 / 完成时限 列明), seeds/002 (专项行动
 * 总结12月5日前报送), seeds/004 §三(四) (每月30日前报推进情况), seeds/001 item 10
 * (高危行业单位每半年开展应急演练).
 *
 * Entities (generic routes of the entity core work on all of them):
 *   submit_type         报送类型, a row of the regulator's org: the schedule (period
 *                       and due rule, computed by rules/submit.c sub_due), who must
 *                       submit (all supervised enterprises in the regulator's scope,
 *                       the high-risk ones, or a list), the form (a JSON field schema
 *                       checked by rules/submit.c, or files only). Shipped templates
 *                       of the documents are enabled in one click.
 *   submission          报送, one per (type, enterprise, period), generated from the
 *                       type's schedule (the row's org is the enterprise's). It keeps
 *                       a copy of the type's form, so a later change of the type does
 *                       not change what an enterprise was asked. Workflow:
 *                         待报送 draft ─submit─▶ 待审核 submitted ─accept─▶ 已通过
 *                         accepted (final);  submitted ─return (reason)─▶ 已退回
 *                         returned ─submit─▶ submitted …
 *                       The calendar's submission_due duty follows every row: due at
 *                       due_date, done while submitted or accepted (a returned one is
 *                       due again), at its first submission.
 *   submission_version  every submitted version (content, files, who, when) and the
 *                       review of it; written by submit, judged by accept / return.
 *
 * Endpoints besides the generic ones:
 *   GET  /api/submit_type/templates        the shipped templates
 *   POST /api/submit_type/enable           {template, start?} → 201 the new type
 *   POST /api/submit_type/:id/generate     the submissions owed up to today → {created}
 *   POST /api/submission/event             {type_id, event_date, title} an event-driven
 *                                          submission of the caller's enterprise → 201
 *   POST /api/submission/:id/submit|accept|return   the workflow
 *   GET  /api/submission/matrix[/export]   the matrix rows (a declared view) with counts
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
#include "mod/mod.h"
#include "mod/submit.h"
#include "rules/submit.h"

#define RB(r) (1u << (r))
#define SUB_REGULATORS (RB(ROLE_ADMIN) | RB(ROLE_REGULATOR))
#define SUB_READERS (SUB_REGULATORS | RB(ROLE_DEPARTMENT))
#define SUB_ENT_WRITERS (RB(ROLE_ADMIN) | RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL))
#define SUB_MAX_PERIODS 24	/* periods generated back from today at most */

/* ------------------------------------------------------------------ options */

static const struct enum_opt period_opts[] = {
	{"month", "每月"},
	{"quarter", "每季度"},
	{"half", "每半年"},
	{"year", "每年"},
	{"event", "随时报送（事件触发）"},
	{NULL, NULL}
};

static const struct enum_opt target_opts[] = {
	{"all", "全部监管企业"},
	{"high_risk", "高危行业企业"},
	{"list", "指定企业"},
	{"campaign", "专项行动参与企业"},
	{NULL, NULL}
};

static const struct enum_opt form_kind_opts[] = {
	{"fields", "填报表单"},
	{"files", "仅上传附件"},
	{NULL, NULL}
};

static const struct enum_opt status_opts[] = {
	{"draft", "待报送"},
	{"submitted", "待审核"},
	{"accepted", "已通过"},
	{"returned", "已退回"},
	{NULL, NULL}
};

static const struct enum_opt cell_opts[] = {
	{"not_due", "未到期"},
	{"on_time", "按时报送"},
	{"late", "逾期报送"},
	{"missing", "未报"},
	{"returned", "退回待改"},
	{NULL, NULL}
};

static const struct enum_opt result_opts[] = {
	{"pending", "待审核"},
	{"accepted", "已通过"},
	{"returned", "已退回"},
	{NULL, NULL}
};

/* The matrix cell as SQL over a submission t: rules/submit.c sub_cell_of, which
 * tests/unit/test_submit.c pins (punctuality by the first submission). */
#define SUB_CELL_SQL \
	"CASE WHEN t.status = 'returned' THEN 'returned'" \
	" WHEN t.status IN ('submitted', 'accepted') AND substr(t.first_submitted_at, 1, 10) <= t.due_date" \
	" THEN 'on_time'" \
	" WHEN t.status IN ('submitted', 'accepted') THEN 'late'" \
	" WHEN t.due_date < {today} THEN 'missing' ELSE 'not_due' END"

/* ------------------------------------------------------------- declarations */

static int type_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int type_after_write(struct ectx *c, enum entity_action a, int64_t id,
			    const json_t *before, const json_t *after, struct verr *e);
static int sub_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);

static const struct field_def type_fields[] = {
	{.name = "name", .label = "报送名称", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST | F_SORT, .group = "基本信息"},
	{.name = "template", .label = "模板", .type = FT_TEXT, .max_len = 40,
	 .flags = F_READONLY | F_HIDDEN | F_FILTER},
	{.name = "source", .label = "依据", .type = FT_TEXT, .max_len = 300, .flags = F_LIST,
	 .group = "基本信息", .help = "文件及条款，如：seeds/001 §三(三) 每月20日前报送"},
	{.name = "description", .label = "填报说明", .type = FT_LONGTEXT, .group = "基本信息"},
	{.name = "enabled", .label = "已启用", .type = FT_BOOL, .flags = F_FILTER | F_LIST,
	 .group = "基本信息", .help = "启用后按周期为报送对象生成待报送事项"},
	{.name = "period", .label = "报送周期", .type = FT_ENUM, .opts = period_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .group = "报送时限"},
	{.name = "due_month", .label = "截止月份", .type = FT_INT, .min = 0, .max = 12,
	 .group = "报送时限", .help = "每年报送：截止月份（1—12）"},
	{.name = "due_day", .label = "截止日", .type = FT_INT, .min = 0, .max = 31,
	 .group = "报送时限", .help = "每月 / 每年报送：截止日（0 表示月末）"},
	{.name = "due_days", .label = "期满后天数", .type = FT_INT, .min = 0, .max = 366,
	 .group = "报送时限", .help = "每季度 / 每半年：期末后若干日内；随时报送：事件发生后若干日内"},
	{.name = "due_next_year", .label = "次年报送", .type = FT_BOOL, .group = "报送时限",
	 .help = "如上一年度事故统计于次年1月中旬前报送"},
	{.name = "start_period", .label = "起始期间", .type = FT_TEXT, .max_len = 10,
	 .group = "报送时限", .help = "如 2026-01（每月）、2026（每年）、2026-H1、2026-Q1；空为当前期间"},
	{.name = "warn_days", .label = "提前提醒天数", .type = FT_INT, .min = 0, .max = 90,
	 .group = "报送时限", .help = "平台默认提前5日在履职日历中提醒"},
	{.name = "target", .label = "报送对象", .type = FT_ENUM, .opts = target_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .group = "报送对象"},
	{.name = "target_list", .label = "指定企业", .type = FT_TEXT, .max_len = 4000,
	 .group = "报送对象", .help = "报送对象为指定企业时：企业机构编号，逗号分隔"},
	{.name = "target_campaign_id", .label = "专项行动", .type = FT_REF, .ref = "campaign",
	 .group = "报送对象", .help = "报送对象为专项行动参与企业时：选择专项行动（已部署的按其参与企业名单）"},
	{.name = "form_kind", .label = "填报方式", .type = FT_ENUM, .opts = form_kind_opts,
	 .flags = F_REQUIRED | F_LIST, .group = "填报表单"},
	{.name = "form_schema", .label = "表单字段", .type = FT_LONGTEXT, .max_len = 20000,
	 .group = "填报表单",
	 .help = "JSON 数组：[{\"name\":\"done\",\"label\":\"完成情况\",\"type\":\"longtext\",\"required\":true}]"},
	{.name = "require_files", .label = "须上传附件", .type = FT_BOOL, .group = "填报表单"},
};

static const struct entity_def type_def = {
	.name = "submit_type", .table = "submit_type", .label = "报送类型",
	.fields = type_fields, .nfields = ARRAY_SIZE(type_fields),
	.read_roles = SUB_READERS, .write_roles = SUB_REGULATORS,
	.display_field = "name", .default_sort = "-id",
	.validate = type_validate, .after_write = type_after_write,
};

static const struct field_def sub_fields[] = {
	{.name = "type_id", .label = "报送类型", .type = FT_REF, .ref = "submit_type",
	 .flags = F_READONLY | F_FILTER | F_HIDDEN},
	{.name = "type_name", .label = "报送名称", .type = FT_TEXT, .max_len = 100,
	 .flags = F_READONLY | F_SEARCH | F_LIST},
	{.name = "period", .label = "报送期间", .type = FT_TEXT, .max_len = 16,
	 .flags = F_READONLY | F_FILTER | F_SORT | F_HIDDEN},
	{.name = "period_label", .label = "期间", .type = FT_TEXT, .max_len = 40,
	 .flags = F_READONLY | F_LIST},
	{.name = "title", .label = "事项", .type = FT_TEXT, .max_len = 200,
	 .flags = F_SEARCH | F_LIST, .help = "随时报送的事件名称"},
	{.name = "due_date", .label = "截止日期", .type = FT_DATE,
	 .flags = F_READONLY | F_LIST | F_SORT | F_RANGE},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = status_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "cell", .label = "报送情况", .type = FT_ENUM, .opts = cell_opts,
	 .flags = F_LIST | F_FILTER, .expr = SUB_CELL_SQL},
	{.name = "content", .label = "填报内容", .type = FT_LONGTEXT, .max_len = 100000,
	 .flags = F_HIDDEN, .help = "按表单字段填写（JSON）"},
	{.name = "files", .label = "附件", .type = FT_FILES},
	{.name = "form_kind", .label = "填报方式", .type = FT_ENUM, .opts = form_kind_opts,
	 .flags = F_READONLY | F_HIDDEN},
	{.name = "form_schema", .label = "表单字段", .type = FT_LONGTEXT, .max_len = 20000,
	 .flags = F_READONLY | F_HIDDEN},
	{.name = "require_files", .label = "须上传附件", .type = FT_BOOL,
	 .flags = F_READONLY | F_HIDDEN},
	{.name = "description", .label = "填报说明", .type = FT_LONGTEXT,
	 .flags = F_READONLY | F_HIDDEN},
	{.name = "version", .label = "版本", .type = FT_INT, .flags = F_READONLY | F_LIST},
	{.name = "first_submitted_at", .label = "首次报送时间", .type = FT_DATETIME,
	 .flags = F_READONLY},
	{.name = "submitted_at", .label = "报送时间", .type = FT_DATETIME,
	 .flags = F_READONLY | F_LIST | F_SORT},
	{.name = "submitted_by", .label = "报送人", .type = FT_REF, .ref = "user",
	 .flags = F_READONLY},
	{.name = "reviewed_at", .label = "审核时间", .type = FT_DATETIME, .flags = F_READONLY},
	{.name = "reviewed_by", .label = "审核人", .type = FT_REF, .ref = "user",
	 .flags = F_READONLY},
	{.name = "review_comment", .label = "审核意见", .type = FT_TEXT, .max_len = 500,
	 .flags = F_READONLY | F_LIST},
};

/* The review (seeds/001 §三(三): the regulator collects and checks the reports):
 * the enterprise's safety manager or principal submits, a regulator accepts or
 * returns it with a reason; a returned one is submitted again. */
static const struct wf_state sub_states[] = {
	{"draft", "待报送", WS_OPEN},
	{"submitted", "待审核", WS_OPEN},
	{"accepted", "已通过", WS_FINAL},
	{"returned", "已退回", WS_OPEN},
};
static const char *const from_editable[] = { "draft", "returned", NULL };
static const char *const from_submitted[] = { "submitted", NULL };
static const struct field_def submit_inputs[] = {
	{.name = "content", .label = "填报内容", .type = FT_LONGTEXT, .max_len = 100000},
	{.name = "files", .label = "附件", .type = FT_FILES},
};
static const struct field_def accept_inputs[] = {
	{.name = "note", .label = "审核意见", .type = FT_TEXT, .max_len = 500},
};
static const struct field_def return_inputs[] = {
	{.name = "reason", .label = "退回意见", .type = FT_TEXT, .max_len = 500, .flags = F_REQUIRED},
};
static int submit_guard(struct wf_call *w);
static int submit_apply(struct wf_call *w);
static int accept_apply(struct wf_call *w);
static int return_apply(struct wf_call *w);
static const struct wf_action sub_actions[] = {
	{.verb = "submit", .label = "报送", .from = from_editable, .to = "submitted",
	 .roles = SUB_ENT_WRITERS, .deny = "只有企业安全管理员或主要负责人可以报送",
	 .inputs = submit_inputs, .ninputs = ARRAY_SIZE(submit_inputs),
	 .guard = submit_guard, .apply = submit_apply, .flags = WA_NO_EVENT},
	{.verb = "accept", .label = "审核通过", .from = from_submitted, .to = "accepted",
	 .roles = SUB_REGULATORS, .deny = "只有监管部门可以审核报送",
	 .inputs = accept_inputs, .ninputs = ARRAY_SIZE(accept_inputs),
	 .apply = accept_apply, .flags = WA_NO_EVENT},
	{.verb = "return", .label = "退回", .from = from_submitted, .to = "returned",
	 .roles = SUB_REGULATORS, .deny = "只有监管部门可以退回报送",
	 .inputs = return_inputs, .ninputs = ARRAY_SIZE(return_inputs),
	 .apply = return_apply, .flags = WA_NO_EVENT},
};
static const struct workflow sub_wf = {
	.status_field = "status",
	.states = sub_states, .nstates = ARRAY_SIZE(sub_states),
	.actions = sub_actions, .nactions = ARRAY_SIZE(sub_actions),
	.noun = "报送",
};

static const char *const sub_indexes[] = { "status, due_date", "type_id, period", NULL };

static const struct entity_def sub_def = {
	.name = "submission", .table = "submission", .label = "信息报送",
	.fields = sub_fields, .nfields = ARRAY_SIZE(sub_fields),
	.flags = E_NO_CREATE | E_NO_DELETE,
	.write_roles = SUB_ENT_WRITERS,
	.display_field = "type_name", .default_sort = "-due_date",
	.indexes = sub_indexes, .validate = sub_validate, .workflow = &sub_wf,
};

static const struct field_def ver_fields[] = {
	{.name = "submission_id", .label = "报送", .type = FT_REF, .ref = "submission",
	 .flags = F_READONLY | F_FILTER},
	{.name = "version", .label = "版本", .type = FT_INT, .flags = F_READONLY | F_LIST | F_SORT},
	{.name = "content", .label = "填报内容", .type = FT_LONGTEXT, .max_len = 100000,
	 .flags = F_READONLY},
	{.name = "files", .label = "附件", .type = FT_FILES, .flags = F_READONLY},
	{.name = "submitted_at", .label = "报送时间", .type = FT_DATETIME,
	 .flags = F_READONLY | F_LIST},
	{.name = "submitted_by", .label = "报送人", .type = FT_REF, .ref = "user",
	 .flags = F_READONLY | F_LIST},
	{.name = "result", .label = "审核结果", .type = FT_ENUM, .opts = result_opts,
	 .flags = F_READONLY | F_LIST | F_FILTER},
	{.name = "review_comment", .label = "审核意见", .type = FT_TEXT, .max_len = 500,
	 .flags = F_READONLY | F_LIST},
	{.name = "reviewed_at", .label = "审核时间", .type = FT_DATETIME,
	 .flags = F_READONLY | F_LIST},
	{.name = "reviewed_by", .label = "审核人", .type = FT_REF, .ref = "user",
	 .flags = F_READONLY | F_LIST},
};

static const struct entity_def ver_def = {
	.name = "submission_version", .table = "submission_version", .label = "报送版本",
	.fields = ver_fields, .nfields = ARRAY_SIZE(ver_fields),
	.flags = E_NO_CREATE | E_NO_UPDATE | E_NO_DELETE,
	.display_field = "version", .default_sort = "-version",
};

/* ---------------------------------------------------------------- the duty */

/* Every submission is a duty of the calendar: due at its due date, done while
 * submitted or accepted — a returned one is due again — at its first submission
 * (as the matrix judges punctuality). The warning is the platform's default. */
static const struct obligation_def submission_due = {
	.code = "submission_due", .label = "信息报送", .module = "submit",
	.source = "seeds/001 §三(三)（每月20日前报送）；seeds/004 §三(四)（每月30日前）；"
		  "seeds/000 §二(四)；提前5日提醒为平台默认",
	.period = OB_EVENT, .warn_days = 5,
	.proof_entity = "submission", .record_when = "t.due_date IS NOT NULL",
	.record_due = "t.due_date",
	.record_done = "t.status IN ('submitted', 'accepted')",
	.record_done_at = "substr(t.first_submitted_at, 1, 10)",
	.record_title = "t.type_name || ' ' || t.period_label", .form = "/submit/mine",
};

const struct obligation_def *const submit_duties[] = { &submission_due, NULL };

/* --------------------------------------------------------------- templates */

struct sub_template {
	const char *code, *name, *source, *description, *period;
	int due_month, due_day, due_days, next_year, require_files;
	const char *target, *form_kind, *schema;
};

static const struct sub_template templates[] = {
	{"monthly_progress", "月度工作开展情况（含任务清单完成情况）",
	 "seeds/001 §三(三)：每月20日前报送工作开展情况", "报送本月安全生产工作开展情况及任务清单完成情况。",
	 "month", 0, 20, 0, 0, 0, "all", "fields",
	 "[{\"name\":\"summary\",\"label\":\"本月工作开展情况\",\"type\":\"longtext\",\"required\":true},"
	 "{\"name\":\"tasks_total\",\"label\":\"任务清单任务数\",\"type\":\"int\",\"required\":true,\"min\":0,\"max\":1000},"
	 "{\"name\":\"tasks_done\",\"label\":\"已完成任务数\",\"type\":\"int\",\"required\":true,\"min\":0,\"max\":1000},"
	 "{\"name\":\"next_plan\",\"label\":\"下月工作计划\",\"type\":\"longtext\"}]"},
	{"monthly_progress_30", "月度推进情况（每月30日前）",
	 "seeds/004 §三(四)：每月30日前报推进情况", "报送本月专项工作推进情况。",
	 "month", 0, 30, 0, 0, 0, "all", "fields",
	 "[{\"name\":\"summary\",\"label\":\"本月推进情况\",\"type\":\"longtext\",\"required\":true},"
	 "{\"name\":\"problems\",\"label\":\"存在问题\",\"type\":\"longtext\"}]"},
	{"annual_plan", "年度安全生产工作计划和任务清单",
	 "seeds/001 §三(三)：4月底前报送年度工作计划和任务清单（项目内容、责任单位、完成时限）",
	 "逐项列明项目内容、责任单位和完成时限。",
	 "year", 4, 0, 0, 0, 0, "all", "fields",
	 "[{\"name\":\"plan\",\"label\":\"年度工作计划\",\"type\":\"longtext\",\"required\":true},"
	 "{\"name\":\"tasks\",\"label\":\"任务清单\",\"type\":\"rows\",\"required\":true,\"columns\":["
	 "{\"name\":\"item\",\"label\":\"项目内容\",\"type\":\"text\",\"required\":true},"
	 "{\"name\":\"unit\",\"label\":\"责任单位\",\"type\":\"text\",\"required\":true},"
	 "{\"name\":\"deadline\",\"label\":\"完成时限\",\"type\":\"date\",\"required\":true}]}]"},
	{"accident_stats", "上一年度生产安全事故统计",
	 "seeds/000 §二(四)3：每年1月中旬前报送上一年度事故统计", "报送上一年度生产安全事故起数、伤亡和直接经济损失。",
	 "year", 1, 15, 0, 1, 0, "all", "fields",
	 "[{\"name\":\"accidents\",\"label\":\"事故起数\",\"type\":\"int\",\"required\":true,\"min\":0,\"max\":10000},"
	 "{\"name\":\"deaths\",\"label\":\"死亡人数\",\"type\":\"int\",\"required\":true,\"min\":0,\"max\":10000},"
	 "{\"name\":\"injuries\",\"label\":\"受伤人数\",\"type\":\"int\",\"required\":true,\"min\":0,\"max\":10000},"
	 "{\"name\":\"direct_loss\",\"label\":\"直接经济损失（万元）\",\"type\":\"number\",\"min\":0,\"max\":1000000},"
	 "{\"name\":\"note\",\"label\":\"情况说明\",\"type\":\"longtext\"}]"},
	{"campaign_summary", "专项行动工作总结",
	 "seeds/002：12月5日前报送专项行动工作总结", "报送专项行动开展情况总结，并上传总结材料。",
	 "year", 12, 5, 0, 0, 1, "all", "fields",
	 "[{\"name\":\"summary\",\"label\":\"工作总结\",\"type\":\"longtext\",\"required\":true}]"},
	{"important_info", "重要信息报送",
	 "seeds/000 §二(四)5：重要信息和突发事件随时报送", "发生重要情况或事件时随时报送，1日内完成。",
	 "event", 0, 0, 1, 0, 0, "all", "fields",
	 "[{\"name\":\"event_at\",\"label\":\"发生日期\",\"type\":\"date\",\"required\":true},"
	 "{\"name\":\"content\",\"label\":\"信息内容\",\"type\":\"longtext\",\"required\":true},"
	 "{\"name\":\"measures\",\"label\":\"已采取的措施\",\"type\":\"longtext\"}]"},
	{"drill_report", "高危行业单位应急演练报告",
	 "seeds/001 第10项：高危行业单位每半年至少组织一次应急演练", "每半年报送应急演练情况，上传演练记录和评估报告。",
	 "half", 0, 0, 0, 0, 1, "high_risk", "fields",
	 "[{\"name\":\"drill_date\",\"label\":\"演练日期\",\"type\":\"date\",\"required\":true},"
	 "{\"name\":\"drill_name\",\"label\":\"演练名称\",\"type\":\"text\",\"required\":true},"
	 "{\"name\":\"participants\",\"label\":\"参演人数\",\"type\":\"int\",\"min\":0,\"max\":100000},"
	 "{\"name\":\"evaluation\",\"label\":\"演练评估\",\"type\":\"longtext\"}]"},
};

static const struct sub_template *template_find(const char *code)
{
	for (size_t i = 0; code && i < ARRAY_SIZE(templates); i++)
		if (strcmp(templates[i].code, code) == 0)
			return &templates[i];
	return NULL;
}

/* -------------------------------------------------------------- validation */

/* A type's schedule and form: the rule needs its numbers (a yearly one its month),
 * the start period must be a key of its period, the form must be a well-formed
 * declaration (rules/submit.c), a list must list something. */
static int type_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *period = row_str(obj, "period"), *start = row_str(obj, "start_period"),
		   *schema = row_str(obj, "form_schema");
	int kind = sub_period_kind(period);
	char first[11], last[11];

	(void)c;
	(void)old;
	if (kind == OB_YEAR && (row_int(obj, "due_month") < 1 || row_int(obj, "due_month") > 12))
		verr_add(e, "due_month", "每年报送须填写截止月份（1—12）");
	if (start && kind && kind != OB_EVENT &&
	    ob_period_bounds((enum ob_period)kind, start, first, last) != 0)
		verr_add(e, "start_period", "起始期间格式应与报送周期一致，如 2026-01、2026-H1、2026");
	if (schema) {
		json_error_t je;
		json_t *js = json_loads(schema, 0, &je);
		char msg[160];

		if (!js || !json_is_array(js))
			verr_add(e, "form_schema", "表单字段须为 JSON 数组");
		else if (sf_schema_check(js, msg, sizeof(msg)) != 0)
			verr_add(e, "form_schema", "表单字段：%s", msg);
		json_decref(js);
	}
	if (row_str(obj, "form_kind") && strcmp(row_str(obj, "form_kind"), "fields") == 0 && !schema)
		verr_add(e, "form_schema", "填报表单须声明表单字段");
	if (row_str(obj, "target") && strcmp(row_str(obj, "target"), "list") == 0 &&
	    !ent_target_list_ok(row_str(obj, "target_list")))
		verr_add(e, "target_list", "指定企业须为企业机构编号，逗号分隔");
	if (row_str(obj, "target") && strcmp(row_str(obj, "target"), "campaign") == 0 &&
	    !row_int(obj, "target_campaign_id"))
		verr_add(e, "target_campaign_id", "报送对象为专项行动参与企业时须选择专项行动");
	return 0;
}

/* A type enabled (created enabled, or switched on) owes its submissions at once. */
static int type_after_write(struct ectx *c, enum entity_action a, int64_t id,
			    const json_t *before, const json_t *after, struct verr *e)
{
	int created = 0;

	if (a == EA_DELETE || !row_bool(after, "enabled"))
		return 0;
	(void)before;
	return submit_generate_tx(c, id, &created, e);
}

/* Generic PUT of a submission by the enterprise: only while it may still be
 * submitted (待报送 or 已退回), and the content must be a JSON object. */
static int sub_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *content = row_str(obj, "content");

	(void)c;
	if (old && row_str(old, "status") && strcmp(row_str(old, "status"), "draft") != 0 &&
	    strcmp(row_str(old, "status"), "returned") != 0) {
		verr_set(e, 409, "bad_state", "报送已提交，不能修改");
		return 0;
	}
	if (content) {
		json_error_t je;
		json_t *j = json_loads(content, 0, &je);

		if (!j || !json_is_object(j))
			verr_add(e, "content", "填报内容须为 JSON 对象");
		json_decref(j);
	}
	return 0;
}

/* ---------------------------------------------------------------- workflow */

/* A files member (an array, or its stored JSON text) as an array; null when none. */
static json_t *files_array(const json_t *v)
{
	json_t *a;

	if (json_is_array(v))
		return json_incref((json_t *)v);
	if (!json_is_string(v))
		return json_null();
	a = json_loads(json_string_value(v), 0, NULL);
	if (json_is_array(a))
		return a;
	json_decref(a);
	return json_null();
}

/* submit: the content (the input, else what was saved) must meet the row's form
 * (rules/submit.c: every error names its field), files when the form asks. */
static int submit_guard(struct wf_call *w)
{
	const char *content = row_str(w->in, "content");
	const json_t *files = json_object_get(w->in, "files");
	json_t *schema = NULL, *vals = NULL;
	json_error_t je;
	struct sf_errs fe;
	const char *fk = row_str(w->row, "form_kind");
	int nfiles;

	if (!content)
		content = row_str(w->row, "content");
	if (!files || json_is_null(files))
		files = json_object_get(w->row, "files");
	{
		json_t *fa = files_array(files);
		nfiles = json_is_array(fa) ? (int)json_array_size(fa) : 0;
		json_decref(fa);
	}
	if (content) {
		vals = json_loads(content, 0, &je);
		if (!vals || !json_is_object(vals)) {
			json_decref(vals);
			verr_add(w->err, "content", "填报内容须为 JSON 对象");
			return -1;
		}
	}
	if (fk && strcmp(fk, "fields") == 0 && row_str(w->row, "form_schema"))
		schema = json_loads(row_str(w->row, "form_schema"), 0, &je);
	if (sf_form_check(schema, vals, &fe) > 0)
		for (int i = 0; i < fe.n; i++)
			verr_add(w->err, arena_strdup(w->err->arena, fe.field[i]), "%s", fe.message[i]);
	if ((row_bool(w->row, "require_files") || (fk && strcmp(fk, "files") == 0)) && nfiles == 0)
		verr_add(w->err, "files", "请上传附件");
	json_decref(schema);
	json_decref(vals);
	return w->err->status ? -1 : 0;
}

/* The text form of a row member as stored (files arrays as JSON text). */
static json_t *stored(const json_t *v)
{
	if (!v || json_is_null(v))
		return json_null();
	if (json_is_string(v))
		return json_incref((json_t *)v);
	{
		char *s = json_dumps(v, JSON_COMPACT);
		json_t *r = json_string(s ? s : "[]");
		free(s);
		return r;
	}
}

/* submit: a new version (kept in submission_version), when and by whom; the first
 * submission's time stays (the matrix and the calendar judge punctuality by it). */
static int submit_apply(struct wf_call *w)
{
	const json_t *content = json_object_get(w->in, "content"),
		     *files = json_object_get(w->in, "files");
	int64_t version = row_int(w->row, "version") + 1;
	json_t *v;
	int64_t vid;

	if (!content || json_is_null(content))
		content = json_object_get(w->row, "content");
	if (!files || json_is_null(files))
		files = json_object_get(w->row, "files");
	json_object_set_new(w->set, "content", stored(content));
	json_object_set_new(w->set, "files", stored(files));
	json_object_set_new(w->set, "version", json_integer(version));
	json_object_set_new(w->set, "submitted_at", json_string(w->now));
	if (!row_str(w->row, "first_submitted_at"))
		json_object_set_new(w->set, "first_submitted_at", json_string(w->now));
	json_object_set_new(w->set, "submitted_by",
			    w->c->user ? json_integer(w->c->user->id) : json_null());
	json_object_set_new(w->set, "reviewed_at", json_null());
	json_object_set_new(w->set, "reviewed_by", json_null());
	json_object_set_new(w->set, "review_comment", json_null());
	v = json_pack("{s:I, s:I, s:I, s:s, s:s}", "org_id", (json_int_t)row_int(w->row, "org_id"),
		      "submission_id", (json_int_t)w->id, "version", (json_int_t)version,
		      "submitted_at", w->now, "result", "pending");
	json_object_set_new(v, "content", content && !json_is_null(content)
			    ? json_incref((json_t *)content) : json_null());
	json_object_set_new(v, "files", files_array(files));
	if (w->c->user)
		json_object_set_new(v, "submitted_by", json_integer(w->c->user->id));
	vid = entity_sys_create_tx(w->c, &ver_def, v, w->err);
	json_decref(v);
	return vid > 0 ? 0 : -1;
}

/* The review of the current version: result and comment on its version row. */
static int review_write(struct wf_call *w, const char *result, const char *comment)
{
	int64_t vid = 0;
	json_t *set;
	int rc;

	json_object_set_new(w->set, "reviewed_at", json_string(w->now));
	json_object_set_new(w->set, "reviewed_by",
			    w->c->user ? json_integer(w->c->user->id) : json_null());
	json_object_set_new(w->set, "review_comment", comment ? json_string(comment) : json_null());
	{
		struct db_stmt *st = db_prepare(w->c->db, "SELECT id FROM submission_version"
						" WHERE submission_id = ? AND version = ?");
		int s = -1;

		if (st && db_bind_int64(st, 1, w->id) == 0 &&
		    db_bind_int64(st, 2, row_int(w->row, "version")) == 0)
			s = db_step(st);
		if (s == DB_ROW)
			vid = db_col_int64(st, 0);
		db_finalize(st);
		if (s != DB_ROW && s != DB_DONE) {
			verr_set(w->err, 500, "internal", "服务器内部错误");
			return -1;
		}
	}
	if (!vid)
		return 0;
	set = json_pack("{s:s, s:s}", "result", result, "reviewed_at", w->now);
	json_object_set_new(set, "review_comment", comment ? json_string(comment) : json_null());
	json_object_set_new(set, "reviewed_by", w->c->user ? json_integer(w->c->user->id) : json_null());
	rc = entity_set_tx(w->c, &ver_def, vid, NULL, set, NULL, w->err);
	json_decref(set);
	return rc < 0 ? -1 : 0;
}

static int accept_apply(struct wf_call *w)
{
	return review_write(w, "accepted", row_str(w->in, "note"));
}

/* return: the reason on the row and its version; the enterprise's managers and
 * principal hear it (the inbox), and the duty is due again (the calendar). */
static int return_apply(struct wf_call *w)
{
	const char *reason = row_str(w->in, "reason");

	if (review_write(w, "returned", reason) != 0)
		return -1;
	return inbox_send_enterprise(w->c, row_int(w->row, "org_id"),
				     RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL), "returned",
				     arena_printf(w->err->arena, "报送被退回：%s %s",
						  row_str(w->row, "type_name"),
						  row_str(w->row, "period_label") ? row_str(w->row, "period_label") : ""),
				     reason, arena_printf(w->err->arena, "/submit/mine?id=%" PRId64, w->id),
				     "submission", w->id) < 0 ? -1 : 0;
}

/* ------------------------------------------------------------- generation */

/* A submit_type row as the generator reads it (system read, no scope). */
static json_t *type_load(struct ectx *c, int64_t id)
{
	struct ectx sys = { .db = c->db, .arena = c->arena, .sys = 1 };

	return entity_get(&sys, &type_def, id);
}

/* The enterprises of type t owing period key that have no submission yet: those
 * its target selects in its org's scope (target.h) less those that have one. */
static int targets_missing(struct ectx *c, const json_t *t, int64_t type_id, const char *key,
			   int64_t **out, int *n)
{
	struct ent_target tg;
	struct db_stmt *st;
	int s, k = 0, m = 0;

	ent_target_of_row(t, "target_campaign_id", &tg);
	if (ent_target_orgs(c->db, c->arena, row_int(t, "org_id"), &tg, out, n) != 0)
		return -1;
	st = db_prepare(c->db, "SELECT DISTINCT org_id FROM submission WHERE type_id = ? AND period = ?"
			" ORDER BY org_id");
	if (!st || db_bind_int64(st, 1, type_id) < 0 || db_bind_text(st, 2, key) < 0) {
		db_finalize(st);
		goto fail;
	}
	/* both ascending: keep the selected orgs the submissions do not name */
	while ((s = db_step(st)) == DB_ROW) {
		int64_t have = db_col_int64(st, 0);

		while (k < *n && (*out)[k] < have)
			(*out)[m++] = (*out)[k++];
		if (k < *n && (*out)[k] == have)
			k++;
	}
	db_finalize(st);
	if (s != DB_DONE)
		goto fail;
	while (k < *n)
		(*out)[m++] = (*out)[k++];
	*n = m;
	return 0;
fail:
	free(*out);
	*out = NULL;
	*n = 0;
	return -1;
}

/* One submission of type t for enterprise org in period key due on due. */
static int64_t sub_create(struct ectx *c, const json_t *t, int64_t type_id, int64_t org,
			  const char *key, const char *label, const char *due, const char *title,
			  struct verr *e)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:b}",
			      "org_id", (json_int_t)org, "type_id", (json_int_t)type_id,
			      "type_name", row_str(t, "name"), "period", key, "period_label", label,
			      "due_date", due, "status", "draft", "version", (json_int_t)0,
			      "require_files", row_bool(t, "require_files"));
	int64_t id;
	struct ectx sys = { .db = c->db, .user = c->user, .arena = c->arena, .sys = 1 };

	json_object_set_new(o, "form_kind", json_string(row_str(t, "form_kind") ? row_str(t, "form_kind")
						       : "fields"));
	if (row_str(t, "form_schema"))
		json_object_set_new(o, "form_schema", json_string(row_str(t, "form_schema")));
	if (row_str(t, "description"))
		json_object_set_new(o, "description", json_string(row_str(t, "description")));
	if (title)
		json_object_set_new(o, "title", json_string(title));
	id = entity_sys_create_tx(&sys, &sub_def, o, e);
	json_decref(o);
	return id;
}

int submit_generate_tx(struct ectx *c, int64_t type_id, int *created, struct verr *e)
{
	json_t *t = type_load(c, type_id);
	int kind, rc = -1;
	char today[11], key[16], cur[16], keys[SUB_MAX_PERIODS][16];
	int nk = 0;

	*created = 0;
	if (!t) {
		verr_set(e, 404, "not_found", "报送类型不存在");
		return -1;
	}
	kind = sub_period_kind(row_str(t, "period"));
	if (!row_bool(t, "enabled") || !kind || kind == OB_EVENT) {
		json_decref(t);
		return 0;
	}
	entity_today(today);
	if (ob_period_key((enum ob_period)kind, today, cur) != 0)
		goto out;
	/* the periods begun, from the start period (or the current one) to today's,
	 * at most SUB_MAX_PERIODS: collected backwards from today's */
	snprintf(key, sizeof(key), "%s", cur);
	for (;;) {
		const char *start = row_str(t, "start_period");

		snprintf(keys[nk++], sizeof(keys[0]), "%s", key);
		if (nk == SUB_MAX_PERIODS || !start || strcmp(key, start) <= 0)
			break;
		if (ob_period_prev((enum ob_period)kind, key, key) != 0)
			break;
	}
	for (int k = nk - 1; k >= 0; k--) {
		char due[11], label[32];
		int64_t *orgs = NULL;
		int n = 0;

		if (sub_due(row_str(t, "period"), (int)row_int(t, "due_month"), (int)row_int(t, "due_day"),
			    (int)row_int(t, "due_days"), row_bool(t, "due_next_year"), keys[k], due) != 0 ||
		    !ob_period_label((enum ob_period)kind, keys[k], label)) {
			verr_add(e, "period", "报送时限设置无效");
			goto out;
		}
		if (targets_missing(c, t, type_id, keys[k], &orgs, &n) != 0) {
			verr_set(e, 500, "internal", "服务器内部错误");
			goto out;
		}
		for (int i = 0; i < n; i++) {
			if (sub_create(c, t, type_id, orgs[i], keys[k], label, due, NULL, e) <= 0) {
				free(orgs);
				goto out;
			}
			(*created)++;
		}
		free(orgs);
	}
	rc = 0;
out:
	json_decref(t);
	return rc;
}

int64_t submit_enable_template_tx(struct ectx *c, const char *code, const char *start,
				  struct verr *e)
{
	const struct sub_template *tp = template_find(code);
	char today[11], key[16];
	json_t *o;
	int64_t id;
	int kind;

	if (!tp) {
		verr_add(e, "template", "请选择模板");
		return -1;
	}
	kind = sub_period_kind(tp->period);
	entity_today(today);
	if (!start && kind != OB_EVENT) {
		/* the year's first period (a yearly type of the next year: last year's) */
		char jan[11];
		snprintf(jan, sizeof(jan), "%.4s-01-01", today);
		if (ob_period_key((enum ob_period)kind, jan, key) != 0)
			return -1;
		if (tp->next_year)
			snprintf(key, sizeof(key), "%d", atoi(today) - 1);
		start = key;
	}
	o = json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:I, s:I, s:I, s:b, s:I, s:s, s:s, s:b}",
		      "name", tp->name, "template", tp->code, "source", tp->source,
		      "description", tp->description, "enabled", 1, "period", tp->period,
		      "due_month", (json_int_t)tp->due_month, "due_day", (json_int_t)tp->due_day,
		      "due_days", (json_int_t)tp->due_days, "due_next_year", tp->next_year,
		      "warn_days", (json_int_t)5, "target", tp->target, "form_kind", tp->form_kind,
		      "require_files", tp->require_files);
	json_object_set_new(o, "form_schema", json_string(tp->schema));
	if (start)
		json_object_set_new(o, "start_period", json_string(start));
	id = entity_create_tx(c, &type_def, o, e);
	json_decref(o);
	return id;
}

/* ------------------------------------------------------------------ routes */

/* GET /api/submit_type/templates — the documents' types, ready to enable. */
static int templates_h(struct req *r, struct resp *s)
{
	struct jw w;

	(void)r;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_key(&w, "items");
	jw_arr_begin(&w);
	for (size_t i = 0; i < ARRAY_SIZE(templates); i++) {
		const struct sub_template *t = &templates[i];
		jw_obj_begin(&w);
		jw_kstr(&w, "code", t->code);
		jw_kstr(&w, "name", t->name);
		jw_kstr(&w, "source", t->source);
		jw_kstr(&w, "description", t->description);
		jw_kstr(&w, "period", t->period);
		jw_kstr(&w, "target", t->target);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	s->status = 200;
	return 200;
}

/* POST /api/submit_type/enable {template, start_period?} → 201 the type. */
static int enable_h(struct req *r, struct resp *s)
{
	struct ectx c;
	struct verr e;
	const char *code = json_string_value(json_object_get(r->json, "template")),
		   *start = json_string_value(json_object_get(r->json, "start_period"));
	int64_t id;
	int rc;

	c = (struct ectx){ .db = r->db, .user = r->user, .arena = &r->arena };
	verr_init(&e, &r->arena);
	if ((rc = ent_tx_begin(r, s)) != 0)
		return rc;
	id = submit_enable_template_tx(&c, code, start, &e);
	if (id <= 0) {
		db_rollback(r->db);
		if (!e.status)
			verr_set(&e, 500, "internal", "服务器内部错误");
		return verr_send(&e, s);
	}
	if ((rc = ent_tx_commit(r, s)) != 0)
		return rc;
	return entity_send(&c, &type_def, id, 201, s);
}

/* POST /api/submit_type/:id/generate → {created}: the submissions owed up to
 * today (also done by the scheduler every minute). */
static int generate_h(struct req *r, struct resp *s)
{
	struct ectx c;
	struct verr e;
	int64_t id = req_param_id(r, 0);
	json_t *t;
	int created = 0, rc;
	struct jw w;

	c = (struct ectx){ .db = r->db, .user = r->user, .arena = &r->arena };
	verr_init(&e, &r->arena);
	t = id ? entity_get(&c, &type_def, id) : NULL;
	if (!t)
		return http_error(s, 404, "not_found", "报送类型不存在", NULL);
	json_decref(t);
	if ((rc = ent_tx_begin(r, s)) != 0)
		return rc;
	if (submit_generate_tx(&c, id, &created, &e) != 0) {
		db_rollback(r->db);
		return verr_send(&e, s);
	}
	if ((rc = ent_tx_commit(r, s)) != 0)
		return rc;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kint(&w, "created", created);
	jw_obj_end(&w);
	s->status = 200;
	return 200;
}

/* POST /api/submission/event {type_id, event_date, title} — an event-driven
 * submission (重要信息) of the caller's enterprise, due the type's days after the
 * event; the enterprise must be one the type asks. → 201 the draft. */
static int event_h(struct req *r, struct resp *s)
{
	struct ectx c, sys;
	struct verr e;
	json_t *jt = json_object_get(r->json, "type_id"), *t = NULL;
	const char *date = json_string_value(json_object_get(r->json, "event_date")),
		   *title = json_string_value(json_object_get(r->json, "title"));
	int64_t org, type_id = json_is_integer(jt) ? (int64_t)json_integer_value(jt) : 0, id, n = 0;
	char due[11], key[32], label[48];
	int rc, owes = 0;

	c = (struct ectx){ .db = r->db, .user = r->user, .arena = &r->arena };
	sys = (struct ectx){ .db = r->db, .arena = &r->arena, .sys = 1 };
	verr_init(&e, &r->arena);
	org = org_enterprise_of(r->db, r->user->org_id);
	if (org <= 0)
		return http_error(s, 403, "forbidden", "只有企业可以报送事件信息", NULL);
	if (type_id > 0)
		t = entity_get(&sys, &type_def, type_id);
	if (!t || !row_bool(t, "enabled") || !row_str(t, "period") ||
	    strcmp(row_str(t, "period"), "event") != 0) {
		json_decref(t);
		return http_error(s, 400, "validation", "请选择随时报送的报送类型", "type_id");
	}
	if (!title || !*title || strlen(title) > 600) {
		json_decref(t);
		return http_error(s, 400, "validation", "请填写事项名称（不超过200字）", "title");
	}
	if (!date || sub_due("event", 0, 0, (int)row_int(t, "due_days"), 0, date, due) != 0) {
		json_decref(t);
		return http_error(s, 400, "validation", "发生日期须为日期（YYYY-MM-DD）", "event_date");
	}
	{	/* the enterprise must be one the type asks: its target in its regulator's scope */
		struct ent_target tg;

		ent_target_of_row(t, "target_campaign_id", &tg);
		if ((owes = ent_target_has(r->db, &r->arena, row_int(t, "org_id"), &tg, org)) < 0) {
			json_decref(t);
			return http_internal(s);
		}
	}
	if (!owes) {
		json_decref(t);
		return http_error(s, 403, "forbidden", "本企业不在该报送类型的报送对象内", NULL);
	}
	if ((rc = ent_tx_begin(r, s)) != 0) {
		json_decref(t);
		return rc;
	}
	if (db_query_int64p(r->db, "SELECT COUNT(*) FROM submission WHERE type_id = ?", type_id, &n, 0) != 0) {
		db_rollback(r->db);
		json_decref(t);
		return http_internal(s);
	}
	snprintf(key, sizeof(key), "E%" PRId64, n + 1);
	snprintf(label, sizeof(label), "%s", date);
	id = sub_create(&c, t, type_id, org, key, label, due, title, &e);
	json_decref(t);
	if (id <= 0) {
		db_rollback(r->db);
		return verr_send(&e, s);
	}
	if ((rc = ent_tx_commit(r, s)) != 0)
		return rc;
	return entity_send(&c, &sub_def, id, 201, s);
}

/* ------------------------------------------------------------------ matrix */

static const struct field_def matrix_cols[] = {
	{.name = "id", .label = "编号", .type = FT_INT, .expr = "t.id", .flags = F_SORT},
	{.name = "org_id", .label = "企业编号", .type = FT_INT, .expr = "t.org_id"},
	{.name = "enterprise_name", .label = "企业", .type = FT_TEXT, .expr = "o.name",
	 .flags = F_LIST | F_SEARCH | F_SORT},
	{.name = "type_id", .label = "报送类型编号", .type = FT_INT, .expr = "t.type_id",
	 .flags = F_FILTER},
	{.name = "type_name", .label = "报送名称", .type = FT_TEXT, .expr = "t.type_name",
	 .flags = F_LIST},
	{.name = "period", .label = "期间编码", .type = FT_TEXT, .expr = "t.period",
	 .flags = F_FILTER | F_SORT},
	{.name = "period_label", .label = "期间", .type = FT_TEXT, .expr = "t.period_label",
	 .flags = F_LIST},
	{.name = "due_date", .label = "截止日期", .type = FT_DATE, .expr = "t.due_date",
	 .flags = F_LIST | F_SORT | F_RANGE},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = status_opts,
	 .expr = "t.status", .flags = F_LIST | F_FILTER},
	{.name = "cell", .label = "报送情况", .type = FT_ENUM, .opts = cell_opts,
	 .expr = SUB_CELL_SQL, .flags = F_LIST | F_FILTER},
	{.name = "first_submitted_at", .label = "首次报送时间", .type = FT_DATETIME,
	 .expr = "t.first_submitted_at", .flags = F_LIST},
	{.name = "version", .label = "版本", .type = FT_INT, .expr = "t.version", .flags = F_LIST},
};

/* The counts of the matrix (the request's filters: one type, one year …). */
static int matrix_extra(struct view_req *q, struct jw *w)
{
	static const char *const cells[] = { "on_time", "late", "missing", "returned", "not_due" };
	static const char *const conds[] = {
		"t.status IN ('submitted', 'accepted') AND substr(t.first_submitted_at, 1, 10) <= t.due_date",
		"t.status IN ('submitted', 'accepted') AND substr(t.first_submitted_at, 1, 10) > t.due_date",
		"t.status = 'draft' AND t.due_date < {today}",
		"t.status = 'returned'",
		"t.status = 'draft' AND t.due_date >= {today}",
	};

	jw_key(w, "counts");
	jw_obj_begin(w);
	for (size_t i = 0; i < ARRAY_SIZE(cells); i++) {
		int64_t n = 0;
		if (view_count_filtered(q, conds[i], &n) < 0)
			return -1;
		jw_kint(w, cells[i], n);
	}
	jw_obj_end(w);
	return 0;
}

static const struct view_def matrix_view = {
	.path = "/api/submission/matrix", .label = "信息报送情况",
	.from = "submission t JOIN org o ON o.id = t.org_id", .scope_col = "t.org_id",
	.cols = matrix_cols, .ncols = ARRAY_SIZE(matrix_cols),
	.default_sort = "enterprise_name", .default_size = 200,
	.roles = SUB_READERS, .extra = matrix_extra,
};

/* ------------------------------------------------------------------ module */

static const struct route submit_routes[] = {
	{HTTP_GET, "/api/submit_type/templates", templates_h, 0, SUB_READERS},
	{HTTP_POST, "/api/submit_type/enable", enable_h, ROUTE_JSON, SUB_REGULATORS},
	{HTTP_POST, "/api/submit_type/:id/generate", generate_h, 0, SUB_REGULATORS},
	{HTTP_POST, "/api/submission/event", event_h, ROUTE_JSON, SUB_ENT_WRITERS},
};

void submit_init(void)
{
	entity_register(&type_def);
	entity_register(&sub_def);
	entity_register(&ver_def);
	view_register(&matrix_view);
	router_add(submit_routes, ARRAY_SIZE(submit_routes));
	entity_perm_register("submit_type:enable", SUB_REGULATORS);
	entity_perm_register("submit_type:generate", SUB_REGULATORS);
	entity_perm_register("submission:event", SUB_ENT_WRITERS);
}

/* One submission per type, enterprise and period (the generator and concurrent
 * requests rely on it); the versions by submission. */
int submit_schema(struct db *db)
{
	if (db_exec(db, "CREATE UNIQUE INDEX IF NOT EXISTS submission_slot"
		    " ON submission (type_id, org_id, period)") != 0 ||
	    db_exec(db, "CREATE INDEX IF NOT EXISTS submission_version_sub"
		    " ON submission_version (submission_id, version)") != 0) {
		log_err("submit schema: %s", db_errmsg(db));
		return -1;
	}
	return 0;
}

/* Every minute (scheduler): the enabled types' submissions of periods begun. */
int submit_jobs(struct ectx *c)
{
	struct db_stmt *st = db_prepare(c->db, "SELECT id FROM submit_type WHERE enabled = 1"
					" AND period <> 'event' ORDER BY id");
	int64_t ids[256];
	int n = 0, s, rc = 0;

	if (!st)
		return -1;
	while ((s = db_step(st)) == DB_ROW && n < (int)ARRAY_SIZE(ids))
		ids[n++] = db_col_int64(st, 0);
	db_finalize(st);
	for (int i = 0; i < n; i++) {
		struct verr e;
		int created = 0;

		verr_init(&e, c->arena);
		if (db_begin(c->db) != 0)
			return -1;
		if (submit_generate_tx(c, ids[i], &created, &e) != 0) {
			db_rollback(c->db);
			log_err("submit job: type %" PRId64 ": %s", ids[i], e.message ? e.message : "");
			rc = -1;
			continue;
		}
		if (db_commit(c->db) != 0) {
			db_rollback(c->db);
			rc = -1;
		}
	}
	return rc;
}

/* The enterprise home: submissions returned, overdue, due within 5 days. */
int submit_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w)
{
	if (home_notice_count(c, w, org, today, "SELECT COUNT(*) FROM submission WHERE " HOME_ORG
			      " AND status = 'returned'", "submission_returned", "报送被退回",
			      "danger", "/submit/mine?status=returned") != 0 ||
	    home_notice_count(c, w, org, today, "SELECT COUNT(*) FROM submission WHERE " HOME_ORG
			      " AND status = 'draft' AND due_date < ?", "submission_overdue",
			      "报送已逾期", "danger", "/submit/mine?cell=missing") != 0)
		return -1;
	return 0;
}
