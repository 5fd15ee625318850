/*
 * meta.c — GET /api/meta (API.md): every entity the caller may read, with its
 * fields as the front end needs them to render generic lists and forms, and whether
 * the caller's role may create, update and delete (E_NO_* flags respected). Secret
 * fields are never described.
 */
#include <stdio.h>

#include "internal.h"

/* Writes one field description. */
static void meta_field(struct jw *w, const struct field_def *f)
{
	unsigned fl = f->flags;

	jw_obj_begin(w);
	jw_kstr(w, "name", f->name);
	jw_kstr(w, "label", f->label);
	jw_kstr(w, "type", ent_type_name(f->type));
	jw_kbool(w, "required", (fl & F_REQUIRED) != 0);
	jw_kbool(w, "filter", (fl & F_FILTER) != 0);
	jw_kbool(w, "search", (fl & F_SEARCH) != 0);
	jw_kbool(w, "sort", (fl & F_SORT) != 0);
	jw_kbool(w, "list", (fl & F_LIST) != 0);
	jw_kbool(w, "readonly", (fl & F_READONLY) != 0 || f->expr != NULL);
	jw_kbool(w, "hidden", (fl & F_HIDDEN) != 0);
	jw_kbool(w, "range", (fl & F_RANGE) != 0);
	jw_kbool(w, "unique", (fl & F_UNIQUE) != 0);
	jw_kbool(w, "virtual", f->expr != NULL);
	if (f->type == FT_TEXT || f->type == FT_LONGTEXT)
		jw_kint(w, "max_len", f->max_len > 0 ? f->max_len : (f->type == FT_TEXT ? 200 : 4000));
	if (f->min < f->max) {
		jw_key(w, "min");
		jw_double(w, f->min);
		jw_key(w, "max");
		jw_double(w, f->max);
	}
	if (f->type == FT_ENUM) {
		jw_key(w, "options");
		jw_arr_begin(w);
		for (const struct enum_opt *o = f->opts; o && o->code; o++) {
			jw_obj_begin(w);
			jw_kstr(w, "value", o->code);
			jw_kstr(w, "label", o->label);
			jw_obj_end(w);
		}
		jw_arr_end(w);
	}
	if (f->type == FT_REF)
		jw_kstr(w, "ref", f->ref);
	if (f->group)
		jw_kstr(w, "group", f->group);
	if (f->help)
		jw_kstr(w, "help", f->help);
	jw_obj_end(w);
}

/* GET /api/meta */
int ent_h_meta(struct req *r, struct resp *s)
{
	struct jw w;
	size_t i, j;

	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_key(&w, "entities");
	jw_arr_begin(&w);
	for (i = 0; i < entity_count(); i++) {
		const struct entity_def *e = entity_at(i);
		int wr = ent_role_ok(e->write_roles, r->user);
		if (!ent_role_ok(e->read_roles, r->user))
			continue;
		jw_obj_begin(&w);
		jw_kstr(&w, "name", e->name);
		jw_kstr(&w, "label", e->label);
		jw_kstr(&w, "display_field", ent_display(e));
		jw_kstr(&w, "default_sort", e->default_sort ? e->default_sort : "-id");
		jw_kbool(&w, "can_create", wr && !(e->flags & E_NO_CREATE));
		jw_kbool(&w, "can_update", wr && !(e->flags & E_NO_UPDATE));
		jw_kbool(&w, "can_delete", wr && !(e->flags & E_NO_DELETE));
		if (e->workflow) {
			const struct workflow *wf = e->workflow;
			jw_kstr(&w, "status_field", wf->status_field);
			jw_key(&w, "states");
			jw_arr_begin(&w);
			for (size_t k = 0; k < wf->nstates; k++) {
				jw_obj_begin(&w);
				jw_kstr(&w, "value", wf->states[k].code);
				jw_kstr(&w, "label", wf->states[k].label);
				jw_kbool(&w, "open", (wf->states[k].flags & WS_OPEN) != 0);
				jw_kbool(&w, "final", (wf->states[k].flags & WS_FINAL) != 0);
				jw_obj_end(&w);
			}
			jw_arr_end(&w);
			jw_key(&w, "actions");
			jw_arr_begin(&w);
			for (size_t k = 0; k < wf->nactions; k++) {
				const struct wf_action *a = &wf->actions[k];
				char code[160];
				jw_obj_begin(&w);
				jw_kstr(&w, "verb", a->verb);
				jw_kstr(&w, "label", a->label);
				snprintf(code, sizeof(code), "%s:%s", e->name, a->verb);
				jw_kstr(&w, "perm", code);
				jw_key(&w, "from");
				jw_arr_begin(&w);
				for (size_t m = 0; m < wf->nstates; m++)
					if (wf_from_ok(wf, a, wf->states[m].code))
						jw_str(&w, wf->states[m].code);
				jw_arr_end(&w);
				jw_kstr(&w, "to", a->to);
				jw_key(&w, "inputs");
				jw_arr_begin(&w);
				for (size_t m = 0; m < a->ninputs; m++)
					meta_field(&w, &a->inputs[m]);
				jw_arr_end(&w);
				jw_obj_end(&w);
			}
			jw_arr_end(&w);
		}
		jw_key(&w, "fields");
		jw_arr_begin(&w);
		for (j = 0; j < e->nfields; j++)
			if (!(e->fields[j].flags & F_SECRET))
				meta_field(&w, &e->fields[j]);
		jw_arr_end(&w);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_key(&w, "roles");
	jw_arr_begin(&w);
	for (int ro = ROLE_ADMIN; ro <= ROLE_STAFF; ro++) {
		jw_obj_begin(&w);
		jw_kstr(&w, "value", role_name((enum role)ro));
		jw_kstr(&w, "label", role_label((enum role)ro));
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	return 200;
}
