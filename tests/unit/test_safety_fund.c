/*
 * test_safety_fund.c — the extraction of 安全生产费用 of src/rules/safety_fund.c per
 * 财资〔2022〕136号 (DOMAIN.md §6): every tier bound of the revenue industries
 * (超额累退, 以下 includes the bound), the worked example (危险品, 3亿 → 357.5万),
 * per-tonne and project-cost bases, Art. 48 (new enterprise), the monthly accrual,
 * the permitted uses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rules/safety_fund.h"

#define WAN(x) ((int64_t)((x) * 1000000.0 + 0.5))	/* x万元 in fen (literals) */
#define YI(x) ((int64_t)(x) * SF_YI)		/* x亿元 in fen */
#define Y(x) ((int64_t)((x) * 100 + 0.5))	/* yuan → fen (test literals) */

struct row {
	const char *industry;
	int64_t base_fen;	/* revenue or cost */
	int64_t qty_milli;	/* output */
	int64_t want_fen;
	const char *cite;
};

static const struct row rows[] = {
	/* 危险品生产与储存 (第二十一条): 4.5% / 2.25% / 0.55% / 0.2% at 1000万 / 1亿 / 10亿 */
	{"hazardous_goods", 0, 0, 0, "第二十一条: no revenue, nothing"},
	{"hazardous_goods", WAN(500), 0, WAN(22.5), "第二十一条: 500万 × 4.5%"},
	{"hazardous_goods", WAN(1000), 0, WAN(45), "第二十一条: bound 1000万 all at 4.5%"},
	{"hazardous_goods", WAN(1000) + 100, 0, WAN(45) + 2, "第二十一条: 1元 over at 2.25% (2.25 fen → 2)"},
	{"hazardous_goods", YI(1), 0, WAN(45) + WAN(202.5), "第二十一条: bound 1亿"},
	{"hazardous_goods", YI(3), 0, WAN(357.5), "DOMAIN.md §6 worked example: 3亿 → 357.5万"},
	{"hazardous_goods", YI(10), 0, WAN(45) + WAN(202.5) + WAN(495), "第二十一条: bound 10亿"},
	{"hazardous_goods", YI(20), 0, WAN(742.5) + WAN(200), "第二十一条: 10亿 over at 0.2%"},
	/* 交通运输 (第二十四条): flat */
	{"transport_freight", YI(2), 0, WAN(200), "第二十四条: 普通货运 1%"},
	{"transport_passenger", YI(2), 0, WAN(300), "第二十四条: 客运 1.5%"},
	/* 机械制造: 2.35 / 1.25 / 0.25 / 0.1 / 0.05% at 1000万 / 1亿 / 10亿 / 50亿 */
	{"machinery", WAN(1000), 0, WAN(23.5), "机械制造: bound 1000万 at 2.35%"},
	{"machinery", YI(1), 0, WAN(23.5) + WAN(112.5), "机械制造: bound 1亿"},
	{"machinery", YI(10), 0, WAN(136) + WAN(225), "机械制造: bound 10亿"},
	{"machinery", YI(50), 0, WAN(361) + WAN(400), "机械制造: bound 50亿"},
	{"machinery", YI(60), 0, WAN(761) + WAN(50), "机械制造: over 50亿 at 0.05%"},
	/* 烟花爆竹 (第三十三条): 4 / 3 / 2.5% at 1000万 / 2000万 */
	{"fireworks", WAN(1000), 0, WAN(40), "第三十三条: bound 1000万"},
	{"fireworks", WAN(2000), 0, WAN(70), "第三十三条: bound 2000万"},
	{"fireworks", WAN(3000), 0, WAN(95), "第三十三条: over 2000万 at 2.5%"},
	/* 民用爆炸物品 (第三十六条): 4 / 2 / 0.5 / 0.2% */
	{"civil_explosives", YI(1), 0, WAN(40) + WAN(180), "第三十六条: bound 1亿"},
	{"civil_explosives", YI(12), 0, WAN(220) + WAN(450) + WAN(40), "第三十六条: 12亿"},
	/* 冶金 ⚠️ default (2012 rates): 3 / 1.5 / 0.5 / 0.2 / 0.1 / 0.05% */
	{"metallurgy", YI(100), 0, WAN(30) + WAN(135) + WAN(450) + WAN(800) + WAN(500),
	 "冶金 (⚠️ 2012 default): bound 100亿"},
	{"metallurgy", YI(110), 0, WAN(1915) + WAN(50), "冶金: over 100亿 at 0.05%"},
	/* 电力 (第四十三条) */
	{"power_generation", YI(100), 0, WAN(30) + WAN(135) + WAN(900) + WAN(3200) + WAN(3000),
	 "第四十三条: 发电 bound 100亿"},
	{"power_generation", YI(101), 0, WAN(7265) + WAN(20), "第四十三条: 发电 over 100亿 at 0.2%"},
	{"power_supply", YI(500), 0, WAN(25000), "第四十三条: 供电 bound 500亿 at 0.5%"},
	{"power_supply", YI(2500), 0, WAN(25000) + WAN(20000) + WAN(30000) + WAN(10000),
	 "第四十三条: 供电 2500亿"},
	/* per tonne */
	{"coal_outburst", 0, 100000 * 1000, WAN(500), "煤炭: 突出矿井 50元/t × 10万t"},
	{"coal_high_gas", 0, 100000 * 1000, WAN(300), "煤炭: 高瓦斯 30元/t"},
	{"coal_underground", 0, 100000 * 1000, WAN(150), "煤炭: 其他井工 15元/t"},
	{"coal_open_pit", 0, 100000 * 1000, WAN(50), "煤炭: 露天 5元/t"},
	{"mine_nonmetal_under", 0, 5000 * 1000, Y(40000), "非煤: exam answer, 5000t 井工云母 → 40,000元"},
	{"mine_metal_under", 0, 1000 * 1000, Y(15000), "非煤: 金属井工 15元/t"},
	{"mine_small_quarry", 0, 1000 * 1000, Y(2000), "非煤: 小型露天采石场 2元/t"},
	{"oil_crude", 0, 1000 * 1000, Y(20000), "第十四条: 原油 20元/t"},
	{"oil_gas", 0, 1500 * 1000, Y(11250), "第十四条: 天然气 7.5元/千m³ × 1500"},
	{"oil_gas", 0, 1, 1, "第十四条: 0.001 千m³ is 0.75 fen, rounds to 1"},
	/* share of cost */
	{"construction_mine", WAN(1000), 0, WAN(35), "第十七条: 矿山工程 3.5%"},
	{"construction_building", WAN(1000), 0, WAN(30), "第十七条: 房屋建筑 3%"},
	{"construction_water", WAN(1000), 0, WAN(25), "第十七条: 水利水电 2.5%"},
	{"construction_industrial", WAN(1000), 0, WAN(20), "第十七条: 机电安装 2%"},
	{"construction_municipal", WAN(1000), 0, WAN(15), "第十七条: 市政公用 1.5%"},
	{"oil_engineering", WAN(1000), 0, WAN(20), "第十四条: 钻井等 2% of direct cost"},
	{"nuclear_engineering", WAN(1000), 0, WAN(30), "第四十条: 核工程 3%"},
};

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct sf_industry *ind = sf_industry_find(rows[i].industry);
		int64_t got;

		assert_non_null(ind);
		got = sf_annual_fen(ind, rows[i].base_fen, rows[i].qty_milli, NULL, 0);
		if (got != rows[i].want_fen)
			fail_msg("%s: got %lld fen, want %lld", rows[i].cite, (long long)got,
				 (long long)rows[i].want_fen);
	}
}

/* The worked example's monthly accrual: 357.5万 ÷ 12 ≈ 29.79万, the twelve sum back. */
static void test_monthly(void **state)
{
	int64_t annual = WAN(357.5), sum = 0;

	(void)state;
	assert_int_equal(sf_month_fen(annual, 1), 29791666);	/* 297916.66 元 */
	assert_int_equal(sf_month_fen(annual, 11), 29791666);
	assert_int_equal(sf_month_fen(annual, 12), 29791674);	/* December takes the rest */
	for (int m = 1; m <= 12; m++)
		sum += sf_month_fen(annual, m);
	assert_int_equal(sum, annual);
	assert_int_equal(sf_month_fen(annual, 0), -1);
	assert_int_equal(sf_month_fen(annual, 13), -1);
	assert_int_equal(sf_month_fen(-1, 1), -1);
}

/* Art. 48: a new enterprise spends actual costs and computes at year-end; output and
 * cost bases accrue by the month's output or progress. */
static void test_equal_monthly(void **state)
{
	(void)state;
	assert_true(sf_equal_monthly(sf_industry_find("hazardous_goods"), 0));
	assert_false(sf_equal_monthly(sf_industry_find("hazardous_goods"), 1));	/* 第四十八条 */
	assert_false(sf_equal_monthly(sf_industry_find("coal_open_pit"), 0));
	assert_false(sf_equal_monthly(sf_industry_find("construction_mine"), 0));
	assert_false(sf_equal_monthly(NULL, 0));
}

/* ⚠️ tiers from configuration override the default; bad tiers are refused. */
static void test_configured_tiers(void **state)
{
	static const struct sf_tier cfg[] = { {WAN(1000), 4000}, {0, 1000} };
	static const struct sf_tier unbounded_first[] = { {0, 1000}, {WAN(1000), 500} };
	static const struct sf_tier descending[] = { {YI(1), 1000}, {WAN(1000), 500}, {0, 100} };
	static const struct sf_tier bad_rate[] = { {0, SF_RATE_UNIT + 1} };
	const struct sf_industry *m = sf_industry_find("metallurgy");

	(void)state;
	assert_true(m->uncertain);
	assert_false(sf_industry_find("hazardous_goods")->uncertain);
	assert_int_equal(sf_annual_fen(m, WAN(2000), 0, cfg, 2), WAN(40) + WAN(10));
	assert_int_equal(sf_tiered_fen(WAN(1), unbounded_first, 2), -1);
	assert_int_equal(sf_tiered_fen(WAN(1), descending, 3), -1);
	assert_int_equal(sf_tiered_fen(WAN(1), bad_rate, 1), -1);
	assert_int_equal(sf_tiered_fen(WAN(1), NULL, 0), -1);
	assert_int_equal(sf_tiered_fen(-1, cfg, 2), -1);
	/* 1万亿元 is the largest base; the exact sum does not overflow there */
	assert_int_equal(sf_annual_fen(sf_industry_find("transport_passenger"), YI(10000), 0, NULL, 0),
			 YI(150));
	assert_int_equal(sf_annual_fen(sf_industry_find("transport_passenger"), YI(10000) + 1, 0, NULL, 0), -1);
	assert_int_equal(sf_annual_fen(NULL, 0, 0, NULL, 0), -1);
	assert_int_equal(sf_annual_fen(sf_industry_find("coal_open_pit"), 0, -1, NULL, 0), -1);
	assert_null(sf_industry_find("no_such"));
	assert_null(sf_industry_find(NULL));
}

/* Permitted uses (DOMAIN.md §6 list): the ten general items for every industry, the
 * coal item only for coal, never the initial 三同时 investment or non-safety spending. */
static void test_categories(void **state)
{
	(void)state;
	assert_true(sf_category_permitted("hazardous_goods", "ppe"));
	assert_true(sf_category_permitted("machinery", "insurance"));	/* 安责险 premiums */
	assert_true(sf_category_permitted("coal_high_gas", "coal_gas"));
	assert_false(sf_category_permitted("hazardous_goods", "coal_gas"));
	assert_false(sf_category_permitted("hazardous_goods", "initial_project"));	/* item 1 */
	assert_false(sf_category_permitted("hazardous_goods", "non_safety"));
	assert_false(sf_category_permitted("hazardous_goods", "unknown"));
	assert_false(sf_category_permitted("hazardous_goods", NULL));
	assert_int_equal(sf_category_count(), 13);
}

static void test_yuan(void **state)
{
	char b[32];

	(void)state;
	sf_yuan_str(WAN(357.5), b);
	assert_string_equal(b, "3575000.00");
	sf_yuan_str(29791666, b);
	assert_string_equal(b, "297916.66");
	sf_yuan_str(-5, b);
	assert_string_equal(b, "-0.05");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_monthly),
		cmocka_unit_test(test_equal_monthly),
		cmocka_unit_test(test_configured_tiers),
		cmocka_unit_test(test_categories),
		cmocka_unit_test(test_yuan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
