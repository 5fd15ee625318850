/*
 * router.c — route tables and the request funnel (after kcgi and Redis's command
 * table). Modules register static tables of struct route; a request walks one
 * funnel: match (404 / 405) → session → login required (401) → CSRF (403) → role
 * (403) → JSON body (400) → handler. A handler therefore only runs for a request
 * that is logged in (unless public), carries the session's CSRF token when it
 * changes state, has a permitted role and, for ROUTE_JSON, a parsed JSON object.
 *
 * Matching: a pattern is split on '/'; a segment ":name" captures one non-empty
 * path segment. Among the routes that fit the path and the method, the most
 * specific wins: segments are compared left to right and at the first position where
 * one route has an exact segment and the other a parameter, the exact one wins (so
 * "/api/enterprise/import" beats "/api/:entity/:id"); among equally specific routes
 * the first registered wins. If no route with the method fits but one with another
 * method does, the answer is 405, else 404. A single trailing slash is ignored
 * ("/api/auth/me/" is "/api/auth/me"); empty segments ("//") and paths longer than
 * ROUTER_MAX_PATH bytes or ROUTER_MAX_SEGMENTS segments never match.
 *
 * Route tables are registered at start-up, before the server threads start, and
 * are read-only afterwards, so matching needs no lock. The same holds for the
 * optional route descriptions (router_doc_add); router_count/router_at walk the
 * tables in registration order for the OpenAPI document (entity/openapi.c).
 */
#include <string.h>
#include <sodium.h>
#include <jansson.h>

#include "http.h"
#include "../core/util.h"
#include "../db/db.h"

#define ROUTER_MAX_TABLES 64
#define ROUTER_MAX_SEGMENTS 16
#define ROUTER_MAX_PATH 1024
#define ROUTER_MAX_ROUTES 2048	/* over every table */

/* ---------------------------------------------------------------- roles */

static const struct {
	const char *name;
	const char *label;
} role_names[] = {
	[ROLE_NONE] = {"", ""},
	[ROLE_ADMIN] = {"admin", "系统管理员"},
	[ROLE_REGULATOR] = {"regulator", "监管部门"},
	[ROLE_DEPARTMENT] = {"department", "成员单位"},
	[ROLE_ENT_MANAGER] = {"ent_manager", "企业安全管理员"},
	[ROLE_ENT_PRINCIPAL] = {"ent_principal", "企业主要负责人"},
	[ROLE_STAFF] = {"staff", "员工"},
};

/* The API name of a role ("" for ROLE_NONE or out of range). */
const char *role_name(enum role r)
{
	if ((unsigned)r >= ARRAY_SIZE(role_names))
		return "";
	return role_names[r].name;
}

/* The Chinese label of a role ("" for ROLE_NONE or out of range). */
const char *role_label(enum role r)
{
	if ((unsigned)r >= ARRAY_SIZE(role_names))
		return "";
	return role_names[r].label;
}

/* The role named s, or ROLE_NONE when s is NULL or no role's name. */
enum role role_parse(const char *s)
{
	size_t i;

	if (!s || !*s)
		return ROLE_NONE;
	for (i = 1; i < ARRAY_SIZE(role_names); i++)
		if (!strcmp(s, role_names[i].name))
			return (enum role)i;
	return ROLE_NONE;
}

/* The bitmask (1u << role) of a ROLE_NONE-terminated list. */
unsigned role_mask(const enum role *list)
{
	unsigned m = 0;

	for (; *list != ROLE_NONE; list++)
		m |= 1u << *list;
	return m;
}

/* ---------------------------------------------------------------- tables */

/*
 * The shape of each registered pattern, so a match compares its segment count and
 * the hashes of its first two literal segments ("api", "hazard") before it walks a
 * pattern: a request used to fit all ~420 patterns in turn (2 % of a list page).
 */
#define ROUTER_KEYSEGS 2
struct router_shape {
	int nseg;		/* segments of the pattern */
	unsigned lit;		/* bit k: segment k < ROUTER_KEYSEGS is literal */
	uint64_t h[ROUTER_KEYSEGS];	/* hash64 of those literal segments */
};

static struct {
	const struct route *routes;
	size_t n;
	struct router_shape *shape;	/* n entries of router_shapes */
} router_tables[ROUTER_MAX_TABLES];
static size_t router_ntables;
static struct router_shape router_shapes[ROUTER_MAX_ROUTES];
static size_t router_nshapes;
static struct {
	const struct route_doc *docs;
	size_t n;
} router_docs[ROUTER_MAX_TABLES];
static size_t router_ndocs;

/* One segment of a path: pointer into the path and length. */
struct seg {
	const char *p;
	size_t n;
};

/*
 * Splits path into segments. Returns the count, or -1 when the path does not start
 * with '/', is too long, has too many segments or an empty segment. A single
 * trailing slash is dropped; "/" has zero segments.
 */
static int router_split(const char *path, struct seg *segs)
{
	size_t len;
	const char *p, *end;
	int n = 0;

	if (!path || path[0] != '/')
		return -1;
	len = strlen(path);
	if (len > ROUTER_MAX_PATH)
		return -1;
	end = path + len;
	if (len > 1 && end[-1] == '/')
		end--;
	if (end > path + 1 && end[-1] == '/')	/* "…//" */
		return -1;
	p = path + 1;
	while (p < end) {
		const char *q = memchr(p, '/', (size_t)(end - p));

		if (!q)
			q = end;
		if (q == p || n == ROUTER_MAX_SEGMENTS)
			return -1;
		segs[n].p = p;
		segs[n].n = (size_t)(q - p);
		n++;
		p = q + 1;
	}
	return n;
}

/*
 * Fits pattern to the path's segments. On a fit returns 1 and sets exact[i] to 1
 * for literal segments and 0 for parameters; returns 0 otherwise.
 */
static int router_fit(const char *pattern, const struct seg *segs, int nseg, unsigned char *exact)
{
	const char *p = pattern + 1;
	int i = 0;

	if (!*p)	/* "/" */
		return nseg == 0;
	for (;;) {
		const char *q = strchr(p, '/');
		size_t n = q ? (size_t)(q - p) : strlen(p);

		if (i == nseg)
			return 0;
		if (p[0] == ':') {
			exact[i] = 0;
		} else {
			if (n != segs[i].n || memcmp(p, segs[i].p, n))
				return 0;
			exact[i] = 1;
		}
		i++;
		if (!q)
			break;
		p = q + 1;
	}
	return i == nseg;
}

/* 1 if the fit a is more specific than b (exact beats parameter, leftmost first). */
static int router_better(const unsigned char *a, const unsigned char *b, int nseg)
{
	int i;

	for (i = 0; i < nseg; i++)
		if (a[i] != b[i])
			return a[i] > b[i];
	return 0;
}

/* Checks a route's pattern at registration; a malformed one is a programming error. */
static void router_check(const struct route *rt)
{
	const char *p = rt->pattern;
	int params = 0;

	if (!p || p[0] != '/' || !rt->fn || !rt->methods)
		BUG("router: bad route");
	for (; *p; p++) {
		if (p[0] == '/' && p[1] == '/')
			BUG("router: empty segment in pattern");
		if (p[0] == '/' && p[1] == ':')
			params++;
	}
	if (params > HTTP_MAX_PATH_PARAMS)
		BUG("router: too many parameters in pattern");
}

/* The shape of a checked pattern (see struct router_shape). */
static void router_shape_of(const char *pattern, struct router_shape *sh)
{
	const char *p = pattern + 1;

	memset(sh, 0, sizeof(*sh));
	if (!*p)	/* "/" */
		return;
	for (;;) {
		const char *q = strchr(p, '/');
		size_t n = q ? (size_t)(q - p) : strlen(p);

		if (sh->nseg < ROUTER_KEYSEGS && p[0] != ':') {
			sh->lit |= 1u << sh->nseg;
			sh->h[sh->nseg] = hash64(p, n);
		}
		sh->nseg++;
		if (!q)
			break;
		p = q + 1;
	}
}

/* Registers a table of routes; the table is kept, not copied. */
void router_add(const struct route *routes, size_t n)
{
	size_t i;

	if (router_ntables == ROUTER_MAX_TABLES)
		BUG("router: too many route tables");
	if (n > ROUTER_MAX_ROUTES - router_nshapes)
		BUG("router: too many routes");
	for (i = 0; i < n; i++) {
		router_check(&routes[i]);
		router_shape_of(routes[i].pattern, &router_shapes[router_nshapes + i]);
	}
	router_tables[router_ntables].routes = routes;
	router_tables[router_ntables].n = n;
	router_tables[router_ntables].shape = &router_shapes[router_nshapes];
	router_nshapes += n;
	router_ntables++;
}

/* Forgets every registered table and description (tests). */
void router_reset(void)
{
	router_ntables = 0;
	router_nshapes = 0;
	router_ndocs = 0;
}

/* The number of registered routes over every table. */
size_t router_count(void)
{
	size_t t, n = 0;

	for (t = 0; t < router_ntables; t++)
		n += router_tables[t].n;
	return n;
}

/* Route i in registration order; i must be below router_count(). */
const struct route *router_at(size_t i)
{
	size_t t;

	for (t = 0; t < router_ntables; t++) {
		if (i < router_tables[t].n)
			return &router_tables[t].routes[i];
		i -= router_tables[t].n;
	}
	BUG("router_at: index out of range");
}

/* ---------------------------------------------------------------- descriptions */

/* Registers a table of route descriptions; kept, not copied. */
void router_doc_add(const struct route_doc *docs, size_t n)
{
	if (router_ndocs == ROUTER_MAX_TABLES)
		BUG("router: too many description tables");
	router_docs[router_ndocs].docs = docs;
	router_docs[router_ndocs].n = n;
	router_ndocs++;
}

/* The first registered summary for m and pattern (compared as text), or NULL. */
const char *router_summary(enum http_method m, const char *pattern)
{
	size_t t, i;

	for (t = 0; t < router_ndocs; t++)
		for (i = 0; i < router_docs[t].n; i++) {
			const struct route_doc *d = &router_docs[t].docs[i];
			if ((d->methods & (unsigned)m) && d->pattern && !strcmp(d->pattern, pattern))
				return d->summary;
		}
	return NULL;
}

/*
 * Finds the route for m and path. On success fills r->params (arena copies) and
 * r->nparams when r is non-NULL. On failure returns NULL with *status 404 or 405.
 * HEAD is served by GET routes.
 */
const struct route *router_match(enum http_method m, const char *path, struct req *r, int *status)
{
	struct seg segs[ROUTER_MAX_SEGMENTS];
	unsigned char fit[ROUTER_MAX_SEGMENTS], best_fit[ROUTER_MAX_SEGMENTS];
	const struct route *best = NULL;
	uint64_t h[ROUTER_KEYSEGS] = { 0 };
	unsigned want = (unsigned)m;
	int nseg, path_fits = 0;
	size_t t, i;

	*status = 404;
	nseg = router_split(path, segs);
	if (nseg < 0)
		return NULL;
	for (int k = 0; k < ROUTER_KEYSEGS && k < nseg; k++)
		h[k] = hash64(segs[k].p, segs[k].n);
	if (m == HTTP_HEAD)
		want |= HTTP_GET;
	for (t = 0; t < router_ntables; t++) {
		for (i = 0; i < router_tables[t].n; i++) {
			const struct route *rt = &router_tables[t].routes[i];
			const struct router_shape *sh = &router_tables[t].shape[i];

			if (sh->nseg != nseg || ((sh->lit & 1u) && sh->h[0] != h[0]) ||
			    ((sh->lit & 2u) && sh->h[1] != h[1]))
				continue;	/* cannot fit: router_fit would say so */
			if (!router_fit(rt->pattern, segs, nseg, fit))
				continue;
			if (!(rt->flags & ROUTE_CATCHALL))
				path_fits = 1;
			if (!(rt->methods & want))
				continue;
			if (!best || router_better(fit, best_fit, nseg)) {
				best = rt;
				memcpy(best_fit, fit, (size_t)nseg);
			}
		}
	}
	if (!best) {
		*status = path_fits ? 405 : 404;
		return NULL;
	}
	if (r) {
		int k;

		r->nparams = 0;
		for (k = 0; k < nseg; k++)
			if (!best_fit[k] && r->nparams < HTTP_MAX_PATH_PARAMS)
				r->params[r->nparams++] = arena_strndup(&r->arena, segs[k].p, segs[k].n);
	}
	*status = 200;
	return best;
}

/* ---------------------------------------------------------------- the funnel */

/* 1 if the request carries the session's CSRF token (constant-time compare). */
static int router_csrf_ok(struct req *r)
{
	const char *got = req_header(r, "X-Anjian-CSRF");
	size_t n;

	if (!got || !r->user || !r->user->csrf)
		return 0;
	n = strlen(r->user->csrf);
	if (n == 0 || strlen(got) != n)
		return 0;
	return sodium_memcmp(got, r->user->csrf, n) == 0;
}

/*
 * 1 if a state-changing request comes from another site (login CSRF and the like,
 * issue 14 finding 7): the browser's Sec-Fetch-Site says so, or its Origin is not
 * this host. Requests without either header (curl, the tests, old browsers) pass;
 * the session's CSRF token still guards them.
 */
static int router_cross_site(struct req *r)
{
	const char *site = req_header(r, "Sec-Fetch-Site");
	const char *origin = req_header(r, "Origin");
	const char *host = req_header(r, "Host");
	const char *o;

	if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
		return 1;
	if (!origin)
		return 0;
	if (!host || !*host)
		return 1;
	if (strncmp(origin, "http://", 7) == 0)
		o = origin + 7;
	else if (strncmp(origin, "https://", 8) == 0)
		o = origin + 8;
	else
		return 1;	/* "null" (a sandboxed page, a file) and other schemes */
	return strcasecmp(o, host) != 0;
}

/* 1 if the request declares a JSON body (application/json, parameters allowed). */
static int router_is_json(struct req *r)
{
	const char *ct = req_header(r, "Content-Type");
	size_t n = sizeof("application/json") - 1;

	return ct && strncasecmp(ct, "application/json", n) == 0 &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/*
 * Runs one request through the funnel and the handler. s must be initialised by the
 * caller (body buffer ready); the handler's return value becomes the status when
 * the handler did not set one (a value below 100 means 200, a negative one 500).
 * A user already set in r (in-process tests) is kept; otherwise the session is
 * loaded from the cookie. A logged-in write with an Idempotency-Key header runs
 * once per key: the same request again gets the first answer (idempotency.c).
 */
static void router_run(struct req *r, struct resp *s, const struct route *rt);

void router_dispatch(struct req *r, struct resp *s)
{
	const struct route *rt;
	int status;

	rt = router_match(r->method, r->path, r, &status);
	if (!rt) {
		if (status == 405)
			http_error(s, 405, "method_not_allowed", "不支持该请求方法", NULL);
		else
			http_not_found(s);
		return;
	}
	if (r->method != HTTP_GET && r->method != HTTP_HEAD && router_cross_site(r)) {
		http_error(s, 403, "cross_site", "拒绝来自其他网站的请求", NULL);
		return;
	}
	if ((rt->flags & ROUTE_READ) && r->db) {
		/* one snapshot for the session and the handler: one read transaction a
		 * request instead of two (each takes the WAL read lock, contended by the
		 * worker threads) */
		int snap = db_read_begin(r->db);

		r->touch_later = 1;
		db_stamp_hold(r->db, 1);	/* one data-version stamp for the request */
		router_run(r, s, rt);
		db_stamp_hold(r->db, 0);
		db_read_end(r->db, snap);
		session_touch(r);
		return;
	}
	router_run(r, s, rt);
}

/* The funnel after routing: session, permission, body, handler. */
static void router_run(struct req *r, struct resp *s, const struct route *rt)
{
	struct idem im;
	int rc;

	if (!r->user && session_load(r) < 0) {
		http_internal(s);
		return;
	}
	if (!r->user && !(rt->flags & ROUTE_PUBLIC)) {
		http_error(s, 401, "unauthorized", "请先登录", NULL);
		return;
	}
	if (r->method != HTTP_GET && r->method != HTTP_HEAD &&
	    !(rt->flags & (ROUTE_PUBLIC | ROUTE_NO_CSRF)) && !router_csrf_ok(r)) {
		http_error(s, 403, "csrf", "安全校验失败，请刷新页面后重试", NULL);
		return;
	}
	if (rt->roles && (!r->user || !(rt->roles & (1u << r->user->role)))) {
		http_forbidden(s);
		return;
	}
	if (rt->flags & ROUTE_JSON) {
		json_error_t jerr;

		if (!r->body || r->body_len == 0) {
			http_bad_json(s);
			return;
		}
		/* text/plain and form bodies are what a cross-site form can send. (An
		 * in-process request — a unit test, a benchmark — has no connection and
		 * no headers: it comes from our own code, not from a browser.) */
		if (r->conn && !router_is_json(r)) {
			http_error(s, 415, "unsupported_media_type",
				   "请求体须为 JSON（Content-Type: application/json）", NULL);
			return;
		}
		r->json = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
		if (!r->json || !json_is_object(r->json)) {
			json_decref(r->json);
			r->json = NULL;
			http_bad_json(s);
			return;
		}
	}
	im.active = 0;
	if (!(rt->flags & (ROUTE_PUBLIC | ROUTE_NO_CSRF)) && idem_begin(r, s, &im))
		return;		/* the kept answer of the same request, or a refusal */
	rc = rt->fn(r, s);
	if (s->status == 0) {
		if (rc < 0)
			http_internal(s);
		else
			s->status = rc >= 100 && rc <= 599 ? rc : 200;
	}
	idem_end(r, s, &im);
}
