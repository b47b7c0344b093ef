/* test_answers_md.c - the answers files and the workbook README: every value reads back exactly
 * (markdown-special characters, tables, blank lines, indentation), hand edits are read, and a
 * damaged file is reported with its line. */
#include "content/answer.h"
#include "content/answers_md.h"
#include "content/utf8.h"
#include "content/workbook_md.h"
#include "harness.h"
#include "store/demo.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

static struct rb_curriculum *load(const char *dir)
{
	struct rb_curriculum *c = NULL;
	struct rb_diags d = {0};
	if (rb_curriculum_load(dir, &c, &d) < 0 || d.n) {
		fprintf(stderr, "cannot load %s\n", dir);
		exit(1);
	}
	return c;
}

/* Writes every module with these answers, reads the files back and compares. */
static void round_trip(const struct rb_curriculum *c, char **answers)
{
	size_t seen = 0;
	for (size_t m = 0; m < c->nmodules; m++) {
		char *md = rb_answers_md_module(c, m, answers, NULL);
		char *path = rb_answers_md_path(c, m);
		struct rb_parsed_answers p = {0};
		struct rb_diags d = {0};
		CHECK(md && rb_answers_md_parse(c, path, md, strlen(md), &p, &d) == 0);
		CHECK(d.n == 0);
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "  %s:%d: %s\n", d.v[i].file, d.v[i].line, d.v[i].message);
		CHECK(p.n == c->modules[m].nexercises);
		for (size_t i = 0; i < p.n; i++) {
			const struct rb_exercise *e = rb_curriculum_exercise(c, p.v[i].id);
			CHECK(e && p.v[i].known);
			if (!e)
				continue;
			const char *want = answers[e->index] ? answers[e->index] : "";
			CHECK_STR(p.v[i].value, want);
			seen++;
		}
		rb_parsed_answers_free(&p);
		rb_diags_free(&d);
		free(md);
		free(path);
	}
	CHECK(seen == c->nexercises);
}

static void set(const struct rb_curriculum *c, char **answers, const char *id, const char *in)
{
	const struct rb_exercise *e = rb_curriculum_exercise(c, id);
	char *canon = NULL, *err = NULL;
	CHECK(e && rb_answer_normalize(c, e, in, &canon, &err) == 0);
	if (err)
		fprintf(stderr, "  %s: %s\n", id, err);
	free(err);
	free(answers[e->index]);
	answers[e->index] = canon && *canon ? canon : NULL;
	if (canon && !*canon)
		free(canon);
}

static const char *hostile_texts[] = {
    "Plain words.",
    "# Not a heading\n## Nor this\n---\n***",
    "* star\n- dash\n+ plus\n1. one\n2) two",
    "> quoted\n    indented code\n\tтаб",
    "`code` ``double`` ```triple``` ````four````",
    "```\nfenced inside\n```",
    "<!-- roadbook:exercise fs-kind -->\nsneaky marker",
    "<script>alert(1)</script> &amp; &#27; \\ backslash \\\\ two",
    "_Not answered yet._",
    "Not answered yet.",
    "| a | b |\n| --- | --- |\n| 1 | 2 |",
    "Line one  \nline two with trailing spaces   \nthree",
    "First paragraph.\n\n\n\nAfter three blank lines.",
    "  indented first line\n   and more",
    "[link](http://example.com) ![img](x.png) <http://auto.link>",
    "émoji 🚀 and 中文 and e\xcc\x81 combining",
    "1. Looks like a list but only one",
    "a\\\nhard break by backslash",
    "[x] box-like text",
    "  ",
    "Trailing backslash\\",
    /* blocks that stay open to the end of the file unless closed: they must not swallow the
     * exercises after them (found by the crash harness: a restore lost them) */
    "We saw a cell.\n\n~~~\nThen lunch.",
    "~~~ words\nan open tilde fence",
    "```\nan open backtick fence",
    "<div>\nan open HTML block",
    "<!--\nan open comment",
    "<pre>\nopen pre",
};

static void test_hostile_values(void)
{
	struct rb_curriculum *c = load(RB_SOURCE_DIR "/tests/fixtures/starter");
	char **answers = calloc(c->nexercises, sizeof *answers);
	round_trip(c, answers); /* nothing answered */
	for (size_t i = 0; i < sizeof hostile_texts / sizeof *hostile_texts; i++) {
		set(c, answers, "fs-why", hostile_texts[i]);
		set(c, answers, "fs-notes", hostile_texts[(i + 3) % 21]);
		round_trip(c, answers);
	}
	set(c, answers, "fs-data-now", "2");
	set(c, answers, "fs-kind", "aero");
	set(c, answers, "fs-tech", "cobots, iiot");
	set(c, answers, "plan-basics", "1,3");
	set(c, answers, "plan-budget", "£12,500");
	set(c, answers, "plan-share", "40");
	set(c, answers, "plan-people", "Most are");
	CHECK_STR(answers[rb_curriculum_exercise(c, "plan-people")->index], "3");
	set(c, answers, "plan-roadmap",
	    "MES | now | 2026-Q1 | 25000 | data\n"
	    "Pipe \\| inside, back\\\\slash | next | 2026-Q3 | 0 | people\n"
	    " | later | | | \n"
	    "*stars* _under_ `tick` # hash | later | 2027-Q2 | 10 | people");
	round_trip(c, answers);

	/* the readable forms are used when they read back */
	char *md = rb_answers_md_module(c, 0, answers, NULL);
	CHECK(strstr(md, "2 \xe2\x80\x94 In spreadsheets") != NULL);
	CHECK(strstr(md, "\nAerospace\n") != NULL);
	CHECK(strstr(md, "- [x] Collaborative robots\n- [ ] Machine vision\n") != NULL);
	CHECK(strstr(md, "<!-- roadbook:exercise fs-why -->") != NULL);
	free(md);
	md = rb_answers_md_module(c, 1, answers, NULL);
	CHECK(strstr(md, "| Initiative | Horizon | Start | Cost (£) | Dimension |\n") != NULL);
	CHECK(strstr(md, "| MES | now | 2026-Q1 | 25000 | data |\n") != NULL);
	free(md);
	for (size_t i = 0; i < c->nexercises; i++)
		free(answers[i]);
	free(answers);
	rb_curriculum_free(c);
}

static void test_demo_round_trip(void)
{
	struct rb_curriculum *c = load(RB_SOURCE_DIR "/lessons");
	struct rb_demo demo;
	char *err = NULL;
	CHECK(rb_demo_load(RB_SOURCE_DIR "/demo/morgan-fine-foods.json", &demo, &err) == 0);
	char **answers = calloc(c->nexercises, sizeof *answers);
	for (size_t i = 0; i < demo.n; i++)
		set(c, answers, demo.ids[i], demo.values[i]);
	round_trip(c, answers);
	for (size_t i = 0; i < c->nexercises; i++)
		free(answers[i]);
	free(answers);
	rb_demo_free(&demo);
	rb_curriculum_free(c);
}

/* Every module written with kept sections is byte for byte the module written from scratch. */
static void same_kept(const struct rb_curriculum *c, char **answers, struct rb_parts *kept)
{
	for (size_t m = 0; m < c->nmodules; m++) {
		char *whole = rb_answers_md_module(c, m, answers, NULL);
		char *parts = rb_answers_md_module(c, m, answers, kept);
		CHECK(whole && parts);
		if (whole && parts)
			CHECK_STR(parts, whole);
		free(whole);
		free(parts);
	}
}

/* The sections kept between saves: only changed answers are written again, and the files
 * stay exactly what they would be without keeping anything. */
static void test_kept_sections(void)
{
	struct rb_curriculum *c = load(RB_SOURCE_DIR "/lessons");
	struct rb_demo demo;
	char *err = NULL;
	CHECK(rb_demo_load(RB_SOURCE_DIR "/demo/morgan-fine-foods.json", &demo, &err) == 0);
	char **answers = calloc(c->nexercises, sizeof *answers);
	struct rb_parts kept = {0};
	same_kept(c, answers, &kept); /* nothing answered */
	CHECK(kept.owner == c && kept.n == c->nexercises);
	for (size_t i = 0; i < demo.n; i++)
		set(c, answers, demo.ids[i], demo.values[i]);
	same_kept(c, answers, &kept);
	same_kept(c, answers, &kept); /* every section kept */
	/* a kept section is the one shown: prove it is used by planting a marker */
	size_t first = c->modules[0].exercises[0]->index;
	rb_parts_put(&kept, first, answers[first], strdup("\n## planted\n"));
	char *md = rb_answers_md_module(c, 0, answers, &kept);
	CHECK(md && strstr(md, "## planted") != NULL);
	free(md);
	/* changed, cleared and hostile answers are written again */
	set(c, answers, "why-context", "~~~\n<!-- roadbook:exercise x -->\n# not a heading");
	free(answers[first]);
	answers[first] = NULL;
	same_kept(c, answers, &kept);
	/* another curriculum: nothing kept is used for it */
	struct rb_curriculum *c2 = load(RB_SOURCE_DIR "/tests/fixtures/starter");
	char **none = calloc(c2->nexercises, sizeof *none);
	same_kept(c2, none, &kept);
	CHECK(kept.owner == c2);
	rb_parts_clear(&kept);
	CHECK(kept.owner == NULL && kept.text == NULL);
	for (size_t i = 0; i < c->nexercises; i++)
		free(answers[i]);
	free(answers);
	free(none);
	rb_demo_free(&demo);
	rb_curriculum_free(c);
	rb_curriculum_free(c2);
}

/* Parses text as a file of the starter curriculum; returns the diagnostics' count. */
static size_t parse(const struct rb_curriculum *c, const char *text, struct rb_parsed_answers *p,
		    struct rb_diags *d)
{
	memset(p, 0, sizeof *p);
	memset(d, 0, sizeof *d);
	CHECK(rb_answers_md_parse(c, "answers/01-first-steps.md", text, strlen(text), p, d) == 0);
	return d->n;
}

static const char *value_of(const struct rb_parsed_answers *p, const char *id)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].id, id))
			return p->v[i].value;
	return NULL;
}

static void test_hand_edits(void)
{
	struct rb_curriculum *c = load(RB_SOURCE_DIR "/tests/fixtures/starter");
	struct rb_parsed_answers p;
	struct rb_diags d;

	/* what a person types in a text editor, without roadbook's escaping */
	CHECK(parse(c,
		    "# First steps\n\n## Why?\n\n<!-- roadbook:exercise fs-why -->\n\n"
		    "We make *pies*.\nLots of them.\n\nSecond para.\n\n"
		    "## Data\n<!-- roadbook:exercise fs-data-now -->\n3\n\n"
		    "<!-- roadbook:exercise fs-kind -->\nprecision engineering\n\n"
		    "<!-- roadbook:exercise fs-tech -->\n- Machine vision\n- cobots\n\n"
		    "<!-- roadbook:exercise fs-notes -->\n_Not answered yet._\n",
		    &p, &d) == 0);
	CHECK_STR(value_of(&p, "fs-why"), "We make pies.\nLots of them.\n\nSecond para.");
	CHECK_STR(value_of(&p, "fs-data-now"), "3");
	CHECK_STR(value_of(&p, "fs-kind"), "precision");
	CHECK_STR(value_of(&p, "fs-tech"), "cobots,vision");
	CHECK_STR(value_of(&p, "fs-notes"), "");
	rb_parsed_answers_free(&p);
	rb_diags_free(&d);

	/* a value the exercise refuses: file and line of its marker */
	CHECK(parse(c,
		    "# x\n\n<!-- roadbook:exercise fs-why -->\nok\n\n"
		    "<!-- roadbook:exercise fs-data-now -->\n\nbanana\n",
		    &p, &d) == 1);
	CHECK(d.n == 1 && d.v[0].line == 6 && strstr(d.v[0].message, "fs-data-now"));
	CHECK(d.n == 1 && strstr(d.v[0].message, "whole number from 0 to 3"));
	rb_parsed_answers_free(&p);
	rb_diags_free(&d);

	/* a damaged marker, a repeated id */
	CHECK(
	    parse(c,
		  "<!-- roadbook:exercise -->\nx\n\n<!-- roadbook:exrcise fs-why -->\n\n"
		  "<!-- roadbook:exercise fs-why -->\na\n\n<!-- roadbook:exercise fs-why -->\nb\n",
		  &p, &d) == 3);
	CHECK(d.n == 3 && d.v[0].line == 1 && d.v[1].line == 4 && d.v[2].line == 9);
	CHECK(d.n == 3 && strstr(d.v[2].message, "first on line 6"));
	rb_parsed_answers_free(&p);
	rb_diags_free(&d);

	/* invalid UTF-8 and NUL bytes */
	CHECK(parse(c, "ok\n\nbad \xff here\n", &p, &d) == 1);
	CHECK(d.n == 1 && d.v[0].line == 3);
	rb_parsed_answers_free(&p);
	rb_diags_free(&d);

	/* an exercise the curriculum does not have: kept as written */
	CHECK(parse(c, "<!-- roadbook:exercise gone-away -->\n\n```text\nold *words*\n```\n", &p,
		    &d) == 0);
	CHECK(p.n == 1 && !p.v[0].known);
	CHECK_STR(value_of(&p, "gone-away"), "old *words*");
	rb_parsed_answers_free(&p);
	rb_diags_free(&d);

	/* the archived file reads back exactly */
	const char *vals[] = {"a | b\n``` fence", "  spaced\n\n\nout"};
	struct rb_parsed_answers old = {0};
	rb_parsed_answers_add(&old, strdup("old-one"), strdup(vals[0]), 0, false);
	rb_parsed_answers_add(&old, strdup("old-two"), strdup(vals[1]), 0, false);
	char *md = rb_answers_md_archived(&old);
	rb_parsed_answers_free(&old);
	CHECK(parse(c, md, &p, &d) == 0);
	CHECK_STR(value_of(&p, "old-one"), vals[0]);
	CHECK_STR(value_of(&p, "old-two"), vals[1]);
	rb_parsed_answers_free(&p);
	rb_diags_free(&d);
	free(md);
	rb_curriculum_free(c);
}

static void test_readme(void)
{
	struct rb_curriculum *c = load(RB_SOURCE_DIR "/tests/fixtures/starter");
	char **answers = calloc(c->nexercises, sizeof *answers);
	struct rb_wb_meta m = {.name = "Sam `Taylor`",
			       .company = "Pies | Co # 1",
			       .email = "s@x",
			       .curriculum_id = "starter",
			       .curriculum_version = "1",
			       .created = "2026-11-01T09:00:00Z",
			       .updated = "2026-11-21T10:42:13.123Z"};
	char *md = rb_workbook_md(&m, c, answers);
	CHECK(md && strstr(md, "| [1. First steps](answers/01-first-steps.md) | 0 of "));
	struct rb_wb_meta back = {0};
	struct rb_diags d = {0};
	CHECK(rb_workbook_md_parse("README.md", md, strlen(md), &back, &d) == 0 && d.n == 0);
	CHECK_STR(back.name, "Sam  Taylor");
	CHECK_STR(back.company, "Pies | Co # 1");
	CHECK_STR(back.updated, m.updated);
	CHECK(back.sector == NULL);
	CHECK(rb_parse_iso_ms(back.updated) == 1795257733123LL);
	char iso[32];
	rb_iso_ms(1795257733123LL, iso);
	CHECK_STR(iso, "2026-11-21T10:42:13.123Z");
	rb_wb_meta_free(&back);
	rb_diags_free(&d);
	CHECK(rb_workbook_md_parse("README.md", "# Some project\n", 15, &back, &d) == 0 &&
	      d.n == 1);
	rb_diags_free(&d);
	free(md);
	free(answers);
	rb_curriculum_free(c);
}

/* One line escaped with the shortcut for plain text and through cmark: the same bytes. */
static int escape_differs(const char *s)
{
	char *a = rb_md_escape_inline(s), *b = rb_md_escape_inline_cmark(s);
	int bad = !a || !b || strcmp(a, b) != 0;
	if (bad)
		fprintf(stderr, "escaping [%s]: shortcut [%s], cmark [%s]\n", s, a ? a : "(null)",
			b ? b : "(null)");
	free(a);
	free(b);
	return bad;
}

static void test_escape_shortcut(void)
{
	static const char *const tricky[] = {"",
					     "plain words",
					     "1. a list",
					     "1.5 tonnes",
					     "12) item",
					     "12)x",
					     "3.x",
					     "-x",
					     "a - b",
					     "+1",
					     "=x",
					     "a = b",
					     "a & b",
					     "a &amp; b",
					     "x!",
					     "![img]",
					     "50% more",
					     "C++",
					     "#1",
					     "a#b",
					     "a_b",
					     "*bold*",
					     "[link]",
					     "<tag>",
					     "back\\slash",
					     "`code`",
					     "~~s~~",
					     "  lead",
					     "trail  ",
					     "tab\there",
					     "Caf\xc3\xa9 \xe2\x80\x93 dash",
					     "\xff bad",
					     "\xc0\x80 overlong",
					     "\xed\xa0\x80 surrogate",
					     "\xf4\x90\x80\x80 too high",
					     "del\x7f",
					     "\xc2\xa0nbsp",
					     "a|b",
					     "\"quoted\" 'single'",
					     "(round) {curly} $ @ ^",
					     "2026",
					     "10.",
					     "10)",
					     "7 steps",
					     "a\nb",
					     "a\r\nb",
					     "a\n\nb"};
	int bad = 0;
	for (size_t i = 0; i < sizeof tricky / sizeof *tricky; i++)
		bad += escape_differs(tricky[i]);
	/* and every title, prompt and label of the bundled curriculum */
	struct rb_curriculum *c = load(RB_SOURCE_DIR "/lessons");
	size_t n = 0;
	for (size_t m = 0; m < c->nmodules; m++, n++)
		bad += escape_differs(c->modules[m].title ? c->modules[m].title : "");
	for (size_t i = 0; i < c->nexercises; i++) {
		const struct rb_exercise *e = c->exercises[i];
		bad += escape_differs(e->prompt);
		n++;
		for (size_t k = 0; k < e->noptions; k++, n++)
			bad += escape_differs(e->options[k].label);
	}
	CHECK(bad == 0);
	CHECK(n > 100);
	rb_curriculum_free(c);
}

int main(void)
{
	setlocale(LC_ALL, "");
	rb_utf8_locale_init();
	RUN(test_hostile_values);
	RUN(test_demo_round_trip);
	RUN(test_kept_sections);
	RUN(test_hand_edits);
	RUN(test_readme);
	RUN(test_escape_shortcut);
	return HARNESS_EXIT();
}
