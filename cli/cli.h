/* cli.h - the command table: every command's name, usage, summary and example in one place,
 * so that `roadbook --help` and `roadbook CMD --help` can never go stale. */
#ifndef ROADBOOK_CLI_H
#define ROADBOOK_CLI_H

#include <stddef.h>
#include <stdio.h>

struct rb_cli {
	const char *dir; /* -C DIR, default "." */
	/* Opens the facilitator's review screen of participant id (roadbook review ID): the TUI,
	 * which main.c starts; cli/ does not draw. Returns the process exit code. */
	int (*review_screen)(const struct rb_cli *cli, const char *id);
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
/* The names nearest to word, for "did you mean": by optimal string alignment distance
 * (Damerau-Levenshtein: a wrong, missing, extra or swapped letter counts one; case ignored; a
 * name that word starts counts one), at most 1 for words of up to 3 letters and 2 for longer
 * ones; only those at the smallest distance. names[i] is the const char * at names + i * stride
 * (a field of a table); at most max go to out (pointers into the table). Returns how many. */
size_t rb_cli_suggest(const char *word, const char *const *names, size_t n, size_t stride,
		      const char **out, size_t max);
/* Writes len bytes of text word-wrapped to 79 columns (content/render.h's rb_wrap_plain): the
 * first line continues where the caller left off, at column indent; the next ones start with
 * indent spaces. */
void rb_cli_wrap(FILE *f, const char *text, size_t len, int indent);

/* The width of the terminal on standard output, else $COLUMNS, else 80. */
int rb_cli_terminal_width(void);
/* Prints "roadbook: MESSAGE" on stderr, sanitised. */
void rb_cli_error(const char *msg);

#endif
