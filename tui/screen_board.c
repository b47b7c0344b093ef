/* screen_board.c - the roadmap as a Now / Next / Later board, and as a quarter timeline.
 *
 * Moving an initiative to another horizon, or up and down within one, rewrites the roadmap
 * table answer (through the same checks as any answer) and so is saved at once. The timeline
 * shows each initiative from its start quarter until the first initiative that depends on it
 * starts (one quarter when nothing does), and flags what starts before something it depends on,
 * depends on something not on the roadmap, or is part of a dependency loop. */
#include "tui/internal.h"

#include "content/buf.h"
#include "content/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long roadmap_index(const struct tui *t)
{
	return t->app.cur->roadmap ? rb_app_exercise_index(&t->app, t->app.cur->roadmap) : -1;
}

static void board_reload(struct tui *t)
{
	rb_roadmap_free(&t->bd.rm);
	if (rb_roadmap_build(t->app.cur, t->app.answers, &t->bd.rm) < 0)
		tui_set_status(t, true, "Out of memory while reading the roadmap.");
	t->bd.built_for = t->app.changes;
}

void tui_open_board(struct tui *t)
{
	if (roadmap_index(t) < 0) {
		tui_set_status(t, true, "This curriculum has no roadmap exercise.");
		return;
	}
	if (t->screen == SCREEN_EDIT)
		tui_edit_close(t);
	if (t->screen != SCREEN_BOARD)
		t->bd.back = t->screen;
	t->screen = SCREEN_BOARD;
	board_reload(t);
}

void tui_board_done(struct tui *t)
{
	rb_roadmap_free(&t->bd.rm);
}

/* The initiatives of one horizon, in table order. */
static size_t column_items(const struct tui *t, int h, size_t *out, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < t->bd.rm.n; i++) {
		enum rb_horizon hz = t->bd.rm.v[i].horizon;
		if (hz == RB_HORIZON_NONE)
			hz = RB_NOW; /* unplaced rows show under Now, marked */
		if ((int)hz == h && n < cap)
			out[n++] = i;
	}
	return n;
}

static long selected(const struct tui *t)
{
	size_t items[1000];
	size_t n = column_items(t, t->bd.col, items, 1000);
	if (!n)
		return -1;
	size_t r = t->bd.row < n ? t->bd.row : n - 1;
	return (long)items[r];
}

static void money(char *out, size_t size, double v)
{
	if (v >= 1000000)
		snprintf(out, size, "£%.1fm", v / 1e6);
	else if (v >= 1000)
		snprintf(out, size, "£%.0fk", v / 1e3);
	else
		snprintf(out, size, "£%.0f", v);
}

static void draw_board(struct tui *t)
{
	int colw = (t->cols - 4) / 3, x0 = 2, y0 = 2;
	const struct rb_roadmap *rm = &t->bd.rm;
	for (int h = RB_NOW; h <= RB_LATER; h++) {
		int x = x0 + h * colw;
		char head[96], cost[32], gain[32];
		money(cost, sizeof cost, rm->cost[h]);
		money(gain, sizeof gain, rm->benefit[h]);
		snprintf(head, sizeof head, "%s · %s · %s a year",
			 rb_horizon_name((enum rb_horizon)h), cost, gain);
		tui_text(y0, x, colw - 1, head, tui_attr(t, TC_HEADING));
		attrset(tui_attr(t, TC_MARKER));
		mvhline(y0 + 1, x, ACS_HLINE, colw - 2);
		attrset(A_NORMAL);
		size_t items[1000];
		size_t n = column_items(t, h, items, 1000);
		int y = y0 + 2;
		for (size_t k = 0; k < n && y < t->rows - 3; k++) {
			const struct rb_initiative *in = &rm->v[items[k]];
			bool sel = h == t->bd.col && (long)items[k] == selected(t);
			attr_t a = sel ? tui_attr(t, TC_FOCUS) : A_NORMAL;
			if (sel) {
				attrset(a);
				mvhline(y, x, ' ', colw - 2);
				mvhline(y + 1, x, ' ', colw - 2);
				attrset(A_NORMAL);
			}
			int tx = sel ? tui_text(y, x, 2, "▶ ", a) : 0; /* not only colour */
			tui_text(y, x + tx, colw - 2 - tx, *in->title ? in->title : "(untitled)",
				 a | A_BOLD);
			char line[128], c[32] = "";
			bool warn = in->starts_before >= 0 || in->in_cycle || in->nunknown ||
				    in->horizon == RB_HORIZON_NONE;
			if (in->has_cost)
				money(c, sizeof c, in->cost);
			if (in->has_cost && in->payback_years >= 0)
				snprintf(line, sizeof line, "%s · payback %.1fy%s", c,
					 in->payback_years, warn ? " · ! check" : "");
			else if (in->has_cost)
				snprintf(line, sizeof line, "%s · no payback%s", c,
					 warn ? " · ! check" : "");
			else
				snprintf(line, sizeof line, "%s", warn ? "! check" : "");
			tui_text(y + 1, x, colw - 2, line,
				 warn && !sel ? tui_attr(t, TC_ERROR) : a);
			y += 3;
		}
		if (!n)
			tui_text(y, x, colw - 2, "(nothing yet)", A_DIM);
	}
	long s = selected(t);
	if (s >= 0) {
		const struct rb_initiative *in = &rm->v[s];
		struct rb_buf b = {0};
		if (in->horizon == RB_HORIZON_NONE)
			rb_buf_puts(&b, "No horizon yet: press > to place it. ");
		if (in->starts_before >= 0)
			rb_buf_printf(&b, "Starts before %s, which it depends on. ",
				      rm->v[in->starts_before].title);
		if (in->in_cycle)
			rb_buf_puts(&b,
				    "Part of a loop of initiatives that depend on each other. ");
		for (size_t k = 0; k < in->nunknown; k++)
			rb_buf_printf(&b, "Depends on \"%s\", which is not on the roadmap. ",
				      in->unknown[k]);
		if (b.data) {
			tui_text(t->rows - 2, 2, 2, "! ", tui_attr(t, TC_ERROR));
			tui_text(t->rows - 2, 4, t->cols - 6, b.data, tui_attr(t, TC_ERROR));
		}
		rb_buf_free(&b);
	}
}

/* Until the first initiative that depends on it starts; one quarter when none does. */
static int end_of(const struct rb_roadmap *rm, size_t i)
{
	int end = -1;
	for (size_t j = 0; j < rm->n; j++)
		for (size_t k = 0; k < rm->v[j].ndeps; k++)
			if (rm->v[j].deps[k] == i && rm->v[j].start > rm->v[i].start &&
			    (end < 0 || rm->v[j].start < end))
				end = rm->v[j].start;
	return end < 0 ? rm->v[i].start + 1 : end;
}

static void draw_timeline(struct tui *t)
{
	const struct rb_roadmap *rm = &t->bd.rm;
	int first = -1, last = -1;
	for (size_t i = 0; i < rm->n; i++) {
		int s = rm->v[i].start;
		if (s < 0)
			continue;
		int e = end_of(rm, i);
		if (first < 0 || s < first)
			first = s;
		if (e > last)
			last = e;
	}
	int labelw = t->cols / 3, qw = 4;
	int quarters = first < 0 ? 0 : last - first;
	if (quarters > (t->cols - labelw - 4) / qw)
		quarters = (t->cols - labelw - 4) / qw;
	int y = 2;
	tui_text(y, 2, labelw - 2, "Initiative", tui_attr(t, TC_HEADING));
	for (int q = 0; q < quarters; q++) {
		char name[16];
		snprintf(name, sizeof name, "Q%d", (first + q) % 4 + 1);
		if ((first + q) % 4 == 0 || q == 0)
			snprintf(name, sizeof name, "%02d", ((first + q) / 4) % 100);
		tui_text(y, labelw + q * qw, qw, name, (first + q) % 4 == 0 ? A_BOLD : A_DIM);
	}
	y += 1;
	/* In start order; unscheduled rows last. */
	size_t order[1000], n = rm->n < 1000 ? rm->n : 1000;
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0; j--) {
			int a = rm->v[order[j - 1]].start, b = rm->v[order[j]].start;
			if ((a < 0 && b >= 0) || (a >= 0 && b >= 0 && b < a)) {
				size_t tmp = order[j];
				order[j] = order[j - 1];
				order[j - 1] = tmp;
			}
		}
	for (size_t k = 0; k < n && y < t->rows - 2; k++, y++) {
		const struct rb_initiative *in = &rm->v[order[k]];
		bool warn = in->starts_before >= 0 || in->in_cycle || in->nunknown;
		tui_text(y, 2, labelw - 3, *in->title ? in->title : "(untitled)",
			 warn ? tui_attr(t, TC_ERROR) : A_NORMAL);
		if (in->start < 0) {
			tui_text(y, labelw, t->cols - labelw - 2, "no start quarter", A_DIM);
			continue;
		}
		int s = in->start - first, e = end_of(rm, order[k]) - first;
		attr_t bar = in->horizon == RB_NOW    ? tui_attr(t, TC_OK)
			     : in->horizon == RB_NEXT ? tui_attr(t, TC_MARKER)
						      : tui_attr(t, TC_LINK);
		/* the horizon by its shade as well as its colour (the legend is below) */
		const char *cell = in->horizon == RB_NOW ? "█" : in->horizon == RB_NEXT ? "▓" : "▒";
		for (int q = s; q < e && q < quarters; q++)
			for (int c = 0; c < qw - 1; c++)
				tui_text(y, labelw + q * qw + c, 1, cell, bar);
		if (warn) {
			int wx = labelw + (e < quarters ? e : quarters) * qw;
			tui_text(y, wx, t->cols - wx - 1,
				 in->in_cycle   ? "! loop"
				 : in->nunknown ? "! unknown dependency"
						: "! before dependency",
				 tui_attr(t, TC_ERROR));
		}
	}
	if (!rm->n)
		tui_text(y, 2, t->cols - 4, "The roadmap is empty.", A_DIM);
	else if (y + 1 < t->rows - 1)
		tui_text(y + 1, 2, t->cols - 4, "█ Now   ▓ Next   ▒ Later   ! needs a look", A_DIM);
}

static void draw(struct tui *t)
{
	if (t->bd.built_for != t->app.changes)
		board_reload(t);
	erase();
	tui_draw_bars(t, t->bd.timeline
			     ? "t: board   Esc: back   ?: keys"
			     : "<  >: move   J K: reorder   Enter: edit   t: timeline   Esc: back");
	if (!t->bd.rm.n && !t->bd.timeline) {
		tui_text(2, 2, t->cols - 4,
			 "The roadmap is empty. Press Enter to add initiatives to it.", A_DIM);
		return;
	}
	if (t->bd.timeline)
		draw_timeline(t);
	else
		draw_board(t);
}

/* Rewrites the roadmap answer after a move; the table's row order is the board's order. */
static void rewrite(struct tui *t, size_t row, int new_horizon, long swap_with)
{
	long ri = roadmap_index(t);
	const struct rb_exercise *e = t->app.cur->exercises[ri];
	struct rb_table tb;
	if (rb_table_parse(t->app.answers[ri], e->ncolumns, &tb) < 0)
		return;
	long hc = -1;
	for (size_t c = 0; c < e->ncolumns; c++)
		if (!strcmp(e->columns[c].id, "horizon"))
			hc = (long)c;
	if (new_horizon >= 0 && hc >= 0 && row < tb.nrows) {
		char **cell = &tb.cells[row * tb.ncols + (size_t)hc];
		char *v = strdup(new_horizon == RB_NOW    ? "now"
				 : new_horizon == RB_NEXT ? "next"
							  : "later");
		if (v) {
			free(*cell);
			*cell = v;
		}
	}
	if (swap_with >= 0 && row < tb.nrows && (size_t)swap_with < tb.nrows)
		for (size_t c = 0; c < tb.ncols; c++) {
			char *tmp = tb.cells[row * tb.ncols + c];
			tb.cells[row * tb.ncols + c] = tb.cells[(size_t)swap_with * tb.ncols + c];
			tb.cells[(size_t)swap_with * tb.ncols + c] = tmp;
		}
	char *v = rb_table_format(&tb);
	rb_table_free(&tb);
	char *err = NULL;
	if (!v || rb_app_set_answer(&t->app, (size_t)ri, v, &err) != 0)
		tui_set_status(t, true, "%s", err ? err : "The roadmap could not be saved.");
	free(err);
	free(v);
	board_reload(t);
	tui_invalidate_view(t);
}

static void move_horizon(struct tui *t, int dir)
{
	long s = selected(t);
	if (s < 0)
		return;
	int h = t->bd.rm.v[s].horizon == RB_HORIZON_NONE ? RB_NOW - (dir > 0 ? 1 : 0)
							 : (int)t->bd.rm.v[s].horizon;
	int to = h + dir;
	if (to < RB_NOW || to > RB_LATER)
		return;
	size_t row = t->bd.rm.v[s].row;
	rewrite(t, row, to, -1);
	t->bd.col = to;
	/* Keep the moved initiative selected in its new column. */
	size_t items[1000];
	size_t n = column_items(t, to, items, 1000);
	for (size_t k = 0; k < n; k++)
		if (t->bd.rm.v[items[k]].row == row)
			t->bd.row = k;
}

static void reorder(struct tui *t, int dir)
{
	size_t items[1000];
	size_t n = column_items(t, t->bd.col, items, 1000);
	if (n < 2 || t->bd.row >= n)
		return;
	size_t other = dir < 0 ? t->bd.row - 1 : t->bd.row + 1;
	if ((dir < 0 && t->bd.row == 0) || other >= n)
		return;
	rewrite(t, t->bd.rm.v[items[t->bd.row]].row, -1, (long)t->bd.rm.v[items[other]].row);
	t->bd.row = other;
}

static void clamp_row(struct tui *t)
{
	size_t items[1000];
	size_t n = column_items(t, t->bd.col, items, 1000);
	if (n && t->bd.row >= n)
		t->bd.row = n - 1;
}

static enum rb_key_result on_key(struct tui *t, const struct tui_key *k)
{
	if (k->is_key) {
		const char *name = keyname(k->code);
		if (name && !strcmp(name, "kLFT2"))
			move_horizon(t, -1);
		else if (name && !strcmp(name, "kRIT2"))
			move_horizon(t, 1);
		else if (name && !strcmp(name, "kUP2"))
			reorder(t, -1);
		else if (name && !strcmp(name, "kDN2"))
			reorder(t, 1);
		else if (k->code == KEY_SLEFT)
			move_horizon(t, -1);
		else if (k->code == KEY_SRIGHT)
			move_horizon(t, 1);
		else if (k->code == KEY_LEFT && t->bd.col > RB_NOW)
			t->bd.col--, t->bd.row = 0;
		else if (k->code == KEY_RIGHT && t->bd.col < RB_LATER)
			t->bd.col++, t->bd.row = 0;
		else if (k->code == KEY_UP && t->bd.row > 0)
			t->bd.row--;
		else if (k->code == KEY_DOWN)
			t->bd.row++;
		else if (k->code == KEY_ENTER)
			goto edit;
		else
			return RB_KEY_IGNORED;
		clamp_row(t);
		return RB_KEY_HANDLED;
	}
	if (k->alt)
		return RB_KEY_IGNORED;
	switch (k->ch) {
	case 'h':
		if (t->bd.col > RB_NOW)
			t->bd.col--, t->bd.row = 0;
		break;
	case 'l':
		if (t->bd.col < RB_LATER)
			t->bd.col++, t->bd.row = 0;
		break;
	case 'k':
		if (t->bd.row > 0)
			t->bd.row--;
		break;
	case 'j':
		t->bd.row++;
		break;
	case '<':
	case ',':
		move_horizon(t, -1);
		break;
	case '>':
	case '.':
		move_horizon(t, 1);
		break;
	case 'K':
		reorder(t, -1);
		break;
	case 'J':
		reorder(t, 1);
		break;
	case 't':
		t->bd.timeline = !t->bd.timeline;
		break;
	case '\r':
	case '\n':
		goto edit;
	case 27:
	case 'q':
	case 'r':
		t->screen = t->bd.back;
		return RB_KEY_HANDLED;
	default:
		return RB_KEY_IGNORED;
	}
	clamp_row(t);
	return RB_KEY_HANDLED;
edit : {
	/* The table editor, on the selected row; Esc comes back to the lesson. */
	long s = selected(t);
	long ri = roadmap_index(t);
	tui_open_lesson(t, t->app.cur->exercises[ri]->module_index);
	tui_lesson_focus(t, ri);
	tui_edit_open(t, ri);
	if (s >= 0)
		t->ed.row = t->bd.rm.v[s].row;
	return RB_KEY_HANDLED;
}
}

const struct screen_ops rb_screen_board = {
    .name = "roadmap",
    .draw = draw,
    .on_key = on_key,
    .hints = "< >: move   J K: reorder   t: timeline   Esc: back",
};
