/*
 * test_permit.c — the hazardous-work permit rules of src/rules/permit.c as tables, each
 * row citing GB 30871-2022 (DOMAIN.md §5) by chapter or clause: 4.10 监护人, 5 动火,
 * 6 受限空间, 7 盲板抽堵 (7.11), 8 高处, 9 吊装, 10 临时用电 (10.8), 11 动土, 12 断路,
 * Appendix B (Table B.1); seeds/004 item 15 for the kinds of enterprises outside the
 * chemical industry.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "rules/permit.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void test_kinds(void **state)
{
	static const struct { const char *why, *kind; int chem, in; } rows[] = {
		{"GB 30871: 动火 is one of the eight", "hot", 1, 1},
		{"GB 30871: 受限空间", "confined", 1, 1},
		{"GB 30871: 盲板抽堵", "blind", 1, 1},
		{"GB 30871: 高处", "height", 1, 1},
		{"GB 30871: 吊装", "lifting", 1, 1},
		{"GB 30871: 临时用电", "power", 1, 1},
		{"GB 30871: 动土", "excavation", 1, 1},
		{"GB 30871: 断路", "road", 1, 1},
		{"GB 30871 has no 爆破", "blasting", 1, 0},
		{"004 item 15: 爆破", "blasting", 0, 1},
		{"004 item 15: 登高", "climbing", 0, 1},
		{"004 item 15: 设备检维修", "maintenance", 0, 1},
		{"004 item 15: 涂装", "coating", 0, 1},
		{"004 item 15: 动火", "hot", 0, 1},
		{"004 item 15: 受限空间", "confined", 0, 1},
		{"004 item 15: 吊装", "lifting", 0, 1},
		{"004 item 15: 临时用电", "power", 0, 1},
		{"004 item 15 has no 盲板抽堵", "blind", 0, 0},
		{"004 item 15 has no 断路", "road", 0, 0},
	};
	int chem = 0, gen = 0;

	(void)state;
	for (size_t i = 0; i < N(rows); i++)
		if (pmt_kind_in_set(rows[i].kind, rows[i].chem) != rows[i].in)
			fail_msg("%s", rows[i].why);
	for (const struct pmt_kind *k = pmt_kinds; k->code; k++) {
		chem += (k->sets & PMT_SET_CHEM) != 0;
		gen += (k->sets & PMT_SET_GENERAL) != 0;
	}
	assert_int_equal(chem, 8);	/* the eight of GB 30871 */
	assert_int_equal(gen, 8);	/* the eight of 004 item 15 */
	assert_int_equal(pmt_kind_in_set("nope", 1), -1);
	/* gas tests before work: 动火 (ch. 5) and 受限空间 (ch. 6) */
	assert_int_equal(pmt_kind_find("hot")->gas_test, 1);
	assert_int_equal(pmt_kind_find("confined")->gas_test, 1);
	assert_int_equal(pmt_kind_find("height")->gas_test, 0);
}

static void test_hot_grade(void **state)
{
	static const struct {
		const char *why;
		enum pmt_hot_place place;
		int iso, raise;
		const char *grade;
	} rows[] = {
		{"ch. 5: running equipment in a fire/explosion area is 特级", PMT_HOT_RUNNING, 0, 0, "special"},
		{"ch. 5: 特级 cannot be downgraded by isolation", PMT_HOT_RUNNING, 1, 0, "special"},
		{"ch. 5: 特级 stays 特级 when raised", PMT_HOT_RUNNING, 0, 1, "special"},
		{"ch. 5: other work in a fire/explosion area (pipe racks) is 一级", PMT_HOT_HAZARD_AREA, 0, 0, "first"},
		{"ch. 5: shut down, cleaned and isolated may go down to 二级", PMT_HOT_HAZARD_AREA, 1, 0, "second"},
		{"ch. 5: 一级 raised on a holiday or at night is 特级", PMT_HOT_HAZARD_AREA, 0, 1, "special"},
		{"ch. 5: isolated and raised is 一级 again", PMT_HOT_HAZARD_AREA, 1, 1, "first"},
		{"ch. 5: everything else is 二级", PMT_HOT_OTHER, 0, 0, "second"},
		{"ch. 5: 二级 raised is 一级", PMT_HOT_OTHER, 0, 1, "first"},
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++)
		if (!same(pmt_hot_grade(rows[i].place, rows[i].iso, rows[i].raise), rows[i].grade))
			fail_msg("%s", rows[i].why);
	assert_null(pmt_hot_grade((enum pmt_hot_place)0, 0, 0));
}

static void test_time_raises(void **state)
{
	static const struct { const char *why, *start; int workday, raise; } rows[] = {
		{"ch. 5: a working day at 09:00 is not raised", "2026-11-23 09:00:00", 1, 0},
		{"ch. 5: a rest day or holiday raises", "2026-11-22 09:00:00", 0, 1},
		{"ch. 5: night (22:00 default) raises", "2026-11-23 22:00:00", 1, 1},
		{"ch. 5: 21:59 is still day", "2026-11-23 21:59:00", 1, 0},
		{"ch. 5: 05:59 is night", "2026-11-23 05:59:00", 1, 1},
		{"ch. 5: 06:00 is day", "2026-11-23 06:00:00", 1, 0},
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++)
		if (pmt_time_raises(rows[i].start, rows[i].workday, PMT_NIGHT_FROM, PMT_NIGHT_TO) != rows[i].raise)
			fail_msg("%s", rows[i].why);
	assert_int_equal(pmt_time_raises("2026-11-23", 1, 22, 6), -1);
	assert_int_equal(pmt_time_raises("2026-11-23 10:00:00", -1, 22, 6), -1);
}

static void test_height_grade(void **state)
{
	static const struct { const char *why; double h; int factor; const char *grade; } rows[] = {
		{"ch. 8: below 2 m is not work at height", 1.99, 0, NULL},
		{"ch. 8 / GB/T 3608: 2 m is band 1, method A I", 2.0, 0, "I"},
		{"band 1 includes 5 m", 5.0, 0, "I"},
		{"band 1 method B is II", 5.0, 1, "II"},
		{"5 < h ≤ 15: method A II", 5.01, 0, "II"},
		{"15 m method A II", 15.0, 0, "II"},
		{"15 m method B III", 15.0, 1, "III"},
		{"15 < h ≤ 30: method A III", 15.5, 0, "III"},
		{"30 m method B IV", 30.0, 1, "IV"},
		{"h > 30: IV", 30.1, 0, "IV"},
		{"h > 30 method B stays IV", 45.0, 1, "IV"},
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++)
		if (!same(pmt_height_grade(rows[i].h, rows[i].factor), rows[i].grade))
			fail_msg("%s", rows[i].why);
}

static void test_lift_grade(void **state)
{
	static const struct { const char *why; double m; const char *grade; int permit; } rows[] = {
		{"ch. 9: m > 100 t is 一级", 100.1, "first", 1},
		{"ch. 9: 100 t is 二级 (40 ≤ m ≤ 100)", 100.0, "second", 1},
		{"ch. 9: 40 t is 二级", 40.0, "second", 1},
		{"ch. 9: below 40 t is 三级", 39.9, "third", 1},
		{"Appendix B: 10 t needs a permit", 10.0, "third", 1},
		{"Appendix B: below 10 t no permit (risk analysis only)", 9.9, "third", 0},
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		if (!same(pmt_lift_grade(rows[i].m), rows[i].grade))
			fail_msg("%s: grade", rows[i].why);
		if (pmt_lift_needs_permit(rows[i].m) != rows[i].permit)
			fail_msg("%s: permit", rows[i].why);
	}
	assert_null(pmt_lift_grade(-1));
}

static void test_validity(void **state)
{
	static const struct { const char *why, *kind, *grade, *from, *to; int ok; } rows[] = {
		{"ch. 5: 特级动火 8 h", "hot", "special", "2026-11-23 08:00:00", "2026-11-23 16:00:00", 1},
		{"ch. 5: 特级动火 8 h 1 min is too long", "hot", "special", "2026-11-23 08:00:00", "2026-11-23 16:01:00", 0},
		{"ch. 5: 一级动火 8 h", "hot", "first", "2026-11-23 08:00:00", "2026-11-23 16:00:00", 1},
		{"ch. 5: 一级动火 9 h too long", "hot", "first", "2026-11-23 08:00:00", "2026-11-23 17:00:00", 0},
		{"ch. 5: 二级动火 72 h", "hot", "second", "2026-11-23 08:00:00", "2026-11-26 08:00:00", 1},
		{"ch. 5: 二级动火 72 h 1 min too long", "hot", "second", "2026-11-23 08:00:00", "2026-11-26 08:01:00", 0},
		{"ch. 6: 受限空间 24 h", "confined", "none", "2026-11-23 08:00:00", "2026-11-24 08:00:00", 1},
		{"ch. 6: 受限空间 25 h too long", "confined", "none", "2026-11-23 08:00:00", "2026-11-24 09:00:00", 0},
		{"ch. 8: 高处 7 days", "height", "II", "2026-11-23 08:00:00", "2026-11-30 08:00:00", 1},
		{"ch. 8: 高处 7 days 1 min too long", "height", "II", "2026-11-23 08:00:00", "2026-11-30 08:01:00", 0},
		{"ch. 10: 临时用电 15 days", "power", "none", "2026-11-01 08:00:00", "2026-11-16 08:00:00", 1},
		{"ch. 10: 临时用电 16 days too long", "power", "none", "2026-11-01 08:00:00", "2026-11-17 08:00:00", 0},
		{"across a month end", "hot", "second", "2026-11-30 20:00:00", "2026-12-01 04:00:00", 1},
		{"end before start is refused", "hot", "second", "2026-11-23 08:00:00", "2026-11-23 07:00:00", 0},
		{"ch. 9: 吊装 has no limit in DOMAIN §5", "lifting", "first", "2026-11-01 08:00:00", "2026-12-01 08:00:00", 1},
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++)
		if (pmt_validity_ok(rows[i].kind, rows[i].grade, rows[i].from, rows[i].to) != rows[i].ok)
			fail_msg("%s", rows[i].why);
	assert_int_equal(pmt_max_hours("hot", "special"), 8);
	assert_int_equal(pmt_max_hours("hot", "second"), 72);
	assert_int_equal(pmt_max_hours("confined", "none"), 24);
	assert_int_equal(pmt_max_hours("height", "IV"), 168);
	assert_int_equal(pmt_max_hours("power", "none"), 360);
	assert_int_equal(pmt_validity_ok("hot", "first", "bad", "2026-11-23 08:00:00"), -1);
	assert_int_equal(pmt_minutes_between("2024-02-28 23:00:00", "2024-03-01 01:00:00"), 26 * 60);
}

static void test_gas(void **state)
{
	static const struct {
		const char *why, *kind;
		struct pmt_gas g;
		int pass;
	} rows[] = {
		{"ch. 6: O2 19.5 % passes", "confined", {19.5, 0.1, 5, -1, 0, 0}, 1},
		{"ch. 6: O2 19.4 % fails", "confined", {19.4, 0.1, 5, -1, 0, 0}, 0},
		{"ch. 6: O2 21 % passes", "confined", {21.0, 0.1, 5, -1, 0, 0}, 1},
		{"ch. 6: O2 21.1 % fails", "confined", {21.1, 0.1, 5, -1, 0, 0}, 0},
		{"ch. 6: oxygen-rich up to 23.5 %", "confined", {23.5, 0.1, 5, -1, 0, 1}, 1},
		{"ch. 6: oxygen-rich 23.6 % fails", "confined", {23.6, 0.1, 5, -1, 0, 1}, 0},
		{"ch. 6: confined space without O2 reading fails", "confined", {-1, 0.1, 5, -1, 0, 0}, 0},
		{"ch. 5: LEL ≥ 4 %: 0.5 % vol passes", "hot", {-1, 0.5, 4.0, -1, 0, 0}, 1},
		{"ch. 5: LEL ≥ 4 %: 0.51 % vol fails", "hot", {-1, 0.51, 4.0, -1, 0, 0}, 0},
		{"ch. 5: LEL < 4 %: 0.2 % vol passes", "hot", {-1, 0.2, 3.9, -1, 0, 0}, 1},
		{"ch. 5: LEL < 4 %: 0.3 % vol fails", "hot", {-1, 0.3, 3.9, -1, 0, 0}, 0},
		{"ch. 5: hot work without a combustible reading fails", "hot", {20.9, -1, 5, -1, 0, 0}, 0},
		{"ch. 6: toxics within the GBZ 2.1 limit pass", "confined", {20.9, 0, 5, 10, 10, 0}, 1},
		{"ch. 6: toxics above the GBZ 2.1 limit fail", "confined", {20.9, 0, 5, 10.5, 10, 0}, 0},
		{"a toxic reading without its limit fails", "confined", {20.9, 0, 5, 1, 0, 0}, 0},
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++)
		if ((pmt_gas_fail(rows[i].kind, &rows[i].g) == NULL) != rows[i].pass)
			fail_msg("%s", rows[i].why);
	/* 5.3.1 c) / 6.3 a): sample ≤ 30 min before work; 5.3.1 d): re-test after an
	 * interruption of > 30 min (特级/一级动火) or > 60 min (二级动火); 6.3 f): > 60 min (受限空间) */
	assert_int_equal(PMT_GAS_BEFORE_MIN, 30);
	assert_int_equal(pmt_retest_minutes("hot", "special"), 30);
	assert_int_equal(pmt_retest_minutes("hot", "first"), 30);
	assert_int_equal(pmt_retest_minutes("hot", "second"), 60);
	assert_int_equal(pmt_retest_minutes("confined", "none"), 60);
	assert_int_equal(pmt_retest_minutes("height", "I"), 0);
}

static void test_chain(void **state)
{
	static const struct { const char *why, *kind, *grade, *last; int steps; } rows[] = {
		{"B.1: 特级动火 by 主管领导", "hot", "special", "leader", 1},
		{"B.1: 一级动火 by 安全管理部门", "hot", "first", "safety_dept", 1},
		{"B.1: 二级动火 by 所在基层单位", "hot", "second", "base_unit", 1},
		{"B.1: 受限空间 by 所在基层单位", "confined", "none", "base_unit", 1},
		{"B.1: 盲板抽堵 by 所在基层单位", "blind", "none", "base_unit", 1},
		{"B.1: 高处 I级 by 所在基层单位", "height", "I", "base_unit", 1},
		{"B.1: 高处 II级 by 专业部门", "height", "II", "specialty_dept", 1},
		{"B.1: 高处 III级 by 专业部门", "height", "III", "specialty_dept", 1},
		{"B.1: 高处 IV级 by 主管厂长/总工程师", "height", "IV", "plant_head", 1},
		{"B.1: 吊装 一级 by 主管厂长/总工程师", "lifting", "first", "plant_head", 1},
		{"B.1: 吊装 二级 by 专业部门", "lifting", "second", "specialty_dept", 1},
		{"B.1: 吊装 三级 by 专业部门", "lifting", "third", "specialty_dept", 1},
		{"B.1: 临时用电 by 配送电单位", "power", "none", "power_unit", 1},
		{"B.1: 动土: 7 countersigns then 专业部门", "excavation", "none", "specialty_dept", 8},
		{"B.1: 断路: fire and safety countersign then 专业部门", "road", "none", "specialty_dept", 3},
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		const char *const *c = pmt_chain(rows[i].kind, rows[i].grade);
		int n = 0;
		if (!c)
			fail_msg("%s: no chain", rows[i].why);
		while (c[n])
			n++;
		if (n != rows[i].steps || strcmp(c[n - 1], rows[i].last) != 0)
			fail_msg("%s", rows[i].why);
	}
	assert_string_equal(pmt_chain("road", "none")[0], "cs_fire");
	assert_string_equal(pmt_chain("road", "none")[1], "cs_safety");
	assert_null(pmt_chain("nope", NULL));
	assert_int_equal(pmt_step_leader("leader"), 1);
	assert_int_equal(pmt_step_leader("plant_head"), 1);
	assert_int_equal(pmt_step_leader("base_unit"), 0);
	assert_string_equal(pmt_step_label("plant_head"), "主管厂长/总工程师");
}

static void test_power_within(void **state)
{
	static const struct { const char *why, *from, *to, *sfrom, *sto; int ok; } rows[] = {
		{"10.8: the same window as the 动火 it serves", "2026-11-23 08:00:00", "2026-11-23 16:00:00",
		 "2026-11-23 08:00:00", "2026-11-23 16:00:00", 1},
		{"10.8: inside the served window", "2026-11-23 09:00:00", "2026-11-23 12:00:00",
		 "2026-11-23 08:00:00", "2026-11-23 16:00:00", 1},
		{"10.8: one minute past the served permit's end", "2026-11-23 08:00:00", "2026-11-23 16:01:00",
		 "2026-11-23 08:00:00", "2026-11-23 16:00:00", 0},
		{"10.8: starting before the served permit", "2026-11-23 07:59:00", "2026-11-23 12:00:00",
		 "2026-11-23 08:00:00", "2026-11-23 16:00:00", 0},
		{"10.8: 15 days of power for a 24 h 受限空间 job", "2026-11-01 08:00:00", "2026-11-16 08:00:00",
		 "2026-11-01 08:00:00", "2026-11-02 08:00:00", 0},
		{"an empty window is refused", "2026-11-23 12:00:00", "2026-11-23 12:00:00",
		 "2026-11-23 08:00:00", "2026-11-23 16:00:00", 0},
		{"across midnight within a 72 h 二级动火", "2026-11-23 20:00:00", "2026-11-24 04:00:00",
		 "2026-11-23 08:00:00", "2026-11-26 08:00:00", 1},
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++)
		if (pmt_power_within(rows[i].from, rows[i].to, rows[i].sfrom, rows[i].sto) != rows[i].ok)
			fail_msg("%s", rows[i].why);
	assert_int_equal(pmt_power_within("bad", "2026-11-23 12:00:00", "2026-11-23 08:00:00",
					  "2026-11-23 16:00:00"), -1);
	assert_int_equal(pmt_power_within("2026-11-23 08:00:00", "2026-11-23 12:00:00", NULL,
					  "2026-11-23 16:00:00"), -1);
	/* 10.8: 临时用电 on its own ≤ 15 days (the validity rule) */
	assert_int_equal(pmt_max_hours("power", "none"), 15 * 24);
}

static void test_blind_no(void **state)
{
	static const struct { const char *why, *in, *out; } rows[] = {
		{"7.4: the number of the drawing as written", "MB-03", "MB-03"},
		{"7.11: lower case is the same blind", "mb-03", "MB-03"},
		{"7.11: spaces do not make another blind", " MB - 03 ", "MB-03"},
		{"7.11: a full-width space neither", "MB\xE3\x80\x80" "03", "MB03"},
		{"Chinese text is kept", "进料线1号盲板", "进料线1号盲板"},
	};
	char out[64], tiny[4];

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		if (pmt_blind_no_norm(rows[i].in, out, sizeof(out)) != 0)
			fail_msg("%s: refused", rows[i].why);
		if (strcmp(out, rows[i].out) != 0)
			fail_msg("%s: got %s", rows[i].why, out);
	}
	assert_int_equal(pmt_blind_no_norm("   ", out, sizeof(out)), -1);
	assert_int_equal(pmt_blind_no_norm(NULL, out, sizeof(out)), -1);
	assert_int_equal(pmt_blind_no_norm("MB-0003", tiny, sizeof(tiny)), -1);
}

static void test_guardian_not_worker(void **state)
{
	static const struct { const char *why, *name, *list; int in; } rows[] = {
		{"4.10 f): the guardian listed among the workers", "钱志刚", "孙建华、钱志刚、李卫国", 1},
		{"4.10 f): first of the list", "孙建华", "孙建华、钱志刚", 1},
		{"4.10 f): last of the list, comma separated", "李卫国", "孙建华，钱志刚,李卫国", 1},
		{"4.10 f): separated by spaces and semicolons", "李卫国", "孙建华 钱志刚；李卫国", 1},
		{"a guardian not among the workers", "吴海涛", "孙建华、钱志刚、李卫国", 0},
		{"a name contained in another is another person", "王海", "王海燕、钱志刚", 0},
		{"no workers listed", "吴海涛", "", 0},
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++)
		if (pmt_name_in_list(rows[i].name, rows[i].list) != rows[i].in)
			fail_msg("%s", rows[i].why);
	assert_int_equal(pmt_name_in_list(NULL, "甲"), -1);
	assert_int_equal(pmt_name_in_list("  ", "甲"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_hot_grade),
		cmocka_unit_test(test_time_raises),
		cmocka_unit_test(test_height_grade),
		cmocka_unit_test(test_lift_grade),
		cmocka_unit_test(test_validity),
		cmocka_unit_test(test_gas),
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_power_within),
		cmocka_unit_test(test_blind_no),
		cmocka_unit_test(test_guardian_not_worker),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
