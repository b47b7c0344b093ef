/* refs.c - references, merge bases, bare repositories, commits made straight onto a
 * reference, and the addresses of remotes (see repo.h). */
#include "store/repo.h"
#include "store/repo_internal.h"

#include "content/buf.h"

#include <stdlib.h>
#include <string.h>

#define NOMEM "roadbook ran out of memory."

static bool parse_id(const char *hex, git_oid *oid)
{
	return hex && git_oid_fromstr(oid, hex) == 0;
}

/* Every refname roadbook writes passes libgit2's own check and ours: under refs/, and only
 * the characters roadbook's names use (participant ids, "main", "facilitator"). */
static bool ref_ok(const char *ref)
{
	int valid = 0;
	if (!ref || strncmp(ref, "refs/", 5) != 0 || git_reference_name_is_valid(&valid, ref) < 0 ||
	    !valid)
		return false;
	for (const char *p = ref; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '/' || *p == '-' || *p == '_' || *p == '.'))
			return false;
	return true;
}

static enum rb_repo_status bad_ref(char **err)
{
	*err = strdup("roadbook refused a branch name that is not one of its own; nothing was "
		      "changed.");
	return RB_REPO_ERR;
}

enum rb_repo_status rb_repo_ref(struct rb_repo *r, const char *ref, char id[41], char **err)
{
	git_oid oid;
	int rc = git_reference_name_to_id(&oid, r->git, ref);
	if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
		return RB_REPO_NONE;
	if (rc < 0)
		return rb_repo_fail(err, "roadbook could not read the workbook's history",
				    "Run 'git fsck' in the workbook folder to see what is wrong.");
	rb_oid_hex(&oid, id);
	return RB_REPO_OK;
}

enum rb_repo_status rb_repo_merge_base(struct rb_repo *r, const char *a, const char *b, char id[41],
				       char **err)
{
	git_oid oa, ob, base;
	if (!parse_id(a, &oa) || !parse_id(b, &ob))
		return rb_repo_fail(err, "roadbook was given a version id that is not valid", NULL);
	int rc = git_merge_base(&base, r->git, &oa, &ob);
	if (rc == GIT_ENOTFOUND)
		return RB_REPO_NONE;
	if (rc < 0)
		return rb_repo_fail(err, "roadbook could not compare two versions of the workbook",
				    "Run 'git fsck' in the workbook folder to see what is wrong.");
	rb_oid_hex(&base, id);
	return RB_REPO_OK;
}

enum rb_repo_status rb_repo_move_ref(struct rb_repo *r, const char *ref, const char *old,
				     const char *id, const char *why, char **err)
{
	git_oid to, from;
	if (!ref_ok(ref))
		return bad_ref(err);
	if (!parse_id(id, &to) || (old && !parse_id(old, &from)))
		return rb_repo_fail(err, "roadbook was given a version id that is not valid", NULL);
	git_reference *out = NULL;
	int rc = old ? git_reference_create_matching(&out, r->git, ref, &to, 1, &from, why)
		     : git_reference_create(&out, r->git, ref, &to, 0, why);
	git_reference_free(out);
	if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS) {
		*err = strdup("The workbook's history changed while roadbook was working on it "
			      "(another roadbook or a git command). Nothing was lost; try again.");
		return RB_REPO_ERR;
	}
	if (rc < 0)
		return rb_repo_fail(err, "roadbook could not move to the new version",
				    "Your answers are safe in roadbook; try again.");
	return RB_REPO_OK;
}

enum rb_repo_status rb_repo_drop_ref(struct rb_repo *r, const char *ref, const char *old,
				     char **err)
{
	if (!ref_ok(ref))
		return bad_ref(err);
	git_reference *cur = NULL;
	int rc = git_reference_lookup(&cur, r->git, ref);
	if (rc == GIT_ENOTFOUND)
		return RB_REPO_OK;
	char hex[GIT_OID_HEXSZ + 1] = "";
	if (rc == 0 && git_reference_target(cur))
		git_oid_tostr(hex, sizeof hex, git_reference_target(cur));
	if (rc == 0 && strcmp(hex, old) != 0) {
		git_reference_free(cur);
		*err = strdup("The history changed while roadbook was working on it (another "
			      "roadbook or a git command). Nothing was lost; try again.");
		return RB_REPO_ERR;
	}
	if (rc == 0)
		rc = git_reference_delete(cur);
	git_reference_free(cur);
	if (rc < 0)
		return rb_repo_fail(err, "roadbook could not remove a reference", NULL);
	return RB_REPO_OK;
}

enum rb_repo_status rb_repo_open_bare(const char *path, bool create, struct rb_repo **out,
				      char **err)
{
	*out = NULL;
	if (rb_git_init(err) < 0)
		return RB_REPO_ERR;
	git_repository *git = NULL;
	int rc = git_repository_open_ext(
	    &git, path, GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE, NULL);
	if (rc == GIT_ENOTFOUND && rb_repo_other_owner(path))
		rc = GIT_EOWNER; /* libgit2 1.5 says "not found" (see rb_repo_open) */
	if (rc == GIT_ENOTFOUND && create) {
		git_repository_init_options o;
		git_repository_init_options_init(&o, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
		o.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_BARE |
			  GIT_REPOSITORY_INIT_NO_REINIT;
		o.initial_head = "main";
		rc = git_repository_init_ext(&git, path, &o);
		if (rc < 0) {
			struct rb_buf b = {0};
			rb_buf_printf(&b, "roadbook could not create a repository in %s", path);
			enum rb_repo_status st = rb_repo_fail(
			    err, b.data ? b.data : "roadbook could not create a repository",
			    "Check that the folder (or USB stick) can be written to and is not "
			    "full.");
			rb_buf_free(&b);
			return st;
		}
	} else if (rc == GIT_ENOTFOUND) {
		return RB_REPO_NONE;
	} else if (rc == GIT_EOWNER) {
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "%s belongs to another user of this computer, so roadbook will not "
			      "use it. Ask its owner, or copy it into a folder of your own.",
			      path);
		*err = rb_buf_take(&b);
		return RB_REPO_ERR;
	} else if (rc < 0) {
		struct rb_buf b = {0};
		rb_buf_printf(&b, "roadbook could not open the repository %s", path);
		enum rb_repo_status st =
		    rb_repo_fail(err, b.data ? b.data : "roadbook could not open a repository",
				 "Run 'git fsck' in that folder to see what is wrong.");
		rb_buf_free(&b);
		return st;
	}
	if (!(*out = rb_repo_wrap(git, path))) {
		*err = strdup(NOMEM);
		return RB_REPO_ERR;
	}
	return RB_REPO_OK;
}

enum rb_repo_status rb_repo_commit_ref(struct rb_repo *r, const char *ref, const char *parent,
				       const struct rb_repo_file *files, size_t n, const char *name,
				       const char *email, const char *message, char id[41],
				       bool *committed, char **err)
{
	*committed = false;
	if (!ref_ok(ref))
		return bad_ref(err);
	for (size_t i = 0; i < n; i++)
		if (!rb_path_is_safe(files[i].path)) {
			*err = strdup("roadbook refused to commit a file whose name would reach "
				      "outside the repository; nothing was changed.");
			return RB_REPO_ERR;
		}
	enum rb_repo_status st = RB_REPO_OK;
	git_tree_update *up = calloc(n + 1, sizeof *up);
	git_commit *pc = NULL;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	git_oid tree_id, commit_id, pid;
	if (!up) {
		*err = strdup(NOMEM);
		return RB_REPO_ERR;
	}
	for (size_t i = 0; i < n; i++) {
		if (git_blob_create_from_buffer(&up[i].id, r->git, files[i].data, files[i].len) <
		    0) {
			st = rb_repo_fail_write(err, "roadbook could not store a file");
			goto done;
		}
		up[i].action = GIT_TREE_UPDATE_UPSERT;
		up[i].filemode = GIT_FILEMODE_BLOB;
		up[i].path = files[i].path;
	}
	if (git_tree_create_updated(&tree_id, r->git, NULL, n, up) < 0 ||
	    git_tree_lookup(&tree, r->git, &tree_id) < 0) {
		st = rb_repo_fail_write(err, "roadbook could not prepare a version");
		goto done;
	}
	if (parent) {
		if (!parse_id(parent, &pid) || git_commit_lookup(&pc, r->git, &pid) < 0) {
			st = rb_repo_fail(err, "A version of this repository cannot be read",
					  "Run 'git fsck' in that folder to see what is wrong.");
			goto done;
		}
		if (git_oid_equal(git_commit_tree_id(pc), &tree_id)) {
			rb_oid_hex(&pid, id);
			goto done;
		}
	}
	if (rb_repo_signature(&sig, name && *name ? name : "roadbook",
			      email && *email ? email : "facilitator@roadbook.invalid") < 0) {
		st = rb_repo_fail(err, "roadbook could not sign a version", NULL);
		goto done;
	}
	const git_commit *parents[1] = {pc};
	struct rb_buf msg = {0};
	rb_buf_printf(&msg, "%s\n", message);
	int rc = msg.oom ? -1
			 : git_commit_create(&commit_id, r->git, NULL, sig, sig, NULL, msg.data,
					     tree, pc ? 1 : 0, parents);
	rb_buf_free(&msg);
	if (rc < 0) {
		st = rb_repo_fail(err, "roadbook could not make a version",
				  "Check that the disk is not full.");
		goto done;
	}
	rb_oid_hex(&commit_id, id);
	git_reference *out = NULL;
	if (git_reference_create(&out, r->git, ref, &commit_id, 1, message) < 0)
		st = rb_repo_fail(err, "roadbook could not record a version", NULL);
	else
		*committed = true;
	git_reference_free(out);
done:
	git_signature_free(sig);
	git_tree_free(tree);
	git_commit_free(pc);
	free(up);
	return st;
}

enum rb_repo_status rb_repo_time(struct rb_repo *r, const char *id, int64_t *time, char **err)
{
	git_oid oid;
	git_commit *c = NULL;
	if (!parse_id(id, &oid) || git_commit_lookup(&c, r->git, &oid) < 0)
		return rb_repo_fail(err, "A version cannot be read",
				    "Run 'git fsck' in that repository to see what is wrong.");
	*time = (int64_t)git_commit_time(c);
	git_commit_free(c);
	return RB_REPO_OK;
}

char *rb_repo_remote_url(struct rb_repo *r, const char *name)
{
	git_remote *rem = NULL;
	if (git_remote_lookup(&rem, r->git, name) < 0)
		return NULL;
	const char *u = git_remote_url(rem);
	char *out = u ? strdup(u) : NULL;
	git_remote_free(rem);
	return out;
}
