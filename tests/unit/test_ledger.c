/*
 * test_ledger.c — the rules of the 专项台账 module (src/rules/ledger.c): the grade of
 * a 重大危险源 from R (GB 18218-2018 4.2.3 表4), CAS check digits, UN numbers, and the
 * next due date of a 包保责任人's periodic 履职 (seeds/003 第26项).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rules/ledger.h"

static void test_grade(void **state)
{
	/* GB 18218-2018 4.2.3 表4: 一级 R≥100; 二级 100>R≥50; 三级 50>R≥10; 四级 R<10 */
	static const struct { double r; int want; const char *code; } rows[] = {
		{250, 1, "first"}, {100, 1, "first"}, {99.99, 2, "second"}, {50, 2, "second"},
		{49.9, 3, "third"}, {10, 3, "third"}, {9.99, 4, "fourth"}, {1, 4, "fourth"},
		{0, 4, "fourth"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int g = mh_grade_from_r(rows[i].r);
		if (g != rows[i].want)
			fail_msg("R = %g → %d, want %d", rows[i].r, g, rows[i].want);
		assert_string_equal(mh_grade_code(g), rows[i].code);
	}
	assert_int_equal(mh_grade_from_r(-0.1), 0);
	assert_int_equal(mh_grade_from_r(NAN), 0);
	assert_int_equal(mh_grade_from_r(INFINITY), 0);
	assert_null(mh_grade_code(0));
	assert_null(mh_grade_code(5));
}

static void test_cas(void **state)
{
	static const struct { const char *cas; int ok; const char *why; } rows[] = {
		{"7732-18-5", 1, "water"},
		{"7664-41-7", 1, "ammonia (液氨)"},
		{"74-82-8", 1, "methane (甲烷), two leading digits"},
		{"67-64-1", 1, "acetone (丙酮)"},
		{"1333-74-0", 1, "hydrogen (氢气)"},
		{"7782-50-5", 1, "chlorine (氯气)"},
		{"108-88-3", 1, "toluene (甲苯)"},
		{"7732-18-4", 0, "wrong check digit"},
		{"7732185", 0, "no dashes"},
		{"7732-1-85", 0, "dashes misplaced"},
		{"7-18-5", 0, "first part of one digit"},
		{"12345678-18-5", 0, "first part of eight digits"},
		{"77a2-18-5", 0, "a letter"},
		{"0732-18-5", 0, "leading zero"},
		{"", 0, "empty"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (ledger_cas_ok(rows[i].cas) != rows[i].ok)
			fail_msg("%s (%s): want %d", rows[i].cas, rows[i].why, rows[i].ok);
	assert_int_equal(ledger_cas_ok(NULL), 0);
}

static void test_un(void **state)
{
	(void)state;
	assert_int_equal(ledger_un_ok("1005"), 1);	/* 无水氨 */
	assert_int_equal(ledger_un_ok("1203"), 1);	/* 汽油 */
	assert_int_equal(ledger_un_ok("0004"), 1);
	assert_int_equal(ledger_un_ok("3600"), 1);
	assert_int_equal(ledger_un_ok("3601"), 0);
	assert_int_equal(ledger_un_ok("0003"), 0);
	assert_int_equal(ledger_un_ok("UN1005"), 0);
	assert_int_equal(ledger_un_ok("105"), 0);
	assert_int_equal(ledger_un_ok("10a5"), 0);
	assert_int_equal(ledger_un_ok(NULL), 0);
}

static void test_duty_due(void **state)
{
	static const struct {
		enum ld_rhythm r; const char *last, *since, *want, *why;
	} rows[] = {
		/* 操作负责人 weekly, Monday to Sunday (2026-11-16 is a Monday) */
		{LD_WEEK, NULL, "2026-11-18", "2026-11-22", "assigned mid-week: due that Sunday"},
		{LD_WEEK, NULL, "2026-11-22", "2026-11-22", "assigned on a Sunday: that day"},
		{LD_WEEK, "2026-11-16", "2026-01-01", "2026-11-29", "done Monday: next week's Sunday"},
		{LD_WEEK, "2026-11-22", "2026-01-01", "2026-11-29", "done Sunday: the next Sunday"},
		{LD_WEEK, "2026-12-30", "2026-01-01", "2027-01-10", "over the year end"},
		{LD_WEEK, "1970-01-01", NULL, "1970-01-11", "the epoch is a Thursday"},
		{LD_WEEK, "1969-12-31", NULL, "1970-01-11", "before the epoch"},
		/* 技术负责人 monthly */
		{LD_MONTH, NULL, "2026-11-05", "2026-11-30", "assigned: end of that month"},
		{LD_MONTH, "2026-11-30", "2026-01-01", "2026-12-31", "done: end of the next month"},
		{LD_MONTH, "2027-01-03", NULL, "2027-02-28", "February"},
		{LD_MONTH, "2027-12-10", NULL, "2028-01-31", "over the year end"},
		/* 主要负责人 quarterly */
		{LD_QUARTER, NULL, "2026-11-05", "2026-12-31", "assigned in Q4"},
		{LD_QUARTER, "2026-10-01", "2026-01-01", "2027-03-31", "done in Q4: end of Q1"},
		{LD_QUARTER, "2026-03-31", NULL, "2026-06-30", "done on the last day of Q1"},
	};
	char out[11];

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_equal(ledger_duty_due(rows[i].r, rows[i].last, rows[i].since, out), 0);
		if (strcmp(out, rows[i].want) != 0)
			fail_msg("%s: %s / %s → %s, want %s", rows[i].why, rows[i].last ? rows[i].last : "-",
				 rows[i].since ? rows[i].since : "-", out, rows[i].want);
	}
	assert_int_equal(ledger_duty_due(LD_WEEK, NULL, NULL, out), -1);
	assert_int_equal(ledger_duty_due(LD_MONTH, "2026-02-30", NULL, out), -1);
	assert_int_equal(ledger_duty_due((enum ld_rhythm)9, "2026-02-01", NULL, out), -1);
	assert_int_equal(ledger_duty_due(LD_MONTH, "2026-02-01", NULL, NULL), -1);
}

static void test_fixed_holiday(void **state)
{
	static const struct { const char *today; int within, found; const char *date, *name; } rows[] = {
		{"2026-12-02", 30, 1, "2027-01-01", "元旦"},
		{"2026-11-22", 30, 0, NULL, NULL},
		{"2026-11-22", 45, 1, "2027-01-01", "元旦"},
		{"2027-01-01", 0, 1, "2027-01-01", "元旦"},
		{"2027-04-15", 30, 1, "2027-05-01", "劳动节"},
		{"2027-09-20", 30, 1, "2027-10-01", "国庆节"},
		{"2027-06-01", 30, 0, NULL, NULL},
		{"2999-12-31", 30, 0, NULL, NULL},
	};
	char d[11];
	const char *n;

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int r = ledger_fixed_holiday(rows[i].today, rows[i].within, d, &n);
		if (r != rows[i].found)
			fail_msg("%s +%d: %d, want %d", rows[i].today, rows[i].within, r, rows[i].found);
		if (r == 1) {
			assert_string_equal(d, rows[i].date);
			assert_string_equal(n, rows[i].name);
		}
	}
	assert_int_equal(ledger_fixed_holiday("2026-13-01", 30, d, &n), -1);
	assert_int_equal(ledger_fixed_holiday("2026-12-01", -1, d, &n), -1);
	assert_int_equal(ledger_fixed_holiday(NULL, 30, d, &n), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grade), cmocka_unit_test(test_cas), cmocka_unit_test(test_un),
		cmocka_unit_test(test_duty_due), cmocka_unit_test(test_fixed_holiday),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
