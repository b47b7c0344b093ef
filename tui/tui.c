/* tui.c - the full-screen interface: terminal checks, signals, the main loop, autosave and the
 * help screen. Screens live in screen_*.c and editor.c; this file only dispatches. */
#include "tui/tui.h"

#include "content/buf.h"
#include "content/sanitize.h"
#include "content/utf8.h"
#include "app/cohort.h"
#include "tui/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

volatile sig_atomic_t rb_tui_stop_signal;

static void on_stop_signal(int sig)
{
	rb_tui_stop_signal = sig;
}

/* SIGTSTP (kill -TSTP, a job-control shell or a terminal multiplexer) only asks; the main loop
 * saves, gives the terminal back and stops (suspend()). */
static volatile sig_atomic_t suspend_asked;

static void on_tstp(int sig)
{
	(void)sig;
	suspend_asked = 1;
}

static const struct screen_ops *const screens[SCREEN_COUNT] = {
    [SCREEN_WELCOME] = &rb_screen_welcome,   [SCREEN_HOME] = &rb_screen_home,
    [SCREEN_LESSON] = &rb_screen_lesson,     [SCREEN_EDIT] = &rb_screen_edit,
    [SCREEN_STRATEGY] = &rb_screen_strategy, [SCREEN_BOARD] = &rb_screen_board,
    [SCREEN_HISTORY] = &rb_screen_history,   [SCREEN_CONFLICTS] = &rb_screen_conflicts,
    [SCREEN_FEEDBACK] = &rb_screen_feedback, [SCREEN_DASHBOARD] = &rb_screen_dashboard,
    [SCREEN_REVIEW] = &rb_screen_review,
};

static void draw(struct tui *t)
{
	getmaxyx(stdscr, t->rows, t->cols);
	if (t->cols < TUI_MIN_COLS || t->rows < TUI_MIN_ROWS) {
		erase();
		char msg[160];
		snprintf(msg, sizeof msg,
			 "The window is too small for roadbook (%dx%d). Make it at least %dx%d. "
			 "Your answers are safe.",
			 t->cols, t->rows, TUI_MIN_COLS, TUI_MIN_ROWS);
		struct rb_lines l = {0};
		if (rb_wrap_plain(&l, msg, strlen(msg), t->cols, 0, 0) == 0)
			for (size_t i = 0; i < l.n && (int)i < t->rows; i++)
				tui_line(t, (int)i, 0, t->cols, &l.v[i], A_NORMAL);
		rb_lines_free(&l);
		refresh();
		return;
	}
	if (t->show_help)
		tui_draw_help(t);
	else
		screens[t->screen]->draw(t);
	if (!t->show_help)
		tui_compose_draw(t);
	refresh();
}

/* Reads one key, folding ESC + key into Alt + key. Returns false on timeout. */
static bool read_key(struct tui_key *k)
{
	wint_t ch;
	memset(k, 0, sizeof *k);
	int r = get_wch(&ch);
	if (r == ERR)
		return false;
	if (r == KEY_CODE_YES) {
		k->is_key = true;
		k->code = (int)ch;
		if (ch == KEY_MOUSE && getmouse(&k->mouse) != OK)
			return false;
		return true;
	}
	k->ch = ch;
	if (ch == 27) {
		nodelay(stdscr, TRUE);
		wint_t next;
		int r2 = get_wch(&next);
		nodelay(stdscr, FALSE);
		timeout(250);
		/* Alt is ESC then a letter, digit, Backspace, < or >; any other key that follows an
		 * ESC at once (Esc then Tab, typed fast or pasted) stays two keys. */
		bool alt_able =
		    r2 == OK && ((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') ||
				 (next >= '0' && next <= '9') || next == 127 || next == 8 ||
				 next == '<' || next == '>');
		if (alt_able) {
			k->alt = true;
			k->ch = next;
		} else if (r2 == OK) {
			unget_wch((wchar_t)next);
		} else if (r2 == KEY_CODE_YES) {
			ungetch((int)next);
		}
	}
	return true;
}

/* ---- autosave ---- */

bool tui_save_pending(struct tui *t)
{
	if (!t->dirty || t->screen != SCREEN_EDIT || t->ed.ex < 0)
		return true;
	const struct rb_exercise *e = t->ed.e;
	if (e->type != RB_EX_TEXT && e->type != RB_EX_NUMBER) {
		t->dirty = false;
		return true;
	}
	char *err = NULL;
	int rc = rb_app_set_answer(&t->app, (size_t)t->ed.ex, rb_textedit_text(&t->ed.te), &err);
	t->last_save_ms = tui_now_ms();
	if (rc == 0) {
		if (t->save_failed)
			t->status[0] = '\0'; /* the failure is over: its message goes too */
		t->dirty = false;
		t->save_failed = false;
		rb_textedit_break_undo_group(&t->ed.te);
		tui_invalidate_view(t);
		free(t->ed.error);
		t->ed.error = NULL;
		return true;
	}
	if (e->type == RB_EX_NUMBER) {
		/* Not a number yet: nothing is stored; the editor shows why. */
		free(t->ed.error);
		t->ed.error = err;
		t->dirty = false;
		return false;
	}
	t->save_failed = true;
	t->last_fail_ms = t->last_save_ms;
	tui_set_status(t, true, "%s", err ? err : "Your answer could not be saved.");
	free(err);
	return false;
}

/* At most one automatic version every few minutes of work (and one when a module is
 * completed, made by rb_app_set_answer); what they report goes to the status line. */
#define AUTO_VERSION_MS (3 * 60 * 1000)

static void version_tick(struct tui *t)
{
	if (!t->have_app)
		return;
	rb_app_autosnapshot(&t->app, AUTO_VERSION_MS);
	if (t->app.snap_note) {
		tui_set_status(t, true, "%s", t->app.snap_note);
		free(t->app.snap_note);
		t->app.snap_note = NULL;
	}
}

/* Typing pauses of 300 ms, or every second of continuous typing, save the answer: a crash
 * loses at most the last second. After a failure, retry every two seconds. */
static void autosave_tick(struct tui *t)
{
	if (!t->dirty) {
		version_tick(t);
		return;
	}
	int64_t now = tui_now_ms();
	if (t->save_failed && now - t->last_fail_ms < 2000)
		return;
	if (now - t->last_change_ms >= 300 || now - t->last_save_ms >= 1000)
		tui_save_pending(t);
}

/* ---- $EDITOR ---- */

/* True when name is an executable file in a folder of $PATH. */
static bool on_path(const char *name)
{
	const char *path = getenv("PATH");
	for (const char *p = path; p && *p;) {
		size_t n = strcspn(p, ":");
		struct rb_buf b = {0};
		rb_buf_printf(&b, "%.*s/%s", (int)n, p, name);
		bool found = b.data && n && access(b.data, X_OK) == 0;
		rb_buf_free(&b);
		if (found)
			return true;
		p += n + (p[n] == ':');
	}
	return false;
}

/* The editor to run: core.editor, $VISUAL, $EDITOR, then the system's choice. */
static const char *editor_command(const struct tui *t)
{
	const char *editor = t->cfg.editor;
	if (!editor || !*editor)
		editor = getenv("VISUAL");
	if (!editor || !*editor)
		editor = getenv("EDITOR");
	if (editor && *editor)
		return editor;
	static const char *const fallback[] = {"sensible-editor", "editor", "nano", "vi"};
	for (size_t i = 0; i < sizeof fallback / sizeof fallback[0]; i++)
		if (on_path(fallback[i]))
			return fallback[i];
	return "vi";
}

char *tui_external_editor(struct tui *t, const char *text)
{
	const char *editor = editor_command(t);
	struct rb_buf path = {0};
	rb_buf_printf(&path, "%s/answer-XXXXXX.md", t->app.wb->state_dir);
	if (!path.data)
		return NULL;
	int fd = mkstemps(path.data, 3);
	if (fd < 0) {
		tui_set_status(t, true, "Cannot make a temporary file for your editor: %s",
			       strerror(errno));
		rb_buf_free(&path);
		return NULL;
	}
	size_t len = strlen(text);
	bool ok = write(fd, text, len) == (ssize_t)len;
	close(fd);
	char *result = NULL;
	if (ok) {
		def_prog_mode();
		endwin();
		pid_t pid = fork();
		if (pid == 0) {
			execlp("sh", "sh", "-c", "exec $0 \"$1\"", editor, path.data, (char *)NULL);
			_exit(127);
		}
		int status = 0;
		while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		reset_prog_mode();
		clearok(curscr, TRUE);
		if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 127) {
			tui_set_status(t, true,
				       "roadbook could not start your editor (%s); the answer is "
				       "unchanged. Set core.editor in %s, or VISUAL or EDITOR.",
				       editor, t->cfg.path ? t->cfg.path : "roadbook's settings");
		} else if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			tui_set_status(t, true,
				       "Your editor (%s) did not finish normally; the answer is "
				       "unchanged. Set core.editor, VISUAL or EDITOR to the editor "
				       "you use.",
				       editor);
		} else {
			size_t n;
			result = rb_read_file(path.data, &n);
			if (result && memchr(result, '\0', n)) {
				free(result);
				result = NULL;
				tui_set_status(t, true,
					       "The edited file was not text; the answer is "
					       "unchanged.");
			}
		}
	}
	unlink(path.data);
	rb_buf_free(&path);
	return result;
}

/* ---- set-up ---- */

static int refuse(const char *msg)
{
	size_t n;
	char *safe = rb_sanitize(msg, strlen(msg), 0, &n);
	fprintf(stderr, "roadbook: %s\n", safe ? safe : msg);
	free(safe);
	return RB_EXIT_FAIL;
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sa.sa_handler = on_tstp;
	sigaction(SIGTSTP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* SIGTSTP (Ctrl-Z is undo in raw mode, so it is only the signal): what is being typed is saved, the
 * terminal is restored as the shell left it, and the process stops; on SIGCONT (fg) the screen
 * comes back as it was. */
static void suspend(struct tui *t)
{
	suspend_asked = 0;
	if (t->have_app && !tui_save_pending(t))
		tui_set_status(t, true,
			       "roadbook could not save before pausing; your text is "
			       "still here. Press Ctrl-S to try again.");
	def_prog_mode();
	endwin();
	fflush(stdout);
	struct sigaction dfl, ours;
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, &dfl, &ours);
	raise(SIGTSTP); /* stops here until SIGCONT */
	sigaction(SIGTSTP, &ours, NULL);
	reset_prog_mode();
	clearok(curscr, TRUE);
	tui_invalidate_view(t);
}

static enum rb_key_result global_key(struct tui *t, const struct tui_key *k)
{
	if (!k->is_key && !k->alt && k->ch == 3)
		return RB_KEY_QUIT;
	if (!k->is_key && !k->alt && k->ch == 19) { /* Ctrl-S */
		if (tui_save_pending(t))
			tui_set_status(t, false,
				       "Saved. (Answers also save themselves as you "
				       "type.)");
		return RB_KEY_HANDLED;
	}
	if (tui_compose_key(t, k))
		return RB_KEY_HANDLED;
	if (t->show_help) {
		if (k->is_key && k->code == KEY_MOUSE) { /* the wheel scrolls; clicks do nothing */
			int wheel = tui_mouse_wheel(k);
			if (wheel > 0 || (wheel < 0 && t->help_top))
				t->help_top += (size_t)wheel;
		} else if (k->is_key && k->code == KEY_DOWN)
			t->help_top++;
		else if (k->is_key && k->code == KEY_UP && t->help_top)
			t->help_top--;
		else
			t->show_help = false;
		return RB_KEY_HANDLED;
	}
	bool typing =
	    t->screen == SCREEN_EDIT &&
	    (t->ed.e->type == RB_EX_TEXT || t->ed.e->type == RB_EX_NUMBER || t->ed.cell_editing);
	if (!k->is_key && !k->alt && k->ch == '?' && !typing && t->screen != SCREEN_WELCOME) {
		t->show_help = true;
		t->help_top = 0;
		return RB_KEY_HANDLED;
	}
	if (k->is_key && k->code == KEY_F(5) && t->have_app) {
		tui_sync(t);
		return RB_KEY_HANDLED;
	}
	if (k->is_key && k->code == KEY_F(4) && t->have_app) {
		tui_open_history(t);
		return RB_KEY_HANDLED;
	}
	if (k->is_key && k->code == KEY_F(3) && t->have_app) {
		tui_open_board(t);
		return RB_KEY_HANDLED;
	}
	if (k->is_key && k->code == KEY_F(2) && t->have_app) {
		tui_open_strategy(t);
		return RB_KEY_HANDLED;
	}
	if (k->is_key && k->code == KEY_F(1)) {
		t->show_help = true;
		t->help_top = 0;
		return RB_KEY_HANDLED;
	}
	return RB_KEY_IGNORED;
}

/* Where the next key lands, for the key styles. */
static enum tui_key_context key_context(const struct tui *t)
{
	if (t->co.purpose != COMPOSE_NONE || (t->screen == SCREEN_WELCOME && !t->show_help))
		return TUI_KC_FIELD;
	if (t->show_help || t->screen != SCREEN_EDIT)
		return TUI_KC_LIST;
	if (t->ed.e->type == RB_EX_TEXT)
		return TUI_KC_TEXT;
	return t->ed.e->type == RB_EX_NUMBER || t->ed.cell_editing ? TUI_KC_FIELD : TUI_KC_LIST;
}

bool tui_view_key(struct tui *t, wint_t ch)
{
	if (ch == 's')
		tui_open_strategy(t);
	else if (ch == 'r')
		tui_open_board(t);
	else if (ch == 'v')
		tui_open_history(t);
	else if (ch == 'y')
		tui_sync(t);
	else if (ch == 'f')
		tui_open_feedback(t);
	else
		return false;
	return true;
}

/* What the idle loop can change on screen without a key: the status line, the saved mark,
 * a failed save. */
static uint64_t idle_state(const struct tui *t)
{
	uint64_t h = 1469598103934665603ull;
	for (const char *p = t->status; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return h ^ ((uint64_t)t->dirty << 1) ^ ((uint64_t)t->save_failed << 2) ^
	       ((uint64_t)t->screen << 3);
}

static int run(struct tui *t)
{
	timeout(250);
	int code = RB_EXIT_OK;
	/* For tests/bench: leave once the first screen is on the terminal. */
	const char *bench = getenv("ROADBOOK_BENCH_FIRST_FRAME");
	/* The screen is drawn after a key, when the idle work changed something, and once a
	 * second for what shows the time; not four times a second while nothing happens. */
	bool redraw = true;
	int64_t drawn = 0;
	for (;;) {
		if (rb_tui_stop_signal)
			break;
		if (suspend_asked) {
			suspend(t);
			redraw = true;
		}
		if (redraw || tui_now_ms() - drawn >= 1000) {
			draw(t);
			drawn = tui_now_ms();
			redraw = false;
		}
		if (bench && *bench)
			break;
		struct tui_key k;
		errno = 0;
		if (!read_key(&k)) {
			/* After a hangup input fails at once: save and leave, never spin. */
			if (rb_tui_stop_signal || errno == EIO || errno == ENXIO || errno == EBADF)
				break;
			uint64_t before = idle_state(t);
			if (errno == EILSEQ)
				tui_set_status(
				    t, true,
				    "Some characters could not be read (not UTF-8 text) and "
				    "were left out. Check your terminal's character set.");
			autosave_tick(t);
			redraw = idle_state(t) != before;
			continue;
		}
		redraw = true;
		if (k.is_key && k.code == KEY_RESIZE) {
			tui_invalidate_view(t);
			continue;
		}
		if (t->status[0] && !t->save_failed)
			t->status[0] = '\0';
		/* The key style (ui.keys): translated here, so screens only see the keys they
		 * list. In lists, only keys the screen did not use are translated. */
		enum tui_key_context ctx = key_context(t);
		struct tui_key other;
		if (!tui_keymap_pre(&t->keymap, &k, ctx)) {
			tui_set_status(t, false, "Ctrl-X: press Ctrl-E to open your own editor.");
			continue;
		}
		if (t->show_help && tui_keymap_alternative(&t->keymap, &k, ctx, &other))
			k = other;
		enum rb_key_result r = global_key(t, &k);
		if (r == RB_KEY_IGNORED && !(t->cols < TUI_MIN_COLS || t->rows < TUI_MIN_ROWS)) {
			r = screens[t->screen]->on_key(t, &k);
			if (r == RB_KEY_IGNORED &&
			    tui_keymap_alternative(&t->keymap, &k, ctx, &other))
				r = screens[t->screen]->on_key(t, &other);
		} else if (r == RB_KEY_IGNORED && !k.is_key && (k.ch == 'q' || k.ch == 27))
			r = RB_KEY_QUIT; /* a tiny window can still be left */
		const char *notice = tui_insert_notice();
		if (notice)
			tui_set_status(t, true, "%s", notice);
		autosave_tick(t);
		if (r == RB_KEY_QUIT)
			break;
	}
	if (t->have_app && t->screen == SCREEN_EDIT && !tui_save_pending(t) &&
	    t->ed.e->type == RB_EX_TEXT) {
		code = RB_EXIT_FAIL;
		free(t->unsaved_text);
		free(t->unsaved_why);
		t->unsaved_text = strdup(rb_textedit_text(&t->ed.te));
		t->unsaved_why = strdup(t->status[0] ? t->status : "it could not be saved");
		/* the terminal may be gone (a hang-up): the words go to a file as well, and
		 * are offered back when the answer is opened again */
		char *kerr = NULL;
		free(t->unsaved_kept);
		t->unsaved_kept = NULL;
		if (t->unsaved_text && rb_app_recovery_keep(&t->app, t->ed.e->id, t->unsaved_text,
							    &t->unsaved_kept, &kerr) != 0) {
			free(t->unsaved_kept);
			t->unsaved_kept = NULL;
		}
		free(kerr);
		t->dirty = false; /* kept above, and printed once the screen is restored */
	}
	return code;
}

bool tui_mouse_click(const struct tui_key *k, int *y, int *x)
{
	if (!k->is_key || k->code != KEY_MOUSE ||
	    !(k->mouse.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
		return false;
	*y = k->mouse.y;
	*x = k->mouse.x;
	return true;
}

int tui_mouse_wheel(const struct tui_key *k)
{
	if (!k->is_key || k->code != KEY_MOUSE)
		return 0;
	return k->mouse.bstate & BUTTON4_PRESSED ? -1 : k->mouse.bstate & BUTTON5_PRESSED ? 1 : 0;
}

bool tui_click_select(size_t *sel, size_t row)
{
	if (*sel == row)
		return true;
	*sel = row;
	return false;
}

bool tui_scroll_key(const struct tui_key *k, size_t *top, size_t page, size_t total)
{
	size_t step = page > 1 ? page - 1 : 1;
	int code = k->is_key ? k->code : 0;
	wint_t ch = !k->is_key && !k->alt ? k->ch : 0;
	if (code == KEY_UP || ch == 'k')
		*top = *top ? *top - 1 : 0;
	else if (code == KEY_DOWN || ch == 'j')
		(*top)++;
	else if (code == KEY_PPAGE || ch == 'b')
		*top = *top > step ? *top - step : 0;
	else if (code == KEY_NPAGE || ch == ' ')
		*top += step;
	else if (code == KEY_HOME || ch == 'g')
		*top = 0;
	else if (code == KEY_END || ch == 'G')
		*top = total;
	else if (code == KEY_MOUSE && (k->mouse.bstate & BUTTON4_PRESSED))
		*top = *top > 3 ? *top - 3 : 0;
	else if (code == KEY_MOUSE && (k->mouse.bstate & BUTTON5_PRESSED))
		*top += 3;
	else
		return false;
	return true;
}

void tui_invalidate_view(struct tui *t)
{
	t->view_stale = true;
}

static void tui_done(struct tui *t)
{
	if (t->screen == SCREEN_EDIT)
		tui_edit_close(t);
	tui_strategy_done(t);
	tui_board_done(t);
	tui_history_done(t);
	tui_conflicts_done(t);
	tui_feedback_done(t);
	tui_compose_done(t);
	tui_fac_done(t);
	rb_lines_free(&t->view);
	free(t->view_ex);
	for (size_t i = 0; i < 4; i++)
		rb_textedit_done(&t->wel.field[i]);
	free(t->wel.error);
	if (t->have_app)
		rb_app_close(&t->app);
	rb_config_free(&t->cfg);
}

/* The user's settings file (app/config.h): a problem in it is shown at the start and the
 * defaults are used for what could not be read. */
static void load_settings(struct tui *t)
{
	rb_config_load_user(&t->cfg);
	t->keymap.style = t->cfg.keys;
}

/* Sets the terminal up, runs the screens, puts the terminal back. */
static int terminal_run(struct tui *t, const char *term)
{
	int rc;
	/* newterm, not initscr: an unknown TERM is an error we explain, not an exit. */
	SCREEN *scr = newterm(NULL, rb_safe_stream_raw(stdout), stdin);
	if (!scr) {
		char msg[512];
		snprintf(msg, sizeof msg,
			 "roadbook does not know your terminal type (TERM=%s). Try: "
			 "TERM=xterm-256color roadbook. Your answers are safe.",
			 term);
		return refuse(msg);
	}
	set_term(scr);
	char *cup = tigetstr("cup");
	if (!cup || cup == (char *)-1) {
		endwin();
		delscreen(scr);
		return refuse("your terminal cannot move the cursor, so roadbook cannot draw its "
			      "screens. Use a full terminal, or the commands (roadbook --help).");
	}
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	/* Clicks and the wheel (tui_mouse_click). No click resolution: ncurses then reports a
	 * click whose release comes late as a press, so each click is one event either way.
	 * endwin() (leaving, suspending, $EDITOR) switches the terminal's mouse reporting off. */
	if (t->cfg.mouse) /* ui.mouse = false leaves the mouse to the terminal (selecting text) */
		mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED,
			  NULL);
	mouseinterval(0);
	tui_colors_init(t);
	install_signals(); /* after newterm: ncurses' own handlers would exit without saving */

	if (t->have_app && t->app.notice)
		tui_set_status(t, true, "%s", t->app.notice);
	if (t->cfg.error) { /* a mistake in the settings file: said once, defaults in use */
		char before[sizeof t->status];
		memcpy(before, t->status, sizeof before);
		tui_set_status(t, true, "%s%s%s", before, before[0] ? " " : "", t->cfg.error);
	}
	rc = run(t);
	if (t->have_app)
		rb_app_autosnapshot(&t->app, 0); /* leaving: keep what this session changed */

	endwin();
	delscreen(scr);
	return rc;
}

/* Refuses (with the reason) what cannot show the screens: no terminal, not UTF-8, TERM=dumb. */
static int check_terminal(bool utf8, const char **term)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return refuse("roadbook needs a terminal to show its screens. From a script, use "
			      "roadbook --plain (questions and answers, line by line) or the "
			      "commands: roadbook status, roadbook exercises, roadbook answer (see "
			      "roadbook --help).");
	if (!utf8) {
		const char *lang = getenv("LC_ALL");
		if (!lang || !*lang)
			lang = getenv("LANG");
		char msg[512];
		snprintf(msg, sizeof msg,
			 "your terminal is not set up for UTF-8 text (LANG=%s), so roadbook's "
			 "screens would show garbled characters. Start it with a UTF-8 locale, for "
			 "example: LANG=C.UTF-8 roadbook. Nothing has been changed.",
			 lang && *lang ? lang : "not set");
		return refuse(msg);
	}
	*term = getenv("TERM");
	if (!*term || !**term || !strcmp(*term, "dumb"))
		return refuse(
		    "your terminal (TERM=dumb or unset) cannot draw roadbook's screens. "
		    "Use a full terminal (TERM=xterm-256color), roadbook --plain (line by "
		    "line, no screens), or the commands: roadbook status, roadbook exercises, "
		    "roadbook answer.");

	return 0;
}

/* The facilitator's screens: the dashboard, or the review of participant id. */
static int facilitator(const struct rb_tui_start *start, const char *id, const char *term)
{
	struct tui t;
	memset(&t, 0, sizeof t);
	t.start = start;
	t.facilitator = true;
	load_settings(&t);
	t.fac.x = calloc(1, sizeof *t.fac.x);
	char *err = NULL;
	int rc = t.fac.x ? rb_cohort_open(start->dir, t.fac.x, &err) : -1;
	if (rc != 0) {
		refuse(err ? err : "roadbook ran out of memory.");
		free(err);
		free(t.fac.x);
		rb_config_free(&t.cfg);
		return rc == 1 ? RB_EXIT_NOTFOUND : RB_EXIT_FAIL;
	}
	tui_dashboard_load(&t);
	t.screen = SCREEN_DASHBOARD;
	if (id) {
		t.fac.direct = true;
		rc = tui_open_review(&t, id);
		if (rc != RB_EXIT_OK) {
			refuse(t.status);
			tui_done(&t);
			return rc;
		}
	}
	t.status[0] = '\0';
	rc = terminal_run(&t, term);
	tui_done(&t);
	return rc;
}

int rb_tui_review(const struct rb_tui_start *start, const char *id)
{
	const char *term = NULL;
	int rc = check_terminal(start->utf8, &term);
	return rc ? rc : facilitator(start, id, term);
}

int rb_tui_main(const struct rb_tui_start *start)
{
	const char *term = NULL;
	int rc = check_terminal(start->utf8, &term);
	if (rc)
		return rc;
	char conf[4096];
	struct stat cst;
	snprintf(conf, sizeof conf, "%s/" RB_COHORT_CONF, start->dir);
	if (stat(conf, &cst) == 0)
		return facilitator(start, NULL, term);
	struct tui t;
	memset(&t, 0, sizeof t);
	t.start = start;
	t.focus = -1;
	t.ed.ex = -1;
	load_settings(&t);
	for (size_t i = 0; i < 4; i++)
		rb_textedit_init(&t.wel.field[i], 200);

	char *err = NULL;
	rc = rb_app_open(&t.app, start->dir, true, &err);
	if (rc == RB_EXIT_OK) {
		t.have_app = true;
		t.screen = SCREEN_HOME;
		tui_count_conflicts(&t);
		long first;
		size_t kept = rb_app_recovery_count(&t.app, &first);
		if (kept)
			tui_set_status(&t, true,
				       "Not saved when roadbook last stopped: words in %s (module "
				       "%zu)%s. Open it, Ctrl-R puts them back.",
				       t.app.cur->exercises[first]->id,
				       t.app.cur->exercises[first]->module_index + 1,
				       kept > 1 ? " and more" : "");
	} else if (rc == RB_EXIT_NOTFOUND) {
		rb_app_close(&t.app);
		t.screen = SCREEN_WELCOME;
	} else {
		rb_app_close(&t.app);
		refuse(err ? err : "could not open the workbook");
		free(err);
		tui_done(&t);
		return rc;
	}
	free(err);

	rc = terminal_run(&t, term);
	tui_done(&t);
	if (t.unsaved_text) {
		/* through the sanitising stderr, like everything printed */
		fprintf(stderr,
			"roadbook: your last words could not be saved (%s).\nHere they are, to "
			"copy into the answer when you open roadbook again:\n\n%s\n",
			t.unsaved_why ? t.unsaved_why : "", t.unsaved_text);
		if (t.unsaved_kept)
			fprintf(stderr,
				"\nThey are also kept in %s, and roadbook offers them back when "
				"you open that answer again (Ctrl-R).\n",
				t.unsaved_kept);
		free(t.unsaved_text);
		free(t.unsaved_why);
		free(t.unsaved_kept);
	} else if (rb_tui_stop_signal == SIGHUP || rb_tui_stop_signal == SIGTERM ||
		   rb_tui_stop_signal == SIGINT) {
		fprintf(stderr, "roadbook: stopped by a signal; your answers were saved.\n");
	}
	return rc;
}
