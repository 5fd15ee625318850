/*
 * buf.c — the growable byte buffer with a hard cap and a sticky error (see buf.h).
 * Growth doubles the capacity; an append that would pass max or fails to allocate
 * sets err and leaves the content as it was, so a failure is never half-visible.
 */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Initialises an empty buffer that may grow to max bytes (0 = BUF_MAX_DEFAULT). */
void buf_init(struct buf *b, size_t max)
{
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max ? max : BUF_MAX_DEFAULT;
	b->err = 0;
}

/* Frees the content; the buffer is empty and reusable afterwards. */
void buf_release(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
	b->err = 0;
}

/* Hands the content to the caller (who frees it) and empties the buffer. */
char *buf_detach(struct buf *b, size_t *len)
{
	char *p = b->p;

	if (len)
		*len = b->len;
	if (!p)
		p = calloc(1, 1);
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}

/* Empties the buffer but keeps its memory; clears the sticky error. */
void buf_reset(struct buf *b)
{
	b->len = 0;
	b->err = 0;
	if (b->p)
		b->p[0] = '\0';
}

/* Ensures room for n more bytes plus the NUL. 0 ok, -1 (and err set) otherwise. */
static int buf_grow(struct buf *b, size_t n)
{
	size_t need, cap;
	char *p;

	if (b->err)
		return -1;
	if (n > b->max || b->len > b->max - n) {
		b->err = 1;
		return -1;
	}
	need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	/* Never more than max + NUL: the inline appends in buf.h rely on capacity
	 * alone to keep the cap. */
	if (cap > b->max + 1)
		cap = b->max + 1;
	p = realloc(b->p, cap);
	if (!p) {
		b->err = 1;
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

/* Appends n bytes, growing the buffer (buf_add's slow path). */
int buf_add_slow(struct buf *b, const void *data, size_t n)
{
	if (buf_grow(b, n))
		return -1;
	if (n)
		memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

/* Appends a NUL-terminated string. */
int buf_puts(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

/* Appends one byte, growing the buffer (buf_putc's slow path). */
int buf_putc_slow(struct buf *b, char c)
{
	if (buf_grow(b, 1))
		return -1;
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
	return 0;
}

/* Appends formatted text. */
int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (b->err)
		return -1;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || buf_grow(b, (size_t)n))
		return -1;
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int buf_put_int64(struct buf *b, int64_t v)
{
	char tmp[24];
	char *e = tmp + sizeof(tmp), *q = e;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		*--q = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--q = '-';
	return buf_add(b, q, (size_t)(e - q));
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *buf_str(const struct buf *b)
{
	return b->p ? b->p : "";
}
