/* answer.h - checking answers and turning them into their one canonical form per type
 * (docs/lessons.md, "Answers"). The command line and the TUI both go through here, so a value
 * is accepted or refused the same way everywhere. */
#ifndef ROADBOOK_ANSWER_H
#define ROADBOOK_ANSWER_H

#include "content/lesson.h"

#include <stdbool.h>
#include <stddef.h>

/* Checks input for exercise e and produces its canonical form. Returns 0 and a malloc'd
 * *canonical ("" means: clear the answer), or 1 and a malloc'd *error in plain words for the
 * participant, or -1 when out of memory. The caller frees whichever was set. */
int rb_answer_normalize(const struct rb_curriculum *c, const struct rb_exercise *e,
			const char *input, char **canonical, char **error);

/* A table answer split into cells: rows x ncols strings, owned by the table. */
struct rb_table {
	size_t nrows, ncols;
	char **cells; /* cells[r * ncols + col] */
};

/* Splits a canonical table value (rows separated by '\n', cells by unescaped '|'). Rows with
 * fewer cells are padded with "", extra cells are dropped. Returns 0 or -1 (out of memory). */
int rb_table_parse(const char *value, size_t ncols, struct rb_table *out);
/* Joins cells back into the canonical form; returns a malloc'd string or NULL (out of memory).
 * Rows whose cells are all empty are left out. */
char *rb_table_format(const struct rb_table *t);
void rb_table_free(struct rb_table *t);
/* Checks one cell against its column; returns 0 with a malloc'd canonical cell, or 1 with a
 * malloc'd error, or -1 (out of memory). */
int rb_table_cell_normalize(const struct rb_curriculum *c, const struct rb_column *col,
			    const char *input, char **canonical, char **error);

/* A short readable form of a canonical answer for display (labels instead of ids, unit after
 * numbers, "3 rows" for tables). Returns a malloc'd string (caller frees) or NULL. */
char *rb_answer_summary(const struct rb_exercise *e, const char *canonical);

/* For choice, multi and checklist: true when option index i is (in) the canonical value. */
bool rb_answer_has_option(const struct rb_exercise *e, const char *canonical, size_t i);

/* Parses a number the way people write it: "£12,500", "12.5 %", "-3". Strips the unit and
 * thousands separators. Returns true on success. */
bool rb_parse_human_number(const char *s, const char *unit, double *out);

/* Free text the way a text exercise takes it (UTF-8, line ends, tabs, the terminal
 * sanitiser, blank space trimmed), without a length limit: for answers to exercises the
 * curriculum no longer has. Returns as rb_answer_normalize. */
int rb_answer_normalize_text(const char *input, char **canonical, char **error);

#endif
