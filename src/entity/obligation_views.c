/*
 * obligation_views.c — the district matrix of the obligations calendar (issue
 * "Who is on time", Views): enterprises × duties for one period, coloured on time /
 * late / missing / not due, with counts, filters and the .xlsx export.
 *
 *   GET /api/obligation/matrix?period=2026-Q4[&duty=][&high_risk=][&scale=]
 *       [&industry_section=][&q=][&org_id=][&page=&size=]
 *   GET /api/obligation/matrix/export?… (the same, every row)
 *   GET /api/obligation/summary[?org_id=]  on-time figures for the cockpit and home
 *
 * period decides the duties: the periodic duties of that kind of period (a year, a
 * half, a quarter or a month), plus every per-record duty summarised over the
 * records due within the period (worst status first). A cell without a row is
 * 不适用 (the enterprise does not owe that duty). Scope is the caller's; the
 * enterprises are paged by name.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "obligation.h"
#include "../core/arena.h"
#include "../core/util.h"
#include "../db/db.h"

#define OBM_MAX_DUTIES 64
#define OBM_MAX_ROWS 200

/* Worst first: the order a summary cell takes its status from. */
static const char *const obm_rank[] = { "overdue", "done_late", "due_soon", "not_due", "done", "na" };

static int obm_rank_of(const char *s)
{
	for (int i = 0; i < (int)ARRAY_SIZE(obm_rank); i++)
		if (s && strcmp(s, obm_rank[i]) == 0)
			return i;
	return (int)ARRAY_SIZE(obm_rank) - 1;
}

static const char *obm_label(const char *code)
{
	static const char *const labels[] = { "逾期未完成", "逾期完成", "即将到期", "未到期", "已完成", "不适用" };
	return labels[obm_rank_of(code)];
}

/* The kind of period a key names ("2026" year, "2026-H1", "2026-Q3", "2026-11"). */
static enum ob_period obm_kind(const char *key)
{
	static const enum ob_period kinds[] = { OB_YEAR, OB_HALF, OB_QUARTER, OB_MONTH };
	char f[11], l[11];

	for (size_t i = 0; key && i < ARRAY_SIZE(kinds); i++)
		if (ob_period_bounds(kinds[i], key, f, l) == 0)
			return kinds[i];
	return 0;
}

struct obm_cell {
	char status[12];
	char due[20], done[20];
	char proof_entity[64];
	int64_t proof_id, id;
	int n, overdue, late, done_n;
};

struct obm {
	struct ectx c;
	struct req *r;
	char key[16], first[11], last[11], label[32];
	enum ob_period kind;
	const struct obligation_def *duties[OBM_MAX_DUTIES];
	int nduties;
	struct buf where;	/* conditions on enterprise e and org o */
	struct qparams wherep;
	int64_t page, size;
};

/* Parses the request: period, duty, enterprise filters, scope, paging. */
static int obm_parse(struct obm *m, struct verr *e)
{
	struct req *r = m->r;
	const char *p = req_query(r, "period"), *duty = req_query(r, "duty"), *v;
	char today[11];

	entity_today(today);
	if (!p || !*p) {
		ob_period_key(OB_YEAR, today, m->key);
	} else if (strlen(p) >= sizeof(m->key)) {
		verr_add(e, "period", "期次格式不正确（如 2026、2026-H1、2026-Q4、2026-11）");
		return -1;
	} else {
		snprintf(m->key, sizeof(m->key), "%s", p);
	}
	m->kind = obm_kind(m->key);
	if (!m->kind) {
		verr_add(e, "period", "期次格式不正确（如 2026、2026-H1、2026-Q4、2026-11）");
		return -1;
	}
	ob_period_bounds(m->kind, m->key, m->first, m->last);
	ob_period_label(m->kind, m->key, m->label);
	for (size_t i = 0; i < obligation_count() && m->nduties < OBM_MAX_DUTIES; i++) {
		const struct obligation_def *d = obligation_at(i);
		if (duty && *duty && strcmp(duty, d->code) != 0)
			continue;
		if (d->period == m->kind || d->period == OB_EVENT)
			m->duties[m->nduties++] = d;
	}
	if (duty && *duty && !m->nduties) {
		verr_add(e, "duty", "没有该义务，或该义务不按此期次考核");
		return -1;
	}
	buf_init(&m->where, 4096);
	m->wherep.n = 0;
	buf_puts(&m->where, " AND " OB_ENTERPRISE_ACTIVE);
	/* the scope; left out when it holds every enterprise (a district regulator):
	 * the summary counts a year of every enterprise's duties */
	if (!ent_unscoped(&m->c) && scope_covers_table(&m->c, "enterprise", "org_id") != 1) {
		buf_puts(&m->where, " AND e.org_id IN (SELECT org_id FROM scope_org WHERE viewer = ?)");
		qp_int(&m->wherep, m->c.user->org_id);
	}
	{
		/* ?org_id=: the core's subtree filter (400 malformed, 404 not visible) */
		struct org_subtree sub;
		if (org_subtree_param(r, &m->c, NULL, &sub, e) < 0)
			return -1;
		org_subtree_sql(&m->where, &sub, "e.org_id");
		if (sub.org)
			qp_text(&m->wherep, sub.like);
	}
	/* the enterprise filters of the registry, by the same declared enums */
	{
		static const char *const cols[] = { "high_risk", "scale", "industry_section", NULL };
		const struct entity_def *ent = entity_find("enterprise");
		for (int i = 0; cols[i]; i++) {
			const struct field_def *f = ent ? entity_field(ent, cols[i]) : NULL;
			int ok = 0;
			if (!f || !(v = req_query(r, cols[i])) || !*v)
				continue;
			if (f->type == FT_ENUM) {
				for (const struct enum_opt *o = f->opts; o && o->code; o++)
					ok |= strcmp(o->code, v) == 0;
			} else {
				ok = strlen(v) <= 8;
			}
			if (!ok) {
				verr_add(e, cols[i], "%s的筛选值不正确", f->label);
				continue;
			}
			buf_printf(&m->where, " AND e.%s = ?", cols[i]);
			qp_text(&m->wherep, v);
		}
	}
	if ((v = req_query(r, "q")) && *v) {
		buf_puts(&m->where, " AND e.name LIKE ? ESCAPE '\\'");
		qp_text(&m->wherep, ent_like(&r->arena, v));
	}
	m->page = 1;
	m->size = 50;
	if ((v = req_query(r, "page")) && *v && (m->page = entity_parse_id(v)) < 1)
		verr_add(e, "page", "页码须为正整数");
	if ((v = req_query(r, "size")) && *v &&
	    ((m->size = entity_parse_id(v)) < 1 || m->size > OBM_MAX_ROWS))
		verr_add(e, "size", "每页条数须为 1 到 200");
	return e->status ? -1 : 0;
}

/* The cell of enterprise org for duty d. */
static int obm_cell(struct obm *m, int64_t org, const struct obligation_def *d, struct obm_cell *x)
{
	struct db_stmt *st;
	int s;

	memset(x, 0, sizeof(*x));
	snprintf(x->status, sizeof(x->status), "na");
	if (d->period != OB_EVENT) {
		st = db_prepare(m->c.db, "SELECT status, due_at, done_at, proof_entity, proof_id, id"
				" FROM obligation WHERE org_id = ? AND duty = ? AND period_key = ?");
		if (!st || db_bind_int64(st, 1, org) < 0 || db_bind_text(st, 2, d->code) < 0 ||
		    db_bind_text(st, 3, m->key) < 0) {
			db_finalize(st);
			return -1;
		}
		s = db_step(st);
		if (s == DB_ROW) {
			snprintf(x->status, sizeof(x->status), "%s", db_col_text(st, 0) ? db_col_text(st, 0) : "na");
			snprintf(x->due, sizeof(x->due), "%s", db_col_text(st, 1) ? db_col_text(st, 1) : "");
			snprintf(x->done, sizeof(x->done), "%s", db_col_text(st, 2) ? db_col_text(st, 2) : "");
			snprintf(x->proof_entity, sizeof(x->proof_entity), "%s",
				 db_col_text(st, 3) ? db_col_text(st, 3) : "");
			x->proof_id = db_col_int64(st, 4);
			x->id = db_col_int64(st, 5);
			x->n = 1;
		}
		db_finalize(st);
		return s == DB_ROW || s == DB_DONE ? 0 : -1;
	}
	/* due_at is a date or a datetime: a plain string range keeps the index usable */
	st = db_prepare(m->c.db, "SELECT status, COUNT(*) FROM obligation WHERE org_id = ? AND duty = ?"
			" AND due_at >= ? AND due_at <= ? GROUP BY status");
	if (!st || db_bind_int64(st, 1, org) < 0 || db_bind_text(st, 2, d->code) < 0 ||
	    db_bind_text(st, 3, m->first) < 0 ||
	    db_bind_text(st, 4, arena_printf(&m->r->arena, "%s 23:59:59", m->last)) < 0) {
		db_finalize(st);
		return -1;
	}
	while ((s = db_step(st)) == DB_ROW) {
		const char *code = db_col_text(st, 0);
		int n = (int)db_col_int64(st, 1);
		x->n += n;
		if (code && strcmp(code, "overdue") == 0)
			x->overdue += n;
		if (code && strcmp(code, "done_late") == 0)
			x->late += n;
		if (code && strcmp(code, "done") == 0)
			x->done_n += n;
		if (obm_rank_of(code) < obm_rank_of(x->status))
			snprintf(x->status, sizeof(x->status), "%s", code);
	}
	db_finalize(st);
	return s == DB_DONE ? 0 : -1;
}

/* Enterprises of the matrix page (org id and name). */
static struct db_stmt *obm_enterprises(struct obm *m, int64_t limit, int64_t offset)
{
	struct buf sql;
	struct db_stmt *st;
	int idx = 1;

	buf_init(&sql, 8192);
	buf_puts(&sql, "SELECT e.org_id, e.name, e.id FROM enterprise e WHERE e.org_id IS NOT NULL");
	buf_puts(&sql, buf_str(&m->where));
	buf_puts(&sql, " ORDER BY e.name, e.id LIMIT ? OFFSET ?");
	st = db_prepare(m->c.db, buf_str(&sql));
	buf_release(&sql);
	if (!st || qp_bind(st, &m->wherep, &idx) < 0 || db_bind_int64(st, idx, limit) < 0 ||
	    db_bind_int64(st, idx + 1, offset) < 0) {
		db_finalize(st);
		return NULL;
	}
	return st;
}

/* Totals by status over every enterprise of the filter (not only the page). */
static int obm_counts(struct obm *m, int64_t counts[6], int64_t *nent)
{
	struct buf sql;
	struct db_stmt *st;
	int idx = 1, s, rc = -1;

	memset(counts, 0, 6 * sizeof(int64_t));
	buf_init(&sql, 8192);
	buf_puts(&sql, "SELECT COUNT(*) FROM enterprise e WHERE e.org_id IS NOT NULL");
	buf_puts(&sql, buf_str(&m->where));
	st = db_prepare(m->c.db, buf_str(&sql));
	if (!st || qp_bind(st, &m->wherep, &idx) < 0 || db_step(st) != DB_ROW)
		goto out;
	*nent = db_col_int64(st, 0);
	db_finalize(st);
	for (int k = 0; k < m->nduties; k++) {
		const struct obligation_def *d = m->duties[k];
		buf_reset(&sql);
		buf_puts(&sql, "SELECT b.status, COUNT(*) FROM obligation b JOIN enterprise e ON e.org_id = b.org_id"
			 " WHERE b.duty = ?");
		buf_puts(&sql, d->period == OB_EVENT ? " AND b.due_at >= ? AND b.due_at <= ?" :
			 " AND b.period_key = ?");
		buf_puts(&sql, buf_str(&m->where));
		buf_puts(&sql, " GROUP BY b.status");
		idx = 1;
		st = db_prepare(m->c.db, buf_str(&sql));
		if (!st || db_bind_text(st, idx++, d->code) < 0)
			goto out;
		if (d->period == OB_EVENT) {
			if (db_bind_text(st, idx++, m->first) < 0 ||
			    db_bind_text(st, idx++, arena_printf(&m->r->arena, "%s 23:59:59", m->last)) < 0)
				goto out;
		} else if (db_bind_text(st, idx++, m->key) < 0)
			goto out;
		if (qp_bind(st, &m->wherep, &idx) < 0)
			goto out;
		while ((s = db_step(st)) == DB_ROW)
			counts[obm_rank_of(db_col_text(st, 0))] += db_col_int64(st, 1);
		if (s != DB_DONE)
			goto out;
		db_finalize(st);
	}
	st = NULL;
	rc = 0;
out:
	db_finalize(st);
	buf_release(&sql);
	return rc;
}

static void obm_cell_write(struct jw *w, const struct obligation_def *d, const struct obm_cell *x)
{
	jw_key(w, d->code);
	jw_obj_begin(w);
	jw_kstr(w, "status", x->status);
	jw_kstr(w, "status_label", obm_label(x->status));
	if (d->period == OB_EVENT) {
		jw_kint(w, "n", x->n);
		jw_kint(w, "overdue", x->overdue);
		jw_kint(w, "done_late", x->late);
		jw_kint(w, "done", x->done_n);
	} else if (x->n) {
		jw_kint(w, "id", x->id);
		jw_kstr(w, "due_at", x->due);
		jw_kstr(w, "done_at", *x->done ? x->done : NULL);
		jw_kstr(w, "proof_entity", *x->proof_entity ? x->proof_entity : NULL);
		jw_key(w, "proof_id");
		if (x->proof_id)
			jw_int(w, x->proof_id);
		else
			jw_null(w);
	}
	jw_obj_end(w);
}

/* GET /api/obligation/matrix and /export. */
static int obm_h(struct req *r, struct resp *s)
{
	int export = strstr(r->path, "/export") != NULL;
	struct obm m;
	struct verr e;
	struct db_stmt *st = NULL;
	int64_t counts[6], nent = 0;
	int rc, step;

	memset(&m, 0, sizeof(m));
	ent_ctx(r, &m.c);
	m.r = r;
	verr_init(&e, &r->arena);
	if (obm_parse(&m, &e) < 0) {
		rc = verr_send(&e, s);
		goto out;
	}
	if (export) {
		struct ent_xlsx x;
		lxw_row_t row = 1;
		if (ent_xlsx_begin(r, &x) < 0) {
			rc = http_internal(s);
			goto out;
		}
		worksheet_set_column(x.ws, 0, 0, 36, NULL);
		worksheet_write_string(x.ws, 0, 0, "企业", x.bold);
		for (int k = 0; k < m.nduties; k++) {
			worksheet_set_column(x.ws, (lxw_col_t)(k + 1), (lxw_col_t)(k + 1), 18, NULL);
			worksheet_write_string(x.ws, 0, (lxw_col_t)(k + 1), m.duties[k]->label, x.bold);
		}
		st = obm_enterprises(&m, ENT_EXPORT_MAX, 0);
		while (st && (step = db_step(st)) == DB_ROW) {
			worksheet_write_string(x.ws, row, 0, db_col_text(st, 1), NULL);
			for (int k = 0; k < m.nduties; k++) {
				struct obm_cell c;
				const char *txt;
				if (obm_cell(&m, db_col_int64(st, 0), m.duties[k], &c) < 0)
					break;
				txt = m.duties[k]->period == OB_EVENT && c.n ?
					arena_printf(&r->arena, "%s（%d项，逾期%d）", obm_label(c.status), c.n, c.overdue) :
					obm_label(c.status);
				worksheet_write_string(x.ws, row, (lxw_col_t)(k + 1), txt, NULL);
			}
			row++;
		}
		if (!st || step != DB_DONE) {
			ent_xlsx_abort(&x);
			rc = http_internal(s);
			goto out;
		}
		rc = ent_xlsx_finish(r, s, &x, arena_printf(&r->arena, "履职情况_%s", m.label));
		goto out;
	}
	if (obm_counts(&m, counts, &nent) < 0) {
		rc = http_internal(s);
		goto out;
	}
	st = obm_enterprises(&m, m.size, (m.page - 1) * m.size);
	if (!st) {
		rc = http_internal(s);
		goto out;
	}
	{
		struct jw w;
		int64_t on_time = counts[4], due = counts[0] + counts[1] + counts[4];
		s->status = 200;
		resp_json(s, &w);
		jw_obj_begin(&w);
		jw_kstr(&w, "period", m.key);
		jw_kstr(&w, "period_label", m.label);
		jw_kstr(&w, "first", m.first);
		jw_kstr(&w, "last", m.last);
		jw_key(&w, "duties");
		jw_arr_begin(&w);
		for (int k = 0; k < m.nduties; k++) {
			const struct obligation_def *d = m.duties[k];
			jw_obj_begin(&w);
			jw_kstr(&w, "code", d->code);
			jw_kstr(&w, "label", d->label);
			jw_kstr(&w, "source", d->source);
			jw_kstr(&w, "party", d->party == OBP_REGULATOR ? "regulator" : "enterprise");
			jw_kbool(&w, "per_record", d->period == OB_EVENT);
			jw_kstr(&w, "form", d->form);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		jw_key(&w, "items");
		jw_arr_begin(&w);
		while ((step = db_step(st)) == DB_ROW) {
			int64_t org = db_col_int64(st, 0);
			jw_obj_begin(&w);
			jw_kint(&w, "org_id", org);
			jw_kint(&w, "enterprise_id", db_col_int64(st, 2));
			jw_kstr(&w, "name", db_col_text(st, 1));
			jw_key(&w, "cells");
			jw_obj_begin(&w);
			for (int k = 0; k < m.nduties; k++) {
				struct obm_cell c;
				if (obm_cell(&m, org, m.duties[k], &c) < 0) {
					step = DB_ERR;
					break;
				}
				obm_cell_write(&w, m.duties[k], &c);
			}
			jw_obj_end(&w);
			jw_obj_end(&w);
			if (step == DB_ERR)
				break;
		}
		jw_arr_end(&w);
		if (step != DB_DONE) {
			buf_reset(&s->body);
			rc = http_internal(s);
			goto out;
		}
		jw_kint(&w, "total", nent);
		jw_kint(&w, "page", m.page);
		jw_kint(&w, "size", m.size);
		jw_key(&w, "counts");
		jw_obj_begin(&w);
		for (int i = 0; i < 6; i++)
			jw_kint(&w, obm_rank[i], counts[i]);
		jw_obj_end(&w);
		/* 按时完成率: done on time over everything that was due (done, late, overdue) */
		jw_key(&w, "on_time_rate");
		if (due)
			jw_double(&w, (double)on_time / (double)due);
		else
			jw_null(&w);
		jw_obj_end(&w);
	}
	rc = 200;
out:
	db_finalize(st);
	buf_release(&m.where);
	return rc;
}

/* GET /api/obligation/summary[?org_id=]: the caller's scope (or the org's
 * subtree) — counts by status of what falls due up to the end of next month and
 * the on-time rate of the last twelve months, for the cockpit and the home. */
static int obs_h(struct req *r, struct resp *s)
{
	struct obm m;
	struct verr e;
	struct buf sql;
	struct db_stmt *st = NULL;
	int64_t counts[6] = { 0 };
	char today[11], back[11], ahead[11];
	int64_t days;
	int idx = 1, step, rc;
	struct jw w;

	memset(&m, 0, sizeof(m));
	ent_ctx(r, &m.c);
	m.r = r;
	verr_init(&e, &r->arena);
	buf_init(&sql, 8192);
	entity_today(today);
	date_parse(today, &days);
	time_date((time_t)((days - 365) * 86400), back);
	time_date((time_t)((days + 60) * 86400), ahead);
	/* reuse the matrix's scope and org filter (period: this year, unused) */
	if (obm_parse(&m, &e) < 0) {
		rc = verr_send(&e, s);
		goto out;
	}
	buf_puts(&sql, "SELECT b.status, COUNT(*) FROM obligation b JOIN enterprise e ON e.org_id = b.org_id"
		 " WHERE b.due_at >= ? AND b.due_at <= ?");
	buf_puts(&sql, buf_str(&m.where));
	buf_puts(&sql, " GROUP BY b.status");
	st = db_prepare(r->db, buf_str(&sql));
	if (!st || db_bind_text(st, idx++, back) < 0 ||
	    db_bind_text(st, idx++, arena_printf(&r->arena, "%s 23:59:59", ahead)) < 0 ||
	    qp_bind(st, &m.wherep, &idx) < 0) {
		rc = http_internal(s);
		goto out;
	}
	while ((step = db_step(st)) == DB_ROW)
		counts[obm_rank_of(db_col_text(st, 0))] += db_col_int64(st, 1);
	if (step != DB_DONE) {
		rc = http_internal(s);
		goto out;
	}
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kstr(&w, "from", back);
	jw_kstr(&w, "to", ahead);
	jw_key(&w, "counts");
	jw_obj_begin(&w);
	for (int i = 0; i < 6; i++)
		jw_kint(&w, obm_rank[i], counts[i]);
	jw_obj_end(&w);
	jw_key(&w, "on_time_rate");
	if (counts[0] + counts[1] + counts[4])
		jw_double(&w, (double)counts[4] / (double)(counts[0] + counts[1] + counts[4]));
	else
		jw_null(&w);
	jw_obj_end(&w);
	rc = 200;
out:
	db_finalize(st);
	buf_release(&sql);
	buf_release(&m.where);
	return rc;
}

/* The cockpit's part (module table): counts by status of what falls due from a
 * year back to two months ahead in the caller's scope, and the on-time rate — the
 * enterprises' duties, as the summary counts them (the district's own, such as the
 * 区领导's yearly report, are not among them). */
int ob_cockpit(struct ectx *c, struct jw *w)
{
	static const char sql[] =
		"SELECT b.status, COUNT(*) FROM obligation b JOIN enterprise e ON e.org_id = b.org_id"
		" WHERE b.due_at >= ?"
		" AND b.due_at <= ? AND (? = 1 OR b.org_id IN"
		" (SELECT org_id FROM scope_org WHERE viewer = ?)) GROUP BY b.status";
	struct db_stmt *st = db_prepare(c->db, sql);
	int64_t counts[6] = { 0 }, days;
	char today[11], back[11], ahead[11];
	int s;

	entity_today(today);
	date_parse(today, &days);
	time_date((time_t)((days - 365) * 86400), back);
	time_date((time_t)((days + 60) * 86400), ahead);
	if (!st || db_bind_text(st, 1, back) < 0 ||
	    db_bind_text(st, 2, arena_printf(c->arena, "%s 23:59:59", ahead)) < 0 ||
	    db_bind_int64(st, 3, ent_unscoped(c)) < 0 ||
	    db_bind_int64(st, 4, c->user ? c->user->org_id : 0) < 0) {
		db_finalize(st);
		return -1;
	}
	while ((s = db_step(st)) == DB_ROW)
		counts[obm_rank_of(db_col_text(st, 0))] += db_col_int64(st, 1);
	db_finalize(st);
	if (s != DB_DONE)
		return -1;
	jw_key(w, "counts");
	jw_obj_begin(w);
	for (int i = 0; i < 6; i++)
		jw_kint(w, obm_rank[i], counts[i]);
	jw_obj_end(w);
	jw_key(w, "on_time_rate");
	if (counts[0] + counts[1] + counts[4])
		jw_double(w, (double)counts[4] / (double)(counts[0] + counts[1] + counts[4]));
	else
		jw_null(w);
	return 0;
}

static const struct route obm_routes[] = {
	{HTTP_GET, "/api/obligation/matrix", obm_h, 0, 0},
	{HTTP_GET, "/api/obligation/matrix/export", obm_h, 0, 0},
	{HTTP_GET, "/api/obligation/summary", obs_h, 0, 0},
};

void obligation_views_init(void)
{
	router_add(obm_routes, ARRAY_SIZE(obm_routes));
}
