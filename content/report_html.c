/* report_html.c - the cohort report as one self-contained HTML page: tables, inline SVG charts
 * (readiness as box and whiskers, technologies and investment as bars), print styles; no
 * scripts, no external resources (see report.h and docs/report.md). */
#include "content/report.h"

#include "content/buf.h"
#include "content/report_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Text for HTML and SVG: sanitised, then &, <, >, " and ' escaped. */
static void html_text(struct rb_buf *b, const char *s)
{
	char *c = rb_report_clean(s);
	if (!c) {
		b->oom = 1;
		return;
	}
	rb_buf_put_html(b, c);
	free(c);
}

static void html_count(struct rb_buf *b, size_t n)
{
	rb_buf_printf(b, "%zu%s", n,
		      rb_report_few(n) ? " <span class=\"few\">" RB_FEW_NOTE "</span>" : "");
}

#define LABEL_W 260
#define PLOT_W  360

/* One box and whiskers: min to max, the box from quartile to quartile, the median a bar. */
static void svg_box(struct rb_buf *b, const struct rb_stats *s, int y, double unit,
		    const char *colour)
{
	if (!s->n) {
		rb_buf_printf(b,
			      "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#777\">no "
			      "answers</text>\n",
			      LABEL_W + 4, y + 11);
		return;
	}
	double x0 = LABEL_W + s->min * unit, x1 = LABEL_W + s->max * unit;
	double b0 = LABEL_W + s->q1 * unit, b1 = LABEL_W + s->q3 * unit;
	double xm = LABEL_W + s->median * unit;
	rb_buf_printf(b,
		      "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
		      "stroke-width=\"2\"/>\n"
		      "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
		      "stroke-width=\"2\"/>\n"
		      "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
		      "stroke-width=\"2\"/>\n",
		      x0, y + 7, x1, y + 7, colour, x0, y + 2, x0, y + 12, colour, x1, y + 2, x1,
		      y + 12, colour);
	rb_buf_printf(b,
		      "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"14\" fill=\"#fff\" "
		      "stroke=\"%s\" stroke-width=\"2\"/>\n"
		      "<rect x=\"%.1f\" y=\"%d\" width=\"4\" height=\"18\" fill=\"%s\"/>\n",
		      b0, y, b1 - b0, colour, xm - 2, y - 2, colour);
}

static void svg_readiness(struct rb_buf *b, const struct rb_report *r)
{
	int max = 1;
	for (size_t d = 0; d < r->ndims; d++)
		if (r->dims[d].max > max)
			max = r->dims[d].max;
	const int row = 46, top = 26;
	double unit = (double)PLOT_W / max;
	int w = LABEL_W + PLOT_W + 80, h = top + row * (int)r->ndims + 4;
	rb_buf_printf(b,
		      "<figure><svg role=\"img\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
		      "aria-label=\"Readiness of the cohort per dimension, now and as a "
		      "target\">\n",
		      w, h);
	for (int p = 0; p <= max; p++)
		rb_buf_printf(b,
			      "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
			      "<text x=\"%.1f\" y=\"16\" font-size=\"11\" "
			      "text-anchor=\"middle\">%d</text>\n",
			      LABEL_W + p * unit, top - 6, LABEL_W + p * unit, h,
			      LABEL_W + p * unit, p);
	for (size_t d = 0; d < r->ndims; d++) {
		const struct rb_report_dim *x = &r->dims[d];
		int y = top + row * (int)d;
		rb_buf_printf(b, "<text x=\"0\" y=\"%d\" font-size=\"12\">", y + 24);
		html_text(b, x->dim->title);
		rb_buf_puts(b, "</text>\n");
		if (x->has_current) {
			svg_box(b, &x->current, y + 6, unit, "#2e7d32");
			rb_buf_printf(b,
				      "<text x=\"%d\" y=\"%d\" font-size=\"11\">now n=%zu</text>\n",
				      LABEL_W + PLOT_W + 8, y + 17, x->current.n);
		}
		if (x->has_target) {
			svg_box(b, &x->target, y + 26, unit, "#c66a00");
			rb_buf_printf(b,
				      "<text x=\"%d\" y=\"%d\" font-size=\"11\">target "
				      "n=%zu</text>\n",
				      LABEL_W + PLOT_W + 8, y + 37, x->target.n);
		}
	}
	rb_buf_puts(b, "</svg><figcaption>Green: where participants are now; orange: their "
		       "targets. Box: lower to upper quartile; thick bar: median; whiskers: lowest "
		       "and highest score.</figcaption></figure>\n");
}

static void svg_technologies(struct rb_buf *b, const struct rb_report *r)
{
	size_t top_count = 1;
	for (size_t k = 0; k < r->ntechs; k++)
		if (r->techs[k].count > top_count)
			top_count = r->techs[k].count;
	const int row = 24;
	int w = LABEL_W + PLOT_W + 40, h = row * (int)r->ntechs + 4;
	double unit = (double)PLOT_W / (double)top_count;
	rb_buf_printf(b,
		      "<figure><svg role=\"img\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
		      "aria-label=\"Participants choosing each technology\">\n",
		      w, h);
	for (size_t k = 0; k < r->ntechs; k++) {
		int y = row * (int)k;
		rb_buf_printf(b, "<text x=\"0\" y=\"%d\" font-size=\"12\">", y + 16);
		html_text(b, r->techs[k].opt->label);
		rb_buf_printf(b,
			      "</text>\n<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" "
			      "fill=\"#1565c0\"/><text x=\"%.1f\" y=\"%d\" "
			      "font-size=\"11\">%zu</text>\n",
			      LABEL_W, y + 4, r->techs[k].count * unit,
			      LABEL_W + r->techs[k].count * unit + 5, y + 16, r->techs[k].count);
	}
	rb_buf_puts(b, "</svg><figcaption>Participants who chose each technology.</figcaption>"
		       "</figure>\n");
}

static void svg_investment(struct rb_buf *b, const struct rb_report *r)
{
	double top = 1;
	for (int h = RB_NOW; h <= RB_LATER; h++)
		if (r->cost[h] > top)
			top = r->cost[h];
	const int row = 48, label_w = 80, plot_w = PLOT_W + 120;
	double unit = plot_w / top;
	rb_buf_printf(b,
		      "<figure><svg role=\"img\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
		      "aria-label=\"Planned investment per horizon\">\n",
		      label_w + plot_w + 110, row * 3 + 4);
	for (int h = RB_NOW; h <= RB_LATER; h++) {
		int y = row * h;
		const double v[] = {r->cost[h], r->net_cost[h]};
		const char *fill[] = {"#37474f", "#90a4ae"};
		rb_buf_printf(b, "<text x=\"0\" y=\"%d\" font-size=\"12\">%s</text>\n", y + 24,
			      rb_report_horizons[h]);
		for (int k = 0; k < 2; k++) {
			rb_buf_printf(b,
				      "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" "
				      "fill=\"%s\"/><text x=\"%.1f\" y=\"%d\" font-size=\"11\">",
				      label_w, y + 4 + 20 * k, v[k] * unit, fill[k],
				      label_w + v[k] * unit + 5, y + 16 + 20 * k);
			rb_report_money(b, v[k]);
			rb_buf_puts(b, "</text>\n");
		}
	}
	rb_buf_puts(b, "</svg><figcaption>Dark: cost; light: net of match funding.</figcaption>"
		       "</figure>\n");
}

static const char STYLE[] =
    "@page { size: A4; margin: 16mm 14mm; }\n"
    "body { font-family: Helvetica, Arial, 'DejaVu Sans', sans-serif; font-size: 10.5pt; "
    "line-height: 1.4; max-width: 52em; margin: 2em auto; padding: 0 1em; color: #222; }\n"
    "h1 { font-size: 20pt; margin-bottom: 0.2em; }\n"
    "h2 { border-bottom: 2px solid #2e7d32; padding-bottom: 0.2em; margin-top: 1.8em; "
    "break-after: avoid; }\n"
    "table { border-collapse: collapse; margin: 0.6em 0; }\n"
    "th, td { border-bottom: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; "
    "vertical-align: top; }\n"
    "td.n { text-align: right; font-variant-numeric: tabular-nums; }\n"
    "tr, figure, li { break-inside: avoid; }\n"
    "figure { margin: 1em 0; }\n"
    "figcaption, .meta, .few { color: #555; font-size: 9pt; }\n"
    "@media print {\n"
    "  body { max-width: none; margin: 0; padding: 0; }\n"
    "  h2 { break-before: auto; }\n"
    "}\n";

static void html_cell(struct rb_buf *b, const char *s)
{
	rb_buf_puts(b, "<td>");
	html_text(b, s);
	rb_buf_puts(b, "</td>");
}

static void html_stats(struct rb_buf *b, const char *dim, const char *measure,
		       const struct rb_stats *s)
{
	rb_buf_puts(b, "<tr>");
	html_cell(b, dim);
	rb_buf_printf(b, "<td>%s</td><td class=\"n\">", measure);
	html_count(b, s->n);
	rb_buf_puts(b, "</td>");
	const double v[] = {s->min, s->q1, s->median, s->q3, s->max};
	for (size_t k = 0; k < 5; k++) {
		rb_buf_puts(b, "<td class=\"n\">");
		if (s->n)
			rb_report_put_number(b, v[k]);
		else
			rb_buf_puts(b, "–");
		rb_buf_puts(b, "</td>");
	}
	rb_buf_puts(b, "</tr>\n");
}

static void html_head(struct rb_buf *b, const struct rb_report_in *in, const struct rb_report *r)
{
	rb_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
		       "<title>Cohort report: ");
	html_text(b, in->cohort);
	rb_buf_printf(b,
		      "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>Cohort "
		      "report: ",
		      STYLE);
	html_text(b, in->cohort);
	rb_buf_puts(b, "</h1>\n<p class=\"meta\">");
	html_text(b, in->date);
	rb_buf_printf(b, " · %zu participant%s (%zu with answers fetched, %zu with no data yet) · ",
		      r->npeople, r->npeople == 1 ? "" : "s", r->with_data,
		      r->npeople - r->with_data);
	html_text(b, in->cur->title);
	rb_buf_puts(b, " ");
	html_text(b, in->cur->version);
	rb_buf_puts(b, "</p>\n<p class=\"meta\">Figures come from each participant's latest "
		       "version fetched with roadbook cohort sync. Figures from fewer than 5 "
		       "participants are marked " RB_FEW_NOTE ".</p>\n</header>\n<main>\n");
}

static void html_progress(struct rb_buf *b, const struct rb_report_in *in,
			  const struct rb_report *r)
{
	size_t total = r->required * r->with_data;
	rb_buf_printf(b, "<h2>Progress</h2>\n<p>Required answers: %zu of %zu", r->answered, total);
	if (total)
		rb_buf_printf(b, " (%zu%%)", r->answered * 100 / total);
	rb_buf_printf(b, ", from the %zu participant%s with data", r->with_data,
		      r->with_data == 1 ? "" : "s");
	if (rb_report_few(r->with_data))
		rb_buf_puts(b, " <span class=\"few\">" RB_FEW_NOTE "</span>");
	rb_buf_puts(b, ".</p>\n<table>\n<tr><th>Module</th><th>Complete</th><th>In "
		       "progress</th><th>Not started</th></tr>\n");
	for (size_t m = 0; m < in->cur->nmodules; m++) {
		const struct rb_report_module *x = &r->modules[m];
		rb_buf_printf(b, "<tr><td>%zu. ", m + 1);
		html_text(b, in->cur->modules[m].title);
		rb_buf_printf(b,
			      "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td "
			      "class=\"n\">%zu</td></tr>\n",
			      x->complete, x->in_progress, x->not_started);
	}
	rb_buf_puts(b, "</table>\n");
}

static void html_readiness_tech(struct rb_buf *b, const struct rb_report *r)
{
	rb_buf_puts(b,
		    "<h2>Readiness</h2>\n<p>The self-assessment, today (now) and as a target, "
		    "over the participants who answered each scale. Quartiles are the medians of "
		    "the lower and upper halves of the scores, the median left out of both when "
		    "the number of answers is odd.</p>\n");
	svg_readiness(b, r);
	rb_buf_puts(b, "<table>\n<tr><th>Dimension</th><th>Measure</th><th>Answers</th><th>Min</th>"
		       "<th>Lower quartile</th><th>Median</th><th>Upper quartile</th><th>Max</th>"
		       "</tr>\n");
	for (size_t d = 0; d < r->ndims; d++) {
		if (r->dims[d].has_current)
			html_stats(b, r->dims[d].dim->title, "current", &r->dims[d].current);
		if (r->dims[d].has_target)
			html_stats(b, r->dims[d].dim->title, "target", &r->dims[d].target);
	}
	rb_buf_puts(b, "</table>\n<h2>Technologies prioritised</h2>\n");
	if (!r->tech) {
		rb_buf_puts(b, "<p>The curriculum names no technologies exercise (technologies: in "
			       "curriculum.md).</p>\n");
		return;
	}
	rb_buf_puts(b, "<p>From “");
	html_text(b, r->tech->prompt);
	rb_buf_printf(b, "”: %zu participant%s answered", r->tech_answered,
		      r->tech_answered == 1 ? "" : "s");
	if (rb_report_few(r->tech_answered))
		rb_buf_puts(b, " <span class=\"few\">" RB_FEW_NOTE "</span>");
	rb_buf_puts(b, ".</p>\n");
	svg_technologies(b, r);
	rb_buf_puts(b, "<table>\n<tr><th>Technology</th><th>Participants</th></tr>\n");
	for (size_t k = 0; k < r->ntechs; k++) {
		rb_buf_puts(b, "<tr>");
		html_cell(b, r->techs[k].opt->label);
		rb_buf_printf(b, "<td class=\"n\">%zu</td></tr>\n", r->techs[k].count);
	}
	rb_buf_puts(b, "</table>\n");
}

static void html_money_jobs(struct rb_buf *b, const struct rb_report *r)
{
	rb_buf_printf(b,
		      "<h2>Planned investment</h2>\n<p>The cost of the initiatives on the "
		      "roadmaps of %zu participant%s",
		      r->roadmaps, r->roadmaps == 1 ? "" : "s");
	if (rb_report_few(r->roadmaps))
		rb_buf_puts(b, " <span class=\"few\">" RB_FEW_NOTE "</span>");
	rb_buf_puts(b, ", summed per horizon, and the same net of each participant's expected "
		       "match funding.</p>\n");
	svg_investment(b, r);
	rb_buf_puts(b, "<table>\n<tr><th>Horizon</th><th>Cost</th><th>Net of match funding</th>"
		       "</tr>\n");
	double cost = 0, net = 0;
	for (int h = RB_NOW; h <= RB_LATER + 1; h++) {
		double c = h <= RB_LATER ? r->cost[h] : cost,
		       n = h <= RB_LATER ? r->net_cost[h] : net;
		rb_buf_printf(b, "<tr><td>%s</td><td class=\"n\">",
			      h <= RB_LATER ? rb_report_horizons[h] : "Total");
		rb_report_money(b, c);
		rb_buf_puts(b, "</td><td class=\"n\">");
		rb_report_money(b, n);
		rb_buf_puts(b, "</td></tr>\n");
		if (h <= RB_LATER) {
			cost += r->cost[h];
			net += r->net_cost[h];
		}
	}
	rb_buf_puts(b, "</table>\n<h2>Jobs and skills</h2>\n<table>\n<tr><th>Figure</th>"
		       "<th>Total</th><th>Participants who answered</th></tr>\n");
	const struct {
		const char *what, *key;
		const struct rb_exercise *e;
		double sum;
		size_t n;
	} rows[] = {{"New jobs expected", "new-jobs", r->jobs, r->jobs_sum, r->jobs_answered},
		    {"Roles to upskill", "upskilled", r->skill, r->skill_sum, r->skill_answered}};
	for (size_t k = 0; k < 2; k++) {
		rb_buf_printf(b, "<tr><td>%s</td>", rows[k].what);
		if (!rows[k].e) {
			rb_buf_printf(b,
				      "<td class=\"n\">–</td><td>not in the curriculum (%s:)</td>"
				      "</tr>\n",
				      rows[k].key);
			continue;
		}
		rb_buf_puts(b, "<td class=\"n\">");
		rb_report_put_number(b, rows[k].sum);
		rb_buf_puts(b, "</td><td class=\"n\">");
		html_count(b, rows[k].n);
		rb_buf_puts(b, "</td></tr>\n");
	}
	rb_buf_puts(b, "</table>\n");
}

static void html_people(struct rb_buf *b, const struct rb_report_in *in, const struct rb_report *r)
{
	rb_buf_puts(b, "<h2>Sessions attended</h2>\n");
	if (!in->nsessions)
		rb_buf_puts(b, "<p>The cohort has no sessions.</p>\n");
	else
		rb_buf_puts(b, "<table>\n<tr><th>Session</th><th>Date</th><th>Title</th>"
			       "<th>Attended</th></tr>\n");
	for (size_t s = 0; s < in->nsessions; s++) {
		const struct rb_report_session *ses = &in->sessions[s];
		rb_buf_puts(b, "<tr>");
		html_cell(b, ses->id);
		html_cell(b, ses->date);
		html_cell(b, ses->title);
		rb_buf_printf(b, "<td class=\"n\">%zu of %zu</td></tr>\n", r->session_attended[s],
			      r->npeople);
	}
	if (in->nsessions)
		rb_buf_puts(b, "</table>\n");
	rb_buf_puts(b, "<h2>Participants</h2>\n");
	if (!r->npeople) {
		rb_buf_puts(b, "<p>The roster is empty.</p>\n");
		return;
	}
	rb_buf_puts(b, "<table>\n<tr><th>Id</th><th>Name</th><th>Company</th><th>Required "
		       "answers</th><th>Sessions attended</th></tr>\n");
	for (size_t p = 0; p < r->npeople; p++) {
		const struct rb_report_person *x = &in->people[p];
		rb_buf_puts(b, "<tr>");
		html_cell(b, x->id);
		html_cell(b, x->name);
		html_cell(b, x->company);
		if (x->answers)
			rb_buf_printf(b, "<td class=\"n\">%zu of %zu</td>", r->person_answered[p],
				      r->required);
		else
			rb_buf_puts(b, "<td class=\"n\">no data</td>");
		rb_buf_printf(b, "<td class=\"n\">%zu of %zu</td></tr>\n", r->person_sessions[p],
			      in->nsessions);
	}
	rb_buf_puts(b, "</table>\n");
}

char *rb_report_html(const struct rb_report_in *in, const struct rb_report *r)
{
	struct rb_buf b = {0};
	html_head(&b, in, r);
	html_progress(&b, in, r);
	html_readiness_tech(&b, r);
	html_money_jobs(&b, r);
	html_people(&b, in, r);
	rb_buf_puts(&b, "</main>\n</body>\n</html>\n");
	if (b.oom) {
		rb_buf_free(&b);
		return NULL;
	}
	return rb_buf_take(&b);
}
