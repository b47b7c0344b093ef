/* repo_internal.h - what the files of store/ that talk to libgit2 share (repo.c, repo_commit.c,
 * refs.c, sync.c). Nothing outside store/ includes this. */
#ifndef ROADBOOK_REPO_INTERNAL_H
#define ROADBOOK_REPO_INTERNAL_H

#include "store/repo.h"

#include "store/git_api.h"
#include <stdbool.h>

/* The largest file roadbook reads from any version (a workbook's files are a few KB). */
#define RB_MAX_BLOB (16u << 20)

/* Messages for a history libgit2 cannot read. */
#define DAMAGED "A version of this workbook cannot be read; the history may be damaged"
#define FSCK_ADVICE                                                                                \
	"Run 'git fsck' in the workbook folder to see what is wrong; your answers are safe in "    \
	"roadbook."

/* The commit a version id names (NULL: HEAD). RB_REPO_NONE when HEAD has none yet. */
enum rb_repo_status rb_repo_lookup_commit(struct rb_repo *r, const char *id, git_commit **out,
					  char **err);
/* The tree of version id (NULL: HEAD); RB_REPO_NONE when there is no version yet. */
enum rb_repo_status rb_repo_commit_tree(struct rb_repo *r, const char *id, git_tree **tree,
					char **err);

/* Removes refs/heads/BRANCH.lock (HEAD's branch) when it stays for half a second: the caller
 * holds the workbook's lock, so it was left by a program that was killed (store/repo_locks.c);
 * says so in *note. */
void rb_repo_clear_stale_ref_lock(struct rb_repo *r, char **note);

/* The CA bundle's parse, deferred from git_libgit2_init to the first transfer
 * (store/tls_defer.c): on while rb_git_init runs; the path noted, or NULL; hands it to
 * libgit2 (returns libgit2's result, 0 when nothing was noted). */
void rb_tls_defer(bool on);
const char *rb_tls_deferred(void);
int rb_tls_load_deferred(void);

/* A file's content as last hashed, with its blob id: most of a version's files are the
 * same as in the one before, and comparing bytes costs far less than hashing them. */
struct rb_blob_memo {
	char *path, *data;
	size_t len;
	git_oid oid;
};

struct rb_repo {
	git_repository *git;
	char *dir; /* the working folder, or the repository itself when bare */
	struct rb_blob_memo *memo;
	size_t nmemo;
};

/* Refs and their targets (see rb_refs_snapshot); n == 0 is "none". */
struct rb_ref_snap {
	size_t n;
	char **names;
	git_oid *oids;
};

/* true when gitdir (a .git folder or a bare repository) belongs to another user: libgit2
 * then refuses it, and roadbook explains instead of bypassing (no safe.directory added). */
bool rb_repo_other_owner(const char *gitdir);
/* A signature git accepts from any name (a person's or a cohort's): '<', '>' and newlines
 * become spaces; without an email, a placeholder under the reserved .invalid domain. */
int rb_repo_signature(git_signature **out, const char *name, const char *email);
/* Removes the *.lock files under gitdir/under older than min_age_ms (what a killed roadbook or
 * git left); *note (may be NULL) says which. */
void rb_repo_clear_locks(const char *gitdir, const char *under, long long min_age_ms, char **note);
/* Wraps an open repository (taking it over; freed on failure). */
struct rb_repo *rb_repo_wrap(git_repository *git, const char *dir);
/* Sets *err to "what (git says: detail). advice" and returns RB_REPO_ERR. */
enum rb_repo_status rb_repo_fail(char **err, const char *what, const char *advice);
/* The same for a failed write, with advice chosen by its cause (full disk, permission,
 * another error) from git's message. */
enum rb_repo_status rb_repo_fail_write(char **err, const char *what);
/* That advice, from errno (or 0) and git's message (or NULL). */
const char *rb_write_advice(int errnum, const char *gmsg);
void rb_oid_hex(const git_oid *oid, char id[41]);

#endif
