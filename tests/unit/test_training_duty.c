/*
 * test_training_duty.c — the questions other modules ask of the training module
 * (mod/training.h): employee_cert_valid() and employee_fit_for_duty() on the demo
 * district (demo_fixture.h, a fixed clock 2026-06-15), for the rule of seeds/004
 * 第9项「安全生产教育培训考核不合格的从业人员和法律法规规定应具备而未取得相应资格的
 * 人员，不得上岗作业」 (安全生产法 第三十条: 特种作业人员 hold the 操作证; 原安监总局令
 * 第30号 第二十一条: reviewed every 3 years). SQLite always, PostgreSQL when PGHOST is
 * set.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "demo_fixture.h"
#include "mod/training.h"

static int64_t q1(struct db *db, const char *sql)
{
	int64_t v = 0;

	assert_int_equal(db_query_int64(db, sql, &v, 0), 0);
	return v;
}

static void run(enum db_kind kind)
{
	struct dfx f;
	const char *why = NULL;
	int64_t ok_person, failed, expired, cert_holder, n;

	assert_int_equal(dfx_open(&f, kind, "trduty"), 0);
	/* 城投集团's electrician failed the annual exam (score 65 < 80) in the demo */
	failed = q1(f.db, "SELECT e.id FROM employee e JOIN enterprise x ON x.org_id = e.org_id"
		    " WHERE x.short_name = '青浦城投' AND e.post = '电工'");
	/* 精工金属's electrician's 操作证 passed its review date (issued 3 years and 20
	 * days before today) */
	expired = q1(f.db, "SELECT e.id FROM employee e JOIN enterprise x ON x.org_id = e.org_id"
		     " WHERE x.short_name = '精工金属' AND e.post = '电工'");
	/* 精工金属's welder: valid 操作证, passed the exam */
	cert_holder = q1(f.db, "SELECT e.id FROM employee e JOIN enterprise x ON x.org_id = e.org_id"
			 " WHERE x.short_name = '精工金属' AND e.post = '电焊工'");
	/* an ordinary employee of 城投集团 needs no certificate */
	ok_person = q1(f.db, "SELECT e.id FROM employee e JOIN enterprise x ON x.org_id = e.org_id"
		       " WHERE x.short_name = '青浦城投' AND e.post = '仓库管理员'");
	assert_true(failed > 0 && expired > 0 && cert_holder > 0 && ok_person > 0);

	assert_int_equal(employee_fit_for_duty(f.db, failed, "2026-06-15", &why), 0);
	assert_string_equal(why, "安全生产教育培训考核不合格");
	assert_int_equal(employee_fit_for_duty(f.db, expired, "2026-06-15", &why), 0);
	assert_string_equal(why, "未持有有效的规定证件");
	assert_int_equal(employee_fit_for_duty(f.db, cert_holder, "2026-06-15", &why), 1);
	assert_null(why);
	assert_int_equal(employee_fit_for_duty(f.db, ok_person, "2026-06-15", &why), 1);
	assert_int_equal(employee_fit_for_duty(f.db, 99999999, "2026-06-15", &why), 0);
	assert_string_equal(why, "人员不存在");

	/* the certificate's own date decides: valid the day before the review date was
	 * passed, not after; another kind is not the 操作证 */
	assert_int_equal(employee_cert_valid(f.db, expired, "special_op", "2026-06-15"), 0);
	assert_int_equal(employee_cert_valid(f.db, expired, "special_op", "2026-05-01"), 1);
	assert_int_equal(employee_cert_valid(f.db, cert_holder, "special_op", "2026-06-15"), 1);
	assert_int_equal(employee_cert_valid(f.db, cert_holder, "engineer", "2026-06-15"), 0);

	/* left the post: not on duty whatever the records */
	n = q1(f.db, "SELECT COUNT(*) FROM employee");
	assert_true(n >= 14 * 6);
	{
		struct db_stmt *st = db_prepare(f.db, "UPDATE employee SET status = 'left' WHERE id = ?");
		assert_non_null(st);
		assert_int_equal(db_bind_int64(st, 1, ok_person), 0);
		assert_true(db_step(st) >= 0);
		db_finalize(st);
	}
	assert_int_equal(employee_fit_for_duty(f.db, ok_person, "2026-06-15", &why), 0);
	assert_string_equal(why, "人员已离岗");
	dfx_close(&f);
}

static void test_sqlite(void **state)
{
	(void)state;
	run(DB_SQLITE);
}

static void test_postgres(void **state)
{
	(void)state;
	if (!getenv("PGHOST"))
		skip();
	run(DB_PG);
}

int main(void)
{
	setenv("ANJIAN_NOW", "2026-06-15 10:00:00", 1);
	log_min_level = LOG_ERR;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sqlite),
		cmocka_unit_test(test_postgres),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
