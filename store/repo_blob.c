/* repo_blob.c - the blob id of each file of a version, remembered with its bytes (see
 * repo_internal.h): most of a version's files are as they were, and comparing bytes costs far
 * less than git's collision-detecting SHA-1. A large file's id is worked out ahead by a second
 * thread; a working file is known to hold a blob by its stat data. */
#include "store/repo.h"
#include "store/repo_internal.h"

#include "content/buf.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* true when the file at path holds exactly data. */
static bool same_on_disk(const char *path, const char *data, size_t len)
{
	size_t n;
	char *cur = rb_read_file(path, &n);
	bool same = cur && n == len && memcmp(cur, data, len) == 0;
	free(cur);
	return same;
}

/* ---- blob ids worked out ahead ---- */

#define RB_HASH_AHEAD_MIN (16u << 10)

static void *hash_ahead(void *arg)
{
	struct rb_hash_ahead *a = arg;
	a->rc = git_odb_hash(&a->oid, a->data, a->len, GIT_OBJECT_BLOB);
	return NULL;
}

void rb_repo_hash_ahead(struct rb_repo *r, const struct rb_repo_file *f)
{
	struct rb_hash_ahead *a = &r->ahead;
	if (a->running || f->len < RB_HASH_AHEAD_MIN ||
	    !(git_libgit2_features() & GIT_FEATURE_THREADS))
		return;
	a->path = strdup(f->path);
	a->data = malloc(f->len + 1);
	if (a->path && a->data) {
		memcpy(a->data, f->data, f->len);
		a->len = f->len;
		a->running = rb_repo_thread(&a->thread, hash_ahead, a) == 0;
	}
	if (!a->running) {
		free(a->path);
		free(a->data);
		a->path = a->data = NULL;
	}
}

bool rb_repo_hash_take(struct rb_repo *r, const struct rb_repo_file *f, git_oid *oid, char **data)
{
	struct rb_hash_ahead *a = &r->ahead;
	if (!a->running)
		return false;
	if (f && strcmp(a->path, f->path) != 0)
		return false; /* another file's: left to be taken with its own */
	pthread_join(a->thread, NULL);
	a->running = false;
	bool same = f && a->rc == 0 && a->len == f->len && memcmp(a->data, f->data, f->len) == 0;
	if (same)
		*oid = a->oid;
	*data = a->data;
	free(a->path);
	a->path = a->data = NULL;
	return same;
}

/* The memo of f's path when it holds exactly f's bytes, or NULL. */
static struct rb_blob_memo *memo_for(struct rb_repo *r, const struct rb_repo_file *f)
{
	for (size_t i = 0; i < r->nmemo; i++) {
		struct rb_blob_memo *m = &r->memo[i];
		if (!strcmp(m->path, f->path))
			return m->len == f->len && memcmp(m->data, f->data, f->len) == 0 ? m : NULL;
	}
	return NULL;
}

/* The blob id of a file's content, from the memo when the bytes are those hashed last time
 * for that path. Returns 0, or -1 (out of memory, or libgit2 could not hash). */
int rb_repo_blob_id(struct rb_repo *r, const struct rb_repo_file *f, git_oid *oid)
{
	struct rb_blob_memo *m = memo_for(r, f);
	char *copy = NULL;
	if (m) {
		git_oid unused;
		rb_repo_hash_take(r, f, &unused, &copy); /* not needed after all */
		free(copy);
		*oid = m->oid;
		return 0;
	}
	if (!rb_repo_hash_take(r, f, oid, &copy)) {
		free(copy); /* worked out for other bytes */
		if (git_odb_hash(oid, f->data, f->len, GIT_OBJECT_BLOB) < 0)
			return -1;
		copy = malloc(f->len + 1);
		if (!copy)
			return 0; /* the id is right; it is just not remembered */
		memcpy(copy, f->data, f->len);
	}
	for (size_t i = 0; i < r->nmemo && !m; i++)
		if (!strcmp(r->memo[i].path, f->path))
			m = &r->memo[i];
	if (!m) {
		struct rb_blob_memo *v = realloc(r->memo, (r->nmemo + 1) * sizeof *v);
		char *path = strdup(f->path);
		if (!v || !path) {
			if (v)
				r->memo = v;
			free(path);
			free(copy);
			return 0;
		}
		r->memo = v;
		m = &r->memo[r->nmemo++];
		m->path = path;
		m->data = NULL;
		m->work_known = false;
	}
	free(m->data);
	m->data = copy;
	m->len = f->len;
	m->oid = *oid;
	return 0;
}

/* Notes the stat data of working file p, which now holds f's bytes. */
void rb_repo_work_note(struct rb_repo *r, const struct rb_repo_file *f, const char *p)
{
	struct rb_blob_memo *m = memo_for(r, f);
	struct stat st;
	if (!m || lstat(p, &st) != 0 || !S_ISREG(st.st_mode))
		return;
	m->work_known = true;
	m->work_oid = m->oid;
	m->dev = st.st_dev;
	m->ino = st.st_ino;
	m->size = st.st_size;
	m->mtime = st.st_mtim;
	m->ctime = st.st_ctim;
}

/* true when working file p holds f's bytes. Its stat data as noted when roadbook last wrote or
 * read it (a file replaced or edited since has another inode or change time) tell without
 * reading it, by the blob id it held then; else it is read and compared. */
bool rb_repo_work_current(struct rb_repo *r, const struct rb_repo_file *f, const char *p)
{
	struct rb_blob_memo *m = memo_for(r, f);
	struct stat st;
	if (m && m->work_known && lstat(p, &st) == 0 && st.st_dev == m->dev &&
	    st.st_ino == m->ino && st.st_size == m->size && st.st_mtim.tv_sec == m->mtime.tv_sec &&
	    st.st_mtim.tv_nsec == m->mtime.tv_nsec && st.st_ctim.tv_sec == m->ctime.tv_sec &&
	    st.st_ctim.tv_nsec == m->ctime.tv_nsec)
		return git_oid_equal(&m->work_oid, &m->oid);
	if (!same_on_disk(p, f->data, f->len))
		return false;
	rb_repo_work_note(r, f, p);
	return true;
}

void rb_repo_blob_hex(const char *data, size_t len, char id[41])
{
	git_oid oid;
	if (git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB) == 0)
		rb_oid_hex(&oid, id);
	else
		id[0] = '\0';
}

void rb_repo_file_hex(struct rb_repo *r, const struct rb_repo_file *f, char id[41])
{
	git_oid oid;
	if (r && rb_repo_blob_id(r, f, &oid) == 0)
		rb_oid_hex(&oid, id);
	else
		rb_repo_blob_hex(f->data, f->len, id);
}

enum rb_repo_status rb_repo_same_as(struct rb_repo *r, const char *id,
				    const struct rb_repo_file *files, size_t n, bool *same,
				    char **err)
{
	for (size_t i = 0; i < n; i++)
		same[i] = false;
	git_tree *tree = NULL;
	enum rb_repo_status st = rb_repo_commit_tree(r, id, &tree, err);
	if (st != RB_REPO_OK)
		return st == RB_REPO_NONE ? RB_REPO_OK : st;
	for (size_t i = 0; i < n; i++) {
		git_oid oid;
		git_tree_entry *te = NULL;
		if (rb_repo_blob_id(r, &files[i], &oid) == 0 &&
		    git_tree_entry_bypath(&te, tree, files[i].path) == 0)
			same[i] = git_oid_equal(git_tree_entry_id(te), &oid);
		git_tree_entry_free(te);
	}
	git_tree_free(tree);
	return RB_REPO_OK;
}
