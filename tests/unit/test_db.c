/*
 * test_db.c — the behaviours of src/db (db.h) as one table of tests, run against
 * SQLite and, when PGHOST is set (the Makefile runs unit tests under Debian's
 * pg_virtualenv), against PostgreSQL through the URL "postgres:".
 *
 * Every test gets a fresh database: SQLite a new file under /tmp, PostgreSQL a new
 * schema made current for every connection of the test through PGOPTIONS
 * ("-c search_path=…"), dropped afterwards, so reruns never see old tables. Tests
 * that need a second connection (threads, concurrent migration, reconnect) open it
 * with the same URL and so land in the same database or schema.
 *
 * Each test is named after the behaviour it asserts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "db/db.h"
#include "db/migrations.h"

/* ------------------------------------------------------------------------ */
/* Fixture: a fresh database per test                                        */
/* ------------------------------------------------------------------------ */

struct backend {
	const char *name;
	enum db_kind kind;
};

static const struct backend backend_sqlite = { "sqlite", DB_SQLITE };
static const struct backend backend_pg = { "postgres", DB_PG };
static const struct backend *cur;	/* the backend the running group tests */
static int fixture_seq;

struct fixture {
	struct db *db;
	char url[300];		/* opens this test's database */
	char path[256];		/* SQLite file */
	char schema[64];	/* PostgreSQL schema */
};

/* Removes the SQLite file and its WAL companions. */
static void sqlite_unlink(const char *path)
{
	char p[300];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

/* Runs sql on a separate connection outside the test's schema (PostgreSQL). */
static int pg_admin(const char *sql)
{
	char *err = NULL;
	struct db *db;
	int rc;

	unsetenv("PGOPTIONS");
	db = db_open("postgres:", &err);
	if (!db) {
		fprintf(stderr, "pg admin: %s\n", err);
		free(err);
		return -1;
	}
	rc = db_exec(db, sql);
	if (rc != DB_OK)
		fprintf(stderr, "pg admin: %s\n", db_errmsg(db));
	db_close(db);
	return rc;
}

/* Creates a fresh database (SQLite file or PostgreSQL schema) and opens it. */
static int fx_setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	char sql[256], opt[128];
	char *err = NULL;

	assert_non_null(fx);
	fixture_seq++;
	if (cur->kind == DB_SQLITE) {
		snprintf(fx->path, sizeof(fx->path), "/tmp/anjian-test-db-%d-%d.db",
			 (int)getpid(), fixture_seq);
		sqlite_unlink(fx->path);
		snprintf(fx->url, sizeof(fx->url), "sqlite:%s", fx->path);
	} else {
		snprintf(fx->schema, sizeof(fx->schema), "anjian_test_%d_%d",
			 (int)getpid(), fixture_seq);
		snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s",
			 fx->schema, fx->schema);
		assert_int_equal(pg_admin(sql), DB_OK);
		snprintf(opt, sizeof(opt), "-c search_path=%s", fx->schema);
		setenv("PGOPTIONS", opt, 1);
		snprintf(fx->url, sizeof(fx->url), "postgres:");
	}
	fx->db = db_open(fx->url, &err);
	if (!fx->db)
		fail_msg("db_open(%s): %s", fx->url, err);
	*state = fx;
	return 0;
}

/* Closes the test's connection and removes its database. */
static int fx_teardown(void **state)
{
	struct fixture *fx = *state;
	char sql[256];

	db_thread_close_all();
	db_thread_setup(NULL);
	db_close(fx->db);
	if (cur->kind == DB_SQLITE) {
		sqlite_unlink(fx->path);
	} else {
		snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE", fx->schema);
		pg_admin(sql);
	}
	free(fx);
	return 0;
}

/* Runs DDL after replacing {{PK}} {{INT}} {{REAL}} {{BLOB}} like migrate.c does. */
static void ddl(struct db *db, const char *sql)
{
	static const char *tok[] = { "{{PK}}", "{{INT}}", "{{REAL}}", "{{BLOB}}" };
	const char *typ[] = { db_type_pk(db), db_type_int(db), db_type_real(db),
			      db_type_blob(db) };
	char out[2048];
	size_t o = 0, i;
	const char *p = sql;

	while (*p) {
		for (i = 0; i < 4; i++) {
			if (!strncmp(p, tok[i], strlen(tok[i])))
				break;
		}
		if (i < 4) {
			assert_true(o + strlen(typ[i]) < sizeof(out));
			memcpy(out + o, typ[i], strlen(typ[i]));
			o += strlen(typ[i]);
			p += strlen(tok[i]);
		} else {
			assert_true(o + 1 < sizeof(out));
			out[o++] = *p++;
		}
	}
	out[o] = '\0';
	if (db_exec(db, out) != DB_OK)
		fail_msg("ddl: %s: %s", out, db_errmsg(db));
}

/* Returns the int64 result of a parameterless query, failing the test on error. */
static int64_t q64(struct db *db, const char *sql)
{
	int64_t v = -999;

	if (db_query_int64(db, sql, &v, -1) != 0)
		fail_msg("query %s: %s", sql, db_errmsg(db));
	return v;
}

/* Prepares sql, failing the test on error. */
static struct db_stmt *prep(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);

	if (!st)
		fail_msg("prepare %s: %s", sql, db_errmsg(db));
	return st;
}

/* Skips a test that only applies to one backend. */
#define ONLY_ON(k) do { if (cur->kind != (k)) { skip(); } } while (0)

/* ------------------------------------------------------------------------ */
/* Opening                                                                   */
/* ------------------------------------------------------------------------ */

/* Unknown schemes, an empty URL and "sqlite:" without a path are refused with a
 * message; an unopenable SQLite path too. */
static void test_open_rejects_bad_urls(void **state)
{
	static const char *bad[] = { "mysql://localhost/x", "", "sqlite:", "postgre://x",
				     "sqlite:/nonexistent-dir-anjian/x.db" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		char *err = NULL;
		struct db *db = db_open(bad[i], &err);

		assert_null(db);
		assert_non_null(err);
		assert_true(strlen(err) > 0);
		free(err);
	}
	assert_null(db_open(NULL, NULL));
}

/* The backend matches the URL; for PostgreSQL a postgresql:// URI built from the
 * PG* environment opens as well as the bare "postgres:". */
static void test_open_kind_matches_url(void **state)
{
	struct fixture *fx = *state;
	char url[512], *err = NULL;
	struct db *db;

	assert_int_equal(db_kind(fx->db), cur->kind);
	if (cur->kind != DB_PG)
		return;
	snprintf(url, sizeof(url), "postgresql://%s:%s@%s:%s/%s", getenv("PGUSER"),
		 getenv("PGPASSWORD"), getenv("PGHOST"), getenv("PGPORT"),
		 getenv("PGDATABASE"));
	db = db_open(url, &err);
	if (!db)
		fail_msg("open URI: %s", err);
	assert_int_equal(db_kind(db), DB_PG);
	assert_int_equal(q64(db, "SELECT 1"), 1);
	db_close(db);
}

/* The dialect type names are the documented ones per backend. */
static void test_type_names(void **state)
{
	struct fixture *fx = *state;

	if (cur->kind == DB_SQLITE) {
		assert_string_equal(db_type_pk(fx->db), "INTEGER PRIMARY KEY AUTOINCREMENT");
		assert_string_equal(db_type_int(fx->db), "INTEGER");
		assert_string_equal(db_type_real(fx->db), "REAL");
		assert_string_equal(db_type_blob(fx->db), "BLOB");
	} else {
		assert_string_equal(db_type_pk(fx->db), "BIGSERIAL PRIMARY KEY");
		assert_string_equal(db_type_int(fx->db), "BIGINT");
		assert_string_equal(db_type_real(fx->db), "DOUBLE PRECISION");
		assert_string_equal(db_type_blob(fx->db), "BYTEA");
	}
}

/* ------------------------------------------------------------------------ */
/* Migrations                                                                */
/* ------------------------------------------------------------------------ */

static const struct migration list_old[] = {
	{ 1, "0001_a", "CREATE TABLE t_a (id {{PK}}, n {{INT}});\n" },
};
static const struct migration list_new[] = {
	{ 1, "0001_a", "CREATE TABLE t_a (id {{PK}}, n {{INT}});\n" },
	{ 2, "0002_b", "ALTER TABLE t_a ADD COLUMN r {{REAL}};\n"
		       "CREATE TABLE t_b (id {{PK}}, data {{BLOB}});\n" },
};
static const struct migration list_bad_sql[] = {
	{ 1, "0001_a", "CREATE TABLE t_a (id {{PK}}, n {{INT}});\n" },
	{ 2, "0002_bad", "CREATE TABLE t_c (id {{PK}});\n"
			 "INSERT INTO no_such_table VALUES (1);\n" },
};
static const struct migration list_bad_token[] = {
	{ 1, "0001_a", "CREATE TABLE t_a (id {{PK}}, n {{INT}});\n" },
	{ 2, "0002_tok", "CREATE TABLE t_d (x {{NOPE}});\n" },
};
static const struct migration list_unordered[] = {
	{ 2, "0002_b", "CREATE TABLE t_b (id {{PK}});\n" },
	{ 1, "0001_a", "CREATE TABLE t_a (id {{PK}});\n" },
};

/* Migrating an empty database records every embedded migration and creates the
 * core tables. */
static void test_migrate_empty_db(void **state)
{
	static const char *tables[] = { "org", "supervision", "scope_org", "users",
					"session", "audit_log", "file", "file_blob",
					"schema_version" };
	struct fixture *fx = *state;
	size_t i;

	assert_int_equal(db_schema_version(fx->db), 0);
	assert_int_equal(db_has_table(fx->db, "schema_version"), 0);
	assert_int_equal(db_migrate(fx->db), 0);
	assert_int_equal(db_schema_version(fx->db), (int)migrations_count);
	assert_int_equal(db_schema_version(fx->db), migrations[migrations_count - 1].version);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM schema_version"),
			 (int64_t)migrations_count);
	for (i = 0; i < ARRAY_SIZE(tables); i++) {
		if (db_has_table(fx->db, tables[i]) != 1)
			fail_msg("table %s missing after migrate", tables[i]);
	}
}

/* A second migrate changes nothing: same rows, same applied_at. */
static void test_migrate_again_is_noop(void **state)
{
	struct fixture *fx = *state;
	struct db_stmt *st;
	char first[32];

	assert_int_equal(db_migrate(fx->db), 0);
	st = prep(fx->db, "SELECT applied_at FROM schema_version WHERE version = 1");
	assert_int_equal(db_step(st), DB_ROW);
	snprintf(first, sizeof(first), "%s", db_col_text(st, 0));
	db_finalize(st);
	assert_int_equal(strlen(first), 19);

	assert_int_equal(db_migrate(fx->db), 0);
	assert_int_equal(db_schema_version(fx->db), (int)migrations_count);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM schema_version"),
			 (int64_t)migrations_count);
	st = prep(fx->db, "SELECT applied_at FROM schema_version WHERE version = 1");
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), first);
	db_finalize(st);
}

/* A database made by an older build (fewer migrations) gets the later ones on the
 * next open, and keeps its data. */
static void test_migrate_upgrades_older_db(void **state)
{
	struct fixture *fx = *state;
	char *err = NULL;

	assert_int_equal(db_migrate_list(fx->db, list_old, ARRAY_SIZE(list_old)), 0);
	assert_int_equal(db_schema_version(fx->db), 1);
	assert_int_equal(db_has_column(fx->db, "t_a", "r"), 0);
	assert_int_equal(db_exec(fx->db, "INSERT INTO t_a (n) VALUES (7)"), DB_OK);
	db_close(fx->db);

	fx->db = db_open(fx->url, &err);
	if (!fx->db)
		fail_msg("reopen: %s", err);
	assert_int_equal(db_migrate_list(fx->db, list_new, ARRAY_SIZE(list_new)), 0);
	assert_int_equal(db_schema_version(fx->db), 2);
	assert_int_equal(db_has_column(fx->db, "t_a", "r"), 1);
	assert_int_equal(db_has_table(fx->db, "t_b"), 1);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM schema_version"), 2);
	assert_int_equal(q64(fx->db, "SELECT n FROM t_a"), 7);
	/* and the older list against the newer database is a no-op */
	assert_int_equal(db_migrate_list(fx->db, list_old, ARRAY_SIZE(list_old)), 0);
	assert_int_equal(db_schema_version(fx->db), 2);
}

/* With the real list: a database with only version 1 recorded gets the rest. */
static void test_migrate_real_list_from_version_1(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(db_migrate_list(fx->db, migrations, 1), 0);
	assert_int_equal(db_schema_version(fx->db), 1);
	assert_int_equal(db_migrate(fx->db), 0);
	assert_int_equal(db_schema_version(fx->db), (int)migrations_count);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM schema_version"),
			 (int64_t)migrations_count);
	assert_int_equal(db_has_table(fx->db, "users"), 1);
}

/* A failing migration is rolled back whole (its first statement's table is gone)
 * and the database stays at the previous version; so does an unknown token. */
static void test_migrate_failure_keeps_previous_version(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(db_migrate_list(fx->db, list_bad_sql, ARRAY_SIZE(list_bad_sql)), -1);
	assert_int_equal(db_schema_version(fx->db), 1);
	assert_int_equal(db_has_table(fx->db, "t_a"), 1);
	assert_int_equal(db_has_table(fx->db, "t_c"), 0);
	assert_int_equal(db_migrate_list(fx->db, list_bad_token, ARRAY_SIZE(list_bad_token)), -1);
	assert_int_equal(db_schema_version(fx->db), 1);
	assert_int_equal(db_has_table(fx->db, "t_d"), 0);
	/* the connection is still usable for a good list */
	assert_int_equal(db_migrate_list(fx->db, list_new, ARRAY_SIZE(list_new)), 0);
	assert_int_equal(db_schema_version(fx->db), 2);
}

/* A list not in ascending version order is refused before anything runs. */
static void test_migrate_refuses_unordered_list(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(db_migrate_list(fx->db, list_unordered, ARRAY_SIZE(list_unordered)), -1);
	assert_int_equal(db_has_table(fx->db, "t_a"), 0);
	assert_int_equal(db_has_table(fx->db, "t_b"), 0);
}

struct migrate_arg {
	const char *url;
	pthread_barrier_t *start;
	int rc;
};

/* Thread body: opens its own connection and migrates once the barrier opens. */
static void *migrate_thread(void *p)
{
	struct migrate_arg *a = p;
	struct db *db = db_open(a->url, NULL);

	pthread_barrier_wait(a->start);
	a->rc = db ? db_migrate(db) : -2;
	db_close(db);
	return NULL;
}

/* Two connections migrating one empty database at the same moment both succeed
 * and every migration is applied once (advisory lock / BEGIN IMMEDIATE). */
static void test_migrate_concurrent_starts(void **state)
{
	struct fixture *fx = *state;
	struct migrate_arg a[4];
	pthread_t th[4];
	pthread_barrier_t start;
	size_t i;

	pthread_barrier_init(&start, NULL, ARRAY_SIZE(a));
	for (i = 0; i < ARRAY_SIZE(a); i++) {
		a[i].url = fx->url;
		a[i].start = &start;
		a[i].rc = -3;
		assert_int_equal(pthread_create(&th[i], NULL, migrate_thread, &a[i]), 0);
	}
	for (i = 0; i < ARRAY_SIZE(a); i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&start);
	for (i = 0; i < ARRAY_SIZE(a); i++)
		assert_int_equal(a[i].rc, 0);
	assert_int_equal(db_schema_version(fx->db), (int)migrations_count);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM schema_version"),
			 (int64_t)migrations_count);
}

/* ------------------------------------------------------------------------ */
/* Binding and reading values                                                */
/* ------------------------------------------------------------------------ */

/* Text round-trips byte for byte: Chinese (3-byte UTF-8), 4-byte UTF-8 (emoji and
 * CJK Extension B), quotes and '?', the empty string (not NULL), and textn's
 * length is honoured. */
static void test_text_roundtrip(void **state)
{
	static const char *texts[] = {
		"安全生产隐患排查治理",
		"\xF0\x9F\x98\x80 \xF0\xA0\x80\x80 𠮷野家",
		"it's \"quoted\" ? -- not a comment",
		"",
	};
	struct fixture *fx = *state;
	struct db_stmt *st;
	size_t i;

	ddl(fx->db, "CREATE TABLE t (id {{PK}}, s TEXT)");
	st = prep(fx->db, "INSERT INTO t (s) VALUES (?)");
	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		assert_int_equal(db_bind_text(st, 1, texts[i]), DB_OK);
		assert_int_equal(db_step(st), DB_DONE);
		assert_int_equal(db_reset(st), DB_OK);
	}
	assert_int_equal(db_bind_textn(st, 1, "abcdef", 3), DB_OK);
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);

	st = prep(fx->db, "SELECT s FROM t ORDER BY id");
	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		assert_int_equal(db_step(st), DB_ROW);
		assert_int_equal(db_col_isnull(st, 0), 0);
		assert_non_null(db_col_text(st, 0));
		assert_string_equal(db_col_text(st, 0), texts[i]);
	}
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "abc");
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);

	/* a bound text compared in WHERE finds the row */
	st = prep(fx->db, "SELECT COUNT(*) FROM t WHERE s = ?");
	assert_int_equal(db_bind_text(st, 1, texts[1]), DB_OK);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int64(st, 0), 1);
	db_finalize(st);
}

/* 64-bit integers round-trip at the extremes, read as integers and as text. */
static void test_int64_extremes(void **state)
{
	static const int64_t vals[] = { INT64_MIN, INT64_MAX, 0, -1, (INT64_C(1) << 53) + 1 };
	struct fixture *fx = *state;
	struct db_stmt *st;
	char txt[32];
	size_t i;

	ddl(fx->db, "CREATE TABLE t (id {{PK}}, n {{INT}})");
	st = prep(fx->db, "INSERT INTO t (n) VALUES (?)");
	for (i = 0; i < ARRAY_SIZE(vals); i++) {
		assert_int_equal(db_bind_int64(st, 1, vals[i]), DB_OK);
		assert_int_equal(db_step(st), DB_DONE);
		db_reset(st);
	}
	db_finalize(st);
	st = prep(fx->db, "SELECT n FROM t ORDER BY id");
	for (i = 0; i < ARRAY_SIZE(vals); i++) {
		assert_int_equal(db_step(st), DB_ROW);
		assert_true(db_col_int64(st, 0) == vals[i]);
		snprintf(txt, sizeof(txt), "%lld", (long long)vals[i]);
		assert_string_equal(db_col_text(st, 0), txt);
	}
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);
	/* and as a bound comparison value */
	st = prep(fx->db, "SELECT COUNT(*) FROM t WHERE n = ?");
	assert_int_equal(db_bind_int64(st, 1, INT64_MIN), DB_OK);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int64(st, 0), 1);
	db_finalize(st);
}

/* Doubles round-trip exactly (PostgreSQL gets them as %.17g text). */
static void test_double_roundtrip(void **state)
{
	static const double vals[] = { 0.1, 1.0 / 3.0, 3.141592653589793, 1e-300,
				       -2.5e300, 0.0, -123456.789 };
	struct fixture *fx = *state;
	struct db_stmt *st;
	size_t i;

	ddl(fx->db, "CREATE TABLE t (id {{PK}}, x {{REAL}})");
	st = prep(fx->db, "INSERT INTO t (x) VALUES (?)");
	for (i = 0; i < ARRAY_SIZE(vals); i++) {
		assert_int_equal(db_bind_double(st, 1, vals[i]), DB_OK);
		assert_int_equal(db_step(st), DB_DONE);
		db_reset(st);
	}
	db_finalize(st);
	st = prep(fx->db, "SELECT x FROM t ORDER BY id");
	for (i = 0; i < ARRAY_SIZE(vals); i++) {
		assert_int_equal(db_step(st), DB_ROW);
		if (db_col_double(st, 0) != vals[i])
			fail_msg("double %zu: wrote %.17g read %.17g", i, vals[i],
				 db_col_double(st, 0));
	}
	db_finalize(st);
}

/* NULL bound by db_bind_null and by db_bind_text(NULL) reads back as NULL in
 * every accessor. */
static void test_null_roundtrip(void **state)
{
	struct fixture *fx = *state;
	struct db_stmt *st;
	size_t n = 99;
	int c;

	ddl(fx->db, "CREATE TABLE t (id {{PK}}, n {{INT}}, s TEXT, x {{REAL}}, b {{BLOB}})");
	st = prep(fx->db, "INSERT INTO t (n, s, x, b) VALUES (?, ?, ?, ?)");
	assert_int_equal(db_bind_null(st, 1), DB_OK);
	assert_int_equal(db_bind_text(st, 2, NULL), DB_OK);
	assert_int_equal(db_bind_textn(st, 3, NULL, 0), DB_OK);
	assert_int_equal(db_bind_null(st, 4), DB_OK);
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);

	st = prep(fx->db, "SELECT n, s, x, b FROM t");
	assert_int_equal(db_step(st), DB_ROW);
	for (c = 0; c < 4; c++) {
		assert_int_equal(db_col_isnull(st, c), 1);
		assert_null(db_col_text(st, c));
	}
	assert_int_equal(db_col_int64(st, 0), 0);
	assert_true(db_col_double(st, 2) == 0.0);
	assert_null(db_col_blob(st, 3, &n));
	assert_int_equal(n, 0);
	db_finalize(st);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM t WHERE s IS NULL AND n IS NULL"), 1);
}

/* Blobs with zero bytes, high bytes and a "\x" prefix round-trip; an empty blob
 * is empty, not NULL. */
static void test_blob_with_zero_bytes(void **state)
{
	static const unsigned char small[] = { 0x00, 0x01, 0x00, 0xff, '\\', 'x', 0x00, 0x80 };
	unsigned char all[256];
	struct fixture *fx = *state;
	struct db_stmt *st;
	const void *p;
	size_t n, i;

	for (i = 0; i < sizeof(all); i++)
		all[i] = (unsigned char)i;
	ddl(fx->db, "CREATE TABLE t (id {{PK}}, b {{BLOB}} NOT NULL)");
	st = prep(fx->db, "INSERT INTO t (b) VALUES (?)");
	assert_int_equal(db_bind_blob(st, 1, small, sizeof(small)), DB_OK);
	assert_int_equal(db_step(st), DB_DONE);
	db_reset(st);
	assert_int_equal(db_bind_blob(st, 1, all, sizeof(all)), DB_OK);
	assert_int_equal(db_step(st), DB_DONE);
	db_reset(st);
	assert_int_equal(db_bind_blob(st, 1, NULL, 0), DB_OK);
	assert_int_equal(db_step(st), DB_DONE);	/* NOT NULL holds: empty is not NULL */
	db_finalize(st);

	st = prep(fx->db, "SELECT b, b FROM t ORDER BY id");
	assert_int_equal(db_step(st), DB_ROW);
	p = db_col_blob(st, 0, &n);
	assert_int_equal(n, sizeof(small));
	assert_memory_equal(p, small, sizeof(small));
	assert_int_equal(db_step(st), DB_ROW);
	p = db_col_blob(st, 0, &n);
	assert_int_equal(n, sizeof(all));
	assert_memory_equal(p, all, sizeof(all));
	/* two columns of one row are both valid at once */
	assert_non_null(db_col_blob(st, 1, &n));
	assert_memory_equal(p, all, sizeof(all));
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_isnull(st, 0), 0);
	p = db_col_blob(st, 0, &n);
	assert_non_null(p);
	assert_int_equal(n, 0);
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);
}

/* '?' inside a string literal, a quoted identifier or a comment is not a
 * placeholder: the statement has exactly one parameter. */
static void test_placeholder_in_quotes(void **state)
{
	struct fixture *fx = *state;
	struct db_stmt *st;

	st = prep(fx->db, "SELECT 'a?b' AS \"q?\", ? AS v, 'it''s ?' AS w /* ? */ -- ?\n");
	assert_int_equal(db_bind_text(st, 1, "x"), DB_OK);
	assert_int_equal(db_bind_text(st, 2, "y"), DB_ERR);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_count(st), 3);
	assert_string_equal(db_col_name(st, 0), "q?");
	assert_string_equal(db_col_text(st, 0), "a?b");
	assert_string_equal(db_col_text(st, 1), "x");
	assert_string_equal(db_col_text(st, 2), "it's ?");
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);
}

/* db_prepare takes one statement: a second one is an error, not silently dropped. */
static void test_prepare_refuses_two_statements(void **state)
{
	struct fixture *fx = *state;
	struct db_stmt *st = db_prepare(fx->db, "SELECT 1; SELECT 2");

	if (st)
		assert_true(db_step(st) < 0);
	db_finalize(st);
	st = prep(fx->db, "SELECT 1;  -- trailing comment\n");	/* a tail of nothing is fine */
	assert_int_equal(db_step(st), DB_ROW);
	db_finalize(st);
}

/* ------------------------------------------------------------------------ */
/* Errors and transactions                                                   */
/* ------------------------------------------------------------------------ */

/* A unique violation returns DB_CONSTRAINT with a message. */
static void test_unique_violation_is_constraint(void **state)
{
	struct fixture *fx = *state;
	struct db_stmt *st;

	ddl(fx->db, "CREATE TABLE t (id {{PK}}, k TEXT NOT NULL UNIQUE)");
	st = prep(fx->db, "INSERT INTO t (k) VALUES (?)");
	assert_int_equal(db_bind_text(st, 1, "a"), DB_OK);
	assert_int_equal(db_step(st), DB_DONE);
	db_reset(st);
	assert_int_equal(db_bind_text(st, 1, "a"), DB_OK);
	assert_int_equal(db_step(st), DB_CONSTRAINT);
	assert_true(strlen(db_errmsg(fx->db)) > 0);
	db_finalize(st);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM t"), 1);
}

/* A foreign-key violation returns DB_CONSTRAINT (foreign_keys=ON on SQLite). */
static void test_foreign_key_violation_is_constraint(void **state)
{
	struct fixture *fx = *state;
	struct db_stmt *st;

	ddl(fx->db, "CREATE TABLE p (id {{PK}});"
		    "CREATE TABLE c (id {{PK}}, p_id {{INT}} REFERENCES p(id))");
	st = prep(fx->db, "INSERT INTO c (p_id) VALUES (?)");
	assert_int_equal(db_bind_int64(st, 1, 999), DB_OK);
	assert_int_equal(db_step(st), DB_CONSTRAINT);
	db_finalize(st);
}

/* Rollback discards the transaction's writes; commit keeps them. */
static void test_rollback_discards_commit_keeps(void **state)
{
	struct fixture *fx = *state;

	ddl(fx->db, "CREATE TABLE t (id {{PK}}, n {{INT}})");
	assert_int_equal(db_begin(fx->db), DB_OK);
	assert_int_equal(db_exec(fx->db, "INSERT INTO t (n) VALUES (1)"), DB_OK);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM t"), 1);
	assert_int_equal(db_rollback(fx->db), DB_OK);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM t"), 0);

	assert_int_equal(db_begin(fx->db), DB_OK);
	assert_int_equal(db_exec(fx->db, "INSERT INTO t (n) VALUES (2)"), DB_OK);
	assert_int_equal(db_commit(fx->db), DB_OK);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM t"), 1);
	/* rollback with no transaction open is harmless */
	assert_int_equal(db_rollback(fx->db), DB_OK);
}

/* After a failed statement inside a transaction, db_rollback discards everything
 * and the connection works normally again. */
static void test_failed_statement_then_rollback_leaves_usable(void **state)
{
	struct fixture *fx = *state;

	ddl(fx->db, "CREATE TABLE t (id {{PK}}, k TEXT UNIQUE)");
	assert_int_equal(db_begin(fx->db), DB_OK);
	assert_int_equal(db_exec(fx->db, "INSERT INTO t (k) VALUES ('a')"), DB_OK);
	assert_int_equal(db_exec(fx->db, "INSERT INTO t (k) VALUES ('a')"), DB_CONSTRAINT);
	assert_int_equal(db_rollback(fx->db), DB_OK);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM t"), 0);
	assert_int_equal(db_exec(fx->db, "INSERT INTO t (k) VALUES ('b')"), DB_OK);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM t"), 1);
}

/* PostgreSQL: committing a transaction an error aborted reports DB_ERR, keeps
 * nothing, and leaves the connection usable (the server would say ROLLBACK). */
static void test_pg_commit_after_error_fails(void **state)
{
	struct fixture *fx = *state;

	ONLY_ON(DB_PG);
	ddl(fx->db, "CREATE TABLE t (id {{PK}}, k TEXT UNIQUE)");
	assert_int_equal(db_begin(fx->db), DB_OK);
	assert_int_equal(db_exec(fx->db, "INSERT INTO t (k) VALUES ('a')"), DB_OK);
	assert_int_equal(db_exec(fx->db, "INSERT INTO t (k) VALUES ('a')"), DB_CONSTRAINT);
	assert_int_equal(db_commit(fx->db), DB_ERR);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM t"), 0);
}

/* ------------------------------------------------------------------------ */
/* Statements and helpers                                                    */
/* ------------------------------------------------------------------------ */

/* db_changes counts the rows of the last INSERT/UPDATE/DELETE. */
static void test_changes_counts_rows(void **state)
{
	struct fixture *fx = *state;
	struct db_stmt *st;
	int i;

	ddl(fx->db, "CREATE TABLE t (id {{PK}}, n {{INT}})");
	st = prep(fx->db, "INSERT INTO t (n) VALUES (?)");
	for (i = 1; i <= 3; i++) {
		assert_int_equal(db_bind_int64(st, 1, i), DB_OK);
		assert_int_equal(db_step(st), DB_DONE);
		assert_int_equal(db_changes(st), 1);
		db_reset(st);
	}
	db_finalize(st);
	st = prep(fx->db, "UPDATE t SET n = n + 10 WHERE n >= ?");
	assert_int_equal(db_bind_int64(st, 1, 2), DB_OK);
	assert_int_equal(db_step(st), DB_DONE);
	assert_int_equal(db_changes(st), 2);
	db_finalize(st);
	st = prep(fx->db, "DELETE FROM t");
	assert_int_equal(db_step(st), DB_DONE);
	assert_int_equal(db_changes(st), 3);
	db_finalize(st);
}

/* db_data_version: unchanged by reads, changed by a commit of this connection and
 * by a commit of another one (what the list totals and plans are stamped with). */
static void test_data_version_tracks_commits(void **state)
{
	struct fixture *fx = *state;
	char a[DB_VERSION_MAX], b[DB_VERSION_MAX];
	char *err = NULL;
	struct db *other;

	ddl(fx->db, "CREATE TABLE t (id {{PK}}, n {{INT}})");
	other = db_open(fx->url, &err);
	if (!other)
		fail_msg("second connection: %s", err);
	assert_int_equal(db_data_version(fx->db, a), 0);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM t"), 0);
	assert_int_equal(db_data_version(fx->db, b), 0);
	assert_string_equal(a, b);			/* a read changes nothing */
	assert_int_equal(db_exec(other, "INSERT INTO t (n) VALUES (1)"), DB_OK);
	assert_int_equal(db_data_version(fx->db, b), 0);
	assert_string_not_equal(a, b);			/* another connection committed */
	memcpy(a, b, sizeof(a));
	assert_int_equal(db_exec(fx->db, "INSERT INTO t (n) VALUES (2)"), DB_OK);
	assert_int_equal(db_data_version(fx->db, b), 0);
	assert_string_not_equal(a, b);			/* this connection committed */
	memcpy(a, b, sizeof(a));
	assert_int_equal(db_data_version(fx->db, b), 0);
	assert_string_equal(a, b);
	if (cur->kind == DB_SQLITE) {
		/* within a read snapshot the stamp is the snapshot's (read once); a
		 * commit elsewhere shows once the snapshot has ended */
		int snap = db_read_begin(fx->db);

		assert_int_equal(snap, 1);
		assert_int_equal(db_data_version(fx->db, a), 0);
		assert_int_equal(db_exec(other, "INSERT INTO t (n) VALUES (3)"), DB_OK);
		assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM t"), 2);	/* the snapshot */
		assert_int_equal(db_data_version(fx->db, b), 0);
		assert_string_equal(a, b);
		db_read_end(fx->db, snap);
		assert_int_equal(db_data_version(fx->db, b), 0);
		assert_string_not_equal(a, b);
		assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM t"), 3);
	}
	/* held (a read-only request): the first stamp of the hold is answered until it
	 * ends, whatever commits meanwhile; released, the stamp reads afresh */
	db_stamp_hold(fx->db, 1);
	assert_int_equal(db_data_version(fx->db, a), 0);
	assert_int_equal(db_exec(other, "INSERT INTO t (n) VALUES (4)"), DB_OK);
	assert_int_equal(db_data_version(fx->db, b), 0);
	assert_string_equal(a, b);
	db_stamp_hold(fx->db, 0);
	assert_int_equal(db_data_version(fx->db, b), 0);
	assert_string_not_equal(a, b);
	db_close(other);
}

/* db_reset clears bindings and lets the statement run again; stepping a finished
 * statement again does not re-execute it. */
static void test_reset_reruns_and_clears_bindings(void **state)
{
	struct fixture *fx = *state;
	struct db_stmt *st;

	ddl(fx->db, "CREATE TABLE t (id {{PK}}, n {{INT}})");
	st = prep(fx->db, "INSERT INTO t (n) VALUES (?)");
	assert_int_equal(db_bind_int64(st, 1, 5), DB_OK);
	assert_int_equal(db_step(st), DB_DONE);
	assert_int_equal(db_step(st), DB_DONE);	/* no second insert */
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM t"), 1);
	assert_int_equal(db_reset(st), DB_OK);
	assert_int_equal(db_step(st), DB_DONE);	/* binding cleared: inserts NULL */
	db_finalize(st);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM t"), 2);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM t WHERE n IS NULL"), 1);
	db_finalize(NULL);	/* accepted */
}

/* db_query_int64: first column of the first row; dflt for no row or NULL; -1 for
 * bad SQL. */
static void test_query_int64(void **state)
{
	struct fixture *fx = *state;
	int64_t v = 0;

	ddl(fx->db, "CREATE TABLE t (id {{PK}}, n {{INT}})");
	assert_int_equal(db_query_int64(fx->db, "SELECT n FROM t", &v, 42), 0);
	assert_int_equal(v, 42);
	assert_int_equal(db_query_int64(fx->db, "SELECT MAX(n) FROM t", &v, 43), 0);
	assert_int_equal(v, 43);
	assert_int_equal(db_query_int64(fx->db, "SELECT COUNT(*) FROM t", &v, 44), 0);
	assert_int_equal(v, 0);
	assert_int_equal(db_exec(fx->db, "INSERT INTO t (n) VALUES (7)"), DB_OK);
	assert_int_equal(db_query_int64(fx->db, "SELECT n FROM t", &v, 42), 0);
	assert_int_equal(v, 7);
	assert_int_equal(db_query_int64(fx->db, "SELECT nope FROM nowhere", &v, 0), -1);
	assert_true(strlen(db_errmsg(fx->db)) > 0);
}

/* db_has_table / db_has_column answer 1, 0, and 0 for a missing table. */
static void test_has_table_and_column(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(db_migrate(fx->db), 0);
	assert_int_equal(db_has_table(fx->db, "users"), 1);
	assert_int_equal(db_has_table(fx->db, "no_such_table"), 0);
	assert_int_equal(db_has_table(fx->db, "users_username"), 0);	/* an index */
	assert_int_equal(db_has_column(fx->db, "users", "username"), 1);
	assert_int_equal(db_has_column(fx->db, "users", "no_such_column"), 0);
	assert_int_equal(db_has_column(fx->db, "no_such_table", "id"), 0);
}

/* ------------------------------------------------------------------------ */
/* Per-thread connections                                                    */
/* ------------------------------------------------------------------------ */

struct thread_probe {
	int close_self;		/* call db_thread_close() before exiting */
	struct db *a, *b;	/* two db_thread() calls */
	int usable;		/* SELECT 1 worked */
	int count_open;		/* db_thread_count() while open */
	int count_after;	/* db_thread_count() after db_thread_close() */
};

/* Thread body: takes the thread's connection twice, uses it, maybe closes it. */
static void *thread_probe_run(void *p)
{
	struct thread_probe *t = p;
	int64_t v = 0;

	t->a = db_thread();
	t->b = db_thread();
	t->usable = t->a && db_query_int64(t->a, "SELECT 1", &v, 0) == 0 && v == 1;
	t->count_open = db_thread_count();
	if (t->close_self) {
		db_thread_close();
		t->count_after = db_thread_count();
	}
	return NULL;
}

/* db_thread() opens one connection per thread on first use and returns it again
 * after; db_thread_close() closes it, a thread exiting closes its own, and
 * db_thread_close_all() closes every one; a later db_thread() reopens. */
static void test_thread_connection_lazy_and_closed(void **state)
{
	struct fixture *fx = *state;
	struct thread_probe t1 = { 0 }, t2 = { .close_self = 1 };
	pthread_t th;
	struct db *mine;

	db_thread_setup(fx->url);
	assert_string_equal(db_thread_url(), fx->url);
	assert_int_equal(db_thread_count(), 0);	/* lazily: nothing yet */

	mine = db_thread();
	assert_non_null(mine);
	assert_ptr_equal(db_thread(), mine);
	assert_int_equal(db_thread_count(), 1);

	/* a thread that exits without closing */
	assert_int_equal(pthread_create(&th, NULL, thread_probe_run, &t1), 0);
	pthread_join(th, NULL);
	assert_non_null(t1.a);
	assert_ptr_equal(t1.a, t1.b);
	assert_ptr_not_equal(t1.a, mine);
	assert_true(t1.usable);
	assert_int_equal(t1.count_open, 2);
	assert_int_equal(db_thread_count(), 1);	/* closed at thread exit */

	/* a thread that closes its own */
	assert_int_equal(pthread_create(&th, NULL, thread_probe_run, &t2), 0);
	pthread_join(th, NULL);
	assert_true(t2.usable);
	assert_int_equal(t2.count_open, 2);
	assert_int_equal(t2.count_after, 1);
	assert_int_equal(db_thread_count(), 1);

	db_thread_close();
	assert_int_equal(db_thread_count(), 0);
	assert_non_null(db_thread());	/* reopens */
	assert_int_equal(db_thread_count(), 1);

	db_thread_close_all();
	assert_int_equal(db_thread_count(), 0);
	mine = db_thread();
	assert_non_null(mine);
	assert_int_equal(q64(mine, "SELECT 1"), 1);
	assert_int_equal(db_thread_count(), 1);
	db_thread_close();
	assert_int_equal(db_thread_count(), 0);
}

/* db_thread() without a URL returns NULL rather than crashing. */
static void test_thread_without_setup_is_null(void **state)
{
	db_thread_setup(NULL);
	assert_null(db_thread());
	assert_int_equal(db_thread_count(), 0);
}

/* PostgreSQL: when the server drops the per-thread connection, the next
 * db_thread() resets it and it works again. */
static void test_pg_thread_reconnects_after_drop(void **state)
{
	struct fixture *fx = *state;
	struct db_stmt *st;
	struct db *d;
	int64_t pid;

	ONLY_ON(DB_PG);
	db_thread_setup(fx->url);
	d = db_thread();
	assert_non_null(d);
	pid = q64(d, "SELECT pg_backend_pid()");
	st = prep(fx->db, "SELECT pg_terminate_backend(CAST(? AS INTEGER), 5000)");
	assert_int_equal(db_bind_int64(st, 1, pid), DB_OK);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int64(st, 0), 1);	/* 't' reads as 1 */
	db_finalize(st);

	assert_true(db_exec(d, "SELECT 1") < 0);	/* the drop is noticed */
	d = db_thread();
	assert_non_null(d);
	assert_int_equal(q64(d, "SELECT 1"), 1);
	assert_true(q64(d, "SELECT pg_backend_pid()") != pid);
	/* the reset connection still sees the test's schema */
	ddl(d, "CREATE TABLE after_reset (id {{PK}})");
	assert_int_equal(db_has_table(fx->db, "after_reset"), 1);
	db_thread_close();
}

/* ------------------------------------------------------------------------ */
/* The table                                                                 */
/* ------------------------------------------------------------------------ */

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

static const struct CMUnitTest tests[] = {
	T(test_open_rejects_bad_urls),
	T(test_open_kind_matches_url),
	T(test_type_names),
	T(test_migrate_empty_db),
	T(test_migrate_again_is_noop),
	T(test_migrate_upgrades_older_db),
	T(test_migrate_real_list_from_version_1),
	T(test_migrate_failure_keeps_previous_version),
	T(test_migrate_refuses_unordered_list),
	T(test_migrate_concurrent_starts),
	T(test_text_roundtrip),
	T(test_int64_extremes),
	T(test_double_roundtrip),
	T(test_null_roundtrip),
	T(test_blob_with_zero_bytes),
	T(test_placeholder_in_quotes),
	T(test_prepare_refuses_two_statements),
	T(test_unique_violation_is_constraint),
	T(test_foreign_key_violation_is_constraint),
	T(test_rollback_discards_commit_keeps),
	T(test_failed_statement_then_rollback_leaves_usable),
	T(test_pg_commit_after_error_fails),
	T(test_changes_counts_rows),
	T(test_reset_reruns_and_clears_bindings),
	T(test_data_version_tracks_commits),
	T(test_query_int64),
	T(test_has_table_and_column),
	T(test_thread_connection_lazy_and_closed),
	T(test_thread_without_setup_is_null),
	T(test_pg_thread_reconnects_after_drop),
};

/* Runs the table on SQLite, then on PostgreSQL when PGHOST says one is there. */
int main(void)
{
	int failed;

	/* expected failures log errors; DB_TEST_VERBOSE=1 shows them */
	log_min_level = getenv("DB_TEST_VERBOSE") ? LOG_DEBUG : LOG_ERR + 1;
	cur = &backend_sqlite;
	failed = cmocka_run_group_tests_name("db/sqlite", tests, NULL, NULL);
	if (getenv("PGHOST")) {
		cur = &backend_pg;
		failed += cmocka_run_group_tests_name("db/postgres", tests, NULL, NULL);
	} else {
		fprintf(stderr, "db/postgres: skipped (PGHOST not set)\n");
	}
	return failed ? 1 : 0;
}
