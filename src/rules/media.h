/*
 * media.h — pure checks of what the public sends (随手拍 / 吹哨人, issue 8 "Built
 * for abuse"): the type of an upload by its content (magic bytes, never the name),
 * the removal of the EXIF block (which carries the GPS position of the phone) from
 * a JPEG, markup in a line of text, and the tracking code of a report. No I/O.
 *
 * JPEG structure: ITU-T T.81 Annex B (SOI FFD8, then marker segments FFxx with a
 * two-byte big-endian length that counts itself, up to SOS FFDA after which the
 * entropy-coded data runs to EOI). EXIF is an APP1 (FFE1) segment whose payload
 * starts "Exif\0\0" (JEITA CP-3451 §4.5.4); XMP is also APP1 ("http://ns.adobe.com/
 * xap/1.0/\0") and may hold the position too, so every APP1 is removed.
 */
#ifndef ANJIAN_RULES_MEDIA_H
#define ANJIAN_RULES_MEDIA_H

#include <stddef.h>

enum media_kind { MEDIA_NONE = 0, MEDIA_JPEG, MEDIA_PNG, MEDIA_WEBP, MEDIA_MP4 };

/* The kind of the first n bytes of a file: JPEG (FF D8 FF), PNG (89 'PNG' 0D 0A 1A
 * 0A), WebP ('RIFF' …. 'WEBP'), MP4/QuickTime (an ISO BMFF 'ftyp' box first: bytes
 * 4..7 "ftyp", ISO/IEC 14496-12 §4.3); MEDIA_NONE otherwise. */
enum media_kind media_sniff(const unsigned char *p, size_t n);
/* Its MIME type ("image/jpeg" …), NULL for MEDIA_NONE. */
const char *media_mime(enum media_kind k);
/* 1 for a video. */
int media_is_video(enum media_kind k);

/* Removes every APP1 segment (EXIF, XMP) of the JPEG in p[0..n) in place and
 * returns the new length; the image data is untouched. Returns 0 when p is not a
 * well-formed JPEG up to its SOS marker (the caller refuses the file). *removed
 * (may be NULL) gets the number of segments removed. */
size_t jpeg_strip_app1(unsigned char *p, size_t n, int *removed);
/* 1 if the JPEG p[0..n) has an APP1 segment before SOS. */
int jpeg_has_app1(const unsigned char *p, size_t n);

/* 1 if s looks like markup: '<' followed by a letter, '/', '!' or '?' (a tag, a
 * comment, a processing instruction), or a character reference "&#" / "&lt;"-style
 * entity. Plain text with "<" as a comparison ("温度<30") is not markup. */
int text_has_markup(const char *s);

/* Tracking codes: TRACK_LEN characters of the alphabet below (no 0/O, 1/I/L, U),
 * 5 bits each, so 16 characters carry 80 random bits. Shown in groups of four
 * separated by '-'. */
#define TRACK_LEN 16
#define TRACK_ALPHABET "23456789ABCDEFGHJKMNPQRSTVWXYZ"	/* 30 characters */
/* Normalises a code typed by a person into out (TRACK_LEN chars + NUL): uppercase,
 * dashes and spaces dropped. 0 ok, -1 when it is not TRACK_LEN characters of the
 * alphabet. */
int track_normalise(const char *in, char out[TRACK_LEN + 1]);
/* Formats a normalised code as "ABCD-EFGH-JKMN-PQRS" (TRACK_LEN + 3 chars + NUL). */
void track_format(const char *code, char out[TRACK_LEN + 4]);

#endif
