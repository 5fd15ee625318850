/*
 * throttle.h — how long a client waits after failed attempts (login, password
 * change). A pure rule: no I/O.
 *
 * OWASP Authentication Cheat Sheet ("Protect against automated attacks": throttle
 * rather than lock, since "an attacker can lock out a user by attempting to log in
 * with an incorrect password") and NIST SP 800-63B §5.2.2 (rate limiting: an
 * exponentially increasing wait between attempts, at most 100 consecutive failures
 * for one account). The first `free` failures cost nothing; from then on the wait
 * doubles with each failure — 1 s, 2 s, 4 s … — up to cap seconds.
 */
#ifndef ANJIAN_THROTTLE_H
#define ANJIAN_THROTTLE_H

#include <stdint.h>

/* Seconds to wait after the failures-th failure in a row (failures ≥ 1): 0 while
 * failures < free, else min(cap, 2^(failures − free)). free ≥ 1, cap ≥ 0. */
int64_t throttle_delay(int64_t failures, int64_t free, int64_t cap);

/* Seconds a key must still wait at now (0: free), from its row: next_at, the time its
 * last failure allows the next attempt, and updated_at, the time that failure was
 * counted, with failures forgotten after decay seconds. A failure within the free
 * attempts stamps next_at = updated_at: it imposes no wait, so an attempt whose clock
 * reads earlier than a parallel attempt's (requests started either side of a second
 * boundary) is not refused by that attempt's stamp. */
int64_t throttle_retry(int64_t next_at, int64_t updated_at, int64_t now, int64_t decay);

/* "30秒", "2分钟", "15分钟": a wait as a person reads it (minutes rounded up). out
 * holds at least 32 bytes. */
void throttle_wait_text(int64_t seconds, char out[32]);

#endif
