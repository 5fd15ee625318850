/*
 * accident_type.h — accident categories (DOMAIN.md §2): GB 6441-2025《生产安全事故
 * 分类与编码》, 27 basic types, the default for new records; and GB 6441-1986, 20
 * categories, kept on records made under it. A record stores the standard and the
 * code ("2025:09" 火灾, "1986:08" 火灾) so an old record keeps its old meaning.
 */
#ifndef ANJIAN_RULES_ACCIDENT_TYPE_H
#define ANJIAN_RULES_ACCIDENT_TYPE_H

struct accident_type {
	const char *code;	/* "2025:01" … "2025:27", "1986:01" … "1986:20" */
	int number;		/* position in the standard's list */
	const char *label;	/* Chinese name */
	const char *gb_code;	/* GB 6441-2025 8-character code (⚠️ single source), or NULL */
};

extern const struct accident_type accident_types_2025[27];
extern const struct accident_type accident_types_1986[20];

/* The type of a stored code from either standard, or NULL. */
const struct accident_type *accident_type_find(const char *code);
/* 1 if code belongs to GB 6441-2025 (allowed on new records). */
int accident_type_is_current(const char *code);

#endif
