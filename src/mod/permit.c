/*
 * permit.c — 特殊作业票 (mod/permit.h): the declarations of the permit, its gas tests,
 * approvals and timeline, the hooks that are this module's own (the enterprise's org,
 * the kind list by industry, the grade, validity and approval chain from
 * src/rules/permit.c, a gas test's pass computed by the rule), the live board and the
 * enterprise home's notices. The workflow is in permit_flow.c.
 *
 * Which kind list applies (configuration): an enterprise whose 高危行业类别 is
 * hazardous_chemicals uses the eight special operations of GB 30871-2022; every other
 * enterprise the list of seeds/004 item 15 (爆破、吊装、动火、登高、受限空间、设备检维修、
 * 涂装、临时用电).
 *
 * A permit is edited only while 已申请 (draft): GB 30871 ch. 4 — changing the content,
 * scope or place, or passing the validity, needs a new permit.
 *
 * Rules of the request besides grade and validity (GB 30871-2022):
 *   - 4.10 f): the guardian (监护人) watches and does nothing else — not the work
 *     leader and not one of the workers;
 *   - 7.3 / 7.11 / Table A.3: a 盲板抽堵 permit names its blind (number on the blind
 *     drawing, action 抽/堵, the equipment or pipe, the medium with its temperature and
 *     pressure, the blind's material and specification); one permit covers one blind
 *     and one action, so a second open permit for the same blind number at the same
 *     enterprise is refused (409 blind_busy on blind_no);
 *   - 10.8: a 临时用电 permit may name the permit it serves (所服务的作业票, e.g. the
 *     动火 it powers): same enterprise, still open, and the power's time within that
 *     permit's validity (besides its own ≤ 15 days).
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
#include "http/http.h"
#include "mod/mod.h"
#include "mod/permit.h"
#include "mod/permit_int.h"
#include "rules/obligation.h"
#include "rules/permit.h"

#define RB(r) (1u << (r))
#define PM_WRITERS (RB(ROLE_ADMIN) | RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL) | RB(ROLE_STAFF))

/* The industry whose enterprises use the GB 30871 list (configuration). */
#define PM_CHEM_INDUSTRY "hazardous_chemicals"

/* ------------------------------------------------------------------ options */

static const struct enum_opt kind_opts[] = {
	{"hot", "动火作业"}, {"confined", "受限空间作业"}, {"blind", "盲板抽堵作业"},
	{"height", "高处作业"}, {"lifting", "吊装作业"}, {"power", "临时用电作业"},
	{"excavation", "动土作业"}, {"road", "断路作业"}, {"blasting", "爆破作业"},
	{"climbing", "登高作业"}, {"maintenance", "设备检维修作业"}, {"coating", "涂装作业"},
	{NULL, NULL}
};

static const struct enum_opt grade_opts[] = {
	{"special", "特级"}, {"first", "一级"}, {"second", "二级"}, {"third", "三级"},
	{"I", "Ⅰ级"}, {"II", "Ⅱ级"}, {"III", "Ⅲ级"}, {"IV", "Ⅳ级"}, {"none", "不分级"},
	{NULL, NULL}
};

static const struct enum_opt blind_action_opts[] = {
	{"insert", "堵盲板"}, {"remove", "抽盲板"}, {NULL, NULL}
};

static const struct enum_opt hot_place_opts[] = {
	{"running", "运行装置/带压不置换/重大危险源罐区防火堤内"},
	{"hazard_area", "其他火灾爆炸危险场所（含管廊）"},
	{"other", "其他场所"},
	{NULL, NULL}
};

const struct enum_opt permit_status_opts[] = {
	{"draft", "已申请"}, {"briefed", "已交底"}, {"approving", "审批中"},
	{"approved", "已批准"}, {"working", "作业中"}, {"paused", "作业中断"}, {"closed", "已完工验收"},
	{"cancelled", "已取消"}, {NULL, NULL}
};

const struct enum_opt permit_step_opts[] = {
	{"leader", "主管领导"}, {"safety_dept", "安全管理部门"}, {"base_unit", "所在基层单位"},
	{"specialty_dept", "专业部门"}, {"plant_head", "主管厂长/总工程师"},
	{"power_unit", "配送电单位"}, {"cs_water", "给排水部门会签"}, {"cs_power", "电力部门会签"},
	{"cs_steam", "蒸汽部门会签"}, {"cs_process", "工艺部门会签"},
	{"cs_equipment", "设备部门会签"}, {"cs_fire", "消防部门会签"}, {"cs_safety", "安全部门会签"},
	{NULL, NULL}
};

static const struct enum_opt event_opts[] = {
	{"create", "申请"}, {"brief", "风险分析与技术交底"}, {"approve", "审批"},
	{"start", "开始作业"}, {"pause", "作业中断"}, {"resume", "恢复作业"}, {"close", "完工验收"}, {"cancel", "取消"}, {NULL, NULL}
};

/* ------------------------------------------------------------- helpers */

double pmt_row_real(const json_t *o, const char *k, double dflt)
{
	const json_t *v = o ? json_object_get(o, k) : NULL;

	return json_is_number(v) ? json_number_value(v) : dflt;
}

static int pm_internal(struct verr *e)
{
	verr_set(e, 500, "internal", "服务器内部错误");
	return -1;
}

/* The org of row id of table (employee, contractor), 0 missing, -1 error. */
static int64_t row_org(struct db *db, const char *sql, int64_t id)
{
	int64_t v = 0;

	if (db_query_int64p(db, sql, id, &v, 0) != 0)
		return -1;
	return v;
}

/* 1 if enterprise org uses the GB 30871 list, 0 the 004 item 15 list, -1 error. */
static int pm_chem(struct db *db, int64_t org)
{
	struct db_stmt *st = db_prepare(db, "SELECT high_risk FROM enterprise WHERE org_id = ?");
	int rc = -1, s;

	if (st && db_bind_int64(st, 1, org) == 0) {
		s = db_step(st);
		if (s == DB_ROW) {
			const char *h = db_col_text(st, 0);
			rc = h && strcmp(h, PM_CHEM_INDUSTRY) == 0;
		} else if (s == DB_DONE) {
			rc = 0;
		}
	}
	db_finalize(st);
	return rc;
}

/* 1 working day, 0 a day off by the admin's holiday table (off/on) and weekends. */
static int pm_workday(struct db *db, const char *date)
{
	struct db_stmt *st = db_prepare(db, "SELECT kind FROM holiday WHERE date = ?");
	const char *one[1];
	struct ob_calendar cal = { one, 0, one, 0 };
	char kind[8] = "";
	int rc;

	if (!st)
		return -1;
	if (db_bind_text(st, 1, date) == 0 && db_step(st) == DB_ROW && db_col_text(st, 0))
		snprintf(kind, sizeof(kind), "%s", db_col_text(st, 0));
	db_finalize(st);
	one[0] = date;
	if (strcmp(kind, "off") == 0)
		cal.noff = 1;
	else if (strcmp(kind, "on") == 0)
		cal.non = 1;
	rc = ob_is_workday(&cal, date);
	return rc;
}

/* --------------------------------------------------------------- permit */

/* The grade, raise flag, chain and gas requirement from the inputs (obj complete). */
static int permit_derive(struct ectx *c, json_t *obj, struct verr *e)
{
	const char *kind = row_str(obj, "kind"), *from = row_str(obj, "valid_from");
	const char *to = row_str(obj, "valid_to"), *grade = "none";
	const struct pmt_kind *k = pmt_kind_find(kind);
	const char *const *chain;
	int raised = 0, chem;
	struct buf codes, labels;
	char date[11];

	if (!k) {
		verr_add(e, "kind", "请选择作业类别");
		return -1;
	}
	chem = pm_chem(c->db, row_int(obj, "org_id"));
	if (chem < 0)
		return pm_internal(e);
	if (!pmt_kind_in_set(kind, chem)) {
		verr_add(e, "kind", chem ? "危险化学品企业的作业类别为GB 30871-2022规定的八类特殊作业，不含%s"
				       : "本企业适用的危险作业类别（青浦区重点工作第15项）不含%s", k->label);
		return -1;
	}
	if (strcmp(kind, "hot") == 0) {
		const char *p = row_str(obj, "hot_place");
		enum pmt_hot_place place = !p ? (enum pmt_hot_place)0 :
			strcmp(p, "running") == 0 ? PMT_HOT_RUNNING :
			strcmp(p, "hazard_area") == 0 ? PMT_HOT_HAZARD_AREA : PMT_HOT_OTHER;
		int t = 0;
		if (!p) {
			verr_add(e, "hot_place", "动火作业须选择动火场所");
			return -1;
		}
		if (from) {
			snprintf(date, sizeof(date), "%.10s", from);
			int wd = pm_workday(c->db, date);
			if (wd < 0)
				return pm_internal(e);
			t = pmt_time_raises(from, wd, PMT_NIGHT_FROM, PMT_NIGHT_TO);
			if (t < 0)
				t = 0;
		}
		raised = t || row_bool(obj, "wind5");
		grade = pmt_hot_grade(place, row_bool(obj, "shutdown_isolated"), raised);
	} else if (strcmp(kind, "height") == 0 || strcmp(kind, "climbing") == 0) {
		double h = pmt_row_real(obj, "height_m", -1);
		grade = pmt_height_grade(h, row_bool(obj, "hazard_factor"));
		if (!grade) {
			verr_add(e, "height_m", "高处作业指距坠落基准面2m及以上的作业，请填写作业高度（≥2m）");
			return -1;
		}
	} else if (strcmp(kind, "lifting") == 0) {
		double m = pmt_row_real(obj, "lift_mass_t", -1);
		if (m < 0) {
			verr_add(e, "lift_mass_t", "吊装作业须填写吊物质量（t）");
			return -1;
		}
		if (!pmt_lift_needs_permit(m)) {
			verr_add(e, "lift_mass_t", "吊物质量小于10t的吊装作业可不办理作业票，但仍须进行作业风险分析");
			return -1;
		}
		grade = pmt_lift_grade(m);
	}
	if (from && to) {
		int ok = pmt_validity_ok(kind, grade, from, to);
		int h = pmt_max_hours(kind, grade);
		if (ok == 0) {
			if (pmt_minutes_between(from, to) <= 0)
				verr_add(e, "valid_to", "有效期止须晚于有效期起");
			else if (h % 24 == 0 && h >= 7 * 24)
				verr_add(e, "valid_to", "%s%s作业票有效期不得超过%d天（GB 30871-2022）", pmt_grade_label(grade),
					 k->label, h / 24);
			else
				verr_add(e, "valid_to", "%s%s作业票有效期不得超过%d小时（GB 30871-2022）",
					 strcmp(grade, "none") ? pmt_grade_label(grade) : "", k->label, h);
			return -1;
		}
	}
	chain = pmt_chain(kind, grade);
	if (!chain)
		return pm_internal(e);
	buf_init(&codes, 4096);
	buf_init(&labels, 4096);
	for (int i = 0; chain[i]; i++) {
		buf_printf(&codes, "%s%s", i ? "," : "", chain[i]);
		buf_printf(&labels, "%s%s", i ? " → " : "", pmt_step_label(chain[i]));
	}
	json_object_set_new(obj, "grade", json_string(grade));
	json_object_set_new(obj, "raised", json_boolean(raised));
	json_object_set_new(obj, "chain", json_string(buf_str(&codes)));
	json_object_set_new(obj, "chain_label", json_string(buf_str(&labels)));
	json_object_set_new(obj, "gas_required", json_boolean(k->gas_test));
	json_object_set_new(obj, "max_hours", json_integer(pmt_max_hours(kind, grade)));
	buf_release(&codes);
	buf_release(&labels);
	return 0;
}

/* The open states: a permit in one of them holds its blind (7.11). */
#define PM_OPEN_SQL "('draft', 'briefed', 'approving', 'approved', 'working', 'paused')"

/* 4.10 f): the guardian is not one of the workers (by name, as the permit lists them). */
static int guardian_not_worker(struct db *db, const json_t *obj, struct verr *e)
{
	const char *workers = row_str(obj, "workers");
	struct db_stmt *st;
	int rc = 0;

	if (!workers || !row_int(obj, "guardian_id"))
		return 0;
	st = db_prepare(db, "SELECT name FROM employee WHERE id = ?");
	if (!st || db_bind_int64(st, 1, row_int(obj, "guardian_id")) != 0) {
		rc = -1;
	} else if (db_step(st) == DB_ROW && db_col_text(st, 0) &&
		   pmt_name_in_list(db_col_text(st, 0), workers) == 1) {
		verr_add(e, "guardian_id", "监护人%s不得同时作为作业人员：监护人不应从事与监护无关的事"
			 "（GB 30871-2022 4.10）", db_col_text(st, 0));
	}
	db_finalize(st);
	return rc;
}

/* 盲板抽堵: the blind's particulars (7.3, Table A.3) and one open permit per blind
 * number at the enterprise (7.11). Other kinds carry no blind. */
static int blind_rules(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	static const struct { const char *field, *msg; } need[] = {
		{"blind_action", "请选择盲板作业类别（堵盲板或抽盲板）"},
		{"blind_pipe", "请填写盲板所在设备、管道名称"},
		{"medium", "盲板抽堵作业须填写管道内介质"},
		{"blind_temp_c", "盲板抽堵作业须填写介质温度"},
		{"blind_pressure_mpa", "盲板抽堵作业须填写介质压力"},
		{"blind_material", "请填写盲板材质"},
		{"blind_spec", "请填写盲板规格"},
	};
	char no[64];
	struct db_stmt *st;
	int rc = 0, s;

	if (strcmp(row_str(obj, "kind") ? row_str(obj, "kind") : "", "blind") != 0) {
		json_object_set_new(obj, "blind_no", json_null());
		return 0;
	}
	if (!row_str(obj, "blind_no") || pmt_blind_no_norm(row_str(obj, "blind_no"), no, sizeof(no)) != 0)
		verr_add(e, "blind_no", "盲板抽堵作业须填写盲板编号（与盲板位置图一致，一张作业票只能进行一块盲板的一项作业）");
	for (size_t i = 0; i < ARRAY_SIZE(need); i++)
		if (!json_object_get(obj, need[i].field) || json_is_null(json_object_get(obj, need[i].field)))
			verr_add(e, need[i].field, "%s", need[i].msg);
	if (e->status)
		return 0;
	json_object_set_new(obj, "blind_no", json_string(no));
	st = db_prepare(c->db, "SELECT title FROM work_permit WHERE org_id = ? AND kind = 'blind' AND blind_no = ?"
			" AND status IN " PM_OPEN_SQL " AND id <> ? ORDER BY id LIMIT 1");
	if (!st || db_bind_int64(st, 1, row_int(obj, "org_id")) != 0 || db_bind_text(st, 2, no) != 0 ||
	    db_bind_int64(st, 3, old ? row_int(old, "id") : 0) != 0) {
		rc = -1;
	} else if ((s = db_step(st)) == DB_ROW) {
		verr_field(e, 409, "blind_busy", "blind_no",
			   "盲板编号%s已有未关闭的盲板抽堵作业票（%s）：一张安全作业票只能进行一块盲板的一项作业，"
			   "同一盲板的抽、堵须分别办理，前一张作业票完工验收或取消后方可再办理（GB 30871-2022 7.11）",
			   no, db_col_text(st, 0) ? db_col_text(st, 0) : "");
	} else if (s != DB_DONE) {
		rc = -1;
	}
	db_finalize(st);
	return rc;
}

/* 10.8: the permit a 临时用电 permit serves — same enterprise, open, another kind —
 * and the power's time within its validity. Checked again at the start (the served
 * permit may have changed while both were drafts). NULL when fine, else the Chinese
 * reason and *field. */
const char *permit_served_refusal(struct ectx *c, const json_t *row, const char **field)
{
	int64_t sid = row_int(row, "served_permit_id");
	const char *why = NULL, *st;
	json_t *p;
	int w;

	*field = "served_permit_id";
	if (!sid)
		return NULL;
	if (strcmp(row_str(row, "kind") ? row_str(row, "kind") : "", "power") != 0)
		return "仅临时用电作业可关联所服务的作业票";
	p = entity_get(c, &permit_def, sid);
	if (!p || row_int(p, "org_id") != row_int(row, "org_id")) {
		json_decref(p);
		return "所服务的作业票须为本企业的作业票";
	}
	st = row_str(p, "status");
	if (strcmp(row_str(p, "kind") ? row_str(p, "kind") : "", "power") == 0)
		why = "临时用电作业票不能关联另一张临时用电作业票";
	else if (st && (strcmp(st, "closed") == 0 || strcmp(st, "cancelled") == 0))
		why = "所服务的作业票已完工验收或已取消";
	else if ((w = pmt_power_within(row_str(row, "valid_from"), row_str(row, "valid_to"),
				       row_str(p, "valid_from"), row_str(p, "valid_to"))) == 0) {
		const struct pmt_kind *k = pmt_kind_find(row_str(p, "kind"));
		*field = "valid_to";
		why = arena_printf(c->arena, "用于%s的临时用电时间应和相应作业时间一致：有效期须在所服务作业票"
				   "（%s）的有效期%.16s至%.16s之内（GB 30871-2022 10.8）", k ? k->label : "其他作业",
				   row_str(p, "title") ? row_str(p, "title") : "",
				   row_str(p, "valid_from") ? row_str(p, "valid_from") : "",
				   row_str(p, "valid_to") ? row_str(p, "valid_to") : "");
	}
	json_decref(p);
	return why;
}

static int permit_before_write(struct ectx *c, enum entity_action a, json_t *obj, const json_t *old,
			       struct verr *e)
{
	int64_t org, ent, id;
	int r;

	if (a == EA_DELETE)
		return 0;
	if (a == EA_UPDATE) {
		if (!c->sys && strcmp(row_str(old, "status") ? row_str(old, "status") : "", "draft") != 0) {
			verr_set(e, 409, "bad_state",
				 "作业票已进入审批流程，不能修改；变更作业内容、范围、地点须重新办理作业票（GB 30871-2022）");
			return -1;
		}
		json_object_set(obj, "org_id", json_object_get(old, "org_id"));
		json_object_set(obj, "status", json_object_get(old, "status"));
	} else {
		org = row_int(obj, "org_id");
		ent = org_enterprise_of(c->db, org);
		if (ent < 0)
			return pm_internal(e);
		if (!ent) {
			verr_add(e, "org_id", "请选择作业所属企业");
			return -1;
		}
		if (ent != org && !row_int(obj, "unit_id")) {
			r = org_unit_in(c->db, org, ent);
			if (r < 0)
				return pm_internal(e);
			if (r)
				json_object_set_new(obj, "unit_id", json_integer(org));
		}
		json_object_set_new(obj, "org_id", json_integer(ent));
		if (!c->sys || !row_str(obj, "status"))
			json_object_set_new(obj, "status", json_string("draft"));
		json_object_set_new(obj, "approved_steps", json_integer(0));
	}
	ent = row_int(obj, "org_id");
	if ((id = row_int(obj, "guardian_id")) != 0) {
		int64_t o = row_org(c->db, "SELECT org_id FROM employee WHERE id = ?", id);
		if (o < 0)
			return pm_internal(e);
		if (o != ent)
			verr_add(e, "guardian_id", "监护人须为本企业从业人员");
	}
	if ((id = row_int(obj, "leader_id")) != 0) {
		int64_t o = row_org(c->db, "SELECT org_id FROM employee WHERE id = ?", id);
		if (o < 0)
			return pm_internal(e);
		if (o != ent)
			verr_add(e, "leader_id", "作业负责人须为本企业从业人员");
		else if (id == row_int(obj, "guardian_id"))
			verr_add(e, "guardian_id", "监护人不得兼任作业负责人");
	}
	if ((id = row_int(obj, "contractor_id")) != 0) {
		int64_t o = row_org(c->db, "SELECT org_id FROM contractor WHERE id = ?", id);
		if (o < 0)
			return pm_internal(e);
		if (o != ent)
			verr_add(e, "contractor_id", "承包商须为本企业登记的承包商");
	}
	if (!e->status && guardian_not_worker(c->db, obj, e) != 0)
		return pm_internal(e);
	if (e->status)
		return -1;
	if (permit_derive(c, obj, e) != 0)
		return -1;
	if (blind_rules(c, obj, old, e) != 0)
		return pm_internal(e);
	if (!e->status) {
		const char *field, *why = permit_served_refusal(c, obj, &field);
		if (why)
			verr_add(e, field, "%s", why);
	}
	return e->status ? -1 : 0;
}

#define PM_EXPIRED_EXPR "CASE WHEN t.status IN ('draft', 'briefed', 'approving', 'approved', 'working', 'paused')" \
	" AND t.valid_to < {now} THEN 1 ELSE 0 END"

static const struct field_def permit_fields[] = {
	{.name = "title", .label = "作业内容", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST, .group = "作业申请"},
	{.name = "kind", .label = "作业类别", .type = FT_ENUM, .opts = kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .group = "作业申请",
	 .help = "危险化学品企业按GB 30871-2022八类特殊作业；其他企业按青浦区重点工作第15项"},
	{.name = "grade", .label = "作业级别", .type = FT_ENUM, .opts = grade_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST, .group = "作业申请",
	 .help = "由作业类别、场所、高度、吊物质量及作业时间按GB 30871-2022自动判定"},
	{.name = "location", .label = "作业地点", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST, .group = "作业申请"},
	{.name = "unit_id", .label = "作业所在车间/班组", .type = FT_REF, .ref = "org",
	 .flags = F_FILTER, .group = "作业申请"},
	{.name = "contractor_id", .label = "承包商", .type = FT_REF, .ref = "contractor",
	 .flags = F_FILTER | F_LIST, .group = "作业申请",
	 .help = "承包商作业须登记承包商（青浦区重点工作第18项）"},
	{.name = "applicant", .label = "申请人", .type = FT_TEXT, .max_len = 50,
	 .flags = F_REQUIRED | F_LIST | F_SEARCH, .group = "作业申请"},
	{.name = "valid_from", .label = "有效期起", .type = FT_DATETIME,
	 .flags = F_REQUIRED | F_LIST | F_SORT | F_RANGE, .group = "作业时间"},
	{.name = "valid_to", .label = "有效期止", .type = FT_DATETIME,
	 .flags = F_REQUIRED | F_LIST | F_SORT, .group = "作业时间",
	 .help = "特级、一级动火≤8小时，二级动火≤72小时，受限空间≤24小时，高处≤7天，临时用电≤15天"},
	{.name = "hot_place", .label = "动火场所", .type = FT_ENUM, .opts = hot_place_opts,
	 .group = "动火作业"},
	{.name = "shutdown_isolated", .label = "装置已停车、倒空、清洗并有效隔离", .type = FT_BOOL,
	 .group = "动火作业", .help = "火灾爆炸危险场所内全面停车并隔离的，可按二级动火管理"},
	{.name = "wind5", .label = "五级风以上露天动火", .type = FT_BOOL, .group = "动火作业",
	 .help = "五级风以上原则上禁止露天动火，确需动火的升级管理"},
	{.name = "raised", .label = "已升级管理", .type = FT_BOOL, .flags = F_READONLY | F_FILTER,
	 .group = "动火作业", .help = "节假日、公休日、夜间（默认22:00—6:00）或五级风以上露天动火升级"},
	{.name = "medium", .label = "作业介质", .type = FT_TEXT, .max_len = 100, .group = "气体检测"},
	{.name = "medium_lel", .label = "介质爆炸下限（%）", .type = FT_REAL, .min = 0, .max = 100,
	 .group = "气体检测", .help = "爆炸下限≥4%时可燃气体浓度须≤0.5%，<4%时须≤0.2%；未填写按0.2%"},
	{.name = "oxygen_rich", .label = "富氧环境", .type = FT_BOOL, .group = "气体检测"},
	{.name = "gas_required", .label = "须气体检测", .type = FT_BOOL, .flags = F_READONLY,
	 .group = "气体检测"},
	{.name = "height_m", .label = "作业高度（m）", .type = FT_REAL, .min = 0, .max = 1000,
	 .group = "高处/吊装"},
	{.name = "hazard_factor", .label = "存在客观危险因素", .type = FT_BOOL, .group = "高处/吊装",
	 .help = "如五级风以上、气温≤5℃、带电体附近等（GB/T 3608），级别提高一级"},
	{.name = "lift_mass_t", .label = "吊物质量（t）", .type = FT_REAL, .min = 0, .max = 100000,
	 .group = "高处/吊装"},
	{.name = "served_permit_id", .label = "所服务的作业票", .type = FT_REF, .ref = "work_permit",
	 .flags = F_FILTER, .group = "临时用电",
	 .help = "为动火、受限空间等作业接引临时用电的，选择该作业票；用电时间须在其有效期内（GB 30871-2022 10.8）"},
	{.name = "blind_no", .label = "盲板编号", .type = FT_TEXT, .max_len = 50,
	 .flags = F_FILTER | F_SEARCH, .group = "盲板抽堵",
	 .help = "与盲板位置图编号一致；一张作业票只能进行一块盲板的一项作业（GB 30871-2022 7.11）"},
	{.name = "blind_action", .label = "盲板作业类别", .type = FT_ENUM, .opts = blind_action_opts,
	 .flags = F_FILTER, .group = "盲板抽堵"},
	{.name = "blind_pipe", .label = "设备、管道名称", .type = FT_TEXT, .max_len = 200, .group = "盲板抽堵",
	 .help = "盲板所在位置；管道内介质填写在“作业介质”"},
	{.name = "blind_temp_c", .label = "介质温度（℃）", .type = FT_REAL, .min = -273, .max = 2000,
	 .group = "盲板抽堵"},
	{.name = "blind_pressure_mpa", .label = "介质压力（MPa）", .type = FT_REAL, .min = -0.1, .max = 100,
	 .group = "盲板抽堵", .help = "作业前须将系统管道压力降至常压（GB 30871-2022 7.5）"},
	{.name = "blind_material", .label = "盲板材质", .type = FT_TEXT, .max_len = 50, .group = "盲板抽堵"},
	{.name = "blind_spec", .label = "盲板规格", .type = FT_TEXT, .max_len = 50, .group = "盲板抽堵",
	 .help = "按介质性质、温度、压力和法兰密封面口径选用（GB 30871-2022 7.3）"},
	{.name = "guardian_id", .label = "监护人", .type = FT_REF, .ref = "employee",
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .group = "作业人员",
	 .help = "须经专项培训持证上岗，不得兼任作业负责人或作业人员，作业期间不得离开作业现场（GB 30871-2022 4.10）"},
	{.name = "leader_id", .label = "作业负责人", .type = FT_REF, .ref = "employee",
	 .flags = F_REQUIRED | F_FILTER, .group = "作业人员"},
	{.name = "workers", .label = "作业人员", .type = FT_TEXT, .max_len = 500, .group = "作业人员",
	 .help = "多人以顿号分隔"},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = permit_status_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "chain", .label = "审批环节代码", .type = FT_TEXT, .flags = F_READONLY | F_HIDDEN},
	{.name = "chain_label", .label = "审批环节", .type = FT_TEXT, .max_len = 500,
	 .flags = F_READONLY, .group = "审批", .help = "GB 30871-2022 附录B 表B.1"},
	{.name = "approved_steps", .label = "已审批环节数", .type = FT_INT, .min = 0, .max = 100,
	 .flags = F_READONLY, .group = "审批"},
	{.name = "max_hours", .label = "有效期上限（小时）", .type = FT_INT, .min = 0, .max = 100000,
	 .flags = F_READONLY, .group = "作业时间", .help = "0 表示标准未规定上限"},
	{.name = "risk_analysis", .label = "作业风险分析", .type = FT_LONGTEXT,
	 .flags = F_READONLY, .group = "风险分析与技术交底"},
	{.name = "safety_measures", .label = "安全措施", .type = FT_LONGTEXT,
	 .flags = F_READONLY, .group = "风险分析与技术交底"},
	{.name = "briefed_by", .label = "交底人", .type = FT_TEXT, .max_len = 50,
	 .flags = F_READONLY, .group = "风险分析与技术交底"},
	{.name = "briefed_at", .label = "交底时间", .type = FT_DATETIME,
	 .flags = F_READONLY, .group = "风险分析与技术交底"},
	{.name = "started_at", .label = "开始作业时间", .type = FT_DATETIME,
	 .flags = F_READONLY | F_SORT, .group = "作业与验收"},
	{.name = "guardian_present", .label = "监护人到场确认", .type = FT_BOOL,
	 .flags = F_READONLY, .group = "作业与验收", .help = "开始作业时确认监护人已在作业现场（GB 30871-2022 4.10）"},
	{.name = "guardian_confirmer", .label = "监护人到场确认人", .type = FT_TEXT, .max_len = 50,
	 .flags = F_READONLY, .group = "作业与验收"},
	{.name = "guardian_confirmed_at", .label = "监护人到场确认时间", .type = FT_DATETIME,
	 .flags = F_READONLY, .group = "作业与验收"},
	{.name = "paused_at", .label = "最近中断时间", .type = FT_DATETIME,
	 .flags = F_READONLY, .group = "作业与验收",
	 .help = "中断超过30分钟（特级、一级动火）或60分钟（二级动火、受限空间）须重新检测"},
	{.name = "closed_at", .label = "完工验收时间", .type = FT_DATETIME,
	 .flags = F_READONLY, .group = "作业与验收"},
	{.name = "acceptor", .label = "验收人", .type = FT_TEXT, .max_len = 50,
	 .flags = F_READONLY, .group = "作业与验收"},
	{.name = "close_note", .label = "完工验收情况", .type = FT_LONGTEXT,
	 .flags = F_READONLY, .group = "作业与验收"},
	{.name = "cancel_reason", .label = "取消原因", .type = FT_TEXT, .max_len = 500,
	 .flags = F_READONLY, .group = "作业与验收"},
	{.name = "expired", .label = "已过期未关闭", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST, .expr = PM_EXPIRED_EXPR},
};

static const char *const permit_indexes[] = { "status, valid_from", "kind, valid_from", "blind_no, status", NULL };

const struct entity_def permit_def = {
	.name = "work_permit", .table = "work_permit", .label = "特殊作业票",
	.fields = permit_fields, .nfields = ARRAY_SIZE(permit_fields),
	.flags = E_NO_DELETE,
	.write_roles = PM_WRITERS,
	.display_field = "title", .default_sort = "-valid_from",
	.indexes = permit_indexes,
	.before_write = permit_before_write,
	.workflow = &permit_workflow,
};

/* ------------------------------------------------------------ gas tests */

static int gas_before_write(struct ectx *c, enum entity_action a, json_t *obj, const json_t *old,
			    struct verr *e)
{
	json_t *p;
	const char *st, *why;
	struct pmt_gas g;

	(void)old;
	if (a != EA_CREATE)
		return 0;
	p = entity_get(c, &permit_def, row_int(obj, "permit_id"));
	if (!p) {
		verr_add(e, "permit_id", "作业票不存在");
		return -1;
	}
	st = row_str(p, "status");
	if (!st || !(strcmp(st, "briefed") == 0 || strcmp(st, "approving") == 0 ||
		     strcmp(st, "approved") == 0 || strcmp(st, "working") == 0 ||
		     strcmp(st, "paused") == 0)) {
		json_decref(p);
		verr_set(e, 409, "bad_state", "作业票完成风险分析和技术交底后、作业结束前方可记录气体检测");
		return -1;
	}
	g = (struct pmt_gas){
		.o2_pct = pmt_row_real(obj, "o2_pct", -1),
		.comb_pct = pmt_row_real(obj, "comb_pct", -1),
		.medium_lel = pmt_row_real(p, "medium_lel", 0),
		.toxic_ppm = pmt_row_real(obj, "toxic_ppm", -1),
		.toxic_limit_ppm = pmt_row_real(obj, "toxic_limit_ppm", 0),
		.oxygen_rich = row_bool(p, "oxygen_rich"),
	};
	why = pmt_gas_fail(row_str(p, "kind"), &g);
	json_object_set(obj, "org_id", json_object_get(p, "org_id"));
	json_object_set_new(obj, "passed", json_boolean(why == NULL));
	json_object_set_new(obj, "fail_reason", why ? json_string(why) : json_null());
	json_decref(p);
	return 0;
}

static const struct field_def gas_fields[] = {
	{.name = "permit_id", .label = "作业票", .type = FT_REF, .ref = "work_permit",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "tested_at", .label = "检测时间", .type = FT_DATETIME,
	 .flags = F_REQUIRED | F_LIST | F_SORT},
	{.name = "point", .label = "检测点位", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_LIST},
	{.name = "o2_pct", .label = "氧含量（%）", .type = FT_REAL, .min = 0, .max = 100,
	 .flags = F_LIST, .help = "19.5%～21%（富氧环境≤23.5%）"},
	{.name = "comb_pct", .label = "可燃气体浓度（%）", .type = FT_REAL, .min = 0, .max = 100,
	 .flags = F_LIST, .help = "体积分数"},
	{.name = "toxic_name", .label = "有毒气体名称", .type = FT_TEXT, .max_len = 50, .flags = F_LIST},
	{.name = "toxic_ppm", .label = "有毒气体浓度（ppm）", .type = FT_REAL, .min = 0, .max = 1e6,
	 .flags = F_LIST},
	{.name = "toxic_limit_ppm", .label = "容许浓度（ppm）", .type = FT_REAL, .min = 0, .max = 1e6,
	 .help = "GBZ 2.1 职业接触限值"},
	{.name = "tester", .label = "检测人", .type = FT_TEXT, .max_len = 50,
	 .flags = F_REQUIRED | F_LIST},
	{.name = "passed", .label = "检测合格", .type = FT_BOOL, .flags = F_READONLY | F_LIST | F_FILTER},
	{.name = "fail_reason", .label = "不合格原因", .type = FT_TEXT, .max_len = 200,
	 .flags = F_READONLY | F_LIST},
};

const struct entity_def permit_gas_def = {
	.name = "work_permit_gas", .table = "work_permit_gas", .label = "作业气体检测记录",
	.fields = gas_fields, .nfields = ARRAY_SIZE(gas_fields),
	.flags = E_NO_UPDATE | E_NO_DELETE,
	.write_roles = PM_WRITERS,
	.display_field = "point", .default_sort = "-tested_at",
	.before_write = gas_before_write,
};

/* ------------------------------------------------------------ approvals */

static const struct field_def approval_fields[] = {
	{.name = "permit_id", .label = "作业票", .type = FT_REF, .ref = "work_permit",
	 .flags = F_FILTER | F_LIST | F_READONLY},
	{.name = "seq", .label = "环节序号", .type = FT_INT, .min = 1, .max = 100,
	 .flags = F_LIST | F_READONLY},
	{.name = "step", .label = "审批环节", .type = FT_ENUM, .opts = permit_step_opts,
	 .flags = F_LIST | F_READONLY},
	{.name = "approver", .label = "审批人", .type = FT_TEXT, .max_len = 50,
	 .flags = F_LIST | F_READONLY},
	{.name = "user_id", .label = "审批账号", .type = FT_REF, .ref = "user", .flags = F_READONLY},
	{.name = "approved_at", .label = "审批时间", .type = FT_DATETIME,
	 .flags = F_LIST | F_SORT | F_READONLY},
	{.name = "opinion", .label = "审批意见", .type = FT_TEXT, .max_len = 500,
	 .flags = F_LIST | F_READONLY},
};

const struct entity_def permit_approval_def = {
	.name = "work_permit_approval", .table = "work_permit_approval", .label = "作业票审批记录",
	.fields = approval_fields, .nfields = ARRAY_SIZE(approval_fields),
	.flags = E_NO_CREATE | E_NO_UPDATE | E_NO_DELETE,
	.write_roles = RB(ROLE_ADMIN),
	.display_field = "approver", .default_sort = "seq",
};

/* ------------------------------------------------------------- timeline */

static const struct field_def event_fields[] = {
	WF_EVENT_FIELDS("permit_id", "work_permit", "作业票", event_opts, permit_status_opts),
};

static const struct entity_def event_def = {
	.name = "work_permit_event", .table = "work_permit_event", .label = "作业票处理记录",
	.fields = event_fields, .nfields = ARRAY_SIZE(event_fields),
	.flags = E_NO_CREATE | E_NO_UPDATE | E_NO_DELETE,
	.write_roles = RB(ROLE_ADMIN),
	.display_field = "action", .default_sort = "id",
};

/* ---------------------------------------------------------------- board */

static const struct field_def board_cols[] = {
	{.name = "id", .label = "编号", .type = FT_INT, .expr = "p.id", .flags = F_LIST | F_SORT},
	{.name = "org_id", .label = "企业编号", .type = FT_INT, .expr = "p.org_id"},
	{.name = "org_name", .label = "企业", .type = FT_TEXT, .expr = "o.name",
	 .flags = F_LIST | F_SEARCH},
	{.name = "title", .label = "作业内容", .type = FT_TEXT, .expr = "p.title",
	 .flags = F_LIST | F_SEARCH},
	{.name = "kind", .label = "作业类别", .type = FT_ENUM, .opts = kind_opts, .expr = "p.kind",
	 .flags = F_LIST | F_FILTER},
	{.name = "grade", .label = "作业级别", .type = FT_ENUM, .opts = grade_opts, .expr = "p.grade",
	 .flags = F_LIST | F_FILTER},
	{.name = "location", .label = "作业地点", .type = FT_TEXT, .expr = "p.location",
	 .flags = F_LIST | F_SEARCH},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = permit_status_opts,
	 .expr = "p.status", .flags = F_LIST | F_FILTER},
	{.name = "guardian_name", .label = "监护人", .type = FT_TEXT, .expr = "g.name",
	 .flags = F_LIST},
	{.name = "contractor_name", .label = "承包商", .type = FT_TEXT, .expr = "k.name",
	 .flags = F_LIST},
	{.name = "valid_from", .label = "有效期起", .type = FT_DATETIME, .expr = "p.valid_from",
	 .flags = F_LIST | F_SORT},
	{.name = "valid_to", .label = "有效期止", .type = FT_DATETIME, .expr = "p.valid_to",
	 .flags = F_LIST | F_SORT},
	{.name = "started_at", .label = "开始作业时间", .type = FT_DATETIME, .expr = "p.started_at",
	 .flags = F_LIST},
	{.name = "expiring_today", .label = "今日到期", .type = FT_BOOL, .flags = F_LIST | F_FILTER,
	 .expr = "CASE WHEN p.valid_to >= {now} AND substr(p.valid_to, 1, 10) <= {today}"
		 " THEN 1 ELSE 0 END"},
	{.name = "expired", .label = "已过期", .type = FT_BOOL, .flags = F_LIST | F_FILTER,
	 .expr = "CASE WHEN p.valid_to < {now} THEN 1 ELSE 0 END"},
};

static const struct view_choice board_status_choices[] = {
	{"active", "p.status IN ('approved', 'working', 'paused')"},
	{"working", "p.status IN ('working', 'paused')"},
	{"open", "p.status IN ('draft', 'briefed', 'approving', 'approved', 'working', 'paused')"},
	{NULL, NULL}
};
static const struct view_param board_params[] = {
	{"scope", "范围", board_status_choices},
	{NULL, NULL, NULL}
};

static int board_extra(struct view_req *q, struct jw *w)
{
	int64_t working = 0, approved = 0;

	/* (view_count's condition is constant SQL without parameters: the expired
	 * flags are per row) */
	if (view_count(q, "p.status = 'working'", &working) < 0 ||
	    view_count(q, "p.status = 'approved'", &approved) < 0)
		return -1;
	jw_kint(w, "working", working);
	jw_kint(w, "approved", approved);
	return 0;
}

static const struct view_def board_view = {
	.path = "/api/work_permit/board", .label = "作业票实时看板",
	.from = "work_permit p JOIN org o ON o.id = p.org_id LEFT JOIN employee g ON g.id = p.guardian_id"
		" LEFT JOIN contractor k ON k.id = p.contractor_id",
	.scope_col = "p.org_id",
	.cols = board_cols, .ncols = ARRAY_SIZE(board_cols),
	.params = board_params, .default_sort = "valid_to", .default_size = 100,
	.extra = board_extra,
};

/* ----------------------------------------------------------------- home */

int permit_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w)
{
	static const char *const sql[2] = {
		"SELECT COUNT(*) FROM work_permit WHERE " HOME_ORG
		" AND status IN ('draft', 'briefed', 'approving', 'approved', 'working', 'paused') AND valid_to < ?",
		"SELECT COUNT(*) FROM work_permit WHERE " HOME_ORG " AND status = 'working'",
	};
	int64_t n[2] = { 0, 0 };
	char now[20];

	(void)today;
	entity_now(now);
	for (int i = 0; i < 2; i++) {
		struct db_stmt *st = db_prepare(c->db, sql[i]);
		int ok = st && db_bind_int64(st, 1, org) == 0 &&
			 (i == 1 || db_bind_text(st, 2, now) == 0) && db_step(st) == DB_ROW;
		if (ok)
			n[i] = db_col_int64(st, 0);
		db_finalize(st);
		if (!ok) {
			log_err("permit home: %s", db_errmsg(c->db));
			return -1;
		}
	}
	home_notice(w, "permit_expired", "作业票已过期未关闭", n[0], n[0] ? "danger" : "info",
		    "/permit/list?expired=true");
	home_notice(w, "permit_working", "作业中的特殊作业", n[1], "info", "/permit/board");
	return 0;
}

/* ----------------------------------------------------------------- init */

void permit_init(void)
{
	entity_register(&permit_def);
	entity_register(&permit_gas_def);
	entity_register(&permit_approval_def);
	entity_register(&event_def);
	view_register(&board_view);
}
