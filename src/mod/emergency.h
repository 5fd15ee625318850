/*
 * emergency.h — 应急管理 (issue 9, "Emergency readiness"): emergency plans with their
 * versions, 备案 and evaluation (应急管理部令第2号 Arts. 26, 35, 36), the command body
 * and rescue teams or agreements (seeds/000 §二(五)3, seeds/001 task 10, 条例 Art. 10),
 * supplies and equipment (seeds/000 §二(五)2) and drills with their frequency duties
 * (Art. 33; seeds/004 item 19; seeds/001 task 10). Rules: src/rules/emergency.h.
 *
 * Entities: emergency_plan, emergency_command, rescue_team, emergency_supply,
 * emergency_drill. Routes: GET /api/emergency/contacts?org_id= (the contacts below).
 */
#ifndef ANJIAN_MOD_EMERGENCY_H
#define ANJIAN_MOD_EMERGENCY_H

#include <stdint.h>
#include <jansson.h>

struct db;
struct ectx;
struct home_notices;
struct jw;
struct obligation_def;

void emergency_init(void);
int emergency_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w);
int emergency_demo_build(struct ectx *c);
extern const struct obligation_def *const emergency_duties[];

/* The emergency contacts of enterprise org (its own rows, not its subsidiaries'):
 *   {"command":[{"role","role_label","group","name","position","phone","backup_phone"}],
 *    "teams":[{"name","kind","kind_label","leader","phone","partner","agreement_end"}]}
 * for the QR page and the risk card. No scope check: the caller decides who may see
 * them. New reference, or NULL on a database error. */
json_t *emergency_contacts(struct db *db, int64_t org);

#endif
