/* bench_firstframe.c ROADBOOK DIR [RUNS] - start to first frame on a real pseudo-terminal:
 * forks roadbook on a new pty with ROADBOOK_BENCH_FIRST_FRAME=1 (it leaves right after drawing
 * its first screen), drains its output, and times fork to exit. Prints the median and p95. */
#include "bench.h"
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench_firstframe ROADBOOK DIR [RUNS]\n");
		return 2;
	}
	int runs = argc > 3 ? atoi(argv[3]) : 50;
	double *t = calloc((size_t)runs, sizeof *t);
	setenv("ROADBOOK_BENCH_FIRST_FRAME", "1", 1);
	setenv("TERM", "xterm-256color", 1);
	setenv("LANG", "C.UTF-8", 1);
	struct winsize ws = {.ws_row = 24, .ws_col = 80};
	for (int i = 0; i < runs; i++) {
		int fd;
		double t0 = bench_now_ms();
		pid_t pid = forkpty(&fd, NULL, NULL, &ws);
		if (pid < 0) {
			perror("forkpty");
			return 1;
		}
		if (pid == 0) {
			execl(argv[1], argv[1], "-C", argv[2], (char *)NULL);
			_exit(127);
		}
		char buf[65536];
		while (read(fd, buf, sizeof buf) > 0)
			;
		int status;
		waitpid(pid, &status, 0);
		t[i] = bench_now_ms() - t0;
		close(fd);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "roadbook exited with status %d\n", WEXITSTATUS(status));
			return 1;
		}
	}
	bench_sort(t, (size_t)runs);
	printf("%.2f %.2f\n", t[runs / 2], t[runs * 95 / 100]);
	free(t);
	return 0;
}
