/*
 * test_accident_type.c — GB 6441-2025 (27 types, 其他 coded 0099) and GB 6441-1986
 * (20 categories) per DOMAIN.md §2: counts, spot labels, lookups of both standards,
 * and that only 2025 codes are current.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rules/accident_type.h"

static void test_lists(void **state)
{
	static const struct { const char *code; const char *label; int current; } cases[] = {
		{ "2025:01", "物体打击", 1 }, { "2025:09", "火灾", 1 }, { "2025:10", "高处坠落", 1 },
		{ "2025:11", "跌落", 1 }, { "2025:18", "粉尘爆炸", 1 }, { "2025:23", "中毒", 1 },
		{ "2025:24", "窒息", 1 }, { "2025:27", "其他", 1 },
		{ "1986:08", "火灾", 0 }, { "1986:15", "瓦斯爆炸", 0 }, { "1986:19", "中毒和窒息", 0 },
		{ "1986:20", "其他伤害", 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct accident_type *t = accident_type_find(cases[i].code);

		assert_non_null(t);
		assert_string_equal(t->label, cases[i].label);
		assert_int_equal(accident_type_is_current(cases[i].code), cases[i].current);
	}
	/* 27 distinct numbered types in 2025, 20 in 1986. */
	for (int i = 0; i < 27; i++)
		assert_int_equal(accident_types_2025[i].number, i + 1);
	for (int i = 0; i < 20; i++)
		assert_int_equal(accident_types_1986[i].number, i + 1);
	assert_string_equal(accident_types_2025[8].gb_code, "WSA10009");	/* fire, per DOMAIN.md */
	assert_string_equal(accident_types_2025[26].gb_code, "WSA10099");	/* 其他 = 0099 */
	assert_null(accident_type_find("2025:28"));
	assert_null(accident_type_find("1986:21"));
	assert_null(accident_type_find(NULL));
	assert_false(accident_type_is_current("2025:99"));
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_lists) };
	return cmocka_run_group_tests_name("accident_type", tests, NULL, NULL);
}
