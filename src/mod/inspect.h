/*
 * inspect.h — 检查与执法 (issue 8, "Checklists and inspections" and "Regulator
 * enforcement"): checklist templates (versioned), inspection plans that yield
 * obligations, inspections item by item on a phone whose 不符合 items become
 * hazards, the regulator's annual enforcement plan, the 双随机 draw, the 整改通知书
 * with the enterprise's reply and the regulator's 复查, and the 百日攻坚 list.
 *
 * Entities (generic routes of the entity core serve them all, scoped by org_id):
 *   checklist, checklist_item        templates (a public library: no org; owner_org_id)
 *   inspection_plan, inspection_task a plan and its occurrences (the calendar's rows)
 *   inspection, inspection_result, inspection_participant
 *   rectify_notice                   整改通知书 (workflow reply / review_pass / review_fail)
 *   enforcement_plan, enforcement_target, enterprise_flag, spot_draw
 * Module routes:
 *   PUT  /api/checklist/:id/items          save the items; a used template → new version
 *   POST /api/inspection/:id/finish        (workflow) 完成检查: 不符合 → hazards
 *   GET  /api/enforcement_plan/:id/proposals   enterprises that must be in the plan
 *   POST /api/enforcement_plan/:id/propose     add them as targets
 *   GET  /api/spot_draw/:id/rerun          re-run a recorded draw and compare
 *   GET  /api/inspection/campaign100       百日攻坚 集中攻坚 list (declared view)
 */
#ifndef ANJIAN_MOD_INSPECT_H
#define ANJIAN_MOD_INSPECT_H

#include <stdint.h>

struct db;
struct ectx;
struct home_notices;
struct obligation_def;

void inspect_init(void);
int inspect_schema(struct db *db);
int inspect_demo_build(struct ectx *c);
int inspect_jobs(struct ectx *c);
struct jw;
int inspect_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w);
extern const struct obligation_def *const inspect_duties[];

#endif
