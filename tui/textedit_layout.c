/* textedit_layout.c - the answer editor's cached word-wrap layout (see rb_textedit_layout in
 * textedit.h): laying out rows, re-laying only what an edit can affect, and mapping between
 * positions and rows. The buffer, cursor, editing and undo are in textedit.c. No curses here. */
#include "tui/textedit_internal.h"

#include "content/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One past the last byte looked at when examining position q (len + 1: the end of the text,
 * which an insertion there changes). */
static size_t seen_end(const struct rb_textedit *te, size_t q)
{
	size_t n;
	if (q >= te->len)
		return te->len + 1;
	te_cp_at(te, q, &n);
	return q + n;
}

/* The cluster starting at p (p < len, text[p] != '\n'): returns its end, its width, whether it
 * is a plain space; raises *dep to cover the bytes examined. */
static size_t lay_cluster(const struct rb_textedit *te, size_t p, size_t *w, bool *space,
			  size_t *dep)
{
	size_t n, q;
	uint32_t cp = te_cp_at(te, p, &n);
	*w = (size_t)rb_cp_width(cp);
	q = p + n;
	while (q < te->len && te_is_extender(te_cp_at(te, q, &n)))
		q += n;
	*space = cp == ' ' && q == p + 1;
	n = seen_end(te, q);
	if (n > *dep)
		*dep = n;
	return q;
}

/* Lays out the row starting at s: fills *row, the next row's start (len + 1 after the last
 * row) and *dep, one past the last byte the decision depended on. The result depends only on
 * s and text[s, *dep), which is what makes incremental re-layout possible. */
static void layout_row(const struct rb_textedit *te, size_t s, size_t width, struct rb_te_row *row,
		       size_t *next, size_t *dep)
{
	size_t p = s, col = 0, brk = 0, brk_col = 0;

	*dep = s;
	row->start = s;
	for (;;) {
		size_t w, q;
		bool sp;

		if (p >= te->len || te->text[p] == '\n') {
			row->len = p - s;
			row->width = col;
			*next = p + 1;
			if (p + 1 > *dep)
				*dep = p + 1;
			return;
		}
		q = lay_cluster(te, p, &w, &sp, dep);
		if (col + w > width && p > s) {
			row->len = p - s;
			row->width = col;
			if (sp) {
				/* the spaces hang past the edge; the next word starts the next row
				 */
				size_t r = p;
				for (;;) {
					if (r >= te->len || te->text[r] == '\n') {
						*next = r + 1;
						if (r + 1 > *dep)
							*dep = r + 1;
						return;
					}
					q = lay_cluster(te, r, &w, &sp, dep);
					if (!sp) {
						*next = r;
						return;
					}
					r = q;
				}
			}
			if (brk > s) {
				row->len = brk - s;
				row->width = brk_col;
				*next = brk;
			} else {
				*next = p;
			}
			return;
		}
		col += w;
		p = q;
		if (sp) {
			brk = p;
			brk_col = col;
		}
	}
}

static int grow_rows(struct rb_te_row **rows, size_t **deps, size_t *cap, size_t need)
{
	size_t ncap;
	struct rb_te_row *r;
	size_t *d;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 64;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / sizeof(struct rb_te_row))
			return -1;
		ncap *= 2;
	}
	r = realloc(*rows, ncap * sizeof(*r));
	if (!r)
		return -1;
	*rows = r;
	d = realloc(*deps, ncap * sizeof(*d));
	if (!d)
		return -1;
	*deps = d;
	*cap = ncap;
	return 0;
}

static size_t clamp_width(size_t width)
{
	return width ? width : 1;
}

static int layout_full(struct rb_textedit *te, size_t width)
{
	size_t s = 0;

	te->lay_width = 0;
	te->nrows = 0;
	while (s <= te->len) {
		size_t next;
		if (grow_rows(&te->rows, &te->deps, &te->rows_cap, te->nrows + 1) < 0)
			return -1;
		layout_row(te, s, width, &te->rows[te->nrows], &next, &te->deps[te->nrows]);
		te->nrows++;
		s = next;
	}
	te->lay_width = width;
	return 0;
}

int rb_te_ensure_layout(struct rb_textedit *te, size_t width)
{
	width = clamp_width(width);
	if (te->lay_width == width)
		return 0;
	return layout_full(te, width);
}

/* The last row starting at or before p. */
size_t rb_te_row_of(const struct rb_textedit *te, size_t p)
{
	size_t lo = 0, hi = te->nrows;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (te->rows[mid].start <= p)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The first row starting at or after p (nrows when none). */
static size_t first_row_from(const struct rb_textedit *te, size_t p)
{
	size_t lo = 0, hi = te->nrows;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (te->rows[mid].start < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* After text[pos, pos + d) was replaced by i bytes: re-lays the rows that depended on the
 * changed bytes, until a new row starts where a (shifted) old row after the change started;
 * from there on the old rows are still right. */
void rb_te_relayout_edit(struct rb_textedit *te, size_t pos, size_t d, size_t i)
{
	size_t width = te->lay_width, a, j, s, n = te->nrows, keep;

	if (!width)
		return;
	a = rb_te_row_of(te, pos);
	while (a > 0 && te->deps[a - 1] > pos)
		a--;
	j = first_row_from(te, pos + d);
	te->ntmp = 0;
	s = te->rows[a].start;
	for (;;) {
		size_t next;
		if (s > te->len) {
			j = n;
			break;
		}
		while (j < n && te->rows[j].start - d + i < s)
			j++;
		if (j < n && te->rows[j].start - d + i == s)
			break;
		if (grow_rows(&te->tmp_rows, &te->tmp_deps, &te->tmp_cap, te->ntmp + 1) < 0)
			goto fail;
		layout_row(te, s, width, &te->tmp_rows[te->ntmp], &next, &te->tmp_deps[te->ntmp]);
		te->ntmp++;
		s = next;
	}
	keep = n - j;
	if (grow_rows(&te->rows, &te->deps, &te->rows_cap, a + te->ntmp + keep) < 0)
		goto fail;
	memmove(te->rows + a + te->ntmp, te->rows + j, keep * sizeof(*te->rows));
	memmove(te->deps + a + te->ntmp, te->deps + j, keep * sizeof(*te->deps));
	for (size_t k = a + te->ntmp; k < a + te->ntmp + keep; k++) {
		te->rows[k].start = te->rows[k].start - d + i;
		te->deps[k] = te->deps[k] - d + i;
	}
	memcpy(te->rows + a, te->tmp_rows, te->ntmp * sizeof(*te->rows));
	memcpy(te->deps + a, te->tmp_deps, te->ntmp * sizeof(*te->deps));
	te->nrows = a + te->ntmp + keep;
	return;
fail:
	te->lay_width = 0; /* the next layout call starts over */
}

/* Last cursor position on row r. */
size_t rb_te_row_limit(const struct rb_textedit *te, size_t r)
{
	size_t next;
	if (r + 1 >= te->nrows)
		return te->len;
	next = te->rows[r + 1].start;
	if (te->text[next - 1] == '\n')
		return next - 1;
	return te_prev_cluster(te, next);
}

/* The last position on row r whose column is <= col. */
size_t rb_te_pos_in_row(const struct rb_textedit *te, size_t r, size_t col)
{
	size_t p = te->rows[r].start, limit = rb_te_row_limit(te, r), c = 0;
	while (p < limit) {
		size_t w = (size_t)rb_cp_width(te_cp_at(te, p, NULL));
		if (c + w > col)
			break;
		c += w;
		p = te_next_cluster(te, p);
	}
	return p;
}

size_t rb_te_col_in_row(const struct rb_textedit *te, size_t r, size_t p)
{
	const struct rb_te_row *row = &te->rows[r];
	size_t w = p > row->start ? rb_utf8_width(te->text + row->start, p - row->start) : 0;
	size_t max = row->width > te->lay_width ? row->width : te->lay_width;
	return w < max ? w : max;
}

int rb_textedit_layout(struct rb_textedit *te, size_t width, const struct rb_te_row **rows,
		       size_t *nrows, size_t *cur_row, size_t *cur_col)
{
	size_t r;

	if (rb_te_ensure_layout(te, width) < 0)
		return -1;
	r = rb_te_row_of(te, te->cursor);
	if (rows)
		*rows = te->rows;
	if (nrows)
		*nrows = te->nrows;
	if (cur_row)
		*cur_row = r;
	if (cur_col)
		*cur_col = rb_te_col_in_row(te, r, te->cursor);
	return 0;
}
