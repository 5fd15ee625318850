/*
 * risk_views.c — the risk module's read views (JSON, scoped, 404 out of scope):
 *   GET /api/risk/bands         the band tables and LEC factor values in force, or one
 *                               version of a method's table with the list of versions;
 *   GET /api/risk/due           risk points whose review date has passed (to-dos);
 *   GET /api/risk/distribution  the enterprise's four-colour distribution by unit;
 *   GET /api/risk/card          岗位风险告知卡 of a post (seeds/004 item 13);
 *   GET /api/risk/my-card       the caller's own post's card (employee roster);
 *   GET /api/risk/board         风险公告栏: 较大 and 重大 risk points (seeds/004 item 13).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "http/http.h"
#include "mod/mod.h"
#include "mod/risk.h"
#include "mod/risk_int.h"
#include "rules/accident_type.h"
#include "rules/risk.h"

/* ------------------------------------------------------------------ views */

/* The org a view is restricted to: ?name= (must be visible: else 404), or 0 for
 * "everything in scope". 1 ok, 0 answered (error sent), status in *rc. */
static int view_org(struct req *r, struct resp *s, struct ectx *c, const char *name,
		    int64_t *org, int *rc)
{
	const char *v = req_query(r, name);
	int vis;

	*org = 0;
	if (!v || !*v)
		return 1;
	*org = entity_parse_id(v);
	if (!*org) {
		*rc = http_error(s, 400, "validation", "单位编号不正确", name);
		return 0;
	}
	vis = scope_row_visible(c, *org);
	if (vis < 0) {
		*rc = http_internal(s);
		return 0;
	}
	if (!vis) {
		*rc = http_not_found(s);
		return 0;
	}
	return 1;
}

/* Appends the scope and org-subtree conditions of a view on alias t (risk_point)
 * and binds them later with view_bind in the same order.
 * TODO(core): org subtree filter — these are the generic list's scope and ?org_id=
 * conditions (entity/list.c), which the core does not offer to modules yet. */
static void view_where(struct buf *b, struct ectx *c, int64_t org)
{
	if (c->user && c->user->role != ROLE_ADMIN)
		buf_puts(b, " AND t.org_id IN (SELECT org_id FROM scope_org WHERE viewer = ?)");
	if (org)
		buf_puts(b, " AND t.org_id IN (SELECT d.id FROM org d, org a WHERE a.id = ? AND"
			 " substr(d.path, 1, length(a.path)) = a.path)");
}

static int view_bind(struct db_stmt *st, int *idx, struct ectx *c, int64_t org)
{
	if (c->user && c->user->role != ROLE_ADMIN && db_bind_int64(st, (*idx)++, c->user->org_id))
		return -1;
	if (org && db_bind_int64(st, (*idx)++, org))
		return -1;
	return 0;
}

/* Writes {"danger_sources":[…]} members of risk point id into the open object. */
static int write_sources(struct ectx *c, struct jw *w, int64_t id)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT id, description, accident_type, consequence FROM danger_source"
		" WHERE risk_point_id = ? ORDER BY id LIMIT ?");
	int s, rc = -1;

	jw_key(w, "danger_sources");
	jw_arr_begin(w);
	if (!st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, RISK_SUB_MAX))
		goto out;
	while ((s = db_step(st)) == DB_ROW) {
		const char *code = db_col_text(st, 2);
		const struct accident_type *t = code ? accident_type_find(code) : NULL;

		jw_obj_begin(w);
		jw_kint(w, "id", db_col_int64(st, 0));
		jw_kstr(w, "description", db_col_text(st, 1));
		jw_kstr(w, "accident_type", code);
		jw_kstr(w, "accident_type_label", t ? t->label : code);
		jw_kstr(w, "accident_standard", !code ? NULL :
			accident_type_is_current(code) ? "GB 6441-2025" : "GB 6441-1986");
		jw_kstr(w, "consequence", db_col_text(st, 3));
		jw_obj_end(w);
	}
	rc = s == DB_DONE ? 0 : -1;
out:
	jw_arr_end(w);
	db_finalize(st);
	return rc;
}

/* Writes the "measures" member of risk point id into the open object. */
static int write_measures(struct ectx *c, struct jw *w, int64_t id)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT id, kind, level, description, responsible_name FROM control_measure"
		" WHERE risk_point_id = ? ORDER BY CASE level WHEN 'company' THEN 1"
		" WHEN 'workshop' THEN 2 WHEN 'team' THEN 3 ELSE 4 END, id LIMIT ?");
	int s, rc = -1;

	jw_key(w, "measures");
	jw_arr_begin(w);
	if (!st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, RISK_SUB_MAX))
		goto out;
	while ((s = db_step(st)) == DB_ROW) {
		jw_obj_begin(w);
		jw_kint(w, "id", db_col_int64(st, 0));
		jw_kstr(w, "kind", db_col_text(st, 1));
		jw_kstr(w, "kind_label", risk_opt_label(risk_measure_kind_opts, db_col_text(st, 1)));
		jw_kstr(w, "level", db_col_text(st, 2));
		jw_kstr(w, "level_label", risk_opt_label(risk_control_opts, db_col_text(st, 2)));
		jw_kstr(w, "description", db_col_text(st, 3));
		jw_kstr(w, "responsible_name", db_col_text(st, 4));
		jw_obj_end(w);
	}
	rc = s == DB_DONE ? 0 : -1;
out:
	jw_arr_end(w);
	db_finalize(st);
	return rc;
}

/* Writes the current row of a POINT_COLS statement as an object, with its danger
 * sources and measures when deep, and with days_overdue (days since next_review)
 * when today_days (days since 1970 of today) is non-zero. */
int risk_write_point(struct ectx *c, struct jw *w, struct db_stmt *st, int deep,
		       int64_t today_days)
{
	int64_t id = db_col_int64(st, 0), nd;

	jw_obj_begin(w);
	jw_kint(w, "id", id);
	jw_kstr(w, "name", db_col_text(st, 1));
	jw_kstr(w, "kind", db_col_text(st, 2));
	jw_kstr(w, "kind_label", risk_opt_label(risk_kind_opts, db_col_text(st, 2)));
	jw_kstr(w, "location", db_col_text(st, 3));
	jw_kstr(w, "method", db_col_text(st, 4));
	jw_kstr(w, "method_label", risk_opt_label(risk_method_opts, db_col_text(st, 4)));
	jw_kstr(w, "factors", db_col_text(st, 5));
	jw_key(w, "score");
	if (db_col_isnull(st, 6))
		jw_null(w);
	else
		jw_double(w, db_col_double(st, 6));
	jw_kstr(w, "level", db_col_text(st, 7));
	jw_kstr(w, "level_label", risk_opt_label(risk_level_opts, db_col_text(st, 7)));
	jw_kstr(w, "colour", db_col_text(st, 8));
	jw_kstr(w, "colour_label", risk_opt_label(risk_colour_opts, db_col_text(st, 8)));
	jw_kstr(w, "control_level", db_col_text(st, 9));
	jw_kstr(w, "control_level_label", risk_opt_label(risk_control_opts, db_col_text(st, 9)));
	jw_kstr(w, "responsible_name", db_col_text(st, 10));
	jw_kstr(w, "responsible_phone", db_col_text(st, 11));
	jw_kstr(w, "next_review", db_col_text(st, 12));
	jw_kstr(w, "emergency_measures", db_col_text(st, 13));
	jw_kint(w, "unit_id", db_col_int64(st, 14));
	jw_kstr(w, "unit_name", db_col_text(st, 15));
	jw_kint(w, "org_id", db_col_int64(st, 16));
	jw_kstr(w, "org_name", db_col_text(st, 17));
	jw_kstr(w, "danger_class", db_col_text(st, 18));
	jw_kstr(w, "last_review", db_col_text(st, 19));
	if (today_days && db_col_text(st, 12) && date_parse(db_col_text(st, 12), &nd) == 0)
		jw_kint(w, "days_overdue", today_days - nd);
	if (deep && (write_sources(c, w, id) != 0 || write_measures(c, w, id) != 0))
		return -1;
	jw_obj_end(w);
	return 0;
}

/*
 * GET /api/risk/due?org_id= — 风险评审待办: risk points whose next review date has
 * passed (today by the server clock, Asia/Shanghai), oldest first, at most
 * RISK_VIEW_MAX; {"items":[…, "days_overdue"],"total"}.
 */
int risk_due(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	struct db_stmt *st = NULL;
	struct buf where, sql;
	char today[11];
	int64_t org, total = 0, tdays = 0;
	int rc = 0, idx, step;
	struct jw w;

	if (!view_org(r, s, &c, "org_id", &org, &rc))
		return rc;
	time_date(now_utc(), today);
	date_parse(today, &tdays);
	buf_init(&where, 4096);
	buf_init(&sql, 8192);
	buf_puts(&where, " WHERE t.next_review IS NOT NULL AND t.next_review < ?");
	view_where(&where, &c, org);
	buf_printf(&sql, "SELECT COUNT(*) FROM risk_point t%s", buf_str(&where));
	st = db_prepare(r->db, buf_str(&sql));
	idx = 2;
	if (!st || db_bind_text(st, 1, today) || view_bind(st, &idx, &c, org) ||
	    db_step(st) != DB_ROW)
		goto fail;
	total = db_col_int64(st, 0);
	db_finalize(st);
	buf_reset(&sql);
	buf_printf(&sql, "SELECT " POINT_COLS POINT_FROM "%s ORDER BY t.next_review, t.id LIMIT ?",
		   buf_str(&where));
	st = db_prepare(r->db, buf_str(&sql));
	idx = 2;
	if (!st || db_bind_text(st, 1, today) || view_bind(st, &idx, &c, org) ||
	    db_bind_int64(st, idx, RISK_VIEW_MAX))
		goto fail;
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_key(&w, "items");
	jw_arr_begin(&w);
	while ((step = db_step(st)) == DB_ROW)
		if (risk_write_point(&c, &w, st, 0, tdays) != 0)
			goto fail;
	if (step != DB_DONE)
		goto fail;
	jw_arr_end(&w);
	jw_kint(&w, "total", total);
	jw_kstr(&w, "today", today);
	jw_obj_end(&w);
	rc = 200;
	goto out;
fail:
	log_err("risk due: %s", db_errmsg(r->db));
	buf_reset(&s->body);
	rc = http_internal(s);
out:
	db_finalize(st);
	buf_release(&where);
	buf_release(&sql);
	return rc;
}

/*
 * GET /api/risk/distribution?org_id= — 四色分布: risk points by unit and colour
 * (GROUP BY over one enterprise's points), and the totals as the cockpit reads them,
 * from risk_summary (so this view also shows that the aggregate is current).
 * {"items":[{unit_id, unit_name, unit_level, org_id, org_name, red, orange, yellow,
 * blue, total}], "totals":{red, orange, yellow, blue, total}}.
 */
int risk_distribution(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	struct db_stmt *st = NULL;
	struct buf sql;
	int64_t org, n[4];
	int rc = 0, idx, step;
	struct jw w;

	if (!view_org(r, s, &c, "org_id", &org, &rc))
		return rc;
	buf_init(&sql, 8192);
	buf_puts(&sql, "SELECT t.unit_id, u.name, u.unit_level, t.org_id, e.name,"
		 " SUM(CASE WHEN t.level = 'major' THEN 1 ELSE 0 END),"
		 " SUM(CASE WHEN t.level = 'high' THEN 1 ELSE 0 END),"
		 " SUM(CASE WHEN t.level = 'medium' THEN 1 ELSE 0 END),"
		 " SUM(CASE WHEN t.level = 'low' THEN 1 ELSE 0 END)"
		 " FROM risk_point t LEFT JOIN org u ON u.id = t.unit_id"
		 " LEFT JOIN org e ON e.id = t.org_id WHERE 1 = 1");
	view_where(&sql, &c, org);
	buf_puts(&sql, " GROUP BY t.unit_id, u.name, u.unit_level, u.path, t.org_id, e.name"
		 " ORDER BY e.name, u.path, t.unit_id");
	st = db_prepare(r->db, buf_str(&sql));
	idx = 1;
	if (!st || view_bind(st, &idx, &c, org))
		goto fail;
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_key(&w, "org_id");
	if (org)
		jw_int(&w, org);
	else
		jw_null(&w);
	jw_key(&w, "items");
	jw_arr_begin(&w);
	while ((step = db_step(st)) == DB_ROW) {
		for (int i = 0; i < 4; i++)
			n[i] = db_col_int64(st, 5 + i);
		jw_obj_begin(&w);
		jw_kint(&w, "unit_id", db_col_int64(st, 0));
		jw_kstr(&w, "unit_name", db_col_text(st, 1));
		jw_kstr(&w, "unit_level", db_col_text(st, 2));
		jw_kint(&w, "org_id", db_col_int64(st, 3));
		jw_kstr(&w, "org_name", db_col_text(st, 4));
		jw_kint(&w, "red", n[0]);
		jw_kint(&w, "orange", n[1]);
		jw_kint(&w, "yellow", n[2]);
		jw_kint(&w, "blue", n[3]);
		jw_kint(&w, "total", n[0] + n[1] + n[2] + n[3]);
		jw_obj_end(&w);
	}
	if (step != DB_DONE)
		goto fail;
	jw_arr_end(&w);
	db_finalize(st);
	buf_reset(&sql);
	buf_puts(&sql, "SELECT COALESCE(SUM(t.red), 0), COALESCE(SUM(t.orange), 0),"
		 " COALESCE(SUM(t.yellow), 0), COALESCE(SUM(t.blue), 0)"
		 " FROM risk_summary t WHERE 1 = 1");
	view_where(&sql, &c, org);
	st = db_prepare(r->db, buf_str(&sql));
	idx = 1;
	if (!st || view_bind(st, &idx, &c, org) || db_step(st) != DB_ROW)
		goto fail;
	for (int i = 0; i < 4; i++)
		n[i] = db_col_int64(st, i);
	jw_key(&w, "totals");
	jw_obj_begin(&w);
	jw_kint(&w, "red", n[0]);
	jw_kint(&w, "orange", n[1]);
	jw_kint(&w, "yellow", n[2]);
	jw_kint(&w, "blue", n[3]);
	jw_kint(&w, "total", n[0] + n[1] + n[2] + n[3]);
	jw_obj_end(&w);
	jw_obj_end(&w);
	rc = 200;
	goto out;
fail:
	log_err("risk distribution: %s", db_errmsg(r->db));
	buf_reset(&s->body);
	rc = http_internal(s);
out:
	db_finalize(st);
	buf_release(&sql);
	return rc;
}

/* Writes one {"name","phone"} of the card's emergency numbers (skipped without a
 * phone). */
static void card_phone(struct jw *w, const char *name, const char *phone)
{
	if (!phone || !*phone)
		return;
	jw_obj_begin(w);
	jw_kstr(w, "name", name);
	jw_kstr(w, "phone", phone);
	jw_obj_end(w);
}

/*
 * GET /api/risk/card?post_id= — 岗位风险告知卡 (国务院安委办〔2016〕11号: 在重点区域
 * 设置安全风险公告栏，制作岗位安全风险告知卡): the post (any internal unit), the
 * chain of units above it, its enterprise with the responsible persons' phones and
 * the public emergency numbers, and every risk point of the post (post_id) or of the
 * unit itself (unit_id), highest risk first, each with its danger sources (GB 6441
 * accident types), measures, emergency measures and responsible person.
 */
static int card_send(struct req *r, struct resp *s, int64_t post)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	struct db_stmt *st = NULL;
	const char *path = NULL, *kind = NULL, *lvl = NULL;
	const char *name = NULL, *epath = NULL, *hi = NULL;
	int64_t ent;
	int rc, found, vis, step;
	struct jw w;

	found = risk_org_row(&c, post, &path, &kind, &lvl, &name);
	vis = found == 1 ? scope_row_visible(&c, post) : found;
	if (found < 0 || vis < 0)
		return http_internal(s);
	if (!found || !vis || strcmp(kind, "unit") != 0)
		return http_not_found(s);
	ent = risk_enterprise_org_of(&c, path, &epath);
	if (ent < 0)
		return http_internal(s);
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_key(&w, "post");
	jw_obj_begin(&w);
	jw_kint(&w, "id", post);
	jw_kstr(&w, "name", name);
	jw_kstr(&w, "unit_level", lvl);
	jw_kstr(&w, "unit_level_label", !lvl ? "" : strcmp(lvl, "post") == 0 ? "岗位" :
		strcmp(lvl, "team") == 0 ? "班组" : strcmp(lvl, "workshop") == 0 ? "车间" : lvl);
	jw_key(&w, "units");
	jw_arr_begin(&w);
	st = db_prepare(r->db, "SELECT id, name, unit_level FROM org WHERE kind = 'unit' AND"
			" substr(CAST(? AS TEXT), 1, length(path)) = path ORDER BY length(path)");
	if (!st || db_bind_text(st, 1, path))
		goto fail;
	while ((step = db_step(st)) == DB_ROW) {
		jw_obj_begin(&w);
		jw_kint(&w, "id", db_col_int64(st, 0));
		jw_kstr(&w, "name", db_col_text(st, 1));
		jw_kstr(&w, "unit_level", db_col_text(st, 2));
		jw_obj_end(&w);
	}
	if (step != DB_DONE)
		goto fail;
	jw_arr_end(&w);
	jw_obj_end(&w);
	db_finalize(st);
	st = db_prepare(r->db, "SELECT name, address, principal_name, principal_phone,"
			" safety_director_name, safety_director_phone FROM enterprise WHERE org_id = ?");
	if (!st || db_bind_int64(st, 1, ent))
		goto fail;
	step = db_step(st);
	if (step < 0)
		goto fail;
	jw_key(&w, "enterprise");
	if (step == DB_ROW) {
		jw_obj_begin(&w);
		jw_kint(&w, "org_id", ent);
		jw_kstr(&w, "name", db_col_text(st, 0));
		jw_kstr(&w, "address", db_col_text(st, 1));
		jw_kstr(&w, "principal_name", db_col_text(st, 2));
		jw_kstr(&w, "principal_phone", db_col_text(st, 3));
		jw_kstr(&w, "safety_director_name", db_col_text(st, 4));
		jw_kstr(&w, "safety_director_phone", db_col_text(st, 5));
		jw_obj_end(&w);
	} else {
		jw_null(&w);
	}
	jw_key(&w, "emergency_phones");
	jw_arr_begin(&w);
	if (step == DB_ROW) {
		card_phone(&w, arena_printf(&r->arena, "安全总监 %s", db_col_text(st, 4) ?
					    db_col_text(st, 4) : ""), db_col_text(st, 5));
		card_phone(&w, arena_printf(&r->arena, "主要负责人 %s", db_col_text(st, 2) ?
					    db_col_text(st, 2) : ""), db_col_text(st, 3));
	}
	card_phone(&w, "火警", "119");
	card_phone(&w, "急救", "120");
	card_phone(&w, "报警", "110");
	jw_arr_end(&w);
	db_finalize(st);
	st = db_prepare(r->db, "SELECT " POINT_COLS POINT_FROM " WHERE (t.post_id = ? OR"
			" t.unit_id = ?) ORDER BY " LEVEL_RANK ", t.id LIMIT ?");
	if (!st || db_bind_int64(st, 1, post) || db_bind_int64(st, 2, post) ||
	    db_bind_int64(st, 3, RISK_VIEW_MAX))
		goto fail;
	jw_key(&w, "risk_points");
	jw_arr_begin(&w);
	while ((step = db_step(st)) == DB_ROW) {
		if (!hi)
			hi = arena_strdup(&r->arena, db_col_text(st, 7));
		if (risk_write_point(&c, &w, st, 1, 0) != 0)
			goto fail;
	}
	if (step != DB_DONE)
		goto fail;
	jw_arr_end(&w);
	jw_kstr(&w, "highest_level", hi);
	jw_kstr(&w, "highest_colour", hi ? risk_colour_code(risk_level_parse(hi)) : NULL);
	jw_obj_end(&w);
	rc = 200;
	goto out;
fail:
	log_err("risk card: %s", db_errmsg(r->db));
	buf_reset(&s->body);
	rc = http_internal(s);
out:
	db_finalize(st);
	return rc;
}

int risk_card(struct req *r, struct resp *s)
{
	int64_t post = entity_parse_id(req_query(r, "post_id"));

	if (!post)
		return http_error(s, 400, "validation", "请选择岗位", "post_id");
	return card_send(r, s, post);
}

/*
 * GET /api/risk/my-card — the caller's own 岗位风险告知卡 (004 item 13: every employee
 * knows the risks of their post). The post is the internal unit (unit_id) of the
 * caller's in-post 从业人员 record (training's employee roster, linked by user_id);
 * there is no parameter, so nobody reads another post's card through it (staff may
 * not call /api/risk/card: its route leaves them out). Without such a record: 200
 * {"post": null, "risk_points": [], "message"} saying what the safety manager has
 * to fill in (the page exists for everyone; only its content is missing).
 */
int risk_my_card(struct req *r, struct resp *s)
{
	int64_t post = 0, uid = r->user->id;

	if (db_query_int64p(r->db, "SELECT unit_id FROM employee WHERE user_id = ? AND"
			    " status = 'in_post' AND unit_id IS NOT NULL ORDER BY id LIMIT 1",
			    uid, &post, 0) != 0) {
		log_err("risk my card: %s", db_errmsg(r->db));
		return http_internal(s);
	}
	if (!post) {
		struct jw w;

		s->status = 200;
		resp_json(s, &w);
		jw_obj_begin(&w);
		jw_key(&w, "post");
		jw_null(&w);
		jw_key(&w, "risk_points");
		jw_arr_begin(&w);
		jw_arr_end(&w);
		jw_kstr(&w, "message", "您的账号尚未关联岗位：请安全管理人员在“从业人员”名册中为您"
			"选择所在岗位并关联本账号");
		jw_obj_end(&w);
		return 200;
	}
	return card_send(r, s, post);
}

/*
 * GET /api/risk/board?org_id= — 风险公告栏 (国务院安委办〔2016〕11号: 公告主要安全
 * 风险): the 重大 and 较大 risk points with unit, location, danger sources, measures
 * and responsible person, 重大 first. {"items":[…],"total","major","high"}.
 */
int risk_board(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	struct db_stmt *st = NULL;
	struct buf sql;
	int64_t org, nmajor = 0, nhigh = 0;
	int rc = 0, idx, step;
	struct jw w;

	if (!view_org(r, s, &c, "org_id", &org, &rc))
		return rc;
	buf_init(&sql, 8192);
	buf_puts(&sql, "SELECT " POINT_COLS POINT_FROM " WHERE t.level IN ('major', 'high')");
	view_where(&sql, &c, org);
	buf_puts(&sql, " ORDER BY " LEVEL_RANK ", e.name, u.path, t.id LIMIT ?");
	st = db_prepare(r->db, buf_str(&sql));
	idx = 1;
	if (!st || view_bind(st, &idx, &c, org) || db_bind_int64(st, idx, RISK_VIEW_MAX))
		goto fail;
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_key(&w, "items");
	jw_arr_begin(&w);
	while ((step = db_step(st)) == DB_ROW) {
		if (strcmp(db_col_text(st, 7), "major") == 0)
			nmajor++;
		else
			nhigh++;
		if (risk_write_point(&c, &w, st, 1, 0) != 0)
			goto fail;
	}
	if (step != DB_DONE)
		goto fail;
	jw_arr_end(&w);
	jw_kint(&w, "total", nmajor + nhigh);
	jw_kint(&w, "major", nmajor);
	jw_kint(&w, "high", nhigh);
	jw_obj_end(&w);
	rc = 200;
	goto out;
fail:
	log_err("risk board: %s", db_errmsg(r->db));
	buf_reset(&s->body);
	rc = http_internal(s);
out:
	db_finalize(st);
	buf_release(&sql);
	return rc;
}

/* Writes one band table as an array. */
static void write_bands(struct jw *w, const struct risk_bands *b)
{
	jw_arr_begin(w);
	for (int i = 0; i < b->n; i++) {
		const struct risk_band *x = &b->row[i];

		jw_obj_begin(w);
		jw_key(w, "min");
		jw_double(w, x->min);
		jw_kbool(w, "min_inclusive", x->min_inclusive);
		jw_kstr(w, "level", risk_level_code(x->level));
		jw_kstr(w, "level_label", risk_level_label(x->level));
		jw_kstr(w, "colour", risk_colour_code(x->level));
		jw_kstr(w, "colour_label", risk_colour_label(x->level));
		jw_kstr(w, "min_control_level", control_level_code(risk_min_control_level(x->level)));
		jw_kstr(w, "danger_class", x->danger_class);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

/* Writes a factor table as an array of numbers. */
static void write_values(struct jw *w, const char *key, const double *v, int n)
{
	jw_key(w, key);
	jw_arr_begin(w);
	for (int i = 0; i < n; i++)
		jw_double(w, v[i]);
	jw_arr_end(w);
}

/* Writes "versions": the versions of method's table, newest first, each with when
 * and by whom (NULL for version 1, the table in force when versions began). */
static int write_versions(struct ectx *c, struct jw *w, const char *method)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT v.version, v.created_at, v.created_by, u.name FROM risk_band_version v"
		" LEFT JOIN users u ON u.id = v.created_by WHERE v.method = ?"
		" ORDER BY v.version DESC LIMIT ?");
	int s = DB_ERR;

	jw_key(w, "versions");
	jw_arr_begin(w);
	if (!st || db_bind_text(st, 1, method) || db_bind_int64(st, 2, RISK_VIEW_MAX))
		goto out;
	while ((s = db_step(st)) == DB_ROW) {
		jw_obj_begin(w);
		jw_kint(w, "version", db_col_int64(st, 0));
		jw_kstr(w, "created_at", db_col_text(st, 1));
		jw_key(w, "created_by");
		if (db_col_isnull(st, 2))
			jw_null(w);
		else
			jw_int(w, db_col_int64(st, 2));
		jw_kstr(w, "created_by_name", db_col_text(st, 3));
		jw_obj_end(w);
	}
out:
	jw_arr_end(w);
	db_finalize(st);
	return s == DB_DONE ? 0 : -1;
}

/*
 * GET /api/risk/bands?method=&version= — one version of a method's band table, so a
 * grade stays explainable after the bands change: the risk point's method and
 * band_version name the table that set its level. Without version, the version in
 * force. {"method", "method_label", "version", "current", "bands":[…],
 * "versions":[{version, created_at, created_by, created_by_name}]}; 404 for a version
 * that does not exist, 400 for a bad method or version.
 */
static int bands_version_view(struct req *r, struct resp *s, const char *method)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	const char *v = req_query(r, "version");
	struct risk_bands b;
	int64_t ver = 0, cur = 0;
	struct jw w;
	int found;

	if (strcmp(method, "lec") != 0 && strcmp(method, "ls") != 0)
		return http_error(s, 400, "validation", "评价方法须为 LEC 或 LS", "method");
	if (v && *v && !(ver = entity_parse_id(v)))
		return http_error(s, 400, "validation", "版本号须为正整数", "version");
	if (risk_bands_load(&c, method, 0, &b, &cur) != 0)
		return http_internal(s);
	found = risk_bands_load(&c, method, ver, &b, &ver);
	if (found < 0)
		return http_internal(s);
	if (found)
		return http_not_found(s);
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kstr(&w, "method", method);
	jw_kstr(&w, "method_label", risk_opt_label(risk_method_opts, method));
	jw_kint(&w, "version", ver);
	jw_kbool(&w, "current", ver == cur);
	jw_key(&w, "bands");
	write_bands(&w, &b);
	if (write_versions(&c, &w, method) != 0) {
		log_err("risk band versions: %s", db_errmsg(r->db));
		buf_reset(&s->body);
		return http_internal(s);
	}
	jw_obj_end(&w);
	return 200;
}

/*
 * GET /api/risk/bands — the scoring configuration in force, for forms that preview
 * the grade (DOMAIN.md §3–4): the LEC factor values, the LEC and LS band tables with
 * their version numbers (from the recorded versions, or the defaults) and the lowest
 * control level of each level. With ?method= (and &version=): bands_version_view.
 */
int risk_bands_view(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	const char *method = req_query(r, "method");
	struct risk_bands lec, ls;
	int64_t vlec = 0, vls = 0;
	struct jw w;

	if (method && *method)
		return bands_version_view(r, s, method);
	if (req_query(r, "version"))
		return http_error(s, 400, "validation", "查看历史版本须指明评价方法", "method");
	if (risk_bands_load(&c, "lec", 0, &lec, &vlec) != 0 ||
	    risk_bands_load(&c, "ls", 0, &ls, &vls) != 0)
		return http_internal(s);
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_key(&w, "lec");
	jw_obj_begin(&w);
	jw_kint(&w, "version", vlec);
	write_values(&w, "l", risk_lec_l_values, 7);
	write_values(&w, "e", risk_lec_e_values, 6);
	write_values(&w, "c", risk_lec_c_values, 6);
	jw_key(&w, "bands");
	write_bands(&w, &lec);
	jw_obj_end(&w);
	jw_key(&w, "ls");
	jw_obj_begin(&w);
	jw_kint(&w, "version", vls);
	jw_key(&w, "bands");
	write_bands(&w, &ls);
	jw_obj_end(&w);
	jw_obj_end(&w);
	return 200;
}
