/*
 * fund.h — the enterprise's standing duties of issue 10, part "funds and ledgers":
 *   fund.c         安全生产费用 (财资〔2022〕136号): the yearly plan per enterprise with
 *                  the computed extraction, its expenses by permitted use, the ⚠️ rate
 *                  configuration, the report of extraction against use;
 *   fund_ledger.c  安责险 policies and the insurer's prevention visits, the mandatory
 *                  industries (configuration), 证照, the equipment ledger, 三同时
 *                  construction projects; their duties and views;
 *   fund_demo.c    the demo district's records.
 */
#ifndef ANJIAN_MOD_FUND_H
#define ANJIAN_MOD_FUND_H

#include <stdint.h>
#include <jansson.h>

struct ectx;
struct home_notices;
struct verr;
struct db;
struct jw;
struct obligation_def;
struct entity_def;

void fund_init(void);
int fund_schema(struct db *db);
int fund_demo_build(struct ectx *c);
int fund_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w);
extern const struct obligation_def *const fund_duties[];

/* fund_ledger.c */
void fund_ledger_init(void);
int fund_ledger_schema(struct db *db);
int fund_ledger_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w);

/* A record of the module belongs to an enterprise: on create, its org_id (or the
 * writer's org) must be an enterprise's org node; sets obj's org_id. 0 ok, -1 with
 * a field error on org_id. */
int fund_org_check(struct ectx *c, json_t *obj, struct verr *e);
/* A later date may not precede an earlier one: adds msg on field to when it does. */
void fund_date_order(const json_t *obj, const char *from, const char *to, const char *msg,
		     struct verr *e);
/* The declarations, for the demo. */
const struct entity_def *fund_entity(const char *name);

#endif
