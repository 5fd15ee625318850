/*
 * test_hazard.c — the hazard closed loop of src/rules/hazard.c (安全生产法 Art. 41;
 * seeds/003 items 22, 37: 登记 → 整改 → 验收 → 销号): every (state, action) pair is
 * either the one allowed move or refused; reasons, verifier ≠ rectifier, overdue.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "rules/hazard.h"

static void test_every_pair(void **state)
{
	static const struct { enum hazard_state from; enum hazard_action a; enum hazard_state to; } allowed[] = {
		{ HZ_REGISTERED, HA_ASSIGN, HZ_RECTIFYING },
		{ HZ_REGISTERED, HA_DISMISS, HZ_DISMISSED },
		{ HZ_RECTIFYING, HA_SUBMIT, HZ_PENDING },
		{ HZ_PENDING, HA_VERIFY, HZ_CLOSED },
		{ HZ_PENDING, HA_REJECT, HZ_RECTIFYING },
	};

	(void)state;
	for (int s = HZ_REGISTERED; s <= HZ_DISMISSED; s++)
		for (int a = HA_ASSIGN; a <= HA_DISMISS; a++) {
			enum hazard_state want = HZ_NONE;

			for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
				if (allowed[i].from == (enum hazard_state)s && allowed[i].a == (enum hazard_action)a)
					want = allowed[i].to;
			assert_int_equal(hazard_next((enum hazard_state)s, (enum hazard_action)a), want);
		}
	/* Closed is final: nothing reopens or re-verifies it. */
	assert_int_equal(hazard_next(HZ_CLOSED, HA_VERIFY), HZ_NONE);
	assert_int_equal(hazard_next(HZ_CLOSED, HA_REJECT), HZ_NONE);
	/* Out-of-range values are refused, not indexed. */
	assert_int_equal(hazard_next((enum hazard_state)99, HA_ASSIGN), HZ_NONE);
	assert_int_equal(hazard_next(HZ_REGISTERED, (enum hazard_action)99), HZ_NONE);
}

static void test_reasons_and_verifier(void **state)
{
	(void)state;
	assert_true(hazard_action_needs_reason(HA_REJECT));
	assert_true(hazard_action_needs_reason(HA_DISMISS));
	assert_false(hazard_action_needs_reason(HA_VERIFY));
	assert_false(hazard_verifier_ok(7, 7));		/* verifier = rectifier refused */
	assert_true(hazard_verifier_ok(8, 7));
	assert_false(hazard_verifier_ok(0, 7));
}

static void test_overdue(void **state)
{
	(void)state;
	assert_true(hazard_is_overdue(HZ_RECTIFYING, 100, 101));
	assert_false(hazard_is_overdue(HZ_RECTIFYING, 100, 100));	/* due today: not yet */
	assert_true(hazard_is_overdue(HZ_PENDING, 100, 200));
	assert_true(hazard_is_overdue(HZ_REGISTERED, 100, 200));
	assert_false(hazard_is_overdue(HZ_CLOSED, 100, 200));
	assert_false(hazard_is_overdue(HZ_DISMISSED, 100, 200));
	assert_false(hazard_is_overdue(HZ_RECTIFYING, -1, 200));	/* no deadline */
}

static void test_codes(void **state)
{
	(void)state;
	assert_string_equal(hazard_state_label(HZ_PENDING), "待验收");
	assert_string_equal(hazard_state_label(HZ_CLOSED), "已销号");
	assert_int_equal(hazard_state_parse("rectifying"), HZ_RECTIFYING);
	assert_int_equal(hazard_action_parse("verify"), HA_VERIFY);
	assert_int_equal(hazard_action_parse("x"), HA_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_pair),
		cmocka_unit_test(test_reasons_and_verifier),
		cmocka_unit_test(test_overdue),
		cmocka_unit_test(test_codes),
	};
	return cmocka_run_group_tests_name("hazard", tests, NULL, NULL);
}
