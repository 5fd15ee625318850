/*
 * hazard_stats.c — the hazard module's statistics (隐患统计) and the major-hazard list
 * (重大隐患, 动态清零): GET /api/hazard/stats and GET /api/hazard/major, read from the
 * running aggregates hazard_stats / hazard_monthly (kept by hazard.c in the same
 * transaction as every register and transition) plus one indexed count of overdue
 * hazards — never a GROUP BY over all hazards — and hazard_stats_recompute().
 */
#include <inttypes.h>
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
#include "mod/hazard.h"
#include "mod/hazard_int.h"
#include "mod/mod.h"
#include "rules/hazard.h"

/* ------------------------------------------------------------ statistics */

/* Which hazards a statistics request covers: the viewer's scope (all for admin),
 * optionally narrowed to one org's subtree. */
struct hz_scope {
	int all;		/* admin: no scope condition */
	int64_t viewer;		/* viewer org */
	int64_t org;		/* 0 = whole scope */
};

/* Appends the scope condition on column col ("s.org_id") to sql. */
static void hz_scope_sql(struct buf *sql, const struct hz_scope *sc, const char *col)
{
	if (!sc->all)
		buf_printf(sql, " AND %s IN (SELECT org_id FROM scope_org WHERE viewer = ?)", col);
	if (sc->org)
		buf_printf(sql, " AND %s IN (SELECT o2.id FROM org o2 JOIN org p2 ON"
			   " substr(o2.path, 1, length(p2.path)) = p2.path WHERE p2.id = ?)", col);
}

/* Binds the scope parameters from *idx on. */
static int hz_scope_bind(struct db_stmt *st, const struct hz_scope *sc, int *idx)
{
	if (!sc->all && db_bind_int64(st, (*idx)++, sc->viewer))
		return -1;
	if (sc->org && db_bind_int64(st, (*idx)++, sc->org))
		return -1;
	return 0;
}

/* Reads ?org_id= into sc: 400 when malformed, 404 when out of scope. */
static int hz_scope_from(struct req *r, struct hz_scope *sc, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	const char *o = req_query(r, "org_id");
	int vis;

	sc->all = r->user->role == ROLE_ADMIN;
	sc->viewer = r->user->org_id;
	sc->org = 0;
	if (!o || !*o)
		return 0;
	sc->org = strtoll(o, NULL, 10);
	if (sc->org <= 0 || strspn(o, "0123456789") != strlen(o))
		return http_error(s, 400, "validation", "所属单位的筛选值不正确", "org_id");
	vis = scope_row_visible(&c, sc->org);
	if (vis < 0)
		return http_internal(s);
	if (!vis)
		return http_not_found(s);
	return 0;
}

/* The 12 months ending with today's, oldest first ("YYYY-MM"). */
static void hz_months(char m[HZ_TREND_MONTHS][8])
{
	char today[11];
	int y, mo;

	entity_today(today);
	y = atoi(today);
	mo = atoi(today + 5);
	for (int i = HZ_TREND_MONTHS - 1; i >= 0; i--) {
		char t[32];
		snprintf(t, sizeof(t), "%04u-%02u", (unsigned)y % 10000u, (unsigned)mo % 100u);
		memcpy(m[i], t, 7);
		m[i][7] = '\0';
		if (--mo == 0) {
			mo = 12;
			y--;
		}
	}
}

/* Writes a rate num/den (0..1) or null when den is 0. */
static void hz_rate(struct jw *w, const char *k, int64_t num, int64_t den)
{
	jw_key(w, k);
	if (den > 0)
		jw_double(w, (double)num / (double)den);
	else
		jw_null(w);
}

/* GET /api/hazard/stats?org_id= — open by level, rectification and on-time rates,
 * overdue, major open, supervised open and the 12-month trend of the hazards in
 * scope (issue 3 statistics). Reads the aggregates (hazard_stats, hazard_monthly)
 * and one indexed count of overdue hazards; never groups the hazard table. */
int hz_h_stats(struct req *r, struct resp *s)
{
	static const char *const keys[] = { "total", "open_general", "open_major", "registered",
		"rectifying", "pending", "closed", "closed_on_time", "supervised_open" };
	struct hz_scope sc;
	struct buf sql;
	struct db_stmt *st = NULL;
	int64_t v[AG_N] = { 0 }, overdue = 0, mf[HZ_TREND_MONTHS] = { 0 }, mc[HZ_TREND_MONTHS] = { 0 };
	char months[HZ_TREND_MONTHS][8], today[11];
	struct jw w;
	int idx, rc, step;

	if ((rc = hz_scope_from(r, &sc, s)) != 0)
		return rc;
	entity_today(today);
	hz_months(months);
	buf_init(&sql, 1 << 14);
	buf_puts(&sql, "SELECT COALESCE(SUM(total), 0), COALESCE(SUM(open_general), 0),"
		 " COALESCE(SUM(open_major), 0), COALESCE(SUM(registered), 0),"
		 " COALESCE(SUM(rectifying), 0), COALESCE(SUM(pending), 0),"
		 " COALESCE(SUM(closed), 0), COALESCE(SUM(closed_on_time), 0),"
		 " COALESCE(SUM(supervised_open), 0) FROM hazard_stats s WHERE 1 = 1");
	hz_scope_sql(&sql, &sc, "s.org_id");
	idx = 1;
	st = db_prepare(r->db, buf_str(&sql));
	if (!st || hz_scope_bind(st, &sc, &idx) || db_step(st) != DB_ROW)
		goto fail;
	for (int i = 0; i < AG_N; i++)
		v[i] = db_col_int64(st, i);
	db_finalize(st);
	st = NULL;
	/* overdue: served by the (status, deadline, org_id) index */
	buf_reset(&sql);
	buf_puts(&sql, "SELECT COUNT(*) FROM hazard t WHERE t.status IN " HZ_SQL_OPEN
		 " AND t.deadline < ?");
	hz_scope_sql(&sql, &sc, "t.org_id");
	idx = 1;
	st = db_prepare(r->db, buf_str(&sql));
	if (!st || db_bind_text(st, idx++, today) || hz_scope_bind(st, &sc, &idx) ||
	    db_step(st) != DB_ROW)
		goto fail;
	overdue = db_col_int64(st, 0);
	db_finalize(st);
	st = NULL;
	buf_reset(&sql);
	buf_puts(&sql, "SELECT month, SUM(found), SUM(closed) FROM hazard_monthly s"
		 " WHERE month >= ?");
	hz_scope_sql(&sql, &sc, "s.org_id");
	buf_puts(&sql, " GROUP BY month");
	idx = 1;
	st = db_prepare(r->db, buf_str(&sql));
	if (!st || db_bind_text(st, idx++, months[0]) || hz_scope_bind(st, &sc, &idx))
		goto fail;
	while ((step = db_step(st)) == DB_ROW) {
		const char *m = db_col_text(st, 0);
		for (int i = 0; m && i < HZ_TREND_MONTHS; i++)
			if (strcmp(m, months[i]) == 0) {
				mf[i] = db_col_int64(st, 1);
				mc[i] = db_col_int64(st, 2);
			}
	}
	if (step != DB_DONE)
		goto fail;
	db_finalize(st);
	st = NULL;
	buf_release(&sql);

	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_key(&w, "org_id");
	if (sc.org)
		jw_int(&w, sc.org);
	else
		jw_null(&w);
	for (int i = 0; i < AG_N; i++)
		jw_kint(&w, keys[i], v[i]);
	jw_kint(&w, "open_total", v[AG_OPEN_GENERAL] + v[AG_OPEN_MAJOR]);
	jw_kint(&w, "major_open", v[AG_OPEN_MAJOR]);
	jw_kint(&w, "overdue", overdue);
	hz_rate(&w, "rectification_rate", v[AG_CLOSED], v[AG_TOTAL]);
	hz_rate(&w, "on_time_rate", v[AG_CLOSED_ON_TIME], v[AG_CLOSED]);
	jw_key(&w, "trend");
	jw_arr_begin(&w);
	for (int i = 0; i < HZ_TREND_MONTHS; i++) {
		jw_obj_begin(&w);
		jw_kstr(&w, "month", months[i]);
		jw_kint(&w, "found", mf[i]);
		jw_kint(&w, "closed", mc[i]);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	return 200;
fail:
	log_err("hazard stats: %s", db_errmsg(r->db));
	db_finalize(st);
	buf_release(&sql);
	return http_internal(s);
}

/* GET /api/hazard/major?status=open|all&org_id= — the regulator's list of major
 * hazards (重大事故隐患 上账/销账, seeds/003 item 22) with enterprise, state,
 * 挂牌督办, 双报告 and overdue; "dynamic_zero" is true when none is open (动态清零). */
int hz_h_major(struct req *r, struct resp *s)
{
	struct hz_scope sc;
	struct buf sql;
	struct db_stmt *st = NULL;
	const char *want = req_query(r, "status");
	char today[11];
	struct jw w;
	int idx, rc, step, open_only;
	int64_t n = 0, nopen = 0;

	if (want && *want && strcmp(want, "open") != 0 && strcmp(want, "all") != 0)
		return http_error(s, 400, "validation", "状态筛选值须为 open 或 all", "status");
	open_only = !want || !*want || strcmp(want, "open") == 0;
	if ((rc = hz_scope_from(r, &sc, s)) != 0)
		return rc;
	entity_today(today);
	buf_init(&sql, 1 << 14);
	buf_puts(&sql, "SELECT COUNT(*) FROM hazard h WHERE h.level = 'major' AND h.status IN "
		 HZ_SQL_OPEN);
	hz_scope_sql(&sql, &sc, "h.org_id");
	idx = 1;
	st = db_prepare(r->db, buf_str(&sql));
	if (!st || hz_scope_bind(st, &sc, &idx) || db_step(st) != DB_ROW)
		goto fail;
	nopen = db_col_int64(st, 0);
	db_finalize(st);
	st = NULL;
	buf_reset(&sql);
	buf_puts(&sql, "SELECT h.id, h.title, h.org_id, o.name, h.status, h.found_at, h.deadline,"
		 " h.supervised, h.supervise_org_id, so.name, h.supervise_at, h.supervise_deadline,"
		 " h.dual_reported, h.major_criterion, h.closed_at,"
		 " CASE WHEN h.status IN " HZ_SQL_OPEN " AND h.deadline IS NOT NULL"
		 " AND h.deadline < ? THEN 1 ELSE 0 END"
		 " FROM hazard h JOIN org o ON o.id = h.org_id"
		 " LEFT JOIN org so ON so.id = h.supervise_org_id WHERE h.level = 'major'");
	if (open_only)
		buf_puts(&sql, " AND h.status IN " HZ_SQL_OPEN);
	else
		buf_puts(&sql, " AND h.status <> 'dismissed'");
	hz_scope_sql(&sql, &sc, "h.org_id");
	buf_puts(&sql, " ORDER BY h.id DESC LIMIT ?");
	idx = 1;
	st = db_prepare(r->db, buf_str(&sql));
	if (!st || db_bind_text(st, idx++, today) || hz_scope_bind(st, &sc, &idx) ||
	    db_bind_int64(st, idx, HZ_MAJOR_LIST_MAX))
		goto fail;
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_key(&w, "items");
	jw_arr_begin(&w);
	while ((step = db_step(st)) == DB_ROW) {
		const char *code = db_col_text(st, 4);
		n++;
		jw_obj_begin(&w);
		jw_kint(&w, "id", db_col_int64(st, 0));
		jw_kstr(&w, "title", db_col_text(st, 1));
		jw_kint(&w, "org_id", db_col_int64(st, 2));
		jw_kstr(&w, "enterprise_name", db_col_text(st, 3));
		jw_kstr(&w, "status", code);
		jw_kstr(&w, "status_label", hz_state_label(code));
		jw_kstr(&w, "found_at", db_col_text(st, 5));
		jw_kstr(&w, "deadline", db_col_text(st, 6));
		jw_kbool(&w, "supervised", db_col_int64(st, 7) != 0);
		jw_key(&w, "supervise_org_id");
		if (db_col_isnull(st, 8))
			jw_null(&w);
		else
			jw_int(&w, db_col_int64(st, 8));
		jw_kstr(&w, "supervise_org_name", db_col_text(st, 9));
		jw_kstr(&w, "supervise_at", db_col_text(st, 10));
		jw_kstr(&w, "supervise_deadline", db_col_text(st, 11));
		jw_kbool(&w, "dual_reported", db_col_int64(st, 12) != 0);
		jw_kstr(&w, "major_criterion", db_col_text(st, 13));
		jw_kstr(&w, "closed_at", db_col_text(st, 14));
		jw_kbool(&w, "overdue", db_col_int64(st, 15) != 0);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	if (step != DB_DONE) {
		buf_reset(&s->body);
		goto fail;
	}
	jw_kint(&w, "total", n);
	jw_kint(&w, "open_major", nopen);
	jw_kbool(&w, "dynamic_zero", nopen == 0);
	jw_obj_end(&w);
	db_finalize(st);
	buf_release(&sql);
	return 200;
fail:
	log_err("hazard major: %s", db_errmsg(r->db));
	db_finalize(st);
	buf_release(&sql);
	return http_internal(s);
}

