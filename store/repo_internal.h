/* repo_internal.h - what the files of store/ that talk to libgit2 share (repo.c, repo_blob.c,
 * repo_commit.c, repo_durable.c, refs.c, sync.c). Nothing outside store/ includes this. */
#ifndef ROADBOOK_REPO_INTERNAL_H
#define ROADBOOK_REPO_INTERNAL_H

#include "store/repo.h"

#include "store/git_api.h"
#include <pthread.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <time.h>

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
	/* the working file's stat data when roadbook last wrote it or read it, and the blob id it
	 * held then: with the same stat data next time, it need not be read again */
	bool work_known;
	git_oid work_oid;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
};

/* A large file's blob id, worked out by a second thread (rb_repo_hash_ahead) from a copy of
 * its bytes while the caller prepares the rest of a version. */
struct rb_hash_ahead {
	pthread_t thread;
	bool running;
	char *path, *data;
	size_t len;
	git_oid oid;
	int rc;
};

struct rb_repo {
	git_repository *git;
	char *dir; /* the working folder, or the repository itself when bare */
	struct rb_blob_memo *memo;
	size_t nmemo;
	struct rb_hash_ahead ahead;
};

/* The blob id of a file's content, from the memo when the bytes are those hashed last time
 * for that path (store/repo_blob.c). Returns 0, or -1 (out of memory, or libgit2 could not
 * hash). */
int rb_repo_blob_id(struct rb_repo *r, const struct rb_repo_file *f, git_oid *oid);
/* Notes the stat data of working file p, which now holds f's bytes (written or compared). */
void rb_repo_work_note(struct rb_repo *r, const struct rb_repo_file *f, const char *p);
/* true when working file p holds f's bytes: known from the stat data noted last time, else
 * read and compared. */
bool rb_repo_work_current(struct rb_repo *r, const struct rb_repo_file *f, const char *p);
/* Waits for the id rb_repo_hash_ahead is working out, if any; true when it is ready (and is
 * the one for f), the bytes then handed over in *data (caller frees). */
bool rb_repo_hash_take(struct rb_repo *r, const struct rb_repo_file *f, git_oid *oid, char **data);

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

/* ---- a version made durable in few flushes (repo_durable.c) ---- */

/* The objects a new version adds, to be flushed together. */
struct rb_objset {
	git_oid *v;
	size_t n;
	bool oom; /* one could not be added: flushing them fails */
};
bool rb_objset_has(const struct rb_objset *s, const git_oid *id);
void rb_objset_add(struct rb_objset *s, const git_oid *id);
void rb_objset_free(struct rb_objset *s);
/* On while a version's objects are written, to be checked and flushed together: libgit2 then
 * neither flushes each file nor checks that the objects a tree or commit names are there.
 * Off again (libgit2 flushing and checking, as rb_git_init sets it) before anything else. */
void rb_repo_batch_writes(bool on);
/* true when object id reads back whole (libgit2 checks its hash); when not, its damaged loose
 * file is removed, so that it can be written again. */
bool rb_repo_object_sound(struct rb_repo *r, const git_oid *id);
/* fsync()s the loose files of the objects in s and the folders holding them, every file's data
 * sent to the disk first. 0, or -1 with errno. */
int rb_repo_flush_objects(struct rb_repo *r, const struct rb_objset *s);
/* Starts a thread that blocks every signal (they stay with the program's own thread).
 * pthread_create's result. */
int rb_repo_thread(pthread_t *t, void *(*fn)(void *), void *arg);
/* Moves HEAD's branch (or a detached HEAD) to commit c from was (NULL: the branch is new),
 * with git's reflog line, and flushes the branch's file and folder. 0, or -1 with libgit2's
 * error (*errnum 0) or an error of the system (*errnum). */
int rb_repo_move_head(struct rb_repo *r, git_commit *c, const git_oid *was, int *errnum);

#endif
