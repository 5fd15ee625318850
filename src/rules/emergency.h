/*
 * emergency.h — the emergency-readiness rules (DOMAIN.md §10): 生产安全事故应急预案管理办法
 * (应急管理部令第2号, 2019 revision) and 生产安全事故应急条例 (国务院令第708号), with the
 * district documents that repeat them (seeds/004 item 19, seeds/001 task 10).
 *
 *   - 备案: within 20 working days of the plan's publication (令第2号 Art. 26; DOMAIN
 *     marks the figure ⚠️, so the platform treats it as the default of a rule the
 *     administrator may change — the obligations calendar's rule version);
 *   - 评估: every 3 years for the units of Art. 35;
 *   - drills: 综合 or 专项 plan drill at least yearly and 现场处置方案 at least every six
 *     months (Art. 33 ¶1; seeds/004 item 19); the units of Art. 33 ¶2 (条例 Art. 8) drill
 *     their plans every six months and report each drill to the regulator; evacuation
 *     drill yearly, every six months in the high-risk industries (seeds/001 task 10).
 *
 * The units are named by the enterprise registry's 高危行业类别 codes (src/mod/
 * enterprise.c high_risk_opts). Pure functions: no I/O, no clock, no allocation.
 * Dates are "YYYY-MM-DD"; the int functions return -1 on bad input.
 */
#ifndef ANJIAN_RULES_EMERGENCY_H
#define ANJIAN_RULES_EMERGENCY_H

#include "obligation.h"

#define EM_FILING_WORKDAYS 20	/* 令第2号 Art. 26 (⚠️ DOMAIN §10: default of a rule) */
#define EM_EVAL_YEARS 3		/* 令第2号 Art. 35 */

/* The units of Art. 33 ¶2 / 条例 Art. 8 (危险物品 producers, traders, storers and
 * transporters; mines; metal smelting; construction; crowded places) as an SQL list
 * of high_risk codes for the declarations; em_art33_unit() reads the same table. */
#define EM_ART33_SQL "('hazardous_chemicals', 'gas', 'fireworks', 'civil_explosives', " \
		     "'mining', 'metal_smelting', 'construction', 'crowded_place')"
/* The units of Art. 35 by industry (without the "medium size or larger" clause,
 * which em_art35_unit() adds from the scale). */
#define EM_ART35_SQL "('hazardous_chemicals', 'gas', 'fireworks', 'civil_explosives', " \
		     "'mining', 'metal_smelting', 'construction')"

/* 1 if high_risk (a registry code; NULL or "none" = not high-risk) is a unit of
 * Art. 33 ¶2, 0 otherwise. */
int em_art33_unit(const char *high_risk);
/* 1 if the unit owes the 3-yearly evaluation of Art. 35: the listed industries, or
 * any unit of medium size or larger (scale "above", the registry's 规上, stands for
 * it), 0 otherwise. */
int em_art35_unit(const char *high_risk, const char *scale);
/* 1 if high_risk names a high-risk industry (any code but "none"): seeds/001 task 10
 * (half-yearly evacuation drills, own rescue team required). */
int em_high_risk(const char *high_risk);

/* The drill duties. */
enum em_drill_duty {
	EMD_PLAN = 1,		/* 综合 or 专项 plan drill */
	EMD_ONSITE,		/* 现场处置方案 drill */
	EMD_EVACUATION		/* 疏散逃生演练 */
};
/* The period of a drill duty for a unit: OB_YEAR or OB_HALF; 0 for a bad duty. */
enum ob_period em_drill_period(enum em_drill_duty d, const char *high_risk);
/* 1 if a drill of kind (comprehensive | special | onsite | evacuation) proves duty
 * d, 0 if not (also for unknown kinds). */
int em_drill_proves(enum em_drill_duty d, const char *kind);
/* 1 if a drill by this unit must be reported to the regulator (Art. 33 ¶2). */
int em_drill_report_required(const char *high_risk);

/* The 备案 deadline: the workdays-th working day after published (民法典 Art. 201:
 * the day of publication does not count), cal = the holiday calendar (NULL =
 * weekends only). 0 ok, -1 bad input. */
int em_filing_due(const struct ob_calendar *cal, const char *published, int workdays,
		  char out[11]);
/* 1 if the filing is late: filed after due, or not filed (filed NULL / "") and
 * today is past due; 0 on time or not yet due; -1 bad input. */
int em_filing_late(const char *due, const char *filed, const char *today);
/* from + years (29 February → 28 February in a common year). 0 ok, -1 bad. */
int em_add_years(const char *from, int years, char out[11]);
/* The next evaluation: EM_EVAL_YEARS after the last evaluation, or after the
 * publication when there was none yet. 1 written (an Art. 35 unit), 0 none owed,
 * -1 bad input (a unit that owes one with neither date given). */
int em_next_evaluation(int art35, const char *evaluated, const char *published,
		       char out[11]);
/* The next inspection of a supply: interval_days after the last one (or, never
 * inspected, due at once: out = since, the record's start date). interval 1..3650.
 * 0 ok, -1 bad input. */
int em_next_inspection(const char *last, const char *since, int interval_days, char out[11]);

#endif
