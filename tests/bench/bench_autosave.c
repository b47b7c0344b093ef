/* bench_autosave.c - the cost of one autosave: rb_app_set_answer (check, canonicalise, one
 * durable SQLite transaction with synchronous=FULL) on a real workbook file. Prints the median
 * and the 95th percentile over many saves of a growing text answer, as typing produces. */
#include "bench.h"
#include "content/utf8.h"
#include "store/workbook.h"
#include "tui/app.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	rb_utf8_locale_init();
	const char *dir = argc > 1 ? argv[1] : "/tmp/rb-bench-autosave";
	const char *lessons = argc > 2 ? argv[2] : NULL;
	int n = argc > 3 ? atoi(argv[3]) : 1000;
	struct rb_profile p = {.name = "Bench", .company = "Bench Ltd"};
	char *err = NULL;
	rb_workbook_create(dir, &p, lessons, "bench", "1", &err);
	free(err);
	struct rb_app app;
	if (rb_app_open(&app, dir, true, &err) != 0) {
		fprintf(stderr, "%s\n", err ? err : "cannot open");
		return 1;
	}
	long ex = -1;
	for (size_t i = 0; i < app.cur->nexercises && ex < 0; i++)
		if (app.cur->exercises[i]->type == RB_EX_TEXT)
			ex = (long)i;
	double *t = malloc(sizeof *t * (size_t)n);
	char *text = calloc((size_t)n + 64, 1);
	for (int i = 0; i < n; i++) {
		text[i] = "roadbook autosave "[i % 18];
		double t0 = 1000.0 * bench_now_ms();
		if (rb_app_set_answer(&app, (size_t)ex, text, &err) != 0) {
			fprintf(stderr, "save failed: %s\n", err ? err : "?");
			return 1;
		}
		t[i] = 1000.0 * bench_now_ms() - t0;
	}
	bench_sort(t, (size_t)n);
	printf("autosave of one answer (%d saves, text growing to %d bytes): median %.0f us, p95 "
	       "%.0f us, max %.0f us; target < 1000 us: %s\n",
	       n, n, t[n / 2], t[n * 95 / 100], t[n - 1], t[n / 2] < 1000 ? "met" : "NOT met");
	free(t);
	free(text);
	rb_app_close(&app);
	return 0;
}
