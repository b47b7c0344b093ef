/* workbook.c - an open workbook with its curriculum and answers (see workbook.h). */
#include "app/workbook.h"
#include "app/versions.h"
#include "app/restore.h"
#include "app/review.h"

#include "content/answer.h"
#include "content/buf.h"
#include "content/strategy.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *curriculum_problems(const char *dir, const struct rb_diags *d)
{
	struct rb_buf b = {0};
	rb_buf_printf(&b, "The curriculum in %s has %zu problem%s, so roadbook cannot show it:\n",
		      dir, d->n, d->n == 1 ? "" : "s");
	for (size_t i = 0; i < d->n && i < 5; i++)
		rb_buf_printf(&b, "  %s:%d: %s\n", d->v[i].file, d->v[i].line, d->v[i].message);
	rb_buf_printf(&b, "Run 'roadbook lint %s' to see them all; your answers are safe.", dir);
	return rb_buf_take(&b);
}

/* Answers to exercises the curriculum no longer has stay in the database, untouched. */
static int load_answer(void *ud, const char *id, const char *value, int64_t ms)
{
	struct rb_app *app = ud;
	long i = rb_app_exercise_index(app, id);
	if (i >= 0 && !app->answers[i] && !(app->answers[i] = strdup(value)))
		return 1;
	if (i >= 0 && ms > app->latest_ms)
		app->latest_ms = ms;
	return 0;
}

/* Moves a damaged database aside (never deletes it); returns the new name or NULL. */
static char *move_aside(const char *dir)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	struct rb_buf to = {0};
	rb_buf_printf(&to, "%s/.roadbook/state.db.damaged-%s", dir, stamp);
	static const char *const parts[] = {"", "-wal", "-shm"};
	for (size_t i = 0; to.data && i < 3; i++) {
		struct rb_buf a = {0}, b = {0};
		rb_buf_printf(&a, "%s/.roadbook/state.db%s", dir, parts[i]);
		rb_buf_printf(&b, "%s%s", to.data, parts[i]);
		if (a.data && b.data && rename(a.data, b.data) != 0 && i == 0) {
			rb_buf_free(&a);
			rb_buf_free(&b);
			rb_buf_free(&to);
			return NULL;
		}
		rb_buf_free(&a);
		rb_buf_free(&b);
	}
	return rb_buf_take(&to);
}

/* Rebuilds a missing or damaged database from the repository; 0 when done. */
static int restore_db(struct rb_app *app, const char *dir, bool damaged, char **err)
{
	char *aside = NULL;
	if (damaged && !(aside = move_aside(dir)))
		return -1;
	char *notes = NULL, *e = NULL;
	if (rb_app_rebuild(dir, &notes, &e) != 0) {
		free(*err);
		*err = e;
		free(notes);
		free(aside);
		return -1;
	}
	struct rb_buf b = {0};
	if (damaged)
		rb_buf_printf(&b,
			      "This workbook's database was damaged, so roadbook rebuilt it from "
			      "the last saved version (the damaged file is kept as %s). ",
			      aside);
	else
		rb_buf_puts(&b, "This workbook's database was missing, so roadbook rebuilt it "
				"from the last saved version. ");
	rb_buf_puts(&b, notes ? notes : "");
	free(notes);
	free(aside);
	free(app->notice);
	app->notice = rb_buf_take(&b);
	free(*err);
	*err = NULL;
	return 0;
}

int rb_app_open(struct rb_app *app, const char *dir, bool lock, char **err)
{
	memset(app, 0, sizeof *app);
	*err = NULL;
	app->dir = strdup(dir);
	if (!app->dir) {
		*err = strdup("roadbook ran out of memory.");
		return RB_EXIT_FAIL;
	}
	enum rb_wb_status ws = rb_workbook_open(dir, &app->wb, err);
	if ((ws == RB_WB_NONE || ws == RB_WB_DAMAGED) && rb_app_is_repo_workbook(dir) &&
	    restore_db(app, dir, ws == RB_WB_DAMAGED, err) == 0)
		ws = rb_workbook_open(dir, &app->wb, err);
	char *other = NULL;
	if (ws == RB_WB_NONE && rb_app_check_new_dir(dir, &other) != 0) {
		free(other);
		free(*err);
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "%s is a git repository, but not a roadbook workbook. To copy a "
			      "workbook from your cohort use 'roadbook join URL'; to start one, "
			      "run 'roadbook init' in an empty folder.",
			      dir);
		*err = rb_buf_take(&b);
	}
	if (ws != RB_WB_OK)
		return ws == RB_WB_NONE ? RB_EXIT_NOTFOUND : RB_EXIT_FAIL;
	if ((ws = rb_workbook_lock(app->wb, err)) != RB_WB_OK) {
		if (lock)
			return ws == RB_WB_LOCKED ? RB_EXIT_LOCKED : RB_EXIT_FAIL;
		free(*err); /* another window has it: this command only reads and answers */
		*err = NULL;
	} else {
		app->own_lock = true;
	}
	char *lessons = rb_workbook_lessons_dir(app->wb, err);
	if (!lessons)
		return RB_EXIT_FAIL;
	struct rb_diags diags = {0};
	int rc = rb_curriculum_load(lessons, &app->cur, &diags);
	if (rc < 0 || diags.n) {
		*err = rc < 0 ? strdup("roadbook ran out of memory while reading the lessons.")
			      : curriculum_problems(lessons, &diags);
		rb_diags_free(&diags);
		free(lessons);
		return RB_EXIT_FAIL;
	}
	rb_diags_free(&diags);
	free(lessons);
	app->answers = calloc(app->cur->nexercises + 1, sizeof *app->answers);
	if (!app->answers) {
		*err = strdup("roadbook ran out of memory.");
		return RB_EXIT_FAIL;
	}
	if (rb_db_answers_each(app->wb->db, load_answer, app, err) != RB_DB_OK ||
	    rb_db_meta_get(app->wb->db, "name", &app->name, err) != RB_DB_OK ||
	    rb_db_meta_get(app->wb->db, "company", &app->company, err) != RB_DB_OK)
		return RB_EXIT_FAIL;
	app->snap_changes = app->changes;
	if (rb_app_attach_repo(app, &app->notice) < 0) {
		*err = strdup("roadbook ran out of memory.");
		return RB_EXIT_FAIL;
	}
	return RB_EXIT_OK;
}

int rb_app_reload_curriculum(struct rb_app *app, char **err)
{
	char *lessons = rb_workbook_lessons_dir(app->wb, err);
	if (!lessons)
		return -1;
	struct rb_curriculum *cur = NULL;
	struct rb_diags diags = {0};
	int rc = rb_curriculum_load(lessons, &cur, &diags);
	if (rc < 0 || diags.n) {
		*err = rc < 0 ? strdup("roadbook ran out of memory while reading the lessons.")
			      : curriculum_problems(lessons, &diags);
		rb_diags_free(&diags);
		rb_curriculum_free(cur);
		free(lessons);
		return -1;
	}
	free(lessons);
	char **answers = calloc(cur->nexercises + 1, sizeof *answers);
	if (!answers) {
		rb_curriculum_free(cur);
		*err = strdup("roadbook ran out of memory.");
		return -1;
	}
	for (size_t i = 0; i < app->cur->nexercises; i++)
		free(app->answers[i]);
	free(app->answers);
	rb_parts_clear(&app->answer_parts);
	rb_strategy_cache_free(app->strategy_cache);
	app->strategy_cache = NULL;
	rb_app_feedback_free(app);
	rb_curriculum_free(app->cur);
	app->cur = cur;
	app->answers = answers;
	app->changes++;
	app->snap_changes = app->changes;
	return rb_db_answers_each(app->wb->db, load_answer, app, err) == RB_DB_OK ? 0 : -1;
}

void rb_app_close(struct rb_app *app)
{
	if (app->answers && app->cur)
		for (size_t i = 0; i < app->cur->nexercises; i++)
			free(app->answers[i]);
	free(app->answers);
	rb_strategy_cache_free(app->strategy_cache);
	app->strategy_cache = NULL;
	rb_parts_clear(&app->answer_parts);
	rb_curriculum_free(app->cur);
	rb_workbook_close(app->wb);
	rb_repo_free(app->repo);
	free(app->repo_problem);
	rb_strv_free(app->keep, app->nkeep);
	rb_app_feedback_free(app);
	free(app->notice);
	free(app->snap_note);
	free(app->dir);
	free(app->name);
	free(app->company);
	memset(app, 0, sizeof *app);
}

bool rb_app_kept(const struct rb_app *app, const char *path)
{
	for (size_t i = 0; i < app->nkeep; i++)
		if (strcmp(app->keep[i], path) == 0)
			return true;
	return false;
}

long rb_app_exercise_index(const struct rb_app *app, const char *id)
{
	const struct rb_exercise *e = rb_curriculum_exercise(app->cur, id);
	return e ? (long)e->index : -1;
}

int rb_app_set_answer(struct rb_app *app, size_t index, const char *input, char **err)
{
	const struct rb_exercise *e = app->cur->exercises[index];
	char *canonical = NULL;
	*err = NULL;
	int rc = rb_answer_normalize(app->cur, e, input, &canonical, err);
	if (rc != 0)
		return rc;
	if (app->answers[index] ? strcmp(app->answers[index], canonical) == 0 : !*canonical) {
		free(canonical);
		return 0;
	}
	if (rb_db_answer_set(app->wb->db, e->id, canonical, err) != RB_DB_OK) {
		free(canonical);
		return 1;
	}
	size_t before, total;
	rb_app_module_progress(app, e->module_index, &before, &total);
	free(app->answers[index]);
	app->changes++;
	app->latest_ms = (int64_t)time(NULL) * 1000;
	if (*canonical) {
		app->answers[index] = canonical;
	} else {
		app->answers[index] = NULL;
		free(canonical);
	}
	size_t after;
	rb_app_module_progress(app, e->module_index, &after, &total);
	if (after == total && before < total && !app->importing && app->repo && app->own_lock) {
		/* a module completed: a version worth keeping */
		struct rb_snap_result res;
		char *e2 = NULL;
		free(app->snap_note);
		app->snap_note = NULL;
		if (rb_app_snapshot(app, RB_SNAP_MODULE_DONE, NULL, e->module_index, &res, &e2) ==
		    0) {
			app->snap_note = res.note;
			res.note = NULL;
			rb_snap_result_free(&res);
		} else {
			app->snap_note = e2;
		}
	}
	return 0;
}

void rb_app_module_progress(const struct rb_app *app, size_t module, size_t *answered,
			    size_t *total)
{
	const struct rb_module *m = &app->cur->modules[module];
	*answered = *total = 0;
	for (size_t i = 0; i < m->nexercises; i++) {
		if (m->exercises[i]->optional)
			continue;
		(*total)++;
		if (app->answers[m->exercises[i]->index])
			(*answered)++;
	}
}

void rb_app_progress(const struct rb_app *app, size_t *answered, size_t *total)
{
	*answered = *total = 0;
	for (size_t m = 0; m < app->cur->nmodules; m++) {
		size_t a, t;
		rb_app_module_progress(app, m, &a, &t);
		*answered += a;
		*total += t;
	}
}
