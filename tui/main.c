/* main.c - roadbook's entry point: global options, then a command or the TUI. */
#include "content/sanitize.h"
#include "content/utf8.h"
#include "tui/app.h"
#include "tui/cli.h"
#include "tui/tui.h"
#include "tui/version.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
	size_t n;
	const struct rb_command *cmds = rb_cli_commands(&n);
	fprintf(f, "usage: roadbook [-C DIR] [COMMAND [ARGS]]\n\n"
		   "roadbook is a workbook for leaders on a digital transformation programme.\n"
		   "With no command it opens the workbook in DIR (default: this folder).\n\n"
		   "commands:\n");
	for (size_t i = 0; i < n; i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "\noptions:\n  -C DIR      use the workbook in DIR\n"
		   "  -h, --help  show this help; 'roadbook COMMAND --help' for a command\n"
		   "  --version   show the version\n\n"
		   "example:\n  roadbook init ~/roadbook --name \"Sam Taylor\" --company \"Taylor "
		   "Foods\"\n  roadbook -C ~/roadbook\n");
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	bool utf8 = rb_utf8_locale_init();
	/* A connection cut while sending (or `roadbook log | head`) is an error to report, not
	 * a reason to die without a word. */
	signal(SIGPIPE, SIG_IGN);
	/* Everything any command prints passes the terminal sanitiser (content/sanitize.h);
	 * curses draws on the stream replaced here, through its own sanitised path. */
	FILE *out = rb_safe_stream(stdout, isatty(STDOUT_FILENO));
	if (out)
		stdout = out;
	FILE *err = rb_safe_stream(stderr, false);
	if (err) {
		setvbuf(err, NULL, _IONBF, 0);
		stderr = err;
	}
	struct rb_cli cli = {.dir = "."};
	int i = 1;
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "-C")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "roadbook: -C needs a folder\n");
				return RB_EXIT_USAGE;
			}
			cli.dir = argv[++i];
		} else if (!strncmp(argv[i], "-C", 2) && argv[i][2]) {
			cli.dir = argv[i] + 2;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return RB_EXIT_OK;
		} else if (!strcmp(argv[i], "--version") || !strcmp(argv[i], "-V")) {
			printf("roadbook %s\n", rb_version());
			return RB_EXIT_OK;
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "roadbook: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return RB_EXIT_USAGE;
		} else {
			break;
		}
	}
	if (i == argc)
		return rb_tui_main(&cli, utf8);
	size_t n;
	const struct rb_command *cmds = rb_cli_commands(&n);
	for (size_t k = 0; k < n; k++)
		if (!strcmp(cmds[k].name, argv[i]))
			return rb_cli_run(&cli, &cmds[k], argc - i, argv + i);
	fprintf(stderr, "roadbook: '%s' is not a roadbook command.\n", argv[i]);
	for (size_t k = 0; k < n; k++)
		if (!strncmp(cmds[k].name, argv[i], 2))
			fprintf(stderr, "Did you mean 'roadbook %s'?\n", cmds[k].name);
	fprintf(stderr, "See 'roadbook --help' for the list of commands.\n");
	return RB_EXIT_USAGE;
}
