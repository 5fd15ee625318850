/*
 * accident_int.h — private to the accident module's files.
 */
#ifndef ANJIAN_ACCIDENT_INT_H
#define ANJIAN_ACCIDENT_INT_H

#include <stdint.h>
#include <jansson.h>

#include "entity/entity.h"

#define RB(r) (1u << (r))
/* who reports and keeps the records: the unit's head (Art. 9) and its safety manager */
#define ACC_MANAGERS (RB(ROLE_ADMIN) | RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL))
#define ACC_ENT_ROLES (RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL) | RB(ROLE_STAFF))

extern const struct entity_def accident_def;		/* "accident" 事故快报 */
extern const struct entity_def accident_update_def;	/* "accident_update" 补报/续报 */
extern const struct entity_def accident_action_def;	/* "accident_action" 整改措施 */
extern const struct entity_def accident_stat_def;	/* "accident_stat" 年度事故统计 */
extern const struct workflow accident_workflow;		/* accident_flow.c */
extern const struct workflow accident_action_workflow;
extern const struct workflow accident_stat_workflow;
extern const struct view_def accident_live_view;	/* GET /api/accident/live */
extern const struct enum_opt accident_grade_opts[];
extern const struct enum_opt accident_eval_opts[];
extern struct enum_opt accident_type_opts[];	/* GB 6441-2025 then 1986, filled by init */

/* 500 internal into e; returns -1. */
int acc_internal(struct verr *e);
/* 1 if a and b are equal strings, NULL equal to NULL. */
int acc_same(const char *a, const char *b);

/* accident_stat.c: creates or regenerates (a draft only) enterprise org's
 * statistics of year from its records, inside the caller's transaction. *id gets
 * the row, *created 1 when new. 0 ok, -1 with e (409 when already submitted). */
int accident_stat_save(struct ectx *c, int64_t org, int year, int64_t *id, int *created,
		       struct verr *e);
struct req;
struct resp;
int accident_stat_h_generate(struct req *r, struct resp *s);

#endif
