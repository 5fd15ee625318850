/*
 * task_demo.c — the demo district's 任务清单: six key tasks of the seeds/003 annex
 * (区政府领导2023年安全生产重点工作任务清单, titles, leaders and units as the annex
 * has them) kept by the regulator as its 2026 list, with deadlines and progress
 * reports — one done, two under way, one overdue. Each task is assigned to the
 * 成员单位 of the demo that its 责任单位 / 配合单位 name (task_assign_units); the
 * 区应急局 (demo account "department") reports on one of its assignments and has
 * a 督办 notice of the regulator to answer. Records of this module only.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "http/http.h"
#include "mod/mod.h"
#include "mod/task.h"

static const struct {
	int seq;
	const char *title, *leaders, *lead, *coop, *req, *deadline;
	int progress;	/* -1 none */
} demo_tasks[] = {
	{3, "落实安全生产巡查考核", "姜爱锋 蒋龙", "区应急局", "各有关成员单位",
	 "开展安全生产巡查和考核，压实各级安全生产责任。", "2026-12-31", 60},
	{9, "强化危险化学品源头管控", "姜爱锋 蒋 龙", "区应急局", "各街镇",
	 "严格危险化学品建设项目安全准入，加强重大危险源监管。", "2026-09-30", 100},
	{11, "巩固经营性自建房整治成果", "姜爱锋", "区建管委 区房管局", "各街镇",
	 "巩固经营性自建房安全隐患排查整治成果，建立长效管理机制。", "2026-10-31", 30},
	{12, "推进老化燃气管道更新改造", "姜爱锋", "区建管委", "各街镇",
	 "重点对2000年以前建设的市政燃气管道、庭院燃气管道进行全方位安全评估。", "2026-12-31", 45},
	{13, "强化消防安全综合治理", "姜爱锋", "区消防救援支队", "各街镇",
	 "深化大型商业综合体、老旧小区等重点场所消防安全治理。", "2026-12-31", -1},
	{18, "推进应急指挥体系建设", "姜爱锋 蒋 龙", "区应急局", "各街镇",
	 "健全区级应急指挥机制，完善应急预案体系。", "2026-11-30", -1},
};

/* The 区应急局's side: a progress report on its assignment of task 18 (by its
 * account) and the regulator's 督办 on its assignment of task 3, not yet answered. */
static int task_demo_department(struct ectx *c, struct ectx *reg)
{
	struct user dep;
	struct ectx dc;
	struct verr e;
	int64_t p[2] = { 18, 3 }, unit[2] = { 0, 0 };
	char today[11], later[11];
	int64_t z = 0;
	json_t *o;

	if (demo_user(c, "department", &dep) != 0)
		return 0;
	for (int k = 0; k < 2; k++) {
		struct db_stmt *st = db_prepare(c->db, "SELECT MIN(id) FROM task_unit WHERE seq = ? AND org_id = ?"
						" AND role = 'lead'");
		if (st && db_bind_int64(st, 1, p[k]) == 0 && db_bind_int64(st, 2, dep.org_id) == 0 &&
		    db_step(st) == DB_ROW && !db_col_isnull(st, 0))
			unit[k] = db_col_int64(st, 0);
		db_finalize(st);
	}
	dc = (struct ectx){ .db = c->db, .user = &dep, .arena = c->arena };
	verr_init(&e, c->arena);
	o = json_pack("{s:I, s:s, s:i, s:s}", "task_unit_id", (json_int_t)unit[0], "report_date", "2026-11-20",
		      "progress", 40, "content", "区级应急指挥平台完成方案论证，专项预案结构化已完成3项。");
	if (unit[0] && entity_create(&dc, entity_find("task_progress"), o, &e) <= 0) {
		json_decref(o);
		log_err("task demo: unit progress: %s", e.message ? e.message : "");
		return -1;
	}
	json_decref(o);
	entity_today(today);
	if (date_parse(today, &z) != 0)
		return -1;
	time_date((time_t)((z + 10) * 86400), later);
	o = json_pack("{s:I, s:s, s:s}", "task_unit_id", (json_int_t)unit[1], "reply_deadline", later,
		      "content", "请于回复期限前报送安全生产巡查考核迎检准备情况及存在问题。");
	if (unit[1] && entity_create(reg, entity_find("task_notice"), o, &e) <= 0) {
		json_decref(o);
		log_err("task demo: notice: %s", e.message ? e.message : "");
		return -1;
	}
	json_decref(o);
	return 0;
}

int task_demo_build(struct ectx *c)
{
	struct db_stmt *st = db_prepare(c->db, "SELECT id, org_id, username FROM users WHERE role = 'regulator'"
					" ORDER BY id LIMIT 1");
	struct user reg;
	struct ectx rc;
	struct verr e;
	int s;

	memset(&reg, 0, sizeof(reg));
	if (!st)
		return -1;
	s = db_step(st);
	if (s == DB_ROW) {
		reg.id = db_col_int64(st, 0);
		reg.org_id = db_col_int64(st, 1);
		reg.username = arena_strdup(c->arena, db_col_text(st, 2));
		reg.role = ROLE_REGULATOR;
	}
	db_finalize(st);
	if (s != DB_ROW)
		return 0;
	rc = (struct ectx){ .db = c->db, .user = &reg, .arena = c->arena };
	for (size_t i = 0; i < ARRAY_SIZE(demo_tasks); i++) {
		json_t *o = json_pack("{s:s, s:i, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i}",
				      "list_name", "2026年度安全生产重点工作任务清单", "year", 2026,
				      "seq", demo_tasks[i].seq, "title", demo_tasks[i].title,
				      "leaders", demo_tasks[i].leaders, "lead_units", demo_tasks[i].lead,
				      "coop_units", demo_tasks[i].coop, "requirements", demo_tasks[i].req,
				      "deadline", demo_tasks[i].deadline, "status", "not_started", "progress", 0);
		int64_t id;

		verr_init(&e, c->arena);
		id = entity_create(&rc, entity_find("task"), o, &e);
		json_decref(o);
		if (id <= 0) {
			log_err("task demo: %s", e.message ? e.message : "");
			return -1;
		}
		{	/* the assignments to the demo's 成员单位 */
			json_t *u = json_pack("{s:s, s:s}", "lead_units", demo_tasks[i].lead,
					      "coop_units", demo_tasks[i].coop);
			int n = 0;

			if (db_begin(c->db) != 0) {
				json_decref(u);
				return -1;
			}
			if (task_assign_units(&rc, id, u, &n, &e) != 0 || db_commit(c->db) != 0) {
				db_rollback(c->db);
				json_decref(u);
				log_err("task demo: assign: %s", e.message ? e.message : "");
				return -1;
			}
			json_decref(u);
		}
		if (demo_tasks[i].progress >= 0) {
			json_t *p = json_pack("{s:I, s:s, s:i, s:s}", "task_id", (json_int_t)id,
					      "report_date", "2026-11-15", "progress", demo_tasks[i].progress,
					      "content", demo_tasks[i].progress >= 100 ? "任务已全部完成，资料已归档。"
					      : "按节点推进，本月完成阶段目标。");
			if (entity_create(&rc, entity_find("task_progress"), p, &e) <= 0) {
				json_decref(p);
				log_err("task demo: progress: %s", e.message ? e.message : "");
				return -1;
			}
			json_decref(p);
		}
	}
	return task_demo_department(c, &rc);
}
