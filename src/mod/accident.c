/*
 * accident.c — 事故快报: the enterprise's quick report of a production-safety
 * accident to the authorities, its 补报/续报, its corrective actions, and near
 * misses recorded the same way.
 *
 * Sources: 《生产安全事故报告和调查处理条例》(国务院令第493号): Art. 3 (grades, the
 * pure rule rules/accident_grade.c), Art. 9 (the unit's head reports within 1 hour
 * to the 应急管理部门 and the departments with supervisory duties), Art. 12 (the
 * content of the report), Art. 13 (补报 of casualty changes within 30 days, 7 for
 * road traffic and fire); seeds/000 §二(四)1 (the report is copied to the
 * supervising regulator), §二(四)2 (the investigation report and the reply, 较大及以上),
 * seeds/004 item 20, seeds/003 item 45 (整改措施落实情况后评估).
 *
 * Entities (generic routes of the entity core, scoped by org_id = the enterprise):
 *   accident         the report (E_NO_DELETE: evidence). Server fields: grade (Art. 3
 *                    from the current figures), late (reported > 1 h after), the last
 *                    day of the 补报 window, the status (workflow accident_flow.c).
 *                    The figures change only through updates.
 *   accident_event   its timeline.
 *   accident_update  补报/续报: new figures and facts; each one re-grades the
 *                    accident. A change of the casualties after the window needs a
 *                    reason (400 naming "reason").
 *   accident_action  整改措施: open → done → evaluated (accident_flow.c).
 * A near miss (kind near_miss, 未遂事件) is the same record without casualties, grade
 * or one-hour duty, and is not sent to the regulator.
 *
 * On a report and on every update the supervising regulators get an inbox message
 * at once (inbox_send_regulators; the notify module forwards it to webhooks), and
 * GET /api/accident/live (accident_stat.c) is their live list.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "entity/inbox.h"
#include "http/http.h"
#include "mod/accident.h"
#include "mod/accident_int.h"
#include "mod/mod.h"
#include "rules/accident_grade.h"
#include "rules/accident_type.h"

/* ------------------------------------------------------------------ options */

static const struct enum_opt kind_opts[] = {
	{"accident", "生产安全事故"},
	{"near_miss", "未遂事件"},
	{NULL, NULL}
};

const struct enum_opt accident_grade_opts[] = {
	{"general", "一般事故"},
	{"larger", "较大事故"},
	{"major", "重大事故"},
	{"especially_major", "特别重大事故"},
	{NULL, NULL}
};

static const struct enum_opt status_opts[] = {
	{"reported", "已快报"},
	{"investigating", "调查中"},
	{"closed", "已结案"},
	{NULL, NULL}
};

static const struct enum_opt event_opts[] = {
	{"report", "快报"},
	{"update", "补报/续报"},
	{"investigate", "开展调查"},
	{"conclude", "结案"},
	{NULL, NULL}
};

static const struct enum_opt update_kind_opts[] = {
	{"follow_up", "续报"},
	{"supplement", "补报"},
	{NULL, NULL}
};

static const struct enum_opt action_status_opts[] = {
	{"open", "整改中"},
	{"done", "已完成"},
	{"evaluated", "已后评估"},
	{NULL, NULL}
};

const struct enum_opt accident_eval_opts[] = {
	{"effective", "有效"},
	{"partly", "基本有效"},
	{"ineffective", "无效，重新整改"},
	{NULL, NULL}
};

/* GB 6441-2025 types, then GB 6441-1986's for old records; filled by
 * accident_init() from rules/accident_type.c. */
struct enum_opt accident_type_opts[27 + 20 + 1];
static char type_old_labels[20][64];

/* ------------------------------------------------------------- declarations */

static int acc_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int acc_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e);
static int acc_after_write(struct ectx *c, enum entity_action a, int64_t id,
			   const json_t *before, const json_t *after, struct verr *e);
static int upd_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int upd_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e);
static int upd_after_write(struct ectx *c, enum entity_action a, int64_t id,
			   const json_t *before, const json_t *after, struct verr *e);
static int act_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e);
static int act_after_write(struct ectx *c, enum entity_action a, int64_t id,
			   const json_t *before, const json_t *after, struct verr *e);

#define G_REPORT "事故快报（国务院令第493号第十二条）"
#define G_INV "调查处理"

static const struct field_def acc_fields[] = {
	{.name = "kind", .label = "类别", .type = FT_ENUM, .opts = kind_opts,
	 .flags = F_FILTER | F_LIST, .group = G_REPORT,
	 .help = "未遂事件不分级、不适用1小时报告时限"},
	{.name = "title", .label = "事故名称", .type = FT_TEXT, .max_len = 200,
	 .flags = F_SEARCH | F_LIST, .group = G_REPORT, .help = "留空时按发生日期、地点和类型生成"},
	{.name = "occurred_at", .label = "发生时间", .type = FT_DATETIME,
	 .flags = F_REQUIRED | F_RANGE | F_SORT | F_LIST, .group = G_REPORT},
	{.name = "place", .label = "发生地点", .type = FT_TEXT, .max_len = 200,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST, .group = G_REPORT},
	{.name = "unit_id", .label = "发生单位（车间/班组）", .type = FT_REF, .ref = "org",
	 .flags = F_FILTER, .group = G_REPORT, .help = "本企业的内部单位"},
	{.name = "accident_type", .label = "事故类型", .type = FT_ENUM, .opts = accident_type_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .group = G_REPORT,
	 .help = "GB 6441-2025《生产安全事故分类与编码》"},
	{.name = "deaths", .label = "死亡人数", .type = FT_INT, .min = 0, .max = 100000,
	 .flags = F_LIST, .group = G_REPORT},
	{.name = "serious_injuries", .label = "重伤人数（含急性工业中毒）", .type = FT_INT,
	 .min = 0, .max = 100000, .flags = F_LIST, .group = G_REPORT},
	{.name = "missing", .label = "下落不明人数", .type = FT_INT, .min = 0, .max = 100000,
	 .flags = F_LIST, .group = G_REPORT, .help = "单独报告，不计入分级"},
	{.name = "direct_loss", .label = "直接经济损失（元）", .type = FT_MONEY, .min = 0,
	 .max = 1e12, .group = G_REPORT, .help = "初步估计"},
	{.name = "scene", .label = "事故现场情况", .type = FT_LONGTEXT, .group = G_REPORT},
	{.name = "account", .label = "事故简要经过", .type = FT_LONGTEXT, .flags = F_REQUIRED,
	 .group = G_REPORT},
	{.name = "measures", .label = "已经采取的措施", .type = FT_LONGTEXT, .group = G_REPORT},
	{.name = "reporter", .label = "报告人", .type = FT_TEXT, .max_len = 50,
	 .flags = F_REQUIRED, .group = G_REPORT},
	{.name = "reporter_phone", .label = "报告人电话", .type = FT_PHONE, .group = G_REPORT},
	{.name = "reported_to", .label = "报告的部门", .type = FT_TEXT, .max_len = 200,
	 .group = G_REPORT,
	 .help = "应急管理部门和负有安全生产监督管理职责的有关部门"},
	{.name = "reported_at", .label = "报告监管部门时间", .type = FT_DATETIME,
	 .flags = F_SORT | F_LIST, .group = G_REPORT,
	 .help = "留空为本次提交时间；事故发生后1小时内报告（第九条）"},
	{.name = "grade", .label = "事故等级", .type = FT_ENUM, .opts = accident_grade_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST, .group = G_REPORT,
	 .help = "按第三条由死亡、重伤人数和直接经济损失计算，取最高者"},
	{.name = "late", .label = "迟报（超过1小时）", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST, .group = G_REPORT},
	{.name = "update_until", .label = "补报截止日期", .type = FT_DATE,
	 .flags = F_READONLY, .group = G_REPORT,
	 .help = "第十三条：自发生之日起30日内（道路交通、火灾7日内）伤亡人数变化应及时补报"},
	{.name = "updates", .label = "补报/续报次数", .type = FT_INT, .flags = F_READONLY},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = status_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "investigation_team", .label = "调查组（调查单位）", .type = FT_TEXT, .max_len = 200,
	 .flags = F_READONLY, .group = G_INV},
	{.name = "investigation_started", .label = "开始调查日期", .type = FT_DATE,
	 .flags = F_READONLY, .group = G_INV},
	{.name = "cause", .label = "事故原因", .type = FT_LONGTEXT, .flags = F_READONLY,
	 .group = G_INV},
	{.name = "inv_report_date", .label = "调查报告日期", .type = FT_DATE, .flags = F_READONLY,
	 .group = G_INV},
	{.name = "inv_report_files", .label = "调查报告", .type = FT_FILES, .flags = F_READONLY,
	 .group = G_INV},
	{.name = "reply_no", .label = "政府批复文号", .type = FT_TEXT, .max_len = 100,
	 .flags = F_READONLY, .group = G_INV, .help = "较大及以上事故须有人民政府的批复"},
	{.name = "reply_date", .label = "批复日期", .type = FT_DATE, .flags = F_READONLY,
	 .group = G_INV},
	{.name = "reply_files", .label = "批复文件", .type = FT_FILES, .flags = F_READONLY,
	 .group = G_INV},
	{.name = "accountability", .label = "追责落实情况", .type = FT_LONGTEXT,
	 .flags = F_READONLY, .group = G_INV},
	{.name = "closed_at", .label = "结案日期", .type = FT_DATE,
	 .flags = F_READONLY | F_RANGE, .group = G_INV},
};

static const char *const acc_indexes[] = { "kind, occurred_at", "status, occurred_at", NULL };

const struct entity_def accident_def = {
	.name = "accident", .table = "accident", .label = "事故快报",
	.fields = acc_fields, .nfields = ARRAY_SIZE(acc_fields),
	.flags = E_NO_DELETE, .write_roles = ACC_MANAGERS,
	.display_field = "title", .default_sort = "-occurred_at",
	.indexes = acc_indexes,
	.validate = acc_validate, .before_write = acc_before_write,
	.after_write = acc_after_write,
	.workflow = &accident_workflow,
};

static const struct field_def event_fields[] = {
	WF_EVENT_FIELDS("accident_id", "accident", "事故", event_opts, status_opts),
};

static const struct entity_def event_def = {
	.name = "accident_event", .table = "accident_event", .label = "事故处理记录",
	.fields = event_fields, .nfields = ARRAY_SIZE(event_fields),
	.flags = E_NO_CREATE | E_NO_UPDATE | E_NO_DELETE,
	.write_roles = RB(ROLE_ADMIN),
	.display_field = "action", .default_sort = "id",
};

static const struct field_def upd_fields[] = {
	{.name = "accident_id", .label = "事故", .type = FT_REF, .ref = "accident",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "kind", .label = "报告类型", .type = FT_ENUM, .opts = update_kind_opts,
	 .flags = F_FILTER | F_LIST, .help = "续报：事故进展；补报：新出现的情况、伤亡人数变化"},
	{.name = "reported_at", .label = "报告时间", .type = FT_DATETIME,
	 .flags = F_READONLY | F_LIST | F_SORT},
	{.name = "deaths", .label = "死亡人数（累计）", .type = FT_INT, .min = 0, .max = 100000,
	 .flags = F_LIST, .help = "留空表示不变"},
	{.name = "serious_injuries", .label = "重伤人数（累计，含急性工业中毒）", .type = FT_INT,
	 .min = 0, .max = 100000, .flags = F_LIST},
	{.name = "missing", .label = "下落不明人数", .type = FT_INT, .min = 0, .max = 100000,
	 .flags = F_LIST},
	{.name = "direct_loss", .label = "直接经济损失（元，累计）", .type = FT_MONEY, .min = 0,
	 .max = 1e12},
	{.name = "content", .label = "报告内容", .type = FT_LONGTEXT, .flags = F_REQUIRED,
	 .help = "新情况、救援和处置进展"},
	{.name = "reason", .label = "逾期变化原因", .type = FT_TEXT, .max_len = 500,
	 .help = "超过补报期限（30日，道路交通、火灾7日）后伤亡人数变化须说明原因"},
	{.name = "in_window", .label = "在补报期限内", .type = FT_BOOL, .flags = F_READONLY | F_LIST},
	{.name = "casualty_changed", .label = "伤亡人数变化", .type = FT_BOOL,
	 .flags = F_READONLY | F_LIST},
	{.name = "grade_before", .label = "原等级", .type = FT_ENUM, .opts = accident_grade_opts,
	 .flags = F_READONLY},
	{.name = "grade_after", .label = "重新分级", .type = FT_ENUM, .opts = accident_grade_opts,
	 .flags = F_READONLY | F_LIST},
};

const struct entity_def accident_update_def = {
	.name = "accident_update", .table = "accident_update", .label = "事故补报/续报",
	.fields = upd_fields, .nfields = ARRAY_SIZE(upd_fields),
	.flags = E_NO_UPDATE | E_NO_DELETE, .write_roles = ACC_MANAGERS,
	.display_field = "content", .default_sort = "-id",
	.validate = upd_validate, .before_write = upd_before_write,
	.after_write = upd_after_write,
};

#define ACT_OVERDUE "CASE WHEN t.status = 'open' AND t.deadline < {today} THEN 1 ELSE 0 END"

static const struct field_def act_fields[] = {
	{.name = "accident_id", .label = "事故/未遂事件", .type = FT_REF, .ref = "accident",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "measure", .label = "整改措施", .type = FT_LONGTEXT,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "responsible_id", .label = "责任人", .type = FT_REF, .ref = "user",
	 .flags = F_FILTER | F_LIST},
	{.name = "deadline", .label = "完成期限", .type = FT_DATE,
	 .flags = F_REQUIRED | F_RANGE | F_SORT | F_LIST},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = action_status_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "done_at", .label = "完成日期", .type = FT_DATE, .flags = F_READONLY | F_LIST},
	{.name = "done_note", .label = "落实情况", .type = FT_LONGTEXT, .flags = F_READONLY},
	{.name = "done_by", .label = "落实人", .type = FT_REF, .ref = "user", .flags = F_READONLY},
	{.name = "eval_date", .label = "后评估日期", .type = FT_DATE,
	 .flags = F_READONLY | F_LIST | F_RANGE},
	{.name = "eval_result", .label = "后评估结论", .type = FT_ENUM, .opts = accident_eval_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "eval_note", .label = "后评估意见", .type = FT_LONGTEXT, .flags = F_READONLY},
	{.name = "eval_by", .label = "评估人", .type = FT_REF, .ref = "user", .flags = F_READONLY},
	{.name = "overdue", .label = "已逾期", .type = FT_BOOL,
	 .flags = F_READONLY | F_FILTER | F_LIST, .expr = ACT_OVERDUE},
};

const struct entity_def accident_action_def = {
	.name = "accident_action", .table = "accident_action", .label = "事故整改措施",
	.fields = act_fields, .nfields = ARRAY_SIZE(act_fields),
	.flags = E_NO_DELETE, .write_roles = ACC_MANAGERS,
	.display_field = "measure", .default_sort = "deadline",
	.before_write = act_before_write, .after_write = act_after_write,
	.workflow = &accident_action_workflow,
};

/* ------------------------------------------------------------------ helpers */

int acc_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int acc_internal(struct verr *e)
{
	verr_set(e, 500, "internal", "服务器内部错误");
	return -1;
}

static const char *opt_label(const struct enum_opt *o, const char *code)
{
	for (; o && o->code; o++)
		if (code && strcmp(o->code, code) == 0)
			return o->label;
	return code ? code : "";
}

/* Sets the derived fields of an accident row: grade (Art. 3), late (Art. 9),
 * the last day of the 补报 window (Art. 13); a near miss has none of them. */
static void acc_derive(json_t *obj)
{
	const char *occ = row_str(obj, "occurred_at"), *rep = row_str(obj, "reported_at");
	char last[11];

	if (acc_same(row_str(obj, "kind"), "near_miss")) {
		json_object_set_new(obj, "grade", json_null());
		json_object_set_new(obj, "late", json_false());
		json_object_set_new(obj, "update_until", json_null());
		return;
	}
	json_object_set_new(obj, "grade", json_string(accident_grade_code(accident_grade(
		row_int(obj, "deaths"), row_int(obj, "serious_injuries"), row_int(obj, "direct_loss")))));
	json_object_set_new(obj, "late", json_boolean(accident_report_late(occ, rep) == 1));
	if (accident_update_last_day(occ, row_str(obj, "accident_type"), last) == 0)
		json_object_set_new(obj, "update_until", json_string(last));
}

/* ------------------------------------------------------------ accident hooks */

/* 如实报告 (第十二条): the accident is not in the future; the report to the
 * authority not before the accident nor in the future; a new record uses GB
 * 6441-2025; a near miss has no casualties and no loss (未遂: 未造成人员伤亡和经济损失). */
static int acc_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *occ = row_str(obj, "occurred_at"), *rep = row_str(obj, "reported_at");
	const char *t = row_str(obj, "accident_type"), *was = old ? row_str(old, "accident_type") : NULL;
	char now[20];

	(void)c;
	entity_now(now);
	if (occ && strcmp(occ, now) > 0)
		verr_add(e, "occurred_at", "发生时间不能晚于当前时间");
	if (rep && strcmp(rep, now) > 0)
		verr_add(e, "reported_at", "报告监管部门时间不能晚于当前时间");
	if (rep && occ && strcmp(rep, occ) < 0)
		verr_add(e, "reported_at", "报告监管部门时间不能早于发生时间");
	if (t && !accident_type_is_current(t) && !acc_same(was, t))
		verr_add(e, "accident_type",
			 "新记录须使用 GB 6441-2025 的事故类型；GB 6441-1986 的类型仅保留在原有记录上");
	if (acc_same(row_str(obj, "kind"), "near_miss")) {
		static const char *const zero[] = { "deaths", "serious_injuries", "missing",
						    "direct_loss", NULL };
		for (int i = 0; zero[i]; i++)
			if (row_int(obj, zero[i]) > 0)
				verr_add(e, zero[i], "未遂事件未造成人员伤亡和经济损失，%s须为0",
					 entity_field(&accident_def, zero[i])->label);
	}
	return 0;
}

/* Fixed once reported: the kind, the time of the accident and of the report, and
 * the figures (they change through 补报/续报, which re-grade). */
static const char *const acc_fixed[] = { "kind", "occurred_at", "reported_at", "deaths",
					  "serious_injuries", "missing", "direct_loss", NULL };

/* Create: the row belongs to the enterprise of the chosen org (a unit goes to
 * unit_id), 已快报, reported now unless a time is given, server fields cleared.
 * Update (generic PUT): not after 结案; never the fixed fields. */
static int acc_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e)
{
	char now[20];
	int64_t ent, unit;
	int r;

	if (a == EA_DELETE)
		return 0;
	if (a == EA_UPDATE) {
		if (acc_same(row_str(old, "status"), "closed")) {
			verr_set(e, 409, "bad_state", "事故已结案，不能修改");
			return -1;
		}
		for (int i = 0; acc_fixed[i]; i++)
			if (!json_equal(json_object_get(obj, acc_fixed[i]), json_object_get(old, acc_fixed[i])))
				verr_add(e, acc_fixed[i], "%s报告后不能直接修改，变化情况请通过补报/续报报告",
					 entity_field(&accident_def, acc_fixed[i])->label);
		if (e->status)
			return -1;
		for (size_t i = 0; i < accident_def.nfields; i++)
			if (accident_def.fields[i].flags & F_READONLY)
				json_object_set(obj, accident_def.fields[i].name,
						json_object_get(old, accident_def.fields[i].name));
		json_object_set(obj, "org_id", json_object_get(old, "org_id"));
		ent = row_int(old, "org_id");
	} else {
		int64_t org = row_int(obj, "org_id");
		ent = org_enterprise_of(c->db, org);
		if (ent < 0)
			return acc_internal(e);
		if (!ent) {
			verr_add(e, "org_id", "请选择事故发生企业");
			return -1;
		}
		if (ent != org && !row_int(obj, "unit_id")) {
			r = org_unit_in(c->db, org, ent);
			if (r < 0)
				return acc_internal(e);
			if (r)
				json_object_set_new(obj, "unit_id", json_integer(org));
		}
		json_object_set_new(obj, "org_id", json_integer(ent));
		if (!row_str(obj, "kind"))
			json_object_set_new(obj, "kind", json_string("accident"));
		for (size_t i = 0; i < accident_def.nfields; i++) {
			const struct field_def *f = &accident_def.fields[i];
			if (f->flags & F_READONLY)
				json_object_set_new(obj, f->name, f->type == FT_FILES ? json_array() :
						    f->type == FT_BOOL ? json_false() :
						    f->type == FT_INT ? json_integer(0) : json_null());
		}
		for (int i = 3; acc_fixed[i]; i++)
			if (!json_is_integer(json_object_get(obj, acc_fixed[i])))
				json_object_set_new(obj, acc_fixed[i], json_integer(0));
		entity_now(now);
		if (!row_str(obj, "reported_at") && !acc_same(row_str(obj, "kind"), "near_miss"))
			json_object_set_new(obj, "reported_at", json_string(now));
		json_object_set_new(obj, "status", json_string("reported"));
	}
	if (!row_str(obj, "title")) {
		const char *occ = row_str(obj, "occurred_at");
		json_object_set_new(obj, "title", json_string(arena_printf(c->arena, "%.10s %s %s%s",
			occ ? occ : "", row_str(obj, "place") ? row_str(obj, "place") : "",
			opt_label(accident_type_opts, row_str(obj, "accident_type")),
			acc_same(row_str(obj, "kind"), "near_miss") ? "未遂事件" : "事故")));
	}
	unit = row_int(obj, "unit_id");
	if (unit && !(old && unit == row_int(old, "unit_id"))) {
		r = org_unit_in(c->db, unit, ent);
		if (r < 0)
			return acc_internal(e);
		if (!r) {
			verr_add(e, "unit_id", "发生单位须为本企业的内部单位");
			return -1;
		}
	}
	acc_derive(obj);
	return 0;
}

/* The figures of a report as one Chinese sentence (arena string). */
static const char *acc_figures(struct arena *a, const json_t *row)
{
	int64_t loss = row_int(row, "direct_loss");

	return arena_printf(a, "死亡%" PRId64 "人，重伤%" PRId64 "人，下落不明%" PRId64
			    "人，直接经济损失%" PRId64 ".%02d元",
			    row_int(row, "deaths"), row_int(row, "serious_injuries"),
			    row_int(row, "missing"), loss / 100, (int)(loss % 100));
}

/* After a report: the timeline opens and, for an accident, every supervising
 * regulator hears of it at once (seeds/000 §二(四)1: 自动抄送监管部门). */
static int acc_after_write(struct ectx *c, enum entity_action a, int64_t id,
			   const json_t *before, const json_t *after, struct verr *e)
{
	const char *note, *title;

	(void)before;
	if (a != EA_CREATE)
		return 0;
	note = arena_printf(c->arena, "%s；%s%s", row_str(after, "occurred_at"),
			    acc_same(row_str(after, "kind"), "near_miss") ? "未遂事件" :
			    opt_label(accident_grade_opts, row_str(after, "grade")),
			    row_bool(after, "late") ? "；迟报（超过1小时）" : "");
	if (wf_event_write(c, &accident_def, after, "report", NULL, "reported", NULL, note) != 0)
		return acc_internal(e);
	if (acc_same(row_str(after, "kind"), "near_miss"))
		return 0;
	title = arena_printf(c->arena, "事故快报：%s（%s）", row_str(after, "title"),
			     opt_label(accident_grade_opts, row_str(after, "grade")));
	note = arena_printf(c->arena, "发生时间 %s，地点 %s；%s%s", row_str(after, "occurred_at"),
			    row_str(after, "place"), acc_figures(c->arena, after),
			    row_bool(after, "late") ? "；迟报（超过1小时）" : "");
	if (inbox_send_regulators(c, row_int(after, "org_id"), "notice", title, note,
				  arena_printf(c->arena, "/accident/%" PRId64, id), "accident", id) < 0)
		return acc_internal(e);
	return 0;
}

/* -------------------------------------------------------------- update hooks */

static const char *const casualty_keys[] = { "deaths", "serious_injuries", "missing", NULL };

/* 1 if obj names a casualty figure different from the accident's. */
static int upd_casualty_changed(const json_t *obj, const json_t *acc)
{
	for (int i = 0; casualty_keys[i]; i++) {
		const json_t *v = json_object_get(obj, casualty_keys[i]);
		if (json_is_integer(v) && json_integer_value(v) != row_int(acc, casualty_keys[i]))
			return 1;
	}
	return 0;
}

/* Art. 13: a casualty change within the window (30 days, 7 for road traffic and
 * fire) is a 补报; after it the change needs a reason. Not after 结案; a near miss
 * stays without casualties. */
static int upd_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	json_t *acc;
	char now[20];
	int in;

	(void)old;
	if (!row_int(obj, "accident_id"))
		return 0;
	acc = entity_get(c, &accident_def, row_int(obj, "accident_id"));
	if (!acc) {
		verr_add(e, "accident_id", "所选事故不存在");
		return 0;
	}
	if (acc_same(row_str(acc, "status"), "closed")) {
		verr_set(e, 409, "bad_state", "事故已结案，不能再补报或续报");
		goto out;
	}
	if (acc_same(row_str(acc, "kind"), "near_miss")) {
		for (int i = 0; casualty_keys[i]; i++)
			if (row_int(obj, casualty_keys[i]) > 0)
				verr_add(e, casualty_keys[i], "未遂事件未造成人员伤亡，%s须为0",
					 entity_field(&accident_update_def, casualty_keys[i])->label);
		goto out;
	}
	entity_now(now);
	in = accident_update_in_window(row_str(acc, "occurred_at"), row_str(acc, "accident_type"), now);
	if (in == 0 && upd_casualty_changed(obj, acc) && !row_str(obj, "reason"))
		verr_add(e, "reason", "已超过补报期限（%d日，截止%s），伤亡人数变化须填写原因",
			 accident_update_window_days(row_str(acc, "accident_type")),
			 row_str(acc, "update_until") ? row_str(acc, "update_until") : "");
out:
	json_decref(acc);
	return 0;
}

/* The update belongs to its accident's enterprise; when, in the window or not,
 * whether the casualties changed, and the grade before and after. */
static int upd_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e)
{
	json_t *acc, *merged;
	char now[20];

	(void)old;
	if (a != EA_CREATE)
		return 0;
	acc = entity_get(c, &accident_def, row_int(obj, "accident_id"));
	if (!acc) {
		verr_add(e, "accident_id", "所选事故不存在");
		return -1;
	}
	entity_now(now);
	merged = json_deep_copy(acc);
	for (int i = 0; casualty_keys[i]; i++)
		if (json_is_integer(json_object_get(obj, casualty_keys[i])))
			json_object_set(merged, casualty_keys[i], json_object_get(obj, casualty_keys[i]));
	if (json_is_integer(json_object_get(obj, "direct_loss")))
		json_object_set(merged, "direct_loss", json_object_get(obj, "direct_loss"));
	acc_derive(merged);
	json_object_set(obj, "org_id", json_object_get(acc, "org_id"));
	if (!row_str(obj, "kind"))
		json_object_set_new(obj, "kind", json_string("follow_up"));
	json_object_set_new(obj, "reported_at", json_string(now));
	json_object_set_new(obj, "in_window", json_boolean(accident_update_in_window(
		row_str(acc, "occurred_at"), row_str(acc, "accident_type"), now) == 1));
	json_object_set_new(obj, "casualty_changed", json_boolean(upd_casualty_changed(obj, acc)));
	json_object_set(obj, "grade_before", json_object_get(acc, "grade"));
	json_object_set(obj, "grade_after", json_object_get(merged, "grade"));
	json_decref(merged);
	json_decref(acc);
	return 0;
}

/* The accident takes the new figures and grade; the timeline notes the update and
 * the regulators hear of it (a near miss is not sent). */
static int upd_after_write(struct ectx *c, enum entity_action a, int64_t id,
			   const json_t *before, const json_t *after, struct verr *e)
{
	int64_t aid = row_int(after, "accident_id");
	json_t *acc = NULL, *set = NULL;
	const char *note, *title;
	int rc = -1;

	(void)before;
	if (a != EA_CREATE)
		return 0;
	acc = entity_get(c, &accident_def, aid);
	if (!acc)
		return acc_internal(e);
	set = json_object();
	for (int i = 0; casualty_keys[i]; i++)
		if (json_is_integer(json_object_get(after, casualty_keys[i])))
			json_object_set(set, casualty_keys[i], json_object_get(after, casualty_keys[i]));
	if (json_is_integer(json_object_get(after, "direct_loss")))
		json_object_set(set, "direct_loss", json_object_get(after, "direct_loss"));
	json_object_set(set, "grade", json_object_get(after, "grade_after"));
	json_object_set_new(set, "updates", json_integer(row_int(acc, "updates") + 1));
	if (entity_set_tx(c, &accident_def, aid, NULL, set, NULL, e) < 0)
		goto out;
	json_object_update(acc, set);
	note = arena_printf(c->arena, "%s：%s；%s", opt_label(update_kind_opts, row_str(after, "kind")),
			    row_str(after, "content"), acc_figures(c->arena, acc));
	if (wf_event_write(c, &accident_def, acc, "update", row_str(acc, "status"),
			   row_str(acc, "status"), row_str(after, "reason"), note) != 0)
		goto fail;
	if (!acc_same(row_str(acc, "kind"), "near_miss")) {
		title = arena_printf(c->arena, "事故%s：%s（%s）",
				     opt_label(update_kind_opts, row_str(after, "kind")),
				     row_str(acc, "title"),
				     opt_label(accident_grade_opts, row_str(acc, "grade")));
		if (inbox_send_regulators(c, row_int(acc, "org_id"), "notice", title, note,
					  arena_printf(c->arena, "/accident/%" PRId64, aid),
					  "accident", aid) < 0)
			goto fail;
	}
	(void)id;
	rc = 0;
	goto out;
fail:
	acc_internal(e);
out:
	json_decref(acc);
	json_decref(set);
	return rc;
}

/* -------------------------------------------------------------- action hooks */

/* A corrective action belongs to its accident's enterprise, starts 整改中 and is
 * edited only while it is; its responsible person is one of the enterprise. */
static int act_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e)
{
	json_t *acc;
	int64_t resp;
	int r;

	if (a == EA_DELETE)
		return 0;
	if (a == EA_UPDATE) {
		if (!acc_same(row_str(old, "status"), "open")) {
			verr_set(e, 409, "bad_state", arena_printf(c->arena, "整改措施当前状态为%s，不能修改",
				 opt_label(action_status_opts, row_str(old, "status"))));
			return -1;
		}
		if (row_int(obj, "accident_id") != row_int(old, "accident_id")) {
			verr_add(e, "accident_id", "不能更改整改措施所属的事故");
			return -1;
		}
		json_object_set(obj, "org_id", json_object_get(old, "org_id"));
	} else {
		acc = entity_get(c, &accident_def, row_int(obj, "accident_id"));
		if (!acc) {
			verr_add(e, "accident_id", "所选事故不存在");
			return -1;
		}
		json_object_set(obj, "org_id", json_object_get(acc, "org_id"));
		json_decref(acc);
		for (size_t i = 0; i < accident_action_def.nfields; i++) {
			const struct field_def *f = &accident_action_def.fields[i];
			if ((f->flags & F_READONLY) && !f->expr)
				json_object_set_new(obj, f->name, json_null());
		}
		json_object_set_new(obj, "status", json_string("open"));
	}
	resp = row_int(obj, "responsible_id");
	if (resp && !(old && resp == row_int(old, "responsible_id"))) {
		r = org_user_of_enterprise(c->db, resp, row_int(obj, "org_id"));
		if (r < 0)
			return acc_internal(e);
		if (!r) {
			verr_add(e, "responsible_id", "责任人须为本企业人员");
			return -1;
		}
	}
	return 0;
}

/* The responsible person hears of a new corrective action (指派给我). */
static int act_after_write(struct ectx *c, enum entity_action a, int64_t id,
			   const json_t *before, const json_t *after, struct verr *e)
{
	(void)before;
	if (a != EA_CREATE || !row_int(after, "responsible_id"))
		return 0;
	if (inbox_send(c, row_int(after, "responsible_id"), "assigned", "事故整改措施指派给您",
		       arena_printf(c->arena, "%s；完成期限 %s", row_str(after, "measure"),
				    row_str(after, "deadline")),
		       arena_printf(c->arena, "/accident/%" PRId64, row_int(after, "accident_id")),
		       "accident_action", id) < 0)
		return acc_internal(e);
	return 0;
}

/* -------------------------------------------------------------- registry */

static const struct route accident_routes[] = {
	{HTTP_POST, "/api/accident_stat/generate", accident_stat_h_generate, ROUTE_JSON,
	 ACC_MANAGERS},
};

/* Registers the declarations and routes of the module (accident.h). */
void accident_init(void)
{
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(accident_types_2025); i++) {
		accident_type_opts[n].code = accident_types_2025[i].code;
		accident_type_opts[n++].label = accident_types_2025[i].label;
	}
	for (size_t i = 0; i < ARRAY_SIZE(accident_types_1986); i++) {
		snprintf(type_old_labels[i], sizeof(type_old_labels[i]), "%s（GB 6441-1986）",
			 accident_types_1986[i].label);
		accident_type_opts[n].code = accident_types_1986[i].code;
		accident_type_opts[n++].label = type_old_labels[i];
	}
	accident_type_opts[n].code = NULL;
	accident_type_opts[n].label = NULL;
	entity_register(&accident_def);
	entity_register(&event_def);
	entity_register(&accident_update_def);
	entity_register(&accident_action_def);
	entity_register(&accident_stat_def);
	router_add(accident_routes, ARRAY_SIZE(accident_routes));
	entity_perm_register("accident_stat:generate", ACC_MANAGERS);
	view_register(&accident_live_view);
}

/* Indexes beyond the declarations: none yet. */
int accident_schema(struct db *db)
{
	(void)db;
	return 0;
}
