/*
 * crud.c — create, update, delete and read of declared entities, for the generic
 * HTTP handlers and for modules (demo, import, hooks). Each write is one
 * transaction: validate → check references, files, uniqueness and scope →
 * before_write hook → INSERT/UPDATE/DELETE → after_write hook → audit row → commit.
 * Any error rolls everything back, so a rejected request changes nothing.
 *
 * Rows move through here in the stored form of internal.h. Update is partial: the
 * request's keys are validated and merged into the old row, and the merged row must
 * satisfy the required rules and the entity's cross-field validator.
 *
 * Scope: a row whose org the user cannot see answers as missing (404), never 403;
 * a reference or attachment the user cannot see is「所选…不存在」.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "obligation.h"
#include "../core/arena.h"
#include "../core/util.h"
#include "../db/db.h"

/* Keys of our own output a client may send back; ignored in request bodies. */
static const char *const crud_system_keys[] = {
	"id", "org_name", "created_at", "updated_at", "created_by", "updated_by", NULL
};

/* Parses a positive decimal id ("42"); 0 when s is not one. */
int64_t entity_parse_id(const char *s)
{
	int64_t v = 0;

	if (!s || !*s || *s == '0')
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10)
			return 0;
		v = v * 10 + (*s - '0');
	}
	return v;
}

int64_t ent_parse_id(const char *s)
{
	return entity_parse_id(s);
}

/* The id of path parameter i of r (see entity.h). */
int64_t req_param_id(struct req *r, int i)
{
	return i < r->nparams ? entity_parse_id(r->params[i]) : 0;
}

/* Removes F_SECRET fields from obj. */
void ent_strip_secret(const struct entity_def *e, json_t *obj)
{
	size_t i;

	for (i = 0; i < e->nfields; i++)
		if (e->fields[i].flags & F_SECRET)
			json_object_del(obj, e->fields[i].name);
}

/* 1 if f has a column written from the row (not virtual; org_id is handled apart). */
static int crud_stored(const struct entity_def *e, const struct field_def *f)
{
	(void)e;
	return !f->expr && strcmp(f->name, "org_id") != 0;
}

/* JSON of one stored column in the stored form. */
static json_t *crud_col_json(struct db_stmt *st, int col, const struct field_def *f)
{
	const char *s;
	json_t *v;

	if (db_col_isnull(st, col))
		return f->type == FT_FILES ? json_array() : json_null();
	switch (f->type) {
	case FT_INT:
	case FT_REF:
	case FT_MONEY:
		return json_integer(db_col_int64(st, col));
	case FT_REAL:
	case FT_LAT:
	case FT_LNG:
		return json_real(db_col_double(st, col));
	case FT_BOOL:
		return json_boolean(db_col_int64(st, col) != 0);
	case FT_FILES:
		s = db_col_text(st, col);
		v = s ? json_loads(s, 0, NULL) : NULL;
		if (!json_is_array(v)) {
			json_decref(v);
			v = json_array();
		}
		return v;
	default:
		s = db_col_text(st, col);
		return s ? json_string(s) : json_null();
	}
}

/* The stored row id of e (secret fields included, virtual ones not), scoped by c;
 * NULL when missing, out of scope, or on error. */
json_t *ent_load(struct ectx *c, const struct entity_def *e, int64_t id)
{
	struct buf sql;
	struct db_stmt *st = NULL;
	json_t *row = NULL;
	const char *sc = ent_scope_col(e);
	size_t i;
	int col, s;

	buf_init(&sql, 1 << 16);
	buf_printf(&sql, "SELECT t.id, %s%s, t.created_at, t.updated_at, t.created_by, t.updated_by",
		   ent_has_scope(e) ? "t." : "", ent_has_scope(e) ? sc : "NULL");
	for (i = 0; i < e->nfields; i++)
		if (crud_stored(e, &e->fields[i]))
			buf_printf(&sql, ", t.%s", e->fields[i].name);
	buf_printf(&sql, " FROM %s t WHERE t.id = ?", e->table);
	/* One row: probe scope_org for (viewer, its org) — the IN (SELECT …) form would
	 * build a temporary index of all the viewer's orgs (2,000 for a district
	 * regulator) for every row read, which cost 3–6 ms per row of a list's _can. */
	if (!ent_unscoped(c) && ent_has_scope(e))
		buf_printf(&sql, " AND EXISTS (SELECT 1 FROM scope_org s WHERE s.viewer = ?"
			   " AND s.org_id = t.%s)", sc);
	if (e->owner_column && c->user && !c->sys)
		buf_printf(&sql, " AND t.%s = ?", e->owner_column);
	if (buf_failed(&sql))
		goto out;
	st = db_prepare(c->db, buf_str(&sql));
	{
		int bi = 2;
		if (!st || db_bind_int64(st, 1, id) < 0 ||
		    (!ent_unscoped(c) && ent_has_scope(e) && db_bind_int64(st, bi++, c->user->org_id) < 0) ||
		    (e->owner_column && c->user && !c->sys && db_bind_int64(st, bi++, c->user->id) < 0))
			goto out;
	}
	s = db_step(st);
	if (s != DB_ROW) {
		if (s != DB_DONE)
			log_err("load %s %" PRId64 ": %s", e->name, id, db_errmsg(c->db));
		goto out;
	}
	row = json_object();
	json_object_set_new(row, "id", json_integer(db_col_int64(st, 0)));
	if (ent_has_scope(e))
		json_object_set_new(row, sc, db_col_isnull(st, 1) ? json_null() :
				    json_integer(db_col_int64(st, 1)));
	json_object_set_new(row, "created_at", json_string(db_col_text(st, 2) ? db_col_text(st, 2) : ""));
	json_object_set_new(row, "updated_at", json_string(db_col_text(st, 3) ? db_col_text(st, 3) : ""));
	json_object_set_new(row, "created_by", json_integer(db_col_int64(st, 4)));
	json_object_set_new(row, "updated_by", json_integer(db_col_int64(st, 5)));
	col = 6;
	for (i = 0; i < e->nfields; i++)
		if (crud_stored(e, &e->fields[i]))
			json_object_set_new(row, e->fields[i].name, crud_col_json(st, col++, &e->fields[i]));
out:
	db_finalize(st);
	buf_release(&sql);
	return row;
}

/* The row as JSON without secret fields, or NULL (missing / out of scope). */
json_t *entity_get(struct ectx *c, const struct entity_def *e, int64_t id)
{
	json_t *row = ent_load(c, e, id);

	if (row)
		ent_strip_secret(e, row);
	return row;
}

/* Binds a stored-form JSON value (see entity.h). */
int entity_bind(struct db_stmt *st, int idx, const json_t *v)
{
	char *s;
	int rc;

	if (!v || json_is_null(v))
		return db_bind_null(st, idx);
	if (json_is_string(v))
		return db_bind_text(st, idx, json_string_value(v));
	if (json_is_integer(v))
		return db_bind_int64(st, idx, json_integer_value(v));
	if (json_is_real(v))
		return db_bind_double(st, idx, json_real_value(v));
	if (json_is_boolean(v))
		return db_bind_int64(st, idx, json_is_true(v) ? 1 : 0);
	s = json_dumps(v, JSON_COMPACT);
	rc = db_bind_text(st, idx, s);
	free(s);
	return rc;
}

/* 1 if the referenced row exists and c may see it, 0 if not, -1 on error. */
static int crud_ref_visible(struct ectx *c, const char *ref, int64_t id)
{
	const struct entity_def *r = entity_find(ref);
	const char *table = r ? r->table : (strcmp(ref, "org") == 0 ? "org" : NULL);
	const char *sc;
	struct buf sql;
	struct db_stmt *st = NULL;
	int rc = -1, s;
	int64_t org = 0;

	if (!table)
		return 0;
	/* an org row is its own scope; other rows are scoped by their scope column */
	sc = strcmp(table, "org") == 0 ? "id" : (r ? ent_scope_col(r) : "org_id");
	if (r && !ent_has_scope(r))
		sc = NULL;
	buf_init(&sql, 4096);
	buf_printf(&sql, "SELECT %s%s FROM %s t WHERE t.id = ?", sc ? "t." : "", sc ? sc : "1", table);
	st = db_prepare(c->db, buf_str(&sql));
	if (!st || db_bind_int64(st, 1, id) < 0)
		goto out;
	s = db_step(st);
	if (s == DB_DONE) {
		rc = 0;
		goto out;
	}
	if (s != DB_ROW)
		goto out;
	if (!sc || ent_unscoped(c)) {
		rc = 1;
		goto out;
	}
	org = db_col_int64(st, 0);
	db_finalize(st);
	st = NULL;
	rc = scope_row_visible(c, org);
out:
	db_finalize(st);
	buf_release(&sql);
	return rc;
}

/* 1 if the integer id is in the JSON array a. */
static int crud_in_array(const json_t *a, json_int_t id)
{
	size_t i;

	for (i = 0; json_is_array(a) && i < json_array_size(a); i++)
		if (json_integer_value(json_array_get(a, i)) == id)
			return 1;
	return 0;
}

/* A reference or attachments value nv of f visible to c (values already in ov, the
 * old value, are not checked again). 0 ok, -1 with err (400 field error, or 500). */
int ent_check_field(struct ectx *c, const struct field_def *f, const json_t *nv,
		    const json_t *ov, struct verr *err)
{
	int v;

	if (!nv || json_is_null(nv))
		return 0;
	if (f->type == FT_REF && !(ov && json_equal(ov, nv))) {
		v = crud_ref_visible(c, f->ref, json_integer_value(nv));
		if (v < 0)
			goto fail;
		if (!v) {
			verr_add(err, f->name, "所选%s不存在", f->label);
			return -1;
		}
	}
	if (f->type == FT_FILES)
		for (size_t j = 0; j < json_array_size(nv); j++) {
			json_int_t fid = json_integer_value(json_array_get(nv, j));
			if (crud_in_array(ov, fid))
				continue;
			v = files_visible(c, fid);
			if (v < 0)
				goto fail;
			if (!v) {
				verr_add(err, f->name, "所选%s不存在", f->label);
				return -1;
			}
		}
	return 0;
fail:
	log_err("check %s: %s", f->name, db_errmsg(c->db));
	ent_internal(err);
	return -1;
}

/* References, attachments and uniqueness of the merged row (values that changed
 * only, so a row whose old reference left the user's scope can still be edited).
 * 0 ok, -1 with err filled. */
static int crud_check_db(struct ectx *c, const struct entity_def *e, const json_t *row,
			 const json_t *old, int64_t id, struct verr *err)
{
	size_t i, j;
	int64_t other;
	int v;

	for (i = 0; i < e->nfields; i++) {
		const struct field_def *f = &e->fields[i];
		const json_t *nv = json_object_get(row, f->name);
		const json_t *ov = old ? json_object_get(old, f->name) : NULL;
		if (!crud_stored(e, f) || !nv || json_is_null(nv))
			continue;
		if (f->type == FT_REF && !(ov && json_equal(ov, nv))) {
			v = crud_ref_visible(c, f->ref, json_integer_value(nv));
			if (v < 0)
				goto fail;
			if (!v)
				verr_add(err, f->name, "所选%s不存在", f->label);
		}
		if (f->type == FT_FILES) {
			for (j = 0; j < json_array_size(nv); j++) {
				json_int_t fid = json_integer_value(json_array_get(nv, j));
				if (crud_in_array(ov, fid))
					continue;
				v = files_visible(c, fid);
				if (v < 0)
					goto fail;
				if (!v) {
					verr_add(err, f->name, "所选%s不存在", f->label);
					break;
				}
			}
		}
		if ((f->flags & F_UNIQUE) && !(ov && json_equal(ov, nv))) {
			struct buf sql;
			struct db_stmt *st;
			int s;
			buf_init(&sql, 4096);
			buf_printf(&sql, "SELECT id FROM %s WHERE %s = ? AND id <> ?", e->table, f->name);
			st = db_prepare(c->db, buf_str(&sql));
			buf_release(&sql);
			if (!st || entity_bind(st, 1, nv) < 0 || db_bind_int64(st, 2, id) < 0) {
				db_finalize(st);
				goto fail;
			}
			s = db_step(st);
			other = s == DB_ROW ? db_col_int64(st, 0) : 0;
			db_finalize(st);
			if (s != DB_ROW && s != DB_DONE)
				goto fail;
			/* A row the caller may not see is not described (issue 14 finding 9):
			 * the value is refused without saying it exists elsewhere — the
			 * same answer a value taken in the caller's own scope gets only
			 * there, where the row can be looked up anyway. */
			if (s == DB_ROW) {
				v = crud_ref_visible(c, e->name, other);
				if (v < 0)
					goto fail;
				if (v)
					ent_field_error(err, 409, "conflict", f->name,
							arena_printf(err->arena, "%s已存在", f->label));
				else
					ent_field_error(err, 409, "conflict", f->name,
							arena_printf(err->arena, "该%s无法使用，请核对，如有疑问请联系监管部门", f->label));
			}
		}
	}
	return err->status ? -1 : 0;
fail:
	log_err("check %s: %s", e->name, db_errmsg(c->db));
	ent_internal(err);
	return -1;
}

/* Validates obj's keys into row (stored form; row starts as a copy of old on
 * update), applies org_id, checks required fields of the merged row and runs the
 * entity's cross-field validator (also after field errors, to report them all).
 * 0 ok, -1 with err filled. */
static int crud_merge(struct ectx *c, const struct entity_def *e, json_t *obj, json_t *row,
		      const json_t *old, struct verr *err)
{
	const char *k;
	json_t *v, *norm;
	size_t i;
	int sys, vis;

	if (!json_is_object(obj)) {
		verr_set(err, 400, "bad_json", "请求体须为 JSON 对象");
		return -1;
	}
	json_object_foreach(obj, k, v) {
		const struct field_def *f;
		if (strcmp(k, "org_id") == 0 && !(e->flags & E_NO_ORG))
			continue;
		sys = 0;
		for (i = 0; crud_system_keys[i]; i++)
			if (strcmp(k, crud_system_keys[i]) == 0)
				sys = 1;
		if (sys)
			continue;
		f = entity_field(e, k);
		if (!f) {
			verr_add(err, k, "未知字段: %s", k);
			continue;
		}
		if (f->expr)
			continue;
		if (field_validate(f, v, &norm, err) == 0)
			json_object_set_new(row, f->name, norm);
	}
	/* required rules over the merged row (server-set fields are the hooks' job) */
	for (i = 0; i < e->nfields; i++) {
		const struct field_def *f = &e->fields[i];
		if (!crud_stored(e, f) || json_object_get(obj, f->name))
			continue;
		if (!old) {
			if (!(f->flags & F_READONLY) && field_validate(f, NULL, &norm, err) == 0)
				json_object_set_new(row, f->name, norm);
			else if (f->flags & F_READONLY && !json_object_get(row, f->name))
				json_object_set_new(row, f->name, json_null());
		} else if ((f->flags & F_REQUIRED) && !(f->flags & F_READONLY)) {
			v = json_object_get(row, f->name);
			if (!v || json_is_null(v) ||
			    (json_is_string(v) && !*json_string_value(v)) ||
			    (json_is_array(v) && json_array_size(v) == 0))
				verr_add(err, f->name, "%s不能为空", f->label);
		}
	}
	/* org_id: from the body (must be visible), else the user's org on create */
	if (!(e->flags & E_NO_ORG)) {
		v = json_object_get(obj, "org_id");
		if (v && !json_is_null(v)) {
			json_int_t org = json_is_integer(v) ? json_integer_value(v) : 0;
			vis = org > 0 ? scope_row_visible(c, org) : 0;
			if (vis < 0) {
				ent_internal(err);
				return -1;
			}
			if (!vis)
				ent_field_error(err, 404, "not_found", "org_id", "所选单位不存在");
			else
				json_object_set_new(row, "org_id", json_integer(org));
		} else if (!old && c->user) {
			json_object_set_new(row, "org_id", json_integer(c->user->org_id));
		}
	}
	/* Field errors do not stop here: the cross-field rules run as well, so a form
	 * gets every error in one answer (issue 12 "Forms"); the rules see the row
	 * without the fields that failed. Any other error (404, 409) stops. */
	if (err->status && !(err->status == 400 && err->code && !strcmp(err->code, "validation")))
		return -1;
	if (e->validate && e->validate(c, row, old, err) != 0 && !err->status)
		ent_internal(err);
	return err->status ? -1 : 0;
}

/* Audit unless the entity is the log itself. */
static int crud_audit(struct ectx *c, const struct entity_def *e, int64_t id, const char *action,
		      const json_t *before, const json_t *after)
{
	if (e->flags & E_NO_AUDIT)
		return 0;
	return audit_write(c, e->name, id, action, before, after);
}

/* Maps a failed write statement to an error. */
static void crud_db_error(struct ectx *c, const struct entity_def *e, int s, struct verr *err)
{
	if (s == DB_CONSTRAINT) {
		verr_set(err, 409, "conflict", "记录已存在或与其他记录冲突");
		return;
	}
	log_err("write %s: %s", e->name, db_errmsg(c->db));
	ent_internal(err);
}

/* Write permission of c for e (403). */
static int crud_may_write(struct ectx *c, const struct entity_def *e, struct verr *err)
{
	if (c->sys || ent_role_ok(e->write_roles, c->user))
		return 0;
	verr_set(err, 403, "forbidden", "无权操作");
	return -1;
}

/* INSERT of row; returns the new id or -1. */
static int64_t crud_insert(struct ectx *c, const struct entity_def *e, const json_t *row,
			   const char *now, struct verr *err)
{
	struct buf sql;
	struct db_stmt *st = NULL;
	size_t i;
	int n = 0, idx = 1, s;
	int64_t id = -1;
	int has_org = !(e->flags & E_NO_ORG);

	buf_init(&sql, 1 << 16);
	buf_printf(&sql, "INSERT INTO %s (%screated_at, updated_at, created_by, updated_by", e->table,
		   has_org ? "org_id, " : "");
	for (i = 0; i < e->nfields; i++)
		if (crud_stored(e, &e->fields[i])) {
			buf_printf(&sql, ", %s", e->fields[i].name);
			n++;
		}
	buf_puts(&sql, ") VALUES (?, ?, ?, ?");
	if (has_org)
		buf_puts(&sql, ", ?");
	for (i = 0; i < (size_t)n; i++)
		buf_puts(&sql, ", ?");
	buf_puts(&sql, ") RETURNING id");
	st = db_prepare(c->db, buf_str(&sql));
	if (!st)
		goto fail;
	if (has_org && entity_bind(st, idx++, json_object_get(row, "org_id")) < 0)
		goto fail;
	if (db_bind_text(st, idx++, now) < 0 || db_bind_text(st, idx++, now) < 0)
		goto fail;
	for (int k = 0; k < 2; k++)
		if ((c->user ? db_bind_int64(st, idx, c->user->id) : db_bind_null(st, idx)) < 0)
			goto fail;
		else
			idx++;
	for (i = 0; i < e->nfields; i++)
		if (crud_stored(e, &e->fields[i]) &&
		    entity_bind(st, idx++, json_object_get(row, e->fields[i].name)) < 0)
			goto fail;
	s = db_step(st);
	if (s != DB_ROW) {
		crud_db_error(c, e, s, err);
		goto out;
	}
	id = db_col_int64(st, 0);
	while ((s = db_step(st)) == DB_ROW)
		;
	if (s != DB_DONE) {
		crud_db_error(c, e, s, err);
		id = -1;
	}
	goto out;
fail:
	crud_db_error(c, e, DB_ERR, err);
out:
	db_finalize(st);
	buf_release(&sql);
	return id;
}

/* Creates a row inside the caller's transaction; see entity.h. */
int64_t entity_create_tx(struct ectx *c, const struct entity_def *e, json_t *obj, struct verr *err)
{
	json_t *row = json_object();
	char now[20];
	int64_t id = -1;

	if (crud_may_write(c, e, err) < 0)
		goto out;
	if (crud_merge(c, e, obj, row, NULL, err) < 0 || crud_check_db(c, e, row, NULL, 0, err) < 0)
		goto out;
	if (e->before_write && e->before_write(c, EA_CREATE, row, NULL, err) != 0) {
		if (!err->status)
			ent_internal(err);
		goto out;
	}
	if (!(e->flags & E_NO_ORG) && !json_is_integer(json_object_get(row, "org_id"))) {
		verr_add(err, "org_id", "所属单位不能为空");
		goto out;
	}
	time_datetime(now_utc(), now);
	id = crud_insert(c, e, row, now, err);
	if (id < 0)
		goto out;
	json_object_set_new(row, "id", json_integer(id));
	json_object_set_new(row, "created_at", json_string(now));
	json_object_set_new(row, "updated_at", json_string(now));
	if (e->naggs) {
		struct agg_snap none, now_s;
		memset(&none, 0, sizeof(none));
		if (ent_agg_snap(c, e, id, &now_s) < 0 || ent_agg_apply(c, e, &none, &now_s) < 0) {
			ent_internal(err);
			id = -1;
			goto out;
		}
	}
	if (ob_apply(c, e, id, NULL) < 0) {
		ent_internal(err);
		id = -1;
		goto out;
	}
	if (e->after_write && e->after_write(c, EA_CREATE, id, NULL, row, err) != 0) {
		if (!err->status)
			ent_internal(err);
		id = -1;
		goto out;
	}
	if (crud_audit(c, e, id, "create", NULL, row) < 0) {
		ent_internal(err);
		id = -1;
	}
out:
	json_decref(row);
	return id;
}

/* e->refuse_write for a person's write of row old: 0 may, -1 with err (403/409). */
static int crud_refuse(struct ectx *c, const struct entity_def *e, enum entity_action a,
		       const json_t *old, struct verr *err)
{
	const char *why;
	int status = 409;

	if (!e->refuse_write || c->sys || !c->user)
		return 0;
	why = e->refuse_write(c, a, old, &status);
	if (!why)
		return 0;
	verr_set(err, status, status == 403 ? "forbidden" : "bad_state", why);
	return -1;
}

/* See internal.h. */
void ent_can_decide(struct ectx *c, const struct entity_def *e, const json_t *row, int *up,
		    int *del)
{
	int status;

	*up = !(e->flags & E_NO_UPDATE) && ent_role_ok(e->write_roles, c->user);
	*del = !(e->flags & E_NO_DELETE) && ent_role_ok(e->write_roles, c->user);
	status = 409;
	if (*up && e->refuse_write && c->user && e->refuse_write(c, EA_UPDATE, row, &status))
		*up = 0;
	status = 409;
	if (*del && e->refuse_write && c->user && e->refuse_write(c, EA_DELETE, row, &status))
		*del = 0;
}

/* See internal.h. */
void ent_can_emit(struct jw *w, int up, int del)
{
	jw_key(w, "_can");
	jw_obj_begin(w);
	jw_kbool(w, "update", up);
	jw_kbool(w, "delete", del);
	jw_obj_end(w);
}

int ent_can_write(struct ectx *c, const struct entity_def *e, int64_t id, struct jw *w)
{
	json_t *row = ent_load(c, e, id);
	int up, del;

	if (!row)
		return -1;
	ent_can_decide(c, e, row, &up, &del);
	json_decref(row);
	ent_can_emit(w, up, del);
	return 0;
}

json_t *ent_col_json(struct db_stmt *st, int col, const struct field_def *f)
{
	return crud_col_json(st, col, f);
}

/* Updates row id (partial) inside the caller's transaction; see entity.h. */
int entity_update_tx(struct ectx *c, const struct entity_def *e, int64_t id, json_t *obj,
		     struct verr *err)
{
	json_t *old = NULL, *row = NULL;
	struct buf sql;
	struct db_stmt *st = NULL;
	struct agg_snap agg_before, agg_after;
	struct ob_snap ob_before;
	char now[20];
	size_t i;
	int idx = 1, s, rc = -1;

	buf_init(&sql, 1 << 16);
	if (crud_may_write(c, e, err) < 0)
		goto out;
	old = ent_load(c, e, id);
	if (!old) {
		verr_set(err, 404, "not_found", "记录不存在");
		goto out;
	}
	if (crud_refuse(c, e, EA_UPDATE, old, err) < 0)
		goto out;
	row = json_deep_copy(old);
	if (crud_merge(c, e, obj, row, old, err) < 0 || crud_check_db(c, e, row, old, id, err) < 0)
		goto out;
	if (e->before_write && e->before_write(c, EA_UPDATE, row, old, err) != 0) {
		if (!err->status)
			ent_internal(err);
		goto out;
	}
	if ((e->naggs && ent_agg_snap(c, e, id, &agg_before) < 0) || ob_snap(c, e, id, &ob_before) < 0)
		goto dberr;
	time_datetime(now_utc(), now);
	buf_printf(&sql, "UPDATE %s SET updated_at = ?, updated_by = ?", e->table);
	if (!(e->flags & E_NO_ORG))
		buf_puts(&sql, ", org_id = ?");
	for (i = 0; i < e->nfields; i++)
		if (crud_stored(e, &e->fields[i]))
			buf_printf(&sql, ", %s = ?", e->fields[i].name);
	buf_puts(&sql, " WHERE id = ?");
	st = db_prepare(c->db, buf_str(&sql));
	if (!st || db_bind_text(st, idx++, now) < 0 ||
	    (c->user ? db_bind_int64(st, idx, c->user->id) : db_bind_null(st, idx)) < 0)
		goto dberr;
	idx++;
	if (!(e->flags & E_NO_ORG) && entity_bind(st, idx++, json_object_get(row, "org_id")) < 0)
		goto dberr;
	for (i = 0; i < e->nfields; i++)
		if (crud_stored(e, &e->fields[i]) &&
		    entity_bind(st, idx++, json_object_get(row, e->fields[i].name)) < 0)
			goto dberr;
	if (db_bind_int64(st, idx, id) < 0)
		goto dberr;
	s = db_step(st);
	if (s != DB_DONE) {
		crud_db_error(c, e, s, err);
		goto out;
	}
	json_object_set_new(row, "updated_at", json_string(now));
	if (e->naggs && (ent_agg_snap(c, e, id, &agg_after) < 0 ||
			 ent_agg_apply(c, e, &agg_before, &agg_after) < 0))
		goto dberr;
	if (ob_apply(c, e, id, &ob_before) < 0)
		goto dberr;
	if (e->after_write && e->after_write(c, EA_UPDATE, id, old, row, err) != 0) {
		if (!err->status)
			ent_internal(err);
		goto out;
	}
	if (crud_audit(c, e, id, "update", old, row) < 0) {
		ent_internal(err);
		goto out;
	}
	rc = 0;
	goto out;
dberr:
	crud_db_error(c, e, DB_ERR, err);
out:
	db_finalize(st);
	buf_release(&sql);
	json_decref(old);
	json_decref(row);
	return rc;
}

/* Deletes row id inside the caller's transaction. */
/*
 * Refuses to delete a row that another row still references through a declared
 * ref field (a unit named by risk points, a body that has members …): 409 naming
 * what refers to it. Runs after the entity's before_write hook, so a module that
 * removes its own dependants there (a risk point's sources and measures) is not
 * stopped by them. 0 free to delete, -1 with err filled.
 */
static int crud_check_refs(struct ectx *c, const struct entity_def *e, int64_t id, struct verr *err)
{
	for (size_t i = 0; i < entity_count(); i++) {
		const struct entity_def *o = entity_at(i);

		for (size_t j = 0; j < o->nfields; j++) {
			const struct field_def *f = &o->fields[j];
			struct buf sql;
			struct db_stmt *st;
			int s;

			if (f->type != FT_REF || f->expr || !f->ref || strcmp(f->ref, e->name) != 0)
				continue;
			buf_init(&sql, 1024);
			buf_printf(&sql, "SELECT 1 FROM %s WHERE %s = ? AND NOT (? = 1 AND id = ?) LIMIT 1",
				   o->table, f->name);
			st = db_prepare(c->db, buf_str(&sql));
			buf_release(&sql);
			if (!st || db_bind_int64(st, 1, id) < 0 || db_bind_int64(st, 2, o == e) < 0 ||
			    db_bind_int64(st, 3, id) < 0) {
				db_finalize(st);
				crud_db_error(c, e, DB_ERR, err);
				return -1;
			}
			s = db_step(st);
			db_finalize(st);
			if (s < 0) {
				crud_db_error(c, e, s, err);
				return -1;
			}
			if (s == DB_ROW) {
				verr_set(err, 409, "conflict",
					 arena_printf(c->arena, "该%s仍被%s的“%s”引用，不能删除",
						      e->label, o->label, f->label));
				return -1;
			}
		}
	}
	return 0;
}

static int crud_delete_tx(struct ectx *c, const struct entity_def *e, int64_t id, struct verr *err)
{
	json_t *old = NULL, *row = NULL;
	struct agg_snap agg_before;
	struct ob_snap ob_before;
	struct buf sql;
	struct db_stmt *st = NULL;
	int s, rc = -1;

	buf_init(&sql, 4096);
	if (crud_may_write(c, e, err) < 0)
		goto out;
	old = ent_load(c, e, id);
	if (!old) {
		verr_set(err, 404, "not_found", "记录不存在");
		goto out;
	}
	if (crud_refuse(c, e, EA_DELETE, old, err) < 0)
		goto out;
	row = json_deep_copy(old);
	if (e->before_write && e->before_write(c, EA_DELETE, row, old, err) != 0) {
		if (!err->status)
			ent_internal(err);
		goto out;
	}
	if (crud_check_refs(c, e, id, err) < 0)
		goto out;
	if ((e->naggs && ent_agg_snap(c, e, id, &agg_before) < 0) || ob_snap(c, e, id, &ob_before) < 0) {
		crud_db_error(c, e, DB_ERR, err);
		goto out;
	}
	buf_printf(&sql, "DELETE FROM %s WHERE id = ?", e->table);
	st = db_prepare(c->db, buf_str(&sql));
	if (!st || db_bind_int64(st, 1, id) < 0) {
		crud_db_error(c, e, DB_ERR, err);
		goto out;
	}
	s = db_step(st);
	if (s != DB_DONE) {
		crud_db_error(c, e, s, err);
		goto out;
	}
	if (e->naggs) {
		struct agg_snap none;
		memset(&none, 0, sizeof(none));
		if (ent_agg_apply(c, e, &agg_before, &none) < 0) {
			crud_db_error(c, e, DB_ERR, err);
			goto out;
		}
	}
	if (ob_apply(c, e, id, &ob_before) < 0) {
		crud_db_error(c, e, DB_ERR, err);
		goto out;
	}
	if (e->after_write && e->after_write(c, EA_DELETE, id, old, NULL, err) != 0) {
		if (!err->status)
			ent_internal(err);
		goto out;
	}
	if (crud_audit(c, e, id, "delete", old, NULL) < 0) {
		ent_internal(err);
		goto out;
	}
	rc = 0;
out:
	db_finalize(st);
	buf_release(&sql);
	json_decref(old);
	json_decref(row);
	return rc;
}

/* Opens the write transaction. */
static int crud_begin(struct ectx *c, struct verr *err)
{
	if (db_begin(c->db) < 0) {
		log_err("begin: %s", db_errmsg(c->db));
		ent_internal(err);
		return -1;
	}
	return 0;
}

/* Commits when ok, else rolls back; returns ok ? 0 : -1. */
static int crud_end(struct ectx *c, int ok, struct verr *err)
{
	if (ok && db_commit(c->db) == 0)
		return 0;
	if (ok) {
		log_err("commit: %s", db_errmsg(c->db));
		ent_internal(err);
	}
	db_rollback(c->db);
	return -1;
}

/* Creates a row in its own transaction. */
int64_t entity_create(struct ectx *c, const struct entity_def *e, json_t *obj, struct verr *err)
{
	int64_t id;

	if (crud_begin(c, err) < 0)
		return -1;
	id = entity_create_tx(c, e, obj, err);
	return crud_end(c, id > 0, err) < 0 ? -1 : id;
}

/* Updates a row in its own transaction. */
int entity_update(struct ectx *c, const struct entity_def *e, int64_t id, json_t *obj, struct verr *err)
{
	int rc;

	if (crud_begin(c, err) < 0)
		return -1;
	rc = entity_update_tx(c, e, id, obj, err);
	return crud_end(c, rc == 0, err);
}

/* Deletes a row in its own transaction. */
int entity_delete(struct ectx *c, const struct entity_def *e, int64_t id, struct verr *err)
{
	int rc;

	if (crud_begin(c, err) < 0)
		return -1;
	rc = crud_delete_tx(c, e, id, err);
	return crud_end(c, rc == 0, err);
}

/* ------------------------------------------------------------ system writes */

/* Trusted create (see entity.h): the same path with the role check and scope off. */
int64_t entity_sys_create_tx(struct ectx *c, const struct entity_def *e, json_t *obj,
			     struct verr *err)
{
	int was = c->sys;
	int64_t id;

	c->sys = 1;
	id = entity_create_tx(c, e, obj, err);
	c->sys = was;
	return id;
}

/* Trusted column write (see entity.h). */
int entity_set_tx(struct ectx *c, const struct entity_def *e, int64_t id, const char *expect,
		  const json_t *set, const char *action, struct verr *err)
{
	const char *sf = e->workflow ? e->workflow->status_field : "status";
	struct agg_snap agg_before, agg_after;
	struct ob_snap ob_before;
	struct ectx sc = *c;
	json_t *before = NULL, *after = NULL;
	struct buf sql;
	struct db_stmt *st = NULL;
	const char *k;
	json_t *v;
	char now[20];
	int idx = 1, rc = -1, s;

	sc.sys = 1;
	buf_init(&sql, 1 << 14);
	time_datetime(now_utc(), now);
	if (action && !(e->flags & E_NO_AUDIT) && !(before = ent_load(&sc, e, id))) {
		rc = 0;
		goto out;
	}
	if ((e->naggs && ent_agg_snap(c, e, id, &agg_before) < 0) || ob_snap(c, e, id, &ob_before) < 0)
		goto fail;
	buf_printf(&sql, "UPDATE %s SET updated_at = ?, updated_by = ?", e->table);
	json_object_foreach((json_t *)set, k, v) {
		const struct field_def *f = entity_field(e, k);
		if (!f || f->expr)
			BUG("entity_set_tx: not a stored field");
		buf_printf(&sql, ", %s = ?", f->name);
	}
	buf_puts(&sql, " WHERE id = ?");
	if (expect)
		buf_printf(&sql, " AND %s = ?", sf);
	if (buf_failed(&sql) || !(st = db_prepare(c->db, buf_str(&sql))))
		goto fail;
	if (db_bind_text(st, idx++, now) < 0 ||
	    (c->user ? db_bind_int64(st, idx, c->user->id) : db_bind_null(st, idx)) < 0)
		goto fail;
	idx++;
	json_object_foreach((json_t *)set, k, v)
		if (entity_bind(st, idx++, v) < 0)
			goto fail;
	if (db_bind_int64(st, idx++, id) < 0 || (expect && db_bind_text(st, idx++, expect) < 0))
		goto fail;
	s = db_step(st);
	if (s != DB_DONE) {
		crud_db_error(c, e, s, err);
		goto out;
	}
	if (db_changes(st) == 0) {
		rc = 0;
		goto out;
	}
	if (e->naggs && (ent_agg_snap(c, e, id, &agg_after) < 0 ||
			 ent_agg_apply(c, e, &agg_before, &agg_after) < 0))
		goto fail;
	if (ob_apply(c, e, id, &ob_before) < 0)
		goto fail;
	if (before) {
		after = json_deep_copy(before);
		json_object_update(after, (json_t *)set);
		json_object_set_new(after, "updated_at", json_string(now));
		ent_strip_secret(e, before);
		ent_strip_secret(e, after);
		if (audit_write(c, e->name, id, action, before, after) < 0)
			goto fail;
	}
	rc = 1;
	goto out;
fail:
	crud_db_error(c, e, DB_ERR, err);
	rc = -1;
out:
	db_finalize(st);
	buf_release(&sql);
	json_decref(before);
	json_decref(after);
	return rc;
}

/* ------------------------------------------------------------------- clock */

_Thread_local const char *entity_clock;

/* Now for writes (see entity.h). */
void entity_now(char out[20])
{
	if (entity_clock)
		snprintf(out, 20, "%.19s", entity_clock);
	else
		time_datetime(now_utc(), out);
}

void entity_today(char out[11])
{
	char now[20];

	entity_now(now);
	memcpy(out, now, 10);
	out[10] = '\0';
}
