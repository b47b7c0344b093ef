/* workbook_md.h - README.md of a workbook's repository: a readable front page (who, which
 * programme, progress per module with links to the answers files and the strategy) that also
 * carries the workbook's metadata in a ```roadbook workbook``` block of key: value lines, the
 * same syntax as the lessons' blocks (docs/storage.md). */
#ifndef ROADBOOK_WORKBOOK_MD_H
#define ROADBOOK_WORKBOOK_MD_H

#include "content/lesson.h"

#include <stddef.h>

#define RB_WORKBOOK_MD_PATH "README.md"

/* The metadata; every field may be NULL. */
struct rb_wb_meta {
	char *name, *company, *sector, *employees, *email;
	char *curriculum_id, *curriculum_version;
	char *created; /* ISO 8601 UTC */
	char *updated; /* day of the latest answer change, YYYY-MM-DD (local time) */
};

/* The keys of the block, in the order they are written, and the matching fields. */
#define RB_WB_META_NKEYS 9
extern const char *const rb_wb_meta_keys[RB_WB_META_NKEYS];
char **rb_wb_meta_field(struct rb_wb_meta *m, size_t k);

/* The README text; answers as in rb_answers_md_module. malloc'd or NULL (out of memory). */
char *rb_workbook_md(const struct rb_wb_meta *m, const struct rb_curriculum *c,
		     char *const *answers);

/* Reads the metadata block of a README. Problems (no block, unknown or repeated keys, a line
 * that is not key: value) go to d. Returns 0, or -1 when out of memory. *out starts zeroed. */
int rb_workbook_md_parse(const char *file, const char *text, size_t len, struct rb_wb_meta *out,
			 struct rb_diags *d);
void rb_wb_meta_free(struct rb_wb_meta *m);

/* Milliseconds since the epoch <-> "2026-11-21T10:42:13.123Z"; -1 when s is not that form. */
void rb_iso_ms(long long ms, char out[32]);
long long rb_parse_iso_ms(const char *s);

#endif
