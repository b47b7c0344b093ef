/* repo_commit.c - making a version: the files written to the working folder, their blobs,
 * the tree and the commit, made durable in as few flushes as the guarantee allows (see
 * repo.h and docs/storage.md). */
#include "store/repo.h"
#include "store/repo_internal.h"

#include "content/buf.h"
#include "content/sanitize.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- committing ---- */

static char *workpath(const struct rb_repo *r, const char *path)
{
	struct rb_buf b = {0};
	rb_buf_printf(&b, "%s/%s", r->dir, path);
	return rb_buf_take(&b);
}

/* Writes data to path through path.roadbook-tmp and rename(), making folders as needed. */
static int write_atomic(const char *path, const char *data, size_t len)
{
	char *tmp = NULL;
	struct rb_buf b = {0};
	rb_buf_printf(&b, "%s.roadbook-tmp", path);
	if (!(tmp = rb_buf_take(&b)))
		return -1;
	char *slash = strrchr(tmp, '/');
	if (slash) {
		*slash = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST) {
			free(tmp);
			return -1;
		}
		*slash = '/';
	}
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int rc = fd < 0 ? -1 : 0;
	for (size_t off = 0; rc == 0 && off < len;) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			rc = -1;
		else
			off += (size_t)w;
	}
	if (fd >= 0 && close(fd) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
	if (rc != 0) {
		int saved = errno;
		unlink(tmp);
		errno = saved;
	}
	free(tmp);
	return rc;
}

static bool listed(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

static bool in_files(const struct rb_commit_in *in, const char *path)
{
	for (size_t i = 0; i < in->nfiles; i++)
		if (strcmp(in->files[i].path, path) == 0)
			return true;
	return false;
}

/* Replaces git's index with one built from tree, in one rename(): the stat data of the files
 * roadbook has just written is filled in, so `git status` need not read them again. */
static void refresh_index(struct rb_repo *r, git_tree *tree, const struct rb_commit_in *in,
			  char **note)
{
	const char *gitdir = git_repository_path(r->git);
	struct rb_buf lock = {0}, tmp = {0}, tmplock = {0}, index = {0};
	rb_buf_printf(&lock, "%sindex.lock", gitdir);
	rb_buf_printf(&tmp, "%sroadbook-index", gitdir);
	rb_buf_printf(&tmplock, "%sroadbook-index.lock", gitdir);
	rb_buf_printf(&index, "%sindex", gitdir);
	git_index *idx = NULL;
	if (lock.oom || tmp.oom || tmplock.oom || index.oom)
		goto done;
	if (access(lock.data, F_OK) == 0) {
		if (note && !*note)
			*note =
			    strdup("The version is saved, but git's own list of files is locked "
				   "by another git command (.git/index.lock). If no git command "
				   "is running, delete that file.");
		goto done;
	}
	unlink(tmp.data);
	unlink(tmplock.data); /* left by a roadbook that was stopped here */
	if (git_index_open(&idx, tmp.data) < 0 || git_index_read_tree(idx, tree) < 0)
		goto done;
	for (size_t i = 0; i < in->nfiles; i++) {
		const git_index_entry *e = git_index_get_bypath(idx, in->files[i].path, 0);
		char *p = workpath(r, in->files[i].path);
		struct stat st;
		if (e && p && lstat(p, &st) == 0 && S_ISREG(st.st_mode) &&
		    (size_t)st.st_size == in->files[i].len) {
			git_index_entry copy = *e;
			copy.ctime.seconds = (int32_t)st.st_ctim.tv_sec;
			copy.ctime.nanoseconds = (uint32_t)st.st_ctim.tv_nsec;
			copy.mtime.seconds = (int32_t)st.st_mtim.tv_sec;
			copy.mtime.nanoseconds = (uint32_t)st.st_mtim.tv_nsec;
			copy.dev = (uint32_t)st.st_dev;
			copy.ino = (uint32_t)st.st_ino;
			copy.uid = (uint32_t)st.st_uid;
			copy.gid = (uint32_t)st.st_gid;
			copy.file_size = (uint32_t)st.st_size;
			git_index_add(idx, &copy);
		}
		free(p);
	}
	if (git_index_write(idx) == 0 && access(lock.data, F_OK) != 0)
		rename(tmp.data, index.data);
done:
	git_index_free(idx);
	unlink(tmp.data);
	rb_buf_free(&lock);
	rb_buf_free(&tmp);
	rb_buf_free(&tmplock);
	rb_buf_free(&index);
}

/* Stores f as the blob whose id is *oid (from rb_repo_blob_id). git_blob_create_from_buffer would
 * hash the bytes a second time, and hashing (SHA-1 with collision detection) costs about as much as
 * compressing them: the blob goes to the first backend that writes, as git_odb_write sends
 * it. A blob already there is read back first (repo_durable.c). Returns 0, or a libgit2
 * error. */
static int store_blob(struct rb_repo *r, const git_oid *oid, const struct rb_repo_file *f)
{
	git_odb *odb = NULL;
	int rc = git_repository_odb(&odb, r->git);
	/* not looked for in packs made since they were last listed: at worst a copy is stored */
	if (rc < 0 || (git_odb_exists_ext(odb, oid, GIT_ODB_LOOKUP_NO_REFRESH) &&
		       rb_repo_object_sound(r, oid))) {
		git_odb_free(odb);
		return rc;
	}
	bool sent = false;
	for (size_t i = 0, n = git_odb_num_backends(odb); i < n && !sent; i++) {
		git_odb_backend *b = NULL;
		if (git_odb_get_backend(&b, odb, i) == 0 && b->write) {
			rc = b->write(b, oid, f->data, f->len, GIT_OBJECT_BLOB);
			sent = true;
		}
	}
	git_odb_free(odb);
	if (!sent) { /* no backend writes: libgit2's own way, which says why */
		git_oid again;
		rc = git_blob_create_from_buffer(&again, r->git, f->data, f->len);
	}
	return rc;
}

/* A working file that could not be written: *err says why and what to do. */
static enum rb_repo_status work_failed(char **err, const char *p, int errnum)
{
	struct rb_buf b = {0};
	struct stat sb;
	if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
		rb_buf_printf(&b,
			      "%s is a folder, but roadbook keeps this part of the workbook in a "
			      "file of that name: move the folder away, then save again. Your "
			      "answers are safe in roadbook.",
			      p);
	else
		rb_buf_printf(&b, "roadbook could not write %s (%s). %s", p, strerror(errnum),
			      rb_write_advice(errnum, NULL));
	*err = rb_buf_take(&b);
	return RB_REPO_ERR;
}

/* A changed file written to the working folder and stored as a blob by a thread of its own
 * while this one goes on with the other files, the trees and the commit: compressing
 * strategy.md is the longest step of a version, creating and renaming files the next, and
 * with libgit2's checks off (rb_repo_batch_writes) nothing before the flush needs the blobs
 * there. At most RB_BG_FILES at once; the others are done by this thread. */
#define RB_BG_FILES 4

struct bg_file {
	pthread_t thread;
	bool running;
	struct rb_repo *r;
	const struct rb_repo_file *f;
	char *work;     /* the working file to write, or NULL */
	int work_errno; /* why writing it failed, or 0 */
	bool store;     /* its blob, under oid, to store */
	git_oid oid;
	int rc;        /* store_blob's result */
	char why[512]; /* libgit2's error in that thread */
};

static void *bg_run(void *arg)
{
	struct bg_file *b = arg;
	if (b->work && write_atomic(b->work, b->f->data, b->f->len) != 0)
		b->work_errno = errno ? errno : EIO;
	if (b->store && !b->work_errno) {
		b->rc = store_blob(b->r, &b->oid, b->f);
		const git_error *e = b->rc < 0 ? git_error_last() : NULL;
		snprintf(b->why, sizeof b->why, "%s", e && e->message ? e->message : "");
	}
	return NULL;
}

/* Hands f over to a thread of its own when one of the RB_BG_FILES slots is free (and libgit2
 * was built for threads): work, when not NULL, is the working file to write (then owned by
 * the slot), oid, when not NULL, the blob to store. false when this thread is to do it. */
static bool bg_start(struct bg_file *slots, struct rb_repo *r, const struct rb_repo_file *f,
		     char *work, const git_oid *oid)
{
	struct bg_file *bg = NULL;
	for (size_t i = 0; i < RB_BG_FILES && !bg; i++)
		if (!slots[i].running)
			bg = &slots[i];
	if (!bg || (!work && !oid) || !(git_libgit2_features() & GIT_FEATURE_THREADS))
		return false;
	*bg = (struct bg_file){.r = r, .f = f, .work = work, .store = oid != NULL};
	if (oid)
		bg->oid = *oid;
	if (rb_repo_thread(&bg->thread, bg_run, bg) != 0) {
		bg->work = NULL;
		return false;
	}
	bg->running = true;
	return true;
}

static enum rb_repo_status bg_wait1(struct bg_file *bg, char **err)
{
	if (!bg->running)
		return RB_REPO_OK;
	pthread_join(bg->thread, NULL);
	bg->running = false;
	enum rb_repo_status st = RB_REPO_OK;
	if (bg->work_errno) {
		st = err ? work_failed(err, bg->work, bg->work_errno) : RB_REPO_ERR;
	} else if (bg->store && bg->rc < 0) {
		if (*bg->why)
			git_error_set_str(GIT_ERROR_OS, bg->why);
		st = err ? rb_repo_fail_write(err, "roadbook could not store a version of a file")
			 : RB_REPO_ERR;
	} else if (bg->work) {
		rb_repo_work_note(bg->r, bg->f, bg->work);
	}
	free(bg->work);
	bg->work = NULL;
	return st;
}

/* Waits for every file's thread: RB_REPO_OK, or the first that failed, said in *err (unless
 * err is NULL: a version already failing). */
static enum rb_repo_status bg_wait(struct bg_file *slots, char **err)
{
	enum rb_repo_status st = RB_REPO_OK;
	for (size_t i = 0; i < RB_BG_FILES; i++)
		if (bg_wait1(&slots[i], st == RB_REPO_OK ? err : NULL) != RB_REPO_OK)
			st = RB_REPO_ERR;
	return st;
}

/* The objects of a version flushed by another thread (rb_repo_flush_objects). */
struct bg_flush {
	pthread_t thread;
	struct rb_repo *r;
	const struct rb_objset *set;
	int rc, errnum;
};

static void *bg_flush(void *arg)
{
	struct bg_flush *f = arg;
	f->rc = rb_repo_flush_objects(f->r, f->set);
	f->errnum = f->rc ? errno : 0;
	return NULL;
}

/* Adds to set the trees of tree (just made from base with up) that base does not hold: those
 * of the folders an update reaches into. false when one is damaged (it is then removed). */
static bool new_trees(struct rb_repo *r, git_tree *base, git_tree *tree, const git_tree_update *up,
		      size_t nup, struct rb_objset *set)
{
	for (size_t i = 0; i < nup; i++) {
		char dir[1024];
		snprintf(dir, sizeof dir, "%s", up[i].path);
		for (char *slash = strrchr(dir, '/'); slash; slash = strrchr(dir, '/')) {
			*slash = '\0';
			git_tree_entry *now = NULL, *was = NULL;
			bool fresh =
			    git_tree_entry_bypath(&now, tree, dir) == 0 &&
			    git_tree_entry_type(now) == GIT_OBJECT_TREE &&
			    !rb_objset_has(set, git_tree_entry_id(now)) && /* checked already */
			    !(base && git_tree_entry_bypath(&was, base, dir) == 0 &&
			      git_oid_equal(git_tree_entry_id(was), git_tree_entry_id(now)));
			bool sound = !fresh || rb_repo_object_sound(r, git_tree_entry_id(now));
			if (fresh && sound)
				rb_objset_add(set, git_tree_entry_id(now));
			git_tree_entry_free(now);
			git_tree_entry_free(was);
			if (!sound)
				return false;
		}
	}
	return true;
}

/* A version that could not be made durable: errnum from flushing it. */
static enum rb_repo_status write_failed(char **err, int errnum)
{
	struct rb_buf b = {0};
	rb_buf_printf(&b, "roadbook could not save a version of this workbook (%s). %s",
		      strerror(errnum), rb_write_advice(errnum, NULL));
	*err = rb_buf_take(&b);
	return RB_REPO_ERR;
}

/* A signature from the participant's profile: git refuses '<', '>' and newlines, and libgit2
 * an empty email; without one, a placeholder under the reserved .invalid domain says so. */
int rb_repo_signature(git_signature **out, const char *name, const char *email)
{
	char n[256], e[256];
	snprintf(n, sizeof n, "%s", name && *name ? name : "roadbook participant");
	for (char *p = n; *p; p++)
		if (*p == '<' || *p == '>' || *p == '\n' || *p == '\r')
			*p = ' ';
	if (email && *email) {
		snprintf(e, sizeof e, "%s", email);
	} else {
		size_t k = 0;
		for (const char *p = n; *p && k < 64; p++) {
			unsigned char ch = (unsigned char)*p;
			if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
				e[k++] = (char)ch;
			else if (ch >= 'A' && ch <= 'Z')
				e[k++] = (char)(ch - 'A' + 'a');
			else if (k && e[k - 1] != '.')
				e[k++] = '.';
		}
		while (k && e[k - 1] == '.')
			k--;
		snprintf(e + k, sizeof e - k, "%sroadbook.invalid", k ? "@" : "participant@");
	}
	for (char *p = e; *p; p++)
		if (*p == '<' || *p == '>' || *p == '\n' || *p == '\r' || *p == ' ')
			*p = '-';
	return git_signature_now(out, n, e);
}

enum rb_repo_status rb_repo_commit(struct rb_repo *r, const struct rb_commit_in *in, char id[41],
				   bool *committed, char **note, char **err)
{
	*committed = false;
	git_commit *head = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_tree_update *up = NULL;
	git_signature *sig = NULL;
	size_t nup = 0;
	git_oid tree_id, commit_id;
	struct rb_objset added = {0}; /* flushed together before HEAD names them */
	struct bg_file bg[RB_BG_FILES] = {0};
	/* every path written comes from roadbook's own names, but ids reach them from lessons
	 * and answers files: nothing may point outside the workbook or into .git */
	for (size_t i = 0; i < in->nfiles + in->nkeep + (in->prune != NULL); i++) {
		const char *p = i < in->nfiles               ? in->files[i].path
				: i < in->nfiles + in->nkeep ? in->keep[i - in->nfiles]
							     : in->prune;
		if (!rb_path_is_safe(p)) {
			char *safe = rb_sanitize(p, strlen(p), RB_SAN_SINGLE_LINE, NULL);
			struct rb_buf b = {0};
			rb_buf_printf(
			    &b,
			    "roadbook refused to write '%s': that name would reach outside "
			    "the workbook folder. Nothing was saved; the curriculum may have "
			    "a bad id (run roadbook lint).",
			    safe ? safe : "?");
			free(safe);
			*err = rb_buf_take(&b);
			return RB_REPO_ERR;
		}
	}
	enum rb_repo_status st = rb_repo_lookup_commit(r, NULL, &head, err);
	if (st == RB_REPO_ERR)
		return st;
	st = RB_REPO_OK;
	rb_repo_batch_writes(true); /* until done: checked and flushed together */
	if (head && git_commit_tree(&base, head) < 0) {
		st = rb_repo_fail(
		    err, "roadbook could not read the latest version of this workbook", NULL);
		goto done;
	}
	git_tree *prune_tree = NULL;
	if (base && in->prune) {
		git_tree_entry *te = NULL;
		if (git_tree_entry_bypath(&te, base, in->prune) == 0 &&
		    git_tree_entry_type(te) == GIT_OBJECT_TREE)
			git_tree_lookup(&prune_tree, r->git, git_tree_entry_id(te));
		git_tree_entry_free(te);
	}
	size_t nprune = prune_tree ? git_tree_entrycount(prune_tree) : 0;
	up = calloc(in->nfiles + nprune + 1, sizeof *up);
	char **paths = calloc(nprune + 1, sizeof *paths);
	if (!up || !paths) {
		free(paths);
		git_tree_free(prune_tree);
		*err = strdup("roadbook ran out of memory.");
		st = RB_REPO_ERR;
		goto done;
	}
	for (size_t i = 0; i < in->nfiles && st == RB_REPO_OK; i++) {
		const struct rb_repo_file *f = &in->files[i];
		git_oid oid;
		git_tree_entry *te = NULL;
		char *p = workpath(r, f->path);
		bool in_tree = false;
		if (in->same && base) {
			in_tree = in->same[i]; /* HEAD is the tree the caller compared with */
		} else if (!p || rb_repo_blob_id(r, f, &oid) < 0) {
			free(p);
			st = rb_repo_fail_write(err, "roadbook could not prepare a version");
			break;
		} else {
			in_tree = base && git_tree_entry_bypath(&te, base, f->path) == 0 &&
				  git_oid_equal(git_tree_entry_id(te), &oid);
			git_tree_entry_free(te);
		}
		if (!p) {
			*err = strdup("roadbook ran out of memory.");
			st = RB_REPO_ERR;
			break;
		}
		bool current = rb_repo_work_current(r, f, p);
		if (!in_tree && rb_repo_blob_id(r, f, &oid) < 0) {
			free(p);
			st = rb_repo_fail_write(err, "roadbook could not prepare a version");
			break;
		}
		if (bg_start(bg, r, f, current ? NULL : p, in_tree ? NULL : &oid)) {
			if (current)
				free(p);
		} else {
			if (!current && write_atomic(p, f->data, f->len) != 0) {
				st = work_failed(err, p, errno);
				free(p);
				break;
			}
			if (!current)
				rb_repo_work_note(r, f, p);
			free(p);
			if (in_tree)
				continue;
			if (store_blob(r, &oid, f) < 0) {
				st = rb_repo_fail_write(
				    err, "roadbook could not store a version of a file");
				break;
			}
		}
		if (in_tree)
			continue;
		rb_objset_add(&added, &oid);
		up[nup++] = (git_tree_update){.action = GIT_TREE_UPDATE_UPSERT,
					      .id = oid,
					      .filemode = GIT_FILEMODE_BLOB,
					      .path = f->path};
	}
	for (size_t i = 0; i < nprune && st == RB_REPO_OK; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(prune_tree, i);
		struct rb_buf b = {0};
		rb_buf_printf(&b, "%s/%s", in->prune, git_tree_entry_name(e));
		if (!(paths[i] = rb_buf_take(&b)))
			continue;
		if (in_files(in, paths[i]) || listed(in->keep, in->nkeep, paths[i]))
			continue;
		up[nup++] = (git_tree_update){.action = GIT_TREE_UPDATE_REMOVE, .path = paths[i]};
		char *p = workpath(r, paths[i]);
		if (p)
			unlink(p);
		free(p);
	}
	git_tree_free(prune_tree);
	/* a tree found damaged (left by a power cut) is removed, and the trees made again: a
	 * round for each level (the root is read before the folders it names) */
	for (int round = 1; st == RB_REPO_OK; round++) {
		bool made = git_tree_create_updated(&tree_id, r->git, base, nup, up) == 0;
		if (made && git_tree_lookup(&tree, r->git, &tree_id) == 0 &&
		    new_trees(r, base, tree, up, nup, &added)) {
			rb_objset_add(&added, &tree_id);
			break;
		}
		if (made && !tree)
			rb_repo_object_sound(r, &tree_id);
		git_tree_free(tree);
		tree = NULL;
		if (round == 4)
			st = rb_repo_fail_write(err, "roadbook could not prepare a version");
	}
	for (size_t i = 0; i < nprune; i++)
		free(paths[i]);
	free(paths);
	if (st != RB_REPO_OK)
		goto done;
	git_commit *other = NULL;
	if (in->merge) {
		git_oid mid;
		if (git_oid_fromstr(&mid, in->merge) < 0 ||
		    git_commit_lookup(&other, r->git, &mid) < 0) {
			st = rb_repo_fail(err, DAMAGED, FSCK_ADVICE);
			goto done;
		}
	}
	if (head && !other && git_oid_equal(&tree_id, git_tree_id(base))) {
		rb_oid_hex(git_commit_id(head), id);
		refresh_index(r, tree, in, NULL);
		goto done;
	}
	rb_repo_clear_stale_ref_lock(r, note);
	const git_commit *parents[2] = {head, other};
	struct rb_buf msg = {0};
	rb_buf_printf(&msg, "%s\n", in->message);
	git_commit *made = NULL;
	int rc = msg.oom ? -1 : rb_repo_signature(&sig, in->name, in->email);
	char why[512] = "";
	for (int round = 1; rc == 0; round++) {
		git_error_clear();
		rc = git_commit_create(&commit_id, r->git, NULL, sig, sig, NULL, msg.data, tree,
				       head ? (other ? 2 : 1) : 0, parents);
		const git_error *e = git_error_last();
		snprintf(why, sizeof why, "%s", e && e->message ? e->message : "");
		if (rc == 0 && git_commit_lookup(&made, r->git, &commit_id) == 0)
			break;
		if (rc == 0 && round == 1 && !rb_repo_object_sound(r, &commit_id))
			continue; /* damaged (now removed) or missing: made again */
		/* libgit2 1.5 returns 0 when writing the commit object failed (a full disk): what
		 * it said then is the reason */
		if (rc == 0 && *why)
			git_error_set_str(GIT_ERROR_OS, why);
		rc = -1;
	}
	rb_buf_free(&msg);
	git_commit_free(other);
	int errnum = 0;
	if (rc == 0)
		rb_objset_add(&added, &commit_id);
	if (rc == 0 && bg_wait(bg, err) != RB_REPO_OK) {
		st = RB_REPO_ERR; /* *err says what failed in the second thread */
		rc = -1;
	}
	if (rc == 0) {
		/* git's index is rebuilt while the disk flushes: it names the new tree a moment
		 * before the branch does, and nothing reads it in between */
		struct bg_flush fl = {.r = r, .set = &added};
		bool threaded = rb_repo_thread(&fl.thread, bg_flush, &fl) == 0;
		if (!threaded)
			bg_flush(&fl);
		refresh_index(r, tree, in, note);
		if (threaded)
			pthread_join(fl.thread, NULL);
		if (fl.rc != 0) {
			errnum = fl.errnum;
			rc = -1;
		}
	}
	if (rc == 0)
		rc = rb_repo_move_head(r, made, head ? git_commit_id(head) : NULL, &errnum);
	git_commit_free(made);
	if (rc != 0) {
		if (st == RB_REPO_OK)
			st = errnum
				 ? write_failed(err, errnum)
				 : rb_repo_fail_write(
				       err, "roadbook could not save a version of this workbook");
		goto done;
	}
	/* believe only a HEAD that now names the new version */
	git_oid now;
	if (git_reference_name_to_id(&now, r->git, "HEAD") < 0 ||
	    !git_oid_equal(&now, &commit_id)) {
		st = rb_repo_fail_write(err, "roadbook could not save a version of this workbook");
		goto done;
	}
	rb_oid_hex(&commit_id, id);
	*committed = true;
done:
	if (bg_wait(bg, st == RB_REPO_OK ? err : NULL) != RB_REPO_OK)
		st = RB_REPO_ERR;
	rb_repo_batch_writes(false);
	rb_objset_free(&added);
	git_signature_free(sig);
	free(up);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(head);
	return st;
}
