/*
 * accident_grade.c — 国务院令第493号 Art. 3, 9, 13 as pure functions (see
 * accident_grade.h; DOMAIN.md §1, ✅ confirmed).
 */
#include "accident_grade.h"

#include <string.h>
#include <time.h>

#include "core/util.h"
#include "rules/obligation.h"

#define YUAN_WAN_FEN (10000LL * 100)	/* 1万元 in fen */

/* Art. 3 thresholds, lowest bound of each grade ("以上" includes it). */
static const struct {
	enum accident_grade g;
	int64_t deaths, serious, loss_fen;
} grade_bounds[] = {
	{ ACC_GRADE_SPECIAL, 30, 100, 10000 * YUAN_WAN_FEN },	/* 1亿元 */
	{ ACC_GRADE_MAJOR, 10, 50, 5000 * YUAN_WAN_FEN },
	{ ACC_GRADE_LARGER, 3, 10, 1000 * YUAN_WAN_FEN },
};

enum accident_grade accident_grade(int64_t deaths, int64_t serious, int64_t loss_fen)
{
	if (deaths < 0 || serious < 0 || loss_fen < 0)
		return ACC_GRADE_INVALID;
	/* highest first: the first grade any one criterion reaches wins */
	for (size_t i = 0; i < sizeof(grade_bounds) / sizeof(grade_bounds[0]); i++)
		if (deaths >= grade_bounds[i].deaths || serious >= grade_bounds[i].serious ||
		    loss_fen >= grade_bounds[i].loss_fen)
			return grade_bounds[i].g;
	return ACC_GRADE_GENERAL;
}

const char *accident_grade_code(enum accident_grade g)
{
	switch (g) {
	case ACC_GRADE_GENERAL: return "general";
	case ACC_GRADE_LARGER: return "larger";
	case ACC_GRADE_MAJOR: return "major";
	case ACC_GRADE_SPECIAL: return "especially_major";
	default: return NULL;
	}
}

const char *accident_grade_label(enum accident_grade g)
{
	switch (g) {
	case ACC_GRADE_GENERAL: return "一般事故";
	case ACC_GRADE_LARGER: return "较大事故";
	case ACC_GRADE_MAJOR: return "重大事故";
	case ACC_GRADE_SPECIAL: return "特别重大事故";
	default: return NULL;
	}
}

int accident_report_late(const char *occurred_at, const char *reported_at)
{
	time_t o, r;

	if (!occurred_at || !reported_at || datetime_parse(occurred_at, &o) != 0 ||
	    datetime_parse(reported_at, &r) != 0 || r < o)
		return -1;
	return r - o > 3600 ? 1 : 0;
}

int accident_type_short_window(const char *type_code)
{
	return type_code && (strcmp(type_code, "2025:03") == 0 || strcmp(type_code, "2025:09") == 0 ||
			     strcmp(type_code, "1986:08") == 0);
}

int accident_update_window_days(const char *type_code)
{
	return accident_type_short_window(type_code) ? 7 : 30;
}

int accident_update_last_day(const char *occurred_at, const char *type_code, char out[11])
{
	struct ob_due d = { DUE_DAYS_AFTER, 0, 0, accident_update_window_days(type_code) };
	char date[11], due[20];
	time_t t;

	if (!occurred_at || datetime_parse(occurred_at, &t) != 0)
		return -1;
	memcpy(date, occurred_at, 10);
	date[10] = '\0';
	if (ob_due(&d, OB_EVENT, NULL, date, NULL, due) != 0)
		return -1;
	memcpy(out, due, 10);
	out[10] = '\0';
	return 0;
}

int accident_update_in_window(const char *occurred_at, const char *type_code, const char *at)
{
	char last[11], day[11];
	int64_t n;

	if (!at || strlen(at) < 10 || accident_update_last_day(occurred_at, type_code, last) != 0)
		return -1;
	memcpy(day, at, 10);
	day[10] = '\0';
	if (date_parse(day, &n) != 0 || strncmp(day, occurred_at, 10) < 0)
		return -1;
	return strcmp(day, last) <= 0 ? 1 : 0;
}
