/*
 * db.h — one storage interface, two backends: SQLite (embedded default) and
 * PostgreSQL (libpq), chosen by URL: "sqlite:PATH" or "postgres://…"/"postgresql://…".
 *
 * SQL given to db_prepare() is portable text with '?' placeholders; the PostgreSQL
 * backend rewrites them to $1..$n (outside quoted strings). Every value is bound,
 * never spliced. Modules never test the backend; the few dialect differences
 * (identity column type, blob type, upsert) are exposed as functions here.
 *
 * A struct db is one connection and is used by one thread at a time. The HTTP server
 * keeps one per worker thread (db_thread()).
 *
 * Ownership: db_open() returns a connection the caller closes with db_close().
 * db_prepare() returns a statement the caller finalizes with db_finalize(), which
 * accepts NULL. Column text returned by db_col_text() belongs to the statement and
 * is valid until the next db_step()/db_finalize().
 */
#ifndef ANJIAN_DB_H
#define ANJIAN_DB_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct db_stmt;

enum db_kind { DB_SQLITE = 1, DB_PG = 2 };

enum db_rc {
	DB_OK = 0,
	DB_ROW = 1,	/* db_step: a row is available */
	DB_DONE = 2,	/* db_step: no more rows */
	DB_ERR = -1,	/* error: db_errmsg() says why */
	DB_CONSTRAINT = -2,	/* unique / foreign key / check violation */
	DB_BUSY = -3	/* lock or serialization failure: the caller may retry */
};

/* Opens url. On failure returns NULL and, if err is non-NULL, sets *err to a
 * malloc'd message the caller frees. */
struct db *db_open(const char *url, char **err);
void db_close(struct db *db);
enum db_kind db_kind(const struct db *db);
const char *db_errmsg(const struct db *db);

/* Runs one or more statements without parameters (DDL, PRAGMA, BEGIN…). */
int db_exec(struct db *db, const char *sql);

struct db_stmt *db_prepare(struct db *db, const char *sql);	/* NULL on error */
/* Parameters are numbered from 1. Text is copied. */
int db_bind_text(struct db_stmt *st, int idx, const char *s);	/* NULL binds NULL */
int db_bind_textn(struct db_stmt *st, int idx, const char *s, size_t n);
int db_bind_int64(struct db_stmt *st, int idx, int64_t v);
int db_bind_double(struct db_stmt *st, int idx, double v);
int db_bind_null(struct db_stmt *st, int idx);
int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n);
/* Executes on the first call, then moves through rows: DB_ROW, DB_DONE or < 0. */
int db_step(struct db_stmt *st);
/* Clears bindings and results so the statement can run again. */
int db_reset(struct db_stmt *st);
void db_finalize(struct db_stmt *st);

int db_col_count(struct db_stmt *st);
const char *db_col_name(struct db_stmt *st, int col);
int db_col_isnull(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col);	/* NULL for SQL NULL */
/* db_col_text and its length in bytes in *n (0 for NULL): what a writer needs. */
const char *db_col_textn(struct db_stmt *st, int col, size_t *n);
int64_t db_col_int64(struct db_stmt *st, int col);	/* 0 for NULL */
double db_col_double(struct db_stmt *st, int col);
/* Blob bytes: *n gets the length; pointer valid like db_col_text. */
const void *db_col_blob(struct db_stmt *st, int col, size_t *n);
/* Rows changed by the last INSERT/UPDATE/DELETE statement. */
int64_t db_changes(struct db_stmt *st);

int db_begin(struct db *db);	/* BEGIN (IMMEDIATE on SQLite) */
int db_commit(struct db *db);
int db_rollback(struct db *db);
/* One snapshot for several reads (a list page, its total and its rows' rights):
 * on SQLite a deferred transaction, so the page takes the WAL read lock once
 * instead of once per statement and every statement sees the same data; a no-op
 * on PostgreSQL (a round trip more would cost more than it saves) and inside a
 * transaction. Returns 1 when begun (end it with db_read_end), 0 when nothing
 * was begun, DB_ERR on error. Never write inside it. */
int db_read_begin(struct db *db);
void db_read_end(struct db *db, int begun);

/* Dialect pieces for DDL generated at start-up (never from user text). */
const char *db_type_pk(const struct db *db);	/* "INTEGER PRIMARY KEY AUTOINCREMENT" / "BIGSERIAL PRIMARY KEY" */
const char *db_type_int(const struct db *db);	/* "INTEGER" / "BIGINT" */
const char *db_type_real(const struct db *db);	/* "REAL" / "DOUBLE PRECISION" */
const char *db_type_blob(const struct db *db);	/* "BLOB" / "BYTEA" */
/* Prefix that keeps the planner from using an index for a column in a WHERE or
 * ORDER BY term: "+" on SQLite (unary plus), "" on PostgreSQL, whose planner has
 * table statistics and no unary plus for text. Lists use it to force the plan
 * they know is right (entity/list.c). */
const char *db_sql_noindex(const struct db *db);
/* 1 if table has column, 0 if not, -1 on error. */
int db_has_column(struct db *db, const char *table, const char *column);
int db_has_table(struct db *db, const char *table);

/* Convenience: runs sql and returns the first column of the first row as int64 in
 * *out (no row or NULL: *out = dflt). 0 ok, -1 error. */
int db_query_int64(struct db *db, const char *sql, int64_t *out, int64_t dflt);
/* The same with one int64 parameter (a count or an id looked up by id) … */
int db_query_int64p(struct db *db, const char *sql, int64_t param, int64_t *out, int64_t dflt);
/* … or with n int64 parameters. Errors are logged. */
int db_query_int64v(struct db *db, const char *sql, const int64_t *params, int n,
		    int64_t *out, int64_t dflt);

/* Migrations (migrate.c): creates the schema_version table and applies, in order,
 * every numbered migration the database has not seen. 0 ok, -1 error (logged). */
int db_migrate(struct db *db);
int db_schema_version(struct db *db);
/* Added: db_migrate() with an explicit list (ascending versions), so tests can
 * play an older and a newer build against one database. 0 ok, -1 error. */
struct migration;
int db_migrate_list(struct db *db, const struct migration *list, size_t n);

/* Per-thread connection for the server: opened lazily with the URL set by
 * db_thread_setup(), closed by db_thread_close() on thread exit or shutdown. */
void db_thread_setup(const char *url);
struct db *db_thread(void);
void db_thread_close(void);
const char *db_thread_url(void);
/* Added: closes every connection opened by db_thread() in any thread (shutdown,
 * after the workers stopped); a thread exiting without db_thread_close() has its
 * connection closed automatically. db_thread_count() says how many are open. */
void db_thread_close_all(void);
int db_thread_count(void);

/*
 * A stamp that changes whenever a transaction may have committed on any connection
 * to the database since the last call on this connection: SQLite's data_version
 * (other connections' commits) with this connection's total_changes(); PostgreSQL's
 * current snapshot (xmin:xmax:xip). A result computed after reading stamp S stays
 * valid while the stamp still reads S, so callers may cache exact results (the
 * cockpit, list totals) without ever serving stale ones. Writes text of at most
 * DB_VERSION_MAX bytes into out. 0 ok, -1 error.
 */
#define DB_VERSION_MAX 256
int db_data_version(struct db *db, char out[DB_VERSION_MAX]);
/*
 * While held (a request that only reads: router.c ROUTE_READ), db_data_version
 * answers the stamp it first read since the hold began: one stamp a request for the
 * session, the scope answer and the total, where each cost a statement (a round trip
 * on PostgreSQL). Exact: on SQLite the request is one read snapshot; on PostgreSQL a
 * result cached under an older stamp is reused only while the stamp still reads the
 * same. No writes while held. on = 0 ends it.
 */
void db_stamp_hold(struct db *db, int on);

/* backup.c — `anjian backup` / `anjian restore` (messages printed, Chinese).
 * db_backup_to: a consistent copy of url's database (db open on it; SQLite:
 * VACUUM INTO, PostgreSQL: pg_dump custom format) into file, created 0600 and never
 * over an existing one. db_restore_from: file into url — a SQLite path that does not
 * exist yet (the copy must pass integrity_check), or a PostgreSQL database without
 * tables (pg_restore). 0 ok, -1 error. */
int db_backup_to(struct db *db, const char *url, const char *file);
int db_restore_from(const char *url, const char *file);

#endif
