/*
 * test_time.c — the Asia/Shanghai calendar of src/core/util.c: strict date parsing
 * (real calendar dates only; leap years per the Gregorian rule), date-time parsing
 * as Shanghai local time (UTC+8, no daylight saving since 1991), and formatting
 * across the UTC/Shanghai day boundary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/util.h"

static const struct {
	const char *s;
	int ok;
	int64_t days;	/* since 1970-01-01 when ok */
} date_cases[] = {
	{ "1970-01-01", 1, 0 },
	{ "2026-11-22", 1, 20779 },
	{ "2024-02-29", 1, 19782 },	/* leap year */
	{ "2000-02-29", 1, 11016 },	/* divisible by 400: leap */
	{ "1900-02-29", 0, 0 },		/* divisible by 100 only: not leap */
	{ "2026-02-29", 0, 0 },
	{ "2026-04-31", 0, 0 },
	{ "2026-13-01", 0, 0 },
	{ "2026-00-10", 0, 0 },
	{ "2026-1-01", 0, 0 },
	{ "2026/01/01", 0, 0 },
	{ "2026-01-01x", 0, 0 },
	{ "", 0, 0 },
	{ "１９９９-01-01", 0, 0 },	/* full-width digits */
};

static void test_date_parse_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(date_cases); i++) {
		int64_t d = -1;
		int rc = date_parse(date_cases[i].s, &d);

		if (date_cases[i].ok) {
			assert_int_equal(rc, 0);
			assert_int_equal(d, date_cases[i].days);
		} else {
			assert_int_equal(rc, -1);
		}
	}
}

static void test_shanghai_boundary(void **state)
{
	time_t t;
	char d[11], dt[20];

	(void)state;
	/* 2026-11-21 16:30 UTC is already 2026-11-22 00:30 in Shanghai. */
	assert_int_equal(datetime_parse("2026-11-22 00:30:00", &t), 0);
	assert_int_equal((int64_t)t, (int64_t)1795278600);
	time_date(t, d);
	time_datetime(t, dt);
	assert_string_equal(d, "2026-11-22");
	assert_string_equal(dt, "2026-11-22 00:30:00");
	time_date(t - 3600, d);
	assert_string_equal(d, "2026-11-21");
	assert_int_equal(datetime_parse("2026-11-22T08:05", &t), 0);
	time_datetime(t, dt);
	assert_string_equal(dt, "2026-11-22 08:05:00");
	assert_int_equal(datetime_parse("2026-11-22 24:00:00", &t), -1);
	assert_int_equal(datetime_parse("2026-11-22 10:60", &t), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_parse_table),
		cmocka_unit_test(test_shanghai_boundary),
	};
	return cmocka_run_group_tests_name("time", tests, NULL, NULL);
}
