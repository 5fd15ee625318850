/*
 * http.h — the request funnel: parse → method → route → session → permission →
 * handler (after kcgi). The server (server.c, libmicrohttpd) builds a struct req for
 * every request, the router (router.c) finds the route row, checks the session,
 * CSRF and permission, and only then calls the handler, which fills struct resp.
 *
 * Memory: everything hanging off a request is allocated from req->arena and freed
 * after the response is queued; handlers do not free what they take from it.
 */
#ifndef ANJIAN_HTTP_H
#define ANJIAN_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "../core/arena.h"
#include "../core/buf.h"
#include "../core/json.h"

struct db;

#ifndef ANJIAN_VERSION
#define ANJIAN_VERSION "0.1.0"
#endif

/* Request limits (issue 2: JSON body, upload, header, page size). */
#define HTTP_MAX_JSON_BODY (1u << 20)		/* 1 MiB */
#define HTTP_MAX_UPLOAD (20u << 20)		/* 20 MiB per file upload request */
#define HTTP_MAX_HEADER 8192			/* MHD connection memory for headers */
#define HTTP_MAX_QUERY_ARGS 100			/* query arguments of one request (414 above) */
#define HTTP_MAX_URI 4096			/* bytes of path and query (414 above) */
#define HTTP_MAX_PAGE_SIZE 200
#define HTTP_MAX_PATH_PARAMS 4

enum http_method { HTTP_GET = 1, HTTP_POST = 2, HTTP_PUT = 4, HTTP_DELETE = 8, HTTP_HEAD = 16 };

/* Roles of DESIGN.md §3. */
enum role {
	ROLE_NONE = 0,
	ROLE_ADMIN,
	ROLE_REGULATOR,
	ROLE_DEPARTMENT,
	ROLE_ENT_MANAGER,
	ROLE_ENT_PRINCIPAL,
	ROLE_STAFF
};
const char *role_name(enum role r);		/* "admin", "regulator", … */
const char *role_label(enum role r);		/* "系统管理员", … */
enum role role_parse(const char *s);		/* ROLE_NONE if unknown */

/* The logged-in user of a request, loaded by the router from the session. */
struct user {
	int64_t id;
	const char *username;
	const char *name;
	enum role role;
	int64_t org_id;
	const char *org_name;
	const char *org_path;	/* materialised path of the user's org, "/1/7/" */
	const char *org_kind;	/* "regulator", "enterprise", … */
	const char *csrf;	/* the session's CSRF token */
	const char *session_hash;
};

struct req {
	struct arena arena;
	enum http_method method;
	const char *path;	/* decoded path without query */
	const char *body;	/* NUL-terminated, may be NULL */
	size_t body_len;
	void *conn;		/* struct MHD_Connection * */
	struct user *user;	/* NULL when not logged in */
	struct db *db;		/* this worker thread's connection */
	const char *params[HTTP_MAX_PATH_PARAMS];	/* ":name" segments in order */
	int nparams;
	const char *remote_ip;
	/* multipart upload, when the route asked for one (see ROUTE_UPLOAD) */
	const char *upload_path;	/* temp file holding the uploaded file's bytes */
	size_t upload_size;
	const char *upload_name;	/* client file name */
	char upload_sha256[65];
	json_t *json;		/* parsed body for ROUTE_JSON routes (owned by req) */
	/* ROUTE_READ: the session is loaded inside the route's read snapshot, so its
	 * last_seen touch (a write) waits until the snapshot has ended */
	int touch_later;	/* set by the router before session_load */
	int touch_due;		/* set by session_load: call session_touch() */
};

/* Headers and query parameters (NULL when absent). */
const char *req_header(struct req *r, const char *name);
const char *req_query(struct req *r, const char *name);
const char *req_cookie(struct req *r, const char *name);
/* Calls fn for every query parameter. */
void req_query_each(struct req *r, void (*fn)(void *ctx, const char *k, const char *v), void *ctx);

struct resp {
	int status;
	const char *content_type;	/* default application/json; charset=utf-8 */
	struct buf body;
	const char *headers[8][2];	/* extra headers, arena strings */
	int nheaders;
	const char *file_path;		/* if set, serve this file instead of body */
	int unlink_file;		/* remove file_path after sending (temp export) */
	const char *download_name;	/* Content-Disposition attachment file name (UTF-8) */
};

void resp_header(struct req *r, struct resp *s, const char *name, const char *value);
/* Starts a JSON body: returns a writer positioned at top level. */
void resp_json(struct resp *s, struct jw *w);
/* Error body of DESIGN.md §6: {"error":{"code","message","field"}}. Returns status
 * as a convenience for `return http_error(...)`. field may be NULL. */
int http_error(struct resp *s, int status, const char *code, const char *message, const char *field);
/* Common errors. */
int http_not_found(struct resp *s);		/* 404 not_found 记录不存在 */
int http_forbidden(struct resp *s);		/* 403 forbidden 无权操作 */
int http_bad_json(struct resp *s);		/* 400 bad_json 请求体不是有效的 JSON */
int http_internal(struct resp *s);		/* 500 internal 服务器内部错误 */

typedef int (*route_fn)(struct req *r, struct resp *s);

enum route_flags {
	ROUTE_PUBLIC = 1 << 0,	/* no session needed */
	ROUTE_JSON = 1 << 1,	/* body must be a JSON object; parsed into req->json */
	ROUTE_UPLOAD = 1 << 2,	/* multipart/form-data file upload (field "file") */
	ROUTE_NO_CSRF = 1 << 3,	/* state-changing but exempt (login only) */
	ROUTE_CATCHALL = 1 << 4,	/* a pattern of parameters only: another method on a path
				 * it fits is 404, not 405 (unknown paths stay 404) */
	ROUTE_READ = 1 << 5	/* reads only (never writes): the funnel loads the session
				 * and runs the handler in one read snapshot (db_read_begin) */
};

struct route {
	unsigned methods;	/* HTTP_GET | … */
	const char *pattern;	/* "/api/hazard/:id/verify" */
	route_fn fn;
	unsigned flags;
	unsigned roles;		/* bitmask of (1u << role); 0 = any logged-in role */
};
#define ROLES(...) role_mask((enum role[]){__VA_ARGS__, ROLE_NONE})
unsigned role_mask(const enum role *list);

/* Registers a table of routes (kept, not copied). Call before http_serve(). */
void router_add(const struct route *routes, size_t n);
/* Finds the route for method+path; fills params. Returns NULL and sets *status to
 * 404 (no path) or 405 (path exists, wrong method). */
const struct route *router_match(enum http_method m, const char *path, struct req *r, int *status);
/* The whole funnel for one request; used by server.c and by in-process tests. */
void router_dispatch(struct req *r, struct resp *s);
void router_reset(void);	/* tests */
/* Every registered route in registration order (tables in order, rows in order):
 * what the OpenAPI generator walks. router_at(i) for i < router_count(). */
size_t router_count(void);
const struct route *router_at(size_t i);

/* Optional one-line descriptions of routes, kept apart from the route tables so a
 * module documents its routes without touching its table: a row names the method(s)
 * and the pattern exactly as registered. Tables are kept, not copied. */
struct route_doc {
	unsigned methods;	/* HTTP_GET | … */
	const char *pattern;	/* "/api/hazard/stats" */
	const char *summary;	/* Chinese, one line: "隐患统计" */
};
void router_doc_add(const struct route_doc *docs, size_t n);
/* The summary registered for method m of pattern, or NULL. */
const char *router_summary(enum http_method m, const char *pattern);

/* idempotency.c: the Idempotency-Key header of a logged-in write (migration 0009).
 * idem_begin, after the funnel's checks (not on public routes nor the login, which
 * have no user of their own; the public report has its own key): 0 run the handler (then call idem_end with
 * its answer), 1 s is answered already (the kept answer of the same request, or a
 * refusal: a malformed key, the same key for another request, the first still
 * running). idem_end keeps a 2xx JSON answer for the key, else releases it. */
#define IDEM_STALE 120			/* seconds a claim may wait for its answer */
#define IDEM_KEEP (24 * 3600)		/* seconds an answer is kept */
#define IDEM_MAX_BODY (512u << 10)	/* larger answers are not kept (the key is released) */
#define IDEM_KEY_MIN 16			/* a key is IDEM_KEY_MIN..IDEM_KEY_MAX of [A-Za-z0-9_-] */
#define IDEM_KEY_MAX 64
struct idem {
	int active;		/* the key was claimed by this request */
	char hash[65];		/* SHA-256 of the key */
	char fp[65];		/* the request's fingerprint */
};
int idem_begin(struct req *r, struct resp *s, struct idem *im);
void idem_end(struct req *r, struct resp *s, struct idem *im);

/* Session cookie name and idle expiry. */
#define SESSION_COOKIE "anjian_session"
#define SESSION_IDLE_SECONDS (2 * 3600)

/* session.c: loads r->user from the session cookie; r->user stays NULL when there is
 * no cookie, no such session, the session idled out or the user is inactive.
 * 0 ok, -1 database error. */
int session_load(struct req *r);
/* session.c: writes the last_seen that session_load left for later (touch_due). */
void session_touch(struct req *r);
/* session.c: registers POST /api/auth/login, /logout, /password and GET /api/auth/me
 * (called by account_init). */
void session_routes_init(void);
/* static.c: answers a non-/api request from the built front end in web_dir (may be
 * NULL: then 404). Sets s->file_path for the server to send. Returns the status. */
int static_serve(struct req *r, struct resp *s, const char *web_dir);

/* throttle.c — attempt counters shared by every server process (login_throttle).
 * throttle_check: 1 if key is refused now (*retry = seconds to wait), 0 free, -1
 * error; reads only. throttle_claim: spends one attempt of key (counted as a failure
 * until forgiven or cleared) with `free` attempts before the doubling wait up to cap
 * seconds: 0 claimed, 1 refused (*retry), -1 error. throttle_forgive gives one
 * attempt back; throttle_clear deletes a key, throttle_clear_prefix every key that
 * starts with prefix; throttle_purge drops counters older than a day. */
int throttle_check(struct db *db, const char *key, int64_t now, int64_t *retry);
int throttle_claim(struct db *db, const char *key, int64_t free, int64_t cap, int64_t now,
		   int64_t *retry);
int throttle_forgive(struct db *db, const char *key);
int throttle_clear(struct db *db, const char *key);
int throttle_clear_prefix(struct db *db, const char *prefix);
int throttle_purge(struct db *db, int64_t now);
/* Ends the throttling of user_id's name and password change (a password reset by a
 * manager, who has just proven who may use the account). 0 ok, -1 error. */
int throttle_clear_user(struct db *db, int64_t user_id);

struct server_opts {
	const char *bind;	/* "127.0.0.1" default */
	int port;		/* 8080 default */
	const char *web_dir;	/* built front end; NULL = none */
	const char *data_dir;
	int threads;		/* 0 = number of CPUs */
	/* Behind the README's nginx: a request from a loopback peer takes its client
	 * address from X-Real-IP (the throttles and the log need the real one). */
	int trust_proxy;
	int secure_cookies;	/* cookies always carry Secure (served over TLS) */
	const char *user;	/* started as root: drop to this account after binding */
	/* Threads of the caller's (the scheduler), started after the sandbox so they
	 * are inside it; NULL for none. 0 ok. */
	int (*start_workers)(void);
	const char *banner;	/* printed on stdout once listening; NULL = none */
};
/* sandbox.c: after binding, drops root for user (if given), sets no_new_privs and
 * restricts the filesystem to data_dir (rw) and the system and web_dir (ro) with
 * Landlock where the kernel has it. 0 ok, -1 (logged): the server must not run. */
int sandbox_enter(const char *user, const char *data_dir, const char *web_dir);
/* 1 if the request came over TLS: --secure-cookies, or X-Forwarded-Proto: https
 * (set by the front; a client that sends it only makes its own cookies stricter). */
int http_secure_request(struct req *r);
/* Serves until SIGTERM/SIGINT, then finishes in-flight requests and returns 0. */
int http_serve(const struct server_opts *o);

/* offload.c: the writer pool (requests that write run off the HTTP workers). */
int offload_start(unsigned n);
int offload_submit(void (*fn)(void *arg), void *arg);
void offload_stop(void);
/* Data directory of the running server (files/, exports). */
const char *http_data_dir(void);

#endif
