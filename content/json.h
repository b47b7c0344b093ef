/* json.h - writing JSON strings for --json output (one JSON document on stdout). */
#ifndef ROADBOOK_JSON_H
#define ROADBOOK_JSON_H

#include "content/buf.h"

/* Appends s as a quoted JSON string; control characters are escaped as \uXXXX, and invalid
 * UTF-8 becomes U+FFFD, so the output is always valid JSON. NULL is written as null. */
int rb_json_string(struct rb_buf *b, const char *s);

#endif
