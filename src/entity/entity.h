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
	 * The token {today} becomes a bound parameter holding today's date, {now} one
	 * holding entity_now() ("YYYY-MM-DD HH:MM:SS"). The
	 * expression is a constant of the declaration, never user text. Virtual fields
	 * have no column, are never written, and may be F_LIST / F_FILTER / F_SORT. */
	const char *expr;
};

struct ectx;
struct verr;
struct workflow;
struct agg_def;

enum entity_action { EA_CREATE = 1, EA_UPDATE = 2, EA_DELETE = 3 };

enum eflag {
	E_NO_CREATE = 1 << 0,	/* no generic POST (module creates rows itself) */
	E_NO_UPDATE = 1 << 1,
	E_NO_DELETE = 1 << 2,
	E_NO_AUDIT = 1 << 3,	/* the audit log itself */
	E_NO_ORG = 1 << 4,	/* table has no org_id; scope_column names the scoping column */
	E_DERIVED = 1 << 5,	/* rows the core derives from others (the calendar, the inbox):
				 * not records of their own, never a reason to keep an org */
	E_ORG_NAMED = 1 << 6	/* a declared column already names the row's org (the org
				 * itself, the post, the supervised enterprise): the export
				 * leaves out its 所属单位 column, which would repeat it */
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
	/* Declared workflow (status field, states, actions): see "Workflows" below. */
	const struct workflow *workflow;
	/* Rows belong to one user (an inbox): a user sees and writes only the rows
	 * whose owner_column is the user's id, on top of the org scope; the system
	 * context sees all. NULL = not owner-scoped. */
	const char *owner_column;
	/* A filter the list applies when the request does not name it (an archived
	 * enterprise leaves the default list): field default_filter must be F_FILTER;
	 * ?<field>=all lifts it. NULL = none. */
	const char *default_filter;
	const char *default_filter_value;
	/* Declared running aggregates over this entity's rows: see "Aggregates". */
	const struct agg_def *aggs;
	size_t naggs;
	/* The per-row rule of the generic update (a = EA_UPDATE) and delete (EA_DELETE)
	 * after the roles: NULL when c may, else the Chinese refusal, with *status set
	 * to 403 (the person) or left 409 (the row's state). The core refuses with it
	 * before validating, and lists and reads carry "_can": {"update", "delete"}
	 * from it (and the roles), so screens offer only what will be accepted (no
	 * 修改 on a 已销号 hazard). NULL = the roles alone decide. */
	const char *(*refuse_write)(struct ectx *c, enum entity_action a, const json_t *row,
				    int *status);
	/* The stored fields refuse_write reads, NULL-ended (optional; "org_id" if it
	 * reads the row's org). When set, refuse_write must decide from these and the
	 * user alone: a list's per-row "_can" selects only these with the page and asks
	 * once per distinct combination of their values on the page, instead of loading
	 * each row (a 20-row hazard page read 20 rows of 50 columns for it). Reads and
	 * writes of one row still pass the whole row; tests compare the two. */
	const char *const *refuse_fields;
	/* Those of refuse_fields that refuse_write only compares with the user's id (a
	 * hazard's found_by: "did I report it?"). A page keys its _can answers by "mine
	 * or not" for these, not by the id: otherwise every row is its own key. */
	const char *const *refuse_self_fields;
};

/* The context of an operation: whose request, which connection, which arena. A
 * context with user == NULL is the system (CLI, demo, scheduler): no scope limits. */
struct ectx {
	struct db *db;
	struct user *user;
	struct arena *arena;
	/* A trusted write by module code on behalf of user (entity_sys_*): no role
	 * check and no scope limit, still audited as user. */
	int sys;
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
/* A field error with its own status and code (409 for a conflict with another
 * record that the form shows under the field). fmt is Chinese. */
void verr_field(struct verr *e, int status, const char *code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
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

/* The org tree (scope.c), asked the same way by every module. Orgs are ids of the
 * org table; "enterprise" is the org node of an enterprise (kind 'enterprise'). */
/* org itself if it is an enterprise, else its nearest enterprise ancestor (a unit's
 * company; a subsidiary is its own enterprise, not its group's). 0 none, -1 error. */
int64_t org_enterprise_of(struct db *db, int64_t org);
/* 1 if unit is an internal unit (kind 'unit') inside enterprise's subtree, 0 not,
 * -1 error. */
int org_unit_in(struct db *db, int64_t unit, int64_t enterprise);
/* 1 if user is an active enterprise user (ent_manager, ent_principal, staff) whose
 * org lies in enterprise's subtree or above it (a group's people act in its
 * subsidiaries), 0 not, -1 error. */
int org_user_of_enterprise(struct db *db, int64_t user, int64_t enterprise);

/* The ?org_id= subtree filter of a module's own query (a view, statistics, the
 * cockpit): "this org and everything under it". Typical use:
 *
 *	struct org_subtree f;
 *	if (org_subtree_param(r, &c, NULL, &f, &err) < 0)
 *		return verr_send(&err, s);
 *	buf_puts(&sql, "SELECT … FROM hazard t WHERE <scope>");
 *	org_subtree_sql(&sql, &f, "t.org_id");
 *	… bind the scope, then org_subtree_bind(st, &f, &idx) in the same order …
 *
 * A visible org's subtree lies inside the viewer's scope (both scope rules are
 * closed under descendants), so the filter narrows and never widens; callers keep
 * their scope condition anyway. */
struct org_subtree {
	int64_t org;		/* the org asked for; 0 = no filter (the whole scope) */
	const char *path;	/* its materialised path "/1/7/" (c's arena); NULL if org 0 */
	const char *like;	/* path + "%", the parameter org_subtree_sql binds */
};
/* Reads query parameter name (NULL = "org_id") of r into f: absent or empty → no
 * filter (f->org 0); not a positive decimal id → 400 validation naming the
 * parameter; an org that is missing or that c may not see (scope_row_visible) →
 * 404 not_found. 0 ok, -1 with err filled (500 on a database error); f is zeroed
 * on error. */
int org_subtree_param(struct req *r, struct ectx *c, const char *name, struct org_subtree *f,
		      struct verr *err);
/* The same for a value already in hand (a body member, a test): value NULL or ""
 * means no filter; name is the field the errors name. */
int org_subtree_parse(struct ectx *c, const char *name, const char *value,
		      struct org_subtree *f, struct verr *err);
/* Appends " AND <col> IN (SELECT … FROM org … WHERE path LIKE ?)" when f has an
 * org, nothing otherwise. col ("t.org_id") is a constant of the caller's SQL. */
void org_subtree_sql(struct buf *sql, const struct org_subtree *f, const char *col);
/* Binds what org_subtree_sql appended (nothing when f has no org) at *idx and
 * advances it. 0 ok, -1 error. */
int org_subtree_bind(struct db_stmt *st, const struct org_subtree *f, int *idx);

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

/* Trusted create for module code (a 延期申请 created by an action, a report built
 * from the data): like entity_create_tx without the role check and scope limits;
 * hooks, validation, aggregates and the audit row (as c's user) all run. */
int64_t entity_sys_create_tx(struct ectx *c, const struct entity_def *e, json_t *obj,
			     struct verr *err);
/* Trusted column write for module code: UPDATE e SET <set's keys> WHERE id = ?
 * [AND <status field> = expect]. The keys must be declared stored fields (BUG
 * otherwise). Keeps the declared aggregates and writes an audit row with action
 * (NULL = no audit: a derived flag). No hooks, no validation: the caller has
 * validated. Returns 1 written, 0 when the row no longer has status expect (a
 * concurrent action won) or is missing, -1 on error (err filled with 500). */
int entity_set_tx(struct ectx *c, const struct entity_def *e, int64_t id, const char *expect,
		  const json_t *set, const char *action, struct verr *err);
/* Sends row id of e as GET /api/<e>/<id> shows it (API form, with _actions) with
 * status; 404 when it is not visible to c. Returns the status. */
int entity_send(struct ectx *c, const struct entity_def *e, int64_t id, int status,
		struct resp *s);
/* The clock of writes: "YYYY-MM-DD HH:MM:SS" Shanghai time, or, when the thread's
 * entity_clock is set (the demo builds a past), that. */
extern _Thread_local const char *entity_clock;
void entity_now(char out[20]);
void entity_today(char out[11]);
/* Parses a positive decimal id ("42"); 0 when s is not one. */
int64_t entity_parse_id(const char *s);
/* The id of path parameter i of r; 0 when absent or not a positive decimal. */
int64_t req_param_id(struct req *r, int i);

/* ------------------------------------------------------------------ workflows
 *
 * An entity may declare a status field, its states and its actions. The core runs
 * every action POST /api/<entity>/:id/<verb> the same way, in one transaction:
 *
 *   scope (404) → permission (403: roles, then the per-row rule) → state (409
 *   bad_state naming the state) → input (400 per field, unknown keys refused) →
 *   guard → apply → guarded update (WHERE status = the state read) → aggregates →
 *   event (the timeline) → audit (action = verb)
 *
 * and any refusal changes nothing. GET of a row carries "_actions": the actions the
 * caller may do on it now ([{verb, label}]). Permission codes "<entity>:<verb>" (and
 * "<entity>:create/update/delete") come from these declarations (/api/auth/me,
 * /api/meta).
 */
enum wf_state_flag { WS_OPEN = 1 << 0, WS_FINAL = 1 << 1 };

struct wf_state {
	const char *code;	/* stored value */
	const char *label;	/* Chinese */
	unsigned flags;		/* enum wf_state_flag */
};

struct wf_action;

/* One action being run: what guard and apply see and fill. */
struct wf_call {
	struct ectx *c;
	const struct entity_def *e;
	const struct wf_action *a;
	int64_t id;
	const json_t *row;	/* the row before (stored form) */
	const json_t *in;	/* validated inputs (stored form), only declared keys */
	json_t *set;		/* columns to write; the core adds the status field */
	const char *from;	/* the state read */
	const char *to;		/* the state after (a->to or from); apply may change it */
	const char *reason;	/* event text; default in.reason */
	const char *note;	/* event text; default in.note */
	char now[20];		/* entity_now() when the action started */
	char today[11];
	/* The response: by default the row itself, 200. apply may send another row
	 * (a created extension request: send_def, send_id, 201). */
	const struct entity_def *send_def;
	int64_t send_id;
	int send_status;
	struct verr *err;
};

enum wf_action_flag {
	WA_NO_EVENT = 1 << 0,	/* no timeline row */
	WA_SET_INPUTS = 1 << 1,	/* copy inputs that name stored fields into set */
	WA_NO_WRITE = 1 << 2	/* no row update (apply wrote elsewhere); audit still */
};

struct wf_action {
	const char *verb;	/* "verify": the route segment and the permission code */
	const char *label;	/* "验收销号" */
	const char *const *from;	/* NULL-terminated state codes; NULL = every non-final */
	const char *to;		/* state after; NULL = unchanged */
	unsigned roles;		/* role mask (1u << role); 0 = every logged-in role */
	/* Per-row rule after roles (the plan's responsible person, the supervising
	 * regulator …): 1 may, 0 refused (403 with deny, or「无权<label>」). */
	int (*may)(struct ectx *c, const json_t *row);
	const char *deny;
	/* The same rule with its own reason: NULL when c may, else the Chinese 403
	 * message (a constant or an arena string of c). Checked after may. */
	const char *(*refuse)(struct ectx *c, const json_t *row);
	/* A condition of the row besides its state under which the action does not
	 * apply at all (supervise: only a major hazard not yet supervised): NULL when
	 * it applies, else the Chinese 409 message; *code may name the error code
	 * (left NULL: "bad_state"). Checked with the state, before inputs; hides the
	 * action from _actions. */
	const char *(*inapplicable)(const json_t *row, const char **code);
	const struct field_def *inputs;	/* F_REQUIRED marks required inputs */
	size_t ninputs;
	int (*guard)(struct wf_call *w);	/* 0 ok, -1 with w->err */
	int (*apply)(struct wf_call *w);	/* fills w->set; 0 ok, -1 with w->err */
	unsigned flags;		/* enum wf_action_flag */
};

struct workflow {
	const char *status_field;	/* "status" */
	const struct wf_state *states;
	size_t nstates;
	const struct wf_action *actions;
	size_t nactions;
	/* The timeline: a declared entity with the columns <event_ref>, action,
	 * from_status, to_status, user_id, username, at, reason, note. NULL = none. */
	const char *event_entity;
	const char *event_ref;		/* "hazard_id" */
	const char *noun;		/* "隐患" in「隐患当前状态为…」 */
};

/* The fields of a timeline entity (workflow.event_entity) in the order above, read-only
 * (the core writes them): the reference ref_name to the record (ref_entity, labelled
 * ref_label), the action of action_opts, the statuses of status_opts, who, when, why. */
#define WF_EVENT_FIELDS(ref_name, ref_entity, ref_label, action_opts, status_opts)		\
	{.name = (ref_name), .label = (ref_label), .type = FT_REF, .ref = (ref_entity),		\
	 .flags = F_FILTER | F_READONLY},							\
	{.name = "action", .label = "操作", .type = FT_ENUM, .opts = (action_opts),		\
	 .flags = F_FILTER | F_LIST | F_READONLY},						\
	{.name = "from_status", .label = "原状态", .type = FT_ENUM, .opts = (status_opts),	\
	 .flags = F_LIST | F_READONLY},								\
	{.name = "to_status", .label = "新状态", .type = FT_ENUM, .opts = (status_opts),		\
	 .flags = F_LIST | F_READONLY},								\
	{.name = "user_id", .label = "操作人", .type = FT_REF, .ref = "user", .flags = F_READONLY},	\
	{.name = "username", .label = "操作人姓名", .type = FT_TEXT, .max_len = 100,		\
	 .flags = F_LIST | F_READONLY},								\
	{.name = "at", .label = "时间", .type = FT_DATETIME,					\
	 .flags = F_LIST | F_SORT | F_RANGE | F_READONLY},					\
	{.name = "reason", .label = "原因", .type = FT_TEXT, .max_len = 500,			\
	 .flags = F_LIST | F_READONLY},								\
	{.name = "note", .label = "说明", .type = FT_LONGTEXT, .flags = F_LIST | F_READONLY}

const struct wf_state *wf_state_find(const struct workflow *wf, const char *code);
const char *wf_state_label(const struct workflow *wf, const char *code);	/* code if unknown */
const struct wf_action *wf_action_find(const struct workflow *wf, const char *verb);
/* 1 if a's roles and per-row rules let c act on row (state not considered). */
int wf_may(struct ectx *c, const struct wf_action *a, const json_t *row);
/* NULL if c may do a on row, else the 403 message. */
const char *wf_refusal(struct ectx *c, const struct wf_action *a, const json_t *row);
/* 1 if a may start from state. */
int wf_from_ok(const struct workflow *wf, const struct wf_action *a, const char *state);
/* Runs action verb on row id of e inside the caller's transaction (the funnel
 * above). body may be NULL (no inputs). On success 0 and, when out is given, the
 * response target (*send_def, *send_id, *send_status); -1 with err filled. */
int wf_run_tx(struct ectx *c, const struct entity_def *e, int64_t id, const char *verb,
	      const json_t *body, const struct entity_def **send_def, int64_t *send_id,
	      int *send_status, struct verr *err);
/* The same in its own transaction. */
int wf_run(struct ectx *c, const struct entity_def *e, int64_t id, const char *verb,
	   const json_t *body, struct verr *err);
/* Appends a timeline event for row (stored form) of e inside the transaction. */
int wf_event_write(struct ectx *c, const struct entity_def *e, const json_t *row,
		   const char *action, const char *from, const char *to, const char *reason,
		   const char *note);
/* Writes "_actions":[{verb,label}] of row for c into an open object. */
int wf_actions_write(struct ectx *c, const struct entity_def *e, const json_t *row,
		     struct jw *w);
/* 1 if role may do action a of e by its role mask (permission codes). */
int wf_role_may(const struct wf_action *a, int role);
/* Writes the JSON array of role's permission codes ("hazard:create",
 * "hazard:verify" …) from every declaration. */
void entity_perms_write(struct jw *w, int role);
/* Registers a permission code of a module route that is not an entity operation
 * ("user:reset-password") with the roles it is granted to (0 = every role). */
void entity_perm_register(const char *code, unsigned roles);

/* ----------------------------------------------------------------- aggregates
 *
 * A running count per key, declared once over an entity's rows: the key columns
 * and each counted column are SQL expressions over the row (aliased t; constants of
 * the declaration, never user text). Every write through the core (create, update,
 * delete, actions, system writes) reads the row's contribution before and after
 * and adds the difference to the aggregate table in the same transaction;
 * agg_recompute() rebuilds every table from the same declarations (anjian check).
 * Several declarations may share a table (found per month and closed per month).
 */
struct agg_key {
	const char *name;	/* column of the aggregate table */
	const char *expr;	/* SQL over t; NULL value = the row is not counted */
	int text;		/* 1 TEXT key, 0 integer key */
};
struct agg_col {
	const char *name;	/* column of the aggregate table */
	const char *expr;	/* SQL over t giving an integer contribution */
};
#define AGG_MAX_KEYS 3
#define AGG_MAX_COLS 16
struct agg_def {
	const char *table;
	struct agg_key keys[AGG_MAX_KEYS];	/* first .name NULL ends */
	const char *where;	/* the row counts only when true; NULL = always */
	const struct agg_col *cols;
	size_t ncols;
	const char *stamp;	/* column set to now on every change, or NULL */
};
/* Creates every declared aggregate table that does not exist yet. */
int agg_schema(struct db *db);
/* Rebuilds every declared aggregate table inside the caller's transaction. */
int agg_recompute(struct db *db);

/* ---------------------------------------------------------------------- views
 *
 * A custom list declared as a constant query: its FROM (tables and joins), a
 * constant condition, the scope column, and its columns as field declarations
 * whose .expr is the SQL of the column over the FROM. The core serves
 *   GET <path>          {"items":[…],"total":N,"page":P,"size":S, <extra>}
 *   GET <path>/export   the same rows as an .xlsx ledger (F_LIST | F_EXPORT columns)
 * adding the caller's scope, ?org_id= (the org's subtree, 404 when not visible),
 * filters (F_FILTER exact, F_RANGE <name>_from/_to, F_SEARCH ?q=), the declared
 * choices (?status=open|all …), sort (?sort= over F_SORT columns), paging and the
 * envelope. Output: enums also as <name>_label; money in yuan; bools true/false.
 */
struct view_choice {
	const char *value;	/* ?<param>=value */
	const char *cond;	/* constant SQL condition; NULL = none */
};
struct view_param {
	const char *name;	/* query parameter */
	const char *label;	/* Chinese, for errors */
	const struct view_choice *choices;	/* NULL-value terminated; [0] is the default */
};
struct view_req;
struct view_def {
	const char *path;	/* "/api/hazard/major" */
	const char *label;	/* "重大事故隐患清单" (export file name) */
	const char *from;	/* "hazard h JOIN org o ON o.id = h.org_id" */
	const char *where;	/* constant condition or NULL */
	const char *scope_col;	/* "h.org_id" */
	const struct field_def *cols;	/* .expr required; name "id" recommended first */
	size_t ncols;
	const struct view_param *params;	/* NULL-name terminated, or NULL */
	const char *default_sort;	/* "-id" */
	int default_size;	/* 0 = 20 */
	unsigned roles;		/* role mask; 0 = every logged-in role */
	/* More members of the envelope (e.g. the 动态清零 flag); may use view_count. */
	int (*extra)(struct view_req *q, struct jw *w);
};
/* Registers a view and its two routes (call from a module's init). */
void view_register(const struct view_def *v);
/* COUNT(*) of the view's rows in the request's scope and ?org_id= subtree (not its
 * filters or choices) that also meet cond (a constant condition, or NULL). */
int view_count(struct view_req *q, const char *cond, int64_t *out);
/* SUM(expr) (an integer SQL expression of the declaration over the FROM) of the
 * rows the request lists — scope, ?org_id=, its filters and choices — that also
 * meet cond (constant, or NULL); 0 when none. For totals in an extra. */
int view_sum(struct view_req *q, const char *expr, const char *cond, int64_t *out);
/* view_count with the request's filters, choices and ?q= too (counts of what the
 * list shows: one type's cells). In view_count, view_sum and this, cond may use
 * {today}. */
int view_count_filtered(struct view_req *q, const char *cond, int64_t *out);
/* The registered views, in registration order. */
size_t view_count_registered(void);
const struct view_def *view_at(size_t i);

/* Appends to audit_log. before/after may be NULL. */
int audit_write(struct ectx *c, const char *entity, int64_t id, const char *action,
		const json_t *before, const json_t *after);

/* Route registration for the generic handlers (call after module routes). */
void entity_routes_init(void);

/* Files (files.c): POST /api/files, GET /api/files/:id (+ ?download=1). */
void files_routes_init(void);
/* 1 if file id exists and is visible to c, 0 if not, -1 error. */
int files_visible(struct ectx *c, int64_t file_id);
/* Stores data (n bytes, type mime decided from the content by the caller) as a file
 * of org inside the caller's transaction, with its audit row; created_by is c's
 * user (NULL for the system). Returns the id, -1 on error. */
int64_t files_save(struct ectx *c, int64_t org, const char *name, const char *mime,
		   const void *data, size_t n);

#endif
