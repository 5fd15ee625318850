/*
 * hazard.h — what other parts of anjian need from the hazard module (hazard.c):
 * the rebuild of the hazard aggregates, for `anjian check` and for the benchmark
 * generator that inserts hazards in bulk without going through the actions.
 * hazard_init() and hazard_demo_build() are declared in mod.h with the other
 * module entry points.
 */
#ifndef ANJIAN_MOD_HAZARD_H
#define ANJIAN_MOD_HAZARD_H

struct db;

/* Rebuilds hazard_stats and hazard_monthly (migration 0002) from the hazard table,
 * in one transaction of its own (the caller must not have one open):
 *   total = hazards not dismissed; open_* = registered/rectifying/pending by level;
 *   closed_on_time = closed with closed_at <= deadline (or no deadline);
 *   supervised_open = under 挂牌督办 and neither closed nor dismissed;
 *   monthly found = by month of found_at (not dismissed), closed = by month of
 *   closed_at. 0 ok, -1 error (logged, rolled back). */
int hazard_stats_recompute(struct db *db);

#endif
