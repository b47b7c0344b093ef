/* output.c - what the commands read from standard input and write to files: the whole of
 * standard input (an error when it is closed, never an empty answer), and -o FILE written
 * atomically, through a link to its target, or as it is to a device or a pipe. */
#include "cli/internal.h"

#include "content/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool rb_cli_stdin_closed;

char *rb_cli_read_stdin(void)
{
	if (rb_cli_stdin_closed) {
		errno = EBADF;
		return NULL;
	}
	struct rb_buf b = {0};
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		rb_buf_append(&b, chunk, n);
	if (ferror(stdin)) {
		int e = errno ? errno : EIO;
		rb_buf_free(&b);
		errno = e;
		return NULL;
	}
	char *s = rb_buf_take(&b);
	if (!s)
		errno = ENOMEM;
	return s;
}

/* Writes all of data to fd; 0, or -1 with errno. */
static int write_fd(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

/* A link is followed to what it names (resolved against the link's folder when it names
 * nothing yet); anything else is path itself. malloc'd. */
static char *follow_link(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
		return strdup(path);
	char *real = realpath(path, NULL);
	if (real)
		return real;
	char target[PATH_MAX];
	ssize_t n = readlink(path, target, sizeof target - 1);
	if (n <= 0)
		return strdup(path);
	target[n] = '\0';
	if (target[0] == '/')
		return strdup(target);
	struct rb_buf b = {0};
	const char *slash = strrchr(path, '/');
	if (slash)
		rb_buf_printf(&b, "%.*s/%s", (int)(slash - path), path, target);
	else
		rb_buf_puts(&b, target);
	return rb_buf_take(&b);
}

int rb_cli_write_atomic(const char *path, const char *data, size_t len)
{
	char *to =
	    follow_link(path); /* a link keeps pointing where it did: its target is written */
	if (!to)
		return -1;
	struct stat st;
	if (stat(to, &st) == 0 && !S_ISREG(st.st_mode)) {
		int rc = -1;
		if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISFIFO(st.st_mode)) {
			/* a device or a pipe is written as it is, never replaced by a file */
			int fd = open(to, O_WRONLY | O_NOCTTY | O_CLOEXEC);
			if (fd >= 0) {
				rc = write_fd(fd, data, len);
				int e = errno;
				if (close(fd) != 0 && rc == 0)
					rc = -1;
				else
					errno = e;
			}
		} else {
			errno = S_ISDIR(st.st_mode) ? EISDIR : EOPNOTSUPP; /* a folder, a socket */
		}
		int e = errno;
		free(to);
		errno = e;
		return rc;
	}
	struct rb_buf tmp = {0};
	rb_buf_printf(&tmp, "%s.XXXXXX", to);
	int fd = tmp.data ? mkstemp(tmp.data) : -1;
	if (fd < 0) {
		int e = tmp.data ? errno : ENOMEM;
		rb_buf_free(&tmp);
		free(to);
		errno = e;
		return -1;
	}
	mode_t mask = umask(0);
	umask(mask);
	bool ok = write_fd(fd, data, len) == 0 && fchmod(fd, 0666 & ~mask) == 0 && fsync(fd) == 0;
	int e = errno;
	ok = close(fd) == 0 && ok;
	if (ok && rename(tmp.data, to) == 0) {
		rb_buf_free(&tmp);
		free(to);
		return 0;
	}
	e = errno ? errno : e;
	unlink(tmp.data);
	rb_buf_free(&tmp);
	free(to);
	errno = e;
	return -1;
}
