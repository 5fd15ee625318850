/*
 * idempotency.c — replayable writes: the Idempotency-Key request header (table
 * idem_request, migration 0009).
 *
 * An offline phone's queue (web/src/utils/offlineQueue.js) sends each saved change
 * when the network returns; when the answer is lost on the way back it cannot know
 * whether the server stored the change, so it sends it again. With a key the second
 * request is not run again: the server answers it with the first one's answer. This
 * is the core form of what the public report does with its idempotency_key
 * (report_pub.c), for every logged-in POST/PUT/DELETE — an inspection result, a
 * photo upload, finishing an inspection.
 *
 *   - the key is the client's: 16..64 of [A-Za-z0-9_-]; it belongs to the user (the
 *     same key from another user is another key); only its SHA-256 is stored;
 *   - the first request with a key claims it (a row with status 0, by INSERT … ON
 *     CONFLICT DO NOTHING, so of two racing requests exactly one runs — also across
 *     server processes), runs, and keeps its answer when it succeeded (2xx, JSON);
 *     a refusal or a failure releases the key, so the same request may be tried
 *     again (a 503, a 409 the user resolves first);
 *   - the same key again: the kept answer (status and body, header
 *     Idempotent-Replayed: true); while the first still runs, 409 idempotency_busy
 *     (try again later); with another method, path, query or body, 422
 *     idempotency_mismatch (a client bug: nothing is run);
 *   - a claim older than IDEM_STALE seconds without an answer (the process died in
 *     between) is given up; answers are kept for IDEM_KEEP seconds.
 * Requests without the header are untouched.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "http.h"
#include "../core/util.h"
#include "../db/db.h"

/* IDEM_STALE, IDEM_KEEP, IDEM_MAX_BODY and the key's length: http.h (the OpenAPI
 * document states them too). */

/* 1 if s is a key: 16..64 of [A-Za-z0-9_-] (a UUID qualifies). */
static int idem_key_ok(const char *s)
{
	size_t n = strlen(s);

	return n >= IDEM_KEY_MIN && n <= IDEM_KEY_MAX &&
	       strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

static void idem_fold_query(void *ctx, const char *k, const char *v)
{
	crypto_hash_sha256_state *h = ctx;

	crypto_hash_sha256_update(h, (const unsigned char *)k, strlen(k) + 1);
	crypto_hash_sha256_update(h, (const unsigned char *)(v ? v : ""), (v ? strlen(v) : 0) + 1);
}

/* The request's fingerprint: method, path, query and body (or the uploaded file). */
static void idem_fingerprint(struct req *r, char out[65])
{
	crypto_hash_sha256_state h;
	unsigned char d[crypto_hash_sha256_BYTES];
	char head[32];

	crypto_hash_sha256_init(&h);
	snprintf(head, sizeof(head), "%d\n", (int)r->method);
	crypto_hash_sha256_update(&h, (const unsigned char *)head, strlen(head));
	crypto_hash_sha256_update(&h, (const unsigned char *)r->path, strlen(r->path) + 1);
	req_query_each(r, idem_fold_query, &h);
	crypto_hash_sha256_update(&h, (const unsigned char *)"\n", 1);
	if (r->upload_path)
		crypto_hash_sha256_update(&h, (const unsigned char *)r->upload_sha256,
					  strlen(r->upload_sha256));
	else if (r->body)
		crypto_hash_sha256_update(&h, (const unsigned char *)r->body, r->body_len);
	crypto_hash_sha256_final(&h, d);
	for (size_t i = 0; i < sizeof(d); i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* Claims the key: 1 claimed, 0 taken already, -1 error. Purges old answers first. */
static int idem_claim(struct req *r, struct idem *im, int64_t now)
{
	struct db_stmt *st = db_prepare(r->db, "DELETE FROM idem_request WHERE created_at < ?");
	int rc = -1;

	if (!st || db_bind_int64(st, 1, now - IDEM_KEEP) || db_step(st) != DB_DONE)
		goto out;
	db_finalize(st);
	st = db_prepare(r->db, "INSERT INTO idem_request (user_id, key_hash, fingerprint, status,"
			       " created_at) VALUES (?, ?, ?, 0, ?) ON CONFLICT (user_id, key_hash) DO NOTHING");
	if (!st || db_bind_int64(st, 1, r->user->id) || db_bind_text(st, 2, im->hash) ||
	    db_bind_text(st, 3, im->fp) || db_bind_int64(st, 4, now) || db_step(st) != DB_DONE)
		goto out;
	rc = db_changes(st) == 1;
out:
	db_finalize(st);
	return rc;
}

/* Gives up a claim (status 0) made at created. 0 ok, -1 error. */
static int idem_release(struct req *r, const struct idem *im, int64_t created)
{
	struct db_stmt *st = db_prepare(r->db, created ?
		"DELETE FROM idem_request WHERE user_id = ? AND key_hash = ? AND status = 0 AND created_at = ?" :
		"DELETE FROM idem_request WHERE user_id = ? AND key_hash = ? AND status = 0");
	int rc = -1;

	if (st && !db_bind_int64(st, 1, r->user->id) && !db_bind_text(st, 2, im->hash) &&
	    (!created || !db_bind_int64(st, 3, created)) && db_step(st) == DB_DONE)
		rc = 0;
	db_finalize(st);
	return rc;
}

/* Answers from the row of a key already taken: 1 answered, 0 the row is gone (try
 * the claim again), -1 error. */
static int idem_answer(struct req *r, struct resp *s, const struct idem *im, int64_t now)
{
	struct db_stmt *st = db_prepare(r->db, "SELECT fingerprint, status, content_type, body, created_at"
					       " FROM idem_request WHERE user_id = ? AND key_hash = ?");
	int rc = -1, step, status;
	int64_t created;

	if (!st || db_bind_int64(st, 1, r->user->id) || db_bind_text(st, 2, im->hash))
		goto out;
	step = db_step(st);
	if (step != DB_ROW) {
		rc = step == DB_DONE ? 0 : -1;
		goto out;
	}
	status = (int)db_col_int64(st, 1);
	created = db_col_int64(st, 4);
	if (strcmp(db_col_text(st, 0) ? db_col_text(st, 0) : "", im->fp) != 0) {
		http_error(s, 422, "idempotency_mismatch", "该提交标识（Idempotency-Key）已用于另一请求",
			   "idempotency_key");
		rc = 1;
	} else if (status == 0 && created >= now - IDEM_STALE) {
		http_error(s, 409, "idempotency_busy", "该提交正在处理，请稍后再试", NULL);
		resp_header(r, s, "Retry-After", "2");
		rc = 1;
	} else if (status == 0) {
		/* the first request never answered (its process died): give it up */
		db_finalize(st);
		return idem_release(r, im, created) < 0 ? -1 : 0;
	} else {
		const char *ct = db_col_text(st, 2), *body = db_col_text(st, 3);
		s->status = status;
		s->content_type = ct ? arena_strdup(&r->arena, ct) : NULL;
		buf_reset(&s->body);
		if (body && buf_puts(&s->body, body) != 0)
			goto out;
		resp_header(r, s, "Idempotent-Replayed", "true");
		rc = 1;
	}
out:
	db_finalize(st);
	return rc;
}

int idem_begin(struct req *r, struct resp *s, struct idem *im)
{
	const char *key = req_header(r, "Idempotency-Key");
	int64_t now = (int64_t)now_utc();

	im->active = 0;
	if (!key || !r->user || r->method == HTTP_GET || r->method == HTTP_HEAD)
		return 0;
	if (!idem_key_ok(key)) {
		http_error(s, 400, "validation", "提交标识（Idempotency-Key）须为16至64位字母、数字、下划线或连字符",
			   "idempotency_key");
		return 1;
	}
	sha256_hex(key, strlen(key), im->hash);
	idem_fingerprint(r, im->fp);
	for (int round = 0; round < 3; round++) {
		int rc = idem_claim(r, im, now);
		if (rc == 1) {
			im->active = 1;
			return 0;
		}
		if (rc == 0)
			rc = idem_answer(r, s, im, now);
		if (rc == 1)
			return 1;
		if (rc < 0)
			break;
	}
	log_err("idempotency: %s", db_errmsg(r->db));
	http_internal(s);
	return 1;
}

void idem_end(struct req *r, struct resp *s, struct idem *im)
{
	const char *ct = s->content_type;
	struct db_stmt *st;
	int keep;

	if (!im->active)
		return;
	im->active = 0;
	keep = s->status >= 200 && s->status < 300 && !s->file_path && !buf_failed(&s->body) &&
	       s->body.len <= IDEM_MAX_BODY && (!ct || strstr(ct, "json")) &&
	       memchr(s->body.p ? s->body.p : "", '\0', s->body.len) == NULL;
	if (!keep) {
		if (idem_release(r, im, 0) < 0)
			log_err("idempotency release: %s", db_errmsg(r->db));
		return;
	}
	st = db_prepare(r->db, "UPDATE idem_request SET status = ?, content_type = ?, body = ?"
			       " WHERE user_id = ? AND key_hash = ?");
	if (!st || db_bind_int64(st, 1, s->status) || db_bind_text(st, 2, ct) ||
	    db_bind_textn(st, 3, s->body.p ? s->body.p : "", s->body.len) ||
	    db_bind_int64(st, 4, r->user->id) || db_bind_text(st, 5, im->hash) || db_step(st) != DB_DONE)
		log_err("idempotency keep: %s", db_errmsg(r->db));
	db_finalize(st);
}
