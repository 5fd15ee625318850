/*
 * target.c — the enterprises a target selects within a scope (target.h), and the
 * transaction steps of module handlers.
 *
 * One SELECT over the registry: active enterprises (enterprise e) whose org the
 * viewer may see, narrowed by the kind (high_risk, industry); a list — given, or
 * from a registered kind's resolver — is applied to the rows read, so no SQL is
 * ever built from the list's text.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "target.h"
#include "entity.h"
#include "obligation.h"
#include "../core/buf.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"

#define TGT_KINDS_MAX 8

static struct { const char *kind; ent_target_resolve_fn fn; } kinds[TGT_KINDS_MAX];
static int nkinds;

void ent_target_kind_register(const char *kind, ent_target_resolve_fn fn)
{
	if (nkinds == TGT_KINDS_MAX || !kind || !fn)
		BUG("ent_target_kind_register: too many kinds or no resolver");
	kinds[nkinds].kind = kind;
	kinds[nkinds++].fn = fn;
}

static int is(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

void ent_target_of_row(const json_t *row, const char *target_ref_field, struct ent_target *t)
{
	*t = (struct ent_target){ .kind = row_str(row, "target"),
		.industry = row_str(row, "target_industry"), .list = row_str(row, "target_list"),
		.ref = target_ref_field ? row_int(row, target_ref_field) : 0 };
}

int ent_target_list_ok(const char *l)
{
	int ok = l != NULL;

	for (const char *p = l; p && *p; p++)
		ok &= (*p >= '0' && *p <= '9') || *p == ',' || *p == ' ';
	return ok;
}

int ent_target_list_has(const char *l, int64_t org)
{
	while (l && *l) {
		char *end;
		long long v = strtoll(l, &end, 10);

		if (end == l) {
			l++;
			continue;
		}
		if (v == org)
			return 1;
		l = end;
	}
	return 0;
}

/* The list a target filters by: its own (list), a resolver's (registered kind), or
 * NULL (no list). 0 ok, -1 unknown kind or resolver error. */
static int target_list(struct db *db, struct arena *a, const struct ent_target *t, const char **list)
{
	*list = NULL;
	if (is(t->kind, "all") || is(t->kind, "high_risk") || is(t->kind, "industry"))
		return 0;
	if (is(t->kind, "list")) {
		*list = t->list ? t->list : "";
		return 0;
	}
	for (int i = 0; i < nkinds; i++)
		if (is(kinds[i].kind, t->kind)) {
			if (kinds[i].fn(db, a, t->ref, list) != 0)
				return -1;
			if (!*list)
				*list = "";
			return 0;
		}
	log_err("target: unknown kind %s", t->kind ? t->kind : "(none)");
	return -1;
}

int ent_target_orgs(struct db *db, struct arena *a, int64_t viewer, const struct ent_target *t,
		    int64_t **out, int *n)
{
	const char *list;
	struct buf sql;
	struct db_stmt *st;
	int s, cap = 0;

	*out = NULL;
	*n = 0;
	if (target_list(db, a, t, &list) != 0)
		return -1;
	buf_init(&sql, 512);
	buf_puts(&sql, "SELECT e.org_id FROM enterprise e WHERE " OB_ENTERPRISE_ACTIVE
		 " AND e.org_id IN (SELECT org_id FROM scope_org WHERE viewer = ?)");
	if (is(t->kind, "high_risk"))
		buf_puts(&sql, " AND e.high_risk IS NOT NULL AND e.high_risk <> 'none'");
	if (is(t->kind, "industry"))
		buf_puts(&sql, " AND e.industry_section = ?");
	buf_puts(&sql, " ORDER BY e.org_id");
	st = buf_failed(&sql) ? NULL : db_prepare(db, buf_str(&sql));
	buf_release(&sql);
	if (!st || db_bind_int64(st, 1, viewer) < 0 ||
	    (is(t->kind, "industry") && db_bind_text(st, 2, t->industry ? t->industry : "") < 0)) {
		db_finalize(st);
		return -1;
	}
	while ((s = db_step(st)) == DB_ROW) {
		int64_t org = db_col_int64(st, 0);

		if (list && !ent_target_list_has(list, org))
			continue;
		if (*n == cap) {
			int64_t *p = realloc(*out, sizeof(**out) * (size_t)(cap = cap ? cap * 2 : 64));
			if (!p) {
				s = -1;
				break;
			}
			*out = p;
		}
		(*out)[(*n)++] = org;
	}
	db_finalize(st);
	if (s != DB_DONE) {
		log_err("target %s: %s", t->kind ? t->kind : "", db_errmsg(db));
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int ent_target_has(struct db *db, struct arena *a, int64_t viewer, const struct ent_target *t,
		   int64_t org)
{
	int64_t *orgs = NULL;
	int n = 0, found = 0;

	if (ent_target_orgs(db, a, viewer, t, &orgs, &n) != 0)
		return -1;
	for (int i = 0; i < n && !found; i++)
		found = orgs[i] == org;
	free(orgs);
	return found;
}

/* ------------------------------------------------------------ transactions */

int ent_tx_begin(struct req *r, struct resp *s)
{
	if (db_begin(r->db) != 0) {
		log_err("begin: %s", db_errmsg(r->db));
		return http_internal(s);
	}
	return 0;
}

int ent_tx_commit(struct req *r, struct resp *s)
{
	if (db_commit(r->db) != 0) {
		log_err("commit: %s", db_errmsg(r->db));
		db_rollback(r->db);
		return http_internal(s);
	}
	return 0;
}
