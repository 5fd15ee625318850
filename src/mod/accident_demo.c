/*
 * accident_demo.c — the demo district's accidents (mod.h demo hook): built through
 * the same writes and actions as the API with the clock set to when each step
 * happened, so grades, flags, the timeline, the inbox and the calendar are those
 * of real use:
 *   - enterprise A (城投集团): last year's 高处坠落 (1 death, reported on time,
 *     investigated and closed, its corrective actions done and post-evaluated); a
 *     机械致害 some months ago reported 2½ hours late, with a 补报 and an overdue
 *     corrective action, still under investigation; two near misses;
 *   - enterprise B (精工金属): last year's 机械致害 (1 serious injury), closed; a near
 *     miss; its statistics of last year submitted on 12 January;
 *   - every other enterprise (A included) has not submitted last year's statistics:
 *     the calendar shows them overdue.
 * Only records of this module are made. Nothing happens when the demo enterprises
 * or accounts are missing.
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
#include "mod/accident.h"
#include "mod/accident_int.h"
#include "mod/mod.h"

static int64_t demo_org(struct ectx *c, const char *name)
{
	struct db_stmt *st = db_prepare(c->db, "SELECT org_id FROM enterprise WHERE name = ?");
	int64_t id = 0;

	if (st && db_bind_text(st, 1, name) == 0 && db_step(st) == DB_ROW)
		id = db_col_int64(st, 0);
	db_finalize(st);
	return id;
}

/* The clock at date d ("YYYY-MM-DD") hh:mm, in buf. */
static void at(char buf[64], const char *d, const char *hm)
{
	snprintf(buf, 64, "%.10s %s:00", d, hm);
	entity_clock = buf;
}

/* The date days before today into out. */
static void ago(int64_t today_days, int days, char out[32])
{
	time_date((time_t)((today_days - days) * 86400), out);
}

/* One report as c at its reporting time; returns the id or -1. */
static int64_t demo_report(struct ectx *c, int64_t org, const char *kind, const char *occ,
			   const char *rep, const char *place, const char *type, int deaths,
			   int serious, double loss, const char *title, const char *account,
			   const char *measures, struct verr *e)
{
	char clk[32];
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:f, s:s, s:s, s:s, s:s, s:s, s:I}",
			      "kind", kind, "occurred_at", occ, "place", place, "accident_type", type,
			      "deaths", deaths, "serious_injuries", serious, "direct_loss", loss,
			      "title", title, "account", account, "measures", measures,
			      "reporter", c->user->name, "reported_to", "青浦区应急管理局、青浦区国资委",
			      "org_id", (json_int_t)org);
	int64_t id;

	if (rep)
		json_object_set_new(o, "reported_at", json_string(rep));
	snprintf(clk, sizeof(clk), "%s", rep ? rep : occ);
	entity_clock = clk;
	id = entity_create_tx(c, &accident_def, o, e);
	entity_clock = NULL;
	json_decref(o);
	return id;
}

static int demo_act(struct ectx *c, const struct entity_def *d, int64_t id, const char *verb,
		    json_t *body, struct verr *e)
{
	int rc = wf_run_tx(c, d, id, verb, body, NULL, NULL, NULL, e);

	json_decref(body);
	return rc;
}

static int64_t demo_measure(struct ectx *c, int64_t acc, const char *measure, int64_t resp,
			    const char *deadline, struct verr *e)
{
	json_t *o = json_pack("{s:I, s:s, s:I, s:s}", "accident_id", (json_int_t)acc, "measure", measure,
			      "responsible_id", (json_int_t)resp, "deadline", deadline);
	int64_t id = entity_create_tx(c, &accident_action_def, o, e);

	json_decref(o);
	return id;
}

int accident_demo_build(struct ectx *sys)
{
	struct user mgr, pri, stf, mgr2, pri2;
	struct ectx cm, cp, cs, cm2, cp2;

	char today[11], d1[32], d2[32], d3[32], clk[64], occ[64], rep[64], last[16], s1[32];
	int64_t org_a, org_b, today_days, id, act, sid;
	int year, created, rc = -1;
	struct verr e;

	entity_today(today);
	if (date_parse(today, &today_days) != 0)
		return -1;
	org_a = demo_org(sys, "上海青浦城市建设投资集团有限公司");
	org_b = demo_org(sys, "上海青浦精工金属制品有限公司");
	if (!org_a || !org_b)
		return 0;	/* not the demo district */
	if (demo_user(sys, "manager", &mgr) || demo_user(sys, "principal", &pri) ||
	    demo_user(sys, "staff", &stf) || demo_user(sys, "manager2", &mgr2) ||
	    demo_user(sys, "principal2", &pri2))
		return 0;
	cm = (struct ectx){ .db = sys->db, .user = &mgr, .arena = sys->arena };
	cp = (struct ectx){ .db = sys->db, .user = &pri, .arena = sys->arena };
	cs = (struct ectx){ .db = sys->db, .user = &stf, .arena = sys->arena };
	cm2 = (struct ectx){ .db = sys->db, .user = &mgr2, .arena = sys->arena };
	cp2 = (struct ectx){ .db = sys->db, .user = &pri2, .arena = sys->arena };
	verr_init(&e, sys->arena);
	year = atoi(today) - 1;
	snprintf(last, sizeof(last), "%04d", year);
	if (db_begin(sys->db) != 0)
		return -1;

	/* A, last year: 高处坠落, 1 death, on time, closed, measures evaluated */
	snprintf(occ, sizeof(occ), "%s-08-14 10:20:00", last);
	snprintf(rep, sizeof(rep), "%s-08-14 10:55:00", last);
	id = demo_report(&cm, org_a, "accident", occ, rep, "公园路安置房项目3号楼外脚手架", "2025:10", 1, 0,
			 1860000, "公园路项目高处坠落事故",
			 "分包单位架子工在拆除外脚手架连墙件时未系挂安全带，自18米高处坠落，经抢救无效死亡",
			 "立即停止脚手架拆除作业，封闭现场，伤者送青浦区中心医院", &e);
	if (id < 0)
		goto out;
	snprintf(d1, sizeof(d1), "%s-08-15", last);
	at(clk, d1, "09:00");
	if (demo_act(&cp, &accident_def, id, "investigate",
		     json_pack("{s:s}", "investigation_team", "青浦区人民政府事故调查组"), &e) != 0)
		goto out;
	snprintf(d1, sizeof(d1), "%s-10-20", last);
	snprintf(d2, sizeof(d2), "%s-11-05", last);
	at(clk, d2, "15:00");
	if (demo_act(&cm, &accident_def, id, "conclude",
		     json_pack("{s:s, s:s, s:s, s:s, s:s}", "cause",
			       "直接原因：作业人员未系挂安全带；间接原因：分包单位安全交底流于形式，项目部旁站监护缺失",
			       "inv_report_date", d1, "reply_no", arena_printf(sys->arena, "青府办〔%s〕112号", last),
			       "reply_date", d2, "accountability",
			       "分包单位罚款并移出合格相关方名录；项目经理、安全员分别给予记过、警告处分"), &e) != 0)
		goto out;
	/* the measures are set at the conclusion (the clock still stands there) */
	snprintf(d1, sizeof(d1), "%s-11-30", last);
	act = demo_measure(&cm, id, "全部在建项目外脚手架拆除作业实行旁站监护和安全带挂点验收", stf.id, d1, &e);
	if (act < 0)
		goto out;
	snprintf(d2, sizeof(d2), "%s-11-25", last);
	at(clk, d2, "16:00");
	if (demo_act(&cs, &accident_action_def, act, "complete",
		     json_pack("{s:s}", "done_note", "8个在建项目均已落实旁站监护，挂点验收记录齐全"), &e) != 0)
		goto out;
	snprintf(d3, sizeof(d3), "%s-12-20", last);
	at(clk, d3, "10:00");
	if (demo_act(&cm, &accident_action_def, act, "evaluate",
		     json_pack("{s:s, s:s, s:s}", "eval_date", d3, "eval_result", "effective", "eval_note",
			       "抽查5个项目未发现未系安全带作业，措施有效"), &e) != 0)
		goto out;
	snprintf(d3, sizeof(d3), "%s-11-05", last);
	at(clk, d3, "15:30");
	act = demo_measure(&cm, id, "对分包单位开展高处作业专项培训考核", mgr.id, d1, &e);
	if (act < 0)
		goto out;
	at(clk, d2, "17:00");
	if (demo_act(&cm, &accident_action_def, act, "complete",
		     json_pack("{s:s}", "done_note", "培训126人次，考核合格率100%"), &e) != 0)
		goto out;
	entity_clock = NULL;

	/* A, 150 days ago: 机械致害, reported 2½ hours late, a 补报, still investigating */
	ago(today_days, 150, d1);
	snprintf(occ, sizeof(occ), "%s 07:40:00", d1);
	snprintf(rep, sizeof(rep), "%s 10:10:00", d1);
	id = demo_report(&cm, org_a, "accident", occ, rep, "城投物业维修车间", "2025:04", 0, 1, 85000,
			 "维修车间切割机机械伤害事故",
			 "维修工使用切割机时防护罩缺失，右手被砂轮片割伤，送医后诊断为重伤",
			 "停用同类切割机，组织设备专项检查", &e);
	if (id < 0)
		goto out;
	ago(today_days, 145, d2);
	at(clk, d2, "14:00");
	{
		json_t *u = json_pack("{s:I, s:s, s:i, s:s}", "accident_id", (json_int_t)id, "kind",
				      "supplement", "serious_injuries", 2, "content",
				      "在场协助的另一名员工被飞溅碎片击伤眼部，经诊断为重伤");
		int64_t uid = entity_create_tx(&cm, &accident_update_def, u, &e);
		json_decref(u);
		if (uid < 0)
			goto out;
	}
	ago(today_days, 140, d2);
	at(clk, d2, "09:00");
	if (demo_act(&cm, &accident_def, id, "investigate",
		     json_pack("{s:s}", "investigation_team", "集团安全生产事故调查组"), &e) != 0)
		goto out;
	entity_clock = NULL;
	ago(today_days, 140, d2);
	at(clk, d2, "11:00");
	ago(today_days, 20, d3);
	if (demo_measure(&cm, id, "全部切割机、砂轮机加装防护罩并纳入设备点检表", stf.id, d3, &e) < 0)
		goto out;
	entity_clock = NULL;

	/* A: two near misses */
	ago(today_days, 40, d1);
	snprintf(occ, sizeof(occ), "%s 15:30:00", d1);
	if (demo_report(&cm, org_a, "near_miss", occ, NULL, "燃气门站调压区", "2025:26", 0, 0, 0,
			"调压撬法兰微量泄漏（未遂）",
			"巡检发现调压撬出口法兰处微量泄漏，便携式检测仪报警后及时关阀处置",
			"关闭上游阀门，更换垫片，复测合格", &e) < 0)
		goto out;
	ago(today_days, 10, d1);
	snprintf(occ, sizeof(occ), "%s 09:15:00", d1);
	if (demo_report(&cm, org_a, "near_miss", occ, NULL, "公园路项目塔吊作业区", "2025:01", 0, 0, 0,
			"塔吊吊物坠落（未遂）", "塔吊吊运钢管时捆绑不牢，一根钢管滑落至警戒区内，无人员在场",
			"停止吊装作业，重新进行司索培训", &e) < 0)
		goto out;

	/* B, last year: 机械致害, closed; a near miss; last year's statistics submitted */
	snprintf(occ, sizeof(occ), "%s-03-05 14:10:00", last);
	snprintf(rep, sizeof(rep), "%s-03-05 14:45:00", last);
	id = demo_report(&cm2, org_b, "accident", occ, rep, "冲压车间2号冲床", "2025:04", 0, 1, 62000,
			 "冲压车间冲床压伤事故", "操作工在冲床光电保护失效的情况下伸手取件，左手被压伤",
			 "停机断电，修复光电保护装置", &e);
	if (id < 0)
		goto out;
	snprintf(d1, sizeof(d1), "%s-03-06", last);
	at(clk, d1, "09:00");
	if (demo_act(&cp2, &accident_def, id, "investigate",
		     json_pack("{s:s}", "investigation_team", "企业内部事故调查组"), &e) != 0)
		goto out;
	snprintf(d2, sizeof(d2), "%s-04-10", last);
	at(clk, d2, "10:00");
	if (demo_act(&cm2, &accident_def, id, "conclude",
		     json_pack("{s:s, s:s, s:s}", "cause", "光电保护装置失效未及时报修，员工违章伸手取件",
			       "inv_report_date", d2, "accountability", "车间主任扣发季度绩效，当班班长通报批评"),
		     &e) != 0)
		goto out;
	entity_clock = NULL;
	snprintf(occ, sizeof(occ), "%s-09-18 10:00:00", last);
	if (demo_report(&cm2, org_b, "near_miss", occ, NULL, "熔铸车间", "2025:08", 0, 0, 0,
			"中频炉铁水飞溅（未遂）", "加料时炉料潮湿导致铁水飞溅，作业人员按规定穿戴防护用品未受伤",
			"炉料烘干后方可加料，修订加料作业规程", &e) < 0)
		goto out;
	snprintf(s1, sizeof(s1), "%04d-01-12", year + 1);
	if (strcmp(today, s1) > 0) {
		at(clk, s1, "09:00");
		if (accident_stat_save(&cm2, org_b, year, &sid, &created, &e) != 0)
			goto out;
		at(clk, s1, "09:30");
		if (demo_act(&cm2, &accident_stat_def, sid, "submit", json_object(), &e) != 0)
			goto out;
	}
	entity_clock = NULL;
	rc = 0;
out:
	entity_clock = NULL;
	if (rc) {
		log_err("accident demo: %s %s", e.field ? e.field : "", e.message ? e.message : "");
		db_rollback(sys->db);
		return -1;
	}
	return db_commit(sys->db);
}
