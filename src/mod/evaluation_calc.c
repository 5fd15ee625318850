/*
 * evaluation_calc.c — computing a 考核方案 over its enterprises, publishing it
 * (freezing), the 晾晒 ranking and the drill-down from any number to its records.
 *
 *   GET  /api/eval/scheme/:id/ranking?by=score|ontime|overdue
 *        every enterprise's figures, points, adjustments, vetoes, score, grade and
 *        rank: computed now for a draft, read from the frozen results once
 *        published. The district (who sees the scheme) sees everything; an
 *        enterprise sees a published table (names, scores, grades, ranks) and its
 *        own detail only (the result row's scope decides: entity core).
 *   GET  /api/eval/scheme/:id/source?org_id=&code=
 *        the records behind one figure (an indicator, a veto rule, or "adjust"):
 *        for a draft the indicator's own SQL with the enterprise fixed, for a
 *        published scheme the record ids stored in the frozen result — so they
 *        always add up to the figure shown.
 *   POST /api/eval/scheme/:id/publish
 *        computes once more and stores one eval_result per enterprise (figures,
 *        points, grade, the rows behind every figure) and marks the scheme
 *        published; later changes of the data never touch it.
 *
 * Each catalogue rule is one SQL (evaluation.c); the figures are its GROUP BY
 * org_id counts, the drill-down is the same FROM / WHERE with the org fixed.
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
#include "mod/evaluation.h"
#include "rules/evaluation.h"

#define RB(r) (1u << (r))
#define EV_WRITERS (RB(ROLE_ADMIN) | RB(ROLE_REGULATOR))
#define EV_MAXI 16
#define EV_MAXV 8

struct ev_ent {
	int64_t org;
	char *name;
	int64_t total[EV_MAXI], ok[EV_MAXI];	/* per catalogue indicator */
	int64_t veto[EV_MAXV];			/* findings per catalogue veto */
	int64_t ded, bonus;
	struct ev_result r;
	int rank;
	json_t *rows[EV_MAXI], *vrows[EV_MAXV], *adj;	/* only when freezing */
};

struct ev_run {
	int64_t scheme_id, scheme_org;
	int year;
	char y0[11], y1[11], cut[11];
	struct ev_bands bands;
	int64_t bonus_cap;
	enum ev_grade cap;
	int64_t weight[EV_MAXI];	/* 0 = not in the scheme */
	int veto_on[EV_MAXV];
	struct ev_ent *ents;
	size_t nents;
};

static int64_t centi(double v) { return llround(v * 100); }

static void run_free(struct ev_run *run)
{
	for (size_t i = 0; i < run->nents; i++) {
		struct ev_ent *e = &run->ents[i];

		free(e->name);
		for (size_t k = 0; k < EV_MAXI; k++)
			json_decref(e->rows[k]);
		for (size_t k = 0; k < EV_MAXV; k++)
			json_decref(e->vrows[k]);
		json_decref(e->adj);
	}
	free(run->ents);
	run->ents = NULL;
	run->nents = 0;
}

static struct ev_ent *ent_find(struct ev_run *run, int64_t org)
{
	size_t lo = 0, hi = run->nents;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (run->ents[mid].org == org)
			return &run->ents[mid];
		if (run->ents[mid].org < org)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Appends frag with {y0} {y1} {cut} made parameters; their order goes in ord. */
static void frag_sql(struct buf *b, const char *frag, char *ord, int *n)
{
	while (*frag) {
		const char *p = strchr(frag, '{');
		char k = 0;

		if (!p) {
			buf_puts(b, frag);
			return;
		}
		buf_add(b, frag, (size_t)(p - frag));
		if (strncmp(p, "{y0}", 4) == 0)
			k = '0';
		else if (strncmp(p, "{y1}", 4) == 0)
			k = '1';
		else if (strncmp(p, "{cut}", 5) == 0)
			k = 'c';
		if (!k || *n >= 15)
			BUG("evaluation rule with an unknown token");
		buf_putc(b, '?');
		ord[(*n)++] = k;
		frag = p + (k == 'c' ? 5 : 4);
	}
}

static int frag_bind(struct db_stmt *st, const struct ev_run *run, const char *ord, int n,
		     int *idx)
{
	for (int i = 0; i < n; i++) {
		const char *v = ord[i] == '0' ? run->y0 : ord[i] == '1' ? run->y1 : run->cut;

		if (db_bind_text(st, (*idx)++, v) < 0)
			return -1;
	}
	return 0;
}

/* The scheme's configuration and (with_ents) its enterprises. 0 ok, -1 error. */
static int run_config(struct ectx *c, const json_t *scheme, struct ev_run *run, int with_ents)
{
	struct db_stmt *st;
	char today[11];
	const char *cap = row_str(scheme, "veto_cap");
	int g;

	memset(run, 0, sizeof(*run));
	run->scheme_id = row_int(scheme, "id");
	run->scheme_org = row_int(scheme, "org_id");
	run->year = (int)row_int(scheme, "year");
	snprintf(run->y0, sizeof(run->y0), "%04d-01-01", run->year);
	snprintf(run->y1, sizeof(run->y1), "%04d-12-31", run->year);
	entity_today(today);
	memcpy(run->cut, strcmp(today, run->y1) < 0 ? today : run->y1, 11);
	run->bands.excellent = centi(json_number_value(json_object_get(scheme, "band_excellent")));
	run->bands.good = centi(json_number_value(json_object_get(scheme, "band_good")));
	run->bands.pass = centi(json_number_value(json_object_get(scheme, "band_pass")));
	if (!ev_bands_ok(&run->bands))
		run->bands = (struct ev_bands)EV_BANDS_DEFAULT;
	run->bonus_cap = centi(json_number_value(json_object_get(scheme, "bonus_cap")));
	g = ev_grade_parse(cap);
	run->cap = g < 0 ? EV_GOOD : (enum ev_grade)g;
	for (size_t v = 0; v < ev_nvetoes; v++)
		run->veto_on[v] = row_bool(scheme, ev_vetoes[v].flag);

	st = db_prepare(c->db, "SELECT code, weight FROM eval_indicator WHERE scheme_id = ?");
	if (!st || db_bind_int64(st, 1, run->scheme_id) < 0)
		goto fail;
	while ((g = db_step(st)) == DB_ROW) {
		const struct ev_rule *r = ev_indicator_find(db_col_text(st, 0));

		if (r)
			run->weight[r - ev_indicators] = centi(db_col_double(st, 1));
	}
	if (g != DB_DONE)
		goto fail;
	db_finalize(st);
	if (!with_ents)
		return 0;

	/* the enterprises the scheme's regulator oversees (the scope table of the core) */
	st = db_prepare(c->db,
		"SELECT e.org_id, e.name FROM enterprise e WHERE e.org_id IN"
		" (SELECT org_id FROM scope_org WHERE viewer = ?)"
		" AND COALESCE(e.archive_status, 'active') <> 'archived' ORDER BY e.org_id");
	if (!st || db_bind_int64(st, 1, run->scheme_org) < 0)
		goto fail;
	{
		size_t cap_n = 64;

		run->ents = xcalloc(cap_n, sizeof(*run->ents));
		while ((g = db_step(st)) == DB_ROW) {
			struct ev_ent *e;

			if (run->nents == cap_n) {
				run->ents = xrealloc(run->ents, 2 * cap_n * sizeof(*run->ents));
				memset(run->ents + cap_n, 0, cap_n * sizeof(*run->ents));
				cap_n *= 2;
			}
			e = &run->ents[run->nents++];
			e->org = db_col_int64(st, 0);
			e->name = xstrdup(db_col_text(st, 1) ? db_col_text(st, 1) : "");
		}
		if (g != DB_DONE)
			goto fail;
	}
	db_finalize(st);
	return 0;
fail:
	log_err("evaluation: load scheme %" PRId64 ": %s", run->scheme_id, db_errmsg(c->db));
	db_finalize(st);
	run_free(run);
	return -1;
}

/* The figures of one rule for every enterprise (GROUP BY), or, with rows, every
 * record (id, ok, title, date) appended to the enterprise's array. */
static int run_load(struct ectx *c, const json_t *scheme, struct ev_run *run)
{
	return run_config(c, scheme, run, 1);
}

static int rule_figures(struct ectx *c, struct ev_run *run, const struct ev_rule *r, int veto,
			size_t k, int rows)
{
	struct buf b;
	struct db_stmt *st = NULL;
	char ord[16];
	int n = 0, idx = 1, rc;

	buf_init(&b, 1 << 16);
	if (rows) {
		buf_printf(&b, "SELECT t.org_id, t.id, CASE WHEN %s THEN 1 ELSE 0 END, %s, %s FROM %s WHERE ",
			   r->ok ? r->ok : "1 = 0", r->title, r->date, r->from);
		frag_sql(&b, r->where, ord, &n);
		buf_puts(&b, " ORDER BY t.org_id, t.id");
	} else {
		buf_printf(&b, "SELECT t.org_id, COUNT(*), SUM(CASE WHEN %s THEN 1 ELSE 0 END) FROM %s WHERE ",
			   r->ok ? r->ok : "1 = 0", r->from);
		frag_sql(&b, r->where, ord, &n);
		buf_puts(&b, " GROUP BY t.org_id");
	}
	if (buf_failed(&b) || !(st = db_prepare(c->db, buf_str(&b))) ||
	    frag_bind(st, run, ord, n, &idx) < 0)
		goto fail;
	while ((rc = db_step(st)) == DB_ROW) {
		struct ev_ent *e = ent_find(run, db_col_int64(st, 0));

		if (!e)
			continue;
		if (!rows) {
			if (veto)
				e->veto[k] = db_col_int64(st, 1);
			else {
				e->total[k] = db_col_int64(st, 1);
				e->ok[k] = db_col_int64(st, 2);
			}
			continue;
		}
		{
			json_t **a = veto ? &e->vrows[k] : &e->rows[k];

			if (!*a)
				*a = json_array();
			json_array_append_new(*a, json_pack("[I,b,s?,s?]", (json_int_t)db_col_int64(st, 1),
							    (int)db_col_int64(st, 2), db_col_text(st, 3),
							    db_col_text(st, 4)));
		}
	}
	if (rc != DB_DONE)
		goto fail;
	db_finalize(st);
	buf_release(&b);
	return 0;
fail:
	log_err("evaluation: rule %s: %s", r->code, db_errmsg(c->db));
	db_finalize(st);
	buf_release(&b);
	return -1;
}

static int cmp_score(const void *a, const void *b)
{
	const struct ev_ent *x = a, *y = b;

	if (x->r.score != y->r.score)
		return x->r.score > y->r.score ? -1 : 1;
	return x->org < y->org ? -1 : x->org > y->org;
}

/* Every figure, adjustment and veto, then the score, grade and rank. */
static int run_compute(struct ectx *c, struct ev_run *run, int rows)
{
	struct db_stmt *st;
	int rc;

	for (size_t k = 0; k < ev_nindicators && k < EV_MAXI; k++)
		if (rule_figures(c, run, &ev_indicators[k], 0, k, 0) < 0 ||
		    (rows && rule_figures(c, run, &ev_indicators[k], 0, k, 1) < 0))
			return -1;
	for (size_t k = 0; k < ev_nvetoes && k < EV_MAXV; k++)
		if (run->veto_on[k] && (rule_figures(c, run, &ev_vetoes[k], 1, k, 0) < 0 ||
					(rows && rule_figures(c, run, &ev_vetoes[k], 1, k, 1) < 0)))
			return -1;
	st = db_prepare(c->db, "SELECT org_id, id, kind, points, reason FROM eval_adjust"
			       " WHERE scheme_id = ? ORDER BY org_id, id");
	if (!st || db_bind_int64(st, 1, run->scheme_id) < 0) {
		db_finalize(st);
		return -1;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		struct ev_ent *e = ent_find(run, db_col_int64(st, 0));
		const char *kind = db_col_text(st, 2);
		int64_t p = centi(db_col_double(st, 3));

		if (!e)
			continue;
		if (kind && strcmp(kind, "bonus") == 0)
			e->bonus += p;
		else
			e->ded += p;
		if (rows) {
			if (!e->adj)
				e->adj = json_array();
			json_array_append_new(e->adj, json_pack("{s:I,s:s?,s:f,s:s?}", "id",
				(json_int_t)db_col_int64(st, 1), "kind", kind, "points", p / 100.0,
				"reason", db_col_text(st, 4)));
		}
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return -1;
	for (size_t i = 0; i < run->nents; i++) {
		struct ev_ent *e = &run->ents[i];
		struct ev_indicator ind[EV_MAXI];
		struct ev_input in = { ind, 0, e->ded, e->bonus, run->bonus_cap, 0, run->cap };

		for (size_t k = 0; k < ev_nindicators; k++)
			if (run->weight[k] > 0)
				ind[in.nind++] = (struct ev_indicator){ run->weight[k], e->total[k], e->ok[k] };
		for (size_t k = 0; k < ev_nvetoes; k++)
			in.vetoes += e->veto[k] > 0;
		if (ev_score(&in, &run->bands, &e->r) < 0)
			return -1;
	}
	qsort(run->ents, run->nents, sizeof(*run->ents), cmp_score);
	for (size_t i = 0; i < run->nents; i++)
		run->ents[i].rank = i && run->ents[i].r.score == run->ents[i - 1].r.score ?
			run->ents[i - 1].rank : (int)i + 1;
	/* back to org order for lookups */
	return 0;
}

/* index of the catalogue's on-time and overdue figures for the ranking */
#define K_HAZARD 0		/* hazard_ontime */
#define K_ONTIME 2		/* obligation_ontime */

static int ent_vetoed(const struct ev_ent *e)
{
	for (size_t k = 0; k < ev_nvetoes; k++)
		if (e->veto[k] > 0)
			return 1;
	return 0;
}

static double rate_of(int64_t ok, int64_t total)
{
	return total ? round(ok * 1000.0 / total) / 10.0 : 100.0;
}

/* ------------------------------------------------------------ JSON output */

static void write_figures(struct jw *w, const struct ev_run *run, const struct ev_ent *e)
{
	jw_key(w, "figures");
	jw_obj_begin(w);
	for (size_t k = 0; k < ev_nindicators; k++) {
		struct ev_indicator in = { run->weight[k] ? run->weight[k] : 1, e->total[k], e->ok[k] };

		jw_key(w, ev_indicators[k].code);
		jw_obj_begin(w);
		jw_kint(w, "total", e->total[k]);
		jw_kint(w, "ok", e->ok[k]);
		jw_key(w, "points");
		if (run->weight[k])
			jw_double(w, ev_points(&in) / 100.0);
		else
			jw_null(w);
		jw_obj_end(w);
	}
	jw_obj_end(w);
	jw_key(w, "vetoes");
	jw_arr_begin(w);
	for (size_t k = 0; k < ev_nvetoes; k++)
		if (e->veto[k] > 0) {
			jw_obj_begin(w);
			jw_kstr(w, "code", ev_vetoes[k].code);
			jw_kstr(w, "label", ev_vetoes[k].label);
			jw_kint(w, "count", e->veto[k]);
			jw_obj_end(w);
		}
	jw_arr_end(w);
}

static void write_head(struct jw *w, const struct ev_run *run, const json_t *scheme, int frozen)
{
	jw_key(w, "scheme");
	jw_obj_begin(w);
	jw_kint(w, "id", run->scheme_id);
	jw_kstr(w, "name", row_str(scheme, "name"));
	jw_kint(w, "year", run->year);
	jw_kstr(w, "status", row_str(scheme, "status"));
	jw_kstr(w, "published_at", row_str(scheme, "published_at"));
	jw_obj_end(w);
	jw_kbool(w, "frozen", frozen);
	jw_key(w, "indicators");
	jw_arr_begin(w);
	for (size_t k = 0; k < ev_nindicators; k++)
		if (run->weight[k]) {
			jw_obj_begin(w);
			jw_kstr(w, "code", ev_indicators[k].code);
			jw_kstr(w, "label", ev_indicators[k].label);
			jw_kstr(w, "source", ev_indicators[k].source);
			jw_key(w, "weight");
			jw_double(w, run->weight[k] / 100.0);
			jw_obj_end(w);
		}
	jw_arr_end(w);
	jw_key(w, "veto_rules");
	jw_arr_begin(w);
	for (size_t k = 0; k < ev_nvetoes; k++)
		if (run->veto_on[k]) {
			jw_obj_begin(w);
			jw_kstr(w, "code", ev_vetoes[k].code);
			jw_kstr(w, "label", ev_vetoes[k].label);
			jw_kstr(w, "source", ev_vetoes[k].source);
			jw_obj_end(w);
		}
	jw_arr_end(w);
}

static int by_key(const char *by)
{
	if (!by || !*by || strcmp(by, "score") == 0)
		return 0;
	if (strcmp(by, "ontime") == 0)
		return 1;
	if (strcmp(by, "overdue") == 0)
		return 2;
	return -1;
}

/* The row order of the ranking table by key (0 score, 1 on-time rate, 2 overdue
 * hazards), as indexes into the items. */
struct rank_row { double key; int64_t org; size_t i; };
static int cmp_rank_row(const void *a, const void *b)
{
	const struct rank_row *x = a, *y = b;

	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;
	return x->org < y->org ? -1 : x->org > y->org;
}

/* ------------------------------------------------------------------ routes */

/* The scheme if c may see it (the district), else NULL. */
static json_t *scheme_of(struct req *r, struct ectx *c)
{
	int64_t id = req_param_id(r, 0);

	return id ? entity_get(c, &eval_scheme_def, id) : NULL;
}

static int is_published(const json_t *scheme)
{
	const char *s = row_str(scheme, "status");

	return s && strcmp(s, "published") == 0;
}

/* The enterprise of the caller's org (0 if none). */
static int64_t caller_enterprise(struct req *r)
{
	int64_t e = org_enterprise_of(r->db, r->user->org_id);

	return e > 0 ? e : 0;
}

/* The frozen result id of (scheme, org) if c may see it: the core's scope on the
 * result row decides. 0 none/not visible, -1 error. */
static int64_t visible_result(struct ectx *c, int64_t scheme, int64_t org)
{
	int64_t params[2] = { scheme, org }, id = 0;
	json_t *row;

	if (db_query_int64v(c->db, "SELECT id FROM eval_result WHERE scheme_id = ? AND org_id = ?",
			    params, 2, &id, 0) != 0)
		return -1;
	if (!id)
		return 0;
	row = entity_get(c, &eval_result_def, id);
	if (!row)
		return 0;
	json_decref(row);
	return id;
}

/* The live ranking of a draft (the district only). */
static int ranking_live(struct req *r, struct resp *s, struct ectx *c, const json_t *scheme,
			int key)
{
	struct ev_run run;
	struct rank_row *order;
	struct jw w;

	if (run_load(c, scheme, &run) < 0)
		return http_internal(s);
	if (run_compute(c, &run, 0) < 0) {
		run_free(&run);
		return http_internal(s);
	}
	order = xcalloc(run.nents ? run.nents : 1, sizeof(*order));
	for (size_t i = 0; i < run.nents; i++) {
		const struct ev_ent *e = &run.ents[i];

		order[i].i = i;
		order[i].org = e->org;
		order[i].key = key == 0 ? e->r.score : key == 1 ?
			rate_of(e->ok[K_ONTIME], e->total[K_ONTIME]) :
			(double)(e->total[K_HAZARD] - e->ok[K_HAZARD]);
	}
	if (key)
		qsort(order, run.nents, sizeof(*order), cmp_rank_row);
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	write_head(&w, &run, scheme, 0);
	jw_kint(&w, "total", (int64_t)run.nents);
	jw_key(&w, "items");
	jw_arr_begin(&w);
	for (size_t j = 0; j < run.nents; j++) {
		const struct ev_ent *e = &run.ents[order[j].i];

		jw_obj_begin(&w);
		jw_kint(&w, "org_id", e->org);
		jw_kstr(&w, "enterprise_name", e->name);
		jw_kint(&w, "rank", e->rank);
		jw_key(&w, "score");
		jw_double(&w, e->r.score / 100.0);
		jw_key(&w, "points");
		jw_double(&w, e->r.points / 100.0);
		jw_key(&w, "deductions");
		jw_double(&w, e->ded / 100.0);
		jw_key(&w, "bonuses");
		jw_double(&w, e->bonus / 100.0);
		jw_kstr(&w, "grade", ev_grade_code(e->r.grade));
		jw_kstr(&w, "grade_label", ev_grade_label(e->r.grade));
		jw_kstr(&w, "grade_by_score", ev_grade_code(e->r.by_score));
		jw_kbool(&w, "vetoed", ent_vetoed(e));
		jw_kbool(&w, "capped", e->r.capped);
		jw_key(&w, "ontime_rate");
		jw_double(&w, rate_of(e->ok[K_ONTIME], e->total[K_ONTIME]));
		jw_kint(&w, "overdue_hazards", e->total[K_HAZARD] - e->ok[K_HAZARD]);
		write_figures(&w, &run, e);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	free(order);
	run_free(&run);
	return 200;
}

/* The frozen ranking of a published scheme: detail (figures, vetoes) for the rows
 * the caller may see (the district: all; an enterprise: its own). */
static int ranking_frozen(struct req *r, struct resp *s, struct ectx *c, const json_t *scheme,
			  int key, int district, int64_t own)
{
	static const char *const order_by[] = {
		"rank, org_id", "ontime_rate DESC, org_id", "overdue_hazards DESC, org_id"
	};
	struct ev_run run;
	struct db_stmt *st;
	struct buf sql;
	struct jw w;
	int64_t n = 0;
	int rc;

	/* a published scheme and its indicators can no longer change: its head is
	 * the configuration it was frozen with */
	if (run_config(c, scheme, &run, 0) < 0)
		return http_internal(s);
	buf_init(&sql, 4096);
	buf_printf(&sql, "SELECT id, org_id, enterprise_name, rank, score, points, deductions,"
		   " bonuses, grade, grade_by_score, vetoed, veto_text, ontime_rate,"
		   " overdue_hazards, figures FROM eval_result WHERE scheme_id = ? ORDER BY %s",
		   order_by[key]);
	st = db_prepare(r->db, buf_str(&sql));
	buf_release(&sql);
	if (!st || db_bind_int64(st, 1, run.scheme_id) < 0) {
		db_finalize(st);
		return http_internal(s);
	}
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	write_head(&w, &run, scheme, 1);
	jw_key(&w, "items");
	jw_arr_begin(&w);
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t org = db_col_int64(st, 1);
		int mine = district || org == own;

		jw_obj_begin(&w);
		jw_kint(&w, "result_id", mine ? db_col_int64(st, 0) : 0);
		jw_kint(&w, "org_id", org);
		jw_kstr(&w, "enterprise_name", db_col_text(st, 2));
		jw_kint(&w, "rank", db_col_int64(st, 3));
		jw_key(&w, "score");
		jw_double(&w, db_col_double(st, 4));
		jw_kstr(&w, "grade", db_col_text(st, 8));
		jw_kbool(&w, "vetoed", (int)db_col_int64(st, 10));
		jw_key(&w, "ontime_rate");
		jw_double(&w, db_col_double(st, 12));
		jw_kint(&w, "overdue_hazards", db_col_int64(st, 13));
		jw_kbool(&w, "mine", org == own);
		if (mine) {
			json_t *d = json_loads(db_col_text(st, 14) ? db_col_text(st, 14) : "{}", 0, NULL);

			jw_key(&w, "points");
			jw_double(&w, db_col_double(st, 5));
			jw_key(&w, "deductions");
			jw_double(&w, db_col_double(st, 6));
			jw_key(&w, "bonuses");
			jw_double(&w, db_col_double(st, 7));
			jw_kstr(&w, "grade_by_score", db_col_text(st, 9));
			jw_kstr(&w, "veto_text", db_col_text(st, 11));
			jw_key(&w, "figures");
			jw_obj_begin(&w);
			{
				json_t *inds = json_object_get(d, "indicators"), *x;
				size_t i;

				json_array_foreach(inds, i, x) {
					jw_key(&w, row_str(x, "code"));
					jw_obj_begin(&w);
					jw_kint(&w, "total", row_int(x, "total"));
					jw_kint(&w, "ok", row_int(x, "ok"));
					jw_key(&w, "points");
					if (json_is_number(json_object_get(x, "points")))
						jw_double(&w, json_number_value(json_object_get(x, "points")));
					else
						jw_null(&w);
					jw_obj_end(&w);
				}
			}
			jw_obj_end(&w);
			jw_key(&w, "vetoes");
			jw_arr_begin(&w);
			{
				json_t *vs = json_object_get(d, "vetoes"), *x;
				size_t i;

				json_array_foreach(vs, i, x) {
					jw_obj_begin(&w);
					jw_kstr(&w, "code", row_str(x, "code"));
					jw_kstr(&w, "label", row_str(x, "label"));
					jw_kint(&w, "count", row_int(x, "count"));
					jw_obj_end(&w);
				}
			}
			jw_arr_end(&w);
			json_decref(d);
		}
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	if (db_query_int64p(r->db, "SELECT COUNT(*) FROM eval_result WHERE scheme_id = ?",
			    run.scheme_id, &n, 0) == 0)
		jw_kint(&w, "total", n);
	jw_obj_end(&w);
	db_finalize(st);
	if (rc != DB_DONE) {
		s->status = 500;
		buf_reset(&s->body);
		return http_internal(s);
	}
	return 200;
}

/* GET /api/eval/scheme/:id/ranking */
static int h_ranking(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	int key = by_key(req_query(r, "by"));
	json_t *scheme;
	int rc;

	if (key < 0)
		return http_error(s, 400, "validation", "排序方式须为 得分(score)、履职按时率(ontime) 或 逾期隐患(overdue)", "by");
	scheme = scheme_of(r, &c);
	if (scheme) {
		rc = is_published(scheme) ? ranking_frozen(r, s, &c, scheme, key, 1, 0) :
			ranking_live(r, s, &c, scheme, key);
		json_decref(scheme);
		return rc;
	}
	/* an enterprise: a published scheme in which it has a (visible) result */
	{
		struct ectx sys = { .db = r->db, .arena = &r->arena };
		int64_t id = req_param_id(r, 0), own = caller_enterprise(r), res;
		json_t *sc = id ? entity_get(&sys, &eval_scheme_def, id) : NULL;

		if (!sc || !is_published(sc) || !own) {
			json_decref(sc);
			return http_not_found(s);
		}
		res = visible_result(&c, id, own);
		if (res <= 0) {
			json_decref(sc);
			return res < 0 ? http_internal(s) : http_not_found(s);
		}
		rc = ranking_frozen(r, s, &c, sc, key, 0, own);
		json_decref(sc);
		return rc;
	}
}

static const struct ev_rule *rule_of(const char *code, int *veto)
{
	const struct ev_rule *x = ev_indicator_find(code);

	*veto = 0;
	if (x)
		return x;
	*veto = 1;
	return ev_veto_find(code);
}

static void write_source_head(struct jw *w, const char *code, const struct ev_rule *x, int veto,
			      int frozen, int64_t org)
{
	jw_kstr(w, "code", code);
	jw_kstr(w, "label", x ? x->label : "考核加减分");
	jw_kstr(w, "entity", x ? x->entity : "eval_adjust");
	jw_kstr(w, "source", x ? x->source : "考核方案的加减分认定");
	jw_kstr(w, "kind", x ? (veto ? "veto" : "indicator") : "adjust");
	jw_kbool(w, "frozen", frozen);
	jw_kint(w, "org_id", org);
}

/* The records of a draft: the rule's own SQL with the enterprise fixed. */
static int source_live(struct req *r, struct resp *s, struct ectx *c, const json_t *scheme,
		       const char *code, int64_t org)
{
	struct ev_run run;
	int veto;
	const struct ev_rule *x = rule_of(code, &veto);
	struct buf b;
	struct db_stmt *st = NULL;
	char ord[16];
	int n = 0, idx = 1, rc;
	int64_t total = 0, ok = 0;
	struct jw w;

	if (run_config(c, scheme, &run, 0) < 0)	/* the year's bounds */
		return http_internal(s);
	buf_init(&b, 1 << 16);
	if (x) {
		buf_printf(&b, "SELECT t.id, CASE WHEN %s THEN 1 ELSE 0 END, %s, %s FROM %s WHERE ",
			   x->ok ? x->ok : "1 = 0", x->title, x->date, x->from);
		frag_sql(&b, x->where, ord, &n);
		buf_puts(&b, " AND t.org_id = ? ORDER BY t.id");
	} else {
		buf_puts(&b, "SELECT t.id, CASE WHEN t.kind = 'bonus' THEN 1 ELSE 0 END, t.reason,"
			     " t.adjust_date, t.points, t.kind FROM eval_adjust t WHERE t.scheme_id = ?"
			     " AND t.org_id = ? ORDER BY t.id");
	}
	if (buf_failed(&b) || !(st = db_prepare(r->db, buf_str(&b)))) {
		buf_release(&b);
		return http_internal(s);
	}
	buf_release(&b);
	if ((x ? frag_bind(st, &run, ord, n, &idx) : db_bind_int64(st, idx++, run.scheme_id)) < 0 ||
	    db_bind_int64(st, idx, org) < 0) {
		db_finalize(st);
		return http_internal(s);
	}
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	write_source_head(&w, code, x, veto, 0, org);
	jw_key(&w, "items");
	jw_arr_begin(&w);
	while ((rc = db_step(st)) == DB_ROW) {
		jw_obj_begin(&w);
		jw_kint(&w, "id", db_col_int64(st, 0));
		jw_kbool(&w, "ok", (int)db_col_int64(st, 1));
		jw_kstr(&w, "title", db_col_text(st, 2));
		jw_kstr(&w, "date", db_col_text(st, 3));
		if (!x) {
			jw_key(&w, "points");
			jw_double(&w, db_col_double(st, 4));
			jw_kstr(&w, "adjust_kind", db_col_text(st, 5));
		}
		jw_obj_end(&w);
		total++;
		ok += db_col_int64(st, 1);
	}
	jw_arr_end(&w);
	jw_kint(&w, "total", total);
	jw_kint(&w, "ok", ok);
	jw_obj_end(&w);
	db_finalize(st);
	if (rc != DB_DONE) {
		buf_reset(&s->body);
		return http_internal(s);
	}
	return 200;
}

/* The records stored in a frozen result. */
static int source_frozen(struct req *r, struct resp *s, struct ectx *c, int64_t result_id,
			 const char *code, int64_t org)
{
	json_t *res = entity_get(c, &eval_result_def, result_id), *d, *part = NULL, *x, *rows;
	int veto;
	const struct ev_rule *rule = rule_of(code, &veto);
	int64_t total = 0, ok = 0;
	size_t i;
	struct jw w;

	(void)r;
	if (!res)
		return http_not_found(s);
	json_decref(res);
	/* visible: its snapshot (a secret column, not in the row entity_get gives) */
	{
		struct db_stmt *st = db_prepare(c->db, "SELECT detail FROM eval_result WHERE id = ?");

		if (!st || db_bind_int64(st, 1, result_id) < 0 || db_step(st) != DB_ROW) {
			db_finalize(st);
			return http_internal(s);
		}
		d = json_loads(db_col_text(st, 0) ? db_col_text(st, 0) : "{}", 0, NULL);
		db_finalize(st);
	}
	json_array_foreach(json_object_get(d, rule ? (veto ? "vetoes" : "indicators") : "adjustments"), i, x)
		if (!rule || (row_str(x, "code") && strcmp(row_str(x, "code"), code) == 0)) {
			part = x;
			break;
		}
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	write_source_head(&w, code, rule, veto, 1, org);
	jw_kint(&w, "result_id", result_id);
	jw_key(&w, "items");
	jw_arr_begin(&w);
	if (rule) {
		rows = json_object_get(part, "rows");
		json_array_foreach(rows, i, x) {
			jw_obj_begin(&w);
			jw_kint(&w, "id", json_integer_value(json_array_get(x, 0)));
			jw_kbool(&w, "ok", json_is_true(json_array_get(x, 1)));
			jw_kstr(&w, "title", json_string_value(json_array_get(x, 2)));
			jw_kstr(&w, "date", json_string_value(json_array_get(x, 3)));
			jw_obj_end(&w);
			total++;
			ok += json_is_true(json_array_get(x, 1));
		}
	} else {
		json_array_foreach(json_object_get(d, "adjustments"), i, x) {
			int bonus = row_str(x, "kind") && strcmp(row_str(x, "kind"), "bonus") == 0;

			jw_obj_begin(&w);
			jw_kint(&w, "id", row_int(x, "id"));
			jw_kbool(&w, "ok", bonus);
			jw_kstr(&w, "title", row_str(x, "reason"));
			jw_key(&w, "points");
			jw_double(&w, json_number_value(json_object_get(x, "points")));
			jw_kstr(&w, "adjust_kind", row_str(x, "kind"));
			jw_obj_end(&w);
			total++;
			ok += bonus;
		}
	}
	jw_arr_end(&w);
	jw_kint(&w, "total", total);
	jw_kint(&w, "ok", ok);
	jw_obj_end(&w);
	json_decref(d);
	return 200;
}

/* GET /api/eval/scheme/:id/source?org_id=&code= */
static int h_source(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	struct ectx sys = { .db = r->db, .arena = &r->arena };
	const char *code = req_query(r, "code");
	int64_t org = entity_parse_id(req_query(r, "org_id")), id = req_param_id(r, 0), res;
	json_t *scheme;
	int veto, rc;

	if (!code || (!rule_of(code, &veto) && strcmp(code, "adjust") != 0))
		return http_error(s, 400, "validation", "请指定考核指标、否决事项或加减分（code）", "code");
	if (!org)
		return http_error(s, 400, "validation", "请指定企业（org_id）", "org_id");
	scheme = id ? entity_get(&sys, &eval_scheme_def, id) : NULL;
	if (!scheme)
		return http_not_found(s);
	if (is_published(scheme)) {
		json_decref(scheme);
		res = visible_result(&c, id, org);
		if (res < 0)
			return http_internal(s);
		return res ? source_frozen(r, s, &c, res, code, org) : http_not_found(s);
	}
	json_decref(scheme);
	/* a draft: only who sees the scheme, for an enterprise it sees */
	scheme = entity_get(&c, &eval_scheme_def, id);
	if (!scheme)
		return http_not_found(s);
	rc = scope_row_visible(&c, org);
	if (rc <= 0) {
		json_decref(scheme);
		return rc < 0 ? http_internal(s) : http_not_found(s);
	}
	rc = source_live(r, s, &c, scheme, code, org);
	json_decref(scheme);
	return rc;
}

/* ---------------------------------------------------------------- publish */

/* The small part of the snapshot the ranking reads: figures and veto counts. */
static json_t *figures_of(const struct ev_run *run, const struct ev_ent *e)
{
	json_t *d = json_object(), *inds = json_array(), *vs = json_array();

	for (size_t k = 0; k < ev_nindicators; k++) {
		struct ev_indicator in = { run->weight[k] ? run->weight[k] : 1, e->total[k], e->ok[k] };
		json_t *x = json_pack("{s:s,s:I,s:I}", "code", ev_indicators[k].code,
				      "total", (json_int_t)e->total[k], "ok", (json_int_t)e->ok[k]);

		if (run->weight[k])
			json_object_set_new(x, "points", json_real(ev_points(&in) / 100.0));
		json_array_append_new(inds, x);
	}
	for (size_t k = 0; k < ev_nvetoes; k++)
		if (e->veto[k] > 0)
			json_array_append_new(vs, json_pack("{s:s,s:s,s:I}", "code", ev_vetoes[k].code,
				"label", ev_vetoes[k].label, "count", (json_int_t)e->veto[k]));
	json_object_set_new(d, "indicators", inds);
	json_object_set_new(d, "vetoes", vs);
	return d;
}

static json_t *detail_of(const struct ev_run *run, const struct ev_ent *e)
{
	json_t *d = json_object(), *inds = json_array(), *vs = json_array();

	for (size_t k = 0; k < ev_nindicators; k++) {
		struct ev_indicator in = { run->weight[k] ? run->weight[k] : 1, e->total[k], e->ok[k] };
		json_t *x = json_pack("{s:s,s:s,s:I,s:I,s:o}", "code", ev_indicators[k].code,
				      "label", ev_indicators[k].label, "total", (json_int_t)e->total[k],
				      "ok", (json_int_t)e->ok[k], "rows",
				      e->rows[k] ? json_incref(e->rows[k]) : json_array());

		if (run->weight[k]) {
			json_object_set_new(x, "weight", json_real(run->weight[k] / 100.0));
			json_object_set_new(x, "points", json_real(ev_points(&in) / 100.0));
		}
		json_array_append_new(inds, x);
	}
	for (size_t k = 0; k < ev_nvetoes; k++)
		if (e->veto[k] > 0)
			json_array_append_new(vs, json_pack("{s:s,s:s,s:o}", "code", ev_vetoes[k].code,
				"label", ev_vetoes[k].label, "rows",
				e->vrows[k] ? json_incref(e->vrows[k]) : json_array()));
	json_object_set_new(d, "indicators", inds);
	json_object_set_new(d, "vetoes", vs);
	json_object_set_new(d, "adjustments", e->adj ? json_incref(e->adj) : json_array());
	return d;
}

int ev_publish_tx(struct ectx *c, int64_t scheme_id)
{
	struct ectx sys = { .db = c->db, .user = c->user, .arena = c->arena, .sys = 1 };
	json_t *scheme = entity_get(&sys, &eval_scheme_def, scheme_id), *set;
	struct ev_run run;
	struct verr e;
	char now[20];

	verr_init(&e, c->arena);
	if (!scheme)
		return -1;
	if (run_load(c, scheme, &run) < 0 || run_compute(c, &run, 1) < 0) {
		json_decref(scheme);
		run_free(&run);
		return -1;
	}
	entity_now(now);
	for (size_t i = 0; i < run.nents; i++) {
		const struct ev_ent *x = &run.ents[i];
		json_t *d = detail_of(&run, x), *fg = figures_of(&run, x), *obj;
		char *text = json_dumps(d, JSON_COMPACT), *ftext = json_dumps(fg, JSON_COMPACT);
		char vt[1000] = "";
		size_t off = 0;
		int vetoed = 0;

		for (size_t k = 0; k < ev_nvetoes; k++)
			if (x->veto[k] > 0) {
				int m = snprintf(vt + off, sizeof(vt) - off, "%s%s（%" PRId64 "）",
						 off ? "；" : "", ev_vetoes[k].label, x->veto[k]);
				if (m > 0 && (size_t)m < sizeof(vt) - off)
					off += (size_t)m;
				vetoed = 1;
			}
		obj = json_pack("{s:I,s:I,s:I,s:s,s:I,s:I,s:f,s:f,s:f,s:f,s:s,s:s,s:b,s:s,s:f,s:I,s:s,s:s}",
			"org_id", (json_int_t)x->org, "scheme_id", (json_int_t)scheme_id,
			"year", (json_int_t)run.year, "enterprise_name", x->name,
			"rank", (json_int_t)x->rank, "ranked", (json_int_t)run.nents,
			"score", x->r.score / 100.0, "points", x->r.points / 100.0,
			"deductions", x->ded / 100.0, "bonuses", x->bonus / 100.0,
			"grade", ev_grade_code(x->r.grade), "grade_by_score", ev_grade_code(x->r.by_score),
			"vetoed", vetoed, "veto_text", vt,
			"ontime_rate", rate_of(x->ok[K_ONTIME], x->total[K_ONTIME]),
			"overdue_hazards", (json_int_t)(x->total[K_HAZARD] - x->ok[K_HAZARD]),
			"published_at", now, "detail", text ? text : "{}");
		if (obj)
			json_object_set_new(obj, "figures", json_string(ftext ? ftext : "{}"));
		free(text);
		free(ftext);
		json_decref(d);
		json_decref(fg);
		if (!obj || entity_sys_create_tx(&sys, &eval_result_def, obj, &e) < 0) {
			log_err("evaluation: freeze %s: %s", x->name, e.message ? e.message : "?");
			json_decref(obj);
			json_decref(scheme);
			run_free(&run);
			return -1;
		}
		json_decref(obj);
	}
	run_free(&run);
	json_decref(scheme);
	set = json_pack("{s:s,s:s,s:I}", "status", "published", "published_at", now,
			"published_by", (json_int_t)(c->user ? c->user->id : 0));
	if (!c->user)
		json_object_set_new(set, "published_by", json_null());
	{
		int rc = entity_set_tx(&sys, &eval_scheme_def, scheme_id, "draft", set, "publish", &e);

		json_decref(set);
		return rc == 1 ? 0 : -1;
	}
}

/* POST /api/eval/scheme/:id/publish */
static int h_publish(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	json_t *scheme = scheme_of(r, &c);
	int64_t id = req_param_id(r, 0), n = 0;

	if (!scheme)
		return http_not_found(s);
	if (is_published(scheme)) {
		json_decref(scheme);
		return http_error(s, 409, "bad_state", "方案已发布，考核结果已冻结", NULL);
	}
	json_decref(scheme);
	if (db_query_int64p(r->db, "SELECT COUNT(*) FROM eval_indicator WHERE scheme_id = ?", id,
			    &n, 0) != 0)
		return http_internal(s);
	if (!n)
		return http_error(s, 400, "validation", "方案尚未设置考核指标，不能发布", "indicators");
	if (db_begin(r->db) != 0)
		return http_internal(s);
	if (ev_publish_tx(&c, id) != 0) {
		db_rollback(r->db);
		return http_internal(s);
	}
	if (db_commit(r->db) != 0) {
		db_rollback(r->db);
		return http_internal(s);
	}
	return entity_send(&c, &eval_scheme_def, id, 200, s);
}

static const struct route ev_routes[] = {
	{HTTP_GET, "/api/eval/scheme/:id/ranking", h_ranking, 0, 0},
	{HTTP_GET, "/api/eval/scheme/:id/source", h_source, 0, 0},
	{HTTP_POST, "/api/eval/scheme/:id/publish", h_publish, 0, EV_WRITERS},
};

void evaluation_calc_init(void)
{
	router_add(ev_routes, ARRAY_SIZE(ev_routes));
	entity_perm_register("eval_scheme:publish", EV_WRITERS);
}
