/*
 * duty.h — the rules of the responsibility system and the safety rules register
 * (issue 9, seeds 000 §二(一)(三), 004 items 1, 2, 10). Pure: no I/O, no clock.
 *
 *   - the principal's seven statutory duties (安全生产法 第二十一条, quoted in
 *     seeds/000 §二(一)): their numbers and texts;
 *   - the required basic safety systems (上海市安全生产条例 第三十三条 as listed in
 *     seeds/000 §二(三)1) plus post operating procedures (岗位操作规程);
 *   - the half-year a 履职报告 belongs to and its due date (seeds/004 第1项:
 *     每年6月、12月底);
 *   - the next revision date of a safety rule: approval + N years (N is the
 *     platform's default, 3, adjustable: the documents fix no interval, only
 *     "根据法律法规和标准的变化及时更新修订").
 */
#ifndef ANJIAN_RULES_DUTY_H
#define ANJIAN_RULES_DUTY_H

#define DUTY_STATUTORY_N 7
/* The text of statutory duty n (1..7) of 安全生产法 第二十一条, or NULL. */
const char *duty_statutory_text(int n);

/* A required safety system: stable code, Chinese name, source. */
struct duty_system { const char *code, *label, *source; };
#define DUTY_SYSTEMS_N 8
/* The required systems in the order of 条例 第三十三条; i in 0..DUTY_SYSTEMS_N-1,
 * NULL outside. */
const struct duty_system *duty_system_at(int i);
/* The index of code, or -1. */
int duty_system_find(const char *code);

/* The half-year key "H1" / "H2" of a date "YYYY-MM-DD" into out; 0 ok, -1 bad. */
int duty_half_of(const char *date, char out[3]);
/* The due date of the 履职报告 of year and half ("H1" → year-06-30, "H2" →
 * year-12-31) into out; 0 ok, -1 bad input. */
int duty_report_due(int year, const char *half, char out[11]);

/* Platform default of the revision interval of a safety rule, in years. */
#define DUTY_REVISION_YEARS 3
/* approved + years ("YYYY-MM-DD"); 29 February becomes 28 February in a common
 * year. years 1..20. 0 ok, -1 bad input. */
int duty_revision_next(const char *approved, int years, char out[11]);

#endif
