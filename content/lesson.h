/* lesson.h - the curriculum model: loading and checking lessons through cmark's AST.
 *
 * A curriculum is a folder of CommonMark files (docs/lessons.md). Loading never stops at the
 * first problem: every problem becomes a diagnostic with file and line, so that the same code
 * serves `roadbook lint` and the application. */
#ifndef ROADBOOK_LESSON_H
#define ROADBOOK_LESSON_H

#include <stdbool.h>
#include <stddef.h>

enum rb_ex_type {
	RB_EX_TEXT,
	RB_EX_SCALE,
	RB_EX_CHOICE,
	RB_EX_MULTI,
	RB_EX_CHECKLIST,
	RB_EX_NUMBER,
	RB_EX_TABLE,
};

enum rb_col_type { RB_COL_TEXT, RB_COL_NUMBER, RB_COL_CHOICE, RB_COL_QUARTER, RB_COL_DIMENSION };

enum rb_measure { RB_MEASURE_NONE, RB_MEASURE_CURRENT, RB_MEASURE_TARGET };

struct rb_option {
	char *id;
	char *label;
};

struct rb_column {
	char *id;
	char *label;
	enum rb_col_type type;
	bool has_range;
	double min, max;
	struct rb_option *choices; /* RB_COL_CHOICE: ids with the id as label */
	size_t nchoices;
};

struct rb_exercise {
	char *id;
	enum rb_ex_type type;
	char *prompt;
	char *help;        /* NULL when absent */
	char *section;     /* strategy section id */
	char *placeholder; /* text: NULL when absent */
	bool optional;
	size_t max_length;   /* text: bytes */
	int line;            /* line of the block's opening fence */
	size_t module_index; /* index into curriculum modules */
	size_t index;        /* index into the curriculum's exercises (and answers) */

	int smin, smax;  /* scale */
	char **labels;   /* scale: smax - smin + 1 labels */
	char *dimension; /* scale: readiness dimension id, or NULL */
	enum rb_measure measure;

	struct rb_option *options; /* choice, multi, checklist */
	size_t noptions;
	int max_choices; /* multi: 0 = no limit */

	double nmin, nmax; /* number */
	char *unit;        /* number: NULL when absent */
	int decimals;

	struct rb_column *columns; /* table */
	size_t ncolumns;
	int max_rows;
};

struct rb_module {
	char *id;
	char *title;
	char *file; /* path of the lesson file */
	char *kind; /* workshop, webinar, site-visit */
	int week;
	int duration; /* minutes */
	char **objectives;
	size_t nobjectives;
	char *markdown; /* the whole file, for the reader */
	size_t markdown_len;
	struct rb_exercise **exercises; /* owned by the curriculum's exercise list */
	size_t nexercises;
	/* One entry per roadbook block in document order: the exercise drawn there, or NULL
	 * (module blocks and blocks that failed to load draw nothing). Matches the renderer's
	 * block_index. */
	struct rb_exercise **blocks;
	size_t nblocks;
};

struct rb_section {
	char *id;
	char *title;
	char *intro;
};

struct rb_dimension {
	char *id;
	char *title;
};

struct rb_diag {
	char *file;
	int line;
	char *message;
};

struct rb_diags {
	struct rb_diag *v;
	size_t n, cap;
};

struct rb_curriculum {
	char *dir;
	char *id;
	char *title;
	char *version;
	char *roadmap;       /* id of the roadmap table exercise, or NULL */
	char *match_funding; /* id of the match-funding share (number, %), or NULL */
	char *technologies;  /* id of the technologies prioritised (multi, checklist or choice) */
	char *new_jobs;      /* id of the new jobs expected (number), or NULL */
	char *upskilled;     /* id of the roles to upskill (number), or NULL */
	struct rb_section *sections;
	size_t nsections;
	struct rb_dimension *dimensions;
	size_t ndimensions;
	struct rb_module *modules;
	size_t nmodules;
	struct rb_exercise **exercises; /* every exercise, in module order; owns them */
	size_t nexercises;
	struct rb_exercise **by_id; /* the same, sorted by id (rb_curriculum_exercise); or NULL */
};

/* Loads the curriculum in dir. Every problem found is appended to diags (which the caller
 * initialises to zero and frees with rb_diags_free). Returns 0 and a curriculum in *out (free
 * with rb_curriculum_free) even when there were problems, as long as memory allowed; parts
 * that failed to load are left out. Returns -1 only when out of memory. */
int rb_curriculum_load(const char *dir, struct rb_curriculum **out, struct rb_diags *diags);
void rb_curriculum_free(struct rb_curriculum *c);

/* Words for people: what an exercise of this type asks for ("choose one", "a number"...), and
 * a module's kind as written in prose ("site-visit" is "site visit"; no kind gives ""). */
const char *rb_exercise_type_hint(const struct rb_exercise *e);
const char *rb_module_kind_label(const char *kind);

/* Lookups; NULL when not found. */
const struct rb_exercise *rb_curriculum_exercise(const struct rb_curriculum *c, const char *id);
const struct rb_module *rb_curriculum_module(const struct rb_curriculum *c, const char *id);
const struct rb_section *rb_curriculum_section(const struct rb_curriculum *c, const char *id);
const struct rb_dimension *rb_curriculum_dimension(const struct rb_curriculum *c, const char *id);

const char *rb_ex_type_name(enum rb_ex_type t);
bool rb_is_slug(const char *s);

/* Appends a diagnostic (copies the strings); returns -1 when out of memory. */
int rb_diags_add(struct rb_diags *d, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void rb_diags_free(struct rb_diags *d);

/* Where the bundled curriculum is: $ROADBOOK_LESSONS; then, for a binary in a build tree
 * (CMakeCache.txt beside it), the source tree; then the share folder beside the running binary
 * (/proc/self/exe/../../share/roadbook/lessons: an install moved to another prefix, DESTDIR or a
 * package still finds its own); then the install prefix chosen at build time; then the source
 * tree. Returns a malloc'd path (caller frees) or NULL when none exists. */
char *rb_find_bundled_lessons(void);

/* Where a bundled file or folder NAME (e.g. "lessons", "demo/morgan-fine-foods.json") is, by the
 * same rules without the environment variable. Returns a malloc'd path or NULL. */
char *rb_find_bundled(const char *name);

/* true when a fenced block's info string marks a roadbook block ("roadbook" then a space, a
 * tab or nothing); the loader and the renderer both ask here. */
bool rb_info_is_roadbook(const char *info);

#endif
