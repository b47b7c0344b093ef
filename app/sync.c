/* sync.c - a participant's sync with the cohort: save a version, fetch, take in a new
 * curriculum, combine with versions made on another laptop answer by answer, push. Answers
 * changed on both sides are kept twice (the conflicts table) until the participant chooses.
 * See docs/cohorts.md. No drawing here. */
#include "app/workbook.h"
#include "app/versions.h"
#include "app/sync.h"
#include "app/review.h"
#include "app/internal.h"

#include "content/answers_md.h"
#include "content/buf.h"
#include "content/workbook_md.h"
#include "store/history.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ORIGIN             "origin"
#define REMOTE_MAIN        "refs/remotes/origin/main"
#define REMOTE_FACILITATOR "refs/remotes/origin/" RB_FACILITATOR_BRANCH
#define MAX_LESSON_FILES   400
#define MAX_LESSON_BYTES   (4u << 20)

static const char *const fetch_specs[] = {"+refs/heads/*:refs/remotes/origin/*"};

/* ---- the cohort's curriculum, from the facilitator's branch ---- */

/* A lesson file name from the cohort: plain, no folders, no hidden files. */
static bool lesson_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n < 4 || n > 120 || name[0] == '.' || strcmp(name + n - 3, ".md") != 0)
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			return false;
	return true;
}

static char *path2(const char *a, const char *b)
{
	struct rb_buf buf = {0};
	rb_buf_printf(&buf, "%s/%s", a, b);
	return rb_buf_take(&buf);
}

static int write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	bool ok = fwrite(data, 1, len, f) == len;
	ok = fflush(f) == 0 && fsync(fileno(f)) == 0 && ok;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* Writes version id's lessons/ into folder out; -1 with a note on failure. */
static int extract(struct rb_repo *r, const char *id, const char *out, char **notes)
{
	char **names = NULL;
	size_t n = 0, total = 0;
	char *e = NULL;
	int rc = 0;
	if (mkdir(out, 0700) != 0 ||
	    rb_repo_list(r, id, RB_COHORT_LESSONS, &names, &n, &e) != RB_REPO_OK) {
		rb_app_note(notes, "roadbook could not unpack the cohort's curriculum: %s",
			    e ? e : strerror(errno));
		free(e);
		return -1;
	}
	if (n > MAX_LESSON_FILES) {
		rb_app_note(notes,
			    "The cohort's curriculum has too many files (%zu); roadbook "
			    "keeps the one you have. Tell your facilitator.",
			    n);
		rc = -1;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!lesson_name_ok(names[i]))
			continue; /* pictures, notes, anything that is not a lesson */
		char src[512], *data = NULL;
		size_t len;
		snprintf(src, sizeof src, RB_COHORT_LESSONS "/%s", names[i]);
		char *dst = path2(out, names[i]);
		if (rb_repo_read(r, id, src, &data, &len, &e) != RB_REPO_OK || !dst ||
		    (total += len) > MAX_LESSON_BYTES || write_file(dst, data, len) != 0) {
			rb_app_note(notes,
				    "roadbook could not unpack the cohort's curriculum (%s): %s",
				    names[i],
				    e                          ? e
				    : total > MAX_LESSON_BYTES ? "too large"
							       : strerror(errno));
			rc = -1;
		}
		free(e);
		e = NULL;
		free(data);
		free(dst);
	}
	rb_strv_free(names, n);
	return rc;
}

int rb_sync_take_curriculum(struct rb_repo *r, const char *state_dir, bool *changed, char **notes)
{
	*changed = false;
	char id[41], *e = NULL;
	enum rb_repo_status st = rb_repo_ref(r, REMOTE_FACILITATOR, id, &e);
	if (st != RB_REPO_OK) {
		free(e);
		return 0; /* the cohort has not sent anything yet */
	}
	/* the curriculum is new when its files are: the facilitator branch also moves for
	 * feedback and the schedule */
	char **names = NULL, (*ids)[41] = NULL, key[48];
	size_t nn = 0;
	if (rb_repo_list_ids(r, id, RB_COHORT_LESSONS, &names, &ids, &nn, &e) != RB_REPO_OK) {
		free(e);
		return 0;
	}
	uint64_t h = 14695981039346656037ull;
	for (size_t i = 0; i < nn; i++) {
		for (const char *p = names[i]; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ull;
		for (const char *p = ids[i]; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ull;
	}
	rb_strv_free(names, nn);
	free(ids);
	snprintf(key, sizeof key, "lessons-%016llx", (unsigned long long)h);
	char *cur = path2(state_dir, RB_COHORT_CURRICULUM);
	char *stamp = path2(state_dir, RB_COHORT_CURRICULUM "/.version");
	char *fresh = path2(state_dir, RB_COHORT_CURRICULUM ".new");
	char *old = path2(state_dir, RB_COHORT_CURRICULUM ".old");
	int rc = -1;
	size_t len;
	char *have = stamp ? rb_read_file(stamp, &len) : NULL;
	if (!cur || !stamp || !fresh || !old)
		goto done;
	rc = 0;
	if (have && strncmp(have, key, strlen(key)) == 0)
		goto done;
	mkdir(state_dir, 0700);
	rb_rm_tree(fresh);
	if (extract(r, id, fresh, notes) != 0) {
		rb_rm_tree(fresh);
		goto done;
	}
	struct rb_curriculum *c = NULL;
	struct rb_diags d = {0};
	if (rb_curriculum_load(fresh, &c, &d) < 0 || d.n) {
		if (d.n) {
			const char *f = strrchr(d.v[0].file, '/');
			rb_app_note(
			    notes,
			    "The cohort sent a new curriculum with %zu problem%s, so roadbook "
			    "keeps the one you have. Tell your facilitator (the first problem: "
			    "%s line %d: %s).",
			    d.n, d.n == 1 ? "" : "s", f ? f + 1 : d.v[0].file, d.v[0].line,
			    d.v[0].message);
		} else {
			rb_app_note(notes,
				    "The cohort sent a new curriculum that roadbook could not "
				    "read (out of memory); it keeps the one you have.");
		}
		rb_curriculum_free(c);
		rb_diags_free(&d);
		rb_rm_tree(fresh);
		goto done;
	}
	rb_curriculum_free(c);
	rb_diags_free(&d);
	char *fstamp = path2(fresh, ".version");
	char line[64];
	snprintf(line, sizeof line, "%s\n", key);
	bool ok = fstamp && write_file(fstamp, line, strlen(line)) == 0;
	free(fstamp);
	rb_rm_tree(old);
	struct stat sb;
	bool had = stat(cur, &sb) == 0;
	if (!ok || (had && rename(cur, old) != 0) || rename(fresh, cur) != 0) {
		rb_app_note(notes,
			    "roadbook could not put the cohort's new curriculum in place: %s",
			    strerror(errno));
		if (had && stat(cur, &sb) != 0)
			rename(old, cur);
		rb_rm_tree(fresh);
		goto done;
	}
	rb_rm_tree(old);
	*changed = true;
done:
	free(have);
	free(cur);
	free(stamp);
	free(fresh);
	free(old);
	return rc;
}

/* ---- combining with another laptop's version ---- */

static const char *value_of(const struct rb_parsed_answers *p, const char *id)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].id, id) == 0)
			return *p->v[i].value ? p->v[i].value : NULL;
	return NULL;
}

static bool has_id(const struct rb_parsed_answers *p, const char *id)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].id, id) == 0)
			return true;
	return false;
}

static bool same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static int read_answers(struct rb_app *app, const char *id, struct rb_parsed_answers *out,
			char **err)
{
	struct rb_diags d = {0};
	if (!id)
		return 0;
	if (rb_history_answers(app->repo, app->cur, id, out, &d, err) < 0) {
		rb_diags_free(&d);
		return -1;
	}
	if (d.n) {
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "The version %.7s from the cohort cannot be read (%s:%d: %s), so "
			      "roadbook did not combine it with your work. Nothing was changed; "
			      "tell your facilitator.",
			      id, d.v[0].file, d.v[0].line, d.v[0].message);
		*err = rb_buf_take(&b);
		rb_diags_free(&d);
		return -1;
	}
	return 0;
}

/* Takes the other laptop's answers where only it changed them, and keeps both where both
 * did. Counts into res. */
static int combine(struct rb_app *app, const char *base, const char *ours, const char *theirs,
		   struct rb_sync_result *res, char **err)
{
	struct rb_parsed_answers pb = {0}, po = {0}, pt = {0};
	int rc = -1;
	if (read_answers(app, base, &pb, err) < 0 || read_answers(app, ours, &po, err) < 0 ||
	    read_answers(app, theirs, &pt, err) < 0)
		goto done;
	for (size_t i = 0; i < pt.n + po.n; i++) {
		const char *id = i < pt.n ? pt.v[i].id : po.v[i - pt.n].id;
		if (i >= pt.n && has_id(&pt, id))
			continue; /* seen already */
		const char *b = value_of(&pb, id), *o = value_of(&po, id), *t = value_of(&pt, id);
		if (same(o, t) || same(t, b))
			continue;
		long k = rb_app_exercise_index(app, id);
		if (same(o, b)) {
			char *e = NULL;
			int r;
			if (k >= 0) {
				app->importing = true;
				r = rb_app_set_answer(app, (size_t)k, t ? t : "", &e);
				app->importing = false;
			} else {
				r = rb_db_answer_set(app->wb->db, id, t ? t : "", &e) == RB_DB_OK
					? 0
					: 1;
			}
			if (r != 0) {
				*err =
				    e ? e : strdup("an answer from the other laptop was refused");
				goto done;
			}
			res->taken++;
			continue;
		}
		struct rb_conflict c = {.id = (char *)id,
					.ours = (char *)o,
					.theirs = (char *)t,
					.base = (char *)b,
					.version = (char *)theirs,
					.at_ms = rb_app_now_ms()};
		if (rb_db_conflict_put(app->wb->db, &c, err) != RB_DB_OK)
			goto done;
		res->conflicts++;
	}
	rc = 0;
done:
	rb_parsed_answers_free(&pb);
	rb_parsed_answers_free(&po);
	rb_parsed_answers_free(&pt);
	return rc;
}

/* Checks that the cohort's copy holds this participant's workbook. */
static int check_theirs(struct rb_app *app, const char *url, const char *theirs, bool related,
			char **err)
{
	char *data = NULL, *e = NULL;
	size_t len;
	struct rb_wb_meta m = {0};
	struct rb_diags d = {0};
	bool ok =
	    rb_repo_read(app->repo, theirs, RB_WORKBOOK_MD_PATH, &data, &len, &e) == RB_REPO_OK &&
	    rb_workbook_md_parse(RB_WORKBOOK_MD_PATH, data, len, &m, &d) == 0 && !d.n && m.name;
	struct rb_buf b = {0};
	if (!ok)
		rb_buf_printf(&b,
			      "The cohort's copy at %s is not a roadbook workbook, so roadbook did "
			      "not combine it with yours and sent nothing. Nothing was changed "
			      "here; check the address with your facilitator.",
			      url);
	else if (!related)
		rb_buf_printf(
		    &b,
		    "The cohort's copy at %s holds a different workbook (%s), not the one "
		    "in this folder. Nothing was changed; check the address with your "
		    "facilitator.",
		    url, m.name);
	free(data);
	free(e);
	rb_wb_meta_free(&m);
	rb_diags_free(&d);
	if (!b.len) {
		rb_buf_free(&b);
		return 0;
	}
	*err = rb_buf_take(&b);
	return -1;
}

/* Checks, before anything fetched is used, that the cohort's main branch is this workbook. */
static enum rb_net verify(struct rb_app *app, const char *url, char **err)
{
	char ours[41], theirs[41], base[41];
	if (rb_repo_head(app->repo, ours, err) != RB_REPO_OK)
		return RB_NET_ERR;
	enum rb_repo_status st = rb_repo_ref(app->repo, REMOTE_MAIN, theirs, err);
	if (st == RB_REPO_NONE || (st == RB_REPO_OK && strcmp(ours, theirs) == 0))
		return RB_NET_OK;
	if (st != RB_REPO_OK)
		return RB_NET_ERR;
	st = rb_repo_merge_base(app->repo, ours, theirs, base, err);
	if (st == RB_REPO_ERR)
		return RB_NET_ERR;
	return check_theirs(app, url, theirs, st == RB_REPO_OK, err) ? RB_NET_FOREIGN : RB_NET_OK;
}

/* Brings the workbook up to date with the cohort's main branch (verified already). */
static enum rb_net integrate(struct rb_app *app, struct rb_sync_result *res, char **err)
{
	char ours[41], theirs[41], base[41];
	if (rb_repo_head(app->repo, ours, err) != RB_REPO_OK)
		return RB_NET_ERR;
	enum rb_repo_status st = rb_repo_ref(app->repo, REMOTE_MAIN, theirs, err);
	if (st == RB_REPO_NONE)
		return RB_NET_OK; /* an empty repository: ours goes there */
	if (st != RB_REPO_OK)
		return RB_NET_ERR;
	if (strcmp(ours, theirs) == 0)
		return RB_NET_OK;
	if (rb_repo_merge_base(app->repo, ours, theirs, base, err) != RB_REPO_OK)
		return RB_NET_ERR;
	if (strcmp(base, theirs) == 0)
		return RB_NET_OK; /* the cohort has nothing we do not have */
	if (combine(app, base, ours, theirs, res, err) != 0)
		return RB_NET_ERR;
	char *re = NULL; /* unreadable review notes from the other laptop never stop a sync */
	if (rb_review_take(app->repo, theirs, app->wb->db, app->wb->state_dir, NULL, &re) != 0)
		rb_app_note(&res->notes, "%s: %s", RB_REVIEW_CONF, re ? re : "not read");
	free(re);
	struct rb_snap_result snap;
	if (strcmp(base, ours) == 0) {
		/* nothing new here: move on to the cohort's version */
		if (rb_repo_move_ref(app->repo, "refs/heads/main", ours, theirs,
				     "roadbook sync: fast-forward", err) != RB_REPO_OK)
			return RB_NET_ERR;
		if (rb_app_snapshot(app, RB_SNAP_SYNC, NULL, 0, &snap, err) != 0)
			return RB_NET_ERR;
	} else {
		struct rb_buf msg = {0};
		rb_buf_printf(&msg,
			      "Combined with the version from another laptop: %zu answer%s taken",
			      res->taken, res->taken == 1 ? "" : "s");
		if (res->conflicts)
			rb_buf_printf(&msg, ", %zu changed on both (both kept, to choose)",
				      res->conflicts);
		app->merge_with = theirs;
		int rc = rb_app_snapshot(app, RB_SNAP_SYNC, msg.data, 0, &snap, err);
		app->merge_with = NULL;
		rb_buf_free(&msg);
		if (rc != 0)
			return RB_NET_ERR;
	}
	if (snap.note)
		rb_app_note(&res->notes, "%s", snap.note);
	rb_snap_result_free(&snap);
	return RB_NET_OK;
}

void rb_sync_result_free(struct rb_sync_result *r)
{
	free(r->notes);
	memset(r, 0, sizeof *r);
}

/* How many exercises version id answers (its answers files read as a join would); -1 when
 * they cannot be read. */
static long answered_in(struct rb_app *app, const char *id)
{
	struct rb_parsed_answers pa = {0};
	struct rb_diags d = {0};
	char *e = NULL;
	long n = -1;
	if (rb_history_answers(app->repo, app->cur, id, &pa, &d, &e) == 0) {
		n = 0;
		for (size_t i = 0; i < pa.n; i++)
			if (pa.v[i].value && *pa.v[i].value)
				n++;
	}
	rb_parsed_answers_free(&pa);
	rb_diags_free(&d);
	free(e);
	return n;
}

/* The guard at the door: a version that has lost most of the answers the cohort's copy holds
 * (all of them, or more than half of at least five) is not sent unless the participant said
 * so (app->send_removals): a damaged or half-restored workbook must never replace their work
 * on the cohort's copy. RB_NET_OK to send; otherwise the numbers are in res. */
static enum rb_net guard_removals(struct rb_app *app, struct rb_sync_result *res, char **err)
{
	char theirs_id[41], *e = NULL;
	if (app->send_removals ||
	    rb_repo_ref(app->repo, "refs/remotes/" ORIGIN "/main", theirs_id, &e) != RB_REPO_OK) {
		free(e);
		return RB_NET_OK; /* nothing there yet: nothing to lose */
	}
	long theirs = answered_in(app, theirs_id), ours = answered_in(app, NULL);
	if (theirs < 5 || ours < 0 || (ours > 0 && ours * 2 >= theirs))
		return RB_NET_OK;
	res->held = true;
	res->held_ours = (size_t)ours;
	res->held_theirs = (size_t)theirs;
	free(*err);
	if (asprintf(err,
		     "Your work was not sent: this laptop's version has %ld answer%s, but the "
		     "cohort's copy has %ld. If you removed them on purpose, send it with "
		     "'roadbook sync --send-removals' (or press F5 again in roadbook); if not, "
		     "your answers are still in the cohort's copy and in your saved versions "
		     "('roadbook log').",
		     ours, ours == 1 ? "" : "s", theirs) < 0)
		*err = NULL;
	return RB_NET_ERR;
}

enum rb_net rb_app_sync(struct rb_app *app, const struct rb_net_cb *cb, struct rb_sync_result *res,
			char **err)
{
	memset(res, 0, sizeof *res);
	*err = NULL;
	if (!app->repo || !app->own_lock) {
		*err = strdup(app->own_lock && app->repo_problem ? app->repo_problem
			      : app->own_lock ? "This workbook has no version history to sync."
					      : "This workbook is open in a roadbook window: sync "
						"there (press F5), or close the window first.");
		return RB_NET_ERR;
	}
	char *url = rb_repo_remote_url(app->repo, ORIGIN);
	if (!url) {
		*err = strdup("This workbook is not part of a cohort yet, so there is nothing to "
			      "sync with. Your facilitator gives you an address to use with "
			      "'roadbook join'.");
		return RB_NET_NOTSET;
	}
	struct rb_snap_result snap;
	if (app->changes != app->snap_changes || !app->snap_ms) {
		if (rb_app_snapshot(app, RB_SNAP_SYNC, NULL, 0, &snap, err) != 0) {
			free(url);
			return RB_NET_ERR;
		}
		rb_snap_result_free(&snap);
	}
	enum rb_net st = RB_NET_ERR;
	for (int round = 0; round < 3; round++) {
		free(*err);
		*err = NULL;
		st = rb_net_fetch(app->repo, url, fetch_specs, 1, cb, err);
		if (st != RB_NET_OK || (st = verify(app, url, err)) != RB_NET_OK)
			break;
		bool changed = false;
		if (rb_sync_take_curriculum(app->repo, app->wb->state_dir, &changed, &res->notes) <
		    0) {
			st = RB_NET_ERR;
			*err = strdup("roadbook ran out of memory.");
			break;
		}
		if (changed) {
			size_t before = app->cur->nmodules;
			if (rb_app_reload_curriculum(app, err) != 0) {
				st = RB_NET_ERR;
				break;
			}
			res->curriculum = true;
			res->new_modules =
			    app->cur->nmodules > before ? app->cur->nmodules - before : 0;
		}
		if ((st = integrate(app, res, err)) != RB_NET_OK)
			break;
		if (changed) {
			/* answers files for the new modules, archived.md for removed exercises */
			char *msg = NULL;
			if (asprintf(&msg, "Curriculum updated by the cohort: %zu modules",
				     app->cur->nmodules) < 0)
				msg = NULL;
			int rc = rb_app_snapshot(app, RB_SNAP_SYNC, msg, 0, &snap, err);
			free(msg);
			if (rc != 0) {
				st = RB_NET_ERR;
				break;
			}
			rb_snap_result_free(&snap);
		}
		if ((st = guard_removals(app, res, err)) != RB_NET_OK)
			break;
		st = rb_net_push(app->repo, url, "refs/heads/main:refs/heads/main", cb, err);
		if (st != RB_NET_REJECTED)
			break; /* rejected: the cohort moved meanwhile; fetch and combine again */
	}
	char *fe = NULL;
	if (rb_app_feedback_load(app, &fe) != 0 && fe)
		rb_app_note(&res->notes, "%s", fe);
	free(fe);
	res->new_feedback = rb_app_feedback_new(app, -1);
	if (st == RB_NET_OK) {
		res->pushed = true;
		char ms[32], head[41], *e = NULL;
		snprintf(ms, sizeof ms, "%lld", (long long)rb_app_now_ms());
		if (rb_repo_head(app->repo, head, &e) == RB_REPO_OK &&
		    rb_db_meta_set(app->wb->db, "last_sync_commit", head, &e) == RB_DB_OK)
			rb_db_meta_set(app->wb->db, "last_sync_ms", ms, &e);
		if (e)
			rb_app_note(&res->notes, "%s", e);
		free(e);
	}
	free(url);
	return st;
}

int rb_app_choose(struct rb_app *app, const char *id, bool theirs, char **err)
{
	struct rb_conflict *v = NULL;
	size_t n = 0;
	if (rb_db_conflicts_list(app->wb->db, &v, &n, err) != RB_DB_OK)
		return -1;
	int rc = 1;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].id, id) != 0)
			continue;
		rc = 0;
		if (theirs) {
			long k = rb_app_exercise_index(app, id);
			const char *t = v[i].theirs ? v[i].theirs : "";
			if (k >= 0 ? rb_app_set_answer(app, (size_t)k, t, err) != 0
				   : rb_db_answer_set(app->wb->db, id, t, err) != RB_DB_OK)
				rc = -1; /* refused (the message says why) or not saved */
		}
		if (rc == 0 && rb_db_conflict_del(app->wb->db, id, err) != RB_DB_OK)
			rc = -1;
	}
	rb_conflicts_free(v, n);
	if (rc == 1)
		*err = strdup("There is no answer with two versions by that id.");
	return rc;
}
