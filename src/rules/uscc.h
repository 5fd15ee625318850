/*
 * uscc.h — 统一社会信用代码 (unified social credit code), GB 32100-2015
 * 《法人和其他组织统一社会信用代码编码规则》. A pure rule: no I/O.
 *
 * 18 characters (GB 32100-2015 §4): 登记管理部门代码 (position 1), 机构类别代码 (2),
 * 登记管理机关行政区划码 (3–8: the six-digit GB/T 2260 administrative division code,
 * so digits only), 主体标识码 (9–17, the organisation code), 校验码 (18). The
 * alphabet is 0-9 and A-Z without I O Z S V (31 characters, values 0..30). The check
 * character (GB 32100-2015 §4.3 / 附录) is
 *   C18 = 31 - (Σ Ci·Wi mod 31), Wi = 3^(i-1) mod 31, i = 1..17; 31 maps to '0'.
 */
#ifndef ANJIAN_USCC_H
#define ANJIAN_USCC_H

enum uscc_result {
	USCC_OK = 0,
	USCC_BAD_LENGTH,	/* not 18 characters */
	USCC_BAD_CHAR,		/* a character outside the alphabet */
	USCC_BAD_REGION,	/* positions 3–8 (division code) not all digits */
	USCC_BAD_CHECK		/* the 18th character does not match */
};

/* Value 0..30 of an (uppercase) alphabet character, or -1. */
int uscc_char_value(char c);
/* The check character for the first 17 characters of s (uppercase alphabet
 * characters), or 0 when one of them is outside the alphabet. */
char uscc_check_char(const char *s17);
/* Checks s (NUL-terminated) in this order: length, alphabet, positions 3–8 digits,
 * check character (the first failure is the result). Lowercase letters are accepted
 * and normalised: when out is non-NULL it gets the uppercase code (18 characters +
 * NUL) on USCC_OK. */
enum uscc_result uscc_check(const char *s, char out[19]);
/* The Chinese message for a result, to follow the field's label: "长度须为18位" …
 * ("" for OK). */
const char *uscc_message(enum uscc_result r);

#endif
