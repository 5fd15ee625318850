/*
 * test_equipment.c — the next periodic inspection of src/rules/equipment.c:
 * last inspection + interval (特种设备安全法 第四十条; TSG 08-2017 periodic
 * inspection), month-end clamping, bad input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rules/equipment.h"

static void test_next(void **state)
{
	static const struct { const char *last; int months; const char *want; const char *why; } rows[] = {
		{"2026-03-15", 12, "2027-03-15", "pressure vessel / elevator: yearly (特种设备安全法第四十条)"},
		{"2026-03-15", 24, "2028-03-15", "crane: every 2 years"},
		{"2026-11-30", 1, "2026-12-30", "one month"},
		{"2026-12-15", 1, "2027-01-15", "over the year end"},
		{"2026-01-31", 1, "2026-02-28", "month end clamps"},
		{"2027-02-28", 12, "2028-02-28", "no clamp needed"},
		{"2027-12-31", 2, "2028-02-29", "leap February"},
		{"2026-08-31", 36, "2029-08-31", "three years"},
	};
	char out[11];

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_equal(equip_next_inspection(rows[i].last, rows[i].months, out), 0);
		if (strcmp(out, rows[i].want) != 0)
			fail_msg("%s: %s + %d → %s, want %s", rows[i].why, rows[i].last, rows[i].months,
				 out, rows[i].want);
	}
	assert_int_equal(equip_next_inspection("2026-02-30", 12, out), -1);
	assert_int_equal(equip_next_inspection("2026-01-01", 0, out), -1);
	assert_int_equal(equip_next_inspection("2026-01-01", 241, out), -1);
	assert_int_equal(equip_next_inspection(NULL, 12, out), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_next) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
