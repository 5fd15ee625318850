/*
 * risk.c — risk scoring and grading (see risk.h).
 *
 * Sources (DOMAIN.md): LEC factor tables and the Graham–Kinney D bands (§3, ✅);
 * four levels and colours 重大红/较大橙/一般黄/低蓝 (§3, 国务院安委办〔2016〕11号);
 * LEC → colour mapping variant A (§3, ⚠️ configurable); LS 5×5 matrix variant S1
 * (§4, ⚠️ configurable, shipped as the default per DOMAIN.md's recommendation).
 *
 * Boundaries: with the standard tables D = 160 and D = 320 cannot occur, but D = 20
 * (0.5 × 1 × 40) and D = 70 (1 × 10 × 7) can. The default table follows the classic
 * Graham–Kinney wording "20–70 一般危险 / 70–160 显著危险": 20 and 70 both belong to the
 * lower-inclusive band 20–70 (D ≥ 20 and D ≤ 70), i.e. 70 is 低/蓝 and 70.x would be
 * 一般/黄. A province that puts 70 in the higher band flips min_inclusive on that row.
 */
#include "risk.h"

#include <math.h>
#include <string.h>

static const char *const level_codes[] = { "none", "low", "medium", "high", "major" };
static const char *const level_labels[] = { "未评价", "低风险", "一般风险", "较大风险", "重大风险" };
static const char *const colour_codes[] = { "none", "blue", "yellow", "orange", "red" };
static const char *const colour_labels[] = { "无", "蓝", "黄", "橙", "红" };

const char *risk_level_code(enum risk_level l) { return level_codes[l <= RISK_MAJOR ? l : 0]; }
const char *risk_level_label(enum risk_level l) { return level_labels[l <= RISK_MAJOR ? l : 0]; }
const char *risk_colour_code(enum risk_level l) { return colour_codes[l <= RISK_MAJOR ? l : 0]; }
const char *risk_colour_label(enum risk_level l) { return colour_labels[l <= RISK_MAJOR ? l : 0]; }

enum risk_level risk_level_parse(const char *code)
{
	for (int i = 1; code && i <= RISK_MAJOR; i++)
		if (!strcmp(code, level_codes[i]))
			return (enum risk_level)i;
	return RISK_NONE;
}

/* Default LEC bands: Graham–Kinney classes, colours per DOMAIN.md §3 variant A. */
const struct risk_bands risk_bands_lec_default = {
	5, {
		{ 320, 0, RISK_MAJOR, "极其危险，不能继续作业" },	/* D > 320 */
		{ 160, 1, RISK_HIGH, "高度危险，需立即整改" },		/* 160 ≤ D ≤ 320 */
		{ 70, 0, RISK_MEDIUM, "显著危险，需要整改" },		/* 70 < D < 160 */
		{ 20, 1, RISK_LOW, "一般危险，需要注意" },		/* 20 ≤ D ≤ 70 */
		{ 0, 1, RISK_LOW, "稍有危险，可以接受" },		/* D < 20 */
	}
};

/* Default LS bands: DOMAIN.md §4 variant S1 (R 20–25 重大, 15–16 较大, 9–12 一般, 1–8 低). */
const struct risk_bands risk_bands_ls_default = {
	4, {
		{ 20, 1, RISK_MAJOR, NULL },
		{ 15, 1, RISK_HIGH, NULL },
		{ 9, 1, RISK_MEDIUM, NULL },
		{ 0, 1, RISK_LOW, NULL },
	}
};

const double risk_lec_l_values[7] = { 10, 6, 3, 1, 0.5, 0.2, 0.1 };
const double risk_lec_e_values[6] = { 10, 6, 3, 2, 1, 0.5 };
const double risk_lec_c_values[6] = { 100, 40, 15, 7, 3, 1 };

int risk_value_allowed(const double *table, int n, double v)
{
	for (int i = 0; i < n; i++)
		if (fabs(table[i] - v) < 1e-9)
			return 1;
	return 0;
}

double risk_lec_score(double l, double e, double c)
{
	if (!risk_value_allowed(risk_lec_l_values, 7, l) ||
	    !risk_value_allowed(risk_lec_e_values, 6, e) ||
	    !risk_value_allowed(risk_lec_c_values, 6, c))
		return -1;
	/* 0.1 and 0.2 are not exact in binary: round so band edges compare exactly. */
	return round(l * e * c * 10000.0) / 10000.0;
}

int risk_ls_score(int l, int s)
{
	if (l < 1 || l > 5 || s < 1 || s > 5)
		return -1;
	return l * s;
}

const struct risk_band *risk_band_of(const struct risk_bands *t, double score)
{
	if (score < 0)
		return NULL;
	for (int i = 0; i < t->n; i++) {
		const struct risk_band *b = &t->row[i];

		if (b->min_inclusive ? score >= b->min : score > b->min)
			return b;
	}
	return NULL;
}

enum risk_level risk_level_of(const struct risk_bands *t, double score)
{
	const struct risk_band *b = risk_band_of(t, score);

	return b ? b->level : RISK_NONE;
}

enum risk_regrade risk_regrade_of(const struct risk_bands *t, double score,
				  enum risk_level level, const char *danger_class,
				  const struct risk_band **band)
{
	const struct risk_band *b = risk_band_of(t, score);

	if (band)
		*band = b;
	if (!b)
		return RISK_REGRADE_NONE;
	if (b->level != level)
		return RISK_REGRADE_LEVEL;
	if (!b->danger_class != !danger_class ||
	    (danger_class && strcmp(b->danger_class, danger_class) != 0))
		return RISK_REGRADE_CLASS;
	return RISK_REGRADE_NONE;
}

static const char *const control_codes[] = { "none", "post", "team", "workshop", "company" };
static const char *const control_labels[] = { "未设置", "岗位级", "班组级", "车间级", "公司级" };

const char *control_level_code(enum control_level c) { return control_codes[c <= CONTROL_COMPANY ? c : 0]; }
const char *control_level_label(enum control_level c) { return control_labels[c <= CONTROL_COMPANY ? c : 0]; }

enum control_level control_level_parse(const char *code)
{
	for (int i = 1; code && i <= CONTROL_COMPANY; i++)
		if (!strcmp(code, control_codes[i]))
			return (enum control_level)i;
	return CONTROL_NONE;
}

enum control_level risk_min_control_level(enum risk_level l)
{
	switch (l) {
	case RISK_MAJOR: return CONTROL_COMPANY;
	case RISK_HIGH: return CONTROL_WORKSHOP;
	case RISK_MEDIUM: return CONTROL_TEAM;
	case RISK_LOW: return CONTROL_POST;
	default: return CONTROL_POST;
	}
}

int risk_control_level_ok(enum risk_level l, enum control_level c)
{
	return c != CONTROL_NONE && c >= risk_min_control_level(l);
}
