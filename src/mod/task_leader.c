/*
 * task_leader.c — 区领导 (issue 11, the regulator's side of the loop): the district
 * leaders' 职责清单 and 工作任务清单, their 带队督查检查 and their yearly 履职述职
 * report.
 *
 * Sources: seeds/003 一(一)3 (建立完善党政领导干部职责清单和工作任务清单制度，严格
 * 落实党政领导干部安全生产履职述职报告制度和带队督查检查机制) and its closing paragraph
 * (成员单位 report progress to the leader in charge, "作为党政领导干部履行安全生产
 * '一岗双责'年度述职的重要内容"); the annex (区领导 column of the 19 key tasks).
 *
 * Entities (generic routes of the entity core; rows in the leader's org, a
 * regulator or committee node, so scope is the core's):
 *   leader             a district leader: name, position, the units they lead.
 *   leader_duty        one item of the leader's 职责清单: content and its basis.
 *   leader_inspection  a 带队督查检查: date, the enterprise and/or units visited,
 *                      findings, the inspection record it produced (if any).
 *   leader_report      the yearly 履职述职 report of (leader, year): content, files,
 *                      submitted date. One row per leader and year is kept for every
 *                      serving leader (made when the leader is entered, and for each
 *                      new year by the scheduler and `anjian check`), so a report
 *                      never written shows as 逾期未完成 in the calendar.
 * The 工作任务清单 is not a copy: it is the task module's tasks whose 区领导 column
 * names the leader (the annex writes "蒋 龙" as well as "蒋龙": blanks are ignored),
 * served as a declared view:
 *   GET /api/leader/tasks?leader_id=   the tasks of one leader (task.c's columns)
 *
 * Duty of the calendar (party: the regulator): leader_report_annual — the report
 * of year Y is due 31 days after Y's last day (31 January of Y+1, the platform's
 * default; an administrator changes it in 履职规则), done at its submitted date.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "entity/obligation.h"
#include "http/http.h"
#include "mod/task.h"

#define RB(r) (1u << (r))
#define LEADER_WRITERS (RB(ROLE_ADMIN) | RB(ROLE_REGULATOR))
#define LEADER_MAX 500		/* leaders of one district, for the yearly report rows */

/* The 区领导 column as the match reads it: without blanks (ASCII and full-width). */
#define LEADERS_PLAIN(col) "REPLACE(REPLACE(" col ", ' ', ''), '　', '')"
/* Task k names leader l (same org: the list the district keeps). */
#define TASK_NAMES_LEADER(k, l) \
	k ".org_id = " l ".org_id AND " LEADERS_PLAIN(k ".leaders") " LIKE '%' || " l ".name || '%'"

static const struct enum_opt ob_status_opts[] = {
	{"not_due", "未到期"}, {"due_soon", "即将到期"}, {"done", "已完成"},
	{"done_late", "逾期完成"}, {"overdue", "逾期未完成"}, {"na", "不适用"}, {NULL, NULL}
};

/* ------------------------------------------------------------------ leader */

/* Last year's 履职述职 of leader t (the report of the year before today's) and its
 * calendar row: submitted (on its date), else overdue or not yet due by the row's
 * due date. No row (a leader who began this year): NULL, nothing was owed. */
#define LAST_REPORT(val) "(SELECT " val " FROM leader_report r LEFT JOIN obligation o" \
	" ON o.duty = 'leader_report_annual' AND o.period_key = CAST(r.id AS TEXT)" \
	" WHERE r.leader_id = t.id AND r.year = CAST(substr(CAST({today} AS TEXT), 1, 4) AS INTEGER) - 1)"

static const struct enum_opt last_report_opts[] = {
	{"submitted", "已提交"}, {"overdue", "逾期"}, {"not_due", "未到期"}, {NULL, NULL}
};

static int leader_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int leader_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			       const json_t *old, struct verr *e);
static int leader_after_write(struct ectx *c, enum entity_action a, int64_t id,
			      const json_t *before, const json_t *after, struct verr *e);

static const struct field_def leader_fields[] = {
	{.name = "seq", .label = "排序", .type = FT_INT, .min = 1, .max = 1000,
	 .flags = F_SORT | F_LIST},
	{.name = "name", .label = "姓名", .type = FT_TEXT, .max_len = 20,
	 .flags = F_REQUIRED | F_LIST | F_SEARCH | F_SORT,
	 .help = "与任务清单「区领导」一栏的写法一致（空格不计）"},
	{.name = "position", .label = "职务", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_LIST | F_SEARCH},
	{.name = "units", .label = "分管联系单位", .type = FT_TEXT, .max_len = 500,
	 .flags = F_LIST | F_SEARCH, .help = "多个单位以空格或顿号分隔"},
	{.name = "active", .label = "在任", .type = FT_BOOL, .flags = F_LIST | F_FILTER},
	{.name = "user_id", .label = "本人账号", .type = FT_REF, .ref = "user", .flags = F_UNIQUE,
	 .help = "区领导本人登录平台的区级账号（可不填）：述职报告即将到期、逾期时一并提醒本人"},
	{.name = "task_count", .label = "工作任务数", .type = FT_INT, .flags = F_LIST,
	 .expr = "(SELECT COUNT(*) FROM task k WHERE " TASK_NAMES_LEADER("k", "t") ")"},
	{.name = "last_report", .label = "上年度述职", .type = FT_ENUM, .opts = last_report_opts,
	 .flags = F_LIST | F_FILTER, .expr = LAST_REPORT("CASE WHEN r.submitted_date IS NOT NULL THEN 'submitted'"
		 " WHEN substr(o.due_at, 1, 10) < {today} THEN 'overdue' ELSE 'not_due' END")},
	{.name = "last_report_date", .label = "上年度述职日期", .type = FT_DATE, .flags = F_LIST,
	 .help = "已提交的为提交日期，未提交的为截止日期",
	 .expr = LAST_REPORT("COALESCE(r.submitted_date, substr(o.due_at, 1, 10))")},
};

static const struct entity_def leader_def = {
	.name = "leader", .table = "leader", .label = "区领导",
	.fields = leader_fields, .nfields = ARRAY_SIZE(leader_fields),
	.read_roles = LEADER_WRITERS, .write_roles = LEADER_WRITERS,
	.display_field = "name", .default_sort = "seq",
	.validate = leader_validate, .before_write = leader_before_write,
	.after_write = leader_after_write,
};

/* ------------------------------------------------------------- duty list */

static int child_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			      const json_t *old, struct verr *e);

static const struct field_def duty_fields[] = {
	{.name = "leader_id", .label = "区领导", .type = FT_REF, .ref = "leader",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "seq", .label = "序号", .type = FT_INT, .min = 1, .max = 1000,
	 .flags = F_REQUIRED | F_SORT | F_LIST},
	{.name = "content", .label = "职责内容", .type = FT_LONGTEXT, .max_len = 2000,
	 .flags = F_REQUIRED | F_LIST | F_SEARCH},
	{.name = "basis", .label = "依据", .type = FT_TEXT, .max_len = 300,
	 .flags = F_REQUIRED | F_LIST, .help = "文件及条款，如：普安委〔2023〕4号 一(一)3"},
};

static const struct entity_def duty_def = {
	.name = "leader_duty", .table = "leader_duty", .label = "领导职责清单",
	.fields = duty_fields, .nfields = ARRAY_SIZE(duty_fields),
	.read_roles = LEADER_WRITERS, .write_roles = LEADER_WRITERS,
	.display_field = "content", .default_sort = "seq",
	.before_write = child_before_write,
};

/* ------------------------------------------------------ led inspections */

static const struct enum_opt insp_kind_opts[] = {
	{"inspection", "带队检查"},
	{"supervision", "督查督导"},
	{"unannounced", "明查暗访"},
	{NULL, NULL}
};

static int insp_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);

static const struct field_def insp_fields[] = {
	{.name = "leader_id", .label = "区领导", .type = FT_REF, .ref = "leader",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "inspect_date", .label = "督查日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT | F_RANGE},
	{.name = "kind", .label = "方式", .type = FT_ENUM, .opts = insp_kind_opts,
	 .flags = F_REQUIRED | F_LIST | F_FILTER},
	{.name = "enterprise_id", .label = "检查企业", .type = FT_REF, .ref = "enterprise",
	 .flags = F_LIST | F_FILTER},
	{.name = "units", .label = "检查单位/场所", .type = FT_TEXT, .max_len = 500,
	 .flags = F_LIST | F_SEARCH, .help = "企业以外的单位、街镇或场所；多个以顿号分隔"},
	{.name = "participants", .label = "参加人员", .type = FT_TEXT, .max_len = 300},
	{.name = "findings", .label = "发现问题及工作要求", .type = FT_LONGTEXT, .max_len = 4000,
	 .flags = F_REQUIRED | F_LIST | F_SEARCH},
	{.name = "hazard_count", .label = "发现隐患数", .type = FT_INT, .min = 0, .max = 10000,
	 .flags = F_LIST},
	{.name = "inspection_id", .label = "关联检查记录", .type = FT_REF, .ref = "inspection",
	 .flags = F_LIST, .help = "检查形成了检查记录（监管执法检查等）时选择"},
	{.name = "files", .label = "现场照片及记录", .type = FT_FILES},
};

static const struct entity_def insp_def = {
	.name = "leader_inspection", .table = "leader_inspection", .label = "带队督查检查",
	.fields = insp_fields, .nfields = ARRAY_SIZE(insp_fields),
	.read_roles = LEADER_WRITERS, .write_roles = LEADER_WRITERS,
	.display_field = "inspect_date", .default_sort = "-inspect_date",
	.validate = insp_validate, .before_write = child_before_write,
};

/* --------------------------------------------------------- yearly report */

static int report_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int report_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			       const json_t *old, struct verr *e);

/* The calendar row of report t (its duty's period key is the report's id). */
#define REPORT_OB(col) "(SELECT o." col " FROM obligation o WHERE o.duty = 'leader_report_annual'" \
	" AND o.period_key = CAST(t.id AS TEXT))"

static const struct field_def report_fields[] = {
	{.name = "leader_id", .label = "区领导", .type = FT_REF, .ref = "leader",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "leader_name", .label = "姓名", .type = FT_TEXT, .max_len = 20,
	 .flags = F_READONLY | F_HIDDEN | F_SEARCH},
	{.name = "year", .label = "年度", .type = FT_INT, .min = 2000, .max = 2100,
	 .flags = F_REQUIRED | F_FILTER | F_LIST | F_SORT},
	{.name = "content", .label = "述职内容", .type = FT_LONGTEXT, .max_len = 20000,
	 .help = "履行安全生产\u201c一岗双责\u201d情况、分管领域重点任务推进、带队督查检查情况"},
	{.name = "files", .label = "述职报告文件", .type = FT_FILES},
	{.name = "submitted_date", .label = "提交日期", .type = FT_DATE,
	 .flags = F_LIST | F_SORT | F_RANGE, .help = "未提交时留空"},
	{.name = "due_date", .label = "截止日期", .type = FT_DATE, .flags = F_LIST,
	 .expr = "substr(" REPORT_OB("due_at") ", 1, 10)"},
	{.name = "ob_status", .label = "按时情况", .type = FT_ENUM, .opts = ob_status_opts,
	 .flags = F_LIST | F_FILTER, .expr = REPORT_OB("status")},
};

static const char *const report_indexes[] = { "leader_id, year", NULL };

static const struct entity_def report_def = {
	.name = "leader_report", .table = "leader_report", .label = "履职述职报告",
	.fields = report_fields, .nfields = ARRAY_SIZE(report_fields),
	.read_roles = LEADER_WRITERS, .write_roles = LEADER_WRITERS,
	.display_field = "year", .default_sort = "-year", .indexes = report_indexes,
	.validate = report_validate, .before_write = report_before_write,
};

/* seeds/003 一(一)3: 严格落实党政领导干部安全生产履职述职报告制度. The report of year
 * Y: due 31 days after 31 December (31 January of Y+1 — the platform's default,
 * adjustable in 履职规则), 15 days' warning. */
static const struct obligation_def leader_report_annual = {
	.code = "leader_report_annual", .label = "区领导年度安全生产履职述职报告", .module = "task",
	.source = "普安委〔2023〕4号 一(一)3：严格落实党政领导干部安全生产履职述职报告制度；"
		  "次年1月31日前为平台默认（年末后31日），可在履职规则中调整",
	.party = OBP_REGULATOR,
	.period = OB_EVENT, .due = { DUE_DAYS_AFTER, 0, 0, 31 }, .warn_days = 15,
	.proof_entity = "leader_report",
	.record_event = "CAST(t.year AS TEXT) || '-12-31'",
	.record_done = "t.submitted_date IS NOT NULL", .record_done_at = "t.submitted_date",
	.record_title = "t.leader_name || '（' || CAST(t.year AS TEXT) || '年度）'",
	.form = "/task/leader",
	/* the district keeps its leaders' reports: its regulators and administrators
	 * (no supervision row names the district's own org), and the leader */
	.remind_roles = LEADER_WRITERS,
	.record_user = "(SELECT l.user_id FROM leader l WHERE l.id = t.leader_id)",
};

const struct obligation_def *const task_duties[] = { &leader_report_annual, NULL };

/* ------------------------------------------------------------ the view */

static const struct enum_opt task_status_opts[] = {
	{"not_started", "未开始"}, {"in_progress", "推进中"}, {"done", "已完成"}, {NULL, NULL}
};

static const struct field_def tasks_cols[] = {
	{.name = "id", .label = "编号", .type = FT_INT, .expr = "k.id", .flags = F_SORT},
	{.name = "leader_id", .label = "区领导编号", .type = FT_INT, .expr = "l.id", .flags = F_FILTER},
	{.name = "list_name", .label = "清单名称", .type = FT_TEXT, .expr = "k.list_name",
	 .flags = F_LIST | F_FILTER},
	{.name = "year", .label = "年度", .type = FT_INT, .expr = "k.year", .flags = F_LIST | F_FILTER | F_SORT},
	{.name = "seq", .label = "序号", .type = FT_INT, .expr = "k.seq", .flags = F_LIST | F_SORT},
	{.name = "title", .label = "重点任务", .type = FT_TEXT, .expr = "k.title",
	 .flags = F_LIST | F_SEARCH},
	{.name = "leaders", .label = "区领导", .type = FT_TEXT, .expr = "k.leaders", .flags = F_LIST},
	{.name = "lead_units", .label = "责任单位", .type = FT_TEXT, .expr = "k.lead_units",
	 .flags = F_LIST},
	{.name = "coop_units", .label = "配合单位", .type = FT_TEXT, .expr = "k.coop_units",
	 .flags = F_LIST},
	{.name = "deadline", .label = "完成时限", .type = FT_DATE, .expr = "k.deadline",
	 .flags = F_LIST | F_SORT},
	{.name = "progress", .label = "完成进度（%）", .type = FT_INT, .expr = "k.progress",
	 .flags = F_LIST},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = task_status_opts,
	 .expr = "COALESCE(k.status, 'not_started')", .flags = F_LIST | F_FILTER},
	{.name = "overdue", .label = "已逾期", .type = FT_BOOL, .flags = F_LIST | F_FILTER,
	 .expr = "CASE WHEN k.deadline IS NOT NULL AND k.deadline < {today}"
		 " AND COALESCE(k.status, 'not_started') <> 'done' THEN 1 ELSE 0 END"},
};

static const struct view_def tasks_view = {
	.path = "/api/leader/tasks", .label = "区领导工作任务清单",
	.from = "task k JOIN leader l ON " TASK_NAMES_LEADER("k", "l"),
	.scope_col = "k.org_id",
	.cols = tasks_cols, .ncols = ARRAY_SIZE(tasks_cols),
	.default_sort = "seq", .default_size = 100, .roles = LEADER_WRITERS,
};

/* ------------------------------------------------------------- the rules */

/* s without ASCII and full-width blanks, in c's arena (NULL stays NULL). */
static char *plain_name(struct ectx *c, const char *s)
{
	static const char wide[] = "　";	/* U+3000, three bytes */
	size_t n = s ? strlen(s) : 0, k = 0;
	char *out;

	if (!s)
		return NULL;
	out = arena_alloc(c->arena, n + 1);
	for (size_t i = 0; i < n;) {
		if (s[i] == ' ' || s[i] == '\t') {
			i++;
		} else if (strncmp(s + i, wide, sizeof(wide) - 1) == 0) {
			i += sizeof(wide) - 1;
		} else {
			out[k++] = s[i++];
		}
	}
	out[k] = 0;
	return out;
}

/* A name is matched inside the 区领导 column with LIKE, so it may not hold the
 * pattern characters; blanks do not count (stored without them). */
static int leader_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *name = row_str(obj, "name");
	const char *p = plain_name(c, name);

	(void)old;
	if (name && (!p || !*p))
		verr_add(e, "name", "姓名不能为空");
	else if (p && (strchr(p, '%') || strchr(p, '_') || strchr(p, '\\')))
		verr_add(e, "name", "姓名不能包含 %%、_ 或 \\ 字符");
	/* the leader's own account is a district one (an enterprise's people do not
	 * keep the district's leaders) */
	if (row_int(obj, "user_id")) {
		int64_t n = 0;

		if (db_query_int64p(c->db, "SELECT COUNT(*) FROM users u JOIN org o ON o.id = u.org_id"
				    " WHERE u.id = ? AND u.role IN ('admin', 'regulator', 'department')"
				    " AND o.kind IN ('regulator', 'committee', 'department')",
				    row_int(obj, "user_id"), &n, 0) != 0) {
			verr_set(e, 500, "internal", "服务器内部错误");
			return 0;
		}
		if (!n)
			verr_add(e, "user_id", "本人账号须为监管部门、安委办或成员单位的账号");
	}
	return 0;
}

/* The name stored without blanks; a leader belongs to a district org (a regulator
 * or the 安委办), never an enterprise's; a new leader serves. */
static int leader_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			       const json_t *old, struct verr *e)
{
	struct db_stmt *st;
	int ok = 0;

	(void)old;
	if (a == EA_DELETE)
		return 0;
	if (row_str(obj, "name"))
		json_object_set_new(obj, "name", json_string(plain_name(c, row_str(obj, "name"))));
	if (a == EA_CREATE && !json_is_boolean(json_object_get(obj, "active")))
		json_object_set_new(obj, "active", json_true());
	st = db_prepare(c->db, "SELECT COUNT(*) FROM org WHERE id = ? AND kind IN ('regulator', 'committee')");
	if (st && db_bind_int64(st, 1, row_int(obj, "org_id")) == 0 && db_step(st) == DB_ROW)
		ok = db_col_int64(st, 0) > 0;
	db_finalize(st);
	if (!ok) {
		verr_add(e, "org_id", "区领导须属于监管部门或安委办");
		return -1;
	}
	return 0;
}

static int report_slots(struct ectx *c, int64_t only_leader, struct verr *e);

/* A serving leader has this year's report row at once (the calendar shows it). */
static int leader_after_write(struct ectx *c, enum entity_action a, int64_t id,
			      const json_t *before, const json_t *after, struct verr *e)
{
	(void)before;
	if (a == EA_DELETE || !row_bool(after, "active"))
		return 0;
	return report_slots(c, id, e) < 0 ? -1 : 0;
}

/* A duty item, a led inspection, a report: in the leader's org. */
static int child_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			      const json_t *old, struct verr *e)
{
	int64_t org = 0;

	(void)old;
	if (a == EA_DELETE)
		return 0;
	if (db_query_int64p(c->db, "SELECT org_id FROM leader WHERE id = ?", row_int(obj, "leader_id"),
			    &org, 0) != 0 || org <= 0) {
		verr_add(e, "leader_id", "区领导不存在");
		return -1;
	}
	json_object_set_new(obj, "org_id", json_integer(org));
	return 0;
}

/* A led inspection: not in the future; it visited an enterprise or named the
 * units; a linked inspection record is of the enterprise visited (which it names
 * when the form left it empty). */
static int insp_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	char today[11];
	const char *d = row_str(obj, "inspect_date");
	int64_t insp = row_int(obj, "inspection_id"), ent = row_int(obj, "enterprise_id");

	(void)old;
	entity_today(today);
	if (d && strcmp(d, today) > 0)
		verr_add(e, "inspect_date", "督查日期不能晚于今天");
	if (insp) {
		int64_t ient = 0;

		if (db_query_int64p(c->db, "SELECT e.id FROM inspection i JOIN enterprise e"
				    " ON e.org_id = i.org_id WHERE i.id = ?", insp, &ient, 0) != 0) {
			verr_set(e, 500, "internal", "服务器内部错误");
			return 0;
		}
		if (!ent && ient)
			json_object_set_new(obj, "enterprise_id", json_integer(ent = ient));
		else if (ient && ient != ent)
			verr_add(e, "inspection_id", "关联检查记录须为所检查企业的检查记录");
	}
	if (!ent && !row_str(obj, "units"))
		verr_add(e, "enterprise_id", "请选择检查企业或填写检查单位/场所");
	return 0;
}

/* A report: one per leader and year, of a year begun; submitted on a day not in
 * the future and not before its year, with its content or a file. */
static int report_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	char today[11], first[11];
	const char *sub = row_str(obj, "submitted_date");
	int64_t year = row_int(obj, "year"), p[3] = { row_int(obj, "leader_id"), year,
						      old ? row_int(old, "id") : 0 }, n = 0;
	const json_t *files = json_object_get(obj, "files");

	entity_today(today);
	if (year > atoi(today))
		verr_add(e, "year", "年度不能晚于今年");
	if (db_query_int64v(c->db, "SELECT COUNT(*) FROM leader_report WHERE leader_id = ? AND year = ?"
			    " AND id <> ?", p, 3, &n, 0) != 0) {
		verr_set(e, 500, "internal", "服务器内部错误");
		return 0;
	}
	if (n)
		verr_add(e, "year", "该区领导本年度的述职报告已存在");
	if (sub) {
		snprintf(first, sizeof(first), "%04d-01-01", (int)year);
		if (strcmp(sub, today) > 0)
			verr_add(e, "submitted_date", "提交日期不能晚于今天");
		else if (strcmp(sub, first) < 0)
			verr_add(e, "submitted_date", "提交日期不能早于述职年度");
		if (!row_str(obj, "content") && !(json_is_array(files) && json_array_size(files)))
			verr_add(e, "content", "提交述职报告须填写述职内容或上传报告文件");
	}
	return 0;
}

static int report_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			       const json_t *old, struct verr *e)
{
	struct db_stmt *st;

	if (child_before_write(c, a, obj, old, e) != 0)
		return -1;
	if (a == EA_DELETE)
		return 0;
	st = db_prepare(c->db, "SELECT name FROM leader WHERE id = ?");
	if (st && db_bind_int64(st, 1, row_int(obj, "leader_id")) == 0 && db_step(st) == DB_ROW)
		json_object_set_new(obj, "leader_name", json_string(db_col_text(st, 0)));
	db_finalize(st);
	return 0;
}

/*
 * The report rows owed: every serving leader (or only_leader, when > 0) has one
 * for the current year — written by nobody yet, it is the calendar's 未到期, then
 * 逾期未完成 after its due. Leaders who served in a past year got that year's row
 * then (the scheduler runs daily; `anjian check` too). Inside the caller's
 * transaction; returns the number made, -1 with e filled.
 */
static int report_slots(struct ectx *c, int64_t only_leader, struct verr *e)
{
	struct ectx sys = { .db = c->db, .user = c->user, .arena = c->arena, .sys = 1 };
	struct db_stmt *st;
	char today[11];
	int64_t ids[LEADER_MAX];
	int n = 0, made = 0, s, year;

	entity_today(today);
	year = atoi(today);
	st = db_prepare(c->db, "SELECT l.id FROM leader l WHERE l.active = 1 AND (? = 0 OR l.id = ?)"
			" AND NOT EXISTS (SELECT 1 FROM leader_report r WHERE r.leader_id = l.id"
			" AND r.year = ?) ORDER BY l.id");
	if (!st || db_bind_int64(st, 1, only_leader) < 0 || db_bind_int64(st, 2, only_leader) < 0 ||
	    db_bind_int64(st, 3, year) < 0) {
		db_finalize(st);
		verr_set(e, 500, "internal", "服务器内部错误");
		return -1;
	}
	while ((s = db_step(st)) == DB_ROW && n < LEADER_MAX)
		ids[n++] = db_col_int64(st, 0);
	db_finalize(st);
	if (s != DB_DONE && s != DB_ROW) {
		verr_set(e, 500, "internal", "服务器内部错误");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		json_t *o = json_pack("{s:I, s:i}", "leader_id", (json_int_t)ids[i], "year", year);
		int64_t id = entity_sys_create_tx(&sys, &report_def, o, e);

		json_decref(o);
		if (id <= 0)
			return -1;
		made++;
	}
	return made;
}

/* ---------------------------------------------------------- module hooks */

int task_leader_jobs(struct ectx *c)
{
	struct verr e;

	verr_init(&e, c->arena);
	if (db_begin(c->db) != 0)
		return -1;
	if (report_slots(c, 0, &e) < 0) {
		db_rollback(c->db);
		return -1;
	}
	return db_commit(c->db) == 0 ? 0 : (db_rollback(c->db), -1);
}

int task_leader_recompute(struct db *db)
{
	struct arena a;
	struct ectx c;
	struct verr e;
	int rc;

	arena_init(&a);
	c = (struct ectx){ .db = db, .arena = &a };
	verr_init(&e, &a);
	rc = report_slots(&c, 0, &e) < 0 ? -1 : 0;
	arena_release(&a);
	return rc;
}

void task_leader_init(void)
{
	entity_register(&leader_def);
	entity_register(&duty_def);
	entity_register(&insp_def);
	entity_register(&report_def);
	view_register(&tasks_view);
}
