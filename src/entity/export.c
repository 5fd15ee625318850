/*
 * export.c — GET /api/<entity>/export: the list as an .xlsx ledger (台账). The same
 * filters, keyword, sort and scope as the list (list.c), no paging, at most
 * ENT_EXPORT_MAX rows. Rows are streamed from the statement into libxlsxwriter in
 * constant-memory mode (each row is flushed as it is written), so an export of a
 * million rows needs no more memory than one of ten.
 *
 * Columns: 所属单位 (unless the entity is E_ORG_NAMED: a field already names the
 * org), then the F_LIST | F_EXPORT fields with Chinese headers (bold).
 * Enums, bools and refs are written as their labels, dates as text, money as a number
 * in yuan with the 0.00 format. The workbook goes to a temp file under
 * <data>/tmp that the server sends and unlinks, named <label>_<date>.xlsx, or
 * <title>_<date>.xlsx with ?title= (the list's name on its screen: two screens of one
 * entity, 隐患台账 and 我的上报, give two names).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <xlsxwriter.h>

#include "internal.h"
#include "../core/arena.h"
#include "../core/util.h"
#include "../db/db.h"

/* Column width (characters) for a field type. */
double ent_export_width(const struct field_def *f)
{
	double w;

	switch (f->type) {
	case FT_LONGTEXT: w = 40; break;
	case FT_DATE: w = 12; break;
	case FT_DATETIME: w = 20; break;
	case FT_MONEY: w = 14; break;
	case FT_INT: case FT_REAL: case FT_LAT: case FT_LNG: w = 10; break;
	case FT_BOOL: w = 8; break;
	case FT_ENUM: w = 14; break;
	case FT_USCC: w = 22; break;
	case FT_PHONE: w = 16; break;
	default: w = 24;
	}
	/* a Chinese character is about two columns wide */
	if (w < (double)strlen(f->label) / 3 * 2 + 2)
		w = (double)strlen(f->label) / 3 * 2 + 2;
	return w;
}

/* The label of an enum code (the code itself when not declared). */
static const char *export_enum_label(const struct field_def *f, const char *code)
{
	for (const struct enum_opt *o = f->opts; o && o->code; o++)
		if (strcmp(o->code, code) == 0)
			return o->label;
	return code;
}

/* Writes one cell of the current row. */
void ent_export_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, struct db_stmt *st,
			const struct lcol *lc, lxw_format *money)
{
	const struct field_def *f = lc->f;
	const char *s;

	if (db_col_isnull(st, lc->col))
		return;
	switch (f->type) {
	case FT_INT:
	case FT_REAL:
	case FT_LAT:
	case FT_LNG:
		worksheet_write_number(ws, row, col, db_col_double(st, lc->col), NULL);
		break;
	case FT_MONEY:
		worksheet_write_number(ws, row, col, (double)db_col_int64(st, lc->col) / 100.0, money);
		break;
	case FT_BOOL:
		worksheet_write_string(ws, row, col, db_col_int64(st, lc->col) ? "是" : "否", NULL);
		break;
	case FT_ENUM:
		worksheet_write_string(ws, row, col, export_enum_label(f, db_col_text(st, lc->col)), NULL);
		break;
	case FT_REF:
		if (lc->label_col >= 0 && !db_col_isnull(st, lc->label_col))
			worksheet_write_string(ws, row, col, db_col_text(st, lc->label_col), NULL);
		else
			worksheet_write_number(ws, row, col, (double)db_col_int64(st, lc->col), NULL);
		break;
	case FT_FILES:
		s = db_col_text(st, lc->col);
		if (s && strcmp(s, "[]") != 0) {
			int n = 1;
			for (const char *p = s; *p; p++)
				n += *p == ',';
			char t[32];
			snprintf(t, sizeof(t), "%d个附件", n);
			worksheet_write_string(ws, row, col, t, NULL);
		}
		break;
	default:
		s = db_col_text(st, lc->col);
		if (s)
			worksheet_write_string(ws, row, col, s, NULL);
	}
}

/* Opens a constant-memory workbook in <data>/tmp (see internal.h). */
int ent_xlsx_begin(struct req *r, struct ent_xlsx *x)
{
	lxw_workbook_options opts = { 0 };
	char rnd[33];
	const char *dir;

	memset(x, 0, sizeof(*x));
	dir = arena_printf(&r->arena, "%s/tmp", http_data_dir());
	mkdir(dir, 0700);
	random_hex(rnd, 16);
	x->path = arena_printf(&r->arena, "%s/export-%s.xlsx", dir, rnd);
	opts.constant_memory = LXW_TRUE;
	opts.tmpdir = (char *)dir;
	x->wb = workbook_new_opt(x->path, &opts);
	if (!x->wb)
		return -1;
	x->ws = workbook_add_worksheet(x->wb, NULL);
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	x->money = workbook_add_format(x->wb);
	format_set_num_format(x->money, "0.00");
	worksheet_freeze_panes(x->ws, 1, 0);
	return 0;
}

/* Closes the workbook and hands it to the response as <label>_<today>.xlsx. */
int ent_xlsx_finish(struct req *r, struct resp *s, struct ent_xlsx *x, const char *label)
{
	char today[11];
	lxw_error e = workbook_close(x->wb);

	x->wb = NULL;
	if (e != LXW_NO_ERROR) {
		unlink(x->path);
		return http_internal(s);
	}
	time_date(now_utc(), today);
	s->status = 200;
	s->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	s->file_path = x->path;
	s->unlink_file = 1;
	s->download_name = arena_printf(&r->arena, "%s_%s.xlsx", label, today);
	return 200;
}

int ent_export_title(struct req *r, const char *dflt, const char **out, struct verr *err)
{
	const char *t = req_query(r, "title");
	size_t chars = 0;

	*out = dflt;
	if (!t || !*t)
		return 0;
	for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || strchr("/\\:*?\"<>|", *p)) {
			ent_field_error(err, 400, "validation", "title",
					"导出文件名不能含有控制字符或 / \\ : * ? \" < > |");
			return -1;
		}
		chars += (*p & 0xc0) != 0x80;
	}
	if (chars > ENT_EXPORT_TITLE_MAX || *t == '.') {
		ent_field_error(err, 400, "validation", "title",
				arena_printf(&r->arena, "导出文件名不能超过%d个字，且不能以“.”开头",
					     ENT_EXPORT_TITLE_MAX));
		return -1;
	}
	*out = t;
	return 0;
}

/* Abandons a workbook (error paths). */
void ent_xlsx_abort(struct ent_xlsx *x)
{
	if (x->wb)
		workbook_close(x->wb);
	x->wb = NULL;
	if (x->path)
		unlink(x->path);
}

/* GET /api/:entity/export */
int ent_h_export(struct req *r, struct resp *s)
{
	const struct entity_def *e = r->nparams > 0 ? entity_find(r->params[0]) : NULL;
	struct ectx c;
	struct verr err;
	struct lplan p;
	struct db_stmt *st = NULL;
	lxw_workbook *wb = NULL;
	lxw_worksheet *ws;
	lxw_format *bold, *money;
	lxw_workbook_options opts = { 0 };
	char rnd[33], today[11];
	const char *dir, *path = NULL, *title;
	lxw_row_t row = 1;
	int rc, step, i, ok = 0, oc;

	if (!e)
		return http_not_found(s);
	oc = !(e->flags & E_ORG_NAMED);	/* the 所属单位 column, unless a field names the org */
	if (!ent_role_ok(e->read_roles, r->user))
		return http_forbidden(s);
	ent_ctx(r, &c);
	verr_init(&err, &r->arena);
	lplan_init(&p, &c, e, 1);
	if (lplan_from_req(&p, r, &err) < 0 || ent_export_title(r, e->label, &title, &err) < 0) {
		rc = verr_send(&err, s);
		goto out;
	}
	st = lplan_prepare(&p, ENT_EXPORT_MAX, 0);
	if (!st) {
		rc = http_internal(s);
		goto out;
	}
	dir = arena_printf(&r->arena, "%s/tmp", http_data_dir());
	mkdir(dir, 0700);
	random_hex(rnd, 16);
	path = arena_printf(&r->arena, "%s/export-%s.xlsx", dir, rnd);
	opts.constant_memory = LXW_TRUE;
	opts.tmpdir = (char *)dir;
	wb = workbook_new_opt(path, &opts);
	if (!wb) {
		rc = http_internal(s);
		goto out;
	}
	ws = workbook_add_worksheet(wb, NULL);
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	money = workbook_add_format(wb);
	format_set_num_format(money, "0.00");
	if (oc)
		worksheet_set_column(ws, 0, 0, 24, NULL);
	for (i = 0; i < p.ncols; i++)
		worksheet_set_column(ws, (lxw_col_t)(i + oc), (lxw_col_t)(i + oc),
				     ent_export_width(p.cols[i].f), NULL);
	worksheet_freeze_panes(ws, 1, 0);
	if (oc)
		worksheet_write_string(ws, 0, 0, "所属单位", bold);
	for (i = 0; i < p.ncols; i++)
		worksheet_write_string(ws, 0, (lxw_col_t)(i + oc), p.cols[i].f->label, bold);
	while ((step = db_step(st)) == DB_ROW) {
		const char *org = oc ? db_col_text(st, LC_ORG_NAME) : NULL;
		if (org)
			worksheet_write_string(ws, row, 0, org, NULL);
		for (i = 0; i < p.ncols; i++)
			ent_export_cell(ws, row, (lxw_col_t)(i + oc), st, &p.cols[i], money);
		row++;
	}
	if (step != DB_DONE) {
		log_err("export %s: %s", e->name, db_errmsg(c.db));
		rc = http_internal(s);
		goto out;
	}
	db_finalize(st);
	st = NULL;
	if (workbook_close(wb) != LXW_NO_ERROR) {
		wb = NULL;
		rc = http_internal(s);
		goto out;
	}
	wb = NULL;
	time_date(now_utc(), today);
	s->status = 200;
	s->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	s->file_path = path;
	s->unlink_file = 1;
	s->download_name = arena_printf(&r->arena, "%s_%s.xlsx", title, today);
	ok = 1;
	rc = 200;
out:
	if (wb)
		workbook_close(wb);
	if (!ok && path)
		unlink(path);
	db_finalize(st);
	lplan_release(&p);
	return rc;
}
