/* app.c - an open workbook with its curriculum and answers (see app.h). */
#include "tui/app.h"

#include "content/answer.h"
#include "content/buf.h"

#include <stdint.h>
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
	if (ws != RB_WB_OK)
		return ws == RB_WB_NONE ? RB_EXIT_NOTFOUND : RB_EXIT_FAIL;
	if (lock && (ws = rb_workbook_lock(app->wb, err)) != RB_WB_OK)
		return ws == RB_WB_LOCKED ? RB_EXIT_LOCKED : RB_EXIT_FAIL;
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
	return RB_EXIT_OK;
}

void rb_app_close(struct rb_app *app)
{
	if (app->answers && app->cur)
		for (size_t i = 0; i < app->cur->nexercises; i++)
			free(app->answers[i]);
	free(app->answers);
	rb_curriculum_free(app->cur);
	rb_workbook_close(app->wb);
	free(app->dir);
	free(app->name);
	free(app->company);
	memset(app, 0, sizeof *app);
}

long rb_app_exercise_index(const struct rb_app *app, const char *id)
{
	for (size_t i = 0; i < app->cur->nexercises; i++)
		if (strcmp(app->cur->exercises[i]->id, id) == 0)
			return (long)i;
	return -1;
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
	free(app->answers[index]);
	app->changes++;
	app->latest_ms = (int64_t)time(NULL) * 1000;
	if (*canonical) {
		app->answers[index] = canonical;
	} else {
		app->answers[index] = NULL;
		free(canonical);
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
