/*
 * throttle.c — attempt counters shared by every server process (table
 * login_throttle, migration 0008), for the login and the password change.
 *
 * A key ("ua:<name>|<ip>", "u:<name>", "a:<ip>", "d:<device>", "pw:<user id>") is
 * claimed before the password is checked, by compare-and-set on its row, so N
 * parallel guesses spend N attempts and a key past its free attempts lets exactly one
 * through per wait (src/rules/throttle.h). A success clears the keys that name the
 * user and gives back the one attempt it took from a shared key (the address).
 * Failures older than THROTTLE_DECAY seconds are forgotten.
 */
#include <string.h>

#include "http.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../rules/throttle.h"

#define THROTTLE_DECAY (24 * 3600)
#define THROTTLE_TRIES 8	/* compare-and-set rounds before giving up (as refused) */

static const char SQL_GET[] =
	"SELECT failures, next_at, updated_at FROM login_throttle WHERE key = ?";
static const char SQL_NEW[] =
	"INSERT INTO login_throttle (key, failures, next_at, updated_at) VALUES (?, 1, ?, ?)"
	" ON CONFLICT (key) DO NOTHING";
static const char SQL_CAS[] =
	"UPDATE login_throttle SET failures = ?, next_at = ?, updated_at = ?"
	" WHERE key = ? AND failures = ? AND next_at = ? AND updated_at = ?";
static const char SQL_FORGIVE[] =
	"UPDATE login_throttle SET failures = failures - 1 WHERE key = ? AND failures > 0";
static const char SQL_CLEAR[] = "DELETE FROM login_throttle WHERE key = ?";
static const char SQL_CLEAR_PREFIX[] =
	"DELETE FROM login_throttle WHERE substr(key, 1, length(?)) = ?";
static const char SQL_PURGE[] = "DELETE FROM login_throttle WHERE updated_at < ?";

/* Reads key's row: 1 found, 0 none, -1 error. */
static int throttle_get(struct db *db, const char *key, int64_t v[3])
{
	struct db_stmt *st = db_prepare(db, SQL_GET);
	int rc = -1, step;

	if (!st || db_bind_text(st, 1, key))
		goto out;
	step = db_step(st);
	if (step == DB_ROW) {
		for (int i = 0; i < 3; i++)
			v[i] = db_col_int64(st, i);
		rc = 1;
	} else if (step == DB_DONE) {
		rc = 0;
	}
out:
	if (rc < 0)
		log_err("throttle: %s", db_errmsg(db));
	db_finalize(st);
	return rc;
}

int throttle_check(struct db *db, const char *key, int64_t now, int64_t *retry)
{
	int64_t v[3];
	int rc = throttle_get(db, key, v);

	if (rc <= 0)
		return rc;
	*retry = throttle_retry(v[1], v[2], now, THROTTLE_DECAY);
	return *retry > 0;
}

int throttle_claim(struct db *db, const char *key, int64_t free, int64_t cap, int64_t now,
		   int64_t *retry)
{
	for (int round = 0; round < THROTTLE_TRIES; round++) {
		struct db_stmt *st;
		int64_t v[3], failures;
		int rc = throttle_get(db, key, v), ok;

		if (rc < 0)
			return -1;
		if (rc == 0) {
			st = db_prepare(db, SQL_NEW);
			ok = st && !db_bind_text(st, 1, key) &&
			     !db_bind_int64(st, 2, now + throttle_delay(1, free, cap)) &&
			     !db_bind_int64(st, 3, now) && db_step(st) == DB_DONE;
			rc = ok ? (int)db_changes(st) : -1;
			db_finalize(st);
			if (rc < 0)
				goto fail;
			if (rc == 1)
				return 0;
			continue;	/* someone else made the row: read it again */
		}
		failures = v[2] < now - THROTTLE_DECAY ? 0 : v[0];
		if (failures && (*retry = throttle_retry(v[1], v[2], now, THROTTLE_DECAY)) > 0)
			return 1;
		st = db_prepare(db, SQL_CAS);
		ok = st && !db_bind_int64(st, 1, failures + 1) &&
		     !db_bind_int64(st, 2, now + throttle_delay(failures + 1, free, cap)) &&
		     !db_bind_int64(st, 3, now) && !db_bind_text(st, 4, key) &&
		     !db_bind_int64(st, 5, v[0]) && !db_bind_int64(st, 6, v[1]) &&
		     !db_bind_int64(st, 7, v[2]) && db_step(st) == DB_DONE;
		rc = ok ? (int)db_changes(st) : -1;
		db_finalize(st);
		if (rc < 0)
			goto fail;
		if (rc == 1)
			return 0;
	}
	*retry = 1;	/* lost every round to parallel attempts: this one waits */
	return 1;
fail:
	log_err("throttle: %s", db_errmsg(db));
	return -1;
}

/* Runs sql with text a bound to parameters 1 (and 2 when twice). 0 ok, -1 error. */
static int throttle_exec(struct db *db, const char *sql, const char *a, int twice)
{
	struct db_stmt *st = db_prepare(db, sql);
	int rc = st && !db_bind_text(st, 1, a) && (!twice || !db_bind_text(st, 2, a)) &&
		 db_step(st) == DB_DONE ? 0 : -1;

	if (rc)
		log_err("throttle: %s", db_errmsg(db));
	db_finalize(st);
	return rc;
}

int throttle_forgive(struct db *db, const char *key)
{
	return throttle_exec(db, SQL_FORGIVE, key, 0);
}

int throttle_clear(struct db *db, const char *key)
{
	return throttle_exec(db, SQL_CLEAR, key, 0);
}

int throttle_clear_prefix(struct db *db, const char *prefix)
{
	return throttle_exec(db, SQL_CLEAR_PREFIX, prefix, 1);
}

int throttle_purge(struct db *db, int64_t now)
{
	struct db_stmt *st = db_prepare(db, SQL_PURGE);
	int rc = st && !db_bind_int64(st, 1, now - THROTTLE_DECAY) && db_step(st) == DB_DONE ? 0 : -1;

	if (rc)
		log_err("throttle: %s", db_errmsg(db));
	db_finalize(st);
	return rc;
}
