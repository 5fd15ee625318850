/*
 * submit.h — 信息报送 as pure rules: the regulator's form declarations (a small
 * JSON field schema) and the check of a filled-in form against it, and the matrix
 * cell of one submission (按时 / 逾期 / 未报 / 退回 / 未到期).
 *
 * Sources: seeds/001 §三(三) (每月20日前报送工作开展情况; 年度工作计划和任务清单以
 * 项目内容 / 责任单位 / 完成时限 列明), seeds/004 §三(四) (每月30日前报推进情况),
 * seeds/000 §二(四) (事故统计每年1月中旬前报送; 重要信息随时报送).
 *
 * A form schema is a JSON array of field objects:
 *   {"name": "done_count", "label": "本月完成任务数", "type": "int",
 *    "required": true, "min": 0, "max": 1000}
 * type: text (max_len, default 200) | longtext (max_len, default 4000) | int |
 *       number (min/max when min < max) | date ("YYYY-MM-DD") | bool |
 *       enum ("options": ["…", …]) | rows (a table: "columns": [fields of the
 *       scalar types], at most "max_rows", default 200).
 * Names are identifiers [a-z][a-z0-9_]* (at most 40), unique; labels are Chinese.
 * Everything is a pure function of its arguments; messages are Chinese and name
 * the field's label.
 */
#ifndef ANJIAN_RULES_SUBMIT_H
#define ANJIAN_RULES_SUBMIT_H

#include <stddef.h>
#include <jansson.h>

#define SF_MAX_FIELDS 40	/* fields of one form, columns of one table */
#define SF_MAX_ERRS 32		/* errors reported per check */

/* The errors of one check: field is the schema field's name ("plan" for a row
 * error of table plan), message Chinese ("年度任务清单第2行：责任单位为必填项"). */
struct sf_errs {
	int n;
	char field[SF_MAX_ERRS][48];
	char message[SF_MAX_ERRS][160];
};

/* 0 if schema is a well-formed form declaration; -1 otherwise with the first
 * problem in msg (Chinese, e.g. "第2个填报项缺少名称"). NULL and [] are well formed
 * (a files-only form). */
int sf_schema_check(const json_t *schema, char *msg, size_t n);

/* Checks content (a JSON object of field name → value; NULL = {}) against a
 * well-formed schema: required fields present and non-empty, each value of its
 * type and range, no undeclared key. Returns the number of errors (0 = valid),
 * listed in e. */
int sf_form_check(const json_t *schema, const json_t *content, struct sf_errs *e);

/* ----------------------------------------------------------- matrix cells */

enum sub_cell {
	SC_INVALID = 0,
	SC_NOT_DUE,	/* 未到期: not submitted, due today or later */
	SC_ON_TIME,	/* 按时报送: first submitted on or before the due date */
	SC_LATE,	/* 逾期报送: first submitted after the due date */
	SC_MISSING,	/* 未报: not submitted and the due date has passed */
	SC_RETURNED	/* 退回待改: returned by the regulator, not yet resubmitted */
};
const char *sub_cell_code(enum sub_cell c);	/* "not_due", "on_time", … */
const char *sub_cell_label(enum sub_cell c);	/* 未到期 按时报送 逾期报送 未报 退回待改 */

/* The cell of a submission in status (draft | submitted | accepted | returned)
 * due on due ("YYYY-MM-DD"), first submitted on first (a date or date-time, NULL
 * or "" = never), judged on today. Punctuality is judged by the first submission
 * (a return is about content, not lateness); a returned one shows as returned
 * until it is resubmitted. SC_INVALID on bad input. */
enum sub_cell sub_cell_of(const char *status, const char *due, const char *first,
			  const char *today);

/* ------------------------------------------------------------- schedules */

/*
 * The due date of one period of a submission type. period is the type's code:
 *   "month"   due on day `day` of the month itself (0 = its last day; a day past
 *             the month's end is clamped: 30 in February → 28/29);
 *   "quarter", "half"  due `days` days after the period's last day;
 *   "year"    due on `month`-`day` of the period's year (day 0 = the month's last
 *             day), or of the next year when next_year (上一年度事故统计 by mid-January);
 *   "event"   due `days` days after the event date (key is that date).
 * key is the period key as rules/obligation.h writes it ("2026-11", "2026-H2",
 * "2026"). 0 ok with out "YYYY-MM-DD", -1 on bad input.
 */
int sub_due(const char *period, int month, int day, int days, int next_year,
	    const char *key, char out[11]);
/* The ob_period of a type's period code; 0 when unknown. */
int sub_period_kind(const char *period);

#endif
