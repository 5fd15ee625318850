/*
 * dashboard.c — the regulator's cockpit and the enterprise home (issue 3, "The
 * regulator's cockpit"; DESIGN.md §5 dashboard row).
 *
 *   GET /api/dashboard/cockpit  (regulator, admin) the district at a glance: the
 *       enterprises in the caller's scope by highest risk colour, open / overdue /
 *       major hazards, the major hazards under 挂牌督办, a ranking worst first and
 *       the four-colour map (every enterprise with coordinates and colour).
 *   GET /api/dashboard/home     (enterprise roles; admin with ?org_id=) one
 *       enterprise's to-dos: hazards to assign, rectify, verify, overdue ones and
 *       risk reviews due, with its own statistics and monthly trend.
 *
 * Speed. The cockpit must answer in ≤ 50 ms at p99 for 2,000 enterprises and a
 * million hazards, so it never aggregates the hazard table: per-enterprise numbers
 * come from risk_summary and hazard_stats (kept current by the risk and hazard
 * modules inside their write transactions), read in one pass joined with org and
 * enterprise. Only "overdue" depends on the clock and cannot be kept as a running
 * total; it is counted by one query over open hazards past their deadline, which an
 * index on hazard(status, deadline, org_id) answers from the index alone
 * (dashboard_schema creates it after the entity tables exist). The ranking is
 * computed in C over the same rows. Everything is streamed with the jw_* writer.
 * Building the body takes ~10–15 ms at that size, too much for 64 concurrent
 * clients on two cores, so each worker thread keeps the bodies it built stamped
 * with the database's data version and reuses one only while no transaction has
 * committed since (see "cache" below): never stale, rebuilt after any write.
 *
 * Scope: a regulator sees the enterprises in scope_org for its org; an admin sees
 * all; an enterprise user sees its own subtree. Every SQL statement is a constant
 * of this file with bound parameters.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "http/http.h"
#include "mod/dashboard.h"
#include "mod/mod.h"

#define RB(r) (1u << (r))
#define DASH_SUPERVISED_MAX 50	/* rows of the 挂牌督办 list */
#define DASH_RANKING_MAX 20	/* rows of the ranking */
#define DASH_HOME_ITEMS 10	/* items per to-do list of the home page */
#define DASH_TREND_MONTHS 12	/* months of the home page trend */
#define DASH_CACHE 4		/* cockpit bodies kept per worker thread */

/* Highest risk colour of an enterprise, in rising order of severity. */
enum dash_colour { DC_NONE = 0, DC_BLUE, DC_YELLOW, DC_ORANGE, DC_RED };
static const char *const colour_names[] = { "none", "blue", "yellow", "orange", "red" };

/* One enterprise of the cockpit: the aggregate row plus what is computed here. */
struct dash_ent {
	int64_t org;
	const char *name;	/* arena copy */
	double lat, lng;
	int has_ll;		/* both coordinates present */
	int colour;		/* enum dash_colour */
	int64_t total, open_general, open_major, closed, closed_on_time, supervised_open;
	int64_t overdue;
	int64_t score;
};

/* --------------------------------------------------------------- SQL */

/* Per-enterprise aggregates in scope, ordered by org id (binary-searched below).
 * The two variants differ only in the scope condition. */
#define SQL_ENTS_SELECT \
	"SELECT o.id, o.name, e.lat, e.lng," \
	" COALESCE(rs.red, 0), COALESCE(rs.orange, 0), COALESCE(rs.yellow, 0)," \
	" COALESCE(rs.blue, 0), COALESCE(hs.total, 0), COALESCE(hs.open_general, 0)," \
	" COALESCE(hs.open_major, 0), COALESCE(hs.closed, 0), COALESCE(hs.closed_on_time, 0)," \
	" COALESCE(hs.supervised_open, 0)" \
	" FROM org o LEFT JOIN enterprise e ON e.org_id = o.id" \
	" LEFT JOIN risk_summary rs ON rs.org_id = o.id" \
	" LEFT JOIN hazard_stats hs ON hs.org_id = o.id" \
	" WHERE o.kind = 'enterprise' AND COALESCE(e.archive_status, 'active') <> 'archived'"
static const char sql_ents_all[] = SQL_ENTS_SELECT " ORDER BY o.id";
static const char sql_ents_scoped[] = SQL_ENTS_SELECT
	" AND o.id IN (SELECT org_id FROM scope_org WHERE viewer = ?) ORDER BY o.id";

/* Overdue open hazards, one row each, answered from the covering index
 * hazard_dash_open (status, deadline, org_id) alone; counted per enterprise in C
 * against the scoped array (cheaper than GROUP BY's sorter and a scope semi-join
 * per row). Parameter 1: today. */
static const char sql_overdue[] =
	"SELECT org_id FROM hazard"
	" WHERE status IN ('registered', 'rectifying', 'pending') AND deadline < ?";

/* Major hazards under 挂牌督办 not yet closed, most urgent first (hazard_dash_sup). */
#define SQL_SUPERVISED \
	"SELECT h.id, h.title, o.name, h.supervise_deadline, h.deadline, h.org_id" \
	" FROM hazard h JOIN org o ON o.id = h.org_id" \
	" WHERE h.supervised = 1 AND h.status IN ('registered', 'rectifying', 'pending', 'verified')"
#define SQL_SUPERVISED_ORDER \
	" ORDER BY COALESCE(h.supervise_deadline, h.deadline), h.id LIMIT ?"
static const char sql_supervised_all[] = SQL_SUPERVISED SQL_SUPERVISED_ORDER;
static const char sql_supervised_scoped[] = SQL_SUPERVISED
	" AND h.org_id IN (SELECT org_id FROM scope_org WHERE viewer = ?)" SQL_SUPERVISED_ORDER;

/* The home page's scope: the viewer org's subtree (parameter 1). */
#define HOME_SCOPE " org_id IN (SELECT org_id FROM scope_org WHERE viewer = ?)"
#define HOME_SCOPE_H " h.org_id IN (SELECT org_id FROM scope_org WHERE viewer = ?)"
#define HOME_HAZARD_COLS \
	"SELECT h.id, h.title, h.level, h.status, h.deadline, h.found_at, h.org_id, o.name" \
	" FROM hazard h LEFT JOIN org o ON o.id = h.org_id WHERE"
#define HOME_RISK_COLS \
	"SELECT h.id, h.name, h.level, h.colour, h.next_review, h.last_review, h.org_id, o.name" \
	" FROM risk_point h LEFT JOIN org o ON o.id = h.org_id WHERE"

/* What the second parameter of a home query is. */
enum home_arg { HA_NONE = 0, HA_USER, HA_TODAY };

/* One to-do list of the home page: its count and its first items. */
struct home_q {
	const char *key;	/* JSON key */
	int risk;		/* 1: risk points (name, next_review), 2: obligations, 0: hazards */
	enum home_arg arg;
	const char *count_sql;
	const char *items_sql;	/* last parameter: LIMIT */
};

#define HQ_OPEN " status IN ('registered', 'rectifying', 'pending')"
#define HQ_OPEN_H "status IN ('registered', 'rectifying', 'pending')"
#define HQ_EXT " AND x.status = 'pending' AND COALESCE(x.requested_by, 0) <> ?" \
	" AND COALESCE(h.supervised, 0) = 0 AND h.level <> 'major'"
static const struct home_q home_all[] = {
	{"to_assign", 0, HA_NONE,
	 "SELECT COUNT(*) FROM hazard WHERE" HOME_SCOPE " AND status = 'registered'",
	 HOME_HAZARD_COLS HOME_SCOPE_H " AND h.status = 'registered'"
	 " ORDER BY h.found_at, h.id LIMIT ?"},
	{"to_rectify", 0, HA_NONE,
	 "SELECT COUNT(*) FROM hazard WHERE" HOME_SCOPE " AND status = 'rectifying'",
	 HOME_HAZARD_COLS HOME_SCOPE_H " AND h.status = 'rectifying'"
	 " ORDER BY h.deadline, h.id LIMIT ?"},
	{"to_verify", 0, HA_USER,
	 "SELECT COUNT(*) FROM hazard WHERE" HOME_SCOPE " AND status = 'pending'"
	 " AND COALESCE(rectifier_id, 0) <> ?",
	 HOME_HAZARD_COLS HOME_SCOPE_H " AND h.status = 'pending'"
	 " AND COALESCE(h.rectifier_id, 0) <> ? ORDER BY h.rectified_at, h.id LIMIT ?"},
	{"overdue", 0, HA_TODAY,
	 "SELECT COUNT(*) FROM hazard WHERE" HOME_SCOPE " AND" HQ_OPEN " AND deadline < ?",
	 HOME_HAZARD_COLS HOME_SCOPE_H " AND h." HQ_OPEN_H " AND h.deadline < ?"
	 " ORDER BY h.deadline, h.id LIMIT ?"},
	{"reviews_due", 1, HA_TODAY,
	 "SELECT COUNT(*) FROM risk_point WHERE" HOME_SCOPE " AND next_review < ?",
	 HOME_RISK_COLS HOME_SCOPE_H " AND h.next_review < ? ORDER BY h.next_review, h.id LIMIT ?"},
	/* 待审批延期: extension requests the enterprise's managers decide (not their
	 * own, not of a major or supervised hazard: those go to the regulator, see
	 * hazard_flow.c decide_refuse); items are the hazards, deadline = 申请延至 */
	{"ext_pending", 0, HA_USER,
	 "SELECT COUNT(*) FROM hazard_extension x JOIN hazard h ON h.id = x.hazard_id WHERE"
	 HOME_SCOPE_H HQ_EXT,
	 "SELECT h.id, h.title, h.level, h.status, x.new_deadline, h.found_at, h.org_id, o.name"
	 " FROM hazard_extension x JOIN hazard h ON h.id = x.hazard_id"
	 " LEFT JOIN org o ON o.id = h.org_id WHERE" HOME_SCOPE_H HQ_EXT
	 " ORDER BY x.new_deadline, x.id LIMIT ?"},
	/* the enterprise's duties of the obligations calendar that are due soon or late */
	{"duties_due", 2, HA_NONE,
	 "SELECT COUNT(*) FROM obligation WHERE" HOME_SCOPE " AND party = 'enterprise'"
	 " AND status IN ('due_soon', 'overdue')",
	 "SELECT h.id, h.title, h.duty, h.status, h.due_at, h.form, h.org_id, o.name"
	 " FROM obligation h LEFT JOIN org o ON o.id = h.org_id WHERE" HOME_SCOPE_H
	 " AND h.party = 'enterprise' AND h.status IN ('due_soon', 'overdue')"
	 " ORDER BY h.due_at, h.id LIMIT ?"},
};
/* to_rectify for a user who is not a manager: only plans naming the user. */
static const struct home_q home_mine = {
	"to_rectify", 0, HA_USER,
	"SELECT COUNT(*) FROM hazard WHERE" HOME_SCOPE " AND status = 'rectifying'"
	" AND plan_responsible_id = ?",
	HOME_HAZARD_COLS HOME_SCOPE_H " AND h.status = 'rectifying' AND h.plan_responsible_id = ?"
	" ORDER BY h.deadline, h.id LIMIT ?"
};

static const char sql_home_stats[] =
	"SELECT COALESCE(SUM(total), 0), COALESCE(SUM(open_general), 0),"
	" COALESCE(SUM(open_major), 0), COALESCE(SUM(registered), 0),"
	" COALESCE(SUM(rectifying), 0), COALESCE(SUM(pending), 0), COALESCE(SUM(closed), 0),"
	" COALESCE(SUM(closed_on_time), 0), COALESCE(SUM(supervised_open), 0)"
	" FROM hazard_stats WHERE" HOME_SCOPE;
static const char sql_home_risk[] =
	"SELECT COALESCE(SUM(red), 0), COALESCE(SUM(orange), 0), COALESCE(SUM(yellow), 0),"
	" COALESCE(SUM(blue), 0)"
	" FROM risk_summary WHERE" HOME_SCOPE;
static const char sql_home_trend[] =
	"SELECT month, SUM(found), SUM(closed) FROM hazard_monthly WHERE" HOME_SCOPE
	" AND month >= ? GROUP BY month ORDER BY month";
static const char sql_home_org[] = "SELECT id, name, kind FROM org WHERE id = ?";

/* Indexes on entity tables (made by entity_schema_sync, after the migrations, so
 * they cannot live in a migration). Names are ours; IF NOT EXISTS on both
 * backends. */
static const char *const dash_indexes[][2] = {
	{"hazard", "CREATE INDEX IF NOT EXISTS hazard_dash_open ON hazard (status, deadline, org_id)"},
	{"hazard", "CREATE INDEX IF NOT EXISTS hazard_dash_sup ON hazard (supervised, status)"},
	/* (The hazard ledger's list indexes are declared with the hazard entity.) */
	{"risk_point", "CREATE INDEX IF NOT EXISTS risk_point_dash_review"
		       " ON risk_point (org_id, next_review)"},
};

/* ----------------------------------------------------------- helpers */

/* A ratio rounded to four decimals, or null when the denominator is 0. */
static void dash_rate(struct jw *w, const char *key, int64_t num, int64_t den)
{
	jw_key(w, key);
	if (den <= 0)
		jw_null(w);
	else
		jw_double(w, round((double)num / (double)den * 10000.0) / 10000.0);
}

/* The highest colour of a risk_summary row (red, orange, yellow, blue counts). */
static int dash_colour(int64_t red, int64_t orange, int64_t yellow, int64_t blue)
{
	if (red > 0)
		return DC_RED;
	if (orange > 0)
		return DC_ORANGE;
	if (yellow > 0)
		return DC_YELLOW;
	if (blue > 0)
		return DC_BLUE;
	return DC_NONE;
}

/* The ranking score (dashboard.h weights): colour, open major, overdue and open
 * general hazards, and lateness of the closed ones. Higher is worse. */
static const int64_t dash_colour_w[] = { 0, 0, DASH_W_YELLOW, DASH_W_ORANGE, DASH_W_RED };

/* The lateness part of the score: DASH_W_LATE × (1 − on-time rate), rounded. */
static int64_t dash_late(const struct dash_ent *d)
{
	if (d->closed <= 0)
		return 0;
	return (int64_t)llround(DASH_W_LATE * (1.0 - (double)d->closed_on_time / (double)d->closed));
}

static int64_t dash_score(const struct dash_ent *d)
{
	return dash_colour_w[d->colour] + DASH_W_MAJOR * d->open_major +
	       DASH_W_OVERDUE * d->overdue + DASH_W_GENERAL * d->open_general + dash_late(d);
}

/* The score's parts as the ranking shows them (its tooltip): what each term adds. */
static void dash_score_parts(struct jw *w, const struct dash_ent *d)
{
	jw_key(w, "score_parts");
	jw_obj_begin(w);
	jw_kint(w, "colour", dash_colour_w[d->colour]);
	jw_kint(w, "open_major", DASH_W_MAJOR * d->open_major);
	jw_kint(w, "overdue", DASH_W_OVERDUE * d->overdue);
	jw_kint(w, "open_general", DASH_W_GENERAL * d->open_general);
	jw_kint(w, "late", dash_late(d));
	jw_obj_end(w);
}

/* Index of org in ents (sorted by org), or -1. */
static int dash_find(const struct dash_ent *ents, int n, int64_t org)
{
	int lo = 0, hi = n - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (ents[mid].org == org)
			return mid;
		if (ents[mid].org < org)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* Ranking order: score, overdue, open total descending; then org id. */
static int dash_cmp_ents(const struct dash_ent *x, const struct dash_ent *y)
{
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->overdue != y->overdue)
		return x->overdue > y->overdue ? -1 : 1;
	if (x->open_general + x->open_major != y->open_general + y->open_major)
		return x->open_general + x->open_major > y->open_general + y->open_major ? -1 : 1;
	return x->org < y->org ? -1 : x->org > y->org;
}

/* The k worst enterprises of ents[0..n) into top[], worst first; returns how many.
 * Insertion into a sorted array of at most k: O(n·k), no shared state. */
static int dash_top(const struct dash_ent *ents, int n, int *top, int k)
{
	int m = 0;

	for (int i = 0; i < n; i++) {
		int j;
		if (m == k && dash_cmp_ents(&ents[i], &ents[top[m - 1]]) >= 0)
			continue;
		j = m < k ? m++ : m - 1;
		while (j > 0 && dash_cmp_ents(&ents[i], &ents[top[j - 1]]) < 0) {
			top[j] = top[j - 1];
			j--;
		}
		top[j] = i;
	}
	return m;
}

/* Prepares sql and binds viewer (when > 0) after the leading text parameter
 * today (when non-NULL). NULL on error. */
static struct db_stmt *dash_prepare(struct db *db, const char *sql, const char *today,
				    int64_t viewer)
{
	struct db_stmt *st = db_prepare(db, sql);
	int idx = 1;

	if (!st)
		return NULL;
	if (today && db_bind_text(st, idx++, today) != 0)
		goto fail;
	if (viewer > 0 && db_bind_int64(st, idx++, viewer) != 0)
		goto fail;
	return st;
fail:
	db_finalize(st);
	return NULL;
}

/* --------------------------------------------------------------- cache */

/*
 * The cockpit body is a function of the database and the date alone, so each
 * worker thread keeps the last DASH_CACHE bodies it built, keyed by (viewer org,
 * date) and stamped with the database's data version read BEFORE building; a body
 * is reused only while the stamp is unchanged, i.e. no transaction has committed
 * since on any connection (this one included). Any write anywhere rebuilds it, so
 * the cockpit is never stale; a read-mostly cockpit costs one tiny query and a
 * copy. The stamp is db_data_version() of the db layer (db.h).
 */
struct dash_cached {
	struct db *db;		/* connection the stamp belongs to */
	int64_t viewer;
	char today[11];
	char version[DB_VERSION_MAX];
	char *body;		/* malloc'd, owned by the entry */
	size_t len;
};
struct dash_cache {
	struct dash_cached e[DASH_CACHE];
	int next;		/* entry replaced next (round robin) */
};

/* Thread-exit destructor: frees the thread's cached bodies. */
static void dash_cache_free(void *p)
{
	struct dash_cache *c = p;

	for (int i = 0; i < DASH_CACHE; i++)
		free(c->e[i].body);
	free(c);
}

static struct thread_obj dash_obj = THREAD_OBJ(sizeof(struct dash_cache), dash_cache_free);

/* This thread's cache, created on first use. */
static struct dash_cache *dash_cache(void)
{
	return thread_obj(&dash_obj);
}


/* The cached entry for (db, viewer, today, version), or NULL. */
static const struct dash_cached *dash_cache_get(struct db *db, int64_t viewer, const char *today,
						const char *version)
{
	struct dash_cache *c = dash_cache();

	for (int i = 0; i < DASH_CACHE; i++) {
		const struct dash_cached *e = &c->e[i];
		if (e->body && e->db == db && e->viewer == viewer && !strcmp(e->today, today) &&
		    !strcmp(e->version, version))
			return e;
	}
	return NULL;
}

/* Stores a copy of body as the entry of (db, viewer, today, version). */
static void dash_cache_put(struct db *db, int64_t viewer, const char *today, const char *version,
			   const char *body, size_t len)
{
	struct dash_cache *c = dash_cache();
	struct dash_cached *e = NULL;

	for (int i = 0; i < DASH_CACHE && !e; i++)
		if (c->e[i].body && c->e[i].db == db && c->e[i].viewer == viewer)
			e = &c->e[i];	/* replace this viewer's older body */
	if (!e) {
		e = &c->e[c->next];
		c->next = (c->next + 1) % DASH_CACHE;
	}
	free(e->body);
	e->body = xmalloc(len + 1);
	memcpy(e->body, body, len);
	e->body[len] = '\0';
	e->len = len;
	e->db = db;
	e->viewer = viewer;
	snprintf(e->today, sizeof(e->today), "%s", today);
	snprintf(e->version, sizeof(e->version), "%s", version);
}

/* -------------------------------------------------------------- cockpit */

/* Loads the enterprises in scope (viewer 0 = all) into a new arena array. */
static int cockpit_load(struct db *db, struct arena *a, int64_t viewer, struct dash_ent **out,
			int *nout)
{
	struct db_stmt *st = dash_prepare(db, viewer ? sql_ents_scoped : sql_ents_all, NULL, viewer);
	struct dash_ent *ents = NULL, *d;
	int n = 0, cap = 0, step, rc = -1;

	if (!st)
		goto out;
	while ((step = db_step(st)) == DB_ROW) {
		if (n == cap) {
			struct dash_ent *bigger;
			cap = cap ? cap * 2 : 256;
			bigger = arena_alloc(a, (size_t)cap * sizeof(*bigger));
			if (n)
				memcpy(bigger, ents, (size_t)n * sizeof(*ents));
			ents = bigger;
		}
		d = &ents[n++];
		memset(d, 0, sizeof(*d));
		d->org = db_col_int64(st, 0);
		d->name = arena_strdup(a, db_col_text(st, 1));
		d->has_ll = !db_col_isnull(st, 2) && !db_col_isnull(st, 3);
		d->lat = db_col_double(st, 2);
		d->lng = db_col_double(st, 3);
		d->colour = dash_colour(db_col_int64(st, 4), db_col_int64(st, 5),
					db_col_int64(st, 6), db_col_int64(st, 7));
		d->total = db_col_int64(st, 8);
		d->open_general = db_col_int64(st, 9);
		d->open_major = db_col_int64(st, 10);
		d->closed = db_col_int64(st, 11);
		d->closed_on_time = db_col_int64(st, 12);
		d->supervised_open = db_col_int64(st, 13);
	}
	if (step != DB_DONE)
		goto out;
	*out = ents;
	*nout = n;
	rc = 0;
out:
	db_finalize(st);
	return rc;
}

/* Adds the overdue count of each enterprise (open, deadline before today);
 * hazards of enterprises out of scope are skipped by the lookup. */
static int cockpit_overdue(struct db *db, const char *today, struct dash_ent *ents, int n)
{
	struct db_stmt *st = dash_prepare(db, sql_overdue, today, 0);
	int step, i, rc = -1;

	if (!st)
		goto out;
	while ((step = db_step(st)) == DB_ROW) {
		i = dash_find(ents, n, db_col_int64(st, 0));
		if (i >= 0)
			ents[i].overdue++;
	}
	rc = step == DB_DONE ? 0 : -1;
out:
	db_finalize(st);
	return rc;
}

/* Writes "supervised": the open major hazards under 挂牌督办. */
static int cockpit_supervised(struct db *db, const char *today, int64_t viewer, struct jw *w)
{
	struct db_stmt *st = dash_prepare(db, viewer ? sql_supervised_scoped : sql_supervised_all,
					  NULL, viewer);
	int step, rc = -1;

	if (!st || db_bind_int64(st, viewer ? 2 : 1, DASH_SUPERVISED_MAX) != 0)
		goto out;
	jw_key(w, "supervised");
	jw_arr_begin(w);
	while ((step = db_step(st)) == DB_ROW) {
		const char *sd = db_col_text(st, 3), *dl = db_col_text(st, 4);
		const char *due = sd ? sd : dl;
		jw_obj_begin(w);
		jw_kint(w, "id", db_col_int64(st, 0));
		jw_kstr(w, "title", db_col_text(st, 1));
		jw_kint(w, "org_id", db_col_int64(st, 5));
		jw_kstr(w, "enterprise", db_col_text(st, 2));
		jw_kstr(w, "supervise_deadline", sd);
		jw_kstr(w, "deadline", dl);
		jw_kbool(w, "overdue", due && strcmp(due, today) < 0);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	rc = step == DB_DONE ? 0 : -1;
out:
	db_finalize(st);
	return rc;
}

/* Writes the enterprise fields shared by the ranking and the map. */
static void cockpit_ent_head(struct jw *w, const struct dash_ent *d)
{
	jw_kint(w, "org_id", d->org);
	jw_kstr(w, "name", d->name);
	jw_kstr(w, "colour", colour_names[d->colour]);
	jw_kint(w, "open_total", d->open_general + d->open_major);
}

/* GET /api/dashboard/cockpit — see the file comment and API.md "Dashboard". */
static int dashboard_cockpit(struct req *r, struct resp *s)
{
	struct dash_ent *ents = NULL;
	int64_t viewer = r->user->role == ROLE_ADMIN ? 0 : r->user->org_id;
	int64_t by_colour[5] = { 0 }, og = 0, om = 0, ov = 0, so = 0, tot = 0, cl = 0, ot = 0;
	int n = 0, i, ntop, *top;
	char today[11], version[DB_VERSION_MAX];
	const struct dash_cached *hit;
	struct jw w;

	time_date(now_utc(), today);
	if (db_data_version(r->db, version) != 0)
		goto fail;
	hit = dash_cache_get(r->db, viewer, today, version);
	if (hit) {
		resp_json(s, &w);
		buf_add(&s->body, hit->body, hit->len);
		s->status = 200;
		return 200;
	}
	if (cockpit_load(r->db, &r->arena, viewer, &ents, &n) != 0 ||
	    cockpit_overdue(r->db, today, ents, n) != 0)
		goto fail;
	for (i = 0; i < n; i++) {
		struct dash_ent *d = &ents[i];
		d->score = dash_score(d);
		by_colour[d->colour]++;
		og += d->open_general;
		om += d->open_major;
		ov += d->overdue;
		so += d->supervised_open;
		tot += d->total;
		cl += d->closed;
		ot += d->closed_on_time;
	}
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kstr(&w, "today", today);
	jw_kint(&w, "enterprises", n);
	jw_key(&w, "by_colour");
	jw_obj_begin(&w);
	for (i = DC_RED; i >= DC_NONE; i--)
		jw_kint(&w, colour_names[i], by_colour[i]);
	jw_obj_end(&w);
	jw_key(&w, "hazards");
	jw_obj_begin(&w);
	jw_kint(&w, "open_general", og);
	jw_kint(&w, "open_major", om);
	jw_kint(&w, "open_total", og + om);
	jw_kint(&w, "overdue", ov);
	jw_kint(&w, "supervised_open", so);
	jw_kint(&w, "total", tot);
	jw_kint(&w, "closed", cl);
	dash_rate(&w, "rectification_rate", cl, tot);
	dash_rate(&w, "on_time_rate", ot, cl);
	jw_obj_end(&w);
	if (cockpit_supervised(r->db, today, viewer, &w) != 0)
		goto fail;
	top = arena_alloc(&r->arena, DASH_RANKING_MAX * sizeof(*top));
	ntop = dash_top(ents, n, top, DASH_RANKING_MAX);
	jw_key(&w, "ranking");
	jw_arr_begin(&w);
	for (i = 0; i < ntop; i++) {
		const struct dash_ent *d = &ents[top[i]];
		jw_obj_begin(&w);
		jw_kint(&w, "rank", i + 1);
		cockpit_ent_head(&w, d);
		jw_kint(&w, "open_major", d->open_major);
		jw_kint(&w, "overdue", d->overdue);
		dash_rate(&w, "on_time_rate", d->closed_on_time, d->closed);
		jw_kint(&w, "open_general", d->open_general);
		jw_kint(&w, "score", d->score);
		dash_score_parts(&w, d);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	/* The weights of the ranking's score, so the screen states the formula it orders by. */
	jw_key(&w, "score_weights");
	jw_obj_begin(&w);
	jw_kint(&w, "red", DASH_W_RED);
	jw_kint(&w, "orange", DASH_W_ORANGE);
	jw_kint(&w, "yellow", DASH_W_YELLOW);
	jw_kint(&w, "open_major", DASH_W_MAJOR);
	jw_kint(&w, "overdue", DASH_W_OVERDUE);
	jw_kint(&w, "open_general", DASH_W_GENERAL);
	jw_kint(&w, "late", DASH_W_LATE);
	jw_obj_end(&w);
	/* The map: one compact object per enterprise in scope. */
	jw_key(&w, "map");
	jw_arr_begin(&w);
	for (i = 0; i < n; i++) {
		const struct dash_ent *d = &ents[i];
		jw_obj_begin(&w);
		cockpit_ent_head(&w, d);
		jw_key(&w, "lat");
		if (d->has_ll)
			jw_double(&w, round(d->lat * 1e5) / 1e5);	/* ~1 m */
		else
			jw_null(&w);
		jw_key(&w, "lng");
		if (d->has_ll)
			jw_double(&w, round(d->lng * 1e5) / 1e5);
		else
			jw_null(&w);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	/* what each module of the table adds (the obligations' on-time figures …) */
	{
		struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
		jw_key(&w, "modules");
		jw_obj_begin(&w);
		for (int k = 0; k < modules_count; k++) {
			if (!modules[k]->cockpit)
				continue;
			jw_key(&w, modules[k]->name);
			jw_obj_begin(&w);
			if (modules[k]->cockpit(&c, &w) != 0)
				goto fail;
			jw_obj_end(&w);
		}
		jw_obj_end(&w);
	}
	jw_obj_end(&w);
	if (!buf_failed(&s->body))
		dash_cache_put(r->db, viewer, today, version, buf_str(&s->body), s->body.len);
	return 200;
fail:
	log_err("dashboard cockpit: %s", db_errmsg(r->db));
	buf_reset(&s->body);
	return http_internal(s);
}

/* ----------------------------------------------------------------- home */

/* Writes {"count":N,"items":[…]} of one to-do list. */
static int home_list(struct db *db, const struct home_q *q, int64_t viewer, int64_t user,
		     const char *today, struct jw *w)
{
	struct db_stmt *st = NULL;
	int rc = -1, step, idx;

	jw_key(w, q->key);
	jw_obj_begin(w);
	for (int pass = 0; pass < 2; pass++) {
		st = db_prepare(db, pass ? q->items_sql : q->count_sql);
		idx = 1;
		if (!st || db_bind_int64(st, idx++, viewer) != 0)
			goto out;
		if (q->arg == HA_USER && db_bind_int64(st, idx++, user) != 0)
			goto out;
		if (q->arg == HA_TODAY && db_bind_text(st, idx++, today) != 0)
			goto out;
		if (pass && db_bind_int64(st, idx++, DASH_HOME_ITEMS) != 0)
			goto out;
		if (!pass) {
			if (db_step(st) != DB_ROW)
				goto out;
			jw_kint(w, "count", db_col_int64(st, 0));
			db_finalize(st);
			st = NULL;
			continue;
		}
		jw_key(w, "items");
		jw_arr_begin(w);
		while ((step = db_step(st)) == DB_ROW) {
			jw_obj_begin(w);
			jw_kint(w, "id", db_col_int64(st, 0));
			if (q->risk == 2) {	/* an obligation */
				jw_kstr(w, "title", db_col_text(st, 1));
				jw_kstr(w, "duty", db_col_text(st, 2));
				jw_kstr(w, "status", db_col_text(st, 3));
				jw_kstr(w, "due_at", db_col_text(st, 4));
				jw_kstr(w, "form", db_col_text(st, 5));
				jw_kint(w, "org_id", db_col_int64(st, 6));
				jw_kstr(w, "org_name", db_col_text(st, 7));
				jw_obj_end(w);
				continue;
			}
			jw_kstr(w, q->risk ? "name" : "title", db_col_text(st, 1));
			jw_kstr(w, "level", db_col_text(st, 2));
			jw_kstr(w, q->risk ? "colour" : "status", db_col_text(st, 3));
			jw_kstr(w, q->risk ? "next_review" : "deadline", db_col_text(st, 4));
			jw_kstr(w, q->risk ? "last_review" : "found_at", db_col_text(st, 5));
			jw_kint(w, "org_id", db_col_int64(st, 6));
			jw_kstr(w, "org_name", db_col_text(st, 7));
			jw_obj_end(w);
		}
		jw_arr_end(w);
		if (step != DB_DONE)
			goto out;
	}
	jw_obj_end(w);
	rc = 0;
out:
	db_finalize(st);
	return rc;
}

/* Writes "hazard_stats", "risk_summary" and "trend" summed over the subtree. */
static int home_stats(struct db *db, int64_t viewer, const char *today, struct jw *w)
{
	static const char *const hk[] = { "total", "open_general", "open_major", "registered",
					  "rectifying", "pending", "closed", "closed_on_time",
					  "supervised_open" };
	static const char *const rk[] = { "red", "orange", "yellow", "blue" };
	struct db_stmt *st = NULL;
	char from[32];
	int rc = -1, step, y, m;

	st = dash_prepare(db, sql_home_stats, NULL, viewer);
	if (!st || db_step(st) != DB_ROW)
		goto out;
	jw_key(w, "hazard_stats");
	jw_obj_begin(w);
	for (size_t i = 0; i < ARRAY_SIZE(hk); i++)
		jw_kint(w, hk[i], db_col_int64(st, (int)i));
	dash_rate(w, "rectification_rate", db_col_int64(st, 6), db_col_int64(st, 0));
	dash_rate(w, "on_time_rate", db_col_int64(st, 7), db_col_int64(st, 6));
	jw_obj_end(w);
	db_finalize(st);
	st = dash_prepare(db, sql_home_risk, NULL, viewer);
	if (!st || db_step(st) != DB_ROW)
		goto out;
	jw_key(w, "risk_summary");
	jw_obj_begin(w);
	for (size_t i = 0; i < ARRAY_SIZE(rk); i++)
		jw_kint(w, rk[i], db_col_int64(st, (int)i));
	jw_kstr(w, "colour", colour_names[dash_colour(db_col_int64(st, 0), db_col_int64(st, 1),
						       db_col_int64(st, 2), db_col_int64(st, 3))]);
	jw_obj_end(w);
	db_finalize(st);
	/* the last DASH_TREND_MONTHS months, this one included */
	y = atoi(today);
	m = atoi(today + 5) - (DASH_TREND_MONTHS - 1);
	while (m < 1) {
		m += 12;
		y--;
	}
	snprintf(from, sizeof(from), "%04d-%02d", y, m);
	st = dash_prepare(db, sql_home_trend, NULL, viewer);
	if (!st || db_bind_text(st, 2, from) != 0)
		goto out;
	jw_key(w, "trend");
	jw_arr_begin(w);
	while ((step = db_step(st)) == DB_ROW) {
		jw_obj_begin(w);
		jw_kstr(w, "month", db_col_text(st, 0));
		jw_kint(w, "found", db_col_int64(st, 1));
		jw_kint(w, "closed", db_col_int64(st, 2));
		jw_obj_end(w);
	}
	jw_arr_end(w);
	rc = step == DB_DONE ? 0 : -1;
out:
	db_finalize(st);
	return rc;
}

/* Parses a positive decimal id; 0 when s is not one. */
static int64_t dash_parse_id(const char *s)
{
	int64_t v = 0;

	if (!s || !*s || strlen(s) > 18)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* ------------------------------------------------------- home notices */

/*
 * The home's notices (mod.h home_notice, home_notice_count) are queued by the
 * modules' hooks and written in that order once every count is known. The counts
 * run as one statement, "SELECT (count 1), (count 2), …", each a scalar subquery
 * with its own parameters in order: as forty-odd statements they were as many round
 * trips to PostgreSQL for every home page (~60 ms on an idle machine, 200–390 ms on
 * a loaded one; on SQLite a statement costs no round trip, and one is as cheap).
 * The texts are the modules' constants; only values are bound.
 */
struct home_notice_q {
	const char *key, *label, *level, *to;
	const char *sql;	/* NULL: the hook gave the count */
	int64_t count, org;
	const char *today;
	int marks;		/* "?" in sql: 1 (org) or 2 (org, today) */
};
struct home_notices {
	struct arena *arena;	/* the request's: the queue lives as long as it */
	struct home_notice_q *v;
	size_t n, cap;
};

/* A new entry at the end of the queue (zeroed). */
static struct home_notice_q *home_notices_push(struct home_notices *hn)
{
	if (hn->n == hn->cap) {
		size_t cap = hn->cap ? hn->cap * 2 : 64;
		struct home_notice_q *v = arena_alloc(hn->arena, cap * sizeof(*v));

		if (hn->n)
			memcpy(v, hn->v, hn->n * sizeof(*v));
		hn->v = v;
		hn->cap = cap;
	}
	return &hn->v[hn->n++];
}

void home_notice(struct home_notices *w, const char *key, const char *label, int64_t count,
		 const char *level, const char *to)
{
	struct home_notice_q *q = home_notices_push(w);

	q->key = key;
	q->label = label;
	q->count = count;
	q->level = level;
	q->to = to;
}

int home_notice_count(struct ectx *c, struct home_notices *w, int64_t org, const char *today,
		      const char *sql, const char *key, const char *label,
		      const char *level, const char *to)
{
	struct home_notice_q *q;
	int marks = 0;

	(void)c;
	for (const char *p = sql; (p = strchr(p, '?')) != NULL; p++)
		marks++;
	if (marks < 1 || marks > 2) {
		log_err("home notice %s: %d parameters (1 or 2 expected)", key, marks);
		return -1;
	}
	q = home_notices_push(w);
	q->key = key;
	q->label = label;
	q->level = level;
	q->to = to;
	q->sql = sql;
	q->org = org;
	q->today = today;
	q->marks = marks;
	return 0;
}

/* Binds q's parameters from idx on; returns the next index, or -1. */
static int home_notice_bind(struct db_stmt *st, const struct home_notice_q *q, int idx)
{
	if (db_bind_int64(st, idx++, q->org) != 0)
		return -1;
	if (q->marks == 2 && db_bind_text(st, idx++, q->today) != 0)
		return -1;
	return idx;
}

/* After the batch failed: runs each count alone to log the notice that fails. */
static void home_notices_diagnose(struct db *db, const struct home_notices *hn)
{
	for (size_t i = 0; i < hn->n; i++) {
		const struct home_notice_q *q = &hn->v[i];
		struct db_stmt *st;

		if (!q->sql)
			continue;
		st = db_prepare(db, q->sql);
		if (!st || home_notice_bind(st, q, 1) < 0 || db_step(st) != DB_ROW)
			log_err("home notice %s: %s", q->key, db_errmsg(db));
		db_finalize(st);
	}
}

/* Runs every queued count in one statement. 0 ok, -1 error (logged). */
static int home_notices_count(struct db *db, struct home_notices *hn)
{
	struct db_stmt *st = NULL;
	struct buf sql;
	int rc = -1, idx = 1, col = 0;
	size_t k = 0;

	buf_init(&sql, BUF_MAX_DEFAULT);
	buf_puts(&sql, "SELECT ");
	for (size_t i = 0; i < hn->n; i++) {
		if (!hn->v[i].sql)
			continue;
		buf_printf(&sql, "%s(%s)", k++ ? ", " : "", hn->v[i].sql);
	}
	if (!k) {
		rc = 0;
		goto out;
	}
	if (buf_failed(&sql)) {
		log_err("home notices: out of memory");
		goto out;
	}
	st = db_prepare(db, buf_str(&sql));
	for (size_t i = 0; st && i < hn->n && idx > 0; i++)
		if (hn->v[i].sql)
			idx = home_notice_bind(st, &hn->v[i], idx);
	if (!st || idx < 0 || db_step(st) != DB_ROW) {
		log_err("home notices: %s", db_errmsg(db));
		db_finalize(st);
		st = NULL;
		home_notices_diagnose(db, hn);
		goto out;
	}
	for (size_t i = 0; i < hn->n; i++)
		if (hn->v[i].sql)
			hn->v[i].count = db_col_int64(st, col++);
	rc = 0;
out:
	db_finalize(st);
	buf_release(&sql);
	return rc;
}

/* Writes the queue as the "notices" array. */
static void home_notices_write(const struct home_notices *hn, struct jw *w)
{
	jw_key(w, "notices");
	jw_arr_begin(w);
	for (size_t i = 0; i < hn->n; i++) {
		const struct home_notice_q *q = &hn->v[i];

		jw_obj_begin(w);
		jw_kstr(w, "key", q->key);
		jw_kstr(w, "label", q->label);
		jw_kint(w, "count", q->count);
		jw_kstr(w, "level", q->level);
		jw_kstr(w, "to", q->to);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

/* GET /api/dashboard/home[?org_id=] — see the file comment and API.md. */
static int dashboard_home(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	struct home_notices hn = { .arena = &r->arena };
	const struct user *u = r->user;
	const char *q = req_query(r, "org_id");
	int64_t org = u->org_id;
	int manager = u->role == ROLE_ADMIN || u->role == ROLE_ENT_MANAGER ||
		      u->role == ROLE_ENT_PRINCIPAL;
	struct db_stmt *st = NULL;
	char today[11];
	struct jw w;
	int rc, vis;

	if (q && *q) {
		org = dash_parse_id(q);
		if (org <= 0)
			return http_error(s, 400, "validation", "企业的筛选值不正确", "org_id");
		vis = scope_row_visible(&c, org);
		if (vis < 0)
			return http_internal(s);
		if (!vis)
			return http_not_found(s);
	} else if (u->role == ROLE_ADMIN) {
		return http_error(s, 400, "validation", "请选择企业", "org_id");
	}
	time_date(now_utc(), today);
	st = db_prepare(r->db, sql_home_org);
	if (!st || db_bind_int64(st, 1, org) != 0)
		goto fail;
	rc = db_step(st);
	if (rc == DB_DONE) {
		db_finalize(st);
		return http_not_found(s);
	}
	if (rc != DB_ROW)
		goto fail;
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kstr(&w, "today", today);
	jw_key(&w, "org");
	jw_obj_begin(&w);
	jw_kint(&w, "id", db_col_int64(st, 0));
	jw_kstr(&w, "name", db_col_text(st, 1));
	jw_kstr(&w, "kind", db_col_text(st, 2));
	jw_obj_end(&w);
	db_finalize(st);
	st = NULL;
	/* The viewer org's scope is its own subtree (an enterprise supervises nobody). */
	for (size_t i = 0; i < ARRAY_SIZE(home_all); i++) {
		const struct home_q *hq = &home_all[i];
		if (!manager && strcmp(hq->key, "to_rectify") == 0)
			hq = &home_mine;
		if (!manager && strcmp(hq->key, "ext_pending") == 0)
			continue;	/* staff decide no extension */
		if (home_list(r->db, hq, org, u->id, today, &w) != 0)
			goto fail;
	}
	if (home_stats(r->db, org, today, &w) != 0)
		goto fail;
	/* every module's notices for this enterprise (mod.h "home"), counted at once */
	for (int k = 0; k < modules_count; k++)
		if (modules[k]->home && modules[k]->home(&c, org, today, &hn) != 0) {
			log_err("dashboard home: notices of module %s", modules[k]->name);
			goto fail;
		}
	if (home_notices_count(r->db, &hn) != 0)
		goto fail;
	home_notices_write(&hn, &w);
	jw_obj_end(&w);
	return 200;
fail:
	log_err("dashboard home: %s", db_errmsg(r->db));
	db_finalize(st);
	buf_reset(&s->body);
	return http_internal(s);
}

/* ------------------------------------------------------------- registry */

/* Creates the dashboard's indexes on entity tables that exist (hazard, risk_point);
 * called by main.c after entity_schema_sync. 0 ok, -1 error (logged). */
int dashboard_schema(struct db *db)
{
	for (size_t i = 0; i < ARRAY_SIZE(dash_indexes); i++) {
		int has = db_has_table(db, dash_indexes[i][0]);
		if (has < 0)
			return -1;
		if (!has)
			continue;
		if (db_exec(db, dash_indexes[i][1]) != 0) {
			log_err("dashboard schema: %s: %s", dash_indexes[i][1], db_errmsg(db));
			return -1;
		}
	}
	return 0;
}

static const struct route dashboard_routes[] = {
	{HTTP_GET, "/api/dashboard/cockpit", dashboard_cockpit, 0,
	 RB(ROLE_ADMIN) | RB(ROLE_REGULATOR)},
	{HTTP_GET, "/api/dashboard/home", dashboard_home, 0,
	 RB(ROLE_ADMIN) | RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL) | RB(ROLE_STAFF)},
};

/* Registers the dashboard routes (see mod.h). */
void dashboard_init(void)
{
	router_add(dashboard_routes, ARRAY_SIZE(dashboard_routes));
}
