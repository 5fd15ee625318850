/*
 * test_notify.c — the pure parts of the notify module (src/mod/notify_send.c): the
 * back-off schedule, 钉钉 加签 (the vector recomputed independently with Node's
 * crypto: HMAC-SHA256 keyed by the secret over "1700000000000\nSECtest-secret",
 * base64, urlencoded), the robots' exact JSON bodies and their length limit, RFC
 * 2047 subjects, the RFC 5322 message, URL checks and masking, and the digest clock.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>
#include <sodium.h>

#include "core/buf.h"
#include "core/util.h"
#include "mod/notify.h"

/* 1 if s is valid UTF-8. */
static int utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		int k = *p < 0x80 ? 0 : *p >= 0xC2 && *p <= 0xDF ? 1 : *p >= 0xE0 && *p <= 0xEF ? 2 :
			*p >= 0xF0 && *p <= 0xF4 ? 3 : -1;
		if (k < 0)
			return 0;
		for (int i = 1; i <= k; i++)
			if ((p[i] & 0xC0) != 0x80)
				return 0;
		p += k + 1;
	}
	return 1;
}

/* Decodes one "=?UTF-8?B?…?=" word at s into b; returns the length of the word. */
static size_t decode_word(const char *s, struct buf *b)
{
	const char *end;
	unsigned char bin[128];
	size_t n = 0;

	assert_memory_equal(s, "=?UTF-8?B?", 10);
	end = strstr(s + 10, "?=");
	assert_non_null(end);
	assert_true(end + 2 - s <= 75);
	assert_int_equal(sodium_base642bin(bin, sizeof(bin), s + 10, (size_t)(end - s - 10), NULL, &n,
					   NULL, sodium_base64_VARIANT_ORIGINAL), 0);
	buf_add(b, bin, n);
	return (size_t)(end + 2 - s);
}

static void test_backoff(void **state)
{
	static const int want[] = { 0, 60, 300, 1800, 7200, 43200, -1, -1 };

	(void)state;
	for (int i = 0; i < (int)ARRAY_SIZE(want); i++)
		assert_int_equal(notify_backoff(i), want[i]);
	assert_int_equal(NOTIFY_MAX_ATTEMPTS, 6);
}

static void test_dingtalk_sign(void **state)
{
	char out[128], small[8];

	(void)state;
	assert_int_equal(notify_dingtalk_sign("SECtest-secret", 1700000000000LL, out, sizeof(out)), 0);
	assert_string_equal(out, "LC7hxZ4wslL%2BP7j7gu1hoQ%2BwzByekL%2ByWgiUMekZs0g%3D");
	assert_int_equal(notify_dingtalk_sign("SECtest-secret", 1700000000000LL, small, sizeof(small)), -1);
}

static void test_percent_encode(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 1024);
	notify_percent_encode(&b, "a b+/=~-._中");
	assert_string_equal(buf_str(&b), "a%20b%2B%2F%3D~-._%E4%B8%AD");
	buf_release(&b);
}

static void test_robot_json(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 1 << 16);
	notify_wecom_json(&b, "隐患逾期", "第一行\n\"引号\"", "https://anjian.example/hazard/1");
	assert_string_equal(buf_str(&b),
		"{\"msgtype\":\"markdown\",\"markdown\":{\"content\":\"**隐患逾期**\\n\\n第一行\\n\\\"引号\\\""
		"\\n\\n[查看详情](https://anjian.example/hazard/1)\\n\\n> 安监平台\"}}");
	buf_reset(&b);
	notify_dingtalk_json(&b, "测试消息", "正文", NULL);
	assert_string_equal(buf_str(&b),
		"{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"测试消息\","
		"\"text\":\"### 测试消息\\n\\n正文\\n\\n> 安监平台\"}}");
	buf_release(&b);
}

/* A body far over 企业微信's 4096 bytes is cut on a character boundary, with the
 * note and the footer kept. */
static void test_wecom_limit(void **state)
{
	struct buf body, b;
	json_t *j, *content;

	(void)state;
	buf_init(&body, 1 << 20);
	buf_init(&b, 1 << 20);
	for (int i = 0; i < 3000; i++)
		buf_puts(&body, "隐");
	notify_wecom_json(&b, "标题", buf_str(&body), "https://x.example/");
	j = json_loads(buf_str(&b), 0, NULL);
	assert_non_null(j);
	content = json_object_get(json_object_get(j, "markdown"), "content");
	assert_true(json_string_length(content) <= 4096);
	assert_true(json_string_length(content) > 3900);
	assert_true(utf8_ok(json_string_value(content)));
	assert_non_null(strstr(json_string_value(content), "已截断"));
	assert_non_null(strstr(json_string_value(content), "[查看详情](https://x.example/)\n\n> 安监平台"));
	json_decref(j);
	buf_release(&body);
	buf_release(&b);
}

static void test_header_encode(void **state)
{
	struct buf b, dec;
	const char *p;
	const char *longs = "关于开展二〇二六年度安全生产大检查及重大事故隐患专项排查整治行动的通知（第二批）";

	(void)state;
	buf_init(&b, 4096);
	notify_header_encode(&b, "测试");
	assert_string_equal(buf_str(&b), "=?UTF-8?B?5rWL6K+V?=");
	buf_reset(&b);
	notify_header_encode(&b, longs);
	buf_init(&dec, 4096);
	p = buf_str(&b);
	for (int words = 0;; words++) {
		p += decode_word(p, &dec);
		if (!*p) {
			assert_true(words >= 2);
			break;
		}
		assert_memory_equal(p, "\r\n ", 3);
		p += 3;
	}
	assert_string_equal(buf_str(&dec), longs);
	buf_release(&b);
	buf_release(&dec);
}

static void test_mail_build(void **state)
{
	const char *to[] = { "a@example.com", "b@example.org" };
	struct notify_mail m = { .from = "anjian@example.com", .from_name = "安监平台", .to = to,
				 .nto = 2, .subject = "测试", .text = "第一行\n第二行", .message_id = "x1@example.com" };
	struct buf b, body;
	unsigned char bin[256];
	size_t n = 0;
	const char *p, *q;
	time_t t;

	(void)state;
	assert_int_equal(datetime_parse("2026-05-12 08:30:00", &t), 0);
	m.date = t;
	buf_init(&b, 1 << 16);
	notify_mail_build(&b, &m);
	p = buf_str(&b);
	assert_non_null(strstr(p, "Date: Tue, 12 May 2026 08:30:00 +0800\r\n"));
	assert_non_null(strstr(p, "\r\nFrom: =?UTF-8?B?5a6J55uR5bmz5Y+w?= <anjian@example.com>\r\n"));
	assert_non_null(strstr(p, "\r\nTo: <a@example.com>,\r\n <b@example.org>\r\n"));
	assert_non_null(strstr(p, "\r\nSubject: =?UTF-8?B?5rWL6K+V?=\r\n"));
	assert_non_null(strstr(p, "\r\nMessage-ID: <x1@example.com>\r\n"));
	assert_non_null(strstr(p, "\r\nContent-Type: text/plain; charset=UTF-8\r\n"));
	assert_non_null(strstr(p, "\r\nContent-Transfer-Encoding: base64\r\n\r\n"));
	q = strstr(p, "\r\n\r\n") + 4;
	buf_init(&body, 4096);
	for (const char *e; *q; q = e + 2) {
		e = strstr(q, "\r\n");
		assert_non_null(e);
		assert_true(e - q <= 76);
		assert_int_equal(sodium_base642bin(bin, sizeof(bin), q, (size_t)(e - q), NULL, &n, NULL,
						   sodium_base64_VARIANT_ORIGINAL), 0);
		buf_add(&body, bin, n);
	}
	assert_string_equal(buf_str(&body), "第一行\r\n第二行");
	buf_release(&body);
	buf_release(&b);
}

static void test_url_problem(void **state)
{
	static const struct { const char *url; int smtp; const char *want; } cases[] = {
		{"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=73febdcb", 0, NULL},
		{"http://127.0.0.1:8080/robot/send?access_token=x", 0, NULL},
		{"HTTPS://oapi.dingtalk.com/robot/send", 0, NULL},
		{"http://[::1]:80/x", 0, NULL},
		{"smtp://smtp.example.com:587", 1, NULL},
		{"smtps://smtp.example.com", 1, NULL},
		{"", 0, "不能为空"},
		{"ftp://example.com/", 0, "须以 http:// 或 https:// 开头"},
		{"javascript:alert(1)", 0, "须以 http:// 或 https:// 开头"},
		{"https://example.com", 1, "须以 smtp:// 或 smtps:// 开头"},
		{"http://", 0, "缺少主机名"},
		{"http:///path", 0, "缺少主机名"},
		{"http://a b/", 0, "不能包含空格、中文或其他特殊字符"},
		{"http://例子.cn/", 0, "不能包含空格、中文或其他特殊字符"},
		{"http://user:pw@example.com/", 0, "不能包含用户名或密码"},
		{"http://exa_mple.com/", 0, "主机名不正确"},
		{"http://[zz]/", 0, "主机名不正确"},
		{"http://example.com:0/", 0, "端口不正确"},
		{"http://example.com:65536/", 0, "端口不正确"},
		{"http://example.com:/", 0, "端口不正确"},
		{"http://example.com:8o/", 0, "端口不正确"},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *got = notify_url_problem(cases[i].url, cases[i].smtp);
		if (!cases[i].want)
			assert_null(got);
		else
			assert_string_equal(got ? got : "(null)", cases[i].want);
	}
	assert_non_null(notify_url_problem(NULL, 0));
}

static void test_url_mask(void **state)
{
	static const struct { const char *in, *want; } cases[] = {
		{"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=73febdcb-1b38-4d1b-a994-790f21fc8d30",
		 "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=73fe…8d30"},
		{"https://oapi.dingtalk.com/robot/send?access_token=short&x=1&flag",
		 "https://oapi.dingtalk.com/robot/send?access_token=****&x=****&flag"},
		{"http://127.0.0.1:9/path", "http://127.0.0.1:9/path"},
		{"http://h/?k=", "http://h/?k="},
	};
	struct buf b;

	(void)state;
	buf_init(&b, 4096);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		buf_reset(&b);
		notify_url_mask(&b, cases[i].in);
		assert_string_equal(buf_str(&b), cases[i].want);
	}
	buf_release(&b);
}

static void test_digest_clock(void **state)
{
	static const struct { const char *now, *at, *want; } cases[] = {
		{"2026-05-12 08:29:59", "08:30", "2026-05-12 08:30:00"},
		{"2026-05-12 08:30:00", "08:30", "2026-05-12 08:30:00"},
		{"2026-05-12 08:30:01", "08:30", "2026-05-13 08:30:00"},
		{"2026-12-31 23:00:00", "08:30", "2027-01-01 08:30:00"},
		{"2028-02-28 21:00:00", "18:00", "2028-02-29 18:00:00"},
		{"2026-05-12 00:00:00", "00:00", "2026-05-12 00:00:00"},
	};
	static const char *const bad[] = { "8:30", "24:00", "12:60", "ab:cd", "08:300", "", NULL };
	char out[20];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(notify_digest_next(cases[i].now, cases[i].at, out), 0);
		assert_string_equal(out, cases[i].want);
	}
	for (int i = 0; bad[i]; i++) {
		assert_false(notify_hhmm_ok(bad[i]));
		assert_int_equal(notify_digest_next("2026-05-12 08:00:00", bad[i], out), -1);
	}
	assert_false(notify_hhmm_ok(NULL));
	assert_true(notify_hhmm_ok("23:59"));
	assert_int_equal(notify_digest_next("2026-05-12", "08:30", out), -1);
}

static void test_kind_labels(void **state)
{
	(void)state;
	assert_string_equal(notify_kind_label("obligation_overdue"), "事项已逾期");
	assert_string_equal(notify_kind_label("test"), "测试消息");
	assert_null(notify_kind_label("no_such_kind"));
	assert_null(notify_kind_label(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_dingtalk_sign),
		cmocka_unit_test(test_percent_encode),
		cmocka_unit_test(test_robot_json),
		cmocka_unit_test(test_wecom_limit),
		cmocka_unit_test(test_header_encode),
		cmocka_unit_test(test_mail_build),
		cmocka_unit_test(test_url_problem),
		cmocka_unit_test(test_url_mask),
		cmocka_unit_test(test_digest_clock),
		cmocka_unit_test(test_kind_labels),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
