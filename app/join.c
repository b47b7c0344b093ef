/* join.c - roadbook join: a participant's workbook copied from its repository and restored,
 * all or nothing. Everything is made in a hidden folder beside the one asked for
 * (.NAME.joining-PID): the copy, the cohort's curriculum, the database rebuilt from the latest
 * version. Only when all of it is there is that folder renamed to NAME, so a join that is
 * stopped (Ctrl-C, kill -9, a full disk, a power cut) leaves either nothing or a complete
 * workbook, never one with some of its answers. What a stopped join left is removed by the
 * next join into the same folder. No drawing or printing here. */
#include "app/join.h"

#include "app/internal.h"
#include "app/restore.h"
#include "app/sync.h"
#include "content/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define JOINING ".joining-"

/* The parent folder and the last name of path (both malloc'd). */
static int split_path(const char *path, char **parent, char **base)
{
	char *a = strdup(path), *b = strdup(path);
	*parent = a ? strdup(dirname(a)) : NULL;
	*base = b ? strdup(basename(b)) : NULL;
	free(a);
	free(b);
	if (!*parent || !*base) {
		free(*parent);
		free(*base);
		return -1;
	}
	return 0;
}

static void remove_tree(const char *path, void *ctx)
{
	(void)ctx;
	rb_rm_tree(path);
}

/* Removes what joins into base that were stopped left in parent; returns how many. */
static size_t remove_leftovers(const char *parent, const char *base)
{
	struct rb_buf prefix = {0};
	rb_buf_printf(&prefix, ".%s" JOINING, base);
	size_t n = prefix.data ? rb_each_stale(parent, prefix.data, remove_tree, NULL) : 0;
	rb_buf_free(&prefix);
	return n;
}

static void fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

static char *msg(const char *fmt, const char *a, const char *b)
{
	struct rb_buf m = {0};
	rb_buf_printf(&m, fmt, a, b);
	return m.data ? rb_buf_take(&m) : strdup("roadbook ran out of memory.");
}

/* The transfer's progress, passed on, and stopped when the participant asked. */
struct stop_cb {
	const struct rb_net_cb *outer;
	volatile sig_atomic_t *stop;
};

static int progress(void *ctx, const char *stage, size_t done, size_t total)
{
	struct stop_cb *s = ctx;
	if (s->stop && *s->stop)
		return 1;
	if (s->outer && s->outer->progress)
		return s->outer->progress(s->outer->ctx, stage, done, total);
	return 0;
}

static int ask(void *ctx, const char *url, const char *user, char **user_out, char **pass_out)
{
	struct stop_cb *s = ctx;
	if (!s->outer || !s->outer->ask)
		return -1;
	return s->outer->ask(s->outer->ctx, url, user, user_out, pass_out);
}

int rb_app_join(const char *url, const char *dir, const struct rb_net_cb *cb,
		volatile sig_atomic_t *stop, struct rb_join_result *res, char **err)
{
	memset(res, 0, sizeof *res);
	res->net = RB_NET_ERR;
	*err = NULL;
	if (!rb_dir_empty(dir)) {
		*err = msg("%s already exists and is not empty, so roadbook will not put the "
			   "workbook there. Give another folder: roadbook join %s FOLDER",
			   dir, url);
		return RB_EXIT_FAIL;
	}
	char *parent = NULL, *base = NULL;
	if (split_path(dir, &parent, &base) != 0) {
		*err = strdup("roadbook ran out of memory.");
		return RB_EXIT_FAIL;
	}
	size_t old = remove_leftovers(parent, base);
	if (old)
		rb_app_note(&res->notes,
			    "Removed what an earlier join into %s left when it was stopped.", dir);
	struct rb_buf t = {0};
	rb_buf_printf(&t, "%s/.%s" JOINING "%ld", parent, base, (long)getpid());
	char *tmp = rb_buf_take(&t);
	int rc = RB_EXIT_FAIL;
	struct rb_repo *r = NULL;
	if (!tmp) {
		*err = strdup("roadbook ran out of memory.");
		goto done;
	}
	rb_rm_tree(tmp);
	struct stop_cb sc = {.outer = cb, .stop = stop};
	struct rb_net_cb inner = {.progress = progress,
				  .ask = cb && cb->ask ? ask : NULL,
				  .ctx = &sc,
				  .watch_esc = cb && cb->watch_esc};
	res->net = rb_net_clone(url, tmp, &inner, &r, err);
	if (res->net != RB_NET_OK) {
		if (stop && *stop) {
			free(*err);
			*err = strdup("The join was stopped; nothing was kept.");
			res->net = RB_NET_CANCELLED;
		}
		goto done;
	}
	res->net = RB_NET_ERR;
	struct rb_buf state = {0};
	bool changed;
	rb_buf_printf(&state, "%s/.roadbook", tmp);
	if (!state.data || rb_sync_take_curriculum(r, state.data, &changed, &res->notes) < 0) {
		rb_buf_free(&state);
		*err = strdup("roadbook ran out of memory.");
		goto done;
	}
	rb_buf_free(&state);
	rb_repo_free(r);
	r = NULL;
	if (!rb_app_is_repo_workbook(tmp)) {
		*err = msg("%s is a git repository, but not a roadbook workbook (it has no "
			   "README.md with a roadbook workbook block). Nothing was kept. Check the "
			   "address with your facilitator.",
			   url, NULL);
		res->net = RB_NET_FOREIGN;
		goto done;
	}
	if (rb_app_rebuild(tmp, &res->notes, err) != 0)
		goto done;
	if (stop && *stop) {
		*err = strdup("The join was stopped; nothing was kept.");
		res->net = RB_NET_CANCELLED;
		goto done;
	}
	/* the workbook appears whole, or not at all: rename replaces an empty folder */
	if (rename(tmp, dir) != 0) {
		struct rb_buf m = {0};
		rb_buf_printf(&m,
			      "roadbook could not put the workbook in %s: %s. Nothing was kept; "
			      "check the folder and try again.",
			      dir, strerror(errno));
		*err = m.data ? rb_buf_take(&m) : strdup("roadbook ran out of memory.");
		goto done;
	}
	fsync_dir(parent);
	res->net = RB_NET_OK;
	rc = RB_EXIT_OK;
done:
	rb_repo_free(r);
	if (rc != RB_EXIT_OK && tmp)
		rb_rm_tree(tmp);
	free(tmp);
	free(parent);
	free(base);
	return rc;
}

void rb_join_result_free(struct rb_join_result *res)
{
	free(res->notes);
	res->notes = NULL;
}
