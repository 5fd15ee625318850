/*
 * permit.h — 特殊作业票 / 危险作业 (issue 10, "Hazardous-work permits"): a permit per job
 * with its kind and computed grade (src/rules/permit.h, GB 30871-2022), validity, the
 * guardian (监护人) and the work leader from the training module's roster, the
 * contractor for contractor work (seeds/004 item 18), risk analysis and 技术交底, gas
 * tests as child rows, the approval chain of Table B.1 as child rows, start, close-out
 * (完工验收) and cancellation. Nothing is deleted (GB 30871 ch. 4: records kept ≥ 1 year).
 *
 * Entities: work_permit (workflow), work_permit_gas, work_permit_approval,
 * work_permit_event (timeline). View: GET /api/work_permit/board (permits in progress,
 * expiring today and expired flagged). Home notices: expired permits not closed.
 */
#ifndef ANJIAN_MOD_PERMIT_H
#define ANJIAN_MOD_PERMIT_H

#include <stdint.h>

struct ectx;
struct home_notices;
struct jw;

void permit_init(void);
int permit_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w);
int permit_demo_build(struct ectx *c);

#endif
