/*
 * submit.h — 信息报送 (issue 11 "The regulator's side of the loop", Submissions):
 * submission types defined by the regulator (schedule, who must submit, form),
 * the enterprises' submissions with a declared review workflow and every version
 * kept, the matrix enterprise × period. See submit.c.
 */
#ifndef ANJIAN_MOD_SUBMIT_H
#define ANJIAN_MOD_SUBMIT_H

#include <stdint.h>

struct ectx;
struct home_notices;
struct db;
struct jw;
struct obligation_def;
struct verr;

void submit_init(void);
/* Extra indexes (one submission per type, enterprise and period). */
int submit_schema(struct db *db);
/* The scheduler's job: each enabled type's submissions of the periods begun. */
int submit_jobs(struct ectx *c);
/* Home notices: submissions due soon, overdue, returned. */
int submit_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w);
/* Demo: the documents' types enabled, submissions on time / late / missing /
 * returned for the demo enterprises (submit_demo.c). */
int submit_demo_build(struct ectx *c);
extern const struct obligation_def *const submit_duties[];

/* Creates the submissions type_id owes up to today (periods begun since its
 * start period, for every target enterprise) that do not exist yet, inside the
 * caller's transaction. *created gets the count. 0 ok, -1 with e filled. */
int submit_generate_tx(struct ectx *c, int64_t type_id, int *created, struct verr *e);
/* Creates a type from shipped template code for c's org (enabled, starting with
 * the current year's first period) inside the caller's transaction; its id, or -1. */
int64_t submit_enable_template_tx(struct ectx *c, const char *code, const char *start,
				  struct verr *e);

#endif
