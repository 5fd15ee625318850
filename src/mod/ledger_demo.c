/*
 * ledger_demo.c — the demo district's 专项台账, dated from today so every flag shows
 * on any day:
 *
 *   重大危险源   青浦燃气's LNG tank farm (R 56.3 → 二级, filed, online, three 包保
 *               persons on time but the technical one a month late, one gas detector
 *               offline); 青浦冷链's ammonia machine room (R 12.5 → 三级, filed, no
 *               操作负责人); 青浦化贸's warehouse (四级, not filed, persons assigned
 *               and never performed);
 *   危险化学品   液氨, LNG, 甲苯, 丙酮, 油墨稀释剂 (no MSDS file in the demo: flagged);
 *               申报与自查 last year for 青浦化贸 and 青浦燃气, this year only 燃气;
 *   有限空间     污水池 and 阀门井 identified and signposted without photo, a 料仓 not
 *               identified (令第10号 第十三条 flag);
 *   环保设施     精工金属's 除尘系统 assessed 合格, 彩印's RTO 需整改, 自来水's 污水
 *               处理 overdue, 华新木业's 粉尘治理 never assessed;
 *   值班表       this month's roster of 青浦燃气 confirmed (one night without a leader),
 *               a holiday roster of 青浦城投 submitted, 精工金属's in draft.
 * Only records of this module; nothing existing is changed.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "mod/ledger.h"
#include "mod/ledger_int.h"
#include "mod/mod.h"

/* A row of this module's entity through the core, in the open transaction (takes obj). */
static int64_t mk(struct ectx *c, const char *entity, json_t *obj)
{
	return demo_create(c, ledger_entity(entity), obj);
}

/* ------------------------------------------------------------ 重大危险源 */

struct guard_demo { const char *role, *name, *position, *phone, *duty; int assigned, last[3]; };

static int demo_guardians(struct ectx *c, int64_t mh, const struct guard_demo *g, int n)
{
	struct arena *a = c->arena;

	for (int i = 0; i < n; i++) {
		int64_t gid = mk(c, "major_hazard_guardian", json_pack(
			"{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "major_hazard_id", (json_int_t)mh,
			"role", g[i].role, "name", g[i].name, "position", g[i].position,
			"phone", g[i].phone, "duty", g[i].duty, "assigned_date", demo_day(a, g[i].assigned)));
		if (gid < 0)
			return -1;
		for (int k = 0; k < 3 && g[i].last[k]; k++)
			if (mk(c, "major_hazard_duty", json_pack("{s:I, s:s, s:s, s:s}",
				"guardian_id", (json_int_t)gid, "duty_date", demo_day(a, g[i].last[k]),
				"content", "检查包保责任落实、安全监测监控系统运行及现场安全管理情况",
				"problems", k == 0 ? "未发现问题" : "个别监测点标识不清，已现场整改")) < 0)
				return -1;
	}
	return 0;
}

static const char DUTY_P[] = "组织建立重大危险源安全包保责任制；保证重大危险源安全生产所必需的投入；"
	"每季度至少组织一次针对重大危险源的安全检查";
static const char DUTY_T[] = "组织实施重大危险源安全监测监控体系建设；每月至少组织一次安全检查；"
	"对重大危险源的技术管理负责";
static const char DUTY_O[] = "负责重大危险源日常安全管理；每周至少组织一次安全检查；"
	"确保监测监控系统、安全设施正常运行";

static int demo_major_hazards(struct ectx *c)
{
	struct arena *a = c->arena;
	int64_t gas = demo_org_of(c, "青浦燃气"), cold = demo_org_of(c, "青浦冷链"), chem = demo_org_of(c, "青浦化贸");
	int64_t mh;

	if (gas) {
		static const struct guard_demo g[] = {
			{"principal", "沈建华", "总经理", "13601710001", DUTY_P, -400, {-30, -120, 0}},
			{"technical", "陆志强", "总工程师", "13601710002", DUTY_T, -400, {-65, -95, 0}},
			{"operator", "顾晓东", "储配站站长", "13601710003", DUTY_O, -400, {-2, -9, -16}},
		};
		static const struct { const char *name, *tag, *kind, *unit; double lo, hi; int online; } p[] = {
			{"1#LNG储罐液位", "LT-101", "level", "m", 2.0, 18.5, 1},
			{"1#LNG储罐压力", "PT-101", "pressure", "MPa", 0.05, 0.55, 1},
			{"罐区可燃气体探测器A", "GT-01", "flammable_gas", "%LEL", -1, 20, 1},
			{"罐区可燃气体探测器B", "GT-02", "flammable_gas", "%LEL", -1, 20, 0},
			{"气化器出口温度", "TT-201", "temperature", "℃", 5, 45, 1},
		};
		mh = mk(c, "major_hazard", json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:f, s:s, s:s, s:s, s:s, s:b, s:s}",
			"org_id", (json_int_t)gas, "name", "LNG储配站储罐区", "code", "310118-RQ-001",
			"unit_kind", "storage", "location", "外青松公路5200号储配站北区",
			"substances", "液化天然气 约96t", "r_value", 56.3,
			"identified_date", demo_day(a, -700), "filing_date", demo_day(a, -680),
			"filing_no", "沪青应急危源备〔2025〕007号", "filing_org", "青浦区应急管理局",
			"online_monitoring", 1, "status", "in_use"));
		if (mh < 0 || demo_guardians(c, mh, g, 3) != 0)
			return -1;
		for (size_t i = 0; i < ARRAY_SIZE(p); i++) {
			json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:f, s:b}", "major_hazard_id", (json_int_t)mh,
					      "name", p[i].name, "tag", p[i].tag, "kind", p[i].kind, "unit", p[i].unit,
					      "high_alarm", p[i].hi, "online", p[i].online);
			if (o && p[i].lo >= 0)
				json_object_set_new(o, "low_alarm", json_real(p[i].lo));
			if (mk(c, "major_hazard_point", o) < 0)
				return -1;
		}
		if (mk(c, "hazardous_chemical", json_pack("{s:s, s:I, s:s, s:s, s:s, s:f, s:s, s:s, s:b, s:I}",
			"name", "液化天然气", "org_id", (json_int_t)gas, "cas", "74-82-8", "un_no", "1972",
			"form", "liquid", "max_storage", 96.0, "unit", "t", "storage_place", "储配站LNG储罐区",
			"key_supervised", 1, "major_hazard_id", (json_int_t)mh)) < 0)
			return -1;
	}
	if (cold) {
		static const struct guard_demo g[] = {
			{"principal", "钱国庆", "总经理", "13801820011", DUTY_P, -200, {-50, 0, 0}},
			{"technical", "孙卫东", "设备部经理", "13801820012", DUTY_T, -200, {-70, 0, 0}},
		};
		mh = mk(c, "major_hazard", json_pack("{s:I, s:s, s:s, s:s, s:s, s:f, s:s, s:s, s:s, s:b, s:s}",
			"org_id", (json_int_t)cold, "name", "液氨制冷机房及贮氨器", "unit_kind", "production",
			"location", "北青公路6666号冷库东侧机房", "substances", "液氨 约12t", "r_value", 12.5,
			"identified_date", demo_day(a, -500), "filing_date", demo_day(a, -480),
			"filing_no", "沪青应急危源备〔2025〕019号", "online_monitoring", 1, "status", "in_use"));
		if (mh < 0 || demo_guardians(c, mh, g, 2) != 0)
			return -1;
		if (mk(c, "major_hazard_point", json_pack("{s:I, s:s, s:s, s:s, s:s, s:f, s:b}",
			"major_hazard_id", (json_int_t)mh, "name", "机房氨气浓度", "tag", "AT-01",
			"kind", "toxic_gas", "unit", "ppm", "high_alarm", 150.0, "online", 1)) < 0 ||
		    mk(c, "hazardous_chemical", json_pack("{s:s, s:I, s:s, s:s, s:s, s:f, s:s, s:s, s:b, s:I}",
			"name", "液氨", "org_id", (json_int_t)cold, "cas", "7664-41-7", "un_no", "1005",
			"form", "liquid", "max_storage", 12.0, "unit", "t", "storage_place", "制冷机房贮氨器",
			"key_supervised", 1, "major_hazard_id", (json_int_t)mh)) < 0)
			return -1;
	}
	if (chem) {
		static const struct guard_demo g[] = {
			{"principal", "何明", "执行董事", "13917300021", DUTY_P, -150, {0, 0, 0}},
			{"technical", "林文斌", "安全总监", "13917300022", DUTY_T, -150, {0, 0, 0}},
			{"operator", "朱春生", "仓库主管", "13917300023", DUTY_O, -150, {0, 0, 0}},
		};
		mh = mk(c, "major_hazard", json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s}",
			"org_id", (json_int_t)chem, "name", "甲类危化品仓库", "unit_kind", "storage",
			"location", "鹤祥路188号1号库", "substances", "甲苯 20t、丙酮 15t",
			"grade", "fourth", "identified_date", demo_day(a, -160), "online_monitoring", 0,
			"status", "in_use"));
		if (mh < 0 || demo_guardians(c, mh, g, 3) != 0)
			return -1;
		if (mk(c, "hazardous_chemical", json_pack("{s:s, s:I, s:s, s:s, s:s, s:f, s:s, s:s, s:b, s:I}",
			"name", "甲苯", "org_id", (json_int_t)chem, "cas", "108-88-3", "un_no", "1294",
			"form", "liquid", "max_storage", 20.0, "unit", "t", "storage_place", "1号库",
			"key_supervised", 1, "major_hazard_id", (json_int_t)mh)) < 0 ||
		    mk(c, "hazardous_chemical", json_pack("{s:s, s:I, s:s, s:s, s:s, s:f, s:s, s:s, s:b, s:I}",
			"name", "丙酮", "org_id", (json_int_t)chem, "cas", "67-64-1", "un_no", "1090",
			"form", "liquid", "max_storage", 15.0, "unit", "t", "storage_place", "1号库",
			"key_supervised", 0, "major_hazard_id", (json_int_t)mh)) < 0)
			return -1;
	}
	return 0;
}

static int demo_chemicals(struct ectx *c)
{
	struct arena *a = c->arena;
	int64_t print = demo_org_of(c, "青浦彩印"), chem = demo_org_of(c, "青浦化贸"), gas = demo_org_of(c, "青浦燃气");
	char today[11];
	int year;

	entity_today(today);
	year = (int)strtol(today, NULL, 10);
	if (print && mk(c, "hazardous_chemical", json_pack("{s:s, s:I, s:s, s:s, s:f, s:s, s:s, s:b, s:s}",
		"name", "油墨稀释剂（混合物）", "org_id", (json_int_t)print, "form", "liquid",
		"use", "凹版印刷油墨调配", "max_storage", 800.0, "unit", "kg", "storage_place", "调墨间防爆柜",
		"key_supervised", 0, "note", "混合物，主要成分乙酸乙酯")) < 0)
		return -1;
	if (chem && mk(c, "chemical_check", json_pack("{s:I, s:i, s:s, s:s, s:s}",
		"org_id", (json_int_t)chem, "year", year - 1,
		"declared_date", arena_printf(a, "%d-05-20", year - 1),
		"selfcheck_date", arena_printf(a, "%d-06-12", year - 1), "result", "pass")) < 0)
		return -1;
	if (gas && (mk(c, "chemical_check", json_pack("{s:I, s:i, s:s, s:s, s:s, s:s}",
		"org_id", (json_int_t)gas, "year", year - 1,
		"declared_date", arena_printf(a, "%d-04-18", year - 1),
		"selfcheck_date", arena_printf(a, "%d-05-09", year - 1), "result", "rectified",
		"problems", "储罐区防火堤内杂物清理、静电接地测试记录补齐，已整改")) < 0 ||
		    mk(c, "chemical_check", json_pack("{s:I, s:i, s:s, s:s, s:s}",
		"org_id", (json_int_t)gas, "year", year,
		"declared_date", arena_printf(a, "%d-04-10", year),
		"selfcheck_date", arena_printf(a, "%d-05-06", year), "result", "pass")) < 0))
		return -1;
	return 0;
}

/* ------------------------------------------------------------ 有限空间, 环保设施 */

static int demo_sites(struct ectx *c)
{
	struct arena *a = c->arena;
	int64_t water = demo_org_of(c, "青浦自来水"), cold = demo_org_of(c, "青浦冷链"), wood = demo_org_of(c, "华新木业");
	int64_t metal = demo_org_of(c, "精工金属"), print = demo_org_of(c, "青浦彩印");

	if (water && (mk(c, "confined_space", json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:b, s:s, s:s, s:s}",
		"org_id", (json_int_t)water, "name", "1号沉淀池", "kind", "underground",
		"location", "第二水厂沉淀区", "medium", "污水、污泥", "hazards", "硫化氢中毒、缺氧窒息、淹溺",
		"identified", 1, "identified_date", demo_day(a, -300), "sign_posted", 1,
		"responsible", "徐海燕", "responsible_phone", "13611990031", "last_check", demo_day(a, -12))) < 0 ||
		mk(c, "confined_space", json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:b, s:s, s:s}",
		"org_id", (json_int_t)water, "name", "DN800输水管阀门井", "kind", "underground",
		"location", "青松路管网3号井", "medium", "积水", "hazards", "缺氧窒息、淹溺",
		"identified", 1, "identified_date", demo_day(a, -300), "sign_posted", 1,
		"responsible", "徐海燕", "last_check", demo_day(a, -45))) < 0))
		return -1;
	if (cold && mk(c, "confined_space", json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s}",
		"org_id", (json_int_t)cold, "name", "污水处理调节池", "kind", "underground",
		"location", "厂区东南角", "medium", "食品加工废水", "hazards", "硫化氢中毒、缺氧窒息",
		"identified", 0, "sign_posted", 0, "responsible", "孙卫东")) < 0)
		return -1;
	if (wood && mk(c, "confined_space", json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:b, s:s}",
		"org_id", (json_int_t)wood, "name", "木粉料仓", "kind", "aboveground",
		"location", "砂光车间北侧", "hazards", "粉尘燃爆、缺氧窒息",
		"identified", 1, "identified_date", demo_day(a, -90), "sign_posted", 0, "responsible", "吴杰")) < 0)
		return -1;
	if (metal && mk(c, "env_facility", json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}",
		"org_id", (json_int_t)metal, "name", "抛光车间布袋除尘系统", "kind", "dust",
		"location", "抛光车间", "assessed_date", demo_day(a, -60), "assessor", "上海安科安全技术咨询有限公司",
		"result", "pass")) < 0)
		return -1;
	if (print && mk(c, "env_facility", json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
		"org_id", (json_int_t)print, "name", "VOCs蓄热式焚烧炉（RTO）", "kind", "rto",
		"location", "印刷车间屋面", "assessed_date", demo_day(a, -20), "assessor", "上海华东环安评价中心",
		"result", "rectify", "findings", "RTO进口管道未设置阻火器；LEL在线监测联锁未投用")) < 0)
		return -1;
	if (water && mk(c, "env_facility", json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
		"org_id", (json_int_t)water, "name", "排泥水处理系统", "kind", "wastewater",
		"location", "第二水厂", "assessed_date", demo_day(a, -400), "assessor", "上海市政工程安全评价所",
		"result", "pass", "next_assessment", demo_day(a, -35))) < 0)
		return -1;
	if (wood && mk(c, "env_facility", json_pack("{s:I, s:s, s:s, s:s}",
		"org_id", (json_int_t)wood, "name", "砂光粉尘集中收集系统", "kind", "dust",
		"location", "砂光车间")) < 0)
		return -1;
	return 0;
}

/* ------------------------------------------------------------ 值班表 */

/* The roster's entries over [from, to] (days from today); night shifts every day,
 * the leader left out on the day `gap` (0 = none). */
static int demo_entries(struct ectx *c, int64_t roster, int from, int to, int gap, const char *const *people)
{
	struct arena *a = c->arena;

	for (int d = from, k = 0; d <= to; d++, k++) {
		const char *leader = people[k % 3];
		json_t *day_o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "roster_id", (json_int_t)roster,
					  "duty_date", demo_day(a, d), "shift", "day", "leader", leader,
					  "staff", people[3 + k % 2], "phone", "021-59201234");
		json_t *night = json_pack("{s:I, s:s, s:s, s:s, s:s}", "roster_id", (json_int_t)roster,
					  "duty_date", demo_day(a, d), "shift", "night",
					  "staff", people[3 + (k + 1) % 2], "phone", "021-59201235");

		if (night && d != gap)
			json_object_set_new(night, "leader", json_string(people[(k + 1) % 3]));
		if (mk(c, "duty_roster_entry", day_o) < 0 || mk(c, "duty_roster_entry", night) < 0)
			return -1;
	}
	return 0;
}

/* A roster the enterprise submitted (and its principal confirmed) days ago. */
static int roster_state(struct ectx *c, int64_t id, const char *state, int days)
{
	const char *at = arena_printf(c->arena, "%s 16:30:00", demo_day(c->arena, days));
	json_t *set = json_pack("{s:s, s:s}", "status", state, "submitted_at", at);
	struct verr e;
	int w;

	verr_init(&e, c->arena);
	if (set && strcmp(state, "confirmed") == 0) {
		json_object_set_new(set, "confirmed_at", json_string(at));
		json_object_set_new(set, "confirmed_by", json_string("沈建华"));
	}
	w = set ? entity_set_tx(c, ledger_entity("duty_roster"), id, NULL, set, "submit", &e) : -1;
	json_decref(set);
	return w == 1 ? 0 : -1;
}

static int demo_rosters(struct ectx *c)
{
	struct arena *a = c->arena;
	static const char *const gas_people[] = { "沈建华", "陆志强", "顾晓东", "王磊", "李军" };
	static const char *const group_people[] = { "张伟", "刘志强", "陈晓东", "杨敏", "黄勇" };
	static const char *const metal_people[] = { "赵国庆", "周明", "郭丽", "马杰", "胡燕" };
	int64_t gas = demo_org_of(c, "青浦燃气"), group = demo_org_of(c, "青浦城投"), metal = demo_org_of(c, "精工金属");
	int64_t r;

	if (gas) {
		r = mk(c, "duty_roster", json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}",
			"org_id", (json_int_t)gas, "title", "储配站近期值班带班安排", "kind", "month",
			"start_date", demo_day(a, -3), "end_date", demo_day(a, 10), "duty_phone", "021-59201234"));
		if (r < 0 || demo_entries(c, r, -3, 10, 1, gas_people) != 0 ||
		    roster_state(c, r, "confirmed", -4) != 0)
			return -1;
	}
	if (group) {
		r = mk(c, "duty_roster", json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}",
			"org_id", (json_int_t)group, "title", "集团本部重要时段值班表", "kind", "key_period",
			"start_date", demo_day(a, 0), "end_date", demo_day(a, 6), "duty_phone", "021-59731000",
			"note", "集团本部总值班室"));
		if (r < 0 || demo_entries(c, r, 0, 6, 0, group_people) != 0 ||
		    roster_state(c, r, "submitted", -1) != 0)
			return -1;
	}
	if (metal) {
		r = mk(c, "duty_roster", json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}",
			"org_id", (json_int_t)metal, "title", "熔炼车间夜班带班表", "kind", "month",
			"start_date", demo_day(a, 1), "end_date", demo_day(a, 7), "duty_phone", "021-59781100"));
		if (r < 0 || demo_entries(c, r, 1, 7, 3, metal_people) != 0)
			return -1;
	}
	return 0;
}

int ledger_demo_build(struct ectx *c)
{
	if (db_begin(c->db) != 0)
		return -1;
	if (demo_major_hazards(c) != 0 || demo_chemicals(c) != 0 || demo_sites(c) != 0 ||
	    demo_rosters(c) != 0) {
		db_rollback(c->db);
		return -1;
	}
	return db_commit(c->db);
}
