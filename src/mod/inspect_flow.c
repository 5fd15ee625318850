/*
 * inspect_flow.c — inspections item by item and the 整改通知书 (inspect.h).
 *
 * An inspection starts 检查中 (draft) with a copy of its checklist's items; the
 * inspector marks each 符合 / 不符合 / 不适用 with a note and photos (generic PUT of
 * inspection_result while draft), adds participants with their signature name, and
 * finishes it (POST /api/inspection/:id/finish, the declared workflow). Finishing,
 * in the one transaction of the action: every 不符合 item becomes a hazard of the
 * register through the hazard module's create path (its validation, timeline,
 * aggregates and obligations), source 企业自查/日常检查 or 监管检查, linked both ways
 * (inspection_result.hazard_id; the hazard's description names the inspection and
 * item); an item citing a 判定标准 criterion becomes a 重大隐患 with it; the plan's
 * task of the period is done.
 *
 * 整改通知书 (安全生产法 第六十五条): issued by the regulator after a 监管执法检查 with
 * 不符合 items; the enterprise replies (reply), the issuing regulator reviews (复查:
 * review_pass → 复查合格, review_fail → back to 已下达 with the reason and perhaps a
 * new deadline). The reply by the deadline is a duty of the enterprise.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "entity/inbox.h"
#include "http/http.h"
#include "mod/inspect.h"
#include "mod/inspect_int.h"
#include "mod/mod.h"

static const struct enum_opt insp_status_opts[] = {
	{"draft", "检查中"},
	{"done", "已完成"},
	{NULL, NULL}
};

static const struct enum_opt result_opts[] = {
	{"pass", "符合"},
	{"fail", "不符合"},
	{"na", "不适用"},
	{NULL, NULL}
};

static const struct enum_opt part_role_opts[] = {
	{"enterprise", "企业人员"},
	{"expert", "行业专家"},
	{"insurer", "保险机构"},
	{"service_firm", "技术服务机构"},
	{"regulator", "执法人员"},
	{"other", "其他"},
	{NULL, NULL}
};

static const struct enum_opt notice_status_opts[] = {
	{"issued", "已下达"},
	{"replied", "已回复"},
	{"passed", "复查合格"},
	{NULL, NULL}
};

/* ------------------------------------------------------------- inspection */

static int insp_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e);
static int insp_after_write(struct ectx *c, enum entity_action a, int64_t id,
			    const json_t *before, const json_t *after, struct verr *e);
static const struct workflow insp_workflow;

static const struct field_def insp_fields[] = {
	{.name = "title", .label = "检查名称", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "kind", .label = "检查类型", .type = FT_ENUM, .opts = insp_kind_opts,
	 .flags = F_FILTER | F_LIST},
	{.name = "checklist_id", .label = "检查表", .type = FT_REF, .ref = "checklist",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "plan_id", .label = "检查计划", .type = FT_REF, .ref = "inspection_plan",
	 .flags = F_FILTER},
	{.name = "enforcement_id", .label = "执法计划", .type = FT_REF, .ref = "enforcement_plan",
	 .flags = F_FILTER},
	{.name = "draw_id", .label = "双随机抽查", .type = FT_REF, .ref = "spot_draw", .flags = F_FILTER},
	{.name = "inspect_date", .label = "检查日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT | F_RANGE},
	{.name = "location", .label = "检查部位", .type = FT_TEXT, .max_len = 200, .flags = F_LIST},
	{.name = "unit_id", .label = "车间/班组", .type = FT_REF, .ref = "org"},
	{.name = "outlet_id", .label = "网点", .type = FT_REF, .ref = "outlet"},
	{.name = "contractor_id", .label = "相关方", .type = FT_REF, .ref = "contractor"},
	{.name = "inspector_id", .label = "检查人", .type = FT_REF, .ref = "user",
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "reg_org_id", .label = "执法单位", .type = FT_REF, .ref = "org",
	 .flags = F_READONLY | F_FILTER},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = insp_status_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "done_at", .label = "完成时间", .type = FT_DATETIME, .flags = F_READONLY | F_LIST},
	{.name = "summary", .label = "检查结论", .type = FT_LONGTEXT, .flags = F_READONLY},
	{.name = "item_count", .label = "检查项", .type = FT_INT, .flags = F_READONLY},
	{.name = "pass_count", .label = "符合", .type = FT_INT, .flags = F_READONLY | F_LIST},
	{.name = "fail_count", .label = "不符合", .type = FT_INT, .flags = F_READONLY | F_LIST | F_FILTER},
	{.name = "na_count", .label = "不适用", .type = FT_INT, .flags = F_READONLY},
	{.name = "hazard_count", .label = "登记隐患", .type = FT_INT, .flags = F_READONLY | F_LIST},
};

const struct entity_def inspection_def = {
	.name = "inspection", .table = "inspection", .label = "检查记录",
	.fields = insp_fields, .nfields = ARRAY_SIZE(insp_fields),
	.flags = E_NO_DELETE,
	.write_roles = IN_INSPECTORS,
	.display_field = "title", .default_sort = "-inspect_date",
	.before_write = insp_before_write, .after_write = insp_after_write,
	.workflow = &insp_workflow,
};

/* 1 if c's user may work on inspection row: its inspector; the enterprise's
 * manager or principal (an enterprise inspection); for a 监管执法检查 a regulator
 * of the executing org; the admin. */
static int insp_worker(struct ectx *c, const json_t *row)
{
	if (!c->user || c->user->role == ROLE_ADMIN || row_int(row, "inspector_id") == c->user->id)
		return 1;
	if (in_same(row_str(row, "kind"), "regulator"))
		return c->user->role == ROLE_REGULATOR && row_int(row, "reg_org_id") == c->user->org_id;
	return c->user->role == ROLE_ENT_MANAGER || c->user->role == ROLE_ENT_PRINCIPAL;
}

static int insp_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e)
{
	int regulator = c->user && c->user->role == ROLE_REGULATOR;
	const char *d = row_str(obj, "inspect_date");
	char today[11];
	int64_t ent;
	json_t *cl;

	if (a == EA_DELETE)
		return 0;
	entity_today(today);
	if (d && strcmp(d, today) > 0)
		verr_add(e, "inspect_date", "检查日期不能晚于今天");
	if (a == EA_UPDATE) {
		static const char *const keep[] = { "org_id", "kind", "checklist_id", "plan_id",
			"enforcement_id", "draw_id", NULL };
		if (!in_same(row_str(old, "status"), "draft")) {
			verr_set(e, 409, "bad_state", "检查已完成，不能修改");
			return -1;
		}
		if (!insp_worker(c, old)) {
			verr_set(e, 403, "forbidden", "只有检查人或本企业安全管理人员可以修改该检查");
			return -1;
		}
		for (int i = 0; keep[i]; i++)
			json_object_set(obj, keep[i], json_object_get(old, keep[i]));
		return e->status ? -1 : 0;
	}
	ent = org_enterprise_of(c->db, row_int(obj, "org_id"));
	if (ent < 0)
		return in_internal(e);
	if (!ent) {
		verr_add(e, "org_id", "请选择被检查企业");
		return -1;
	}
	json_object_set_new(obj, "org_id", json_integer(ent));
	if (!row_str(obj, "kind"))
		json_object_set_new(obj, "kind", json_string(regulator ? "regulator" : "self"));
	if (regulator != in_same(row_str(obj, "kind"), "regulator"))
		verr_add(e, "kind", regulator ? "监管部门的检查类型须为“监管执法检查”"
			 : "“监管执法检查”只能由监管部门开展");
	if (in_same(row_str(obj, "kind"), "principal_major") && c->user &&
	    c->user->role != ROLE_ENT_PRINCIPAL && c->user->role != ROLE_ADMIN)
		verr_add(e, "kind", "主要负责人带队的重大隐患检查须由主要负责人登记");
	cl = entity_get(c, &checklist_def, row_int(obj, "checklist_id"));
	if (cl && !row_int(cl, "item_count"))
		verr_add(e, "checklist_id", "所选检查表没有检查项");
	json_decref(cl);
	if (row_int(obj, "plan_id")) {
		int64_t porg = 0;
		if (db_query_int64p(c->db, "SELECT org_id FROM inspection_plan WHERE id = ?",
				    row_int(obj, "plan_id"), &porg, 0) != 0)
			return in_internal(e);
		if (porg != ent)
			verr_add(e, "plan_id", "检查计划须为被检查企业的计划");
	}
	if (e->status)
		return -1;
	json_object_set_new(obj, "inspector_id", c->user ? json_integer(c->user->id) : json_null());
	json_object_set_new(obj, "reg_org_id", regulator ? json_integer(c->user->org_id) : json_null());
	json_object_set_new(obj, "status", json_string("draft"));
	json_object_set_new(obj, "done_at", json_null());
	json_object_set_new(obj, "summary", json_null());
	for (int i = 0; i < 5; i++)
		json_object_set_new(obj, (const char *[]){"item_count", "pass_count", "fail_count",
				    "na_count", "hazard_count"}[i], json_integer(0));
	return 0;
}

/* A new inspection copies its checklist's items (the template may change later; the
 * inspection keeps what it was checked against). */
static int insp_after_write(struct ectx *c, enum entity_action a, int64_t id,
			    const json_t *before, const json_t *after, struct verr *e)
{
	struct db_stmt *st;
	char now[20];
	int64_t n = 0;
	json_t *set;
	int rc;

	if (a != EA_CREATE)
		return 0;
	entity_now(now);
	st = db_prepare(c->db,
		"INSERT INTO inspection_result (org_id, inspection_id, seq, group_name, text, basis,"
		" method, evidence, criterion_id, photos, created_at, updated_at, created_by, updated_by)"
		" SELECT ?, ?, seq, group_name, text, basis, method, evidence, criterion_id, '[]', ?, ?, ?, ?"
		" FROM checklist_item WHERE checklist_id = ? ORDER BY seq");
	if (!st || db_bind_int64(st, 1, row_int(after, "org_id")) || db_bind_int64(st, 2, id) ||
	    db_bind_text(st, 3, now) || db_bind_text(st, 4, now) ||
	    (c->user ? db_bind_int64(st, 5, c->user->id) : db_bind_null(st, 5)) ||
	    (c->user ? db_bind_int64(st, 6, c->user->id) : db_bind_null(st, 6)) ||
	    db_bind_int64(st, 7, row_int(after, "checklist_id")) || db_step(st) != DB_DONE) {
		db_finalize(st);
		return in_internal(e);
	}
	db_finalize(st);
	if (db_query_int64p(c->db, "SELECT COUNT(*) FROM inspection_result WHERE inspection_id = ?",
			    id, &n, 0) != 0)
		return in_internal(e);
	set = json_pack("{s:I}", "item_count", (json_int_t)n);
	rc = entity_set_tx(c, &inspection_def, id, NULL, set, NULL, e);
	json_decref(set);
	return rc < 0 ? -1 : 0;
}

/* ----------------------------------------------------------------- results */

static int res_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e);

static const struct field_def res_fields[] = {
	{.name = "inspection_id", .label = "检查记录", .type = FT_REF, .ref = "inspection",
	 .flags = F_FILTER | F_READONLY},
	{.name = "seq", .label = "序号", .type = FT_INT, .flags = F_READONLY | F_SORT | F_LIST},
	{.name = "group_name", .label = "分组", .type = FT_TEXT, .max_len = 100, .flags = F_READONLY},
	{.name = "text", .label = "检查内容", .type = FT_LONGTEXT, .max_len = 2000,
	 .flags = F_READONLY | F_LIST},
	{.name = "basis", .label = "检查依据", .type = FT_TEXT, .max_len = 500, .flags = F_READONLY},
	{.name = "method", .label = "检查方法", .type = FT_TEXT, .max_len = 500, .flags = F_READONLY},
	{.name = "evidence", .label = "应查证材料", .type = FT_TEXT, .max_len = 500, .flags = F_READONLY},
	{.name = "criterion_id", .label = "对应重大隐患判定标准条款", .type = FT_REF,
	 .ref = "hazard_criterion", .help = "不符合且构成重大事故隐患时选择"},
	{.name = "result", .label = "检查结果", .type = FT_ENUM, .opts = result_opts,
	 .flags = F_FILTER | F_LIST},
	{.name = "note", .label = "问题描述/说明", .type = FT_LONGTEXT, .max_len = 2000},
	{.name = "photos", .label = "现场照片", .type = FT_FILES},
	{.name = "checked_by", .label = "检查人", .type = FT_REF, .ref = "user", .flags = F_READONLY},
	{.name = "checked_at", .label = "检查时间", .type = FT_DATETIME, .flags = F_READONLY},
	{.name = "hazard_id", .label = "登记的隐患", .type = FT_REF, .ref = "hazard",
	 .flags = F_READONLY | F_FILTER | F_LIST},
};

const struct entity_def result_def = {
	.name = "inspection_result", .table = "inspection_result", .label = "检查项结果",
	.fields = res_fields, .nfields = ARRAY_SIZE(res_fields),
	.flags = E_NO_CREATE | E_NO_DELETE,
	.write_roles = IN_INSPECTORS,
	.display_field = "text", .default_sort = "seq",
	.before_write = res_before_write,
};

/* The inspection of a child row, or NULL with e set (404 / 409 not draft / 403). */
static json_t *insp_open_for(struct ectx *c, int64_t insp_id, const char *field, struct verr *e)
{
	json_t *in = entity_get(c, &inspection_def, insp_id);

	if (!in) {
		verr_add(e, field, "所选检查记录不存在");
		return NULL;
	}
	if (!in_same(row_str(in, "status"), "draft")) {
		verr_set(e, 409, "bad_state", "检查已完成，不能修改");
	} else if (!insp_worker(c, in)) {
		verr_set(e, 403, "forbidden", "只有检查人或本企业安全管理人员可以填写该检查");
	} else
		return in;
	json_decref(in);
	return NULL;
}

static int res_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e)
{
	static const char *const keep[] = { "org_id", "inspection_id", "seq", "group_name", "text",
		"basis", "method", "evidence", "hazard_id", NULL };
	json_t *in;
	char now[20];

	if (a != EA_UPDATE)
		return 0;
	if (!(in = insp_open_for(c, row_int(old, "inspection_id"), "inspection_id", e)))
		return -1;
	json_decref(in);
	for (int i = 0; keep[i]; i++)
		json_object_set(obj, keep[i], json_object_get(old, keep[i]));
	entity_now(now);
	json_object_set_new(obj, "checked_by", c->user ? json_integer(c->user->id) : json_null());
	json_object_set_new(obj, "checked_at", json_string(now));
	return 0;
}

/* ------------------------------------------------------------ participants */

static int part_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e);

static const struct field_def part_fields[] = {
	{.name = "inspection_id", .label = "检查记录", .type = FT_REF, .ref = "inspection",
	 .flags = F_REQUIRED | F_FILTER},
	{.name = "name", .label = "姓名", .type = FT_TEXT, .max_len = 50, .flags = F_REQUIRED | F_LIST},
	{.name = "role", .label = "身份", .type = FT_ENUM, .opts = part_role_opts,
	 .flags = F_REQUIRED | F_LIST | F_FILTER},
	{.name = "company", .label = "所在单位", .type = FT_TEXT, .max_len = 200, .flags = F_LIST},
	{.name = "signature", .label = "签名", .type = FT_TEXT, .max_len = 50, .flags = F_LIST,
	 .help = "参加人本人签署的姓名"},
	{.name = "signed_at", .label = "签名时间", .type = FT_DATETIME, .flags = F_READONLY | F_LIST},
};

const struct entity_def participant_def = {
	.name = "inspection_participant", .table = "inspection_participant", .label = "检查参加人员",
	.fields = part_fields, .nfields = ARRAY_SIZE(part_fields),
	.write_roles = IN_INSPECTORS,
	.display_field = "name", .default_sort = "id",
	.before_write = part_before_write,
};

/* Participants are added while the inspection is open; a signature is the
 * participant's own name. */
static int part_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e)
{
	json_t *in = insp_open_for(c, row_int(a == EA_CREATE ? obj : old, "inspection_id"),
				   "inspection_id", e);
	char now[20];

	if (!in)
		return -1;
	if (a != EA_DELETE) {
		if (a == EA_UPDATE)
			json_object_set(obj, "inspection_id", json_object_get(old, "inspection_id"));
		json_object_set(obj, "org_id", json_object_get(in, "org_id"));
		if (row_str(obj, "signature") && !in_same(row_str(obj, "signature"), row_str(obj, "name")))
			verr_add(e, "signature", "签名须与参加人员姓名一致");
		entity_now(now);
		json_object_set_new(obj, "signed_at", row_str(obj, "signature") ? json_string(now) : json_null());
	}
	json_decref(in);
	return e->status ? -1 : 0;
}

/* ------------------------------------------------------------- finish */

static const struct field_def in_finish[] = {
	{.name = "summary", .label = "检查结论", .type = FT_LONGTEXT, .max_len = 4000},
};

static const char *finish_refuse(struct ectx *c, const json_t *row)
{
	return insp_worker(c, row) ? NULL : "只有检查人或本企业安全管理人员可以完成该检查";
}

/* Every item answered; a 不符合 item says what is wrong. */
static int finish_guard(struct wf_call *w)
{
	int64_t open = 0, bare = 0;

	if (db_query_int64p(w->c->db, "SELECT COUNT(*) FROM inspection_result WHERE inspection_id = ?"
			    " AND result IS NULL", w->id, &open, 0) != 0 ||
	    db_query_int64p(w->c->db, "SELECT COUNT(*) FROM inspection_result WHERE inspection_id = ?"
			    " AND result = 'fail' AND (note IS NULL OR note = '')", w->id, &bare, 0) != 0)
		return in_internal(w->err);
	if (open)
		verr_add(w->err, "results", "尚有%" PRId64 "项未检查，请逐项填写符合、不符合或不适用", open);
	else if (bare)
		verr_add(w->err, "results", "有%" PRId64 "项不符合未填写问题描述", bare);
	return w->err->status ? -1 : 0;
}

/* Title of the hazard of a failed item: its first sentence, at most 60 characters. */
static const char *fail_title(struct arena *a, const char *text)
{
	size_t i = 0, chars = 0;

	while (text[i] && chars < 60) {
		unsigned char ch = (unsigned char)text[i];
		size_t len = ch < 0x80 ? 1 : ch < 0xe0 ? 2 : ch < 0xf0 ? 3 : 4;
		if (!strncmp(text + i, "。", 3) || !strncmp(text + i, "；", 3))
			break;
		i += len;
		chars++;
	}
	return arena_printf(a, "%.*s", (int)i, text);
}

/* 不符合 → the register; the counts; the plan's task of the period. */
static int finish_apply(struct wf_call *w)
{
	const struct entity_def *hz = entity_find("hazard");
	struct db_stmt *st;
	int64_t ids[600], crit[600], seqs[600];
	char *texts[600], *notes[600], *photos[600];
	int n = 0, step, rc = -1, regulator = in_same(row_str(w->row, "kind"), "regulator");
	int64_t cnt[3] = { 0, 0, 0 }, made = 0;
	const char *source = regulator ? NULL : in_same(row_str(w->row, "kind"), "self") ? "self_check" : "inspection";

	st = db_prepare(w->c->db, "SELECT result, COUNT(*) FROM inspection_result WHERE inspection_id = ?"
			" GROUP BY result");
	if (!st || db_bind_int64(st, 1, w->id))
		goto out;
	while ((step = db_step(st)) == DB_ROW) {
		const char *r = db_col_text(st, 0);
		int k = in_same(r, "pass") ? 0 : in_same(r, "fail") ? 1 : 2;
		cnt[k] += db_col_int64(st, 1);
	}
	db_finalize(st);
	st = db_prepare(w->c->db, "SELECT id, seq, text, note, criterion_id, photos FROM inspection_result"
			" WHERE inspection_id = ? AND result = 'fail' AND hazard_id IS NULL ORDER BY seq");
	if (!st || db_bind_int64(st, 1, w->id))
		goto out;
	while ((step = db_step(st)) == DB_ROW && n < 600) {
		ids[n] = db_col_int64(st, 0);
		seqs[n] = db_col_int64(st, 1);
		texts[n] = arena_strdup(w->c->arena, db_col_text(st, 2));
		notes[n] = arena_strdup(w->c->arena, db_col_text(st, 3));
		crit[n] = db_col_int64(st, 4);
		photos[n] = arena_strdup(w->c->arena, db_col_text(st, 5));
		n++;
	}
	db_finalize(st);
	st = NULL;
	for (int i = 0; i < n; i++) {
		json_t *ph = photos[i] ? json_loads(photos[i], 0, NULL) : NULL;
		json_t *h = json_pack("{s:s, s:s, s:s, s:I, s:s}",
			"title", fail_title(w->c->arena, texts[i] ? texts[i] : "检查不符合项"),
			"description", arena_printf(w->c->arena, "%s\n检查发现：%s\n来源：检查记录「%s」第%" PRId64 "项",
						    texts[i] ? texts[i] : "", notes[i] ? notes[i] : "",
						    row_str(w->row, "title"), seqs[i]),
			"found_at", row_str(w->row, "inspect_date"),
			"org_id", (json_int_t)row_int(w->row, "org_id"),
			"level", crit[i] ? "major" : "general");
		int64_t hid;
		json_t *set;
		if (row_str(w->row, "location"))
			json_object_set_new(h, "location", json_string(row_str(w->row, "location")));
		if (row_int(w->row, "unit_id"))
			json_object_set_new(h, "unit_id", json_integer(row_int(w->row, "unit_id")));
		if (source)
			json_object_set_new(h, "source", json_string(source));
		if (crit[i])
			json_object_set_new(h, "major_criterion_id", json_integer(crit[i]));
		if (json_is_array(ph) && json_array_size(ph))
			json_object_set(h, "photos_before", ph);
		json_decref(ph);
		hid = entity_create_tx(w->c, hz, h, w->err);
		json_decref(h);
		if (hid < 0) {
			/* name the item whose hazard could not be registered */
			w->err->field = "results";
			w->err->message = arena_printf(w->err->arena, "第%" PRId64 "项登记隐患失败：%s",
						       seqs[i], w->err->message ? w->err->message : "");
			return -1;
		}
		set = json_pack("{s:I}", "hazard_id", (json_int_t)hid);
		rc = entity_set_tx(w->c, &result_def, ids[i], NULL, set, "hazard", w->err);
		json_decref(set);
		if (rc < 0)
			return -1;
		made++;
	}
	if (row_int(w->row, "plan_id") &&
	    in_task_close(w->c, row_int(w->row, "plan_id"), row_str(w->row, "inspect_date"), w->id, w->err) != 0)
		return -1;
	json_object_set_new(w->set, "done_at", json_string(w->now));
	json_object_set_new(w->set, "pass_count", json_integer(cnt[0]));
	json_object_set_new(w->set, "fail_count", json_integer(cnt[1]));
	json_object_set_new(w->set, "na_count", json_integer(cnt[2]));
	{	/* every 不符合 item stands for a hazard: made now, or linked before */
		int64_t linked = 0;
		if (db_query_int64p(w->c->db, "SELECT COUNT(*) FROM inspection_result WHERE inspection_id = ?"
				    " AND result = 'fail' AND hazard_id IS NOT NULL", w->id, &linked, 0) != 0)
			return in_internal(w->err);
		json_object_set_new(w->set, "hazard_count", json_integer(linked));
	}
	if (row_str(w->in, "summary"))
		json_object_set(w->set, "summary", json_object_get(w->in, "summary"));
	w->note = arena_printf(w->err->arena, "符合%" PRId64 "项，不符合%" PRId64 "项，不适用%" PRId64
			       "项，登记隐患%" PRId64 "项", cnt[0], cnt[1], cnt[2], made);
	return 0;
out:
	db_finalize(st);
	return in_internal(w->err);
}

static const char *const from_draft[] = { "draft", NULL };

static const struct wf_state insp_states[] = {
	{"draft", "检查中", WS_OPEN},
	{"done", "已完成", WS_FINAL},
};

static const struct wf_action insp_actions[] = {
	{.verb = "finish", .label = "完成检查", .from = from_draft, .to = "done",
	 .roles = IN_INSPECTORS, .refuse = finish_refuse,
	 .inputs = in_finish, .ninputs = ARRAY_SIZE(in_finish),
	 .guard = finish_guard, .apply = finish_apply, .flags = WA_NO_EVENT},
};

static const struct workflow insp_workflow = {
	.status_field = "status", .states = insp_states, .nstates = ARRAY_SIZE(insp_states),
	.actions = insp_actions, .nactions = ARRAY_SIZE(insp_actions), .noun = "检查",
};

/* --------------------------------------------------------- 整改通知书 */

static int notice_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			       const json_t *old, struct verr *e);
static const struct workflow notice_workflow;

/* 安全生产法（2021）第六十五条第一款第（三）项 */
#define NOTICE_BASIS "《中华人民共和国安全生产法》第六十五条第一款第（三）项：对检查中发现的事故隐患，应当责令立即排除；重大事故隐患排除前或者排除过程中无法保证安全的，应当责令从危险区域内撤出作业人员，责令暂时停产停业或者停止使用相关设施、设备。"

static const struct field_def notice_fields[] = {
	{.name = "number", .label = "文书编号", .type = FT_TEXT, .max_len = 60,
	 .flags = F_READONLY | F_LIST | F_SEARCH},
	{.name = "inspection_id", .label = "检查记录", .type = FT_REF, .ref = "inspection",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "issued_org_id", .label = "下达单位", .type = FT_REF, .ref = "org",
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "issued_by", .label = "执法人员", .type = FT_REF, .ref = "user", .flags = F_READONLY},
	{.name = "issued_at", .label = "下达日期", .type = FT_DATE, .flags = F_READONLY | F_LIST | F_SORT},
	{.name = "deadline", .label = "整改期限", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT | F_RANGE},
	{.name = "items", .label = "存在问题", .type = FT_LONGTEXT, .max_len = 100000, .flags = F_READONLY},
	{.name = "legal_basis", .label = "法律依据", .type = FT_LONGTEXT, .max_len = 4000},
	{.name = "requirement", .label = "整改要求", .type = FT_LONGTEXT, .max_len = 4000},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = notice_status_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "reply_note", .label = "整改情况回复", .type = FT_LONGTEXT, .flags = F_READONLY},
	{.name = "reply_files", .label = "整改材料", .type = FT_FILES, .flags = F_READONLY},
	{.name = "replied_at", .label = "回复时间", .type = FT_DATETIME, .flags = F_READONLY | F_LIST},
	{.name = "replied_by", .label = "回复人", .type = FT_REF, .ref = "user", .flags = F_READONLY},
	{.name = "review_note", .label = "复查意见", .type = FT_TEXT, .max_len = 500, .flags = F_READONLY},
	{.name = "reviewed_at", .label = "复查时间", .type = FT_DATETIME, .flags = F_READONLY},
	{.name = "reviewed_by", .label = "复查人", .type = FT_REF, .ref = "user", .flags = F_READONLY},
	{.name = "overdue", .label = "逾期未整改", .type = FT_BOOL, .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN t.status = 'issued' AND t.deadline < {today} THEN 1 ELSE 0 END"},
};

const struct entity_def notice_def = {
	.name = "rectify_notice", .table = "rectify_notice", .label = "整改通知书",
	.fields = notice_fields, .nfields = ARRAY_SIZE(notice_fields),
	.flags = E_NO_UPDATE | E_NO_DELETE,
	.write_roles = IN_REGULATORS,
	.display_field = "number", .default_sort = "-id",
	.before_write = notice_before_write,
	.workflow = &notice_workflow,
};

/* Issued after a finished 监管执法检查 of the issuing org with 不符合 items; the
 * number is the org's sequence of the year; the items are the inspection's. */
static int notice_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			       const json_t *old, struct verr *e)
{
	json_t *in;
	char today[11];
	struct db_stmt *st;
	struct buf b;
	int64_t seq = 0, org;
	int step;

	if (a != EA_CREATE)
		return 0;
	entity_today(today);
	in = entity_get(c, &inspection_def, row_int(obj, "inspection_id"));
	if (!in) {
		verr_add(e, "inspection_id", "所选检查记录不存在");
		return -1;
	}
	org = c->user ? c->user->org_id : row_int(in, "reg_org_id");
	if (!in_same(row_str(in, "kind"), "regulator"))
		verr_add(e, "inspection_id", "整改通知书须依据监管执法检查下达");
	else if (!in_same(row_str(in, "status"), "done"))
		verr_add(e, "inspection_id", "检查完成后才能下达整改通知书");
	else if (!row_int(in, "fail_count"))
		verr_add(e, "inspection_id", "该检查没有不符合项，无需下达整改通知书");
	else if (c->user && c->user->role != ROLE_ADMIN && row_int(in, "reg_org_id") != org)
		verr_add(e, "inspection_id", "只能对本单位开展的执法检查下达整改通知书");
	if (row_str(obj, "deadline") && strcmp(row_str(obj, "deadline"), today) < 0)
		verr_add(e, "deadline", "整改期限不能早于今天");
	if (e->status) {
		json_decref(in);
		return -1;
	}
	org = row_int(in, "reg_org_id");
	{
		int64_t p[2] = { org, 0 };
		char like[8];
		snprintf(like, sizeof(like), "%.4s%%", today);
		st = db_prepare(c->db, "SELECT COUNT(*) FROM rectify_notice WHERE issued_org_id = ?"
				" AND issued_at LIKE ?");
		if (!st || db_bind_int64(st, 1, p[0]) || db_bind_text(st, 2, like) || db_step(st) != DB_ROW) {
			db_finalize(st);
			json_decref(in);
			return in_internal(e);
		}
		seq = db_col_int64(st, 0) + 1;
		db_finalize(st);
	}
	buf_init(&b, 1 << 20);
	st = db_prepare(c->db, "SELECT seq, text, note, basis FROM inspection_result"
			" WHERE inspection_id = ? AND result = 'fail' ORDER BY seq");
	if (!st || db_bind_int64(st, 1, row_int(in, "id"))) {
		db_finalize(st);
		buf_release(&b);
		json_decref(in);
		return in_internal(e);
	}
	{
		int k = 0;
		while ((step = db_step(st)) == DB_ROW && ++k)
			buf_printf(&b, "%s%d. %s（%s）%s%s", k > 1 ? "\n" : "", k, db_col_text(st, 2) ?
				   db_col_text(st, 2) : "", db_col_text(st, 1) ? db_col_text(st, 1) : "",
				   db_col_text(st, 3) ? " 依据：" : "", db_col_text(st, 3) ? db_col_text(st, 3) : "");
	}
	db_finalize(st);
	json_object_set_new(obj, "items", json_string(buf_str(&b)));
	buf_release(&b);
	json_object_set(obj, "org_id", json_object_get(in, "org_id"));
	json_object_set_new(obj, "issued_org_id", json_integer(org));
	json_object_set_new(obj, "issued_by", c->user ? json_integer(c->user->id) : json_null());
	json_object_set_new(obj, "issued_at", json_string(today));
	json_object_set_new(obj, "number", json_string(arena_printf(c->arena, "责改〔%.4s〕%" PRId64 "号",
								    today, seq)));
	if (!row_str(obj, "legal_basis"))
		json_object_set_new(obj, "legal_basis", json_string(NOTICE_BASIS));
	json_object_set_new(obj, "status", json_string("issued"));
	for (int i = 0; i < 7; i++)
		json_object_set_new(obj, (const char *[]){"reply_note", "replied_at", "replied_by",
				    "review_note", "reviewed_at", "reviewed_by", "reply_files"}[i],
				    i == 6 ? json_array() : json_null());
	json_decref(in);
	return 0;
}

static const struct field_def in_reply[] = {
	{.name = "reply_note", .label = "整改情况回复", .type = FT_LONGTEXT, .max_len = 4000,
	 .flags = F_REQUIRED},
	{.name = "reply_files", .label = "整改材料", .type = FT_FILES},
};
static const struct field_def in_pass[] = {
	{.name = "note", .label = "复查意见", .type = FT_TEXT, .max_len = 500},
};
static const struct field_def in_fail[] = {
	{.name = "reason", .label = "复查不合格原因", .type = FT_TEXT, .max_len = 500, .flags = F_REQUIRED},
	{.name = "deadline", .label = "新的整改期限", .type = FT_DATE},
};

/* 复查 by the issuing regulator's org (or the admin). */
static const char *review_refuse(struct ectx *c, const json_t *row)
{
	return c->user->role == ROLE_ADMIN || row_int(row, "issued_org_id") == c->user->org_id ? NULL :
		"由下达整改通知书的监管部门复查";
}

static int reply_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "replied_at", json_string(w->now));
	json_object_set_new(w->set, "replied_by", w->c->user ? json_integer(w->c->user->id) : json_null());
	return inbox_send(w->c, row_int(w->row, "issued_by"), "notice",
			  arena_printf(w->err->arena, "整改通知书已回复：%s", row_str(w->row, "number")),
			  row_str(w->in, "reply_note"),
			  arena_printf(w->err->arena, "/inspect/notice/%" PRId64, w->id), "rectify_notice", w->id);
}

static int pass_apply(struct wf_call *w)
{
	json_object_set(w->set, "review_note", json_object_get(w->in, "note"));
	json_object_set_new(w->set, "reviewed_at", json_string(w->now));
	json_object_set_new(w->set, "reviewed_by", w->c->user ? json_integer(w->c->user->id) : json_null());
	return 0;
}

static int fail_guard(struct wf_call *w)
{
	const char *d = row_str(w->in, "deadline");

	if (d && strcmp(d, w->today) < 0) {
		verr_add(w->err, "deadline", "新的整改期限不能早于今天");
		return -1;
	}
	return 0;
}

static int fail_apply(struct wf_call *w)
{
	json_object_set(w->set, "review_note", json_object_get(w->in, "reason"));
	json_object_set_new(w->set, "reviewed_at", json_string(w->now));
	json_object_set_new(w->set, "reviewed_by", w->c->user ? json_integer(w->c->user->id) : json_null());
	if (row_str(w->in, "deadline"))
		json_object_set(w->set, "deadline", json_object_get(w->in, "deadline"));
	/* whoever replied hears why */
	return row_int(w->row, "replied_by") ?
		inbox_send(w->c, row_int(w->row, "replied_by"), "returned",
			   arena_printf(w->err->arena, "整改复查不合格：%s", row_str(w->row, "number")),
			   row_str(w->in, "reason"),
			   arena_printf(w->err->arena, "/inspect/notice/%" PRId64, w->id), "rectify_notice", w->id) : 0;
}

static const char *const from_issued[] = { "issued", NULL };
static const char *const from_replied[] = { "replied", NULL };

static const struct wf_state notice_states[] = {
	{"issued", "已下达", WS_OPEN},
	{"replied", "已回复", WS_OPEN},
	{"passed", "复查合格", WS_FINAL},
};

static const struct wf_action notice_actions[] = {
	{.verb = "reply", .label = "回复整改情况", .from = from_issued, .to = "replied",
	 .roles = RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL),
	 .inputs = in_reply, .ninputs = ARRAY_SIZE(in_reply), .apply = reply_apply,
	 .flags = WA_SET_INPUTS | WA_NO_EVENT},
	{.verb = "review_pass", .label = "复查合格", .from = from_replied, .to = "passed",
	 .roles = IN_REGULATORS, .refuse = review_refuse,
	 .inputs = in_pass, .ninputs = ARRAY_SIZE(in_pass), .apply = pass_apply, .flags = WA_NO_EVENT},
	{.verb = "review_fail", .label = "复查不合格", .from = from_replied, .to = "issued",
	 .roles = IN_REGULATORS, .refuse = review_refuse,
	 .inputs = in_fail, .ninputs = ARRAY_SIZE(in_fail), .guard = fail_guard, .apply = fail_apply,
	 .flags = WA_NO_EVENT},
};

static const struct workflow notice_workflow = {
	.status_field = "status", .states = notice_states, .nstates = ARRAY_SIZE(notice_states),
	.actions = notice_actions, .nactions = ARRAY_SIZE(notice_actions), .noun = "整改通知书",
};

void inspect_flow_init(void)
{
	entity_register(&inspection_def);
	entity_register(&result_def);
	entity_register(&participant_def);
	entity_register(&notice_def);
}
