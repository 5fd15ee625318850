/*
 * dashboard.h — the regulator's cockpit and the enterprise home (issue 3). The
 * module has no entities of its own: it reads the aggregates that the risk and
 * hazard modules keep current (risk_summary, hazard_stats, hazard_monthly; migration
 * 0002) and a few indexed queries over open hazards. The entry points the binary
 * needs (dashboard_init, dashboard_schema) are declared in mod.h.
 */
#ifndef ANJIAN_DASHBOARD_H
#define ANJIAN_DASHBOARD_H

/* Score weights of the cockpit ranking (documented in API.md, "Dashboard"): the
 * higher the score, the worse the enterprise. */
#define DASH_W_RED 40		/* highest risk colour red (重大风险) */
#define DASH_W_ORANGE 20	/* orange (较大风险) */
#define DASH_W_YELLOW 5		/* yellow (一般风险) */
#define DASH_W_MAJOR 10		/* per open major hazard (重大事故隐患) */
#define DASH_W_OVERDUE 5	/* per overdue open hazard */
#define DASH_W_GENERAL 1	/* per open general hazard */
#define DASH_W_LATE 20		/* × (1 − on-time rate) of closed hazards */

#endif
