/*
 * campaign.c — 专项行动 pure rules (campaign.h).
 */
#include <stdio.h>
#include <string.h>

#include "rules/campaign.h"

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int mdays(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap(y) ? 29 : d[m - 1];
}

static int parse_date(const char *s, int *y, int *m, int *d)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	if (*m < 1 || *m > 12 || *d < 1 || *d > mdays(*y, *m))
		return -1;
	return 0;
}

int cmp_move_date(const char *date, int from_year, int to_year, char out[11])
{
	int y, m, d;

	if (parse_date(date, &y, &m, &d) != 0 || from_year < 2000 || from_year > 2100 ||
	    to_year < 2000 || to_year > 2100)
		return -1;
	y = to_year + (y - from_year);
	if (y < 2000 || y > 2101)
		return -1;
	if (d > mdays(y, m))
		d = mdays(y, m);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
	return 0;
}

const char *cmp_cell(const char *status, const char *first, const char *due, const char *today)
{
	if (!status || !due || !today)
		return NULL;
	if (strcmp(status, "returned") == 0)
		return "returned";
	if (strcmp(status, "submitted") == 0 || strcmp(status, "accepted") == 0) {
		if (!first)
			return NULL;
		return strncmp(first, due, 10) <= 0 ? "done" : "late";
	}
	if (strcmp(status, "pending") == 0)
		return strcmp(due, today) < 0 ? "missing" : "waiting";
	return NULL;
}

long cmp_text_chars(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	long n = 0;

	if (!p)
		return 0;
	while (*p) {
		int len = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3
			: (*p & 0xF8) == 0xF0 ? 4 : 0;

		if (!len)
			return -1;
		for (int i = 1; i < len; i++)
			if ((p[i] & 0xC0) != 0x80)
				return -1;
		if (!(len == 1 && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) &&
		    !(len == 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80))	/* U+3000 */
			n++;
		p += len;
	}
	return n;
}
