/*
 * schema.c — tables from declarations (DESIGN.md §7: a database from an older
 * version opens and upgrades). For every registered entity:
 *   - CREATE TABLE IF NOT EXISTS with id, org_id (unless E_NO_ORG), created_at,
 *     updated_at, created_by, updated_by and one column per stored field;
 *   - for a table that already exists (made by a migration or an older version),
 *     ALTER TABLE ADD COLUMN for each missing column;
 *   - indexes: the scope column, every F_FILTER / F_SORT / ref column, and a UNIQUE
 *     index per F_UNIQUE field (NULLs do not collide in either backend).
 * Identifiers come only from declarations, checked at registration (registry.c).
 */
#include <string.h>

#include "internal.h"
#include "../core/util.h"
#include "../db/db.h"

/* SQL column type of a stored field on this backend. */
static const char *schema_col_type(struct db *db, const struct field_def *f)
{
	switch (f->type) {
	case FT_INT:
	case FT_BOOL:
	case FT_REF:
	case FT_MONEY:
		return db_type_int(db);
	case FT_REAL:
	case FT_LAT:
	case FT_LNG:
		return db_type_real(db);
	default:
		return "TEXT";
	}
}

/* Runs one generated DDL statement; logs on failure. */
static int schema_exec(struct db *db, const char *sql)
{
	if (db_exec(db, sql) < 0) {
		log_err("schema: %s: %s", sql, db_errmsg(db));
		return -1;
	}
	return 0;
}

/* Adds column col of type to table when missing. */
static int schema_add_column(struct db *db, const char *table, const char *col, const char *type)
{
	struct buf b;
	int has = db_has_column(db, table, col), rc;

	if (has < 0)
		return -1;
	if (has)
		return 0;
	buf_init(&b, 4096);
	buf_printf(&b, "ALTER TABLE %s ADD COLUMN %s %s", table, col, type);
	rc = buf_failed(&b) ? -1 : schema_exec(db, buf_str(&b));
	buf_release(&b);
	return rc;
}

/* CREATE [UNIQUE] INDEX IF NOT EXISTS <table>_<col>_{ix,uq} ON table(col). A unique
 * index that cannot be built (duplicates in old data) is logged, not fatal. */
static int schema_index(struct db *db, const char *table, const char *col, int unique)
{
	struct buf b;
	int rc;

	buf_init(&b, 4096);
	buf_printf(&b, "CREATE %sINDEX IF NOT EXISTS %s_%s_%s ON %s (%s)", unique ? "UNIQUE " : "",
		   table, col, unique ? "uq" : "ix", table, col);
	rc = buf_failed(&b) ? -1 : schema_exec(db, buf_str(&b));
	buf_release(&b);
	return unique ? 0 : rc;
}

/* CREATE INDEX IF NOT EXISTS <table>_ix_<col>_<col>… ON table(cols) for a declared
 * column list ("status, found_at"). The list comes from a declaration, never from a
 * request; anything but identifiers, commas and spaces is a bug. */
static int schema_composite(struct db *db, const char *table, const char *cols)
{
	struct buf b, name;
	int rc;

	for (const char *c = cols; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == ',' ||
		      *c == ' '))
			BUG("bad composite index declaration");
	buf_init(&name, 1024);
	for (const char *c = cols; *c; c++)
		if (*c != ' ')
			buf_putc(&name, *c == ',' ? '_' : *c);
	buf_init(&b, 4096);
	buf_printf(&b, "CREATE INDEX IF NOT EXISTS %s_ix_%s ON %s (%s)", table, buf_str(&name), table, cols);
	rc = buf_failed(&b) || buf_failed(&name) ? -1 : schema_exec(db, buf_str(&b));
	buf_release(&b);
	buf_release(&name);
	return rc;
}

/* Creates or upgrades one entity's table. */
static int schema_entity(struct db *db, const struct entity_def *e)
{
	struct buf b;
	size_t i;
	int has, rc = -1;
	const char *it = db_type_int(db);

	buf_init(&b, 1 << 16);
	has = db_has_table(db, e->table);
	if (has < 0)
		goto out;
	if (!has) {
		buf_printf(&b, "CREATE TABLE IF NOT EXISTS %s (id %s", e->table, db_type_pk(db));
		if (!(e->flags & E_NO_ORG))
			buf_printf(&b, ", org_id %s", it);
		buf_printf(&b, ", created_at TEXT, updated_at TEXT, created_by %s, updated_by %s", it, it);
		for (i = 0; i < e->nfields; i++) {
			const struct field_def *f = &e->fields[i];
			if (f->expr || strcmp(f->name, "org_id") == 0)
				continue;
			buf_printf(&b, ", %s %s", f->name, schema_col_type(db, f));
		}
		buf_puts(&b, ")");
		if (buf_failed(&b) || schema_exec(db, buf_str(&b)) < 0)
			goto out;
	} else {
		if (!(e->flags & E_NO_ORG) && schema_add_column(db, e->table, "org_id", it) < 0)
			goto out;
		if (schema_add_column(db, e->table, "created_at", "TEXT") < 0 ||
		    schema_add_column(db, e->table, "updated_at", "TEXT") < 0 ||
		    schema_add_column(db, e->table, "created_by", it) < 0 ||
		    schema_add_column(db, e->table, "updated_by", it) < 0)
			goto out;
		for (i = 0; i < e->nfields; i++) {
			const struct field_def *f = &e->fields[i];
			if (f->expr)
				continue;
			if (schema_add_column(db, e->table, f->name, schema_col_type(db, f)) < 0)
				goto out;
		}
	}
	if (ent_has_scope(e) && schema_index(db, e->table, ent_scope_col(e), 0) < 0)
		goto out;
	for (i = 0; i < e->nfields; i++) {
		const struct field_def *f = &e->fields[i];
		if (f->expr || strcmp(f->name, ent_scope_col(e)) == 0)
			continue;
		if ((f->flags & (F_FILTER | F_SORT)) || f->type == FT_REF)
			if (schema_index(db, e->table, f->name, 0) < 0)
				goto out;
		if (f->flags & F_UNIQUE)
			schema_index(db, e->table, f->name, 1);
	}
	for (i = 0; e->indexes && e->indexes[i]; i++)
		if (schema_composite(db, e->table, e->indexes[i]) < 0)
			goto out;
	rc = 0;
out:
	buf_release(&b);
	return rc;
}

/* Creates or upgrades every registered entity's table. 0 ok, -1 error (logged). */
int entity_schema_sync(struct db *db)
{
	size_t i;

	audit_register();
	for (i = 0; i < entity_count(); i++)
		if (schema_entity(db, entity_at(i)) < 0)
			return -1;
	return 0;
}
