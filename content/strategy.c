/* strategy.c - the strategy document as a cmark syntax tree (see strategy.h). */
#include "content/strategy.h"

#include "content/answer.h"
#include "content/buf.h"
#include "content/parts.h"
#include "content/roadmap.h"
#include "content/strategy_internal.h"

#include <cmark.h>
#include <stdio.h>
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

/* £12,345 (whole pounds, thousands separated). */
static void money(struct rb_buf *b, double v)
{
	long long n = (long long)(v < 0 ? -v + 0.5 : v + 0.5);
	char digits[32], out[48];
	snprintf(digits, sizeof digits, "%lld", n);
	size_t len = strlen(digits), o = 0;
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	rb_buf_printf(b, "%s£%s", v < 0 ? "-" : "", out);
}

static const char *dimension_title(const struct rb_curriculum *c, const char *id)
{
	const struct rb_dimension *d = id && *id ? rb_curriculum_dimension(c, id) : NULL;
	return d ? d->title : id;
}

/* The readiness profile: each dimension now and as a target, the gap, and what moves it. */
static bool readiness_profile(cmark_node *doc, const struct rb_readiness *rows, size_t n,
			      const struct rb_roadmap *rm)
{
	if (!heading(doc, 3, "Readiness profile"))
		return false;
	cmark_node *list = bullet_list(doc);
	if (!list)
		return false;
	double now = 0, target = 0;
	int counted = 0;
	for (size_t i = 0; i < n; i++) {
		const struct rb_readiness *r = &rows[i];
		struct rb_buf b = {0};
		if (r->current < 0 && r->target < 0) {
			rb_buf_puts(&b, " — not assessed yet.");
		} else {
			rb_buf_puts(&b, " — ");
			if (r->current >= 0)
				rb_buf_printf(&b, "now %d of %d", r->current, r->max);
			if (r->target >= 0)
				rb_buf_printf(&b, "%starget %d", r->current >= 0 ? ", " : "",
					      r->target);
			if (r->current >= 0 && r->target > r->current) {
				rb_buf_printf(&b, " (gap %d). ", r->target - r->current);
				if (!r->nmoved)
					rb_buf_puts(&b,
						    "No initiative on the roadmap moves this yet.");
				for (size_t k = 0; k < r->nmoved; k++)
					rb_buf_printf(&b, "%s%s", k ? "; " : "Moved by: ",
						      rm->v[r->moved_by[k]].title);
				if (r->nmoved)
					rb_buf_puts(&b, ".");
			} else {
				rb_buf_puts(&b, ".");
			}
			if (r->current >= 0 && r->target >= 0) {
				now += r->current;
				target += r->target;
				counted++;
			}
		}
		bool ok = b.data && list_item(list, r->dim->title, b.data);
		rb_buf_free(&b);
		if (!ok)
			return false;
	}
	if (!counted)
		return true;
	struct rb_buf b = {0};
	rb_buf_printf(&b, "Average over %d dimensions: now %.1f, target %.1f.", counted,
		      now / counted, target / counted);
	cmark_node *p = para(doc);
	bool ok = p && b.data && add_text(p, CMARK_NODE_EMPH, b.data);
	rb_buf_free(&b);
	return ok;
}

/* One initiative's line: start, owner, money, payback, KPI, dimension, dependencies, and the
 * checks that need the participant's attention. */
static void initiative_text(struct rb_buf *b, const struct rb_curriculum *c,
			    const struct rb_roadmap *rm, const struct rb_initiative *in)
{
	char q[16];
	const char *sep = " — ";
	if (in->start >= 0) {
		rb_quarter_name(in->start, q, sizeof q);
		rb_buf_printf(b, "%sstarts %s", sep, q);
		sep = "; ";
	}
	if (*in->owner) {
		rb_buf_printf(b, "%sowner: %s", sep, in->owner);
		sep = "; ";
	}
	if (in->has_cost) {
		rb_buf_printf(b, "%scost ", sep);
		money(b, in->cost);
		if (rm->grant_share > 0) {
			rb_buf_puts(b, " (");
			money(b, in->net_cost);
			rb_buf_puts(b, " after the grant)");
		}
		sep = "; ";
	}
	if (in->has_benefit) {
		rb_buf_printf(b, "%sbenefit ", sep);
		money(b, in->benefit);
		rb_buf_puts(b, " a year");
		sep = "; ";
	}
	if (in->has_cost) {
		if (in->payback_years >= 0)
			rb_buf_printf(b, "%spayback %.1f years", sep, in->payback_years);
		else
			rb_buf_printf(b, "%sno payback", sep);
		sep = "; ";
	}
	if (*in->kpi) {
		rb_buf_printf(b, "%sKPI: %s", sep, in->kpi);
		sep = "; ";
	}
	if (*in->dimension) {
		rb_buf_printf(b, "%smoves: %s", sep, dimension_title(c, in->dimension));
		sep = "; ";
	}
	if (in->ndeps) {
		rb_buf_printf(b, "%sdepends on: ", sep);
		for (size_t k = 0; k < in->ndeps; k++)
			rb_buf_printf(b, "%s%s", k ? ", " : "", rm->v[in->deps[k]].title);
	}
	rb_buf_puts(b, ".");
	if (in->starts_before >= 0)
		rb_buf_printf(b, " Check: it starts before %s, which it depends on.",
			      rm->v[in->starts_before].title);
	if (in->in_cycle)
		rb_buf_puts(b, " Check: it is part of a loop of initiatives that depend on each "
			       "other.");
	for (size_t k = 0; k < in->nunknown; k++)
		rb_buf_printf(b, " Check: it depends on \"%s\", which is not on the roadmap.",
			      in->unknown[k]);
}

/* The roadmap as Now / Next / Later, with totals and payback. */
static bool roadmap_answer(cmark_node *doc, const struct rb_curriculum *c,
			   const struct rb_roadmap *rm)
{
	for (int h = RB_NOW; h <= RB_HORIZON_NONE; h++) {
		size_t count = 0;
		for (size_t i = 0; i < rm->n; i++)
			count += rm->v[i].horizon == (enum rb_horizon)h;
		if (!count)
			continue;
		struct rb_buf b = {0};
		if (h == RB_HORIZON_NONE) {
			rb_buf_puts(&b, "Not yet placed");
		} else {
			rb_buf_printf(&b, "%s: %zu initiative%s, ", rb_horizon_name(h), count,
				      count == 1 ? "" : "s");
			money(&b, rm->cost[h]);
			if (rm->grant_share > 0) {
				rb_buf_puts(&b, " (");
				money(&b, rm->net_cost[h]);
				rb_buf_puts(&b, " after the grant)");
			}
			rb_buf_puts(&b, ", ");
			money(&b, rm->benefit[h]);
			rb_buf_puts(&b, " a year");
		}
		bool ok = b.data && heading(doc, 4, b.data);
		rb_buf_free(&b);
		cmark_node *list = ok ? bullet_list(doc) : NULL;
		if (!list)
			return false;
		for (size_t i = 0; i < rm->n; i++) {
			const struct rb_initiative *in = &rm->v[i];
			if (in->horizon != (enum rb_horizon)h)
				continue;
			initiative_text(&b, c, rm, in);
			ok = b.data &&
			     list_item(list, *in->title ? in->title : "(untitled)", b.data);
			rb_buf_free(&b);
			if (!ok)
				return false;
		}
	}
	return true;
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

struct h3_map {
	long *v;
	size_t n;
	bool oom;
};

static void map_add(struct h3_map *m, long ex)
{
	if (!m || m->oom)
		return;
	long *v = realloc(m->v, (m->n + 1) * sizeof *v);
	if (!v) {
		m->oom = true;
		return;
	}
	m->v = v;
	v[m->n++] = ex;
}

static char *render_md(cmark_node *doc);

struct rb_strategy_cache {
	struct rb_parts road;    /* the roadmap's part, kept with the two answers it is made from */
	struct rb_parts profile; /* the readiness profile's section, kept with what it shows */
	struct rb_parts ex;      /* per exercise: its part, kept with the answer it shows */
	struct rb_parts sec;     /* per section: its heading and introduction (none for the one that
				  * holds the readiness profile, which every answer may change) */
};

/* Rendering part by part (rb_strategy_markdown_cached): the document is flat, a run of
 * top-level blocks, and cmark renders it as each block's markdown with a blank line between;
 * so the parts rendered one by one and joined by a blank line are byte for byte the document
 * rendered whole (tests/unit/test_strategy.c checks it). Each exercise's part depends only on
 * the exercise and its answer, and is kept in the cache with that answer; a section's heading
 * and introduction depend on the curriculum only, and are kept too; the roadmap's part depends
 * on the roadmap table and the grant's share (rb_roadmap_build reads no other answer), and the
 * readiness profile on those and the dimensions' scales. */
struct chunker {
	struct rb_buf out;
	struct rb_strategy_cache *cache;
	bool fail;
};

/* Appends a part (rendered before, or kept) to the output, joined by a blank line. */
static void put_part(struct chunker *ck, const char *md)
{
	if (ck->out.len)
		rb_buf_puts(&ck->out, "\n");
	rb_buf_puts(&ck->out, md);
}

/* Renders what doc holds so far onto the output and empties doc. Returns the part as
 * rendered (owned by the caller; NULL when there was nothing, or on failure). */
static char *flush(struct chunker *ck, cmark_node *doc)
{
	if (!ck || ck->fail || !cmark_node_first_child(doc))
		return NULL;
	char *md = render_md(doc);
	cmark_node *n;
	while ((n = cmark_node_first_child(doc)))
		cmark_node_free(n);
	if (!md) {
		ck->fail = true;
		return NULL;
	}
	put_part(ck, md);
	return md;
}

enum kept_kind { KEPT_EXERCISES, KEPT_SECTIONS, KEPT_ROADMAP, KEPT_PROFILE };

/* The kept parts, or NULL when there are none to use. */
static struct rb_parts *kept(struct chunker *ck, enum kept_kind kind)
{
	if (!ck || !ck->cache)
		return NULL;
	switch (kind) {
	case KEPT_SECTIONS:
		return &ck->cache->sec;
	case KEPT_ROADMAP:
		return &ck->cache->road;
	case KEPT_PROFILE:
		return &ck->cache->profile;
	default:
		return &ck->cache->ex;
	}
}

/* What the roadmap's part is made from (rb_roadmap_build): the grant's share and the roadmap
 * table, as one key. malloc'd, or NULL. */
static char *roadmap_key(const struct rb_curriculum *c, char *const *answers)
{
	const struct rb_exercise *grant =
	    c->match_funding ? rb_curriculum_exercise(c, c->match_funding) : NULL;
	const struct rb_exercise *table = c->roadmap ? rb_curriculum_exercise(c, c->roadmap) : NULL;
	const char *g = grant ? answers[grant->index] : NULL;
	const char *t = table ? answers[table->index] : NULL;
	struct rb_buf b = {0}; /* the table can be long: copied, not formatted */
	rb_buf_puts(&b, "grant=");
	rb_buf_puts(&b, g ? g : "");
	rb_buf_puts(&b, "\x1ftable=");
	rb_buf_puts(&b, t ? t : "");
	rb_buf_puts(&b, "\x1f");
	return rb_buf_take(&b);
}

/* What the readiness profile is made from (rb_readiness_build): the scales of every dimension
 * and the roadmap's initiatives. malloc'd, or NULL. */
static char *profile_key(const struct rb_curriculum *c, char *const *answers)
{
	char *road = roadmap_key(c, answers);
	struct rb_buf b = {0};
	rb_buf_puts(&b, road ? road : "");
	for (size_t i = 0; road && i < c->nexercises; i++)
		if (c->exercises[i]->dimension) {
			rb_buf_puts(&b, c->exercises[i]->id);
			rb_buf_puts(&b, "=");
			rb_buf_puts(&b, answers[i] ? answers[i] : "");
			rb_buf_puts(&b, "\x1f");
		}
	bool ok = road && !b.oom;
	free(road);
	if (!ok) {
		rb_buf_free(&b);
		return NULL;
	}
	return rb_buf_take(&b);
}

/* The roadmap and the readiness rows, built the first time a part that shows them is not
 * kept (a document with every part kept needs neither). */
struct derived {
	const struct rb_curriculum *c;
	char *const *answers;
	bool built, failed;
	struct rb_roadmap rm;
	struct rb_readiness *rows;
	size_t nrows;
};

static bool derive(struct derived *d)
{
	if (!d->built && !d->failed) {
		if (rb_roadmap_build(d->c, d->answers, &d->rm) < 0) {
			d->failed = true;
		} else {
			d->built = true;
			d->failed =
			    rb_readiness_build(d->c, d->answers, &d->rm, &d->rows, &d->nrows) != 0;
		}
	}
	return d->built && !d->failed;
}

static void derived_free(struct derived *d)
{
	rb_readiness_free(d->rows, d->nrows);
	if (d->built)
		rb_roadmap_free(&d->rm);
}

static cmark_node *build(const struct rb_curriculum *c, char *const *answers,
			 const struct rb_strategy_info *info, unsigned flags, struct h3_map *map,
			 bool html, struct chunker *ck)
{
	cmark_node *doc = cmark_node_new(CMARK_NODE_DOCUMENT);
	if (!doc)
		return NULL;
	bool ok = true;
	cmark_node *p = NULL;
	if (!html) {
		struct rb_buf title = {0};
		rb_buf_printf(&title, "%s%sDigital strategy and technology roadmap",
			      info && info->company ? info->company : "",
			      info && info->company ? ": " : "");
		ok = title.data && heading(doc, 1, title.data);
		rb_buf_free(&title);
		p = ok ? para(doc) : NULL;
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
	}
	struct derived d = {.c = c, .answers = answers};
	/* The profile stands where the first current-readiness scale would; the scales
	 * themselves are summarised there rather than listed one by one. */
	const char *profile_section = NULL;
	long profile_ex = -1;
	for (size_t i = 0; i < c->nexercises && !profile_section; i++)
		if (c->exercises[i]->dimension && c->exercises[i]->measure == RB_MEASURE_CURRENT) {
			profile_section = c->exercises[i]->section;
			profile_ex = (long)i;
		}
	for (size_t s = 0; ok && s < c->nsections; s++) {
		const struct rb_section *sec = &c->sections[s];
		free(flush(ck, doc));
		bool profile = profile_section && !strcmp(profile_section, sec->id);
		char *pkey = profile && kept(ck, KEPT_PROFILE) ? profile_key(c, answers) : NULL;
		const char *intro = profile ? rb_parts_get(kept(ck, KEPT_PROFILE), 0, pkey)
					    : rb_parts_get(kept(ck, KEPT_SECTIONS), s, "");
		if (intro) {
			put_part(ck, intro);
			if (profile)
				map_add(map, profile_ex);
		} else {
			ok = heading(doc, 2, sec->title) && (p = para(doc)) &&
			     add_text(p, CMARK_NODE_EMPH, sec->intro);
			if (ok && !profile && kept(ck, KEPT_SECTIONS))
				rb_parts_put(kept(ck, KEPT_SECTIONS), s, "", flush(ck, doc));
		}
		if (ok && profile && !intro) {
			map_add(map, profile_ex);
			ok = derive(&d) && readiness_profile(doc, d.rows, d.nrows, &d.rm);
			if (ok && html) {
				/* HTML only: the chart, as raw SVG (built from numbers and escaped
				 * titles, never from answer text). */
				char *svg = rb_strategy_svg_chart(d.rows, d.nrows);
				cmark_node *blk =
				    svg ? cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) : NULL;
				ok = blk && cmark_node_set_on_enter(blk, svg) &&
				     cmark_node_append_child(doc, blk);
				if (!ok && blk && !cmark_node_parent(blk))
					cmark_node_free(blk);
				free(svg);
			}
			if (ok && pkey)
				rb_parts_put(kept(ck, KEPT_PROFILE), 0, pkey, flush(ck, doc));
		}
		free(pkey);
		for (size_t i = 0; ok && i < c->nexercises; i++) {
			const struct rb_exercise *e = c->exercises[i];
			if (strcmp(e->section, sec->id) != 0 || (e->dimension && profile_section))
				continue;
			const char *v = answers ? answers[i] : NULL;
			if (!v && (flags & RB_STRATEGY_OMIT_UNANSWERED))
				continue;
			map_add(map, (long)i);
			/* the roadmap's part is kept with the two answers it is made from */
			bool is_roadmap = v && c->roadmap && !strcmp(e->id, c->roadmap);
			free(flush(ck, doc));
			char *road =
			    is_roadmap && kept(ck, KEPT_ROADMAP) ? roadmap_key(c, answers) : NULL;
			const char *part = is_roadmap
					       ? rb_parts_get(kept(ck, KEPT_ROADMAP), 0, road)
					       : rb_parts_get(kept(ck, KEPT_EXERCISES), i, v);
			if (part) {
				put_part(ck, part);
				free(road);
				continue;
			}
			ok = heading(doc, 3, e->prompt);
			if (ok && is_roadmap)
				ok = derive(&d) && roadmap_answer(doc, c, &d.rm);
			else if (ok && v)
				ok = answer(doc, e, v);
			else if (ok)
				ok = (p = para(doc)) &&
				     add_text(p, CMARK_NODE_EMPH, "Not answered yet.");
			if (ok && is_roadmap && road)
				rb_parts_put(kept(ck, KEPT_ROADMAP), 0, road, flush(ck, doc));
			else if (ok && !is_roadmap && kept(ck, KEPT_EXERCISES))
				rb_parts_put(kept(ck, KEPT_EXERCISES), i, v, flush(ck, doc));
			free(road);
		}
	}
	free(flush(ck, doc));
	derived_free(&d);
	if (!ok) {
		cmark_node_free(doc);
		return NULL;
	}
	return doc;
}

/* cmark 0.30's CommonMark renderer escapes what would start a block in text, but not a
 * line of three tildes: an answer line "~~~" would open a code fence that swallows the rest of
 * the document (found by fuzz_strategy). The document never holds a fence of its own (code
 * would come out with backticks), so any such line is text: its first tilde is escaped. */
static char *render_md(cmark_node *doc)
{
	char *md = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
	if (!md)
		return NULL;
	struct rb_buf b = {0};
	for (const char *line = md; *line;) {
		const char *eol = strchr(line, '\n');
		size_t n = eol ? (size_t)(eol - line) + 1 : strlen(line);
		size_t sp = 0;
		while (sp < 3 && sp < n && line[sp] == ' ')
			sp++;
		if (n - sp >= 3 && !strncmp(line + sp, "~~~", 3)) {
			rb_buf_append(&b, line, sp);
			rb_buf_puts(&b, "\\");
			rb_buf_append(&b, line + sp, n - sp);
		} else {
			rb_buf_append(&b, line, n);
		}
		line += n;
	}
	free(md);
	if (!b.data) /* an empty document */
		return b.oom ? NULL : strdup("");
	return rb_buf_take(&b);
}

char *rb_strategy_markdown_map(const struct rb_curriculum *c, char *const *answers,
			       const struct rb_strategy_info *info, unsigned flags, long **map,
			       size_t *nmap)
{
	struct h3_map m = {0};
	cmark_node *doc = build(c, answers, info, flags, &m, false, NULL);
	char *md = doc && !m.oom ? render_md(doc) : NULL;
	cmark_node_free(doc);
	if (!md) {
		free(m.v);
		return NULL;
	}
	*map = m.v;
	*nmap = m.n;
	return md;
}

char *rb_strategy_markdown(const struct rb_curriculum *c, char *const *answers,
			   const struct rb_strategy_info *info, unsigned flags)
{
	cmark_node *doc = build(c, answers, info, flags, NULL, false, NULL);
	if (!doc)
		return NULL;
	char *md = render_md(doc);
	cmark_node_free(doc);
	return md;
}

struct rb_strategy_cache *rb_strategy_cache_new(void)
{
	return calloc(1, sizeof(struct rb_strategy_cache));
}

void rb_strategy_cache_free(struct rb_strategy_cache *sc)
{
	if (!sc)
		return;
	rb_parts_clear(&sc->road);
	rb_parts_clear(&sc->profile);
	rb_parts_clear(&sc->ex);
	rb_parts_clear(&sc->sec);
	free(sc);
}

char *rb_strategy_markdown_cached(const struct rb_curriculum *c, char *const *answers,
				  const struct rb_strategy_info *info, unsigned flags,
				  struct rb_strategy_cache *sc)
{
	struct chunker ck = {.cache = sc};
	if (sc &&
	    (!rb_parts_for(&sc->ex, c, c->nexercises) || !rb_parts_for(&sc->sec, c, c->nsections) ||
	     !rb_parts_for(&sc->road, c, 1) || !rb_parts_for(&sc->profile, c, 1)))
		ck.cache = NULL;
	cmark_node *doc = build(c, answers, info, flags, NULL, false, &ck);
	bool ok = doc && !ck.fail && !ck.out.oom;
	cmark_node_free(doc);
	if (!ok) {
		rb_buf_free(&ck.out);
		return NULL;
	}
	return ck.out.data ? rb_buf_take(&ck.out) : strdup("");
}

cmark_node *rb_strategy_tree(const struct rb_curriculum *c, char *const *answers,
			     const struct rb_strategy_info *info, unsigned flags, bool html)
{
	return build(c, answers, info, flags, NULL, html, NULL);
}
