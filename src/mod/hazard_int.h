/*
 * hazard_int.h — private to the hazard module (hazard.c, hazard_stats.c,
 * hazard_demo.c): what the files of the module share. The demo district drives its hazards through the same actions and
 * writers as the API, so the aggregates and the timeline come out right.
 */
#ifndef ANJIAN_HAZARD_INT_H
#define ANJIAN_HAZARD_INT_H

#include <stdint.h>
#include <jansson.h>

#include "entity/entity.h"

#define HZ_MAJOR_LIST_MAX 1000	/* rows of the major-hazard list */
#define HZ_TREND_MONTHS 12	/* months of the trend */
#define HZ_SQL_OPEN "('registered', 'rectifying', 'pending')"

/* The counters of hazard_stats, in its column order. */
enum { AG_TOTAL, AG_OPEN_GENERAL, AG_OPEN_MAJOR, AG_REGISTERED, AG_RECTIFYING, AG_PENDING,
       AG_CLOSED, AG_CLOSED_ON_TIME, AG_SUPERVISED_OPEN, AG_N };

/* The closed loop's verbs (POST /api/hazard/:id/<verb>). */
enum hz_verb { V_ASSIGN, V_SUBMIT, V_VERIFY, V_REJECT, V_DISMISS, V_SUPERVISE, V_EXTEND };

extern const struct entity_def hazard_def;	/* "hazard" */
extern const struct entity_def dual_def;	/* "hazard_dual_report" */

/* When set, the time the hazard writes of this thread record ("YYYY-MM-DD HH:MM:SS"):
 * the demo backdates its history with it. NULL = the clock. */
extern _Thread_local const char *hz_clock;

/* Today in Shanghai, "YYYY-MM-DD" (of hz_clock when set). */
void hz_today(char out[11]);
/* The date of a day number (days since 1970-01-01). */
void hz_days_str(int64_t days, char out[11]);
/* Runs verb v on hazard id as c's user with body; *out (may be NULL) gets the row
 * after. 0 ok, -1 with e filled; one transaction, audited, with its timeline event. */
int hz_act(struct ectx *c, int64_t id, enum hz_verb v, const json_t *body,
	   json_t **out, struct verr *e);
/* Files an extension request on hazard id; the new extension's id or -1. */
int64_t hz_extend(struct ectx *c, int64_t id, const json_t *body, struct verr *e);

/* The Chinese label of a stored status code. */
const char *hz_state_label(const char *code);

/* hazard_stats.c: GET /api/hazard/stats and GET /api/hazard/major. */
struct req;
struct resp;
int hz_h_stats(struct req *r, struct resp *s);
int hz_h_major(struct req *r, struct resp *s);

#endif
