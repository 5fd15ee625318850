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
#include <stdint.h>
#include <string.h>

struct buf {
	char *p;	/* always NUL-terminated when len > 0 or after any append */
	size_t len;
	size_t cap;
	size_t max;	/* hard cap in bytes, excluding the NUL */
	int err;	/* sticky: 0 ok, 1 out of memory or over max */
};

#define BUF_MAX_DEFAULT ((size_t)64 << 20)

void buf_init(struct buf *b, size_t max);
/* Slow paths of the inline appends below (grow, or fail). */
int buf_add_slow(struct buf *b, const void *data, size_t n);
int buf_putc_slow(struct buf *b, char c);
void buf_release(struct buf *b);
char *buf_detach(struct buf *b, size_t *len);
void buf_reset(struct buf *b);
int buf_puts(struct buf *b, const char *s);
/* Appends v in decimal (no printf: cache keys append numbers on every request). */
int buf_put_int64(struct buf *b, int64_t v);
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
static inline int buf_failed(const struct buf *b) { return b->err; }
/* Appends n bytes. Inline: a JSON page makes thousands of small appends, and the
 * common case (room left, no error) is a copy and an add. */
static inline int buf_add(struct buf *b, const void *data, size_t n)
{
	if (!b->err && b->cap - b->len > n) {
		memcpy(b->p + b->len, data, n);
		b->len += n;
		b->p[b->len] = '\0';
		return 0;
	}
	return buf_add_slow(b, data, n);
}

/* Appends one byte (inline for the same reason). */
static inline int buf_putc(struct buf *b, char c)
{
	if (!b->err && b->cap - b->len > 1) {
		b->p[b->len++] = c;
		b->p[b->len] = '\0';
		return 0;
	}
	return buf_putc_slow(b, c);
}

/* Returns p, or "" for an empty buffer that never allocated. */
const char *buf_str(const struct buf *b);

#endif
