/* tui.h - the full-screen interface. */
#ifndef ROADBOOK_TUI_H
#define ROADBOOK_TUI_H

#include "tui/cli.h"

#include <stdbool.h>

/* Runs the TUI on the workbook in cli->dir (a welcome screen when there is none). utf8 says
 * whether the user's locale is UTF-8. Returns the process exit code. */
int rb_tui_main(const struct rb_cli *cli, bool utf8);

#endif
