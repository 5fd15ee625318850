/*
 * test_openapi.c — the OpenAPI generator (src/entity/openapi.c) in-process, on a tiny
 * declared entity with a workflow (the demo's modules may declare none yet): each
 * workflow action becomes one POST operation with its inputs as the body (required
 * from F_REQUIRED, unknown keys refused), its states and permission code; a module
 * route on an action's path shadows the generic one and is described once, with the
 * declaration's inputs; E_NO_* flags drop the generic operations; the raw ":entity"
 * patterns never appear; the entity's schemas follow its fields; and the document is
 * served on GET /api/openapi.json without a session.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/util.h"
#include "entity/internal.h"
#include "http/http.h"

#define RB(r) (1u << (r))

static int h_module(struct req *r, struct resp *s) { (void)r; (void)s; return 200; }

/* ------------------------------------------------------------ declarations */

static const struct enum_opt widget_status[] = {
	{"open", "待处理"}, {"approved", "已批准"}, {"closed", "已关闭"}, {NULL, NULL},
};
static const struct enum_opt widget_kind[] = {
	{"small", "小型"}, {"large", "大型"}, {NULL, NULL},
};

static const struct field_def widget_fields[] = {
	{.name = "name", .label = "名称", .type = FT_TEXT, .flags = F_REQUIRED | F_SEARCH | F_SORT | F_LIST, .max_len = 50},
	{.name = "kind", .label = "类型", .type = FT_ENUM, .flags = F_FILTER, .opts = widget_kind},
	{.name = "amount", .label = "金额", .type = FT_MONEY, .min = 0, .max = 1000},
	{.name = "due", .label = "期限", .type = FT_DATE, .flags = F_RANGE | F_SORT},
	{.name = "owner_id", .label = "负责人", .type = FT_REF, .ref = "user"},
	{.name = "photos", .label = "照片", .type = FT_FILES},
	{.name = "status", .label = "状态", .type = FT_ENUM, .flags = F_READONLY | F_FILTER, .opts = widget_status},
	{.name = "token", .label = "令牌", .type = FT_TEXT, .flags = F_SECRET},
	{.name = "late", .label = "逾期", .type = FT_BOOL, .flags = F_FILTER,
	 .expr = "CASE WHEN t.due < {today} THEN 1 ELSE 0 END"},
};

static const struct wf_state widget_states[] = {
	{"open", "待处理", WS_OPEN}, {"approved", "已批准", WS_OPEN}, {"closed", "已关闭", WS_FINAL},
};

static const struct field_def approve_inputs[] = {
	{.name = "reason", .label = "理由", .type = FT_TEXT, .flags = F_REQUIRED},
	{.name = "note", .label = "备注", .type = FT_LONGTEXT},
};
static const struct field_def close_inputs[] = {
	{.name = "closed_on", .label = "关闭日期", .type = FT_DATE, .flags = F_REQUIRED},
};
static const char *const approve_from[] = {"open", NULL};

static const struct wf_action widget_actions[] = {
	{.verb = "approve", .label = "批准", .from = approve_from, .to = "approved",
	 .roles = RB(ROLE_ADMIN) | RB(ROLE_REGULATOR), .inputs = approve_inputs, .ninputs = 2},
	/* from = NULL: every non-final state */
	{.verb = "close", .label = "关闭", .to = "closed", .inputs = close_inputs, .ninputs = 1},
	/* no inputs, state unchanged */
	{.verb = "ping", .label = "提醒"},
};

static const struct workflow widget_wf = {
	.status_field = "status", .states = widget_states, .nstates = 3,
	.actions = widget_actions, .nactions = 3,
};

static const struct entity_def widget = {
	.name = "widget", .table = "widget", .label = "部件", .fields = widget_fields,
	.nfields = ARRAY_SIZE(widget_fields), .flags = E_NO_DELETE,
	.write_roles = RB(ROLE_ADMIN) | RB(ROLE_ENT_MANAGER), .workflow = &widget_wf,
};

static const struct field_def gadget_fields[] = {
	{.name = "title", .label = "标题", .type = FT_TEXT, .flags = F_REQUIRED},
};
static const struct entity_def gadget = {
	.name = "gadget", .table = "gadget", .label = "小件", .fields = gadget_fields,
	.nfields = 1, .flags = E_NO_CREATE | E_NO_UPDATE | E_NO_DELETE,
};

/* A module route on the "close" action's path: it wins over the generic action. */
static const struct route module_routes[] = {
	{HTTP_POST, "/api/widget/:id/close", h_module, ROUTE_JSON, RB(ROLE_ADMIN) | RB(ROLE_STAFF)},
	{HTTP_GET, "/api/widget/summary", h_module, 0, RB(ROLE_ADMIN)},
};
static const struct route_doc module_docs[] = {
	{HTTP_GET, "/api/widget/summary", "部件汇总"},
};

/* ------------------------------------------------------------------ setup */

static json_t *doc;

/* The routes as modules_init() registers them: module tables, then the generic. */
static int setup(void **state)
{
	(void)state;
	entity_register(&widget);
	entity_register(&gadget);
	router_reset();
	router_add(module_routes, ARRAY_SIZE(module_routes));
	router_doc_add(module_docs, ARRAY_SIZE(module_docs));
	entity_routes_init();
	doc = ent_openapi_build();
	return doc ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	json_decref(doc);
	router_reset();
	return 0;
}

/* doc.paths[path][method], or NULL. */
static json_t *op_at(const char *path, const char *method)
{
	return json_object_get(json_object_get(json_object_get(doc, "paths"), path), method);
}

static json_t *schema(const char *name)
{
	return json_object_get(json_object_get(json_object_get(doc, "components"), "schemas"), name);
}

/* The JSON request body schema of op. */
static json_t *body_schema(json_t *op)
{
	return json_object_get(json_object_get(json_object_get(json_object_get(
		op, "requestBody"), "content"), "application/json"), "schema");
}

/* Asserts that v's compact JSON text is want. */
static void assert_json(json_t *v, const char *want)
{
	char *got = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* ------------------------------------------------------------------ tests */

static void test_document_head(void **state)
{
	(void)state;
	assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "info"), "version")),
			    ANJIAN_VERSION);
	assert_json(json_object_get(doc, "servers"), "[{\"url\":\"/\"}]");
	assert_json(json_object_get(json_object_get(json_object_get(json_object_get(doc,
		"components"), "securitySchemes"), "session"), "name"), "\"anjian_session\"");
}

/* Every declared action is one POST with its inputs; required from F_REQUIRED. */
static void test_actions(void **state)
{
	json_t *op = op_at("/api/widget/{id}/approve", "post"), *b;

	(void)state;
	assert_non_null(op);
	assert_string_equal(json_string_value(json_object_get(op, "summary")), "批准");
	assert_string_equal(json_string_value(json_object_get(op, "x-permission")), "widget:approve");
	assert_json(json_object_get(op, "x-from-states"), "[\"open\"]");
	assert_json(json_object_get(op, "x-to-state"), "\"approved\"");
	assert_json(json_object_get(op, "x-roles"), "[\"admin\",\"regulator\"]");
	assert_json(json_object_get(op, "security"), "[{\"session\":[],\"csrf\":[]}]");
	b = body_schema(op);
	assert_json(json_object_get(b, "required"), "[\"reason\"]");
	assert_non_null(json_object_get(json_object_get(b, "properties"), "note"));
	assert_json(json_object_get(b, "additionalProperties"), "false");
	assert_non_null(json_object_get(json_object_get(op, "responses"), "409"));

	op = op_at("/api/widget/{id}/ping", "post");
	assert_non_null(op);
	assert_json(json_object_get(op, "x-from-states"), "[\"open\",\"approved\"]");
	assert_json(json_object_get(op, "x-to-state"), "null");
	assert_null(json_object_get(body_schema(op), "required"));
	assert_json(json_object_get(body_schema(op), "properties"), "{}");
	/* every role when the action names none */
	assert_int_equal(json_array_size(json_object_get(op, "x-roles")), ROLE_STAFF);
}

/* The module route on close's path is described once, as the module route, with
 * the declaration's inputs and the roles both the route and the action allow. */
static void test_module_route_shadows_generic_action(void **state)
{
	json_t *op = op_at("/api/widget/{id}/close", "post");

	(void)state;
	assert_non_null(op);
	assert_string_equal(json_string_value(json_object_get(op, "operationId")),
			    "post_api_widget_id_close");
	assert_string_equal(json_string_value(json_object_get(op, "summary")), "关闭");
	assert_json(json_object_get(body_schema(op), "required"), "[\"closed_on\"]");
	assert_json(json_object_get(op, "x-roles"), "[\"admin\",\"staff\"]");
	assert_json(json_object_get(op, "x-from-states"), "[\"open\",\"approved\"]");
	op = op_at("/api/widget/summary", "get");
	assert_non_null(op);
	assert_string_equal(json_string_value(json_object_get(op, "summary")), "部件汇总");
}

/* E_NO_* drop the generic operations; raw patterns never appear. */
static void test_generic_rows(void **state)
{
	const char *k;
	json_t *v;

	(void)state;
	assert_non_null(op_at("/api/widget", "get"));
	assert_non_null(op_at("/api/widget", "post"));
	assert_non_null(op_at("/api/widget/export", "get"));
	assert_non_null(op_at("/api/widget/{id}", "get"));
	assert_non_null(op_at("/api/widget/{id}", "put"));
	assert_null(op_at("/api/widget/{id}", "delete"));
	assert_non_null(op_at("/api/gadget", "get"));
	assert_null(op_at("/api/gadget", "post"));
	assert_null(op_at("/api/gadget/{id}", "put"));
	assert_null(op_at("/api/gadget/{id}", "delete"));
	assert_null(op_at("/api/gadget/{id}/ping", "post"));
	json_object_foreach(json_object_get(doc, "paths"), k, v) {
		assert_null(strstr(k, ":"));
		assert_null(strstr(k, "{entity}"));
		assert_null(strstr(k, "{verb}"));
	}
	assert_json(json_object_get(op_at("/api/widget", "post"), "x-roles"),
		    "[\"admin\",\"ent_manager\"]");
	/* the list's parameters come from the declaration */
	json_t *params = json_object_get(op_at("/api/widget", "get"), "parameters");
	int kind = 0, late = 0, due = 0, q = 0, sort = 0;
	size_t i;
	json_array_foreach(params, i, v) {
		const char *n = json_string_value(json_object_get(v, "name"));
		if (!n)
			continue;
		kind += !strcmp(n, "kind");
		late += !strcmp(n, "late");
		due += !strcmp(n, "due_from") || !strcmp(n, "due_to");
		q += !strcmp(n, "q");
		if (!strcmp(n, "sort")) {
			sort = 1;
			assert_json(json_object_get(json_object_get(v, "schema"), "enum"),
				    "[\"id\",\"-id\",\"created_at\",\"-created_at\",\"updated_at\","
				    "\"-updated_at\",\"name\",\"-name\",\"due\",\"-due\"]");
		}
	}
	assert_true(kind == 1 && late == 1 && due == 2 && q == 1 && sort == 1);
}

/* The row, input and list schemas follow the fields. */
static void test_schemas(void **state)
{
	json_t *row = schema("widget"), *props = json_object_get(row, "properties");
	json_t *in = schema("widgetInput"), *inprops = json_object_get(in, "properties");

	(void)state;
	assert_non_null(row);
	assert_null(json_object_get(props, "token"));
	assert_non_null(json_object_get(props, "owner_id_label"));
	assert_non_null(json_object_get(props, "photos_files"));
	assert_non_null(json_object_get(props, "_actions"));
	assert_json(json_object_get(json_object_get(props, "late"), "readOnly"), "true");
	assert_json(json_object_get(json_object_get(props, "due"), "format"), "\"date\"");
	assert_json(json_object_get(json_object_get(props, "amount"), "type"), "[\"number\",\"null\"]");
	assert_json(json_object_get(json_object_get(props, "kind"), "x-enum-labels"),
		    "{\"small\":\"小型\",\"large\":\"大型\"}");
	assert_json(json_object_get(json_array_get(json_object_get(row, "x-states"), 2), "code"),
		    "\"closed\"");
	assert_json(json_object_get(in, "required"), "[\"name\"]");
	assert_null(json_object_get(inprops, "status"));
	assert_null(json_object_get(inprops, "late"));
	assert_null(json_object_get(inprops, "token"));
	assert_non_null(json_object_get(inprops, "org_id"));
	assert_null(json_object_get(schema("widgetPatch"), "required"));
	assert_non_null(schema("WidgetList"));
	assert_null(schema("gadgetInput"));
	assert_non_null(schema("Error"));
}

/* 1 if op's parameters name components.parameters.IdempotencyKey. */
static int takes_idem_key(json_t *op)
{
	size_t i;
	json_t *v;

	json_array_foreach(json_object_get(op, "parameters"), i, v) {
		const char *ref = json_string_value(json_object_get(v, "$ref"));

		if (ref && !strcmp(ref, "#/components/parameters/IdempotencyKey"))
			return 1;
	}
	return 0;
}

/* Every logged-in write (generic rows, actions, module routes) takes the
 * Idempotency-Key header of idempotency.c and documents its refusals; reads do not. */
static void test_idempotency_key(void **state)
{
	static const char *const writes[][2] = {
		{"/api/widget", "post"}, {"/api/widget/{id}", "put"},
		{"/api/widget/{id}/approve", "post"}, {"/api/widget/{id}/close", "post"},
	};
	static const char *const reads[][2] = {
		{"/api/widget", "get"}, {"/api/widget/{id}", "get"}, {"/api/widget/summary", "get"},
		{"/api/widget/export", "get"},
	};
	json_t *p = json_object_get(json_object_get(json_object_get(doc, "components"),
						    "parameters"), "IdempotencyKey");
	const char *desc;

	(void)state;
	assert_non_null(p);
	assert_string_equal(json_string_value(json_object_get(p, "name")), "Idempotency-Key");
	assert_string_equal(json_string_value(json_object_get(p, "in")), "header");
	assert_json(json_object_get(p, "required"), "false");
	assert_json(json_object_get(p, "schema"),
		    "{\"type\":\"string\",\"minLength\":16,\"maxLength\":64,"
		    "\"pattern\":\"^[A-Za-z0-9_-]{16,64}$\"}");
	desc = json_string_value(json_object_get(p, "description"));
	assert_non_null(desc);
	assert_non_null(strstr(desc, "24 小时"));
	assert_non_null(strstr(desc, "120 秒"));
	assert_non_null(strstr(desc, "SHA-256"));
	assert_non_null(strstr(desc, "Idempotent-Replayed: true"));
	assert_non_null(strstr(desc, "422 idempotency_mismatch"));
	assert_non_null(strstr(desc, "409 idempotency_busy"));
	assert_non_null(json_object_get(json_object_get(json_object_get(doc, "components"),
							"responses"), "IdempotencyMismatch"));
	for (size_t i = 0; i < ARRAY_SIZE(writes); i++) {
		json_t *op = op_at(writes[i][0], writes[i][1]), *resp;

		assert_non_null(op);
		assert_true(takes_idem_key(op));
		resp = json_object_get(op, "responses");
		assert_json(json_object_get(resp, "422"),
			    "{\"$ref\":\"#/components/responses/IdempotencyMismatch\"}");
		assert_json(json_object_get(resp, "409"), "{\"$ref\":\"#/components/responses/Conflict\"}");
	}
	for (size_t i = 0; i < ARRAY_SIZE(reads); i++) {
		json_t *op = op_at(reads[i][0], reads[i][1]);

		assert_non_null(op);
		assert_false(takes_idem_key(op));
		assert_null(json_object_get(json_object_get(op, "responses"), "422"));
	}
}

/* The router walks its tables in registration order (what the generator reads). */
static void test_router_iteration(void **state)
{
	size_t n = router_count();

	(void)state;
	assert_true(n > ARRAY_SIZE(module_routes));
	assert_ptr_equal(router_at(0), &module_routes[0]);
	assert_ptr_equal(router_at(1), &module_routes[1]);
	assert_string_equal(router_at(n - 1)->pattern, "/api/:entity/:id/:verb");
	assert_string_equal(router_summary(HTTP_GET, "/api/widget/summary"), "部件汇总");
	assert_null(router_summary(HTTP_POST, "/api/widget/summary"));
}

/* GET /api/openapi.json answers without a session, with the document. */
static void test_route_public(void **state)
{
	struct req r;
	struct resp s;
	json_t *got;

	(void)state;
	memset(&r, 0, sizeof(r));
	memset(&s, 0, sizeof(s));
	arena_init(&r.arena);
	buf_init(&s.body, BUF_MAX_DEFAULT);
	r.method = HTTP_GET;
	r.path = "/api/openapi.json";
	router_dispatch(&r, &s);
	assert_int_equal(s.status, 200);
	got = json_loadb(s.body.p, s.body.len, 0, NULL);
	assert_non_null(got);
	assert_true(json_equal(got, doc));
	json_decref(got);
	arena_release(&r.arena);
	buf_release(&s.body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_document_head),
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_module_route_shadows_generic_action),
		cmocka_unit_test(test_generic_rows),
		cmocka_unit_test(test_schemas),
		cmocka_unit_test(test_idempotency_key),
		cmocka_unit_test(test_router_iteration),
		cmocka_unit_test(test_route_public),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
