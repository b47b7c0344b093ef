/* cohort.h - the facilitator's side of a cohort: creating it, adding participants (each
 * with a repository of their own), fetching everyone and delivering the curriculum, and the
 * progress of each participant. No drawing here; see docs/cohorts.md.
 *
 * Layout of a cohort folder:
 *   cohort.conf, README.md, lessons/   the cohort repository (git, branch main)
 *   participants/ID.git                 participants' bare repositories (path cohorts)
 *   .roadbook/mirror/ID.git             what the facilitator fetched from each participant
 *   .roadbook/cohort.db                 fetch results and a progress cache (SQLite) */
#ifndef ROADBOOK_TUI_COHORT_H
#define ROADBOOK_TUI_COHORT_H

#include "content/lesson.h"
#include "store/cohort.h"
#include "store/db.h"
#include "store/sync.h"

#include <stdint.h>

/* Creates a cohort in dir (missing or empty) with the curriculum in lessons_dir (NULL: the
 * bundled one) and a schedule starting on start (YYYY-MM-DD; NULL: next Monday). Returns 0,
 * or -1 with *err. */
int rb_cohort_create(const char *dir, const char *name, const char *start, const char *lessons,
		     char **err);

/* An open cohort: its settings, curriculum and state database. */
struct rb_cohort_ctx {
	struct rb_cohort *c;
	struct rb_curriculum *cur;
	struct rb_db *db;
	uint64_t cur_key; /* a hash of what progress depends on in the curriculum */
	size_t *required; /* per module: exercises that count for progress */
	/* answers counted per answers-file blob (an open-addressing table), and progress rows
	 * waiting to be written to the cache in one transaction */
	struct rb_blob_counts {
		char id[41];
		size_t *counts; /* per module; NULL: an empty slot */
	} * blobs;
	size_t nblobs, cap;
	char **pend_keys, **pend_vals;
	size_t npend;
};
/* Opens the cohort in dir. Returns 0, 1 when dir holds no cohort, -1 with *err. */
int rb_cohort_open(const char *dir, struct rb_cohort_ctx *x, char **err);
void rb_cohort_close(struct rb_cohort_ctx *x);

/* Adds a participant: creates their workbook repository (at p->url, or participants/ID.git
 * when url is NULL) with a first version, sends the curriculum, and records them in the
 * roster. Returns RB_NET_OK or why not (message in *err; nothing half-made is left). */
enum rb_net rb_cohort_add(struct rb_cohort_ctx *x, const struct rb_participant *p,
			  const struct rb_net_cb *cb, char **notes, char **err);

/* Fetches one participant into the cohort's mirror and sends them the curriculum when it
 * changed. The outcome is recorded for rb_cohort_status. */
enum rb_net rb_cohort_fetch(struct rb_cohort_ctx *x, const struct rb_participant *p,
			    const struct rb_net_cb *cb, bool *delivered, char **err);

struct rb_member {
	const struct rb_participant *p;
	char head[41]; /* latest version fetched, "" when none */
	size_t answered, total;
	size_t *mod_answered; /* per curriculum module */
	size_t *mod_total;
	int64_t version_time; /* seconds; 0 when none */
	int64_t fetched_ms;   /* last successful fetch; 0 when never */
	int64_t tried_ms;     /* last attempt */
	char *fetch_error;    /* why the last attempt failed, or NULL */
};
/* Prepares counting progress for the open curriculum (tui/cohort_status.c); 0, or -1 when out
 * of memory. rb_cohort_status_done writes the cache and frees what counting kept. */
int rb_cohort_status_init(struct rb_cohort_ctx *x);
void rb_cohort_status_done(struct rb_cohort_ctx *x);
/* Progress of everyone, from the mirrors (cached by version id). */
int rb_cohort_status(struct rb_cohort_ctx *x, struct rb_member **out, size_t *n, char **err);
void rb_members_free(struct rb_member *v, size_t n);

#endif
