/*
 * test_duty.c — the rules of the responsibility system (src/rules/duty.c), each row
 * citing where it comes from: the half-year and due date of the principal's 履职报告
 * (seeds/004 第1项：每年6月、12月底), the seven statutory duties (安全生产法第二十一条,
 * seeds/000 二(一)), the required systems (上海市安全生产条例第三十三条, seeds/000
 * 二(三)1) and the revision date of a safety rule (platform default 3 years).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "rules/duty.h"

struct half_case { const char *date; int rc; const char *half; const char *why; };
static const struct half_case half_cases[] = {
	{"2026-01-01", 0, "H1", "004 第1项：6月底的报告覆盖1–6月"},
	{"2026-06-30", 0, "H1", "004 第1项：6月底为上半年最后一天"},
	{"2026-07-01", 0, "H2", "004 第1项：7月起为下半年（12月底报告）"},
	{"2026-12-31", 0, "H2", "004 第1项：12月底"},
	{"2026-10-15", 0, "H2", "十月属下半年"},
	{"2026-02-30", -1, NULL, "不存在的日期"},
	{"2026-6-30", -1, NULL, "格式须为 YYYY-MM-DD"},
	{NULL, -1, NULL, "空值"},
};

static void test_half(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(half_cases) / sizeof(half_cases[0]); i++) {
		const struct half_case *k = &half_cases[i];
		char out[3] = "";
		int rc = duty_half_of(k->date, out);

		if (rc != k->rc || (k->half && strcmp(out, k->half) != 0))
			fail_msg("%s (%s): rc %d half %s", k->date ? k->date : "NULL", k->why, rc, out);
	}
}

struct due_case { int year; const char *half; int rc; const char *due; const char *why; };
static const struct due_case due_cases[] = {
	{2026, "H1", 0, "2026-06-30", "004 第1项：每年6月底"},
	{2026, "H2", 0, "2026-12-31", "004 第1项：每年12月底"},
	{2028, "H1", 0, "2028-06-30", "闰年不影响6月底"},
	{2026, "H3", -1, NULL, "只有上、下半年"},
	{1899, "H1", -1, NULL, "年份超出范围"},
	{2026, NULL, -1, NULL, "空值"},
};

static void test_due(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(due_cases) / sizeof(due_cases[0]); i++) {
		const struct due_case *k = &due_cases[i];
		char out[11] = "";
		int rc = duty_report_due(k->year, k->half, out);

		if (rc != k->rc || (k->due && strcmp(out, k->due) != 0))
			fail_msg("%d %s (%s): rc %d due %s", k->year, k->half ? k->half : "NULL",
				 k->why, rc, out);
	}
}

struct rev_case { const char *approved; int years; int rc; const char *next; const char *why; };
static const struct rev_case rev_cases[] = {
	{"2025-03-15", DUTY_REVISION_YEARS, 0, "2028-03-15", "平台默认：批准之日起3年修订"},
	{"2024-02-29", 3, 0, "2027-02-28", "闰日在平年落到2月28日"},
	{"2024-02-29", 4, 0, "2028-02-29", "闰年到闰年保持2月29日"},
	{"2026-12-31", 1, 0, "2027-12-31", "一年"},
	{"2026-01-01", 0, -1, NULL, "间隔至少1年"},
	{"2026-01-01", 21, -1, NULL, "间隔至多20年"},
	{"2026-13-01", 3, -1, NULL, "不存在的月份"},
	{NULL, 3, -1, NULL, "空值"},
};

static void test_revision(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rev_cases) / sizeof(rev_cases[0]); i++) {
		const struct rev_case *k = &rev_cases[i];
		char out[11] = "";
		int rc = duty_revision_next(k->approved, k->years, out);

		if (rc != k->rc || (k->next && strcmp(out, k->next) != 0))
			fail_msg("%s +%d (%s): rc %d next %s", k->approved ? k->approved : "NULL",
				 k->years, k->why, rc, out);
	}
}

/* 安全生产法第二十一条 has seven duties; duty 5 is 双重预防, duty 6 the emergency plan,
 * duty 7 reporting accidents (seeds/000 二(一)). */
static void test_statutory(void **state)
{
	(void)state;
	assert_null(duty_statutory_text(0));
	assert_null(duty_statutory_text(8));
	for (int n = 1; n <= DUTY_STATUTORY_N; n++)
		assert_non_null(duty_statutory_text(n));
	assert_non_null(strstr(duty_statutory_text(1), "全员安全生产责任制"));
	assert_non_null(strstr(duty_statutory_text(5), "双重预防"));
	assert_non_null(strstr(duty_statutory_text(6), "应急救援预案"));
	assert_non_null(strstr(duty_statutory_text(7), "报告生产安全事故"));
}

/* 条例第三十三条: seven basic systems plus 岗位操作规程 (seeds/000 二(三)1). */
static void test_systems(void **state)
{
	static const char *const want[DUTY_SYSTEMS_N] = {
		"安全生产全员责任制及奖惩制度", "安全生产会议制度", "安全生产投入及费用管理制度",
		"安全风险分级管控制度", "安全检查和事故隐患排查治理制度", "应急管理制度",
		"安全生产档案制度", "岗位作业管理制度及操作规程",
	};

	(void)state;
	for (int i = 0; i < DUTY_SYSTEMS_N; i++) {
		assert_string_equal(duty_system_at(i)->label, want[i]);
		assert_int_equal(duty_system_find(duty_system_at(i)->code), i);
	}
	assert_null(duty_system_at(DUTY_SYSTEMS_N));
	assert_int_equal(duty_system_find("other"), -1);
	assert_int_equal(duty_system_find(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_half),
		cmocka_unit_test(test_due),
		cmocka_unit_test(test_revision),
		cmocka_unit_test(test_statutory),
		cmocka_unit_test(test_systems),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
