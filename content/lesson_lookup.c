/* lesson_lookup.c - finding a curriculum's exercises, modules, sections and dimensions by id.
 * Exercises, looked up for every answer, go through an index sorted by id (built when the
 * curriculum is loaded); the others are few and scanned. */
#include "content/lesson.h"
#include "content/lesson_internal.h"

#include <stdlib.h>
#include <string.h>

static int by_id(const void *a, const void *b)
{
	const struct rb_exercise *x = *(const struct rb_exercise *const *)a,
				 *y = *(const struct rb_exercise *const *)b;
	int k = strcmp(x->id, y->id);
	return k ? k : (x->index < y->index ? -1 : x->index > y->index);
}

int lsn_index_exercises(struct rb_curriculum *c)
{
	free(c->by_id);
	c->by_id = NULL;
	if (!c->nexercises)
		return 0;
	struct rb_exercise **v = malloc(c->nexercises * sizeof *v);
	if (!v)
		return -1;
	memcpy(v, c->exercises, c->nexercises * sizeof *v);
	qsort(v, c->nexercises, sizeof *v, by_id);
	c->by_id = v;
	return 0;
}

const struct rb_exercise *rb_curriculum_exercise(const struct rb_curriculum *c, const char *id)
{
	if (!c->by_id) { /* still loading: the checks look exercises up before the index */
		for (size_t i = 0; i < c->nexercises; i++)
			if (strcmp(c->exercises[i]->id, id) == 0)
				return c->exercises[i];
		return NULL;
	}
	/* the first of the exercises with this id (a second one is a lint error) */
	size_t lo = 0, hi = c->nexercises;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(c->by_id[mid]->id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->nexercises && !strcmp(c->by_id[lo]->id, id) ? c->by_id[lo] : NULL;
}

const struct rb_module *rb_curriculum_module(const struct rb_curriculum *c, const char *id)
{
	for (size_t i = 0; i < c->nmodules; i++)
		if (c->modules[i].id && strcmp(c->modules[i].id, id) == 0)
			return &c->modules[i];
	return NULL;
}

const struct rb_section *rb_curriculum_section(const struct rb_curriculum *c, const char *id)
{
	for (size_t i = 0; i < c->nsections; i++)
		if (strcmp(c->sections[i].id, id) == 0)
			return &c->sections[i];
	return NULL;
}

const struct rb_dimension *rb_curriculum_dimension(const struct rb_curriculum *c, const char *id)
{
	for (size_t i = 0; i < c->ndimensions; i++)
		if (strcmp(c->dimensions[i].id, id) == 0)
			return &c->dimensions[i];
	return NULL;
}
