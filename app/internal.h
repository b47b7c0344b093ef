/* internal.h - what the files of app/ share beyond workbook.h (and the commands that read a
 * version's files, cli/versions.c). */
#ifndef ROADBOOK_APP_INTERNAL_H
#define ROADBOOK_APP_INTERNAL_H

#include "app/workbook.h"

#include <stdbool.h>
#include <stdint.h>

/* Explains why no version is saved on a detached HEAD. */
extern const char *const rb_app_detached_message;

/* meta key: the answers files a save is about to write ("PATH BLOB\n" each), cleared once the
 * version is recorded; what a killed save left on disk is recognised as roadbook's own. */
#define RB_META_PENDING "pending_files"

/* ---- app/util.c ---- */

int64_t rb_app_now_ms(void);
/* Appends a line to *notes (a malloc'd string, NULL when empty). */
/* printf into a malloc'd string, or NULL when out of memory. */
char *rb_app_strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The local day plus_days from today, YYYY-MM-DD (malloc'd). */
char *rb_app_today(int64_t plus_days);
void rb_app_note(char **notes, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Removes a folder and everything in it (symbolic links are not followed). */
void rb_rm_tree(const char *path);
/* true when dir does not exist, or is a folder with nothing in it. */
bool rb_dir_empty(const char *dir);

/* The participant's review records (submissions, replies, resolutions) in version id of r,
 * added to db where missing (another laptop's, or a restored workbook's). *added may be
 * NULL. Returns 0, or -1 with *err. */
int rb_review_take(struct rb_repo *r, const char *id, struct rb_db *db, const char *tmpdir,
		   size_t *added, char **err);
/* The workbook's review.conf as the next version holds it, or NULL in *text when there is
 * nothing to record. Returns 0, or -1 with *err. */
int rb_app_review_file(struct rb_app *app, char **text, char **err);

#endif
