/* restore.c - reading what changed outside roadbook into an open workbook (answers files
 * edited by hand or committed with git), opening or starting its repository, and rebuilding
 * the database from the latest version (roadbook join, a missing or damaged database). See
 * docs/storage.md. No drawing here. */
#include "app/workbook.h"
#include "app/versions.h"
#include "app/restore.h"
#include "app/internal.h"

#include "content/answers_md.h"
#include "content/buf.h"
#include "content/workbook_md.h"

#include <dirent.h>
#include <ftw.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void keep_add(struct rb_app *app, const char *path)
{
	if (rb_app_kept(app, path))
		return;
	char **v = realloc(app->keep, (app->nkeep + 1) * sizeof *v);
	if (!v)
		return;
	app->keep = v;
	if ((v[app->nkeep] = strdup(path)))
		app->nkeep++;
}

/* ---- answers files edited outside roadbook ---- */

static char *read_work(const struct rb_app *app, const char *path, size_t *len)
{
	struct rb_buf b = {0};
	rb_buf_printf(&b, "%s/%s", app->dir, path);
	char *data = b.data ? rb_read_file(b.data, len) : NULL;
	rb_buf_free(&b);
	return data;
}

/* Copies a file roadbook is about to replace into .roadbook/kept/; returns the copy's path. */
static char *keep_copy(const struct rb_app *app, const char *path, const char *data, size_t len)
{
	struct rb_buf dir = {0}, out = {0};
	rb_buf_printf(&dir, "%s/kept", app->wb->state_dir);
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	rb_buf_printf(&out, "%s/%s.%s", dir.data ? dir.data : "", stamp, base);
	FILE *f = NULL;
	if (dir.data && out.data && (mkdir(dir.data, 0700) == 0 || errno == EEXIST) &&
	    (f = fopen(out.data, "wx"))) {
		bool ok = fwrite(data, 1, len, f) == len;
		if (fclose(f) != 0 || !ok) {
			unlink(out.data);
			rb_buf_free(&out);
		}
	} else {
		rb_buf_free(&out);
	}
	rb_buf_free(&dir);
	return out.data ? rb_buf_take(&out) : NULL;
}

static const char *find_value(const struct rb_parsed_answers *p, const char *id, bool *found)
{
	for (size_t i = 0; i < p->n; i++) {
		if (strcmp(p->v[i].id, id) == 0) {
			*found = true;
			return p->v[i].value;
		}
	}
	*found = false;
	return NULL;
}

static bool same_value(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Reads one edited answers file into the database: an answer changed only in the file is
 * taken; one changed in roadbook as well is left, and the file is copied aside. */
static int import_file(struct rb_app *app, const char *path, const char *data, size_t len,
		       const char *base, size_t base_len, int *imported, int *conflicted,
		       char **notes)
{
	struct rb_parsed_answers now = {0}, before = {0};
	struct rb_diags d = {0}, bd = {0};
	if (rb_answers_md_parse(app->cur, path, data, len, &now, &d) < 0)
		goto oom;
	if (d.n) {
		for (size_t i = 0; i < d.n && i < 5; i++)
			rb_app_note(notes, "%s:%d: %s", d.v[i].file, d.v[i].line, d.v[i].message);
		rb_app_note(
		    notes,
		    "%s was changed outside roadbook and cannot be read, so roadbook leaves "
		    "it as it is and keeps your answers to that module as they were. Correct "
		    "the line%s above, or undo the change with 'git checkout -- %s' in the "
		    "workbook folder.",
		    path, d.n == 1 ? "" : "s", path);
		keep_add(app, path);
		goto done;
	}
	if (base && rb_answers_md_parse(app->cur, path, base, base_len, &before, &bd) < 0)
		goto oom;
	int conflicts = 0;
	for (size_t i = 0; i < now.n; i++) {
		const struct rb_parsed_answer *p = &now.v[i];
		long k = rb_app_exercise_index(app, p->id);
		char *db = NULL, *e = NULL;
		if (k < 0 && rb_db_answer_get(app->wb->db, p->id, &db, NULL, &e) != RB_DB_OK) {
			rb_app_note(notes, "%s", e ? e : "");
			free(e);
			continue;
		}
		const char *cur = k >= 0 ? app->answers[k] : db;
		bool had;
		const char *was = find_value(&before, p->id, &had);
		if (same_value(p->value, cur) || (had && same_value(p->value, was))) {
			free(db);
			continue; /* nothing new in the file */
		}
		if (had ? !same_value(cur, was) : cur != NULL) {
			conflicts++; /* changed in roadbook too: roadbook's answer stays */
			free(db);
			continue;
		}
		int rc = 0;
		if (k >= 0) {
			app->importing = true;
			rc = rb_app_set_answer(app, (size_t)k, p->value, &e);
			app->importing = false;
		} else if (rb_db_answer_set(app->wb->db, p->id, p->value, &e) != RB_DB_OK) {
			rc = 1;
		}
		if (rc == 0)
			(*imported)++;
		else
			rb_app_note(notes, "%s:%d: %s", path, p->line, e ? e : "not saved");
		free(e);
		free(db);
	}
	if (conflicts) {
		*conflicted += conflicts;
		char *copy = keep_copy(app, path, data, len);
		rb_app_note(notes,
			    "%s was changed outside roadbook, and %d of the answers changed there "
			    "had also been changed in roadbook. roadbook kept its own answers; the "
			    "edited file is kept as %s.",
			    path, conflicts, copy ? copy : "(the copy could not be written)");
		free(copy);
	}
done:
	rb_parsed_answers_free(&now);
	rb_parsed_answers_free(&before);
	rb_diags_free(&d);
	rb_diags_free(&bd);
	return 0;
oom:
	rb_parsed_answers_free(&now);
	rb_parsed_answers_free(&before);
	rb_diags_free(&d);
	rb_diags_free(&bd);
	return -1;
}

/* The names of the answers files in the working folder, sorted. */
static int list_work(const struct rb_app *app, char ***names, size_t *n)
{
	*names = NULL;
	*n = 0;
	struct rb_buf b = {0};
	rb_buf_printf(&b, "%s/" RB_ANSWERS_DIR, app->dir);
	struct dirent **ents = NULL;
	int k = b.data ? scandir(b.data, &ents, NULL, alphasort) : -1;
	rb_buf_free(&b);
	if (k < 0)
		return 0;
	*names = calloc((size_t)k + 1, sizeof **names);
	for (int i = 0; i < k; i++) {
		size_t len = strlen(ents[i]->d_name);
		if (*names && len > 3 && ents[i]->d_name[0] != '.' &&
		    strcmp(ents[i]->d_name + len - 3, ".md") == 0)
			if (((*names)[*n] = strdup(ents[i]->d_name)))
				(*n)++;
		free(ents[i]);
	}
	free(ents);
	return *names ? 0 : -1;
}

int rb_app_import_edits(struct rb_app *app, char **notes)
{
	if (!app->repo || !app->own_lock)
		return 0;
	if (rb_repo_detached(app->repo)) {
		rb_app_note(notes, "%s", rb_app_detached_message);
		return 0;
	}
	char *synced = NULL, *e = NULL;
	if (rb_db_meta_get(app->wb->db, "synced_commit", &synced, &e) != RB_DB_OK) {
		free(e);
		return 0;
	}
	char **names;
	size_t n;
	if (list_work(app, &names, &n) < 0)
		return -1;
	/* the working files, compared with the synced version by blob id; only those that
	 * differ have their earlier version read */
	struct rb_repo_file *work = calloc(n + 1, sizeof *work);
	char **paths = calloc(n + 1, sizeof *paths);
	bool *unread = calloc(n + 1, sizeof *unread);
	int imported = 0, conflicted = 0, rc = work && paths && unread ? 0 : -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct rb_buf p = {0};
		rb_buf_printf(&p, RB_ANSWERS_DIR "/%s", names[i]);
		paths[i] = rb_buf_take(&p);
		size_t len = 0;
		char *data = paths[i] ? read_work(app, paths[i], &len) : NULL;
		work[i] = (struct rb_repo_file){paths[i] ? paths[i] : "", data ? data : "", len};
		if (!data)
			unread[i] = true; /* gone or unreadable now: nothing to take in */
	}
	bool *known = calloc(n + 1, sizeof *known);
	if (rc == 0 && known &&
	    rb_repo_same_as(app->repo, synced, work, n, known, &e) != RB_REPO_OK)
		memset(known, 0, (n + 1) * sizeof *known);
	free(e);
	e = NULL;
	/* files a killed save wrote (recorded before writing) are roadbook's own, not edits */
	char *pending = NULL;
	if (rb_db_meta_get(app->wb->db, RB_META_PENDING, &pending, &e) != RB_DB_OK)
		pending = NULL;
	free(e);
	e = NULL;
	for (size_t i = 0; i < n && known && pending && *pending; i++) {
		if (unread[i] || known[i])
			continue;
		char hex[41];
		struct rb_buf line = {0};
		rb_repo_blob_hex(work[i].data, work[i].len, hex);
		rb_buf_printf(&line, "%s %s\n", paths[i], hex);
		if (line.data && strstr(pending, line.data) &&
		    (strstr(pending, line.data) == pending ||
		     strstr(pending, line.data)[-1] == '\n'))
			known[i] = true;
		rb_buf_free(&line);
	}
	free(pending);
	struct rb_buf files = {0};
	for (size_t i = 0; i < n && rc == 0 && known; i++) {
		if (unread[i] || known[i])
			continue;
		size_t base_len = 0;
		char *base = NULL;
		enum rb_repo_status st =
		    rb_repo_read(app->repo, synced, paths[i], &base, &base_len, &e);
		free(e);
		e = NULL;
		int before = imported;
		rc = import_file(app, paths[i], work[i].data, work[i].len,
				 st == RB_REPO_OK ? base : NULL, base_len, &imported, &conflicted,
				 notes);
		if (imported > before)
			rb_buf_printf(&files, "%s%s", files.len ? ", " : "", paths[i]);
		free(base);
	}
	for (size_t i = 0; work && unread && i < n; i++)
		if (!unread[i])
			free((char *)work[i].data);
	free(work);
	rb_strv_free(paths, n);
	free(unread);
	free(known);
	rb_strv_free(names, n);
	free(synced);
	if (imported)
		rb_app_note(notes, "roadbook read %d answer%s edited outside roadbook (in %s).",
			    imported, imported == 1 ? "" : "s", files.data ? files.data : "");
	if (imported || conflicted) {
		/* a version of what roadbook now holds, so the same edit is not read twice */
		struct rb_snap_result res;
		if (rb_app_snapshot(app, RB_SNAP_IMPORT, NULL, 0, &res, &e) == 0) {
			if (res.note)
				rb_app_note(notes, "%s", res.note);
			rb_snap_result_free(&res);
		} else {
			rb_app_note(notes, "%s", e ? e : "");
			free(e);
		}
	}
	rb_buf_free(&files);
	return rc;
}

/* ---- the repository when a workbook is opened ---- */

/* The history could not be opened: told once as a note, kept for what needs it. */
static void repo_problem(struct rb_app *app, char **notes, char *e)
{
	rb_app_note(notes, "%s", e ? e : "");
	free(app->repo_problem);
	app->repo_problem = e;
}

int rb_app_attach_repo(struct rb_app *app, char **notes)
{
	char *e = NULL;
	enum rb_repo_status st = rb_repo_open(app->dir, &app->repo, &e);
	if (st == RB_REPO_ERR) {
		repo_problem(app, notes, e);
		return 0;
	}
	if (!app->own_lock) {
		return 0;
	}
	if (st == RB_REPO_NONE) {
		/* a workbook made before versions existed, or just created: start its history */
		if (rb_repo_create(app->dir, &app->repo, &e) != RB_REPO_OK) {
			repo_problem(app, notes, e);
			return 0;
		}
	}
	char head[41];
	st = rb_repo_head(app->repo, head, &e);
	if (st == RB_REPO_ERR) {
		rb_app_note(notes, "%s", e ? e : "");
		free(e);
		return 0;
	}
	if (st == RB_REPO_NONE) {
		struct rb_snap_result res;
		if (rb_app_snapshot(app, RB_SNAP_FIRST, NULL, 0, &res, &e) == 0)
			rb_snap_result_free(&res);
		else
			rb_app_note(notes, "%s", e ? e : "");
		free(e);
		return 0;
	}
	char *ms = NULL;
	if (rb_db_meta_get(app->wb->db, "synced_ms", &ms, &e) == RB_DB_OK &&
	    app->latest_ms > (ms ? atoll(ms) : 0))
		app->snap_changes = app->changes - 1; /* answered since the last version */
	free(ms);
	free(e);
	return rb_app_import_edits(app, notes);
}

/* ---- rebuilding the database from the repository ---- */

bool rb_app_is_repo_workbook(const char *dir)
{
	struct rb_repo *r = NULL;
	char *e = NULL, *data = NULL;
	size_t len;
	bool yes = rb_repo_open(dir, &r, &e) == RB_REPO_OK &&
		   rb_repo_read(r, NULL, RB_WORKBOOK_MD_PATH, &data, &len, &e) == RB_REPO_OK &&
		   strstr(data, "```roadbook workbook\n") != NULL;
	free(data);
	free(e);
	rb_repo_free(r);
	return yes;
}

int rb_app_rebuild(const char *dir, char **notes, char **err)
{
	struct rb_repo *r = NULL;
	struct rb_wb_meta m = {0};
	struct rb_diags d = {0};
	struct rb_curriculum *cur = NULL;
	struct rb_db *db = NULL;
	char *readme = NULL, *lessons = NULL, *state_dir = NULL, **names = NULL, head[41] = "";
	size_t len, nnames = 0, restored = 0;
	int rc = -1;
	*err = NULL;
	if (rb_repo_open(dir, &r, err) != RB_REPO_OK || rb_repo_head(r, head, err) != RB_REPO_OK ||
	    rb_repo_read(r, head, RB_WORKBOOK_MD_PATH, &readme, &len, err) != RB_REPO_OK) {
		if (!*err)
			*err = strdup("This folder's history has no saved workbook to restore.");
		goto done;
	}
	if (rb_workbook_md_parse(RB_WORKBOOK_MD_PATH, readme, len, &m, &d) < 0 || d.n) {
		struct rb_buf b = {0};
		rb_buf_puts(&b, "The workbook's README.md cannot be read:");
		for (size_t i = 0; i < d.n; i++)
			rb_buf_printf(&b, "\n  %s:%d: %s", d.v[i].file, d.v[i].line,
				      d.v[i].message);
		*err = rb_buf_take(&b);
		goto done;
	}
	struct rb_buf cohort = {0};
	struct stat cst;
	rb_buf_printf(&cohort, "%s/.roadbook/" RB_COHORT_CURRICULUM "/curriculum.md", dir);
	if (cohort.data && stat(cohort.data, &cst) == 0) {
		cohort.data[cohort.len - strlen("/curriculum.md")] = '\0';
		lessons = rb_buf_take(&cohort);
	} else {
		rb_buf_free(&cohort);
		lessons = rb_find_bundled_lessons();
	}
	if (!lessons) {
		*err = strdup("roadbook cannot find its lessons. Reinstall roadbook, or set "
			      "ROADBOOK_LESSONS to the lessons folder.");
		goto done;
	}
	rb_diags_free(&d);
	if (rb_curriculum_load(lessons, &cur, &d) < 0 || d.n) {
		struct rb_buf b = {0};
		rb_buf_printf(&b, "The curriculum in %s has problems; run 'roadbook lint %s'.",
			      lessons, lessons);
		*err = rb_buf_take(&b);
		goto done;
	}
	if (m.curriculum_id && strcmp(m.curriculum_id, cur->id) != 0)
		rb_app_note(notes,
			    "This workbook was written for the curriculum '%s', but the lessons "
			    "here are '%s'. Set ROADBOOK_LESSONS to the workbook's curriculum.",
			    m.curriculum_id, cur->id);
	struct rb_profile p = {.name = m.name,
			       .company = m.company,
			       .sector = m.sector,
			       .employees = m.employees,
			       .email = m.email};
	/* the database is filled aside and put in place only when complete: a rebuild that is
	 * stopped leaves no half of one for the next start to trust */
	if (rb_workbook_create_aside(dir, &p, NULL, cur->id,
				     m.curriculum_version ? m.curriculum_version : cur->version,
				     &db, err) != RB_WB_OK)
		goto done;
	struct rb_buf sd = {0};
	rb_buf_printf(&sd, "%s/.roadbook", dir);
	if (!(state_dir = rb_buf_take(&sd))) {
		*err = strdup("roadbook ran out of memory.");
		goto done;
	}
	if (m.created && rb_db_meta_set(db, "created", m.created, err) != RB_DB_OK)
		goto done;
	/* answers restored with the day of the latest one, at noon: the same day anywhere */
	long long ms = -1;
	struct tm day = {0};
	if (m.updated && strptime(m.updated, "%Y-%m-%d", &day)) {
		day.tm_hour = 12;
		day.tm_isdst = -1;
		time_t t = mktime(&day);
		ms = t > 0 ? (long long)t * 1000 : -1;
	}
	if (rb_repo_list(r, head, RB_ANSWERS_DIR, &names, &nnames, err) != RB_REPO_OK)
		goto done;
	for (size_t i = 0; i < nnames; i++) {
		char path[512], *data = NULL;
		size_t dlen;
		snprintf(path, sizeof path, RB_ANSWERS_DIR "/%s", names[i]);
		if (rb_repo_read(r, head, path, &data, &dlen, err) != RB_REPO_OK)
			goto done;
		struct rb_parsed_answers pa = {0};
		struct rb_diags fd = {0};
		if (rb_answers_md_parse(cur, path, data, dlen, &pa, &fd) < 0) {
			free(data);
			goto done;
		}
		for (size_t k = 0; k < fd.n; k++)
			rb_app_note(notes, "%s:%d: %s", fd.v[k].file, fd.v[k].line,
				    fd.v[k].message);
		for (size_t k = 0; k < pa.n; k++) {
			if (!*pa.v[k].value)
				continue;
			if (rb_db_answer_set_at(db, pa.v[k].id, pa.v[k].value,
						ms > 0 ? ms : rb_app_now_ms(), err) != RB_DB_OK) {
				rb_parsed_answers_free(&pa);
				rb_diags_free(&fd);
				free(data);
				goto done;
			}
			restored++;
		}
		rb_parsed_answers_free(&pa);
		rb_diags_free(&fd);
		free(data);
	}
	char *re = NULL; /* unreadable review notes never stop a restore */
	if (rb_review_take(r, head, db, state_dir, NULL, &re) != 0)
		rb_app_note(notes, "%s was not read: %s", RB_REVIEW_CONF, re ? re : "");
	free(re);
	char now[32];
	snprintf(now, sizeof now, "%lld", (long long)rb_app_now_ms());
	const char *sk[] = {"synced_commit", "synced_ms"}, *sv[] = {head, now};
	if (rb_db_meta_set_many(db, sk, sv, 2, err) != RB_DB_OK)
		goto done;
	enum rb_wb_status ps = rb_workbook_publish(dir, db, err);
	db = NULL;
	if (ps != RB_WB_OK && ps != RB_WB_EXISTS)
		goto done;
	if (ps ==
	    RB_WB_EXISTS) { /* another roadbook rebuilt it at the same time: that one counts */
		free(*err);
		*err = NULL;
	}
	rb_app_note(notes, "Restored %zu answer%s from the version saved %s.", restored,
		    restored == 1 ? "" : "s", m.updated ? m.updated : "last");
	rc = 0;
done:
	rb_workbook_discard(dir, db);
	free(state_dir);
	rb_strv_free(names, nnames);
	rb_curriculum_free(cur);
	rb_diags_free(&d);
	rb_wb_meta_free(&m);
	free(readme);
	free(lessons);
	rb_repo_free(r);
	return rc;
}

int rb_app_check_new_dir(const char *dir, char **err)
{
	struct rb_repo *r = NULL;
	char *e = NULL;
	enum rb_repo_status st = rb_repo_open(dir, &r, &e);
	rb_repo_free(r);
	free(e);
	if (st != RB_REPO_OK || rb_app_is_repo_workbook(dir))
		return 0;
	struct rb_buf b = {0};
	rb_buf_printf(&b,
		      "%s is already a git repository of another project, not a roadbook "
		      "workbook. Choose an empty folder for your workbook.",
		      dir);
	*err = rb_buf_take(&b);
	return 1;
}
