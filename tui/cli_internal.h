/* cli_internal.h - what the command files share (tui/cli.c, tui/cli_versions.c). */
#ifndef ROADBOOK_CLI_INTERNAL_H
#define ROADBOOK_CLI_INTERNAL_H

#include "tui/app.h"
#include "tui/cli.h"

#include <stdio.h>

/* Prints "roadbook CMD: MSG" and where to get help; returns RB_EXIT_USAGE. */
int rb_cli_usage(const char *cmd, const char *msg);
/* Opens the workbook in dir, printing why not (and any notice) on stderr; returns an exit code. */
int rb_cli_open(struct rb_app *app, const char *dir);
/* Writes untrusted text through the sanitiser. */
void rb_cli_put_safe(FILE *f, const char *s, unsigned flags);

int rb_cmd_save(const struct rb_cli *cli, int argc, char **argv);
int rb_cmd_log(const struct rb_cli *cli, int argc, char **argv);
int rb_cmd_diff(const struct rb_cli *cli, int argc, char **argv);
int rb_cmd_join(const struct rb_cli *cli, int argc, char **argv);

#endif
