/* roadmap.c - initiatives, payback, dependencies and the readiness profile (see roadmap.h). */
#include "content/roadmap.h"

#include "content/answer.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct rb_roadmap_priv {
	struct rb_table table;
};

const char *rb_horizon_name(enum rb_horizon h)
{
	static const char *const names[] = {"Now", "Next", "Later", ""};
	return names[h];
}

void rb_quarter_name(int start, char *out, size_t size)
{
	if (start < 0)
		snprintf(out, size, "-");
	else
		snprintf(out, size, "%d-Q%d", start / 4, start % 4 + 1);
}

static long column(const struct rb_exercise *e, const char *id)
{
	for (size_t i = 0; i < e->ncolumns; i++)
		if (!strcmp(e->columns[i].id, id))
			return (long)i;
	return -1;
}

static const char *cell(const struct rb_table *t, size_t row, long col)
{
	return col < 0 ? "" : t->cells[row * t->ncols + (size_t)col];
}

static long exercise_index(const struct rb_curriculum *c, const char *id)
{
	for (size_t i = 0; id && i < c->nexercises; i++)
		if (!strcmp(c->exercises[i]->id, id))
			return (long)i;
	return -1;
}

/* "title; #3; other title" -> indexes, and the names that match nothing. */
static int resolve_deps(struct rb_roadmap *rm, size_t self, const char *text)
{
	struct rb_initiative *in = &rm->v[self];
	const char *p = text;
	while (*p) {
		size_t n = strcspn(p, ";\n");
		const char *s = p, *end = p + n;
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '.'))
			end--;
		size_t len = (size_t)(end - s);
		long found = -1;
		if (len) {
			for (size_t j = 0; j < rm->n && found < 0; j++)
				if (strlen(rm->v[j].title) == len &&
				    !strncasecmp(rm->v[j].title, s, len))
					found = (long)j;
			char *endnum;
			long row = strtol(s + (*s == '#'), &endnum, 10);
			if (found < 0 && endnum == end && row >= 1 && (size_t)row <= rm->n)
				found = row - 1;
			/* "none", "None: this is the foundation", "-", "n/a": no dependency. */
			bool none =
			    (len == 1 && *s == '-') || (len == 3 && !strncasecmp(s, "n/a", 3));
			if (len >= 4 && !strncasecmp(s, "none", 4) &&
			    (len == 4 || !isalnum((unsigned char)s[4])))
				none = true;
			if (none)
				found = -2;
			if (found >= 0 && (size_t)found != self) {
				size_t *v = realloc(in->deps, (in->ndeps + 1) * sizeof *v);
				if (!v)
					return -1;
				in->deps = v;
				v[in->ndeps++] = (size_t)found;
			} else if (found == -1) {
				char **u = realloc(in->unknown, (in->nunknown + 1) * sizeof *u);
				if (!u)
					return -1;
				in->unknown = u;
				if (!(u[in->nunknown] = strndup(s, len)))
					return -1;
				in->nunknown++;
			}
		}
		p += n + (p[n] != '\0');
	}
	return 0;
}

/* i is in a loop when it can reach itself through its dependencies (rows are few: a search
 * from each is cheap, and it never recurses). */
static int mark_cycles(struct rb_roadmap *rm)
{
	bool *seen = calloc(rm->n ? rm->n : 1, sizeof *seen);
	size_t *stack = calloc(rm->n ? rm->n : 1, sizeof *stack);
	if (!seen || !stack) {
		free(seen);
		free(stack);
		return -1;
	}
	for (size_t i = 0; i < rm->n; i++) {
		memset(seen, 0, rm->n * sizeof *seen);
		size_t top = 0;
		for (size_t k = 0; k < rm->v[i].ndeps; k++)
			if (!seen[rm->v[i].deps[k]]) {
				seen[rm->v[i].deps[k]] = true;
				stack[top++] = rm->v[i].deps[k];
			}
		while (top && !seen[i]) {
			size_t j = stack[--top];
			for (size_t k = 0; k < rm->v[j].ndeps; k++) {
				size_t d = rm->v[j].deps[k];
				if (!seen[d]) {
					seen[d] = true;
					stack[top++] = d;
				}
			}
		}
		rm->v[i].in_cycle = seen[i];
		rm->has_cycle |= seen[i];
	}
	free(seen);
	free(stack);
	return 0;
}

static enum rb_horizon parse_horizon(const char *s)
{
	if (!strcasecmp(s, "now"))
		return RB_NOW;
	if (!strcasecmp(s, "next"))
		return RB_NEXT;
	if (!strcasecmp(s, "later"))
		return RB_LATER;
	return RB_HORIZON_NONE;
}

int rb_roadmap_build(const struct rb_curriculum *c, char *const *answers, struct rb_roadmap *out)
{
	memset(out, 0, sizeof *out);
	long gi = exercise_index(c, c->match_funding);
	if (gi >= 0 && answers && answers[gi])
		out->grant_share = strtod(answers[gi], NULL);
	long ri = exercise_index(c, c->roadmap);
	if (ri < 0 || !answers || !answers[ri])
		return 0;
	const struct rb_exercise *e = c->exercises[ri];
	if (!(out->priv = calloc(1, sizeof *out->priv)))
		return -1;
	struct rb_table *t = &out->priv->table;
	if (rb_table_parse(answers[ri], e->ncolumns, t) < 0)
		goto oom;
	long ct = column(e, "title"), ch = column(e, "horizon"), cs = column(e, "start"),
	     cc = column(e, "cost"), cb = column(e, "benefit"), co = column(e, "owner"),
	     ck = column(e, "kpi"), cd = column(e, "dimension"), cp = column(e, "depends");
	if (!(out->v = calloc(t->nrows ? t->nrows : 1, sizeof *out->v)))
		goto oom;
	out->n = t->nrows;
	double keep = 1.0 - out->grant_share / 100.0;
	for (size_t r = 0; r < t->nrows; r++) {
		struct rb_initiative *in = &out->v[r];
		in->row = r;
		in->title = cell(t, r, ct);
		in->owner = cell(t, r, co);
		in->kpi = cell(t, r, ck);
		in->dimension = cell(t, r, cd);
		in->horizon = parse_horizon(cell(t, r, ch));
		in->start = -1;
		int year, q;
		if (sscanf(cell(t, r, cs), "%d-Q%d", &year, &q) == 2)
			in->start = year * 4 + q - 1;
		in->has_cost = *cell(t, r, cc) != '\0';
		in->has_benefit = *cell(t, r, cb) != '\0';
		in->cost = strtod(cell(t, r, cc), NULL);
		in->benefit = strtod(cell(t, r, cb), NULL);
		in->net_cost = in->cost * keep;
		in->payback_years = in->benefit > 0 ? in->net_cost / in->benefit : -1;
		in->starts_before = -1;
		if (in->horizon != RB_HORIZON_NONE) {
			out->cost[in->horizon] += in->cost;
			out->benefit[in->horizon] += in->benefit;
			out->net_cost[in->horizon] += in->net_cost;
		}
	}
	for (size_t r = 0; r < out->n; r++)
		if (resolve_deps(out, r, cell(t, r, cp)) < 0)
			goto oom;
	if (mark_cycles(out) < 0)
		goto oom;
	/* Scheduled before something it depends on: by start quarter when both have one, else by
	 * horizon. */
	for (size_t r = 0; r < out->n; r++) {
		struct rb_initiative *in = &out->v[r];
		for (size_t k = 0; k < in->ndeps && in->starts_before < 0; k++) {
			const struct rb_initiative *d = &out->v[in->deps[k]];
			bool early = in->start >= 0 && d->start >= 0
					 ? in->start < d->start
					 : in->horizon != RB_HORIZON_NONE &&
					       d->horizon != RB_HORIZON_NONE &&
					       in->horizon < d->horizon;
			if (early && !in->in_cycle)
				in->starts_before = (long)in->deps[k];
		}
	}
	return 0;
oom:
	rb_roadmap_free(out);
	return -1;
}

void rb_roadmap_free(struct rb_roadmap *rm)
{
	for (size_t i = 0; i < rm->n; i++) {
		free(rm->v[i].deps);
		for (size_t k = 0; k < rm->v[i].nunknown; k++)
			free(rm->v[i].unknown[k]);
		free(rm->v[i].unknown);
	}
	free(rm->v);
	if (rm->priv)
		rb_table_free(&rm->priv->table);
	free(rm->priv);
	memset(rm, 0, sizeof *rm);
}

int rb_readiness_build(const struct rb_curriculum *c, char *const *answers,
		       const struct rb_roadmap *rm, struct rb_readiness **rows, size_t *n)
{
	*rows = calloc(c->ndimensions ? c->ndimensions : 1, sizeof **rows);
	*n = 0;
	if (!*rows)
		return -1;
	for (size_t d = 0; d < c->ndimensions; d++) {
		struct rb_readiness *row = &(*rows)[d];
		row->dim = &c->dimensions[d];
		row->current = row->target = -1;
		for (size_t i = 0; i < c->nexercises; i++) {
			const struct rb_exercise *e = c->exercises[i];
			if (e->type != RB_EX_SCALE || !e->dimension ||
			    strcmp(e->dimension, row->dim->id))
				continue;
			row->max = e->smax;
			if (!answers || !answers[i])
				continue;
			int v = atoi(answers[i]);
			if (e->measure == RB_MEASURE_CURRENT)
				row->current = v;
			else if (e->measure == RB_MEASURE_TARGET)
				row->target = v;
		}
		for (size_t k = 0; rm && k < rm->n; k++) {
			if (strcmp(rm->v[k].dimension, row->dim->id))
				continue;
			size_t *v = realloc(row->moved_by, (row->nmoved + 1) * sizeof *v);
			if (!v) {
				*n = d + 1;
				rb_readiness_free(*rows, *n);
				*rows = NULL;
				*n = 0;
				return -1;
			}
			row->moved_by = v;
			v[row->nmoved++] = k;
		}
	}
	*n = c->ndimensions;
	return 0;
}

void rb_readiness_free(struct rb_readiness *rows, size_t n)
{
	for (size_t i = 0; rows && i < n; i++)
		free(rows[i].moved_by);
	free(rows);
}
