/*
 * fuzz_xlsx.c — libFuzzer harness: the .xlsx reader of the imports
 * (src/rules/xlsx_read.c: zip via minizip, the sheet and shared strings via expat,
 * the zip-bomb cap). The input is written to a file in /dev/shm and read back as an
 * uploaded workbook would be.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules/xlsx_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct xlsx_sheet sh = { 0 };
	const char *err = NULL;
	FILE *f;

	if (!path[0])
		snprintf(path, sizeof(path), "/dev/shm/anjian-fuzz-xlsx-%d.xlsx", (int)getpid());
	f = fopen(path, "wb");
	if (!f)
		return 0;
	if (size && fwrite(data, 1, size, f) != size) {
		fclose(f);
		return 0;
	}
	fclose(f);
	if (xlsx_read_file(path, 1000, &sh, &err) != 0 && !err)
		__builtin_trap();
	xlsx_sheet_free(&sh);
	unlink(path);
	return 0;
}
