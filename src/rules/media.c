/*
 * media.c — content checks of public uploads and text (see media.h).
 */
#include <string.h>

#include "rules/media.h"

enum media_kind media_sniff(const unsigned char *p, size_t n)
{
	if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return MEDIA_JPEG;
	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return MEDIA_PNG;
	if (n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0)
		return MEDIA_WEBP;
	if (n >= 12 && memcmp(p + 4, "ftyp", 4) == 0)
		return MEDIA_MP4;
	return MEDIA_NONE;
}

const char *media_mime(enum media_kind k)
{
	switch (k) {
	case MEDIA_JPEG: return "image/jpeg";
	case MEDIA_PNG: return "image/png";
	case MEDIA_WEBP: return "image/webp";
	case MEDIA_MP4: return "video/mp4";
	default: return NULL;
	}
}

int media_is_video(enum media_kind k)
{
	return k == MEDIA_MP4;
}

/*
 * Walks the marker segments from SOI to SOS. For each segment calls back through
 * the two modes below: with out == NULL it only counts APP1 segments; otherwise it
 * copies every non-APP1 segment down to out (out may alias p: the copy only moves
 * bytes towards the start). Returns the length written (or n when counting), 0 on
 * a malformed file.
 */
static size_t jpeg_walk(unsigned char *out, const unsigned char *p, size_t n, int *count)
{
	size_t i = 2, o = 2;
	int c = 0;

	if (n < 4 || p[0] != 0xFF || p[1] != 0xD8)
		return 0;
	for (;;) {
		unsigned m;
		size_t len;

		if (i + 2 > n || p[i] != 0xFF)
			return 0;
		while (i + 1 < n && p[i + 1] == 0xFF)	/* fill bytes (T.81 B.1.1.2) */
			i++;
		if (i + 2 > n)
			return 0;
		m = p[i + 1];
		if (m == 0xD8 || m == 0xD9 || m == 0x01 || (m >= 0xD0 && m <= 0xD7))
			return 0;	/* no standalone markers before SOS in a sane file */
		if (i + 4 > n)
			return 0;
		len = (size_t)p[i + 2] << 8 | p[i + 3];
		if (len < 2 || i + 2 + len > n)
			return 0;
		if (m == 0xE1) {
			c++;
		} else if (out) {
			memmove(out + o, p + i, 2 + len);
			o += 2 + len;
		}
		i += 2 + len;
		if (m == 0xDA) {	/* SOS: the rest is image data up to EOI */
			if (out) {
				memmove(out + o, p + i, n - i);
				o += n - i;
			}
			break;
		}
	}
	if (count)
		*count = c;
	return out ? o : n;
}

size_t jpeg_strip_app1(unsigned char *p, size_t n, int *removed)
{
	int c = 0;
	size_t r;

	if (removed)
		*removed = 0;
	/* validate first so a malformed file is left as it was */
	if (jpeg_walk(NULL, p, n, &c) == 0)
		return 0;
	r = jpeg_walk(p, p, n, &c);
	if (removed)
		*removed = c;
	return r;
}

int jpeg_has_app1(const unsigned char *p, size_t n)
{
	int c = 0;

	return jpeg_walk(NULL, p, n, &c) != 0 && c > 0;
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int text_has_markup(const char *s)
{
	if (!s)
		return 0;
	for (; *s; s++) {
		if (*s == '<' && (is_alpha(s[1]) || s[1] == '/' || s[1] == '!' || s[1] == '?'))
			return 1;
		if (*s == '&' && (s[1] == '#' || (is_alpha(s[1]) && strchr(s, ';') &&
						  (size_t)(strchr(s, ';') - s) <= 10))) {
			const char *q = s + 1;
			while (is_alpha(*q))
				q++;
			if (*q == ';' || s[1] == '#')
				return 1;
		}
	}
	return 0;
}

int track_normalise(const char *in, char out[TRACK_LEN + 1])
{
	size_t k = 0;

	if (!in)
		return -1;
	for (; *in; in++) {
		char c = *in;
		if (c == '-' || c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (!c || !strchr(TRACK_ALPHABET, c) || k >= TRACK_LEN)
			return -1;
		out[k++] = c;
	}
	if (k != TRACK_LEN)
		return -1;
	out[k] = '\0';
	return 0;
}

void track_format(const char *code, char out[TRACK_LEN + 4])
{
	size_t o = 0;

	for (size_t i = 0; i < TRACK_LEN && code[i]; i++) {
		if (i && i % 4 == 0)
			out[o++] = '-';
		out[o++] = code[i];
	}
	out[o] = '\0';
}
