/*
 * evaluation.h — the yearly evaluation of issue 11 ("Evaluation (考核) and 一票否优",
 * "Rankings (晾晒通报)"):
 *   evaluation.c       declarations: 考核方案 (eval_scheme), its indicators
 *                      (eval_indicator), manual deductions / bonuses (eval_adjust),
 *                      the frozen results (eval_result), accountability measures
 *                      (eval_measure: 点名 / 通报 / 约谈 / 移交); the catalogue of
 *                      computed indicators and veto rules, each a declared SQL;
 *   evaluation_calc.c  computing a scheme over its enterprises, publishing (freezing
 *                      the figures and the record ids behind every point), the
 *                      ranking and the drill-down routes;
 *   evaluation_demo.c  the demo district's schemes and measures.
 * Scoring itself is pure: src/rules/evaluation.c.
 */
#ifndef ANJIAN_MOD_EVALUATION_H
#define ANJIAN_MOD_EVALUATION_H

#include <stddef.h>
#include <stdint.h>

struct ectx;
struct db;
struct entity_def;
struct req;
struct resp;

/* One computed indicator or veto rule: rows of table `from` (aliased t, with an
 * org_id) meeting `where` over the scheme's year; `ok` (indicators) says which rows
 * count as done. Tokens {y0} {y1} (the year's first and last day) and {cut} (the
 * earlier of today and {y1}) become bound parameters. Constants, never user text. */
struct ev_rule {
	const char *code;
	const char *label;
	const char *source;	/* the document the rule comes from (shown on screen) */
	const char *entity;	/* the records' entity, for the link */
	const char *from;
	const char *where;
	const char *ok;		/* indicators only */
	const char *title;	/* SQL of the record's name */
	const char *date;	/* SQL of the record's date */
	const char *flag;	/* vetoes: the scheme's bool column enabling the rule */
};
extern const struct ev_rule ev_indicators[];
extern const size_t ev_nindicators;
extern const struct ev_rule ev_vetoes[];
extern const size_t ev_nvetoes;
const struct ev_rule *ev_indicator_find(const char *code);
const struct ev_rule *ev_veto_find(const char *code);

extern const struct entity_def eval_scheme_def, eval_indicator_def, eval_adjust_def,
	eval_result_def, eval_measure_def;

void evaluation_init(void);
int evaluation_schema(struct db *db);
int evaluation_demo_build(struct ectx *c);

/* evaluation_calc.c */
void evaluation_calc_init(void);
/* Publishes scheme id (freezes every enterprise's result) inside the caller's
 * transaction. 0 ok, -1 error (logged). */
int ev_publish_tx(struct ectx *c, int64_t scheme_id);

#endif
