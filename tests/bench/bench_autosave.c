/* bench_autosave.c DIR [LESSONS [N [BASE_BYTES [EXERCISE]]]] - the cost of one autosave:
 * rb_app_set_answer (check, canonicalise, one durable SQLite transaction with
 * synchronous=FULL) on a real workbook file made in DIR. The answer starts with BASE_BYTES of
 * text (default 0) and grows by one character per save, as typing produces; N saves (default
 * 1000) of EXERCISE (default: the first text exercise). Prints one JSON object: the median,
 * 95th percentile and maximum in microseconds. */
#include "bench.h"
#include "content/utf8.h"
#include "store/workbook.h"
#include "app/workbook.h"

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
	size_t base = argc > 4 ? (size_t)atol(argv[4]) : 0;
	const char *want = argc > 5 ? argv[5] : NULL;
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
		if (want ? !strcmp(app.cur->exercises[i]->id, want)
			 : app.cur->exercises[i]->type == RB_EX_TEXT)
			ex = (long)i;
	if (ex < 0) {
		fprintf(stderr, "bench_autosave: no such text exercise\n");
		return 1;
	}
	double *t = malloc(sizeof *t * (size_t)n);
	char *text = calloc(base + (size_t)n + 64, 1);
	if (!t || !text)
		return 1;
	/* words and line breaks, as people write them */
	for (size_t i = 0; i < base; i++)
		text[i] = i % 72 == 71 ? '\n' : "roadbook autosave "[i % 18];
	for (int i = 0; i < n; i++) {
		text[base + (size_t)i] = "roadbook autosave "[i % 18];
		double t0 = 1000.0 * bench_now_ms();
		if (rb_app_set_answer(&app, (size_t)ex, text, &err) != 0) {
			fprintf(stderr, "save failed: %s\n", err ? err : "?");
			return 1;
		}
		t[i] = 1000.0 * bench_now_ms() - t0;
	}
	bench_sort(t, (size_t)n);
	printf("{\"saves\": %d, \"bytes\": %zu, \"median_us\": %.1f, \"p95_us\": %.1f, "
	       "\"max_us\": %.1f}\n",
	       n, base + (size_t)n, t[n / 2], t[n * 95 / 100], t[n - 1]);
	free(t);
	free(text);
	rb_app_close(&app);
	return 0;
}
