/*
 * risk_int.h — private to the risk module (risk.c, risk_demo.c): what its files
 * share. The demo district builds its risks through the same declarations and
 * report functions as the API.
 */
#ifndef ANJIAN_RISK_INT_H
#define ANJIAN_RISK_INT_H

#include <stdint.h>
#include <jansson.h>

#include "entity/entity.h"

extern const struct entity_def risk_point_def;	/* "risk_point" */
extern const struct entity_def risk_source_def;	/* "danger_source" */
extern const struct entity_def risk_measure_def;	/* "control_measure" */

/* Builds (or rebuilds a draft of) the annual risk report of enterprise org for year
 * from the data; *id gets its id, *created 1 when new. 0 ok, -1 with e filled. */
int risk_report_save(struct ectx *c, int64_t org, int year, int64_t *id, int *created,
		     struct verr *e);
/* Marks report id submitted at when ("YYYY-MM-DD HH:MM:SS"). 0 ok, -1 with e filled. */
int risk_report_mark_submitted(struct ectx *c, int64_t id, const char *when, struct verr *e);

#endif
