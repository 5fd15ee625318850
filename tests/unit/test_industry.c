/*
 * test_industry.c — GB/T 4754-2017《国民经济行业分类》表 1 as encoded in
 * src/rules/industry.c: the 20 门类 A–T with their names, the 97 大类 01–97 with
 * their names, the 大类 → 门类 mapping at every section boundary, and refusal of
 * anything that is not exactly a code of the standard.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rules/industry.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* GB/T 4754-2017 表 1: every 门类 with its first and last 大类. */
static const struct {
	const char *code;
	const char *label;
	const char *first, *last;
} section_cases[] = {
	{ "A", "农、林、牧、渔业", "01", "05" },
	{ "B", "采矿业", "06", "12" },
	{ "C", "制造业", "13", "43" },
	{ "D", "电力、热力、燃气及水生产和供应业", "44", "46" },
	{ "E", "建筑业", "47", "50" },
	{ "F", "批发和零售业", "51", "52" },
	{ "G", "交通运输、仓储和邮政业", "53", "60" },
	{ "H", "住宿和餐饮业", "61", "62" },
	{ "I", "信息传输、软件和信息技术服务业", "63", "65" },
	{ "J", "金融业", "66", "69" },
	{ "K", "房地产业", "70", "70" },
	{ "L", "租赁和商务服务业", "71", "72" },
	{ "M", "科学研究和技术服务业", "73", "75" },
	{ "N", "水利、环境和公共设施管理业", "76", "79" },
	{ "O", "居民服务、修理和其他服务业", "80", "82" },
	{ "P", "教育", "83", "83" },
	{ "Q", "卫生和社会工作", "84", "85" },
	{ "R", "文化、体育和娱乐业", "86", "90" },
	{ "S", "公共管理、社会保障和社会组织", "91", "96" },
	{ "T", "国际组织", "97", "97" },
};

/* A sample of 大类 names from GB/T 4754-2017 表 1, including the ones the demo
 * district and the high-risk categories rely on. */
static const struct {
	const char *code;
	const char *label;
	char section;
} division_cases[] = {
	{ "01", "农业", 'A' },
	{ "05", "农、林、牧、渔专业及辅助性活动", 'A' },
	{ "11", "开采专业及辅助性活动", 'B' },
	{ "13", "农副食品加工业", 'C' },
	{ "20", "木材加工和木、竹、藤、棕、草制品业", 'C' },
	{ "21", "家具制造业", 'C' },
	{ "23", "印刷和记录媒介复制业", 'C' },
	{ "26", "化学原料和化学制品制造业", 'C' },
	{ "31", "黑色金属冶炼和压延加工业", 'C' },
	{ "33", "金属制品业", 'C' },
	{ "43", "金属制品、机械和设备修理业", 'C' },
	{ "44", "电力、热力生产和供应业", 'D' },
	{ "45", "燃气生产和供应业", 'D' },
	{ "46", "水的生产和供应业", 'D' },
	{ "48", "土木工程建筑业", 'E' },
	{ "51", "批发业", 'F' },
	{ "54", "道路运输业", 'G' },
	{ "59", "装卸搬运和仓储业", 'G' },
	{ "61", "住宿业", 'H' },
	{ "70", "房地产业", 'K' },
	{ "72", "商务服务业", 'L' },
	{ "78", "公共设施管理业", 'N' },
	{ "84", "卫生", 'Q' },
	{ "96", "基层群众自治组织及其他组织", 'S' },
	{ "97", "国际组织", 'T' },
};

/* Not codes of the standard. */
static const char *const bad_codes[] = {
	"", "0", "00", "98", "99", "1", "001", "1a", "a1", " 1", "01 ", "C", "c", NULL,
};

static void test_sections(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEMS(section_cases); i++) {
		assert_string_equal(industry_section_label(section_cases[i].code),
				    section_cases[i].label);
		assert_string_equal(industry_section_code_at((int)i), section_cases[i].code);
		/* the boundaries of the section belong to it, their neighbours do not */
		assert_int_equal(industry_division_section(section_cases[i].first),
				 section_cases[i].code[0]);
		assert_int_equal(industry_division_section(section_cases[i].last),
				 section_cases[i].code[0]);
	}
	assert_int_equal(N_ELEMS(section_cases), INDUSTRY_SECTIONS);
	assert_null(industry_section_code_at(INDUSTRY_SECTIONS));
	assert_null(industry_section_code_at(-1));
}

static void test_section_refusals(void **state)
{
	(void)state;
	assert_null(industry_section_label("U"));
	assert_null(industry_section_label("a"));
	assert_null(industry_section_label("AB"));
	assert_null(industry_section_label(""));
	assert_null(industry_section_label(NULL));
}

static void test_divisions(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEMS(division_cases); i++) {
		assert_string_equal(industry_division_label(division_cases[i].code),
				    division_cases[i].label);
		assert_int_equal(industry_division_section(division_cases[i].code),
				 division_cases[i].section);
		assert_string_equal(industry_division_by_label(division_cases[i].label),
				    division_cases[i].code);
	}
}

/* Every one of the 97 大类 has a name and exactly one 门类, and the codes run
 * 01..97 without gaps (GB/T 4754-2017 numbers 大类 consecutively). */
static void test_divisions_complete(void **state)
{
	(void)state;
	for (int i = 0; i < INDUSTRY_DIVISIONS; i++) {
		char code[3] = { (char)('0' + (i + 1) / 10), (char)('0' + (i + 1) % 10), 0 };

		assert_string_equal(industry_division_code_at(i), code);
		assert_non_null(industry_division_label(code));
		assert_non_null(industry_section_label(
			(char[]){ industry_division_section(code), 0 }));
	}
	assert_null(industry_division_code_at(INDUSTRY_DIVISIONS));
}

static void test_division_refusals(void **state)
{
	(void)state;
	for (size_t i = 0; bad_codes[i]; i++) {
		assert_null(industry_division_label(bad_codes[i]));
		assert_int_equal(industry_division_section(bad_codes[i]), 0);
	}
	assert_null(industry_division_label(NULL));
	assert_int_equal(industry_division_section(NULL), 0);
	assert_null(industry_division_by_label("制造"));
	assert_null(industry_division_by_label(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_section_refusals),
		cmocka_unit_test(test_divisions),
		cmocka_unit_test(test_divisions_complete),
		cmocka_unit_test(test_division_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
