/*
 * api.c — the generic HTTP handlers of declared entities and their route table
 * (entity.h lists the routes). The router has already checked the session and CSRF
 * and parsed JSON bodies; these handlers check the entity's roles and flags, strip
 * what clients may not set (F_READONLY, F_SECRET, virtual fields, and our own output
 * keys such as <ref>_label), and call the CRUD functions of crud.c.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "../core/util.h"
#include "../db/db.h"

/* The entity context of a request: every member set, so a stack context never
 * carries a stray sys flag (which would lift the role check and the scope). */
void ent_ctx(struct req *r, struct ectx *c)
{
	*c = (struct ectx){ .db = r->db, .user = r->user, .arena = &r->arena };
}

/* The entity named by the first path parameter, or NULL. */
static const struct entity_def *api_entity(struct req *r)
{
	return r->nparams > 0 ? entity_find(r->params[0]) : NULL;
}

/* Removes keys a client may not set from body (see the file comment). */
static void api_strip(const struct entity_def *e, json_t *body)
{
	char key[96];
	size_t i;

	for (i = 0; i < e->nfields; i++) {
		const struct field_def *f = &e->fields[i];
		if ((f->flags & (F_READONLY | F_SECRET)) || f->expr)
			json_object_del(body, f->name);
		if (f->type == FT_REF) {
			snprintf(key, sizeof(key), "%s_label", f->name);
			json_object_del(body, key);
		}
		if (f->type == FT_FILES) {
			snprintf(key, sizeof(key), "%s_files", f->name);
			json_object_del(body, key);
		}
	}
}

/* Sends row id of e as GET shows it (see entity.h). */
int entity_send(struct ectx *c, const struct entity_def *e, int64_t id, int status,
		struct resp *s)
{
	struct jw w;
	int rc;

	s->status = status;
	resp_json(s, &w);
	rc = ent_row_write(c, e, id, &w);
	if (rc == 1)
		return status;
	buf_reset(&s->body);
	return rc == 0 ? http_not_found(s) : http_internal(s);
}


/* 405 for an operation the entity does not offer generically. */
static int api_not_allowed(struct resp *s)
{
	return http_error(s, 405, "method_not_allowed", "不支持该操作", NULL);
}

/* GET /api/:entity/:id */
static int api_get(struct req *r, struct resp *s)
{
	const struct entity_def *e = api_entity(r);
	struct ectx c;
	int64_t id;

	if (r->nparams > 1 && strcmp(r->params[1], "export") == 0)
		return ent_h_export(r, s);
	id = r->nparams > 1 ? ent_parse_id(r->params[1]) : 0;
	if (!e || !id)
		return http_not_found(s);
	if (!ent_role_ok(e->read_roles, r->user))
		return http_forbidden(s);
	ent_ctx(r, &c);
	return entity_send(&c, e, id, 200, s);
}

/* POST /api/:entity */
static int api_create(struct req *r, struct resp *s)
{
	const struct entity_def *e = api_entity(r);
	struct ectx c;
	struct verr err;
	int64_t id;

	if (!e)
		return http_not_found(s);
	if (!ent_role_ok(e->write_roles, r->user))
		return http_forbidden(s);
	if (e->flags & E_NO_CREATE)
		return api_not_allowed(s);
	if (!json_is_object(r->json))
		return http_bad_json(s);
	ent_ctx(r, &c);
	verr_init(&err, &r->arena);
	api_strip(e, r->json);
	id = entity_create(&c, e, r->json, &err);
	if (id < 0)
		return verr_send(&err, s);
	return entity_send(&c, e, id, 201, s);
}

/* PUT /api/:entity/:id (partial) */
static int api_update(struct req *r, struct resp *s)
{
	const struct entity_def *e = api_entity(r);
	int64_t id = r->nparams > 1 ? ent_parse_id(r->params[1]) : 0;
	struct ectx c;
	struct verr err;

	if (!e || !id)
		return http_not_found(s);
	if (!ent_role_ok(e->write_roles, r->user))
		return http_forbidden(s);
	if (e->flags & E_NO_UPDATE)
		return api_not_allowed(s);
	if (!json_is_object(r->json))
		return http_bad_json(s);
	ent_ctx(r, &c);
	verr_init(&err, &r->arena);
	api_strip(e, r->json);
	if (entity_update(&c, e, id, r->json, &err) < 0)
		return verr_send(&err, s);
	return entity_send(&c, e, id, 200, s);
}

/* DELETE /api/:entity/:id → {"ok":true} */
static int api_delete(struct req *r, struct resp *s)
{
	const struct entity_def *e = api_entity(r);
	int64_t id = r->nparams > 1 ? ent_parse_id(r->params[1]) : 0;
	struct ectx c;
	struct verr err;
	struct jw w;

	if (!e || !id)
		return http_not_found(s);
	if (!ent_role_ok(e->write_roles, r->user))
		return http_forbidden(s);
	if (e->flags & E_NO_DELETE)
		return api_not_allowed(s);
	ent_ctx(r, &c);
	verr_init(&err, &r->arena);
	if (entity_delete(&c, e, id, &err) < 0)
		return verr_send(&err, s);
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kbool(&w, "ok", 1);
	jw_obj_end(&w);
	return 200;
}

static const struct route entity_routes[] = {
	{ HTTP_GET, "/api/meta", ent_h_meta, 0, 0 },
	{ HTTP_GET, "/api/openapi.json", ent_h_openapi, ROUTE_PUBLIC, 0 },
	{ HTTP_GET, "/api/:entity/export", ent_h_export, ROUTE_READ, 0 },
	{ HTTP_GET, "/api/audit", audit_h_list, ROUTE_READ, 0 },
	{ HTTP_GET, "/api/:entity", ent_h_list, ROUTE_READ, 0 },
	{ HTTP_POST, "/api/:entity", api_create, ROUTE_JSON, 0 },
	{ HTTP_GET, "/api/:entity/:id", api_get, ROUTE_READ, 0 },
	{ HTTP_PUT, "/api/:entity/:id", api_update, ROUTE_JSON, 0 },
	{ HTTP_DELETE, "/api/:entity/:id", api_delete, 0, 0 },
	{ HTTP_POST, "/api/:entity/:id/:verb", ent_h_action, ROUTE_JSON | ROUTE_CATCHALL, 0 },
};

/* Summaries of the routes above that are not expanded per entity (openapi.c). */
static const struct route_doc entity_route_docs[] = {
	{ HTTP_GET, "/api/meta", "实体元数据（当前角色可读的实体、字段与可执行操作）" },
	{ HTTP_GET, "/api/openapi.json", "OpenAPI 3.1 接口描述（由路由表与实体声明生成）" },
};

/* Registers the audit entity and the generic routes (after module routes). */
void entity_routes_init(void)
{
	audit_register();
	router_add(entity_routes, sizeof(entity_routes) / sizeof(entity_routes[0]));
	router_doc_add(entity_route_docs, sizeof(entity_route_docs) / sizeof(entity_route_docs[0]));
}
