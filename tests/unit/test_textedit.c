/* test_textedit.c - the answer editor model: clusters, words, rows, wrap, paste, undo, size. */
#include "content/utf8.h"
#include "tests/unit/harness.h"
#include "tui/textedit.h"

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/unit/textedit_util.h"

/* ---- tests ------------------------------------------------------------------------------- */

static void test_empty_and_accessors(void)
{
	struct rb_textedit te;
	size_t r = 9, c = 9;

	rb_textedit_init(&te, 0);
	CHECK_STR(rb_textedit_text(&te), "");
	CHECK(rb_textedit_length(&te) == 0);
	CHECK(rb_textedit_cursor(&te) == 0);
	CHECK(!rb_textedit_modified(&te));
	CHECK_STR(rows_str(&te, 10), "");
	cursor_rc(&te, 10, &r, &c);
	CHECK(r == 0 && c == 0);
	CHECK(rb_textedit_move(&te, RB_TE_LEFT, 10, 1) == 0);
	CHECK(rb_textedit_move(&te, RB_TE_DOWN, 10, 1) == 0);
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_BACK) == 0);
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_ALL) == 0);
	CHECK(rb_textedit_undo(&te) == 0);
	CHECK(rb_textedit_insert(&te, NULL, 0) == 0);

	CHECK(ins(&te, "héllo") == 0);
	CHECK_STR(rb_textedit_text(&te), "héllo");
	CHECK(rb_textedit_length(&te) == 6);
	CHECK(rb_textedit_cursor(&te) == 6);
	CHECK(rb_textedit_modified(&te));
	rb_textedit_clear_modified(&te);
	CHECK(!rb_textedit_modified(&te));
	CHECK(rb_textedit_undo(&te) == 1);
	CHECK(rb_textedit_modified(&te));
	CHECK_STR(rb_textedit_text(&te), "");
	rb_textedit_done(&te);
	CHECK_STR(rb_textedit_text(&te), "");
}

static void test_set_text(void)
{
	struct rb_textedit te;

	rb_textedit_init(&te, 0);
	type_str(&te, "draft");
	CHECK(rb_textedit_set_text(&te, "saved\r\nanswer", 13) == 0);
	CHECK_STR(rb_textedit_text(&te), "saved\nanswer");
	CHECK(rb_textedit_cursor(&te) == 12); /* at the end */
	CHECK(!rb_textedit_modified(&te));
	CHECK(rb_textedit_undo(&te) == 0); /* history reset */
	CHECK(rb_textedit_set_text(&te,
				   "a\x1b"
				   "b",
				   3) == RB_TE_INS_DROPPED);
	CHECK_STR(rb_textedit_text(&te), "ab");
	rb_textedit_done(&te);
}

static void test_cluster_movement(void)
{
	/* a, e + COMBINING ACUTE, 日本語 (wide), 😀 (wide, 4 bytes), x */
	struct rb_textedit te;
	const size_t stops[] = {0, 1, 4, 7, 10, 13, 17, 18};
	const size_t cols[] = {0, 1, 2, 4, 6, 8, 10, 11};
	size_t r, c;

	set(&te, "ae\xcc\x81日本語😀x");
	CHECK(rb_textedit_length(&te) == 18);
	CHECK(mv(&te, RB_TE_TEXT_START) == 0);
	for (size_t i = 0; i < 8; i++) {
		CHECK(rb_textedit_cursor(&te) == stops[i]);
		cursor_rc(&te, W80, &r, &c);
		CHECK(r == 0 && c == cols[i]);
		CHECK(rb_textedit_move(&te, RB_TE_RIGHT, W80, 1) == (i < 7 ? 1 : 0));
	}
	for (size_t i = 8; i-- > 0;) {
		CHECK(rb_textedit_cursor(&te) == stops[i]);
		CHECK(rb_textedit_move(&te, RB_TE_LEFT, W80, 1) == (i > 0 ? 1 : 0));
	}
	/* set_cursor never lands inside a cluster or a code point */
	rb_textedit_set_cursor(&te, 3); /* between e and its accent */
	CHECK(rb_textedit_cursor(&te) == 1);
	rb_textedit_set_cursor(&te, 2);
	CHECK(rb_textedit_cursor(&te) == 1);
	rb_textedit_set_cursor(&te, 5); /* inside 日 */
	CHECK(rb_textedit_cursor(&te) == 4);
	rb_textedit_set_cursor(&te, 999);
	CHECK(rb_textedit_cursor(&te) == 18);
	rb_textedit_done(&te);

	/* a variation selector belongs to its heart; ZWJ joins the emoji before it */
	set(&te, "❤\xef\xb8\x8f!");
	CHECK(mv(&te, RB_TE_TEXT_START) == 0);
	CHECK(mv(&te, RB_TE_RIGHT) == 6);
	rb_textedit_done(&te);
}

static void test_cluster_delete(void)
{
	struct rb_textedit te;

	set(&te, "ae\xcc\x81日本語😀x");
	rb_textedit_set_cursor(&te, 4);
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_BACK) == 1); /* e and its accent together */
	CHECK_STR(rb_textedit_text(&te), "a日本語😀x");
	CHECK(rb_textedit_cursor(&te) == 1);
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_FORWARD) == 1);
	CHECK_STR(rb_textedit_text(&te), "a本語😀x");
	mv(&te, RB_TE_TEXT_END);
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_BACK) == 1);
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_BACK) == 1);
	CHECK_STR(rb_textedit_text(&te), "a本語");
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_FORWARD) == 0);
	rb_textedit_done(&te);
}

static void test_combining_after_newline(void)
{
	struct rb_textedit te;

	/* a mark right after a newline is a cluster of its own */
	set(&te, "\n\xcc\x81");
	CHECK(mv(&te, RB_TE_LEFT) == 1);
	CHECK(mv(&te, RB_TE_LEFT) == 0);
	/* typing a base before it makes a cluster: the cursor goes past the mark */
	rb_textedit_set_cursor(&te, 1);
	CHECK(ins(&te, "e") == 0);
	CHECK_STR(rb_textedit_text(&te), "\ne\xcc\x81");
	CHECK(rb_textedit_cursor(&te) == 4);
	rb_textedit_done(&te);

	/* joining the lines does the same */
	set(&te, "e\n\xcc\x81");
	rb_textedit_set_cursor(&te, 2);
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_BACK) == 1);
	CHECK_STR(rb_textedit_text(&te), "e\xcc\x81");
	CHECK(rb_textedit_cursor(&te) == 3);
	CHECK(rb_textedit_undo(&te) == 1);
	CHECK_STR(rb_textedit_text(&te), "e\n\xcc\x81");
	CHECK(rb_textedit_cursor(&te) == 2);
	rb_textedit_done(&te);
}

static void test_word_movement(void)
{
	struct rb_textedit te;

	set(&te, "foo, bar  baz-qux");
	mv(&te, RB_TE_TEXT_START);
	CHECK(mv(&te, RB_TE_WORD_RIGHT) == 3);
	CHECK(mv(&te, RB_TE_WORD_RIGHT) == 8);
	CHECK(mv(&te, RB_TE_WORD_RIGHT) == 13);
	CHECK(mv(&te, RB_TE_WORD_RIGHT) == 17);
	CHECK(rb_textedit_move(&te, RB_TE_WORD_RIGHT, W80, 1) == 0);
	CHECK(mv(&te, RB_TE_WORD_LEFT) == 14);
	CHECK(mv(&te, RB_TE_WORD_LEFT) == 10);
	CHECK(mv(&te, RB_TE_WORD_LEFT) == 5);
	CHECK(mv(&te, RB_TE_WORD_LEFT) == 0);
	CHECK(rb_textedit_move(&te, RB_TE_WORD_LEFT, W80, 1) == 0);
	rb_textedit_set_cursor(&te, 6); /* inside "bar" */
	CHECK(mv(&te, RB_TE_WORD_LEFT) == 5);
	rb_textedit_done(&te);

	/* non-ASCII letters are letters (needs the UTF-8 locale), across lines too */
	set(&te, "Größe über-Maß\n\nnäh 42");
	mv(&te, RB_TE_TEXT_START);
	CHECK(mv(&te, RB_TE_WORD_RIGHT) == 7);
	CHECK(mv(&te, RB_TE_WORD_RIGHT) == 13);
	CHECK(mv(&te, RB_TE_WORD_RIGHT) == 18);
	CHECK(mv(&te, RB_TE_WORD_RIGHT) == 24);
	CHECK(mv(&te, RB_TE_WORD_RIGHT) == 27); /* digits are word characters */
	CHECK(mv(&te, RB_TE_WORD_LEFT) == 25);
	CHECK(mv(&te, RB_TE_WORD_LEFT) == 20);
	CHECK(mv(&te, RB_TE_WORD_LEFT) == 14);
	rb_textedit_done(&te);

	/* a combining mark stays with its letter inside a word */
	set(&te, "cafe\xcc\x81 bar");
	mv(&te, RB_TE_TEXT_START);
	CHECK(mv(&te, RB_TE_WORD_RIGHT) == 6);
	rb_textedit_done(&te);
}

static void test_word_delete(void)
{
	struct rb_textedit te;

	set(&te, "foo, bar  baz");
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_WORD_BACK) == 1);
	CHECK_STR(rb_textedit_text(&te), "foo, bar  ");
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_WORD_BACK) == 1);
	CHECK_STR(rb_textedit_text(&te), "foo, ");
	CHECK(rb_textedit_cursor(&te) == 5);
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_WORD_BACK) == 1);
	CHECK_STR(rb_textedit_text(&te), "");
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_WORD_BACK) == 0);
	/* each word deletion is its own undo step */
	CHECK(rb_textedit_undo(&te) == 1);
	CHECK_STR(rb_textedit_text(&te), "foo, ");
	rb_textedit_done(&te);

	set(&te, "foo, bar  baz");
	mv(&te, RB_TE_TEXT_START);
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_WORD_FORWARD) == 1);
	CHECK_STR(rb_textedit_text(&te), ", bar  baz");
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_WORD_FORWARD) == 1);
	CHECK_STR(rb_textedit_text(&te), "  baz");
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_WORD_FORWARD) == 1);
	CHECK_STR(rb_textedit_text(&te), "");
	rb_textedit_done(&te);

	set(&te, "hello wörld");
	rb_textedit_set_cursor(&te, 2);
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_WORD_FORWARD) == 1);
	CHECK_STR(rb_textedit_text(&te), "he wörld");
	mv(&te, RB_TE_TEXT_END);
	rb_textedit_move(&te, RB_TE_LEFT, W80, 1);
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_WORD_BACK) == 1);
	CHECK_STR(rb_textedit_text(&te), "he d");
	rb_textedit_done(&te);
}

static void test_lines_and_kill(void)
{
	struct rb_textedit te;

	set(&te, "one\ntwo\nthree");
	rb_textedit_set_cursor(&te, 5);
	CHECK(mv(&te, RB_TE_LINE_START) == 4);
	CHECK(mv(&te, RB_TE_LINE_END) == 7);
	CHECK(rb_textedit_move(&te, RB_TE_LINE_END, W80, 1) == 0);
	CHECK(mv(&te, RB_TE_RIGHT) == 8); /* crosses the newline */
	CHECK(mv(&te, RB_TE_LEFT) == 7);

	rb_textedit_set_cursor(&te, 1);
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_LINE_END) == 1);
	CHECK_STR(rb_textedit_text(&te), "o\ntwo\nthree");
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_LINE_END) == 1); /* at the end: joins */
	CHECK_STR(rb_textedit_text(&te), "otwo\nthree");
	CHECK(rb_textedit_cursor(&te) == 1);
	mv(&te, RB_TE_TEXT_END);
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_LINE_END) == 0);

	CHECK(rb_textedit_delete(&te, RB_TE_DEL_ALL) == 1);
	CHECK_STR(rb_textedit_text(&te), "");
	CHECK(rb_textedit_undo(&te) == 1);
	CHECK_STR(rb_textedit_text(&te), "otwo\nthree");
	rb_textedit_done(&te);
}

static void test_up_down_preferred_column(void)
{
	struct rb_textedit te;

	set(&te, "0123456789\nab\n0123456789\n");
	rb_textedit_set_cursor(&te, 7);
	CHECK(mv(&te, RB_TE_DOWN) == 13); /* short line: its end */
	CHECK(mv(&te, RB_TE_DOWN) == 21); /* column 7 again */
	CHECK(mv(&te, RB_TE_DOWN) == 25); /* empty last row */
	CHECK(rb_textedit_move(&te, RB_TE_DOWN, W80, 1) == 0);
	CHECK(mv(&te, RB_TE_UP) == 21);
	CHECK(mv(&te, RB_TE_UP) == 13);
	CHECK(mv(&te, RB_TE_UP) == 7);
	CHECK(mv(&te, RB_TE_UP) == 0);    /* first row: start of text */
	CHECK(mv(&te, RB_TE_DOWN) == 13); /* the preferred column survived */
	CHECK(mv(&te, RB_TE_DOWN) == 21);
	CHECK(mv(&te, RB_TE_LEFT) == 20); /* a horizontal move resets it */
	CHECK(mv(&te, RB_TE_UP) == 13);
	CHECK(mv(&te, RB_TE_UP) == 6);
	/* typing resets it too */
	rb_textedit_set_cursor(&te, 9);
	mv(&te, RB_TE_DOWN);
	CHECK(rb_textedit_type(&te, 'x') == 0);
	CHECK(mv(&te, RB_TE_UP) == 3);
	rb_textedit_done(&te);

	/* wide characters: a column inside 本 lands before it */
	set(&te, "日本語\nabcdef");
	rb_textedit_set_cursor(&te, 13); /* column 3 */
	CHECK(mv(&te, RB_TE_UP) == 3);
	CHECK(mv(&te, RB_TE_DOWN) == 13);
	rb_textedit_done(&te);

	/* on wrapped rows (width 5: "aaaa |bbbb |cccc") */
	set(&te, "aaaa bbbb cccc");
	rb_textedit_set_cursor(&te, 2);
	CHECK(rb_textedit_move(&te, RB_TE_DOWN, 5, 1) == 1);
	CHECK(rb_textedit_cursor(&te) == 7);
	CHECK(rb_textedit_move(&te, RB_TE_DOWN, 5, 1) == 1);
	CHECK(rb_textedit_cursor(&te) == 12);
	CHECK(rb_textedit_move(&te, RB_TE_UP, 5, 1) == 1);
	CHECK(rb_textedit_cursor(&te) == 7);
	rb_textedit_done(&te);
}

static void test_rows_and_pages(void)
{
	struct rb_textedit te;
	char buf[512];
	size_t o = 0, r, c;

	set(&te, "hello world foo");
	rb_textedit_set_cursor(&te, 8);
	CHECK(rb_textedit_move(&te, RB_TE_ROW_START, 5, 1) == 1);
	CHECK(rb_textedit_cursor(&te) == 6);
	CHECK(rb_textedit_move(&te, RB_TE_ROW_END, 5, 1) == 1);
	CHECK(rb_textedit_cursor(&te) == 11); /* on the hanging space */
	cursor_rc(&te, 5, &r, &c);
	CHECK(r == 1 && c == 5);
	rb_textedit_set_cursor(&te, 13);
	CHECK(rb_textedit_move(&te, RB_TE_ROW_END, 5, 1) == 1);
	CHECK(rb_textedit_cursor(&te) == 15);
	/* mouse clicks */
	CHECK(rb_textedit_move_to_cell(&te, 5, 1, 2) == 1);
	CHECK(rb_textedit_cursor(&te) == 8);
	CHECK(rb_textedit_move_to_cell(&te, 5, 99, 0) == 1);
	CHECK(rb_textedit_cursor(&te) == 12);
	CHECK(rb_textedit_move_to_cell(&te, 5, 0, 99) == 1);
	CHECK(rb_textedit_cursor(&te) == 5);
	rb_textedit_done(&te);

	/* hard-broken word: the row's end is before its last character */
	set(&te, "abcdefghij");
	rb_textedit_set_cursor(&te, 5);
	CHECK(rb_textedit_move(&te, RB_TE_ROW_START, 4, 1) == 1);
	CHECK(rb_textedit_cursor(&te) == 4);
	CHECK(rb_textedit_move(&te, RB_TE_ROW_END, 4, 1) == 1);
	CHECK(rb_textedit_cursor(&te) == 7);
	cursor_rc(&te, 4, &r, &c);
	CHECK(r == 1 && c == 3);
	rb_textedit_done(&te);

	for (int i = 0; i < 30; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "line %02d\n", i);
	set(&te, buf);
	rb_textedit_set_cursor(&te, 3);
	CHECK(rb_textedit_move(&te, RB_TE_PAGE_DOWN, W80, 10) == 1);
	CHECK(rb_textedit_cursor(&te) == 83);
	CHECK(rb_textedit_move(&te, RB_TE_PAGE_DOWN, W80, 10) == 1);
	CHECK(rb_textedit_cursor(&te) == 163);
	CHECK(rb_textedit_move(&te, RB_TE_PAGE_DOWN, W80, 10) == 1);
	CHECK(rb_textedit_cursor(&te) == 240); /* the empty last row */
	CHECK(rb_textedit_move(&te, RB_TE_PAGE_DOWN, W80, 10) == 0);
	CHECK(rb_textedit_move(&te, RB_TE_PAGE_UP, W80, 10) == 1);
	CHECK(rb_textedit_cursor(&te) == 163);
	CHECK(rb_textedit_move(&te, RB_TE_PAGE_UP, W80, 100) == 1);
	CHECK(rb_textedit_cursor(&te) == 3);
	CHECK(rb_textedit_move(&te, RB_TE_PAGE_UP, W80, 0) == 1);
	CHECK(rb_textedit_cursor(&te) == 0);
	rb_textedit_done(&te);
}

static void test_wrap(void)
{
	struct rb_textedit te;
	const struct rb_te_row *rows;
	size_t n, r, c;

	set(&te, "hello world foo");
	CHECK_STR(rows_str(&te, 5), "hello|world|foo");
	CHECK_STR(rows_str(&te, 20), "hello world foo");
	CHECK_STR(rows_str(&te, 80), "hello world foo");
	CHECK_STR(rows_str(&te, 11), "hello world|foo");
	CHECK_STR(rows_str(&te, 10), "hello |world foo");
	CHECK_STR(rows_str(&te, 1), "h|e|l|l|o|w|o|r|l|d|f|o|o");
	CHECK_STR(rows_str(&te, 0), "h|e|l|l|o|w|o|r|l|d|f|o|o");
	rb_textedit_set_cursor(&te, 5); /* on the space hanging after "hello" */
	cursor_rc(&te, 5, &r, &c);
	CHECK(r == 0 && c == 5);
	rb_textedit_set_cursor(&te, 6);
	cursor_rc(&te, 5, &r, &c);
	CHECK(r == 1 && c == 0);
	rb_textedit_done(&te);

	set(&te, "abcdefghij");
	CHECK_STR(rows_str(&te, 4), "abcd|efgh|ij");
	rb_textedit_done(&te);

	set(&te, "aa bb cc");
	CHECK_STR(rows_str(&te, 6), "aa bb |cc");
	CHECK_STR(rows_str(&te, 5), "aa bb|cc");
	rb_textedit_done(&te);

	set(&te, "ab   cd");
	CHECK_STR(rows_str(&te, 4), "ab  |cd");
	rb_textedit_set_cursor(&te, 4);
	cursor_rc(&te, 4, &r, &c);
	CHECK(r == 0 && c == 4);
	rb_textedit_done(&te);

	/* wide characters are never split across the edge */
	set(&te, "ab日");
	CHECK_STR(rows_str(&te, 3), "ab|日");
	CHECK_STR(rows_str(&te, 4), "ab日");
	rb_textedit_done(&te);
	set(&te, "abc日本");
	CHECK_STR(rows_str(&te, 4), "abc|日本");
	rb_textedit_done(&te);

	/* width 1 with wide characters: one per row, wider than the width, and it ends */
	set(&te, "a日b本");
	CHECK_STR(rows_str(&te, 1), "a|日|b|本");
	CHECK(rb_textedit_layout(&te, 1, &rows, &n, &r, &c) == 0);
	CHECK(n == 4 && rows[1].width == 2 && rows[3].width == 2);
	CHECK(r == 3 && c == 2);
	CHECK(rb_textedit_move(&te, RB_TE_UP, 1, 1) == 1);
	CHECK(rb_textedit_cursor(&te) == 4);
	rb_textedit_done(&te);

	/* combining marks stay with their base */
	set(&te, "e\xcc\x81"
		 "e\xcc\x81"
		 "e\xcc\x81");
	CHECK_STR(rows_str(&te, 2), "e\xcc\x81"
				    "e\xcc\x81|e\xcc\x81");
	rb_textedit_done(&te);

	/* newlines: every line has a row, including an empty last one */
	set(&te, "abc\n");
	CHECK_STR(rows_str(&te, 10), "abc|");
	cursor_rc(&te, 10, &r, &c);
	CHECK(r == 1 && c == 0);
	rb_textedit_done(&te);
	set(&te, "\n\n");
	CHECK_STR(rows_str(&te, 10), "||");
	rb_textedit_done(&te);

	/* a full row: the cursor at its end is one past the last column */
	set(&te, "abcde");
	CHECK_STR(rows_str(&te, 5), "abcde");
	cursor_rc(&te, 5, &r, &c);
	CHECK(r == 0 && c == 5);
	rb_textedit_done(&te);
}

static void test_resize(void)
{
	struct rb_textedit te;
	const struct rb_te_row *rows;
	size_t n, r, c;
	const size_t widths[] = {20, 7, 1, 80, 3, 20};

	set(&te, "Our line stops twice a day because the feeder jams.\n\nWe tried 日本 "
		 "parts and e\xcc\x81 marks.");
	rb_textedit_set_cursor(&te, 30);
	for (size_t i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		CHECK(rb_textedit_layout(&te, widths[i], &rows, &n, &r, &c) == 0);
		CHECK(rb_textedit_cursor(&te) == 30);
		CHECK(r < n && rows[r].start <= 30);
		CHECK(r + 1 == n || rows[r + 1].start > 30);
		CHECK(layout_matches_fresh(&te, widths[i]));
	}
	CHECK_STR(rows_str(&te, 20),
		  "Our line stops twice|a day because the |feeder jams.||We tried 日本 parts |"
		  "and e\xcc\x81 marks.");
	rb_textedit_done(&te);
}

static void test_paste_normalisation(void)
{
	struct rb_textedit te;

	rb_textedit_init(&te, 0);
	CHECK(ins(&te, "a\r\nb\rc\n\r\n") == 0);
	CHECK_STR(rb_textedit_text(&te), "a\nb\nc\n\n");
	CHECK(rb_textedit_undo(&te) == 1); /* a paste is one step */
	CHECK_STR(rb_textedit_text(&te), "");

	CHECK(ins(&te, "\tx") == 0);
	CHECK_STR(rb_textedit_text(&te), "    x");
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_ALL) == 1);
	CHECK(ins(&te, "ab\tc\nabcd\t|") == 0);
	CHECK_STR(rb_textedit_text(&te), "ab  c\nabcd    |");
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_ALL) == 1);
	type_str(&te, "日");
	CHECK(rb_textedit_type(&te, '\t') == 0); /* column 2: two spaces to the stop */
	CHECK_STR(rb_textedit_text(&te), "日  ");
	CHECK(rb_textedit_type(&te, '\r') == 0);
	CHECK_STR(rb_textedit_text(&te), "日  \n");
	rb_textedit_done(&te);
}

static void test_invalid_utf8(void)
{
	struct rb_textedit te;
	const char fffd[] = "\xef\xbf\xbd";
	char want[64];

	rb_textedit_init(&te, 0);
	CHECK(ins(&te, "a\xff"
		       "b\xc3") == RB_TE_INS_REPLACED);
	snprintf(want, sizeof(want), "a%sb%s", fffd, fffd);
	CHECK_STR(rb_textedit_text(&te), want);
	CHECK(rb_utf8_valid(rb_textedit_text(&te), rb_textedit_length(&te), NULL));
	CHECK(ins(&te, fffd) == 0);                        /* a real U+FFFD is not a replacement */
	CHECK(ins(&te, "\xc0\xaf") == RB_TE_INS_REPLACED); /* overlong '/' */
	CHECK(ins(&te, "\xed\xa0\x80") == RB_TE_INS_REPLACED); /* a surrogate */
	CHECK(rb_utf8_valid(rb_textedit_text(&te), rb_textedit_length(&te), NULL));
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_ALL) == 1);
	CHECK(rb_textedit_type(&te, 0xD800) == RB_TE_INS_REPLACED);
	CHECK(rb_textedit_type(&te, 0x110000) == RB_TE_INS_REPLACED);
	snprintf(want, sizeof(want), "%s%s", fffd, fffd);
	CHECK_STR(rb_textedit_text(&te), want);
	rb_textedit_done(&te);
}

static void test_control_characters(void)
{
	struct rb_textedit te;
	const char in[] = "\x1b[31mred\x1b[0m\x07\x7f\xc2\x85\x00z\x1b]8;;http://x\x07!";

	rb_textedit_init(&te, 0);
	CHECK(rb_textedit_insert(&te, in, sizeof(in) - 1) == RB_TE_INS_DROPPED);
	CHECK_STR(rb_textedit_text(&te), "[31mred[0mz]8;;http://x!");
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_ALL) == 1);
	CHECK(rb_textedit_type(&te, 0x1b) == RB_TE_INS_DROPPED);
	CHECK(rb_textedit_type(&te, 0x9b) == RB_TE_INS_DROPPED); /* C1 CSI */
	CHECK(rb_textedit_type(&te, 0x08) == RB_TE_INS_DROPPED);
	CHECK(rb_textedit_type(&te, 0) == RB_TE_INS_DROPPED);
	CHECK(rb_textedit_length(&te) == 0);
	CHECK(ins(&te, "a\x1b"
		       "\xff") == (RB_TE_INS_DROPPED | RB_TE_INS_REPLACED));
	rb_textedit_done(&te);
}

static void test_max_length(void)
{
	struct rb_textedit te;

	rb_textedit_init(&te, 10);
	CHECK(ins(&te, "0123456789abcde") == RB_TE_INS_TRUNCATED);
	CHECK_STR(rb_textedit_text(&te), "0123456789");
	CHECK(rb_textedit_type(&te, 'x') == RB_TE_INS_TRUNCATED);
	CHECK_STR(rb_textedit_text(&te), "0123456789");
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_BACK) == 1);
	CHECK(rb_textedit_type(&te, 'x') == 0);
	CHECK_STR(rb_textedit_text(&te), "012345678x");
	CHECK(rb_textedit_set_text(&te, "abcdefghijkl", 12) == RB_TE_INS_TRUNCATED);
	CHECK_STR(rb_textedit_text(&te), "abcdefghij");
	rb_textedit_done(&te);

	/* never a partial code point */
	rb_textedit_init(&te, 4);
	CHECK(ins(&te, "aé日") == RB_TE_INS_TRUNCATED);
	CHECK_STR(rb_textedit_text(&te), "aé");
	CHECK(rb_textedit_type(&te, 0x65E5) == RB_TE_INS_TRUNCATED);
	CHECK_STR(rb_textedit_text(&te), "aé");
	CHECK(rb_textedit_type(&te, '\t') == RB_TE_INS_TRUNCATED); /* 1 of 2 spaces fits */
	CHECK_STR(rb_textedit_text(&te), "aé ");
	rb_textedit_done(&te);
}

static void test_undo_grouping(void)
{
	struct rb_textedit te;

	rb_textedit_init(&te, 0);
	type_str(&te, "hello world");
	CHECK(rb_textedit_undo(&te) == 1);
	CHECK_STR(rb_textedit_text(&te), "hello ");
	CHECK(rb_textedit_cursor(&te) == 6);
	CHECK(rb_textedit_undo(&te) == 1);
	CHECK_STR(rb_textedit_text(&te), "");
	CHECK(rb_textedit_undo(&te) == 0);
	CHECK(rb_textedit_redo(&te) == 1);
	CHECK_STR(rb_textedit_text(&te), "hello ");
	CHECK(rb_textedit_redo(&te) == 1);
	CHECK_STR(rb_textedit_text(&te), "hello world");
	CHECK(rb_textedit_cursor(&te) == 11);
	CHECK(rb_textedit_redo(&te) == 0);

	/* typing after an undo cannot be merged into the undone step and drops the redo */
	CHECK(rb_textedit_undo(&te) == 1);
	type_str(&te, "there");
	CHECK_STR(rb_textedit_text(&te), "hello there");
	CHECK(rb_textedit_redo(&te) == 0);
	CHECK(rb_textedit_undo(&te) == 1);
	CHECK_STR(rb_textedit_text(&te), "hello ");
	rb_textedit_done(&te);

	/* a move closes the group; a newline is a step of its own */
	rb_textedit_init(&te, 0);
	type_str(&te, "ab");
	mv(&te, RB_TE_LEFT);
	mv(&te, RB_TE_RIGHT);
	type_str(&te, "cd\nef");
	CHECK(rb_textedit_undo(&te) == 1);
	CHECK_STR(rb_textedit_text(&te), "abcd\n");
	CHECK(rb_textedit_undo(&te) == 1);
	CHECK_STR(rb_textedit_text(&te), "abcd");
	CHECK(rb_textedit_undo(&te) == 1);
	CHECK_STR(rb_textedit_text(&te), "ab");
	rb_textedit_break_undo_group(&te);
	type_str(&te, "x");
	rb_textedit_break_undo_group(&te);
	type_str(&te, "y");
	CHECK(rb_textedit_undo(&te) == 1);
	CHECK_STR(rb_textedit_text(&te), "abx");
	rb_textedit_done(&te);

	/* repeated Backspace and repeated Delete undo as one step each */
	set(&te, "abcdef");
	for (int i = 0; i < 3; i++)
		CHECK(rb_textedit_delete(&te, RB_TE_DEL_BACK) == 1);
	CHECK_STR(rb_textedit_text(&te), "abc");
	mv(&te, RB_TE_TEXT_START);
	for (int i = 0; i < 2; i++)
		CHECK(rb_textedit_delete(&te, RB_TE_DEL_FORWARD) == 1);
	CHECK_STR(rb_textedit_text(&te), "c");
	CHECK(rb_textedit_undo(&te) == 1);
	CHECK_STR(rb_textedit_text(&te), "abc");
	CHECK(rb_textedit_cursor(&te) == 0);
	CHECK(rb_textedit_undo(&te) == 1);
	CHECK_STR(rb_textedit_text(&te), "abcdef");
	CHECK(rb_textedit_cursor(&te) == 6);
	CHECK(rb_textedit_undo(&te) == 0);
	CHECK(rb_textedit_redo(&te) == 1);
	CHECK_STR(rb_textedit_text(&te), "abc");
	CHECK(rb_textedit_cursor(&te) == 3);
	rb_textedit_done(&te);

	/* typing does not merge into a deletion, nor a deletion into typing */
	rb_textedit_init(&te, 0);
	type_str(&te, "abc");
	CHECK(rb_textedit_delete(&te, RB_TE_DEL_BACK) == 1);
	type_str(&te, "d");
	CHECK(rb_textedit_undo(&te) == 1);
	CHECK_STR(rb_textedit_text(&te), "ab");
	CHECK(rb_textedit_undo(&te) == 1);
	CHECK_STR(rb_textedit_text(&te), "abc");
	rb_textedit_done(&te);
}

static void test_no_curses(void)
{
	const char *files[] = {RB_SOURCE_DIR "/tui/textedit.c", RB_SOURCE_DIR "/tui/textedit.h"};
	for (size_t i = 0; i < 2; i++) {
		FILE *f = fopen(files[i], "r");
		char line[512];
		bool found = false;
		CHECK(f != NULL);
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f))
			if (strstr(line, "#include") && strstr(line, "curses"))
				found = true;
		fclose(f);
		CHECK(!found);
	}
}

int main(void)
{
	setlocale(LC_ALL, "");
	rb_utf8_locale_init();

	RUN(test_empty_and_accessors);
	RUN(test_set_text);
	RUN(test_cluster_movement);
	RUN(test_cluster_delete);
	RUN(test_combining_after_newline);
	RUN(test_word_movement);
	RUN(test_word_delete);
	RUN(test_lines_and_kill);
	RUN(test_up_down_preferred_column);
	RUN(test_rows_and_pages);
	RUN(test_wrap);
	RUN(test_resize);
	RUN(test_paste_normalisation);
	RUN(test_invalid_utf8);
	RUN(test_control_characters);
	RUN(test_max_length);
	RUN(test_undo_grouping);
	RUN(test_no_curses);
	return HARNESS_EXIT();
}
