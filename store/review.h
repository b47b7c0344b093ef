/* review.h - the review files and what they mean (docs/review.md).
 *
 * Two files carry review records between the facilitator and a participant, both in
 * git-config syntax (read and written with libgit2's config API), one section per record:
 *
 *   review.conf    on the participant's branch main, written by the participant:
 *                  [submit "s-…"] target (module), at;  [reply "r-…"] target (comment), text,
 *                  at;  [resolve "resolve/c-…"] target (comment), at
 *   feedback.conf  on the participant's branch "facilitator", written only by the facilitator:
 *                  [comment "c-…"] target, text, at, answer, version;
 *                  [state "state/MODULE"] target (module), text (approved or
 *                  changes-requested), at, version, submission
 *
 * Each side reads the other's file but never takes its own kind of record from it: the
 * facilitator's decisions come only from the facilitator's database, so a participant who
 * writes an approval into their repository changes nothing. */
#ifndef ROADBOOK_REVIEW_H
#define ROADBOOK_REVIEW_H

#include "content/lesson.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RB_REVIEW_CONF   "review.conf"
#define RB_FEEDBACK_CONF "feedback.conf"

/* Largest review file read, and most records taken from one. */
#define RB_REVIEW_MAX_BYTES (4u << 20)
#define RB_REVIEW_MAX_ITEMS 20000

enum rb_rstate {
	RB_RS_NOT_STARTED,
	RB_RS_IN_PROGRESS,
	RB_RS_SUBMITTED,
	RB_RS_CHANGES,
	RB_RS_APPROVED,
};
/* "not started", "in progress", "submitted", "changes requested", "approved" */
const char *rb_rstate_label(enum rb_rstate s);
/* "not-started", …, "changes-requested", "approved" (JSON and the files) */
const char *rb_rstate_key(enum rb_rstate s);

/* The kinds each side writes (NULL-terminated): the participant's, the facilitator's. */
extern const char *const rb_review_own_kinds[];
extern const char *const rb_review_fac_kinds[];

/* Writes records of the given kinds (NULL-terminated list) as the text of a review file, in
 * a fixed order (kind, time, id) so that the same records always give the same bytes.
 * tmpdir is a private folder for libgit2's config writer. Returns 0, or -1 with *err. */
int rb_review_format(const char *tmpdir, const struct rb_review_item *v, size_t n,
		     const char *const *kinds, char **text, char **err);
/* Reads a review file, keeping only records of the given kinds whose ids, targets and times
 * are well formed (others are skipped and counted in *skipped, may be NULL); participant is
 * copied into each. Returns 0, or -1 with *err (a file that is not in the format, too big). */
int rb_review_parse(const char *tmpdir, const char *text, size_t len, const char *participant,
		    const char *const *kinds, struct rb_review_item **out, size_t *n,
		    size_t *skipped, char **err);

/* A new record id: prefix ("c", "s", "r") and 16 random hex digits. NULL when out of memory. */
char *rb_review_new_id(const char *prefix);
/* true for an id roadbook writes: 1 to 64 of [a-z0-9-/], not starting with '/' or '-'. */
bool rb_review_id_ok(const char *id);

/* A short hash of a text (16 hex digits), for "changed since this comment". */
void rb_review_hash(const char *s, char out[17]);
/* What a comment's target names in curriculum c: an exercise (*ex set), a section ("section:ID"
 * or a bare section id that is not an exercise; *sec set), or nothing (detached). */
void rb_review_target(const struct rb_curriculum *c, const char *target,
		      const struct rb_exercise **ex, const struct rb_section **sec);
/* The hash of what target holds in answers (by curriculum index): an exercise's answer, or
 * every answer in a section. "" (out[0] = 0) when the target names nothing. */
void rb_review_target_hash(const struct rb_curriculum *c, char *const *answers, const char *target,
			   char out[17]);

/* The state of module in the records v (both sides' records together): the decision on it
 * unless the participant submitted again since; otherwise submitted; otherwise by progress
 * (answered of total required). *decision and *submission (may be NULL) point into v. */
enum rb_rstate rb_review_state(const struct rb_review_item *v, size_t n, const char *module,
			       size_t answered, size_t total,
			       const struct rb_review_item **decision,
			       const struct rb_review_item **submission);

/* The cohort's published benchmarks (benchmarks.conf on the facilitator branch, written by
 * roadbook cohort publish): per readiness dimension, the cohort's median now and target.
 * Figures from fewer than RB_BENCH_MIN_CONTRIBUTORS participants are never read. */
#define RB_BENCHMARKS_CONF        "benchmarks.conf"
#define RB_BENCH_MIN_CONTRIBUTORS 5
struct rb_bench_median {
	char dimension[64];
	double current, target; /* negative when not published */
	long contributors;
};
int rb_benchmarks_parse(const char *tmpdir, const char *text, size_t len,
			struct rb_bench_median **out, size_t *n, char **err);

#endif
