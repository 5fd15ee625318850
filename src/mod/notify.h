/*
 * notify.h — outbound notifications (notify.c): what other modules, the scheduler
 * and the unit tests need.
 *
 * An administrator configures channels per org (企业微信群机器人, 钉钉群机器人 with
 * its 加签 secret, SMTP email). A module that has something to say calls
 * notify_enqueue() inside its own transaction; that writes one delivery row per
 * channel that hears the org and does no network I/O. The scheduler calls
 * notify_jobs() periodically (outside any transaction): it claims due deliveries
 * with a lease, sends each with a short timeout and records the outcome, retrying
 * failures with back-off (1 min, 5 min, 30 min, 2 h, 12 h; given up after 6 tries).
 * Channels in daily-digest mode collect their deliveries into one message a day.
 *
 * Which channels hear a notice about org X: the active channels of every org whose
 * scope includes X (entity/scope.c) — X itself, the orgs above it (a group hears
 * about its subsidiaries), and the regulators that supervise X and the orgs above
 * them (a district channel hears about every enterprise of the district).
 */
#ifndef ANJIAN_MOD_NOTIFY_H
#define ANJIAN_MOD_NOTIFY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct ectx;
struct buf;

/* Module hooks (the module table, mod.h). */
void notify_init(void);			/* entities, routes, permission codes, libcurl */
int notify_demo_build(struct ectx *c);	/* disabled example channels, sample deliveries */
/* One pass of the sender: notify_run() without counts. c->db must have no open
 * transaction (the network is never talked to inside one). 0 ok, -1 error. */
int notify_jobs(struct ectx *c);

/*
 * Queues a notice about org_id for every channel that hears it (see the file
 * comment) and whose events filter carries kind. Runs inside the caller's
 * transaction and never talks to the network, so a notice is written if and only
 * if the caller's change commits. kind is a code of notify.c's kinds table (an unknown code
 * is stored as "other"); subject (one line, cut to 200 characters) and
 * body_markdown (cut to 4,000) are the message; link may be NULL, an absolute
 * http(s) URL, or a path of the web app ("/hazard/42", made absolute with
 * ANJIAN_PUBLIC_URL when that is set). Returns the number of deliveries written
 * (0 when no channel hears it), -1 on a database error (the caller rolls back).
 */
int notify_enqueue(struct ectx *c, int64_t org_id, const char *kind, const char *subject,
		   const char *body_markdown, const char *link);

/* What one pass of the sender did. */
struct notify_run_stats {
	int digests;	/* daily digests put together */
	int claimed;	/* deliveries this pass took (and tried) */
	int sent;	/* … of which were delivered */
	int failed;	/* … failed and will be retried */
	int dead;	/* … failed for the last time, or their channel is gone */
	int deferred;	/* due, but left for the next pass (their channel failed in this one) */
};
/* One pass: digests due now, then at most limit due deliveries (0 = 100). */
int notify_run(struct ectx *c, int limit, struct notify_run_stats *st);

/* The Chinese label of a kind of notice ("obligation_overdue" → 事项已逾期), or NULL
 * when code is not one of notify.c's kinds (add a row there for a new kind). */
const char *notify_kind_label(const char *code);

/* ------------------------------------------------------------ pure parts */

#define NOTIFY_MAX_ATTEMPTS 6
/* Seconds to wait after the attempts-th failed try (1 → 60, 2 → 300, 3 → 1800,
 * 4 → 7200, 5 → 43200); -1 after NOTIFY_MAX_ATTEMPTS tries: give up. */
int notify_backoff(int attempts);

/* 钉钉 加签: urlencode(base64(HMAC-SHA256(key = secret, timestamp_ms + "\n" + secret)))
 * into out (at least 96 bytes). 0 ok, -1 when out is too small. */
int notify_dingtalk_sign(const char *secret, long long timestamp_ms, char *out, size_t n);
/* Appends s percent-encoded (RFC 3986: everything but A-Z a-z 0-9 - . _ ~). */
void notify_percent_encode(struct buf *b, const char *s);

/* The robots' request bodies, appended to b:
 *   企业微信 {"msgtype":"markdown","markdown":{"content":"…"}}   (content ≤ 4096 bytes)
 *   钉钉     {"msgtype":"markdown","markdown":{"title":"…","text":"…"}}
 * The markdown is "**subject**" (钉钉 "### subject"), the body, a 查看详情 link
 * when link is given, and the platform's name as a footer (a robot secured by
 * keyword needs one: use 安监). Too long a body is cut with a note. */
void notify_wecom_json(struct buf *b, const char *subject, const char *body, const char *link);
void notify_dingtalk_json(struct buf *b, const char *subject, const char *body, const char *link);

/* An email as RFC 5322 text with CRLF line ends: Date (+0800), From (name
 * encoded), To, Subject as RFC 2047 =?UTF-8?B?…?= words, Message-ID, MIME headers
 * and a base64 text/plain UTF-8 body. */
struct notify_mail {
	const char *from;		/* address */
	const char *from_name;		/* display name, UTF-8 */
	const char *const *to;		/* addresses */
	int nto;
	const char *subject;		/* UTF-8 */
	const char *text;		/* UTF-8, '\n' line ends */
	time_t date;
	const char *message_id;		/* without <> */
};
void notify_mail_build(struct buf *b, const struct notify_mail *m);
/* Appends s as RFC 2047 encoded words (base64, ≤ 75 characters each, never
 * splitting a UTF-8 character), folded with CRLF SPACE between words. */
void notify_header_encode(struct buf *b, const char *s);

/* NULL if url is acceptable for the channel (smtp = 0: http:// or https://; 1:
 * smtp:// or smtps://) — ASCII only, no blanks, no user:password@, a host, a port
 * in 1..65535 — else the Chinese rest of a message naming what is wrong
 * ("须以 http:// 或 https:// 开头"). */
const char *notify_url_problem(const char *url, int smtp);
/* Appends url with every query value masked ("key=73fe…8d30"), for display. */
void notify_url_mask(struct buf *b, const char *url);
/* 1 if s is "HH:MM" (00:00–23:59). */
int notify_hhmm_ok(const char *s);
/* The first digest time at or after now ("YYYY-MM-DD HH:MM:SS", Shanghai) at
 * hhmm ("08:30") into out. 0 ok, -1 when now or hhmm is malformed. */
int notify_digest_next(const char *now, const char *hhmm, char out[20]);

#endif
