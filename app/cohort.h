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
#include "content/render.h"
#include "store/history.h"
#include "store/cohort.h"
#include "store/db.h"
#include "store/review.h"
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
/* Makes a version of the cohort repository from the cohort folder: cohort.conf, README.md,
 * .gitignore, lessons/ and benchmarks.conf when there is one (nothing when none changed).
 * Returns 0, or -1 with *err (caller frees). */
int rb_cohort_commit(const struct rb_cohort *c, const char *message, char **err);

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
	int64_t version_time;      /* seconds; 0 when none */
	int64_t fetched_ms;        /* last successful fetch; 0 when never */
	int64_t tried_ms;          /* last attempt */
	char *fetch_error;         /* why the last attempt failed, or NULL */
	enum rb_rstate *mod_state; /* per module: the review state (the facilitator's decisions,
				      the participant's submissions, progress) */
	size_t waiting;            /* modules submitted and waiting for review */
};
/* Prepares counting progress for the open curriculum (app/cohort_status.c); 0, or -1 when out
 * of memory. rb_cohort_status_done writes the cache and frees what counting kept. */
int rb_cohort_status_init(struct rb_cohort_ctx *x);
void rb_cohort_status_done(struct rb_cohort_ctx *x);
/* Progress of everyone, from the mirrors (cached by version id). */
int rb_cohort_status(struct rb_cohort_ctx *x, struct rb_member **out, size_t *n, char **err);
void rb_members_free(struct rb_member *v, size_t n);

/* ---- review (app/cohort_review.c, docs/review.md) ---- */

/* One participant under review: their latest version as fetched, the version the facilitator
 * last reviewed, the answers of both and what changed, and both sides' review records. */
struct rb_review {
	struct rb_cohort_ctx *x;
	const struct rb_participant *p;
	struct rb_repo *m;   /* the mirror; NULL when never fetched */
	char head[41];       /* latest version fetched, "" when none */
	char base[41];       /* the version last reviewed, "" when none */
	char **answers;      /* at head, per curriculum exercise (NULL: unanswered) */
	char **base_answers; /* at base */
	char **archived_ids; /* answers at head whose exercise the curriculum lacks */
	size_t narchived;
	struct rb_changes changes;  /* base to head (empty without a base) */
	struct rb_review_item *fac; /* the facilitator's comments and decisions */
	size_t nfac;
	struct rb_review_item *own; /* the participant's submissions, replies, resolutions */
	size_t nown;
	struct rb_review_item *all; /* both (not owning) */
	size_t nall;
	char *notes; /* problems met reading the participant's files, or NULL */
};
/* Opens participant id for review. 0, 1 when the roster has no such participant (message),
 * -1 with *err. */
int rb_review_open(struct rb_cohort_ctx *x, const char *id, struct rb_review *rv, char **err);
void rb_review_close(struct rb_review *rv);
/* The review state of module m. */
enum rb_rstate rb_review_module_state(struct rb_review *rv, size_t m,
				      const struct rb_review_item **decision,
				      const struct rb_review_item **submission);
/* Whether exercise i changed since the last review (always false without one). */
bool rb_review_ex_changed(const struct rb_review *rv, size_t i);
/* Whether a comment's target holds something else now than when it was written. */
bool rb_review_comment_changed(const struct rb_review *rv, const struct rb_review_item *c);
/* Comments a target: an exercise id, "section:ID" or a section id. 0 (the new comment's id in
 * *id_out, may be NULL), 1 with a message (unknown target, empty text), -1. */
int rb_review_comment(struct rb_review *rv, const char *target, const char *text, char **id_out,
		      char **err);
/* Approves module m, or asks for changes; the version reviewed becomes the new base. */
int rb_review_decide(struct rb_review *rv, const char *module, bool approve, char **err);
/* The review as lines for a width (app/review_doc.c): per module its state, each answer with
 * its changes since the last review marked word by word, and the comments with their replies;
 * or (strategy) the participant's strategy document with the sections changed since the last
 * review flagged. Per line: the exercise (curriculum index) or -1, the comment (index into
 * rv->fac) or -1, and whether it belongs to something changed. */
struct rb_review_doc {
	struct rb_lines lines;
	long *ex;
	long *comment;
	bool *changed;
	size_t cap;
};
int rb_review_doc_build(struct rb_review *rv, int width, bool strategy, struct rb_review_doc *d);
void rb_review_doc_free(struct rb_review_doc *d);

/* The feedback file for participant id, from the facilitator's records; NULL in *text when
 * there is nothing yet. 0, or -1 with *err. */
int rb_review_feedback_file(struct rb_cohort_ctx *x, const char *id, char **text, char **err);

#endif
