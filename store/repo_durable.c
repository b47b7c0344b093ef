/* repo_durable.c - a new version made durable in few flushes (see repo_internal.h and
 * docs/storage.md, "Durability").
 *
 * libgit2, with GIT_OPT_ENABLE_FSYNC_GITDIR, flushes each object it writes, then its folder,
 * then the branch and both reflogs: 16 flushes one after the other for a version of two
 * changed files, each waiting for the disk before the next object is even compressed. A
 * snapshot instead writes its objects with libgit2's flushing off, then makes them durable
 * together: every file's data is sent to the disk first (sync_file_range), then every object
 * file and every folder holding one is flushed (fsync) from several threads at once, so that
 * the kernel merges the waits. Only then is the branch moved, and its file and folder flushed.
 * The guarantee is the one libgit2 gives: once the branch names a version, every object of it
 * is on the disk.
 *
 * An object file written with flushing off and cut short by a power cut may stay behind,
 * damaged, under its final name; a later version with the same content would find it there
 * and not write it again. So an object a version needs that was already there is read back
 * (libgit2 checks its hash) before it is trusted, and a damaged one is removed and written
 * anew. */
#include "store/repo_internal.h"

#include "content/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void rb_repo_batch_writes(bool on)
{
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, on ? 0 : 1);
	/* libgit2 checks that each object a tree or commit names is there, and takes a damaged
	 * file for one that is: roadbook reads back the objects a version needs instead */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, on ? 0 : 1);
}

bool rb_objset_has(const struct rb_objset *s, const git_oid *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (git_oid_equal(&s->v[i], id))
			return true;
	return false;
}

void rb_objset_add(struct rb_objset *s, const git_oid *id)
{
	if (rb_objset_has(s, id))
		return;
	git_oid *v = realloc(s->v, (s->n + 1) * sizeof *v);
	if (!v) {
		s->oom = true;
		return;
	}
	s->v = v;
	git_oid_cpy(&s->v[s->n++], id);
}

void rb_objset_free(struct rb_objset *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* "COMMONDIR/objects/ab/cdef…" for id, or with dir_only "COMMONDIR/objects/ab". */
static char *loose_path(struct rb_repo *r, const git_oid *id, bool dir_only)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof hex, id);
	struct rb_buf b = {0};
	rb_buf_printf(&b, "%sobjects/%.2s", git_repository_commondir(r->git), hex);
	if (!dir_only)
		rb_buf_printf(&b, "/%s", hex + 2);
	return rb_buf_take(&b);
}

bool rb_repo_object_sound(struct rb_repo *r, const git_oid *id)
{
	git_odb *odb = NULL;
	git_odb_object *obj = NULL;
	bool sound = git_repository_odb(&odb, r->git) == 0 && git_odb_read(&obj, odb, id) == 0;
	git_odb_object_free(obj);
	git_odb_free(odb);
	if (!sound) {
		char *p = loose_path(r, id, false);
		if (p)
			unlink(p);
		free(p);
	}
	return sound;
}

/* ---- flushing many files at once ---- */

int rb_repo_thread(pthread_t *t, void *(*fn)(void *), void *arg)
{
	sigset_t all, was;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &was); /* signals stay with the program's own thread */
	int rc = pthread_create(t, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	return rc;
}

#define RB_FLUSHERS 8 /* threads at most, this one included */

struct flush_job {
	const int *fd;
	size_t n;
	atomic_size_t next;
	atomic_int err; /* the first error, or 0 */
};

static void *flush_worker(void *arg)
{
	struct flush_job *j = arg;
	for (size_t i; (i = atomic_fetch_add(&j->next, 1)) < j->n;)
		if (j->fd[i] >= 0 && fsync(j->fd[i]) != 0) {
			int none = 0;
			atomic_compare_exchange_strong(&j->err, &none, errno ? errno : EIO);
		}
	return NULL;
}

/* fsync()s the n descriptors (-1: none) from several threads, so that the disk is asked for
 * all of them together rather than one after the other: the kernel merges the waits for its
 * journal and for the disk's cache. Returns 0 or the first errno. Without threads (none could
 * be made) this one does them all. */
static int flush_all(const int *fd, size_t n)
{
	struct flush_job j = {.fd = fd, .n = n};
	atomic_init(&j.next, 0);
	atomic_init(&j.err, 0);
	pthread_t t[RB_FLUSHERS - 1];
	size_t want = n > RB_FLUSHERS ? RB_FLUSHERS - 1 : (n ? n - 1 : 0), nt = 0;
	while (nt < want && rb_repo_thread(&t[nt], flush_worker, &j) == 0)
		nt++;
	flush_worker(&j);
	for (size_t k = 0; k < nt; k++)
		pthread_join(t[k], NULL);
	return atomic_load(&j.err);
}

/* Opens path for flushing (folders with O_DIRECTORY). -1 with errno 0 when it does not exist:
 * an object kept in a pack, which was flushed when the pack was made. */
static int open_flush(const char *path, int flags)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | flags);
	if (fd < 0 && errno == ENOENT)
		errno = 0;
	return fd;
}

int rb_repo_flush_objects(struct rb_repo *r, const struct rb_objset *s)
{
	if (s->oom) {
		errno = ENOMEM;
		return -1;
	}
	/* each object's file, its folder (once), and objects/ for a folder made for it */
	size_t max = 2 * s->n + 1, n = 0;
	int *fd = malloc((max + 1) * sizeof *fd);
	char **dirs = calloc(s->n + 1, sizeof *dirs);
	size_t ndirs = 0;
	int err = fd && dirs ? 0 : ENOMEM;
	for (size_t i = 0; !err && i < s->n; i++) {
		char *p = loose_path(r, &s->v[i], false);
		char *d = loose_path(r, &s->v[i], true);
		int f = p && d ? open_flush(p, 0) : (errno = ENOMEM, -1);
		if (f < 0 && errno)
			err = errno;
		if (f >= 0) {
			/* its data on the way now: the flushes below then wait for it once */
			sync_file_range(f, 0, 0, SYNC_FILE_RANGE_WRITE);
			fd[n++] = f;
		}
		bool seen = f < 0 || !d;
		for (size_t k = 0; k < ndirs && !seen; k++)
			seen = strcmp(dirs[k], d) == 0;
		if (seen)
			free(d);
		else
			dirs[ndirs++] = d;
		free(p);
	}
	struct rb_buf objects = {0};
	if (!err && ndirs) {
		rb_buf_printf(&objects, "%sobjects", git_repository_commondir(r->git));
		err = objects.oom ? ENOMEM : 0;
	}
	for (size_t k = 0; !err && k <= ndirs && ndirs; k++) {
		int f = open_flush(k < ndirs ? dirs[k] : objects.data, O_DIRECTORY);
		if (f < 0 && errno)
			err = errno;
		if (f >= 0)
			fd[n++] = f;
	}
	if (!err)
		err = flush_all(fd, n);
	for (size_t i = 0; fd && i < n; i++)
		close(fd[i]);
	for (size_t k = 0; k < ndirs; k++)
		free(dirs[k]);
	rb_buf_free(&objects);
	free(dirs);
	free(fd);
	errno = err;
	return err ? -1 : 0;
}

/* The file of ref name (HEAD lives in the git folder, branches in the common one). */
static char *ref_path(struct rb_repo *r, const char *name)
{
	struct rb_buf b = {0};
	rb_buf_printf(&b, "%s%s",
		      strcmp(name, "HEAD") == 0 ? git_repository_path(r->git)
						: git_repository_commondir(r->git),
		      name);
	return rb_buf_take(&b);
}

int rb_repo_move_head(struct rb_repo *r, git_commit *c, const git_oid *was, int *errnum)
{
	*errnum = 0;
	git_reference *head = NULL, *moved = NULL;
	if (git_reference_lookup(&head, r->git, "HEAD") < 0)
		return -1;
	const char *name = git_reference_type(head) == GIT_REFERENCE_SYMBOLIC
			       ? git_reference_symbolic_target(head)
			       : "HEAD";
	/* the reflog line git itself writes for a commit */
	size_t parents = git_commit_parentcount(c);
	const char *summary = git_commit_summary(c);
	struct rb_buf log = {0};
	rb_buf_printf(&log, "commit%s: %s",
		      parents == 0  ? " (initial)"
		      : parents > 1 ? " (merge)"
				    : "",
		      summary ? summary : "");
	/* libgit2 reads its flushing setting when it opens a ref store: one opened now, with
	 * flushing off, writes the branch and its reflogs without waiting; the branch's file is
	 * flushed below (the reflogs are a record, not needed to find the version) */
	git_refdb *kept = NULL, *quick = NULL;
	int rc = -1;
	if (!log.data)
		*errnum = ENOMEM;
	else if (git_repository_refdb(&kept, r->git) == 0 && git_refdb_open(&quick, r->git) == 0 &&
		 git_repository_set_refdb(r->git, quick) == 0)
		rc =
		    was ? git_reference_create_matching(&moved, r->git, name, git_commit_id(c), 1,
							was, log.data)
			: git_reference_create(&moved, r->git, name, git_commit_id(c), 0, log.data);
	if (kept)
		git_repository_set_refdb(r->git, kept);
	git_refdb_free(quick);
	git_refdb_free(kept);
	if (rc == 0) {
		char *p = ref_path(r, name);
		char *slash = p ? strrchr(p, '/') : NULL;
		int fd[2] = {-1, -1}, e = slash ? 0 : ENOMEM;
		if (!e && (fd[0] = open_flush(p, 0)) < 0)
			e = errno ? errno : ENOENT;
		if (!e) {
			*slash = '\0';
			if ((fd[1] = open_flush(p, O_DIRECTORY)) < 0)
				e = errno ? errno : ENOENT;
		}
		if (!e)
			e = flush_all(fd, 2);
		for (size_t k = 0; k < 2; k++)
			if (fd[k] >= 0)
				close(fd[k]);
		if (e) {
			rc = -1;
			*errnum = e;
		}
		free(p);
	}
	rb_buf_free(&log);
	git_reference_free(moved);
	git_reference_free(head);
	return rc;
}
