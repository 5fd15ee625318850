/*
 * inspect_int.h — private to the inspect module (inspect*.c).
 */
#ifndef ANJIAN_INSPECT_INT_H
#define ANJIAN_INSPECT_INT_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "entity/entity.h"

#define RB(r) (1u << (r))
#define IN_ENT_ROLES (RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL) | RB(ROLE_STAFF))
#define IN_MANAGERS (RB(ROLE_ADMIN) | RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL))
#define IN_AUTHORS (IN_MANAGERS | RB(ROLE_REGULATOR))
#define IN_INSPECTORS (IN_AUTHORS | RB(ROLE_STAFF))
#define IN_REGULATORS (RB(ROLE_ADMIN) | RB(ROLE_REGULATOR))

/* A shipped checklist item and list (inspect_data.c). */
struct insp_item {
	const char *group, *text, *basis, *method, *evidence;
};
struct insp_checklist {
	const char *code, *name, *kind, *description;
	const struct insp_item *items;	/* NULL: built from the hazard_criterion catalogue */
	size_t nitems;
};
extern const struct insp_checklist insp_shipped[];
extern const size_t insp_nshipped;

extern const struct entity_def checklist_def, checklist_item_def, plan_def, task_def;
extern const struct entity_def inspection_def, result_def, participant_def, notice_def;
extern const struct entity_def enf_plan_def, enf_target_def, flag_def, draw_def;
extern const struct enum_opt insp_kind_opts[];

/* 1 if both NULL or equal. */
int in_same(const char *a, const char *b);
/* 1 when c is the system or its user's role is in mask. */
int in_role(const struct ectx *c, unsigned mask);
/* 500 into e; returns -1. */
int in_internal(struct verr *e);
/* The plan's occurrences up to today (inspect.c). */
int in_plan_tasks(struct ectx *c, int64_t plan_id, struct verr *e);
/* Marks the open task of plan_id whose period holds date as done by inspection. */
int in_task_close(struct ectx *c, int64_t plan_id, const char *date, int64_t inspection_id,
		  struct verr *e);

/* Adds an enforcement plan's proposed enterprises (inspect_enforce.c). */
int in_propose(struct ectx *c, int64_t plan_id, int *added, struct verr *e);

void inspect_flow_init(void);		/* inspect_flow.c */
void inspect_enforce_init(void);	/* inspect_enforce.c */

#endif
