/*
 * risk.h — 安全风险分级 as pure functions (no I/O): LEC (作业条件危险性评价法,
 * D = L × E × C) and the 5×5 LS matrix (R = L × S), the bands that map a score to
 * 重大/较大/一般/低 and 红/橙/黄/蓝, and the control-level rule (higher risks need
 * higher control levels). The bands are configuration (DOMAIN.md §3–4 mark them
 * ⚠️ not nationally fixed): struct risk_bands holds one table, the defaults are
 * risk_bands_lec_default / risk_bands_ls_default, and a regulator may ship others.
 */
#ifndef ANJIAN_RULES_RISK_H
#define ANJIAN_RULES_RISK_H

/* Four levels (国务院安委办〔2016〕11号): ordered so a larger value is a higher risk. */
enum risk_level {
	RISK_NONE = 0,		/* not assessed */
	RISK_LOW = 1,		/* 低风险, 蓝 */
	RISK_MEDIUM = 2,	/* 一般风险, 黄 */
	RISK_HIGH = 3,		/* 较大风险, 橙 */
	RISK_MAJOR = 4		/* 重大风险, 红 */
};

const char *risk_level_code(enum risk_level l);		/* "low" … "major" */
const char *risk_level_label(enum risk_level l);	/* "低风险" … "重大风险" */
const char *risk_colour_code(enum risk_level l);	/* "blue" … "red" */
const char *risk_colour_label(enum risk_level l);	/* "蓝" … "红" */
enum risk_level risk_level_parse(const char *code);	/* RISK_NONE if unknown */

/*
 * A band table: rows ordered from the highest band down; a score falls in the first
 * row whose lower bound it reaches (>= when min_inclusive, > otherwise). The last
 * row should have min 0 inclusive so every score lands somewhere.
 */
#define RISK_MAX_BANDS 8
struct risk_band {
	double min;
	int min_inclusive;
	enum risk_level level;
	const char *danger_class;	/* LEC 危险程度 wording (Graham–Kinney), or NULL */
};
struct risk_bands {
	int n;
	struct risk_band row[RISK_MAX_BANDS];
};

extern const struct risk_bands risk_bands_lec_default;
extern const struct risk_bands risk_bands_ls_default;

/* LEC factor tables (DOMAIN.md §3): the values an assessor may choose. */
extern const double risk_lec_l_values[7];	/* 10 6 3 1 0.5 0.2 0.1 */
extern const double risk_lec_e_values[6];	/* 10 6 3 2 1 0.5 */
extern const double risk_lec_c_values[6];	/* 100 40 15 7 3 1 */

/* 1 if v is one of the n table values (compared with a 1e-9 tolerance). */
int risk_value_allowed(const double *table, int n, double v);

/* D = L × E × C, rounded to 4 decimals so 0.5 × 1 × 40 is exactly 20.
 * Returns -1 if any factor is not a table value. */
double risk_lec_score(double l, double e, double c);
/* R = L × S for L, S in 1..5; -1 if out of range. */
int risk_ls_score(int l, int s);

/* The band row a score falls in, or NULL for a negative score. */
const struct risk_band *risk_band_of(const struct risk_bands *t, double score);
enum risk_level risk_level_of(const struct risk_bands *t, double score);

/*
 * What a band table does to a stored grade (the re-grade after a band edit): the
 * stored level and danger class (NULL for none) against the row t gives score.
 * RISK_REGRADE_NONE: the grade stands — same level and danger class, or no row of t
 * holds the score (then the grade keeps the table that set it). RISK_REGRADE_CLASS:
 * only the danger-class wording changes. RISK_REGRADE_LEVEL: the level (and so the
 * colour) changes. *band (when given) gets t's row, NULL when none holds the score.
 */
enum risk_regrade { RISK_REGRADE_NONE = 0, RISK_REGRADE_CLASS, RISK_REGRADE_LEVEL };
enum risk_regrade risk_regrade_of(const struct risk_bands *t, double score,
				  enum risk_level level, const char *danger_class,
				  const struct risk_band **band);

/* Control levels 管控层级: a larger value is a higher level. */
enum control_level {
	CONTROL_NONE = 0,
	CONTROL_POST = 1,	/* 岗位级 */
	CONTROL_TEAM = 2,	/* 班组级 */
	CONTROL_WORKSHOP = 3,	/* 车间(部门)级 */
	CONTROL_COMPANY = 4	/* 公司级 */
};
const char *control_level_code(enum control_level c);	/* "post" … "company" */
const char *control_level_label(enum control_level c);	/* "岗位级" … "公司级" */
enum control_level control_level_parse(const char *code);

/* The lowest control level allowed for a risk level: 重大 → 公司级, 较大 → 车间级,
 * 一般 → 班组级, 低 → 岗位级 (分级管控: "higher risks at higher levels"). */
enum control_level risk_min_control_level(enum risk_level l);
/* 1 if control level c is high enough for risk level l. */
int risk_control_level_ok(enum risk_level l, enum control_level c);

#endif
