/* tui.h - the full-screen interface. cli/main.c starts it; nothing else of cli/ is seen here. */
#ifndef ROADBOOK_TUI_H
#define ROADBOOK_TUI_H

#include <stdbool.h>

/* What the TUI takes from the program that starts it. */
struct rb_tui_start {
	const char *dir; /* the workbook, or the cohort's folder (-C DIR, default ".") */
	bool utf8;       /* the user's locale is UTF-8 */
	/* Asks for a user name and password on the terminal while the screen is put aside (an
	 * rb_net_cb ask function, with ask_ctx as its ctx); NULL: only ROADBOOK_USERNAME and
	 * ROADBOOK_PASSWORD count. */
	int (*ask)(void *ctx, const char *url, const char *user, char **user_out, char **pass_out);
	void *ask_ctx;
};

/* Runs the TUI on the workbook in start->dir (a welcome screen when there is none; the
 * dashboard in a cohort's folder). Returns the process exit code. */
int rb_tui_main(const struct rb_tui_start *start);

/* The facilitator's screens on the cohort in start->dir: the review screen of participant id,
 * or the dashboard when id is NULL. Returns the process exit code. */
int rb_tui_review(const struct rb_tui_start *start, const char *id);

#endif
