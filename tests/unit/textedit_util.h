/* textedit_util.h - helpers shared by the editor model's unit tests (test_textedit.c and
 * test_textedit_stress.c). Include after harness.h. */
#ifndef ROADBOOK_TEXTEDIT_UTIL_H
#define ROADBOOK_TEXTEDIT_UTIL_H

#include "content/utf8.h"
#include "tui/textedit.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#define W80 80

/* ---- helpers ----------------------------------------------------------------------------- */

static __attribute__((unused)) void set(struct rb_textedit *te, const char *s)
{
	rb_textedit_init(te, 0);
	CHECK(rb_textedit_set_text(te, s, strlen(s)) == 0);
}

static __attribute__((unused)) int ins(struct rb_textedit *te, const char *s)
{
	return rb_textedit_insert(te, s, strlen(s));
}

static __attribute__((unused)) void type_str(struct rb_textedit *te, const char *s)
{
	size_t i = 0, n = strlen(s);
	while (i < n) {
		uint32_t cp;
		i += rb_utf8_decode(s + i, n - i, &cp);
		CHECK(rb_textedit_type(te, cp) == 0);
	}
}

static __attribute__((unused)) size_t mv(struct rb_textedit *te, enum rb_te_move m)
{
	CHECK(rb_textedit_move(te, m, W80, 1) >= 0);
	return rb_textedit_cursor(te);
}

/* The rows for width as "row|row|row" (the bytes each row shows). */
static __attribute__((unused)) const char *rows_str(struct rb_textedit *te, size_t width)
{
	static __attribute__((unused)) char out[4096];
	const struct rb_te_row *rows;
	size_t n, o = 0;

	out[0] = '\0';
	if (rb_textedit_layout(te, width, &rows, &n, NULL, NULL) < 0)
		return "(layout failed)";
	for (size_t i = 0; i < n; i++) {
		if (i)
			out[o++] = '|';
		if (o + rows[i].len + 2 > sizeof(out))
			return "(too long)";
		memcpy(out + o, rb_textedit_text(te) + rows[i].start, rows[i].len);
		o += rows[i].len;
	}
	out[o] = '\0';
	return out;
}

static __attribute__((unused)) void cursor_rc(struct rb_textedit *te, size_t width, size_t *row,
					      size_t *col)
{
	CHECK(rb_textedit_layout(te, width, NULL, NULL, row, col) == 0);
}

/* True when s[0, len) is one character followed only by zero-width ones. */
static __attribute__((unused)) bool single_cluster(const char *s, size_t len)
{
	uint32_t cp;
	size_t i = len ? rb_utf8_decode(s, len, &cp) : 0;
	while (i < len) {
		i += rb_utf8_decode(s + i, len - i, &cp);
		if (rb_cp_width(cp) != 0)
			return false;
	}
	return len > 0;
}

/* True when te's (incrementally maintained) layout and cursor position equal a fresh layout of
 * the same text, and the layout's invariants hold. */
static __attribute__((unused)) bool layout_matches_fresh(struct rb_textedit *te, size_t width)
{
	struct rb_textedit fresh;
	const struct rb_te_row *a, *b;
	size_t na, nb, ra, ca, rb, cb;
	bool ok = true;

	if (rb_textedit_layout(te, width, &a, &na, &ra, &ca) < 0)
		return false;
	rb_textedit_init(&fresh, 0);
	if (rb_textedit_set_text(&fresh, rb_textedit_text(te), rb_textedit_length(te)) != 0)
		ok = false;
	rb_textedit_set_cursor(&fresh, rb_textedit_cursor(te));
	if (rb_textedit_cursor(&fresh) != rb_textedit_cursor(te))
		ok = false; /* te's cursor was not on a cluster boundary */
	if (rb_textedit_layout(&fresh, width, &b, &nb, &rb, &cb) < 0 || na != nb || ra != rb ||
	    ca != cb)
		ok = false;
	for (size_t i = 0; ok && i < na; i++) {
		const char *t = rb_textedit_text(te);
		if (a[i].start != b[i].start || a[i].len != b[i].len || a[i].width != b[i].width)
			ok = false;
		if (i && a[i].start <= a[i - 1].start)
			ok = false;
		if (a[i].width != rb_utf8_width(t + a[i].start, a[i].len))
			ok = false;
		/* wider than the width only when the row is a single too-wide character */
		if (a[i].width > (width ? width : 1) && !single_cluster(t + a[i].start, a[i].len))
			ok = false;
	}
	rb_textedit_done(&fresh);
	return ok;
}

static __attribute__((unused)) double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

#endif
