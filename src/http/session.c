/*
 * session.c — cookie sessions and the /api/auth endpoints (API.md "Auth").
 *
 * A session is a random 32-byte token sent to the browser in the HttpOnly,
 * SameSite=Strict cookie anjian_session; the database keeps only its SHA-256 (a
 * stolen database copy holds no usable token) together with the CSRF token the
 * front end must echo in X-Anjian-CSRF on every state-changing request. A session
 * idles out after SESSION_IDLE_SECONDS without a request; last_seen is written at
 * most once a minute so reads do not turn into writes.
 *
 * Login spends one argon2id verification whether or not the user exists (against a
 * dummy hash), so response time does not reveal user names, and unknown names are
 * answered exactly as known ones (401, then 429 on the same counts).
 *
 * Guessing is throttled, never locked (issue 14 finding 5: a lock let anyone shut any
 * account, the admin's included, with five requests). Each attempt first claims one
 * attempt on its keys (throttle.c; the waits are src/rules/throttle.h):
 *   - from a browser that has logged in as this user before (the anjian_device
 *     cookie, OWASP "device cookies"): only that device's key — failures from
 *     elsewhere never slow the real user's own browser down;
 *   - otherwise the name from this address (5 free, then 1 s, 2 s … up to 15 min),
 *     the name from anywhere (10 free, same waits: a distributed guesser gets one
 *     try per 15 minutes) and the address over all names (50 free: spraying).
 * A refused attempt is 429 `throttled` with Retry-After and no password check. The
 * claims are atomic (compare-and-set), so parallel guesses each spend one. The
 * password change checks the old password under the same kind of key.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "http.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../entity/entity.h"
#include "../mod/mod.h"
#include "../rules/throttle.h"

#define SESSION_TOUCH_SECONDS 60	/* last_seen is rewritten at most this often */
#define LOGIN_MAX_FIELD 256		/* longer user names / passwords never match */
#define DEVICE_COOKIE "anjian_device"
#define DEVICE_MAX_AGE (180 * 86400)	/* a device unused this long is forgotten */
#define THROTTLE_CAP (15 * 60)

/* The keys of one login attempt and their free attempts (see the file comment). */
enum { TK_DEVICE, TK_NAME_ADDR, TK_NAME, TK_ADDR, TK_N };
static const int64_t throttle_free[TK_N] = { 5, 5, 10, 50 };

/* ---------------------------------------------------------------- SQL */

static const char SQL_SESSION_LOAD[] =
	"SELECT s.user_id, s.csrf, s.last_seen, u.username, u.name, u.role, u.org_id,"
	" u.active, o.name, o.path, o.kind"
	" FROM session s JOIN users u ON u.id = s.user_id JOIN org o ON o.id = u.org_id"
	" WHERE s.token_hash = ?";
static const char SQL_SESSION_DELETE[] = "DELETE FROM session WHERE token_hash = ?";
static const char SQL_SESSION_TOUCH[] = "UPDATE session SET last_seen = ? WHERE token_hash = ?";
static const char SQL_SESSION_INSERT[] =
	"INSERT INTO session (token_hash, user_id, csrf, created_at, last_seen) VALUES (?, ?, ?, ?, ?)";
static const char SQL_SESSION_PURGE[] = "DELETE FROM session WHERE last_seen < ?";
static const char SQL_LOGIN_USER[] =
	"SELECT id, password_hash, active FROM users WHERE username = ?";
static const char SQL_DEVICE_USER[] = "SELECT user_id FROM login_device WHERE token_hash = ?";
static const char SQL_DEVICE_INSERT[] =
	"INSERT INTO login_device (token_hash, user_id, created_at, last_used) VALUES (?, ?, ?, ?)";
static const char SQL_DEVICE_TOUCH[] = "UPDATE login_device SET last_used = ? WHERE token_hash = ?";
static const char SQL_DEVICE_PURGE[] = "DELETE FROM login_device WHERE last_used < ?";
static const char SQL_USER_NAME[] = "SELECT username FROM users WHERE id = ?";
static const char SQL_USER_PHONE[] = "SELECT phone FROM users WHERE id = ?";
static const char SQL_USER_HASH[] = "SELECT password_hash FROM users WHERE id = ?";

/* ---------------------------------------------------------------- helpers */

/* Runs sql binding text a (and b when non-NULL); 0 ok, -1 error. */
static int session_exec_text(struct db *db, const char *sql, const char *a, const char *b)
{
	struct db_stmt *st = db_prepare(db, sql);
	int rc = -1;

	if (!st)
		goto out;
	if (db_bind_text(st, 1, a) || (b && db_bind_text(st, 2, b)))
		goto out;
	if (db_step(st) < 0)
		goto out;
	rc = 0;
out:
	if (rc)
		log_err("session: %s", db_errmsg(db));
	db_finalize(st);
	return rc;
}

/* Runs sql binding the integers a and b (b only when nb == 2); 0 ok, -1 error. */
static int session_exec_int(struct db *db, const char *sql, int64_t a, int64_t b, int nb)
{
	struct db_stmt *st = db_prepare(db, sql);
	int rc = -1;

	if (!st)
		goto out;
	if (db_bind_int64(st, 1, a) || (nb == 2 && db_bind_int64(st, 2, b)))
		goto out;
	if (db_step(st) < 0)
		goto out;
	rc = 0;
out:
	if (rc)
		log_err("session: %s", db_errmsg(db));
	db_finalize(st);
	return rc;
}

/* 1 if s is exactly n lower-case hex digits. */
static int session_is_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[n] == '\0';
}

/* ---------------------------------------------------------------- loading */

/*
 * Each worker thread remembers the last SC_SLOTS sessions it loaded, stamped with
 * db_data_version() read before the load (as the list totals are, list.c): a
 * remembered session is used only while no transaction has committed anywhere since,
 * so a logout, a password change or a deactivated user elsewhere is seen at once.
 * It is also never used once its touch is due (SESSION_TOUCH_SECONDS), which keeps
 * the idle expiry exact. A list page's session join and SHA-256 were 4 % of it.
 */
#define SC_SLOTS 16

struct sc_entry {
	struct db *db;			/* connection the stamp belongs to */
	char token[65];			/* the cookie's token; "" free */
	char version[DB_VERSION_MAX];
	int64_t last_seen;
	struct user u;			/* strings point into blob */
	char *blob;			/* malloc'd */
};
struct sc_cache {
	struct sc_entry e[SC_SLOTS];
	int next;
};

static void sc_entry_clear(struct sc_entry *e)
{
	free(e->blob);
	sodium_memzero(e, sizeof(*e));
}

static void sc_free(void *v)
{
	struct sc_cache *c = v;

	for (int i = 0; i < SC_SLOTS; i++)
		sc_entry_clear(&c->e[i]);
	free(c);
}

static struct thread_obj sc_obj = THREAD_OBJ(sizeof(struct sc_cache), sc_free);

static struct sc_cache *sc_cache(void)
{
	return thread_obj(&sc_obj);
}

/* The remembered session of token on db still valid at version and now, or NULL. */
static const struct sc_entry *sc_find(struct db *db, const char *token, const char *version,
				      int64_t now)
{
	struct sc_cache *c = sc_cache();

	for (int i = 0; i < SC_SLOTS; i++) {
		const struct sc_entry *e = &c->e[i];

		if (e->db == db && e->token[0] == token[0] &&
		    sodium_memcmp(e->token, token, 64) == 0 && !strcmp(e->version, version) &&
		    now >= e->last_seen && now - e->last_seen < SESSION_TOUCH_SECONDS)
			return e;
	}
	return NULL;
}

/* Copies s into *p (advanced) and returns the copy. */
static const char *sc_put(char **p, const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = *p;

	memcpy(d, s, n);
	*p += n;
	return d;
}

/* Remembers u, loaded for token at version (last_seen as stored). */
static void sc_remember(struct db *db, const char *token, const char *version,
			int64_t last_seen, const struct user *u)
{
	struct sc_cache *c = sc_cache();
	const char *str[] = { u->username, u->name, u->org_name, u->org_path, u->org_kind,
			      u->csrf, u->session_hash };
	struct sc_entry *e = NULL;
	size_t n = 0;
	char *p;

	for (int i = 0; i < SC_SLOTS && !e; i++)
		if (c->e[i].token[0] && sodium_memcmp(c->e[i].token, token, 64) == 0)
			e = &c->e[i];	/* the same session, older stamp */
	if (!e) {
		e = &c->e[c->next];
		c->next = (c->next + 1) % SC_SLOTS;
	}
	sc_entry_clear(e);
	for (size_t i = 0; i < ARRAY_SIZE(str); i++)
		n += strlen(str[i]) + 1;
	p = e->blob = xmalloc(n);
	e->u = *u;
	e->u.username = sc_put(&p, u->username);
	e->u.name = sc_put(&p, u->name);
	e->u.org_name = sc_put(&p, u->org_name);
	e->u.org_path = sc_put(&p, u->org_path);
	e->u.org_kind = sc_put(&p, u->org_kind);
	e->u.csrf = sc_put(&p, u->csrf);
	e->u.session_hash = sc_put(&p, u->session_hash);
	e->db = db;
	memcpy(e->token, token, 64);
	e->token[64] = '\0';
	snprintf(e->version, sizeof(e->version), "%s", version);
	e->last_seen = last_seen;
}

/* A copy of the remembered user in the request's arena. */
static struct user *sc_user(struct req *r, const struct user *from)
{
	struct user *u = arena_alloc(&r->arena, sizeof(*u));

	*u = *from;
	u->username = arena_strdup(&r->arena, from->username);
	u->name = arena_strdup(&r->arena, from->name);
	u->org_name = arena_strdup(&r->arena, from->org_name);
	u->org_path = arena_strdup(&r->arena, from->org_path);
	u->org_kind = arena_strdup(&r->arena, from->org_kind);
	u->csrf = arena_strdup(&r->arena, from->csrf);
	u->session_hash = arena_strdup(&r->arena, from->session_hash);
	return u;
}

/* Writes the session's last_seen now (see session_load). */
void session_touch(struct req *r)
{
	struct db_stmt *t;

	if (!r->touch_due || !r->user || !r->user->session_hash)
		return;
	r->touch_due = 0;
	t = db_prepare(r->db, SQL_SESSION_TOUCH);
	if (!t || db_bind_int64(t, 1, (int64_t)now_utc()) ||
	    db_bind_text(t, 2, r->user->session_hash) || db_step(t) < 0)
		log_warn("session: touch failed: %s", db_errmsg(r->db));
	db_finalize(t);
}

/* Loads r->user from the session cookie (see http.h). */
int session_load(struct req *r)
{
	const char *token = req_cookie(r, SESSION_COOKIE);
	const struct sc_entry *known;
	struct db_stmt *st = NULL;
	char hash[65], version[DB_VERSION_MAX];
	struct user *u;
	int64_t last_seen, now;
	int rc = -1, step, have_version;

	r->user = NULL;
	if (!token || !session_is_hex(token, 64))
		return 0;
	if (!r->db)
		return -1;
	now = (int64_t)now_utc();
	have_version = db_data_version(r->db, version) == 0;
	if (have_version && (known = sc_find(r->db, token, version, now)) != NULL) {
		r->user = sc_user(r, &known->u);
		return 0;
	}
	sha256_hex(token, 64, hash);
	st = db_prepare(r->db, SQL_SESSION_LOAD);
	if (!st || db_bind_text(st, 1, hash))
		goto out;
	step = db_step(st);
	if (step == DB_DONE) {
		rc = 0;
		goto out;
	}
	if (step != DB_ROW)
		goto out;
	last_seen = db_col_int64(st, 2);
	if (now - last_seen > SESSION_IDLE_SECONDS) {
		db_finalize(st);
		st = NULL;
		/* inside a read snapshot (touch_later) nothing is written: the row goes
		 * with the next login's purge */
		rc = r->touch_later ? 0 : session_exec_text(r->db, SQL_SESSION_DELETE, hash, NULL);
		goto out;
	}
	if (!db_col_int64(st, 7) || role_parse(db_col_text(st, 5)) == ROLE_NONE) {
		rc = 0;
		goto out;
	}
	u = arena_alloc(&r->arena, sizeof(*u));
	u->id = db_col_int64(st, 0);
	u->csrf = arena_strdup(&r->arena, db_col_text(st, 1));
	u->username = arena_strdup(&r->arena, db_col_text(st, 3));
	u->name = arena_strdup(&r->arena, db_col_text(st, 4));
	u->role = role_parse(db_col_text(st, 5));
	u->org_id = db_col_int64(st, 6);
	u->org_name = arena_strdup(&r->arena, db_col_text(st, 8));
	u->org_path = arena_strdup(&r->arena, db_col_text(st, 9));
	u->org_kind = arena_strdup(&r->arena, db_col_text(st, 10));
	u->session_hash = arena_strdup(&r->arena, hash);
	db_finalize(st);
	st = NULL;
	if (now - last_seen >= SESSION_TOUCH_SECONDS) {
		/* written, so not remembered: the next request loads it again and is
		 * stamped after this commit */
		r->user = u;
		r->touch_due = 1;
		if (!r->touch_later)
			session_touch(r);
	} else if (have_version && u->csrf && u->username && u->name && u->org_name &&
		   u->org_path && u->org_kind) {
		sc_remember(r->db, token, version, last_seen, u);
	}
	r->user = u;
	rc = 0;
out:
	if (rc)
		log_err("session: load: %s", db_errmsg(r->db));
	db_finalize(st);
	return rc;
}

/* ---------------------------------------------------------------- login */

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[crypto_pwhash_STRBYTES];

/* Makes the hash verified for unknown users (so they cost the same time). */
static void session_dummy_init(void)
{
	char pw[33];

	random_hex(pw, 16);
	if (password_hash(pw, dummy_hash))
		BUG("session: cannot hash the dummy password");
}

/* The string member k of the request body, or NULL when absent or not a string. */
static const char *session_body_str(struct req *r, const char *k)
{
	json_t *v = json_object_get(r->json, k);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Writes {"ok":true}; returns 200. */
static int session_ok(struct resp *s)
{
	struct jw w;

	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kbool(&w, "ok", 1);
	jw_obj_end(&w);
	return 200;
}

/* Creates a session for user_id and sets the cookie. 0 ok, -1 error. */
static int session_create(struct req *r, struct resp *s, int64_t user_id)
{
	char token[65], hash[65], csrf[33];
	struct db_stmt *st = NULL;
	int64_t now = (int64_t)now_utc();
	int rc = -1;

	random_hex(token, 32);
	random_hex(csrf, 16);
	sha256_hex(token, 64, hash);
	/* Idle sessions of everyone are swept here, the one place sessions are made. */
	if (session_exec_int(r->db, SQL_SESSION_PURGE, now - SESSION_IDLE_SECONDS, 0, 1))
		goto out;
	st = db_prepare(r->db, SQL_SESSION_INSERT);
	if (!st || db_bind_text(st, 1, hash) || db_bind_int64(st, 2, user_id) ||
	    db_bind_text(st, 3, csrf) || db_bind_int64(st, 4, now) || db_bind_int64(st, 5, now) ||
	    db_step(st) < 0) {
		log_err("session: create: %s", db_errmsg(r->db));
		goto out;
	}
	resp_header(r, s, "Set-Cookie",
		    arena_printf(&r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s",
				 SESSION_COOKIE, token, http_secure_request(r) ? "; Secure" : ""));
	rc = 0;
out:
	sodium_memzero(token, sizeof(token));
	db_finalize(st);
	return rc;
}

/* Answers a throttled attempt: 429 with Retry-After and the wait in words. */
static int session_throttled(struct req *r, struct resp *s, int64_t retry)
{
	char wait[32];

	if (retry < 1)
		retry = 1;
	throttle_wait_text(retry, wait);
	resp_header(r, s, "Retry-After", arena_printf(&r->arena, "%lld", (long long)retry));
	return http_error(s, 429, "throttled",
			  arena_printf(&r->arena, "尝试次数过多，请%s后再试", wait), NULL);
}

/* The user id of the request's anjian_device cookie (0 if none or unknown); its
 * SHA-256 in hash. -1 error. */
static int64_t session_device(struct req *r, char hash[65])
{
	const char *tok = req_cookie(r, DEVICE_COOKIE);
	int64_t uid = 0;

	hash[0] = '\0';
	if (!tok || !session_is_hex(tok, 64))
		return 0;
	sha256_hex(tok, 64, hash);
	{
		struct db_stmt *st = db_prepare(r->db, SQL_DEVICE_USER);
		int step;

		if (!st || db_bind_text(st, 1, hash)) {
			db_finalize(st);
			return -1;
		}
		step = db_step(st);
		if (step == DB_ROW)
			uid = db_col_int64(st, 0);
		db_finalize(st);
		if (step < 0)
			return -1;
	}
	return uid;
}

/* After a successful login: a known device is touched, else a new one is made and
 * its cookie set (path /api/auth only: no other request carries it). 0 ok, -1. */
static int session_device_remember(struct req *r, struct resp *s, int64_t user_id,
				   const char *known_hash)
{
	char token[65], hash[65];
	int64_t now = (int64_t)now_utc();
	struct db_stmt *st;
	int ok;

	if (session_exec_int(r->db, SQL_DEVICE_PURGE, now - DEVICE_MAX_AGE, 0, 1))
		return -1;
	if (known_hash) {
		st = db_prepare(r->db, SQL_DEVICE_TOUCH);
		ok = st && !db_bind_int64(st, 1, now) && !db_bind_text(st, 2, known_hash) &&
		     db_step(st) == DB_DONE;
		db_finalize(st);
		return ok ? 0 : -1;
	}
	random_hex(token, 32);
	sha256_hex(token, 64, hash);
	st = db_prepare(r->db, SQL_DEVICE_INSERT);
	ok = st && !db_bind_text(st, 1, hash) && !db_bind_int64(st, 2, user_id) &&
	     !db_bind_int64(st, 3, now) && !db_bind_int64(st, 4, now) && db_step(st) == DB_DONE;
	db_finalize(st);
	if (ok)
		resp_header(r, s, "Set-Cookie",
			    arena_printf(&r->arena, "%s=%s; Path=/api/auth; Max-Age=%d; HttpOnly;"
					 " SameSite=Strict%s", DEVICE_COOKIE, token, DEVICE_MAX_AGE,
					 http_secure_request(r) ? "; Secure" : ""));
	sodium_memzero(token, sizeof(token));
	return ok ? 0 : -1;
}

/*
 * POST /api/auth/login {"username","password"} (public, no CSRF token). Throttled as
 * the file comment says; an unknown name, an inactive user and a wrong password all
 * answer 401 bad_credentials after one argon2id verification; 429 throttled when a
 * key of the attempt is waiting.
 */
static int auth_login(struct req *r, struct resp *s)
{
	const char *username = session_body_str(r, "username");
	const char *password = session_body_str(r, "password");
	const char *ip = r->remote_ip ? r->remote_ip : "";
	struct db_stmt *st = NULL;
	const char *stored = NULL, *keys[TK_N] = { NULL };
	char devhash[65];
	int64_t id = 0, dev_user, retry = 0, now = (int64_t)now_utc();
	int active = 0, found = 0, ok, step, rc, t;

	if (!username || !*username) {
		rc = http_error(s, 400, "validation", "请输入用户名", "username");
		goto out;
	}
	if (!password || !*password) {
		rc = http_error(s, 400, "validation", "请输入密码", "password");
		goto out;
	}
	if (strlen(username) > LOGIN_MAX_FIELD) {
		rc = http_error(s, 400, "validation", "用户名过长", "username");
		goto out;
	}
	pthread_once(&dummy_once, session_dummy_init);
	st = db_prepare(r->db, SQL_LOGIN_USER);
	if (!st || db_bind_text(st, 1, username))
		goto fail;
	step = db_step(st);
	if (step < 0)
		goto fail;
	if (step == DB_ROW) {
		found = 1;
		id = db_col_int64(st, 0);
		stored = arena_strdup(&r->arena, db_col_text(st, 1));
		active = (int)db_col_int64(st, 2);
	}
	db_finalize(st);
	st = NULL;
	dev_user = session_device(r, devhash);
	if (dev_user < 0)
		goto fail;
	if (found && dev_user == id) {
		keys[TK_DEVICE] = arena_printf(&r->arena, "d:%s", devhash);
	} else {
		keys[TK_NAME_ADDR] = arena_printf(&r->arena, "ua:%s|%s", username, ip);
		keys[TK_NAME] = arena_printf(&r->arena, "u:%s", username);
		keys[TK_ADDR] = arena_printf(&r->arena, "a:%s", ip);
	}
	for (t = 0; t < TK_N; t++)
		if (keys[t] && (rc = throttle_check(r->db, keys[t], now, &retry)) != 0) {
			if (rc < 0)
				goto fail;
			rc = session_throttled(r, s, retry);
			goto out;
		}
	for (t = 0; t < TK_N; t++)
		if (keys[t] && (rc = throttle_claim(r->db, keys[t], throttle_free[t], THROTTLE_CAP,
						    now, &retry)) != 0) {
			if (rc < 0)
				goto fail;
			log_info("login: %s from %s throttled", username, ip);
			rc = session_throttled(r, s, retry);
			goto out;
		}
	ok = crypto_pwhash_str_verify(found && stored ? stored : dummy_hash, password,
				      strlen(password) <= LOGIN_MAX_FIELD ? strlen(password) : 0) == 0;
	if (strlen(password) > LOGIN_MAX_FIELD)
		ok = 0;
	if (!found || !active || !ok) {
		rc = http_error(s, 401, "bad_credentials", "用户名或密码错误", NULL);
		goto out;
	}
	/* a hash of earlier parameters (PASSWORD_MEMLIMIT) is replaced now that the
	 * password is known; a failure keeps the old one, which still verifies */
	if (password_needs_rehash(stored)) {
		char fresh[crypto_pwhash_STRBYTES];
		struct db_stmt *u = NULL;

		if (password_hash(password, fresh) ||
		    !(u = db_prepare(r->db, "UPDATE users SET password_hash = ? WHERE id = ?")) ||
		    db_bind_text(u, 1, fresh) || db_bind_int64(u, 2, id) || db_step(u) < 0)
			log_warn("login: rehash of user %lld failed", (long long)id);
		db_finalize(u);
		sodium_memzero(fresh, sizeof(fresh));
	}
	/* proven: the keys naming the user are cleared, the address gets its attempt back */
	for (t = 0; t < TK_N; t++)
		if (keys[t] && (t == TK_ADDR ? throttle_forgive(r->db, keys[t])
					     : throttle_clear(r->db, keys[t])))
			goto fail;
	if (r->user && r->user->session_hash)
		session_exec_text(r->db, SQL_SESSION_DELETE, r->user->session_hash, NULL);
	if (session_create(r, s, id) || throttle_purge(r->db, now) ||
	    session_device_remember(r, s, id, keys[TK_DEVICE] ? devhash : NULL))
		goto fail;
	rc = session_ok(s);
	goto out;
fail:
	rc = http_internal(s);
out:
	db_finalize(st);
	return rc;
}

int throttle_clear_user(struct db *db, int64_t user_id)
{
	struct db_stmt *st = db_prepare(db, SQL_USER_NAME);
	char key[LOGIN_MAX_FIELD + 8];
	int rc = -1;

	if (!st || db_bind_int64(st, 1, user_id) || db_step(st) != DB_ROW)
		goto out;
	snprintf(key, sizeof(key), "u:%s", db_col_text(st, 0));
	if (throttle_clear(db, key))
		goto out;
	snprintf(key, sizeof(key), "ua:%s|", db_col_text(st, 0));
	if (throttle_clear_prefix(db, key))
		goto out;
	snprintf(key, sizeof(key), "pw:%lld", (long long)user_id);
	rc = throttle_clear(db, key);
out:
	db_finalize(st);
	return rc;
}

/* POST /api/auth/logout: deletes the session and clears the cookie. */
static int auth_logout(struct req *r, struct resp *s)
{
	if (session_exec_text(r->db, SQL_SESSION_DELETE, r->user->session_hash, NULL))
		return http_internal(s);
	resp_header(r, s, "Set-Cookie",
		    arena_printf(&r->arena, SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict;"
				 " Max-Age=0%s", http_secure_request(r) ? "; Secure" : ""));
	return session_ok(s);
}

/* GET /api/auth/me: the user, the org, the role, the CSRF token, the permissions. */
static int auth_me(struct req *r, struct resp *s)
{
	struct user *u = r->user;
	struct db_stmt *st = db_prepare(r->db, SQL_USER_PHONE);
	const char *phone = NULL;
	struct jw w;
	int rc = -1;

	if (!st || db_bind_int64(st, 1, u->id) || db_step(st) < 0)
		goto out;
	phone = arena_strdup(&r->arena, db_col_text(st, 0));
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_key(&w, "user");
	jw_obj_begin(&w);
	jw_kint(&w, "id", u->id);
	jw_kstr(&w, "username", u->username);
	jw_kstr(&w, "name", u->name);
	jw_kstr(&w, "role", role_name(u->role));
	jw_kstr(&w, "role_label", role_label(u->role));
	jw_kstr(&w, "phone", phone);
	jw_obj_end(&w);
	jw_key(&w, "org");
	jw_obj_begin(&w);
	jw_kint(&w, "id", u->org_id);
	jw_kstr(&w, "name", u->org_name);
	jw_kstr(&w, "kind", u->org_kind);
	jw_obj_end(&w);
	jw_kstr(&w, "role", role_name(u->role));
	jw_kstr(&w, "csrf", u->csrf);
	jw_key(&w, "permissions");
	entity_perms_write(&w, u->role);
	jw_obj_end(&w);
	rc = 200;
out:
	db_finalize(st);
	return rc < 0 ? http_internal(s) : rc;
}

/*
 * POST /api/auth/password {"old_password","new_password"}: changes the caller's own
 * password after checking the old one, and ends the caller's other sessions (a
 * password change is how a user throws out someone who learnt the old one).
 */
static int auth_password(struct req *r, struct resp *s)
{
	const char *old_pw = session_body_str(r, "old_password");
	const char *new_pw = session_body_str(r, "new_password");
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	struct db_stmt *st = NULL;
	const char *stored, *problem, *key;
	int64_t retry = 0;
	int rc, t;

	if (!old_pw || !*old_pw) {
		rc = http_error(s, 400, "validation", "请输入原密码", "old_password");
		goto out;
	}
	if (!new_pw) {
		rc = http_error(s, 400, "validation", "请输入新密码", "new_password");
		goto out;
	}
	st = db_prepare(r->db, SQL_USER_HASH);
	if (!st || db_bind_int64(st, 1, r->user->id) || db_step(st) != DB_ROW)
		goto fail;
	stored = arena_strdup(&r->arena, db_col_text(st, 0));
	db_finalize(st);
	st = NULL;
	/* the old password is guessed no faster than a login (5 free, then waits) */
	key = arena_printf(&r->arena, "pw:%lld", (long long)r->user->id);
	t = throttle_claim(r->db, key, 5, THROTTLE_CAP, (int64_t)now_utc(), &retry);
	if (t < 0)
		goto fail;
	if (t) {
		rc = session_throttled(r, s, retry);
		goto out;
	}
	if (!stored || strlen(old_pw) > LOGIN_MAX_FIELD ||
	    crypto_pwhash_str_verify(stored, old_pw, strlen(old_pw)) != 0) {
		rc = http_error(s, 400, "validation", "原密码不正确", "old_password");
		goto out;
	}
	if (throttle_clear(r->db, key))
		goto fail;
	if (strcmp(old_pw, new_pw) == 0) {
		rc = http_error(s, 400, "validation", "新密码不能与原密码相同", "new_password");
		goto out;
	}
	problem = password_problem(new_pw, r->user->username);
	if (problem) {
		rc = http_error(s, 400, "validation", problem, "new_password");
		goto out;
	}
	if (password_set(&c, r->user->id, new_pw, r->user->session_hash, "password"))
		goto fail;
	rc = session_ok(s);
	goto out;
fail:
	log_err("auth: password change: %s", db_errmsg(r->db));
	rc = http_internal(s);
out:
	db_finalize(st);
	return rc;
}

/* ---------------------------------------------------------------- routes */

static const struct route session_routes[] = {
	{HTTP_POST, "/api/auth/login", auth_login, ROUTE_PUBLIC | ROUTE_JSON | ROUTE_NO_CSRF, 0},
	{HTTP_POST, "/api/auth/logout", auth_logout, 0, 0},
	{HTTP_GET, "/api/auth/me", auth_me, 0, 0},
	{HTTP_POST, "/api/auth/password", auth_password, ROUTE_JSON, 0},
};

/* Registers the /api/auth routes. */
void session_routes_init(void)
{
	router_add(session_routes, ARRAY_SIZE(session_routes));
}
