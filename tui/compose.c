/* compose.c - the writing box for a comment (facilitator) or a reply (participant): a
 * multi-line editor drawn over the current screen. F10 or Ctrl-D sends, Esc cancels. */
#include "tui/internal.h"

#include "content/buf.h"
#include "app/cohort.h"

#include <stdlib.h>
#include <string.h>

#define COMPOSE_MAX (64 * 1024)

void tui_compose_open(struct tui *t, enum compose_purpose p, const char *target, const char *title)
{
	tui_compose_done(t);
	rb_textedit_init(&t->co.te, COMPOSE_MAX);
	t->co.purpose = p;
	t->co.top = 0;
	snprintf(t->co.title, sizeof t->co.title, "%s", title);
	snprintf(t->co.target, sizeof t->co.target, "%s", target);
}

void tui_compose_done(struct tui *t)
{
	if (t->co.purpose != COMPOSE_NONE)
		rb_textedit_done(&t->co.te);
	t->co.purpose = COMPOSE_NONE;
}

static void fill_box(int y, int x, int h, int w, attr_t a)
{
	attrset(a);
	for (int r = 0; r < h; r++)
		mvhline(y + r, x, ' ', w);
	attrset(A_NORMAL);
}

void tui_compose_draw(struct tui *t)
{
	if (t->co.purpose == COMPOSE_NONE)
		return;
	int w = t->cols - 8 > 90 ? 90 : t->cols - 8;
	int h = t->rows - 6 > 16 ? 16 : t->rows - 6;
	int x = (t->cols - w) / 2, y = (t->rows - h) / 2;
	attr_t frame = tui_attr(t, TC_BAR);
	fill_box(y, x, h, w, frame);
	tui_text(y, x + 1, w - 2, t->co.title, frame | A_BOLD);
	tui_text(y + h - 1, x + 1, w - 2, "F10 or Ctrl-D: send   Esc: cancel   Enter: new line",
		 frame);
	fill_box(y + 1, x + 1, h - 2, w - 2, A_NORMAL);
	const struct rb_te_row *rows;
	size_t n, cr, cc, tw = (size_t)(w - 3);
	if (rb_textedit_layout(&t->co.te, tw, &rows, &n, &cr, &cc) < 0)
		return;
	size_t body = (size_t)(h - 2);
	tui_keep_visible(&t->co.top, cr, cr, body);
	const char *text = rb_textedit_text(&t->co.te);
	for (size_t r = t->co.top; r < n && r < t->co.top + body; r++) {
		char *line = rb_strndup(text + rows[r].start, rows[r].len);
		if (line)
			tui_text(y + 1 + (int)(r - t->co.top), x + 2, (int)tw, line, A_NORMAL);
		free(line);
	}
	move(y + 1 + (int)(cr - t->co.top), x + 2 + (int)cc);
	curs_set(1);
}

/* Sends what was written: a reply to the facilitator, or a comment to the participant. */
static void send(struct tui *t)
{
	const char *text = rb_textedit_text(&t->co.te);
	char *err = NULL;
	int rc;
	if (t->co.purpose == COMPOSE_REPLY) {
		rc = rb_app_reply(&t->app, t->co.target, text, &err);
		if (rc == 0)
			tui_set_status(t, false,
				       "Reply saved: it reaches your facilitator at the "
				       "next sync (F5).");
	} else {
		rc = rb_review_comment(t->fac.rv, t->co.target, text, NULL, &err);
		if (rc == 0) {
			tui_set_status(t, false,
				       "Comment saved: it reaches the participant at the "
				       "next cohort sync (F5).");
			tui_fac_reload(t);
		}
	}
	if (rc != 0) {
		tui_set_status(t, true, "%s", err ? err : "Not saved.");
		free(err);
		return; /* the box stays open with the text */
	}
	tui_invalidate_view(t);
	tui_compose_done(t);
	curs_set(0);
}

bool tui_compose_key(struct tui *t, const struct tui_key *k)
{
	if (t->co.purpose == COMPOSE_NONE)
		return false;
	if (k->is_key && k->code == KEY_F(10)) {
		send(t);
	} else if (!k->is_key && !k->alt && k->ch == 4) { /* Ctrl-D */
		send(t);
	} else if (!k->is_key && !k->alt && k->ch == 27) {
		tui_compose_done(t);
		curs_set(0);
		tui_set_status(t, false, "Not sent.");
	} else if (!k->is_key && !k->alt && (k->ch == '\r' || k->ch == '\n')) {
		rb_textedit_type(&t->co.te, '\n');
	} else {
		int w = t->cols - 8 > 90 ? 90 : t->cols - 8;
		tui_textedit_key(&t->co.te, k, (size_t)(w - 3), 10, true);
	}
	return true;
}
