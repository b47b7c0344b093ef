/* workbook.c - creating, opening and locking a workbook folder (see workbook.h). */
#include "store/workbook.h"

#include "content/buf.h"
#include "content/lesson.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char *join(const char *a, const char *b)
{
	struct rb_buf buf = {0};
	rb_buf_printf(&buf, "%s/%s", a, b);
	return rb_buf_take(&buf);
}

static char *msgdup(const char *s)
{
	return strdup(s);
}

static enum rb_wb_status check_profile(const struct rb_profile *p, char **err)
{
	struct rb_buf b = {0};
	if (!p->name || !*p->name)
		rb_buf_puts(&b, "Give your name with --name, for example --name \"Sam Taylor\". ");
	if (!p->company || !*p->company)
		rb_buf_puts(&b, "Give your company with --company, for example --company \"Taylor "
				"Foods Ltd\". ");
	if (p->employees && *p->employees) {
		char *end;
		long n = strtol(p->employees, &end, 10);
		if (*end || end == p->employees || n < 1 || n > 100000)
			rb_buf_printf(&b,
				      "The number of employees must be a whole number from 1 "
				      "to 100000, not '%s'. ",
				      p->employees);
	}
	if (!b.len) {
		rb_buf_free(&b);
		return RB_WB_OK;
	}
	b.data[b.len - 1] = '\0';
	*err = rb_buf_take(&b);
	return RB_WB_INVALID;
}

/* The database is made under a name of its own (state.db.new-PID), filled, and renamed to
 * state.db only when complete, so that no command ever opens half of one. */
static char *aside_path(const char *state, long pid)
{
	struct rb_buf b = {0};
	rb_buf_printf(&b, "%s/state.db.new-%ld", state, pid);
	return rb_buf_take(&b);
}

/* Removes the side files of a database at path (-wal, -shm, -journal). */
static void unlink_sidecars(const char *path)
{
	static const char *const ext[] = {"-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		struct rb_buf b = {0};
		rb_buf_printf(&b, "%s%s", path, ext[i]);
		if (b.data)
			unlink(b.data);
		rb_buf_free(&b);
	}
}

size_t rb_each_stale(const char *dir, const char *prefix, void (*fn)(const char *path, void *ctx),
		     void *ctx)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	size_t k = strlen(prefix), n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		char *end;
		if (strncmp(e->d_name, prefix, k) != 0)
			continue;
		long pid = strtol(e->d_name + k, &end, 10);
		if (end == e->d_name + k || *end || pid <= 0) /* a side file (-wal): with its own */
			continue;
		if (pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue; /* being made now, by this or another running roadbook */
		char *path = join(dir, e->d_name);
		if (path) {
			fn(path, ctx);
			n++;
		}
		free(path);
	}
	closedir(d);
	return n;
}

static void remove_db(const char *path, void *ctx)
{
	(void)ctx;
	unlink(path);
	unlink_sidecars(path);
}

/* true when path is a database that was never filled: an empty file with no write-ahead log
 * holding anything (a roadbook stopped the moment it created it). */
static bool never_filled(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size != 0)
		return false;
	struct rb_buf wal = {0};
	rb_buf_printf(&wal, "%s-wal", path);
	bool empty = wal.data && (stat(wal.data, &st) != 0 || st.st_size == 0);
	rb_buf_free(&wal);
	return empty;
}

static int fsync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

enum rb_wb_status rb_workbook_create_aside(const char *dir, const struct rb_profile *p,
					   const char *lessons_dir, const char *curriculum_id,
					   const char *curriculum_version, struct rb_db **out,
					   char **err)
{
	*out = NULL;
	enum rb_wb_status st = check_profile(p, err);
	if (st != RB_WB_OK)
		return st;
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "roadbook cannot create the folder %s: %s. Choose a folder you "
			      "can write to.",
			      dir, strerror(errno));
		*err = rb_buf_take(&b);
		return RB_WB_DB;
	}
	char *state = join(dir, ".roadbook");
	char *dbpath = state ? join(state, "state.db") : NULL;
	char *tmp = state ? aside_path(state, (long)getpid()) : NULL;
	if (!dbpath || !tmp) {
		free(state);
		free(dbpath);
		free(tmp);
		*err = msgdup("roadbook ran out of memory.");
		return RB_WB_DB;
	}
	if (never_filled(dbpath)) {
		unlink(dbpath); /* an empty file: nothing in it to lose */
		unlink_sidecars(dbpath);
	}
	if (access(dbpath, F_OK) == 0) {
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "There is already a workbook in %s. Open it with 'roadbook -C "
			      "%s', or choose another folder.",
			      dir, dir);
		*err = rb_buf_take(&b);
		free(state);
		free(dbpath);
		free(tmp);
		return RB_WB_EXISTS;
	}
	if (mkdir(state, 0700) != 0 && errno != EEXIST) {
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "roadbook cannot write in %s: %s. Choose a folder you can write "
			      "to.",
			      dir, strerror(errno));
		*err = rb_buf_take(&b);
		free(state);
		free(dbpath);
		free(tmp);
		return RB_WB_DB;
	}
	rb_each_stale(state, "state.db.new-", remove_db, NULL); /* never used */
	unlink(tmp);
	unlink_sidecars(tmp);
	struct rb_db *db;
	if (rb_db_open(tmp, true, &db, err) != RB_DB_OK) {
		unlink(tmp);
		unlink_sidecars(tmp);
		free(state);
		free(dbpath);
		free(tmp);
		return RB_WB_DB;
	}
	char created[32];
	time_t now = time(NULL);
	strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	char absl[PATH_MAX];
	const char *keys[] = {"name",
			      "company",
			      "sector",
			      "employees",
			      "email",
			      "curriculum_id",
			      "curriculum_version",
			      "curriculum_dir",
			      "created"};
	const char *vals[] = {p->name,
			      p->company,
			      p->sector,
			      p->employees,
			      p->email,
			      curriculum_id,
			      curriculum_version,
			      lessons_dir && realpath(lessons_dir, absl) ? absl : NULL,
			      created};
	/* the profile in one transaction: all of it, or none */
	const char *k[sizeof keys / sizeof keys[0]], *v[sizeof keys / sizeof keys[0]];
	size_t n = 0;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (vals[i] && *vals[i]) {
			k[n] = keys[i];
			v[n++] = vals[i];
		}
	if (rb_db_meta_set_many(db, k, v, n, err) != RB_DB_OK) {
		rb_workbook_discard(dir, db);
		free(state);
		free(dbpath);
		free(tmp);
		return RB_WB_DB;
	}
	free(state);
	free(dbpath);
	free(tmp);
	*out = db;
	return RB_WB_OK;
}

void rb_workbook_discard(const char *dir, struct rb_db *db)
{
	if (!db)
		return;
	rb_db_close(db);
	char *state = join(dir, ".roadbook");
	char *tmp = state ? aside_path(state, (long)getpid()) : NULL;
	if (tmp) {
		unlink(tmp);
		unlink_sidecars(tmp);
	}
	free(state);
	free(tmp);
}

enum rb_wb_status rb_workbook_publish(const char *dir, struct rb_db *db, char **err)
{
	rb_db_close(db); /* the last connection: its log is written into the file and removed */
	char *state = join(dir, ".roadbook");
	char *dbpath = state ? join(state, "state.db") : NULL;
	char *tmp = state ? aside_path(state, (long)getpid()) : NULL;
	char *wal = NULL;
	enum rb_wb_status st = RB_WB_DB;
	struct stat sb;
	if (!dbpath || !tmp) {
		*err = msgdup("roadbook ran out of memory.");
		goto done;
	}
	struct rb_buf wb = {0};
	rb_buf_printf(&wb, "%s-wal", tmp);
	wal = rb_buf_take(&wb);
	const char *why = NULL;
	if (!wal)
		why = "out of memory";
	else if (stat(wal, &sb) == 0 && sb.st_size > 0)
		why = "its log could not be written into it";
	else if (fsync_path(tmp, O_RDONLY) != 0)
		why = strerror(errno);
	if (why) {
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "roadbook could not finish the workbook's database in %s (%s). "
			      "Nothing was changed; check that the disk has room and try again.",
			      state, why);
		*err = rb_buf_take(&b);
		goto done;
	}
	if (never_filled(dbpath)) {
		unlink(dbpath);
		unlink_sidecars(dbpath);
	}
	if (access(dbpath, F_OK) == 0)
		goto taken;
	/* no log of an older database may be read as this one's */
	unlink_sidecars(dbpath);
	/* a link never replaces a database another roadbook put there meanwhile; a file system
	 * without links (a FAT USB stick) gets the rename */
	if (link(tmp, dbpath) == 0) {
		unlink(tmp);
	} else if (errno == EEXIST) {
		goto taken;
	} else if (rename(tmp, dbpath) != 0) {
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "roadbook could not put the workbook's database in place in %s: %s. "
			      "Nothing was changed; try again.",
			      state, strerror(errno));
		*err = rb_buf_take(&b);
		goto done;
	}
	unlink_sidecars(tmp);
	fsync_path(state, O_RDONLY | O_DIRECTORY);
	st = RB_WB_OK;
	goto done;
taken : {
	struct rb_buf b = {0};
	rb_buf_printf(&b,
		      "Another roadbook made this workbook's database in %s at the same time; it "
		      "is used, and this copy is dropped.",
		      dir);
	*err = rb_buf_take(&b);
	st = RB_WB_EXISTS;
}
done:
	if (st != RB_WB_OK && tmp) {
		unlink(tmp);
		unlink_sidecars(tmp);
	}
	free(state);
	free(dbpath);
	free(tmp);
	free(wal);
	return st;
}

enum rb_wb_status rb_workbook_create(const char *dir, const struct rb_profile *p,
				     const char *lessons_dir, const char *curriculum_id,
				     const char *curriculum_version, char **err)
{
	struct rb_db *db = NULL;
	enum rb_wb_status st = rb_workbook_create_aside(dir, p, lessons_dir, curriculum_id,
							curriculum_version, &db, err);
	return st == RB_WB_OK ? rb_workbook_publish(dir, db, err) : st;
}

enum rb_wb_status rb_workbook_open(const char *dir, struct rb_workbook **out, char **err)
{
	*out = NULL;
	struct rb_workbook *wb = calloc(1, sizeof *wb);
	if (!wb) {
		*err = msgdup("roadbook ran out of memory.");
		return RB_WB_DB;
	}
	wb->lock_fd = -1;
	wb->dir = strdup(dir);
	wb->state_dir = join(dir, ".roadbook");
	char *dbpath = wb->state_dir ? join(wb->state_dir, "state.db") : NULL;
	if (!wb->dir || !dbpath) {
		free(dbpath);
		rb_workbook_close(wb);
		*err = msgdup("roadbook ran out of memory.");
		return RB_WB_DB;
	}
	if (never_filled(dbpath)) { /* left by a roadbook stopped as it began: nothing in it */
		unlink(dbpath);
		unlink_sidecars(dbpath);
	}
	if (access(dbpath, F_OK) != 0) {
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "There is no roadbook workbook in %s. Create one with 'roadbook "
			      "init --name NAME --company COMPANY', or try the example with "
			      "'roadbook demo'.",
			      dir);
		*err = rb_buf_take(&b);
		free(dbpath);
		rb_workbook_close(wb);
		return RB_WB_NONE;
	}
	enum rb_db_status s = rb_db_open(dbpath, false, &wb->db, err);
	free(dbpath);
	if (s != RB_DB_OK) {
		rb_workbook_close(wb);
		return s == RB_DB_CORRUPT || s == RB_DB_NOT_OURS ? RB_WB_DAMAGED : RB_WB_DB;
	}
	*out = wb;
	return RB_WB_OK;
}

enum rb_wb_status rb_workbook_lock(struct rb_workbook *wb, char **err)
{
	char *path = join(wb->state_dir, "lock");
	if (!path) {
		*err = msgdup("roadbook ran out of memory.");
		return RB_WB_DB;
	}
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "roadbook cannot write in %s: %s. Your answers are safe; move "
			      "the workbook to a folder you can write to.",
			      wb->dir, strerror(errno));
		*err = rb_buf_take(&b);
		free(path);
		return RB_WB_DB;
	}
	free(path);
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		char pid[32] = "";
		ssize_t n = pread(fd, pid, sizeof pid - 1, 0);
		pid[n > 0 ? n : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		close(fd);
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "This workbook is already open in another roadbook window%s%s%s. "
			      "Close that window first (press q there); nothing has been lost.",
			      *pid ? " (process " : "", pid, *pid ? ")" : "");
		*err = rb_buf_take(&b);
		return RB_WB_LOCKED;
	}
	char pid[32];
	int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == 0 && pwrite(fd, pid, (size_t)n, 0) < 0) {
		/* the pid is only a courtesy for the message above */
	}
	wb->lock_fd = fd;
	return RB_WB_OK;
}

char *rb_workbook_lessons_dir(struct rb_workbook *wb, char **err)
{
	char *dir = NULL, *e = NULL;
	if (rb_db_meta_get(wb->db, "curriculum_dir", &dir, &e) != RB_DB_OK) {
		*err = e;
		return NULL;
	}
	struct stat st;
	if (dir && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return dir;
	if (dir) {
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "This workbook's curriculum folder %s is missing. Put it back, "
			      "or set ROADBOOK_LESSONS to where the lessons are now.",
			      dir);
		free(dir);
		*err = rb_buf_take(&b);
		return NULL;
	}
	char *cohort = join(wb->state_dir, RB_COHORT_CURRICULUM "/curriculum.md");
	if (cohort && stat(cohort, &st) == 0) {
		cohort[strlen(cohort) - strlen("/curriculum.md")] = '\0';
		return cohort;
	}
	free(cohort);
	char *bundled = rb_find_bundled_lessons();
	if (!bundled)
		*err =
		    msgdup("roadbook cannot find its bundled lessons. Reinstall roadbook, or set "
			   "ROADBOOK_LESSONS to the lessons folder.");
	return bundled;
}

void rb_workbook_close(struct rb_workbook *wb)
{
	if (!wb)
		return;
	rb_db_close(wb->db);
	if (wb->lock_fd >= 0)
		close(wb->lock_fd);
	free(wb->dir);
	free(wb->state_dir);
	free(wb);
}
