/*
 * obligation.h — the calendar arithmetic of a duty (义务): which period a date falls in,
 * when the duty of a period or of an event is due, working days with the holiday
 * calendar, and the status of one obligation at a given moment.
 *
 * Nearly every rule in the sources is a duty with a period and a deadline:
 *   - 每年第一季度完成风险报告 (seeds/004 item 11); 规上企业5月底前, 所有企业11月底前完成风险申报
 *     (seeds/004 item 22);
 *   - 每年6月、12月底 主要负责人履职报告 (seeds/004 item 1);
 *   - 每月20日前报送工作开展情况 (seeds/001 §三(三)); 每月30日前报推进情况 (seeds/004 §三(四));
 *   - 主要负责人每季度带队检查重大事故隐患, 高危行业每月 (seeds/001 item 7);
 *   - 疏散逃生演练每年, 高危行业每半年 (seeds/001 item 10; 应急预案管理办法 Art. 33);
 *   - 每年1月中旬前报送上一年度事故统计 (seeds/000 §二(四)3);
 *   - 事故发生后1小时内报告 (国务院令第493号 Art. 9; seeds/004 item 20); 30日内补报 (Art. 13);
 *   - 应急预案公布之日起20个工作日内备案 (DOMAIN §10, ⚠️ configurable).
 *
 * Everything here is a pure function of its arguments: no I/O, no allocation, no clock
 * (the caller passes "now"), no globals but constant tables. Dates are "YYYY-MM-DD",
 * date-times "YYYY-MM-DD HH:MM:SS" (as datetime_parse() in core/util.h: 'T' or ' ',
 * seconds optional), both Asia/Shanghai wall-clock time; years 1900..2999. China has no
 * daylight saving, so "n hours after" is plain arithmetic on the wall clock.
 *
 * Counting follows 民法典 Art. 201: a period counted in days starts the day after the
 * event ("开始的当日不计入"), so "n days after 2026-03-05" with n = 30 is 2026-04-04 and
 * "n working days after" counts working days strictly after the event date. Art. 203
 * (a deadline falling on a holiday moves to the next working day) is NOT applied by
 * DUE_DAYS_AFTER or the period kinds; a caller that wants it passes the due through
 * ob_add_workdays(cal, due, 0, out).
 *
 * The int functions return 0 on success and -1 on bad input (NULL, malformed or
 * out-of-range strings, a key of the wrong period kind) — ob_is_workday() returns 1/0/-1.
 * Output buffers are owned by the caller and written only on success.
 */
#ifndef ANJIAN_RULES_OBLIGATION_H
#define ANJIAN_RULES_OBLIGATION_H

/* ---------------------------------------------------------------- periods */

enum ob_period {
	OB_YEAR = 1,	/* key "2026" */
	OB_HALF,	/* key "2026-H1" (Jan–Jun), "2026-H2" (Jul–Dec) */
	OB_QUARTER,	/* key "2026-Q1" … "2026-Q4" */
	OB_MONTH,	/* key "2026-01" … "2026-12" */
	OB_EVENT	/* no period: the duty follows an event; period functions refuse it */
};

/* Period key of the period containing date (or date-time) into key: "2026", "2026-H1",
 * "2026-Q3", "2026-11". 0 ok, -1 bad input (also for OB_EVENT). */
int ob_period_key(enum ob_period p, const char *date, char key[16]);
/* First and last day of the period key ("2026-Q1" → "2026-01-01", "2026-03-31").
 * The key must be of kind p, exactly as ob_period_key writes it. */
int ob_period_bounds(enum ob_period p, const char *key, char first[11], char last[11]);
/* The period after / before key ("2026-Q4" → "2027-Q1"); -1 also past 2999 / before 1900. */
int ob_period_next(enum ob_period p, const char *key, char next[16]);
int ob_period_prev(enum ob_period p, const char *key, char prev[16]);
/* Chinese label of key into out: "2026年", "2026年上半年", "2026年第三季度", "2026年11月".
 * Returns out, or NULL on bad input (out then untouched). */
const char *ob_period_label(enum ob_period p, const char *key, char out[32]);

/* ---------------------------------------------------------------- working days */

/*
 * Public holidays and adjusted working days (调休), published each year by 国务院办公厅:
 * data an admin keeps. off[] and on[] are arrays of "YYYY-MM-DD", each sorted ascending
 * (binary search; ob_calendar_check() verifies). A NULL calendar means weekends only.
 * The arrays and strings are owned by the caller and only read.
 */
struct ob_calendar { const char *const *off; int noff; const char *const *on; int non; };

/* 0 if cal is well formed: counts ≥ 0, arrays present when non-empty, every entry a real
 * date, each array strictly ascending, no date both off and on. -1 otherwise. */
int ob_calendar_check(const struct ob_calendar *cal);
/* 1 working day, 0 day off, -1 bad input. A date in off[] is off (off[] wins over on[]);
 * else a date in on[] works (调休); else Saturday and Sunday are off, Monday–Friday work. */
int ob_is_workday(const struct ob_calendar *cal, const char *date);
/* The n-th working day after date into out, n ≥ 0. Days are counted after date
 * (民法典 Art. 201), so date itself never counts for n ≥ 1. n = 0: date itself when it is
 * a working day, else the next working day (the roll of 民法典 Art. 203). */
int ob_add_workdays(const struct ob_calendar *cal, const char *date, int n, char out[11]);

/* ---------------------------------------------------------------- due dates */

enum ob_due_kind {
	DUE_PERIOD_END = 1,	/* last day of the period + n days (n may be 0) */
	DUE_NEXT_MONTH_DAY,	/* day `day` of the month after the period (day 0 = that month's last day); "by the 20th of the following month" */
	DUE_MONTH_DAY,		/* month `month`, day `day` of the period's year (day 0 = last day of that month); "5月底", "1月15日" */
	DUE_MONTH_DAY_NEXT_YEAR,/* the same in the year after the period (annual statistics by mid-January of the next year) */
	DUE_PERIOD_MONTH_DAY,	/* day `day` of the period's last month (day 0 = last day) — "by the 30th of the month" for monthly duties, clamped to the month's length */
	DUE_WORKDAYS_AFTER,	/* n working days after the event date */
	DUE_DAYS_AFTER,		/* n calendar days after the event date */
	DUE_HOURS_AFTER		/* n hours after the event datetime "YYYY-MM-DD HH:MM:SS" */
};

/* A deadline rule. month 1..12 (DUE_MONTH_DAY*, ignored otherwise); day 0..31 (the
 * month-day kinds, ignored otherwise), 0 = the month's last day, a day past the month's end
 * is clamped to it (day 31 in April → 30, day 30 in February → 28/29); n ≥ 0 for every kind
 * (days, working days or hours; unused by the month-day kinds, keep it 0). A duty with a
 * lead time before an event — 特种作业操作证复审 within 60 days before expiry (令第30号
 * Art. 22) — is due on the event (DUE_DAYS_AFTER, n = 0) with warn_days = 60, not n < 0. */
struct ob_due { enum ob_due_kind kind; int month, day, n; };

/*
 * The due moment as "YYYY-MM-DD" (date kinds) or "YYYY-MM-DD HH:MM:SS" (DUE_HOURS_AFTER)
 * into out[20]. Period kinds use p and key (p ≠ OB_EVENT, key of kind p; event ignored);
 * event kinds use event (a date or date-time; DUE_HOURS_AFTER needs a date-time; p and key
 * ignored) and DUE_WORKDAYS_AFTER uses cal (NULL = weekends only). 0 ok, -1 bad input.
 */
int ob_due(const struct ob_due *d, enum ob_period p, const char *key, const char *event,
	   const struct ob_calendar *cal, char out[20]);

/* ---------------------------------------------------------------- status */

enum ob_status {
	OBS_INVALID = 0,	/* bad input to ob_status_at (not a state an obligation is in) */
	OBS_NOT_DUE = 1,	/* 未到期 */
	OBS_DUE_SOON,		/* 即将到期: within warn_days before the due, or the due day itself */
	OBS_DONE,		/* 已完成: done at or before the due */
	OBS_DONE_LATE,		/* 逾期完成 */
	OBS_OVERDUE,		/* 逾期未完成 */
	OBS_NA			/* 不适用 */
};

const char *ob_status_code(enum ob_status s);	/* "not_due", "due_soon", "done", "done_late", "overdue", "na"; "invalid" otherwise */
const char *ob_status_label(enum ob_status s);	/* 未到期 即将到期 已完成 逾期完成 逾期未完成 不适用; 无效 otherwise */

/*
 * Status at now. applicable 0 → OBS_NA before anything else is looked at (a duty that does
 * not apply needs no due). done_at NULL or "" = not done. The comparison has the precision
 * of due: a date due compares the date part of done_at and now (done on the due day is on
 * time; a date-time may be given and its time is ignored); a date-time due compares to the
 * second and needs date-times for done_at and now (a bare date cannot show it met an hour
 * deadline → OBS_INVALID). Done: DONE if done_at ≤ due, else DONE_LATE, whatever now is.
 * Not done: OVERDUE if now > due; DUE_SOON if due − warn_days ≤ now ≤ due (the boundary
 * is inclusive; warn_days = 0 means the due day / due second only); NOT_DUE before that.
 * warn_days < 0, a NULL or malformed due or now, or a malformed done_at → OBS_INVALID.
 */
enum ob_status ob_status_at(const char *due, const char *done_at, const char *now, int warn_days, int applicable);

#endif
