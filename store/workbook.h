/* workbook.h - a workbook folder: where its files are, creating one, opening one, and the
 * lock that keeps a second roadbook window off the same workbook.
 *
 * Layout: DIR/.roadbook/state.db (SQLite, git-ignored) and DIR/.roadbook/lock. */
#ifndef ROADBOOK_WORKBOOK_H
#define ROADBOOK_WORKBOOK_H

#include "store/db.h"

#include <stdbool.h>

struct rb_profile {
	const char *name;
	const char *company;
	const char *sector;    /* may be NULL */
	const char *employees; /* may be NULL; checked as a whole number 1..100000 */
	const char *email;     /* may be NULL */
};

struct rb_workbook {
	char *dir;
	char *state_dir;
	struct rb_db *db;
	int lock_fd;
};

enum rb_wb_status {
	RB_WB_OK = 0,
	RB_WB_NONE,    /* no workbook in that folder */
	RB_WB_EXISTS,  /* create: there is one already */
	RB_WB_INVALID, /* bad profile values */
	RB_WB_LOCKED,  /* lock: another roadbook has it open */
	RB_WB_DB,      /* the database failed: see the message */
	RB_WB_DAMAGED, /* open: the database is damaged or not a database (see the message) */
};

/* Creates a workbook in dir (made if missing) for the curriculum in lessons_dir (NULL: the
 * bundled one, recorded as such). Returns a message in *err on failure (caller frees). */
enum rb_wb_status rb_workbook_create(const char *dir, const struct rb_profile *p,
				     const char *lessons_dir, const char *curriculum_id,
				     const char *curriculum_version, char **err);

/* The same in two steps, for a caller that fills the database before anyone may open it (a
 * rebuild from the repository): the database is made aside (.roadbook/state.db.new-PID) with
 * the profile in one transaction; rb_workbook_publish closes it and renames it to state.db,
 * or rb_workbook_discard closes and removes it. An empty state.db (a roadbook stopped the
 * moment it made one) counts as none; databases left half-made by a stopped roadbook are
 * removed. */
struct rb_db;
enum rb_wb_status rb_workbook_create_aside(const char *dir, const struct rb_profile *p,
					   const char *lessons_dir, const char *curriculum_id,
					   const char *curriculum_version, struct rb_db **out,
					   char **err);
enum rb_wb_status rb_workbook_publish(const char *dir, struct rb_db *db, char **err);
void rb_workbook_discard(const char *dir, struct rb_db *db);

/* Calls fn for each entry of dir named PREFIX followed by a process id whose process has
 * ended: what a roadbook stopped while making something left (a database, a join's folder, a
 * cohort add's repository). Returns how many. */
size_t rb_each_stale(const char *dir, const char *prefix, void (*fn)(const char *path, void *ctx),
		     void *ctx);

/* Opens the workbook in dir. *out is freed with rb_workbook_close. An empty state.db (see
 * above) is removed and counts as no workbook. */
enum rb_wb_status rb_workbook_open(const char *dir, struct rb_workbook **out, char **err);

/* Takes the workbook's window lock without waiting; RB_WB_LOCKED with a message naming the
 * other process when it is held. Released by rb_workbook_close (and by the kernel on a crash). */
enum rb_wb_status rb_workbook_lock(struct rb_workbook *wb, char **err);

/* Where a cohort's curriculum, delivered by sync, is kept inside the state folder. */
#define RB_COHORT_CURRICULUM "curriculum"

/* The curriculum folder this workbook uses: its recorded folder, the cohort's curriculum
 * (.roadbook/curriculum, when sync has delivered one), or the bundled one. Returns a
 * malloc'd path or NULL (with *err) when none can be found. */
char *rb_workbook_lessons_dir(struct rb_workbook *wb, char **err);

void rb_workbook_close(struct rb_workbook *wb);

#endif
