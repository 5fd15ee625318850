/*
 * obligation.c — periods, due dates, working days and the status of one obligation
 * (see obligation.h for the rules and their sources).
 *
 * All arithmetic is on integer day numbers (days since 1970-01-01, as date_parse() in
 * core/util.c) and, for date-times, wall-clock seconds since 1970-01-01 00:00 Shanghai
 * time; a day number is turned back into Y/M/D by civil_from_days() below (the inverse of
 * util.c's days_from_civil, after H. Hinnant's "chrono-compatible low-level date
 * algorithms"). Every result is checked to lie in 1900..2999, the range date_parse()
 * accepts, so whatever this file writes it can read back.
 *
 * Sections: calendar primitives; parsing and formatting; period keys; periods; working
 * days; due dates; status.
 */
#include "obligation.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"

#define YEAR_MIN 1900
#define YEAR_MAX 2999
#define DAY_SECONDS 86400

/* ---------------------------------------------------------------- calendar primitives */

/* 1 if y is a Gregorian leap year (every 4th, not every 100th, every 400th: 2000 yes, 2100 no). */
static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Length of month m (1..12) of year y. */
static int month_len(int y, int m)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* Day number of y-m-d (days since 1970-01-01); m 1..12, d 1..31, proleptic Gregorian. */
static int64_t days_of(int y, int m, int d)
{
	int64_t yy = y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;					/* [0, 399] */
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;	/* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;		/* [0, 146096] */

	return era * 146097 + doe - 719468;
}

/* Inverse of days_of(): the Y/M/D of day number z. */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;						/* [0, 146096] */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;	/* [0, 399] */
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);			/* [0, 365] */
	mp = (5 * doy + 2) / 153;					/* [0, 11], March = 0 */
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* a / b rounded towards minus infinity (b > 0): day numbers before 1970 are negative. */
static int64_t floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* Day of week of day number z: 0 Sunday … 6 Saturday (1970-01-01 was a Thursday). */
static int weekday(int64_t z)
{
	int64_t w = (z + 4) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

/* Day number of day `day` of month m of year y: day 0 = the last day, a day past the
 * month's end is clamped to it (31 in April → 30). -1 if m is not 1..12 or day not 0..31. */
static int month_day(int y, int m, int day, int64_t *z)
{
	int len;

	if (m < 1 || m > 12 || day < 0 || day > 31)
		return -1;
	len = month_len(y, m);
	*z = days_of(y, m, day == 0 || day > len ? len : day);
	return 0;
}

/* ---------------------------------------------------------------- parsing and formatting */

/* Day number of s, which is a date "YYYY-MM-DD" or a date-time (its date part). */
static int parse_day(const char *s, int64_t *z)
{
	time_t t;

	if (!s)
		return -1;
	if (strlen(s) == 10)
		return date_parse(s, z);
	if (datetime_parse(s, &t))
		return -1;
	/* datetime_parse() gives UTC; back to Shanghai wall-clock seconds, then whole days. */
	*z = floor_div((int64_t)t + TZ_OFFSET_SECONDS, DAY_SECONDS);
	return 0;
}

/* Wall-clock seconds (Shanghai, since 1970-01-01 00:00) of a date-time; a bare date is refused. */
static int parse_seconds(const char *s, int64_t *secs)
{
	time_t t;

	if (!s || strlen(s) == 10 || datetime_parse(s, &t))
		return -1;
	*secs = (int64_t)t + TZ_OFFSET_SECONDS;
	return 0;
}

/* snprintf into out[size] through a scratch buffer: out is written only when the whole
 * result fits (it always does for the in-range values passed here; the scratch buffer
 * keeps -Wformat-truncation quiet about ranges the compiler cannot see). */
static int put(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int put(char *out, size_t size, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size)
		return -1;
	memcpy(out, tmp, (size_t)n + 1);
	return 0;
}

/* Writes day number z as "YYYY-MM-DD"; -1 outside 1900..2999. */
static int format_day(int64_t z, char out[11])
{
	int y, m, d;

	civil_from_days(z, &y, &m, &d);
	if (y < YEAR_MIN || y > YEAR_MAX)
		return -1;
	return put(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* Writes wall-clock seconds as "YYYY-MM-DD HH:MM:SS"; -1 outside 1900..2999. */
static int format_seconds(int64_t secs, char out[20])
{
	int64_t z = floor_div(secs, DAY_SECONDS);
	int64_t sod = secs - z * DAY_SECONDS;	/* [0, 86399] */
	int y, m, d;

	civil_from_days(z, &y, &m, &d);
	if (y < YEAR_MIN || y > YEAR_MAX)
		return -1;
	return put(out, 20, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d,
		   (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60));
}

/* Value of n ASCII digits at s, or -1 if any is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* ---------------------------------------------------------------- period keys */

/* A period as numbers: year y, index i (1-based: half 1..2, quarter 1..4, month 1..12; 1 for a year). */
struct period { int y, i; };

/* Months in one period of kind p, or 0 for OB_EVENT and anything unknown. */
static int period_months(enum ob_period p)
{
	switch (p) {
	case OB_YEAR: return 12;
	case OB_HALF: return 6;
	case OB_QUARTER: return 3;
	case OB_MONTH: return 1;
	case OB_EVENT: break;
	}
	return 0;
}

/* Parses key strictly as the key of a period of kind p. 0 ok, -1 bad. */
static int key_parse(enum ob_period p, const char *key, struct period *out)
{
	int months = period_months(p), y, i;
	size_t len;

	if (!months || !key)
		return -1;
	len = strlen(key);
	if (len != (p == OB_YEAR ? 4u : 7u))
		return -1;
	y = digits(key, 4);
	if (y < YEAR_MIN || y > YEAR_MAX)
		return -1;
	if (p == OB_YEAR) {
		i = 1;
	} else {
		if (key[4] != '-')
			return -1;
		if (p == OB_MONTH)
			i = digits(key + 5, 2);
		else if (key[5] == (p == OB_HALF ? 'H' : 'Q'))
			i = digits(key + 6, 1);
		else
			return -1;
		if (i < 1 || i > 12 / months)
			return -1;
	}
	out->y = y;
	out->i = i;
	return 0;
}

/* Writes the key of period pd of kind p; -1 if its year is outside 1900..2999. */
static int key_format(enum ob_period p, struct period pd, char key[16])
{
	if (pd.y < YEAR_MIN || pd.y > YEAR_MAX)
		return -1;
	switch (p) {
	case OB_YEAR: return put(key, 16, "%04d", pd.y);
	case OB_HALF: return put(key, 16, "%04d-H%d", pd.y, pd.i);
	case OB_QUARTER: return put(key, 16, "%04d-Q%d", pd.y, pd.i);
	case OB_MONTH: return put(key, 16, "%04d-%02d", pd.y, pd.i);
	case OB_EVENT: break;
	}
	return -1;
}

/* First and last month (1..12) of period pd of kind p. */
static void period_month_range(enum ob_period p, struct period pd, int *first, int *last)
{
	int months = period_months(p);

	*first = (pd.i - 1) * months + 1;
	*last = *first + months - 1;
}

/* ---------------------------------------------------------------- periods */

int ob_period_key(enum ob_period p, const char *date, char key[16])
{
	int months = period_months(p), y, m, d;
	int64_t z;

	if (!months || !key || parse_day(date, &z))
		return -1;
	civil_from_days(z, &y, &m, &d);
	return key_format(p, (struct period){ y, (m - 1) / months + 1 }, key);
}

int ob_period_bounds(enum ob_period p, const char *key, char first[11], char last[11])
{
	struct period pd;
	int fm, lm;
	char f[11], l[11];

	if (!first || !last || key_parse(p, key, &pd))
		return -1;
	period_month_range(p, pd, &fm, &lm);
	if (format_day(days_of(pd.y, fm, 1), f) || format_day(days_of(pd.y, lm, month_len(pd.y, lm)), l))
		return -1;
	memcpy(first, f, sizeof(f));
	memcpy(last, l, sizeof(l));
	return 0;
}

/* The period step periods (+1 or -1) away from key. */
static int period_step(enum ob_period p, const char *key, int step, char out[16])
{
	struct period pd;
	int count;

	if (!out || key_parse(p, key, &pd))
		return -1;
	count = 12 / period_months(p);
	pd.i += step;
	if (pd.i > count) {
		pd.i = 1;
		pd.y++;
	} else if (pd.i < 1) {
		pd.i = count;
		pd.y--;
	}
	return key_format(p, pd, out);
}

int ob_period_next(enum ob_period p, const char *key, char next[16])
{
	return period_step(p, key, 1, next);
}

int ob_period_prev(enum ob_period p, const char *key, char prev[16])
{
	return period_step(p, key, -1, prev);
}

const char *ob_period_label(enum ob_period p, const char *key, char out[32])
{
	static const char *const ordinal[] = { "一", "二", "三", "四" };
	struct period pd;
	int rc = -1;

	if (!out || key_parse(p, key, &pd))
		return NULL;
	switch (p) {
	case OB_YEAR: rc = put(out, 32, "%d年", pd.y); break;
	case OB_HALF: rc = put(out, 32, "%d年%s半年", pd.y, pd.i == 1 ? "上" : "下"); break;
	case OB_QUARTER: rc = put(out, 32, "%d年第%s季度", pd.y, ordinal[pd.i - 1]); break;
	case OB_MONTH: rc = put(out, 32, "%d年%d月", pd.y, pd.i); break;
	case OB_EVENT: break;	/* refused by key_parse already */
	}
	return rc ? NULL : out;
}

/* ---------------------------------------------------------------- working days */

/* 1 if date (canonical "YYYY-MM-DD") is in the sorted array a[n], 0 if not, -1 if the
 * array is malformed where the search looked (NULL array or entry, n < 0). */
static int in_sorted(const char *const *a, int n, const char *date)
{
	int lo = 0, hi = n - 1;

	if (n < 0 || (n > 0 && !a))
		return -1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2, c;

		if (!a[mid])
			return -1;
		c = strcmp(a[mid], date);
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}

/* 1 if the entries of a[n] are real dates in strictly ascending order, else 0. */
static int sorted_dates(const char *const *a, int n)
{
	if (n < 0 || (n > 0 && !a))
		return 0;
	for (int i = 0; i < n; i++)
		if (!a[i] || date_parse(a[i], NULL) || (i > 0 && strcmp(a[i - 1], a[i]) >= 0))
			return 0;
	return 1;
}

int ob_calendar_check(const struct ob_calendar *cal)
{
	if (!cal)
		return 0;
	if (!sorted_dates(cal->off, cal->noff) || !sorted_dates(cal->on, cal->non))
		return -1;
	for (int i = 0; i < cal->non; i++)
		if (in_sorted(cal->off, cal->noff, cal->on[i]) != 0)
			return -1;
	return 0;
}

/* Working-day test of day number z: 1 works, 0 off, -1 malformed calendar. */
static int workday_of(const struct ob_calendar *cal, int64_t z)
{
	char date[11];
	int r;

	if (format_day(z, date))
		return -1;
	if (cal) {
		if ((r = in_sorted(cal->off, cal->noff, date)) != 0)
			return r < 0 ? -1 : 0;
		if ((r = in_sorted(cal->on, cal->non, date)) != 0)
			return r < 0 ? -1 : 1;
	}
	r = weekday(z);
	return r != 0 && r != 6;
}

int ob_is_workday(const struct ob_calendar *cal, const char *date)
{
	int64_t z;

	if (parse_day(date, &z))
		return -1;
	return workday_of(cal, z);
}

/* Day number of the n-th working day after z (n = 0: z or the next working day). Stops
 * with -1 when the calendar is malformed or the search leaves 1900..2999. */
static int add_workdays(const struct ob_calendar *cal, int64_t z, int n, int64_t *out)
{
	int w = 1;

	if (n < 0)
		return -1;
	if (n == 0) {
		while ((w = workday_of(cal, z)) == 0)
			z++;
	} else {
		for (int count = 0; count < n; count += w) {
			z++;
			if ((w = workday_of(cal, z)) < 0)
				break;
		}
	}
	if (w < 0)
		return -1;
	*out = z;
	return 0;
}

int ob_add_workdays(const struct ob_calendar *cal, const char *date, int n, char out[11])
{
	int64_t z;

	if (!out || parse_day(date, &z) || add_workdays(cal, z, n, &z))
		return -1;
	return format_day(z, out);
}

/* ---------------------------------------------------------------- due dates */

int ob_due(const struct ob_due *d, enum ob_period p, const char *key, const char *event,
	   const struct ob_calendar *cal, char out[20])
{
	struct period pd = { 0, 0 };
	int fm = 0, lm = 0;
	int64_t z = 0, secs;

	if (!d || !out || d->n < 0)
		return -1;
	switch (d->kind) {
	case DUE_PERIOD_END:
	case DUE_NEXT_MONTH_DAY:
	case DUE_MONTH_DAY:
	case DUE_MONTH_DAY_NEXT_YEAR:
	case DUE_PERIOD_MONTH_DAY:
		if (key_parse(p, key, &pd))
			return -1;
		period_month_range(p, pd, &fm, &lm);
		break;
	case DUE_WORKDAYS_AFTER:
	case DUE_DAYS_AFTER:
		if (parse_day(event, &z))
			return -1;
		break;
	case DUE_HOURS_AFTER:
		if (parse_seconds(event, &secs))
			return -1;
		/* n hours on the wall clock: Shanghai has no DST, so this is exact. */
		return format_seconds(secs + (int64_t)d->n * 3600, out);
	default:
		return -1;
	}

	switch (d->kind) {
	case DUE_PERIOD_END:
		z = days_of(pd.y, lm, month_len(pd.y, lm)) + d->n;
		break;
	case DUE_NEXT_MONTH_DAY:
		if (month_day(lm == 12 ? pd.y + 1 : pd.y, lm == 12 ? 1 : lm + 1, d->day, &z))
			return -1;
		break;
	case DUE_MONTH_DAY:
		if (month_day(pd.y, d->month, d->day, &z))
			return -1;
		break;
	case DUE_MONTH_DAY_NEXT_YEAR:
		if (month_day(pd.y + 1, d->month, d->day, &z))
			return -1;
		break;
	case DUE_PERIOD_MONTH_DAY:
		if (month_day(pd.y, lm, d->day, &z))
			return -1;
		break;
	case DUE_WORKDAYS_AFTER:
		if (add_workdays(cal, z, d->n, &z))
			return -1;
		break;
	case DUE_DAYS_AFTER:
		z += d->n;
		break;
	default:
		BUG("ob_due: kind checked above");
	}
	return format_day(z, out);
}

/* ---------------------------------------------------------------- status */

static const char *const status_codes[] = { "invalid", "not_due", "due_soon", "done", "done_late", "overdue", "na" };
static const char *const status_labels[] = { "无效", "未到期", "即将到期", "已完成", "逾期完成", "逾期未完成", "不适用" };
#define NSTATUS ((int)ARRAY_SIZE(status_codes))

const char *ob_status_code(enum ob_status s)
{
	return status_codes[(int)s > 0 && (int)s < NSTATUS ? (int)s : 0];
}

const char *ob_status_label(enum ob_status s)
{
	return status_labels[(int)s > 0 && (int)s < NSTATUS ? (int)s : 0];
}

enum ob_status ob_status_at(const char *due, const char *done_at, const char *now, int warn_days, int applicable)
{
	int64_t due_v, now_v, done_v, warn;
	int by_day;

	if (!applicable)
		return OBS_NA;
	if (!due || warn_days < 0)
		return OBS_INVALID;
	/* The precision of due decides the unit: days for a date, seconds for a date-time. */
	by_day = strlen(due) == 10;
	if (by_day) {
		if (parse_day(due, &due_v) || parse_day(now, &now_v))
			return OBS_INVALID;
		warn = warn_days;
	} else {
		if (parse_seconds(due, &due_v) || parse_seconds(now, &now_v))
			return OBS_INVALID;
		warn = (int64_t)warn_days * DAY_SECONDS;
	}
	if (done_at && *done_at) {
		if (by_day ? parse_day(done_at, &done_v) : parse_seconds(done_at, &done_v))
			return OBS_INVALID;
		return done_v <= due_v ? OBS_DONE : OBS_DONE_LATE;
	}
	if (now_v > due_v)
		return OBS_OVERDUE;
	if (now_v >= due_v - warn)
		return OBS_DUE_SOON;
	return OBS_NOT_DUE;
}
