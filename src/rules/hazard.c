/*
 * hazard.c — the hazard closed loop as a transition table (see hazard.h).
 */
#include "hazard.h"

#include <string.h>

static const char *const state_codes[] = { "none", "registered", "rectifying", "pending", "closed", "dismissed" };
static const char *const state_labels[] = { "无", "已登记", "整改中", "待验收", "已销号", "不予受理" };
static const char *const action_codes[] = { "none", "assign", "submit", "verify", "reject", "dismiss" };
static const char *const action_labels[] = { "无", "下达整改", "提交验收", "验收销号", "验收不通过", "不予受理" };

#define NSTATES (HZ_DISMISSED + 1)
#define NACTIONS (HA_DISMISS + 1)

/* next[state][action]: the only allowed moves of the closed loop. */
static const enum hazard_state next_state[NSTATES][NACTIONS] = {
	[HZ_REGISTERED] = { [HA_ASSIGN] = HZ_RECTIFYING, [HA_DISMISS] = HZ_DISMISSED },
	[HZ_RECTIFYING] = { [HA_SUBMIT] = HZ_PENDING },
	[HZ_PENDING] = { [HA_VERIFY] = HZ_CLOSED, [HA_REJECT] = HZ_RECTIFYING },
};

const char *hazard_state_code(enum hazard_state s) { return state_codes[s < NSTATES ? s : 0]; }
const char *hazard_state_label(enum hazard_state s) { return state_labels[s < NSTATES ? s : 0]; }
const char *hazard_action_code(enum hazard_action a) { return action_codes[a < NACTIONS ? a : 0]; }
const char *hazard_action_label(enum hazard_action a) { return action_labels[a < NACTIONS ? a : 0]; }

enum hazard_state hazard_state_parse(const char *code)
{
	for (int i = 1; code && i < NSTATES; i++)
		if (!strcmp(code, state_codes[i]))
			return (enum hazard_state)i;
	return HZ_NONE;
}

enum hazard_action hazard_action_parse(const char *code)
{
	for (int i = 1; code && i < NACTIONS; i++)
		if (!strcmp(code, action_codes[i]))
			return (enum hazard_action)i;
	return HA_NONE;
}

enum hazard_state hazard_next(enum hazard_state s, enum hazard_action a)
{
	if (s <= HZ_NONE || s >= NSTATES || a <= HA_NONE || a >= NACTIONS)
		return HZ_NONE;
	return next_state[s][a];
}

int hazard_action_needs_reason(enum hazard_action a)
{
	return a == HA_REJECT || a == HA_DISMISS;
}

int hazard_verifier_ok(int64_t verifier_id, int64_t rectifier_id)
{
	return verifier_id > 0 && verifier_id != rectifier_id;
}

int hazard_is_overdue(enum hazard_state s, int64_t deadline_days, int64_t today_days)
{
	if (s == HZ_CLOSED || s == HZ_DISMISSED || s == HZ_NONE || deadline_days < 0)
		return 0;
	return deadline_days < today_days;
}
