/*
 * test_media.c — the content checks of public uploads and text (src/rules/media.c):
 * type by magic bytes (never the name), removal of the JPEG APP1 segments that carry
 * the phone's GPS position (EXIF, JEITA CP-3451 §4.5.4, in APP1 of ITU-T T.81 Annex
 * B; XMP too), markup in text, and the tracking codes. The JPEGs are built here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "rules/media.h"

/* Appends marker segment m with payload p (n bytes) at out + *len. */
static void seg(unsigned char *out, size_t *len, unsigned m, const void *p, size_t n)
{
	out[(*len)++] = 0xFF;
	out[(*len)++] = (unsigned char)m;
	out[(*len)++] = (unsigned char)((n + 2) >> 8);
	out[(*len)++] = (unsigned char)(n + 2);
	memcpy(out + *len, p, n);
	*len += n;
}

/* A JPEG: SOI, APP0 JFIF, [APP1 EXIF with a GPS text], [APP1 XMP], DQT, SOS, data,
 * EOI. Returns its length. */
static size_t build(unsigned char *out, int exif, int xmp)
{
	static const char gps[] = "Exif\0\0GPSLatitude=31.1497N";
	static const char xm[] = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta GPS=121.12E/>";
	unsigned char dqt[65], sos[10];
	size_t n = 0;

	memset(dqt, 1, sizeof(dqt));
	memset(sos, 2, sizeof(sos));
	out[n++] = 0xFF;
	out[n++] = 0xD8;
	seg(out, &n, 0xE0, "JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 14);
	if (exif)
		seg(out, &n, 0xE1, gps, sizeof(gps) - 1);
	if (xmp)
		seg(out, &n, 0xE1, xm, sizeof(xm) - 1);
	seg(out, &n, 0xDB, dqt, sizeof(dqt));
	seg(out, &n, 0xDA, sos, sizeof(sos));
	memcpy(out + n, "\x12\x34\xFF\x00\x56", 5);	/* entropy data with a stuffed FF 00 */
	n += 5;
	out[n++] = 0xFF;
	out[n++] = 0xD9;
	return n;
}

static int contains(const unsigned char *p, size_t n, const char *s)
{
	size_t k = strlen(s);

	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(p + i, s, k) == 0)
			return 1;
	return 0;
}

static void test_strip_exif(void **state)
{
	unsigned char with[512], without[512];
	size_t n = build(with, 1, 1), m = build(without, 0, 0), r;
	int removed = -1;

	(void)state;
	assert_true(jpeg_has_app1(with, n));
	assert_true(contains(with, n, "GPSLatitude"));
	r = jpeg_strip_app1(with, n, &removed);
	assert_int_equal(removed, 2);			/* EXIF and XMP */
	assert_int_equal(r, m);				/* exactly the image without them */
	assert_memory_equal(with, without, m);
	assert_false(contains(with, r, "GPS"));
	assert_false(jpeg_has_app1(with, r));
	/* a file without APP1 is left as it is */
	r = jpeg_strip_app1(without, m, &removed);
	assert_int_equal(removed, 0);
	assert_int_equal(r, m);
}

static void test_strip_malformed(void **state)
{
	unsigned char j[512], copy[512];
	size_t n = build(j, 1, 0);

	(void)state;
	memcpy(copy, j, n);
	/* truncated inside a segment, a length past the end, no SOI, junk between
	 * segments: refused (0) and left untouched */
	assert_int_equal(jpeg_strip_app1(j, 20, NULL), 0);
	assert_memory_equal(j, copy, n);
	j[5] = 0xFF;		/* APP0 length 0xFF10: past the end */
	assert_int_equal(jpeg_strip_app1(j, n, NULL), 0);
	memcpy(j, copy, n);
	j[0] = 0x00;
	assert_int_equal(jpeg_strip_app1(j, n, NULL), 0);
	memcpy(j, copy, n);
	j[20] = 0x00;		/* the byte where the next marker's FF must be */
	assert_int_equal(jpeg_strip_app1(j, n, NULL), 0);
	assert_int_equal(jpeg_strip_app1(j, 0, NULL), 0);
}

struct sniff_case {
	const char *bytes;
	size_t n;
	enum media_kind want;
};

static void test_sniff(void **state)
{
	static const struct sniff_case cases[] = {
		{"\xFF\xD8\xFF\xE0....", 8, MEDIA_JPEG},
		{"\x89PNG\r\n\x1a\n....", 12, MEDIA_PNG},
		{"RIFF\0\0\0\0WEBPVP8 ", 16, MEDIA_WEBP},
		{"\0\0\0\x18" "ftypmp42\0\0\0\0", 16, MEDIA_MP4},	/* ISO/IEC 14496-12 ftyp */
		{"\0\0\0\x14" "ftypqt  \0\0\0\0", 16, MEDIA_MP4},
		{"GIF89a......", 12, MEDIA_NONE},		/* not accepted from the public */
		{"%PDF-1.7....", 12, MEDIA_NONE},
		{"<html><body>", 12, MEDIA_NONE},
		{"RIFF\0\0\0\0WAVEfmt ", 16, MEDIA_NONE},	/* RIFF but audio */
		{"\xFF\xD8", 2, MEDIA_NONE},			/* too short */
		{"", 0, MEDIA_NONE},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(media_sniff((const unsigned char *)cases[i].bytes, cases[i].n), cases[i].want);
	assert_string_equal(media_mime(MEDIA_JPEG), "image/jpeg");
	assert_string_equal(media_mime(MEDIA_MP4), "video/mp4");
	assert_null(media_mime(MEDIA_NONE));
	assert_true(media_is_video(MEDIA_MP4));
	assert_false(media_is_video(MEDIA_PNG));
}

static void test_markup(void **state)
{
	static const struct { const char *s; int want; } cases[] = {
		{"消防通道被堵", 0},
		{"冷库温度<-18度", 0},			/* a comparison, not a tag */
		{"温度 < 30 且 > 10", 0},
		{"A&B公司", 0},
		{"<b>粗体</b>", 1},
		{"x</td>", 1},
		{"<!-- c -->", 1},
		{"<?php ?>", 1},
		{"<img src=x onerror=alert(1)>", 1},
		{"&#60;script&#62;", 1},		/* character references */
		{"&lt;b&gt;", 1},
		{"", 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(text_has_markup(cases[i].s), cases[i].want);
	assert_int_equal(text_has_markup(NULL), 0);
}

static void test_tracking_code(void **state)
{
	char out[TRACK_LEN + 1], shown[TRACK_LEN + 4];

	(void)state;
	assert_int_equal(strlen(TRACK_ALPHABET), 30);	/* 16 × log2(30) ≈ 78.5 bits */
	assert_int_equal(track_normalise("abcd-efgh-jkmn-pqrs", out), 0);
	assert_string_equal(out, "ABCDEFGHJKMNPQRS");
	assert_int_equal(track_normalise("ABCD EFGH JKMN PQRS", out), 0);
	track_format(out, shown);
	assert_string_equal(shown, "ABCD-EFGH-JKMN-PQRS");
	/* confusable characters are not in the alphabet: 0 O 1 I L U */
	assert_int_equal(track_normalise("ABCD-EFGH-JKMN-PQR0", out), -1);
	assert_int_equal(track_normalise("ABCD-EFGH-JKMN-PQRO", out), -1);
	assert_int_equal(track_normalise("ABCD-EFGH-JKMN-PQRI", out), -1);
	assert_int_equal(track_normalise("ABCD-EFGH-JKMN-PQRU", out), -1);
	assert_int_equal(track_normalise("ABCD-EFGH-JKMN", out), -1);		/* short */
	assert_int_equal(track_normalise("ABCD-EFGH-JKMN-PQRS-T", out), -1);	/* long */
	assert_int_equal(track_normalise("ABCD%EFGH", out), -1);
	assert_int_equal(track_normalise(NULL, out), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strip_exif),
		cmocka_unit_test(test_strip_malformed),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_markup),
		cmocka_unit_test(test_tracking_code),
	};
	return cmocka_run_group_tests_name("media", tests, NULL, NULL);
}
