/*
 * buf.h — the one growable byte buffer of anjian (after curl's dynbuf and git's
 * strbuf). A buffer has a maximum size and a sticky error: once an append fails
 * (allocation or cap), every later append is a no-op and buf_failed() says so, so
 * callers check once at the end instead of after every append.
 *
 * Ownership: the buffer owns p. buf_release() frees it; buf_detach() hands it to
 * the caller (who frees it with free()).
 */
#ifndef ANJIAN_BUF_H
#define ANJIAN_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *p;	/* always NUL-terminated when len > 0 or after any append */
	size_t len;
	size_t cap;
	size_t max;	/* hard cap in bytes, excluding the NUL */
	int err;	/* sticky: 0 ok, 1 out of memory or over max */
};

#define BUF_MAX_DEFAULT ((size_t)64 << 20)

void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b);
char *buf_detach(struct buf *b, size_t *len);
void buf_reset(struct buf *b);
int buf_add(struct buf *b, const void *data, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
static inline int buf_failed(const struct buf *b) { return b->err; }
/* Returns p, or "" for an empty buffer that never allocated. */
const char *buf_str(const struct buf *b);

#endif
