/*
 * emergency_demo.c — the demo district's emergency readiness (emergency_demo_build,
 * mod/emergency.h): plans of several enterprises (one filed late, one not filed,
 * one revised after a drill), command bodies, rescue teams and agreements (the
 * chemicals trader has none), supplies with an expired item and overdue
 * inspections, and drills — on time for some enterprises, missing for others, the
 * Art. 33 units' drills reported to the regulator or not. Only this module's own
 * entities are written; every row goes through the entity core with the system
 * context, so the calendar, audit rows and messages are those of real use.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/json.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "mod/emergency.h"
#include "mod/mod.h"

/* Enterprise indexes of demo_names. */
enum { E_A, E_BUILD, E_GAS, E_PROP, E_B, E_WOOD, E_CHEM, E_MALL, E_PRINT, E_N };
static const char *const demo_names[E_N] = {
	"上海青浦城市建设投资集团有限公司", "上海青浦城投建设工程有限公司", "上海青浦燃气有限公司",
	"上海青浦城投物业管理有限公司", "上海青浦精工金属制品有限公司", "上海青浦华新木业家具有限公司",
	"上海青浦化工物资贸易有限公司", "上海青浦淀山湖购物中心有限公司", "上海青浦彩印包装有限公司",
};

/* A date n days from today in the arena. */
static const char *day(struct arena *a, int n)
{
	char out[11];

	time_date(now_utc() + (time_t)n * 86400, out);
	return arena_strdup(a, out);
}

/* Creates a row (takes obj) in its own transaction; the id, or -1 logged. */
static int64_t mk(struct ectx *c, const char *entity, int64_t org, json_t *obj)
{
	const struct entity_def *d = entity_find(entity);
	struct verr e;
	int64_t id;

	if (!obj || !d)
		BUG("emergency demo: bad object");
	json_object_set_new(obj, "org_id", json_integer(org));
	verr_init(&e, c->arena);
	id = entity_create(c, d, obj, &e);
	if (id < 0)
		log_err("emergency demo: %s: %s %s", entity, e.field ? e.field : "",
			e.message ? e.message : "");
	json_decref(obj);
	return id;
}

struct demo_plan { int ent; const char *name, *kind, *version; int published, filed; };
static const struct demo_plan plans[] = {
	{E_A, "青浦城投集团生产安全事故综合应急预案", "comprehensive", "2025版", -400, -390},
	{E_A, "总部大楼火灾事故专项应急预案", "special", "2025版", -400, -385},
	{E_A, "配电室触电事故现场处置方案", "onsite", "V1.0", -300, -280},
	{E_GAS, "青浦燃气生产安全事故综合应急预案", "comprehensive", "2024版", -700, -690},
	{E_GAS, "燃气管网泄漏专项应急预案", "special", "2024版", -700, -660},	/* filed late */
	{E_BUILD, "城投建设施工现场坍塌事故专项应急预案", "special", "V2.0", -200, -190},
	{E_B, "精工金属生产安全事故综合应急预案", "comprehensive", "2025版", -330, -320},
	{E_B, "熔炼炉高温熔融金属喷溅现场处置方案", "onsite", "V1.0", -330, -322},
	{E_CHEM, "化工物资仓库危险化学品泄漏专项应急预案", "special", "V1.0", -90, 0},	/* not filed */
	{E_MALL, "淀湖购物中心人员密集场所综合应急预案", "comprehensive", "2026版", -150, -140},
};

struct demo_cmd { int ent; const char *role, *group, *name, *position, *phone; };
static const struct demo_cmd cmds[] = {
	{E_A, "commander", NULL, "王建华", "董事长", "13816001001"},
	{E_A, "deputy", NULL, "沈卫东", "安全总监", "13816001002"},
	{E_A, "office", "应急办公室", "徐晓东", "安全管理部主管", "13816001003"},
	{E_A, "group_leader", "抢险救援组", "朱国庆", "工程部经理", "13816001004"},
	{E_A, "group_leader", "警戒疏散组", "何秀英", "行政部经理", "13816001005"},
	{E_B, "commander", NULL, "郭志强", "总经理", "13816002001"},
	{E_B, "deputy", NULL, "林文斌", "安全科长", "13816002002"},
	{E_B, "group_leader", "抢险救援组", "马春生", "熔炼车间主任", "13816002003"},
	{E_GAS, "commander", NULL, "高明", "总经理", "13816003001"},
	{E_GAS, "liaison", "通讯联络组", "孙丽", "调度中心值班长", "021-59201234"},
};

struct demo_team { int ent; const char *name, *kind, *leader, *phone, *partner; int members, end; };
static const struct demo_team teams[] = {
	{E_GAS, "青浦燃气抢修抢险队", "fulltime", "赵勇", "13816003010", NULL, 24, 0},
	{E_BUILD, "城投建设兼职应急救援队", "parttime", "吴军", "13816004010", NULL, 15, 0},
	{E_A, "城投集团义务消防队", "parttime", "朱国庆", "13816001004", NULL, 20, 0},
	{E_B, "与青浦区消防救援支队华新站救援协议", "agreement", "马春生", "13816002003",
	 "青浦区消防救援支队华新消防救援站", 0, 300},
	{E_WOOD, "与华新镇专职消防队救援协议", "agreement", "李伟", "13816005010",
	 "华新镇专职消防队", 0, -20},	/* expired */
};

struct demo_supply { int ent; const char *name, *cat, *loc, *unit, *keeper; int qty, interval, last, expiry; };
static const struct demo_supply supplies[] = {
	{E_A, "干粉灭火器 MFZ/ABC4", "fire", "总部大楼各楼层消防箱", "具", "徐晓东", 120, 30, -10, 700},
	{E_A, "正压式空气呼吸器", "rescue", "总部大楼地下一层应急物资库", "套", "徐晓东", 4, 90, -120, 900},	/* inspection overdue */
	{E_A, "急救药箱", "firstaid", "总部大楼一楼大厅服务台", "个", "何秀英", 6, 30, -5, -15},	/* expired */
	{E_A, "应急照明手电", "comm", "总部大楼地下一层应急物资库", "把", "徐晓东", 30, 90, -30, 0},
	{E_GAS, "便携式可燃气体检测仪", "rescue", "抢修中心器材室", "台", "赵勇", 12, 30, -8, 400},
	{E_GAS, "管道堵漏工具组", "spill", "抢修中心器材室", "套", "赵勇", 3, 90, -40, 0},
	{E_B, "高温防护服", "ppe", "熔炼车间应急柜", "套", "马春生", 8, 30, -45, 500},	/* inspection overdue */
	{E_B, "推车式干粉灭火器 MFTZ/ABC35", "fire", "熔炼车间东侧", "具", "马春生", 4, 30, -12, 1200},
	{E_B, "洗眼器及冲淋装置", "firstaid", "酸洗工段", "套", "林文斌", 2, 30, -3, -60},	/* expired */
};

/* kind, days ago, plan index (-1 none), reported (days after the drill, -1 not). */
struct demo_drill { int ent; const char *title, *kind; int ago, plan, reported, count; };
static const struct demo_drill drills[] = {
	{E_A, "总部大楼火灾事故专项应急演练", "special", 60, 1, -1, 85},
	{E_A, "配电室触电事故现场处置演练（上半年）", "onsite", 190, 2, -1, 12},
	{E_A, "配电室触电事故现场处置演练（下半年）", "onsite", 40, 2, -1, 14},
	{E_A, "总部大楼全员疏散逃生演练", "evacuation", 75, -1, -1, 420},
	{E_GAS, "燃气管网泄漏专项应急演练", "special", 50, 4, 3, 40},
	{E_GAS, "门站人员疏散逃生演练", "evacuation", 35, -1, 2, 60},
	{E_B, "熔融金属喷溅现场处置演练", "onsite", 30, 7, -1, 18},	/* Art. 33 unit, not reported */
	{E_B, "全厂疏散逃生演练", "evacuation", 200, -1, 5, 230},
	{E_MALL, "商场火灾疏散逃生演练", "evacuation", 25, -1, 1, 310},
	/* the year before: 青浦城投 and 青浦燃气 on time, the others missing */
	{E_A, "集团综合应急预案桌面推演", "comprehensive", 400, 0, -1, 36},
	{E_A, "配电室触电事故现场处置演练", "onsite", 380, 2, -1, 12},
	{E_A, "总部大楼年度疏散逃生演练", "evacuation", 420, -1, -1, 400},
	{E_GAS, "门站燃气泄漏专项演练", "special", 390, 4, 4, 35},
	{E_GAS, "抢修中心疏散逃生演练", "evacuation", 385, -1, 3, 55},
	{E_GAS, "调压站泄漏现场处置演练", "onsite", 395, -1, 2, 16},
};

int emergency_demo_build(struct ectx *c)
{
	struct arena *a = c->arena;
	int64_t org[E_N], plan_id[ARRAY_SIZE(plans)];
	size_t i;

	for (i = 0; i < E_N; i++) {
		struct db_stmt *st = db_prepare(c->db, "SELECT org_id FROM enterprise WHERE name = ?");

		org[i] = 0;
		if (st && db_bind_text(st, 1, demo_names[i]) == 0 && db_step(st) == DB_ROW)
			org[i] = db_col_int64(st, 0);
		db_finalize(st);
	}
	for (i = 0; i < ARRAY_SIZE(plans); i++) {
		const struct demo_plan *p = &plans[i];

		plan_id[i] = 0;
		if (!org[p->ent])
			continue;
		plan_id[i] = mk(c, "emergency_plan", org[p->ent], json_pack(
			"{s:s,s:s,s:s,s:s,s:s,s:s,s:s?,s:s?,s:s}",
			"name", p->name, "kind", p->kind, "version", p->version,
			"approved_by", "主要负责人", "approved_at", day(a, p->published - 3),
			"published_at", day(a, p->published),
			"filed_at", p->filed ? day(a, p->filed) : NULL,
			"filed_to", p->filed ? "青浦区应急管理局" : NULL,
			"revision_trigger", "initial"));
		if (plan_id[i] < 0)
			return -1;
	}
	/* 青浦城投's comprehensive plan revised after its command body changed (Art. 36(二)) */
	if (plan_id[0] > 0 && mk(c, "emergency_plan", org[E_A], json_pack(
		"{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:s}",
		"name", "青浦城投集团生产安全事故综合应急预案", "kind", "comprehensive",
		"version", "2026版", "approved_by", "王建华", "approved_at", day(a, -33),
		"published_at", day(a, -30), "filed_at", day(a, -22), "previous_id", (json_int_t)plan_id[0],
		"revision_trigger", "command",
		"revision_note", "集团调整应急指挥机构，安全总监任副总指挥，相应修订指挥体系和职责。")) < 0)
		return -1;
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		const struct demo_cmd *m = &cmds[i];

		if (org[m->ent] && mk(c, "emergency_command", org[m->ent], json_pack(
			"{s:s,s:s?,s:s,s:s,s:s,s:I}", "role", m->role, "group_name", m->group,
			"person_name", m->name, "position", m->position, "phone", m->phone,
			"sort_order", (json_int_t)i)) < 0)
			return -1;
	}
	for (i = 0; i < ARRAY_SIZE(teams); i++) {
		const struct demo_team *t = &teams[i];

		if (org[t->ent] && mk(c, "rescue_team", org[t->ent], json_pack(
			"{s:s,s:s,s:s,s:s,s:I,s:s?,s:s?,s:s?}", "name", t->name, "kind", t->kind,
			"leader", t->leader, "phone", t->phone, "members", (json_int_t)t->members,
			"partner", t->partner,
			"agreement_start", t->partner ? day(a, t->end - 365) : NULL,
			"agreement_end", t->partner ? day(a, t->end) : NULL)) < 0)
			return -1;
	}
	for (i = 0; i < ARRAY_SIZE(supplies); i++) {
		const struct demo_supply *s = &supplies[i];

		if (org[s->ent] && mk(c, "emergency_supply", org[s->ent], json_pack(
			"{s:s,s:s,s:s,s:I,s:s,s:s,s:I,s:s,s:s?}", "name", s->name, "category", s->cat,
			"location", s->loc, "quantity", (json_int_t)s->qty, "unit", s->unit,
			"keeper", s->keeper, "inspect_interval", (json_int_t)s->interval,
			"last_inspected", day(a, s->last),
			"expiry", s->expiry ? day(a, s->expiry) : NULL)) < 0)
			return -1;
	}
	for (i = 0; i < ARRAY_SIZE(drills); i++) {
		const struct demo_drill *d = &drills[i];
		int64_t pid = d->plan >= 0 ? plan_id[d->plan] : 0;

		if (!org[d->ent])
			continue;
		if (mk(c, "emergency_drill", org[d->ent], json_pack(
			"{s:s,s:s,s:o?,s:s,s:s,s:I,s:s,s:s,s:s,s:s?}", "title", d->title, "kind", d->kind,
			"plan_id", pid > 0 ? json_integer(pid) : NULL,
			"drill_date", day(a, -d->ago), "method", "actual",
			"participant_count", (json_int_t)d->count,
			"evaluation", "演练按方案完成，各小组响应及时，信息报告流程顺畅。",
			"improvements", "补充夜间演练场景；部分人员对集合点位置不熟悉，纳入下次培训。",
			"organizer", "安全管理部",
			"reported_at", d->reported >= 0 ? day(a, -d->ago + d->reported) : NULL)) < 0)
			return -1;
	}
	return 0;
}
