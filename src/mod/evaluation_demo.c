/*
 * evaluation_demo.c — the demo district's evaluation: last year's scheme published
 * (frozen; the enterprise with last year's fatal accident is vetoed, 一票否优), this
 * year's scheme as a draft computed live, one deduction and one bonus, and two
 * accountability measures (约谈 after the veto, 通报 of an overdue hazard). Only rows
 * of this module are written; the figures come from the other modules' demo data.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "entity/obligation.h"
#include "http/http.h"
#include "mod/evaluation.h"
#include "mod/mod.h"

static const struct { const char *code; double weight; } weights[] = {
	{"hazard_ontime", 25}, {"major_cleared", 15}, {"obligation_ontime", 25},
	{"drill_done", 10}, {"submit_ontime", 10}, {"accident_free", 15},
};

static int64_t mk_scheme(struct ectx *c, int year, const char *name)
{
	/* bands 85 / 75 / 60; a veto leaves at best 合格 (the scheme's choice) */
	int64_t id = demo_create(c, &eval_scheme_def, json_pack("{s:s,s:i,s:f,s:f,s:f,s:s,s:b,s:b,s:b,s:b,s:b,s:s}",
		"name", name, "year", year, "band_excellent", 85.0, "band_good", 75.0, "band_pass", 60.0,
		"veto_cap", "pass", "veto_accident_larger", 1, "veto_accident_death", 1,
		"veto_accident_late", 1, "veto_major_overdue", 1, "veto_supervise_missed", 1,
		"note", "依据 seeds/001 任务2：督查考核，严格落实“一票否优”；分数线、分值为本方案设定"));

	for (size_t i = 0; id > 0 && i < sizeof(weights) / sizeof(weights[0]); i++)
		if (demo_create(c, &eval_indicator_def, json_pack("{s:I,s:s,s:f}", "scheme_id", (json_int_t)id,
			"code", weights[i].code, "weight", weights[i].weight)) < 0)
			return -1;
	return id;
}

int evaluation_demo_build(struct ectx *sys)
{
	struct user u;
	struct ectx c = *sys;
	char today[11];
	int year;
	int64_t last, cur, veto_org = 0, veto_res = 0, hz = 0, hz_org = 0, first = 0;

	if (demo_user(sys, "regulator", &u) != 0)
		return -1;
	c.user = &u;
	entity_today(today);
	year = (int)strtol(today, NULL, 10);
	if (db_begin(c.db) != 0)
		return -1;
	/* the calendar as the scheduler keeps it, so last year's duties are judged */
	if (ob_rollover(c.db, 1) != 0)
		goto fail;
	{
		char n1[96], n2[96];

		snprintf(n1, sizeof(n1), "%d年度区管企业安全生产工作考核", year - 1);
		snprintf(n2, sizeof(n2), "%d年度区管企业安全生产工作考核", year);
		last = mk_scheme(&c, year - 1, n1);
		cur = mk_scheme(&c, year, n2);
	}
	if (last < 0 || cur < 0)
		goto fail;
	/* one deduction and one bonus on this year's draft, to the first two enterprises */
	if (db_query_int64(c.db, "SELECT MIN(org_id) FROM enterprise", &first, 0) != 0 || !first)
		goto fail;
	if (demo_create(&c, &eval_adjust_def, json_pack("{s:I,s:I,s:s,s:f,s:s,s:s}", "scheme_id", (json_int_t)cur,
		"org_id", (json_int_t)first, "kind", "deduct", "points", 2.0,
		"reason", "10月份月度工作开展情况逾期报送（seeds/001 §三(三)）", "adjust_date", today)) < 0 ||
	    demo_create(&c, &eval_adjust_def, json_pack("{s:I,s:I,s:s,s:f,s:s}", "scheme_id", (json_int_t)cur,
		"org_id", (json_int_t)first, "kind", "bonus", "points", 3.0,
		"reason", "“六个一”系列活动成效突出，获区安委办通报表扬（seeds/002 §五(三)）")) < 0)
		goto fail;
	if (ev_publish_tx(&c, last) != 0)
		goto fail;
	/* 约谈: the vetoed enterprise of last year, linked to its frozen result */
	{
		int64_t p[1] = { last };

		if (db_query_int64v(c.db, "SELECT MIN(id) FROM eval_result WHERE scheme_id = ? AND vetoed = 1",
				    p, 1, &veto_res, 0) != 0)
			goto fail;
		if (veto_res && db_query_int64p(c.db, "SELECT org_id FROM eval_result WHERE id = ?",
						veto_res, &veto_org, 0) != 0)
			goto fail;
	}
	if (veto_res && demo_create(&c, &eval_measure_def, json_pack("{s:I,s:s,s:s,s:s,s:I,s:s,s:s}",
		"org_id", (json_int_t)veto_org, "kind", "interview", "measure_date", today,
		"finding_type", "eval_result", "finding_id", (json_int_t)veto_res,
		"reason", "上年度发生生产安全亡人事故，考核一票否优；约谈企业主要负责人，督促落实事故整改措施",
		"target_person", "企业主要负责人")) < 0)
		goto fail;
	/* 通报: an overdue hazard */
	{
		struct db_stmt *st = db_prepare(c.db, "SELECT id, org_id FROM hazard WHERE status NOT IN"
			" ('closed', 'dismissed') AND deadline IS NOT NULL AND deadline < ? ORDER BY deadline, id LIMIT 1");

		if (!st || db_bind_text(st, 1, today) < 0) {
			db_finalize(st);
			goto fail;
		}
		if (db_step(st) == DB_ROW) {
			hz = db_col_int64(st, 0);
			hz_org = db_col_int64(st, 1);
		}
		db_finalize(st);
	}
	if (hz && demo_create(&c, &eval_measure_def, json_pack("{s:I,s:s,s:s,s:s,s:I,s:s}",
		"org_id", (json_int_t)hz_org, "kind", "bulletin", "measure_date", today,
		"finding_type", "hazard", "finding_id", (json_int_t)hz,
		"reason", "隐患逾期未整改，在区管企业安全生产晾晒通报中予以通报")) < 0)
		goto fail;
	return db_commit(c.db);
fail:
	db_rollback(c.db);
	return -1;
}
