/* cohort.c - the facilitator's side of a cohort (see cohort.h and docs/cohorts.md). */
#include "app/cohort.h"

#include "content/answers_md.h"
#include "content/buf.h"
#include "app/workbook.h"
#include "app/sync.h"
#include "app/internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define NOMEM              "roadbook ran out of memory."
#define MIRROR_FACILITATOR "refs/remotes/origin/" RB_FACILITATOR_BRANCH
#define MIRROR_MAIN        "refs/remotes/origin/main"
#define MIRROR_REFUSED     "refs/roadbook/refused/main"
#define FACILITATOR_EMAIL  "facilitator@roadbook.invalid"

static const char *const fetch_specs[] = {"+refs/heads/*:refs/remotes/origin/*"};

/* ---- files of the cohort repository ---- */

struct files {
	struct rb_repo_file *v;
	char **owned;
	size_t n;
};

static int files_add(struct files *f, char *path, char *data, size_t len)
{
	struct rb_repo_file *v = realloc(f->v, (f->n + 1) * sizeof *v);
	char **o = v ? realloc(f->owned, (2 * f->n + 2) * sizeof *o) : NULL;
	if (v)
		f->v = v;
	if (!v || !o || !path || !data) {
		free(path);
		free(data);
		return -1;
	}
	f->owned = o;
	f->v[f->n] = (struct rb_repo_file){path, data, len};
	o[2 * f->n] = path;
	o[2 * f->n + 1] = data;
	f->n++;
	return 0;
}

static void files_free(struct files *f)
{
	for (size_t i = 0; i < 2 * f->n; i++)
		free(f->owned[i]);
	free(f->owned);
	free(f->v);
	memset(f, 0, sizeof *f);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lesson files (*.md) of folder dir as repository files under lessons/. */
static int add_lessons(struct files *f, const char *dir, char **err)
{
	DIR *d = opendir(dir);
	if (!d) {
		*err = rb_app_strf("roadbook cannot read the curriculum folder %s: %s.", dir,
				   strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len < 4 || strcmp(e->d_name + len - 3, ".md") != 0)
			continue;
		char **v = realloc(names, (n + 1) * sizeof *v);
		if (!v || !(v[n] = strdup(e->d_name))) {
			names = v ? v : names;
			rc = -1;
			break;
		}
		names = v;
		n++;
	}
	closedir(d);
	if (names)
		qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *path = rb_app_strf("%s/%s", dir, names[i]);
		size_t len = 0;
		char *data = path ? rb_read_file(path, &len) : NULL;
		if (!data) {
			*err = rb_app_strf("roadbook cannot read %s: %s.", path ? path : names[i],
					   strerror(errno));
			free(path);
			rc = -1;
			break;
		}
		free(path);
		rc = files_add(f, rb_app_strf(RB_COHORT_LESSONS "/%s", names[i]), data, len);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (rc && !*err)
		*err = strdup(NOMEM);
	return rc;
}

static void md_cell(struct rb_buf *b, const char *s)
{
	char *e = rb_md_escape_inline(s ? s : "");
	for (const char *p = e ? e : ""; *p; p++) {
		if (*p == '|')
			rb_buf_puts(b, "\\|");
		else if (*p == '\n')
			rb_buf_puts(b, " ");
		else
			rb_buf_append(b, p, 1);
	}
	free(e);
}

/* The schedule as markdown: what participants receive (no roster: privacy). */
static void schedule_md(struct rb_buf *b, const struct rb_cohort *c)
{
	rb_buf_puts(b, "## Schedule\n\n| Date | Session | Kind |\n| --- | --- | --- |\n");
	for (size_t i = 0; i < c->nsessions; i++) {
		const struct rb_session *s = &c->sessions[i];
		rb_buf_puts(b, "| ");
		md_cell(b, s->date);
		rb_buf_puts(b, " | ");
		md_cell(b, s->title ? s->title : s->modules);
		rb_buf_puts(b, " | ");
		md_cell(b, s->kind ? rb_module_kind_label(s->kind) : "session");
		rb_buf_puts(b, " |\n");
	}
}

static char *cohort_md(const struct rb_cohort *c)
{
	struct rb_buf b = {0};
	rb_buf_puts(&b, "# ");
	md_cell(&b, c->name);
	rb_buf_puts(&b, "\n\nYour cohort's curriculum and schedule, sent by your facilitator. "
			"roadbook uses the lessons in `" RB_COHORT_LESSONS "/`.\n\n");
	schedule_md(&b, c);
	return rb_buf_take(&b);
}

static char *readme_md(const struct rb_cohort *c)
{
	struct rb_buf b = {0};
	rb_buf_puts(&b, "# ");
	md_cell(&b, c->name);
	rb_buf_puts(&b, "\n\nA roadbook cohort. The settings (name, schedule, roster) are in "
			"[`" RB_COHORT_CONF "`](" RB_COHORT_CONF "); the curriculum is in "
			"[`" RB_COHORT_LESSONS "/`](" RB_COHORT_LESSONS "/). See `roadbook cohort "
			"--help`.\n\n");
	schedule_md(&b, c);
	rb_buf_printf(&b, "\n## Participants (%zu)\n\n", c->npeople);
	if (c->npeople)
		rb_buf_puts(&b,
			    "| Id | Name | Company | Repository |\n| --- | --- | --- | --- |\n");
	for (size_t i = 0; i < c->npeople; i++) {
		const struct rb_participant *p = &c->people[i];
		rb_buf_puts(&b, "| ");
		md_cell(&b, p->id);
		rb_buf_puts(&b, " | ");
		md_cell(&b, p->name);
		rb_buf_puts(&b, " | ");
		md_cell(&b, p->company);
		rb_buf_puts(&b, " | ");
		md_cell(&b, p->url);
		rb_buf_puts(&b, " |\n");
	}
	return rb_buf_take(&b);
}

/* Commits the cohort folder's settings, README and lessons. */
static int commit_cohort(const struct rb_cohort *c, const char *message, char **err)
{
	struct rb_repo *r = NULL;
	struct files f = {0};
	int rc = -1;
	size_t len;
	char *conf = rb_app_strf("%s/" RB_COHORT_CONF, c->dir);
	char *lessons = rb_app_strf("%s/" RB_COHORT_LESSONS, c->dir);
	char *data = conf ? rb_read_file(conf, &len) : NULL;
	char *readme = readme_md(c);
	if (!conf || !lessons || !data || !readme ||
	    files_add(&f, strdup(RB_COHORT_CONF), data, len) < 0 ||
	    files_add(&f, strdup("README.md"), readme, strlen(readme)) < 0 ||
	    files_add(&f, strdup(".gitignore"), strdup("/.roadbook/\n/participants/\n"),
		      strlen("/.roadbook/\n/participants/\n")) < 0) {
		if (!*err)
			*err = strdup(NOMEM);
		goto done;
	}
	if (add_lessons(&f, lessons, err) < 0)
		goto done;
	/* the benchmarks, once roadbook cohort publish has written them */
	char *bench_path = rb_app_strf("%s/" RB_COHORT_BENCHMARKS, c->dir);
	size_t bench_len = 0;
	char *bench = bench_path ? rb_read_file(bench_path, &bench_len) : NULL;
	int bench_errno = bench_path ? errno : ENOMEM;
	free(bench_path);
	if (!bench && bench_errno != ENOENT) {
		*err = rb_app_strf("roadbook cannot read %s/" RB_COHORT_BENCHMARKS ": %s.", c->dir,
				   strerror(bench_errno));
		goto done;
	}
	if (bench && files_add(&f, strdup(RB_COHORT_BENCHMARKS), bench, bench_len) < 0) {
		*err = strdup(NOMEM);
		goto done;
	}
	if (rb_repo_open(c->dir, &r, err) != RB_REPO_OK) {
		if (!*err)
			*err = rb_app_strf("%s has no cohort repository (git).", c->dir);
		goto done;
	}
	char id[41];
	bool committed;
	char *note = NULL;
	struct rb_commit_in in = {.files = f.v,
				  .nfiles = f.n,
				  .prune = RB_COHORT_LESSONS,
				  .name = c->name,
				  .email = FACILITATOR_EMAIL,
				  .message = message};
	if (rb_repo_commit(r, &in, id, &committed, &note, err) == RB_REPO_OK)
		rc = 0;
	free(note);
done:
	rb_repo_free(r);
	files_free(&f);
	free(conf);
	free(lessons);
	return rc;
}

int rb_cohort_commit(const struct rb_cohort *c, const char *message, char **err)
{
	*err = NULL;
	return commit_cohort(c, message, err);
}

/* ---- creating a cohort ---- */

static char *next_monday(void)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	int days = (8 - tm.tm_wday) % 7;
	return rb_app_today(days ? days : 7);
}

static char *add_days(const char *date, int days)
{
	struct tm tm = {0};
	if (!strptime(date, "%Y-%m-%d", &tm))
		return NULL;
	tm.tm_mday += days;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	mktime(&tm);
	char buf[16];
	strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
	return strdup(buf);
}

static bool valid_date(const char *s)
{
	struct tm tm = {0};
	const char *end = strptime(s, "%Y-%m-%d", &tm);
	return end && !*end && strlen(s) == 10;
}

int rb_cohort_create(const char *dir, const char *name, const char *start, const char *lessons,
		     char **err)
{
	*err = NULL;
	if (!rb_dir_empty(dir)) {
		*err =
		    rb_app_strf("%s already exists and is not empty. Choose a new folder for the "
				"cohort.",
				dir);
		return -1;
	}
	if (start && !valid_date(start)) {
		*err =
		    rb_app_strf("'%s' is not a date: write the first session's date as YYYY-MM-DD, "
				"for example 2027-01-11.",
				start);
		return -1;
	}
	char *ldir = lessons ? strdup(lessons) : rb_find_bundled_lessons();
	struct rb_curriculum *cur = NULL;
	struct rb_diags d = {0};
	struct rb_repo *r = NULL;
	struct rb_cohort *c = NULL;
	char *first = start ? strdup(start) : next_monday(), *created = rb_app_today(0);
	char *target = rb_app_strf("%s/" RB_COHORT_LESSONS, dir);
	int rc = -1;
	if (!ldir || !first || !created || !target) {
		*err =
		    strdup(ldir ? NOMEM
				: "roadbook cannot find its bundled lessons. Reinstall roadbook, "
				  "or set ROADBOOK_LESSONS to the lessons folder.");
		goto done;
	}
	if (rb_curriculum_load(ldir, &cur, &d) < 0 || d.n) {
		*err =
		    rb_app_strf("The curriculum in %s has problems; run 'roadbook lint %s' to see "
				"them. No cohort was created.",
				ldir, ldir);
		goto done;
	}
	if (rb_repo_create(dir, &r, err) != RB_REPO_OK)
		goto done;
	if (mkdir(target, 0755) != 0 && errno != EEXIST) {
		*err = rb_app_strf("roadbook could not create %s: %s.", target, strerror(errno));
		goto done;
	}
	struct files f = {0};
	if (add_lessons(&f, ldir, err) < 0) {
		files_free(&f);
		goto done;
	}
	for (size_t i = 0; i < f.n; i++) {
		char *p = rb_app_strf("%s/%s", dir, f.v[i].path);
		FILE *out = p ? fopen(p, "wb") : NULL;
		bool ok = out && fwrite(f.v[i].data, 1, f.v[i].len, out) == f.v[i].len;
		if (out && fclose(out) != 0)
			ok = false;
		if (!ok) {
			*err = rb_app_strf("roadbook could not write %s: %s.", p ? p : dir,
					   strerror(errno));
			free(p);
			files_free(&f);
			goto done;
		}
		free(p);
	}
	files_free(&f);
	if (rb_cohort_set(dir, "cohort", NULL, "name", name, err) < 0 ||
	    rb_cohort_set(dir, "cohort", NULL, "created", created, err) < 0)
		goto done;
	for (size_t m = 0; m < cur->nmodules; m++) {
		const struct rb_module *mod = &cur->modules[m];
		char sid[32];
		snprintf(sid, sizeof sid, "%02zu", m + 1);
		char *date = add_days(first, 7 * (mod->week > 0 ? mod->week - 1 : (int)m));
		int bad = !date || rb_cohort_set(dir, "session", sid, "date", date, err) < 0 ||
			  rb_cohort_set(dir, "session", sid, "kind",
					mod->kind ? mod->kind : "workshop", err) < 0 ||
			  rb_cohort_set(dir, "session", sid, "title",
					mod->title ? mod->title : mod->id, err) < 0 ||
			  rb_cohort_set(dir, "session", sid, "modules", mod->id, err) < 0;
		free(date);
		if (bad) {
			if (!*err)
				*err = strdup(NOMEM);
			goto done;
		}
	}
	if (rb_cohort_load(dir, &c, err) != 0)
		goto done;
	struct rb_buf msg = {0};
	rb_buf_printf(&msg, "Cohort started: %s", name);
	rc = commit_cohort(c, msg.data ? msg.data : "Cohort started", err);
	rb_buf_free(&msg);
done:
	rb_cohort_free(c);
	rb_repo_free(r);
	rb_curriculum_free(cur);
	rb_diags_free(&d);
	free(ldir);
	free(first);
	free(created);
	free(target);
	return rc;
}

/* ---- an open cohort ---- */

int rb_cohort_open(const char *dir, struct rb_cohort_ctx *x, char **err)
{
	memset(x, 0, sizeof *x);
	*err = NULL;
	int rc = rb_cohort_load(dir, &x->c, err);
	if (rc == 1) {
		*err = rb_app_strf(
		    "%s is not a cohort folder (it has no " RB_COHORT_CONF "). Create one "
		    "with 'roadbook cohort init DIR --name NAME', or give the cohort with "
		    "-C DIR.",
		    dir);
		return 1;
	}
	if (rc != 0)
		return -1;
	char *lessons = rb_app_strf("%s/" RB_COHORT_LESSONS, dir);
	char *state = rb_app_strf("%s/.roadbook", dir);
	char *dbpath = rb_app_strf("%s/.roadbook/cohort.db", dir);
	struct rb_diags d = {0};
	rc = -1;
	if (!lessons || !state || !dbpath) {
		*err = strdup(NOMEM);
	} else if (rb_curriculum_load(lessons, &x->cur, &d) < 0 || d.n) {
		*err = rb_app_strf("The cohort's curriculum has problems (first: %s:%d: %s). Run "
				   "'roadbook lint %s' and correct them.",
				   d.n ? d.v[0].file : lessons, d.n ? d.v[0].line : 0,
				   d.n ? d.v[0].message : "out of memory", lessons);
	} else if ((mkdir(state, 0700) != 0 && errno != EEXIST) ||
		   rb_db_open(dbpath, true, &x->db, err) != RB_DB_OK) {
		if (!*err)
			*err = rb_app_strf("roadbook could not create %s: %s.", state,
					   strerror(errno));
	} else {
		rc = rb_cohort_status_init(x);
		if (rc)
			*err = strdup(NOMEM);
	}
	rb_diags_free(&d);
	free(lessons);
	free(state);
	free(dbpath);
	if (rc)
		rb_cohort_close(x);
	return rc;
}

void rb_cohort_close(struct rb_cohort_ctx *x)
{
	rb_cohort_status_done(x);
	rb_db_close(x->db);
	rb_curriculum_free(x->cur);
	rb_cohort_free(x->c);
	memset(x, 0, sizeof *x);
}

/* ---- fetching and delivering ---- */

static void record(struct rb_cohort_ctx *x, const char *id, bool ok, const char *why)
{
	char key[80], *old = NULL, *e = NULL;
	snprintf(key, sizeof key, "fetch/%s", id);
	long long fetched = 0, now = (long long)rb_app_now_ms();
	if (rb_db_meta_get(x->db, key, &old, &e) == RB_DB_OK && old) {
		long long tried;
		if (sscanf(old, "%lld %lld", &tried, &fetched) != 2)
			fetched = 0;
	}
	free(old);
	char *v = rb_app_strf("%lld %lld %s", now, ok ? now : fetched,
			      ok    ? ""
			      : why ? why
				    : "failed");
	if (v)
		rb_db_meta_set(x->db, key, v, &e);
	free(v);
	free(e);
}

/* Sends the curriculum and schedule to the participant's facilitator branch when changed. */
static enum rb_net deliver(struct rb_cohort_ctx *x, const char *pid, struct rb_repo *m,
			   const char *url, const struct rb_net_cb *cb, bool *delivered, char **err)
{
	struct files f = {0};
	char *feedback = NULL;
	char *lessons = rb_app_strf("%s/" RB_COHORT_LESSONS, x->c->dir);
	char *md = cohort_md(x->c);
	enum rb_net st = RB_NET_ERR;
	if (!lessons || !md || files_add(&f, strdup("cohort.md"), md, strlen(md)) < 0) {
		*err = strdup(NOMEM);
		goto done;
	}
	md = NULL;
	if (add_lessons(&f, lessons, err) < 0 ||
	    rb_review_feedback_file(x, pid, &feedback, err) < 0)
		goto done;
	/* the published benchmarks (roadbook cohort publish), for every participant alike */
	char *bpath = rb_app_strf("%s/" RB_COHORT_BENCHMARKS, x->c->dir);
	size_t blen = 0;
	char *bench = bpath ? rb_read_file(bpath, &blen) : NULL;
	free(bpath);
	if (bench && files_add(&f, strdup(RB_COHORT_BENCHMARKS), bench, blen) < 0) {
		*err = strdup(NOMEM);
		goto done;
	}
	if (feedback) {
		size_t flen = strlen(feedback);
		if (files_add(&f, strdup(RB_FEEDBACK_CONF), feedback, flen) < 0) {
			feedback = NULL;
			*err = strdup(NOMEM);
			goto done;
		}
		feedback = NULL;
	}
	for (int round = 0; round < 2; round++) {
		char parent[41], id[41];
		bool has = rb_repo_ref(m, MIRROR_FACILITATOR, parent, err) == RB_REPO_OK;
		bool committed;
		free(*err);
		*err = NULL;
		if (rb_repo_commit_ref(m, "refs/heads/" RB_FACILITATOR_BRANCH, has ? parent : NULL,
				       f.v, f.n, x->c->name, FACILITATOR_EMAIL,
				       "Curriculum, schedule and feedback from the facilitator", id,
				       &committed, err) != RB_REPO_OK)
			goto done;
		if (!committed) {
			st = RB_NET_OK;
			break;
		}
		st = rb_net_push(m, url,
				 "refs/heads/" RB_FACILITATOR_BRANCH
				 ":refs/heads/" RB_FACILITATOR_BRANCH,
				 cb, err);
		if (st == RB_NET_OK) {
			*delivered = true;
			rb_repo_move_ref(m, MIRROR_FACILITATOR, has ? parent : NULL, id,
					 "delivered", err);
			free(*err);
			*err = NULL;
			break;
		}
		if (st != RB_NET_REJECTED)
			break;
		free(*err);
		*err = NULL;
		if ((st = rb_net_fetch(m, url, fetch_specs, 1, cb, err)) != RB_NET_OK)
			break;
	}
done:
	free(md);
	free(lessons);
	files_free(&f);
	return st;
}

/* true when version id descends from version anc (or is it). */
static bool descends(struct rb_repo *m, const char *id, const char *anc)
{
	char base[41], *e = NULL;
	bool yes = rb_repo_merge_base(m, id, anc, base, &e) == RB_REPO_OK && !strcmp(base, anc);
	free(e);
	return yes;
}

/* The facilitator's trust: a participant's history is taken only when it continues their
 * workbook: it descends from the first version cohort add made (p->root, when recorded) and
 * from the version fetched before. Anything else (another participant's workbook pushed over
 * theirs, unrelated history, a rewritten one) is kept aside in the mirror as
 * refs/roadbook/refused/main, the version fetched before stays the one every view counts,
 * and RB_NET_FOREIGN says why (cohort status and the dashboard show it). */
static enum rb_net check_history(const struct rb_participant *p, struct rb_repo *m,
				 const char *before, char **err)
{
	char now[41], *e = NULL;
	enum rb_repo_status rs = rb_repo_ref(m, MIRROR_MAIN, now, &e);
	free(e);
	if (rs != RB_REPO_OK || (before && !strcmp(now, before)))
		return RB_NET_OK; /* nothing there yet, or nothing new */
	bool ok = (!before || descends(m, now, before)) && (!p->root || descends(m, now, p->root));
	char refused[41];
	e = NULL;
	bool had = rb_repo_ref(m, MIRROR_REFUSED, refused, &e) == RB_REPO_OK;
	free(e);
	if (ok) { /* their own history again: what was kept aside is no longer news */
		e = NULL;
		if (had)
			rb_repo_drop_ref(m, MIRROR_REFUSED, refused, &e);
		free(e);
		return RB_NET_OK;
	}
	e = NULL;
	if (had && strcmp(refused, now) != 0)
		rb_repo_drop_ref(m, MIRROR_REFUSED, refused, &e);
	free(e);
	e = NULL;
	if (!had || strcmp(refused, now) != 0)
		rb_repo_move_ref(m, MIRROR_REFUSED, NULL, now, "roadbook: kept aside", &e);
	free(e);
	e = NULL;
	rs = before ? rb_repo_move_ref(m, MIRROR_MAIN, now, before, "roadbook: refused", &e)
		    : rb_repo_drop_ref(m, MIRROR_MAIN, now, &e);
	free(e);
	free(*err);
	*err = rb_app_strf(
	    "%s's repository now holds a history that does not continue their workbook "
	    "(another workbook pushed over it, or one rewritten). It was kept aside and "
	    "not counted%s. Ask %s, and whoever can write to that repository, what "
	    "happened; when their own history is back there, the next cohort sync takes "
	    "it.",
	    p->id,
	    before ? "; their last good version stays the one in status, review and "
		     "the report"
		   : "",
	    p->name ? p->name : p->id);
	return RB_NET_FOREIGN;
}

enum rb_net rb_cohort_fetch(struct rb_cohort_ctx *x, const struct rb_participant *p,
			    const struct rb_net_cb *cb, bool *delivered, char **err)
{
	*delivered = false;
	*err = NULL;
	char *path = rb_app_strf("%s/.roadbook/mirror/%s.git", x->c->dir, p->id);
	char *url = rb_cohort_url(x->c, p);
	struct rb_repo *m = NULL;
	enum rb_net st = RB_NET_ERR;
	if (!path || !url) {
		*err = strdup(NOMEM);
	} else if (rb_repo_open_bare(path, true, &m, err) == RB_REPO_OK) {
		char before[41];
		char *e = NULL;
		bool had = rb_repo_ref(m, MIRROR_MAIN, before, &e) == RB_REPO_OK;
		free(e);
		if ((st = rb_net_fetch(m, url, fetch_specs, 1, cb, err)) == RB_NET_OK &&
		    (st = check_history(p, m, had ? before : NULL, err)) == RB_NET_OK)
			st = deliver(x, p->id, m, url, cb, delivered, err);
	}
	record(x, p->id, st == RB_NET_OK, *err);
	rb_repo_free(m);
	free(path);
	free(url);
	return st;
}
