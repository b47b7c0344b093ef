/* test_render.c - the markdown renderer: golden files, every CommonMark spec example at four
 * widths, and unit checks of blocks, links, lists, wrapping and pathological input.
 *
 * RB_UPDATE_GOLDEN=1 rewrites tests/fixtures/render/NAME.wN.txt from the current output
 * (review the diff by eye before committing it). */
#include "content/render.h"
#include "content/sanitize.h"
#include "content/utf8.h"
#include "harness.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FIXTURES RB_SOURCE_DIR "/tests/fixtures/render/"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;
	if (!f)
		return NULL;
	do {
		if (cap - n < 4096) {
			cap = cap * 2 + 4096;
			char *p = realloc(buf, cap + 1);
			if (!p) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Every line invariant; returns the number of broken lines (and reports the first few). */
static int check_lines(const struct rb_lines *l, int width, const char *what)
{
	int bad = 0;
	unsigned w = width < RB_RENDER_MIN_WIDTH ? RB_RENDER_MIN_WIDTH : (unsigned)width;
	for (size_t i = 0; i < l->n; i++) {
		const struct rb_line *ln = &l->v[i];
		bool ok = ln->text && strlen(ln->text) == ln->len &&
			  rb_utf8_width(ln->text, ln->len) == ln->cols && ln->cols <= w &&
			  rb_is_safe_display(ln->text, ln->len) &&
			  !memchr(ln->text, '\n', ln->len) &&
			  rb_utf8_valid(ln->text, ln->len, NULL);
		uint32_t end = 0;
		for (size_t k = 0; k < ln->nspans; k++) {
			const struct rb_span *sp = &ln->spans[k];
			if (sp->start < end || sp->start + sp->len > ln->len || sp->len == 0)
				ok = false;
			end = sp->start + sp->len;
		}
		if (ln->kind == RB_LINE_BLOCK)
			ok = ok && ln->len == 0 && ln->cols == 0 && ln->block_index >= 0;
		else
			ok = ok && ln->block_index == -1;
		if (!ok && bad++ < 3)
			fprintf(stderr, "%s width %d line %zu broken: [%s] cols %u\n", what, width,
				i, ln->text ? ln->text : "(null)", ln->cols);
	}
	return bad;
}

static char *render_text(const char *md, size_t len, int width, bool ansi, size_t *out_len)
{
	struct rb_lines l = {0};
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	if (!f)
		return NULL;
	CHECK(rb_render_markdown(md, len, width, &l) == 0);
	CHECK(check_lines(&l, width, "render") == 0);
	CHECK(rb_lines_write(f, &l, ansi) == 0);
	fclose(f);
	rb_lines_free(&l);
	*out_len = n;
	return buf;
}

static void test_golden(void)
{
	static const char *const names[] = {"basics",  "lists",   "blocks",
					    "unicode", "hostile", "deep"};
	static const int widths[] = {40, 60, 80};
	bool update = getenv("RB_UPDATE_GOLDEN") && strcmp(getenv("RB_UPDATE_GOLDEN"), "1") == 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char path[512];
		size_t len;
		snprintf(path, sizeof path, FIXTURES "%s.md", names[i]);
		char *md = slurp(path, &len);
		CHECK(md != NULL);
		if (!md)
			continue;
		for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++) {
			size_t n, glen;
			char *got = render_text(md, len, widths[k], false, &n);
			snprintf(path, sizeof path, FIXTURES "%s.w%d.txt", names[i], widths[k]);
			if (update) {
				FILE *f = fopen(path, "wb");
				CHECK(f != NULL);
				if (f) {
					fwrite(got, 1, n, f);
					fclose(f);
				}
			}
			char *want = slurp(path, &glen);
			CHECK(want != NULL);
			if (want && got && (glen != n || memcmp(want, got, n) != 0)) {
				CHECK(!"golden differs");
				fprintf(stderr, "  %s differs; got:\n%s\n", path, got);
			}
			free(want);
			free(got);
		}
		free(md);
	}
}

/* Every example of the CommonMark spec ("→" stands for a tab), at widths 10, 20, 40, 80. */
static void test_spec_examples(void)
{
	static const char fence[] = "````````````````````````````````";
	size_t len;
	char *spec = slurp(RB_SOURCE_DIR "/tests/fixtures/commonmark/spec.txt", &len);
	CHECK(spec != NULL);
	if (!spec)
		return;
	int examples = 0, bad = 0;
	char *p = spec;
	char *md = malloc(len + 1);
	CHECK(md != NULL);
	while (md && (p = strstr(p, fence)) != NULL) {
		if (strncmp(p + sizeof fence - 1, " example\n", 9) != 0) {
			p += sizeof fence - 1;
			continue;
		}
		char *start = p + sizeof fence - 1 + 9;
		char *end = strstr(start, fence);
		if (!end)
			break;
		size_t n = 0;
		for (char *q = start; q < end;) {
			if (strncmp(q, "\xE2\x86\x92", 3) == 0) {
				md[n++] = '\t';
				q += 3;
			} else {
				md[n++] = *q++;
			}
		}
		examples++;
		static const int widths[] = {10, 20, 40, 80};
		for (size_t k = 0; k < 4; k++) {
			struct rb_lines l = {0};
			char what[32];
			snprintf(what, sizeof what, "example %d", examples);
			if (rb_render_markdown(md, n, widths[k], &l) != 0 ||
			    check_lines(&l, widths[k], what) != 0)
				bad++;
			rb_lines_free(&l);
		}
		p = end + sizeof fence - 1;
	}
	free(md);
	free(spec);
	fprintf(stderr, "  %d spec examples\n", examples);
	CHECK(examples > 600);
	CHECK(bad == 0);
}

static void render(const char *md, int width, struct rb_lines *l)
{
	memset(l, 0, sizeof *l);
	CHECK(rb_render_markdown(md, strlen(md), width, l) == 0);
	CHECK(check_lines(l, width, md) == 0);
}

static void test_blocks(void)
{
	struct rb_lines l;
	render("Intro\n\n```roadbook module\nid: m\n```\n\ntext\n\n"
	       "```roadbook exercise\nid: a\n```\n\n```roadbookx\nshown\n```\n\n"
	       "- ```roadbook\n  id: b\n  ```\n",
	       60, &l);
	int seen = 0;
	bool shown = false;
	for (size_t i = 0; i < l.n; i++) {
		if (l.v[i].kind == RB_LINE_BLOCK) {
			CHECK(l.v[i].block_index == seen);
			CHECK_STR(l.v[i].text, "");
			CHECK(l.v[i].cols == 0);
			seen++;
		}
		if (strstr(l.v[i].text, "shown"))
			shown = l.v[i].kind == RB_LINE_CODE;
	}
	CHECK(seen == 3);
	CHECK(shown);
	CHECK(l.n > 1 && l.v[0].kind == RB_LINE_TEXT && l.v[2].kind == RB_LINE_BLOCK);
	/* rb_lines_write skips block lines */
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	CHECK(rb_lines_write(f, &l, false) == 0);
	fclose(f);
	CHECK_STR(buf, "Intro\n\ntext\n\n    shown\n\n");
	free(buf);
	rb_lines_free(&l);
}

static void test_links(void)
{
	struct rb_lines l;
	render("[a](http://a.example) [b](http://b.example) [again](http://a.example) "
	       "<http://c.example> <me@d.example> [none]()\n",
	       80, &l);
	CHECK(l.n == 5);
	if (l.n == 5) {
		CHECK_STR(l.v[0].text, "a[1] b[2] again[1] http://c.example me@d.example none");
		CHECK(l.v[1].kind == RB_LINE_BLANK);
		CHECK_STR(l.v[2].text, "References");
		CHECK_STR(l.v[3].text, "[1] http://a.example");
		CHECK_STR(l.v[4].text, "[2] http://b.example");
		/* "a" is a link, "[1]" a dim marker */
		CHECK(l.v[0].nspans >= 2 && l.v[0].spans[0].start == 0 &&
		      l.v[0].spans[0].len == 1 && l.v[0].spans[0].style == RB_S_LINK);
		CHECK(l.v[0].nspans >= 2 && l.v[0].spans[1].style == (RB_S_MARKER | RB_S_DIM));
	}
	rb_lines_free(&l);

	/* only autolinks: no reference list */
	render("<https://x.example/a>\n", 80, &l);
	CHECK(l.n == 1);
	rb_lines_free(&l);

	/* ten references: numbers right-aligned */
	render("[1](u1) [2](u2) [3](u3) [4](u4) [5](u5) [6](u6) [7](u7) [8](u8) [9](u9) "
	       "[10](u10)\n",
	       80, &l);
	CHECK(l.n == 13);
	if (l.n == 13) {
		CHECK_STR(l.v[3].text, " [1] u1");
		CHECK_STR(l.v[12].text, "[10] u10");
	}
	rb_lines_free(&l);

	/* a URL carrying an escape sequence (an OSC 52 clipboard write) is shown without it */
	render("[x](http://e.example/&#27;]52;c;aGk=&#7;/path)\n", 80, &l);
	CHECK(l.n == 4);
	if (l.n == 4)
		CHECK_STR(l.v[3].text, "[1] http://e.example//path");
	rb_lines_free(&l);
}

static void test_lists(void)
{
	struct rb_lines l;
	render("7. a\n8. b\n9. c\n10. d\n", 40, &l);
	CHECK(l.n == 4);
	if (l.n == 4) {
		CHECK_STR(l.v[0].text, " 7. a");
		CHECK_STR(l.v[2].text, " 9. c");
		CHECK_STR(l.v[3].text, "10. d");
		CHECK(l.v[0].nspans == 1 && l.v[0].spans[0].style == RB_S_MARKER &&
		      l.v[0].spans[0].len == 4);
	}
	rb_lines_free(&l);

	render("3) x\n\n   more\n4) y\n", 40, &l);
	CHECK(l.n == 5);
	if (l.n == 5) {
		CHECK_STR(l.v[0].text, "3) x");
		CHECK(l.v[1].kind == RB_LINE_BLANK);
		CHECK_STR(l.v[2].text, "   more");
		CHECK_STR(l.v[4].text, "4) y");
	}
	rb_lines_free(&l);

	/* a hanging indent under a wrapped item */
	render("- one two three four five six seven\n  - nested item wraps too\n", 20, &l);
	CHECK(l.n == 4);
	if (l.n == 4) {
		CHECK_STR(l.v[0].text, "\xE2\x80\xA2 one two three four");
		CHECK_STR(l.v[1].text, "  five six seven");
		CHECK_STR(l.v[2].text, "  \xE2\x97\xA6 nested item");
		CHECK_STR(l.v[3].text, "    wraps too");
	}
	rb_lines_free(&l);
}

static void test_wrap_cjk(void)
{
	struct rb_lines l;
	/* twelve ideographs, two columns each, at width 10: five per line */
	render("\xE4\xB8\xAD\xE5\xB0\x8F\xE4\xBC\x81\xE6\xA5\xAD\xE3\x81\xAE\xE3\x83\x87"
	       "\xE3\x82\xB8\xE3\x82\xBF\xE3\x83\xAB\xE5\x8C\x96\xE3\x81\xAF\xE3\x80\x82\n",
	       10, &l);
	CHECK(l.n == 3);
	if (l.n == 3) {
		CHECK(l.v[0].cols == 10 && l.v[1].cols == 10 && l.v[2].cols == 4);
		CHECK_STR(l.v[0].text,
			  "\xE4\xB8\xAD\xE5\xB0\x8F\xE4\xBC\x81\xE6\xA5\xAD\xE3\x81\xAE");
	}
	rb_lines_free(&l);

	/* mixed: the Latin word moves whole, ideographs fill the line */
	render("abc \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE6\x97\xA5\xE6\x9C\xAC "
	       "defghij\n",
	       12, &l);
	CHECK(l.n == 2);
	if (l.n == 2) {
		CHECK_STR(l.v[0].text, "abc \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE6\x97\xA5");
		CHECK_STR(l.v[1].text, "\xE6\x9C\xAC defghij");
	}
	rb_lines_free(&l);

	/* a combining mark is never separated from its base */
	render("aaaaaaaaae\xCC\x81\xCC\x88xyz\n", 10, &l);
	CHECK(l.n == 2);
	if (l.n == 2)
		CHECK_STR(l.v[0].text, "aaaaaaaaae\xCC\x81\xCC\x88");
	rb_lines_free(&l);
}

static void test_wrap_plain(void)
{
	struct rb_lines l = {0};
	const char *t = "Answer: we \x1b[31mwill\x1b[0m invest\r\n\nin sensors.\tDone";
	CHECK(rb_wrap_plain(&l, t, strlen(t), 20, 4, RB_S_ITALIC) == 0);
	CHECK(check_lines(&l, 20, "plain") == 0);
	CHECK(l.n == 4);
	if (l.n == 4) {
		CHECK_STR(l.v[0].text, "    Answer: we will");
		CHECK_STR(l.v[1].text, "    invest");
		CHECK(l.v[2].kind == RB_LINE_BLANK && l.v[2].len == 0);
		CHECK_STR(l.v[3].text, "    in sensors. Done");
		CHECK(l.v[0].nspans == 1 && l.v[0].spans[0].start == 4 &&
		      l.v[0].spans[0].style == RB_S_ITALIC);
	}
	rb_lines_free(&l);
	/* a huge indent leaves room for the text */
	CHECK(rb_wrap_plain(&l, "x y", 3, 5, 100, 0) == 0);
	CHECK(check_lines(&l, 5, "plain") == 0);
	CHECK(l.n == 1 && strstr(l.v[0].text, "x y") != NULL);
	rb_lines_free(&l);
}

static void test_ansi(void)
{
	size_t n;
	const char *md = "# T\n\n*i* **b** `c` [l](u) &#27;[31m\n";
	char *s = render_text(md, strlen(md), 40, true, &n);
	CHECK(s != NULL);
	if (!s)
		return;
	/* every escape is an SGR sequence written by us */
	int sgr = 0;
	for (char *p = s; (p = strchr(p, '\x1b')) != NULL; p++) {
		size_t k = 1;
		CHECK(p[k] == '[');
		for (k = 2; strchr("0123456789;", p[k]) && p[k]; k++)
			;
		CHECK(p[k] == 'm');
		sgr++;
	}
	CHECK(sgr >= 10);
	CHECK(strstr(s, "\x1b[0;3;4;34m") == NULL); /* italic is not a link */
	CHECK(strstr(s, "\x1b[0;3mi\x1b[0m") != NULL);
	CHECK(strstr(s, "31m") == NULL); /* the entity-encoded CSI is removed whole */
	free(s);
}

static double seconds(clock_t t0)
{
	return (double)(clock() - t0) / CLOCKS_PER_SEC;
}

static void test_pathological(void)
{
	const size_t N = 10000;
	static const struct {
		const char *open, *close;
	} kinds[] = {
	    {"[", "]"},    {"> ", ""},  {"*a ", " a*"}, {"- ", ""},  {"_", "_"}, {"`", ""},
	    {"[a](", ")"}, {"![", "]"}, {"**", "**"},   {"1. ", ""}, {"<", ">"}, {"  - ", ""},
	};
	char *md = malloc(8 * N + 64);
	CHECK(md != NULL);
	if (!md)
		return;
	struct rb_lines l = {0};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		size_t n = 0, ol = strlen(kinds[k].open), cl = strlen(kinds[k].close);
		for (size_t i = 0; i < N; i++, n += ol)
			memcpy(md + n, kinds[k].open, ol);
		memcpy(md + n, "text", 4);
		n += 4;
		for (size_t i = 0; i < N; i++, n += cl)
			memcpy(md + n, kinds[k].close, cl);
		clock_t t0 = clock();
		CHECK(rb_render_markdown(md, n, 40, &l) == 0);
		double t = seconds(t0);
		CHECK(check_lines(&l, 40, kinds[k].open) == 0);
		if (t > 0.5)
			fprintf(stderr, "  %s x %zu took %.2f s\n", kinds[k].open, N, t);
		CHECK(t < 2.0);
		/* deep nesting stops indenting: text keeps at least 10 columns, of which the
		 * markers of items nested deeper still may take half on their first line */
		for (size_t i = 0; i < l.n; i++) {
			const char *p = strstr(l.v[i].text, "text");
			if (p)
				CHECK(rb_utf8_width(l.v[i].text, (size_t)(p - l.v[i].text)) <= 35);
		}
		rb_lines_free(&l);
	}
	free(md);
}

/* Random markdown made of significant tokens, at random widths: the invariants hold. */
static void test_random_markdown(void)
{
	static const char *const tokens[] = {
	    "- ",
	    "> ",
	    "1. ",
	    "*",
	    "_",
	    "`",
	    "```",
	    "\n",
	    " ",
	    "    ",
	    "\t",
	    "[",
	    "]",
	    "(",
	    ")",
	    "<",
	    ">",
	    "!",
	    "# ",
	    "\\",
	    "&#27;",
	    "&#x9b;",
	    "word",
	    "http://x.y",
	    "\r",
	    "\x1b[1m",
	    "\xcc\x81",
	    "\xe6\x97\xa5",
	    "\xf0\x9f\x8f\xad",
	    "---\n",
	    "|",
	    "\xff",
	    "```roadbook\n",
	    "<div>",
	    "  \n",
	    "2) ",
	};
	const size_t nt = sizeof tokens / sizeof tokens[0];
	unsigned long seed = 42;
	char md[4096];
	int bad = 0;
	for (int iter = 0; iter < 3000; iter++) {
		size_t n = 0;
		seed = seed * 6364136223846793005ul + 1442695040888963407ul;
		size_t count = (size_t)(seed >> 33) % 300;
		for (size_t k = 0; k < count; k++) {
			seed = seed * 6364136223846793005ul + 1442695040888963407ul;
			const char *t = tokens[(seed >> 33) % nt];
			size_t tl = strlen(t);
			if (n + tl >= sizeof md)
				break;
			memcpy(md + n, t, tl);
			n += tl;
		}
		int width = 10 + (int)((seed >> 20) % 71);
		struct rb_lines l = {0};
		if (rb_render_markdown(md, n, width, &l) != 0 || check_lines(&l, width, "random"))
			bad++;
		rb_lines_free(&l);
	}
	CHECK(bad == 0);
}

static void test_narrow(void)
{
	struct rb_lines l;
	/* widths under 10 are 10; nested quotes keep 5 columns for text there */
	render("> > > > > > > > deep quote text\n", 3, &l);
	for (size_t i = 0; i < l.n; i++)
		CHECK(l.v[i].cols <= 10);
	CHECK(l.n > 0 && strstr(l.v[0].text, "deep") != NULL);
	rb_lines_free(&l);
	render("", 40, &l);
	CHECK(l.n == 0);
	rb_lines_free(&l);
}

int main(void)
{
	setlocale(LC_ALL, "");
	rb_utf8_locale_init();
	RUN(test_golden);
	RUN(test_spec_examples);
	RUN(test_blocks);
	RUN(test_links);
	RUN(test_lists);
	RUN(test_wrap_cjk);
	RUN(test_wrap_plain);
	RUN(test_ansi);
	RUN(test_pathological);
	RUN(test_random_markdown);
	RUN(test_narrow);
	return HARNESS_EXIT();
}
