/*
 * db.c — the backend-neutral half of db.h: db_open() picks a backend from the URL,
 * every other call checks its arguments and dispatches through the backend's
 * vtable (dbint.h), and the helpers every module wants (db_query_int64,
 * db_has_table/column, the dialect type names) are written once here.
 *
 * The second half is the per-thread connection of the server. db_thread_setup()
 * stores one URL; db_thread() opens a connection for the calling thread on first
 * use and keeps it in a _Thread_local. Every such connection is also registered in
 * a mutex-protected list, so db_thread_close_all() can close them all at shutdown,
 * and a pthread key destructor closes a thread's connection when the thread exits
 * without calling db_thread_close() (libmicrohttpd's workers have no exit hook).
 * A registration is named by a never-reused id, not by its address, so a
 * destructor running after db_thread_close_all() finds nothing and does nothing;
 * a generation counter tells db_thread() cheaply that its cached pointer was
 * closed by db_thread_close_all().
 */
#include <assert.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "db/db.h"
#include "db/dbint.h"

/* ------------------------------------------------------------------------ */
/* Errors                                                                    */
/* ------------------------------------------------------------------------ */

/* Formats the last-error text of db; overlong messages are truncated. */
void db_set_err(struct db *db, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(db->err, sizeof(db->err), fmt, ap);
	va_end(ap);
}

/* Sets *err to a malloc'd formatted message when err is non-NULL. */
void db_err_out(char **err, const char *fmt, ...)
{
	va_list ap;
	char tmp[DB_ERR_MAX];

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	*err = xstrdup(tmp);
}

/* ------------------------------------------------------------------------ */
/* Open, close, dispatch                                                     */
/* ------------------------------------------------------------------------ */

/* Returns the rest of s after prefix, or NULL when s does not start with it. */
static const char *after_prefix(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(s, prefix, n) == 0 ? s + n : NULL;
}

/*
 * Opens url:
 *   "sqlite:PATH"                      SQLite file PATH (created if missing)
 *   "postgres://…", "postgresql://…"   a libpq connection URI, passed whole
 *   "postgres:", "postgresql:"         libpq defaults: the PG* environment variables
 *   "postgres:KEY=VALUE …"             a libpq keyword/value connection string
 * Anything else is refused. The URL itself is never put into an error message,
 * since a PostgreSQL URI may carry a password.
 */
struct db *db_open(const char *url, char **err)
{
	const char *rest;

	if (err)
		*err = NULL;
	if (!url || !*url) {
		db_err_out(err, "no database URL given (expected sqlite:PATH or postgres://…)");
		return NULL;
	}
	if ((rest = after_prefix(url, "sqlite:"))) {
		if (!*rest) {
			db_err_out(err, "database URL \"sqlite:\" names no file (expected sqlite:PATH)");
			return NULL;
		}
		return db_sqlite_open(rest, err);
	}
	if (after_prefix(url, "postgres://") || after_prefix(url, "postgresql://"))
		return db_pg_open(url, err);
	if ((rest = after_prefix(url, "postgresql:")) || (rest = after_prefix(url, "postgres:")))
		return db_pg_open(rest, err);
	db_err_out(err, "unsupported database URL scheme (expected sqlite:PATH, "
		   "postgres://…, postgresql://… or postgres: for the PG* environment)");
	return NULL;
}

/* Closes db and every resource it holds; NULL is a no-op. Statements prepared on
 * db must have been finalized first. */
void db_close(struct db *db)
{
	if (db)
		db->ops->close(db);
}

/* Which backend db uses. */
enum db_kind db_kind(const struct db *db)
{
	return db->kind;
}

/* Text of the last error on db; owned by db, valid until the next call on it. */
const char *db_errmsg(const struct db *db)
{
	return db ? db->err : "no database connection";
}

/* Runs one or more parameterless statements. */
int db_exec(struct db *db, const char *sql)
{
	assert(db && sql);
	return db->ops->exec(db, sql);
}

/* Prepares one statement with '?' placeholders; NULL on error (db_errmsg). */
struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	assert(db && sql);
	return db->ops->prepare(db, sql);
}

/* Binds NUL-terminated text (copied); NULL binds SQL NULL. */
int db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	assert(st);
	if (!s)
		return st->db->ops->bind_null(st, idx);
	return st->db->ops->bind_text(st, idx, s, strlen(s));
}

/* Binds the n bytes at s as text (copied); NULL binds SQL NULL. */
int db_bind_textn(struct db_stmt *st, int idx, const char *s, size_t n)
{
	assert(st);
	if (!s)
		return st->db->ops->bind_null(st, idx);
	return st->db->ops->bind_text(st, idx, s, n);
}

/* Binds a 64-bit integer. */
int db_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	assert(st);
	return st->db->ops->bind_int64(st, idx, v);
}

/* Binds a double. */
int db_bind_double(struct db_stmt *st, int idx, double v)
{
	assert(st);
	return st->db->ops->bind_double(st, idx, v);
}

/* Binds SQL NULL. */
int db_bind_null(struct db_stmt *st, int idx)
{
	assert(st);
	return st->db->ops->bind_null(st, idx);
}

/* Binds n bytes (copied) as a blob; n = 0 binds an empty blob, not NULL. */
int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n)
{
	assert(st && (p || n == 0));
	return st->db->ops->bind_blob(st, idx, p, n);
}

/* Executes on the first call, then moves through rows. */
int db_step(struct db_stmt *st)
{
	assert(st);
	return st->db->ops->step(st);
}

/* Clears bindings and results so st can run again. */
int db_reset(struct db_stmt *st)
{
	assert(st);
	return st->db->ops->reset(st);
}

/* Frees st; NULL is a no-op. */
void db_finalize(struct db_stmt *st)
{
	if (st)
		st->db->ops->finalize(st);
}

/* Number of result columns (PostgreSQL: known after the first db_step). */
int db_col_count(struct db_stmt *st)
{
	assert(st);
	return st->db->ops->col_count(st);
}

/* Name of result column col; owned by st. */
const char *db_col_name(struct db_stmt *st, int col)
{
	assert(st);
	return st->db->ops->col_name(st, col);
}

/* 1 if column col of the current row is SQL NULL. */
int db_col_isnull(struct db_stmt *st, int col)
{
	assert(st);
	return st->db->ops->col_isnull(st, col);
}

/* Text of column col, NULL for SQL NULL; owned by st until the next step. */
const char *db_col_text(struct db_stmt *st, int col)
{
	assert(st);
	return st->db->ops->col_text(st, col);
}

/* Text of column col and its length; NULL (and *n 0) for SQL NULL. */
const char *db_col_textn(struct db_stmt *st, int col, size_t *n)
{
	const char *s;

	assert(st);
	if (st->db->ops->col_textn)
		return st->db->ops->col_textn(st, col, n);
	s = st->db->ops->col_text(st, col);
	*n = s ? strlen(s) : 0;
	return s;
}

/* Integer value of column col; 0 for NULL. */
int64_t db_col_int64(struct db_stmt *st, int col)
{
	assert(st);
	return st->db->ops->col_int64(st, col);
}

/* Floating value of column col; 0 for NULL. */
double db_col_double(struct db_stmt *st, int col)
{
	assert(st);
	return st->db->ops->col_double(st, col);
}

/* Blob bytes of column col, length in *n; owned by st until the next step. */
const void *db_col_blob(struct db_stmt *st, int col, size_t *n)
{
	assert(st && n);
	return st->db->ops->col_blob(st, col, n);
}

/* Rows changed by the last INSERT/UPDATE/DELETE. */
int64_t db_changes(struct db_stmt *st)
{
	assert(st);
	return st->db->ops->changes(st);
}

/* Starts a transaction (BEGIN IMMEDIATE on SQLite: takes the write lock now, so a
 * transaction never fails half-way for want of it). */
int db_begin(struct db *db)
{
	assert(db);
	return db->ops->begin(db);
}

int db_read_begin(struct db *db)
{
	assert(db);
	return db->ops->read_begin ? db->ops->read_begin(db) : 0;
}

void db_read_end(struct db *db, int begun)
{
	assert(db);
	if (begun > 0 && db->ops->read_end)
		db->ops->read_end(db);
}

/* Commits; DB_ERR (and the transaction rolled back) if it had failed. */
int db_commit(struct db *db)
{
	assert(db);
	return db->ops->commit(db);
}

/* Rolls back; succeeds also when no transaction is open. */
int db_rollback(struct db *db)
{
	assert(db);
	return db->ops->rollback(db);
}

/* ------------------------------------------------------------------------ */
/* Dialect and catalogue helpers                                             */
/* ------------------------------------------------------------------------ */

/* Identity primary key column type. */
const char *db_type_pk(const struct db *db)
{
	return db->ops->type_pk;
}

/* 64-bit integer column type. */
const char *db_type_int(const struct db *db)
{
	return db->ops->type_int;
}

/* Double-precision column type. */
const char *db_type_real(const struct db *db)
{
	return db->ops->type_real;
}

/* Byte-string column type. */
const char *db_type_blob(const struct db *db)
{
	return db->ops->type_blob;
}

/* Runs a catalogue query with one or two text parameters: 1 when it yields a row,
 * 0 when not, -1 on error. */
static int catalogue_has(struct db *db, const char *sql, const char *a, const char *b)
{
	struct db_stmt *st;
	int rc = -1, r;

	st = db_prepare(db, sql);
	if (!st)
		goto out;
	if (db_bind_text(st, 1, a) != DB_OK)
		goto out;
	if (b && db_bind_text(st, 2, b) != DB_OK)
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

/* 1 if table exists (visible unqualified), 0 if not, -1 on error. */
int db_has_table(struct db *db, const char *table)
{
	assert(db && table);
	return catalogue_has(db, db->ops->sql_has_table, table, NULL);
}

/* 1 if table has column, 0 if not (or no such table), -1 on error. */
int db_has_column(struct db *db, const char *table, const char *column)
{
	assert(db && table && column);
	return catalogue_has(db, db->ops->sql_has_column, table, column);
}

/*
 * Runs sql (no parameters) and stores the first column of the first row in *out.
 * No row, or a NULL value (e.g. MAX over no rows), stores dflt. 0 ok, -1 error.
 */
int db_query_int64v(struct db *db, const char *sql, const int64_t *params, int n,
		    int64_t *out, int64_t dflt)
{
	struct db_stmt *st;
	int rc = -1, r;

	assert(db && sql && out && n >= 0);
	st = db_prepare(db, sql);
	if (!st)
		goto out;
	for (int i = 0; i < n; i++)
		if (db_bind_int64(st, i + 1, params[i]) != DB_OK)
			goto out;
	r = db_step(st);
	if (r == DB_ROW)
		*out = db_col_isnull(st, 0) ? dflt : db_col_int64(st, 0);
	else if (r == DB_DONE)
		*out = dflt;
	else
		goto out;
	rc = 0;
out:
	if (rc)
		log_err("db: %s", db_errmsg(db));
	db_finalize(st);
	return rc;
}

int db_query_int64(struct db *db, const char *sql, int64_t *out, int64_t dflt)
{
	return db_query_int64v(db, sql, NULL, 0, out, dflt);
}

int db_query_int64p(struct db *db, const char *sql, int64_t param, int64_t *out, int64_t dflt)
{
	return db_query_int64v(db, sql, &param, 1, out, dflt);
}

/* ------------------------------------------------------------------------ */
/* Per-thread connections                                                    */
/* ------------------------------------------------------------------------ */

/* One registered per-thread connection. */
struct thread_conn {
	struct db *db;			/* owned by the registry */
	uintptr_t id;			/* never reused; the pthread key's value */
	struct thread_conn *next;
};

static pthread_mutex_t thread_lock = PTHREAD_MUTEX_INITIALIZER;
static char *thread_url;			/* guarded by thread_lock; owned */
static struct thread_conn *thread_list;		/* guarded by thread_lock */
static uintptr_t thread_next_id = 1;		/* guarded by thread_lock */
static atomic_ulong thread_gen;			/* bumped by db_thread_close_all() */
static pthread_once_t thread_key_once = PTHREAD_ONCE_INIT;
static pthread_key_t thread_key;

static _Thread_local struct db *tl_db;		/* this thread's connection */
static _Thread_local uintptr_t tl_id;		/* its registration id */
static _Thread_local unsigned long tl_gen;	/* thread_gen when registered */

/* Removes registration id from the list and returns its connection (the caller
 * closes it), or NULL when it is no longer registered. */
static struct db *thread_forget(uintptr_t id)
{
	struct thread_conn **pp, *c;
	struct db *db = NULL;

	pthread_mutex_lock(&thread_lock);
	for (pp = &thread_list; (c = *pp); pp = &c->next) {
		if (c->id == id) {
			*pp = c->next;
			db = c->db;
			free(c);
			break;
		}
	}
	pthread_mutex_unlock(&thread_lock);
	return db;
}

/* Key destructor: closes the connection of a thread exiting without
 * db_thread_close(). v is the registration id. */
static void thread_key_destroy(void *v)
{
	db_close(thread_forget((uintptr_t)v));
}

/* Creates the pthread key once per process. */
static void thread_key_make(void)
{
	if (pthread_key_create(&thread_key, thread_key_destroy) != 0)
		BUG("pthread_key_create failed");
}

/* Sets the URL that db_thread() opens (copied; NULL clears it). Connections
 * already open keep their old URL. */
void db_thread_setup(const char *url)
{
	char *old;

	pthread_mutex_lock(&thread_lock);
	old = thread_url;
	thread_url = url ? xstrdup(url) : NULL;
	pthread_mutex_unlock(&thread_lock);
	free(old);
}

/* The URL given to db_thread_setup(), or NULL. Owned by this module; read it after
 * set-up, not while another thread calls db_thread_setup(). */
const char *db_thread_url(void)
{
	return thread_url;
}

/*
 * The calling thread's connection, opened on first use. A connection the server
 * dropped is reset (ops->check); one that cannot be revived is closed and a new
 * one opened. Returns NULL (logged) when no URL is set or the open fails.
 */
struct db *db_thread(void)
{
	struct thread_conn *c;
	struct db *db = NULL;
	char *url = NULL, *err = NULL;

	if (tl_db && tl_gen == atomic_load(&thread_gen)) {
		if (tl_db->ops->check(tl_db) == 0)
			return tl_db;
		log_warn("db: per-thread connection is broken (%s); reopening",
			 db_errmsg(tl_db));
		db_thread_close();
	}
	tl_db = NULL;	/* if the generation moved, close_all already closed it */

	pthread_mutex_lock(&thread_lock);
	url = thread_url ? xstrdup(thread_url) : NULL;
	pthread_mutex_unlock(&thread_lock);
	if (!url) {
		log_err("db: db_thread() called before db_thread_setup()");
		goto out;
	}
	db = db_open(url, &err);
	if (!db) {
		log_err("db: %s", err ? err : "cannot open database");
		goto out;
	}

	pthread_once(&thread_key_once, thread_key_make);
	c = xmalloc(sizeof(*c));
	c->db = db;
	pthread_mutex_lock(&thread_lock);
	c->id = thread_next_id++;
	c->next = thread_list;
	thread_list = c;
	tl_gen = atomic_load(&thread_gen);
	pthread_mutex_unlock(&thread_lock);
	tl_id = c->id;
	tl_db = db;
	if (pthread_setspecific(thread_key, (void *)c->id) != 0)
		log_warn("db: pthread_setspecific failed; connection closes only at shutdown");
out:
	free(url);
	free(err);
	return db;
}

/* Closes the calling thread's connection, if it has one. */
void db_thread_close(void)
{
	if (!tl_db)
		return;
	/* After db_thread_close_all() the id is gone and this closes nothing. */
	db_close(thread_forget(tl_id));
	tl_db = NULL;
	tl_id = 0;
	pthread_once(&thread_key_once, thread_key_make);
	pthread_setspecific(thread_key, NULL);
}

/* Closes every registered per-thread connection (at shutdown, once the worker
 * threads have stopped using them). A later db_thread() opens a fresh one. */
void db_thread_close_all(void)
{
	struct thread_conn *list, *next;

	pthread_mutex_lock(&thread_lock);
	list = thread_list;
	thread_list = NULL;
	atomic_fetch_add(&thread_gen, 1);
	pthread_mutex_unlock(&thread_lock);
	for (; list; list = next) {
		next = list->next;
		db_close(list->db);
		free(list);
	}
	tl_db = NULL;
	tl_id = 0;
}

/* Number of per-thread connections currently open (for tests and health). */
int db_thread_count(void)
{
	struct thread_conn *c;
	int n = 0;

	pthread_mutex_lock(&thread_lock);
	for (c = thread_list; c; c = c->next)
		n++;
	pthread_mutex_unlock(&thread_lock);
	return n;
}

/* See db.h. One statement per backend; both are cheap (no table access). */
void db_stamp_hold(struct db *db, int on)
{
	db->stamp_hold = on ? 1 : 0;
}

static int db_data_version_read(struct db *db, char out[DB_VERSION_MAX]);

int db_data_version(struct db *db, char out[DB_VERSION_MAX])
{
	int rc;

	if (db->stamp_hold == 2) {
		memcpy(out, db->stamp, DB_VERSION_MAX);
		return 0;
	}
	rc = db_data_version_read(db, out);
	if (rc == 0 && db->stamp_hold == 1) {
		memcpy(db->stamp, out, DB_VERSION_MAX);
		db->stamp_hold = 2;
	}
	return rc;
}

static int db_data_version_read(struct db *db, char out[DB_VERSION_MAX])
{
	if (db->ops->data_version)
		return db->ops->data_version(db, out, DB_VERSION_MAX) == DB_OK ? 0 : -1;
	struct db_stmt *st = db_prepare(db, db_kind(db) == DB_SQLITE ?
		"SELECT (SELECT data_version FROM pragma_data_version), total_changes()" :
		"SELECT CAST(txid_current_snapshot() AS TEXT)");
	int rc = -1;

	if (!st || db_step(st) != DB_ROW)
		goto out;
	if (db_col_count(st) == 2)
		snprintf(out, DB_VERSION_MAX, "%" PRId64 ":%" PRId64, db_col_int64(st, 0),
			 db_col_int64(st, 1));
	else
		snprintf(out, DB_VERSION_MAX, "%s", db_col_text(st, 0) ? db_col_text(st, 0) : "");
	rc = 0;
out:
	db_finalize(st);
	return rc;
}

const char *db_sql_noindex(const struct db *db)
{
	return db_kind(db) == DB_SQLITE ? "+" : "";
}
