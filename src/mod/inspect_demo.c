/*
 * inspect_demo.c — the demo district's checks (inspect_demo_build, inspect.h):
 *
 *   - enterprise A (城投集团): a monthly 25条 plan from four months back — two months
 *     done, one missed (overdue), the current month open; a finished daily check
 *     (all 符合); the principal's quarterly major-hazard inspection with an expert
 *     and an insurer signed in; a staff member's check still in progress;
 *   - the regulator's 监管执法检查 of A with one 不符合 item, and its 整改通知书;
 *   - enterprise B (精工金属): a 25条 self-check whose 不符合 item is still open (on
 *     the 百日攻坚 list); no principal-led inspection this quarter (a missing duty);
 *   - the regulator's 2026 enforcement plan with its proposed enterprises and a
 *     双随机 draw.
 *
 * The demo district is also the fixture of the hazard tests: failed items link to
 * EXISTING demo hazards (set before finishing, so finishing creates none) and no
 * hazard, risk point, enterprise or user is created or changed.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/json.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "http/http.h"
#include "mod/inspect.h"
#include "mod/inspect_int.h"
#include "mod/mod.h"

static int64_t q1(struct db *db, const char *sql, const char *text, int64_t p)
{
	struct db_stmt *st = db_prepare(db, sql);
	int64_t v = -1;
	int i = 1;

	if (st && (!text || !db_bind_text(st, i++, text)) && (!p || !db_bind_int64(st, i++, p))) {
		int rc = db_step(st);
		v = rc == DB_ROW ? db_col_int64(st, 0) : rc == DB_DONE ? 0 : -1;
	}
	db_finalize(st);
	return v;
}

static void day(int64_t today, int delta, char out[11])
{
	time_date((time_t)((today + delta) * 86400), out);
}

/* Answers every item of inspection id: all 符合, but item fail_seq 不符合 with note
 * (linked to hazard link, an existing demo hazard), na_seq 不适用, and only the
 * first upto items when upto > 0 (a check in progress). */
static int answer(struct ectx *c, int64_t id, int fail_seq, const char *note, int64_t link,
		  int na_seq, int upto, const char *at)
{
	struct db_stmt *st = db_prepare(c->db,
		"UPDATE inspection_result SET result = CASE WHEN seq = ? THEN 'fail' WHEN seq = ? THEN 'na'"
		" ELSE 'pass' END, note = CASE WHEN seq = ? THEN CAST(? AS TEXT) ELSE NULL END,"
		" hazard_id = CASE WHEN seq = ? THEN CAST(? AS BIGINT) ELSE NULL END, checked_by = ?, checked_at = ?"
		" WHERE inspection_id = ? AND (? = 0 OR seq <= ?)");
	int rc = -1;

	if (st && !db_bind_int64(st, 1, fail_seq) && !db_bind_int64(st, 2, na_seq) &&
	    !db_bind_int64(st, 3, fail_seq) && !db_bind_text(st, 4, note) &&
	    !db_bind_int64(st, 5, fail_seq) && !(link ? db_bind_int64(st, 6, link) : db_bind_null(st, 6)) &&
	    !db_bind_int64(st, 7, c->user->id) && !db_bind_text(st, 8, at) && !db_bind_int64(st, 9, id) &&
	    !db_bind_int64(st, 10, upto) && !db_bind_int64(st, 11, upto) && db_step(st) == DB_DONE)
		rc = 0;
	db_finalize(st);
	return rc;
}

/* Starts an inspection as c on checklist code (version 1) and returns its id. */
static int64_t start(struct ectx *c, const char *title, const char *kind, const char *code,
		     int64_t org, int64_t plan, const char *date, const char *location, struct verr *e)
{
	int64_t cl = q1(c->db, "SELECT id FROM checklist WHERE code = ? AND is_current = 1", code, 0);
	json_t *b;
	int64_t id;

	if (cl <= 0)
		return -1;
	b = json_pack("{s:s, s:s, s:I, s:I, s:s}", "title", title, "kind", kind, "checklist_id",
		      (json_int_t)cl, "org_id", (json_int_t)org, "inspect_date", date);
	if (plan)
		json_object_set_new(b, "plan_id", json_integer(plan));
	if (location)
		json_object_set_new(b, "location", json_string(location));
	id = entity_create_tx(c, &inspection_def, b, e);
	json_decref(b);
	return id;
}

static int finish(struct ectx *c, int64_t id, const char *summary, struct verr *e)
{
	json_t *b = json_pack("{s:s}", "summary", summary);
	int rc = wf_run_tx(c, &inspection_def, id, "finish", b, NULL, NULL, NULL, e);

	json_decref(b);
	return rc;
}

int inspect_demo_build(struct ectx *sys)
{
	struct user um, up, us, ur, um2;
	struct ectx cm, cp, cs, cr, cm2;
	struct verr e;
	char today[11], d[24], at[40];
	int64_t tdays, orgA, orgB, plan, id, hzA, hzB, hzA2;
	int rc = -1, began = 0;
	json_t *b;

	verr_init(&e, sys->arena);
	if (demo_user(sys, "manager", &um) || demo_user(sys, "principal", &up) ||
	    demo_user(sys, "staff", &us) || demo_user(sys, "regulator", &ur) ||
	    demo_user(sys, "manager2", &um2))
		return -1;
	cm = (struct ectx){ .db = sys->db, .user = &um, .arena = sys->arena };
	cp = cm, cp.user = &up;
	cs = cm, cs.user = &us;
	cr = cm, cr.user = &ur;
	cm2 = cm, cm2.user = &um2;
	orgA = um.org_id;
	orgB = um2.org_id;
	entity_today(today);
	if (date_parse(today, &tdays) != 0 || db_begin(sys->db) != 0)
		return -1;
	began = 1;
	/* existing open hazards the failed items stand for */
	hzA = q1(sys->db, "SELECT MIN(id) FROM hazard WHERE title = ? AND org_id = ?", "安全生产责任制未按年度修订", orgA);
	hzA2 = q1(sys->db, "SELECT MIN(id) FROM hazard WHERE title = ? AND org_id = ?", "消防通道堆放杂物", orgA);
	hzB = q1(sys->db, "SELECT MIN(id) FROM hazard WHERE title = ? AND org_id = ?", "冲床光电保护装置失效", orgB);

	/* A's monthly 25条 plan, four months back */
	{
		int y, m;
		char sd[24];
		sscanf(today, "%d-%d", &y, &m);
		m -= 4;
		if (m <= 0) {
			m += 12;
			y--;
		}
		snprintf(sd, sizeof(sd), "%04d-%02d-01", y % 10000, m % 100);
		b = json_pack("{s:s, s:s, s:I, s:s, s:I, s:I, s:s, s:s, s:s}", "name", "每月六大责任25条对标检查",
			      "kind", "routine", "checklist_id",
			      (json_int_t)q1(sys->db, "SELECT id FROM checklist WHERE code = ? AND version = 1", "duty25", 0),
			      "frequency", "monthly", "owner_id", (json_int_t)um.id, "org_id", (json_int_t)orgA,
			      "start_date", sd, "scope_kind", "enterprise", "note", "安全管理部每月对照25条逐条检查");
		plan = entity_create_tx(&cm, &plan_def, b, &e);
		json_decref(b);
		if (plan < 0)
			goto out;
		/* months −4 and −2 done (−3 missed), by an inspection mid-month */
		for (int back = 4; back >= 2; back -= 2) {
			int yy = y, mm = m + (4 - back);
			if (mm > 12) {
				mm -= 12;
				yy++;
			}
			snprintf(d, sizeof(d), "%04d-%02d-15", yy % 10000, mm % 100);
			snprintf(at, sizeof(at), "%.10s 10:00:00", d);
			entity_clock = at;
			id = start(&cm, arena_printf(sys->arena, "%d月25条对标检查", mm), "routine", "duty25", orgA,
				   plan, d, "集团总部及各下属单位", &e);
			if (id < 0 || answer(&cm, id, 0, NULL, 0, 25, 0, at) ||
			    finish(&cm, id, "对照25条逐条检查，未发现不符合项", &e))
				goto out;
		}
		entity_clock = NULL;
	}
	/* a finished daily check, all 符合 */
	day(tdays, -3, d);
	snprintf(at, sizeof(at), "%.10s 09:00:00", d);
	entity_clock = at;
	id = start(&cm, "岗位日常安全检查", "self", "principal7", orgA, 0, d, "安全管理部", &e);
	if (id < 0 || answer(&cm, id, 0, NULL, 0, 0, 0, at) || finish(&cm, id, "检查未发现问题", &e))
		goto out;
	/* the principal's quarterly major-hazard inspection, with an expert and an insurer */
	day(tdays, -6, d);
	snprintf(at, sizeof(at), "%.10s 14:00:00", d);
	entity_clock = at;
	id = start(&cp, "主要负责人带队重大事故隐患检查", "principal_major", "principal7", orgA, 0, d,
		   "集团总部", &e);
	if (id < 0)
		goto out;
	{
		static const char *const who[][4] = {
			{"周明", "expert", "上海安协安全技术服务有限公司", "周明"},
			{"孙丽", "insurer", "中国人民财产保险青浦支公司", "孙丽"},
			{"王建华", "enterprise", "上海青浦城市建设投资集团有限公司", "王建华"},
		};
		for (int i = 0; i < 3; i++) {
			b = json_pack("{s:I, s:s, s:s, s:s, s:s}", "inspection_id", (json_int_t)id, "name", who[i][0],
				      "role", who[i][1], "company", who[i][2], "signature", who[i][3]);
			if (entity_create_tx(&cp, &participant_def, b, &e) < 0) {
				json_decref(b);
				goto out;
			}
			json_decref(b);
		}
	}
	if (answer(&cp, id, 1, "全员安全生产责任制未按年度修订", hzA, 0, 0, at) ||
	    finish(&cp, id, "发现1项问题，已纳入隐患台账整改", &e))
		goto out;
	/* the regulator's check of A and its 整改通知书 */
	day(tdays, -2, d);
	snprintf(at, sizeof(at), "%.10s 10:30:00", d);
	entity_clock = at;
	id = start(&cr, "百日攻坚专项执法检查", "regulator", "duty25", orgA, 0, d, "集团总部", &e);
	if (id < 0 || answer(&cr, id, 18, "三楼东侧消防通道堆放杂物，现场安全检查制度未落实", hzA2, 24, 0, at) ||
	    finish(&cr, id, "发现1项不符合，责令限期整改", &e))
		goto out;
	{
		char dl[11];
		day(tdays, 13, dl);
		b = json_pack("{s:I, s:s, s:s}", "inspection_id", (json_int_t)id, "deadline", dl,
			      "requirement", "限期整改完毕，并将整改情况书面报送区国资委");
		if (entity_create_tx(&cr, &notice_def, b, &e) < 0) {
			json_decref(b);
			goto out;
		}
		json_decref(b);
	}
	/* B's 25条 self-check with an open 不符合 item: on the 百日攻坚 list */
	day(tdays, -10, d);
	snprintf(at, sizeof(at), "%.10s 15:00:00", d);
	entity_clock = at;
	id = start(&cm2, "百日攻坚25条对标自查", "self", "duty25", orgB, 0, d, "全厂", &e);
	if (id < 0 || answer(&cm2, id, 17, "冲床光电保护装置失效，劳动防护管理不到位", hzB, 25, 0, at) ||
	    finish(&cm2, id, "1项不符合，正在整改", &e))
		goto out;
	entity_clock = NULL;
	/* a staff member's check in progress (three of six items answered) */
	id = start(&cs, "六个一活动落实情况检查", "self", "six_one", orgA, 0, today, "工会活动室", &e);
	if (id < 0 || answer(&cs, id, 0, NULL, 0, 0, 3, today))
		goto out;
	/* the regulator's enforcement plan, proposed targets and a draw */
	{
		int64_t ep;
		b = json_pack("{s:i, s:s, s:s}", "year", atoi(today), "name",
			      arena_printf(sys->arena, "%.4s年度安全生产监督检查计划", today),
			      "note", "重点检查高危行业、失信及近三年发生死亡事故的企业");
		ep = entity_create_tx(&cr, &enf_plan_def, b, &e);
		json_decref(b);
		{
			int added;
			if (ep < 0 || in_propose(&cr, ep, &added, &e) != 0)
				goto out;
		}
		b = json_pack("{s:s, s:I, s:i, s:i}", "title", "第四季度双随机抽查", "plan_id", (json_int_t)ep,
			      "n_enterprises", 2, "m_inspectors", 1);
		if (entity_create_tx(&cr, &draw_def, b, &e) < 0) {
			json_decref(b);
			goto out;
		}
		json_decref(b);
	}
	if (db_commit(sys->db) != 0)
		goto out;
	began = 0;
	rc = 0;
out:
	entity_clock = NULL;
	if (rc)
		log_err("inspect demo: %s %s", e.message ? e.message : "", e.field ? e.field : "");
	if (began)
		db_rollback(sys->db);
	return rc;
}
