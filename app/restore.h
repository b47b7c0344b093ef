/* restore.h - what changed outside roadbook read into an open workbook, its repository
 * opened or started, and the database rebuilt from the latest version (app/restore.c). */
#ifndef ROADBOOK_APP_RESTORE_H
#define ROADBOOK_APP_RESTORE_H

#include "app/workbook.h"

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
/* Refuses (1, message in *err) a folder that is a git repository of something else. */
int rb_app_check_new_dir(const char *dir, char **err);

#endif
