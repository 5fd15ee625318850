/*
 * req.c — reading a request (headers, query, cookies) and writing a response (extra
 * headers, JSON bodies, the uniform error body of DESIGN.md §6).
 *
 * Headers and query values come straight from libmicrohttpd and live as long as the
 * connection's request; cookie values are copied into the request arena. A request
 * without a connection (in-process tests) has no headers, query or cookies.
 *
 * Error bodies are {"error":{"code":…,"message":…,"field":…}}, written through the
 * JSON writer so every string is escaped; field is left out when NULL.
 */
#include <string.h>
#include <microhttpd.h>

#include "http.h"
#include "../core/util.h"

/* ---------------------------------------------------------------- request */

/* The value of request header name (case-insensitive), or NULL. */
const char *req_header(struct req *r, const char *name)
{
	if (!r->conn)
		return NULL;
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

/* The decoded value of query parameter name ("" for "?name"), or NULL. */
const char *req_query(struct req *r, const char *name)
{
	const char *v;

	if (!r->conn)
		return NULL;
	if (MHD_lookup_connection_value_n(r->conn, MHD_GET_ARGUMENT_KIND, name, strlen(name),
					  &v, NULL) != MHD_YES)
		return NULL;
	return v ? v : "";
}

/*
 * The value of cookie name from the Cookie header (arena copy), or NULL. The header
 * is "a=1; b=2"; surrounding spaces and a pair of double quotes around the value are
 * removed. The first cookie of that name wins.
 */
const char *req_cookie(struct req *r, const char *name)
{
	const char *h = req_header(r, "Cookie");
	size_t nlen = strlen(name);

	if (!h)
		return NULL;
	while (*h) {
		const char *end, *eq, *k, *v, *vend;

		while (*h == ' ' || *h == '\t' || *h == ';')
			h++;
		if (!*h)
			break;
		end = strchr(h, ';');
		if (!end)
			end = h + strlen(h);
		eq = memchr(h, '=', (size_t)(end - h));
		if (eq) {
			const char *kend = eq;

			k = h;
			while (kend > k && (kend[-1] == ' ' || kend[-1] == '\t'))
				kend--;
			v = eq + 1;
			vend = end;
			while (v < vend && (*v == ' ' || *v == '\t'))
				v++;
			while (vend > v && (vend[-1] == ' ' || vend[-1] == '\t'))
				vend--;
			if (vend - v >= 2 && v[0] == '"' && vend[-1] == '"') {
				v++;
				vend--;
			}
			if ((size_t)(kend - k) == nlen && !memcmp(k, name, nlen))
				return arena_strndup(&r->arena, v, (size_t)(vend - v));
		}
		h = end;
	}
	return NULL;
}

struct query_each_ctx {
	void (*fn)(void *ctx, const char *k, const char *v);
	void *ctx;
};

/* MHD iterator adapter for req_query_each. */
static enum MHD_Result req_query_iter(void *cls, enum MHD_ValueKind kind, const char *key,
				      const char *value)
{
	struct query_each_ctx *q = cls;

	(void)kind;
	q->fn(q->ctx, key, value ? value : "");
	return MHD_YES;
}

/* Calls fn for every query parameter in order. */
void req_query_each(struct req *r, void (*fn)(void *ctx, const char *k, const char *v), void *ctx)
{
	struct query_each_ctx q = {fn, ctx};

	if (!r->conn)
		return;
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, req_query_iter, &q);
}

/* ---------------------------------------------------------------- response */

/* Adds a response header (both strings copied into the request arena). */
void resp_header(struct req *r, struct resp *s, const char *name, const char *value)
{
	if (s->nheaders == (int)ARRAY_SIZE(s->headers))
		BUG("resp_header: too many headers");
	s->headers[s->nheaders][0] = arena_strdup(&r->arena, name);
	s->headers[s->nheaders][1] = arena_strdup(&r->arena, value);
	s->nheaders++;
}

/* Starts a JSON body: empties the body and points w at it. */
void resp_json(struct resp *s, struct jw *w)
{
	buf_reset(&s->body);
	s->content_type = NULL;
	jw_init(w, &s->body);
}

/* Replaces the body with the error object and sets the status; returns status. */
int http_error(struct resp *s, int status, const char *code, const char *message, const char *field)
{
	struct jw w;

	resp_json(s, &w);
	s->status = status;
	s->file_path = NULL;
	s->download_name = NULL;
	jw_obj_begin(&w);
	jw_key(&w, "error");
	jw_obj_begin(&w);
	jw_kstr(&w, "code", code);
	jw_kstr(&w, "message", message);
	if (field)
		jw_kstr(&w, "field", field);
	jw_obj_end(&w);
	jw_obj_end(&w);
	return status;
}

/* 404 not_found: also the answer for rows out of scope. */
int http_not_found(struct resp *s)
{
	return http_error(s, 404, "not_found", "记录不存在", NULL);
}

/* 403 forbidden. */
int http_forbidden(struct resp *s)
{
	return http_error(s, 403, "forbidden", "无权操作", NULL);
}

/* 400 bad_json. */
int http_bad_json(struct resp *s)
{
	return http_error(s, 400, "bad_json", "请求体不是有效的 JSON", NULL);
}

/* 500 internal. */
int http_internal(struct resp *s)
{
	return http_error(s, 500, "internal", "服务器内部错误", NULL);
}
