/*
 * task.h — 任务清单 (issue 11, Task lists): key tasks with leaders, responsible and
 * cooperating units, requirements, deadline, progress reports; the import of the
 * seeds/003 annex table. See task.c.
 */
#ifndef ANJIAN_MOD_TASK_H
#define ANJIAN_MOD_TASK_H

struct ectx;
struct db;

void task_init(void);
/* task_flow.c: 督办 notices (task_notice) and their workflow; called by task_init. */
void task_flow_init(void);
/* Overdue tasks escalate once to the list's leaders (inbox "overdue"): the
 * scheduler's job, and anjian check's recompute. */
int task_jobs(struct ectx *c);
int task_recompute(struct db *db);
/* Demo: the seeds/003 annex as the district's 2026 task list, some progress. */
int task_demo_build(struct ectx *c);

#endif
