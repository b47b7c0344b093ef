/* fuzz_strategy.c - libFuzzer harness for the strategy assembler (content/strategy.h): the
 * markdown document, its heading map, and the HTML page, from a curriculum and answers built
 * from the input.
 *
 * Input: byte 0: bits 0-1 one of the repository's curricula (fuzz_fixture), bit 2 a curriculum
 * from the input instead, bit 3 RB_STRATEGY_OMIT_UNANSWERED, bit 4 a company, bit 5 a date.
 * The rest is split at "%%%%" lines (FUZZ_SEP): with bit 2, curriculum.md, 01.md, ... and last
 * the answers part; otherwise only the answers part. The answers part is the participant's
 * name (first line), company (second line) and an answers file (answers_md.h), read with
 * rb_answers_md_parse() so that every answer is canonical, as the assembler expects. A
 * curriculum from the input is used only when it loads without a problem (as the application
 * does).
 *
 * Checked: the same answers give byte-identical markdown, also when rendered from the parts a
 * snapshot keeps (rb_strategy_markdown_cached, with parts kept from earlier inputs); the
 * markdown, parsed back, has one
 * level-1 heading, one level-2 heading per section, one level-3 heading per entry of the map
 * (entries are exercise indexes), no HTML and no thematic break (answers stay text); the HTML
 * page has one <h1>, the same <h2> and <h3> counts, no raw HTML and no <script>; with the
 * repository's curricula, no escape sequence reaches either document.
 *
 * RB_FUZZ_KNOWN=tilde skips the markdown's structure check when an answer has a line starting
 * with "~~~" (reported: tests/fuzz/crashes/strategy-tilde-fence). */
#include "content/answers_md.h"
#include "content/strategy.h"
#include "fuzz_util.h"

#include <cmark.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init();
	for (size_t i = 0; i < fuzz_nfixtures(); i++)
		fuzz_fixture(i);
	return 0;
}

static size_t count_str(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, what)) != NULL; p += strlen(what))
		n++;
	return n;
}

static bool has_escape(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p == 0x1B || (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
			return true;
	return false;
}

static void check_markdown(const struct rb_curriculum *c, const char *md, const long *map,
			   size_t nmap)
{
	size_t h[7] = {0}, html = 0, rules = 0;
	cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
	FUZZ_CHECK(doc != NULL);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_HEADING)
			h[cmark_node_get_heading_level(n)]++;
		html += t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE;
		rules += t == CMARK_NODE_THEMATIC_BREAK;
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	for (size_t i = 0; i < nmap; i++)
		FUZZ_CHECK(map[i] >= 0 && (size_t)map[i] < c->nexercises);
	if (h[1] != 1 || h[2] != c->nsections || h[3] != nmap || html || rules)
		fprintf(stderr,
			"h1 %zu h2 %zu (sections %zu) h3 %zu (map %zu) html %zu rules %zu\n", h[1],
			h[2], c->nsections, h[3], nmap, html, rules);
	FUZZ_CHECK(h[1] == 1);
	FUZZ_CHECK(h[2] == c->nsections);
	FUZZ_CHECK(h[3] == nmap);
	FUZZ_CHECK(html == 0);
	FUZZ_CHECK(rules == 0);
}

static void check_html(const struct rb_curriculum *c, const char *page, size_t nmap)
{
	FUZZ_CHECK(count_str(page, "<h1>") == 1);
	FUZZ_CHECK(count_str(page, "<h2>") == c->nsections);
	FUZZ_CHECK(count_str(page, "<h3>") == nmap);
	FUZZ_CHECK(!strstr(page, "<!-- raw HTML omitted -->"));
	FUZZ_CHECK(!strcasestr(page, "<script"));
	FUZZ_CHECK(!strcasestr(page, "<iframe"));
	FUZZ_CHECK(count_str(page, "<style>") == 1);
	FUZZ_CHECK(!strcasestr(page, "href=\"javascript:"));
}

/* A line of s[0..len) at *at, as a new string; *at moves past it. */
static char *take_line(const char *s, size_t len, size_t *at)
{
	const char *nl = memchr(s + *at, '\n', len - *at);
	size_t end = nl ? (size_t)(nl - s) : len;
	char *line = strndup(s + *at, end - *at);
	FUZZ_CHECK(line != NULL);
	*at = nl ? end + 1 : len;
	return line;
}

static void assemble(const struct rb_curriculum *c, const char *text, size_t len, unsigned sel,
		     bool fixture)
{
	size_t at = 0;
	char *name = take_line(text, len, &at);
	char *company = take_line(text, len, &at);
	struct rb_strategy_info info = {
	    .name = *name ? name : NULL,
	    .company = (sel & 0x10) ? company : NULL,
	    .date = (sel & 0x20) ? "1 May 2025" : NULL,
	};
	unsigned flags = (sel & 8) ? RB_STRATEGY_OMIT_UNANSWERED : 0;

	struct rb_parsed_answers p = {0};
	struct rb_diags d = {0};
	FUZZ_CHECK(rb_answers_md_parse(c, "answers/fuzz.md", text + at, len - at, &p, &d) == 0);
	char **answers = calloc(c->nexercises ? c->nexercises : 1, sizeof *answers);
	FUZZ_CHECK(answers != NULL);
	for (size_t i = 0; i < p.n; i++) {
		const struct rb_exercise *e =
		    p.v[i].known ? rb_curriculum_exercise(c, p.v[i].id) : NULL;
		if (e && *p.v[i].value)
			answers[e->index] = p.v[i].value;
	}

	/* Known issue "tilde" (tests/fuzz/crashes/strategy-tilde-fence): cmark's CommonMark
	 * renderer leaves a line of an answer that starts with "~~~" unescaped, which opens a code
	 * block in the document. */
	bool tilde = false;
	for (size_t i = 0; i < c->nexercises && fuzz_known("tilde"); i++)
		for (const char *v = answers[i]; v && *v && !tilde;
		     v = strchr(v, '\n') ? strchr(v, '\n') + 1 : "")
			tilde = !strncmp(v + strspn(v, " "), "~~~", 3);

	long *map = NULL;
	size_t nmap = 0;
	char *md = rb_strategy_markdown_map(c, answers, &info, flags, &map, &nmap);
	FUZZ_CHECK(md != NULL);
	char *again = rb_strategy_markdown(c, answers, &info, flags);
	FUZZ_CHECK(again != NULL && strcmp(md, again) == 0);
	/* the parts a snapshot keeps, from inputs before this one: never in the output */
	static struct rb_strategy_cache *kept;
	if (!kept)
		kept = rb_strategy_cache_new();
	char *parts = rb_strategy_markdown_cached(c, answers, &info, flags, kept);
	FUZZ_CHECK(parts != NULL && strcmp(md, parts) == 0);
	free(parts);
	if (!tilde)
		check_markdown(c, md, map, nmap);
	char *page = rb_strategy_html(c, answers, &info, flags);
	FUZZ_CHECK(page != NULL);
	check_html(c, page, nmap);
	if (fixture && !has_escape(name) && !has_escape(company)) {
		FUZZ_CHECK(!has_escape(md));
		FUZZ_CHECK(!has_escape(page));
	}

	free(page);
	free(again);
	free(md);
	free(map);
	free(answers);
	rb_parsed_answers_free(&p);
	rb_diags_free(&d);
	free(name);
	free(company);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned sel = data[0];
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	if (!(sel & 4)) {
		assemble(fuzz_fixture(sel & 3), text, len, sel, true);
		return 0;
	}
	struct fuzz_part parts[FUZZ_MAX_MOD + 2];
	size_t n = fuzz_split(text, len, parts, FUZZ_MAX_MOD + 2);
	size_t nfiles = n > 1 ? n - 1 : 1;
	struct rb_curriculum *c = NULL;
	struct rb_diags d = {0};
	FUZZ_CHECK(fuzz_load_parts(parts, nfiles, &c, &d) == 0);
	if (d.n == 0) {
		const struct fuzz_part *a = n > 1 ? &parts[n - 1] : NULL;
		assemble(c, a ? a->p : "", a ? a->len : 0, sel, false);
	}
	rb_curriculum_free(c);
	rb_diags_free(&d);
	return 0;
}
