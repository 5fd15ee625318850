/*
 * test_scope.c — the org-tree helpers and the ?org_id= subtree filter of
 * src/entity/scope.c, against a small district built by hand on SQLite and, when
 * PGHOST is set (make unit runs under scripts/with-postgres.sh), on PostgreSQL in a
 * schema of its own:
 *
 *   1 区国资委 (regulator)            /1/
 *   2 区安委办 (committee)            /2/
 *   3 集团 (enterprise)               /3/
 *     4 子公司 (enterprise)           /3/4/
 *       5 车间 (unit)                 /3/4/5/
 *     6 集团后勤部 (unit)             /3/6/
 *   7 另一企业 (enterprise)           /7/
 *     8 另一车间 (unit)               /7/8/
 *  10 十号企业 (enterprise)           /10/   (a path "/1/" must not prefix)
 *
 * supervision: 1 → 3 (so 1 sees 3, 4, 5, 6). Users: 11 staff at 5, 12 manager at 3,
 * 13 staff at 7, 14 regulator at 1, 15 inactive staff at 4.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"

struct fixture {
	struct db *db;
	char path[256];
	char schema[64];
};

static int pg;		/* the running group is PostgreSQL */
static int seq;

static const char *const district[] = {
	"INSERT INTO org (id, org_id, parent_id, path, name, kind) VALUES"
	" (1, 1, NULL, '/1/', '区国资委', 'regulator'),"
	" (2, 2, NULL, '/2/', '区安委办', 'committee'),"
	" (3, 3, NULL, '/3/', '集团', 'enterprise'),"
	" (4, 4, 3, '/3/4/', '子公司', 'enterprise'),"
	" (5, 5, 4, '/3/4/5/', '车间', 'unit'),"
	" (6, 6, 3, '/3/6/', '集团后勤部', 'unit'),"
	" (7, 7, NULL, '/7/', '另一企业', 'enterprise'),"
	" (8, 8, 7, '/7/8/', '另一车间', 'unit'),"
	" (10, 10, NULL, '/10/', '十号企业', 'enterprise')",
	"INSERT INTO supervision (org_id, regulator_org, enterprise_org, kind)"
	" VALUES (3, 1, 3, 'investor')",
	"INSERT INTO users (id, org_id, username, name, role, active, password_hash) VALUES"
	" (11, 5, 'u11', '车间员工', 'staff', 1, 'x'),"
	" (12, 3, 'u12', '集团安全员', 'ent_manager', 1, 'x'),"
	" (13, 7, 'u13', '另一企业员工', 'staff', 1, 'x'),"
	" (14, 1, 'u14', '监管人员', 'regulator', 1, 'x'),"
	" (15, 4, 'u15', '已停用员工', 'staff', 0, 'x')",
};

/* Runs sql on a connection outside the test's schema (PostgreSQL). */
static void pg_admin(const char *sql)
{
	char *err = NULL;
	struct db *db;

	unsetenv("PGOPTIONS");
	db = db_open("postgres:", &err);
	if (!db)
		fail_msg("pg admin: %s", err);
	if (db_exec(db, sql) != DB_OK)
		fail_msg("pg admin: %s", db_errmsg(db));
	db_close(db);
}

/* A fresh database with the migrations and the district above. */
static int fx_setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	char url[300], sql[256], opt[128];
	char *err = NULL;

	assert_non_null(fx);
	seq++;
	if (!pg) {
		snprintf(fx->path, sizeof(fx->path), "/tmp/anjian-test-scope-%d-%d.db",
			 (int)getpid(), seq);
		unlink(fx->path);
		snprintf(url, sizeof(url), "sqlite:%s", fx->path);
	} else {
		snprintf(fx->schema, sizeof(fx->schema), "anjian_scope_%d_%d", (int)getpid(), seq);
		snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s",
			 fx->schema, fx->schema);
		pg_admin(sql);
		snprintf(opt, sizeof(opt), "-c search_path=%s", fx->schema);
		setenv("PGOPTIONS", opt, 1);
		snprintf(url, sizeof(url), "postgres:");
	}
	fx->db = db_open(url, &err);
	if (!fx->db)
		fail_msg("db_open(%s): %s", url, err);
	assert_int_equal(db_migrate(fx->db), 0);
	for (size_t i = 0; i < ARRAY_SIZE(district); i++)
		if (db_exec(fx->db, district[i]) != DB_OK)
			fail_msg("%s: %s", district[i], db_errmsg(fx->db));
	assert_int_equal(scope_rebuild(fx->db), 0);
	*state = fx;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fixture *fx = *state;
	char sql[256], p[300];

	db_close(fx->db);
	if (!pg) {
		unlink(fx->path);
		snprintf(p, sizeof(p), "%s-wal", fx->path);
		unlink(p);
		snprintf(p, sizeof(p), "%s-shm", fx->path);
		unlink(p);
	} else {
		snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE", fx->schema);
		pg_admin(sql);
	}
	free(fx);
	return 0;
}

/* org_enterprise_of: an enterprise is its own; a unit's is its company (the
 * subsidiary, not the group); non-enterprise orgs and missing ids have none. */
static void test_enterprise_of(void **state)
{
	struct fixture *fx = *state;
	static const int64_t cases[][2] = {
		{ 3, 3 }, { 4, 4 }, { 5, 4 }, { 6, 3 }, { 8, 7 }, { 10, 10 },
		{ 1, 0 }, { 2, 0 }, { 999, 0 }, { 0, 0 }, { -1, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		if (org_enterprise_of(fx->db, cases[i][0]) != cases[i][1])
			fail_msg("org %" PRId64 ": got %" PRId64 " want %" PRId64, cases[i][0],
				 org_enterprise_of(fx->db, cases[i][0]), cases[i][1]);
}

/* org_unit_in: units (kind unit only) anywhere in the enterprise's subtree. */
static void test_unit_in(void **state)
{
	struct fixture *fx = *state;
	static const int64_t cases[][3] = {	/* unit, enterprise, want */
		{ 5, 4, 1 }, { 5, 3, 1 }, { 6, 3, 1 }, { 8, 7, 1 },
		{ 6, 4, 0 },	/* the group's unit is not the subsidiary's */
		{ 8, 3, 0 }, { 5, 7, 0 },
		{ 4, 3, 0 },	/* a subsidiary is not a unit */
		{ 3, 3, 0 }, { 999, 3, 0 }, { 0, 3, 0 }, { 5, 0, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		if (org_unit_in(fx->db, cases[i][0], cases[i][1]) != cases[i][2])
			fail_msg("unit %" PRId64 " in %" PRId64 ": want %" PRId64, cases[i][0],
				 cases[i][1], cases[i][2]);
}

/* org_user_of_enterprise: active enterprise users inside the subtree or above it. */
static void test_user_of_enterprise(void **state)
{
	struct fixture *fx = *state;
	static const int64_t cases[][3] = {	/* user, enterprise, want */
		{ 11, 4, 1 },	/* a workshop's staff, its company */
		{ 11, 3, 1 },	/* … and the group above it */
		{ 12, 4, 1 },	/* the group's manager acts in a subsidiary */
		{ 12, 3, 1 },
		{ 13, 3, 0 }, { 13, 7, 1 },
		{ 14, 3, 0 },	/* a regulator is no enterprise user */
		{ 15, 4, 0 },	/* inactive */
		{ 12, 7, 0 }, { 999, 3, 0 }, { 11, 0, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		if (org_user_of_enterprise(fx->db, cases[i][0], cases[i][1]) != cases[i][2])
			fail_msg("user %" PRId64 " of %" PRId64 ": want %" PRId64, cases[i][0],
				 cases[i][1], cases[i][2]);
}

/* Counts the orgs inside filter f with the SQL org_subtree_sql writes. */
static int64_t count_in(struct db *db, const struct org_subtree *f)
{
	struct buf sql;
	struct db_stmt *st;
	int64_t n = -1;
	int idx = 1;

	buf_init(&sql, 4096);
	buf_puts(&sql, "SELECT COUNT(*) FROM org t WHERE 1 = 1");
	org_subtree_sql(&sql, f, "t.id");
	st = db_prepare(db, buf_str(&sql));
	if (st && org_subtree_bind(st, f, &idx) == 0 && db_step(st) == DB_ROW)
		n = db_col_int64(st, 0);
	db_finalize(st);
	buf_release(&sql);
	return n;
}

/* The subtree filter: bad ids are 400 naming the parameter, orgs out of scope or
 * missing 404, a visible org gives its path and narrows a query to its subtree
 * ("/1/" does not take in "/10/"); no value is no filter. */
static void test_subtree_filter(void **state)
{
	struct fixture *fx = *state;
	struct user reg = { .id = 14, .username = "u14", .role = ROLE_REGULATOR, .org_id = 1 };
	struct user admin = { .id = 1, .username = "admin", .role = ROLE_ADMIN, .org_id = 1 };
	struct arena a;
	struct ectx c;
	struct org_subtree f;
	struct verr e;
	static const char *const bad[] = { "x", "0", "-3", "3x", "01", " 3" };
	static const char *const hidden[] = { "7", "8", "10", "2", "999" };

	arena_init(&a);
	c = (struct ectx){ .db = fx->db, .user = &reg, .arena = &a };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		verr_init(&e, &a);
		assert_int_equal(org_subtree_parse(&c, "org_id", bad[i], &f, &e), -1);
		assert_int_equal(e.status, 400);
		assert_string_equal(e.field, "org_id");
		assert_int_equal(f.org, 0);
	}
	for (size_t i = 0; i < ARRAY_SIZE(hidden); i++) {
		verr_init(&e, &a);
		assert_int_equal(org_subtree_parse(&c, "org_id", hidden[i], &f, &e), -1);
		assert_int_equal(e.status, 404);
	}
	verr_init(&e, &a);
	assert_int_equal(org_subtree_parse(&c, "org_id", NULL, &f, &e), 0);
	assert_int_equal(f.org, 0);
	assert_int_equal(count_in(fx->db, &f), 9);
	assert_int_equal(org_subtree_parse(&c, "org_id", "", &f, &e), 0);
	assert_int_equal(f.org, 0);
	assert_int_equal(org_subtree_parse(&c, "org_id", "3", &f, &e), 0);
	assert_int_equal(e.status, 0);
	assert_int_equal(f.org, 3);
	assert_string_equal(f.path, "/3/");
	assert_int_equal(count_in(fx->db, &f), 4);	/* 3, 4, 5, 6 */
	assert_int_equal(org_subtree_parse(&c, "org_id", "4", &f, &e), 0);
	assert_int_equal(count_in(fx->db, &f), 2);	/* 4, 5 */
	assert_int_equal(org_subtree_parse(&c, "org_id", "1", &f, &e), 0);
	assert_int_equal(count_in(fx->db, &f), 1);	/* not /10/ */
	/* the admin sees every org; a missing one is still 404 */
	c.user = &admin;
	assert_int_equal(org_subtree_parse(&c, "unit", "10", &f, &e), 0);
	assert_int_equal(count_in(fx->db, &f), 1);
	verr_init(&e, &a);
	assert_int_equal(org_subtree_parse(&c, "unit", "999", &f, &e), -1);
	assert_int_equal(e.status, 404);
	assert_string_equal(e.field, "unit");
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_enterprise_of, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_unit_in, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_user_of_enterprise, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_subtree_filter, fx_setup, fx_teardown),
	};
	int failed;

	log_min_level = getenv("SCOPE_TEST_VERBOSE") ? LOG_DEBUG : LOG_ERR + 1;
	failed = cmocka_run_group_tests_name("scope/sqlite", tests, NULL, NULL);
	if (getenv("PGHOST")) {
		pg = 1;
		failed += cmocka_run_group_tests_name("scope/postgres", tests, NULL, NULL);
	} else {
		fprintf(stderr, "scope/postgres: skipped (PGHOST not set)\n");
	}
	return failed ? 1 : 0;
}
