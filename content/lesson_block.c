/* lesson_block.c - the `key: value` blocks of the lesson format and their checks (see
 * docs/lessons.md). */
#include "content/lesson_internal.h"

#include "content/buf.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool lsn_parse_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

bool lsn_parse_double(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v))
		return false;
	*out = v;
	return true;
}

/* ---- key: value blocks ---- */

void lsn_block_free(struct block *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->kv[i].key);
		free(b->kv[i].value);
	}
	free(b->kv);
	free(b->kind);
	memset(b, 0, sizeof *b);
}

char *lsn_trim_dup(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return rb_strndup(s, n);
}

/* Splits a code block's literal into key: value lines. Lines that are not of that form are
 * reported. Returns -1 when out of memory. */
int lsn_block_parse(struct block *b, const char *lit, struct rb_diags *d)
{
	int line = b->line + 1;
	const char *p = lit;
	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		const char *q = p;
		size_t m = n;
		while (m && (*q == ' ' || *q == '\t')) {
			q++;
			m--;
		}
		if (m && *q != '#') {
			const char *colon = memchr(q, ':', m);
			if (!colon) {
				if (rb_diags_add(d, b->file, line,
						 "this line should look like 'key: value'") < 0)
					return -1;
			} else {
				struct kv *v = realloc(b->kv, (b->n + 1) * sizeof *v);
				if (!v)
					return -1;
				b->kv = v;
				struct kv *e = &b->kv[b->n];
				e->key = lsn_trim_dup(q, (size_t)(colon - q));
				e->value = lsn_trim_dup(colon + 1, m - (size_t)(colon + 1 - q));
				e->line = line;
				if (!e->key || !e->value) {
					free(e->key);
					free(e->value);
					return -1;
				}
				b->n++;
			}
		}
		line++;
		p = eol ? eol + 1 : NULL;
	}
	return 0;
}

/* Checks the block's keys against a schema: unknown, repeated, empty and missing keys. */
int lsn_block_check(const struct block *b, const struct keyspec *spec, size_t nspec,
		    const char *what, struct rb_diags *d)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct kv *e = &b->kv[i];
		const struct keyspec *k = NULL;
		for (size_t j = 0; j < nspec; j++)
			if (strcmp(spec[j].key, e->key) == 0)
				k = &spec[j];
		if (!k) {
			struct rb_buf known = {0};
			for (size_t j = 0; j < nspec; j++)
				rb_buf_printf(&known, "%s%s", j ? ", " : "", spec[j].key);
			int r = rb_diags_add(d, b->file, e->line,
					     "unknown key '%s' in %s block (known keys: %s)",
					     e->key, what, known.data ? known.data : "");
			rb_buf_free(&known);
			if (r < 0)
				return -1;
			continue;
		}
		if (!*e->value &&
		    rb_diags_add(d, b->file, e->line, "key '%s' has no value", e->key) < 0)
			return -1;
		if (!k->repeatable) {
			for (size_t j = 0; j < i; j++) {
				if (strcmp(b->kv[j].key, e->key) == 0) {
					if (rb_diags_add(
						d, b->file, e->line,
						"key '%s' is given twice (first on line %d)",
						e->key, b->kv[j].line) < 0)
						return -1;
					break;
				}
			}
		}
	}
	for (size_t j = 0; j < nspec; j++) {
		if (!spec[j].required)
			continue;
		bool found = false;
		for (size_t i = 0; i < b->n && !found; i++)
			found = strcmp(b->kv[i].key, spec[j].key) == 0;
		if (!found && rb_diags_add(d, b->file, b->line, "%s block is missing the key '%s'",
					   what, spec[j].key) < 0)
			return -1;
	}
	return 0;
}

const struct kv *lsn_get(const struct block *b, const char *key)
{
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->kv[i].key, key) == 0 && *b->kv[i].value)
			return &b->kv[i];
	return NULL;
}

char *lsn_dup_value(const struct block *b, const char *key, int *oom)
{
	const struct kv *e = lsn_get(b, key);
	if (!e)
		return NULL;
	char *s = strdup(e->value);
	if (!s)
		*oom = 1;
	return s;
}

/* "id | text" -> id and text; false when there is no bar or either side is empty. */
bool lsn_split_pair(const char *v, char **id, char **text)
{
	const char *bar = strchr(v, '|');
	if (!bar)
		return false;
	*id = lsn_trim_dup(v, (size_t)(bar - v));
	*text = lsn_trim_dup(bar + 1, strlen(bar + 1));
	if (!*id || !*text || !**id || !**text) {
		free(*id);
		free(*text);
		*id = *text = NULL;
		return false;
	}
	return true;
}
