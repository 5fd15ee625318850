/*
 * validate.c — one named validator per field type (after kcgi's kvalid_*). Each
 * takes the JSON value of a request, checks it against the declaration and returns
 * the normalised value to store (stored form, see internal.h), or adds a Chinese
 * message naming the field by its label ("名称不能为空") and returns -1.
 *
 * field_validate() handles absence first: a missing key, JSON null, an empty or
 * all-blank string, or an empty files array is "no value": an error for F_REQUIRED
 * fields ("…不能为空"), else a stored NULL. Validators are pure: references and
 * files are checked against the database by crud.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "../core/util.h"
#include "../rules/uscc.h"

#define TEXT_MAX_DEFAULT 200
#define LONGTEXT_MAX_DEFAULT 4000
#define MONEY_MAX_FEN 100000000000000000LL	/* 1e15 yuan: beyond any ledger */

/* --------------------------------------------------------------- helpers */

/* Trims ASCII blanks and U+3000 (ideographic space) at both ends; returns a
 * malloc'd copy the caller frees. */
static char *val_trim(const char *s)
{
	size_t n = strlen(s), b = 0;
	char *r;

	for (;;) {
		if (b < n && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n'))
			b++;
		else if (n - b >= 3 && (unsigned char)s[b] == 0xE3 &&
			 (unsigned char)s[b + 1] == 0x80 && (unsigned char)s[b + 2] == 0x80)
			b += 3;
		else
			break;
	}
	for (;;) {
		if (n > b && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
			      s[n - 1] == '\n'))
			n--;
		else if (n - b >= 3 && (unsigned char)s[n - 3] == 0xE3 &&
			 (unsigned char)s[n - 2] == 0x80 && (unsigned char)s[n - 1] == 0x80)
			n -= 3;
		else
			break;
	}
	r = xmalloc(n - b + 1);
	memcpy(r, s + b, n - b);
	r[n - b] = '\0';
	return r;
}

/* Counts UTF-8 code points of s; -1 when s is not valid UTF-8 (overlong forms,
 * surrogates and values above U+10FFFF are invalid). *ctl gets 1 when s holds a
 * control character other than allowed ones (allow_nl: \n and \t). */
static long val_utf8_len(const char *s, int allow_nl, int *ctl)
{
	const unsigned char *p = (const unsigned char *)s;
	long n = 0;

	*ctl = 0;
	while (*p) {
		unsigned c = *p, cp;
		int k;
		if (c < 0x80) {
			if ((c < 0x20 && !(allow_nl && (c == '\n' || c == '\t'))) || c == 0x7F)
				*ctl = 1;
			p++;
			n++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			k = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			k = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			k = 3;
			cp = c & 0x07;
		} else {
			return -1;
		}
		for (int i = 1; i <= k; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return -1;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return -1;
		if (cp >= 0x80 && cp <= 0x9F)	/* C1 controls */
			*ctl = 1;
		p += k + 1;
		n++;
	}
	return n;
}

/* A JSON number or a decimal string as a double; 0 ok, -1 not a number. */
static int val_number(const json_t *v, double *out)
{
	const char *s;
	char *end;

	if (json_is_number(v)) {
		*out = json_number_value(v);
		return isfinite(*out) ? 0 : -1;
	}
	if (!json_is_string(v))
		return -1;
	s = json_string_value(v);
	while (*s == ' ')
		s++;
	if (!*s || !(*s == '-' || *s == '+' || *s == '.' || (*s >= '0' && *s <= '9')))
		return -1;
	*out = strtod(s, &end);
	while (*end == ' ')
		end++;
	return (*end || !isfinite(*out)) ? -1 : 0;
}

/* d as people write a bound: thousands grouped, no exponent, no trailing zeros
 * ("1,000,000", "-90", "0.5"). */
static void val_num_str(double d, char out[64])
{
	char t[64], *dot;
	size_t n, i, o = 0, lead;

	snprintf(t, sizeof(t), fabs(d) < 1e15 ? "%.6f" : "%.0f", d);
	dot = strchr(t, '.');
	if (dot) {
		char *z = t + strlen(t) - 1;
		while (z > dot && *z == '0')
			*z-- = '\0';
		if (z == dot)
			*z = '\0';
	}
	dot = strchr(t, '.');
	lead = t[0] == '-';
	n = (dot ? (size_t)(dot - t) : strlen(t)) - lead;
	if (lead)
		out[o++] = '-';
	for (i = 0; i < n && o < 60; i++) {
		if (i && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = t[lead + i];
	}
	out[o] = '\0';
	if (dot)
		snprintf(out + o, 64 - o, "%s", dot);
}

/* The range error: 「从业人员数须在 0 到 1,000,000 之间」. */
static void val_range_error(const struct field_def *f, double lo, double hi, struct verr *e)
{
	char a[64], b[64];

	val_num_str(lo, a);
	val_num_str(hi, b);
	verr_add(e, f->name, "%s须在 %s 到 %s 之间", f->label, a, b);
}

/* Range rule shared by int/real/money: inclusive [min, max] when min < max. */
static int val_range(const struct field_def *f, double d, struct verr *e)
{
	if (f->min < f->max && (d < f->min || d > f->max)) {
		val_range_error(f, f->min, f->max, e);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ validators */

/* text / longtext: a string, trimmed; valid UTF-8; no control characters (longtext
 * allows \n and \t; CR LF is folded to LF first); at most max_len code points
 * (default 200 / 4000). */
static int val_text(const struct field_def *f, const char *s, json_t **norm, struct verr *e)
{
	int longtext = f->type == FT_LONGTEXT, ctl;
	long max = f->max_len > 0 ? f->max_len : (longtext ? LONGTEXT_MAX_DEFAULT : TEXT_MAX_DEFAULT);
	long n;
	char *t = val_trim(s), *r, *w;
	int rc = -1;

	if (longtext) {
		for (r = w = t; *r; r++)
			if (!(r[0] == '\r' && r[1] == '\n'))
				*w++ = *r;
		*w = '\0';
	}
	n = val_utf8_len(t, longtext, &ctl);
	if (n < 0 || ctl) {
		verr_add(e, f->name, "%s含有非法字符", f->label);
		goto out;
	}
	if (n > max) {
		verr_add(e, f->name, "%s不能超过%ld个字", f->label, max);
		goto out;
	}
	*norm = json_string(t);
	rc = 0;
out:
	free(t);
	return rc;
}

/* int: a JSON integer (or an integral number / decimal string, as forms and
 * imports send them) within [min, max] when declared, and within ±2^53. */
static int val_int(const struct field_def *f, const json_t *v, json_t **norm, struct verr *e)
{
	double d;

	if (json_is_integer(v)) {
		d = (double)json_integer_value(v);
	} else if (val_number(v, &d) < 0 || d != floor(d)) {
		verr_add(e, f->name, "%s须为整数", f->label);
		return -1;
	}
	if (fabs(d) > 9007199254740992.0) {
		verr_add(e, f->name, "%s超出范围", f->label);
		return -1;
	}
	if (val_range(f, d, e) < 0)
		return -1;
	*norm = json_integer(json_is_integer(v) ? json_integer_value(v) : (json_int_t)d);
	return 0;
}

/* real: a finite number (or decimal string) within [min, max] when declared. */
static int val_real(const struct field_def *f, const json_t *v, json_t **norm, struct verr *e)
{
	double d;

	if (val_number(v, &d) < 0) {
		verr_add(e, f->name, "%s须为数字", f->label);
		return -1;
	}
	if (val_range(f, d, e) < 0)
		return -1;
	*norm = json_real(d);
	return 0;
}

/* money: yuan as a JSON number or a string "12.34"; at most two decimals; within
 * [min, max] yuan when declared; stored as integer fen. Strings are parsed exactly
 * (no binary rounding); numbers are accepted when ×100 is integral within 1e-6. */
static int val_money(const struct field_def *f, const json_t *v, json_t **norm, struct verr *e)
{
	int64_t fen = 0, ip = 0, fp = 0;
	int neg = 0, nd = 0;
	double d;

	if (json_is_number(v)) {
		d = json_number_value(v);
		if (!isfinite(d) || fabs(d) * 100 >= (double)MONEY_MAX_FEN) {
			verr_add(e, f->name, "%s超出范围", f->label);
			return -1;
		}
		fen = llround(d * 100);
		if (fabs(d * 100 - (double)fen) > 1e-6) {
			verr_add(e, f->name, "%s最多保留两位小数", f->label);
			return -1;
		}
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		char *t = val_trim(s), *p = t;
		int bad = 0;
		if (*p == '-' || *p == '+')
			neg = *p++ == '-';
		if (!(*p >= '0' && *p <= '9'))
			bad = 1;
		while (!bad && *p >= '0' && *p <= '9') {
			ip = ip * 10 + (*p++ - '0');
			if (ip > MONEY_MAX_FEN / 100)
				bad = 2;
		}
		if (!bad && *p == '.') {
			p++;
			while (*p >= '0' && *p <= '9') {
				if (++nd > 2)
					bad = 3;
				else
					fp = fp * 10 + (*p - '0');
				p++;
			}
			if (nd == 0)
				bad = 1;
		}
		if (!bad && *p)
			bad = 1;
		free(t);
		if (bad == 3) {
			verr_add(e, f->name, "%s最多保留两位小数", f->label);
			return -1;
		}
		if (bad) {
			verr_add(e, f->name, bad == 2 ? "%s超出范围" : "%s须为金额（元）", f->label);
			return -1;
		}
		if (nd == 1)
			fp *= 10;
		fen = ip * 100 + fp;
		if (neg)
			fen = -fen;
	} else {
		verr_add(e, f->name, "%s须为金额（元）", f->label);
		return -1;
	}
	if (val_range(f, (double)fen / 100.0, e) < 0)
		return -1;
	*norm = json_integer(fen);
	return 0;
}

/* date: "YYYY-MM-DD", a real calendar date 1900..2999 (date_parse). */
static int val_date(const struct field_def *f, const char *s, json_t **norm, struct verr *e)
{
	int64_t days;

	if (strlen(s) != 10 || date_parse(s, &days) < 0) {
		verr_add(e, f->name, "%s须为有效日期（YYYY-MM-DD）", f->label);
		return -1;
	}
	*norm = json_string(s);
	return 0;
}

/* datetime: "YYYY-MM-DD HH:MM[:SS]" (or with 'T'), Shanghai time; stored as
 * "YYYY-MM-DD HH:MM:SS". */
static int val_datetime(const struct field_def *f, const char *s, json_t **norm, struct verr *e)
{
	time_t t;
	char out[20];

	if (datetime_parse(s, &t) < 0) {
		verr_add(e, f->name, "%s须为有效时间（YYYY-MM-DD HH:MM:SS）", f->label);
		return -1;
	}
	time_datetime(t, out);
	*norm = json_string(out);
	return 0;
}

/* bool: JSON true or false only (not 0/1, not strings). */
static int val_bool(const struct field_def *f, const json_t *v, json_t **norm, struct verr *e)
{
	if (!json_is_boolean(v)) {
		verr_add(e, f->name, "%s须为是或否", f->label);
		return -1;
	}
	*norm = json_boolean(json_is_true(v));
	return 0;
}

/* enum: a string equal to one of the declared option codes. */
static int val_enum(const struct field_def *f, const char *s, json_t **norm, struct verr *e)
{
	const struct enum_opt *o;

	for (o = f->opts; o && o->code; o++) {
		if (strcmp(o->code, s) == 0) {
			*norm = json_string(o->code);
			return 0;
		}
	}
	verr_add(e, f->name, "%s的取值不在可选范围内", f->label);
	return -1;
}

/* A positive JSON integer (or integral number ≤ 2^53); 0 when not one. */
static int64_t val_pos_id(const json_t *v)
{
	double d;

	if (json_is_integer(v))
		return json_integer_value(v) > 0 ? (int64_t)json_integer_value(v) : 0;
	if (json_is_real(v)) {
		d = json_real_value(v);
		if (d >= 1 && d <= 9007199254740992.0 && d == floor(d))
			return (int64_t)d;
	}
	return 0;
}

/* ref: a positive integer id (existence and scope are checked by crud.c). */
static int val_ref(const struct field_def *f, const json_t *v, json_t **norm, struct verr *e)
{
	int64_t id = val_pos_id(v);

	if (!id) {
		verr_add(e, f->name, "所选%s不存在", f->label);
		return -1;
	}
	*norm = json_integer(id);
	return 0;
}

/* files: an array of at most 20 positive integer file ids; duplicates dropped. */
static int val_files(const struct field_def *f, const json_t *v, json_t **norm, struct verr *e)
{
	size_t i, j, n;
	json_t *a;

	if (!json_is_array(v)) {
		verr_add(e, f->name, "%s格式不正确", f->label);
		return -1;
	}
	n = json_array_size(v);
	if (n > ENT_MAX_FILES) {
		verr_add(e, f->name, "%s最多%d个文件", f->label, ENT_MAX_FILES);
		return -1;
	}
	a = json_array();
	for (i = 0; i < n; i++) {
		int64_t id = val_pos_id(json_array_get(v, i)), dup = 0;
		if (!id) {
			json_decref(a);
			verr_add(e, f->name, "%s格式不正确", f->label);
			return -1;
		}
		for (j = 0; j < json_array_size(a); j++)
			if (json_integer_value(json_array_get(a, j)) == id)
				dup = 1;
		if (!dup)
			json_array_append_new(a, json_integer(id));
	}
	*norm = a;
	return 0;
}

/* uscc: GB 32100-2015 (src/rules/uscc.c): 18 characters of 0-9A-HJ-NPQRTUWXY with a
 * matching check character; lowercase is accepted and stored uppercase. */
static int val_uscc(const struct field_def *f, const char *s, json_t **norm, struct verr *e)
{
	char out[19];
	enum uscc_result r = uscc_check(s, out);

	if (r != USCC_OK) {
		verr_add(e, f->name, "%s%s", f->label, uscc_message(r));
		return -1;
	}
	*norm = json_string(out);
	return 0;
}

/* Counts consecutive ASCII digits at s. */
static int val_digits(const char *s)
{
	int n = 0;

	while (s[n] >= '0' && s[n] <= '9')
		n++;
	return n;
}

/* phone: mainland mobile ^1[3-9]\d{9}$, or landline ^0\d{2,3}-?\d{7,8}(-\d{1,6})?$
 * (area code, number, optional extension). */
static int val_phone(const struct field_def *f, const char *s, json_t **norm, struct verr *e)
{
	int ok = 0, n;
	const char *p;

	if (s[0] == '1' && s[1] >= '3' && s[1] <= '9' && val_digits(s) == 11 && !s[11]) {
		ok = 1;
	} else if (s[0] == '0') {
		/* area code 0 + 2..3 digits, optional '-', 7..8 digits: try both splits */
		for (int area = 3; area <= 4 && !ok; area++) {
			p = s;
			if (val_digits(p) < area)
				continue;
			p += area;
			if (*p == '-')
				p++;
			n = val_digits(p);
			for (int num = 7; num <= 8 && !ok; num++) {
				const char *q = p + num;
				if (n < num || (p[num] >= '0' && p[num] <= '9'))
					continue;
				if (!*q) {
					ok = 1;
				} else if (*q == '-') {
					int x = val_digits(q + 1);
					ok = x >= 1 && x <= 6 && !q[1 + x];
				}
			}
		}
	}
	if (!ok) {
		verr_add(e, f->name, "%s格式不正确，须为手机号或固定电话", f->label);
		return -1;
	}
	*norm = json_string(s);
	return 0;
}

/* lat: degrees in [-90, 90]; lng: degrees in [-180, 180]. */
static int val_coord(const struct field_def *f, const json_t *v, json_t **norm, struct verr *e)
{
	double d, lim = f->type == FT_LAT ? 90.0 : 180.0;

	if (val_number(v, &d) < 0 || d < -lim || d > lim) {
		val_range_error(f, -lim, lim, e);
		return -1;
	}
	*norm = json_real(d);
	return 0;
}

/* email: local@domain with a dot in the domain, printable ASCII without blanks,
 * at most 254 characters, 64 in the local part. */
static int val_email(const struct field_def *f, const char *s, json_t **norm, struct verr *e)
{
	const char *at = strchr(s, '@'), *p, *dot;
	size_t n = strlen(s);
	int ok = at && at != s && (size_t)(at - s) <= 64 && n <= 254 && !strchr(at + 1, '@');

	for (p = s; ok && *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7F || *p == ',' ||
		    *p == ';' || *p == '<' || *p == '>' || *p == '"')
			ok = 0;
	if (ok) {
		dot = strrchr(at + 1, '.');
		ok = dot && dot > at + 1 && dot[1] && at[1] != '.' && !strstr(at + 1, "..");
	}
	if (!ok) {
		verr_add(e, f->name, "%s格式不正确", f->label);
		return -1;
	}
	*norm = json_string(s);
	return 0;
}

/* ---------------------------------------------------------------- entry */

/* 1 if v carries no value: absent, null, blank string, or an empty files array. */
static int val_empty(const struct field_def *f, const json_t *v)
{
	const char *s;

	if (!v || json_is_null(v))
		return 1;
	if (f->type == FT_FILES && json_is_array(v) && json_array_size(v) == 0)
		return 1;
	if (!json_is_string(v))
		return 0;
	for (s = json_string_value(v); *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			continue;
		if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 &&
		    (unsigned char)s[2] == 0x80) {
			s += 2;
			continue;
		}
		return 0;
	}
	return 1;
}

/* Validates v against f; see the file comment. */
int field_validate(const struct field_def *f, const json_t *v, json_t **norm, struct verr *e)
{
	char *s = NULL;
	int rc = -1;

	*norm = NULL;
	if (val_empty(f, v)) {
		if (f->flags & F_REQUIRED) {
			verr_add(e, f->name, "%s不能为空", f->label);
			return -1;
		}
		*norm = json_null();
		return 0;
	}
	switch (f->type) {
	case FT_INT:
		return val_int(f, v, norm, e);
	case FT_REAL:
		return val_real(f, v, norm, e);
	case FT_MONEY:
		return val_money(f, v, norm, e);
	case FT_BOOL:
		return val_bool(f, v, norm, e);
	case FT_REF:
		return val_ref(f, v, norm, e);
	case FT_FILES:
		return val_files(f, v, norm, e);
	case FT_LAT:
	case FT_LNG:
		return val_coord(f, v, norm, e);
	default:
		break;
	}
	/* the remaining types are strings */
	if (!json_is_string(v)) {
		verr_add(e, f->name, "%s格式不正确", f->label);
		return -1;
	}
	if (f->type == FT_TEXT || f->type == FT_LONGTEXT)
		return val_text(f, json_string_value(v), norm, e);
	s = val_trim(json_string_value(v));
	switch (f->type) {
	case FT_DATE:
		rc = val_date(f, s, norm, e);
		break;
	case FT_DATETIME:
		rc = val_datetime(f, s, norm, e);
		break;
	case FT_ENUM:
		rc = val_enum(f, s, norm, e);
		break;
	case FT_USCC:
		rc = val_uscc(f, s, norm, e);
		break;
	case FT_PHONE:
		rc = val_phone(f, s, norm, e);
		break;
	case FT_EMAIL:
		rc = val_email(f, s, norm, e);
		break;
	default:
		BUG("field_validate: unknown type");
	}
	free(s);
	return rc;
}
