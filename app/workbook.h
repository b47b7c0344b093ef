/* workbook.h - an open workbook with its curriculum and answers: what the command line and the
 * screens work on, and what every other file of app/ builds on (versions.h, restore.h, sync.h,
 * review.h). */
#ifndef ROADBOOK_APP_WORKBOOK_H
#define ROADBOOK_APP_WORKBOOK_H

#include "content/lesson.h"
#include "content/parts.h"
#include "store/repo.h"
#include "store/review.h"
#include "store/sync.h"
#include "store/workbook.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rb_app {
	char *dir;
	struct rb_workbook *wb;
	struct rb_curriculum *cur;
	char **answers; /* one per curriculum exercise (same index), NULL when unanswered */
	char *name, *company;
	unsigned long changes; /* counts stored answer changes, so views know to rebuild */
	int64_t latest_ms;     /* time of the latest answer change, 0 when none */

	/* versions (app/versions.c) */
	struct rb_repo *repo; /* the workbook's git repository; NULL when not usable */
	char *repo_problem;   /* why repo is NULL when it could not be opened (libgit2 missing,
			       * a damaged history), as told in notice; NULL otherwise */
	bool own_lock;        /* this process holds the workbook's lock: it may snapshot */
	bool importing;       /* reading edited answers files: no snapshot per module */
	char **keep;          /* answers files edited into a state roadbook cannot read */
	size_t nkeep;
	char *notice;                 /* for the participant after opening (may be NULL) */
	unsigned long snap_changes;   /* changes at the last snapshot */
	int64_t snap_ms;              /* when this session last made a snapshot, 0 when none */
	char *snap_note;              /* what the last automatic snapshot said (may be NULL) */
	struct rb_parts answer_parts; /* the answers files' sections, as last written */
	struct rb_strategy_cache *strategy_cache; /* strategy.md's parts, as last written */
	const char *merge_with; /* the next snapshot also records this version as a parent */
	bool send_removals;     /* the participant confirmed: sync may send a version that lost
				 * most of the cohort copy's answers (app/sync.c) */

	/* review (app/review.c): loaded by rb_app_feedback_load */
	struct rb_review_item *fac; /* the facilitator's comments and decisions, as last synced */
	size_t nfac;
	struct rb_review_item *own; /* this workbook's submissions, replies, resolutions, reads */
	size_t nown;
	struct rb_review_item *all; /* both, not owning the strings (for rb_review_state) */
	size_t nall;
	bool fb_loaded;
};

/* Exit codes shared by every command (documented in the README). */
enum rb_exit {
	RB_EXIT_OK = 0,
	RB_EXIT_FAIL = 1,     /* the command could not do its job: the message says why */
	RB_EXIT_USAGE = 2,    /* the command line itself is wrong */
	RB_EXIT_NOTFOUND = 3, /* no workbook, no such exercise or module */
	RB_EXIT_LOCKED = 4,   /* another roadbook has the workbook open */
	RB_EXIT_OFFLINE = 5,  /* the cohort could not be reached: the work waits on this laptop */
	RB_EXIT_CONFLICT = 6, /* synced, but some answers changed on two laptops: choose */
};

/* Opens the workbook in dir, takes the window lock when lock is true, loads its curriculum
 * and answers. On failure returns an rb_exit code and a message in *err (caller frees). */
int rb_app_open(struct rb_app *app, const char *dir, bool lock, char **err);
void rb_app_close(struct rb_app *app);

/* Index of an exercise in the curriculum, or -1. */
long rb_app_exercise_index(const struct rb_app *app, const char *id);

/* Checks, stores and caches an answer. Returns 0, 1 with a message for the participant in
 * *err (value refused or not saved; nothing changed), or -1 when out of memory. */
int rb_app_set_answer(struct rb_app *app, size_t index, const char *input, char **err);

/* Progress of one module: answered and total count only exercises that are not optional. */
void rb_app_module_progress(const struct rb_app *app, size_t module, size_t *answered,
			    size_t *total);
void rb_app_progress(const struct rb_app *app, size_t *answered, size_t *total);
/* Loads the workbook's curriculum again (after sync delivered a new one). */
int rb_app_reload_curriculum(struct rb_app *app, char **err);
/* true when path is an answers file roadbook leaves alone (edited into an unreadable state). */
bool rb_app_kept(const struct rb_app *app, const char *path);

#endif
