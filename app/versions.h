/* versions.h - the versions of an open workbook: writing its files and committing them
 * (app/versions.c; docs/storage.md). */
#ifndef ROADBOOK_APP_VERSIONS_H
#define ROADBOOK_APP_VERSIONS_H

#include "app/workbook.h"

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
/* The answers as they are now (archived ones too), as if read from a version's files. */
struct rb_parsed_answers;
int rb_app_current_answers(struct rb_app *app, struct rb_parsed_answers *out, char **err);

#endif
