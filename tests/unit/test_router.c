/*
 * test_router.c — the route matcher and the front of the funnel (src/http/router.c):
 * exact segments beat parameters, parameters are captured, 404 versus 405, trailing
 * slashes, overlong paths, role masks and names, and the funnel's 401/403/400 answers
 * for requests that must never reach a handler.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "http/http.h"
#include "core/util.h"

static int handler_calls;

/* Handlers that record which route ran. */
static int h_generic(struct req *r, struct resp *s) { (void)r; (void)s; handler_calls++; return 1; }
static int h_import(struct req *r, struct resp *s) { (void)r; (void)s; handler_calls++; return 2; }
static int h_item(struct req *r, struct resp *s) { (void)r; (void)s; handler_calls++; return 3; }
static int h_first(struct req *r, struct resp *s) { (void)r; (void)s; handler_calls++; return 4; }
static int h_second(struct req *r, struct resp *s) { (void)r; (void)s; handler_calls++; return 5; }
static int h_verb(struct req *r, struct resp *s) { (void)r; (void)s; handler_calls++; return 6; }
static int h_list(struct req *r, struct resp *s) { (void)r; (void)s; handler_calls++; return 7; }

#define R(x) (1u << (x))

static const struct route generic_routes[] = {
	{HTTP_GET, "/api/:entity", h_list, 0, 0},
	{HTTP_GET | HTTP_PUT | HTTP_DELETE, "/api/:entity/:id", h_generic, 0, 0},
	{HTTP_POST, "/api/:entity/:id/:verb", h_verb, 0, 0},
};
static const struct route module_routes[] = {
	{HTTP_POST, "/api/enterprise/import", h_import, ROUTE_JSON, R(ROLE_ADMIN)},
	{HTTP_GET, "/api/hazard/:id", h_item, 0, 0},
	{HTTP_GET, "/api/same/:a", h_first, ROUTE_PUBLIC, 0},
	{HTTP_GET, "/api/same/:b", h_second, ROUTE_PUBLIC, 0},
	{HTTP_POST, "/api/open", h_first, ROUTE_PUBLIC | ROUTE_JSON, 0},
};

/* Fresh tables: generic first (as entity_routes_init would be, if it ran first) so
 * the tests show that specificity, not order, picks the module route. */
static int setup(void **state)
{
	(void)state;
	router_reset();
	router_add(generic_routes, ARRAY_SIZE(generic_routes));
	router_add(module_routes, ARRAY_SIZE(module_routes));
	handler_calls = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	router_reset();
	return 0;
}

/* A request for in-process dispatch. */
static void req_init(struct req *r, struct resp *s, enum http_method m, const char *path)
{
	memset(r, 0, sizeof(*r));
	memset(s, 0, sizeof(*s));
	arena_init(&r->arena);
	buf_init(&s->body, BUF_MAX_DEFAULT);
	r->method = m;
	r->path = path;
}

static void req_done(struct req *r, struct resp *s)
{
	json_decref(r->json);
	arena_release(&r->arena);
	buf_release(&s->body);
}

static void test_exact_beats_param(void **state)
{
	struct req r;
	struct resp s;
	int status;
	const struct route *rt;

	(void)state;
	req_init(&r, &s, HTTP_POST, "/api/enterprise/import");
	rt = router_match(HTTP_POST, "/api/enterprise/import", &r, &status);
	assert_non_null(rt);
	assert_ptr_equal(rt->fn, h_import);
	assert_int_equal(r.nparams, 0);
	/* GET of the same path goes to the generic row route. */
	rt = router_match(HTTP_GET, "/api/enterprise/import", &r, &status);
	assert_ptr_equal(rt->fn, h_generic);
	/* module GET /api/hazard/:id beats generic /api/:entity/:id (leftmost exact) */
	rt = router_match(HTTP_GET, "/api/hazard/7", &r, &status);
	assert_ptr_equal(rt->fn, h_item);
	assert_int_equal(r.nparams, 1);
	assert_string_equal(r.params[0], "7");
	req_done(&r, &s);
}

static void test_first_registered_wins_among_equals(void **state)
{
	struct req r;
	struct resp s;
	int status;
	const struct route *rt;

	(void)state;
	req_init(&r, &s, HTTP_GET, "/api/same/x");
	rt = router_match(HTTP_GET, "/api/same/x", &r, &status);
	assert_ptr_equal(rt->fn, h_first);
	req_done(&r, &s);
}

static void test_params_captured(void **state)
{
	struct req r;
	struct resp s;
	int status;
	const struct route *rt;

	(void)state;
	req_init(&r, &s, HTTP_POST, "/api/hazard/42/verify");
	rt = router_match(HTTP_POST, "/api/hazard/42/verify", &r, &status);
	assert_ptr_equal(rt->fn, h_verb);
	assert_int_equal(status, 200);
	assert_int_equal(r.nparams, 3);
	assert_string_equal(r.params[0], "hazard");
	assert_string_equal(r.params[1], "42");
	assert_string_equal(r.params[2], "verify");
	/* a match without a request only answers which route */
	assert_ptr_equal(router_match(HTTP_GET, "/api/user", NULL, &status)->fn, h_list);
	req_done(&r, &s);
}

static void test_404_vs_405(void **state)
{
	int status;

	(void)state;
	assert_null(router_match(HTTP_GET, "/api/a/b/c/d", NULL, &status));
	assert_int_equal(status, 404);
	assert_null(router_match(HTTP_GET, "/nothing", NULL, &status));
	assert_int_equal(status, 404);
	/* path exists (POST only) */
	assert_null(router_match(HTTP_GET, "/api/hazard/1/verify", NULL, &status));
	assert_int_equal(status, 405);
	/* "/api/open" fits POST /api/open and GET /api/:entity, neither with DELETE */
	assert_null(router_match(HTTP_DELETE, "/api/open", NULL, &status));
	assert_int_equal(status, 405);
	/* an unknown method (0) on an existing path */
	assert_null(router_match(0, "/api/user", NULL, &status));
	assert_int_equal(status, 405);
	/* HEAD is served by GET routes */
	assert_ptr_equal(router_match(HTTP_HEAD, "/api/user", NULL, &status)->fn, h_list);
}

static void test_trailing_slash_and_empty_segments(void **state)
{
	int status;

	(void)state;
	assert_ptr_equal(router_match(HTTP_POST, "/api/enterprise/import/", NULL, &status)->fn, h_import);
	assert_ptr_equal(router_match(HTTP_GET, "/api/user/", NULL, &status)->fn, h_list);
	assert_null(router_match(HTTP_GET, "/api//user", NULL, &status));
	assert_int_equal(status, 404);
	assert_null(router_match(HTTP_GET, "/api/user//", NULL, &status));
	assert_null(router_match(HTTP_GET, "api/user", NULL, &status));
	assert_null(router_match(HTTP_GET, "", NULL, &status));
	assert_null(router_match(HTTP_GET, NULL, NULL, &status));
}

static void test_overlong_paths(void **state)
{
	char path[2100];
	int status, i;

	(void)state;
	/* one 2000-byte segment: over the length cap */
	path[0] = '/';
	memset(path + 1, 'a', 2000);
	memcpy(path, "/api/", 5);
	path[2001] = '\0';
	assert_null(router_match(HTTP_GET, path, NULL, &status));
	assert_int_equal(status, 404);
	/* many short segments: over the segment cap */
	path[0] = '\0';
	for (i = 0; i < 40; i++)
		memcpy(path + i * 2, "/x", 3);
	assert_null(router_match(HTTP_GET, path, NULL, &status));
	assert_int_equal(status, 404);
	/* a long but acceptable id still matches */
	memcpy(path, "/api/user/", 10);
	memset(path + 10, '9', 500);
	path[510] = '\0';
	assert_ptr_equal(router_match(HTTP_GET, path, NULL, &status)->fn, h_generic);
}

static void test_roles(void **state)
{
	(void)state;
	assert_int_equal(ROLES(ROLE_ADMIN), 1u << ROLE_ADMIN);
	assert_int_equal(ROLES(ROLE_ADMIN, ROLE_STAFF, ROLE_REGULATOR),
			 (1u << ROLE_ADMIN) | (1u << ROLE_STAFF) | (1u << ROLE_REGULATOR));
	assert_int_equal(role_parse("ent_manager"), ROLE_ENT_MANAGER);
	assert_int_equal(role_parse("boss"), ROLE_NONE);
	assert_int_equal(role_parse(NULL), ROLE_NONE);
	assert_int_equal(role_parse(""), ROLE_NONE);
	assert_string_equal(role_name(ROLE_STAFF), "staff");
	assert_string_equal(role_label(ROLE_REGULATOR), "监管部门");
	assert_string_equal(role_label(ROLE_ENT_PRINCIPAL), "企业主要负责人");
	assert_string_equal(role_name((enum role)99), "");
}

/* The funnel answers before any handler runs. */
static void test_dispatch_funnel(void **state)
{
	struct req r;
	struct resp s;
	struct user u = {.id = 1, .role = ROLE_STAFF, .csrf = "abc123"};

	(void)state;
	/* not logged in: 401, handler not called */
	req_init(&r, &s, HTTP_GET, "/api/user");
	router_dispatch(&r, &s);
	assert_int_equal(s.status, 401);
	assert_non_null(strstr(buf_str(&s.body), "\"code\":\"unauthorized\""));
	assert_int_equal(handler_calls, 0);
	req_done(&r, &s);

	/* 404 and 405 bodies */
	req_init(&r, &s, HTTP_GET, "/api/a/b/c/d");
	router_dispatch(&r, &s);
	assert_int_equal(s.status, 404);
	assert_string_equal(buf_str(&s.body),
			    "{\"error\":{\"code\":\"not_found\",\"message\":\"记录不存在\"}}");
	req_done(&r, &s);
	req_init(&r, &s, HTTP_GET, "/api/hazard/1/verify");
	router_dispatch(&r, &s);
	assert_int_equal(s.status, 405);
	assert_non_null(strstr(buf_str(&s.body), "method_not_allowed"));
	req_done(&r, &s);

	/* logged in but no CSRF header: 403 csrf */
	req_init(&r, &s, HTTP_POST, "/api/enterprise/import");
	r.user = &u;
	router_dispatch(&r, &s);
	assert_int_equal(s.status, 403);
	assert_non_null(strstr(buf_str(&s.body), "\"code\":\"csrf\""));
	assert_int_equal(handler_calls, 0);
	req_done(&r, &s);

	/* GET needs no CSRF; role allowed (mask 0) → handler runs, status 200 */
	req_init(&r, &s, HTTP_GET, "/api/hazard/5");
	r.user = &u;
	router_dispatch(&r, &s);
	assert_int_equal(handler_calls, 1);
	assert_int_equal(s.status, 200);
	req_done(&r, &s);

	/* public JSON route: malformed, non-object and duplicate-key bodies → 400 */
	{
		static const char *bad[] = {"{", "[1,2]", "{\"a\":1,\"a\":2}", ""};
		size_t i;

		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			req_init(&r, &s, HTTP_POST, "/api/open");
			r.body = bad[i];
			r.body_len = strlen(bad[i]);
			router_dispatch(&r, &s);
			assert_int_equal(s.status, 400);
			assert_non_null(strstr(buf_str(&s.body), "\"code\":\"bad_json\""));
			assert_null(r.json);
			req_done(&r, &s);
		}
		assert_int_equal(handler_calls, 1);
		req_init(&r, &s, HTTP_POST, "/api/open");
		r.body = "{\"a\":1}";
		r.body_len = strlen(r.body);
		router_dispatch(&r, &s);
		assert_int_equal(handler_calls, 2);
		assert_non_null(r.json);
		req_done(&r, &s);
	}
}

/* Error bodies escape what they carry. */
static void test_http_error_escapes(void **state)
{
	struct resp s;

	(void)state;
	memset(&s, 0, sizeof(s));
	buf_init(&s.body, BUF_MAX_DEFAULT);
	assert_int_equal(http_error(&s, 400, "validation", "名称\"不能\"为空\n", "na\\me"), 400);
	assert_string_equal(buf_str(&s.body),
			    "{\"error\":{\"code\":\"validation\",\"message\":\"名称\\\"不能\\\"为空\\n\","
			    "\"field\":\"na\\\\me\"}}");
	buf_release(&s.body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_exact_beats_param, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_registered_wins_among_equals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_params_captured, setup, teardown),
		cmocka_unit_test_setup_teardown(test_404_vs_405, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trailing_slash_and_empty_segments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overlong_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dispatch_funnel, setup, teardown),
		cmocka_unit_test(test_http_error_escapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
