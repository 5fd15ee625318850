/*
 * fuzz_dispatch.c — libFuzzer harness: whole requests through the funnel and the
 * handlers, in-process (src/http/router.c router_dispatch → scope, permission, CSRF,
 * JSON body, entity core: validation, workflows, views, lists with their query
 * filters, module routes), against the demo district in a SQLite file.
 *
 * Input: byte 0 picks the user (admin, regulator, manager, principal, staff, the
 * other enterprise's manager), byte 1 the method (GET, POST, PUT, DELETE), then the
 * path with its query string up to a newline (prefixed with /api/ when it lacks
 * it), then the body (sent as application/json). The query string is split and
 * percent-decoded here and handed to the handlers through --wrap of req_query /
 * req_query_each, as the benchmark does (bench/obligations.c); headers and cookies
 * are none but Content-Type. The session is preset (no cookie), with its CSRF token
 * sent, so the fuzzer reaches past the funnel.
 *
 * Paths that write files outside the database (exports, uploads, imports) need a
 * running server's data directory and are left to the API tests.
 *
 * Crash = a sanitizer report, a status outside 200–599, or a transaction left open
 * after the request.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "http/http.h"
#include "mod/mod.h"

#include "../unit/demo_fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_MAX_Q 64

static char fuzz_conn;		/* r->conn of the harness's requests */
static struct { char *k, *v; } qv[FUZZ_MAX_Q];
static int nq;
static struct dfx fx;
static struct arena users_arena;
static struct user users[6];
static const char *const usernames[6] = { "admin", "regulator", "manager", "principal", "staff",
					  "manager2" };

const char *__real_req_query(struct req *r, const char *name);
const char *__wrap_req_query(struct req *r, const char *name);
const char *__real_req_header(struct req *r, const char *name);
const char *__wrap_req_header(struct req *r, const char *name);
const char *__real_req_cookie(struct req *r, const char *name);
const char *__wrap_req_cookie(struct req *r, const char *name);
void __real_req_query_each(struct req *r, void (*fn)(void *, const char *, const char *), void *ctx);
void __wrap_req_query_each(struct req *r, void (*fn)(void *, const char *, const char *), void *ctx);

const char *__wrap_req_query(struct req *r, const char *name)
{
	if (r->conn != &fuzz_conn)
		return __real_req_query(r, name);
	for (int i = 0; i < nq; i++)
		if (strcmp(qv[i].k, name) == 0)
			return qv[i].v;
	return NULL;
}

const char *__wrap_req_header(struct req *r, const char *name)
{
	if (r->conn != &fuzz_conn)
		return __real_req_header(r, name);
	if (strcasecmp(name, "Content-Type") == 0)
		return "application/json";
	if (strcasecmp(name, "X-Anjian-CSRF") == 0)
		return "fuzz";
	return NULL;
}

const char *__wrap_req_cookie(struct req *r, const char *name)
{
	return r->conn == &fuzz_conn ? NULL : __real_req_cookie(r, name);
}

void __wrap_req_query_each(struct req *r, void (*fn)(void *, const char *, const char *), void *ctx)
{
	if (r->conn != &fuzz_conn) {
		__real_req_query_each(r, fn, ctx);
		return;
	}
	for (int i = 0; i < nq; i++)
		fn(ctx, qv[i].k, qv[i].v);
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Percent-decodes s[0..n) into a new arena string ('+' is a space), as MHD does. */
static char *decode(struct arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n + 0 && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			*o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			*o++ = s[i] == '+' ? ' ' : s[i];
		}
	}
	*o = '\0';
	return out;
}

static void query_parse(struct arena *a, const char *q)
{
	nq = 0;
	while (q && *q && nq < FUZZ_MAX_Q) {
		const char *amp = strchr(q, '&'), *end = amp ? amp : q + strlen(q);
		const char *eq = memchr(q, '=', (size_t)(end - q));

		if (end > q) {
			qv[nq].k = decode(a, q, (size_t)((eq ? eq : end) - q));
			qv[nq].v = eq ? decode(a, eq + 1, (size_t)(end - eq - 1)) : arena_strdup(a, "");
			nq++;
		}
		q = amp ? amp + 1 : NULL;
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("ANJIAN_NOW", "2026-11-22 10:00:00", 1);
	log_min_level = LOG_ERR + 1;	/* the fuzzer's refusals would flood the log */
	if (sodium_init() < 0 || dfx_open(&fx, DB_SQLITE, "fuzz") != 0)
		abort();
	arena_init(&users_arena);
	for (int i = 0; i < 6; i++) {
		if (dfx_user(fx.db, &users_arena, usernames[i], &users[i]) != 0)
			abort();
		users[i].csrf = "fuzz";
		users[i].session_hash = "fuzz";
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum http_method methods[4] = { HTTP_GET, HTTP_POST, HTTP_PUT, HTTP_DELETE };
	const char *nl, *line, *q;
	struct req r;
	struct resp s;
	char *path;

	if (size < 3 || size > 8192)
		return 0;
	memset(&r, 0, sizeof(r));
	memset(&s, 0, sizeof(s));
	arena_init(&r.arena);
	buf_init(&s.body, BUF_MAX_DEFAULT);
	line = (const char *)data + 2;
	nl = memchr(line, '\n', size - 2);
	{
		size_t n = nl ? (size_t)(nl - line) : size - 2;
		char *raw = arena_strndup(&r.arena, line, n);

		if (strlen(raw) != n || strstr(raw, "export") || strstr(raw, "files") ||
		    strstr(raw, "import") || strstr(raw, "template"))
			goto out;	/* NUL in the path; file-writing routes (see above) */
		q = strchr(raw, '?');
		if (q)
			raw[q - raw] = '\0';
		path = strncmp(raw, "/api/", 5) == 0 ? raw : arena_printf(&r.arena, "/api/%s", raw);
		query_parse(&r.arena, q ? q + 1 : NULL);
	}
	r.method = methods[data[1] % 4];
	r.path = path;
	r.db = fx.db;
	r.user = &users[data[0] % 6];
	r.conn = &fuzz_conn;
	r.remote_ip = "127.0.0.1";
	if (nl && (size_t)(nl + 1 - (const char *)data) < size) {
		r.body = arena_strndup(&r.arena, nl + 1, size - (size_t)(nl + 1 - (const char *)data));
		r.body_len = strlen(r.body);
	}
	router_dispatch(&r, &s);
	if (s.status < 200 || s.status > 599)
		__builtin_trap();
	/* a handler must never leave a transaction open (it would poison the
	 * connection's next request): a new one must begin */
	if (db_begin(fx.db) != 0)
		__builtin_trap();
	db_rollback(fx.db);
out:
	json_decref(r.json);
	arena_release(&r.arena);
	buf_release(&s.body);
	return 0;
}
