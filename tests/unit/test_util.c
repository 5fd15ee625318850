/*
 * test_util.c — hash64 (src/core/util.c), the hash of every cache key: statement
 * texts, list totals and plans, route segments. The caches compare keys in full
 * after a hash match, so what matters is that equal bytes hash equal, that the
 * length and every byte take part (a key differing in one byte, or only in its
 * length, lands elsewhere), and that the tail shorter than a word counts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"

static void test_hash64_equal_bytes_equal_hash(void **state)
{
	char a[64], b[64];

	(void)state;
	for (int i = 0; i < 64; i++)
		a[i] = b[i] = (char)('a' + i % 26);
	for (size_t n = 0; n <= sizeof(a); n++)
		assert_true(hash64(a, n) == hash64(b, n));
}

static void test_hash64_every_byte_and_the_length_count(void **state)
{
	char a[41], b[41];

	(void)state;
	memset(a, 'x', sizeof(a));
	for (size_t n = 1; n <= sizeof(a); n++)
		for (size_t i = 0; i < n; i++) {
			memcpy(b, a, n);
			b[i] ^= 1;
			if (hash64(a, n) == hash64(b, n))
				fail_msg("length %zu: a change of byte %zu keeps the hash", n, i);
		}
	/* the same bytes but one shorter, zero bytes included (the padded tail) */
	memset(a, 0, sizeof(a));
	for (size_t n = 1; n <= sizeof(a); n++)
		if (hash64(a, n) == hash64(a, n - 1))
			fail_msg("length %zu and %zu of zero bytes hash equal", n, n - 1);
}

static void test_hash64_spreads_similar_keys(void **state)
{
	/* plan keys differ in a page number: 1,000 of them fill 1,024 buckets without
	 * piling up (the caches use the low bits) */
	int bucket[1024] = { 0 }, worst = 0;
	char key[64];

	(void)state;
	for (int i = 0; i < 1000; i++) {
		int n = snprintf(key, sizeof(key), "hazard|7|3|2|2026-12-02|page=%d&size=20", i);
		int *c = &bucket[hash64(key, (size_t)n) & 1023];

		if (++*c > worst)
			worst = *c;
	}
	assert_true(worst <= 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash64_equal_bytes_equal_hash),
		cmocka_unit_test(test_hash64_every_byte_and_the_length_count),
		cmocka_unit_test(test_hash64_spreads_similar_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
