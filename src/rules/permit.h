/*
 * permit.h — the hazardous-work permit rules (特殊作业票; DOMAIN.md §5, GB 30871-2022
 * 《危险化学品企业特殊作业安全规范》, and seeds/004 item 15 for enterprises outside the
 * chemical industry). Pure functions: no I/O, no clock, no allocation. Times are
 * "YYYY-MM-DD HH:MM:SS" (Asia/Shanghai); the int functions return -1 on bad input.
 *
 *   - kinds: the eight special operations of GB 30871-2022 for 危化 enterprises, and the
 *     list of seeds/004 item 15 for the others — a configuration table (pmt_kinds[]);
 *   - grades: 动火 特级/一级/二级 by place (GB 30871 ch. 5), raised by one on holidays,
 *     rest days, at night and in wind of force 5 or more in the open (ch. 5); 高处 I–IV
 *     by height band (GB/T 3608) and the objective hazard factors; 吊装 一/二/三级 by
 *     mass, below 10 t no permit (Appendix B);
 *   - validity: 动火 特级/一级 ≤ 8 h, 二级 ≤ 72 h; 受限空间 ≤ 24 h; 高处 ≤ 7 d; 临时用电
 *     ≤ 15 d; the other kinds have no limit in DOMAIN §5 (0 = none, the applicant's own);
 *   - gas tests: pass criteria (O₂ 19.5–21 %, ≤ 23.5 % in an oxygen-rich environment;
 *     combustibles ≤ 0.5 % vol when the medium's LEL ≥ 4 %, else ≤ 0.2 %; toxics within
 *     their GBZ 2.1 limit), sampling ≤ 30 min before work, re-test after an interruption
 *     of > 30 min (特级/一级动火) or > 60 min (二级动火, 受限空间);
 *   - the approval chain by kind and grade (Appendix B, Table B.1);
 *   - 临时用电 serving a 动火 or 受限空间 job: its time within that permit's (10.8);
 *   - 盲板抽堵: one permit per blind and action (7.11), the blind's number compared
 *     in one normal form;
 *   - the guardian (监护人) is not one of the workers (4.10 f).
 */
#ifndef ANJIAN_RULES_PERMIT_H
#define ANJIAN_RULES_PERMIT_H

#include <stddef.h>

/* The kind sets: which enterprises use which list. */
enum pmt_set { PMT_SET_CHEM = 1 << 0, PMT_SET_GENERAL = 1 << 1 };

struct pmt_kind {
	const char *code;	/* "hot" */
	const char *label;	/* "动火作业" */
	unsigned sets;		/* enum pmt_set */
	int gas_test;		/* 1: a passing gas test is required before work */
};
/* Every kind, {NULL}-terminated (configuration: the lists of DOMAIN §5 and 004 item 15). */
extern const struct pmt_kind pmt_kinds[];
const struct pmt_kind *pmt_kind_find(const char *code);
/* 1 if kind belongs to the set an enterprise uses (chem: 1 for a 危化 enterprise). */
int pmt_kind_in_set(const char *kind, int chem);

/* 动火 place (GB 30871 ch. 5). */
enum pmt_hot_place {
	PMT_HOT_RUNNING = 1,	/* 运行状态的生产装置/管道/储罐/容器, 带压不置换, 重大危险源罐区防火堤内 */
	PMT_HOT_HAZARD_AREA,	/* other work in a fire/explosion-hazard area, pipe racks */
	PMT_HOT_OTHER		/* everything else */
};
/* The hot-work grade code "special" | "first" | "second", NULL on bad input.
 * shutdown_isolated: the unit is fully shut down, cleaned and isolated (may go down to
 * 二级 with approval; not from 特级 places). raise: a holiday, rest day, night or wind ≥ 5
 * in the open — the grade goes up one step (特级 stays 特级). */
const char *pmt_hot_grade(enum pmt_hot_place place, int shutdown_isolated, int raise);

/* 1 if the grade must be raised for the time: start on a day off (cal_workday 0, the
 * holiday calendar's answer for the date) or at night (hour in [night_from, 24) or
 * [0, night_to)). Default night 22:00–06:00 (⚠️ GB 30871 does not define 夜间; a
 * configuration default). */
#define PMT_NIGHT_FROM 22
#define PMT_NIGHT_TO 6
int pmt_time_raises(const char *start, int cal_workday, int night_from, int night_to);

/* 高处 grade "I".."IV" from the height (m, ≥ 2) and whether any objective hazard factor
 * of GB/T 3608 applies (method B). NULL when below 2 m (not work at height) or bad. */
const char *pmt_height_grade(double height_m, int hazard_factor);
/* 吊装 grade "first" (> 100 t) | "second" (40–100 t) | "third" (< 40 t); NULL bad. */
const char *pmt_lift_grade(double mass_t);
/* 1 if a lifting permit is required (≥ 10 t, Appendix B); below a risk analysis only. */
int pmt_lift_needs_permit(double mass_t);

/* The longest validity in hours of kind at grade; 0 = no limit in the standard. */
int pmt_max_hours(const char *kind, const char *grade);
/* Minutes from a to b (b - a), or a huge negative sentinel (-1000000000) on bad input. */
long pmt_minutes_between(const char *a, const char *b);
#define PMT_BAD_MINUTES (-1000000000L)
/* 1 if [from, to] is within the kind's limit (and to after from), 0 not, -1 bad. */
int pmt_validity_ok(const char *kind, const char *grade, const char *from, const char *to);

/* One gas measurement; a negative value means "not measured". */
struct pmt_gas {
	double o2_pct;		/* oxygen, % vol */
	double comb_pct;	/* combustibles, % vol */
	double medium_lel;	/* the medium's lower explosive limit, % vol */
	double toxic_ppm;
	double toxic_limit_ppm;	/* its GBZ 2.1 limit */
	int oxygen_rich;	/* 富氧环境 */
};
/* NULL when the measurement passes for kind, else a static Chinese reason. 受限空间
 * requires the oxygen reading; 动火 and 受限空间 require the combustible reading. */
const char *pmt_gas_fail(const char *kind, const struct pmt_gas *g);
/* Minutes a passing test stays good before work starts (30, ch. 5 and ch. 6). */
#define PMT_GAS_BEFORE_MIN 30
/* The longest interruption without a re-test, minutes: 30 for 特级/一级动火, 60 for
 * 二级动火 and 受限空间; 0 for kinds without gas tests. */
int pmt_retest_minutes(const char *kind, const char *grade);

/* Table B.1: the approval chain of kind at grade as a NULL-terminated list of step codes
 * (countersigning departments first, the approver last); NULL for an unknown kind. */
const char *const *pmt_chain(const char *kind, const char *grade);
/* The Chinese name of a step code. */
const char *pmt_step_label(const char *step);
/* 1 if the step is a leader's (主管领导, 主管厂长/总工程师): the principal signs it. */
int pmt_step_leader(const char *step);
/* The grade's Chinese label ("特级", "Ⅱ级"…) */
const char *pmt_grade_label(const char *grade);

/* 10.8: temporary power serving 动火 or 受限空间 work lasts as long as that work: 1 if
 * [from, to] lies within the served permit's [served_from, served_to], 0 if it runs
 * beyond it (or to is not after from), -1 on bad input. */
int pmt_power_within(const char *from, const char *to, const char *served_from, const char *served_to);

/* 7.1 / 7.4 / 7.11: a blind is known by its number on the blind location drawing; one
 * permit covers one blind and one action. The number in one normal form (ASCII
 * letters upper-case, spaces — ASCII and full-width — removed) into out; 0 ok, -1
 * empty after normalising, too long for out, or bad input. */
int pmt_blind_no_norm(const char *in, char *out, size_t n);

/* 4.10 f): the guardian watches and does nothing else. 1 if name is one of the names
 * of list (separated by 、，,；; / spaces or new lines), 0 not, -1 bad input. */
int pmt_name_in_list(const char *name, const char *list);

#endif
