/* workbook_md.c - the workbook's README.md: front page and metadata (see workbook_md.h). */
#include "content/workbook_md.h"

#include "content/answers_md.h"
#include "content/buf.h"
#include "content/lesson_internal.h"

#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const rb_wb_meta_keys[RB_WB_META_NKEYS] = {
    "name",    "company", "sector", "employees", "email", "curriculum", "curriculum-version",
    "created", "updated",
};

char **rb_wb_meta_field(struct rb_wb_meta *m, size_t k)
{
	char **f[RB_WB_META_NKEYS] = {&m->name,
				      &m->company,
				      &m->sector,
				      &m->employees,
				      &m->email,
				      &m->curriculum_id,
				      &m->curriculum_version,
				      &m->created,
				      &m->updated};
	return k < RB_WB_META_NKEYS ? f[k] : NULL;
}

void rb_iso_ms(long long ms, char out[32])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03dZ", (int)(ms % 1000));
}

long long rb_parse_iso_ms(const char *s)
{
	struct tm tm = {0};
	int ms = 0, used = 0;
	if (!s ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms, &used) != 7 ||
	    s[used] || ms < 0)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm);
	return t < 0 ? -1 : (long long)t * 1000 + ms;
}

/* Escaped for a cell of a pipe table. */
static void put_cell(struct rb_buf *b, const char *s)
{
	char *esc = rb_md_escape_inline(s);
	if (!esc) {
		b->oom = 1;
		return;
	}
	for (const char *p = esc; *p; p++) {
		if (*p == '|')
			rb_buf_puts(b, "\\");
		rb_buf_append(b, p, 1);
	}
	free(esc);
}

char *rb_workbook_md(const struct rb_wb_meta *m, const struct rb_curriculum *c,
		     char *const *answers)
{
	struct rb_buf b = {0};
	rb_buf_puts(&b, "# Digital strategy workbook");
	if (m->company) {
		rb_buf_puts(&b, ": ");
		put_cell(&b, m->company);
	}
	rb_buf_puts(&b, "\n\n");
	if (m->name) {
		put_cell(&b, m->name);
		rb_buf_puts(&b, "'s workbook");
	} else {
		rb_buf_puts(&b, "A workbook");
	}
	rb_buf_puts(&b, " for the programme *");
	put_cell(&b, c->title ? c->title : c->id);
	rb_buf_puts(&b, "*, kept with roadbook.\n\n"
			"- The strategy document: [strategy.md](strategy.md)\n"
			"- The answers, one file per module: [answers/](answers/)\n\n"
			"| Module | Answered |\n| --- | --- |\n");
	for (size_t i = 0; i < c->nmodules; i++) {
		const struct rb_module *mod = &c->modules[i];
		size_t done = 0, total = 0;
		for (size_t k = 0; k < mod->nexercises; k++) {
			if (mod->exercises[k]->optional)
				continue;
			total++;
			done += answers[mod->exercises[k]->index] != NULL;
		}
		char *path = rb_answers_md_path(c, i);
		rb_buf_printf(&b, "| [%zu. ", i + 1);
		put_cell(&b, mod->title ? mod->title : mod->id);
		rb_buf_printf(&b, "](%s) | %zu of %zu |\n", path ? path : "", done, total);
		free(path);
	}
	rb_buf_puts(&b,
		    "\nThe block below is read by roadbook; change it only through roadbook.\n\n"
		    "```roadbook workbook\n");
	struct rb_wb_meta copy = *m;
	for (size_t k = 0; k < RB_WB_META_NKEYS; k++) {
		const char *v = *rb_wb_meta_field(&copy, k);
		if (!v || !*v)
			continue;
		rb_buf_printf(&b, "%s: ", rb_wb_meta_keys[k]);
		for (const char *p = v; *p; p++)
			rb_buf_append(&b, *p == '\n' || *p == '\r' || *p == '`' ? " " : p, 1);
		rb_buf_puts(&b, "\n");
	}
	rb_buf_puts(&b, "```\n");
	return rb_buf_take(&b);
}

int rb_workbook_md_parse(const char *file, const char *text, size_t len, struct rb_wb_meta *out,
			 struct rb_diags *d)
{
	cmark_node *doc = cmark_parse_document(text, len, CMARK_OPT_DEFAULT);
	if (!doc)
		return -1;
	int rc = 0;
	bool found = false;
	for (cmark_node *n = cmark_node_first_child(doc); n && rc == 0; n = cmark_node_next(n)) {
		const char *info = cmark_node_get_fence_info(n);
		if (cmark_node_get_type(n) != CMARK_NODE_CODE_BLOCK || !info ||
		    strcmp(info, "roadbook workbook") != 0)
			continue;
		if (found) {
			rc = rb_diags_add(d, file, cmark_node_get_start_line(n),
					  "a second 'roadbook workbook' block");
			break;
		}
		found = true;
		struct block b = {.file = file, .line = cmark_node_get_start_line(n)};
		struct keyspec spec[RB_WB_META_NKEYS];
		for (size_t k = 0; k < RB_WB_META_NKEYS; k++)
			spec[k] = (struct keyspec){rb_wb_meta_keys[k], k < 2, false};
		if (lsn_block_parse(&b, cmark_node_get_literal(n), d) < 0 ||
		    lsn_block_check(&b, spec, RB_WB_META_NKEYS, "workbook", d) < 0)
			rc = -1;
		for (size_t k = 0; k < RB_WB_META_NKEYS && rc == 0; k++) {
			int oom = 0;
			char **f = rb_wb_meta_field(out, k);
			free(*f);
			*f = lsn_dup_value(&b, rb_wb_meta_keys[k], &oom);
			if (oom)
				rc = -1;
		}
		lsn_block_free(&b);
	}
	if (rc == 0 && !found)
		rc = rb_diags_add(d, file, 1,
				  "no 'roadbook workbook' block: this is not a roadbook workbook's "
				  "README");
	cmark_node_free(doc);
	return rc;
}

void rb_wb_meta_free(struct rb_wb_meta *m)
{
	for (size_t k = 0; k < RB_WB_META_NKEYS; k++)
		free(*rb_wb_meta_field(m, k));
	memset(m, 0, sizeof *m);
}
