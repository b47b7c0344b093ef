/* sync.c - the participant's sync from the command line: progress on standard error,
 * asking for a password on the terminal, roadbook sync and roadbook choose. */
#include "content/buf.h"
#include "content/sanitize.h"
#include "cli/internal.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define put_safe rb_cli_put_safe

/* ---- progress and passwords ---- */

static int progress(void *ctx, const char *stage, size_t done, size_t total)
{
	struct rb_cli_progress *p = ctx;
	if (!isatty(STDERR_FILENO) || total == 0)
		return 0;
	size_t pct = done * 100 / total;
	if (p->shown && p->stage == stage && pct == p->last)
		return 0;
	int bar = (int)(pct * 30 / 100);
	rb_safe_control(stderr, "\r");
	fprintf(stderr, "%-9s [%.*s%*s] %3zu%% (%zu of %zu)", stage, bar,
		"##############################", 30 - bar, "", pct, done, total);
	fflush(stderr);
	p->shown = true;
	p->stage = stage;
	p->last = pct;
	return 0;
}

void rb_cli_progress_end(struct rb_cli_progress *p)
{
	if (p->shown)
		rb_safe_control(stderr, "\r\033[K");
	p->shown = false;
}

/* Reads one line from the terminal, without echo when secret. NULL when there is no
 * terminal (a script): then only ROADBOOK_USERNAME and ROADBOOK_PASSWORD count. */
static char *ask_line(int fd, const char *prompt, bool secret)
{
	struct termios old, quiet;
	bool restore = false;
	if (write(fd, prompt, strlen(prompt)) < 0)
		return NULL;
	if (secret && tcgetattr(fd, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		restore = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
	}
	struct rb_buf b = {0};
	char ch;
	ssize_t n;
	while ((n = read(fd, &ch, 1)) == 1 && ch != '\n' && b.len < 1024)
		rb_buf_append(&b, &ch, 1);
	if (restore) {
		tcsetattr(fd, TCSAFLUSH, &old);
		if (write(fd, "\n", 1) < 0) {
			/* nothing more to do */
		}
	}
	if (n != 1 && !b.len) {
		rb_buf_free(&b);
		return NULL;
	}
	char *line = rb_buf_take(&b);
	return line ? line : strdup("");
}

int rb_cli_ask(void *ctx, const char *url, const char *user, char **user_out, char **pass_out)
{
	struct rb_cli_progress *p = ctx;
	rb_cli_progress_end(p);
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	char prompt[600];
	snprintf(prompt, sizeof prompt, "Signing in to %.400s\n", url);
	int rc = -1;
	if (write(fd, prompt, strlen(prompt)) >= 0) {
		*user_out = user && *user ? strdup(user) : ask_line(fd, "User name: ", false);
		*pass_out = *user_out ? ask_line(fd, "Password (not shown): ", true) : NULL;
		rc = *user_out && *pass_out ? 0 : -1;
		if (rc) {
			free(*user_out);
			free(*pass_out);
			*user_out = *pass_out = NULL;
		}
	}
	close(fd);
	return rc;
}

struct rb_net_cb rb_cli_net_cb(struct rb_cli_progress *p)
{
	return (struct rb_net_cb){.progress = progress, .ask = rb_cli_ask, .ctx = p};
}

int rb_cli_net_exit(enum rb_net st)
{
	switch (st) {
	case RB_NET_OK:
		return RB_EXIT_OK;
	case RB_NET_OFFLINE:
		return RB_EXIT_OFFLINE;
	case RB_NET_NOTFOUND:
	case RB_NET_NOTSET:
		return RB_EXIT_NOTFOUND;
	default:
		return RB_EXIT_FAIL;
	}
}

/* ---- roadbook sync ---- */

int rb_cmd_sync(const struct rb_cli *cli, int argc, char **argv)
{
	bool send_removals = argc == 2 && !strcmp(argv[1], "--send-removals");
	if (argc != 1 && !send_removals)
		return rb_cli_usage("sync", "sync takes no arguments but --send-removals (use -C "
					    "DIR for another workbook)");
	struct rb_app app;
	int rc = rb_cli_open(&app, cli->dir);
	if (rc)
		return rc;
	if (!app.own_lock) {
		rb_cli_error("This workbook is open in a roadbook window: sync there (press F5), "
			     "or close the window first.");
		rb_app_close(&app);
		return RB_EXIT_LOCKED;
	}
	if (rb_cli_no_versions(&app)) {
		rb_app_close(&app);
		return RB_EXIT_FAIL;
	}
	app.send_removals = send_removals;
	struct rb_cli_progress prog = {0};
	struct rb_net_cb cb = rb_cli_net_cb(&prog);
	struct rb_sync_result res;
	char *err = NULL;
	enum rb_net st = rb_app_sync(&app, &cb, &res, &err);
	rb_cli_progress_end(&prog);
	if (res.curriculum)
		printf("The cohort's curriculum was updated%s: %zu modules.\n",
		       res.new_modules ? " with new modules" : "", app.cur->nmodules);
	if (res.taken)
		printf("Took %zu answer%s changed on another laptop.\n", res.taken,
		       res.taken == 1 ? "" : "s");
	if (res.notes) {
		put_safe(stderr, res.notes, 0);
		fputc('\n', stderr);
	}
	if (st == RB_NET_OFFLINE) {
		rb_cli_error(err);
		rb_cli_error("Your work is saved on this laptop; it will sync next time.");
		rc = RB_EXIT_OFFLINE;
	} else if (res.held) {
		rb_cli_error(err);
		rc = RB_EXIT_FAIL;
	} else if (st != RB_NET_OK) {
		rb_cli_error(err ? err : "the sync failed");
		rb_cli_error("Your work is saved on this laptop.");
		rc = rb_cli_net_exit(st);
	} else {
		size_t a, t;
		rb_app_progress(&app, &a, &t);
		printf("Synced: the cohort has your latest version (%zu of %zu answered).\n", a, t);
	}
	struct rb_conflict *v = NULL;
	size_t n = 0;
	char *e = NULL;
	if (rb_db_conflicts_list(app.wb->db, &v, &n, &e) == RB_DB_OK && n) {
		printf("%zu answer%s changed on two laptops; both versions are kept. Open "
		       "roadbook to choose (or use 'roadbook choose ID --mine|--theirs'):\n",
		       n, n == 1 ? " was" : "s were");
		for (size_t i = 0; i < n; i++) {
			printf("  ");
			put_safe(stdout, v[i].id, RB_SAN_SINGLE_LINE);
			putchar('\n');
		}
		if (rc == RB_EXIT_OK)
			rc = RB_EXIT_CONFLICT;
	}
	rb_conflicts_free(v, n);
	free(e);
	free(err);
	rb_sync_result_free(&res);
	rb_app_close(&app);
	return rc;
}

/* ---- roadbook choose ---- */

int rb_cmd_choose(const struct rb_cli *cli, int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[2], "--mine") != 0 && strcmp(argv[2], "--theirs") != 0))
		return rb_cli_usage("choose", "give the exercise id and --mine (this laptop's "
					      "answer) or --theirs (the other laptop's)");
	struct rb_app app;
	int rc = rb_cli_open(&app, cli->dir);
	if (rc)
		return rc;
	char *err = NULL;
	int r = rb_app_choose(&app, argv[1], strcmp(argv[2], "--theirs") == 0, &err);
	if (r != 0) {
		rb_cli_error(err ? err : "the choice was not saved");
		rc = r == 1 ? RB_EXIT_NOTFOUND : RB_EXIT_FAIL;
	} else {
		printf("Kept %s answer to ",
		       strcmp(argv[2], "--theirs") == 0 ? "the other laptop's" : "this laptop's");
		put_safe(stdout, argv[1], RB_SAN_SINGLE_LINE);
		printf(".\n");
	}
	free(err);
	rb_app_close(&app);
	return rc;
}
