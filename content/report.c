/* report.c - the cohort report's figures and the anonymised benchmarks (see report.h); the
 * three formats are in report_write.c. */
#include "content/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The median of sorted v[0..n), n > 0. */
static double median_sorted(const double *v, size_t n)
{
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int rb_stats_compute(const double *v, size_t n, struct rb_stats *out)
{
	memset(out, 0, sizeof *out);
	if (n == 0)
		return 0;
	double *s = malloc(n * sizeof *s);
	if (!s)
		return -1;
	memcpy(s, v, n * sizeof *s);
	qsort(s, n, sizeof *s, cmp_double);
	out->n = n;
	out->min = s[0];
	out->max = s[n - 1];
	out->median = median_sorted(s, n);
	/* the halves leave out the middle value when n is odd: [0, n/2) and [(n+1)/2, n) */
	size_t half = n / 2;
	out->q1 = half ? median_sorted(s, half) : s[0];
	out->q3 = half ? median_sorted(s + (n + 1) / 2, half) : s[0];
	free(s);
	return 0;
}

void rb_report_number(double v, char *out, size_t size)
{
	double r = round(v * 100) / 100;
	if (r == 0)
		r = 0; /* no "-0" */
	snprintf(out, size, "%.2f", r);
	char *dot = strchr(out, '.');
	if (!dot)
		return;
	char *end = out + strlen(out);
	while (end > dot + 1 && end[-1] == '0')
		*--end = '\0';
	if (end == dot + 1)
		*dot = '\0';
}

/* ---- the figures ---- */

/* Whether a multi, checklist or choice answer holds option id. */
static bool has_option(const char *answer, const char *id)
{
	size_t n = strlen(id);
	for (const char *p = answer; p && *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && !strncmp(p, id, n))
			return true;
		p = comma ? comma + 1 : NULL;
	}
	return false;
}

static long index_of(const struct rb_curriculum *c, const char *id)
{
	const struct rb_exercise *e = id ? rb_curriculum_exercise(c, id) : NULL;
	return e ? (long)e->index : -1;
}

static int cmp_tech(const void *a, const void *b)
{
	const struct rb_report_tech *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->opt < y->opt ? -1 : x->opt > y->opt; /* curriculum order */
}

static void progress(const struct rb_curriculum *c, char *const *answers, struct rb_report *r,
		     size_t person)
{
	for (size_t m = 0; m < c->nmodules; m++) {
		const struct rb_module *mod = &c->modules[m];
		size_t a = 0;
		for (size_t i = 0; i < mod->nexercises; i++)
			if (!mod->exercises[i]->optional && answers[mod->exercises[i]->index])
				a++;
		/* the rule of roadbook cohort status */
		if (a == 0)
			r->modules[m].not_started++;
		else if (a >= r->modules[m].required)
			r->modules[m].complete++;
		else
			r->modules[m].in_progress++;
		r->person_answered[person] += a;
		r->answered += a;
	}
}

/* Readiness values per dimension: cur[d * n + k] and tgt[d * n + k] for the k-th value. */
struct values {
	double *cur, *tgt;
	size_t *ncur, *ntgt;
};

static int readiness(const struct rb_curriculum *c, char *const *answers, struct values *v,
		     size_t n, struct rb_report *r)
{
	struct rb_readiness *rows = NULL;
	size_t nrows = 0;
	if (rb_readiness_build(c, answers, NULL, &rows, &nrows) < 0)
		return -1;
	for (size_t d = 0; d < nrows && d < r->ndims; d++) {
		r->dims[d].max = rows[d].max;
		if (rows[d].current >= 0)
			v->cur[d * n + v->ncur[d]++] = rows[d].current;
		if (rows[d].target >= 0)
			v->tgt[d * n + v->ntgt[d]++] = rows[d].target;
	}
	rb_readiness_free(rows, nrows);
	return 0;
}

static int person_figures(const struct rb_curriculum *c, char *const *answers, size_t person,
			  struct values *v, size_t n, struct rb_report *r)
{
	r->with_data++;
	progress(c, answers, r, person);
	if (readiness(c, answers, v, n, r) < 0)
		return -1;
	if (r->tech && answers[r->tech->index]) {
		r->tech_answered++;
		for (size_t k = 0; k < r->ntechs; k++)
			r->techs[k].count +=
			    has_option(answers[r->tech->index], r->techs[k].opt->id);
	}
	struct rb_roadmap rm;
	if (rb_roadmap_build(c, answers, &rm) < 0)
		return -1;
	if (rm.n) {
		r->roadmaps++;
		for (int h = RB_NOW; h <= RB_LATER; h++) {
			r->cost[h] += rm.cost[h];
			r->net_cost[h] += rm.net_cost[h];
		}
	}
	rb_roadmap_free(&rm);
	if (r->jobs && answers[r->jobs->index]) {
		r->jobs_answered++;
		r->jobs_sum += strtod(answers[r->jobs->index], NULL);
	}
	if (r->skill && answers[r->skill->index]) {
		r->skill_answered++;
		r->skill_sum += strtod(answers[r->skill->index], NULL);
	}
	return 0;
}

static void attendance(const struct rb_report_in *in, struct rb_report *r)
{
	for (size_t s = 0; s < in->nsessions; s++) {
		const struct rb_report_session *ses = &in->sessions[s];
		for (size_t p = 0; p < in->npeople; p++) {
			bool present = false;
			for (size_t k = 0; k < ses->nattended && !present; k++)
				present = !strcasecmp(ses->attended[k], in->people[p].id);
			r->session_attended[s] += present;
			r->person_sessions[p] += present;
		}
	}
}

int rb_report_build(const struct rb_report_in *in, struct rb_report *out)
{
	const struct rb_curriculum *c = in->cur;
	struct rb_report *r = out;
	memset(r, 0, sizeof *r);
	size_t n = in->npeople, nd = c->ndimensions;
	struct values v = {0};
	r->npeople = n;
	r->ndims = nd;
	r->modules = calloc(c->nmodules + 1, sizeof *r->modules);
	r->person_answered = calloc(n + 1, sizeof *r->person_answered);
	r->person_sessions = calloc(n + 1, sizeof *r->person_sessions);
	r->session_attended = calloc(in->nsessions + 1, sizeof *r->session_attended);
	r->dims = calloc(nd + 1, sizeof *r->dims);
	v.cur = calloc(nd * n + 1, sizeof *v.cur);
	v.tgt = calloc(nd * n + 1, sizeof *v.tgt);
	v.ncur = calloc(nd + 1, sizeof *v.ncur);
	v.ntgt = calloc(nd + 1, sizeof *v.ntgt);
	long ti = index_of(c, c->technologies), ji = index_of(c, c->new_jobs),
	     ui = index_of(c, c->upskilled);
	r->tech = ti >= 0 ? c->exercises[ti] : NULL;
	r->jobs = ji >= 0 && c->exercises[ji]->type == RB_EX_NUMBER ? c->exercises[ji] : NULL;
	r->skill = ui >= 0 && c->exercises[ui]->type == RB_EX_NUMBER ? c->exercises[ui] : NULL;
	if (r->tech && (r->tech->type == RB_EX_MULTI || r->tech->type == RB_EX_CHECKLIST ||
			r->tech->type == RB_EX_CHOICE)) {
		r->ntechs = r->tech->noptions;
		r->techs = calloc(r->ntechs + 1, sizeof *r->techs);
		for (size_t k = 0; r->techs && k < r->ntechs; k++)
			r->techs[k].opt = &r->tech->options[k];
	} else {
		r->tech = NULL;
	}
	if (!r->modules || !r->person_answered || !r->person_sessions || !r->session_attended ||
	    !r->dims || !v.cur || !v.tgt || !v.ncur || !v.ntgt || (r->tech && !r->techs))
		goto oom;
	for (size_t m = 0; m < c->nmodules; m++) {
		for (size_t i = 0; i < c->modules[m].nexercises; i++)
			r->modules[m].required += !c->modules[m].exercises[i]->optional;
		r->required += r->modules[m].required;
	}
	for (size_t d = 0; d < nd; d++) {
		struct rb_report_dim *x = &r->dims[d];
		x->dim = &c->dimensions[d];
		for (size_t i = 0; i < c->nexercises; i++) {
			const struct rb_exercise *e = c->exercises[i];
			if (e->type != RB_EX_SCALE || !e->dimension ||
			    strcmp(e->dimension, x->dim->id))
				continue;
			x->has_current |= e->measure == RB_MEASURE_CURRENT;
			x->has_target |= e->measure == RB_MEASURE_TARGET;
		}
	}
	for (size_t p = 0; p < n; p++)
		if (in->people[p].answers &&
		    person_figures(c, in->people[p].answers, p, &v, n, r) < 0)
			goto oom;
	for (size_t d = 0; d < nd; d++)
		if (rb_stats_compute(v.cur + d * n, v.ncur[d], &r->dims[d].current) < 0 ||
		    rb_stats_compute(v.tgt + d * n, v.ntgt[d], &r->dims[d].target) < 0)
			goto oom;
	if (r->techs)
		qsort(r->techs, r->ntechs, sizeof *r->techs, cmp_tech);
	attendance(in, r);
	free(v.cur);
	free(v.tgt);
	free(v.ncur);
	free(v.ntgt);
	return 0;
oom:
	free(v.cur);
	free(v.tgt);
	free(v.ncur);
	free(v.ntgt);
	rb_report_free(r);
	return -1;
}

void rb_report_free(struct rb_report *r)
{
	free(r->modules);
	free(r->person_answered);
	free(r->person_sessions);
	free(r->session_attended);
	free(r->dims);
	free(r->techs);
	memset(r, 0, sizeof *r);
}

/* ---- benchmarks ---- */

int rb_benchmarks_compute(const struct rb_curriculum *c, char *const *const *answers, size_t n,
			  struct rb_benchmark **out, size_t *nout)
{
	size_t nd = c->ndimensions;
	*out = NULL;
	*nout = 0;
	struct rb_benchmark *b = calloc(nd + 1, sizeof *b);
	double *cur = calloc(nd * n + 1, sizeof *cur), *tgt = calloc(nd * n + 1, sizeof *tgt);
	if (!b || !cur || !tgt)
		goto oom;
	for (size_t d = 0; d < nd; d++) {
		b[d].dim = &c->dimensions[d];
		for (size_t i = 0; i < c->nexercises; i++) {
			const struct rb_exercise *e = c->exercises[i];
			if (e->type != RB_EX_SCALE || !e->dimension ||
			    strcmp(e->dimension, b[d].dim->id))
				continue;
			b[d].has_current |= e->measure == RB_MEASURE_CURRENT;
			b[d].has_target |= e->measure == RB_MEASURE_TARGET;
		}
	}
	for (size_t p = 0; p < n; p++) {
		if (!answers[p])
			continue;
		struct rb_readiness *rows = NULL;
		size_t nrows = 0;
		if (rb_readiness_build(c, answers[p], NULL, &rows, &nrows) < 0)
			goto oom;
		for (size_t d = 0; d < nrows && d < nd; d++) {
			struct rb_benchmark *x = &b[d];
			bool counts = (x->has_current || x->has_target) &&
				      (!x->has_current || rows[d].current >= 0) &&
				      (!x->has_target || rows[d].target >= 0);
			if (!counts)
				continue;
			cur[d * n + x->contributors] = rows[d].current;
			tgt[d * n + x->contributors] = rows[d].target;
			x->contributors++;
		}
		rb_readiness_free(rows, nrows);
	}
	for (size_t d = 0; d < nd; d++) {
		struct rb_benchmark *x = &b[d];
		x->published =
		    (x->has_current || x->has_target) && x->contributors >= RB_BENCHMARK_MIN;
		if (!x->published)
			continue;
		struct rb_stats s;
		if (x->has_current) {
			if (rb_stats_compute(cur + d * n, x->contributors, &s) < 0)
				goto oom;
			x->current = s.median;
		}
		if (x->has_target) {
			if (rb_stats_compute(tgt + d * n, x->contributors, &s) < 0)
				goto oom;
			x->target = s.median;
		}
	}
	free(cur);
	free(tgt);
	*out = b;
	*nout = nd;
	return 0;
oom:
	free(b);
	free(cur);
	free(tgt);
	return -1;
}
