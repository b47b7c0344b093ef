/* cli.h - the command table: every command's name, usage, summary and example in one place,
 * so that `roadbook --help` and `roadbook CMD --help` can never go stale. */
#ifndef ROADBOOK_CLI_H
#define ROADBOOK_CLI_H

#include <stddef.h>

struct rb_cli {
	const char *dir; /* -C DIR, default "." */
};

struct rb_command {
	const char *name;
	int (*run)(const struct rb_cli *cli, int argc, char **argv); /* argv[0] is the name */
	const char *usage;
	const char *summary;
	const char *example;
};

const struct rb_command *rb_cli_commands(size_t *n);
/* Runs cmd, handling --help; returns the process exit code (enum rb_exit). */
int rb_cli_run(const struct rb_cli *cli, const struct rb_command *cmd, int argc, char **argv);
/* Prints "roadbook: MESSAGE" on stderr, sanitised. */
void rb_cli_error(const char *msg);

#endif
