/* report.c - roadbook cohort report and roadbook cohort publish: each participant's answers
 * are read from the latest version fetched into their mirror (nothing is fetched here), then
 * content/report.c computes the figures and writes the formats. See docs/report.md. */
#include "cli/report.h"

#include "content/buf.h"
#include "content/report.h"
#include "content/sanitize.h"
#include "store/history.h"
#include "cli/internal.h"
#include "app/cohort.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MIRROR_MAIN "refs/remotes/origin/main"
#define put_safe    rb_cli_put_safe

static int usage(const char *msg)
{
	return rb_cli_usage("cohort", msg);
}

static void today(char out[16])
{
	time_t t = time(NULL);
	struct tm tm;
	if (!localtime_r(&t, &tm) || !strftime(out, 16, "%Y-%m-%d", &tm))
		snprintf(out, 16, "%s", "");
}

/* Everyone's answers: answers[p][i] for participant p and curriculum exercise i; answers[p] is
 * NULL when nothing was ever fetched from p (or their versions could not be read). */
struct cohort_answers {
	char ***answers;
	size_t n, nex;
};

static void answers_free(struct cohort_answers *a)
{
	for (size_t p = 0; a->answers && p < a->n; p++) {
		for (size_t i = 0; a->answers[p] && i < a->nex; i++)
			free(a->answers[p][i]);
		free(a->answers[p]);
	}
	free(a->answers);
	memset(a, 0, sizeof *a);
}

/* One participant's answers at the latest version in their mirror. Returns 0 (with *out NULL
 * when there is no data), or -1 when out of memory. Problems go to notes. */
static int load_one(const struct rb_cohort_ctx *x, const struct rb_participant *p, char ***out,
		    struct rb_buf *notes)
{
	const struct rb_curriculum *cur = x->cur;
	*out = NULL;
	struct rb_buf path = {0};
	rb_buf_printf(&path, "%s/.roadbook/mirror/%s.git", x->c->dir, p->id);
	if (!path.data)
		return -1;
	struct rb_repo *m = NULL;
	struct rb_parsed_answers pa = {0};
	struct rb_diags d = {0};
	char head[41], *err = NULL;
	int rc = 0;
	enum rb_repo_status st = rb_repo_open_bare(path.data, false, &m, &err);
	if (st == RB_REPO_OK)
		st = rb_repo_ref(m, MIRROR_MAIN, head, &err);
	if (st == RB_REPO_NONE)
		goto done; /* never fetched: no data */
	char refused[41], *re = NULL;
	if (st == RB_REPO_OK &&
	    rb_repo_ref(m, "refs/roadbook/refused/main", refused, &re) == RB_REPO_OK)
		rb_buf_printf(notes,
			      "%s: the latest history in their repository does not continue their "
			      "workbook and was kept aside (see 'roadbook cohort status'); their "
			      "last good version is the one counted.\n",
			      p->id);
	free(re);
	if (st != RB_REPO_OK || rb_history_answers(m, cur, head, &pa, &d, &err) != 0) {
		rb_buf_printf(notes, "%s: %s; counted as no data.\n", p->id,
			      err ? err : "roadbook could not read their latest version");
		goto done;
	}
	char **v = calloc(cur->nexercises + 1, sizeof *v);
	if (!v) {
		rc = -1;
		goto done;
	}
	for (size_t k = 0; k < pa.n; k++) {
		const struct rb_exercise *e =
		    *pa.v[k].value ? rb_curriculum_exercise(cur, pa.v[k].id) : NULL;
		if (!e || v[e->index])
			continue;
		if (!(v[e->index] = strdup(pa.v[k].value)))
			rc = -1;
	}
	if (d.n)
		rb_buf_printf(notes,
			      "%s: %zu problem%s in their answers files (first: %s line %d: %s); "
			      "those answers are left out.\n",
			      p->id, d.n, d.n == 1 ? "" : "s", d.v[0].file, d.v[0].line,
			      d.v[0].message);
	*out = v;
done:
	rb_parsed_answers_free(&pa);
	rb_diags_free(&d);
	rb_repo_free(m);
	rb_buf_free(&path);
	free(err);
	return rc;
}

static int load_answers(const struct rb_cohort_ctx *x, struct cohort_answers *a)
{
	memset(a, 0, sizeof *a);
	a->n = x->c->npeople;
	a->nex = x->cur->nexercises;
	a->answers = calloc(a->n + 1, sizeof *a->answers);
	if (!a->answers)
		return -1;
	struct rb_buf notes = {0};
	int rc = 0;
	for (size_t p = 0; p < a->n && rc == 0; p++)
		rc = load_one(x, &x->c->people[p], &a->answers[p], &notes);
	if (notes.data)
		put_safe(stderr, notes.data, 0);
	rb_buf_free(&notes);
	if (rc)
		answers_free(a);
	return rc;
}

/* ---- report ---- */

/* The report's input from the open cohort; people and sessions are malloc'd (caller frees). */
static int report_in(const struct rb_cohort_ctx *x, const struct cohort_answers *a,
		     const char *date, struct rb_report_in *in)
{
	memset(in, 0, sizeof *in);
	struct rb_report_person *people = calloc(x->c->npeople + 1, sizeof *people);
	struct rb_report_session *sessions = calloc(x->c->nsessions + 1, sizeof *sessions);
	if (!people || !sessions) {
		free(people);
		free(sessions);
		return -1;
	}
	for (size_t p = 0; p < x->c->npeople; p++) {
		const struct rb_participant *q = &x->c->people[p];
		people[p] = (struct rb_report_person){q->id, q->name, q->company, a->answers[p]};
	}
	for (size_t s = 0; s < x->c->nsessions; s++) {
		const struct rb_session *q = &x->c->sessions[s];
		sessions[s] =
		    (struct rb_report_session){q->id, q->date, q->title ? q->title : q->modules,
					       (const char *const *)q->attended, q->nattended};
	}
	*in = (struct rb_report_in){.cur = x->cur,
				    .cohort = x->c->name,
				    .date = date,
				    .people = people,
				    .npeople = x->c->npeople,
				    .sessions = sessions,
				    .nsessions = x->c->nsessions};
	return 0;
}

int rb_cohort_cmd_report(const struct rb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0},
	};
	const char *format = "md", *out = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == 'f')
			format = optarg;
		else if (c == 'o')
			out = optarg;
		else
			return usage("cohort report takes [--format md|csv|html] [-o FILE]");
	}
	if (optind < argc)
		return usage("cohort report takes no other arguments (-C DIR names the cohort)");
	enum rb_report_format f;
	if (!strcmp(format, "md"))
		f = RB_REPORT_MD;
	else if (!strcmp(format, "csv"))
		f = RB_REPORT_CSV;
	else if (!strcmp(format, "html"))
		f = RB_REPORT_HTML;
	else
		return usage("the report's --format is md, csv or html");
	struct rb_cohort_ctx x;
	char *err = NULL;
	int rc = rb_cohort_open(cli->dir, &x, &err);
	if (rc != 0) {
		rb_cli_error(err ? err : "the cohort could not be opened");
		free(err);
		return rc == 1 ? RB_EXIT_NOTFOUND : RB_EXIT_FAIL;
	}
	struct cohort_answers a;
	struct rb_report_in in;
	struct rb_report r;
	char date[16], *doc = NULL;
	today(date);
	rc = RB_EXIT_FAIL;
	if (load_answers(&x, &a) != 0) {
		rb_cli_error("roadbook ran out of memory while reading the answers.");
		goto close;
	}
	if (report_in(&x, &a, date, &in) != 0 || rb_report_build(&in, &r) != 0) {
		rb_cli_error("roadbook ran out of memory while computing the report.");
		goto answers;
	}
	doc = rb_report_write(&in, &r, f);
	rb_report_free(&r);
	if (!doc) {
		rb_cli_error("roadbook ran out of memory while writing the report.");
	} else if (out && rb_cli_write_atomic(out, doc, strlen(doc)) != 0) {
		struct rb_buf b = {0};
		rb_buf_printf(&b, "could not write %s: %s. Choose a folder you can write to.", out,
			      strerror(errno));
		rb_cli_error(b.data ? b.data : "could not write the report");
		rb_buf_free(&b);
	} else {
		if (!out)
			put_safe(stdout, doc, RB_SAN_KEEP_TAB);
		rc = RB_EXIT_OK;
	}
	free(doc);
answers:
	free((void *)in.people);
	free((void *)in.sessions);
	answers_free(&a);
close:
	rb_cohort_close(&x);
	return rc;
}

/* ---- publish ---- */

static int publish(struct rb_cohort_ctx *x, const struct rb_benchmark *b, size_t nb)
{
	size_t k = 0, most = 0;
	for (size_t d = 0; d < nb; d++) {
		k += b[d].published;
		if (b[d].contributors > most)
			most = b[d].contributors;
	}
	char path[4096];
	struct stat st;
	snprintf(path, sizeof path, "%s/" RB_COHORT_BENCHMARKS, x->c->dir);
	bool old = stat(path, &st) == 0;
	if (!k) {
		fprintf(
		    stderr,
		    "roadbook: nothing was published. A benchmark needs at least %d "
		    "participants who answered a dimension's readiness scales (now and target), "
		    "so that no one's answers can be worked out from it; the most for any "
		    "dimension is %zu, of %zu in the roster.\n%s\n",
		    RB_BENCHMARK_MIN, most, x->c->npeople,
		    old ? "The benchmarks.conf published before is kept as it was."
			: "No benchmarks.conf was written.");
		return RB_EXIT_FAIL;
	}
	struct rb_bench_row *rows = calloc(k, sizeof *rows);
	char(*nums)[2][32] = calloc(k, sizeof *nums);
	char date[16], *err = NULL;
	int rc = RB_EXIT_FAIL;
	today(date);
	if (!rows || !nums) {
		rb_cli_error("roadbook ran out of memory.");
		goto done;
	}
	for (size_t d = 0, i = 0; d < nb; d++) {
		if (!b[d].published)
			continue;
		rb_report_number(b[d].current, nums[i][0], sizeof nums[i][0]);
		rb_report_number(b[d].target, nums[i][1], sizeof nums[i][1]);
		rows[i] =
		    (struct rb_bench_row){b[d].dim->id, b[d].has_current ? nums[i][0] : NULL,
					  b[d].has_target ? nums[i][1] : NULL, b[d].contributors};
		i++;
	}
	if (rb_cohort_write_benchmarks(x->c->dir, date, x->c->npeople, rows, k, &err) != 0) {
		rb_cli_error(err ? err : "roadbook could not write " RB_COHORT_BENCHMARKS);
		if (old)
			rb_cli_error("The benchmarks.conf published before is kept as it was.");
		goto done;
	}
	struct rb_buf msg = {0};
	rb_buf_printf(&msg, "Benchmarks published: %zu of %zu dimensions", k, nb);
	if (rb_cohort_commit(x->c, msg.data ? msg.data : "Benchmarks published", &err) != 0) {
		struct rb_buf e = {0};
		rb_buf_printf(&e,
			      RB_COHORT_BENCHMARKS " is written, but roadbook could not make a "
						   "version of the cohort: %s",
			      err ? err : "out of memory");
		rb_cli_error(e.data ? e.data : "the cohort's version could not be made");
		rb_buf_free(&e);
		rb_buf_free(&msg);
		goto done;
	}
	rb_buf_free(&msg);
	printf(
	    "Published the medians of %zu of %zu readiness dimensions in %s/" RB_COHORT_BENCHMARKS
	    " (each from at least %d participants who answered its scales):\n",
	    k, nb, x->c->dir, RB_BENCHMARK_MIN);
	for (size_t d = 0; d < nb; d++) {
		printf("  ");
		put_safe(stdout, b[d].dim->title, RB_SAN_SINGLE_LINE);
		if (!b[d].published) {
			printf(": left out, %zu participant%s answered its scales\n",
			       b[d].contributors, b[d].contributors == 1 ? "" : "s");
			continue;
		}
		char now[32], aim[32];
		rb_report_number(b[d].current, now, sizeof now);
		rb_report_number(b[d].target, aim, sizeof aim);
		printf(": now %s, target %s (%zu participants)\n", b[d].has_current ? now : "-",
		       b[d].has_target ? aim : "-", b[d].contributors);
	}
	printf("The file is committed to the cohort repository.\n");
	rc = RB_EXIT_OK;
done:
	free(rows);
	free(nums);
	free(err);
	return rc;
}

int rb_cohort_cmd_publish(const struct rb_cli *cli, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return usage("cohort publish takes no arguments (-C DIR names the cohort)");
	struct rb_cohort_ctx x;
	char *err = NULL;
	int rc = rb_cohort_open(cli->dir, &x, &err);
	if (rc != 0) {
		rb_cli_error(err ? err : "the cohort could not be opened");
		free(err);
		return rc == 1 ? RB_EXIT_NOTFOUND : RB_EXIT_FAIL;
	}
	struct cohort_answers a;
	struct rb_benchmark *b = NULL;
	size_t nb = 0;
	rc = RB_EXIT_FAIL;
	if (load_answers(&x, &a) != 0) {
		rb_cli_error("roadbook ran out of memory while reading the answers.");
	} else {
		if (rb_benchmarks_compute(x.cur, (char *const *const *)a.answers, a.n, &b, &nb) !=
		    0)
			rb_cli_error("roadbook ran out of memory while computing the benchmarks.");
		else
			rc = publish(&x, b, nb);
		answers_free(&a);
	}
	free(b);
	rb_cohort_close(&x);
	return rc;
}
