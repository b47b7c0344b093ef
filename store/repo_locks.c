/* repo_locks.c - lock files left in .git by a roadbook or git that was killed while moving a
 * branch or a remote-tracking reference: libgit2 refuses every later update of that
 * reference while one stays, so roadbook removes them and says so (docs/RELIABILITY.md). */
#include "store/repo.h"
#include "store/repo_internal.h"

#include "content/buf.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Adds to *note (a line each) that the lock file at path was removed. */
static void said_removed(char **note, const char *path, const char *doing)
{
	struct rb_buf b = {0};
	if (*note)
		rb_buf_printf(&b, "%s\n", *note);
	rb_buf_printf(&b,
		      "roadbook removed %s, a lock left by a program that stopped while %s a "
		      "version.",
		      path, doing);
	free(*note);
	*note = rb_buf_take(&b);
}

/* Removes *.lock files under dir (recursively, 4 levels) older than min_age_ms; says which in
 * *note. A killed roadbook or git leaves such locks, and libgit2 refuses every later update
 * of that reference because of them. */
static void clear_locks_in(const char *dir, long long min_age_ms, int depth, char **note)
{
	DIR *d = depth < 4 ? opendir(dir) : NULL;
	if (!d)
		return;
	struct dirent *de;
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		struct rb_buf p = {0};
		rb_buf_printf(&p, "%s/%s", dir, de->d_name);
		struct stat sb;
		size_t n = strlen(de->d_name);
		if (p.data && lstat(p.data, &sb) == 0) {
			long long age = (long long)(now.tv_sec - sb.st_mtim.tv_sec) * 1000 +
					(now.tv_nsec - sb.st_mtim.tv_nsec) / 1000000;
			if (S_ISDIR(sb.st_mode)) {
				clear_locks_in(p.data, min_age_ms, depth + 1, note);
			} else if (S_ISREG(sb.st_mode) && n > 5 &&
				   !strcmp(de->d_name + n - 5, ".lock") && age >= min_age_ms &&
				   unlink(p.data) == 0 && note) {
				said_removed(note, p.data, "updating");
			}
		}
		rb_buf_free(&p);
	}
	closedir(d);
}

void rb_repo_clear_locks(const char *gitdir, const char *under, long long min_age_ms, char **note)
{
	struct rb_buf b = {0};
	rb_buf_printf(&b, "%s/%s", gitdir, under);
	if (b.data)
		clear_locks_in(b.data, min_age_ms, 0, note);
	rb_buf_free(&b);
}

/* The caller holds the workbook's lock, so no other roadbook is saving. A lock file on the
 * branch (refs/heads/main.lock) that stays for half a second is left by a roadbook (or git)
 * that was killed while moving the branch; libgit2 would refuse every later save because of
 * it, so it is removed, and the participant told. */
void rb_repo_clear_stale_ref_lock(struct rb_repo *r, char **note)
{
	git_reference *head = NULL;
	if (git_reference_lookup(&head, r->git, "HEAD") < 0)
		return;
	const char *target = git_reference_symbolic_target(head);
	struct rb_buf lock = {0};
	if (target && rb_path_is_safe(target))
		rb_buf_printf(&lock, "%s%s.lock", git_repository_path(r->git), target);
	git_reference_free(head);
	if (!lock.data) {
		rb_buf_free(&lock);
		return;
	}
	for (int i = 0; i < 10 && access(lock.data, F_OK) == 0; i++) {
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	if (access(lock.data, F_OK) == 0 && unlink(lock.data) == 0 && note)
		said_removed(note, lock.data, "saving");
	rb_buf_free(&lock);
}
