/* test_roadmap.c - roadmap and readiness computations against hand-worked figures: payback net
 * of the grant, "no payback" for zero or negative benefit, totals per horizon, dependencies by
 * title and row number, unknown names, scheduling before a dependency, loops that are reported
 * rather than followed, an empty roadmap, and readiness gaps traced to initiatives. */
#include "harness.h"

#include "content/answer.h"
#include "content/roadmap.h"
#include "content/utf8.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static struct rb_curriculum *cur;
static char **answers;

static void set(const char *id, const char *value)
{
	const struct rb_exercise *e = rb_curriculum_exercise(cur, id);
	size_t i = 0;
	while (cur->exercises[i] != e)
		i++;
	char *canon = NULL, *err = NULL;
	if (rb_answer_normalize(cur, e, value, &canon, &err) != 0) {
		fprintf(stderr, "bad fixture value for %s: %s\n", id, err);
		free(err);
		return;
	}
	free(answers[i]);
	answers[i] = *canon ? canon : NULL;
	if (!answers[i])
		free(canon);
}

static bool near(double a, double b)
{
	return fabs(a - b) < 1e-6;
}

static void test_empty(void)
{
	struct rb_roadmap rm;
	CHECK(rb_roadmap_build(cur, answers, &rm) == 0);
	CHECK(rm.n == 0 && !rm.has_cycle);
	struct rb_readiness *rows;
	size_t n;
	CHECK(rb_readiness_build(cur, answers, &rm, &rows, &n) == 0);
	CHECK(n == 3 && rows[0].current == -1 && rows[0].target == -1 && rows[0].nmoved == 0);
	rb_readiness_free(rows, n);
	rb_roadmap_free(&rm);
}

static void test_payback_and_totals(void)
{
	set("rm-grant", "40");
	set("rm-plan", "Network | now | 2027-Q1 | 20000 | 0 | IT | | cyber | None: it comes first\n"
		       "Sensors | now | 2027-Q2 | 10000 | 12000 | Ops | OEE | data | Network\n"
		       "Traceability | next | 2027-Q3 | 85000 | 48000 | QA | | data | #2; network\n"
		       "Robot | later | 2028-Q3 | 95000 | -5000 | Eng | | | Sensors; Magic wand");
	struct rb_roadmap rm;
	CHECK(rb_roadmap_build(cur, answers, &rm) == 0);
	CHECK(rm.n == 4 && near(rm.grant_share, 40));
	if (rm.n != 4) {
		rb_roadmap_free(&rm);
		return;
	}
	/* Net of the 40% grant, over the annual benefit. */
	CHECK(near(rm.v[1].net_cost, 6000) && near(rm.v[1].payback_years, 0.5));
	CHECK(near(rm.v[2].net_cost, 51000) && near(rm.v[2].payback_years, 51000.0 / 48000));
	CHECK(rm.v[0].payback_years < 0); /* zero benefit: no payback */
	CHECK(rm.v[3].payback_years < 0); /* negative benefit: no payback */
	CHECK(near(rm.cost[RB_NOW], 30000) && near(rm.benefit[RB_NOW], 12000));
	CHECK(near(rm.net_cost[RB_NEXT], 51000) && near(rm.cost[RB_LATER], 95000));
	/* Dependencies by title (any case) and by row number; "none" is no dependency. */
	CHECK(rm.v[0].ndeps == 0 && rm.v[0].nunknown == 0);
	CHECK(rm.v[1].ndeps == 1 && rm.v[1].deps[0] == 0);
	CHECK(rm.v[2].ndeps == 2 && rm.v[2].deps[0] == 1 && rm.v[2].deps[1] == 0);
	CHECK(rm.v[3].ndeps == 1 && rm.v[3].nunknown == 1 &&
	      !strcmp(rm.v[3].unknown[0], "Magic wand"));
	CHECK(!rm.has_cycle);
	for (size_t i = 0; i < rm.n; i++)
		CHECK(rm.v[i].starts_before == -1);
	char q[16];
	rb_quarter_name(rm.v[2].start, q, sizeof q);
	CHECK_STR(q, "2027-Q3");

	/* Readiness: gaps and the initiatives that move each dimension. */
	set("rm-data-now", "1");
	set("rm-data-target", "3");
	set("rm-people-now", "2");
	set("rm-people-target", "4");
	struct rb_readiness *rows;
	size_t n;
	CHECK(rb_readiness_build(cur, answers, &rm, &rows, &n) == 0);
	CHECK(n == 3);
	CHECK(rows[0].current == 1 && rows[0].target == 3 && rows[0].max == 5);
	CHECK(rows[0].nmoved == 2 && rows[0].moved_by[0] == 1 && rows[0].moved_by[1] == 2);
	CHECK(rows[1].current == 2 && rows[1].target == 4 && rows[1].nmoved == 0); /* unaddressed */
	CHECK(rows[2].nmoved == 1 && rows[2].moved_by[0] == 0 && rows[2].current == -1);
	rb_readiness_free(rows, n);
	rb_roadmap_free(&rm);
}

static void test_order_and_cycles(void)
{
	/* B starts before A, which it depends on: flagged. Without quarters, horizons decide. */
	set("rm-plan", "A | next | 2028-Q1 | | | | | | \n"
		       "B | now | 2027-Q2 | | | | | | A\n"
		       "C | now | | | | | | | D\n"
		       "D | later | | | | | | | ");
	struct rb_roadmap rm;
	CHECK(rb_roadmap_build(cur, answers, &rm) == 0);
	CHECK(rm.v[1].starts_before == 0);
	CHECK(rm.v[2].starts_before == 3);
	CHECK(rm.v[0].starts_before == -1 && rm.v[3].starts_before == -1);
	CHECK(!rm.has_cycle);
	rb_roadmap_free(&rm);

	/* A loop of three, a self-reference (ignored), and one outside the loop that depends on
	 * it: reported, not followed for ever. */
	set("rm-plan", "A | now | | | | | | | C\n"
		       "B | now | | | | | | | A\n"
		       "C | now | | | | | | | B; C\n"
		       "D | next | | | | | | | A");
	CHECK(rb_roadmap_build(cur, answers, &rm) == 0);
	CHECK(rm.has_cycle);
	CHECK(rm.v[0].in_cycle && rm.v[1].in_cycle && rm.v[2].in_cycle && !rm.v[3].in_cycle);
	CHECK(rm.v[2].ndeps == 1);
	rb_roadmap_free(&rm);

	/* A hundred rows in one long chain, and each depending on all before it: still quick. */
	char *big = malloc(100 * 600);
	size_t len = 0;
	for (int i = 0; i < 100; i++) {
		len += (size_t)sprintf(big + len, "%sR%d | now | | | | | | | ", i ? "\n" : "", i);
		for (int j = 0; j < i; j++)
			len += (size_t)sprintf(big + len, "#%d;", j + 1);
	}
	set("rm-plan", big);
	free(big);
	CHECK(rb_roadmap_build(cur, answers, &rm) == 0);
	CHECK(rm.n == 100 && !rm.has_cycle && rm.v[99].ndeps == 99);
	rb_roadmap_free(&rm);
}

int main(void)
{
	setlocale(LC_ALL, "");
	rb_utf8_locale_init();
	struct rb_diags d = {0};
	if (rb_curriculum_load(RB_SOURCE_DIR "/tests/fixtures/roadmap", &cur, &d) < 0 || d.n)
		return 1;
	answers = calloc(cur->nexercises, sizeof *answers);
	RUN(test_empty);
	RUN(test_payback_and_totals);
	RUN(test_order_and_cycles);
	for (size_t i = 0; i < cur->nexercises; i++)
		free(answers[i]);
	free(answers);
	rb_curriculum_free(cur);
	rb_diags_free(&d);
	return HARNESS_EXIT();
}
