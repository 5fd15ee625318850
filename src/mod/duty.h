/*
 * duty.h — the responsibility system (全员安全生产责任制), the safety rules register
 * and safety meetings (issue 9, parts "Responsibility system" and "Safety rules and
 * meetings"; seeds 000 §二(一)(三), 001 §三(一), 002 一月一交流, 004 items 1, 2, 10,
 * §四(一)). Module table entry in modules.c; files duty.c (posts, the seven duties,
 * letters, reports, commitments, assessments, accountability, coverage views),
 * duty_meet.c (safety rules, meetings and their decisions), duty_demo.c.
 */
#ifndef ANJIAN_MOD_DUTY_H
#define ANJIAN_MOD_DUTY_H

#include <stdint.h>
#include <jansson.h>

struct db;
struct ectx;
struct home_notices;
struct jw;
struct verr;
struct obligation_def;

void duty_init(void);
int duty_demo_build(struct ectx *c);
int duty_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w);
extern const struct obligation_def *const duty_duties[];

/* duty_meet.c */
void duty_meet_init(void);
/* Its duties, listed in duty_duties[]. */
extern const struct obligation_def duty_exchange_monthly, duty_committee_quarterly,
	duty_rule_revision, duty_decision_deadline;
int duty_meet_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w);

/* Shared by duty.c and duty_meet.c: the record belongs to an enterprise — its
 * org_id (the body's, else the user's) is moved to the enterprise node it lies in
 * (a unit's company); no enterprise: a field error on org_id. 0 ok, -1 error. */
int duty_org_to_enterprise(struct ectx *c, json_t *obj, struct verr *e);
/* 1 if member k of o holds at least one file id. */
int duty_has_files(const json_t *o, const char *k);

#endif
