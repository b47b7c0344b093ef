/* repo_log.c - a workbook's history through libgit2: the versions, newest first, and the
 * paths two versions differ in (see repo.h). */
#include "store/repo.h"
#include "store/repo_internal.h"

#include "content/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rb_versions_free(struct rb_version *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].summary);
		free(v[i].body);
		free(v[i].author);
	}
	free(v);
}

enum rb_repo_status rb_repo_log(struct rb_repo *r, size_t max, struct rb_version **out, size_t *n,
				char **err)
{
	*out = NULL;
	*n = 0;
	git_revwalk *walk = NULL;
	size_t cap = 0;
	enum rb_repo_status st = RB_REPO_OK;
	if (git_revwalk_new(&walk, r->git) < 0)
		return rb_repo_fail(err, "roadbook could not read the history of this workbook",
				    NULL);
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	int rc = git_revwalk_push_head(walk);
	if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) {
		git_revwalk_free(walk);
		return RB_REPO_OK;
	}
	if (rc < 0) {
		git_revwalk_free(walk);
		return rb_repo_fail(err, "roadbook could not read the history of this workbook",
				    NULL);
	}
	git_oid oid;
	while ((max == 0 || *n < max) && (rc = git_revwalk_next(&oid, walk)) == 0) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, r->git, &oid) < 0) {
			st = rb_repo_fail(err, DAMAGED, FSCK_ADVICE);
			break;
		}
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct rb_version *v = realloc(*out, ncap * sizeof *v);
			if (!v) {
				git_commit_free(c);
				*err = strdup("roadbook ran out of memory.");
				st = RB_REPO_ERR;
				break;
			}
			*out = v;
			cap = ncap;
		}
		struct rb_version *v = &(*out)[*n];
		memset(v, 0, sizeof *v);
		rb_oid_hex(&oid, v->id);
		v->time = (int64_t)git_commit_time(c);
		v->offset = git_commit_time_offset(c);
		const char *summary = git_commit_summary(c);
		const char *body = git_commit_body(c);
		const git_signature *a = git_commit_author(c);
		v->summary = strdup(summary ? summary : "");
		v->body = strdup(body ? body : "");
		v->author = strdup(a && a->name ? a->name : "");
		v->nparents = git_commit_parentcount(c);
		git_commit_free(c);
		(*n)++;
		if (!v->summary || !v->body || !v->author) {
			*err = strdup("roadbook ran out of memory.");
			st = RB_REPO_ERR;
			break;
		}
	}
	if (st == RB_REPO_OK && rc < 0 && rc != GIT_ITEROVER)
		st = rb_repo_fail(err, "roadbook could not read the whole history of this workbook",
				  FSCK_ADVICE);
	git_revwalk_free(walk);
	if (st != RB_REPO_OK) {
		rb_versions_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return st;
}

static int collect_path(const git_diff_delta *d, float progress, void *payload)
{
	(void)progress;
	struct rb_buf *b = payload;
	const char *p = d->new_file.path ? d->new_file.path : d->old_file.path;
	rb_buf_printf(b, "%s\n", p);
	return b->oom ? -1 : 0;
}

enum rb_repo_status rb_repo_changed(struct rb_repo *r, const char *a, const char *b, char ***paths,
				    size_t *n, char **err)
{
	*paths = NULL;
	*n = 0;
	git_tree *ta = NULL, *tb = NULL;
	git_diff *diff = NULL;
	struct rb_buf list = {0};
	enum rb_repo_status st = rb_repo_commit_tree(r, a, &ta, err);
	if (st == RB_REPO_OK)
		st = rb_repo_commit_tree(r, b, &tb, err);
	if (st != RB_REPO_OK)
		goto done;
	if (git_diff_tree_to_tree(&diff, r->git, ta, tb, NULL) < 0 ||
	    git_diff_foreach(diff, collect_path, NULL, NULL, NULL, &list) < 0) {
		st = list.oom ? RB_REPO_ERR
			      : rb_repo_fail(err, "roadbook could not compare two versions", NULL);
		if (list.oom)
			*err = strdup("roadbook ran out of memory.");
		goto done;
	}
	size_t count = 0;
	for (size_t i = 0; i < list.len; i++)
		count += list.data[i] == '\n';
	if (!(*paths = calloc(count + 1, sizeof **paths))) {
		*err = strdup("roadbook ran out of memory.");
		st = RB_REPO_ERR;
		goto done;
	}
	for (char *save = NULL, *p = list.data ? strtok_r(list.data, "\n", &save) : NULL; p;
	     p = strtok_r(NULL, "\n", &save))
		if (((*paths)[*n] = strdup(p)))
			(*n)++;
done:
	rb_buf_free(&list);
	git_diff_free(diff);
	git_tree_free(ta);
	git_tree_free(tb);
	return st;
}
