/*
 * fuzz_form.c — libFuzzer harness: the regulator-defined submission forms
 * (src/rules/submit.c): a form declaration (a JSON field schema a regulator writes)
 * and an enterprise's filled-in form checked against it. Input: JSON text
 * {"schema": …, "content": …}. A schema must be accepted or refused with a message;
 * content checked against an accepted schema yields at most SF_MAX_ERRS errors, each
 * with a field and a message.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <jansson.h>

#include "rules/submit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t err;
	json_t *root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
	char msg[256];

	if (!root)
		return 0;
	if (json_is_object(root)) {
		const json_t *schema = json_object_get(root, "schema");
		const json_t *content = json_object_get(root, "content");

		msg[0] = '\0';
		if (sf_schema_check(schema, msg, sizeof(msg)) == 0) {
			struct sf_errs e;
			int n;

			memset(&e, 0, sizeof(e));
			n = sf_form_check(schema, json_is_object(content) ? content : NULL, &e);
			if (n < 0 || e.n > SF_MAX_ERRS || (n > 0 && e.n == 0))
				__builtin_trap();
			for (int i = 0; i < e.n; i++)
				if (!e.message[i][0])
					__builtin_trap();
		} else if (!msg[0]) {
			__builtin_trap();	/* a refused declaration says why */
		}
	}
	json_decref(root);
	return 0;
}
