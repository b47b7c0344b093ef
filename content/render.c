/* render.c - walks cmark's syntax tree (with cmark_iter: no recursion, so no nesting limit) and
 * lays each block out through render_layout.c. Links are numbered and listed at the end. */
#include "content/render.h"

#include "content/lesson.h"

#include "content/render_layout.h"
#include "content/utf8.h"

#include <stdlib.h>
#include <string.h>

#define RULE        "\xE2\x94\x80" /* ─ */
#define DOUBLE_RULE "\xE2\x95\x90" /* ═ */

static const char *const bullets[] = {"\xE2\x80\xA2 ", "\xE2\x97\xA6 ", "\xE2\x96\xAA "}; /* •◦▪ */

struct list_info {
	long next;          /* number of the next item */
	unsigned num_width; /* digits of the largest number */
	bool ordered, paren;
	unsigned bullet_depth;
};

/* Link URLs in order of first use, with a hash index so repeated URLs share one number. */
struct refs {
	char **urls;
	size_t n, cap;
	size_t *slots; /* index + 1, 0 when empty */
	size_t nslots;
};

struct renderer {
	struct rb_layout L;
	struct list_info *lists;
	size_t nlists, caplists;
	struct refs refs;
	int emph, strong, link, quote, heading;
	int blocks;
	bool need_blank;
};

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

static int refs_rehash(struct refs *r)
{
	size_t ns = r->nslots ? r->nslots * 2 : 64;
	size_t *slots = calloc(ns, sizeof *slots);
	if (!slots)
		return -1;
	for (size_t i = 0; i < r->n; i++) {
		size_t h = (size_t)hash(r->urls[i], strlen(r->urls[i])) & (ns - 1);
		while (slots[h])
			h = (h + 1) & (ns - 1);
		slots[h] = i + 1;
	}
	free(r->slots);
	r->slots = slots;
	r->nslots = ns;
	return 0;
}

/* Number (1-based) of the sanitised url; 0 when out of memory. */
static size_t refs_number(struct refs *r, const char *url, size_t n)
{
	if ((r->n + 1) * 2 > r->nslots && refs_rehash(r))
		return 0;
	size_t h = (size_t)hash(url, n) & (r->nslots - 1);
	for (; r->slots[h]; h = (h + 1) & (r->nslots - 1)) {
		const char *u = r->urls[r->slots[h] - 1];
		if (strlen(u) == n && memcmp(u, url, n) == 0)
			return r->slots[h];
	}
	if (r->n == r->cap) {
		size_t c = r->cap ? r->cap * 2 : 16;
		char **v = realloc(r->urls, c * sizeof *v);
		if (!v)
			return 0;
		r->urls = v;
		r->cap = c;
	}
	char *copy = malloc(n + 1);
	if (!copy)
		return 0;
	memcpy(copy, url, n);
	copy[n] = '\0';
	r->urls[r->n++] = copy;
	r->slots[h] = r->n;
	return r->n;
}

static void refs_free(struct refs *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->urls[i]);
	free(r->urls);
	free(r->slots);
}

static uint16_t style_now(const struct renderer *R)
{
	uint16_t s = 0;
	if (R->emph)
		s |= RB_S_ITALIC;
	if (R->strong)
		s |= RB_S_BOLD;
	if (R->link)
		s |= RB_S_LINK;
	if (R->quote)
		s |= RB_S_QUOTE;
	if (R->heading)
		s |= RB_S_HEADING | RB_S_BOLD;
	return s;
}

static unsigned digits(long v)
{
	unsigned d = 1;
	while (v >= 10 || v <= -10) {
		v /= 10;
		d++;
	}
	return d;
}

/* Separates a block from the one before it with a blank line, when one is due. */
static int block_start(struct renderer *R)
{
	bool due = R->need_blank && R->L.emitted && !R->L.last_blank;
	R->need_blank = false;
	return due ? rb_layout_blank(&R->L) : 0;
}

/* Blocks inside a tight list are not separated by blank lines. */
static void block_end(struct renderer *R, cmark_node *node)
{
	cmark_node *parent = cmark_node_parent(node);
	cmark_node_type pt = parent ? cmark_node_get_type(parent) : CMARK_NODE_NONE;
	if (pt == CMARK_NODE_ITEM)
		parent = cmark_node_parent(parent);
	else if (pt != CMARK_NODE_LIST)
		parent = NULL;
	R->need_blank = !(parent && cmark_node_get_list_tight(parent));
}

static int list_enter(struct renderer *R, cmark_node *node)
{
	if (R->nlists == R->caplists) {
		size_t c = R->caplists ? R->caplists * 2 : 8;
		struct list_info *v = realloc(R->lists, c * sizeof *v);
		if (!v)
			return -1;
		R->lists = v;
		R->caplists = c;
	}
	struct list_info *li = &R->lists[R->nlists];
	memset(li, 0, sizeof *li);
	li->ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
	if (li->ordered) {
		long items = 0;
		for (cmark_node *c = cmark_node_first_child(node); c; c = cmark_node_next(c))
			items++;
		li->next = cmark_node_get_list_start(node);
		li->num_width = digits(li->next + (items ? items - 1 : 0));
		if (li->num_width > 10)
			li->num_width = 10;
		li->paren = cmark_node_get_list_delim(node) == CMARK_PAREN_DELIM;
	}
	for (size_t i = 0; i < R->nlists; i++)
		li->bullet_depth += !R->lists[i].ordered;
	R->nlists++;
	return 0;
}

static int item_enter(struct renderer *R)
{
	char marker[16];
	unsigned cols;
	if (R->nlists == 0)
		return rb_layout_push(&R->L, RB_BOX_ITEM, bullets[0], 2);
	struct list_info *li = &R->lists[R->nlists - 1];
	if (li->ordered) {
		int n = snprintf(marker, sizeof marker, "%*ld%c ", (int)li->num_width, li->next++,
				 li->paren ? ')' : '.');
		cols = n > 0 && (size_t)n < sizeof marker ? (unsigned)n : 0;
		if (!cols)
			marker[0] = '\0';
	} else {
		strcpy(marker, bullets[li->bullet_depth % 3]);
		cols = 2;
	}
	return rb_layout_push(&R->L, RB_BOX_ITEM, marker, cols);
}

/* The info string's first word is "roadbook". */
static bool is_roadbook(cmark_node *node)
{
	return rb_info_is_roadbook(cmark_node_get_fence_info(node));
}

static int code_block(struct renderer *R, cmark_node *node)
{
	if (is_roadbook(node))
		return rb_layout_block(&R->L, R->blocks++);
	const char *lit = cmark_node_get_literal(node);
	if (rb_layout_push(&R->L, RB_BOX_INDENT, NULL, 4))
		return -1;
	int rc = rb_layout_code(&R->L, lit, lit ? strlen(lit) : 0);
	rb_layout_pop(&R->L);
	return rc;
}

/* A link whose text is its URL (an autolink) needs no number. */
static bool link_shows_url(cmark_node *link, const char *url)
{
	cmark_node *c = cmark_node_first_child(link);
	if (!c || cmark_node_next(c) || cmark_node_get_type(c) != CMARK_NODE_TEXT)
		return false;
	const char *text = cmark_node_get_literal(c);
	if (!text)
		return false;
	if (strncmp(url, "mailto:", 7) == 0 && strcmp(url + 7, text) == 0)
		return true;
	return strcmp(url, text) == 0;
}

static int link_exit(struct renderer *R, cmark_node *node)
{
	const char *url = cmark_node_get_url(node);
	if (!url || !*url || link_shows_url(node, url))
		return 0;
	size_t n = 0;
	char *safe = rb_sanitize(url, strlen(url), RB_SAN_SINGLE_LINE, &n);
	if (!safe)
		return -1;
	size_t num = n ? refs_number(&R->refs, safe, n) : 0;
	free(safe);
	if (n && !num)
		return -1;
	if (!num)
		return 0;
	char mark[32];
	int k = snprintf(mark, sizeof mark, "[%zu]", num);
	return rb_para_add_safe(&R->L.para, mark, (size_t)k, RB_S_MARKER | RB_S_DIM);
}

static int heading_enter(struct renderer *R, cmark_node *node)
{
	int level = cmark_node_get_heading_level(node);
	R->heading = level;
	if (level < 3)
		return 0;
	static const char hashes[] = "###### ";
	int k = level > 6 ? 6 : level;
	return rb_para_add_safe(&R->L.para, hashes + 6 - k, (size_t)k + 1,
				RB_S_MARKER | RB_S_HEADING | RB_S_BOLD);
}

static int heading_exit(struct renderer *R)
{
	unsigned cols = 0;
	int level = R->heading;
	R->heading = 0;
	if (rb_layout_flush(&R->L, RB_LINE_HEADING, level, &cols))
		return -1;
	if (level > 2 || cols == 0)
		return 0;
	return rb_layout_repeat(&R->L, level == 1 ? DOUBLE_RULE : RULE, cols, RB_LINE_HEADING,
				level);
}

static int references(struct renderer *R)
{
	struct refs *r = &R->refs;
	if (r->n == 0)
		return 0;
	R->need_blank = true;
	if (block_start(R) ||
	    rb_para_add_safe(&R->L.para, "References", 10, RB_S_BOLD | RB_S_HEADING) ||
	    rb_layout_flush(&R->L, RB_LINE_TEXT, 0, NULL))
		return -1;
	unsigned w = digits((long)r->n);
	for (size_t i = 0; i < r->n; i++) {
		char mark[32];
		int k = snprintf(mark, sizeof mark, "%*s[%zu] ", (int)(w - digits((long)i + 1)), "",
				 i + 1);
		if (rb_layout_push(&R->L, RB_BOX_ITEM, mark, (unsigned)k) ||
		    rb_para_add_safe(&R->L.para, r->urls[i], strlen(r->urls[i]), RB_S_LINK) ||
		    rb_layout_flush(&R->L, RB_LINE_TEXT, 0, NULL))
			return -1;
		rb_layout_pop(&R->L);
	}
	return 0;
}

static int literal(struct renderer *R, cmark_node *node, uint16_t extra)
{
	const char *s = cmark_node_get_literal(node);
	if (!s)
		return 0;
	return rb_para_add(&R->L.para, s, strlen(s), style_now(R) | extra, RB_SAN_SINGLE_LINE);
}

/* Handles one event; 0 or -1 (out of memory). */
static int visit(struct renderer *R, cmark_node *node, bool entering)
{
	struct rb_para *P = &R->L.para;
	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_BLOCK_QUOTE:
		if (entering) {
			R->quote++;
			return block_start(R) || rb_layout_push(&R->L, RB_BOX_QUOTE, NULL, 2) ? -1
											      : 0;
		}
		R->quote--;
		rb_layout_pop(&R->L);
		block_end(R, node);
		return 0;
	case CMARK_NODE_LIST:
		if (entering)
			return block_start(R) || list_enter(R, node) ? -1 : 0;
		R->nlists--;
		block_end(R, node);
		return 0;
	case CMARK_NODE_ITEM:
		if (entering)
			return block_start(R) || item_enter(R) ? -1 : 0;
		block_end(R, node);
		return rb_layout_pop(&R->L);
	case CMARK_NODE_PARAGRAPH:
	case CMARK_NODE_CUSTOM_BLOCK:
		if (entering)
			return block_start(R);
		block_end(R, node);
		return rb_layout_flush(&R->L, RB_LINE_TEXT, 0, NULL);
	case CMARK_NODE_HEADING:
		if (entering)
			return block_start(R) || heading_enter(R, node) ? -1 : 0;
		block_end(R, node);
		return heading_exit(R);
	case CMARK_NODE_CODE_BLOCK:
		if (block_start(R) || code_block(R, node))
			return -1;
		block_end(R, node);
		return 0;
	case CMARK_NODE_THEMATIC_BREAK:
		if (block_start(R) || rb_layout_repeat(&R->L, RULE, 0, RB_LINE_RULE, 0))
			return -1;
		block_end(R, node);
		return 0;
	case CMARK_NODE_TEXT:
		return literal(R, node, 0);
	case CMARK_NODE_CODE:
		return literal(R, node, RB_S_CODE);
	case CMARK_NODE_SOFTBREAK:
		return rb_para_add_safe(P, " ", 1, style_now(R));
	case CMARK_NODE_LINEBREAK:
		return rb_para_add_safe(P, "\n", 1, style_now(R));
	case CMARK_NODE_EMPH:
		R->emph += entering ? 1 : -1;
		return 0;
	case CMARK_NODE_STRONG:
		R->strong += entering ? 1 : -1;
		return 0;
	case CMARK_NODE_LINK:
		R->link += entering ? 1 : -1;
		return entering ? 0 : link_exit(R, node);
	case CMARK_NODE_IMAGE:
		if (entering && cmark_node_first_child(node))
			return rb_para_add_safe(P, "[image: ", 8, style_now(R) | RB_S_DIM);
		if (entering)
			return rb_para_add_safe(P, "[image", 6, style_now(R) | RB_S_DIM);
		return rb_para_add_safe(P, "]", 1, style_now(R) | RB_S_DIM);
	default: /* document, HTML (dropped), custom inlines */
		return 0;
	}
}

int rb_render_document(cmark_node *doc, int width, struct rb_lines *out)
{
	struct renderer R;
	cmark_iter *it;
	cmark_event_type ev;
	int rc = -1;

	memset(&R, 0, sizeof R);
	rb_layout_init(&R.L, out, width);
	it = cmark_iter_new(doc);
	if (!it)
		goto done;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (visit(&R, cmark_iter_get_node(it), ev == CMARK_EVENT_ENTER))
			goto done;
	}
	rc = references(&R);
done:
	if (it)
		cmark_iter_free(it);
	refs_free(&R.refs);
	free(R.lists);
	rb_layout_done(&R.L);
	return rc;
}

int rb_render_markdown(const char *md, size_t len, int width, struct rb_lines *out)
{
	cmark_node *doc = cmark_parse_document(md ? md : "", md ? len : 0, CMARK_OPT_DEFAULT);
	if (!doc)
		return -1;
	int rc = rb_render_document(doc, width, out);
	cmark_node_free(doc);
	return rc;
}
