/*
 * test_hazard_criteria.c — the shipped catalogue of src/mod/hazard_criteria.c.
 *
 * The table: 工贸企业重大事故隐患判定标准 (应急管理部令第10号, 2023-04-14, in force
 * 2023-05-15) has exactly 64 items — 管理类 3 (第三条), 行业类 47 (第四条–第十条),
 * 专项类 14 (第十一条 粉尘 10, 第十二条 液氨 2, 第十三条 有限空间 2); 化工和危险化学品
 * … 判定标准（试行） (安监总管三〔2017〕121号) has 20. Codes are unique and agree
 * with the article and item they name; every text is non-empty UTF-8; no row
 * carries the repealed 2017 工贸 wording; the rows whose wording is not verified are
 * exactly the listed ones (so completing one is a deliberate change here too).
 *
 * The seed, against SQLite and, when PGHOST is set (make unit runs under
 * pg_virtualenv), PostgreSQL: seeding twice leaves 84 rows and writes nothing the
 * second time; an edited or deleted row is restored; a row no longer shipped is
 * retired, not deleted; every logged-in role reads and lists the rows (E_NO_ORG).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "entity/internal.h"
#include "http/http.h"
#include "mod/hazard_criteria.h"
#include "rules/xlsx_read.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define GM10_ITEMS 64
#define HG121_ITEMS 20

/* ------------------------------------------------------------------ helpers */

/* Value of a Chinese numeral of one to two digits (一 … 九十九), or -1. */
static int cn_number(const char *s, size_t n)
{
	static const char *const digits[] = { "零", "一", "二", "三", "四", "五", "六", "七",
					       "八", "九" };
	int v = 0, cur = -1;
	size_t i = 0;

	while (i < n) {
		int d = -1;

		for (int k = 0; k < 10; k++)
			if (n - i >= 3 && memcmp(s + i, digits[k], 3) == 0)
				d = k;
		if (d >= 0) {
			cur = d;
			i += 3;
		} else if (n - i >= 3 && memcmp(s + i, "十", 3) == 0) {
			v += 10 * (cur < 0 ? 1 : cur);
			cur = -1;
			i += 3;
		} else {
			return -1;
		}
	}
	return v + (cur < 0 ? 0 : cur);
}

/* The number in "<pre>…<post>" (第十一条 → 11, 第（三）项 → 3), or -1. */
static int cn_between(const char *s, const char *pre, const char *post)
{
	size_t lp = strlen(pre), ls = strlen(post), n;

	if (!s || strncmp(s, pre, lp) != 0)
		return -1;
	n = strlen(s);
	if (n < lp + ls || strcmp(s + n - ls, post) != 0)
		return -1;
	return cn_number(s + lp, n - lp - ls);
}

/* 1 if s ends with suffix. */
static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* ------------------------------------------------------------- the table */

/* Chinese numerals, checked first, since the code checks rely on them. */
static void test_cn_number(void **state)
{
	static const struct { const char *s; int v; } cases[] = {
		{ "一", 1 }, { "九", 9 }, { "十", 10 }, { "十一", 11 }, { "十三", 13 },
		{ "二十", 20 }, { "二十三", 23 }, { "甲", -1 },
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++)
		assert_int_equal(cn_number(cases[i].s, strlen(cases[i].s)), cases[i].v);
	assert_int_equal(cn_between("第十一条", "第", "条"), 11);
	assert_int_equal(cn_between("第（三）项", "第（", "）项"), 3);
	assert_int_equal(cn_between("第二十项", "第", "项"), 20);
	assert_int_equal(cn_between("第三项", "第（", "）项"), -1);
}

/*
 * 令第10号 item counts per article. confirmed = the count was read in a source
 * (the next article follows the last item, or the official summary gives it);
 * the others follow from 47 行业类 items and are ⚠️ in hazard_criteria.c.
 */
static const struct {
	int article;
	const char *part;
	int items;
	int confirmed;
} gm10_articles[] = {
	{ 3, "管理类", 3, 1 },
	{ 4, "行业类·冶金", 10, 0 },
	{ 5, "行业类·有色", 13, 0 },	/* ≥ 12: a case cites 第五条第十二项 */
	{ 6, "行业类·建材", 8, 1 },
	{ 7, "行业类·机械", 7, 0 },	/* ≥ 7: a case cites 第七条第七项 */
	{ 8, "行业类·轻工", 5, 0 },
	{ 9, "行业类·纺织", 2, 0 },
	{ 10, "行业类·烟草", 2, 1 },
	{ 11, "专项类·粉尘涉爆", 10, 1 },
	{ 12, "专项类·液氨制冷", 2, 1 },
	{ 13, "专项类·有限空间", 2, 1 },
};

/* 64 items of 令第10号 by article, part and class; 20 of 121号; 84 in all. */
static void test_counts(void **state)
{
	int by_class[3] = { 0, 0, 0 }, sum = 0;

	(void)state;
	assert_int_equal(hazard_criteria_count("gm10"), GM10_ITEMS);
	assert_int_equal(hazard_criteria_count("hg121"), HG121_ITEMS);
	assert_int_equal(hazard_criteria_count(NULL), GM10_ITEMS + HG121_ITEMS);
	assert_int_equal(hazard_criteria_count("gm10-2017"), 0);
	assert_int_equal((int)hazard_criteria_n, GM10_ITEMS + HG121_ITEMS);
	for (size_t a = 0; a < N_ELEMS(gm10_articles); a++) {
		int n = 0;

		for (size_t i = 0; i < hazard_criteria_n; i++) {
			const struct hazard_criterion *r = &hazard_criteria[i];

			if (strcmp(r->standard, "gm10") != 0 ||
			    cn_between(r->article, "第", "条") != gm10_articles[a].article)
				continue;
			assert_string_equal(r->part, gm10_articles[a].part);
			n++;
		}
		if (n != gm10_articles[a].items)
			fail_msg("第%d条: %d items, want %d", gm10_articles[a].article, n,
				 gm10_articles[a].items);
		by_class[strncmp(gm10_articles[a].part, "管理类", strlen("管理类")) == 0 ? 0 :
			 strncmp(gm10_articles[a].part, "行业类", strlen("行业类")) == 0 ? 1 : 2] += n;
		sum += n;
	}
	assert_int_equal(sum, GM10_ITEMS);	/* no 令第10号 row outside 第三条–第十三条 */
	assert_int_equal(by_class[0], 3);	/* 管理类 */
	assert_int_equal(by_class[1], 47);	/* 行业类, 7 industries */
	assert_int_equal(by_class[2], 14);	/* 专项类 */
}

/* Codes are unique, well formed and name the row's own article and item; items of an
 * article are numbered 1..n in table order. */
static void test_codes(void **state)
{
	int last_article = 0, last_item = 0;

	(void)state;
	for (size_t i = 0; i < hazard_criteria_n; i++) {
		const struct hazard_criterion *r = &hazard_criteria[i];
		char want[32];

		for (size_t j = 0; j < i; j++)
			if (strcmp(hazard_criteria[j].code, r->code) == 0)
				fail_msg("duplicate code %s", r->code);
		assert_ptr_equal(hazard_criterion_find(r->code), r);
		assert_non_null(hazard_criteria_standard_label(r->standard));
		if (strcmp(r->standard, "gm10") == 0) {
			int art = cn_between(r->article, "第", "条");
			int item = cn_between(r->item, "第（", "）项");

			assert_true(art >= 3 && art <= 13);
			assert_true(item >= 1);
			snprintf(want, sizeof(want), "gm10-%d-%d", art, item);
			if (art != last_article) {
				assert_true(art > last_article);
				assert_int_equal(item, 1);
			} else {
				assert_int_equal(item, last_item + 1);
			}
			last_article = art;
			last_item = item;
		} else {
			int item = cn_between(r->item, "第", "项");

			assert_string_equal(r->standard, "hg121");
			assert_null(r->article);	/* 121号 has no articles */
			snprintf(want, sizeof(want), "hg121-%d", item);
			assert_int_equal(item, (int)i + 1 - GM10_ITEMS);
		}
		assert_string_equal(r->code, want);
	}
	assert_null(hazard_criterion_find("gm10-14-1"));	/* 第十四条 is a rule, not an item */
	assert_null(hazard_criterion_find("gm10-other"));
	assert_null(hazard_criterion_find(""));
	assert_null(hazard_criterion_find(NULL));
	assert_string_equal(hazard_criterion_find("gm10-12-2")->text,
			    "快速冻结装置未设置在单独的作业间内，或者快速冻结装置作业间内作业人员数量"
			    "超过9人的");
	assert_string_equal(hazard_criteria_standard_label("gm10"),
			    "工贸企业重大事故隐患判定标准（应急管理部令第10号）");
	assert_null(hazard_criteria_standard_label("gm10-2017"));
}

/* The rows whose wording could not be verified (hazard_criteria.c, ⚠️). */
static const char *const partial_codes[] = { "gm10-4-5", "gm10-7-7", "gm10-13-2" };
static const char *const unverified_codes[] = {
	"gm10-4-6", "gm10-4-7", "gm10-4-8", "gm10-4-9", "gm10-4-10",
	"gm10-5-1", "gm10-5-2", "gm10-5-3", "gm10-5-11", "gm10-5-12", "gm10-5-13",
	"gm10-7-3", "gm10-7-4", "gm10-7-5", "gm10-7-6",
	"gm10-8-1", "gm10-8-2", "gm10-8-3", "gm10-8-4", "gm10-8-5",
	"gm10-9-1", "gm10-9-2",
	"gm10-11-6", "gm10-11-7", "gm10-11-8", "gm10-11-9", "gm10-11-10",
};

/* 1 if code is one of list[0..n). */
static int code_in(const char *code, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(code, list[i]) == 0)
			return 1;
	return 0;
}

/* Every text is non-empty UTF-8 without the closing 「；」「。」; the check state is
 * the listed one and the text says it: placeholders and cut-off rows carry
 * 「待核实」, verified rows never do. */
static void test_texts(void **state)
{
	(void)state;
	for (size_t i = 0; i < hazard_criteria_n; i++) {
		const struct hazard_criterion *r = &hazard_criteria[i];
		enum hazard_criterion_check want =
			code_in(r->code, partial_codes, N_ELEMS(partial_codes)) ? HC_PARTIAL :
			code_in(r->code, unverified_codes, N_ELEMS(unverified_codes)) ?
			HC_UNVERIFIED : HC_VERIFIED;
		const char *const strs[] = { r->code, r->standard, r->part, r->item, r->text };

		for (size_t k = 0; k < N_ELEMS(strs); k++) {
			assert_non_null(strs[k]);
			assert_true(strs[k][0] != '\0');
			if (!xlsx_utf8_valid(strs[k], strlen(strs[k])))
				fail_msg("%s: not UTF-8", r->code);
		}
		if (ends_with(r->text, "；") || ends_with(r->text, "。"))
			fail_msg("%s: text keeps its closing punctuation", r->code);
		if (r->check != want)
			fail_msg("%s: check %d, want %d", r->code, r->check, want);
		if ((r->check == HC_VERIFIED) != (strstr(r->text, "待核实") == NULL))
			fail_msg("%s: text and check state disagree", r->code);
		if (r->check == HC_PARTIAL)
			assert_true(ends_with(r->text, "……〔后文待核实，判定时请以原文为准〕"));
		if (r->check == HC_VERIFIED)
			assert_true(ends_with(r->text, "的") || strcmp(r->standard, "hg121") == 0);
	}
}

/* DOMAIN.md §9: public code still carries the repealed 2017 工贸 standard (安监总管四
 * 〔2017〕129号). Phrases found only in that text must not appear here. */
static void test_no_2017_wording(void **state)
{
	static const char *const phrases_2017[] = {
		"未规范设置",			/* 2017 style: 「未规范设置锁气卸灰装置」 */
		"铁水、钢水与液渣吊运影响的范围内",	/* 2017 冶金 item 1 */
		"粉尘爆炸危险场所的20区未使用防爆电气设备设施",
		"未制定粉尘清扫制度",
		"与居民区、员工宿舍、会议室等人员密集场所安全距离不足",
		"包装间、分割间、产品整理间等人员较多生产场所",
		"未落实作业审批制度，擅自进入有限空间作业",
		"在房式仓、筒仓及简易仓囤进行粮食进出仓作业",	/* 2017 商贸, dropped in 2023 */
	};
	(void)state;
	for (size_t i = 0; i < hazard_criteria_n; i++)
		for (size_t k = 0; k < N_ELEMS(phrases_2017); k++)
			if (strstr(hazard_criteria[i].text, phrases_2017[k]))
				fail_msg("%s carries 2017 wording 「%s」", hazard_criteria[i].code,
					 phrases_2017[k]);
}

/* ------------------------------------------------------ database fixture */

struct backend {
	const char *name;
	enum db_kind kind;
};
static const struct backend backend_sqlite = { "sqlite", DB_SQLITE };
static const struct backend backend_pg = { "postgres", DB_PG };
static const struct backend *cur;
static int fixture_seq;

struct fixture {
	struct db *db;
	char url[300];
	char path[256];
	char schema[64];
};

/* Removes the SQLite file and its WAL companions. */
static void sqlite_unlink(const char *path)
{
	char p[300];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

/* Runs sql on a connection outside the test's schema (PostgreSQL). */
static int pg_admin(const char *sql)
{
	char *err = NULL;
	struct db *db;
	int rc;

	unsetenv("PGOPTIONS");
	db = db_open("postgres:", &err);
	if (!db) {
		fprintf(stderr, "pg admin: %s\n", err);
		free(err);
		return -1;
	}
	rc = db_exec(db, sql);
	db_close(db);
	return rc;
}

/* A fresh database made current like at start-up: migrations, then the schema of
 * every declared entity (hazard_criterion included). */
static int fx_setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	char sql[256], opt[128];
	char *err = NULL;

	assert_non_null(fx);
	fixture_seq++;
	if (cur->kind == DB_SQLITE) {
		snprintf(fx->path, sizeof(fx->path), "/tmp/anjian-test-criteria-%d-%d.db",
			 (int)getpid(), fixture_seq);
		sqlite_unlink(fx->path);
		snprintf(fx->url, sizeof(fx->url), "sqlite:%s", fx->path);
	} else {
		snprintf(fx->schema, sizeof(fx->schema), "anjian_test_hc_%d_%d", (int)getpid(),
			 fixture_seq);
		snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s",
			 fx->schema, fx->schema);
		assert_int_equal(pg_admin(sql), DB_OK);
		snprintf(opt, sizeof(opt), "-c search_path=%s", fx->schema);
		setenv("PGOPTIONS", opt, 1);
		snprintf(fx->url, sizeof(fx->url), "postgres:");
	}
	fx->db = db_open(fx->url, &err);
	if (!fx->db)
		fail_msg("db_open(%s): %s", fx->url, err);
	assert_int_equal(db_migrate(fx->db), 0);
	if (entity_schema_sync(fx->db) != 0)
		fail_msg("entity_schema_sync failed (an E_NO_ORG entity without scope_column "
			 "needs the core support described in the module report)");
	*state = fx;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fixture *fx = *state;
	char sql[256];

	db_close(fx->db);
	if (cur->kind == DB_SQLITE) {
		sqlite_unlink(fx->path);
	} else {
		snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE", fx->schema);
		pg_admin(sql);
	}
	free(fx);
	return 0;
}

/* The single integer answer of sql. */
static int64_t q64(struct db *db, const char *sql)
{
	int64_t v = -1;

	assert_int_equal(db_query_int64(db, sql, &v, -1), 0);
	return v;
}

/* Runs one statement with text parameters (NULL-terminated). */
static void exec_text(struct db *db, const char *sql, ...)
{
	struct db_stmt *st = db_prepare(db, sql);
	va_list ap;
	const char *s;
	int i = 1;

	assert_non_null(st);
	va_start(ap, sql);
	while ((s = va_arg(ap, const char *)))
		assert_int_equal(db_bind_text(st, i++, s), 0);
	va_end(ap);
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);
}

/* The stored text of code (caller frees), or NULL. */
static char *stored_text(struct db *db, const char *code)
{
	struct db_stmt *st = db_prepare(db, "SELECT text FROM hazard_criterion WHERE code = ?");
	char *r = NULL;

	assert_non_null(st);
	assert_int_equal(db_bind_text(st, 1, code), 0);
	if (db_step(st) == DB_ROW && db_col_text(st, 0))
		r = strdup(db_col_text(st, 0));
	db_finalize(st);
	return r;
}

/* ------------------------------------------------------------- the seed */

/* Seeding twice: 84 rows after the first, nothing written by the second. */
static void test_seed_idempotent(void **state)
{
	struct fixture *fx = *state;
	int written = -1;

	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM hazard_criterion"), 0);
	assert_int_equal(hazard_criteria_seed(fx->db, &written), 0);
	assert_int_equal(written, GM10_ITEMS + HG121_ITEMS);
	assert_int_equal(hazard_criteria_schema(fx->db), 0);
	assert_int_equal(hazard_criteria_seed(fx->db, &written), 0);
	assert_int_equal(written, 0);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM hazard_criterion"),
			 GM10_ITEMS + HG121_ITEMS);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM hazard_criterion WHERE standard = 'gm10'"),
			 GM10_ITEMS);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM hazard_criterion WHERE active = 1"),
			 GM10_ITEMS + HG121_ITEMS);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM hazard_criterion WHERE article IS NULL"),
			 HG121_ITEMS);
	/* the catalogue order is seq; ids are the insertion order */
	assert_int_equal(q64(fx->db, "SELECT seq FROM hazard_criterion WHERE code = 'gm10-3-1'"), 1);
	assert_int_equal(q64(fx->db, "SELECT seq FROM hazard_criterion WHERE code = 'hg121-20'"),
			 GM10_ITEMS + HG121_ITEMS);
	assert_true(hazard_criterion_id(fx->db, "gm10-11-3") > 0);
	assert_int_equal(hazard_criterion_id(fx->db, "gm10-99-1"), 0);
}

/* Rows edited or deleted in the database are restored by the next seed; an edited
 * row keeps its id (hazards cite it). */
static void test_seed_restores(void **state)
{
	struct fixture *fx = *state;
	int64_t id, id2;
	int written = -1;
	char *t;

	assert_int_equal(hazard_criteria_seed(fx->db, &written), 0);
	id = hazard_criterion_id(fx->db, "gm10-11-3");
	exec_text(fx->db, "UPDATE hazard_criterion SET text = ?, active = 0 WHERE code = ?",
		  "被改动的条文", "gm10-11-3", (const char *)NULL);
	exec_text(fx->db, "UPDATE hazard_criterion SET industry = ? WHERE code = ?",
		  "其他行业", "gm10-4-1", (const char *)NULL);
	exec_text(fx->db, "DELETE FROM hazard_criterion WHERE code = ?", "gm10-12-1",
		  (const char *)NULL);
	assert_int_equal(hazard_criteria_seed(fx->db, &written), 0);
	assert_int_equal(written, 3);
	t = stored_text(fx->db, "gm10-11-3");
	assert_non_null(t);
	assert_string_equal(t, hazard_criterion_find("gm10-11-3")->text);
	free(t);
	id2 = hazard_criterion_id(fx->db, "gm10-11-3");
	assert_int_equal(id2, id);
	assert_int_equal(q64(fx->db, "SELECT active FROM hazard_criterion WHERE code = 'gm10-11-3'"), 1);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM hazard_criterion WHERE code = 'gm10-4-1'"
			     " AND industry = '冶金'"), 1);
	assert_true(hazard_criterion_id(fx->db, "gm10-12-1") > 0);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM hazard_criterion"),
			 GM10_ITEMS + HG121_ITEMS);
	assert_int_equal(hazard_criteria_seed(fx->db, &written), 0);
	assert_int_equal(written, 0);
}

/* A row whose code is no longer shipped is set inactive, never deleted. */
static void test_seed_retires(void **state)
{
	struct fixture *fx = *state;
	int written = -1;

	assert_int_equal(hazard_criteria_seed(fx->db, &written), 0);
	exec_text(fx->db, "INSERT INTO hazard_criterion (code, standard, text, active, seq)"
		  " VALUES (?, ?, ?, 1, 999)", "gm10-99-1", "gm10", "旧版条款",
		  (const char *)NULL);
	assert_int_equal(hazard_criteria_seed(fx->db, &written), 0);
	assert_int_equal(written, 1);
	assert_int_equal(q64(fx->db, "SELECT active FROM hazard_criterion WHERE code = 'gm10-99-1'"), 0);
	assert_int_equal(q64(fx->db, "SELECT COUNT(*) FROM hazard_criterion"),
			 GM10_ITEMS + HG121_ITEMS + 1);
	assert_int_equal(hazard_criteria_seed(fx->db, &written), 0);
	assert_int_equal(written, 0);
}

/* E_NO_ORG: any logged-in role reads a row and lists all of them, whatever its org
 * (here an org with no scope at all). */
static void test_visible_to_every_role(void **state)
{
	static const enum role roles[] = { ROLE_ADMIN, ROLE_REGULATOR, ROLE_DEPARTMENT,
					   ROLE_ENT_MANAGER, ROLE_ENT_PRINCIPAL, ROLE_STAFF };
	struct fixture *fx = *state;
	const struct entity_def *e = hazard_criteria_entity();
	int64_t id;

	assert_ptr_equal(entity_find("hazard_criterion"), e);
	assert_int_equal(hazard_criteria_seed(fx->db, NULL), 0);
	id = hazard_criterion_id(fx->db, "gm10-3-2");
	assert_true(id > 0);
	for (size_t i = 0; i < N_ELEMS(roles); i++) {
		struct arena a;
		struct user u = { .id = 9000 + (int64_t)i, .username = "t", .name = "t",
				  .role = roles[i], .org_id = 424242, .org_path = "/424242/",
				  .org_kind = "enterprise" };
		struct ectx c = { .db = fx->db, .user = &u, .arena = &a };
		struct lplan p;
		int64_t n = -1;
		json_t *row;

		arena_init(&a);
		row = entity_get(&c, e, id);
		if (!row)
			fail_msg("role %d cannot read hazard_criterion %lld", (int)roles[i],
				 (long long)id);
		assert_string_equal(json_string_value(json_object_get(row, "code")), "gm10-3-2");
		json_decref(row);
		lplan_init(&p, &c, e, 0);
		assert_int_equal(lplan_count(&p, &n), 0);
		assert_int_equal(n, GM10_ITEMS + HG121_ITEMS);
		lplan_release(&p);
		arena_release(&a);
	}
}

int main(void)
{
	const struct CMUnitTest table_tests[] = {
		cmocka_unit_test(test_cn_number),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_texts),
		cmocka_unit_test(test_no_2017_wording),
	};
	const struct CMUnitTest db_tests[] = {
		cmocka_unit_test_setup_teardown(test_seed_idempotent, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_seed_restores, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_seed_retires, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_visible_to_every_role, fx_setup, fx_teardown),
	};
	int failed;

	/* restores and failures are logged; HC_TEST_VERBOSE=1 shows them */
	log_min_level = getenv("HC_TEST_VERBOSE") ? LOG_DEBUG : LOG_ERR + 1;
	hazard_criteria_init();
	failed = cmocka_run_group_tests_name("hazard_criteria/table", table_tests, NULL, NULL);
	cur = &backend_sqlite;
	failed += cmocka_run_group_tests_name("hazard_criteria/sqlite", db_tests, NULL, NULL);
	if (getenv("PGHOST")) {
		cur = &backend_pg;
		failed += cmocka_run_group_tests_name("hazard_criteria/postgres", db_tests, NULL,
						      NULL);
	} else {
		fprintf(stderr, "hazard_criteria/postgres: skipped (PGHOST not set)\n");
	}
	return failed ? 1 : 0;
}
