/* bench_strategy.c SOURCE_DIR - the cost of assembling the strategy document: the demo workbook
 * on the bundled curriculum, and a synthetic curriculum of 1,000 exercises with every one
 * answered (written to a temporary folder). Medians over repeated runs. */
#include "bench.h"
#include "content/answer.h"
#include "content/buf.h"
#include "content/strategy.h"
#include "content/utf8.h"
#include "store/demo.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static double median_assembly(const struct rb_curriculum *c, char **answers, int runs,
			      size_t *bytes)
{
	double *t = malloc(sizeof *t * (size_t)runs);
	struct rb_strategy_info info = {.name = "Bench", .company = "Bench Ltd"};
	for (int i = 0; i < runs; i++) {
		double t0 = bench_now_ms();
		char *md = rb_strategy_markdown(c, answers, &info, 0);
		t[i] = bench_now_ms() - t0;
		*bytes = md ? strlen(md) : 0;
		free(md);
	}
	bench_sort(t, (size_t)runs);
	double m = t[runs / 2];
	free(t);
	return m;
}

static void set(const struct rb_curriculum *c, char **answers, const char *id, const char *v)
{
	for (size_t i = 0; i < c->nexercises; i++)
		if (!strcmp(c->exercises[i]->id, id)) {
			char *err = NULL;
			if (rb_answer_normalize(c, c->exercises[i], v, &answers[i], &err) != 0)
				fprintf(stderr, "bad answer for %s: %s\n", id, err ? err : "?");
			free(err);
		}
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	rb_utf8_locale_init();
	const char *src = argc > 1 ? argv[1] : ".";
	char path[4096];
	struct rb_curriculum *c = NULL;
	struct rb_diags d = {0};
	snprintf(path, sizeof path, "%s/lessons", src);
	if (rb_curriculum_load(path, &c, &d) < 0 || d.n)
		return 1;
	char **answers = calloc(c->nexercises, sizeof *answers);
	struct rb_demo demo;
	char *err = NULL;
	snprintf(path, sizeof path, "%s/demo/morgan-fine-foods.json", src);
	if (rb_demo_load(path, &demo, &err) != 0)
		return 1;
	for (size_t i = 0; i < demo.n; i++)
		set(c, answers, demo.ids[i], demo.values[i]);
	size_t bytes;
	double demo_ms = median_assembly(c, answers, 200, &bytes);
	printf("%-44s %8.3f ms %9zu bytes   target < 2 ms: %s\n", "assemble the demo strategy",
	       demo_ms, bytes, demo_ms < 2 ? "met" : "NOT met");

	/* Synthetic: 50 modules x 20 text exercises, each answered with ~300 bytes. */
	char dir[] = "/tmp/rb-bench-strategy-XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/curriculum.md", dir);
	FILE *f = fopen(path, "w");
	fprintf(f, "# Big\n\n```roadbook curriculum\nid: big\ntitle: Big\nversion: 1\n```\n");
	for (int s = 0; s < 12; s++)
		fprintf(f,
			"\n```roadbook section\nid: s%d\ntitle: Section %d\nintro: Intro.\n```\n",
			s, s);
	fclose(f);
	for (int m = 0; m < 50; m++) {
		snprintf(path, sizeof path, "%s/%02d.md", dir, m);
		f = fopen(path, "w");
		fprintf(f,
			"# Module %d\n\n```roadbook module\nid: m%d\nweek: 1\nkind: workshop\n"
			"duration: 60\nobjective: Learn\n```\n",
			m, m);
		for (int e = 0; e < 20; e++)
			fprintf(f,
				"\n```roadbook exercise\nid: m%d-e%d\ntype: text\nprompt: "
				"Question %d of module %d?\nsection: s%d\n```\n",
				m, e, e, m, (m * 20 + e) % 12);
		fclose(f);
	}
	struct rb_curriculum *big = NULL;
	struct rb_diags d2 = {0};
	if (rb_curriculum_load(dir, &big, &d2) < 0 || d2.n)
		return 1;
	char **ba = calloc(big->nexercises, sizeof *ba);
	for (size_t i = 0; i < big->nexercises; i++) {
		struct rb_buf b = {0};
		for (int k = 0; k < 6; k++)
			rb_buf_printf(&b, "Answer %zu, sentence %d, with some *markdown* # signs. ",
				      i, k);
		ba[i] = rb_buf_take(&b);
	}
	double big_ms = median_assembly(big, ba, 30, &bytes);
	printf("%-44s %8.3f ms %9zu bytes\n", "assemble a synthetic 1,000-answer strategy", big_ms,
	       bytes);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	for (size_t i = 0; i < big->nexercises; i++)
		free(ba[i]);
	free(ba);
	for (size_t i = 0; i < c->nexercises; i++)
		free(answers[i]);
	free(answers);
	rb_demo_free(&demo);
	rb_curriculum_free(c);
	rb_curriculum_free(big);
	rb_diags_free(&d);
	rb_diags_free(&d2);
	return 0;
}
