/* bench_versions.c - the cost of versions, against the git command line in the same run.
 *
 *   bench_versions snapshot ROADBOOK WORKDIR
 *     a snapshot after one answer changed (rb_app_snapshot, as the TUI makes it) and
 *     `roadbook save` as a process, against `git add -A && git commit` after one answers
 *     file changed, on copies of the same demo workbook (target: at most half of git's time);
 *   bench_versions history ROADBOOK WORKDIR N...
 *     a history of N versions (ascending N, one repository growing): opening it as the
 *     history screen does (rb_repo_log), `roadbook log` as a process, and `git log`.
 *
 * Prints one JSON object per measurement (medians in milliseconds). */
#include "bench.h"
#include "content/utf8.h"
#include "app/workbook.h"
#include "app/versions.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static int snapshots(const char *rb, const char *work)
{
	char ours_dir[1024], git_dir[1024], cmd[4096];
	snprintf(ours_dir, sizeof ours_dir, "%s/ours", work);
	snprintf(git_dir, sizeof git_dir, "%s/git", work);
	run("rm -rf '%s' && mkdir -p '%s'", work, work);
	run("'%s' demo '%s' >/dev/null", rb, ours_dir);
	run("cp -a '%s' '%s'", ours_dir, git_dir);
	run("git -C '%s' config user.name Bench && git -C '%s' config user.email b@x", git_dir,
	    git_dir);

	/* 1a. in-process snapshot after one answer changed, and 1b. git after one answers file
	 * changed: `git add -A && git commit`, then the same flushing what it writes as roadbook
	 * does (git's default flushes no loose object; core.fsync=committed,index flushes
	 * objects, refs and the index). Taken in turn, so that a disk or CPU slowing down for a
	 * while weighs on both sides alike. */
	struct rb_app app;
	open_app(&app, ours_dir);
	long ex = rb_app_exercise_index(&app, "why-context");
	double snap[RUNS], save[RUNS], gitc[RUNS], gitd[RUNS];
	char *err = NULL;
	for (int i = 0; i < RUNS; i++) {
		char v[64];
		snprintf(v, sizeof v, "Version %d of the context answer.", i);
		if (rb_app_set_answer(&app, (size_t)ex, v, &err) != 0)
			return 1;
		struct rb_snap_result res;
		sync();
		double t0 = bench_now_ms();
		if (rb_app_snapshot(&app, RB_SNAP_MANUAL, "bench", 0, &res, &err) != 0 ||
		    !res.committed) {
			fprintf(stderr, "snapshot: %s\n", err ? err : "nothing committed");
			return 1;
		}
		snap[i] = bench_now_ms() - t0;
		rb_snap_result_free(&res);

		snprintf(cmd, sizeof cmd, "echo 'edit %d' >> '%s/answers/01-why-digital.md'", i,
			 git_dir);
		time_cmd(cmd);
		snprintf(cmd, sizeof cmd, "cd '%s' && git add -A && git commit -q -m bench",
			 git_dir);
		sync();
		gitc[i] = time_cmd(cmd);

		snprintf(cmd, sizeof cmd, "echo 'durable %d' >> '%s/answers/01-why-digital.md'", i,
			 git_dir);
		time_cmd(cmd);
		snprintf(cmd, sizeof cmd,
			 "cd '%s' && git -c core.fsync=committed,index add -A && "
			 "git -c core.fsync=committed,index commit -q -m bench",
			 git_dir);
		sync();
		gitd[i] = time_cmd(cmd);
	}
	rb_app_close(&app);

	/* 1c. the same as processes: roadbook answer is not timed, roadbook save is */
	for (int i = 0; i < RUNS; i++) {
		snprintf(cmd, sizeof cmd,
			 "'%s' -C '%s' answer why-context 'Process version %d.' >/dev/null", rb,
			 ours_dir, i);
		time_cmd(cmd);
		snprintf(cmd, sizeof cmd, "'%s' -C '%s' save -m bench >/dev/null", rb, ours_dir);
		sync();
		save[i] = time_cmd(cmd);
	}
	printf("{\"snapshot_ms\": %.3f, \"save_ms\": %.3f, \"git_ms\": %.3f, "
	       "\"git_durable_ms\": %.3f}\n",
	       median(snap, RUNS), median(save, RUNS), median(gitc, RUNS), median(gitd, RUNS));
	return 0;
}

static int history(const char *rb, const char *work, int argc, char **argv)
{
	char dir[1024], cmd[4096];
	snprintf(dir, sizeof dir, "%s/hist", work);
	run("rm -rf '%s' && mkdir -p '%s'", work, work);
	run("'%s' init '%s' --name Bench --company 'Bench Ltd' >/dev/null", rb, dir);
	struct rb_app app;
	open_app(&app, dir);
	long ex = rb_app_exercise_index(&app, "why-context");
	char *err = NULL;
	size_t have = 0;
	{
		struct rb_version *v;
		if (rb_repo_log(app.repo, 0, &v, &have, &err) != RB_REPO_OK)
			return 1;
		rb_versions_free(v, have);
	}
	for (int a = 0; a < argc; a++) {
		size_t want = (size_t)atol(argv[a]);
		for (size_t i = have; i < want; i++) {
			char v[64];
			snprintf(v, sizeof v, "History step %zu.", i);
			struct rb_snap_result res;
			if (rb_app_set_answer(&app, (size_t)ex, v, &err) != 0 ||
			    rb_app_snapshot(&app, RB_SNAP_AUTO, NULL, 0, &res, &err) != 0) {
				fprintf(stderr, "snapshot: %s\n", err ? err : "?");
				return 1;
			}
			rb_snap_result_free(&res);
		}
		have = want > have ? want : have;
		int runs = want >= 5000 ? 11 : RUNS;
		double open_t[RUNS], log_t[RUNS], glog[RUNS];
		size_t count = 0;
		for (int i = 0; i < runs; i++) {
			struct rb_version *v;
			size_t n;
			double t0 = bench_now_ms();
			if (rb_repo_log(app.repo, 0, &v, &n, &err) != RB_REPO_OK)
				return 1;
			open_t[i] = bench_now_ms() - t0;
			count = n;
			rb_versions_free(v, n);
		}
		for (int i = 0; i < runs; i++) {
			snprintf(cmd, sizeof cmd, "'%s' -C '%s' log >/dev/null", rb, dir);
			log_t[i] = time_cmd(cmd);
			snprintf(cmd, sizeof cmd,
				 "git -C '%s' log --format='%%h %%ad %%s' >/dev/null", dir);
			glog[i] = time_cmd(cmd);
		}
		printf("{\"versions\": %zu, \"open_ms\": %.3f, \"log_ms\": %.3f, "
		       "\"git_ms\": %.3f}\n",
		       count, median(open_t, (size_t)runs), median(log_t, (size_t)runs),
		       median(glog, (size_t)runs));
		fflush(stdout);
	}
	rb_app_close(&app);
	return 0;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	rb_utf8_locale_init();
	if (argc >= 4 && !strcmp(argv[1], "snapshot"))
		return snapshots(argv[2], argv[3]);
	if (argc >= 5 && !strcmp(argv[1], "history"))
		return history(argv[2], argv[3], argc - 4, argv + 4);
	fprintf(stderr, "usage: bench_versions snapshot ROADBOOK WORKDIR\n"
			"       bench_versions history ROADBOOK WORKDIR N...\n");
	return 2;
}
