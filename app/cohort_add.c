/* cohort_add.c - roadbook cohort add: a participant's repository made with the first version of
 * their workbook, then the roster entry, all or nothing (docs/cohorts.md). On a path the
 * repository is made under a hidden name and renamed into place before the roster is written;
 * an add stopped in between is recognised and made again by the next one. No drawing here. */
#include "app/cohort.h"

#include "app/internal.h"
#include "app/sync.h"
#include "app/workbook.h"
#include "content/buf.h"
#include "content/workbook_md.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOMEM "roadbook ran out of memory."

#define ADDING ".adding-"

/* true when the bare repository at url is what a stopped 'cohort add' of p left: its only
 * version is a first one (no parent) of a workbook with p's name and company, and p is in no
 * roster (the caller checked). Anything else is left alone. */
static bool unfinished_add(const char *url, const struct rb_participant *p, char **why)
{
	struct rb_repo *r = NULL;
	struct rb_version *v = NULL;
	size_t n = 0;
	char *readme = NULL, *e = NULL;
	size_t len;
	bool yes = false;
	if (rb_repo_open_bare(url, false, &r, &e) == RB_REPO_OK &&
	    rb_repo_log(r, 2, &v, &n, &e) == RB_REPO_OK && n == 1 && v[0].nparents == 0 &&
	    rb_repo_read(r, v[0].id, RB_WORKBOOK_MD_PATH, &readme, &len, &e) == RB_REPO_OK) {
		struct rb_wb_meta m = {0};
		struct rb_diags d = {0};
		yes = rb_workbook_md_parse(RB_WORKBOOK_MD_PATH, readme, len, &m, &d) == 0 && !d.n &&
		      m.name && m.company && !strcmp(m.name, p->name) &&
		      !strcmp(m.company, p->company);
		rb_wb_meta_free(&m);
		rb_diags_free(&d);
	}
	*why = e;
	free(readme);
	rb_versions_free(v, n);
	rb_repo_free(r);
	return yes;
}

static void remove_tree(const char *path, void *ctx)
{
	(void)ctx;
	rb_rm_tree(path);
}

/* Removes the repositories that adds stopped before they finished left beside url
 * (.NAME.adding-PID whose process has ended). */
static void remove_stopped_adds(const char *url)
{
	char *a = strdup(url), *b = strdup(url);
	char *parent = a ? strdup(dirname(a)) : NULL, *base = b ? strdup(basename(b)) : NULL;
	char *prefix = parent && base ? rb_app_strf(".%s" ADDING, base) : NULL;
	if (prefix)
		rb_each_stale(parent, prefix, remove_tree, NULL);
	free(a);
	free(b);
	free(prefix);
	free(parent);
	free(base);
}

enum rb_net rb_cohort_add(struct rb_cohort_ctx *x, const struct rb_participant *p,
			  const struct rb_net_cb *cb, char **notes, char **err)
{
	*err = NULL;
	const char *why = rb_cohort_id_problem(p->id);
	if (why) {
		*err = rb_app_strf("'%s' cannot be a participant id: %s.", p->id, why);
		return RB_NET_ERR;
	}
	if (rb_cohort_find(x->c, p->id)) {
		*err = rb_app_strf(
		    "There is already a participant '%s' in this cohort. Choose another "
		    "id, for example %s-2.",
		    p->id, p->id);
		return RB_NET_ERR;
	}
	struct rb_participant q = *p;
	char *url_default = rb_app_strf("participants/%s.git", p->id);
	if (!q.url)
		q.url = url_default;
	char *url = url_default ? rb_cohort_url(x->c, &q) : NULL;
	char *tmp = rb_app_strf("%s/.roadbook/new-%s", x->c->dir, p->id);
	char *lessons = rb_app_strf("%s/" RB_COHORT_LESSONS, x->c->dir);
	char *added = rb_app_today(0);
	struct rb_repo *target = NULL;
	char *push_url = NULL; /* where the first version goes before it is renamed to url */
	char root[41] = "";    /* the participant's first version: their workbook's identity */
	bool made_target = false;
	enum rb_net st = RB_NET_ERR;
	if (!url || !tmp || !lessons || !added) {
		*err = strdup(NOMEM);
		goto done;
	}
	if (rb_net_is_path(url)) {
		/* made under a name of its own, renamed to url once the first version is in it,
		 * and only then put in the roster (below): a stopped add leaves nothing, or a
		 * repository holding only that first version, which the next add of the same
		 * participant recognises, removes and makes again */
		char *problem = NULL;
		if (!rb_dir_empty(url) && unfinished_add(url, p, &problem)) {
			rb_rm_tree(url);
			rb_app_note(notes,
				    "Removed what an earlier 'cohort add %s' left when it was "
				    "stopped.",
				    p->id);
		}
		free(problem);
		char *e = NULL;
		enum rb_repo_status rs = rb_repo_open_bare(url, false, &target, &e);
		free(e);
		rb_repo_free(target);
		target = NULL;
		if (rs != RB_REPO_NONE || !rb_dir_empty(url)) {
			*err =
			    rb_app_strf("%s already exists. Choose another participant id, or move "
					"that folder away.",
					url);
			goto done;
		}
		remove_stopped_adds(url);
		/* the name is hidden: .NAME.adding-PID beside NAME */
		const char *slash = strrchr(url, '/');
		push_url = slash ? rb_app_strf("%.*s/.%s" ADDING "%ld", (int)(slash - url), url,
					       slash + 1, (long)getpid())
				 : rb_app_strf("."
					       "%s" ADDING "%ld",
					       url, (long)getpid());
		if (!push_url) {
			*err = strdup(NOMEM);
			goto done;
		}
		rb_rm_tree(push_url);
		if (rb_repo_open_bare(push_url, true, &target, err) != RB_REPO_OK)
			goto done;
		made_target = true;
	}
	/* the participant's first version, made in a scratch workbook */
	rb_rm_tree(tmp);
	struct rb_profile prof = {.name = p->name, .company = p->company, .email = p->email};
	enum rb_wb_status ws =
	    rb_workbook_create(tmp, &prof, lessons, x->cur->id, x->cur->version, err);
	if (ws != RB_WB_OK)
		goto done;
	struct rb_app app;
	char *e = NULL;
	if (rb_app_open(&app, tmp, true, &e) != RB_EXIT_OK || !app.repo) {
		*err = e ? e : strdup("roadbook could not start the participant's workbook.");
		rb_app_close(&app);
		goto done;
	}
	free(e);
	char *he = NULL;
	if (rb_repo_head(app.repo, root, &he) != RB_REPO_OK)
		root[0] = '\0'; /* then only the history fetched before is trusted */
	free(he);
	st = rb_net_push(app.repo, push_url ? push_url : url, "refs/heads/main:refs/heads/main", cb,
			 err);
	rb_app_close(&app);
	if (st != RB_NET_OK)
		goto done;
	if (push_url) {
		rb_repo_free(target);
		target = NULL;
		if (rename(push_url, url) != 0) {
			*err = rb_app_strf(
			    "roadbook could not put the participant's repository in %s: %s. "
			    "Nothing was added; try again.",
			    url, strerror(errno));
			st = RB_NET_ERR;
			goto done;
		}
		free(push_url);
		push_url = NULL;
	}
	/* the roster in one rewrite of cohort.conf, then the curriculum */
	const char *keys[] = {"name", "company", "email", "url", "added", "root"};
	const char *vals[] = {p->name, p->company, p->email, q.url, added, *root ? root : NULL};
	if (rb_cohort_set_many(x->c->dir, "participant", p->id, keys, vals, 6, err) < 0) {
		st = RB_NET_ERR;
		rb_rm_tree(url); /* made by this add, and in no roster */
		goto done;
	}
	made_target = false; /* it is in the roster now */
	struct rb_cohort *c2 = NULL;
	if (rb_cohort_load(x->c->dir, &c2, err) != 0) {
		st = RB_NET_ERR;
		goto done;
	}
	rb_cohort_free(x->c);
	x->c = c2;
	char *msg = rb_app_strf("Participant added: %s (%s, %s)", p->id, p->name, p->company);
	if (rb_cohort_commit(x->c, msg ? msg : "Participant added", err) != 0) {
		rb_app_note(notes,
			    "The roster is saved, but roadbook could not make a version of "
			    "the cohort: %s",
			    *err);
		free(*err);
		*err = NULL;
	}
	free(msg);
	bool delivered;
	char *ferr = NULL;
	if (rb_cohort_fetch(x, rb_cohort_find(x->c, p->id), cb, &delivered, &ferr) != RB_NET_OK)
		rb_app_note(notes,
			    "The curriculum will be sent at the next 'roadbook cohort sync': %s",
			    ferr ? ferr : "");
	free(ferr);
done:
	rb_repo_free(target);
	if (made_target && push_url)
		rb_rm_tree(push_url);
	free(push_url);
	rb_rm_tree(tmp);
	free(url_default);
	free(url);
	free(tmp);
	free(lessons);
	free(added);
	return st;
}
