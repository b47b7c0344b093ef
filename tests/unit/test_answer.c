/* test_answer.c - checking answers and their canonical forms, for every type, on the starter
 * curriculum. The command line and the TUI both rely on exactly this. */
#include "harness.h"

#include "content/answer.h"
#include "content/utf8.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

static struct rb_curriculum *cur;

/* Normalises input for exercise id; returns the canonical value, or "ERR: message". */
static char result[4096];
static const char *norm(const char *id, const char *input)
{
	const struct rb_exercise *e = rb_curriculum_exercise(cur, id);
	if (!e)
		return "NO EXERCISE";
	char *canon = NULL, *err = NULL;
	int rc = rb_answer_normalize(cur, e, input, &canon, &err);
	if (rc == 0)
		snprintf(result, sizeof result, "%s", canon);
	else
		snprintf(result, sizeof result, "ERR: %s", err ? err : "?");
	free(canon);
	free(err);
	return result;
}

static bool refused(const char *id, const char *input, const char *substr)
{
	const char *r = norm(id, input);
	bool ok = !strncmp(r, "ERR: ", 5) && strstr(r, substr);
	if (!ok)
		fprintf(stderr, "  %s <- '%s': got '%s', wanted an error with '%s'\n", id, input, r,
			substr);
	return ok;
}

static void test_text(void)
{
	CHECK_STR(norm("fs-why", "We make pies.\r\nFor shops.\r"), "We make pies.\nFor shops.");
	CHECK_STR(norm("fs-why", "  \n\n "), "");
	CHECK_STR(norm("fs-why", "\n  \n  Indented first line\nnext\n\n"),
		  "  Indented first line\nnext");
	CHECK_STR(norm("fs-why", "tab\there"), "tab    here");
	/* the terminal sanitiser removes whole sequences, not just their first byte */
	CHECK_STR(norm("fs-why", "bell\a and \x1b[31mred"), "bell and red");
	CHECK_STR(norm("fs-why", "c1\xc2\x9b"
				 "31m and caf\xc3\xa9"),
		  "c1 and caf\xc3\xa9");
	CHECK_STR(norm("fs-why", "copy \x1b]52;c;ZWNobyBoaQ==\x07me"), "copy me");
	CHECK_STR(norm("fs-why", "right\xe2\x80\xaeto-left"), "rightto-left");
	CHECK_STR(norm("fs-why", "# not a heading\n---\n<script>"),
		  "# not a heading\n---\n<script>");
	CHECK(refused("fs-why", "caf\xe9", "not valid UTF-8"));
	char *big = malloc(30001);
	memset(big, 'a', 30000);
	big[30000] = '\0';
	CHECK(refused("fs-why", big, "too long"));
	free(big);
}

static void test_scale(void)
{
	CHECK_STR(norm("fs-data-now", " 2 "), "2");
	CHECK_STR(norm("fs-data-now", "0"), "0");
	CHECK_STR(norm("fs-data-now", ""), "");
	CHECK(refused("fs-data-now", "4", "outside the scale"));
	CHECK(refused("fs-data-now", "-1", "outside the scale"));
	CHECK(refused("fs-data-now", "two", "whole number"));
	CHECK(refused("fs-data-now", "1.5", "whole number"));
}

static void test_choice(void)
{
	CHECK_STR(norm("fs-kind", "aero"), "aero");
	CHECK_STR(norm("fs-kind", "Food and drink"), "food");
	CHECK_STR(norm("fs-kind", "3"), "precision");
	CHECK_STR(norm("fs-kind", "AERO"), "aero");
	CHECK(refused("fs-kind", "furniture", "not one of the choices"));
	CHECK(refused("fs-kind", "4", "not one of the choices"));
}

static void test_multi_and_checklist(void)
{
	CHECK_STR(norm("fs-tech", "vision, cobots"), "cobots,vision");
	CHECK_STR(norm("fs-tech", "vision,vision"), "vision");
	CHECK_STR(norm("fs-tech", "1,3"), "cobots,iiot");
	CHECK(refused("fs-tech", "1,2,3", "at most 2"));
	CHECK(refused("fs-tech", "cobots, lasers", "'lasers' is not one of"));
	CHECK_STR(norm("plan-basics", "patch,backup,mfa"), "backup,mfa,patch");
	const struct rb_exercise *e = rb_curriculum_exercise(cur, "plan-basics");
	CHECK(rb_answer_has_option(e, "backup,patch", 2));
	CHECK(!rb_answer_has_option(e, "backup,patch", 1));
	char *s = rb_answer_summary(e, "backup,patch");
	CHECK_STR(s, "Backups are tested; Updates within 14 days (2 of 3)");
	free(s);
}

static void test_number(void)
{
	CHECK_STR(norm("plan-budget", "£12,500"), "12500");
	CHECK_STR(norm("plan-budget", " 40 000 "), "40000");
	CHECK_STR(norm("plan-budget", "0"), "0");
	CHECK(refused("plan-budget", "12.5", "whole number"));
	CHECK(refused("plan-budget", "-5", "between 0 and 1000000"));
	CHECK(refused("plan-budget", "2000000", "between"));
	CHECK(refused("plan-budget", "lots", "not a number"));
	CHECK(refused("plan-budget", "1e5", "not a number"));
	CHECK(refused("plan-budget", "nan", "not a number"));
	CHECK_STR(norm("plan-share", "12.5%"), "12.5");
	CHECK_STR(norm("plan-share", "50"), "50.0");
	CHECK(refused("plan-share", "12.55", "at most 1 decimal"));
	const struct rb_exercise *e = rb_curriculum_exercise(cur, "plan-budget");
	char *s = rb_answer_summary(e, "12500");
	CHECK_STR(s, "£12500");
	free(s);
}

static void test_table(void)
{
	CHECK_STR(norm("plan-roadmap", "Cobot cell | now | 2027-q1 | £60,000 | Data\n"
				       "\n"
				       "MES pilot|Next|Q3 2028||people"),
		  "Cobot cell | now | 2027-Q1 | 60000 | data\nMES pilot | next | 2028-Q3 |  | "
		  "people");
	CHECK_STR(norm("plan-roadmap", "A \\| B | later"), "A \\| B | later |  |  | ");
	CHECK(refused("plan-roadmap", "X | soon", "Row 1: Horizon: 'soon' is not one of"));
	CHECK(refused("plan-roadmap", "X | now | 2027-Q5", "not a real quarter"));
	CHECK(refused("plan-roadmap", "X | now | next year", "e.g. 2027-Q1"));
	CHECK(refused("plan-roadmap", "X | now | 2027-Q1 | 2000000", "Cost (£)"));
	CHECK(refused("plan-roadmap", "X | now | 2027-Q1 | 1 | data | extra", "has 6 cells"));
	CHECK(
	    refused("plan-roadmap", "X | now | 2027-Q1 | 1 | magic", "not a readiness dimension"));
	CHECK(refused("plan-roadmap", "a\nb\nc\nd\ne\nf", "at most 5 rows"));
	/* Parse and format are inverse, including escapes. */
	struct rb_table t;
	CHECK(rb_table_parse("a \\| b \\\\ | now\nc | later", 5, &t) == 0);
	CHECK(t.nrows == 2 && t.ncols == 5);
	CHECK_STR(t.cells[0], "a | b \\");
	CHECK_STR(t.cells[1 * 5 + 1], "later");
	char *back = rb_table_format(&t);
	CHECK_STR(back, "a \\| b \\\\ | now |  |  | \nc | later |  |  | ");
	free(back);
	rb_table_free(&t);
}

int main(void)
{
	setlocale(LC_ALL, "");
	rb_utf8_locale_init();
	struct rb_diags d = {0};
	if (rb_curriculum_load(RB_SOURCE_DIR "/tests/fixtures/starter", &cur, &d) < 0 || d.n) {
		fprintf(stderr, "starter curriculum did not load\n");
		return 1;
	}
	RUN(test_text);
	RUN(test_scale);
	RUN(test_choice);
	RUN(test_multi_and_checklist);
	RUN(test_number);
	RUN(test_table);
	rb_curriculum_free(cur);
	rb_diags_free(&d);
	return HARNESS_EXIT();
}
