/*
 * task.c — 任务清单 (issue 11, Task lists): the district's key tasks with their
 * district leaders, responsible and cooperating units, requirements, deadline, and
 * the progress the units report; an enterprise's own task list (seeds/001: 2024
 * 任务清单) is rows of the same entity in the enterprise's org.
 *
 * Sources: seeds/003 附件「区政府领导2023年安全生产重点工作任务清单」(columns 序号 /
 * 重点任务 / 区领导 / 责任单位 / 配合单位 / 工作要求 / 备注, 19 tasks) and items 3, 7;
 * seeds/001 §三(三) (任务清单: 项目内容 / 责任单位 / 完成时限).
 *
 * Entities (generic routes of the entity core work on both, scoped by org_id):
 *   task           one key task of a list (list_name, year, seq); its org is the
 *                  org that keeps the list (the regulator's, or an enterprise's).
 *                  progress and status follow the last progress report.
 *   task_unit      the task as assigned to one responsible or cooperating unit
 *                  (成员单位, an org of kind department): its org is the unit's, so
 *                  the department sees and works exactly its own assignments (the
 *                  core's scope: an org sees its subtree), and the org above the
 *                  departments (区安委办) sees them all. The import makes one per
 *                  unit named in 责任单位 / 配合单位 that is a department org.
 *   task_progress  a report against a unit's assignment (or the task itself, by
 *                  the list's keeper): date, percentage, what was done, files; its
 *                  org is the assignment's (or the task's). The assignment shows its
 *                  latest report; the task shows its own latest report, or the mean
 *                  of its responsible units' progress.
 * Endpoints besides the generic ones:
 *   POST /api/task/import   multipart "file" (.xlsx / .csv, the annex's columns as
 *                           they are) with ?list_name=&year= → {total, imported,
 *                           errors:[{row, field, label, message}]}: every row checked,
 *                           all or nothing, like the enterprise import (import.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/json.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "entity/inbox.h"
#include "http/http.h"
#include "mod/import.h"
#include "mod/mod.h"
#include "mod/task.h"
#include "rules/xlsx_read.h"

#define RB(r) (1u << (r))
#define TASK_WRITERS (RB(ROLE_ADMIN) | RB(ROLE_REGULATOR) | RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL))
#define TASK_REPORTERS (TASK_WRITERS | RB(ROLE_DEPARTMENT))
#define TASK_MAX_ROWS 1000
#define TASK_MAX_ERRORS 200

static const struct enum_opt task_status_opts[] = {
	{"not_started", "未开始"},
	{"in_progress", "推进中"},
	{"done", "已完成"},
	{NULL, NULL}
};

static int progress_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				 const json_t *old, struct verr *e);
static int progress_after_write(struct ectx *c, enum entity_action a, int64_t id,
				const json_t *before, const json_t *after, struct verr *e);

static const struct field_def task_fields[] = {
	{.name = "list_name", .label = "清单名称", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_FILTER | F_LIST | F_SEARCH},
	{.name = "year", .label = "年度", .type = FT_INT, .min = 2000, .max = 2100,
	 .flags = F_REQUIRED | F_FILTER | F_LIST | F_SORT},
	{.name = "seq", .label = "序号", .type = FT_INT, .min = 1, .max = 10000,
	 .flags = F_REQUIRED | F_LIST | F_SORT},
	{.name = "title", .label = "重点任务", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_LIST | F_SEARCH},
	{.name = "leaders", .label = "区领导", .type = FT_TEXT, .max_len = 200,
	 .flags = F_LIST | F_SEARCH},
	{.name = "lead_units", .label = "责任单位", .type = FT_TEXT, .max_len = 500,
	 .flags = F_LIST | F_SEARCH},
	{.name = "coop_units", .label = "配合单位", .type = FT_TEXT, .max_len = 500,
	 .flags = F_LIST | F_SEARCH},
	{.name = "requirements", .label = "工作要求", .type = FT_LONGTEXT, .max_len = 10000,
	 .flags = F_EXPORT},
	{.name = "note", .label = "备注", .type = FT_TEXT, .max_len = 500, .flags = F_EXPORT},
	{.name = "deadline", .label = "完成时限", .type = FT_DATE, .flags = F_LIST | F_SORT | F_RANGE},
	{.name = "milestones", .label = "节点目标", .type = FT_LONGTEXT, .max_len = 4000,
	 .help = "每行一个节点，如：2026-06-30 完成排查"},
	{.name = "progress", .label = "完成进度（%）", .type = FT_INT, .min = 0, .max = 100,
	 .flags = F_READONLY | F_LIST},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = task_status_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "last_report_at", .label = "最近报告日期", .type = FT_DATE,
	 .flags = F_READONLY | F_LIST},
	{.name = "escalated_at", .label = "逾期提醒时间", .type = FT_DATETIME,
	 .flags = F_READONLY | F_HIDDEN},
	{.name = "overdue", .label = "已逾期", .type = FT_BOOL, .flags = F_LIST | F_FILTER,
	 .expr = "CASE WHEN t.deadline IS NOT NULL AND t.deadline < {today}"
		 " AND COALESCE(t.status, 'not_started') <> 'done' THEN 1 ELSE 0 END"},
};

static const char *const task_indexes[] = { "list_name, seq", NULL };

static const struct entity_def task_def = {
	.name = "task", .table = "task", .label = "任务清单",
	.fields = task_fields, .nfields = ARRAY_SIZE(task_fields),
	.write_roles = TASK_WRITERS,
	.display_field = "title", .default_sort = "seq", .indexes = task_indexes,
};

static const struct enum_opt unit_role_opts[] = {
	{"lead", "责任单位"},
	{"coop", "配合单位"},
	{NULL, NULL}
};

static int unit_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e);

static const struct field_def unit_fields[] = {
	{.name = "task_id", .label = "任务", .type = FT_REF, .ref = "task",
	 .flags = F_REQUIRED | F_FILTER | F_HIDDEN},
	{.name = "role", .label = "承担方式", .type = FT_ENUM, .opts = unit_role_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "unit_name", .label = "单位", .type = FT_TEXT, .max_len = 100,
	 .flags = F_READONLY | F_LIST | F_SEARCH},
	{.name = "list_name", .label = "清单名称", .type = FT_TEXT, .max_len = 100,
	 .flags = F_READONLY | F_LIST | F_FILTER},
	{.name = "seq", .label = "序号", .type = FT_INT, .flags = F_READONLY | F_LIST | F_SORT},
	{.name = "title", .label = "重点任务", .type = FT_TEXT, .max_len = 200,
	 .flags = F_READONLY | F_LIST | F_SEARCH},
	{.name = "leaders", .label = "区领导", .type = FT_TEXT, .max_len = 200,
	 .flags = F_READONLY | F_LIST},
	{.name = "requirements", .label = "工作要求", .type = FT_LONGTEXT, .max_len = 10000,
	 .flags = F_READONLY},
	{.name = "deadline", .label = "完成时限", .type = FT_DATE, .flags = F_READONLY | F_LIST | F_SORT},
	{.name = "progress", .label = "完成进度（%）", .type = FT_INT, .min = 0, .max = 100,
	 .flags = F_READONLY | F_LIST},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = task_status_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "last_report_at", .label = "最近报告日期", .type = FT_DATE,
	 .flags = F_READONLY | F_LIST},
};

static const struct entity_def unit_def = {
	.name = "task_unit", .table = "task_unit", .label = "任务分工",
	.fields = unit_fields, .nfields = ARRAY_SIZE(unit_fields),
	.flags = E_NO_UPDATE | E_ORG_NAMED,	/* 单位 names the unit (its org when a 成员单位) */
	.write_roles = RB(ROLE_ADMIN) | RB(ROLE_REGULATOR),
	.display_field = "title", .default_sort = "seq",
	.before_write = unit_before_write,
};

static const struct field_def progress_fields[] = {
	{.name = "task_id", .label = "任务", .type = FT_REF, .ref = "task",
	 .flags = F_FILTER | F_LIST, .help = "清单牵头单位直接报告时选择任务"},
	{.name = "task_unit_id", .label = "任务分工", .type = FT_REF, .ref = "task_unit",
	 .flags = F_FILTER, .help = "成员单位报告本单位承担的任务"},
	{.name = "report_date", .label = "报告日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT},
	{.name = "progress", .label = "完成进度（%）", .type = FT_INT, .min = 0, .max = 100,
	 .flags = F_REQUIRED | F_LIST},
	{.name = "content", .label = "推进情况", .type = FT_LONGTEXT, .max_len = 4000,
	 .flags = F_REQUIRED | F_LIST},
	{.name = "files", .label = "佐证材料", .type = FT_FILES},
};

static const struct entity_def progress_def = {
	.name = "task_progress", .table = "task_progress", .label = "任务推进情况",
	.fields = progress_fields, .nfields = ARRAY_SIZE(progress_fields),
	.flags = E_NO_UPDATE | E_NO_DELETE,
	.write_roles = TASK_REPORTERS,
	.display_field = "report_date", .default_sort = "-report_date",
	.before_write = progress_before_write, .after_write = progress_after_write,
};

/* An assignment: the task's descriptive fields as assigned, in the unit's org,
 * which must be a department (成员单位). */
static int unit_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e)
{
	struct db_stmt *st;
	int64_t org = row_int(obj, "org_id");
	int ok = 0;

	(void)old;
	if (a != EA_CREATE)
		return 0;
	st = db_prepare(c->db, "SELECT name FROM org WHERE id = ? AND kind = 'department'");
	if (st && db_bind_int64(st, 1, org) == 0 && db_step(st) == DB_ROW) {
		json_object_set_new(obj, "unit_name", json_string(db_col_text(st, 0)));
		ok = 1;
	}
	db_finalize(st);
	if (!ok) {
		verr_add(e, "org_id", "请选择成员单位");
		return -1;
	}
	st = db_prepare(c->db, "SELECT list_name, seq, title, leaders, requirements, deadline"
			" FROM task WHERE id = ?");
	ok = 0;
	if (st && db_bind_int64(st, 1, row_int(obj, "task_id")) == 0 && db_step(st) == DB_ROW) {
		static const char *const cols[] = { "list_name", "seq", "title", "leaders",
						    "requirements", "deadline" };
		for (int i = 0; i < 6; i++)
			json_object_set_new(obj, cols[i], db_col_isnull(st, i) ? json_null()
					    : i == 1 ? json_integer(db_col_int64(st, i))
					    : json_string(db_col_text(st, i)));
		ok = 1;
	}
	db_finalize(st);
	if (!ok) {
		verr_add(e, "task_id", "任务不存在");
		return -1;
	}
	json_object_set_new(obj, "progress", json_integer(0));
	json_object_set_new(obj, "status", json_string("not_started"));
	return 0;
}

/* A report belongs to the assignment's org (a department reports its own) or,
 * against the task itself, to the task's; exactly one of the two is named (the
 * core checked it is in the reporter's scope). */
static int progress_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				 const json_t *old, struct verr *e)
{
	int64_t org = 0, unit = row_int(obj, "task_unit_id"), task = row_int(obj, "task_id");

	(void)old;
	if (a != EA_CREATE)
		return 0;
	if (!unit == !task) {
		verr_add(e, unit ? "task_id" : "task_unit_id", "请选择所报告的任务或任务分工（二选一）");
		return -1;
	}
	if (unit) {
		if (db_query_int64p(c->db, "SELECT task_id FROM task_unit WHERE id = ?", unit, &task, 0) != 0 ||
		    db_query_int64p(c->db, "SELECT org_id FROM task_unit WHERE id = ?", unit, &org, 0) != 0 ||
		    org <= 0) {
			verr_add(e, "task_unit_id", "任务分工不存在");
			return -1;
		}
		json_object_set_new(obj, "task_id", json_integer(task));
	} else if (db_query_int64p(c->db, "SELECT org_id FROM task WHERE id = ?", task, &org, 0) != 0 ||
		   org <= 0) {
		verr_add(e, "task_id", "任务不存在");
		return -1;
	}
	json_object_set_new(obj, "org_id", json_integer(org));
	return 0;
}

static const char *pct_status(int64_t pct)
{
	return pct >= 100 ? "done" : pct > 0 ? "in_progress" : "not_started";
}

/* The assignment (or the task) shows its latest report; a task reported through
 * its units shows the mean progress of its responsible units (配合单位 support, the
 * 责任单位 answer for it). */
static int progress_after_write(struct ectx *c, enum entity_action a, int64_t id,
				const json_t *before, const json_t *after, struct verr *e)
{
	int64_t pct = row_int(after, "progress"), unit = row_int(after, "task_unit_id"),
		task = row_int(after, "task_id");
	json_t *set;
	int rc;

	(void)id;
	(void)before;
	if (a != EA_CREATE)
		return 0;
	set = json_pack("{s:I, s:s, s:s}", "progress", (json_int_t)pct, "status", pct_status(pct),
			"last_report_at", row_str(after, "report_date"));
	rc = entity_set_tx(c, unit ? &unit_def : &task_def, unit ? unit : task, NULL, set, NULL, e);
	json_decref(set);
	if (rc < 0 || !unit)
		return rc < 0 ? -1 : 0;
	{
		int64_t mean = 0;

		if (db_query_int64p(c->db, "SELECT CAST(ROUND(AVG(progress)) AS INTEGER) FROM task_unit"
				    " WHERE task_id = ? AND role = 'lead'", task, &mean, 0) != 0)
			return -1;
		set = json_pack("{s:I, s:s, s:s}", "progress", (json_int_t)mean, "status", pct_status(mean),
				"last_report_at", row_str(after, "report_date"));
		rc = entity_set_tx(c, &task_def, task, NULL, set, NULL, e);
		json_decref(set);
	}
	return rc < 0 ? -1 : 0;
}

/* ------------------------------------------------------------------ import */

/* The annex's columns, as the seed's table heads them. */
static const struct { const char *label, *field; } task_cols[] = {
	{"序号", "seq"}, {"重点任务", "title"}, {"区领导", "leaders"}, {"责任单位", "lead_units"},
	{"配合单位", "coop_units"}, {"工作要求", "requirements"}, {"备注", "note"},
	{"完成时限", "deadline"},
};
#define TASK_NCOLS ((int)ARRAY_SIZE(task_cols))

struct task_imp {
	struct ectx c;
	struct xlsx_sheet sheet;
	int col[TASK_NCOLS];	/* sheet column of each, -1 absent */
	struct import_err *errs;
	int nerr, nerr_rows, ndata, assigned;
	json_t **objs;
};

static void timp_error(struct task_imp *im, int row, const char *field, const char *message)
{
	const char *label = field;

	for (int k = 0; k < TASK_NCOLS; k++)
		if (field && strcmp(task_cols[k].field, field) == 0)
			label = task_cols[k].label;
	if (im->nerr < TASK_MAX_ERRORS)
		im->errs[im->nerr] = (struct import_err){ row, field, label, message };
	im->nerr++;
}

/* The cell of column k on data row i (sheet row i + 1), trimmed; NULL if empty. */
static const char *timp_cell(struct task_imp *im, int i, int k)
{
	const char *s = im->col[k] >= 0 ? xlsx_cell(&im->sheet, i + 1, im->col[k]) : NULL;
	size_t n;
	char *t;

	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (!n)
		return NULL;
	t = arena_alloc(im->c.arena, n + 1);
	memcpy(t, s, n);
	t[n] = 0;
	return t;
}

/* One data row into an object for entity_create (validation by the core, here
 * in a dry run); errors with the row number as Excel shows it. */
static void timp_row(struct task_imp *im, int i, const char *list_name, int year)
{
	int rownum = im->sheet.rows[i + 1].rownum, before = im->nerr;
	json_t *o = json_pack("{s:s, s:I}", "list_name", list_name, "year", (json_int_t)year);

	for (int k = 0; k < TASK_NCOLS; k++) {
		const char *v = timp_cell(im, i, k);
		const struct field_def *f = entity_field(&task_def, task_cols[k].field);
		json_t *norm = NULL, *in;
		struct verr e;

		if (!v) {
			if (f->flags & F_REQUIRED)
				timp_error(im, rownum, f->name, arena_printf(im->c.arena, "%s不能为空", f->label));
			continue;
		}
		if (f->type == FT_INT) {
			char *end;
			long long n = strtoll(v, &end, 10);
			in = *end ? json_string(v) : json_integer(n);
		} else if (f->type == FT_DATE) {
			char d[11];
			in = json_string(import_excel_date(v, d) == 0 ? d : v);
		} else {
			/* "/" in the annex means none */
			in = strcmp(v, "/") == 0 ? json_null() : json_string(v);
		}
		verr_init(&e, im->c.arena);
		if (field_validate(f, in, &norm, &e) != 0)
			timp_error(im, rownum, f->name, e.message);
		else
			json_object_set_new(o, f->name, norm);
		json_decref(in);
	}
	if (im->nerr > before)
		im->nerr_rows++;
	im->objs[i] = o;
}

static int timp_respond(struct task_imp *im, struct resp *s, const char *message)
{
	return import_respond(s, message, im->ndata, im->errs, im->nerr < TASK_MAX_ERRORS ? im->nerr
			      : TASK_MAX_ERRORS, "assigned", im->assigned);
}

/* See task.h: names separated by blanks, 、 or commas, each matched to a
 * department org of that exact name. */
int task_assign_units(struct ectx *c, int64_t tid, const json_t *o, int *assigned, struct verr *e)
{
	static const char *const cols[] = { "lead_units", "coop_units" };
	struct ectx sys = { .db = c->db, .user = c->user, .arena = c->arena, .sys = 1 };

	for (int k = 0; k < 2; k++) {
		const char *v = row_str(o, cols[k]);
		char *copy = v ? arena_strdup(c->arena, v) : NULL, *save = NULL, *name;
		static const char *const wide[] = { "、", "，", "；", "　" };

		/* the full-width separators become blanks (whole characters: their bytes
		 * also occur inside other characters) */
		for (size_t w = 0; copy && w < ARRAY_SIZE(wide); w++)
			for (char *p = strstr(copy, wide[w]); p; p = strstr(p, wide[w]))
				memset(p, ' ', strlen(wide[w]));
		for (name = copy ? strtok_r(copy, " \t,;", &save) : NULL; name;
		     name = strtok_r(NULL, " \t,;", &save)) {
			struct db_stmt *st = db_prepare(c->db, "SELECT MIN(id) FROM org WHERE name = ?"
							" AND kind = 'department'");
			int64_t org = 0;
			json_t *u;

			if (st && db_bind_text(st, 1, name) == 0 && db_step(st) == DB_ROW && !db_col_isnull(st, 0))
				org = db_col_int64(st, 0);
			db_finalize(st);
			if (!org)
				continue;
			u = json_pack("{s:I, s:I, s:s}", "task_id", (json_int_t)tid, "org_id", (json_int_t)org,
				      "role", k ? "coop" : "lead");
			if (entity_sys_create_tx(&sys, &unit_def, u, e) <= 0) {
				json_decref(u);
				return -1;
			}
			json_decref(u);
			(*assigned)++;
		}
	}
	return 0;
}

/* POST /api/task/import?list_name=&year= — see the file comment. */
static int task_import(struct req *r, struct resp *s)
{
	struct task_imp im;
	const char *err, *list_name = req_query(r, "list_name"), *ys = req_query(r, "year");
	int year = ys ? atoi(ys) : 0, rc;

	memset(&im, 0, sizeof(im));
	im.c = (struct ectx){ .db = r->db, .user = r->user, .arena = &r->arena };
	if (!list_name || !*list_name || strlen(list_name) > 300)
		return http_error(s, 400, "validation", "请填写清单名称", "list_name");
	if (year < 2000 || year > 2100)
		return http_error(s, 400, "validation", "年度须为 2000—2100 的年份", "year");
	if ((err = import_read_sheet(r, TASK_MAX_ROWS + 2, &im.sheet)) != NULL) {
		rc = http_error(s, 400, "validation", err, "file");
		goto out;
	}
	if (im.sheet.nrows == 0) {
		rc = http_error(s, 400, "validation", "文件是空的", "file");
		goto out;
	}
	im.ndata = im.sheet.nrows - 1;
	if (im.ndata > TASK_MAX_ROWS) {
		rc = http_error(s, 400, "validation", "一次最多导入 1000 项任务，请拆分后分批导入", "file");
		goto out;
	}
	im.errs = arena_alloc(&r->arena, TASK_MAX_ERRORS * sizeof(*im.errs));
	im.objs = xcalloc((size_t)im.ndata + 1, sizeof(*im.objs));
	for (int k = 0; k < TASK_NCOLS; k++) {
		im.col[k] = -1;
		for (int j = 0; j < im.sheet.rows[0].ncells; j++)
			if (im.sheet.rows[0].cells[j] && import_header_is(im.sheet.rows[0].cells[j], task_cols[k].label))
				im.col[k] = j;
		if (im.col[k] < 0 && k < 7)	/* the annex's seven columns are required */
			timp_error(&im, im.sheet.rows[0].rownum, task_cols[k].field,
				   arena_printf(&r->arena, "缺少列：%s", task_cols[k].label));
	}
	if (im.nerr) {
		rc = timp_respond(&im, s, "表头不正确，须包含 序号 / 重点任务 / 区领导 / 责任单位 / 配合单位 / 工作要求 / 备注，未导入任何数据");
		goto out;
	}
	for (int i = 0; i < im.ndata; i++)
		timp_row(&im, i, list_name, year);
	if (im.nerr) {
		rc = timp_respond(&im, s, arena_printf(&r->arena,
			"共 %d 行，其中 %d 行有错误，未导入任何数据，请修改后重新上传", im.ndata, im.nerr_rows));
		goto out;
	}
	if (db_begin(r->db) != 0) {
		rc = http_internal(s);
		goto out;
	}
	for (int i = 0; i < im.ndata; i++) {
		struct verr e;
		int64_t tid;

		verr_init(&e, &r->arena);
		json_object_set_new(im.objs[i], "status", json_string("not_started"));
		json_object_set_new(im.objs[i], "progress", json_integer(0));
		if ((tid = entity_create_tx(&im.c, &task_def, im.objs[i], &e)) <= 0 ||
		    task_assign_units(&im.c, tid, im.objs[i], &im.assigned, &e) != 0) {
			db_rollback(r->db);
			timp_error(&im, im.sheet.rows[i + 1].rownum, e.field, e.message);
			rc = e.status == 500 ? http_internal(s)
			     : timp_respond(&im, s, "导入时发现错误，未导入任何数据，请修改后重新上传");
			goto out;
		}
	}
	rc = db_commit(r->db) == 0 ? timp_respond(&im, s, NULL) : (db_rollback(r->db), http_internal(s));
out:
	for (int i = 0; im.objs && i < im.ndata; i++)
		json_decref(im.objs[i]);
	free(im.objs);
	xlsx_sheet_free(&im.sheet);
	return rc;
}

/* ------------------------------------------------------------- escalation */

/*
 * Overdue escalates to the leader: a task past its deadline and not done is told
 * once (inbox "overdue") to whoever answers for the list — the regulator accounts
 * of a district list's org, the principal of an enterprise's own list — and marked
 * escalated_at. Run by the scheduler (task_jobs) and by `anjian check`
 * (task_recompute). 0 ok, -1 error.
 */
static int task_escalate(struct ectx *c)
{
	char today[11], now[20];
	struct db_stmt *st;
	int64_t ids[512], orgs[512];
	int n = 0, s, rc = 0;

	entity_today(today);
	entity_now(now);
	st = db_prepare(c->db, "SELECT id, org_id FROM task WHERE deadline IS NOT NULL AND deadline < ?"
			" AND COALESCE(status, 'not_started') <> 'done' AND escalated_at IS NULL ORDER BY id");
	if (!st || db_bind_text(st, 1, today) < 0) {
		db_finalize(st);
		return -1;
	}
	while ((s = db_step(st)) == DB_ROW && n < (int)ARRAY_SIZE(ids)) {
		ids[n] = db_col_int64(st, 0);
		orgs[n++] = db_col_int64(st, 1);
	}
	db_finalize(st);
	for (int i = 0; i < n && rc == 0; i++) {
		struct verr e;
		json_t *set, *row = NULL;
		struct ectx sys = { .db = c->db, .arena = c->arena, .sys = 1 };
		const char *title, *link = arena_printf(c->arena, "/task/%" PRId64, ids[i]);
		int64_t ent = org_enterprise_of(c->db, orgs[i]);

		row = entity_get(&sys, &task_def, ids[i]);
		title = arena_printf(c->arena, "任务逾期：%s", row ? row_str(row, "title") : "");
		if (ent > 0) {
			rc = inbox_send_enterprise(c, ent, RB(ROLE_ENT_PRINCIPAL), "overdue", title,
						   row_str(row, "lead_units"), link, "task", ids[i]) < 0 ? -1 : 0;
		} else {
			struct db_stmt *u = db_prepare(c->db, "SELECT id FROM users WHERE org_id = ? AND active = 1"
						       " AND role = 'regulator' ORDER BY id");
			int64_t us[64];
			int nu = 0;

			if (!u || db_bind_int64(u, 1, orgs[i]) < 0)
				rc = -1;
			while (rc == 0 && nu < 64 && db_step(u) == DB_ROW)
				us[nu++] = db_col_int64(u, 0);
			db_finalize(u);
			for (int k = 0; rc == 0 && k < nu; k++)
				rc = inbox_send(c, us[k], "overdue", title, row_str(row, "lead_units"), link,
						"task", ids[i]) < 0 ? -1 : 0;
		}
		json_decref(row);
		if (rc)
			break;
		verr_init(&e, c->arena);
		set = json_pack("{s:s}", "escalated_at", now);
		rc = entity_set_tx(c, &task_def, ids[i], NULL, set, NULL, &e) < 0 ? -1 : 0;
		json_decref(set);
	}
	return rc;
}

int task_recompute(struct db *db)
{
	struct arena a;
	struct ectx c;
	int rc;

	arena_init(&a);
	c = (struct ectx){ .db = db, .arena = &a };
	rc = task_escalate(&c);
	arena_release(&a);
	return rc;
}

int task_jobs(struct ectx *c)
{
	if (db_begin(c->db) != 0)
		return -1;
	if (task_escalate(c) != 0) {
		db_rollback(c->db);
		return -1;
	}
	return db_commit(c->db) == 0 ? 0 : (db_rollback(c->db), -1);
}

static const struct route task_routes[] = {
	{HTTP_POST, "/api/task/import", task_import, ROUTE_UPLOAD, TASK_WRITERS},
};

void task_init(void)
{
	entity_register(&task_def);
	entity_register(&unit_def);
	entity_register(&progress_def);
	task_flow_init();
	router_add(task_routes, ARRAY_SIZE(task_routes));
	entity_perm_register("task:import", TASK_WRITERS);
}
