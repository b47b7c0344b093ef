/* test_strategy.c - the assembled strategy document: sections in order, every exercise under its
 * section, answers that look like markdown or HTML stay text (checked by parsing the output
 * back with cmark), unanswered markers that can be left out, byte-identical output. */
#include "harness.h"

#include "content/answer.h"
#include "content/strategy.h"
#include "content/utf8.h"
#include "store/demo.h"

#include <cmark.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

/* rb_strategy_markdown_cached gives rb_strategy_markdown's bytes, whatever it kept. */
static void same_cached(const struct rb_curriculum *c, char **answers,
			const struct rb_strategy_info *info, unsigned flags,
			struct rb_strategy_cache *sc)
{
	char *whole = rb_strategy_markdown(c, answers, info, flags);
	char *parts = rb_strategy_markdown_cached(c, answers, info, flags, sc);
	CHECK(whole && parts && strcmp(whole, parts) == 0);
	free(whole);
	free(parts);
}

static long index_of(const struct rb_curriculum *c, const char *id)
{
	for (size_t i = 0; i < c->nexercises; i++)
		if (!strcmp(c->exercises[i]->id, id))
			return (long)i;
	return -1;
}

/* The bundled curriculum with the demo's answers, then answers changed, cleared, made
 * hostile, one by one: the parts kept between calls never show in the output. */
static void test_cached(void)
{
	struct rb_curriculum *c = NULL;
	struct rb_diags d = {0};
	struct rb_demo demo = {0};
	char *err = NULL;
	CHECK(rb_curriculum_load(RB_SOURCE_DIR "/lessons", &c, &d) == 0 && d.n == 0);
	CHECK(rb_demo_load(RB_SOURCE_DIR "/demo/morgan-fine-foods.json", &demo, &err) == 0);
	free(err);
	if (!c || !demo.n)
		return;
	char **answers = calloc(c->nexercises, sizeof *answers);
	struct rb_strategy_info info = {.name = "Morgan", .company = "Morgan Fine Foods"};
	struct rb_strategy_cache *sc = rb_strategy_cache_new();
	same_cached(c, answers, &info, 0, sc); /* nothing answered, nothing kept */
	for (size_t k = 0; k < demo.n; k++) {
		long i = index_of(c, demo.ids[k]);
		err = NULL;
		if (i >= 0 &&
		    rb_answer_normalize(c, c->exercises[i], demo.values[k], &answers[i], &err) != 0)
			answers[i] = NULL;
		free(err);
	}
	same_cached(c, answers, &info, 0, sc);
	same_cached(c, answers, &info, 0, sc); /* every part from the cache */
	same_cached(c, answers, &info, RB_STRATEGY_OMIT_UNANSWERED, sc);
	const char *texts[] = {"~~~\nnot a fence", "# not a heading\n\n- not a list", "",
			       "plain words"};
	for (size_t i = 0, n = 0; i < c->nexercises; i++) {
		if (c->exercises[i]->type != RB_EX_TEXT)
			continue;
		free(answers[i]);
		answers[i] = texts[n % 4][0] ? strdup(texts[n % 4]) : NULL; /* "" clears */
		n++;
		if (n % 5 == 0)
			same_cached(c, answers, &info, 0, sc);
	}
	same_cached(c, answers, &info, 0, sc);
	/* the roadmap's part is kept with the table and the grant's share: a change to either
	 * shows (the demo's grant share, then another, then the table cleared) */
	long rm = c->roadmap ? index_of(c, c->roadmap) : -1;
	long grant = c->match_funding ? index_of(c, c->match_funding) : -1;
	CHECK(rm >= 0 && grant >= 0);
	if (grant >= 0) {
		same_cached(c, answers, &info, 0, sc);
		char *was = answers[grant];
		answers[grant] = strdup("50");
		same_cached(c, answers, &info, 0, sc);
		free(answers[grant]);
		answers[grant] = was;
		same_cached(c, answers, &info, 0, sc);
	}
	/* the readiness profile is kept with the dimensions' scales: each one changed shows */
	for (size_t i = 0, n = 0; i < c->nexercises && n < 3; i++) {
		if (!c->exercises[i]->dimension)
			continue;
		free(answers[i]);
		answers[i] = strdup(n % 2 ? "1" : "5");
		same_cached(c, answers, &info, 0, sc);
		n++;
	}
	if (rm >= 0) {
		free(answers[rm]);
		answers[rm] = NULL;
		same_cached(c, answers, &info, 0, sc);
	}
	same_cached(c, answers, &info, 0, NULL);
	/* the same cache for another curriculum: nothing kept for the first shows */
	struct rb_curriculum *c2 = NULL;
	struct rb_diags d2 = {0};
	CHECK(rb_curriculum_load(RB_SOURCE_DIR "/tests/fixtures/starter", &c2, &d2) == 0 && !d2.n);
	if (c2) {
		char **none = calloc(c2->nexercises + 1, sizeof *none);
		same_cached(c2, none, &info, 0, sc);
		same_cached(c2, none, &info, 0, sc);
		free(none);
		same_cached(c, answers, &info, 0, sc); /* and back */
	}
	rb_curriculum_free(c2);
	rb_diags_free(&d2);
	for (size_t i = 0; i < c->nexercises; i++)
		free(answers[i]);
	free(answers);
	rb_strategy_cache_free(sc);
	rb_demo_free(&demo);
	rb_curriculum_free(c);
	rb_diags_free(&d);
}

static void count(const char *md, int *headings, int *html, int *rules)
{
	cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	*headings = *html = *rules = 0;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node_type t = cmark_node_get_type(cmark_iter_get_node(it));
		*headings += t == CMARK_NODE_HEADING;
		*html += t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE;
		*rules += t == CMARK_NODE_THEMATIC_BREAK;
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
}

int main(void)
{
	setlocale(LC_ALL, "");
	rb_utf8_locale_init();
	test_cached();
	struct rb_curriculum *c = NULL;
	struct rb_diags d = {0};
	if (rb_curriculum_load(RB_SOURCE_DIR "/tests/fixtures/starter", &c, &d) < 0 || d.n)
		return 1;
	char **answers = calloc(c->nexercises, sizeof *answers);
	/* Readiness scales are summarised in one "Readiness profile" heading, not listed. */
	int listed = 1;
	for (size_t i = 0; i < c->nexercises; i++)
		listed += c->exercises[i]->dimension == NULL;
	struct rb_strategy_info info = {.name = "Sam <Taylor>", .company = "# Pies & Co"};

	char *md = rb_strategy_markdown(c, answers, &info, 0);
	int h, html, rules;
	count(md, &h, &html, &rules);
	CHECK(h == 1 + (int)c->nsections + listed);
	CHECK(strstr(md, "*Not answered yet.*") != NULL);
	CHECK(strstr(md, "## Vision") < strstr(md, "## Plan"));
	free(md);
	md = rb_strategy_markdown(c, answers, &info, RB_STRATEGY_OMIT_UNANSWERED);
	count(md, &h, &html, &rules);
	CHECK(h == 1 + (int)c->nsections + 1);
	CHECK(strstr(md, "Not answered") == NULL);
	CHECK(strstr(md, "**Data and analytics** — not assessed yet.") != NULL);
	free(md);

	/* Hostile answers in every kind of field. */
	const char *hostile = "# Not a heading\n---\n<script>alert(1)</script>\n* not a list\n"
			      "[link](javascript:x) `code` **bold**\n\n1. not numbered";
	for (size_t i = 0; i < c->nexercises; i++) {
		const struct rb_exercise *e = c->exercises[i];
		const char *in = e->type == RB_EX_TEXT ? hostile
				 : e->type == RB_EX_TABLE
				     ? "<b>x</b> \\| # y | now | 2027-Q1 | 5 | data"
				 : e->type == RB_EX_SCALE  ? "1"
				 : e->type == RB_EX_NUMBER ? "12"
							   : "1";
		char *err = NULL;
		CHECK(rb_answer_normalize(c, e, in, &answers[i], &err) == 0);
		free(err);
	}
	md = rb_strategy_markdown(c, answers, &info, 0);
	count(md, &h, &html, &rules);
	CHECK(h == 1 + (int)c->nsections + listed);
	CHECK(html == 0);
	CHECK(rules == 0);
	CHECK(strstr(md, "Not answered") == NULL);
	char *again = rb_strategy_markdown(c, answers, &info, 0);
	CHECK(again && strcmp(md, again) == 0);
	char *page = rb_strategy_html(c, answers, &info, 0);
	CHECK(page && strstr(page, "<script>") == NULL && strstr(page, "&lt;script&gt;") != NULL);
	CHECK(page && strstr(page, "Sam &lt;Taylor&gt;") != NULL);
	free(page);
	free(again);
	free(md);

	/* Escape sequences in every kind of answer are refused or stored without them, and none
	 * reaches the document. */
	const char *esc = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\xc2\x9b"
			  "31m";
	for (size_t i = 0; i < c->nexercises; i++) {
		const struct rb_exercise *e = c->exercises[i];
		char in[256];
		snprintf(in, sizeof in, "%s%s",
			 e->type == RB_EX_TABLE    ? "x | now | 2027-Q1 | 5 | data"
			 : e->type == RB_EX_TEXT   ? "text "
			 : e->type == RB_EX_NUMBER ? "12"
						   : "1",
			 esc);
		char *canon = NULL, *err = NULL;
		int rc = rb_answer_normalize(c, e, in, &canon, &err);
		CHECK(rc == 1 || (rc == 0 && !strchr(canon, 0x1b)));
		if (rc == 0) {
			free(answers[i]);
			answers[i] = canon;
		} else {
			free(canon);
		}
		free(err);
	}
	md = rb_strategy_markdown(c, answers, &info, 0);
	CHECK(md && !strchr(md, 0x1b) && !strstr(md, "\xc2\x9b"));
	free(md);

	/* A 100 KB answer: assembled whole, still one paragraph per paragraph typed. */
	size_t big = 100 * 1024;
	char *huge = malloc(big + 1);
	for (size_t i = 0; i < big; i++)
		huge[i] = i % 1000 == 999 ? '\n' : "word # <b> "[i % 11];
	huge[big] = '\0';
	free(answers[0]);
	answers[0] = huge;
	md = rb_strategy_markdown(c, answers, &info, 0);
	CHECK(md && strlen(md) > big);
	count(md, &h, &html, &rules);
	CHECK(html == 0 && h == 1 + (int)c->nsections + listed);
	free(md);
	for (size_t i = 0; i < c->nexercises; i++)
		free(answers[i]);
	free(answers);
	rb_curriculum_free(c);
	rb_diags_free(&d);
	return HARNESS_EXIT();
}
