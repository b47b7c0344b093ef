/* app.h - an open workbook with its curriculum and answers: what the command line and the
 * screens work on. */
#ifndef ROADBOOK_APP_H
#define ROADBOOK_APP_H

#include "content/lesson.h"
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
};

/* Exit codes shared by every command (documented in the README). */
enum rb_exit {
	RB_EXIT_OK = 0,
	RB_EXIT_FAIL = 1,     /* the command could not do its job: the message says why */
	RB_EXIT_USAGE = 2,    /* the command line itself is wrong */
	RB_EXIT_NOTFOUND = 3, /* no workbook, no such exercise or module */
	RB_EXIT_LOCKED = 4,   /* another roadbook has the workbook open */
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

#endif
