/*
 * fund_demo.c — the demo district's records of the fund module, dated from today so
 * every flag shows on any day (and on the tests' fixed clock):
 *
 *   安全生产费用  last year's and this year's plans of five enterprises: 青浦化贸 the
 *                DOMAIN.md worked example (危险品, 3亿 → 357.5万) fully used; 精工金属
 *                (冶金, ⚠️ default rates) under-used last year, its balance carried
 *                into this year's plan; 青浦公交 with one
 *                spending outside the uses; 城投建设 by project cost; 青浦燃气 fine;
 *   安责险        current policies of the construction and transport companies, 精工
 *                金属's expiring within 30 days, 青浦化贸's expired and not renewed, none
 *                at all for 华新木业 (涉爆粉尘, mandatory); prevention visits;
 *   证照          one expired (青浦燃气), one expiring within 90 days, the rest valid;
 *   设备设施       special equipment with one overdue inspection, an obsolete machine
 *                still in use, a scrapped one;
 *   三同时         one project in use without acceptance (青浦冷链), one accepted.
 * Only records of this module's entities; nothing existing is changed.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "mod/fund.h"
#include "mod/mod.h"

/* A row of this module's entity through the core, in the open transaction (takes obj). */
static int64_t mk(struct ectx *c, const char *entity, json_t *obj)
{
	return demo_create(c, fund_entity(entity), obj);
}

struct plan_demo {
	const char *ent, *industry;
	double revenue, cost;	/* yuan */
	int use_pct;		/* last year's permitted use, % of the extraction */
	int outside;		/* one spending outside the uses last year */
};

static const struct plan_demo plans[] = {
	{"青浦化贸", "hazardous_goods", 300000000, 0, 102, 0},
	{"精工金属", "metallurgy", 200000000, 0, 40, 0},
	{"青浦公交", "transport_passenger", 500000000, 0, 100, 1},
	{"城投建设", "construction_building", 0, 80000000, 105, 0},
	{"青浦燃气", "hazardous_goods", 1200000000, 0, 110, 0},
};

/* Expense categories used in turn, with a line of text each. */
static const char *const uses[][2] = {
	{"ppe", "采购作业人员劳动防护用品"},
	{"equipment", "更新可燃气体报警装置和防爆电气"},
	{"training", "全员安全生产教育培训"},
	{"testing", "特种设备定期检验及安全阀校验"},
	{"emergency", "应急救援器材补充和综合应急演练"},
	{"insurance", "安全生产责任保险保费"},
	{"major_hazard", "隐患排查治理信息系统运维"},
};

static int demo_plans(struct ectx *c, int year)
{
	struct arena *a = c->arena;

	for (size_t i = 0; i < ARRAY_SIZE(plans); i++) {
		const struct plan_demo *p = &plans[i];
		int64_t org = demo_org_of(c, p->ent);

		if (!org)
			continue;
		for (int y = year - 1; y <= year; y++) {
			json_t *o = json_pack("{s:I, s:i, s:s, s:b, s:s, s:s}", "org_id", (json_int_t)org,
					      "year", y, "industry", p->industry, "budgeted", 1,
					      "city_reg_date", arena_printf(a, "%d-01-20", y),
					      "city_reg_ref", arena_printf(a, "SH-AQFY-%d-%04zu", y, i + 1));
			json_t *row;
			int64_t pid, ext;
			struct ectx sys = *c;

			if (p->cost > 0)
				json_object_set_new(o, "base_cost", json_real(p->cost));
			else
				json_object_set_new(o, "base_revenue", json_real(p->revenue));
			pid = mk(c, "fund_plan", o);
			if (pid < 0)
				return -1;
			row = entity_get(&sys, fund_entity("fund_plan"), pid);
			ext = row ? row_int(row, "extraction") : 0;	/* fen */
			json_decref(row);
			/* last year: use_pct of the extraction in 4 parts; this year: a third so far */
			{
				int parts = 4, pct = y < year ? p->use_pct : 33;
				int64_t total = ext * pct / 100, each = total / parts;

				for (int k = 0; k < parts; k++) {
					const char *const *u = uses[(i + (size_t)k) % ARRAY_SIZE(uses)];
					int64_t amt = k + 1 < parts ? each : total - each * (parts - 1);

					if (amt <= 0)
						continue;
					if (mk(c, "fund_expense", json_pack("{s:I, s:s, s:f, s:s, s:s}",
						"plan_id", (json_int_t)pid,
						"spent_on", arena_printf(a, "%d-%02d-15", y, 2 + k * 3),
						"amount", (double)amt / 100.0, "category", u[0],
						"description", u[1])) < 0)
						return -1;
				}
				if (p->outside && y < year &&
				    mk(c, "fund_expense", json_pack("{s:I, s:s, s:f, s:s, s:s}",
					"plan_id", (json_int_t)pid, "spent_on", arena_printf(a, "%d-09-10", y),
					"amount", 86000.0, "category", "non_safety",
					"description", "职工团建活动费用")) < 0)
					return -1;
			}
		}
	}
	return 0;
}

static int demo_policies(struct ectx *c)
{
	static const struct { const char *ent, *insurer; int start, end, people; double cover, premium; } ps[] = {
		{"城投建设", "中国人民财产保险股份有限公司上海市分公司", -200, 165, 640, 600000, 96000},
		{"青浦交运", "中国太平洋财产保险股份有限公司上海分公司", -100, 265, 960, 500000, 115200},
		{"青浦公交", "中国太平洋财产保险股份有限公司上海分公司", -100, 265, 1250, 500000, 150000},
		{"精工金属", "中国平安财产保险股份有限公司上海分公司", -345, 20, 260, 400000, 31200},
		{"青浦化贸", "中国人民财产保险股份有限公司上海市分公司", -405, -40, 38, 400000, 7600},
		{"青浦燃气", "中国人寿财产保险股份有限公司上海市分公司", -30, 335, 420, 500000, 54600},
	};
	struct arena *a = c->arena;

	for (size_t i = 0; i < ARRAY_SIZE(ps); i++) {
		int64_t org = demo_org_of(c, ps[i].ent), pid;

		if (!org)
			continue;
		pid = mk(c, "liability_policy", json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:f, s:f}",
			"org_id", (json_int_t)org, "insurer", ps[i].insurer,
			"policy_no", arena_printf(a, "AZX%.4s31%06zu", demo_day(a, ps[i].start), 1000 + i * 37),
			"start_date", demo_day(a, ps[i].start), "end_date", demo_day(a, ps[i].end),
			"insured_count", ps[i].people, "cover_per_person", ps[i].cover,
			"premium", ps[i].premium));
		if (pid < 0)
			return -1;
		if (ps[i].end > 0 &&
		    mk(c, "insurer_visit", json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}",
			"policy_id", (json_int_t)pid, "visit_date", demo_day(a, ps[i].start + 60),
			"service", i % 2 ? "inspection" : "training",
			"provider", "保险机构委托的安全技术服务机构",
			"content", i % 2 ? "现场安全检查，排查动火作业和临时用电隐患" : "开展全员安全生产培训2场",
			"findings", i % 2 ? "发现一般隐患3项，已反馈企业整改" : "培训覆盖率95%")) < 0)
			return -1;
	}
	return 0;
}

static int demo_licences(struct ectx *c)
{
	static const struct { const char *ent, *kind, *scope, *issuer; int issued, valid; } ls[] = {
		{"青浦化贸", "hazchem_operation", "危险化学品经营（不带储存）：甲醇、乙醇、丙酮等", "上海市青浦区应急管理局", -700, 395},
		{"青浦燃气", "gas_operation", "管道燃气经营", "上海市青浦区建设和管理委员会", -1100, -10},
		{"城投建设", "construction_safety", "建筑施工", "上海市住房和城乡建设管理委员会", -1035, 60},
		{"青浦公交", "road_transport", "道路旅客运输（城市公共交通）", "上海市青浦区交通委员会", -400, 1425},
		{"精工金属", "safety_production", "金属冶炼（铝合金熔炼）", "上海市应急管理局", -500, 595},
	};
	struct arena *a = c->arena;

	for (size_t i = 0; i < ARRAY_SIZE(ls); i++) {
		int64_t org = demo_org_of(c, ls[i].ent);

		if (org && mk(c, "licence", json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}",
			"org_id", (json_int_t)org, "kind", ls[i].kind,
			"number", arena_printf(a, "（沪青）证字〔%.4s〕%03zu号", demo_day(a, ls[i].issued), 100 + i * 7),
			"scope", ls[i].scope, "issuer", ls[i].issuer,
			"issued_on", demo_day(a, ls[i].issued), "valid_until", demo_day(a, ls[i].valid))) < 0)
			return -1;
	}
	return 0;
}

static int demo_equipment(struct ectx *c)
{
	static const struct {
		const char *ent, *name, *kind, *loc, *status;
		int months, last;	/* interval; last inspection, days from today (0 none) */
		int obsolete;
	} es[] = {
		{"青浦燃气", "LNG 储罐 1#", "pressure_vessel", "外青松公路门站储配区", "in_use", 12, -400, 0},
		{"青浦燃气", "调压站安全阀组", "pressure_pipe", "外青松公路门站调压区", "in_use", 12, -120, 0},
		{"淀湖购物", "客梯 1#", "elevator", "购物中心东侧中庭", "in_use", 12, -200, 0},
		{"淀湖购物", "自动扶梯 3#", "elevator", "购物中心二层", "in_use", 12, -340, 0},
		{"城投建设", "塔式起重机 QTZ125", "crane", "盈港东路项目工地", "in_use", 24, -300, 0},
		{"精工金属", "中频感应熔炼炉（无磁轭）", "production", "熔炼车间", "in_use", 0, 0, 1},
		{"精工金属", "桥式起重机 10t", "crane", "熔炼车间", "in_use", 24, -600, 0},
		{"青浦冷链", "液氨储罐", "pressure_vessel", "制冷机房", "in_use", 12, -90, 0},
		{"青浦彩印", "老式冲床", "production", "印刷车间", "scrapped", 0, 0, 1},
	};
	struct arena *a = c->arena;

	for (size_t i = 0; i < ARRAY_SIZE(es); i++) {
		int64_t org = demo_org_of(c, es[i].ent);
		json_t *o;

		if (!org)
			continue;
		o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "org_id", (json_int_t)org,
			      "name", es[i].name, "kind", es[i].kind, "location", es[i].loc,
			      "status", es[i].status,
			      "code", arena_printf(a, "SB-%04zu", 100 + i));
		if (es[i].months) {
			json_object_set_new(o, "interval_months", json_integer(es[i].months));
			json_object_set_new(o, "last_inspection", json_string(demo_day(a, es[i].last)));
		}
		if (es[i].obsolete) {
			json_object_set_new(o, "obsolete", json_true());
			json_object_set_new(o, "obsolete_ref", json_string("《淘汰落后安全技术装备目录》"));
		}
		if (strcmp(es[i].status, "scrapped") == 0)
			json_object_set_new(o, "scrapped_on", json_string(demo_day(a, -60)));
		if (mk(c, "equipment", o) < 0)
			return -1;
	}
	return 0;
}

static int demo_projects(struct ectx *c)
{
	struct arena *a = c->arena;
	int64_t cold = demo_org_of(c, "青浦冷链"), chem = demo_org_of(c, "青浦化贸");

	if (cold && mk(c, "construction_project", json_pack("{s:I, s:s, s:s, s:s, s:f, s:s, s:s, s:s, s:s}",
		"org_id", (json_int_t)cold, "name", "冷库扩建工程（二期）", "kind", "expand",
		"location", "重固镇北青公路6666号", "investment", 1800000.0,
		"design_review_date", demo_day(a, -420), "construction_start", demo_day(a, -380),
		"completion_date", demo_day(a, -60), "in_use_date", demo_day(a, -30))) < 0)
		return -1;
	if (chem && mk(c, "construction_project", json_pack("{s:I, s:s, s:s, s:s, s:f, s:s, s:s, s:s, s:s, s:s}",
		"org_id", (json_int_t)chem, "name", "危化品仓库改建项目", "kind", "rebuild",
		"location", "白鹤镇鹤祥路188号", "investment", 650000.0,
		"design_review_date", demo_day(a, -500), "construction_start", demo_day(a, -450),
		"completion_date", demo_day(a, -200), "acceptance_date", demo_day(a, -180),
		"in_use_date", demo_day(a, -170))) < 0)
		return -1;
	return 0;
}

int fund_demo_build(struct ectx *c)
{
	char today[11];

	entity_today(today);
	if (db_begin(c->db) != 0)
		return -1;
	if (demo_plans(c, (int)strtol(today, NULL, 10)) != 0 || demo_policies(c) != 0 ||
	    demo_licences(c) != 0 || demo_equipment(c) != 0 || demo_projects(c) != 0) {
		db_rollback(c->db);
		return -1;
	}
	return db_commit(c->db);
}
