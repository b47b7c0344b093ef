/* recover.h - words typed in the TUI that could not be saved (a full disk, a database locked
 * by another program when the terminal hung up), kept in the workbook's private folder and
 * offered back at the next start (app/recover.c). */
#ifndef ROADBOOK_APP_RECOVER_H
#define ROADBOOK_APP_RECOVER_H

#include "app/workbook.h"

/* The folder inside .roadbook/ that holds them, one file per exercise: ID.txt. */
#define RB_RECOVERED_DIR "recovered"

/* Keeps text as what was typed for exercise id (replacing an older one), written aside and
 * renamed into place, mode 0600. Returns 0 with the file's path in *path (caller frees; may
 * be NULL), or -1 with *err. */
int rb_app_recovery_keep(struct rb_app *app, const char *id, const char *text, char **path,
			 char **err);
/* The text kept for exercise id when it differs from the saved answer (malloc'd), else NULL
 * (none kept, or it is what is saved: then the file is removed). */
char *rb_app_recovery_get(struct rb_app *app, const char *id);
/* How many exercises have text kept that differs from their saved answer; *first (may be
 * NULL) gets the index of the first in the curriculum's order, -1 when none. */
size_t rb_app_recovery_count(struct rb_app *app, long *first);
/* Removes what was kept for id (put back, or declined). */
void rb_app_recovery_drop(struct rb_app *app, const char *id);

#endif
