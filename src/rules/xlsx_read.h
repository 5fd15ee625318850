/*
 * xlsx_read.h — reads a table (a sheet of cells) from the two files people fill in
 * and upload: an Excel workbook (.xlsx, Office Open XML, ECMA-376 Part 1 §18.3
 * worksheets and §18.4 shared strings) and a CSV file (RFC 4180, UTF-8). Used by the
 * enterprise import; pure parsing except xlsx_read_file(), which opens the zip.
 *
 * A sheet is a list of non-empty rows, each with its row number as Excel shows it
 * (1-based, header included) and its cells by 0-based column (NULL = empty cell).
 *
 * Ownership: the sheet owns every row and string; xlsx_sheet_free() frees them all.
 * Error messages returned through *err are static Chinese strings.
 */
#ifndef ANJIAN_XLSX_READ_H
#define ANJIAN_XLSX_READ_H

#include <stddef.h>

#define XLSX_MAX_COLS 256			/* columns read; more is refused */
#define XLSX_MAX_PART ((size_t)64 << 20)	/* uncompressed sheet / strings cap (zip bomb) */

struct xlsx_row {
	int rownum;	/* 1-based, as Excel numbers rows */
	int ncells;
	char **cells;	/* cells[col], NUL-terminated UTF-8 or NULL */
};

struct xlsx_sheet {
	struct xlsx_row *rows;
	int nrows, cap;
};

void xlsx_sheet_free(struct xlsx_sheet *s);
/* The cell text at (row index i, col) or NULL. */
const char *xlsx_cell(const struct xlsx_sheet *s, int i, int col);

/* Parses CSV text (RFC 4180: "," separators, CRLF or LF line ends, fields in double
 * quotes may hold commas, line breaks and doubled quotes; a leading UTF-8 BOM is
 * skipped). Refuses text that is not valid UTF-8. At most max_rows non-empty rows,
 * header included (blank lines count for numbering but are not stored). 0 ok, -1
 * with *err set. */
int xlsx_parse_csv(const char *data, size_t n, int max_rows, struct xlsx_sheet *out,
		   const char **err);

/* Reads the first worksheet (xl/worksheets/sheet1.xml, with xl/sharedStrings.xml)
 * of the .xlsx file at path; at most max_rows non-empty rows, header included.
 * 0 ok, -1 with *err set. */
int xlsx_read_file(const char *path, int max_rows, struct xlsx_sheet *out, const char **err);

/* Parses an A1-style cell reference ("C7", "XFD1048576"): *col 0-based, *row
 * 1-based. 0 ok, -1 if malformed or beyond Excel's 16384 columns × 1048576 rows. */
int xlsx_cellref(const char *ref, int *col, int *row);

/* 1 if s[0..n) is well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, at most
 * U+10FFFF), else 0. */
int xlsx_utf8_valid(const char *s, size_t n);

#endif
