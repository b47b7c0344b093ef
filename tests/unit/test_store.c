/* test_store.c - the workbook database on real SQLite files: creation and its settings, answers,
 * reopening, and files that are damaged, foreign or from a newer version (never overwritten). */
#include "harness.h"

#include "content/buf.h"
#include "store/db.h"
#include "store/demo.h"
#include "store/workbook.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/rb-store-XXXXXX";

static char *path_in(const char *name)
{
	struct rb_buf b = {0};
	rb_buf_printf(&b, "%s/%s", dir, name);
	return rb_buf_take(&b);
}

static char *file_bytes(const char *p, size_t *n)
{
	return rb_read_file(p, n);
}

static int sql_int(const char *p, const char *sql)
{
	sqlite3 *h;
	int v = -1;
	if (sqlite3_open_v2(p, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return v;
}

static void test_create_and_settings(void)
{
	char *p = path_in("new.db");
	struct rb_db *db;
	char *err = NULL;
	CHECK(rb_db_open(p, true, &db, &err) == RB_DB_OK);
	struct stat st;
	CHECK(stat(p, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK(rb_db_answer_set(db, "a", "hello", &err) == RB_DB_OK);
	char wal[600];
	snprintf(wal, sizeof wal, "%s-wal", p);
	CHECK(stat(wal, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK(rb_db_integrity_ok(db));
	rb_db_close(db);
	CHECK(sql_int(p, "PRAGMA user_version") == RB_DB_SCHEMA_VERSION);
	CHECK(sql_int(p, "PRAGMA application_id") == RB_DB_APPLICATION_ID);
	CHECK(sql_int(p, "SELECT count(*) FROM answers") == 1);
	free(p);
}

static void test_answers(void)
{
	char *p = path_in("answers.db");
	struct rb_db *db;
	char *err = NULL, *v = NULL;
	int64_t ms = 0;
	CHECK(rb_db_open(p, true, &db, &err) == RB_DB_OK);
	CHECK(rb_db_answer_get(db, "x", &v, &ms, &err) == RB_DB_OK && v == NULL);
	CHECK(rb_db_answer_set(db, "x", "first\nline two", &err) == RB_DB_OK);
	CHECK(rb_db_answer_set(db, "y", "other", &err) == RB_DB_OK);
	CHECK(rb_db_answer_get(db, "x", &v, &ms, &err) == RB_DB_OK);
	CHECK_STR(v, "first\nline two");
	CHECK(ms > 1600000000000LL);
	free(v);
	CHECK(rb_db_meta_set(db, "name", "Sam", &err) == RB_DB_OK);
	CHECK(rb_db_meta_set(db, "name", "Sam Taylor", &err) == RB_DB_OK);
	rb_db_close(db);
	/* Reopen: everything is still there; an empty value deletes. */
	CHECK(rb_db_open(p, false, &db, &err) == RB_DB_OK);
	CHECK(rb_db_meta_get(db, "name", &v, &err) == RB_DB_OK);
	CHECK_STR(v, "Sam Taylor");
	free(v);
	CHECK(rb_db_answer_set(db, "y", "", &err) == RB_DB_OK);
	CHECK(rb_db_answer_get(db, "y", &v, NULL, &err) == RB_DB_OK && v == NULL);
	CHECK(rb_db_state_set(db, "k", "v", &err) == RB_DB_OK);
	CHECK(rb_db_state_get(db, "k", &v, &err) == RB_DB_OK);
	CHECK_STR(v, "v");
	free(v);
	rb_db_close(db);
	free(p);
}

/* Opening must fail with the status and leave the file byte for byte as it was. */
static void expect_refused(const char *p, enum rb_db_status want, const char *words)
{
	size_t n1, n2;
	char *before = file_bytes(p, &n1);
	struct rb_db *db = NULL;
	char *err = NULL;
	enum rb_db_status s = rb_db_open(p, true, &db, &err);
	CHECK(s == want);
	CHECK(db == NULL);
	CHECK(err && strstr(err, words));
	if (err && !strstr(err, words))
		fprintf(stderr, "  message was: %s\n", err);
	char *after = file_bytes(p, &n2);
	CHECK(before && after && n1 == n2 && memcmp(before, after, n1) == 0);
	free(before);
	free(after);
	free(err);
	rb_db_close(db);
}

static void test_bad_files(void)
{
	char *p = path_in("notes.db");
	FILE *f = fopen(p, "w");
	fputs("These are my notes, not a database.\n", f);
	fclose(f);
	expect_refused(p, RB_DB_NOT_OURS, "not a roadbook database");
	free(p);

	/* Someone else's SQLite database. */
	p = path_in("other.db");
	sqlite3 *h;
	sqlite3_open(p, &h);
	sqlite3_exec(h, "CREATE TABLE orders(id INTEGER)", NULL, NULL, NULL);
	sqlite3_close(h);
	expect_refused(p, RB_DB_NOT_OURS, "another program");
	free(p);

	/* Ours, but from a newer roadbook. */
	p = path_in("newer.db");
	struct rb_db *db;
	char *err = NULL;
	CHECK(rb_db_open(p, true, &db, &err) == RB_DB_OK);
	rb_db_close(db);
	sqlite3_open(p, &h);
	sqlite3_exec(h, "PRAGMA user_version=99", NULL, NULL, NULL);
	sqlite3_close(h);
	expect_refused(p, RB_DB_NEWER, "newer version of roadbook");
	free(p);

	/* Damaged: the schema page overwritten. */
	p = path_in("corrupt.db");
	CHECK(rb_db_open(p, true, &db, &err) == RB_DB_OK);
	for (int i = 0; i < 200; i++) {
		char id[16];
		snprintf(id, sizeof id, "e%d", i);
		rb_db_answer_set(db, id, "some answer text that fills pages", &err);
	}
	rb_db_close(db);
	f = fopen(p, "r+b");
	fseek(f, 100, SEEK_SET);
	for (int i = 0; i < 3000; i++)
		fputc(0xA5, f);
	fclose(f);
	expect_refused(p, RB_DB_CORRUPT, "damaged");
	free(p);

	p = path_in("missing.db");
	CHECK(rb_db_open(p, false, &db, &err) == RB_DB_MISSING);
	CHECK(access(p, F_OK) != 0);
	free(err);
	free(p);
}

static void test_workbook_lock(void)
{
	char *wdir = path_in("wb");
	struct rb_profile prof = {.name = "Sam", .company = "Taylor Foods", .employees = "60"};
	char *err = NULL;
	CHECK(rb_workbook_create(wdir, &prof, NULL, "c", "1", &err) == RB_WB_OK);
	CHECK(rb_workbook_create(wdir, &prof, NULL, "c", "1", &err) == RB_WB_EXISTS);
	free(err);
	err = NULL;
	struct rb_profile bad = {.name = "", .company = "X", .employees = "lots"};
	CHECK(rb_workbook_create(wdir, &bad, NULL, "c", "1", &err) == RB_WB_INVALID);
	CHECK(err && strstr(err, "--name") && strstr(err, "employees"));
	free(err);
	struct rb_workbook *a, *b;
	CHECK(rb_workbook_open(wdir, &a, &err) == RB_WB_OK);
	CHECK(rb_workbook_open(wdir, &b, &err) == RB_WB_OK);
	CHECK(rb_workbook_lock(a, &err) == RB_WB_OK);
	err = NULL;
	CHECK(rb_workbook_lock(b, &err) == RB_WB_LOCKED);
	CHECK(err && strstr(err, "already open in another roadbook window"));
	free(err);
	rb_workbook_close(a);
	CHECK(rb_workbook_lock(b, &err) == RB_WB_OK);
	rb_workbook_close(b);
	char *nowhere = path_in("nothing-here");
	CHECK(rb_workbook_open(nowhere, &a, &err) == RB_WB_NONE);
	CHECK(err && strstr(err, "roadbook init"));
	free(err);
	free(nowhere);
	free(wdir);
}

static void test_demo_json(void)
{
	char *p = path_in("demo.json");
	FILE *f = fopen(p, "w");
	fputs("{\"profile\": {\"name\": \"Alex\", \"company\": \"Pies \\\"R\\\" Us\","
	      " \"employees\": \"60\"},"
	      " \"answers\": {\"b-id\": \"line one\\nline | two\", \"a-id\": \"3\"}}",
	      f);
	fclose(f);
	struct rb_demo d;
	char *err = NULL;
	CHECK(rb_demo_load(p, &d, &err) == 0);
	CHECK_STR(d.name, "Alex");
	CHECK_STR(d.company, "Pies \"R\" Us");
	CHECK(d.sector == NULL);
	CHECK(d.n == 2);
	CHECK_STR(d.ids[0], "b-id");
	CHECK_STR(d.values[0], "line one\nline | two");
	rb_demo_free(&d);
	f = fopen(p, "w");
	fputs("{\"profile\": {\"name\": \"Alex\"", f);
	fclose(f);
	CHECK(rb_demo_load(p, &d, &err) == -1);
	CHECK(err && strstr(err, "not valid JSON"));
	free(err);
	err = NULL;
	f = fopen(p, "w");
	fputs("{\"profile\": {}, \"answers\": {}}", f);
	fclose(f);
	CHECK(rb_demo_load(p, &d, &err) == -1);
	CHECK(err && strstr(err, "no profile or no answers"));
	free(err);
	free(p);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	RUN(test_create_and_settings);
	RUN(test_answers);
	RUN(test_bad_files);
	RUN(test_workbook_lock);
	RUN(test_demo_json);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return HARNESS_EXIT();
}
