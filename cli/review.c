/* review.c - review from the command line: the participant's submit, feedback, reply and
 * resolve; the facilitator's review --print, comment, approve and request-changes
 * (docs/review.md). */
#include "content/buf.h"
#include "content/json.h"
#include "content/sanitize.h"
#include "cli/internal.h"
#include "app/cohort.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define put_safe rb_cli_put_safe

/* A module named by its id or its number (from 1); -1 with a message when neither. */
static long module_arg(const struct rb_curriculum *c, const char *s)
{
	const struct rb_module *m = rb_curriculum_module(c, s);
	if (m)
		return (long)(m - c->modules);
	char *end;
	long k = strtol(s, &end, 10);
	if (*s && !*end && k >= 1 && (size_t)k <= c->nmodules)
		return k - 1;
	struct rb_buf b = {0};
	rb_buf_printf(&b,
		      "There is no module '%s'. Give its id or its number (1 to %zu); "
		      "'roadbook status' lists them.",
		      s, c->nmodules);
	rb_cli_error(b.data ? b.data : "no such module");
	rb_buf_free(&b);
	return -1;
}

static void when(int64_t ms, bool iso, char out[40])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	out[0] = '\0';
	if (ms > 0 && localtime_r(&t, &tm))
		strftime(out, 40, iso ? "%Y-%m-%dT%H:%M:%S%z" : "%e %b %Y %H:%M", &tm);
	if (out[0] == ' ')
		memmove(out, out + 1, strlen(out));
}

/* ---- the participant's commands ---- */

int rb_cmd_submit(const struct rb_cli *cli, int argc, char **argv)
{
	int bad = rb_cli_check_args("submit", &argc, argv, NULL);
	if (bad)
		return bad;
	if (argc != 2)
		return rb_cli_usage("submit",
				    "give the module to submit, e.g. 'roadbook submit 2'");
	struct rb_app app;
	int rc = rb_cli_open(&app, cli->dir);
	if (rc)
		return rc;
	long m = module_arg(app.cur, argv[1]);
	if (m < 0) {
		rb_app_close(&app);
		return RB_EXIT_NOTFOUND;
	}
	struct rb_snap_result res;
	char *err = NULL;
	int st = rb_app_submit(&app, (size_t)m, &res, &err);
	if (st != 0) {
		rb_cli_error(err ? err : "the module could not be submitted");
		rc = RB_EXIT_FAIL;
	} else {
		size_t a, t;
		rb_app_module_progress(&app, (size_t)m, &a, &t);
		printf("Submitted module %ld (", m + 1);
		put_safe(stdout, app.cur->modules[m].title, RB_SAN_SINGLE_LINE);
		printf(") for review, %zu of %zu answered%s. It reaches your facilitator at the "
		       "next 'roadbook sync'.\n",
		       a, t, a < t ? " (you can still add the rest)" : "");
		if (res.note)
			rb_cli_error(res.note);
	}
	free(err);
	rb_snap_result_free(&res);
	rb_app_close(&app);
	return rc;
}

static void feedback_json(struct rb_app *app, struct rb_buf *b)
{
	const struct rb_curriculum *c = app->cur;
	char w[40];
	rb_buf_puts(b, "{\"modules\":[");
	for (size_t m = 0; m < c->nmodules; m++) {
		const struct rb_review_item *d = NULL, *s = NULL;
		enum rb_rstate st = rb_app_module_state(app, m, &d, &s);
		rb_buf_puts(b, m ? ",\n {\"id\":" : "\n {\"id\":");
		rb_json_string(b, c->modules[m].id);
		rb_buf_puts(b, ",\"title\":");
		rb_json_string(b, c->modules[m].title);
		rb_buf_puts(b, ",\"state\":");
		rb_json_string(b, rb_rstate_key(st));
		when(d ? d->at_ms : 0, true, w);
		rb_buf_puts(b, ",\"decided\":");
		rb_json_string(b, *w ? w : NULL);
		when(s ? s->at_ms : 0, true, w);
		rb_buf_puts(b, ",\"submitted\":");
		rb_json_string(b, *w ? w : NULL);
		rb_buf_printf(b, ",\"new\":%zu}", rb_app_feedback_new(app, (long)m));
	}
	rb_buf_puts(b, "\n],\"comments\":[");
	size_t k = 0;
	for (size_t i = 0; i < app->nfac; i++) {
		const struct rb_review_item *cm = &app->fac[i];
		if (strcmp(cm->kind, "comment"))
			continue;
		const struct rb_exercise *e;
		const struct rb_section *s;
		rb_review_target(c, cm->target, &e, &s);
		rb_buf_puts(b, k++ ? ",\n {\"id\":" : "\n {\"id\":");
		rb_json_string(b, cm->id);
		rb_buf_puts(b, ",\"target\":");
		rb_json_string(b, cm->target);
		rb_buf_puts(b, ",\"module\":");
		rb_json_string(b, e ? c->modules[e->module_index].id : NULL);
		rb_buf_puts(b, ",\"about\":");
		rb_json_string(b, e ? e->prompt : s ? s->title : NULL);
		when(cm->at_ms, true, w);
		rb_buf_puts(b, ",\"at\":");
		rb_json_string(b, w);
		rb_buf_puts(b, ",\"text\":");
		rb_json_string(b, cm->body);
		rb_buf_printf(b,
			      ",\"new\":%s,\"resolved\":%s,\"answer_changed\":%s,\"detached\":%s",
			      rb_app_comment_new(app, cm) ? "true" : "false",
			      rb_app_comment_resolved(app, cm->id) ? "true" : "false",
			      rb_app_comment_changed(app, cm) ? "true" : "false",
			      !e && !s ? "true" : "false");
		rb_buf_puts(b, ",\"replies\":[");
		size_t r = 0;
		for (size_t j = 0; j < app->nown; j++) {
			const struct rb_review_item *rp = &app->own[j];
			if (strcmp(rp->kind, "reply") || strcmp(rp->target, cm->id))
				continue;
			rb_buf_puts(b, r++ ? ",{\"id\":" : "{\"id\":");
			rb_json_string(b, rp->id);
			when(rp->at_ms, true, w);
			rb_buf_puts(b, ",\"at\":");
			rb_json_string(b, w);
			rb_buf_puts(b, ",\"text\":");
			rb_json_string(b, rp->body);
			rb_buf_puts(b, "}");
		}
		rb_buf_puts(b, "]}");
	}
	rb_buf_puts(b, "\n]}\n");
}

static void print_comment(struct rb_app *app, const struct rb_review_item *cm)
{
	char w[40];
	when(cm->at_ms, false, w);
	printf("    %s  %s%s%s%s\n", cm->id, w, rb_app_comment_new(app, cm) ? "  NEW" : "",
	       rb_app_comment_resolved(app, cm->id) ? "  resolved" : "",
	       rb_app_comment_changed(app, cm) ? "  (answer changed since this comment)" : "");
	printf("      ");
	char *t = rb_sanitize(cm->body, strlen(cm->body), 0, NULL);
	for (const char *p = t ? t : ""; *p; p++) {
		putchar(*p);
		if (*p == '\n')
			printf("      ");
	}
	free(t);
	putchar('\n');
	for (size_t j = 0; j < app->nown; j++) {
		const struct rb_review_item *rp = &app->own[j];
		if (strcmp(rp->kind, "reply") || strcmp(rp->target, cm->id))
			continue;
		when(rp->at_ms, false, w);
		printf("      -> you, %s: ", w);
		put_safe(stdout, rp->body, RB_SAN_SINGLE_LINE);
		putchar('\n');
	}
}

int rb_cmd_feedback(const struct rb_cli *cli, int argc, char **argv)
{
	bool json = argc == 2 && !strcmp(argv[1], "--json");
	if (argc > 2 || (argc == 2 && !json))
		return rb_cli_usage("feedback", "the only option is --json");
	struct rb_app app;
	int rc = rb_cli_open(&app, cli->dir);
	if (rc)
		return rc;
	char *err = NULL;
	if (rb_app_feedback_load(&app, &err) != 0)
		rb_cli_error(err ? err : "the feedback could not be read");
	free(err);
	const struct rb_curriculum *c = app.cur;
	if (json) {
		struct rb_buf b = {0};
		feedback_json(&app, &b);
		if (b.data)
			fputs(b.data, stdout);
		rb_buf_free(&b);
		rb_app_close(&app);
		return RB_EXIT_OK;
	}
	size_t ncomments = 0;
	for (size_t i = 0; i < app.nfac; i++)
		ncomments += !strcmp(app.fac[i].kind, "comment");
	bool any = false;
	for (size_t m = 0; m < c->nmodules; m++) {
		const struct rb_review_item *d = NULL, *s = NULL;
		enum rb_rstate st = rb_app_module_state(&app, m, &d, &s);
		size_t nc = 0;
		for (size_t i = 0; i < app.nfac; i++)
			nc += !strcmp(app.fac[i].kind, "comment") &&
			      rb_app_comment_module(&app, &app.fac[i]) == (long)m;
		if (!d && !s && !nc)
			continue;
		any = true;
		char w[40];
		when(d ? d->at_ms : s ? s->at_ms : 0, false, w);
		printf("Module %zu - ", m + 1);
		put_safe(stdout, c->modules[m].title, RB_SAN_SINGLE_LINE);
		if (*w)
			printf(": %s (%s)\n", rb_rstate_label(st), w);
		else
			printf(": %s\n", rb_rstate_label(st));
		for (size_t i = 0; i < app.nfac; i++) {
			const struct rb_review_item *cm = &app.fac[i];
			if (strcmp(cm->kind, "comment") ||
			    rb_app_comment_module(&app, cm) != (long)m)
				continue;
			const struct rb_exercise *e = rb_curriculum_exercise(c, cm->target);
			printf("  on %s: ", cm->target);
			put_safe(stdout, e ? e->prompt : "", RB_SAN_SINGLE_LINE);
			putchar('\n');
			print_comment(&app, cm);
		}
	}
	for (size_t i = 0; i < app.nfac; i++) {
		const struct rb_review_item *cm = &app.fac[i];
		if (strcmp(cm->kind, "comment") || rb_app_comment_module(&app, cm) >= 0)
			continue;
		const struct rb_exercise *e;
		const struct rb_section *s;
		rb_review_target(c, cm->target, &e, &s);
		any = true;
		printf("%s ", s ? "Strategy section" : "Detached (no longer in the curriculum):");
		put_safe(stdout, s ? s->title : cm->target, RB_SAN_SINGLE_LINE);
		putchar('\n');
		print_comment(&app, cm);
	}
	if (!any)
		printf("No feedback yet. Submit a module with 'roadbook submit MODULE'; your "
		       "facilitator's comments arrive with 'roadbook sync'.\n");
	else if (ncomments)
		printf(
		    "\nReply with 'roadbook reply ID TEXT'; mark one done with 'roadbook resolve "
		    "ID'.\n");
	rb_app_close(&app);
	return RB_EXIT_OK;
}

int rb_cmd_reply(const struct rb_cli *cli, int argc, char **argv)
{
	int bad = rb_cli_check_args("reply", &argc, argv, NULL);
	if (bad)
		return bad;
	if (argc != 2 && argc != 3)
		return rb_cli_usage("reply", "give the comment's id and your reply");
	struct rb_app app;
	int rc = rb_cli_open(&app, cli->dir);
	if (rc)
		return rc;
	char *text = argc == 3 ? strdup(argv[2]) : rb_cli_read_stdin(), *err = NULL;
	int st = text ? rb_app_reply(&app, argv[1], text, &err) : -1;
	if (st == 0)
		printf("Reply saved; it reaches your facilitator at the next 'roadbook sync'.\n");
	else
		rb_cli_error(err ? err : "the reply could not be read");
	rc = st == 0                                       ? RB_EXIT_OK
	     : st == 1 && !strncmp(err, "There is no", 11) ? RB_EXIT_NOTFOUND
							   : RB_EXIT_FAIL;
	free(text);
	free(err);
	rb_app_close(&app);
	return rc;
}

int rb_cmd_resolve(const struct rb_cli *cli, int argc, char **argv)
{
	static const char *const known[] = {"--reopen", NULL};
	int bad = rb_cli_check_args("resolve", &argc, argv, known);
	if (bad)
		return bad;
	bool reopen = argc == 3 && !strcmp(argv[2], "--reopen");
	if (argc != 2 && !reopen)
		return rb_cli_usage("resolve",
				    "give the comment's id (and --reopen to open it again)");
	struct rb_app app;
	int rc = rb_cli_open(&app, cli->dir);
	if (rc)
		return rc;
	char *err = NULL;
	int st = rb_app_resolve(&app, argv[1], !reopen, &err);
	if (st == 0)
		printf("Comment %s marked %s; your facilitator sees it after the next 'roadbook "
		       "sync'.\n",
		       argv[1], reopen ? "open again" : "resolved");
	else
		rb_cli_error(err ? err : "the comment could not be marked");
	rc = st == 0 ? RB_EXIT_OK : st == 1 ? RB_EXIT_NOTFOUND : RB_EXIT_FAIL;
	free(err);
	rb_app_close(&app);
	return rc;
}

/* ---- the facilitator's commands ---- */

static int open_review(const struct rb_cli *cli, const char *id, struct rb_cohort_ctx *x,
		       struct rb_review *rv)
{
	char *err = NULL;
	int rc = rb_cohort_open(cli->dir, x, &err);
	if (rc != 0) {
		rb_cli_error(err ? err : "the cohort could not be opened");
		free(err);
		return rc == 1 ? RB_EXIT_NOTFOUND : RB_EXIT_FAIL;
	}
	rc = rb_review_open(x, id, rv, &err);
	if (rc != 0) {
		rb_cli_error(err ? err : "the participant could not be opened");
		free(err);
		rb_cohort_close(x);
		return rc == 1 ? RB_EXIT_NOTFOUND : RB_EXIT_FAIL;
	}
	return RB_EXIT_OK;
}

int rb_cmd_review(const struct rb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"print", no_argument, NULL, 'p'},
	    {"strategy", no_argument, NULL, 's'},
	    {"width", required_argument, NULL, 'w'},
	    {NULL, 0, NULL, 0},
	};
	bool print = false, strategy = false;
	int width = 0, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'p')
			print = true;
		else if (c == 's')
			strategy = true;
		else if (c == 'w' && (width = atoi(optarg)) >= 20 && width <= 1000)
			continue;
		else
			return rb_cli_usage("review", "the options are --print, --strategy and "
						      "--width N (20 to 1000)");
	}
	if (optind != argc - 1)
		return rb_cli_usage("review", "give one participant id");
	const char *id = argv[optind];
	if (!print)
		return cli->review_screen(cli, id);
	struct rb_cohort_ctx x;
	struct rb_review rv;
	int rc = open_review(cli, id, &x, &rv);
	if (rc)
		return rc;
	if (!width) {
		struct winsize ws;
		width = isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
				ws.ws_col > 20
			    ? ws.ws_col - 2
			    : 78;
	}
	struct rb_review_doc d;
	if (rb_review_doc_build(&rv, width - 2, strategy, &d) != 0) {
		rb_cli_error("roadbook ran out of memory.");
		rc = RB_EXIT_FAIL;
	} else {
		const char *no_color = getenv("NO_COLOR");
		bool ansi = isatty(STDOUT_FILENO) && !(no_color && *no_color);
		for (size_t i = 0; i < d.lines.n; i++) {
			struct rb_lines one = {.v = &d.lines.v[i], .n = 1, .cap = 1};
			fputs(d.changed[i] ? "\xe2\x96\x8c " : "  ", stdout);
			rb_lines_write(stdout, &one, ansi);
		}
	}
	rb_review_doc_free(&d);
	rb_review_close(&rv);
	rb_cohort_close(&x);
	return rc;
}

int rb_cmd_comment(const struct rb_cli *cli, int argc, char **argv)
{
	int bad = rb_cli_check_args("comment", &argc, argv, NULL);
	if (bad)
		return bad;
	if (argc != 3 && argc != 4)
		return rb_cli_usage("comment", "give the participant, the exercise or section:ID, "
					       "and the text");
	struct rb_cohort_ctx x;
	struct rb_review rv;
	int rc = open_review(cli, argv[1], &x, &rv);
	if (rc)
		return rc;
	char *text = argc == 4 ? strdup(argv[3]) : rb_cli_read_stdin(), *err = NULL, *cid = NULL;
	int st = text ? rb_review_comment(&rv, argv[2], text, &cid, &err) : -1;
	if (st == 0) {
		printf("Comment %s saved for %s; it reaches them at the next 'roadbook cohort "
		       "sync'.\n",
		       cid, rv.p->id);
	} else {
		rb_cli_error(err ? err : "the comment could not be read");
	}
	rc = st == 0 ? RB_EXIT_OK : st == 1 ? RB_EXIT_NOTFOUND : RB_EXIT_FAIL;
	if (st == 1 && err && !strncmp(err, "The comment is", 14))
		rc = RB_EXIT_USAGE;
	free(cid);
	free(text);
	free(err);
	rb_review_close(&rv);
	rb_cohort_close(&x);
	return rc;
}

static int decide(const struct rb_cli *cli, int argc, char **argv, bool approve)
{
	const char *name = approve ? "approve" : "request-changes";
	int bad = rb_cli_check_args(name, &argc, argv, NULL);
	if (bad)
		return bad;
	if (argc != 3)
		return rb_cli_usage(name, "give the participant and the module");
	struct rb_cohort_ctx x;
	struct rb_review rv;
	int rc = open_review(cli, argv[1], &x, &rv);
	if (rc)
		return rc;
	long m = module_arg(x.cur, argv[2]);
	char *err = NULL;
	int st = m < 0 ? 1 : rb_review_decide(&rv, x.cur->modules[m].id, approve, &err);
	if (st == 0) {
		printf("Module %ld (", m + 1);
		put_safe(stdout, x.cur->modules[m].title, RB_SAN_SINGLE_LINE);
		printf(") of %s: %s. It reaches them at the next 'roadbook cohort sync'.\n",
		       rv.p->id, approve ? "approved" : "changes requested");
		if (!rv.head[0])
			printf("Note: nothing has been fetched from %s yet.\n", rv.p->id);
	} else if (err) {
		rb_cli_error(err);
	}
	rc = st == 0 ? RB_EXIT_OK : st == 1 ? RB_EXIT_NOTFOUND : RB_EXIT_FAIL;
	free(err);
	rb_review_close(&rv);
	rb_cohort_close(&x);
	return rc;
}

int rb_cmd_approve(const struct rb_cli *cli, int argc, char **argv)
{
	return decide(cli, argc, argv, true);
}

int rb_cmd_request_changes(const struct rb_cli *cli, int argc, char **argv)
{
	return decide(cli, argc, argv, false);
}
