/* tui.h - the full-screen interface. */
#ifndef ROADBOOK_TUI_H
#define ROADBOOK_TUI_H

#include "tui/cli.h"

#include <stdbool.h>

/* Runs the TUI on the workbook in cli->dir (a welcome screen when there is none). utf8 says
 * whether the user's locale is UTF-8. Returns the process exit code. */
int rb_tui_main(const struct rb_cli *cli, bool utf8);

/* The facilitator's screens on the cohort in cli->dir: the review screen of participant id,
 * or the dashboard when id is NULL. Returns the process exit code. */
int rb_tui_review(const struct rb_cli *cli, const char *id);

#endif
