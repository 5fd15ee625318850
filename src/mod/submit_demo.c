/*
 * submit_demo.c — the demo district's 信息报送: the regulator enables the
 * documents' types (monthly progress by the 20th, the annual plan by the end of
 * April, last year's accident statistics by mid-January, the campaign summary by
 * 12月5日, important information, the high-risk units' drill reports); the demo
 * enterprises have submitted some on time, some late, some not at all, and one
 * report was returned. Records of this module only.
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
#include "mod/submit.h"

/* The first regulator account of the demo (the types are its org's). */
static int sb_demo_user(struct db *db, const char *role, struct user *u, struct arena *a)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, org_id, username FROM users WHERE role = ?"
					" ORDER BY id LIMIT 1");
	int rc = -1;

	memset(u, 0, sizeof(*u));
	if (st && db_bind_text(st, 1, role) == 0 && db_step(st) == DB_ROW) {
		u->id = db_col_int64(st, 0);
		u->org_id = db_col_int64(st, 1);
		u->username = arena_strdup(a, db_col_text(st, 2));
		u->role = role_parse(role);
		rc = 0;
	}
	db_finalize(st);
	return rc;
}

/* Runs verb on submission id as u with body (NULL = none). */
static int demo_act(struct ectx *c, struct user *u, int64_t id, const char *verb, json_t *body)
{
	struct ectx uc = { .db = c->db, .user = u, .arena = c->arena };
	struct verr e;
	int rc;

	verr_init(&e, c->arena);
	rc = wf_run(&uc, entity_find("submission"), id, verb, body, &e);
	if (rc != 0)
		log_err("submit demo: %s %" PRId64 ": %s", verb, id, e.message ? e.message : "");
	json_decref(body);
	return rc;
}

int submit_demo_build(struct ectx *c)
{
	static const char *const codes[] = {
		"monthly_progress", "annual_plan", "accident_stats", "campaign_summary",
		"important_info", "drill_report",
	};
	struct user reg, mgr;
	struct ectx rc;
	struct verr e;
	int64_t monthly = 0;
	struct db_stmt *st;
	int64_t ids[64];
	char dues[64][11];
	int n = 0, s;

	if (sb_demo_user(c->db, "regulator", &reg, c->arena) != 0 ||
	    sb_demo_user(c->db, "ent_manager", &mgr, c->arena) != 0)
		return 0;	/* no accounts: nothing to report */
	rc = (struct ectx){ .db = c->db, .user = &reg, .arena = c->arena };
	verr_init(&e, c->arena);
	if (db_begin(c->db) != 0)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(codes); i++) {
		int64_t id = submit_enable_template_tx(&rc, codes[i], NULL, &e);
		if (id <= 0) {
			log_err("submit demo: enable %s: %s", codes[i], e.message ? e.message : "");
			db_rollback(c->db);
			return -1;
		}
		if (i == 0)
			monthly = id;
	}
	if (db_commit(c->db) != 0)
		return -1;
	/* the first manager's enterprise: its monthly reports, oldest first */
	st = db_prepare(c->db, "SELECT id, due_date FROM submission WHERE type_id = ? AND org_id ="
			" (SELECT org_id FROM users WHERE id = ?) ORDER BY period");
	if (!st || db_bind_int64(st, 1, monthly) < 0 || db_bind_int64(st, 2, mgr.id) < 0) {
		db_finalize(st);
		return -1;
	}
	while ((s = db_step(st)) == DB_ROW && n < 64) {
		ids[n] = db_col_int64(st, 0);
		snprintf(dues[n], sizeof(dues[0]), "%s", db_col_text(st, 1));
		n++;
	}
	db_finalize(st);
	/* months 1–7 on time, 8 late, 9 returned, 10 submitted and waiting, 11 missing */
	for (int i = 0; i < n && i < 10; i++) {
		char at[20], content[256];

		snprintf(at, sizeof(at), "%.10s 09:30:00", dues[i]);
		if (i == 7) {	/* three days late */
			time_t t;
			char d[11];

			if (datetime_parse(at, &t) != 0)
				return -1;
			time_date(t + 3 * 86400, d);
			snprintf(at, sizeof(at), "%.10s 16:00:00", d);
		}
		entity_clock = at;
		snprintf(content, sizeof(content), "{\"summary\":\"本月开展安全检查%d次，整改隐患%d项。\","
			 "\"tasks_total\":12,\"tasks_done\":%d}", 2 + i % 3, 3 + i, i + 1 > 12 ? 12 : i + 1);
		if (demo_act(c, &mgr, ids[i], "submit", json_pack("{s:s}", "content", content)) != 0) {
			entity_clock = NULL;
			return -1;
		}
		if (i < 8 && demo_act(c, &reg, ids[i], "accept", json_pack("{s:s}", "note", "已阅")) != 0) {
			entity_clock = NULL;
			return -1;
		}
		if (i == 8 && demo_act(c, &reg, ids[i], "return",
				       json_pack("{s:s}", "reason", "任务完成数与任务清单不符，请核实后重报")) != 0) {
			entity_clock = NULL;
			return -1;
		}
	}
	entity_clock = NULL;
	return 0;
}
