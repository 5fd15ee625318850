/*
 * test_accident_grade.c — 国务院令第493号《生产安全事故报告和调查处理条例》 as
 * src/rules/accident_grade.c computes it (DOMAIN.md §1):
 *   Art. 3  — the grade from deaths / serious injuries (incl. 急性工业中毒) / direct
 *             loss, highest criterion wins, "以上" includes the bound, "以下"
 *             excludes it: every bound, one below it, and mixed rows;
 *   Art. 9  — the one-hour report: exactly one hour is on time, one second more late;
 *   Art. 13 — the 补报 window: 30 days, 7 for road traffic and fire, counted from the
 *             day after the accident (民法典 Art. 201).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "rules/accident_grade.h"

#define WAN (10000LL * 100)	/* 1万元 in fen */

static void test_grade_edges(void **state)
{
	static const struct {
		int64_t d, s, loss;
		enum accident_grade want;
		const char *why;
	} rows[] = {
		/* Art. 3 (四) 一般: 3人以下死亡, 10人以下重伤, 1000万元以下 */
		{ 0, 0, 0, ACC_GRADE_GENERAL, "Art.3(四) no casualties, no loss" },
		{ 2, 9, 1000 * WAN - 1, ACC_GRADE_GENERAL, "Art.3(四) every criterion one below 较大" },
		/* Art. 3 (三) 较大: 3人以上10人以下死亡 — 3 included, 10 excluded */
		{ 3, 0, 0, ACC_GRADE_LARGER, "Art.3(三) 3 deaths: 以上 includes the bound" },
		{ 9, 0, 0, ACC_GRADE_LARGER, "Art.3(三) 9 deaths" },
		{ 0, 10, 0, ACC_GRADE_LARGER, "Art.3(三) 10 serious injuries" },
		{ 0, 49, 0, ACC_GRADE_LARGER, "Art.3(三) 49 serious injuries: 50 以下 excludes 50" },
		{ 0, 0, 1000 * WAN, ACC_GRADE_LARGER, "Art.3(三) 1000万元 exactly" },
		{ 0, 0, 5000 * WAN - 1, ACC_GRADE_LARGER, "Art.3(三) one fen below 5000万元" },
		/* Art. 3 (二) 重大: 10人以上30人以下死亡, 50人以上100人以下重伤, 5000万以上1亿以下 */
		{ 10, 0, 0, ACC_GRADE_MAJOR, "Art.3(二) 10 deaths" },
		{ 29, 0, 0, ACC_GRADE_MAJOR, "Art.3(二) 29 deaths" },
		{ 0, 50, 0, ACC_GRADE_MAJOR, "Art.3(二) 50 serious injuries" },
		{ 0, 99, 0, ACC_GRADE_MAJOR, "Art.3(二) 99 serious injuries" },
		{ 0, 0, 5000 * WAN, ACC_GRADE_MAJOR, "Art.3(二) 5000万元 exactly" },
		{ 0, 0, 10000 * WAN - 1, ACC_GRADE_MAJOR, "Art.3(二) one fen below 1亿元" },
		/* Art. 3 (一) 特别重大: 30人以上死亡, 100人以上重伤, 1亿元以上 */
		{ 30, 0, 0, ACC_GRADE_SPECIAL, "Art.3(一) 30 deaths" },
		{ 0, 100, 0, ACC_GRADE_SPECIAL, "Art.3(一) 100 serious injuries (incl. poisoning)" },
		{ 0, 0, 10000 * WAN, ACC_GRADE_SPECIAL, "Art.3(一) 1亿元 exactly" },
		/* 或者: the highest criterion wins */
		{ 1, 0, 6000 * WAN, ACC_GRADE_MAJOR, "Art.3 loss 重大 beats deaths 一般" },
		{ 12, 5, 0, ACC_GRADE_MAJOR, "Art.3 deaths 重大 beats injuries 一般" },
		{ 2, 120, 0, ACC_GRADE_SPECIAL, "Art.3 injuries 特别重大 beats deaths 一般" },
		{ 3, 49, 4999 * WAN, ACC_GRADE_LARGER, "Art.3 all three 较大" },
		/* bad input */
		{ -1, 0, 0, ACC_GRADE_INVALID, "negative deaths" },
		{ 0, -1, 0, ACC_GRADE_INVALID, "negative injuries" },
		{ 0, 0, -1, ACC_GRADE_INVALID, "negative loss" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		enum accident_grade g = accident_grade(rows[i].d, rows[i].s, rows[i].loss);
		if (g != rows[i].want)
			fail_msg("%s: got %d want %d", rows[i].why, g, rows[i].want);
	}
	assert_string_equal(accident_grade_code(ACC_GRADE_LARGER), "larger");
	assert_string_equal(accident_grade_label(ACC_GRADE_SPECIAL), "特别重大事故");
	assert_string_equal(accident_grade_label(ACC_GRADE_GENERAL), "一般事故");
	assert_null(accident_grade_code(ACC_GRADE_INVALID));
}

static void test_one_hour(void **state)
{
	static const struct { const char *occ, *rep; int want; const char *why; } rows[] = {
		{ "2026-03-05 08:00:00", "2026-03-05 08:30:00", 0, "Art.9 half an hour: on time" },
		{ "2026-03-05 08:00:00", "2026-03-05 09:00:00", 0, "Art.9 exactly 1 hour: 1小时内" },
		{ "2026-03-05 08:00:00", "2026-03-05 09:00:01", 1, "Art.9 one second past the hour: late" },
		{ "2026-03-05 23:30:00", "2026-03-06 00:20:00", 0, "Art.9 across midnight, 50 min" },
		{ "2026-03-05 23:30:00", "2026-03-06 01:00:00", 1, "Art.9 across midnight, 90 min" },
		{ "2026-03-05 08:00", "2026-03-05 09:00", 0, "seconds optional" },
		{ "2026-03-05 08:00:00", "2026-03-05 07:59:00", -1, "a report before the accident" },
		{ "2026-02-30 08:00:00", "2026-03-05 08:00:00", -1, "not a date" },
		{ NULL, "2026-03-05 08:00:00", -1, "missing" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (accident_report_late(rows[i].occ, rows[i].rep) != rows[i].want)
			fail_msg("%s", rows[i].why);
}

static void test_update_window(void **state)
{
	static const struct { const char *occ, *type, *at; int want; const char *why; } rows[] = {
		/* Art. 13: 30 days; the day after the accident is day 1 (民法典 Art. 201) */
		{ "2026-03-05 08:00:00", "2025:04", "2026-04-04", 1, "Art.13 day 30 (机械致害): inside" },
		{ "2026-03-05 08:00:00", "2025:04", "2026-04-05", 0, "Art.13 day 31: outside" },
		{ "2026-03-05 08:00:00", "2025:04", "2026-03-05 20:00:00", 1, "Art.13 the same day" },
		/* 道路交通事故、火灾事故 自发生之日起7日内 */
		{ "2026-03-05 08:00:00", "2025:09", "2026-03-12", 1, "Art.13 fire: day 7 inside" },
		{ "2026-03-05 08:00:00", "2025:09", "2026-03-13", 0, "Art.13 fire: day 8 outside" },
		{ "2026-03-05 08:00:00", "2025:03", "2026-03-12 23:59:59", 1, "Art.13 road: day 7" },
		{ "2026-03-05 08:00:00", "2025:03", "2026-03-13 00:00:00", 0, "Art.13 road: day 8" },
		{ "2026-03-05 08:00:00", "1986:08", "2026-03-13", 0, "Art.13 fire under GB 6441-1986" },
		{ "2026-03-05 08:00:00", "2025:09", "2026-03-04", -1, "before the accident" },
		{ "bad", "2025:09", "2026-03-06", -1, "bad accident time" },
	};
	char last[11];

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (accident_update_in_window(rows[i].occ, rows[i].type, rows[i].at) != rows[i].want)
			fail_msg("%s", rows[i].why);
	assert_int_equal(accident_update_window_days("2025:09"), 7);
	assert_int_equal(accident_update_window_days("2025:03"), 7);
	assert_int_equal(accident_update_window_days("2025:10"), 30);
	assert_int_equal(accident_update_window_days(NULL), 30);
	assert_int_equal(accident_update_last_day("2026-12-20 10:00:00", "2025:01", last), 0);
	assert_string_equal(last, "2027-01-19");	/* across the year end */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grade_edges),
		cmocka_unit_test(test_one_hour),
		cmocka_unit_test(test_update_window),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
