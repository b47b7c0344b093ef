/* app_versions.c - an open workbook's versions: the files it keeps in git, snapshots, reading
 * answers files edited outside roadbook, and rebuilding the database from the repository
 * (see app.h and docs/storage.md). No drawing here. */
#include "tui/app.h"

#include "content/answers_md.h"
#include "content/buf.h"
#include "content/strategy.h"
#include "content/workbook_md.h"

#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define GITIGNORE "# roadbook's private working state (database, lock): never shared\n/.roadbook/\n"

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void note_add(char **notes, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note_add(char **notes, const char *fmt, ...)
{
	struct rb_buf b = {0};
	if (*notes)
		rb_buf_printf(&b, "%s\n", *notes);
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (s)
		rb_buf_puts(&b, s);
	free(s);
	char *out = rb_buf_take(&b);
	if (out) {
		free(*notes);
		*notes = out;
	}
}

static bool kept(const struct rb_app *app, const char *path)
{
	for (size_t i = 0; i < app->nkeep; i++)
		if (strcmp(app->keep[i], path) == 0)
			return true;
	return false;
}

static void keep_add(struct rb_app *app, const char *path)
{
	if (kept(app, path))
		return;
	char **v = realloc(app->keep, (app->nkeep + 1) * sizeof *v);
	if (!v)
		return;
	app->keep = v;
	if ((v[app->nkeep] = strdup(path)))
		app->nkeep++;
}

/* ---- the files a version holds ---- */

struct fileset {
	struct rb_repo_file *v;
	char **owned; /* paths and data to free */
	size_t n, nowned;
};

static void fileset_free(struct fileset *fs)
{
	for (size_t i = 0; i < fs->nowned; i++)
		free(fs->owned[i]);
	free(fs->owned);
	free(fs->v);
	memset(fs, 0, sizeof *fs);
}

/* Adds a file; takes path (when own_path) and data. -1 when out of memory. */
static int fileset_add(struct fileset *fs, char *path, bool own_path, char *data)
{
	struct rb_repo_file *v = realloc(fs->v, (fs->n + 1) * sizeof *v);
	char **o = v ? realloc(fs->owned, (fs->nowned + 2) * sizeof *o) : NULL;
	if (v)
		fs->v = v;
	if (o)
		fs->owned = o;
	if (!v || !o || !path || !data) {
		if (own_path)
			free(path);
		free(data);
		return -1;
	}
	if (own_path)
		o[fs->nowned++] = path;
	o[fs->nowned++] = data;
	v[fs->n++] = (struct rb_repo_file){path, data, strlen(data)};
	return 0;
}

struct orphans {
	struct rb_app *app;
	char **ids, **values;
	size_t n;
	int oom;
};

static int collect_orphan(void *ud, const char *id, const char *value, int64_t ms)
{
	(void)ms;
	struct orphans *o = ud;
	if (rb_app_exercise_index(o->app, id) >= 0)
		return 0;
	char **i = realloc(o->ids, (o->n + 1) * sizeof *i);
	if (i)
		o->ids = i;
	char **v = i ? realloc(o->values, (o->n + 1) * sizeof *v) : NULL;
	if (v)
		o->values = v;
	if (!i || !v || !(o->ids[o->n] = strdup(id)))
		return o->oom = 1;
	if (!(o->values[o->n] = strdup(value))) {
		free(o->ids[o->n]);
		return o->oom = 1;
	}
	o->n++;
	return 0;
}

static int load_meta(struct rb_app *app, struct rb_wb_meta *m, char **err)
{
	static const char *const db_keys[RB_WB_META_NKEYS] = {"name",
							      "company",
							      "sector",
							      "employees",
							      "email",
							      "curriculum_id",
							      "curriculum_version",
							      "created",
							      NULL};
	for (size_t k = 0; k < RB_WB_META_NKEYS; k++)
		if (db_keys[k] && rb_db_meta_get(app->wb->db, db_keys[k], rb_wb_meta_field(m, k),
						 err) != RB_DB_OK)
			return -1;
	if (app->latest_ms > 0) {
		/* the day only: the strategy's title page shows it, and a README that changed
		 * with every answer's millisecond would cost a file in every version */
		char day[32];
		time_t t = (time_t)(app->latest_ms / 1000);
		struct tm tm;
		if (localtime_r(&t, &tm) && strftime(day, sizeof day, "%Y-%m-%d", &tm))
			m->updated = strdup(day);
	}
	return 0;
}

/* FNV-1a over a module's answers: the key of its cached answers file. */
static uint64_t module_key(const struct rb_app *app, size_t m)
{
	uint64_t h = 1469598103934665603ULL;
	const struct rb_module *mod = &app->cur->modules[m];
	for (size_t i = 0; i < mod->nexercises; i++) {
		const char *v = app->answers[mod->exercises[i]->index];
		for (const char *p = v ? v : ""; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		h = (h ^ (v ? 0x1fu : 0x2fu)) * 1099511628211ULL;
	}
	return h;
}

/* The answers file of module m, from the cache when its answers have not changed. */
static char *module_file(struct rb_app *app, size_t m)
{
	size_t n = app->cur->nmodules;
	if (!app->md_cache) {
		app->md_cache = calloc(n, sizeof *app->md_cache);
		app->md_key = calloc(n, sizeof *app->md_key);
		if (!app->md_cache || !app->md_key) {
			free(app->md_cache);
			free(app->md_key);
			app->md_cache = NULL;
			app->md_key = NULL;
			return rb_answers_md_module(app->cur, m, app->answers);
		}
	}
	uint64_t key = module_key(app, m);
	if (!app->md_cache[m] || app->md_key[m] != key) {
		char *md = rb_answers_md_module(app->cur, m, app->answers);
		if (!md)
			return NULL;
		free(app->md_cache[m]);
		app->md_cache[m] = md;
		app->md_key[m] = key;
	}
	return strdup(app->md_cache[m]);
}

/* Every file of the workbook's next version, in a fixed order. */
static int build_files(struct rb_app *app, struct fileset *fs, char **err)
{
	const struct rb_curriculum *c = app->cur;
	struct rb_wb_meta m = {0};
	if (load_meta(app, &m, err) < 0) {
		rb_wb_meta_free(&m);
		return -1;
	}
	struct rb_strategy_info info = {.name = app->name, .company = app->company};
	int rc = fileset_add(fs, ".gitignore", false, strdup(GITIGNORE));
	if (!rc)
		rc = fileset_add(fs, RB_WORKBOOK_MD_PATH, false,
				 rb_workbook_md(&m, c, app->answers));
	if (!rc)
		rc = fileset_add(fs, "strategy.md", false,
				 rb_strategy_markdown(c, app->answers, &info, 0));
	rb_wb_meta_free(&m);
	for (size_t i = 0; i < c->nmodules && !rc; i++) {
		char *path = rb_answers_md_path(c, i);
		if (path && kept(app, path)) {
			free(path);
			continue;
		}
		rc = fileset_add(fs, path, true, module_file(app, i));
	}
	struct orphans o = {.app = app};
	if (!rc && rb_db_answers_each(app->wb->db, collect_orphan, &o, err) != RB_DB_OK)
		rc = -2;
	if (!rc && o.oom)
		rc = -1;
	if (!rc && o.n && !kept(app, RB_ANSWERS_ARCHIVED_PATH))
		rc = fileset_add(fs, RB_ANSWERS_ARCHIVED_PATH, false,
				 rb_answers_md_archived((const char *const *)o.ids,
							(const char *const *)o.values, o.n));
	for (size_t i = 0; i < o.n; i++) {
		free(o.ids[i]);
		free(o.values[i]);
	}
	free(o.ids);
	free(o.values);
	if (rc == -1 && !*err)
		*err = strdup("roadbook ran out of memory.");
	return rc ? -1 : 0;
}

/* ---- snapshots ---- */

/* "Module 3 – Where are you now: 5 of 6 answered" */
static void module_line(struct rb_buf *b, const struct rb_app *app, size_t m)
{
	size_t a, t;
	rb_app_module_progress(app, m, &a, &t);
	const struct rb_module *mod = &app->cur->modules[m];
	rb_buf_printf(b, "Module %zu \xe2\x80\x93 %s: %zu of %zu answered", m + 1,
		      mod->title ? mod->title : mod->id, a, t);
}

/* The commit message, from what changed: same[i] tells whether file i is as in HEAD. */
static char *make_message(struct rb_app *app, const struct fileset *fs, const bool *same,
			  enum rb_snap_kind kind, const char *message, size_t module)
{
	struct rb_buf b = {0}, mods = {0};
	size_t nchanged = 0, first = 0;
	for (size_t m = 0; m < app->cur->nmodules; m++) {
		char *path = rb_answers_md_path(app->cur, m);
		bool changed = false;
		for (size_t i = 0; path && same && i < fs->n; i++)
			if (strcmp(fs->v[i].path, path) == 0)
				changed = !same[i];
		free(path);
		if (!changed)
			continue;
		if (!nchanged++)
			first = m;
		module_line(&mods, app, m);
		rb_buf_puts(&mods, "\n");
	}
	size_t a, t;
	rb_app_progress(app, &a, &t);
	if (message && *message) {
		rb_buf_puts(&b, message);
	} else if (kind == RB_SNAP_FIRST) {
		rb_buf_printf(&b, "Workbook started: %s, %s", app->name ? app->name : "",
			      app->company ? app->company : "");
	} else if (kind == RB_SNAP_MODULE_DONE || kind == RB_SNAP_SUBMIT) {
		size_t ma, mt;
		rb_app_module_progress(app, module, &ma, &mt);
		const struct rb_module *mod = &app->cur->modules[module];
		rb_buf_printf(&b, "Module %zu \xe2\x80\x93 %s: %s, %zu of %zu answered", module + 1,
			      mod->title ? mod->title : mod->id,
			      kind == RB_SNAP_SUBMIT ? "submitted for review" : "completed", ma,
			      mt);
	} else if (nchanged == 1) {
		module_line(&b, app, first);
	} else if (nchanged > 1) {
		rb_buf_printf(&b, "%zu modules updated: %zu of %zu answered", nchanged, a, t);
	} else {
		rb_buf_puts(&b, "Workbook details updated");
	}
	static const char *const why[] = {
	    [RB_SNAP_AUTO] = "Saved automatically while you worked.",
	    [RB_SNAP_SYNC] = "Saved before a sync.",
	    [RB_SNAP_IMPORT] = "Answers edited outside roadbook were read in.",
	};
	const char *reason = (size_t)kind < sizeof why / sizeof *why ? why[kind] : NULL;
	/* the modules are listed unless the subject already names the only one */
	bool list = kind != RB_SNAP_FIRST && (nchanged > 1 || (nchanged && message && *message));
	if (list || reason)
		rb_buf_puts(&b, "\n");
	if (list)
		rb_buf_printf(&b, "\n%s", mods.data);
	if (reason)
		rb_buf_printf(&b, "%s%s", list ? "" : "\n", reason);
	rb_buf_free(&mods);
	while (b.len && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	return rb_buf_take(&b);
}

static const char *detached_message =
    "This workbook's folder is showing an older version (git's HEAD is detached, for example "
    "after 'git checkout'). roadbook keeps your answers but saves no versions until the folder "
    "is back on its branch: run 'git switch main' in the workbook folder.";

int rb_app_snapshot(struct rb_app *app, enum rb_snap_kind kind, const char *message, size_t module,
		    struct rb_snap_result *res, char **err)
{
	memset(res, 0, sizeof *res);
	*err = NULL;
	if (!app->repo) {
		*err = strdup(app->own_lock ? "This workbook has no version history."
					    : "This workbook is open in another roadbook window; "
					      "save versions there.");
		return -1;
	}
	if (rb_repo_detached(app->repo)) {
		*err = strdup(detached_message);
		return -1;
	}
	struct fileset fs = {0};
	if (build_files(app, &fs, err) < 0) {
		fileset_free(&fs);
		return -1;
	}
	bool *same = calloc(fs.n + 1, sizeof *same);
	char *herr = NULL;
	if (!same || rb_repo_same_as_head(app->repo, fs.v, fs.n, same, &herr) != RB_REPO_OK) {
		free(same);
		same = NULL; /* the commit compares for itself */
	}
	free(herr);
	char *msg = make_message(app, &fs, same, kind, message, module);
	char *email = NULL;
	rb_db_meta_get(app->wb->db, "email", &email, err);
	free(*err);
	*err = NULL;
	struct rb_commit_in in = {.files = fs.v,
				  .nfiles = fs.n,
				  .keep = (const char *const *)app->keep,
				  .nkeep = app->nkeep,
				  .prune = RB_ANSWERS_DIR,
				  .same = same,
				  .name = app->name,
				  .email = email,
				  .message = msg ? msg : "Workbook updated"};
	enum rb_repo_status st =
	    rb_repo_commit(app->repo, &in, res->id, &res->committed, &res->note, err);
	fileset_free(&fs);
	free(email);
	free(same);
	if (st != RB_REPO_OK) {
		free(msg);
		return -1;
	}
	res->summary = msg;
	if (res->summary)
		res->summary[strcspn(res->summary, "\n")] = '\0';
	app->snap_changes = app->changes;
	app->snap_ms = now_ms();
	char *e2 = NULL, ms[32];
	snprintf(ms, sizeof ms, "%lld", (long long)app->snap_ms);
	if (rb_db_meta_set(app->wb->db, "synced_commit", res->id, &e2) != RB_DB_OK ||
	    rb_db_meta_set(app->wb->db, "synced_ms", ms, &e2) != RB_DB_OK) {
		note_add(&res->note, "%s", e2 ? e2 : "");
		free(e2);
	}
	return 0;
}

void rb_snap_result_free(struct rb_snap_result *r)
{
	free(r->summary);
	free(r->note);
	memset(r, 0, sizeof *r);
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
			note_add(notes, "%s:%d: %s", d.v[i].file, d.v[i].line, d.v[i].message);
		note_add(notes,
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
			note_add(notes, "%s", e ? e : "");
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
			note_add(notes, "%s:%d: %s", path, p->line, e ? e : "not saved");
		free(e);
		free(db);
	}
	if (conflicts) {
		*conflicted += conflicts;
		char *copy = keep_copy(app, path, data, len);
		note_add(notes,
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
		note_add(notes, "%s", detached_message);
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
	int imported = 0, conflicted = 0, rc = 0;
	struct rb_buf files = {0};
	for (size_t i = 0; i < n && rc == 0; i++) {
		char path[512];
		snprintf(path, sizeof path, RB_ANSWERS_DIR "/%s", names[i]);
		size_t len, base_len = 0;
		char *data = read_work(app, path, &len), *base = NULL;
		if (!data)
			continue;
		enum rb_repo_status st =
		    rb_repo_read(app->repo, synced, path, &base, &base_len, &e);
		free(e);
		e = NULL;
		if (st == RB_REPO_OK && base_len == len && memcmp(base, data, len) == 0) {
			free(data);
			free(base);
			continue;
		}
		int before = imported;
		rc = import_file(app, path, data, len, st == RB_REPO_OK ? base : NULL, base_len,
				 &imported, &conflicted, notes);
		if (imported > before)
			rb_buf_printf(&files, "%s%s", files.len ? ", " : "", path);
		free(data);
		free(base);
	}
	rb_strv_free(names, n);
	free(synced);
	if (imported)
		note_add(notes, "roadbook read %d answer%s edited outside roadbook (in %s).",
			 imported, imported == 1 ? "" : "s", files.data ? files.data : "");
	if (imported || conflicted) {
		/* a version of what roadbook now holds, so the same edit is not read twice */
		struct rb_snap_result res;
		if (rb_app_snapshot(app, RB_SNAP_IMPORT, NULL, 0, &res, &e) == 0) {
			if (res.note)
				note_add(notes, "%s", res.note);
			rb_snap_result_free(&res);
		} else {
			note_add(notes, "%s", e ? e : "");
			free(e);
		}
	}
	rb_buf_free(&files);
	return rc;
}

/* ---- the repository when a workbook is opened ---- */

int rb_app_attach_repo(struct rb_app *app, char **notes)
{
	char *e = NULL;
	enum rb_repo_status st = rb_repo_open(app->dir, &app->repo, &e);
	if (st == RB_REPO_ERR) {
		note_add(notes, "%s", e ? e : "");
		free(e);
		return 0;
	}
	if (!app->own_lock) {
		return 0;
	}
	if (st == RB_REPO_NONE) {
		/* a workbook made before versions existed, or just created: start its history */
		if (rb_repo_create(app->dir, &app->repo, &e) != RB_REPO_OK) {
			note_add(notes, "%s", e ? e : "");
			free(e);
			return 0;
		}
	}
	char head[41];
	st = rb_repo_head(app->repo, head, &e);
	if (st == RB_REPO_ERR) {
		note_add(notes, "%s", e ? e : "");
		free(e);
		return 0;
	}
	if (st == RB_REPO_NONE) {
		struct rb_snap_result res;
		if (rb_app_snapshot(app, RB_SNAP_FIRST, NULL, 0, &res, &e) == 0)
			rb_snap_result_free(&res);
		else
			note_add(notes, "%s", e ? e : "");
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

struct restore {
	struct rb_db *db;
	int64_t ms;
	size_t n;
};

int rb_app_rebuild(const char *dir, char **notes, char **err)
{
	struct rb_repo *r = NULL;
	struct rb_wb_meta m = {0};
	struct rb_diags d = {0};
	struct rb_curriculum *cur = NULL;
	struct rb_workbook *wb = NULL;
	char *readme = NULL, *lessons = NULL, **names = NULL, head[41] = "";
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
	if (!(lessons = rb_find_bundled_lessons())) {
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
		note_add(notes,
			 "This workbook was written for the curriculum '%s', but the lessons "
			 "here are '%s'. Set ROADBOOK_LESSONS to the workbook's curriculum.",
			 m.curriculum_id, cur->id);
	struct rb_profile p = {.name = m.name,
			       .company = m.company,
			       .sector = m.sector,
			       .employees = m.employees,
			       .email = m.email};
	if (rb_workbook_create(dir, &p, NULL, cur->id,
			       m.curriculum_version ? m.curriculum_version : cur->version,
			       err) != RB_WB_OK ||
	    rb_workbook_open(dir, &wb, err) != RB_WB_OK)
		goto done;
	if (m.created && rb_db_meta_set(wb->db, "created", m.created, err) != RB_DB_OK)
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
			note_add(notes, "%s:%d: %s", fd.v[k].file, fd.v[k].line, fd.v[k].message);
		for (size_t k = 0; k < pa.n; k++) {
			if (!*pa.v[k].value)
				continue;
			if (rb_db_answer_set_at(wb->db, pa.v[k].id, pa.v[k].value,
						ms > 0 ? ms : now_ms(), err) != RB_DB_OK) {
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
	char now[32];
	snprintf(now, sizeof now, "%lld", (long long)now_ms());
	if (rb_db_meta_set(wb->db, "synced_commit", head, err) != RB_DB_OK ||
	    rb_db_meta_set(wb->db, "synced_ms", now, err) != RB_DB_OK)
		goto done;
	note_add(notes, "Restored %zu answer%s from the version saved %s.", restored,
		 restored == 1 ? "" : "s", m.updated ? m.updated : "last");
	rc = 0;
done:
	rb_workbook_close(wb);
	rb_strv_free(names, nnames);
	rb_curriculum_free(cur);
	rb_diags_free(&d);
	rb_wb_meta_free(&m);
	free(readme);
	free(lessons);
	rb_repo_free(r);
	return rc;
}

bool rb_app_autosnapshot(struct rb_app *app, int64_t min_age_ms)
{
	if (!app->repo || !app->own_lock || app->changes == app->snap_changes)
		return false;
	if (min_age_ms > 0 && app->snap_ms && now_ms() - app->snap_ms < min_age_ms)
		return false;
	if (min_age_ms > 0 && !app->snap_ms) {
		app->snap_ms =
		    now_ms(); /* the first few minutes of a session count from its start */
		return false;
	}
	struct rb_snap_result res;
	char *e = NULL;
	free(app->snap_note);
	app->snap_note = NULL;
	if (rb_app_snapshot(app, RB_SNAP_AUTO, NULL, 0, &res, &e) != 0) {
		app->snap_note = e;
		app->snap_changes = app->changes; /* do not retry on every key */
		app->snap_ms = now_ms();
		return false;
	}
	app->snap_note = res.note;
	res.note = NULL;
	bool made = res.committed;
	rb_snap_result_free(&res);
	return made;
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

struct current {
	struct rb_app *app;
	struct rb_parsed_answers *out;
	int oom;
};

static int current_one(void *ud, const char *id, const char *value, int64_t ms)
{
	(void)ms;
	struct current *o = ud;
	if (rb_app_exercise_index(o->app, id) >= 0)
		return 0;
	struct rb_parsed_answers *out = o->out;
	char *i = strdup(id), *v = strdup(value);
	struct rb_parsed_answer *grown = realloc(out->v, (out->n + 1) * sizeof *grown);
	if (!i || !v || !grown) {
		free(i);
		free(v);
		if (grown)
			out->v = grown;
		return o->oom = 1;
	}
	out->v = grown;
	out->v[out->n++] = (struct rb_parsed_answer){i, v, 0, false};
	return 0;
}

int rb_app_current_answers(struct rb_app *app, struct rb_parsed_answers *out, char **err)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < app->cur->nexercises; i++) {
		if (!app->answers[i])
			continue;
		struct rb_parsed_answer *grown = realloc(out->v, (out->n + 1) * sizeof *grown);
		if (!grown)
			goto oom;
		out->v = grown;
		char *id = strdup(app->cur->exercises[i]->id), *v = strdup(app->answers[i]);
		if (!id || !v) {
			free(id);
			free(v);
			goto oom;
		}
		out->v[out->n++] = (struct rb_parsed_answer){id, v, 0, true};
	}
	struct current o = {.app = app, .out = out};
	if (rb_db_answers_each(app->wb->db, current_one, &o, err) != RB_DB_OK)
		return -1;
	if (!o.oom)
		return 0;
oom:
	*err = strdup("roadbook ran out of memory.");
	return -1;
}
