/* mkman.c - builds roadbook's man page from its markdown source (docs/roadbook.1.md) with
 * cmark's man renderer, at build time.
 *
 *   mkman INPUT.md OUTPUT NAME SECTION SOURCE
 *
 * Level-1 headings become .SH, level-2 .SS (cmark's rules). Two things are added on top:
 *
 *  - a bullet list whose every item starts with a term on a line of its own, then the text on
 *    the next line, becomes a tagged list (.TP), the man page idiom for options and keys:
 *
 *        - `--json`
 *          Print one JSON document.
 *
 *  - inline code is set in bold (the man page convention for what is typed literally), and
 *    code blocks are escaped here (cmark leaves a line that starts with '.' unescaped there);
 *    a hard line break becomes .br (cmark's .PD 0/.P/.PD lands on the end of the text line);
 *    every character outside ASCII becomes groff's \[uXXXX], so the page needs no preconv.
 *
 * The .TH date is SOURCE_DATE_EPOCH when set (reproducible builds), else the input's mtime. */
#include "content/buf.h"

#include <cmark.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static void die(const char *what)
{
	fprintf(stderr, "mkman: %s\n", what);
	exit(1);
}

/* The buffer's text; out of memory ends the tool. */
static char *take(struct rb_buf *b)
{
	if (b->oom)
		die("out of memory");
	return rb_buf_take(b);
}

/* A code block as roff: no filling, every line escaped. */
static char *code_block_roff(const char *text)
{
	struct rb_buf s = {0};
	rb_buf_puts(&s, ".IP \"\" 4\n.nf\n");
	bool bol = true;
	for (const char *p = text; *p; p++) {
		if (bol && (*p == '.' || *p == '\''))
			rb_buf_puts(&s, "\\&");
		bol = *p == '\n';
		if (*p == '\\')
			rb_buf_puts(&s, "\\e");
		else if (*p == '-')
			rb_buf_puts(&s, "\\-");
		else
			rb_buf_append(&s, p, 1);
	}
	if (!s.len || s.data[s.len - 1] != '\n')
		rb_buf_puts(&s, "\n");
	rb_buf_puts(&s, ".fi");
	return take(&s);
}

static cmark_node *custom_block(const char *roff)
{
	cmark_node *b = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
	if (!b || !cmark_node_set_on_enter(b, roff) || !cmark_node_set_on_exit(b, ""))
		die("out of memory");
	return b;
}

/* Renders blocks (moved into a scratch document) as roff, with the opening .PP left out so that
 * the text continues a .TP; later paragraphs keep the indent (.IP). */
static char *render_blocks(cmark_node *doc)
{
	char *r = cmark_render_man(doc, CMARK_OPT_DEFAULT, 0);
	cmark_node_free(doc);
	if (!r)
		die("out of memory");
	struct rb_buf s = {0};
	char *line = r;
	bool first = true;
	while (*line) {
		char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		if (n == 3 && !strncmp(line, ".PP", 3)) {
			if (!first)
				rb_buf_puts(&s, ".IP\n");
		} else {
			rb_buf_append(&s, line, n);
			rb_buf_puts(&s, "\n");
		}
		first = false;
		line += nl ? n + 1 : n;
	}
	free(r);
	while (s.len && s.data[s.len - 1] == '\n')
		s.data[--s.len] = '\0';
	return take(&s);
}

/* The inlines of para from first up to (not including) stop, as roff. */
static char *render_inlines(cmark_node *first, cmark_node *stop)
{
	cmark_node *doc = cmark_node_new(CMARK_NODE_DOCUMENT);
	cmark_node *p = cmark_node_new(CMARK_NODE_PARAGRAPH);
	if (!doc || !p || !cmark_node_append_child(doc, p))
		die("out of memory");
	for (cmark_node *n = first, *next; n && n != stop; n = next) {
		next = cmark_node_next(n);
		cmark_node_append_child(p, n);
	}
	return render_blocks(doc);
}

static cmark_node *first_break(cmark_node *para)
{
	for (cmark_node *n = cmark_node_first_child(para); n; n = cmark_node_next(n))
		if (cmark_node_get_type(n) == CMARK_NODE_SOFTBREAK)
			return n;
	return NULL;
}

/* true when every item of a bullet list is "term, line break, text". */
static bool is_tagged_list(cmark_node *list)
{
	if (cmark_node_get_list_type(list) != CMARK_BULLET_LIST)
		return false;
	for (cmark_node *it = cmark_node_first_child(list); it; it = cmark_node_next(it)) {
		cmark_node *p = cmark_node_first_child(it);
		if (!p || cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
			return false;
		cmark_node *br = first_break(p);
		if (!br || br == cmark_node_first_child(p) || !cmark_node_next(br))
			return false;
	}
	return true;
}

/* Replaces a tagged list by one raw .TP block per item. */
static void tag_list(cmark_node *list)
{
	for (cmark_node *it = cmark_node_first_child(list); it; it = cmark_node_next(it)) {
		cmark_node *p = cmark_node_first_child(it);
		cmark_node *br = first_break(p);
		char *term = render_inlines(cmark_node_first_child(p), br);
		cmark_node *body_doc = cmark_node_new(CMARK_NODE_DOCUMENT);
		cmark_node *body = cmark_node_new(CMARK_NODE_PARAGRAPH);
		if (!body_doc || !body || !cmark_node_append_child(body_doc, body))
			die("out of memory");
		for (cmark_node *n = cmark_node_next(br), *next; n; n = next) {
			next = cmark_node_next(n);
			cmark_node_append_child(body, n);
		}
		for (cmark_node *b = cmark_node_next(p), *next; b; b = next) {
			next = cmark_node_next(b);
			cmark_node_append_child(body_doc, b);
		}
		char *text = render_blocks(body_doc);
		struct rb_buf s = {0};
		rb_buf_puts(&s, ".TP\n");
		rb_buf_puts(&s, term);
		rb_buf_puts(&s, "\n");
		rb_buf_puts(&s, text);
		char *roff = take(&s);
		cmark_node_insert_before(list, custom_block(roff));
		free(roff);
		free(term);
		free(text);
	}
	cmark_node_free(list);
}

/* Collects the nodes to change first: the tree must not change under the iterator. */
static void transform(cmark_node *doc)
{
	size_t n = 0, cap = 64;
	cmark_node **v = malloc(cap * sizeof *v);
	if (!v)
		die("out of memory");
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t != CMARK_NODE_CODE && t != CMARK_NODE_CODE_BLOCK && t != CMARK_NODE_LIST &&
		    t != CMARK_NODE_LINEBREAK)
			continue;
		if (n == cap) {
			cmark_node **w = realloc(v, (cap *= 2) * sizeof *v);
			if (!w)
				die("out of memory");
			v = w;
		}
		v[n++] = node;
	}
	cmark_iter_free(it);
	/* Inline code and code blocks first, then the lists, innermost (last entered) first. */
	for (size_t i = 0; i < n; i++) {
		cmark_node *node = v[i];
		if (cmark_node_get_type(node) == CMARK_NODE_LINEBREAK) {
			cmark_node *br = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
			if (!br || !cmark_node_set_on_enter(br, "\n.br\n") ||
			    !cmark_node_set_on_exit(br, ""))
				die("out of memory");
			cmark_node_replace(node, br);
			cmark_node_free(node);
			v[i] = NULL;
		} else if (cmark_node_get_type(node) == CMARK_NODE_CODE) {
			cmark_node *b = cmark_node_new(CMARK_NODE_STRONG);
			cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
			if (!b || !t || !cmark_node_set_literal(t, cmark_node_get_literal(node)) ||
			    !cmark_node_append_child(b, t))
				die("out of memory");
			cmark_node_replace(node, b);
			cmark_node_free(node);
			v[i] = NULL;
		} else if (cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK) {
			char *roff = code_block_roff(cmark_node_get_literal(node));
			cmark_node *b = custom_block(roff);
			free(roff);
			cmark_node_replace(node, b);
			cmark_node_free(node);
			v[i] = NULL;
		}
	}
	for (size_t i = n; i-- > 0;)
		if (v[i] && is_tagged_list(v[i]))
			tag_list(v[i]);
	free(v);
}

/* Writes UTF-8 text with every non-ASCII character as \[uXXXX] (invalid bytes as '?'). */
static void put_ascii(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p, n = c < 0x80       ? 0
				     : c >> 5 == 6  ? 1
				     : c >> 4 == 14 ? 2
				     : c >> 3 == 30 ? 3
						    : 9;
		if (n == 0) {
			fputc((int)c, f);
			p++;
			continue;
		}
		unsigned long cp = n == 9 ? 0 : c & (0x3f >> n);
		unsigned k = 1;
		for (; n != 9 && k <= n && (p[k] & 0xc0) == 0x80; k++)
			cp = cp << 6 | (p[k] & 0x3f);
		if (n == 9 || k <= n) {
			fputc('?', f);
			p++;
			continue;
		}
		fprintf(f, "\\[u%04lX]", cp);
		p += n + 1;
	}
}

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: mkman INPUT.md OUTPUT NAME SECTION SOURCE\n");
		return 2;
	}
	const char *in = argv[1], *out = argv[2], *name = argv[3], *section = argv[4];
	const char *source = argv[5];
	size_t len;
	char *md = rb_read_file(in, &len);
	if (!md) {
		perror(in);
		return 1;
	}
	time_t when = 0;
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	struct stat st;
	if (sde && *sde)
		when = (time_t)strtoll(sde, NULL, 10);
	else if (stat(in, &st) == 0)
		when = st.st_mtime;
	char date[32];
	struct tm tm;
	if (!gmtime_r(&when, &tm) || !strftime(date, sizeof date, "%Y-%m-%d", &tm))
		snprintf(date, sizeof date, "1970-01-01");

	cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
	free(md);
	if (!doc)
		die("out of memory");
	transform(doc);
	char *body = cmark_render_man(doc, CMARK_OPT_DEFAULT, 0);
	cmark_node_free(doc);
	if (!body)
		die("out of memory");

	char upper[64];
	size_t k = 0;
	for (; name[k] && k + 1 < sizeof upper; k++)
		upper[k] = (char)(name[k] >= 'a' && name[k] <= 'z' ? name[k] - 'a' + 'A' : name[k]);
	upper[k] = '\0';
	FILE *f = fopen(out, "w");
	if (!f) {
		perror(out);
		free(body);
		return 1;
	}
	fprintf(
	    f,
	    ".\\\" Generated from %s by tools/mkman.c (cmark %s); edit the markdown, not this.\n"
	    ".TH \"%s\" \"%s\" \"%s\" \"%s\" \"User Commands\"\n",
	    strrchr(in, '/') ? strrchr(in, '/') + 1 : in, cmark_version_string(), upper, section,
	    date, source);
	put_ascii(f, body);
	free(body);
	if (fclose(f) != 0) {
		perror(out);
		return 1;
	}
	return 0;
}
