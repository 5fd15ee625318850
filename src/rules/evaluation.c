/*
 * evaluation.c — see evaluation.h. Pure arithmetic on centi-points.
 */
#include <string.h>

#include "rules/evaluation.h"

static const char *const codes[] = { "excellent", "good", "pass", "fail" };
static const char *const labels[] = { "优秀", "良好", "合格", "不合格" };

int64_t ev_points(const struct ev_indicator *i)
{
	if (i->weight <= 0 || i->total < 0 || i->ok < 0 || i->ok > i->total)
		return -1;
	if (i->total == 0)
		return i->weight;
	/* half up: (2·w·ok + total) / (2·total) */
	return (2 * i->weight * i->ok + i->total) / (2 * i->total);
}

int ev_bands_ok(const struct ev_bands *b)
{
	return b->excellent <= 10000 && b->excellent > b->good && b->good > b->pass &&
	       b->pass >= 0;
}

enum ev_grade ev_grade_of(int64_t score, const struct ev_bands *b)
{
	if (score >= b->excellent)
		return EV_EXCELLENT;
	if (score >= b->good)
		return EV_GOOD;
	if (score >= b->pass)
		return EV_PASS;
	return EV_FAIL;
}

int ev_score(const struct ev_input *in, const struct ev_bands *b, struct ev_result *out)
{
	int64_t sum = 0, bonus;

	memset(out, 0, sizeof(*out));
	if (!ev_bands_ok(b) || in->deductions < 0 || in->bonuses < 0 || in->bonus_cap < 0 ||
	    in->vetoes < 0 || (int)in->veto_cap < EV_EXCELLENT || in->veto_cap > EV_FAIL ||
	    (in->nind && !in->ind))
		return -1;
	for (size_t k = 0; k < in->nind; k++) {
		int64_t p = ev_points(&in->ind[k]);

		if (p < 0)
			return -1;
		sum += p;
	}
	bonus = in->bonuses < in->bonus_cap ? in->bonuses : in->bonus_cap;
	out->points = sum;
	out->score = sum - in->deductions + bonus;
	if (out->score < 0)
		out->score = 0;
	if (out->score > 10000)
		out->score = 10000;
	out->by_score = ev_grade_of(out->score, b);
	out->grade = out->by_score;
	/* 一票否优: a veto finding caps the grade whatever the score */
	if (in->vetoes > 0 && out->grade < in->veto_cap) {
		out->grade = in->veto_cap;
		out->capped = 1;
	}
	return 0;
}

const char *ev_grade_code(enum ev_grade g)
{
	return (int)g >= 0 && g <= EV_FAIL ? codes[g] : NULL;
}

const char *ev_grade_label(enum ev_grade g)
{
	return (int)g >= 0 && g <= EV_FAIL ? labels[g] : NULL;
}

int ev_grade_parse(const char *code)
{
	for (int g = 0; code && g <= EV_FAIL; g++)
		if (strcmp(code, codes[g]) == 0)
			return g;
	return -1;
}
