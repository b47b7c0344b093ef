/* editor.c - the answer screen: one editor per exercise type. Text and numbers autosave as
 * you type (tui.c's autosave tick); choices, ticks and table cells save at once. */
#include "tui/internal.h"

#include "content/buf.h"
#include "content/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared text-field keys ---- */

static bool is_ctrl(const struct tui_key *k, char letter)
{
	return !k->is_key && !k->alt && k->ch == (wint_t)(letter & 0x1f);
}

/* What the last insertion had to change, for the status line: set by report_insert, read and
 * cleared by tui_insert_notice. */
static int insert_flags;

static void report_insert(int flags)
{
	if (flags > 0)
		insert_flags |= flags;
}

const char *tui_insert_notice(void)
{
	int f = insert_flags;
	insert_flags = 0;
	if (f & RB_TE_INS_REPLACED)
		return "Some characters could not be read (not UTF-8 text) and were replaced by �.";
	if (f & RB_TE_INS_TRUNCATED)
		return "The answer has reached its maximum length; the rest was not added.";
	if (f & RB_TE_INS_DROPPED)
		return "Control characters cannot go into an answer; they were left out.";
	return NULL;
}

bool tui_textedit_key(struct rb_textedit *te, const struct tui_key *k, size_t width, size_t page,
		      bool multiline)
{
	if (k->is_key) {
		const char *name = keyname(k->code);
		if (name && (!strcmp(name, "kLFT5") || !strcmp(name, "kLFT3"))) {
			rb_textedit_move(te, RB_TE_WORD_LEFT, width, page);
			return true;
		}
		if (name && (!strcmp(name, "kRIT5") || !strcmp(name, "kRIT3"))) {
			rb_textedit_move(te, RB_TE_WORD_RIGHT, width, page);
			return true;
		}
		if (name && !strcmp(name, "kHOM5")) {
			rb_textedit_move(te, RB_TE_TEXT_START, width, page);
			return true;
		}
		if (name && !strcmp(name, "kEND5")) {
			rb_textedit_move(te, RB_TE_TEXT_END, width, page);
			return true;
		}
		switch (k->code) {
		case KEY_LEFT:
			rb_textedit_move(te, RB_TE_LEFT, width, page);
			return true;
		case KEY_RIGHT:
			rb_textedit_move(te, RB_TE_RIGHT, width, page);
			return true;
		case KEY_UP:
			rb_textedit_move(te, RB_TE_UP, width, page);
			return multiline;
		case KEY_DOWN:
			rb_textedit_move(te, RB_TE_DOWN, width, page);
			return multiline;
		case KEY_PPAGE:
			rb_textedit_move(te, RB_TE_PAGE_UP, width, page);
			return true;
		case KEY_NPAGE:
			rb_textedit_move(te, RB_TE_PAGE_DOWN, width, page);
			return true;
		case KEY_HOME:
			rb_textedit_move(te, RB_TE_ROW_START, width, page);
			return true;
		case KEY_END:
			rb_textedit_move(te, RB_TE_ROW_END, width, page);
			return true;
		case KEY_BACKSPACE:
			if (k->alt)
				rb_textedit_delete(te, RB_TE_DEL_WORD_BACK);
			else
				rb_textedit_delete(te, RB_TE_DEL_BACK);
			return true;
		case KEY_DC:
			rb_textedit_delete(te, RB_TE_DEL_FORWARD);
			return true;
		}
		return false;
	}
	if (k->alt) {
		switch (k->ch) {
		case 'b':
			rb_textedit_move(te, RB_TE_WORD_LEFT, width, page);
			return true;
		case 'f':
			rb_textedit_move(te, RB_TE_WORD_RIGHT, width, page);
			return true;
		case 'd':
			rb_textedit_delete(te, RB_TE_DEL_WORD_FORWARD);
			return true;
		case 127:
		case 8:
			rb_textedit_delete(te, RB_TE_DEL_WORD_BACK);
			return true;
		}
		return false;
	}
	switch (k->ch) {
	case 127:
	case 8:
		rb_textedit_delete(te, RB_TE_DEL_BACK);
		return true;
	case 23:
		rb_textedit_delete(te, RB_TE_DEL_WORD_BACK);
		return true; /* Ctrl-W */
	case 11:
		rb_textedit_delete(te, RB_TE_DEL_LINE_END);
		return true; /* Ctrl-K */
	case 1:
		rb_textedit_move(te, RB_TE_LINE_START, width, page);
		return true; /* Ctrl-A */
	case 26:
		rb_textedit_undo(te);
		return true; /* Ctrl-Z */
	case 25:
		rb_textedit_redo(te);
		return true; /* Ctrl-Y */
	case '\r':
	case '\n':
		if (!multiline)
			return false;
		rb_textedit_type(te, '\n');
		return true;
	}
	if (k->ch >= 32 && k->ch != 127) {
		report_insert(rb_textedit_type(te, (uint32_t)k->ch));
		return true;
	}
	return false;
}

/* ---- opening and closing ---- */

void tui_edit_open(struct tui *t, long ex)
{
	struct editor *ed = &t->ed;
	ed->ex = ex;
	ed->e = t->app.cur->exercises[ex];
	ed->sel = ed->row = ed->top = 0;
	ed->cell_editing = ed->confirm_delete = false;
	free(ed->error);
	ed->error = NULL;
	const char *v = t->app.answers[ex] ? t->app.answers[ex] : "";
	const struct rb_exercise *e = ed->e;
	rb_textedit_init(&ed->te, e->type == RB_EX_TEXT ? e->max_length : 200);
	if (e->type == RB_EX_TEXT || e->type == RB_EX_NUMBER)
		rb_textedit_set_text(&ed->te, v, strlen(v));
	if (e->type == RB_EX_SCALE && *v)
		ed->sel = (size_t)(atoi(v) - e->smin);
	if (e->type == RB_EX_CHOICE)
		for (size_t i = 0; i < e->noptions; i++)
			if (!strcmp(v, e->options[i].id))
				ed->sel = i;
	if (e->type == RB_EX_TABLE && rb_table_parse(v, e->ncolumns, &ed->table) < 0)
		tui_set_status(t, true, "Out of memory while opening the table.");
	t->dirty = false;
	t->save_failed = false;
	t->screen = SCREEN_EDIT;
	free(ed->recovered);
	ed->recovered = e->type == RB_EX_TEXT ? rb_app_recovery_get(&t->app, e->id) : NULL;
	if (ed->recovered)
		tui_set_status(
		    t, true,
		    "Not saved when roadbook last stopped: Ctrl-R puts back the words you "
		    "typed here (kept in .roadbook/" RB_RECOVERED_DIR "/%s.txt).",
		    e->id);
}

void tui_edit_close(struct tui *t)
{
	struct editor *ed = &t->ed;
	if (ed->e && (ed->e->type == RB_EX_TEXT || ed->e->type == RB_EX_NUMBER))
		tui_save_pending(t);
	if (ed->e && ed->e->type == RB_EX_NUMBER && ed->error)
		tui_set_status(t, true, "Not saved: %s", ed->error);
	rb_textedit_done(&ed->te);
	rb_table_free(&ed->table);
	free(ed->error);
	ed->error = NULL;
	free(ed->recovered);
	ed->recovered = NULL;
	t->screen = SCREEN_LESSON;
	tui_invalidate_view(t);
}

void tui_edit_set_error(struct tui *t, char *msg)
{
	free(t->ed.error);
	t->ed.error = msg;
}

/* Stores a value through the same checks as the command line. */
bool tui_edit_store(struct tui *t, const char *value)
{
	char *err = NULL;
	int rc = rb_app_set_answer(&t->app, (size_t)t->ed.ex, value, &err);
	if (rc != 0) {
		tui_edit_set_error(t, err ? err : strdup("Out of memory."));
		return false;
	}
	tui_edit_set_error(t, NULL);
	t->last_save_ms = tui_now_ms();
	tui_invalidate_view(t);
	return true;
}

/* ---- drawing ---- */

/* The header: module, exercise number, prompt and help. Returns the first free row. */
static int draw_header(struct tui *t, int width, int x)
{
	const struct rb_exercise *e = t->ed.e;
	const struct rb_module *m = &t->app.cur->modules[e->module_index];
	struct rb_lines l = {0};
	struct rb_buf b = {0};
	rb_buf_printf(&b, "%s › %s", m->title ? m->title : "", e->id);
	rb_wrap_plain(&l, b.data ? b.data : "", b.len, width, 0, RB_S_DIM);
	rb_buf_free(&b);
	rb_wrap_plain(&l, e->prompt, strlen(e->prompt), width, 0, RB_S_BOLD);
	if (e->help)
		rb_wrap_plain(&l, e->help, strlen(e->help), width, 0, RB_S_ITALIC);
	int y = 2;
	for (size_t i = 0; i < l.n && y < t->rows / 2; i++)
		tui_line(t, y++, x, width, &l.v[i], A_NORMAL);
	rb_lines_free(&l);
	return y + 1;
}

static void draw_error(struct tui *t, int x, int width)
{
	if (t->ed.error) { /* "!" says it is a problem without colour */
		int w = tui_text(t->rows - 2, x, width, "! ", tui_attr(t, TC_ERROR));
		tui_text(t->rows - 2, x + w, width - w, t->ed.error, tui_attr(t, TC_ERROR));
	}
}

void tui_keep_visible(size_t *top, size_t first, size_t last, size_t rows)
{
	if (first < *top)
		*top = first;
	if (last >= *top + rows)
		*top = last - rows + 1;
}

static void draw_text(struct tui *t, int y0, int x, int width)
{
	struct editor *ed = &t->ed;
	const struct rb_te_row *rows;
	size_t n, cr, cc;
	size_t w = (size_t)width - 1;
	if (rb_textedit_layout(&ed->te, w, &rows, &n, &cr, &cc) < 0)
		return;
	size_t body = (size_t)(t->rows - 2 - y0);
	tui_keep_visible(&ed->top, cr, cr, body);
	ed->y0 = y0;
	const char *text = rb_textedit_text(&ed->te);
	for (size_t r = ed->top; r < n && r < ed->top + body; r++) {
		char *line = rb_strndup(text + rows[r].start, rows[r].len);
		if (line)
			tui_text(y0 + (int)(r - ed->top), x, width, line, A_NORMAL);
		free(line);
	}
	if (!rb_textedit_length(&ed->te) && ed->e->placeholder)
		tui_text(y0, x, width, ed->e->placeholder, A_DIM);
	move(y0 + (int)(cr - ed->top), x + (int)cc);
	curs_set(1);
}

static void draw_number(struct tui *t, int y, int x, int width)
{
	const struct rb_exercise *e = t->ed.e;
	char range[128];
	snprintf(range, sizeof range, "from %.*f to %.*f%s%s", e->decimals, e->nmin, e->decimals,
		 e->nmax, e->unit ? " " : "", e->unit ? e->unit : "");
	tui_text(y, x, width, range, A_DIM);
	y += 2;
	const char *v = rb_textedit_text(&t->ed.te);
	attr_t field = A_UNDERLINE;
	attrset(field);
	mvhline(y, x, ' ', 24);
	attrset(A_NORMAL);
	tui_text(y, x, 24, v, field);
	if (e->unit)
		tui_text(y, x + 25, width - 25, e->unit, A_NORMAL);
	size_t cur = rb_textedit_cursor(&t->ed.te);
	move(y, x + (int)rb_utf8_width(v, cur));
	curs_set(1);
}

/* Options as wrapped lines; *first receives each option's first line. */
static void option_lines(struct tui *t, struct rb_lines *l, size_t *first, int width)
{
	const struct rb_exercise *e = t->ed.e;
	const char *v = t->app.answers[t->ed.ex];
	size_t n = e->type == RB_EX_SCALE ? (size_t)(e->smax - e->smin + 1) : e->noptions;
	for (size_t i = 0; i < n; i++) {
		struct rb_buf b = {0};
		bool on;
		if (e->type == RB_EX_SCALE) {
			on = v && atoi(v) == e->smin + (int)i;
			rb_buf_printf(&b, "%s %d  %s", on ? "(●)" : "( )", e->smin + (int)i,
				      e->labels[i]);
		} else if (e->type == RB_EX_CHOICE) {
			on = rb_answer_has_option(e, v, i);
			rb_buf_printf(&b, "%s %zu. %s", on ? "(●)" : "( )", i + 1,
				      e->options[i].label);
		} else {
			on = rb_answer_has_option(e, v, i);
			rb_buf_printf(&b, "%s %zu. %s", on ? "[x]" : "[ ]", i + 1,
				      e->options[i].label);
		}
		first[i] = l->n;
		rb_wrap_plain(l, b.data ? b.data : "", b.len, width, 2, on ? RB_S_BOLD : 0);
		rb_buf_free(&b);
	}
	first[n] = l->n;
}

static size_t option_count(const struct rb_exercise *e)
{
	return e->type == RB_EX_SCALE ? (size_t)(e->smax - e->smin + 1) : e->noptions;
}

static void draw_options(struct tui *t, int y0, int x, int width)
{
	struct editor *ed = &t->ed;
	size_t n = option_count(ed->e);
	size_t *first = calloc(n + 1, sizeof *first);
	struct rb_lines l = {0};
	if (!first)
		return;
	option_lines(t, &l, first, width);
	size_t body = (size_t)(t->rows - 2 - y0);
	tui_keep_visible(&ed->top, first[ed->sel], first[ed->sel + 1] - 1, body);
	ed->y0 = y0;
	for (size_t i = ed->top; i < l.n && i < ed->top + body; i++) {
		bool sel = i >= first[ed->sel] && i < first[ed->sel + 1];
		if (i == first[ed->sel])
			tui_text(y0 + (int)(i - ed->top), x - 2, 1, "▶", tui_attr(t, TC_FOCUS));
		tui_line(t, y0 + (int)(i - ed->top), x, width, &l.v[i],
			 sel ? tui_attr(t, TC_FOCUS) : A_NORMAL);
	}
	rb_lines_free(&l);
	free(first);
}

static void draw(struct tui *t)
{
	erase();
	curs_set(0);
	const struct rb_exercise *e = t->ed.e;
	static const char *const hints[] = {
	    [RB_EX_TEXT] = "Esc: done   Ctrl-E: your editor   Ctrl-Z: undo   ?: F1 for keys",
	    [RB_EX_SCALE] = "Up/Down: move   Enter/Space: pick   Backspace: clear   Esc: done",
	    [RB_EX_CHOICE] = "Up/Down: move   Enter/Space: pick   Backspace: clear   Esc: done",
	    [RB_EX_MULTI] = "Up/Down: move   Space: tick/untick   Backspace: clear   Esc: done",
	    [RB_EX_CHECKLIST] = "Up/Down: move   Space: tick/untick   Esc: done",
	    [RB_EX_NUMBER] = "Type the number   Enter: save   Esc: done",
	    [RB_EX_TABLE] =
		"Up/Down: move   Enter: edit   a: add row   d d: delete row   Esc: done",
	};
	const char *hint = hints[e->type];
	if (e->type == RB_EX_TEXT && t->keymap.style == RB_KEYS_EMACS) /* Ctrl-E: end of line */
		hint = "Esc: done   Ctrl-X Ctrl-E: your editor   Ctrl-Z: undo   F1: keys";
	tui_draw_bars(t, hint);
	int width = t->cols - 6;
	if (width > 100)
		width = 100;
	int x = (t->cols - width) / 2;
	int y = draw_header(t, width, x);
	switch (e->type) {
	case RB_EX_TEXT:
		draw_text(t, y, x, width);
		break;
	case RB_EX_NUMBER:
		draw_number(t, y, x, width);
		break;
	case RB_EX_TABLE:
		tui_table_draw(t, y, x, width);
		break;
	default:
		draw_options(t, y, x, width);
		break;
	}
	int cy, cx;
	getyx(stdscr, cy, cx);
	draw_error(t, x, width);
	move(cy, cx);
}

/* ---- keys ---- */

bool tui_is_done_key(const struct tui_key *k)
{
	return (!k->is_key && !k->alt && k->ch == 27) || (k->is_key && k->code == KEY_F(10));
}

/* A click puts the cursor where it points (draw_text's layout: the text is width + 1 columns
 * wide, centred); the wheel moves it three rows. */
static void text_mouse(struct tui *t, const struct tui_key *k, size_t width)
{
	struct editor *ed = &t->ed;
	int wheel = tui_mouse_wheel(k), y, x;
	int x0 = (t->cols - (int)width - 1) / 2;
	for (int i = 0; i < 3 && wheel; i++)
		rb_textedit_move(&ed->te, wheel < 0 ? RB_TE_UP : RB_TE_DOWN, width, 1);
	if (!wheel && tui_mouse_click(k, &y, &x) && y >= ed->y0 && y < t->rows - 2 && x >= x0)
		rb_textedit_move_to_cell(&ed->te, width, ed->top + (size_t)(y - ed->y0),
					 (size_t)(x - x0));
}

static enum rb_key_result text_key(struct tui *t, const struct tui_key *k)
{
	struct editor *ed = &t->ed;
	if (tui_is_done_key(k)) {
		/* Text that cannot be saved (a full disk, a read-only folder) is never dropped
		 * by a key: the editor stays, and only a second Esc leaves without it. */
		if (ed->e->type == RB_EX_TEXT && !ed->confirm_leave && !tui_save_pending(t)) {
			ed->confirm_leave = true;
			tui_set_status(t, true,
				       "Not saved yet, so the editor stays open (roadbook keeps "
				       "trying). Free some space or fix the folder, or press Esc "
				       "again to leave without this change.");
			return RB_KEY_HANDLED;
		}
		ed->confirm_leave = false;
		tui_edit_close(t);
		return RB_KEY_HANDLED;
	}
	ed->confirm_leave = false;
	if (is_ctrl(k, 'R') && ed->recovered) {
		/* the words kept when roadbook last stopped, put back as two undoable steps */
		rb_textedit_delete(&ed->te, RB_TE_DEL_ALL);
		report_insert(rb_textedit_insert(&ed->te, ed->recovered, strlen(ed->recovered)));
		free(ed->recovered);
		ed->recovered = NULL;
		rb_textedit_clear_modified(&ed->te);
		t->dirty = true;
		if (tui_save_pending(t))
			rb_app_recovery_drop(&t->app, ed->e->id);
		tui_set_status(t, false,
			       "Put back the words you typed when roadbook last stopped "
			       "(Ctrl-Z twice undoes it).");
		return RB_KEY_HANDLED;
	}
	if (is_ctrl(k, 'E')) {
		tui_save_pending(t);
		char *out = tui_external_editor(t, rb_textedit_text(&ed->te));
		if (out) {
			/* checked like typed text; what had to change is said */
			report_insert(rb_textedit_set_text(&ed->te, out, strlen(out)));
			t->dirty = true;
			tui_save_pending(t);
			free(out);
		}
		return RB_KEY_HANDLED;
	}
	size_t width = (size_t)(t->cols - 6 > 100 ? 100 : t->cols - 6) - 1;
	bool multiline = ed->e->type == RB_EX_TEXT;
	if (!multiline && !k->is_key && (k->ch == '\r' || k->ch == '\n')) {
		t->dirty = true;
		if (tui_save_pending(t))
			tui_edit_close(t);
		return RB_KEY_HANDLED;
	}
	if (multiline && k->is_key && k->code == KEY_MOUSE) {
		text_mouse(t, k, width);
		return RB_KEY_HANDLED;
	}
	if (!tui_textedit_key(&ed->te, k, width, (size_t)(t->rows / 2), multiline))
		return RB_KEY_IGNORED;
	if (rb_textedit_modified(&ed->te)) {
		rb_textedit_clear_modified(&ed->te);
		t->dirty = true;
		t->last_change_ms = tui_now_ms();
		if (!multiline) {
			free(ed->error);
			ed->error = NULL;
		}
	}
	return RB_KEY_HANDLED;
}

static void pick_option(struct tui *t)
{
	struct editor *ed = &t->ed;
	const struct rb_exercise *e = ed->e;
	const char *v = t->app.answers[ed->ex];
	if (e->type == RB_EX_SCALE) {
		char num[16];
		snprintf(num, sizeof num, "%d", e->smin + (int)ed->sel);
		tui_edit_store(t, num);
	} else if (e->type == RB_EX_CHOICE) {
		tui_edit_store(t, e->options[ed->sel].id);
	} else {
		struct rb_buf b = {0};
		for (size_t i = 0; i < e->noptions; i++) {
			bool on = rb_answer_has_option(e, v, i);
			if (i == ed->sel)
				on = !on;
			if (on)
				rb_buf_printf(&b, "%s%s", b.len ? "," : "", e->options[i].id);
		}
		tui_edit_store(t, b.data ? b.data : "");
		rb_buf_free(&b);
	}
}

/* The option drawn at the row clicked, or -1 (draw_options' layout). */
static long option_at(struct tui *t, const struct tui_key *k)
{
	struct editor *ed = &t->ed;
	int y, x;
	if (!tui_mouse_click(k, &y, &x) || y < ed->y0 || y >= t->rows - 2)
		return -1;
	size_t line = ed->top + (size_t)(y - ed->y0);
	size_t n = option_count(ed->e);
	size_t *first = calloc(n + 1, sizeof *first);
	struct rb_lines l = {0};
	long found = -1;
	if (first) {
		option_lines(t, &l, first, t->cols - 6 > 100 ? 100 : t->cols - 6);
		for (size_t i = 0; i < n && found < 0; i++)
			if (line >= first[i] && line < first[i + 1])
				found = (long)i;
	}
	rb_lines_free(&l);
	free(first);
	return found;
}

static enum rb_key_result options_key(struct tui *t, const struct tui_key *k)
{
	struct editor *ed = &t->ed;
	size_t n = option_count(ed->e);
	if (tui_is_done_key(k) || (k->is_key && k->code == KEY_LEFT)) {
		tui_edit_close(t);
		return RB_KEY_HANDLED;
	}
	if (k->is_key) {
		switch (k->code) {
		case KEY_UP:
			if (ed->sel)
				ed->sel--;
			return RB_KEY_HANDLED;
		case KEY_DOWN:
			if (ed->sel + 1 < n)
				ed->sel++;
			return RB_KEY_HANDLED;
		case KEY_ENTER:
			pick_option(t);
			return RB_KEY_HANDLED;
		case KEY_BACKSPACE:
		case KEY_DC:
			tui_edit_store(t, "");
			return RB_KEY_HANDLED;
		case KEY_MOUSE: { /* the wheel moves; a click selects, then picks */
			int wheel = tui_mouse_wheel(k);
			long i = wheel ? -1 : option_at(t, k);
			if (wheel < 0 && ed->sel)
				ed->sel--;
			else if (wheel > 0 && ed->sel + 1 < n)
				ed->sel++;
			else if (i >= 0 && tui_click_select(&ed->sel, (size_t)i))
				pick_option(t);
			return RB_KEY_HANDLED;
		}
		}
		return RB_KEY_IGNORED;
	}
	if (k->alt)
		return RB_KEY_IGNORED;
	if (k->ch == 'k' && ed->sel)
		ed->sel--;
	else if (k->ch == 'j' && ed->sel + 1 < n)
		ed->sel++;
	else if (k->ch == ' ' || k->ch == '\r' || k->ch == '\n' || k->ch == 'x')
		pick_option(t);
	else if (k->ch == 127 || k->ch == 8)
		tui_edit_store(t, "");
	else if (k->ch >= '0' && k->ch <= '9') {
		long d = (long)(k->ch - '0');
		long idx = ed->e->type == RB_EX_SCALE ? d - ed->e->smin : d - 1;
		if (idx < 0 || (size_t)idx >= n)
			return RB_KEY_HANDLED;
		ed->sel = (size_t)idx;
		pick_option(t);
	} else if (k->ch == 'q')
		tui_edit_close(t);
	else
		return RB_KEY_IGNORED;
	return RB_KEY_HANDLED;
}

static enum rb_key_result on_key(struct tui *t, const struct tui_key *k)
{
	switch (t->ed.e->type) {
	case RB_EX_TEXT:
	case RB_EX_NUMBER:
		return text_key(t, k);
	case RB_EX_TABLE:
		return tui_table_key(t, k);
	default:
		return options_key(t, k);
	}
}

const struct screen_ops rb_screen_edit = {
    .name = "answer",
    .draw = draw,
    .on_key = on_key,
    .hints = "Esc: done",
};
