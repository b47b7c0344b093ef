/* db.h - the workbook database: SQLite in WAL mode with synchronous=FULL, schema migrations by
 * PRAGMA user_version, every change in its own transaction.
 *
 * Errors come back as an rb_db_status and a message written for the participant (what
 * happened, and what to do), which the caller frees. Nothing here prints or exits. */
#ifndef ROADBOOK_DB_H
#define ROADBOOK_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum rb_db_status {
	RB_DB_OK = 0,
	RB_DB_NOMEM,
	RB_DB_IO,       /* disk full, I/O error, cannot create */
	RB_DB_READONLY, /* the folder or file cannot be written */
	RB_DB_CORRUPT,  /* an SQLite file that is damaged */
	RB_DB_NOT_OURS, /* a file that is not a roadbook database */
	RB_DB_NEWER,    /* written by a newer roadbook */
	RB_DB_BUSY,     /* another program holds the lock too long */
	RB_DB_MISSING,  /* no database and not asked to create one */
};

#define RB_DB_SCHEMA_VERSION 3
#define RB_DB_APPLICATION_ID 0x52426B31 /* "RBk1" */

struct rb_db;

/* Opens (and with create, creates with mode 0600) the database at path, and migrates it to the
 * current schema. On failure *out is NULL and *err holds a message (caller frees). */
enum rb_db_status rb_db_open(const char *path, bool create, struct rb_db **out, char **err);
void rb_db_close(struct rb_db *db);

/* Workbook metadata (name, company, curriculum, ...). *value is malloc'd, NULL when unset. */
enum rb_db_status rb_db_meta_get(struct rb_db *db, const char *key, char **value, char **err);
enum rb_db_status rb_db_meta_set(struct rb_db *db, const char *key, const char *value, char **err);
/* Sets n values in one transaction (one sync to disk for a whole cache). */
enum rb_db_status rb_db_meta_set_many(struct rb_db *db, const char *const *keys,
				      const char *const *values, size_t n, char **err);
/* The same without waiting for the disk: the values survive the program being killed at once,
 * and a power cut from the next transaction that waits (the write-ahead log is flushed whole).
 * For records that a lost update cannot make wrong, only out of date. */
enum rb_db_status rb_db_meta_set_unflushed(struct rb_db *db, const char *const *keys,
					   const char *const *values, size_t n, char **err);

/* Sets an answer in one durable transaction; an empty value deletes it. */
enum rb_db_status rb_db_answer_set(struct rb_db *db, const char *exercise_id, const char *value,
				   char **err);
/* The same with the time of the change given (restoring a workbook from its repository). */
enum rb_db_status rb_db_answer_set_at(struct rb_db *db, const char *exercise_id, const char *value,
				      int64_t ms, char **err);
/* *value is malloc'd, NULL when there is no answer; *updated_ms (may be NULL) is the time of the
 * last change in milliseconds since the epoch. */
enum rb_db_status rb_db_answer_get(struct rb_db *db, const char *exercise_id, char **value,
				   int64_t *updated_ms, char **err);
/* Calls fn for every answer, in id order; stops early when fn returns non-zero. */
enum rb_db_status rb_db_answers_each(struct rb_db *db,
				     int (*fn)(void *ud, const char *id, const char *value,
					       int64_t updated_ms),
				     void *ud, char **err);

/* Screen state (last module, scroll positions...): small key/value pairs. */
enum rb_db_status rb_db_state_get(struct rb_db *db, const char *key, char **value, char **err);
enum rb_db_status rb_db_state_set(struct rb_db *db, const char *key, const char *value, char **err);

/* An answer changed differently on two laptops: both versions are kept until the participant
 * chooses. A NULL value means "not answered" on that side. */
struct rb_conflict {
	char *id;
	char *ours;    /* this laptop's answer (also the one in use) */
	char *theirs;  /* the other laptop's answer */
	char *base;    /* the answer both started from */
	char *version; /* the other laptop's version id */
	int64_t at_ms; /* when the sync found it */
};
enum rb_db_status rb_db_conflict_put(struct rb_db *db, const struct rb_conflict *c, char **err);
enum rb_db_status rb_db_conflict_del(struct rb_db *db, const char *id, char **err);
/* All of them, in id order. Free with rb_conflicts_free. */
enum rb_db_status rb_db_conflicts_list(struct rb_db *db, struct rb_conflict **out, size_t *n,
				       char **err);
void rb_conflicts_free(struct rb_conflict *v, size_t n);

/* A review record (docs/review.md). In a cohort's database: the facilitator's comments
 * (kind "comment") and decisions ("state"). In a workbook's: the participant's submissions
 * ("submit"), replies ("reply"), resolutions ("resolve") and the feedback they have read
 * ("seen"). Strings are malloc'd; answer, version and submission may be NULL. */
struct rb_review_item {
	char *id; /* unique: "c-…", "s-…", "r-…"; "state/MODULE", "resolve/COMMENT" */
	char *participant; /* whose workbook ("" in a workbook's own database) */
	char *kind;
	char *target; /* exercise id, "section:ID", module id or comment id */
	char *body;   /* text; a decision's state */
	int64_t at_ms;
	char *answer;     /* comment: a hash of the answer it was written about */
	char *version;    /* comment, decision: the participant's version reviewed */
	char *submission; /* decision: the submission it answers */
};
/* Stores items in one transaction; replace: an item with the same id is overwritten, else
 * kept (adding what another laptop recorded). */
enum rb_db_status rb_db_review_put(struct rb_db *db, const struct rb_review_item *v, size_t n,
				   bool replace, char **err);
enum rb_db_status rb_db_review_del(struct rb_db *db, const char *id, char **err);
/* Items of participant (NULL: anyone) and kind (NULL: any), by time then id. */
enum rb_db_status rb_db_review_list(struct rb_db *db, const char *participant, const char *kind,
				    struct rb_review_item **out, size_t *n, char **err);
void rb_review_items_free(struct rb_review_item *v, size_t n);

/* Full PRAGMA integrity_check; true when "ok". */
bool rb_db_integrity_ok(struct rb_db *db);

#endif
