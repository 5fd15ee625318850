/*
 * report.h — hazard reports from people (随手拍 / 吹哨人) and the enterprise QR code
 * (企业码), issue 8: what the module's files share (report.c declarations and
 * triage, report_pub.c the public endpoints and the QR code, report_demo.c the demo).
 */
#ifndef ANJIAN_MOD_REPORT_H
#define ANJIAN_MOD_REPORT_H

#include <stdint.h>
#include <jansson.h>

#include "entity/entity.h"

struct db;
struct jw;
struct home_notices;

extern const struct entity_def report_def;	/* "hazard_report" */
extern const struct entity_def reward_def;	/* "report_reward" */
extern const struct entity_def contact_def;	/* "report_contact" */
extern const struct workflow report_workflow;
extern const struct workflow reward_workflow;
extern const struct view_def reward_yearly_view;	/* GET /api/report_reward/yearly */

/* The org that receives reports naming no enterprise (the district's regulator: the
 * first top-level org of kind regulator). 0 none, -1 error. */
int64_t report_desk_org(struct db *db);
/* Creates a report inside the caller's transaction: description, location,
 * enterprise org (0 = none: the desk), the free-text enterprise name, contact, the
 * photo file ids (already checked), reporter (0 = the public) and channel
 * ("public" | "employee"). code gets the new tracking code (TRACK_LEN + 1). Returns
 * the id, -1 with e filled. */
int64_t report_create_tx(struct ectx *c, const char *description, const char *location,
			 int64_t ent_org, const char *ent_name, const char *contact,
			 const json_t *photos, int64_t reporter, const char *channel, char *code,
			 struct verr *e);
/* The same for a submission with an idempotency key (an offline phone's queue may
 * send it twice): the tracking code is derived from the key with the server's
 * secret (HMAC-SHA-256), so a replay finds the same report and the same code; the
 * key's hash is stored (unique). idem NULL = a random code. */
int64_t report_create_idem_tx(struct ectx *c, const char *description, const char *location,
			      int64_t ent_org, const char *ent_name, const char *contact,
			      const json_t *photos, int64_t reporter, const char *channel,
			      const char *idem, char *code, struct verr *e);
/* The tracking code of idempotency key idem (TRACK_LEN + 1). 0 ok, -1 error. */
int report_idem_code(struct db *db, const char *idem, char *code);

/* report_pub.c */
void report_pub_init(void);
int report_pub_schema(struct db *db);
/* The QR token of enterprise org (created when absent), in c's arena; NULL on error. */
const char *report_qr_token(struct ectx *c, int64_t org);

/* module entry points (modules.c) */
void report_init(void);
int report_schema(struct db *db);
int report_demo_build(struct ectx *c);
int report_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w);

#endif
