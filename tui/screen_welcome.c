/* screen_welcome.c - shown when the folder has no workbook: what roadbook is, and a short form
 * (name, company, sector, employees) that creates one here. */
#include "tui/internal.h"

#include "content/lesson.h"
#include "content/utf8.h"

#include <stdlib.h>
#include <string.h>

static const char *const labels[4] = {"Your name", "Company", "Sector (optional)",
				      "Employees (optional)"};

static void draw(struct tui *t)
{
	erase();
	curs_set(0);
	tui_draw_bars(t, "Tab: next field   Enter: create the workbook   Esc: quit");
	int width = t->cols - 6 > 76 ? 76 : t->cols - 6;
	int x = (t->cols - width) / 2;
	int y = 2;
	tui_text(y++, x, width, "Welcome to roadbook", tui_attr(t, TC_HEADING));
	y++;
	const char *intro = "roadbook is your workbook for the Leading Digital Transformation "
			    "programme. Read each module, answer its exercises, and watch your "
			    "digital strategy grow. There is no workbook in this folder yet: fill "
			    "in the form to start one here. (To try an example first, quit and "
			    "run: roadbook demo)";
	struct rb_lines l = {0};
	rb_wrap_plain(&l, intro, strlen(intro), width, 0, 0);
	for (size_t i = 0; i < l.n && y < t->rows - 12; i++)
		tui_line(t, y++, x, width, &l.v[i], A_NORMAL);
	rb_lines_free(&l);
	y++;
	int cy = 0, cx = 0;
	for (size_t f = 0; f < 4 && y < t->rows - 3; f++, y += 2) {
		bool focus = f == t->wel.focus;
		if (focus)
			tui_text(y, x - 2, 1, "▶", A_BOLD);
		tui_text(y, x, 22, labels[f], focus ? A_BOLD : A_NORMAL);
		attrset(A_UNDERLINE);
		mvhline(y, x + 22, ' ', width - 22);
		attrset(A_NORMAL);
		const char *v = rb_textedit_text(&t->wel.field[f]);
		tui_text(y, x + 22, width - 22, v, A_UNDERLINE);
		if (focus) {
			cy = y;
			cx = x + 22 + (int)rb_utf8_width(v, rb_textedit_cursor(&t->wel.field[f]));
		}
	}
	if (t->wel.error) { /* "!" says it is a problem without colour */
		tui_text(t->rows - 2, x - 2, 1, "!", tui_attr(t, TC_ERROR));
		tui_text(t->rows - 2, x, width, t->wel.error, tui_attr(t, TC_ERROR));
	}
	move(cy, cx);
	curs_set(1);
}

static void create(struct tui *t)
{
	struct rb_profile p = {
	    .name = rb_textedit_text(&t->wel.field[0]),
	    .company = rb_textedit_text(&t->wel.field[1]),
	    .sector = rb_textedit_text(&t->wel.field[2]),
	    .employees = rb_textedit_text(&t->wel.field[3]),
	};
	free(t->wel.error);
	t->wel.error = NULL;
	char *lessons = rb_find_bundled_lessons();
	struct rb_curriculum *cur = NULL;
	struct rb_diags d = {0};
	if (!lessons || rb_curriculum_load(lessons, &cur, &d) < 0 || d.n) {
		t->wel.error = strdup("roadbook cannot read its bundled lessons; run 'roadbook "
				      "lint' to see why.");
		goto done;
	}
	char *err = NULL;
	if (rb_workbook_create(t->start->dir, &p, NULL, cur->id, cur->version, &err) != RB_WB_OK) {
		t->wel.error = err;
		goto done;
	}
	if (rb_app_open(&t->app, t->start->dir, true, &err) != RB_EXIT_OK) {
		rb_app_close(&t->app);
		t->wel.error = err;
		goto done;
	}
	t->have_app = true;
	t->screen = SCREEN_HOME;
	tui_set_status(t, false, "Your workbook is ready. Press Enter to open the first module.");
done:
	rb_curriculum_free(cur);
	rb_diags_free(&d);
	free(lessons);
}

static enum rb_key_result on_key(struct tui *t, const struct tui_key *k)
{
	struct rb_textedit *te = &t->wel.field[t->wel.focus];
	if (!k->is_key && !k->alt && k->ch == 27)
		return RB_KEY_QUIT;
	if ((!k->is_key && k->ch == '\t') || (k->is_key && k->code == KEY_DOWN)) {
		t->wel.focus = (t->wel.focus + 1) % 4;
		return RB_KEY_HANDLED;
	}
	if (k->is_key && (k->code == KEY_BTAB || k->code == KEY_UP)) {
		t->wel.focus = (t->wel.focus + 3) % 4;
		return RB_KEY_HANDLED;
	}
	if ((!k->is_key && (k->ch == '\r' || k->ch == '\n')) ||
	    (k->is_key && k->code == KEY_ENTER)) {
		create(t);
		return RB_KEY_HANDLED;
	}
	return tui_textedit_key(te, k, 200, 1, false) ? RB_KEY_HANDLED : RB_KEY_IGNORED;
}

const struct screen_ops rb_screen_welcome = {
    .name = "welcome",
    .draw = draw,
    .on_key = on_key,
    .hints = "Enter: create   Esc: quit",
};
