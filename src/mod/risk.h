/*
 * risk.h — what other modules and the CLI need from the risk module (risk.c,
 * 安全风险分级管控). risk_summary is a declared aggregate of risk_point (the entity
 * core keeps and rebuilds it); the module table (modules.c) holds the rest.
 */
#ifndef ANJIAN_MOD_RISK_H
#define ANJIAN_MOD_RISK_H

struct db;

/* anjian check's risk step (the module's recompute hook, also declared in mod.h),
 * run after agg_recompute(): sets risk_summary.review_due, the risk points per
 * enterprise whose next review date has passed as of today. Opens no transaction.
 * 0 ok, -1 error (logged). */
int risk_recompute(struct db *db);

#endif
