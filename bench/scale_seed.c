/*
 * scale_seed.c — generates the issue-3 scale district into a database made by
 * `anjian init` or `anjian demo` (so the hazard and risk_point tables exist):
 *
 *   - N enterprises (default 2,000): an org row (kind enterprise, path "/id/"), an
 *     enterprise row with a valid 统一社会信用代码 (GB 32100-2015 check character,
 *     rules/uscc.c) and coordinates inside 31.0–31.3 N, 120.9–121.3 E, a manager
 *     and a principal account (one shared password hash: generation must not spend
 *     minutes in argon2id), and 出资监管 by the demo regulator; then scope_rebuild;
 *   - risk points (default 200,000) with the level mix ~2 % 重大, 8 % 较大, 30 % 一般,
 *     60 % 低, scored by real LEC or LS factor combinations of that band
 *     (rules/risk.c) and a control level the rule allows, review dates of which
 *     some have passed;
 *   - hazards (default 1,000,000) found over three years in date order, spread over
 *     the enterprises by a skewed weight: ≈93 % closed (≈90 % of them on time),
 *     ≈5 % open (recent ones; many past their deadline), ≈2 % dismissed, ≈1 % major
 *     with 挂牌督办 for most open major ones;
 *   - the aggregates risk_summary, hazard_stats and hazard_monthly of the new
 *     enterprises, each by one INSERT … SELECT … GROUP BY (the same definitions as
 *     sql/migrations/0002_aggregates.sql documents).
 *
 * Speed: everything goes through the db layer with prepared statements, one
 * transaction per 50,000 rows, PRAGMA synchronous=OFF for the generation only, and
 * on SQLite the secondary indexes of hazard and risk_point are dropped first and
 * rebuilt after the load (a sorted build is several times faster than 10+ random
 * insertions per row). Deterministic (fixed xorshift seed).
 *
 * Usage: scale_seed DB_URL [enterprises [risk_points [hazards]]]
 * Prints the time of each phase and the total.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "mod/hazard.h"
#include "mod/mod.h"
#include "mod/risk.h"
#include "rules/risk.h"
#include "rules/uscc.h"

#define BATCH 50000		/* rows per transaction */
#define YEARS_DAYS 1096		/* hazards are found over three years */
#define RECENT_DAYS 120		/* open hazards were found within this many days */
#define MAX_INDEXES 64


/* ------------------------------------------------------------ helpers */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

/* xorshift64*: deterministic, fast, good enough for synthetic data. */
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1Dull;
}

/* Uniform integer in [0, n). */
static int rn(int n)
{
	return (int)(rnd() % (uint64_t)n);
}

/* Uniform double in [0, 1). */
static double rf(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

/* Seconds since start (monotonic). */
static double elapsed(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* "YYYY-MM-DD" of day number d (days since 1970-01-01). */
static void day_str(int64_t d, char out[11])
{
	time_date((time_t)(d * 86400), out);
}

/* Runs sql or dies with the database's message. */
static void exec_or_die(struct db *db, const char *sql)
{
	if (db_exec(db, sql) != 0) {
		fprintf(stderr, "scale_seed: %s: %s\n", sql, db_errmsg(db));
		exit(1);
	}
}

/* Prepares sql or dies. */
static struct db_stmt *prep(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);

	if (!st) {
		fprintf(stderr, "scale_seed: prepare %s: %s\n", sql, db_errmsg(db));
		exit(1);
	}
	return st;
}

/* Steps an INSERT, resets it for the next row; dies on error. */
static void step_reset(struct db *db, struct db_stmt *st)
{
	int s = db_step(st);

	while (s == DB_ROW)
		s = db_step(st);
	if (s != DB_DONE) {
		fprintf(stderr, "scale_seed: insert: %s\n", db_errmsg(db));
		exit(1);
	}
	db_reset(st);
}

/* First column of the first row of sql with one optional int parameter. */
static int64_t q1(struct db *db, const char *sql, int64_t dflt)
{
	int64_t v = dflt;

	if (db_query_int64(db, sql, &v, dflt) != 0) {
		fprintf(stderr, "scale_seed: %s: %s\n", sql, db_errmsg(db));
		exit(1);
	}
	return v;
}

/* Commits the open batch and starts the next one every BATCH rows. */
static void batch_tick(struct db *db, int64_t i)
{
	if (i > 0 && i % BATCH == 0) {
		if (db_commit(db) != 0 || db_begin(db) != 0) {
			fprintf(stderr, "scale_seed: commit: %s\n", db_errmsg(db));
			exit(1);
		}
	}
}

/* SQLite only: saves and drops the secondary indexes of table (autoindexes of
 * UNIQUE constraints have no SQL and stay); returns how many were saved. */
static int indexes_drop(struct db *db, const char *table, char **saved, int max)
{
	struct db_stmt *st;
	struct buf b;
	int n = 0;
	char *names[MAX_INDEXES];

	if (db_kind(db) != DB_SQLITE)
		return 0;
	st = prep(db, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
		  " AND sql IS NOT NULL");
	db_bind_text(st, 1, table);
	while (db_step(st) == DB_ROW && n < max && n < MAX_INDEXES) {
		names[n] = xstrdup(db_col_text(st, 0));
		saved[n] = xstrdup(db_col_text(st, 1));
		n++;
	}
	db_finalize(st);
	for (int i = 0; i < n; i++) {
		buf_init(&b, 4096);
		buf_printf(&b, "DROP INDEX %s", names[i]);
		exec_or_die(db, buf_str(&b));
		buf_release(&b);
		free(names[i]);
	}
	return n;
}

/* Recreates the indexes saved by indexes_drop and frees the saved text. */
static void indexes_restore(struct db *db, char **saved, int n)
{
	for (int i = 0; i < n; i++) {
		exec_or_die(db, saved[i]);
		free(saved[i]);
	}
}

/* ---------------------------------------------------------- word lists */

static const char *const ent_words[] = {
	"华新", "赵巷", "徐泾", "白鹤", "重固", "练塘", "金泽", "朱家角", "夏阳", "盈浦",
	"香花桥", "淀山湖", "崧泽", "青松", "沪青", "申青", "盈港", "漕盈", "华腾", "鹤祥",
};
static const char *const ent_trades[][4] = {
	/* name word, 门类, 大类, high_risk */
	{"精密机械", "C", "34", "none"}, {"金属制品", "C", "33", "metal_smelting"},
	{"化工", "C", "26", "hazardous_chemicals"}, {"木业", "C", "21", "dust_explosion"},
	{"冷链物流", "G", "59", "ammonia_refrigeration"}, {"建设工程", "E", "48", "construction"},
	{"商业管理", "F", "52", "crowded_place"}, {"燃气", "D", "45", "gas"},
	{"包装印刷", "C", "23", "none"}, {"电子科技", "C", "39", "none"},
	{"运输", "G", "54", "transport"}, {"食品", "C", "14", "none"},
};
static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "沈",
};
static const char *const given[] = {
	"伟", "芳", "建华", "敏", "静", "志强", "磊", "军", "海燕", "勇", "晓东", "杰", "明", "丽",
};
static const char *const places[] = {
	"一号车间", "二号车间", "仓库", "配电房", "锅炉房", "危化品库", "装卸区", "办公楼",
	"食堂", "空压机房", "喷涂车间", "污水处理站", "停车场", "屋面", "消防泵房", "变电所",
};
static const char *const hazard_titles[][2] = {
	/* title, category */
	{"配电箱未可靠接地", "thing"}, {"消防通道被货物堵塞", "environment"},
	{"灭火器压力不足", "thing"}, {"员工未佩戴安全帽", "person"},
	{"安全出口指示灯损坏", "thing"}, {"气瓶未固定", "thing"},
	{"动火作业未办理审批", "management"}, {"临边防护栏杆缺失", "thing"},
	{"应急预案未按期演练", "management"}, {"特种作业人员证书过期", "person"},
	{"电线私拉乱接", "thing"}, {"危化品混存", "management"},
	{"地面油污未清理", "environment"}, {"安全警示标志缺失", "environment"},
	{"机械防护罩缺失", "thing"}, {"安全教育培训记录不全", "management"},
	{"有限空间未设置警示", "environment"}, {"叉车司机无证驾驶", "person"},
};
static const char *const sources[] = {
	"self_check", "self_check", "self_check", "inspection", "inspection", "employee_report",
	"public_report", "regulator_check", "campaign",
};
static const char *const risk_names[][2] = {
	/* name, kind */
	{"配电房", "area"}, {"危化品仓库", "area"}, {"喷涂作业", "activity"}, {"叉车", "equipment"},
	{"行车", "equipment"}, {"锅炉", "equipment"}, {"动火作业", "activity"}, {"受限空间作业", "activity"},
	{"高处作业", "activity"}, {"空压机", "equipment"}, {"冲压机", "equipment"}, {"装卸区", "area"},
	{"食堂燃气", "area"}, {"液氨制冷机房", "area"}, {"粉尘作业区", "area"}, {"临时用电", "activity"},
};

/* ----------------------------------------------------------- the risk mix */

/* LEC (l, e, c) and LS (l, s) factor combinations, bucketed by the level their
 * score falls in under the default bands. */
struct combo { double a, b, c; double score; };
static struct combo lec_by[5][7 * 6 * 6];
static int nlec[5];
static struct combo ls_by[5][25];
static int nls[5];

/* Fills the buckets from the factor tables of rules/risk.c. */
static void combos_init(void)
{
	for (int i = 0; i < 7; i++)
		for (int j = 0; j < 6; j++)
			for (int k = 0; k < 6; k++) {
				double d = risk_lec_score(risk_lec_l_values[i], risk_lec_e_values[j],
							  risk_lec_c_values[k]);
				enum risk_level lv = risk_level_of(&risk_bands_lec_default, d);
				lec_by[lv][nlec[lv]++] = (struct combo){ risk_lec_l_values[i],
					risk_lec_e_values[j], risk_lec_c_values[k], d };
			}
	for (int l = 1; l <= 5; l++)
		for (int s = 1; s <= 5; s++) {
			int r = risk_ls_score(l, s);
			enum risk_level lv = risk_level_of(&risk_bands_ls_default, r);
			ls_by[lv][nls[lv]++] = (struct combo){ l, s, 0, r };
		}
}

/* ------------------------------------------------------------- phases */

struct ent { int64_t org, manager, principal; double weight; };

/* Creates n enterprises with their org rows, accounts and supervision. */
static struct ent *gen_enterprises(struct db *db, int n, int64_t reg_org, const char *now,
				   const char *hash)
{
	struct ent *ents = xcalloc((size_t)n, sizeof(*ents));
	int64_t next = q1(db, "SELECT COALESCE(MAX(id), 0) FROM org", 0) + 1;
	int64_t uid = q1(db, "SELECT COALESCE(MAX(id), 0) FROM users", 0) + 1;
	struct db_stmt *so = prep(db, "INSERT INTO org (id, org_id, parent_id, path, name, kind,"
				  " created_at, updated_at) VALUES (?, ?, NULL, ?, ?, 'enterprise', ?, ?)");
	struct db_stmt *se = prep(db, "INSERT INTO enterprise (org_id, name, uscc, short_name,"
				  " address, lat, lng, status, industry_section, industry_division,"
				  " high_risk, scale, employee_count, principal_name, standard_grade,"
				  " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'operating', ?, ?,"
				  " ?, ?, ?, ?, ?, ?, ?)");
	struct db_stmt *ss = prep(db, "INSERT INTO supervision (org_id, regulator_org,"
				  " enterprise_org, kind, created_at, updated_at)"
				  " VALUES (?, ?, ?, 'investor', ?, ?)");
	struct db_stmt *su = prep(db, "INSERT INTO users (id, org_id, username, name, role, active,"
				  " password_hash, failed_logins, locked_until, password_changed_at,"
				  " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, 0, 0, ?, ?, ?)");
	static const char *const grades[] = { "none", "level3", "level3", "level2", "level1" };
	char name[256], shortn[128], addr[256], path[32], s17[24], code[32], uname[32], pname[64];

	for (int i = 0; i < n; i++) {
		int64_t org = next + i;
		const char *const *tr = ent_trades[rn((int)ARRAY_SIZE(ent_trades))];
		const char *w = ent_words[i % (int)ARRAY_SIZE(ent_words)];
		snprintf(name, sizeof(name), "上海%s%s第%d有限公司", w, tr[0], i + 1);
		snprintf(shortn, sizeof(shortn), "%s%s%d", w, tr[0], i + 1);
		snprintf(addr, sizeof(addr), "上海市青浦区%s镇%s路%d号", w,
			 ent_words[rn((int)ARRAY_SIZE(ent_words))], 1 + rn(3000));
		snprintf(path, sizeof(path), "/%" PRId64 "/", org);
		/* 9 市场监管, 1 企业, 310118 青浦区, body "MA1K" + 5 digits, check char */
		snprintf(s17, sizeof(s17), "91310118MA1K%05d", i);
		snprintf(code, sizeof(code), "%s%c", s17, uscc_check_char(s17));
		snprintf(pname, sizeof(pname), "%s%s", surnames[rn((int)ARRAY_SIZE(surnames))],
			 given[rn((int)ARRAY_SIZE(given))]);
		db_bind_int64(so, 1, org);
		db_bind_int64(so, 2, org);
		db_bind_text(so, 3, path);
		db_bind_text(so, 4, name);
		db_bind_text(so, 5, now);
		db_bind_text(so, 6, now);
		step_reset(db, so);
		db_bind_int64(se, 1, org);
		db_bind_text(se, 2, name);
		db_bind_text(se, 3, code);
		db_bind_text(se, 4, shortn);
		db_bind_text(se, 5, addr);
		db_bind_double(se, 6, 31.0 + 0.3 * rf());
		db_bind_double(se, 7, 120.9 + 0.4 * rf());
		db_bind_text(se, 8, tr[1]);
		db_bind_text(se, 9, tr[2]);
		db_bind_text(se, 10, tr[3]);
		db_bind_text(se, 11, rn(3) ? "below" : "above");
		db_bind_int64(se, 12, 20 + rn(rn(10) ? 300 : 3000));
		db_bind_text(se, 13, pname);
		db_bind_text(se, 14, grades[rn((int)ARRAY_SIZE(grades))]);
		db_bind_text(se, 15, now);
		db_bind_text(se, 16, now);
		step_reset(db, se);
		db_bind_int64(ss, 1, org);
		db_bind_int64(ss, 2, reg_org);
		db_bind_int64(ss, 3, org);
		db_bind_text(ss, 4, now);
		db_bind_text(ss, 5, now);
		step_reset(db, ss);
		for (int k = 0; k < 2; k++) {
			snprintf(uname, sizeof(uname), "s%05d%s", i + 1, k ? "p" : "m");
			db_bind_int64(su, 1, uid);
			db_bind_int64(su, 2, org);
			db_bind_text(su, 3, uname);
			db_bind_text(su, 4, k ? pname : "安全员");
			db_bind_text(su, 5, k ? "ent_principal" : "ent_manager");
			db_bind_text(su, 6, hash);
			db_bind_text(su, 7, now);
			db_bind_text(su, 8, now);
			db_bind_text(su, 9, now);
			step_reset(db, su);
			if (k)
				ents[i].principal = uid;
			else
				ents[i].manager = uid;
			uid++;
		}
		ents[i].org = org;
		/* skewed size: most enterprises small, a few with many hazards */
		ents[i].weight = 0.3 + rf() * rf() * 3.0;
	}
	db_finalize(so);
	db_finalize(se);
	db_finalize(ss);
	db_finalize(su);
	return ents;
}

/* Generates n risk points spread over the enterprises. */
static void gen_risks(struct db *db, const struct ent *ents, int ne, int64_t n, int64_t today)
{
	struct db_stmt *st = prep(db, "INSERT INTO risk_point (org_id, unit_id, name, kind, location,"
				  " method, lec_l, lec_e, lec_c, ls_l, ls_s, score, level, colour,"
				  " control_level, responsible_id, responsible_name, next_review,"
				  " last_review, emergency_measures, created_at, updated_at)"
				  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	char name[128], loc[128], last[11], next[11], ts[20];

	for (int64_t i = 0; i < n; i++) {
		const struct ent *e = &ents[i % ne];
		int r = rn(100), lec = rn(3) != 0;
		enum risk_level lv = r < 2 ? RISK_MAJOR : r < 10 ? RISK_HIGH : r < 40 ? RISK_MEDIUM : RISK_LOW;
		enum control_level cl = risk_min_control_level(lv);
		const struct combo *c;
		const char *const *rk = risk_names[rn((int)ARRAY_SIZE(risk_names))];
		int64_t lr = today - rn(420);

		if (lec ? nlec[lv] == 0 : nls[lv] == 0)
			lec = !lec;
		c = lec ? &lec_by[lv][rn(nlec[lv])] : &ls_by[lv][rn(nls[lv])];
		if (cl < CONTROL_COMPANY && rn(4) == 0)
			cl++;
		batch_tick(db, i);
		snprintf(name, sizeof(name), "%s%s", places[rn((int)ARRAY_SIZE(places))], rk[0]);
		snprintf(loc, sizeof(loc), "厂区%c区%d号", 'A' + rn(6), 1 + rn(40));
		day_str(lr, last);
		day_str(lr + (lv >= RISK_HIGH ? 180 : 365), next);
		snprintf(ts, sizeof(ts), "%s 09:00:00", last);
		db_bind_int64(st, 1, e->org);
		db_bind_int64(st, 2, e->org);
		db_bind_text(st, 3, name);
		db_bind_text(st, 4, rk[1]);
		db_bind_text(st, 5, loc);
		db_bind_text(st, 6, lec ? "lec" : "ls");
		if (lec) {
			db_bind_double(st, 7, c->a);
			db_bind_double(st, 8, c->b);
			db_bind_double(st, 9, c->c);
			db_bind_null(st, 10);
			db_bind_null(st, 11);
		} else {
			db_bind_null(st, 7);
			db_bind_null(st, 8);
			db_bind_null(st, 9);
			db_bind_int64(st, 10, (int64_t)c->a);
			db_bind_int64(st, 11, (int64_t)c->b);
		}
		db_bind_double(st, 12, c->score);
		db_bind_text(st, 13, risk_level_code(lv));
		db_bind_text(st, 14, risk_colour_code(lv));
		db_bind_text(st, 15, control_level_code(cl));
		db_bind_int64(st, 16, e->manager);
		db_bind_text(st, 17, "安全员");
		db_bind_text(st, 18, next);
		db_bind_text(st, 19, last);
		db_bind_text(st, 20, lv >= RISK_HIGH ? "立即停止作业，撤离人员，报告值班负责人" : NULL);
		db_bind_text(st, 21, ts);
		db_bind_text(st, 22, ts);
		step_reset(db, st);
	}
	db_finalize(st);
}

/* Generates n hazards in found_at order over the last three years. */
static void gen_hazards(struct db *db, const struct ent *ents, int ne, int64_t n, int64_t today,
			int64_t reg_org)
{
	struct db_stmt *st = prep(db, "INSERT INTO hazard (org_id, unit_id, title, description, location,"
				  " source, level, major_criterion, category, photos_before, photos_after,"
				  " found_by, found_at, status, plan_responsible_id, plan_measures, plan_funds,"
				  " plan_deadline, plan_contingency, deadline, rectifier_id, rectified_at,"
				  " rectify_note, verifier_id, verified_at, closed_at, reject_reason,"
				  " supervised, supervise_org_id, supervise_at, supervise_deadline,"
				  " supervise_note, dual_reported, created_at, updated_at)"
				  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', '[]', ?, ?, ?, ?, ?, ?, ?, ?, ?,"
				  " ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)");
	double *cum = xcalloc((size_t)ne, sizeof(*cum)), sum = 0;
	char title[256], desc[512], loc[128], found[11], dl[11], rect[11], clo[11], sdl[11];
	char cts[20], uts[20], rts[32], vts[32];
	int64_t start = today - YEARS_DAYS;

	for (int i = 0; i < ne; i++)
		cum[i] = sum += ents[i].weight;
	for (int64_t i = 0; i < n; i++) {
		int64_t fd = start + (i * YEARS_DAYS) / n, age = today - fd, dd = 0, rd = 0, cd = 0;
		double x = rf() * sum;
		int lo = 0, hi = ne - 1, major = rn(100) == 0, supervised = 0, th;
		const char *status;
		const struct ent *e;

		while (lo < hi) {	/* weighted pick */
			int mid = (lo + hi) / 2;
			if (cum[mid] < x)
				lo = mid + 1;
			else
				hi = mid;
		}
		e = &ents[lo];
		if (rn(50) == 0) {
			status = "dismissed";
		} else if (age <= RECENT_DAYS && rf() < 0.9 - 0.8 * (double)age / RECENT_DAYS) {
			int r = rn(100);
			status = r < 25 ? "registered" : r < 80 ? "rectifying" : "pending";
		} else {
			status = "closed";
		}
		if (strcmp(status, "registered") != 0 && strcmp(status, "dismissed") != 0)
			dd = fd + 7 + rn(54);
		if (!strcmp(status, "pending") || !strcmp(status, "closed")) {
			rd = fd + 1 + rn((int)(dd - fd));
			if (rn(10) == 0)
				rd = dd + 1 + rn(30);	/* late */
			if (rd > today)
				rd = today;
		}
		if (!strcmp(status, "closed")) {
			cd = rd + rn(3);
			if (cd > today)
				cd = today;
		}
		supervised = major && (strcmp(status, "closed") ? rn(10) < 7 : rn(2) == 0);
		th = rn((int)ARRAY_SIZE(hazard_titles));
		batch_tick(db, i);
		snprintf(loc, sizeof(loc), "%s", places[rn((int)ARRAY_SIZE(places))]);
		snprintf(title, sizeof(title), "%s%s", loc, hazard_titles[th][0]);
		snprintf(desc, sizeof(desc), "%s检查发现：%s，存在安全隐患，需按要求整改。", loc,
			 hazard_titles[th][0]);
		day_str(fd, found);
		snprintf(cts, sizeof(cts), "%s %02d:%02d:00", found, 8 + rn(10), rn(60));
		db_bind_int64(st, 1, e->org);
		db_bind_int64(st, 2, e->org);
		db_bind_text(st, 3, title);
		db_bind_text(st, 4, desc);
		db_bind_text(st, 5, loc);
		db_bind_text(st, 6, sources[rn((int)ARRAY_SIZE(sources))]);
		db_bind_text(st, 7, major ? "major" : "general");
		db_bind_text(st, 8, major ? "《工贸企业重大事故隐患判定标准》第四条" : NULL);
		db_bind_text(st, 9, hazard_titles[th][1]);
		db_bind_int64(st, 10, e->manager);
		db_bind_text(st, 11, found);
		db_bind_text(st, 12, status);
		if (dd) {
			day_str(dd, dl);
			db_bind_int64(st, 13, e->manager);
			db_bind_text(st, 14, "立即停用，更换或修复，加强日常检查");
			db_bind_int64(st, 15, (int64_t)(500 + rn(major ? 2000000 : 50000)) * 100);
			db_bind_text(st, 16, dl);
			db_bind_text(st, 17, "设置警戒区域，安排专人监护");
			db_bind_text(st, 18, dl);
		} else {
			for (int k = 13; k <= 18; k++)
				db_bind_null(st, k);
		}
		if (rd) {
			day_str(rd, rect);
			snprintf(rts, sizeof(rts), "%s 15:00:00", rect);	/* datetime */
			db_bind_int64(st, 19, e->manager);
			db_bind_text(st, 20, rts);
			db_bind_text(st, 21, "已按整改措施完成整改");
		} else {
			db_bind_null(st, 19);
			db_bind_null(st, 20);
			db_bind_null(st, 21);
		}
		if (cd) {
			day_str(cd, clo);
			snprintf(vts, sizeof(vts), "%s 16:00:00", clo);	/* datetime */
			db_bind_int64(st, 22, e->principal);
			db_bind_text(st, 23, vts);
			db_bind_text(st, 24, clo);
			snprintf(uts, sizeof(uts), "%s 16:00:00", clo);
		} else {
			db_bind_null(st, 22);
			db_bind_null(st, 23);
			db_bind_null(st, 24);
			snprintf(uts, sizeof(uts), "%s", cts);
		}
		db_bind_int64(st, 25, supervised);
		if (supervised) {
			day_str(fd + 30 + rn(30), sdl);
			db_bind_int64(st, 26, reg_org);
			db_bind_text(st, 27, cts);
			db_bind_text(st, 28, sdl);
			db_bind_text(st, 29, "挂牌督办，请按期完成整改并报送整改情况");
		} else {
			for (int k = 26; k <= 29; k++)
				db_bind_null(st, k);
		}
		db_bind_int64(st, 30, major && rn(4) != 0);
		db_bind_text(st, 31, cts);
		db_bind_text(st, 32, uts);
		step_reset(db, st);
	}
	free(cum);
	db_finalize(st);
}


int main(int argc, char **argv)
{
	struct db *db;
	struct timespec t0, t;
	char *err = NULL, today[11], now[20], hash[crypto_pwhash_STRBYTES];
	char *saved_h[MAX_INDEXES], *saved_r[MAX_INDEXES];
	int ne = argc > 2 ? atoi(argv[2]) : 2000, nh_idx, nr_idx;
	int64_t nr = argc > 3 ? atoll(argv[3]) : 200000, nh = argc > 4 ? atoll(argv[4]) : 1000000;
	int64_t reg_org, tday;
	struct ent *ents;

	if (argc < 2 || ne <= 0 || nr < 0 || nh < 0) {
		fprintf(stderr, "usage: scale_seed DB_URL [enterprises [risk_points [hazards]]]\n");
		return 2;
	}
	if (sodium_init() < 0)
		return 1;
	/* the declarations: the aggregates are rebuilt from them at the end */
	modules_init();
	db = db_open(argv[1], &err);
	if (!db) {
		fprintf(stderr, "scale_seed: %s\n", err ? err : "cannot open");
		return 1;
	}
	if (db_has_table(db, "hazard") != 1 || db_has_table(db, "risk_point") != 1) {
		fprintf(stderr, "scale_seed: no hazard/risk_point table: run `anjian demo` with a"
			" binary that has the risk and hazard modules first\n");
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	time_date(now_utc(), today);
	time_datetime(now_utc(), now);
	date_parse(today, &tday);
	reg_org = q1(db, "SELECT org_id FROM users WHERE username = 'regulator'", 0);
	if (reg_org <= 0) {
		fprintf(stderr, "scale_seed: no demo regulator account\n");
		return 1;
	}
	if (password_hash("anjian-demo1", hash) != 0)
		return 1;
	combos_init();
	if (db_kind(db) == DB_SQLITE)
		exec_or_die(db, "PRAGMA synchronous=OFF");

	t = t0;
	if (db_begin(db) != 0)
		return 1;
	ents = gen_enterprises(db, ne, reg_org, now, hash);
	if (scope_rebuild(db) != 0) {
		fprintf(stderr, "scale_seed: scope_rebuild: %s\n", db_errmsg(db));
		return 1;
	}
	if (db_commit(db) != 0)
		return 1;
	printf("enterprises  %8d  %6.1f s\n", ne, elapsed(&t));

	clock_gettime(CLOCK_MONOTONIC, &t);
	nr_idx = indexes_drop(db, "risk_point", saved_r, MAX_INDEXES);
	db_begin(db);
	gen_risks(db, ents, ne, nr, tday);
	if (db_commit(db) != 0)
		return 1;
	printf("risk points  %8" PRId64 "  %6.1f s\n", nr, elapsed(&t));

	clock_gettime(CLOCK_MONOTONIC, &t);
	nh_idx = indexes_drop(db, "hazard", saved_h, MAX_INDEXES);
	db_begin(db);
	gen_hazards(db, ents, ne, nh, tday, reg_org);
	if (db_commit(db) != 0)
		return 1;
	printf("hazards      %8" PRId64 "  %6.1f s\n", nh, elapsed(&t));

	clock_gettime(CLOCK_MONOTONIC, &t);
	indexes_restore(db, saved_r, nr_idx);
	indexes_restore(db, saved_h, nh_idx);
	printf("indexes      %8d  %6.1f s\n", nr_idx + nh_idx, elapsed(&t));

	clock_gettime(CLOCK_MONOTONIC, &t);
	/* the running counts from the modules' declarations (as anjian check) */
	db_begin(db);
	if (agg_recompute(db) != 0 || db_commit(db) != 0)
		return 1;
	printf("aggregates (declared)  %6.1f s\n", elapsed(&t));
	if (db_kind(db) == DB_SQLITE) {
		exec_or_die(db, "PRAGMA wal_checkpoint(TRUNCATE)");
	} else {
		/* a million rows loaded in minutes: PostgreSQL's planner would otherwise
		 * keep the empty tables' statistics until autovacuum comes round (the
		 * hazard list estimated 35 rows for 28,633, joined every one of them and
		 * sorted: 167 ms instead of walking the found_at index for 20) */
		clock_gettime(CLOCK_MONOTONIC, &t);
		exec_or_die(db, "ANALYZE");
		printf("analyze                %6.1f s\n", elapsed(&t));
	}
	printf("total                  %6.1f s\n", elapsed(&t0));
	free(ents);
	db_close(db);
	return 0;
}
