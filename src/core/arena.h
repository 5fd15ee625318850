/*
 * arena.h — request-lifetime memory (after h2o's mem pools). Everything a handler
 * allocates from the request's arena is freed at once after the response is sent.
 * Allocation failure aborts the process: a half-handled request must never write.
 */
#ifndef ANJIAN_ARENA_H
#define ANJIAN_ARENA_H

#include <stddef.h>

struct arena_chunk;
struct arena {
	struct arena_chunk *head;
};

void arena_init(struct arena *a);
void arena_release(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);		/* zeroed, 16-byte aligned */
char *arena_strdup(struct arena *a, const char *s);	/* NULL for NULL */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
