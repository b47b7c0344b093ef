/* screen_sync.c - sync with the cohort from the TUI (F5): a progress box while it runs, the
 * outcome in the status line, and the screen that lists answers changed on two laptops, where
 * the participant keeps this laptop's version or takes the other one. */
#include "tui/internal.h"

#include "content/buf.h"

#include <stdlib.h>
#include <string.h>

/* ---- the sync ---- */

struct sync_ui {
	struct tui *t;
	const char *stage;
};

static void sync_box(struct tui *t, const char *stage, size_t done, size_t total)
{
	int w = t->cols - 8 < 60 ? t->cols - 8 : 60, h = 5;
	if (w < 20)
		w = t->cols;
	int y = (t->rows - h) / 2, x = (t->cols - w) / 2;
	attr_t a = tui_attr(t, TC_BAR);
	for (int i = 0; i < h; i++) {
		attrset(a);
		mvhline(y + i, x, ' ', w);
	}
	attrset(A_NORMAL);
	tui_text(y + 1, x + 2, w - 4, "Syncing with your cohort. Esc stops.", a | A_BOLD);
	char line[96];
	if (total)
		snprintf(line, sizeof line, "%s: %zu of %zu", stage, done, total);
	else
		snprintf(line, sizeof line, "%s", stage);
	tui_text(y + 2, x + 2, w - 4, line, a);
	tui_progress(t, y + 3, x + 2, w - 4, done, total ? total : 1);
	refresh();
}

static int on_progress(void *ctx, const char *stage, size_t done, size_t total)
{
	struct sync_ui *u = ctx;
	sync_box(u->t, stage, done, total);
	/* Esc stops the transfer (read between progress reports); other keys are dropped */
	timeout(0);
	wint_t ch;
	int r = get_wch(&ch);
	timeout(250);
	return r == OK && ch == 27;
}

static int on_ask(void *ctx, const char *url, const char *user, char **user_out, char **pass_out)
{
	struct sync_ui *u = ctx;
	if (!u->t->start->ask)
		return -1;
	def_prog_mode();
	endwin();
	int rc = u->t->start->ask(u->t->start->ask_ctx, url, user, user_out, pass_out);
	reset_prog_mode();
	refresh();
	return rc;
}

void tui_count_conflicts(struct tui *t)
{
	struct rb_conflict *v = NULL;
	size_t n = 0;
	char *e = NULL;
	if (t->have_app && rb_db_conflicts_list(t->app.wb->db, &v, &n, &e) == RB_DB_OK)
		t->nconflicts = n;
	rb_conflicts_free(v, n);
	free(e);
}

void tui_sync(struct tui *t)
{
	if (t->screen == SCREEN_EDIT)
		tui_edit_close(t);
	struct sync_ui u = {.t = t};
	struct rb_net_cb cb = {
	    .progress = on_progress, .ask = on_ask, .ctx = &u, .watch_esc = true};
	sync_box(t, "Saving a version", 0, 0);
	struct rb_sync_result res;
	char *err = NULL;
	/* F5 pressed again right after a sync held back a version that lost answers: the
	 * participant confirms sending it */
	t->app.send_removals = t->sync_held;
	enum rb_net st = rb_app_sync(&t->app, &cb, &res, &err);
	t->app.send_removals = false;
	t->sync_held = res.held;
	if (res.curriculum) {
		/* the modules may have changed under every open view */
		if (t->screen != SCREEN_HOME && t->screen != SCREEN_CONFLICTS)
			t->screen = SCREEN_HOME;
		if (t->home_sel >= t->app.cur->nmodules)
			t->home_sel = 0;
		t->mod = 0;
		tui_invalidate_view(t);
	}
	tui_count_conflicts(t);
	if (st == RB_NET_OFFLINE)
		tui_set_status(t, true,
			       "Not synced: your work is saved on this laptop; it will sync next "
			       "time. %s",
			       err ? err : "");
	else if (res.held)
		tui_set_status(
		    t, true,
		    "Not sent: this version has %zu answers, the cohort's copy %zu. Press "
		    "F5 again to send it anyway; else your answers are safe in the "
		    "cohort's copy and in Versions (F4).",
		    res.held_ours, res.held_theirs);
	else if (st != RB_NET_OK)
		tui_set_status(t, true, "Not synced: %s", err ? err : "the sync failed.");
	else if (res.curriculum)
		tui_set_status(t, false,
			       "Synced. The cohort's curriculum was updated: %zu modules%s.",
			       t->app.cur->nmodules, res.new_modules ? ", some of them new" : "");
	else if (res.taken)
		tui_set_status(t, false, "Synced: %zu answer%s from your other laptop taken in.",
			       res.taken, res.taken == 1 ? "" : "s");
	else
		tui_set_status(t, false, "Synced: the cohort has your latest version.");
	bool found = res.conflicts > 0;
	free(err);
	rb_sync_result_free(&res);
	if (found || (st == RB_NET_OK && t->nconflicts))
		tui_open_conflicts(t);
}

/* ---- answers changed on two laptops ---- */

void tui_conflicts_done(struct tui *t)
{
	rb_conflicts_free(t->cf.v, t->cf.n);
	t->cf.v = NULL;
	t->cf.n = 0;
}

static void load(struct tui *t)
{
	tui_conflicts_done(t);
	char *e = NULL;
	if (rb_db_conflicts_list(t->app.wb->db, &t->cf.v, &t->cf.n, &e) != RB_DB_OK) {
		tui_set_status(t, true, "%s", e ? e : "The answers to choose could not be read.");
		free(e);
	}
	t->nconflicts = t->cf.n;
	if (t->cf.sel >= t->cf.n)
		t->cf.sel = t->cf.n ? t->cf.n - 1 : 0;
}

void tui_open_conflicts(struct tui *t)
{
	if (t->screen == SCREEN_EDIT)
		tui_edit_close(t);
	if (t->screen != SCREEN_CONFLICTS)
		t->cf.back = t->screen == SCREEN_WELCOME ? SCREEN_HOME : t->screen;
	t->screen = SCREEN_CONFLICTS;
	t->cf.sel = 0;
	load(t);
}

static char *shown(const struct tui *t, const char *id, const char *value)
{
	long k = rb_app_exercise_index(&t->app, id);
	if (!value || !*value)
		return strdup("(not answered)");
	if (k >= 0)
		return rb_answer_summary(t->app.cur->exercises[k], value);
	return strdup(value);
}

/* Draws text wrapped into rows y..y+max-1; returns the rows used. */
static int wrapped(struct tui *t, int y, int x, int w, int max, const char *s, attr_t a)
{
	struct rb_lines l = {0};
	int used = 0;
	if (rb_wrap_plain(&l, s, strlen(s), w, 0, 0) == 0)
		for (size_t i = 0; i < l.n && used < max; i++)
			tui_line(t, y + used++, x, w, &l.v[i], a);
	rb_lines_free(&l);
	return used;
}

static void draw(struct tui *t)
{
	erase();
	tui_draw_bars(t,
		      "Up/Down: answer   1: keep this laptop's   2: take the other   Esc: later");
	int y = 2, w = t->cols - 4;
	if (!t->cf.n) {
		tui_text(y, 2, w, "No answers are waiting for a choice.", A_BOLD);
		return;
	}
	char head[160];
	snprintf(head, sizeof head,
		 "%zu answer%s changed on two laptops. Both versions are kept until you choose. "
		 "(%zu of %zu)",
		 t->cf.n, t->cf.n == 1 ? " was" : "s were", t->cf.sel + 1, t->cf.n);
	tui_text(y++, 2, w, head, tui_attr(t, TC_HEADING));
	y++;
	const struct rb_conflict *c = &t->cf.v[t->cf.sel];
	long k = rb_app_exercise_index(&t->app, c->id);
	const char *prompt = k >= 0 ? t->app.cur->exercises[k]->prompt : NULL;
	y += wrapped(t, y, 2, w, 3, prompt ? prompt : c->id, A_BOLD);
	y++;
	int room = (t->rows - 2 - y - 2) / 2;
	if (room < 1)
		room = 1;
	char *mine = shown(t, c->id, c->ours), *theirs = shown(t, c->id, c->theirs);
	tui_text(y++, 2, w, "1  On this laptop (in use now):", tui_attr(t, TC_MARKER));
	y += wrapped(t, y, 5, w - 3, room, mine ? mine : "", A_NORMAL);
	y++;
	tui_text(y++, 2, w, "2  From your other laptop:", tui_attr(t, TC_MARKER));
	wrapped(t, y, 5, w - 3, room, theirs ? theirs : "", A_NORMAL);
	free(mine);
	free(theirs);
}

static void choose(struct tui *t, bool theirs)
{
	char *id = strdup(t->cf.v[t->cf.sel].id), *err = NULL;
	if (!id)
		return;
	if (rb_app_choose(&t->app, id, theirs, &err) != 0)
		tui_set_status(t, true, "%s", err ? err : "The choice was not saved.");
	else
		tui_set_status(t, false, "Kept %s version. It reaches the cohort at the next sync.",
			       theirs ? "the other laptop's" : "this laptop's");
	free(err);
	free(id);
	tui_invalidate_view(t);
	load(t);
	if (!t->cf.n) {
		t->screen = t->cf.back;
		tui_conflicts_done(t);
	}
}

static enum rb_key_result on_key(struct tui *t, const struct tui_key *k)
{
	if (tui_is_done_key(k) || (!k->is_key && (k->ch == 'q' || k->ch == 'h'))) {
		t->screen = t->cf.back;
		tui_conflicts_done(t);
		return RB_KEY_HANDLED;
	}
	if (!t->cf.n)
		return RB_KEY_IGNORED;
	if ((k->is_key && k->code == KEY_DOWN) || (!k->is_key && k->ch == 'j')) {
		if (t->cf.sel + 1 < t->cf.n)
			t->cf.sel++;
	} else if ((k->is_key && k->code == KEY_UP) || (!k->is_key && k->ch == 'k')) {
		if (t->cf.sel)
			t->cf.sel--;
	} else if (!k->is_key && (k->ch == '1' || k->ch == '2')) {
		choose(t, k->ch == '2');
	} else {
		return RB_KEY_IGNORED;
	}
	return RB_KEY_HANDLED;
}

const struct screen_ops rb_screen_conflicts = {
    .name = "conflicts",
    .draw = draw,
    .on_key = on_key,
    .hints = "1: keep this laptop's   2: take the other   Esc: later",
};
