/*
 * training.h — the rules of safety training and certificates (DOMAIN.md §12), pure
 * functions over constant tables; no I/O.
 *
 *   - required training hours by person kind and industry: 生产经营单位安全培训规定
 *     (原安监总局令第3号, revised by 第80号) Art. 9 (principal and safety managers:
 *     initial 32 h / annual 12 h; 48 h / 16 h in 煤矿、非煤矿山、危化品、烟花爆竹、
 *     金属冶炼) and Art. 13 (new employees 24 h pre-job; 72 h and 20 h a year in those
 *     industries). The annual hours of an ordinary employee outside them are not in
 *     令第3号; the platform's default is 8 h (国务院安委会 2012 decision, secondary
 *     source, DOMAIN.md ⚠️) and the caller passes it as configuration;
 *   - which certificate a person must hold to be on duty: 特种作业人员 the 特种作业
 *     操作证 (安全生产法 第三十条; 令第30号), principals and safety managers of the
 *     units of 安全生产法 第二十七条 (危险物品, 矿山, 金属冶炼, 建筑施工, 运输) their
 *     assessment certificate (安全生产知识和管理能力考核合格证明);
 *   - certificate validity and review: 特种作业操作证 valid 6 years (令第30号 Art. 19),
 *     reviewed every 3 years (Art. 21), applied for within 60 days before the date
 *     (Art. 22): the warning lead time.
 *
 * Ownership: every returned string is a static constant.
 */
#ifndef ANJIAN_RULES_TRAINING_H
#define ANJIAN_RULES_TRAINING_H

enum tr_person {
	TRP_NONE = 0,
	TRP_PRINCIPAL,		/* 主要负责人 */
	TRP_SAFETY_MANAGER,	/* 安全生产管理人员 */
	TRP_SPECIAL_WORKER,	/* 特种作业人员 */
	TRP_EMPLOYEE		/* 从业人员 */
};

enum tr_cert {
	TRC_NONE = 0,
	TRC_SPECIAL_OP,		/* 特种作业操作证 */
	TRC_PRINCIPAL,		/* 主要负责人安全生产知识和管理能力考核合格证 */
	TRC_SAFETY_MANAGER,	/* 安全生产管理人员安全生产知识和管理能力考核合格证 */
	TRC_ENGINEER		/* 注册安全工程师执业证 */
};

/* Codes as stored ("principal", "safety_manager", "special_worker", "employee");
 * TRP_NONE / NULL when unknown. */
enum tr_person training_person_parse(const char *code);
const char *training_person_code(enum tr_person p);
/* "special_op", "principal", "safety_manager", "engineer". */
enum tr_cert training_cert_parse(const char *code);
const char *training_cert_code(enum tr_cert c);

/* 1 if the enterprise is in the high-risk industries of 令第3号 Art. 9 / 13 (煤矿,
 * 非煤矿山, 危险化学品, 烟花爆竹, 金属冶炼): by its high-risk category (the
 * enterprise profile's codes "mining", "hazardous_chemicals", "fireworks",
 * "metal_smelting") or, for 煤矿, by GB/T 4754 division "06" (煤炭开采和洗选业).
 * Either may be NULL. */
int training_hours_high_risk(const char *high_risk, const char *division);
/* 1 if its principal and safety managers must hold the assessment certificate of
 * 安全生产法 第二十七条 (危险物品的生产、经营、储存、装卸单位 — 危险化学品, 烟花爆竹,
 * 民用爆炸物品, 燃气 —, 矿山, 金属冶炼, 建筑施工, 运输单位). */
int training_cert_high_risk(const char *high_risk, const char *division);

/* Configuration of the figures DOMAIN.md marks ⚠️ (defaults TRAINING_CONFIG_DEFAULT). */
struct training_config {
	double employee_annual_general;	/* annual hours of an ordinary employee outside
					 * the high-risk industries; default 8 */
};
#define TRAINING_EMPLOYEE_ANNUAL_DEFAULT 8.0

/* The hours a person must have: initial (the first training of a new principal,
 * safety manager or employee) and annual (retraining every year after), and the
 * article. 0 ok, -1 on an unknown kind or NULL out. cfg NULL = defaults. */
struct training_hours {
	double initial, annual;
	const char *article;	/* "原安监总局令第3号 第九条" … */
};
int training_required(enum tr_person p, int high_risk, const struct training_config *cfg,
		      struct training_hours *out);
/* The hours due this year: initial for a new person (in the year of taking up the
 * post), annual otherwise; -1 on bad input. */
double training_required_year(enum tr_person p, int is_new, int high_risk,
			      const struct training_config *cfg);

/* The certificate a person of kind p must hold to be on duty, TRC_NONE if none:
 * TRC_SPECIAL_OP for a 特种作业人员 (安全生产法 第三十条); TRC_PRINCIPAL /
 * TRC_SAFETY_MANAGER in the units of 第二十七条 (cert_high_risk). */
enum tr_cert training_required_cert(enum tr_person p, int cert_high_risk);

/* Certificate dates. */
#define TRAINING_CERT_WARN_DAYS 60	/* 令第30号 第二十二条: 期满前60日内申请复审 */
#define TRAINING_SPECIAL_OP_VALID_YEARS 6	/* 令第30号 第十九条 */
#define TRAINING_SPECIAL_OP_REVIEW_YEARS 3	/* 令第30号 第二十一条 */
#define TRAINING_SPECIAL_OP_REVIEW_YEARS_LONG 6	/* 第二十一条: 连续从事本工种10年以上 */

/* The default expiry of a certificate issued on issued ("YYYY-MM-DD") into out:
 * 特种作业操作证 issued + 6 years (Art. 19); 0 ok, 1 no statutory default (the
 * other kinds: as printed on the certificate), -1 bad input. */
int training_cert_default_expiry(enum tr_cert c, const char *issued, char out[11]);
/* The next review date of a 特种作业操作证 issued (or last reviewed) on from: + 3
 * years (Art. 21), + 6 years when the holder has > 10 continuous years in the trade
 * and the authority extended it (long = 1). 0 ok, 1 kind without review, -1 bad. */
int training_cert_next_review(enum tr_cert c, const char *from, int long_interval, char out[11]);
/* The date a certificate must be acted on: the earlier of expiry and next_review
 * (either may be NULL or ""), and the warning date 60 days before it (Art. 22).
 * 0 ok, 1 neither date given (nothing to warn of), -1 malformed. */
int training_cert_due(const char *expiry, const char *next_review, char due[11], char warn_from[11]);

enum tr_cert_state { TRCS_INVALID = 0, TRCS_VALID, TRCS_EXPIRING, TRCS_EXPIRED };
/* The state of a certificate at today: EXPIRED after due, EXPIRING from warn_from
 * to due inclusive, VALID before; a certificate without dates is VALID. */
enum tr_cert_state training_cert_state(const char *expiry, const char *next_review,
				       const char *today);

/* 1 if a person passed: a score ≥ pass_mark (pass_mark ≤ 0: 80, 令第30号 exam
 * practice, ⚠️ secondary) — the score of an exam out of 100. */
#define TRAINING_PASS_MARK_DEFAULT 80
int training_passed(double score, double pass_mark);

/* Date helpers: from + years (Feb 29 → Feb 28) and from + days; 0 ok, -1 bad. */
int training_date_add_years(const char *from, int years, char out[11]);
int training_date_add_days(const char *from, int days, char out[11]);

#endif
