/*
 * hazard_demo.c — the demo district's hazards (hazard_demo_build, mod.h): 20–40
 * realistic hazards across enterprise A's group and enterprise B, in every state of
 * the closed loop — some overdue, a late closure, a rejection, a pending extension,
 * major hazards under 挂牌督办 with a complete 双报告 — made through the same actions
 * the API runs (hazard_int.h), so the aggregates and timelines are what real use
 * would leave.
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
#include "http/http.h"
#include "mod/hazard.h"
#include "mod/hazard_criteria.h"
#include "mod/hazard_int.h"
#include "mod/mod.h"
#include "rules/hazard.h"

/* 1 if a and b are both NULL or equal strings. */
static int demo_str_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* ------------------------------------------------------------------- demo */

/* The demo's hazards. ent: 0 = 城投集团 (A), 1 = 城投建设, 2 = 青浦燃气, 3 = 城投物业
 * (A's subsidiaries), 4 = 精工金属 (B). end: the state reached. ago: days before
 * today it was found; plan: days from finding to the deadline; late: closed after
 * the deadline. */
enum hz_demo_end { D_REG, D_DISMISS, D_RECT, D_PEND, D_CLOSED, D_REJECTED, D_SUPER };
struct hz_demo {
	int ent;
	const char *title, *location, *source, *level, *category, *criterion;
	int ago, plan;
	enum hz_demo_end end;
	int late;
};

static const struct hz_demo hz_demo_rows[] = {
	{0, "配电室灭火器压力不足", "总部大楼地下一层配电室", "self_check", "general", "thing", NULL, 5, 0, D_REG, 0},
	{0, "消防通道堆放杂物", "总部大楼三楼东侧消防通道", "employee_report", "general", "management", NULL, 2, 0, D_REG, 0},
	{0, "员工反映食堂地面湿滑", "职工食堂", "employee_report", "general", "environment", NULL, 9, 0, D_DISMISS, 0},
	{0, "应急照明灯具损坏两处", "总部大楼二楼走廊", "inspection", "general", "thing", NULL, 20, 15, D_RECT, 0},
	{0, "安全生产责任制未按年度修订", "安全管理部", "self_check", "general", "management", NULL, 40, 20, D_RECT, 0},
	{0, "电梯机房门未上锁", "总部大楼顶层电梯机房", "inspection", "general", "management", NULL, 25, 30, D_PEND, 0},
	{0, "安全出口指示标志缺失", "总部大楼一楼大厅", "self_check", "general", "thing", NULL, 70, 14, D_CLOSED, 0},
	{0, "特种作业人员证书过期仍上岗", "后勤保障部", "inspection", "general", "person", NULL, 100, 20, D_CLOSED, 1},
	{1, "脚手架连墙件设置不足", "盈港东路项目3号楼", "inspection", "general", "thing", NULL, 15, 7, D_RECT, 0},
	{1, "临边洞口防护缺失", "盈港东路项目2号楼五层", "self_check", "general", "thing", NULL, 30, 7, D_REJECTED, 0},
	{1, "施工现场临时用电未做到一机一闸一漏", "盈港东路项目配电箱", "regulator_check", "general", "thing", NULL, 50, 10, D_CLOSED, 0},
	{1, "深基坑未按方案监测", "华新镇安置房项目基坑", "regulator_check", "major", "management",
	 "房屋市政工程生产安全重大事故隐患判定标准（2022版）第七条第（三）项", 18, 30, D_SUPER, 0},
	{1, "塔吊司机未持证上岗", "华新镇安置房项目塔吊", "inspection", "general", "person", NULL, 130, 5, D_CLOSED, 0},
	{2, "调压站可燃气体报警器失效", "外青松公路调压站", "self_check", "major", "thing",
	 "城镇燃气经营安全重大隐患判定标准 第七条第（二）项", 160, 20, D_CLOSED, 0},
	{2, "燃气管道标志桩缺失", "崧泽大道沿线", "inspection", "general", "thing", NULL, 12, 20, D_PEND, 0},
	{2, "用户燃气软管老化", "城中东路居民小区", "campaign", "general", "thing", NULL, 35, 10, D_RECT, 0},
	{2, "抢修车辆应急器材不全", "抢修中心", "self_check", "general", "management", NULL, 190, 15, D_CLOSED, 0},
	{3, "地下车库排水泵故障", "城中东路585号地下车库", "employee_report", "general", "thing", NULL, 8, 10, D_RECT, 0},
	{3, "小区消防栓无水", "公园路小区12号楼", "public_report", "general", "thing", NULL, 60, 7, D_CLOSED, 1},
	{3, "物业员工高处作业未系安全带", "公园路小区外墙", "inspection", "general", "person", NULL, 3, 0, D_REG, 0},
	{4, "冲床光电保护装置失效", "冲压车间2号冲床", "self_check", "general", "thing", NULL, 22, 10, D_RECT, 0},
	{4, "中频炉未设置紧急排放和应急储存设施", "熔铸车间1号中频炉", "regulator_check", "major", "thing",
	 "gm10-7-2", 45, 60, D_RECT, 0},
	{4, "车间通道划线不清", "机加工车间", "self_check", "general", "management", NULL, 80, 15, D_CLOSED, 0},
	{4, "行车钢丝绳断丝超标", "成品仓库5吨行车", "inspection", "general", "thing", NULL, 28, 10, D_PEND, 0},
	{4, "员工未佩戴防护眼镜打磨", "打磨工位", "employee_report", "general", "person", NULL, 4, 0, D_REG, 0},
	{4, "危废暂存间未设防渗", "危废暂存间", "self_check", "general", "environment", NULL, 150, 30, D_CLOSED, 0},
};

/* Sets the demo clock to days before today at hh:00, in buf. */
static void hz_demo_at(int64_t today_days, int ago, int hh, char buf[32])
{
	char d[11];

	hz_days_str(today_days - ago, d);
	snprintf(buf, 32, "%.10s %02u:00:00", d, (unsigned)hh % 24u);
	entity_clock = buf;
}

/* The 双报告 of major hazard id, complete (dates and the content of 令第16号 第十四条). */
static int hz_demo_dual(struct ectx *c, int64_t id, const char *title, const char *d1,
			const char *d2, struct verr *e)
{
	json_t *b = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "hazard_id", (json_int_t)id,
			      "to_department_date", d1, "to_department_name", "青浦区建设管理委员会",
			      "to_congress_date", d2, "note", "已在职工代表大会上通报隐患情况和治理方案",
			      "content_status", arena_printf(c->arena, "%s：现场检查发现，系日常维护管理不到位所致", title),
			      "content_harm", "可能引发较大及以上生产安全事故，整改需停止相关作业并投入专项资金，难度中等",
			      "content_plan", "按治理方案落实整改措施、资金、人员和时限，整改期间落实监护和应急措施");
	int rc = entity_create_tx(c, &dual_def, b, e) < 0 ? -1 : 0;

	json_decref(b);
	return rc;
}

/* Builds the demo hazards (mod.h) through the same functions as the actions, with
 * the clock set to when each step happened, so the timeline, the audit and the
 * aggregates are those of real use. One transaction. 0 ok (also when the demo
 * enterprises are missing), -1 error. */
int hazard_demo_build(struct ectx *sys)
{
	static const char *const ent_names[] = {
		"上海青浦城市建设投资集团有限公司", "上海青浦城投建设工程有限公司",
		"上海青浦燃气有限公司", "上海青浦城投物业管理有限公司", "上海青浦精工金属制品有限公司",
	};
	struct user mgr, pri, stf, reg, mgr2, pri2;
	struct ectx cm, cp, cs, cr, cm2, cp2;
	int64_t orgs[ARRAY_SIZE(ent_names)], today_days;
	char today[11], at[32];
	struct verr e;
	int rc = -1, began = 0;

	entity_today(today);
	if (date_parse(today, &today_days) != 0)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(ent_names); i++) {
		struct db_stmt *st = db_prepare(sys->db, "SELECT org_id FROM enterprise WHERE name = ?");
		int s = st && !db_bind_text(st, 1, ent_names[i]) ? db_step(st) : DB_ERR;
		orgs[i] = s == DB_ROW ? db_col_int64(st, 0) : 0;
		db_finalize(st);
		if (s < 0)
			return -1;
		if (!orgs[i])
			return 0;	/* not the demo district */
	}
	if (demo_user(sys, "manager", &mgr) || demo_user(sys, "principal", &pri) ||
	    demo_user(sys, "staff", &stf) || demo_user(sys, "regulator", &reg) ||
	    demo_user(sys, "manager2", &mgr2) || demo_user(sys, "principal2", &pri2))
		return 0;	/* no demo accounts: nothing to act as */
	cm = (struct ectx){ .db = sys->db, .user = &mgr, .arena = sys->arena };
	cp = (struct ectx){ .db = sys->db, .user = &pri, .arena = sys->arena };
	cs = (struct ectx){ .db = sys->db, .user = &stf, .arena = sys->arena };
	cr = (struct ectx){ .db = sys->db, .user = &reg, .arena = sys->arena };
	cm2 = (struct ectx){ .db = sys->db, .user = &mgr2, .arena = sys->arena };
	cp2 = (struct ectx){ .db = sys->db, .user = &pri2, .arena = sys->arena };
	verr_init(&e, sys->arena);
	if (db_begin(sys->db) != 0)
		goto out;
	began = 1;
	for (size_t i = 0; i < ARRAY_SIZE(hz_demo_rows); i++) {
		const struct hz_demo *d = &hz_demo_rows[i];
		int isb = d->ent == 4;
		struct ectx *finder = demo_str_same(d->source, "regulator_check") ? &cr :
			demo_str_same(d->source, "employee_report") && !isb ? &cs : isb ? &cm2 : &cm;
		int major = demo_str_same(d->level, "major");
		int protect = major || demo_str_same(d->source, "regulator_check");
		/* 重大隐患的治理方案由主要负责人下达 */
		struct ectx *boss = major ? (isb ? &cp2 : &cp) : isb ? &cm2 : &cm;
		struct ectx *resp = isb ? &cm2 : &cs;
		/* the enterprise verifies (never the rectifier); a protected hazard then
		 * goes to the regulator for 销账 */
		struct ectx *checker = isb ? (protect ? &cp2 : &cr) : &cp;
		char found[11], dl[11];
		json_t *o, *b;
		int64_t id;
		int ok = 0;

		hz_days_str(today_days - d->ago, found);
		hz_days_str(today_days - d->ago + d->plan, dl);
		hz_demo_at(today_days, d->ago, 9, at);
		o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "title", d->title,
			      "description", d->title, "location", d->location, "source", d->source,
			      "level", d->level, "category", d->category, "found_at", found,
			      "org_id", (json_int_t)orgs[d->ent]);
		if (d->criterion && strncmp(d->criterion, "gm10-", 5) == 0) {
			/* an item of the catalogue (应急管理部令第10号) */
			int64_t cid = hazard_criterion_id(sys->db, d->criterion);
			if (cid <= 0)
				goto out;
			json_object_set_new(o, "major_criterion_id", json_integer(cid));
		} else if (d->criterion) {
			/* a standard the catalogue does not carry yet: 其他, with the citation */
			json_object_set_new(o, "major_criterion", json_string(d->criterion));
		}
		id = entity_create_tx(finder, &hazard_def, o, &e);
		json_decref(o);
		if (id < 0)
			goto out;
		if (d->end == D_REG)
			continue;
		if (d->end == D_DISMISS) {
			hz_demo_at(today_days, d->ago - 1, 10, at);
			b = json_pack("{s:s}", "reason", "经核实为保洁作业期间临时湿滑，已设置警示标志，不属于事故隐患");
			ok = hz_act(boss, id, "dismiss", b, &e);
			json_decref(b);
			if (ok)
				goto out;
			continue;
		}
		/* 挂牌督办 comes first for the supervised one: the regulator found it */
		if (d->end == D_SUPER) {
			char sd[11];
			hz_days_str(today_days + 30, sd);
			hz_demo_at(today_days, d->ago - 1, 15, at);
			b = json_pack("{s:s, s:s}", "deadline", sd, "note",
				      "立即停止基坑下作业，按专项方案恢复监测，每周报送整改进展");
			ok = hz_act(&cr, id, "supervise", b, &e);
			json_decref(b);
			if (ok)
				goto out;
		}
		hz_demo_at(today_days, d->ago - 1, 10, at);
		b = json_pack("{s:I, s:s, s:f, s:s, s:s}", "plan_responsible_id",
			      (json_int_t)resp->user->id, "plan_measures",
			      arena_printf(sys->arena, "针对“%s”制定整改措施：立即隔离警示，落实专人整改并复查", d->title),
			      "plan_funds", 2000.0 + 1500.0 * (double)(i % 7), "plan_deadline", dl,
			      "plan_contingency", "整改期间设置警戒区域，安排专人监护，发现异常立即停止作业并按现场处置方案处置");
		if (major) {
			json_object_set_new(b, "plan_goal", json_string(arena_printf(sys->arena,
				"在整改期限内消除“%s”，经评估验收合格后报监管部门销账", d->title)));
			json_object_set_new(b, "plan_team", json_string(
				"成立由主要负责人任组长的隐患治理领导小组，安全管理部负责组织实施，设备部门负责技术措施"));
			json_object_set_new(b, "plan_safety", json_string(
				"治理期间停止相关区域作业，设置警戒和监护，每日检查并记录，异常时立即撤离人员"));
		}
		ok = hz_act(boss, id, "assign", b, &e);
		json_decref(b);
		if (ok)
			goto out;
		if (d->end == D_SUPER) {
			/* the 双报告 of the supervised major hazard */
			char d1[11], d2[11];
			hz_days_str(today_days - d->ago + 1, d1);
			hz_days_str(today_days - d->ago + 3, d2);
			hz_demo_at(today_days, d->ago - 3, 16, at);
			ok = hz_demo_dual(boss, id, d->title, d1, d2, &e);
			if (ok)
				goto out;
			continue;
		}
		if (d->end == D_RECT)
			continue;
		{
			int done = d->late ? d->plan + 6 : d->plan > 2 ? d->plan - 2 : 1;
			int sub_ago = d->ago - done;
			if (sub_ago < 0)
				sub_ago = 0;
			hz_demo_at(today_days, sub_ago, 14, at);
			b = json_pack("{s:s}", "rectify_note", "已按整改措施完成整改，现场复查合格，附整改后照片");
			ok = hz_act(resp, id, "submit", b, &e);
			json_decref(b);
			if (ok)
				goto out;
			if (d->end == D_PEND)
				continue;
			hz_demo_at(today_days, sub_ago, 17, at);
			if (d->end == D_REJECTED) {
				b = json_pack("{s:s}", "reason", "防护栏杆高度不足1.2米，踢脚板未设置，请重新整改");
				ok = hz_act(checker, id, "reject", b, &e);
				json_decref(b);
				if (ok)
					goto out;
				continue;
			}
			b = json_pack("{s:s}", "note", "现场验收合格，同意销号");
			if (protect)
				json_object_set_new(b, "assess_report", json_string(arena_printf(sys->arena,
					"“%s”已按治理方案完成整改。经组织技术人员现场评估：隐患已消除，"
					"相关设施运行正常，安全措施落实到位，同意验收，报请监管部门销账。", d->title)));
			ok = hz_act(checker, id, "verify", b, &e);
			json_decref(b);
			if (ok)
				goto out;
			if (protect) {
				if (major) {
					char d1[11], d2[11];
					hz_days_str(today_days - d->ago + 1, d1);
					hz_days_str(today_days - d->ago + 3, d2);
					if (hz_demo_dual(boss, id, d->title, d1, d2, &e))
						goto out;
				}
				hz_demo_at(today_days, sub_ago > 0 ? sub_ago - 1 : 0, 10, at);
				b = json_pack("{s:s}", "note", "经复查，隐患已整改到位，同意销账");
				ok = hz_act(&cr, id, "close", b, &e);
				json_decref(b);
				if (ok)
					goto out;
			}
		}
	}
	entity_clock = NULL;
	/* one extension waiting for the manager: the overdue emergency lights */
	{
		int64_t hid = 0, p = orgs[0];
		json_t *b;
		char nd[11];
		if (db_query_int64v(sys->db, "SELECT MIN(id) FROM hazard WHERE org_id = ? AND status = 'rectifying'"
			     " AND title = '安全生产责任制未按年度修订'", &p, 1, &hid, 0) != 0)
			goto out;
		if (hid > 0) {
			hz_days_str(today_days + 15, nd);
			b = json_pack("{s:s, s:s}", "new_deadline", nd, "reason",
				      "责任制修订须经职工代表大会审议，会议定于下月召开");
			if (hz_act(&cs, hid, "extend", b, &e) < 0) {
				json_decref(b);
				goto out;
			}
			json_decref(b);
		}
	}
	if (db_commit(sys->db) != 0)
		goto out;
	began = 0;
	rc = 0;
out:
	entity_clock = NULL;
	if (rc)
		log_err("hazard demo: %s %s", e.message ? e.message : "", e.field ? e.field : "");
	if (began)
		db_rollback(sys->db);
	return rc;
}

