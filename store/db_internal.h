/* db_internal.h - what the database's files share (store/db.c, store/db_review.c). */
#ifndef ROADBOOK_DB_INTERNAL_H
#define ROADBOOK_DB_INTERNAL_H

#include "store/db.h"

#include <sqlite3.h>

struct rb_db {
	sqlite3 *h;
	char *path;
	sqlite3_stmt *answer_set;
	sqlite3_stmt *answer_del;
	sqlite3_stmt *answer_get;
	sqlite3_stmt *meta_get; /* kept prepared: a version reads ten records */
	sqlite3_stmt *state_get;
	sqlite3_stmt *meta_set;    /* a version writes two records */
	sqlite3_stmt *review_list; /* a version writes the review file */
};

/* An SQLite result code as a status and a message for the participant ("while DOING"). */
enum rb_db_status db_translate(struct rb_db *db, int rc, const char *doing, char **err);
/* Runs one bound statement to completion inside its own immediate transaction. */
enum rb_db_status db_write1(struct rb_db *db, sqlite3_stmt *st, const char *doing, char **err);
int db_exec(struct rb_db *db, const char *sql);
/* Prepares sql into *st once and keeps it (reset and unbound on later calls); the caller
 * resets it when done, so that it holds no transaction open. */
int db_prepare(struct rb_db *db, sqlite3_stmt **st, const char *sql);
/* Binds a string, or NULL as SQL NULL. */
void db_bind_text(sqlite3_stmt *st, int i, const char *v);
/* The text of column i, malloc'd; NULL for SQL NULL. */
char *db_col_dup(sqlite3_stmt *st, int i);

#endif
