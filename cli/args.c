/* args.c - what every command shares about its command line: unknown options refused
 * before anything is done (exit 2), the nearest names suggested for a mistyped command or
 * option, and help text wrapped to 80 columns. */
#include "cli/internal.h"

#include "content/buf.h"
#include "content/render.h"
#include "app/workbook.h"
#include "cli/cli.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* An option is "-x" or "--word" (letters, digits and '-', maybe "=value"): answers and
 * comments are free text, and "---", "-5", "- first point" or "--- draft ---" are values. */
static bool looks_like_option(const char *a)
{
	bool letter = (a[1] >= 'a' && a[1] <= 'z') || (a[1] >= 'A' && a[1] <= 'Z');
	if (a[0] != '-')
		return false;
	if (letter)
		return a[2] == '\0' || (a[1] == 'C' && !strchr(a, ' '));
	if (a[1] != '-' || !(a[2] >= 'a' && a[2] <= 'z'))
		return false;
	for (const char *p = a + 3; *p && *p != '='; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

int rb_cli_check_args(const char *cmd, int *argc, char **argv, const char *const *known)
{
	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			/* argv[argc] is NULL: it moves down with the rest */
			memmove(&argv[i], &argv[i + 1], (size_t)(*argc - i) * sizeof *argv);
			(*argc)--;
			return RB_EXIT_OK;
		}
		if (!looks_like_option(a))
			continue;
		bool ok = false;
		for (size_t k = 0; known && known[k] && !ok; k++)
			ok = !strcmp(a, known[k]);
		if (ok)
			continue;
		struct rb_buf b = {0};
		if (!strncmp(a, "-C", 2))
			rb_buf_printf(&b, "-C DIR goes before the command: roadbook -C DIR %s ...",
				      cmd);
		else
			rb_buf_printf(
			    &b,
			    "unknown option '%s' (a value that starts with '-' goes after "
			    "'--')",
			    a);
		int rc = rb_cli_usage(cmd, b.data ? b.data : "unknown option");
		rb_buf_free(&b);
		return rc;
	}
	return RB_EXIT_OK;
}

/* Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a
 * substring), ignoring case: a wrong, missing, extra or swapped letter counts 1. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > 64 || m > 64)
		return n > m ? n : m;
	size_t d[65][65];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++) {
			int ca = tolower((unsigned char)a[i - 1]),
			    cb = tolower((unsigned char)b[j - 1]);
			size_t cost = ca != cb;
			size_t v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[n][m];
}

size_t rb_cli_suggest(const char *word, const char *const *names, size_t n, size_t stride,
		      const char **out, size_t max)
{
	size_t len = strlen(word), limit = len <= 3 ? 1 : 2, best = limit + 1, found = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			const char *name = *(const char *const *)((const char *)names + i * stride);
			size_t d = edit_distance(word, name);
			/* the start of a name ("req", "exer") is as good as one typo */
			if (len >= 3 && !strncasecmp(name, word, len) && d > 1)
				d = 1;
			if (pass == 0 && d < best)
				best = d;
			else if (pass == 1 && d == best && found < max)
				out[found++] = name;
		}
		if (best > limit)
			return 0;
	}
	return found;
}

void rb_cli_wrap(FILE *f, const char *text, size_t len, int indent)
{
	struct rb_lines l = {0};
	if (rb_wrap_plain(&l, text, len, 79, indent, 0) != 0) {
		fprintf(f, "%.*s\n", (int)len, text);
	} else {
		for (size_t i = 0; i < l.n; i++) {
			const char *t = l.v[i].text;
			if (i == 0)
				t += strspn(t, " ");
			fprintf(f, "%s\n", t);
		}
	}
	rb_lines_free(&l);
}

int rb_cli_terminal_width(void)
{
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	const char *cols = getenv("COLUMNS");
	if (cols && atoi(cols) > 0)
		return atoi(cols);
	return 80;
}
