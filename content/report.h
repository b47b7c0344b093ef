/* report.h - the cohort report and the anonymised benchmarks: pure computation over the
 * curriculum, the roster, the attendance and each participant's answers, and the report written
 * as markdown, CSV or one self-contained HTML page. No ncurses, no libgit2: the caller loads the
 * answers (cli/report.c). docs/report.md describes the figures and the rules.
 *
 * Quartiles are the medians of the lower and upper halves of the sorted values, the median
 * itself left out of both halves when n is odd; with one value, both quartiles are that value.
 * Every piece of text written (names, companies, titles, labels) is passed through the terminal
 * sanitiser first and then escaped for the format, so no format can carry control sequences. */
#ifndef ROADBOOK_REPORT_H
#define ROADBOOK_REPORT_H

#include "content/lesson.h"
#include "content/roadmap.h"

#include <stdbool.h>
#include <stddef.h>

/* Figures from fewer participants than this carry the note "(fewer than 5 answers)". */
#define RB_REPORT_FEW 5
/* A benchmark is published only when at least this many participants contribute to it. */
#define RB_BENCHMARK_MIN 5

struct rb_stats {
	size_t n; /* number of values; the figures below mean something only when n > 0 */
	double min, q1, median, q3, max;
};

/* Summarises v[0..n) (in any order; v is not changed). Returns 0, or -1 when out of memory. */
int rb_stats_compute(const double *v, size_t n, struct rb_stats *out);

/* A number written plainly: no thousands separators, at most two decimals, no trailing zeros
 * ("2.5", "4", "12000.33"). out needs 32 bytes. */
void rb_report_number(double v, char *out, size_t size);

struct rb_report_person {
	const char *id, *name, *company; /* from the roster (any text: escaped when written) */
	/* answers[i] is the canonical answer to curriculum exercise i, or NULL; the array itself is
	 * NULL when nothing was ever fetched from this participant ("no data"). */
	char *const *answers;
};

struct rb_report_session {
	const char *id, *date, *title;
	const char *const *attended; /* participant ids (matched to the roster in any case) */
	size_t nattended;
};

struct rb_report_in {
	const struct rb_curriculum *cur;
	const char *cohort; /* the cohort's name */
	const char *date;   /* the day of the report, YYYY-MM-DD */
	const struct rb_report_person *people;
	size_t npeople;
	const struct rb_report_session *sessions;
	size_t nsessions;
};

struct rb_report_module {
	size_t complete, in_progress, not_started; /* participants with data */
	size_t required;                           /* exercises that count for progress */
};

struct rb_report_dim {
	const struct rb_dimension *dim;
	int max; /* top of the dimension's scale (0 when the curriculum has none) */
	bool has_current, has_target; /* the curriculum has a scale for current / target */
	struct rb_stats current, target;
};

struct rb_report_tech {
	const struct rb_option *opt;
	size_t count; /* participants who chose it */
};

struct rb_report {
	size_t npeople, with_data;        /* the roster, and those with answers fetched */
	struct rb_report_module *modules; /* per curriculum module */
	size_t required;                  /* required exercises in the whole curriculum */
	size_t answered;                  /* required answers, summed over participants with data */
	size_t *person_answered;          /* per participant: required answers (0 without data) */
	struct rb_report_dim *dims;       /* per curriculum dimension */
	size_t ndims;
	const struct rb_exercise *tech; /* the curriculum's technologies exercise, or NULL */
	struct rb_report_tech *techs;   /* its options: most chosen first, then curriculum order */
	size_t ntechs, tech_answered;
	size_t roadmaps;                /* participants whose roadmap has at least one initiative */
	double cost[3], net_cost[3];    /* their costs summed per horizon (RB_NOW..RB_LATER) */
	const struct rb_exercise *jobs; /* the new-jobs exercise, or NULL */
	const struct rb_exercise *skill; /* the upskilled exercise, or NULL */
	size_t jobs_answered, skill_answered;
	double jobs_sum, skill_sum;
	size_t *session_attended; /* per session: participants of the roster recorded present */
	size_t *person_sessions;  /* per participant: sessions attended */
};

/* Computes every figure. Returns 0, or -1 when out of memory (out is then empty). Free with
 * rb_report_free. */
int rb_report_build(const struct rb_report_in *in, struct rb_report *out);
void rb_report_free(struct rb_report *r);

enum rb_report_format { RB_REPORT_MD, RB_REPORT_CSV, RB_REPORT_HTML };

/* The report in a format: markdown (tables), CSV (one figure a row: section,item,measure,value;
 * RFC 4180 quoting, '\n' line ends, text cells starting with = + - @ tab or CR prefixed with ')
 * or one HTML page (inline SVG charts and styles, no scripts, no external resources). Returns a
 * malloc'd string (caller frees) or NULL when out of memory. */
char *rb_report_write(const struct rb_report_in *in, const struct rb_report *r,
		      enum rb_report_format format);

/* One readiness dimension's anonymised benchmark. The contributors are the participants with
 * answers who answered every readiness scale the curriculum has for the dimension (current
 * and target), so that both medians describe the same people. */
struct rb_benchmark {
	const struct rb_dimension *dim;
	bool has_current, has_target; /* the curriculum has a scale for current / target */
	size_t contributors;
	bool published;         /* contributors >= RB_BENCHMARK_MIN (and a scale exists) */
	double current, target; /* medians, set only when published (and the scale exists) */
};

/* The benchmarks of every curriculum dimension, in curriculum order, from the answers of n
 * participants (answers[p] as in rb_report_person: NULL when there is no data). Only the median
 * of each figure is computed, and only when published. *out is malloc'd (caller frees), *nout
 * its length. Returns 0, or -1 when out of memory. */
int rb_benchmarks_compute(const struct rb_curriculum *c, char *const *const *answers, size_t n,
			  struct rb_benchmark **out, size_t *nout);

#endif
