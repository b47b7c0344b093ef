/* fuzz_render.c - libFuzzer harness for the markdown renderer (content/render.h): markdown,
 * plain and styled text wrapped at several widths, and the lines written out.
 *
 * Input: byte 0 chooses the width (bits 0-2: 1, 10, 20, 40, 80, 200, 7, 33) and the entry point
 * (bits 3-4: rb_render_markdown, rb_render_document on a document parsed with
 * CMARK_OPT_SMART, rb_wrap_plain, rb_wrap_styled), bit 5 ANSI or plain output; byte 1 the
 * indent and byte 2 the style for the wrapping functions; the rest is the text (for
 * rb_wrap_styled cut into runs at each 0x1F byte, the byte after it giving the run's style).
 *
 * Checked on every line (render.h): sanitised, valid UTF-8 with no '\n'; len and cols match the
 * text; cols within the width (below RB_RENDER_MIN_WIDTH counts as that); spans sorted,
 * non-empty, non-overlapping and inside the text; block lines empty with a block_index, other
 * lines -1; heading levels 1-6; block_index counts 0, 1, 2, ... in order. rb_lines_write writes
 * a line for every line but blocks (a blank line beside a block may go), valid UTF-8, and no
 * escape sequence but SGR ones of its own (none at all without ANSI). */
#include "content/render.h"
#include "content/sanitize.h"
#include "content/utf8.h"
#include "fuzz_util.h"

#include <cmark.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init();
	return 0;
}

static void check_lines(const struct rb_lines *l, int width)
{
	unsigned w = width < RB_RENDER_MIN_WIDTH ? RB_RENDER_MIN_WIDTH : (unsigned)width;
	int next_block = 0;
	FUZZ_CHECK(l->n <= l->cap);
	for (size_t i = 0; i < l->n; i++) {
		const struct rb_line *ln = &l->v[i];
		FUZZ_CHECK(ln->text != NULL);
		FUZZ_CHECK(strlen(ln->text) == ln->len);
		FUZZ_CHECK(rb_utf8_valid(ln->text, ln->len, NULL));
		FUZZ_CHECK(rb_is_safe_display(ln->text, ln->len));
		FUZZ_CHECK(!memchr(ln->text, '\n', ln->len));
		FUZZ_CHECK(rb_utf8_width(ln->text, ln->len) == ln->cols);
		FUZZ_CHECK(ln->cols <= w);
		uint32_t end = 0;
		for (size_t k = 0; k < ln->nspans; k++) {
			const struct rb_span *sp = &ln->spans[k];
			FUZZ_CHECK(sp->len > 0);
			FUZZ_CHECK(sp->start >= end);
			FUZZ_CHECK((size_t)sp->start + sp->len <= ln->len);
			end = sp->start + sp->len;
		}
		FUZZ_CHECK((ln->nspans == 0) == (ln->spans == NULL));
		if (ln->kind == RB_LINE_BLOCK) {
			FUZZ_CHECK(ln->len == 0 && ln->cols == 0);
			FUZZ_CHECK(ln->block_index == next_block);
			next_block++;
		} else {
			FUZZ_CHECK(ln->block_index == -1);
		}
		if (ln->kind == RB_LINE_HEADING)
			FUZZ_CHECK(ln->level >= 1 && ln->level <= 6);
		else
			FUZZ_CHECK(ln->level == 0);
	}
}

/* Only SGR sequences (ESC [ digits and ';' m), and none without ANSI. */
static void check_written(const struct rb_lines *l, bool ansi)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	FUZZ_CHECK(f != NULL);
	FUZZ_CHECK(rb_lines_write(f, l, ansi) == 0);
	FUZZ_CHECK(fclose(f) == 0);
	/* one output line per line but blocks (and the blank lines a skipped block leaves) */
	size_t lines = 0, blanks = 0;
	for (size_t i = 0; i < l->n; i++) {
		lines += l->v[i].kind != RB_LINE_BLOCK;
		blanks += l->v[i].kind == RB_LINE_BLANK;
	}
	size_t newlines = 0;
	for (size_t i = 0; i < n; i++) {
		newlines += buf[i] == '\n';
		if (buf[i] != '\x1b')
			continue;
		FUZZ_CHECK(ansi);
		FUZZ_CHECK(i + 1 < n && buf[i + 1] == '[');
		size_t k = i + 2;
		while (k < n && ((buf[k] >= '0' && buf[k] <= '9') || buf[k] == ';'))
			k++;
		FUZZ_CHECK(k < n && buf[k] == 'm');
		i = k;
	}
	FUZZ_CHECK(newlines <= lines && newlines + blanks >= lines);
	FUZZ_CHECK(rb_utf8_valid(buf, n, NULL));
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int widths[] = {1, 10, 20, 40, 80, 200, 7, 33};
	if (size < 3)
		return 0;
	int width = widths[data[0] & 7];
	unsigned mode = (data[0] >> 3) & 3;
	bool ansi = data[0] & 0x20;
	int indent = data[1] < 200 ? data[1] % 24 : data[1];
	uint16_t style = (uint16_t)(data[2] | ((data[0] & 0xC0) << 2)); /* all 10 style bits */
	const char *text = (const char *)data + 3;
	size_t len = size - 3;
	struct rb_lines l = {0};

	switch (mode) {
	case 0:
		FUZZ_CHECK(rb_render_markdown(text, len, width, &l) == 0);
		break;
	case 1: {
		cmark_node *doc = cmark_parse_document(text, len, CMARK_OPT_SMART);
		FUZZ_CHECK(doc != NULL);
		FUZZ_CHECK(rb_render_document(doc, width, &l) == 0);
		cmark_node_free(doc);
		break;
	}
	case 2:
		FUZZ_CHECK(rb_wrap_plain(&l, text, len, width, indent, style) == 0);
		break;
	default: {
		/* runs: text up to each 0x1F, whose next byte is the next run's style */
		struct rb_styled runs[64];
		size_t n = 0, at = 0;
		uint16_t st = style;
		while (n < 64) {
			const char *us = memchr(text + at, 0x1F, len - at);
			size_t end = us ? (size_t)(us - text) : len;
			runs[n++] = (struct rb_styled){text + at, end - at, st};
			if (!us || end + 1 >= len)
				break;
			st = (uint16_t)(((unsigned char)text[end + 1] << 2) & 0x3FF);
			at = end + 2;
		}
		FUZZ_CHECK(rb_wrap_styled(&l, runs, n, width, indent) == 0);
		break;
	}
	}
	check_lines(&l, width);
	check_written(&l, ansi);
	rb_lines_free(&l);
	FUZZ_CHECK(l.v == NULL && l.n == 0);
	return 0;
}
