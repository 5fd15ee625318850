/*
 * scheduler.h — the scheduler thread of `anjian serve` (scheduler.c).
 */
#ifndef ANJIAN_MOD_SCHEDULER_H
#define ANJIAN_MOD_SCHEDULER_H

struct db;

/* Creates the job table. */
int scheduler_schema(struct db *db);
/* Starts the thread on its own connection to url (unless ANJIAN_SCHED=off). */
int scheduler_start(const char *url);
/* Stops and joins it (on SIGTERM, before the connections close). */
void scheduler_stop(void);
/* One tick on db: every job due and claimable here. Returns the number run. */
int scheduler_tick(struct db *db);

#endif
