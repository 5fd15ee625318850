/*
 * task_demo.c — the demo district's 任务清单: six key tasks of the seeds/003 annex
 * (区政府领导2023年安全生产重点工作任务清单, titles, leaders and units as the annex
 * has them) kept by the regulator as its 2026 list, with deadlines and progress
 * reports — one done, two under way, one overdue. Records of this module only.
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
	return 0;
}
