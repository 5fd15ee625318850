/*
 * inspect.h — the pure rules of checks (检查) and enforcement (执法):
 *
 *   - the period an inspection plan's frequency puts a date in, and its due day
 *     (日常 daily, 每周 weekly, 每月 monthly, 每季度 quarterly, 季节性 seasonal,
 *     节假日 holiday and 专项 special — the last two are one-off plans);
 *   - the 双随机 draw (《关于推广随机抽查规范事中事后监管的通知》国办发〔2015〕58号:
 *     随机抽取检查对象、随机选派执法检查人员): N enterprises from a candidate set and M
 *     inspectors from a pool, a deterministic function of a recorded seed, so anyone
 *     can re-run the draw from the record and get the same result.
 *
 * No I/O, no allocation, no clock, no globals but constant tables. Dates are
 * "YYYY-MM-DD". int functions return 0 ok, -1 bad input; outputs are the caller's
 * and written only on success.
 */
#ifndef ANJIAN_RULES_INSPECT_H
#define ANJIAN_RULES_INSPECT_H

#include <stddef.h>
#include <stdint.h>

enum insp_freq {
	IF_DAILY = 1,	/* the day itself */
	IF_WEEKLY,	/* Monday–Sunday (GB/T 7408 week) */
	IF_MONTHLY,
	IF_QUARTERLY,
	IF_SEASONAL,	/* 季节性: spring Mar–May, summer Jun–Aug, autumn Sep–Nov, winter Dec–Feb */
	IF_HOLIDAY,	/* 节假日前: one-off, due on the plan's date */
	IF_SPECIAL	/* 专项: one-off, due on the plan's date */
};

/* The code ("daily" … "special") → the frequency; 0 when unknown. */
enum insp_freq insp_freq_parse(const char *code);
/* 1 if f recurs (daily … seasonal), 0 for the one-off kinds and unknown values. */
int insp_freq_recurs(enum insp_freq f);
/* The period of recurring frequency f containing date: its first and last day; the
 * due day of the period is its last day. -1 for one-off kinds or bad input. */
int insp_period(enum insp_freq f, const char *date, char first[11], char last[11]);
/* The day after date ("2026-12-31" → "2027-01-01"). */
int insp_next_day(const char *date, char out[11]);

/* ------------------------------------------------------------- 双随机 draw */

/* The generator: splitmix64 (Steele, Lea, Flood 2014), one step of *state. */
uint64_t draw_next(uint64_t *state);
/* A seed as 16 lower-case hex digits, and back (exactly 16 hex digits). */
void draw_seed_format(uint64_t seed, char out[17]);
int draw_seed_parse(const char *hex, uint64_t *seed);
/*
 * Draws k of the n candidate ids (strictly ascending, so the order the database
 * returns them in cannot change the result) with the stream of seed: a partial
 * Fisher–Yates shuffle of a copy in work (n entries), indices drawn without modulo
 * bias. out gets the k picks in draw order. k > n draws all n (k is clamped;
 * *picked gets the number drawn). -1 when ids are not strictly ascending or a
 * pointer is NULL with n > 0.
 */
int draw_pick(uint64_t seed, const int64_t *ids, size_t n, size_t k, int64_t *work,
	      int64_t *out, size_t *picked);
/* The seeds of the two draws of one record: the enterprises use the seed, the
 * inspectors the seed's stream after one step (independent of how many
 * enterprises were drawn). */
uint64_t draw_inspector_seed(uint64_t seed);

/* ------------------------------------------------------------- 执法证 */

/*
 * Who may be drawn as an inspector: 国办发〔2015〕58号 wants the inspectors drawn from a
 * roster of law-enforcement officers (执法检查人员名录库), and the 安全生产法 (2021)
 * says an inspector on duty must show a valid administrative enforcement certificate
 * (“必须出示有效的行政执法证件”). A certificate is valid on today when it has a number
 * and its validity date (“有效期至”) is today or later.
 */
int enforce_cert_valid(const char *cert_no, const char *valid_until, const char *today);
/*
 * Checks a user's certificate fields against the role ("regulator", "department", …):
 * only the regulator and department roles carry one, and number and date go
 * together. Returns NULL when fine, else the Chinese message and *field the field it
 * belongs under ("enforce_cert" or "enforce_cert_until").
 */
const char *enforce_cert_check(const char *role, const char *cert_no, const char *valid_until,
			       const char **field);

#endif
