/* answers_md.c - writing and reading the per-module answers files (see answers_md.h).
 *
 * Writing chooses a readable form per type and keeps it only when reading it back gives the
 * same canonical value; otherwise the value goes into a fenced block, which cmark returns
 * byte for byte. So whatever an answer holds - '#', '|', '`', '<!--', blank lines,
 * indentation - the file always reads back exactly. */
#include "content/answers_md.h"

#include "content/answer.h"
#include "content/buf.h"
#include "content/utf8.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#define MARKER        "<!-- roadbook:exercise "
#define MARKER_PREFIX "<!-- roadbook:"
#define NOT_ANSWERED  "Not answered yet."

char *rb_answers_md_path(const struct rb_curriculum *c, size_t m)
{
	struct rb_buf b = {0};
	rb_buf_printf(&b, RB_ANSWERS_DIR "/%02zu-%s.md", m + 1, c->modules[m].id);
	return rb_buf_take(&b);
}

/* ---- markdown through cmark ---- */

/* Appends text to parent as text nodes with a soft break at each '\n'. */
static int add_text(cmark_node *parent, const char *s, size_t len)
{
	while (len) {
		const char *nl = memchr(s, '\n', len);
		size_t n = nl ? (size_t)(nl - s) : len;
		if (n) {
			char *piece = rb_strndup(s, n);
			cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
			if (!piece || !t || !cmark_node_set_literal(t, piece) ||
			    !cmark_node_append_child(parent, t)) {
				free(piece);
				cmark_node_free(t);
				return -1;
			}
			free(piece);
		}
		if (nl) {
			cmark_node *br = cmark_node_new(CMARK_NODE_SOFTBREAK);
			if (!br || !cmark_node_append_child(parent, br)) {
				cmark_node_free(br);
				return -1;
			}
			n++;
		}
		s += n;
		len -= n;
	}
	return 0;
}

/* Renders doc as CommonMark without wrapping and without trailing newlines; frees doc. */
static char *render_cm(cmark_node *doc)
{
	char *out = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
	cmark_node_free(doc);
	if (out) {
		size_t n = strlen(out);
		while (n && out[n - 1] == '\n')
			out[--n] = '\0';
	}
	return out;
}

/* True when cmark's CommonMark renderer gives s back as it is: one line, valid UTF-8, no
 * character it escapes (anywhere, or where a line starts: a list or heading marker). Most
 * titles and prompts are such lines; md_paragraphs then skips cmark (fuzz_answers checks that
 * both ways agree). */
static bool plain_line(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	if (*p == ' ' || *p == '-' || *p == '+' || *p == '=')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	if (p > (const unsigned char *)s && (*p == '.' || *p == ')'))
		return false; /* "1." or "1)" would start a list */
	bool ascii = true;
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x80)
			ascii = false;
		else if (*p < 0x20 || *p == 0x7f || strchr("*_[]#<>\\`~!&", *p))
			return false;
	}
	return ascii || rb_utf8_valid(s, (size_t)(p - (const unsigned char *)s), NULL);
}

/* md_paragraphs always through cmark. */
static char *md_paragraphs_cmark(const char *s)
{
	cmark_node *doc = cmark_node_new(CMARK_NODE_DOCUMENT);
	if (!doc)
		return NULL;
	while (*s) {
		const char *end = strstr(s, "\n\n");
		size_t n = end ? (size_t)(end - s) : strlen(s);
		cmark_node *p = cmark_node_new(CMARK_NODE_PARAGRAPH);
		if (!p || !cmark_node_append_child(doc, p) || add_text(p, s, n)) {
			cmark_node_free(p);
			cmark_node_free(doc);
			return NULL;
		}
		s += n;
		while (*s == '\n')
			s++;
	}
	return render_cm(doc);
}

/* Paragraphs (split at blank lines) of escaped text, or NULL when out of memory. */
static char *md_paragraphs(const char *s)
{
	return plain_line(s) ? strdup(s) : md_paragraphs_cmark(s);
}

static char *escape_inline(const char *s, char *(*paragraphs)(const char *))
{
	char *flat = strdup(s);
	if (!flat)
		return NULL;
	for (char *p = flat; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	char *out = paragraphs(flat);
	free(flat);
	return out;
}

char *rb_md_escape_inline(const char *s)
{
	return escape_inline(s, md_paragraphs);
}

char *rb_md_escape_inline_cmark(const char *s)
{
	return escape_inline(s, md_paragraphs_cmark);
}

/* ---- reading: the text a run of blocks stands for ---- */

struct src {
	const char *text;
	size_t len;
	size_t *start; /* byte offset of each line (0-based index = line - 1) */
	size_t nlines;
};

static int src_init(struct src *s, const char *text, size_t len)
{
	s->text = text;
	s->len = len;
	s->nlines = 1;
	for (size_t i = 0; i < len; i++)
		s->nlines += text[i] == '\n';
	s->start = malloc(s->nlines * sizeof *s->start);
	if (!s->start)
		return -1;
	size_t k = 0;
	s->start[k++] = 0;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			s->start[k++] = i + 1;
	return 0;
}

/* Appends source lines from..to (1-based, inclusive), '\n' between them. */
static void src_lines(struct rb_buf *b, const struct src *s, int from, int to)
{
	for (int l = from; l <= to; l++) {
		if (l < 1 || (size_t)l > s->nlines)
			continue;
		size_t a = s->start[l - 1];
		size_t e = (size_t)l < s->nlines ? s->start[l] - 1 : s->len;
		if (e > a && s->text[e - 1] == '\r')
			e--;
		if (l > from)
			rb_buf_puts(b, "\n");
		rb_buf_append(b, s->text + a, e - a);
	}
}

/* The text of an inline container: literals, a '\n' per line break. */
static void inline_text(struct rb_buf *b, cmark_node *node)
{
	cmark_iter *it = cmark_iter_new(node);
	if (!it) {
		b->oom = 1;
		return;
	}
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE:
			rb_buf_puts(b, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			rb_buf_puts(b, "\n");
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

static bool is_not_answered(cmark_node *n)
{
	if (cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH)
		return false;
	cmark_node *em = cmark_node_first_child(n);
	if (!em || cmark_node_next(em) || cmark_node_get_type(em) != CMARK_NODE_EMPH)
		return false;
	cmark_node *t = cmark_node_first_child(em);
	return t && !cmark_node_next(t) && cmark_node_get_type(t) == CMARK_NODE_TEXT &&
	       strcmp(cmark_node_get_literal(t), NOT_ANSWERED) == 0;
}

/* Options from a list: the items ticked "[x]" when any item has a box, else every item. */
static void list_items(struct rb_buf *b, cmark_node *list)
{
	bool boxes = false, first = true;
	for (int pass = 0; pass < 2; pass++) {
		for (cmark_node *it = cmark_node_first_child(list); it; it = cmark_node_next(it)) {
			struct rb_buf t = {0};
			for (cmark_node *p = cmark_node_first_child(it); p;
			     p = cmark_node_next(p)) {
				if (t.len)
					rb_buf_puts(&t, " ");
				inline_text(&t, p);
			}
			const char *s = t.data ? t.data : "";
			bool box = (s[0] == '[' && (s[1] == 'x' || s[1] == 'X' || s[1] == ' ') &&
				    s[2] == ']');
			if (pass == 0) {
				boxes |= box;
			} else if (!boxes || (box && s[1] != ' ')) {
				const char *label = box ? s + 3 : s;
				while (*label == ' ')
					label++;
				rb_buf_printf(b, "%s%s", first ? "" : ", ", label);
				first = false;
			}
			b->oom |= t.oom;
			rb_buf_free(&t);
		}
	}
}

/* A delimiter row of a pipe table: only '|', '-', ':' and spaces, with a '-'. */
static bool delimiter_row(const char *s)
{
	return strchr(s, '-') && strspn(s, "|-: ") == strlen(s);
}

/* Table rows from pipe-table lines: outer bars and the header with its delimiter row dropped. */
static void table_rows(struct rb_buf *b, const char *raw)
{
	char *copy = strdup(raw ? raw : "");
	char **rows = NULL;
	size_t n = 0;
	size_t nl = 1;
	for (const char *p = copy ? copy : ""; *p; p++)
		nl += *p == '\n';
	if (!copy || !(rows = calloc(nl + 1, sizeof *rows))) {
		b->oom = 1;
		free(copy);
		return;
	}
	for (char *save = NULL, *line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		while (*line == ' ' || *line == '\t')
			line++;
		size_t len = strlen(line);
		while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
			line[--len] = '\0';
		if (!len)
			continue;
		if (*line == '|') {
			line++;
			len--;
		}
		if (len && line[len - 1] == '|') {
			size_t bs = 0;
			while (bs + 1 < len && line[len - 2 - bs] == '\\')
				bs++;
			if (bs % 2 == 0)
				line[--len] = '\0';
		}
		rows[n++] = line;
	}
	size_t from = n >= 2 && delimiter_row(rows[1]) ? 2 : 0;
	for (size_t i = from; i < n; i++)
		rb_buf_printf(b, "%s%s", i > from ? "\n" : "", rows[i]);
	free(rows);
	free(copy);
}

/* A fenced code block (cmark 0.30 does not say, so look at its first line). */
static bool is_fenced(cmark_node *n, const struct src *s)
{
	int l = cmark_node_get_start_line(n);
	if (cmark_node_get_type(n) != CMARK_NODE_CODE_BLOCK || l < 1 || (size_t)l > s->nlines)
		return false;
	const char *p = s->text + s->start[l - 1];
	while (p < s->text + s->len && *p == ' ')
		p++;
	return p < s->text + s->len && (*p == '`' || *p == '~');
}

/* The raw value of the blocks [first, stop) as written under a marker, before checking. */
static int extract(const struct rb_exercise *e, cmark_node *first, cmark_node *stop,
		   const struct src *s, char **out)
{
	struct rb_buf b = {0};
	size_t n = 0;
	for (cmark_node *x = first; x && x != stop; x = cmark_node_next(x))
		n++;
	enum rb_ex_type type = e ? e->type : RB_EX_TEXT;
	if (n == 0 || (n == 1 && is_not_answered(first))) {
		/* not answered */
	} else if (n == 1 && is_fenced(first, s)) {
		const char *lit = cmark_node_get_literal(first);
		size_t len = strlen(lit);
		rb_buf_append(&b, lit, len && lit[len - 1] == '\n' ? len - 1 : len);
	} else if (type == RB_EX_TABLE) {
		struct rb_buf raw = {0};
		for (cmark_node *x = first; x != stop; x = cmark_node_next(x)) {
			if (raw.len)
				rb_buf_puts(&raw, "\n");
			src_lines(&raw, s, cmark_node_get_start_line(x),
				  cmark_node_get_end_line(x));
		}
		table_rows(&b, raw.data);
		b.oom |= raw.oom;
		rb_buf_free(&raw);
	} else if (n == 1 && cmark_node_get_type(first) == CMARK_NODE_LIST &&
		   (type == RB_EX_MULTI || type == RB_EX_CHECKLIST || type == RB_EX_CHOICE)) {
		list_items(&b, first);
	} else {
		for (cmark_node *x = first; x != stop; x = cmark_node_next(x)) {
			if (x != first)
				rb_buf_puts(&b, "\n\n");
			if (cmark_node_get_type(x) == CMARK_NODE_PARAGRAPH)
				inline_text(&b, x);
			else
				src_lines(&b, s, cmark_node_get_start_line(x),
					  cmark_node_get_end_line(x));
		}
	}
	if (b.oom) {
		rb_buf_free(&b);
		return -1;
	}
	*out = b.data ? rb_buf_take(&b) : strdup("");
	return *out ? 0 : -1;
}

/* ---- writing ---- */

static void put_fenced(struct rb_buf *b, const char *v)
{
	size_t run = 0, longest = 0;
	for (const char *p = v; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	size_t fence = longest + 1 > 3 ? longest + 1 : 3;
	for (size_t i = 0; i < fence; i++)
		rb_buf_puts(b, "`");
	rb_buf_printf(b, "text\n%s\n", v);
	for (size_t i = 0; i < fence; i++)
		rb_buf_puts(b, "`");
	rb_buf_puts(b, "\n");
}

static void put_escaped(struct rb_buf *b, const char *s)
{
	char *esc = rb_md_escape_inline(s);
	if (!esc) {
		b->oom = 1;
		return;
	}
	rb_buf_puts(b, esc);
	free(esc);
}

/* The readable form of a canonical value (not yet checked). */
static void put_readable(struct rb_buf *b, const struct rb_exercise *e, const char *v)
{
	switch (e->type) {
	case RB_EX_TEXT: {
		char *p = md_paragraphs(v);
		if (!p)
			b->oom = 1;
		else
			rb_buf_printf(b, "%s\n", p);
		free(p);
		break;
	}
	case RB_EX_SCALE: {
		long pt = strtol(v, NULL, 10);
		struct rb_buf t = {0};
		rb_buf_puts(&t, v);
		if (pt >= e->smin && pt <= e->smax && e->labels && e->labels[pt - e->smin])
			rb_buf_printf(&t, " \xe2\x80\x94 %s", e->labels[pt - e->smin]);
		put_escaped(b, t.data ? t.data : v);
		rb_buf_free(&t);
		rb_buf_puts(b, "\n");
		break;
	}
	case RB_EX_NUMBER: {
		struct rb_buf t = {0};
		rb_buf_printf(&t, "%s%s%s", v, e->unit ? " " : "", e->unit ? e->unit : "");
		put_escaped(b, t.data ? t.data : v);
		rb_buf_free(&t);
		rb_buf_puts(b, "\n");
		break;
	}
	case RB_EX_CHOICE:
		for (size_t i = 0; i < e->noptions; i++)
			if (strcmp(e->options[i].id, v) == 0)
				v = e->options[i].label;
		put_escaped(b, v);
		rb_buf_puts(b, "\n");
		break;
	case RB_EX_MULTI:
	case RB_EX_CHECKLIST:
		for (size_t i = 0; i < e->noptions; i++) {
			rb_buf_puts(b, rb_answer_has_option(e, v, i) ? "- [x] " : "- [ ] ");
			put_escaped(b, e->options[i].label);
			rb_buf_puts(b, "\n");
		}
		break;
	case RB_EX_TABLE: {
		rb_buf_puts(b, "|");
		for (size_t k = 0; k < e->ncolumns; k++) {
			rb_buf_puts(b, " ");
			for (const char *p = e->columns[k].label; *p; p++) {
				if (*p == '|' || *p == '\\')
					rb_buf_puts(b, "\\");
				rb_buf_append(b, *p == '\n' ? " " : p, 1);
			}
			rb_buf_puts(b, " |");
		}
		rb_buf_puts(b, "\n|");
		for (size_t k = 0; k < e->ncolumns; k++)
			rb_buf_puts(b, " --- |");
		rb_buf_puts(b, "\n");
		for (const char *p = v; *p;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			rb_buf_puts(b, "| ");
			rb_buf_append(b, p, n);
			rb_buf_puts(b, " |\n");
			p += nl ? n + 1 : n;
		}
		break;
	}
	}
}

/* Reads body (the markdown under one marker) back as exercise e would be read. */
static bool ends_answer(cmark_node *n);

static bool reads_back(const struct rb_curriculum *c, const struct rb_exercise *e, const char *body,
		       size_t len, const char *want)
{
	/* Read in context: the next section's heading follows in the file, and an answer that
	 * opens a block it does not close (a "~~~" fence, an HTML block) would swallow it. */
	static const char next[] = "\n## next\n";
	struct rb_buf in = {0};
	rb_buf_append(&in, body, len);
	rb_buf_append(&in, next, sizeof next - 1);
	if (in.oom) {
		rb_buf_free(&in);
		return false;
	}
	cmark_node *doc = cmark_parse_document(in.data, in.len, CMARK_OPT_DEFAULT);
	cmark_node *last = doc ? cmark_node_last_child(doc) : NULL;
	/* nothing in the answer may end it when the file is read (a setext "-" underline makes
	 * a level-2 heading: fuzz_answers) */
	for (cmark_node *x = doc ? cmark_node_first_child(doc) : NULL; x && x != last;
	     x = cmark_node_next(x))
		if (ends_answer(x))
			last = NULL;
	struct src s = {0};
	bool same = false;
	char *raw = NULL, *canon = NULL, *err = NULL;
	if (last && cmark_node_get_type(last) == CMARK_NODE_HEADING &&
	    src_init(&s, in.data, in.len) == 0 &&
	    extract(e, cmark_node_first_child(doc), last, &s, &raw) == 0 &&
	    rb_answer_normalize(c, e, raw, &canon, &err) == 0)
		same = strcmp(canon, want) == 0;
	rb_buf_free(&in);
	free(raw);
	free(canon);
	free(err);
	free(s.start);
	cmark_node_free(doc);
	return same;
}

static void put_section(struct rb_buf *b, const struct rb_curriculum *c,
			const struct rb_exercise *e, const char *id, const char *title,
			const char *v)
{
	rb_buf_puts(b, "\n## ");
	put_escaped(b, title);
	rb_buf_printf(b, "\n\n" MARKER "%s -->\n\n", id);
	if (!v || !*v) {
		rb_buf_puts(b, "_" NOT_ANSWERED "_\n");
		return;
	}
	if (e) {
		size_t at = b->len;
		put_readable(b, e, v);
		if (b->oom || reads_back(c, e, b->data + at, b->len - at, v))
			return;
		b->len = at; /* not exact: the canonical value, fenced */
		b->data[at] = '\0';
	}
	put_fenced(b, v);
}

char *rb_answers_md_module(const struct rb_curriculum *c, size_t m, char *const *answers,
			   struct rb_parts *kept)
{
	if (kept && !rb_parts_for(kept, c, c->nexercises))
		kept = NULL;
	const struct rb_module *mod = &c->modules[m];
	struct rb_buf b = {0};
	rb_buf_printf(&b,
		      MARKER_PREFIX
		      "answers %s\n"
		      "Kept by roadbook from the participant's answers. You may edit "
		      "the answers in any text editor;\n"
		      "keep each roadbook:exercise line just above its answer. -->\n\n"
		      "# %zu. ",
		      mod->id, m + 1);
	put_escaped(&b, mod->title ? mod->title : mod->id);
	rb_buf_puts(&b, "\n");
	for (size_t i = 0; i < mod->nexercises; i++) {
		const struct rb_exercise *e = mod->exercises[i];
		const char *v = answers[e->index];
		const char *part = rb_parts_get(kept, e->index, v);
		if (part) {
			rb_buf_puts(&b, part);
			continue;
		}
		size_t at = b.len;
		put_section(&b, c, e, e->id, e->prompt, v);
		if (kept && !b.oom)
			rb_parts_put(kept, e->index, v, rb_strndup(b.data + at, b.len - at));
	}
	return rb_buf_take(&b);
}

char *rb_answers_md_archived(const struct rb_parsed_answers *p)
{
	struct rb_buf b = {0};
	rb_buf_puts(&b, MARKER_PREFIX "answers archived\n"
				      "Answers to exercises the curriculum no longer has, kept so "
				      "that nothing is lost. -->\n\n"
				      "# Archived answers\n");
	for (size_t i = 0; i < p->n; i++)
		if (!p->v[i].known)
			put_section(&b, NULL, NULL, p->v[i].id, p->v[i].id, p->v[i].value);
	return rb_buf_take(&b);
}

/* ---- reading a whole file ---- */

static bool is_roadbook_html(cmark_node *n)
{
	return cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK &&
	       strncmp(cmark_node_get_literal(n), MARKER_PREFIX, strlen(MARKER_PREFIX)) == 0;
}

static bool ends_answer(cmark_node *n)
{
	return is_roadbook_html(n) || (cmark_node_get_type(n) == CMARK_NODE_HEADING &&
				       cmark_node_get_heading_level(n) <= 2);
}

/* The id of a marker line, or NULL (malloc'd) when the line is damaged; *oom on failure. */
static char *marker_id(const char *lit, int *oom)
{
	if (strncmp(lit, MARKER, strlen(MARKER)) != 0)
		return NULL;
	const char *p = lit + strlen(MARKER);
	const char *end = strstr(p, "-->");
	if (!end)
		return NULL;
	for (const char *q = end + 3; *q; q++)
		if (*q != ' ' && *q != '\n' && *q != '\r' && *q != '\t')
			return NULL;
	while (*p == ' ')
		p++;
	size_t n = (size_t)(end - p);
	while (n && p[n - 1] == ' ')
		n--;
	char *id = rb_strndup(p, n);
	if (!id) {
		*oom = 1;
		return NULL;
	}
	if (!rb_is_slug(id)) {
		free(id);
		return NULL;
	}
	return id;
}

int rb_parsed_answers_add(struct rb_parsed_answers *out, char *id, char *value, int line,
			  bool known)
{
	if (id && value && out->n == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 16;
		struct rb_parsed_answer *v = realloc(out->v, cap * sizeof *v);
		if (v) {
			out->v = v;
			out->cap = cap;
		}
	}
	if (!id || !value || out->n == out->cap) {
		free(id);
		free(value);
		return -1;
	}
	out->v[out->n++] = (struct rb_parsed_answer){id, value, line, known};
	return 0;
}

static int parse_marker(const struct rb_curriculum *c, const char *file, cmark_node *marker,
			const struct src *s, struct rb_parsed_answers *out, struct rb_diags *d)
{
	int line = cmark_node_get_start_line(marker), oom = 0;
	const char *lit = cmark_node_get_literal(marker);
	if (strncmp(lit, MARKER_PREFIX "answers", strlen(MARKER_PREFIX "answers")) == 0)
		return 0;
	char *id = marker_id(lit, &oom);
	if (oom)
		return -1;
	if (!id)
		return rb_diags_add(d, file, line,
				    "this roadbook line is damaged; it should read <!-- "
				    "roadbook:exercise EXERCISE-ID --> with the id of an exercise");
	for (size_t i = 0; i < out->n; i++) {
		if (strcmp(out->v[i].id, id) == 0) {
			int rc =
			    rb_diags_add(d, file, line,
					 "the answer to '%s' is given twice (first on line %d); "
					 "keep one of them",
					 id, out->v[i].line);
			free(id);
			return rc;
		}
	}
	cmark_node *stop = cmark_node_next(marker);
	while (stop && !ends_answer(stop))
		stop = cmark_node_next(stop);
	const struct rb_exercise *e = c ? rb_curriculum_exercise(c, id) : NULL;
	char *raw = NULL, *canon = NULL, *err = NULL;
	if (extract(e, cmark_node_next(marker), stop, s, &raw) < 0) {
		free(id);
		return -1;
	}
	/* an exercise the curriculum no longer has: kept as free text, in the same canonical
	 * form as any text answer, so that writing it back reads the same (fuzz_answers) */
	int rc = e ? rb_answer_normalize(c, e, raw, &canon, &err)
		   : rb_answer_normalize_text(raw, &canon, &err);
	free(raw);
	if (rc == 0 && !e && !*canon) {
		free(canon);
		free(id);
		return 0; /* nothing to keep */
	}
	if (rc == 0)
		return rb_parsed_answers_add(out, id, canon, line, e != NULL);
	if (rc < 0) {
		free(id);
		free(err);
		return -1;
	}
	rc = rb_diags_add(d, file, line, "the answer to '%s' cannot be used: %s", id, err);
	free(id);
	free(err);
	return rc;
}

int rb_answers_md_parse(const struct rb_curriculum *c, const char *file, const char *text,
			size_t len, struct rb_parsed_answers *out, struct rb_diags *d)
{
	size_t bad;
	if (memchr(text, '\0', len) || !rb_utf8_valid(text, len, &bad)) {
		const char *nul = memchr(text, '\0', len);
		size_t at = nul ? (size_t)(nul - text) : bad;
		int line = 1;
		for (size_t i = 0; i < at && i < len; i++)
			line += text[i] == '\n';
		return rb_diags_add(d, file, line,
				    "this line is not readable text (not UTF-8); retype it or "
				    "undo the change");
	}
	/* line ends as cmark reads them: "\r\n", "\r" and "\n" all become "\n" */
	char *lf = malloc(len + 1);
	size_t nlf = 0;
	if (!lf)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
			continue;
		lf[nlf++] = text[i] == '\r' ? '\n' : text[i];
	}
	text = lf;
	len = nlf;
	cmark_node *doc = cmark_parse_document(text, len, CMARK_OPT_DEFAULT);
	struct src s = {0};
	int rc = -1;
	if (!doc || src_init(&s, text, len) < 0)
		goto done;
	rc = 0;
	for (cmark_node *n = cmark_node_first_child(doc); n && rc == 0; n = cmark_node_next(n))
		if (is_roadbook_html(n))
			rc = parse_marker(c, file, n, &s, out, d);
done:
	free(s.start);
	cmark_node_free(doc);
	free(lf);
	return rc;
}

void rb_parsed_answers_free(struct rb_parsed_answers *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].id);
		free(p->v[i].value);
	}
	free(p->v);
	memset(p, 0, sizeof *p);
}
