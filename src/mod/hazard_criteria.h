/*
 * hazard_criteria.h — the catalogue of major-hazard determination criteria
 * (重大事故隐患判定标准) shipped as data (hazard_criteria.c): one row per numbered
 * item of a national standard, with a stable code ("gm10-11-3" = 工贸企业重大事故隐患
 * 判定标准 第十一条第（三）项). The hazard module cites these codes when a hazard is
 * registered as 重大隐患; "其他" (a criterion outside the catalogue) is the hazard
 * module's free-text reason, not a row here.
 *
 * Ownership: every pointer returned here points into static, read-only data of
 * hazard_criteria.c; nothing is to be freed.
 */
#ifndef ANJIAN_MOD_HAZARD_CRITERIA_H
#define ANJIAN_MOD_HAZARD_CRITERIA_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct entity_def;

/* How much of an item's wording was checked against a public copy of the
 * standard (see the file comment of hazard_criteria.c for the sources). */
enum hazard_criterion_check {
	HC_VERIFIED = 1,	/* the whole item was read in a source */
	HC_PARTIAL,		/* the source was cut off: the text ends in 〔后文待核实…〕 */
	HC_UNVERIFIED		/* not found in any source: the text is a placeholder */
};

/* One item of a standard. Strings are UTF-8; user-visible ones are Chinese. */
struct hazard_criterion {
	const char *code;	/* stable identifier: "<standard>-<article>-<item>" */
	const char *standard;	/* code of the standard: "gm10", "hg121" */
	const char *part;	/* "管理类", "行业类·冶金", "专项类·粉尘涉爆" … */
	const char *article;	/* "第三条"; NULL when the standard has no articles */
	const char *item;	/* "第（一）项" (令第10号), "第一项" (121号) */
	const char *text;	/* the item's wording, without the closing ；or 。 */
	const char *industry;	/* "冶金" …; NULL = every enterprise the part covers */
	enum hazard_criterion_check check;
};

/* The standards of the catalogue: code and full Chinese name with document number
 * (the enum options of the field "standard"). */
struct hazard_criteria_standard {
	const char *code;	/* "gm10" */
	const char *label;	/* "工贸企业重大事故隐患判定标准（应急管理部令第10号）" */
};
extern const struct hazard_criteria_standard hazard_criteria_standards[];
extern const size_t hazard_criteria_nstandards;

/* The shipped table, in catalogue order (by standard, article, item). */
extern const struct hazard_criterion hazard_criteria[];
extern const size_t hazard_criteria_n;

/* Registers the entity hazard_criterion (read by every logged-in role; written
 * only by hazard_criteria_schema). */
void hazard_criteria_init(void);
/* The declaration registered by hazard_criteria_init() (tests, the hazard module). */
const struct entity_def *hazard_criteria_entity(void);

/*
 * Brings the table hazard_criterion in line with the shipped rows, by code: missing
 * rows are inserted, rows whose columns differ from the shipped ones are restored,
 * rows whose code is no longer shipped are set inactive (never deleted: hazards may
 * cite them). Reads the table once and writes only what differs, in one
 * transaction of its own (none is open when it is called), so a start with nothing
 * changed writes nothing. Runs after entity_schema_sync(). *written (may be NULL)
 * gets the number of rows written. 0 ok, -1 error (logged; rolled back).
 */
int hazard_criteria_seed(struct db *db, int *written);
/* The module table's schema hook: hazard_criteria_seed(db, NULL). */
int hazard_criteria_schema(struct db *db);
/* The id of the stored row with code (for module code that cites a criterion, e.g.
 * the demo): > 0, 0 when there is none, -1 on error (logged). */
int64_t hazard_criterion_id(struct db *db, const char *code);

/* Number of shipped rows of standard_code ("gm10"), or of all when it is NULL. */
int hazard_criteria_count(const char *standard_code);
/* The shipped row with code, or NULL. */
const struct hazard_criterion *hazard_criterion_find(const char *code);
/* The Chinese name of standard code ("gm10"), or NULL. */
const char *hazard_criteria_standard_label(const char *code);

#endif
