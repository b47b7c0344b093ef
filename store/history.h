/* history.h - what changed between two versions of a workbook, per exercise: the answers of
 * each version are read from its answers files, compared by exercise id, and changed answers
 * are compared word by word with libgit2's diff (each word on a line of its own). */
#ifndef ROADBOOK_HISTORY_H
#define ROADBOOK_HISTORY_H

#include "content/answers_md.h"
#include "content/lesson.h"
#include "content/render.h"
#include "store/repo.h"

#include <stddef.h>

/* The answers of version id (NULL: HEAD), read from its answers files; files that cannot be
 * read add their problems to d and are skipped. Returns 0, or -1 with *err. */
int rb_history_answers(struct rb_repo *r, const struct rb_curriculum *c, const char *id,
		       struct rb_parsed_answers *out, struct rb_diags *d, char **err);

enum rb_seg_op { RB_SEG_SAME = 0, RB_SEG_DEL = -1, RB_SEG_ADD = 1 };

struct rb_seg {
	enum rb_seg_op op;
	char *text;
};

enum rb_change_kind { RB_CHANGE_ADDED, RB_CHANGE_REMOVED, RB_CHANGE_CHANGED };

struct rb_change {
	char *id;
	long index; /* curriculum exercise index, -1 when the curriculum no longer has it */
	enum rb_change_kind kind;
	char *before, *after; /* readable forms (rb_answer_summary for options and numbers) */
	struct rb_seg *segs;  /* the words of before and after, marked */
	size_t nsegs;
};

struct rb_changes {
	struct rb_change *v; /* in curriculum order, then archived ids */
	size_t n;
};

/* Compares two sets of answers (older a, newer b). Returns 0 or -1 (out of memory). */
int rb_history_compare(const struct rb_curriculum *c, const struct rb_parsed_answers *a,
		       const struct rb_parsed_answers *b, struct rb_changes *out);
void rb_changes_free(struct rb_changes *ch);

/* Word-level difference of two texts, through git_diff_buffers. Returns 0 or -1. */
int rb_word_diff(const char *a, const char *b, struct rb_seg **segs, size_t *n);
void rb_segs_free(struct rb_seg *s, size_t n);
/* Appends the words as wrapped lines, removed ones marked [-…-] and added ones {+…+} in text
 * as well as in style (RB_S_DEL, RB_S_INS). Returns 0 or -1 (out of memory). */
int rb_segs_wrap(struct rb_lines *out, const struct rb_seg *s, size_t n, int width, int indent);

#endif
