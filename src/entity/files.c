/*
 * files.c — attachments (DESIGN.md §6): POST /api/files and GET /api/files/:id.
 *
 * Uploads are accepted by content, never by name: JPEG, PNG, GIF, WebP, PDF, OLE2
 * (doc/xls/ppt) and OOXML zips (docx/xlsx/pptx: a zip whose central directory holds
 * "[Content_Types].xml"; word/, xl/ or ppt/ entries tell which). The bytes are stored
 * once by SHA-256 at <data>/files/<first 2 hex>/<sha256> (an atomic rename of the
 * server's temp file; a second upload of the same content just drops its temp), and
 * on PostgreSQL also in file_blob so that every server process sharing the database
 * can serve it: a process missing the local copy fetches it from file_blob once.
 * Each upload makes a file row owned by an org (?org_id=, default the user's org);
 * reading it is scoped like any row (404 out of scope).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "internal.h"
#include "../core/arena.h"
#include "../core/util.h"
#include "../db/db.h"

#define FILES_ZIP_TAIL (65536 + 22)	/* EOCD search window: max comment + record */
#define FILES_CD_MAX (4u << 20)		/* central directory bytes we read */

/* ---------------------------------------------------------- type detection */

/* Little-endian readers. */
static unsigned files_u16(const unsigned char *p) { return p[0] | (unsigned)p[1] << 8; }
static uint32_t files_u32(const unsigned char *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Reads n bytes at off; 0 ok, -1 short or error. */
static int files_pread(int fd, void *p, size_t n, off_t off)
{
	ssize_t k = pread(fd, p, n, off);

	return k == (ssize_t)n ? 0 : -1;
}

/* OOXML: finds the end of central directory record, walks the entries and returns
 * the MIME type (docx/xlsx/pptx) when "[Content_Types].xml" is there, else NULL. */
static const char *files_ooxml(int fd, off_t size)
{
	unsigned char *tail = NULL, *cd = NULL;
	size_t tn, i, pos;
	uint32_t cd_size, cd_off;
	int has_ct = 0, word = 0, xl = 0, ppt = 0;
	const char *mime = NULL;

	tn = size < FILES_ZIP_TAIL ? (size_t)size : FILES_ZIP_TAIL;
	if (tn < 22)
		return NULL;
	tail = xmalloc(tn);
	if (files_pread(fd, tail, tn, size - (off_t)tn) < 0)
		goto out;
	for (i = tn - 22 + 1; i-- > 0;)
		if (files_u32(tail + i) == 0x06054b50)
			break;
	if (i == (size_t)-1 || files_u32(tail + i) != 0x06054b50)
		goto out;
	cd_size = files_u32(tail + i + 12);
	cd_off = files_u32(tail + i + 16);
	if (cd_size == 0 || cd_size > FILES_CD_MAX || (off_t)cd_off + cd_size > size)
		goto out;
	cd = xmalloc(cd_size);
	if (files_pread(fd, cd, cd_size, cd_off) < 0)
		goto out;
	for (pos = 0; pos + 46 <= cd_size && files_u32(cd + pos) == 0x02014b50;) {
		size_t nl = files_u16(cd + pos + 28), xl_ = files_u16(cd + pos + 30),
		       cl = files_u16(cd + pos + 32);
		const char *name = (const char *)cd + pos + 46;
		if (pos + 46 + nl > cd_size)
			break;
		if (nl == 19 && memcmp(name, "[Content_Types].xml", 19) == 0)
			has_ct = 1;
		if (nl >= 5 && memcmp(name, "word/", 5) == 0)
			word = 1;
		if (nl >= 3 && memcmp(name, "xl/", 3) == 0)
			xl = 1;
		if (nl >= 4 && memcmp(name, "ppt/", 4) == 0)
			ppt = 1;
		pos += 46 + nl + xl_ + cl;
	}
	if (!has_ct)
		goto out;
	if (word)
		mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
	else if (xl)
		mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	else if (ppt)
		mime = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
out:
	free(tail);
	free(cd);
	return mime;
}

/* 1 if name ends with ext (ASCII case-insensitive). */
static int files_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), k = strlen(ext);

	return n >= k && strcasecmp(name + n - k, ext) == 0;
}

/* The MIME type of the file by its leading bytes (and, for zips, its directory);
 * NULL when the type is not allowed. The name only refines OLE2 (doc/xls/ppt share
 * one container format). */
static const char *files_detect(const char *path, const char *name)
{
	unsigned char h[16] = { 0 };
	const char *mime = NULL;
	struct stat stt;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &stt) < 0 || stt.st_size < 8 || files_pread(fd, h, stt.st_size < 16 ? 8 : 16, 0) < 0)
		goto out;
	if (h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF)
		mime = "image/jpeg";
	else if (memcmp(h, "\x89PNG\r\n\x1a\n", 8) == 0)
		mime = "image/png";
	else if (memcmp(h, "GIF87a", 6) == 0 || memcmp(h, "GIF89a", 6) == 0)
		mime = "image/gif";
	else if (stt.st_size >= 12 && memcmp(h, "RIFF", 4) == 0 && memcmp(h + 8, "WEBP", 4) == 0)
		mime = "image/webp";
	else if (memcmp(h, "%PDF-", 5) == 0)
		mime = "application/pdf";
	else if (memcmp(h, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		mime = files_ext(name, ".xls") ? "application/vnd.ms-excel" :
		       files_ext(name, ".ppt") ? "application/vnd.ms-powerpoint" :
		       "application/msword";
	else if (memcmp(h, "PK\x03\x04", 4) == 0)
		mime = files_ooxml(fd, stt.st_size);
out:
	close(fd);
	return mime;
}

/* --------------------------------------------------------------- storage */

/* <data>/files/<2 hex>/<sha256> in a; mkdir of the directories when mk. */
static const char *files_path(struct arena *a, const char *sha, int mk)
{
	const char *d = http_data_dir();

	if (mk) {
		mkdir(arena_printf(a, "%s/files", d), 0700);
		mkdir(arena_printf(a, "%s/files/%.2s", d, sha), 0700);
	}
	return arena_printf(a, "%s/files/%.2s/%s", d, sha, sha);
}

/* Writes n bytes to dest atomically (temp + rename). 0 ok, -1 error. */
static int files_write_atomic(struct arena *a, const char *dest, const void *p, size_t n)
{
	char rnd[17];
	const char *tmp;
	int fd, rc = -1;
	size_t off = 0;

	random_hex(rnd, 8);
	tmp = arena_printf(a, "%s.tmp-%s", dest, rnd);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	while (off < n) {
		ssize_t k = write(fd, (const char *)p + off, n - off);
		if (k <= 0)
			goto out;
		off += (size_t)k;
	}
	if (fsync(fd) < 0)
		goto out;
	rc = 0;
out:
	close(fd);
	if (rc == 0 && rename(tmp, dest) < 0)
		rc = -1;
	if (rc < 0)
		unlink(tmp);
	return rc;
}

/* Reads a whole file (≤ HTTP_MAX_UPLOAD) into a malloc'd buffer. */
static char *files_slurp(const char *path, size_t *n)
{
	struct stat stt;
	char *p = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &stt) == 0 && stt.st_size <= (off_t)HTTP_MAX_UPLOAD) {
		p = xmalloc((size_t)stt.st_size + 1);
		if (files_pread(fd, p, (size_t)stt.st_size, 0) < 0) {
			free(p);
			p = NULL;
		} else {
			*n = (size_t)stt.st_size;
		}
	}
	close(fd);
	return p;
}

/* Moves the upload to the content-addressed store (or drops it when the content is
 * already there). 0 ok, -1 error. */
static int files_store(struct req *r, const char *dest)
{
	size_t n = 0;
	char *p;
	int rc;

	if (access(dest, F_OK) == 0) {
		unlink(r->upload_path);
		return 0;
	}
	if (rename(r->upload_path, dest) == 0)
		return 0;
	if (errno != EXDEV)
		return -1;
	p = files_slurp(r->upload_path, &n);
	if (!p)
		return -1;
	rc = files_write_atomic(&r->arena, dest, p, n);
	free(p);
	return rc;
}

/* PostgreSQL: the bytes go to file_blob too (once per content). */
static int files_blob_put(struct db *db, const char *sha, const char *path)
{
	struct db_stmt *st = NULL;
	size_t n = 0;
	char *p = NULL;
	int rc = -1, s;
	int64_t have = 0;

	if (db_kind(db) != DB_PG)
		return 0;
	st = db_prepare(db, "SELECT COUNT(*) FROM file_blob WHERE sha256 = ?");
	if (!st || db_bind_text(st, 1, sha) < 0 || db_step(st) != DB_ROW)
		goto out;
	have = db_col_int64(st, 0);
	db_finalize(st);
	st = NULL;
	if (have) {
		rc = 0;
		goto out;
	}
	p = files_slurp(path, &n);
	if (!p)
		goto out;
	st = db_prepare(db, "INSERT INTO file_blob (sha256, data) VALUES (?, ?) "
			    "ON CONFLICT (sha256) DO NOTHING");
	if (!st || db_bind_text(st, 1, sha) < 0 || db_bind_blob(st, 2, p, n) < 0)
		goto out;
	s = db_step(st);
	rc = s == DB_DONE ? 0 : -1;
out:
	if (rc < 0)
		log_err("file_blob %s: %s", sha, db_errmsg(db));
	db_finalize(st);
	free(p);
	return rc;
}

/* A safe display name: the last path component, control characters dropped, at
 * most 200 bytes cut at a character boundary; "附件" when nothing is left. */
static const char *files_name(struct arena *a, const char *name)
{
	const char *b = name ? name : "";
	const char *sl;
	char *out;
	size_t i, j = 0, n;

	if ((sl = strrchr(b, '/')) != NULL)
		b = sl + 1;
	if ((sl = strrchr(b, '\\')) != NULL)
		b = sl + 1;
	n = strlen(b);
	out = arena_alloc(a, n + 1);
	for (i = 0; i < n && j < 200; i++)
		if ((unsigned char)b[i] >= 0x20 && b[i] != 0x7F)
			out[j++] = b[i];
	if (i < n) {
		/* cut inside a character: drop its incomplete tail */
		size_t k = j;
		while (k > 0 && ((unsigned char)out[k - 1] & 0xC0) == 0x80)
			k--;
		if (k > 0 && ((unsigned char)out[k - 1] & 0x80)) {
			unsigned char lead = (unsigned char)out[k - 1];
			size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
			if (j - (k - 1) < need)
				j = k - 1;
		}
	}
	out[j] = '\0';
	return j ? out : "附件";
}

/* The file row of content sha (n bytes, mime, display name) for org, created by
 * uid (0 = the system), and its audit row, inside the caller's transaction.
 * Returns the id, -1 on error. */
static int64_t files_row_insert(struct ectx *c, int64_t org, const char *sha, size_t n,
				const char *mime, const char *name, int64_t uid)
{
	struct db_stmt *st;
	char now[20];
	int64_t id = -1;
	json_t *after;
	int rc;

	time_datetime(now_utc(), now);
	st = db_prepare(c->db, "INSERT INTO file (org_id, sha256, size, mime, name, created_at, "
			       "updated_at, created_by, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
			       "RETURNING id");
	if (!st || db_bind_int64(st, 1, org) < 0 || db_bind_text(st, 2, sha) < 0 ||
	    db_bind_int64(st, 3, (int64_t)n) < 0 || db_bind_text(st, 4, mime) < 0 ||
	    db_bind_text(st, 5, name) < 0 || db_bind_text(st, 6, now) < 0 ||
	    db_bind_text(st, 7, now) < 0 ||
	    (uid ? db_bind_int64(st, 8, uid) : db_bind_null(st, 8)) < 0 ||
	    (uid ? db_bind_int64(st, 9, uid) : db_bind_null(st, 9)) < 0 || db_step(st) != DB_ROW) {
		db_finalize(st);
		return -1;
	}
	id = db_col_int64(st, 0);
	while ((rc = db_step(st)) == DB_ROW)
		;
	db_finalize(st);
	if (rc != DB_DONE)
		return -1;
	after = json_pack("{sI sI ss ss sI}", "id", (json_int_t)id, "org_id", (json_int_t)org,
			  "name", name, "sha256", sha, "size", (json_int_t)n);
	rc = audit_write(c, "file", id, "upload", NULL, after);
	json_decref(after);
	return rc < 0 ? -1 : id;
}

/* -------------------------------------------------------------- handlers */

/* POST /api/files?org_id=N — multipart field "file" → 201 {id,name,mime,size,sha256}. */
static int files_h_upload(struct req *r, struct resp *s)
{
	struct ectx c;
	const char *mime, *name, *dest, *q;
	char sha[65];
	int64_t org, id = -1;
	struct jw w;
	int vis, began = 0;

	ent_ctx(r, &c);
	if (!r->upload_path)
		return http_error(s, 400, "validation", "请选择要上传的文件", "file");
	if (r->upload_size == 0)
		return http_error(s, 400, "validation", "文件为空", "file");
	if (r->upload_size > HTTP_MAX_UPLOAD)
		return http_error(s, 413, "too_large", "上传文件不能超过20MB", "file");
	org = r->user->org_id;
	q = req_query(r, "org_id");
	if (q && *q) {
		org = ent_parse_id(q);
		vis = org ? scope_row_visible(&c, org) : 0;
		if (vis < 0)
			return http_internal(s);
		if (!vis)
			return http_error(s, 404, "not_found", "所选单位不存在", "org_id");
	}
	name = files_name(&r->arena, r->upload_name);
	mime = files_detect(r->upload_path, name);
	if (!mime)
		return http_error(s, 400, "validation",
				  "不支持的文件类型，仅支持图片、PDF和Office文档", "file");
	memcpy(sha, r->upload_sha256, sizeof(sha));
	sha[64] = '\0';
	if (strlen(sha) != 64) {
		size_t n = 0;
		char *p = files_slurp(r->upload_path, &n);
		if (!p)
			return http_internal(s);
		sha256_hex(p, n, sha);
		free(p);
	}
	dest = files_path(&r->arena, sha, 1);
	if (files_store(r, dest) < 0) {
		log_err("files: store %s: %s", dest, strerror(errno));
		return http_internal(s);
	}
	if (db_begin(c.db) < 0)
		return http_internal(s);
	began = 1;
	if (files_blob_put(c.db, sha, dest) < 0)
		goto fail;
	id = files_row_insert(&c, org, sha, r->upload_size, mime, name, r->user->id);
	if (id < 0 || db_commit(c.db) < 0)
		goto fail;
	s->status = 201;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kint(&w, "id", id);
	jw_kstr(&w, "name", name);
	jw_kstr(&w, "mime", mime);
	jw_kint(&w, "size", (int64_t)r->upload_size);
	jw_kstr(&w, "sha256", sha);
	jw_obj_end(&w);
	return 201;
fail:
	log_err("files: upload: %s", db_errmsg(c.db));
	if (began)
		db_rollback(c.db);
	return http_internal(s);
}

/*
 * Stores bytes already in memory as a file of org (a module's own upload: the public
 * report rewrites a photo before keeping it), inside the caller's transaction: the
 * content-addressed copy, file_blob on PostgreSQL, the file row (created_by = c's
 * user or NULL for the system) and its audit row. mime has been decided by the
 * caller from the content. Returns the id, -1 on error (logged).
 */
int64_t files_save(struct ectx *c, int64_t org, const char *name, const char *mime,
		   const void *data, size_t n)
{
	const char *dest, *nm = files_name(c->arena, name);
	char sha[65];
	int64_t id;

	sha256_hex(data, n, sha);
	dest = files_path(c->arena, sha, 1);
	if (access(dest, F_OK) != 0 && files_write_atomic(c->arena, dest, data, n) < 0) {
		log_err("files: store %s: %s", dest, strerror(errno));
		return -1;
	}
	if (files_blob_put(c->db, sha, dest) < 0)
		return -1;
	id = files_row_insert(c, org, sha, n, mime, nm, c->user ? c->user->id : 0);
	if (id < 0)
		log_err("files: save: %s", db_errmsg(c->db));
	return id;
}

/* Fetches sha's bytes from file_blob into the local store. 0 ok, -1 missing/error. */
static int files_blob_get(struct req *r, const char *sha, const char *dest)
{
	struct db_stmt *st;
	const void *p;
	size_t n = 0;
	int rc = -1;

	st = db_prepare(r->db, "SELECT data FROM file_blob WHERE sha256 = ?");
	if (!st || db_bind_text(st, 1, sha) < 0 || db_step(st) != DB_ROW)
		goto out;
	p = db_col_blob(st, 0, &n);
	if (!p && n)
		goto out;
	files_path(&r->arena, sha, 1);
	rc = files_write_atomic(&r->arena, dest, p ? p : "", n);
out:
	db_finalize(st);
	return rc;
}

/* GET /api/files/:id[?download=1] */
static int files_h_get(struct req *r, struct resp *s)
{
	struct ectx c;
	struct db_stmt *st;
	int64_t id = r->nparams > 0 ? ent_parse_id(r->params[0]) : 0, org;
	const char *sha, *mime, *name, *dest, *dl;
	int vis;

	if (!id)
		return http_not_found(s);
	ent_ctx(r, &c);
	st = db_prepare(r->db, "SELECT org_id, sha256, mime, name FROM file WHERE id = ?");
	if (!st || db_bind_int64(st, 1, id) < 0) {
		db_finalize(st);
		return http_internal(s);
	}
	if (db_step(st) != DB_ROW) {
		db_finalize(st);
		return http_not_found(s);
	}
	org = db_col_int64(st, 0);
	sha = arena_strdup(&r->arena, db_col_text(st, 1));
	mime = arena_strdup(&r->arena, db_col_text(st, 2));
	name = arena_strdup(&r->arena, db_col_text(st, 3));
	db_finalize(st);
	vis = scope_row_visible(&c, org);
	if (vis < 0)
		return http_internal(s);
	if (!vis || !sha || strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64)
		return http_not_found(s);
	dest = files_path(&r->arena, sha, 0);
	if (access(dest, R_OK) != 0 && files_blob_get(r, sha, dest) < 0) {
		log_err("files: %s missing locally and in file_blob", sha);
		return http_not_found(s);
	}
	s->status = 200;
	s->content_type = mime ? mime : "application/octet-stream";
	s->file_path = dest;
	dl = req_query(r, "download");
	if (dl && strcmp(dl, "1") == 0)
		s->download_name = name ? name : "附件";
	else
		resp_header(r, s, "Content-Disposition", "inline");
	resp_header(r, s, "Cache-Control", "private, max-age=3600");
	return 200;
}

/* 1 if file id exists and its org is visible to c, 0 if not, -1 error. */
int files_visible(struct ectx *c, int64_t file_id)
{
	struct db_stmt *st = db_prepare(c->db, "SELECT org_id FROM file WHERE id = ?");
	int s;
	int64_t org;

	if (!st || db_bind_int64(st, 1, file_id) < 0) {
		db_finalize(st);
		return -1;
	}
	s = db_step(st);
	if (s != DB_ROW) {
		db_finalize(st);
		return s == DB_DONE ? 0 : -1;
	}
	org = db_col_int64(st, 0);
	db_finalize(st);
	return scope_row_visible(c, org);
}

static const struct route files_routes[] = {
	{ HTTP_POST, "/api/files", files_h_upload, ROUTE_UPLOAD, 0 },
	{ HTTP_GET, "/api/files/:id", files_h_get, 0, 0 },
};

/* Registers the file routes (before entity_routes_init). */
void files_routes_init(void)
{
	router_add(files_routes, sizeof(files_routes) / sizeof(files_routes[0]));
}
