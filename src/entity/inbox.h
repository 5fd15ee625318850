/*
 * inbox.h — the in-app inbox (issue "Who is on time"): one row per message to one
 * user — due soon, overdue, assigned to me, 督办 issued to my enterprise, returned
 * by the regulator — with a link to the record. Owner-scoped: a user reads only
 * their own. Module code sends inside its write transaction; the message is part
 * of the write (a refused action sends nothing).
 */
#ifndef ANJIAN_ENTITY_INBOX_H
#define ANJIAN_ENTITY_INBOX_H

#include <stdint.h>
#include "entity.h"

/* kind: due_soon | overdue | assigned | supervised | returned | notice */
int inbox_send(struct ectx *c, int64_t user_id, const char *kind, const char *title,
	       const char *body, const char *link, const char *entity, int64_t entity_id);
/* To every active user with a role in roles (mask of 1u << role) of the enterprise
 * org ent's subtree. Returns the number sent, -1 error. */
int inbox_send_enterprise(struct ectx *c, int64_t ent, unsigned roles, const char *kind,
			  const char *title, const char *body, const char *link,
			  const char *entity, int64_t entity_id);
/* To every active regulator user whose org supervises enterprise org ent. */
int inbox_send_regulators(struct ectx *c, int64_t ent, const char *kind, const char *title,
			  const char *body, const char *link, const char *entity,
			  int64_t entity_id);
/* To every active user whose org is org itself (not its subtree: the people who
 * keep the org's own records) with a role in roles (mask of 1u << role), and to
 * user also (0 = none) if active, whatever its org and role — each once, with one
 * outbound copy for org. Returns the number sent, -1 error. */
int inbox_send_org(struct ectx *c, int64_t org, unsigned roles, int64_t also, const char *kind,
		   const char *title, const char *body, const char *link, const char *entity,
		   int64_t entity_id);
/* Registers the inbox entity and its routes. */
void inbox_init(void);
/* Optional outbound copy (notify module): called for every message sent. */
extern int (*inbox_forward)(struct ectx *c, int64_t org_id, const char *kind,
			    const char *title, const char *body, const char *link);

#endif
