/* versions.c - an open workbook's versions: the files it keeps in git, snapshots and
 * their messages (see versions.h and docs/storage.md). Reading outside edits and rebuilding the
 * database are in restore.c. No drawing here. */
#include "app/workbook.h"
#include "app/versions.h"
#include "app/internal.h"
#include "app/config.h"

#include "content/answers_md.h"
#include "content/buf.h"
#include "content/strategy.h"
#include "content/workbook_md.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define GITIGNORE "# roadbook's private working state (database, lock): never shared\n/.roadbook/\n"

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

/* ---- answers the curriculum no longer has ---- */

struct current {
	struct rb_app *app;
	struct rb_parsed_answers *out;
	int oom;
};

/* Answers in the database whose exercise the curriculum does not have. */
static int archived_one(void *ud, const char *id, const char *value, int64_t ms)
{
	(void)ms;
	struct current *o = ud;
	if (rb_app_exercise_index(o->app, id) < 0 &&
	    rb_parsed_answers_add(o->out, strdup(id), strdup(value), 0, false) < 0)
		return o->oom = 1;
	return 0;
}

/* Adds the archived answers to out. */
static int add_archived(struct rb_app *app, struct current *o, char **err)
{
	if (!o->oom && rb_db_answers_each(app->wb->db, archived_one, o, err) != RB_DB_OK)
		return -1;
	if (!o->oom)
		return 0;
	*err = strdup("roadbook ran out of memory.");
	return -1;
}

int rb_app_current_answers(struct rb_app *app, struct rb_parsed_answers *out, char **err)
{
	memset(out, 0, sizeof *out);
	struct current o = {.app = app, .out = out};
	for (size_t i = 0; i < app->cur->nexercises && !o.oom; i++)
		if (app->answers[i] &&
		    rb_parsed_answers_add(out, strdup(app->cur->exercises[i]->id),
					  strdup(app->answers[i]), 0, true) < 0)
			o.oom = 1;
	return add_archived(app, &o, err);
}

static int archived_answers(struct rb_app *app, struct rb_parsed_answers *out, char **err)
{
	memset(out, 0, sizeof *out);
	struct current o = {.app = app, .out = out};
	return add_archived(app, &o, err);
}

/* Every file of the workbook's next version, in a fixed order. */
static int build_files(struct rb_app *app, struct fileset *fs, char **err)
{
	const struct rb_curriculum *c = app->cur;
	/* strategy.md first: its id is worked out by a second thread while the rest is built */
	struct rb_strategy_info info = {.name = app->name, .company = app->company};
	if (!app->strategy_cache)
		app->strategy_cache = rb_strategy_cache_new(); /* without it: all re-rendered */
	char *strategy =
	    rb_strategy_markdown_cached(c, app->answers, &info, 0, app->strategy_cache);
	if (strategy && app->repo)
		rb_repo_hash_ahead(
		    app->repo, &(struct rb_repo_file){"strategy.md", strategy, strlen(strategy)});
	struct rb_wb_meta m = {0};
	if (load_meta(app, &m, err) < 0) {
		rb_wb_meta_free(&m);
		free(strategy);
		return -1;
	}
	int rc = fileset_add(fs, ".gitignore", false, strdup(GITIGNORE));
	if (!rc)
		rc = fileset_add(fs, RB_WORKBOOK_MD_PATH, false,
				 rb_workbook_md(&m, c, app->answers));
	if (!rc)
		rc = fileset_add(fs, "strategy.md", false, strategy);
	else
		free(strategy);
	rb_wb_meta_free(&m);
	for (size_t i = 0; i < c->nmodules && !rc; i++) {
		char *path = rb_answers_md_path(c, i);
		if (path && rb_app_kept(app, path)) {
			free(path);
			continue;
		}
		rc = fileset_add(fs, path, true,
				 rb_answers_md_module(c, i, app->answers, &app->answer_parts));
	}
	struct rb_parsed_answers old = {0};
	if (!rc && archived_answers(app, &old, err) != 0)
		rc = -2;
	if (!rc && old.n && !rb_app_kept(app, RB_ANSWERS_ARCHIVED_PATH))
		rc = fileset_add(fs, RB_ANSWERS_ARCHIVED_PATH, false, rb_answers_md_archived(&old));
	rb_parsed_answers_free(&old);
	char *review = NULL;
	if (!rc && rb_app_review_file(app, &review, err) != 0)
		rc = -2;
	if (!rc && review)
		rc = fileset_add(fs, RB_REVIEW_CONF, false, review);
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

const char *const rb_app_detached_message =
    "This workbook's folder is showing an older version (git's HEAD is detached, for example "
    "after 'git checkout'). roadbook keeps your answers but saves no versions until the folder "
    "is back on its branch: run 'git switch main' in the workbook folder.";

int rb_app_snapshot(struct rb_app *app, enum rb_snap_kind kind, const char *message, size_t module,
		    struct rb_snap_result *res, char **err)
{
	memset(res, 0, sizeof *res);
	*err = NULL;
	if (!app->repo) {
		*err = strdup(app->repo_problem ? app->repo_problem
			      : app->own_lock   ? "This workbook has no version history."
					      : "This workbook is open in another roadbook window; "
						"save versions there.");
		return -1;
	}
	if (rb_repo_detached(app->repo)) {
		*err = strdup(rb_app_detached_message);
		return -1;
	}
	/* a version without the profile could no longer be joined or rebuilt: never written */
	if (!app->name || !*app->name || !app->company || !*app->company) {
		*err = strdup("This workbook's database has lost your name or company, so roadbook "
			      "did not save a version (it could not be restored from one). Your "
			      "saved versions are safe: close roadbook, rename .roadbook/state.db "
			      "in the workbook folder, and open it again to rebuild it from the "
			      "last version.");
		return -1;
	}
	struct fileset fs = {0};
	if (build_files(app, &fs, err) < 0) {
		fileset_free(&fs);
		return -1;
	}
	bool *same = calloc(fs.n + 1, sizeof *same);
	char *herr = NULL;
	if (!same || rb_repo_same_as(app->repo, NULL, fs.v, fs.n, same, &herr) != RB_REPO_OK) {
		free(same);
		same = NULL; /* the commit compares for itself */
	}
	free(herr);
	char *msg = make_message(app, &fs, same, kind, message, module);
	char *email = NULL;
	rb_db_meta_get(app->wb->db, "email", &email, err);
	free(*err);
	*err = NULL;
	/* The author: user.name and user.email from the user's settings file when set
	 * (app/config.h), else the workbook's profile. */
	struct rb_config cfg;
	rb_config_load_user(&cfg);
	if (cfg.author_email) {
		free(email);
		email = cfg.author_email;
		cfg.author_email = NULL;
	}
	struct rb_commit_in in = {.files = fs.v,
				  .nfiles = fs.n,
				  .keep = (const char *const *)app->keep,
				  .nkeep = app->nkeep,
				  .prune = RB_ANSWERS_DIR,
				  .same = same,
				  .name = cfg.author_name ? cfg.author_name : app->name,
				  .email = email,
				  .message = msg ? msg : "Workbook updated",
				  .merge = app->merge_with};
	/* The answers files about to be written, by blob id, recorded first: a save killed
	 * after writing them and before recording the version leaves files that are roadbook's
	 * own, not edits made outside it (rb_app_import_edits). Added to what an earlier killed
	 * save recorded, since its files may still be on disk when this one is killed too (the
	 * crash harness: a file from the first save was read back as an edit). It guards against
	 * a killed program, so it does not wait for the disk; after a power cut without it, the
	 * answers files read back as edits hold the answers roadbook already has. */
	struct rb_buf pending = {0};
	char *before = NULL, *pe = NULL;
	if (rb_db_meta_get(app->wb->db, RB_META_PENDING, &before, &pe) == RB_DB_OK && before)
		rb_buf_puts(&pending, before);
	free(before);
	free(pe);
	size_t inherited = pending.len;
	for (size_t i = 0; i < fs.n; i++) {
		char hex[41];
		if ((same && same[i]) || strncmp(fs.v[i].path, RB_ANSWERS_DIR "/", 8) != 0)
			continue;
		rb_repo_file_hex(app->repo, &fs.v[i], hex);
		rb_buf_printf(&pending, "%s %s\n", fs.v[i].path, hex);
	}
	const char *pkey[] = {RB_META_PENDING}, *pval[] = {pending.data};
	if (pending.oom ||
	    (pending.len > inherited &&
	     rb_db_meta_set_unflushed(app->wb->db, pkey, pval, 1, err) != RB_DB_OK)) {
		rb_buf_free(&pending);
		fileset_free(&fs);
		free(email);
		rb_config_free(&cfg);
		free(same);
		free(msg);
		if (!*err)
			*err = strdup("roadbook ran out of memory.");
		return -1;
	}
	enum rb_repo_status st =
	    rb_repo_commit(app->repo, &in, res->id, &res->committed, &res->note, err);
	fileset_free(&fs);
	free(email);
	if (st == RB_REPO_OK && cfg.unreadable && cfg.error) /* the author could not be read */
		rb_app_note(&res->note, "%s", cfg.error);
	rb_config_free(&cfg);
	free(same);
	if (st != RB_REPO_OK) {
		rb_buf_free(&pending);
		free(msg);
		return -1;
	}
	res->summary = msg;
	if (res->summary)
		res->summary[strcspn(res->summary, "\n")] = '\0';
	app->snap_changes = app->changes;
	app->snap_ms = rb_app_now_ms();
	char *e2 = NULL, ms[32];
	snprintf(ms, sizeof ms, "%lld", (long long)app->snap_ms);
	/* The version is durable in git now. These records become durable with the next answer
	 * saved: a power cut before that leaves them out of date, and the answers files written
	 * for this version are then read back as edits holding the answers roadbook has. */
	const char *keys[] = {"synced_commit", "synced_ms", RB_META_PENDING};
	const char *vals[] = {res->id, ms, ""};
	if (rb_db_meta_set_unflushed(app->wb->db, keys, vals, pending.len ? 3 : 2, &e2) !=
	    RB_DB_OK) {
		rb_app_note(&res->note, "%s", e2 ? e2 : "");
		free(e2);
	}
	rb_buf_free(&pending);
	return 0;
}

void rb_snap_result_free(struct rb_snap_result *r)
{
	free(r->summary);
	free(r->note);
	memset(r, 0, sizeof *r);
}

bool rb_app_autosnapshot(struct rb_app *app, int64_t min_age_ms)
{
	if (!app->repo || !app->own_lock || app->changes == app->snap_changes)
		return false;
	if (min_age_ms > 0 && app->snap_ms && rb_app_now_ms() - app->snap_ms < min_age_ms)
		return false;
	if (min_age_ms > 0 && !app->snap_ms) {
		app->snap_ms =
		    rb_app_now_ms(); /* the first few minutes of a session count from its start */
		return false;
	}
	struct rb_snap_result res;
	char *e = NULL;
	free(app->snap_note);
	app->snap_note = NULL;
	if (rb_app_snapshot(app, RB_SNAP_AUTO, NULL, 0, &res, &e) != 0) {
		app->snap_note = e;
		app->snap_changes = app->changes; /* do not retry on every key */
		app->snap_ms = rb_app_now_ms();
		return false;
	}
	app->snap_note = res.note;
	res.note = NULL;
	bool made = res.committed;
	rb_snap_result_free(&res);
	return made;
}
