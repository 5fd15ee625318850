/*
 * ledger_site.c — 专项台账 (mod/ledger.h), the places and the watch:
 *
 *   confined_space      有限空间 (应急管理部令第10号 第十三条第1项: 有限空间未辨识建档、
 *                       未设置明显安全警示标志 is a 重大事故隐患); entry work itself is
 *                       the permit module's 受限空间作业 (work_permit kind confined),
 *                       linked from the screen, not duplicated;
 *   env_facility        环保设施安全评估 (seeds/003 第26项 five kinds; seeds/004 第25项);
 *                       POST /api/env_facility/:id/hazard creates the hazard a failed
 *                       assessment calls for, linked both ways;
 *   duty_roster / duty_roster_entry
 *                       值班值守 and 领导带班 (seeds/004 第21项), draft → submitted →
 *                       confirmed; GET /api/duty_roster/on_duty?date= for the regulator.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/json.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "entity/obligation.h"
#include "http/http.h"
#include "mod/ledger.h"
#include "mod/ledger_int.h"
#include "mod/mod.h"
#include "rules/equipment.h"
#include "rules/ledger.h"

static int is(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
}

static int org_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e)
{
	return a == EA_CREATE ? lg_org_check(c, obj, e) : 0;
}

/* ------------------------------------------------------------- 有限空间 */

static const struct enum_opt space_kind_opts[] = {
	{"closed_equipment", "密闭设备"}, {"underground", "地下有限空间"},
	{"aboveground", "地上有限空间"}, {NULL, NULL}
};

#define NO_PHOTO(col) "(" col " IS NULL OR " col " = '' OR " col " = '[]')"
#define ART13 "(COALESCE(t.identified, 0) = 0 OR COALESCE(t.sign_posted, 0) = 0 OR " \
	NO_PHOTO("t.sign_photos") ")"

static int space_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);

static const struct field_def space_fields[] = {
	{.name = "name", .label = "有限空间名称", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "kind", .label = "类型", .type = FT_ENUM, .opts = space_kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .help = "如 储罐、反应釜（密闭设备），污水池、地下管道（地下），料仓（地上）"},
	{.name = "location", .label = "所在位置", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "medium", .label = "存在介质", .type = FT_TEXT, .max_len = 200, .flags = F_LIST},
	{.name = "hazards", .label = "主要危险有害因素", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_LIST, .help = "如 硫化氢中毒、一氧化碳中毒、缺氧窒息、燃爆、淹溺"},
	{.name = "identified", .label = "已辨识建档", .type = FT_BOOL, .flags = F_FILTER | F_LIST},
	{.name = "identified_date", .label = "辨识日期", .type = FT_DATE},
	{.name = "sign_posted", .label = "已设置安全警示标志", .type = FT_BOOL,
	 .flags = F_FILTER | F_LIST},
	{.name = "sign_photos", .label = "警示标志照片", .type = FT_FILES},
	{.name = "responsible", .label = "管理责任人", .type = FT_TEXT, .max_len = 50,
	 .flags = F_REQUIRED | F_LIST},
	{.name = "responsible_phone", .label = "责任人电话", .type = FT_PHONE},
	{.name = "last_check", .label = "最近检查日期", .type = FT_DATE, .flags = F_LIST | F_SORT},
	{.name = "note", .label = "备注", .type = FT_TEXT, .max_len = 500},
	{.name = "art13_flag", .label = "未辨识或未设警示标志", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST,
	 .help = "应急管理部令第10号第十三条第1项：未对有限空间进行辨识、建立安全管理台账，并且未设置明显的安全警示标志",
	 .expr = "CASE WHEN " ART13 " THEN 1 ELSE 0 END"},
};

static const struct entity_def space_def = {
	.name = "confined_space", .table = "confined_space", .label = "有限空间",
	.fields = space_fields, .nfields = ARRAY_SIZE(space_fields),
	.write_roles = LG_WRITERS, .display_field = "name", .default_sort = "id",
	.validate = space_validate, .before_write = org_before_write,
};

static int space_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	char today[11];

	if (row_bool(obj, "identified") && !row_str(obj, "identified_date"))
		verr_add(e, "identified_date", "已辨识建档的有限空间须填写辨识日期");
	entity_today(today);
	if (row_str(obj, "last_check") && strcmp(row_str(obj, "last_check"), today) > 0)
		verr_add(e, "last_check", "最近检查日期不能晚于今天");
	return 0;
}

/* ------------------------------------------------------------- 环保设施 */

static const struct enum_opt env_kind_opts[] = {
	{"desulfurization", "脱硫脱硝"}, {"voc", "挥发性有机物（VOCs）回收"},
	{"wastewater", "污水处理"}, {"dust", "粉尘治理"}, {"rto", "蓄热式焚烧炉（RTO）"},
	{"other", "其他环保设施"}, {NULL, NULL}
};

static const struct enum_opt env_result_opts[] = {
	{"pass", "合格"}, {"rectify", "需整改"}, {"fail", "不合格"}, {NULL, NULL}
};

/* The interval of the next assessment when none is entered (platform default). */
#define ENV_DEFAULT_MONTHS 12

static int env_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int env_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e);

static const struct field_def env_fields[] = {
	{.name = "name", .label = "设施名称", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "kind", .label = "设施类别", .type = FT_ENUM, .opts = env_kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .help = "seeds/003 第26项：五类重点环保设备设施"},
	{.name = "location", .label = "所在位置", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "assessed_date", .label = "安全评估日期", .type = FT_DATE,
	 .flags = F_LIST | F_SORT | F_RANGE, .group = "安全风险辨识评估"},
	{.name = "assessor", .label = "评估机构 / 人员", .type = FT_TEXT, .max_len = 200,
	 .flags = F_LIST, .group = "安全风险辨识评估"},
	{.name = "result", .label = "评估结论", .type = FT_ENUM, .opts = env_result_opts,
	 .flags = F_FILTER | F_LIST, .group = "安全风险辨识评估"},
	{.name = "findings", .label = "主要问题", .type = FT_LONGTEXT, .group = "安全风险辨识评估"},
	{.name = "report_files", .label = "评估报告", .type = FT_FILES, .group = "安全风险辨识评估"},
	{.name = "next_assessment", .label = "下次评估日期", .type = FT_DATE,
	 .flags = F_LIST | F_SORT | F_RANGE, .group = "安全风险辨识评估",
	 .help = "不填时按评估日期后12个月（平台默认，可调整）"},
	{.name = "hazard_id", .label = "关联隐患", .type = FT_REF, .ref = "hazard",
	 .flags = F_READONLY | F_LIST, .help = "评估结论为需整改或不合格时，可一键登记隐患"},
	{.name = "not_assessed", .label = "未评估", .type = FT_BOOL, .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN t.assessed_date IS NULL THEN 1 ELSE 0 END"},
	{.name = "assessment_overdue", .label = "评估逾期", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN t.next_assessment IS NOT NULL AND t.next_assessment < {today} THEN 1 ELSE 0 END"},
	{.name = "failed", .label = "评估未通过", .type = FT_BOOL, .flags = F_READONLY | F_FILTER,
	 .expr = "CASE WHEN t.result IN ('rectify', 'fail') THEN 1 ELSE 0 END"},
};

static const struct entity_def env_def = {
	.name = "env_facility", .table = "env_facility", .label = "环保设施",
	.fields = env_fields, .nfields = ARRAY_SIZE(env_fields),
	.write_roles = LG_WRITERS, .display_field = "name", .default_sort = "id",
	.validate = env_validate, .before_write = env_before_write,
};

static int env_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	int assessed = row_str(obj, "assessed_date") != NULL;
	char today[11];

	if (assessed && !row_str(obj, "result"))
		verr_add(e, "result", "已评估的设施须选择评估结论");
	if (assessed && !row_str(obj, "assessor"))
		verr_add(e, "assessor", "已评估的设施须填写评估机构或人员");
	if (!assessed && row_str(obj, "result"))
		verr_add(e, "assessed_date", "选择评估结论时须填写安全评估日期");
	entity_today(today);
	if (assessed && strcmp(row_str(obj, "assessed_date"), today) > 0)
		verr_add(e, "assessed_date", "安全评估日期不能晚于今天");
	lg_date_order(obj, "assessed_date", "next_assessment", "下次评估日期不能早于安全评估日期", e);
	return 0;
}

static int env_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e)
{
	const char *d = row_str(obj, "assessed_date");
	char next[11];

	if (a == EA_DELETE)
		return 0;
	if (a == EA_CREATE && lg_org_check(c, obj, e) < 0)
		return -1;
	if (d && !row_str(obj, "next_assessment") &&
	    equip_next_inspection(d, ENV_DEFAULT_MONTHS, next) == 0)
		json_object_set_new(obj, "next_assessment", json_string(next));
	return 0;
}

const struct obligation_def ledger_env_duty = {
	.code = "env_facility_assessment", .label = "环保设施安全评估", .module = "ledger",
	.source = "seeds/004 第25项：涉及污水处理、粉尘治理等环保设施企业开展环保设施安全评估；"
		  "seeds/003 第26项；复评周期为平台默认12个月（可调整）",
	.period = OB_EVENT, .warn_days = 30,
	.proof_entity = "env_facility", .record_when = "t.next_assessment IS NOT NULL",
	.record_due = "t.next_assessment", .record_title = "t.name",
	.form = "/ledger/env-facility",
};

/* POST /api/env_facility/:id/hazard → 201 the hazard: a facility whose assessment
 * needs rectification gets a hazard registered from it (self-check, the findings
 * as description), linked from the facility; once. */
static int env_hazard_h(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	const struct entity_def *hz = entity_find("hazard");
	int64_t id = req_param_id(r, 0), hid;
	json_t *row, *obj, *set;
	struct verr e;
	char today[11];

	verr_init(&e, &r->arena);
	if (!hz)
		return http_internal(s);
	if (db_begin(r->db) != 0)
		return http_internal(s);
	row = id ? entity_get(&c, &env_def, id) : NULL;
	if (!row) {
		db_rollback(r->db);
		return http_error(s, 404, "not_found", "环保设施不存在", NULL);
	}
	if (!is(row_str(row, "result"), "rectify") && !is(row_str(row, "result"), "fail")) {
		json_decref(row);
		db_rollback(r->db);
		return http_error(s, 409, "bad_state", "评估结论为需整改或不合格的设施才需登记隐患", "result");
	}
	if (row_int(row, "hazard_id")) {
		json_decref(row);
		db_rollback(r->db);
		return http_error(s, 409, "conflict", "该设施已登记关联隐患", "hazard_id");
	}
	entity_today(today);
	obj = json_object();
	json_object_set_new(obj, "org_id", json_integer(row_int(row, "org_id")));
	json_object_set_new(obj, "title", json_string(arena_printf(&r->arena, "环保设施安全评估%s：%s",
								  is(row_str(row, "result"), "fail") ? "不合格" : "需整改",
								  row_str(row, "name"))));
	json_object_set_new(obj, "description", json_string(row_str(row, "findings") ?
		row_str(row, "findings") : "环保设施安全风险辨识评估发现的问题（seeds/004 第25项）"));
	json_object_set_new(obj, "location", json_string(row_str(row, "location")));
	json_object_set_new(obj, "source", json_string("self_check"));
	json_object_set_new(obj, "level", json_string("general"));
	json_object_set_new(obj, "category", json_string("thing"));
	json_object_set_new(obj, "found_at", json_string(today));
	json_decref(row);
	hid = entity_create_tx(&c, hz, obj, &e);
	json_decref(obj);
	if (hid <= 0) {
		db_rollback(r->db);
		if (!e.status)
			verr_set(&e, 500, "internal", "服务器内部错误");
		return verr_send(&e, s);
	}
	set = json_pack("{s:I}", "hazard_id", (json_int_t)hid);
	if (!set || entity_set_tx(&c, &env_def, id, NULL, set, "hazard", &e) != 1) {
		json_decref(set);
		db_rollback(r->db);
		return http_internal(s);
	}
	json_decref(set);
	if (db_commit(r->db) != 0) {
		db_rollback(r->db);
		return http_internal(s);
	}
	return entity_send(&c, hz, hid, 201, s);
}

/* ------------------------------------------------------------- 值班表 */

static const struct enum_opt roster_kind_opts[] = {
	{"holiday", "节假日值班"}, {"month", "月度值班"}, {"key_period", "重要时段值班"},
	{NULL, NULL}
};

static const struct enum_opt holiday_name_opts[] = {
	{"new_year", "元旦"}, {"spring", "春节"}, {"qingming", "清明节"}, {"labour", "劳动节"},
	{"dragon_boat", "端午节"}, {"mid_autumn", "中秋节"}, {"national", "国庆节"},
	{"other", "其他"}, {NULL, NULL}
};

static const struct enum_opt roster_status_opts[] = {
	{"draft", "草稿"}, {"submitted", "已提交"}, {"confirmed", "已确认"}, {NULL, NULL}
};

static const struct enum_opt shift_opts[] = {
	{"day", "白班"}, {"night", "夜班"}, {"all", "全天（24小时）"}, {NULL, NULL}
};

/* An entry needs a 带班领导 at night, all day, or in a holiday roster (seeds/004 第21项). */
#define NEEDS_LEADER(t) "(" t ".shift IN ('night', 'all') OR EXISTS (SELECT 1 FROM duty_roster r" \
	" WHERE r.id = " t ".roster_id AND r.kind IN ('holiday', 'key_period')))"
#define NO_LEADER(t) "(" t ".leader IS NULL OR " t ".leader = '')"

static int roster_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int roster_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			       const json_t *old, struct verr *e);
static const char *roster_refuse(struct ectx *c, enum entity_action a, const json_t *row, int *status);

static const struct field_def roster_fields[] = {
	{.name = "title", .label = "值班表名称", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "kind", .label = "值班类型", .type = FT_ENUM, .opts = roster_kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "holiday", .label = "节日", .type = FT_ENUM, .opts = holiday_name_opts,
	 .flags = F_FILTER | F_LIST, .help = "节假日值班须选择"},
	{.name = "start_date", .label = "开始日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT | F_RANGE},
	{.name = "end_date", .label = "结束日期", .type = FT_DATE, .flags = F_REQUIRED | F_LIST},
	{.name = "duty_phone", .label = "值班电话", .type = FT_PHONE, .flags = F_REQUIRED | F_LIST},
	{.name = "note", .label = "备注", .type = FT_TEXT, .max_len = 500},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = roster_status_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "submitted_at", .label = "提交时间", .type = FT_DATETIME, .flags = F_READONLY | F_LIST},
	{.name = "confirmed_at", .label = "确认时间", .type = FT_DATETIME, .flags = F_READONLY},
	{.name = "confirmed_by", .label = "确认人", .type = FT_TEXT, .max_len = 50, .flags = F_READONLY},
	{.name = "entry_count", .label = "排班条数", .type = FT_INT, .flags = F_READONLY | F_LIST,
	 .expr = "(SELECT COUNT(*) FROM duty_roster_entry x WHERE x.roster_id = t.id)"},
	{.name = "no_leader_count", .label = "缺带班领导", .type = FT_INT, .flags = F_READONLY | F_LIST,
	 .expr = "(SELECT COUNT(*) FROM duty_roster_entry x WHERE x.roster_id = t.id AND "
		 NO_LEADER("x") " AND " NEEDS_LEADER("x") ")"},
};

static int submit_guard(struct wf_call *w);
static int submit_apply(struct wf_call *w);
static int confirm_apply(struct wf_call *w);

static const char *const from_draft[] = { "draft", NULL };
static const char *const from_submitted[] = { "submitted", NULL };

static const struct wf_state roster_states[] = {
	{"draft", "草稿", WS_OPEN},
	{"submitted", "已提交", WS_OPEN},
	{"confirmed", "已确认", WS_FINAL},
};
static const struct wf_action roster_actions[] = {
	{.verb = "submit", .label = "提交", .from = from_draft, .to = "submitted",
	 .roles = LG_WRITERS, .deny = "只有企业安全管理人员或主要负责人可以提交值班表",
	 .guard = submit_guard, .apply = submit_apply, .flags = WA_NO_EVENT},
	{.verb = "confirm", .label = "确认", .from = from_submitted, .to = "confirmed",
	 .roles = LG_RB(ROLE_ADMIN) | LG_RB(ROLE_ENT_PRINCIPAL),
	 .deny = "值班表由企业主要负责人确认", .apply = confirm_apply, .flags = WA_NO_EVENT},
	{.verb = "withdraw", .label = "撤回修改", .from = from_submitted, .to = "draft",
	 .roles = LG_WRITERS, .deny = "只有企业安全管理人员或主要负责人可以撤回值班表",
	 .flags = WA_NO_EVENT},
};
static const struct workflow roster_wf = {
	.status_field = "status",
	.states = roster_states, .nstates = ARRAY_SIZE(roster_states),
	.actions = roster_actions, .nactions = ARRAY_SIZE(roster_actions),
	.noun = "值班表",
};

static const struct entity_def roster_def = {
	.name = "duty_roster", .table = "duty_roster", .label = "值班表",
	.fields = roster_fields, .nfields = ARRAY_SIZE(roster_fields),
	.write_roles = LG_WRITERS, .display_field = "title", .default_sort = "-start_date",
	.validate = roster_validate, .before_write = roster_before_write,
	.workflow = &roster_wf, .refuse_write = roster_refuse,
};

/* A roster spans at most a quarter (a month roster, a holiday's days). */
#define ROSTER_MAX_DAYS 92

static int roster_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *a = row_str(obj, "start_date"), *b = row_str(obj, "end_date");
	int64_t da, db;

	if (is(row_str(obj, "kind"), "holiday") && !row_str(obj, "holiday"))
		verr_add(e, "holiday", "节假日值班须选择节日");
	if (a && b && date_parse(a, &da) == 0 && date_parse(b, &db) == 0) {
		if (db < da)
			verr_add(e, "end_date", "结束日期不能早于开始日期");
		else if (db - da >= ROSTER_MAX_DAYS)
			verr_add(e, "end_date", "一张值班表最长%d天，请按月或按节日分别编制", ROSTER_MAX_DAYS);
	}
	/* entries already made must stay inside the period */
	if (old && a && b) {
		int64_t out = 0;
		struct db_stmt *st = db_prepare(c->db, "SELECT COUNT(*) FROM duty_roster_entry"
						" WHERE roster_id = ? AND (duty_date < ? OR duty_date > ?)");
		if (!st || db_bind_int64(st, 1, row_int(old, "id")) < 0 || db_bind_text(st, 2, a) < 0 ||
		    db_bind_text(st, 3, b) < 0 || db_step(st) != DB_ROW) {
			db_finalize(st);
			return lg_internal(e);
		}
		out = db_col_int64(st, 0);
		db_finalize(st);
		if (out)
			verr_add(e, "start_date", "有%" PRId64 "条排班不在新的起止日期内，请先调整排班", out);
	}
	return 0;
}

static int roster_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			       const json_t *old, struct verr *e)
{
	if (a == EA_DELETE)
		return 0;
	if (a == EA_CREATE) {
		if (lg_org_check(c, obj, e) < 0)
			return -1;
		if (!c->sys || !row_str(obj, "status"))
			json_object_set_new(obj, "status", json_string("draft"));
	} else {
		json_object_set(obj, "status", json_object_get(old, "status"));
	}
	return 0;
}

static const char *roster_refuse(struct ectx *c, enum entity_action a, const json_t *row, int *status)
{
	const char *st = row_str(row, "status");

	if (is(st, "draft"))
		return NULL;
	*status = 409;
	return is(st, "confirmed") ? "值班表已确认，不能修改或删除" : "值班表已提交，撤回后才能修改或删除";
}

static int submit_guard(struct wf_call *w)
{
	int64_t n = 0;

	if (db_query_int64p(w->c->db, "SELECT COUNT(*) FROM duty_roster_entry WHERE roster_id = ?",
			    w->id, &n, 0) != 0)
		return lg_internal(w->err);
	if (!n) {
		verr_set(w->err, 409, "empty", "值班表还没有排班，请先添加每日值班安排");
		return -1;
	}
	return 0;
}

static int submit_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "submitted_at", json_string(w->now));
	return 0;
}

static int confirm_apply(struct wf_call *w)
{
	const struct user *u = w->c->user;

	json_object_set_new(w->set, "confirmed_at", json_string(w->now));
	json_object_set_new(w->set, "confirmed_by", json_string(u && u->name ? u->name : "系统"));
	return 0;
}

/* ------------------------------------------------------------- 排班 */

static int entry_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int entry_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			      const json_t *old, struct verr *e);
static const char *entry_refuse(struct ectx *c, enum entity_action a, const json_t *row, int *status);

static const struct field_def entry_fields[] = {
	{.name = "roster_id", .label = "值班表", .type = FT_REF, .ref = "duty_roster",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "duty_date", .label = "值班日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_FILTER | F_LIST | F_SORT | F_RANGE},
	{.name = "shift", .label = "班次", .type = FT_ENUM, .opts = shift_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "leader", .label = "带班领导", .type = FT_TEXT, .max_len = 50,
	 .flags = F_SEARCH | F_LIST,
	 .help = "seeds/004 第21项：重要时间节点、重大节日及夜间作业严格执行领导带班制度"},
	{.name = "leader_phone", .label = "带班领导电话", .type = FT_PHONE, .flags = F_LIST},
	{.name = "staff", .label = "值班人员", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "phone", .label = "值班电话", .type = FT_PHONE, .flags = F_REQUIRED | F_LIST},
	{.name = "note", .label = "备注", .type = FT_TEXT, .max_len = 200},
	{.name = "no_leader", .label = "缺带班领导", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN " NO_LEADER("t") " AND " NEEDS_LEADER("t") " THEN 1 ELSE 0 END"},
};

static const struct entity_def entry_def = {
	.name = "duty_roster_entry", .table = "duty_roster_entry", .label = "值班安排",
	.fields = entry_fields, .nfields = ARRAY_SIZE(entry_fields),
	.write_roles = LG_WRITERS, .display_field = "duty_date", .default_sort = "duty_date",
	.validate = entry_validate, .before_write = entry_before_write,
	.refuse_write = entry_refuse,
	.indexes = (const char *const[]){ "duty_date, org_id", NULL },
};

static int entry_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	struct db_stmt *st;
	const char *d = row_str(obj, "duty_date");
	int64_t dup = 0;

	if (row_str(obj, "leader_phone") && !row_str(obj, "leader"))
		verr_add(e, "leader", "填写带班领导电话时须填写带班领导");
	if (!row_int(obj, "roster_id") || !d)
		return 0;
	st = db_prepare(c->db, "SELECT start_date, end_date FROM duty_roster WHERE id = ?");
	if (!st || db_bind_int64(st, 1, row_int(obj, "roster_id")) < 0) {
		db_finalize(st);
		return lg_internal(e);
	}
	if (db_step(st) == DB_ROW) {
		const char *a = db_col_text(st, 0), *b = db_col_text(st, 1);
		if (a && b && (strcmp(d, a) < 0 || strcmp(d, b) > 0))
			verr_add(e, "duty_date", "值班日期须在值班表起止日期（%s至%s）内", a, b);
	}
	db_finalize(st);
	st = db_prepare(c->db, "SELECT COUNT(*) FROM duty_roster_entry WHERE roster_id = ?"
			" AND duty_date = ? AND shift = ? AND id <> ?");
	if (!st || db_bind_int64(st, 1, row_int(obj, "roster_id")) < 0 || db_bind_text(st, 2, d) < 0 ||
	    db_bind_text(st, 3, row_str(obj, "shift") ? row_str(obj, "shift") : "") < 0 ||
	    db_bind_int64(st, 4, old ? row_int(old, "id") : 0) < 0 || db_step(st) != DB_ROW) {
		db_finalize(st);
		return lg_internal(e);
	}
	dup = db_col_int64(st, 0);
	db_finalize(st);
	if (dup)
		verr_add(e, "shift", "%s该班次已排班，请修改原记录", d);
	return 0;
}

/* The roster's state: entries change only while it is a draft. NULL if it is. */
static const char *entry_roster_refusal(struct ectx *c, int64_t roster)
{
	struct db_stmt *st = db_prepare(c->db, "SELECT status FROM duty_roster WHERE id = ?");
	const char *msg = NULL;

	if (st && db_bind_int64(st, 1, roster) == 0 && db_step(st) == DB_ROW) {
		const char *s = db_col_text(st, 0);
		if (is(s, "submitted"))
			msg = "值班表已提交，撤回后才能调整排班";
		else if (is(s, "confirmed"))
			msg = "值班表已确认，不能调整排班";
	}
	db_finalize(st);
	return msg;
}

static int entry_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			      const json_t *old, struct verr *e)
{
	const char *msg;

	if (lg_parent_org(c, a, obj, old, "SELECT org_id FROM duty_roster WHERE id = ?",
			  "roster_id", "值班表不存在", e) < 0)
		return -1;
	if (a == EA_CREATE && !c->sys && (msg = entry_roster_refusal(c, row_int(obj, "roster_id")))) {
		verr_set(e, 409, "bad_state", msg);
		return -1;
	}
	return 0;
}

static const char *entry_refuse(struct ectx *c, enum entity_action a, const json_t *row, int *status)
{
	const char *msg = entry_roster_refusal(c, row_int(row, "roster_id"));

	if (msg)
		*status = 409;
	return msg;
}

/* GET /api/duty_roster/on_duty?date=YYYY-MM-DD[&missing=true] → {date, holiday,
 * total, missing, items: [{org_id, enterprise_name, has_roster, entries: […]}]}:
 * every active enterprise in the caller's scope with the entries of its submitted
 * or confirmed rosters on that date (a draft is not yet reported). */
static int on_duty_h(struct req *r, struct resp *s)
{
	const struct user *u = r->user;
	const char *date = req_query(r, "date"), *only = req_query(r, "missing");
	int admin = u->role == ROLE_ADMIN, only_missing = is(only, "true");
	struct db_stmt *ents = NULL, *xs = NULL, *hs = NULL;
	char today[11], hname[64] = "";
	int64_t d, total = 0, missing = 0;
	int re = DB_DONE, rx = DB_DONE, rc = -1;
	struct jw w;

	entity_today(today);
	if (!date || !*date)
		date = today;
	if (date_parse(date, &d) != 0)
		return http_error(s, 400, "validation", "日期格式不正确（YYYY-MM-DD）", "date");
	hs = db_prepare(r->db, "SELECT name FROM holiday WHERE date = ? AND kind = 'off'");
	if (!hs || db_bind_text(hs, 1, date) < 0)
		goto out;
	if (db_step(hs) == DB_ROW && db_col_text(hs, 0))
		snprintf(hname, sizeof(hname), "%s", db_col_text(hs, 0));
	ents = db_prepare(r->db, admin ?
		"SELECT e.org_id, e.name FROM enterprise e WHERE " OB_ENTERPRISE_ACTIVE
		" ORDER BY e.org_id" :
		"SELECT e.org_id, e.name FROM enterprise e WHERE " OB_ENTERPRISE_ACTIVE
		" AND e.org_id IN (SELECT org_id FROM scope_org WHERE viewer = ?)"
		" ORDER BY e.org_id");
	xs = db_prepare(r->db, admin ?
		"SELECT x.org_id, r.id, r.title, r.status, x.shift, x.leader, x.leader_phone, x.staff,"
		" x.phone, CASE WHEN " NO_LEADER("x") " AND " NEEDS_LEADER("x") " THEN 1 ELSE 0 END"
		" FROM duty_roster_entry x JOIN duty_roster r ON r.id = x.roster_id"
		" WHERE x.duty_date = ? AND r.status IN ('submitted', 'confirmed')"
		" ORDER BY x.org_id, x.shift, x.id" :
		"SELECT x.org_id, r.id, r.title, r.status, x.shift, x.leader, x.leader_phone, x.staff,"
		" x.phone, CASE WHEN " NO_LEADER("x") " AND " NEEDS_LEADER("x") " THEN 1 ELSE 0 END"
		" FROM duty_roster_entry x JOIN duty_roster r ON r.id = x.roster_id"
		" WHERE x.duty_date = ? AND r.status IN ('submitted', 'confirmed')"
		" AND x.org_id IN (SELECT org_id FROM scope_org WHERE viewer = ?)"
		" ORDER BY x.org_id, x.shift, x.id");
	if (!ents || !xs)
		goto out;
	if (db_bind_text(xs, 1, date) < 0 ||
	    (!admin && (db_bind_int64(ents, 1, u->org_id) < 0 || db_bind_int64(xs, 2, u->org_id) < 0)))
		goto out;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kstr(&w, "date", date);
	jw_key(&w, "holiday");
	jw_str(&w, *hname ? hname : NULL);
	jw_key(&w, "items");
	jw_arr_begin(&w);
	rx = db_step(xs);
	while ((re = db_step(ents)) == DB_ROW) {
		int64_t org = db_col_int64(ents, 0);
		int has;

		while (rx == DB_ROW && db_col_int64(xs, 0) < org)
			rx = db_step(xs);
		has = rx == DB_ROW && db_col_int64(xs, 0) == org;
		total++;
		missing += !has;
		if (only_missing && has) {
			while (rx == DB_ROW && db_col_int64(xs, 0) == org)
				rx = db_step(xs);
			continue;
		}
		jw_obj_begin(&w);
		jw_kint(&w, "org_id", org);
		jw_kstr(&w, "enterprise_name", db_col_text(ents, 1));
		jw_kbool(&w, "has_roster", has);
		jw_key(&w, "entries");
		jw_arr_begin(&w);
		for (; rx == DB_ROW && db_col_int64(xs, 0) == org; rx = db_step(xs)) {
			const char *st = db_col_text(xs, 3), *sh = db_col_text(xs, 4);
			jw_obj_begin(&w);
			jw_kint(&w, "roster_id", db_col_int64(xs, 1));
			jw_kstr(&w, "roster_title", db_col_text(xs, 2));
			jw_kstr(&w, "roster_status", st);
			jw_kstr(&w, "roster_status_label", is(st, "confirmed") ? "已确认" : "已提交");
			jw_kstr(&w, "shift", sh);
			jw_kstr(&w, "shift_label", is(sh, "day") ? "白班" : is(sh, "night") ? "夜班" : "全天（24小时）");
			jw_kstr(&w, "leader", db_col_text(xs, 5));
			jw_kstr(&w, "leader_phone", db_col_text(xs, 6));
			jw_kstr(&w, "staff", db_col_text(xs, 7));
			jw_kstr(&w, "phone", db_col_text(xs, 8));
			jw_kbool(&w, "no_leader", db_col_int64(xs, 9) != 0);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_kint(&w, "total", total);
	jw_kint(&w, "missing", missing);
	jw_obj_end(&w);
	if (re != DB_DONE || (rx != DB_DONE && rx != DB_ROW)) {
		log_err("on duty: %s", db_errmsg(r->db));
		db_finalize(hs);
		db_finalize(ents);
		db_finalize(xs);
		return http_internal(s);
	}
	s->status = 200;
	rc = 0;
out:
	if (rc != 0)
		log_err("on duty: %s", db_errmsg(r->db));
	db_finalize(hs);
	db_finalize(ents);
	db_finalize(xs);
	return rc == 0 ? 200 : http_internal(s);
}

/* ------------------------------------------------------------------ home */

/* The next public holiday within 30 days: the admin's holiday table (kind off), or
 * the fixed-date statutory holidays (rules/ledger.c) when it is earlier or the
 * table has none; its first day and name. 1 found, 0 none, -1 error. */
#define HOLIDAY_LOOKAHEAD_DAYS 30
static int next_holiday(struct db *db, const char *today, char date[11], char name[64])
{
	struct db_stmt *st;
	int64_t d;
	char until[11];
	int rc;

	if (date_parse(today, &d) != 0)
		return -1;
	time_date((time_t)(d + HOLIDAY_LOOKAHEAD_DAYS) * 86400, until);
	st = db_prepare(db, "SELECT date, name FROM holiday WHERE kind = 'off' AND date >= ?"
			" AND date <= ? ORDER BY date LIMIT 1");
	if (!st || db_bind_text(st, 1, today) < 0 || db_bind_text(st, 2, until) < 0) {
		db_finalize(st);
		return -1;
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		snprintf(date, 11, "%s", db_col_text(st, 0) ? db_col_text(st, 0) : "");
		snprintf(name, 64, "%s", db_col_text(st, 1) ? db_col_text(st, 1) : "节假日");
	}
	db_finalize(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return -1;
	{
		char fd[11];
		const char *fn;
		int f = ledger_fixed_holiday(today, HOLIDAY_LOOKAHEAD_DAYS, fd, &fn);

		if (f == 1 && (rc != DB_ROW || strcmp(fd, date) < 0)) {
			memcpy(date, fd, sizeof(fd));
			snprintf(name, 64, "%s", fn);
			return 1;
		}
	}
	return rc == DB_ROW ? 1 : 0;
}

int ledger_site_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w)
{
	char hdate[11] = "", hname[64] = "";
	int h;

	if (home_notice_count(c, w, org, today,
			      "SELECT COUNT(*) FROM env_facility t WHERE" HOME_ORG
			      " AND (t.assessed_date IS NULL OR t.next_assessment < ?)",
			      "env_assessment_due", "环保设施未评估或评估逾期", "warning",
			      "/ledger/env-facility?assessment_overdue=true") != 0 ||
	    home_notice_count(c, w, org, today,
			      "SELECT COUNT(*) FROM confined_space t WHERE" HOME_ORG " AND " ART13,
			      "confined_space_art13", "有限空间未辨识或未设警示标志", "danger",
			      "/ledger/confined-space?art13_flag=true") != 0)
		return -1;
	h = next_holiday(c->db, today, hdate, hname);
	if (h < 0)
		return -1;
	if (h == 0) {
		home_notice(w, "roster_missing", "下一节假日值班表未报送", 0, "info", "/ledger/roster");
		return 0;
	} else {
		struct db_stmt *st = db_prepare(c->db,
			"SELECT COUNT(*) FROM enterprise t WHERE" HOME_ORG " AND "
			"COALESCE(t.archive_status, 'active') <> 'archived' AND NOT EXISTS (SELECT 1"
			" FROM duty_roster r WHERE r.org_id = t.org_id AND r.status IN ('submitted', 'confirmed')"
			" AND r.start_date <= ? AND r.end_date >= ?)");
		int64_t n = 0;

		if (!st || db_bind_int64(st, 1, org) < 0 || db_bind_text(st, 2, hdate) < 0 ||
		    db_bind_text(st, 3, hdate) < 0 || db_step(st) != DB_ROW) {
			log_err("home notice roster_missing: %s", db_errmsg(c->db));
			db_finalize(st);
			return -1;
		}
		n = db_col_int64(st, 0);
		db_finalize(st);
		home_notice(w, "roster_missing", arena_printf(c->arena, "%s（%s起）值班表未报送", hname, hdate),
			    n, n ? "warning" : "info", "/ledger/roster");
	}
	return 0;
}

/* ------------------------------------------------------------------ init */

static const struct route site_routes[] = {
	{HTTP_GET, "/api/duty_roster/on_duty", on_duty_h, 0, 0},
	{HTTP_POST, "/api/env_facility/:id/hazard", env_hazard_h, 0, LG_WRITERS},
};

static const struct route_doc site_docs[] = {
	{HTTP_GET, "/api/duty_roster/on_duty", "某日各企业值班带班情况及未报值班表企业"},
	{HTTP_POST, "/api/env_facility/:id/hazard", "环保设施评估未通过，登记关联隐患"},
};

void ledger_site_init(void)
{
	entity_register(&space_def);
	entity_register(&env_def);
	entity_register(&roster_def);
	entity_register(&entry_def);
	router_add(site_routes, ARRAY_SIZE(site_routes));
	router_doc_add(site_docs, ARRAY_SIZE(site_docs));
}
