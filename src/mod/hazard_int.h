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

#define HZ_TREND_MONTHS 12	/* months of the trend */
/* Open: every state before 已销号. Late-able: the states in which the enterprise
 * still owes the rectification (待销账 waits for the regulator, not the deadline). */
#define HZ_SQL_OPEN "('registered', 'rectifying', 'pending', 'verified')"
#define HZ_SQL_LATE "('registered', 'rectifying', 'pending')"

/* The counters of hazard_stats read by the statistics, in this order. */
enum { AG_TOTAL, AG_OPEN_GENERAL, AG_OPEN_MAJOR, AG_REGISTERED, AG_RECTIFYING, AG_PENDING,
       AG_CLOSED, AG_CLOSED_ON_TIME, AG_SUPERVISED_OPEN, AG_VERIFIED, AG_N };

extern const struct entity_def hazard_def;	/* "hazard" */
extern const struct entity_def dual_def;	/* "hazard_dual_report" */
extern const struct entity_def ext_def;		/* "hazard_extension" */
extern const struct workflow hazard_workflow;	/* hazard_flow.c */
extern const struct workflow extension_workflow;

/* The date of a day number (days since 1970-01-01). */
void hz_days_str(int64_t days, char out[11]);
/* Runs action verb on hazard id as c's user with body, inside the caller's
 * transaction (wf_run_tx). 0 ok, -1 with e filled. */
int hz_act(struct ectx *c, int64_t id, const char *verb, const json_t *body, struct verr *e);
/* 1 if registered by a regulator, major, or under 挂牌督办 (hazard_flow.c). */
int hz_protected(const json_t *row);

/* The Chinese label of a stored status code. */
const char *hz_state_label(const char *code);

/* hazard_stats.c: GET /api/hazard/stats and GET /api/hazard/major. */
struct req;
struct resp;
int hz_h_stats(struct req *r, struct resp *s);
extern const struct view_def hazard_major_view;	/* GET /api/hazard/major */

#endif
