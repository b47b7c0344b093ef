/* main.c - roadbook's entry point: global options, then a command or the TUI. The one file of
 * cli/ that starts the TUI (tui/tui.h): it hands the screens the command line's password
 * prompt, and the commands the review screen. */
#include "content/sanitize.h"
#include "content/utf8.h"
#include "app/workbook.h"
#include "cli/cli.h"
#include "cli/internal.h"
#include "cli/plain.h"
#include "tui/tui.h"
#include "app/version.h"

#include <errno.h>
#include <fcntl.h>
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
	for (size_t i = 0; i < n; i++) {
		/* the first sentence of the summary; 'roadbook COMMAND --help' has the rest */
		const char *s = cmds[i].summary, *stop = strstr(s, ". ");
		size_t len = stop ? (size_t)(stop - s) + 1 : strlen(s);
		fprintf(f, "  %-16s ", cmds[i].name);
		rb_cli_wrap(f, s, len, 19);
	}
	fprintf(f, "\noptions:\n  -C DIR         use the workbook (or cohort) in DIR\n"
		   "  --plain        the workbook as plain text on standard input and output\n"
		   "                 (screen readers, pipes); also ROADBOOK_PLAIN=1\n"
		   "  -h, --help     show this help; 'roadbook COMMAND --help' for a command\n"
		   "  -V, --version  show the version\n\n"
		   "example:\n  roadbook init ~/roadbook --name \"Sam Taylor\" --company \"Taylor "
		   "Foods\"\n  roadbook -C ~/roadbook\n");
	fprintf(f, "\nexit status:\n"
		   "  0  done\n"
		   "  1  failed: the message says why and what to do\n"
		   "  2  the command line is wrong (unknown command or option, missing value)\n"
		   "  3  not found: no workbook or cohort here, no such exercise, file...\n"
		   "  4  the workbook is open in another roadbook window\n"
		   "  5  offline: the cohort could not be reached; the work waits on this laptop\n"
		   "  6  synced, but answers changed on two laptops wait for your choice\n\n"
		   "More in 'man roadbook'.\n");
}

static bool utf8_locale;

/* Standard input, output and error that were closed (`roadbook answer ID <&-`) are opened on
 * /dev/null, so that no file roadbook opens later takes their number and is read as the
 * answer or written with the output. A closed standard input is remembered: reading it is an
 * error (rb_cli_read_stdin), never an empty answer. */
static void guard_std_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		int n = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
		if (n >= 0 && n != fd) { /* the lowest free number: fd itself, unless a race */
			dup2(n, fd);
			close(n);
		}
		if (fd == 0)
			rb_cli_stdin_closed = true;
	}
}

/* Everything printed reached its file: what was buffered is written, and a write error (a full
 * disk, /dev/full, a closed pipe's reader aside) is reported and turns the exit status into a
 * failure, so that a script never takes a cut-short file for a whole one. */
static int finish_output(int rc)
{
	int e = 0;
	if (fflush(stdout) != 0 || ferror(stdout))
		e = rb_safe_stream_error(stdout) ? rb_safe_stream_error(stdout)
		    : errno                      ? errno
						 : EIO;
	if (fclose(stdout) != 0 && !e)
		e = errno ? errno : EIO;
	if (!e && close(STDOUT_FILENO) != 0 && errno != EBADF)
		e = errno;
	if (!e || e == EPIPE) /* the reader stopped reading (roadbook log | head): not ours */
		return rc;
	fprintf(stderr,
		"roadbook: the output could not be written in full (%s)%s. What was written is "
		"incomplete: free some space or choose another place, then run the command "
		"again.\n",
		strerror(e), e == ENOSPC ? ": the disk is full" : "");
	return rc == RB_EXIT_OK ? RB_EXIT_FAIL : rc;
}

static struct rb_cli_progress ask_progress; /* the prompt's: never shown while curses is on */

static struct rb_tui_start tui_start(const struct rb_cli *cli)
{
	return (struct rb_tui_start){
	    .dir = cli->dir, .utf8 = utf8_locale, .ask = rb_cli_ask, .ask_ctx = &ask_progress};
}

static int review_screen(const struct rb_cli *cli, const char *id)
{
	struct rb_tui_start s = tui_start(cli);
	return rb_tui_review(&s, id);
}

/* An unknown command: say so, and suggest the nearest ones (git's "did you mean"). */
static int unknown_command(const char *word)
{
	size_t n;
	const struct rb_command *cmds = rb_cli_commands(&n);
	const char *near[3];
	size_t k = rb_cli_suggest(word, &cmds[0].name, n, sizeof cmds[0], near, 3);
	fprintf(stderr, "roadbook: '%s' is not a roadbook command.\n", word);
	if (k == 1)
		fprintf(stderr, "Did you mean 'roadbook %s'?\n", near[0]);
	else if (k > 1)
		fprintf(stderr, "Did you mean one of these?\n");
	for (size_t j = 0; k > 1 && j < k; j++)
		fprintf(stderr, "  roadbook %s\n", near[j]);
	fprintf(stderr, "See 'roadbook --help' for the list of commands.\n");
	return RB_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	guard_std_fds();
	setlocale(LC_ALL, "");
	utf8_locale = rb_utf8_locale_init();
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
	struct rb_cli cli = {.dir = ".", .review_screen = review_screen};
	bool plain = false;
	int i = 1;
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "--plain")) {
			plain = true;
		} else if (!strcmp(argv[i], "-C")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "roadbook: -C needs a folder\n");
				return RB_EXIT_USAGE;
			}
			cli.dir = argv[++i];
		} else if (!strncmp(argv[i], "-C", 2) && argv[i][2]) {
			cli.dir = argv[i] + 2;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return finish_output(RB_EXIT_OK);
		} else if (!strcmp(argv[i], "--version") || !strcmp(argv[i], "-V")) {
			printf("roadbook %s\n", rb_version());
			return finish_output(RB_EXIT_OK);
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "roadbook: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return RB_EXIT_USAGE;
		} else {
			break;
		}
	}
	if (rb_plain_setup(plain) && i == argc)
		return finish_output(rb_plain_main(&cli));
	if (i == argc) {
		struct rb_tui_start s = tui_start(&cli);
		return rb_tui_main(&s);
	}
	size_t n;
	const struct rb_command *cmds = rb_cli_commands(&n);
	for (size_t k = 0; k < n; k++)
		if (!strcmp(cmds[k].name, argv[i]))
			return finish_output(rb_cli_run(&cli, &cmds[k], argc - i, argv + i));
	return unknown_command(argv[i]);
}
