/*
 * test_submit.c — 信息报送 rules (src/rules/submit.c): the due date of each
 * schedule of the documents, the matrix cell of a submission, and the form
 * declarations and their check (Chinese messages naming the field).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "rules/submit.h"

struct due_case {
	const char *period;
	int month, day, days, next_year;
	const char *key;
	const char *want;	/* NULL = bad input (-1) */
	const char *why;
};

static const struct due_case due_cases[] = {
	/* seeds/001 §三(三): 每月20日前报送工作开展情况 */
	{"month", 0, 20, 0, 0, "2026-11", "2026-11-20", "001 §三(三) by the 20th"},
	{"month", 0, 20, 0, 0, "2026-02", "2026-02-20", "001 §三(三) February"},
	/* seeds/004 §三(四): 每月30日前报推进情况 — February has no 30th: its last day */
	{"month", 0, 30, 0, 0, "2026-04", "2026-04-30", "004 §三(四) by the 30th"},
	{"month", 0, 30, 0, 0, "2026-02", "2026-02-28", "004 §三(四) clamped in February"},
	{"month", 0, 30, 0, 0, "2028-02", "2028-02-29", "004 §三(四) leap February"},
	{"month", 0, 0, 0, 0, "2026-11", "2026-11-30", "day 0 = month end"},
	/* seeds/001 §三(三): 年度工作计划和任务清单 4月底前 */
	{"year", 4, 0, 0, 0, "2026", "2026-04-30", "001 §三(三) end of April"},
	/* seeds/000 §二(四)3: 每年1月中旬前报送上一年度事故统计 */
	{"year", 1, 15, 0, 1, "2025", "2026-01-15", "000 §二(四)3 next mid-January"},
	/* seeds/002: 12月5日前报送专项行动总结 */
	{"year", 12, 5, 0, 0, "2026", "2026-12-05", "002 12月5日"},
	/* seeds/001 item 10: 高危行业每半年演练 — by the end of each half */
	{"half", 0, 0, 0, 0, "2026-H1", "2026-06-30", "001 item 10 first half"},
	{"half", 0, 0, 0, 0, "2026-H2", "2026-12-31", "001 item 10 second half"},
	{"quarter", 0, 0, 10, 0, "2026-Q3", "2026-10-10", "quarter + 10 days"},
	/* seeds/000 §二(四)5: 重要信息随时报送 — the platform's 1 day after the event */
	{"event", 0, 0, 1, 0, "2026-11-21", "2026-11-22", "000 §二(四)5 event + 1 day"},
	{"event", 0, 0, 1, 0, "2026-12-31", "2027-01-01", "event across the year"},
	/* bad input */
	{"year", 0, 5, 0, 0, "2026", NULL, "year needs a month"},
	{"month", 0, 20, 0, 0, "2026", NULL, "key of another period"},
	{"week", 0, 1, 0, 0, "2026-11", NULL, "unknown period"},
	{"event", 0, 0, 1, 0, "2026-02-30", NULL, "not a date"},
	{"month", 0, 32, 0, 0, "2026-11", NULL, "day past 31"},
};

static void test_due(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(due_cases) / sizeof(due_cases[0]); i++) {
		const struct due_case *c = &due_cases[i];
		char out[11] = "";
		int rc = sub_due(c->period, c->month, c->day, c->days, c->next_year, c->key, out);

		if (!c->want) {
			if (rc != -1)
				fail_msg("%s: expected bad input, got %s", c->why, out);
			continue;
		}
		if (rc != 0 || strcmp(out, c->want) != 0)
			fail_msg("%s: expected %s, got %d %s", c->why, c->want, rc, out);
	}
}

struct cell_case {
	const char *status, *due, *first, *today;
	enum sub_cell want;
	const char *why;
};

static const struct cell_case cell_cases[] = {
	{"draft", "2026-11-20", NULL, "2026-11-19", SC_NOT_DUE, "before the due"},
	{"draft", "2026-11-20", NULL, "2026-11-20", SC_NOT_DUE, "on the due day"},
	{"draft", "2026-11-20", NULL, "2026-11-21", SC_MISSING, "the day after"},
	{"submitted", "2026-11-20", "2026-11-20 23:59:59", "2026-12-01", SC_ON_TIME, "on the due day"},
	{"accepted", "2026-11-20", "2026-11-03 09:00:00", "2026-12-01", SC_ON_TIME, "early, accepted"},
	{"submitted", "2026-11-20", "2026-11-21 00:00:00", "2026-12-01", SC_LATE, "a day late"},
	{"accepted", "2026-11-20", "2026-11-25", "2026-12-01", SC_LATE, "late, accepted"},
	/* a returned report shows as returned whatever the date, until resubmitted */
	{"returned", "2026-11-20", "2026-11-10 09:00:00", "2026-11-15", SC_RETURNED, "returned early"},
	{"returned", "2026-11-20", "2026-11-10 09:00:00", "2026-12-15", SC_RETURNED, "returned, past due"},
	/* resubmitted after the due: the first submission dates it */
	{"submitted", "2026-11-20", "2026-11-10 09:00:00", "2026-12-15", SC_ON_TIME, "resubmitted late"},
	{"submitted", "2026-11-20", NULL, "2026-12-01", SC_INVALID, "submitted without a time"},
	{"archived", "2026-11-20", NULL, "2026-12-01", SC_INVALID, "unknown status"},
	{"draft", "2026-11-31", NULL, "2026-12-01", SC_INVALID, "bad due"},
};

static void test_cell(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cell_cases) / sizeof(cell_cases[0]); i++) {
		const struct cell_case *c = &cell_cases[i];
		enum sub_cell got = sub_cell_of(c->status, c->due, c->first, c->today);

		if (got != c->want)
			fail_msg("%s: expected %s, got %s", c->why, sub_cell_code(c->want), sub_cell_code(got));
	}
	assert_string_equal(sub_cell_label(SC_MISSING), "未报");
	assert_string_equal(sub_cell_label(SC_LATE), "逾期报送");
	assert_string_equal(sub_cell_code(SC_RETURNED), "returned");
}

struct schema_case {
	const char *json;
	const char *msg;	/* NULL = well formed; else a part of the message */
};

static const struct schema_case schema_cases[] = {
	{"[]", NULL},
	{"[{\"name\":\"a\",\"label\":\"内容\",\"type\":\"text\"}]", NULL},
	{"[{\"name\":\"k\",\"label\":\"类别\",\"type\":\"enum\",\"options\":[\"甲\",\"乙\"]}]", NULL},
	{"[{\"name\":\"t\",\"label\":\"任务清单\",\"type\":\"rows\",\"columns\":["
	 "{\"name\":\"item\",\"label\":\"项目内容\",\"type\":\"text\"}]}]", NULL},
	{"[{\"name\":\"A\",\"label\":\"x\",\"type\":\"text\"}]", "名称须为小写英文标识"},
	{"[{\"name\":\"a\",\"type\":\"text\"}]", "缺少中文名称"},
	{"[{\"name\":\"a\",\"label\":\"内容\",\"type\":\"color\"}]", "类型无效"},
	{"[{\"name\":\"a\",\"label\":\"甲\",\"type\":\"text\"},{\"name\":\"a\",\"label\":\"乙\",\"type\":\"text\"}]",
	 "重复"},
	{"[{\"name\":\"k\",\"label\":\"类别\",\"type\":\"enum\"}]", "须列出可选值"},
	{"[{\"name\":\"t\",\"label\":\"表\",\"type\":\"rows\",\"columns\":[]}]", "至少有一列"},
	{"[{\"name\":\"t\",\"label\":\"表\",\"type\":\"rows\",\"columns\":["
	 "{\"name\":\"u\",\"label\":\"子表\",\"type\":\"rows\"}]}]", "类型无效"},
	{"{\"a\":1}", "列表"},
};

static void test_schema(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(schema_cases) / sizeof(schema_cases[0]); i++) {
		json_t *j = json_loads(schema_cases[i].json, 0, NULL);
		char msg[160] = "";
		int rc;

		assert_non_null(j);
		rc = sf_schema_check(j, msg, sizeof(msg));
		if (!schema_cases[i].msg && rc != 0)
			fail_msg("%s: expected well formed, got %s", schema_cases[i].json, msg);
		if (schema_cases[i].msg && (rc == 0 || !strstr(msg, schema_cases[i].msg)))
			fail_msg("%s: expected \"%s\", got %d \"%s\"", schema_cases[i].json,
				 schema_cases[i].msg, rc, msg);
		json_decref(j);
	}
	assert_int_equal(sf_schema_check(NULL, NULL, 0), 0);
}

/* The annual plan of seeds/001 §三(三): plan text and rows 项目内容 / 责任单位 / 完成时限. */
static const char plan_schema[] =
	"[{\"name\":\"plan\",\"label\":\"年度工作计划\",\"type\":\"longtext\",\"required\":true},"
	"{\"name\":\"count\",\"label\":\"任务数\",\"type\":\"int\",\"min\":0,\"max\":100},"
	"{\"name\":\"ok\",\"label\":\"已审议\",\"type\":\"bool\"},"
	"{\"name\":\"kind\",\"label\":\"类别\",\"type\":\"enum\",\"options\":[\"综合\",\"专项\"]},"
	"{\"name\":\"title\",\"label\":\"标题\",\"type\":\"text\",\"max_len\":4},"
	"{\"name\":\"tasks\",\"label\":\"任务清单\",\"type\":\"rows\",\"required\":true,\"columns\":["
	"{\"name\":\"item\",\"label\":\"项目内容\",\"type\":\"text\",\"required\":true},"
	"{\"name\":\"unit\",\"label\":\"责任单位\",\"type\":\"text\",\"required\":true},"
	"{\"name\":\"deadline\",\"label\":\"完成时限\",\"type\":\"date\",\"required\":true}]}]";

struct form_case {
	const char *content;
	int nerr;
	const char *field, *msg;	/* the first error */
};

static const struct form_case form_cases[] = {
	{"{\"plan\":\"全年计划\",\"tasks\":[{\"item\":\"隐患排查\",\"unit\":\"安全部\",\"deadline\":\"2026-06-30\"}]}",
	 0, NULL, NULL},
	{"{}", 2, "plan", "年度工作计划为必填项"},
	{"{\"plan\":\"\",\"tasks\":[]}", 2, "plan", "年度工作计划为必填项"},
	{"{\"plan\":\"p\",\"tasks\":[{\"item\":\"x\",\"deadline\":\"2026-02-30\"}]}", 2, "tasks",
	 "任务清单第1行：责任单位为必填项"},
	{"{\"plan\":\"p\",\"tasks\":[{\"item\":\"x\",\"unit\":\"u\",\"deadline\":\"2026-02-30\"}]}", 1, "tasks",
	 "任务清单第1行：完成时限须为日期（YYYY-MM-DD）"},
	{"{\"plan\":\"p\",\"count\":101,\"tasks\":[{\"item\":\"x\",\"unit\":\"u\",\"deadline\":\"2026-02-28\"}]}",
	 1, "count", "任务数须在0至100之间"},
	{"{\"plan\":\"p\",\"count\":1.5,\"tasks\":[{\"item\":\"x\",\"unit\":\"u\",\"deadline\":\"2026-02-28\"}]}",
	 1, "count", "任务数须为整数"},
	{"{\"plan\":\"p\",\"ok\":\"是\",\"tasks\":[{\"item\":\"x\",\"unit\":\"u\",\"deadline\":\"2026-02-28\"}]}",
	 1, "ok", "已审议须为是或否"},
	{"{\"plan\":\"p\",\"kind\":\"其他\",\"tasks\":[{\"item\":\"x\",\"unit\":\"u\",\"deadline\":\"2026-02-28\"}]}",
	 1, "kind", "类别的取值不在可选范围内"},
	{"{\"plan\":\"p\",\"title\":\"五个汉字啊\",\"tasks\":[{\"item\":\"x\",\"unit\":\"u\",\"deadline\":\"2026-02-28\"}]}",
	 1, "title", "标题不能超过4个字"},
	{"{\"plan\":\"p\",\"x\":1,\"tasks\":[{\"item\":\"x\",\"unit\":\"u\",\"deadline\":\"2026-02-28\",\"y\":2}]}",
	 2, "x", "未声明的填报项：x"},
	{"[1]", 1, "content", "填报内容格式无效"},
};

static void test_form(void **state)
{
	json_t *schema = json_loads(plan_schema, 0, NULL);
	char msg[160];

	(void)state;
	assert_non_null(schema);
	assert_int_equal(sf_schema_check(schema, msg, sizeof(msg)), 0);
	for (size_t i = 0; i < sizeof(form_cases) / sizeof(form_cases[0]); i++) {
		const struct form_case *c = &form_cases[i];
		json_t *v = json_loads(c->content, 0, NULL);
		struct sf_errs e;
		int n;

		assert_non_null(v);
		n = sf_form_check(schema, v, &e);
		if (n != c->nerr)
			fail_msg("%s: expected %d errors, got %d (%s)", c->content, c->nerr, n,
				 n ? e.message[0] : "");
		if (c->field && (strcmp(e.field[0], c->field) != 0 || strcmp(e.message[0], c->msg) != 0))
			fail_msg("%s: expected %s %s, got %s %s", c->content, c->field, c->msg,
				 e.field[0], e.message[0]);
		json_decref(v);
	}
	json_decref(schema);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_due),
		cmocka_unit_test(test_cell),
		cmocka_unit_test(test_schema),
		cmocka_unit_test(test_form),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
