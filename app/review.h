/* review.h - the participant's side of review: the facilitator's feedback as last synced,
 * submissions, replies and resolutions (app/review.c, docs/review.md). */
#ifndef ROADBOOK_APP_REVIEW_H
#define ROADBOOK_APP_REVIEW_H

#include "app/workbook.h"

struct rb_snap_result;

/* Reads the facilitator's feedback from the facilitator branch as last fetched, and this
 * workbook's own review records. Returns 0, or -1 with *err (what was readable is kept). */
int rb_app_feedback_load(struct rb_app *app, char **err);
/* The review state of module m. */
enum rb_rstate rb_app_module_state(struct rb_app *app, size_t m,
				   const struct rb_review_item **decision,
				   const struct rb_review_item **submission);
/* Feedback not yet read: in module m, or everywhere when m is -1 (comments on strategy
 * sections count only there). */
size_t rb_app_feedback_new(struct rb_app *app, long m);
/* Marks the feedback of module m (-1: all) as read. */
int rb_app_feedback_seen(struct rb_app *app, long m, char **err);
/* Whether comment c (a "comment" record) is new, resolved, about an answer that changed
 * since, or detached (its exercise or section is no longer in the curriculum). */
bool rb_app_comment_new(struct rb_app *app, const struct rb_review_item *c);
bool rb_app_comment_resolved(struct rb_app *app, const char *comment_id);
bool rb_app_comment_changed(struct rb_app *app, const struct rb_review_item *c);
/* The module a comment's target belongs to, or -1 (a strategy section, or detached). */
long rb_app_comment_module(struct rb_app *app, const struct rb_review_item *c);
/* Submits module m for review: records it and saves a version. 0, 1 with a message (nothing
 * to submit), -1 on failure. */
int rb_app_submit(struct rb_app *app, size_t m, struct rb_snap_result *res, char **err);
/* Replies to a comment, or marks it resolved (or open again). 0, 1 with a message (no such
 * comment, empty reply), -1 on failure. Both reach the facilitator at the next sync. */
int rb_app_reply(struct rb_app *app, const char *comment_id, const char *text, char **err);
int rb_app_resolve(struct rb_app *app, const char *comment_id, bool resolved, char **err);
void rb_app_feedback_free(struct rb_app *app);
/* The cohort's published medians per readiness dimension, as last synced (none when the
 * facilitator has published none). Returns 0, or -1 with *err. */
int rb_app_benchmarks(struct rb_app *app, struct rb_bench_median **out, size_t *n, char **err);

#endif
