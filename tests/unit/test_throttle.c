/*
 * test_throttle.c — the wait after failed attempts (src/rules/throttle.h): free
 * attempts, then an exponentially growing wait with a cap (NIST SP 800-63B §5.2.2;
 * OWASP Authentication Cheat Sheet: throttle instead of a lock anyone can trigger).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/util.h"
#include "rules/throttle.h"

static void test_delay_table(void **state)
{
	static const struct { int64_t failures, free, cap, want; const char *why; } t[] = {
		{1, 5, 900, 0, "first failure: free"},
		{4, 5, 900, 0, "below free: no wait"},
		{5, 5, 900, 1, "the free-th failure: 1 s"},
		{6, 5, 900, 2, "doubles"},
		{7, 5, 900, 4, "doubles again"},
		{14, 5, 900, 512, "2^9"},
		{15, 5, 900, 900, "2^10 = 1024 > cap: cap"},
		{100, 5, 900, 900, "stays at the cap"},
		{1000000, 5, 900, 900, "no overflow for huge counts"},
		{10, 10, 60, 1, "another free count"},
		{17, 10, 60, 60, "2^7 = 128 > 60: cap"},
		{3, 1, 0, 0, "cap 0: never waits"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		int64_t got = throttle_delay(t[i].failures, t[i].free, t[i].cap);
		if (got != t[i].want)
			fail_msg("%s: delay(%lld, %lld, %lld) = %lld, want %lld", t[i].why,
				 (long long)t[i].failures, (long long)t[i].free,
				 (long long)t[i].cap, (long long)got, (long long)t[i].want);
	}
}

/* Whether a key's row refuses an attempt now: only a wait that a failure past the free
 * attempts imposed (next_at > updated_at) and that has not run out, within the decay. */
static void test_retry_table(void **state)
{
	static const struct { int64_t next_at, updated_at, now, want; const char *why; } t[] = {
		{100, 100, 100, 0, "a free failure imposes no wait"},
		{101, 101, 100, 0, "a parallel attempt's clock a second ahead: still no wait"},
		{101, 100, 100, 1, "a 1 s wait after the free-th failure"},
		{104, 100, 101, 3, "part of a 4 s wait left"},
		{104, 100, 104, 0, "the wait has run out"},
		{104, 100, 99, 5, "an attempt whose clock reads earlier waits the longer"},
		{1000, 100, 100 + 86401, 0, "the failure is older than the decay: forgotten"},
		{1000, 100, 100 + 86400, 0, "next_at long past"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		int64_t got = throttle_retry(t[i].next_at, t[i].updated_at, t[i].now, 86400);
		if (got != t[i].want)
			fail_msg("%s: retry(%lld, %lld, %lld) = %lld, want %lld", t[i].why,
				 (long long)t[i].next_at, (long long)t[i].updated_at,
				 (long long)t[i].now, (long long)got, (long long)t[i].want);
	}
}

static void test_wait_text(void **state)
{
	static const struct { int64_t s; const char *want; } t[] = {
		{0, "1秒"}, {1, "1秒"}, {59, "59秒"}, {60, "1分钟"}, {61, "2分钟"}, {900, "15分钟"},
	};
	char out[32];

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		throttle_wait_text(t[i].s, out);
		assert_string_equal(out, t[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_delay_table),
		cmocka_unit_test(test_retry_table),
		cmocka_unit_test(test_wait_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
