/*
 * test_uscc.c — GB 32100-2015 统一社会信用代码 (src/rules/uscc.c). Vectors from
 * DOMAIN.md §7: four valid codes of real companies, the standard's own worked example
 * 91350100M000100Y4Z that is invalid as printed (the computed check is 3), and the
 * edge cases of the rule: length, the five letters the alphabet omits (I O Z S V),
 * the administrative division code of positions 3–8 that must be digits (GB 32100-2015
 * §4), lowercase input normalised to uppercase, and Σ mod 31 = 0 whose check 31 is
 * '0'.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "rules/uscc.h"

struct uscc_case {
	const char *code;
	enum uscc_result want;
	const char *norm;	/* expected normalised code when valid */
};

static const struct uscc_case uscc_cases[] = {
	/* DOMAIN.md §7 vectors */
	{ "914403001922038216", USCC_OK, "914403001922038216" },	/* 华为技术, check 6 */
	{ "9144030071526726XG", USCC_OK, "9144030071526726XG" },	/* 腾讯科技, check G */
	{ "91330100799655058B", USCC_OK, "91330100799655058B" },	/* 阿里巴巴, check B */
	{ "91440300708461136T", USCC_OK, "91440300708461136T" },	/* 腾讯计算机, check T */
	/* the standard's worked example as printed: invalid (computed check is 3;
	 * its last character Z is not even in the alphabet) */
	{ "91350100M000100Y4Z", USCC_BAD_CHAR, NULL },
	/* lowercase is normalised */
	{ "9144030071526726xg", USCC_OK, "9144030071526726XG" },
	{ "91330100799655058b", USCC_OK, "91330100799655058B" },
	/* Σ mod 31 = 0 → 31 → '0' */
	{ "914403007152672630", USCC_OK, "914403007152672630" },
	{ "911101080000000080", USCC_OK, "911101080000000080" },
	{ "000000000000000000", USCC_OK, "000000000000000000" },
	/* wrong length */
	{ "", USCC_BAD_LENGTH, NULL },
	{ "91440300192203821", USCC_BAD_LENGTH, NULL },
	{ "9144030019220382160", USCC_BAD_LENGTH, NULL },
	/* forbidden letters I O Z S V, and other characters */
	{ "91440300192203821I", USCC_BAD_CHAR, NULL },
	{ "9144030019220382O6", USCC_BAD_CHAR, NULL },
	{ "914403001922038S16", USCC_BAD_CHAR, NULL },
	{ "91440300192203V216", USCC_BAD_CHAR, NULL },
	{ "9144030019220Z8216", USCC_BAD_CHAR, NULL },
	{ "9144030019220-8216", USCC_BAD_CHAR, NULL },
	{ "9144030019220 8216", USCC_BAD_CHAR, NULL },
	/* GB 32100-2015 §4: positions 3–8 are the registration authority's
	 * administrative division code (GB/T 2260), six digits. Each code below has a
	 * correct check character, so only the letter in 3–8 makes it invalid. */
	{ "91A40300192203821E", USCC_BAD_REGION, NULL },	/* position 3 */
	{ "9144030X1922038219", USCC_BAD_REGION, NULL },	/* position 8 */
	{ "91310X18MA1G20170K", USCC_BAD_REGION, NULL },	/* position 6 */
	{ "91A10118MA1G201702", USCC_BAD_REGION, NULL },
	{ "9131011AMA1G201700", USCC_BAD_REGION, NULL },
	{ "91a40300192203821e", USCC_BAD_REGION, NULL },	/* lowercase too */
	/* §4: positions 1–2 and 9–17 may hold letters of the alphabet */
	{ "91310118MA1G201703", USCC_OK, "91310118MA1G201703" },
	/* order of the rules: a letter outside the alphabet is that error, a letter
	 * in 3–8 wins over a wrong check character, a wrong length over both */
	{ "91I40300192203821E", USCC_BAD_CHAR, NULL },
	{ "91A403001922038210", USCC_BAD_REGION, NULL },
	{ "91A4030019220382", USCC_BAD_LENGTH, NULL },
	/* wrong check character */
	{ "914403001922038217", USCC_BAD_CHECK, NULL },
	{ "9144030071526726XH", USCC_BAD_CHECK, NULL },
	{ "914403007152672631", USCC_BAD_CHECK, NULL },
};

/* Every vector gives its expected result and normalised form. */
static void test_uscc_table(void **state)
{
	size_t i;
	char out[19];

	(void)state;
	for (i = 0; i < sizeof(uscc_cases) / sizeof(uscc_cases[0]); i++) {
		const struct uscc_case *c = &uscc_cases[i];
		enum uscc_result r, want = c->want;
		memset(out, 0, sizeof(out));
		r = uscc_check(c->code, out);
		if (r != want)
			fail_msg("%s: got %d want %d", c->code, r, want);
		if (c->norm)
			assert_string_equal(out, c->norm);
	}
}

/* The standard's worked example: the check computed from its first 17 characters
 * is '3', so neither Z (as printed) nor any other character but 3 validates. */
static void test_uscc_standard_example(void **state)
{
	(void)state;
	assert_int_equal(uscc_check_char("91350100M000100Y4"), '3');
	assert_int_equal(uscc_check("91350100M000100Y43", NULL), USCC_OK);
	assert_int_equal(uscc_check("91350100M000100Y44", NULL), USCC_BAD_CHECK);
}

/* The alphabet has 31 characters valued 0..30 and omits I O Z S V. */
static void test_uscc_alphabet(void **state)
{
	const char *alpha = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	int i;

	(void)state;
	for (i = 0; i < 31; i++)
		assert_int_equal(uscc_char_value(alpha[i]), i);
	assert_int_equal(uscc_char_value('I'), -1);
	assert_int_equal(uscc_char_value('O'), -1);
	assert_int_equal(uscc_char_value('Z'), -1);
	assert_int_equal(uscc_char_value('S'), -1);
	assert_int_equal(uscc_char_value('V'), -1);
	assert_int_equal(uscc_char_value('a'), -1);
	assert_int_equal(uscc_char_value('\0'), -1);
}

/* Check characters of the valid vectors, and 31 → '0'. */
static void test_uscc_check_char(void **state)
{
	(void)state;
	assert_int_equal(uscc_check_char("91440300192203821"), '6');
	assert_int_equal(uscc_check_char("9144030071526726X"), 'G');
	assert_int_equal(uscc_check_char("91330100799655058"), 'B');
	assert_int_equal(uscc_check_char("91440300708461136"), 'T');
	assert_int_equal(uscc_check_char("91440300715267263"), '0');
	assert_int_equal(uscc_check_char("9144030071526726I"), 0);
}

/* Messages the validator appends to the field label. */
static void test_uscc_messages(void **state)
{
	(void)state;
	assert_string_equal(uscc_message(USCC_BAD_LENGTH), "长度须为18位");
	assert_string_equal(uscc_message(USCC_BAD_CHAR), "含非法字符");
	assert_string_equal(uscc_message(USCC_BAD_REGION),
			    "第3至8位（登记管理机关行政区划码）须为数字");
	assert_string_equal(uscc_message(USCC_BAD_CHECK), "校验位不正确");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uscc_table),
		cmocka_unit_test(test_uscc_standard_example),
		cmocka_unit_test(test_uscc_alphabet),
		cmocka_unit_test(test_uscc_check_char),
		cmocka_unit_test(test_uscc_messages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
