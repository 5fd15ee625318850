/*
 * migrate.c — numbered schema migrations (DESIGN.md §7: a database from an older
 * version opens and upgrades).
 *
 * The database records what it has seen in
 *   schema_version(version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)
 * and db_migrate() applies, in version order, each embedded migration
 * (sql/migrations/NNNN_name.sql, see migrations.h) that is not recorded there. Each
 * migration runs in its own transaction together with the row recording it, so it
 * is applied entirely or not at all (both SQLite and PostgreSQL have transactional
 * DDL), and a failed one leaves the database at the previous version.
 *
 * Two processes may start at once against one PostgreSQL database. Every
 * transaction here therefore first takes a transaction-level advisory lock
 * (pg_advisory_xact_lock, released by COMMIT/ROLLBACK) and only then checks
 * schema_version, so the second process waits and then finds the work done. On
 * SQLite, BEGIN IMMEDIATE takes the database write lock and serialises the same way.
 *
 * Before running, the portable tokens {{PK}} {{INT}} {{REAL}} {{BLOB}} in a
 * migration are replaced by the backend's db_type_*() strings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/util.h"
#include "db/db.h"
#include "db/migrations.h"

/* The advisory lock key of anjian's migrations: "anjian" read as a big-endian
 * integer, unlikely to collide with another application's key. */
#define MIGRATE_LOCK_SQL "SELECT pg_advisory_xact_lock(107126859587950)"

static const char schema_version_sql[] =
	"CREATE TABLE IF NOT EXISTS schema_version ("
	" version INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" applied_at TEXT NOT NULL)";

/* Takes the migration lock inside the open transaction (PostgreSQL); on SQLite the
 * transaction's BEGIN IMMEDIATE already holds the write lock. 0 ok, -1 error. */
static int migrate_lock(struct db *db)
{
	if (db_kind(db) != DB_PG)
		return 0;
	if (db_exec(db, MIGRATE_LOCK_SQL) != DB_OK) {
		log_err("db: cannot take the migration lock: %s", db_errmsg(db));
		return -1;
	}
	return 0;
}

/* Returns sql with the type tokens replaced for db's backend, malloc'd (caller
 * frees), or NULL (logged) for an unknown {{token}}. */
static char *migration_expand(struct db *db, const struct migration *m)
{
	static const struct {
		const char *token;
		const char *(*type)(const struct db *);
	} tokens[] = {
		{ "{{PK}}", db_type_pk },
		{ "{{INT}}", db_type_int },
		{ "{{REAL}}", db_type_real },
		{ "{{BLOB}}", db_type_blob },
	};
	struct buf b;
	const char *p = m->sql, *t;
	char *out = NULL;
	size_t i;

	buf_init(&b, 0);
	while ((t = strstr(p, "{{"))) {
		buf_add(&b, p, (size_t)(t - p));
		for (i = 0; i < ARRAY_SIZE(tokens); i++) {
			if (!strncmp(t, tokens[i].token, strlen(tokens[i].token)))
				break;
		}
		if (i == ARRAY_SIZE(tokens)) {
			log_err("db: migration %s: unknown token %.12s", m->name, t);
			goto out;
		}
		buf_puts(&b, tokens[i].type(db));
		p = t + strlen(tokens[i].token);
	}
	buf_puts(&b, p);
	if (buf_failed(&b)) {
		log_err("db: migration %s: SQL text too long", m->name);
		goto out;
	}
	out = buf_detach(&b, NULL);
out:
	buf_release(&b);
	return out;
}

/* 1 if version is recorded in schema_version, 0 if not, -1 on error. */
static int migration_recorded(struct db *db, int version)
{
	struct db_stmt *st;
	int rc = -1, r;

	st = db_prepare(db, "SELECT 1 FROM schema_version WHERE version = ?");
	if (!st || db_bind_int64(st, 1, version) != DB_OK)
		goto out;
	r = db_step(st);
	if (r == DB_ROW)
		rc = 1;
	else if (r == DB_DONE)
		rc = 0;
out:
	db_finalize(st);
	return rc;
}

/* Records m as applied now. 0 ok, -1 error. */
static int migration_record(struct db *db, const struct migration *m)
{
	struct db_stmt *st;
	char at[20];
	int rc = -1;

	time_datetime(now_utc(), at);
	st = db_prepare(db, "INSERT INTO schema_version (version, name, applied_at)"
			    " VALUES (?, ?, ?)");
	if (!st || db_bind_int64(st, 1, m->version) != DB_OK ||
	    db_bind_text(st, 2, m->name) != DB_OK || db_bind_text(st, 3, at) != DB_OK)
		goto out;
	if (db_step(st) != DB_DONE)
		goto out;
	rc = 0;
out:
	db_finalize(st);
	return rc;
}

/* Creates schema_version if missing, under the migration lock. 0 ok, -1 error. */
static int migration_table(struct db *db)
{
	int rc = -1, in_tx = 0;

	if (db_begin(db) != DB_OK)
		goto out;
	in_tx = 1;
	if (migrate_lock(db) != 0 || db_exec(db, schema_version_sql) != DB_OK)
		goto out;
	if (db_commit(db) != DB_OK)
		goto out;
	in_tx = 0;
	rc = 0;
out:
	if (rc != 0)
		log_err("db: cannot create schema_version: %s", db_errmsg(db));
	if (in_tx)
		db_rollback(db);
	return rc;
}

/* Applies m in its own transaction unless it is already recorded.
 * 0 ok (applied or already there), -1 error (logged; nothing of m remains). */
static int migration_apply(struct db *db, const struct migration *m)
{
	char *sql = NULL;
	int rc = -1, in_tx = 0, r;

	if (db_begin(db) != DB_OK) {
		log_err("db: migration %s: cannot begin: %s", m->name, db_errmsg(db));
		goto out;
	}
	in_tx = 1;
	if (migrate_lock(db) != 0)
		goto out;
	r = migration_recorded(db, m->version);
	if (r < 0) {
		log_err("db: migration %s: cannot read schema_version: %s", m->name,
			db_errmsg(db));
		goto out;
	}
	if (r == 0) {
		sql = migration_expand(db, m);
		if (!sql)
			goto out;
		if (db_exec(db, sql) != DB_OK) {
			log_err("db: migration %s failed: %s", m->name, db_errmsg(db));
			goto out;
		}
		if (migration_record(db, m) != 0) {
			log_err("db: migration %s: cannot record it: %s", m->name,
				db_errmsg(db));
			goto out;
		}
	}
	if (db_commit(db) != DB_OK) {
		log_err("db: migration %s: commit failed: %s", m->name, db_errmsg(db));
		goto out;
	}
	in_tx = 0;
	if (r == 0)
		log_info("migration %s applied", m->name);
	rc = 0;
out:
	if (in_tx)
		db_rollback(db);
	free(sql);
	return rc;
}

/* Applies every migration of list[0..n) (ascending versions) the database has not
 * recorded. 0 ok, -1 error (logged); migrations applied before an error stay. */
int db_migrate_list(struct db *db, const struct migration *list, size_t n)
{
	size_t i;
	int have;

	for (i = 1; i < n; i++) {
		if (list[i].version <= list[i - 1].version) {
			log_err("db: migrations out of order: %s after %s", list[i].name,
				list[i - 1].name);
			return -1;
		}
	}
	if (migration_table(db) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (migration_apply(db, &list[i]) != 0)
			return -1;
	}
	have = db_schema_version(db);
	if (have < 0)
		return -1;
	if (n > 0 && have > list[n - 1].version)
		log_warn("db: database schema version %d is newer than this build's %d",
			 have, list[n - 1].version);
	return 0;
}

/* Applies the migrations embedded in the binary. */
int db_migrate(struct db *db)
{
	return db_migrate_list(db, migrations, migrations_count);
}

/* The highest applied migration version: 0 for a new database, -1 on error. */
int db_schema_version(struct db *db)
{
	int64_t v = 0;
	int r;

	r = db_has_table(db, "schema_version");
	if (r <= 0)
		return r;
	if (db_query_int64(db, "SELECT MAX(version) FROM schema_version", &v, 0) != 0)
		return -1;
	return (int)v;
}
