/*
 * notify_int.h — what the two halves of the notify module share: notify.c (the
 * declarations, the queue, the sender's passes, routes, demo) and notify_send.c (the
 * messages and libcurl transport). Not for other modules: see notify.h.
 */
#ifndef ANJIAN_MOD_NOTIFY_INT_H
#define ANJIAN_MOD_NOTIFY_INT_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;

#define NT_FOOTER "安监平台"		/* the platform's name in messages */
#define NT_SUBJECT_MAX 200		/* characters of a subject */
#define NT_BODY_MAX 4000		/* characters of a notice's body */
#define NT_ERROR_MAX 500		/* characters of last_error */
#define NT_MAX_RECIPIENTS 50		/* addresses of an email channel */

/* The email settings of a channel. */
struct notify_mailcfg {
	const char *smtp_url, *user, *password, *from, *recipients;
};

/* A claimed delivery and its channel, loaded for sending (strings in an arena). */
struct notify_job {
	const char *kind, *subject, *body, *link;
	int attempts;
	int64_t channel_id;
	const char *ch_kind, *ch_name, *url, *secret;
	int ch_active;
	struct notify_mailcfg mail;
};


/* Appends at most max_chars characters of s (0 = no limit) as clean UTF-8: invalid
 * bytes become U+FFFD, control characters a space (keep_nl keeps '\n' and '\t').
 * Returns 1 when s was cut. */
int notify_text_clean(struct buf *b, const char *s, size_t max_chars, int keep_nl);
/* Copies the next item of a list at s (separated by commas, semicolons, blanks or
 * the full-width "，" "；" "、") into tok (at most n - 1 bytes) and returns where the
 * rest starts, or NULL when no item is left. */
const char *notify_list_next(const char *s, char *tok, size_t n);
/* Calls fn for every item of a list. Returns the number of items. */
int notify_list_each(const char *s, void (*fn)(void *ctx, const char *item), void *ctx);
/* The link as it goes into a message: absolute http(s) URLs as they are, app paths
 * under ANJIAN_PUBLIC_URL when that is set, else NULL. May be an arena string. */
const char *notify_link_abs(struct arena *a, const char *link);
/* Sends a loaded job over its channel (network I/O: never inside a transaction).
 * 0 delivered; -1 failed with err (Chinese prefix + the receiver's words), to be
 * retried; -2 failed for good (the channel is gone or switched off) with err. */
int notify_job_send(struct arena *a, const struct notify_job *j, char *err, size_t errn);

/* Starts libcurl once (curl_global_init is not thread-safe: call before any
 * thread starts, as module init does); cleaned up at exit. */
void notify_transport_init(void);

#endif
