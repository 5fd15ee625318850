/*
 * test_obligation.c — the calendar rules of src/rules/obligation.c as tables of
 * input → expected: period keys, bounds, next/prev and labels (month ends, leap years
 * 2024/2000 and non-leap 2100, quarter and half-year boundaries); working days with a
 * holiday calendar (国庆 week with 调休 weekend days); due dates for every kind, each row
 * citing the rule it stands for (seeds/00x, 国务院令第493号, 应急预案管理办法, 令第30号)
 * or the edge it pins; the status of one obligation (due day, the day after, done
 * before/on/after, the warning boundary, date-time dues to the second); malformed input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/util.h"
#include "rules/obligation.h"

/*
 * A MADE-UP 2026 holiday calendar, shaped like the yearly 国务院办公厅 notice (元旦, 春节,
 * 劳动节 and 国庆 breaks with 调休 weekend days) but NOT the official one: only the
 * weekday/weekend pattern of the real 2026 calendar is real. 2026-10-01 is a Thursday;
 * 10-01..10-07 are off, Sunday 09-27 and Saturday 10-10 are worked.
 */
static const char *const test_off[] = {
	"2026-01-01", "2026-01-02",
	"2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22",
	"2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05",
	"2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07",
	"2027-01-01",
};
static const char *const test_on[] = {
	"2026-01-04", "2026-02-14", "2026-02-28", "2026-04-26", "2026-05-09", "2026-09-27", "2026-10-10",
};
static const struct ob_calendar test_cal = { test_off, (int)ARRAY_SIZE(test_off), test_on, (int)ARRAY_SIZE(test_on) };

/* ---------------------------------------------------------------- periods */

static const struct {
	enum ob_period p;
	const char *date;
	const char *key;	/* NULL: -1 expected */
} key_cases[] = {
	{ OB_YEAR, "2026-11-22", "2026" },
	{ OB_YEAR, "2026-01-01", "2026" },
	{ OB_HALF, "2026-06-30", "2026-H1" },		/* last day of H1 */
	{ OB_HALF, "2026-07-01", "2026-H2" },		/* first day of H2 */
	{ OB_QUARTER, "2026-03-31", "2026-Q1" },
	{ OB_QUARTER, "2026-04-01", "2026-Q2" },
	{ OB_QUARTER, "2026-09-30", "2026-Q3" },
	{ OB_QUARTER, "2026-10-01", "2026-Q4" },
	{ OB_QUARTER, "2026-12-31", "2026-Q4" },
	{ OB_QUARTER, "2026-12-31 23:59:59", "2026-Q4" },	/* a date-time: its date part */
	{ OB_MONTH, "2026-11-22", "2026-11" },
	{ OB_MONTH, "2026-01-01", "2026-01" },
	{ OB_MONTH, "2024-02-29", "2024-02" },		/* leap day */
	{ OB_MONTH, "2000-02-29", "2000-02" },		/* 2000 divisible by 400: leap */
	{ OB_MONTH, "1969-12-31 23:00:00", "1969-12" },	/* before the epoch: negative day numbers */
	{ OB_MONTH, "2100-02-29", NULL },		/* 2100 divisible by 100 only: not leap */
	{ OB_MONTH, "2026-13-01", NULL },
	{ OB_MONTH, "2026-04-31", NULL },
	{ OB_MONTH, "2026/11/22", NULL },
	{ OB_MONTH, "", NULL },
	{ OB_MONTH, NULL, NULL },
	{ OB_EVENT, "2026-11-22", NULL },		/* an event duty has no period */
	{ (enum ob_period)0, "2026-11-22", NULL },
	{ (enum ob_period)99, "2026-11-22", NULL },
};

static void test_period_key(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(key_cases); i++) {
		char key[16] = "untouched";
		int rc = ob_period_key(key_cases[i].p, key_cases[i].date, key);

		if (key_cases[i].key) {
			assert_int_equal(rc, 0);
			assert_string_equal(key, key_cases[i].key);
		} else {
			assert_int_equal(rc, -1);
			assert_string_equal(key, "untouched");
		}
	}
	assert_int_equal(ob_period_key(OB_MONTH, "2026-11-22", NULL), -1);
}

static const struct {
	enum ob_period p;
	const char *key;
	const char *first, *last;	/* NULL: -1 expected */
} bounds_cases[] = {
	{ OB_YEAR, "2026", "2026-01-01", "2026-12-31" },
	{ OB_HALF, "2026-H1", "2026-01-01", "2026-06-30" },
	{ OB_HALF, "2026-H2", "2026-07-01", "2026-12-31" },
	{ OB_QUARTER, "2026-Q1", "2026-01-01", "2026-03-31" },
	{ OB_QUARTER, "2026-Q2", "2026-04-01", "2026-06-30" },
	{ OB_QUARTER, "2026-Q3", "2026-07-01", "2026-09-30" },
	{ OB_QUARTER, "2026-Q4", "2026-10-01", "2026-12-31" },
	{ OB_QUARTER, "2024-Q1", "2024-01-01", "2024-03-31" },
	{ OB_MONTH, "2026-02", "2026-02-01", "2026-02-28" },
	{ OB_MONTH, "2024-02", "2024-02-01", "2024-02-29" },	/* leap */
	{ OB_MONTH, "2100-02", "2100-02-01", "2100-02-28" },	/* not leap */
	{ OB_MONTH, "2000-02", "2000-02-01", "2000-02-29" },	/* leap */
	{ OB_MONTH, "2026-04", "2026-04-01", "2026-04-30" },
	{ OB_MONTH, "2026-12", "2026-12-01", "2026-12-31" },
	{ OB_MONTH, "1900-01", "1900-01-01", "1900-01-31" },
	{ OB_MONTH, "2999-12", "2999-12-01", "2999-12-31" },
	{ OB_QUARTER, "2026-Q5", NULL, NULL },
	{ OB_QUARTER, "2026-Q0", NULL, NULL },
	{ OB_QUARTER, "2026-q1", NULL, NULL },
	{ OB_QUARTER, "2026-Q1x", NULL, NULL },
	{ OB_QUARTER, "2026-11", NULL, NULL },		/* a month key is not a quarter key */
	{ OB_HALF, "2026-H3", NULL, NULL },
	{ OB_HALF, "2026-H0", NULL, NULL },
	{ OB_HALF, "2026-Q1", NULL, NULL },
	{ OB_MONTH, "2026-13", NULL, NULL },
	{ OB_MONTH, "2026-00", NULL, NULL },
	{ OB_MONTH, "2026-1", NULL, NULL },
	{ OB_MONTH, "2026-011", NULL, NULL },
	{ OB_MONTH, "2026-Q1", NULL, NULL },
	{ OB_YEAR, "26", NULL, NULL },
	{ OB_YEAR, "1899", NULL, NULL },
	{ OB_YEAR, "3000", NULL, NULL },
	{ OB_YEAR, "20x6", NULL, NULL },
	{ OB_YEAR, "2026-Q1", NULL, NULL },
	{ OB_YEAR, "２０２６", NULL, NULL },		/* full-width digits */
	{ OB_YEAR, NULL, NULL, NULL },
	{ OB_EVENT, "2026", NULL, NULL },
};

static void test_period_bounds(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bounds_cases); i++) {
		char first[11] = "untouched", last[11] = "untouched";
		int rc = ob_period_bounds(bounds_cases[i].p, bounds_cases[i].key, first, last);

		if (bounds_cases[i].first) {
			assert_int_equal(rc, 0);
			assert_string_equal(first, bounds_cases[i].first);
			assert_string_equal(last, bounds_cases[i].last);
		} else {
			assert_int_equal(rc, -1);
			assert_string_equal(first, "untouched");
			assert_string_equal(last, "untouched");
		}
	}
	assert_int_equal(ob_period_bounds(OB_YEAR, "2026", NULL, NULL), -1);
}

static const struct {
	enum ob_period p;
	const char *key;
	const char *next, *prev;	/* NULL: -1 expected */
} step_cases[] = {
	{ OB_YEAR, "2026", "2027", "2025" },
	{ OB_HALF, "2026-H1", "2026-H2", "2025-H2" },
	{ OB_HALF, "2026-H2", "2027-H1", "2026-H1" },
	{ OB_QUARTER, "2026-Q1", "2026-Q2", "2025-Q4" },
	{ OB_QUARTER, "2026-Q4", "2027-Q1", "2026-Q3" },
	{ OB_MONTH, "2026-01", "2026-02", "2025-12" },
	{ OB_MONTH, "2026-12", "2027-01", "2026-11" },
	{ OB_MONTH, "2026-09", "2026-10", "2026-08" },
	{ OB_MONTH, "2999-12", NULL, "2999-11" },	/* past the supported range */
	{ OB_MONTH, "1900-01", "1900-02", NULL },
	{ OB_YEAR, "2999", NULL, "2998" },
	{ OB_YEAR, "1900", "1901", NULL },
	{ OB_QUARTER, "2026-Q5", NULL, NULL },
	{ OB_MONTH, "2026-13", NULL, NULL },
	{ OB_MONTH, NULL, NULL, NULL },
	{ OB_EVENT, "2026", NULL, NULL },
};

static void test_period_step(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(step_cases); i++) {
		char next[16] = "untouched", prev[16] = "untouched";
		int rn = ob_period_next(step_cases[i].p, step_cases[i].key, next);
		int rp = ob_period_prev(step_cases[i].p, step_cases[i].key, prev);

		assert_int_equal(rn, step_cases[i].next ? 0 : -1);
		assert_string_equal(next, step_cases[i].next ? step_cases[i].next : "untouched");
		assert_int_equal(rp, step_cases[i].prev ? 0 : -1);
		assert_string_equal(prev, step_cases[i].prev ? step_cases[i].prev : "untouched");
	}
}

static const struct {
	enum ob_period p;
	const char *key;
	const char *label;	/* NULL: NULL expected */
} label_cases[] = {
	{ OB_YEAR, "2026", "2026年" },
	{ OB_HALF, "2026-H1", "2026年上半年" },
	{ OB_HALF, "2026-H2", "2026年下半年" },
	{ OB_QUARTER, "2026-Q1", "2026年第一季度" },
	{ OB_QUARTER, "2026-Q2", "2026年第二季度" },
	{ OB_QUARTER, "2026-Q3", "2026年第三季度" },
	{ OB_QUARTER, "2026-Q4", "2026年第四季度" },
	{ OB_MONTH, "2026-11", "2026年11月" },
	{ OB_MONTH, "2026-01", "2026年1月" },		/* no leading zero in the label */
	{ OB_QUARTER, "2026-Q5", NULL },
	{ OB_MONTH, "2026-13", NULL },
	{ OB_YEAR, NULL, NULL },
	{ OB_EVENT, "2026", NULL },
};

static void test_period_label(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(label_cases); i++) {
		char out[32] = "untouched";
		const char *r = ob_period_label(label_cases[i].p, label_cases[i].key, out);

		if (label_cases[i].label) {
			assert_ptr_equal(r, out);
			assert_string_equal(out, label_cases[i].label);
		} else {
			assert_null(r);
			assert_string_equal(out, "untouched");
		}
	}
	assert_null(ob_period_label(OB_YEAR, "2026", NULL));
}

/* ---------------------------------------------------------------- working days */

static const struct {
	const struct ob_calendar *cal;
	const char *date;
	int want;	/* 1 works, 0 off, -1 bad input */
} workday_cases[] = {
	{ &test_cal, "2026-10-01", 0 },		/* Thursday, 国庆 */
	{ &test_cal, "2026-10-07", 0 },		/* Wednesday, last day of the break */
	{ &test_cal, "2026-10-08", 1 },		/* Thursday after the break */
	{ &test_cal, "2026-10-10", 1 },		/* Saturday, 调休 worked */
	{ &test_cal, "2026-10-11", 0 },		/* Sunday */
	{ &test_cal, "2026-09-26", 0 },		/* Saturday */
	{ &test_cal, "2026-09-27", 1 },		/* Sunday, 调休 worked */
	{ &test_cal, "2026-11-22", 0 },		/* Sunday */
	{ &test_cal, "2026-11-23", 1 },		/* Monday */
	{ &test_cal, "2027-01-01", 0 },		/* Friday, 元旦 */
	{ &test_cal, "2024-02-29", 1 },		/* Thursday, no entries that year */
	{ &test_cal, "2026-10-08 09:00:00", 1 },	/* a date-time: its date part */
	{ NULL, "2026-10-01", 1 },		/* no calendar: weekends only */
	{ NULL, "2026-10-10", 0 },
	{ &test_cal, "2026-02-30", -1 },
	{ &test_cal, "2026-10-1", -1 },
	{ &test_cal, NULL, -1 },
};

static void test_is_workday(void **state)
{
	static const struct ob_calendar broken = { NULL, 2, NULL, 0 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(workday_cases); i++)
		assert_int_equal(ob_is_workday(workday_cases[i].cal, workday_cases[i].date), workday_cases[i].want);
	assert_int_equal(ob_is_workday(&broken, "2026-10-01"), -1);
}

static const struct {
	const char *date;
	int n;
	const char *out;	/* NULL: -1 expected */
} addwd_cases[] = {
	{ "2026-09-30", 1, "2026-10-08" },	/* over the whole 国庆 break */
	{ "2026-09-30", 3, "2026-10-10" },	/* 10-08, 10-09, Saturday 10-10 (调休) */
	{ "2026-09-25", 1, "2026-09-27" },	/* Friday → Sunday 09-27 (调休), Saturday skipped */
	{ "2026-09-25", 2, "2026-09-28" },
	{ "2026-11-20", 1, "2026-11-23" },	/* Friday → Monday */
	{ "2026-11-20", 5, "2026-11-27" },
	{ "2026-11-21", 1, "2026-11-23" },	/* from a Saturday: Monday is the first */
	{ "2026-12-31", 1, "2027-01-04" },	/* over 元旦 2027-01-01 and the weekend into the next year */
	{ "2026-02-13", 1, "2026-02-14" },	/* Friday → Saturday 02-14 (调休) */
	{ "2026-02-13", 2, "2026-02-23" },	/* then the 春节 break */
	{ "2026-02-06", 10, "2026-02-26" },
	{ "2026-04-30", 1, "2026-05-06" },	/* over 劳动节 */
	{ "2026-09-15", 20, "2026-10-16" },	/* DOMAIN §10: 预案公布之日起20个工作日内备案 (⚠️) */
	{ "2026-11-23", 0, "2026-11-23" },	/* n = 0 on a working day: the day itself */
	{ "2026-11-22", 0, "2026-11-23" },	/* n = 0 on a Sunday: the next working day */
	{ "2026-10-01", 0, "2026-10-08" },	/* n = 0 in the break: the first day after it */
	{ "2026-09-27", 0, "2026-09-27" },	/* n = 0 on a 调休 Sunday: it works */
	{ "2026-11-20", -1, NULL },
	{ "2026-02-30", 1, NULL },
	{ NULL, 1, NULL },
	{ "2999-12-31", 1, NULL },		/* past the supported range */
};

static void test_add_workdays(void **state)
{
	char out[11];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(addwd_cases); i++) {
		int rc;

		snprintf(out, sizeof(out), "untouched");
		rc = ob_add_workdays(&test_cal, addwd_cases[i].date, addwd_cases[i].n, out);
		if (addwd_cases[i].out) {
			assert_int_equal(rc, 0);
			assert_string_equal(out, addwd_cases[i].out);
		} else {
			assert_int_equal(rc, -1);
			assert_string_equal(out, "untouched");
		}
	}
	/* No calendar: weekends only. */
	assert_int_equal(ob_add_workdays(NULL, "2026-09-30", 1, out), 0);
	assert_string_equal(out, "2026-10-01");
	assert_int_equal(ob_add_workdays(&test_cal, "2026-09-30", 1, NULL), -1);
}

static void test_calendar_check(void **state)
{
	static const char *const unsorted[] = { "2026-10-02", "2026-10-01" };
	static const char *const dup[] = { "2026-10-01", "2026-10-01" };
	static const char *const bad[] = { "2026-02-30" };
	static const char *const sloppy[] = { "2026-10-1" };
	static const char *const with_null[] = { "2026-10-01", NULL };
	static const char *const oct1[] = { "2026-10-01" };
	const struct {
		struct ob_calendar cal;
		int want;
	} cases[] = {
		{ test_cal, 0 },
		{ { NULL, 0, NULL, 0 }, 0 },
		{ { unsorted, 2, NULL, 0 }, -1 },
		{ { dup, 2, NULL, 0 }, -1 },
		{ { bad, 1, NULL, 0 }, -1 },
		{ { NULL, 0, sloppy, 1 }, -1 },
		{ { with_null, 2, NULL, 0 }, -1 },
		{ { oct1, 1, oct1, 1 }, -1 },		/* both off and on */
		{ { NULL, 1, NULL, 0 }, -1 },
		{ { oct1, -1, NULL, 0 }, -1 },
	};

	(void)state;
	assert_int_equal(ob_calendar_check(NULL), 0);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		assert_int_equal(ob_calendar_check(&cases[i].cal), cases[i].want);
	/* A date in both lists is off (off[] wins), even though the check refuses it. */
	assert_int_equal(ob_is_workday(&cases[7].cal, "2026-10-01"), 0);
}

/* ---------------------------------------------------------------- due dates */

static const struct {
	const char *why;	/* the rule the row stands for, or the edge it pins */
	struct ob_due d;
	enum ob_period p;
	const char *key, *event;
	const char *out;	/* NULL: -1 expected */
} due_cases[] = {
	/* DUE_PERIOD_END */
	{ "004 item 1 每年6月底 履职报告", { DUE_PERIOD_END, 0, 0, 0 }, OB_HALF, "2026-H1", NULL, "2026-06-30" },
	{ "004 item 1 每年12月底 履职报告", { DUE_PERIOD_END, 0, 0, 0 }, OB_HALF, "2026-H2", NULL, "2026-12-31" },
	{ "001 item 7 每季度检查重大隐患 Q1", { DUE_PERIOD_END, 0, 0, 0 }, OB_QUARTER, "2026-Q1", NULL, "2026-03-31" },
	{ "001 item 7 每季度 Q2", { DUE_PERIOD_END, 0, 0, 0 }, OB_QUARTER, "2026-Q2", NULL, "2026-06-30" },
	{ "001 item 7 每季度 Q3", { DUE_PERIOD_END, 0, 0, 0 }, OB_QUARTER, "2026-Q3", NULL, "2026-09-30" },
	{ "001 item 7 每季度 Q4", { DUE_PERIOD_END, 0, 0, 0 }, OB_QUARTER, "2026-Q4", NULL, "2026-12-31" },
	{ "001 item 7 高危行业每月, February", { DUE_PERIOD_END, 0, 0, 0 }, OB_MONTH, "2026-02", NULL, "2026-02-28" },
	{ "001 item 7 每月, leap February", { DUE_PERIOD_END, 0, 0, 0 }, OB_MONTH, "2024-02", NULL, "2024-02-29" },
	{ "001 item 7 每月, 2100 not leap", { DUE_PERIOD_END, 0, 0, 0 }, OB_MONTH, "2100-02", NULL, "2100-02-28" },
	{ "001 item 7 每月, 2000 leap", { DUE_PERIOD_END, 0, 0, 0 }, OB_MONTH, "2000-02", NULL, "2000-02-29" },
	{ "001 item 7 每月, 30-day month", { DUE_PERIOD_END, 0, 0, 0 }, OB_MONTH, "2026-04", NULL, "2026-04-30" },
	{ "应急预案管理办法 Art. 33 综合/专项预案演练每年至少一次", { DUE_PERIOD_END, 0, 0, 0 }, OB_YEAR, "2026", NULL, "2026-12-31" },
	{ "应急预案管理办法 Art. 33 现场处置方案演练每半年; 001 item 10", { DUE_PERIOD_END, 0, 0, 0 }, OB_HALF, "2026-H1", NULL, "2026-06-30" },
	{ "000 §二(四)3 1月中旬前, written as year end + 15 days", { DUE_PERIOD_END, 0, 0, 15 }, OB_YEAR, "2026", NULL, "2027-01-15" },
	{ "edge: period end + n past February of a leap year", { DUE_PERIOD_END, 0, 0, 1 }, OB_MONTH, "2024-02", NULL, "2024-03-01" },
	{ "edge: n < 0 refused", { DUE_PERIOD_END, 0, 0, -1 }, OB_MONTH, "2026-02", NULL, NULL },
	{ "edge: an event duty has no period", { DUE_PERIOD_END, 0, 0, 0 }, OB_EVENT, "2026", NULL, NULL },
	{ "edge: bad quarter key", { DUE_PERIOD_END, 0, 0, 0 }, OB_QUARTER, "2026-Q5", NULL, NULL },
	{ "edge: bad month key", { DUE_PERIOD_END, 0, 0, 0 }, OB_MONTH, "2026-13", NULL, NULL },
	{ "edge: key of another period kind", { DUE_PERIOD_END, 0, 0, 0 }, OB_QUARTER, "2026-11", NULL, NULL },
	{ "edge: NULL key", { DUE_PERIOD_END, 0, 0, 0 }, OB_QUARTER, NULL, NULL, NULL },
	{ "edge: past 2999", { DUE_PERIOD_END, 0, 0, 1 }, OB_YEAR, "2999", NULL, NULL },

	/* DUE_NEXT_MONTH_DAY */
	{ "001 §三(三) 每月20日前报送", { DUE_NEXT_MONTH_DAY, 0, 20, 0 }, OB_MONTH, "2026-11", NULL, "2026-12-20" },
	{ "001 §三(三) 每月20日前, December → January of the next year", { DUE_NEXT_MONTH_DAY, 0, 20, 0 }, OB_MONTH, "2026-12", NULL, "2027-01-20" },
	{ "001 §三(三) 每月20日前, January → February", { DUE_NEXT_MONTH_DAY, 0, 20, 0 }, OB_MONTH, "2026-01", NULL, "2026-02-20" },
	{ "001 §三(三) 20日前 applied to a quarter: Q4 → January", { DUE_NEXT_MONTH_DAY, 0, 20, 0 }, OB_QUARTER, "2026-Q4", NULL, "2027-01-20" },
	{ "edge: day 0 = 次月底, February", { DUE_NEXT_MONTH_DAY, 0, 0, 0 }, OB_MONTH, "2026-01", NULL, "2026-02-28" },
	{ "edge: day 0 = 次月底, leap February", { DUE_NEXT_MONTH_DAY, 0, 0, 0 }, OB_MONTH, "2024-01", NULL, "2024-02-29" },
	{ "edge: day 31 clamped in a 30-day month", { DUE_NEXT_MONTH_DAY, 0, 31, 0 }, OB_MONTH, "2026-03", NULL, "2026-04-30" },
	{ "edge: day 30 clamped in February", { DUE_NEXT_MONTH_DAY, 0, 30, 0 }, OB_MONTH, "2100-01", NULL, "2100-02-28" },
	{ "edge: day 32 refused", { DUE_NEXT_MONTH_DAY, 0, 32, 0 }, OB_MONTH, "2026-03", NULL, NULL },
	{ "edge: day -1 refused", { DUE_NEXT_MONTH_DAY, 0, -1, 0 }, OB_MONTH, "2026-03", NULL, NULL },
	{ "edge: next month past 2999", { DUE_NEXT_MONTH_DAY, 0, 20, 0 }, OB_MONTH, "2999-12", NULL, NULL },

	/* DUE_MONTH_DAY */
	{ "004 item 22 规上企业5月底前完成申报", { DUE_MONTH_DAY, 5, 0, 0 }, OB_YEAR, "2026", NULL, "2026-05-31" },
	{ "004 item 22 11月底前完成所有企业申报", { DUE_MONTH_DAY, 11, 0, 0 }, OB_YEAR, "2026", NULL, "2026-11-30" },
	{ "004 item 11 每年第一季度完成风险报告", { DUE_MONTH_DAY, 3, 0, 0 }, OB_YEAR, "2026", NULL, "2026-03-31" },
	{ "001 §三(三) 4月底前上报工作方案和任务清单", { DUE_MONTH_DAY, 4, 0, 0 }, OB_YEAR, "2024", NULL, "2024-04-30" },
	{ "004 §四(一) 6月30日前全面完成宣讲", { DUE_MONTH_DAY, 6, 30, 0 }, OB_YEAR, "2025", NULL, "2025-06-30" },
	{ "edge: 2月29日 in a common year clamps to 28", { DUE_MONTH_DAY, 2, 29, 0 }, OB_YEAR, "2026", NULL, "2026-02-28" },
	{ "edge: 2月29日 in a leap year", { DUE_MONTH_DAY, 2, 29, 0 }, OB_YEAR, "2024", NULL, "2024-02-29" },
	{ "edge: the period's year for a monthly key", { DUE_MONTH_DAY, 5, 0, 0 }, OB_MONTH, "2026-11", NULL, "2026-05-31" },
	{ "edge: month 13 refused", { DUE_MONTH_DAY, 13, 1, 0 }, OB_YEAR, "2026", NULL, NULL },
	{ "edge: month 0 refused", { DUE_MONTH_DAY, 0, 1, 0 }, OB_YEAR, "2026", NULL, NULL },

	/* DUE_MONTH_DAY_NEXT_YEAR */
	{ "000 §二(四)3 每年1月中旬前报送上一年度事故统计", { DUE_MONTH_DAY_NEXT_YEAR, 1, 15, 0 }, OB_YEAR, "2026", NULL, "2027-01-15" },
	{ "000 §二(四)3 1月中旬前, the statistics of 2099", { DUE_MONTH_DAY_NEXT_YEAR, 1, 15, 0 }, OB_YEAR, "2099", NULL, "2100-01-15" },
	{ "edge: next-year February end, 2100 not leap", { DUE_MONTH_DAY_NEXT_YEAR, 2, 0, 0 }, OB_YEAR, "2099", NULL, "2100-02-28" },
	{ "edge: next year past 2999", { DUE_MONTH_DAY_NEXT_YEAR, 1, 15, 0 }, OB_YEAR, "2999", NULL, NULL },

	/* DUE_PERIOD_MONTH_DAY */
	{ "004 §三(四) 每月30日前报推进情况", { DUE_PERIOD_MONTH_DAY, 0, 30, 0 }, OB_MONTH, "2025-07", NULL, "2025-07-30" },
	{ "004 §三(四) 每月30日前, February clamps to 28", { DUE_PERIOD_MONTH_DAY, 0, 30, 0 }, OB_MONTH, "2026-02", NULL, "2026-02-28" },
	{ "004 §三(四) 每月30日前, leap February clamps to 29", { DUE_PERIOD_MONTH_DAY, 0, 30, 0 }, OB_MONTH, "2028-02", NULL, "2028-02-29" },
	{ "004 §三(四) 每月30日前, a 30-day month", { DUE_PERIOD_MONTH_DAY, 0, 30, 0 }, OB_MONTH, "2026-04", NULL, "2026-04-30" },
	{ "edge: day 31 in April clamps to 30", { DUE_PERIOD_MONTH_DAY, 0, 31, 0 }, OB_MONTH, "2026-04", NULL, "2026-04-30" },
	{ "edge: day 0 = the month's last day", { DUE_PERIOD_MONTH_DAY, 0, 0, 0 }, OB_MONTH, "2026-12", NULL, "2026-12-31" },
	{ "edge: a quarter's last month", { DUE_PERIOD_MONTH_DAY, 0, 30, 0 }, OB_QUARTER, "2026-Q1", NULL, "2026-03-30" },
	{ "edge: a half year's last month", { DUE_PERIOD_MONTH_DAY, 0, 25, 0 }, OB_HALF, "2026-H2", NULL, "2026-12-25" },

	/* DUE_WORKDAYS_AFTER (the made-up calendar above) */
	{ "DOMAIN §10 预案公布之日起20个工作日内备案 (⚠️)", { DUE_WORKDAYS_AFTER, 0, 0, 20 }, OB_EVENT, NULL, "2026-09-15", "2026-10-16" },
	{ "DOMAIN §10 20个工作日, the event as a date-time", { DUE_WORKDAYS_AFTER, 0, 0, 20 }, OB_EVENT, NULL, "2026-09-15 16:00:00", "2026-10-16" },
	{ "DOMAIN §10 20个工作日, p and key ignored", { DUE_WORKDAYS_AFTER, 0, 0, 20 }, OB_MONTH, "2026-13", "2026-09-15", "2026-10-16" },
	{ "edge: 1 working day over 国庆", { DUE_WORKDAYS_AFTER, 0, 0, 1 }, OB_EVENT, NULL, "2026-09-30", "2026-10-08" },
	{ "edge: n = 0 on a holiday rolls to the next working day", { DUE_WORKDAYS_AFTER, 0, 0, 0 }, OB_EVENT, NULL, "2026-10-03", "2026-10-08" },
	{ "edge: no event", { DUE_WORKDAYS_AFTER, 0, 0, 20 }, OB_EVENT, NULL, NULL, NULL },

	/* DUE_DAYS_AFTER */
	{ "493号 Art. 13 30日内补报伤亡变化", { DUE_DAYS_AFTER, 0, 0, 30 }, OB_EVENT, NULL, "2026-03-05", "2026-04-04" },
	{ "493号 Art. 13 道路交通、火灾 7日内, across the year end", { DUE_DAYS_AFTER, 0, 0, 7 }, OB_EVENT, NULL, "2026-12-28", "2027-01-04" },
	{ "493号 Art. 32 15日内批复, across leap February", { DUE_DAYS_AFTER, 0, 0, 15 }, OB_EVENT, NULL, "2024-02-20", "2024-03-06" },
	{ "493号 Art. 32 15日内批复, across common February", { DUE_DAYS_AFTER, 0, 0, 15 }, OB_EVENT, NULL, "2026-02-20", "2026-03-07" },
	{ "令第30号 Art. 22 复审: due on the certificate's expiry (n = 0)", { DUE_DAYS_AFTER, 0, 0, 0 }, OB_EVENT, NULL, "2027-05-01", "2027-05-01" },
	{ "493号 Art. 13 30日, the event as a date-time", { DUE_DAYS_AFTER, 0, 0, 30 }, OB_EVENT, NULL, "2026-03-05 23:59:00", "2026-04-04" },
	{ "edge: bad event date", { DUE_DAYS_AFTER, 0, 0, 30 }, OB_EVENT, NULL, "2026-02-30", NULL },
	{ "edge: past 2999", { DUE_DAYS_AFTER, 0, 0, 1 }, OB_EVENT, NULL, "2999-12-31", NULL },
	{ "edge: n < 0 refused", { DUE_DAYS_AFTER, 0, 0, -60 }, OB_EVENT, NULL, "2027-05-01", NULL },

	/* DUE_HOURS_AFTER */
	{ "493号 Art. 9 1小时内报告; 004 item 20", { DUE_HOURS_AFTER, 0, 0, 1 }, OB_EVENT, NULL, "2026-03-05 10:20:00", "2026-03-05 11:20:00" },
	{ "493号 Art. 9 1小时, across midnight", { DUE_HOURS_AFTER, 0, 0, 1 }, OB_EVENT, NULL, "2026-03-05 23:30:00", "2026-03-06 00:30:00" },
	{ "493号 Art. 9 1小时, across a month end", { DUE_HOURS_AFTER, 0, 0, 1 }, OB_EVENT, NULL, "2026-02-28 23:45:10", "2026-03-01 00:45:10" },
	{ "493号 Art. 9 1小时, into a leap day", { DUE_HOURS_AFTER, 0, 0, 1 }, OB_EVENT, NULL, "2024-02-28 23:45:10", "2024-02-29 00:45:10" },
	{ "493号 Art. 9 1小时, across the year end", { DUE_HOURS_AFTER, 0, 0, 1 }, OB_EVENT, NULL, "2026-12-31 23:59:59", "2027-01-01 00:59:59" },
	{ "493号 Art. 9 1小时, 'T' separator", { DUE_HOURS_AFTER, 0, 0, 1 }, OB_EVENT, NULL, "2026-03-05T10:20:00", "2026-03-05 11:20:00" },
	{ "493号 Art. 11 每级上报不超过2小时, no seconds given", { DUE_HOURS_AFTER, 0, 0, 2 }, OB_EVENT, NULL, "2026-06-30 22:30", "2026-07-01 00:30:00" },
	{ "493号 Art. 9 1小时, before the epoch", { DUE_HOURS_AFTER, 0, 0, 1 }, OB_EVENT, NULL, "1969-12-31 23:30:00", "1970-01-01 00:30:00" },
	{ "edge: 720 hours = 30 days", { DUE_HOURS_AFTER, 0, 0, 720 }, OB_EVENT, NULL, "2026-03-05 10:00:00", "2026-04-04 10:00:00" },
	{ "edge: n = 0 hours", { DUE_HOURS_AFTER, 0, 0, 0 }, OB_EVENT, NULL, "2026-03-05 10:00:00", "2026-03-05 10:00:00" },
	{ "edge: a bare date has no hour", { DUE_HOURS_AFTER, 0, 0, 1 }, OB_EVENT, NULL, "2026-03-05", NULL },
	{ "edge: hour 24 refused", { DUE_HOURS_AFTER, 0, 0, 1 }, OB_EVENT, NULL, "2026-03-05 24:00:00", NULL },
	{ "edge: past 2999", { DUE_HOURS_AFTER, 0, 0, 1 }, OB_EVENT, NULL, "2999-12-31 23:30:00", NULL },
	{ "edge: NULL event", { DUE_HOURS_AFTER, 0, 0, 1 }, OB_EVENT, NULL, NULL, NULL },

	/* unknown kinds */
	{ "edge: kind 0", { (enum ob_due_kind)0, 0, 0, 0 }, OB_YEAR, "2026", NULL, NULL },
	{ "edge: kind 99", { (enum ob_due_kind)99, 0, 0, 0 }, OB_YEAR, "2026", NULL, NULL },
};

static void test_due(void **state)
{
	char out[20];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(due_cases); i++) {
		int rc;

		snprintf(out, sizeof(out), "untouched");
		rc = ob_due(&due_cases[i].d, due_cases[i].p, due_cases[i].key, due_cases[i].event, &test_cal, out);
		if (rc != (due_cases[i].out ? 0 : -1) ||
		    strcmp(out, due_cases[i].out ? due_cases[i].out : "untouched"))
			fail_msg("row %zu (%s): rc %d out %s", i, due_cases[i].why, rc, out);
	}
	{
		const struct ob_due d = { DUE_PERIOD_END, 0, 0, 0 };

		assert_int_equal(ob_due(NULL, OB_YEAR, "2026", NULL, NULL, out), -1);
		assert_int_equal(ob_due(&d, OB_YEAR, "2026", NULL, NULL, NULL), -1);
	}
}

/* ---------------------------------------------------------------- status */

static const struct {
	const char *why;
	const char *due, *done, *now;
	int warn, applicable;
	enum ob_status want;
} status_cases[] = {
	/* 001 §三(三): the November report is due 2026-12-20; warn 5 days ahead. */
	{ "001 §三(三) well before", "2026-12-20", NULL, "2026-12-10", 5, 1, OBS_NOT_DUE },
	{ "001 §三(三) a day before the warning", "2026-12-20", NULL, "2026-12-14", 5, 1, OBS_NOT_DUE },
	{ "001 §三(三) exactly at the warning boundary", "2026-12-20", NULL, "2026-12-15", 5, 1, OBS_DUE_SOON },
	{ "001 §三(三) on the due day", "2026-12-20", NULL, "2026-12-20", 5, 1, OBS_DUE_SOON },
	{ "001 §三(三) due day, late evening", "2026-12-20", NULL, "2026-12-20 23:59:59", 5, 1, OBS_DUE_SOON },
	{ "001 §三(三) one day after", "2026-12-20", NULL, "2026-12-21", 5, 1, OBS_OVERDUE },
	{ "001 §三(三) one day after, just past midnight", "2026-12-20", NULL, "2026-12-21 00:00:00", 5, 1, OBS_OVERDUE },
	{ "001 §三(三) done before due", "2026-12-20", "2026-12-19", "2026-12-25", 5, 1, OBS_DONE },
	{ "001 §三(三) done early, before the warning", "2026-12-20", "2026-12-01", "2026-12-02", 5, 1, OBS_DONE },
	{ "001 §三(三) done on the due day", "2026-12-20", "2026-12-20", "2026-12-25", 5, 1, OBS_DONE },
	{ "001 §三(三) done on the due day, evening", "2026-12-20", "2026-12-20 18:00:00", "2026-12-25", 5, 1, OBS_DONE },
	{ "001 §三(三) done a day late", "2026-12-20", "2026-12-21", "2026-12-25", 5, 1, OBS_DONE_LATE },
	{ "001 §三(三) done late, seen the same day", "2026-12-20", "2026-12-21", "2026-12-21", 5, 1, OBS_DONE_LATE },
	{ "001 §三(三) empty done_at = not done", "2026-12-20", "", "2026-12-10", 5, 1, OBS_NOT_DUE },
	{ "warn 0: the day before is not due yet", "2026-12-20", NULL, "2026-12-19", 0, 1, OBS_NOT_DUE },
	{ "warn 0: the due day itself is due soon", "2026-12-20", NULL, "2026-12-20", 0, 1, OBS_DUE_SOON },
	{ "004 item 22 规上 5月底: warning across a month end", "2026-05-31", NULL, "2026-05-01", 30, 1, OBS_DUE_SOON },
	{ "004 item 22 规上 5月底: one day before the warning", "2026-05-31", NULL, "2026-04-30", 30, 1, OBS_NOT_DUE },
	{ "令第30号 Art. 22 复审 60日前申请: at the boundary", "2027-05-01", NULL, "2027-03-02", 60, 1, OBS_DUE_SOON },
	{ "令第30号 Art. 22 复审: 61 days before", "2027-05-01", NULL, "2027-03-01", 60, 1, OBS_NOT_DUE },
	{ "令第30号 Art. 22 certificate expired", "2027-05-01", NULL, "2027-05-02", 60, 1, OBS_OVERDUE },
	{ "001 item 10 高危 only: not applicable", "2026-06-30", NULL, "2026-07-10", 5, 0, OBS_NA },
	{ "not applicable needs no due", NULL, NULL, NULL, 5, 0, OBS_NA },
	{ "not applicable wins over done", "2026-06-30", "2026-06-01", "2026-07-10", 5, 0, OBS_NA },

	/* 493号 Art. 9: an accident at 10:20 is reported by 11:20, to the second. */
	{ "493号 Art. 9 done at the exact second", "2026-03-05 11:20:00", "2026-03-05 11:20:00", "2026-03-05 12:00:00", 0, 1, OBS_DONE },
	{ "493号 Art. 9 done one second late", "2026-03-05 11:20:00", "2026-03-05 11:20:01", "2026-03-05 12:00:00", 0, 1, OBS_DONE_LATE },
	{ "493号 Art. 9 done early, no seconds given", "2026-03-05 11:20:00", "2026-03-05 10:50", "2026-03-05 12:00:00", 0, 1, OBS_DONE },
	{ "493号 Art. 9 not done, one second past", "2026-03-05 11:20:00", NULL, "2026-03-05 11:20:01", 0, 1, OBS_OVERDUE },
	{ "493号 Art. 9 not done, at the due second", "2026-03-05 11:20:00", NULL, "2026-03-05 11:20:00", 0, 1, OBS_DUE_SOON },
	{ "493号 Art. 9 not done, before (warn 0)", "2026-03-05 11:20:00", NULL, "2026-03-05 10:30:00", 0, 1, OBS_NOT_DUE },
	{ "493号 Art. 9 warn 1 day: at the boundary", "2026-03-05 11:20:00", NULL, "2026-03-04 11:20:00", 1, 1, OBS_DUE_SOON },
	{ "493号 Art. 9 warn 1 day: one second before it", "2026-03-05 11:20:00", NULL, "2026-03-04 11:19:59", 1, 1, OBS_NOT_DUE },
	{ "493号 Art. 9 across midnight: overdue after 00:30", "2026-03-06 00:30:00", NULL, "2026-03-06 00:31:00", 0, 1, OBS_OVERDUE },
	{ "a bare done date cannot meet an hour deadline", "2026-03-05 11:20:00", "2026-03-05", "2026-03-05 12:00:00", 0, 1, OBS_INVALID },
	{ "a bare now date cannot be compared to the second", "2026-03-05 11:20:00", NULL, "2026-03-05", 0, 1, OBS_INVALID },

	/* malformed input */
	{ "NULL due", NULL, NULL, "2026-12-10", 5, 1, OBS_INVALID },
	{ "bad due", "2026-13-01", NULL, "2026-12-10", 5, 1, OBS_INVALID },
	{ "bad due date-time", "2026-03-05 25:00:00", NULL, "2026-03-05 10:00:00", 0, 1, OBS_INVALID },
	{ "NULL now", "2026-12-20", NULL, NULL, 5, 1, OBS_INVALID },
	{ "bad now", "2026-12-20", NULL, "x", 5, 1, OBS_INVALID },
	{ "bad done", "2026-12-20", "2026-02-30", "2026-12-10", 5, 1, OBS_INVALID },
	{ "negative warning", "2026-12-20", NULL, "2026-12-10", -1, 1, OBS_INVALID },
};

static void test_status(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(status_cases); i++) {
		enum ob_status s = ob_status_at(status_cases[i].due, status_cases[i].done, status_cases[i].now,
						status_cases[i].warn, status_cases[i].applicable);

		if (s != status_cases[i].want)
			fail_msg("row %zu (%s): got %s, want %s", i, status_cases[i].why,
				 ob_status_code(s), ob_status_code(status_cases[i].want));
	}
}

static void test_status_codes(void **state)
{
	static const struct { enum ob_status s; const char *code, *label; } cases[] = {
		{ OBS_NOT_DUE, "not_due", "未到期" },
		{ OBS_DUE_SOON, "due_soon", "即将到期" },
		{ OBS_DONE, "done", "已完成" },
		{ OBS_DONE_LATE, "done_late", "逾期完成" },
		{ OBS_OVERDUE, "overdue", "逾期未完成" },
		{ OBS_NA, "na", "不适用" },
		{ OBS_INVALID, "invalid", "无效" },
		{ (enum ob_status)99, "invalid", "无效" },
		{ (enum ob_status)-1, "invalid", "无效" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_string_equal(ob_status_code(cases[i].s), cases[i].code);
		assert_string_equal(ob_status_label(cases[i].s), cases[i].label);
	}
}

/* Every day of 1900..2999, walked month by month from the month bounds: the bounds are
 * contiguous, each date is the period key's month, and "1 day after" each date is the
 * next date built independently — which pins civil_from_days() against date_parse(). */
static void test_every_day(void **state)
{
	char prev[11] = "", date[48], key[32], f[11], l[11], out[20];	/* room for -Wformat-truncation */
	const struct ob_due one = { DUE_DAYS_AFTER, 0, 0, 1 };
	int64_t z, zf, zl, want = -25567;	/* 1900-01-01 */

	(void)state;
	for (int y = 1900; y <= 2999; y++)
		for (int m = 1; m <= 12; m++) {
			snprintf(key, sizeof(key), "%04d-%02d", y, m);
			assert_int_equal(ob_period_bounds(OB_MONTH, key, f, l), 0);
			assert_int_equal(date_parse(f, &zf), 0);
			assert_int_equal(date_parse(l, &zl), 0);
			assert_int_equal(zf, want);	/* months are contiguous */
			for (int d = 1; d <= zl - zf + 1; d++) {
				char k[16];

				snprintf(date, sizeof(date), "%04d-%02d-%02d", y, m, d);
				assert_int_equal(date_parse(date, &z), 0);
				assert_int_equal(z, zf + d - 1);
				assert_int_equal(ob_period_key(OB_MONTH, date, k), 0);
				assert_string_equal(k, key);
				if (*prev) {
					assert_int_equal(ob_due(&one, OB_EVENT, NULL, prev, NULL, out), 0);
					assert_string_equal(out, date);
				}
				memcpy(prev, date, sizeof(prev));
			}
			want = zl + 1;
		}
	assert_string_equal(prev, "2999-12-31");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_period_key),
		cmocka_unit_test(test_period_bounds),
		cmocka_unit_test(test_period_step),
		cmocka_unit_test(test_period_label),
		cmocka_unit_test(test_is_workday),
		cmocka_unit_test(test_add_workdays),
		cmocka_unit_test(test_calendar_check),
		cmocka_unit_test(test_due),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_status_codes),
		cmocka_unit_test(test_every_day),
	};
	return cmocka_run_group_tests_name("obligation", tests, NULL, NULL);
}
