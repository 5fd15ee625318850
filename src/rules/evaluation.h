/*
 * evaluation.h — the yearly evaluation (考核) of an enterprise as pure rules: the
 * points of each indicator from its figures and weight, manual deductions and
 * bonuses, the grade bands, and the 一票否优 veto that caps the grade whatever the
 * score.
 *
 * Sources: seeds/001 task 2 (督查考核 … 严格落实"一票否优"; 点名、通报、约谈、移交);
 * seeds/002 §五(三) (六个一 results count in the assessment); seeds/000 §三(二)
 * (安全生产工作纳入年度绩效考核指标体系). The documents fix no figures: weights,
 * bands (优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60 by default) and the veto's cap (at best
 * 良好, i.e. "否优") are the scheme's configuration, shown as such on screen.
 *
 * Points are kept in hundredths (centi-points) so every sum is exact:
 *   points = weight × ok / total, rounded half up to 0.01;
 *   an indicator with nothing owed (total 0) earns its full weight;
 *   score = Σ points − deductions + min(bonuses, bonus cap), clamped to [0, 100].
 */
#ifndef ANJIAN_RULES_EVALUATION_H
#define ANJIAN_RULES_EVALUATION_H

#include <stddef.h>
#include <stdint.h>

enum ev_grade { EV_EXCELLENT = 0, EV_GOOD = 1, EV_PASS = 2, EV_FAIL = 3 };

/* Lower bounds in centi-points: score >= excellent → 优秀, >= good → 良好,
 * >= pass → 合格, else 不合格. */
struct ev_bands {
	int64_t excellent, good, pass;
};
#define EV_BANDS_DEFAULT { 9000, 8000, 6000 }

struct ev_indicator {
	int64_t weight;		/* centi-points, > 0 */
	int64_t total;		/* records owed (denominator), >= 0 */
	int64_t ok;		/* of them done as required, 0..total */
};

struct ev_input {
	const struct ev_indicator *ind;
	size_t nind;
	int64_t deductions;	/* centi-points, >= 0 (sum of the manual deductions) */
	int64_t bonuses;	/* centi-points, >= 0 (sum of the manual bonuses) */
	int64_t bonus_cap;	/* centi-points, >= 0: at most this much bonus counts */
	int vetoes;		/* number of veto findings (一票否优) */
	enum ev_grade veto_cap;	/* the best grade a vetoed enterprise may get */
};

struct ev_result {
	int64_t points;		/* Σ indicator points, centi */
	int64_t score;		/* final, centi, 0..10000 */
	enum ev_grade by_score;	/* the grade the score alone gives */
	enum ev_grade grade;	/* after the veto */
	int capped;		/* 1 when the veto lowered the grade */
};

/* The points of one indicator (centi), or -1 when its figures are impossible. */
int64_t ev_points(const struct ev_indicator *i);
/* 1 if the bands descend strictly within 0..10000, else 0. */
int ev_bands_ok(const struct ev_bands *b);
/* The grade of a score under bands. */
enum ev_grade ev_grade_of(int64_t score, const struct ev_bands *b);
/* Scores in (weights summing to 100.00 is the scheme's check, not this one's).
 * 0 ok, -1 on bad input (negative figures, ok > total, bad bands, bad cap). */
int ev_score(const struct ev_input *in, const struct ev_bands *b, struct ev_result *out);
/* "excellent" / "优秀" …; NULL for an out-of-range grade. */
const char *ev_grade_code(enum ev_grade g);
const char *ev_grade_label(enum ev_grade g);
/* The grade of a code, -1 if unknown. */
int ev_grade_parse(const char *code);

#endif
