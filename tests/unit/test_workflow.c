/*
 * test_workflow.c — every declared action of every workflow entity, for every actor
 * and every declared state, run in-process through the one funnel of the entity core
 * (src/entity/workflow.c wf_run_tx):
 *
 *   scope (404) → permission (403) → state (409) → input (400) → guard → apply →
 *   guarded update → aggregates → timeline event → audit, in one transaction.
 *
 * The fixture is the demo district (demo_fixture.h) plus a few accounts it lacks: a
 * second staff member who is the plan's responsible person, a regulator of the other
 * regulating org (区安委办, so "the supervising regulator" differs from "a
 * regulator"), and a user of a member department (成员单位), who is in scope but
 * holds no workflow role. Enterprise B's manager and principal are the out-of-scope
 * users.
 *
 * For each entity the test has a rule set written here from the regulations and the
 * comments of the module (src/mod/hazard_flow.c, tests/api/hazard_rules.test.mjs),
 * never from the C declaration (a test recomputing the answer from the declaration
 * could not fail): row profiles (a general self-found hazard, one registered by the
 * regulator, a major one, one under 挂牌督办 …), how to force a row of a profile into
 * each state, who may do what and the expected answer, a valid body and invalid
 * ones, and what an allowed action must have written.
 *
 * Each case: force the row into the state (direct UPDATE, then the aggregate tables
 * rebuilt so they agree with the forced rows), snapshot, run wf_run_tx in a
 * transaction, commit on success and roll back on refusal as the HTTP handler does,
 * then compare:
 *   - refused (404/403/409/400): the expected status, code and field, and the
 *     snapshot unchanged byte for byte — every row of every workflow table, the
 *     timeline tables, every aggregate table, the audit log;
 *   - allowed: the expected state, exactly the expected audit rows and timeline
 *     events, the module's effects on the row, and every aggregate table equal to an
 *     independent GROUP BY written below (not the declared expressions).
 * Every allowed case is also run first with invalid bodies (a missing required
 * input or a bad value, and an unknown key), which must give 400 naming the field
 * and change nothing.
 *
 * Derived rows written inside actions are related effects, not unrelated rows: the
 * inbox (an allowed action must send exactly the messages its rules name —
 * recipient, kind, record — and nothing else) and the obligations calendar (an
 * action may change only the rows of the duties watching the acted record, see
 * watches[]); a refusal changes neither.
 *
 * A workflow entity without a rule set, a declared verb or state the rules do not
 * know, or an aggregate table without an independent query fails the coverage test,
 * so a workflow added later cannot go untested.
 *
 * To keep the run short on both backends, a case's snapshot is one query: the rows
 * related to the row under test in full (itself, the rows it references, the rows
 * referencing it — found from the FT_REF declarations) with the row count and last
 * id of every table; every other row of the workflow tables is compared in full
 * around each block of cases (one profile in one state), which no case may touch.
 *
 * Silent on success. A failing case prints entity, verb, actor (role), state, row
 * profile, body, the rule that decided and expected versus actual; the test then
 * fails with the count. WF_TEST_VERBOSE=1 prints the tallies and the core's log.
 * Rows marked "KNOWN BUG" pin a mismatch between the rules and the implementation
 * found by this test; they fail until the source is fixed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "entity/inbox.h"
#include "http/http.h"
#include "mod/mod.h"
#include "mod/risk_int.h"

#include "demo_fixture.h"

/* The fixed clock of the run (ANJIAN_NOW), so dates and the demo are reproducible. */
#define WF_NOW "2026-11-22 10:00:00"

/* ------------------------------------------------------------------ actors */

enum actor_id {
	U_ADMIN, U_REG, U_REG2, U_DEPT, U_MGR, U_PRI, U_STAFF, U_STAFF2, U_MGR2, U_PRI2, U_N
};

struct actor {
	const char *username;
	const char *what;	/* for messages */
	struct user u;
};

static struct actor actors[U_N] = {
	[U_ADMIN] = {"admin", "系统管理员"},
	[U_REG] = {"regulator", "监管部门·国资委"},
	[U_REG2] = {"wf.regulator2", "监管部门·安委办"},
	[U_DEPT] = {"wf.dept", "成员单位"},
	[U_MGR] = {"manager", "企业A安全管理员"},
	[U_PRI] = {"principal", "企业A主要负责人"},
	[U_STAFF] = {"staff", "企业A员工"},
	[U_STAFF2] = {"wf.staff2", "企业A员工乙"},
	[U_MGR2] = {"manager2", "企业B安全管理员"},
	[U_PRI2] = {"principal2", "企业B主要负责人"},
};

/* ----------------------------------------------------------------- the world */

#define NHZ 9		/* hazard profiles */
#define NXP 7		/* extension profiles */
#define MAX_TABLES 16

struct world {
	struct dfx fx;
	struct db *db;
	struct arena arena;	/* actors' strings */
	int64_t org_a, org_b, org_reg, org_com, org_dept;
	/* the demo's 区领导 account (肖立, a regulator of the 国资委; not an actor): a
	 * supervising regulator that messages to the regulators reach */
	int64_t demo_leader;
	/* dates relative to the fixed today */
	char today[11], d_found[11], d_plan[11], d_deadline[11], d_sdl[11], d_extend[11],
	     d_ext_req[11], d_sup[11], d_m5[11], d_m3[11], d_m2[11], d_m10[11];
	int64_t hz[NHZ];	/* the row of each hazard profile */
	int64_t xh[NXP];	/* the parent hazard of each extension profile */
	int64_t xid[NXP];	/* the request of each extension profile */
	/* what a snapshot reads (from the registry) */
	const char *wf_tables[MAX_TABLES];
	const struct entity_def *wf_defs[MAX_TABLES];	/* the entity of each table */
	int nwf;
	const char *ev_tables[MAX_TABLES];
	const char *ev_refs[MAX_TABLES];
	int nev;
	const struct agg_def *aggs[MAX_TABLES];	/* one per distinct table */
	int nagg;
	/* the rows of each workflow table related to the row under test (itself, rows
	 * it references, rows referencing it), as an SQL condition over that table */
	char related[MAX_TABLES][1024];
	struct buf snap_sql;	/* the one query of a case's snapshot (snap_take) */
	/* results */
	int cases, failures, action_lists;
	int allowed, refused[5];	/* tallies by outcome: 400, 403, 404, 409, other */
	int demo_agg_bad;	/* mismatches of the demo's aggregates, read before any forcing */
	struct buf snap;	/* the snapshot before the current case */
	int64_t audit_max;
	int64_t inbox_max;	/* the last inbox message before the case */
	/* the fixture rows of the entities added since (see their rules) */
	int64_t ent_id[2], chg_id[2], rpt_id, msg_id[4], dlv_id;
	int64_t ev_max[MAX_TABLES];
};

static struct world W;

/* ------------------------------------------------------------- small helpers */

static int streq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* in(s, "a", "b", NULL): 1 if s is one of the listed codes. */
static int in(const char *s, ...)
{
	va_list ap;
	const char *x;
	int hit = 0;

	va_start(ap, s);
	while ((x = va_arg(ap, const char *)) != NULL)
		hit |= s && strcmp(s, x) == 0;
	va_end(ap);
	return hit;
}

/* The date k days from the fixed today. */
static void day(int k, char out[11])
{
	time_date(now_utc() + (time_t)k * 86400, out);
}

/* Runs sql with up to 8 parameters: int64 where fmt has 'i' (0 binds NULL), text
 * where 's' (NULL binds NULL). 0 ok, -1 error. */
static int exec_p(const char *sql, const char *fmt, ...)
{
	struct db_stmt *st = db_prepare(W.db, sql);
	va_list ap;
	int rc = -1, idx = 1;

	if (!st) {
		print_error("prepare: %s: %s\n", sql, db_errmsg(W.db));
		return -1;
	}
	va_start(ap, fmt);
	for (const char *f = fmt; *f; f++, idx++) {
		if (*f == 'i') {
			int64_t v = va_arg(ap, int64_t);
			if ((v ? db_bind_int64(st, idx, v) : db_bind_null(st, idx)) < 0)
				goto out;
		} else if (db_bind_text(st, idx, va_arg(ap, const char *)) < 0) {
			goto out;
		}
	}
	if (db_step(st) != DB_DONE)
		goto out;
	rc = 0;
out:
	va_end(ap);
	if (rc)
		print_error("exec: %s: %s\n", sql, db_errmsg(W.db));
	db_finalize(st);
	return rc;
}

/* One column of row id of table as text into out ("\N" for NULL, "?" when the row
 * is missing). The names are the test's constants. */
static void col_text(const char *table, int64_t id, const char *col, char *out, size_t n)
{
	char sql[256];
	struct db_stmt *st;

	snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE id = ?", col, table);
	st = db_prepare(W.db, sql);
	snprintf(out, n, "?");
	if (st && db_bind_int64(st, 1, id) == 0 && db_step(st) == DB_ROW)
		snprintf(out, n, "%s", db_col_isnull(st, 0) ? "\\N" : db_col_text(st, 0));
	db_finalize(st);
}

static int64_t q_int(const char *sql, int64_t p)
{
	int64_t v = 0;

	if (p ? db_query_int64p(W.db, sql, p, &v, 0) : db_query_int64(W.db, sql, &v, 0))
		return -1;
	return v;
}

/* Appends every row of sql to b, columns by tabs, NULL as \N. 0 ok, -1 error. */
static int dump(struct buf *b, const char *sql)
{
	struct db_stmt *st = db_prepare(W.db, sql);
	int r;

	if (!st)
		return -1;
	while ((r = db_step(st)) == DB_ROW) {
		int n = db_col_count(st);
		for (int i = 0; i < n; i++) {
			if (i)
				buf_putc(b, '\t');
			buf_puts(b, db_col_isnull(st, i) ? "\\N" : db_col_text(st, i));
		}
		buf_putc(b, '\n');
	}
	db_finalize(st);
	return r == DB_DONE ? 0 : -1;
}

/* ------------------------------------------------------------------ the case */

/* What the rules expect of one run. */
struct want {
	int status;		/* 200/201 allowed; 400, 403, 404, 409 refused */
	const char *code;	/* error code; NULL = not checked */
	const char *code_not;	/* a code the error must not have (a pinned bug) */
	const char *field;	/* 400: the field named */
	const char *to;		/* allowed: the state after */
	int inputs;		/* 1: scope, permission and state pass, so bad bodies give 400 */
	const char *rule;	/* the rule that decided, for messages */
};

/* One run: which row, who, what, and its message label. */
struct kase {
	const struct entity_def *e;
	const struct rules *R;
	size_t prof;
	int64_t id;
	const char *state;
	const char *verb;
	enum actor_id u;
	int variant;		/* 0 valid body, 1… the rules' invalid bodies */
	struct want want;
	char label[512];
};

/* Records a mismatch of case k (printed now; the test fails at the end). */
static void mismatch(const struct kase *k, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void mismatch(const struct kase *k, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	W.failures++;
	if (W.failures <= 200)
		print_error("MISMATCH %s\n    rule: %s\n    %s\n", k ? k->label : "", k ? k->want.rule : "",
			    msg);
	else if (W.failures == 201)
		print_error("(further mismatches not printed)\n");
}

/* Expected audit rows and timeline events of an allowed run. id 0 = any id (a row
 * the action creates). */
#define MAX_TRAIL 4
struct trail {
	int n;
	struct { const char *entity; int64_t id; const char *action; } audit[MAX_TRAIL];
	int nev;
	struct { const char *table; int64_t ref; const char *action, *from, *to, *reason; } ev[MAX_TRAIL];
};

static void trail_audit(struct trail *t, const char *entity, int64_t id, const char *action)
{
	t->audit[t->n].entity = entity;
	t->audit[t->n].id = id;
	t->audit[t->n].action = action;
	t->n++;
}

/* reason: the event's reason text, NULL when there is none */
static void trail_event(struct trail *t, const char *table, int64_t ref, const char *action,
			const char *from, const char *to, const char *reason)
{
	t->ev[t->nev].reason = reason;
	t->ev[t->nev].table = table;
	t->ev[t->nev].ref = ref;
	t->ev[t->nev].action = action;
	t->ev[t->nev].from = from;
	t->ev[t->nev].to = to;
	t->nev++;
}

/* Expected inbox messages of an allowed run: recipient, kind, the record it is about. */
#define MAX_MSGS 8
struct msgs {
	int n;
	struct { int64_t user; const char *kind, *entity; int64_t id; } m[MAX_MSGS];
};

/* A message expected to user id (an account that is not an actor). */
static void inbox_expect_user(struct msgs *m, int64_t user, const char *kind, const char *entity,
			      int64_t id)
{
	m->m[m->n].user = user;
	m->m[m->n].kind = kind;
	m->m[m->n].entity = entity;
	m->m[m->n].id = id;
	m->n++;
}

static void inbox_expect(struct msgs *m, enum actor_id to, const char *kind, const char *entity,
		       int64_t id)
{
	inbox_expect_user(m, actors[to].u.id, kind, entity, id);
}

/* Checks column col of row id of table against expect (text form; NULL = SQL NULL). */
static void expect_col(const struct kase *k, const char *table, int64_t id, const char *col,
		       const char *expect)
{
	char got[4096];

	col_text(table, id, col, got, sizeof(got));
	if (strcmp(got, expect ? expect : "\\N") != 0)
		mismatch(k, "%s %" PRId64 " column %s: expected %s, got %s", table, id, col,
			 expect ? expect : "NULL", got);
}

static void expect_col_id(const struct kase *k, const char *table, int64_t id, const char *col,
			  int64_t v)
{
	char s[32];

	snprintf(s, sizeof(s), "%" PRId64, v);
	expect_col(k, table, id, col, v ? s : NULL);
}

/* ------------------------------------------------------------- a rule set */

/*
 * What the test knows of one workflow entity, written independently of its
 * declaration. Profiles are kinds of rows; each has one row (row()); force() puts it
 * into a state with the fields that state implies; expect() is the rule table;
 * body() the request bodies; trail() and effects() what an allowed run writes.
 */
struct rules {
	const char *entity;
	const char *const *states;	/* every state the rules know, NULL-ended */
	const char *const *verbs;	/* every verb the rules know, NULL-ended */
	size_t nprof;
	const char *(*prof_name)(size_t p);
	int64_t (*row)(size_t p);
	int (*force)(size_t p, const char *state);
	void (*expect)(size_t p, const char *verb, enum actor_id u, const char *state, struct want *x);
	/* variant 0 valid; 1… invalid, *field the field the 400 names; NULL when
	 * there is no such variant. New reference. */
	json_t *(*body)(size_t p, const char *verb, int variant, const char **field);
	void (*trail)(const struct kase *k, struct trail *t);
	void (*effects)(const struct kase *k);
	/* the inbox messages an allowed run sends; NULL: none */
	void (*inbox)(const struct kase *k, struct msgs *m);
	/* after the entity's blocks, back to the fixture's state (NULL: nothing) */
	void (*reset)(void);
};

static void deny(struct want *x, int status, const char *code, const char *rule)
{
	x->status = status;
	x->code = code;
	x->rule = rule;
}

/* A refusal by a guard: after the inputs, so bad bodies still give 400. */
static void guard_deny(struct want *x, int status, const char *code, const char *rule)
{
	x->inputs = 1;
	deny(x, status, code, rule);
}

static void allow(struct want *x, int status, const char *to, const char *rule)
{
	x->status = status;
	x->to = to;
	x->inputs = 1;
	x->rule = rule;
}

/* A long text: one more character than the 500 the short notes allow. */
static const char *too_long(void)
{
	static char s[502];

	memset(s, 'x', 501);
	s[501] = '\0';
	return s;
}

/* ================================================================== hazard */

/*
 * Hazard rules (原安监总局令第16号《安全生产事故隐患排查治理暂行规定》, 安全生产法
 * 第四十一条, the comment of src/mod/hazard_flow.c, tests/api/hazard_rules.test.mjs):
 *
 *   已登记 registered ─assign─▶ 整改中 rectifying ─submit─▶ 待验收 pending
 *   pending ─verify─▶ 已销号 closed, or for a protected hazard ─▶ 待销账 verified
 *   verified ─close─▶ closed; verified ─review_reject─▶ rectifying;
 *   pending ─reject─▶ rectifying; registered ─dismiss─▶ 不予受理 dismissed;
 *   extend (延期申请) while rectifying files a request and leaves the state;
 *   supervise (挂牌督办) a major hazard in any open state; unsupervise (摘牌) once
 *   the rectification is accepted (待销账 or 已销号).
 *
 * Who:
 *   - assign (下达整改): the enterprise's safety manager or principal, or the admin;
 *     a major hazard's plan only by the principal (第十五条) or the admin.
 *   - dismiss (不予受理): a protected hazard (registered by a regulator, major, or
 *     under 督办) only by a regulator or the admin; any other only by the enterprise
 *     (manager, principal) or the admin — never a regulator (企业自查 is the
 *     enterprise's to accept).
 *   - submit / extend: the plan's responsible person, or the safety manager; never
 *     the admin or a regulator (五落实: the enterprise rectifies).
 *   - verify / reject: the enterprise's manager or principal, a regulator, or the
 *     admin; a protected hazard not by a regulator (the enterprise assesses first,
 *     第十八条); never the plan's responsible person nor whoever submitted.
 *   - close (销账) / review_reject (复查退回): a regulator or the admin; a hazard under
 *     督办 only by the supervising regulator's org; a major hazard only with its
 *     双报告 complete (第四十一条第二款: 409 dual_report_missing).
 *   - supervise: a regulator or the admin; only a major hazard (409 not_major) not
 *     already under 督办.
 *   - unsupervise: a regulator or the admin, under 督办 the supervising one; 409
 *     when the hazard is not under 督办.
 *   - extend: one request waiting at a time (409 conflict).
 *   - the department (成员单位) and staff not responsible hold none of these; users
 *     of another enterprise do not see the hazard at all (404).
 */

static const char *const hz_states[] = {
	"registered", "rectifying", "pending", "verified", "closed", "dismissed", NULL
};
static const char *const hz_verbs[] = {
	"assign", "dismiss", "submit", "extend", "verify", "reject", "close", "review_reject",
	"supervise", "unsupervise", NULL
};

struct hzprof {
	const char *name;
	int major;
	int regcheck;		/* registered by the regulator (监管检查, reg_org_id) */
	int sup_by;		/* -1, or the actor whose org supervises (挂牌督办) */
	int dual;		/* 双报告 complete */
	enum actor_id resp;	/* the plan's responsible person (from 整改中 on) */
	enum actor_id rect;	/* who submitted the rectification (from 待验收 on) */
	int ext_pending;	/* a 延期申请 of it waits for a decision */
};

static const struct hzprof hzp[NHZ] = {
	{"一般·企业自查·责任人员工乙", 0, 0, -1, 0, U_STAFF2, U_STAFF2, 0},
	{"一般·安全管理员自任责任人并提交", 0, 0, -1, 0, U_MGR, U_MGR, 0},
	{"一般·主要负责人为责任人·安全管理员提交", 0, 0, -1, 0, U_PRI, U_MGR, 0},
	{"一般·监管检查登记", 0, 1, -1, 0, U_STAFF2, U_STAFF2, 0},
	{"重大·未双报告", 1, 0, -1, 0, U_STAFF2, U_STAFF2, 0},
	{"重大·已双报告", 1, 0, -1, 1, U_STAFF2, U_STAFF2, 0},
	{"重大·国资委挂牌督办·已双报告", 1, 0, U_REG, 1, U_STAFF2, U_STAFF2, 0},
	{"重大·安委办挂牌督办·已双报告", 1, 0, U_REG2, 1, U_STAFF2, U_STAFF2, 0},
	{"一般·已有待审批的延期申请", 0, 0, -1, 0, U_STAFF2, U_STAFF2, 1},
};

static int hz_protected_p(const struct hzprof *p)
{
	return p->major || p->regcheck || p->sup_by >= 0;
}

/* The plan exists from 整改中 on, the rectification from 待验收 on, the verification
 * from 待销账 on (dismissed rows were never planned). */
static int hz_planned(const char *st) { return in(st, "rectifying", "pending", "verified", "closed", NULL); }
static int hz_submitted(const char *st) { return in(st, "pending", "verified", "closed", NULL); }
static int hz_verified(const char *st) { return in(st, "verified", "closed", NULL); }

static const char *hz_prof_name(size_t p) { return hzp[p].name; }
static int64_t hz_row(size_t p) { return W.hz[p]; }

/* Forces hazard id of profile p into state st with every field st implies, in the
 * caller's transaction; drop_ext removes its extension requests (so extend can be
 * filed again). The direct UPDATE bypasses the aggregates; the caller rebuilds them. */
static int hz_force_row(const struct hzprof *p, int64_t id, const char *st, int drop_ext)
{
	static const char sql[] =
		"UPDATE hazard SET status = ?, plan_responsible_id = ?, plan_measures = ?,"
		" plan_funds = ?, plan_deadline = ?, plan_contingency = ?, plan_goal = ?,"
		" plan_team = ?, plan_safety = ?, plan_issued_by = ?, deadline = ?,"
		" rectifier_id = ?, rectified_at = ?, rectify_note = ?, photos_after = '[]',"
		" verifier_id = ?, verified_at = ?, assess_report = ?, assess_files = '[]',"
		" closed_at = ?, closed_by = ?, reject_reason = ?, supervised = ?,"
		" supervise_org_id = ?, supervise_at = ?, supervise_deadline = ?,"
		" supervise_note = ?, supervise_end_at = NULL, supervise_end_note = NULL,"
		" dual_reported = ? WHERE id = ?";
	int pl = hz_planned(st), sb = hz_submitted(st), vf = hz_verified(st);
	int cl = streq(st, "closed"), prot = hz_protected_p(p), sup = p->sup_by >= 0;
	char dt_sub[20], dt_ver[20];
	struct db_stmt *s;
	int i = 1, rc = -1;

	snprintf(dt_sub, sizeof(dt_sub), "%s 14:00:00", W.d_m5);
	snprintf(dt_ver, sizeof(dt_ver), "%s 16:00:00", W.d_m3);
	s = db_prepare(W.db, sql);
	if (!s)
		goto out;
#define BT(cond, v) (db_bind_text(s, i++, (cond) ? (v) : NULL) < 0)
#define BI(cond, v) (((cond) && (v)) ? db_bind_int64(s, i++, (v)) : db_bind_null(s, i++)) < 0
	if (db_bind_text(s, i++, st) < 0 ||
	    BI(pl, actors[p->resp].u.id) || BT(pl, "隔离警示，专人整改") || BI(pl, 200000) ||
	    BT(pl, W.d_deadline) || BT(pl, "设置警戒区域") ||
	    BT(pl && p->major, "消除隐患") || BT(pl && p->major, "安全管理部") ||
	    BT(pl && p->major, "停用并监护") ||
	    BI(pl, actors[p->major ? U_PRI : U_MGR].u.id) || BT(pl, W.d_deadline) ||
	    BI(sb, actors[p->rect].u.id) || BT(sb, dt_sub) || BT(sb, "已整改") ||
	    BI(vf, actors[p->major ? U_PRI : (p->resp == U_PRI ? U_ADMIN : U_PRI)].u.id) ||
	    BT(vf, dt_ver) || BT(vf && prot, "评估合格") ||
	    BT(cl, W.d_m2) || BI(cl && prot, actors[sup ? p->sup_by : U_REG].u.id) ||
	    BT(streq(st, "dismissed"), "不属于事故隐患") ||
	    db_bind_int64(s, i++, sup) < 0 ||
	    BI(sup, actors[sup ? p->sup_by : 0].u.org_id) || BT(sup, W.d_m10) ||
	    BT(sup, W.d_sdl) || BT(sup, "限期治理") ||
	    db_bind_int64(s, i++, p->dual) < 0 || db_bind_int64(s, i++, id) < 0)
		goto out;
#undef BT
#undef BI
	if (db_step(s) != DB_DONE)
		goto out;
	if (drop_ext && exec_p("DELETE FROM hazard_extension WHERE hazard_id = ?", "i", id))
		goto out;
	if (p->ext_pending &&
	    exec_p("INSERT INTO hazard_extension (org_id, created_at, updated_at, created_by,"
		   " updated_by, hazard_id, old_deadline, new_deadline, reason, status,"
		   " requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
		   "issiiisssis", W.org_a, WF_NOW, WF_NOW, actors[U_STAFF2].u.id,
		   actors[U_STAFF2].u.id, id, W.d_deadline, W.d_ext_req, "等待审批",
		   actors[U_STAFF2].u.id, WF_NOW))
		goto out;
	rc = 0;
out:
	if (rc)
		print_error("force hazard %" PRId64 " → %s: %s\n", id, st, db_errmsg(W.db));
	db_finalize(s);
	return rc;
}

static int hz_force(size_t p, const char *st)
{
	return hz_force_row(&hzp[p], W.hz[p], st, 1);
}

static void hz_expect(size_t pi, const char *verb, enum actor_id u, const char *st, struct want *x)
{
	const struct hzprof *p = &hzp[pi];
	int admin = u == U_ADMIN, reg = u == U_REG || u == U_REG2;
	int mgr = u == U_MGR, pri = u == U_PRI;
	int staff = u == U_STAFF || u == U_STAFF2;
	int prot = hz_protected_p(p), sup = p->sup_by >= 0;
	int resp = hz_planned(st) && p->resp == u, rect = hz_submitted(st) && p->rect == u;
	/* the admin stands in for the regulator; under 督办 only the supervising org */
	int supervisor = admin || (reg && (!sup || actors[u].u.org_id == actors[p->sup_by].u.org_id));

	memset(x, 0, sizeof(*x));
	if (u == U_MGR2 || u == U_PRI2) {
		deny(x, 404, "not_found", "another enterprise's hazard is not visible");
		return;
	}
	if (streq(verb, "assign")) {
		if (!(admin || mgr || pri))
			deny(x, 403, "forbidden", "assign: manager, principal or admin");
		else if (p->major && !(admin || pri))
			deny(x, 403, "forbidden", "a major hazard's plan is issued by the principal (令16号 第十五条)");
		else if (!streq(st, "registered"))
			deny(x, 409, "bad_state", "assign only from registered");
		else
			allow(x, 200, "rectifying", "assign");
	} else if (streq(verb, "dismiss")) {
		if (!(admin || mgr || pri || reg))
			deny(x, 403, "forbidden", "dismiss: enterprise managers, regulators, admin");
		else if (prot && !(admin || reg))
			deny(x, 403, "forbidden", "a protected hazard is not dismissed by the enterprise");
		else if (!prot && reg)
			deny(x, 403, "forbidden", "a self-found hazard is the enterprise's to dismiss");
		else if (!streq(st, "registered"))
			deny(x, 409, "bad_state", "dismiss only from registered");
		else
			allow(x, 200, "dismissed", "dismiss");
	} else if (streq(verb, "submit") || streq(verb, "extend")) {
		int ext = streq(verb, "extend");
		if (!(mgr || pri || staff))
			deny(x, 403, "forbidden", "the enterprise rectifies: never admin or regulator");
		else if (!(resp || mgr))
			deny(x, 403, "forbidden", "the plan's responsible person or the safety manager");
		else if (!streq(st, "rectifying"))
			deny(x, 409, "bad_state", "only while rectifying");
		else if (ext && p->ext_pending)
			guard_deny(x, 409, "conflict", "one pending extension request at a time");
		else
			allow(x, ext ? 201 : 200, ext ? "rectifying" : "pending", verb);
	} else if (streq(verb, "verify") || streq(verb, "reject")) {
		int v = streq(verb, "verify");
		if (!(admin || mgr || pri || reg))
			deny(x, 403, "forbidden", "verify: enterprise managers, regulators, admin");
		else if (prot && reg)
			deny(x, 403, "forbidden", "a protected hazard is verified by the enterprise (第十八条)");
		else if (rect)
			deny(x, 403, "forbidden", "the verifier is not the submitter");
		else if (resp)
			deny(x, 403, "forbidden", "the verifier is not the responsible person");
		else if (!streq(st, "pending"))
			deny(x, 409, "bad_state", "only while pending");
		else
			allow(x, 200, v ? (prot ? "verified" : "closed") : "rectifying", verb);
	} else if (streq(verb, "close") || streq(verb, "review_reject")) {
		int c = streq(verb, "close");
		if (!(admin || reg))
			deny(x, 403, "forbidden", "销账/复查退回: regulators and admin");
		else if (!supervisor)
			deny(x, 403, "forbidden", "under 督办 only the supervising regulator");
		else if (!streq(st, "verified"))
			deny(x, 409, "bad_state", "only while verified");
		else if (c && p->major && !p->dual)
			guard_deny(x, 409, "dual_report_missing", "no 销账 of a major hazard without 双报告");
		else
			allow(x, 200, c ? "closed" : "rectifying", verb);
	} else if (streq(verb, "supervise")) {
		if (!(admin || reg))
			deny(x, 403, "forbidden", "挂牌督办: regulators and admin");
		else if (!in(st, "registered", "rectifying", "pending", "verified", NULL))
			deny(x, 409, "bad_state", "only an open hazard");
		else if (!p->major)
			deny(x, 409, "not_major", "only a major hazard");
		else if (sup)
			deny(x, 409, "already_supervised", "already under 督办: supervise once");
		else
			allow(x, 200, st, verb);
	} else if (streq(verb, "unsupervise")) {
		if (!(admin || reg))
			deny(x, 403, "forbidden", "摘牌: regulators and admin");
		else if (!supervisor)
			deny(x, 403, "forbidden", "only the supervising regulator");
		else if (!in(st, "verified", "closed", NULL))
			deny(x, 409, "bad_state", "摘牌 after the rectification is accepted");
		else if (!sup)
			deny(x, 409, "bad_state", "not under 督办");
		else
			allow(x, 200, st, verb);
	} else {
		deny(x, 0, NULL, "no rule for this verb");
	}
}

/*
 * The bodies of a hazard verb: variant 0 valid; variants 1… invalid, each with the
 * field the 400 must name — a required input left out, an unknown key, then the
 * rules of the inputs (令第16号 and hazard_flow.c): a plan's deadline not before the
 * finding nor after the 督办 deadline, its responsible person one of the
 * enterprise's, a major hazard's plan with 目标任务/机构人员/安全措施, a protected
 * hazard verified with a written assessment, an extension later than the current
 * deadline, a 督办 deadline not in the past, real dates, existing files, short notes
 * within 500 characters. NULL when there is no such variant.
 */
static json_t *hz_body(size_t pi, const char *verb, int variant, const char **field)
{
	const struct hzprof *p = &hzp[pi];
	int prot = hz_protected_p(p);
	json_t *b = NULL;
	/* the invalid variants: {key, value (NULL = leave the key out), field} */
	struct bad { const char *key; json_t *val; const char *field; } bads[8];
	int nb = 0;
	char before_found[11], after_sdl[11];

#define BAD(k, v, f) (bads[nb].key = (k), bads[nb].val = (v), bads[nb].field = (f), nb++)
	day(-31, before_found);
	day(45, after_sdl);
	*field = NULL;
	if (streq(verb, "assign")) {
		b = json_pack("{s:I, s:s, s:f, s:s, s:s, s:s, s:s, s:s}",
			      "plan_responsible_id", (json_int_t)actors[U_STAFF2].u.id,
			      "plan_measures", "立即隔离警示，落实专人整改", "plan_funds", 1500.0,
			      "plan_deadline", W.d_plan, "plan_contingency", "设置警戒区域，专人监护",
			      "plan_goal", "消除隐患", "plan_team", "安全管理部", "plan_safety", "停用并监护");
		BAD("plan_measures", NULL, "plan_measures");
		BAD("bogus", json_integer(1), "bogus");
		BAD("plan_deadline", json_string(before_found), "plan_deadline");
		BAD("plan_deadline", json_string("2026-02-30"), "plan_deadline");
		BAD("plan_responsible_id", json_integer(actors[U_REG].u.id), "plan_responsible_id");
		BAD("plan_responsible_id", json_integer(actors[U_MGR2].u.id), "plan_responsible_id");
		if (p->major)
			BAD("plan_goal", NULL, "plan_goal");
		if (p->sup_by >= 0)
			BAD("plan_deadline", json_string(after_sdl), "plan_deadline");
	} else if (streq(verb, "dismiss") || streq(verb, "reject") || streq(verb, "review_reject")) {
		b = json_pack("{s:s}", "reason", "理由：经核实");
		BAD("reason", NULL, "reason");
		BAD("bogus", json_integer(1), "bogus");
		BAD("reason", json_string(too_long()), "reason");
	} else if (streq(verb, "submit")) {
		b = json_pack("{s:s}", "rectify_note", "已按措施完成整改");
		BAD("rectify_note", NULL, "rectify_note");
		BAD("bogus", json_integer(1), "bogus");
		BAD("photos_after", json_pack("[I]", (json_int_t)987654321), "photos_after");
	} else if (streq(verb, "extend")) {
		b = json_pack("{s:s, s:s}", "new_deadline", W.d_extend, "reason", "设备到货推迟");
		BAD("new_deadline", NULL, "new_deadline");
		BAD("bogus", json_integer(1), "bogus");
		BAD("reason", NULL, "reason");
		BAD("new_deadline", json_string(W.d_deadline), "new_deadline");	/* not later */
		BAD("new_deadline", json_string("2026-13-01"), "new_deadline");
	} else if (streq(verb, "verify")) {
		b = json_pack("{s:s, s:s}", "note", "验收合格", "assess_report", "评估合格，隐患消除");
		if (prot)	/* required for a protected hazard (第十八条) */
			BAD("assess_report", NULL, "assess_report");
		else		/* no required input: a bad value */
			BAD("note", json_string(too_long()), "note");
		BAD("bogus", json_integer(1), "bogus");
		BAD("assess_files", json_pack("[I]", (json_int_t)987654321), "assess_files");
	} else if (streq(verb, "close")) {
		b = json_pack("{s:s}", "note", "复查合格，同意销账");
		BAD("note", json_string(too_long()), "note");	/* no required input */
		BAD("bogus", json_integer(1), "bogus");
	} else if (streq(verb, "supervise")) {
		b = json_pack("{s:s, s:s}", "deadline", W.d_sup, "note", "限期治理");
		BAD("deadline", NULL, "deadline");
		BAD("bogus", json_integer(1), "bogus");
		BAD("deadline", json_string(W.d_m2), "deadline");	/* in the past */
		BAD("deadline", json_string("2026-02-30"), "deadline");
	} else if (streq(verb, "unsupervise")) {
		b = json_pack("{s:s}", "note", "治理完成，予以摘牌");
		BAD("note", NULL, "note");
		BAD("bogus", json_integer(1), "bogus");
		BAD("note", json_string(too_long()), "note");
	} else {
		b = json_object();
	}
#undef BAD
	for (int i = 0; i < nb; i++)
		if (i != variant - 1)
			json_decref(bads[i].val);
	if (variant == 0)
		return b;
	if (variant > nb) {
		json_decref(b);
		return NULL;
	}
	if (bads[variant - 1].val)
		json_object_set_new(b, bads[variant - 1].key, bads[variant - 1].val);
	else
		json_object_del(b, bads[variant - 1].key);
	*field = bads[variant - 1].field;
	return b;
}

static void hz_trail(const struct kase *k, struct trail *t)
{
	trail_audit(t, "hazard", k->id, k->verb);
	if (streq(k->verb, "extend"))	/* the request it files is created and audited */
		trail_audit(t, "hazard_extension", 0, "create");
	/* the reason given is the event's reason (退回/不予受理/延期原因) */
	trail_event(t, "hazard_event", k->id, k->verb, k->state, k->want.to,
		    in(k->verb, "dismiss", "reject", "review_reject", NULL) ? "理由：经核实" :
		    streq(k->verb, "extend") ? "设备到货推迟" : NULL);
}

static void hz_effects(const struct kase *k)
{
	const struct user *u = &actors[k->u].u;
	const struct hzprof *p = &hzp[k->prof];
	const char *v = k->verb;

	if (!streq(v, "extend"))	/* every action but the request writes the row */
		expect_col_id(k, "hazard", k->id, "updated_by", u->id);
	if (streq(v, "assign")) {
		expect_col_id(k, "hazard", k->id, "plan_responsible_id", actors[U_STAFF2].u.id);
		expect_col_id(k, "hazard", k->id, "plan_issued_by", u->id);
		expect_col(k, "hazard", k->id, "plan_funds", "150000");	/* fen */
		expect_col(k, "hazard", k->id, "deadline", W.d_plan);
		expect_col(k, "hazard", k->id, "plan_deadline", W.d_plan);
		expect_col(k, "hazard", k->id, "reject_reason", NULL);
	} else if (streq(v, "dismiss")) {
		expect_col(k, "hazard", k->id, "reject_reason", "理由：经核实");
		/* 不予受理 of a hazard under 督办 ends the 督办, the reason its note */
		expect_col(k, "hazard", k->id, "supervised", "0");
		expect_col(k, "hazard", k->id, "supervise_end_at", p->sup_by >= 0 ? W.today : NULL);
		expect_col(k, "hazard", k->id, "supervise_end_note", p->sup_by >= 0 ? "理由：经核实" : NULL);
	} else if (streq(v, "reject")) {
		expect_col(k, "hazard", k->id, "reject_reason", "理由：经核实");
	} else if (streq(v, "submit")) {
		expect_col_id(k, "hazard", k->id, "rectifier_id", u->id);
		expect_col(k, "hazard", k->id, "rectify_note", "已按措施完成整改");
		expect_col(k, "hazard", k->id, "rectified_at", WF_NOW);
	} else if (streq(v, "extend")) {
		char sql[] = "SELECT COUNT(*) FROM hazard_extension WHERE hazard_id = ? AND status = 'pending'";
		int64_t xid = q_int("SELECT MAX(id) FROM hazard_extension", 0);
		if (q_int(sql, k->id) != 1)
			mismatch(k, "extend: expected one pending request of hazard %" PRId64, k->id);
		expect_col_id(k, "hazard_extension", xid, "hazard_id", k->id);
		expect_col_id(k, "hazard_extension", xid, "requested_by", u->id);
		expect_col(k, "hazard_extension", xid, "old_deadline", W.d_deadline);
		expect_col(k, "hazard_extension", xid, "new_deadline", W.d_extend);
		expect_col(k, "hazard", k->id, "deadline", W.d_deadline);	/* until approved */
	} else if (streq(v, "verify")) {
		expect_col_id(k, "hazard", k->id, "verifier_id", u->id);
		expect_col(k, "hazard", k->id, "verified_at", WF_NOW);
		if (hz_protected_p(p)) {
			expect_col(k, "hazard", k->id, "assess_report", "评估合格，隐患消除");
			expect_col(k, "hazard", k->id, "closed_at", NULL);
		} else {
			expect_col(k, "hazard", k->id, "closed_at", W.today);
		}
	} else if (streq(v, "close")) {
		expect_col_id(k, "hazard", k->id, "closed_by", u->id);
		expect_col(k, "hazard", k->id, "closed_at", W.today);
	} else if (streq(v, "review_reject")) {
		expect_col(k, "hazard", k->id, "reject_reason", "理由：经核实");
		expect_col(k, "hazard", k->id, "verifier_id", NULL);
		expect_col(k, "hazard", k->id, "verified_at", NULL);
	} else if (streq(v, "supervise")) {
		expect_col(k, "hazard", k->id, "supervised", "1");
		expect_col_id(k, "hazard", k->id, "supervise_org_id", u->org_id);
		expect_col(k, "hazard", k->id, "supervise_deadline", W.d_sup);
		expect_col(k, "hazard", k->id, "supervise_at", W.today);
	} else if (streq(v, "unsupervise")) {
		expect_col(k, "hazard", k->id, "supervised", "0");
		expect_col(k, "hazard", k->id, "supervise_end_at", W.today);
		expect_col(k, "hazard", k->id, "supervise_end_note", "治理完成，予以摘牌");
	}
}

/*
 * The inbox (src/mod/hazard_flow.c, tests/api/obligation.test.mjs): 下达整改 tells the
 * plan's responsible person (指派给我, assigned); 验收不通过 tells the rectifier who
 * submitted (被退回, returned); 复查退回 and 挂牌督办 tell the enterprise's safety
 * managers and principal (returned / supervised) — in the demo enterprise A has one
 * of each and no other; every other action sends nothing, and nobody else hears.
 */
static void hz_inbox(const struct kase *k, struct msgs *m)
{
	const struct hzprof *p = &hzp[k->prof];

	if (streq(k->verb, "assign"))
		inbox_expect(m, U_STAFF2, "assigned", "hazard", k->id);	/* the body's plan_responsible_id */
	else if (streq(k->verb, "reject"))
		inbox_expect(m, p->rect, "returned", "hazard", k->id);
	else if (streq(k->verb, "review_reject") || streq(k->verb, "supervise")) {
		const char *kind = streq(k->verb, "supervise") ? "supervised" : "returned";
		inbox_expect(m, U_MGR, kind, "hazard", k->id);
		inbox_expect(m, U_PRI, kind, "hazard", k->id);
	}
}

static const struct rules hazard_rules = {
	.entity = "hazard", .states = hz_states, .verbs = hz_verbs, .nprof = NHZ,
	.prof_name = hz_prof_name, .row = hz_row, .force = hz_force, .expect = hz_expect,
	.body = hz_body, .trail = hz_trail, .effects = hz_effects, .inbox = hz_inbox,
};

/* ======================================================== hazard_extension */

/*
 * Extension rules (延期申请; 令第16号 第十八条 and the comment of decide_refuse):
 * a request waits (待审批 pending) and is approved (已批准) or rejected (已驳回) once.
 * Who decides: under 挂牌督办 the supervising regulator (the 督办 deadline moves
 * only by its decision); another major hazard any regulator; a general hazard the
 * enterprise's manager or principal; the admin always; never the person who asked,
 * never staff or a department. Approval needs the hazard still being rectified
 * (整改中 or 待验收): 409 bad_state otherwise. Approval moves the hazard's deadline
 * (and a supervised hazard's 督办 deadline when the new one is later); both
 * decisions are noted in the hazard's timeline.
 */

static const char *const ext_states[] = { "pending", "approved", "rejected", NULL };
static const char *const ext_verbs[] = { "approve", "reject", NULL };

struct extprof {
	const char *name;
	int parent;		/* hazard profile of the parent */
	const char *parent_state;
	enum actor_id requester;
};

static const struct extprof xp[NXP] = {
	{"一般隐患·员工乙申请", 0, "rectifying", U_STAFF2},
	{"一般隐患·安全管理员申请", 1, "rectifying", U_MGR},
	{"重大隐患·员工乙申请", 4, "rectifying", U_STAFF2},
	{"国资委督办·员工乙申请", 6, "rectifying", U_STAFF2},
	{"安委办督办·员工乙申请", 7, "rectifying", U_STAFF2},
	{"监管检查隐患已待销账·员工乙申请", 3, "verified", U_STAFF2},
	{"一般隐患已提交验收·员工乙申请", 0, "pending", U_STAFF2},
};

static const char *ext_prof_name(size_t p) { return xp[p].name; }
static int64_t ext_row(size_t p) { return W.xid[p]; }

static int ext_force(size_t p, const char *st)
{
	int dec = !streq(st, "pending");

	if (hz_force_row(&hzp[xp[p].parent], W.xh[p], xp[p].parent_state, 0))
		return -1;
	return exec_p("UPDATE hazard_extension SET status = ?, decided_by = ?, decided_at = ?,"
		      " decision_note = ?, new_deadline = ?, old_deadline = ? WHERE id = ?", "sissssi",
		      st, dec ? actors[U_ADMIN].u.id : (int64_t)0, dec ? WF_NOW : NULL,
		      dec ? "已处理" : NULL, W.d_ext_req, W.d_deadline, W.xid[p]);
}

static void ext_expect(size_t pi, const char *verb, enum actor_id u, const char *st, struct want *x)
{
	const struct extprof *e = &xp[pi];
	const struct hzprof *p = &hzp[e->parent];
	int admin = u == U_ADMIN, reg = u == U_REG || u == U_REG2;
	int mgr = u == U_MGR, pri = u == U_PRI;
	int approve = streq(verb, "approve");

	memset(x, 0, sizeof(*x));
	if (!approve && !streq(verb, "reject")) {
		deny(x, 0, NULL, "no rule for this verb");
		return;
	}
	if (u == U_MGR2 || u == U_PRI2)
		deny(x, 404, "not_found", "another enterprise's request is not visible");
	else if (!(admin || mgr || pri || reg))
		deny(x, 403, "forbidden", "decisions: managers, principals, regulators, admin");
	else if (u == e->requester)
		deny(x, 403, "forbidden", "never one's own request");
	else if (!admin && p->sup_by >= 0 &&
		 !(reg && actors[u].u.org_id == actors[p->sup_by].u.org_id))
		deny(x, 403, "forbidden", "under 督办: the supervising regulator");
	else if (!admin && p->sup_by < 0 && p->major && !reg)
		deny(x, 403, "forbidden", "a major hazard: a regulator");
	else if (!admin && p->sup_by < 0 && !p->major && !(mgr || pri))
		deny(x, 403, "forbidden", "a general hazard: the enterprise");
	else if (!streq(st, "pending"))
		deny(x, 409, "bad_state", "decided once, while pending");
	else if (approve && !in(e->parent_state, "rectifying", "pending", NULL))
		guard_deny(x, 409, "bad_state", "approval only while the hazard is being rectified");
	else
		allow(x, 200, approve ? "approved" : "rejected", verb);
}

/* The bodies of an extension decision (as hz_body): a note or reason within 500
 * characters, a rejection with its reason, no unknown keys. */
static json_t *ext_body(size_t pi, const char *verb, int variant, const char **field)
{
	int approve = streq(verb, "approve");
	json_t *b = approve ? json_pack("{s:s}", "note", "同意延期") :
		    json_pack("{s:s}", "reason", "理由不充分");
	const char *key = approve ? "note" : "reason";

	(void)pi;
	*field = NULL;
	switch (variant) {
	case 0:
		return b;
	case 1:		/* approve has no required input: a bad value */
		if (approve)
			json_object_set_new(b, key, json_string(too_long()));
		else
			json_object_del(b, key);
		*field = key;
		return b;
	case 2:
		json_object_set_new(b, "bogus", json_integer(1));
		*field = "bogus";
		return b;
	case 3:
		if (approve)
			break;
		json_object_set_new(b, key, json_string(too_long()));
		*field = key;
		return b;
	}
	json_decref(b);
	return NULL;
}

static void ext_trail(const struct kase *k, struct trail *t)
{
	int64_t hid = W.xh[k->prof];
	const char *hst = xp[k->prof].parent_state;

	trail_audit(t, "hazard_extension", k->id, k->verb);
	if (streq(k->verb, "approve")) {
		trail_audit(t, "hazard", hid, "extend_approve");	/* the deadline moved */
		trail_event(t, "hazard_event", hid, "extend_approve", hst, hst, NULL);
	} else {
		trail_event(t, "hazard_event", hid, "extend_reject", hst, hst, "理由不充分");
	}
}

static void ext_effects(const struct kase *k)
{
	int64_t hid = W.xh[k->prof];
	const struct hzprof *p = &hzp[xp[k->prof].parent];

	expect_col_id(k, "hazard_extension", k->id, "updated_by", actors[k->u].u.id);
	expect_col_id(k, "hazard_extension", k->id, "decided_by", actors[k->u].u.id);
	expect_col(k, "hazard_extension", k->id, "decided_at", WF_NOW);
	if (streq(k->verb, "approve")) {
		expect_col(k, "hazard_extension", k->id, "decision_note", "同意延期");
		expect_col(k, "hazard", hid, "deadline", W.d_ext_req);
		/* the request reaches past the 督办 deadline: a supervised one moves with it */
		expect_col(k, "hazard", hid, "supervise_deadline", p->sup_by >= 0 ? W.d_ext_req : NULL);
	} else {
		expect_col(k, "hazard_extension", k->id, "decision_note", "理由不充分");
		expect_col(k, "hazard", hid, "deadline", W.d_deadline);
	}
	expect_col(k, "hazard", hid, "status", xp[k->prof].parent_state);
}

static const struct rules extension_rules = {
	.entity = "hazard_extension", .states = ext_states, .verbs = ext_verbs, .nprof = NXP,
	.prof_name = ext_prof_name, .row = ext_row, .force = ext_force, .expect = ext_expect,
	.body = ext_body, .trail = ext_trail, .effects = ext_effects,
};


/* ============================================================== enterprise */

/*
 * Enterprise archive rules (一企一档; the comments of src/mod/enterprise.c,
 * tests/api/enterprise.test.mjs "archive … restore brings it back"): an enterprise
 * with records is archived, never deleted — 在册 active ─archive (归档)─▶ 已归档
 * archived ─restore (恢复在册)─▶ active. Only a regulator (of any regulating org
 * that supervises it) or the admin archives or restores; the enterprise's own
 * accounts and a member department see the profile but may not (403); another
 * enterprise's accounts do not see it (404). archive needs a reason (归档原因, at
 * most 500 characters) and records when and why; restore takes no input and clears
 * both (the audit log keeps them). Neither writes a timeline.
 *
 * Profiles: enterprise A itself (a group) and one of its subsidiaries (燃气), which
 * A's accounts see as part of their subtree.
 */
static const char *const ent_states[] = { "active", "archived", NULL };
static const char *const ent_verbs[] = { "archive", "restore", NULL };
static const char *const ent_names[] = { "集团企业A", "企业A的下属企业·燃气" };

static const char *ent_prof_name(size_t p) { return ent_names[p]; }
static int64_t ent_row(size_t p) { return W.ent_id[p]; }

static int ent_force(size_t p, const char *st)
{
	int ar = streq(st, "archived");
	char at[20];

	snprintf(at, sizeof(at), "%s 10:00:00", W.d_m10);
	return exec_p("UPDATE enterprise SET archive_status = ?, archived_at = ?, archive_reason = ?"
		      " WHERE id = ?", "sssi", st, ar ? at : NULL, ar ? "企业已注销" : NULL, W.ent_id[p]);
}

static void ent_reset(void)
{
	for (size_t p = 0; p < 2; p++)
		if (db_begin(W.db) || ent_force(p, "active") || db_commit(W.db))
			print_error("enterprise reset failed\n");
}

static void ent_expect(size_t p, const char *verb, enum actor_id u, const char *st, struct want *x)
{
	int archive = streq(verb, "archive");

	(void)p;
	memset(x, 0, sizeof(*x));
	if (!archive && !streq(verb, "restore"))
		deny(x, 0, NULL, "no rule for this verb");
	else if (u == U_MGR2 || u == U_PRI2)
		deny(x, 404, "not_found", "another enterprise's profile is not visible");
	else if (!(u == U_ADMIN || u == U_REG || u == U_REG2))
		deny(x, 403, "forbidden", "archive/restore: a regulator or the admin");
	else if (!streq(st, archive ? "active" : "archived"))
		deny(x, 409, "bad_state", archive ? "archive only an active enterprise" :
		     "restore only an archived enterprise");
	else
		allow(x, 200, archive ? "archived" : "active", verb);
}

static json_t *ent_body(size_t p, const char *verb, int variant, const char **field)
{
	int archive = streq(verb, "archive");
	json_t *b = archive ? json_pack("{s:s}", "reason", "企业已注销") : json_object();

	(void)p;
	*field = NULL;
	if (variant == 0)
		return b;
	if (archive && variant == 1) {
		json_object_del(b, "reason");
		*field = "reason";
	} else if (variant == (archive ? 2 : 1)) {
		json_object_set_new(b, "bogus", json_integer(1));
		*field = "bogus";
	} else if (archive && variant == 3) {
		json_object_set_new(b, "reason", json_string(too_long()));
		*field = "reason";
	} else if (variant == (archive ? 4 : 2)) {	/* the state is not an input */
		json_object_set_new(b, "archive_status", json_string("active"));
		*field = "archive_status";
	} else {
		json_decref(b);
		return NULL;
	}
	return b;
}

static void ent_trail(const struct kase *k, struct trail *t)
{
	trail_audit(t, "enterprise", k->id, k->verb);
}

static void ent_effects(const struct kase *k)
{
	int archive = streq(k->verb, "archive");

	expect_col_id(k, "enterprise", k->id, "updated_by", actors[k->u].u.id);
	expect_col(k, "enterprise", k->id, "archived_at", archive ? WF_NOW : NULL);
	expect_col(k, "enterprise", k->id, "archive_reason", archive ? "企业已注销" : NULL);
	{	/* archived it owes this year's risk report no more; restored, again */
		char sql[200], org[32];
		col_text("enterprise", k->id, "org_id", org, sizeof(org));
		snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM obligation WHERE duty = 'risk_report_annual'"
			 " AND org_id = %" PRId64 " AND period_key = '%.4s'", (int64_t)strtoll(org, NULL, 10),
			 W.today);
		if (q_int(sql, 0) != (archive ? 0 : 1))
			mismatch(k, "obligation risk_report_annual %.4s of the enterprise: expected %s", W.today,
				 archive ? "none once archived" : "one once restored");
	}
}

static const struct rules enterprise_rules = {
	.entity = "enterprise", .states = ent_states, .verbs = ent_verbs, .nprof = 2,
	.prof_name = ent_prof_name, .row = ent_row, .force = ent_force, .expect = ent_expect,
	.body = ent_body, .trail = ent_trail, .effects = ent_effects, .reset = ent_reset,
};

/* ============================================================== org_change */

/*
 * Org-change acknowledgement (安全管理机构变动报告; 青国资委〔2025〕40号 二(四)4: the
 * enterprise reports, the regulator confirms receipt; src/mod/enterprise.c,
 * tests/api/enterprise.test.mjs "org-change acknowledge"): 待确认 pending
 * ─acknowledge (确认)─▶ 已确认 acknowledged, once (409 bad_state afterwards). A
 * regulator or the admin acknowledges; the enterprise's accounts and a department
 * read the report but may not (403); another enterprise's accounts do not see it
 * (404). An optional note (确认意见, at most 500 characters) is kept as ack_note;
 * the report's fields are not inputs (acknowledged_by is 400). The acknowledgement
 * records who and when (and the flag acknowledged). No timeline. The calendar's
 * org_change_ack row of the report becomes done.
 *
 * Profiles: a report of enterprise A and one of its subsidiary.
 */
static const char *const chg_states[] = { "pending", "acknowledged", NULL };
static const char *const chg_verbs[] = { "acknowledge", NULL };
static const char *const chg_names[] = { "企业A的变动报告", "下属企业的变动报告" };

static const char *chg_prof_name(size_t p) { return chg_names[p]; }
static int64_t chg_row(size_t p) { return W.chg_id[p]; }

static int chg_force(size_t p, const char *st)
{
	int ack = streq(st, "acknowledged");
	char at[20];

	snprintf(at, sizeof(at), "%s 09:00:00", W.d_m2);
	return exec_p("UPDATE org_change SET status = ?, acknowledged = CASE WHEN ? = 'acknowledged'"
		      " THEN 1 ELSE 0 END, acknowledged_by = ?, acknowledged_at = ?, ack_note = ?"
		      " WHERE id = ?", "ssissi", st, st, ack ? actors[U_REG].u.id : (int64_t)0,
		      ack ? at : NULL, ack ? "已阅" : NULL, W.chg_id[p]);
}

static void chg_expect(size_t p, const char *verb, enum actor_id u, const char *st, struct want *x)
{
	(void)p;
	memset(x, 0, sizeof(*x));
	if (!streq(verb, "acknowledge"))
		deny(x, 0, NULL, "no rule for this verb");
	else if (u == U_MGR2 || u == U_PRI2)
		deny(x, 404, "not_found", "another enterprise's report is not visible");
	else if (!(u == U_ADMIN || u == U_REG || u == U_REG2))
		deny(x, 403, "forbidden", "acknowledge: a regulator or the admin");
	else if (!streq(st, "pending"))
		deny(x, 409, "bad_state", "acknowledged once");
	else
		allow(x, 200, "acknowledged", verb);
}

static json_t *chg_body(size_t p, const char *verb, int variant, const char **field)
{
	json_t *b = json_pack("{s:s}", "note", "已收到，请按制度落实。");

	(void)p;
	(void)verb;
	*field = NULL;
	switch (variant) {
	case 0:
		return b;
	case 1:		/* no required input: a bad value */
		json_object_set_new(b, "note", json_string(too_long()));
		*field = "note";
		return b;
	case 2:
		json_object_set_new(b, "bogus", json_integer(1));
		*field = "bogus";
		return b;
	case 3:		/* a field of the report is not an input */
		json_object_set_new(b, "acknowledged_by", json_integer(1));
		*field = "acknowledged_by";
		return b;
	}
	json_decref(b);
	return NULL;
}

static void chg_trail(const struct kase *k, struct trail *t)
{
	trail_audit(t, "org_change", k->id, k->verb);
}

static void chg_effects(const struct kase *k)
{
	expect_col_id(k, "org_change", k->id, "updated_by", actors[k->u].u.id);
	expect_col(k, "org_change", k->id, "acknowledged", "1");
	expect_col_id(k, "org_change", k->id, "acknowledged_by", actors[k->u].u.id);
	expect_col(k, "org_change", k->id, "acknowledged_at", WF_NOW);
	expect_col(k, "org_change", k->id, "ack_note", "已收到，请按制度落实。");
	{	/* the calendar: the report's 签阅 duty is done, today */
		char sql[160];
		snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM obligation WHERE duty = 'org_change_ack'"
			 " AND period_key = '%" PRId64 "' AND done_at IS NOT NULL", k->id);
		if (q_int(sql, 0) != 1)
			mismatch(k, "obligation org_change_ack of report %" PRId64 ": expected one row done",
				 k->id);
	}
}

static const struct rules change_rules = {
	.entity = "org_change", .states = chg_states, .verbs = chg_verbs, .nprof = 2,
	.prof_name = chg_prof_name, .row = chg_row, .force = chg_force, .expect = chg_expect,
	.body = chg_body, .trail = chg_trail, .effects = chg_effects,
};

/* ============================================================= risk_report */

/*
 * Annual risk report (年度风险报告; seeds/004 item 11 and 第22项; src/mod/risk.c,
 * tests/api/risk.test.mjs "annual report"): 草稿 draft ─submit (上报)─▶ 已上报
 * submitted, final (409 bad_state afterwards). The enterprise's safety manager or
 * principal, or the admin, submits; the regulators, a department and staff see the
 * report but may not (403); another enterprise's accounts do not see it (404). No
 * inputs at all: any key is 400 naming it. 上报 records when and by whom, is
 * audited and writes no timeline; the calendar's risk_report_annual row of the
 * enterprise for the year is done.
 *
 * Profile: enterprise A's 2026 draft, generated for the test as A's manager.
 */
static const char *const rpt_states[] = { "draft", "submitted", NULL };
static const char *const rpt_verbs[] = { "submit", NULL };

static const char *rpt_prof_name(size_t p) { (void)p; return "企业A 2026年度报告"; }
static int64_t rpt_row(size_t p) { (void)p; return W.rpt_id; }

static int rpt_force(size_t p, const char *st)
{
	int sub = streq(st, "submitted");
	char at[20];

	(void)p;
	snprintf(at, sizeof(at), "%s 11:00:00", W.d_m3);
	return exec_p("UPDATE risk_report SET status = ?, submitted_at = ?, submitted_by = ? WHERE id = ?",
		      "ssii", st, sub ? at : NULL, sub ? actors[U_MGR].u.id : (int64_t)0, W.rpt_id);
}

static void rpt_expect(size_t p, const char *verb, enum actor_id u, const char *st, struct want *x)
{
	(void)p;
	memset(x, 0, sizeof(*x));
	if (!streq(verb, "submit"))
		deny(x, 0, NULL, "no rule for this verb");
	else if (u == U_MGR2 || u == U_PRI2)
		deny(x, 404, "not_found", "another enterprise's report is not visible");
	else if (!(u == U_ADMIN || u == U_MGR || u == U_PRI))
		deny(x, 403, "forbidden", "上报: the enterprise's manager or principal, or the admin");
	else if (!streq(st, "draft"))
		deny(x, 409, "bad_state", "submitted once");
	else
		allow(x, 200, "submitted", verb);
}

static json_t *rpt_body(size_t p, const char *verb, int variant, const char **field)
{
	json_t *b = json_object();

	(void)p;
	(void)verb;
	*field = NULL;
	switch (variant) {
	case 0:
		return b;
	case 1:		/* no inputs declared */
		json_object_set_new(b, "note", json_string("x"));
		*field = "note";
		return b;
	case 2:
		json_object_set_new(b, "submitted_at", json_string(WF_NOW));
		*field = "submitted_at";
		return b;
	}
	json_decref(b);
	return NULL;
}

static void rpt_trail(const struct kase *k, struct trail *t)
{
	trail_audit(t, "risk_report", k->id, k->verb);
}

static void rpt_effects(const struct kase *k)
{
	char sql[200];

	expect_col_id(k, "risk_report", k->id, "updated_by", actors[k->u].u.id);
	expect_col(k, "risk_report", k->id, "submitted_at", WF_NOW);
	expect_col_id(k, "risk_report", k->id, "submitted_by", actors[k->u].u.id);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM obligation WHERE duty = 'risk_report_annual'"
		 " AND org_id = %" PRId64 " AND period_key = '2026' AND done_at IS NOT NULL", W.org_a);
	if (q_int(sql, 0) != 1)
		mismatch(k, "obligation risk_report_annual 2026 of enterprise A: expected done");
}

static const struct rules report_rules = {
	.entity = "risk_report", .states = rpt_states, .verbs = rpt_verbs, .nprof = 1,
	.prof_name = rpt_prof_name, .row = rpt_row, .force = rpt_force, .expect = rpt_expect,
	.body = rpt_body, .trail = rpt_trail, .effects = rpt_effects,
};

/* =================================================================== inbox */

/*
 * Inbox (站内消息; src/entity/inbox.c, API.md, tests/api/obligation.test.mjs "read,
 * read-all, owner scope"): 未读 unread ─mark_read (标为已读)─▶ 已读 read, once (409).
 * Owner-scoped: a user sees only their own messages — anyone else, the admin
 * included, gets 404 — and the owner, whatever the role, may mark them read. No
 * inputs (any key 400). mark_read records read_at; the inbox is derived (not a
 * record), so it writes no audit row and no timeline.
 *
 * Profiles: a message of each of four owners, sent for the test.
 */
static const char *const msg_states[] = { "unread", "read", NULL };
static const char *const msg_verbs[] = { "mark_read", NULL };
static const enum actor_id msg_owner[4] = { U_STAFF2, U_MGR, U_REG, U_ADMIN };
static const char *const msg_names[] = {
	"员工乙的消息", "企业A安全管理员的消息", "国资委监管员的消息", "系统管理员的消息"
};

static const char *msg_prof_name(size_t p) { return msg_names[p]; }
static int64_t msg_row(size_t p) { return W.msg_id[p]; }

static int msg_force(size_t p, const char *st)
{
	char at[20];

	snprintf(at, sizeof(at), "%s 08:00:00", W.d_m2);
	return exec_p("UPDATE inbox SET status = ?, read_at = ? WHERE id = ?", "ssi", st,
		      streq(st, "read") ? at : NULL, W.msg_id[p]);
}

static void msg_expect(size_t p, const char *verb, enum actor_id u, const char *st, struct want *x)
{
	memset(x, 0, sizeof(*x));
	if (!streq(verb, "mark_read"))
		deny(x, 0, NULL, "no rule for this verb");
	else if (u != msg_owner[p])
		deny(x, 404, "not_found", "a message is seen by its owner only");
	else if (!streq(st, "unread"))
		deny(x, 409, "bad_state", "read once");
	else
		allow(x, 200, "read", verb);
}

static json_t *msg_body(size_t p, const char *verb, int variant, const char **field)
{
	json_t *b = json_object();

	(void)p;
	(void)verb;
	*field = NULL;
	if (variant == 0)
		return b;
	if (variant == 1) {
		json_object_set_new(b, "bogus", json_integer(1));
		*field = "bogus";
		return b;
	}
	if (variant == 2) {
		json_object_set_new(b, "read_at", json_string(WF_NOW));
		*field = "read_at";
		return b;
	}
	json_decref(b);
	return NULL;
}

static void msg_trail(const struct kase *k, struct trail *t)
{
	(void)k;
	(void)t;	/* nothing: derived rows are not audited */
}

static void msg_effects(const struct kase *k)
{
	expect_col(k, "inbox", k->id, "read_at", WF_NOW);
	expect_col_id(k, "inbox", k->id, "user_id", actors[msg_owner[k->prof]].u.id);
}

static const struct rules inbox_rules = {
	.entity = "inbox", .states = msg_states, .verbs = msg_verbs, .nprof = 4,
	.prof_name = msg_prof_name, .row = msg_row, .force = msg_force, .expect = msg_expect,
	.body = msg_body, .trail = msg_trail, .effects = msg_effects,
};

/* ========================================================= notify_delivery */

/*
 * Deliveries of outbound notices (发送记录; src/mod/notify.c, API.md
 * "Notifications", tests/api/notify.test.mjs): 发送失败 failed or 已放弃 dead ─resend
 * (重新发送, the administrator only)─▶ 待发送 pending, due now, attempts back to 0.
 * Other states refuse (409). The records are the admin's: a user who can see the
 * delivery's org gets 403, anyone else 404. No inputs; audited, no timeline.
 *
 * Profile: a delivery of the demo's example channel (the regulator's org).
 */
static const char *const dlv_states[] = { "pending", "sending", "sent", "failed", "dead", "merged", NULL };
static const char *const dlv_verbs[] = { "resend", NULL };

static const char *dlv_prof_name(size_t p) { (void)p; return "示例渠道的发送记录"; }
static int64_t dlv_row(size_t p) { (void)p; return W.dlv_id; }

static int dlv_force(size_t p, const char *st)
{
	(void)p;
	return exec_p("UPDATE notify_delivery SET status = ?, attempts = 3 WHERE id = ?", "si", st, W.dlv_id);
}

static void dlv_expect(size_t p, const char *verb, enum actor_id u, const char *st, struct want *x)
{
	struct arena a;
	struct ectx c;
	int64_t org = q_int("SELECT org_id FROM notify_delivery WHERE id = ?", W.dlv_id);
	int vis;

	(void)p;
	memset(x, 0, sizeof(*x));
	arena_init(&a);
	c = (struct ectx){ .db = W.db, .user = &actors[u].u, .arena = &a };
	vis = scope_row_visible(&c, org);	/* the org scope (tested on its own in test_scope) */
	arena_release(&a);
	if (!streq(verb, "resend"))
		deny(x, 0, NULL, "no rule for this verb");
	else if (u != U_ADMIN && vis != 1)
		deny(x, 404, "not_found", "out of scope");
	else if (u != U_ADMIN)
		deny(x, 403, "forbidden", "the administrator resends");
	else if (!in(st, "failed", "dead", NULL))
		deny(x, 409, "bad_state", "only a failed or abandoned delivery is sent again");
	else
		allow(x, 200, "pending", verb);
}

static json_t *dlv_body(size_t p, const char *verb, int variant, const char **field)
{
	json_t *b = json_object();

	(void)p;
	(void)verb;
	*field = NULL;
	if (variant == 0)
		return b;
	if (variant == 1) {
		json_object_set_new(b, "bogus", json_integer(1));
		*field = "bogus";
		return b;
	}
	if (variant == 2) {
		json_object_set_new(b, "attempts", json_integer(0));
		*field = "attempts";
		return b;
	}
	json_decref(b);
	return NULL;
}

static void dlv_trail(const struct kase *k, struct trail *t)
{
	trail_audit(t, "notify_delivery", k->id, k->verb);
}

static void dlv_effects(const struct kase *k)
{
	expect_col(k, "notify_delivery", k->id, "next_at", WF_NOW);
	expect_col(k, "notify_delivery", k->id, "attempts", "0");
}

static const struct rules delivery_rules = {
	.entity = "notify_delivery", .states = dlv_states, .verbs = dlv_verbs, .nprof = 1,
	.prof_name = dlv_prof_name, .row = dlv_row, .force = dlv_force, .expect = dlv_expect,
	.body = dlv_body, .trail = dlv_trail, .effects = dlv_effects,
};

#include "wf_rules_report.inc"
#include "wf_rules_accident.inc"
#include "wf_rules_duty.inc"
#include "wf_rules_submit.inc"
#include "wf_rules_task.inc"
#include "wf_rules_inspect.inc"
#include "wf_rules_permit.inc"
#include "wf_rules_campaign.inc"
#include "wf_rules_ledger.inc"

static const struct rules *const all_rules[] = {
	&hazard_rules, &extension_rules, &enterprise_rules, &change_rules, &report_rules, &inbox_rules,
	&delivery_rules,
	&hazard_report_rules,
	&report_reward_rules,
	&accident_rules,
	&accident_action_rules,
	&accident_stat_rules,
	&decision_rules,
	&submission_rules,
	&notice_rules,
	&inspection_rules, &rectify_notice_rules,
	&permit_rules,
	&campaign_task_rules,
	&roster_rules,
};

static const struct rules *rules_find(const char *entity)
{
	for (size_t i = 0; i < ARRAY_SIZE(all_rules); i++)
		if (streq(all_rules[i]->entity, entity))
			return all_rules[i];
	return NULL;
}

/* ------------------------------------------------- independent aggregates */

/*
 * Each aggregate table as a full rebuild gives it, written here from what the
 * counts mean (migration 0002 and the comment of hazard.c), not from the declared
 * expressions; and the table itself, without rows that count nothing (a key whose
 * rows all moved away may keep a row of zeros). Both ordered by key.
 */
struct agg_check {
	const char *table;
	const char *expected;
	const char *actual;
};

static const struct agg_check agg_checks[] = {
	{"hazard_stats",
	 /* per enterprise: every hazard not dismissed; open = not closed; general =
	  * not major; on time = closed on or before the deadline (or without one);
	  * supervised open = under 督办 and not closed */
	 "SELECT org_id, COUNT(*),"
	 " SUM(CASE WHEN status <> 'closed' AND (level IS NULL OR level <> 'major') THEN 1 ELSE 0 END),"
	 " SUM(CASE WHEN status <> 'closed' AND level = 'major' THEN 1 ELSE 0 END),"
	 " SUM(CASE status WHEN 'registered' THEN 1 ELSE 0 END),"
	 " SUM(CASE status WHEN 'rectifying' THEN 1 ELSE 0 END),"
	 " SUM(CASE status WHEN 'pending' THEN 1 ELSE 0 END),"
	 " SUM(CASE status WHEN 'verified' THEN 1 ELSE 0 END),"
	 " SUM(CASE status WHEN 'closed' THEN 1 ELSE 0 END),"
	 " SUM(CASE WHEN status = 'closed' AND (deadline IS NULL OR closed_at IS NULL"
	 "  OR closed_at <= deadline) THEN 1 ELSE 0 END),"
	 " SUM(CASE WHEN status <> 'closed' AND supervised = 1 THEN 1 ELSE 0 END)"
	 " FROM hazard WHERE status <> 'dismissed' GROUP BY org_id ORDER BY org_id",
	 "SELECT org_id, total, open_general, open_major, registered, rectifying, pending,"
	 " verified, closed, closed_on_time, supervised_open FROM hazard_stats"
	 " WHERE total <> 0 OR open_general <> 0 OR open_major <> 0 OR registered <> 0"
	 " OR rectifying <> 0 OR pending <> 0 OR verified <> 0 OR closed <> 0"
	 " OR closed_on_time <> 0 OR supervised_open <> 0 ORDER BY org_id"},
	{"risk_summary",
	 /* per enterprise org: its risk points by colour — red 重大 (major), orange 较大
	  * (high), yellow 一般 (medium), blue 低 (low) */
	 "SELECT org_id, SUM(CASE WHEN level = 'major' THEN 1 ELSE 0 END),"
	 " SUM(CASE WHEN level = 'high' THEN 1 ELSE 0 END),"
	 " SUM(CASE WHEN level = 'medium' THEN 1 ELSE 0 END),"
	 " SUM(CASE WHEN level = 'low' THEN 1 ELSE 0 END)"
	 " FROM risk_point WHERE level IN ('major', 'high', 'medium', 'low')"
	 " GROUP BY org_id ORDER BY org_id",
	 "SELECT org_id, red, orange, yellow, blue FROM risk_summary"
	 " WHERE red <> 0 OR orange <> 0 OR yellow <> 0 OR blue <> 0 ORDER BY org_id"},
	{"hazard_monthly",
	 /* per enterprise and month: found (every hazard not dismissed, by found_at),
	  * closed (by closed_at) */
	 "SELECT org_id, m, SUM(f), SUM(c) FROM ("
	 " SELECT org_id, substr(found_at, 1, 7) AS m, 1 AS f, 0 AS c FROM hazard"
	 "  WHERE status <> 'dismissed' AND found_at IS NOT NULL"
	 " UNION ALL"
	 " SELECT org_id, substr(closed_at, 1, 7), 0, 1 FROM hazard"
	 "  WHERE status = 'closed' AND closed_at IS NOT NULL"
	 ") x GROUP BY org_id, m ORDER BY org_id, m",
	 "SELECT org_id, month, found, closed FROM hazard_monthly"
	 " WHERE found <> 0 OR closed <> 0 ORDER BY org_id, month"},
};

/* Compares every aggregate table with its independent rebuild; 0 equal. */
static int aggs_check(const struct kase *k)
{
	int bad = 0;

	for (size_t i = 0; i < ARRAY_SIZE(agg_checks); i++) {
		struct buf want, got;
		buf_init(&want, 1 << 24);
		buf_init(&got, 1 << 24);
		if (dump(&want, agg_checks[i].expected) || dump(&got, agg_checks[i].actual)) {
			mismatch(k, "aggregate query %s failed: %s", agg_checks[i].table, db_errmsg(W.db));
			bad = 1;
		} else if (strcmp(buf_str(&want), buf_str(&got)) != 0) {
			mismatch(k, "aggregate %s differs from a rebuild:\n--- rebuild\n%s--- table\n%s",
				 agg_checks[i].table, buf_str(&want), buf_str(&got));
			bad = 1;
		}
		buf_release(&want);
		buf_release(&got);
	}
	return bad;
}

/* --------------------------------------------------------------- snapshots */

/* Lists what snapshots read, from the registry: the tables of workflow entities,
 * their timelines, and every aggregate table (once). */
static void snap_plan(void)
{
	for (size_t i = 0; i < entity_count(); i++) {
		const struct entity_def *e = entity_at(i);
		if (e->workflow && W.nwf < MAX_TABLES) {
			W.wf_defs[W.nwf] = e;
			W.wf_tables[W.nwf++] = e->table;
		}
		if (e->workflow && e->workflow->event_entity && W.nev < MAX_TABLES) {
			const struct entity_def *ev = entity_find(e->workflow->event_entity);
			int seen = 0;
			for (int j = 0; ev && j < W.nev; j++)
				seen |= streq(W.ev_tables[j], ev->table);
			if (ev && !seen) {
				W.ev_tables[W.nev] = ev->table;
				W.ev_refs[W.nev++] = e->workflow->event_ref;
			}
		}
		for (size_t j = 0; j < e->naggs; j++) {
			int seen = 0;
			for (int m = 0; m < W.nagg; m++)
				seen |= streq(W.aggs[m]->table, e->aggs[j].table);
			if (!seen && W.nagg < MAX_TABLES)
				W.aggs[W.nagg++] = &e->aggs[j];
		}
	}
	/* the obligations calendar is written inside the actions too (derived rows of
	 * the records its duties watch): snapshotted like a workflow table */
	if (W.nwf < MAX_TABLES && entity_find("obligation")) {
		W.wf_defs[W.nwf] = entity_find("obligation");
		W.wf_tables[W.nwf] = W.wf_defs[W.nwf]->table;
		W.nwf++;
	}
}

/*
 * The duties of the obligations calendar that watch a workflow entity (src/mod/
 * duties.c, written here from its comments and the brief, not read from the
 * registry): a per-record duty keeps one row per record, period_key = the record's
 * id; risk_report_annual keeps one row per enterprise org and year, so a report's
 * rows are those of its enterprise's org. And an enterprise is a duty-bearer:
 * archived it owes no duty of the current and coming periods (those not done go),
 * restored it owes them again (src/entity/obligation.h OB_ENTERPRISE_ACTIVE, "an
 * archived enterprise keeps its past rows") — so an enterprise's action may also
 * change its org's periodic rows of this year on (by_org 2; the bound is the year, a
 * little wider than "current period"). An action may change only these rows of the
 * calendar.
 */
static const struct { const char *entity, *duty; int by_org; } watches[] = {
	{"hazard", "hazard_rectify", 0},
	{"hazard", "hazard_supervise", 0},
	{"org_change", "org_change_ack", 0},
	{"risk_report", "risk_report_annual", 1},
	{"enterprise", "standard_certificate", 0},
	{"enterprise", NULL, 2},
	{"accident", "accident_report_1h", 0},
	{"accident_action", "accident_action_deadline", 0},
	{"accident_stat", "accident_stat_annual", 1},
	{"meeting_decision", "meeting_decision_deadline", 0},
	{"submission", "submission_due", 0},
	{"rectify_notice", "rectify_notice_reply", 0},
	{"campaign_task", "campaign_task_due", 0},
};

static void snap_sql_build(void);

/* Sets W.related for row id of e: in e's own table the row; in another workflow
 * table the rows whose reference fields name it; and the rows e's reference fields
 * name (a request's hazard). Found from the declarations' FT_REF fields, so a new
 * workflow entity is covered without naming it. */
static void related_set(const struct entity_def *e, int64_t id)
{
	/* the records the row under test stands for: itself and the workflow rows its
	 * reference fields name (a request's hazard) */
	struct { const struct entity_def *e; int64_t id; } pair[8];
	int np = 0;

	pair[np].e = e;
	pair[np++].id = id;
	for (size_t f = 0; f < e->nfields && np < 8; f++)
		if (e->fields[f].type == FT_REF && entity_find(e->fields[f].ref) &&
		    entity_find(e->fields[f].ref)->workflow) {
			char col[32];
			col_text(e->table, id, e->fields[f].name, col, sizeof(col));
			if (strtoll(col, NULL, 10) > 0) {
				pair[np].e = entity_find(e->fields[f].ref);
				pair[np++].id = (int64_t)strtoll(col, NULL, 10);
			}
		}
	for (int i = 0; i < W.nwf; i++) {
		const struct entity_def *t = W.wf_defs[i];
		char *r = W.related[i];
		size_t sz = sizeof(W.related[i]);
		int n;

		n = snprintf(r, sz, "%s", t == e ? "" : "1 = 0");
		if (t == e)
			n = snprintf(r, sz, "id = %" PRId64, id);
		for (size_t f = 0; t->workflow && f < t->nfields; f++)
			if (t->fields[f].type == FT_REF && streq(t->fields[f].ref, e->name))
				n += snprintf(r + n, sz - (size_t)n, " OR COALESCE(%s, 0) = %" PRId64,
					      t->fields[f].name, id);
		for (size_t f = 0; t->workflow && f < e->nfields; f++)
			if (e->fields[f].type == FT_REF && streq(e->fields[f].ref, t->name)) {
				char col[32];
				col_text(e->table, id, e->fields[f].name, col, sizeof(col));
				n += snprintf(r + n, sz - (size_t)n, " OR id = %" PRId64,
					      (int64_t)strtoll(col, NULL, 10));
			}
		/* derived rows: the inbox messages about those records, the calendar rows
		 * of the duties watching them */
		for (int j = 0; streq(t->name, "inbox") && j < np; j++)
			n += snprintf(r + n, sz - (size_t)n,
				      " OR (entity = '%s' AND COALESCE(entity_id, 0) = %" PRId64 ")",
				      pair[j].e->name, pair[j].id);
		for (int j = 0; streq(t->name, "obligation") && j < np; j++)
			for (size_t w = 0; w < ARRAY_SIZE(watches); w++) {
				if (!streq(watches[w].entity, pair[j].e->name))
					continue;
				if (watches[w].by_org) {
					char org[32];
					col_text(pair[j].e->table, pair[j].id, "org_id", org, sizeof(org));
					if (watches[w].by_org == 2)
						n += snprintf(r + n, sz - (size_t)n,
							      " OR (period <> 'event' AND org_id = %" PRId64
							      " AND period_key >= '%.4s')",
							      (int64_t)strtoll(org, NULL, 10), W.today);
					else
						n += snprintf(r + n, sz - (size_t)n,
							      " OR (duty = '%s' AND org_id = %" PRId64 ")",
							      watches[w].duty, (int64_t)strtoll(org, NULL, 10));
				} else {
					n += snprintf(r + n, sz - (size_t)n,
						      " OR (duty = '%s' AND period_key = '%" PRId64 "')",
						      watches[w].duty, pair[j].id);
				}
			}
		if ((size_t)n >= sz)
			BUG("related condition too long");
	}
	snap_sql_build();
}

/* Appends the SQL text of a row of table t: every column as text, NULL as \N,
 * joined by '|' (one value per row, so a snapshot is one query). */
static void ser_cols(struct buf *b, const char *const *cols, int n)
{
	for (int i = 0; i < n; i++)
		buf_printf(b, "%sCOALESCE(CAST(%s AS TEXT), '\\N')", i ? " || '|' || " : "", cols[i]);
}

/* The stored columns of e's table (see entity.h: id, org_id, the stamps, the
 * declared fields that are not virtual). */
static int table_cols(const struct entity_def *e, const char **cols, int max)
{
	static const char *const base[] = { "id", "created_at", "updated_at", "created_by", "updated_by" };
	int n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(base); i++)
		cols[n++] = base[i];
	if (!(e->flags & E_NO_ORG))
		cols[n++] = "org_id";
	for (size_t i = 0; i < e->nfields && n < max; i++)
		if (!e->fields[i].expr && !streq(e->fields[i].name, "org_id"))
			cols[n++] = e->fields[i].name;
	return n;
}

/* Builds W.snap_sql from W.related: one UNION ALL of the related rows of every
 * workflow table in full, the row count and last id of every workflow table and
 * timeline, every aggregate row, and the count and last id of the audit log. Names
 * come from the declarations, ids are the test's own; no user text. */
static void snap_sql_build(void)
{
	const char *cols[128];
	struct buf *b = &W.snap_sql;
	int n;

	buf_reset(b);
	for (int i = 0; i < W.nwf; i++) {
		const struct entity_def *t = W.wf_defs[i];
		n = table_cols(t, cols, 128);
		buf_printf(b, "%sSELECT '%s' AS s, id AS k, ", i ? " UNION ALL " : "", t->table);
		ser_cols(b, cols, n);
		buf_printf(b, " AS v FROM %s WHERE %s", t->table, W.related[i]);
		buf_printf(b, " UNION ALL SELECT '%s rows', 0, CAST(COUNT(*) AS TEXT) || '|' ||"
			   " COALESCE(CAST(MAX(id) AS TEXT), '\\N') FROM %s", t->table, t->table);
	}
	for (int i = 0; i < W.nev; i++)
		buf_printf(b, " UNION ALL SELECT '%s rows', 0, CAST(COUNT(*) AS TEXT) || '|' ||"
			   " COALESCE(CAST(MAX(id) AS TEXT), '\\N') FROM %s", W.ev_tables[i], W.ev_tables[i]);
	for (int i = 0; i < W.nagg; i++) {
		const struct agg_def *a = W.aggs[i];
		n = 0;
		for (int k = 0; k < AGG_MAX_KEYS && a->keys[k].name; k++)
			cols[n++] = a->keys[k].name;
		/* several declarations may share the table (found and closed per month):
		 * every column of every one of them */
		for (size_t j = 0; j < entity_count(); j++) {
			const struct entity_def *e = entity_at(j);
			for (size_t d = 0; d < e->naggs; d++) {
				const struct agg_def *x = &e->aggs[d];
				if (!streq(x->table, a->table))
					continue;
				for (size_t c = 0; c < x->ncols; c++) {
					int seen = 0;
					for (int m = 0; m < n; m++)
						seen |= streq(cols[m], x->cols[c].name);
					if (!seen && n < 128)
						cols[n++] = x->cols[c].name;
				}
				if (x->stamp) {
					int seen = 0;
					for (int m = 0; m < n; m++)
						seen |= streq(cols[m], x->stamp);
					if (!seen && n < 128)
						cols[n++] = x->stamp;
				}
			}
		}
		buf_printf(b, " UNION ALL SELECT '%s', 0, ", a->table);
		ser_cols(b, cols, n);
		buf_printf(b, " FROM %s", a->table);
	}
	buf_puts(b, " UNION ALL SELECT 'audit_log rows', 0, CAST(COUNT(*) AS TEXT) || '|' ||"
		 " COALESCE(CAST(MAX(id) AS TEXT), '\\N') FROM audit_log ORDER BY 1, 2, 3");
}

/* Reads the snapshot of a case into b (one query: snap_sql_build). */
static int snap_take(struct buf *b)
{
	buf_reset(b);
	if (buf_failed(&W.snap_sql) || dump(b, buf_str(&W.snap_sql)) != 0 || buf_failed(b)) {
		print_error("snapshot: %s\n", db_errmsg(W.db));
		return -1;
	}
	return 0;
}

/* Every other row of every workflow table, in full, into b: no case of a block may
 * change them (compared at the start and the end of the block). */
static int snap_rest(struct buf *b)
{
	char sql[1024];
	int rc = 0;

	buf_reset(b);
	for (int i = 0; i < W.nwf; i++) {
		buf_printf(b, "== %s (other rows)\n", W.wf_tables[i]);
		snprintf(sql, sizeof(sql), "SELECT * FROM %s WHERE NOT (%s) ORDER BY id",
			 W.wf_tables[i], W.related[i]);
		rc |= dump(b, sql);
	}
	if (rc || buf_failed(b)) {
		print_error("snapshot: %s\n", db_errmsg(W.db));
		return -1;
	}
	return 0;
}

/* Takes the "before" snapshot of the next cases and the last ids. */
static int snap_before(void)
{
	char sql[256];

	if (snap_take(&W.snap))
		return -1;
	W.audit_max = q_int("SELECT COALESCE(MAX(id), 0) FROM audit_log", 0);
	W.inbox_max = q_int("SELECT COALESCE(MAX(id), 0) FROM inbox", 0);
	for (int i = 0; i < W.nev; i++) {
		snprintf(sql, sizeof(sql), "SELECT COALESCE(MAX(id), 0) FROM %s", W.ev_tables[i]);
		W.ev_max[i] = q_int(sql, 0);
	}
	return 0;
}

/* The first line where two snapshots differ, into out. */
static void snap_diff(const char *a, const char *b, char *out, size_t n)
{
	const char *sect = "";
	char secbuf[64] = "";

	while (*a && *b) {
		const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
		size_t la = ea ? (size_t)(ea - a) : strlen(a), lb = eb ? (size_t)(eb - b) : strlen(b);
		if (la != lb || memcmp(a, b, la) != 0) {
			snprintf(out, n, "%s%s\n      before: %.*s\n      after:  %.*s", *sect ? "in " : "", sect,
				 (int)(la > 600 ? 600 : la), a, (int)(lb > 600 ? 600 : lb), b);
			return;
		}
		if (la > 3 && a[0] == '=' && a[1] == '=') {
			snprintf(secbuf, sizeof(secbuf), "%.*s", (int)la - 3, a + 3);
			sect = secbuf;
		}
		a += la + (ea ? 1 : 0);
		b += lb + (eb ? 1 : 0);
	}
	snprintf(out, n, "%s%s: one snapshot is longer", *sect ? "in " : "", sect);
}

/* Sets the state of the row of profile p: force, rebuild the aggregates so they
 * agree with the forced rows, commit, snapshot. */
static int prepare(const struct rules *R, size_t p, const char *state)
{
	if (db_begin(W.db) != 0)
		return -1;
	if (R->force(p, state) != 0 || agg_recompute(W.db) != 0) {
		db_rollback(W.db);
		return -1;
	}
	if (db_commit(W.db) != 0)
		return -1;
	return snap_before();
}

/* ------------------------------------------------------------ _actions */

/*
 * GET of a row carries "_actions", what the caller may do on it now (entity.h): for
 * each actor, exactly the verbs the rules let through scope, permission, state and
 * applicability (a guard may still refuse: the 双报告 is checked on 销账), in the
 * declaration's order; a row the rules hide (404) is not visible at all.
 */
static void actions_check(const struct rules *R, const struct entity_def *e, size_t p,
			  const char *st)
{
	for (int u = 0; u < U_N; u++) {
		struct kase k;
		struct arena a;
		struct ectx c;
		struct buf want, got, out;
		struct jw w;
		json_t *row, *parsed, *list;
		int hidden = 1;

		memset(&k, 0, sizeof(k));
		snprintf(k.label, sizeof(k.label), "%s _actions for %s (%s) in state %s, row [%s]",
			 e->name, actors[u].username, actors[u].what, st, R->prof_name(p));
		k.want.rule = "_actions = the verbs the rules let through the funnel";
		buf_init(&want, 1 << 12);
		buf_init(&got, 1 << 12);
		buf_init(&out, 1 << 16);
		for (size_t v = 0; v < e->workflow->nactions; v++) {
			struct want x;
			R->expect(p, e->workflow->actions[v].verb, (enum actor_id)u, st, &x);
			hidden &= x.status == 404;
			if (x.inputs)
				buf_printf(&want, " %s", e->workflow->actions[v].verb);
		}
		arena_init(&a);
		c = (struct ectx){ .db = W.db, .user = &actors[u].u, .arena = &a };
		row = entity_get(&c, e, R->row(p));
		W.action_lists++;
		if (!row) {
			if (!hidden)
				mismatch(&k, "the row is not visible; the rules expect:%s", buf_str(&want));
			goto next;
		}
		if (hidden)
			mismatch(&k, "the row is visible; the rules say another org's row is not");
		jw_init(&w, &out);
		jw_obj_begin(&w);
		wf_actions_write(&c, e, row, &w);
		jw_obj_end(&w);
		parsed = json_loads(buf_str(&out), 0, NULL);
		list = json_object_get(parsed, "_actions");
		for (size_t i = 0; i < json_array_size(list); i++)
			buf_printf(&got, " %s", json_string_value(json_object_get(json_array_get(list, i), "verb")));
		if (!json_is_array(list))
			mismatch(&k, "no _actions array in %s", buf_str(&out));
		else if (strcmp(buf_str(&want), buf_str(&got)) != 0)
			mismatch(&k, "expected _actions [%s ], got [%s ]", buf_str(&want), buf_str(&got));
		json_decref(parsed);
		json_decref(row);
next:
		arena_release(&a);
		buf_release(&want);
		buf_release(&got);
		buf_release(&out);
	}
}

/* -------------------------------------------------------------- the runner */

/* Checks the audit rows and timeline events written since the snapshot against t. */
static void trail_check(const struct kase *k, const struct trail *t)
{
	struct db_stmt *st;
	char sql[512];
	int used[64] = { 0 }, n = 0, matched = 0;
	struct { char entity[64]; int64_t id, user; char action[64]; } got[64];

	st = db_prepare(W.db, "SELECT entity, entity_id, user_id, action FROM audit_log"
			" WHERE id > ? ORDER BY id");
	if (st && db_bind_int64(st, 1, W.audit_max) == 0)
		while (n < 64 && db_step(st) == DB_ROW) {
			snprintf(got[n].entity, sizeof(got[n].entity), "%s", db_col_text(st, 0));
			got[n].id = db_col_int64(st, 1);
			got[n].user = db_col_int64(st, 2);
			snprintf(got[n].action, sizeof(got[n].action), "%s", db_col_text(st, 3));
			n++;
		}
	db_finalize(st);
	for (int i = 0; i < t->n; i++) {
		int hit = -1;
		for (int j = 0; j < n && hit < 0; j++)
			if (!used[j] && streq(got[j].entity, t->audit[i].entity) &&
			    streq(got[j].action, t->audit[i].action) &&
			    (!t->audit[i].id || got[j].id == t->audit[i].id) &&
			    got[j].user == actors[k->u].u.id)
				hit = j;
		if (hit < 0)
			mismatch(k, "audit: expected a row %s %" PRId64 " action %s by %s", t->audit[i].entity,
				 t->audit[i].id, t->audit[i].action, actors[k->u].username);
		else
			used[hit] = 1, matched++;
	}
	for (int j = 0; j < n; j++)
		if (!used[j])
			mismatch(k, "audit: unexpected row %s %" PRId64 " action %s (user %" PRId64 ")",
				 got[j].entity, got[j].id, got[j].action, got[j].user);
	/* the action's own audit row records the row before and after: the states */
	st = db_prepare(W.db, "SELECT before_json, after_json FROM audit_log WHERE id > ?"
			" AND entity = ? AND entity_id = ? AND action = ?");
	if (st && db_bind_int64(st, 1, W.audit_max) == 0 && db_bind_text(st, 2, k->e->name) == 0 &&
	    db_bind_int64(st, 3, k->id) == 0 && db_bind_text(st, 4, k->verb) == 0 &&
	    db_step(st) == DB_ROW) {
		const char *sf = k->e->workflow->status_field;
		json_t *b = json_loads(db_col_text(st, 0) ? db_col_text(st, 0) : "", 0, NULL);
		json_t *af = json_loads(db_col_text(st, 1) ? db_col_text(st, 1) : "", 0, NULL);
		if (!streq(json_string_value(json_object_get(b, sf)), k->state) ||
		    !streq(json_string_value(json_object_get(af, sf)), k->want.to))
			mismatch(k, "audit %s: expected before %s after %s, got %s → %s", k->verb, k->state,
				 k->want.to, json_string_value(json_object_get(b, sf)),
				 json_string_value(json_object_get(af, sf)));
		json_decref(b);
		json_decref(af);
	}
	db_finalize(st);
	/* timelines */
	for (int ti = 0; ti < W.nev; ti++) {
		struct { int64_t ref, user; char action[64], from[64], to[64], reason[256]; int noreason; } ev[16];
		int ne = 0, euse[16] = { 0 };
		snprintf(sql, sizeof(sql), "SELECT %s, action, from_status, to_status, user_id, reason FROM %s"
			 " WHERE id > ? ORDER BY id", W.ev_refs[ti], W.ev_tables[ti]);
		st = db_prepare(W.db, sql);
		if (st && db_bind_int64(st, 1, W.ev_max[ti]) == 0)
			while (ne < 16 && db_step(st) == DB_ROW) {
				ev[ne].ref = db_col_int64(st, 0);
				snprintf(ev[ne].action, 64, "%s", db_col_text(st, 1) ? db_col_text(st, 1) : "");
				snprintf(ev[ne].from, 64, "%s", db_col_text(st, 2) ? db_col_text(st, 2) : "");
				snprintf(ev[ne].to, 64, "%s", db_col_text(st, 3) ? db_col_text(st, 3) : "");
				ev[ne].user = db_col_int64(st, 4);
				ev[ne].noreason = db_col_isnull(st, 5);
				snprintf(ev[ne].reason, 256, "%s", db_col_text(st, 5) ? db_col_text(st, 5) : "");
				ne++;
			}
		db_finalize(st);
		for (int i = 0; i < t->nev; i++) {
			int hit = -1;
			if (!streq(t->ev[i].table, W.ev_tables[ti]))
				continue;
			for (int j = 0; j < ne && hit < 0; j++)
				if (!euse[j] && ev[j].ref == t->ev[i].ref &&
				    streq(ev[j].action, t->ev[i].action) &&
				    streq(ev[j].from, t->ev[i].from) && streq(ev[j].to, t->ev[i].to) &&
				    ev[j].user == actors[k->u].u.id &&
				    (t->ev[i].reason ? streq(ev[j].reason, t->ev[i].reason) : ev[j].noreason))
					hit = j;
			if (hit < 0)
				mismatch(k, "timeline %s: expected event %" PRId64 " %s %s→%s by %s, reason %s",
					 W.ev_tables[ti], t->ev[i].ref, t->ev[i].action, t->ev[i].from,
					 t->ev[i].to, actors[k->u].username,
					 t->ev[i].reason ? t->ev[i].reason : "NULL");
			else
				euse[hit] = 1;
		}
		for (int j = 0; j < ne; j++)
			if (!euse[j])
				mismatch(k, "timeline %s: unexpected event %" PRId64 " %s %s→%s (user %" PRId64
					 ", reason %s)", W.ev_tables[ti], ev[j].ref, ev[j].action, ev[j].from,
					 ev[j].to, ev[j].user, ev[j].noreason ? "NULL" : ev[j].reason);
	}
}

/* The inbox messages written by an allowed run: exactly those the rules expect
 * (recipient, kind, the record), nothing else. */
static void inbox_check(const struct kase *k)
{
	struct msgs m;
	struct db_stmt *st;
	int used[MAX_MSGS] = { 0 };

	memset(&m, 0, sizeof(m));
	if (k->R->inbox)
		k->R->inbox(k, &m);
	st = db_prepare(W.db, "SELECT user_id, kind, entity, entity_id FROM inbox WHERE id > ? ORDER BY id");
	if (!st || db_bind_int64(st, 1, W.inbox_max) != 0) {
		mismatch(k, "inbox query: %s", db_errmsg(W.db));
		db_finalize(st);
		return;
	}
	while (db_step(st) == DB_ROW) {
		int64_t user = db_col_int64(st, 0), id = db_col_int64(st, 3);
		const char *kind = db_col_text(st, 1), *ent = db_col_text(st, 2);
		int hit = -1;
		for (int i = 0; i < m.n && hit < 0; i++)
			if (!used[i] && m.m[i].user == user && streq(m.m[i].kind, kind) &&
			    streq(m.m[i].entity, ent) && m.m[i].id == id)
				hit = i;
		if (hit < 0)
			mismatch(k, "inbox: unexpected message to user %" PRId64 ", kind %s, about %s %" PRId64,
				 user, kind ? kind : "NULL", ent ? ent : "NULL", id);
		else
			used[hit] = 1;
	}
	db_finalize(st);
	for (int i = 0; i < m.n; i++)
		if (!used[i])
			mismatch(k, "inbox: expected a message to user %" PRId64 " (kind %s, about %s %" PRId64
				 "), none sent", m.m[i].user, m.m[i].kind, m.m[i].entity, m.m[i].id);
}

/* The length of at most max bytes of s that ends on a UTF-8 character boundary. */
static int utf8_cut(const char *s, int max)
{
	int n = (int)strlen(s);

	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* Runs case k; returns 1 when the database changed (the row must be forced again),
 * 0 when not, -1 when the rules have no body of k's variant (nothing run). */
static int run_case(struct kase *k)
{
	const char *field = NULL;
	json_t *body = k->R->body(k->prof, k->verb, k->variant, &field);
	const struct entity_def *sd = NULL;
	struct arena a;
	struct ectx c;
	struct verr err;
	int64_t sid = 0;
	int sst = 0, rc, got, changed = 0;
	char *bs;

	if (!body)
		return -1;
	bs = json_dumps(body, JSON_COMPACT);
	snprintf(k->label, sizeof(k->label), "%s/%s by %s (%s, %s) in state %s, row [%s], %s%s%s body %.*s",
		 k->e->name, k->verb, actors[k->u].username, actors[k->u].what,
		 role_name(actors[k->u].u.role), k->state, k->R->prof_name(k->prof),
		 k->variant ? "invalid (" : "valid", k->variant ? field : "", k->variant ? ")" : "",
		 bs ? utf8_cut(bs, 160) : 1, bs ? bs : "?");
	free(bs);
	if (k->variant) {	/* an invalid body for a case that reaches the inputs */
		k->want.status = 400;
		k->want.code = "validation";
		k->want.code_not = NULL;
		k->want.field = field;
		k->want.to = NULL;
	}
	W.cases++;
	arena_init(&a);
	c = (struct ectx){ .db = W.db, .user = &actors[k->u].u, .arena = &a };
	verr_init(&err, &a);
	if (db_begin(W.db) != 0) {
		mismatch(k, "begin failed: %s", db_errmsg(W.db));
		goto out;
	}
	rc = wf_run_tx(&c, k->e, k->id, k->verb, body, &sd, &sid, &sst, &err);
	if (rc == 0 && db_commit(W.db) != 0) {
		mismatch(k, "commit failed: %s", db_errmsg(W.db));
		db_rollback(W.db);
		rc = -1;
		changed = 1;
	} else if (rc != 0) {
		db_rollback(W.db);
	}
	got = rc == 0 ? sst : err.status;
	if (rc == 0)
		W.allowed++;
	else
		W.refused[got == 400 ? 0 : got == 403 ? 1 : got == 404 ? 2 : got == 409 ? 3 : 4]++;
	if (got != k->want.status) {
		mismatch(k, "expected %d%s%s, got %d %s%s%s%s", k->want.status,
			 k->want.code ? " " : "", k->want.code ? k->want.code : "", got,
			 rc == 0 ? "(allowed)" : err.code ? err.code : "",
			 rc == 0 ? "" : " 「", rc == 0 ? "" : err.message ? err.message : "",
			 rc == 0 ? "" : "」");
		changed |= rc == 0;
		if (rc == 0)
			goto out;
	}
	if (rc != 0) {
		struct buf now;
		char diff[1600];
		if (got == k->want.status && k->want.code && !streq(err.code, k->want.code))
			mismatch(k, "expected code %s, got %s 「%s」", k->want.code, err.code,
				 err.message ? err.message : "");
		if (got == k->want.status && k->want.code_not && streq(err.code, k->want.code_not))
			mismatch(k, "expected a code other than %s, got %s 「%s」", k->want.code_not,
				 err.code, err.message ? err.message : "");
		if (got == 400 && k->want.field && !streq(err.field, k->want.field))
			mismatch(k, "expected the error to name field %s, got %s 「%s」", k->want.field,
				 err.field ? err.field : "(none)", err.message ? err.message : "");
		buf_init(&now, 1 << 24);
		if (snap_take(&now) == 0 && strcmp(buf_str(&now), buf_str(&W.snap)) != 0) {
			snap_diff(buf_str(&W.snap), buf_str(&now), diff, sizeof(diff));
			mismatch(k, "a refusal (%d) changed the database %s", got, diff);
			changed = 1;
		}
		buf_release(&now);
		goto out;
	}
	/* allowed */
	changed = 1;
	{
		struct trail t;
		char st[64];
		memset(&t, 0, sizeof(t));
		col_text(k->e->table, k->id, k->e->workflow->status_field, st, sizeof(st));
		if (!streq(st, k->want.to))
			mismatch(k, "expected state %s after, got %s", k->want.to, st);
		if (streq(k->verb, "extend") && !(sd && streq(sd->name, "hazard_extension")))
			mismatch(k, "extend should answer with the created request, got %s",
				 sd ? sd->name : "(none)");
		k->R->trail(k, &t);
		trail_check(k, &t);
		inbox_check(k);
		aggs_check(k);
		k->R->effects(k);
	}
out:
	json_decref(body);
	arena_release(&a);
	return changed;
}

/* ------------------------------------------------------------------ fixture */

/* The accounts the demo lacks (see the file comment). */
static int world_accounts(void)
{
	struct arena a;
	struct ectx sys;
	int rc = -1;

	arena_init(&a);
	sys = (struct ectx){ .db = W.db, .arena = &a };
	W.org_reg = dfx_id_by(W.db, "SELECT id FROM org WHERE name = ?", "青浦区国资委");
	W.org_com = dfx_id_by(W.db, "SELECT id FROM org WHERE name = ?", "青浦区安委办");
	W.org_a = dfx_id_by(W.db, "SELECT org_id FROM enterprise WHERE name = ?",
			    "上海青浦城市建设投资集团有限公司");
	W.org_b = dfx_id_by(W.db, "SELECT org_id FROM enterprise WHERE name = ?",
			    "上海青浦精工金属制品有限公司");
	W.demo_leader = dfx_id_by(W.db, "SELECT id FROM users WHERE username = ?", "leader");
	if (!W.org_reg || !W.org_com || !W.org_a || !W.org_b || !W.demo_leader)
		goto out;
	if (db_begin(W.db) != 0)
		goto out;
	W.org_dept = org_create(&sys, W.org_com, "青浦区应急管理局", "department");
	if (W.org_dept < 0 || supervision_add(&sys, W.org_dept, W.org_a, "industry") != 0) {
		db_rollback(W.db);
		goto out;
	}
	if (db_commit(W.db) != 0)
		goto out;
	if (user_create_system(W.db, W.org_a, "wf.staff2", "整改责任人乙", "staff", DFX_PASSWORD) < 0 ||
	    user_create_system(W.db, W.org_com, "wf.regulator2", "安委办监管员", "regulator",
			       DFX_PASSWORD) < 0 ||
	    user_create_system(W.db, W.org_dept, "wf.dept", "应急局科员", "department",
			       DFX_PASSWORD) < 0)
		goto out;
	rc = 0;
out:
	arena_release(&a);
	return rc;
}

/* One hazard of enterprise A per profile, registered as the regulator for a 监管检查
 * profile and as the manager otherwise. Returns the id or -1. */
static int64_t world_hazard(const struct hzprof *p, const char *title)
{
	struct arena a;
	struct ectx c;
	struct verr e;
	json_t *o;
	int64_t id;

	arena_init(&a);
	c = (struct ectx){ .db = W.db, .user = &actors[p->regcheck ? U_REG : U_MGR].u, .arena = &a };
	verr_init(&e, &a);
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "title", title, "location", "三号车间",
		      "found_at", W.d_found, "level", p->major ? "major" : "general", "category",
		      "thing", "org_id", (json_int_t)W.org_a);
	if (p->major)
		json_object_set_new(o, "major_criterion", json_string("工贸企业重大事故隐患判定标准 第十三条"));
	id = entity_create(&c, entity_find("hazard"), o, &e);
	if (id < 0)
		print_error("create hazard %s: %s %s\n", title, e.field ? e.field : "",
			    e.message ? e.message : "");
	json_decref(o);
	arena_release(&a);
	return id;
}

/* Builds the world on backend kind: the demo, the extra accounts, the actors, the
 * dates, a hazard per profile and an extension request per extension profile. */
static int world_open(enum db_kind kind)
{
	memset(&W.hz, 0, sizeof(W.hz));
	W.nwf = W.nev = W.nagg = 0;
	W.cases = W.failures = 0;
	if (dfx_open(&W.fx, kind, "wftest") != 0)
		return -1;
	W.db = W.fx.db;
	arena_init(&W.arena);
	buf_init(&W.snap, 1 << 24);
	buf_init(&W.snap_sql, 1 << 20);
	if (world_accounts() != 0)
		return -1;
	/* the demo was built through the actions: its running counts must equal a
	 * rebuild now, before this test writes rows directly */
	W.demo_agg_bad = aggs_check(NULL) ? 1 : 0;
	W.failures = 0;
	for (int i = 0; i < U_N; i++)
		if (dfx_user(W.db, &W.arena, actors[i].username, &actors[i].u) != 0) {
			print_error("no account %s\n", actors[i].username);
			return -1;
		}
	entity_today(W.today);
	day(-30, W.d_found);
	day(10, W.d_plan);
	day(20, W.d_deadline);
	day(40, W.d_sdl);
	day(30, W.d_extend);
	day(50, W.d_ext_req);
	day(35, W.d_sup);
	day(-5, W.d_m5);
	day(-3, W.d_m3);
	day(-2, W.d_m2);
	day(-10, W.d_m10);
	for (int i = 0; i < NHZ; i++)
		if ((W.hz[i] = world_hazard(&hzp[i], hzp[i].name)) < 0)
			return -1;
	/* a request per extension profile, filed by its requester through the action */
	for (int i = 0; i < NXP; i++) {
		const struct hzprof *p = &hzp[xp[i].parent];
		struct arena a;
		struct ectx c;
		struct verr e;
		const struct entity_def *sd = NULL;
		json_t *b;
		int st = 0, rc;

		if ((W.xh[i] = world_hazard(p, xp[i].name)) < 0)
			return -1;
		if (db_begin(W.db) || hz_force_row(p, W.xh[i], "rectifying", 1) || db_commit(W.db))
			return -1;
		arena_init(&a);
		c = (struct ectx){ .db = W.db, .user = &actors[xp[i].requester].u, .arena = &a };
		verr_init(&e, &a);
		b = json_pack("{s:s, s:s}", "new_deadline", W.d_ext_req, "reason", "设备到货推迟");
		rc = db_begin(W.db) ? -1 : wf_run_tx(&c, entity_find("hazard"), W.xh[i], "extend", b,
						     &sd, &W.xid[i], &st, &e);
		if (rc == 0)
			rc = db_commit(W.db);
		else
			db_rollback(W.db);
		json_decref(b);
		if (rc || st != 201) {
			print_error("extend for profile %s: %d %s\n", xp[i].name, e.status,
				    e.message ? e.message : "");
			arena_release(&a);
			return -1;
		}
		arena_release(&a);
	}
	/* the rows of the entities with workflows added since: enterprise A and its
	 * subsidiary, a change report of each, A's 2026 risk report (generated as its
	 * manager) and a message to each of four owners */
	{
		int64_t org_sub = dfx_id_by(W.db, "SELECT org_id FROM enterprise WHERE name = ?",
					    "上海青浦燃气有限公司");
		struct arena a;
		struct ectx c, sys;
		struct verr e;
		int created = 0, rc;

		W.ent_id[0] = q_int("SELECT id FROM enterprise WHERE org_id = ?", W.org_a);
		W.ent_id[1] = q_int("SELECT id FROM enterprise WHERE org_id = ?", org_sub);
		W.chg_id[0] = q_int("SELECT MIN(id) FROM org_change WHERE org_id = ?", W.org_a);
		W.chg_id[1] = q_int("SELECT MIN(id) FROM org_change WHERE org_id = ?", org_sub);
		if (W.ent_id[0] <= 0 || W.ent_id[1] <= 0 || W.chg_id[0] <= 0 || W.chg_id[1] <= 0) {
			print_error("fixture: enterprise or org_change rows missing\n");
			return -1;
		}
		arena_init(&a);
		c = (struct ectx){ .db = W.db, .user = &actors[U_MGR].u, .arena = &a };
		sys = (struct ectx){ .db = W.db, .arena = &a, .sys = 1 };
		verr_init(&e, &a);
		rc = db_begin(W.db) ? -1 : risk_report_save(&c, W.org_a, 2026, &W.rpt_id, &created, &e);
		for (int i = 0; rc == 0 && i < 4; i++) {
			rc = inbox_send(&sys, actors[msg_owner[i]].u.id, "notice", msg_names[i], "测试消息",
					"/inbox", NULL, 0);
			W.msg_id[i] = q_int("SELECT MAX(id) FROM inbox", 0);
		W.dlv_id = q_int("SELECT MIN(id) FROM notify_delivery", 0);
		}
		if (rc == 0)
			rc = db_commit(W.db);
		else
			db_rollback(W.db);
		arena_release(&a);
		if (rc || !created) {
			print_error("fixture: risk report or inbox: %s\n", e.message ? e.message : "");
			return -1;
		}
	}
	/* the forced parents above bypassed the aggregates: rebuild once */
	if (db_begin(W.db) || agg_recompute(W.db) || db_commit(W.db))
		return -1;
	snap_plan();
	return 0;
}

static void world_close(void)
{
	buf_release(&W.snap);
	buf_release(&W.snap_sql);
	arena_release(&W.arena);
	dfx_close(&W.fx);
	W.db = NULL;
}

static enum db_kind cur_kind;

static int group_setup(void **state)
{
	(void)state;
	if (world_open(cur_kind) != 0) {
		print_error("fixture failed\n");
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	world_close();
	return 0;
}

/* -------------------------------------------------------------------- tests */

/* Every workflow entity has rules; its declared states and verbs are exactly those
 * the rules know; every aggregate table has an independent rebuild query. */
static void test_rules_cover_every_declaration(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < entity_count(); i++) {
		const struct entity_def *e = entity_at(i);
		const struct rules *R;
		if (!e->workflow)
			continue;
		R = rules_find(e->name);
		if (!R) {
			print_error("entity %s has a workflow but no rules in test_workflow.c\n", e->name);
			bad++;
			continue;
		}
		for (size_t s = 0; s < e->workflow->nstates; s++) {
			int k = 0;
			while (R->states[k] && !streq(R->states[k], e->workflow->states[s].code))
				k++;
			if (!R->states[k]) {
				print_error("%s: declared state %s has no rules\n", e->name,
					    e->workflow->states[s].code);
				bad++;
			}
		}
		for (int k = 0; R->states[k]; k++)
			if (!wf_state_find(e->workflow, R->states[k])) {
				print_error("%s: the rules know state %s, the declaration does not\n",
					    e->name, R->states[k]);
				bad++;
			}
		for (size_t v = 0; v < e->workflow->nactions; v++) {
			int k = 0;
			while (R->verbs[k] && !streq(R->verbs[k], e->workflow->actions[v].verb))
				k++;
			if (!R->verbs[k]) {
				print_error("%s: declared action %s has no rules\n", e->name,
					    e->workflow->actions[v].verb);
				bad++;
			}
		}
		for (int k = 0; R->verbs[k]; k++)
			if (!wf_action_find(e->workflow, R->verbs[k])) {
				print_error("%s: the rules know action %s, the declaration does not\n",
					    e->name, R->verbs[k]);
				bad++;
			}
	}
	for (size_t i = 0; i < ARRAY_SIZE(all_rules); i++) {
		const struct entity_def *e = entity_find(all_rules[i]->entity);
		if (!e || !e->workflow) {
			print_error("rules for %s, which has no workflow\n", all_rules[i]->entity);
			bad++;
		}
	}
	for (int i = 0; i < W.nagg; i++) {
		size_t k = 0;
		while (k < ARRAY_SIZE(agg_checks) && !streq(agg_checks[k].table, W.aggs[i]->table))
			k++;
		if (k == ARRAY_SIZE(agg_checks)) {
			print_error("aggregate table %s has no independent rebuild query\n",
				    W.aggs[i]->table);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* The demo was built through the actions: its running counts equal a rebuild. */
static void test_demo_aggregates_equal_rebuild(void **state)
{
	(void)state;
	assert_int_equal(W.demo_agg_bad, 0);
}

/*
 * One block of the table: row profile p of e forced into state st, then every
 * declared action × every actor, each with the rules' invalid bodies first (they
 * must leave the row as it is) and the valid body last; the row is forced again
 * after every run that changed the database. Around the block, every row of the
 * workflow tables unrelated to the row must stay as it was. 0 ok, -1 when the row
 * could not be forced.
 */
static int run_block(const struct rules *R, const struct entity_def *e, size_t p, const char *st)
{
	struct buf rest0, rest1;
	int dirty = 0, rc = 0;

	related_set(e, R->row(p));
	if (prepare(R, p, st) != 0)
		return -1;
	buf_init(&rest0, 1 << 24);
	buf_init(&rest1, 1 << 24);
	if (snap_rest(&rest0) != 0)
		rc = -1;
	actions_check(R, e, p, st);
	for (size_t v = 0; rc == 0 && v < e->workflow->nactions; v++) {
		for (int u = 0; rc == 0 && u < U_N; u++) {
			struct kase k;
			int var;

			memset(&k, 0, sizeof(k));
			k.e = e;
			k.R = R;
			k.prof = p;
			k.id = R->row(p);
			k.state = st;
			k.verb = e->workflow->actions[v].verb;
			k.u = (enum actor_id)u;
			R->expect(p, k.verb, k.u, st, &k.want);
			var = k.want.inputs ? 1 : 0;
			for (;;) {
				struct kase kv = k;
				int r;

				if (dirty && prepare(R, p, st) != 0) {
					rc = -1;
					break;
				}
				dirty = 0;
				kv.variant = var;
				r = run_case(&kv);
				if (r < 0 && var == 0)
					BUG("rules without a valid body");
				dirty = r > 0;
				if (var == 0)
					break;
				var = r < 0 ? 0 : var + 1;	/* no such invalid body: the valid one */
			}
		}
	}
	if (rc == 0 && snap_rest(&rest1) == 0 && strcmp(buf_str(&rest0), buf_str(&rest1)) != 0) {
		struct kase k;
		char diff[1600];

		memset(&k, 0, sizeof(k));
		snprintf(k.label, sizeof(k.label), "%s, row [%s], state %s: the block of cases", e->name,
			 R->prof_name(p), st);
		k.want.rule = "an action changes only its own row and the rows related to it";
		snap_diff(buf_str(&rest0), buf_str(&rest1), diff, sizeof(diff));
		mismatch(&k, "a row unrelated to the row under test changed %s", diff);
	}
	buf_release(&rest0);
	buf_release(&rest1);
	return rc;
}

/* The table: every workflow entity × profile × declared state × declared action ×
 * actor (× body). */
static void test_every_action_role_state(void **state)
{
	struct timespec t0, t1;
	int forced_fail = 0;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	W.failures = 0;
	W.cases = W.allowed = W.action_lists = 0;
	memset(W.refused, 0, sizeof(W.refused));
	for (size_t i = 0; i < entity_count(); i++) {
		const struct entity_def *e = entity_at(i);
		const struct rules *R = e->workflow ? rules_find(e->name) : NULL;

		if (!R)
			continue;	/* reported by the coverage test */
		for (size_t p = 0; p < R->nprof; p++)
			for (size_t s = 0; s < e->workflow->nstates; s++)
				if (run_block(R, e, p, e->workflow->states[s].code) != 0) {
					print_error("%s [%s]: could not force state %s\n", e->name,
						    R->prof_name(p), e->workflow->states[s].code);
					forced_fail++;
				}
		if (R->reset)
			R->reset();
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (getenv("WF_TEST_VERBOSE"))
		print_message("%d cases in %.1f s: %d allowed, refused 400 %d, 403 %d, 404 %d, 409 %d,"
			      " other %d; %d _actions lists\n", W.cases,
			      (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
			      W.allowed, W.refused[0], W.refused[1], W.refused[2],
			      W.refused[3], W.refused[4], W.action_lists);
	if (forced_fail)
		fail_msg("%d states could not be forced", forced_fail);
	if (W.failures)
		fail_msg("%d mismatches in %d cases (see above)", W.failures, W.cases);
}

/* ----------------------------------------------------------------------- main */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_cover_every_declaration),
		cmocka_unit_test(test_demo_aggregates_equal_rebuild),
		cmocka_unit_test(test_every_action_role_state),
	};
	int failed;

	setenv("ANJIAN_NOW", WF_NOW, 1);
	/* refusals log nothing, but the demo and failures might; WF_TEST_VERBOSE shows it */
	log_min_level = getenv("WF_TEST_VERBOSE") ? LOG_DEBUG : LOG_ERR + 1;
	cur_kind = DB_SQLITE;
	failed = cmocka_run_group_tests_name("workflow/sqlite", tests, group_setup, group_teardown);
	if (getenv("PGHOST")) {
		cur_kind = DB_PG;
		failed += cmocka_run_group_tests_name("workflow/postgres", tests, group_setup,
						      group_teardown);
	} else {
		fprintf(stderr, "workflow/postgres: skipped (PGHOST not set)\n");
	}
	return failed ? 1 : 0;
}
