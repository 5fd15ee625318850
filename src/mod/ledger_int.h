/*
 * ledger_int.h — what the files of the 专项台账 module share (mod/ledger.h).
 */
#ifndef ANJIAN_MOD_LEDGER_INT_H
#define ANJIAN_MOD_LEDGER_INT_H

#include <jansson.h>
#include <stdint.h>

#include "entity/entity.h"

struct home_notices;

#define LG_RB(r) (1u << (r))
/* Who keeps the ledgers: the enterprise (the regulator reads its enterprises'). */
#define LG_WRITERS (LG_RB(ROLE_ADMIN) | LG_RB(ROLE_ENT_MANAGER) | LG_RB(ROLE_ENT_PRINCIPAL))

/* A created row's org is an enterprise: obj's org_id, else the writer's org. 0 ok,
 * -1 with e filled (400 org_id, or 500). */
int lg_org_check(struct ectx *c, json_t *obj, struct verr *e);
/* A child row takes the org of its parent: table's row of id obj[ref]; on update
 * the parent may not move to another enterprise. 0 ok, -1 with e filled. */
int lg_parent_org(struct ectx *c, enum entity_action a, json_t *obj, const json_t *old,
		  const char *sql, const char *ref, const char *missing, struct verr *e);
/* to earlier than from (both dates of obj) adds msg on to. */
void lg_date_order(const json_t *obj, const char *from, const char *to, const char *msg,
		   struct verr *e);
int lg_internal(struct verr *e);

/* ledger_site.c */
void ledger_site_init(void);
int ledger_site_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w);
extern const struct obligation_def ledger_env_duty;

/* The declarations, for the demo. */
const struct entity_def *ledger_entity(const char *name);

#endif
