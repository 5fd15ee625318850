/*
 * test_training.c — src/rules/training.c against the regulations, one table row per
 * rule with its article (DOMAIN.md §12):
 *   - 生产经营单位安全培训规定 (原安监总局令第3号, rev. 第80号) 第九条 (principal and
 *     safety managers 32/12 h, 48/16 h in 煤矿、非煤矿山、危化品、烟花爆竹、金属冶炼)
 *     and 第十三条 (new employees 24 h, 72 h and 20 h a year in those industries);
 *   - the ordinary employee's annual hours: configuration, default 8 h (DOMAIN.md ⚠️);
 *   - 安全生产法 第二十七条 (assessment certificate of principals and safety managers of
 *     危险物品、矿山、金属冶炼、建筑施工、运输 units) and 第三十条 (特种作业人员 hold the
 *     特种作业操作证);
 *   - 特种作业人员安全技术培训考核管理规定 (原安监总局令第30号) 第十九条 (valid 6 years),
 *     第二十一条 (review every 3 years, 6 with 10 years in the trade), 第二十二条
 *     (apply within 60 days before the date: the warning).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rules/training.h"

static void test_required_hours(void **state)
{
	static const struct {
		enum tr_person p;
		int high_risk, is_new;
		double want;
		const char *article;
	} rows[] = {
		/* 令第3号 第九条: 主要负责人、安全生产管理人员 初次 ≥32 学时, 每年再培训 ≥12 学时 */
		{TRP_PRINCIPAL, 0, 1, 32, "第九条"},
		{TRP_PRINCIPAL, 0, 0, 12, "第九条"},
		{TRP_SAFETY_MANAGER, 0, 1, 32, "第九条"},
		{TRP_SAFETY_MANAGER, 0, 0, 12, "第九条"},
		/* 第九条第二款: 煤矿、非煤矿山、危险化学品、烟花爆竹、金属冶炼 初次 ≥48, 每年 ≥16 */
		{TRP_PRINCIPAL, 1, 1, 48, "第九条"},
		{TRP_PRINCIPAL, 1, 0, 16, "第九条"},
		{TRP_SAFETY_MANAGER, 1, 1, 48, "第九条"},
		{TRP_SAFETY_MANAGER, 1, 0, 16, "第九条"},
		/* 第十三条: 新上岗的从业人员 岗前培训 ≥24 学时 */
		{TRP_EMPLOYEE, 0, 1, 24, "第十三条"},
		{TRP_SPECIAL_WORKER, 0, 1, 24, "第十三条"},
		/* 第十三条第二款: 高危行业 新上岗 ≥72 学时, 每年再培训 ≥20 学时 */
		{TRP_EMPLOYEE, 1, 1, 72, "第十三条"},
		{TRP_EMPLOYEE, 1, 0, 20, "第十三条"},
		{TRP_SPECIAL_WORKER, 1, 1, 72, "第十三条"},
		{TRP_SPECIAL_WORKER, 1, 0, 20, "第十三条"},
		/* ordinary employee, annual: not in 令第3号; configured, default 8 (⚠️) */
		{TRP_EMPLOYEE, 0, 0, 8, "第十三条"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct training_hours h;
		double got = training_required_year(rows[i].p, rows[i].is_new, rows[i].high_risk, NULL);
		if (got != rows[i].want)
			fail_msg("row %zu: kind %d high_risk %d new %d: want %g got %g", i, rows[i].p,
				 rows[i].high_risk, rows[i].is_new, rows[i].want, got);
		assert_int_equal(training_required(rows[i].p, rows[i].high_risk, NULL, &h), 0);
		assert_non_null(strstr(h.article, rows[i].article));
		assert_non_null(strstr(h.article, "令第3号"));
	}
	/* unknown kind: refused, not defaulted */
	assert_true(training_required_year(TRP_NONE, 1, 0, NULL) < 0);
	assert_true(training_required_year((enum tr_person)99, 0, 0, NULL) < 0);
}

static void test_ordinary_annual_is_configuration(void **state)
{
	struct training_config cfg = { .employee_annual_general = 12 };

	(void)state;
	assert_true(training_required_year(TRP_EMPLOYEE, 0, 0, &cfg) == 12);
	/* the configured figure touches nothing the regulation fixes */
	assert_true(training_required_year(TRP_EMPLOYEE, 1, 0, &cfg) == 24);
	assert_true(training_required_year(TRP_EMPLOYEE, 0, 1, &cfg) == 20);
	assert_true(training_required_year(TRP_PRINCIPAL, 0, 0, &cfg) == 12);
	cfg.employee_annual_general = 0;
	assert_true(training_required_year(TRP_EMPLOYEE, 0, 0, &cfg) == 0);
}

static void test_high_risk_industries(void **state)
{
	static const struct { const char *hr, *div; int hours, cert; } rows[] = {
		/* 令第3号 第九条: the five industries (煤矿 by GB/T 4754 大类 06) */
		{"mining", NULL, 1, 1},
		{"hazardous_chemicals", "26", 1, 1},
		{"fireworks", NULL, 1, 1},
		{"metal_smelting", "31", 1, 1},
		{"none", "06", 1, 1},
		/* 安全生产法 第二十七条: also 建筑施工, 运输, 危险物品 (燃气, 民爆) */
		{"construction", "48", 0, 1},
		{"transport", "54", 0, 1},
		{"gas", "45", 0, 1},
		{"civil_explosives", NULL, 0, 1},
		/* neither */
		{"none", "72", 0, 0},
		{"crowded_place", "52", 0, 0},
		{"dust_explosion", "21", 0, 0},
		{NULL, NULL, 0, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (training_hours_high_risk(rows[i].hr, rows[i].div) != rows[i].hours)
			fail_msg("hours row %zu (%s)", i, rows[i].hr ? rows[i].hr : "NULL");
		if (training_cert_high_risk(rows[i].hr, rows[i].div) != rows[i].cert)
			fail_msg("cert row %zu (%s)", i, rows[i].hr ? rows[i].hr : "NULL");
	}
}

static void test_required_cert(void **state)
{
	static const struct { enum tr_person p; int hr; enum tr_cert want; } rows[] = {
		/* 安全生产法 第三十条: 特种作业人员 取得相应资格方可上岗, in every industry */
		{TRP_SPECIAL_WORKER, 0, TRC_SPECIAL_OP},
		{TRP_SPECIAL_WORKER, 1, TRC_SPECIAL_OP},
		/* 第二十七条第二款: 考核合格 in the listed units only */
		{TRP_PRINCIPAL, 1, TRC_PRINCIPAL},
		{TRP_SAFETY_MANAGER, 1, TRC_SAFETY_MANAGER},
		{TRP_PRINCIPAL, 0, TRC_NONE},
		{TRP_SAFETY_MANAGER, 0, TRC_NONE},
		/* an ordinary employee needs none */
		{TRP_EMPLOYEE, 1, TRC_NONE},
		{TRP_EMPLOYEE, 0, TRC_NONE},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(training_required_cert(rows[i].p, rows[i].hr), rows[i].want);
}

static void test_cert_dates(void **state)
{
	char out[11];

	(void)state;
	/* 令第30号 第十九条: 特种作业操作证有效期为6年 */
	assert_int_equal(training_cert_default_expiry(TRC_SPECIAL_OP, "2024-03-15", out), 0);
	assert_string_equal(out, "2030-03-15");
	assert_int_equal(training_cert_default_expiry(TRC_SPECIAL_OP, "2024-02-29", out), 0);
	assert_string_equal(out, "2030-02-28");
	/* other certificates: as printed on them */
	assert_int_equal(training_cert_default_expiry(TRC_PRINCIPAL, "2024-03-15", out), 1);
	assert_int_equal(training_cert_default_expiry(TRC_SPECIAL_OP, "2024-13-01", out), -1);
	/* 第二十一条: 每3年复审1次; 连续从事本工种10年以上 … 每6年1次 */
	assert_int_equal(training_cert_next_review(TRC_SPECIAL_OP, "2024-03-15", 0, out), 0);
	assert_string_equal(out, "2027-03-15");
	assert_int_equal(training_cert_next_review(TRC_SPECIAL_OP, "2024-03-15", 1, out), 0);
	assert_string_equal(out, "2030-03-15");
	assert_int_equal(training_cert_next_review(TRC_ENGINEER, "2024-03-15", 0, out), 1);
}

static void test_cert_state(void **state)
{
	static const struct {
		const char *expiry, *review, *today;
		enum tr_cert_state want;
	} rows[] = {
		/* 第二十二条: 期满前60日内 申请复审 — the warning begins 60 days ahead */
		{"2026-12-31", NULL, "2026-11-01", TRCS_EXPIRING},	/* 60 days before */
		{"2026-12-31", NULL, "2026-10-31", TRCS_VALID},	/* 61 days before */
		{"2026-12-31", NULL, "2026-12-31", TRCS_EXPIRING},	/* the day itself */
		{"2026-12-31", NULL, "2027-01-01", TRCS_EXPIRED},
		/* the review date comes first: it is the date to act on */
		{"2030-03-15", "2027-03-15", "2027-02-01", TRCS_EXPIRING},
		{"2030-03-15", "2027-03-15", "2027-03-16", TRCS_EXPIRED},
		{"2030-03-15", "2027-03-15", "2026-06-01", TRCS_VALID},
		/* no dates: nothing to warn of */
		{NULL, NULL, "2026-06-01", TRCS_VALID},
		{"", "", "2026-06-01", TRCS_VALID},
		/* malformed */
		{"2026-02-30", NULL, "2026-06-01", TRCS_INVALID},
		{"2026-12-31", NULL, "today", TRCS_INVALID},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (training_cert_state(rows[i].expiry, rows[i].review, rows[i].today) != rows[i].want)
			fail_msg("row %zu: want %d got %d", i, rows[i].want,
				 training_cert_state(rows[i].expiry, rows[i].review, rows[i].today));
}

static void test_cert_due_and_warning(void **state)
{
	char due[11], warn[11];

	(void)state;
	assert_int_equal(training_cert_due("2026-12-31", NULL, due, warn), 0);
	assert_string_equal(due, "2026-12-31");
	assert_string_equal(warn, "2026-11-01");
	assert_int_equal(training_cert_due("2030-03-15", "2027-03-15", due, warn), 0);
	assert_string_equal(due, "2027-03-15");
	assert_string_equal(warn, "2027-01-14");
	assert_int_equal(training_cert_due(NULL, "", due, warn), 1);
	assert_int_equal(training_cert_due("x", NULL, due, warn), -1);
}

static void test_passed_and_codes(void **state)
{
	(void)state;
	/* exam pass mark 80 of 100 (令第30号 practice, ⚠️): 80 passes, 79.5 fails */
	assert_true(training_passed(80, 0));
	assert_false(training_passed(79.5, 0));
	assert_true(training_passed(60, 60));
	assert_false(training_passed(59, 60));
	assert_int_equal(training_person_parse("special_worker"), TRP_SPECIAL_WORKER);
	assert_int_equal(training_person_parse("boss"), TRP_NONE);
	assert_int_equal(training_person_parse(NULL), TRP_NONE);
	assert_string_equal(training_person_code(TRP_PRINCIPAL), "principal");
	assert_null(training_person_code(TRP_NONE));
	assert_int_equal(training_cert_parse("engineer"), TRC_ENGINEER);
	assert_int_equal(training_cert_parse("x"), TRC_NONE);
	assert_string_equal(training_cert_code(TRC_SPECIAL_OP), "special_op");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_required_hours),
		cmocka_unit_test(test_ordinary_annual_is_configuration),
		cmocka_unit_test(test_high_risk_industries),
		cmocka_unit_test(test_required_cert),
		cmocka_unit_test(test_cert_dates),
		cmocka_unit_test(test_cert_state),
		cmocka_unit_test(test_cert_due_and_warning),
		cmocka_unit_test(test_passed_and_codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
