/*
 * dbint.h — private to src/db: the backend vtable behind db.h. db.c validates
 * arguments and dispatches through db->ops; sqlite.c and pg.c fill one table each
 * and embed struct db / struct db_stmt as the first member of their own structs,
 * so a backend casts the public pointer back to its own type.
 *
 * Errors: a backend stores the text of the last error in db->err with db_set_err()
 * (a fixed buffer, so reporting an error never allocates) and returns a db_rc.
 * Nothing outside src/db includes this file.
 */
#ifndef ANJIAN_DBINT_H
#define ANJIAN_DBINT_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

#define DB_ERR_MAX 512

struct db_ops {
	/* Dialect pieces returned by db_type_*(). */
	const char *type_pk;
	const char *type_int;
	const char *type_real;
	const char *type_blob;
	/* Catalogue queries for db_has_table / db_has_column: one row iff present;
	 * parameters are (table) and (table, column). */
	const char *sql_has_table;
	const char *sql_has_column;

	void (*close)(struct db *db);
	int (*exec)(struct db *db, const char *sql);
	struct db_stmt *(*prepare)(struct db *db, const char *sql);
	/* s is never NULL here (db.c turns NULL text into bind_null); n bytes. */
	int (*bind_text)(struct db_stmt *st, int idx, const char *s, size_t n);
	int (*bind_int64)(struct db_stmt *st, int idx, int64_t v);
	int (*bind_double)(struct db_stmt *st, int idx, double v);
	int (*bind_null)(struct db_stmt *st, int idx);
	int (*bind_blob)(struct db_stmt *st, int idx, const void *p, size_t n);
	int (*step)(struct db_stmt *st);
	int (*reset)(struct db_stmt *st);
	void (*finalize)(struct db_stmt *st);
	int (*col_count)(struct db_stmt *st);
	const char *(*col_name)(struct db_stmt *st, int col);
	int (*col_isnull)(struct db_stmt *st, int col);
	const char *(*col_text)(struct db_stmt *st, int col);
	/* Optional (NULL: col_text and strlen): the same with its length in bytes. */
	const char *(*col_textn)(struct db_stmt *st, int col, size_t *n);
	int64_t (*col_int64)(struct db_stmt *st, int col);
	double (*col_double)(struct db_stmt *st, int col);
	const void *(*col_blob)(struct db_stmt *st, int col, size_t *n);
	int64_t (*changes)(struct db_stmt *st);
	int (*begin)(struct db *db);
	int (*commit)(struct db *db);
	int (*rollback)(struct db *db);
	/* Optional (NULL: no-op): a read-only transaction around several SELECTs, see
	 * db_read_begin(). */
	int (*read_begin)(struct db *db);
	int (*read_end)(struct db *db);
	/* Optional (NULL: the SQL of db_data_version): the stamp of db_data_version. */
	int (*data_version)(struct db *db, char *out, size_t n);
	/* Makes the connection usable again if the server dropped it (PostgreSQL):
	 * 0 usable, -1 not. */
	int (*check)(struct db *db);
};

/* The common head of every connection. */
struct db {
	const struct db_ops *ops;
	enum db_kind kind;
	char err[DB_ERR_MAX];	/* last error text, "" when none yet */
	int stamp_hold;		/* db_stamp_hold: 1 held, 2 held and stamp read */
	char stamp[DB_VERSION_MAX];
};

/* The common head of every statement. */
struct db_stmt {
	struct db *db;	/* the connection it was prepared on (not owned) */
};

/* Formats the last-error text of db (truncated to DB_ERR_MAX - 1 bytes). */
void db_set_err(struct db *db, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Sets *err (when err is non-NULL) to a malloc'd formatted message. */
void db_err_out(char **err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Backend constructors, called by db_open(). On failure they return NULL and set
 * *err (if err is non-NULL) to a malloc'd message. path/conninfo are not kept. */
struct db *db_sqlite_open(const char *path, char **err);
struct db *db_pg_open(const char *conninfo, char **err);

#endif
