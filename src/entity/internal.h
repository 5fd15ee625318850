/*
 * internal.h — what the files of the entity core share and nobody else sees: the
 * identifier helpers, bound-parameter lists, the list/row "plan" (the SELECT built
 * from a declaration, used by lists, single reads and the export), the stored-row
 * loader, and the HTTP handlers that entity_routes_init() registers.
 *
 * Row JSON forms. The "stored form" (what hooks see and entity_get() returns) holds
 * each field as it is stored: text as strings, int/ref as integers, money as
 * integer fen, bool as true/false, files as an array of ids. The "API form" (what
 * HTTP clients see) differs only in money (yuan, two decimals) and in the extra keys
 * org_name, <ref>_label and <files>_files.
 */
#ifndef ANJIAN_ENTITY_INTERNAL_H
#define ANJIAN_ENTITY_INTERNAL_H

#include <stdint.h>
#include <jansson.h>

#include "entity.h"
#include "../core/buf.h"
#include "../core/json.h"

struct db_stmt;

#define ENT_MAX 128		/* registered entities */
#define ENT_MAX_FIELDS 96	/* fields per entity */
#define ENT_MAX_FILES 20	/* ids in one files field */
#define ENT_EXPORT_MAX 1000000	/* rows in one export */
/* LIKE escape character for keyword search (see list.c). */
#define ENT_LIKE_ESC '\\'

/* ---- registry.c ---- */
const char *ent_scope_col(const struct entity_def *e);	/* "org_id" unless scope_column */
/* 1 if e's rows belong to orgs (the usual case), 0 for an E_NO_ORG entity without a
 * scope_column: shared reference data every role that may read e sees in full. */
int ent_has_scope(const struct entity_def *e);
const char *ent_display(const struct entity_def *e);	/* column naming a row, or NULL */
int ent_ident_ok(const char *s);			/* [a-z_][a-z0-9_]* */
/* 1 if the user may act under role mask (0 = every logged-in role; NULL user = system). */
int ent_role_ok(unsigned mask, const struct user *u);
/* 1 when c has no scope limits (system context or admin). */
int ent_unscoped(const struct ectx *c);
/* The field's type name of API.md ("text", "money", …). */
const char *ent_type_name(enum ftype t);
/* Formats fen as "12.34" / "-0.05" into out. */
void ent_money_str(int64_t fen, char out[32]);
/* Adds a non-field error without a status yet: 500 internal. */
void ent_internal(struct verr *e);
/* verr_add with the status/code of the first error overridden (404, 409 …). */
void ent_field_error(struct verr *e, int status, const char *code, const char *field,
		     const char *msg);

/* ---- bound parameters (registry.c) ---- */
#define QP_MAX 128
struct qparam {
	int kind;		/* 1 text, 2 int, 3 double */
	const char *s;		/* must outlive the statement */
	int64_t i;
	double d;
};
struct qparams {
	int n;
	int now;		/* how many are the clock ({now}): a plan to build afresh */
	struct qparam v[QP_MAX];
};
void qp_text(struct qparams *p, const char *s);
void qp_int(struct qparams *p, int64_t v);
void qp_double(struct qparams *p, double v);
/* Binds p's values from index *idx on; advances *idx. 0 ok, -1 error. */
int qp_bind(struct db_stmt *st, const struct qparams *p, int *idx);
/* Appends a virtual field's expression with each {today} made a '?' bound to today. */
void ent_expr(struct buf *sql, struct qparams *p, const char *expr, const char *today);

/* ---- list.c: the SELECT built from a declaration ---- */
struct lcol {
	const struct field_def *f;
	int col;		/* result column of the value */
	int label_col;		/* FT_REF: result column of the label; -1 none */
	int self;		/* hidden: in refuse_self_fields (compared with the user) */
	size_t keylen;		/* strlen(f->name) */
};
struct lplan {
	struct ectx *c;
	const struct entity_def *e;
	char today[11];
	struct buf sel;		/* SELECT … FROM … LEFT JOIN … */
	struct qparams selp;
	struct buf where;	/* " WHERE …" pieces joined by AND */
	struct qparams wherep;
	struct buf order;	/* " ORDER BY …" */
	struct qparams orderp;
	int nwhere;
	int narrow;		/* scope driven from the viewer's few orgs (see lp_scope_broad) */
	int export;		/* columns fixed to the ledger's (F_LIST | F_EXPORT) */
	int64_t page, size;
	int ncols;
	struct lcol cols[ENT_MAX_FIELDS];
	/* e->refuse_fields selected after the columns (not written): the row "_can" of
	 * a list page is decided from the page's own rows. nhidden < 0: not selected. */
	int nhidden;
	struct lcol hidden[16];
	int can_org;		/* refuse_fields names org_id: it is part of the _can key */
	/* "_can" answers of this page by the rows' refuse_fields values (lp_can_write) */
	struct lcan {
		char key[120];
		unsigned char up, del;
	} can[8];
	int ncan;
	const char *sel_only;	/* the ?fields= the SELECT was built for; NULL all */
	/* The broad scope clause (EXISTS … scope_org) is where[0, scope_end) with the
	 * viewer as parameter 0; 0 when the plan has none (see lplan_count). */
	size_t scope_end;
};
/* Output column positions fixed for every plan. */
enum { LC_ID = 0, LC_ORG = 1, LC_ORG_NAME = 2, LC_CREATED = 3, LC_UPDATED = 4 };
/* Builds the SELECT of e's non-secret fields (export: only F_LIST|F_EXPORT ones) and
 * the scope condition. Release with lplan_release(). */
void lplan_init(struct lplan *p, struct ectx *c, const struct entity_def *e, int export);
/* The same selecting only the comma-separated fields (a list page's ?fields=,
 * validated later by lplan_from_req); NULL or "" all. */
void lplan_init_fields(struct lplan *p, struct ectx *c, const struct entity_def *e, int export,
		       const char *only);
void lplan_release(struct lplan *p);
/* Adds the request's filters, q, sort, page and size. 0 ok, -1 with err filled. */
int lplan_from_req(struct lplan *p, struct req *r, struct verr *err);
/* The keyword's LIKE pattern "%q%", with '%', '_' and ENT_LIKE_ESC escaped (arena a). */
char *ent_like(struct arena *a, const char *q);
/* Adds " AND t.id = ?". */
void lplan_where_id(struct lplan *p, int64_t id);
/* Prepares the page statement (limit < 0: no LIMIT) with every parameter bound. */
struct db_stmt *lplan_prepare(struct lplan *p, int64_t limit, int64_t offset);
/* COUNT(*) of the plan's WHERE. 0 ok, -1 error. */
int lplan_count(struct lplan *p, int64_t *out);
/* Writes one column value of f's type in the API form (money in yuan, files as
 * the id array, bools true/false); NULL as null ([] for files). */
void ent_value_write(struct jw *w, struct db_stmt *st, int col, const struct field_def *f);
/* Writes the current row as a JSON object (API form) but leaves it open. */
void lplan_row_write(struct lplan *p, struct db_stmt *st, struct jw *w);
/* Writes row id as a complete JSON object (API form) with <files>_files. 1 written,
 * 0 missing or out of scope, -1 error. */
int ent_row_write(struct ectx *c, const struct entity_def *e, int64_t id, struct jw *w);

/* ---- crud.c ---- */
/* The stored row (with secret fields, without virtual ones) or NULL; scoped by c
 * unless c is unscoped. New reference. */
json_t *ent_load(struct ectx *c, const struct entity_def *e, int64_t id);
/* Writes "_can": {"update": bool, "delete": bool} of row id for c (roles, E_NO_*
 * and e->refuse_write) into an open object. 0 ok, -1 error. */
int ent_can_write(struct ectx *c, const struct entity_def *e, int64_t id, struct jw *w);
/* The two answers of "_can" for a row already read (id, the scope column and at
 * least the fields refuse_write reads), and their JSON. */
void ent_can_decide(struct ectx *c, const struct entity_def *e, const json_t *row, int *up,
		    int *del);
void ent_can_emit(struct jw *w, int up, int del);
/* A stored column in the form ent_load gives it (see crud.c). */
json_t *ent_col_json(struct db_stmt *st, int col, const struct field_def *f);
/* Removes F_SECRET fields from obj. */
void ent_strip_secret(const struct entity_def *e, json_t *obj);
/* Parses a positive decimal id; 0 when not one. */
int64_t ent_parse_id(const char *s);
/* A reference or attachments value of f visible to c (values already in ov are not
 * checked again). 0 ok, -1 with err. */
int ent_check_field(struct ectx *c, const struct field_def *f, const json_t *nv,
		    const json_t *ov, struct verr *err);

/* ---- export.c: the .xlsx writer shared by entity and view exports ---- */
#include <xlsxwriter.h>
struct ent_xlsx {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *money;
	const char *path;	/* arena string */
};
int ent_xlsx_begin(struct req *r, struct ent_xlsx *x);
int ent_xlsx_finish(struct req *r, struct resp *s, struct ent_xlsx *x, const char *label);
void ent_xlsx_abort(struct ent_xlsx *x);
/* The file name of an export: ?title= (the list's name as its screen shows it, e.g.
 * 我的上报) when given, else dflt (the entity's or view's label). *out gets it; a
 * title longer than ENT_EXPORT_TITLE_MAX characters or with a control character or
 * one of / \ : * ? " < > | is refused: -1 with err (400 naming "title"). */
#define ENT_EXPORT_TITLE_MAX 40
int ent_export_title(struct req *r, const char *dflt, const char **out, struct verr *err);
double ent_export_width(const struct field_def *f);
void ent_export_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, struct db_stmt *st,
		     const struct lcol *lc, lxw_format *money);

/* ---- handlers (api.c, export.c, meta.c) ---- */
int ent_h_list(struct req *r, struct resp *s);
/* The generic list of e (GET /api/<e>) with, when extra is given, more members
 * written into each row's open object from the current statement row (the audit
 * log's Chinese names and diff). extra returns 0, or -1 on error (500). */
int ent_list_send(struct req *r, struct resp *s, const struct entity_def *e,
		  int (*extra)(struct ectx *c, struct lplan *p, struct db_stmt *st, struct jw *w));
/* GET /api/audit (audit.c): the audit entity's list with labels and the diff. */
int audit_h_list(struct req *r, struct resp *s);
int ent_h_export(struct req *r, struct resp *s);
int ent_h_meta(struct req *r, struct resp *s);
/* Context of a request. */
void ent_ctx(struct req *r, struct ectx *c);

/* ---- openapi.c ---- */
/* The OpenAPI 3.1 document of every registered route and entity, built from the
 * router's tables and the registry (new reference; the caller owns it). */
json_t *ent_openapi_build(void);
/* GET /api/openapi.json: the document, serialised once per process. */
int ent_h_openapi(struct req *r, struct resp *s);

/* ---- aggregate.c ---- */
/* A viewer that sees all orgs but at most this many has them listed in
 * scope_unseen (scope.c, migration 0010, whose SQL repeats the number). */
#define SCOPE_UNSEEN_MAX 64
/* 1 if no row of table (org column col; declared identifiers only) lies in an org
 * outside c's scope, 0 if it may, -1 error (scope.c). */
int scope_covers_table(struct ectx *c, const char *table, const char *col);
#define SCOPE_UNSEEN_MAX_S "64"
#define ENT_MAX_AGGS 8		/* aggregate declarations per entity */
struct agg_contrib {
	int present;		/* the row counts (exists, where holds, no NULL key) */
	int64_t key_int[AGG_MAX_KEYS];
	char key_text[AGG_MAX_KEYS][64];
	int64_t val[AGG_MAX_COLS];
};
struct agg_snap {
	struct agg_contrib v[ENT_MAX_AGGS];
};
/* What row id of e contributes to each of e's aggregates now. 0 ok, -1 error. */
int ent_agg_snap(struct ectx *c, const struct entity_def *e, int64_t id, struct agg_snap *s);
/* Adds (after − before) to the aggregate tables. 0 ok, -1 error. */
int ent_agg_apply(struct ectx *c, const struct entity_def *e, const struct agg_snap *before,
		  const struct agg_snap *after);

/* ---- workflow.c ---- */
/* The generic action route POST /api/:entity/:id/:verb. */
int ent_h_action(struct req *r, struct resp *s);

/* ---- audit.c ---- */
void audit_register(void);

#endif
