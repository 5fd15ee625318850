/*
 * uscc.c — GB 32100-2015 统一社会信用代码 check (see uscc.h for the rule). The
 * weights are precomputed 3^(i-1) mod 31 for i = 1..17, as listed in the standard:
 * 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28.
 */
#include <string.h>

#include "uscc.h"

static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int uscc_weights[17] = {
	1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
};

/* Value of c in the 31-character alphabet, -1 if not in it (I O Z S V, lowercase,
 * anything else). */
int uscc_char_value(char c)
{
	const char *p;

	if (c == '\0')
		return -1;
	p = strchr(uscc_alphabet, c);
	return p ? (int)(p - uscc_alphabet) : -1;
}

/* C18 = 31 - (Σ Ci·Wi mod 31); a result of 31 is written '0'. */
char uscc_check_char(const char *s17)
{
	int sum = 0, i, v, c;

	for (i = 0; i < 17; i++) {
		v = uscc_char_value(s17[i]);
		if (v < 0)
			return 0;
		sum += v * uscc_weights[i];
	}
	c = 31 - sum % 31;
	if (c == 31)
		c = 0;
	return uscc_alphabet[c];
}

/* Length first (18 bytes; any non-ASCII character makes the code invalid by charset
 * when the byte count happens to be 18), then charset, then the administrative
 * division code of positions 3–8 (GB 32100-2015 §4: six digits), then the check
 * character. */
enum uscc_result uscc_check(const char *s, char out[19])
{
	char u[19];
	size_t n, i;

	n = strlen(s);
	if (n != 18)
		return USCC_BAD_LENGTH;
	for (i = 0; i < 18; i++) {
		char c = s[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (uscc_char_value(c) < 0)
			return USCC_BAD_CHAR;
		u[i] = c;
	}
	u[18] = '\0';
	for (i = 2; i < 8; i++)
		if (u[i] < '0' || u[i] > '9')
			return USCC_BAD_REGION;
	if (uscc_check_char(u) != u[17])
		return USCC_BAD_CHECK;
	if (out)
		memcpy(out, u, sizeof(u));
	return USCC_OK;
}

/* Messages of the validator, to follow the field's label. */
const char *uscc_message(enum uscc_result r)
{
	switch (r) {
	case USCC_OK:
		return "";
	case USCC_BAD_LENGTH:
		return "长度须为18位";
	case USCC_BAD_CHAR:
		return "含非法字符";
	case USCC_BAD_REGION:
		return "第3至8位（登记管理机关行政区划码）须为数字";
	case USCC_BAD_CHECK:
		return "校验位不正确";
	}
	return "格式不正确";
}
