/* report_write.c - the cohort report as markdown and CSV, and the helpers the HTML page
 * (report_html.c) shares (see report.h and docs/report.md). Every text is sanitised for
 * terminals first (it may come from cohort.conf, typed by anyone), then escaped for the
 * format. */
#include "content/report.h"

#include "content/answers_md.h"
#include "content/buf.h"
#include "content/report_internal.h"
#include "content/sanitize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const rb_report_horizons[3] = {"Now", "Next", "Later"};

bool rb_report_few(size_t n)
{
	return n < RB_REPORT_FEW;
}

char *rb_report_clean(const char *s)
{
	return rb_sanitize(s ? s : "", s ? strlen(s) : 0, RB_SAN_SINGLE_LINE, NULL);
}

void rb_report_money(struct rb_buf *b, double v)
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

void rb_report_put_number(struct rb_buf *b, double v)
{
	char s[32];
	rb_report_number(v, s, sizeof s);
	rb_buf_puts(b, s);
}

/* ---- markdown ---- */

/* A table cell or heading: inline markdown escaped by cmark's renderer, '|' escaped. */
static void md_text(struct rb_buf *b, const char *s)
{
	char *c = rb_report_clean(s);
	char *e = c ? rb_md_escape_inline(c) : NULL;
	if (!e)
		b->oom = 1;
	for (const char *p = e ? e : ""; *p; p++) {
		if (*p == '|')
			rb_buf_puts(b, "\\|");
		else if (*p != '\n' && *p != '\r')
			rb_buf_append(b, p, 1);
	}
	free(e);
	free(c);
}

static void md_count(struct rb_buf *b, size_t n)
{
	rb_buf_printf(b, "%zu%s", n, rb_report_few(n) ? " " RB_FEW_NOTE : "");
}

static void md_stats(struct rb_buf *b, const char *dim, const char *measure,
		     const struct rb_stats *s)
{
	rb_buf_puts(b, "| ");
	md_text(b, dim);
	rb_buf_printf(b, " | %s | ", measure);
	md_count(b, s->n);
	const double v[] = {s->min, s->q1, s->median, s->q3, s->max};
	for (size_t k = 0; k < 5; k++) {
		rb_buf_puts(b, " | ");
		if (s->n)
			rb_report_put_number(b, v[k]);
		else
			rb_buf_puts(b, "–");
	}
	rb_buf_puts(b, " |\n");
}

static void md_progress(struct rb_buf *b, const struct rb_report_in *in, const struct rb_report *r)
{
	size_t total = r->required * r->with_data;
	rb_buf_printf(b, "## Progress\n\nRequired answers: %zu of %zu", r->answered, total);
	if (total)
		rb_buf_printf(b, " (%zu%%)", r->answered * 100 / total);
	rb_buf_printf(b, ", from the %zu participant%s with data%s.\n\n", r->with_data,
		      r->with_data == 1 ? "" : "s",
		      rb_report_few(r->with_data) ? " " RB_FEW_NOTE : "");
	rb_buf_puts(b, "| Module | Complete | In progress | Not started |\n"
		       "| --- | ---: | ---: | ---: |\n");
	for (size_t m = 0; m < in->cur->nmodules; m++) {
		const struct rb_report_module *x = &r->modules[m];
		rb_buf_printf(b, "| %zu. ", m + 1);
		md_text(b, in->cur->modules[m].title);
		rb_buf_printf(b, " | %zu | %zu | %zu |\n", x->complete, x->in_progress,
			      x->not_started);
	}
}

static void md_rest(struct rb_buf *b, const struct rb_report_in *in, const struct rb_report *r)
{
	rb_buf_puts(b,
		    "\n## Readiness\n\nThe self-assessment, today (current) and as a target, "
		    "over the participants who answered each scale. Quartiles are the medians of "
		    "the lower and upper halves of the scores, the median left out of both when "
		    "the number of answers is odd.\n\n"
		    "| Dimension | Measure | Answers | Min | Lower quartile | Median | Upper "
		    "quartile | Max |\n"
		    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
	for (size_t d = 0; d < r->ndims; d++) {
		if (r->dims[d].has_current)
			md_stats(b, r->dims[d].dim->title, "current", &r->dims[d].current);
		if (r->dims[d].has_target)
			md_stats(b, r->dims[d].dim->title, "target", &r->dims[d].target);
	}
	rb_buf_puts(b, "\n## Technologies prioritised\n\n");
	if (!r->tech) {
		rb_buf_puts(b, "The curriculum names no technologies exercise (`technologies:` in "
			       "curriculum.md).\n");
	} else {
		rb_buf_puts(b, "From \"");
		md_text(b, r->tech->prompt);
		rb_buf_printf(b,
			      "\": %zu participant%s answered%s.\n\n| Technology | Participants "
			      "|\n| --- | ---: |\n",
			      r->tech_answered, r->tech_answered == 1 ? "" : "s",
			      rb_report_few(r->tech_answered) ? " " RB_FEW_NOTE : "");
		for (size_t k = 0; k < r->ntechs; k++) {
			rb_buf_puts(b, "| ");
			md_text(b, r->techs[k].opt->label);
			rb_buf_printf(b, " | %zu |\n", r->techs[k].count);
		}
	}
	rb_buf_printf(b,
		      "\n## Planned investment\n\nThe cost of the initiatives on the roadmaps of "
		      "%zu participant%s%s, summed per horizon, and the same net of each "
		      "participant's expected match funding.\n\n| Horizon | Cost | Net of match "
		      "funding |\n| --- | ---: | ---: |\n",
		      r->roadmaps, r->roadmaps == 1 ? "" : "s",
		      rb_report_few(r->roadmaps) ? " " RB_FEW_NOTE : "");
	double cost = 0, net = 0;
	for (int h = RB_NOW; h <= RB_LATER; h++) {
		rb_buf_printf(b, "| %s | ", rb_report_horizons[h]);
		rb_report_money(b, r->cost[h]);
		rb_buf_puts(b, " | ");
		rb_report_money(b, r->net_cost[h]);
		rb_buf_puts(b, " |\n");
		cost += r->cost[h];
		net += r->net_cost[h];
	}
	rb_buf_puts(b, "| Total | ");
	rb_report_money(b, cost);
	rb_buf_puts(b, " | ");
	rb_report_money(b, net);
	rb_buf_puts(b, " |\n\n## Jobs and skills\n\n| Figure | Total | Participants who answered "
		       "|\n| --- | ---: | ---: |\n");
	const struct {
		const char *what, *key;
		const struct rb_exercise *e;
		double sum;
		size_t n;
	} rows[] = {{"New jobs expected", "new-jobs", r->jobs, r->jobs_sum, r->jobs_answered},
		    {"Roles to upskill", "upskilled", r->skill, r->skill_sum, r->skill_answered}};
	for (size_t k = 0; k < 2; k++) {
		rb_buf_printf(b, "| %s | ", rows[k].what);
		if (!rows[k].e) {
			rb_buf_printf(b, "– | not in the curriculum (`%s:`) |\n", rows[k].key);
			continue;
		}
		rb_report_put_number(b, rows[k].sum);
		rb_buf_puts(b, " | ");
		md_count(b, rows[k].n);
		rb_buf_puts(b, " |\n");
	}
	rb_buf_puts(b, "\n## Sessions attended\n\n");
	if (!in->nsessions)
		rb_buf_puts(b, "The cohort has no sessions.\n");
	else
		rb_buf_puts(b,
			    "| Session | Date | Title | Attended |\n| --- | --- | --- | ---: |\n");
	for (size_t s = 0; s < in->nsessions; s++) {
		const struct rb_report_session *ses = &in->sessions[s];
		rb_buf_puts(b, "| ");
		md_text(b, ses->id);
		rb_buf_puts(b, " | ");
		md_text(b, ses->date);
		rb_buf_puts(b, " | ");
		md_text(b, ses->title);
		rb_buf_printf(b, " | %zu of %zu |\n", r->session_attended[s], r->npeople);
	}
	rb_buf_puts(b, "\n## Participants\n\n");
	if (!r->npeople)
		rb_buf_puts(b, "The roster is empty.\n");
	else
		rb_buf_puts(b, "| Id | Name | Company | Required answers | Sessions attended |\n"
			       "| --- | --- | --- | ---: | ---: |\n");
	for (size_t p = 0; p < r->npeople; p++) {
		const struct rb_report_person *x = &in->people[p];
		rb_buf_puts(b, "| ");
		md_text(b, x->id);
		rb_buf_puts(b, " | ");
		md_text(b, x->name);
		rb_buf_puts(b, " | ");
		md_text(b, x->company);
		if (x->answers)
			rb_buf_printf(b, " | %zu of %zu", r->person_answered[p], r->required);
		else
			rb_buf_puts(b, " | no data");
		rb_buf_printf(b, " | %zu of %zu |\n", r->person_sessions[p], in->nsessions);
	}
}

static void md_header(struct rb_buf *b, const struct rb_report_in *in, const struct rb_report *r)
{
	rb_buf_puts(b, "# Cohort report: ");
	md_text(b, in->cohort);
	rb_buf_puts(b, "\n\n- Date: ");
	md_text(b, in->date);
	rb_buf_printf(b,
		      "\n- Participants: %zu (%zu with answers fetched, %zu with no data yet)\n"
		      "- Curriculum: ",
		      r->npeople, r->with_data, r->npeople - r->with_data);
	md_text(b, in->cur->title);
	rb_buf_puts(b, " ");
	md_text(b, in->cur->version);
	rb_buf_puts(b, "\n\nFigures come from each participant's latest version fetched with "
		       "`roadbook cohort sync`. Figures from fewer than 5 participants are marked "
		       "\"" RB_FEW_NOTE "\".\n\n");
}

static char *write_md(const struct rb_report_in *in, const struct rb_report *r)
{
	struct rb_buf b = {0};
	md_header(&b, in, r);
	md_progress(&b, in, r);
	md_rest(&b, in, r);
	if (b.oom) {
		rb_buf_free(&b);
		return NULL;
	}
	return rb_buf_take(&b);
}

/* ---- CSV ---- */

/* A text cell: sanitised, a leading = + - @ tab or CR defused with ', quoted when needed. */
static void csv_text(struct rb_buf *b, const char *s)
{
	char *c = rb_report_clean(s);
	if (!c) {
		b->oom = 1;
		return;
	}
	bool defuse = strchr("=+-@\t\r", c[0]) && c[0];
	bool quote = strpbrk(c, ",\"\r\n") != NULL;
	if (quote)
		rb_buf_puts(b, "\"");
	if (defuse)
		rb_buf_puts(b, "'");
	for (const char *p = c; *p; p++)
		rb_buf_append(b, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
	if (quote)
		rb_buf_puts(b, "\"");
	free(c);
}

static void csv_row(struct rb_buf *b, const char *section, const char *item, const char *measure)
{
	csv_text(b, section);
	rb_buf_puts(b, ",");
	csv_text(b, item);
	rb_buf_puts(b, ",");
	csv_text(b, measure);
	rb_buf_puts(b, ",");
}

static void csv_num(struct rb_buf *b, const char *section, const char *item, const char *measure,
		    double v)
{
	csv_row(b, section, item, measure);
	rb_report_put_number(b, v);
	rb_buf_puts(b, "\n");
}

static void csv_str(struct rb_buf *b, const char *section, const char *item, const char *measure,
		    const char *v)
{
	csv_row(b, section, item, measure);
	csv_text(b, v);
	rb_buf_puts(b, "\n");
}

static void csv_note(struct rb_buf *b, const char *section, const char *item, const char *measure,
		     size_t n)
{
	if (rb_report_few(n))
		csv_str(b, section, item, measure, "fewer than 5 answers");
}

static void csv_stats(struct rb_buf *b, const char *dim, const char *measure,
		      const struct rb_stats *s)
{
	static const char *const names[] = {"min", "lower quartile", "median", "upper quartile",
					    "max"};
	const double v[] = {s->min, s->q1, s->median, s->q3, s->max};
	char m[64];
	snprintf(m, sizeof m, "%s answers", measure);
	csv_num(b, "readiness", dim, m, (double)s->n);
	for (size_t k = 0; s->n && k < 5; k++) {
		snprintf(m, sizeof m, "%s %s", measure, names[k]);
		csv_num(b, "readiness", dim, m, v[k]);
	}
	snprintf(m, sizeof m, "%s note", measure);
	csv_note(b, "readiness", dim, m, s->n);
}

static char *write_csv(const struct rb_report_in *in, const struct rb_report *r)
{
	const struct rb_curriculum *c = in->cur;
	struct rb_buf b = {0};
	rb_buf_puts(&b, "section,item,measure,value\n");
	csv_str(&b, "cohort", "", "name", in->cohort);
	csv_str(&b, "cohort", "", "date", in->date);
	csv_num(&b, "cohort", "", "participants", (double)r->npeople);
	csv_num(&b, "cohort", "", "with data", (double)r->with_data);
	for (size_t m = 0; m < c->nmodules; m++) {
		const struct rb_report_module *x = &r->modules[m];
		csv_num(&b, "progress", c->modules[m].id, "complete", (double)x->complete);
		csv_num(&b, "progress", c->modules[m].id, "in progress", (double)x->in_progress);
		csv_num(&b, "progress", c->modules[m].id, "not started", (double)x->not_started);
	}
	csv_num(&b, "progress", "all", "answered", (double)r->answered);
	csv_num(&b, "progress", "all", "total", (double)(r->required * r->with_data));
	csv_note(&b, "progress", "all", "note", r->with_data);
	for (size_t d = 0; d < r->ndims; d++) {
		if (r->dims[d].has_current)
			csv_stats(&b, r->dims[d].dim->id, "current", &r->dims[d].current);
		if (r->dims[d].has_target)
			csv_stats(&b, r->dims[d].dim->id, "target", &r->dims[d].target);
	}
	if (r->tech) {
		for (size_t k = 0; k < r->ntechs; k++)
			csv_num(&b, "technologies", r->techs[k].opt->id, "participants",
				(double)r->techs[k].count);
		csv_num(&b, "technologies", "all", "answered", (double)r->tech_answered);
		csv_note(&b, "technologies", "all", "note", r->tech_answered);
	}
	static const char *const ids[] = {"now", "next", "later"};
	for (int h = RB_NOW; h <= RB_LATER; h++) {
		csv_num(&b, "investment", ids[h], "cost", r->cost[h]);
		csv_num(&b, "investment", ids[h], "net of match funding", r->net_cost[h]);
	}
	csv_num(&b, "investment", "all", "roadmaps", (double)r->roadmaps);
	csv_note(&b, "investment", "all", "note", r->roadmaps);
	if (r->jobs) {
		csv_num(&b, "jobs", "new jobs", "total", r->jobs_sum);
		csv_num(&b, "jobs", "new jobs", "answered", (double)r->jobs_answered);
		csv_note(&b, "jobs", "new jobs", "note", r->jobs_answered);
	}
	if (r->skill) {
		csv_num(&b, "jobs", "roles upskilled", "total", r->skill_sum);
		csv_num(&b, "jobs", "roles upskilled", "answered", (double)r->skill_answered);
		csv_note(&b, "jobs", "roles upskilled", "note", r->skill_answered);
	}
	for (size_t s = 0; s < in->nsessions; s++) {
		csv_num(&b, "sessions", in->sessions[s].id, "attended",
			(double)r->session_attended[s]);
		csv_num(&b, "sessions", in->sessions[s].id, "roster", (double)r->npeople);
	}
	for (size_t p = 0; p < r->npeople; p++) {
		const struct rb_report_person *x = &in->people[p];
		csv_str(&b, "participants", x->id, "name", x->name);
		csv_str(&b, "participants", x->id, "company", x->company);
		if (x->answers)
			csv_num(&b, "participants", x->id, "answered",
				(double)r->person_answered[p]);
		else
			csv_str(&b, "participants", x->id, "answered", "no data");
		csv_num(&b, "participants", x->id, "sessions attended",
			(double)r->person_sessions[p]);
	}
	if (b.oom) {
		rb_buf_free(&b);
		return NULL;
	}
	return rb_buf_take(&b);
}

char *rb_report_write(const struct rb_report_in *in, const struct rb_report *r,
		      enum rb_report_format format)
{
	switch (format) {
	case RB_REPORT_MD:
		return write_md(in, r);
	case RB_REPORT_CSV:
		return write_csv(in, r);
	case RB_REPORT_HTML:
		return rb_report_html(in, r);
	}
	return NULL;
}
