/* plain.h - roadbook --plain: the workbook as a linear conversation on standard input and
 * output (screen readers, braille displays, pipes), without curses. */
#ifndef ROADBOOK_PLAIN_H
#define ROADBOOK_PLAIN_H

#include "cli/cli.h"

#include <stdbool.h>

/* Opens the workbook in cli->dir, lists its modules, prints the lesson chosen as plain text and
 * asks its exercises one by one; answers are checked and saved exactly as in the TUI. Reads
 * standard input to its end (or "q"); returns the process exit code: RB_EXIT_OK when the input
 * ends, RB_EXIT_NOTFOUND when there is no workbook (the message says how to make one). */
int rb_plain_main(const struct rb_cli *cli);

/* Whether plain mode is on: asked for (--plain), or ROADBOOK_PLAIN set to anything but "" or
 * "0". When it is on, NO_COLOR is set too, so that the commands print no colour either. */
bool rb_plain_setup(bool asked);

#endif
