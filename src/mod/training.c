/*
 * training.c — 教育培训 (issue 9 "Training and certificates"; seeds/000 §三(三),
 * seeds/004 第9项, 001 任务5–6; DOMAIN.md §12):
 *
 *   employee             从业人员 roster: the enterprise's people (unit, post, kind —
 *                        主要负责人 / 安全生产管理人员 / 特种作业人员 / 从业人员 —, new
 *                        employee, in post or left, optional user account); the server
 *                        keeps the hours they owe this year and the certificate
 *                        their kind requires (rules/training.c), and shows from the
 *                        records this year's hours, short of hours and 不得上岗;
 *   training_plan        the annual training plan (goals, content, audience);
 *   training_session     a training held (topic, trainer, hours, date, exam, photos,
 *                        sign-in sheet), optionally of a plan; the documents' named
 *                        trainings are made from a plan (POST
 *                        /api/training/plan/:id/generate);
 *   training_attendance  who attended, with exam score; passed is derived;
 *   training_cert        certificates (特种作业操作证, 主要负责人 / 安全管理人员 合格证,
 *                        注册安全工程师) with the date to act on and its 60-day warning;
 *   training_setting     the configured figures DOMAIN.md marks ⚠️.
 *
 * Hours are never written per person: the per-person record (培训档案) is the
 * attendance list and the person's virtual fields, and the list of people short of
 * hours is a declared view (/api/training/short) over the same expressions.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "entity/obligation.h"
#include "http/http.h"
#include "mod/mod.h"
#include "mod/training.h"
#include "mod/training_int.h"
#include "rules/training.h"

/* ------------------------------------------------------------------ options */

static const struct enum_opt kind_opts[] = {
	{"principal", "主要负责人"},
	{"safety_manager", "安全生产管理人员"},
	{"special_worker", "特种作业人员"},
	{"employee", "从业人员"},
	{NULL, NULL}
};

static const struct enum_opt status_opts[] = {
	{"in_post", "在岗"},
	{"left", "离岗"},
	{NULL, NULL}
};

static const struct enum_opt cert_opts[] = {
	{"special_op", "特种作业操作证"},
	{"principal", "主要负责人安全生产知识和管理能力考核合格证"},
	{"safety_manager", "安全生产管理人员安全生产知识和管理能力考核合格证"},
	{"engineer", "注册安全工程师执业证"},
	{NULL, NULL}
};

static const struct enum_opt category_opts[] = {
	{"law", "一法一条例专题培训"},
	{"major_hazard", "重大事故隐患判定标准培训"},
	{"three_level", "三级安全教育"},
	{"annual", "年度再培训"},
	{"special_op", "特种作业培训"},
	{"post_skill", "岗位安全技能培训"},
	{"risk", "风险辨识与管控培训"},
	{"emergency", "应急处置培训"},
	{"other", "其他"},
	{NULL, NULL}
};

static const struct enum_opt validity_opts[] = {
	{"valid", "有效"},
	{"expiring", "即将到期"},
	{"expired", "已过期"},
	{NULL, NULL}
};

static const struct enum_opt setting_key_opts[] = {
	{"employee_annual_general", "一般行业从业人员年度再培训学时"},
	{"standard_level1", "标准化一级达标分数线"},
	{"standard_level2", "标准化二级达标分数线"},
	{"standard_level3", "标准化三级达标分数线"},
	{NULL, NULL}
};

/* ------------------------------------------------------------- declarations */

static int employee_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int employee_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				 const json_t *old, struct verr *e);
static int plan_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e);
static int session_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int session_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				const json_t *old, struct verr *e);
static int attendance_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				   const json_t *old, struct verr *e);
static int session_after_write(struct ectx *c, enum entity_action a, int64_t id,
			       const json_t *before, const json_t *after, struct verr *e);
static int cert_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int cert_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e);

static const struct field_def employee_fields[] = {
	{.name = "name", .label = "姓名", .type = FT_TEXT, .max_len = 50,
	 .flags = F_REQUIRED | F_SEARCH | F_SORT | F_LIST, .group = "基本信息"},
	{.name = "not_on_duty", .label = "不得上岗", .type = FT_BOOL, .flags = F_LIST | F_FILTER,
	 .group = "培训", .help = "seeds/004 第9项：培训考核不合格或未取得规定资格的人员不得上岗作业",
	 .expr = "CASE WHEN " TR_SQL_NOT_ON_DUTY("{today}") " THEN 1 ELSE 0 END"},
	{.name = "unit_id", .label = "所在部门/车间/班组", .type = FT_REF, .ref = "org",
	 .flags = F_FILTER | F_LIST, .group = "基本信息",
	 .help = "本企业内部的部门、车间、班组或岗位；关联账号的员工按此查看本岗位风险告知卡"},
	{.name = "post", .label = "岗位", .type = FT_TEXT, .max_len = 100,
	 .flags = F_SEARCH | F_LIST, .group = "基本信息", .help = "如：电工、叉车司机、安全员"},
	{.name = "kind", .label = "人员类别", .type = FT_ENUM, .opts = kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .group = "基本信息",
	 .help = "决定应修学时（原安监总局令第3号第九条、第十三条）和须持证件"},
	{.name = "new_employee", .label = "新上岗", .type = FT_BOOL, .flags = F_FILTER | F_LIST,
	 .group = "基本信息", .help = "本年度新上岗（新任）人员按初次培训学时要求"},
	{.name = "hire_date", .label = "上岗日期", .type = FT_DATE, .flags = F_LIST | F_SORT | F_RANGE,
	 .group = "基本信息"},
	{.name = "phone", .label = "联系电话", .type = FT_PHONE, .group = "基本信息"},
	{.name = "user_id", .label = "关联账号", .type = FT_REF, .ref = "user", .group = "基本信息",
	 .help = "该人员登录本平台的账号（可选）"},
	{.name = "status", .label = "在岗状态", .type = FT_ENUM, .opts = status_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .group = "基本信息"},
	{.name = "required_hours", .label = "本年应修学时", .type = FT_REAL,
	 .flags = F_READONLY | F_LIST, .group = "培训",
	 .help = "按人员类别、是否新上岗和企业行业计算（原安监总局令第3号第九条、第十三条）"},
	{.name = "required_cert", .label = "须持证件", .type = FT_ENUM, .opts = cert_opts,
	 .flags = F_READONLY | F_FILTER, .group = "培训",
	 .help = "安全生产法第二十七条、第三十条"},
	{.name = "hours_year", .label = "本年已修学时", .type = FT_REAL, .flags = F_LIST,
	 .group = "培训", .expr = TR_SQL_HOURS("{today}")},
	{.name = "hours_short", .label = "学时不足", .type = FT_BOOL, .flags = F_LIST | F_FILTER,
	 .group = "培训", .expr = "CASE WHEN " TR_SQL_SHORT("{today}") " THEN 1 ELSE 0 END"},
	{.name = "training_failed", .label = "培训考核不合格", .type = FT_BOOL, .group = "培训",
	 .expr = "CASE WHEN " TR_SQL_FAILED " THEN 1 ELSE 0 END"},
	{.name = "cert_missing", .label = "缺少有效证件", .type = FT_BOOL, .group = "培训",
	 .expr = "CASE WHEN " TR_SQL_NOCERT("{today}") " THEN 1 ELSE 0 END"},
};

static const char *const employee_indexes[] = { "status, name", NULL };

static const struct entity_def employee_def = {
	.name = "employee", .table = "employee", .label = "从业人员",
	.fields = employee_fields, .nfields = ARRAY_SIZE(employee_fields),
	.write_roles = TR_WRITERS, .display_field = "name", .default_sort = "id",
	.indexes = employee_indexes,
	.default_filter = "status", .default_filter_value = "in_post",
	.validate = employee_validate, .before_write = employee_before_write,
};

static const struct field_def plan_fields[] = {
	{.name = "year", .label = "年度", .type = FT_INT, .min = 2000, .max = 2100,
	 .flags = F_REQUIRED | F_FILTER | F_SORT | F_LIST},
	{.name = "title", .label = "计划名称", .type = FT_TEXT,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST, .help = "如：2026年度安全生产教育培训计划"},
	{.name = "goals", .label = "培训目标", .type = FT_LONGTEXT, .flags = F_REQUIRED},
	{.name = "content", .label = "培训内容", .type = FT_LONGTEXT, .flags = F_REQUIRED,
	 .help = "结合生产工艺、危险管控、风险清单和管控措施（seeds/004 第9项、第22项）"},
	{.name = "audience", .label = "培训对象", .type = FT_TEXT, .max_len = 500,
	 .flags = F_REQUIRED | F_LIST, .help = "如：主要负责人、安全管理人员、全体员工"},
	{.name = "approved_on", .label = "批准日期", .type = FT_DATE, .flags = F_LIST},
	{.name = "files", .label = "计划文件", .type = FT_FILES},
	{.name = "session_count", .label = "已开展培训", .type = FT_INT, .flags = F_LIST,
	 .expr = "(SELECT COUNT(*) FROM training_session s WHERE s.plan_id = t.id)"},
};

static const struct entity_def plan_def = {
	.name = "training_plan", .table = "training_plan", .label = "年度培训计划",
	.fields = plan_fields, .nfields = ARRAY_SIZE(plan_fields),
	.write_roles = TR_WRITERS, .display_field = "title", .default_sort = "-year",
	.before_write = plan_before_write,
};

static const struct field_def session_fields[] = {
	{.name = "topic", .label = "培训主题", .type = FT_TEXT,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "category", .label = "培训类别", .type = FT_ENUM, .opts = category_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "plan_id", .label = "所属年度计划", .type = FT_REF, .ref = "training_plan",
	 .flags = F_FILTER},
	{.name = "session_date", .label = "培训日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_LIST | F_SORT | F_RANGE},
	{.name = "hours", .label = "学时", .type = FT_REAL, .min = 0.5, .max = 200,
	 .flags = F_REQUIRED | F_LIST, .help = "每名合格参训人员计入的学时"},
	{.name = "trainer", .label = "授课人", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "location", .label = "培训地点", .type = FT_TEXT, .max_len = 200},
	{.name = "content", .label = "培训内容", .type = FT_LONGTEXT},
	{.name = "has_exam", .label = "组织考试", .type = FT_BOOL, .flags = F_LIST | F_FILTER,
	 .help = "组织考试的，每名参训人员须登记成绩，不合格者不计学时并标记不得上岗"},
	{.name = "pass_mark", .label = "合格分数线", .type = FT_REAL, .min = 0, .max = 100,
	 .help = "百分制，默认80分（平台默认，可修改）"},
	{.name = "hours_certificate", .label = "颁发学时证明", .type = FT_BOOL,
	 .help = "一法一条例培训：严格组织考核，颁发培训学时证明（seeds/001 任务5）"},
	{.name = "photos", .label = "培训照片", .type = FT_FILES},
	{.name = "sign_in", .label = "签到表", .type = FT_FILES},
	{.name = "attendee_count", .label = "参训人数", .type = FT_INT, .flags = F_LIST,
	 .expr = "(SELECT COUNT(*) FROM training_attendance a WHERE a.session_id = t.id)"},
	{.name = "failed_count", .label = "不合格人数", .type = FT_INT, .flags = F_LIST,
	 .expr = "(SELECT COUNT(*) FROM training_attendance a WHERE a.session_id = t.id"
		 " AND a.passed = 0)"},
};

static const char *const session_indexes[] = { "plan_id, session_date", NULL };

static const struct entity_def session_def = {
	.name = "training_session", .table = "training_session", .label = "培训记录",
	.fields = session_fields, .nfields = ARRAY_SIZE(session_fields),
	.write_roles = TR_WRITERS, .display_field = "topic", .default_sort = "-session_date",
	.indexes = session_indexes,
	.validate = session_validate, .before_write = session_before_write,
	.after_write = session_after_write,
};

static const struct field_def attendance_fields[] = {
	{.name = "session_id", .label = "培训", .type = FT_REF, .ref = "training_session",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "employee_id", .label = "参训人员", .type = FT_REF, .ref = "employee",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "score", .label = "考试成绩", .type = FT_REAL, .min = 0, .max = 100,
	 .flags = F_LIST, .help = "组织考试的培训必填（百分制）"},
	{.name = "passed", .label = "考核合格", .type = FT_BOOL,
	 .flags = F_READONLY | F_LIST | F_FILTER,
	 .help = "由成绩和合格分数线判定；未组织考试的培训参训即合格"},
	{.name = "note", .label = "备注", .type = FT_TEXT, .max_len = 200},
	{.name = "session_date", .label = "培训日期", .type = FT_DATE, .flags = F_LIST,
	 .expr = "(SELECT s.session_date FROM training_session s WHERE s.id = t.session_id)"},
	{.name = "hours", .label = "学时", .type = FT_REAL, .flags = F_LIST,
	 .expr = "(SELECT s.hours FROM training_session s WHERE s.id = t.session_id)"},
	{.name = "credited_hours", .label = "计入学时", .type = FT_REAL, .flags = F_LIST,
	 .expr = "CASE WHEN t.passed = 1 THEN (SELECT s.hours FROM training_session s"
		 " WHERE s.id = t.session_id) ELSE 0 END"},
};

static const char *const attendance_indexes[] = { "employee_id, session_id", NULL };

static const struct entity_def attendance_def = {
	.name = "training_attendance", .table = "training_attendance", .label = "参训记录",
	.fields = attendance_fields, .nfields = ARRAY_SIZE(attendance_fields),
	.write_roles = TR_WRITERS, .default_sort = "id", .indexes = attendance_indexes,
	.before_write = attendance_before_write,
};

static const struct field_def cert_fields[] = {
	{.name = "employee_id", .label = "持证人", .type = FT_REF, .ref = "employee",
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "kind", .label = "证件类型", .type = FT_ENUM, .opts = cert_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "trade", .label = "作业类别/操作项目", .type = FT_TEXT, .max_len = 100,
	 .flags = F_LIST | F_SEARCH, .help = "特种作业操作证填写，如：电工作业 低压电工作业"},
	{.name = "number", .label = "证件编号", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "issuer", .label = "发证机关", .type = FT_TEXT, .max_len = 100, .flags = F_LIST},
	{.name = "issued_on", .label = "发证日期", .type = FT_DATE, .flags = F_REQUIRED | F_LIST},
	{.name = "expiry", .label = "有效期至", .type = FT_DATE, .flags = F_LIST | F_SORT | F_RANGE,
	 .help = "特种作业操作证不填时按发证日期起6年（原安监总局令第30号第十九条）"},
	{.name = "last_review", .label = "最近复审日期", .type = FT_DATE},
	{.name = "long_interval", .label = "延长复审周期", .type = FT_BOOL,
	 .help = "连续从事本工种10年以上、经发证机关同意每6年复审一次（第二十一条）"},
	{.name = "next_review", .label = "下次复审日期", .type = FT_DATE, .flags = F_LIST,
	 .help = "特种作业操作证不填时按发证或最近复审日期起3年（第二十一条）"},
	{.name = "files", .label = "证件扫描件", .type = FT_FILES},
	{.name = "due_date", .label = "到期（复审）日", .type = FT_DATE,
	 .flags = F_READONLY | F_LIST | F_SORT | F_RANGE,
	 .help = "有效期与复审日期中较早者"},
	{.name = "warn_from", .label = "提醒起始日", .type = FT_DATE, .flags = F_READONLY | F_HIDDEN,
	 .help = "到期前60日（第二十二条：期满前60日内申请复审）"},
	{.name = "validity", .label = "证件状态", .type = FT_ENUM, .opts = validity_opts,
	 .flags = F_LIST,
	 .expr = "CASE WHEN " TR_SQL_CERT_EXPIRED("{today}") " THEN 'expired' WHEN "
		 TR_SQL_CERT_EXPIRING("{today}") " THEN 'expiring' ELSE 'valid' END"},
	{.name = "expiring", .label = "60天内到期", .type = FT_BOOL, .flags = F_FILTER,
	 .expr = "CASE WHEN " TR_SQL_CERT_EXPIRING("{today}") " THEN 1 ELSE 0 END"},
	{.name = "expired", .label = "已过期", .type = FT_BOOL, .flags = F_FILTER,
	 .expr = "CASE WHEN " TR_SQL_CERT_EXPIRED("{today}") " THEN 1 ELSE 0 END"},
};

static const char *const cert_indexes[] = { "employee_id, kind", "due_date", NULL };

static const struct entity_def cert_def = {
	.name = "training_cert", .table = "training_cert", .label = "人员证书",
	.fields = cert_fields, .nfields = ARRAY_SIZE(cert_fields),
	.write_roles = TR_WRITERS, .display_field = "number", .default_sort = "due_date",
	.indexes = cert_indexes,
	.validate = cert_validate, .before_write = cert_before_write,
};

static const struct field_def setting_fields[] = {
	{.name = "key", .label = "配置项", .type = FT_ENUM, .opts = setting_key_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "industry", .label = "适用高危行业类别", .type = FT_TEXT, .max_len = 50,
	 .flags = F_LIST, .help = "留空适用所有行业；填写企业高危行业类别代码（如 hazardous_chemicals）则仅适用该行业"},
	{.name = "value", .label = "数值", .type = FT_REAL, .min = 0, .max = 1000,
	 .flags = F_REQUIRED | F_LIST},
	{.name = "source", .label = "依据", .type = FT_TEXT, .max_len = 500, .flags = F_LIST},
};

static const struct entity_def setting_def = {
	.name = "training_setting", .table = "training_setting", .label = "培训与标准化配置",
	.fields = setting_fields, .nfields = ARRAY_SIZE(setting_fields),
	.flags = E_NO_ORG, .scope_column = NULL,
	.write_roles = RB(ROLE_ADMIN), .display_field = "key", .default_sort = "id",
};

/* ------------------------------------------------------------------ helpers */

int tr_org_check(struct ectx *c, json_t *obj, const char *unit_field, struct verr *e)
{
	int64_t org = row_int(obj, "org_id"), ent;

	if (!org && c->user)
		org = c->user->org_id;
	ent = org ? org_enterprise_of(c->db, org) : 0;
	if (ent < 0) {
		verr_set(e, 500, "internal", "服务器内部错误");
		return -1;
	}
	if (!ent) {
		verr_add(e, "org_id", "请选择所属企业");
		return -1;
	}
	if (ent != org && unit_field && !row_int(obj, unit_field))
		json_object_set_new(obj, unit_field, json_integer(org));
	json_object_set_new(obj, "org_id", json_integer(ent));
	return 0;
}

int tr_employee_of(struct db *db, int64_t id, int64_t org)
{
	int64_t n = 0;
	int64_t p[2] = { id, org };

	if (db_query_int64v(db, "SELECT COUNT(*) FROM employee WHERE id = ? AND org_id = ?",
			    p, 2, &n, 0) != 0)
		return -1;
	return n > 0;
}

double tr_setting(struct db *db, const char *key, const char *industry, double dflt)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT value FROM training_setting WHERE key = ? AND (industry IS NULL"
		" OR industry = '' OR industry = ?) ORDER BY CASE WHEN industry = ? THEN 0"
		" ELSE 1 END, id LIMIT 1");
	double v = dflt;

	if (st && db_bind_text(st, 1, key) == 0 && db_bind_text(st, 2, industry ? industry : "") == 0 &&
	    db_bind_text(st, 3, industry ? industry : "") == 0 && db_step(st) == DB_ROW &&
	    !db_col_isnull(st, 0))
		v = db_col_double(st, 0);
	db_finalize(st);
	return v;
}

int tr_enterprise_industry(struct ectx *c, int64_t org, const char **high_risk,
			   const char **division)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT high_risk, industry_division FROM enterprise WHERE org_id = ?");
	int rc = -1, step;

	*high_risk = *division = NULL;
	if (!st || db_bind_int64(st, 1, org) != 0)
		goto out;
	step = db_step(st);
	if (step == DB_ROW) {
		const char *h = db_col_text(st, 0), *d = db_col_text(st, 1);
		*high_risk = h ? arena_strdup(c->arena, h) : NULL;
		*division = d ? arena_strdup(c->arena, d) : NULL;
	} else if (step != DB_DONE) {
		goto out;
	}
	rc = 0;
out:
	db_finalize(st);
	return rc;
}

/* Sets obj's required_hours and required_cert from its kind, new flag and the
 * enterprise's industry (rules/training.c). */
static int employee_requirements(struct ectx *c, json_t *obj)
{
	const char *hr, *div;
	enum tr_person p = training_person_parse(row_str(obj, "kind"));
	struct training_config cfg;
	enum tr_cert rc;
	double h;

	if (p == TRP_NONE)
		return 0;
	if (tr_enterprise_industry(c, row_int(obj, "org_id"), &hr, &div) != 0)
		return -1;
	cfg.employee_annual_general = tr_setting(c->db, "employee_annual_general", hr,
						 TRAINING_EMPLOYEE_ANNUAL_DEFAULT);
	h = training_required_year(p, row_bool(obj, "new_employee"),
				   training_hours_high_risk(hr, div), &cfg);
	rc = training_required_cert(p, training_cert_high_risk(hr, div));
	json_object_set_new(obj, "required_hours", json_real(h < 0 ? 0 : h));
	json_object_set_new(obj, "required_cert", rc == TRC_NONE ? json_null()
			    : json_string(training_cert_code(rc)));
	return 0;
}

/* ----------------------------------------------------------------- employee */

/* The unit lies in the person's enterprise; a linked account is one of its people. */
static int employee_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	int64_t org = row_int(obj, "org_id"), ent = org ? org_enterprise_of(c->db, org) : 0;
	int64_t unit = row_int(obj, "unit_id"), user = row_int(obj, "user_id");
	int r;

	if (ent <= 0)
		return 0;	/* before_write names the enterprise */
	if (unit && unit != ent && (r = org_unit_in(c->db, unit, ent)) != 1) {
		if (r < 0)
			return -1;
		verr_add(e, "unit_id", "所在部门须为本企业的内部单位");
	}
	if (user && (r = org_user_of_enterprise(c->db, user, ent)) != 1) {
		if (r < 0)
			return -1;
		verr_add(e, "user_id", "关联账号须为本企业的账号");
	}
	return 0;
}

static int employee_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				 const json_t *old, struct verr *e)
{
	if (a == EA_DELETE) {
		int64_t n = 0;
		int64_t p[2] = { row_int(old, "id"), row_int(old, "id") };
		if (db_query_int64v(c->db, "SELECT (SELECT COUNT(*) FROM training_attendance WHERE"
				    " employee_id = ?) + (SELECT COUNT(*) FROM training_cert WHERE"
				    " employee_id = ?)", p, 2, &n, 0) != 0) {
			verr_set(e, 500, "internal", "服务器内部错误");
			return -1;
		}
		if (n) {
			verr_set(e, 409, "conflict", "该人员已有培训或证书记录，请将其设为离岗而不是删除");
			return -1;
		}
		return 0;
	}
	if (tr_org_check(c, obj, "unit_id", e) != 0)
		return -1;
	if (row_int(obj, "unit_id") == row_int(obj, "org_id"))
		json_object_set_new(obj, "unit_id", json_null());
	if (employee_requirements(c, obj) != 0) {
		verr_set(e, 500, "internal", "服务器内部错误");
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------- plan, session */

static int plan_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e)
{
	if (a == EA_DELETE) {
		int64_t n = 0;
		if (db_query_int64p(c->db, "SELECT COUNT(*) FROM training_session WHERE plan_id = ?",
				    row_int(old, "id"), &n, 0) != 0) {
			verr_set(e, 500, "internal", "服务器内部错误");
			return -1;
		}
		if (n) {
			verr_set(e, 409, "conflict", "该计划下已有培训记录，不能删除");
			return -1;
		}
		return 0;
	}
	return tr_org_check(c, obj, NULL, e);
}

/* A session of a plan lies in the plan's year and enterprise. */
static int session_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	int64_t plan = row_int(obj, "plan_id");
	const char *d = row_str(obj, "session_date");
	struct db_stmt *st;
	int rc = 0;

	if (!plan)
		return 0;
	st = db_prepare(c->db, "SELECT year, org_id FROM training_plan WHERE id = ?");
	if (!st || db_bind_int64(st, 1, plan) != 0 || db_step(st) != DB_ROW) {
		db_finalize(st);
		return -1;
	}
	if (d && atoi(d) != (int)db_col_int64(st, 0))
		verr_add(e, "session_date", "培训日期须在所属年度计划的年度内");
	if (row_int(obj, "org_id") && org_enterprise_of(c->db, row_int(obj, "org_id")) !=
	    db_col_int64(st, 1))
		verr_add(e, "plan_id", "所属年度计划须为本企业的计划");
	db_finalize(st);
	return rc;
}

static int session_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				const json_t *old, struct verr *e)
{
	if (a == EA_DELETE) {
		int64_t n = 0;
		if (db_query_int64p(c->db, "SELECT COUNT(*) FROM training_attendance WHERE session_id = ?",
				    row_int(old, "id"), &n, 0) != 0) {
			verr_set(e, 500, "internal", "服务器内部错误");
			return -1;
		}
		if (n) {
			verr_set(e, 409, "conflict", "该培训已有参训记录，请先移除参训人员");
			return -1;
		}
		return 0;
	}
	if (!json_is_number(json_object_get(obj, "pass_mark")))
		json_object_set_new(obj, "pass_mark", json_real(TRAINING_PASS_MARK_DEFAULT));
	return tr_org_check(c, obj, NULL, e);
}

/* passed of one attendance from its score and its session: an exam's score against
 * the pass mark, present = passed without an exam. 0 ok, -1 with e filled. */
static int attendance_judge(struct ectx *c, json_t *obj, struct verr *e)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT has_exam, pass_mark, org_id FROM training_session WHERE id = ?");
	const json_t *score = json_object_get(obj, "score");
	int rc = -1, exam;
	double mark;
	int64_t org;

	if (!st || db_bind_int64(st, 1, row_int(obj, "session_id")) != 0 || db_step(st) != DB_ROW) {
		verr_set(e, 500, "internal", "服务器内部错误");
		goto out;
	}
	exam = (int)db_col_int64(st, 0);
	mark = db_col_isnull(st, 1) ? 0 : db_col_double(st, 1);
	org = db_col_int64(st, 2);
	json_object_set_new(obj, "org_id", json_integer(org));
	switch (tr_employee_of(c->db, row_int(obj, "employee_id"), org)) {
	case 1:
		break;
	case 0:
		verr_add(e, "employee_id", "参训人员须为举办培训企业的从业人员");
		goto out;
	default:
		verr_set(e, 500, "internal", "服务器内部错误");
		goto out;
	}
	if (exam && !json_is_number(score)) {
		verr_add(e, "score", "本次培训组织了考试，须填写考试成绩");
		goto out;
	}
	json_object_set_new(obj, "passed", json_boolean(!json_is_number(score) ||
			    training_passed(json_number_value(score), mark)));
	rc = 0;
out:
	db_finalize(st);
	return rc;
}

static int attendance_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				   const json_t *old, struct verr *e)
{
	int64_t n = 0;
	int64_t p[3];

	if (a == EA_DELETE)
		return 0;
	if (attendance_judge(c, obj, e) != 0)
		return -1;
	p[0] = row_int(obj, "session_id");
	p[1] = row_int(obj, "employee_id");
	p[2] = old ? row_int(old, "id") : 0;
	if (db_query_int64v(c->db, "SELECT COUNT(*) FROM training_attendance WHERE session_id = ?"
			    " AND employee_id = ? AND id <> ?", p, 3, &n, 0) != 0) {
		verr_set(e, 500, "internal", "服务器内部错误");
		return -1;
	}
	if (n) {
		verr_add(e, "employee_id", "该人员已在本次培训的参训名单中");
		return -1;
	}
	return 0;
}

/* A session whose exam or pass mark changed judges its attendance again (the same
 * rule as a new attendance), inside the same write; passed is derived from the
 * session's audited change, so the rows' own writes are not audited again. */
static int session_after_write(struct ectx *c, enum entity_action a, int64_t id,
			       const json_t *before, const json_t *after, struct verr *e)
{
	int64_t last = 0;

	if (a != EA_UPDATE)
		return 0;
	if (row_bool(before, "has_exam") == row_bool(after, "has_exam") &&
	    json_equal(json_object_get(before, "pass_mark"), json_object_get(after, "pass_mark")))
		return 0;
	for (;;) {
		int64_t ids[128];
		int n = 0, step = DB_DONE;
		struct db_stmt *st = db_prepare(c->db, "SELECT id FROM training_attendance"
						" WHERE session_id = ? AND id > ? ORDER BY id LIMIT 128");

		if (!st || db_bind_int64(st, 1, id) != 0 || db_bind_int64(st, 2, last) != 0) {
			db_finalize(st);
			goto fail;
		}
		while (n < (int)ARRAY_SIZE(ids) && (step = db_step(st)) == DB_ROW)
			ids[n++] = db_col_int64(st, 0);
		db_finalize(st);
		if (step != DB_DONE && step != DB_ROW)
			goto fail;
		if (n == 0)
			return 0;
		for (int i = 0; i < n; i++) {
			json_t *row = entity_get(&(struct ectx){ .db = c->db, .arena = c->arena },
						 &attendance_def, ids[i]);
			json_t *set;
			int rc;

			if (!row)
				goto fail;
			struct verr je;

			verr_init(&je, c->arena);
			if (attendance_judge(c, row, &je) != 0) {
				json_decref(row);
				if (je.status == 400)
					verr_set(e, 409, "conflict", "改为组织考试前，须先为每名参训人员登记成绩");
				else
					verr_set(e, 500, "internal", "服务器内部错误");
				return -1;
			}
			set = json_pack("{s:O}", "passed", json_object_get(row, "passed"));
			rc = entity_set_tx(c, &attendance_def, ids[i], NULL, set, NULL, e);
			json_decref(set);
			json_decref(row);
			if (rc < 0)
				return -1;
		}
		last = ids[n - 1];
	}
fail:
	verr_set(e, 500, "internal", "服务器内部错误");
	return -1;
}

/* ------------------------------------------------------------- certificates */

static int cert_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *is = row_str(obj, "issued_on"), *ex = row_str(obj, "expiry");

	if (is && ex && strcmp(ex, is) < 0)
		verr_add(e, "expiry", "有效期至不能早于发证日期");
	return 0;
}

/* Fills the statutory defaults of a 特种作业操作证 (令第30号 第十九条, 第二十一条) and
 * keeps due_date / warn_from (第二十二条). */
static int cert_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e)
{
	enum tr_cert k;
	char buf[11], due[11], warn[11];
	int64_t org = 0;
	int rc;

	if (a == EA_DELETE)
		return 0;
	k = training_cert_parse(row_str(obj, "kind"));
	if (db_query_int64p(c->db, "SELECT org_id FROM employee WHERE id = ?",
			    row_int(obj, "employee_id"), &org, 0) != 0) {
		verr_set(e, 500, "internal", "服务器内部错误");
		return -1;
	}
	json_object_set_new(obj, "org_id", json_integer(org));
	if (k == TRC_SPECIAL_OP && row_str(obj, "issued_on")) {
		const char *from = row_str(obj, "last_review") ? row_str(obj, "last_review")
							      : row_str(obj, "issued_on");
		if (!row_str(obj, "expiry") &&
		    training_cert_default_expiry(k, row_str(obj, "issued_on"), buf) == 0)
			json_object_set_new(obj, "expiry", json_string(buf));
		if ((!row_str(obj, "next_review") ||
		     (old && !json_equal(json_object_get(obj, "last_review"),
					 json_object_get(old, "last_review")))) &&
		    training_cert_next_review(k, from, row_bool(obj, "long_interval"), buf) == 0)
			json_object_set_new(obj, "next_review", json_string(buf));
	}
	rc = training_cert_due(row_str(obj, "expiry"), row_str(obj, "next_review"), due, warn);
	json_object_set_new(obj, "due_date", rc == 0 ? json_string(due) : json_null());
	json_object_set_new(obj, "warn_from", rc == 0 ? json_string(warn) : json_null());
	return 0;
}

/* ---------------------------------------------------------------- questions */

int employee_cert_valid(struct db *db, int64_t employee_id, const char *kind, const char *date)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT COUNT(*) FROM training_cert WHERE employee_id = ? AND kind = ?"
		" AND (due_date IS NULL OR due_date >= ?)");
	int rc = -1;

	if (st && db_bind_int64(st, 1, employee_id) == 0 && db_bind_text(st, 2, kind) == 0 &&
	    db_bind_text(st, 3, date) == 0 && db_step(st) == DB_ROW)
		rc = db_col_int64(st, 0) > 0;
	db_finalize(st);
	return rc;
}

int employee_fit_for_duty(struct db *db, int64_t employee_id, const char *date,
			  const char **reason)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT t.status, t.required_cert, CASE WHEN " TR_SQL_FAILED
		" THEN 1 ELSE 0 END FROM employee t WHERE t.id = ?");
	const char *why = NULL;
	int rc = -1, step;

	if (!st || db_bind_int64(st, 1, employee_id) != 0)
		goto out;
	step = db_step(st);
	if (step == DB_DONE) {
		why = "人员不存在";
		rc = 0;
		goto out;
	}
	if (step != DB_ROW)
		goto out;
	if (!db_col_text(st, 0) || strcmp(db_col_text(st, 0), "in_post") != 0) {
		why = "人员已离岗";
		rc = 0;
	} else if (db_col_int64(st, 2)) {
		why = "安全生产教育培训考核不合格";
		rc = 0;
	} else if (db_col_text(st, 1)) {
		int v = employee_cert_valid(db, employee_id, db_col_text(st, 1), date);
		if (v < 0)
			goto out;
		rc = v;
		if (!v)
			why = "未持有有效的规定证件";
	} else {
		rc = 1;
	}
out:
	db_finalize(st);
	if (reason)
		*reason = why;
	return rc;
}

/* ------------------------------------------------------------------- views */

static const struct field_def short_cols[] = {
	{.name = "id", .label = "编号", .type = FT_INT, .expr = "t.id", .flags = F_SORT},
	{.name = "name", .label = "姓名", .type = FT_TEXT, .expr = "t.name",
	 .flags = F_LIST | F_SEARCH | F_SORT},
	{.name = "org_id", .label = "企业编号", .type = FT_INT, .expr = "t.org_id"},
	{.name = "enterprise_name", .label = "企业", .type = FT_TEXT, .expr = "o.name",
	 .flags = F_LIST | F_SEARCH},
	{.name = "unit_name", .label = "部门", .type = FT_TEXT, .expr = "u.name", .flags = F_LIST},
	{.name = "post", .label = "岗位", .type = FT_TEXT, .expr = "t.post", .flags = F_LIST},
	{.name = "kind", .label = "人员类别", .type = FT_ENUM, .opts = kind_opts, .expr = "t.kind",
	 .flags = F_LIST | F_FILTER},
	{.name = "new_employee", .label = "新上岗", .type = FT_BOOL, .expr = "t.new_employee",
	 .flags = F_LIST | F_FILTER},
	{.name = "required_hours", .label = "本年应修学时", .type = FT_REAL,
	 .expr = "t.required_hours", .flags = F_LIST | F_SORT},
	{.name = "hours", .label = "本年已修学时", .type = FT_REAL,
	 .expr = TR_SQL_HOURS("{today}"), .flags = F_LIST},
	{.name = "missing", .label = "尚缺学时", .type = FT_REAL,
	 .expr = "t.required_hours - " TR_SQL_HOURS("{today}"), .flags = F_LIST},
};

static const struct view_def short_view = {
	.path = "/api/training/short", .label = "学时不足人员清单",
	.from = "employee t JOIN org o ON o.id = t.org_id LEFT JOIN org u ON u.id = t.unit_id",
	.where = TR_SQL_SHORT("{today}"), .scope_col = "t.org_id",
	.cols = short_cols, .ncols = ARRAY_SIZE(short_cols),
	.default_sort = "name", .default_size = 20,
};

/* ------------------------------------------------ 从计划生成培训 (named trainings) */

/* The documents' named trainings (seeds/001 任务5, 任务6), created from a plan. */
struct named_training {
	const char *code, *topic, *category, *content;
	double hours;
	int exam, certificate;
};
static const struct named_training named_trainings[] = {
	{"law", "主要负责人“一法一条例”安全培训", "law",
	 "《安全生产法》《上海市安全生产条例》；主要负责人安全生产法定职责（安全生产法第二十一条）。"
	 "严格组织考核，颁发培训学时证明（seeds/001 任务5）。", 8, 1, 1},
	{"major_hazard", "重大事故隐患判定标准专题学习培训", "major_hazard",
	 "重大事故隐患判定标准；规范事故隐患排查工作流程，提升排查整改质量（seeds/001 任务6）。",
	 4, 1, 0},
	{NULL, NULL, NULL, NULL, 0, 0, 0}
};

/* POST /api/training/plan/:id/generate {"training": "law"|"major_hazard",
 * "session_date", "trainer", "hours"?} — a session of the plan with the named
 * training's topic, category, content, exam and 学时证明; 201 with the session. */
static int tr_h_generate(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	int64_t plan = req_param_id(r, 0), id;
	const char *code = json_string_value(json_object_get(r->json, "training"));
	const struct named_training *n = NULL;
	json_t *row, *obj, *v;
	struct verr err;

	verr_init(&err, &r->arena);
	row = plan ? entity_get(&c, &plan_def, plan) : NULL;
	if (!row)
		return http_not_found(s);
	for (int i = 0; code && named_trainings[i].code; i++)
		if (strcmp(code, named_trainings[i].code) == 0)
			n = &named_trainings[i];
	if (!n) {
		json_decref(row);
		return http_error(s, 400, "validation", "请选择要生成的培训（一法一条例或重大事故隐患判定标准）",
				  "training");
	}
	obj = json_pack("{s:s, s:s, s:I, s:f, s:b, s:b, s:s, s:I}", "topic", n->topic,
			"category", n->category, "plan_id", (json_int_t)plan, "hours", n->hours,
			"has_exam", n->exam, "hours_certificate", n->certificate,
			"content", n->content, "org_id", (json_int_t)row_int(row, "org_id"));
	json_decref(row);
	for (const char *const *k = (const char *const[]){ "session_date", "trainer", "hours",
							   "location", NULL }; *k; k++)
		if ((v = json_object_get(r->json, *k)) && !json_is_null(v))
			json_object_set(obj, *k, v);
	id = entity_create(&c, &session_def, obj, &err);
	json_decref(obj);
	if (id < 0)
		return verr_send(&err, s);
	return entity_send(&c, &session_def, id, 201, s);
}

static const struct route training_routes[] = {
	{HTTP_POST, "/api/training/plan/:id/generate", tr_h_generate, ROUTE_JSON, TR_WRITERS},
};

/* ----------------------------------------------------------------- duties */

/* A certificate is renewed or reviewed by its date (特种作业操作证: 令第30号 第二十二条,
 * apply within 60 days before; the other kinds as printed, the same warning). */
static const struct obligation_def cert_due_duty = {
	.code = "training_cert_due", .label = "人员证书到期（复审）", .module = "training",
	.source = "原安监总局令第30号 第十九条、第二十一条、第二十二条（期满前60日内申请复审）；"
		  "安全生产法 第二十七条、第三十条",
	.period = OB_EVENT, .warn_days = TRAINING_CERT_WARN_DAYS,
	.proof_entity = "training_cert", .record_when = "t.due_date IS NOT NULL",
	.record_due = "t.due_date",
	.record_title = "(SELECT p.name FROM employee p WHERE p.id = t.employee_id) || ' ' || t.number",
	.form = "/training/cert",
};

const struct obligation_def *const training_duties[] = {
	&cert_due_duty, &training_std_assessment_duty, NULL
};

/* ------------------------------------------------------------------- hooks */

int training_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w)
{
	if (home_notice_count(c, w, org, today,
			      "SELECT COUNT(*) FROM employee t WHERE" HOME_ORG " AND "
			      TR_SQL_SHORT("?"), "training_short", "本年培训学时不足人员", "warning",
			      "/training/short") != 0 ||
	    home_notice_count(c, w, org, today,
			      "SELECT COUNT(*) FROM employee t WHERE" HOME_ORG " AND "
			      TR_SQL_NOT_ON_DUTY("?"), "not_on_duty", "不得上岗人员", "danger",
			      "/training/employee?not_on_duty=true") != 0 ||
	    home_notice_count(c, w, org, today,
			      "SELECT COUNT(*) FROM training_cert t WHERE" HOME_ORG " AND "
			      TR_SQL_CERT_EXPIRED("?"), "cert_expired", "人员证书已过期", "danger",
			      "/training/cert?expired=true") != 0)
		return -1;
	return home_notice_count(c, w, org, today,
				 "SELECT COUNT(*) FROM training_cert t WHERE" HOME_ORG
				 " AND t.due_date IS NOT NULL AND ? BETWEEN t.warn_from AND t.due_date",
				 "cert_expiring", "人员证书60天内到期", "warning",
				 "/training/cert?expiring=true");
}

/* Shipped configuration: the ⚠️ figures with their defaults (inserted only when
 * absent, so an administrator's values stay). */
int training_schema(struct db *db)
{
	static const struct { const char *key; double v; const char *src; } rows[] = {
		{"employee_annual_general", TRAINING_EMPLOYEE_ANNUAL_DEFAULT,
		 "平台默认：国务院安委会2012年安全培训决定（非高危行业每年不少于8学时，二手资料，待核实）"},
		{"standard_level1", 90, "平台默认：各行业定级标准不同（DOMAIN.md §11 待核实）"},
		{"standard_level2", 75, "平台默认：各行业定级标准不同（DOMAIN.md §11 待核实）"},
		{"standard_level3", 60, "平台默认：各行业定级标准不同（DOMAIN.md §11 待核实）"},
	};
	char now[20];

	entity_now(now);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct db_stmt *st = db_prepare(db,
			"INSERT INTO training_setting (key, industry, value, source, created_at, updated_at)"
			" SELECT ?, NULL, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM training_setting"
			" WHERE key = ? AND (industry IS NULL OR industry = ''))");
		int rc = !st || db_bind_text(st, 1, rows[i].key) || db_bind_double(st, 2, rows[i].v) ||
			 db_bind_text(st, 3, rows[i].src) || db_bind_text(st, 4, now) ||
			 db_bind_text(st, 5, now) || db_bind_text(st, 6, rows[i].key) || db_step(st) < 0;
		db_finalize(st);
		if (rc) {
			log_err("training schema: %s", db_errmsg(db));
			return -1;
		}
	}
	return 0;
}

/* anjian check: every person's required hours and certificate again (the
 * enterprise's industry or the configuration may have changed since). */
int training_recompute(struct db *db)
{
	struct arena a;
	struct ectx c;
	struct db_stmt *st = db_prepare(db, "SELECT id, org_id, kind, new_employee FROM employee ORDER BY id");
	int rc = -1, step;

	arena_init(&a);
	c = (struct ectx){ .db = db, .arena = &a };
	if (!st)
		goto out;
	while ((step = db_step(st)) == DB_ROW) {
		json_t *o = json_pack("{s:I, s:s?, s:b}", "org_id", (json_int_t)db_col_int64(st, 1),
				      "kind", db_col_text(st, 2), "new_employee",
				      (int)db_col_int64(st, 3));
		struct db_stmt *up;
		int bad;

		if (!o || employee_requirements(&c, o) != 0) {
			json_decref(o);
			goto out;
		}
		up = db_prepare(db, "UPDATE employee SET required_hours = ?, required_cert = ? WHERE id = ?");
		bad = !up || entity_bind(up, 1, json_object_get(o, "required_hours")) ||
		      entity_bind(up, 2, json_object_get(o, "required_cert")) ||
		      db_bind_int64(up, 3, db_col_int64(st, 0)) || db_step(up) < 0;
		db_finalize(up);
		json_decref(o);
		if (bad)
			goto out;
	}
	rc = step == DB_DONE ? 0 : -1;
out:
	if (rc)
		log_err("training recompute: %s", db_errmsg(db));
	db_finalize(st);
	arena_release(&a);
	return rc;
}

void training_init(void)
{
	entity_register(&employee_def);
	entity_register(&plan_def);
	entity_register(&session_def);
	entity_register(&attendance_def);
	entity_register(&cert_def);
	entity_register(&setting_def);
	training_std_init();
	view_register(&short_view);
	router_add(training_routes, ARRAY_SIZE(training_routes));
	entity_perm_register("training_plan:generate", TR_WRITERS);
}
