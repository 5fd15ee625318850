/*
 * pg.c — the PostgreSQL backend of db.h (libpq), for many app processes sharing
 * one database.
 *
 * db_prepare() does not talk to the server: it rewrites the portable '?'
 * placeholders to $1..$n (skipping '?' inside '…' and E'…' strings, "…"
 * identifiers, -- and nested block comments) and keeps the text. Bindings are
 * kept in libpq's text format: text and NULL with type "unknown", so the server
 * infers the type from the use (as SQLite's loose typing lets one SQL text serve
 * both); int64 as PRId64 text typed bigint and double as %.17g text (which
 * round-trips every double exactly) typed double precision, so "? IS NULL",
 * "? + 1" and the like resolve without a cast and big values never meet int4.
 * A NULL or text parameter whose type the context does not fix ("? IS NULL")
 * needs CAST(? AS TEXT), which SQLite accepts too. Blobs are binary format with
 * type bytea, so zero bytes pass untouched. The first db_step() runs PQexecParams
 * (results in text format) and later steps walk the rows of the stored result.
 *
 * Reading: text columns come straight from PQgetvalue (NULL when PQgetisnull);
 * integers and doubles are parsed from text, booleans 't'/'f' read as 1/0; bytea
 * arrives in hex output ("\x0aff…") and is decoded into a buffer the statement owns.
 *
 * Errors: SQLSTATE class 23 (integrity) is DB_CONSTRAINT; 40001 (serialization),
 * 40P01 (deadlock) and 55P03 (lock not available) are DB_BUSY. After an error inside
 * a transaction PostgreSQL refuses everything until ROLLBACK; db_rollback() sends it
 * and the connection is usable again, and db_commit() of such a transaction rolls
 * back and reports the failure (PostgreSQL itself would answer COMMIT with a
 * silent ROLLBACK).
 *
 * The connection asks for client_encoding UTF8 in its connection parameters (so a
 * PQreset keeps it) and routes server NOTICE/WARNING messages to the debug log.
 * Not supported in SQL given to db_prepare(): dollar-quoted strings and the jsonb
 * operators ? ?| ?& (write the function forms instead).
 */
#include <errno.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/util.h"
#include "db/db.h"
#include "db/dbint.h"

/* pg_type.oid values, fixed in the catalogue. */
#define PG_BYTEA_OID 17
#define PG_INT8_OID 20
#define PG_FLOAT8_OID 701

/* A statement prepared on the server under name, for SQL text and parameter types
 * key (see pg_prepared). */
struct pg_prep {
	char *key;		/* malloc'd; NULL = free slot */
	uint64_t hash;
	char name[24];
	unsigned long used;	/* tick of the last use (least recently used goes) */
};
#define PG_PREP_MAX 128

struct pg_db {
	struct db base;		/* first: struct db * casts to struct pg_db * */
	PGconn *conn;
	struct pg_prep prep[PG_PREP_MAX];
	unsigned long tick, seq;
};

enum pg_state { PG_FRESH, PG_RUN, PG_FINISHED };

struct pg_stmt {
	struct db_stmt base;	/* first */
	char *sql;		/* rewritten with $n; owned */
	int nparams;
	char **values;		/* [nparams] owned copies; NULL = SQL NULL */
	int *lengths;		/* [nparams] byte lengths (used for binary ones) */
	int *formats;		/* [nparams] 0 text, 1 binary */
	Oid *types;		/* [nparams] 0 = let the server infer */
	PGresult *res;		/* result of the last execution; owned */
	enum pg_state state;
	int last_rc;		/* what db_step returns once finished */
	int row;		/* current row, -1 before the first */
	unsigned char **blobs;	/* [ncols] decoded bytea of the current row; owned */
};

/* The backend connection behind db. */
static struct pg_db *pg(struct db *db)
{
	return (struct pg_db *)db;
}

/* The backend statement behind st. */
static struct pg_stmt *pgs(struct db_stmt *st)
{
	return (struct pg_stmt *)st;
}

/* ------------------------------------------------------------------------ */
/* Errors                                                                    */
/* ------------------------------------------------------------------------ */

/* Stores msg (libpq's multi-line text) as db's last error, trailing newlines cut. */
static void pg_set_err(struct db *db, const char *prefix, const char *msg)
{
	size_t n;

	db_set_err(db, "%s%s", prefix, msg && *msg ? msg : "unknown PostgreSQL error");
	n = strlen(db->err);
	while (n > 0 && (db->err[n - 1] == '\n' || db->err[n - 1] == ' '))
		db->err[--n] = '\0';
}

/* Maps a result (NULL: the connection failed) to DB_OK or an error code, setting
 * the last error text from it. */
static int pg_result_rc(struct pg_db *d, const PGresult *res)
{
	const char *state;

	if (!res) {
		pg_set_err(&d->base, "", PQerrorMessage(d->conn));
		return DB_ERR;
	}
	switch (PQresultStatus(res)) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
	case PGRES_EMPTY_QUERY:
		return DB_OK;
	default:
		break;
	}
	pg_set_err(&d->base, "", PQresultErrorMessage(res));
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	if (!state)
		return DB_ERR;
	if (strncmp(state, "23", 2) == 0)
		return DB_CONSTRAINT;
	if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03"))
		return DB_BUSY;
	return DB_ERR;
}

/* Server notices (e.g. "relation already exists, skipping") go to the debug log
 * instead of libpq's default, stderr. */
static void pg_notice(void *arg, const char *msg)
{
	int n = (int)strlen(msg);

	while (n > 0 && msg[n - 1] == '\n')
		n--;
	log_msg(LOG_DEBUG, "db: postgres: %.*s", n, msg);
}

/* ------------------------------------------------------------------------ */
/* Connection                                                                */
/* ------------------------------------------------------------------------ */

/* Forgets every prepared statement (the server's went with its session). */
static void pg_prep_forget(struct pg_db *d)
{
	for (int i = 0; i < PG_PREP_MAX; i++) {
		free(d->prep[i].key);
		d->prep[i].key = NULL;
	}
}

/* Finishes the libpq connection and frees db. */
static void pg_close(struct db *db)
{
	PQfinish(pg(db)->conn);
	pg_prep_forget(pg(db));
	free(db);
}

/* Runs one or more statements without parameters (PQexec allows several). */
static int pg_exec(struct db *db, const char *sql)
{
	struct pg_db *d = pg(db);
	PGresult *res;
	int rc;

	res = PQexec(d->conn, sql);
	rc = pg_result_rc(d, res);
	PQclear(res);
	return rc;
}

/* BEGIN. */
static int pg_begin(struct db *db)
{
	return pg_exec(db, "BEGIN");
}

/* COMMIT, refusing (with a rollback) a transaction an earlier error aborted. */
static int pg_commit(struct db *db)
{
	struct pg_db *d = pg(db);
	PGresult *res;
	int rc;

	if (PQtransactionStatus(d->conn) == PQTRANS_INERROR) {
		pg_exec(db, "ROLLBACK");
		db_set_err(db, "transaction aborted by an earlier error; rolled back");
		return DB_ERR;
	}
	res = PQexec(d->conn, "COMMIT");
	rc = pg_result_rc(d, res);
	if (rc == DB_OK && !strcmp(PQcmdStatus(res), "ROLLBACK")) {
		db_set_err(db, "transaction was rolled back by the server");
		rc = DB_ERR;
	}
	PQclear(res);
	return rc;
}

/* ROLLBACK; also ends a transaction aborted by an error, so the connection can be
 * used again. With no transaction open the server only warns (a notice). */
static int pg_rollback(struct db *db)
{
	return pg_exec(db, "ROLLBACK");
}

/* Resets a connection the server dropped: 0 usable, -1 not. */
static int pg_check(struct db *db)
{
	struct pg_db *d = pg(db);

	if (PQstatus(d->conn) == CONNECTION_OK)
		return 0;
	PQreset(d->conn);
	pg_prep_forget(d);
	if (PQstatus(d->conn) == CONNECTION_OK) {
		log_info("db: PostgreSQL connection re-established");
		return 0;
	}
	pg_set_err(db, "cannot reconnect to PostgreSQL: ", PQerrorMessage(d->conn));
	return -1;
}

/* ------------------------------------------------------------------------ */
/* Statements                                                                */
/* ------------------------------------------------------------------------ */

/* 1 if c can be part of an unquoted identifier. */
static int ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || (unsigned char)c >= 0x80;
}

/* Returns the end of the quoted run starting at p (*p is the quote q); a doubled
 * quote stays inside, and with backslash escapes on (E'…') \x does too. An
 * unterminated run ends at the NUL (the server reports the syntax error). */
static const char *skip_quoted(const char *p, char q, int backslash)
{
	for (p++; *p; p++) {
		if (backslash && *p == '\\' && p[1]) {
			p++;
		} else if (*p == q) {
			if (p[1] != q)
				return p + 1;
			p++;
		}
	}
	return p;
}

/* Returns the end of the (nested) block comment starting at p ("/ *"). */
static const char *skip_block_comment(const char *p)
{
	int depth = 0;

	while (*p) {
		if (p[0] == '/' && p[1] == '*') {
			depth++;
			p += 2;
		} else if (p[0] == '*' && p[1] == '/') {
			p += 2;
			if (--depth == 0)
				break;
		} else {
			p++;
		}
	}
	return p;
}

/* Rewrites the '?' placeholders of sql to $1..$n outside strings, quoted
 * identifiers and comments. Returns a malloc'd string (caller frees) and the count
 * in *nparams, or NULL if the text is too long for a buffer. */
static char *pg_rewrite(const char *sql, int *nparams)
{
	struct buf b;
	const char *p = sql, *e;
	char *out = NULL;
	int n = 0;

	buf_init(&b, 0);
	while (*p) {
		if (*p == '\'') {
			int esc = p > sql && (p[-1] == 'E' || p[-1] == 'e') &&
				  (p - 1 == sql || !ident_char(p[-2]));

			e = skip_quoted(p, '\'', esc);
		} else if (*p == '"') {
			e = skip_quoted(p, '"', 0);
		} else if (p[0] == '-' && p[1] == '-') {
			e = p + strcspn(p, "\n");
		} else if (p[0] == '/' && p[1] == '*') {
			e = skip_block_comment(p);
		} else if (*p == '?') {
			buf_printf(&b, "$%d", ++n);
			p++;
			continue;
		} else {
			e = p + 1;
		}
		buf_add(&b, p, (size_t)(e - p));
		p = e;
	}
	if (buf_failed(&b))
		goto out;
	out = buf_detach(&b, NULL);
	*nparams = n;
out:
	buf_release(&b);
	return out;
}

/* Keeps the rewritten SQL; nothing is sent to the server until db_step(). */
static struct db_stmt *pg_prepare(struct db *db, const char *sql)
{
	struct pg_stmt *st;
	char *text;
	int n = 0;

	text = pg_rewrite(sql, &n);
	if (!text) {
		db_set_err(db, "db_prepare: SQL text too long");
		return NULL;
	}
	st = xcalloc(1, sizeof(*st));
	st->base.db = db;
	st->sql = text;
	st->nparams = n;
	if (n > 0) {
		st->values = xcalloc((size_t)n, sizeof(*st->values));
		st->lengths = xcalloc((size_t)n, sizeof(*st->lengths));
		st->formats = xcalloc((size_t)n, sizeof(*st->formats));
		st->types = xcalloc((size_t)n, sizeof(*st->types));
	}
	st->row = -1;
	return &st->base;
}

/* Stores a copy of the n bytes at p as parameter idx (NULL p: SQL NULL) in the
 * given format and type. */
static int pg_bind(struct db_stmt *st, int idx, const void *p, size_t n, int format,
		   Oid type)
{
	struct pg_stmt *s = pgs(st);
	char *v = NULL;
	int i = idx - 1;

	if (idx < 1 || idx > s->nparams) {
		db_set_err(st->db, "bind index %d out of range (statement has %d parameters)",
			   idx, s->nparams);
		return DB_ERR;
	}
	if (n > INT32_MAX) {
		db_set_err(st->db, "bind %d: value too large (%zu bytes)", idx, n);
		return DB_ERR;
	}
	if (p) {
		v = xmalloc(n + 1);
		memcpy(v, p, n);
		v[n] = '\0';
	}
	free(s->values[i]);
	s->values[i] = v;
	s->lengths[i] = (int)n;
	s->formats[i] = format;
	s->types[i] = type;
	return DB_OK;
}

/* Binds n bytes of text (text format, type inferred). */
static int pg_bind_text(struct db_stmt *st, int idx, const char *s, size_t n)
{
	return pg_bind(st, idx, s, n, 0, 0);
}

/* Binds an int64 as its decimal text. */
static int pg_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "%" PRId64, v);

	return pg_bind(st, idx, tmp, (size_t)n, 0, PG_INT8_OID);
}

/* Binds a double as text that reads back to the same value (%.17g; NaN and the
 * infinities in PostgreSQL's spelling). */
static int pg_bind_double(struct db_stmt *st, int idx, double v)
{
	char tmp[40];
	int n;

	if (isnan(v))
		n = snprintf(tmp, sizeof(tmp), "NaN");
	else if (isinf(v))
		n = snprintf(tmp, sizeof(tmp), "%sInfinity", v < 0 ? "-" : "");
	else
		n = snprintf(tmp, sizeof(tmp), "%.17g", v);
	return pg_bind(st, idx, tmp, (size_t)n, 0, PG_FLOAT8_OID);
}

/* Binds SQL NULL. */
static int pg_bind_null(struct db_stmt *st, int idx)
{
	return pg_bind(st, idx, NULL, 0, 0, 0);
}

/* Binds bytes as bytea in binary format (an empty blob is a non-NULL value). */
static int pg_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n)
{
	return pg_bind(st, idx, n ? p : "", n, 1, PG_BYTEA_OID);
}

/* Frees the decoded blobs of the current row (they live until the next step). */
static void pg_free_blobs(struct pg_stmt *s)
{
	int i, n;

	if (!s->blobs)
		return;
	n = s->res ? PQnfields(s->res) : 0;
	for (i = 0; i < n; i++)
		free(s->blobs[i]);
	free(s->blobs);
	s->blobs = NULL;
}

/*
 * The name of s's SQL prepared on this connection (PQprepare the first time), or NULL
 * with *res set to the failed preparation. A request's SQL was parsed and planned
 * anew on every execution (PQexecParams of an unnamed statement): about 0.5–2 ms of
 * the server's time for a hazard page, more than running it. Prepared once, later
 * executions reuse the plan (PostgreSQL keeps a generic one when it is not worse).
 * The key is the text and the parameter types (a type fixed at preparation must match
 * every binding). At most PG_PREP_MAX per connection; the least recently used is
 * deallocated (a list's SQL varies with its filters).
 */
static const char *pg_prepared(struct pg_db *d, struct pg_stmt *s, PGresult **res)
{
	struct buf k;
	struct pg_prep *slot = NULL, *p;
	uint64_t h;
	PGresult *r;
	char *key;

	*res = NULL;
	buf_init(&k, (size_t)1 << 24);
	buf_puts(&k, s->sql);
	for (int i = 0; i < s->nparams; i++)
		buf_printf(&k, "\x1f%u", (unsigned)s->types[i]);
	if (buf_failed(&k)) {
		buf_release(&k);
		return NULL;
	}
	h = hash64(buf_str(&k), k.len);
	for (int i = 0; i < PG_PREP_MAX; i++) {
		p = &d->prep[i];
		if (p->key && p->hash == h && !strcmp(p->key, buf_str(&k))) {
			p->used = ++d->tick;
			buf_release(&k);
			return p->name;
		}
		if (!slot || !p->key || (slot->key && p->used < slot->used))
			slot = p;	/* a free slot, else the least recently used */
	}
	key = buf_detach(&k, NULL);
	if (slot->key) {
		char sql[64];

		snprintf(sql, sizeof(sql), "DEALLOCATE %s", slot->name);
		PQclear(PQexec(d->conn, sql));
		free(slot->key);
		slot->key = NULL;
	}
	snprintf(slot->name, sizeof(slot->name), "a%lu", ++d->seq);
	r = PQprepare(d->conn, slot->name, s->sql, s->nparams, s->types);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		*res = r;	/* the error, for the caller to report */
		free(key);
		return NULL;
	}
	PQclear(r);
	slot->key = key;
	slot->hash = h;
	slot->used = ++d->tick;
	return slot->name;
}

/* Runs the statement on the first call, then walks its rows. */
static int pg_step(struct db_stmt *st)
{
	struct pg_stmt *s = pgs(st);
	struct pg_db *d = pg(st->db);
	int rc;

	if (s->state == PG_FINISHED)
		return s->last_rc;
	pg_free_blobs(s);
	if (s->state == PG_FRESH) {
		const char *name = pg_prepared(d, s, &s->res);

		if (name)
			s->res = PQexecPrepared(d->conn, name, s->nparams,
						(const char *const *)s->values, s->lengths,
						s->formats, 0);
		else if (!s->res)
			s->res = PQexecParams(d->conn, s->sql, s->nparams, s->types,
					      (const char *const *)s->values, s->lengths,
					      s->formats, 0);
		rc = pg_result_rc(d, s->res);
		if (rc != DB_OK) {
			s->state = PG_FINISHED;
			s->last_rc = rc;
			return rc;
		}
		s->state = PG_RUN;
		s->row = -1;
	}
	if (++s->row < PQntuples(s->res))
		return DB_ROW;
	s->state = PG_FINISHED;
	s->last_rc = DB_DONE;
	return DB_DONE;
}

/* Forgets the result and every binding so the statement can run afresh. */
static int pg_reset(struct db_stmt *st)
{
	struct pg_stmt *s = pgs(st);
	int i;

	pg_free_blobs(s);	/* before the result: it sizes the array */
	PQclear(s->res);
	s->res = NULL;
	for (i = 0; i < s->nparams; i++) {
		free(s->values[i]);
		s->values[i] = NULL;
		s->lengths[i] = 0;
		s->formats[i] = 0;
		s->types[i] = 0;
	}
	s->state = PG_FRESH;
	s->last_rc = DB_OK;
	s->row = -1;
	return DB_OK;
}

/* Frees the statement and everything it owns. */
static void pg_finalize(struct db_stmt *st)
{
	struct pg_stmt *s = pgs(st);

	pg_reset(st);
	free(s->values);
	free(s->lengths);
	free(s->formats);
	free(s->types);
	free(s->sql);
	free(s);
}

/* Number of result columns (0 before the statement ran). */
static int pg_col_count(struct db_stmt *st)
{
	return pgs(st)->res ? PQnfields(pgs(st)->res) : 0;
}

/* 1 if there is a current row and col is one of its columns. */
static int pg_has_cell(struct pg_stmt *s, int col)
{
	return s->res && s->state == PG_RUN && s->row >= 0 && s->row < PQntuples(s->res) &&
	       col >= 0 && col < PQnfields(s->res);
}

/* Name of result column col, NULL when out of range. */
static const char *pg_col_name(struct db_stmt *st, int col)
{
	struct pg_stmt *s = pgs(st);

	if (!s->res || col < 0 || col >= PQnfields(s->res))
		return NULL;
	return PQfname(s->res, col);
}

/* 1 if column col of the current row is NULL (or there is no such cell). */
static int pg_col_isnull(struct db_stmt *st, int col)
{
	struct pg_stmt *s = pgs(st);

	return !pg_has_cell(s, col) || PQgetisnull(s->res, s->row, col);
}

/* Text of column col, NULL for NULL; owned by the result. */
static const char *pg_col_text(struct db_stmt *st, int col)
{
	struct pg_stmt *s = pgs(st);

	if (pg_col_isnull(st, col))
		return NULL;
	return PQgetvalue(s->res, s->row, col);
}

/* Text of column col and its length (PQgetlength). */
static const char *pg_col_textn(struct db_stmt *st, int col, size_t *n)
{
	struct pg_stmt *s = pgs(st);

	if (pg_col_isnull(st, col)) {
		*n = 0;
		return NULL;
	}
	*n = (size_t)PQgetlength(s->res, s->row, col);
	return PQgetvalue(s->res, s->row, col);
}

/* Integer of column col: decimal text, a boolean t/f as 1/0, or a number with a
 * fraction or exponent truncated toward zero. 0 for NULL or non-numbers. */
static int64_t pg_col_int64(struct db_stmt *st, int col)
{
	const char *v = pg_col_text(st, col);
	char *end;
	long long n;

	if (!v)
		return 0;
	if (!strcmp(v, "t"))
		return 1;
	if (!strcmp(v, "f"))
		return 0;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (*end == '.' || *end == 'e' || *end == 'E')
		return (int64_t)strtod(v, NULL);
	return (int64_t)n;
}

/* Double of column col; 0 for NULL. strtod reads NaN and [-]Infinity too. */
static double pg_col_double(struct db_stmt *st, int col)
{
	const char *v = pg_col_text(st, col);

	return v ? strtod(v, NULL) : 0.0;
}

/* Value of one hex digit, or -1. */
static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Bytes of column col. bytea comes in hex output ("\x…") and is decoded into a
 * buffer owned by the statement, kept per column until the next step; any other
 * type gives its text bytes. NULL (and *n = 0) for SQL NULL. */
static const void *pg_col_blob(struct db_stmt *st, int col, size_t *n)
{
	struct pg_stmt *s = pgs(st);
	const char *v = pg_col_text(st, col);
	const char *hex;
	unsigned char *out;
	size_t len, i;

	*n = 0;
	if (!v)
		return NULL;
	len = (size_t)PQgetlength(s->res, s->row, col);
	if (PQftype(s->res, col) != PG_BYTEA_OID || len < 2 || v[0] != '\\' || v[1] != 'x') {
		*n = len;
		return v;
	}
	if (!s->blobs)
		s->blobs = xcalloc((size_t)PQnfields(s->res), sizeof(*s->blobs));
	free(s->blobs[col]);
	hex = v + 2;
	len -= 2;
	out = xmalloc(len / 2 + 1);
	for (i = 0; i + 1 < len; i += 2) {
		int hi = hexval(hex[i]), lo = hexval(hex[i + 1]);

		if (hi < 0 || lo < 0)
			break;
		out[i / 2] = (unsigned char)(hi << 4 | lo);
	}
	s->blobs[col] = out;
	*n = i / 2;
	return out;
}

/* Rows changed by the statement (from the command tag, e.g. "UPDATE 3"). */
static int64_t pg_changes(struct db_stmt *st)
{
	struct pg_stmt *s = pgs(st);
	const char *t;

	if (!s->res)
		return 0;
	t = PQcmdTuples(s->res);
	return *t ? strtoll(t, NULL, 10) : 0;
}

static const struct db_ops pg_ops = {
	.type_pk = "BIGSERIAL PRIMARY KEY",
	.type_int = "BIGINT",
	.type_real = "DOUBLE PRECISION",
	.type_blob = "BYTEA",
	/* to_regclass resolves the name the way an unqualified query would (through
	 * search_path); relkind r/p = ordinary or partitioned table. */
	.sql_has_table = "SELECT 1 FROM pg_catalog.pg_class"
			 " WHERE oid = to_regclass(?) AND relkind IN ('r', 'p')",
	.sql_has_column = "SELECT 1 FROM pg_catalog.pg_attribute a"
			  " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
			  " WHERE c.oid = to_regclass(?) AND c.relkind IN ('r', 'p')"
			  " AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped",
	.close = pg_close,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.bind_text = pg_bind_text,
	.bind_int64 = pg_bind_int64,
	.bind_double = pg_bind_double,
	.bind_null = pg_bind_null,
	.bind_blob = pg_bind_blob,
	.step = pg_step,
	.reset = pg_reset,
	.finalize = pg_finalize,
	.col_count = pg_col_count,
	.col_name = pg_col_name,
	.col_isnull = pg_col_isnull,
	.col_text = pg_col_text,
	.col_int64 = pg_col_int64,
	.col_double = pg_col_double,
	.col_blob = pg_col_blob,
	.col_textn = pg_col_textn,
	.changes = pg_changes,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.check = pg_check,
};

/*
 * Connects with conninfo: a postgres:// URI, a keyword/value string, or "" for
 * the PG* environment variables. client_encoding=UTF8 is a connection parameter
 * (it follows the conninfo, so it wins) and survives PQreset.
 */
struct db *db_pg_open(const char *conninfo, char **err)
{
	const char *const keys[] = { "dbname", "client_encoding",
				     "fallback_application_name", NULL };
	const char *const vals[] = { conninfo, "UTF8", "anjian", NULL };
	struct pg_db *d = NULL;
	PGconn *conn;

	conn = PQconnectdbParams(keys, vals, 1);
	if (!conn) {
		db_err_out(err, "cannot connect to PostgreSQL: out of memory");
		goto out;
	}
	if (PQstatus(conn) != CONNECTION_OK) {
		const char *m = PQerrorMessage(conn);
		int n = (int)strlen(m);

		while (n > 0 && m[n - 1] == '\n')
			n--;
		db_err_out(err, "cannot connect to PostgreSQL: %.*s", n, m);
		goto out;
	}
	PQsetNoticeProcessor(conn, pg_notice, NULL);
	d = xcalloc(1, sizeof(*d));
	d->base.ops = &pg_ops;
	d->base.kind = DB_PG;
	d->conn = conn;
	conn = NULL;
out:
	PQfinish(conn);	/* NULL is a no-op */
	return d ? &d->base : NULL;
}
