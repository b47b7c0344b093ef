/* buf.h - a growable byte buffer (always NUL-terminated) and whole-file reading. */
#ifndef ROADBOOK_BUF_H
#define ROADBOOK_BUF_H

#include <stddef.h>

struct rb_buf {
	char *data; /* NULL until something is added; NUL-terminated after that */
	size_t len, cap;
	int oom; /* set when an allocation failed: later appends are ignored */
};

int rb_buf_append(struct rb_buf *b, const char *s, size_t len);
int rb_buf_puts(struct rb_buf *b, const char *s);
int rb_buf_printf(struct rb_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the string over to the caller (who frees it) and resets the buffer; never NULL unless
 * out of memory (an empty buffer gives ""). */
char *rb_buf_take(struct rb_buf *b);
void rb_buf_free(struct rb_buf *b);
/* Appends s as HTML or XML text: &, <, >, " and ' escaped. */
void rb_buf_put_html(struct rb_buf *b, const char *s);

/* Reads a whole file into a malloc'd NUL-terminated buffer (caller frees). Returns NULL with
 * errno set on failure. *len_out receives the length (the file may contain NUL bytes). */
char *rb_read_file(const char *path, size_t *len_out);

/* strndup that returns NULL only when out of memory. */
char *rb_strndup(const char *s, size_t n);

#endif
