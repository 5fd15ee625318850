/*
 * obligation.h — the obligations calendar (issue "Who is on time"): every duty of
 * the documents with a period or an event and a deadline, declared once by its
 * module; the core keeps one row per (enterprise, duty, period) — due date, status
 * (未到期 / 即将到期 / 已完成 / 逾期完成 / 逾期未完成 / 不适用), the record that proved
 * it and when — inside the write that creates or removes the proof, rolls periods
 * over from the scheduler, and rebuilds everything in `anjian check`.
 *
 * Two kinds of duty:
 *   - periodic (year, half-year, quarter, month): proved by a record of
 *     proof_entity of the enterprise meeting proof_cond, placed in the period by
 *     proof_in (a date), done at proof_at (the earliest such record counts);
 *   - per record (OB_EVENT): one obligation per row of proof_entity meeting
 *     record_when — a hazard's deadline, a contractor's qualification expiry, an
 *     org-change report to be acknowledged — due at record_due (a date expression)
 *     or at the due rule applied to record_event (within 1 hour, 5 working days …),
 *     done when record_done holds, at record_done_at.
 * Every SQL fragment is a constant of the declaration over the row aliased t (or
 * the enterprise aliased e for applies / alt_when).
 *
 * The rule (period, due, warning) is data: table obligation_rule holds versions an
 * administrator may add; a version applies from its effective period on, and a
 * period keeps the due date it was judged by.
 */
#ifndef ANJIAN_ENTITY_OBLIGATION_H
#define ANJIAN_ENTITY_OBLIGATION_H

#include <stdint.h>
#include "entity.h"
#include "../rules/obligation.h"

enum ob_party { OBP_ENTERPRISE = 0, OBP_REGULATOR = 1 };

/* The enterprises that owe duties: the registry's (table enterprise, aliased e),
 * less the archived ones (an archived enterprise keeps its past rows). */
#define OB_ENTERPRISE_ACTIVE "COALESCE(e.archive_status, 'active') <> 'archived'"


struct obligation_def {
	const char *code;	/* "risk_report_annual": identifier, stable */
	const char *label;	/* "年度安全风险报告" */
	const char *source;	/* "seeds/004 第22项：规上企业5月底前…，11月底前完成所有企业申报" */
	const char *module;	/* "risk" */
	enum ob_party party;	/* who must act: the enterprise, or its regulator */
	const char *applies;	/* SQL over enterprise e; NULL = every enterprise */
	enum ob_period period;	/* OB_EVENT = per record */
	struct ob_due due;
	const char *alt_when;	/* SQL over e: these enterprises have due_alt (规上 → 5月底) */
	struct ob_due due_alt;
	int warn_days;		/* lead time of 即将到期 */
	const char *proof_entity;	/* periodic: the proving records; OB_EVENT: the records */
	const char *proof_cond;	/* periodic: SQL over t, NULL = any row */
	const char *proof_at;	/* periodic: date (or datetime) it was done, SQL over t */
	const char *proof_in;	/* periodic: date placing it in a period; NULL = proof_at */
	const char *record_when;	/* OB_EVENT: the row carries the duty */
	const char *record_due;	/* OB_EVENT: due date SQL over t, or NULL to use due on record_event */
	const char *record_event;	/* OB_EVENT: event date/datetime SQL over t */
	const char *record_done;	/* OB_EVENT: SQL condition, NULL = never done (an expiry) */
	const char *record_done_at;	/* OB_EVENT: SQL over t */
	const char *record_title;	/* OB_EVENT: SQL over t naming the record */
	const char *form;	/* web path of the screen that proves it ("/risk/report") */
	/* Who the scheduler's reminders (即将到期, 已逾期) reach. 0: by party — the
	 * enterprise's managers and principal, or, for OBP_REGULATOR, the regulators
	 * supervising the enterprise. Otherwise (mask of 1u << role) the active users
	 * with these roles whose org is the row's own: a district's own duty, kept in
	 * its regulator or committee org, which no supervision row names (the 区领导's
	 * yearly report reaches the district's regulators and administrators). */
	unsigned remind_roles;
	/* With remind_roles, OB_EVENT only: SQL over t giving the id of a user the
	 * reminders reach as well, whatever their org and role (the person the record
	 * names: the leader's own account); NULL when none. */
	const char *record_user;
};

/* Registers a declaration (static data owned by its module; call from init). */
void obligation_register(const struct obligation_def *d);
size_t obligation_count(void);
const struct obligation_def *obligation_at(size_t i);
const struct obligation_def *obligation_find(const char *code);

/* Inside a write of a row of e (crud.c, entity_set_tx, actions): what the row
 * proves before and after, so the obligations follow. Snapshot before the write,
 * apply after. 0 ok, -1 error. */
#define OB_SNAP_MAX 32
struct ob_snap {
	int n;
	int64_t ent_org;		/* an enterprise row: its org before the write */
	struct {
		const struct obligation_def *d;
		int64_t org;		/* 0 = the row proves nothing for d */
		char key[16];		/* period key (periodic) */
	} v[OB_SNAP_MAX];
};
int ob_snap(struct ectx *c, const struct entity_def *e, int64_t id, struct ob_snap *s);
int ob_apply(struct ectx *c, const struct entity_def *e, int64_t id, const struct ob_snap *before);

/* Creates the rows of every applicable (enterprise, periodic duty) for the
 * periods from about a year back to the next period, evaluates their proof and
 * status, and refreshes every per-record duty's status (the scheduler's daily
 * roll-over; anjian check with rebuild = 1 also recomputes every proof and
 * per-record row). 0 ok, -1 error. Inside the caller's transaction. */
int ob_rollover(struct db *db, int rebuild);
/* The due of periodic duty code for enterprise org in period key, as the calendar
 * judges it (the row is made if missing). 1 found, 0 not owed, -1 error. */
int ob_due_for(struct db *db, const char *code, int64_t org, const char *key, char out[20]);
/* Seeds obligation_rule with each declaration's version 1 (idempotent). */
int ob_schema(struct db *db);
/* Registers the core's obligation entities, rule table, views and routes. */
void obligation_init(void);
/* obligation_views.c: the district matrix and the summary routes. */
void obligation_views_init(void);
/* The cockpit's obligations part (a module table cockpit hook). */
struct jw;
int ob_cockpit(struct ectx *c, struct jw *w);

#endif
