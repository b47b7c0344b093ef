/* db.c - the workbook database (see db.h). */
#include "store/db.h"
#include "store/db_internal.h"

#include "content/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <unistd.h>

/* Each entry moves the schema from version i to i + 1. */
static const char *const migrations[] = {
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE answers(exercise_id TEXT PRIMARY KEY, value TEXT NOT NULL,"
    "  updated_ms INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE ui_state(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;",
    /* 2: answers changed on two laptops, waiting for the participant's choice */
    "CREATE TABLE conflicts(exercise_id TEXT PRIMARY KEY, ours TEXT, theirs TEXT, base TEXT,"
    "  version TEXT NOT NULL, at_ms INTEGER NOT NULL) WITHOUT ROWID;",
    /* 3: review: the facilitator's comments and decisions (in a cohort's database), the
     * participant's submissions, replies, resolutions and what they have read (in a
     * workbook's) */
    "CREATE TABLE review(id TEXT NOT NULL, participant TEXT NOT NULL, kind TEXT NOT NULL,"
    "  target TEXT NOT NULL, body TEXT NOT NULL, at_ms INTEGER NOT NULL, answer TEXT,"
    "  version TEXT, submission TEXT, PRIMARY KEY(participant, id)) WITHOUT ROWID;"
    "CREATE INDEX review_by_participant ON review(participant, kind, at_ms);",
};

static int64_t now_ms(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

static char *msgf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *msgf(const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return strdup(buf);
}

/* SQLite reports a full disk or a read-only folder as one of several I/O or open errors; the
 * folder itself says which it is. */
static int folder_problem(const char *path)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	struct statvfs vfs;
	if (statvfs(dir, &vfs) == 0) {
		if (vfs.f_flag & ST_RDONLY)
			return SQLITE_READONLY;
		if (vfs.f_bavail == 0)
			return SQLITE_FULL;
	}
	if (access(dir, W_OK) != 0 && (errno == EACCES || errno == EROFS))
		return SQLITE_READONLY;
	return 0;
}

/* Translates an SQLite result into our status and a plain-English message. */
enum rb_db_status db_translate(struct rb_db *db, int rc, const char *doing, char **err)
{
	const char *path = db && db->path ? db->path : "the workbook database";
	const char *detail = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
	int primary = rc & 0xff;
	if ((primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN) && db && db->path) {
		int why = folder_problem(db->path);
		if (why)
			primary = why;
	}
	switch (primary) {
	case SQLITE_NOMEM:
		*err = msgf("roadbook ran out of memory while %s.", doing);
		return RB_DB_NOMEM;
	case SQLITE_FULL:
		*err = msgf("The disk is full, so roadbook could not finish %s. Your earlier "
			    "answers are safe. Free some space and try again.",
			    doing);
		return RB_DB_IO;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		if (db && db->path && access(db->path, W_OK) == 0 && !folder_problem(db->path)) {
			/* SQLite falls back to read-only after an I/O error on opening: the
			 * file and folder can be written, so the disk is the cause */
			*err = msgf("roadbook could not open %s while %s: the disk reported an "
				    "error. Your answers there are safe; try again. If it keeps "
				    "happening, copy the workbook folder somewhere safe.",
				    path, doing);
			return RB_DB_IO;
		}
		*err =
		    msgf("roadbook cannot write to %s (it is read-only) while %s. Your answers "
			 "there are safe. Move the workbook to a folder you can write to, or ask "
			 "for write permission.",
			 path, doing);
		return RB_DB_READONLY;
	case SQLITE_CANTOPEN:
		*err = msgf("roadbook cannot open %s while %s. Check that the folder exists and "
			    "that you may write to it, then try again; your answers there are "
			    "safe.",
			    path, doing);
		return errno == EACCES || errno == EROFS ? RB_DB_READONLY : RB_DB_IO;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		*err = msgf("The workbook is busy: another program is using its database (another "
			    "roadbook, or a program reading it such as a backup). Nothing was lost. "
			    "Wait a moment and try again.");
		return RB_DB_BUSY;
	case SQLITE_CORRUPT:
		*err = msgf("The workbook database %s is damaged (%s). roadbook has not changed "
			    "it. Keep a copy of the workbook folder and ask your facilitator for "
			    "help.",
			    path, detail);
		return RB_DB_CORRUPT;
	case SQLITE_NOTADB:
		*err = msgf("%s is not a roadbook database (it may belong to another program), so "
			    "roadbook will not touch it. Move it away, or open a different folder.",
			    path);
		return RB_DB_NOT_OURS;
	default:
		*err = msgf("roadbook could not finish %s in %s: %s. Your earlier answers are "
			    "safe; try again.",
			    doing, path, detail);
		return RB_DB_IO;
	}
}

int db_exec(struct rb_db *db, const char *sql)
{
	return sqlite3_exec(db->h, sql, NULL, NULL, NULL);
}

static int pragma_int(struct rb_db *db, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Creates the file with mode 0600 before SQLite sees it, so that the database, and the -wal and
 * -shm files SQLite derives from it, are private. */
static enum rb_db_status create_file(const char *path, char **err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno == EEXIST)
		return RB_DB_OK;
	if (fd < 0) {
		int e = errno;
		*err = msgf("roadbook cannot create its database %s: %s. %s", path, strerror(e),
			    e == EACCES || e == EROFS
				? "The folder is read-only: choose a folder you can write to."
			    : e == ENOSPC ? "The disk is full: free some space."
					  : "Check the folder and try again.");
		return e == EACCES || e == EROFS ? RB_DB_READONLY : RB_DB_IO;
	}
	close(fd);
	return RB_DB_OK;
}

/* A file that has bytes but not SQLite's header is someone else's. */
static bool foreign_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	char head[16] = {0};
	size_t n = fread(head, 1, sizeof head, f);
	fclose(f);
	return n > 0 && (n < 16 || memcmp(head, "SQLite format 3", 16) != 0);
}

/* Reads only: is this database ours, and can this version read it? Runs before anything that
 * could write, so that a foreign or newer file is left byte for byte as it was. */
static enum rb_db_status check_owner(struct rb_db *db, int *version, char **err)
{
	int appid = 0, ntables = 0, rc;
	if ((rc = pragma_int(db, "PRAGMA user_version", version)) != SQLITE_OK ||
	    (rc = pragma_int(db, "PRAGMA application_id", &appid)) != SQLITE_OK ||
	    (rc = pragma_int(db, "SELECT count(*) FROM sqlite_schema", &ntables)) != SQLITE_OK)
		return db_translate(db, rc, "reading the workbook", err);
	if (appid != RB_DB_APPLICATION_ID && (appid != 0 || ntables != 0)) {
		*err = msgf("%s is an SQLite database of another program, not a roadbook "
			    "workbook, so roadbook will not touch it. Open a different folder.",
			    db->path);
		return RB_DB_NOT_OURS;
	}
	if (*version > RB_DB_SCHEMA_VERSION) {
		*err = msgf("This workbook was saved by a newer version of roadbook (database "
			    "format %d; this version reads up to %d). Nothing has been changed: "
			    "update roadbook to open it.",
			    *version, RB_DB_SCHEMA_VERSION);
		return RB_DB_NEWER;
	}
	return RB_DB_OK;
}

static enum rb_db_status migrate(struct rb_db *db, int version, char **err)
{
	int rc;
	if (version == RB_DB_SCHEMA_VERSION)
		return RB_DB_OK;
	if ((rc = db_exec(db, "BEGIN IMMEDIATE")) != SQLITE_OK)
		return db_translate(db, rc, "preparing the workbook", err);
	for (int v = version; v < RB_DB_SCHEMA_VERSION; v++) {
		if ((rc = db_exec(db, migrations[v])) != SQLITE_OK)
			goto fail;
	}
	char sql[128];
	snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d",
		 RB_DB_APPLICATION_ID, RB_DB_SCHEMA_VERSION);
	if ((rc = db_exec(db, sql)) != SQLITE_OK || (rc = db_exec(db, "COMMIT")) != SQLITE_OK)
		goto fail;
	return RB_DB_OK;
fail : {
	enum rb_db_status st = db_translate(db, rc, "preparing the workbook", err);
	db_exec(db, "ROLLBACK");
	return st;
}
}

/* SQLite makes -wal and -shm with the database's mode: after a read-only state.db is made
 * writable again (as roadbook's message asks), read-only side files would keep every command
 * failing. Ours, next to a database we may write: given the database's permissions. */
static void fix_side_files(const char *path)
{
	struct stat db_sb;
	if (stat(path, &db_sb) != 0 || access(path, W_OK) != 0)
		return;
	static const char *const suffixes[] = {"-wal", "-shm"};
	for (size_t i = 0; i < 2; i++) {
		char *side = msgf("%s%s", path, suffixes[i]);
		struct stat sb;
		if (side && stat(side, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_uid == geteuid() &&
		    access(side, W_OK) != 0)
			chmod(side, (db_sb.st_mode & 0666) | 0600);
		free(side);
	}
}

enum rb_db_status rb_db_open(const char *path, bool create, struct rb_db **out, char **err)
{
	enum rb_db_status st;
	*out = NULL;
	*err = NULL;
	struct rb_db *db = calloc(1, sizeof *db);
	if (!db || !(db->path = strdup(path))) {
		free(db);
		*err = msgf("roadbook ran out of memory.");
		return RB_DB_NOMEM;
	}
	struct stat sb;
	if (stat(path, &sb) != 0) {
		if (!create) {
			*err = msgf("There is no workbook database at %s.", path);
			st = RB_DB_MISSING;
			goto fail;
		}
		if ((st = create_file(path, err)) != RB_DB_OK)
			goto fail;
	} else if (!create && sb.st_size == 0) {
		/* an emptied file (a crash while it was being replaced, a bad copy) is not a new
		 * workbook: taking it for one would save a version that empties every answer */
		*err = msgf("The workbook database %s is empty (0 bytes), so it is damaged.", path);
		st = RB_DB_CORRUPT;
		goto fail;
	} else if (foreign_file(path)) {
		*err = msgf("%s is not a roadbook database (it may belong to another program), so "
			    "roadbook will not touch it. Move it away, or open a different folder.",
			    path);
		st = RB_DB_NOT_OURS;
		goto fail;
	}
	fix_side_files(path);
	int rc = sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		st = db_translate(db, rc, "opening the workbook", err);
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 3000);
	int version = 0;
	if ((st = check_owner(db, &version, err)) != RB_DB_OK)
		goto fail;
	/* WAL keeps readers and the writer apart; FULL makes every committed answer durable. */
	rc = db_exec(db, "PRAGMA journal_mode=WAL");
	if (rc == SQLITE_OK)
		rc = db_exec(db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
				 "PRAGMA trusted_schema=OFF");
	if (rc != SQLITE_OK) {
		st = db_translate(db, rc, "opening the workbook", err);
		goto fail;
	}
	if ((st = migrate(db, version, err)) != RB_DB_OK)
		goto fail;
	*out = db;
	return RB_DB_OK;
fail:
	rb_db_close(db);
	if (!*err)
		*err = msgf("roadbook could not open %s.", path);
	return st;
}

void rb_db_close(struct rb_db *db)
{
	if (!db)
		return;
	sqlite3_finalize(db->answer_set);
	sqlite3_finalize(db->answer_del);
	sqlite3_finalize(db->answer_get);
	sqlite3_finalize(db->meta_get);
	sqlite3_finalize(db->state_get);
	sqlite3_finalize(db->meta_set);
	sqlite3_finalize(db->review_list);
	sqlite3_close_v2(db->h);
	free(db->path);
	free(db);
}

int db_prepare(struct rb_db *db, sqlite3_stmt **st, const char *sql)
{
	if (*st) {
		sqlite3_reset(*st);
		sqlite3_clear_bindings(*st);
		return SQLITE_OK;
	}
	return sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
}

/* Runs one statement (already bound) to completion inside its own immediate transaction. */
enum rb_db_status db_write1(struct rb_db *db, sqlite3_stmt *st, const char *doing, char **err)
{
	int rc = db_exec(db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return db_translate(db, rc, doing, err);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		enum rb_db_status s = db_translate(db, rc, doing, err);
		db_exec(db, "ROLLBACK");
		return s;
	}
	rc = db_exec(db, "COMMIT");
	if (rc != SQLITE_OK) {
		enum rb_db_status s = db_translate(db, rc, doing, err);
		db_exec(db, "ROLLBACK");
		return s;
	}
	return RB_DB_OK;
}

static enum rb_db_status get1(struct rb_db *db, sqlite3_stmt **keep, const char *sql,
			      const char *key, char **value, const char *doing, char **err)
{
	*value = NULL;
	int rc = db_prepare(db, keep, sql);
	if (rc != SQLITE_OK)
		return db_translate(db, rc, doing, err);
	sqlite3_stmt *st = *keep;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	enum rb_db_status s = RB_DB_OK;
	if (rc == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		*value = strdup(v ? v : "");
		if (!*value)
			s = db_translate(db, SQLITE_NOMEM, doing, err);
	} else if (rc != SQLITE_DONE) {
		s = db_translate(db, rc, doing, err);
	}
	sqlite3_reset(st); /* its read transaction ends here */
	return s;
}

static enum rb_db_status set1(struct rb_db *db, const char *sql, const char *key, const char *value,
			      const char *doing, char **err)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_translate(db, rc, doing, err);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	enum rb_db_status s = db_write1(db, st, doing, err);
	sqlite3_finalize(st);
	return s;
}

enum rb_db_status rb_db_meta_get(struct rb_db *db, const char *key, char **value, char **err)
{
	return get1(db, &db->meta_get, "SELECT value FROM meta WHERE key=?1", key, value,
		    "reading the workbook details", err);
}

enum rb_db_status rb_db_meta_set(struct rb_db *db, const char *key, const char *value, char **err)
{
	return set1(db,
		    "INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET "
		    "value=excluded.value",
		    key, value, "saving the workbook details", err);
}

enum rb_db_status rb_db_state_get(struct rb_db *db, const char *key, char **value, char **err)
{
	return get1(db, &db->state_get, "SELECT value FROM ui_state WHERE key=?1", key, value,
		    "reading the screen state", err);
}

enum rb_db_status rb_db_state_set(struct rb_db *db, const char *key, const char *value, char **err)
{
	return set1(db,
		    "INSERT INTO ui_state(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE "
		    "SET value=excluded.value",
		    key, value, "saving the screen state", err);
}

enum rb_db_status rb_db_answer_set(struct rb_db *db, const char *exercise_id, const char *value,
				   char **err)
{
	return rb_db_answer_set_at(db, exercise_id, value, now_ms(), err);
}

enum rb_db_status rb_db_answer_set_at(struct rb_db *db, const char *exercise_id, const char *value,
				      int64_t ms, char **err)
{
	sqlite3_stmt **st;
	int rc;
	if (!value || !*value) {
		st = &db->answer_del;
		rc = db_prepare(db, st, "DELETE FROM answers WHERE exercise_id=?1");
	} else {
		st = &db->answer_set;
		rc = db_prepare(
		    db, st,
		    "INSERT INTO answers(exercise_id, value, updated_ms) VALUES(?1, ?2, ?3)"
		    " ON CONFLICT(exercise_id) DO UPDATE SET value=excluded.value,"
		    " updated_ms=excluded.updated_ms WHERE value IS NOT excluded.value");
	}
	if (rc != SQLITE_OK)
		return db_translate(db, rc, "saving your answer", err);
	sqlite3_bind_text(*st, 1, exercise_id, -1, SQLITE_STATIC);
	if (value && *value) {
		sqlite3_bind_text(*st, 2, value, -1, SQLITE_STATIC);
		sqlite3_bind_int64(*st, 3, ms);
	}
	return db_write1(db, *st, "saving your answer", err);
}

enum rb_db_status rb_db_answer_get(struct rb_db *db, const char *exercise_id, char **value,
				   int64_t *updated_ms, char **err)
{
	*value = NULL;
	int rc = db_prepare(db, &db->answer_get,
			    "SELECT value, updated_ms FROM answers WHERE exercise_id=?1");
	if (rc != SQLITE_OK)
		return db_translate(db, rc, "reading your answer", err);
	sqlite3_bind_text(db->answer_get, 1, exercise_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(db->answer_get);
	enum rb_db_status s = RB_DB_OK;
	if (rc == SQLITE_ROW) {
		*value = strdup((const char *)sqlite3_column_text(db->answer_get, 0));
		if (updated_ms)
			*updated_ms = sqlite3_column_int64(db->answer_get, 1);
		if (!*value)
			s = db_translate(db, SQLITE_NOMEM, "reading your answer", err);
	} else if (rc != SQLITE_DONE) {
		s = db_translate(db, rc, "reading your answer", err);
	}
	sqlite3_reset(db->answer_get);
	return s;
}

enum rb_db_status rb_db_answers_each(struct rb_db *db,
				     int (*fn)(void *ud, const char *id, const char *value,
					       int64_t updated_ms),
				     void *ud, char **err)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(
	    db->h, "SELECT exercise_id, value, updated_ms FROM answers ORDER BY exercise_id", -1,
	    &st, NULL);
	if (rc != SQLITE_OK)
		return db_translate(db, rc, "reading your answers", err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (fn(ud, (const char *)sqlite3_column_text(st, 0),
		       (const char *)sqlite3_column_text(st, 1), sqlite3_column_int64(st, 2)))
			break;
	}
	enum rb_db_status s = RB_DB_OK;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = db_translate(db, rc, "reading your answers", err);
	sqlite3_finalize(st);
	return s;
}

bool rb_db_integrity_ok(struct rb_db *db)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
		return false;
	bool ok = sqlite3_step(st) == SQLITE_ROW &&
		  strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	sqlite3_finalize(st);
	return ok;
}

/* ---- answers changed on two laptops ---- */

void db_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

enum rb_db_status rb_db_conflict_put(struct rb_db *db, const struct rb_conflict *c, char **err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->h,
				    "INSERT OR REPLACE INTO conflicts(exercise_id, ours, theirs, "
				    "base, version, at_ms) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
				    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_translate(db, rc, "keeping both versions of an answer", err);
	db_bind_text(st, 1, c->id);
	db_bind_text(st, 2, c->ours);
	db_bind_text(st, 3, c->theirs);
	db_bind_text(st, 4, c->base);
	db_bind_text(st, 5, c->version ? c->version : "");
	sqlite3_bind_int64(st, 6, c->at_ms);
	enum rb_db_status s = db_write1(db, st, "keeping both versions of an answer", err);
	sqlite3_finalize(st);
	return s;
}

enum rb_db_status rb_db_conflict_del(struct rb_db *db, const char *id, char **err)
{
	sqlite3_stmt *st = NULL;
	int rc =
	    sqlite3_prepare_v2(db->h, "DELETE FROM conflicts WHERE exercise_id=?1", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_translate(db, rc, "saving your choice", err);
	db_bind_text(st, 1, id);
	enum rb_db_status s = db_write1(db, st, "saving your choice", err);
	sqlite3_finalize(st);
	return s;
}

char *db_col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? strdup((const char *)t) : NULL;
}

enum rb_db_status rb_db_conflicts_list(struct rb_db *db, struct rb_conflict **out, size_t *n,
				       char **err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->h,
				    "SELECT exercise_id, ours, theirs, base, version, at_ms FROM "
				    "conflicts ORDER BY exercise_id",
				    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_translate(db, rc, "reading the answers to choose", err);
	enum rb_db_status s = RB_DB_OK;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rb_conflict *v = realloc(*out, (*n + 1) * sizeof *v);
		if (!v) {
			s = RB_DB_NOMEM;
			*err = strdup("roadbook ran out of memory.");
			break;
		}
		*out = v;
		struct rb_conflict *c = &v[(*n)++];
		c->id = db_col_dup(st, 0);
		c->ours = db_col_dup(st, 1);
		c->theirs = db_col_dup(st, 2);
		c->base = db_col_dup(st, 3);
		c->version = db_col_dup(st, 4);
		c->at_ms = sqlite3_column_int64(st, 5);
	}
	if (s == RB_DB_OK && rc != SQLITE_DONE)
		s = db_translate(db, rc, "reading the answers to choose", err);
	sqlite3_finalize(st);
	if (s != RB_DB_OK) {
		rb_conflicts_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return s;
}

void rb_conflicts_free(struct rb_conflict *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].ours);
		free(v[i].theirs);
		free(v[i].base);
		free(v[i].version);
	}
	free(v);
}

enum rb_db_status rb_db_meta_set_many(struct rb_db *db, const char *const *keys,
				      const char *const *values, size_t n, char **err)
{
	const char *doing = "saving the workbook details";
	if (!n)
		return RB_DB_OK;
	int rc = db_exec(db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return db_translate(db, rc, doing, err);
	sqlite3_stmt **st = &db->meta_set;
	rc = db_prepare(db, st,
			"INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO "
			"UPDATE SET value=excluded.value");
	for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
		sqlite3_reset(*st);
		db_bind_text(*st, 1, keys[i]);
		db_bind_text(*st, 2, values[i]);
		rc = sqlite3_step(*st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db->h);
	}
	if (*st)
		sqlite3_reset(*st);
	if (rc == SQLITE_OK)
		rc = db_exec(db, "COMMIT");
	if (rc != SQLITE_OK) {
		enum rb_db_status s = db_translate(db, rc, doing, err);
		db_exec(db, "ROLLBACK");
		return s;
	}
	return RB_DB_OK;
}

enum rb_db_status rb_db_meta_set_unflushed(struct rb_db *db, const char *const *keys,
					   const char *const *values, size_t n, char **err)
{
	int rc = db_exec(db, "PRAGMA synchronous=NORMAL");
	if (rc != SQLITE_OK)
		return db_translate(db, rc, "saving the workbook details", err);
	enum rb_db_status st = rb_db_meta_set_many(db, keys, values, n, err);
	rc = db_exec(db, "PRAGMA synchronous=FULL");
	if (rc != SQLITE_OK && st == RB_DB_OK)
		st = db_translate(db, rc, "saving the workbook details", err);
	return st;
}
