/*
 * equipment.c — next inspection date (see equipment.h).
 */
#include <stdint.h>
#include <stdio.h>

#include "core/util.h"
#include "rules/equipment.h"

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int equip_next_inspection(const char *last, int months, char out[11])
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int64_t days;
	int y, m, d, dim;

	if (!last || months < 1 || months > 240 || date_parse(last, &days) != 0 ||
	    sscanf(last, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return -1;
	m += months;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	dim = mdays[m - 1] + (m == 2 && leap(y));
	if (d > dim)
		d = dim;
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000, (unsigned)m % 100, (unsigned)d % 100);
	return 0;
}
