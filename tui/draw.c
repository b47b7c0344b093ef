/* draw.c - drawing helpers: colours and the themes (ui.theme), safe text, styled rendered
 * lines, bars. */
#include "tui/internal.h"

#include "content/sanitize.h"
#include "content/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

int64_t tui_now_ms(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

/* Attributes the theme leaves out of everything drawn (high contrast: no dim text). Set once,
 * when the terminal is set up, like ncurses' own colour pairs. */
static attr_t theme_drop;

/* The high-contrast theme's background: the whole screen, through bkgd. */
#define PAIR_BASE (TC_QUOTE + 1)

/* Bold, white on black and black on white; focus and errors on yellow, the strongest
 * contrast a terminal has after those. */
static void high_contrast_pairs(void)
{
	short white = COLORS >= 16 ? 15 : COLOR_WHITE; /* bright white where there is one */
	short black = COLOR_BLACK;
	init_pair(PAIR_BASE, white, black);
	init_pair(TC_BAR, black, white);
	init_pair(TC_HEADING, white, black);
	init_pair(TC_MARKER, COLOR_YELLOW, black);
	init_pair(TC_CODE, white, black);
	init_pair(TC_LINK, white, black);
	init_pair(TC_FOCUS, black, COLOR_YELLOW);
	init_pair(TC_OK, white, black);
	init_pair(TC_ERROR, black, COLOR_YELLOW);
	init_pair(TC_DIM, white, black);
	init_pair(TC_QUOTE, white, black);
	bkgd(COLOR_PAIR(PAIR_BASE));
}

void tui_colors_init(struct tui *t)
{
	const char *no_color = getenv("NO_COLOR");
	enum rb_theme theme = t->cfg.theme;
	if (no_color && *no_color)
		theme = RB_THEME_MONOCHROME; /* NO_COLOR wins over the settings file */
	theme_drop = theme == RB_THEME_HIGH_CONTRAST ? A_DIM : 0;
	t->color = has_colors() && theme != RB_THEME_MONOCHROME;
	if (!t->color)
		return;
	start_color();
	if (theme == RB_THEME_HIGH_CONTRAST) {
		high_contrast_pairs();
		return;
	}
	use_default_colors();
	init_pair(TC_BAR, COLOR_WHITE, COLOR_BLUE);
	init_pair(TC_HEADING, COLOR_CYAN, -1);
	init_pair(TC_MARKER, COLOR_YELLOW, -1);
	init_pair(TC_CODE, COLOR_GREEN, -1);
	init_pair(TC_LINK, COLOR_BLUE, -1);
	init_pair(TC_FOCUS, COLOR_BLACK, COLOR_YELLOW);
	init_pair(TC_OK, COLOR_GREEN, -1);
	init_pair(TC_ERROR, COLOR_RED, -1);
	init_pair(TC_DIM, COLOR_WHITE, -1);
	init_pair(TC_QUOTE, COLOR_MAGENTA, -1);
}

/* Without colour every state still shows, through bold, reverse, underline and dim. */
attr_t tui_attr(const struct tui *t, enum tui_color c)
{
	static const attr_t mono[] = {
	    [TC_NONE] = A_NORMAL,   [TC_BAR] = A_REVERSE,  [TC_HEADING] = A_BOLD,
	    [TC_MARKER] = A_BOLD,   [TC_CODE] = A_NORMAL,  [TC_LINK] = A_UNDERLINE,
	    [TC_FOCUS] = A_REVERSE, [TC_OK] = A_BOLD,      [TC_ERROR] = A_BOLD | A_REVERSE,
	    [TC_DIM] = A_DIM,       [TC_QUOTE] = A_NORMAL,
	};
	if (!t->color || c == TC_NONE)
		return mono[c] & ~theme_drop;
	if (t->cfg.theme == RB_THEME_HIGH_CONTRAST) {
		attr_t hc = c == TC_LINK || c == TC_HEADING ? A_UNDERLINE : 0;
		if (c != TC_CODE && c != TC_DIM && c != TC_QUOTE && c != TC_LINK)
			hc |= A_BOLD;
		return COLOR_PAIR(c) | hc;
	}
	attr_t extra = c == TC_HEADING || c == TC_ERROR ? A_BOLD : c == TC_DIM ? A_DIM : 0;
	return COLOR_PAIR(c) | extra;
}

static int put_bytes(int y, int x, int maxw, const char *s, size_t len, attr_t attr)
{
	size_t n = rb_utf8_prefix_for_width(s, len, maxw > 0 ? (size_t)maxw : 0);
	if (!n)
		return 0;
	attrset(attr & ~theme_drop);
	mvaddnstr(y, x, s, (int)n);
	attrset(A_NORMAL);
	return (int)rb_utf8_width(s, n);
}

int tui_text(int y, int x, int maxw, const char *s, attr_t attr)
{
	if (!s || maxw <= 0)
		return 0;
	size_t n;
	char *safe = rb_sanitize(s, strlen(s), RB_SAN_SINGLE_LINE, &n);
	if (!safe)
		return 0;
	int w;
	if (maxw > 1 && rb_utf8_width(safe, n) > (size_t)maxw) {
		/* Clipped text says so. */
		w = put_bytes(y, x, maxw - 1, safe, n, attr);
		w += put_bytes(y, x + w, 1, "…", strlen("…"), attr);
	} else {
		w = put_bytes(y, x, maxw, safe, n, attr);
	}
	free(safe);
	return w;
}

static attr_t style_attr(const struct tui *t, uint16_t st)
{
	attr_t a = 0;
	if (st & RB_S_BOLD)
		a |= A_BOLD;
	if (st & RB_S_ITALIC)
		a |= A_ITALIC;
	if (st & RB_S_CODE)
		a |= tui_attr(t, TC_CODE);
	if (st & RB_S_LINK)
		a |= tui_attr(t, TC_LINK) | A_UNDERLINE;
	if (st & RB_S_HEADING)
		a |= tui_attr(t, TC_HEADING) | A_BOLD;
	if (st & RB_S_QUOTE)
		a |= tui_attr(t, TC_QUOTE);
	if (st & RB_S_MARKER)
		a |= tui_attr(t, TC_MARKER);
	if (st & RB_S_DIM)
		a |= A_DIM;
	if (st & RB_S_DEL) /* removed words: colour and underline, so monochrome shows it too */
		a |= tui_attr(t, TC_ERROR) | A_UNDERLINE;
	if (st & RB_S_INS)
		a |= tui_attr(t, TC_OK) | A_BOLD;
	return a;
}

void tui_line(const struct tui *t, int y, int x, int maxw, const struct rb_line *l, attr_t base)
{
	size_t pos = 0;
	int col = 0;
	for (size_t i = 0; i <= l->nspans && col < maxw; i++) {
		size_t start = i < l->nspans ? l->spans[i].start : l->len;
		if (start > pos)
			col += put_bytes(y, x + col, maxw - col, l->text + pos, start - pos, base);
		if (i == l->nspans)
			break;
		const struct rb_span *sp = &l->spans[i];
		col += put_bytes(y, x + col, maxw - col, l->text + sp->start, sp->len,
				 base | style_attr(t, sp->style));
		pos = sp->start + sp->len;
	}
}

void tui_progress(const struct tui *t, int y, int x, int w, size_t done, size_t total)
{
	if (w < 3)
		return;
	int inner = w - 2;
	int filled = total ? (int)((done * (size_t)inner + total / 2) / total) : inner;
	mvaddstr(y, x, "▕");
	attrset(tui_attr(t, TC_OK));
	for (int i = 0; i < inner; i++)
		addstr(i < filled ? "█" : "░");
	attrset(A_NORMAL);
	addstr("▏");
}

void tui_fill_row(int y, attr_t attr)
{
	attrset(attr);
	mvhline(y, 0, ' ', COLS);
	attrset(A_NORMAL);
}

void tui_set_status(struct tui *t, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->status, sizeof t->status, fmt, ap);
	va_end(ap);
	t->status_error = error;
}

void tui_draw_bars(struct tui *t, const char *hints)
{
	attr_t bar = tui_attr(t, TC_BAR);
	tui_fill_row(0, bar);
	int x = tui_text(0, 1, t->cols - 2, "roadbook", bar | A_BOLD) + 1;
	if (t->have_app) {
		char who[512];
		snprintf(who, sizeof who, " · %s · %s", t->app.name ? t->app.name : "",
			 t->app.company ? t->app.company : "");
		x += tui_text(0, x, t->cols - x - 22, who, bar);
		size_t a, n;
		rb_app_progress(&t->app, &a, &n);
		char pct[16];
		snprintf(pct, sizeof pct, "%3zu%% ", n ? a * 100 / n : 100);
		int px = t->cols - 19;
		if (px > x + 1) {
			tui_text(0, px, 5, pct, bar | A_BOLD);
			attrset(bar);
			tui_progress(t, 0, px + 5, 13, a, n);
			attrset(A_NORMAL);
		}
	}
	int y = t->rows - 1;
	tui_fill_row(y, bar);
	/* Right: the autosave indicator, in words as well as colour. */
	const char *saved = t->save_failed ? "! not saved" : t->dirty ? "● saving…" : "✓ saved";
	int sw = (int)rb_utf8_width(saved, strlen(saved));
	int right = t->cols - sw - 1;
	if (t->status[0]) {
		attr_t a = t->status_error ? tui_attr(t, TC_ERROR) : bar | A_BOLD;
		int x0 = 1;
		/* an error says so in words too, not only in colour */
		if (t->status_error && t->status[0] != '!')
			x0 += tui_text(y, x0, right - 2, "! ", a);
		tui_text(y, x0, right - 1 - x0, t->status, a);
	} else {
		tui_text(y, 1, right - 2, hints, bar);
	}
	if (t->have_app && right > 1)
		tui_text(y, right, sw, saved,
			 t->save_failed ? tui_attr(t, TC_ERROR) : bar | (t->dirty ? 0 : A_BOLD));
}
