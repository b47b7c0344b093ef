/* screen_dashboard.c - the facilitator's dashboard: one row per participant, one column per
 * module with its review state as a symbol (and a colour), progress and the last sync;
 * sorted by roster, progress or last sync, filtered to those waiting for review. F5 fetches
 * everyone and delivers comments and decisions. */
#include "tui/internal.h"

#include "app/cohort.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The screen row of the first participant (draw, and clicks). */
#define ROWS_Y 5

static const char *const symbols[] = {
    [RB_RS_NOT_STARTED] = "\xc2\xb7",  [RB_RS_IN_PROGRESS] = "+",
    [RB_RS_SUBMITTED] = "S",           [RB_RS_CHANGES] = "!",
    [RB_RS_APPROVED] = "\xe2\x9c\x93",
};

static attr_t state_attr(const struct tui *t, enum rb_rstate s)
{
	switch (s) {
	case RB_RS_SUBMITTED:
		return tui_attr(t, TC_MARKER) | A_BOLD;
	case RB_RS_CHANGES:
		return tui_attr(t, TC_ERROR) | A_BOLD;
	case RB_RS_APPROVED:
		return tui_attr(t, TC_OK) | A_BOLD;
	case RB_RS_NOT_STARTED:
		return A_DIM;
	default:
		return A_NORMAL;
	}
}

static struct tui *sort_t;
static int by_sort(const void *a, const void *b)
{
	const struct rb_member *x = &sort_t->fac.mem[*(const size_t *)a],
			       *y = &sort_t->fac.mem[*(const size_t *)b];
	if (sort_t->fac.sort == 1) { /* least progress first: who is behind */
		double px = x->total ? (double)x->answered / (double)x->total : 1,
		       py = y->total ? (double)y->answered / (double)y->total : 1;
		if (px != py)
			return px < py ? -1 : 1;
	} else if (sort_t->fac.sort == 2) { /* longest since the last sync first */
		if (x->fetched_ms != y->fetched_ms)
			return x->fetched_ms < y->fetched_ms ? -1 : 1;
	}
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

static void arrange(struct tui *t)
{
	struct fac_view *f = &t->fac;
	f->nrows = 0;
	for (size_t i = 0; i < f->nmem; i++)
		if (!f->waiting || f->mem[i].waiting)
			f->order[f->nrows++] = i;
	sort_t = t;
	qsort(f->order, f->nrows, sizeof *f->order, by_sort);
	if (f->sel >= f->nrows)
		f->sel = f->nrows ? f->nrows - 1 : 0;
}

void tui_dashboard_load(struct tui *t)
{
	struct fac_view *f = &t->fac;
	rb_members_free(f->mem, f->nmem);
	free(f->order);
	f->mem = NULL;
	f->order = NULL;
	f->nmem = f->nrows = 0;
	char *err = NULL;
	if (rb_cohort_status_init(f->x) != 0 ||
	    rb_cohort_status(f->x, &f->mem, &f->nmem, &err) != 0) {
		tui_set_status(t, true, "%s", err ? err : "roadbook ran out of memory.");
		free(err);
	}
	rb_cohort_status_done(f->x);
	f->order = calloc(f->nmem + 1, sizeof *f->order);
	if (!f->order)
		f->nmem = 0;
	arrange(t);
}

static void ago(int64_t ms, char out[32])
{
	if (!ms) {
		snprintf(out, 32, "never");
		return;
	}
	long long s = (long long)(time(NULL) - ms / 1000);
	if (s < 90)
		snprintf(out, 32, "just now");
	else if (s < 5400)
		snprintf(out, 32, "%lld min ago", s / 60);
	else if (s < 2 * 86400)
		snprintf(out, 32, "%lld h ago", s / 3600);
	else
		snprintf(out, 32, "%lld days ago", s / 86400);
}

static void draw(struct tui *t)
{
	struct fac_view *f = &t->fac;
	erase();
	tui_draw_bars(t, "Enter: review   p/l/o: sort by progress/last sync/roster   w: waiting "
			 "for review   F5: sync all   q: quit");
	const struct rb_curriculum *c = f->x->cur;
	char line[256];
	size_t waiting = 0;
	for (size_t i = 0; i < f->nmem; i++)
		waiting += f->mem[i].waiting != 0;
	snprintf(line, sizeof line, "%zu participant%s, %zu waiting for your review (*)%s%s",
		 f->nmem, f->nmem == 1 ? "" : "s", waiting,
		 f->waiting ? "  \xc2\xb7 showing only those waiting" : "",
		 f->sort == 1   ? "  \xc2\xb7 by progress"
		 : f->sort == 2 ? "  \xc2\xb7 by last sync"
				: "");
	tui_text(1, 2, t->cols - 4, f->x->c->name ? f->x->c->name : "Cohort",
		 tui_attr(t, TC_HEADING));
	tui_text(2, 2, t->cols - 4, line, A_DIM);
	int namew = t->cols - 2 - 6 - 14 - 2 * (int)c->nmodules - 2;
	if (namew > 36)
		namew = 36;
	if (namew < 10)
		namew = 10;
	int mx = 2 + namew + 6 + 14;
	tui_text(4, 2, namew, "Participant", A_BOLD);
	tui_text(4, 2 + namew, 6, "done", A_BOLD);
	tui_text(4, 2 + namew + 6, 14, "last sync", A_BOLD);
	for (size_t m = 0; m < c->nmodules && mx + 2 * (int)m < t->cols - 1; m++) {
		snprintf(line, sizeof line, "%zu", (m + 1) % 10);
		tui_text(4, mx + 2 * (int)m, 1, line, A_BOLD);
	}
	int y0 = ROWS_Y, body = t->rows - 1 - y0 - 1;
	tui_keep_visible(&f->top, f->sel, f->sel, (size_t)(body > 0 ? body : 1));
	if (!f->nrows)
		tui_text(y0, 2, t->cols - 4,
			 f->waiting ? "Nobody is waiting for your review." : "No participants yet.",
			 A_DIM);
	for (size_t r = f->top; r < f->nrows && (int)(r - f->top) < body; r++) {
		const struct rb_member *mb = &f->mem[f->order[r]];
		int y = y0 + (int)(r - f->top);
		bool sel = r == f->sel;
		attr_t base = sel ? tui_attr(t, TC_FOCUS) : A_NORMAL;
		if (sel) {
			attrset(base);
			mvhline(y, 1, ' ', t->cols - 2);
			attrset(A_NORMAL);
			tui_text(y, 0, 1, "▶", base);
		}
		/* waiting for review: a "*" as well as bold */
		snprintf(line, sizeof line, "%s%s (%s)", mb->waiting ? "* " : "",
			 mb->p->name ? mb->p->name : mb->p->id, mb->p->id);
		tui_text(y, 2, namew - 1, line, base | (mb->waiting ? A_BOLD : 0));
		snprintf(line, sizeof line, "%3zu%%",
			 mb->total ? mb->answered * 100 / mb->total : 0);
		tui_text(y, 2 + namew, 6, line, base);
		char when[32];
		ago(mb->fetched_ms, when);
		tui_text(y, 2 + namew + 6, 14, mb->fetch_error ? "! failed" : when,
			 mb->fetch_error ? tui_attr(t, TC_ERROR) : base);
		for (size_t m = 0;
		     mb->mod_state && m < c->nmodules && mx + 2 * (int)m < t->cols - 1; m++)
			tui_text(y, mx + 2 * (int)m, 1, symbols[mb->mod_state[m]],
				 sel ? base | A_BOLD : state_attr(t, mb->mod_state[m]));
	}
	tui_text(t->rows - 2, 2, t->cols - 4,
		 "\xc2\xb7 not started   + in progress   S submitted   ! changes requested   "
		 "\xe2\x9c\x93 approved",
		 A_DIM);
}

/* Fetches every participant and delivers the curriculum, comments and decisions. */
static void sync_all(struct tui *t)
{
	struct fac_view *f = &t->fac;
	size_t failed = 0;
	for (size_t i = 0; i < f->x->c->npeople; i++) {
		const struct rb_participant *p = &f->x->c->people[i];
		char msg[160];
		snprintf(msg, sizeof msg, "Syncing %zu of %zu: %s…", i + 1, f->x->c->npeople,
			 p->id);
		tui_set_status(t, false, "%s", msg);
		tui_draw_bars(t, "");
		refresh();
		struct rb_net_cb cb = {.watch_esc = true};
		bool delivered;
		char *err = NULL;
		if (rb_cohort_fetch(f->x, p, &cb, &delivered, &err) != RB_NET_OK)
			failed++;
		free(err);
	}
	tui_dashboard_load(t);
	if (failed)
		tui_set_status(t, true,
			       "%zu participant%s could not be reached; see 'roadbook cohort "
			       "status' for why.",
			       failed, failed == 1 ? "" : "s");
	else
		tui_set_status(t, false, "Everyone synced: comments and decisions delivered.");
}

static enum rb_key_result on_key(struct tui *t, const struct tui_key *k)
{
	struct fac_view *f = &t->fac;
	wint_t ch = !k->is_key && !k->alt ? k->ch : 0;
	int code = k->is_key ? k->code : 0;
	if (code == KEY_MOUSE) { /* the wheel moves; a click selects, a second one opens */
		int wheel = tui_mouse_wheel(k), y, x;
		if (wheel < 0 && f->sel)
			f->sel--;
		else if (wheel > 0 && f->sel + 1 < f->nrows)
			f->sel++;
		else if (tui_mouse_click(k, &y, &x) && y >= ROWS_Y && y < t->rows - 2 &&
			 f->top + (size_t)(y - ROWS_Y) < f->nrows &&
			 tui_click_select(&f->sel, f->top + (size_t)(y - ROWS_Y)))
			tui_open_review(t, f->mem[f->order[f->sel]].p->id);
		return RB_KEY_HANDLED;
	}
	if (code == KEY_UP || ch == 'k') {
		if (f->sel)
			f->sel--;
	} else if (code == KEY_DOWN || ch == 'j') {
		if (f->sel + 1 < f->nrows)
			f->sel++;
	} else if (code == KEY_HOME || ch == 'g') {
		f->sel = 0;
	} else if (code == KEY_END || ch == 'G') {
		f->sel = f->nrows ? f->nrows - 1 : 0;
	} else if (ch == 'p' || ch == 'l' || ch == 'o') {
		f->sort = ch == 'p' ? 1 : ch == 'l' ? 2 : 0;
		arrange(t);
	} else if (ch == 'w') {
		f->waiting = !f->waiting;
		arrange(t);
	} else if (code == KEY_F(5) || ch == 'y') {
		sync_all(t);
	} else if ((code == KEY_ENTER || ch == '\r' || ch == '\n' || code == KEY_RIGHT) &&
		   f->nrows) {
		tui_open_review(t, f->mem[f->order[f->sel]].p->id);
	} else if (ch == 'q' || ch == 27) {
		return RB_KEY_QUIT;
	} else {
		return RB_KEY_IGNORED;
	}
	return RB_KEY_HANDLED;
}

const struct screen_ops rb_screen_dashboard = {"dashboard", draw, on_key, ""};
