/* review.c - review on the participant's side: submitting a module, the facilitator's
 * comments and decisions as last synced, replies, resolutions and what has been read
 * (docs/review.md). No drawing here. */
#include "app/workbook.h"
#include "app/versions.h"
#include "app/sync.h"
#include "app/review.h"
#include "app/internal.h"

#include "content/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FACILITATOR_REF "refs/remotes/origin/" RB_FACILITATOR_BRANCH
#define NOMEM           "roadbook ran out of memory."

int rb_review_take(struct rb_repo *r, const char *id, struct rb_db *db, const char *tmpdir,
		   size_t *added, char **err)
{
	if (added)
		*added = 0;
	char *data = NULL;
	size_t len = 0;
	enum rb_repo_status st = rb_repo_read(r, id, RB_REVIEW_CONF, &data, &len, err);
	if (st == RB_REPO_NONE) {
		free(*err);
		*err = NULL;
		return 0;
	}
	if (st != RB_REPO_OK)
		return -1;
	struct rb_review_item *v = NULL;
	size_t n = 0;
	int rc = rb_review_parse(tmpdir, data, len, "", rb_review_own_kinds, &v, &n, NULL, err);
	free(data);
	if (rc == 0 && rb_db_review_put(db, v, n, false, err) != RB_DB_OK)
		rc = -1;
	if (rc == 0 && added)
		*added = n;
	rb_review_items_free(v, n);
	return rc;
}

int rb_app_review_file(struct rb_app *app, char **text, char **err)
{
	*text = NULL;
	struct rb_review_item *v = NULL;
	size_t n = 0, mine = 0;
	if (rb_db_review_list(app->wb->db, "", NULL, &v, &n, err) != RB_DB_OK)
		return -1;
	for (size_t i = 0; i < n; i++)
		mine += strcmp(v[i].kind, "seen") != 0;
	int rc =
	    mine ? rb_review_format(app->wb->state_dir, v, n, rb_review_own_kinds, text, err) : 0;
	rb_review_items_free(v, n);
	return rc;
}

void rb_app_feedback_free(struct rb_app *app)
{
	rb_review_items_free(app->fac, app->nfac);
	rb_review_items_free(app->own, app->nown);
	free(app->all);
	app->fac = app->own = app->all = NULL;
	app->nfac = app->nown = app->nall = 0;
	app->fb_loaded = false;
}

int rb_app_feedback_load(struct rb_app *app, char **err)
{
	*err = NULL;
	rb_app_feedback_free(app);
	app->fb_loaded = true;
	int rc = 0;
	if (rb_db_review_list(app->wb->db, "", NULL, &app->own, &app->nown, err) != RB_DB_OK)
		rc = -1;
	char fid[41];
	char *e = NULL, *data = NULL;
	size_t len = 0;
	if (app->repo && rb_repo_ref(app->repo, FACILITATOR_REF, fid, &e) == RB_REPO_OK &&
	    rb_repo_read(app->repo, fid, RB_FEEDBACK_CONF, &data, &len, &e) == RB_REPO_OK) {
		if (rb_review_parse(app->wb->state_dir, data, len, "", rb_review_fac_kinds,
				    &app->fac, &app->nfac, NULL, &e) != 0 &&
		    !*err) {
			rb_app_note(err, "The facilitator's feedback could not be read: %s",
				    e ? e : "");
			rc = -1;
		}
	}
	free(e);
	free(data);
	app->all = malloc((app->nfac + app->nown + 1) * sizeof *app->all);
	if (!app->all) {
		free(*err);
		*err = strdup(NOMEM);
		return -1;
	}
	if (app->nfac)
		memcpy(app->all, app->fac, app->nfac * sizeof *app->all);
	if (app->nown)
		memcpy(app->all + app->nfac, app->own, app->nown * sizeof *app->all);
	app->nall = app->nfac + app->nown;
	return rc;
}

static void ensure(struct rb_app *app)
{
	if (!app->fb_loaded) {
		char *e = NULL;
		rb_app_feedback_load(app, &e);
		free(e);
	}
}

enum rb_rstate rb_app_module_state(struct rb_app *app, size_t m,
				   const struct rb_review_item **decision,
				   const struct rb_review_item **submission)
{
	ensure(app);
	size_t a, t;
	rb_app_module_progress(app, m, &a, &t);
	return rb_review_state(app->all, app->nall, app->cur->modules[m].id, a, t, decision,
			       submission);
}

long rb_app_comment_module(struct rb_app *app, const struct rb_review_item *c)
{
	const struct rb_exercise *e;
	const struct rb_section *s;
	if (!strcmp(c->kind, "state")) {
		const struct rb_module *mod = rb_curriculum_module(app->cur, c->target);
		return mod ? (long)(mod - app->cur->modules) : -1;
	}
	rb_review_target(app->cur, c->target, &e, &s);
	return e ? (long)e->module_index : -1;
}

/* The record marking fac item c as read: its id and time, so a new decision on the same
 * module is new again. */
static void seen_id(const struct rb_review_item *c, char out[128])
{
	snprintf(out, 128, "seen/%s/%lld", c->id, (long long)c->at_ms);
}

bool rb_app_comment_new(struct rb_app *app, const struct rb_review_item *c)
{
	ensure(app);
	char id[128];
	seen_id(c, id);
	for (size_t i = 0; i < app->nown; i++)
		if (!strcmp(app->own[i].kind, "seen") && !strcmp(app->own[i].id, id))
			return false;
	return true;
}

bool rb_app_comment_resolved(struct rb_app *app, const char *comment_id)
{
	ensure(app);
	for (size_t i = 0; i < app->nown; i++)
		if (!strcmp(app->own[i].kind, "resolve") && !strcmp(app->own[i].target, comment_id))
			return true;
	return false;
}

bool rb_app_comment_changed(struct rb_app *app, const struct rb_review_item *c)
{
	char h[17];
	rb_review_target_hash(app->cur, app->answers, c->target, h);
	return c->answer && *h && strcmp(h, c->answer) != 0;
}

size_t rb_app_feedback_new(struct rb_app *app, long m)
{
	ensure(app);
	size_t k = 0;
	for (size_t i = 0; i < app->nfac; i++)
		if ((m < 0 || rb_app_comment_module(app, &app->fac[i]) == m) &&
		    rb_app_comment_new(app, &app->fac[i]))
			k++;
	return k;
}

int rb_app_feedback_seen(struct rb_app *app, long m, char **err)
{
	ensure(app);
	struct rb_review_item *v = calloc(app->nfac + 1, sizeof *v);
	char(*ids)[128] = calloc(app->nfac + 1, sizeof *ids);
	size_t n = 0;
	int rc = 0;
	if (!v || !ids) {
		*err = strdup(NOMEM);
		rc = -1;
		goto done;
	}
	for (size_t i = 0; i < app->nfac; i++) {
		const struct rb_review_item *c = &app->fac[i];
		if ((m >= 0 && rb_app_comment_module(app, c) != m) || !rb_app_comment_new(app, c))
			continue;
		seen_id(c, ids[n]);
		v[n] = (struct rb_review_item){.id = ids[n],
					       .participant = "",
					       .kind = "seen",
					       .target = c->id,
					       .body = "",
					       .at_ms = rb_app_now_ms()};
		n++;
	}
	if (n) {
		if (rb_db_review_put(app->wb->db, v, n, true, err) != RB_DB_OK)
			rc = -1;
		else
			rc = rb_app_feedback_load(app, err);
	}
done:
	free(v);
	free(ids);
	return rc;
}

/* Records one of the participant's own items and counts it as a change, so that the next
 * version (and sync) carries it. */
static int record(struct rb_app *app, const struct rb_review_item *it, char **err)
{
	if (rb_db_review_put(app->wb->db, it, 1, true, err) != RB_DB_OK)
		return -1;
	app->changes++;
	char *e = NULL;
	rb_app_feedback_load(app, &e);
	free(e);
	return 0;
}

int rb_app_submit(struct rb_app *app, size_t m, struct rb_snap_result *res, char **err)
{
	memset(res, 0, sizeof *res);
	*err = NULL;
	size_t a, t;
	rb_app_module_progress(app, m, &a, &t);
	const struct rb_module *mod = &app->cur->modules[m];
	if (a == 0) {
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "Module %zu (%s) has no answers yet, so there is nothing to review. "
			      "Answer its exercises first, then submit it.",
			      m + 1, mod->title ? mod->title : mod->id);
		*err = rb_buf_take(&b);
		return 1;
	}
	char *id = rb_review_new_id("s");
	if (!id) {
		*err = strdup(NOMEM);
		return -1;
	}
	struct rb_review_item it = {.id = id,
				    .participant = "",
				    .kind = "submit",
				    .target = mod->id,
				    .body = "",
				    .at_ms = rb_app_now_ms()};
	int rc = record(app, &it, err);
	free(id);
	if (rc != 0)
		return -1;
	if (!app->repo)
		return 0; /* recorded; the version follows when the repository is usable */
	return rb_app_snapshot(app, RB_SNAP_SUBMIT, NULL, m, res, err) == 0 ? 0 : -1;
}

static const struct rb_review_item *find_comment(struct rb_app *app, const char *id)
{
	ensure(app);
	for (size_t i = 0; i < app->nfac; i++)
		if (!strcmp(app->fac[i].kind, "comment") && !strcmp(app->fac[i].id, id))
			return &app->fac[i];
	return NULL;
}

static int no_comment(const char *id, char **err)
{
	struct rb_buf b = {0};
	rb_buf_puts(&b, "There is no comment from your facilitator called '");
	rb_buf_puts(&b, id);
	rb_buf_puts(&b, "'. 'roadbook feedback' lists the comments with their ids; run "
			"'roadbook sync' first to fetch new ones.");
	*err = rb_buf_take(&b);
	return 1;
}

int rb_app_reply(struct rb_app *app, const char *comment_id, const char *text, char **err)
{
	*err = NULL;
	if (!find_comment(app, comment_id))
		return no_comment(comment_id, err);
	size_t len = text ? strlen(text) : 0;
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' ' || text[len - 1] == '\r'))
		len--;
	size_t start = 0;
	while (start < len && (text[start] == '\n' || text[start] == ' '))
		start++;
	if (start == len) {
		*err = strdup("The reply is empty; write what you want to tell your facilitator.");
		return 1;
	}
	if (len - start > 65536) {
		*err = strdup("The reply is longer than 64 KB; shorten it.");
		return 1;
	}
	char *body = rb_strndup(text + start, len - start);
	char *id = rb_review_new_id("r");
	int rc = -1;
	if (!body || !id) {
		*err = strdup(NOMEM);
	} else {
		struct rb_review_item it = {.id = id,
					    .participant = "",
					    .kind = "reply",
					    .target = (char *)comment_id,
					    .body = body,
					    .at_ms = rb_app_now_ms()};
		rc = record(app, &it, err);
	}
	free(body);
	free(id);
	return rc;
}

int rb_app_resolve(struct rb_app *app, const char *comment_id, bool resolved, char **err)
{
	*err = NULL;
	if (!find_comment(app, comment_id))
		return no_comment(comment_id, err);
	char id[128];
	snprintf(id, sizeof id, "resolve/%s", comment_id);
	if (!resolved) {
		if (rb_db_review_del(app->wb->db, id, err) != RB_DB_OK)
			return -1;
		app->changes++;
		char *e = NULL;
		rb_app_feedback_load(app, &e);
		free(e);
		return 0;
	}
	struct rb_review_item it = {.id = id,
				    .participant = "",
				    .kind = "resolve",
				    .target = (char *)comment_id,
				    .body = "",
				    .at_ms = rb_app_now_ms()};
	return record(app, &it, err);
}

int rb_app_benchmarks(struct rb_app *app, struct rb_bench_median **out, size_t *n, char **err)
{
	*out = NULL;
	*n = 0;
	char fid[41], *data = NULL;
	size_t len = 0;
	if (!app->repo || rb_repo_ref(app->repo, FACILITATOR_REF, fid, err) != RB_REPO_OK ||
	    rb_repo_read(app->repo, fid, RB_BENCHMARKS_CONF, &data, &len, err) != RB_REPO_OK) {
		free(*err);
		*err = NULL;
		return 0;
	}
	int rc = rb_benchmarks_parse(app->wb->state_dir, data, len, out, n, err);
	free(data);
	return rc;
}
