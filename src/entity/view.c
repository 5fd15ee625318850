/*
 * view.c — declared views (entity.h "views"): a module's custom list as a constant
 * query, and everything around it done here once — the caller's scope, the ?org_id=
 * subtree, filters, choices, keyword, sort, paging, the envelope and the .xlsx
 * export. Before this, each module wrote its own copy of the scope and subtree
 * conditions and its own paging (or none).
 *
 * The SQL is assembled only from the declaration (constants) and '?' placeholders:
 * the request chooses among declared filters, choices and sorts; its values are
 * bound. Columns are field declarations whose .expr is the column's SQL over the
 * view's FROM; {today} in an expression becomes a bound parameter.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "../core/arena.h"
#include "../core/util.h"
#include "../db/db.h"

#define VIEW_MAX 64

static const struct view_def *views[VIEW_MAX];
static struct route view_routes[VIEW_MAX][2];
static int nviews;

/* One request against a view: the conditions built so far and their parameters. */
struct view_req {
	struct ectx c;
	const struct view_def *v;
	struct req *r;
	char today[11];
	struct buf base;	/* " WHERE …" of scope, subtree and the view's own condition */
	struct qparams basep;
	struct buf filt;	/* " AND …" of filters, choices and q */
	struct qparams filtp;
	const struct field_def *sort;
	int desc;
	int64_t page, size;
};

/* The view whose path (or path + "/export") is path, or NULL. *export set. */
static const struct view_def *view_find(const char *path, int *export)
{
	size_t n = strlen(path);

	for (int i = 0; i < nviews; i++) {
		size_t m = strlen(views[i]->path);
		if (n == m && strcmp(path, views[i]->path) == 0) {
			*export = 0;
			return views[i];
		}
		if (n == m + 7 && strncmp(path, views[i]->path, m) == 0 &&
		    strcmp(path + m, "/export") == 0) {
			*export = 1;
			return views[i];
		}
	}
	return NULL;
}

static const struct field_def *view_col(const struct view_def *v, const char *name)
{
	for (size_t i = 0; i < v->ncols; i++)
		if (strcmp(v->cols[i].name, name) == 0)
			return &v->cols[i];
	return NULL;
}

/* Parses a non-negative decimal; -1 when s is not one. */
static int64_t view_num(const char *s)
{
	int64_t n = 0;

	if (!s || !*s || strlen(s) > 12)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (*s - '0');
	}
	return n;
}

/* 1 if code is one of f's options. */
static int view_opt_ok(const struct field_def *f, const char *code)
{
	for (const struct enum_opt *o = f->opts; o && o->code; o++)
		if (strcmp(o->code, code) == 0)
			return 1;
	return 0;
}

/* A filter value of f in stored form, bound as the right type; 400 when malformed. */
static int view_filter_value(struct view_req *q, const struct field_def *f, const char *val,
			     const char *param, struct verr *e)
{
	int64_t n, days;

	switch (f->type) {
	case FT_INT:
	case FT_REF:
		n = view_num(val);
		if (n < 0)
			goto bad;
		qp_int(&q->filtp, n);
		return 0;
	case FT_BOOL:
		if (strcmp(val, "true") == 0 || strcmp(val, "1") == 0)
			qp_int(&q->filtp, 1);
		else if (strcmp(val, "false") == 0 || strcmp(val, "0") == 0)
			qp_int(&q->filtp, 0);
		else
			goto bad;
		return 0;
	case FT_ENUM:
		if (!view_opt_ok(f, val))
			goto bad;
		qp_text(&q->filtp, val);
		return 0;
	case FT_DATE:
		if (date_parse(val, &days) != 0)
			goto bad;
		qp_text(&q->filtp, val);
		return 0;
	default:
		qp_text(&q->filtp, val);
		return 0;
	}
bad:
	verr_add(e, param, "%s的筛选值不正确", f->label);
	return -1;
}

/* Appends " AND <f's expression> <op>" for the value view_filter_value() has just
 * bound: the expression's own {today} parameters precede the value in the SQL, so
 * the value moves behind them. */
static void view_filter_cond(struct view_req *q, const struct field_def *f, const char *op)
{
	struct qparam val = q->filtp.v[--q->filtp.n];

	buf_puts(&q->filt, " AND ");
	ent_expr(&q->filt, &q->filtp, f->expr, q->today);
	buf_puts(&q->filt, op);
	if (q->filtp.n < QP_MAX)
		q->filtp.v[q->filtp.n++] = val;
}

/* Builds the scope, subtree, filters, choices, sort and paging of the request. */
static int view_plan(struct view_req *q, struct verr *e)
{
	const struct view_def *v = q->v;
	struct req *r = q->r;
	const char *val, *srt;
	char key[96];

	buf_init(&q->base, 1 << 14);
	buf_init(&q->filt, 1 << 14);
	q->basep.n = q->filtp.n = 0;
	buf_puts(&q->base, " WHERE 1 = 1");
	if (v->where) {
		buf_puts(&q->base, " AND ");
		ent_expr(&q->base, &q->basep, v->where, q->today);
	}
	if (!ent_unscoped(&q->c)) {
		buf_printf(&q->base, " AND %s IN (SELECT org_id FROM scope_org WHERE viewer = ?)",
			   v->scope_col);
		qp_int(&q->basep, q->c.user->org_id);
	}
	{
		/* ?org_id=: the core's subtree filter (400 malformed, 404 not visible) */
		struct org_subtree sub;
		if (org_subtree_param(r, &q->c, NULL, &sub, e) < 0)
			return -1;
		org_subtree_sql(&q->base, &sub, v->scope_col);
		if (sub.org)
			qp_text(&q->basep, sub.like);
	}
	for (size_t i = 0; i < v->ncols; i++) {
		const struct field_def *f = &v->cols[i];
		if ((f->flags & F_FILTER) && (val = req_query(r, f->name)) && *val) {
			if (view_filter_value(q, f, val, f->name, e) == 0)
				view_filter_cond(q, f, " = ?");
		}
		if (f->flags & F_RANGE) {
			for (int k = 0; k < 2; k++) {
				snprintf(key, sizeof(key), "%s_%s", f->name, k ? "to" : "from");
				if (!(val = req_query(r, key)) || !*val)
					continue;
				if (view_filter_value(q, f, val, arena_strdup(&r->arena, key), e) == 0)
					view_filter_cond(q, f, k ? " <= ?" : " >= ?");
			}
		}
	}
	if ((val = req_query(r, "q")) && *val) {
		int any = 0;
		const char *like = ent_like(&r->arena, val);

		for (size_t i = 0; i < v->ncols; i++) {
			if (!(v->cols[i].flags & F_SEARCH))
				continue;
			buf_puts(&q->filt, any ? " OR " : " AND (");
			ent_expr(&q->filt, &q->filtp, v->cols[i].expr, q->today);
			buf_puts(&q->filt, " LIKE ? ESCAPE '\\'");
			qp_text(&q->filtp, like);
			any = 1;
		}
		if (any)
			buf_putc(&q->filt, ')');
	}
	for (const struct view_param *p = v->params; p && p->name; p++) {
		const struct view_choice *ch = NULL;
		val = req_query(r, p->name);
		if (!val || !*val)
			ch = &p->choices[0];
		else
			for (const struct view_choice *x = p->choices; x->value; x++)
				if (strcmp(x->value, val) == 0)
					ch = x;
		if (!ch) {
			struct buf b;
			buf_init(&b, 4096);
			for (const struct view_choice *x = p->choices; x->value; x++)
				buf_printf(&b, "%s%s", x == p->choices ? "" : " 或 ", x->value);
			verr_add(e, p->name, "%s的筛选值须为 %s", p->label, buf_str(&b));
			buf_release(&b);
			continue;
		}
		if (ch->cond) {
			buf_puts(&q->filt, " AND ");
			ent_expr(&q->filt, &q->filtp, ch->cond, q->today);
		}
	}
	srt = req_query(r, "sort");
	if (!srt || !*srt)
		srt = v->default_sort ? v->default_sort : "-id";
	q->desc = *srt == '-';
	q->sort = view_col(v, srt + q->desc);
	if (!q->sort || !(q->sort->flags & F_SORT)) {
		if (req_query(r, "sort") && *req_query(r, "sort")) {
			verr_add(e, "sort", "不支持按该列排序");
		} else {
			q->sort = view_col(v, v->default_sort ? v->default_sort + (*v->default_sort == '-') : "id");
		}
	}
	q->page = 1;
	q->size = v->default_size > 0 ? v->default_size : 20;
	if ((val = req_query(r, "page")) && *val) {
		q->page = view_num(val);
		if (q->page < 1)
			verr_add(e, "page", "页码须为正整数");
	}
	if ((val = req_query(r, "size")) && *val) {
		q->size = view_num(val);
		if (q->size < 1 || q->size > HTTP_MAX_PAGE_SIZE)
			verr_add(e, "size", "每页条数须为 1 到 200");
	}
	if (buf_failed(&q->base) || buf_failed(&q->filt))
		ent_internal(e);
	return e->status ? -1 : 0;
}

static void view_release(struct view_req *q)
{
	buf_release(&q->base);
	buf_release(&q->filt);
}

/* Prepares SELECT cols … [LIMIT] with everything bound. */
static struct db_stmt *view_select(struct view_req *q, int64_t limit, int64_t offset)
{
	const struct view_def *v = q->v;
	struct qparams selp;
	struct buf sql;
	struct db_stmt *st = NULL;
	int idx = 1;

	selp.n = 0;
	buf_init(&sql, 1 << 16);
	buf_puts(&sql, "SELECT ");
	for (size_t i = 0; i < v->ncols; i++) {
		if (i)
			buf_puts(&sql, ", ");
		ent_expr(&sql, &selp, v->cols[i].expr, q->today);
	}
	buf_printf(&sql, " FROM %s", v->from);
	buf_puts(&sql, buf_str(&q->base));
	buf_puts(&sql, buf_str(&q->filt));
	if (q->sort) {
		struct qparams op;
		op.n = 0;
		buf_puts(&sql, " ORDER BY ");
		ent_expr(&sql, &op, q->sort->expr, q->today);
		buf_puts(&sql, q->desc ? " DESC" : " ASC");
		if (op.n)
			BUG("view sort expression with {today}");
		if (strcmp(q->sort->name, "id") != 0 && view_col(v, "id")) {
			buf_puts(&sql, ", ");
			ent_expr(&sql, &op, view_col(v, "id")->expr, q->today);
			buf_puts(&sql, q->desc ? " DESC" : " ASC");
		}
	}
	if (limit >= 0)
		buf_puts(&sql, " LIMIT ? OFFSET ?");
	if (!buf_failed(&sql))
		st = db_prepare(q->c.db, buf_str(&sql));
	buf_release(&sql);
	if (!st || qp_bind(st, &selp, &idx) < 0 || qp_bind(st, &q->basep, &idx) < 0 ||
	    qp_bind(st, &q->filtp, &idx) < 0 ||
	    (limit >= 0 && (db_bind_int64(st, idx, limit) < 0 || db_bind_int64(st, idx + 1, offset) < 0))) {
		db_finalize(st);
		return NULL;
	}
	return st;
}

/* agg (COUNT(*), COALESCE(SUM(…), 0)) of base [+ filters] [+ cond]. */
static int view_agg_where(struct view_req *q, const char *agg, int with_filters, const char *cond,
			  int64_t *out)
{
	struct buf sql;
	struct db_stmt *st = NULL;
	struct qparams condp = { .n = 0 };	/* cond's {today}, as in the view's own conditions */
	int idx = 1, rc = -1;

	buf_init(&sql, 1 << 16);
	buf_printf(&sql, "SELECT %s FROM %s", agg, q->v->from);
	buf_puts(&sql, buf_str(&q->base));
	if (with_filters)
		buf_puts(&sql, buf_str(&q->filt));
	if (cond) {
		buf_puts(&sql, " AND (");
		ent_expr(&sql, &condp, cond, q->today);
		buf_putc(&sql, ')');
	}
	if (!buf_failed(&sql))
		st = db_prepare(q->c.db, buf_str(&sql));
	if (st && qp_bind(st, &q->basep, &idx) == 0 &&
	    (!with_filters || qp_bind(st, &q->filtp, &idx) == 0) &&
	    qp_bind(st, &condp, &idx) == 0 && db_step(st) == DB_ROW) {
		*out = db_col_int64(st, 0);
		rc = 0;
	}
	db_finalize(st);
	buf_release(&sql);
	return rc;
}

/* COUNT(*) of base [+ filters] [+ cond]. */
static int view_count_where(struct view_req *q, int with_filters, const char *cond, int64_t *out)
{
	return view_agg_where(q, "COUNT(*)", with_filters, cond, out);
}

int view_count(struct view_req *q, const char *cond, int64_t *out)
{
	return view_count_where(q, 0, cond, out);
}

int view_sum(struct view_req *q, const char *expr, const char *cond, int64_t *out)
{
	struct buf agg;
	int rc;

	buf_init(&agg, 1024);
	buf_printf(&agg, "COALESCE(SUM(%s), 0)", expr);
	rc = buf_failed(&agg) ? -1 : view_agg_where(q, buf_str(&agg), 1, cond, out);
	buf_release(&agg);
	return rc;
}

int view_count_filtered(struct view_req *q, const char *cond, int64_t *out)
{
	return view_count_where(q, 1, cond, out);
}

/* Writes column i of the current row as a member: the list's value writer, and
 * for an enum its label beside the code (<name>_label). */
static void view_cell(struct jw *w, struct db_stmt *st, int i, const struct field_def *f)
{
	char key[96];
	const char *code, *label;

	jw_key(w, f->name);
	ent_value_write(w, st, i, f);
	if (f->type != FT_ENUM)
		return;
	code = db_col_isnull(st, i) ? NULL : db_col_text(st, i);
	label = code;
	for (const struct enum_opt *o = f->opts; code && o && o->code; o++)
		if (strcmp(o->code, code) == 0)
			label = o->label;
	snprintf(key, sizeof(key), "%s_label", f->name);
	jw_kstr(w, key, label);
}

/* GET <path> and GET <path>/export of a declared view. */
static int view_h(struct req *r, struct resp *s)
{
	struct view_req q;
	struct verr e;
	struct db_stmt *st = NULL;
	struct jw w;
	int export = 0, rc, step;
	int64_t total = 0, n = 0;

	memset(&q, 0, sizeof(q));
	q.v = view_find(r->path, &export);
	if (!q.v)
		return http_not_found(s);
	if (!ent_role_ok(q.v->roles, r->user))
		return http_forbidden(s);
	ent_ctx(r, &q.c);
	q.r = r;
	time_date(now_utc(), q.today);
	verr_init(&e, &r->arena);
	if (view_plan(&q, &e) < 0) {
		rc = verr_send(&e, s);
		goto out;
	}
	if (export) {
		struct ent_xlsx x;
		lxw_row_t row = 1;
		int col = 0;
		const char *title;
		if (ent_export_title(r, q.v->label, &title, &e) < 0) {
			rc = verr_send(&e, s);
			goto out;
		}
		if (ent_xlsx_begin(r, &x) < 0) {
			rc = http_internal(s);
			goto out;
		}
		for (size_t i = 0; i < q.v->ncols; i++) {
			const struct field_def *f = &q.v->cols[i];
			if (!(f->flags & (F_LIST | F_EXPORT)))
				continue;
			worksheet_set_column(x.ws, (lxw_col_t)col, (lxw_col_t)col, ent_export_width(f), NULL);
			worksheet_write_string(x.ws, 0, (lxw_col_t)col++, f->label, x.bold);
		}
		st = view_select(&q, ENT_EXPORT_MAX, 0);
		if (!st) {
			ent_xlsx_abort(&x);
			rc = http_internal(s);
			goto out;
		}
		while ((step = db_step(st)) == DB_ROW) {
			col = 0;
			for (size_t i = 0; i < q.v->ncols; i++) {
				struct lcol lc = { .f = &q.v->cols[i], .col = (int)i, .label_col = -1 };
				if (!(lc.f->flags & (F_LIST | F_EXPORT)))
					continue;
				ent_export_cell(x.ws, row, (lxw_col_t)col++, st, &lc, x.money);
			}
			row++;
		}
		if (step != DB_DONE) {
			ent_xlsx_abort(&x);
			rc = http_internal(s);
			goto out;
		}
		rc = ent_xlsx_finish(r, s, &x, title);
		goto out;
	}
	if (view_count_where(&q, 1, NULL, &total) < 0) {
		rc = http_internal(s);
		goto out;
	}
	st = view_select(&q, q.size, (q.page - 1) * q.size);
	if (!st) {
		rc = http_internal(s);
		goto out;
	}
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_key(&w, "items");
	jw_arr_begin(&w);
	while ((step = db_step(st)) == DB_ROW) {
		jw_obj_begin(&w);
		for (size_t i = 0; i < q.v->ncols; i++)
			view_cell(&w, st, (int)i, &q.v->cols[i]);
		jw_obj_end(&w);
		n++;
	}
	jw_arr_end(&w);
	if (step != DB_DONE) {
		buf_reset(&s->body);
		rc = http_internal(s);
		goto out;
	}
	jw_kint(&w, "total", total);
	jw_kint(&w, "page", q.page);
	jw_kint(&w, "size", q.size);
	if (q.v->extra && q.v->extra(&q, &w) < 0) {
		buf_reset(&s->body);
		rc = http_internal(s);
		goto out;
	}
	jw_obj_end(&w);
	rc = 200;
out:
	if (rc >= 500)
		log_err("view %s: %s", q.v ? q.v->path : r->path, db_errmsg(r->db));
	db_finalize(st);
	view_release(&q);
	return rc;
}

/* Registers v and its routes (see entity.h). Declarations are checked here so a
 * malformed one stops the server at start-up, not a request. */
void view_register(const struct view_def *v)
{
	if (nviews == VIEW_MAX)
		BUG("too many views");
	for (size_t i = 0; i < v->ncols; i++)
		if (!v->cols[i].expr || !ent_ident_ok(v->cols[i].name))
			BUG("view column without an expression or with a bad name");
	for (const struct view_param *p = v->params; p && p->name; p++) {
		const struct field_def *f = view_col(v, p->name);
		if ((f && (f->flags & F_FILTER)) || !p->choices || !p->choices[0].value)
			BUG("view parameter shadows a filter or has no choices");
	}
	views[nviews] = v;
	view_routes[nviews][0] = (struct route){ HTTP_GET, v->path, view_h, 0, v->roles };
	{
		size_t n = strlen(v->path) + sizeof("/export");
		char *p = xmalloc(n);	/* lives as long as the route table: the process */
		snprintf(p, n, "%s/export", v->path);
		view_routes[nviews][1] = (struct route){ HTTP_GET, p, view_h, 0, v->roles };
	}
	router_add(view_routes[nviews], 2);
	nviews++;
}

/* The registered views (for /api/openapi.json and tests). */
size_t view_count_registered(void)
{
	return (size_t)nviews;
}

const struct view_def *view_at(size_t i)
{
	return i < (size_t)nviews ? views[i] : NULL;
}
