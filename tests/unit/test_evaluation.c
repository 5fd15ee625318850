/*
 * test_evaluation.c — the yearly evaluation rules (src/rules/evaluation.c): points
 * of an indicator, the score with deductions and bonuses, the grade bands and the
 * 一票否优 veto (seeds/001 task 2: 严格落实"一票否优"). The figures are the
 * hand-worked examples of issue 11's scheme: weights 隐患按期整改 30, 重大隐患清零 20,
 * 履职按时 30, 无生产安全事故 20; bands 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "rules/evaluation.h"

struct pt_case {
	int64_t weight, total, ok, want;
	const char *why;
};

static const struct pt_case pt_cases[] = {
	{3000, 10, 8, 2400, "8 of 10 hazards closed on time: 30 × 0.8 = 24.00"},
	{3000, 3, 2, 2000, "2 of 3: 30 × 2/3 = 20.00 exactly"},
	{3000, 3, 1, 1000, "1 of 3: 10.00"},
	{2000, 7, 3, 857, "3 of 7: 8.571… rounds to 8.57"},
	{2000, 8, 1, 250, "1 of 8: 2.50"},
	{1000, 6, 1, 167, "1 of 6: 1.666… rounds half up to 1.67"},
	{2000, 0, 0, 2000, "nothing owed in the year: the full weight"},
	{2000, 1, 0, 0, "one accident, none 'ok': 0 points"},
	{3000, 50, 45, 2700, "45 of 50 duties on time: 27.00"},
	{3000, 5, 6, -1, "ok > total is impossible"},
	{3000, -1, 0, -1, "negative total"},
	{0, 5, 5, -1, "a weight must be positive"},
};

static void test_points(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(pt_cases) / sizeof(pt_cases[0]); i++) {
		const struct pt_case *c = &pt_cases[i];
		struct ev_indicator in = { c->weight, c->total, c->ok };
		int64_t got = ev_points(&in);

		if (got != c->want)
			fail_msg("%s: expected %lld, got %lld", c->why, (long long)c->want,
				 (long long)got);
	}
}

/* One enterprise of the hand-worked scheme. */
struct sc_case {
	struct ev_indicator ind[4];
	int64_t deductions, bonuses, bonus_cap;
	int vetoes;
	enum ev_grade cap;
	int rc;
	int64_t points, score;
	enum ev_grade by_score, grade;
	int capped;
	const char *why;
};

static const struct sc_case sc_cases[] = {
	/* A: 24 + 20 + 27 + 20 = 91; −3 (a late monthly report, 扣分) +2 (表彰, 加分) = 90 */
	{{{3000, 10, 8}, {2000, 1, 1}, {3000, 50, 45}, {2000, 0, 0}}, 300, 200, 500, 0,
	 EV_GOOD, 0, 9100, 9000, EV_EXCELLENT, EV_EXCELLENT, 0,
	 "A: 91 − 3 + 2 = 90.00, 优秀 at the band's lower bound"},
	/* the same enterprise with one death in the year: 一票否优 caps it at 良好 */
	{{{3000, 10, 8}, {2000, 1, 1}, {3000, 50, 45}, {2000, 0, 0}}, 300, 200, 500, 1,
	 EV_GOOD, 0, 9100, 9000, EV_EXCELLENT, EV_GOOD, 1,
	 "001 task 2 一票否优: 90.00 but a veto → 良好"},
	/* a scheme that makes the veto 一票否决 (cap 不合格) */
	{{{3000, 10, 8}, {2000, 1, 1}, {3000, 50, 45}, {2000, 0, 0}}, 300, 200, 500, 2,
	 EV_FAIL, 0, 9100, 9000, EV_EXCELLENT, EV_FAIL, 1,
	 "cap configured to 不合格"},
	/* B: 10 + 0 + 27 + 0 = 37 → 不合格; a veto cannot raise a grade */
	{{{3000, 3, 1}, {2000, 2, 0}, {3000, 50, 45}, {2000, 1, 0}}, 0, 0, 500, 1,
	 EV_GOOD, 0, 3700, 3700, EV_FAIL, EV_FAIL, 0,
	 "B: 37.00 不合格; the veto's cap is a ceiling, not a floor"},
	/* C: 30 + 20 + 30 + 20 = 100, bonus 8 capped at 5 and the score at 100 */
	{{{3000, 4, 4}, {2000, 0, 0}, {3000, 12, 12}, {2000, 0, 0}}, 0, 800, 500, 0,
	 EV_GOOD, 0, 10000, 10000, EV_EXCELLENT, EV_EXCELLENT, 0,
	 "C: full marks; bonuses capped, score ≤ 100"},
	/* D: 20 + 20 + 24 + 20 = 84 → 良好; a veto leaves 良好 (already at the cap) */
	{{{3000, 3, 2}, {2000, 0, 0}, {3000, 10, 8}, {2000, 0, 0}}, 0, 0, 500, 1,
	 EV_GOOD, 0, 8400, 8400, EV_GOOD, EV_GOOD, 0,
	 "D: 84.00 良好, veto at the cap changes nothing"},
	/* E: 79.99 is 合格 — the band bound is inclusive from above only */
	{{{3000, 3, 2}, {2000, 0, 0}, {3000, 10, 8}, {2000, 0, 0}}, 401, 0, 500, 0,
	 EV_GOOD, 0, 8400, 7999, EV_PASS, EV_PASS, 0,
	 "E: 84 − 4.01 = 79.99 → 合格"},
	/* deductions never drive the score below 0 */
	{{{3000, 3, 0}, {2000, 1, 0}, {3000, 10, 0}, {2000, 2, 0}}, 1000, 0, 500, 0,
	 EV_GOOD, 0, 0, 0, EV_FAIL, EV_FAIL, 0,
	 "deductions clamp at 0"},
	/* bad input */
	{{{3000, 3, 4}, {2000, 0, 0}, {3000, 10, 8}, {2000, 0, 0}}, 0, 0, 500, 0,
	 EV_GOOD, -1, 0, 0, 0, 0, 0, "ok > total refused"},
	{{{3000, 3, 2}, {2000, 0, 0}, {3000, 10, 8}, {2000, 0, 0}}, -5, 0, 500, 0,
	 EV_GOOD, -1, 0, 0, 0, 0, 0, "negative deduction refused"},
};

static void test_score(void **state)
{
	const struct ev_bands b = EV_BANDS_DEFAULT;

	(void)state;
	for (size_t i = 0; i < sizeof(sc_cases) / sizeof(sc_cases[0]); i++) {
		const struct sc_case *c = &sc_cases[i];
		struct ev_input in = { c->ind, 4, c->deductions, c->bonuses, c->bonus_cap,
				       c->vetoes, c->cap };
		struct ev_result r;
		int rc = ev_score(&in, &b, &r);

		if (rc != c->rc)
			fail_msg("%s: rc %d, expected %d", c->why, rc, c->rc);
		if (rc)
			continue;
		if (r.points != c->points || r.score != c->score || r.by_score != c->by_score ||
		    r.grade != c->grade || r.capped != c->capped)
			fail_msg("%s: points %lld score %lld by_score %s grade %s capped %d",
				 c->why, (long long)r.points, (long long)r.score,
				 ev_grade_label(r.by_score), ev_grade_label(r.grade), r.capped);
	}
}

struct band_case {
	struct ev_bands b;
	int64_t score;
	int ok;
	enum ev_grade want;
	const char *why;
};

static const struct band_case band_cases[] = {
	{{9000, 8000, 6000}, 9000, 1, EV_EXCELLENT, "default: 90 is 优秀"},
	{{9000, 8000, 6000}, 8999, 1, EV_GOOD, "89.99 良好"},
	{{9000, 8000, 6000}, 6000, 1, EV_PASS, "60 合格"},
	{{9000, 8000, 6000}, 5999, 1, EV_FAIL, "59.99 不合格"},
	{{9500, 8500, 7000}, 9000, 1, EV_GOOD, "a stricter scheme: 90 only 良好"},
	{{8000, 8000, 6000}, 0, 0, EV_FAIL, "bands must descend strictly"},
	{{10100, 8000, 6000}, 0, 0, EV_FAIL, "优秀 above 100 impossible"},
	{{9000, 8000, -1}, 0, 0, EV_FAIL, "negative 合格 bound"},
};

static void test_bands(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(band_cases) / sizeof(band_cases[0]); i++) {
		const struct band_case *c = &band_cases[i];

		if (ev_bands_ok(&c->b) != c->ok)
			fail_msg("%s: bands_ok %d", c->why, ev_bands_ok(&c->b));
		if (c->ok && ev_grade_of(c->score, &c->b) != c->want)
			fail_msg("%s: got %s", c->why, ev_grade_label(ev_grade_of(c->score, &c->b)));
	}
}

static void test_codes(void **state)
{
	(void)state;
	assert_string_equal(ev_grade_label(EV_EXCELLENT), "优秀");
	assert_string_equal(ev_grade_label(EV_FAIL), "不合格");
	assert_int_equal(ev_grade_parse("good"), EV_GOOD);
	assert_int_equal(ev_grade_parse("best"), -1);
	assert_null(ev_grade_code((enum ev_grade)7));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_points),
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_bands),
		cmocka_unit_test(test_codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
