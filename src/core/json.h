/*
 * json.h — a streaming JSON writer over struct buf. Responses are written with this
 * (jansson's encoder is ~15x slower for list pages); requests are parsed with jansson.
 * The writer tracks commas itself: call jw_key() before each member value inside an
 * object, and nothing between array elements.
 *
 * Strings are escaped per RFC 8259: quote, backslash and all control characters
 * (U+0000–U+001F) escaped; U+2028/U+2029 escaped for safe embedding in <script>;
 * invalid UTF-8 bytes replaced by U+FFFD so the output is always valid JSON.
 */
#ifndef ANJIAN_JSON_H
#define ANJIAN_JSON_H

#include <stdint.h>
#include "buf.h"

#define JW_MAX_DEPTH 32

struct jw {
	struct buf *b;	/* not owned */
	int depth;
	unsigned char need_comma[JW_MAX_DEPTH];
	int after_key;
};

void jw_init(struct jw *w, struct buf *b);
void jw_obj_begin(struct jw *w);
void jw_obj_end(struct jw *w);
void jw_arr_begin(struct jw *w);
void jw_arr_end(struct jw *w);
void jw_key(struct jw *w, const char *key);
/* A key of n bytes that needs no escaping (an identifier such as a field's name;
 * never text from a request). */
void jw_keyn(struct jw *w, const char *key, size_t n);
void jw_str(struct jw *w, const char *s);		/* NULL writes null */
void jw_strn(struct jw *w, const char *s, size_t n);
void jw_int(struct jw *w, int64_t v);
void jw_double(struct jw *w, double v);		/* %.15g; NaN/Inf write null */
void jw_bool(struct jw *w, int v);
void jw_null(struct jw *w);
/* Writes already-valid JSON text verbatim as one value (e.g. a stored JSON column). */
void jw_raw(struct jw *w, const char *json);
/* Convenience: key + value. */
void jw_kstr(struct jw *w, const char *k, const char *v);
void jw_kint(struct jw *w, const char *k, int64_t v);
void jw_kbool(struct jw *w, const char *k, int v);
/* Escapes s into b as a JSON string literal with quotes. */
void json_escape(struct buf *b, const char *s, size_t n);

#endif
