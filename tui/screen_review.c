/* screen_review.c - the facilitator's review of one participant: each module with its state,
 * the answers with what changed since the last review marked (▌ in the margin, removed and
 * added words), the comments and the participant's replies; or (s) their strategy document
 * with the changed sections marked. c comments on the exercise under the cursor, C on its
 * strategy section; a approves its module, x asks for changes. */
#include "tui/internal.h"

#include "app/cohort.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WIDTH 100

static void close_review(struct fac_view *f)
{
	if (f->doc) {
		rb_review_doc_free(f->doc);
		free(f->doc);
		f->doc = NULL;
	}
	if (f->rv) {
		rb_review_close(f->rv);
		free(f->rv);
		f->rv = NULL;
	}
}

void tui_fac_done(struct tui *t)
{
	struct fac_view *f = &t->fac;
	close_review(f);
	rb_members_free(f->mem, f->nmem);
	free(f->order);
	if (f->x) {
		rb_cohort_close(f->x);
		free(f->x);
	}
	memset(f, 0, sizeof *f);
}

static void build(struct tui *t)
{
	struct fac_view *f = &t->fac;
	if (f->doc) {
		rb_review_doc_free(f->doc);
		free(f->doc);
	}
	f->doc = calloc(1, sizeof *f->doc);
	int width = t->cols - 6 > MAX_WIDTH ? MAX_WIDTH : t->cols - 6;
	f->width = t->cols;
	if (!f->doc || rb_review_doc_build(f->rv, width, f->strategy, f->doc) != 0)
		tui_set_status(t, true, "roadbook ran out of memory.");
}

int tui_open_review(struct tui *t, const char *id)
{
	struct fac_view *f = &t->fac;
	close_review(f);
	f->rv = calloc(1, sizeof *f->rv);
	char *err = NULL;
	int rc = f->rv ? rb_review_open(f->x, id, f->rv, &err) : -1;
	if (rc != 0) {
		tui_set_status(t, true, "%s", err ? err : "roadbook ran out of memory.");
		free(err);
		free(f->rv);
		f->rv = NULL;
		return rc == 1 ? RB_EXIT_NOTFOUND : RB_EXIT_FAIL;
	}
	f->rtop = 0;
	f->focus = -1;
	f->strategy = false;
	build(t);
	t->screen = SCREEN_REVIEW;
	return RB_EXIT_OK;
}

void tui_fac_reload(struct tui *t)
{
	struct fac_view *f = &t->fac;
	if (!f->rv)
		return;
	char id[64];
	snprintf(id, sizeof id, "%s", f->rv->p->id);
	long focus = f->focus;
	size_t top = f->rtop;
	bool strategy = f->strategy;
	if (tui_open_review(t, id) == RB_EXIT_OK) {
		f->focus = focus;
		f->rtop = top;
		f->strategy = strategy;
		if (strategy)
			build(t);
	}
	tui_dashboard_load(t);
}

static void draw(struct tui *t)
{
	struct fac_view *f = &t->fac;
	erase();
	tui_draw_bars(t, f->strategy
			     ? "s: back to the answers   arrows: scroll   Esc: back"
			     : "Tab: next answer   c: comment   C: comment on its section   "
			       "a: approve module   x: request changes   s: strategy   Esc: "
			       "back");
	if (!f->doc)
		return;
	if (f->width != t->cols)
		build(t);
	int body = t->rows - 2;
	size_t n = f->doc->lines.n;
	size_t max = n > (size_t)body ? n - (size_t)body : 0;
	if (f->rtop > max)
		f->rtop = max;
	int width = t->cols - 6 > MAX_WIDTH ? MAX_WIDTH : t->cols - 6;
	int x = (t->cols - width) / 2;
	for (int r = 0; r < body && f->rtop + (size_t)r < n; r++) {
		size_t i = f->rtop + (size_t)r;
		bool focused = f->focus >= 0 && f->doc->ex[i] == f->focus && !f->strategy;
		if (f->doc->changed[i])
			tui_text(1 + r, x - 2, 1, "\xe2\x96\x8c", tui_attr(t, TC_MARKER) | A_BOLD);
		if (focused)
			tui_text(1 + r, x - 3, 1, "\xe2\x96\xb6", tui_attr(t, TC_FOCUS));
		tui_line(t, 1 + r, x, width, &f->doc->lines.v[i], focused ? A_BOLD : A_NORMAL);
	}
}

/* Moves the cursor to the next (dir 1) or previous (-1) exercise in the document. */
static void step(struct tui *t, int dir)
{
	struct fac_view *f = &t->fac;
	size_t n = f->doc ? f->doc->lines.n : 0;
	size_t at = 0;
	if (f->focus >= 0)
		while (at < n && f->doc->ex[at] != f->focus)
			at++;
	else
		at = dir > 0 ? f->rtop : f->rtop + 1;
	long cur = f->focus;
	for (size_t i = at; i<n; i = dir> 0 ? i + 1 : i - 1) {
		if (f->doc->ex[i] >= 0 && f->doc->ex[i] != cur &&
		    (i == 0 || f->doc->ex[i - 1] != f->doc->ex[i])) {
			f->focus = f->doc->ex[i];
			int body = t->rows - 2;
			size_t last = i;
			while (last + 1 < n && f->doc->ex[last + 1] == f->focus)
				last++;
			tui_keep_visible(&f->rtop, i, last, (size_t)(body > 0 ? body : 1));
			if (i < f->rtop || i >= f->rtop + (size_t)body)
				f->rtop = i;
			return;
		}
		if (i == 0 && dir < 0)
			break;
	}
}

static void decide(struct tui *t, bool approve)
{
	struct fac_view *f = &t->fac;
	if (f->focus < 0) {
		tui_set_status(t, true, "Move to an answer of the module first (Tab).");
		return;
	}
	const struct rb_exercise *e = f->x->cur->exercises[f->focus];
	const struct rb_module *m = &f->x->cur->modules[e->module_index];
	char *err = NULL;
	if (rb_review_decide(f->rv, m->id, approve, &err) != 0) {
		tui_set_status(t, true, "%s", err ? err : "Not saved.");
		free(err);
		return;
	}
	tui_fac_reload(t);
	tui_set_status(t, false, "Module %zu %s. It reaches the participant at the next sync (F5).",
		       e->module_index + 1, approve ? "approved" : "sent back: changes requested");
}

static enum rb_key_result on_key(struct tui *t, const struct tui_key *k)
{
	struct fac_view *f = &t->fac;
	wint_t ch = !k->is_key && !k->alt ? k->ch : 0;
	int code = k->is_key ? k->code : 0;
	size_t page = t->rows > 4 ? (size_t)(t->rows - 2) : 1;
	if (ch == 27 || ch == 'q' || code == KEY_LEFT) {
		if (f->direct)
			return RB_KEY_QUIT;
		close_review(f);
		tui_dashboard_load(t);
		t->screen = SCREEN_DASHBOARD;
	} else if (ch == 's') {
		f->strategy = !f->strategy;
		f->rtop = 0;
		build(t);
	} else if (f->strategy) {
		return tui_scroll_key(k, &f->rtop, page, f->doc ? f->doc->lines.n : 0)
			   ? RB_KEY_HANDLED
			   : RB_KEY_IGNORED;
	} else if (ch == '\t' || ch == 'n' || code == KEY_ENTER || ch == '\r') {
		step(t, 1);
	} else if (code == KEY_BTAB || ch == 'p') {
		step(t, -1);
	} else if (ch == 'c' || ch == 'C') {
		if (f->focus < 0) {
			tui_set_status(t, true, "Move to an answer first (Tab), then press c.");
			return RB_KEY_HANDLED;
		}
		const struct rb_exercise *e = f->x->cur->exercises[f->focus];
		const struct rb_section *s =
		    e->section ? rb_curriculum_section(f->x->cur, e->section) : NULL;
		char target[96], title[256];
		if (ch == 'C' && !s) {
			tui_set_status(t, true, "This answer is in no section of the strategy.");
			return RB_KEY_HANDLED;
		}
		if (ch == 'C') {
			snprintf(target, sizeof target, "section:%s", s->id);
			snprintf(title, sizeof title, "Comment on the section \"%s\"", s->title);
		} else {
			snprintf(target, sizeof target, "%s", e->id);
			snprintf(title, sizeof title, "Comment on \"%s\"", e->prompt);
		}
		tui_compose_open(t, COMPOSE_COMMENT, target, title);
	} else if (ch == 'a' || ch == 'x') {
		decide(t, ch == 'a');
	} else if (!tui_scroll_key(k, &f->rtop, page, f->doc ? f->doc->lines.n : 0)) {
		return RB_KEY_IGNORED;
	}
	return RB_KEY_HANDLED;
}

const struct screen_ops rb_screen_review = {"review", draw, on_key, ""};
