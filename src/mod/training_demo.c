/*
 * training_demo.c — the demo district's people, training and 标准化 records
 * (training_demo_build, mod.h): for every demo enterprise a roster (principal,
 * safety manager, 特种作业人员, a new and an older employee), this year's plan and
 * sessions that fill some people's hours and leave others short, one failed exam,
 * certificates valid, expiring within 60 days and expired, the 标准化 certificate
 * and self-assessments of the graded enterprises, and PPE issues; the demo staff
 * account on its enterprise's roster with its post. Only records of this module's
 * own entities are made.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "mod/mod.h"
#include "mod/training.h"
#include "mod/training_int.h"
#include "rules/training.h"

/* Creates one row through the core (validation, hooks, audit); -1 on refusal. */
static int64_t mk(struct ectx *c, const char *entity, json_t *obj)
{
	struct verr e;
	int64_t id;

	verr_init(&e, c->arena);
	if (!obj)
		return -1;
	id = entity_create(c, entity_find(entity), obj, &e);
	if (id < 0)
		log_err("training demo: %s: %s %s", entity, e.field ? e.field : "",
			e.message ? e.message : "");
	json_decref(obj);
	return id;
}

static const char *const surnames[] = {
	"钱", "孙", "周", "吴", "郑", "冯", "陈", "褚", "卫", "蒋", "沈", "韩", "杨", "朱", "秦",
};
static const char *const given[] = {
	"建国", "志明", "海峰", "晓燕", "春华", "立新", "国平", "雪梅", "振宇", "佳怡", "德明",
	"永强", "丽娟", "文杰", "红英", "浩然",
};

static const char *name_of(struct arena *a, int k)
{
	return arena_printf(a, "%s%s", surnames[(k * 5 + 2) % 15], given[(k * 7 + 3) % 16]);
}

/* today - ago days, kept inside this year (the hours count by calendar year). */
static const char *day(struct arena *a, const char *today, int ago)
{
	char d[11];

	if (training_date_add_days(today, -ago, d) != 0 || strncmp(d, today, 4) != 0) {
		memcpy(d, today, 5);
		memcpy(d + 5, "01-02", 6);
		if (strcmp(d, today) > 0)
			memcpy(d, today, 11);
	}
	return arena_strdup(a, d);
}

static const char *days_from(struct arena *a, const char *today, int n)
{
	char d[11];

	if (training_date_add_days(today, n, d) != 0)
		return NULL;
	return arena_strdup(a, d);
}

static int attend(struct ectx *c, int64_t org, int64_t session, int64_t person, double score)
{
	json_t *o = json_pack("{s:I, s:I, s:I}", "org_id", (json_int_t)org,
			      "session_id", (json_int_t)session, "employee_id", (json_int_t)person);

	if (score >= 0)
		json_object_set_new(o, "score", json_real(score));
	return mk(c, "training_attendance", o) < 0 ? -1 : 0;
}

/* The records of enterprise i (index in id order) of org org. */
static int demo_enterprise(struct ectx *c, int i, int64_t org, const char *principal,
			   const char *director, const char *grade, int64_t file, const char *today)
{
	struct arena *a = c->arena;
	int64_t p[6], plan, s1, s2, s3 = 0;
	int year = atoi(today);
	static const char *const kinds[6] = {
		"principal", "safety_manager", "special_worker", "special_worker", "employee", "employee"
	};
	static const char *const posts[6] = {
		"总经理", "安全管理部经理", "电工", "电焊工", "操作工", "仓库管理员"
	};

	for (int k = 0; k < 6; k++) {
		const char *nm = k == 0 ? principal : k == 1 ? director : name_of(a, i * 6 + k);
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:b, s:s, s:s, s:s}",
			"org_id", (json_int_t)org, "name", nm, "kind", kinds[k], "post", posts[k],
			"new_employee", k == 4, "hire_date",
			k == 4 ? day(a, today, 40) : arena_printf(a, "%04d-03-01", year - 3 - k),
			"status", "in_post", "phone", arena_printf(a, "1391700%04d", (i * 6 + k) * 13 % 10000));
		if ((p[k] = mk(c, "employee", o)) < 0)
			return -1;
	}
	plan = mk(c, "training_plan", json_pack("{s:I, s:i, s:s, s:s, s:s, s:s, s:s}",
		"org_id", (json_int_t)org, "year", year,
		"title", arena_printf(a, "%d年度安全生产教育培训计划", year),
		"goals", "主要负责人和安全管理人员按规定学时完成再培训并考核合格；新员工100%完成三级安全教育；"
			 "特种作业人员100%持证上岗。",
		"content", "安全生产法律法规（一法一条例）；重大事故隐患判定标准；本企业风险清单和管控措施；"
			   "岗位安全操作规程；应急处置与自救互救。",
		"audience", "主要负责人、安全管理人员、特种作业人员、全体从业人员",
		"approved_on", day(a, today, 300)));
	if (plan < 0)
		return -1;
	/* 年度再培训 (12 h, exam): everyone but the principal of every second
	 * enterprise, who stays short; in 城投集团 one electrician fails */
	s1 = mk(c, "training_session", json_pack("{s:I, s:s, s:s, s:I, s:s, s:f, s:s, s:s, s:b, s:[I]}",
		"org_id", (json_int_t)org, "topic", "年度安全生产再培训", "category", "annual",
		"plan_id", (json_int_t)plan, "session_date", day(a, today, 90), "hours", 12.0,
		"trainer", "区安全生产协会 讲师", "location", "公司三楼会议室", "has_exam", 1,
		"sign_in", (json_int_t)file));
	if (s1 < 0)
		return -1;
	for (int k = 0; k < 6; k++) {
		if ((k == 0 && i % 2 == 1) || k == 4)
			continue;
		if (attend(c, org, s1, p[k], i == 0 && k == 2 ? 65 : 78 + (k * 3 + i) % 20) != 0)
			return -1;
	}
	/* 三级安全教育 for the new employee: complete (24 h) in two of three enterprises,
	 * 8 h so far in the others */
	s2 = mk(c, "training_session", json_pack("{s:I, s:s, s:s, s:I, s:s, s:f, s:s, s:b}",
		"org_id", (json_int_t)org, "topic", "新员工三级安全教育（厂级、车间级、班组级）",
		"category", "three_level", "plan_id", (json_int_t)plan,
		"session_date", day(a, today, 35), "hours", i % 3 == 2 ? 8.0 : 24.0,
		"trainer", director, "has_exam", 0));
	if (s2 < 0 || attend(c, org, s2, p[4], -1) != 0)
		return -1;
	/* 一法一条例 for the principal (seeds/001 任务5), in even enterprises: 8 h with
	 * an exam and 学时证明, on top of the annual retraining */
	if (i % 2 == 0) {
		s3 = mk(c, "training_session", json_pack("{s:I, s:s, s:s, s:I, s:s, s:f, s:s, s:b, s:b}",
			"org_id", (json_int_t)org, "topic", "主要负责人“一法一条例”安全培训",
			"category", "law", "plan_id", (json_int_t)plan, "session_date", day(a, today, 60),
			"hours", 8.0, "trainer", "区应急管理局 讲师", "has_exam", 1,
			"hours_certificate", 1));
		if (s3 < 0 || attend(c, org, s3, p[0], 92) != 0 || attend(c, org, s3, p[1], 88) != 0)
			return -1;
	}
	/* certificates: both welders and electricians hold a 特种作业操作证; in 城投集团
	 * the welder's review falls due within 60 days, in 精工金属 (index 6) the
	 * electrician's review has passed */
	for (int k = 2; k <= 3; k++) {
		int ago = 400;
		json_t *o;
		if (i == 0 && k == 3)
			ago = 3 * 365 - 30;
		else if (i == 6 && k == 2)
			ago = 3 * 365 + 20;
		o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:[I]}", "org_id", (json_int_t)org,
			"employee_id", (json_int_t)p[k], "kind", "special_op",
			"trade", k == 2 ? "电工作业 低压电工作业" : "焊接与热切割作业 熔化焊接与热切割作业",
			"number", arena_printf(a, "T31011819%02d%02d%04d", i, k, 1000 + i * 7 + k),
			"issuer", "上海市应急管理局", "issued_on", days_from(a, today, -ago),
			"files", (json_int_t)file);
		if (mk(c, "training_cert", o) < 0)
			return -1;
	}
	/* 合格证 of the principal and safety manager in the units of 安全生产法 第二十七条 */
	for (int k = 0; k <= 1; k++) {
		json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s}", "org_id", (json_int_t)org,
			"employee_id", (json_int_t)p[k], "kind", k ? "safety_manager" : "principal",
			"number", arena_printf(a, "HG31%02d%d%05d", i, k, 20000 + i * 11 + k),
			"issuer", "上海市应急管理局", "issued_on", days_from(a, today, -500),
			"expiry", days_from(a, today, 3 * 365 - 500));
		if (mk(c, "training_cert", o) < 0)
			return -1;
	}
	/* 标准化: the graded enterprises' certificate, last year's self-assessment, and
	 * this year's in every second one */
	if (grade && strcmp(grade, "none") != 0) {
		if (mk(c, "standard_grading", json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:[I]}",
			"org_id", (json_int_t)org, "grade", grade,
			"cert_no", arena_printf(a, "沪AQBJ%d%s%03d", year - 1, grade + 5, i + 1),
			"issuer", "上海市应急管理局", "graded_on", arena_printf(a, "%04d-06-30", year - 2),
			"expiry", arena_printf(a, "%04d-06-29", year + 1), "standard", "gbt33000_2016",
			"files", (json_int_t)file)) < 0)
			return -1;
		for (int y = year - 1; y <= year; y++) {
			if (y == year && i % 2 == 1)
				continue;
			if (mk(c, "standard_assessment", json_pack("{s:I, s:i, s:s, s:s, s:f, s:s, s:[I]}",
				"org_id", (json_int_t)org, "year", y,
				"assessed_on", y == year ? day(a, today, 20) : arena_printf(a, "%04d-11-20", y),
				"target_grade", grade, "score", 70.0 + (i * 7 + y) % 25,
				"problems", "部分岗位操作规程未及时修订；应急演练记录不完整。已列入整改计划。",
				"files", (json_int_t)file)) < 0)
				return -1;
		}
	}
	/* 劳动防护用品发放 */
	for (int k = 2; k < 6; k++)
		if (mk(c, "ppe_issue", json_pack("{s:I, s:I, s:s, s:s, s:s, s:i, s:b}",
			"org_id", (json_int_t)org, "employee_id", (json_int_t)p[k],
			"item", k == 3 ? "焊接防护面罩" : k == 2 ? "绝缘手套" : "安全帽",
			"standard", k == 3 ? "GB/T 3609.1-2008" : k == 2 ? "GB/T 17622-2008" : "GB 2811-2019",
			"issued_on", day(a, today, 100 + k), "quantity", k == 5 ? 1 : 2, "signed", k != 5)) < 0)
			return -1;
	return 0;
}

/* The demo staff account (徐晓东, an employee of 城投集团) on the roster with its post —
 * the first 岗位-level unit of its enterprise (配电值班员, from the risk demo) — so
 * that 我的岗位告知卡 (GET /api/risk/my-card) shows that post's risks. Skipped when
 * the account or the post is missing. */
static int demo_staff_post(struct ectx *c, const char *today)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT u.id, u.name, u.org_id, p.id, p.name FROM users u JOIN org o ON o.id = u.org_id"
		" JOIN org p ON p.kind = 'unit' AND p.unit_level = 'post'"
		" AND substr(p.path, 1, length(o.path)) = o.path"
		" WHERE u.username = 'staff' AND NOT EXISTS (SELECT 1 FROM org x WHERE x.kind = 'enterprise'"
		" AND x.id <> o.id AND substr(p.path, 1, length(x.path)) = x.path"
		" AND length(x.path) > length(o.path)) ORDER BY p.id LIMIT 1");
	json_t *o = NULL;
	int rc = -1;

	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == DB_ROW)
		o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:b, s:s, s:s, s:s}",
			"org_id", (json_int_t)db_col_int64(st, 2), "name", db_col_text(st, 1),
			"kind", "employee", "post", db_col_text(st, 4),
			"unit_id", (json_int_t)db_col_int64(st, 3), "user_id", (json_int_t)db_col_int64(st, 0),
			"new_employee", 0, "hire_date", arena_printf(c->arena, "%.4d-05-06", atoi(today) - 2),
			"status", "in_post", "phone", "13917005217");
	db_finalize(st);
	if (rc < 0)
		return -1;
	return !o || mk(c, "employee", o) > 0 ? 0 : -1;
}

int training_demo_build(struct ectx *c)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT e.org_id, e.principal_name, e.safety_director_name, e.standard_grade,"
		" (SELECT MIN(f.id) FROM file f WHERE f.org_id = e.org_id) FROM enterprise e ORDER BY e.id");
	struct { int64_t org, file; const char *principal, *director, *grade; } ents[64];
	char today[11];
	int n = 0, step, rc = -1;

	entity_today(today);
	if (!st)
		goto out;
	while (n < 64 && (step = db_step(st)) == DB_ROW) {
		ents[n].org = db_col_int64(st, 0);
		ents[n].principal = arena_strdup(c->arena, db_col_text(st, 1) ? db_col_text(st, 1) : "主要负责人");
		ents[n].director = arena_strdup(c->arena, db_col_text(st, 2) ? db_col_text(st, 2) : "安全员");
		ents[n].grade = db_col_text(st, 3) ? arena_strdup(c->arena, db_col_text(st, 3)) : NULL;
		ents[n].file = db_col_int64(st, 4);
		n++;
	}
	db_finalize(st);
	st = NULL;
	for (int i = 0; i < n; i++)
		if (demo_enterprise(c, i, ents[i].org, ents[i].principal, ents[i].director,
				    ents[i].grade, ents[i].file, today) != 0)
			goto out;
	if (demo_staff_post(c, today) != 0)
		goto out;
	rc = 0;
out:
	db_finalize(st);
	return rc;
}
