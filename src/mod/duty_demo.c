/*
 * duty_demo.c — the demo district's responsibility system, safety rules and
 * meetings (duty_demo_build, mod.h "demo"). Records of this module only, made
 * through the entity core with the system context so hooks, validation, the
 * calendar and audit rows are those of real use. Enterprise A (the group of the
 * demo's manager) is complete and on time; enterprise B (精工金属) reports its
 * 履职报告 late, misses two required systems and a 大家谈; the others follow four
 * profiles by their order: complete, partial, nothing at all, missing some.
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
#include "mod/duty.h"
#include "mod/mod.h"
#include "rules/duty.h"

#define ENT_A "上海青浦城市建设投资集团有限公司"
#define ENT_B "上海青浦精工金属制品有限公司"

enum profile { P_COMPLETE, P_PARTIAL, P_NONE, P_SOME, P_A, P_B };

static const char *const people[] = {
	"王建华", "李志强", "张海燕", "刘卫东", "陈晓东", "杨国庆", "黄秀英", "赵春生",
	"吴文斌", "周丽", "徐明", "孙静",
};

/* A stored demo file (a one-page PDF, or a 1×1 PNG standing for a photo) of org;
 * the blob is shared. Returns the file id or -1. */
static int64_t demo_blob_file(struct ectx *c, int64_t org, int photo, const char *name)
{
	static const char pdf[] = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
		"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
	static const unsigned char png[] = {
		0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R',
		0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde, 0, 0, 0, 0x0c,
		'I', 'D', 'A', 'T', 0x08, 0xd7, 0x63, 0xf8, 0xcf, 0xc0, 0, 0, 0x03, 0x01, 0x01,
		0, 0x18, 0xdd, 0x8d, 0xb0, 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82,
	};
	const void *data = photo ? (const void *)png : (const void *)pdf;
	size_t n = photo ? sizeof(png) : sizeof(pdf) - 1;
	char sha[65], now[20];
	int64_t have = 0, id = -1;
	struct db_stmt *st;

	sha256_hex(data, n, sha);
	entity_now(now);
	st = db_prepare(c->db, "SELECT COUNT(*) FROM file_blob WHERE sha256 = ?");
	if (!st || db_bind_text(st, 1, sha) || db_step(st) != DB_ROW) {
		db_finalize(st);
		return -1;
	}
	have = db_col_int64(st, 0);
	db_finalize(st);
	if (!have) {
		st = db_prepare(c->db, "INSERT INTO file_blob (sha256, data) VALUES (?, ?)");
		if (!st || db_bind_text(st, 1, sha) || db_bind_blob(st, 2, data, n) || db_step(st) < 0) {
			db_finalize(st);
			return -1;
		}
		db_finalize(st);
	}
	st = db_prepare(c->db, "INSERT INTO file (org_id, sha256, size, mime, name, created_at,"
			" updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (st && !db_bind_int64(st, 1, org) && !db_bind_text(st, 2, sha) &&
	    !db_bind_int64(st, 3, (int64_t)n) &&
	    !db_bind_text(st, 4, photo ? "image/png" : "application/pdf") &&
	    !db_bind_text(st, 5, name) && !db_bind_text(st, 6, now) && !db_bind_text(st, 7, now) &&
	    db_step(st) == DB_ROW)
		id = db_col_int64(st, 0);
	db_finalize(st);
	return id;
}

/* [id] of a new demo file, or NULL on error. */
static json_t *files1(struct ectx *c, int64_t org, int photo, const char *name)
{
	int64_t id = demo_blob_file(c, org, photo, name);

	return id > 0 ? json_pack("[I]", (json_int_t)id) : NULL;
}

static int64_t mk(struct ectx *c, const char *entity, json_t *obj)
{
	const struct entity_def *d = entity_find(entity);
	struct verr e;
	int64_t id;

	verr_init(&e, c->arena);
	if (!d || !obj) {
		log_err("duty demo: %s: bad object", entity);
		json_decref(obj);
		return -1;
	}
	id = entity_create_tx(c, d, obj, &e);
	if (id < 0)
		log_err("duty demo: %s: %s %s", entity, e.field ? e.field : "",
			e.message ? e.message : "");
	json_decref(obj);
	return id;
}

/* date + n days into out. */
static void add_days(const char *date, int n, char out[11])
{
	int64_t d = 0;

	date_parse(date, &d);
	time_date((time_t)(d + n) * 86400, out);
}

struct ctxd {
	struct ectx *c;
	char today[11];
	int year, month;
	/* the last finished half-year and the one before it */
	int hy[2];
	const char *hh[2];
};

static int demo_rules(struct ctxd *x, int64_t org, enum profile p, int idx)
{
	static const char *const names[DUTY_SYSTEMS_N] = {
		"安全生产全员责任制及奖惩管理办法", "安全生产会议制度", "安全生产投入及费用管理制度",
		"安全风险分级管控管理制度", "安全检查和事故隐患排查治理制度", "应急管理制度",
		"安全生产档案管理制度", "岗位安全操作规程汇编",
	};
	for (int i = 0; i < DUTY_SYSTEMS_N; i++) {
		char ap[11], nx[11];
		json_t *o;

		if (p == P_NONE || (p == P_PARTIAL && i >= 4) || (p == P_SOME && (i == 2 || i == 6)) ||
		    (p == P_B && (i == 2 || i == 6)))
			continue;
		add_days(x->today, -200 - 90 * i - 17 * idx, ap);
		o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o?, s:s}",
			"org_id", (json_int_t)org, "kind", duty_system_at(i)->code, "name", names[i],
			"doc_no", "", "version", i % 3 ? "V2.0" : "V1.0", "approved_date", ap,
			"files", files1(x->c, org, 0, "制度文件.pdf"),
			"basis", "《安全生产法》《上海市安全生产条例》");
		if (!o)
			return -1;
		json_object_set_new(o, "doc_no", json_sprintf("安字〔%d〕%d号", x->year - 1, 10 + i));
		/* one rule past its revision date (B), one whose basis changed (A) */
		if (p == P_B && i == 0) {
			add_days(x->today, -20, nx);
			add_days(x->today, -1200, ap);
			json_object_set_new(o, "approved_date", json_string(ap));
			json_object_set_new(o, "next_revision", json_string(nx));
		}
		if (p == P_A && i == 4) {
			json_object_set_new(o, "revision_needed", json_true());
			json_object_set_new(o, "revision_reason",
					    json_string("《重大事故隐患判定标准》更新，须同步修订"));
			add_days(x->today, 45, nx);
			json_object_set_new(o, "revision_deadline", json_string(nx));
		}
		if (mk(x->c, "safety_rule", o) < 0)
			return -1;
	}
	if (p == P_A && mk(x->c, "safety_rule", json_pack("{s:I, s:s, s:s, s:s, s:s, s:o?}",
		"org_id", (json_int_t)org, "kind", "other", "name", "有限空间作业安全管理规定",
		"version", "V1.0", "approved_date", "2024-03-01",
		"files", files1(x->c, org, 0, "有限空间作业安全管理规定.pdf"))) < 0)
		return -1;
	return 0;
}

/* Posts of org's subtree: duties for each, except every fourth (and all of an
 * enterprise with profile P_NONE). */
static int demo_posts(struct ctxd *x, int64_t org, enum profile p)
{
	struct db_stmt *st;
	int64_t ids[64];
	char names[64][64];
	int n = 0, rc;

	if (p == P_NONE)
		return 0;
	st = db_prepare(x->c->db, "SELECT id, name FROM org WHERE kind = 'unit' AND unit_level = 'post'"
			" AND path LIKE (SELECT path FROM org WHERE id = ?) || '%' ORDER BY id");
	if (!st || db_bind_int64(st, 1, org)) {
		db_finalize(st);
		return -1;
	}
	while (n < 64 && (rc = db_step(st)) == DB_ROW) {
		/* a group's subtree holds its subsidiaries: only this enterprise's posts */
		if (org_enterprise_of(x->c->db, db_col_int64(st, 0)) != org)
			continue;
		ids[n] = db_col_int64(st, 0);
		snprintf(names[n], sizeof(names[n]), "%s", db_col_text(st, 1));
		n++;
	}
	db_finalize(st);
	for (int i = 0; i < n; i++) {
		json_t *o;

		if (i % 4 == 3 && p != P_A)
			continue;
		o = json_pack("{s:I, s:s, s:b, s:b, s:s, s:s, s:s, s:s}",
			"post_id", (json_int_t)ids[i], "responsible_name", people[(i + 3) % 12],
			"key_post", i % 2 == 0, "high_risk_post", i % 3 == 0,
			"scope", "本岗位作业区域内的设备设施、作业活动及其风险点",
			"duties", "严格执行岗位安全操作规程；班前检查设备和防护设施；"
				  "发现隐患立即报告并参与整改；正确佩戴劳动防护用品。",
			"criteria", "违章作业每次扣5分；隐患未报告每次扣10分；年度无事故加10分。",
			"competence", "经三级安全教育培训合格；特种作业持证上岗");
		if (!o)
			return -1;
		json_object_set_new(o, "scope", json_sprintf("%s岗位作业区域内的设备设施、作业活动及其风险点",
							     names[i]));
		if (mk(x->c, "post_duty", o) < 0)
			return -1;
	}
	return 0;
}

static int demo_reports(struct ctxd *x, int64_t org, const char *principal, enum profile p)
{
	for (int k = 0; k < 2; k++) {
		char due[11], rd[11], sd[11];
		int late = p == P_B && k == 0, posted = p != P_PARTIAL;
		json_t *o;

		if (p == P_NONE || p == P_SOME)
			continue;
		if (duty_report_due(x->hy[k], x->hh[k], due) != 0)
			return -1;
		add_days(due, late ? 12 : -4, rd);
		if (strcmp(rd, x->today) > 0)
			continue;
		add_days(rd, 2, sd);
		o = json_pack("{s:I, s:i, s:s, s:s, s:s, s:s, s:o?, s:b, s:s, s:b}",
			"org_id", (json_int_t)org, "year", x->hy[k], "half", x->hh[k],
			"principal_name", principal, "report_date", rd,
			"content", "围绕七项法定职责：健全全员责任制，修订安全管理制度，组织培训，"
				   "保障安全投入，推动双重预防机制，组织应急演练，无生产安全事故。",
			"files", files1(x->c, org, 0, "主要负责人履职报告.pdf"),
			"reported_to_staff", 1, "staff_report_date", sd, "posted_on_site", posted);
		if (!o)
			return -1;
		if (posted)
			json_object_set_new(o, "posted_photos", files1(x->c, org, 1, "公示照片.png"));
		if (mk(x->c, "duty_report", o) < 0)
			return -1;
	}
	return 0;
}

static int demo_meetings(struct ctxd *x, int64_t org, const char *principal, enum profile p)
{
	static const char *const topics[] = {
		"有限空间作业如何做到“先通风、再检测、后作业”", "夏季高温防暑与用电安全",
		"相关方作业“三关”管理经验交流", "重大事故隐患判定标准学习体会",
	};
	int64_t mid;

	if (p == P_NONE || p == P_PARTIAL)
		return 0;
	/* the monthly 大家谈 of the last three months (B skips the middle one) */
	for (int m = 1; m <= 3; m++) {
		char d[11];

		if (p == P_B && m == 2)
			continue;
		add_days(x->today, -30 * m + 3, d);
		if (mk(x->c, "meeting", json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:i, s:s}",
			"org_id", (json_int_t)org, "kind", "exchange", "title", topics[m % 4],
			"held_date", d, "host", principal,
			"attendees", "主要负责人、分管负责人、各部门负责人、一线员工代表",
			"attendee_count", 18 + m,
			"minutes", "交流了本月主题的管理体会和一线操作实践，形成3条改进建议。")) < 0)
			return -1;
	}
	if (p != P_A && p != P_B)
		return 0;
	{
		char d[11], dl[11];
		json_t *o;

		add_days(x->today, -40, d);
		o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:o?, s:s}",
			"org_id", (json_int_t)org, "kind", p == P_A ? "committee" : "safety",
			"title", p == P_A ? "第四季度安委会会议" : "安全生产月度例会",
			"held_date", d, "host", principal,
			"attendees", "安委会主任、副主任及全体委员，各部门负责人",
			"attendee_count", 12, "absentees", "李志强（出差）",
			"leave_files", files1(x->c, org, 0, "书面请假单.pdf"),
			"minutes", "通报三季度隐患排查情况，部署四季度重点工作。");
		if (!o || (mid = mk(x->c, "meeting", o)) < 0)
			return -1;
		/* decisions: one done, one overdue, one still in time */
		for (int k = 0; k < 3; k++) {
			int64_t did;

			add_days(d, k == 0 ? 10 : k == 1 ? 25 : 60, dl);
			did = mk(x->c, "meeting_decision", json_pack("{s:I, s:s, s:s, s:s}",
				"meeting_id", (json_int_t)mid,
				"content", k == 0 ? "完成熔炼车间除尘系统隐患整改" :
					   k == 1 ? "修订安全检查和隐患排查治理制度" :
						    "组织开展冬季消防应急疏散演练",
				"owner_name", people[k + 4], "deadline", dl));
			if (did < 0)
				return -1;
			if (k == 0) {
				struct verr e;
				char dd[11];
				json_t *b;

				add_days(dl, -2, dd);
				b = json_pack("{s:s, s:s}", "done_date", dd, "done_note", "已整改并验收");
				verr_init(&e, x->c->arena);
				if (!b || wf_run_tx(x->c, entity_find("meeting_decision"), did, "complete",
						    b, NULL, NULL, NULL, &e) != 0) {
					log_err("duty demo: complete: %s", e.message ? e.message : "");
					json_decref(b);
					return -1;
				}
				json_decref(b);
			}
		}
	}
	return 0;
}

/* Letters with the departments (units right under the enterprise), the
 * commitment, the seven-duty record, last year's assessment, accountability. */
static int demo_letters(struct ctxd *x, int64_t org, const char *principal, enum profile p)
{
	struct db_stmt *st;
	int64_t dept[3];
	char dname[3][64], sd[32];
	int n = 0;

	if (p == P_NONE || p == P_SOME)
		return 0;
	st = db_prepare(x->c->db, "SELECT id, name FROM org WHERE parent_id = ? AND kind = 'unit'"
			" ORDER BY id");
	if (!st || db_bind_int64(st, 1, org)) {
		db_finalize(st);
		return -1;
	}
	while (n < 3 && db_step(st) == DB_ROW) {
		dept[n] = db_col_int64(st, 0);
		snprintf(dname[n], sizeof(dname[n]), "%s", db_col_text(st, 1));
		n++;
	}
	db_finalize(st);
	snprintf(sd, sizeof(sd), "%04d-01-%02d", x->year, p == P_B ? 20 : 10);
	for (int i = 0; i < (n ? n : 1); i++) {
		json_t *o = json_pack("{s:I, s:i, s:s, s:s, s:s, s:s, s:s, s:o?}",
			"org_id", (json_int_t)org, "year", x->year,
			"dept_name", n ? dname[i] : "安全管理部", "signer_name", people[i],
			"issuer_name", principal, "signed_date", sd,
			"targets", "全年不发生一般及以上生产安全事故；隐患整改率100%；培训覆盖率100%。",
			"files", files1(x->c, org, 0, "安全生产责任书.pdf"));

		if (o && n)
			json_object_set_new(o, "dept_id", json_integer(dept[i]));
		if (mk(x->c, "resp_letter", o) < 0)
			return -1;
	}
	if (mk(x->c, "commitment", json_pack("{s:I, s:i, s:s, s:s, s:s, s:o?, s:b, s:b, s:o?}",
		"org_id", (json_int_t)org, "year", x->year, "principal_name", principal,
		"signed_date", sd,
		"content", "落实安全生产主体责任，健全安全管理体系，加大安全投入，严格风险管控，强化隐患治理。",
		"files", files1(x->c, org, 0, "安全生产承诺书.pdf"), "published", 1, "posted_on_site", 1,
		"posted_photos", files1(x->c, org, 1, "承诺书公示.png"))) < 0)
		return -1;
	if (p == P_PARTIAL)
		return 0;
	if (mk(x->c, "principal_duty", json_pack("{s:I, s:i, s:s, s:s, s:s, s:s, s:s}",
		"org_id", (json_int_t)org, "year", x->year, "principal_name", principal,
		"d1_note", "签订各部门安全生产责任书，修订全员安全生产责任制。",
		"d2_note", "组织修订安全管理制度和岗位操作规程。",
		"d5_note", "每季度带队检查重大事故隐患排查整治情况。",
		"d7_note", "本年度未发生生产安全事故。")) < 0)
		return -1;
	if (p == P_B)
		return 0;
	for (int i = 0; i < 3; i++) {
		char ad[32];

		snprintf(ad, sizeof(ad), "%04d-01-2%d", x->year, i);
		if (mk(x->c, "resp_assessment", json_pack("{s:I, s:i, s:s, s:s, s:f, s:s, s:b, s:s, s:s}",
			"org_id", (json_int_t)org, "year", x->year - 1,
			"target_kind", i ? "person" : "department",
			"target_name", i ? people[i + 6] : (n ? dname[0] : "安全管理部"),
			"score", 96.0 - 7 * i, "result", i == 2 ? "pass" : "excellent",
			"tied_to_pay", 1, "pay_effect", i == 2 ? "按考核办法扣减年度安全绩效10%" :
				"发放年度安全生产奖", "assessed_date", ad)) < 0)
			return -1;
	}
	if (p == P_A && mk(x->c, "accountability", json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}",
		"org_id", (json_int_t)org, "person_name", people[9], "position", "维修班班长",
		"failure", "动火作业未办理作业票即安排作业，未落实监护人员。",
		"measure", "fine", "measure_detail", "通报批评并扣发当月安全绩效500元",
		"decided_date", x->today)) < 0)
		return -1;
	return 0;
}

int duty_demo_build(struct ectx *c)
{
	struct ctxd x = { .c = c };
	struct db_stmt *st;
	struct {
		int64_t org;
		char name[128], principal[64];
	} ents[64];
	int n = 0, nother = 0;

	entity_today(x.today);
	x.year = (int)strtol(x.today, NULL, 10);
	x.month = (int)strtol(x.today + 5, NULL, 10);
	if (x.month >= 7) {
		x.hy[0] = x.year, x.hh[0] = "H1";
		x.hy[1] = x.year - 1, x.hh[1] = "H2";
	} else {
		x.hy[0] = x.year - 1, x.hh[0] = "H2";
		x.hy[1] = x.year - 1, x.hh[1] = "H1";
	}
	if (db_begin(c->db) != 0)
		return -1;
	st = db_prepare(c->db, "SELECT org_id, name, principal_name FROM enterprise ORDER BY id");
	if (!st)
		goto fail;
	while (n < 64 && db_step(st) == DB_ROW) {
		ents[n].org = db_col_int64(st, 0);
		snprintf(ents[n].name, sizeof(ents[n].name), "%s", db_col_text(st, 1));
		snprintf(ents[n].principal, sizeof(ents[n].principal), "%s",
			 db_col_text(st, 2) ? db_col_text(st, 2) : "主要负责人");
		n++;
	}
	db_finalize(st);
	for (int i = 0; i < n; i++) {
		enum profile p;

		if (strcmp(ents[i].name, ENT_A) == 0)
			p = P_A;
		else if (strcmp(ents[i].name, ENT_B) == 0)
			p = P_B;
		else
			p = (enum profile)(nother++ % 4);
		if (demo_rules(&x, ents[i].org, p, i) != 0 || demo_posts(&x, ents[i].org, p) != 0 ||
		    demo_reports(&x, ents[i].org, ents[i].principal, p) != 0 ||
		    demo_meetings(&x, ents[i].org, ents[i].principal, p) != 0 ||
		    demo_letters(&x, ents[i].org, ents[i].principal, p) != 0)
			goto fail;
	}
	if (db_commit(c->db) != 0)
		goto fail;
	return 0;
fail:
	db_rollback(c->db);
	return -1;
}
