/*
 * mod.h — what main.c and the modules need from each other. Each module has an init
 * function that registers its entity declarations and route tables; main.c calls
 * them in this order: account, enterprise, (later modules…), then files_routes_init()
 * and entity_routes_init() so module routes win on shared paths.
 */
#ifndef ANJIAN_MOD_H
#define ANJIAN_MOD_H

#include <stdint.h>
#include <sodium.h>

struct db;
struct ectx;
struct home_notices;
struct verr;
struct jw;
struct obligation_def;

/*
 * The module table (modules.c). Each module is one entry; main (serve, check,
 * demo), the cockpit and the scheduler iterate the table, so adding a module
 * touches no central file but modules.c. Every hook may be NULL.
 */
struct module {
	const char *name;		/* "hazard" */
	const char *label;		/* "隐患排查治理" */
	void (*init)(void);		/* registers entities and routes */
	/* After the migrations and entity_schema_sync: extra indexes, shipped data
	 * (a catalogue). Idempotent. */
	int (*schema)(struct db *db);
	/* anjian check, inside its transaction, after scope and the declared
	 * aggregates are rebuilt: whatever else the module derives. */
	int (*recompute)(struct db *db);
	/* The demo district's records of this module (system context, inside the
	 * demo's build; the enterprises and accounts exist). */
	int (*demo)(struct ectx *c);
	/* Periodic work of the scheduler (issue 7); NULL until then. */
	int (*jobs)(struct ectx *c);
	/* The module's part of the regulator's cockpit: members written into the
	 * cockpit's "modules" object under the module's name. */
	int (*cockpit)(struct ectx *c, struct jw *w);
	/* The module's notices on the enterprise home (GET /api/dashboard/home
	 * "notices"): zero or more home_notice() / home_notice_count() calls for
	 * enterprise org (the viewer's own, or the admin's ?org_id=), e.g. "3
	 * certificates expire within 60 days", queued on w (dashboard.c).
	 * c carries the viewer; today is YYYY-MM-DD. 0 ok, -1 error. */
	int (*home)(struct ectx *c, int64_t org, const char *today, struct home_notices *w);
	/* The module's duties (the obligations calendar), NULL-ended; registered by
	 * modules_init(). */
	const struct obligation_def *const *duties;
};
extern const struct module *const modules[];
extern const int modules_count;
/* Calls init of every module, then the files and generic entity routes. */
void modules_init(void);
/* Runs every module's schema hook. 0 ok, -1 error. */
int modules_schema(struct db *db);
/* anjian check: scope, every declared aggregate, every module's recompute, in one
 * transaction. 0 ok, -1 error (rolled back). */
int modules_recompute(struct db *db);
/* Every module's demo data in table order. 0 ok, -1 error. */
int modules_demo(struct ectx *c);
/* One notice of a module's home hook: key (stable, for tests: "cert_expiring"), a
 * Chinese label ("证书60天内到期"), the count, level "danger" | "warning" | "info",
 * and the screen it opens (a route with its filter: "/training/cert?expiring=true").
 * A notice with count 0 is written too (the home shows it as 0, green). The strings
 * must live as long as the request (constants, or the request arena). */
void home_notice(struct home_notices *w, const char *key, const char *label, int64_t count,
		 const char *level, const char *to);
/* The same, counting: sql (a constant) is "SELECT COUNT(*) FROM t WHERE " + HOME_ORG
 * + " AND …"; parameter 1 is bound to org, parameter 2 (if the text has a second
 * "?") to today, no more. The count is not run here: the home runs every queued
 * count in one statement after the last hook (on PostgreSQL each statement is a
 * round trip, and the home has some forty notices). 0 ok, -1 error (logged). */
#define HOME_ORG " org_id IN (SELECT org_id FROM scope_org WHERE viewer = ?)"
int home_notice_count(struct ectx *c, struct home_notices *w, int64_t org, const char *today,
		      const char *sql, const char *key, const char *label,
		      const char *level, const char *to);

/* account.c — orgs, supervision, users, login/logout/me, passwords. */
void account_init(void);
/* Creates an org node under parent (0 = root) with its materialised path and
 * rebuilds scope. Returns the id or -1. kind: regulator | committee | department |
 * enterprise | unit. Runs inside the caller's transaction if one is open. */
int64_t org_create(struct ectx *c, int64_t parent_id, const char *name, const char *kind);
int org_rename(struct ectx *c, int64_t org_id, const char *name);
/* Moves org node org_id and its subtree under new_parent (0 = root): parent_id and
 * every materialised path of the subtree, an audit row, then scope. Inside the
 * caller's transaction; refuses (-1) a move under the node itself. 0 ok, -1 error. */
int org_move(struct ectx *c, int64_t org_id, int64_t new_parent);
/* Adds supervision regulator_org → enterprise_org of kind investor | industry |
 * territorial and rebuilds scope. 0 ok, -1 error. */
int supervision_add(struct ectx *c, int64_t regulator_org, int64_t enterprise_org, const char *kind);
/* Those kinds with their labels (出资监管 …), {NULL, NULL}-terminated; static. */
struct enum_opt;
const struct enum_opt *supervision_kind_opts(void);
/* Hashes a password with argon2id (libsodium). 0 ok, -1 error. */
/* argon2id with m = 19 MiB, t = 2, p = 1: the first of the equivalent settings of
 * the OWASP Password Storage Cheat Sheet. libsodium's INTERACTIVE (64 MiB) made
 * every login take 64 MiB, so a server answering lists in 20 MiB peaked above 80
 * (issue 13: ≤ 64 MiB for the whole benchmark) and two logins at once 150. */
#define PASSWORD_OPSLIMIT 2ULL
#define PASSWORD_MEMLIMIT (19456ULL * 1024)
int password_hash(const char *password, char out[crypto_pwhash_STRBYTES]);
/* 1 if stored was made with other parameters (a login then stores a new hash). */
int password_needs_rehash(const char *stored);
/* Password rule: 8..64 characters with letters and digits, not containing the user
 * name (may be NULL), not weak by cracklib's dictionary. NULL if acceptable, or a
 * Chinese message naming what is wrong. */
const char *password_problem(const char *password, const char *username);
/* Sets user_id's password (already checked with password_problem): stores its
 * argon2id hash, clears a lockout, ends the user's sessions except keep_session
 * (a session-hash, or NULL for all) and writes an audit row with action; all in one
 * transaction. c's user is who did it. 0 ok, -1 error (logged; nothing written). */
int password_set(struct ectx *c, int64_t user_id, const char *password,
		 const char *keep_session, const char *action);
/* Creates a user without a request (CLI, demo). Returns the id or -1. */
int64_t user_create_system(struct db *db, int64_t org_id, const char *username,
			   const char *name, const char *role, const char *password);

/* enterprise.c — 一企一档: enterprise, safety_body, safety_member, org_change,
 * outlet, contractor; import from .xlsx/.csv. */
void enterprise_init(void);
/* Schema step: statuses for org_change and enterprise rows older than their
 * workflows (acknowledge; archive). */
int enterprise_schema(struct db *db);
/* Its home notices (expired 标准化 certificate, contractors' qualifications). */
int enterprise_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w);

/* demo.c — the demo district. Builds into an empty database; 0 ok, -1 error.
 * Prints nothing; main.c prints the accounts. */
int demo_build(struct db *db, const char *password);
/* The demo accounts, for main.c to print: {username, role label, org name}. */
struct demo_account { const char *username; const char *role; const char *org; };
extern const struct demo_account demo_accounts[];
extern const int demo_accounts_count;
/* A module demo acting as demo account username: its users row (with its org's
 * path, name and kind) into u, strings in c's arena. 0 ok, -1 missing or error. */
struct user;
int demo_user(struct ectx *c, const char *username, struct user *u);
/* What the module demos share (demo.c). demo_create: a row of d through the entity
 * core in the caller's open transaction (takes obj; a NULL obj is a bug); the id, or
 * -1 with the refusal logged. demo_day: the date days from today (entity_today,
 * "YYYY-MM-DD") in arena a. demo_org_of: the org node of the demo enterprise whose
 * 简称 is short_name; 0 if there is none. */
struct entity_def;
struct arena;
struct json_t;
int64_t demo_create(struct ectx *c, const struct entity_def *d, struct json_t *obj);
const char *demo_day(struct arena *a, int days);
int64_t demo_org_of(struct ectx *c, const char *short_name);

/* The duties of the issue-3 modules (*_duties.c). */
extern const struct obligation_def *const risk_duties[];
extern const struct obligation_def *const hazard_duties[];
extern const struct obligation_def *const enterprise_duties[];

/* The modules of issue 3. */
void risk_init(void);			/* risk.c: 安全风险分级管控 */
int risk_demo_build(struct ectx *c);
void hazard_init(void);			/* hazard.c: 隐患排查治理 */
int hazard_schema(struct db *db);	/* shipped catalogues, indexes */
int hazard_demo_build(struct ectx *c);
void dashboard_init(void);		/* dashboard.c: cockpit and enterprise home */
/* Indexes on entity tables the dashboard's queries need; after entity_schema_sync. */
int dashboard_schema(struct db *db);

#endif
