/* answers_md.h - the answers files kept in a workbook's git repository: one markdown file per
 * module (answers/NN-MODULE.md), readable on any git host and parsed back into exactly the
 * answers they were written from (docs/storage.md, "The answers files").
 *
 * Each answer sits under a heading with its prompt, after a line
 *     <!-- roadbook:exercise EXERCISE-ID -->
 * which git hosts do not show. The answer is written in the most readable form that reads back
 * exactly (checked when writing): plain paragraphs, a list of options, a table; otherwise a
 * fenced block holding the canonical value. Reading goes through cmark's syntax tree and then
 * through rb_answer_normalize, so a hand-edited answer is checked like a typed one. */
#ifndef ROADBOOK_ANSWERS_MD_H
#define ROADBOOK_ANSWERS_MD_H

#include "content/lesson.h"
#include "content/parts.h"

#include <stdbool.h>
#include <stddef.h>

/* Where answers to exercises the curriculum no longer has are kept. */
#define RB_ANSWERS_DIR           "answers"
#define RB_ANSWERS_ARCHIVED_PATH "answers/archived.md"

/* "answers/03-where-are-you-now.md" for module m (0-based). malloc'd, NULL when out of memory. */
char *rb_answers_md_path(const struct rb_curriculum *c, size_t m);

/* The answers file of module m; answers[i] is the canonical answer of curriculum exercise i or
 * NULL. kept (may be NULL) holds each exercise's section as written before: only the sections
 * whose answers changed are written again (and checked to read back). malloc'd, NULL when out
 * of memory. */
char *rb_answers_md_module(const struct rb_curriculum *c, size_t m, char *const *answers,
			   struct rb_parts *kept);

struct rb_parsed_answer {
	char *id;
	char *value; /* canonical; "" when the file says it is not answered */
	int line;    /* line of its roadbook:exercise marker */
	bool known;  /* the curriculum has this exercise (else the value is kept as written) */
};

struct rb_parsed_answers {
	struct rb_parsed_answer *v;
	size_t n, cap;
};

/* Reads an answers file. Every problem (a damaged marker line, an id given twice, an answer
 * that does not pass the exercise's checks, invalid UTF-8) is added to d as file:line. Returns
 * 0 (look at d->n before trusting out), or -1 when out of memory. Start from a zeroed *out. */
int rb_answers_md_parse(const struct rb_curriculum *c, const char *file, const char *text,
			size_t len, struct rb_parsed_answers *out, struct rb_diags *d);
void rb_parsed_answers_free(struct rb_parsed_answers *p);
/* Appends an answer, taking id and value (freed on failure too). -1 when out of memory. */
int rb_parsed_answers_add(struct rb_parsed_answers *p, char *id, char *value, int line, bool known);

/* The file of the answers in p whose exercises the curriculum no longer has (known false). */
char *rb_answers_md_archived(const struct rb_parsed_answers *p);

/* The readable form of a text escaped for one line of markdown (cmark's CommonMark renderer);
 * newlines become spaces. malloc'd or NULL. */
char *rb_md_escape_inline(const char *s);
/* The same, always through cmark (rb_md_escape_inline skips it for a plain line; the tests
 * compare the two). */
char *rb_md_escape_inline_cmark(const char *s);

#endif
