/*
 * risk.h — what other modules and the CLI need from the risk module (risk.c,
 * 安全风险分级管控): the aggregate recompute for `anjian check` and tests.
 */
#ifndef ANJIAN_MOD_RISK_H
#define ANJIAN_MOD_RISK_H

struct db;

/* Rebuilds every row of risk_summary (red/orange/yellow/blue per enterprise org and
 * review_due as of today) from risk_point. Opens no transaction: call it inside the
 * caller's when consistency with concurrent writers matters. 0 ok, -1 error (logged). */
int risk_summary_recompute(struct db *db);

#endif
