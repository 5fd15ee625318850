/*
 * test_json.c — the JSON writer (src/core/json.c) and the buffer it writes into:
 * RFC 8259 escaping of quotes, backslashes and every control character, 4-byte
 * UTF-8 passed through, invalid UTF-8 replaced, commas and nesting, and the sticky
 * error of a capped buffer. Every output is also parsed back with jansson.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "core/buf.h"
#include "core/json.h"

/* Escapes in → expected literal (with quotes). */
static const struct {
	const char *in;
	size_t n;
	const char *out;
} escape_cases[] = {
	{ "plain", 5, "\"plain\"" },
	{ "say \"hi\"", 8, "\"say \\\"hi\\\"\"" },
	{ "back\\slash", 10, "\"back\\\\slash\"" },
	{ "a\nb\rc\td", 7, "\"a\\nb\\rc\\td\"" },
	{ "\b\f", 2, "\"\\b\\f\"" },
	{ "\x01\x1f", 2, "\"\\u0001\\u001f\"" },
	{ "nul\0x", 5, "\"nul\\u0000x\"" },
	{ "\x7f", 1, "\"\x7f\"" },			/* DEL is not a control char in JSON */
	{ "隐患", 6, "\"隐患\"" },			/* 3-byte UTF-8 passes through */
	{ "\xF0\x9F\x98\x80", 4, "\"\xF0\x9F\x98\x80\"" },	/* U+1F600, 4 bytes */
	{ "\xF0\xA0\x80\x80", 4, "\"\xF0\xA0\x80\x80\"" },	/* U+20000 CJK Ext B */
	{ "bad\xff", 4, "\"bad\\ufffd\"" },		/* invalid byte */
	{ "\xC0\xAF", 2, "\"\\ufffd\\ufffd\"" },	/* overlong '/' */
	{ "\xED\xA0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\"" },	/* surrogate */
	{ "\xF0\x9F\x98", 3, "\"\\ufffd\\ufffd\\ufffd\"" },	/* truncated 4-byte */
	{ "\xE2\x80\xA8", 3, "\"\\u2028\"" },		/* line separator */
	/* the three-byte fast path (lead bytes E1, E3–EC, EE, EF) and its edges */
	{ "\xE4\xBD", 2, "\"\\ufffd\\ufffd\"" },		/* truncated CJK character */
	{ "\xE4\x41\x80", 3, "\"\\ufffdA\\ufffd\"" },	/* bad continuation byte */
	{ "\xE0\x80\x80", 3, "\"\\ufffd\\ufffd\\ufffd\"" },	/* overlong (E0) */
	{ "\xEF\xBF\xBD\xE1\x80\x80", 6, "\"\xEF\xBF\xBD\xE1\x80\x80\"" },	/* U+FFFD, U+1000 */
	{ "\xE2\x82\xAC", 3, "\"\xE2\x82\xAC\"" },		/* € (E2, not U+2028) */
	{ "</script>", 9, "\"</script>\"" },
	/* runs of multi-byte text around escapes and bad bytes */
	{ "隐患\"整改\n", 14, "\"隐患\\\"整改\\n\"" },
	{ "隐\xff患", 7, "\"隐\\ufffd患\"" },
	{ "a\xE2\x80\xA9" "b隐", 8, "\"a\\u2029b隐\"" },
};

static void test_escape_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(escape_cases) / sizeof(escape_cases[0]); i++) {
		struct buf b;
		json_t *j;
		json_error_t err;

		buf_init(&b, 0);
		json_escape(&b, escape_cases[i].in, escape_cases[i].n);
		assert_false(buf_failed(&b));
		assert_string_equal(buf_str(&b), escape_cases[i].out);
		/* Valid JSON, and valid input round-trips byte for byte. */
		j = json_loads(buf_str(&b), JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
		assert_non_null(j);
		assert_true(json_is_string(j));
		if (!strstr(escape_cases[i].out, "ufffd"))
			assert_memory_equal(json_string_value(j), escape_cases[i].in, escape_cases[i].n);
		json_decref(j);
		buf_release(&b);
	}
}

static void test_writer_structure(void **state)
{
	struct buf b;
	struct jw w;

	(void)state;
	buf_init(&b, 0);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_kstr(&w, "name", "青浦");
	jw_kint(&w, "n", -9223372036854775807LL - 1);
	jw_key(&w, "items");
	jw_arr_begin(&w);
	jw_int(&w, 1);
	jw_double(&w, 2.5);
	jw_bool(&w, 1);
	jw_null(&w);
	jw_str(&w, NULL);
	jw_obj_begin(&w);
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_key(&w, "nan");
	jw_double(&w, 0.0 / 0.0);
	jw_key(&w, "raw");
	jw_raw(&w, "[1,2]");
	jw_keyn(&w, "org_id_and_more", 6);	/* n bytes of a longer string */
	jw_strn(&w, "ab\"cd", 3);
	jw_obj_end(&w);
	assert_string_equal(buf_str(&b),
		"{\"name\":\"青浦\",\"n\":-9223372036854775808,\"items\":[1,2.5,true,null,null,{}],"
		"\"nan\":null,\"raw\":[1,2],\"org_id\":\"ab\\\"\"}");
	buf_release(&b);
}

/* Keys take a copy-through path when they are plain ASCII names; every other key
 * (quote, backslash, control or non-ASCII byte, or longer than the fast path's
 * buffer) is escaped like a value. */
static void test_key_escaping(void **state)
{
	static const struct {
		const char *key, *out;
	} cases[] = {
		{"id", "{\"id\":1}"},
		{"", "{\"\":1}"},
		{"a\"b", "{\"a\\\"b\":1}"},
		{"a\\b", "{\"a\\\\b\":1}"},
		{"tab\there", "{\"tab\\there\":1}"},
		{"隐患", "{\"隐患\":1}"},
		{"k_0123456789012345678901234567890123456789012345678901234567890123456789",
		 "{\"k_0123456789012345678901234567890123456789012345678901234567890123456789\":1}"},
		{"q_01234567890123456789012345678901234567890123456789012345678901\"",
		 "{\"q_01234567890123456789012345678901234567890123456789012345678901\\\"\":1}"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b;
		struct jw w;

		buf_init(&b, 0);
		jw_init(&w, &b);
		jw_obj_begin(&w);
		jw_kint(&w, cases[i].key, 1);
		jw_obj_end(&w);
		assert_string_equal(buf_str(&b), cases[i].out);
		buf_release(&b);
	}
}

static void test_buf_cap_is_sticky(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_puts(&b, "12345678"), 0);
	assert_int_equal(buf_putc(&b, '9'), -1);
	assert_true(buf_failed(&b));
	/* Later appends that would fit are refused too: the error is sticky. */
	assert_int_equal(b.len, 8);
	assert_int_equal(buf_puts(&b, ""), -1);
	assert_string_equal(buf_str(&b), "12345678");
	buf_reset(&b);
	assert_false(buf_failed(&b));
	assert_int_equal(buf_printf(&b, "%d-%s", 42, "ok"), 0);
	assert_string_equal(buf_str(&b), "42-ok");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_table),
		cmocka_unit_test(test_writer_structure),
		cmocka_unit_test(test_key_escaping),
		cmocka_unit_test(test_buf_cap_is_sticky),
	};
	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
