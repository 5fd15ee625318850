/*
 * accident_grade.h — the numbers of 《生产安全事故报告和调查处理条例》(国务院令第493号)
 * an accident record is judged by (DOMAIN.md §1), as pure functions:
 *
 *   - Art. 3: the grade 特别重大 / 重大 / 较大 / 一般 from deaths, serious injuries
 *     (重伤, including 急性工业中毒) and direct economic loss. The grade is the
 *     highest any one criterion reaches ("或者"); per Art. 3 para 3 "以上" includes
 *     the bound and "以下" excludes it:
 *         特别重大  D ≥ 30       or S ≥ 100      or L ≥ 1亿元
 *         重大      10 ≤ D < 30  or 50 ≤ S < 100 or 5000万 ≤ L < 1亿
 *         较大      3 ≤ D < 10   or 10 ≤ S < 50  or 1000万 ≤ L < 5000万
 *         一般      everything else (also an accident without casualties)
 *     Missing persons (下落不明) are reported (Art. 12) but not counted here: Art. 3
 *     does not settle it (DOMAIN.md ⚠️), so they stay a separate field.
 *   - Art. 9: the unit's head reports within 1 hour to the authorities; a report
 *     exactly one hour after the accident is on time.
 *   - Art. 13: a change of the casualty numbers within 30 days of the accident is
 *     补报; for road-traffic and fire accidents within 7 days.
 *
 * No I/O, no clock, no allocation. Date-times are "YYYY-MM-DD HH:MM[:SS]" Shanghai
 * time (datetime_parse of core/util.h). Money is integer fen (1 yuan = 100 fen),
 * as the entity core stores FT_MONEY.
 */
#ifndef ANJIAN_RULES_ACCIDENT_GRADE_H
#define ANJIAN_RULES_ACCIDENT_GRADE_H

#include <stdint.h>

enum accident_grade {
	ACC_GRADE_INVALID = 0,	/* negative or missing input */
	ACC_GRADE_GENERAL,	/* 一般事故 */
	ACC_GRADE_LARGER,	/* 较大事故 */
	ACC_GRADE_MAJOR,	/* 重大事故 */
	ACC_GRADE_SPECIAL	/* 特别重大事故 */
};

/* Art. 3: the grade of deaths, serious injuries (incl. acute poisoning) and direct
 * loss in fen. Any negative input → ACC_GRADE_INVALID. */
enum accident_grade accident_grade(int64_t deaths, int64_t serious, int64_t loss_fen);
/* "general", "larger", "major", "especially_major"; NULL for INVALID. */
const char *accident_grade_code(enum accident_grade g);
/* "一般事故", "较大事故", "重大事故", "特别重大事故"; NULL for INVALID. */
const char *accident_grade_label(enum accident_grade g);

/* Art. 9: 1 if reported_at is later than one hour after occurred_at, 0 if on time
 * (reported no later than exactly one hour after), -1 on bad input or a report
 * before the accident. */
int accident_report_late(const char *occurred_at, const char *reported_at);

/* Art. 13: 1 if the GB 6441 type code (accident_type.h) is a road-traffic or fire
 * accident, whose update window is 7 days (2025:03 道路(轨道)车辆致害, 2025:09 火灾,
 * 1986:08 火灾; 1986:02 车辆伤害 mixes road and in-plant vehicles and keeps 30). */
int accident_type_short_window(const char *type_code);
/* Art. 13: the window in days: 7 for road traffic and fire, else 30. */
int accident_update_window_days(const char *type_code);
/* Art. 13: the last day of the window into out ("YYYY-MM-DD"): the accident's date
 * plus the window's days, counted from the day after (民法典 Art. 201). 0 ok, -1 bad. */
int accident_update_last_day(const char *occurred_at, const char *type_code, char out[11]);
/* Art. 13: 1 if a change at `at` (date or date-time) lies within the window, 0 if
 * after it, -1 on bad input or a change before the accident's date. */
int accident_update_in_window(const char *occurred_at, const char *type_code, const char *at);

#endif
