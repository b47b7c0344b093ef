/* repo_durable.c - a new version made durable in few flushes (see repo_internal.h and
 * docs/storage.md, "Crash safety").
 *
 * libgit2, with GIT_OPT_ENABLE_FSYNC_GITDIR, flushes each object it writes, then its folder,
 * then the branch and both reflogs: 16 flushes for a version of two changed files, each one
 * waiting for the disk before the next object is even compressed. A snapshot instead writes
 * its objects with libgit2's flushing off, then makes them durable together: every file's
 * data is sent to the disk first (sync_file_range), then each file and each folder holding
 * one is flushed (fsync), so the flushes after the first find their work done. Only then is
 * the branch moved, and its file flushed. The guarantee is the one libgit2 gives: once the
 * branch names a version, every object of it is on the disk.
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

/* fsync()s the file or folder at path; ENOENT counts as done (an object kept in a pack, which
 * was flushed when the pack was made). */
static int flush_path(const char *path, int flags)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | flags);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	int rc = fsync(fd);
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int rb_repo_flush_objects(struct rb_repo *r, const struct rb_objset *s)
{
	if (s->oom) {
		errno = ENOMEM;
		return -1;
	}
	int *fd = calloc(s->n + 1, sizeof *fd);
	char **dirs = calloc(s->n + 2, sizeof *dirs);
	size_t ndirs = 0;
	int rc = fd && dirs ? 0 : -1, saved = ENOMEM;
	for (size_t i = 0; i < s->n; i++)
		fd[i] = -1;
	/* every file's data on its way first: the fsyncs below then wait once, not each */
	for (size_t i = 0; rc == 0 && i < s->n; i++) {
		char *p = loose_path(r, &s->v[i], false);
		char *d = loose_path(r, &s->v[i], true);
		if (!p || !d) {
			saved = ENOMEM;
			rc = -1;
		} else if ((fd[i] = open(p, O_RDONLY | O_CLOEXEC)) < 0 && errno != ENOENT) {
			saved = errno;
			rc = -1;
		}
		if (fd[i] >= 0)
			sync_file_range(fd[i], 0, 0, SYNC_FILE_RANGE_WRITE);
		bool seen = !d || fd[i] < 0;
		for (size_t k = 0; k < ndirs && !seen; k++)
			seen = strcmp(dirs[k], d) == 0;
		if (seen)
			free(d);
		else
			dirs[ndirs++] = d;
		free(p);
	}
	for (size_t i = 0; rc == 0 && i < s->n; i++)
		if (fd[i] >= 0 && fsync(fd[i]) != 0) {
			saved = errno;
			rc = -1;
		}
	/* the folders that hold them, and objects/ for a folder made for this version */
	if (rc == 0 && ndirs) {
		struct rb_buf b = {0};
		rb_buf_printf(&b, "%sobjects", git_repository_commondir(r->git));
		if (!(dirs[ndirs++] = rb_buf_take(&b)))
			rc = -1;
	}
	for (size_t k = 0; rc == 0 && k < ndirs; k++)
		if (flush_path(dirs[k], O_DIRECTORY) != 0) {
			saved = errno;
			rc = -1;
		}
	for (size_t i = 0; fd && i < s->n; i++)
		if (fd[i] >= 0)
			close(fd[i]);
	for (size_t k = 0; dirs && k < ndirs; k++)
		free(dirs[k]);
	free(dirs);
	free(fd);
	errno = saved;
	return rc;
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
	struct rb_buf log = {0};
	rb_buf_printf(&log, "commit%s: %s",
		      parents == 0  ? " (initial)"
		      : parents > 1 ? " (merge)"
				    : "",
		      git_commit_summary(c));
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
		int e = !slash ? ENOMEM : flush_path(p, 0) != 0 ? errno : 0;
		if (!e) {
			*slash = '\0';
			e = flush_path(p, O_DIRECTORY) != 0 ? errno : 0;
		}
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
