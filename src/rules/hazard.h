/*
 * hazard.h — the hazard closed loop (隐患排查治理) as a pure state machine:
 *
 *   已登记 registered ──assign (五落实)──▶ 整改中 rectifying ──submit──▶ 待验收 pending
 *        │                                   ▲                          │
 *        └─dismiss (reason)─▶ 不予受理        └────reject (reason)───────┤
 *                                                                        └─verify─▶ 已销号 closed
 *
 * Sources: 安全生产法 Art. 41 para 2 (排查治理, records, 双报告 for major hazards);
 * seeds/003 items 22, 37 (上账/销账 closed loop); seeds/004 item 14.
 * The rules that need people (verifier ≠ rectifier, who may approve an extension)
 * are here too, as functions of plain values, so the module only supplies facts.
 */
#ifndef ANJIAN_RULES_HAZARD_H
#define ANJIAN_RULES_HAZARD_H

#include <stdint.h>

enum hazard_state {
	HZ_NONE = 0,
	HZ_REGISTERED,	/* 已登记 */
	HZ_RECTIFYING,	/* 整改中 */
	HZ_PENDING,	/* 待验收 */
	HZ_CLOSED,	/* 已销号 */
	HZ_DISMISSED	/* 不予受理 (a report that is not a hazard) */
};

enum hazard_action {
	HA_NONE = 0,
	HA_ASSIGN,	/* 下达整改: needs the rectification plan (五落实) */
	HA_SUBMIT,	/* 提交验收 */
	HA_VERIFY,	/* 验收通过, 销号 */
	HA_REJECT,	/* 验收不通过, back to rectifying; reason required */
	HA_DISMISS	/* 不予受理; reason required */
};

const char *hazard_state_code(enum hazard_state s);	/* "registered" … */
const char *hazard_state_label(enum hazard_state s);	/* "已登记" … */
enum hazard_state hazard_state_parse(const char *code);
const char *hazard_action_code(enum hazard_action a);	/* "assign" … */
const char *hazard_action_label(enum hazard_action a);	/* "下达整改" … */
enum hazard_action hazard_action_parse(const char *code);

/* The state after action a from s, or HZ_NONE when the transition is not allowed. */
enum hazard_state hazard_next(enum hazard_state s, enum hazard_action a);
/* 1 if action a needs a written reason (reject, dismiss). */
int hazard_action_needs_reason(enum hazard_action a);
/* Verification is done by someone other than the rectifier: 1 allowed, 0 refused. */
int hazard_verifier_ok(int64_t verifier_id, int64_t rectifier_id);
/* Overdue: not closed/dismissed and the deadline (days since epoch) is before today.
 * A hazard without a deadline (deadline_days < 0) is never overdue. */
int hazard_is_overdue(enum hazard_state s, int64_t deadline_days, int64_t today_days);

#endif
