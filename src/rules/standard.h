/*
 * standard.h — 安全生产标准化 grades (企业安全生产标准化建设定级办法, 应急〔2021〕83号:
 * 一级 highest, 二级, 三级; GB/T 33000-2025 current since 2025-10-31) and the yearly
 * self-assessment's score against the grade's threshold. The thresholds vary by
 * industry (DOMAIN.md §11 ⚠️: ≥90 / ≥75 / ≥60 of 100 are the commonly cited
 * defaults), so the caller passes them as configuration. Pure, no I/O.
 */
#ifndef ANJIAN_RULES_STANDARD_H
#define ANJIAN_RULES_STANDARD_H

enum std_grade { STDG_NONE = 0, STDG_LEVEL1, STDG_LEVEL2, STDG_LEVEL3 };

#define STANDARD_LEVEL1_DEFAULT 90.0
#define STANDARD_LEVEL2_DEFAULT 75.0
#define STANDARD_LEVEL3_DEFAULT 60.0

/* "level1".."level3" (the enterprise profile's codes); STDG_NONE otherwise. */
enum std_grade standard_grade_parse(const char *code);
/* The threshold of grade g from th[0..2] (一级, 二级, 三级; NULL = the defaults);
 * -1 for STDG_NONE or a bad value. */
double standard_threshold(enum std_grade g, const double *th);
/* 1 if score (of 100) meets grade g's threshold, 0 not, -1 bad input. */
int standard_meets(double score, enum std_grade g, const double *th);
/* The highest grade score meets (STDG_NONE when below 三级). */
enum std_grade standard_grade_for(double score, const double *th);

#endif
