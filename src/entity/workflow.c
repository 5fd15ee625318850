/*
 * workflow.c — declared workflows (entity.h "Workflows"): the one path every action
 * of every entity takes, the actions a caller may do on a row now, the timeline
 * event, and the permission codes shared with the web.
 *
 * The funnel of an action, in one transaction (wf_run_tx):
 *
 *   scope (404) → permission (403) → state (409 bad_state) → input (400) → guard →
 *   apply → guarded update → aggregates → event → audit
 *
 * A module supplies only its declaration and, where an action needs it, a guard (a
 * rule over the row and the inputs that may refuse) and an apply step (what the
 * action writes besides the state). Everything else — who may, from which state,
 * which inputs and how they are validated, the write guarded by the state read (so
 * of two concurrent actions one wins and the other gets 409), the running
 * aggregates, the timeline and the audit row — is here, once.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "../core/util.h"
#include "../db/db.h"

/* -------------------------------------------------------------- lookups */

const struct wf_state *wf_state_find(const struct workflow *wf, const char *code)
{
	for (size_t i = 0; code && i < wf->nstates; i++)
		if (strcmp(wf->states[i].code, code) == 0)
			return &wf->states[i];
	return NULL;
}

const char *wf_state_label(const struct workflow *wf, const char *code)
{
	const struct wf_state *s = wf_state_find(wf, code);

	return s ? s->label : (code ? code : "（无）");
}

const struct wf_action *wf_action_find(const struct workflow *wf, const char *verb)
{
	for (size_t i = 0; verb && i < wf->nactions; i++)
		if (strcmp(wf->actions[i].verb, verb) == 0)
			return &wf->actions[i];
	return NULL;
}

/* 1 if role may do a by its role mask alone (the permission code). */
int wf_role_may(const struct wf_action *a, int role)
{
	return !a->roles || (a->roles & (1u << role));
}

/* NULL if c may do a on row: the system always; a user by role mask, then the
 * per-row rules. Else the 403 message. */
const char *wf_refusal(struct ectx *c, const struct wf_action *a, const json_t *row)
{
	const char *why;

	if (c->sys || !c->user)
		return NULL;
	if (!wf_role_may(a, c->user->role) || (a->may && !a->may(c, row)))
		return a->deny ? a->deny : arena_printf(c->arena, "无权%s", a->label);
	if (a->refuse && (why = a->refuse(c, row)) != NULL)
		return why;
	return NULL;
}

int wf_may(struct ectx *c, const struct wf_action *a, const json_t *row)
{
	return wf_refusal(c, a, row) == NULL;
}

/* 1 if a may start from state: listed in a->from, or (no list) not final. */
int wf_from_ok(const struct workflow *wf, const struct wf_action *a, const char *state)
{
	const struct wf_state *s;

	if (!a->from) {
		s = wf_state_find(wf, state);
		return s && !(s->flags & WS_FINAL);
	}
	for (int i = 0; state && a->from[i]; i++)
		if (strcmp(a->from[i], state) == 0)
			return 1;
	return 0;
}

/* --------------------------------------------------------------- inputs */

/* Validates body against a's inputs into in (stored form): unknown keys refused,
 * F_REQUIRED inputs present and non-empty, each value by its field rule,
 * references and attachments visible to c. 0 ok, -1 with err. */
static int wf_inputs(struct ectx *c, const struct wf_action *a, const json_t *body, json_t *in,
		     struct verr *err)
{
	const char *k;
	json_t *v;

	if (body && !json_is_object(body)) {
		verr_set(err, 400, "bad_json", "请求体须为 JSON 对象");
		return -1;
	}
	json_object_foreach((json_t *)body, k, v) {
		size_t i;
		for (i = 0; i < a->ninputs; i++)
			if (strcmp(a->inputs[i].name, k) == 0)
				break;
		if (i == a->ninputs)
			verr_add(err, k, "未知字段: %s", k);
	}
	for (size_t i = 0; i < a->ninputs; i++) {
		const struct field_def *f = &a->inputs[i];
		const json_t *bv = body ? json_object_get(body, f->name) : NULL;
		json_t *norm = NULL;
		int empty;

		if (field_validate(f, bv, &norm, err) != 0)
			continue;
		empty = !norm || json_is_null(norm) ||
			(json_is_string(norm) && !*json_string_value(norm)) ||
			(json_is_array(norm) && json_array_size(norm) == 0);
		if ((f->flags & F_REQUIRED) && empty) {
			/* field_validate reports required itself for most types; once only */
			int seen = 0;
			for (int j = 0; j < err->n; j++)
				if (strcmp(err->fields[j], f->name) == 0)
					seen = 1;
			if (!seen)
				verr_add(err, f->name, "%s不能为空", f->label);
			json_decref(norm);
			continue;
		}
		if (!empty && ent_check_field(c, f, norm, NULL, err) < 0) {
			json_decref(norm);
			if (err->status >= 500)
				return -1;
			continue;
		}
		json_object_set_new(in, f->name, norm ? norm : json_null());
	}
	return err->status ? -1 : 0;
}

/* --------------------------------------------------------------- events */

/* Appends a timeline event (see entity.h). */
int wf_event_write(struct ectx *c, const struct entity_def *e, const json_t *row,
		   const char *action, const char *from, const char *to, const char *reason,
		   const char *note)
{
	const struct workflow *wf = e->workflow;
	const struct entity_def *ev = wf && wf->event_entity ? entity_find(wf->event_entity) : NULL;
	const char *who = c->user ? (c->user->name && *c->user->name ? c->user->name :
				     c->user->username) : "系统";
	struct buf sql;
	struct db_stmt *st = NULL;
	char now[20], real[20];
	int rc = -1, i = 1;

	if (!ev)
		return 0;
	entity_now(now);
	time_datetime(now_utc(), real);
	buf_init(&sql, 4096);
	buf_printf(&sql, "INSERT INTO %s (org_id, created_at, updated_at, created_by, updated_by,"
		   " %s, action, from_status, to_status, user_id, username, at, reason, note)"
		   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ev->table, wf->event_ref);
	st = buf_failed(&sql) ? NULL : db_prepare(c->db, buf_str(&sql));
	if (!st || db_bind_int64(st, i++, row_int(row, "org_id")) < 0 ||
	    db_bind_text(st, i++, real) < 0 || db_bind_text(st, i++, real) < 0)
		goto out;
	for (int k = 0; k < 2; k++, i++)
		if ((c->user ? db_bind_int64(st, i, c->user->id) : db_bind_null(st, i)) < 0)
			goto out;
	if (db_bind_int64(st, i++, row_int(row, "id")) < 0 || db_bind_text(st, i++, action) < 0 ||
	    db_bind_text(st, i++, from) < 0 || db_bind_text(st, i++, to) < 0 ||
	    (c->user ? db_bind_int64(st, i, c->user->id) : db_bind_null(st, i)) < 0)
		goto out;
	i++;
	if (db_bind_text(st, i++, who) < 0 || db_bind_text(st, i++, now) < 0 ||
	    db_bind_text(st, i++, reason) < 0 || db_bind_text(st, i++, note) < 0 ||
	    db_step(st) != DB_DONE)
		goto out;
	rc = 0;
out:
	if (rc)
		log_err("event %s: %s", ev->name, db_errmsg(c->db));
	db_finalize(st);
	buf_release(&sql);
	return rc;
}

/* ------------------------------------------------------------- the funnel */

/* 409 bad_state naming the state:「隐患当前状态为已销号，不能提交验收」. */
static int wf_bad_state(const struct entity_def *e, const struct wf_action *a, const char *st,
			struct verr *err)
{
	const struct workflow *wf = e->workflow;

	verr_set(err, 409, "bad_state",
		 arena_printf(err->arena, "%s当前状态为%s，不能%s", wf->noun ? wf->noun : e->label,
			      wf_state_label(wf, st), a->label));
	return -1;
}

/* Runs an action inside the caller's transaction (see entity.h). */
int wf_run_tx(struct ectx *c, const struct entity_def *e, int64_t id, const char *verb,
	      const json_t *body, const struct entity_def **send_def, int64_t *send_id,
	      int *send_status, struct verr *err)
{
	const struct workflow *wf = e->workflow;
	const struct wf_action *a = wf ? wf_action_find(wf, verb) : NULL;
	struct wf_call w;
	json_t *row = NULL, *in = json_object(), *set = json_object(), *after = NULL;
	int rc = -1, wr;

	memset(&w, 0, sizeof(w));
	if (!a || id <= 0 || !(row = ent_load(c, e, id))) {
		verr_set(err, 404, "not_found", "记录不存在");
		goto out;
	}
	ent_strip_secret(e, row);
	{
		const char *why = wf_refusal(c, a, row);
		if (why) {
			verr_set(err, 403, "forbidden", why);
			goto out;
		}
	}
	w.from = row_str(row, wf->status_field);
	if (!wf_from_ok(wf, a, w.from)) {
		wf_bad_state(e, a, w.from, err);
		goto out;
	}
	if (a->inapplicable) {
		const char *why = a->inapplicable(row);
		if (why) {
			verr_set(err, 409, a->inapplicable_code ? a->inapplicable_code : "bad_state", why);
			goto out;
		}
	}
	if (wf_inputs(c, a, body, in, err) < 0)
		goto out;
	w.c = c;
	w.e = e;
	w.a = a;
	w.id = id;
	w.row = row;
	w.in = in;
	w.set = set;
	w.to = a->to ? a->to : w.from;
	w.reason = row_str(in, "reason");
	w.note = row_str(in, "note");
	w.err = err;
	w.send_def = e;
	w.send_id = id;
	w.send_status = 200;
	entity_now(w.now);
	entity_today(w.today);
	if (a->guard && a->guard(&w) != 0) {
		if (!err->status)
			ent_internal(err);
		goto out;
	}
	if (a->apply && a->apply(&w) != 0) {
		if (!err->status)
			ent_internal(err);
		goto out;
	}
	if (a->flags & WA_SET_INPUTS) {
		const char *k;
		json_t *v;
		json_object_foreach(in, k, v) {
			const struct field_def *f = entity_field(e, k);
			if (f && !f->expr && !json_is_null(v) && !json_object_get(set, k))
				json_object_set(set, k, v);
		}
	}
	after = json_deep_copy(row);
	if (!(a->flags & WA_NO_WRITE)) {
		json_object_set_new(set, wf->status_field, json_string(w.to));
		wr = entity_set_tx(c, e, id, w.from, set, NULL, err);
		if (wr < 0)
			goto out;
		if (wr == 0) {
			verr_set(err, 409, "bad_state",
				 arena_printf(err->arena, "%s状态已被他人更新，请刷新后重试",
					      wf->noun ? wf->noun : e->label));
			goto out;
		}
		json_object_update(after, set);
	}
	if (!(a->flags & WA_NO_EVENT) &&
	    wf_event_write(c, e, after, a->verb, w.from, w.to, w.reason, w.note) < 0) {
		ent_internal(err);
		goto out;
	}
	if (!(e->flags & E_NO_AUDIT) && audit_write(c, e->name, id, a->verb, row, after) < 0) {
		ent_internal(err);
		goto out;
	}
	if (send_def)
		*send_def = w.send_def;
	if (send_id)
		*send_id = w.send_id;
	if (send_status)
		*send_status = w.send_status;
	rc = 0;
out:
	json_decref(row);
	json_decref(in);
	json_decref(set);
	json_decref(after);
	return rc;
}

/* The same in its own transaction. */
int wf_run(struct ectx *c, const struct entity_def *e, int64_t id, const char *verb,
	   const json_t *body, struct verr *err)
{
	int rc;

	if (db_begin(c->db) < 0) {
		ent_internal(err);
		return -1;
	}
	rc = wf_run_tx(c, e, id, verb, body, NULL, NULL, NULL, err);
	if (rc == 0 && db_commit(c->db) == 0)
		return 0;
	if (rc == 0) {
		log_err("commit: %s", db_errmsg(c->db));
		ent_internal(err);
	}
	db_rollback(c->db);
	return -1;
}

/* POST /api/:entity/:id/:verb — a declared action; answers with the row (or the
 * row the action names, e.g. a created request) as GET shows it. */
int ent_h_action(struct req *r, struct resp *s)
{
	const struct entity_def *e = r->nparams > 0 ? entity_find(r->params[0]) : NULL;
	const struct entity_def *sd = NULL;
	int64_t id = req_param_id(r, 1), sid = 0;
	int st = 200;
	struct ectx c = { 0 };	/* ent_ctx() sets db, user, arena only: sys must be 0 */
	struct verr err;

	if (!e || !e->workflow || r->nparams < 3 || !wf_action_find(e->workflow, r->params[2]))
		return http_not_found(s);
	ent_ctx(r, &c);
	verr_init(&err, &r->arena);
	if (db_begin(r->db) < 0) {
		log_err("begin: %s", db_errmsg(r->db));
		return http_internal(s);
	}
	if (wf_run_tx(&c, e, id, r->params[2], r->json, &sd, &sid, &st, &err) < 0) {
		db_rollback(r->db);
		return verr_send(&err, s);
	}
	if (db_commit(r->db) < 0) {
		log_err("commit: %s", db_errmsg(r->db));
		db_rollback(r->db);
		return http_internal(s);
	}
	return entity_send(&c, sd, sid, st, s);
}

/* --------------------------------------------------------- what c may do */

/* "_actions":[{verb,label}] of row for c (see entity.h). */
int wf_actions_write(struct ectx *c, const struct entity_def *e, const json_t *row,
		     struct jw *w)
{
	const struct workflow *wf = e->workflow;
	const char *st = row_str(row, wf->status_field);

	jw_key(w, "_actions");
	jw_arr_begin(w);
	for (size_t i = 0; i < wf->nactions; i++) {
		const struct wf_action *a = &wf->actions[i];
		if (!c->user || !wf_from_ok(wf, a, st) || (a->inapplicable && a->inapplicable(row)) ||
		    !wf_may(c, a, row))
			continue;
		jw_obj_begin(w);
		jw_kstr(w, "verb", a->verb);
		jw_kstr(w, "label", a->label);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	return 0;
}

/* Extra permission codes of module routes that are not entity operations
 * ("user:reset-password"), registered by their modules. */
#define WF_MAX_EXTRA_PERMS 64
static struct { const char *code; unsigned roles; } wf_extra[WF_MAX_EXTRA_PERMS];
static int wf_nextra;

void entity_perm_register(const char *code, unsigned roles)
{
	if (wf_nextra == WF_MAX_EXTRA_PERMS)
		BUG("too many permission codes");
	wf_extra[wf_nextra].code = code;
	wf_extra[wf_nextra].roles = roles;
	wf_nextra++;
}

/* The permission codes of role (see entity.h), exactly as the server checks them:
 * "<entity>:read" by the read roles, "<entity>:create|update|delete" by the write
 * roles and flags, "<entity>:<verb>" by each action's roles, then the registered
 * module codes. */
void entity_perms_write(struct jw *w, int role)
{
	unsigned bit = 1u << role;

	jw_arr_begin(w);
	for (size_t i = 0; i < entity_count(); i++) {
		const struct entity_def *e = entity_at(i);
		int wr = !e->write_roles || (e->write_roles & bit);
		char code[160];

		if (e->read_roles && !(e->read_roles & bit))
			continue;
		snprintf(code, sizeof(code), "%s:read", e->name);
		jw_str(w, code);
		if (wr && !(e->flags & E_NO_CREATE)) {
			snprintf(code, sizeof(code), "%s:create", e->name);
			jw_str(w, code);
		}
		if (wr && !(e->flags & E_NO_UPDATE)) {
			snprintf(code, sizeof(code), "%s:update", e->name);
			jw_str(w, code);
		}
		if (wr && !(e->flags & E_NO_DELETE)) {
			snprintf(code, sizeof(code), "%s:delete", e->name);
			jw_str(w, code);
		}
		for (size_t j = 0; e->workflow && j < e->workflow->nactions; j++) {
			const struct wf_action *a = &e->workflow->actions[j];
			if (!wf_role_may(a, role))
				continue;
			snprintf(code, sizeof(code), "%s:%s", e->name, a->verb);
			jw_str(w, code);
		}
	}
	for (int i = 0; i < wf_nextra; i++)
		if (!wf_extra[i].roles || (wf_extra[i].roles & bit))
			jw_str(w, wf_extra[i].code);
	jw_arr_end(w);
}
