/* sync.h - an open workbook's exchange with its cohort (app/sync.c, docs/cohorts.md). */
#ifndef ROADBOOK_APP_SYNC_H
#define ROADBOOK_APP_SYNC_H

#include "app/workbook.h"

/* The branch of a participant's repository that only the facilitator writes, and the folder
 * in it that holds the cohort's curriculum. */
#define RB_FACILITATOR_BRANCH "facilitator"
#define RB_COHORT_LESSONS     "lessons"

struct rb_sync_result {
	bool pushed;         /* the cohort has this laptop's latest version */
	size_t taken;        /* answers taken from a version made elsewhere */
	size_t conflicts;    /* answers changed on both sides: both kept, to choose */
	bool curriculum;     /* a new curriculum arrived and is in use */
	size_t new_modules;  /* modules it added */
	size_t new_feedback; /* comments and decisions from the facilitator not yet read */
	bool held;           /* not sent: this version lost most of the cohort copy's answers */
	size_t held_ours, held_theirs; /* the answers in each, when held */
	char *notes;                   /* anything else to tell the participant, or NULL */
};
/* Saves a version when answers changed, fetches from the workbook's "origin", takes in a new
 * curriculum, combines, pushes. A version with no answers, or fewer than half of the cohort
 * copy's (which has at least five), is not pushed (res->held, a message in *err, RB_NET_ERR)
 * unless app->send_removals is set. Returns RB_NET_OK or what went wrong (message in *err);
 * nothing on this laptop is lost in any case. */
enum rb_net rb_app_sync(struct rb_app *app, const struct rb_net_cb *cb, struct rb_sync_result *res,
			char **err);
void rb_sync_result_free(struct rb_sync_result *r);
/* Puts the curriculum from the facilitator's branch (as fetched) into state_dir/curriculum
 * when it is new and loads cleanly; *changed tells whether it did. -1 only when out of
 * memory; problems go to *notes and leave the old curriculum in place. */
int rb_sync_take_curriculum(struct rb_repo *r, const char *state_dir, bool *changed, char **notes);
/* Settles an answer changed on two laptops: keeps this laptop's, or takes the other one.
 * 0, 1 when there is no such conflict (message), -1 on failure. */
int rb_app_choose(struct rb_app *app, const char *id, bool theirs, char **err);

#endif
