/* review_doc.c - a participant's work as the facilitator reviews it, as lines for a width:
 * the same lines serve the review screen and `roadbook review ID --print`. Every text from
 * the participant passes the renderer's sanitiser (rb_wrap_plain). No drawing here. */
#include "app/cohort.h"

#include "content/answer.h"
#include "content/buf.h"
#include "content/strategy.h"
#include "content/workbook_md.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void rb_review_doc_free(struct rb_review_doc *d)
{
	rb_lines_free(&d->lines);
	free(d->ex);
	free(d->comment);
	free(d->changed);
	memset(d, 0, sizeof *d);
}

/* Tags the lines added since from with the exercise, comment and changed flag. */
static int tag(struct rb_review_doc *d, size_t from, long ex, long comment, bool changed)
{
	if (d->lines.n > d->cap) {
		size_t cap = d->cap ? d->cap : 64;
		while (cap < d->lines.n)
			cap *= 2;
		long *a = realloc(d->ex, cap * sizeof *a);
		if (a)
			d->ex = a;
		long *b = a ? realloc(d->comment, cap * sizeof *b) : NULL;
		if (b)
			d->comment = b;
		bool *c = b ? realloc(d->changed, cap * sizeof *c) : NULL;
		if (!c)
			return -1;
		d->changed = c;
		d->cap = cap;
	}
	for (size_t i = from; i < d->lines.n; i++) {
		d->ex[i] = ex;
		d->comment[i] = comment;
		d->changed[i] = changed;
	}
	return 0;
}

static int text(struct rb_review_doc *d, const char *s, int width, int indent, uint16_t style,
		long ex, long comment, bool changed)
{
	size_t from = d->lines.n;
	if (rb_wrap_plain(&d->lines, s, strlen(s), width, indent, style) < 0)
		return -1;
	return tag(d, from, ex, comment, changed);
}

static void day(int64_t ms, char out[32])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	if (!ms || !localtime_r(&t, &tm) || !strftime(out, 32, "%e %b %Y %H:%M", &tm))
		snprintf(out, 32, "%s", ms ? "?" : "never");
	if (out[0] == ' ')
		memmove(out, out + 1, strlen(out));
}

/* A comment and the participant's replies to it. */
static int comment(struct rb_review *rv, struct rb_review_doc *d, size_t ci, int width, long ex)
{
	const struct rb_review_item *c = &rv->fac[ci];
	struct rb_buf b = {0};
	char when[32];
	day(c->at_ms, when);
	bool resolved = false;
	for (size_t i = 0; i < rv->nown; i++)
		resolved |=
		    !strcmp(rv->own[i].kind, "resolve") && !strcmp(rv->own[i].target, c->id);
	rb_buf_printf(
	    &b, "\xe2\x96\xb8 Your comment %s, %s%s%s", c->id, when,
	    rb_review_comment_changed(rv, c) ? " \xc2\xb7 answer changed since this comment" : "",
	    resolved ? " \xc2\xb7 marked resolved" : "");
	int rc = text(d, b.data ? b.data : "", width, 4, RB_S_MARKER, ex, (long)ci, false);
	rb_buf_free(&b);
	if (!rc)
		rc = text(d, c->body, width, 6, RB_S_ITALIC, ex, (long)ci, false);
	for (size_t i = 0; !rc && i < rv->nown; i++) {
		const struct rb_review_item *r = &rv->own[i];
		if (strcmp(r->kind, "reply") || strcmp(r->target, c->id))
			continue;
		day(r->at_ms, when);
		rb_buf_printf(&b,
			      "\xe2\x86\xb3 %s replied, %s:", rv->p->name ? rv->p->name : rv->p->id,
			      when);
		rc = text(d, b.data ? b.data : "", width, 6, RB_S_BOLD, ex, (long)ci, false);
		rb_buf_free(&b);
		if (!rc)
			rc = text(d, r->body, width, 8, 0, ex, (long)ci, false);
	}
	return rc;
}

static int answer(struct rb_review *rv, struct rb_review_doc *d, size_t i, int width)
{
	const struct rb_exercise *e = rv->x->cur->exercises[i];
	bool changed = rb_review_ex_changed(rv, i);
	struct rb_buf b = {0};
	rb_buf_printf(&b, "%s  (%s)%s", e->prompt, e->id,
		      changed ? "  \xe2\x80\xa2 changed since your last review" : "");
	int rc = text(d, b.data ? b.data : "", width, 2, RB_S_BOLD, (long)i, -1, changed);
	rb_buf_free(&b);
	const struct rb_change *ch = NULL;
	for (size_t k = 0; changed && k < rv->changes.n; k++)
		if (rv->changes.v[k].index == (long)i)
			ch = &rv->changes.v[k];
	if (!rc && ch && ch->nsegs) {
		size_t from = d->lines.n;
		rc = rb_segs_wrap(&d->lines, ch->segs, ch->nsegs, width, 4);
		if (!rc)
			rc = tag(d, from, (long)i, -1, true);
	} else if (!rc) {
		const char *v = rv->answers[i];
		char *sum = v ? rb_answer_summary(e, v) : NULL;
		rc = text(d, v ? (sum ? sum : v) : "(not answered)", width, 4, v ? 0 : RB_S_DIM,
			  (long)i, -1, changed);
		free(sum);
	}
	for (size_t k = 0; !rc && k < rv->nfac; k++)
		if (!strcmp(rv->fac[k].kind, "comment") && !strcmp(rv->fac[k].target, e->id))
			rc = comment(rv, d, k, width, (long)i);
	return rc;
}

static int strategy_doc(struct rb_review *rv, int width, struct rb_review_doc *d)
{
	const struct rb_curriculum *c = rv->x->cur;
	struct rb_strategy_info info = {.name = rv->p->name, .company = rv->p->company};
	long *map = NULL;
	size_t nmap = 0;
	char *md = rb_strategy_markdown_map(c, rv->answers, &info, 0, &map, &nmap);
	if (!md)
		return -1;
	int rc = rb_render_markdown(md, strlen(md), width, &d->lines);
	free(md);
	free(map);
	if (rc < 0 || tag(d, 0, -1, -1, false) < 0)
		return -1;
	/* sections in the document follow the curriculum; a level-2 heading names one */
	bool changed = false;
	long ex = -1;
	for (size_t i = 0; i < d->lines.n; i++) {
		const struct rb_line *l = &d->lines.v[i];
		if (l->kind == RB_LINE_HEADING && l->level == 2 && l->cols) {
			changed = false;
			for (size_t s = 0; s < c->nsections; s++) {
				if (strcmp(l->text, c->sections[s].title))
					continue;
				for (size_t k = 0; k < c->nexercises; k++)
					if (c->exercises[k]->section &&
					    !strcmp(c->exercises[k]->section, c->sections[s].id))
						changed |= rb_review_ex_changed(rv, k);
			}
		}
		d->ex[i] = ex;
		d->changed[i] = changed;
	}
	return 0;
}

int rb_review_doc_build(struct rb_review *rv, int width, bool strategy, struct rb_review_doc *d)
{
	memset(d, 0, sizeof *d);
	if (strategy)
		return strategy_doc(rv, width, d);
	const struct rb_curriculum *c = rv->x->cur;
	struct rb_buf b = {0};
	char when[32], base[32];
	int64_t t = 0;
	char *e = NULL;
	if (rv->m && rv->head[0])
		rb_repo_time(rv->m, rv->head, &t, &e);
	free(e);
	day(t * 1000, when);
	rb_buf_printf(&b, "%s, %s", rv->p->name ? rv->p->name : rv->p->id,
		      rv->p->company ? rv->p->company : "");
	int rc = text(d, b.data ? b.data : "", width, 0, RB_S_HEADING | RB_S_BOLD, -1, -1, false);
	rb_buf_free(&b);
	if (!rv->head[0])
		rb_buf_puts(
		    &b, "Nothing fetched from this participant yet: run 'roadbook cohort sync'.");
	else
		rb_buf_printf(&b, "Latest version %.7s, saved %s. ", rv->head, when);
	if (rv->head[0] && rv->base[0]) {
		int64_t bt = 0;
		rb_repo_time(rv->m, rv->base, &bt, &e);
		free(e);
		e = NULL;
		day(bt * 1000, base);
		size_t nsec = 0;
		rb_buf_printf(
		    &b, "Your last review was of version %.7s (%s): %zu answer%s changed since",
		    rv->base, base, rv->changes.n, rv->changes.n == 1 ? "" : "s");
		for (size_t s = 0; s < c->nsections; s++) {
			bool ch = false;
			for (size_t k = 0; k < c->nexercises; k++)
				if (c->exercises[k]->section &&
				    !strcmp(c->exercises[k]->section, c->sections[s].id))
					ch |= rb_review_ex_changed(rv, k);
			if (ch)
				rb_buf_printf(&b, "%s%s", nsec++ ? ", " : ", in ",
					      c->sections[s].title);
		}
		rb_buf_puts(&b, ".");
	} else if (rv->head[0]) {
		rb_buf_puts(&b, "Not reviewed yet.");
	}
	if (!rc)
		rc = text(d, b.data ? b.data : "", width, 0, RB_S_DIM, -1, -1, false);
	rb_buf_free(&b);
	if (!rc && rv->notes)
		rc = text(d, rv->notes, width, 0, RB_S_DIM, -1, -1, false);
	for (size_t m = 0; !rc && m < c->nmodules; m++) {
		const struct rb_module *mod = &c->modules[m];
		const struct rb_review_item *dec = NULL, *sub = NULL;
		enum rb_rstate st = rb_review_module_state(rv, m, &dec, &sub);
		rb_buf_printf(&b, "\nModule %zu \xe2\x80\x93 %s: %s", m + 1,
			      mod->title ? mod->title : mod->id, rb_rstate_label(st));
		if (sub) {
			day(sub->at_ms, when);
			rb_buf_printf(&b, " (submitted %s)", when);
		}
		rc = text(d, b.data ? b.data : "", width, 0, RB_S_HEADING | RB_S_BOLD, -1, -1,
			  false);
		rb_buf_free(&b);
		for (size_t k = 0; !rc && k < mod->nexercises; k++)
			rc = answer(rv, d, mod->exercises[k]->index, width);
	}
	/* comments on strategy sections, and those whose exercise is gone */
	bool head_sec = false, head_det = false;
	for (size_t k = 0; !rc && k < rv->nfac; k++) {
		const struct rb_review_item *cm = &rv->fac[k];
		if (strcmp(cm->kind, "comment"))
			continue;
		const struct rb_exercise *ex;
		const struct rb_section *sec;
		rb_review_target(c, cm->target, &ex, &sec);
		if (ex)
			continue;
		if (sec && !head_sec) {
			head_sec = true;
			rc = text(d, "\nComments on strategy sections", width, 0,
				  RB_S_HEADING | RB_S_BOLD, -1, -1, false);
		}
		if (!sec && !head_det) {
			head_det = true;
			rc = text(
			    d,
			    "\nDetached comments (their exercise or section is no longer in the "
			    "curriculum)",
			    width, 0, RB_S_HEADING | RB_S_BOLD, -1, -1, false);
		}
		if (!rc) {
			rb_buf_printf(&b, "%s%s", sec ? sec->title : cm->target,
				      sec ? "" : " (detached)");
			rc = text(d, b.data ? b.data : "", width, 2, RB_S_BOLD, -1, (long)k, false);
			rb_buf_free(&b);
		}
		if (!rc)
			rc = comment(rv, d, k, width, -1);
	}
	return rc;
}
