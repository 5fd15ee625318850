/*
 * report_pub.c — the public side of hazard reports (no login) and the enterprise QR
 * code (企业码, seeds/002 §三(一)2).
 *
 * Public endpoints (ROUTE_PUBLIC: the session is not needed and never used — a
 * logged-in browser is treated as anyone else, so a forged form cannot act as its
 * user):
 *   POST /api/public/upload[?keep_location=1]  multipart "file" → 201 {token, mime,
 *        size, exif_removed}. A photo (JPEG, PNG, WebP ≤ 8 MB) or a short video (MP4
 *        ≤ 20 MB), by content; a JPEG's APP1 segments (EXIF with the GPS position,
 *        XMP) are removed unless keep_location=1. The token (random, shown once)
 *        is what the report names; the file belongs to the desk until then.
 *   POST /api/public/report  {description, location, enterprise?: QR token,
 *        enterprise_name?, contact?, photos: [upload tokens], idempotency_key?}
 *        → 201 {code, status}; the same idempotency_key again → 200 the same report
 *        and code ({replayed: true}), so an offline queue sends each report once
 *   GET  /api/public/report/:code  the report's progress: state, dates, the
 *        rejection reason, whether the hazard is rectified — nothing else.
 *   GET  /api/public/ent/:token  the QR page: name, 较大/重大 risks and their
 *        controls (风险告知), emergency contacts.
 * Logged in:
 *   POST /api/hazard_report/submit  an employee's report {description, location,
 *        photos: [file ids], contact?} → 201 {id, code} (same triage, 内部奖励)
 *   GET  /api/report/qr/:id[/svg|/png]  enterprise id's QR token and URL, or the
 *        code as SVG (print) or PNG
 *   GET  /api/report/qr-resolve/:token → {enterprise_id} when the caller sees it
 *        (a regulator scanning the code goes to the enterprise's 一企一档)
 *
 * Abuse limits: per address (reports, uploads, lookups per hour), per tracking code
 * (lookups per hour) and for all addresses together (reports per hour: a flood from
 * many addresses), in a fixed table of RL_SLOTS counters (bounded memory: when full,
 * the oldest window is evicted); at most PUB_MAX_WRITES public writes run at once,
 * fewer than the server's threads (others get 503 at once, without touching the
 * database), so a flood costs logged-in users a bounded share of the workers and of
 * the write lock (bench/public_flood.sh). The limits are configuration
 * (ANJIAN_PUBLIC_LIMITS="reports,uploads,lookups,code[,all]", default
 * "10,60,120,30,600" per hour) — they are not figures of a regulation.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <qrencode.h>
#include <sodium.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "http/http.h"
#include "mod/mod.h"
#include "mod/report.h"
#include "rules/media.h"

#define RB(r) (1u << (r))
#define PUB_MAX_PHOTOS 6
#define PUB_MAX_IMAGE (8u << 20)
#define PUB_MAX_VIDEO (20u << 20)
#define PUB_MAX_WRITES 1	/* fewer than the server's threads (≥ 2) */
#define PUB_UPLOAD_TTL_HOURS 24

/* ------------------------------------------------------------ rate limits */

#define RL_SLOTS 4096
#define RL_PROBE 8
#define RL_WINDOW 3600

enum rl_kind { RL_REPORT, RL_UPLOAD, RL_LOOKUP, RL_CODE, RL_ALL_REPORTS, RL_NKINDS };

struct rl_slot {
	uint64_t key;	/* 0 = free */
	time_t start;
	uint32_t n;
};

static struct rl_slot rl_table[RL_SLOTS];
static pthread_mutex_t rl_mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned char rl_hash_key[crypto_shorthash_KEYBYTES];
static unsigned rl_limit[RL_NKINDS] = { 10, 60, 120, 30, 600 };
static atomic_int pub_writes;

static void rl_init(void)
{
	const char *s = getenv("ANJIAN_PUBLIC_LIMITS");
	unsigned v[RL_NKINDS];

	randombytes_buf(rl_hash_key, sizeof(rl_hash_key));
	int n = s ? sscanf(s, "%u,%u,%u,%u,%u", &v[0], &v[1], &v[2], &v[3], &v[4]) : 0;

	if (n >= RL_NKINDS - 1)		/* the fifth (all addresses) is optional */
		for (int i = 0; i < n; i++)
			rl_limit[i] = v[i] ? v[i] : 1;
}

/* Counts one request of kind by id (an address or a code); 1 allowed, 0 over the
 * limit of the current hour. */
static int rl_hit(enum rl_kind kind, const char *id)
{
	unsigned char h[crypto_shorthash_BYTES];
	struct buf in;
	uint64_t key;
	time_t now = time(NULL);
	struct rl_slot *use = NULL, *oldest = NULL;
	int ok = 1;

	buf_init(&in, 256);
	buf_printf(&in, "%d|%s", (int)kind, id ? id : "");
	crypto_shorthash(h, (const unsigned char *)buf_str(&in), strlen(buf_str(&in)), rl_hash_key);
	buf_release(&in);
	memcpy(&key, h, sizeof(key));
	if (!key)
		key = 1;
	pthread_mutex_lock(&rl_mu);
	for (int i = 0; i < RL_PROBE; i++) {
		struct rl_slot *sl = &rl_table[(key + (uint64_t)i) % RL_SLOTS];
		if (sl->key == key) {
			use = sl;
			break;
		}
		if (!sl->key || now - sl->start >= RL_WINDOW) {
			if (!use)
				use = sl;
		} else if (!oldest || sl->start < oldest->start) {
			oldest = sl;
		}
	}
	if (!use)
		use = oldest;
	if (use->key != key || now - use->start >= RL_WINDOW) {
		use->key = key;
		use->start = now;
		use->n = 0;
	}
	if (use->n >= rl_limit[kind])
		ok = 0;
	else
		use->n++;
	pthread_mutex_unlock(&rl_mu);
	return ok;
}

static int rl_refuse(struct req *r, struct resp *s)
{
	resp_header(r, s, "Retry-After", "3600");
	return http_error(s, 429, "rate_limited", "提交过于频繁，请一小时后再试", NULL);
}

/* Takes a public write slot; 0 when all are busy (the caller answers 503). */
static int pub_enter(void)
{
	if (atomic_fetch_add(&pub_writes, 1) >= PUB_MAX_WRITES) {
		atomic_fetch_sub(&pub_writes, 1);
		return 0;
	}
	return 1;
}

static void pub_leave(void)
{
	atomic_fetch_sub(&pub_writes, 1);
}

static int pub_busy(struct resp *s)
{
	return http_error(s, 503, "busy", "系统繁忙，请稍后再试", NULL);
}

/* ------------------------------------------------------------------ schema */

int report_pub_schema(struct db *db)
{
	static const char *const sql[] = {
		"CREATE TABLE IF NOT EXISTS report_upload (token_hash TEXT PRIMARY KEY,"
		" file_id BIGINT NOT NULL, created_at TEXT NOT NULL, used INTEGER NOT NULL DEFAULT 0)",
		"CREATE TABLE IF NOT EXISTS enterprise_qr (org_id BIGINT PRIMARY KEY,"
		" token TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)",
		"CREATE TABLE IF NOT EXISTS report_key (k TEXT PRIMARY KEY, v TEXT NOT NULL)",
		NULL
	};
	struct db_stmt *st;
	char key[65];
	int s;

	for (int i = 0; sql[i]; i++)
		if (db_exec(db, sql[i]) != 0)
			return -1;
	/* the secret the tracking codes of idempotent submissions derive from: made
	 * once per database, never output */
	random_hex(key, 32);
	st = db_prepare(db, "INSERT INTO report_key (k, v) VALUES ('code', ?) ON CONFLICT (k) DO NOTHING");
	s = st && db_bind_text(st, 1, key) == 0 ? db_step(st) : -1;
	db_finalize(st);
	sodium_memzero(key, sizeof(key));
	return s == DB_DONE ? 0 : -1;
}

/* 1 if s is an idempotency key: 16..64 of [A-Za-z0-9_-] (a UUID qualifies). */
static int pub_idem_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n >= 16 && n <= 64 &&
	       strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

/* A replay of idempotency key idem: 1 and the response written when a report with
 * it exists, 0 when none, -1 error. */
static int pub_replay(struct req *r, struct resp *s, const char *idem)
{
	char ihash[65], code[TRACK_LEN + 1], shown[TRACK_LEN + 4];
	struct db_stmt *st;
	struct jw w;
	const char *status;
	int step;

	sha256_hex(idem, strlen(idem), ihash);
	st = db_prepare(r->db, "SELECT status FROM hazard_report WHERE idem_hash = ?");
	if (!st || db_bind_text(st, 1, ihash) < 0) {
		db_finalize(st);
		return -1;
	}
	step = db_step(st);
	if (step != DB_ROW) {
		db_finalize(st);
		return step == DB_DONE ? 0 : -1;
	}
	status = arena_strdup(&r->arena, db_col_text(st, 0));
	db_finalize(st);
	if (report_idem_code(r->db, idem, code) != 0)
		return -1;
	track_format(code, shown);
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kstr(&w, "code", shown);
	jw_kstr(&w, "status", status);
	jw_kstr(&w, "status_label", wf_state_label(&report_workflow, status));
	jw_kbool(&w, "replayed", 1);
	jw_obj_end(&w);
	return 1;
}

/* ------------------------------------------------------------------ helpers */

static int64_t pub_query_id(struct db *db, const char *sql, const char *p)
{
	struct db_stmt *st = db_prepare(db, sql);
	int64_t id = 0;
	int s;

	if (!st || db_bind_text(st, 1, p) < 0) {
		db_finalize(st);
		return -1;
	}
	s = db_step(st);
	if (s == DB_ROW)
		id = db_col_int64(st, 0);
	else if (s != DB_DONE)
		id = -1;
	db_finalize(st);
	return id;
}

/* The enterprise org of a QR token; 0 unknown, -1 error. */
static int64_t pub_token_org(struct db *db, const char *token)
{
	if (!token || strlen(token) != 32 || strspn(token, "0123456789abcdef") != 32)
		return 0;
	return pub_query_id(db, "SELECT org_id FROM enterprise_qr WHERE token = ?", token);
}

const char *report_qr_token(struct ectx *c, int64_t org)
{
	struct db_stmt *st;
	char tok[33], now[20];
	const char *out = NULL;
	int s;

	st = db_prepare(c->db, "SELECT token FROM enterprise_qr WHERE org_id = ?");
	if (!st || db_bind_int64(st, 1, org) < 0) {
		db_finalize(st);
		return NULL;
	}
	s = db_step(st);
	if (s == DB_ROW)
		out = arena_strdup(c->arena, db_col_text(st, 0));
	db_finalize(st);
	if (out || s != DB_DONE)
		return out;
	random_hex(tok, 16);
	time_datetime(now_utc(), now);
	st = db_prepare(c->db, "INSERT INTO enterprise_qr (org_id, token, created_at) VALUES (?, ?, ?)"
			       " ON CONFLICT (org_id) DO NOTHING");
	if (!st || db_bind_int64(st, 1, org) < 0 || db_bind_text(st, 2, tok) < 0 ||
	    db_bind_text(st, 3, now) < 0 || db_step(st) != DB_DONE) {
		db_finalize(st);
		return NULL;
	}
	db_finalize(st);
	/* a concurrent first request may have won: read back */
	st = db_prepare(c->db, "SELECT token FROM enterprise_qr WHERE org_id = ?");
	if (st && db_bind_int64(st, 1, org) == 0 && db_step(st) == DB_ROW)
		out = arena_strdup(c->arena, db_col_text(st, 0));
	db_finalize(st);
	return out;
}

/* A one-line text input: trimmed length 1..max characters (max 0: optional, ≤ 100),
 * no markup, no control characters. Returns the value or NULL with e (field). */
static const char *pub_text(const json_t *body, const char *key, const char *label, int max,
			    int required, struct verr *e)
{
	const json_t *v = json_object_get(body, key);
	const char *s;
	size_t chars = 0;

	if (!v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v))) {
		if (required)
			verr_add(e, key, "请填写%s", label);
		return NULL;
	}
	if (!json_is_string(v)) {
		verr_add(e, key, "%s须为文字", label);
		return NULL;
	}
	s = json_string_value(v);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xC0) != 0x80)
			chars++;
		if (*p < 0x20 && *p != '\n') {
			verr_add(e, key, "%s含有不允许的控制字符", label);
			return NULL;
		}
	}
	if ((int)chars > max) {
		verr_add(e, key, "%s不能超过%d个字", label, max);
		return NULL;
	}
	if (text_has_markup(s)) {
		verr_add(e, key, "%s不能包含网页标记（如 <…>），请只写文字", label);
		return NULL;
	}
	return s;
}

/* --------------------------------------------------------- public upload */

static int pub_h_upload(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .arena = &r->arena };
	const char *keep = req_query(r, "keep_location");
	unsigned char *p = NULL;
	size_t n = 0;
	enum media_kind k;
	int removed = 0, rc;
	int64_t desk, fid;
	char tok[33], hash[65], now[20];
	struct db_stmt *st = NULL;
	struct jw w;
	FILE *f;

	if (!rl_hit(RL_UPLOAD, r->remote_ip))
		return rl_refuse(r, s);
	if (!r->upload_path || r->upload_size == 0)
		return http_error(s, 400, "validation", "请选择照片或视频", "file");
	if (r->upload_size > PUB_MAX_VIDEO)
		return http_error(s, 413, "too_large", "视频不能超过20MB", "file");
	if (!pub_enter())
		return pub_busy(s);
	f = fopen(r->upload_path, "rb");
	if (f) {
		p = xmalloc(r->upload_size);
		n = fread(p, 1, r->upload_size, f);
		fclose(f);
	}
	if (!p || n != r->upload_size) {
		rc = http_internal(s);
		goto out;
	}
	k = media_sniff(p, n);
	if (k == MEDIA_NONE) {
		rc = http_error(s, 400, "validation", "仅支持照片（JPEG、PNG、WebP）或MP4视频", "file");
		goto out;
	}
	if (!media_is_video(k) && n > PUB_MAX_IMAGE) {
		rc = http_error(s, 413, "too_large", "照片不能超过8MB", "file");
		goto out;
	}
	if (k == MEDIA_JPEG && !(keep && strcmp(keep, "1") == 0)) {
		size_t m = jpeg_strip_app1(p, n, &removed);
		if (!m) {
			rc = http_error(s, 400, "validation", "照片文件已损坏", "file");
			goto out;
		}
		n = m;
	}
	desk = report_desk_org(r->db);
	if (desk <= 0) {
		rc = http_internal(s);
		goto out;
	}
	random_hex(tok, 16);
	sha256_hex(tok, 32, hash);
	time_datetime(now_utc(), now);
	if (db_begin(r->db) != 0) {
		rc = http_internal(s);
		goto out;
	}
	fid = files_save(&c, desk, k == MEDIA_MP4 ? "随手拍视频.mp4" : "随手拍照片",
			 media_mime(k), p, n);
	st = fid > 0 ? db_prepare(r->db, "INSERT INTO report_upload (token_hash, file_id, created_at,"
				       " used) VALUES (?, ?, ?, 0)") : NULL;
	if (!st || db_bind_text(st, 1, hash) < 0 || db_bind_int64(st, 2, fid) < 0 ||
	    db_bind_text(st, 3, now) < 0 || db_step(st) != DB_DONE || db_commit(r->db) != 0) {
		db_finalize(st);
		db_rollback(r->db);
		rc = http_internal(s);
		goto out;
	}
	db_finalize(st);
	s->status = 201;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kstr(&w, "token", tok);
	jw_kstr(&w, "mime", media_mime(k));
	jw_kint(&w, "size", (int64_t)n);
	jw_kbool(&w, "exif_removed", removed > 0);
	jw_obj_end(&w);
	rc = 201;
out:
	free(p);
	pub_leave();
	return rc;
}

/* --------------------------------------------------------- public report */

/* The file ids of upload tokens (unused, of the last day), marked used. 0 ok, -1
 * with e (field photos) or a database error (500). */
static int pub_take_uploads(struct ectx *c, const json_t *tokens, json_t *ids, struct verr *e)
{
	char since[20];
	size_t i;
	json_t *v;

	time_datetime(now_utc() - PUB_UPLOAD_TTL_HOURS * 3600, since);
	json_array_foreach(tokens, i, v) {
		char hash[65];
		const char *t = json_is_string(v) ? json_string_value(v) : NULL;
		struct db_stmt *st;
		int64_t fid = 0;
		int s;

		if (!t || strlen(t) != 32) {
			verr_add(e, "photos", "照片已失效，请重新上传");
			return -1;
		}
		sha256_hex(t, 32, hash);
		st = db_prepare(c->db, "UPDATE report_upload SET used = 1 WHERE token_hash = ? AND used = 0"
				       " AND created_at >= ? RETURNING file_id");
		if (!st || db_bind_text(st, 1, hash) < 0 || db_bind_text(st, 2, since) < 0) {
			db_finalize(st);
			verr_set(e, 500, "internal", "服务器内部错误");
			return -1;
		}
		s = db_step(st);
		if (s == DB_ROW)
			fid = db_col_int64(st, 0);
		while (s == DB_ROW)
			s = db_step(st);
		db_finalize(st);
		if (s != DB_DONE) {
			verr_set(e, 500, "internal", "服务器内部错误");
			return -1;
		}
		if (!fid) {
			verr_add(e, "photos", "照片已失效，请重新上传");
			return -1;
		}
		json_array_append_new(ids, json_integer(fid));
	}
	return 0;
}

static int pub_h_report(struct req *r, struct resp *s)
{
	static const char *const keys[] = { "description", "location", "enterprise",
					    "enterprise_name", "contact", "photos",
					    "idempotency_key", NULL };
	struct ectx c = { .db = r->db, .arena = &r->arena };
	const json_t *b = r->json, *ph = json_object_get(b, "photos");
	const char *desc, *loc, *ename, *contact, *etok, *k, *idem;
	char code[TRACK_LEN + 1], shown[TRACK_LEN + 4];
	json_t *ids = NULL, *x;
	int64_t org = 0, id;
	struct verr e;
	struct jw w;
	int rc;

	if (!rl_hit(RL_REPORT, r->remote_ip))
		return rl_refuse(r, s);
	if (!rl_hit(RL_ALL_REPORTS, "*"))
		return pub_busy(s);
	verr_init(&e, &r->arena);
	json_object_foreach((json_t *)b, k, x) {
		int ok = 0;
		for (int i = 0; keys[i]; i++)
			ok |= strcmp(k, keys[i]) == 0;
		if (!ok)
			verr_add(&e, k, "未知字段: %s", k);
	}
	desc = pub_text(b, "description", "隐患描述", 1000, 1, &e);
	loc = pub_text(b, "location", "地点", 200, 1, &e);
	ename = pub_text(b, "enterprise_name", "企业名称", 100, 0, &e);
	contact = pub_text(b, "contact", "联系方式", 100, 0, &e);
	etok = json_string_value(json_object_get(b, "enterprise"));
	if (json_object_get(b, "enterprise") && !json_is_null(json_object_get(b, "enterprise")) && !etok)
		verr_add(&e, "enterprise", "企业码无效");
	if (ph && !json_is_null(ph) &&
	    (!json_is_array(ph) || json_array_size(ph) > PUB_MAX_PHOTOS))
		verr_add(&e, "photos", "最多上传6个照片或视频");
	idem = json_string_value(json_object_get(b, "idempotency_key"));
	if (json_object_get(b, "idempotency_key") && !pub_idem_ok(idem))
		verr_add(&e, "idempotency_key", "提交标识须为16至64位字母、数字、下划线或连字符");
	if (e.status)
		return verr_send(&e, s);
	if (idem) {
		/* sent again (an offline queue after a lost answer): the same report */
		rc = pub_replay(r, s, idem);
		if (rc)
			return rc < 0 ? http_internal(s) : 200;
	}
	if (!pub_enter())
		return pub_busy(s);
	if (etok && *etok) {
		org = pub_token_org(r->db, etok);
		if (org < 0) {
			rc = http_internal(s);
			goto out;
		}
		if (!org) {
			rc = http_error(s, 400, "validation", "企业码无效，请重新扫码", "enterprise");
			goto out;
		}
	}
	ids = json_array();
	if (db_begin(r->db) != 0) {
		rc = http_internal(s);
		goto out;
	}
	if ((json_is_array(ph) && pub_take_uploads(&c, ph, ids, &e) != 0) ||
	    (id = report_create_idem_tx(&c, desc, loc, org, ename, contact, ids, 0, "public", idem,
					code, &e)) < 0 ||
	    db_commit(r->db) != 0) {
		db_rollback(r->db);
		rc = e.status ? verr_send(&e, s) : http_internal(s);
		goto out;
	}
	track_format(code, shown);
	s->status = 201;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kstr(&w, "code", shown);
	jw_kstr(&w, "status", "submitted");
	jw_kstr(&w, "status_label", "待处理");
	jw_obj_end(&w);
	rc = 201;
out:
	json_decref(ids);
	pub_leave();
	return rc;
}

/* The reporter's view of a hazard's state: coarse, no internals. */
static const char *pub_progress(const char *hz_status)
{
	if (!hz_status)
		return NULL;
	if (!strcmp(hz_status, "closed") || !strcmp(hz_status, "verified"))
		return "隐患已整改完毕";
	if (!strcmp(hz_status, "dismissed"))
		return "经核查不构成隐患";
	return "隐患正在整改";
}

static int pub_h_track(struct req *r, struct resp *s)
{
	char code[TRACK_LEN + 1], shown[TRACK_LEN + 4], hash[65];
	struct db_stmt *st;
	struct jw w;
	const char *status;
	int step;

	if (!rl_hit(RL_LOOKUP, r->remote_ip))
		return rl_refuse(r, s);
	if (track_normalise(r->params[0], code) != 0)
		return http_error(s, 404, "not_found", "查询码不存在，请核对后重试", NULL);
	if (!rl_hit(RL_CODE, code))
		return rl_refuse(r, s);
	sha256_hex(code, TRACK_LEN, hash);
	st = db_prepare(r->db, "SELECT t.status, t.reported_at, t.triaged_at, t.reject_reason,"
			       " h.status, CASE WHEN o.kind = 'enterprise' THEN o.name END, t.location"
			       " FROM hazard_report t JOIN org o ON o.id = t.org_id"
			       " LEFT JOIN hazard h ON h.id = t.hazard_id WHERE t.code_hash = ?");
	if (!st || db_bind_text(st, 1, hash) < 0) {
		db_finalize(st);
		return http_internal(s);
	}
	step = db_step(st);
	if (step != DB_ROW) {
		db_finalize(st);
		return step == DB_DONE ? http_error(s, 404, "not_found", "查询码不存在，请核对后重试", NULL)
				       : http_internal(s);
	}
	track_format(code, shown);
	status = db_col_text(st, 0);
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kstr(&w, "code", shown);
	jw_kstr(&w, "status", status);
	jw_kstr(&w, "status_label", wf_state_label(&report_workflow, status));
	jw_kstr(&w, "reported_at", db_col_isnull(st, 1) ? NULL : db_col_text(st, 1));
	jw_kstr(&w, "handled_at", db_col_isnull(st, 2) ? NULL : db_col_text(st, 2));
	jw_kstr(&w, "reject_reason", db_col_isnull(st, 3) ? NULL : db_col_text(st, 3));
	jw_kstr(&w, "progress", pub_progress(db_col_isnull(st, 4) ? NULL : db_col_text(st, 4)));
	jw_kstr(&w, "enterprise", db_col_isnull(st, 5) ? NULL : db_col_text(st, 5));
	jw_kstr(&w, "location", db_col_isnull(st, 6) ? NULL : db_col_text(st, 6));
	jw_obj_end(&w);
	db_finalize(st);
	return 200;
}

/* --------------------------------------------------------- the QR page */

static const char *pub_col(struct db_stmt *st, int i)
{
	return db_col_isnull(st, i) ? NULL : db_col_text(st, i);
}

/* Writes the public card of enterprise org: name, address, risks, contacts. */
static int pub_ent_write(struct db *db, int64_t org, struct jw *w)
{
	struct db_stmt *st, *cm = NULL;
	int step, rc = -1;

	st = db_prepare(db, "SELECT e.name, e.address, e.principal_name, e.principal_phone,"
			    " e.safety_director_name, e.safety_director_phone, o.path"
			    " FROM enterprise e JOIN org o ON o.id = e.org_id WHERE e.org_id = ?");
	if (!st || db_bind_int64(st, 1, org) < 0 || db_step(st) != DB_ROW) {
		db_finalize(st);
		return -1;
	}
	jw_kstr(w, "name", pub_col(st, 0));
	jw_kstr(w, "address", pub_col(st, 1));
	jw_key(w, "contacts");
	jw_arr_begin(w);
	if (pub_col(st, 3)) {
		jw_obj_begin(w);
		jw_kstr(w, "role", "主要负责人");
		jw_kstr(w, "name", pub_col(st, 2));
		jw_kstr(w, "phone", pub_col(st, 3));
		jw_obj_end(w);
	}
	if (pub_col(st, 5)) {
		jw_obj_begin(w);
		jw_kstr(w, "role", "安全总监");
		jw_kstr(w, "name", pub_col(st, 4));
		jw_kstr(w, "phone", pub_col(st, 5));
		jw_obj_end(w);
	}
	jw_obj_begin(w);
	jw_kstr(w, "role", "应急管理部门举报电话");
	jw_kstr(w, "name", NULL);
	jw_kstr(w, "phone", "12350");
	jw_obj_end(w);
	jw_arr_end(w);
	{
		char like[512];
		snprintf(like, sizeof(like), "%s%%", pub_col(st, 6) ? pub_col(st, 6) : "/");
		db_finalize(st);
		st = db_prepare(db, "SELECT id, name, location, level, emergency_measures FROM risk_point"
				    " WHERE org_id IN (SELECT id FROM org WHERE path LIKE ?)"
				    " AND level IN ('high', 'major')"
				    " ORDER BY CASE level WHEN 'major' THEN 0 ELSE 1 END, id LIMIT 50");
		if (!st || db_bind_text(st, 1, like) < 0)
			goto out;
	}
	jw_key(w, "risks");
	jw_arr_begin(w);
	while ((step = db_step(st)) == DB_ROW) {
		const char *lv = pub_col(st, 3);
		int major = lv && !strcmp(lv, "major");
		jw_obj_begin(w);
		jw_kstr(w, "name", pub_col(st, 1));
		jw_kstr(w, "location", pub_col(st, 2));
		jw_kstr(w, "level", lv);
		jw_kstr(w, "level_label", major ? "重大风险" : "较大风险");
		jw_kstr(w, "colour", major ? "红" : "橙");
		jw_kstr(w, "emergency_measures", pub_col(st, 4));
		jw_key(w, "controls");
		jw_arr_begin(w);
		cm = db_prepare(db, "SELECT description FROM control_measure WHERE risk_point_id = ?"
				    " ORDER BY id LIMIT 20");
		if (!cm || db_bind_int64(cm, 1, db_col_int64(st, 0)) < 0)
			goto out;
		while (db_step(cm) == DB_ROW)
			jw_str(w, pub_col(cm, 0));
		db_finalize(cm);
		cm = NULL;
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	rc = step == DB_DONE ? 0 : -1;
out:
	db_finalize(cm);
	db_finalize(st);
	return rc;
}

static int pub_h_ent(struct req *r, struct resp *s)
{
	struct buf tmp;
	struct jw w;
	int64_t org;
	int rc;

	if (!rl_hit(RL_LOOKUP, r->remote_ip))
		return rl_refuse(r, s);
	org = pub_token_org(r->db, r->params[0]);
	if (org < 0)
		return http_internal(s);
	if (!org)
		return http_error(s, 404, "not_found", "企业码无效", NULL);
	/* written to a scratch buffer first so a failure half-way sends a clean 500 */
	buf_init(&tmp, 1 << 20);
	jw_init(&w, &tmp);
	jw_obj_begin(&w);
	jw_kstr(&w, "token", r->params[0]);
	rc = pub_ent_write(r->db, org, &w);
	jw_obj_end(&w);
	if (rc != 0 || buf_failed(&tmp)) {
		buf_release(&tmp);
		return http_internal(s);
	}
	resp_json(s, &w);
	jw_raw(&w, buf_str(&tmp));
	buf_release(&tmp);
	return 200;
}

/* --------------------------------------------------- employee's report */

static int emp_h_submit(struct req *r, struct resp *s)
{
	static const char *const keys[] = { "description", "location", "photos", "contact", NULL };
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena, .sys = 1 };
	const json_t *b = r->json, *ph = json_object_get(b, "photos");
	const char *desc, *loc, *contact, *k;
	char code[TRACK_LEN + 1], shown[TRACK_LEN + 4];
	int64_t ent, id;
	struct verr e;
	struct jw w;
	size_t i;
	json_t *x;

	verr_init(&e, &r->arena);
	json_object_foreach((json_t *)b, k, x) {
		int ok = 0;
		for (int j = 0; keys[j]; j++)
			ok |= strcmp(k, keys[j]) == 0;
		if (!ok)
			verr_add(&e, k, "未知字段: %s", k);
	}
	desc = pub_text(b, "description", "隐患描述", 1000, 1, &e);
	loc = pub_text(b, "location", "地点", 200, 1, &e);
	contact = pub_text(b, "contact", "联系方式", 100, 0, &e);
	if (ph && !json_is_null(ph)) {
		if (!json_is_array(ph) || json_array_size(ph) > PUB_MAX_PHOTOS)
			verr_add(&e, "photos", "最多上传6个照片或视频");
		else
			json_array_foreach(ph, i, x) {
				int vis = json_is_integer(x) ? files_visible(&c, json_integer_value(x)) : 0;
				if (vis < 0)
					return http_internal(s);
				if (!vis) {
					verr_add(&e, "photos", "所选照片不存在");
					break;
				}
			}
	}
	if (e.status)
		return verr_send(&e, s);
	ent = org_enterprise_of(r->db, r->user->org_id);
	if (ent < 0)
		return http_internal(s);
	if (!ent)
		return http_error(s, 403, "forbidden", "只有企业人员可以提交员工报告", NULL);
	if (db_begin(r->db) != 0)
		return http_internal(s);
	{
		json_t *files = ph && json_is_array(ph) ? json_incref((json_t *)ph) : json_array();
		id = report_create_tx(&c, desc, loc, ent, NULL, contact, files, r->user->id,
				      "employee", code, &e);
		json_decref(files);
	}
	if (id < 0 || db_commit(r->db) != 0) {
		db_rollback(r->db);
		return e.status ? verr_send(&e, s) : http_internal(s);
	}
	track_format(code, shown);
	s->status = 201;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kint(&w, "id", id);
	jw_kstr(&w, "code", shown);
	jw_kstr(&w, "status", "submitted");
	jw_obj_end(&w);
	return 201;
}

/* ------------------------------------------------------------- QR images */

/* The public URL of an enterprise's page: ANJIAN_PUBLIC_URL or http://<Host>. */
static const char *qr_url(struct req *r, const char *token)
{
	const char *base = getenv("ANJIAN_PUBLIC_URL"), *host = req_header(r, "Host");

	if (!base || !*base)
		base = arena_printf(&r->arena, "http://%s", host && *host && !strpbrk(host, " \"<>")
						       ? host : "127.0.0.1:8080");
	return arena_printf(&r->arena, "%s/p/e/%s", base, token);
}

/* The enterprise row id → its org, if c sees it. 0 not visible, -1 error. */
static int64_t qr_org(struct ectx *c, int64_t id)
{
	json_t *row = id ? entity_get(c, entity_find("enterprise"), id) : NULL;
	int64_t org = row ? row_int(row, "org_id") : 0;

	json_decref(row);
	return org;
}

static uint32_t png_crc_table[256];
static void png_crc_init(void)
{
	for (uint32_t n = 0; n < 256; n++) {
		uint32_t c = n;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
		png_crc_table[n] = c;
	}
}

static uint32_t png_crc(uint32_t crc, const unsigned char *p, size_t n)
{
	crc = ~crc;
	while (n--)
		crc = png_crc_table[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
	return ~crc;
}

static void be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void png_chunk(struct buf *b, const char *type, const unsigned char *data, size_t n)
{
	unsigned char h[8], c[4];
	uint32_t crc;

	be32(h, (uint32_t)n);
	memcpy(h + 4, type, 4);
	buf_add(b, (const char *)h, 8);
	if (n)
		buf_add(b, (const char *)data, n);
	crc = png_crc(0, h + 4, 4);
	crc = png_crc(crc, data, n);
	be32(c, crc);
	buf_add(b, (const char *)c, 4);
}

/* An 8-bit greyscale PNG of the code, scale px per module, 4 modules of quiet zone;
 * the image data as stored (uncompressed) deflate blocks (RFC 1950/1951). */
static void qr_png(const QRcode *q, int scale, struct buf *out)
{
	int side = (q->width + 8) * scale;
	size_t row = (size_t)side + 1, raw_n = row * (size_t)side, off = 0;
	unsigned char *raw = xmalloc(raw_n), ihdr[13];
	struct buf z;
	uint32_t a = 1, bsum = 0;

	for (int y = 0; y < side; y++) {
		int my = y / scale - 4;
		raw[off++] = 0;
		for (int x = 0; x < side; x++) {
			int mx = x / scale - 4, dark = mx >= 0 && my >= 0 && mx < q->width &&
				 my < q->width && (q->data[my * q->width + mx] & 1);
			raw[off++] = dark ? 0 : 255;
		}
	}
	buf_init(&z, raw_n + raw_n / 65535 * 5 + 64);
	buf_add(&z, "\x78\x01", 2);
	for (size_t p = 0; p < raw_n;) {
		size_t k = raw_n - p > 65535 ? 65535 : raw_n - p;
		unsigned char h[5] = { p + k == raw_n, (unsigned char)k, (unsigned char)(k >> 8),
				       (unsigned char)~k, (unsigned char)(~k >> 8) };
		buf_add(&z, (const char *)h, 5);
		buf_add(&z, (const char *)raw + p, k);
		p += k;
	}
	for (size_t i = 0; i < raw_n; i++) {
		a = (a + raw[i]) % 65521;
		bsum = (bsum + a) % 65521;
	}
	{
		unsigned char ad[4];
		be32(ad, bsum << 16 | a);
		buf_add(&z, (const char *)ad, 4);
	}
	buf_add(out, "\x89PNG\r\n\x1a\n", 8);
	be32(ihdr, (uint32_t)side);
	be32(ihdr + 4, (uint32_t)side);
	ihdr[8] = 8;	/* bit depth */
	ihdr[9] = 0;	/* greyscale */
	ihdr[10] = ihdr[11] = ihdr[12] = 0;
	png_chunk(out, "IHDR", ihdr, 13);
	png_chunk(out, "IDAT", (const unsigned char *)z.p, z.len);
	png_chunk(out, "IEND", NULL, 0);
	buf_release(&z);
	free(raw);
}

static void qr_svg(const QRcode *q, struct buf *out)
{
	int side = q->width + 8;

	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
			" shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
			"<path fill=\"#000\" d=\"", side, side, side, side);
	for (int y = 0; y < q->width; y++)
		for (int x = 0; x < q->width; x++)
			if (q->data[y * q->width + x] & 1)
				buf_printf(out, "M%d %dh1v1h-1z", x + 4, y + 4);
	buf_puts(out, "\"/></svg>\n");
}

/* GET /api/report/qr/:id, /api/report/qr/:id/svg, /api/report/qr/:id/png */
static int qr_h(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	int64_t org = qr_org(&c, req_param_id(r, 0));
	const char *tok, *url, *fmt = strrchr(r->path, '/');
	struct jw w;
	QRcode *q;

	if (org < 0)
		return http_internal(s);
	if (!org)
		return http_not_found(s);
	tok = report_qr_token(&c, org);
	if (!tok)
		return http_internal(s);
	url = qr_url(r, tok);
	if (!strcmp(fmt, "/svg") || !strcmp(fmt, "/png")) {
		q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
		if (!q)
			return http_internal(s);
		if (!strcmp(fmt, "/svg")) {
			s->content_type = "image/svg+xml";
			qr_svg(q, &s->body);
		} else {
			s->content_type = "image/png";
			qr_png(q, 8, &s->body);
		}
		QRcode_free(q);
		resp_header(r, s, "Cache-Control", "private, max-age=300");
		return 200;
	}
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kstr(&w, "token", tok);
	jw_kstr(&w, "url", url);
	jw_obj_end(&w);
	return 200;
}

/* GET /api/report/qr-resolve/:token → {enterprise_id} for a logged-in viewer. */
static int qr_h_resolve(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	int64_t org = pub_token_org(r->db, r->params[0]), id;
	int vis;
	struct jw w;

	if (org < 0)
		return http_internal(s);
	vis = org ? scope_row_visible(&c, org) : 0;
	if (vis < 0)
		return http_internal(s);
	if (!vis)
		return http_not_found(s);
	if (db_query_int64p(r->db, "SELECT id FROM enterprise WHERE org_id = ?", org, &id, 0) != 0)
		return http_internal(s);
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kint(&w, "enterprise_id", id);
	jw_obj_end(&w);
	return 200;
}

/* -------------------------------------------------------------- registry */

#define EMP_ROLES (RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL) | RB(ROLE_STAFF))
static const struct route pub_routes[] = {
	{HTTP_POST, "/api/public/upload", pub_h_upload, ROUTE_PUBLIC | ROUTE_UPLOAD, 0},
	{HTTP_POST, "/api/public/report", pub_h_report, ROUTE_PUBLIC | ROUTE_JSON, 0},
	{HTTP_GET, "/api/public/report/:code", pub_h_track, ROUTE_PUBLIC, 0},
	{HTTP_GET, "/api/public/ent/:token", pub_h_ent, ROUTE_PUBLIC, 0},
	{HTTP_POST, "/api/hazard_report/submit", emp_h_submit, ROUTE_JSON, EMP_ROLES},
	{HTTP_GET, "/api/report/qr/:id", qr_h, 0, 0},
	{HTTP_GET, "/api/report/qr/:id/svg", qr_h, 0, 0},
	{HTTP_GET, "/api/report/qr/:id/png", qr_h, 0, 0},
	{HTTP_GET, "/api/report/qr-resolve/:token", qr_h_resolve, 0, 0},
};

static const struct route_doc pub_docs[] = {
	{HTTP_POST, "/api/public/upload", "随手拍上传照片或视频（无需登录）"},
	{HTTP_POST, "/api/public/report", "提交隐患举报（无需登录），返回查询码"},
	{HTTP_GET, "/api/public/report/:code", "凭查询码查看举报处理进度（无需登录）"},
	{HTTP_GET, "/api/public/ent/:token", "企业码页面：风险告知和应急联系方式（无需登录）"},
	{HTTP_POST, "/api/hazard_report/submit", "员工提交隐患报告"},
	{HTTP_GET, "/api/report/qr/:id", "企业码的地址"},
	{HTTP_GET, "/api/report/qr/:id/svg", "企业码（SVG，用于印刷）"},
	{HTTP_GET, "/api/report/qr/:id/png", "企业码（PNG）"},
	{HTTP_GET, "/api/report/qr-resolve/:token", "由企业码找到企业（登录用户）"},
};

void report_pub_init(void)
{
	rl_init();
	png_crc_init();
	router_add(pub_routes, ARRAY_SIZE(pub_routes));
	router_doc_add(pub_docs, ARRAY_SIZE(pub_docs));
	entity_perm_register("hazard_report:submit", EMP_ROLES);
}
