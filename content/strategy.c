/* strategy.c - the strategy document as a cmark syntax tree (see strategy.h). */
#include "content/strategy.h"

#include "content/answer.h"
#include "content/buf.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

/* Appends a new node of type t to parent; NULL when out of memory. */
static cmark_node *add(cmark_node *parent, cmark_node_type t)
{
	cmark_node *n = cmark_node_new(t);
	if (n && !cmark_node_append_child(parent, n)) {
		cmark_node_free(n);
		return NULL;
	}
	return n;
}

/* Appends literal text (as a text node, or inside emph/strong). */
static bool add_text(cmark_node *parent, cmark_node_type wrap, const char *s)
{
	cmark_node *p = parent;
	if (wrap != CMARK_NODE_NONE && !(p = add(parent, wrap)))
		return false;
	cmark_node *t = add(p, CMARK_NODE_TEXT);
	return t && cmark_node_set_literal(t, s);
}

static bool heading(cmark_node *doc, int level, const char *text)
{
	cmark_node *h = add(doc, CMARK_NODE_HEADING);
	return h && cmark_node_set_heading_level(h, level) && add_text(h, CMARK_NODE_NONE, text);
}

static cmark_node *para(cmark_node *parent)
{
	return add(parent, CMARK_NODE_PARAGRAPH);
}

/* Free text: blank lines separate paragraphs, single newlines become line breaks. */
static bool text_answer(cmark_node *doc, const char *v)
{
	cmark_node *p = NULL;
	const char *s = v;
	while (*s) {
		const char *eol = strchr(s, '\n');
		size_t n = eol ? (size_t)(eol - s) : strlen(s);
		bool blank = true;
		for (size_t i = 0; i < n; i++)
			blank &= s[i] == ' ';
		if (blank) {
			p = NULL;
		} else {
			if (p && !add(p, CMARK_NODE_LINEBREAK))
				return false;
			if (!p && !(p = para(doc)))
				return false;
			char *line = rb_strndup(s, n);
			bool ok = line && add_text(p, CMARK_NODE_NONE, line);
			free(line);
			if (!ok)
				return false;
		}
		s = eol ? eol + 1 : s + n;
	}
	return true;
}

static bool list_item(cmark_node *list, const char *strong, const char *text)
{
	cmark_node *item = add(list, CMARK_NODE_ITEM);
	cmark_node *p = item ? para(item) : NULL;
	if (!p)
		return false;
	if (strong && !add_text(p, CMARK_NODE_STRONG, strong))
		return false;
	return !text || !*text || add_text(p, CMARK_NODE_NONE, text);
}

static cmark_node *bullet_list(cmark_node *doc)
{
	cmark_node *l = add(doc, CMARK_NODE_LIST);
	if (l) {
		cmark_node_set_list_type(l, CMARK_BULLET_LIST);
		cmark_node_set_list_tight(l, 1);
	}
	return l;
}

static bool table_answer(cmark_node *doc, const struct rb_exercise *e, const char *v)
{
	struct rb_table t;
	if (rb_table_parse(v, e->ncolumns, &t) < 0)
		return false;
	cmark_node *list = bullet_list(doc);
	bool ok = list != NULL;
	for (size_t r = 0; ok && r < t.nrows; r++) {
		char **row = t.cells + r * t.ncols;
		struct rb_buf b = {0};
		for (size_t c = 1; c < t.ncols; c++)
			if (*row[c])
				rb_buf_printf(&b, "%s%s: %s", b.len ? "; " : " — ",
					      e->columns[c].label, row[c]);
		ok = list_item(list, *row[0] ? row[0] : "(untitled)", b.data ? b.data : "");
		rb_buf_free(&b);
	}
	rb_table_free(&t);
	return ok;
}

static bool options_answer(cmark_node *doc, const struct rb_exercise *e, const char *v)
{
	cmark_node *list = bullet_list(doc);
	if (!list)
		return false;
	size_t k = 0;
	for (size_t i = 0; i < e->noptions; i++)
		if (rb_answer_has_option(e, v, i)) {
			k++;
			if (!list_item(list, NULL, e->options[i].label))
				return false;
		}
	if (e->type == RB_EX_CHECKLIST) {
		struct rb_buf b = {0};
		rb_buf_printf(&b, "%zu of %zu in place.", k, e->noptions);
		cmark_node *p = para(doc);
		bool ok = p && b.data && add_text(p, CMARK_NODE_EMPH, b.data);
		rb_buf_free(&b);
		return ok;
	}
	return true;
}

static bool answer(cmark_node *doc, const struct rb_exercise *e, const char *v)
{
	switch (e->type) {
	case RB_EX_TEXT:
		return text_answer(doc, v);
	case RB_EX_MULTI:
	case RB_EX_CHECKLIST:
		return options_answer(doc, e, v);
	case RB_EX_TABLE:
		return table_answer(doc, e, v);
	case RB_EX_SCALE: {
		long pt = strtol(v, NULL, 10);
		struct rb_buf b = {0};
		rb_buf_printf(&b, "%ld of %d", pt, e->smax);
		cmark_node *p = para(doc);
		bool ok = p && b.data && add_text(p, CMARK_NODE_STRONG, b.data);
		if (ok && pt >= e->smin && pt <= e->smax)
			ok = add_text(p, CMARK_NODE_NONE, " — ") &&
			     add_text(p, CMARK_NODE_NONE, e->labels[pt - e->smin]);
		rb_buf_free(&b);
		return ok;
	}
	default: {
		char *s = rb_answer_summary(e, v);
		cmark_node *p = para(doc);
		bool ok = s && p && add_text(p, CMARK_NODE_NONE, s);
		free(s);
		return ok;
	}
	}
}

static cmark_node *build(const struct rb_curriculum *c, char *const *answers,
			 const struct rb_strategy_info *info, unsigned flags)
{
	cmark_node *doc = cmark_node_new(CMARK_NODE_DOCUMENT);
	if (!doc)
		return NULL;
	struct rb_buf title = {0};
	rb_buf_printf(&title, "%s%sDigital strategy and technology roadmap",
		      info && info->company ? info->company : "",
		      info && info->company ? ": " : "");
	bool ok = title.data && heading(doc, 1, title.data);
	rb_buf_free(&title);
	cmark_node *p = ok ? para(doc) : NULL;
	ok = p != NULL;
	if (ok && info && info->name)
		ok = add_text(p, CMARK_NODE_NONE, "Prepared by ") &&
		     add_text(p, CMARK_NODE_STRONG, info->name);
	if (ok && info && info->date)
		ok = add_text(p, CMARK_NODE_NONE, info->name ? ", " : "") &&
		     add_text(p, CMARK_NODE_NONE, info->date);
	if (ok && c->title)
		ok = add_text(p, CMARK_NODE_NONE,
			      (info && (info->name || info->date)) ? " — " : "") &&
		     add_text(p, CMARK_NODE_EMPH, c->title);
	for (size_t s = 0; ok && s < c->nsections; s++) {
		const struct rb_section *sec = &c->sections[s];
		ok = heading(doc, 2, sec->title) && (p = para(doc)) &&
		     add_text(p, CMARK_NODE_EMPH, sec->intro);
		for (size_t i = 0; ok && i < c->nexercises; i++) {
			const struct rb_exercise *e = c->exercises[i];
			if (strcmp(e->section, sec->id) != 0)
				continue;
			const char *v = answers ? answers[i] : NULL;
			if (!v && (flags & RB_STRATEGY_OMIT_UNANSWERED))
				continue;
			ok = heading(doc, 3, e->prompt);
			if (ok && v)
				ok = answer(doc, e, v);
			else if (ok)
				ok = (p = para(doc)) &&
				     add_text(p, CMARK_NODE_EMPH, "Not answered yet.");
		}
	}
	if (!ok) {
		cmark_node_free(doc);
		return NULL;
	}
	return doc;
}

char *rb_strategy_markdown(const struct rb_curriculum *c, char *const *answers,
			   const struct rb_strategy_info *info, unsigned flags)
{
	cmark_node *doc = build(c, answers, info, flags);
	if (!doc)
		return NULL;
	char *md = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
	cmark_node_free(doc);
	return md;
}

char *rb_strategy_html(const struct rb_curriculum *c, char *const *answers,
		       const struct rb_strategy_info *info, unsigned flags)
{
	cmark_node *doc = build(c, answers, info, flags);
	if (!doc)
		return NULL;
	char *body = cmark_render_html(doc, CMARK_OPT_DEFAULT);
	cmark_node_free(doc);
	if (!body)
		return NULL;
	struct rb_buf b = {0};
	rb_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			"<title>Digital strategy and technology roadmap</title>\n"
			"<style>body{font-family:Georgia,serif;max-width:42em;margin:2em auto;"
			"line-height:1.5;padding:0 1em}h1,h2,h3{font-family:Helvetica,Arial,"
			"sans-serif}h2{border-bottom:1px solid #999;margin-top:2em}"
			"@media print{h2{break-before:page}li{break-inside:avoid}}</style>\n"
			"</head>\n<body>\n");
	rb_buf_puts(&b, body);
	rb_buf_puts(&b, "</body>\n</html>\n");
	free(body);
	return rb_buf_take(&b);
}
