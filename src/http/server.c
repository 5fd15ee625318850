/*
 * server.c — the HTTP server: libmicrohttpd with an epoll thread pool, one request
 * state per connection, body limits, multipart uploads streamed to a temp file, the
 * response from struct resp, security headers, and a clean shutdown on SIGTERM.
 *
 * The access handler is called several times per request. Facts of this MHD that
 * shape it: a response queued on the first call (before the body is read) makes MHD
 * close the connection, so the first call only allocates state; MHD has no body
 * size limit, so the body callbacks count bytes and the final call answers 413 when
 * a limit was passed (the rest of the body is read and dropped, bounded by the 30 s
 * connection timeout). JSON bodies are kept in memory up to HTTP_MAX_JSON_BODY;
 * for ROUTE_UPLOAD routes the multipart field "file" is written to
 * <data_dir>/tmp/ while its SHA-256 is computed, and deleted after the response.
 *
 * Threads: MHD's workers call the handler; each uses its own database connection
 * (db_thread()). SIGTERM and SIGINT are blocked in every thread before MHD starts
 * and taken with sigwait() by the thread that called http_serve(), which then stops
 * accepting, lets in-flight requests finish and closes the connections.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>
#include <microhttpd.h>
#include <sodium.h>

#include "http.h"
#include "../core/util.h"
#include "../db/db.h"

#define SERVER_CONN_PER_THREAD 120	/* connections per pool thread (MHD caps < 127) */
#define SERVER_TIMEOUT_SECONDS 30
/* A connection delivers a request's headers within this many seconds of opening or
 * of its previous response, however slowly the bytes trickle in (slowloris: MHD's
 * idle timeout restarts with every byte). Behind nginx its client_header_timeout
 * comes first. */
#define SERVER_HEADER_DEADLINE 10
#define SERVER_PER_IP_CONNECTIONS 128	/* without --trust-proxy (nginx limits its own) */
#define SERVER_POST_BUFFER 65536	/* post processor buffer */
#define SERVER_UPLOAD_SLACK (1u << 20)	/* multipart overhead allowed beyond the file */
#define SERVER_MAX_THREADS 64
#define SERVER_MAX_NAME 255		/* bytes kept of an uploaded file's name */

static const char *server_web_dir;	/* NULL: no front end */
static char *server_data_dir;
static char *server_tmp_dir;

/* The state of one request, from MHD's first access-handler call to completion. */
struct conn_state {
	struct req req;
	struct resp resp;
	struct buf body;		/* JSON body (non-upload requests) */
	size_t received;		/* raw body bytes seen */
	size_t limit;			/* raw body bytes allowed */
	int too_large;
	int headers_too_large;		/* request headers over HTTP_MAX_HEADER */
	int query_too_large;		/* more than HTTP_MAX_QUERY_ARGS arguments (414) */
	int upload;			/* the route takes a multipart upload */
	int discard;			/* body is dropped unread (no session for it) */
	struct MHD_PostProcessor *pp;
	int fd;				/* temp file of the upload, -1 none */
	char *tmp_path;			/* malloc'd; unlinked at completion */
	size_t file_size;
	int file_done;			/* the first "file" part ended */
	int file_err;			/* write failure */
	char *file_name;		/* malloc'd */
	crypto_hash_sha256_state sha;
	const char *method_str;
	/* A request that writes runs on the writer pool (offload.c): 1 while it runs
	 * there with the connection suspended, 2 once its answer is ready. */
	int offloaded;
	struct MHD_Connection *conn;
};

/* ---------------------------------------------------------------- header deadline */

/*
 * Every open connection is in this list (MHD_OPTION_NOTIFY_CONNECTION) with the
 * time its current request started; the first call of the access handler (headers
 * complete) marks it, server_completed re-arms it for the next request on the
 * connection. A watchdog thread shuts down the socket of a connection past
 * SERVER_HEADER_DEADLINE without complete headers; MHD then sees the end of the
 * stream and closes it (shutdown() leaves the descriptor to MHD, and MHD reports the
 * close — removing the entry under the same lock — before it closes the fd).
 */
struct conn_watch {
	struct conn_watch *prev, *next;
	int fd;
	int waiting;		/* headers of a request not complete yet */
	int cut;		/* shut down by the watchdog */
	struct timespec since;
};
static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static struct conn_watch *watch_head;
static pthread_t watch_thread;
static int watch_running;
static atomic_int watch_stop;

static void watch_now(struct timespec *t)
{
	clock_gettime(CLOCK_MONOTONIC, t);
}

static void server_notify_connection(void *cls, struct MHD_Connection *conn, void **socket_ctx,
				     enum MHD_ConnectionNotificationCode code)
{
	struct conn_watch *w = *socket_ctx;

	(void)cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);

		w = xcalloc(1, sizeof(*w));
		w->fd = ci ? ci->connect_fd : -1;
		w->waiting = 1;
		watch_now(&w->since);
		pthread_mutex_lock(&watch_lock);
		w->next = watch_head;
		if (watch_head)
			watch_head->prev = w;
		watch_head = w;
		pthread_mutex_unlock(&watch_lock);
		*socket_ctx = w;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED && w) {
		pthread_mutex_lock(&watch_lock);
		if (w->prev)
			w->prev->next = w->next;
		else
			watch_head = w->next;
		if (w->next)
			w->next->prev = w->prev;
		pthread_mutex_unlock(&watch_lock);
		free(w);
		*socket_ctx = NULL;
	}
}

/* Marks the connection's current request as past (waiting 0) or awaiting (1) its
 * headers. */
static void watch_mark(struct MHD_Connection *conn, int waiting)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn_watch *w = ci ? ci->socket_context : NULL;

	if (!w)
		return;
	pthread_mutex_lock(&watch_lock);
	w->waiting = waiting;
	watch_now(&w->since);
	pthread_mutex_unlock(&watch_lock);
}

static void *watch_main(void *arg)
{
	(void)arg;
	while (!atomic_load(&watch_stop)) {
		struct timespec now;

		sleep(1);
		watch_now(&now);
		pthread_mutex_lock(&watch_lock);
		for (struct conn_watch *w = watch_head; w; w = w->next)
			if (w->waiting && !w->cut && w->fd >= 0 &&
			    now.tv_sec - w->since.tv_sec > SERVER_HEADER_DEADLINE) {
				shutdown(w->fd, SHUT_RDWR);
				w->cut = 1;
			}
		pthread_mutex_unlock(&watch_lock);
	}
	return NULL;
}

/* ---------------------------------------------------------------- helpers */

/* MHD's memory per connection: the URI, 64 bytes per argument record, the
 * headers with as much again for their records, the response's headers. */
#define SERVER_POOL (HTTP_MAX_URI + 64 * HTTP_MAX_QUERY_ARGS + 2 * HTTP_MAX_HEADER + 8192)

/*
 * The first look at a request (MHD_OPTION_URI_LOG_CALLBACK), before MHD parses the
 * query string into its connection pool. Each argument takes a record there, and
 * about 175 of them ran the pool dry: MHD then waited 30 s without an answer
 * (issue 14 finding 10). A query of more than HTTP_MAX_QUERY_ARGS arguments is cut
 * here to nothing — MHD has already split the URI at '?' and parses what follows
 * from this very buffer — and the request is marked, so the access handler answers
 * 414 at once; so is a URI longer than HTTP_MAX_URI. With both bounded, the pool
 * (SERVER_POOL) holds the longest URI, its argument records, HTTP_MAX_HEADER of
 * headers and the response's, so no request runs it dry. The return value is the
 * request's first *con_cls: the marker or NULL.
 */
static char query_too_large_marker;

static void *server_uri_first(void *cls, const char *uri, struct MHD_Connection *conn)
{
	const char *q = strchr(uri, '?');
	size_t args = 1;

	(void)cls;
	(void)conn;
	if (!q)
		return NULL;
	for (const char *p = q + 1; *p; p++)
		if (*p == '&')
			args++;
	if (args <= HTTP_MAX_QUERY_ARGS && strlen(uri) <= HTTP_MAX_URI)
		return NULL;
	((char *)q)[1] = '\0';	/* MHD's own, writable read buffer (see above) */
	return &query_too_large_marker;
}

/* The data directory of the running server. */
const char *http_data_dir(void)
{
	return server_data_dir;
}

/* Maps an HTTP method name to enum http_method (0 for others: answered 405/404). */
static enum http_method server_method(const char *m)
{
	if (!strcmp(m, "GET"))
		return HTTP_GET;
	if (!strcmp(m, "POST"))
		return HTTP_POST;
	if (!strcmp(m, "PUT"))
		return HTTP_PUT;
	if (!strcmp(m, "DELETE"))
		return HTTP_DELETE;
	if (!strcmp(m, "HEAD"))
		return HTTP_HEAD;
	return 0;
}

/* 1 for "/api" and paths under "/api/". */
static int server_is_api(const char *path)
{
	return !strncmp(path, "/api", 4) && (path[4] == '\0' || path[4] == '/');
}

/* Value of hex digit c, or -1. */
static int server_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * MHD unescape callback for the path and query: decodes %XX in place, except that
 * %00 stays as the three characters "%00" so a NUL can never cut a path short (the
 * static file code refuses any '%' left in a path). MHD also calls this for query
 * keys and values, after it has turned their '+' into spaces itself.
 */
static size_t server_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	char *r = s, *w = s;

	(void)cls;
	(void)c;
	while (*r) {
		int hi, lo;

		if (r[0] == '%' && (hi = server_hexval(r[1])) >= 0 && (lo = server_hexval(r[2])) >= 0 &&
		    (hi | lo) != 0) {
			*w++ = (char)(hi * 16 + lo);
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

/* MHD's own diagnostics go to our log. */
static void server_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	size_t n;

	(void)cls;
	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	log_info("mhd: %s", line);
}

static int server_trust_proxy, server_secure_cookies;

int http_secure_request(struct req *r)
{
	const char *p;

	if (server_secure_cookies)
		return 1;
	p = r->conn ? req_header(r, "X-Forwarded-Proto") : NULL;
	return p && strcasecmp(p, "https") == 0;
}

/* 1 if ip (text) is a loopback address. */
static int server_is_loopback(const char *ip)
{
	return strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0 ||
	       strncmp(ip, "::ffff:127.", 11) == 0;
}

/* The client's address as text in the arena ("" when unknown); behind a trusted
 * front (--trust-proxy, a loopback peer) the X-Real-IP it sets, if it is an
 * address. */
static const char *server_remote_ip(struct MHD_Connection *conn, struct arena *a)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char ip[INET6_ADDRSTRLEN] = "";

	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;

		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, ip, sizeof(ip));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, ip, sizeof(ip));
	}
	if (server_trust_proxy && server_is_loopback(ip)) {
		const char *real = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Real-IP");
		unsigned char bin[sizeof(struct in6_addr)];

		if (real && (inet_pton(AF_INET, real, bin) == 1 || inet_pton(AF_INET6, real, bin) == 1))
			return arena_strdup(a, real);
	}
	return arena_strdup(a, ip);
}

/* ---------------------------------------------------------------- uploads */

/* Opens the temp file of an upload and starts its hash. 0 ok, -1 error. */
static int server_upload_open(struct conn_state *cs, const char *filename)
{
	char rnd[33];
	size_t n;

	random_hex(rnd, 16);
	n = strlen(server_tmp_dir) + sizeof("/upload-") + sizeof(rnd);
	cs->tmp_path = xmalloc(n);
	snprintf(cs->tmp_path, n, "%s/upload-%s", server_tmp_dir, rnd);
	cs->fd = open(cs->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (cs->fd < 0) {
		log_err("upload: cannot create %s: %s", cs->tmp_path, strerror(errno));
		free(cs->tmp_path);
		cs->tmp_path = NULL;
		return -1;
	}
	crypto_hash_sha256_init(&cs->sha);
	if (filename) {
		size_t len = strnlen(filename, SERVER_MAX_NAME);

		cs->file_name = xmalloc(len + 1);
		memcpy(cs->file_name, filename, len);
		cs->file_name[len] = '\0';
	}
	return 0;
}

/*
 * Post processor callback: writes the first part named "file" to the temp file and
 * hashes it; other fields and further files are ignored. Going over HTTP_MAX_UPLOAD
 * marks the request too large and stops writing.
 */
static enum MHD_Result server_post_iter(void *cls, enum MHD_ValueKind kind, const char *key,
					const char *filename, const char *content_type,
					const char *transfer_encoding, const char *data,
					uint64_t off, size_t size)
{
	struct conn_state *cs = cls;

	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	if (!key || strcmp(key, "file") || cs->file_done || cs->too_large || cs->file_err)
		return MHD_YES;
	if (off == 0 && cs->tmp_path && cs->file_size > 0) {
		cs->file_done = 1;	/* a second "file" part: keep the first */
		return MHD_YES;
	}
	if (!cs->tmp_path && server_upload_open(cs, filename)) {
		cs->file_err = 1;
		return MHD_YES;
	}
	if (cs->file_size + size > HTTP_MAX_UPLOAD) {
		cs->too_large = 1;
		return MHD_YES;
	}
	crypto_hash_sha256_update(&cs->sha, (const unsigned char *)data, size);
	cs->file_size += size;
	while (size > 0) {
		ssize_t w = write(cs->fd, data, size);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			log_err("upload: write %s: %s", cs->tmp_path, strerror(errno));
			cs->file_err = 1;
			break;
		}
		data += w;
		size -= (size_t)w;
	}
	return MHD_YES;
}

/* Ends the upload: flushes the post processor, closes the file and fills the
 * request's upload fields when a file arrived. */
static void server_upload_finish(struct conn_state *cs)
{
	struct req *r = &cs->req;
	unsigned char h[crypto_hash_sha256_BYTES];

	if (cs->pp) {
		MHD_destroy_post_processor(cs->pp);
		cs->pp = NULL;
	}
	if (cs->fd >= 0) {
		close(cs->fd);
		cs->fd = -1;
	}
	if (!cs->tmp_path || cs->file_err || cs->too_large)
		return;
	crypto_hash_sha256_final(&cs->sha, h);
	sodium_bin2hex(r->upload_sha256, sizeof(r->upload_sha256), h, sizeof(h));
	r->upload_path = arena_strdup(&r->arena, cs->tmp_path);
	r->upload_size = cs->file_size;
	r->upload_name = arena_strdup(&r->arena, cs->file_name ? cs->file_name : "");
}

/* ---------------------------------------------------------------- request state */

/* Adds one header's size to the running total in cls. */
static enum MHD_Result server_header_size(void *cls, enum MHD_ValueKind kind, const char *key,
					  const char *value)
{
	size_t *total = cls;

	(void)kind;
	*total += strlen(key) + (value ? strlen(value) : 0) + 4;	/* ": " and CRLF */
	return MHD_YES;
}

/* Allocates the state of a new request (the first access-handler call). */
static struct conn_state *server_state_new(struct MHD_Connection *conn, const char *url,
					   const char *method)
{
	struct conn_state *cs = xcalloc(1, sizeof(*cs));
	struct req *r = &cs->req;
	const struct route *rt;
	int status;

	arena_init(&r->arena);
	buf_init(&cs->resp.body, BUF_MAX_DEFAULT);
	buf_init(&cs->body, HTTP_MAX_JSON_BODY);
	cs->fd = -1;
	cs->method_str = method;
	r->conn = conn;
	r->method = server_method(method);
	r->path = arena_strdup(&r->arena, url);
	r->remote_ip = server_remote_ip(conn, &r->arena);
	cs->limit = HTTP_MAX_JSON_BODY;
	/* MHD's memory limit also has to hold the read buffer, so it cannot be exact:
	 * the header size is checked here (answered 431 at the end of the request). */
	{
		size_t total = 0;

		MHD_get_connection_values(conn, MHD_HEADER_KIND, server_header_size, &total);
		if (total > HTTP_MAX_HEADER) {
			cs->headers_too_large = 1;
			cs->discard = 1;
			return cs;
		}
	}
	rt = server_is_api(r->path) ? router_match(r->method, r->path, NULL, &status) : NULL;
	if (rt && (rt->flags & ROUTE_UPLOAD)) {
		cs->upload = 1;
		cs->limit = HTTP_MAX_UPLOAD + SERVER_UPLOAD_SLACK;
		/* The session is decided before a byte of the body is stored (issue 14
		 * finding 11: a bogus cookie let 20 MiB stream to disk before the 401):
		 * without a live session, or without the route's role, the funnel will
		 * refuse, so the body is read and dropped. The user loaded here is the
		 * funnel's (it does not load it again). */
		if (!(rt->flags & ROUTE_PUBLIC)) {
			if (req_cookie(r, SESSION_COOKIE) && (r->db = db_thread()) != NULL &&
			    session_load(r) < 0)
				r->user = NULL;
			if (!r->user || (rt->roles && !(rt->roles & (1u << r->user->role))))
				cs->discard = 1;
		}
		if (!cs->discard)
			cs->pp = MHD_create_post_processor(conn, SERVER_POST_BUFFER, server_post_iter, cs);
	}
	return cs;
}

/* Takes one chunk of the body. */
static void server_state_body(struct conn_state *cs, const char *data, size_t n)
{
	cs->received += n;
	if (cs->too_large)
		return;
	if (cs->received > cs->limit) {
		cs->too_large = 1;
		buf_release(&cs->body);
		return;
	}
	if (cs->upload) {
		if (cs->pp)
			MHD_post_process(cs->pp, data, n);
		return;
	}
	buf_add(&cs->body, data, n);
}

/* Frees a request's state (MHD_OPTION_NOTIFY_COMPLETED). */
static void server_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			     enum MHD_RequestTerminationCode toe)
{
	struct conn_state *cs = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	watch_mark(conn, 1);	/* the next request on this connection starts its clock */
	if (!cs || (void *)cs == &query_too_large_marker)
		return;
	if (cs->pp)
		MHD_destroy_post_processor(cs->pp);
	if (cs->fd >= 0)
		close(cs->fd);
	if (cs->tmp_path) {
		unlink(cs->tmp_path);
		free(cs->tmp_path);
	}
	free(cs->file_name);
	json_decref(cs->req.json);
	buf_release(&cs->body);
	buf_release(&cs->resp.body);
	arena_release(&cs->req.arena);
	free(cs);
	*con_cls = NULL;
}

/* ---------------------------------------------------------------- responses */

/* 1 if the handler already set header name. */
static int server_has_header(const struct resp *s, const char *name)
{
	int i;

	for (i = 0; i < s->nheaders; i++)
		if (!strcasecmp(s->headers[i][0], name))
			return 1;
	return 0;
}

/*
 * Content-Disposition for a download name: an ASCII fallback filename="…" (non-ASCII
 * bytes, quotes, backslashes and controls become '_') and the exact name as RFC 5987
 * filename*=UTF-8''<percent-encoded>.
 */
static const char *server_disposition(struct arena *a, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b;
	const unsigned char *p;
	const char *out;

	buf_init(&b, 4096);
	buf_puts(&b, "attachment; filename=\"");
	for (p = (const unsigned char *)name; *p; p++)
		buf_putc(&b, (*p < 0x20 || *p >= 0x7f || *p == '"' || *p == '\\') ? '_' : (char)*p);
	buf_puts(&b, "\"; filename*=UTF-8''");
	for (p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("!#$&+-.^_`|~", *p)) {
			buf_putc(&b, (char)*p);
		} else {
			buf_putc(&b, '%');
			buf_putc(&b, hex[*p >> 4]);
			buf_putc(&b, hex[*p & 15]);
		}
	}
	out = buf_failed(&b) ? "attachment" : arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return out;
}

/* Makes the MHD response for s: the file (fd response, zero copy) or the body. */
static struct MHD_Response *server_make_response(struct req *r, struct resp *s)
{
	struct MHD_Response *mr = NULL;

	if (s->file_path) {
		struct stat st;
		int fd = open(s->file_path, O_RDONLY | O_CLOEXEC);

		if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
			log_err("response: cannot open %s: %s", s->file_path, strerror(errno));
			if (fd >= 0)
				close(fd);
			http_internal(s);
		} else {
			/* The open fd keeps the bytes; the name can go now, so a temp export
			 * is removed even when the client disconnects mid-transfer. */
			if (s->unlink_file)
				unlink(s->file_path);
			mr = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
			if (!mr)
				close(fd);
			return mr;
		}
	}
	if (buf_failed(&s->body))
		http_internal(s);
	if (s->body.len == 0) {
		mr = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	} else {
		size_t len;
		char *p = buf_detach(&s->body, &len);

		mr = MHD_create_response_from_buffer_with_free_callback(len, p, free);
		if (!mr)
			free(p);
	}
	(void)r;
	return mr;
}

/* Adds the content type, the security headers and the handler's headers. */
static void server_add_headers(struct MHD_Response *mr, struct req *r, struct resp *s, int api)
{
	int i;

	MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE,
				s->content_type ? s->content_type : "application/json; charset=utf-8");
	MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(mr, "X-Frame-Options", "DENY");
	MHD_add_response_header(mr, "Referrer-Policy", "same-origin");
	MHD_add_response_header(mr, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data: blob:; "
				"style-src 'self'; object-src 'none'; "
				"base-uri 'self'; frame-ancestors 'none'; form-action 'self'");
	if (api && !server_has_header(s, "Cache-Control"))
		MHD_add_response_header(mr, "Cache-Control", "no-store");
	if (s->download_name)
		MHD_add_response_header(mr, "Content-Disposition",
					server_disposition(&r->arena, s->download_name));
	for (i = 0; i < s->nheaders; i++)
		MHD_add_response_header(mr, s->headers[i][0], s->headers[i][1]);
}

/* Runs an API request on this thread's database connection. */
static void server_dispatch(struct conn_state *cs)
{
	struct req *r = &cs->req;
	struct resp *s = &cs->resp;

	if (!(r->db = db_thread())) {
		http_internal(s);
	} else {
		if (cs->body.len) {
			r->body = cs->body.p;
			r->body_len = cs->body.len;
		}
		router_dispatch(r, s);
	}
	json_decref(r->json);
	r->json = NULL;
}

/* A writer-pool job: runs the suspended request, then lets its worker answer. */
static void server_offload_run(void *arg)
{
	struct conn_state *cs = arg;

	server_dispatch(cs);
	cs->offloaded = 2;
	MHD_resume_connection(cs->conn);
}

/* 1 if the request goes to the writer pool: an API request that is not a read. */
static int server_writes(const struct req *r)
{
	return r->method != HTTP_GET && r->method != HTTP_HEAD;
}

/* The final access-handler call: runs the request and queues the response. A
 * request that writes is handed to the writer pool instead, its connection
 * suspended; the call after its resumption answers it. */
static enum MHD_Result server_respond(struct conn_state *cs, struct MHD_Connection *conn)
{
	struct req *r = &cs->req;
	struct resp *s = &cs->resp;
	struct MHD_Response *mr;
	enum MHD_Result ret;
	int api = server_is_api(r->path);

	if (cs->upload && !cs->offloaded)
		server_upload_finish(cs);
	if (cs->offloaded == 2) {
		/* answered by the writer pool */
	} else if (cs->headers_too_large) {
		http_error(s, 431, "too_large", "请求头过大", NULL);
	} else if (cs->query_too_large) {
		http_error(s, 414, "too_large", "查询参数过多", NULL);
	} else if (cs->too_large) {
		if (cs->upload)
			http_error(s, 413, "too_large", "上传文件不能超过20MB", "file");
		else
			http_error(s, 413, "too_large", "请求体过大", NULL);
	} else if (!api) {
		static_serve(r, s, server_web_dir);
	} else if (server_writes(r)) {
		cs->offloaded = 1;
		cs->conn = conn;
		MHD_suspend_connection(conn);
		if (offload_submit(server_offload_run, cs) < 0)
			server_offload_run(cs);	/* no pool (stopping): here, all the same */
		return MHD_YES;
	} else {
		server_dispatch(cs);
	}
	if (s->status == 0)
		s->status = 200;
	mr = server_make_response(r, s);
	if (!mr)
		return MHD_NO;
	server_add_headers(mr, r, s, api);
	ret = MHD_queue_response(conn, (unsigned)s->status, mr);
	MHD_destroy_response(mr);
	if (log_min_level <= LOG_DEBUG)
		log_msg(LOG_DEBUG, "%s %s %d %s", cs->method_str, r->path, s->status, r->remote_ip);
	return ret;
}

/* MHD access handler: allocate on the first call, take the body, answer at the end. */
static enum MHD_Result server_access(void *cls, struct MHD_Connection *conn, const char *url,
				     const char *method, const char *version,
				     const char *upload_data, size_t *upload_data_size,
				     void **con_cls)
{
	struct conn_state *cs = *con_cls;

	(void)cls;
	(void)version;
	if (!cs || (void *)cs == &query_too_large_marker) {
		int too_many = cs != NULL;

		watch_mark(conn, 0);	/* the headers are in */
		*con_cls = cs = server_state_new(conn, url, method);
		if (too_many) {
			cs->query_too_large = 1;
			cs->discard = 1;
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!cs->discard)
			server_state_body(cs, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	return server_respond(cs, conn);
}

/* ---------------------------------------------------------------- serving */

/* GET /api/health: {"status":"ok","version":…} (public). */
static int server_health(struct req *r, struct resp *s)
{
	struct jw w;

	(void)r;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kstr(&w, "status", "ok");
	jw_kstr(&w, "version", ANJIAN_VERSION);
	jw_obj_end(&w);
	return 200;
}

static const struct route server_routes[] = {
	{HTTP_GET, "/api/health", server_health, ROUTE_PUBLIC, 0},
};

/* Creates dir (and accepts an existing one). 0 ok, -1 error. */
static int server_mkdir(const char *dir)
{
	if (mkdir(dir, 0700) && errno != EEXIST) {
		log_err("cannot create %s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* The number of worker threads: o->threads, or one per CPU. */
static unsigned server_threads(const struct server_opts *o)
{
	long n = o->threads > 0 ? o->threads : sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		n = 1;
	if (n > SERVER_MAX_THREADS)
		n = SERVER_MAX_THREADS;
	return (unsigned)n;
}

/* Serves until SIGTERM/SIGINT; 0 after a clean shutdown, -1 if it cannot start. */
int http_serve(const struct server_opts *o)
{
	static int routes_added;
	const char *bind_addr = o->bind && *o->bind ? o->bind : "127.0.0.1";
	int port = o->port > 0 ? o->port : 8080;
	unsigned threads = server_threads(o), flags;
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	struct sockaddr *sa;
	struct MHD_Daemon *d = NULL;
	sigset_t set, old;
	size_t n;
	int sig, rc = -1, masked = 0, lfd = -1, one = 1;

	if (sodium_init() < 0)
		goto out;
	server_web_dir = o->web_dir;
	server_trust_proxy = o->trust_proxy;
	server_secure_cookies = o->secure_cookies;
	free(server_data_dir);
	free(server_tmp_dir);
	server_data_dir = xstrdup(o->data_dir ? o->data_dir : "data");
	n = strlen(server_data_dir) + sizeof("/tmp");
	server_tmp_dir = xmalloc(n);
	snprintf(server_tmp_dir, n, "%s/tmp", server_data_dir);
	if (server_mkdir(server_data_dir) || server_mkdir(server_tmp_dir))
		goto out;
	if (!routes_added) {
		router_add(server_routes, ARRAY_SIZE(server_routes));
		routes_added = 1;
	}
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG |
		MHD_ALLOW_SUSPEND_RESUME;
	memset(&sin, 0, sizeof(sin));
	memset(&sin6, 0, sizeof(sin6));
	if (inet_pton(AF_INET, bind_addr, &sin.sin_addr) == 1) {
		sin.sin_family = AF_INET;
		sin.sin_port = htons((uint16_t)port);
		sa = (struct sockaddr *)&sin;
	} else if (inet_pton(AF_INET6, bind_addr, &sin6.sin6_addr) == 1) {
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons((uint16_t)port);
		sa = (struct sockaddr *)&sin6;
		flags |= MHD_USE_IPv6;
	} else {
		log_err("bad bind address %s", bind_addr);
		goto out;
	}

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (pthread_sigmask(SIG_BLOCK, &set, &old))
		goto out;
	masked = 1;
	signal(SIGPIPE, SIG_IGN);

	/* The socket is bound here, before any thread exists, so that the sandbox
	 * (Landlock and no_new_privs hold per thread, for the threads made after) covers
	 * MHD's workers and the scheduler, which start after it. */
	lfd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(lfd, sa, sa->sa_family == AF_INET ? sizeof(sin) : sizeof(sin6)) ||
	    listen(lfd, 512)) {
		log_err("cannot listen on %s:%d: %s", bind_addr, port, strerror(errno));
		goto out;
	}
	if (sandbox_enter(o->user, server_data_dir, server_web_dir) != 0) {
		log_err("cannot restrict the server's privileges: stopping");
		goto out;
	}
	if (o->start_workers && o->start_workers() != 0)
		log_warn("background work (the scheduler) did not start");
	if (offload_start(threads < 2 ? 2 : threads) != 0)
		log_warn("no writer pool: writes run on the HTTP workers");
	d = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, server_access, NULL,
			     MHD_OPTION_EXTERNAL_LOGGER, server_mhd_log, NULL,
			     MHD_OPTION_LISTEN_SOCKET, lfd,
			     MHD_OPTION_THREAD_POOL_SIZE, threads,
			     MHD_OPTION_CONNECTION_LIMIT, SERVER_CONN_PER_THREAD * threads,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVER_TIMEOUT_SECONDS,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVER_POOL,
			     MHD_OPTION_NOTIFY_COMPLETED, server_completed, NULL,
			     MHD_OPTION_UNESCAPE_CALLBACK, server_unescape, NULL,
			     MHD_OPTION_URI_LOG_CALLBACK, server_uri_first, NULL,
			     MHD_OPTION_NOTIFY_CONNECTION, server_notify_connection, NULL,
			     MHD_OPTION_PER_IP_CONNECTION_LIMIT,
			     (unsigned)(o->trust_proxy ? 0 : SERVER_PER_IP_CONNECTIONS),
			     MHD_OPTION_END);
	if (!d) {
		log_err("cannot listen on %s:%d", bind_addr, port);
		goto out;
	}
	lfd = -1;	/* MHD's now */
	if (o->banner) {
		printf("%s\n", o->banner);
		fflush(stdout);
	}
	atomic_store(&watch_stop, 0);
	if (pthread_create(&watch_thread, NULL, watch_main, NULL) == 0)
		watch_running = 1;
	else
		log_warn("cannot start the header-deadline watchdog");
	log_info("anjian %s listening on http://%s:%d (%u threads)", ANJIAN_VERSION, bind_addr,
		 port, threads);
	for (;;) {
		if (sigwait(&set, &sig) == 0 && (sig == SIGTERM || sig == SIGINT))
			break;
	}
	log_info("signal %d: finishing in-flight requests", sig);
	MHD_quiesce_daemon(d);
	offload_stop();		/* runs the queued writes: no connection stays suspended */
	MHD_stop_daemon(d);	/* joins the workers after their requests end */
	d = NULL;
	if (watch_running) {
		atomic_store(&watch_stop, 1);
		pthread_join(watch_thread, NULL);
		watch_running = 0;
	}
	db_thread_close();
	db_thread_close_all();
	log_info("stopped");
	rc = 0;
out:
	if (d) {
		offload_stop();
		MHD_stop_daemon(d);
	}
	if (lfd >= 0)
		close(lfd);
	if (masked)
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}
