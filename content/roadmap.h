/* roadmap.h - what the answers say about the plan: the roadmap's initiatives with payback and
 * dependencies, totals per horizon, and the readiness profile with each gap traced to the
 * initiatives that move it. Pure computation over the curriculum and the answers. */
#ifndef ROADBOOK_ROADMAP_H
#define ROADBOOK_ROADMAP_H

#include "content/lesson.h"

#include <stdbool.h>
#include <stddef.h>

enum rb_horizon { RB_NOW, RB_NEXT, RB_LATER, RB_HORIZON_NONE };

struct rb_initiative {
	size_t row;            /* row in the roadmap table, from 0 */
	const char *title;     /* the strings point into the roadmap's own table */
	const char *owner;     /* "" when not given */
	const char *kpi;       /* "" when not given */
	const char *dimension; /* dimension id, "" when not given */
	enum rb_horizon horizon;
	int start; /* year * 4 + quarter - 1, or -1 when not given */
	bool has_cost, has_benefit;
	double cost, benefit; /* as entered */
	double net_cost;      /* cost less the match-funding share */
	double payback_years; /* net_cost / benefit; negative: no payback (benefit <= 0) */
	size_t *deps;         /* indexes of the initiatives this one depends on */
	size_t ndeps;
	char **unknown; /* dependency names that match no initiative */
	size_t nunknown;
	long starts_before; /* index of a dependency scheduled later than this one, or -1 */
	bool in_cycle;      /* part of a dependency loop */
};

struct rb_roadmap {
	struct rb_initiative *v;
	size_t n;
	double grant_share;                      /* per cent, 0 when not answered */
	double cost[3], benefit[3], net_cost[3]; /* totals per horizon */
	bool has_cycle;
	struct rb_roadmap_priv *priv; /* the parsed table (owns the strings) */
};

/* Reads the curriculum's roadmap exercise (c->roadmap) and match-funding share from answers
 * (answers[i] for curriculum exercise i, may be NULL). An absent or empty roadmap gives n = 0.
 * Returns 0, or -1 when out of memory. Free with rb_roadmap_free. */
int rb_roadmap_build(const struct rb_curriculum *c, char *const *answers, struct rb_roadmap *out);
void rb_roadmap_free(struct rb_roadmap *rm);

const char *rb_horizon_name(enum rb_horizon h); /* "Now", "Next", "Later", "" */
/* "2027-Q1" for a start value; out needs 16 bytes. */
void rb_quarter_name(int start, char *out, size_t size);

struct rb_readiness {
	const struct rb_dimension *dim;
	int current, target; /* -1 when not answered */
	int max;             /* top of the scale */
	size_t *moved_by;    /* initiatives (indexes into the roadmap) that move this dimension */
	size_t nmoved;
};

/* One row per curriculum dimension, in curriculum order. Returns 0 or -1 (out of memory). Free
 * with rb_readiness_free. */
int rb_readiness_build(const struct rb_curriculum *c, char *const *answers,
		       const struct rb_roadmap *rm, struct rb_readiness **rows, size_t *n);
void rb_readiness_free(struct rb_readiness *rows, size_t n);

#endif
