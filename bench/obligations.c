/*
 * obligations.c — the obligations-calendar benchmark (make bench-obligations; also
 * run by make bench). Against a database made by `anjian demo` and filled by
 * bench/scale_seed, linked with the project objects (no main.c):
 *
 *   1. registers the modules (modules_init) plus NDUTY (30) synthetic monthly duties
 *      declared here: period OB_MONTH, due the 20th of the next month, proof entity
 *      hazard, proof_cond "<level term> AND t.id % 30 = k", proof_at t.found_at;
 *      then opens and migrates the database as main.c does (db_migrate,
 *      entity_schema_sync, modules_schema — which seeds the duties' rule rows);
 *   2. times ob_rollover(db, 1) in one transaction (the first build: every
 *      (enterprise, duty, month) row generated and evaluated, every per-record
 *      duty redone), the rows it leaves, then ob_rollover(db, 0) (the scheduler's
 *      hourly run when nothing changed) and, unless --no-second, ob_rollover(db, 1)
 *      again (`anjian check` over a calendar that exists);
 *   3. dispatches GET /api/obligation/matrix?period=<this month>&size=50 and
 *      GET /api/obligation/summary in-process through router_dispatch, as the demo
 *      regulator and as admin: the first (cold) request, then --reps (200) more, or
 *      as many as fit in --budget (120) seconds but at least 5: p50, p99 (nearest
 *      rank), wall and CPU, body size;
 *   4. the cost one hazard write pays for the calendar: ob_snap + ob_apply for
 *      --writes (20) recent hazards, in a transaction rolled back.
 * Every figure is given as wall time and as this thread's CPU time: on a shared
 * machine the wall time includes waiting for a core. --phases (crw) picks the
 * calendar, the requests and the writes; --cache-mib N sets SQLite's page cache
 * for a what-if (the product keeps the default, 2 MiB).
 *
 * In-process requests have no MHD connection, and req_query() answers NULL without
 * one (src/http/req.c), so a query string cannot reach the handler that way. The
 * Makefile links this program with -Wl,--wrap=req_query (and req_header,
 * req_cookie, req_query_each): the wrappers below answer from the query string of
 * the request being dispatched when the request carries this program's marker as
 * its connection, and call the real functions otherwise. router_dispatch keeps a
 * preset r->user (no session lookup), so nothing else needs a connection.
 *
 * --cond selects the level term of the synthetic proof condition:
 *   ne  "t.level <> 'major'" (default): the same rows as level = 'general' (a
 *       hazard's level is general or major), not usable by an index, so SQLite
 *       drives the correlated proof subqueries of ob_evaluate from hazard(org_id);
 *   eq  "t.level = 'general'": without sqlite_stat1 SQLite drives each
 *       subquery from the level index instead (about every hazard, per obligation
 *       row). A full build is then far too slow to run, so --probe measures only
 *       the per-write cost (4) and the query plan, without and with ANALYZE (both
 *       inside a transaction rolled back). Run --probe after a normal run: the
 *       rows it re-evaluates are those the normal run made (same duty codes).
 *
 * Output: one "key value" line per figure (bench/obligations.sh makes the table).
 *
 * Usage: obligations DB_URL [--cond ne|eq] [--reps N] [--budget S] [--writes N]
 *                           [--no-second] [--probe] [--phases crw] [--cache-mib N]
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "entity/obligation.h"
#include "http/http.h"
#include "mod/mod.h"

#define NDUTY 30
#define MAX_REPS 100000
#define MAX_WRITES 1000

/* --------------------------------------------------------- helpers */

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* CPU seconds of this thread (the figure a loaded, shared machine does not
 * inflate the way it inflates wall time). */
static double cpu_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The 1-minute load average (other work on the machine), -1 if unknown. */
static double loadavg(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	double l = -1;

	if (f) {
		if (fscanf(f, "%lf", &l) != 1)
			l = -1;
		fclose(f);
	}
	return l;
}

static void die(struct db *db, const char *what)
{
	fprintf(stderr, "obligations: %s: %s\n", what, db ? db_errmsg(db) : "");
	exit(1);
}

static int64_t q1(struct db *db, const char *sql)
{
	int64_t v = 0;

	if (db_query_int64(db, sql, &v, 0) != 0)
		die(db, sql);
	return v;
}

static void exec_or_die(struct db *db, const char *sql)
{
	if (db_exec(db, sql) != 0)
		die(db, sql);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile p (0–100) of the n sorted values v. */
static double pct(const double *v, int n, double p)
{
	int k = (int)ceil(p / 100.0 * n);

	if (k < 1)
		k = 1;
	if (k > n)
		k = n;
	return v[k - 1];
}

/* ------------------------------------------------ the synthetic duties */

static struct obligation_def duties[NDUTY];
static char duty_code[NDUTY][32], duty_label[NDUTY][64], duty_cond[NDUTY][96];

static void duties_register(const char *level_term)
{
	for (int k = 0; k < NDUTY; k++) {
		snprintf(duty_code[k], sizeof(duty_code[k]), "bench_monthly_%02d", k);
		snprintf(duty_label[k], sizeof(duty_label[k]), "基准月度义务%02d", k + 1);
		snprintf(duty_cond[k], sizeof(duty_cond[k]), "%s AND t.id %% %d = %d", level_term, NDUTY, k);
		duties[k] = (struct obligation_def){
			.code = duty_code[k], .label = duty_label[k], .module = "bench",
			.source = "bench/obligations.c：合成的月度义务（次月20日前）",
			.period = OB_MONTH, .due = { DUE_NEXT_MONTH_DAY, 0, 20, 0 }, .warn_days = 5,
			.proof_entity = "hazard", .proof_cond = duty_cond[k], .proof_at = "t.found_at",
			.form = "/hazard",
		};
		obligation_register(&duties[k]);
	}
}

/* ------------------------------------- in-process query strings (--wrap) */

/* The marker standing in for the MHD connection of a bench request, and the
 * query of the request being dispatched (single-threaded). */
static char bench_conn;
#define QMAX 16
static struct { char k[512], v[512]; } qv[QMAX];	/* as long as the query itself */
static int nq;

static void query_set(const char *qs)
{
	char tmp[512];

	nq = 0;
	snprintf(tmp, sizeof(tmp), "%s", qs ? qs : "");
	for (char *p = tmp; *p && nq < QMAX;) {
		char *amp = strchr(p, '&'), *eq;
		if (amp)
			*amp = '\0';
		eq = strchr(p, '=');
		if (eq)
			*eq = '\0';
		snprintf(qv[nq].k, sizeof(qv[nq].k), "%s", p);
		snprintf(qv[nq].v, sizeof(qv[nq].v), "%s", eq ? eq + 1 : "");
		nq++;
		if (!amp)
			break;
		p = amp + 1;
	}
}

const char *__real_req_query(struct req *r, const char *name);
const char *__wrap_req_query(struct req *r, const char *name);
const char *__real_req_header(struct req *r, const char *name);
const char *__wrap_req_header(struct req *r, const char *name);
const char *__real_req_cookie(struct req *r, const char *name);
const char *__wrap_req_cookie(struct req *r, const char *name);
void __real_req_query_each(struct req *r, void (*fn)(void *, const char *, const char *), void *ctx);
void __wrap_req_query_each(struct req *r, void (*fn)(void *, const char *, const char *), void *ctx);

const char *__wrap_req_query(struct req *r, const char *name)
{
	if (r->conn != &bench_conn)
		return __real_req_query(r, name);
	for (int i = 0; i < nq; i++)
		if (strcmp(qv[i].k, name) == 0)
			return qv[i].v;
	return NULL;
}

const char *__wrap_req_header(struct req *r, const char *name)
{
	return r->conn == &bench_conn ? NULL : __real_req_header(r, name);
}

const char *__wrap_req_cookie(struct req *r, const char *name)
{
	return r->conn == &bench_conn ? NULL : __real_req_cookie(r, name);
}

void __wrap_req_query_each(struct req *r, void (*fn)(void *, const char *, const char *), void *ctx)
{
	if (r->conn != &bench_conn) {
		__real_req_query_each(r, fn, ctx);
		return;
	}
	for (int i = 0; i < nq; i++)
		fn(ctx, qv[i].k, qv[i].v);
}

/* ----------------------------------------------------------- requests */

struct who {
	const char *tag;
	struct user u;
	char username[64], name[128], org_name[256], org_path[256], org_kind[32];
};

static void who_load(struct db *db, const char *username, struct who *w)
{
	struct db_stmt *st = db_prepare(db, "SELECT u.id, u.name, u.role, u.org_id, o.name, o.path, o.kind"
				       " FROM users u LEFT JOIN org o ON o.id = u.org_id WHERE u.username = ?");

	memset(&w->u, 0, sizeof(w->u));
	if (!st || db_bind_text(st, 1, username) < 0 || db_step(st) != DB_ROW)
		die(db, username);
	snprintf(w->username, sizeof(w->username), "%s", username);
	snprintf(w->name, sizeof(w->name), "%s", db_col_text(st, 1) ? db_col_text(st, 1) : "");
	snprintf(w->org_name, sizeof(w->org_name), "%s", db_col_text(st, 4) ? db_col_text(st, 4) : "");
	snprintf(w->org_path, sizeof(w->org_path), "%s", db_col_text(st, 5) ? db_col_text(st, 5) : "");
	snprintf(w->org_kind, sizeof(w->org_kind), "%s", db_col_text(st, 6) ? db_col_text(st, 6) : "");
	w->u.id = db_col_int64(st, 0);
	w->u.role = role_parse(db_col_text(st, 2));
	w->u.org_id = db_col_int64(st, 3);
	w->u.username = w->username;
	w->u.name = w->name;
	w->u.org_name = w->org_name;
	w->u.org_path = w->org_path;
	w->u.org_kind = w->org_kind;
	w->u.csrf = "bench";
	db_finalize(st);
	if (w->u.role == ROLE_NONE)
		die(NULL, "user without a role");
}

/* One GET through the whole funnel; returns seconds, *bytes, keeps the body in
 * *keep when non-NULL (caller frees). Dies unless 200. */
static double dispatch(struct db *db, struct who *w, const char *path, const char *qs, size_t *bytes,
		       char **keep, double *cpu)
{
	struct req r;
	struct resp s;
	double t0, c0, t;

	memset(&r, 0, sizeof(r));
	memset(&s, 0, sizeof(s));
	arena_init(&r.arena);
	buf_init(&s.body, BUF_MAX_DEFAULT);
	r.method = HTTP_GET;
	r.path = path;
	r.db = db;
	r.user = &w->u;
	r.conn = &bench_conn;
	r.remote_ip = "127.0.0.1";
	query_set(qs);
	c0 = cpu_s();
	t0 = now_s();
	router_dispatch(&r, &s);
	t = now_s() - t0;
	*cpu = cpu_s() - c0;
	if (s.status != 200) {
		fprintf(stderr, "obligations: GET %s?%s as %s: %d %s\n", path, qs, w->tag, s.status,
			s.body.len ? buf_str(&s.body) : "");
		exit(1);
	}
	*bytes = s.body.len;
	if (keep)
		*keep = xstrdup(buf_str(&s.body));
	json_decref(r.json);
	arena_release(&r.arena);
	buf_release(&s.body);
	return t;
}

static double samples[MAX_REPS], csamples[MAX_REPS];

/* The first request (cold, reported apart), then reps timed ones — or as many
 * as fit in budget seconds, at least MIN_REPS: p50, p99 (nearest rank: with
 * fewer than 100 samples p99 is the maximum), wall and CPU. */
#define MIN_REPS 5
static void measure(struct db *db, struct who *w, const char *tag, const char *path, const char *qs,
		    int reps, double budget)
{
	size_t bytes = 0;
	char *body = NULL;
	double fcpu, first = dispatch(db, w, path, qs, &bytes, &body, &fcpu), t0 = now_s();
	json_t *j = json_loads(body, 0, NULL);
	int n = 0;

	while (n < reps && (n < MIN_REPS || now_s() - t0 < budget)) {
		samples[n] = dispatch(db, w, path, qs, &bytes, NULL, &csamples[n]);
		n++;
	}
	reps = n;
	printf("%s_%s_n %d\n", tag, w->tag, n);
	qsort(samples, (size_t)reps, sizeof(samples[0]), cmp_double);
	qsort(csamples, (size_t)reps, sizeof(csamples[0]), cmp_double);
	printf("%s_%s_first_ms %.2f\n", tag, w->tag, first * 1e3);
	printf("%s_%s_p50_ms %.2f\n", tag, w->tag, pct(samples, reps, 50) * 1e3);
	printf("%s_%s_p99_ms %.2f\n", tag, w->tag, pct(samples, reps, 99) * 1e3);
	printf("%s_%s_max_ms %.2f\n", tag, w->tag, samples[reps - 1] * 1e3);
	printf("%s_%s_cpu_p50_ms %.2f\n", tag, w->tag, pct(csamples, reps, 50) * 1e3);
	printf("%s_%s_cpu_p99_ms %.2f\n", tag, w->tag, pct(csamples, reps, 99) * 1e3);
	printf("%s_%s_bytes %zu\n", tag, w->tag, bytes);
	if (j && json_object_get(j, "items")) {
		json_t *items = json_object_get(j, "items"), *c0 = json_array_get(items, 0);
		printf("%s_%s_items %zu\n", tag, w->tag, json_array_size(items));
		printf("%s_%s_total %" PRId64 "\n", tag, w->tag,
		       (int64_t)json_integer_value(json_object_get(j, "total")));
		printf("%s_%s_duties %zu\n", tag, w->tag, json_array_size(json_object_get(j, "duties")));
		printf("%s_%s_cells %zu\n", tag, w->tag,
		       c0 ? json_object_size(json_object_get(c0, "cells")) : (size_t)0);
	}
	if (j && json_object_get(j, "counts")) {
		const char *k;
		json_t *v;
		printf("%s_%s_counts", tag, w->tag);
		json_object_foreach(json_object_get(j, "counts"), k, v)
			printf(" %s=%" PRId64, k, (int64_t)json_integer_value(v));
		printf("\n");
	}
	json_decref(j);
	free(body);
	fflush(stdout);
}

/* ---------------------------------------------------- per-write cost */

/* ob_snap + ob_apply for n recent hazards of the seeded enterprises; in a
 * transaction of its own rolled back when own, else in the caller's. Prints p50
 * and mean in ms. */
static void writes(struct db *db, const char *tag, int n, int own)
{
	const struct entity_def *hz = entity_find("hazard");
	struct db_stmt *st;
	int64_t ids[MAX_WRITES];
	int k = 0;
	double sum = 0;
	struct arena a;
	struct ectx c;

	if (!hz)
		die(NULL, "no hazard entity");
	/* the newest hazards, one per enterprise: this month's rows are re-evaluated */
	st = db_prepare(db, "SELECT MAX(id) FROM hazard GROUP BY org_id ORDER BY 1 DESC LIMIT ?");
	if (!st || db_bind_int64(st, 1, n) < 0)
		die(db, "hazard ids");
	while (k < n && db_step(st) == DB_ROW)
		ids[k++] = db_col_int64(st, 0);
	db_finalize(st);
	arena_init(&a);
	c = (struct ectx){ .db = db, .arena = &a, .sys = 1 };
	if (own && db_begin(db) != 0)
		die(db, "begin");
	for (int i = 0; i < k; i++) {
		struct ob_snap snap;
		double t0 = now_s(), c0 = cpu_s();
		if (ob_snap(&c, hz, ids[i], &snap) != 0 || ob_apply(&c, hz, ids[i], &snap) != 0)
			die(db, "ob_snap/ob_apply");
		samples[i] = now_s() - t0;
		csamples[i] = cpu_s() - c0;
		sum += samples[i];
	}
	if (own)
		db_rollback(db);
	arena_release(&a);
	qsort(samples, (size_t)k, sizeof(samples[0]), cmp_double);
	qsort(csamples, (size_t)k, sizeof(csamples[0]), cmp_double);
	printf("write_%s_n %d\n", tag, k);
	printf("write_%s_p50_ms %.2f\n", tag, k ? pct(samples, k, 50) * 1e3 : 0.0);
	printf("write_%s_cpu_p50_ms %.2f\n", tag, k ? pct(csamples, k, 50) * 1e3 : 0.0);
	printf("write_%s_mean_ms %.2f\n", tag, k ? sum / k * 1e3 : 0.0);
	fflush(stdout);
}

/* The plan SQLite picks for one proof subquery of ob_evaluate (the same shape:
 * the row's org, the condition, the period's bounds by substr). */
static void plan(struct db *db, const char *tag)
{
	struct buf sql;
	struct db_stmt *st;

	if (db_kind(db) != DB_SQLITE)
		return;
	buf_init(&sql, 4096);
	buf_printf(&sql, "EXPLAIN QUERY PLAN SELECT MIN(t.found_at) FROM hazard t WHERE t.org_id = ?"
		   " AND (%s) AND substr(t.found_at, 1, 10) >= ? AND substr(t.found_at, 1, 10) <= ?",
		   duties[0].proof_cond);
	st = db_prepare(db, buf_str(&sql));
	buf_release(&sql);
	while (st && db_step(st) == DB_ROW)
		printf("plan_%s %s\n", tag, db_col_text(st, 3));
	db_finalize(st);
}

/* --------------------------------------------------------------- main */

static void counts(struct db *db)
{
	struct db_stmt *st;

	printf("rows %" PRId64 "\n", q1(db, "SELECT COUNT(*) FROM obligation"));
	printf("rows_bench %" PRId64 "\n",
	       q1(db, "SELECT COUNT(*) FROM obligation WHERE duty LIKE 'bench\\_monthly\\_%' ESCAPE '\\'"));
	printf("rows_event %" PRId64 "\n", q1(db, "SELECT COUNT(*) FROM obligation WHERE period = 'event'"));
	printf("periods_bench %" PRId64 "\n",
	       q1(db, "SELECT COUNT(DISTINCT period_key) FROM obligation WHERE duty = 'bench_monthly_00'"));
	st = db_prepare(db, "SELECT status, COUNT(*) FROM obligation GROUP BY status ORDER BY 2 DESC");
	printf("status");
	while (st && db_step(st) == DB_ROW)
		printf(" %s=%" PRId64, db_col_text(st, 0), db_col_int64(st, 1));
	printf("\n");
	db_finalize(st);
	fflush(stdout);
}

static double rollover_timed(struct db *db, int rebuild, double *commit_s, double *cpu)
{
	double t0 = now_s(), c0 = cpu_s(), t1;

	if (db_begin(db) != 0)
		die(db, "begin");
	if (ob_rollover(db, rebuild) != 0)
		die(db, "ob_rollover");
	t1 = now_s();
	*cpu = cpu_s() - c0;
	if (db_commit(db) != 0)
		die(db, "commit");
	*commit_s = now_s() - t1;
	return t1 - t0;
}

int main(int argc, char **argv)
{
	const char *url = NULL, *cond = "ne";
	int reps = 200, nwrites = 20, second = 1, probe = 0;
	double budget = 120;
	const char *phases = "crw";
	int cache_mib = 0;
	char *err = NULL, today[11], month[16], qs[128];
	struct db *db;
	struct who reg = { .tag = "regulator" }, adm = { .tag = "admin" };
	double t, c, cpu;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--cond") && i + 1 < argc)
			cond = argv[++i];
		else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
			reps = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--cache-mib") && i + 1 < argc)
			cache_mib = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--phases") && i + 1 < argc)
			phases = argv[++i];
		else if (!strcmp(argv[i], "--budget") && i + 1 < argc)
			budget = atof(argv[++i]);
		else if (!strcmp(argv[i], "--writes") && i + 1 < argc)
			nwrites = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--no-second"))
			second = 0;
		else if (!strcmp(argv[i], "--probe"))
			probe = 1;
		else if (!url && argv[i][0] != '-')
			url = argv[i];
		else
			url = NULL, i = argc;
	}
	if (!url || reps < 1 || reps > MAX_REPS || nwrites < 1 || nwrites > MAX_WRITES ||
	    (strcmp(cond, "ne") && strcmp(cond, "eq"))) {
		fprintf(stderr, "usage: obligations DB_URL [--cond ne|eq] [--reps N] [--budget S]"
			" [--writes N] [--no-second] [--probe] [--phases crw] [--cache-mib N]\n");
		return 2;
	}
	if (sodium_init() < 0)
		return 1;
	modules_init();
	duties_register(!strcmp(cond, "eq") ? "t.level = 'general'" : "t.level <> 'major'");
	db = db_open(url, &err);
	if (!db) {
		fprintf(stderr, "obligations: %s: %s\n", url, err ? err : "cannot open");
		return 1;
	}
	if (cache_mib > 0 && db_kind(db) == DB_SQLITE) {
		/* what-if only: the product keeps SQLite's default page cache (2 MiB) */
		char pragma[64];
		snprintf(pragma, sizeof(pragma), "PRAGMA cache_size=-%d", cache_mib * 1024);
		exec_or_die(db, pragma);
		printf("cache_mib %d\n", cache_mib);
	}
	t = now_s();
	if (db_migrate(db) || entity_schema_sync(db) || modules_schema(db))
		die(db, "migrate/schema");
	printf("load_start %.2f\n", loadavg());
	printf("cond %s\n", duties[0].proof_cond);
	printf("schema_s %.2f\n", now_s() - t);
	printf("enterprises %" PRId64 "\n", q1(db, "SELECT COUNT(*) FROM enterprise WHERE org_id IS NOT NULL"));
	printf("hazards %" PRId64 "\n", q1(db, "SELECT COUNT(*) FROM hazard"));
	printf("risk_points %" PRId64 "\n", q1(db, "SELECT COUNT(*) FROM risk_point"));
	printf("duties %zu\n", obligation_count());
	fflush(stdout);

	if (probe) {
		plan(db, cond);
		writes(db, cond, nwrites, 1);
		/* the same with statistics (ANALYZE inside a transaction rolled back) */
		if (db_kind(db) == DB_SQLITE) {
			if (db_begin(db) != 0)
				die(db, "begin");
			t = now_s();
			exec_or_die(db, "ANALYZE");
			printf("analyze_s %.2f\n", now_s() - t);
			plan(db, "analyzed");
			writes(db, "analyzed", nwrites, 0);
			db_rollback(db);
		}
		db_close(db);
		return 0;
	}

	/* 2. the calendar */
	if (!strchr(phases, 'c'))
		goto requests;
	t = rollover_timed(db, 1, &c, &cpu);
	printf("rebuild_s %.2f\n", t);
	printf("rebuild_cpu_s %.2f\n", cpu);
	printf("rebuild_commit_s %.2f\n", c);
	counts(db);
	t = rollover_timed(db, 0, &c, &cpu);
	printf("nochange_s %.2f\n", t);
	printf("nochange_cpu_s %.2f\n", cpu);
	printf("nochange_commit_s %.2f\n", c);
	if (second) {
		t = rollover_timed(db, 1, &c, &cpu);
		printf("rebuild2_s %.2f\n", t);
		printf("rebuild2_cpu_s %.2f\n", cpu);
		printf("rebuild2_commit_s %.2f\n", c);
		printf("rows_after2 %" PRId64 "\n", q1(db, "SELECT COUNT(*) FROM obligation"));
	}
	fflush(stdout);

	/* 3. the matrix and the summary */
requests:
	if (!strchr(phases, 'r'))
		goto write;
	who_load(db, "regulator", &reg);
	who_load(db, "admin", &adm);
	entity_today(today);
	ob_period_key(OB_MONTH, today, month);
	snprintf(qs, sizeof(qs), "period=%s&size=50", month);
	printf("period %s\n", month);
	measure(db, &reg, "matrix", "/api/obligation/matrix", qs, reps, budget);
	measure(db, &adm, "matrix", "/api/obligation/matrix", qs, reps, budget);
	measure(db, &reg, "summary", "/api/obligation/summary", "", reps, budget);
	measure(db, &adm, "summary", "/api/obligation/summary", "", reps, budget);

	/* 4. what a hazard write pays */
write:
	if (!strchr(phases, 'w'))
		goto done;
	plan(db, cond);
	writes(db, cond, nwrites, 1);
done:
	printf("load_end %.2f\n", loadavg());
	db_close(db);
	return 0;
}
