/*
 * emergency.c — the emergency-readiness rules of emergency.h (令第2号 Arts. 26, 33,
 * 35; 国务院令第708号 Art. 8; seeds/004 item 19; seeds/001 task 10).
 */
#include "emergency.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"

/* The high_risk codes of EM_ART33_SQL and EM_ART35_SQL (tests check they agree). */
static const char *const art33[] = {
	"hazardous_chemicals", "gas", "fireworks", "civil_explosives",
	"mining", "metal_smelting", "construction", "crowded_place", NULL
};
static const char *const art35[] = {
	"hazardous_chemicals", "gas", "fireworks", "civil_explosives",
	"mining", "metal_smelting", "construction", NULL
};

static int in_list(const char *const *l, const char *s)
{
	for (; s && *l; l++)
		if (strcmp(*l, s) == 0)
			return 1;
	return 0;
}

int em_art33_unit(const char *high_risk) { return in_list(art33, high_risk); }

int em_art35_unit(const char *high_risk, const char *scale)
{
	return in_list(art35, high_risk) || (scale && strcmp(scale, "above") == 0);
}

int em_high_risk(const char *high_risk)
{
	return high_risk && *high_risk && strcmp(high_risk, "none") != 0;
}

enum ob_period em_drill_period(enum em_drill_duty d, const char *high_risk)
{
	switch (d) {
	case EMD_PLAN:
		return em_art33_unit(high_risk) ? OB_HALF : OB_YEAR;
	case EMD_ONSITE:
		return OB_HALF;
	case EMD_EVACUATION:
		return em_high_risk(high_risk) ? OB_HALF : OB_YEAR;
	}
	return 0;
}

int em_drill_proves(enum em_drill_duty d, const char *kind)
{
	if (!kind)
		return 0;
	switch (d) {
	case EMD_PLAN:
		return strcmp(kind, "comprehensive") == 0 || strcmp(kind, "special") == 0;
	case EMD_ONSITE:
		return strcmp(kind, "onsite") == 0;
	case EMD_EVACUATION:
		return strcmp(kind, "evacuation") == 0;
	}
	return 0;
}

int em_drill_report_required(const char *high_risk) { return em_art33_unit(high_risk); }

int em_filing_due(const struct ob_calendar *cal, const char *published, int workdays,
		  char out[11])
{
	if (workdays < 1)
		return -1;
	return ob_add_workdays(cal, published, workdays, out);
}

int em_filing_late(const char *due, const char *filed, const char *today)
{
	int64_t d, f, t;

	if (!due || date_parse(due, &d) != 0 || !today || date_parse(today, &t) != 0)
		return -1;
	if (filed && *filed) {
		if (date_parse(filed, &f) != 0)
			return -1;
		return f > d;
	}
	return t > d;
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int em_add_years(const char *from, int years, char out[11])
{
	int64_t days;
	int y, m, d;

	if (!from || date_parse(from, &days) != 0 || sscanf(from, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return -1;
	y += years;
	if (y < 1900 || y > 2999)
		return -1;
	if (m == 2 && d == 29 && !leap(y))
		d = 28;
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return 0;
}

int em_next_evaluation(int art35, const char *evaluated, const char *published,
		       char out[11])
{
	const char *from = evaluated && *evaluated ? evaluated : published;

	if (!art35)
		return 0;
	if (!from || !*from)
		return -1;
	return em_add_years(from, EM_EVAL_YEARS, out) == 0 ? 1 : -1;
}

int em_next_inspection(const char *last, const char *since, int interval_days, char out[11])
{
	int64_t days;
	const char *from = last && *last ? last : since;

	if (interval_days < 1 || interval_days > 3650 || !from || date_parse(from, &days) != 0)
		return -1;
	if (!(last && *last)) {
		snprintf(out, 11, "%s", from);
		return 0;
	}
	time_date((time_t)((days + interval_days) * 86400), out);
	return 0;
}
