/* app.h - an open workbook with its curriculum and answers: what the command line and the
 * screens work on. */
#ifndef ROADBOOK_APP_H
#define ROADBOOK_APP_H

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

	/* versions (tui/app_versions.c) */
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

	/* review (tui/app_review.c): loaded by rb_app_feedback_load */
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

/* Why a snapshot is made: it chooses the commit message. */
enum rb_snap_kind {
	RB_SNAP_MANUAL,      /* roadbook save, or the save key */
	RB_SNAP_AUTO,        /* after a few minutes of typing, and when leaving */
	RB_SNAP_MODULE_DONE, /* the last required answer of a module was given */
	RB_SNAP_SUBMIT,      /* a module submitted for review */
	RB_SNAP_SYNC,        /* before a sync */
	RB_SNAP_IMPORT,      /* answers files edited outside roadbook were read */
	RB_SNAP_FIRST,       /* the workbook's first version */
};

struct rb_snap_result {
	bool committed; /* false: nothing had changed since the last version */
	char id[41];    /* the version HEAD is now at */
	char *summary;  /* the commit's first line */
	char *note;     /* something else to tell the participant, or NULL */
};

/* Writes the workbook's files (README.md, strategy.md, answers/) and commits them when they
 * changed. message may be NULL (one is made up from what changed); module is the module for
 * RB_SNAP_MODULE_DONE and RB_SNAP_SUBMIT. Returns 0, or -1 with a message in *err. */
int rb_app_snapshot(struct rb_app *app, enum rb_snap_kind kind, const char *message, size_t module,
		    struct rb_snap_result *res, char **err);
void rb_snap_result_free(struct rb_snap_result *r);
/* An automatic snapshot when answers changed and the last one is older than min_age_ms (0: any
 * change). Failures and notes go to app->snap_note. Returns true when a version was made. */
bool rb_app_autosnapshot(struct rb_app *app, int64_t min_age_ms);

/* Reads answers files changed outside roadbook since the last version (by hand, or by a git
 * command) into the workbook; adds what happened to *notes. -1 only when out of memory. */
int rb_app_import_edits(struct rb_app *app, char **notes);
/* Opens (or starts) the repository of an open workbook and reads outside edits. */
int rb_app_attach_repo(struct rb_app *app, char **notes);
/* true when dir's git history holds a roadbook workbook (a README.md with its block). */
bool rb_app_is_repo_workbook(const char *dir);
/* Creates the database of the workbook in dir from the latest version in its repository.
 * Returns 0 (what was restored in *notes), or -1 with a message in *err. */
int rb_app_rebuild(const char *dir, char **notes, char **err);
/* The answers as they are now (archived ones too), as if read from a version's files. */
struct rb_parsed_answers;
int rb_app_current_answers(struct rb_app *app, struct rb_parsed_answers *out, char **err);
/* Refuses (1, message in *err) a folder that is a git repository of something else. */
int rb_app_check_new_dir(const char *dir, char **err);

/* ---- sync with the cohort (tui/app_sync.c, docs/cohorts.md) ---- */

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
	char *notes;         /* anything else to tell the participant, or NULL */
};
/* Saves a version when answers changed, fetches from the workbook's "origin", takes in a new
 * curriculum, combines, pushes. Returns RB_NET_OK or what went wrong (message in *err);
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
/* Loads the workbook's curriculum again (after sync delivered a new one). */
int rb_app_reload_curriculum(struct rb_app *app, char **err);

/* ---- review (tui/app_review.c, docs/review.md) ---- */

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

#endif
