/*
 * safety_fund.c — the extraction of 安全生产费用 per 财资〔2022〕136号 (see
 * safety_fund.h and DOMAIN.md §6 for the figures and their sources).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "rules/safety_fund.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define YUAN(x) ((int64_t)(x) * 100)
#define SF_MAX_BASE (SF_YI * 10000)	/* 1万亿元 */

/* Art. 21 危险品生产与储存: ≤1000万 4.5%; 1000万–1亿 2.25%; 1亿–10亿 0.55%; >10亿 0.2%. */
static const struct sf_tier t_hazardous[] = {
	{1000 * SF_WAN, 4500}, {SF_YI, 2250}, {10 * SF_YI, 550}, {0, 200},
};
/* Art. 24 交通运输: flat rates on the previous year's revenue. */
static const struct sf_tier t_freight[] = { {0, 1000} };
static const struct sf_tier t_passenger[] = { {0, 1500} };
/* 机械制造: ≤1000万 2.35%; to 1亿 1.25%; to 10亿 0.25%; to 50亿 0.1%; >50亿 0.05%. */
static const struct sf_tier t_machinery[] = {
	{1000 * SF_WAN, 2350}, {SF_YI, 1250}, {10 * SF_YI, 250}, {50 * SF_YI, 100}, {0, 50},
};
/* Art. 33 烟花爆竹: ≤1000万 4%; 1000万–2000万 3%; >2000万 2.5%. */
static const struct sf_tier t_fireworks[] = {
	{1000 * SF_WAN, 4000}, {2000 * SF_WAN, 3000}, {0, 2500},
};
/* Art. 36 民用爆炸物品: ≤1000万 4%; to 1亿 2%; to 10亿 0.5%; >10亿 0.2%. */
static const struct sf_tier t_explosives[] = {
	{1000 * SF_WAN, 4000}, {SF_YI, 2000}, {10 * SF_YI, 500}, {0, 200},
};
/* 冶金 ⚠️ (the 2012 rates, probably unchanged): ≤1000万 3%; to 1亿 1.5%; to 10亿 0.5%;
 * to 50亿 0.2%; to 100亿 0.1%; >100亿 0.05%. The default of the configuration. */
static const struct sf_tier t_metallurgy[] = {
	{1000 * SF_WAN, 3000}, {SF_YI, 1500}, {10 * SF_YI, 500}, {50 * SF_YI, 200},
	{100 * SF_YI, 100}, {0, 50},
};
/* Art. 43 电力生产: ≤1000万 3%; to 1亿 1.5%; to 10亿 1%; to 50亿 0.8%; to 100亿 0.6%;
 * >100亿 0.2%. */
static const struct sf_tier t_power_gen[] = {
	{1000 * SF_WAN, 3000}, {SF_YI, 1500}, {10 * SF_YI, 1000}, {50 * SF_YI, 800},
	{100 * SF_YI, 600}, {0, 200},
};
/* Art. 43 电力供应: ≤500亿 0.5%; to 1000亿 0.4%; to 2000亿 0.3%; >2000亿 0.2%. */
static const struct sf_tier t_power_supply[] = {
	{500 * SF_YI, 500}, {1000 * SF_YI, 400}, {2000 * SF_YI, 300}, {0, 200},
};

#define REV(code, label, art, t, unc) \
	{code, label, art, SF_REVENUE, t, N(t), 0, NULL, 0, unc}
#define OUT(code, label, art, fen, unit) \
	{code, label, art, SF_OUTPUT, NULL, 0, fen, unit, 0, 0}
#define COST(code, label, art, rate) \
	{code, label, art, SF_COST, NULL, 0, 0, NULL, rate, 0}

static const struct sf_industry industries[] = {
	/* 煤炭: raw coal mined in the month; where several hazards coexist the highest
	 * rate applies (the enterprise picks that kind). */
	OUT("coal_outburst", "煤炭（煤与瓦斯突出、冲击地压矿井）", "煤炭生产企业条款", YUAN(50), "吨"),
	OUT("coal_high_gas", "煤炭（高瓦斯、水文地质复杂、易自燃煤层矿井）", "煤炭生产企业条款", YUAN(30), "吨"),
	OUT("coal_underground", "煤炭（其他井工矿）", "煤炭生产企业条款", YUAN(15), "吨"),
	OUT("coal_open_pit", "煤炭（露天矿）", "煤炭生产企业条款", YUAN(5), "吨"),
	/* 非煤矿山: ore mined in the month. */
	OUT("mine_metal_open", "非煤矿山（金属露天矿山）", "非煤矿山企业条款", YUAN(5), "吨"),
	OUT("mine_metal_under", "非煤矿山（金属井工矿山）", "非煤矿山企业条款", YUAN(15), "吨"),
	OUT("mine_nuclear", "非煤矿山（核工业矿山）", "非煤矿山企业条款", YUAN(25), "吨"),
	OUT("mine_nonmetal_open", "非煤矿山（非金属露天矿山）", "非煤矿山企业条款", YUAN(3), "吨"),
	OUT("mine_nonmetal_under", "非煤矿山（非金属井工矿山）", "非煤矿山企业条款", YUAN(8), "吨"),
	OUT("mine_small_quarry", "非煤矿山（小型露天采石场）", "非煤矿山企业条款", YUAN(2), "吨"),
	/* Art. 14 石油天然气: output in the month, or 2% of direct engineering cost. */
	OUT("oil_crude", "石油天然气开采（原油）", "第十四条", YUAN(20), "吨"),
	OUT("oil_gas", "石油天然气开采（天然气）", "第十四条", 750, "千立方米"),
	COST("oil_engineering", "石油天然气（钻井、物探、测井等工程）", "第十四条", 2000),
	/* Art. 17 建设工程: share of 建安工程造价. */
	COST("construction_mine", "建设工程（矿山工程）", "第十七条", 3500),
	COST("construction_building", "建设工程（铁路、房屋建筑、城市轨道交通）", "第十七条", 3000),
	COST("construction_water", "建设工程（水利水电、电力工程）", "第十七条", 2500),
	COST("construction_industrial", "建设工程（冶炼、机电安装、化工石油、通信工程）", "第十七条", 2000),
	COST("construction_municipal", "建设工程（市政公用、港口与航道、公路工程）", "第十七条", 1500),
	REV("hazardous_goods", "危险品生产与储存", "第二十一条", t_hazardous, 0),
	REV("transport_freight", "交通运输（普通货运）", "第二十四条", t_freight, 0),
	REV("transport_passenger", "交通运输（客运、管道运输、危险货物等特殊货运）", "第二十四条",
	    t_passenger, 0),
	REV("fireworks", "烟花爆竹", "第三十三条", t_fireworks, 0),
	REV("civil_explosives", "民用爆炸物品", "第三十六条", t_explosives, 0),
	REV("metallurgy", "冶金", "⚠️沿用2012年费率，待核实", t_metallurgy, 1),
	REV("machinery", "机械制造", "机械制造企业条款", t_machinery, 0),
	COST("nuclear_engineering", "核工程", "第四十条", 3000),
	REV("power_generation", "电力生产", "第四十三条", t_power_gen, 0),
	REV("power_supply", "电力供应", "第四十三条", t_power_supply, 0),
};

size_t sf_industry_count(void)
{
	return N(industries);
}

const struct sf_industry *sf_industry_at(size_t i)
{
	return i < N(industries) ? &industries[i] : NULL;
}

const struct sf_industry *sf_industry_find(const char *code)
{
	for (size_t i = 0; code && i < N(industries); i++)
		if (strcmp(industries[i].code, code) == 0)
			return &industries[i];
	return NULL;
}

/* x × rate / 100000 rounded half up, x ≥ 0 (numerators summed first by callers). */
static int64_t round_div(int64_t num)
{
	return (num + SF_RATE_UNIT / 2) / SF_RATE_UNIT;
}

int sf_tiers_ok(const struct sf_tier *t, size_t n)
{
	if (!t || n == 0 || t[n - 1].upto_fen != 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (t[i].rate < 0 || t[i].rate > SF_RATE_UNIT)
			return 0;
		if (i + 1 < n && (t[i].upto_fen <= 0 || (i > 0 && t[i].upto_fen <= t[i - 1].upto_fen)))
			return 0;
	}
	return 1;
}

int64_t sf_tiered_fen(int64_t base, const struct sf_tier *t, size_t n)
{
	/* Σ slice × rate / 100000, exactly: the whole part of each slice's quotient and
	 * its remainder are summed apart (slice × rate alone could pass 2^63). */
	int64_t lower = 0, whole = 0, rest = 0;

	if (base < 0 || base > SF_MAX_BASE || !sf_tiers_ok(t, n))
		return -1;
	for (size_t i = 0; i < n && base > lower; i++) {
		int64_t upper = t[i].upto_fen && t[i].upto_fen < base ? t[i].upto_fen : base;
		int64_t slice = upper - lower;

		whole += slice / SF_RATE_UNIT * t[i].rate;
		rest += slice % SF_RATE_UNIT * t[i].rate;
		lower = upper;
	}
	return whole + round_div(rest);
}

int64_t sf_annual_fen(const struct sf_industry *ind, int64_t base_fen, int64_t qty_milli,
		      const struct sf_tier *tiers, size_t n)
{
	if (!ind)
		return -1;
	switch (ind->basis) {
	case SF_REVENUE:
		if (n > 0)
			return sf_tiered_fen(base_fen, tiers, n);
		return sf_tiered_fen(base_fen, ind->tiers, ind->ntiers);
	case SF_COST: {
		struct sf_tier flat = {0, ind->rate};

		return sf_tiered_fen(base_fen, &flat, 1);
	}
	case SF_OUTPUT:
		/* 1e12 t at 50 元 would pass any plausible output: bound it */
		if (qty_milli < 0 || qty_milli > (int64_t)1000 * 1000000000000LL / 1000)
			return -1;
		return (qty_milli / 1000) * ind->fen_per_unit
			+ (qty_milli % 1000 * ind->fen_per_unit + 500) / 1000;
	}
	return -1;
}

int64_t sf_month_fen(int64_t annual, int month)
{
	if (annual < 0 || month < 1 || month > 12)
		return -1;
	if (month < 12)
		return annual / 12;
	return annual - annual / 12 * 11;
}

int sf_equal_monthly(const struct sf_industry *ind, int new_enterprise)
{
	return ind && ind->basis == SF_REVENUE && !new_enterprise;
}

/* The uses of the fund: the ten general items (DOMAIN.md §6, the pattern of Art. 44
 * 电力 and Art. 34 烟花爆竹), an industry item of coal mines, and two that are never
 * a use (item 1 excludes the initial 三同时 investment). */
static const struct sf_category categories[] = {
	{"equipment", "完善、改造和维护安全防护设备设施", NULL, 1},
	{"emergency", "应急救援器材、队伍建设、应急预案及演练", NULL, 1},
	{"major_hazard", "重大危险源监控、风险分级管控和隐患排查整改、安全生产信息化", NULL, 1},
	{"inspection", "安全生产检查、评估评价（不含新改扩建项目）、咨询和标准化建设", NULL, 1},
	{"training", "安全生产宣传、教育、培训和从业人员发现报告隐患奖励", NULL, 1},
	{"ppe", "配备和更新现场作业人员安全防护用品", NULL, 1},
	{"new_tech", "安全生产适用新技术、新标准、新工艺、新装备推广应用", NULL, 1},
	{"testing", "安全设施及特种设备检测检验、检定校准", NULL, 1},
	{"insurance", "安全生产责任保险", NULL, 1},
	{"other_safety", "其他与安全生产直接相关的支出", NULL, 1},
	{"coal_gas", "煤与瓦斯突出及高瓦斯矿井落实防突、瓦斯抽采等措施（煤炭企业）", "coal_", 1},
	{"initial_project", "新改扩建项目安全设施“三同时”初始投入（不得列支）", NULL, 0},
	{"non_safety", "与安全生产无关的支出（不得列支）", NULL, 0},
};

size_t sf_category_count(void)
{
	return N(categories);
}

const struct sf_category *sf_category_at(size_t i)
{
	return i < N(categories) ? &categories[i] : NULL;
}

int sf_category_permitted(const char *industry, const char *category)
{
	for (size_t i = 0; category && i < N(categories); i++) {
		const struct sf_category *c = &categories[i];

		if (strcmp(c->code, category) != 0)
			continue;
		if (!c->permitted)
			return 0;
		return !c->only || (industry && strncmp(industry, c->only, strlen(c->only)) == 0);
	}
	return 0;
}

void sf_yuan_str(int64_t fen, char out[32])
{
	uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;

	snprintf(out, 32, "%s%" PRIu64 ".%02" PRIu64, fen < 0 ? "-" : "", a / 100, a % 100);
}
