/*
 * inbox.c — the in-app inbox (inbox.h). A declared, owner-scoped entity with a
 * two-state workflow (未读 → 已读, action read), plus POST /api/inbox/read-all.
 * The bell of the web reads GET /api/inbox?status=unread (its total).
 */
#include <string.h>

#include "inbox.h"
#include "internal.h"
#include "../core/util.h"
#include "../db/db.h"

int (*inbox_forward)(struct ectx *c, int64_t org_id, const char *kind, const char *title,
		     const char *body, const char *link);

static const struct enum_opt kind_opts[] = {
	{"due_soon", "即将到期"}, {"overdue", "已逾期"}, {"assigned", "指派给我"},
	{"supervised", "挂牌督办"}, {"returned", "被退回"}, {"notice", "通知"}, {NULL, NULL}
};
static const struct enum_opt status_opts[] = {
	{"unread", "未读"}, {"read", "已读"}, {NULL, NULL}
};

static const struct field_def inbox_fields[] = {
	{.name = "user_id", .label = "收件人", .type = FT_REF, .ref = "user", .flags = F_READONLY},
	{.name = "kind", .label = "类型", .type = FT_ENUM, .opts = kind_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "title", .label = "标题", .type = FT_TEXT, .max_len = 300,
	 .flags = F_READONLY | F_LIST | F_SEARCH},
	{.name = "body", .label = "内容", .type = FT_LONGTEXT, .flags = F_READONLY},
	{.name = "link", .label = "链接", .type = FT_TEXT, .max_len = 300, .flags = F_READONLY},
	{.name = "entity", .label = "记录类型", .type = FT_TEXT, .max_len = 64, .flags = F_READONLY},
	{.name = "entity_id", .label = "记录编号", .type = FT_INT, .flags = F_READONLY},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = status_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "sent_at", .label = "时间", .type = FT_DATETIME,
	 .flags = F_READONLY | F_LIST | F_SORT},
	{.name = "read_at", .label = "阅读时间", .type = FT_DATETIME, .flags = F_READONLY},
};

static const char *const from_unread[] = { "unread", NULL };
static const struct wf_state inbox_states[] = {
	{"unread", "未读", WS_OPEN}, {"read", "已读", WS_FINAL},
};

static int read_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "read_at", json_string(w->now));
	return 0;
}

static const struct wf_action inbox_actions[] = {
	{.verb = "mark_read", .label = "标为已读", .from = from_unread, .to = "read",
	 .apply = read_apply, .flags = WA_NO_EVENT},
};
static const struct workflow inbox_workflow = {
	.status_field = "status", .states = inbox_states, .nstates = ARRAY_SIZE(inbox_states),
	.actions = inbox_actions, .nactions = ARRAY_SIZE(inbox_actions), .noun = "消息",
};

static const char *const inbox_indexes[] = { "user_id, status, sent_at", NULL };

const struct entity_def inbox_def = {
	.name = "inbox", .table = "inbox", .label = "消息",
	.fields = inbox_fields, .nfields = ARRAY_SIZE(inbox_fields),
	.flags = E_NO_CREATE | E_NO_UPDATE | E_NO_DELETE | E_NO_AUDIT | E_DERIVED,
	.display_field = "title", .default_sort = "-sent_at",
	.indexes = inbox_indexes, .owner_column = "user_id",
	.workflow = &inbox_workflow,
};

/* The outbound copy of a notice to org (once per notice, not per recipient). */
static int inbox_forward_once(struct ectx *c, int64_t org, const char *kind, const char *title,
			      const char *body, const char *link)
{
	return inbox_forward && org ? (inbox_forward(c, org, kind, title, body, link) < 0 ? -1 : 0) : 0;
}

/* One message to one user, without the outbound copy. */
static int inbox_put(struct ectx *c, int64_t user_id, const char *kind, const char *title,
		     const char *body, const char *link, const char *entity, int64_t entity_id)
{
	static const char sql[] =
		"INSERT INTO inbox (org_id, created_at, updated_at, created_by, updated_by, user_id,"
		" kind, title, body, link, entity, entity_id, status, sent_at)"
		" SELECT u.org_id, ?, ?, ?, ?, u.id, ?, ?, ?, ?, ?, ?, 'unread', ? FROM users u"
		" WHERE u.id = ? AND u.active = 1";
	struct db_stmt *st = db_prepare(c->db, sql);
	char now[20], real[20];
	int i = 1, rc = -1;
	int64_t org = 0;

	entity_now(now);
	time_datetime(now_utc(), real);
	if (!st || db_bind_text(st, i++, real) < 0 || db_bind_text(st, i++, real) < 0)
		goto out;
	for (int k = 0; k < 2; k++, i++)
		if ((c->user ? db_bind_int64(st, i, c->user->id) : db_bind_null(st, i)) < 0)
			goto out;
	if (db_bind_text(st, i++, kind) < 0 || db_bind_text(st, i++, title) < 0 ||
	    db_bind_text(st, i++, body) < 0 || db_bind_text(st, i++, link) < 0 ||
	    db_bind_text(st, i++, entity) < 0 ||
	    (entity_id ? db_bind_int64(st, i, entity_id) : db_bind_null(st, i)) < 0)
		goto out;
	i++;
	if (db_bind_text(st, i++, now) < 0 || db_bind_int64(st, i++, user_id) < 0 ||
	    db_step(st) != DB_DONE)
		goto out;
	rc = 0;
out:
	if (rc)
		log_err("inbox: %s", db_errmsg(c->db));
	db_finalize(st);
	(void)org;
	return rc;
}

/* One message (see inbox.h), copied outbound to the channels of the user's org. */
int inbox_send(struct ectx *c, int64_t user_id, const char *kind, const char *title,
	       const char *body, const char *link, const char *entity, int64_t entity_id)
{
	int64_t org = 0;

	if (inbox_put(c, user_id, kind, title, body, link, entity, entity_id) < 0)
		return -1;
	if (inbox_forward &&
	    db_query_int64p(c->db, "SELECT org_id FROM users WHERE id = ? AND active = 1", user_id, &org, 0) != 0)
		return -1;
	return inbox_forward_once(c, org, kind, title, body, link);
}

/* Sends to every user id the statement yields (first column) that keep accepts
 * (NULL: all), reading at most 256; finalizes st. The count sent, -1 error. */
static int inbox_send_each(struct ectx *c, struct db_stmt *st,
			   int (*keep)(struct db_stmt *st, const void *ctx), const void *ctx,
			   const char *kind, const char *title, const char *body, const char *link,
			   const char *entity, int64_t entity_id)
{
	int64_t ids[256];
	int n = 0, s;

	while ((s = db_step(st)) == DB_ROW && n < (int)ARRAY_SIZE(ids))
		if (!keep || keep(st, ctx))
			ids[n++] = db_col_int64(st, 0);
	db_finalize(st);
	if (s != DB_ROW && s != DB_DONE)
		return -1;
	for (int i = 0; i < n; i++)
		if (inbox_put(c, ids[i], kind, title, body, link, entity, entity_id) < 0)
			return -1;
	return n;
}

/* keep: the row's role (column 1) is in the role mask *ctx. */
static int inbox_keep_role(struct db_stmt *st, const void *ctx)
{
	return (*(const unsigned *)ctx & (1u << role_parse(db_col_text(st, 1)))) != 0;
}

/* keep for inbox_send_org: the extra person, or a user of the org with a role. */
struct inbox_org_pick {
	int64_t org, also;
	unsigned roles;
};

static int inbox_keep_org(struct db_stmt *st, const void *ctx)
{
	const struct inbox_org_pick *k = ctx;

	return (k->also && db_col_int64(st, 0) == k->also) ||
	       (db_col_int64(st, 2) == k->org && inbox_keep_role(st, &k->roles));
}

int inbox_send_enterprise(struct ectx *c, int64_t ent, unsigned roles, const char *kind,
			  const char *title, const char *body, const char *link,
			  const char *entity, int64_t entity_id)
{
	static const char sql[] =
		"SELECT u.id, u.role FROM users u JOIN org uo ON uo.id = u.org_id JOIN org e ON e.id = ?"
		" WHERE u.active = 1 AND substr(uo.path, 1, length(e.path)) = e.path"
		/* the enterprise's own people: not those of a subsidiary below it */
		" AND NOT EXISTS (SELECT 1 FROM org m WHERE m.kind = 'enterprise' AND m.id <> e.id"
		" AND substr(m.path, 1, length(e.path)) = e.path"
		" AND substr(uo.path, 1, length(m.path)) = m.path) ORDER BY u.id";
	struct db_stmt *st = db_prepare(c->db, sql);
	int n;

	if (!st || db_bind_int64(st, 1, ent) < 0) {
		db_finalize(st);
		return -1;
	}
	n = inbox_send_each(c, st, inbox_keep_role, &roles, kind, title, body, link, entity,
			    entity_id);
	if (n < 0)
		return -1;
	/* one outbound copy for the enterprise (its channels and those above it) */
	return inbox_forward_once(c, ent, kind, title, body, link) < 0 ? -1 : n;
}

int inbox_send_regulators(struct ectx *c, int64_t ent, const char *kind, const char *title,
			  const char *body, const char *link, const char *entity,
			  int64_t entity_id)
{
	static const char sql[] =
		"SELECT DISTINCT u.id FROM users u JOIN supervision s ON s.regulator_org = u.org_id"
		" WHERE s.enterprise_org = ? AND u.active = 1 AND u.role = 'regulator' ORDER BY u.id";
	struct db_stmt *st = db_prepare(c->db, sql);

	if (!st || db_bind_int64(st, 1, ent) < 0) {
		db_finalize(st);
		return -1;
	}
	{
		int n = inbox_send_each(c, st, NULL, NULL, kind, title, body, link, entity,
					entity_id);
		return n < 0 || inbox_forward_once(c, ent, kind, title, body, link) < 0 ? -1 : n;
	}
}

int inbox_send_org(struct ectx *c, int64_t org, unsigned roles, int64_t also, const char *kind,
		   const char *title, const char *body, const char *link, const char *entity,
		   int64_t entity_id)
{
	static const char sql[] =
		"SELECT u.id, u.role, u.org_id FROM users u WHERE u.active = 1"
		" AND (u.org_id = ? OR u.id = ?) ORDER BY u.id";
	struct db_stmt *st = db_prepare(c->db, sql);
	struct inbox_org_pick pick = { org, also, roles };
	int n;

	if (!st || db_bind_int64(st, 1, org) < 0 || db_bind_int64(st, 2, also) < 0) {
		db_finalize(st);
		return -1;
	}
	n = inbox_send_each(c, st, inbox_keep_org, &pick, kind, title, body, link, entity,
			    entity_id);
	if (n < 0)
		return -1;
	return inbox_forward_once(c, org, kind, title, body, link) < 0 ? -1 : n;
}

/* POST /api/inbox/read-all: every unread message of the caller becomes read. */
static int inbox_h_read_all(struct req *r, struct resp *s)
{
	struct db_stmt *st;
	char now[20];
	struct jw w;
	int64_t n;

	entity_now(now);
	st = db_prepare(r->db, "UPDATE inbox SET status = 'read', read_at = ?, updated_at = ?"
			" WHERE user_id = ? AND status = 'unread'");
	if (!st || db_bind_text(st, 1, now) < 0 || db_bind_text(st, 2, now) < 0 ||
	    db_bind_int64(st, 3, r->user->id) < 0 || db_step(st) != DB_DONE) {
		db_finalize(st);
		return http_internal(s);
	}
	n = db_changes(st);
	db_finalize(st);
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kint(&w, "read", n);
	jw_obj_end(&w);
	return 200;
}

static const struct route inbox_routes[] = {
	{HTTP_POST, "/api/inbox/read-all", inbox_h_read_all, ROUTE_JSON, 0},
};

void inbox_init(void)
{
	entity_register(&inbox_def);
	router_add(inbox_routes, ARRAY_SIZE(inbox_routes));
}
