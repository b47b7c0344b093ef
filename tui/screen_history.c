/* screen_history.c - the saved versions of the workbook (F4, or h outside an answer): a list
 * with time and message, and the changes, answer by answer with the changed words marked,
 * between a version and the answers now, or between two versions (mark one with m). */
#include "tui/internal.h"

#include "content/buf.h"
#include "content/answers_md.h"
#include "store/history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DIFF_MAX_WIDTH 100

static void diff_free(struct tui *t)
{
	rb_lines_free(&t->hi.lines);
	t->hi.showing = false;
	t->hi.dtop = 0;
}

void tui_history_done(struct tui *t)
{
	diff_free(t);
	rb_versions_free(t->hi.v, t->hi.n);
	t->hi.v = NULL;
	t->hi.n = 0;
}

static void load(struct tui *t)
{
	rb_versions_free(t->hi.v, t->hi.n);
	t->hi.v = NULL;
	t->hi.n = 0;
	char *err = NULL;
	if (!t->app.repo) {
		tui_set_status(t, true, "%s",
			       t->app.repo_problem ? t->app.repo_problem
						   : "This workbook has no version history.");
		return;
	}
	if (rb_repo_log(t->app.repo, 0, &t->hi.v, &t->hi.n, &err) != RB_REPO_OK) {
		tui_set_status(t, true, "%s", err ? err : "The history could not be read.");
		free(err);
	}
	if (t->hi.sel > t->hi.n)
		t->hi.sel = t->hi.n;
}

void tui_open_history(struct tui *t)
{
	if (t->screen == SCREEN_EDIT)
		tui_edit_close(t);
	if (t->screen != SCREEN_HISTORY)
		t->hi.back = t->screen;
	t->screen = SCREEN_HISTORY;
	t->hi.sel = 0;
	t->hi.top = 0;
	t->hi.mark = -1;
	diff_free(t);
	load(t);
}

static void when(int64_t secs, char *out, size_t size)
{
	time_t tt = (time_t)secs;
	struct tm tm;
	if (!localtime_r(&tt, &tm) || !strftime(out, size, "%a %e %b %Y %H:%M", &tm))
		snprintf(out, size, "?");
}

/* ---- the comparison ---- */

static int line(struct rb_lines *l, const char *text, int width, int indent, uint16_t style)
{
	return rb_wrap_plain(l, text, strlen(text), width, indent, style);
}

static void describe(struct tui *t, struct rb_buf *b, long row)
{
	if (row == 0) {
		rb_buf_puts(b, "your answers now");
		return;
	}
	const struct rb_version *v = &t->hi.v[row - 1];
	char w[64];
	when(v->time, w, sizeof w);
	rb_buf_printf(b, "the version of %s (\"%s\")", w, v->summary);
}

/* Compares rows a (older) and b (newer; 0 = now) and lays the changes out. */
static void compare(struct tui *t, long ra, long rb)
{
	diff_free(t);
	struct rb_parsed_answers pa = {0}, pb = {0};
	struct rb_changes ch = {0};
	struct rb_diags d = {0};
	char *err = NULL;
	int width = t->cols - 4 > DIFF_MAX_WIDTH ? DIFF_MAX_WIDTH : t->cols - 4;
	int rc = rb_history_answers(t->app.repo, t->app.cur, t->hi.v[ra - 1].id, &pa, &d, &err);
	if (rc == 0)
		rc = rb ? rb_history_answers(t->app.repo, t->app.cur, t->hi.v[rb - 1].id, &pb, &d,
					     &err)
			: rb_app_current_answers(&t->app, &pb, &err);
	if (rc == 0 && rb_history_compare(t->app.cur, &pa, &pb, &ch) < 0)
		rc = -1;
	if (rc != 0) {
		tui_set_status(t, true, "%s", err ? err : "Out of memory while comparing.");
		goto done;
	}
	struct rb_lines *l = &t->hi.lines;
	struct rb_buf head = {0};
	rb_buf_puts(&head, "Changes from ");
	describe(t, &head, ra);
	rb_buf_puts(&head, " to ");
	describe(t, &head, rb);
	rb_buf_printf(&head, ": %zu answer%s.", ch.n, ch.n == 1 ? "" : "s");
	line(l, head.data ? head.data : "", width, 0, RB_S_BOLD);
	rb_buf_free(&head);
	for (size_t i = 0; i < d.n; i++) {
		char msg[600];
		snprintf(msg, sizeof msg, "%s:%d: %s (left out)", d.v[i].file, d.v[i].line,
			 d.v[i].message);
		line(l, msg, width, 0, RB_S_DIM);
	}
	if (!ch.n)
		line(l, "No answer is different.", width, 0, RB_S_DIM);
	long shown = -2;
	static const char *const what[] = {"added", "cleared", "changed"};
	for (size_t i = 0; i < ch.n; i++) {
		const struct rb_change *c = &ch.v[i];
		const struct rb_exercise *e =
		    c->index >= 0 ? t->app.cur->exercises[c->index] : NULL;
		long mod = e ? (long)e->module_index : -1;
		if (mod != shown) {
			struct rb_buf m = {0};
			if (mod >= 0)
				rb_buf_printf(&m, "Module %ld \xe2\x80\x93 %s", mod + 1,
					      t->app.cur->modules[mod].title);
			else
				rb_buf_puts(&m, "Archived answers");
			line(l, "\n", width, 0, 0);
			line(l, m.data ? m.data : "", width, 0, RB_S_HEADING | RB_S_BOLD);
			rb_buf_free(&m);
			shown = mod;
		}
		struct rb_buf title = {0};
		rb_buf_printf(&title, "%s \xe2\x80\x94 %s", e ? e->prompt : c->id, what[c->kind]);
		line(l, title.data ? title.data : "", width, 2, RB_S_BOLD);
		rb_buf_free(&title);
		/* removed and added words are marked in text as well as in colour */
		rb_segs_wrap(l, c->segs, c->nsegs, width, 4);
	}
	t->hi.width = width;
	t->hi.showing = true;
done:
	free(err);
	rb_diags_free(&d);
	rb_changes_free(&ch);
	rb_parsed_answers_free(&pa);
	rb_parsed_answers_free(&pb);
}

/* ---- drawing ---- */

static void draw(struct tui *t)
{
	erase();
	int body = t->rows - 2;
	if (t->hi.showing) {
		tui_draw_bars(t, "arrows, PgUp/PgDn: scroll   Esc: back to the versions   ?: keys");
		size_t max = t->hi.lines.n > (size_t)body ? t->hi.lines.n - (size_t)body : 0;
		if (t->hi.dtop > max)
			t->hi.dtop = max;
		int x = (t->cols - t->hi.width) / 2;
		for (int r = 0; r < body && t->hi.dtop + (size_t)r < t->hi.lines.n; r++)
			tui_line(t, 1 + r, x < 2 ? 2 : x, t->hi.width,
				 &t->hi.lines.v[t->hi.dtop + (size_t)r], A_NORMAL);
		return;
	}
	tui_draw_bars(t, t->hi.mark >= 0 ? "Enter: compare with the marked version   m: unmark   "
					   "Esc: back"
					 : "Enter: changes since this version   m: mark to compare "
					   "two   S: save a version   Esc: back");
	size_t rows = t->hi.n + 1;
	tui_text(1, 2, t->cols - 4, "Versions of your workbook, newest first", A_BOLD);
	int list = body - 2;
	if (list < 1)
		return;
	tui_keep_visible(&t->hi.top, t->hi.sel, t->hi.sel, (size_t)list);
	for (int r = 0; r < list && t->hi.top + (size_t)r < rows; r++) {
		size_t i = t->hi.top + (size_t)r;
		int y = 3 + r;
		bool on = i == t->hi.sel;
		attr_t a = on ? tui_attr(t, TC_FOCUS) | A_BOLD : A_NORMAL;
		if (on)
			mvhline(y, 0, ' ', t->cols);
		char mark[8];
		snprintf(mark, sizeof mark, "%s", (long)i == t->hi.mark ? "\xe2\x97\x8f" : " ");
		tui_text(y, 1, 1, on ? "\xe2\x96\xb6" : " ", a);
		tui_text(y, 3, 1, mark, a);
		if (i == 0) {
			bool pending = t->app.changes != t->app.snap_changes;
			tui_text(y, 5, t->cols - 6,
				 pending
				     ? "Now: your answers, with changes not yet saved as a version"
				     : "Now: your answers",
				 a);
			continue;
		}
		const struct rb_version *v = &t->hi.v[i - 1];
		char w[64], id[12];
		when(v->time, w, sizeof w);
		snprintf(id, sizeof id, "%.7s", v->id);
		int x = 5 + tui_text(y, 5, 22, w, a | A_DIM) + 2;
		if (t->cols > 70)
			x += tui_text(y, x, 8, id, a | A_DIM) + 2;
		tui_text(y, x, t->cols - x - 1, v->summary, a);
	}
}

/* ---- keys ---- */

static enum rb_key_result diff_key(struct tui *t, const struct tui_key *k)
{
	if (tui_scroll_key(k, &t->hi.dtop, (size_t)(t->rows - 2), t->hi.lines.n))
		return RB_KEY_HANDLED;
	if (tui_is_done_key(k) || (k->is_key && k->code == KEY_LEFT) ||
	    (!k->is_key && (k->ch == 'q' || k->ch == 'h' || k->ch == 'v'))) {
		diff_free(t);
		return RB_KEY_HANDLED;
	}
	return RB_KEY_IGNORED;
}

static void open_selected(struct tui *t)
{
	long sel = (long)t->hi.sel, mark = t->hi.mark;
	if (mark < 0) {
		if (sel == 0) {
			if (t->hi.n)
				compare(t, 1, 0); /* now: since the latest version */
			return;
		}
		compare(t, sel, 0);
		return;
	}
	if (mark == sel) {
		tui_set_status(t, false, "Choose another version to compare with the marked one.");
		return;
	}
	/* rows further down are older; row 0 (now) is the newest */
	long older = sel == 0 ? mark : mark == 0 ? sel : (sel > mark ? sel : mark);
	compare(t, older, older == sel ? mark : sel);
}

static void save_now(struct tui *t)
{
	if (!tui_save_pending(t))
		return;
	struct rb_snap_result res;
	char *err = NULL;
	if (rb_app_snapshot(&t->app, RB_SNAP_MANUAL, NULL, 0, &res, &err) != 0) {
		tui_set_status(t, true, "%s", err ? err : "The version could not be saved.");
		free(err);
		return;
	}
	if (res.committed)
		tui_set_status(t, false, "Saved a version: %s", res.summary ? res.summary : "");
	else
		tui_set_status(t, false,
			       "Nothing to save: no answer changed since the last version.");
	rb_snap_result_free(&res);
	load(t);
}

static enum rb_key_result on_key(struct tui *t, const struct tui_key *k)
{
	if (t->hi.showing)
		return diff_key(t, k);
	size_t rows = t->hi.n + 1;
	if (tui_scroll_key(k, &t->hi.sel, (size_t)(t->rows - 4), rows)) {
		if (t->hi.sel >= rows)
			t->hi.sel = rows - 1;
		return RB_KEY_HANDLED;
	}
	if (k->is_key) {
		if (k->code == KEY_ENTER || k->code == KEY_RIGHT) {
			open_selected(t);
			return RB_KEY_HANDLED;
		}
		if (k->code == KEY_LEFT) {
			t->screen = t->hi.back;
			return RB_KEY_HANDLED;
		}
		return RB_KEY_IGNORED;
	}
	if (k->alt)
		return RB_KEY_IGNORED;
	switch (k->ch) {
	case '\r':
	case '\n':
	case 'l':
		open_selected(t);
		return RB_KEY_HANDLED;
	case 'm':
		t->hi.mark = t->hi.mark == (long)t->hi.sel ? -1 : (long)t->hi.sel;
		return RB_KEY_HANDLED;
	case 'S':
		save_now(t);
		return RB_KEY_HANDLED;
	case 27:
	case 'q':
	case 'h':
	case 'v':
		t->screen = t->hi.back;
		return RB_KEY_HANDLED;
	default:
		return RB_KEY_IGNORED;
	}
}

const struct screen_ops rb_screen_history = {
    .name = "history",
    .draw = draw,
    .on_key = on_key,
    .hints = "Enter: changes   m: mark   S: save a version   Esc: back",
};
