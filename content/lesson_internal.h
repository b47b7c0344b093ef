/* lesson_internal.h - shared by the curriculum loader's files (lesson.c, lesson_block.c,
 * lesson_exercise.c, lesson_lookup.c); not part of the public API. */
#ifndef ROADBOOK_LESSON_INTERNAL_H
#define ROADBOOK_LESSON_INTERNAL_H

#include "content/lesson.h"

#include <stdbool.h>
#include <stddef.h>

#define MAX_SLUG       48
#define MAX_SCALE_PTS  11
#define MAX_COLUMNS    12
#define DEFAULT_MAXLEN 20000

/* A `key: value` line of a roadbook block, with its line in the file. */
struct kv {
	char *key;
	char *value;
	int line;
};

struct block {
	const char *file;
	int line; /* opening fence */
	char *kind;
	struct kv *kv;
	size_t n;
};

/* What a block kind allows: each key, whether it must appear, whether it may repeat. */
struct keyspec {
	const char *key;
	bool required;
	bool repeatable;
};

/* The loader's state: the curriculum being built and the diagnostics. */
struct loader {
	int curriculum_line; /* line of the curriculum block, for its diagnostics */
	struct rb_curriculum *c;
	struct rb_diags *d;
	int oom;
};

#define DIAG(L, file, line, ...)                                                                   \
	do {                                                                                       \
		if (rb_diags_add((L)->d, file, line, __VA_ARGS__) < 0)                             \
			(L)->oom = 1;                                                              \
	} while (0)

/* lesson_block.c: key: value blocks and value parsing. */
bool lsn_parse_int(const char *s, long lo, long hi, long *out);
bool lsn_parse_double(const char *s, double *out);
void lsn_block_free(struct block *b);
char *lsn_trim_dup(const char *s, size_t n);
/* Splits a code block's literal into key: value lines; -1 when out of memory. */
int lsn_block_parse(struct block *b, const char *lit, struct rb_diags *d);
/* Reports unknown, repeated, empty and missing keys; -1 when out of memory. */
int lsn_block_check(const struct block *b, const struct keyspec *spec, size_t nspec,
		    const char *what, struct rb_diags *d);
/* The first non-empty value of key, or NULL. */
const struct kv *lsn_get(const struct block *b, const char *key);
char *lsn_dup_value(const struct block *b, const char *key, int *oom);
/* "id | text" -> id and text (malloc'd); false when either side is missing. */
bool lsn_split_pair(const char *v, char **id, char **text);

/* lesson_lookup.c: sorts the exercises' index by id (c->by_id); -1 when out of memory. */
int lsn_index_exercises(struct rb_curriculum *c);

/* lesson_exercise.c: one exercise block. */
struct rb_exercise *lsn_load_exercise(struct loader *L, const struct block *b);
void lsn_exercise_free(struct rb_exercise *e);

#endif
