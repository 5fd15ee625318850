/*
 * test_standard.c — src/rules/standard.c: 标准化 grades (应急〔2021〕83号: 一级 highest)
 * and the self-assessment score against the grade's threshold (DOMAIN.md §11 ⚠️:
 * ≥90 / ≥75 / ≥60 by default, per-industry configuration).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "rules/standard.h"

static void test_thresholds(void **state)
{
	static const struct { double score; enum std_grade g; int want; } rows[] = {
		/* defaults ≥90 / ≥75 / ≥60 (DOMAIN.md §11, cited by 考评办法 sources) */
		{90, STDG_LEVEL1, 1}, {89.5, STDG_LEVEL1, 0},
		{75, STDG_LEVEL2, 1}, {74.9, STDG_LEVEL2, 0},
		{60, STDG_LEVEL3, 1}, {59, STDG_LEVEL3, 0},
		{100, STDG_LEVEL3, 1},
		/* no grade, or a score outside 0..100: not judged */
		{80, STDG_NONE, -1}, {101, STDG_LEVEL3, -1}, {-1, STDG_LEVEL3, -1},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (standard_meets(rows[i].score, rows[i].g, NULL) != rows[i].want)
			fail_msg("row %zu", i);
}

static void test_configured(void **state)
{
	/* an industry's own criteria (e.g. 900/750/600 of 1000 scaled to 100) */
	const double th[3] = { 85, 70, 55 };

	(void)state;
	assert_int_equal(standard_meets(86, STDG_LEVEL1, th), 1);
	assert_int_equal(standard_meets(56, STDG_LEVEL3, th), 1);
	assert_int_equal(standard_meets(56, STDG_LEVEL3, NULL), 0);
	assert_int_equal(standard_grade_for(72, th), STDG_LEVEL2);
	assert_int_equal(standard_grade_for(72, NULL), STDG_LEVEL3);
	assert_int_equal(standard_grade_for(40, NULL), STDG_NONE);
	assert_int_equal(standard_grade_parse("level1"), STDG_LEVEL1);
	assert_int_equal(standard_grade_parse("none"), STDG_NONE);
	assert_int_equal(standard_grade_parse(NULL), STDG_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thresholds),
		cmocka_unit_test(test_configured),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
