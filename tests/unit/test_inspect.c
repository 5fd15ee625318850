/*
 * test_inspect.c — the pure rules of src/rules/inspect.c: the periods of inspection
 * plans (seeds/001 任务7: 主要负责人每季度带队检查, 高危行业每月; seeds/004 第21项:
 * 重要时间节点、重大节日) and the 双随机 draw (国办发〔2015〕58号: 随机抽取检查对象、
 * 随机选派执法检查人员) — deterministic from its recorded seed, fair, re-runnable.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "rules/inspect.h"

static void test_periods(void **state)
{
	static const struct { const char *freq, *date, *first, *last; } rows[] = {
		/* 日常检查: the day itself is the period and the due */
		{"daily", "2026-03-05", "2026-03-05", "2026-03-05"},
		/* 每周: Monday to Sunday; 2026-03-05 is a Thursday */
		{"weekly", "2026-03-05", "2026-03-02", "2026-03-08"},
		{"weekly", "2026-03-08", "2026-03-02", "2026-03-08"},
		{"weekly", "2026-12-31", "2026-12-28", "2027-01-03"},
		/* 每月 (001 任务7 高危行业每月至少1次) */
		{"monthly", "2026-02-10", "2026-02-01", "2026-02-28"},
		{"monthly", "2028-02-10", "2028-02-01", "2028-02-29"},
		/* 每季度 (001 任务7 每季度至少1次) */
		{"quarterly", "2026-05-20", "2026-04-01", "2026-06-30"},
		{"quarterly", "2026-12-01", "2026-10-01", "2026-12-31"},
		/* 季节性: winter runs Dec–Feb across the year end */
		{"seasonal", "2026-04-15", "2026-03-01", "2026-05-31"},
		{"seasonal", "2026-12-15", "2026-12-01", "2027-02-28"},
		{"seasonal", "2027-01-15", "2026-12-01", "2027-02-28"},
		{"seasonal", "2026-08-31", "2026-06-01", "2026-08-31"},
	};
	char f[11], l[11];

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_equal(insp_period(insp_freq_parse(rows[i].freq), rows[i].date, f, l), 0);
		assert_string_equal(f, rows[i].first);
		assert_string_equal(l, rows[i].last);
	}
	/* 节假日 / 专项 are one-off plans: no recurring period */
	assert_int_equal(insp_period(IF_HOLIDAY, "2026-03-05", f, l), -1);
	assert_int_equal(insp_period(IF_SPECIAL, "2026-03-05", f, l), -1);
	assert_int_equal(insp_freq_recurs(IF_SPECIAL), 0);
	assert_int_equal(insp_freq_parse("yearly"), 0);
	assert_int_equal(insp_period(IF_MONTHLY, "2026-02-30", f, l), -1);
	assert_int_equal(insp_period(IF_MONTHLY, NULL, f, l), -1);
	assert_int_equal(insp_next_day("2026-12-31", f), 0);
	assert_string_equal(f, "2027-01-01");
}

static void test_generator(void **state)
{
	/* splitmix64's published reference outputs for seed 0 */
	uint64_t s = 0;
	char hex[17];

	(void)state;
	assert_true(draw_next(&s) == 0xe220a8397b1dcdafULL);
	assert_true(draw_next(&s) == 0x6e789e6aa1b965f4ULL);
	assert_true(draw_next(&s) == 0x06c45d188009454fULL);
	draw_seed_format(0x00ab12cd34ef5678ULL, hex);
	assert_string_equal(hex, "00ab12cd34ef5678");
	assert_int_equal(draw_seed_parse(hex, &s), 0);
	assert_true(s == 0x00ab12cd34ef5678ULL);
	assert_int_equal(draw_seed_parse("00ab12cd34ef567", &s), -1);
	assert_int_equal(draw_seed_parse("00ab12cd34ef567g", &s), -1);
}

static void test_draw(void **state)
{
	const int64_t ids[] = {3, 7, 11, 15, 20, 31, 40, 52, 60, 77};
	int64_t work[10], a[10], b[10];
	size_t na, nb;
	int seen[10] = {0};

	(void)state;
	/* the same record (seed, candidates, k) gives the same draw: re-runnable */
	assert_int_equal(draw_pick(0x1234, ids, 10, 4, work, a, &na), 0);
	assert_int_equal(draw_pick(0x1234, ids, 10, 4, work, b, &nb), 0);
	assert_int_equal(na, 4);
	assert_memory_equal(a, b, sizeof(int64_t) * 4);
	/* picks are distinct candidates */
	for (size_t i = 0; i < na; i++) {
		int found = -1;
		for (int j = 0; j < 10; j++)
			if (ids[j] == a[i])
				found = j;
		assert_true(found >= 0);
		assert_int_equal(seen[found], 0);
		seen[found] = 1;
	}
	/* a larger k draws everyone; the first picks are a prefix of the same stream */
	assert_int_equal(draw_pick(0x1234, ids, 10, 99, work, b, &nb), 0);
	assert_int_equal(nb, 10);
	assert_memory_equal(a, b, sizeof(int64_t) * 4);
	/* candidates not in ascending order are refused (the order must not matter) */
	{
		const int64_t bad[] = {7, 3};
		assert_int_equal(draw_pick(1, bad, 2, 1, work, a, &na), -1);
	}
	/* no candidates: nothing drawn */
	assert_int_equal(draw_pick(1, NULL, 0, 3, NULL, NULL, &na), 0);
	assert_int_equal(na, 0);
	/* the inspectors' stream differs from the enterprises' */
	assert_true(draw_inspector_seed(5) != 5);
}

/* Fair: over many seeds each of 5 candidates is drawn first about 1/5 of the time. */
static void test_fair(void **state)
{
	const int64_t ids[] = {1, 2, 3, 4, 5};
	int64_t work[5], out[1];
	int count[5] = {0};
	size_t n;

	(void)state;
	for (uint64_t s = 0; s < 50000; s++) {
		assert_int_equal(draw_pick(s, ids, 5, 1, work, out, &n), 0);
		count[out[0] - 1]++;
	}
	for (int i = 0; i < 5; i++)
		assert_in_range(count[i], 9500, 10500);
}

/* 执法证: valid on a day from its number and validity date (国办发〔2015〕58号 draws the
 * inspectors from the enforcement officers; 安全生产法 (2021): an inspector shows a
 * valid enforcement certificate), and which users may carry one. */
static void test_enforce_cert(void **state)
{
	static const struct { const char *no, *until, *today; int want; const char *why; } v[] = {
		{"31011800123", "2027-06-30", "2026-12-03", 1, "valid until a later day"},
		{"31011800123", "2026-12-03", "2026-12-03", 1, "valid on its last day"},
		{"31011800123", "2026-12-02", "2026-12-03", 0, "expired yesterday"},
		{"", "2027-06-30", "2026-12-03", 0, "no number"},
		{NULL, "2027-06-30", "2026-12-03", 0, "no number (NULL)"},
		{"31011800123", NULL, "2026-12-03", 0, "no validity date"},
		{"31011800123", "2027-6-30", "2026-12-03", 0, "not a YYYY-MM-DD date"},
	};
	static const struct { const char *role, *no, *until, *field; } c[] = {
		{"regulator", "31011800123", "2027-06-30", NULL},
		{"department", "31011800123", "2027-06-30", NULL},
		{"ent_manager", NULL, NULL, NULL},
		{"regulator", NULL, NULL, NULL},
		{"ent_manager", "31011800123", "2027-06-30", "enforce_cert"},
		{"staff", NULL, "2027-06-30", "enforce_cert"},
		{"regulator", NULL, "2027-06-30", "enforce_cert"},
		{"regulator", "31011800123", NULL, "enforce_cert_until"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (enforce_cert_valid(v[i].no, v[i].until, v[i].today) != v[i].want)
			fail_msg("%s: got %d", v[i].why, !v[i].want);
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		const char *field = "x";
		const char *msg = enforce_cert_check(c[i].role, c[i].no, c[i].until, &field);

		if (!c[i].field) {
			assert_null(msg);
			assert_null(field);
		} else {
			assert_non_null(msg);
			assert_string_equal(field, c[i].field);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_generator),
		cmocka_unit_test(test_draw),
		cmocka_unit_test(test_fair),
		cmocka_unit_test(test_enforce_cert),
	};
	return cmocka_run_group_tests_name("inspect", tests, NULL, NULL);
}
