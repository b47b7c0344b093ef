/* workbook.c - creating, opening and locking a workbook folder (see workbook.h). */
#include "store/workbook.h"

#include "content/buf.h"
#include "content/lesson.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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

enum rb_wb_status rb_workbook_create(const char *dir, const struct rb_profile *p,
				     const char *lessons_dir, const char *curriculum_id,
				     const char *curriculum_version, char **err)
{
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
	if (!dbpath) {
		free(state);
		*err = msgdup("roadbook ran out of memory.");
		return RB_WB_DB;
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
		return RB_WB_DB;
	}
	struct rb_db *db;
	if (rb_db_open(dbpath, true, &db, err) != RB_DB_OK) {
		free(state);
		free(dbpath);
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
	st = RB_WB_OK;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0] && st == RB_WB_OK; i++)
		if (vals[i] && *vals[i] && rb_db_meta_set(db, keys[i], vals[i], err) != RB_DB_OK)
			st = RB_WB_DB;
	rb_db_close(db);
	free(state);
	free(dbpath);
	return st;
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
