/* buf.c - growable byte buffer and whole-file reading (see buf.h). */
#include "content/buf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int grow(struct rb_buf *b, size_t extra)
{
	if (b->oom)
		return -1;
	if (b->len + extra + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

int rb_buf_append(struct rb_buf *b, const char *s, size_t len)
{
	if (grow(b, len) < 0)
		return -1;
	if (len)
		memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int rb_buf_puts(struct rb_buf *b, const char *s)
{
	return rb_buf_append(b, s, strlen(s));
}

int rb_buf_printf(struct rb_buf *b, const char *fmt, ...)
{
	/* one pass when the text fits in the room left (the common case), two otherwise */
	if (grow(b, 0) < 0)
		return -1;
	size_t room = b->cap - b->len;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b->data + b->len, room, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < room) {
		b->len += (size_t)n;
		return 0;
	}
	b->data[b->len] = '\0'; /* a cut-off attempt is not kept */
	if (n < 0 || grow(b, (size_t)n) < 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

char *rb_buf_take(struct rb_buf *b)
{
	if (b->oom) {
		rb_buf_free(b);
		return NULL;
	}
	char *s = b->data ? b->data : strdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

void rb_buf_free(struct rb_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
}

char *rb_read_file(const char *path, size_t *len_out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct rb_buf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (rb_buf_append(&b, chunk, n) < 0) {
			fclose(f);
			rb_buf_free(&b);
			errno = ENOMEM;
			return NULL;
		}
	}
	int err = ferror(f) ? (errno ? errno : EIO) : 0;
	fclose(f);
	if (err) {
		rb_buf_free(&b);
		errno = err;
		return NULL;
	}
	if (len_out)
		*len_out = b.len;
	char *s = rb_buf_take(&b);
	if (!s)
		errno = ENOMEM;
	return s;
}

char *rb_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void rb_buf_put_html(struct rb_buf *b, const char *s)
{
	for (const char *p = s; *p; p++) {
		const char *run = p;
		while (*p && !strchr("&<>\"'", *p))
			p++;
		rb_buf_append(b, run, (size_t)(p - run));
		if (!*p)
			break;
		rb_buf_puts(b, *p == '&'   ? "&amp;"
			       : *p == '<' ? "&lt;"
			       : *p == '>' ? "&gt;"
			       : *p == '"' ? "&quot;"
					   : "&#39;");
	}
}
