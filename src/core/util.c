/*
 * util.c — BUG(), checked allocation, logging, the Asia/Shanghai clock and calendar,
 * random tokens and SHA-256 (libsodium).
 *
 * Calendar arithmetic uses Howard Hinnant's days-from-civil algorithms on the
 * proleptic Gregorian calendar, so no function here touches the process time zone.
 */
#include "util.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int log_min_level = LOG_INFO;

void util_bug(const char *file, int line, const char *msg)
{
	fprintf(stderr, "BUG at %s:%d: %s\n", file, line, msg);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		BUG("out of memory");
	return p;
}

void *xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);

	if (!p)
		BUG("out of memory");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		BUG("out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		BUG("out of memory");
	return p;
}

/* One line to stderr: "2026-11-22 10:00:00 WARN message". */
void log_msg(enum log_level lv, const char *fmt, ...)
{
	static const char *names[] = { "DEBUG", "INFO", "WARN", "ERROR" };
	char ts[20], line[1024];
	va_list ap;
	int n;

	if ((int)lv < log_min_level)
		return;
	time_datetime(now_utc(), ts);
	n = snprintf(line, sizeof(line), "%s %s ", ts, names[lv]);
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s\n", line);
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* The date of a day number (inverse of days_from_civil). */
static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)((int64_t)yoe + era * 400 + (*m <= 2));
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned month_days(int y, unsigned m)
{
	static const unsigned md[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : md[m - 1];
}

/* Parses exactly n decimal digits at s. -1 if any is not a digit. */
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

int date_parse(const char *s, int64_t *days)
{
	int y, m, d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > (int)month_days(y, (unsigned)m))
		return -1;
	if (days)
		*days = days_from_civil(y, (unsigned)m, (unsigned)d);
	return 0;
}

int datetime_parse(const char *s, time_t *out)
{
	char date[11];
	int64_t days;
	int hh, mm, ss = 0;
	size_t n;

	if (!s)
		return -1;
	n = strlen(s);
	if (n != 16 && n != 19)
		return -1;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (date_parse(date, &days) || (s[10] != ' ' && s[10] != 'T') || s[13] != ':')
		return -1;
	hh = digits(s + 11, 2);
	mm = digits(s + 14, 2);
	if (n == 19) {
		if (s[16] != ':')
			return -1;
		ss = digits(s + 17, 2);
	}
	if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59)
		return -1;
	if (out)
		*out = (time_t)(days * 86400 + hh * 3600 + mm * 60 + ss - TZ_OFFSET_SECONDS);
	return 0;
}

/* The current time; ANJIAN_NOW (Shanghai "YYYY-MM-DD HH:MM:SS") fixes it for tests. */
time_t now_utc(void)
{
	static time_t fixed;
	static _Atomic int have_fixed;	/* 0 unknown, 1 fixed, -1 real clock */

	if (!have_fixed) {
		const char *s = getenv("ANJIAN_NOW");
		time_t t;

		have_fixed = (s && *s && datetime_parse(s, &t) == 0) ? 1 : -1;
		if (have_fixed == 1)
			fixed = t;
	}
	return have_fixed == 1 ? fixed : time(NULL);
}

/* Writes v (0..9999) as width decimal digits at p. */
static void put_digits(char *p, unsigned v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* Splits t into a Shanghai calendar date and seconds of the day. */
static void shanghai_split(time_t t, int *y, unsigned *m, unsigned *d, unsigned *sod)
{
	int64_t s = (int64_t)t + TZ_OFFSET_SECONDS;
	int64_t days = s >= 0 ? s / 86400 : (s - 86399) / 86400;

	civil_from_days(days, y, m, d);
	*sod = (unsigned)(s - days * 86400);
}

void time_date(time_t t, char out[11])
{
	int y;
	unsigned m, d, sod;

	shanghai_split(t, &y, &m, &d, &sod);
	put_digits(out, (unsigned)(y < 0 ? 0 : y % 10000), 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = '\0';
}

void time_datetime(time_t t, char out[20])
{
	int y;
	unsigned m, d, sod;

	shanghai_split(t, &y, &m, &d, &sod);
	time_date(t, out);
	out[10] = ' ';
	put_digits(out + 11, sod / 3600, 2);
	out[13] = ':';
	put_digits(out + 14, sod / 60 % 60, 2);
	out[16] = ':';
	put_digits(out + 17, sod % 60, 2);
	out[19] = '\0';
}

void random_hex(char *out, size_t nbytes)
{
	unsigned char raw[64];

	if (nbytes > sizeof(raw))
		BUG("random_hex too long");
	randombytes_buf(raw, nbytes);
	sodium_bin2hex(out, nbytes * 2 + 1, raw, nbytes);
}

void sha256_hex(const void *data, size_t n, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, n);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

static pthread_mutex_t thread_obj_lock = PTHREAD_MUTEX_INITIALIZER;

void *thread_obj(struct thread_obj *t)
{
	void *p;

	if (!atomic_load_explicit(&t->ready, memory_order_acquire)) {
		pthread_mutex_lock(&thread_obj_lock);
		if (!atomic_load_explicit(&t->ready, memory_order_relaxed)) {
			if (pthread_key_create(&t->key, t->destroy) != 0)
				BUG("pthread_key_create");
			atomic_store_explicit(&t->ready, 1, memory_order_release);
		}
		pthread_mutex_unlock(&thread_obj_lock);
	}
	p = pthread_getspecific(t->key);
	if (!p) {
		p = xcalloc(1, t->size);
		if (pthread_setspecific(t->key, p) != 0)
			BUG("pthread_setspecific");
	}
	return p;
}

/* Eight bytes a step, each mixed by a multiply and a shift (the finaliser constants
 * of MurmurHash3); the tail is read as one zero-padded word. A byte-wise FNV-1a
 * over the statement texts and plan keys of a list page was 1 % of it. Keys are
 * always compared in full after a hash match, so this needs spread, not strength. */
uint64_t hash64(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xC2B2AE3D27D4EB4FULL), v;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&v, s, 8);
		h = (h ^ v) * 0xFF51AFD7ED558CCDULL;
		h ^= h >> 32;
	}
	v = 0;
	memcpy(&v, s, n);
	h = (h ^ v) * 0xC4CEB9FE1A85EC53ULL;
	h ^= h >> 29;
	h *= 0xFF51AFD7ED558CCDULL;
	return h ^ (h >> 32);
}
