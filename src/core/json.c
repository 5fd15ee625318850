/*
 * json.c — the streaming JSON writer (see json.h). Values are appended to a struct
 * buf; the writer inserts commas and checks nesting. It never builds a tree, so a
 * 20-row list page costs a few microseconds.
 */
#include "json.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

/* Starts a writer on b (not owned). */
void jw_init(struct jw *w, struct buf *b)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
}

/* Emits the comma before a value when one is due (not after a key). */
static void jw_pre(struct jw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->need_comma[w->depth])
		buf_putc(w->b, ',');
	w->need_comma[w->depth] = 1;
}

static void jw_open(struct jw *w, char c)
{
	jw_pre(w);
	buf_putc(w->b, c);
	if (w->depth + 1 >= JW_MAX_DEPTH)
		BUG("JSON nesting too deep");
	w->depth++;
	w->need_comma[w->depth] = 0;
}

static void jw_close(struct jw *w, char c)
{
	if (w->depth == 0)
		BUG("JSON close without open");
	w->depth--;
	buf_putc(w->b, c);
}

void jw_obj_begin(struct jw *w) { jw_open(w, '{'); }
void jw_obj_end(struct jw *w) { jw_close(w, '}'); }
void jw_arr_begin(struct jw *w) { jw_open(w, '['); }
void jw_arr_end(struct jw *w) { jw_close(w, ']'); }

/* Bytes copied as they are: printable ASCII but the quote and the backslash. */
static const unsigned char json_plain[256] = {
	[0x20] = 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x22 '"' */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,	/* 0x5C '\\' */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* Writes an object key; the next call writes its value. Keys are nearly always
 * plain ASCII names, written with their quotes and colon in one piece (a list page
 * writes some 300 keys); anything else is escaped. */
void jw_key(struct jw *w, const char *key)
{
	struct buf *b = w->b;
	size_t n = strlen(key), i = 0;

	while (i < n && json_plain[(unsigned char)key[i]])
		i++;
	if (i == n) {
		jw_keyn(w, key, n);
		return;
	}
	jw_pre(w);
	w->after_key = 1;
	json_escape(b, key, n);
	buf_putc(b, ':');
}

/* A key that needs no escaping (an identifier: a field's name), of n bytes. */
void jw_keyn(struct jw *w, const char *key, size_t n)
{
	struct buf *b = w->b;

	jw_pre(w);
	w->after_key = 1;
	if (!b->err && b->cap - b->len > n + 3) {
		char *p = b->p + b->len;

		p[0] = '"';
		memcpy(p + 1, key, n);
		p[n + 1] = '"';
		p[n + 2] = ':';
		p[n + 3] = '\0';
		b->len += n + 3;
		return;
	}
	buf_putc(b, '"');
	buf_add(b, key, n);
	buf_puts(b, "\":");
}

/*
 * Length of the valid UTF-8 sequence at s (at most n bytes), or 0 if invalid:
 * overlong forms, surrogates (U+D800–U+DFFF) and code points above U+10FFFF are
 * invalid (RFC 3629).
 */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && s[1] < 0xA0)
			return 0;	/* overlong */
		if (c == 0xED && s[1] >= 0xA0)
			return 0;	/* surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && s[1] < 0x90)
			return 0;	/* overlong */
		if (c == 0xF4 && s[1] >= 0x90)
			return 0;	/* > U+10FFFF */
		return 4;
	}
	return 0;
}


/*
 * Escapes n bytes of s as a JSON string literal (with quotes) into b. Runs of bytes
 * that need nothing — printable ASCII and valid UTF-8, which is nearly all we write —
 * are copied in one piece. A three-byte character whose lead byte cannot start an
 * overlong form, a surrogate or U+2028/U+2029 (E1, E3–EC, EE, EF: all of CJK) only
 * needs its two continuation bytes checked; every other byte takes utf8_seq.
 */
void json_escape(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start = 0;

	buf_putc(b, '"');
	while (i < n) {
		unsigned char c = p[i];
		const char *esc = NULL;
		char u[7];
		size_t k;

		if (json_plain[c]) {
			i++;
			continue;
		}
		if (c >= 0x80) {
			if (((c >= 0xE3 && c <= 0xEC) || c == 0xE1 || c == 0xEE || c == 0xEF) &&
			    n - i >= 3 && (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
				i += 3;
				continue;
			}
			/* Other valid characters join the run too, except U+2028 / U+2029,
			 * which break JavaScript string literals in <script>. */
			k = utf8_seq(p + i, n - i);
			if (k > 0 && !(k == 3 && c == 0xE2 && p[i + 1] == 0x80 &&
				       (p[i + 2] == 0xA8 || p[i + 2] == 0xA9))) {
				i += k;
				continue;
			}
		}
		if (i > start)
			buf_add(b, p + start, i - start);
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		default: break;
		}
		if (esc) {
			buf_puts(b, esc);
			i++;
		} else if (c < 0x20) {
			u[0] = '\\'; u[1] = 'u'; u[2] = '0'; u[3] = '0';
			u[4] = hex[c >> 4]; u[5] = hex[c & 15]; u[6] = 0;
			buf_add(b, u, 6);
			i++;
		} else if (utf8_seq(p + i, n - i) == 0) {
			buf_puts(b, "\\ufffd");	/* invalid byte → U+FFFD */
			i++;
		} else {
			buf_puts(b, p[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
			i += 3;
		}
		start = i;
	}
	if (i > start)
		buf_add(b, p + start, i - start);
	buf_putc(b, '"');
}

void jw_str(struct jw *w, const char *s)
{
	if (!s) {
		jw_null(w);
		return;
	}
	jw_pre(w);
	json_escape(w->b, s, strlen(s));
}

void jw_strn(struct jw *w, const char *s, size_t n)
{
	jw_pre(w);
	json_escape(w->b, s, n);
}

/* Writes v in decimal (no snprintf: list pages write many ids). */
void jw_int(struct jw *w, int64_t v)
{
	jw_pre(w);
	buf_put_int64(w->b, v);
}

/* Writes a number with up to 15 significant digits; NaN and infinities as null
 * (JSON has no spelling for them). */
void jw_double(struct jw *w, double v)
{
	char tmp[32];
	int n;

	if (!isfinite(v)) {
		jw_null(w);
		return;
	}
	n = snprintf(tmp, sizeof(tmp), "%.15g", v);
	jw_pre(w);
	buf_add(w->b, tmp, (size_t)n);
}

void jw_bool(struct jw *w, int v)
{
	jw_pre(w);
	buf_puts(w->b, v ? "true" : "false");
}

void jw_null(struct jw *w)
{
	jw_pre(w);
	buf_puts(w->b, "null");
}

void jw_raw(struct jw *w, const char *json)
{
	jw_pre(w);
	buf_puts(w->b, json);
}

void jw_kstr(struct jw *w, const char *k, const char *v) { jw_key(w, k); jw_str(w, v); }
void jw_kint(struct jw *w, const char *k, int64_t v) { jw_key(w, k); jw_int(w, v); }
void jw_kbool(struct jw *w, const char *k, int v) { jw_key(w, k); jw_bool(w, v); }
