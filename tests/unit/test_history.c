/* test_history.c - word-level differences through libgit2: the marked words rebuild both texts
 * exactly (checked on fixed cases and on random ones), rewrites read as one removal and one
 * addition, and answers compare by exercise id. */
#include "content/utf8.h"
#include "harness.h"
#include "store/history.h"

#include <git2.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

/* Rebuilds the older (side -1) or newer (side 1) text from the segments. */
static char *rebuild(const struct rb_seg *s, size_t n, int side)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += strlen(s[i].text);
	char *out = calloc(len + 1, 1);
	for (size_t i = 0; i < n; i++)
		if (s[i].op == RB_SEG_SAME || (int)s[i].op == side)
			strcat(out, s[i].text);
	return out;
}

static void both_sides(const char *a, const char *b)
{
	struct rb_seg *s = NULL;
	size_t n = 0;
	CHECK(rb_word_diff(a, b, &s, &n) == 0);
	char *ra = rebuild(s, n, RB_SEG_DEL), *rb = rebuild(s, n, RB_SEG_ADD);
	CHECK_STR(ra, a);
	CHECK_STR(rb, b);
	for (size_t i = 1; i < n; i++)
		CHECK(!(s[i].op == s[i - 1].op)); /* neighbours never share an op */
	free(ra);
	free(rb);
	rb_segs_free(s, n);
}

static void test_words(void)
{
	struct rb_seg *s;
	size_t n;
	CHECK(rb_word_diff("a b c", "a x c", &s, &n) == 0);
	CHECK(n == 4);
	CHECK(n == 4 && s[0].op == RB_SEG_SAME && !strcmp(s[0].text, "a "));
	CHECK(n == 4 && s[1].op == RB_SEG_DEL && !strcmp(s[1].text, "b"));
	CHECK(n == 4 && s[2].op == RB_SEG_ADD && !strcmp(s[2].text, "x"));
	CHECK(n == 4 && s[3].op == RB_SEG_SAME && !strcmp(s[3].text, " c"));
	rb_segs_free(s, n);
	/* a rewritten stretch: one removal, one addition, not word by word */
	CHECK(rb_word_diff("we grow our sales fast", "we double exports now", &s, &n) == 0);
	CHECK(n == 3 && s[1].op == RB_SEG_DEL && !strcmp(s[1].text, "grow our sales fast"));
	CHECK(n == 3 && s[2].op == RB_SEG_ADD && !strcmp(s[2].text, "double exports now"));
	rb_segs_free(s, n);
	CHECK(rb_word_diff("same", "same", &s, &n) == 0);
	CHECK(n == 1 && s[0].op == RB_SEG_SAME);
	rb_segs_free(s, n);
	CHECK(rb_word_diff("", "", &s, &n) == 0 && n == 0);
	rb_segs_free(s, n);
	both_sides("", "new words");
	both_sides("old words", "");
	both_sides("Line one\nline two\n\nthird", "Line one\nline 2\nthird\n");
	both_sides("café crème 🚀 £12,500", "café noir 🚀 £13,000");
	both_sides("a | b\nc | d", "a | b\nc | e\nf | g");
	both_sides("\x01\x01 odd bytes \x7f", "\x01 odd\x01 bytes");
	/* random texts from a small alphabet, so that they share words */
	const char *alpha[] = {"a", "b", "c", " ", " ", "\n", "é", "|", ".", "xy"};
	srand(7);
	for (int k = 0; k < 400; k++) {
		char a[200] = "", b[200] = "";
		int na = rand() % 40, nb = rand() % 40;
		for (int i = 0; i < na; i++)
			strcat(a, alpha[rand() % 10]);
		for (int i = 0; i < nb; i++)
			strcat(b, alpha[rand() % 10]);
		both_sides(a, b);
	}
}

static void test_compare(void)
{
	struct rb_curriculum *c = NULL;
	struct rb_diags d = {0};
	CHECK(rb_curriculum_load(RB_SOURCE_DIR "/tests/fixtures/starter", &c, &d) == 0 && !d.n);
	struct rb_parsed_answer va[] = {{"fs-why", "old reason", 1, true},
					{"fs-data-now", "1", 2, true},
					{"gone", "archived", 3, false},
					{"fs-kind", "food", 4, true}};
	struct rb_parsed_answer vb[] = {{"fs-why", "new reason", 1, true},
					{"fs-data-now", "1", 2, true},
					{"plan-budget", "5000", 3, true},
					{"fs-kind", "", 4, true}};
	struct rb_parsed_answers a = {va, 4, 4}, b = {vb, 4, 4};
	struct rb_changes ch;
	CHECK(rb_history_compare(c, &a, &b, &ch) == 0);
	CHECK(ch.n == 4);
	if (ch.n == 4) {
		CHECK_STR(ch.v[0].id, "fs-why");
		CHECK(ch.v[0].kind == RB_CHANGE_CHANGED);
		CHECK_STR(ch.v[1].id, "fs-kind");
		CHECK(ch.v[1].kind == RB_CHANGE_REMOVED);
		CHECK_STR(ch.v[1].before, "Food and drink"); /* the label, not the id */
		CHECK_STR(ch.v[2].id, "plan-budget");
		CHECK(ch.v[2].kind == RB_CHANGE_ADDED);
		CHECK_STR(ch.v[3].id, "gone");
		CHECK(ch.v[3].index == -1 && ch.v[3].kind == RB_CHANGE_REMOVED);
	}
	rb_changes_free(&ch);
	rb_curriculum_free(c);
}

int main(void)
{
	setlocale(LC_ALL, "");
	rb_utf8_locale_init();
	git_libgit2_init();
	RUN(test_words);
	RUN(test_compare);
	git_libgit2_shutdown();
	return HARNESS_EXIT();
}
