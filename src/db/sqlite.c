/*
 * sqlite.c — the SQLite backend of db.h (the embedded default).
 *
 * One connection per thread, so the connection is opened with SQLITE_OPEN_NOMUTEX
 * (no per-call locking inside SQLite). Every connection sets:
 *   busy_timeout 5000 ms   a writer waits for another instead of failing at once;
 *   journal_mode=WAL       readers never block the writer nor the writer readers;
 *   synchronous=FULL       a committed write survives a power cut (DESIGN.md §7);
 *   foreign_keys=ON        REFERENCES clauses are enforced.
 * db_begin() is BEGIN IMMEDIATE: the write lock is taken at the start, so two
 * writers serialise there (waiting up to the busy timeout) instead of one failing
 * with SQLITE_BUSY half-way through its transaction.
 *
 * SQLite auto-resets a statement stepped after SQLITE_DONE and would run it again;
 * db.h promises "executes on the first call", so the statement remembers it is done
 * until db_reset().
 *
 * Speed: each connection keeps its last SQ_CACHE prepared statements keyed by SQL
 * text; db_prepare() of the same text returns the cached statement rewound, and
 * db_finalize() hands it back instead of freeing it (compiling a list query costs
 * more than running it). A statement in use is never handed out twice: a nested
 * prepare of the same text gets a fresh, uncached one. SQLite's global memory
 * statistics are turned off once per process: they take a process-wide mutex on
 * every allocation, which the worker threads would otherwise fight over.
 *
 * ANJIAN_SLOW_SQL_MS=N logs (WARN) every statement that ran N ms or longer, with
 * its text but never its bound values: the tool to find what a slow screen runs.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "db/db.h"
#include "db/dbint.h"

#define SQLITE_BUSY_MS 5000
#define SQ_CACHE 64	/* prepared statements kept per connection */

struct sq_stmt {
	struct db_stmt base;	/* first */
	sqlite3_stmt *s;
	int done;		/* stepped to DONE or an error: do not auto-rerun */
	int last_rc;		/* the db_rc returned by the last step */
	int cached;		/* owned by the connection's cache (see sq_finalize) */
	int in_use;		/* handed out by db_prepare, not yet given back */
	uint64_t hash;		/* of the SQL text, for the cache lookup */
	uint64_t used;		/* cache clock at the last hand-out (LRU) */
};

struct sq_db {
	struct db base;		/* first: struct db * casts to struct sq_db * */
	sqlite3 *h;
	struct sq_stmt *cache[SQ_CACHE];	/* owned; NULL slots are free */
	uint64_t clock;
};

/* The backend connection behind db. */
static struct sq_db *sq(struct db *db)
{
	return (struct sq_db *)db;
}

/* The backend statement behind st. */
static struct sq_stmt *sqs(struct db_stmt *st)
{
	return (struct sq_stmt *)st;
}

/* Maps an SQLite result code (primary or extended) to a db_rc and, for errors,
 * records sqlite3_errmsg() as the connection's last error. */
static int sq_rc(struct sq_db *d, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
		return DB_OK;
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
		return DB_DONE;
	case SQLITE_CONSTRAINT:
		db_set_err(&d->base, "%s", sqlite3_errmsg(d->h));
		return DB_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		db_set_err(&d->base, "%s", sqlite3_errmsg(d->h));
		return DB_BUSY;
	default:
		db_set_err(&d->base, "%s", sqlite3_errmsg(d->h));
		return DB_ERR;
	}
}

/* Closes the connection. sqlite3_close_v2 defers the close if a statement was
 * leaked, so a caller's bug leaks memory instead of crashing. */
static void sq_close(struct db *db)
{
	struct sq_db *d = sq(db);

	for (int i = 0; i < SQ_CACHE; i++) {
		if (d->cache[i]) {
			sqlite3_finalize(d->cache[i]->s);
			free(d->cache[i]);
		}
	}
	sqlite3_close_v2(d->h);
	free(d);
}

/* Runs one or more statements without parameters. */
static int sq_exec(struct db *db, const char *sql)
{
	struct sq_db *d = sq(db);

	return sq_rc(d, sqlite3_exec(d->h, sql, NULL, NULL, NULL));
}

/* 1 if s holds only white space, ';' and comments (the tail after a statement). */
static int sq_tail_empty(const char *s)
{
	while (*s) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == ';') {
			s++;
		} else if (s[0] == '-' && s[1] == '-') {
			while (*s && *s != '\n')
				s++;
		} else if (s[0] == '/' && s[1] == '*') {
			const char *e = strstr(s + 2, "*/");

			if (!e)
				return 1;	/* an unterminated comment runs to the end */
			s = e + 2;
		} else {
			return 0;
		}
	}
	return 1;
}

/* Prepares exactly one statement; a second statement in sql is an error, since it
 * would silently never run. */
static struct db_stmt *sq_prepare(struct db *db, const char *sql)
{
	struct sq_db *d = sq(db);
	struct sq_stmt *st = NULL;
	sqlite3_stmt *s = NULL;
	const char *tail = NULL;
	uint64_t h = hash64(sql, strlen(sql));
	int rc, slot = -1;

	/* A cached statement of the same text that nobody holds: rewind and reuse. */
	for (int i = 0; i < SQ_CACHE; i++) {
		struct sq_stmt *c = d->cache[i];

		if (c && !c->in_use && c->hash == h && !strcmp(sqlite3_sql(c->s), sql)) {
			c->in_use = 1;
			c->used = ++d->clock;
			return &c->base;
		}
	}
	rc = sqlite3_prepare_v2(d->h, sql, -1, &s, &tail);
	if (rc != SQLITE_OK) {
		sq_rc(d, rc);
		goto out;
	}
	if (!s) {
		db_set_err(db, "db_prepare: no statement in SQL text");
		goto out;
	}
	if (tail && !sq_tail_empty(tail)) {
		db_set_err(db, "db_prepare: more than one statement in SQL text");
		goto out;
	}
	st = xcalloc(1, sizeof(*st));
	st->base.db = db;
	st->s = s;
	st->hash = h;
	st->in_use = 1;
	st->used = ++d->clock;
	s = NULL;
	/* Keep it: a free slot, else the least recently used idle statement. */
	for (int i = 0; i < SQ_CACHE; i++) {
		if (!d->cache[i]) {
			slot = i;
			break;
		}
		if (!d->cache[i]->in_use && (slot < 0 || d->cache[i]->used < d->cache[slot]->used))
			slot = i;
	}
	if (slot >= 0) {
		if (d->cache[slot]) {
			sqlite3_finalize(d->cache[slot]->s);
			free(d->cache[slot]);
		}
		d->cache[slot] = st;
		st->cached = 1;
	}
out:
	sqlite3_finalize(s);
	return st ? &st->base : NULL;
}

/* Binds n bytes of UTF-8 text (SQLite copies it). */
static int sq_bind_text(struct db_stmt *st, int idx, const char *s, size_t n)
{
	return sq_rc(sq(st->db), sqlite3_bind_text64(sqs(st)->s, idx, s, n,
						      SQLITE_TRANSIENT, SQLITE_UTF8));
}

/* Binds a 64-bit integer. */
static int sq_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	return sq_rc(sq(st->db), sqlite3_bind_int64(sqs(st)->s, idx, v));
}

/* Binds a double. */
static int sq_bind_double(struct db_stmt *st, int idx, double v)
{
	return sq_rc(sq(st->db), sqlite3_bind_double(sqs(st)->s, idx, v));
}

/* Binds NULL. */
static int sq_bind_null(struct db_stmt *st, int idx)
{
	return sq_rc(sq(st->db), sqlite3_bind_null(sqs(st)->s, idx));
}

/* Binds a blob (copied). An empty blob goes through zeroblob, because
 * sqlite3_bind_blob with a NULL pointer would bind SQL NULL instead. */
static int sq_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n)
{
	if (n == 0)
		return sq_rc(sq(st->db), sqlite3_bind_zeroblob(sqs(st)->s, idx, 0));
	return sq_rc(sq(st->db), sqlite3_bind_blob64(sqs(st)->s, idx, p, n,
						      SQLITE_TRANSIENT));
}

/* Executes or advances: DB_ROW, DB_DONE or an error. After DONE or an error the
 * statement stays finished until db_reset(). */
static int sq_step(struct db_stmt *st)
{
	struct sq_stmt *s = sqs(st);
	int rc;

	if (s->done)
		return s->last_rc;
	rc = sq_rc(sq(st->db), sqlite3_step(s->s));
	if (rc != DB_ROW)
		s->done = 1;
	s->last_rc = rc;
	return rc;
}

/* Rewinds the statement and clears its bindings. The code sqlite3_reset returns
 * repeats the last step's error, which the caller has already seen. */
static int sq_reset(struct db_stmt *st)
{
	struct sq_stmt *s = sqs(st);

	sqlite3_reset(s->s);
	sqlite3_clear_bindings(s->s);
	s->done = 0;
	s->last_rc = DB_OK;
	return DB_OK;
}

/* Frees the statement, or rewinds it and gives it back to the cache. */
static void sq_finalize(struct db_stmt *st)
{
	struct sq_stmt *s = sqs(st);

	if (s->cached) {
		sq_reset(st);
		s->in_use = 0;
		return;
	}
	sqlite3_finalize(s->s);
	free(st);
}

/* Number of result columns. */
static int sq_col_count(struct db_stmt *st)
{
	return sqlite3_column_count(sqs(st)->s);
}

/* Name of column col. */
static const char *sq_col_name(struct db_stmt *st, int col)
{
	return sqlite3_column_name(sqs(st)->s, col);
}

/* 1 if column col is NULL. */
static int sq_col_isnull(struct db_stmt *st, int col)
{
	return sqlite3_column_type(sqs(st)->s, col) == SQLITE_NULL;
}

/* Text of column col (UTF-8), NULL for NULL. */
static const char *sq_col_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(sqs(st)->s, col);
}

/* Integer of column col. */
static int64_t sq_col_int64(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(sqs(st)->s, col);
}

/* Double of column col. */
static double sq_col_double(struct db_stmt *st, int col)
{
	return sqlite3_column_double(sqs(st)->s, col);
}

/* Blob of column col. An empty blob gives "" rather than NULL so callers can tell
 * it from SQL NULL by the pointer too. */
static const void *sq_col_blob(struct db_stmt *st, int col, size_t *n)
{
	sqlite3_stmt *s = sqs(st)->s;
	const void *p;

	if (sqlite3_column_type(s, col) == SQLITE_NULL) {
		*n = 0;
		return NULL;
	}
	p = sqlite3_column_blob(s, col);	/* before _bytes, as SQLite advises */
	*n = (size_t)sqlite3_column_bytes(s, col);
	return p ? p : "";
}

/* Rows changed by the connection's last INSERT/UPDATE/DELETE. */
static int64_t sq_changes(struct db_stmt *st)
{
	return sqlite3_changes(sq(st->db)->h);
}

/* BEGIN IMMEDIATE: takes the write lock now (waits up to the busy timeout). */
static int sq_begin(struct db *db)
{
	return sq_exec(db, "BEGIN IMMEDIATE");
}

/* A deferred BEGIN: the read lock is taken by the first SELECT and kept until
 * sq_read_end. Not inside another transaction. */
/* One parameterless statement through the statement cache (sqlite3_exec would
 * compile it on every call: a list page begins and ends a read transaction). */
static int sq_run_cached(struct db *db, const char *sql)
{
	struct db_stmt *st = sq_prepare(db, sql);
	int rc = st && sq_step(st) == DB_DONE ? DB_OK : DB_ERR;

	if (st)
		sq_finalize(st);
	return rc;
}

static int sq_read_begin(struct db *db)
{
	if (!sqlite3_get_autocommit(sq(db)->h))
		return 0;
	return sq_run_cached(db, "BEGIN DEFERRED") == DB_OK ? 1 : DB_ERR;
}

static int sq_read_end(struct db *db)
{
	if (sqlite3_get_autocommit(sq(db)->h))
		return DB_OK;	/* already ended by an error */
	return sq_run_cached(db, "COMMIT");
}

/* db_data_version: PRAGMA data_version (commits of other connections) and the C
 * total_changes (this connection's own). The same numbers as the SQL form
 * "SELECT … FROM pragma_data_version, total_changes()", at a quarter of its cost:
 * the table-valued pragma set up a virtual table on every call, once per page. */
static int sq_data_version(struct db *db, char *out, size_t n)
{
	struct db_stmt *st = sq_prepare(db, "PRAGMA data_version");
	int rc = DB_ERR;

	if (st && sq_step(st) == DB_ROW) {
		snprintf(out, n, "%lld:%lld", (long long)sqlite3_column_int64(sqs(st)->s, 0),
			 (long long)sqlite3_total_changes64(sq(db)->h));
		rc = DB_OK;
	}
	if (st)
		sq_finalize(st);
	return rc;
}

/* COMMIT. */
static int sq_commit(struct db *db)
{
	return sq_exec(db, "COMMIT");
}

/* ROLLBACK; a no-op when no transaction is open (SQLite itself may have rolled
 * back already after an I/O error or a busy failure). */
static int sq_rollback(struct db *db)
{
	if (sqlite3_get_autocommit(sq(db)->h))
		return DB_OK;
	return sq_exec(db, "ROLLBACK");
}

/* A local file connection does not drop: always usable. */
static int sq_check(struct db *db)
{
	return 0;
}

static const struct db_ops sq_ops = {
	.type_pk = "INTEGER PRIMARY KEY AUTOINCREMENT",
	.type_int = "INTEGER",
	.type_real = "REAL",
	.type_blob = "BLOB",
	.sql_has_table = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
	.sql_has_column = "SELECT 1 FROM pragma_table_info(?) WHERE name = ?",
	.close = sq_close,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.bind_text = sq_bind_text,
	.bind_int64 = sq_bind_int64,
	.bind_double = sq_bind_double,
	.bind_null = sq_bind_null,
	.bind_blob = sq_bind_blob,
	.step = sq_step,
	.reset = sq_reset,
	.finalize = sq_finalize,
	.col_count = sq_col_count,
	.col_name = sq_col_name,
	.col_isnull = sq_col_isnull,
	.col_text = sq_col_text,
	.col_int64 = sq_col_int64,
	.col_double = sq_col_double,
	.col_blob = sq_col_blob,
	.changes = sq_changes,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.read_begin = sq_read_begin,
	.read_end = sq_read_end,
	.data_version = sq_data_version,
	.check = sq_check,
};

/* Process-wide settings, before SQLite initialises: no memory statistics (their
 * global mutex serialises every allocation of every thread). */
static void sq_global_config(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Opens (creating if needed) the SQLite file at path and applies the connection
 * settings above. NULL and *err on failure. */
/* SQLITE_TRACE_PROFILE callback: x is the run time in nanoseconds. */
static int sq_slow_log(unsigned kind, void *ctx, void *p, void *x)
{
	long long ns = *(long long *)x;
	long long min_ms = (long long)(intptr_t)ctx;

	if (kind == SQLITE_TRACE_PROFILE && ns / 1000000 >= min_ms)
		log_msg(LOG_WARN, "db: slow statement (%lld ms): %s", ns / 1000000,
			sqlite3_sql((sqlite3_stmt *)p));
	return 0;
}

struct db *db_sqlite_open(const char *path, char **err)
{
	static const char setup[] =
		"PRAGMA journal_mode=WAL;"
		"PRAGMA synchronous=FULL;"
		"PRAGMA foreign_keys=ON;";
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct sq_db *d = NULL;
	sqlite3 *h = NULL;
	int rc;

	pthread_once(&once, sq_global_config);
	rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			     SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		db_err_out(err, "cannot open SQLite database %s: %s", path,
			   h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		goto out;
	}
	sqlite3_extended_result_codes(h, 1);
	sqlite3_busy_timeout(h, SQLITE_BUSY_MS);
	{
		const char *slow = getenv("ANJIAN_SLOW_SQL_MS");

		if (slow && *slow)
			sqlite3_trace_v2(h, SQLITE_TRACE_PROFILE, sq_slow_log,
					 (void *)(intptr_t)atoll(slow));
	}
	rc = sqlite3_exec(h, setup, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		db_err_out(err, "cannot set up SQLite database %s: %s", path,
			   sqlite3_errmsg(h));
		goto out;
	}
	d = xcalloc(1, sizeof(*d));
	d->base.ops = &sq_ops;
	d->base.kind = DB_SQLITE;
	d->h = h;
	h = NULL;
out:
	sqlite3_close_v2(h);	/* NULL is a no-op */
	return d ? &d->base : NULL;
}
