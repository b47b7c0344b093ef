/* textedit_internal.h - what tui/textedit.c (buffer, cursor, editing, undo) and
 * tui/textedit_layout.c (the cached word-wrap layout) share: the code-point and cluster
 * primitives, and the layout operations the editing side calls. Only those two files include
 * this; everything else uses tui/textedit.h. No curses here. */
#ifndef ROADBOOK_TEXTEDIT_INTERNAL_H
#define ROADBOOK_TEXTEDIT_INTERNAL_H

#include "tui/textedit.h"

#include "content/utf8.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- code points and clusters ---------------------------------------------------------- */

/* Inline so that both files keep them inlined in their loops. */

static inline uint32_t te_cp_at(const struct rb_textedit *te, size_t p, size_t *n)
{
	uint32_t cp;
	size_t k = rb_utf8_decode(te->text + p, te->len - p, &cp);
	if (n)
		*n = k;
	return cp;
}

/* A code point that joins the cluster before it. */
static inline bool te_is_extender(uint32_t cp)
{
	return cp != '\n' && rb_cp_width(cp) == 0;
}

/* Start of the code point before p (p > 0); the buffer is always valid UTF-8. */
static inline size_t te_prev_cp(const struct rb_textedit *te, size_t p)
{
	do
		p--;
	while (p > 0 && ((unsigned char)te->text[p] & 0xC0) == 0x80);
	return p;
}

static inline bool te_is_boundary(const struct rb_textedit *te, size_t p)
{
	if (p == 0 || p >= te->len)
		return true;
	if (!te_is_extender(te_cp_at(te, p, NULL)))
		return true;
	return te->text[p - 1] == '\n';
}

static inline size_t te_next_cluster(const struct rb_textedit *te, size_t p)
{
	size_t n;
	uint32_t cp = te_cp_at(te, p, &n);
	p += n;
	if (cp == '\n')
		return p;
	while (p < te->len && te_is_extender(te_cp_at(te, p, &n)))
		p += n;
	return p;
}

static inline size_t te_prev_cluster(const struct rb_textedit *te, size_t p)
{
	p = te_prev_cp(te, p);
	while (!te_is_boundary(te, p))
		p = te_prev_cp(te, p);
	return p;
}

/* ---- layout (tui/textedit_layout.c) ------------------------------------------------------ */

/* Makes the layout cache valid for `width` (0 counts as 1), laying out from scratch when it
 * was for another width or invalidated. Returns 0, or negative when out of memory. */
int rb_te_ensure_layout(struct rb_textedit *te, size_t width);

/* After text[pos, pos + d) was replaced by i bytes: brings a valid layout cache up to date
 * (nothing when it is invalid). When out of memory, invalidates it instead. */
void rb_te_relayout_edit(struct rb_textedit *te, size_t pos, size_t d, size_t i);

/* On a valid layout: the last row starting at or before p. */
size_t rb_te_row_of(const struct rb_textedit *te, size_t p);

/* On a valid layout: last cursor position on row r. */
size_t rb_te_row_limit(const struct rb_textedit *te, size_t r);

/* On a valid layout: the last position on row r whose column is <= col. */
size_t rb_te_pos_in_row(const struct rb_textedit *te, size_t r, size_t col);

/* On a valid layout: the display column of position p on row r (capped at the wider of the
 * row and the layout width). */
size_t rb_te_col_in_row(const struct rb_textedit *te, size_t r, size_t p);

#endif
