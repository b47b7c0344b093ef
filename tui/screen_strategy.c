/* screen_strategy.c - the strategy document as it stands: a readiness bar chart, then the
 * assembled document rendered for the window. Built afresh whenever it is opened or an answer
 * has changed; Enter on a section's question jumps to the exercise that feeds it. */
#include "tui/internal.h"

#include "content/roadmap.h"
#include "content/strategy.h"
#include "content/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOC_MAX_WIDTH 100

static void strategy_free(struct tui *t)
{
	rb_lines_free(&t->st.lines);
	free(t->st.anchor);
	free(t->st.map);
	rb_readiness_free(t->st.chart, t->st.nchart);
	free(t->st.bench);
	t->st.bench = NULL;
	t->st.nbench = 0;
	t->st.anchor = NULL;
	t->st.map = NULL;
	t->st.chart = NULL;
	t->st.nanchor = t->st.nchart = 0;
}

static int doc_width(const struct tui *t)
{
	int w = t->cols - 4;
	return w > DOC_MAX_WIDTH ? DOC_MAX_WIDTH : w;
}

/* The chart's rows come first in the scrolling list: a heading, one row per dimension, a
 * blank. */
static size_t chart_rows(const struct tui *t)
{
	return t->st.nchart ? t->st.nchart + 2 : 0;
}

static void build(struct tui *t)
{
	strategy_free(t);
	struct rb_strategy_info info = {.name = t->app.name, .company = t->app.company};
	size_t nmap = 0;
	char *md =
	    rb_strategy_markdown_map(t->app.cur, t->app.answers, &info, 0, &t->st.map, &nmap);
	struct rb_roadmap rm;
	if (!md || rb_render_markdown(md, strlen(md), doc_width(t), &t->st.lines) < 0 ||
	    rb_roadmap_build(t->app.cur, t->app.answers, &rm) < 0) {
		free(md);
		tui_set_status(t, true, "Out of memory while assembling the strategy.");
		return;
	}
	free(md);
	if (rb_readiness_build(t->app.cur, t->app.answers, &rm, &t->st.chart, &t->st.nchart) < 0)
		t->st.nchart = 0;
	char *berr = NULL;
	rb_app_benchmarks(&t->app, &t->st.bench, &t->st.nbench, &berr);
	free(berr);
	rb_roadmap_free(&rm);
	/* A level-3 heading starts where a heading line of level 3 follows any other line. */
	t->st.anchor = calloc(nmap ? nmap : 1, sizeof *t->st.anchor);
	size_t k = 0;
	for (size_t i = 0; t->st.anchor && i < t->st.lines.n && k < nmap; i++) {
		const struct rb_line *l = &t->st.lines.v[i];
		const struct rb_line *prev = i ? &t->st.lines.v[i - 1] : NULL;
		bool h3 = l->kind == RB_LINE_HEADING && l->level == 3;
		bool prev_h3 = prev && prev->kind == RB_LINE_HEADING && prev->level == 3;
		if (h3 && !prev_h3)
			t->st.anchor[k++] = i;
	}
	t->st.nanchor = k;
	t->st.width = doc_width(t);
	t->st.built_for = t->app.changes;
	if (t->st.focus >= t->st.nanchor)
		t->st.focus = 0;
}

void tui_open_strategy(struct tui *t)
{
	if (t->screen == SCREEN_EDIT)
		tui_edit_close(t);
	if (t->screen != SCREEN_STRATEGY)
		t->st.back = t->screen;
	t->screen = SCREEN_STRATEGY;
	build(t);
}

void tui_strategy_done(struct tui *t)
{
	strategy_free(t);
}

static void draw_chart_row(struct tui *t, int y, int x, int width, size_t r)
{
	if (r == 0) {
		tui_text(y, x, width,
			 t->st.nbench
			     ? "Readiness: now (█), target (▒), cohort median now (┃), 0 to 5"
			     : "Readiness: now (█) and target (▒), 0 to 5",
			 tui_attr(t, TC_HEADING));
		return;
	}
	if (r > t->st.nchart)
		return;
	const struct rb_readiness *row = &t->st.chart[r - 1];
	int per = width >= 90 ? 3 : 2, max = row->max > 0 ? row->max : 5;
	/* Room for the figures ("1 → 4, gap 3 (no initiative)") comes first; titles clip. */
	int labelw = width - per * max - 2 - 30;
	if (labelw > 38)
		labelw = 38;
	if (labelw < 12)
		labelw = 12;
	tui_text(y, x, labelw - 1, row->dim->title, A_NORMAL);
	int bx = x + labelw;
	for (int p = 0; p < max; p++) {
		bool now = p < row->current;
		bool aim = !now && p < row->target;
		attr_t a = now ? tui_attr(t, TC_OK) : aim ? tui_attr(t, TC_MARKER) : A_DIM;
		for (int c = 0; c < per; c++)
			tui_text(y, bx + p * per + c, 1, now ? "█" : aim ? "▒" : "░", a);
	}
	char txt[96];
	if (row->current < 0 && row->target < 0)
		snprintf(txt, sizeof txt, "not assessed");
	else if (row->target > row->current && row->current >= 0)
		snprintf(txt, sizeof txt, "%d → %d, gap %d%s", row->current, row->target,
			 row->target - row->current, row->nmoved ? "" : " (no initiative)");
	else
		snprintf(txt, sizeof txt, "%d → %d", row->current, row->target);
	int tx = bx + max * per + 2;
	tx +=
	    tui_text(y, tx, x + width - tx, txt,
		     row->nmoved || row->target <= row->current ? A_NORMAL : tui_attr(t, TC_ERROR));
	/* you against the cohort: the median of at least five participants, when published */
	for (size_t i = 0; i < t->st.nbench; i++) {
		const struct rb_bench_median *b = &t->st.bench[i];
		if (strcmp(b->dimension, row->dim->id) || b->current < 0)
			continue;
		int mx = bx + (int)(b->current * per + 0.5) - 1;
		if (mx >= bx && mx < bx + max * per)
			tui_text(y, mx, 1, "┃", tui_attr(t, TC_HEADING) | A_BOLD);
		char med[48];
		snprintf(med, sizeof med, "  cohort median %.1f", b->current);
		tui_text(y, tx, x + width - tx, med, A_DIM);
	}
}

static size_t total_rows(const struct tui *t)
{
	return chart_rows(t) + t->st.lines.n;
}

static void clamp(struct tui *t)
{
	size_t body = (size_t)(t->rows - 2), n = total_rows(t);
	size_t max = n > body ? n - body : 0;
	if (t->st.top > max)
		t->st.top = max;
}

static void draw(struct tui *t)
{
	if (t->st.width != doc_width(t) || t->st.built_for != t->app.changes)
		build(t);
	clamp(t);
	erase();
	tui_draw_bars(t, "Tab: next question   Enter: go to its exercise   Esc: back   ?: keys");
	int width = doc_width(t);
	int x = (t->cols - width) / 2;
	if (x < 2)
		x = 2;
	size_t nchart = chart_rows(t);
	size_t focus_line = t->st.nanchor ? nchart + t->st.anchor[t->st.focus] : (size_t)-1;
	for (int r = 0; r < t->rows - 2; r++) {
		size_t i = t->st.top + (size_t)r;
		if (i < nchart) {
			draw_chart_row(t, 1 + r, x, width, i);
		} else if (i - nchart < t->st.lines.n) {
			const struct rb_line *l = &t->st.lines.v[i - nchart];
			bool focused =
			    i >= focus_line && l->kind == RB_LINE_HEADING && l->level == 3;
			for (size_t j = focus_line; focused && j < i; j++)
				focused = t->st.lines.v[j - nchart].kind == RB_LINE_HEADING;
			if (focused)
				tui_text(1 + r, x - 2, 1, "▶", tui_attr(t, TC_FOCUS));
			tui_line(t, 1 + r, x, width, l, A_NORMAL);
		}
	}
}

static void focus_move(struct tui *t, int dir)
{
	if (!t->st.nanchor)
		return;
	if (dir > 0 && t->st.focus + 1 < t->st.nanchor)
		t->st.focus++;
	else if (dir < 0 && t->st.focus > 0)
		t->st.focus--;
	size_t line = chart_rows(t) + t->st.anchor[t->st.focus];
	size_t body = (size_t)(t->rows - 2);
	if (line < t->st.top || line >= t->st.top + body)
		t->st.top = line > 2 ? line - 2 : 0;
}

/* After scrolling, focus the first question in view (the focus never hides off screen). */
static void focus_visible(struct tui *t)
{
	size_t nchart = chart_rows(t), body = (size_t)(t->rows - 2);
	for (size_t k = 0; k < t->st.nanchor; k++) {
		size_t line = nchart + t->st.anchor[k];
		if (line >= t->st.top && line < t->st.top + body) {
			size_t cur = nchart + t->st.anchor[t->st.focus];
			if (cur < t->st.top || cur >= t->st.top + body)
				t->st.focus = k;
			return;
		}
	}
}

static void jump(struct tui *t)
{
	if (!t->st.nanchor || t->st.map[t->st.focus] < 0)
		return;
	long ex = t->st.map[t->st.focus];
	tui_open_lesson(t, t->app.cur->exercises[ex]->module_index);
	tui_lesson_focus(t, ex);
}

static enum rb_key_result on_key(struct tui *t, const struct tui_key *k)
{
	if (tui_scroll_key(k, &t->st.top, (size_t)(t->rows - 2), total_rows(t))) {
		clamp(t);
		focus_visible(t);
		return RB_KEY_HANDLED;
	}
	if (k->is_key) {
		switch (k->code) {
		case KEY_BTAB:
			focus_move(t, -1);
			return RB_KEY_HANDLED;
		case KEY_ENTER:
			jump(t);
			return RB_KEY_HANDLED;
		case KEY_LEFT:
			t->screen = t->st.back;
			return RB_KEY_HANDLED;
		default:
			return RB_KEY_IGNORED;
		}
	}
	if (k->alt)
		return RB_KEY_IGNORED;
	switch (k->ch) {
	case '\t':
	case 'n':
		focus_move(t, 1);
		return RB_KEY_HANDLED;
	case 'p':
		focus_move(t, -1);
		return RB_KEY_HANDLED;
	case '\r':
	case '\n':
		jump(t);
		return RB_KEY_HANDLED;
	case 27:
	case 'q':
	case 's':
		t->screen = t->st.back;
		return RB_KEY_HANDLED;
	default:
		return tui_view_key(t, k->ch) ? RB_KEY_HANDLED : RB_KEY_IGNORED;
	}
}

const struct screen_ops rb_screen_strategy = {
    .name = "strategy",
    .draw = draw,
    .on_key = on_key,
    .hints = "Tab: next question   Enter: go to its exercise   Esc: back",
};
