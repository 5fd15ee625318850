/*
 * campaign_demo.c — the demo district's 专项行动 of this year (campaign.h): the
 * regulator launches 百日攻坚 and 六个一 from their templates for every supervised
 * enterprise; self-check items are linked to the 25条 inspections the inspect demo
 * already finished (nothing of theirs is changed); enterprise A (manager) has
 * items done on time, one late, one returned, one awaiting review and the rest
 * missing; enterprise B (manager2) a few on time. Records of this module only
 * ; an action dated after today is left undone.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "http/http.h"
#include "mod/campaign.h"
#include "mod/mod.h"

/* The task of item number seq of campaign cmp for the enterprise of user u. */
static int64_t task_of(struct ectx *c, int64_t cmp, int seq, const struct user *u)
{
	int64_t p[3] = { cmp, seq, org_enterprise_of(c->db, u->org_id) }, id = 0;

	if (db_query_int64v(c->db, "SELECT id FROM campaign_task WHERE campaign_id = ? AND item_seq = ?"
			    " AND org_id = ?", p, 3, &id, 0) != 0)
		return -1;
	return id;
}

/* Runs verb on task id as u at day due + delta 10:00 (not after today) with body. */
static int act(struct ectx *c, struct user *u, int64_t id, const char *verb, const char *due,
	       int delta, json_t *body)
{
	struct ectx uc = { .db = c->db, .user = u, .arena = c->arena };
	struct verr e;
	int64_t d;
	char day[11], today[11], at[20];
	int rc;

	entity_today(today);
	if (id <= 0 || date_parse(due, &d) != 0) {
		json_decref(body);
		return id < 0 ? -1 : 0;
	}
	time_date((time_t)((d + delta) * 86400), day);
	if (strcmp(day, today) > 0) {
		json_decref(body);
		return 0;
	}
	snprintf(at, sizeof(at), "%s 10:00:00", day);
	if (json_object_get(body, "activity_date"))	/* the activity took place that day */
		json_object_set_new(body, "activity_date", json_string(day));
	entity_clock = at;
	verr_init(&e, c->arena);
	rc = wf_run(&uc, &campaign_task_def, id, verb, body, &e);
	entity_clock = NULL;
	if (rc != 0)
		log_err("campaign demo: %s %" PRId64 ": %s", verb, id, e.message ? e.message : "");
	json_decref(body);
	return rc;
}

static const char *task_due(struct ectx *c, int64_t id)
{
	struct db_stmt *st = db_prepare(c->db, "SELECT due_date FROM campaign_task WHERE id = ?");
	const char *r = NULL;

	if (st && db_bind_int64(st, 1, id) == 0 && db_step(st) == DB_ROW)
		r = arena_strdup(c->arena, db_col_text(st, 0));
	db_finalize(st);
	return r;
}

/* seq-th item of campaign cmp of the enterprise of owner, done by u: verb with body at its due + delta. */
#define ACT(u, cmp, seq, verb, delta, body) do { \
	int64_t t_ = task_of(c, cmp, seq, owner); \
	if (t_ > 0 && act(c, u, t_, verb, task_due(c, t_), delta, body) != 0) \
		goto fail; \
} while (0)

int campaign_demo_build(struct ectx *c)
{
	struct user reg, mgr, mgr2, *owner;
	struct ectx rc;
	struct verr e;
	char today[11];
	int64_t bd, so;
	int n = 0;

	if (demo_user(c, "regulator", &reg) != 0 || demo_user(c, "manager", &mgr) != 0 ||
	    demo_user(c, "manager2", &mgr2) != 0)
		return 0;	/* no accounts: no campaigns */
	entity_today(today);
	rc = (struct ectx){ .db = c->db, .user = &reg, .arena = c->arena };
	verr_init(&e, c->arena);
	if (db_begin(c->db) != 0)
		return -1;
	if ((bd = campaign_from_template_tx(&rc, "baiday", atoi(today), 0, &e)) <= 0 ||
	    campaign_launch_tx(&rc, bd, &n, &e) != 0 ||
	    (so = campaign_from_template_tx(&rc, "six_one", atoi(today), 0, &e)) <= 0 ||
	    campaign_launch_tx(&rc, so, &n, &e) != 0 ||
	    campaign_sync_tx(c, bd, &n, &e) != 0) {
		log_err("campaign demo: %s", e.message ? e.message : "");
		db_rollback(c->db);
		return -1;
	}
	if (db_commit(c->db) != 0)
		return -1;

	/* 百日攻坚 — A: 宣讲 on time and accepted, 公示 five days late, the summary
	 * returned; B: 宣讲 on time, awaiting review */
	owner = &mgr;
	ACT(&mgr, bd, 1, "submit", -3, json_pack("{s:s}", "content", "6月27日召开六大责任25条宣讲会，主要负责人参加并讲话。"));
	ACT(&reg, bd, 1, "accept", -1, json_pack("{s:s}", "note", "材料齐全"));
	ACT(&mgr, bd, 3, "submit", 5, json_pack("{s:s}", "content", "自查自改清单已在厂区大门公示栏张贴。"));
	ACT(&reg, bd, 3, "accept", 6, json_pack("{s:s}", "note", "已公示，逾期提交"));
	ACT(&mgr, bd, 4, "submit", -2, json_pack("{s:s}", "content", "百日攻坚工作总结（初稿）。"));
	ACT(&reg, bd, 4, "return", -1, json_pack("{s:s}", "reason",
		"总结未列明排查整治阶段问题整改情况，请补充后重报"));
	owner = &mgr2;
	ACT(&mgr2, bd, 1, "submit", -5, json_pack("{s:s}", "content", "6月25日组织六大责任25条宣讲，主要负责人参加。"));

	/* 六个一 — A: 一学 on time and accepted (一拍 missing), 8月交流 on time, 9月交流
	 * late, 一讲 awaiting review, the rest missing; B: 一学 on time */
	owner = &mgr;
	ACT(&mgr, so, 1, "submit", -60, json_pack("{s:s, s:I, s:s}", "activity_date",
		"day", "attendance", (json_int_t)9, "content",
		"班子成员集体参加区领导干部安全生产专题培训班，并开展学习体会讨论。"));
	ACT(&reg, so, 1, "accept", -50, json_pack("{s:s}", "note", "同意"));
	ACT(&mgr, so, 3, "submit", -3, json_pack("{s:s, s:s, s:s}", "theme",
		"有限空间作业安全", "activity_date", "day", "content",
		"技术管理团队与一线班组交流有限空间作业审批与监护做法。"));
	ACT(&mgr, so, 4, "submit", 4, json_pack("{s:s, s:s, s:s}", "theme", "汛期防台防汛",
		"activity_date", "day", "content", "各部门交流防汛物资和值班安排。"));
	ACT(&mgr, so, 7, "submit", -20, json_pack("{s:s, s:s, s:s}", "theme",
		"落实安全生产第一责任人责任", "activity_date", "day", "content",
		"主要负责人以大讲堂形式授课，听课62人。"));
	owner = &mgr2;
	ACT(&mgr2, so, 1, "submit", -30, json_pack("{s:s, s:I}", "activity_date", "day",
		"attendance", (json_int_t)5));
	return 0;
fail:
	return -1;
}
