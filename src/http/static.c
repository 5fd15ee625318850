/*
 * static.c — the built front end (web/dist) for every GET/HEAD path outside /api.
 *
 * Vite writes index.html plus content-hashed files under assets/; a hashed name never
 * changes content, so files under /assets/ are cached for a year (immutable) while index.html is
 * revalidated on every load (no-cache) and so always points at the current assets.
 * The Vue router owns every other path: an unknown path answers index.html (SPA
 * fallback) — except under /assets/, where a missing file is a real 404 rather than
 * HTML a browser would try to run as a script.
 *
 * Paths arrive percent-decoded (server.c keeps "%00" undecoded). A path is refused
 * (404) when it holds "." or ".." segments, hidden names, a backslash, a control
 * byte or any '%' left after decoding (double encoding such as %252e). Files are sent
 * by server.c as fd responses (zero copy); a precompressed "<file>.gz" is sent instead
 * when the browser accepts gzip.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "http.h"
#include "../core/util.h"

#define STATIC_MAX_PATH 1024

static const struct {
	const char *ext;
	const char *type;
} static_types[] = {
	{".html", "text/html; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".jpg", "image/jpeg"},
	{".jpeg", "image/jpeg"},
	{".gif", "image/gif"},
	{".webp", "image/webp"},
	{".ico", "image/x-icon"},
	{".woff", "font/woff"},
	{".woff2", "font/woff2"},
	{".ttf", "font/ttf"},
	{".json", "application/json; charset=utf-8"},
	{".map", "application/json; charset=utf-8"},
	{".txt", "text/plain; charset=utf-8"},
	{".webmanifest", "application/manifest+json"},
};

/* The Content-Type for a file name by its extension. */
static const char *static_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	size_t i;

	if (dot && !strchr(dot, '/'))
		for (i = 0; i < ARRAY_SIZE(static_types); i++)
			if (!strcasecmp(dot, static_types[i].ext))
				return static_types[i].type;
	return "application/octet-stream";
}

/* 1 if path is safe to map below the web root (see the file comment). */
static int static_path_ok(const char *path)
{
	const unsigned char *p;
	const char *seg;

	if (path[0] != '/' || strlen(path) > STATIC_MAX_PATH)
		return 0;
	for (p = (const unsigned char *)path; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\' || *p == '%')
			return 0;
	for (seg = path; seg; seg = strchr(seg + 1, '/'))
		if (seg[1] == '.')	/* ".", "..", ".env", ".git" … */
			return 0;
	return 1;
}

/* 1 if the request's Accept-Encoding allows gzip (a "gzip;q=0" refuses it). */
static int static_accepts_gzip(struct req *r)
{
	const char *h = req_header(r, "Accept-Encoding");

	while (h && *h) {
		const char *end = strchr(h, ','), *semi;
		size_t n;

		while (*h == ' ' || *h == '\t')
			h++;
		n = end ? (size_t)(end - h) : strlen(h);
		semi = memchr(h, ';', n);
		if ((semi ? (size_t)(semi - h) : n) == 4 && !strncasecmp(h, "gzip", 4)) {
			const char *q = semi ? strstr(semi, "q=") : NULL;

			return !(q && q < h + n && strtod(q + 2, NULL) <= 0.0);
		}
		h = end ? end + 1 : NULL;
	}
	return 0;
}

/* 1 if path names a regular file. */
static int static_is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Serves the file full (request path rel) with its type and cache policy. */
static int static_send(struct req *r, struct resp *s, const char *full, const char *rel)
{
	const char *gz = arena_printf(&r->arena, "%s.gz", full);

	s->status = 200;
	s->content_type = static_type(full);
	s->file_path = full;
	if (!strncmp(rel, "/assets/", 8))
		resp_header(r, s, "Cache-Control", "public, max-age=31536000, immutable");
	else if (!strcmp(static_type(full), "text/html; charset=utf-8"))
		resp_header(r, s, "Cache-Control", "no-cache");
	else
		resp_header(r, s, "Cache-Control", "public, max-age=3600");
	if (static_is_file(gz)) {
		resp_header(r, s, "Vary", "Accept-Encoding");
		if (static_accepts_gzip(r)) {
			s->file_path = gz;
			resp_header(r, s, "Content-Encoding", "gzip");
		}
	}
	return 200;
}

/* Answers a non-/api request from web_dir (see http.h). */
int static_serve(struct req *r, struct resp *s, const char *web_dir)
{
	const char *path = r->path, *full, *index;
	size_t n;

	if (r->method != HTTP_GET && r->method != HTTP_HEAD)
		return http_error(s, 405, "method_not_allowed", "不支持该请求方法", NULL);
	if (!web_dir || !static_path_ok(path))
		return http_not_found(s);
	index = arena_printf(&r->arena, "%s/index.html", web_dir);
	n = strlen(path);
	if (n > 1 && path[n - 1] != '/') {
		full = arena_printf(&r->arena, "%s%s", web_dir, path);
		if (static_is_file(full))
			return static_send(r, s, full, path);
	}
	if (!strncmp(path, "/assets/", 8) || !static_is_file(index))
		return http_not_found(s);
	return static_send(r, s, index, "/index.html");
}
