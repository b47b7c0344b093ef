/* screen_feedback.c - the facilitator's feedback as the participant sees it: every comment
 * with the answer it is about, replies and whether it is resolved; r replies, x marks it
 * resolved (or open again), Enter goes to the answer. Also the comment lines the lesson
 * reader shows under an exercise, and submitting a module. */
#include "tui/internal.h"

#include "content/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_WIDTH 100

static void day(int64_t ms, char out[32])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	if (!localtime_r(&t, &tm) || !strftime(out, 32, "%e %b %H:%M", &tm))
		snprintf(out, 32, "?");
	if (out[0] == ' ')
		memmove(out, out + 1, strlen(out));
}

/* One comment: who and when, flags, the text, the replies. */
static void comment_lines(struct tui *t, struct rb_lines *l, const struct rb_review_item *c,
			  int width, int indent)
{
	char when[32];
	day(c->at_ms, when);
	struct rb_buf b = {0};
	rb_buf_printf(&b, "\xe2\x96\xb8 Facilitator, %s%s%s%s", when,
		      rb_app_comment_new(&t->app, c) ? " \xc2\xb7 NEW" : "",
		      rb_app_comment_resolved(&t->app, c->id) ? " \xc2\xb7 resolved" : "",
		      rb_app_comment_changed(&t->app, c)
			  ? " \xc2\xb7 answer changed since this comment"
			  : "");
	rb_wrap_plain(l, b.data ? b.data : "", b.len, width, indent, RB_S_MARKER | RB_S_BOLD);
	rb_buf_free(&b);
	rb_wrap_plain(l, c->body, strlen(c->body), width, indent + 2, RB_S_ITALIC);
	for (size_t i = 0; i < t->app.nown; i++) {
		const struct rb_review_item *r = &t->app.own[i];
		if (strcmp(r->kind, "reply") || strcmp(r->target, c->id))
			continue;
		day(r->at_ms, when);
		rb_buf_printf(&b, "\xe2\x86\xb3 You, %s:", when);
		rb_wrap_plain(l, b.data ? b.data : "", b.len, width, indent + 2, RB_S_BOLD);
		rb_buf_free(&b);
		rb_wrap_plain(l, r->body, strlen(r->body), width, indent + 4, 0);
	}
}

void tui_comment_lines(struct tui *t, struct rb_lines *l, long ex, int width)
{
	const char *id = t->app.cur->exercises[ex]->id;
	for (size_t i = 0; i < t->app.nfac; i++)
		if (!strcmp(t->app.fac[i].kind, "comment") && !strcmp(t->app.fac[i].target, id))
			comment_lines(t, l, &t->app.fac[i], width, 2);
}

void tui_submit(struct tui *t, size_t module)
{
	if (!tui_save_pending(t))
		return;
	struct rb_snap_result res;
	char *err = NULL;
	if (rb_app_submit(&t->app, module, &res, &err) != 0) {
		tui_set_status(t, true, "%s", err ? err : "The module could not be submitted.");
	} else {
		tui_set_status(
		    t, false,
		    "Module %zu submitted for review: it reaches your facilitator at the "
		    "next sync (F5).",
		    module + 1);
		rb_snap_result_free(&res);
	}
	free(err);
	tui_invalidate_view(t);
}

/* ---- the list ---- */

void tui_feedback_done(struct tui *t)
{
	free(t->fb.items);
	free(t->fb.first);
	rb_lines_free(&t->fb.lines);
	enum screen_id back = t->fb.back;
	memset(&t->fb, 0, sizeof t->fb);
	t->fb.back = back;
}

static void build(struct tui *t, int width)
{
	struct feedback_view *f = &t->fb;
	size_t sel = f->sel;
	free(f->items);
	free(f->first);
	rb_lines_free(&f->lines);
	f->items = calloc(t->app.nfac + 1, sizeof *f->items);
	f->first = calloc(t->app.nfac + 1, sizeof *f->first);
	f->n = 0;
	if (!f->items || !f->first)
		return;
	const struct rb_curriculum *c = t->app.cur;
	/* module by module, then sections, then detached */
	for (long m = 0; m <= (long)c->nmodules; m++) {
		bool head = false;
		for (size_t i = 0; i < t->app.nfac; i++) {
			const struct rb_review_item *cm = &t->app.fac[i];
			if (strcmp(cm->kind, "comment"))
				continue;
			long cmod = rb_app_comment_module(&t->app, cm);
			if ((m < (long)c->nmodules && cmod != m) ||
			    (m == (long)c->nmodules && cmod >= 0))
				continue;
			if (!head) {
				struct rb_buf b = {0};
				if (m < (long)c->nmodules) {
					const struct rb_review_item *d = NULL;
					enum rb_rstate st =
					    rb_app_module_state(&t->app, (size_t)m, &d, NULL);
					rb_buf_printf(&b, "Module %ld \xe2\x80\x93 %s: %s", m + 1,
						      c->modules[m].title, rb_rstate_label(st));
				} else {
					rb_buf_puts(&b, "The strategy document, and comments on "
							"exercises no longer in the curriculum");
				}
				rb_wrap_plain(&f->lines, "", 0, width, 0, 0);
				rb_wrap_plain(&f->lines, b.data ? b.data : "", b.len, width, 0,
					      RB_S_HEADING | RB_S_BOLD);
				rb_buf_free(&b);
				head = true;
			}
			f->first[f->n] = f->lines.n;
			f->items[f->n++] = i;
			const struct rb_exercise *e;
			const struct rb_section *s;
			rb_review_target(c, cm->target, &e, &s);
			struct rb_buf b = {0};
			if (e)
				rb_buf_printf(&b, "%s", e->prompt);
			else if (s)
				rb_buf_printf(&b, "Section: %s", s->title);
			else
				rb_buf_printf(&b, "%s (no longer in the curriculum: detached)",
					      cm->target);
			rb_wrap_plain(&f->lines, b.data ? b.data : "", b.len, width, 2, RB_S_BOLD);
			rb_buf_free(&b);
			if (e && t->app.answers[e->index]) {
				char *sum = rb_answer_summary(e, t->app.answers[e->index]);
				const char *v = sum ? sum : t->app.answers[e->index];
				rb_wrap_plain(&f->lines, v, strlen(v), width, 4, RB_S_DIM);
				free(sum);
			}
			comment_lines(t, &f->lines, cm, width, 4);
		}
	}
	f->sel = f->n && sel >= f->n ? f->n - 1 : sel;
	f->width = width;
	f->built_for = t->app.changes;
}

void tui_open_feedback(struct tui *t)
{
	if (!tui_save_pending(t))
		return;
	char *err = NULL;
	if (rb_app_feedback_load(&t->app, &err) != 0)
		tui_set_status(t, true, "%s", err ? err : "The feedback could not be read.");
	free(err);
	enum screen_id back = t->screen == SCREEN_FEEDBACK ? t->fb.back : t->screen;
	if (back == SCREEN_EDIT)
		back = SCREEN_LESSON;
	tui_feedback_done(t);
	t->fb.back = back;
	t->fb.width = 0;
	t->screen = SCREEN_FEEDBACK;
}

static void draw(struct tui *t)
{
	struct feedback_view *f = &t->fb;
	int width = t->cols - 4 > MAX_WIDTH ? MAX_WIDTH : t->cols - 4;
	if (f->width != width || f->built_for != t->app.changes)
		build(t, width);
	erase();
	tui_draw_bars(t, "Up/Down: comment   r: reply   x: resolved / open   Enter: go to the "
			 "answer   Esc: back");
	int body = t->rows - 2;
	if (!f->n) {
		tui_text(2, 2, t->cols - 4,
			 "No comments from your facilitator yet. Submit a module (u on the modules "
			 "screen) and sync (F5); their comments arrive with the next sync.",
			 A_DIM);
		return;
	}
	size_t first = f->first[f->sel];
	size_t last = f->sel + 1 < f->n ? f->first[f->sel + 1] - 1 : f->lines.n - 1;
	tui_keep_visible(&f->top, first, last, (size_t)body);
	int x = (t->cols - width) / 2;
	for (int r = 0; r < body && f->top + (size_t)r < f->lines.n; r++) {
		size_t i = f->top + (size_t)r;
		bool on = i >= first && i <= last;
		if (on)
			tui_text(1 + r, x - 2, 1, "\xe2\x96\x8c", tui_attr(t, TC_FOCUS));
		tui_line(t, 1 + r, x, width, &f->lines.v[i], A_NORMAL);
	}
}

static enum rb_key_result on_key(struct tui *t, const struct tui_key *k)
{
	struct feedback_view *f = &t->fb;
	wint_t ch = !k->is_key && !k->alt ? k->ch : 0;
	int code = k->is_key ? k->code : 0;
	const struct rb_review_item *c = f->n ? &t->app.fac[f->items[f->sel]] : NULL;
	if (ch == 27 || ch == 'q' || code == KEY_LEFT || ch == 'f') {
		char *err = NULL;
		rb_app_feedback_seen(&t->app, -1, &err);
		free(err);
		t->screen = f->back == SCREEN_FEEDBACK ? SCREEN_HOME : f->back;
		tui_feedback_done(t);
		tui_invalidate_view(t);
	} else if (code == KEY_UP || ch == 'k' || code == KEY_BTAB || tui_mouse_wheel(k) < 0) {
		if (f->sel)
			f->sel--;
	} else if (code == KEY_DOWN || ch == 'j' || ch == '\t' || tui_mouse_wheel(k) > 0) {
		if (f->sel + 1 < f->n)
			f->sel++;
	} else if (ch == 'r' && c) {
		char title[256];
		snprintf(title, sizeof title, "Reply to your facilitator's comment %s", c->id);
		tui_compose_open(t, COMPOSE_REPLY, c->id, title);
	} else if (ch == 'x' && c) {
		bool was = rb_app_comment_resolved(&t->app, c->id);
		char *err = NULL, id[96];
		snprintf(id, sizeof id, "%s", c->id);
		if (rb_app_resolve(&t->app, id, !was, &err) != 0)
			tui_set_status(t, true, "%s", err ? err : "Not saved.");
		else
			tui_set_status(t, false,
				       "Marked %s; your facilitator sees it after the next "
				       "sync (F5).",
				       was ? "open again" : "resolved");
		free(err);
		f->width = 0;
	} else if ((code == KEY_ENTER || ch == '\r' || ch == '\n') && c) {
		long m = rb_app_comment_module(&t->app, c);
		const struct rb_exercise *e = rb_curriculum_exercise(t->app.cur, c->target);
		if (m >= 0 && e) {
			char *err = NULL;
			rb_app_feedback_seen(&t->app, -1, &err);
			free(err);
			tui_feedback_done(t);
			tui_open_lesson(t, (size_t)m);
			tui_lesson_focus(t, (long)e->index);
		}
	} else {
		return RB_KEY_IGNORED;
	}
	return RB_KEY_HANDLED;
}

const struct screen_ops rb_screen_feedback = {"feedback", draw, on_key, ""};
