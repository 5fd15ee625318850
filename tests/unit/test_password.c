/*
 * test_password.c — the stored password hash (mod.h PASSWORD_*): argon2id with
 * m = 19 MiB, t = 2, p = 1, the first of the equivalent parameter sets of the OWASP
 * Password Storage Cheat Sheet ("Argon2id with a minimum configuration of 19 MiB of
 * memory, an iteration count of 2, and 1 degree of parallelism"); a hash of other
 * parameters (libsodium's INTERACTIVE: 64 MiB, used before) verifies and is marked
 * for the rehash a login then does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <sodium.h>

#include "mod/mod.h"

static void test_parameters(void **state)
{
	char h[crypto_pwhash_STRBYTES];

	(void)state;
	assert_int_equal(password_hash("安监-测试-口令 2026", h), 0);
	assert_non_null(strstr(h, "$argon2id$"));
	assert_non_null(strstr(h, "$m=19456,t=2,p=1$"));
	assert_int_equal(crypto_pwhash_str_verify(h, "安监-测试-口令 2026",
						  strlen("安监-测试-口令 2026")), 0);
	assert_int_not_equal(crypto_pwhash_str_verify(h, "安监-测试-口令 2027",
						      strlen("安监-测试-口令 2027")), 0);
	assert_int_equal(password_needs_rehash(h), 0);
}

static void test_old_hash_is_rehashed(void **state)
{
	char old[crypto_pwhash_STRBYTES];

	(void)state;
	assert_int_equal(crypto_pwhash_str(old, "old-password", strlen("old-password"),
					   crypto_pwhash_OPSLIMIT_INTERACTIVE,
					   crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	assert_non_null(strstr(old, "$m=65536,"));
	assert_int_equal(crypto_pwhash_str_verify(old, "old-password", strlen("old-password")), 0);
	assert_int_equal(password_needs_rehash(old), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parameters),
		cmocka_unit_test(test_old_hash_is_rehashed),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
