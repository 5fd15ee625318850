/*
 * notify_send.c — the messages and the transport of the notify module (notify.c
 * owns the queue): the pure parts — text cleaning, the back-off schedule, 钉钉
 * 加签, the robots' JSON bodies, RFC 5322 email with RFC 2047 headers, URL checks
 * and masking, the digest clock — and the libcurl requests that deliver them.
 *
 * The formats:
 *   企业微信群机器人  POST <webhook> {"msgtype":"markdown","markdown":{"content":…}},
 *                    answer {"errcode":0,"errmsg":"ok"}; content ≤ 4096 bytes.
 *   钉钉自定义机器人  POST <webhook>[&timestamp=<ms>&sign=<sign>]
 *                    {"msgtype":"markdown","markdown":{"title":…,"text":…}},
 *                    answer {"errcode":0}; 加签: sign = urlencode(base64(
 *                    HMAC-SHA256(secret, timestamp + "\n" + secret))), the timestamp
 *                    within an hour of 钉钉's clock (so the real clock, not the
 *                    test clock).
 *   电子邮件          SMTP (smtp:// with STARTTLS when offered — required when a
 *                    password is sent — or smtps://), MAIL FROM / RCPT TO from the
 *                    channel, a text/plain UTF-8 body in base64.
 * Every request: 5 s to connect, 10 s in all, no redirects, only the protocols of
 * its kind, no signals (it runs in server and scheduler threads), and its libcurl
 * handle and lists freed on every path.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/util.h"
#include "http/http.h"
#include "mod/notify.h"
#include "mod/notify_int.h"

#define NT_CONNECT_TIMEOUT 5L		/* seconds */
#define NT_TOTAL_TIMEOUT 10L		/* seconds */
#define NT_WECOM_MAX 4096		/* bytes of 企业微信 markdown content */
#define NT_DINGTALK_MAX 16000		/* bytes of 钉钉 markdown text */

/* ------------------------------------------------------------ pure: text */

/* Appends at most max_chars characters of s (0 = no limit) as clean UTF-8: invalid
 * bytes become U+FFFD, control characters a space (keep_nl keeps '\n' and '\t').
 * Returns 1 when s was cut. */
int notify_text_clean(struct buf *b, const char *s, size_t max_chars, int keep_nl)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = 0;

	while (*p) {
		unsigned c = *p, cp = 0;
		int k = 0;

		if (max_chars && n == max_chars)
			return 1;
		if (c < 0x80) {
			if (c == '\r')
				;
			else if ((c < 0x20 && !(keep_nl && (c == '\n' || c == '\t'))) || c == 0x7F)
				buf_putc(b, ' ');
			else
				buf_putc(b, (char)c);
			p++;
			n++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			k = 1, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			k = 2, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			k = 3, cp = c & 0x07;
		for (int i = 1; k && i <= k; i++) {
			if ((p[i] & 0xC0) != 0x80) {
				k = 0;
				break;
			}
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if (k && ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
			  (cp >= 0xD800 && cp <= 0xDFFF)))
			k = 0;
		if (!k) {
			buf_puts(b, "\xEF\xBF\xBD");
			p++;
		} else if (cp <= 0x9F) {
			buf_putc(b, ' ');	/* C1 control */
			p += k + 1;
		} else {
			buf_add(b, p, (size_t)k + 1);
			p += k + 1;
		}
		n++;
	}
	return 0;
}

/* The length of the longest prefix of s of at most max bytes that ends on a UTF-8
 * character boundary. */
static size_t nt_utf8_cut(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

/* ------------------------------------------------------ pure: back-off, sign */

int notify_backoff(int attempts)
{
	static const int wait[] = { 60, 300, 1800, 7200, 43200 };

	if (attempts <= 0)
		return 0;
	if (attempts >= NOTIFY_MAX_ATTEMPTS)
		return -1;
	return wait[attempts - 1];
}

void notify_percent_encode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~') {
			buf_putc(b, (char)*p);
		} else {
			buf_putc(b, '%');
			buf_putc(b, hex[*p >> 4]);
			buf_putc(b, hex[*p & 15]);
		}
	}
}

int notify_dingtalk_sign(const char *secret, long long timestamp_ms, char *out, size_t n)
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char msg[32], b64[sodium_base64_ENCODED_LEN(crypto_auth_hmacsha256_BYTES,
						     sodium_base64_VARIANT_ORIGINAL)];
	struct buf enc;
	int rc = -1;

	snprintf(msg, sizeof(msg), "%lld\n", timestamp_ms);
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, strlen(msg));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2base64(b64, sizeof(b64), mac, sizeof(mac), sodium_base64_VARIANT_ORIGINAL);
	buf_init(&enc, 256);
	notify_percent_encode(&enc, b64);
	if (!buf_failed(&enc) && enc.len < n) {
		memcpy(out, buf_str(&enc), enc.len + 1);
		rc = 0;
	}
	buf_release(&enc);
	sodium_memzero(&st, sizeof(st));
	return rc;
}

/* ------------------------------------------------------ pure: robot messages */

/* The markdown of a robot message into b, at most max bytes: head (subject), the
 * body cut to fit, then the link and the footer. */
static void nt_markdown(struct buf *b, const char *mark, const char *subject,
			const char *body, const char *link, size_t max)
{
	static const char cut_note[] = "\n……（内容过长，已截断，请登录平台查看）";
	struct buf head, tail;
	size_t room, n;

	buf_init(&head, 1 << 16);
	buf_init(&tail, 1 << 16);
	/* "**subject**" (企业微信) or "### subject" (钉钉) */
	buf_printf(&head, "%s%s%s", mark, subject ? subject : "", strcmp(mark, "**") ? "" : "**");
	if (link && *link)
		buf_printf(&tail, "\n\n[查看详情](%s)", link);
	buf_puts(&tail, "\n\n> " NT_FOOTER);
	buf_add(b, head.p, head.len);
	room = max > head.len + tail.len + sizeof(cut_note) ? max - head.len - tail.len : 0;
	if (body && *body) {
		buf_puts(b, "\n\n");
		n = strlen(body);
		if (n + 2 <= room) {
			buf_puts(b, body);
		} else if (room > sizeof(cut_note) + 2) {
			buf_add(b, body, nt_utf8_cut(body, room - sizeof(cut_note) - 2));
			buf_puts(b, cut_note);
		}
	}
	buf_add(b, tail.p, tail.len);
	buf_release(&head);
	buf_release(&tail);
}

void notify_wecom_json(struct buf *b, const char *subject, const char *body, const char *link)
{
	struct buf md;
	struct jw w;

	buf_init(&md, 1 << 20);
	nt_markdown(&md, "**", subject, body, link, NT_WECOM_MAX);
	jw_init(&w, b);
	jw_obj_begin(&w);
	jw_kstr(&w, "msgtype", "markdown");
	jw_key(&w, "markdown");
	jw_obj_begin(&w);
	jw_kstr(&w, "content", buf_str(&md));
	jw_obj_end(&w);
	jw_obj_end(&w);
	buf_release(&md);
}

void notify_dingtalk_json(struct buf *b, const char *subject, const char *body, const char *link)
{
	struct buf md;
	struct jw w;

	buf_init(&md, 1 << 20);
	nt_markdown(&md, "### ", subject, body, link, NT_DINGTALK_MAX);
	jw_init(&w, b);
	jw_obj_begin(&w);
	jw_kstr(&w, "msgtype", "markdown");
	jw_key(&w, "markdown");
	jw_obj_begin(&w);
	jw_kstr(&w, "title", subject ? subject : "");
	jw_kstr(&w, "text", buf_str(&md));
	jw_obj_end(&w);
	jw_obj_end(&w);
	buf_release(&md);
}

/* ----------------------------------------------------------- pure: email */

/* Appends base64 of n bytes at p (no line breaks). */
static void nt_base64(struct buf *b, const void *p, size_t n)
{
	size_t len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *out = xmalloc(len);

	sodium_bin2base64(out, len, p, n, sodium_base64_VARIANT_ORIGINAL);
	buf_puts(b, out);
	free(out);
}

void notify_header_encode(struct buf *b, const char *s)
{
	/* 45 bytes → 60 base64 characters + 12 of "=?UTF-8?B?" "?=" = 72 ≤ 75 */
	size_t n = strlen(s), off = 0;
	int first = 1;

	if (!n) {
		buf_puts(b, "=?UTF-8?B?" "?=");
		return;
	}
	while (off < n) {
		size_t k = nt_utf8_cut(s + off, 45);

		if (k == 0)
			k = n - off < 4 ? n - off : 4;	/* malformed: never stall */
		if (!first)
			buf_puts(b, "\r\n ");
		buf_puts(b, "=?UTF-8?B?");
		nt_base64(b, s + off, k);
		buf_puts(b, "?=");
		off += k;
		first = 0;
	}
}

void notify_mail_build(struct buf *b, const struct notify_mail *m)
{
	static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int64_t local = (int64_t)m->date + TZ_OFFSET_SECONDS;
	int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	char dt[20];
	struct buf text;
	size_t len, i;

	time_datetime(m->date, dt);
	/* "2026-05-12 08:30:00" → "Tue, 12 May 2026 08:30:00 +0800"; 1970-01-01 was a Thursday */
	buf_printf(b, "Date: %s, %.2s %s %.4s %.8s +0800\r\n", wd[((days % 7) + 11) % 7], dt + 8,
		   mon[(dt[5] - '0') * 10 + (dt[6] - '0') - 1], dt, dt + 11);
	buf_puts(b, "From: ");
	if (m->from_name && *m->from_name) {
		notify_header_encode(b, m->from_name);
		buf_putc(b, ' ');
	}
	buf_printf(b, "<%s>\r\nTo: ", m->from);
	for (int k = 0; k < m->nto; k++)
		buf_printf(b, "%s<%s>", k ? ",\r\n " : "", m->to[k]);
	buf_puts(b, "\r\nSubject: ");
	notify_header_encode(b, m->subject ? m->subject : "");
	buf_printf(b, "\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\n"
		   "Content-Type: text/plain; charset=UTF-8\r\n"
		   "Content-Transfer-Encoding: base64\r\n\r\n", m->message_id);
	/* the text with CRLF line ends, as base64 in lines of 76 */
	buf_init(&text, 1 << 22);
	for (const char *p = m->text ? m->text : ""; *p; p++) {
		if (*p == '\n')
			buf_putc(&text, '\r');
		if (*p != '\r')
			buf_putc(&text, *p);
	}
	len = text.len;
	for (i = 0; i < len; i += 57) {
		nt_base64(b, text.p + i, len - i < 57 ? len - i : 57);
		buf_puts(b, "\r\n");
	}
	buf_release(&text);
}

/* ------------------------------------------------------------- pure: URLs */

const char *notify_url_problem(const char *url, int smtp)
{
	const char *p, *host, *end, *colon = NULL;
	size_t sl;

	if (!url || !*url)
		return "不能为空";
	if (!smtp && !strncasecmp(url, "http://", 7))
		sl = 7;
	else if (!smtp && !strncasecmp(url, "https://", 8))
		sl = 8;
	else if (smtp && !strncasecmp(url, "smtp://", 7))
		sl = 7;
	else if (smtp && !strncasecmp(url, "smtps://", 8))
		sl = 8;
	else
		return smtp ? "须以 smtp:// 或 smtps:// 开头" : "须以 http:// 或 https:// 开头";
	for (p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7F)
			return "不能包含空格、中文或其他特殊字符";
	host = url + sl;
	end = host + strcspn(host, "/?#");
	if (memchr(host, '@', (size_t)(end - host)))
		return "不能包含用户名或密码";
	if (end == host)
		return "缺少主机名";
	if (*host == '[') {
		const char *rb = memchr(host, ']', (size_t)(end - host));
		if (!rb || rb == host + 1)
			return "主机名不正确";
		for (p = host + 1; p < rb; p++)
			if (!isxdigit((unsigned char)*p) && *p != ':' && *p != '.')
				return "主机名不正确";
		if (rb + 1 < end && rb[1] != ':')
			return "主机名不正确";
		colon = rb + 1 < end ? rb + 1 : NULL;
	} else {
		for (p = host; p < end && *p != ':'; p++)
			if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.')
				return "主机名不正确";
		if (p == host)
			return "缺少主机名";
		colon = p < end ? p : NULL;
	}
	if (colon) {
		long port = 0;
		if (colon + 1 == end)
			return "端口不正确";
		for (p = colon + 1; p < end; p++) {
			if (!isdigit((unsigned char)*p))
				return "端口不正确";
			port = port * 10 + (*p - '0');
			if (port > 65535)
				return "端口不正确";
		}
		if (port < 1)
			return "端口不正确";
	}
	return NULL;
}

void notify_url_mask(struct buf *b, const char *url)
{
	const char *q = strchr(url, '?'), *p;

	if (!q) {
		buf_puts(b, url);
		return;
	}
	buf_add(b, url, (size_t)(q - url) + 1);
	p = q + 1;
	while (*p && *p != '#') {
		size_t seg = strcspn(p, "&#"), klen;
		const char *eq = memchr(p, '=', seg);

		klen = eq ? (size_t)(eq - p) : seg;
		buf_add(b, p, klen);
		if (eq) {
			size_t vlen = seg - klen - 1;
			buf_putc(b, '=');
			if (vlen > 12) {
				buf_add(b, eq + 1, 4);
				buf_puts(b, "…");
				buf_add(b, eq + 1 + vlen - 4, 4);
			} else if (vlen) {
				buf_puts(b, "****");
			}
		}
		p += seg;
		if (*p == '&') {
			buf_putc(b, '&');
			p++;
		}
	}
}

int notify_hhmm_ok(const char *s)
{
	return s && strlen(s) == 5 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	       s[2] == ':' && isdigit((unsigned char)s[3]) && isdigit((unsigned char)s[4]) &&
	       (s[0] - '0') * 10 + (s[1] - '0') < 24 && s[3] < '6';
}

int notify_digest_next(const char *now, const char *hhmm, char out[20])
{
	char cand[20];
	time_t t;

	if (!notify_hhmm_ok(hhmm) || datetime_parse(now, &t) != 0)
		return -1;
	snprintf(cand, sizeof(cand), "%.10s %.5s:00", now, hhmm);
	if (strcmp(cand, now) < 0) {
		time_date(t + 86400, cand);
		snprintf(out, 20, "%.10s %.5s:00", cand, hhmm);
	} else {
		memcpy(out, cand, 20);
	}
	return 0;
}

/* Bytes of the list separator at s (comma, semicolon, blank, or the full-width
 * "，" "；" "、"), 0 when s is not at one. */
static size_t nt_sep(const char *s)
{
	if (*s == ',' || *s == ';' || *s == ' ' || *s == '\t')
		return 1;
	if (!strncmp(s, "，", 3) || !strncmp(s, "；", 3) || !strncmp(s, "、", 3))
		return 3;
	return 0;
}

/* Copies the next item of a list at s into tok (at most n - 1 bytes) and returns
 * where the rest starts, or NULL when no item is left. */
const char *notify_list_next(const char *s, char *tok, size_t n)
{
	size_t k = 0;

	while (s && *s && nt_sep(s))
		s += nt_sep(s);
	if (!s || !*s)
		return NULL;
	while (*s && !nt_sep(s)) {
		if (k < n - 1)
			tok[k++] = *s;
		s++;
	}
	tok[k] = '\0';
	return s;
}

/* Calls fn for every address of a recipients list. Returns the number of them. */
int notify_list_each(const char *s, void (*fn)(void *ctx, const char *addr), void *ctx)
{
	char tok[256];
	int n = 0;

	while ((s = notify_list_next(s, tok, sizeof(tok))) != NULL) {
		fn(ctx, tok);
		n++;
	}
	return n;
}

/* The link as it goes into a message: absolute URLs as they are, app paths under
 * ANJIAN_PUBLIC_URL when that is set, else none. An arena string or NULL. */
const char *notify_link_abs(struct arena *a, const char *link)
{
	const char *base = getenv("ANJIAN_PUBLIC_URL");
	size_t bl;

	if (!link || !*link)
		return NULL;
	if (!strncasecmp(link, "http://", 7) || !strncasecmp(link, "https://", 8))
		return link;
	if (link[0] != '/' || !base || notify_url_problem(base, 0))
		return NULL;
	bl = strlen(base);
	while (bl && base[bl - 1] == '/')
		bl--;
	return arena_printf(a, "%.*s%s", (int)bl, base, link);
}

/* ------------------------------------------------------------ transport */

/* Appends a receiver's answer as one clean line of at most 200 characters. */
static void nt_snippet(char *out, size_t n, const char *s, size_t len)
{
	struct buf b;
	char *copy = xmalloc(len + 1);

	memcpy(copy, s, len);
	copy[len] = '\0';
	buf_init(&b, 4096);
	if (notify_text_clean(&b, copy, 200, 0))
		buf_puts(&b, "…");
	snprintf(out, n, "%s", len ? buf_str(&b) : "（无应答内容）");
	buf_release(&b);
	free(copy);
}

/* A libcurl failure as a Chinese prefix and curl's own words. */
static void nt_curl_error(char *err, size_t n, const char *what, CURLcode cc, const char *detail)
{
	const char *zh;

	switch (cc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		zh = "无法解析接收方地址";
		break;
	case CURLE_COULDNT_CONNECT:
		zh = "无法连接接收方";
		break;
	case CURLE_OPERATION_TIMEDOUT:
		zh = "发送超时";
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_USE_SSL_FAILED:
		zh = "安全连接（TLS）失败";
		break;
	case CURLE_LOGIN_DENIED:
		zh = "SMTP 登录失败（用户名或密码错误）";
		break;
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
		zh = "连接中断";
		break;
	default:
		zh = what;
		break;
	}
	snprintf(err, n, "%s：%s", zh, detail && *detail ? detail : curl_easy_strerror(cc));
}

/* libcurl write callback: keeps the first 16 KiB of the answer. */
static size_t nt_curl_write(char *p, size_t size, size_t nmemb, void *ud)
{
	struct buf *b = ud;
	size_t n = size * nmemb;

	if (b->len + n <= b->max)
		buf_add(b, p, n);
	return n;
}

/* Options every request shares: timeouts, no signals (we run in threads), no
 * redirects, the allowed protocols, the error buffer. */
static void nt_curl_common(CURL *h, const char *protocols, char *ebuf)
{
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, NT_CONNECT_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, NT_TOTAL_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, protocols);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "anjian/" ANJIAN_VERSION);
	ebuf[0] = '\0';
}

/* POSTs json to a robot's url and checks its answer: HTTP 2xx and {"errcode":0}.
 * 0 delivered, -1 with err (Chinese prefix + the receiver's words). */
static int nt_robot_post(const char *url, const char *json, char *err, size_t errn)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hdr = NULL;
	struct buf resp;
	char ebuf[CURL_ERROR_SIZE], snip[512];
	json_t *j = NULL, *code;
	long status = 0;
	CURLcode cc;
	int rc = -1;

	buf_init(&resp, 16384);
	if (!h) {
		snprintf(err, errn, "发送失败：无法创建网络请求");
		goto out;
	}
	hdr = curl_slist_append(NULL, "Content-Type: application/json; charset=utf-8");
	if (!hdr) {
		snprintf(err, errn, "发送失败：内存不足");
		goto out;
	}
	nt_curl_common(h, "http,https", ebuf);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, json);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(json));
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, nt_curl_write);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp);
	cc = curl_easy_perform(h);
	if (cc != CURLE_OK) {
		nt_curl_error(err, errn, "发送失败", cc, ebuf);
		goto out;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	nt_snippet(snip, sizeof(snip), buf_str(&resp), resp.len);
	if (status < 200 || status > 299) {
		snprintf(err, errn, "接收方返回 HTTP %ld：%s", status, snip);
		goto out;
	}
	j = json_loadb(buf_str(&resp), resp.len, 0, NULL);
	code = json_object_get(j, "errcode");
	if (!json_is_object(j) || !json_is_integer(code)) {
		snprintf(err, errn, "接收方应答无法识别：%s", snip);
		goto out;
	}
	if (json_integer_value(code) != 0) {
		const char *msg = json_string_value(json_object_get(j, "errmsg"));
		nt_snippet(snip, sizeof(snip), msg ? msg : "", msg ? strlen(msg) : 0);
		snprintf(err, errn, "接收方返回错误（errcode %" JSON_INTEGER_FORMAT "）：%s",
			 json_integer_value(code), snip);
		goto out;
	}
	rc = 0;
out:
	json_decref(j);
	curl_slist_free_all(hdr);
	if (h)
		curl_easy_cleanup(h);
	buf_release(&resp);
	return rc;
}

struct nt_reader {
	const char *p;
	size_t left;
};

/* libcurl read callback: hands out the message. */
static size_t nt_curl_read(char *out, size_t size, size_t nmemb, void *ud)
{
	struct nt_reader *r = ud;
	size_t n = size * nmemb;

	if (n > r->left)
		n = r->left;
	memcpy(out, r->p, n);
	r->p += n;
	r->left -= n;
	return n;
}

/* One recipient for the envelope. */
struct nt_rcpt {
	struct curl_slist *list;
	const char **to;
	int n, cap, oom;
	struct arena *a;
};

static void nt_rcpt_add(void *ctx, const char *addr)
{
	struct nt_rcpt *r = ctx;
	char env[300];
	struct curl_slist *l;

	if (r->n == r->cap || r->oom)
		return;
	snprintf(env, sizeof(env), "<%s>", addr);
	l = curl_slist_append(r->list, env);
	if (!l) {
		r->oom = 1;
		return;
	}
	r->list = l;
	r->to[r->n++] = arena_strdup(r->a, addr);
}

/* Sends one email through the channel's SMTP server. 0 delivered, -1 with err. */
static int nt_mail_send(struct arena *a, const struct notify_mailcfg *cfg, const char *subject,
			const char *text, char *err, size_t errn)
{
	CURL *h = NULL;
	struct nt_rcpt rc_to = { .cap = NT_MAX_RECIPIENTS, .a = a };
	struct notify_mail m;
	struct nt_reader rd;
	struct buf msg;
	char ebuf[CURL_ERROR_SIZE], id[33], from_env[300];
	const char *dom;
	CURLcode cc;
	int rc = -1;

	buf_init(&msg, 1 << 22);
	rc_to.to = arena_alloc(a, sizeof(char *) * NT_MAX_RECIPIENTS);
	notify_list_each(cfg->recipients, nt_rcpt_add, &rc_to);
	if (rc_to.oom || rc_to.n == 0 || !cfg->from || !cfg->smtp_url) {
		snprintf(err, errn, "邮件发送失败：%s", rc_to.oom ? "内存不足" : "渠道的邮件设置不完整");
		goto out;
	}
	random_hex(id, 16);
	dom = strchr(cfg->from, '@');
	m = (struct notify_mail){ .from = cfg->from, .from_name = NT_FOOTER, .to = rc_to.to,
				  .nto = rc_to.n, .subject = subject, .text = text,
				  .date = now_utc(),
				  .message_id = arena_printf(a, "%s@%s", id, dom ? dom + 1 : "anjian") };
	notify_mail_build(&msg, &m);
	if (buf_failed(&msg)) {
		snprintf(err, errn, "邮件发送失败：邮件过大");
		goto out;
	}
	h = curl_easy_init();
	if (!h) {
		snprintf(err, errn, "邮件发送失败：无法创建网络请求");
		goto out;
	}
	nt_curl_common(h, "smtp,smtps", ebuf);
	snprintf(from_env, sizeof(from_env), "<%s>", cfg->from);
	curl_easy_setopt(h, CURLOPT_URL, cfg->smtp_url);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from_env);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rc_to.list);
	if (cfg->user && *cfg->user) {
		curl_easy_setopt(h, CURLOPT_USERNAME, cfg->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, cfg->password ? cfg->password : "");
	}
	/* smtp:// upgrades with STARTTLS when offered, and must when a password would
	 * otherwise cross the network in the clear; smtps:// is TLS from the start */
	if (!strncasecmp(cfg->smtp_url, "smtp://", 7))
		curl_easy_setopt(h, CURLOPT_USE_SSL, cfg->password && *cfg->password ?
				 (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);
	rd = (struct nt_reader){ .p = buf_str(&msg), .left = msg.len };
	curl_easy_setopt(h, CURLOPT_READFUNCTION, nt_curl_read);
	curl_easy_setopt(h, CURLOPT_READDATA, &rd);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	cc = curl_easy_perform(h);
	if (cc != CURLE_OK) {
		nt_curl_error(err, errn, "邮件发送失败", cc, ebuf);
		goto out;
	}
	rc = 0;
out:
	curl_slist_free_all(rc_to.list);
	if (h)
		curl_easy_cleanup(h);
	buf_release(&msg);
	return rc;
}

/* ------------------------------------------------------------- sending */

/* Sends a loaded job over its channel. 0 delivered; -1 failed with err; -2 failed
 * for good (no such channel, or it was switched off) with err. */
int notify_job_send(struct arena *a, const struct notify_job *j, char *err, size_t errn)
{
	const char *link = notify_link_abs(a, j->link);
	struct buf b;
	int rc = -1;

	if (!j->channel_id || !j->ch_kind) {
		snprintf(err, errn, "通知渠道已删除，未发送");
		return -2;
	}
	if (!j->ch_active && strcmp(j->kind, "test") != 0) {
		snprintf(err, errn, "通知渠道已停用，未发送");
		return -2;
	}
	buf_init(&b, 1 << 22);
	if (!strcmp(j->ch_kind, "wecom") || !strcmp(j->ch_kind, "dingtalk")) {
		struct buf url;
		if (!j->url) {
			snprintf(err, errn, "发送失败：渠道未设置 Webhook 地址");
			buf_release(&b);
			return -2;
		}
		buf_init(&url, 1 << 14);
		buf_puts(&url, j->url);
		if (!strcmp(j->ch_kind, "wecom")) {
			notify_wecom_json(&b, j->subject, j->body, link);
		} else {
			notify_dingtalk_json(&b, j->subject, j->body, link);
			if (j->secret) {
				struct timespec ts;
				char sign[128];
				long long ms;
				clock_gettime(CLOCK_REALTIME, &ts);	/* 钉钉 checks it against its clock */
				ms = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
				notify_dingtalk_sign(j->secret, ms, sign, sizeof(sign));
				buf_printf(&url, "%ctimestamp=%lld&sign=%s",
					   strchr(j->url, '?') ? '&' : '?', ms, sign);
			}
		}
		rc = buf_failed(&b) || buf_failed(&url) ? -1 :
		     nt_robot_post(buf_str(&url), buf_str(&b), err, errn);
		if (buf_failed(&b) || buf_failed(&url))
			snprintf(err, errn, "发送失败：消息过大");
		buf_release(&url);
	} else if (!strcmp(j->ch_kind, "email")) {
		buf_printf(&b, "%s\n\n%s", j->subject ? j->subject : "", j->body ? j->body : "");
		if (link)
			buf_printf(&b, "\n\n详情：%s", link);
		buf_puts(&b, "\n\n——\n此邮件由" NT_FOOTER "自动发送，请勿直接回复。\n");
		rc = nt_mail_send(a, &j->mail, j->subject, buf_str(&b), err, errn);
	} else {
		snprintf(err, errn, "发送失败：未知的渠道类型");
		rc = -2;
	}
	buf_release(&b);
	return rc;
}

/* ------------------------------------------------------------------ init */

void notify_transport_init(void)
{
	static int ready;

	if (ready)
		return;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		BUG("curl_global_init");
	atexit(curl_global_cleanup);
	ready = 1;
}
