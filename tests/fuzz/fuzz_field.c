/*
 * fuzz_field.c — libFuzzer harness: field validation of request bodies
 * (src/entity/validate.c field_validate), the first check every JSON body meets in
 * the entity core. The first input byte picks one of the field declarations below
 * (every field type, with the ranges and lengths modules use); the rest is parsed by
 * jansson as the router parses a body, and each value of the object (or the value
 * itself) is validated. Accepted values must come back normalised as a JSON value;
 * refusals must carry a message naming the field.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <jansson.h>

#include "core/arena.h"
#include "core/util.h"
#include "entity/entity.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct enum_opt opts[] = { {"general", "一般"}, {"major", "重大"}, {NULL, NULL} };

static const struct field_def fields[] = {
	{.name = "t", .label = "名称", .type = FT_TEXT, .max_len = 50},
	{.name = "t2", .label = "说明", .type = FT_LONGTEXT, .max_len = 2000},
	{.name = "i", .label = "人数", .type = FT_INT, .min = 0, .max = 1000000},
	{.name = "i2", .label = "年份", .type = FT_INT, .min = 2000, .max = 2100},
	{.name = "r", .label = "分值", .type = FT_REAL, .min = 0, .max = 10000},
	{.name = "m", .label = "金额", .type = FT_MONEY, .min = 0, .max = 1e12},
	{.name = "d", .label = "日期", .type = FT_DATE},
	{.name = "dt", .label = "时间", .type = FT_DATETIME},
	{.name = "b", .label = "是否", .type = FT_BOOL},
	{.name = "e", .label = "等级", .type = FT_ENUM, .opts = opts},
	{.name = "ref", .label = "企业", .type = FT_REF, .ref = "enterprise"},
	{.name = "f", .label = "附件", .type = FT_FILES},
	{.name = "u", .label = "统一社会信用代码", .type = FT_USCC},
	{.name = "p", .label = "电话", .type = FT_PHONE},
	{.name = "la", .label = "纬度", .type = FT_LAT},
	{.name = "ln", .label = "经度", .type = FT_LNG},
	{.name = "em", .label = "邮箱", .type = FT_EMAIL},
};

static void check_one(const struct field_def *f, const json_t *v)
{
	struct arena a;
	struct verr e;
	json_t *norm = NULL;
	int rc;

	arena_init(&a);
	verr_init(&e, &a);
	rc = field_validate(f, v, &norm, &e);
	if (rc == 0 && !e.status) {
		/* accepted: something to store (or JSON null for "cleared") */
		if (!norm && !json_is_null(v))
			__builtin_trap();
	} else if (e.n == 0 && !e.message) {
		__builtin_trap();	/* a refusal names what is wrong */
	}
	json_decref(norm);
	arena_release(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct field_def *f;
	json_error_t err;
	json_t *root;

	if (size < 1)
		return 0;
	f = &fields[data[0] % ARRAY_SIZE(fields)];
	root = json_loadb((const char *)data + 1, size - 1,
			  JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
	if (!root)
		return 0;
	if (json_is_object(root)) {
		const char *k;
		json_t *v;

		json_object_foreach(root, k, v)
			check_one(f, v);
	} else {
		check_one(f, root);
	}
	json_decref(root);
	return 0;
}
