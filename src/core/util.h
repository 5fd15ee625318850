/*
 * util.h — small always-on helpers: BUG(), checked allocation, logging, and time in
 * Asia/Shanghai (UTC+8 all year; China has had no daylight saving since 1991, so the
 * offset is a constant and we never touch the process time zone or localtime()).
 */
#ifndef ANJIAN_UTIL_H
#define ANJIAN_UTIL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A can't-happen case: logs and aborts, in every build. */
#define BUG(msg) util_bug(__FILE__, __LINE__, (msg))
void util_bug(const char *file, int line, const char *msg) __attribute__((noreturn));

/* Allocation that aborts on failure (see arena.h for why). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERR };
extern int log_min_level;
void log_msg(enum log_level lv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_err(...) log_msg(LOG_ERR, __VA_ARGS__)

#define TZ_OFFSET_SECONDS (8 * 3600)	/* Asia/Shanghai */

/* The clock. Tests may fix it with ANJIAN_NOW="YYYY-MM-DD HH:MM:SS" (Shanghai time). */
time_t now_utc(void);
/*
 * A per-thread object (the caches stamped by the data version: list totals and
 * plans, sessions, cockpit bodies): thread_obj() returns the calling thread's,
 * made zeroed (size bytes, xcalloc) on its first call; destroy frees it when the
 * thread exits. Declare one per kind with THREAD_OBJ(size, destroy).
 */
struct thread_obj {
	atomic_int ready;
	pthread_key_t key;
	size_t size;
	void (*destroy)(void *);
};
#define THREAD_OBJ(sz, fn) { .ready = 0, .size = (sz), .destroy = (fn) }
void *thread_obj(struct thread_obj *t);
/* A 64-bit hash of n bytes (cache keys: statement texts, list totals, plans,
 * route segments); not for security. */
uint64_t hash64(const void *p, size_t n);
/* Formats t as "YYYY-MM-DD" / "YYYY-MM-DD HH:MM:SS" in Shanghai time into out. */
void time_date(time_t t, char out[11]);
void time_datetime(time_t t, char out[20]);
/* Parses "YYYY-MM-DD" strictly (real calendar date, 1900..2999): 0 ok, -1 bad.
 * *days gets days since 1970-01-01. */
int date_parse(const char *s, int64_t *days);
/* Parses "YYYY-MM-DD HH:MM[:SS]" (or with 'T') as Shanghai time: 0 ok, -1 bad. */
int datetime_parse(const char *s, time_t *out);

/* Constant-time-safe random hex token of 2*nbytes chars (libsodium CSPRNG). */
void random_hex(char *out, size_t nbytes);
/* SHA-256 hex of data (64 chars + NUL). */
void sha256_hex(const void *data, size_t n, char out[65]);

#endif
