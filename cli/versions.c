/* versions.c - the commands for versions: save, log, diff and join. */
#include "content/buf.h"
#include "content/json.h"
#include "content/sanitize.h"
#include "content/workbook_md.h"
#include "store/history.h"
#include "app/internal.h"
#include "app/join.h"
#include "cli/internal.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define put_safe rb_cli_put_safe

/* ---- save ---- */

int rb_cmd_save(const struct rb_cli *cli, int argc, char **argv)
{
	const char *message = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt(argc, argv, "m:")) != -1) {
		if (c != 'm')
			return rb_cli_usage("save", "the only option is -m MESSAGE");
		message = optarg;
	}
	if (optind != argc)
		return rb_cli_usage("save", "put the message after -m, in quotes");
	struct rb_app app;
	int rc = rb_cli_open(&app, cli->dir);
	if (rc)
		return rc;
	if (!app.own_lock) {
		rb_cli_error("This workbook is open in a roadbook window: save the version there "
			     "(press S), or close the window first.");
		rb_app_close(&app);
		return RB_EXIT_LOCKED;
	}
	if (rb_cli_no_versions(&app)) {
		rb_app_close(&app);
		return RB_EXIT_FAIL;
	}
	struct rb_snap_result res;
	char *err = NULL;
	if (rb_app_snapshot(&app, RB_SNAP_MANUAL, message, 0, &res, &err) != 0) {
		rb_cli_error(err ? err : "the version could not be saved");
		free(err);
		rb_app_close(&app);
		return RB_EXIT_FAIL;
	}
	if (res.committed) {
		printf("Saved version %.7s: ", res.id);
		put_safe(stdout, res.summary ? res.summary : "", RB_SAN_SINGLE_LINE);
		putchar('\n');
	} else {
		printf("Nothing to save: no answer has changed since version %.7s.\n", res.id);
	}
	if (res.note)
		rb_cli_error(res.note);
	rb_snap_result_free(&res);
	rb_app_close(&app);
	return RB_EXIT_OK;
}

/* ---- log ---- */

static void when(int64_t t, char *out, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!localtime_r(&tt, &tm) || !strftime(out, size, "%e %b %Y %H:%M", &tm))
		snprintf(out, size, "?");
}

int rb_cmd_log(const struct rb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"max-count", required_argument, NULL, 'n'},
	    {NULL, 0, NULL, 0},
	};
	bool json = false;
	long max = 0;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "n:", opts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'n':
			max = strtol(optarg, &end, 10);
			if (*end || max < 1)
				return rb_cli_usage("log",
						    "-n takes a number of versions, such as -n 10");
			break;
		default:
			return rb_cli_usage("log", "the options are --json and -n COUNT");
		}
	}
	if (optind != argc)
		return rb_cli_usage("log", "this command takes no other arguments");
	struct rb_app app;
	int rc = rb_cli_open(&app, cli->dir);
	if (rc)
		return rc;
	struct rb_version *v = NULL;
	size_t n = 0;
	char *err = NULL;
	if (!app.repo) {
		if (!rb_cli_no_versions(&app))
			rb_cli_error("This workbook has no version history yet.");
		rb_app_close(&app);
		return RB_EXIT_FAIL;
	}
	if (rb_repo_log(app.repo, (size_t)max, &v, &n, &err) != RB_REPO_OK) {
		rb_cli_error(err ? err : "the history could not be read");
		free(err);
		rb_app_close(&app);
		return RB_EXIT_FAIL;
	}
	struct rb_buf b = {0};
	if (json)
		rb_buf_puts(&b, "[");
	for (size_t i = 0; i < n; i++) {
		if (json) {
			char iso[32];
			rb_iso_ms((long long)v[i].time * 1000, iso);
			iso[19] = 'Z';
			iso[20] = '\0';
			rb_buf_printf(&b, "%s\n {\"id\":\"%s\",\"time\":\"%s\",\"summary\":",
				      i ? "," : "", v[i].id, iso);
			rb_json_string(&b, v[i].summary);
			rb_buf_puts(&b, ",\"author\":");
			rb_json_string(&b, v[i].author);
			rb_buf_puts(&b, "}");
			continue;
		}
		char t[64];
		when(v[i].time, t, sizeof t);
		printf("%.7s  %s  ", v[i].id, t);
		put_safe(stdout, v[i].summary, RB_SAN_SINGLE_LINE);
		putchar('\n');
	}
	if (json) {
		rb_buf_puts(&b, n ? "\n]\n" : "]\n");
		if (b.data)
			fputs(b.data, stdout);
	}
	rb_buf_free(&b);
	rb_versions_free(v, n);
	rb_app_close(&app);
	return RB_EXIT_OK;
}

/* ---- diff ---- */

/* A short title for an exercise: its prompt, cut at about 70 columns. */
static char *short_prompt(const char *prompt)
{
	size_t n = strlen(prompt);
	if (n <= 72)
		return strdup(prompt);
	size_t cut = 70;
	while (cut > 40 && prompt[cut] != ' ')
		cut--;
	while (cut && ((unsigned char)prompt[cut] & 0xC0) == 0x80)
		cut--;
	struct rb_buf b = {0};
	rb_buf_append(&b, prompt, cut);
	rb_buf_puts(&b, "\xe2\x80\xa6");
	return rb_buf_take(&b);
}

/* Prints text sanitised, each line after the first indented; with colour between on and off,
 * or between the plain markers. */
static void put_marked(const char *text, const char *on, const char *off, const char *indent)
{
	const char *p = text;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *piece = strndup(p, n);
		if (piece && *piece) {
			rb_safe_control(stdout, on);
			put_safe(stdout, piece, RB_SAN_SINGLE_LINE);
			rb_safe_control(stdout, off);
		}
		free(piece);
		if (!nl)
			break;
		printf("\n%s", indent);
		p = nl + 1;
	}
}

static void print_change(const struct rb_change *ch, const struct rb_curriculum *c, bool color)
{
	const char *indent = "      ";
	const struct rb_exercise *e = ch->index >= 0 ? c->exercises[ch->index] : NULL;
	char *title = short_prompt(e ? e->prompt : ch->id);
	static const char *const what[] = {"added", "cleared", "changed"};
	printf("  %s ", ch->kind == RB_CHANGE_ADDED     ? "+"
			: ch->kind == RB_CHANGE_REMOVED ? "-"
							: "~");
	put_safe(stdout, title ? title : ch->id, RB_SAN_SINGLE_LINE);
	printf(" (%s)\n%s", what[ch->kind], indent);
	free(title);
	for (size_t i = 0; i < ch->nsegs; i++) {
		const struct rb_seg *s = &ch->segs[i];
		if (s->op == RB_SEG_SAME)
			put_marked(s->text, "", "", indent);
		else if (s->op == RB_SEG_DEL)
			put_marked(s->text, color ? "\x1b[9;31m" : "[-", color ? "\x1b[0m" : "-]",
				   indent);
		else
			put_marked(s->text, color ? "\x1b[1;32m" : "{+", color ? "\x1b[0m" : "+}",
				   indent);
	}
	putchar('\n');
}

/* One side of a comparison: a version (read from its files), or the answers now. */
static int side(struct rb_app *app, const char *id, struct rb_parsed_answers *out)
{
	char *err = NULL;
	struct rb_diags d = {0};
	int rc = id ? rb_history_answers(app->repo, app->cur, id, out, &d, &err)
		    : rb_app_current_answers(app, out, &err);
	for (size_t i = 0; i < d.n; i++) {
		struct rb_buf b = {0};
		rb_buf_printf(&b, "%s:%d: %s (this file of version %.7s is left out)", d.v[i].file,
			      d.v[i].line, d.v[i].message, id ? id : "");
		rb_cli_error(b.data ? b.data : d.v[i].message);
		rb_buf_free(&b);
	}
	rb_diags_free(&d);
	if (rc != 0)
		rb_cli_error(err ? err : "the answers could not be read");
	free(err);
	return rc;
}

static void describe(struct rb_app *app, const char *id)
{
	if (!id) {
		printf("your answers now");
		return;
	}
	struct rb_version *v = NULL;
	size_t n = 0;
	char *err = NULL, t[64] = "";
	printf("version %.7s", id);
	if (rb_repo_log(app->repo, 0, &v, &n, &err) == RB_REPO_OK) {
		for (size_t i = 0; i < n; i++) {
			if (strcmp(v[i].id, id) != 0)
				continue;
			when(v[i].time, t, sizeof t);
			printf(" (%s, \"", t[0] == ' ' ? t + 1 : t);
			put_safe(stdout, v[i].summary, RB_SAN_SINGLE_LINE);
			printf("\")");
			break;
		}
	}
	free(err);
	rb_versions_free(v, n);
}

int rb_cmd_diff(const struct rb_cli *cli, int argc, char **argv)
{
	int bad = rb_cli_check_args("diff", &argc, argv, NULL);
	if (bad)
		return bad;
	if (argc > 3)
		return rb_cli_usage("diff", "give at most two versions");
	struct rb_app app;
	int rc = rb_cli_open(&app, cli->dir);
	if (rc)
		return rc;
	char a[41] = "", b[41] = "";
	char *err = NULL;
	if (!app.repo) {
		if (!rb_cli_no_versions(&app))
			rb_cli_error("This workbook has no version history yet.");
		rb_app_close(&app);
		return RB_EXIT_FAIL;
	}
	enum rb_repo_status st = argc >= 2 ? rb_repo_resolve(app.repo, argv[1], a, &err)
					   : rb_repo_head(app.repo, a, &err);
	if (st == RB_REPO_OK && argc == 3)
		st = rb_repo_resolve(app.repo, argv[2], b, &err);
	if (st != RB_REPO_OK) {
		rb_cli_error(err ? err
				 : "There are no saved versions yet: 'roadbook save' makes one.");
		free(err);
		rb_app_close(&app);
		return st == RB_REPO_NONE ? RB_EXIT_NOTFOUND : RB_EXIT_FAIL;
	}
	struct rb_parsed_answers pa = {0}, pb = {0};
	struct rb_changes ch = {0};
	rc = RB_EXIT_FAIL;
	if (side(&app, a, &pa) != 0 || side(&app, argc == 3 ? b : NULL, &pb) != 0)
		goto done;
	if (rb_history_compare(app.cur, &pa, &pb, &ch) < 0) {
		rb_cli_error("roadbook ran out of memory.");
		goto done;
	}
	bool color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	printf("From ");
	describe(&app, a);
	printf("\nto ");
	describe(&app, argc == 3 ? b : NULL);
	printf(":\n");
	if (!ch.n)
		printf("\nNo answer is different.\n");
	long shown = -2;
	for (size_t i = 0; i < ch.n; i++) {
		long mod =
		    ch.v[i].index >= 0 ? (long)app.cur->exercises[ch.v[i].index]->module_index : -1;
		if (mod != shown) {
			putchar('\n');
			if (color)
				rb_safe_control(stdout, "\x1b[1m");
			if (mod >= 0) {
				printf("Module %ld \xe2\x80\x93 ", mod + 1);
				put_safe(stdout, app.cur->modules[mod].title, RB_SAN_SINGLE_LINE);
			} else {
				printf("Archived answers (exercises the curriculum no longer has)");
			}
			if (color)
				rb_safe_control(stdout, "\x1b[0m");
			putchar('\n');
			shown = mod;
		}
		print_change(&ch.v[i], app.cur, color);
	}
	rc = RB_EXIT_OK;
done:
	rb_changes_free(&ch);
	rb_parsed_answers_free(&pa);
	rb_parsed_answers_free(&pb);
	rb_app_close(&app);
	return rc;
}

/* ---- join ---- */

/* The folder a URL clones into by default: its last part without ".git". */
static volatile sig_atomic_t join_stop;

static void on_stop(int sig)
{
	(void)sig;
	join_stop = 1;
}

static char *default_dir(const char *url)
{
	char *s = strdup(url);
	if (!s)
		return NULL;
	size_t n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		s[--n] = '\0';
	if (n > 4 && strcmp(s + n - 4, ".git") == 0)
		s[n -= 4] = '\0';
	const char *base = strrchr(s, '/') ? strrchr(s, '/') + 1 : s;
	if (strrchr(base, ':'))
		base = strrchr(base, ':') + 1;
	char *out = strdup(*base ? base : "workbook");
	free(s);
	return out;
}

int rb_cmd_join(const struct rb_cli *cli, int argc, char **argv)
{
	(void)cli;
	int bad = rb_cli_check_args("join", &argc, argv, NULL);
	if (bad)
		return bad;
	if (argc < 2 || argc > 3)
		return rb_cli_usage("join", "give the address of the workbook, and optionally a "
					    "folder");
	char *abs =
	    rb_net_is_path(argv[1]) && argv[1][0] != '/' && strncmp(argv[1], "file://", 7) != 0
		? realpath(argv[1], NULL)
		: NULL;
	const char *url = abs ? abs : argv[1];
	char *dir = argc == 3 ? strdup(argv[2]) : default_dir(url);
	if (!dir) {
		free(abs);
		rb_cli_error("roadbook ran out of memory.");
		return RB_EXIT_FAIL;
	}
	/* Ctrl-C, a hang-up or kill stop the join between two steps; what it made is removed */
	struct sigaction sa = {.sa_handler = on_stop}, old_int, old_term, old_hup;
	sigemptyset(&sa.sa_mask);
	join_stop = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	char *err = NULL;
	int rc;
	struct rb_cli_progress prog = {0};
	struct rb_net_cb cb = rb_cli_net_cb(&prog);
	struct rb_join_result res;
	rc = rb_app_join(url, dir, &cb, &join_stop, &res, &err);
	rb_cli_progress_end(&prog);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	char *notes = res.notes;
	if (rc != RB_EXIT_OK) {
		rb_cli_error(err ? err : "the workbook could not be copied");
		if (res.net != RB_NET_OK)
			rc = rb_cli_net_exit(res.net);
		goto done;
	}
	struct rb_app app;
	if ((rc = rb_cli_open(&app, dir)) != RB_EXIT_OK)
		goto done;
	size_t a, t;
	rb_app_progress(&app, &a, &t);
	printf("Joined: the workbook of ");
	put_safe(stdout, app.name ? app.name : "", RB_SAN_SINGLE_LINE);
	printf(" (");
	put_safe(stdout, app.company ? app.company : "", RB_SAN_SINGLE_LINE);
	printf(") is in %s, %zu of %zu answered.\n", dir, a, t);
	if (notes) {
		put_safe(stdout, notes, 0);
		putchar('\n');
	}
	printf("Open it with: roadbook -C %s\n", dir);
	rb_app_close(&app);
done:
	free(notes);
	free(err);
	free(dir);
	free(abs);
	return rc;
}
