/*
 * industry.h — GB/T 4754-2017《国民经济行业分类》: the 20 门类 (sections, letters
 * A–T) and the 97 大类 (divisions, two-digit codes 01–97), each division belonging to
 * exactly one section. Pure functions over a constant table; no I/O.
 *
 * Ownership: every returned string is a static constant; callers never free it.
 */
#ifndef ANJIAN_INDUSTRY_H
#define ANJIAN_INDUSTRY_H

#define INDUSTRY_SECTIONS 20
#define INDUSTRY_DIVISIONS 97

/* Chinese name of section code ("A".."T"), or NULL if code is not a section. */
const char *industry_section_label(const char *code);
/* Chinese name of division code ("01".."97"), or NULL if code is not a division. */
const char *industry_division_label(const char *code);
/* The section letter ('A'..'T') a division belongs to, or 0 if code is unknown. */
char industry_division_section(const char *code);
/* The i-th section (0..INDUSTRY_SECTIONS-1) as code ("A") and label; for tables
 * such as the enterprise enum and the import template. */
const char *industry_section_code_at(int i);
/* The i-th division (0..INDUSTRY_DIVISIONS-1) code ("01"); NULL out of range. */
const char *industry_division_code_at(int i);
/* The division whose Chinese name is exactly label, or NULL. */
const char *industry_division_by_label(const char *label);

#endif
