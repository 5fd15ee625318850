/*
 * ledger.c — the rules of the 专项台账 module (see ledger.h).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "rules/ledger.h"
#include "rules/obligation.h"

int mh_grade_from_r(double r)
{
	if (!isfinite(r) || r < 0)
		return 0;
	if (r >= 100)
		return 1;
	if (r >= 50)
		return 2;
	if (r >= 10)
		return 3;
	return 4;
}

const char *mh_grade_code(int grade)
{
	static const char *const codes[] = { "first", "second", "third", "fourth" };

	return grade >= 1 && grade <= 4 ? codes[grade - 1] : NULL;
}

int ledger_cas_ok(const char *cas)
{
	size_t n, a;
	int sum = 0, w = 1;

	if (!cas)
		return 0;
	n = strlen(cas);
	/* N{2,7}-NN-R: 6..12 characters */
	if (n < 7 || n > 12 || cas[n - 2] != '-' || cas[n - 5] != '-')
		return 0;
	a = n - 5;
	if (a < 2 || a > 7)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (i != n - 2 && i != n - 5 && (cas[i] < '0' || cas[i] > '9'))
			return 0;
	if (cas[0] == '0')
		return 0;
	for (size_t i = n - 2; i-- > 0;) {	/* right to left, before the check digit */
		if (cas[i] == '-')
			continue;
		sum += w++ * (cas[i] - '0');
	}
	return sum % 10 == cas[n - 1] - '0';
}

int ledger_un_ok(const char *un)
{
	int v = 0;

	if (!un || strlen(un) != 4)
		return 0;
	for (int i = 0; i < 4; i++) {
		if (un[i] < '0' || un[i] > '9')
			return 0;
		v = v * 10 + (un[i] - '0');
	}
	return v >= 4 && v <= 3600;
}

/* Sunday of the Monday-to-Sunday week of day z (days since 1970-01-01, a Thursday). */
static int64_t week_end(int64_t z)
{
	int64_t wd = ((z + 3) % 7 + 7) % 7;	/* Monday 0 … Sunday 6 */

	return z - wd + 6;
}

static int day_str(int64_t z, char out[11])
{
	char b[11];

	time_date((time_t)z * 86400, b);
	memcpy(out, b, sizeof(b));
	return 0;
}

int ledger_duty_due(enum ld_rhythm r, const char *last, const char *since, char out[11])
{
	const char *from = last ? last : since;
	enum ob_period p;
	char key[16], next[16], first[11], end[11];
	int64_t z;

	if (!out || !from || date_parse(from, &z) != 0)
		return -1;
	if (r == LD_WEEK)
		return day_str(week_end(z) + (last ? 7 : 0), out);
	if (r != LD_MONTH && r != LD_QUARTER)
		return -1;
	p = r == LD_MONTH ? OB_MONTH : OB_QUARTER;
	if (ob_period_key(p, from, key) != 0)
		return -1;
	if (last) {
		if (ob_period_next(p, key, next) != 0)
			return -1;
		memcpy(key, next, sizeof(key));
	}
	if (ob_period_bounds(p, key, first, end) != 0)
		return -1;
	memcpy(out, end, sizeof(end));
	return 0;
}

int ledger_fixed_holiday(const char *today, int within, char date[11], const char **name)
{
	static const struct { int m, d; const char *name; } fixed[] = {
		{1, 1, "元旦"}, {5, 1, "劳动节"}, {10, 1, "国庆节"},
	};
	int64_t t, best = -1;
	int y, bi = 0;
	char b[16];

	if (!today || !date || !name || within < 0 || date_parse(today, &t) != 0 ||
	    sscanf(today, "%4d", &y) != 1)
		return -1;
	for (int yy = y; yy <= y + 1; yy++)
		for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
			int64_t z;
			snprintf(b, sizeof(b), "%04d-%02d-%02d", yy, fixed[i].m, fixed[i].d);
			if (date_parse(b, &z) != 0 || z < t || z > t + within)
				continue;
			if (best < 0 || z < best) {
				best = z;
				bi = (int)i;
			}
		}
	if (best < 0)
		return 0;
	time_date((time_t)best * 86400, date);
	*name = fixed[bi].name;
	return 1;
}
