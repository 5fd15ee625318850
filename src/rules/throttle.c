/* throttle.c — see throttle.h. */
#include <stdio.h>

#include "rules/throttle.h"

int64_t throttle_delay(int64_t failures, int64_t free, int64_t cap)
{
	int64_t d = 1;

	if (failures < free)
		return 0;
	for (int64_t i = free; i < failures && d < cap; i++)
		d *= 2;
	return d < cap ? d : cap;
}

int64_t throttle_retry(int64_t next_at, int64_t updated_at, int64_t now, int64_t decay)
{
	if (next_at <= updated_at || updated_at < now - decay || next_at <= now)
		return 0;
	return next_at - now;
}

void throttle_wait_text(int64_t seconds, char out[32])
{
	if (seconds < 1)
		seconds = 1;
	if (seconds < 60)
		snprintf(out, 32, "%lld秒", (long long)seconds);
	else
		snprintf(out, 32, "%lld分钟", (long long)((seconds + 59) / 60));
}
