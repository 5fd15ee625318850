/*
 * test_emergency.c — the emergency-readiness rules of src/rules/emergency.c as tables,
 * each row citing its source (DOMAIN.md §10): 生产安全事故应急预案管理办法 (应急管理部令
 * 第2号) Art. 26 (备案 within 20 working days), Art. 33 (drill frequencies, reporting),
 * Art. 35 (3-yearly evaluation); 生产安全事故应急条例 Art. 8; seeds/004 item 19;
 * seeds/001 task 10.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "rules/emergency.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* 2026 National Day: 1–8 October off, Sunday 27 September and Saturday 10 October
 * worked (调休), as 国务院办公厅 publishes it. */
static const char *const off26[] = {
	"2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04",
	"2026-10-05", "2026-10-06", "2026-10-07", "2026-10-08",
};
static const char *const on26[] = { "2026-09-27", "2026-10-10" };
static const struct ob_calendar cal26 = { off26, (int)N(off26), on26, (int)N(on26) };

static void test_filing_due(void **state)
{
	static const struct {
		const char *why, *published;
		int with_cal;
		const char *due;
	} rows[] = {
		/* Art. 26: 20 working days, the day of publication not counted (民法典 Art. 201) */
		{ "Art. 26: Monday 2 Nov 2026 + 20 working days, weekends skipped", "2026-11-02", 1, "2026-11-30" },
		{ "Art. 26: published on a Saturday, counting from Monday", "2026-11-07", 1, "2026-12-04" },
		{ "Art. 26 with the holiday calendar: 国庆 1–8 Oct off, 10 Oct worked", "2026-09-25", 1, "2026-10-29" },
		{ "the same without the calendar (weekends only) is three weeks earlier", "2026-09-25", 0, "2026-10-23" },
		{ "Art. 26: published inside the holiday", "2026-10-03", 1, "2026-11-04" },
	};
	char out[11];

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		memset(out, 0, sizeof(out));
		assert_int_equal(em_filing_due(rows[i].with_cal ? &cal26 : NULL, rows[i].published,
					       EM_FILING_WORKDAYS, out), 0);
		if (strcmp(out, rows[i].due) != 0)
			fail_msg("%s: got %s, want %s", rows[i].why, out, rows[i].due);
	}
	assert_int_equal(EM_FILING_WORKDAYS, 20);
	assert_int_equal(em_filing_due(&cal26, "2026-13-01", 20, out), -1);
	assert_int_equal(em_filing_due(&cal26, NULL, 20, out), -1);
	assert_int_equal(em_filing_due(&cal26, "2026-11-02", 0, out), -1);
}

static void test_filing_late(void **state)
{
	static const struct { const char *why, *due, *filed, *today; int late; } rows[] = {
		{ "Art. 26: filed on the due day is on time", "2026-11-30", "2026-11-30", "2026-12-10", 0 },
		{ "Art. 26: filed the day after is late", "2026-11-30", "2026-12-01", "2026-12-10", 1 },
		{ "not filed, due today: not late yet", "2026-11-30", NULL, "2026-11-30", 0 },
		{ "not filed, past due: late", "2026-11-30", "", "2026-12-01", 1 },
		{ "filed early, whatever today is", "2026-11-30", "2026-11-05", "2027-06-01", 0 },
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++)
		if (em_filing_late(rows[i].due, rows[i].filed, rows[i].today) != rows[i].late)
			fail_msg("%s", rows[i].why);
	assert_int_equal(em_filing_late("2026-02-30", NULL, "2026-03-01"), -1);
	assert_int_equal(em_filing_late("2026-11-30", "x", "2026-12-01"), -1);
	assert_int_equal(em_filing_late("2026-11-30", NULL, NULL), -1);
}

static void test_units(void **state)
{
	static const struct { const char *why, *high_risk, *scale; int art33, art35, high; } rows[] = {
		{ "Art. 33/35: 危险化学品 trader", "hazardous_chemicals", "below", 1, 1, 1 },
		{ "Art. 33/35: 燃气 (易燃易爆物品)", "gas", "above", 1, 1, 1 },
		{ "Art. 33/35: 烟花爆竹", "fireworks", "below", 1, 1, 1 },
		{ "Art. 33/35: 民用爆炸物品", "civil_explosives", "below", 1, 1, 1 },
		{ "Art. 33/35: 矿山", "mining", "below", 1, 1, 1 },
		{ "Art. 33/35: 金属冶炼", "metal_smelting", "below", 1, 1, 1 },
		{ "Art. 33/35: 建筑施工", "construction", "below", 1, 1, 1 },
		{ "Art. 33: 人员密集场所; Art. 35 only if medium size or larger", "crowded_place", "below", 1, 0, 1 },
		{ "Art. 35: 人员密集场所 of 规上 size", "crowded_place", "above", 1, 1, 1 },
		{ "涉爆粉尘: high-risk for seeds/001, not an Art. 33 unit", "dust_explosion", "below", 0, 0, 1 },
		{ "涉氨制冷: high-risk for seeds/001, not an Art. 33 unit", "ammonia_refrigeration", "below", 0, 0, 1 },
		{ "交通运输 (not 城市轨道交通 or 危险物品运输 as such)", "transport", "below", 0, 0, 1 },
		{ "Art. 35 \"其他中型规模以上\": an ordinary 规上 unit", "none", "above", 0, 1, 0 },
		{ "an ordinary small unit owes neither", "none", "below", 0, 0, 0 },
		{ "no category recorded", NULL, NULL, 0, 0, 0 },
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		if (em_art33_unit(rows[i].high_risk) != rows[i].art33)
			fail_msg("art33: %s", rows[i].why);
		if (em_drill_report_required(rows[i].high_risk) != rows[i].art33)
			fail_msg("report: %s", rows[i].why);
		if (em_art35_unit(rows[i].high_risk, rows[i].scale) != rows[i].art35)
			fail_msg("art35: %s", rows[i].why);
		if (em_high_risk(rows[i].high_risk) != rows[i].high)
			fail_msg("high risk: %s", rows[i].why);
	}
}

/* The SQL lists the declarations use name exactly the codes the functions know. */
static void test_sql_lists_agree(void **state)
{
	static const char *const codes[] = {
		"hazardous_chemicals", "gas", "fireworks", "civil_explosives", "mining",
		"metal_smelting", "construction", "crowded_place", "dust_explosion",
		"ammonia_refrigeration", "transport", "none",
	};
	char q[64];

	(void)state;
	for (size_t i = 0; i < N(codes); i++) {
		snprintf(q, sizeof(q), "'%s'", codes[i]);
		assert_int_equal(strstr(EM_ART33_SQL, q) != NULL, em_art33_unit(codes[i]));
		assert_int_equal(strstr(EM_ART35_SQL, q) != NULL, em_art35_unit(codes[i], "below"));
	}
}

static void test_drill_periods(void **state)
{
	static const struct { const char *why; enum em_drill_duty d; const char *high_risk; enum ob_period p; } rows[] = {
		{ "Art. 33 ¶1 / seeds/004 item 19: 综合或专项 yearly", EMD_PLAN, "none", OB_YEAR },
		{ "Art. 33 ¶2 / 条例 Art. 8: 危险化学品 unit every six months", EMD_PLAN, "hazardous_chemicals", OB_HALF },
		{ "Art. 33 ¶2: 人员密集场所 every six months", EMD_PLAN, "crowded_place", OB_HALF },
		{ "涉爆粉尘 is not an Art. 33 unit: yearly", EMD_PLAN, "dust_explosion", OB_YEAR },
		{ "Art. 33 ¶1 / seeds/004 item 19: 现场处置方案 every six months", EMD_ONSITE, "none", OB_HALF },
		{ "现场处置方案 every six months for high-risk units too", EMD_ONSITE, "gas", OB_HALF },
		{ "seeds/001 task 10: evacuation yearly", EMD_EVACUATION, "none", OB_YEAR },
		{ "seeds/001 task 10: evacuation half-yearly in high-risk industries", EMD_EVACUATION, "dust_explosion", OB_HALF },
		{ "seeds/001 task 10: no category recorded = yearly", EMD_EVACUATION, NULL, OB_YEAR },
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++)
		if (em_drill_period(rows[i].d, rows[i].high_risk) != rows[i].p)
			fail_msg("%s", rows[i].why);
	assert_int_equal(em_drill_period((enum em_drill_duty)9, "none"), 0);
}

static void test_drill_proves(void **state)
{
	static const struct { const char *why; enum em_drill_duty d; const char *kind; int yes; } rows[] = {
		{ "Art. 33: a 综合 drill proves the plan drill", EMD_PLAN, "comprehensive", 1 },
		{ "Art. 33: \"或者\" — a 专项 drill proves it too", EMD_PLAN, "special", 1 },
		{ "a 现场处置 drill is not a plan drill", EMD_PLAN, "onsite", 0 },
		{ "an evacuation drill is not a plan drill", EMD_PLAN, "evacuation", 0 },
		{ "Art. 33: 现场处置 proves the 现场处置 duty", EMD_ONSITE, "onsite", 1 },
		{ "a 综合 drill does not prove 现场处置", EMD_ONSITE, "comprehensive", 0 },
		{ "seeds/001 task 10: an evacuation drill", EMD_EVACUATION, "evacuation", 1 },
		{ "a 专项 drill is not an evacuation drill", EMD_EVACUATION, "special", 0 },
		{ "unknown kind", EMD_PLAN, "tabletop", 0 },
		{ "no kind", EMD_ONSITE, NULL, 0 },
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++)
		if (em_drill_proves(rows[i].d, rows[i].kind) != rows[i].yes)
			fail_msg("%s", rows[i].why);
}

static void test_evaluation(void **state)
{
	static const struct { const char *why; int art35; const char *evaluated, *published; int rc; const char *next; } rows[] = {
		{ "Art. 35: three years after publication", 1, NULL, "2024-05-10", 1, "2027-05-10" },
		{ "Art. 35: three years after the last evaluation", 1, "2025-03-01", "2022-01-05", 1, "2028-03-01" },
		{ "29 February moves to 28 February", 1, "2024-02-29", NULL, 1, "2027-02-28" },
		{ "not an Art. 35 unit: none owed", 0, NULL, "2024-05-10", 0, NULL },
		{ "an Art. 35 unit with no date: bad input", 1, NULL, NULL, -1, NULL },
		{ "a malformed date", 1, "2024-02-30", NULL, -1, NULL },
	};
	char out[11];

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		memset(out, 0, sizeof(out));
		int rc = em_next_evaluation(rows[i].art35, rows[i].evaluated, rows[i].published, out);
		if (rc != rows[i].rc || (rows[i].next && strcmp(out, rows[i].next) != 0))
			fail_msg("%s: rc %d %s", rows[i].why, rc, out);
	}
}

static void test_inspection(void **state)
{
	static const struct { const char *why, *last, *since; int days, rc; const char *next; } rows[] = {
		{ "seeds/000 §二(五)2: monthly check of an extinguisher", "2026-10-15", "2026-01-01", 30, 0, "2026-11-14" },
		{ "a quarterly check across a year end", "2026-11-20", NULL, 90, 0, "2027-02-18" },
		{ "never inspected: due at once (the record's date)", NULL, "2026-06-01", 30, 0, "2026-06-01" },
		{ "no interval", "2026-10-15", NULL, 0, -1, NULL },
		{ "an interval over ten years", "2026-10-15", NULL, 3651, -1, NULL },
		{ "no dates", NULL, NULL, 30, -1, NULL },
	};
	char out[11];

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		memset(out, 0, sizeof(out));
		int rc = em_next_inspection(rows[i].last, rows[i].since, rows[i].days, out);
		if (rc != rows[i].rc || (rows[i].next && strcmp(out, rows[i].next) != 0))
			fail_msg("%s: rc %d %s", rows[i].why, rc, out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filing_due),
		cmocka_unit_test(test_filing_late),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_sql_lists_agree),
		cmocka_unit_test(test_drill_periods),
		cmocka_unit_test(test_drill_proves),
		cmocka_unit_test(test_evaluation),
		cmocka_unit_test(test_inspection),
	};
	return cmocka_run_group_tests_name("emergency", tests, NULL, NULL);
}
