/*
 * safety_fund.h — 企业安全生产费用 (财资〔2022〕136号《企业安全生产费用提取和使用管理
 * 办法》, 财政部、应急部 2022-11-21; DOMAIN.md §6) as pure functions over integer fen.
 *
 * Three bases, by industry:
 *   - revenue (营业收入): the previous year's revenue, charged slice by slice at the
 *     tiered rates (超额累退: each slice at its own rate, slices summed), accrued in
 *     equal monthly parts; a new enterprise, or one operating less than a year
 *     (Art. 48), spends actual costs in the year and computes the amount at year-end
 *     on that year's revenue (no monthly accrual);
 *   - output (产量): a fixed amount per tonne of coal / ore / crude, or per 1000 m³ of
 *     gas, accrued each month on that month's output;
 *   - cost (工程造价): a share of the 建安工程造价 / direct engineering cost, accrued
 *     by progress.
 * Rates are per 100,000 (4.5% = 4500) so every rate of the 办法 is an integer;
 * amounts round half up to the fen once, after the slices are summed.
 *
 * An industry whose figures DOMAIN.md marks ⚠️ (冶金: the 2012 rates) is flagged
 * uncertain: its tiers here are the default, and the module takes the tiers from
 * its configuration table (seeded with these) instead.
 */
#ifndef ANJIAN_RULES_SAFETY_FUND_H
#define ANJIAN_RULES_SAFETY_FUND_H

#include <stddef.h>
#include <stdint.h>

#define SF_RATE_UNIT 100000	/* rates are per 100,000 */
#define SF_YI ((int64_t)100000000 * 100)	/* 1亿元 in fen */
#define SF_WAN ((int64_t)10000 * 100)		/* 1万元 in fen */

enum sf_basis { SF_REVENUE = 1, SF_OUTPUT, SF_COST };

/* One slice: revenue up to upto_fen (0 = no upper bound, the last slice) at rate. */
struct sf_tier {
	int64_t upto_fen;
	int rate;
};

struct sf_industry {
	const char *code;	/* "hazardous_goods" */
	const char *label;	/* "危险品生产与储存" */
	const char *article;	/* "第二十一条" */
	enum sf_basis basis;
	const struct sf_tier *tiers;	/* SF_REVENUE */
	size_t ntiers;
	int64_t fen_per_unit;	/* SF_OUTPUT: fen per unit */
	const char *unit;	/* SF_OUTPUT: "吨" / "千立方米" */
	int rate;		/* SF_COST: per 100,000 */
	int uncertain;		/* DOMAIN.md ⚠️: tiers come from configuration */
};

size_t sf_industry_count(void);
const struct sf_industry *sf_industry_at(size_t i);
const struct sf_industry *sf_industry_find(const char *code);	/* NULL if unknown */

/* The tiered (超额累退) amount of revenue base_fen over tiers (ascending bounds, the
 * last unbounded): Σ slice × rate, rounded half up to the fen. -1 when base_fen < 0,
 * the tiers are empty or not ascending, or the base exceeds 1万亿元. */
int64_t sf_tiered_fen(int64_t base_fen, const struct sf_tier *tiers, size_t n);
/* 1 if tiers are usable by sf_tiered_fen (ascending, last unbounded, rates 0..100%). */
int sf_tiers_ok(const struct sf_tier *tiers, size_t n);

/* The annual amount for industry ind: revenue (or cost) base_fen for SF_REVENUE /
 * SF_COST, output qty_milli (thousandths of a unit) for SF_OUTPUT; tiers overrides
 * ind's (configuration of an uncertain industry) when n > 0. -1 on bad input. */
int64_t sf_annual_fen(const struct sf_industry *ind, int64_t base_fen, int64_t qty_milli,
		      const struct sf_tier *tiers, size_t n);

/* Equal monthly accrual of annual_fen (revenue bases, Art. 4 of the 办法 as summarised
 * in DOMAIN.md §6): months 1–11 get annual ÷ 12 rounded down, December the rest, so
 * the twelve sum to the annual amount. -1 on a bad month or a negative amount. */
int64_t sf_month_fen(int64_t annual_fen, int month);
/* 1 if ind accrues in equal monthly parts: revenue bases, except a new enterprise
 * (Art. 48: actual costs in the year, computed at year-end). Output and cost bases
 * accrue on each month's output or progress, not in equal parts: 0. */
int sf_equal_monthly(const struct sf_industry *ind, int new_enterprise);

/* Spending categories (the pattern of e.g. Art. 44 / Art. 34; DOMAIN.md §6 list). */
struct sf_category {
	const char *code;
	const char *label;
	const char *only;	/* industry code prefix it is limited to, NULL = every industry */
	int permitted;		/* 0: never a use of the fund (non-safety, initial 三同时) */
};
size_t sf_category_count(void);
const struct sf_category *sf_category_at(size_t i);
/* 1 if spending of category code is a permitted use for industry, 0 if not (unknown
 * codes are not permitted). */
int sf_category_permitted(const char *industry, const char *category);

/* "12345.67" of fen (two decimals, '-' for negatives) into out[32]. */
void sf_yuan_str(int64_t fen, char out[32]);

#endif
