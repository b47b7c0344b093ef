/* demo.c - an example workbook's JSON, read with SQLite's JSON functions (see demo.h). */
#include "store/demo.h"

#include "content/buf.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	return v ? strdup((const char *)v) : NULL;
}

static int fail(char **err, const char *path, const char *why)
{
	struct rb_buf b = {0};
	rb_buf_printf(&b, "The example workbook %s cannot be read (%s). Reinstall roadbook.", path,
		      why);
	*err = rb_buf_take(&b);
	return -1;
}

int rb_demo_load(const char *path, struct rb_demo *out, char **err)
{
	memset(out, 0, sizeof *out);
	*err = NULL;
	size_t len;
	char *json = rb_read_file(path, &len);
	if (!json)
		return fail(err, path, strerror(errno));
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc = -1;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		fail(err, path, "no memory");
		goto done;
	}
	if (sqlite3_prepare_v2(db,
			       "SELECT json_valid(?1), json_extract(?1, '$.profile.name'),"
			       " json_extract(?1, '$.profile.company'),"
			       " json_extract(?1, '$.profile.sector'),"
			       " json_extract(?1, '$.profile.employees')",
			       -1, &st, NULL) != SQLITE_OK) {
		fail(err, path, sqlite3_errmsg(db));
		goto done;
	}
	sqlite3_bind_text(st, 1, json, (int)len, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW || !sqlite3_column_int(st, 0)) {
		fail(err, path, "it is not valid JSON");
		goto done;
	}
	out->name = col_dup(st, 1);
	out->company = col_dup(st, 2);
	out->sector = col_dup(st, 3);
	out->employees = col_dup(st, 4);
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db,
			       "SELECT key, value FROM json_each(?1, '$.answers')"
			       " WHERE type = 'text'",
			       -1, &st, NULL) != SQLITE_OK) {
		fail(err, path, sqlite3_errmsg(db));
		goto done;
	}
	sqlite3_bind_text(st, 1, json, (int)len, SQLITE_STATIC);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		char **ids = realloc(out->ids, (out->n + 1) * sizeof *ids);
		if (ids)
			out->ids = ids;
		char **vals = ids ? realloc(out->values, (out->n + 1) * sizeof *vals) : NULL;
		if (vals)
			out->values = vals;
		if (!ids || !vals) {
			fail(err, path, "no memory");
			goto done;
		}
		out->ids[out->n] = col_dup(st, 0);
		out->values[out->n] = col_dup(st, 1);
		out->n++;
	}
	if (step != SQLITE_DONE) {
		fail(err, path, sqlite3_errmsg(db));
		goto done;
	}
	if (!out->name || !out->company || !out->n) {
		fail(err, path, "it has no profile or no answers");
		goto done;
	}
	rc = 0;
done:
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(json);
	if (rc)
		rb_demo_free(out);
	return rc;
}

void rb_demo_free(struct rb_demo *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->ids[i]);
		free(d->values[i]);
	}
	free(d->ids);
	free(d->values);
	free(d->name);
	free(d->company);
	free(d->sector);
	free(d->employees);
	memset(d, 0, sizeof *d);
}
