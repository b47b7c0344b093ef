/* utf8.h - UTF-8 decoding and display width, shared by the renderer, the sanitiser and the
 * editors. Display columns always come from here (wcwidth underneath), never from strlen. */
#ifndef ROADBOOK_UTF8_H
#define ROADBOOK_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RB_REPLACEMENT_CHAR 0xFFFDu

/* Makes LC_CTYPE a UTF-8 locale so that wcwidth() answers for all of Unicode. Call once at
 * start-up, after setlocale(LC_ALL, ""). Returns true when the user's own locale was already
 * UTF-8, false when C.UTF-8 had to be substituted (the terminal may then not show UTF-8). */
bool rb_utf8_locale_init(void);

/* Decodes one code point from s (len > 0 bytes available). Stores it in *cp and returns the
 * number of bytes used (1-4). Invalid or truncated sequences, overlong forms, surrogates and
 * values above U+10FFFF give RB_REPLACEMENT_CHAR and consume exactly one byte. */
size_t rb_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encodes cp into out (at least 4 bytes); returns the byte count. */
size_t rb_utf8_encode(uint32_t cp, char *out);

/* True when s[0..len) is valid UTF-8. On false, *bad_offset (if not NULL) receives the byte
 * offset of the first invalid sequence. */
bool rb_utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* Display width of one code point in terminal columns: 0 for combining marks and other
 * zero-width characters, 2 for wide (CJK, most emoji), 1 otherwise. Control characters give 0
 * (they must have been removed by the sanitiser before display). */
int rb_cp_width(uint32_t cp);

/* Display width of a UTF-8 string (invalid bytes count as one column each, as U+FFFD). */
size_t rb_utf8_width(const char *s, size_t len);

/* Byte length of the longest prefix of s[0..len) whose display width is at most cols. A
 * combining mark following the prefix is included with its base character. */
size_t rb_utf8_prefix_for_width(const char *s, size_t len, size_t cols);

#endif
