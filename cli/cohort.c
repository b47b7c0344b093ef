/* cohort.c - the facilitator's commands: roadbook cohort init, add, sync, status and
 * attend; report and publish are in report.c. */
#include "content/buf.h"
#include "content/json.h"
#include "content/sanitize.h"
#include "cli/internal.h"
#include "cli/report.h"
#include "app/cohort.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define put_safe rb_cli_put_safe

static int usage(const char *msg)
{
	return rb_cli_usage("cohort", msg);
}

static int open_cohort(const struct rb_cli *cli, struct rb_cohort_ctx *x)
{
	char *err = NULL;
	int rc = rb_cohort_open(cli->dir, x, &err);
	if (rc != 0)
		rb_cli_error(err ? err : "the cohort could not be opened");
	free(err);
	return rc == 0 ? RB_EXIT_OK : rc == 1 ? RB_EXIT_NOTFOUND : RB_EXIT_FAIL;
}

/* ---- init ---- */

static int cohort_init(const struct rb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"name", required_argument, NULL, 'n'},
	    {"start", required_argument, NULL, 's'},
	    {"lessons", required_argument, NULL, 'l'},
	    {NULL, 0, NULL, 0},
	};
	const char *name = NULL, *start = NULL, *lessons = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'n')
			name = optarg;
		else if (c == 's')
			start = optarg;
		else if (c == 'l')
			lessons = optarg;
		else
			return usage("cohort init takes DIR --name NAME [--start YYYY-MM-DD] "
				     "[--lessons DIR]");
	}
	if (argc - optind > 1)
		return usage("give one folder for the cohort");
	const char *dir = optind < argc ? argv[optind] : cli->dir;
	if (!name || !*name)
		return usage("give the cohort a name: --name \"North West cohort 3\"");
	char *err = NULL;
	if (rb_cohort_create(dir, name, start, lessons, &err) != 0) {
		rb_cli_error(err ? err : "the cohort could not be created");
		free(err);
		return RB_EXIT_FAIL;
	}
	printf("Created the cohort ");
	put_safe(stdout, name, RB_SAN_SINGLE_LINE);
	printf(" in %s.\nThe schedule and roster are in %s/" RB_COHORT_CONF
	       "; the curriculum is in %s/" RB_COHORT_LESSONS "/.\n"
	       "Add participants with: roadbook -C %s cohort add ID --name NAME --company "
	       "COMPANY\n",
	       dir, dir, dir, dir);
	return RB_EXIT_OK;
}

/* ---- add ---- */

static int cohort_add(const struct rb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"name", required_argument, NULL, 'n'},
	    {"company", required_argument, NULL, 'c'},
	    {"email", required_argument, NULL, 'm'},
	    {"url", required_argument, NULL, 'u'},
	    {NULL, 0, NULL, 0},
	};
	struct rb_participant p = {0};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'n')
			p.name = optarg;
		else if (c == 'c')
			p.company = optarg;
		else if (c == 'm')
			p.email = optarg;
		else if (c == 'u')
			p.url = optarg;
		else
			return usage("cohort add takes ID --name NAME --company COMPANY [--email "
				     "E] [--url URL]");
	}
	if (argc - optind != 1)
		return usage("give one participant id, for example sam-taylor");
	p.id = argv[optind];
	if (!p.name || !*p.name || !p.company || !*p.company)
		return usage("give the participant's --name and --company");
	const char *why = rb_cohort_id_problem(p.id);
	if (why) {
		struct rb_buf b = {0};
		rb_buf_printf(&b, "'%s' cannot be a participant id: %s.", p.id, why);
		rb_cli_error(b.data ? b.data : why);
		rb_buf_free(&b);
		return RB_EXIT_USAGE;
	}
	struct rb_cohort_ctx x;
	int rc = open_cohort(cli, &x);
	if (rc)
		return rc;
	struct rb_cli_progress prog = {0};
	struct rb_net_cb cb = rb_cli_net_cb(&prog);
	char *err = NULL, *notes = NULL;
	enum rb_net st = rb_cohort_add(&x, &p, &cb, &notes, &err);
	rb_cli_progress_end(&prog);
	if (st != RB_NET_OK) {
		rb_cli_error(err ? err : "the participant could not be added");
		rb_cli_error("Nothing was added to the roster.");
		rc = rb_cli_net_exit(st);
	} else {
		const struct rb_participant *q = rb_cohort_find(x.c, p.id);
		char *url = q ? rb_cohort_url(x.c, q) : NULL;
		printf("Added ");
		put_safe(stdout, p.name, RB_SAN_SINGLE_LINE);
		printf(" (");
		put_safe(stdout, p.company, RB_SAN_SINGLE_LINE);
		printf(") as %s.\nTheir workbook: ", p.id);
		put_safe(stdout, url ? url : "", RB_SAN_SINGLE_LINE);
		printf("\nThey set up their laptop with: roadbook join ");
		put_safe(stdout, url ? url : "", RB_SAN_SINGLE_LINE);
		putchar('\n');
		free(url);
	}
	if (notes) {
		put_safe(stderr, notes, 0);
		fputc('\n', stderr);
	}
	free(notes);
	free(err);
	rb_cohort_close(&x);
	return rc;
}

/* ---- sync ---- */

static int cohort_sync(const struct rb_cli *cli, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return usage("cohort sync takes no arguments (-C DIR names the cohort)");
	struct rb_cohort_ctx x;
	int rc = open_cohort(cli, &x);
	if (rc)
		return rc;
	size_t n = x.c->npeople, failed = 0, offline = 0, sent = 0;
	struct rb_buf report = {0};
	for (size_t i = 0; i < n; i++) {
		const struct rb_participant *p = &x.c->people[i];
		struct rb_cli_progress prog = {0};
		struct rb_net_cb cb = rb_cli_net_cb(&prog);
		bool delivered = false;
		char *err = NULL;
		if (isatty(STDERR_FILENO)) {
			fprintf(stderr, "[%zu/%zu] %s\n", i + 1, n, p->id);
		}
		enum rb_net st = rb_cohort_fetch(&x, p, &cb, &delivered, &err);
		rb_cli_progress_end(&prog);
		printf("[%zu/%zu] %s: ", i + 1, n, p->id);
		if (st == RB_NET_OK) {
			printf("fetched%s\n",
			       delivered ? "; sent what changed (curriculum, schedule, feedback)"
					 : "");
			sent += delivered;
		} else {
			failed++;
			offline += st == RB_NET_OFFLINE;
			printf("FAILED\n");
			rb_buf_printf(&report, "  %s: %s\n", p->id, err ? err : "failed");
		}
		fflush(stdout);
		free(err);
	}
	/* count the new versions now, so that cohort status only reads its cache */
	struct rb_member *v = NULL;
	size_t nv = 0;
	char *serr = NULL;
	if (rb_cohort_status(&x, &v, &nv, &serr) == 0)
		rb_members_free(v, nv);
	free(serr);
	printf("Fetched %zu of %zu participants", n - failed, n);
	if (sent)
		printf("; sent the curriculum to %zu", sent);
	printf(".\n");
	if (failed) {
		fprintf(stderr,
			"roadbook: %zu could not be fetched; the others are up to date. "
			"Try again later:\n",
			failed);
		put_safe(stderr, report.data ? report.data : "", 0);
		rc = offline == n ? RB_EXIT_OFFLINE : RB_EXIT_FAIL; /* 5: no one could be reached */
	}
	rb_buf_free(&report);
	rb_cohort_close(&x);
	return rc;
}

/* ---- status ---- */

static void iso(int64_t ms, char *out, size_t size)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	if (!ms || !localtime_r(&t, &tm) || !strftime(out, size, "%Y-%m-%dT%H:%M:%S%z", &tm))
		snprintf(out, size, "%s", "");
}

static void brief(int64_t ms, char *out, size_t size)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	if (!ms || !localtime_r(&t, &tm) || !strftime(out, size, "%e %b %H:%M", &tm))
		snprintf(out, size, "%s", "never");
}

static const char *state_of(size_t a, size_t t)
{
	return a == 0 ? "not started" : a >= t ? "complete" : "in progress";
}

static void status_json(const struct rb_cohort_ctx *x, const struct rb_member *v, size_t n)
{
	struct rb_buf b = {0};
	rb_buf_puts(&b, "{\"cohort\":");
	rb_json_string(&b, x->c->name);
	rb_buf_puts(&b, ",\"modules\":[");
	for (size_t m = 0; m < x->cur->nmodules; m++) {
		rb_buf_puts(&b, m ? ",{\"id\":" : "{\"id\":");
		rb_json_string(&b, x->cur->modules[m].id);
		rb_buf_puts(&b, ",\"title\":");
		rb_json_string(&b, x->cur->modules[m].title);
		rb_buf_puts(&b, "}");
	}
	rb_buf_puts(&b, "],\"participants\":[");
	for (size_t i = 0; i < n; i++) {
		const struct rb_member *mb = &v[i];
		char t1[40], t2[40], t3[40];
		iso(mb->version_time * 1000, t1, sizeof t1);
		iso(mb->fetched_ms, t2, sizeof t2);
		iso(mb->tried_ms, t3, sizeof t3);
		rb_buf_puts(&b, i ? ",{\"id\":" : "{\"id\":");
		rb_json_string(&b, mb->p->id);
		rb_buf_puts(&b, ",\"name\":");
		rb_json_string(&b, mb->p->name);
		rb_buf_puts(&b, ",\"company\":");
		rb_json_string(&b, mb->p->company);
		rb_buf_puts(&b, ",\"version\":");
		rb_json_string(&b, *mb->head ? mb->head : NULL);
		rb_buf_printf(&b, ",\"answered\":%zu,\"total\":%zu,\"last_version\":", mb->answered,
			      mb->total);
		rb_json_string(&b, *t1 ? t1 : NULL);
		rb_buf_puts(&b, ",\"last_fetch\":");
		rb_json_string(&b, *t2 ? t2 : NULL);
		rb_buf_puts(&b, ",\"last_attempt\":");
		rb_json_string(&b, *t3 ? t3 : NULL);
		rb_buf_puts(&b, ",\"fetch_error\":");
		rb_json_string(&b, mb->fetch_error);
		rb_buf_printf(&b, ",\"waiting_for_review\":%zu", mb->waiting);
		rb_buf_puts(&b, ",\"modules\":[");
		for (size_t m = 0; m < x->cur->nmodules; m++) {
			rb_buf_puts(&b, m ? ",{\"id\":" : "{\"id\":");
			rb_json_string(&b, x->cur->modules[m].id);
			rb_buf_printf(
			    &b,
			    ",\"answered\":%zu,\"total\":%zu,\"state\":\"%s\",\"review\":"
			    "\"%s\"}",
			    mb->mod_answered[m], mb->mod_total[m],
			    *mb->head ? state_of(mb->mod_answered[m], mb->mod_total[m])
				      : "not started",
			    rb_rstate_key(mb->mod_state ? mb->mod_state[m] : RB_RS_NOT_STARTED));
		}
		rb_buf_puts(&b, "]}");
	}
	rb_buf_puts(&b, "]}\n");
	fputs(b.data ? b.data : "{}\n", stdout);
	rb_buf_free(&b);
}

static void status_table(const struct rb_cohort_ctx *x, const struct rb_member *v, size_t n)
{
	printf("Cohort: ");
	put_safe(stdout, x->c->name, RB_SAN_SINGLE_LINE);
	printf(" - %zu participant%s, %zu modules\n\n", n, n == 1 ? "" : "s", x->cur->nmodules);
	printf("%-20s %-9s ", "PARTICIPANT", "PROGRESS");
	for (size_t m = 0; m < x->cur->nmodules; m++)
		printf("%-2zu ", (m + 1) % 100);
	printf(" %-13s %s\n", "LAST VERSION", "FETCHED");
	for (size_t i = 0; i < n; i++) {
		const struct rb_member *mb = &v[i];
		char t1[32], t2[32], prog[16];
		brief(mb->version_time * 1000, t1, sizeof t1);
		brief(mb->fetched_ms, t2, sizeof t2);
		snprintf(prog, sizeof prog, "%3zu%%",
			 mb->total ? mb->answered * 100 / mb->total : (size_t)0);
		printf("%-20.20s %-9s ", mb->p->id, *mb->head ? prog : "-");
		for (size_t m = 0; m < x->cur->nmodules; m++) {
			size_t a = mb->mod_answered[m], t = mb->mod_total[m];
			enum rb_rstate st = mb->mod_state ? mb->mod_state[m] : RB_RS_NOT_STARTED;
			printf("%-2s ", st == RB_RS_SUBMITTED  ? "S"
					: st == RB_RS_CHANGES  ? "!"
					: st == RB_RS_APPROVED ? "A"
					: !*mb->head || a == 0 ? "."
					: a >= t               ? "#"
							       : "+");
		}
		printf(" %-13s %s", *mb->head ? t1 : "nothing yet", t2);
		if (mb->fetch_error)
			printf("  (last fetch failed)");
		putchar('\n');
	}
	printf("\n# complete   + in progress   . not started   S submitted for review   ! changes "
	       "requested   A approved\n");
	for (size_t i = 0; i < n; i++) {
		if (!v[i].fetch_error)
			continue;
		printf("%s: ", v[i].p->id);
		put_safe(stdout, v[i].fetch_error, RB_SAN_SINGLE_LINE);
		putchar('\n');
	}
}

/* The participant ids, one per line: only cohort.conf is read (shell completion asks). */
static int status_ids(const struct rb_cli *cli)
{
	struct rb_cohort *c = NULL;
	char *err = NULL;
	int rc = rb_cohort_load(cli->dir, &c, &err);
	if (rc != 0 || !c) {
		rb_cli_error(err ? err : "there is no cohort here (no cohort.conf)");
		free(err);
		rb_cohort_free(c);
		return rc == 1 || !c ? RB_EXIT_NOTFOUND : RB_EXIT_FAIL;
	}
	for (size_t i = 0; i < c->npeople; i++) {
		put_safe(stdout, c->people[i].id, RB_SAN_SINGLE_LINE);
		putchar('\n');
	}
	rb_cohort_free(c);
	return RB_EXIT_OK;
}

static int cohort_status(const struct rb_cli *cli, int argc, char **argv)
{
	bool json = argc == 2 && !strcmp(argv[1], "--json");
	bool ids = argc == 2 && !strcmp(argv[1], "--ids");
	if (argc > 2 || (argc == 2 && !json && !ids))
		return usage("cohort status takes --json or --ids (or neither)");
	if (ids)
		return status_ids(cli);
	struct rb_cohort_ctx x;
	int rc = open_cohort(cli, &x);
	if (rc)
		return rc;
	struct rb_member *v = NULL;
	size_t n = 0;
	char *err = NULL;
	if (rb_cohort_status(&x, &v, &n, &err) != 0) {
		rb_cli_error(err ? err : "the status could not be read");
		rc = RB_EXIT_FAIL;
	} else if (json) {
		status_json(&x, v, n);
	} else {
		status_table(&x, v, n);
	}
	free(err);
	rb_members_free(v, n);
	rb_cohort_close(&x);
	return rc;
}

/* ---- attend ---- */

/* The session named by arg: its id as in cohort.conf, or the same number without leading
 * zeros ("3" for "03"). */
static const struct rb_session *find_session(const struct rb_cohort *c, const char *arg)
{
	for (size_t i = 0; i < c->nsessions; i++)
		if (!strcmp(c->sessions[i].id, arg))
			return &c->sessions[i];
	char *end;
	unsigned long n = strtoul(arg, &end, 10);
	if (!*arg || *end || strspn(arg, "0123456789") != strlen(arg))
		return NULL;
	for (size_t i = 0; i < c->nsessions; i++) {
		const char *id = c->sessions[i].id;
		if (*id && strspn(id, "0123456789") == strlen(id) && strtoul(id, NULL, 10) == n)
			return &c->sessions[i];
	}
	return NULL;
}

static size_t attended(const struct rb_cohort *c, const char *sid)
{
	size_t n = 0;
	for (size_t i = 0; i < c->nsessions; i++) {
		if (strcmp(c->sessions[i].id, sid))
			continue;
		for (size_t p = 0; p < c->npeople; p++) {
			bool present = false;
			for (size_t k = 0; k < c->sessions[i].nattended && !present; k++)
				present = !strcasecmp(c->sessions[i].attended[k], c->people[p].id);
			n += present;
		}
	}
	return n;
}

static int cohort_attend(const struct rb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"absent", no_argument, NULL, 'a'},
	    {NULL, 0, NULL, 0},
	};
	bool absent = false;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'a')
			absent = true;
		else
			return usage("cohort attend takes SESSION ID... [--absent]");
	}
	if (argc - optind < 2)
		return usage("give a session and at least one participant id, for example: cohort "
			     "attend 03 sam-taylor alex-morgan");
	for (int i = optind + 1; i < argc; i++) {
		const char *why = rb_cohort_id_problem(argv[i]);
		if (why) {
			struct rb_buf b = {0};
			rb_buf_printf(&b, "'%s' cannot be a participant id: %s.", argv[i], why);
			rb_cli_error(b.data ? b.data : why);
			rb_buf_free(&b);
			return RB_EXIT_USAGE;
		}
	}
	struct rb_cohort_ctx x;
	int rc = open_cohort(cli, &x);
	if (rc)
		return rc;
	struct rb_buf b = {0};
	const struct rb_session *s = find_session(x.c, argv[optind]);
	if (!s) {
		rb_buf_printf(&b, "There is no session '%s' in " RB_COHORT_CONF ".", argv[optind]);
		if (x.c->nsessions)
			rb_buf_printf(&b, " The sessions are %s to %s.", x.c->sessions[0].id,
				      x.c->sessions[x.c->nsessions - 1].id);
		rc = RB_EXIT_NOTFOUND;
	}
	for (int i = optind + 1; i < argc && s; i++) {
		if (rb_cohort_find(x.c, argv[i]))
			continue;
		rb_buf_printf(&b,
			      "%s'%s' is not in the roster ('roadbook cohort status' lists the "
			      "participants).",
			      rc ? " " : "", argv[i]);
		rc = RB_EXIT_NOTFOUND;
	}
	if (rc) {
		rb_cli_error(b.data ? b.data : "no such session or participant");
		rb_cli_error("Nothing was recorded.");
		rb_buf_free(&b);
		rb_cohort_close(&x);
		return rc;
	}
	char *sid = strdup(s->id);
	struct rb_buf done = {0}, same = {0};
	for (int i = optind + 1; sid && i < argc; i++) {
		const char *id = rb_cohort_find(x.c, argv[i])->id;
		bool changed = false;
		char *err = NULL;
		if (rb_cohort_attend(x.c->dir, sid, id, !absent, &changed, &err) != 0) {
			rb_cli_error(err ? err : "the attendance could not be recorded");
			free(err);
			rc = RB_EXIT_FAIL;
			break;
		}
		struct rb_buf *list = changed ? &done : &same;
		rb_buf_printf(list, "%s%s", list->len ? ", " : "", id);
	}
	if (!sid) {
		rb_cli_error("roadbook ran out of memory.");
		rc = RB_EXIT_FAIL;
	}
	struct rb_cohort *now = NULL;
	char *err = NULL;
	if (sid && rb_cohort_load(x.c->dir, &now, &err) == 0 && now) {
		printf("Session ");
		put_safe(stdout, sid, RB_SAN_SINGLE_LINE);
		const struct rb_session *ns = find_session(now, sid);
		if (ns && (ns->date || ns->title)) {
			printf(" (");
			put_safe(stdout, ns->date ? ns->date : "", RB_SAN_SINGLE_LINE);
			printf("%s", ns->date && ns->title ? ", " : "");
			put_safe(stdout, ns->title ? ns->title : "", RB_SAN_SINGLE_LINE);
			printf(")");
		}
		printf(":");
		if (done.len)
			printf(" %s %s.", absent ? "removed" : "recorded as present:", done.data);
		if (same.len)
			printf(" %s %s.",
			       absent ? "not recorded before, so unchanged:" : "already recorded:",
			       same.data);
		printf(" %zu of %zu participants attended.\n", attended(now, sid), now->npeople);
	} else if (err) {
		rb_cli_error(err);
		rc = RB_EXIT_FAIL;
	}
	free(err);
	rb_cohort_free(now);
	free(sid);
	rb_buf_free(&done);
	rb_buf_free(&same);
	rb_buf_free(&b);
	rb_cohort_close(&x);
	return rc;
}

/* ---- the subcommands: one table for dispatch and help ---- */

static const struct rb_command subcommands[] = {
    {"init", cohort_init, "DIR --name NAME [--start YYYY-MM-DD] [--lessons DIR]",
     "Create a cohort in DIR: a git repository with cohort.conf, the curriculum (the bundled "
     "one, or the one in --lessons) and a weekly schedule from --start.",
     "roadbook cohort init ~/cohorts/nw-3 --name \"North West cohort 3\" --start 2025-03-04"},
    {"add", cohort_add, "ID --name NAME --company COMPANY [--email E] [--url URL]",
     "Add a participant: create their workbook repository (in the cohort folder, or the empty "
     "one at URL on a git host) and send the curriculum. ID is lower case letters, digits and "
     "'-'.",
     "roadbook -C ~/cohorts/nw-3 cohort add sam-taylor --name \"Sam Taylor\" --company "
     "\"Taylor Foods\""},
    {"sync", cohort_sync, "",
     "Fetch everyone, and send the curriculum, the schedule and your comments and decisions "
     "where they changed (exit 5 when no one could be reached).",
     "roadbook -C ~/cohorts/nw-3 cohort sync"},
    {"status", cohort_status, "[--json | --ids]",
     "Each participant's progress and review state per module, latest version and last "
     "fetch. --ids: only the participant ids, one per line (for scripts and shell "
     "completion).",
     "roadbook -C ~/cohorts/nw-3 cohort status --json"},
    {"attend", cohort_attend, "SESSION ID... [--absent]",
     "Record that participants attended a session (03 or 3), or with --absent remove the "
     "record; kept in cohort.conf.",
     "roadbook -C ~/cohorts/nw-3 cohort attend 03 sam-taylor alex-morgan"},
    {"report", rb_cohort_cmd_report, "[--format md|csv|html] [-o FILE]",
     "The cohort report for the funder, from the answers last fetched: progress, readiness "
     "per dimension, technologies prioritised, planned investment, jobs and roles to upskill, "
     "attendance.",
     "roadbook -C ~/cohorts/nw-3 cohort report --format html -o report.html"},
    {"publish", rb_cohort_cmd_publish, "",
     "Write the anonymised benchmarks (each readiness dimension's median, only from 5 or more "
     "participants) to benchmarks.conf and commit it; exit 1 when nothing can be published.",
     "roadbook -C ~/cohorts/nw-3 cohort publish"},
};

#define NSUB (sizeof subcommands / sizeof subcommands[0])

static const struct rb_command *find_sub(const char *name)
{
	for (size_t i = 0; i < NSUB; i++)
		if (!strcmp(subcommands[i].name, name))
			return &subcommands[i];
	return NULL;
}

static void sub_usage(FILE *f, const struct rb_command *s)
{
	fprintf(f, "usage: roadbook [-C COHORT_DIR] cohort %s%s%s\n", s->name, *s->usage ? " " : "",
		s->usage);
}

int rb_cli_cohort_help(int argc, char **argv)
{
	const struct rb_command *s = argc > 1 ? find_sub(argv[1]) : NULL;
	if (s) {
		sub_usage(stdout, s);
		putchar('\n');
		rb_cli_wrap(stdout, s->summary, strlen(s->summary), 0);
		printf("\nexample:\n  %s\n", s->example);
		return RB_EXIT_OK;
	}
	printf("usage: roadbook [-C COHORT_DIR] cohort SUBCOMMAND [ARGS]\n\n"
	       "The facilitator's commands. -C names the cohort folder (default: this folder).\n\n"
	       "subcommands:\n");
	for (size_t i = 0; i < NSUB; i++) {
		printf("  %s%s%s\n      ", subcommands[i].name, *subcommands[i].usage ? " " : "",
		       subcommands[i].usage);
		rb_cli_wrap(stdout, subcommands[i].summary, strlen(subcommands[i].summary), 6);
	}
	printf("\n'roadbook cohort SUBCOMMAND --help' shows one with an example.\n\n"
	       "example:\n  roadbook cohort init ~/cohorts/nw-3 --name \"North West cohort 3\"\n"
	       "  roadbook -C ~/cohorts/nw-3 cohort status\n");
	return RB_EXIT_OK;
}

int rb_cmd_cohort(const struct rb_cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return usage("say what to do: init, add, sync, status, attend, report or publish");
	const struct rb_command *s = find_sub(argv[1]);
	if (s)
		return s->run(cli, argc - 1, argv + 1);
	const char *near[3];
	size_t n =
	    rb_cli_suggest(argv[1], &subcommands[0].name, NSUB, sizeof subcommands[0], near, 3);
	fprintf(stderr, "roadbook cohort: '");
	put_safe(stderr, argv[1], RB_SAN_SINGLE_LINE);
	fprintf(stderr, "' is not a cohort command.\n");
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s'roadbook cohort %s'%s",
			i ? (i + 1 == n ? " or " : ", ") : "Did you mean ", near[i],
			i + 1 == n ? "?\n" : "");
	fprintf(stderr, "The cohort commands are init, add, sync, status, attend, report and "
			"publish.\nSee 'roadbook cohort --help'.\n");
	return RB_EXIT_USAGE;
}
