/*
 * test_campaign.c — 专项行动 rules (src/rules/campaign.c): template dates moved
 * to a chosen year, the progress cell of a required item, the 一谈 article length.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "rules/campaign.h"

static const struct { const char *date; int from, to; const char *want, *why; } moves[] = {
	/* seeds/004 三: 百日攻坚 2025 phases moved to 2026 */
	{"2025-06-20", 2025, 2026, "2026-06-20", "004 三(一) 动员部署 starts 6月20日"},
	{"2025-08-15", 2025, 2026, "2026-08-15", "004 三(二) 排查整治 ends 8月15日"},
	{"2025-08-10", 2025, 2026, "2026-08-10", "004 三(三) 名单8月10日前上报"},
	{"2025-09-30", 2025, 2026, "2026-09-30", "004 三(四) 巩固提升 ends 9月30日"},
	/* seeds/002 四、五: 六个一 2022 → 2026, summary by 12月5日 */
	{"2022-08-01", 2022, 2026, "2026-08-01", "002 四 活动时间8月起"},
	{"2022-12-05", 2022, 2026, "2026-12-05", "002 五 12月5日前报送"},
	/* a date of the following year stays in the following year */
	{"2023-01-15", 2022, 2026, "2027-01-15", "next-year date keeps its offset"},
	/* 29 February into a common year */
	{"2024-02-29", 2024, 2026, "2026-02-28", "leap day clamped"},
	{"2024-02-29", 2024, 2028, "2028-02-29", "leap day kept in a leap year"},
	/* bad input */
	{"2025-13-01", 2025, 2026, NULL, "month 13"},
	{"2025-02-30", 2025, 2026, NULL, "30 February"},
	{"20250620", 2025, 2026, NULL, "no dashes"},
	{"2025-06-20", 2025, 1999, NULL, "year out of range"},
	{NULL, 2025, 2026, NULL, "no date"},
};

static void test_move(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(moves) / sizeof(moves[0]); i++) {
		char out[11] = "";
		int rc = cmp_move_date(moves[i].date, moves[i].from, moves[i].to, out);

		if (!moves[i].want) {
			if (rc != -1)
				fail_msg("%s: expected -1", moves[i].why);
			continue;
		}
		if (rc != 0 || strcmp(out, moves[i].want) != 0)
			fail_msg("%s: got %d %s, want %s", moves[i].why, rc, out, moves[i].want);
	}
}

static const struct { const char *st, *first, *due, *today, *want, *why; } cells[] = {
	/* seeds/002 五: 12月5日前报送 — punctuality by the first submission */
	{"submitted", "2026-12-05", "2026-12-05", "2026-12-10", "done", "submitted on the due day"},
	{"accepted", "2026-12-01", "2026-12-05", "2026-12-10", "done", "accepted, on time"},
	{"accepted", "2026-12-06", "2026-12-05", "2026-12-10", "late", "first submitted a day late"},
	{"submitted", "2026-12-20", "2026-12-05", "2026-12-21", "late", "late, awaiting review"},
	{"returned", "2026-12-01", "2026-12-05", "2026-12-10", "returned", "returned beats on time"},
	{"pending", NULL, "2026-12-05", "2026-12-06", "missing", "not submitted after due"},
	{"pending", NULL, "2026-12-05", "2026-12-05", "waiting", "due today is not yet missing"},
	{"pending", NULL, "2026-12-05", "2026-11-01", "waiting", "before due"},
	{"submitted", NULL, "2026-12-05", "2026-12-01", NULL, "submitted without a date"},
	{"bogus", NULL, "2026-12-05", "2026-12-01", NULL, "unknown status"},
};

static void test_cell(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
		const char *got = cmp_cell(cells[i].st, cells[i].first, cells[i].due, cells[i].today);

		if ((got == NULL) != (cells[i].want == NULL) || (got && strcmp(got, cells[i].want) != 0))
			fail_msg("%s: got %s, want %s", cells[i].why, got ? got : "NULL",
				 cells[i].want ? cells[i].want : "NULL");
	}
}

/* seeds/002 三(二)2: 文章2000字以内 — 字 are characters, not bytes or spaces */
static void test_chars(void **state)
{
	(void)state;
	assert_int_equal(cmp_text_chars("安全生产"), 4);
	assert_int_equal(cmp_text_chars("安全 生产\n责任"), 6);
	assert_int_equal(cmp_text_chars("一岗双责　安全观"), 7);	/* ideographic space free */
	assert_int_equal(cmp_text_chars("abc"), 3);
	assert_int_equal(cmp_text_chars(""), 0);
	assert_int_equal(cmp_text_chars("\xe5\xae"), -1);	/* truncated UTF-8 */
	assert_int_equal(CMP_ARTICLE_MAX, 2000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_move),
		cmocka_unit_test(test_cell),
		cmocka_unit_test(test_chars),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
