/*
 * inspect.c — periods of inspection plans and the 双随机 draw (see inspect.h).
 */
#include <stdio.h>
#include <string.h>

#include "rules/inspect.h"

static const struct { const char *code; enum insp_freq f; } freqs[] = {
	{"daily", IF_DAILY}, {"weekly", IF_WEEKLY}, {"monthly", IF_MONTHLY},
	{"quarterly", IF_QUARTERLY}, {"seasonal", IF_SEASONAL}, {"holiday", IF_HOLIDAY},
	{"special", IF_SPECIAL},
};

enum insp_freq insp_freq_parse(const char *code)
{
	for (size_t i = 0; code && i < sizeof(freqs) / sizeof(freqs[0]); i++)
		if (strcmp(code, freqs[i].code) == 0)
			return freqs[i].f;
	return 0;
}

int insp_freq_recurs(enum insp_freq f)
{
	return f >= IF_DAILY && f <= IF_SEASONAL;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t civil_days(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int month_len(int y, int m)
{
	static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : len[m - 1];
}

/* "YYYY-MM-DD" (years 1900..2999, a real day) → parts; -1 otherwise. */
static int parse(const char *s, int *y, int *m, int *d)
{
	if (!s || strlen(s) < 10)
		return -1;
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return -1;
	if (s[10] && s[10] != ' ' && s[10] != 'T')
		return -1;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	if (*y < 1900 || *y > 2999 || *m < 1 || *m > 12 || *d < 1 || *d > month_len(*y, *m))
		return -1;
	return 0;
}

static void fmt(int64_t days, char out[11])
{
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

int insp_next_day(const char *date, char out[11])
{
	int y, m, d;

	if (!out || parse(date, &y, &m, &d) != 0)
		return -1;
	fmt(civil_days(y, m, d) + 1, out);
	return 0;
}

int insp_period(enum insp_freq f, const char *date, char first[11], char last[11])
{
	int y, m, d, fm, fy, lm, ly;
	int64_t days, wd;

	if (!first || !last || !insp_freq_recurs(f) || parse(date, &y, &m, &d) != 0)
		return -1;
	days = civil_days(y, m, d);
	switch (f) {
	case IF_DAILY:
		fmt(days, first);
		fmt(days, last);
		return 0;
	case IF_WEEKLY:
		wd = ((days % 7) + 7 + 3) % 7;	/* 1970-01-01 was a Thursday: 0 = Monday */
		fmt(days - wd, first);
		fmt(days - wd + 6, last);
		return 0;
	case IF_MONTHLY:
		fy = ly = y;
		fm = lm = m;
		break;
	case IF_QUARTERLY:
		fy = ly = y;
		fm = (m - 1) / 3 * 3 + 1;
		lm = fm + 2;
		break;
	case IF_SEASONAL:
		/* Dec–Feb belongs to the winter that starts in December */
		fy = m <= 2 ? y - 1 : y;
		fm = m == 12 || m <= 2 ? 12 : (m - 3) / 3 * 3 + 3;
		lm = fm + 2 > 12 ? fm + 2 - 12 : fm + 2;
		ly = lm < fm ? fy + 1 : fy;
		if (fy < 1900)
			return -1;
		break;
	default:
		return -1;
	}
	snprintf(first, 11, "%04d-%02d-01", fy, fm);
	snprintf(last, 11, "%04d-%02d-%02d", ly, lm, month_len(ly, lm));
	return 0;
}

/* ------------------------------------------------------------------ draw */

uint64_t draw_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void draw_seed_format(uint64_t seed, char out[17])
{
	snprintf(out, 17, "%016llx", (unsigned long long)seed);
}

int draw_seed_parse(const char *hex, uint64_t *seed)
{
	uint64_t v = 0;

	if (!hex || !seed || strlen(hex) != 16)
		return -1;
	for (int i = 0; i < 16; i++) {
		char ch = hex[i];
		int x = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 :
			ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
		if (x < 0)
			return -1;
		v = v << 4 | (uint64_t)x;
	}
	*seed = v;
	return 0;
}

uint64_t draw_inspector_seed(uint64_t seed)
{
	uint64_t s = seed;

	return draw_next(&s);
}

/* An index in [0, bound) from the stream, by rejection (no modulo bias). */
static uint64_t below(uint64_t *state, uint64_t bound)
{
	uint64_t limit = UINT64_MAX - UINT64_MAX % bound, r;

	do
		r = draw_next(state);
	while (r >= limit);
	return r % bound;
}

int draw_pick(uint64_t seed, const int64_t *ids, size_t n, size_t k, int64_t *work,
	      int64_t *out, size_t *picked)
{
	uint64_t state = seed;

	if (n > 0 && (!ids || !work || (!out && k > 0)))
		return -1;
	for (size_t i = 1; i < n; i++)
		if (ids[i] <= ids[i - 1])
			return -1;
	if (k > n)
		k = n;
	if (n)
		memcpy(work, ids, n * sizeof(*ids));
	for (size_t i = 0; i < k; i++) {
		size_t j = i + (size_t)below(&state, (uint64_t)(n - i));
		int64_t t = work[i];
		work[i] = work[j];
		work[j] = t;
		out[i] = work[i];
	}
	if (picked)
		*picked = k;
	return 0;
}

int enforce_cert_valid(const char *cert_no, const char *valid_until, const char *today)
{
	if (!cert_no || !*cert_no || !valid_until || strlen(valid_until) != 10 || !today)
		return 0;
	return strcmp(valid_until, today) >= 0;
}

const char *enforce_cert_check(const char *role, const char *cert_no, const char *valid_until,
			       const char **field)
{
	int has_no = cert_no && *cert_no, has_until = valid_until && *valid_until;

	*field = NULL;
	if (!has_no && !has_until)
		return NULL;
	if (!role || (strcmp(role, "regulator") && strcmp(role, "department"))) {
		*field = "enforce_cert";
		return "仅监管部门的人员可登记执法证";
	}
	if (!has_no) {
		*field = "enforce_cert";
		return "填写了执法证有效期，请填写执法证号";
	}
	if (!has_until) {
		*field = "enforce_cert_until";
		return "请填写执法证有效期";
	}
	return NULL;
}
