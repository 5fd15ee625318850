/*
 * entity.h — the entity core (DESIGN.md §4). An entity is declared once, as data:
 * its table, its fields with types and rules, who may read and write it, and which
 * org a row belongs to. From the declaration the core provides:
 *
 *   - schema: CREATE TABLE / ADD COLUMN / indexes at start-up (entity_schema_sync);
 *   - validation with field-level Chinese messages (all field errors at once);
 *   - create / read / update / delete with scope checks and an audit_log row;
 *   - lists with filters, keyword search (q), sort and paging, streamed as JSON;
 *   - the same list as an .xlsx ledger (libxlsxwriter, constant memory);
 *   - GET /api/meta describing every entity for the front end.
 *
 * Every table made from a declaration has these columns besides the declared ones:
 *   id (primary key), org_id (owning org; scope), created_at, updated_at,
 *   created_by, updated_by (user ids).
 *
 * Scope (DESIGN.md §3): a user sees a row iff the row's org is in scope_org for the
 * user's org (admin sees all). Out-of-scope rows answer 404, exactly like missing ones.
 *
 * Generic routes registered by entity_routes_init():
 *   GET    /api/meta
 *   GET    /api/:entity             list: ?page=&size=&sort=field|-field&q=&<filter>=
 *                                   (<date>_from/<date>_to for F_RANGE fields)
 *   GET    /api/:entity/export      the same list as .xlsx
 *   POST   /api/:entity             create
 *   GET    /api/:entity/:id         read
 *   PUT    /api/:entity/:id         update (partial: absent fields keep their value)
 *   DELETE /api/:entity/:id         delete
 * Module routes are registered before these and win on the same path.
 */
#ifndef ANJIAN_ENTITY_H
#define ANJIAN_ENTITY_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "../http/http.h"

enum ftype {
	FT_TEXT = 1,	/* one line; max_len in characters (UTF-8 code points) */
	FT_LONGTEXT,	/* multi-line text */
	FT_INT,		/* integer in [min, max] */
	FT_REAL,	/* decimal number in [min, max] */
	FT_MONEY,	/* yuan, two decimals; stored as integer fen; JSON number 12.34 */
	FT_DATE,	/* "YYYY-MM-DD" (Asia/Shanghai calendar) */
	FT_DATETIME,	/* "YYYY-MM-DD HH:MM:SS" */
	FT_BOOL,	/* true / false; stored 0/1 */
	FT_ENUM,	/* one code of opts; stored as the code */
	FT_REF,		/* id of a row of entity ref (must exist and be in scope) */
	FT_FILES,	/* array of file ids (see /api/files); stored as JSON text "[1,2]" */
	FT_USCC,	/* 统一社会信用代码, GB 32100-2015 check character */
	FT_PHONE,	/* mainland mobile 1[3-9]xxxxxxxxx or landline 0xx(x)-xxxxxxx(x) */
	FT_LAT,		/* latitude, degrees, -90..90 */
	FT_LNG,		/* longitude, degrees, -180..180 */
	FT_EMAIL
};

enum fflag {
	F_REQUIRED = 1 << 0,
	F_FILTER = 1 << 1,	/* exact-match filter ?name=value (enum, ref, bool, int) */
	F_SEARCH = 1 << 2,	/* matched by the keyword ?q= (LIKE %q%) */
	F_SORT = 1 << 3,	/* may be used in ?sort= */
	F_LIST = 1 << 4,	/* a column of the default list and the export */
	F_READONLY = 1 << 5,	/* set by the server only; ignored in request bodies */
	F_UNIQUE = 1 << 6,	/* unique within the table (unique index, friendly error) */
	F_RANGE = 1 << 7,	/* date/number range filter ?name_from=&name_to= */
	F_HIDDEN = 1 << 8,	/* not shown in forms (server-managed) */
	F_EXPORT = 1 << 9,	/* in the export even if not F_LIST */
	F_SECRET = 1 << 10	/* never output (API, export, meta, audit); hooks set it */
};

struct enum_opt {
	const char *code;	/* stored value, English identifier */
	const char *label;	/* shown to users, Chinese */
};

struct field_def {
	const char *name;	/* column and JSON key */
	const char *label;	/* Chinese label used in forms, errors and exports */
	enum ftype type;
	unsigned flags;
	int max_len;		/* FT_TEXT/LONGTEXT: characters; 0 = 200 / 4000 */
	double min, max;	/* FT_INT/REAL/MONEY: inclusive range when min < max */
	const struct enum_opt *opts;	/* FT_ENUM: terminated by {NULL, NULL} */
	const char *ref;	/* FT_REF: entity name ("org", "user", "enterprise" …) */
	const char *group;	/* optional form section label, e.g. "基本信息" */
	const char *help;	/* optional hint under the field */
	/* Virtual (computed, read-only) field: an SQL expression over the row, whose
	 * table is aliased t, e.g. "CASE WHEN t.expiry < {today} THEN 1 ELSE 0 END".
	 * The token {today} becomes a bound parameter holding today's date. The
	 * expression is a constant of the declaration, never user text. Virtual fields
	 * have no column, are never written, and may be F_LIST / F_FILTER / F_SORT. */
	const char *expr;
};

struct ectx;
struct verr;

enum entity_action { EA_CREATE = 1, EA_UPDATE = 2, EA_DELETE = 3 };

enum eflag {
	E_NO_CREATE = 1 << 0,	/* no generic POST (module creates rows itself) */
	E_NO_UPDATE = 1 << 1,
	E_NO_DELETE = 1 << 2,
	E_NO_AUDIT = 1 << 3,	/* the audit log itself */
	E_NO_ORG = 1 << 4	/* table has no org_id; scope_column names the scoping column */
};

struct entity_def {
	const char *name;	/* API name: /api/<name> */
	const char *table;	/* SQL table (differs where name is a reserved word) */
	const char *label;	/* Chinese, e.g. "网点" */
	const struct field_def *fields;
	size_t nfields;
	unsigned flags;		/* enum eflag */
	unsigned read_roles;	/* role_mask; 0 = every logged-in role */
	unsigned write_roles;	/* role_mask; 0 = every logged-in role */
	const char *display_field;	/* field naming a row in refs and titles */
	const char *default_sort;	/* "-id" (default), "name" … */
	const char *scope_column;	/* NULL = "org_id" */
	/* Extra composite indexes for the list plans this entity's screens need, each a
	 * column list such as "status, found_at" (declared columns only), NULL-ended.
	 * With the default sort's column last, a filtered page is an index walk that
	 * stops after one page (see entity/list.c). NULL = none. */
	const char *const *indexes;
	/* Cross-field rules after per-field validation; add errors with verr_add().
	 * obj is the complete row as it will be stored (merged with the old row on
	 * update); old is NULL on create. Return 0 (errors go in e). */
	int (*validate)(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
	/* Inside the write transaction, before the row is written: may set obj's org_id
	 * or other server fields (e.g. the enterprise creates its org node). Return 0 ok,
	 * or a negative value with e filled to abort the write. */
	int (*before_write)(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e);
	/* Inside the transaction, after the row is written (id known): follow-up writes
	 * such as an org-change record. Non-zero aborts and rolls back everything. */
	int (*after_write)(struct ectx *c, enum entity_action a, int64_t id,
			   const json_t *before, const json_t *after, struct verr *e);
};

/* The context of an operation: whose request, which connection, which arena. A
 * context with user == NULL is the system (CLI, demo, scheduler): no scope limits. */
struct ectx {
	struct db *db;
	struct user *user;
	struct arena *arena;
};

/* Validation and request errors. The first error sets status/code/message/field
 * (DESIGN.md §6); every field error is also kept for the form. */
#define VERR_MAX 32
struct verr {
	int status;		/* 0 = no error */
	const char *code;	/* "validation", "not_found", "forbidden", "conflict" … */
	const char *message;	/* Chinese, names the field */
	const char *field;
	int n;
	const char *fields[VERR_MAX];
	const char *messages[VERR_MAX];
	struct arena *arena;	/* where formatted messages live */
};
void verr_init(struct verr *e, struct arena *a);
/* Adds a field error (status 400, code "validation"). fmt is Chinese. */
void verr_add(struct verr *e, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Sets a non-field error (e.g. 404 not_found, 409 conflict). */
void verr_set(struct verr *e, int status, const char *code, const char *message);
/* Writes e as the HTTP error body; returns e->status. */
int verr_send(const struct verr *e, struct resp *s);

/* Members of a row as hooks and entity_get() see it (refs, ints and money as
 * integers, bools as true/false). */
const char *row_str(const json_t *o, const char *k);	/* NULL when absent, null or "" */
int64_t row_int(const json_t *o, const char *k);	/* 0 when absent or not a number */
int row_bool(const json_t *o, const char *k);		/* true or a non-zero integer */

/* Binds a row member in stored form to parameter idx: null, text, integer, real,
 * bool as 0/1, anything else (files arrays) as its compact JSON text. */
struct db_stmt;
int entity_bind(struct db_stmt *st, int idx, const json_t *v);

/* Registry. Declarations are static data owned by their module. */
void entity_register(const struct entity_def *e);
const struct entity_def *entity_find(const char *name);
const struct field_def *entity_field(const struct entity_def *e, const char *name);
size_t entity_count(void);
const struct entity_def *entity_at(size_t i);

/* Creates or upgrades every registered entity's table (columns, indexes). */
int entity_schema_sync(struct db *db);

/* Validates one field value (JSON) against its declaration; on error adds to e.
 * On success *norm gets the normalised value to store (new reference). Pure: no I/O
 * (references and files are checked by the caller against the database). */
int field_validate(const struct field_def *f, const json_t *v, json_t **norm, struct verr *e);

/* Scope. */
int scope_row_visible(struct ectx *c, int64_t org_id);		/* 1 yes, 0 no, -1 error */
int scope_rebuild(struct db *db);	/* recompute scope_org from org + supervision */

/* CRUD for modules, demo and import. All run in one transaction each and write an
 * audit row. obj is a JSON object with declared fields (unknown keys refused).
 * Return the new id (create) or 0 (update/delete); on error -1 with e filled. */
int64_t entity_create(struct ectx *c, const struct entity_def *e, json_t *obj, struct verr *err);
int entity_update(struct ectx *c, const struct entity_def *e, int64_t id, json_t *obj, struct verr *err);
int entity_delete(struct ectx *c, const struct entity_def *e, int64_t id, struct verr *err);
/* The row as JSON (new reference) or NULL when missing or out of scope. */
json_t *entity_get(struct ectx *c, const struct entity_def *e, int64_t id);
/* Same, inside an already-open transaction (entity_create etc. run their own). */
int64_t entity_create_tx(struct ectx *c, const struct entity_def *e, json_t *obj, struct verr *err);
int entity_update_tx(struct ectx *c, const struct entity_def *e, int64_t id, json_t *obj, struct verr *err);

/* Appends to audit_log. before/after may be NULL. */
int audit_write(struct ectx *c, const char *entity, int64_t id, const char *action,
		const json_t *before, const json_t *after);

/* Route registration for the generic handlers (call after module routes). */
void entity_routes_init(void);

/* Files (files.c): POST /api/files, GET /api/files/:id (+ ?download=1). */
void files_routes_init(void);
/* 1 if file id exists and is visible to c, 0 if not, -1 error. */
int files_visible(struct ectx *c, int64_t file_id);

#endif
