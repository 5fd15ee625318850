/*
 * standard.c — 标准化 grade thresholds (rules/standard.h; DOMAIN.md §11).
 */
#include <string.h>

#include "rules/standard.h"

enum std_grade standard_grade_parse(const char *code)
{
	static const char *const codes[] = { "level1", "level2", "level3" };

	for (int i = 0; code && i < 3; i++)
		if (strcmp(code, codes[i]) == 0)
			return (enum std_grade)(STDG_LEVEL1 + i);
	return STDG_NONE;
}

double standard_threshold(enum std_grade g, const double *th)
{
	static const double dflt[3] = {
		STANDARD_LEVEL1_DEFAULT, STANDARD_LEVEL2_DEFAULT, STANDARD_LEVEL3_DEFAULT
	};

	if (g < STDG_LEVEL1 || g > STDG_LEVEL3)
		return -1;
	return (th ? th : dflt)[g - STDG_LEVEL1];
}

int standard_meets(double score, enum std_grade g, const double *th)
{
	double t = standard_threshold(g, th);

	if (t < 0 || score < 0 || score > 100)
		return -1;
	return score >= t;
}

enum std_grade standard_grade_for(double score, const double *th)
{
	for (int g = STDG_LEVEL1; g <= STDG_LEVEL3; g++)
		if (standard_meets(score, (enum std_grade)g, th) == 1)
			return (enum std_grade)g;
	return STDG_NONE;
}
