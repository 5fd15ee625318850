/*
 * task_leader_demo.c — the demo district's 区领导: the seven leaders the seeds/003
 * annex names in its 区领导 column (so the task demo's tasks link to them), their
 * 职责清单 (the general duties of seeds/003 一(一)3 and each leader's tasks of the
 * annex), 带队督查检查 records (one of them the regulator's 监管执法检查 of the
 * inspection demo, linked), and last year's 履职述职 reports: five on time, one
 * late, one never submitted (肖立's, who has an account of his own: the demo's
 * "leader", whom the overdue report's reminder reaches). The positions and units
 * are the demo's reading of the annex (the units each leader's tasks name), not
 * facts of the seed.
 * Records of this module only; runs after the inspection demo (modules.c order).
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
#include "mod/mod.h"
#include "mod/task.h"

static const struct demo_leader {
	const char *name, *position, *units;
	const char *own, *own_basis;	/* the leader's own item of the annex */
	int submitted;			/* last year's report: day of January, 51 = 20 February, 0 none */
	const char *account;		/* the leader's own account (demo.c), NULL none */
} leaders[] = {
	{"肖文高", "区长、区安委会主任", "区安委会各成员单位",
	 "全面领导全区安全生产工作，落实年度事故防控目标（事故\u201c减量防大\u201d）", "普安委〔2023〕4号 附件第1项", 20, NULL},
	{"姜爱锋", "常务副区长、区安委会常务副主任", "区应急局 区建管委 区房管局 区消防救援支队",
	 "协助区长统筹全区安全生产工作，组织安全生产巡查考核，完善专业委员会运作机制", "普安委〔2023〕4号 附件第3、4项", 18, NULL},
	{"李荣华", "副区长", "区商务委 区发改委",
	 "强化安全应急产业支撑，引导安全应急产品和服务集聚发展", "普安委〔2023〕4号 附件第19项", 26, NULL},
	{"王珏", "副区长", "区文旅局 区教育局 区卫生健康委 区体育局",
	 "健全分管领域安全风险研判机制，定期会商研判城市安全风险", "普安委〔2023〕4号 附件第16项", 30, NULL},
	{"张骏", "副区长、区公安分局局长", "区公安分局 区建管委",
	 "保障城市交通运行安全，加大\u201c两客一危一货\u201d重点车辆执法检查力度", "普安委〔2023〕4号 附件第14项", 51, NULL},
	{"蒋龙", "副区长", "区应急局 区消防救援支队 区生态环境局",
	 "强化危险化学品源头管控，推进应急指挥体系建设", "普安委〔2023〕4号 附件第9、18项", 15, NULL},
	{"肖立", "副区长", "区市场监管局 区科委",
	 "提升特种设备监管效能，深化工业互联网和安全生产的融合应用", "普安委〔2023〕4号 附件第15、17项", 0, "leader"},
};

/* seeds/003 一(一)3 and 附件第2项: what every leader's list holds. */
static const struct { const char *content, *basis; } general[] = {
	{"落实\u201c党政同责、一岗双责、齐抓共管、失职追责\u201d，统筹抓好分管领域安全生产工作",
	 "普安委〔2023〕4号 一(一)；附件第2项"},
	{"严格落实安全生产履职述职报告制度，每年向区安委会报告上一年度履职情况",
	 "普安委〔2023〕4号 一(一)3"},
	{"落实带队督查检查机制，定期带队督查检查分管领域重点企业和单位，闭环管理问题隐患",
	 "普安委〔2023〕4号 一(一)3"},
};

static int64_t mk(struct ectx *c, const char *entity, json_t *o)
{
	struct verr e;
	int64_t id;

	verr_init(&e, c->arena);
	id = entity_create(c, entity_find(entity), o, &e);
	if (id <= 0)
		log_err("leader demo: %s: %s %s", entity, e.field ? e.field : "", e.message ? e.message : "");
	json_decref(o);
	return id;
}

static int64_t ent_named(struct ectx *c, const char *name)
{
	struct db_stmt *st = db_prepare(c->db, "SELECT id FROM enterprise WHERE name = ?");
	int64_t id = 0;

	if (st && db_bind_text(st, 1, name) == 0 && db_step(st) == DB_ROW)
		id = db_col_int64(st, 0);
	db_finalize(st);
	return id;
}

/* The report of leader id for year: submitted on the leader's day (of year + 1)
 * if that day is before today. Returns the id, -1 error. */
static int64_t demo_report(struct ectx *c, int64_t id, const struct demo_leader *l, int year,
			   const char *today)
{
	json_t *r = json_pack("{s:I, s:i}", "leader_id", (json_int_t)id, "year", year);
	int d = l->submitted;
	const char *on = d ? arena_printf(c->arena, "%04d-%02d-%02d", year + 1, d > 31 ? 2 : 1,
					  d > 31 ? d - 31 : d) : NULL;

	if (on && strcmp(on, today) < 0) {
		json_object_set_new(r, "submitted_date", json_string(on));
		json_object_set_new(r, "content", json_string(arena_printf(c->arena,
			"%d年，本人认真履行安全生产\u201c一岗双责\u201d，牵头推进分管领域重点任务：%s。"
			"全年带队督查检查分管领域重点企业和单位，对发现的问题隐患督促闭环整改。",
			year, l->own)));
	}
	return mk(c, "leader_report", r);
}

int task_leader_demo_build(struct ectx *c)
{
	struct user reg;
	struct ectx rc;
	int64_t ids[ARRAY_SIZE(leaders)];
	char today[11];
	int year;

	if (demo_user(c, "regulator", &reg) != 0)
		return 0;
	rc = (struct ectx){ .db = c->db, .user = &reg, .arena = c->arena };
	entity_today(today);
	/* last year's reports, all of whose dates have passed (before March: the year before) */
	year = atoi(today) - (strcmp(today + 5, "03-01") < 0 ? 2 : 1);
	for (size_t i = 0; i < ARRAY_SIZE(leaders); i++) {
		json_t *o = json_pack("{s:i, s:s, s:s, s:s, s:b}", "seq", (int)i + 1,
				      "name", leaders[i].name, "position", leaders[i].position,
				      "units", leaders[i].units, "active", 1);
		struct user own;

		if (leaders[i].account && demo_user(c, leaders[i].account, &own) == 0)
			json_object_set_new(o, "user_id", json_integer(own.id));
		if ((ids[i] = mk(&rc, "leader", o)) <= 0)
			return -1;
		for (size_t k = 0; k <= ARRAY_SIZE(general); k++)
			if (mk(&rc, "leader_duty", json_pack("{s:I, s:i, s:s, s:s}", "leader_id", (json_int_t)ids[i],
				"seq", (int)k + 1, "content", k ? general[k - 1].content : leaders[i].own,
				"basis", k ? general[k - 1].basis : leaders[i].own_basis)) <= 0)
				return -1;
		/* before March, the year just ended too (its January dates up to today):
		 * the list's 上年度述职 reads it */
		for (int y = year; y < atoi(today); y++)
			if (demo_report(&rc, ids[i], &leaders[i], y, today) <= 0)
				return -1;
	}
	/* 带队督查检查: 蒋龙 at the chemicals trader, 姜爱锋 in 华新镇 with 精工金属, 张骏
	 * unannounced at the bus company, and 姜爱锋 leading the regulator's check of A */
	{
		int64_t chem = ent_named(c, "上海青浦化工物资贸易有限公司"),
			metal = ent_named(c, "上海青浦精工金属制品有限公司"),
			bus = ent_named(c, "上海青浦公共交通有限公司");
		json_t *o;

		if (chem && mk(&rc, "leader_inspection", json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:i}",
			"leader_id", (json_int_t)ids[5], "inspect_date", demo_day(c->arena, -40), "kind", "inspection",
			"enterprise_id", (json_int_t)chem, "participants", "区应急局、白鹤镇安监所",
			"findings", "危险化学品仓库通风设施未定期检测；应急器材配备不足。要求7日内完成整改并报区应急局。",
			"hazard_count", 2)) <= 0)
			return -1;
		if (metal && mk(&rc, "leader_inspection", json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:i}",
			"leader_id", (json_int_t)ids[1], "inspect_date", demo_day(c->arena, -75), "kind", "supervision",
			"enterprise_id", (json_int_t)metal, "units", "华新镇人民政府",
			"findings", "督导华新镇落实属地管理责任；精工金属熔炼车间安全警示标识不全，已督促整改。",
			"hazard_count", 1)) <= 0)
			return -1;
		if (bus && mk(&rc, "leader_inspection", json_pack("{s:I, s:s, s:s, s:I, s:s, s:i}",
			"leader_id", (json_int_t)ids[4], "inspect_date", demo_day(c->arena, -20), "kind", "unannounced",
			"enterprise_id", (json_int_t)bus,
			"findings", "夜间停车场巡查记录不完整，驾驶员岗前酒精检测抽查合格。", "hazard_count", 0)) <= 0)
			return -1;
		/* the regulator's 监管执法检查 of the inspection demo, if there is one */
		{
			struct db_stmt *st = db_prepare(c->db, "SELECT id, inspect_date FROM inspection"
							" WHERE kind = 'regulator' AND inspect_date <= ? ORDER BY id LIMIT 1");
			int64_t insp = 0;
			const char *d = NULL;

			if (st && db_bind_text(st, 1, today) == 0 && db_step(st) == DB_ROW) {
				insp = db_col_int64(st, 0);
				d = arena_strdup(c->arena, db_col_text(st, 1));
			}
			db_finalize(st);
			if (insp && d) {
				o = json_pack("{s:I, s:s, s:s, s:I, s:s, s:s}", "leader_id", (json_int_t)ids[1],
					      "inspect_date", d, "kind", "inspection", "inspection_id", (json_int_t)insp,
					      "participants", "区国资委、区应急局",
					      "findings", "带队开展百日攻坚专项执法检查，发现问题已下达整改通知书。");
				if (mk(&rc, "leader_inspection", o) <= 0)
					return -1;
			}
		}
	}
	return 0;
}
