/* screen_lesson.c - the lesson reader: the module's markdown rendered for the window, with each
 * exercise drawn where its block stands, showing the current answer. */
#include "tui/internal.h"

#include "content/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define READ_MAX_WIDTH 100

/* Moves the lines of src to the end of the view, marking them with exercise ex. */
static int take_lines(struct tui *t, struct rb_lines *src, long ex)
{
	size_t need = t->view.n + src->n;
	if (need > t->view.cap) {
		size_t cap = t->view.cap ? t->view.cap : 64;
		while (cap < need)
			cap *= 2;
		struct rb_line *v = realloc(t->view.v, cap * sizeof *v);
		if (!v)
			return -1;
		t->view.v = v;
		t->view.cap = cap;
		long *m = realloc(t->view_ex, cap * sizeof *m);
		if (!m)
			return -1;
		t->view_ex = m;
	}
	for (size_t i = 0; i < src->n; i++) {
		t->view_ex[t->view.n] = ex;
		t->view.v[t->view.n++] = src->v[i];
	}
	free(src->v);
	memset(src, 0, sizeof *src);
	return 0;
}

static void wrap(struct rb_lines *l, const char *s, int width, int indent, uint16_t style)
{
	rb_wrap_plain(l, s, strlen(s), width, indent, style);
}

/* The exercise as the reader shows it: number, prompt, help, and the answer so far. */
static void exercise_lines(struct tui *t, struct rb_lines *l, long ex, int width)
{
	const struct rb_exercise *e = t->app.cur->exercises[ex];
	const struct rb_module *m = &t->app.cur->modules[e->module_index];
	const char *v = t->app.answers[ex];
	size_t pos = 0;
	while (pos < m->nexercises && m->exercises[pos] != e)
		pos++;
	char head[160];
	snprintf(head, sizeof head, "Exercise %zu of %zu · %s%s", pos + 1, m->nexercises,
		 rb_exercise_type_hint(e), e->optional ? " · optional" : "");
	wrap(l, head, width, 2, RB_S_MARKER);
	wrap(l, e->prompt, width, 2, RB_S_BOLD);
	if (e->help)
		wrap(l, e->help, width, 2, RB_S_DIM | RB_S_ITALIC);
	struct rb_buf b = {0};
	switch (e->type) {
	case RB_EX_SCALE:
		for (int p = e->smin; p <= e->smax; p++) {
			bool on = v && atoi(v) == p;
			rb_buf_printf(&b, "%s %d  %s", on ? "(●)" : "( )", p,
				      e->labels[p - e->smin]);
			wrap(l, b.data, width, 4, on ? RB_S_BOLD : 0);
			rb_buf_free(&b);
		}
		break;
	case RB_EX_CHOICE:
	case RB_EX_MULTI:
	case RB_EX_CHECKLIST:
		for (size_t i = 0; i < e->noptions; i++) {
			bool on = rb_answer_has_option(e, v, i);
			const char *box =
			    e->type == RB_EX_CHOICE ? (on ? "(●)" : "( )") : (on ? "[x]" : "[ ]");
			rb_buf_printf(&b, "%s %s", box, e->options[i].label);
			wrap(l, b.data, width, 4, on ? RB_S_BOLD : 0);
			rb_buf_free(&b);
		}
		break;
	case RB_EX_TABLE:
		if (v) {
			struct rb_table tb;
			if (rb_table_parse(v, e->ncolumns, &tb) == 0) {
				for (size_t r = 0; r < tb.nrows; r++) {
					rb_buf_printf(&b, "%zu. ", r + 1);
					for (size_t c = 0; c < tb.ncols; c++)
						if (*tb.cells[r * tb.ncols + c])
							rb_buf_printf(&b, "%s%s", c ? " · " : "",
								      tb.cells[r * tb.ncols + c]);
					wrap(l, b.data, width, 4, 0);
					rb_buf_free(&b);
				}
				rb_table_free(&tb);
			}
		}
		break;
	case RB_EX_NUMBER: {
		char *s = v ? rb_answer_summary(e, v) : NULL;
		if (s) {
			rb_buf_printf(&b, "Your answer: %s", s);
			wrap(l, b.data, width, 4, RB_S_BOLD);
			rb_buf_free(&b);
		}
		free(s);
		break;
	}
	case RB_EX_TEXT:
		if (v)
			wrap(l, v, width, 4, 0);
		break;
	}
	if (!v)
		wrap(l, "Not answered yet: press Enter to answer.", width, 4, RB_S_DIM);
	tui_comment_lines(t, l, ex, width);
	wrap(l, "", width, 0, 0);
}

/* Back to the modules; the feedback shown in this lesson counts as read. */
static void leave(struct tui *t)
{
	char *err = NULL;
	if (rb_app_feedback_new(&t->app, (long)t->mod) &&
	    rb_app_feedback_seen(&t->app, (long)t->mod, &err) != 0)
		tui_set_status(t, true, "%s", err ? err : "");
	free(err);
	tui_invalidate_view(t);
	t->screen = SCREEN_HOME;
}

static void build_view(struct tui *t)
{
	rb_lines_free(&t->view);
	free(t->view_ex);
	t->view_ex = NULL;
	int width = t->cols - 4;
	if (width > READ_MAX_WIDTH)
		width = READ_MAX_WIDTH;
	t->view_width = width;
	const struct rb_module *m = &t->app.cur->modules[t->mod];
	struct rb_lines md = {0};
	if (rb_render_markdown(m->markdown, m->markdown_len, width, &md) < 0) {
		tui_set_status(t, true, "Out of memory while showing the lesson.");
		rb_lines_free(&md);
		return;
	}
	struct rb_lines part = {0};
	for (size_t i = 0; i < md.n; i++) {
		struct rb_line *line = &md.v[i];
		if (line->kind == RB_LINE_BLOCK) {
			int bi = line->block_index;
			const struct rb_exercise *e =
			    bi >= 0 && (size_t)bi < m->nblocks ? m->blocks[bi] : NULL;
			long ex = e ? (long)e->index : -1;
			if (ex >= 0) {
				exercise_lines(t, &part, ex, width);
				take_lines(t, &part, ex);
			} else {
				/* the module block: a one-line summary where it stands */
				char meta[160];
				snprintf(meta, sizeof meta,
					 "Week %d · %s · %d minutes · %zu exercises", m->week,
					 m->kind ? m->kind : "", m->duration, m->nexercises);
				wrap(&part, meta, width, 0, RB_S_DIM);
				take_lines(t, &part, -1);
			}
			free(line->text);
			free(line->spans);
			continue;
		}
		struct rb_lines one = {.v = malloc(sizeof *line), .n = 1, .cap = 1};
		if (!one.v)
			break;
		one.v[0] = *line;
		take_lines(t, &one, -1);
	}
	free(md.v);
	rb_lines_free(&part);
	t->view_stale = false;
}

static int body_rows(const struct tui *t)
{
	return t->rows - 2;
}

static long first_line_of(const struct tui *t, long ex)
{
	for (size_t i = 0; i < t->view.n; i++)
		if (t->view_ex[i] == ex)
			return (long)i;
	return -1;
}

static void clamp_top(struct tui *t)
{
	size_t body = (size_t)body_rows(t);
	size_t max = t->view.n > body ? t->view.n - body : 0;
	if (t->top > max)
		t->top = max;
}

/* Keeps the focused exercise on screen: after scrolling, focus the first exercise in view. */
static void focus_visible(struct tui *t)
{
	size_t body = (size_t)body_rows(t);
	long first = first_line_of(t, t->focus);
	if (first >= 0 && (size_t)first >= t->top && (size_t)first < t->top + body)
		return;
	for (size_t i = t->top; i < t->view.n && i < t->top + body; i++)
		if (t->view_ex[i] >= 0) {
			t->focus = t->view_ex[i];
			return;
		}
}

static void scroll_to_focus(struct tui *t)
{
	long first = first_line_of(t, t->focus);
	if (first < 0)
		return;
	size_t body = (size_t)body_rows(t);
	size_t last = (size_t)first;
	while (last + 1 < t->view.n && t->view_ex[last + 1] == t->focus)
		last++;
	if ((size_t)first < t->top || last >= t->top + body)
		t->top = (size_t)first > 2 ? (size_t)first - 2 : 0;
	clamp_top(t);
}

void tui_lesson_focus(struct tui *t, long ex)
{
	t->focus = ex;
	scroll_to_focus(t);
}

void tui_open_lesson(struct tui *t, size_t module)
{
	t->mod = module;
	t->top = 0;
	t->screen = SCREEN_LESSON;
	const struct rb_module *m = &t->app.cur->modules[module];
	t->focus = m->nexercises ? (long)m->exercises[0]->index : -1;
	build_view(t);
}

static void draw(struct tui *t)
{
	if (t->view_stale ||
	    t->view_width != (t->cols - 4 > READ_MAX_WIDTH ? READ_MAX_WIDTH : t->cols - 4))
		build_view(t);
	clamp_top(t);
	erase();
	size_t a, n;
	rb_app_module_progress(&t->app, t->mod, &a, &n);
	char hints[256];
	snprintf(hints, sizeof hints,
		 "%zu/%zu answered   Tab: next exercise   Enter: answer   Esc: modules   ?: keys",
		 a, n);
	tui_draw_bars(t, hints);
	int body = body_rows(t);
	int x = (t->cols - t->view_width) / 2;
	if (x < 2)
		x = 2;
	for (int r = 0; r < body && t->top + (size_t)r < t->view.n; r++) {
		size_t i = t->top + (size_t)r;
		long ex = t->view_ex[i];
		if (ex >= 0) {
			bool focused = ex == t->focus;
			attr_t g = focused ? tui_attr(t, TC_FOCUS) : tui_attr(t, TC_MARKER);
			tui_text(1 + r, x - 2, 1, focused ? "▶" : "▏", g);
		}
		tui_line(t, 1 + r, x, t->view_width, &t->view.v[i], A_NORMAL);
	}
	/* Scroll position, in words. */
	if (t->view.n > (size_t)body) {
		char pos[32];
		size_t pct = (t->top + (size_t)body) * 100 / t->view.n;
		snprintf(pos, sizeof pos, " %zu%% ", pct > 100 ? 100 : pct);
		tui_text(1, t->cols - 6, 6, pos, A_DIM);
	}
}

static void next_exercise(struct tui *t, int dir)
{
	const struct rb_module *m = &t->app.cur->modules[t->mod];
	if (!m->nexercises)
		return;
	size_t pos = 0;
	while (pos < m->nexercises && (long)m->exercises[pos]->index != t->focus)
		pos++;
	if (pos == m->nexercises)
		pos = 0;
	else if (dir > 0 && pos + 1 < m->nexercises)
		pos++;
	else if (dir < 0 && pos > 0)
		pos--;
	t->focus = (long)m->exercises[pos]->index;
	scroll_to_focus(t);
}

static enum rb_key_result on_key(struct tui *t, const struct tui_key *k)
{
	if (tui_scroll_key(k, &t->top, (size_t)body_rows(t), t->view.n)) {
		clamp_top(t);
		focus_visible(t);
		return RB_KEY_HANDLED;
	}
	if (k->is_key) {
		switch (k->code) {
		case KEY_BTAB:
			next_exercise(t, -1);
			return RB_KEY_HANDLED;
		case KEY_ENTER:
			if (t->focus >= 0)
				tui_edit_open(t, t->focus);
			return RB_KEY_HANDLED;
		case KEY_LEFT:
			leave(t);
			return RB_KEY_HANDLED;
		case KEY_MOUSE: { /* the body starts at row 1 (draw) */
			int y, x;
			if (!tui_mouse_click(k, &y, &x) || y < 1 || y > body_rows(t))
				return RB_KEY_HANDLED;
			size_t i = t->top + (size_t)(y - 1);
			long ex = i < t->view.n ? t->view_ex[i] : -1;
			/* the rule of lists (tui_click_select): select, then open */
			if (ex >= 0 && ex == t->focus)
				tui_edit_open(t, ex);
			else if (ex >= 0)
				t->focus = ex;
			return RB_KEY_HANDLED;
		}
		default:
			return RB_KEY_IGNORED;
		}
	}
	if (k->alt)
		return RB_KEY_IGNORED;
	switch (k->ch) {
	case '\t':
	case 'n':
		next_exercise(t, 1);
		return RB_KEY_HANDLED;
	case 'p':
		next_exercise(t, -1);
		return RB_KEY_HANDLED;
	case '\r':
	case '\n':
		if (t->focus >= 0)
			tui_edit_open(t, t->focus);
		return RB_KEY_HANDLED;
	case 'e':
		if (t->focus >= 0 && t->app.cur->exercises[t->focus]->type == RB_EX_TEXT) {
			tui_edit_open(t, t->focus);
			char *out = tui_external_editor(t, rb_textedit_text(&t->ed.te));
			if (out) {
				rb_textedit_set_text(&t->ed.te, out, strlen(out));
				t->dirty = true;
				tui_save_pending(t);
				free(out);
			}
			tui_edit_close(t);
		}
		return RB_KEY_HANDLED;
	case 27:
	case 'q':
	case 'h':
		leave(t);
		return RB_KEY_HANDLED;
	case 'u':
		tui_submit(t, t->mod);
		return RB_KEY_HANDLED;
	default:
		return tui_view_key(t, k->ch) ? RB_KEY_HANDLED : RB_KEY_IGNORED;
	}
}

const struct screen_ops rb_screen_lesson = {
    .name = "lesson",
    .draw = draw,
    .on_key = on_key,
    .hints = "Tab: next exercise   Enter: answer   Esc: modules   ?: keys",
};
