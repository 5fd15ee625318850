/*
 * campaign.h — 专项行动 (campaigns) as pure rules: a template's dates moved to the
 * year a regulator launches it for, the progress cell of one required item of one
 * enterprise, and the length limit of a 一谈 article.
 *
 * Sources: seeds/004 三 (百日攻坚: 动员部署 6月20日-30日, 排查整治 7月1日-8月15日,
 * 集中攻坚 8月16日-9月15日, 巩固提升 9月16日-9月30日), seeds/002 三、四、五 (六个一:
 * 活动时间8月-11月, 每月一个主题, 文章2000字以内, 12月5日前报区安委办和区国资委).
 */
#ifndef ANJIAN_RULES_CAMPAIGN_H
#define ANJIAN_RULES_CAMPAIGN_H

#include <stddef.h>

/* seeds/002 三(二)2: 每位班子成员至少形成一篇文章（2000字以内） */
#define CMP_ARTICLE_MAX 2000

/* Moves date ("YYYY-MM-DD") of a template written for from_year to the same
 * month and day of to_year + (its year - from_year) (a date of the following year
 * stays in the following year); 29 February becomes 28 February in a common year.
 * 0 ok, -1 bad input (not a date, a year outside 2000..2100). */
int cmp_move_date(const char *date, int from_year, int to_year, char out[11]);

/* The progress cell of one item of one enterprise:
 *   "returned"  退回待改   the last submission was returned;
 *   "done"      按时完成   submitted or accepted, first submitted on or before due;
 *   "late"      逾期完成   submitted or accepted after due;
 *   "missing"   逾期未交   pending and due < today;
 *   "waiting"   未到期     pending, due not yet passed.
 * status is pending | submitted | accepted | returned; first is the date of the
 * first submission (NULL when none); due and today are dates. NULL on bad input. */
const char *cmp_cell(const char *status, const char *first, const char *due, const char *today);

/* Characters (UTF-8 code points, whitespace not counted) of text; -1 if text is not
 * valid UTF-8. 一谈 counts 字, so line breaks and spaces are free. */
long cmp_text_chars(const char *text);

#endif
