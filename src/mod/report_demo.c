/*
 * report_demo.c — the demo district's hazard reports and rewards (issue 8): public
 * reports in every triage state and an employee's report, a reward approved and paid
 * and one waiting for approval. The demo district is the fixture of other tests, so
 * this demo creates no hazard: the accepted reports are the ones the demo's 群众举报
 * and 员工报告 hazards came from (their acceptance is recorded on the report with an
 * "accept" audit row), and merges go through the declared action onto existing
 * hazards. Dates lie in the past by the demo clock (entity_clock).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "http/http.h"
#include "mod/mod.h"
#include "mod/report.h"
#include "rules/media.h"

#define ENT_A "上海青浦城市建设投资集团有限公司"
#define ENT_B "上海青浦精工金属制品有限公司"

/* The demo user username as the router would load it (what the actions read). */
static int rd_user(struct ectx *c, const char *username, struct user *u)
{
	struct db_stmt *st = db_prepare(c->db, "SELECT u.id, u.role, u.org_id, o.path, u.name"
					       " FROM users u JOIN org o ON o.id = u.org_id"
					       " WHERE u.username = ?");
	int rc = -1;

	memset(u, 0, sizeof(*u));
	if (st && db_bind_text(st, 1, username) == 0 && db_step(st) == DB_ROW) {
		u->id = db_col_int64(st, 0);
		u->role = role_parse(db_col_text(st, 1));
		u->org_id = db_col_int64(st, 2);
		u->org_path = arena_strdup(c->arena, db_col_text(st, 3));
		u->name = arena_strdup(c->arena, db_col_text(st, 4));
		u->username = arena_strdup(c->arena, username);
		rc = 0;
	}
	db_finalize(st);
	return rc;
}

static int64_t rd_id(struct ectx *c, const char *sql, const char *p)
{
	struct db_stmt *st = db_prepare(c->db, sql);
	int64_t id = 0;

	if (st && db_bind_text(st, 1, p) == 0 && db_step(st) == DB_ROW)
		id = db_col_int64(st, 0);
	db_finalize(st);
	return id;
}

/* Sets the demo clock to days before today at hh:00 (buf holds it). */
static void rd_at(int ago, int hh, char buf[32])
{
	char d[11];

	time_date(now_utc() - (time_t)ago * 86400, d);
	snprintf(buf, 32, "%s %02d:00:00", d, hh);
	entity_clock = buf;
}

struct rd_report {
	const char *ent;	/* enterprise name, NULL = none named */
	const char *ent_name;	/* what the reporter typed */
	const char *reporter;	/* employee username, NULL = the public */
	const char *description, *location, *contact;
	int ago;
	/* outcome: 's' submitted, 'a' accepted (hazard = the demo hazard it became),
	 * 'm' merged into hazard, 'r' rejected */
	char outcome;
	const char *hazard;	/* title of the existing demo hazard */
	const char *triager;
	const char *text;	/* note or the rejection reason */
};

static const struct rd_report rd_reports[] = {
	{ENT_A, NULL, NULL, "燃气调压站围栏破损，有人翻越进入站区", "外青松公路调压站东侧围栏",
	 "13917001234", 2, 's', NULL, NULL, NULL},
	{NULL, "盈港路底商餐饮店", NULL, "餐饮店在居民楼下的过道里存放五六个液化气钢瓶",
	 "盈港路某小区底商过道", NULL, 1, 's', NULL, NULL, NULL},
	{"上海青浦城投物业管理有限公司", NULL, NULL, "小区消防栓打开没有水", "公园路小区12号楼旁",
	 "王先生 13601700000", 61, 'a', "小区消防栓无水", "manager", "已登记隐患，安排物业整改"},
	{NULL, NULL, "staff", "地下车库排水泵不转，积水越来越深", "城中东路585号地下车库",
	 NULL, 9, 'a', "地下车库排水泵故障", "manager", "已登记隐患，下达整改"},
	{"上海青浦燃气有限公司", NULL, NULL, "路边燃气管道标志桩被撞倒了好几个", "崧泽大道沿线",
	 "微信同号 13761700011", 11, 'm', "燃气管道标志桩缺失", "manager", "与自查发现的隐患为同一处"},
	{ENT_B, NULL, NULL, "厂房后面有台设备一直冒烟", "精工金属厂区北侧", NULL, 6, 'r', NULL,
	 "manager2", "经现场核查，该处为已停用的旧设备，已断电挂牌，冒烟系邻厂锅炉排气，不构成隐患"},
	{ENT_B, NULL, NULL, "仓库行车吊钩钢丝绳起毛刺，还在吊货", "精工金属成品仓库", NULL, 27, 'm',
	 "行车钢丝绳断丝超标", "manager2", "与本企业检查发现的隐患为同一处"},
	{ENT_A, NULL, NULL, "总部大楼一楼的安全出口指示灯不亮", "公园路100号总部大楼一楼大厅",
	 "13916009876", 75, 'm', "安全出口指示标志缺失", "manager", "与自查发现的隐患为同一处"},
};

/* Records the acceptance of a report whose hazard the demo already holds (the hazard
 * demo registered it from this report): the report's state, link and triager, with
 * the audit row an accept writes. */
static int rd_accepted(struct ectx *c, int64_t id, int64_t hid, const struct user *by,
		       const char *note, struct verr *e)
{
	char now[20];
	json_t *set;
	int rc;

	entity_now(now);
	set = json_pack("{s:s, s:I, s:I, s:s, s:s}", "status", "accepted", "hazard_id", (json_int_t)hid,
			"triaged_by", (json_int_t)by->id, "triaged_at", now, "triage_note", note);
	rc = entity_set_tx(c, &report_def, id, "submitted", set, "accept", e) == 1 ? 0 : -1;
	json_decref(set);
	return rc;
}

static int rd_action(struct ectx *c, struct user *u, const struct entity_def *d, int64_t id,
		     const char *verb, json_t *body, struct verr *e)
{
	struct ectx a = { .db = c->db, .user = u, .arena = c->arena };
	int rc = wf_run_tx(&a, d, id, verb, body, NULL, NULL, NULL, e);

	json_decref(body);
	return rc;
}

static int64_t rd_reward(struct ectx *c, struct user *u, int64_t report, double amount,
			 const char *basis, struct verr *e)
{
	struct ectx a = { .db = c->db, .user = u, .arena = c->arena };
	json_t *o = json_pack("{s:I, s:f, s:s}", "report_id", (json_int_t)report, "amount", amount,
			      "basis", basis);
	int64_t id = entity_create_tx(&a, &reward_def, o, e);

	json_decref(o);
	return id;
}

int report_demo_build(struct ectx *c)
{
	struct user mgr, pri, reg, mgr2, stf;
	int64_t ids[ARRAY_SIZE(rd_reports)];
	char clock[32], code[TRACK_LEN + 1];
	struct verr e;
	int rc = -1;

	verr_init(&e, c->arena);
	if (rd_user(c, "manager", &mgr) || rd_user(c, "principal", &pri) ||
	    rd_user(c, "regulator", &reg) || rd_user(c, "manager2", &mgr2) ||
	    rd_user(c, "staff", &stf))
		return 0;	/* not the demo district */
	if (db_begin(c->db) != 0)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(rd_reports); i++) {
		const struct rd_report *r = &rd_reports[i];
		int64_t org = r->ent ? rd_id(c, "SELECT org_id FROM enterprise WHERE name = ?", r->ent) : 0;
		int64_t hid = r->hazard ? rd_id(c, "SELECT id FROM hazard WHERE title = ?", r->hazard) : 0;
		struct user *by = r->triager && !strcmp(r->triager, "manager2") ? &mgr2 : &mgr;
		struct ectx rc_ctx = *c;
		json_t *none = json_array();

		if (r->reporter) {
			rc_ctx.user = &stf;
			rc_ctx.sys = 1;
			org = rd_id(c, "SELECT org_id FROM hazard WHERE title = ?", r->hazard);
		}
		if ((r->ent && !org) || (r->hazard && !hid)) {
			json_decref(none);
			log_err("report demo: fixture row missing for %s", r->description);
			goto out;
		}
		rd_at(r->ago, 9, clock);
		ids[i] = report_create_tx(&rc_ctx, r->description, r->location, org, r->ent_name,
					  r->contact, none, r->reporter ? stf.id : 0,
					  r->reporter ? "employee" : "public", code, &e);
		json_decref(none);
		if (ids[i] < 0)
			goto out;
		rd_at(r->ago > 1 ? r->ago - 1 : 0, 15, clock);
		if (r->outcome == 'a' && rd_accepted(c, ids[i], hid, by, r->text, &e) != 0)
			goto out;
		if (r->outcome == 'm' &&
		    rd_action(c, by, &report_def, ids[i], "merge",
			      json_pack("{s:I, s:s}", "hazard_id", (json_int_t)hid, "note", r->text), &e))
			goto out;
		if (r->outcome == 'r' &&
		    rd_action(c, by, &report_def, ids[i], "reject", json_pack("{s:s}", "reason", r->text), &e))
			goto out;
	}
	{
		/* the public report of the dry hydrant: proposed by the regulator, approved
		 * by the enterprise's principal, paid; the employee's pump report: an
		 * internal reward approved and paid; the exit sign at headquarters: waiting */
		int64_t w1, w2, w3;
		char paid[11];

		rd_at(55, 10, clock);
		w1 = rd_reward(c, &reg, ids[2], 300.00, "青浦区安全生产举报奖励办法：一般事故隐患举报查证属实", &e);
		if (w1 < 0 || rd_action(c, &pri, &reward_def, w1, "approve",
					json_pack("{s:s}", "note", "同意"), &e))
			goto out;
		rd_at(50, 10, clock);
		entity_today(paid);
		if (rd_action(c, &mgr, &reward_def, w1, "pay",
			      json_pack("{s:s, s:s}", "paid_date", paid, "pay_note", "银行转账"), &e))
			goto out;
		rd_at(7, 10, clock);
		w2 = rd_reward(c, &mgr, ids[3], 200.00, "本公司事故隐患内部报告奖励制度第五条", &e);
		if (w2 < 0 || rd_action(c, &pri, &reward_def, w2, "approve", json_pack("{}"), &e))
			goto out;
		rd_at(5, 10, clock);
		entity_today(paid);
		if (rd_action(c, &pri, &reward_def, w2, "pay",
			      json_pack("{s:s, s:s}", "paid_date", paid, "pay_note", "随当月工资发放"), &e))
			goto out;
		rd_at(3, 10, clock);
		w3 = rd_reward(c, &mgr, ids[7], 500.00, "青浦区安全生产举报奖励办法：一般事故隐患举报查证属实", &e);
		if (w3 < 0)
			goto out;
	}
	rc = 0;
out:
	entity_clock = NULL;
	if (rc == 0 && db_commit(c->db) == 0)
		return 0;
	log_err("report demo: %s %s", e.field ? e.field : "", e.message ? e.message : db_errmsg(c->db));
	db_rollback(c->db);
	return -1;
}
