/*
 * test_validate.c — the field validators of src/entity/validate.c, one table per
 * type: each row is a JSON input, whether it is accepted, the normalised stored
 * value, or the exact Chinese message (which must name the field by its label).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <stdlib.h>
#include <cmocka.h>

#include "core/arena.h"
#include "entity/entity.h"

struct vcase {
	const char *in;		/* JSON text; NULL = key absent */
	int ok;
	const char *want;	/* ok: stored value as compact JSON; else the message */
};

/* Runs every case of a table against field f. */
static void run_table(const struct field_def *f, const struct vcase *cases, size_t n)
{
	struct arena a;
	size_t i;

	arena_init(&a);
	for (i = 0; i < n; i++) {
		const struct vcase *c = &cases[i];
		struct verr e;
		json_t *in = NULL, *norm = NULL;
		int rc;

		verr_init(&e, &a);
		if (c->in) {
			in = json_loads(c->in, JSON_DECODE_ANY, NULL);
			if (!in)
				fail_msg("bad test JSON %s", c->in);
		}
		rc = field_validate(f, in, &norm, &e);
		if (c->ok) {
			char *got;
			if (rc != 0)
				fail_msg("%s %s: rejected: %s", f->name, c->in, e.message);
			got = json_dumps(norm, JSON_COMPACT | JSON_ENCODE_ANY);
			if (strcmp(got, c->want) != 0)
				fail_msg("%s %s: stored %s, want %s", f->name, c->in, got, c->want);
			free(got);
			assert_int_equal(e.status, 0);
		} else {
			if (rc == 0)
				fail_msg("%s %s: accepted", f->name, c->in ? c->in : "(absent)");
			assert_int_equal(e.status, 400);
			assert_string_equal(e.code, "validation");
			assert_string_equal(e.field, f->name);
			if (strcmp(e.message, c->want) != 0)
				fail_msg("%s %s: message %s, want %s", f->name, c->in, e.message, c->want);
			assert_null(norm);
		}
		json_decref(in);
		json_decref(norm);
	}
	arena_release(&a);
}
#define RUN(f, t) run_table(&(f), (t), sizeof(t) / sizeof((t)[0]))

/* text: trimmed, required, max length in code points, control characters. */
static void test_text(void **state)
{
	static const struct field_def f = { .name = "name", .label = "名称", .type = FT_TEXT,
					    .flags = F_REQUIRED, .max_len = 5 };
	static const struct vcase t[] = {
		{ "\"  安监平台 \"", 1, "\"安监平台\"" },
		{ "\"五个汉字啊\"", 1, "\"五个汉字啊\"" },		/* 5 code points = 15 bytes */
		{ "\"六个汉字啊呀\"", 0, "名称不能超过5个字" },
		{ "\"abcdef\"", 0, "名称不能超过5个字" },
		{ NULL, 0, "名称不能为空" },
		{ "null", 0, "名称不能为空" },
		{ "\"\"", 0, "名称不能为空" },
		{ "\"   \"", 0, "名称不能为空" },
		{ "\"\\u3000\"", 0, "名称不能为空" },		/* ideographic space only */
		{ "\"a\\nb\"", 0, "名称含有非法字符" },		/* newline not in one-line text */
		{ "\"a\\u0001b\"", 0, "名称含有非法字符" },
		{ "12", 0, "名称格式不正确" },
		{ "true", 0, "名称格式不正确" },
	};
	static const struct field_def d = { .name = "title", .label = "标题", .type = FT_TEXT };
	static const struct vcase td[] = {
		{ NULL, 1, "null" },			/* optional: absent is NULL */
		{ "\"\"", 1, "null" },
	};
	(void)state;
	RUN(f, t);
	RUN(d, td);
	/* default maximum of one-line text: 200 characters */
	{
		char buf[700];
		struct arena a;
		struct verr e;
		json_t *v, *norm = NULL;
		memset(buf, 0, sizeof(buf));
		for (int i = 0; i < 201; i++)
			memcpy(buf + i * 3, "字", 3);
		arena_init(&a);
		verr_init(&e, &a);
		v = json_string(buf);
		assert_int_equal(field_validate(&d, v, &norm, &e), -1);
		assert_string_equal(e.message, "标题不能超过200个字");
		json_decref(v);
		buf[200 * 3] = '\0';
		verr_init(&e, &a);
		v = json_string(buf);
		assert_int_equal(field_validate(&d, v, &norm, &e), 0);
		json_decref(v);
		json_decref(norm);
		arena_release(&a);
	}
}

/* longtext: \n and \t allowed, CR LF folded, other controls refused; invalid UTF-8
 * refused (jansson refuses it when parsing, so it is built by hand). */
static void test_longtext(void **state)
{
	static const struct field_def f = { .name = "remark", .label = "备注", .type = FT_LONGTEXT };
	static const struct vcase t[] = {
		{ "\"第一行\\n\\t第二行\"", 1, "\"第一行\\n\\t第二行\"" },
		{ "\"a\\r\\nb\"", 1, "\"a\\nb\"" },
		{ "\"a\\u0007b\"", 0, "备注含有非法字符" },
		{ "\"a\\u007fb\"", 0, "备注含有非法字符" },
	};
	struct arena a;
	struct verr e;
	json_t *v, *norm = NULL;

	(void)state;
	RUN(f, t);
	arena_init(&a);
	verr_init(&e, &a);
	v = json_stringn_nocheck("a\xC0\xAF", 3);	/* overlong '/' */
	assert_int_equal(field_validate(&f, v, &norm, &e), -1);
	assert_string_equal(e.message, "备注含有非法字符");
	json_decref(v);
	verr_init(&e, &a);
	v = json_stringn_nocheck("\xED\xA0\x80", 3);	/* a UTF-16 surrogate */
	assert_int_equal(field_validate(&f, v, &norm, &e), -1);
	json_decref(v);
	arena_release(&a);
}

/* int: integers in [min, max]; integral numbers and digit strings accepted. */
static void test_int(void **state)
{
	static const struct field_def f = { .name = "employee_count", .label = "从业人数",
					    .type = FT_INT, .min = 0, .max = 100000 };
	static const struct vcase t[] = {
		{ "0", 1, "0" }, { "100000", 1, "100000" }, { "12.0", 1, "12" }, { "\"35\"", 1, "35" },
		{ "-1", 0, "从业人数须在 0 到 100,000 之间" },
		{ "100001", 0, "从业人数须在 0 到 100,000 之间" },
		{ "1.5", 0, "从业人数须为整数" },
		{ "\"abc\"", 0, "从业人数须为整数" },
		{ "true", 0, "从业人数须为整数" },
		{ "[1]", 0, "从业人数须为整数" },
	};
	(void)state;
	RUN(f, t);
}

/* real: finite numbers in [min, max]. */
static void test_real(void **state)
{
	static const struct field_def f = { .name = "area", .label = "面积", .type = FT_REAL,
					    .min = 0, .max = 1e6 };
	static const struct vcase t[] = {
		{ "12.5", 1, "12.5" }, { "\"3.25\"", 1, "3.25" }, { "0", 1, "0.0" },
		{ "-0.1", 0, "面积须在 0 到 1,000,000 之间" },
		{ "\"12a\"", 0, "面积须为数字" },
		{ "false", 0, "面积须为数字" },
	};
	(void)state;
	RUN(f, t);
}

/* money: yuan as number or string, ≤ 2 decimals, stored as integer fen. */
static void test_money(void **state)
{
	static const struct field_def f = { .name = "amount", .label = "金额", .type = FT_MONEY,
					    .min = 0, .max = 1e9 };
	static const struct vcase t[] = {
		{ "12.34", 1, "1234" }, { "\"12.34\"", 1, "1234" }, { "\"12.3\"", 1, "1230" },
		{ "\"7\"", 1, "700" }, { "0.1", 1, "10" }, { "1000000000", 1, "100000000000" },
		{ "0.29", 1, "29" },				/* binary 0.28999… still 29 fen */
		{ "12.345", 0, "金额最多保留两位小数" },
		{ "\"12.345\"", 0, "金额最多保留两位小数" },
		{ "\"12.\"", 0, "金额须为金额（元）" },
		{ "\"1,000\"", 0, "金额须为金额（元）" },
		{ "\"abc\"", 0, "金额须为金额（元）" },
		{ "true", 0, "金额须为金额（元）" },
		{ "-1", 0, "金额须在 0 到 1,000,000,000 之间" },
		{ "\"-0.01\"", 0, "金额须在 0 到 1,000,000,000 之间" },
	};
	(void)state;
	RUN(f, t);
}

/* date: strict calendar dates YYYY-MM-DD. */
static void test_date(void **state)
{
	static const struct field_def f = { .name = "lease_start", .label = "租赁开始日期",
					    .type = FT_DATE, .flags = F_REQUIRED };
	static const struct vcase t[] = {
		{ "\"2024-02-29\"", 1, "\"2024-02-29\"" },
		{ "\" 2024-01-31 \"", 1, "\"2024-01-31\"" },
		{ "\"2023-02-29\"", 0, "租赁开始日期须为有效日期（YYYY-MM-DD）" },
		{ "\"2024-13-01\"", 0, "租赁开始日期须为有效日期（YYYY-MM-DD）" },
		{ "\"2024-04-31\"", 0, "租赁开始日期须为有效日期（YYYY-MM-DD）" },
		{ "\"2024-1-5\"", 0, "租赁开始日期须为有效日期（YYYY-MM-DD）" },
		{ "\"2024/01/05\"", 0, "租赁开始日期须为有效日期（YYYY-MM-DD）" },
		{ "\"2024-01-05x\"", 0, "租赁开始日期须为有效日期（YYYY-MM-DD）" },
		{ "20240105", 0, "租赁开始日期格式不正确" },
		{ "null", 0, "租赁开始日期不能为空" },
	};
	(void)state;
	RUN(f, t);
}

/* datetime: normalised to YYYY-MM-DD HH:MM:SS. */
static void test_datetime(void **state)
{
	static const struct field_def f = { .name = "found_at", .label = "发现时间",
					    .type = FT_DATETIME };
	static const struct vcase t[] = {
		{ "\"2024-05-06 07:08:09\"", 1, "\"2024-05-06 07:08:09\"" },
		{ "\"2024-05-06 07:08\"", 1, "\"2024-05-06 07:08:00\"" },
		{ "\"2024-05-06T07:08:09\"", 1, "\"2024-05-06 07:08:09\"" },
		{ "\"2024-05-06 25:00:00\"", 0, "发现时间须为有效时间（YYYY-MM-DD HH:MM:SS）" },
		{ "\"yesterday\"", 0, "发现时间须为有效时间（YYYY-MM-DD HH:MM:SS）" },
	};
	(void)state;
	RUN(f, t);
}

/* bool: JSON true/false only. */
static void test_bool(void **state)
{
	static const struct field_def f = { .name = "agreement_signed", .label = "已签安全协议",
					    .type = FT_BOOL };
	static const struct vcase t[] = {
		{ "true", 1, "true" }, { "false", 1, "false" }, { "null", 1, "null" },
		{ "1", 0, "已签安全协议须为是或否" },
		{ "0", 0, "已签安全协议须为是或否" },
		{ "\"true\"", 0, "已签安全协议须为是或否" },
	};
	(void)state;
	RUN(f, t);
}

/* enum: codes of the options only (not labels). */
static void test_enum(void **state)
{
	static const struct enum_opt kinds[] = {
		{ "self_operated", "自营" }, { "leased_out", "出租" }, { NULL, NULL }
	};
	static const struct field_def f = { .name = "kind", .label = "网点类型", .type = FT_ENUM,
					    .flags = F_REQUIRED, .opts = kinds };
	static const struct vcase t[] = {
		{ "\"self_operated\"", 1, "\"self_operated\"" },
		{ "\"leased_out\"", 1, "\"leased_out\"" },
		{ "\"自营\"", 0, "网点类型的取值不在可选范围内" },
		{ "\"SELF_OPERATED\"", 0, "网点类型的取值不在可选范围内" },
		{ "3", 0, "网点类型格式不正确" },
		{ NULL, 0, "网点类型不能为空" },
	};
	(void)state;
	RUN(f, t);
}

/* ref: a positive integer id. */
static void test_ref(void **state)
{
	static const struct field_def f = { .name = "responsible", .label = "责任人",
					    .type = FT_REF, .ref = "user" };
	static const struct vcase t[] = {
		{ "7", 1, "7" }, { "7.0", 1, "7" },
		{ "0", 0, "所选责任人不存在" }, { "-3", 0, "所选责任人不存在" },
		{ "1.5", 0, "所选责任人不存在" }, { "\"7\"", 0, "所选责任人不存在" },
	};
	(void)state;
	RUN(f, t);
}

/* files: array of ≤ 20 positive ids, duplicates dropped; [] is "no value". */
static void test_files(void **state)
{
	static const struct field_def f = { .name = "agreement_files", .label = "协议附件",
					    .type = FT_FILES };
	static const struct field_def r = { .name = "photos", .label = "照片",
					    .type = FT_FILES, .flags = F_REQUIRED };
	static const struct vcase t[] = {
		{ "[1,2,3]", 1, "[1,2,3]" }, { "[4,4,5]", 1, "[4,5]" }, { "[]", 1, "null" },
		{ "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]", 1,
		  "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]" },
		{ "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21]", 0, "协议附件最多20个文件" },
		{ "[0]", 0, "协议附件格式不正确" },
		{ "[\"1\"]", 0, "协议附件格式不正确" },
		{ "5", 0, "协议附件格式不正确" },
	};
	static const struct vcase tr[] = {
		{ "[]", 0, "照片不能为空" }, { NULL, 0, "照片不能为空" },
	};
	(void)state;
	RUN(f, t);
	RUN(r, tr);
}

/* uscc: GB 32100-2015 through src/rules/uscc.c, messages name the field. */
static void test_uscc(void **state)
{
	static const struct field_def f = { .name = "uscc", .label = "统一社会信用代码",
					    .type = FT_USCC, .flags = F_REQUIRED | F_UNIQUE };
	static const struct vcase t[] = {
		{ "\"914403001922038216\"", 1, "\"914403001922038216\"" },
		{ "\"9144030071526726xg\"", 1, "\"9144030071526726XG\"" },
		{ "\" 91330100799655058B \"", 1, "\"91330100799655058B\"" },
		{ "\"914403001922038217\"", 0, "统一社会信用代码校验位不正确" },
		{ "\"91440300192203821\"", 0, "统一社会信用代码长度须为18位" },
		{ "\"91440300192203821I\"", 0, "统一社会信用代码含非法字符" },
		{ "\"\"", 0, "统一社会信用代码不能为空" },
	};
	(void)state;
	RUN(f, t);
}

/* phone: mainland mobile or landline with optional extension. */
static void test_phone(void **state)
{
	static const struct field_def f = { .name = "phone", .label = "联系电话", .type = FT_PHONE };
	static const char *msg = "联系电话格式不正确，须为手机号或固定电话";
	const struct vcase t[] = {
		{ "\"13912345678\"", 1, "\"13912345678\"" },
		{ "\"19912345678\"", 1, "\"19912345678\"" },
		{ "\"010-12345678\"", 1, "\"010-12345678\"" },
		{ "\"0755-1234567\"", 1, "\"0755-1234567\"" },
		{ "\"075512345678\"", 1, "\"075512345678\"" },
		{ "\"021-12345678-123\"", 1, "\"021-12345678-123\"" },
		{ "\"12912345678\"", 0, msg },		/* second digit 2 */
		{ "\"1391234567\"", 0, msg },		/* 10 digits */
		{ "\"139123456789\"", 0, msg },		/* 12 digits */
		{ "\"010-123456\"", 0, msg },		/* 6-digit number */
		{ "\"010-12345678-1234567\"", 0, msg },	/* 7-digit extension */
		{ "\"+8613912345678\"", 0, msg },
		{ "\"1391234567a\"", 0, msg },
	};
	(void)state;
	run_table(&f, t, sizeof(t) / sizeof(t[0]));
}

/* lat / lng: degree ranges. */
static void test_coords(void **state)
{
	static const struct field_def la = { .name = "lat", .label = "纬度", .type = FT_LAT };
	static const struct field_def lo = { .name = "lng", .label = "经度", .type = FT_LNG };
	static const struct vcase tla[] = {
		{ "22.5", 1, "22.5" }, { "-90", 1, "-90.0" }, { "90", 1, "90.0" },
		{ "90.0001", 0, "纬度须在 -90 到 90 之间" }, { "-91", 0, "纬度须在 -90 到 90 之间" },
		{ "\"north\"", 0, "纬度须在 -90 到 90 之间" },
	};
	static const struct vcase tlo[] = {
		{ "114.25", 1, "114.25" }, { "-180", 1, "-180.0" },
		{ "180.5", 0, "经度须在 -180 到 180 之间" },
	};
	(void)state;
	RUN(la, tla);
	RUN(lo, tlo);
}

/* email: local@domain.tld. */
static void test_email(void **state)
{
	static const struct field_def f = { .name = "email", .label = "电子邮箱", .type = FT_EMAIL };
	static const struct vcase t[] = {
		{ "\"safety@example.com.cn\"", 1, "\"safety@example.com.cn\"" },
		{ "\"a.b+c@x.io\"", 1, "\"a.b+c@x.io\"" },
		{ "\"no-at.example.com\"", 0, "电子邮箱格式不正确" },
		{ "\"a@b\"", 0, "电子邮箱格式不正确" },
		{ "\"a@@b.com\"", 0, "电子邮箱格式不正确" },
		{ "\"a b@c.com\"", 0, "电子邮箱格式不正确" },
		{ "\"@c.com\"", 0, "电子邮箱格式不正确" },
		{ "\"a@c..com\"", 0, "电子邮箱格式不正确" },
	};
	(void)state;
	RUN(f, t);
}

/* verr keeps every field error; the first sets the headline. */
static void test_verr_all_fields(void **state)
{
	struct arena a;
	struct verr e;

	(void)state;
	arena_init(&a);
	verr_init(&e, &a);
	verr_add(&e, "name", "%s不能为空", "名称");
	verr_add(&e, "uscc", "%s校验位不正确", "统一社会信用代码");
	verr_add(&e, "name", "second message for name is not kept");
	assert_int_equal(e.status, 400);
	assert_string_equal(e.code, "validation");
	assert_string_equal(e.field, "name");
	assert_string_equal(e.message, "名称不能为空");
	assert_int_equal(e.n, 2);
	assert_string_equal(e.fields[1], "uscc");
	assert_string_equal(e.messages[1], "统一社会信用代码校验位不正确");
	verr_set(&e, 404, "not_found", "记录不存在");
	assert_int_equal(e.status, 400);	/* headline stays the first error */
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_longtext),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_real),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_datetime),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_enum),
		cmocka_unit_test(test_ref),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_uscc),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_coords),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_verr_all_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
