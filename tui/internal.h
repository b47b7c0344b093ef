/* internal.h - what the screens share: the TUI state, the screen operations table, key
 * events and the drawing helpers. Only tui/ includes this (and ncurses). */
#ifndef ROADBOOK_TUI_INTERNAL_H
#define ROADBOOK_TUI_INTERNAL_H

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "content/answer.h"
#include "content/render.h"
#include "content/roadmap.h"
#include "app/workbook.h"
#include "app/versions.h"
#include "app/restore.h"
#include "app/sync.h"
#include "app/review.h"
#include "app/recover.h"
#include "tui/tui.h"
#include "app/config.h"
#include "tui/textedit.h"

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#define TUI_MIN_COLS 50
#define TUI_MIN_ROWS 12

enum rb_key_result { RB_KEY_IGNORED, RB_KEY_HANDLED, RB_KEY_QUIT };

/* One key press: a function key (is_key, code = KEY_*), or a character (ch), possibly with
 * Alt held (alt). Control characters arrive as ch < 32. */
struct tui_key {
	bool is_key;
	int code;
	wint_t ch;
	bool alt;
	MEVENT mouse; /* when code == KEY_MOUSE */
};

/* Where a key is pressed, for the key styles (tui/keymap.c): a list or a reader, a field
 * being typed in (letters are text), or a text answer (a field with Ctrl-X Ctrl-E). */
enum tui_key_context { TUI_KC_LIST, TUI_KC_FIELD, TUI_KC_TEXT };

/* The key style in use (ui.keys) and a pending Ctrl-X. */
struct tui_keymap {
	enum rb_key_style style;
	bool ctrl_x;
};

/* Before anyone sees k: in emacs style, Ctrl-F/B/N/P/E/V and Alt-v become the arrow, End and
 * page keys while typing; Ctrl-X starts Ctrl-X Ctrl-E. Returns false when k was taken (a
 * Ctrl-X waiting for the next key). */
bool tui_keymap_pre(struct tui_keymap *m, struct tui_key *k, enum tui_key_context ctx);
/* For a key in a list or reader that the screen did not use: the arrow, Home/End or page key
 * it stands for in the key style (vi: h j k l g G Ctrl-D/U/F/B; emacs: Ctrl-N/P/F/B, Alt-<
 * Alt->, Ctrl-V, Alt-v), in *out. So a letter a screen binds keeps its meaning there. */
bool tui_keymap_alternative(const struct tui_keymap *m, const struct tui_key *k,
			    enum tui_key_context ctx, struct tui_key *out);

enum screen_id {
	SCREEN_WELCOME,
	SCREEN_HOME,
	SCREEN_LESSON,
	SCREEN_EDIT,
	SCREEN_STRATEGY,
	SCREEN_BOARD,
	SCREEN_HISTORY,
	SCREEN_CONFLICTS,
	SCREEN_FEEDBACK,
	SCREEN_DASHBOARD,
	SCREEN_REVIEW,
	SCREEN_COUNT
};

struct tui;

/* A screen is a table of operations (tig's view_ops): the main loop only dispatches. */
struct screen_ops {
	const char *name;
	void (*draw)(struct tui *t);
	enum rb_key_result (*on_key)(struct tui *t, const struct tui_key *k);
	const char *hints; /* key hints for the status bar */
};

/* The answer editor's state (tui/editor.c). */
struct editor {
	long ex; /* curriculum index of the exercise being edited */
	const struct rb_exercise *e;
	struct rb_textedit te; /* text, number, and the table cell being edited */
	size_t sel;            /* option under the cursor; table: field under the cursor */
	size_t row;            /* table: row under the cursor */
	bool cell_editing;     /* table: te holds the cell being edited */
	bool confirm_delete;   /* table: 'd' pressed once */
	char *recovered;       /* text: words kept when roadbook last stopped (app/recover.h) */
	bool confirm_leave;    /* text: Esc pressed once while the text could not be saved */
	struct rb_table table;
	size_t top; /* first visible line of the editor's body */
	int y0;     /* the screen row of that line, as last drawn (for clicks) */
	char *error;
};

/* The strategy screen's state (tui/screen_strategy.c). */
struct strategy_view {
	struct rb_lines lines; /* the rendered document */
	size_t *anchor;        /* per level-3 heading: its first line */
	long *map;             /* per level-3 heading: the exercise it shows */
	size_t nanchor;
	struct rb_readiness *chart; /* one row per readiness dimension */
	size_t nchart;
	struct rb_bench_median *bench; /* the cohort's medians, when published */
	size_t nbench;
	size_t top, focus;
	int width;               /* the width it was rendered for */
	unsigned long built_for; /* app.changes when it was built */
	enum screen_id back;     /* where Esc returns */
};

/* The roadmap board's state (tui/screen_board.c). */
struct board_view {
	struct rb_roadmap rm;
	int col;                 /* horizon column under the cursor */
	size_t row;              /* item under the cursor within the column */
	bool timeline;           /* showing the timeline instead of the board */
	unsigned long built_for; /* app.changes when rm was built */
	enum screen_id back;
};

/* The history screen's state (tui/screen_history.c). */
struct history_view {
	struct rb_version *v; /* saved versions, newest first; list row i + 1 */
	size_t n;
	size_t sel, top; /* list row under the cursor (0: the answers now) */
	long mark;       /* row marked for comparing two versions, -1 when none */
	bool showing;    /* the comparison is on screen */
	struct rb_lines lines;
	size_t dtop;
	int width;
	enum screen_id back;
};

/* Answers changed on two laptops, waiting for a choice (tui/screen_sync.c). */
struct conflict_view {
	struct rb_conflict *v;
	size_t n, sel;
	enum screen_id back;
};

/* A box for writing a comment or a reply (tui/compose.c): multi-line, F10 or Ctrl-D to send,
 * Esc to cancel. */
enum compose_purpose { COMPOSE_NONE, COMPOSE_REPLY, COMPOSE_COMMENT };
struct compose {
	enum compose_purpose purpose;
	struct rb_textedit te;
	char title[256];
	char target[96]; /* the comment replied to, or the target commented on */
	size_t top;
};

/* The participant's feedback list (tui/screen_feedback.c). */
struct feedback_view {
	size_t *items; /* indexes into app.fac of the comments, in module order */
	size_t n, sel, top;
	struct rb_lines lines;
	size_t *first; /* per item: its first line */
	int width;
	unsigned long built_for;
	enum screen_id back;
};

struct rb_cohort_ctx;
struct rb_member;
struct rb_review;
struct rb_review_doc;
/* The facilitator's screens (tui/screen_dashboard.c, tui/screen_review.c). */
struct fac_view {
	struct rb_cohort_ctx *x;
	struct rb_member *mem;
	size_t nmem;
	size_t *order; /* rows shown: indexes into mem */
	size_t nrows, sel, top;
	int sort;                  /* 0 roster, 1 progress, 2 last sync */
	bool waiting;              /* only participants waiting for review */
	struct rb_review *rv;      /* the participant under review, or NULL */
	struct rb_review_doc *doc; /* their review as lines */
	bool strategy;             /* showing their strategy document */
	int width;
	size_t rtop;
	long focus;  /* exercise under the cursor, or -1 */
	bool direct; /* opened with roadbook review ID: Esc quits */
};

/* The welcome form (tui/screen_welcome.c). */
struct welcome {
	struct rb_textedit field[4];
	size_t focus;
	char *error;
};

struct tui {
	bool sync_held; /* the last F5 held back a version that lost answers: the next sends */
	const struct rb_tui_start *start;
	struct rb_app app;
	bool have_app;
	int rows, cols;
	bool color;
	struct rb_config cfg;     /* the user's settings (app/config.h) */
	struct tui_keymap keymap; /* ui.keys */
	enum screen_id screen;
	bool show_help;
	size_t help_top;

	/* home: the module list */
	size_t home_sel, home_top;
	int home_y0; /* the screen row of the first module shown, as last drawn (for clicks) */

	/* lesson: the reader, with exercises drawn inline */
	size_t mod;
	struct rb_lines view;
	long *view_ex; /* per view line: curriculum index of the exercise drawn there, or -1 */
	int view_width;
	bool view_stale;
	size_t top;
	long focus; /* curriculum index of the focused exercise, or -1 */

	struct editor ed;
	struct welcome wel;
	struct strategy_view st;
	struct board_view bd;
	struct history_view hi;
	struct conflict_view cf;
	size_t nconflicts; /* answers waiting for a choice (shown on the modules screen) */
	struct compose co;
	struct feedback_view fb;
	struct fac_view fac;
	bool facilitator; /* the cohort's screens instead of a workbook's */

	/* status line and autosave */
	char status[512];
	bool status_error;
	bool dirty;             /* the editor holds text not yet saved */
	int64_t last_change_ms; /* when the editor's text last changed */
	int64_t last_save_ms;
	int64_t last_fail_ms;
	bool save_failed;
	/* text that could not be saved when roadbook had to stop: printed after the screen is
	 * restored, so nobody loses what they typed (tui.c) */
	char *unsaved_text, *unsaved_why;
	char *unsaved_kept; /* where they were kept as well (app/recover.h), or NULL */
};

extern const struct screen_ops rb_screen_welcome;
extern const struct screen_ops rb_screen_home;
extern const struct screen_ops rb_screen_lesson;
extern const struct screen_ops rb_screen_edit;
extern const struct screen_ops rb_screen_strategy;
extern const struct screen_ops rb_screen_board;
extern const struct screen_ops rb_screen_history;
extern const struct screen_ops rb_screen_conflicts;
extern const struct screen_ops rb_screen_feedback;
extern const struct screen_ops rb_screen_dashboard;
extern const struct screen_ops rb_screen_review;

/* Set by the signal handlers; the main loop saves and leaves when it is non-zero. */
extern volatile sig_atomic_t rb_tui_stop_signal;

/* ---- drawing helpers (tui/draw.c) ---- */

enum tui_color {
	TC_NONE,
	TC_BAR,
	TC_HEADING,
	TC_MARKER,
	TC_CODE,
	TC_LINK,
	TC_FOCUS,
	TC_OK,
	TC_ERROR,
	TC_DIM,
	TC_QUOTE
};

void tui_colors_init(struct tui *t);
attr_t tui_attr(const struct tui *t, enum tui_color c);
/* Draws untrusted text at (y, x), sanitised to one line, clipped to maxw columns; returns the
 * columns used. */
int tui_text(int y, int x, int maxw, const char *s, attr_t attr);
/* Draws a rendered line (already safe) with its styles at (y, x), clipped to maxw columns. */
void tui_line(const struct tui *t, int y, int x, int maxw, const struct rb_line *l, attr_t base);
/* A progress bar of width w for done/total. */
void tui_progress(const struct tui *t, int y, int x, int w, size_t done, size_t total);
void tui_fill_row(int y, attr_t attr);
/* Top bar (participant, company, progress) and bottom status bar (hints, autosave). */
void tui_draw_bars(struct tui *t, const char *hints);
void tui_set_status(struct tui *t, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int64_t tui_now_ms(void);

/* The help screen (tui/help.c): every key, then those of the key style in use. */
void tui_draw_help(struct tui *t);

/* ---- actions shared between screens (tui/tui.c, tui/editor.c) ---- */

void tui_open_lesson(struct tui *t, size_t module);
/* Focuses an exercise of the open lesson and scrolls to it. */
void tui_lesson_focus(struct tui *t, long ex);
/* Opens the strategy screen (closing an open editor first, which saves it). */
void tui_open_strategy(struct tui *t);
void tui_strategy_done(struct tui *t);
/* Opens the roadmap board (Now / Next / Later, and the timeline). */
void tui_open_board(struct tui *t);
void tui_board_done(struct tui *t);
/* The letters that open the other views outside an answer: s (strategy), r (roadmap board),
 * v (versions). Returns true when ch was one of them. */
bool tui_view_key(struct tui *t, wint_t ch);
/* Opens the list of saved versions and their changes. */
void tui_open_history(struct tui *t);
void tui_history_done(struct tui *t);
void tui_invalidate_view(struct tui *t);
/* Syncs with the cohort (F5), showing progress; then the answers to choose, if any. */
void tui_sync(struct tui *t);
/* Counts the answers waiting for a choice into t->nconflicts. */
void tui_count_conflicts(struct tui *t);
/* Opens the list of answers changed on two laptops. */
void tui_open_conflicts(struct tui *t);
void tui_conflicts_done(struct tui *t);
/* The writing box: opens it, draws it over the screen, takes keys while open (true when it
 * took the key), frees it. */
void tui_compose_open(struct tui *t, enum compose_purpose p, const char *target, const char *title);
void tui_compose_draw(struct tui *t);
bool tui_compose_key(struct tui *t, const struct tui_key *k);
void tui_compose_done(struct tui *t);
/* Submits the module under the cursor (modules screen) or open (lesson) for review. */
void tui_submit(struct tui *t, size_t module);
/* The participant's feedback list; the facilitator's dashboard and review screen. */
void tui_open_feedback(struct tui *t);
void tui_feedback_done(struct tui *t);
void tui_fac_done(struct tui *t);
int tui_open_review(struct tui *t, const char *id);
/* Reads the participant under review (and the dashboard's rows) again after a change. */
void tui_fac_reload(struct tui *t);
/* Loads the dashboard's rows from the cohort (no network). */
void tui_dashboard_load(struct tui *t);
/* Lines of comments on exercise ex for the lesson reader (tui/screen_feedback.c). */
void tui_comment_lines(struct tui *t, struct rb_lines *l, long ex, int width);

/* Saves the editor's pending text now; returns false (with a status message) on failure. */
bool tui_save_pending(struct tui *t);
/* Opens the editor on an exercise (curriculum index). */
void tui_edit_open(struct tui *t, long ex);
void tui_edit_close(struct tui *t);
/* Runs $EDITOR on text; returns a malloc'd result or NULL (status set). */
char *tui_external_editor(struct tui *t, const char *text);
/* Key helpers shared by the single-line and multi-line editors. Returns true when handled. */
/* Shared by the answer editors (tui/editor.c, tui/editor_table.c). */
void tui_edit_set_error(struct tui *t, char *msg); /* takes ownership; NULL clears */
/* Stores a value through the same checks as the command line; false (error set) if refused. */
bool tui_edit_store(struct tui *t, const char *value);
bool tui_is_done_key(const struct tui_key *k); /* Esc or F10 */
/* Scrolls *top so that lines first..last are inside a window of rows lines. */
void tui_keep_visible(size_t *top, size_t first, size_t last, size_t rows);
void tui_table_draw(struct tui *t, int y0, int x, int width);
enum rb_key_result tui_table_key(struct tui *t, const struct tui_key *k);

/* The reading keys every scrolling screen shares (arrows, PgUp/PgDn, Home/End, j k b g G
 * Space, the mouse wheel): moves *top (the caller clamps it) and returns true when k was one. */
bool tui_scroll_key(const struct tui_key *k, size_t *top, size_t page, size_t total);

/* The mouse (ncurses' KEY_MOUSE events). A left click: true with its screen row and column. */
bool tui_mouse_click(const struct tui_key *k, int *y, int *x);
/* The wheel: -1 up, 1 down, 0 when k is not the wheel. */
int tui_mouse_wheel(const struct tui_key *k);
/* The click rule of every list: a click on a row that is not selected selects it (returns
 * false); a click on the selected row returns true, and the caller opens or picks it as Enter
 * would. So a double click opens. */
bool tui_click_select(size_t *sel, size_t row);

/* A message about the last typed or pasted text (replaced, dropped or cut characters), or NULL;
 * reading it clears it. */
const char *tui_insert_notice(void);
bool tui_textedit_key(struct rb_textedit *te, const struct tui_key *k, size_t width, size_t page,
		      bool multiline);

#endif
