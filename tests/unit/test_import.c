/*
 * test_import.c — the pure parts of the enterprise import: the CSV reader of
 * src/rules/xlsx_read.c (RFC 4180 quoting, embedded commas, line breaks and doubled
 * quotes, BOM, CRLF, row numbering as Excel shows it, refusal of non-UTF-8 such as
 * GB18030 text), A1 cell references (ECMA-376 ST_CellRef, up to XFD1048576), UTF-8
 * well-formedness (RFC 3629), the .xlsx reader on a workbook written here with
 * libxlsxwriter, and import.c's label → code mapping of enum, 大类 and header cells
 * and Excel date serials.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <xlsxwriter.h>

#include "entity/entity.h"
#include "mod/enterprise.h"
#include "mod/import.h"
#include "mod/mod.h"
#include "rules/xlsx_read.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Parses csv and checks the sheet against rows of expected cells ("" = empty). */
static void check_csv(const char *csv, int nrows, const int *rownums,
		      const char *const (*cells)[4])
{
	struct xlsx_sheet s;
	const char *err = NULL;

	assert_int_equal(xlsx_parse_csv(csv, strlen(csv), 100, &s, &err), 0);
	assert_int_equal(s.nrows, nrows);
	for (int i = 0; i < nrows; i++) {
		assert_int_equal(s.rows[i].rownum, rownums[i]);
		for (int j = 0; j < 4; j++) {
			const char *got = xlsx_cell(&s, i, j);

			if (cells[i][j][0] == '\0')
				assert_null(got);
			else
				assert_string_equal(got, cells[i][j]);
		}
	}
	xlsx_sheet_free(&s);
}

static void test_csv_plain_crlf_bom(void **state)
{
	static const char *const cells[][4] = {
		{ "企业名称", "统一社会信用代码", "地址", "" },
		{ "甲公司", "91310118MA1G201703", "青浦路1号", "" },
	};
	(void)state;
	check_csv("\xEF\xBB\xBF企业名称,统一社会信用代码,地址\r\n甲公司,91310118MA1G201703,青浦路1号\r\n",
		  2, (const int[]){ 1, 2 }, cells);
	/* LF only, no final line break */
	check_csv("企业名称,统一社会信用代码,地址\n甲公司,91310118MA1G201703,青浦路1号",
		  2, (const int[]){ 1, 2 }, cells);
}

static void test_csv_quotes(void **state)
{
	static const char *const cells[][4] = {
		{ "a,b", "say \"hi\"", "line1\nline2", "x" },
		{ "", "", "", "tail" },
		{ "後", "\"", "", "" },
	};
	(void)state;
	/* RFC 4180 §2.6/2.7: commas, line breaks and doubled quotes inside quotes;
	 * the embedded line break does not start a new Excel row; a blank line is
	 * row 3 and is not stored; empty quoted field is empty */
	check_csv("\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\",x\r\n\r\n,,\"\",tail\n後,\"\"\"\"\n",
		  3, (const int[]){ 1, 3, 4 }, cells);
}

static void test_csv_errors(void **state)
{
	static const struct {
		const char *csv;
		const char *msg_part;
	} bad[] = {
		{ "a,\"b\nc", "引号未闭合" },
		{ "a,\"b\"x,c", "引号后" },
		/* 企业 in GB18030: not UTF-8 */
		{ "\xC6\xF3\xD2\xB5,\xC3\xFB\xB3\xC6\n", "UTF-8" },
		/* overlong "/" and a UTF-16 surrogate encoded in UTF-8 */
		{ "\xC0\xAF", "UTF-8" },
		{ "\xED\xA0\x80", "UTF-8" },
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(bad); i++) {
		struct xlsx_sheet s;
		const char *err = NULL;

		assert_int_equal(xlsx_parse_csv(bad[i].csv, strlen(bad[i].csv), 100, &s, &err), -1);
		assert_non_null(err);
		assert_non_null(strstr(err, bad[i].msg_part));
		assert_int_equal(s.nrows, 0);
	}
}

static void test_csv_row_limit(void **state)
{
	struct xlsx_sheet s;
	const char *err = NULL;
	const char *csv = "h\n1\n2\n3\n";

	(void)state;
	/* max_rows counts every row including the header */
	assert_int_equal(xlsx_parse_csv(csv, strlen(csv), 4, &s, &err), 0);
	xlsx_sheet_free(&s);
	assert_int_equal(xlsx_parse_csv(csv, strlen(csv), 3, &s, &err), -1);
	assert_non_null(strstr(err, "行数"));
}

static const struct {
	const char *ref;
	int ok, col, row;
} ref_cases[] = {
	{ "A1", 1, 0, 1 },
	{ "Z9", 1, 25, 9 },
	{ "AA10", 1, 26, 10 },
	{ "AZ1", 1, 51, 1 },
	{ "BA2", 1, 52, 2 },
	{ "XFD1048576", 1, 16383, 1048576 },
	{ "XFE1", 0, 0, 0 },		/* beyond 16384 columns */
	{ "A1048577", 0, 0, 0 },	/* beyond 1048576 rows */
	{ "AAAA1", 0, 0, 0 },
	{ "A0", 0, 0, 0 },
	{ "A01", 0, 0, 0 },
	{ "a1", 0, 0, 0 },
	{ "1A", 0, 0, 0 },
	{ "A", 0, 0, 0 },
	{ "7", 0, 0, 0 },
	{ "", 0, 0, 0 },
	{ "$A$1", 0, 0, 0 },
};

static void test_cellref(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEMS(ref_cases); i++) {
		int col = -1, row = -1;
		int rc = xlsx_cellref(ref_cases[i].ref, &col, &row);

		if (ref_cases[i].ok) {
			assert_int_equal(rc, 0);
			assert_int_equal(col, ref_cases[i].col);
			assert_int_equal(row, ref_cases[i].row);
		} else {
			assert_int_equal(rc, -1);
		}
	}
	assert_int_equal(xlsx_cellref(NULL, &(int){ 0 }, &(int){ 0 }), -1);
}

static void test_utf8(void **state)
{
	static const struct {
		const char *s;
		int ok;
	} cases[] = {
		{ "", 1 }, { "abc", 1 }, { "青浦区", 1 }, { "\xF0\x9F\x98\x80", 1 },
		{ "\xEF\xBF\xBF", 1 },
		{ "\x80", 0 }, { "\xC3", 0 }, { "\xC0\x80", 0 }, { "\xE0\x80\x80", 0 },
		{ "\xED\xBF\xBF", 0 }, { "\xF4\x90\x80\x80", 0 }, { "\xF5\x80\x80\x80", 0 },
		{ "\xE9\x9D", 0 },
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++)
		assert_int_equal(xlsx_utf8_valid(cases[i].s, strlen(cases[i].s)), cases[i].ok);
}

/* A workbook written by libxlsxwriter (shared strings, numbers, a gap column, a
 * blank row) reads back with Excel's row numbers. */
static void test_xlsx_roundtrip(void **state)
{
	char path[] = "/tmp/anjian-test-import-XXXXXX";
	int fd = mkstemp(path);
	lxw_workbook *wb;
	lxw_worksheet *ws;
	struct xlsx_sheet s;
	const char *err = NULL;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	wb = workbook_new(path);
	ws = workbook_add_worksheet(wb, "企业信息");
	worksheet_write_string(ws, 0, 0, "企业名称", NULL);
	worksheet_write_string(ws, 0, 2, "从业人员数", NULL);
	worksheet_write_string(ws, 2, 0, "甲公司 & <乙>", NULL);
	worksheet_write_number(ws, 2, 2, 120, NULL);
	worksheet_write_string(ws, 3, 27, "AB4", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

	assert_int_equal(xlsx_read_file(path, 100, &s, &err), 0);
	assert_int_equal(s.nrows, 3);
	assert_int_equal(s.rows[0].rownum, 1);
	assert_string_equal(xlsx_cell(&s, 0, 0), "企业名称");
	assert_null(xlsx_cell(&s, 0, 1));
	assert_string_equal(xlsx_cell(&s, 0, 2), "从业人员数");
	assert_int_equal(s.rows[1].rownum, 3);
	assert_string_equal(xlsx_cell(&s, 1, 0), "甲公司 & <乙>");
	assert_string_equal(xlsx_cell(&s, 1, 2), "120");
	assert_int_equal(s.rows[2].rownum, 4);
	assert_string_equal(xlsx_cell(&s, 2, 27), "AB4");
	xlsx_sheet_free(&s);

	/* row limit (header included) */
	assert_int_equal(xlsx_read_file(path, 2, &s, &err), -1);
	assert_non_null(strstr(err, "行数"));
	unlink(path);

	/* not a zip */
	assert_int_equal(xlsx_read_file("/dev/null", 10, &s, &err), -1);
	assert_non_null(err);
}

static void test_enum_labels(void **state)
{
	const struct entity_def *d;
	const struct field_def *f;

	(void)state;
	enterprise_init();
	d = enterprise_entity();
	f = entity_field(d, "high_risk");
	assert_non_null(f);
	assert_string_equal(import_enum_code(f, "涉爆粉尘"), "dust_explosion");
	assert_string_equal(import_enum_code(f, " 人员密集场所 "), "crowded_place");
	assert_string_equal(import_enum_code(f, "gas"), "gas");
	assert_null(import_enum_code(f, "粉尘"));
	assert_null(import_enum_code(f, ""));
	f = entity_field(d, "industry_section");
	assert_string_equal(import_enum_code(f, "制造业"), "C");
	assert_string_equal(import_enum_code(f, "C"), "C");
	assert_string_equal(import_enum_code(f, "交通运输、仓储和邮政业"), "G");
	assert_null(import_enum_code(f, "Z"));
	f = entity_field(d, "scale");
	assert_string_equal(import_enum_code(f, "规上"), "above");
	f = entity_field(d, "name");
	assert_null(import_enum_code(f, "x"));	/* not an enum */
}

static void test_division_and_header(void **state)
{
	char date[11];

	(void)state;
	assert_string_equal(import_division_code("33"), "33");
	assert_string_equal(import_division_code(" 33 金属制品业 "), "33");
	assert_string_equal(import_division_code("金属制品业"), "33");
	assert_null(import_division_code("33 家具制造业"));	/* code and name disagree */
	assert_null(import_division_code("98"));
	assert_null(import_division_code("3"));
	assert_null(import_division_code("金属"));

	assert_true(import_header_is("企业名称", "企业名称"));
	assert_true(import_header_is(" 企业名称* ", "企业名称"));
	assert_true(import_header_is("企业名称＊", "企业名称"));
	assert_false(import_header_is("企业名", "企业名称"));
	assert_false(import_header_is(NULL, "企业名称"));

	/* Excel 1900 date system: 46203 = 2026-06-30, 25569 = 1970-01-01 */
	assert_int_equal(import_excel_date("46203", date), 0);
	assert_string_equal(date, "2026-06-30");
	assert_int_equal(import_excel_date("25569", date), 0);
	assert_string_equal(date, "1970-01-01");
	assert_int_equal(import_excel_date("2026-06-30", date), -1);
	assert_int_equal(import_excel_date("60", date), -1);	/* the fictitious 1900-02-29 */
	assert_int_equal(import_excel_date("", date), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_plain_crlf_bom),
		cmocka_unit_test(test_csv_quotes),
		cmocka_unit_test(test_csv_errors),
		cmocka_unit_test(test_csv_row_limit),
		cmocka_unit_test(test_cellref),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_xlsx_roundtrip),
		cmocka_unit_test(test_enum_labels),
		cmocka_unit_test(test_division_and_header),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
