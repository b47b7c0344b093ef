/* repo.h - the workbook's git repository through libgit2: creating and opening it, reading
 * files of any version, committing a set of files, the list of versions, references.
 *
 * libgit2 never runs hooks, so nothing in a repository can run code here. Commits are built
 * from blobs and trees directly (git_tree_create_updated), never through git's shared index
 * lock; the index that the git command line reads is then replaced in one rename(), so a
 * crash can never leave .git/index.lock behind. Versions are named by their 40-digit hex id.
 * Errors come back as messages for the participant (caller frees); nothing prints. */
#ifndef ROADBOOK_REPO_H
#define ROADBOOK_REPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rb_repo;

enum rb_repo_status {
	RB_REPO_OK = 0,
	RB_REPO_NONE = 1, /* not a git repository (open), no such file or version (read) */
	RB_REPO_ERR = -1, /* see the message */
};

/* Loads libgit2 and makes it ready (once per process; store/git_api.h). 0, or -1 when the
 * library cannot be loaded, with the message in *err when err is not NULL. */
int rb_git_init(char **err);

/* Creates a repository in dir (which exists) with the branch "main". */
enum rb_repo_status rb_repo_create(const char *dir, struct rb_repo **out, char **err);
/* Opens the repository whose working folder is exactly dir. */
enum rb_repo_status rb_repo_open(const char *dir, struct rb_repo **out, char **err);
void rb_repo_free(struct rb_repo *r);

/* true when HEAD points at a version rather than a branch (after `git checkout REV`). */
bool rb_repo_detached(struct rb_repo *r);
/* The version HEAD is at; RB_REPO_NONE when there is none yet. */
enum rb_repo_status rb_repo_head(struct rb_repo *r, char id[41], char **err);
/* Resolves a version as a person writes it (an id or its start, HEAD~2, main, a tag). */
enum rb_repo_status rb_repo_resolve(struct rb_repo *r, const char *rev, char id[41], char **err);

/* Reads path in version id (NULL: HEAD). RB_REPO_NONE when it has no such file. */
enum rb_repo_status rb_repo_read(struct rb_repo *r, const char *id, const char *path, char **data,
				 size_t *len, char **err);
/* Reads the file whose blob id is blob (from rb_repo_list_ids); path names it in messages. */
enum rb_repo_status rb_repo_read_blob(struct rb_repo *r, const char *blob, const char *path,
				      char **data, size_t *len, char **err);
/* The names of the files directly in folder dir of version id (NULL: HEAD), sorted; none when
 * the version or folder does not exist. Free with rb_strv_free. */
enum rb_repo_status rb_repo_list(struct rb_repo *r, const char *id, const char *dir, char ***names,
				 size_t *n, char **err);
/* The same, with each file's blob id (ids[i] for names[i]; caller frees ids with free()). */
enum rb_repo_status rb_repo_list_ids(struct rb_repo *r, const char *id, const char *dir,
				     char ***names, char (**ids)[41], size_t *n, char **err);
void rb_strv_free(char **v, size_t n);

struct rb_repo_file {
	const char *path; /* relative, '/'-separated */
	const char *data;
	size_t len;
};

struct rb_commit_in {
	const struct rb_repo_file *files; /* written to the working folder and committed */
	size_t nfiles;
	const char *const *keep; /* paths left as they are in HEAD and on disk */
	size_t nkeep;
	const char *prune; /* folder whose other files are removed (e.g. "answers"), or NULL */
	const bool *same; /* from rb_repo_same_as (HEAD) for these files, or NULL (then computed) */
	const char *name, *email;
	const char *message;
	const char *merge; /* a second parent (combining another laptop's version), or NULL */
};

/* Writes the files that differ (each through a temporary file and rename), commits them on
 * top of HEAD when the tree changed, and brings git's index up to date. *committed tells
 * whether a commit was made; id is the new HEAD. *note (caller frees, may stay NULL) says
 * something the participant should know that did not stop the commit. */
enum rb_repo_status rb_repo_commit(struct rb_repo *r, const struct rb_commit_in *in, char id[41],
				   bool *committed, char **note, char **err);

/* The blob id git gives data (no repository needed); "" if libgit2 fails. */
void rb_repo_blob_hex(const char *data, size_t len, char id[41]);
/* The same for a version's file, from the ids remembered by rb_repo_same_as when its bytes are
 * those seen there (r may be NULL). */
void rb_repo_file_hex(struct rb_repo *r, const struct rb_repo_file *f, char id[41]);

/* Starts working out the blob id of f in a second thread when it is large (a copy of its bytes
 * is taken), for the rb_repo_same_as or rb_repo_commit that follows: strategy.md's id, with
 * libgit2's collision-detecting SHA-1, costs as much as building it. */
void rb_repo_hash_ahead(struct rb_repo *r, const struct rb_repo_file *f);

/* For each file, whether version id (NULL: HEAD) holds exactly that content (compared by blob
 * id: no blob is read). Without such a version every file counts as changed. */
enum rb_repo_status rb_repo_same_as(struct rb_repo *r, const char *id,
				    const struct rb_repo_file *files, size_t n, bool *same,
				    char **err);

struct rb_version {
	char id[41];
	int64_t time;    /* seconds since the epoch */
	int offset;      /* minutes east of UTC */
	char *summary;   /* first line of the message */
	char *body;      /* the rest, may be "" */
	char *author;    /* name */
	size_t nparents; /* 2 or more: a merge */
};

/* The versions reachable from HEAD, newest first, at most max (0: all). */
enum rb_repo_status rb_repo_log(struct rb_repo *r, size_t max, struct rb_version **out, size_t *n,
				char **err);
void rb_versions_free(struct rb_version *v, size_t n);

/* The paths that differ between the trees of versions a and b (computed by libgit2's
 * tree-to-tree diff), sorted. */
enum rb_repo_status rb_repo_changed(struct rb_repo *r, const char *a, const char *b, char ***paths,
				    size_t *n, char **err);

/* ---- what roadbook accepts from a repository it did not write (store/repo_check.c) ----
 *
 * A version fetched from a cohort, another laptop or a participant is read only from the
 * object database, and only after its whole tree passes these checks: no more than
 * RB_MAX_TREE_ENTRIES files and folders, no folder nested deeper than RB_MAX_TREE_DEPTH, no
 * file over 16 MB (read from the object header, not the blob), no links or submodules, and no
 * name that is empty, ".", "..", ".git" (in any case or spelling a file system folds to it),
 * or that holds a slash, backslash, colon or control character. */
#define RB_MAX_TREE_ENTRIES 20000u
#define RB_MAX_TREE_DEPTH   8u
#define RB_MAX_NEW_VERSIONS 100000u

/* true when path (relative, '/'-separated) stays inside the working folder: every part
 * passes the name rules above, and it does not start with '/'. */
bool rb_path_is_safe(const char *path);
/* Checks the tree of version id. RB_REPO_NONE (with *why, caller frees) when refused. */
enum rb_repo_status rb_repo_check_tree(struct rb_repo *r, const char *id, char **why);

/* The refs matching glob (e.g. "refs/remotes/" followed by "*") and their targets, taken before a
 * fetch. */
struct rb_ref_snap;
struct rb_ref_snap *rb_refs_snapshot(struct rb_repo *r, const char *glob);
void rb_refs_snapshot_free(struct rb_ref_snap *s);
/* Checks every version the refs matching glob reach now and did not reach in before (nor,
 * with trust_local, any local branch): at most RB_MAX_NEW_VERSIONS, each tree within the caps. When
 * one is refused (RB_REPO_NONE, *why says what) or cannot be read (RB_REPO_ERR), the refs are put
 * back as they were, so nothing reads what was fetched. */
enum rb_repo_status rb_repo_check_fetched(struct rb_repo *r, const struct rb_ref_snap *before,
					  const char *glob, bool trust_local, char **why);

/* ---- references, bare repositories and remotes (store/refs.c) ---- */

/* The version a reference names (e.g. "refs/remotes/origin/main"); RB_REPO_NONE when the
 * reference does not exist. */
enum rb_repo_status rb_repo_ref(struct rb_repo *r, const char *ref, char id[41], char **err);
/* The newest version both a and b descend from; RB_REPO_NONE when they share none. */
enum rb_repo_status rb_repo_merge_base(struct rb_repo *r, const char *a, const char *b, char id[41],
				       char **err);
/* Moves ref from version old (NULL: the ref must not exist yet) to version id; fails, saying
 * so, when something else moved it in between. */
enum rb_repo_status rb_repo_move_ref(struct rb_repo *r, const char *ref, const char *old,
				     const char *id, const char *why, char **err);
/* Removes ref, which must still name version old (a missing ref is no error). */
enum rb_repo_status rb_repo_drop_ref(struct rb_repo *r, const char *ref, const char *old,
				     char **err);
/* Opens the bare repository at path; with create, makes it (branch "main") when missing.
 * RB_REPO_NONE when it does not exist and create is false. */
enum rb_repo_status rb_repo_open_bare(const char *path, bool create, struct rb_repo **out,
				      char **err);
/* Commits exactly these files (paths may contain folders) as a version on top of version
 * parent (NULL: none), without touching any working folder, and points ref (which the caller
 * owns: it is overwritten) at it. Nothing is made when
 * parent already holds exactly these files (*committed false, id = parent). */
enum rb_repo_status rb_repo_commit_ref(struct rb_repo *r, const char *ref, const char *parent,
				       const struct rb_repo_file *files, size_t n, const char *name,
				       const char *email, const char *message, char id[41],
				       bool *committed, char **err);
/* The time of version id, in seconds since the epoch. */
enum rb_repo_status rb_repo_time(struct rb_repo *r, const char *id, int64_t *time, char **err);
/* The address of remote name (e.g. "origin"), or NULL when it has none (caller frees). */
char *rb_repo_remote_url(struct rb_repo *r, const char *name);

#endif
