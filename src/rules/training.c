/*
 * training.c — training hours, required certificates and certificate dates
 * (rules/training.h; DOMAIN.md §12). The tables below are the regulation; the
 * functions only look them up.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/util.h"
#include "rules/training.h"

static const char *const person_codes[] = {
	[TRP_PRINCIPAL] = "principal",
	[TRP_SAFETY_MANAGER] = "safety_manager",
	[TRP_SPECIAL_WORKER] = "special_worker",
	[TRP_EMPLOYEE] = "employee",
};

static const char *const cert_codes[] = {
	[TRC_SPECIAL_OP] = "special_op",
	[TRC_PRINCIPAL] = "principal",
	[TRC_SAFETY_MANAGER] = "safety_manager",
	[TRC_ENGINEER] = "engineer",
};

enum tr_person training_person_parse(const char *code)
{
	for (int i = TRP_PRINCIPAL; code && i <= TRP_EMPLOYEE; i++)
		if (strcmp(code, person_codes[i]) == 0)
			return (enum tr_person)i;
	return TRP_NONE;
}

const char *training_person_code(enum tr_person p)
{
	return p >= TRP_PRINCIPAL && p <= TRP_EMPLOYEE ? person_codes[p] : NULL;
}

enum tr_cert training_cert_parse(const char *code)
{
	for (int i = TRC_SPECIAL_OP; code && i <= TRC_ENGINEER; i++)
		if (strcmp(code, cert_codes[i]) == 0)
			return (enum tr_cert)i;
	return TRC_NONE;
}

const char *training_cert_code(enum tr_cert c)
{
	return c >= TRC_SPECIAL_OP && c <= TRC_ENGINEER ? cert_codes[c] : NULL;
}

static int in_list(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/* 令第3号 第九条 / 第十三条: 煤矿、非煤矿山、危险化学品、烟花爆竹、金属冶炼. */
int training_hours_high_risk(const char *high_risk, const char *division)
{
	static const char *const codes[] = {
		"mining", "hazardous_chemicals", "fireworks", "metal_smelting", NULL
	};

	return in_list(high_risk, codes) || (division && strcmp(division, "06") == 0);
}

/* 安全生产法 第二十七条第二款: 危险物品的生产、经营、储存、装卸单位以及矿山、
 * 金属冶炼、建筑施工、运输单位. 燃气 and 民用爆炸物品 are 危险物品. */
int training_cert_high_risk(const char *high_risk, const char *division)
{
	static const char *const codes[] = {
		"mining", "hazardous_chemicals", "fireworks", "civil_explosives", "gas",
		"metal_smelting", "construction", "transport", NULL
	};

	return in_list(high_risk, codes) || (division && strcmp(division, "06") == 0);
}

/* DOMAIN.md §12 table: {initial, annual} by kind and industry. */
struct hours_row {
	enum tr_person p;
	int high_risk;
	double initial, annual;	/* annual < 0: the configured ordinary figure */
	const char *article;
};
static const struct hours_row hours_rows[] = {
	{TRP_PRINCIPAL, 0, 32, 12, "原安监总局令第3号 第九条"},
	{TRP_PRINCIPAL, 1, 48, 16, "原安监总局令第3号 第九条"},
	{TRP_SAFETY_MANAGER, 0, 32, 12, "原安监总局令第3号 第九条"},
	{TRP_SAFETY_MANAGER, 1, 48, 16, "原安监总局令第3号 第九条"},
	{TRP_SPECIAL_WORKER, 0, 24, -1, "原安监总局令第3号 第十三条"},
	{TRP_SPECIAL_WORKER, 1, 72, 20, "原安监总局令第3号 第十三条"},
	{TRP_EMPLOYEE, 0, 24, -1, "原安监总局令第3号 第十三条"},
	{TRP_EMPLOYEE, 1, 72, 20, "原安监总局令第3号 第十三条"},
};

int training_required(enum tr_person p, int high_risk, const struct training_config *cfg,
		      struct training_hours *out)
{
	double ordinary = cfg ? cfg->employee_annual_general : TRAINING_EMPLOYEE_ANNUAL_DEFAULT;

	if (!out)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(hours_rows); i++) {
		const struct hours_row *r = &hours_rows[i];
		if (r->p == p && r->high_risk == (high_risk != 0)) {
			out->initial = r->initial;
			out->annual = r->annual < 0 ? ordinary : r->annual;
			out->article = r->article;
			return 0;
		}
	}
	return -1;
}

double training_required_year(enum tr_person p, int is_new, int high_risk,
			      const struct training_config *cfg)
{
	struct training_hours h;

	if (training_required(p, high_risk, cfg, &h) != 0)
		return -1;
	return is_new ? h.initial : h.annual;
}

enum tr_cert training_required_cert(enum tr_person p, int cert_high_risk)
{
	switch (p) {
	case TRP_SPECIAL_WORKER:
		return TRC_SPECIAL_OP;
	case TRP_PRINCIPAL:
		return cert_high_risk ? TRC_PRINCIPAL : TRC_NONE;
	case TRP_SAFETY_MANAGER:
		return cert_high_risk ? TRC_SAFETY_MANAGER : TRC_NONE;
	default:
		return TRC_NONE;
	}
}

/* Days since 1970 → "YYYY-MM-DD" (UTC midnight is the same date in Shanghai). */
static void days_str(int64_t days, char out[11])
{
	time_date((time_t)(days * 86400), out);
}

int training_date_add_days(const char *from, int days, char out[11])
{
	int64_t d;

	if (!from || !out || date_parse(from, &d) != 0)
		return -1;
	days_str(d + days, out);
	return 0;
}

int training_date_add_years(const char *from, int years, char out[11])
{
	int64_t d;
	int y, m, day;
	char buf[40];

	if (!from || !out || date_parse(from, &d) != 0 || sscanf(from, "%d-%d-%d", &y, &m, &day) != 3)
		return -1;
	y += years;
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || day < 1 || day > 31)
		return -1;
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, day);
	if (date_parse(buf, &d) != 0) {	/* 29 February of a non-leap year */
		snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, day - 1);
		if (date_parse(buf, &d) != 0)
			return -1;
	}
	memcpy(out, buf, 10);
	out[10] = '\0';
	return 0;
}

int training_cert_default_expiry(enum tr_cert c, const char *issued, char out[11])
{
	if (c == TRC_NONE || c > TRC_ENGINEER)
		return -1;
	if (c != TRC_SPECIAL_OP)
		return 1;
	return training_date_add_years(issued, TRAINING_SPECIAL_OP_VALID_YEARS, out);
}

int training_cert_next_review(enum tr_cert c, const char *from, int long_interval, char out[11])
{
	if (c == TRC_NONE || c > TRC_ENGINEER)
		return -1;
	if (c != TRC_SPECIAL_OP)
		return 1;
	return training_date_add_years(from, long_interval ? TRAINING_SPECIAL_OP_REVIEW_YEARS_LONG
				       : TRAINING_SPECIAL_OP_REVIEW_YEARS, out);
}

int training_cert_due(const char *expiry, const char *next_review, char due[11], char warn_from[11])
{
	int64_t d;
	const char *pick = NULL;

	if (expiry && *expiry) {
		if (date_parse(expiry, &d) != 0)
			return -1;
		pick = expiry;
	}
	if (next_review && *next_review) {
		if (date_parse(next_review, &d) != 0)
			return -1;
		if (!pick || strcmp(next_review, pick) < 0)
			pick = next_review;
	}
	if (!pick)
		return 1;
	memcpy(due, pick, 10);
	due[10] = '\0';
	return training_date_add_days(due, -TRAINING_CERT_WARN_DAYS, warn_from);
}

enum tr_cert_state training_cert_state(const char *expiry, const char *next_review,
				       const char *today)
{
	char due[11], warn[11];
	int64_t t;
	int rc;

	if (!today || date_parse(today, &t) != 0)
		return TRCS_INVALID;
	rc = training_cert_due(expiry, next_review, due, warn);
	if (rc < 0)
		return TRCS_INVALID;
	if (rc == 1)
		return TRCS_VALID;
	if (strcmp(today, due) > 0)
		return TRCS_EXPIRED;
	if (strcmp(today, warn) >= 0)
		return TRCS_EXPIRING;
	return TRCS_VALID;
}

int training_passed(double score, double pass_mark)
{
	return score >= (pass_mark > 0 ? pass_mark : TRAINING_PASS_MARK_DEFAULT);
}
