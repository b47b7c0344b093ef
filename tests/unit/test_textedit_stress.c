/* test_textedit_stress.c - the answer editor model at scale: undo bounded in memory, the
 * incrementally kept layout checked against a fresh one over random edits, and typing 100 KB. */
#include "tests/unit/harness.h"
#include "tests/unit/textedit_util.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

static void test_undo_bounded(void)
{
	struct rb_textedit te;
	size_t undos = 0;
	char *big;
	const size_t mib = 1024 * 1024;

	rb_textedit_init(&te, 0);
	for (int i = 0; i < RB_TE_UNDO_MAX_STEPS + 50; i++) {
		rb_textedit_type(&te, 'a');
		rb_textedit_break_undo_group(&te);
	}
	while (rb_textedit_undo(&te) == 1)
		undos++;
	CHECK(undos == RB_TE_UNDO_MAX_STEPS);
	CHECK(rb_textedit_length(&te) == 50);
	rb_textedit_done(&te);

	/* by bytes: nine 1 MiB pastes keep the newest 8 MiB */
	big = malloc(mib);
	CHECK(big != NULL);
	if (!big)
		return;
	memset(big, 'x', mib);
	rb_textedit_init(&te, 0);
	for (int i = 0; i < 9; i++)
		CHECK(rb_textedit_insert(&te, big, mib) == 0);
	undos = 0;
	while (rb_textedit_undo(&te) == 1)
		undos++;
	CHECK(undos == RB_TE_UNDO_MAX_BYTES / mib);
	CHECK(rb_textedit_length(&te) == 9 * mib - undos * mib);
	free(big);
	rb_textedit_done(&te);
}

/* Random edits at fixed widths: the incrementally maintained layout must always equal a fresh
 * one, the cursor must stay on a cluster boundary and the text valid UTF-8. */
static void test_incremental_layout_random(void)
{
	static const char *pieces[] = {"a",
				       "b",
				       " ",
				       "  ",
				       "\n",
				       "日",
				       "e\xcc\x81",
				       "\xcc\x81",
				       "😀",
				       "word ",
				       "longwordlongword",
				       "\t",
				       "x y\nz"};
	static const size_t widths[] = {1, 2, 3, 5, 8, 13, 40};
	uint32_t rng = 12345;
	size_t mismatches = 0, invalid = 0;

	for (size_t wi = 0; wi < sizeof(widths) / sizeof(widths[0]); wi++) {
		struct rb_textedit te;
		rb_textedit_init(&te, 0);
		for (int step = 0; step < 1500; step++) {
			uint32_t op;
			rng ^= rng << 13;
			rng ^= rng >> 17;
			rng ^= rng << 5;
			op = rng % 16;
			if (op < 7) {
				ins(&te, pieces[(rng >> 8) % (sizeof(pieces) / sizeof(pieces[0]))]);
			} else if (op < 9) {
				rb_textedit_set_cursor(&te,
						       (rng >> 8) % (rb_textedit_length(&te) + 1));
			} else if (op == 9) {
				rb_textedit_delete(&te, RB_TE_DEL_BACK);
			} else if (op == 10) {
				rb_textedit_delete(&te, RB_TE_DEL_FORWARD);
			} else if (op == 11) {
				rb_textedit_delete(&te, (rng >> 8) % 2 ? RB_TE_DEL_WORD_BACK
								       : RB_TE_DEL_LINE_END);
			} else if (op == 12) {
				rb_textedit_undo(&te);
			} else if (op == 13) {
				rb_textedit_redo(&te);
			} else if (op == 14) {
				rb_textedit_type(&te, (rng >> 8) % 3 ? 'q' : ' ');
			} else {
				rb_textedit_move(&te, (enum rb_te_move)((rng >> 8) % 14),
						 widths[wi], 3);
			}
			if (!layout_matches_fresh(&te, widths[wi]))
				mismatches++;
			if (!rb_utf8_valid(rb_textedit_text(&te), rb_textedit_length(&te), NULL))
				invalid++;
			if (rb_textedit_length(&te) > 3000)
				rb_textedit_delete(&te, RB_TE_DEL_ALL);
		}
		rb_textedit_done(&te);
	}
	CHECK(mismatches == 0);
	CHECK(invalid == 0);
	if (mismatches)
		fprintf(stderr, "  %zu layout mismatches\n", mismatches);
}

/* ~100 KB of prose: paragraphs of ~400 bytes, or one long line. */
static char *make_prose(size_t target, bool newlines, size_t *len)
{
	static const char *words[] = {"the",   "feeder", "jams",   "twice", "a",      "day,",
				      "Größe", "über",   "日本語", "so",    "we",     "stop",
				      "line",  "3",      "and",    "lose",  "output."};
	char *s = malloc(target + 64);
	size_t o = 0, since_nl = 0;
	uint32_t rng = 1;

	if (!s)
		return NULL;
	while (o < target) {
		const char *w;
		size_t n;

		rng = rng * 1103515245u + 12345u; /* a fixed pseudo-random word order */
		w = words[(rng >> 16) % (sizeof(words) / sizeof(words[0]))];
		n = strlen(w);
		memcpy(s + o, w, n);
		o += n;
		since_nl += n + 1;
		if (newlines && since_nl > 400) {
			s[o++] = '\n';
			s[o++] = '\n';
			since_nl = 0;
		} else {
			s[o++] = ' ';
		}
	}
	s[o] = '\0';
	*len = o;
	return s;
}

static void time_typing(const char *what, bool newlines)
{
	struct rb_textedit te;
	size_t len, r, c;
	char *s = make_prose(100 * 1024, newlines, &len);
	double t0, t1, t2, t3;
	const int keys = 2000;

	CHECK(s != NULL);
	if (!s)
		return;
	rb_textedit_init(&te, 0);
	CHECK(rb_textedit_set_text(&te, s, len) == 0);
	t0 = now_us();
	CHECK(rb_textedit_layout(&te, W80, NULL, NULL, NULL, NULL) == 0);
	t1 = now_us();
	rb_textedit_set_cursor(&te, len / 2);
	for (int i = 0; i < keys; i++) {
		rb_textedit_type(&te, i % 6 == 5 ? ' ' : 'a' + (uint32_t)(i % 26));
		rb_textedit_layout(&te, W80, NULL, NULL, &r, &c);
	}
	t2 = now_us();
	for (int i = 0; i < keys; i++) {
		rb_textedit_delete(&te, RB_TE_DEL_BACK);
		rb_textedit_layout(&te, W80, NULL, NULL, &r, &c);
	}
	t3 = now_us();
	CHECK(rb_textedit_length(&te) == len);
	CHECK_STR(rb_textedit_text(&te), s);
	CHECK(layout_matches_fresh(&te, W80));
	fprintf(stderr,
		"  100 KB %s: full layout %.0f us; per keystroke (edit + layout): type %.2f us, "
		"backspace %.2f us\n",
		what, t1 - t0, (t2 - t1) / keys, (t3 - t2) / keys);
	/* undo everything typed and deleted in two steps' worth of groups, still exact */
	while (rb_textedit_undo(&te) == 1)
		;
	CHECK_STR(rb_textedit_text(&te), s);
	rb_textedit_done(&te);
	free(s);
}

static void test_100kb(void)
{
	time_typing("paragraphs", true);
	time_typing("single line", false);
}

int main(void)
{
	setlocale(LC_ALL, "");
	rb_utf8_locale_init();

	RUN(test_undo_bounded);
	RUN(test_incremental_layout_random);
	RUN(test_100kb);
	return HARNESS_EXIT();
}
