/* repo.c - the workbook's git repository through libgit2 (see repo.h). */
#include "store/repo.h"
#include "store/repo_internal.h"

#include "content/buf.h"
#include "content/sanitize.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum rb_repo_status rb_repo_fail(char **err, const char *what, const char *advice)
{
	const git_error *e = git_error_last();
	struct rb_buf b = {0};
	rb_buf_printf(&b, "%s", what);
	if (e && e->message && *e->message)
		rb_buf_printf(&b, " (git says: %s)", e->message);
	rb_buf_printf(&b, ". %s", advice ? advice : "Your answers are safe in roadbook.");
	*err = rb_buf_take(&b);
	return RB_REPO_ERR;
}

/* What to do about a failed write, from its cause (errno, or the words of git's message). */
const char *rb_write_advice(int errnum, const char *gmsg)
{
	if (errnum == ENOSPC || errnum == EDQUOT ||
	    (gmsg && (strstr(gmsg, "No space left") || strstr(gmsg, "quota exceeded"))))
		return "The disk is full: free some space, then save again. Your answers are safe "
		       "in roadbook.";
	if (errnum == EACCES || errnum == EPERM || errnum == EROFS ||
	    (gmsg && (strstr(gmsg, "Permission denied") || strstr(gmsg, "Read-only file") ||
		      strstr(gmsg, "Operation not permitted"))))
		return "roadbook may not write in this workbook's folder: ask for write "
		       "permission, "
		       "or move the workbook to a folder of your own, then save again. Your "
		       "answers "
		       "are safe in roadbook.";
	return "The disk reported an error: save again; if it keeps happening, copy the workbook "
	       "folder somewhere safe (a USB stick) and tell your facilitator. Your answers are "
	       "safe in roadbook.";
}

enum rb_repo_status rb_repo_fail_write(char **err, const char *what)
{
	const git_error *e = git_error_last();
	return rb_repo_fail(err, what, rb_write_advice(0, e ? e->message : NULL));
}

void rb_oid_hex(const git_oid *oid, char id[41])
{
	git_oid_tostr(id, 41, oid);
}

struct rb_repo *rb_repo_wrap(git_repository *git, const char *dir)
{
	struct rb_repo *r = calloc(1, sizeof *r);
	if (!r || !(r->dir = strdup(dir))) {
		free(r);
		git_repository_free(git);
		return NULL;
	}
	r->git = git;
	return r;
}

enum rb_repo_status rb_repo_create(const char *dir, struct rb_repo **out, char **err)
{
	*out = NULL;
	if (rb_git_init(err) < 0)
		return RB_REPO_ERR;
	git_repository_init_options o;
	git_repository_init_options_init(&o, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	o.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
	o.initial_head = "main";
	git_repository *git;
	if (git_repository_init_ext(&git, dir, &o) < 0)
		return rb_repo_fail(err,
				    "roadbook could not start the version history of this workbook",
				    "Check that the folder can be written to.");
	if (!(*out = rb_repo_wrap(git, dir))) {
		*err = strdup("roadbook ran out of memory.");
		return RB_REPO_ERR;
	}
	return RB_REPO_OK;
}

bool rb_repo_other_owner(const char *gitdir)
{
	struct stat st;
	struct rb_buf b = {0};
	rb_buf_printf(&b, "%s/HEAD", gitdir);
	bool other =
	    b.data && stat(gitdir, &st) == 0 && st.st_uid != geteuid() && access(b.data, F_OK) == 0;
	rb_buf_free(&b);
	return other;
}

enum rb_repo_status rb_repo_open(const char *dir, struct rb_repo **out, char **err)
{
	*out = NULL;
	if (rb_git_init(err) < 0)
		return RB_REPO_ERR;
	git_repository *git;
	int rc = git_repository_open_ext(&git, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	/* libgit2 1.5 reports a repository of another owner as "not found" (its message names
	 * safe.directory): look for ourselves rather than take the history for missing */
	if (rc == GIT_ENOTFOUND) {
		struct rb_buf gd = {0};
		rb_buf_printf(&gd, "%s/.git", dir);
		bool other = gd.data && rb_repo_other_owner(gd.data);
		rb_buf_free(&gd);
		if (!other)
			return RB_REPO_NONE;
		rc = GIT_EOWNER;
	}
	if (rc == GIT_EOWNER) {
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "The workbook in %s belongs to another user of this computer, so "
			      "roadbook will not use its version history. Copy the folder into "
			      "your own home folder, or ask its owner to open it.",
			      dir);
		*err = rb_buf_take(&b);
		return RB_REPO_ERR;
	}
	if (rc < 0)
		return rb_repo_fail(err,
				    "roadbook could not open the version history of this workbook",
				    FSCK_ADVICE);
	if (git_repository_is_bare(git)) {
		git_repository_free(git);
		return RB_REPO_NONE;
	}
	if (!(*out = rb_repo_wrap(git, dir))) {
		*err = strdup("roadbook ran out of memory.");
		return RB_REPO_ERR;
	}
	return RB_REPO_OK;
}

void rb_repo_free(struct rb_repo *r)
{
	if (!r)
		return;
	char *data = NULL;
	rb_repo_hash_take(r, NULL, NULL, &data);
	free(data);
	for (size_t i = 0; i < r->nmemo; i++) {
		free(r->memo[i].path);
		free(r->memo[i].data);
	}
	free(r->memo);
	git_repository_free(r->git);
	free(r->dir);
	free(r);
}

bool rb_repo_detached(struct rb_repo *r)
{
	return git_repository_head_detached(r->git) == 1;
}

enum rb_repo_status rb_repo_lookup_commit(struct rb_repo *r, const char *id, git_commit **out,
					  char **err)
{
	git_oid oid;
	if (!id) {
		int rc = git_reference_name_to_id(&oid, r->git, "HEAD");
		if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH)
			return RB_REPO_NONE;
		if (rc < 0)
			return rb_repo_fail(
			    err, "roadbook could not read the latest version of this workbook",
			    NULL);
	} else if (git_oid_fromstr(&oid, id) < 0) {
		return rb_repo_fail(err, "roadbook was given a version id that is not valid", NULL);
	}
	if (git_commit_lookup(out, r->git, &oid) < 0)
		return rb_repo_fail(err, DAMAGED, FSCK_ADVICE);
	return RB_REPO_OK;
}

enum rb_repo_status rb_repo_head(struct rb_repo *r, char id[41], char **err)
{
	git_oid oid;
	int rc = git_reference_name_to_id(&oid, r->git, "HEAD");
	if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH)
		return RB_REPO_NONE;
	if (rc < 0)
		return rb_repo_fail(
		    err, "roadbook could not read the latest version of this workbook", NULL);
	rb_oid_hex(&oid, id);
	return RB_REPO_OK;
}

enum rb_repo_status rb_repo_resolve(struct rb_repo *r, const char *rev, char id[41], char **err)
{
	git_object *obj = NULL, *peeled = NULL;
	if (git_revparse_single(&obj, r->git, rev) < 0 ||
	    git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
		git_object_free(obj);
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "There is no version '%s' in this workbook. 'roadbook log' lists "
			      "the versions with their ids.",
			      rev);
		*err = rb_buf_take(&b);
		return RB_REPO_NONE;
	}
	rb_oid_hex(git_object_id(peeled), id);
	git_object_free(peeled);
	git_object_free(obj);
	return RB_REPO_OK;
}

enum rb_repo_status rb_repo_commit_tree(struct rb_repo *r, const char *id, git_tree **tree,
					char **err)
{
	git_commit *c = NULL;
	enum rb_repo_status st = rb_repo_lookup_commit(r, id, &c, err);
	if (st != RB_REPO_OK)
		return st;
	int rc = git_commit_tree(tree, c);
	git_commit_free(c);
	if (rc < 0)
		return rb_repo_fail(err, DAMAGED, FSCK_ADVICE);
	return RB_REPO_OK;
}

/* Reads a blob whole (up to RB_MAX_BLOB); path names it in messages. */
static enum rb_repo_status read_blob(struct rb_repo *r, const git_oid *oid, const char *path,
				     char **data, size_t *len, char **err)
{
	git_blob *blob = NULL;
	enum rb_repo_status st = RB_REPO_OK;
	if (git_blob_lookup(&blob, r->git, oid) < 0)
		return rb_repo_fail(
		    err, "A file of a saved version cannot be read; the history may be damaged",
		    FSCK_ADVICE);
	git_object_size_t size = git_blob_rawsize(blob);
	if (size > RB_MAX_BLOB) {
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "%s in a saved version is too large for roadbook to read (%llu "
			      "bytes; the most is %u).",
			      path, (unsigned long long)size, RB_MAX_BLOB);
		*err = rb_buf_take(&b);
		st = RB_REPO_ERR;
	} else if (!(*data = rb_strndup(git_blob_rawcontent(blob), (size_t)size))) {
		*err = strdup("roadbook ran out of memory.");
		st = RB_REPO_ERR;
	} else {
		*len = (size_t)size;
	}
	git_blob_free(blob);
	return st;
}

enum rb_repo_status rb_repo_read(struct rb_repo *r, const char *id, const char *path, char **data,
				 size_t *len, char **err)
{
	*data = NULL;
	*len = 0;
	git_tree *tree = NULL;
	git_tree_entry *te = NULL;
	enum rb_repo_status st = rb_repo_commit_tree(r, id, &tree, err);
	if (st != RB_REPO_OK)
		return st;
	int rc = git_tree_entry_bypath(&te, tree, path);
	if (rc == GIT_ENOTFOUND || (rc == 0 && git_tree_entry_type(te) != GIT_OBJECT_BLOB))
		st = RB_REPO_NONE;
	else if (rc < 0)
		st = rb_repo_fail(
		    err, "A file of a saved version cannot be read; the history may be damaged",
		    FSCK_ADVICE);
	else
		st = read_blob(r, git_tree_entry_id(te), path, data, len, err);
	git_tree_entry_free(te);
	git_tree_free(tree);
	return st;
}

enum rb_repo_status rb_repo_read_blob(struct rb_repo *r, const char *blob, const char *path,
				      char **data, size_t *len, char **err)
{
	*data = NULL;
	*len = 0;
	git_oid oid;
	if (git_oid_fromstr(&oid, blob) < 0)
		return rb_repo_fail(err, "roadbook was given a file id that is not valid", NULL);
	return read_blob(r, &oid, path, data, len, err);
}

void rb_strv_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

enum rb_repo_status rb_repo_list(struct rb_repo *r, const char *id, const char *dir, char ***names,
				 size_t *n, char **err)
{
	return rb_repo_list_ids(r, id, dir, names, NULL, n, err);
}

enum rb_repo_status rb_repo_list_ids(struct rb_repo *r, const char *id, const char *dir,
				     char ***names, char (**ids)[41], size_t *n, char **err)
{
	*names = NULL;
	if (ids)
		*ids = NULL;
	*n = 0;
	git_tree *tree = NULL, *sub = NULL;
	git_tree_entry *te = NULL;
	enum rb_repo_status st = rb_repo_commit_tree(r, id, &tree, err);
	if (st != RB_REPO_OK)
		return st == RB_REPO_NONE ? RB_REPO_OK : st;
	if (git_tree_entry_bypath(&te, tree, dir) < 0 ||
	    git_tree_entry_type(te) != GIT_OBJECT_TREE ||
	    git_tree_lookup(&sub, r->git, git_tree_entry_id(te)) < 0)
		goto done;
	size_t count = git_tree_entrycount(sub);
	if (!(*names = calloc(count + 1, sizeof **names)) ||
	    (ids && !(*ids = calloc(count + 1, sizeof **ids)))) {
		*err = strdup("roadbook ran out of memory.");
		st = RB_REPO_ERR;
		goto done;
	}
	for (size_t i = 0; i < count; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(sub, i);
		if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
			continue;
		if (ids)
			rb_oid_hex(git_tree_entry_id(e), (*ids)[*n]);
		if (!((*names)[*n] = strdup(git_tree_entry_name(e)))) {
			*err = strdup("roadbook ran out of memory.");
			st = RB_REPO_ERR;
			break;
		}
		(*n)++;
	}
done:
	git_tree_free(sub);
	git_tree_entry_free(te);
	git_tree_free(tree);
	return st;
}
