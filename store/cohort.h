/* cohort.h - a cohort's settings file, cohort.conf, in git-config syntax (read and written
 * with libgit2's config API): the cohort's name, its schedule and its roster.
 *
 *   [cohort]               name, created
 *   [session "01"]         date (YYYY-MM-DD), kind, title, modules (module ids), attended
 *                          (one line per participant id present; a multi-valued key)
 *   [participant "ID"]     name, company, email, url, added
 *
 * A participant's url is a plain path relative to the cohort folder (participants/ID.git)
 * when the cohort lives on a path, or the address a git host gave. See docs/cohorts.md. */
#ifndef ROADBOOK_COHORT_H
#define ROADBOOK_COHORT_H

#include <stdbool.h>
#include <stddef.h>

#define RB_COHORT_CONF       "cohort.conf"
#define RB_COHORT_BENCHMARKS "benchmarks.conf"
#define RB_COHORT_ID_MAX     40

struct rb_session {
	char *id, *date, *kind, *title, *modules;
	char **attended; /* participant ids as written in the file, in file order */
	size_t nattended;
};

struct rb_participant {
	char *id, *name, *company, *email, *url, *added;
	char *root; /* the first version of their workbook, made by cohort add: what every later
		     * history of theirs must descend from (NULL for participants added before
		     * roadbook recorded it) */
};

struct rb_cohort {
	char *dir;
	char *name, *created;
	struct rb_session *sessions;
	size_t nsessions;
	struct rb_participant *people;
	size_t npeople;
};

/* Reads dir/cohort.conf. Returns 0, 1 when dir holds no cohort, -1 with *err. */
int rb_cohort_load(const char *dir, struct rb_cohort **out, char **err);
void rb_cohort_free(struct rb_cohort *c);

/* Sets one value, e.g. rb_cohort_set(dir, "participant", "sam", "name", "Sam"); section-level
 * keys have sub NULL. Written through a lock file and rename. */
int rb_cohort_set(const char *dir, const char *section, const char *sub, const char *key,
		  const char *value, char **err);
/* Sets several values of one section (a NULL value is skipped) in one rewrite of the file:
 * a roadbook stopped half-way leaves all of them or none. 0, or -1 with *err. */
int rb_cohort_set_many(const char *dir, const char *section, const char *sub,
		       const char *const *keys, const char *const *values, size_t n, char **err);

/* Records (present true) or removes (present false) the attendance of participant id at session
 * sid: one value of the multi-valued key session.SID.attended, written and removed with libgit2's
 * multivar API. Values are matched without regard to case, as rb_cohort_find matches ids; a value
 * in another case is replaced by id. *changed tells whether the file changed (false when the
 * attendance was already recorded, or was not recorded). The caller checks that the session and
 * the participant exist. Returns 0, or -1 with *err (caller frees). */
int rb_cohort_attend(const char *dir, const char *sid, const char *id, bool present, bool *changed,
		     char **err);

/* One readiness dimension's published benchmarks: the figures already formatted ("2.5"), NULL
 * for a figure that is not published. */
struct rb_bench_row {
	const char *dimension;
	const char *current, *target;
	size_t contributors;
};

/* Writes dir/benchmarks.conf afresh through libgit2's config API, replacing any old one in one
 * rename (a failure leaves the old file as it was):
 *
 *   [benchmarks]              published (YYYY-MM-DD), participants (the roster's size)
 *   [dimension "ID"]          current, target (medians), contributors
 *
 * Returns 0, or -1 with *err (caller frees). */
int rb_cohort_write_benchmarks(const char *dir, const char *published, size_t participants,
			       const struct rb_bench_row *rows, size_t n, char **err);

/* NULL when id is a safe participant id (letters, digits and '-', starting with a letter or
 * digit, at most RB_COHORT_ID_MAX), else why not, in plain words (static). */
const char *rb_cohort_id_problem(const char *id);

/* The participant with this id, or NULL. */
const struct rb_participant *rb_cohort_find(const struct rb_cohort *c, const char *id);

/* The address to fetch from: a relative path is taken from the cohort folder (caller frees). */
char *rb_cohort_url(const struct rb_cohort *c, const struct rb_participant *p);

#endif
