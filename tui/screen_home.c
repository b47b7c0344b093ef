/* screen_home.c - the module list: week, kind, title and a progress bar per module. */
#include "tui/internal.h"

#include <stdio.h>
#include <string.h>

static void draw(struct tui *t)
{
	erase();
	tui_draw_bars(t, "Enter: open   u: submit for review   f: feedback   s: strategy   F5: "
			 "sync   ?: keys   q: quit");
	const struct rb_curriculum *c = t->app.cur;
	int y = 2;
	tui_text(y++, 2, t->cols - 4, c->title ? c->title : c->id, tui_attr(t, TC_HEADING));
	if (t->nconflicts) {
		char msg[160];
		snprintf(msg, sizeof msg,
			 "! %zu answer%s changed on two laptops: press c to choose which to keep.",
			 t->nconflicts, t->nconflicts == 1 ? "" : "s");
		tui_text(y++, 2, t->cols - 4, msg, tui_attr(t, TC_ERROR) | A_BOLD);
	}
	size_t fresh = rb_app_feedback_new(&t->app, -1);
	if (fresh) {
		char msg[160];
		snprintf(msg, sizeof msg,
			 "● %zu new from your facilitator: press f to read, reply or resolve.",
			 fresh);
		tui_text(y++, 2, t->cols - 4, msg, tui_attr(t, TC_MARKER) | A_BOLD);
	}
	y++;
	int body = t->rows - 1 - y;
	t->home_y0 = y;
	if (t->home_sel < t->home_top)
		t->home_top = t->home_sel;
	if ((int)(t->home_sel - t->home_top) >= body)
		t->home_top = t->home_sel - (size_t)body + 1;
	int barw = t->cols >= 100 ? 16 : 8;
	/* room for the review states only when there is one to show */
	int review = 0;
	for (size_t m = 0; m < c->nmodules && !review; m++)
		if (rb_app_module_state(&t->app, m, NULL, NULL) >= RB_RS_SUBMITTED ||
		    rb_app_feedback_new(&t->app, (long)m))
			review = t->cols >= 100 ? 26 : 12;
	int titlew = t->cols - 2 - 4 - 8 - 12 - barw - 10 - review;
	for (size_t m = t->home_top; m < c->nmodules && y < t->rows - 1; m++, y++) {
		const struct rb_module *mod = &c->modules[m];
		size_t a, n;
		rb_app_module_progress(&t->app, m, &a, &n);
		bool sel = m == t->home_sel;
		attr_t base = sel ? tui_attr(t, TC_FOCUS) : A_NORMAL;
		if (sel) {
			attrset(base);
			mvhline(y, 1, ' ', t->cols - 2);
			attrset(A_NORMAL);
			tui_text(y, 1, 1, "▶", base); /* the selection in words, not only colour */
		}
		char head[32];
		snprintf(head, sizeof head, "%2zu.", m + 1);
		int x = 2;
		tui_text(y, x, 4, head, base);
		x += 4;
		snprintf(head, sizeof head, "week %-2d", mod->week);
		tui_text(y, x, 8, head, base | A_DIM);
		x += 8;
		tui_text(y, x, 12, rb_module_kind_label(mod->kind), base | A_DIM);
		x += 12;
		tui_text(y, x, titlew, mod->title, base | (a == n && n ? A_BOLD : 0));
		x += titlew + 1;
		tui_progress(t, y, x, barw, a, n);
		x += barw + 1;
		char count[128];
		enum rb_rstate st = rb_app_module_state(&t->app, m, NULL, NULL);
		size_t mnew = rb_app_feedback_new(&t->app, (long)m);
		int used =
		    snprintf(count, sizeof count, "%zu/%zu%s", a, n, a == n && n ? " ✓" : "");
		used += tui_text(y, x, t->cols - x - 1, count, base) + 1;
		if (st >= RB_RS_SUBMITTED)
			used += tui_text(y, x + used, t->cols - x - used - 1, rb_rstate_label(st),
					 st == RB_RS_CHANGES    ? tui_attr(t, TC_ERROR) | A_BOLD
					 : st == RB_RS_APPROVED ? tui_attr(t, TC_OK) | A_BOLD
								: base | A_BOLD) +
				1;
		if (mnew) {
			snprintf(count, sizeof count, "● %zu new", mnew);
			tui_text(y, x + used, t->cols - x - used - 1, count,
				 tui_attr(t, TC_MARKER) | A_BOLD);
		}
	}
}

static enum rb_key_result on_key(struct tui *t, const struct tui_key *k)
{
	size_t n = t->app.cur->nmodules;
	if (k->is_key) {
		switch (k->code) {
		case KEY_UP:
			if (t->home_sel)
				t->home_sel--;
			return RB_KEY_HANDLED;
		case KEY_DOWN:
			if (t->home_sel + 1 < n)
				t->home_sel++;
			return RB_KEY_HANDLED;
		case KEY_HOME:
			t->home_sel = 0;
			return RB_KEY_HANDLED;
		case KEY_END:
			t->home_sel = n ? n - 1 : 0;
			return RB_KEY_HANDLED;
		case KEY_ENTER:
		case KEY_RIGHT:
			tui_open_lesson(t, t->home_sel);
			return RB_KEY_HANDLED;
		case KEY_MOUSE: {
			int wheel = tui_mouse_wheel(k), y, x;
			if (wheel < 0 && t->home_sel)
				t->home_sel--;
			else if (wheel > 0 && t->home_sel + 1 < n)
				t->home_sel++;
			else if (tui_mouse_click(k, &y, &x) && y >= t->home_y0 && y < t->rows - 1 &&
				 t->home_top + (size_t)(y - t->home_y0) < n &&
				 tui_click_select(&t->home_sel,
						  t->home_top + (size_t)(y - t->home_y0)))
				tui_open_lesson(t, t->home_sel);
			return RB_KEY_HANDLED;
		}
		}
		return RB_KEY_IGNORED;
	}
	switch (k->ch) {
	case 'k':
		if (t->home_sel)
			t->home_sel--;
		return RB_KEY_HANDLED;
	case 'j':
		if (t->home_sel + 1 < n)
			t->home_sel++;
		return RB_KEY_HANDLED;
	case '\r':
	case '\n':
	case 'l':
		tui_open_lesson(t, t->home_sel);
		return RB_KEY_HANDLED;
	case 'q':
	case 'Q':
		return RB_KEY_QUIT;
	case 'c':
		tui_open_conflicts(t);
		return RB_KEY_HANDLED;
	case 'u':
		if (n)
			tui_submit(t, t->home_sel);
		return RB_KEY_HANDLED;
	}
	return tui_view_key(t, k->ch) ? RB_KEY_HANDLED : RB_KEY_IGNORED;
}

const struct screen_ops rb_screen_home = {
    .name = "modules",
    .draw = draw,
    .on_key = on_key,
    .hints = "Enter: open   ?: keys   q: quit",
};
