/*
 * import.c — bulk registration of enterprises from a spreadsheet. A district
 * regulator starts with the roster of the enterprises it supervises (区管企业) as an
 * Excel table; this turns that table into 一企一档 records, org nodes and the
 * regulator's supervision in one step.
 *
 * The rules, in the order a user meets them:
 *   - the template (GET …/import/template) has one column per importable field, the
 *     Chinese label as header, drop-down lists for enum columns, and a sheet 填写说明
 *     that lists every column's rule, the allowed values and an example row;
 *   - the upload may be .xlsx (first sheet) or UTF-8 .csv; the first non-empty row is
 *     the header and columns are matched by label, so their order does not matter;
 *   - every data row is checked completely (field rules, the enterprise's own rules,
 *     USCC duplicates within the file and against the database) and every error is
 *     reported with its row number as Excel shows it;
 *   - all or nothing: one bad row and nothing is written (a half-imported roster is
 *     worse than none: the user could not tell which rows to fix and re-upload);
 *     otherwise all rows are created in one transaction through the entity core, so
 *     hooks, scope and audit are exactly those of a form entry.
 * Limits: IMPORT_MAX_ROWS rows, HTTP_MAX_UPLOAD bytes, XLSX_MAX_PART uncompressed.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "http/http.h"
#include "mod/enterprise.h"
#include "mod/import.h"
#include "rules/industry.h"
#include "rules/uscc.h"
#include "rules/xlsx_read.h"

#define RB(r) (1u << (r))
#define IMPORT_MAX_ERRORS 1000	/* errors listed in one response */
#define PARENT_COL "parent_uscc"
#define PARENT_LABEL "上级企业统一社会信用代码"
#define KIND_COL "supervision_kind"

/* The importable columns, in template order. Two are not fields of enterprise:
 * PARENT_COL names a group's USCC (in the database or on an earlier row) and becomes
 * parent_id; KIND_COL is 监管类型, the kind of the importing regulator's supervision
 * of the row's enterprise (enterprise_kind_field: required of a regulator, as in the
 * form; left empty by an administrator). */
static const char *const import_cols[] = {
	"name", "uscc", KIND_COL, "short_name", "address", "industry_section", "industry_division",
	"high_risk", "scale", "employee_count", "legal_rep", "actual_controller",
	"principal_name", "principal_phone", "safety_director_name", "safety_director_phone",
	"safety_engineer_count", "safety_engineers", "standard_grade", "standard_grade_expiry",
	"status", "lat", "lng", PARENT_COL,
};
#define NCOLS ((int)ARRAY_SIZE(import_cols))

/* Example values for the 填写说明 sheet, same order; "" = leave empty. The USCC is
 * completed with its check character at run time. */
static const char *const example_row[NCOLS] = {
	"上海青浦示例五金制品有限公司", "91310118MA1H00001", "出资监管", "示例五金",
	"上海市青浦区华新镇华腾路88号", "制造业", "33 金属制品业", "金属冶炼", "规上", "120",
	"王建国", "王建国", "王建国", "13816000001", "李安平", "021-59701234", "2",
	"李安平、周明", "三级", "2027-06-30", "在营", "31.2203", "121.2137", "",
};

/* ------------------------------------------------------------- pure helpers */

/* Copies text without surrounding ASCII blanks into out (size n). */
static void trim_copy(const char *text, char *out, size_t n)
{
	size_t b = 0, e = strlen(text);

	while (text[b] == ' ' || text[b] == '\t' || text[b] == '\r' || text[b] == '\n')
		b++;
	while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r' ||
			 text[e - 1] == '\n'))
		e--;
	snprintf(out, n, "%.*s", (int)(e - b), text + b);
}

/* Enum cells carry the Chinese label the template offers, or the code. */
const char *import_enum_code(const struct field_def *f, const char *text)
{
	char t[256];
	const struct enum_opt *o;

	if (!f || !f->opts || !text)
		return NULL;
	trim_copy(text, t, sizeof(t));
	for (o = f->opts; o->code; o++)
		if (strcmp(o->label, t) == 0 || strcmp(o->code, t) == 0)
			return o->code;
	return NULL;
}

/* 大类 cells: the code, "code name" as in the template's list, or the name
 * (GB/T 4754-2017 表 1). */
const char *import_division_code(const char *text)
{
	char t[256];

	if (!text)
		return NULL;
	trim_copy(text, t, sizeof(t));
	if (t[0] >= '0' && t[0] <= '9' && t[1] >= '0' && t[1] <= '9' &&
	    (t[2] == '\0' || t[2] == ' ')) {
		char code[3] = { t[0], t[1], '\0' };
		const char *label = industry_division_label(code);

		if (!label)
			return NULL;
		if (t[2] == ' ') {
			const char *rest = t + 2;

			while (*rest == ' ')
				rest++;
			if (*rest && strcmp(rest, label) != 0)
				return NULL;
		}
		return industry_division_code_at(atoi(code) - 1);
	}
	return industry_division_by_label(t);
}

/* Header cells: the label, possibly marked required with a trailing "*". */
int import_header_is(const char *cell, const char *label)
{
	char t[256];
	size_t n;

	if (!cell || !label)
		return 0;
	trim_copy(cell, t, sizeof(t));
	n = strlen(t);
	if (n >= 1 && t[n - 1] == '*')
		t[--n] = '\0';
	else if (n >= 3 && strcmp(t + n - 3, "＊") == 0)
		t[n -= 3] = '\0';
	while (n > 0 && t[n - 1] == ' ')
		t[--n] = '\0';
	return strcmp(t, label) == 0;
}

/* Excel stores dates as serial days; 25569 is 1970-01-01 in the 1900 date system
 * (ECMA-376 Part 1 §18.17.4.1). Serials before 61 (1900-03-01) are refused because
 * of the system's fictitious 1900-02-29. */
int import_excel_date(const char *text, char out[11])
{
	char *end;
	double d;

	if (!text || !*text || !((*text >= '0' && *text <= '9')))
		return -1;
	d = strtod(text, &end);
	if (*end || d < 61 || d > 401768)
		return -1;
	time_date((time_t)(((int64_t)d - 25569) * 86400), out);
	return 0;
}

/* ------------------------------------------------------------- the import */


struct imp {
	struct ectx c;
	const struct entity_def *def;
	struct xlsx_sheet sheet;
	int header;			/* sheet row index of the header */
	int colmap[XLSX_MAX_COLS];	/* sheet column → index in import_cols, -1 ignored */
	int ndata;			/* data rows */
	json_t **objs;			/* per data row */
	int *rownum;			/* Excel row number per data row */
	const char **uscc;		/* normalised USCC per data row (NULL if invalid) */
	int *parent_row;		/* data row index of an in-file parent, -1 none */
	const char **kind;		/* 监管类型 code per data row (static), NULL none */
	struct import_err *errs;
	int nerr, nerr_rows;
};

/* The index of column name in import_cols (a constant of this file). */
static int imp_col(const char *name)
{
	for (int k = 0; k < NCOLS; k++)
		if (strcmp(import_cols[k], name) == 0)
			return k;
	BUG("unknown import column");
}

/* The field of column k: a declared field of def, 监管类型, or NULL (PARENT_COL). */
static const struct field_def *imp_field(const struct entity_def *def, int k)
{
	if (strcmp(import_cols[k], KIND_COL) == 0)
		return enterprise_kind_field();
	return entity_field(def, import_cols[k]);
}

/* 1 if column k is required of this importer: the declared required fields, and
 * 监管类型 of a regulator. */
static int imp_required(const struct imp *im, int k)
{
	const struct field_def *f = imp_field(im->def, k);

	if (!f || !(f->flags & F_REQUIRED))
		return 0;
	if (strcmp(import_cols[k], KIND_COL) == 0)
		return im->c.user && im->c.user->role == ROLE_REGULATOR;
	return 1;
}


/* Records an error (the first IMPORT_MAX_ERRORS are listed; all are counted). */
static void imp_error(struct imp *im, int row, const char *field, const char *message)
{
	const struct field_def *f;

	if (im->nerr < IMPORT_MAX_ERRORS) {
		struct import_err *e = &im->errs[im->nerr];

		e->row = row;
		e->field = field;
		e->message = message;
		if (field && strcmp(field, PARENT_COL) == 0)
			e->label = PARENT_LABEL;
		else if (field && strcmp(field, KIND_COL) == 0)
			e->label = enterprise_kind_field()->label;
		else if (field && (f = entity_field(im->def, field)))
			e->label = f->label;
		else if (field && strcmp(field, "org_id") == 0)
			e->label = "所属组织";
	}
	im->nerr++;
}

/* Moves the errors of verr e into im's list for row. */
static void imp_take(struct imp *im, int row, const struct verr *e)
{
	for (int i = 0; i < e->n && i < VERR_MAX; i++)
		imp_error(im, row, e->fields[i], e->messages[i]);
	if (e->n == 0 && e->status)
		imp_error(im, row, e->field, e->message ? e->message : "该行无法导入");
}

/* Maps the header row's cells to columns; reports unknown and missing columns. */
static void imp_header(struct imp *im)
{
	const struct xlsx_row *h = &im->sheet.rows[im->header];
	int seen[NCOLS] = { 0 };

	for (int j = 0; j < XLSX_MAX_COLS; j++)
		im->colmap[j] = -1;
	for (int j = 0; j < h->ncells; j++) {
		const char *cell = h->cells[j];
		int found = -1;

		if (!cell)
			continue;
		for (int k = 0; k < NCOLS && found < 0; k++) {
			const struct field_def *f = imp_field(im->def, k);
			const char *label = f ? f->label : PARENT_LABEL;

			if (import_header_is(cell, label))
				found = k;
		}
		if (found < 0) {
			imp_error(im, h->rownum, NULL, arena_printf(im->c.arena,
				  "第 %d 列表头“%s”不是可导入的列，请使用导入模板", j + 1, cell));
		} else if (seen[found]) {
			imp_error(im, h->rownum, NULL, arena_printf(im->c.arena,
				  "表头“%s”重复出现", cell));
		} else {
			seen[found] = 1;
			im->colmap[j] = found;
		}
	}
	for (int k = 0; k < NCOLS; k++) {
		const struct field_def *f = imp_field(im->def, k);

		if (imp_required(im, k) && !seen[k])
			imp_error(im, h->rownum, f->name, arena_printf(im->c.arena,
				  "缺少必填列“%s”", f->label));
	}
}

/* The JSON value to validate for a cell of field f: enum labels become codes, 大类
 * cells codes, Excel date serials dates; everything else the text. NULL with an
 * error recorded when the cell cannot be understood. */
static json_t *imp_cell_value(struct imp *im, int row, const struct field_def *f,
			      const char *text)
{
	char date[11];
	const char *code;

	if (strcmp(f->name, "industry_division") == 0 && (code = import_division_code(text)))
		return json_string(code);
	if (f->type == FT_ENUM) {
		if (!(code = import_enum_code(f, text))) {
			struct buf b;

			buf_init(&b, 4096);
			for (const struct enum_opt *o = f->opts; o->code; o++)
				buf_printf(&b, "%s%s", o == f->opts ? "" : "、", o->label);
			imp_error(im, row, f->name, arena_printf(im->c.arena,
				  "%s“%s”不是可选值，可选：%s", f->label, text, buf_str(&b)));
			buf_release(&b);
			return NULL;
		}
		return json_string(code);
	}
	if (f->type == FT_DATE && import_excel_date(text, date) == 0)
		return json_string(date);
	return json_string(text);
}

/* Checks data row i and builds its object (stored form). */
static void imp_row(struct imp *im, int i, struct db_stmt *dup, struct db_stmt *byuscc)
{
	const struct xlsx_row *r = &im->sheet.rows[im->header + 1 + i];
	int before = im->nerr, bad[NCOLS] = { 0 };
	json_t *obj = json_object();
	const char *parent = NULL;
	json_t *kind = NULL;
	struct verr e;

	im->objs[i] = obj;
	im->rownum[i] = r->rownum;
	im->parent_row[i] = -1;
	for (int j = 0; j < r->ncells && j < XLSX_MAX_COLS; j++) {
		const struct field_def *f;
		json_t *v, *norm = NULL;
		int k = im->colmap[j];

		if (k < 0 || !r->cells[j])
			continue;
		if (strcmp(import_cols[k], PARENT_COL) == 0) {
			parent = r->cells[j];
			continue;
		}
		f = imp_field(im->def, k);
		if (!(v = imp_cell_value(im, r->rownum, f, r->cells[j]))) {
			bad[k] = 1;
			continue;
		}
		if (f == enterprise_kind_field()) {
			json_decref(kind);
			kind = v;
			continue;
		}
		verr_init(&e, im->c.arena);
		if (field_validate(f, v, &norm, &e) != 0) {
			imp_take(im, r->rownum, &e);
			bad[k] = 1;
		} else if (!json_is_null(norm)) {
			json_object_set(obj, f->name, norm);
		}
		json_decref(norm);
		json_decref(v);
	}
	/* required fields left empty */
	for (int k = 0; k < NCOLS; k++) {
		const struct field_def *f = entity_field(im->def, import_cols[k]);

		if (f && (f->flags & F_REQUIRED) && !bad[k] && !json_object_get(obj, f->name))
			imp_error(im, r->rownum, f->name,
				  arena_printf(im->c.arena, "%s不能为空", f->label));
	}
	/* 监管类型: the form's rule (a regulator chooses; an administrator leaves it
	 * empty); an unknown label was reported above */
	if (!bad[imp_col(KIND_COL)]) {
		verr_init(&e, im->c.arena);
		if (enterprise_kind_check(&im->c, kind, &im->kind[i], &e) != 0)
			imp_take(im, r->rownum, &e);
	}
	json_decref(kind);
	if (!json_object_get(obj, "status"))
		json_object_set_new(obj, "status", json_string("operating"));
	/* USCC unique within the file and in the database (GB 32100-2015: one code,
	 * one legal person) */
	if (json_object_get(obj, "uscc")) {
		const char *u = json_string_value(json_object_get(obj, "uscc"));

		im->uscc[i] = arena_strdup(im->c.arena, u);
		for (int p = 0; p < i; p++) {
			if (im->uscc[p] && strcmp(im->uscc[p], u) == 0) {
				imp_error(im, r->rownum, "uscc", arena_printf(im->c.arena,
					  "统一社会信用代码与第 %d 行重复", im->rownum[p]));
				break;
			}
		}
		db_reset(dup);
		if (db_bind_text(dup, 1, u) == 0 && db_step(dup) == DB_ROW)
			imp_error(im, r->rownum, "uscc", "该统一社会信用代码的企业已存在");
	}
	/* the group: an earlier row of the file or an existing enterprise */
	if (parent) {
		char pu[19];
		int found = 0;

		if (uscc_check(parent, pu) != USCC_OK) {
			imp_error(im, r->rownum, PARENT_COL, arena_printf(im->c.arena,
				  "上级企业统一社会信用代码%s", uscc_message(uscc_check(parent, NULL))));
			found = -1;
		}
		for (int p = 0; p < i && !found; p++) {
			if (im->uscc[p] && strcmp(im->uscc[p], pu) == 0) {
				im->parent_row[i] = p;
				found = 1;
			}
		}
		if (!found) {
			db_reset(byuscc);
			if (db_bind_text(byuscc, 1, pu) == 0 && db_step(byuscc) == DB_ROW) {
				json_object_set_new(obj, "parent_id",
						    json_integer(db_col_int64(byuscc, 0)));
				found = 1;
			}
		}
		if (!found)
			imp_error(im, r->rownum, PARENT_COL,
				  "上级企业不存在：请先导入上级企业，或把它放在本行之前");
	}
	/* the enterprise's own cross-field rules */
	verr_init(&e, im->c.arena);
	im->def->validate(&im->c, obj, NULL, &e);
	imp_take(im, r->rownum, &e);
	if (im->nerr > before)
		im->nerr_rows++;
}

/* Creates every row in one transaction; on the first failure rolls back and
 * reports that row. 0 ok, -1 rejected (errors recorded), -2 internal error. */
static int imp_write(struct imp *im)
{
	int64_t *ids = arena_alloc(im->c.arena, (size_t)im->ndata * sizeof(*ids));
	struct verr e;

	if (db_begin(im->c.db) != 0)
		return -2;
	for (int i = 0; i < im->ndata; i++) {
		if (im->parent_row[i] >= 0)
			json_object_set_new(im->objs[i], "parent_id",
					    json_integer(ids[im->parent_row[i]]));
		verr_init(&e, im->c.arena);
		ids[i] = enterprise_register_tx(&im->c, im->objs[i], im->kind[i], &e);
		if (ids[i] < 0) {
			db_rollback(im->c.db);
			if (e.status >= 500)
				return -2;
			imp_take(im, im->rownum[i], &e);
			im->nerr_rows = 1;
			return -1;
		}
	}
	if (db_commit(im->c.db) != 0) {
		db_rollback(im->c.db);
		return -2;
	}
	return 0;
}

/* The response of API.md: 200 {"total","imported","errors":[]}, or 400
 * {"error":{"code":"import_rejected",…},"total","imported":0,"errors":[…]}. */
static int imp_respond(struct imp *im, struct resp *s, const char *message)
{
	return import_respond(s, message, im->ndata, im->errs, im->nerr, NULL, 0);
}

int import_respond(struct resp *s, const char *message, int total, const struct import_err *errs,
		   int nerr, const char *extra, int64_t extra_n)
{
	struct jw w;

	resp_json(s, &w);
	jw_obj_begin(&w);
	if (message) {
		jw_key(&w, "error");
		jw_obj_begin(&w);
		jw_kstr(&w, "code", "import_rejected");
		jw_kstr(&w, "message", message);
		jw_obj_end(&w);
	}
	jw_kint(&w, "total", total);
	jw_kint(&w, "imported", message ? 0 : total);
	if (extra)
		jw_kint(&w, extra, message ? 0 : extra_n);
	jw_key(&w, "errors");
	jw_arr_begin(&w);
	for (int i = 0; message && i < nerr && i < IMPORT_MAX_ERRORS; i++) {
		jw_obj_begin(&w);
		jw_kint(&w, "row", errs[i].row);
		jw_kstr(&w, "field", errs[i].field);
		jw_kstr(&w, "label", errs[i].label);
		jw_kstr(&w, "message", errs[i].message);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	s->status = message ? 400 : 200;
	return s->status;
}

/* Reads the upload into im->sheet (import_read_sheet, one row past the limit so
 * import_post() can say what the limit is). NULL ok, or a Chinese message. */
static const char *imp_read(struct imp *im, struct req *r)
{
	return import_read_sheet(r, IMPORT_MAX_ROWS + 2, &im->sheet);
}

const char *import_read_sheet(struct req *r, int max_rows, struct xlsx_sheet *out)
{
	unsigned char magic[4] = { 0 };
	const char *err = NULL;
	char *data = NULL;
	FILE *fp = NULL;
	size_t n = 0;

	if (!r->upload_path)
		return "请上传文件";
	if (r->upload_size > HTTP_MAX_UPLOAD)
		return "文件超过 20 MiB";
	fp = fopen(r->upload_path, "rb");
	if (!fp)
		return "无法读取上传的文件";
	n = fread(magic, 1, sizeof(magic), fp);
	if (n == 4 && memcmp(magic, "PK\x03\x04", 4) == 0) {
		fclose(fp);
		if (xlsx_read_file(r->upload_path, max_rows, out, &err) != 0)
			return err;
		return NULL;
	}
	if (n == 4 && memcmp(magic, "\xD0\xCF\x11\xE0", 4) == 0) {
		fclose(fp);
		return "不支持旧版 .xls 格式，请在 Excel 中另存为 .xlsx 后上传";
	}
	data = xmalloc(r->upload_size + 1);
	rewind(fp);
	n = fread(data, 1, r->upload_size, fp);
	fclose(fp);
	if (xlsx_parse_csv(data, n, max_rows, out, &err) != 0) {
		free(data);
		return err;
	}
	free(data);
	return NULL;
}

/* POST /api/enterprise/import — see the file comment. */
static int import_post(struct req *r, struct resp *s)
{
	struct imp im;
	const char *err;
	struct db_stmt *dup = NULL, *byuscc = NULL;
	int rc;

	memset(&im, 0, sizeof(im));
	im.c = (struct ectx){ .db = r->db, .user = r->user, .arena = &r->arena };
	im.def = enterprise_entity();
	if ((err = imp_read(&im, r)) != NULL) {
		rc = http_error(s, 400, "validation", err, "file");
		goto out;
	}
	if (im.sheet.nrows == 0) {
		rc = http_error(s, 400, "validation", "文件是空的", "file");
		goto out;
	}
	im.header = 0;
	im.ndata = im.sheet.nrows - 1;
	if (im.ndata > IMPORT_MAX_ROWS) {
		rc = http_error(s, 400, "validation",
				"一次最多导入 5000 家企业，请拆分后分批导入", "file");
		goto out;
	}
	im.errs = arena_alloc(&r->arena, IMPORT_MAX_ERRORS * sizeof(*im.errs));
	im.objs = xcalloc((size_t)im.ndata + 1, sizeof(*im.objs));
	im.rownum = arena_alloc(&r->arena, ((size_t)im.ndata + 1) * sizeof(int));
	im.parent_row = arena_alloc(&r->arena, ((size_t)im.ndata + 1) * sizeof(int));
	im.uscc = arena_alloc(&r->arena, ((size_t)im.ndata + 1) * sizeof(char *));
	im.kind = arena_alloc(&r->arena, ((size_t)im.ndata + 1) * sizeof(char *));
	memset(im.kind, 0, ((size_t)im.ndata + 1) * sizeof(char *));
	imp_header(&im);
	if (im.nerr) {
		rc = imp_respond(&im, s, "表头不正确，请使用导入模板，未导入任何数据");
		goto out;
	}
	if (im.ndata == 0) {
		rc = imp_respond(&im, s, "文件中没有数据行，请从第 2 行起每行填写一家企业");
		goto out;
	}
	dup = db_prepare(r->db, "SELECT id FROM enterprise WHERE uscc = ?");
	byuscc = db_prepare(r->db, "SELECT id FROM enterprise WHERE uscc = ?");
	if (!dup || !byuscc) {
		rc = http_internal(s);
		goto out;
	}
	for (int i = 0; i < im.ndata; i++)
		imp_row(&im, i, dup, byuscc);
	db_finalize(dup);
	db_finalize(byuscc);
	dup = byuscc = NULL;
	if (im.nerr) {
		rc = imp_respond(&im, s, arena_printf(&r->arena,
			"共 %d 行，其中 %d 行有错误，未导入任何数据，请修改后重新上传",
			im.ndata, im.nerr_rows));
		goto out;
	}
	switch (imp_write(&im)) {
	case 0:
		rc = imp_respond(&im, s, NULL);
		break;
	case -1:
		rc = imp_respond(&im, s, "导入时发现错误，未导入任何数据，请修改后重新上传");
		break;
	default:
		rc = http_internal(s);
	}
out:
	db_finalize(dup);
	db_finalize(byuscc);
	for (int i = 0; im.objs && i < im.ndata; i++)
		json_decref(im.objs[i]);
	free(im.objs);
	xlsx_sheet_free(&im.sheet);
	return rc;
}

/* ------------------------------------------------------------- the template */

/* What the 填写说明 sheet says about a column. */
static const char *col_rule(struct arena *a, const struct field_def *f)
{
	const char *req = f->flags & F_REQUIRED ? "必填。" : "";
	const char *help = f->help ? f->help : "";

	if (strcmp(f->name, "industry_division") == 0)
		return arena_printf(a, "%s两位大类代码、名称或“代码 名称”，须属于所填门类。", req);
	switch (f->type) {
	case FT_ENUM:
		return arena_printf(a, "%s从下拉列表选择（见右侧可选值）。%s", req, help);
	case FT_INT:
		return arena_printf(a, "%s整数。%s", req, help);
	case FT_DATE:
		return arena_printf(a, "%s日期，如 2027-06-30。%s", req, help);
	case FT_PHONE:
		return arena_printf(a, "%s手机号或固定电话（如 021-59701234）。", req);
	case FT_USCC:
		return arena_printf(a, "%s18 位统一社会信用代码，系统校验校验位。", req);
	case FT_LAT:
	case FT_LNG:
		return arena_printf(a, "%s小数度数。%s", req, help);
	default:
		return arena_printf(a, "%s%s", req, help);
	}
}

/* Writes the template workbook to path. 0 ok, -1 error. */
static int template_write(struct arena *a, const struct entity_def *def, const char *path)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws, *help;
	lxw_format *hdr, *hdr_req, *wrap, *bold, *example;
	int optcol = 5;	/* first column of the option lists on 填写说明 */
	char uscc[19];

	if (!wb)
		return -1;
	ws = workbook_add_worksheet(wb, "企业信息");
	help = workbook_add_worksheet(wb, "填写说明");
	hdr = workbook_add_format(wb);
	format_set_bold(hdr);
	format_set_bg_color(hdr, 0xDDEBF7);
	format_set_border(hdr, LXW_BORDER_THIN);
	hdr_req = workbook_add_format(wb);
	format_set_bold(hdr_req);
	format_set_font_color(hdr_req, LXW_COLOR_RED);
	format_set_bg_color(hdr_req, 0xDDEBF7);
	format_set_border(hdr_req, LXW_BORDER_THIN);
	wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	example = workbook_add_format(wb);
	format_set_italic(example);
	format_set_font_color(example, LXW_COLOR_GRAY);

	worksheet_write_string(help, 0, 0, "列名", bold);
	worksheet_write_string(help, 0, 1, "是否必填", bold);
	worksheet_write_string(help, 0, 2, "填写要求", bold);
	worksheet_write_string(help, 0, 3, "示例", bold);
	worksheet_set_column(help, 0, 0, 26, NULL);
	worksheet_set_column(help, 1, 1, 10, NULL);
	worksheet_set_column(help, 2, 2, 60, wrap);
	worksheet_set_column(help, 3, 3, 30, NULL);
	snprintf(uscc, sizeof(uscc), "%s%c", example_row[1], uscc_check_char(example_row[1]));

	for (int k = 0; k < NCOLS; k++) {
		const struct field_def *f = imp_field(def, k);
		const char *label = f ? f->label : PARENT_LABEL;
		int req = f && (f->flags & F_REQUIRED);
		const char *ex = k == 1 ? uscc : example_row[k];
		int wide = strcmp(import_cols[k], "name") == 0 || strcmp(import_cols[k], "address") == 0;

		worksheet_write_string(ws, 0, (lxw_col_t)k, label, req ? hdr_req : hdr);
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, wide ? 32 : 18, NULL);
		worksheet_write_string(help, (lxw_row_t)(k + 1), 0, label, NULL);
		worksheet_write_string(help, (lxw_row_t)(k + 1), 1, req ? "必填" : "选填", NULL);
		worksheet_write_string(help, (lxw_row_t)(k + 1), 2, f ? col_rule(a, f) :
			"集团下属企业填写所属集团的统一社会信用代码；集团须已在系统中，或在本文件中位于本行之前。",
			wrap);
		if (*ex)
			worksheet_write_string(help, (lxw_row_t)(k + 1), 3, ex, example);
		/* option list on 填写说明 for enum columns and the 大类 column; a drop-down
		 * (an inline list: libxlsxwriter 1.1.4 leaks list formulas) for enums */
		if (f && (f->type == FT_ENUM || strcmp(f->name, "industry_division") == 0)) {
			int n = 0;

			worksheet_write_string(help, 0, (lxw_col_t)optcol, label, bold);
			if (f->type == FT_ENUM && strcmp(f->name, "industry_division") != 0) {
				char **list;
				lxw_data_validation dv;
				size_t bytes = 0;

				for (const struct enum_opt *o = f->opts; o->code; o++, n++)
					worksheet_write_string(help, (lxw_row_t)(n + 1),
							       (lxw_col_t)optcol, o->label, NULL);
				list = arena_alloc(a, (size_t)(n + 1) * sizeof(*list));
				for (int j = 0; j < n; j++) {
					list[j] = arena_strdup(a, f->opts[j].label);
					bytes += strlen(list[j]) + 1;
				}
				memset(&dv, 0, sizeof(dv));
				dv.validate = LXW_VALIDATION_TYPE_LIST;
				dv.value_list = list;
				dv.error_title = "输入无效";
				dv.error_message = "请从下拉列表中选择";
				/* libxlsxwriter 1.1.4 copies the joined list into a 255-byte
				 * buffer (overflowing on multi-byte labels): longer lists get
				 * no drop-down, only the list on 填写说明 */
				if (bytes + 2 < 255)
					worksheet_data_validation_range(ws, 1, (lxw_col_t)k,
									IMPORT_MAX_ROWS, (lxw_col_t)k, &dv);
			} else {
				for (; n < INDUSTRY_DIVISIONS; n++) {
					const char *code = industry_division_code_at(n);

					worksheet_write_string(help, (lxw_row_t)(n + 1), (lxw_col_t)optcol,
						arena_printf(a, "%s %s", code, industry_division_label(code)),
						NULL);
				}
			}
			worksheet_set_column(help, (lxw_col_t)optcol, (lxw_col_t)optcol, 22, NULL);
			optcol++;
		}
	}
	worksheet_write_string(help, NCOLS + 2, 0, "说明", bold);
	worksheet_write_string(help, NCOLS + 3, 0,
		"1. 在“企业信息”工作表第 2 行起每行填写一家企业，第 1 行表头请勿修改，红色表头为必填列。",
		NULL);
	worksheet_write_string(help, NCOLS + 4, 0,
		"2. 整个文件全部校验通过才会导入；任一行有误则不导入任何数据，并列出每个错误所在的行和列。",
		NULL);
	worksheet_write_string(help, NCOLS + 5, 0,
		"3. 一次最多 5000 行；也可另存为“CSV UTF-8（逗号分隔）”格式上传。", NULL);
	worksheet_freeze_panes(ws, 1, 0);
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

/* GET /api/enterprise/import/template — the .xlsx template (a temporary file the
 * server removes after sending). */
static int import_template(struct req *r, struct resp *s)
{
	const char *dir = http_data_dir() ? http_data_dir() : "/tmp";
	char hex[33];
	const char *path;

	random_hex(hex, 16);
	path = arena_printf(&r->arena, "%s/.import-template-%s.xlsx", dir, hex);
	if (template_write(&r->arena, enterprise_entity(), path) != 0) {
		remove(path);
		return http_internal(s);
	}
	s->status = 200;
	s->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	s->file_path = path;
	s->unlink_file = 1;
	s->download_name = "企业导入模板.xlsx";
	return 200;
}

static const struct route import_routes[] = {
	{HTTP_GET, "/api/enterprise/import/template", import_template, 0,
	 RB(ROLE_ADMIN) | RB(ROLE_REGULATOR)},
	{HTTP_POST, "/api/enterprise/import", import_post, ROUTE_UPLOAD,
	 RB(ROLE_ADMIN) | RB(ROLE_REGULATOR)},
};

/* Registers the import routes (before the generic /api/:entity/:id ones). */
void import_init(void)
{
	router_add(import_routes, ARRAY_SIZE(import_routes));
}
