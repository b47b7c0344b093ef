/* textedit.c - the answer editor's model: UTF-8 buffer, cursor, clusters, editing and undo
 * (see textedit.h). The cached word-wrap layout is in textedit_layout.c. No curses here. */
#include "tui/textedit_internal.h"

#include "content/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#define NO_COL SIZE_MAX

enum step_kind { K_OTHER, K_TYPE, K_BACK, K_DEL };

struct rb_te_step {
	size_t pos;
	char *del; /* bytes the step removed */
	size_t del_len, del_cap;
	char *ins; /* bytes the step inserted */
	size_t ins_len, ins_cap;
	size_t cur_before, cur_after;
	enum step_kind kind;
};

/* ---- clusters, words and lines (the cluster primitives are in textedit_internal.h) ------- */

/* The cluster boundary at or after p (p on a code-point boundary). */
static size_t snap_forward(const struct rb_textedit *te, size_t p)
{
	size_t n;
	while (!te_is_boundary(te, p)) {
		te_cp_at(te, p, &n);
		p += n;
	}
	return p;
}

static bool is_word(const struct rb_textedit *te, size_t p)
{
	uint32_t cp = te_cp_at(te, p, NULL);
	return cp != '\n' && iswalnum((wint_t)cp);
}

static size_t word_left(const struct rb_textedit *te, size_t p)
{
	while (p > 0 && !is_word(te, te_prev_cluster(te, p)))
		p = te_prev_cluster(te, p);
	while (p > 0 && is_word(te, te_prev_cluster(te, p)))
		p = te_prev_cluster(te, p);
	return p;
}

static size_t word_right(const struct rb_textedit *te, size_t p)
{
	while (p < te->len && !is_word(te, p))
		p = te_next_cluster(te, p);
	while (p < te->len && is_word(te, p))
		p = te_next_cluster(te, p);
	return p;
}

static size_t line_start(const struct rb_textedit *te, size_t p)
{
	while (p > 0 && te->text[p - 1] != '\n')
		p--;
	return p;
}

static size_t line_end(const struct rb_textedit *te, size_t p)
{
	const char *nl = te->len > p ? memchr(te->text + p, '\n', te->len - p) : NULL;
	return nl ? (size_t)(nl - te->text) : te->len;
}

/* ---- buffer and undo --------------------------------------------------------------------- */

static int reserve(struct rb_textedit *te, size_t need)
{
	size_t ncap;
	char *t;

	if (need < te->cap)
		return 0;
	ncap = te->cap ? te->cap : 256;
	while (ncap <= need) {
		if (ncap > SIZE_MAX / 2)
			return -1;
		ncap *= 2;
	}
	t = realloc(te->text, ncap);
	if (!t)
		return -1;
	te->text = t;
	te->cap = ncap;
	return 0;
}

/* Replaces text[pos, pos + d) with ins[0, i). Fails only before changing anything. */
static int apply(struct rb_textedit *te, size_t pos, size_t d, const char *ins, size_t i)
{
	if (reserve(te, te->len - d + i) < 0)
		return -1;
	memmove(te->text + pos + i, te->text + pos + d, te->len - pos - d);
	if (i)
		memcpy(te->text + pos, ins, i);
	te->len = te->len - d + i;
	te->text[te->len] = '\0';
	rb_te_relayout_edit(te, pos, d, i);
	te->modified = true;
	te->pref_col = NO_COL;
	return 0;
}

static int buf_put(char **buf, size_t *len, size_t *cap, size_t at, const char *s, size_t n)
{
	if (*len + n > *cap || !*buf) {
		size_t ncap = *cap ? *cap : 16;
		char *b;
		while (ncap < *len + n) {
			if (ncap > SIZE_MAX / 2)
				return -1;
			ncap *= 2;
		}
		b = realloc(*buf, ncap);
		if (!b)
			return -1;
		*buf = b;
		*cap = ncap;
	}
	memmove(*buf + at + n, *buf + at, *len - at);
	if (n)
		memcpy(*buf + at, s, n);
	*len += n;
	return 0;
}

static void step_free(struct rb_te_step *st)
{
	free(st->del);
	free(st->ins);
}

static void history_clear(struct rb_textedit *te)
{
	for (size_t k = 0; k < te->nsteps; k++)
		step_free(&te->steps[k]);
	free(te->steps);
	te->steps = NULL;
	te->nsteps = te->steps_cap = te->undo_pos = 0;
	te->hist_bytes = 0;
	te->group_open = false;
}

static void drop_redo(struct rb_textedit *te)
{
	while (te->nsteps > te->undo_pos) {
		struct rb_te_step *st = &te->steps[--te->nsteps];
		te->hist_bytes -= st->del_len + st->ins_len;
		step_free(st);
	}
}

static void drop_oldest(struct rb_textedit *te)
{
	while (te->nsteps > 1 &&
	       (te->nsteps > RB_TE_UNDO_MAX_STEPS || te->hist_bytes > RB_TE_UNDO_MAX_BYTES)) {
		te->hist_bytes -= te->steps[0].del_len + te->steps[0].ins_len;
		step_free(&te->steps[0]);
		memmove(te->steps, te->steps + 1, (te->nsteps - 1) * sizeof(*te->steps));
		te->nsteps--;
		te->undo_pos--;
	}
}

/* Tries to fold the edit into the newest step (typing, repeated Backspace or Delete). */
static int merge_step(struct rb_textedit *te, size_t pos, size_t d, const char *ins, size_t i,
		      enum step_kind kind, bool *merged)
{
	struct rb_te_step *st;

	*merged = false;
	if (!te->group_open || kind == K_OTHER || te->undo_pos == 0 || te->undo_pos != te->nsteps)
		return 0;
	st = &te->steps[te->undo_pos - 1];
	if (st->kind != kind)
		return 0;
	if (kind == K_TYPE) {
		char last = st->ins_len ? st->ins[st->ins_len - 1] : '\0';
		if (d || st->del_len || st->pos + st->ins_len != pos || ins[0] == '\n' ||
		    last == '\n' || (last == ' ' && ins[0] != ' '))
			return 0;
		if (buf_put(&st->ins, &st->ins_len, &st->ins_cap, st->ins_len, ins, i) < 0)
			return -1;
		te->hist_bytes += i;
	} else if (kind == K_BACK) {
		if (i || st->ins_len || pos + d != st->pos)
			return 0;
		if (buf_put(&st->del, &st->del_len, &st->del_cap, 0, te->text + pos, d) < 0)
			return -1;
		st->pos = pos;
		te->hist_bytes += d;
	} else {
		if (i || st->ins_len || pos != st->pos)
			return 0;
		if (buf_put(&st->del, &st->del_len, &st->del_cap, st->del_len, te->text + pos, d) <
		    0)
			return -1;
		te->hist_bytes += d;
	}
	*merged = true;
	return 0;
}

/* Records the edit about to happen, merged or as a new step. */
static int record(struct rb_textedit *te, size_t pos, size_t d, const char *ins, size_t i,
		  enum step_kind kind)
{
	struct rb_te_step st = {0};
	bool merged;

	drop_redo(te);
	if (merge_step(te, pos, d, ins, i, kind, &merged) < 0)
		return -1;
	if (merged)
		return 0;
	if (te->nsteps == te->steps_cap) {
		size_t ncap = te->steps_cap ? te->steps_cap * 2 : 32;
		struct rb_te_step *s = realloc(te->steps, ncap * sizeof(*s));
		if (!s)
			return -1;
		te->steps = s;
		te->steps_cap = ncap;
	}
	st.pos = pos;
	st.kind = kind;
	st.cur_before = te->cursor;
	if (buf_put(&st.del, &st.del_len, &st.del_cap, 0, te->text + pos, d) < 0 ||
	    buf_put(&st.ins, &st.ins_len, &st.ins_cap, 0, ins, i) < 0) {
		step_free(&st);
		return -1;
	}
	te->steps[te->nsteps++] = st;
	te->undo_pos = te->nsteps;
	te->hist_bytes += d + i;
	drop_oldest(te);
	return 0;
}

/* An undoable edit: replaces text[pos, pos + d) with ins[0, i), cursor to cur_after. */
static int edit(struct rb_textedit *te, size_t pos, size_t d, const char *ins, size_t i,
		size_t cur_after, enum step_kind kind)
{
	/* reserve first so that apply() cannot fail after the step was recorded */
	if (reserve(te, te->len - d + i) < 0 || record(te, pos, d, ins, i, kind) < 0)
		return -1;
	apply(te, pos, d, ins, i);
	te->cursor = snap_forward(te, cur_after);
	te->steps[te->undo_pos - 1].cur_after = te->cursor;
	te->group_open = kind != K_OTHER;
	return 0;
}

/* ---- public API -------------------------------------------------------------------------- */

void rb_textedit_init(struct rb_textedit *te, size_t max_len)
{
	memset(te, 0, sizeof(*te));
	te->max_len = max_len;
	te->pref_col = NO_COL;
}

void rb_textedit_done(struct rb_textedit *te)
{
	history_clear(te);
	free(te->text);
	free(te->rows);
	free(te->deps);
	free(te->tmp_rows);
	free(te->tmp_deps);
	rb_textedit_init(te, te->max_len);
}

const char *rb_textedit_text(const struct rb_textedit *te)
{
	return te->text ? te->text : "";
}

size_t rb_textedit_length(const struct rb_textedit *te)
{
	return te->len;
}

size_t rb_textedit_cursor(const struct rb_textedit *te)
{
	return te->cursor;
}

bool rb_textedit_modified(const struct rb_textedit *te)
{
	return te->modified;
}

void rb_textedit_clear_modified(struct rb_textedit *te)
{
	te->modified = false;
}

void rb_textedit_break_undo_group(struct rb_textedit *te)
{
	te->group_open = false;
}

void rb_textedit_set_cursor(struct rb_textedit *te, size_t pos)
{
	if (pos > te->len)
		pos = te->len;
	while (pos > 0 && pos < te->len && ((unsigned char)te->text[pos] & 0xC0) == 0x80)
		pos--;
	while (!te_is_boundary(te, pos))
		pos = te_prev_cp(te, pos);
	te->cursor = pos;
	te->pref_col = NO_COL;
	te->group_open = false;
}

/* Normalises s[0, len) into out (room for 4 * len bytes); col is the display column of the
 * insertion point in its logical line (for tab stops). */
static size_t normalise(const char *s, size_t len, size_t col, char *out, int *flags)
{
	size_t i = 0, o = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t n;

		if (c == '\r' || c == '\n') {
			out[o++] = '\n';
			col = 0;
			i += (c == '\r' && i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
			continue;
		}
		if (c == '\t') {
			size_t nsp = RB_TE_TAB_STOP - col % RB_TE_TAB_STOP;
			memset(out + o, ' ', nsp);
			o += nsp;
			col += nsp;
			i++;
			continue;
		}
		n = rb_utf8_decode(s + i, len - i, &cp);
		i += n;
		if (n == 1 && cp == RB_REPLACEMENT_CHAR && c >= 0x80) {
			*flags |= RB_TE_INS_REPLACED;
		} else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
			*flags |= RB_TE_INS_DROPPED;
			continue;
		}
		o += rb_utf8_encode(cp, out + o);
		col += (size_t)rb_cp_width(cp);
	}
	return o;
}

/* Cuts n bytes of valid UTF-8 in buf down to at most room, on a code-point boundary. */
static size_t fit(const char *buf, size_t n, size_t room)
{
	if (n <= room)
		return n;
	n = room;
	while (n > 0 && ((unsigned char)buf[n] & 0xC0) == 0x80)
		n--;
	return n;
}

static int insert_kind(struct rb_textedit *te, const char *s, size_t len, enum step_kind kind,
		       int flags)
{
	size_t col = 0, n, room;
	char *buf;

	if (len == 0)
		return flags;
	if (len > SIZE_MAX / 4 - 1)
		return -1;
	buf = malloc(4 * len + 1);
	if (!buf)
		return -1;
	if (memchr(s, '\t', len) && te->cursor > 0) {
		size_t ls = line_start(te, te->cursor);
		col = rb_utf8_width(te->text + ls, te->cursor - ls);
	}
	n = normalise(s, len, col, buf, &flags);
	room = SIZE_MAX;
	if (te->max_len)
		room = te->max_len > te->len ? te->max_len - te->len : 0;
	if (n > room) {
		n = fit(buf, n, room);
		flags |= RB_TE_INS_TRUNCATED;
	}
	if (n && edit(te, te->cursor, 0, buf, n, te->cursor + n, kind) < 0)
		flags = -1;
	free(buf);
	return flags;
}

int rb_textedit_insert(struct rb_textedit *te, const char *s, size_t len)
{
	return insert_kind(te, s, len, K_OTHER, 0);
}

int rb_textedit_type(struct rb_textedit *te, uint32_t cp)
{
	char buf[4];
	int flags = 0;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
		cp = RB_REPLACEMENT_CHAR;
		flags = RB_TE_INS_REPLACED;
	}
	return insert_kind(te, buf, rb_utf8_encode(cp, buf), K_TYPE, flags);
}

int rb_textedit_set_text(struct rb_textedit *te, const char *s, size_t len)
{
	int flags = 0;
	size_t n;
	char *buf;

	if (len > SIZE_MAX / 4 - 1)
		return -1;
	buf = malloc(4 * len + 1);
	if (!buf)
		return -1;
	n = normalise(s, len, 0, buf, &flags);
	if (te->max_len && n > te->max_len) {
		n = fit(buf, n, te->max_len);
		flags |= RB_TE_INS_TRUNCATED;
	}
	buf[n] = '\0';
	free(te->text);
	te->text = buf;
	te->len = n;
	te->cap = 4 * len + 1;
	te->cursor = n;
	te->pref_col = NO_COL;
	te->modified = false;
	te->lay_width = 0;
	history_clear(te);
	return flags;
}

int rb_textedit_move(struct rb_textedit *te, enum rb_te_move move, size_t width, size_t page_rows)
{
	size_t c = te->cursor, to = c, pref = NO_COL, r, target;

	switch (move) {
	case RB_TE_LEFT:
		to = c > 0 ? te_prev_cluster(te, c) : 0;
		break;
	case RB_TE_RIGHT:
		to = c < te->len ? te_next_cluster(te, c) : c;
		break;
	case RB_TE_WORD_LEFT:
		to = word_left(te, c);
		break;
	case RB_TE_WORD_RIGHT:
		to = word_right(te, c);
		break;
	case RB_TE_LINE_START:
		to = line_start(te, c);
		break;
	case RB_TE_LINE_END:
		to = line_end(te, c);
		break;
	case RB_TE_TEXT_START:
		to = 0;
		break;
	case RB_TE_TEXT_END:
		to = te->len;
		break;
	case RB_TE_ROW_START:
	case RB_TE_ROW_END:
		if (rb_te_ensure_layout(te, width) < 0)
			return -1;
		r = rb_te_row_of(te, c);
		to = move == RB_TE_ROW_START ? te->rows[r].start : rb_te_row_limit(te, r);
		break;
	case RB_TE_UP:
	case RB_TE_DOWN:
	case RB_TE_PAGE_UP:
	case RB_TE_PAGE_DOWN:
		if (rb_te_ensure_layout(te, width) < 0)
			return -1;
		if (move == RB_TE_UP || move == RB_TE_DOWN || page_rows == 0)
			page_rows = 1;
		r = rb_te_row_of(te, c);
		pref = te->pref_col != NO_COL ? te->pref_col : rb_te_col_in_row(te, r, c);
		if (move == RB_TE_UP || move == RB_TE_PAGE_UP) {
			target = r > page_rows ? r - page_rows : 0;
			to = target == r ? 0 : rb_te_pos_in_row(te, target, pref);
		} else {
			target = te->nrows - 1 - r > page_rows ? r + page_rows : te->nrows - 1;
			to = target == r ? te->len : rb_te_pos_in_row(te, target, pref);
		}
		break;
	}
	te->cursor = to;
	te->pref_col = pref;
	te->group_open = false;
	return to != c;
}

int rb_textedit_move_to_cell(struct rb_textedit *te, size_t width, size_t row, size_t col)
{
	size_t c = te->cursor;

	if (rb_te_ensure_layout(te, width) < 0)
		return -1;
	if (row >= te->nrows)
		row = te->nrows - 1;
	te->cursor = rb_te_pos_in_row(te, row, col);
	te->pref_col = NO_COL;
	te->group_open = false;
	return te->cursor != c;
}

int rb_textedit_delete(struct rb_textedit *te, enum rb_te_delete what)
{
	size_t c = te->cursor, a = c, b = c;
	enum step_kind kind = K_OTHER;

	switch (what) {
	case RB_TE_DEL_BACK:
		if (c > 0)
			a = te_prev_cluster(te, c);
		kind = K_BACK;
		break;
	case RB_TE_DEL_FORWARD:
		if (c < te->len)
			b = te_next_cluster(te, c);
		kind = K_DEL;
		break;
	case RB_TE_DEL_WORD_BACK:
		a = word_left(te, c);
		break;
	case RB_TE_DEL_WORD_FORWARD:
		b = word_right(te, c);
		break;
	case RB_TE_DEL_LINE_END:
		b = line_end(te, c);
		if (b == c && c < te->len)
			b = c + 1;
		break;
	case RB_TE_DEL_ALL:
		a = 0;
		b = te->len;
		break;
	}
	if (a == b)
		return 0;
	if (edit(te, a, b - a, NULL, 0, a, kind) < 0)
		return -1;
	return 1;
}

int rb_textedit_undo(struct rb_textedit *te)
{
	struct rb_te_step *st;

	te->group_open = false;
	if (te->undo_pos == 0)
		return 0;
	st = &te->steps[te->undo_pos - 1];
	if (apply(te, st->pos, st->ins_len, st->del, st->del_len) < 0)
		return -1;
	te->cursor = snap_forward(te, st->cur_before);
	te->undo_pos--;
	return 1;
}

int rb_textedit_redo(struct rb_textedit *te)
{
	struct rb_te_step *st;

	te->group_open = false;
	if (te->undo_pos == te->nsteps)
		return 0;
	st = &te->steps[te->undo_pos];
	if (apply(te, st->pos, st->del_len, st->ins, st->ins_len) < 0)
		return -1;
	te->cursor = snap_forward(te, st->cur_after);
	te->undo_pos++;
	return 1;
}
