/*
 * ledger.h — the pure rules of the 专项台账 module (src/mod/ledger*.c):
 *
 *   - the grade of a 重大危险源 from its R value (GB 18218-2018《危险化学品重大危险源
 *     辨识》4.2.3, 表4: R ≥ 100 一级, 100 > R ≥ 50 二级, 50 > R ≥ 10 三级, R < 10 四级);
 *   - the check digit of a CAS registry number (CAS: N…N-NN-R, R = Σ i·dᵢ mod 10 over
 *     the other digits counted from the right, i = 1, 2, …);
 *   - the UN number (联合国编号): four digits 0004..3600 (TSG / GB 12268 table range);
 *   - the next due date of a 包保责任人's periodic 履职 (seeds/003 第26项 三级包保常态化;
 *     the rhythm is the platform's: 主要负责人 each quarter, 技术负责人 each month,
 *     操作负责人 each week, Monday to Sunday): the end of the period after the one of
 *     the last record, or, with no record, the end of the period the assignment falls in.
 *
 * No I/O, no clock, no allocation. Dates "YYYY-MM-DD".
 */
#ifndef ANJIAN_RULES_LEDGER_H
#define ANJIAN_RULES_LEDGER_H

/* 1..4 (一级..四级) for R ≥ 0, 0 for a negative, NaN or infinite R. */
int mh_grade_from_r(double r);
/* The grade code of 1..4 ("first" … "fourth"), NULL otherwise. */
const char *mh_grade_code(int grade);

/* 1 if cas is a well-formed CAS number with a correct check digit, else 0. */
int ledger_cas_ok(const char *cas);
/* 1 if un is a UN number: exactly four digits, 0004..3600; else 0. */
int ledger_un_ok(const char *un);

enum ld_rhythm { LD_WEEK = 1, LD_MONTH, LD_QUARTER };
/* Due date of the next 履职 into out: last (the latest record, or NULL) or since
 * (the assignment date, used when last is NULL). 0 ok, -1 bad input. */
int ledger_duty_due(enum ld_rhythm r, const char *last, const char *since, char out[11]);

/* The first fixed-date statutory holiday (国务院《全国年节及纪念日放假办法》: 元旦
 * 1月1日, 劳动节 5月1日, 国庆节 10月1日) on or after today and at most within days
 * after it: its date into date and its name (static) into *name. The lunar holidays
 * (春节, 清明, 端午, 中秋) move each year and come from the admin's holiday table.
 * 1 found, 0 none within the window, -1 bad input. */
int ledger_fixed_holiday(const char *today, int within, char date[11], const char **name);

#endif
