/*
 * report.c — hazard reports from people (随手拍 / 吹哨人) and their rewards.
 *
 * Sources: 安全生产法 第七十四条 (任何单位或者个人对事故隐患或者安全生产违法行为，
 * 均有权向负有安全生产监督管理职责的部门报告或者举报) and 第七十六条 (奖励报告重大事故
 * 隐患、举报安全生产违法行为的有功人员);
 * seeds/000 §三(二) (员工发现隐患的内部奖励); seeds/002 §三(一)2 (企业码: 风险告知
 * and the report form); seeds/004 item 14 (全员参与). The public side (no login,
 * tracking codes, abuse limits, the QR code) is report_pub.c.
 *
 * Entities:
 *   hazard_report  a report: what, where, photos, the enterprise if the reporter
 *                  named one (org_id = that enterprise's org; otherwise the desk:
 *                  the district regulator, report_desk_org), an optional contact
 *                  (report_contact: read by the regulators only, 为举报人保密),
 *                  the channel (群众举报 from the public page, 员工报告 from a
 *                  logged-in employee) and the hash of its tracking code (never
 *                  output). Created only by the module (E_NO_CREATE); triaged by
 *                  the declared workflow below.
 *   report_reward  a reward for a report found true (受理 or 合并): amount in
 *                  yuan, proposed by one person, approved by ANOTHER, then paid on
 *                  a date. GET /api/report_reward/yearly is the yearly report.
 *
 * Triage (report_workflow): 待处理 submitted ─accept (受理)─▶ 已受理 accepted: a
 * hazard is registered in the register through the hazard core's create path, as
 * the triager (source 群众举报 / 员工报告 — 监管检查 when a regulator accepts, the
 * hazard module's rule —, the report's photos, found on the report's date) and
 * the report links it (hazard_id; the hazard lists its reports by
 * GET /api/hazard_report?hazard_id=N); ─merge (合并)─▶ 已合并 merged: linked to an
 * existing hazard of the same enterprise; ─reject (不予采纳)─▶ 不予采纳 rejected with
 * a reason the reporter reads on the tracking page. Who: the admin, a regulator, the
 * enterprise's safety manager or principal — each only for the reports in scope
 * (the enterprise's own; the desk's for the regulator). A report without an
 * enterprise is accepted into the enterprise the triager names (org_id), and the
 * report and its photos move to that enterprise.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "http/http.h"
#include "mod/mod.h"
#include "mod/report.h"
#include "rules/media.h"

#define RB(r) (1u << (r))
#define RP_TRIAGERS (RB(ROLE_ADMIN) | RB(ROLE_REGULATOR) | RB(ROLE_ENT_MANAGER) | \
		     RB(ROLE_ENT_PRINCIPAL))
#define RP_READERS (RP_TRIAGERS | RB(ROLE_DEPARTMENT))

/* ------------------------------------------------------------------ options */

static const struct enum_opt channel_opts[] = {
	{"public", "群众举报"},
	{"employee", "员工报告"},
	{NULL, NULL}
};

static const struct enum_opt report_status_opts[] = {
	{"submitted", "待处理"},
	{"accepted", "已受理"},
	{"merged", "已合并"},
	{"rejected", "不予采纳"},
	{NULL, NULL}
};

static const struct enum_opt reward_status_opts[] = {
	{"proposed", "待审批"},
	{"approved", "已批准"},
	{"paid", "已发放"},
	{"rejected", "未批准"},
	{NULL, NULL}
};

static const struct enum_opt reward_kind_opts[] = {
	{"public", "举报奖励"},
	{"internal", "员工内部奖励"},
	{NULL, NULL}
};

/* ------------------------------------------------------------- declarations */

static const struct field_def report_fields[] = {
	{.name = "channel", .label = "来源", .type = FT_ENUM, .opts = channel_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "description", .label = "隐患描述", .type = FT_LONGTEXT, .max_len = 1000,
	 .flags = F_READONLY | F_LIST | F_SEARCH},
	{.name = "location", .label = "地点", .type = FT_TEXT, .max_len = 200,
	 .flags = F_READONLY | F_LIST | F_SEARCH},
	{.name = "enterprise_name", .label = "举报人填写的企业", .type = FT_TEXT, .max_len = 100,
	 .flags = F_READONLY | F_SEARCH},
	{.name = "photos", .label = "照片/视频", .type = FT_FILES, .flags = F_READONLY},
	{.name = "reporter_id", .label = "报告人", .type = FT_REF, .ref = "user",
	 .flags = F_READONLY | F_FILTER},
	{.name = "reported_at", .label = "举报时间", .type = FT_DATETIME,
	 .flags = F_READONLY | F_LIST | F_SORT | F_RANGE},
	{.name = "status", .label = "处理状态", .type = FT_ENUM, .opts = report_status_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "hazard_id", .label = "关联隐患", .type = FT_REF, .ref = "hazard",
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "triaged_by", .label = "处理人", .type = FT_REF, .ref = "user",
	 .flags = F_READONLY},
	{.name = "triaged_at", .label = "处理时间", .type = FT_DATETIME, .flags = F_READONLY},
	{.name = "triage_note", .label = "处理说明", .type = FT_TEXT, .max_len = 500,
	 .flags = F_READONLY},
	{.name = "reject_reason", .label = "不予采纳理由", .type = FT_TEXT, .max_len = 500,
	 .flags = F_READONLY, .help = "举报人凭查询码可以看到"},
	{.name = "code_hash", .label = "查询码摘要", .type = FT_TEXT, .max_len = 64,
	 .flags = F_READONLY | F_SECRET | F_HIDDEN | F_UNIQUE},
	{.name = "idem_hash", .label = "提交标识摘要", .type = FT_TEXT, .max_len = 64,
	 .flags = F_READONLY | F_SECRET | F_HIDDEN | F_UNIQUE},
};

static const char *const report_indexes[] = { "status, reported_at", NULL };

const struct entity_def report_def = {
	.name = "hazard_report", .table = "hazard_report", .label = "隐患举报",
	.fields = report_fields, .nfields = ARRAY_SIZE(report_fields),
	.flags = E_NO_CREATE | E_NO_UPDATE | E_NO_DELETE,
	.read_roles = RP_READERS, .write_roles = RB(ROLE_ADMIN),
	.display_field = "location", .default_sort = "-reported_at",
	.indexes = report_indexes,
	.workflow = &report_workflow,
};

/* The reporter's contact, kept apart from the report so that only the regulators
 * (and the admin) read it: a whistleblower reporting an employer must not be made
 * known to that employer (举报人信息保密). It follows its
 * report's org. */
static const struct field_def contact_fields[] = {
	{.name = "report_id", .label = "举报", .type = FT_REF, .ref = "hazard_report",
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "contact", .label = "举报人联系方式", .type = FT_TEXT, .max_len = 100,
	 .flags = F_READONLY | F_LIST, .help = "举报人自愿留下，仅用于核实和奖励，须保密"},
};

const struct entity_def contact_def = {
	.name = "report_contact", .table = "report_contact", .label = "举报人联系方式",
	.fields = contact_fields, .nfields = ARRAY_SIZE(contact_fields),
	.flags = E_NO_CREATE | E_NO_UPDATE | E_NO_DELETE,
	.read_roles = RB(ROLE_ADMIN) | RB(ROLE_REGULATOR), .write_roles = RB(ROLE_ADMIN),
	.display_field = "contact", .default_sort = "-id",
};

static int reward_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			       const json_t *old, struct verr *e);

static const struct field_def reward_fields[] = {
	{.name = "report_id", .label = "举报", .type = FT_REF, .ref = "hazard_report",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "kind", .label = "奖励类别", .type = FT_ENUM, .opts = reward_kind_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "amount", .label = "奖励金额（元）", .type = FT_MONEY, .min = 0.01, .max = 1000000,
	 .flags = F_REQUIRED | F_LIST | F_SORT},
	{.name = "basis", .label = "奖励依据", .type = FT_TEXT, .max_len = 300, .flags = F_LIST,
	 .help = "如：本单位事故隐患内部报告奖励制度第X条"},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = reward_status_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "proposed_by", .label = "提议人", .type = FT_REF, .ref = "user",
	 .flags = F_READONLY | F_LIST},
	{.name = "proposed_at", .label = "提议时间", .type = FT_DATETIME,
	 .flags = F_READONLY | F_SORT},
	{.name = "approved_by", .label = "审批人", .type = FT_REF, .ref = "user",
	 .flags = F_READONLY | F_LIST},
	{.name = "approved_at", .label = "审批时间", .type = FT_DATETIME, .flags = F_READONLY},
	{.name = "decision_note", .label = "审批意见", .type = FT_TEXT, .max_len = 500,
	 .flags = F_READONLY},
	{.name = "paid_date", .label = "发放日期", .type = FT_DATE,
	 .flags = F_READONLY | F_LIST | F_RANGE | F_SORT},
	{.name = "pay_note", .label = "发放说明", .type = FT_TEXT, .max_len = 300,
	 .flags = F_READONLY},
	{.name = "year", .label = "年度", .type = FT_TEXT, .flags = F_READONLY | F_FILTER,
	 .expr = "substr(COALESCE(t.paid_date, t.proposed_at), 1, 4)"},
};

const struct entity_def reward_def = {
	.name = "report_reward", .table = "report_reward", .label = "举报奖励",
	.fields = reward_fields, .nfields = ARRAY_SIZE(reward_fields),
	.flags = E_NO_UPDATE | E_NO_DELETE,
	.read_roles = RP_READERS, .write_roles = RP_TRIAGERS,
	.display_field = "basis", .default_sort = "-id",
	.before_write = reward_before_write,
	.workflow = &reward_workflow,
};

/* ------------------------------------------------------------------ helpers */

static int rp_internal(struct verr *e)
{
	verr_set(e, 500, "internal", "服务器内部错误");
	return -1;
}

static int str_is(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

int64_t report_desk_org(struct db *db)
{
	int64_t id = 0;

	if (db_query_int64(db, "SELECT id FROM org WHERE kind = 'regulator' AND parent_id IS NULL"
			       " ORDER BY id LIMIT 1", &id, 0) != 0)
		return -1;
	return id;
}

/* Moves report id and its contact row to org. 0 ok, -1 error. */
static int rp_move_report(struct db *db, int64_t org, int64_t id)
{
	static const char *const sql[] = { "UPDATE hazard_report SET org_id = ? WHERE id = ?",
					   "UPDATE report_contact SET org_id = ? WHERE report_id = ?" };

	for (size_t i = 0; i < ARRAY_SIZE(sql); i++) {
		struct db_stmt *st = db_prepare(db, sql[i]);
		int s = -1;

		if (st && db_bind_int64(st, 1, org) == 0 && db_bind_int64(st, 2, id) == 0)
			s = db_step(st);
		db_finalize(st);
		if (s != DB_DONE)
			return -1;
	}
	return 0;
}

/* Moves the report's photos to org (they follow the report into its enterprise). */
static int rp_move_files(struct ectx *c, const json_t *photos, int64_t org)
{
	size_t i;
	json_t *v;

	if (!json_is_array(photos))
		return 0;
	json_array_foreach(photos, i, v) {
		struct db_stmt *st;
		int s;

		if (!json_is_integer(v))
			continue;
		st = db_prepare(c->db, "UPDATE file SET org_id = ? WHERE id = ?");
		if (!st || db_bind_int64(st, 1, org) < 0 ||
		    db_bind_int64(st, 2, json_integer_value(v)) < 0) {
			db_finalize(st);
			return -1;
		}
		s = db_step(st);
		db_finalize(st);
		if (s != DB_DONE)
			return -1;
	}
	return 0;
}

/* The photos of a stored row (FT_FILES stored as JSON text, or already an array). */
static json_t *rp_photos(const json_t *row)
{
	const json_t *v = json_object_get(row, "photos");

	if (json_is_array(v))
		return json_incref((json_t *)v);
	if (json_is_string(v))
		return json_loads(json_string_value(v), 0, NULL);
	return json_array();
}

int report_idem_code(struct db *db, const char *idem, char *code)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES], key[32];
	struct db_stmt *st = db_prepare(db, "SELECT v FROM report_key WHERE k = 'code'");
	const char *hex;
	size_t n = 0;
	int rc = -1;

	if (st && db_step(st) == DB_ROW && (hex = db_col_text(st, 0)) != NULL &&
	    sodium_hex2bin(key, sizeof(key), hex, strlen(hex), NULL, &n, NULL) == 0 &&
	    n == sizeof(key)) {
		crypto_auth_hmacsha256(mac, (const unsigned char *)idem, strlen(idem), key);
		for (int i = 0; i < TRACK_LEN; i++)
			code[i] = TRACK_ALPHABET[mac[i] % (sizeof(TRACK_ALPHABET) - 1)];
		code[TRACK_LEN] = '\0';
		rc = 0;
	}
	db_finalize(st);
	sodium_memzero(key, sizeof(key));
	return rc;
}

int64_t report_create_tx(struct ectx *c, const char *description, const char *location,
			 int64_t ent_org, const char *ent_name, const char *contact,
			 const json_t *photos, int64_t reporter, const char *channel, char *code,
			 struct verr *e)
{
	return report_create_idem_tx(c, description, location, ent_org, ent_name, contact, photos,
				     reporter, channel, NULL, code, e);
}

int64_t report_create_idem_tx(struct ectx *c, const char *description, const char *location,
			      int64_t ent_org, const char *ent_name, const char *contact,
			      const json_t *photos, int64_t reporter, const char *channel,
			      const char *idem, char *code, struct verr *e)
{
	char now[20], hash[65], ihash[65];
	int64_t org = ent_org, id;
	json_t *obj;

	if (idem) {
		if (report_idem_code(c->db, idem, code) != 0)
			return rp_internal(e);
		sha256_hex(idem, strlen(idem), ihash);
	} else {
		for (int i = 0; i < TRACK_LEN; i++)
			code[i] = TRACK_ALPHABET[randombytes_uniform(sizeof(TRACK_ALPHABET) - 1)];
		code[TRACK_LEN] = '\0';
	}
	sha256_hex(code, TRACK_LEN, hash);
	if (!org) {
		org = report_desk_org(c->db);
		if (org <= 0) {
			verr_set(e, 500, "internal", "尚未设置受理举报的监管部门");
			return -1;
		}
	}
	entity_now(now);
	obj = json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:O, s:s, s:s, s:s}",
			"org_id", (json_int_t)org, "channel", channel, "description", description,
			"location", location, "enterprise_name", ent_name, "photos", photos,
			"reported_at", now, "status", "submitted", "code_hash", hash);
	if (!obj)
		return rp_internal(e);
	if (reporter)
		json_object_set_new(obj, "reporter_id", json_integer(reporter));
	if (idem)
		json_object_set_new(obj, "idem_hash", json_string(ihash));
	id = entity_sys_create_tx(c, &report_def, obj, e);
	json_decref(obj);
	if (id > 0 && rp_move_files(c, photos, org) != 0)
		return rp_internal(e);
	if (id > 0 && contact && *contact) {
		json_t *ct = json_pack("{s:I, s:I, s:s}", "org_id", (json_int_t)org, "report_id",
				       (json_int_t)id, "contact", contact);
		int64_t cid = entity_sys_create_tx(c, &contact_def, ct, e);
		json_decref(ct);
		if (cid < 0)
			return -1;
	}
	return id;
}

/* ----------------------------------------------------------------- triage */

/* category takes the hazard register's own options (report_init), so a report is
 * classified exactly as the register classifies hazards */
static struct field_def in_accept[] = {
	{.name = "title", .label = "隐患名称", .type = FT_TEXT, .max_len = 200, .flags = F_REQUIRED},
	{.name = "category", .label = "隐患类别", .type = FT_ENUM, .flags = F_REQUIRED},
	{.name = "org_id", .label = "隐患所属企业", .type = FT_REF, .ref = "org",
	 .help = "举报未指明企业时必填"},
	{.name = "note", .label = "处理说明", .type = FT_TEXT, .max_len = 500},
};
static const struct field_def in_merge[] = {
	{.name = "hazard_id", .label = "合并到的隐患", .type = FT_REF, .ref = "hazard",
	 .flags = F_REQUIRED},
	{.name = "note", .label = "处理说明", .type = FT_TEXT, .max_len = 500},
};
static const struct field_def in_reject[] = {
	{.name = "reason", .label = "不予采纳理由", .type = FT_TEXT, .max_len = 500,
	 .flags = F_REQUIRED},
};

/* 1 if the report's org is an enterprise (the reporter named it). */
static int rp_has_enterprise(struct ectx *c, const json_t *row)
{
	int64_t org = row_int(row, "org_id");

	return org_enterprise_of(c->db, org) == org;
}

/* The enterprise a report without one goes to: input org_id, an enterprise the
 * triager sees. 0 with err on refusal. */
static int64_t rp_target(struct wf_call *w)
{
	int64_t org = row_int(w->in, "org_id"), ent;
	int vis;

	if (rp_has_enterprise(w->c, w->row)) {
		if (org && org != row_int(w->row, "org_id")) {
			verr_add(w->err, "org_id", "举报已指明企业，不能改为其他企业");
			return 0;
		}
		return row_int(w->row, "org_id");
	}
	if (!org) {
		verr_add(w->err, "org_id", "举报未指明企业，请选择隐患所属企业");
		return 0;
	}
	ent = org_enterprise_of(w->c->db, org);
	vis = ent == org ? scope_row_visible(w->c, org) : 0;
	if (ent < 0 || vis < 0) {
		rp_internal(w->err);
		return 0;
	}
	if (ent != org || !vis) {
		verr_add(w->err, "org_id", "所选企业不存在");
		return 0;
	}
	return org;
}

static int accept_guard(struct wf_call *w)
{
	return rp_target(w) ? 0 : -1;
}

/* Fills the triage columns and, when the report moves to org, its org and files. */
static int rp_triaged(struct wf_call *w, int64_t org)
{
	json_object_set_new(w->set, "triaged_by", json_integer(w->c->user ? w->c->user->id : 0));
	if (!w->c->user)
		json_object_set_new(w->set, "triaged_by", json_null());
	json_object_set_new(w->set, "triaged_at", json_string(w->now));
	if (row_str(w->in, "note"))
		json_object_set_new(w->set, "triage_note", json_string(row_str(w->in, "note")));
	if (org && org != row_int(w->row, "org_id")) {
		json_t *ph = rp_photos(w->row);
		int rc;

		/* org_id is no declared field (entity_set_tx refuses it): the report's own
		 * row moves here, in the action's transaction */
		rc = rp_move_report(w->c->db, org, w->id) != 0 ? -1 : rp_move_files(w->c, ph, org);
		json_decref(ph);
		if (rc != 0)
			return rp_internal(w->err);
	}
	return 0;
}

/* 受理: the hazard is registered through the hazard core's create path as the
 * triager (its audit row and its timeline's 登记 are the triager's), with the
 * hazard module's rules: an enterprise's manager registers it as 群众举报 / 员工报告;
 * a regulator's registration is a 监管检查 with the regulator's org (the hazard
 * module allows no other source for a regulator), which then reviews it — the
 * description says it came from a report either way. Found on the report's date
 * (by its employee, if one reported it), with the report's photos, which move to
 * the enterprise first. */
static int accept_apply(struct wf_call *w)
{
	const struct entity_def *hz = entity_find("hazard");
	int64_t org = rp_target(w), hid;
	const char *at = row_str(w->row, "reported_at");
	int employee = str_is(row_str(w->row, "channel"), "employee");
	char found[11];
	json_t *obj, *ph;

	if (!org || !hz)
		return org ? rp_internal(w->err) : -1;
	snprintf(found, sizeof(found), "%.10s", at ? at : w->today);
	ph = rp_photos(w->row);
	if (org != row_int(w->row, "org_id") && rp_move_files(w->c, ph, org) != 0) {
		json_decref(ph);
		return rp_internal(w->err);
	}
	obj = json_pack("{s:s, s:s, s:s?, s:o, s:s, s:s, s:s, s:I}",
			"title", row_str(w->in, "title"),
			"description", arena_printf(w->c->arena, "%s（来自%s）", row_str(w->row, "description"),
						    employee ? "员工报告" : "群众举报"),
			"location", row_str(w->row, "location"), "photos_before", ph,
			"level", "general", "category", row_str(w->in, "category"),
			"found_at", found, "org_id", (json_int_t)org);
	if (!obj)
		return rp_internal(w->err);
	if (!(w->c->user && w->c->user->role == ROLE_REGULATOR))
		json_object_set_new(obj, "source", json_string(employee ? "employee_report" : "public_report"));
	if (row_int(w->row, "reporter_id"))
		json_object_set_new(obj, "found_by", json_integer(row_int(w->row, "reporter_id")));
	hid = entity_create_tx(w->c, hz, obj, w->err);
	json_decref(obj);
	if (hid < 0)
		return -1;
	json_object_set_new(w->set, "hazard_id", json_integer(hid));
	return rp_triaged(w, org);
}

/* 合并: the hazard must be one the triager sees, of the report's enterprise. */
static int merge_guard(struct wf_call *w)
{
	json_t *hz = entity_get(w->c, entity_find("hazard"), row_int(w->in, "hazard_id"));
	int rc = 0;

	if (!hz) {
		verr_add(w->err, "hazard_id", "所选隐患不存在");
		return -1;
	}
	if (rp_has_enterprise(w->c, w->row) && row_int(hz, "org_id") != row_int(w->row, "org_id")) {
		verr_add(w->err, "hazard_id", "只能合并到举报所指企业的隐患");
		rc = -1;
	}
	json_decref(hz);
	return rc;
}

static int merge_apply(struct wf_call *w)
{
	json_t *hz = entity_get(w->c, entity_find("hazard"), row_int(w->in, "hazard_id"));
	int64_t org;

	if (!hz)
		return rp_internal(w->err);
	org = row_int(hz, "org_id");
	json_decref(hz);
	json_object_set_new(w->set, "hazard_id", json_integer(row_int(w->in, "hazard_id")));
	return rp_triaged(w, org);
}

static int reject_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "reject_reason", json_string(row_str(w->in, "reason")));
	return rp_triaged(w, 0);
}

static const char *const from_submitted[] = { "submitted", NULL };

static const struct wf_state report_states[] = {
	{"submitted", "待处理", WS_OPEN},
	{"accepted", "已受理", WS_FINAL},
	{"merged", "已合并", WS_FINAL},
	{"rejected", "不予采纳", WS_FINAL},
};

#define IN(a) .inputs = (a), .ninputs = ARRAY_SIZE(a)
static const struct wf_action report_actions[] = {
	{.verb = "accept", .label = "受理", .from = from_submitted, .to = "accepted",
	 .roles = RP_TRIAGERS, IN(in_accept), .guard = accept_guard, .apply = accept_apply,
	 .flags = WA_NO_EVENT},
	{.verb = "merge", .label = "合并到已有隐患", .from = from_submitted, .to = "merged",
	 .roles = RP_TRIAGERS, IN(in_merge), .guard = merge_guard, .apply = merge_apply,
	 .flags = WA_NO_EVENT},
	{.verb = "reject", .label = "不予采纳", .from = from_submitted, .to = "rejected",
	 .roles = RP_TRIAGERS, IN(in_reject), .apply = reject_apply, .flags = WA_NO_EVENT},
};

const struct workflow report_workflow = {
	.status_field = "status",
	.states = report_states, .nstates = ARRAY_SIZE(report_states),
	.actions = report_actions, .nactions = ARRAY_SIZE(report_actions),
	.noun = "举报",
};

/* ----------------------------------------------------------------- rewards */

/* A reward is proposed for a report found true (受理 or 合并) that has no other
 * reward pending or granted; it belongs to the report's org, starts 待审批, and its
 * kind follows the channel (员工: 内部奖励, 000 §三(二)). */
static int reward_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			       const json_t *old, struct verr *e)
{
	json_t *rp;
	int64_t n = 0;
	char now[20];
	static const char *const server[] = { "approved_by", "approved_at", "decision_note",
					      "paid_date", "pay_note", NULL };

	(void)old;
	if (a != EA_CREATE)
		return 0;
	rp = entity_get(c, &report_def, row_int(obj, "report_id"));
	if (!rp) {
		verr_add(e, "report_id", "所选举报不存在");
		return -1;
	}
	if (!str_is(row_str(rp, "status"), "accepted") && !str_is(row_str(rp, "status"), "merged")) {
		verr_add(e, "report_id", "仅查证属实（已受理或已合并）的举报可以奖励");
		json_decref(rp);
		return -1;
	}
	if (db_query_int64p(c->db, "SELECT COUNT(*) FROM report_reward WHERE report_id = ?"
				   " AND status <> 'rejected'", row_int(obj, "report_id"), &n, 0) != 0) {
		json_decref(rp);
		return rp_internal(e);
	}
	if (n) {
		verr_add(e, "report_id", "该举报已有奖励（待审批、已批准或已发放）");
		json_decref(rp);
		return -1;
	}
	entity_now(now);
	json_object_set(obj, "org_id", json_object_get(rp, "org_id"));
	json_object_set_new(obj, "kind", json_string(str_is(row_str(rp, "channel"), "employee") ?
						      "internal" : "public"));
	json_decref(rp);
	json_object_set_new(obj, "status", json_string("proposed"));
	json_object_set_new(obj, "proposed_at", json_string(now));
	json_object_set_new(obj, "proposed_by", c->user ? json_integer(c->user->id) : json_null());
	for (int i = 0; server[i]; i++)
		json_object_set_new(obj, server[i], json_null());
	return 0;
}

/* Four eyes: whoever proposed a reward does not decide it. */
static const char *reward_refuse(struct ectx *c, const json_t *row)
{
	if (c->user && row_int(row, "proposed_by") == c->user->id)
		return "奖励须由提议人以外的另一人审批";
	return NULL;
}

static const struct field_def in_approve[] = {
	{.name = "note", .label = "审批意见", .type = FT_TEXT, .max_len = 500},
};
static const struct field_def in_reward_reject[] = {
	{.name = "reason", .label = "不批准理由", .type = FT_TEXT, .max_len = 500, .flags = F_REQUIRED},
};
static const struct field_def in_pay[] = {
	{.name = "paid_date", .label = "发放日期", .type = FT_DATE, .flags = F_REQUIRED},
	{.name = "pay_note", .label = "发放说明", .type = FT_TEXT, .max_len = 300},
};

static int decide_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "approved_by", w->c->user ? json_integer(w->c->user->id)
							      : json_null());
	json_object_set_new(w->set, "approved_at", json_string(w->now));
	if (row_str(w->in, "note"))
		json_object_set_new(w->set, "decision_note", json_string(row_str(w->in, "note")));
	if (row_str(w->in, "reason"))
		json_object_set_new(w->set, "decision_note", json_string(row_str(w->in, "reason")));
	return 0;
}

/* Paid on a date that is neither in the future nor before the approval. */
static int pay_guard(struct wf_call *w)
{
	const char *d = row_str(w->in, "paid_date"), *ap = row_str(w->row, "approved_at");

	if (strcmp(d, w->today) > 0)
		verr_add(w->err, "paid_date", "发放日期不能晚于今天");
	else if (ap && strncmp(d, ap, 10) < 0)
		verr_add(w->err, "paid_date", "发放日期不能早于审批日期");
	return w->err->status ? -1 : 0;
}

static int pay_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "paid_date", json_string(row_str(w->in, "paid_date")));
	if (row_str(w->in, "pay_note"))
		json_object_set_new(w->set, "pay_note", json_string(row_str(w->in, "pay_note")));
	return 0;
}

static const char *const from_proposed[] = { "proposed", NULL };
static const char *const from_approved[] = { "approved", NULL };

static const struct wf_state reward_states[] = {
	{"proposed", "待审批", WS_OPEN},
	{"approved", "已批准", WS_OPEN},
	{"paid", "已发放", WS_FINAL},
	{"rejected", "未批准", WS_FINAL},
};

static const struct wf_action reward_actions[] = {
	{.verb = "approve", .label = "批准", .from = from_proposed, .to = "approved",
	 .roles = RP_TRIAGERS, .refuse = reward_refuse, IN(in_approve), .apply = decide_apply,
	 .flags = WA_NO_EVENT},
	{.verb = "reject", .label = "不批准", .from = from_proposed, .to = "rejected",
	 .roles = RP_TRIAGERS, .refuse = reward_refuse, IN(in_reward_reject),
	 .apply = decide_apply, .flags = WA_NO_EVENT},
	{.verb = "pay", .label = "登记发放", .from = from_approved, .to = "paid",
	 .roles = RP_TRIAGERS, IN(in_pay), .guard = pay_guard, .apply = pay_apply,
	 .flags = WA_NO_EVENT},
};

const struct workflow reward_workflow = {
	.status_field = "status",
	.states = reward_states, .nstates = ARRAY_SIZE(reward_states),
	.actions = reward_actions, .nactions = ARRAY_SIZE(reward_actions),
	.noun = "奖励",
};

/* ------------------------------------------------------ yearly reward report */

static const struct field_def yearly_cols[] = {
	{.name = "id", .label = "编号", .type = FT_INT, .flags = F_LIST, .expr = "t.id"},
	{.name = "org_name", .label = "单位", .type = FT_TEXT, .flags = F_LIST | F_SEARCH,
	 .expr = "o.name"},
	{.name = "kind", .label = "奖励类别", .type = FT_ENUM, .opts = reward_kind_opts,
	 .flags = F_LIST | F_FILTER, .expr = "t.kind"},
	{.name = "location", .label = "举报地点", .type = FT_TEXT, .flags = F_LIST, .expr = "r.location"},
	{.name = "amount", .label = "奖励金额（元）", .type = FT_MONEY, .flags = F_LIST | F_SORT,
	 .expr = "t.amount"},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = reward_status_opts,
	 .flags = F_LIST | F_FILTER, .expr = "t.status"},
	{.name = "approved_at", .label = "审批时间", .type = FT_DATETIME, .flags = F_LIST,
	 .expr = "t.approved_at"},
	{.name = "paid_date", .label = "发放日期", .type = FT_DATE, .flags = F_LIST | F_SORT,
	 .expr = "t.paid_date"},
	{.name = "year", .label = "年度", .type = FT_TEXT, .flags = F_FILTER,
	 .expr = "substr(COALESCE(t.paid_date, t.proposed_at), 1, 4)"},
};

/* Totals of the year: count and amount (fen → yuan as a number with two decimals)
 * of the listed rewards by state. */
static int yearly_extra(struct view_req *q, struct jw *w)
{
	static const struct { const char *key, *cond; } parts[] = {
		{"paid", "t.status = 'paid'"},
		{"approved", "t.status = 'approved'"},
		{"proposed", "t.status = 'proposed'"},
	};

	jw_key(w, "totals");
	jw_obj_begin(w);
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
		int64_t n = 0, fen = 0;
		char yuan[32];

		if (view_sum(q, "1", parts[i].cond, &n) != 0 ||
		    view_sum(q, "t.amount", parts[i].cond, &fen) != 0)
			return -1;
		snprintf(yuan, sizeof(yuan), "%" PRId64 ".%02" PRId64, fen / 100, fen % 100);
		jw_key(w, parts[i].key);
		jw_obj_begin(w);
		jw_kint(w, "count", n);
		jw_key(w, "amount");
		jw_raw(w, yuan);
		jw_obj_end(w);
	}
	jw_obj_end(w);
	return 0;
}

const struct view_def reward_yearly_view = {
	.path = "/api/report_reward/yearly", .label = "举报奖励年度报表",
	.from = "report_reward t JOIN org o ON o.id = t.org_id"
		" JOIN hazard_report r ON r.id = t.report_id",
	.where = "t.status <> 'rejected'",
	.scope_col = "t.org_id",
	.cols = yearly_cols, .ncols = ARRAY_SIZE(yearly_cols),
	.default_sort = "-id", .default_size = 50,
	.roles = RP_READERS,
	.extra = yearly_extra,
};

/* --------------------------------------------------------------- registry */

void report_init(void)
{
	const struct entity_def *hz = entity_find("hazard");
	const struct field_def *cat = hz ? entity_field(hz, "category") : NULL;

	if (!cat || !cat->opts)
		BUG("report: the hazard module registers first (modules.c)");
	in_accept[1].opts = cat->opts;
	entity_register(&report_def);
	entity_register(&contact_def);
	entity_register(&reward_def);
	view_register(&reward_yearly_view);
	report_pub_init();
}

int report_schema(struct db *db)
{
	return report_pub_schema(db);
}

/* The enterprise home: reports waiting for triage. */
int report_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w)
{
	return home_notice_count(c, w, org, today,
				 "SELECT COUNT(*) FROM hazard_report WHERE" HOME_ORG
				 " AND status = 'submitted'",
				 "report_pending", "待处理的隐患举报", "warning",
				 "/hazard-report?status=submitted");
}
