/* bench_session.c - drives a full-screen program on a real pseudo-terminal, step by step, and
 * reports what it cost: peak memory (ru_maxrss), CPU time, bytes written to the terminal.
 *
 *   bench_session QUIET_MS STEPS_FILE -- PROGRAM [ARGS...]
 *
 * STEPS_FILE holds one step per line: the bytes to type, with C escapes (\r \t \e \\ \xHH).
 * After each step the driver waits until the program has written something and then been
 * quiet for QUIET_MS (so every key is drawn before the next one is typed, as when a person
 * types). Special lines: "repeat N STEP" types STEP N times; "mark" starts the measured part
 * (bytes are counted from there); "wait MS" sleeps; lines starting with '#' are comments.
 * The last step should make the program leave; it is killed after 60 s otherwise. With no
 * steps and ROADBOOK_BENCH_FIRST_FRAME=1 (roadbook leaves once its first screen is drawn),
 * wall_ms is the time from exec to the first screen.
 *
 * Prints one JSON object: steps, measured steps, bytes written in the measured part, peak
 * memory in KB, CPU milliseconds (user + system) and wall milliseconds. The pseudo-terminal
 * is 80x24 unless BENCH_COLS / BENCH_ROWS say otherwise. */
#include "bench.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static size_t unescape(const char *s, char *out)
{
	size_t n = 0;
	for (; *s && *s != '\n'; s++) {
		if (*s != '\\' || !s[1]) {
			out[n++] = *s;
			continue;
		}
		s++;
		switch (*s) {
		case 'r':
			out[n++] = '\r';
			break;
		case 'n':
			out[n++] = '\n';
			break;
		case 't':
			out[n++] = '\t';
			break;
		case 'e':
			out[n++] = 27;
			break;
		case 'x': {
			unsigned v = 0;
			int k = 0;
			while (k < 2 && s[1] &&
			       ((s[1] >= '0' && s[1] <= '9') || (s[1] >= 'a' && s[1] <= 'f') ||
				(s[1] >= 'A' && s[1] <= 'F'))) {
				char c = *++s;
				v = v * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 32) - 'a' + 10);
				k++;
			}
			out[n++] = (char)v;
			break;
		}
		default:
			out[n++] = *s;
		}
	}
	return n;
}

static int fd = -1;
static unsigned long long bytes;
static FILE *trace; /* BENCH_TRACE=FILE: a copy of everything the program wrote */

/* Reads what the program writes until it has written something and then been quiet for quiet
 * ms, or nothing came for limit ms. Returns -1 once the program has closed the terminal. */
static int settle(int quiet, int limit)
{
	bool got = false;
	double start = bench_now_ms(), last = start;
	char buf[65536];
	for (;;) {
		double now = bench_now_ms();
		double wait = got ? quiet - (now - last) : limit - (now - start);
		if (wait <= 0)
			return 0;
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int r = poll(&p, 1, (int)wait + 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			continue;
		ssize_t n = read(fd, buf, sizeof buf);
		if (n <= 0)
			return -1;
		bytes += (unsigned long long)n;
		if (trace)
			fwrite(buf, 1, (size_t)n, trace);
		got = true;
		last = bench_now_ms();
	}
}

int main(int argc, char **argv)
{
	if (argc < 5 || strcmp(argv[3], "--") != 0) {
		fprintf(stderr, "usage: bench_session QUIET_MS STEPS_FILE -- PROGRAM [ARGS...]\n");
		return 2;
	}
	int quiet = atoi(argv[1]);
	FILE *steps = fopen(argv[2], "r");
	if (!steps) {
		perror(argv[2]);
		return 2;
	}
	const char *cols = getenv("BENCH_COLS"), *rows = getenv("BENCH_ROWS");
	struct winsize ws = {.ws_row = (unsigned short)(rows ? atoi(rows) : 24),
			     .ws_col = (unsigned short)(cols ? atoi(cols) : 80)};
	if (getenv("BENCH_TRACE"))
		trace = fopen(getenv("BENCH_TRACE"), "w");
	setenv("TERM", "xterm-256color", 1);
	setenv("LANG", "C.UTF-8", 1);
	double t0 = bench_now_ms();
	pid_t pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid < 0) {
		perror("forkpty");
		return 1;
	}
	if (pid == 0) {
		execvp(argv[4], argv + 4);
		_exit(127);
	}
	/* the first screen (a program under valgrind takes seconds) */
	settle(quiet, 60000);
	char line[65536], keys[65536];
	int nsteps = 0, measured = 0;
	bool marked = false, closed = false;
	while (!closed && fgets(line, sizeof line, steps)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (!strncmp(line, "mark", 4)) {
			marked = true;
			bytes = 0;
			continue;
		}
		if (!strncmp(line, "wait ", 5)) {
			usleep((useconds_t)atoi(line + 5) * 1000);
			continue;
		}
		long times = 1;
		const char *step = line;
		if (!strncmp(line, "repeat ", 7)) {
			char *end;
			times = strtol(line + 7, &end, 10);
			step = end + (*end == ' ');
		}
		size_t n = unescape(step, keys);
		for (long i = 0; i < times && !closed; i++) {
			if (write(fd, keys, n) != (ssize_t)n) {
				closed = true;
				break;
			}
			nsteps++;
			if (marked)
				measured++;
			/* a key whose screen does not change gets quiet * 20 ms at most */
			if (settle(quiet, quiet * 20 + 200) < 0)
				closed = true;
		}
	}
	fclose(steps);
	/* drain until the program leaves */
	char buf[65536];
	double until = bench_now_ms() + 60000;
	int status = 0;
	struct rusage ru = {0};
	for (;;) {
		pid_t w = wait4(pid, &status, WNOHANG, &ru);
		if (w == pid)
			break;
		if (bench_now_ms() > until) {
			kill(pid, SIGKILL);
			wait4(pid, &status, 0, &ru);
			fprintf(stderr,
				"bench_session: the program did not leave after the last step\n");
			return 1;
		}
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (poll(&p, 1, 20) > 0 && read(fd, buf, sizeof buf) <= 0) {
			/* the terminal is closed: the program is leaving */
			wait4(pid, &status, 0, &ru);
			break;
		}
	}
	double wall = bench_now_ms() - t0;
	close(fd);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench_session: the program ended with status %d\n",
			WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		return 1;
	}
	double cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		     (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	printf("{\"steps\": %d, \"measured\": %d, \"bytes\": %llu, \"maxrss_kb\": %ld, "
	       "\"cpu_ms\": %.3f, \"wall_ms\": %.1f}\n",
	       nsteps, measured, bytes, ru.ru_maxrss, cpu, wall);
	return 0;
}
