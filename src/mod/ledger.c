/*
 * ledger.c — 专项台账 (mod/ledger.h): 重大危险源 with its monitoring points, the 三级
 * 包保责任人 and their 履职记录, and the hazardous chemicals in use with their yearly
 * declaration and self-check. The sites (有限空间, 环保设施) and the duty rosters are in
 * ledger_site.c, the demo records in ledger_demo.c.
 *
 * Sources: seeds/003 第26项 (重大危险源在线监测预警, 三级包保责任人常态化管控; 五类
 * 环保设施); seeds/004 第24项 (危化品在省系统申报、对标自查); GB 18218-2018 4.2.3 表4
 * (the grade from R).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "entity/obligation.h"
#include "http/http.h"
#include "mod/ledger.h"
#include "mod/ledger_int.h"
#include "mod/mod.h"
#include "rules/ledger.h"

/* ------------------------------------------------------------- helpers */

int lg_internal(struct verr *e)
{
	verr_set(e, 500, "internal", "服务器内部错误");
	return -1;
}

int lg_org_check(struct ectx *c, json_t *obj, struct verr *e)
{
	int64_t org = row_int(obj, "org_id"), ent;

	if (!org && c->user)
		org = c->user->org_id;
	ent = org_enterprise_of(c->db, org);
	if (ent < 0)
		return lg_internal(e);
	if (!ent || ent != org) {
		verr_add(e, "org_id", "请选择所属企业");
		return -1;
	}
	json_object_set_new(obj, "org_id", json_integer(org));
	return 0;
}

int lg_parent_org(struct ectx *c, enum entity_action a, json_t *obj, const json_t *old,
		  const char *sql, const char *ref, const char *missing, struct verr *e)
{
	int64_t org = 0;

	if (a == EA_DELETE)
		return 0;
	if (db_query_int64p(c->db, sql, row_int(obj, ref), &org, 0) != 0)
		return lg_internal(e);
	if (!org) {
		verr_add(e, ref, "%s", missing);
		return -1;
	}
	if (a == EA_UPDATE && org != row_int(old, "org_id")) {
		verr_add(e, ref, "不能改为其他企业的记录");
		return -1;
	}
	json_object_set_new(obj, "org_id", json_integer(org));
	return 0;
}

void lg_date_order(const json_t *obj, const char *from, const char *to, const char *msg,
		   struct verr *e)
{
	const char *a = row_str(obj, from), *b = row_str(obj, to);

	if (a && b && strcmp(b, a) < 0)
		verr_add(e, to, "%s", msg);
}

static int is(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
}

/* ------------------------------------------------------------ 重大危险源 */

static const struct enum_opt mh_grade_opts[] = {
	{"first", "一级"}, {"second", "二级"}, {"third", "三级"}, {"fourth", "四级"}, {NULL, NULL}
};
static const char *const mh_grade_labels[] = { "一级", "二级", "三级", "四级" };

static const struct enum_opt mh_unit_opts[] = {
	{"production", "生产单元"}, {"storage", "储存单元"}, {NULL, NULL}
};

static const struct enum_opt mh_status_opts[] = {
	{"in_use", "在用"}, {"stopped", "停用"}, {"cancelled", "已核销"}, {NULL, NULL}
};

static int mh_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int mh_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			   const json_t *old, struct verr *e);

#define MH_GUARDIANS "(SELECT COUNT(DISTINCT g.role) FROM major_hazard_guardian g" \
	" WHERE g.major_hazard_id = t.id)"

static const struct field_def mh_fields[] = {
	{.name = "name", .label = "重大危险源名称", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST, .group = "辨识与分级"},
	{.name = "code", .label = "重大危险源编号", .type = FT_TEXT, .max_len = 50,
	 .flags = F_SEARCH | F_LIST, .group = "辨识与分级"},
	{.name = "unit_kind", .label = "单元类型", .type = FT_ENUM, .opts = mh_unit_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .group = "辨识与分级",
	 .help = "GB 18218-2018：生产单元或储存单元"},
	{.name = "location", .label = "所在位置", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_SEARCH, .group = "辨识与分级"},
	{.name = "substances", .label = "主要危险化学品", .type = FT_TEXT, .max_len = 500,
	 .flags = F_SEARCH | F_LIST, .group = "辨识与分级", .help = "名称及最大量，如 液氨 30t"},
	{.name = "r_value", .label = "R值", .type = FT_REAL, .min = 0, .max = 1e6,
	 .flags = F_LIST, .group = "辨识与分级",
	 .help = "填写R值时按GB 18218-2018表4自动判定级别：R≥100一级，50≤R<100二级，10≤R<50三级，R<10四级"},
	{.name = "grade", .label = "级别", .type = FT_ENUM, .opts = mh_grade_opts,
	 .flags = F_FILTER | F_LIST | F_SORT, .group = "辨识与分级",
	 .help = "未填写R值时须选择级别"},
	{.name = "identified_date", .label = "辨识日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST, .group = "辨识与分级"},
	{.name = "report_files", .label = "辨识与评估报告", .type = FT_FILES, .group = "辨识与分级"},
	{.name = "filing_date", .label = "备案日期", .type = FT_DATE,
	 .flags = F_LIST | F_RANGE, .group = "备案"},
	{.name = "filing_no", .label = "备案号", .type = FT_TEXT, .max_len = 100,
	 .flags = F_SEARCH | F_LIST, .group = "备案"},
	{.name = "filing_org", .label = "备案机关", .type = FT_TEXT, .max_len = 100, .group = "备案"},
	{.name = "online_monitoring", .label = "已接入在线监测预警系统", .type = FT_BOOL,
	 .flags = F_FILTER | F_LIST, .group = "监测监控",
	 .help = "seeds/003 第26项：拓展重大危险源在线监测预警系统功能开发和应用"},
	{.name = "status", .label = "使用状态", .type = FT_ENUM, .opts = mh_status_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "note", .label = "备注", .type = FT_LONGTEXT},
	{.name = "not_filed", .label = "未备案", .type = FT_BOOL, .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN t.status <> 'cancelled' AND (t.filing_date IS NULL OR t.filing_no IS NULL"
		 " OR t.filing_no = '') THEN 1 ELSE 0 END"},
	{.name = "guardians_incomplete", .label = "包保责任人不全", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN t.status <> 'cancelled' AND " MH_GUARDIANS " < 3 THEN 1 ELSE 0 END"},
	{.name = "point_count", .label = "监测点数", .type = FT_INT, .flags = F_READONLY | F_LIST,
	 .expr = "(SELECT COUNT(*) FROM major_hazard_point p WHERE p.major_hazard_id = t.id)"},
	{.name = "offline_points", .label = "离线监测点", .type = FT_INT, .flags = F_READONLY | F_LIST,
	 .expr = "(SELECT COUNT(*) FROM major_hazard_point p WHERE p.major_hazard_id = t.id"
		 " AND COALESCE(p.online, 0) = 0)"},
};

static const struct entity_def mh_def = {
	.name = "major_hazard", .table = "major_hazard", .label = "重大危险源",
	.fields = mh_fields, .nfields = ARRAY_SIZE(mh_fields),
	.write_roles = LG_WRITERS, .display_field = "name", .default_sort = "-id",
	.validate = mh_validate, .before_write = mh_before_write,
};

/* The grade: from R when given (GB 18218-2018 表4), else as chosen; a chosen grade
 * that R contradicts is refused. */
static int mh_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const json_t *rv = json_object_get(obj, "r_value");
	const char *g = row_str(obj, "grade");

	if (json_is_number(rv)) {
		double r = json_number_value(rv);
		int k = mh_grade_from_r(r);
		const char *code = mh_grade_code(k);

		if (!code)
			verr_add(e, "r_value", "R值须为不小于0的数");
		else if (g && !is(g, code))
			verr_add(e, "grade", "R值%.2f按GB 18218-2018表4应为%s重大危险源，与所选级别不一致",
				 r, mh_grade_labels[k - 1]);
		else
			json_object_set_new(obj, "grade", json_string(code));
	} else if (!g) {
		verr_add(e, "grade", "请选择重大危险源级别或填写R值");
	}
	lg_date_order(obj, "identified_date", "filing_date", "备案日期不能早于辨识日期", e);
	if (row_str(obj, "filing_no") && !row_str(obj, "filing_date"))
		verr_add(e, "filing_date", "填写备案号时须填写备案日期");
	return 0;
}

static int mh_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			   const json_t *old, struct verr *e)
{
	return a == EA_CREATE ? lg_org_check(c, obj, e) : 0;
}

/* ------------------------------------------------------------- 监测点 */

static const struct enum_opt point_kind_opts[] = {
	{"temperature", "温度"}, {"pressure", "压力"}, {"level", "液位"},
	{"flammable_gas", "可燃气体"}, {"toxic_gas", "有毒气体"}, {"flow", "流量"},
	{"video", "视频监控"}, {"other", "其他"}, {NULL, NULL}
};

static int point_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int point_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			      const json_t *old, struct verr *e);

static const struct field_def point_fields[] = {
	{.name = "major_hazard_id", .label = "重大危险源", .type = FT_REF, .ref = "major_hazard",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "name", .label = "监测点名称", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "tag", .label = "位号", .type = FT_TEXT, .max_len = 50, .flags = F_SEARCH | F_LIST},
	{.name = "kind", .label = "监测类型", .type = FT_ENUM, .opts = point_kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "unit", .label = "计量单位", .type = FT_TEXT, .max_len = 20, .flags = F_LIST,
	 .help = "如 ℃、MPa、%LEL、ppm、m"},
	{.name = "low_alarm", .label = "低报警值", .type = FT_REAL, .min = -1e9, .max = 1e9,
	 .flags = F_LIST},
	{.name = "high_alarm", .label = "高报警值", .type = FT_REAL, .min = -1e9, .max = 1e9,
	 .flags = F_LIST},
	{.name = "online", .label = "在线", .type = FT_BOOL, .flags = F_FILTER | F_LIST,
	 .help = "已接入在线监测预警系统并正常传输"},
	{.name = "note", .label = "备注", .type = FT_TEXT, .max_len = 500},
};

static const struct entity_def point_def = {
	.name = "major_hazard_point", .table = "major_hazard_point", .label = "重大危险源监测点",
	.fields = point_fields, .nfields = ARRAY_SIZE(point_fields),
	.write_roles = LG_WRITERS, .display_field = "name", .default_sort = "id",
	.validate = point_validate, .before_write = point_before_write,
};

static int point_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const json_t *lo = json_object_get(obj, "low_alarm"), *hi = json_object_get(obj, "high_alarm");
	const char *k = row_str(obj, "kind");

	if (is(k, "video"))
		return 0;
	if (!json_is_number(lo) && !json_is_number(hi))
		verr_add(e, "high_alarm", "请填写报警阈值（高报警值或低报警值）");
	else if (json_is_number(lo) && json_is_number(hi) &&
		 json_number_value(lo) >= json_number_value(hi))
		verr_add(e, "high_alarm", "高报警值须大于低报警值");
	if ((is(k, "flammable_gas") || is(k, "toxic_gas")) && !json_is_number(hi))
		verr_add(e, "high_alarm", "气体监测点须填写高报警值");
	return 0;
}

static int point_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			      const json_t *old, struct verr *e)
{
	return lg_parent_org(c, a, obj, old, "SELECT org_id FROM major_hazard WHERE id = ?",
			     "major_hazard_id", "重大危险源不存在", e);
}

/* ------------------------------------------------------ 三级包保责任人 */

static const struct enum_opt guardian_role_opts[] = {
	{"principal", "主要负责人"}, {"technical", "技术负责人"}, {"operator", "操作负责人"},
	{NULL, NULL}
};

static int guardian_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int guardian_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				 const json_t *old, struct verr *e);

static const struct field_def guardian_fields[] = {
	{.name = "major_hazard_id", .label = "重大危险源", .type = FT_REF, .ref = "major_hazard",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "role", .label = "包保层级", .type = FT_ENUM, .opts = guardian_role_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST,
	 .help = "履职频次（平台默认）：主要负责人每季度、技术负责人每月、操作负责人每周"},
	{.name = "name", .label = "姓名", .type = FT_TEXT, .max_len = 50,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "position", .label = "职务", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_LIST},
	{.name = "phone", .label = "联系电话", .type = FT_PHONE, .flags = F_REQUIRED | F_LIST},
	{.name = "duty", .label = "包保职责", .type = FT_LONGTEXT, .flags = F_REQUIRED,
	 .help = "如：组织制定安全管理制度、保障安全投入、每季度组织安全检查（主要负责人）"},
	{.name = "assigned_date", .label = "确定日期", .type = FT_DATE, .flags = F_REQUIRED | F_LIST},
	{.name = "last_duty_date", .label = "最近履职日期", .type = FT_DATE,
	 .flags = F_READONLY | F_LIST | F_SORT, .help = "由包保履职记录自动更新"},
	{.name = "next_duty_due", .label = "下次履职截止", .type = FT_DATE,
	 .flags = F_READONLY | F_LIST | F_SORT | F_RANGE,
	 .help = "本期履职后为下一周期末；从未履职为确定日期所在周期末"},
	{.name = "duty_overdue", .label = "履职逾期", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN t.next_duty_due < {today} THEN 1 ELSE 0 END"},
};

static const struct entity_def guardian_def = {
	.name = "major_hazard_guardian", .table = "major_hazard_guardian",
	.label = "重大危险源包保责任人",
	.fields = guardian_fields, .nfields = ARRAY_SIZE(guardian_fields),
	.write_roles = LG_WRITERS, .display_field = "name", .default_sort = "id",
	.validate = guardian_validate, .before_write = guardian_before_write,
};

static enum ld_rhythm guardian_rhythm(const char *role)
{
	return is(role, "principal") ? LD_QUARTER : is(role, "technical") ? LD_MONTH : LD_WEEK;
}

static int guardian_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	int64_t dup = 0, params[3];

	params[0] = row_int(obj, "major_hazard_id");
	params[1] = old ? row_int(old, "id") : 0;
	if (!params[0] || !row_str(obj, "role"))
		return 0;
	{
		struct db_stmt *st = db_prepare(c->db, "SELECT COUNT(*) FROM major_hazard_guardian"
						" WHERE major_hazard_id = ? AND role = ? AND id <> ?");
		if (!st || db_bind_int64(st, 1, params[0]) < 0 ||
		    db_bind_text(st, 2, row_str(obj, "role")) < 0 || db_bind_int64(st, 3, params[1]) < 0 ||
		    db_step(st) != DB_ROW) {
			db_finalize(st);
			return lg_internal(e);
		}
		dup = db_col_int64(st, 0);
		db_finalize(st);
	}
	if (dup)
		verr_add(e, "role", "该重大危险源已确定%s，请修改原记录",
			 is(row_str(obj, "role"), "principal") ? "主要负责人" :
			 is(row_str(obj, "role"), "technical") ? "技术负责人" : "操作负责人");
	return 0;
}

/* The next due of the person's 履职 (rules/ledger.c) from the latest record. */
static void guardian_due(json_t *obj)
{
	char due[11];

	if (ledger_duty_due(guardian_rhythm(row_str(obj, "role")), row_str(obj, "last_duty_date"),
			    row_str(obj, "assigned_date"), due) == 0)
		json_object_set_new(obj, "next_duty_due", json_string(due));
}

static int guardian_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				 const json_t *old, struct verr *e)
{
	if (lg_parent_org(c, a, obj, old, "SELECT org_id FROM major_hazard WHERE id = ?",
			  "major_hazard_id", "重大危险源不存在", e) < 0)
		return -1;
	if (a != EA_DELETE)
		guardian_due(obj);
	return 0;
}

/* ------------------------------------------------------ 包保履职记录 */

static int duty_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e);
static int duty_after_write(struct ectx *c, enum entity_action a, int64_t id,
			    const json_t *before, const json_t *after, struct verr *e);

static const struct field_def duty_fields[] = {
	{.name = "guardian_id", .label = "包保责任人", .type = FT_REF, .ref = "major_hazard_guardian",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "major_hazard_id", .label = "重大危险源", .type = FT_REF, .ref = "major_hazard",
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "role", .label = "包保层级", .type = FT_ENUM, .opts = guardian_role_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "duty_date", .label = "履职日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT | F_RANGE},
	{.name = "content", .label = "履职内容", .type = FT_LONGTEXT, .flags = F_REQUIRED | F_SEARCH,
	 .help = "如：检查重大危险源安全包保责任落实、监测监控系统运行、现场安全管理"},
	{.name = "problems", .label = "发现问题及处理", .type = FT_LONGTEXT},
	{.name = "files", .label = "履职记录附件", .type = FT_FILES},
};

static const struct entity_def duty_def = {
	.name = "major_hazard_duty", .table = "major_hazard_duty", .label = "包保履职记录",
	.fields = duty_fields, .nfields = ARRAY_SIZE(duty_fields),
	.write_roles = LG_WRITERS | LG_RB(ROLE_STAFF), .display_field = "duty_date",
	.default_sort = "-duty_date",
	.before_write = duty_before_write, .after_write = duty_after_write,
};

static int duty_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e)
{
	struct db_stmt *st;
	char today[11];

	if (lg_parent_org(c, a, obj, old, "SELECT org_id FROM major_hazard_guardian WHERE id = ?",
			  "guardian_id", "包保责任人不存在", e) < 0)
		return -1;
	if (a == EA_DELETE)
		return 0;
	entity_today(today);
	if (row_str(obj, "duty_date") && strcmp(row_str(obj, "duty_date"), today) > 0) {
		verr_add(e, "duty_date", "履职日期不能晚于今天");
		return -1;
	}
	st = db_prepare(c->db, "SELECT major_hazard_id, role FROM major_hazard_guardian WHERE id = ?");
	if (!st || db_bind_int64(st, 1, row_int(obj, "guardian_id")) < 0 || db_step(st) != DB_ROW) {
		db_finalize(st);
		return lg_internal(e);
	}
	json_object_set_new(obj, "major_hazard_id", json_integer(db_col_int64(st, 0)));
	json_object_set_new(obj, "role", json_string(db_col_text(st, 1) ? db_col_text(st, 1) : ""));
	db_finalize(st);
	return 0;
}

/* The guardian's latest record and next due, through the core so the calendar
 * follows (no audit row: a derived value). */
static int guardian_refresh(struct ectx *c, int64_t gid, struct verr *e)
{
	struct db_stmt *st;
	json_t *g, *set;
	int w;

	if (!gid)
		return 0;
	st = db_prepare(c->db, "SELECT MAX(duty_date) FROM major_hazard_duty WHERE guardian_id = ?");
	if (!st || db_bind_int64(st, 1, gid) < 0 || db_step(st) != DB_ROW) {
		db_finalize(st);
		return lg_internal(e);
	}
	set = json_object();
	json_object_set_new(set, "last_duty_date",
			    db_col_text(st, 0) ? json_string(db_col_text(st, 0)) : json_null());
	db_finalize(st);
	st = db_prepare(c->db, "SELECT role, assigned_date FROM major_hazard_guardian WHERE id = ?");
	if (!st || db_bind_int64(st, 1, gid) < 0) {
		db_finalize(st);
		json_decref(set);
		return lg_internal(e);
	}
	if (db_step(st) != DB_ROW) {	/* the guardian is gone */
		db_finalize(st);
		json_decref(set);
		return 0;
	}
	g = json_pack("{s:s?, s:s?}", "role", db_col_text(st, 0), "assigned_date", db_col_text(st, 1));
	db_finalize(st);
	if (!g) {
		json_decref(set);
		return lg_internal(e);
	}
	json_object_set(g, "last_duty_date", json_object_get(set, "last_duty_date"));
	guardian_due(g);
	json_object_set(set, "next_duty_due", json_object_get(g, "next_duty_due"));
	json_decref(g);
	w = entity_set_tx(c, &guardian_def, gid, NULL, set, NULL, e);
	json_decref(set);
	return w < 0 ? -1 : 0;
}

static int duty_after_write(struct ectx *c, enum entity_action a, int64_t id,
			    const json_t *before, const json_t *after, struct verr *e)
{
	int64_t was = before ? row_int(before, "guardian_id") : 0;
	int64_t now = after ? row_int(after, "guardian_id") : 0;

	if (guardian_refresh(c, now, e) < 0)
		return -1;
	return was && was != now ? guardian_refresh(c, was, e) : 0;
}

/* ------------------------------------------------------------ 危险化学品 */

static const struct enum_opt chem_unit_opts[] = {
	{"t", "吨"}, {"kg", "千克"}, {"m3", "立方米"}, {"L", "升"}, {NULL, NULL}
};

static const struct enum_opt chem_form_opts[] = {
	{"gas", "气态"}, {"liquid", "液态"}, {"solid", "固态"}, {NULL, NULL}
};

static int chem_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int chem_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e);

#define MSDS_MISSING "(t.msds IS NULL OR t.msds = '' OR t.msds = '[]')"

static const struct field_def chem_fields[] = {
	{.name = "name", .label = "化学品名称", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "cas", .label = "CAS号", .type = FT_TEXT, .max_len = 20,
	 .flags = F_SEARCH | F_LIST, .help = "如 7664-41-7（校验位自动核对）；混合物可不填"},
	{.name = "un_no", .label = "UN编号", .type = FT_TEXT, .max_len = 4, .flags = F_LIST,
	 .help = "联合国危险货物编号，4位数字，如 1005"},
	{.name = "form", .label = "物理状态", .type = FT_ENUM, .opts = chem_form_opts, .flags = F_FILTER},
	{.name = "use", .label = "用途", .type = FT_TEXT, .max_len = 200},
	{.name = "max_storage", .label = "最大储存量", .type = FT_REAL, .min = 0, .max = 1e9,
	 .flags = F_REQUIRED | F_LIST},
	{.name = "unit", .label = "单位", .type = FT_ENUM, .opts = chem_unit_opts,
	 .flags = F_REQUIRED | F_LIST},
	{.name = "storage_place", .label = "储存场所", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "key_supervised", .label = "重点监管危险化学品", .type = FT_BOOL,
	 .flags = F_FILTER | F_LIST, .help = "列入《重点监管的危险化学品名录》"},
	{.name = "msds", .label = "化学品安全技术说明书（MSDS）", .type = FT_FILES},
	{.name = "major_hazard_id", .label = "所属重大危险源", .type = FT_REF, .ref = "major_hazard",
	 .flags = F_FILTER | F_LIST},
	{.name = "note", .label = "备注", .type = FT_TEXT, .max_len = 500},
	{.name = "msds_missing", .label = "缺少MSDS", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST,
	 .expr = "CASE WHEN " MSDS_MISSING " THEN 1 ELSE 0 END"},
};

static const struct entity_def chem_def = {
	.name = "hazardous_chemical", .table = "hazardous_chemical", .label = "危险化学品",
	.fields = chem_fields, .nfields = ARRAY_SIZE(chem_fields),
	.write_roles = LG_WRITERS, .display_field = "name", .default_sort = "id",
	.validate = chem_validate, .before_write = chem_before_write,
};

static int chem_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *cas = row_str(obj, "cas"), *un = row_str(obj, "un_no");

	if (cas && !ledger_cas_ok(cas))
		verr_add(e, "cas", "CAS号格式不正确或校验位错误（如 7664-41-7）");
	if (un && !ledger_un_ok(un))
		verr_add(e, "un_no", "UN编号须为4位数字（0004—3600），如 1005");
	return 0;
}

static int chem_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e)
{
	int64_t mh = 0;

	if (a == EA_DELETE)
		return 0;
	if (a == EA_CREATE && lg_org_check(c, obj, e) < 0)
		return -1;
	if (row_int(obj, "major_hazard_id")) {
		if (db_query_int64p(c->db, "SELECT org_id FROM major_hazard WHERE id = ?",
				    row_int(obj, "major_hazard_id"), &mh, 0) != 0)
			return lg_internal(e);
		if (mh != row_int(obj, "org_id")) {
			verr_add(e, "major_hazard_id", "所属重大危险源须为本企业的重大危险源");
			return -1;
		}
	}
	return 0;
}

/* ------------------------------------------------ 年度申报与对标自查 */

static const struct enum_opt check_result_opts[] = {
	{"pass", "符合要求"}, {"rectified", "存在问题已整改"}, {"rectifying", "存在问题整改中"},
	{NULL, NULL}
};

static int check_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int check_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			      const json_t *old, struct verr *e);

static const struct field_def check_fields[] = {
	{.name = "year", .label = "年度", .type = FT_INT, .min = 2000, .max = 2999,
	 .flags = F_REQUIRED | F_FILTER | F_LIST | F_SORT},
	{.name = "declared_date", .label = "省系统申报日期", .type = FT_DATE, .flags = F_LIST,
	 .help = "seeds/004 第24项：在省系统如实、全面、准确完成申报"},
	{.name = "selfcheck_date", .label = "对标自查日期", .type = FT_DATE, .flags = F_LIST},
	{.name = "result", .label = "自查结论", .type = FT_ENUM, .opts = check_result_opts,
	 .flags = F_FILTER | F_LIST},
	{.name = "problems", .label = "发现问题及整改情况", .type = FT_LONGTEXT},
	{.name = "files", .label = "申报回执 / 自查表", .type = FT_FILES},
	{.name = "completed_date", .label = "完成日期", .type = FT_DATE, .flags = F_READONLY | F_LIST,
	 .help = "申报与自查均完成之日"},
	{.name = "period_start", .label = "年度起始日", .type = FT_DATE, .flags = F_READONLY | F_HIDDEN},
};

static const struct entity_def check_def = {
	.name = "chemical_check", .table = "chemical_check", .label = "危化品年度申报与自查",
	.fields = check_fields, .nfields = ARRAY_SIZE(check_fields),
	.write_roles = LG_WRITERS, .display_field = "year", .default_sort = "-year",
	.validate = check_validate, .before_write = check_before_write,
};

static int check_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	if (row_str(obj, "selfcheck_date") && !row_str(obj, "result"))
		verr_add(e, "result", "填写对标自查日期时须选择自查结论");
	if (row_str(obj, "result") && is(row_str(obj, "result"), "rectifying") &&
	    !row_str(obj, "problems"))
		verr_add(e, "problems", "存在问题整改中须填写发现问题及整改情况");
	return 0;
}

static int check_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			      const json_t *old, struct verr *e)
{
	const char *d = row_str(obj, "declared_date"), *s = row_str(obj, "selfcheck_date");
	int64_t dup = 0, params[3];

	if (a == EA_DELETE)
		return 0;
	if (a == EA_CREATE && lg_org_check(c, obj, e) < 0)
		return -1;
	params[0] = row_int(obj, "org_id");
	params[1] = row_int(obj, "year");
	params[2] = old ? row_int(old, "id") : 0;
	if (db_query_int64v(c->db, "SELECT COUNT(*) FROM chemical_check WHERE org_id = ? AND year = ?"
			    " AND id <> ?", params, 3, &dup, 0) != 0)
		return lg_internal(e);
	if (dup) {
		verr_add(e, "year", "本企业%" PRId64 "年度的申报与自查已登记", params[1]);
		return -1;
	}
	json_object_set_new(obj, "period_start",
			    json_string(arena_printf(c->arena, "%04" PRId64 "-01-01", params[1])));
	json_object_set_new(obj, "completed_date", d && s ? json_string(strcmp(d, s) > 0 ? d : s)
							  : json_null());
	return 0;
}

/* ---------------------------------------------------------------- duties */

static const struct obligation_def duty_principal = {
	.code = "mh_guardian_principal", .label = "重大危险源主要负责人包保履职（每季度）",
	.module = "ledger",
	.source = "seeds/003 第26项：实施重大危险源企业三级包保责任人常态化管控；频次为平台默认（可调整）",
	.period = OB_EVENT, .warn_days = 15,
	.proof_entity = "major_hazard_guardian",
	.record_when = "t.role = 'principal' AND t.next_duty_due IS NOT NULL",
	.record_due = "t.next_duty_due", .record_title = "t.name",
	.form = "/ledger/major-hazard",
};

static const struct obligation_def duty_technical = {
	.code = "mh_guardian_technical", .label = "重大危险源技术负责人包保履职（每月）",
	.module = "ledger",
	.source = "seeds/003 第26项：实施重大危险源企业三级包保责任人常态化管控；频次为平台默认（可调整）",
	.period = OB_EVENT, .warn_days = 7,
	.proof_entity = "major_hazard_guardian",
	.record_when = "t.role = 'technical' AND t.next_duty_due IS NOT NULL",
	.record_due = "t.next_duty_due", .record_title = "t.name",
	.form = "/ledger/major-hazard",
};

static const struct obligation_def duty_operator = {
	.code = "mh_guardian_operator", .label = "重大危险源操作负责人包保履职（每周）",
	.module = "ledger",
	.source = "seeds/003 第26项：实施重大危险源企业三级包保责任人常态化管控；频次为平台默认（可调整）",
	.period = OB_EVENT, .warn_days = 2,
	.proof_entity = "major_hazard_guardian",
	.record_when = "t.role = 'operator' AND t.next_duty_due IS NOT NULL",
	.record_due = "t.next_duty_due", .record_title = "t.name",
	.form = "/ledger/major-hazard",
};

static const struct obligation_def duty_chemical = {
	.code = "chemical_check_annual", .label = "危险化学品年度申报与对标自查", .module = "ledger",
	.source = "seeds/004 第24项：在省系统如实、全面、准确完成申报，对照标准开展对标自查自改",
	.applies = "EXISTS (SELECT 1 FROM hazardous_chemical h WHERE h.org_id = e.org_id)",
	.period = OB_YEAR, .due = { DUE_PERIOD_END, 0, 0, 0 }, .warn_days = 30,
	.proof_entity = "chemical_check", .proof_cond = "t.completed_date IS NOT NULL",
	.proof_at = "t.completed_date", .proof_in = "t.period_start",
	.form = "/ledger/chemical",
};

const struct obligation_def *const ledger_duties[] = {
	&duty_principal, &duty_technical, &duty_operator, &duty_chemical, &ledger_env_duty, NULL
};

/* ------------------------------------------------------------------ home */

int ledger_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w)
{
	if (home_notice_count(c, w, org, today,
			      "SELECT COUNT(*) FROM hazardous_chemical t WHERE" HOME_ORG " AND " MSDS_MISSING,
			      "chemical_msds_missing", "危险化学品缺少MSDS", "warning",
			      "/ledger/chemical?msds_missing=true") != 0 ||
	    home_notice_count(c, w, org, today,
			      "SELECT COUNT(*) FROM major_hazard t WHERE" HOME_ORG
			      " AND t.status <> 'cancelled' AND " MH_GUARDIANS " < 3",
			      "major_hazard_guardians", "重大危险源包保责任人不全", "danger",
			      "/ledger/major-hazard?guardians_incomplete=true") != 0 ||
	    home_notice_count(c, w, org, today,
			      "SELECT COUNT(*) FROM major_hazard_guardian t WHERE" HOME_ORG
			      " AND t.next_duty_due < ?",
			      "major_hazard_duty_overdue", "包保责任人履职逾期", "danger",
			      "/ledger/major-hazard?tab=guardian&duty_overdue=true") != 0)
		return -1;
	return ledger_site_home(c, org, today, w);
}

/* ------------------------------------------------------------------ init */

const struct entity_def *ledger_entity(const char *name)
{
	static const struct entity_def *const defs[] = {
		&mh_def, &point_def, &guardian_def, &duty_def, &chem_def, &check_def,
	};

	for (size_t i = 0; i < ARRAY_SIZE(defs); i++)
		if (strcmp(defs[i]->name, name) == 0)
			return defs[i];
	return entity_find(name);
}

void ledger_init(void)
{
	entity_register(&mh_def);
	entity_register(&point_def);
	entity_register(&guardian_def);
	entity_register(&duty_def);
	entity_register(&chem_def);
	entity_register(&check_def);
	ledger_site_init();
}
