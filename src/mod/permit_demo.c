/*
 * permit_demo.c — the demo district's permits: for 城投集团 (the 004 item 15 list), 燃气
 * and the 危化 trading company (the GB 30871 list), a few permits in every state, times
 * relative to now, each driven through the workflow on the demo clock (so the guards
 * run: gas test within 30 min, certified guardian, validity), one of them past its
 * validity and still not closed. Only rows of this module are written. Among them: the
 * 危化 company's blind MB-03 on the feed line (堵盲板 closed last week, 抽盲板 applied
 * for now: one permit per blind and action, GB 30871-2022 7.11) and the welding
 * machine's temporary power serving 城投's 动火 permit, within its validity (10.8).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "mod/permit.h"
#include "mod/permit_int.h"
#include "mod/training.h"

enum end { E_DRAFT, E_BRIEFED, E_APPROVING, E_APPROVED, E_WORKING, E_PAUSED, E_CLOSED, E_CANCELLED };

struct demo_permit {
	const char *ent;	/* enterprise name */
	const char *kind, *title, *location;
	const char *extra;	/* JSON members of the kind (place, height, mass…) */
	int start_h;		/* start, hours from now (rounded to the hour) */
	int dur_h;
	enum end end;
	int contractor;		/* 1: contractor work */
	const char *serves;	/* 临时用电: the title of the permit it serves (listed before) */
};

#define ENT_A "上海青浦城市建设投资集团有限公司"
#define ENT_GAS "上海青浦燃气有限公司"
#define ENT_CHEM "上海青浦化工物资贸易有限公司"

/* 7.3 / Table A.3: the blind MB-03 on the feed line, its medium and the blind */
#define BLIND(action) "{\"blind_no\":\"MB-03\",\"blind_action\":\"" action "\",\"blind_pipe\":" \
	"\"装卸区进料管线DN100（P-101出口阀后）\",\"medium\":\"甲醇\",\"medium_lel\":5.5," \
	"\"blind_temp_c\":25,\"blind_pressure_mpa\":0.3,\"blind_material\":\"20#钢\"," \
	"\"blind_spec\":\"DN100 PN16 8字盲板（HG/T 21547）\"}"

static const struct demo_permit demo[] = {
	{ENT_A, "hot", "仓库废旧货架切割拆除", "城投大厦地下仓库", "{\"hot_place\":\"other\"}",
	 -72, 8, E_CLOSED, 1, NULL},
	{ENT_A, "hot", "锅炉房燃气管道法兰焊接", "城投大厦锅炉房", "{\"hot_place\":\"hazard_area\"}",
	 -2, 6, E_WORKING, 0, NULL},
	{ENT_A, "power", "锅炉房电焊机临时用电", "城投大厦锅炉房配电间", "{}", -2, 6, E_WORKING, 0,
	 "锅炉房燃气管道法兰焊接"},
	{ENT_A, "climbing", "办公楼外墙广告牌检修", "城投大厦东立面", "{\"height_m\":8}",
	 -216, 150, E_WORKING, 1, NULL},
	{ENT_A, "lifting", "钢结构雨棚构件吊装", "城投大厦南广场", "{\"lift_mass_t\":25}",
	 1, 8, E_APPROVED, 1, NULL},
	{ENT_A, "confined", "地下污水池清淤", "城投大厦地下二层污水池",
	 "{\"medium\":\"硫化氢、甲烷\",\"medium_lel\":5}", 2, 8, E_BRIEFED, 0, NULL},
	{ENT_A, "confined", "化粪池清掏", "城投大厦北侧化粪池",
	 "{\"medium\":\"硫化氢、甲烷\",\"medium_lel\":5}", -4, 8, E_PAUSED, 1, NULL},
	{ENT_A, "power", "展厅布展临时配电箱接线", "城投大厦一层展厅", "{}", 24, 168, E_DRAFT, 0, NULL},
	{ENT_A, "coating", "会议室墙面涂装", "城投大厦三楼会议室", "{}", -30, 8, E_CANCELLED, 0, NULL},
	{ENT_GAS, "confined", "调压站阀门井检修", "赵巷调压站1号阀门井",
	 "{\"medium\":\"天然气\",\"medium_lel\":5}", -50, 6, E_CLOSED, 0, NULL},
	{ENT_GAS, "power", "管网抢修临时用电", "盈港东路抢修点", "{}", -3, 72, E_WORKING, 1, NULL},
	{ENT_CHEM, "excavation", "仓库排水沟开挖", "危化品仓库北侧", "{}", 26, 8, E_APPROVING, 1, NULL},
	{ENT_CHEM, "height", "储罐顶部呼吸阀检修", "2号储罐罐顶", "{\"height_m\":18,\"hazard_factor\":true}",
	 -1, 24, E_WORKING, 0, NULL},
	{ENT_CHEM, "blind", "进料管线堵盲板", "装卸区进料管线DN100", BLIND("insert"), -120, 4, E_CLOSED, 0, NULL},
	{ENT_CHEM, "blind", "进料管线抽盲板", "装卸区进料管线DN100", BLIND("remove"), 3, 4, E_APPROVED, 0, NULL},
	{ENT_CHEM, "hot", "储罐区管线带压开孔", "罐区防火堤内", "{\"hot_place\":\"running\"}",
	 50, 8, E_DRAFT, 1, NULL},
};

static char clk[20];

static void at(time_t t)
{
	time_datetime(t, clk);
	entity_clock = clk;
}

static int64_t q1(struct db *db, const char *sql, const char *s, int64_t i)
{
	struct db_stmt *st = db_prepare(db, sql);
	int64_t v = 0;

	if (st && (s ? db_bind_text(st, 1, s) : db_bind_int64(st, 1, i)) == 0 && db_step(st) == DB_ROW)
		v = db_col_int64(st, 0);
	db_finalize(st);
	return v;
}

/* The first person of org of kind fit for duty on date. */
static int64_t person(struct db *db, int64_t org, const char *kind, const char *date, int64_t not)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM employee WHERE org_id = ? AND kind = ?"
				       " AND status = 'in_post' ORDER BY id");
	int64_t ids[32], found = 0;
	int n = 0;

	if (st && db_bind_int64(st, 1, org) == 0 && db_bind_text(st, 2, kind) == 0)
		while (n < 32 && db_step(st) == DB_ROW)
			ids[n++] = db_col_int64(st, 0);
	db_finalize(st);
	for (int i = 0; i < n && !found; i++)
		if (ids[i] != not && employee_fit_for_duty(db, ids[i], date, NULL) == 1)
			found = ids[i];
	return found;
}

static int act(struct ectx *c, int64_t id, const char *verb, json_t *body, struct verr *e)
{
	int rc = wf_run(c, &permit_def, id, verb, body, e);

	json_decref(body);
	if (rc != 0)
		log_err("permit demo: %s: %s", verb, e->message ? e->message : "");
	return rc;
}

static int gas(struct ectx *c, int64_t id, time_t t, const char *point, double comb, struct verr *e)
{
	char when[20];
	json_t *g;
	int64_t gid;

	time_datetime(t, when);
	g = json_pack("{s:I, s:s, s:s, s:f, s:f, s:s}", "permit_id", (json_int_t)id, "tested_at", when,
		      "point", point, "o2_pct", 20.8, "comb_pct", comb, "tester", "气体检测员 陈明");
	gid = entity_create(c, &permit_gas_def, g, e);
	json_decref(g);
	return gid < 0 ? -1 : 0;
}

int permit_demo_build(struct ectx *c)
{
	time_t now = now_utc(), base = now - now % 3600;
	struct verr e;
	int rc = -1;

	verr_init(&e, c->arena);
	for (size_t i = 0; i < sizeof(demo) / sizeof(demo[0]); i++) {
		const struct demo_permit *d = &demo[i];
		time_t start = base + (time_t)d->start_h * 3600, end = start + (time_t)d->dur_h * 3600;
		/* the paperwork of a future job is done by now */
		time_t pre = start < now ? start : now - 5 * 60;
		char from[20], to[20], today[11];
		int64_t org = q1(c->db, "SELECT org_id FROM enterprise WHERE name = ?", d->ent, 0);
		int64_t guardian, leader, contractor = 0, id;
		json_t *o, *x;

		if (org <= 0)
			continue;	/* a demo without this enterprise */
		time_date(start, today);
		guardian = person(c->db, org, "safety_manager", today, 0);
		leader = person(c->db, org, "special_worker", today, 0);
		if (!leader)
			leader = person(c->db, org, "employee", today, guardian);
		if (!guardian || !leader)
			continue;
		if (d->contractor)
			contractor = q1(c->db, "SELECT MIN(id) FROM contractor WHERE org_id = ?", NULL, org);
		time_datetime(start, from);
		time_datetime(end, to);
		at(pre - 4 * 3600);
		o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:s}", "title", d->title,
			      "kind", d->kind, "location", d->location, "applicant", "作业单位 孙建华",
			      "valid_from", from, "valid_to", to, "org_id", (json_int_t)org,
			      "guardian_id", (json_int_t)guardian, "leader_id", (json_int_t)leader,
			      "workers", "孙建华、钱志刚、李卫国");
		x = json_loads(d->extra, 0, NULL);
		if (!o || !x) {
			json_decref(o);
			json_decref(x);
			goto out;
		}
		json_object_update(o, x);
		json_decref(x);
		if (contractor)
			json_object_set_new(o, "contractor_id", json_integer(contractor));
		if (d->serves) {
			struct db_stmt *st = db_prepare(c->db, "SELECT id FROM work_permit WHERE org_id = ? AND title = ?");
			if (st && db_bind_int64(st, 1, org) == 0 && db_bind_text(st, 2, d->serves) == 0 &&
			    db_step(st) == DB_ROW)
				json_object_set_new(o, "served_permit_id", json_integer(db_col_int64(st, 0)));
			db_finalize(st);
		}
		id = entity_create(c, &permit_def, o, &e);
		json_decref(o);
		if (id < 0) {
			log_err("permit demo: %s: %s", d->title, e.message ? e.message : "");
			goto out;
		}
		if (d->end == E_DRAFT)
			continue;
		if (d->end == E_CANCELLED) {
			at(pre - 3 * 3600);
			if (act(c, id, "cancel", json_pack("{s:s}", "reason", "会议室临时启用，作业改期另行申请"), &e))
				goto out;
			continue;
		}
		at(pre - 3 * 3600);
		if (act(c, id, "brief", json_pack("{s:s, s:s, s:s}", "risk_analysis",
			"作业前辨识：火灾爆炸、中毒窒息、高处坠落、物体打击、触电等风险，逐项落实管控措施",
			"safety_measures", "隔离能量源并挂牌上锁；清理周边可燃物；配备灭火器材和防护用品；设置警戒区域；监护人全程在场",
			"briefed_by", "安全员 吴海涛"), &e))
			goto out;
		if (d->end == E_BRIEFED)
			continue;
		if (!strcmp(d->kind, "hot") || !strcmp(d->kind, "confined")) {
			if (gas(c, id, pre - 40 * 60, "作业点", 0.35, &e) ||
			    gas(c, id, pre - 15 * 60, "作业点", 0.05, &e))
				goto out;
		}
		{
			/* the chain's steps; APPROVING stops after three */
			int64_t n = 0;
			const char *chain;
			json_t *p = entity_get(c, &permit_def, id);
			chain = p ? row_str(p, "chain") : NULL;
			for (const char *s = chain; s && *s; s++)
				n += *s == ',';
			n = chain ? n + 1 : 0;
			json_decref(p);
			for (int64_t k = 0; k < n && !(d->end == E_APPROVING && k == 3); k++) {
				at(pre - 10 * 60 + (time_t)k * 60);
				if (act(c, id, "approve", json_pack("{s:s, s:s}", "approver",
					k ? "审批人 郑国强" : "审批人 冯立群", "opinion", "同意，落实各项安全措施"), &e))
					goto out;
			}
		}
		if (d->end == E_APPROVING || d->end == E_APPROVED)
			continue;
		at(start + 60);
		if (act(c, id, "start", json_pack("{s:b, s:s}", "guardian_present", 1, "guardian_confirmer",
						  "当班班长 周建国"), &e))
			goto out;
		if (d->end == E_WORKING)
			continue;
		if (d->end == E_PAUSED) {
			/* interrupted two hours ago: resuming needs a new gas test */
			at(now - 2 * 3600);
			if (act(c, id, "pause", json_pack("{s:s}", "reason", "作业人员轮换休息，人员撤出受限空间"), &e))
				goto out;
			continue;
		}
		at(end - 30 * 60);
		if (act(c, id, "close", json_pack("{s:s, s:s}", "acceptor", "安全管理部 王海燕", "close_note",
			"作业完毕，现场已清理，无遗留火种和隐患，设备设施恢复正常"), &e))
			goto out;
	}
	rc = 0;
out:
	entity_clock = NULL;
	return rc;
}
