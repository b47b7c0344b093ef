/* report_internal.h - shared by the cohort report's writers (report_write.c, report_html.c);
 * not part of the public API. */
#ifndef ROADBOOK_REPORT_INTERNAL_H
#define ROADBOOK_REPORT_INTERNAL_H

#include "content/buf.h"
#include "content/report.h"

#include <stdbool.h>
#include <stddef.h>

#define RB_FEW_NOTE "(fewer than 5 answers)"
_Static_assert(RB_REPORT_FEW == 5, "RB_FEW_NOTE names the threshold");

/* "Now", "Next", "Later", by enum rb_horizon. */
extern const char *const rb_report_horizons[3];

/* Whether a figure from n participants carries RB_FEW_NOTE. */
bool rb_report_few(size_t n);
/* One line of display-safe text: control sequences, bidi controls and newlines removed by the
 * terminal sanitiser (s may be NULL). malloc'd (caller frees), NULL when out of memory. */
char *rb_report_clean(const char *s);
/* £12,345: whole pounds, thousands separated. */
void rb_report_money(struct rb_buf *b, double v);
/* A number as rb_report_number writes it. */
void rb_report_put_number(struct rb_buf *b, double v);

/* The HTML page (report_html.c); malloc'd or NULL when out of memory. */
char *rb_report_html(const struct rb_report_in *in, const struct rb_report *r);

#endif
