/*
 * duties.c — the duties of the registry (一企一档), risk and hazard modules as
 * declarations of the obligations calendar (entity/obligation.h). Each names the
 * document and article it comes from; the period, due rule and warning are the
 * default version of a rule an administrator may adjust (obligation_rule).
 *
 * Where a figure is the platform's own default rather than a number of the
 * documents, the source says so (平台默认, adjustable).
 */
#include <stddef.h>

#include "entity/obligation.h"
#include "mod/mod.h"

/* ---------------------------------------------------------------- risk */

/* seeds/004 第22项: 规上企业5月底前完成省系统申报，11月底前完成所有企业申报. */
static const struct obligation_def risk_report_annual = {
	.code = "risk_report_annual", .label = "年度安全风险报告申报", .module = "risk",
	.source = "seeds/004 第22项：规上企业5月底前完成申报，11月底前完成所有企业申报",
	.period = OB_YEAR,
	.due = { DUE_MONTH_DAY, 11, 0, 0 },
	.alt_when = "e.scale = 'above'", .due_alt = { DUE_MONTH_DAY, 5, 0, 0 },
	.warn_days = 30,
	.proof_entity = "risk_report", .proof_cond = "t.status = 'submitted'",
	.proof_at = "substr(t.submitted_at, 1, 10)",
	.proof_in = "CAST(t.year AS TEXT) || '-06-30'",
	.form = "/risk/report",
};

/* A risk point is reviewed by its review date (the risk module sets it a year on
 * from the last review: 风险辨识评估每年至少一次, 平台默认). */
static const struct obligation_def risk_point_review = {
	.code = "risk_point_review", .label = "风险点定期评审", .module = "risk",
	.source = "安全生产法 第四十一条（风险分级管控）；评审周期为平台默认一年",
	.period = OB_EVENT, .warn_days = 30,
	.proof_entity = "risk_point", .record_when = "t.next_review IS NOT NULL",
	.record_due = "t.next_review", .record_title = "t.name",
	.form = "/risk",
};

const struct obligation_def *const risk_duties[] = {
	&risk_report_annual, &risk_point_review, NULL
};

/* --------------------------------------------------------------- hazard */

/* 五落实 时限: the plan's deadline (moved only by an approved extension). Done
 * when the rectification is submitted for verification (and stays done unless the
 * verifier sends it back). */
static const struct obligation_def hazard_rectify = {
	.code = "hazard_rectify", .label = "隐患整改期限", .module = "hazard",
	.source = "原安监总局令第16号 第十五条（治理的时限和要求）；seeds/004 第14项",
	.period = OB_EVENT, .warn_days = 3,
	.proof_entity = "hazard",
	.record_when = "t.deadline IS NOT NULL AND t.status <> 'dismissed'",
	.record_due = "t.deadline",
	.record_done = "t.status IN ('pending', 'verified', 'closed')",
	.record_done_at = "substr(t.rectified_at, 1, 10)",
	.record_title = "t.title", .form = "/hazard",
};

/* 挂牌督办: closed (销账) by the 督办 deadline. */
static const struct obligation_def hazard_supervise = {
	.code = "hazard_supervise", .label = "挂牌督办期限", .module = "hazard",
	.source = "seeds/003 第22项（重大事故隐患挂牌督办，上账销账闭环）",
	.period = OB_EVENT, .warn_days = 7,
	.proof_entity = "hazard",
	.record_when = "t.supervise_deadline IS NOT NULL AND t.supervise_at IS NOT NULL",
	.record_due = "t.supervise_deadline",
	.record_done = "t.status = 'closed'", .record_done_at = "t.closed_at",
	.record_title = "t.title", .form = "/hazard/major",
};

const struct obligation_def *const hazard_duties[] = {
	&hazard_rectify, &hazard_supervise, NULL
};

/* ----------------------------------------------------------- enterprise */

/* 相关方资质: renewed before it expires, warned 30 days ahead (issue 7). */
static const struct obligation_def contractor_qualification = {
	.code = "contractor_qualification", .label = "相关方资质有效期", .module = "enterprise",
	.source = "安全生产法 第四十九条（承包、承租单位应当具备安全生产条件或者相应资质）",
	.period = OB_EVENT, .warn_days = 30,
	.proof_entity = "contractor", .record_when = "t.qualification_expiry IS NOT NULL",
	.record_due = "t.qualification_expiry", .record_title = "t.name",
	.form = "/enterprise/contractor",
};

/* 标准化证书: renewed before it expires (有效期 per 应急〔2021〕83号; 90 days'
 * warning is the platform's default). */
static const struct obligation_def standard_certificate = {
	.code = "standard_certificate", .label = "安全生产标准化证书有效期", .module = "enterprise",
	.source = "企业安全生产标准化建设定级办法（应急〔2021〕83号）；提前90日提醒为平台默认",
	.period = OB_EVENT, .warn_days = 90,
	.proof_entity = "enterprise",
	.record_when = "t.standard_grade_expiry IS NOT NULL AND t.standard_grade IS NOT NULL"
		       " AND t.standard_grade <> 'none'",
	.record_due = "t.standard_grade_expiry", .record_title = "t.name",
	.form = "/enterprise/profile",
};

/* 安全管理机构变动报告: the regulator reads and acknowledges it (5 working days is
 * the platform's default). */
static const struct obligation_def org_change_ack = {
	.code = "org_change_ack", .label = "安全管理机构变动报告签阅", .module = "enterprise",
	.source = "一企一档：安委会、安全管理机构变动报告监管部门签阅；5个工作日为平台默认",
	.party = OBP_REGULATOR,
	.period = OB_EVENT, .due = { DUE_WORKDAYS_AFTER, 0, 0, 5 }, .warn_days = 1,
	.proof_entity = "org_change", .record_event = "substr(t.created_at, 1, 10)",
	.record_done = "t.acknowledged = 1", .record_done_at = "t.acknowledged_at",
	.record_title = "t.summary", .form = "/enterprise/org-change",
};

const struct obligation_def *const enterprise_duties[] = {
	&contractor_qualification, &standard_certificate, &org_change_ack, NULL
};
