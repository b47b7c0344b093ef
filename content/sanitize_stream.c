/* sanitize_stream.c - standard output and standard error through the terminal sanitiser (see
 * sanitize.h). A GNU cookie stream takes whatever stdio hands it, passes it through
 * rb_sanitize_to() and writes the result to the file descriptor with write(2), so nothing printed
 * by any command can reach the terminal unsanitised, whichever printf printed it. A UTF-8
 * character or an ESC cut at the end of one buffer is carried over to the next, so buffering
 * never splits a character into two U+FFFD or lets a sequence's tail through. */
#include "content/sanitize.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct safe_cookie {
	int fd;
	unsigned flags;
	FILE *raw; /* the stream this one replaced (kept for curses) */
	struct rb_san_state st;
	size_t ncarry;
	unsigned char carry[4];
	int err; /* the first write error (errno), 0 when none */
};

#define MAX_STREAMS 2
static struct {
	FILE *f;
	struct safe_cookie *c;
} streams[MAX_STREAMS];

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* How many bytes at the end of s[0..n) may be the start of something the next write completes:
 * a UTF-8 lead byte without all its continuation bytes, or a lone ESC. */
static size_t unfinished_tail(const unsigned char *s, size_t n)
{
	if (n && s[n - 1] == 0x1B)
		return 1;
	for (size_t back = 1; back <= 3 && back <= n; back++) {
		unsigned char b = s[n - back];
		if ((b & 0xC0) == 0x80)
			continue; /* a continuation byte: look further back for its lead */
		size_t need = b >= 0xF0 && b <= 0xF4   ? 4
			      : b >= 0xE0 && b <= 0xEF ? 3
			      : b >= 0xC2 && b <= 0xDF ? 2
						       : 1;
		return need > back ? back : 0;
	}
	return 0;
}

static ssize_t safe_write(void *cookie, const char *buf, size_t size)
{
	struct safe_cookie *c = cookie;
	size_t total = c->ncarry + size;
	unsigned char *in = malloc(total ? total : 1);
	char *out = total <= (SIZE_MAX - 1) / 3 ? malloc(3 * total + 1) : NULL;
	if (!in || !out) {
		free(in);
		free(out);
		errno = ENOMEM;
		return -1;
	}
	memcpy(in, c->carry, c->ncarry);
	memcpy(in + c->ncarry, buf, size);
	size_t keep = unfinished_tail(in, total);
	size_t n = rb_sanitize_to(out, (const char *)in, total - keep, c->flags, &c->st);
	memcpy(c->carry, in + total - keep, keep);
	c->ncarry = keep;
	int rc = write_all(c->fd, out, n);
	if (rc < 0 && !c->err)
		c->err = errno;
	free(in);
	free(out);
	return rc < 0 ? -1 : (ssize_t)size;
}

static int safe_close(void *cookie)
{
	struct safe_cookie *c = cookie;
	int rc = 0;
	if (c->ncarry) { /* an unfinished character at the very end: U+FFFD, never raw */
		char out[3 * sizeof c->carry];
		size_t n = rb_sanitize_to(out, (const char *)c->carry, c->ncarry, c->flags, &c->st);
		rc = write_all(c->fd, out, n);
	}
	for (size_t i = 0; i < MAX_STREAMS; i++)
		if (streams[i].c == c)
			streams[i].f = NULL, streams[i].c = NULL;
	free(c);
	return rc;
}

FILE *rb_safe_stream(FILE *raw, bool line_buffered)
{
	size_t slot = 0;
	while (slot < MAX_STREAMS && streams[slot].f)
		slot++;
	struct safe_cookie *c = slot < MAX_STREAMS ? calloc(1, sizeof *c) : NULL;
	if (!c)
		return NULL;
	fflush(raw);
	c->fd = fileno(raw);
	c->flags = RB_SAN_KEEP_TAB;
	c->raw = raw;
	cookie_io_functions_t io = {.write = safe_write, .close = safe_close};
	FILE *f = fopencookie(c, "w", io);
	if (!f) {
		free(c);
		return NULL;
	}
	if (line_buffered)
		setvbuf(f, NULL, _IOLBF, 0);
	streams[slot].f = f;
	streams[slot].c = c;
	return f;
}

static struct safe_cookie *find(FILE *f)
{
	for (size_t i = 0; i < MAX_STREAMS; i++)
		if (streams[i].f && streams[i].f == f)
			return streams[i].c;
	return NULL;
}

int rb_safe_control(FILE *f, const char *seq)
{
	struct safe_cookie *c = find(f);
	if (!c)
		return fputs(seq, f) < 0 ? -1 : 0;
	if (fflush(f) != 0)
		return -1;
	return write_all(c->fd, seq, strlen(seq));
}

int rb_safe_stream_error(FILE *f)
{
	struct safe_cookie *c = find(f);
	return c ? c->err : 0;
}

FILE *rb_safe_stream_raw(FILE *f)
{
	struct safe_cookie *c = find(f);
	return c ? c->raw : f;
}
