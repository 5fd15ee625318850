/*
 * task.h — 任务清单 (issue 11, Task lists): key tasks with leaders, responsible and
 * cooperating units, requirements, deadline, progress reports; the import of the
 * seeds/003 annex table. See task.c.
 */
#ifndef ANJIAN_MOD_TASK_H
#define ANJIAN_MOD_TASK_H

#include <stdint.h>
#include <jansson.h>

struct ectx;
struct db;
struct obligation_def;

void task_init(void);
/* task_flow.c: 督办 notices (task_notice) and their workflow; called by task_init. */
void task_flow_init(void);
/* Overdue tasks escalate once to the list's leaders (inbox "overdue"): the
 * scheduler's job, and anjian check's recompute. */
int task_jobs(struct ectx *c);
int task_recompute(struct db *db);
/* Demo: the seeds/003 annex as the district's 2026 task list, some progress. */
int task_demo_build(struct ectx *c);
/* The assignments (task_unit) of task tid from its 责任单位 / 配合单位 text (obj's
 * lead_units, coop_units): one per name that is a department org (成员单位); other
 * names ("各街镇") stay text. Inside the caller's transaction; *assigned counts
 * them. 0 ok, -1 with e filled. */
struct verr;
int task_assign_units(struct ectx *c, int64_t tid, const json_t *obj, int *assigned, struct verr *e);

/* task_leader.c — 区领导: duty lists, led inspections, yearly 履职述职 reports
 * (a duty of the calendar), the tasks naming a leader. A module entry of its own
 * (after the inspection module, whose records its demo links). */
void task_leader_init(void);
int task_leader_jobs(struct ectx *c);
int task_leader_recompute(struct db *db);
extern const struct obligation_def *const task_duties[];
/* task_leader_demo.c */
int task_leader_demo_build(struct ectx *c);

#endif
