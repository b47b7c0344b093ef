/* sanitize.h - the one terminal sanitiser. Every text that reaches a screen or stdout (lesson
 * text, answers, comments, URLs, code, error messages quoting user input) passes through here,
 * so that text written by one person can never drive another person's terminal.
 *
 * Rules (docs/rendering.md has the full list): invalid UTF-8 becomes U+FFFD; C0 controls other
 * than '\n' are removed (tab becomes one space unless RB_SAN_KEEP_TAB), and so are DEL and the
 * C1 controls U+0080-U+009F; whole escape sequences are removed (ESC [ CSI, ESC ] OSC, ESC P /
 * X / ^ / _ strings, other ESC sequences, and their 8-bit C1 forms); bidi controls, zero-width
 * and other format characters are removed; U+2028 and U+2029 become '\n'; at most 3 combining
 * (zero-width) marks follow a base character, and a mark with no base is dropped. */
#ifndef ROADBOOK_SANITIZE_H
#define ROADBOOK_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>

enum rb_sanitize_flags {
	RB_SAN_KEEP_TAB = 1u,    /* keep '\t' (the caller expands it) instead of a space */
	RB_SAN_SINGLE_LINE = 2u, /* '\n' (and U+2028/U+2029) become a space */
};

/* Combining-mark state carried from one call of rb_sanitize_to() to the next, so that text
 * split across several pieces (cmark text nodes, styled runs) is capped as one. Zero it (or
 * use RB_SAN_STATE_INIT) at the start of a line of text. */
struct rb_san_state {
	unsigned marks; /* combining marks already attached to the current base */
	bool base;      /* a base character precedes on the current line */
};
#define RB_SAN_STATE_INIT                                                                          \
	{                                                                                          \
		0, false                                                                           \
	}

/* Returns a malloc'd, NUL-terminated, display-safe copy of s[0..len) (s may be NULL when len is
 * 0). The caller frees it with free(). Its length (without the NUL) goes to *out_len when
 * out_len is not NULL. Returns NULL only when out of memory. */
char *rb_sanitize(const char *s, size_t len, unsigned flags, size_t *out_len);

/* Low-level form for callers that append to their own buffer: writes the sanitised form of
 * s[0..len) to dst, which must have room for 3 * len bytes (each invalid byte becomes the
 * 3-byte U+FFFD). Writes no NUL. st carries the combining-mark state between calls and may be
 * NULL (a fresh state, as at the start of a line). Returns the number of bytes written. */
size_t rb_sanitize_to(char *dst, const char *s, size_t len, unsigned flags,
		      struct rb_san_state *st);

/* True when rb_sanitize(s, len, 0, ...) would return s unchanged. */
bool rb_is_safe_display(const char *s, size_t len);

/* ---- sanitised standard streams (content/sanitize_stream.c) ----
 *
 * rb_safe_stream() returns a stream that sanitises everything written to it (flags
 * RB_SAN_KEEP_TAB) and writes the result to raw's file descriptor. The command line replaces
 * stdout and stderr with such streams, so no printf anywhere can send another person's text to
 * the terminal raw. Its own styling (colours, "\r" of a progress bar) goes through
 * rb_safe_control(), which flushes the sanitised text first and then writes seq as it is; seq
 * must be a constant of roadbook's, never text from a file. rb_safe_stream_raw() gives back the
 * stream that was replaced (curses draws there, through its own sanitised path), or f itself
 * when f is not a sanitised stream. NULL when out of memory (then keep raw). */
#include <stdio.h>
FILE *rb_safe_stream(FILE *raw, bool line_buffered);
int rb_safe_control(FILE *f, const char *seq);
FILE *rb_safe_stream_raw(FILE *f);
/* The first error (an errno value) met writing the sanitising stream f, or 0. */
int rb_safe_stream_error(FILE *f);

#endif
