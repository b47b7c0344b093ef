/* db_review.c - review records in the database (see db.h and docs/review.md). */
#include "store/db.h"
#include "store/db_internal.h"

#include <stdlib.h>
#include <string.h>

enum rb_db_status rb_db_review_put(struct rb_db *db, const struct rb_review_item *v, size_t n,
				   bool replace, char **err)
{
	const char *doing = "saving the review notes";
	if (!n)
		return RB_DB_OK;
	int rc = db_exec(db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return db_translate(db, rc, doing, err);
	sqlite3_stmt *st = NULL;
	rc = sqlite3_prepare_v2(db->h,
				replace
				    ? "INSERT OR REPLACE INTO review(id, participant, kind, "
				      "target, body, at_ms, answer, version, submission) "
				      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
				    : "INSERT OR IGNORE INTO review(id, participant, kind, target, "
				      "body, at_ms, answer, version, submission) "
				      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
				-1, &st, NULL);
	for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
		sqlite3_reset(st);
		db_bind_text(st, 1, v[i].id);
		db_bind_text(st, 2, v[i].participant ? v[i].participant : "");
		db_bind_text(st, 3, v[i].kind);
		db_bind_text(st, 4, v[i].target ? v[i].target : "");
		db_bind_text(st, 5, v[i].body ? v[i].body : "");
		sqlite3_bind_int64(st, 6, v[i].at_ms);
		db_bind_text(st, 7, v[i].answer);
		db_bind_text(st, 8, v[i].version);
		db_bind_text(st, 9, v[i].submission);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db->h);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_OK)
		rc = db_exec(db, "COMMIT");
	if (rc != SQLITE_OK) {
		enum rb_db_status s = db_translate(db, rc, doing, err);
		db_exec(db, "ROLLBACK");
		return s;
	}
	return RB_DB_OK;
}

enum rb_db_status rb_db_review_del(struct rb_db *db, const char *id, char **err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->h, "DELETE FROM review WHERE id=?1", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_translate(db, rc, "saving the review notes", err);
	db_bind_text(st, 1, id);
	enum rb_db_status s = db_write1(db, st, "saving the review notes", err);
	sqlite3_finalize(st);
	return s;
}

enum rb_db_status rb_db_review_list(struct rb_db *db, const char *participant, const char *kind,
				    struct rb_review_item **out, size_t *n, char **err)
{
	const char *doing = "reading the review notes";
	*out = NULL;
	*n = 0;
	int rc = db_prepare(db, &db->review_list,
			    "SELECT id, participant, kind, target, body, at_ms, answer, "
			    "version, submission FROM review WHERE (?1 IS NULL OR "
			    "participant=?1) AND (?2 IS NULL OR kind=?2) ORDER BY at_ms, id");
	if (rc != SQLITE_OK)
		return db_translate(db, rc, doing, err);
	sqlite3_stmt *st = db->review_list;
	db_bind_text(st, 1, participant);
	db_bind_text(st, 2, kind);
	enum rb_db_status s = RB_DB_OK;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rb_review_item *v = realloc(*out, (*n + 1) * sizeof *v);
		if (!v) {
			s = RB_DB_NOMEM;
			*err = strdup("roadbook ran out of memory.");
			break;
		}
		*out = v;
		struct rb_review_item *it = &v[(*n)++];
		it->id = db_col_dup(st, 0);
		it->participant = db_col_dup(st, 1);
		it->kind = db_col_dup(st, 2);
		it->target = db_col_dup(st, 3);
		it->body = db_col_dup(st, 4);
		it->at_ms = sqlite3_column_int64(st, 5);
		it->answer = db_col_dup(st, 6);
		it->version = db_col_dup(st, 7);
		it->submission = db_col_dup(st, 8);
		if (!it->id || !it->participant || !it->kind || !it->target || !it->body) {
			s = RB_DB_NOMEM;
			*err = strdup("roadbook ran out of memory.");
			break;
		}
	}
	if (s == RB_DB_OK && rc != SQLITE_DONE)
		s = db_translate(db, rc, doing, err);
	sqlite3_reset(st); /* kept prepared; its read transaction ends here */
	if (s != RB_DB_OK) {
		rb_review_items_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return s;
}

void rb_review_items_free(struct rb_review_item *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].participant);
		free(v[i].kind);
		free(v[i].target);
		free(v[i].body);
		free(v[i].answer);
		free(v[i].version);
		free(v[i].submission);
	}
	free(v);
}
