/* demo.h - reading an example workbook (the JSON files in demo/) through SQLite's JSON functions:
 *   {"profile": {"name", "company", "sector", "employees"}, "answers": {"<id>": "<value>"}}
 * Values are in the command-line forms of docs/lessons.md and are checked by the caller. */
#ifndef ROADBOOK_DEMO_H
#define ROADBOOK_DEMO_H

#include <stddef.h>

struct rb_demo {
	char *name, *company, *sector, *employees;
	char **ids, **values; /* answers, in the file's order */
	size_t n;
};

/* Reads the file at path. Returns 0, or -1 with a message in *err (caller frees). Free the
 * result with rb_demo_free. */
int rb_demo_load(const char *path, struct rb_demo *out, char **err);
void rb_demo_free(struct rb_demo *d);

#endif
