/*
 * fuzz_json.c — libFuzzer harness: the JSON writer every response goes through
 * (src/core/json.c jw_*, its string escaping). Any bytes written as a string value
 * must give a document jansson parses back (valid UTF-8 in → the same string out;
 * invalid UTF-8 is replaced, never passed through), inside objects and arrays.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <jansson.h>

#include "core/buf.h"
#include "core/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf b;
	struct jw w;
	json_t *back, *sv, *valid;
	json_error_t err;

	buf_init(&b, 1 << 20);
	jw_init(&w, &b);
	jw_obj_begin(&w);
	jw_key(&w, "s");
	jw_strn(&w, (const char *)data, size);
	jw_key(&w, "a");
	jw_arr_begin(&w);
	jw_strn(&w, (const char *)data, size / 2);
	jw_int(&w, (int64_t)size);
	jw_arr_end(&w);
	jw_obj_end(&w);
	if (buf_failed(&b))
		goto out;
	back = json_loadb(b.p, b.len, JSON_ALLOW_NUL, &err);
	if (!back)
		__builtin_trap();	/* the writer made something that is not JSON */
	sv = json_object_get(back, "s");
	if (!json_is_string(sv))
		__builtin_trap();
	/* valid UTF-8 (NUL included) round-trips byte for byte */
	valid = json_stringn((const char *)data, size);
	if (valid && (json_string_length(sv) != size ||
		      memcmp(json_string_value(sv), data, size) != 0))
		__builtin_trap();
	json_decref(valid);
	json_decref(back);
out:
	buf_release(&b);
	return 0;
}
