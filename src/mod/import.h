/*
 * import.h — enterprise import from .xlsx / .csv (import.c), and the pure helpers
 * it is built from, exposed for tests/unit/test_import.c.
 *
 *   GET  /api/enterprise/import/template   the .xlsx template (admin, regulator)
 *   POST /api/enterprise/import            multipart "file" (admin, regulator)
 */
#ifndef ANJIAN_IMPORT_H
#define ANJIAN_IMPORT_H

#include <stdint.h>

struct field_def;
struct req;
struct resp;
struct xlsx_sheet;

/* One problem of an import, with the row number as Excel shows it. */
struct import_err {
	int row;
	const char *field;	/* NULL for a row- or file-level error */
	const char *label;
	const char *message;
};

#define IMPORT_MAX_ROWS 5000	/* data rows per file */

/* Registers the import routes; called by enterprise_init(). */
void import_init(void);

/* The option code of an enum field for a cell: the Chinese label or the code itself
 * (surrounding blanks ignored). NULL when neither. Static string of the declaration. */
const char *import_enum_code(const struct field_def *f, const char *text);
/* A GB/T 4754-2017 大类 code from "33", "33 金属制品业" or "金属制品业"; NULL if none. */
const char *import_division_code(const char *text);
/* 1 if a header cell names label: equal after dropping blanks and a trailing
 * required-marker "*" or "＊". */
int import_header_is(const char *cell, const char *label);
/* An Excel date serial number (1900 date system, as a cell shows "46022") converted
 * to "YYYY-MM-DD" in out; 0 ok, -1 when text is not a serial in 1900..2999. */
int import_excel_date(const char *text, char out[11]);

/* Reads the uploaded file of r (multipart "file") by content — a zip is .xlsx (its
 * first sheet), an OLE file the old .xls (refused), anything else UTF-8 CSV — into
 * out, at most max_rows non-empty rows. NULL ok, or a Chinese message for the file
 * field. Shared by every import (enterprises, task lists). */
const char *import_read_sheet(struct req *r, int max_rows, struct xlsx_sheet *out);

/* The import's answer: 200 {total, imported: total, errors: []} when message is
 * NULL, else 400 {error:{code "import_rejected", message}, total, imported: 0,
 * errors:[{row, field, label, message}]} (at most 1,000 listed); extra, when not
 * NULL, names one more count of the import's own (e.g. "assigned"). Returns the
 * status. */
int import_respond(struct resp *s, const char *message, int total, const struct import_err *errs,
		   int nerr, const char *extra, int64_t extra_n);

#endif
