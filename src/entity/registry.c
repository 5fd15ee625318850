/*
 * registry.c — the table of entity declarations, the error record (verr) every
 * entity operation fills, and small helpers shared by the core: identifiers,
 * roles, bound-parameter lists and virtual-field expressions.
 *
 * Declarations are static data owned by their modules; the registry keeps pointers.
 * Every identifier that reaches SQL text (table, column, scope column, display
 * field, sort) is checked here once, at registration, against [a-z_][a-z0-9_]*:
 * a bad declaration is a programming error and stops the process (BUG()).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "../core/arena.h"
#include "../core/util.h"
#include "../db/db.h"

static const struct entity_def *ent_table[ENT_MAX];
static size_t ent_n;

/* ------------------------------------------------------------------ registry */

/* 1 if s is a safe SQL identifier of our own: [a-z_][a-z0-9_]*, ≤ 63 bytes. */
int ent_ident_ok(const char *s)
{
	size_t i;

	if (!s || !*s || strlen(s) > 63)
		return 0;
	for (i = 0; s[i]; i++) {
		char c = s[i];
		int ok = (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
		if (!ok)
			return 0;
	}
	return 1;
}

/* Checks one declaration; BUG() on anything that would put a bad identifier in SQL. */
static void ent_check_decl(const struct entity_def *e)
{
	size_t i, j;
	const char *ds;

	if (!ent_ident_ok(e->name) || !ent_ident_ok(e->table) || !e->label)
		BUG("entity: bad name, table or label");
	if (e->nfields > ENT_MAX_FIELDS)
		BUG("entity: too many fields");
	if (e->scope_column && !ent_ident_ok(e->scope_column))
		BUG("entity: bad scope_column");
	for (i = 0; i < e->nfields; i++) {
		const struct field_def *f = &e->fields[i];
		if (!ent_ident_ok(f->name) || !f->label)
			BUG("entity: bad field name or label");
		if (f->type == FT_ENUM && !f->opts)
			BUG("entity: enum without options");
		if (f->type == FT_REF && !ent_ident_ok(f->ref))
			BUG("entity: bad ref");
		for (j = 0; j < i; j++)
			if (strcmp(e->fields[j].name, f->name) == 0)
				BUG("entity: duplicate field");
	}
	if (e->display_field && !ent_ident_ok(e->display_field))
		BUG("entity: bad display_field");
	ds = e->default_sort;
	if (ds) {
		if (*ds == '-')
			ds++;
		if (!ent_ident_ok(ds))
			BUG("entity: bad default_sort");
	}
}

/* Registers e (kept, not copied). Registering the same declaration twice is a
 * no-op; two declarations with one name are a bug. */
void entity_register(const struct entity_def *e)
{
	size_t i;

	ent_check_decl(e);
	for (i = 0; i < ent_n; i++) {
		if (ent_table[i] == e)
			return;
		if (strcmp(ent_table[i]->name, e->name) == 0)
			BUG("entity: registered twice");
	}
	if (ent_n >= ENT_MAX)
		BUG("entity: registry full");
	ent_table[ent_n++] = e;
}

/* The declaration named name, or NULL. */
const struct entity_def *entity_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < ent_n; i++)
		if (strcmp(ent_table[i]->name, name) == 0)
			return ent_table[i];
	return NULL;
}

/* The field of e named name, or NULL. */
const struct field_def *entity_field(const struct entity_def *e, const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].name, name) == 0)
			return &e->fields[i];
	return NULL;
}

/* Number of registered entities. */
size_t entity_count(void)
{
	return ent_n;
}

/* The i-th registered entity (registration order). */
const struct entity_def *entity_at(size_t i)
{
	return i < ent_n ? ent_table[i] : NULL;
}

/* The column that scopes e's rows. */
const char *ent_scope_col(const struct entity_def *e)
{
	return e->scope_column ? e->scope_column : "org_id";
}

/* 1 unless e is E_NO_ORG without a scope column (see internal.h). */
int ent_has_scope(const struct entity_def *e)
{
	return !(e->flags & E_NO_ORG) || e->scope_column;
}

/* The column naming a row of e: display_field, else a field "name", else NULL. */
const char *ent_display(const struct entity_def *e)
{
	if (e->display_field)
		return e->display_field;
	if (entity_field(e, "name"))
		return "name";
	return NULL;
}

/* Role check of a role mask (bit 1u << role). */
int ent_role_ok(unsigned mask, const struct user *u)
{
	if (!u || mask == 0)
		return 1;
	return (mask & (1u << u->role)) != 0;
}

/* System contexts and admins see every org. */
int ent_unscoped(const struct ectx *c)
{
	return c->sys || !c->user || c->user->role == ROLE_ADMIN;
}

/* API.md type names. */
const char *ent_type_name(enum ftype t)
{
	switch (t) {
	case FT_TEXT: return "text";
	case FT_LONGTEXT: return "longtext";
	case FT_INT: return "int";
	case FT_REAL: return "real";
	case FT_MONEY: return "money";
	case FT_DATE: return "date";
	case FT_DATETIME: return "datetime";
	case FT_BOOL: return "bool";
	case FT_ENUM: return "enum";
	case FT_REF: return "ref";
	case FT_FILES: return "files";
	case FT_USCC: return "uscc";
	case FT_PHONE: return "phone";
	case FT_LAT: return "lat";
	case FT_LNG: return "lng";
	case FT_EMAIL: return "email";
	}
	return "text";
}

/* fen (integer, 1/100 yuan) as a decimal yuan string with two decimals. */
void ent_money_str(int64_t fen, char out[32])
{
	uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;

	snprintf(out, 32, "%s%" PRIu64 ".%02" PRIu64, fen < 0 ? "-" : "", a / 100, a % 100);
}

/* ---------------------------------------------------------------------- verr */

/* Starts an empty error record; formatted messages are allocated from a. */
void verr_init(struct verr *e, struct arena *a)
{
	memset(e, 0, sizeof(*e));
	e->arena = a;
}

/* Keeps msg for field (first message per field wins) and, for the first error of
 * the record, sets the headline status/code/message/field. */
static void verr_keep(struct verr *e, int status, const char *code, const char *field,
		      const char *msg)
{
	int i;

	if (!e->status) {
		e->status = status;
		e->code = code;
		e->message = msg;
		e->field = field;
	}
	if (!field)
		return;
	for (i = 0; i < e->n; i++)
		if (strcmp(e->fields[i], field) == 0)
			return;
	if (e->n < VERR_MAX) {
		e->fields[e->n] = field;
		e->messages[e->n] = msg;
		e->n++;
	}
}

/* Adds a field error: 400 validation unless an earlier error set the headline. */
void verr_add(struct verr *e, const char *field, const char *fmt, ...)
{
	va_list ap;
	char tmp[512];
	const char *msg;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	msg = e->arena ? arena_strdup(e->arena, tmp) : "输入有误";
	if (field && e->arena)
		field = arena_strdup(e->arena, field);
	verr_keep(e, 400, "validation", field, msg);
}

/* A field error with another status (404 for out-of-scope references, 409 for
 * duplicates). msg must outlive e (a constant or arena string). */
void ent_field_error(struct verr *e, int status, const char *code, const char *field,
		     const char *msg)
{
	verr_keep(e, status, code, field, msg);
}

void verr_field(struct verr *e, int status, const char *code, const char *field, const char *fmt, ...)
{
	va_list ap;
	char tmp[512];

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	verr_keep(e, status, code, field && e->arena ? arena_strdup(e->arena, field) : field,
		  e->arena ? arena_strdup(e->arena, tmp) : "输入有误");
}

/* Sets a non-field error; an earlier error keeps the headline. */
void verr_set(struct verr *e, int status, const char *code, const char *message)
{
	verr_keep(e, status, code, NULL, message);
}

/* 500 internal. */
void ent_internal(struct verr *e)
{
	verr_set(e, 500, "internal", "服务器内部错误");
}

/* API.md error body: {"error":{"code","message","field","fields":{…}}}. */
int verr_send(const struct verr *e, struct resp *s)
{
	struct jw w;
	int i;

	if (!e->status)
		return http_internal(s);
	s->status = e->status;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_key(&w, "error");
	jw_obj_begin(&w);
	jw_kstr(&w, "code", e->code ? e->code : "internal");
	jw_kstr(&w, "message", e->message ? e->message : "请求有误");
	if (e->field)
		jw_kstr(&w, "field", e->field);
	if (e->n > 0) {
		jw_key(&w, "fields");
		jw_obj_begin(&w);
		for (i = 0; i < e->n; i++)
			jw_kstr(&w, e->fields[i], e->messages[i]);
		jw_obj_end(&w);
	}
	jw_obj_end(&w);
	jw_obj_end(&w);
	return e->status;
}

/* ------------------------------------------------------------ bound params */

/* Appends a text parameter (not copied: s must outlive the statement). */
void qp_text(struct qparams *p, const char *s)
{
	if (p->n >= QP_MAX)
		BUG("qparams full");
	p->v[p->n].kind = 1;
	p->v[p->n].s = s;
	p->n++;
}

/* Appends an integer parameter. */
void qp_int(struct qparams *p, int64_t v)
{
	if (p->n >= QP_MAX)
		BUG("qparams full");
	p->v[p->n].kind = 2;
	p->v[p->n].i = v;
	p->n++;
}

/* Appends a real parameter. */
void qp_double(struct qparams *p, double v)
{
	if (p->n >= QP_MAX)
		BUG("qparams full");
	p->v[p->n].kind = 3;
	p->v[p->n].d = v;
	p->n++;
}

/* Binds every parameter of p in order starting at *idx. */
int qp_bind(struct db_stmt *st, const struct qparams *p, int *idx)
{
	int i, rc = 0;

	for (i = 0; i < p->n; i++) {
		const struct qparam *q = &p->v[i];
		if (q->kind == 1)
			rc = db_bind_text(st, (*idx)++, q->s);
		else if (q->kind == 2)
			rc = db_bind_int64(st, (*idx)++, q->i);
		else
			rc = db_bind_double(st, (*idx)++, q->d);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* A virtual field's SQL (a constant of the declaration) with every "{today}" made a
 * bound parameter holding today's date, and every "{now}" one holding the clock of
 * writes (entity_now: "YYYY-MM-DD HH:MM:SS"), for rules by the hour (a permit's
 * validity). */
void ent_expr(struct buf *sql, struct qparams *p, const char *expr, const char *today)
{
	static _Thread_local char now[20];
	const char *s = expr, *t, *u;

	buf_putc(sql, '(');
	for (;;) {
		t = strstr(s, "{today}");
		u = strstr(s, "{now}");
		if (!t && !u)
			break;
		if (u && (!t || u < t)) {
			buf_add(sql, s, (size_t)(u - s));
			buf_putc(sql, '?');
			entity_now(now);
			qp_text(p, now);
			p->now++;
			s = u + strlen("{now}");
			continue;
		}
		buf_add(sql, s, (size_t)(t - s));
		buf_putc(sql, '?');
		qp_text(p, today);
		s = t + strlen("{today}");
	}
	buf_puts(sql, s);
	buf_putc(sql, ')');
}

/* ------------------------------------------------------------- row members */

const char *row_str(const json_t *o, const char *k)
{
	const json_t *v = o ? json_object_get(o, k) : NULL;
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;

	return s && *s ? s : NULL;
}

int64_t row_int(const json_t *o, const char *k)
{
	const json_t *v = o ? json_object_get(o, k) : NULL;

	if (json_is_integer(v))
		return (int64_t)json_integer_value(v);
	if (json_is_real(v))
		return (int64_t)json_real_value(v);
	return 0;
}

int row_bool(const json_t *o, const char *k)
{
	const json_t *v = o ? json_object_get(o, k) : NULL;

	return json_is_true(v) || (json_is_integer(v) && json_integer_value(v) != 0);
}
