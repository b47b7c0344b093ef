/* internal.h - what the files of cli/ share. */
#ifndef ROADBOOK_CLI_INTERNAL_H
#define ROADBOOK_CLI_INTERNAL_H

#include "app/workbook.h"
#include "app/versions.h"
#include "app/restore.h"
#include "app/sync.h"
#include "app/review.h"
#include "cli/cli.h"

#include <stdio.h>

/* Prints "roadbook CMD: MSG" and where to get help; returns RB_EXIT_USAGE. */
int rb_cli_usage(const char *cmd, const char *msg);
/* For a command without getopt: an argument that looks like an option ("-x", "--xyz") and is not
 * in known (NULL-terminated, or NULL) is a usage error (message printed, RB_EXIT_USAGE
 * returned); "--" ends the options and is removed from argv (*argc shrinks). Else RB_EXIT_OK. */
int rb_cli_check_args(const char *cmd, int *argc, char **argv, const char *const *known);
/* roadbook cohort [SUBCOMMAND] --help (cli/cohort.c): the subcommands, or one of them. */
int rb_cli_cohort_help(int argc, char **argv);
/* Opens the workbook in dir, printing why not (and any notice) on stderr; returns an exit code. */
int rb_cli_open(struct rb_app *app, const char *dir);
/* true (and says so) when the history could not be opened: rb_cli_open told why. */
bool rb_cli_no_versions(const struct rb_app *app);
/* Writes untrusted text through the sanitiser. */
void rb_cli_put_safe(FILE *f, const char *s, unsigned flags);

/* Progress of a transfer on standard error (only when it is a terminal). */
struct rb_cli_progress {
	bool shown;
	const char *stage;
	size_t last;
};
struct rb_net_cb rb_cli_net_cb(struct rb_cli_progress *p);
void rb_cli_progress_end(struct rb_cli_progress *p);
/* Asks for a user name and password on the terminal (/dev/tty); an rb_net_cb ask function
 * whose ctx is an rb_cli_progress. */
int rb_cli_ask(void *ctx, const char *url, const char *user, char **user_out, char **pass_out);
/* The exit code for a failed exchange (offline, not found, ...). */
int rb_cli_net_exit(enum rb_net st);

/* Writes data to path through a temporary file, fsync and rename: a crash leaves the old file
 * or the new one, never half of either. 0, or -1 with errno. */
int rb_cli_write_atomic(const char *path, const char *data, size_t len);
/* The whole of standard input (malloc'd), or NULL with errno on a read error, or when standard
 * input was closed when roadbook started (EBADF; cli/main.c). */
char *rb_cli_read_stdin(void);
extern bool rb_cli_stdin_closed;

int rb_cmd_submit(const struct rb_cli *cli, int argc, char **argv);
int rb_cmd_feedback(const struct rb_cli *cli, int argc, char **argv);
int rb_cmd_reply(const struct rb_cli *cli, int argc, char **argv);
int rb_cmd_resolve(const struct rb_cli *cli, int argc, char **argv);
int rb_cmd_review(const struct rb_cli *cli, int argc, char **argv);
int rb_cmd_comment(const struct rb_cli *cli, int argc, char **argv);
int rb_cmd_approve(const struct rb_cli *cli, int argc, char **argv);
int rb_cmd_request_changes(const struct rb_cli *cli, int argc, char **argv);
int rb_cmd_status(const struct rb_cli *cli, int argc, char **argv);
int rb_cmd_sync(const struct rb_cli *cli, int argc, char **argv);
int rb_cmd_choose(const struct rb_cli *cli, int argc, char **argv);
int rb_cmd_cohort(const struct rb_cli *cli, int argc, char **argv);
int rb_cmd_save(const struct rb_cli *cli, int argc, char **argv);
int rb_cmd_log(const struct rb_cli *cli, int argc, char **argv);
int rb_cmd_diff(const struct rb_cli *cli, int argc, char **argv);
int rb_cmd_join(const struct rb_cli *cli, int argc, char **argv);

#endif
