/*
 * test_risk.c — src/rules/risk.c against DOMAIN.md §3 (LEC, Graham–Kinney bands,
 * four colours per 国务院安委办〔2016〕11号, mapping variant A) and §4 (LS 5×5,
 * variant S1), including every band edge: the reachable LEC boundaries 20 and 70,
 * the unreachable 160 and 320 (tested on the band function directly), and every
 * LS product; and what a band edit does to a stored grade (risk_regrade_of).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>

#include "rules/risk.h"

/* LEC: factors → D, level, Graham–Kinney class. */
static const struct {
	double l, e, c, d;
	enum risk_level level;
	const char *cls;
} lec_cases[] = {
	{ 0.1, 0.5, 1, 0.05, RISK_LOW, "稍有危险，可以接受" },		/* minimum */
	{ 3, 6, 1, 18, RISK_LOW, "稍有危险，可以接受" },
	{ 0.5, 1, 40, 20, RISK_LOW, "一般危险，需要注意" },		/* edge 20: in 20–70 */
	{ 0.2, 10, 15, 30, RISK_LOW, "一般危险，需要注意" },
	{ 1, 10, 7, 70, RISK_LOW, "一般危险，需要注意" },		/* edge 70: in 20–70 (default) */
	{ 3, 3, 7, 63, RISK_LOW, "一般危险，需要注意" },
	{ 6, 2, 7, 84, RISK_MEDIUM, "显著危险，需要整改" },		/* just above 70 */
	{ 1, 3, 40, 120, RISK_MEDIUM, "显著危险，需要整改" },
	{ 3, 6, 15, 270, RISK_HIGH, "高度危险，需立即整改" },
	{ 10, 3, 7, 210, RISK_HIGH, "高度危险，需立即整改" },
	{ 6, 6, 15, 540, RISK_MAJOR, "极其危险，不能继续作业" },
	{ 10, 10, 100, 10000, RISK_MAJOR, "极其危险，不能继续作业" },	/* maximum */
};

static void test_lec_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(lec_cases) / sizeof(lec_cases[0]); i++) {
		double d = risk_lec_score(lec_cases[i].l, lec_cases[i].e, lec_cases[i].c);
		const struct risk_band *b;

		assert_true(fabs(d - lec_cases[i].d) < 1e-9);
		b = risk_band_of(&risk_bands_lec_default, d);
		assert_non_null(b);
		assert_int_equal(b->level, lec_cases[i].level);
		assert_string_equal(b->danger_class, lec_cases[i].cls);
	}
}

/* Values outside the factor tables are refused. */
static void test_lec_rejects_non_table_values(void **state)
{
	(void)state;
	assert_true(risk_lec_score(2, 1, 1) < 0);	/* L = 2 is not in the table */
	assert_true(risk_lec_score(1, 4, 1) < 0);
	assert_true(risk_lec_score(1, 1, 6) < 0);	/* non-standard C = 6 (DOMAIN.md §3) */
	assert_true(risk_lec_score(-1, 1, 1) < 0);
}

/* The band function's own edges, including the unreachable 160 and 320. */
static void test_lec_band_edges(void **state)
{
	static const struct { double d; enum risk_level level; } edges[] = {
		{ 19.9999, RISK_LOW }, { 20, RISK_LOW }, { 70, RISK_LOW }, { 70.0001, RISK_MEDIUM },
		{ 159.9999, RISK_MEDIUM }, { 160, RISK_HIGH }, { 320, RISK_HIGH },
		{ 320.0001, RISK_MAJOR }, { 0, RISK_LOW },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		assert_int_equal(risk_level_of(&risk_bands_lec_default, edges[i].d), edges[i].level);
	assert_int_equal(risk_level_of(&risk_bands_lec_default, -1), RISK_NONE);
}

/* A province that puts 70 in the higher band flips one flag (DOMAIN.md §3 warning). */
static void test_lec_boundary_configurable(void **state)
{
	struct risk_bands t = risk_bands_lec_default;

	(void)state;
	t.row[2].min_inclusive = 1;	/* D ≥ 70 → 显著危险 / 一般风险 */
	assert_int_equal(risk_level_of(&t, 70), RISK_MEDIUM);
	assert_int_equal(risk_level_of(&t, 69.9), RISK_LOW);
}

/* Every reachable D of the standard tables lands in exactly the band its value says. */
static void test_lec_every_combination(void **state)
{
	(void)state;
	for (int a = 0; a < 7; a++)
		for (int b = 0; b < 6; b++)
			for (int c = 0; c < 6; c++) {
				double d = risk_lec_score(risk_lec_l_values[a], risk_lec_e_values[b],
							  risk_lec_c_values[c]);
				enum risk_level want = d > 320 ? RISK_MAJOR : d >= 160 ? RISK_HIGH :
						       d > 70 ? RISK_MEDIUM : RISK_LOW;

				assert_true(d > 0);
				assert_true(d != 160 && d != 320);	/* unreachable, per DOMAIN.md */
				assert_int_equal(risk_level_of(&risk_bands_lec_default, d), want);
			}
}

/* LS variant S1: R 20–25 重大, 15–16 较大, 9–12 一般, 1–8 低 — every product. */
static void test_ls_every_cell(void **state)
{
	(void)state;
	for (int l = 1; l <= 5; l++)
		for (int s = 1; s <= 5; s++) {
			int r = risk_ls_score(l, s);
			enum risk_level want = r >= 20 ? RISK_MAJOR : r >= 15 ? RISK_HIGH :
					       r >= 9 ? RISK_MEDIUM : RISK_LOW;

			assert_int_equal(r, l * s);
			assert_int_equal(risk_level_of(&risk_bands_ls_default, r), want);
		}
	assert_int_equal(risk_level_of(&risk_bands_ls_default, 8), RISK_LOW);
	assert_int_equal(risk_level_of(&risk_bands_ls_default, 9), RISK_MEDIUM);
	assert_int_equal(risk_level_of(&risk_bands_ls_default, 12), RISK_MEDIUM);
	assert_int_equal(risk_level_of(&risk_bands_ls_default, 15), RISK_HIGH);
	assert_int_equal(risk_level_of(&risk_bands_ls_default, 16), RISK_HIGH);
	assert_int_equal(risk_level_of(&risk_bands_ls_default, 20), RISK_MAJOR);
	assert_int_equal(risk_ls_score(0, 3), -1);
	assert_int_equal(risk_ls_score(3, 6), -1);
}

/* A band edit's effect on a stored grade (risk_regrade_of): the level moves, only the
 * danger-class wording moves, or the grade stands (also when no band holds the score). */
static void test_regrade(void **state)
{
	struct risk_bands t = risk_bands_lec_default, floorless = risk_bands_lec_default;
	static const char *const cls70 = "一般危险，需要注意", *const cls540 = "极其危险，不能继续作业";
	const struct risk_band *b = NULL;

	(void)state;
	t.row[2].min_inclusive = 1;	/* 70 moves up to 一般 */
	assert_int_equal(risk_regrade_of(&t, 70, RISK_LOW, cls70, &b), RISK_REGRADE_LEVEL);
	assert_non_null(b);
	assert_int_equal(b->level, RISK_MEDIUM);
	assert_string_equal(b->danger_class, "显著危险，需要整改");
	assert_int_equal(risk_regrade_of(&t, 540, RISK_MAJOR, cls540, &b), RISK_REGRADE_NONE);
	assert_int_equal(risk_regrade_of(&risk_bands_lec_default, 70, RISK_LOW, cls70, NULL),
			 RISK_REGRADE_NONE);
	t.row[0].danger_class = "特别危险";	/* wording only */
	assert_int_equal(risk_regrade_of(&t, 540, RISK_MAJOR, cls540, NULL), RISK_REGRADE_CLASS);
	assert_int_equal(risk_regrade_of(&t, 540, RISK_MAJOR, NULL, NULL), RISK_REGRADE_CLASS);
	/* LS rows have no danger class */
	assert_int_equal(risk_regrade_of(&risk_bands_ls_default, 20, RISK_MAJOR, NULL, NULL),
			 RISK_REGRADE_NONE);
	assert_int_equal(risk_regrade_of(&risk_bands_ls_default, 20, RISK_MAJOR, "x", NULL),
			 RISK_REGRADE_CLASS);
	assert_int_equal(risk_regrade_of(&risk_bands_ls_default, 16, RISK_MAJOR, NULL, NULL),
			 RISK_REGRADE_LEVEL);
	/* a table without its floor row holds no band for a low score: the grade stands */
	floorless.n = 4;
	assert_int_equal(risk_regrade_of(&floorless, 5, RISK_LOW, "稍有危险，可以接受", &b),
			 RISK_REGRADE_NONE);
	assert_null(b);
	assert_int_equal(risk_regrade_of(&t, -1, RISK_LOW, NULL, &b), RISK_REGRADE_NONE);
	assert_null(b);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(risk_level_label(RISK_MAJOR), "重大风险");
	assert_string_equal(risk_colour_label(RISK_MAJOR), "红");
	assert_string_equal(risk_colour_code(RISK_HIGH), "orange");
	assert_string_equal(risk_colour_label(RISK_MEDIUM), "黄");
	assert_string_equal(risk_colour_code(RISK_LOW), "blue");
	assert_int_equal(risk_level_parse("high"), RISK_HIGH);
	assert_int_equal(risk_level_parse("bogus"), RISK_NONE);
}

/* 分级管控: 重大 at company level, 较大 at workshop or above, 一般 at team or above. */
static void test_control_levels(void **state)
{
	static const struct { enum risk_level r; enum control_level c; int ok; } cases[] = {
		{ RISK_MAJOR, CONTROL_COMPANY, 1 }, { RISK_MAJOR, CONTROL_WORKSHOP, 0 },
		{ RISK_MAJOR, CONTROL_POST, 0 }, { RISK_HIGH, CONTROL_WORKSHOP, 1 },
		{ RISK_HIGH, CONTROL_COMPANY, 1 }, { RISK_HIGH, CONTROL_TEAM, 0 },
		{ RISK_MEDIUM, CONTROL_TEAM, 1 }, { RISK_MEDIUM, CONTROL_POST, 0 },
		{ RISK_LOW, CONTROL_POST, 1 }, { RISK_LOW, CONTROL_NONE, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(risk_control_level_ok(cases[i].r, cases[i].c), cases[i].ok);
	assert_int_equal(control_level_parse("workshop"), CONTROL_WORKSHOP);
	assert_string_equal(control_level_label(CONTROL_COMPANY), "公司级");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lec_table),
		cmocka_unit_test(test_lec_rejects_non_table_values),
		cmocka_unit_test(test_lec_band_edges),
		cmocka_unit_test(test_lec_boundary_configurable),
		cmocka_unit_test(test_lec_every_combination),
		cmocka_unit_test(test_ls_every_cell),
		cmocka_unit_test(test_regrade),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_control_levels),
	};
	return cmocka_run_group_tests_name("risk", tests, NULL, NULL);
}
