/*
 * xlsx_read.c — tables from uploaded .xlsx and .csv files (see xlsx_read.h).
 *
 * CSV follows RFC 4180 §2 with the usual leniency of spreadsheet programs: LF as well
 * as CRLF ends a record, and the last record may lack a line break. Only UTF-8 is
 * accepted: Excel's "CSV UTF-8" has a BOM, plain "CSV" on a Chinese Windows is
 * GB18030, which we refuse with a message saying how to save the file instead of
 * guessing (a wrong guess would import garbled names).
 *
 * .xlsx is a zip (read with minizip) of XML parts (parsed with expat). Cells come
 * from xl/worksheets/sheet1.xml (ECMA-376 Part 1 §18.3.1.4 c, §18.3.1.96 v): type
 * t="s" indexes xl/sharedStrings.xml (§18.4.8 si: plain t or rich-text runs r/t;
 * phonetic runs rPh are skipped), t="inlineStr" carries is/t, t="b" is 0/1, and
 * anything else is the literal text of v. Guards: each part's declared and actual
 * uncompressed size ≤ XLSX_MAX_PART (zip bombs), documents with a DTD are refused
 * (entity expansion attacks), rows ≤ max_rows, columns ≤ XLSX_MAX_COLS.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>
#include <unzip.h>

#include "core/buf.h"
#include "core/util.h"
#include "rules/xlsx_read.h"

/* ---------------------------------------------------------------- sheets */

/* Frees every row and cell of s and leaves it empty. */
void xlsx_sheet_free(struct xlsx_sheet *s)
{
	for (int i = 0; i < s->nrows; i++) {
		for (int j = 0; j < s->rows[i].ncells; j++)
			free(s->rows[i].cells[j]);
		free(s->rows[i].cells);
	}
	free(s->rows);
	memset(s, 0, sizeof(*s));
}

/* Cell text or NULL (out of range or empty). */
const char *xlsx_cell(const struct xlsx_sheet *s, int i, int col)
{
	if (i < 0 || i >= s->nrows || col < 0 || col >= s->rows[i].ncells)
		return NULL;
	return s->rows[i].cells[col];
}

/* Appends an empty row numbered rownum; returns it. */
static struct xlsx_row *sheet_add_row(struct xlsx_sheet *s, int rownum)
{
	struct xlsx_row *r;

	if (s->nrows == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->rows = xrealloc(s->rows, (size_t)s->cap * sizeof(*s->rows));
	}
	r = &s->rows[s->nrows++];
	memset(r, 0, sizeof(*r));
	r->rownum = rownum;
	return r;
}

/* Puts text (taking ownership) at column col of r, growing the row. */
static void row_set(struct xlsx_row *r, int col, char *text)
{
	if (col >= r->ncells) {
		r->cells = xrealloc(r->cells, (size_t)(col + 1) * sizeof(*r->cells));
		for (int j = r->ncells; j <= col; j++)
			r->cells[j] = NULL;
		r->ncells = col + 1;
	}
	free(r->cells[col]);
	r->cells[col] = text;
}

/* ---------------------------------------------------------------- UTF-8 */

/* RFC 3629 §4 syntax of UTF-8: returns 1 if well-formed. */
int xlsx_utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t len;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			len = 2, cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3, cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4, cp = c & 0x07;
		} else {
			return 0;
		}
		if (i + len > n)
			return 0;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += len;
	}
	return 1;
}

/* ---------------------------------------------------------------- CSV */

/* Ends the current field: stores it in row (creating the row on first non-empty
 * field) unless empty. */
static void csv_end_field(struct xlsx_sheet *s, struct xlsx_row **row, int rownum, int col,
			  struct buf *field)
{
	if (field->len > 0) {
		if (!*row)
			*row = sheet_add_row(s, rownum);
		row_set(*row, col, buf_detach(field, NULL));
	}
	buf_reset(field);
}

/* RFC 4180 §2 record/field grammar, state machine over the bytes. */
int xlsx_parse_csv(const char *data, size_t n, int max_rows, struct xlsx_sheet *out,
		   const char **err)
{
	struct buf field;
	struct xlsx_row *row = NULL;
	size_t i = 0;
	int rownum = 1, col = 0, rc = -1;
	int quoted = 0;		/* inside a quoted field */
	int after_quote = 0;	/* the quoted field closed; only , or line end may follow */

	memset(out, 0, sizeof(*out));
	buf_init(&field, XLSX_MAX_PART);
	if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	if (!xlsx_utf8_valid(data + i, n - i)) {
		*err = "文件不是 UTF-8 编码。请在 Excel 中选择“另存为 → CSV UTF-8（逗号分隔）”，或直接上传 .xlsx 文件";
		goto out;
	}
	for (; i < n; i++) {
		char ch = data[i];

		if (quoted) {
			if (ch != '"') {
				buf_putc(&field, ch);
			} else if (i + 1 < n && data[i + 1] == '"') {
				buf_putc(&field, '"');
				i++;
			} else {
				quoted = 0;
				after_quote = 1;
			}
			continue;
		}
		if (ch == ',') {
			csv_end_field(out, &row, rownum, col, &field);
			if (++col >= XLSX_MAX_COLS) {
				*err = "列数超过上限 256 列";
				goto out;
			}
			after_quote = 0;
		} else if (ch == '\r' || ch == '\n') {
			if (ch == '\r' && i + 1 < n && data[i + 1] == '\n')
				i++;
			csv_end_field(out, &row, rownum, col, &field);
			row = NULL;
			col = 0;
			after_quote = 0;
			rownum++;
			if (out->nrows > max_rows) {
				*err = "行数超过上限";
				goto out;
			}
		} else if (after_quote) {
			*err = "CSV 格式错误：引号后只能是逗号或换行";
			goto out;
		} else if (ch == '"' && field.len == 0) {
			quoted = 1;
		} else {
			buf_putc(&field, ch);
		}
		if (buf_failed(&field)) {
			*err = "单元格内容过长";
			goto out;
		}
	}
	if (quoted) {
		*err = "CSV 格式错误：引号未闭合";
		goto out;
	}
	csv_end_field(out, &row, rownum, col, &field);
	if (out->nrows > max_rows) {
		*err = "行数超过上限";
		goto out;
	}
	rc = 0;
out:
	buf_release(&field);
	if (rc)
		xlsx_sheet_free(out);
	return rc;
}

/* ---------------------------------------------------------------- cell refs */

/* ECMA-376 Part 1 §18.18.62 ST_CellRef: column letters A..XFD then row 1..1048576. */
int xlsx_cellref(const char *ref, int *col, int *row)
{
	long c = 0, r = 0;
	int nl = 0, nd = 0;
	const char *p = ref;

	if (!p)
		return -1;
	for (; *p >= 'A' && *p <= 'Z'; p++) {
		c = c * 26 + (*p - 'A' + 1);
		if (++nl > 3)
			return -1;
	}
	for (; *p >= '0' && *p <= '9'; p++) {
		if (nd == 0 && *p == '0')
			return -1;
		r = r * 10 + (*p - '0');
		if (++nd > 7)
			return -1;
	}
	if (*p || nl == 0 || nd == 0 || c > 16384 || r > 1048576)
		return -1;
	*col = (int)(c - 1);
	*row = (int)r;
	return 0;
}

/* ---------------------------------------------------------------- zip */

/* Reads the zip member name into *data (malloc'd, NUL-terminated). Returns 0 ok,
 * 1 when the member is absent, -1 on error (*err set). */
static int zip_read(unzFile z, const char *name, char **data, size_t *len, const char **err)
{
	unz_file_info64 info;
	struct buf b;
	char chunk[65536];
	int rc = -1, opened = 0, n;

	buf_init(&b, XLSX_MAX_PART);
	if (unzLocateFile(z, name, 1) != UNZ_OK) {
		rc = 1;
		goto out;
	}
	if (unzGetCurrentFileInfo64(z, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK)
		goto bad;
	if (info.uncompressed_size > XLSX_MAX_PART) {
		*err = "Excel 工作表解压后超过 64 MiB，请拆分后分批导入";
		goto out;
	}
	if (unzOpenCurrentFile(z) != UNZ_OK)
		goto bad;
	opened = 1;
	while ((n = unzReadCurrentFile(z, chunk, sizeof(chunk))) > 0) {
		if (buf_add(&b, chunk, (size_t)n) != 0 || buf_failed(&b)) {
			/* the declared size lied: a zip bomb */
			*err = "Excel 工作表解压后超过 64 MiB，请拆分后分批导入";
			goto out;
		}
	}
	if (n < 0)
		goto bad;
	buf_putc(&b, '\0');
	if (buf_failed(&b))
		goto bad;
	*data = buf_detach(&b, len);
	(*len)--;
	rc = 0;
	goto out;
bad:
	*err = "Excel 文件已损坏，无法读取";
out:
	if (opened)
		unzCloseCurrentFile(z);
	buf_release(&b);
	return rc;
}

/* ---------------------------------------------------------------- XML */

struct xml_state {
	XML_Parser p;
	int error;		/* a guard tripped: stop */
	const char *err;
	/* shared strings */
	char **strings;
	int nstrings, capstrings;
	int in_si, in_t, in_rph;
	struct buf text;
	/* worksheet */
	struct xlsx_sheet *sheet;
	struct xlsx_row *row;
	int max_rows;
	int rownum, col;
	int in_c, in_v, in_is;
	char ctype[16];
};

/* Local name of a possibly prefixed element name ("x:row" → "row"). */
static const char *local_name(const XML_Char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

/* Refuses any DTD: no part of an .xlsx has one, and entities are an attack vector. */
static void xml_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
			const XML_Char *pubid, int has_internal)
{
	struct xml_state *st = ud;

	st->error = 1;
	st->err = "Excel 文件内容不受支持（含 DTD）";
	XML_StopParser(st->p, XML_FALSE);
}

static void xml_text(void *ud, const XML_Char *s, int len)
{
	struct xml_state *st = ud;

	if ((st->in_t && !st->in_rph) || st->in_v)
		buf_add(&st->text, s, (size_t)len);
}

/* §18.4.8 si / §18.4.12 t / §18.4.6 rPh. */
static void sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xml_state *st = ud;
	const char *n = local_name(name);

	if (strcmp(n, "si") == 0) {
		st->in_si = 1;
		buf_reset(&st->text);
	} else if (strcmp(n, "t") == 0 && st->in_si) {
		st->in_t = 1;
	} else if (strcmp(n, "rPh") == 0) {
		st->in_rph++;
	}
}

static void sst_end(void *ud, const XML_Char *name)
{
	struct xml_state *st = ud;
	const char *n = local_name(name);

	if (strcmp(n, "t") == 0) {
		st->in_t = 0;
	} else if (strcmp(n, "rPh") == 0) {
		st->in_rph--;
	} else if (strcmp(n, "si") == 0) {
		if (buf_failed(&st->text)) {
			st->error = 1;
			st->err = "单元格内容过长";
			XML_StopParser(st->p, XML_FALSE);
			return;
		}
		if (st->nstrings == st->capstrings) {
			st->capstrings = st->capstrings ? st->capstrings * 2 : 256;
			st->strings = xrealloc(st->strings,
					       (size_t)st->capstrings * sizeof(*st->strings));
		}
		st->strings[st->nstrings++] = xstrdup(buf_str(&st->text));
		buf_reset(&st->text);
		st->in_si = 0;
	}
}

/* Value of attribute key in expat's name/value list, or NULL. */
static const char *attr(const XML_Char **atts, const char *key)
{
	for (int i = 0; atts[i]; i += 2)
		if (strcmp(local_name(atts[i]), key) == 0)
			return atts[i + 1];
	return NULL;
}

/* §18.3.1.73 row (r) / §18.3.1.4 c (r, t) / v / is / t. */
static void ws_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xml_state *st = ud;
	const char *n = local_name(name);

	if (st->error)
		return;
	if (strcmp(n, "row") == 0) {
		const char *r = attr(atts, "r");
		int rn = r ? atoi(r) : st->rownum + 1;

		if (rn <= st->rownum || rn > 1048576) {
			st->error = 1;
			st->err = "Excel 工作表的行号无效";
			XML_StopParser(st->p, XML_FALSE);
			return;
		}
		st->rownum = rn;
		st->row = NULL;
		st->col = -1;
	} else if (strcmp(n, "c") == 0) {
		const char *r = attr(atts, "r"), *t = attr(atts, "t");
		int col, row;

		if (r && xlsx_cellref(r, &col, &row) == 0)
			st->col = col;
		else
			st->col++;
		snprintf(st->ctype, sizeof(st->ctype), "%s", t ? t : "n");
		st->in_c = 1;
		buf_reset(&st->text);
	} else if (st->in_c && strcmp(n, "v") == 0) {
		st->in_v = 1;
	} else if (st->in_c && strcmp(n, "is") == 0) {
		st->in_is = 1;
	} else if (st->in_is && strcmp(n, "t") == 0) {
		st->in_t = 1;
	} else if (st->in_is && strcmp(n, "rPh") == 0) {
		st->in_rph++;
	}
}

/* Stores the finished cell's text into the sheet. */
static void ws_cell_done(struct xml_state *st)
{
	const char *v = buf_str(&st->text);
	char *text = NULL;

	if (buf_failed(&st->text)) {
		st->error = 1;
		st->err = "单元格内容过长";
		XML_StopParser(st->p, XML_FALSE);
		return;
	}
	if (strcmp(st->ctype, "s") == 0) {
		char *end;
		long k = strtol(v, &end, 10);

		if (*v == '\0' || *end || k < 0 || k >= st->nstrings) {
			st->error = 1;
			st->err = "Excel 文件已损坏：共享字符串索引无效";
			XML_StopParser(st->p, XML_FALSE);
			return;
		}
		text = xstrdup(st->strings[k]);
	} else if (strcmp(st->ctype, "b") == 0) {
		text = xstrdup(strcmp(v, "1") == 0 ? "TRUE" : "FALSE");
	} else {
		text = xstrdup(v);
	}
	if (text[0] == '\0') {
		free(text);
		return;
	}
	if (st->col >= XLSX_MAX_COLS) {
		free(text);
		st->error = 1;
		st->err = "列数超过上限 256 列";
		XML_StopParser(st->p, XML_FALSE);
		return;
	}
	if (!st->row) {
		if (st->sheet->nrows >= st->max_rows) {
			free(text);
			st->error = 1;
			st->err = "行数超过上限";
			XML_StopParser(st->p, XML_FALSE);
			return;
		}
		st->row = sheet_add_row(st->sheet, st->rownum);
	}
	row_set(st->row, st->col, text);
}

static void ws_end(void *ud, const XML_Char *name)
{
	struct xml_state *st = ud;
	const char *n = local_name(name);

	if (st->error)
		return;
	if (strcmp(n, "v") == 0) {
		st->in_v = 0;
	} else if (strcmp(n, "t") == 0) {
		st->in_t = 0;
	} else if (strcmp(n, "rPh") == 0 && st->in_rph > 0) {
		st->in_rph--;
	} else if (strcmp(n, "is") == 0) {
		st->in_is = 0;
	} else if (strcmp(n, "c") == 0) {
		st->in_c = 0;
		if (st->col < 0 || st->rownum <= 0) {
			st->error = 1;
			st->err = "Excel 工作表的单元格位置无效";
			XML_StopParser(st->p, XML_FALSE);
			return;
		}
		ws_cell_done(st);
	}
}

/* Parses one XML part with the given handlers. 0 ok, -1 (*err set). */
static int xml_parse(struct xml_state *st, const char *data, size_t len,
		     XML_StartElementHandler start, XML_EndElementHandler end)
{
	int rc = -1;

	st->p = XML_ParserCreate("UTF-8");
	if (!st->p)
		BUG("XML_ParserCreate");
	XML_SetUserData(st->p, st);
	XML_SetElementHandler(st->p, start, end);
	XML_SetCharacterDataHandler(st->p, xml_text);
	XML_SetStartDoctypeDeclHandler(st->p, xml_doctype);
	if (len > INT32_MAX) {
		st->err = "Excel 文件过大";
		goto out;
	}
	if (XML_Parse(st->p, data, (int)len, 1) != XML_STATUS_OK || st->error) {
		if (!st->err)
			st->err = "Excel 文件已损坏，无法解析";
		goto out;
	}
	if (buf_failed(&st->text)) {
		st->err = "单元格内容过长";
		goto out;
	}
	rc = 0;
out:
	XML_ParserFree(st->p);
	st->p = NULL;
	return rc;
}

/* Reads sheet1 of the workbook at path (see the file comment for the format). */
int xlsx_read_file(const char *path, int max_rows, struct xlsx_sheet *out, const char **err)
{
	struct xml_state st;
	unzFile z = NULL;
	char *sst = NULL, *ws = NULL;
	size_t sst_len = 0, ws_len = 0;
	int rc = -1, r;

	memset(out, 0, sizeof(*out));
	memset(&st, 0, sizeof(st));
	buf_init(&st.text, (size_t)1 << 20);
	st.sheet = out;
	st.max_rows = max_rows;
	z = unzOpen64(path);
	if (!z) {
		*err = "文件不是有效的 .xlsx 工作簿";
		goto out;
	}
	r = zip_read(z, "xl/sharedStrings.xml", &sst, &sst_len, err);
	if (r < 0)
		goto out;
	if (r == 0 && xml_parse(&st, sst, sst_len, sst_start, sst_end) != 0) {
		*err = st.err;
		goto out;
	}
	r = zip_read(z, "xl/worksheets/sheet1.xml", &ws, &ws_len, err);
	if (r < 0)
		goto out;
	if (r == 1) {
		*err = "工作簿中没有第一个工作表（xl/worksheets/sheet1.xml）";
		goto out;
	}
	buf_reset(&st.text);
	if (xml_parse(&st, ws, ws_len, ws_start, ws_end) != 0) {
		*err = st.err;
		goto out;
	}
	rc = 0;
out:
	if (z)
		unzClose(z);
	free(sst);
	free(ws);
	for (int i = 0; i < st.nstrings; i++)
		free(st.strings[i]);
	free(st.strings);
	buf_release(&st.text);
	if (rc)
		xlsx_sheet_free(out);
	return rc;
}
