/*
 * aggregate.c — declared running aggregates (entity.h "Aggregates").
 *
 * A module declares, on its entity, what each row contributes to a summary table:
 * the key (e.g. the enterprise org, or the month of found_at) and each counted
 * column, all as SQL expressions over the row. The core never asks the module to
 * compute a contribution in C, so the rule is written once and serves both paths:
 *
 *   - inside every write through the core, the row's contribution is read before
 *     and after the write (one SELECT of the expressions for the row's id each) and
 *     the difference is added to the summary row(s) by an upsert, in the write's
 *     transaction: a refused write changes no count;
 *   - agg_recompute() empties each summary table and rebuilds it with one
 *     INSERT … SELECT … GROUP BY of the same expressions (anjian check).
 *
 * The SQL is assembled only from the declarations (constants checked at start-up by
 * the identifiers they name) and '?' placeholders.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "../core/util.h"
#include "../db/db.h"

/* Number of keys of a declaration. */
static int agg_nkeys(const struct agg_def *a)
{
	int n = 0;

	while (n < AGG_MAX_KEYS && a->keys[n].name)
		n++;
	return n;
}

/* SELECT k…, c…, where FROM table t: one row's keys, contributions and whether it
 * counts at all. */
static void agg_select(struct buf *sql, const struct entity_def *e, const struct agg_def *a)
{
	int nk = agg_nkeys(a);

	buf_puts(sql, "SELECT ");
	for (int k = 0; k < nk; k++)
		buf_printf(sql, "%s(%s)", k ? ", " : "", a->keys[k].expr);
	for (size_t i = 0; i < a->ncols; i++)
		buf_printf(sql, ", (%s)", a->cols[i].expr);
	buf_printf(sql, ", CASE WHEN %s THEN 1 ELSE 0 END FROM %s t",
		   a->where ? a->where : "1 = 1", e->table);
}

/* Reads what row id contributes to each aggregate of e into s (absent rows, rows
 * outside where, rows with a NULL key contribute nothing). 0 ok, -1 error. */
int ent_agg_snap(struct ectx *c, const struct entity_def *e, int64_t id, struct agg_snap *s)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < e->naggs && i < ENT_MAX_AGGS; i++) {
		const struct agg_def *a = &e->aggs[i];
		struct agg_contrib *x = &s->v[i];
		struct buf sql;
		struct db_stmt *st;
		int nk = agg_nkeys(a), r, null = 0;

		buf_init(&sql, 1 << 14);
		agg_select(&sql, e, a);
		buf_puts(&sql, " WHERE t.id = ?");
		st = buf_failed(&sql) ? NULL : db_prepare(c->db, buf_str(&sql));
		buf_release(&sql);
		if (!st || db_bind_int64(st, 1, id) < 0) {
			db_finalize(st);
			log_err("aggregate %s: %s", a->table, db_errmsg(c->db));
			return -1;
		}
		r = db_step(st);
		if (r == DB_ROW) {
			for (int k = 0; k < nk; k++) {
				if (db_col_isnull(st, k))
					null = 1;
				else if (a->keys[k].text)
					snprintf(x->key_text[k], sizeof(x->key_text[k]), "%s",
						 db_col_text(st, k));
				else
					x->key_int[k] = db_col_int64(st, k);
			}
			for (size_t j = 0; j < a->ncols && j < AGG_MAX_COLS; j++)
				x->val[j] = db_col_int64(st, nk + (int)j);
			x->present = !null && db_col_int64(st, nk + (int)a->ncols) != 0;
			if (!x->present)
				memset(x->val, 0, sizeof(x->val));
			while ((r = db_step(st)) == DB_ROW)
				;
		}
		db_finalize(st);
		if (r != DB_DONE) {
			log_err("aggregate %s: %s", a->table, db_errmsg(c->db));
			return -1;
		}
	}
	return 0;
}

/* 1 if two contributions have the same key. */
static int agg_same_key(const struct agg_def *a, const struct agg_contrib *x,
			const struct agg_contrib *y)
{
	for (int k = 0; k < agg_nkeys(a); k++)
		if (a->keys[k].text ? strcmp(x->key_text[k], y->key_text[k]) != 0
				    : x->key_int[k] != y->key_int[k])
			return 0;
	return 1;
}

/* Adds sign × d to the summary row of key x. */
static int agg_add(struct ectx *c, const struct agg_def *a, const struct agg_contrib *x,
		   const int64_t *d, const char *now)
{
	struct buf sql;
	struct db_stmt *st = NULL;
	int nk = agg_nkeys(a), idx = 1, rc = -1;

	buf_init(&sql, 1 << 14);
	buf_printf(&sql, "INSERT INTO %s (", a->table);
	for (int k = 0; k < nk; k++)
		buf_printf(&sql, "%s%s", k ? ", " : "", a->keys[k].name);
	for (size_t i = 0; i < a->ncols; i++)
		buf_printf(&sql, ", %s", a->cols[i].name);
	if (a->stamp)
		buf_printf(&sql, ", %s", a->stamp);
	buf_puts(&sql, ") VALUES (");
	for (int i = 0; i < nk + (int)a->ncols + (a->stamp ? 1 : 0); i++)
		buf_puts(&sql, i ? ", ?" : "?");
	buf_puts(&sql, ") ON CONFLICT (");
	for (int k = 0; k < nk; k++)
		buf_printf(&sql, "%s%s", k ? ", " : "", a->keys[k].name);
	buf_puts(&sql, ") DO UPDATE SET ");
	for (size_t i = 0; i < a->ncols; i++)
		buf_printf(&sql, "%s%s = %s.%s + excluded.%s", i ? ", " : "", a->cols[i].name,
			   a->table, a->cols[i].name, a->cols[i].name);
	if (a->stamp)
		buf_printf(&sql, ", %s = excluded.%s", a->stamp, a->stamp);
	if (buf_failed(&sql))
		goto out;
	st = db_prepare(c->db, buf_str(&sql));
	if (!st)
		goto out;
	for (int k = 0; k < nk; k++)
		if ((a->keys[k].text ? db_bind_text(st, idx++, x->key_text[k])
				     : db_bind_int64(st, idx++, x->key_int[k])) < 0)
			goto out;
	for (size_t i = 0; i < a->ncols; i++)
		if (db_bind_int64(st, idx++, d[i]) < 0)
			goto out;
	if (a->stamp && db_bind_text(st, idx++, now) < 0)
		goto out;
	if (db_step(st) != DB_DONE)
		goto out;
	rc = 0;
out:
	if (rc)
		log_err("aggregate %s: %s", a->table, db_errmsg(c->db));
	db_finalize(st);
	buf_release(&sql);
	return rc;
}

/* Moves every aggregate of e from what before contributed to what after does. */
int ent_agg_apply(struct ectx *c, const struct entity_def *e, const struct agg_snap *before,
		  const struct agg_snap *after)
{
	char now[20];

	time_datetime(now_utc(), now);
	for (size_t i = 0; i < e->naggs && i < ENT_MAX_AGGS; i++) {
		const struct agg_def *a = &e->aggs[i];
		const struct agg_contrib *b = &before->v[i], *x = &after->v[i];
		int64_t d[AGG_MAX_COLS];
		int nz = 0;

		if (b->present && x->present && agg_same_key(a, b, x)) {
			for (size_t j = 0; j < a->ncols; j++)
				nz |= (d[j] = x->val[j] - b->val[j]) != 0;
			if (nz && agg_add(c, a, x, d, now) < 0)
				return -1;
			continue;
		}
		if (b->present) {
			for (size_t j = 0; j < a->ncols; j++)
				d[j] = -b->val[j];
			if (agg_add(c, a, b, d, now) < 0)
				return -1;
		}
		if (x->present && agg_add(c, a, x, x->val, now) < 0)
			return -1;
	}
	return 0;
}

/* 1 if an earlier declaration (entity ei, aggregate ai) already used table. */
static int agg_table_seen(size_t ei, size_t ai, const char *table)
{
	for (size_t i = 0; i <= ei; i++) {
		const struct entity_def *e = entity_at(i);
		for (size_t j = 0; j < e->naggs && (i < ei || j < ai); j++)
			if (strcmp(e->aggs[j].table, table) == 0)
				return 1;
	}
	return 0;
}

/* Creates missing aggregate tables and columns (see entity.h). */
int agg_schema(struct db *db)
{
	for (size_t i = 0; i < entity_count(); i++) {
		const struct entity_def *e = entity_at(i);
		for (size_t j = 0; j < e->naggs; j++) {
			const struct agg_def *a = &e->aggs[j];
			struct buf sql;
			int nk = agg_nkeys(a), rc = 0, has = db_has_table(db, a->table);

			if (has < 0)
				return -1;
			buf_init(&sql, 1 << 14);
			if (!has) {
				buf_printf(&sql, "CREATE TABLE %s (", a->table);
				for (int k = 0; k < nk; k++)
					buf_printf(&sql, "%s %s NOT NULL, ", a->keys[k].name,
						   a->keys[k].text ? "TEXT" : db_type_int(db));
				for (size_t m = 0; m < a->ncols; m++)
					buf_printf(&sql, "%s %s NOT NULL DEFAULT 0, ", a->cols[m].name,
						   db_type_int(db));
				if (a->stamp)
					buf_printf(&sql, "%s TEXT, ", a->stamp);
				buf_puts(&sql, "PRIMARY KEY (");
				for (int k = 0; k < nk; k++)
					buf_printf(&sql, "%s%s", k ? ", " : "", a->keys[k].name);
				buf_puts(&sql, "))");
				rc = db_exec(db, buf_str(&sql));
			}
			for (size_t m = 0; rc == 0 && m < a->ncols; m++) {
				int hc = db_has_column(db, a->table, a->cols[m].name);
				if (hc < 0)
					rc = -1;
				else if (!hc) {
					buf_reset(&sql);
					buf_printf(&sql, "ALTER TABLE %s ADD COLUMN %s %s NOT NULL DEFAULT 0",
						   a->table, a->cols[m].name, db_type_int(db));
					rc = db_exec(db, buf_str(&sql));
				}
			}
			buf_release(&sql);
			if (rc) {
				log_err("aggregate schema %s: %s", a->table, db_errmsg(db));
				return -1;
			}
		}
	}
	return 0;
}

/* Rebuilds every declared aggregate table (see entity.h). */
int agg_recompute(struct db *db)
{
	char now[20];

	time_datetime(now_utc(), now);
	for (size_t i = 0; i < entity_count(); i++) {
		const struct entity_def *e = entity_at(i);
		for (size_t j = 0; j < e->naggs; j++) {
			if (agg_table_seen(i, j, e->aggs[j].table))
				continue;
			struct buf sql;
			int rc;
			buf_init(&sql, 256);
			buf_printf(&sql, "DELETE FROM %s", e->aggs[j].table);
			rc = db_exec(db, buf_str(&sql));
			buf_release(&sql);
			if (rc) {
				log_err("aggregate recompute %s: %s", e->aggs[j].table, db_errmsg(db));
				return -1;
			}
		}
	}
	for (size_t i = 0; i < entity_count(); i++) {
		const struct entity_def *e = entity_at(i);
		for (size_t j = 0; j < e->naggs; j++) {
			const struct agg_def *a = &e->aggs[j];
			int nk = agg_nkeys(a), rc = -1;
			struct buf sql;
			struct db_stmt *st = NULL;

			buf_init(&sql, 1 << 15);
			buf_printf(&sql, "INSERT INTO %s (", a->table);
			for (int k = 0; k < nk; k++)
				buf_printf(&sql, "%s%s", k ? ", " : "", a->keys[k].name);
			for (size_t m = 0; m < a->ncols; m++)
				buf_printf(&sql, ", %s", a->cols[m].name);
			if (a->stamp)
				buf_printf(&sql, ", %s", a->stamp);
			buf_puts(&sql, ") SELECT ");
			for (int k = 0; k < nk; k++)
				buf_printf(&sql, "%s(%s)", k ? ", " : "", a->keys[k].expr);
			for (size_t m = 0; m < a->ncols; m++)
				buf_printf(&sql, ", SUM(%s)", a->cols[m].expr);
			if (a->stamp)
				buf_puts(&sql, ", ?");
			buf_printf(&sql, " FROM %s t WHERE ", e->table);
			for (int k = 0; k < nk; k++)
				buf_printf(&sql, "%s(%s) IS NOT NULL", k ? " AND " : "", a->keys[k].expr);
			if (a->where)
				buf_printf(&sql, " AND (%s)", a->where);
			buf_puts(&sql, " GROUP BY ");
			for (int k = 0; k < nk; k++)
				buf_printf(&sql, "%s(%s)", k ? ", " : "", a->keys[k].expr);
			buf_puts(&sql, " ON CONFLICT (");
			for (int k = 0; k < nk; k++)
				buf_printf(&sql, "%s%s", k ? ", " : "", a->keys[k].name);
			buf_puts(&sql, ") DO UPDATE SET ");
			for (size_t m = 0; m < a->ncols; m++)
				buf_printf(&sql, "%s%s = %s.%s + excluded.%s", m ? ", " : "",
					   a->cols[m].name, a->table, a->cols[m].name, a->cols[m].name);
			if (a->stamp)
				buf_printf(&sql, ", %s = excluded.%s", a->stamp, a->stamp);
			if (!buf_failed(&sql))
				st = db_prepare(db, buf_str(&sql));
			if (st && (!a->stamp || db_bind_text(st, 1, now) == 0) && db_step(st) == DB_DONE)
				rc = 0;
			if (rc)
				log_err("aggregate recompute %s: %s", a->table, db_errmsg(db));
			db_finalize(st);
			buf_release(&sql);
			if (rc)
				return -1;
		}
	}
	return 0;
}
