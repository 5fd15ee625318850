/*
 * demo_fixture.h — a fresh database holding the demo district, for unit tests that
 * run module code in-process (tests/unit/test_workflow.c). The database is opened the
 * way `anjian serve` opens it (src/main.c open_and_migrate: db_migrate,
 * entity_schema_sync, modules_schema, after modules_init() registered everything)
 * and filled by demo_build(), so it holds the enterprises, units and accounts of
 * every role that `anjian demo` makes.
 *
 * Backends, as in test_db.c: SQLite always (a new file under /tmp); PostgreSQL when
 * PGHOST is set (the Makefile's `unit` target runs under scripts/with-postgres.sh):
 * a new schema made current through PGOPTIONS ("-c search_path=…") for the one
 * connection the test opens, dropped afterwards.
 *
 * Header-only (each unit test is one translation unit): every function is static
 * inline so a test that uses only some of them still builds with -Werror.
 */
#ifndef ANJIAN_TEST_DEMO_FIXTURE_H
#define ANJIAN_TEST_DEMO_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "http/http.h"
#include "mod/mod.h"

#define DFX_PASSWORD "pw-Test-123"

struct dfx {
	struct db *db;
	enum db_kind kind;
	char path[256];		/* SQLite file */
	char schema[64];	/* PostgreSQL schema */
};

/* Removes a SQLite file and its WAL companions. */
static inline void dfx_sqlite_unlink(const char *path)
{
	char p[300];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

/* Runs sql on a connection of its own outside any test schema (PostgreSQL). */
static inline int dfx_pg_admin(const char *sql)
{
	char *err = NULL;
	struct db *db;
	int rc;

	unsetenv("PGOPTIONS");
	db = db_open("postgres:", &err);
	if (!db) {
		fprintf(stderr, "pg admin: %s\n", err ? err : "");
		free(err);
		return -1;
	}
	rc = db_exec(db, sql);
	if (rc != DB_OK)
		fprintf(stderr, "pg admin: %s\n", db_errmsg(db));
	db_close(db);
	return rc;
}

/* Registers every module once per process (entity_register refuses a second run). */
static inline void dfx_modules_once(void)
{
	static int done;

	if (!done) {
		modules_init();
		done = 1;
	}
}

/* Opens a fresh database of kind (tag names the file or schema), brings its schema up
 * to date and builds the demo district into it. 0 ok, -1 error (printed). */
static inline int dfx_open(struct dfx *f, enum db_kind kind, const char *tag)
{
	char sql[256], opt[128], url[300];
	char *err = NULL;

	memset(f, 0, sizeof(*f));
	f->kind = kind;
	dfx_modules_once();
	if (kind == DB_SQLITE) {
		snprintf(f->path, sizeof(f->path), "/tmp/anjian-test-%s-%d.db", tag, (int)getpid());
		dfx_sqlite_unlink(f->path);
		snprintf(url, sizeof(url), "sqlite:%s", f->path);
	} else {
		snprintf(f->schema, sizeof(f->schema), "anjian_%s_%d", tag, (int)getpid());
		snprintf(sql, sizeof(sql), "SET client_min_messages = warning;"
			 " DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s", f->schema, f->schema);
		if (dfx_pg_admin(sql) != DB_OK)
			return -1;
		snprintf(opt, sizeof(opt), "-c search_path=%s", f->schema);
		setenv("PGOPTIONS", opt, 1);
		snprintf(url, sizeof(url), "postgres:");
	}
	f->db = db_open(url, &err);
	if (!f->db) {
		fprintf(stderr, "db_open(%s): %s\n", url, err ? err : "");
		free(err);
		return -1;
	}
	/* Durability is not under test: without an fsync per commit the table of
	 * thousands of committed actions runs in seconds instead of minutes. */
	if (kind == DB_SQLITE && db_exec(f->db, "PRAGMA synchronous=OFF") != DB_OK)
		return -1;
	if (db_migrate(f->db) || entity_schema_sync(f->db) || modules_schema(f->db)) {
		fprintf(stderr, "schema: %s\n", db_errmsg(f->db));
		return -1;
	}
	if (demo_build(f->db, DFX_PASSWORD) != 0) {
		fprintf(stderr, "demo_build: %s\n", db_errmsg(f->db));
		return -1;
	}
	return 0;
}

/* Closes the connection and removes the database. */
static inline void dfx_close(struct dfx *f)
{
	char sql[256];

	if (f->db)
		db_close(f->db);
	f->db = NULL;
	if (f->kind == DB_SQLITE) {
		dfx_sqlite_unlink(f->path);
	} else if (f->schema[0]) {
		/* quietly: CASCADE would list every table as a NOTICE */
		snprintf(sql, sizeof(sql), "SET client_min_messages = warning;"
			 " DROP SCHEMA IF EXISTS %s CASCADE", f->schema);
		dfx_pg_admin(sql);
	}
}

/* Fills u with the account username as the router loads it from a session (the
 * user row and its org; cf. hz_demo_user in src/mod/hazard_demo.c). Strings live in
 * arena a. 0 ok, -1 when there is no such account. */
static inline int dfx_user(struct db *db, struct arena *a, const char *username, struct user *u)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT u.id, u.name, u.role, u.org_id, o.path, o.name, o.kind FROM users u"
		" JOIN org o ON o.id = u.org_id WHERE u.username = ?");
	int rc = -1;

	memset(u, 0, sizeof(*u));
	if (!st || db_bind_text(st, 1, username) || db_step(st) != DB_ROW)
		goto out;
	u->id = db_col_int64(st, 0);
	u->username = arena_strdup(a, username);
	u->name = arena_strdup(a, db_col_text(st, 1));
	u->role = role_parse(db_col_text(st, 2));
	u->org_id = db_col_int64(st, 3);
	u->org_path = arena_strdup(a, db_col_text(st, 4));
	u->org_name = arena_strdup(a, db_col_text(st, 5));
	u->org_kind = arena_strdup(a, db_col_text(st, 6));
	rc = 0;
out:
	db_finalize(st);
	return rc;
}

/* The id of the first row of sql with one text parameter (an org by name …); 0
 * when none. */
static inline int64_t dfx_id_by(struct db *db, const char *sql, const char *param)
{
	struct db_stmt *st = db_prepare(db, sql);
	int64_t id = 0;

	if (st && db_bind_text(st, 1, param) == 0 && db_step(st) == DB_ROW)
		id = db_col_int64(st, 0);
	db_finalize(st);
	return id;
}

#endif
