/* bench_versions.c - the cost of versions, against the git command line in the same run:
 *   1. a snapshot after one answer changed (rb_app_snapshot, as the TUI makes it) and
 *      `roadbook save` as a process, against `git add -A && git commit` after one answers
 *      file changed, on copies of the same demo workbook (target: at most half of git's time);
 *   2. opening a history of 1,000 versions (rb_repo_log, as the history screen does) and
 *      `roadbook log` as a process, against `git log` (target: under 100 ms).
 * Usage: bench_versions ROADBOOK WORKDIR */
#include "bench.h"
#include "content/utf8.h"
#include "tui/app.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RUNS 41

static double median(double *v, size_t n)
{
	bench_sort(v, n);
	return v[n / 2];
}

static double time_cmd(const char *cmd)
{
	double t0 = bench_now_ms();
	if (system(cmd) != 0) {
		fprintf(stderr, "failed: %s\n", cmd);
		exit(1);
	}
	return bench_now_ms() - t0;
}

static void run(const char *fmt, const char *a, const char *b)
{
	char cmd[4096];
	snprintf(cmd, sizeof cmd, fmt, a, b);
	if (system(cmd) != 0) {
		fprintf(stderr, "failed: %s\n", cmd);
		exit(1);
	}
}

static void open_app(struct rb_app *app, const char *dir)
{
	char *err = NULL;
	if (rb_app_open(app, dir, true, &err) != 0) {
		fprintf(stderr, "%s\n", err ? err : "cannot open");
		exit(1);
	}
}

static void line(const char *what, double ours, double peer, const char *peer_name,
		 const char *target, int met)
{
	printf("%-44s %9.2f ms  %-32s %9.2f ms  ratio %5.2f  %-18s %s\n", what, ours, peer_name,
	       peer, peer > 0 ? ours / peer : 0, target, met ? "met" : "MISSED");
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	rb_utf8_locale_init();
	if (argc < 3) {
		fprintf(stderr, "usage: bench_versions ROADBOOK WORKDIR\n");
		return 2;
	}
	const char *rb = argv[1], *work = argv[2];
	char ours_dir[1024], git_dir[1024], hist_dir[1024], cmd[4096];
	snprintf(ours_dir, sizeof ours_dir, "%s/ours", work);
	snprintf(git_dir, sizeof git_dir, "%s/git", work);
	snprintf(hist_dir, sizeof hist_dir, "%s/hist", work);
	run("rm -rf '%s' && mkdir -p '%s'", work, work);
	run("'%s' demo '%s' >/dev/null", rb, ours_dir);
	run("cp -a '%s' '%s'", ours_dir, git_dir);
	run("git -C '%s' config user.name Bench && git -C '%s' config user.email b@x", git_dir,
	    git_dir);

	/* 1a. in-process snapshot after one answer changed */
	struct rb_app app;
	open_app(&app, ours_dir);
	long ex = rb_app_exercise_index(&app, "why-context");
	double snap[RUNS], save[RUNS], gitc[RUNS];
	char *err = NULL;
	for (int i = 0; i < RUNS; i++) {
		char v[64];
		snprintf(v, sizeof v, "Version %d of the context answer.", i);
		if (rb_app_set_answer(&app, (size_t)ex, v, &err) != 0)
			return 1;
		struct rb_snap_result res;
		double t0 = bench_now_ms();
		if (rb_app_snapshot(&app, RB_SNAP_MANUAL, "bench", 0, &res, &err) != 0 ||
		    !res.committed) {
			fprintf(stderr, "snapshot: %s\n", err ? err : "nothing committed");
			return 1;
		}
		snap[i] = bench_now_ms() - t0;
		rb_snap_result_free(&res);
	}
	rb_app_close(&app);

	/* 1b. the same as processes: roadbook answer is not timed, roadbook save is */
	for (int i = 0; i < RUNS; i++) {
		snprintf(cmd, sizeof cmd,
			 "'%s' -C '%s' answer why-context 'Process version %d.' >/dev/null", rb,
			 ours_dir, i);
		time_cmd(cmd);
		snprintf(cmd, sizeof cmd, "'%s' -C '%s' save -m bench >/dev/null", rb, ours_dir);
		save[i] = time_cmd(cmd);
	}

	/* 1c. git: one answers file changed, then add and commit */
	for (int i = 0; i < RUNS; i++) {
		snprintf(cmd, sizeof cmd, "echo 'edit %d' >> '%s/answers/01-why-digital.md'", i,
			 git_dir);
		time_cmd(cmd);
		snprintf(cmd, sizeof cmd, "cd '%s' && git add -A && git commit -q -m bench",
			 git_dir);
		gitc[i] = time_cmd(cmd);
	}
	double ms = median(snap, RUNS), mp = median(save, RUNS), mg = median(gitc, RUNS);
	line("snapshot in the app (rb_app_snapshot)", ms, mg, "git add -A && git commit",
	     "<= 0.5 x git", ms <= mg / 2);
	line("roadbook save (a process)", mp, mg, "git add -A && git commit", "<= 0.5 x git",
	     mp <= mg / 2);

	/* 2. a history of 1,000 versions */
	run("'%s' demo '%s' >/dev/null", rb, hist_dir);
	open_app(&app, hist_dir);
	int have = 13; /* the demo: its start and one version per module */
	for (int i = have; i < 1000; i++) {
		char v[64];
		snprintf(v, sizeof v, "History step %d.", i);
		struct rb_snap_result res;
		if (rb_app_set_answer(&app, (size_t)ex, v, &err) != 0 ||
		    rb_app_snapshot(&app, RB_SNAP_AUTO, NULL, 0, &res, &err) != 0)
			return 1;
		rb_snap_result_free(&res);
	}
	double open_t[RUNS], log_t[RUNS], glog[RUNS];
	size_t count = 0;
	for (int i = 0; i < RUNS; i++) {
		struct rb_version *v;
		size_t n;
		double t0 = bench_now_ms();
		if (rb_repo_log(app.repo, 0, &v, &n, &err) != RB_REPO_OK)
			return 1;
		open_t[i] = bench_now_ms() - t0;
		count = n;
		rb_versions_free(v, n);
	}
	rb_app_close(&app);
	for (int i = 0; i < RUNS; i++) {
		snprintf(cmd, sizeof cmd, "'%s' -C '%s' log >/dev/null", rb, hist_dir);
		log_t[i] = time_cmd(cmd);
		snprintf(cmd, sizeof cmd, "git -C '%s' log --format='%%h %%ad %%s' >/dev/null",
			 hist_dir);
		glog[i] = time_cmd(cmd);
	}
	double mo = median(open_t, RUNS), ml = median(log_t, RUNS), mgl = median(glog, RUNS);
	char what[64];
	snprintf(what, sizeof what, "history of %zu versions (rb_repo_log)", count);
	line(what, mo, mgl, "git log", "< 100 ms", mo < 100);
	line("roadbook log (a process)", ml, mgl, "git log", "< 100 ms", ml < 100);
	run("rm -rf '%s'%s", work, "");
	return 0;
}
