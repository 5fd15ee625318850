/*
 * fuzz_csv.c — libFuzzer harness: the CSV reader of the enterprise (and any later)
 * import, src/rules/xlsx_read.c xlsx_parse_csv (RFC 4180, UTF-8 only, a row cap).
 * Any input must parse or be refused with an error, and every cell of a parsed
 * sheet must be valid NUL-terminated text within the input's length.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rules/xlsx_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xlsx_sheet sh = { 0 };
	const char *err = NULL;

	if (xlsx_parse_csv((const char *)data, size, 1000, &sh, &err) == 0) {
		for (int i = 0; i < sh.nrows; i++)
			for (int c = 0; c < sh.rows[i].ncells; c++) {
				const char *t = xlsx_cell(&sh, i, c);
				if (t && strlen(t) > size)
					__builtin_trap();
			}
	} else if (!err) {
		__builtin_trap();	/* a refusal always says why */
	}
	xlsx_sheet_free(&sh);
	return 0;
}
