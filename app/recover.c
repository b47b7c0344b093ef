/* recover.c - words that could not be saved, kept for the next start (see recover.h). The
 * database is where answers live; this is only for the moment it cannot take one, so the
 * files are plain text a participant can also open by hand. No drawing here. */
#include "app/recover.h"

#include "content/buf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* .roadbook/recovered/ID.txt; ids are slugs (the lesson loader checks them). */
static char *kept_path(struct rb_app *app, const char *id)
{
	struct rb_buf b = {0};
	rb_buf_printf(&b, "%s/" RB_RECOVERED_DIR "/%s.txt", app->wb->state_dir, id);
	return rb_buf_take(&b);
}

int rb_app_recovery_keep(struct rb_app *app, const char *id, const char *text, char **path,
			 char **err)
{
	if (path)
		*path = NULL;
	struct rb_buf dir = {0}, tmp = {0};
	rb_buf_printf(&dir, "%s/" RB_RECOVERED_DIR, app->wb->state_dir);
	char *to = kept_path(app, id);
	rb_buf_printf(&tmp, "%s.tmp-%ld", to ? to : "", (long)getpid());
	int rc = -1;
	if (!dir.data || !to || !tmp.data) {
		*err = strdup("roadbook ran out of memory.");
		goto done;
	}
	if (mkdir(dir.data, 0700) != 0 && errno != EEXIST)
		goto fail;
	int fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		goto fail;
	size_t len = strlen(text), off = 0;
	bool ok = true;
	while (ok && off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		ok = w > 0;
		off += ok ? (size_t)w : 0;
	}
	ok = ok && fsync(fd) == 0;
	int e = errno;
	ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp.data, to) != 0) {
		errno = errno ? errno : e;
		unlink(tmp.data);
		goto fail;
	}
	if (path) {
		*path = to;
		to = NULL;
	}
	rc = 0;
	goto done;
fail : {
	struct rb_buf m = {0};
	rb_buf_printf(&m, "roadbook could not keep the text in %s either: %s", dir.data,
		      strerror(errno));
	*err = rb_buf_take(&m);
}
done:
	rb_buf_free(&dir);
	rb_buf_free(&tmp);
	free(to);
	return rc;
}

char *rb_app_recovery_get(struct rb_app *app, const char *id)
{
	char *path = kept_path(app, id);
	size_t len = 0;
	char *text = path ? rb_read_file(path, &len) : NULL;
	long k = rb_app_exercise_index(app, id);
	const char *saved = k >= 0 && app->answers[k] ? app->answers[k] : "";
	if (text && (strlen(text) != len || !strcmp(text, saved))) {
		/* what is saved already (or not text at all): nothing to offer */
		free(text);
		text = NULL;
		unlink(path);
	}
	free(path);
	return text;
}

size_t rb_app_recovery_count(struct rb_app *app, long *first)
{
	if (first)
		*first = -1;
	/* one look at the folder at start-up (usually missing), not one per exercise */
	struct rb_buf dir = {0};
	rb_buf_printf(&dir, "%s/" RB_RECOVERED_DIR, app->wb->state_dir);
	DIR *d = dir.data ? opendir(dir.data) : NULL;
	rb_buf_free(&dir);
	if (!d)
		return 0;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len <= 4 || strcmp(e->d_name + len - 4, ".txt") != 0)
			continue;
		char id[256];
		snprintf(id, sizeof id, "%.*s", (int)(len - 4), e->d_name);
		long k = rb_app_exercise_index(app, id);
		char *text = k >= 0 ? rb_app_recovery_get(app, id) : NULL;
		if (!text)
			continue;
		free(text);
		if (first && (*first < 0 || k < *first))
			*first = k;
		n++;
	}
	closedir(d);
	return n;
}

void rb_app_recovery_drop(struct rb_app *app, const char *id)
{
	char *path = kept_path(app, id);
	if (path)
		unlink(path);
	free(path);
}
