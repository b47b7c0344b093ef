/* lesson.c - loading and checking a curriculum through cmark's AST (see lesson.h and
 * docs/lessons.md). Blocks are fenced code blocks with the info string "roadbook KIND"; their
 * `key: value` lines are checked against a small schema per block kind. */
#include "content/lesson.h"

#include "content/buf.h"
#include "content/utf8.h"

#include <cmark.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_SLUG       48
#define MAX_SCALE_PTS  11
#define MAX_COLUMNS    12
#define DEFAULT_MAXLEN 20000

/* ---- diagnostics ---- */

int rb_diags_add(struct rb_diags *d, const char *file, int line, const char *fmt, ...)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct rb_diag *v = realloc(d->v, cap * sizeof *v);
		if (!v)
			return -1;
		d->v = v;
		d->cap = cap;
	}
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	struct rb_diag *g = &d->v[d->n];
	g->file = strdup(file ? file : "");
	g->message = strdup(msg);
	g->line = line;
	if (!g->file || !g->message) {
		free(g->file);
		free(g->message);
		return -1;
	}
	d->n++;
	return 0;
}

void rb_diags_free(struct rb_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].message);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

/* ---- small helpers ---- */

bool rb_is_slug(const char *s)
{
	size_t n = 0;
	if (!s || !(*s >= 'a' && *s <= 'z'))
		return false;
	for (; s[n]; n++) {
		char c = s[n];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return false;
	}
	return n <= MAX_SLUG;
}

const char *rb_ex_type_name(enum rb_ex_type t)
{
	static const char *const names[] = {"text",      "scale",  "choice", "multi",
					    "checklist", "number", "table"};
	return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

static int parse_ex_type(const char *s, enum rb_ex_type *out)
{
	for (int t = RB_EX_TEXT; t <= RB_EX_TABLE; t++) {
		if (strcmp(s, rb_ex_type_name((enum rb_ex_type)t)) == 0) {
			*out = (enum rb_ex_type)t;
			return 0;
		}
	}
	return -1;
}

static bool parse_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static bool parse_double(const char *s, double *out)
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

struct kv {
	char *key;
	char *value;
	int line;
};

struct block {
	const char *file;
	int line; /* opening fence */
	char *kind;
	struct kv *kv;
	size_t n;
};

static void block_free(struct block *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->kv[i].key);
		free(b->kv[i].value);
	}
	free(b->kv);
	free(b->kind);
	memset(b, 0, sizeof *b);
}

static char *trim_dup(const char *s, size_t n)
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
static int block_parse(struct block *b, const char *lit, struct rb_diags *d)
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
				e->key = trim_dup(q, (size_t)(colon - q));
				e->value = trim_dup(colon + 1, m - (size_t)(colon + 1 - q));
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

struct keyspec {
	const char *key;
	bool required;
	bool repeatable;
};

/* Checks the block's keys against a schema: unknown, repeated, empty and missing keys. */
static int block_check(const struct block *b, const struct keyspec *spec, size_t nspec,
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

static const struct kv *get(const struct block *b, const char *key)
{
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->kv[i].key, key) == 0 && *b->kv[i].value)
			return &b->kv[i];
	return NULL;
}

static char *dup_value(const struct block *b, const char *key, int *oom)
{
	const struct kv *e = get(b, key);
	if (!e)
		return NULL;
	char *s = strdup(e->value);
	if (!s)
		*oom = 1;
	return s;
}

/* "id | text" -> id and text; false when there is no bar or either side is empty. */
static bool split_pair(const char *v, char **id, char **text)
{
	const char *bar = strchr(v, '|');
	if (!bar)
		return false;
	*id = trim_dup(v, (size_t)(bar - v));
	*text = trim_dup(bar + 1, strlen(bar + 1));
	if (!*id || !*text || !**id || !**text) {
		free(*id);
		free(*text);
		*id = *text = NULL;
		return false;
	}
	return true;
}

/* ---- the loader's state ---- */

struct loader {
	struct rb_curriculum *c;
	struct rb_diags *d;
	int oom;
};

#define DIAG(L, file, line, ...)                                                                   \
	do {                                                                                       \
		if (rb_diags_add((L)->d, file, line, __VA_ARGS__) < 0)                             \
			(L)->oom = 1;                                                              \
	} while (0)

static void options_free(struct rb_option *o, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(o[i].id);
		free(o[i].label);
	}
	free(o);
}

static void exercise_free(struct rb_exercise *e)
{
	if (!e)
		return;
	free(e->id);
	free(e->prompt);
	free(e->help);
	free(e->section);
	free(e->placeholder);
	if (e->labels)
		for (int i = 0; i <= e->smax - e->smin; i++)
			free(e->labels[i]);
	free(e->labels);
	free(e->dimension);
	options_free(e->options, e->noptions);
	free(e->unit);
	for (size_t i = 0; i < e->ncolumns; i++) {
		free(e->columns[i].id);
		free(e->columns[i].label);
		options_free(e->columns[i].choices, e->columns[i].nchoices);
	}
	free(e->columns);
	free(e);
}

/* Reads `key: id | label` lines into options, checking slugs and duplicates. */
static void load_options(struct loader *L, const struct block *b, const char *key,
			 struct rb_option **out, size_t *nout)
{
	for (size_t i = 0; i < b->n && !L->oom; i++) {
		const struct kv *e = &b->kv[i];
		if (strcmp(e->key, key) != 0 || !*e->value)
			continue;
		char *id, *label;
		if (!split_pair(e->value, &id, &label)) {
			DIAG(L, b->file, e->line, "%s should look like 'id | text'", key);
			continue;
		}
		if (!rb_is_slug(id))
			DIAG(L, b->file, e->line,
			     "%s id '%s' must use only a-z, 0-9 and '-', start with a letter, and "
			     "be at most %d characters",
			     key, id, MAX_SLUG);
		for (size_t j = 0; j < *nout; j++)
			if (strcmp((*out)[j].id, id) == 0)
				DIAG(L, b->file, e->line,
				     "%s id '%s' is used twice in this exercise", key, id);
		struct rb_option *v = realloc(*out, (*nout + 1) * sizeof *v);
		if (!v) {
			free(id);
			free(label);
			L->oom = 1;
			return;
		}
		*out = v;
		v[*nout].id = id;
		v[*nout].label = label;
		(*nout)++;
	}
}

static void load_scale(struct loader *L, const struct block *b, struct rb_exercise *e)
{
	const struct kv *kmin = get(b, "min"), *kmax = get(b, "max");
	long lo = 0, hi = 0;
	bool ok = true;
	if (kmin && !parse_int(kmin->value, -1000, 1000, &lo)) {
		DIAG(L, b->file, kmin->line, "min must be a whole number, not '%s'", kmin->value);
		ok = false;
	}
	if (kmax && !parse_int(kmax->value, -1000, 1000, &hi)) {
		DIAG(L, b->file, kmax->line, "max must be a whole number, not '%s'", kmax->value);
		ok = false;
	}
	if (!kmin || !kmax || !ok)
		return;
	if (lo >= hi) {
		DIAG(L, b->file, kmin->line, "min (%ld) must be below max (%ld)", lo, hi);
		return;
	}
	if (hi - lo + 1 > MAX_SCALE_PTS) {
		DIAG(L, b->file, kmax->line, "a scale may have at most %d points, this one has %ld",
		     MAX_SCALE_PTS, hi - lo + 1);
		return;
	}
	e->smin = (int)lo;
	e->smax = (int)hi;
	e->labels = calloc((size_t)(hi - lo + 1), sizeof *e->labels);
	if (!e->labels) {
		L->oom = 1;
		return;
	}
	for (size_t i = 0; i < b->n; i++) {
		const struct kv *k = &b->kv[i];
		if (strcmp(k->key, "label") != 0 || !*k->value)
			continue;
		char *num, *text;
		long pt;
		if (!split_pair(k->value, &num, &text)) {
			DIAG(L, b->file, k->line, "label should look like 'N | text'");
			continue;
		}
		if (!parse_int(num, LONG_MIN, LONG_MAX, &pt) || pt < lo || pt > hi) {
			DIAG(L, b->file, k->line,
			     "label '%s' is not a point of the scale (%ld to %ld)", num, lo, hi);
			free(num);
			free(text);
			continue;
		}
		free(num);
		if (e->labels[pt - lo]) {
			DIAG(L, b->file, k->line, "point %ld has two labels", pt);
			free(text);
			continue;
		}
		e->labels[pt - lo] = text;
	}
	for (long pt = lo; pt <= hi; pt++)
		if (!e->labels[pt - lo])
			DIAG(L, b->file, b->line, "point %ld of the scale has no label", pt);
	const struct kv *kd = get(b, "dimension"), *km = get(b, "measure");
	if (kd) {
		e->dimension = strdup(kd->value);
		if (!e->dimension)
			L->oom = 1;
		if (!km)
			DIAG(L, b->file, kd->line,
			     "a scale with a dimension needs 'measure: current' or 'measure: "
			     "target'");
	}
	if (km) {
		if (strcmp(km->value, "current") == 0)
			e->measure = RB_MEASURE_CURRENT;
		else if (strcmp(km->value, "target") == 0)
			e->measure = RB_MEASURE_TARGET;
		else
			DIAG(L, b->file, km->line,
			     "measure must be 'current' or 'target', not '%s'", km->value);
		if (!kd)
			DIAG(L, b->file, km->line, "measure needs a 'dimension' key too");
	}
}

static void load_number(struct loader *L, const struct block *b, struct rb_exercise *e)
{
	const struct kv *kmin = get(b, "min"), *kmax = get(b, "max"), *kd = get(b, "decimals");
	bool ok = true;
	if (kmin && !parse_double(kmin->value, &e->nmin)) {
		DIAG(L, b->file, kmin->line, "min must be a number, not '%s'", kmin->value);
		ok = false;
	}
	if (kmax && !parse_double(kmax->value, &e->nmax)) {
		DIAG(L, b->file, kmax->line, "max must be a number, not '%s'", kmax->value);
		ok = false;
	}
	if (ok && kmin && kmax && e->nmin >= e->nmax)
		DIAG(L, b->file, kmin->line, "min (%s) must be below max (%s)", kmin->value,
		     kmax->value);
	if (kd) {
		long dec;
		if (!parse_int(kd->value, 0, 4, &dec))
			DIAG(L, b->file, kd->line, "decimals must be a whole number from 0 to 4");
		else
			e->decimals = (int)dec;
	}
	int oom = 0;
	e->unit = dup_value(b, "unit", &oom);
	L->oom |= oom;
}

static bool parse_column_type(struct loader *L, const struct block *b, const struct kv *k,
			      const char *spec, struct rb_column *col)
{
	if (strcmp(spec, "text") == 0) {
		col->type = RB_COL_TEXT;
	} else if (strcmp(spec, "quarter") == 0) {
		col->type = RB_COL_QUARTER;
	} else if (strcmp(spec, "dimension") == 0) {
		col->type = RB_COL_DIMENSION;
	} else if (strncmp(spec, "number", 6) == 0 && (spec[6] == '\0' || spec[6] == ' ')) {
		col->type = RB_COL_NUMBER;
		const char *r = spec + 6;
		while (*r == ' ')
			r++;
		if (*r) {
			const char *dots = strstr(r, "..");
			char *lo = dots ? rb_strndup(r, (size_t)(dots - r)) : NULL;
			bool ok = dots && lo && parse_double(lo, &col->min) &&
				  parse_double(dots + 2, &col->max) && col->min < col->max;
			free(lo);
			if (!ok) {
				DIAG(L, b->file, k->line,
				     "a number column's range should look like 'number 0..1000' "
				     "with "
				     "the first below the second");
				return false;
			}
			col->has_range = true;
		}
	} else if (strncmp(spec, "choice ", 7) == 0) {
		col->type = RB_COL_CHOICE;
		const char *p = spec + 7;
		while (*p) {
			const char *slash = strchr(p, '/');
			size_t n = slash ? (size_t)(slash - p) : strlen(p);
			char *id = trim_dup(p, n);
			if (!id) {
				L->oom = 1;
				return false;
			}
			if (!rb_is_slug(id)) {
				DIAG(L, b->file, k->line, "choice '%s' in column must be a slug",
				     id);
				free(id);
				return false;
			}
			struct rb_option *v =
			    realloc(col->choices, (col->nchoices + 1) * sizeof *v);
			char *label = strdup(id);
			if (!v || !label) {
				free(v == col->choices ? NULL : v);
				free(id);
				free(label);
				L->oom = 1;
				return false;
			}
			col->choices = v;
			v[col->nchoices].id = id;
			v[col->nchoices].label = label;
			col->nchoices++;
			p = slash ? slash + 1 : p + n;
		}
		if (col->nchoices < 2) {
			DIAG(L, b->file, k->line,
			     "a choice column needs at least two choices, "
			     "separated by '/'");
			return false;
		}
	} else {
		DIAG(L, b->file, k->line,
		     "unknown column type '%s' (use text, number, choice a/b/c, quarter or "
		     "dimension)",
		     spec);
		return false;
	}
	return true;
}

static void load_table(struct loader *L, const struct block *b, struct rb_exercise *e)
{
	for (size_t i = 0; i < b->n && !L->oom; i++) {
		const struct kv *k = &b->kv[i];
		if (strcmp(k->key, "column") != 0 || !*k->value)
			continue;
		const char *v = k->value;
		const char *bar1 = strchr(v, '|');
		const char *bar2 = bar1 ? strchr(bar1 + 1, '|') : NULL;
		if (!bar2) {
			DIAG(L, b->file, k->line, "column should look like 'id | label | type'");
			continue;
		}
		struct rb_column col = {0};
		col.id = trim_dup(v, (size_t)(bar1 - v));
		col.label = trim_dup(bar1 + 1, (size_t)(bar2 - bar1 - 1));
		char *spec = trim_dup(bar2 + 1, strlen(bar2 + 1));
		if (!col.id || !col.label || !spec) {
			free(col.id);
			free(col.label);
			free(spec);
			L->oom = 1;
			return;
		}
		bool ok = true;
		if (!rb_is_slug(col.id)) {
			DIAG(L, b->file, k->line, "column id '%s' must be a slug (a-z, 0-9, '-')",
			     col.id);
			ok = false;
		}
		if (!*col.label) {
			DIAG(L, b->file, k->line, "column '%s' has no label", col.id);
			ok = false;
		}
		for (size_t j = 0; j < e->ncolumns; j++)
			if (strcmp(e->columns[j].id, col.id) == 0) {
				DIAG(L, b->file, k->line, "column id '%s' is used twice", col.id);
				ok = false;
			}
		ok = parse_column_type(L, b, k, spec, &col) && ok;
		free(spec);
		struct rb_column *nv =
		    ok ? realloc(e->columns, (e->ncolumns + 1) * sizeof *nv) : NULL;
		if (!nv) {
			if (ok)
				L->oom = 1;
			free(col.id);
			free(col.label);
			options_free(col.choices, col.nchoices);
			continue;
		}
		e->columns = nv;
		e->columns[e->ncolumns++] = col;
	}
	if (e->ncolumns > MAX_COLUMNS)
		DIAG(L, b->file, b->line, "a table may have at most %d columns", MAX_COLUMNS);
	e->max_rows = 100;
	const struct kv *kr = get(b, "max-rows");
	long rows;
	if (kr && !parse_int(kr->value, 1, 1000, &rows))
		DIAG(L, b->file, kr->line, "max-rows must be a whole number from 1 to 1000");
	else if (kr)
		e->max_rows = (int)rows;
}

static const struct keyspec common_keys[] = {
    {"id", true, false},           {"type", true, false},        {"prompt", true, false},
    {"help", false, false},        {"section", true, false},     {"optional", false, false},
    {"placeholder", false, false}, {"max-length", false, false}, {"min", false, false},
    {"max", false, false},         {"label", false, true},       {"dimension", false, false},
    {"measure", false, false},     {"option", false, true},      {"max-choices", false, false},
    {"item", false, true},         {"unit", false, false},       {"decimals", false, false},
    {"column", false, true},       {"max-rows", false, false},
};

/* The keys each type allows beyond id, type, prompt, help, section and optional. */
static const char *const type_keys[] = {
    [RB_EX_TEXT] = " placeholder max-length ",
    [RB_EX_SCALE] = " min max label dimension measure ",
    [RB_EX_CHOICE] = " option ",
    [RB_EX_MULTI] = " option max-choices ",
    [RB_EX_CHECKLIST] = " item ",
    [RB_EX_NUMBER] = " min max unit decimals ",
    [RB_EX_TABLE] = " column max-rows ",
};

static bool key_allowed(enum rb_ex_type t, const char *key)
{
	char pat[64];
	snprintf(pat, sizeof pat, " %s ", key);
	return strstr(type_keys[t], pat) != NULL;
}

static struct rb_exercise *load_exercise(struct loader *L, const struct block *b)
{
	if (block_check(b, common_keys, sizeof common_keys / sizeof common_keys[0], "exercise",
			L->d) < 0) {
		L->oom = 1;
		return NULL;
	}
	const struct kv *kid = get(b, "id"), *ktype = get(b, "type");
	if (!kid || !ktype)
		return NULL;
	enum rb_ex_type type;
	if (parse_ex_type(ktype->value, &type) < 0) {
		DIAG(
		    L, b->file, ktype->line,
		    "unknown exercise type '%s' (use text, scale, choice, multi, checklist, number "
		    "or table)",
		    ktype->value);
		return NULL;
	}
	for (size_t i = 0; i < b->n; i++) {
		const char *k = b->kv[i].key;
		bool common = !strcmp(k, "id") || !strcmp(k, "type") || !strcmp(k, "prompt") ||
			      !strcmp(k, "help") || !strcmp(k, "section") || !strcmp(k, "optional");
		bool known = false;
		for (size_t j = 0; j < sizeof common_keys / sizeof common_keys[0]; j++)
			known |= strcmp(common_keys[j].key, k) == 0;
		if (known && !common && !key_allowed(type, k))
			DIAG(L, b->file, b->kv[i].line, "key '%s' does not apply to a %s exercise",
			     k, ktype->value);
	}
	struct rb_exercise *e = calloc(1, sizeof *e);
	if (!e) {
		L->oom = 1;
		return NULL;
	}
	int oom = 0;
	e->type = type;
	e->line = b->line;
	e->id = strdup(kid->value);
	e->prompt = dup_value(b, "prompt", &oom);
	e->help = dup_value(b, "help", &oom);
	e->section = dup_value(b, "section", &oom);
	e->placeholder = dup_value(b, "placeholder", &oom);
	if (!e->id)
		oom = 1;
	L->oom |= oom;
	if (!rb_is_slug(kid->value))
		DIAG(L, b->file, kid->line,
		     "exercise id '%s' must use only a-z, 0-9 and '-', start with a letter, and be "
		     "at most %d characters",
		     kid->value, MAX_SLUG);
	const struct kv *kopt = get(b, "optional");
	if (kopt) {
		if (strcmp(kopt->value, "yes") == 0)
			e->optional = true;
		else if (strcmp(kopt->value, "no") != 0)
			DIAG(L, b->file, kopt->line, "optional must be 'yes' or 'no'");
	}
	e->max_length = DEFAULT_MAXLEN;
	const struct kv *kml = get(b, "max-length");
	long ml;
	if (kml && !parse_int(kml->value, 1, 1000000, &ml))
		DIAG(L, b->file, kml->line, "max-length must be a whole number from 1 to 1000000");
	else if (kml)
		e->max_length = (size_t)ml;

	switch (type) {
	case RB_EX_TEXT:
		break;
	case RB_EX_SCALE:
		load_scale(L, b, e);
		break;
	case RB_EX_CHOICE:
	case RB_EX_MULTI:
		load_options(L, b, "option", &e->options, &e->noptions);
		if (e->noptions < 2 && get(b, "option"))
			DIAG(L, b->file, b->line, "a %s exercise needs at least two options",
			     ktype->value);
		else if (!get(b, "option"))
			DIAG(L, b->file, b->line,
			     "a %s exercise needs options ('option: id | text')", ktype->value);
		if (type == RB_EX_MULTI) {
			const struct kv *kmc = get(b, "max-choices");
			long mc;
			if (kmc && !parse_int(kmc->value, 1, 1000, &mc))
				DIAG(L, b->file, kmc->line, "max-choices must be a whole number");
			else if (kmc)
				e->max_choices = (int)mc;
		}
		break;
	case RB_EX_CHECKLIST:
		load_options(L, b, "item", &e->options, &e->noptions);
		if (!e->noptions)
			DIAG(L, b->file, b->line,
			     "a checklist needs at least one item ('item: id | text')");
		break;
	case RB_EX_NUMBER:
		load_number(L, b, e);
		if (!get(b, "min") || !get(b, "max"))
			DIAG(L, b->file, b->line, "a number exercise needs both min and max");
		break;
	case RB_EX_TABLE:
		load_table(L, b, e);
		if (!e->ncolumns && !get(b, "column"))
			DIAG(L, b->file, b->line,
			     "a table needs at least one column ('column: id | label | type')");
		break;
	}
	if (type == RB_EX_SCALE && (!get(b, "min") || !get(b, "max")))
		DIAG(L, b->file, b->line, "a scale needs both min and max");
	return e;
}

/* ---- files ---- */

static const struct keyspec module_keys[] = {
    {"id", true, false},       {"week", true, false},     {"kind", true, false},
    {"duration", true, false}, {"objective", true, true},
};
static const struct keyspec curriculum_keys[] = {
    {"id", true, false},
    {"title", true, false},
    {"version", true, false},
    {"publisher", false, false},
};
static const struct keyspec section_keys[] = {
    {"id", true, false},
    {"title", true, false},
    {"intro", true, false},
};
static const struct keyspec dimension_keys[] = {
    {"id", true, false},
    {"title", true, false},
};

/* Plain text of a heading: its text and code children, concatenated. */
static char *node_text(cmark_node *node)
{
	struct rb_buf b = {0};
	cmark_iter *it = cmark_iter_new(node);
	if (!it)
		return NULL;
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
			rb_buf_puts(&b, cmark_node_get_literal(n));
		else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			rb_buf_puts(&b, " ");
	}
	cmark_iter_free(it);
	return rb_buf_take(&b);
}

static void report_bad_utf8(struct loader *L, const char *file, const char *s, size_t len)
{
	size_t off = 0, reported = 0;
	while (off < len && reported < 5) {
		size_t bad;
		if (rb_utf8_valid(s + off, len - off, &bad))
			break;
		off += bad;
		int line = 1;
		for (size_t i = 0; i < off; i++)
			line += s[i] == '\n';
		DIAG(L, file, line,
		     "this line is not valid UTF-8 text; save the file with UTF-8 encoding");
		reported++;
		const char *nl = memchr(s + off, '\n', len - off);
		off = nl ? (size_t)(nl - s) + 1 : len;
	}
	if (memchr(s, '\0', len))
		DIAG(L, file, 1, "the file contains NUL bytes; is it really a text file?");
}

static void add_section(struct loader *L, const struct block *b)
{
	if (block_check(b, section_keys, 3, "section", L->d) < 0) {
		L->oom = 1;
		return;
	}
	const struct kv *id = get(b, "id"), *title = get(b, "title"), *intro = get(b, "intro");
	if (!id || !title || !intro)
		return;
	if (!rb_is_slug(id->value))
		DIAG(L, b->file, id->line, "section id '%s' must be a slug (a-z, 0-9, '-')",
		     id->value);
	if (rb_curriculum_section(L->c, id->value)) {
		DIAG(L, b->file, id->line, "section id '%s' is used twice", id->value);
		return;
	}
	struct rb_section *v = realloc(L->c->sections, (L->c->nsections + 1) * sizeof *v);
	if (!v) {
		L->oom = 1;
		return;
	}
	L->c->sections = v;
	struct rb_section *s = &v[L->c->nsections];
	s->id = strdup(id->value);
	s->title = strdup(title->value);
	s->intro = strdup(intro->value);
	if (!s->id || !s->title || !s->intro) {
		free(s->id);
		free(s->title);
		free(s->intro);
		L->oom = 1;
		return;
	}
	L->c->nsections++;
}

static void add_dimension(struct loader *L, const struct block *b)
{
	if (block_check(b, dimension_keys, 2, "dimension", L->d) < 0) {
		L->oom = 1;
		return;
	}
	const struct kv *id = get(b, "id"), *title = get(b, "title");
	if (!id || !title)
		return;
	if (!rb_is_slug(id->value))
		DIAG(L, b->file, id->line, "dimension id '%s' must be a slug (a-z, 0-9, '-')",
		     id->value);
	if (rb_curriculum_dimension(L->c, id->value)) {
		DIAG(L, b->file, id->line, "dimension id '%s' is used twice", id->value);
		return;
	}
	struct rb_dimension *v = realloc(L->c->dimensions, (L->c->ndimensions + 1) * sizeof *v);
	if (!v) {
		L->oom = 1;
		return;
	}
	L->c->dimensions = v;
	struct rb_dimension *dm = &v[L->c->ndimensions];
	dm->id = strdup(id->value);
	dm->title = strdup(title->value);
	if (!dm->id || !dm->title) {
		free(dm->id);
		free(dm->title);
		L->oom = 1;
		return;
	}
	L->c->ndimensions++;
}

static void load_curriculum_file(struct loader *L, const char *path)
{
	size_t len;
	char *text = rb_read_file(path, &len);
	if (!text) {
		DIAG(L, path, 1, "cannot read the curriculum file: %s", strerror(errno));
		return;
	}
	report_bad_utf8(L, path, text, len);
	cmark_node *doc = cmark_parse_document(text, len, CMARK_OPT_DEFAULT);
	free(text);
	if (!doc) {
		L->oom = 1;
		return;
	}
	cmark_iter *it = cmark_iter_new(doc);
	int ncurr = 0;
	cmark_event_type ev;
	while (it && !L->oom && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_CODE_BLOCK)
			continue;
		const char *info = cmark_node_get_fence_info(n);
		if (!info || strncmp(info, "roadbook", 8) != 0 || (info[8] && info[8] != ' '))
			continue;
		struct block b = {.file = path, .line = cmark_node_get_start_line(n)};
		b.kind = trim_dup(info + 8, strlen(info + 8));
		if (!b.kind || block_parse(&b, cmark_node_get_literal(n), L->d) < 0) {
			L->oom = 1;
			block_free(&b);
			break;
		}
		if (strcmp(b.kind, "curriculum") == 0) {
			if (ncurr++) {
				DIAG(L, path, b.line, "a second 'roadbook curriculum' block");
			} else if (block_check(&b, curriculum_keys, 4, "curriculum", L->d) < 0) {
				L->oom = 1;
			} else {
				int oom = 0;
				L->c->id = dup_value(&b, "id", &oom);
				L->c->title = dup_value(&b, "title", &oom);
				L->c->version = dup_value(&b, "version", &oom);
				L->oom |= oom;
				if (L->c->id && !rb_is_slug(L->c->id))
					DIAG(L, path, get(&b, "id")->line,
					     "curriculum id '%s' must be a slug", L->c->id);
			}
		} else if (strcmp(b.kind, "section") == 0) {
			add_section(L, &b);
		} else if (strcmp(b.kind, "dimension") == 0) {
			add_dimension(L, &b);
		} else {
			DIAG(L, path, b.line,
			     "'roadbook %s' does not belong in curriculum.md (use curriculum, "
			     "section or dimension)",
			     b.kind);
		}
		block_free(&b);
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	if (!ncurr)
		DIAG(L, path, 1, "no 'roadbook curriculum' block (id, title, version)");
	if (!L->c->nsections)
		DIAG(L, path, 1,
		     "no 'roadbook section' blocks: the strategy document needs sections");
}

static int add_exercise(struct loader *L, struct rb_module *m, struct rb_exercise *e)
{
	struct rb_exercise **v = realloc(L->c->exercises, (L->c->nexercises + 1) * sizeof *v);
	if (!v)
		return -1;
	L->c->exercises = v;
	v[L->c->nexercises++] = e;
	struct rb_exercise **mv = realloc(m->exercises, (m->nexercises + 1) * sizeof *mv);
	if (!mv)
		return -1;
	m->exercises = mv;
	mv[m->nexercises++] = e;
	return 0;
}

static void load_module_meta(struct loader *L, struct rb_module *m, const struct block *b)
{
	if (block_check(b, module_keys, 5, "module", L->d) < 0) {
		L->oom = 1;
		return;
	}
	int oom = 0;
	m->id = dup_value(b, "id", &oom);
	m->kind = dup_value(b, "kind", &oom);
	L->oom |= oom;
	if (m->id && !rb_is_slug(m->id))
		DIAG(L, b->file, get(b, "id")->line,
		     "module id '%s' must be a slug (a-z, 0-9, '-')", m->id);
	if (m->kind && strcmp(m->kind, "workshop") && strcmp(m->kind, "webinar") &&
	    strcmp(m->kind, "site-visit"))
		DIAG(L, b->file, get(b, "kind")->line,
		     "kind must be workshop, webinar or site-visit, not '%s'", m->kind);
	const struct kv *k;
	long v;
	if ((k = get(b, "week")) && !parse_int(k->value, 1, 52, &v))
		DIAG(L, b->file, k->line, "week must be a whole number from 1 to 52");
	else if (k)
		m->week = (int)v;
	if ((k = get(b, "duration")) && !parse_int(k->value, 1, 24 * 60, &v))
		DIAG(L, b->file, k->line,
		     "duration must be minutes, a whole number from 1 to 1440");
	else if (k)
		m->duration = (int)v;
	for (size_t i = 0; i < b->n; i++) {
		if (strcmp(b->kv[i].key, "objective") != 0 || !*b->kv[i].value)
			continue;
		char **ov = realloc(m->objectives, (m->nobjectives + 1) * sizeof *ov);
		char *s = strdup(b->kv[i].value);
		if (!ov || !s) {
			if (ov)
				m->objectives = ov;
			free(s);
			L->oom = 1;
			return;
		}
		m->objectives = ov;
		ov[m->nobjectives++] = s;
	}
}

static void load_module_file(struct loader *L, const char *path)
{
	size_t len;
	char *text = rb_read_file(path, &len);
	if (!text) {
		DIAG(L, path, 1, "cannot read this lesson file: %s", strerror(errno));
		return;
	}
	report_bad_utf8(L, path, text, len);
	struct rb_module *mv = realloc(L->c->modules, (L->c->nmodules + 1) * sizeof *mv);
	if (!mv) {
		free(text);
		L->oom = 1;
		return;
	}
	L->c->modules = mv;
	size_t mi = L->c->nmodules++;
	struct rb_module *m = &mv[mi];
	memset(m, 0, sizeof *m);
	m->file = strdup(path);
	m->markdown = text;
	m->markdown_len = len;
	if (!m->file) {
		L->oom = 1;
		return;
	}
	cmark_node *doc = cmark_parse_document(text, len, CMARK_OPT_DEFAULT);
	if (!doc) {
		L->oom = 1;
		return;
	}
	int nmeta = 0, meta_line = 0;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while (it && !L->oom && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) == 1 && !m->title) {
			m->title = node_text(n);
			if (!m->title)
				L->oom = 1;
			continue;
		}
		if (t != CMARK_NODE_CODE_BLOCK)
			continue;
		const char *info = cmark_node_get_fence_info(n);
		if (!info || strncmp(info, "roadbook", 8) != 0 || (info[8] && info[8] != ' '))
			continue;
		/* Every roadbook block takes a slot, so that slots match the renderer's
		 * block_index. */
		struct rb_exercise **bv = realloc(m->blocks, (m->nblocks + 1) * sizeof *bv);
		if (!bv) {
			L->oom = 1;
			break;
		}
		m->blocks = bv;
		bv[m->nblocks] = NULL;
		size_t slot = m->nblocks++;
		struct block b = {.file = path, .line = cmark_node_get_start_line(n)};
		b.kind = trim_dup(info + 8, strlen(info + 8));
		if (!b.kind || block_parse(&b, cmark_node_get_literal(n), L->d) < 0) {
			L->oom = 1;
			block_free(&b);
			break;
		}
		if (strcmp(b.kind, "module") == 0) {
			if (nmeta++)
				DIAG(L, path, b.line,
				     "a second 'roadbook module' block (the first is on line %d)",
				     meta_line);
			else {
				meta_line = b.line;
				load_module_meta(L, m, &b);
			}
		} else if (strcmp(b.kind, "exercise") == 0) {
			struct rb_exercise *e = load_exercise(L, &b);
			if (e) {
				e->module_index = mi;
				if (add_exercise(L, m, e) < 0) {
					exercise_free(e);
					L->oom = 1;
				} else {
					m->blocks[slot] = e;
				}
			}
		} else {
			DIAG(L, path, b.line,
			     "unknown block 'roadbook %s' (a lesson has 'roadbook module' and "
			     "'roadbook exercise' blocks)",
			     b.kind);
		}
		block_free(&b);
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	if (!nmeta)
		DIAG(L, path, 1,
		     "no 'roadbook module' block (id, week, kind, duration, objective)");
	if (!m->title)
		DIAG(L, path, 1, "the lesson has no title: start it with a '# Title' line");
	if (!m->nexercises)
		DIAG(L, path, 1, "the lesson has no exercises");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Checks that need the whole curriculum: unique ids, known sections and dimensions. */
static void cross_check(struct loader *L)
{
	struct rb_curriculum *c = L->c;
	for (size_t i = 0; i < c->nmodules; i++) {
		const struct rb_module *m = &c->modules[i];
		for (size_t j = 0; j < i && m->id; j++)
			if (c->modules[j].id && strcmp(c->modules[j].id, m->id) == 0)
				DIAG(L, m->file, 1, "module id '%s' is already used by %s", m->id,
				     c->modules[j].file);
	}
	for (size_t i = 0; i < c->nexercises; i++) {
		const struct rb_exercise *e = c->exercises[i];
		const char *file = c->modules[e->module_index].file;
		for (size_t j = 0; j < i; j++) {
			const struct rb_exercise *o = c->exercises[j];
			if (strcmp(o->id, e->id) == 0) {
				DIAG(L, file, e->line, "exercise id '%s' is already used at %s:%d",
				     e->id, c->modules[o->module_index].file, o->line);
				break;
			}
		}
		if (e->section && c->nsections && !rb_curriculum_section(c, e->section))
			DIAG(
			    L, file, e->line,
			    "exercise '%s' feeds section '%s', which curriculum.md does not define",
			    e->id, e->section);
		if (e->dimension && !rb_curriculum_dimension(c, e->dimension))
			DIAG(L, file, e->line,
			     "exercise '%s' names dimension '%s', which curriculum.md does not "
			     "define",
			     e->id, e->dimension);
	}
}

int rb_curriculum_load(const char *dir, struct rb_curriculum **out, struct rb_diags *diags)
{
	struct loader L = {.d = diags};
	*out = NULL;
	L.c = calloc(1, sizeof *L.c);
	if (!L.c || !(L.c->dir = strdup(dir))) {
		free(L.c);
		return -1;
	}
	DIR *dh = opendir(dir);
	if (!dh) {
		DIAG(&L, dir, 0, "cannot open the lessons folder: %s", strerror(errno));
		*out = L.c;
		return L.oom ? -1 : 0;
	}
	char **names = NULL;
	size_t nnames = 0;
	struct dirent *de;
	while ((de = readdir(dh))) {
		size_t n = strlen(de->d_name);
		if (n < 4 || strcmp(de->d_name + n - 3, ".md") != 0 || de->d_name[0] == '.')
			continue;
		char **v = realloc(names, (nnames + 1) * sizeof *v);
		if (!v || !(v[nnames] = strdup(de->d_name))) {
			names = v ? v : names;
			L.oom = 1;
			break;
		}
		names = v;
		nnames++;
	}
	closedir(dh);
	if (nnames)
		qsort(names, nnames, sizeof *names, cmp_str);

	struct rb_buf path = {0};
	rb_buf_printf(&path, "%s/curriculum.md", dir);
	if (path.data && access(path.data, F_OK) == 0)
		load_curriculum_file(&L, path.data);
	else if (path.data)
		DIAG(&L, dir, 0,
		     "no curriculum.md: a lessons folder needs one, with the curriculum's id, "
		     "version and strategy sections");
	rb_buf_free(&path);
	for (size_t i = 0; i < nnames && !L.oom; i++) {
		if (!strcmp(names[i], "curriculum.md") || !strcasecmp(names[i], "README.md"))
			continue;
		rb_buf_printf(&path, "%s/%s", dir, names[i]);
		if (!path.data) {
			L.oom = 1;
			break;
		}
		load_module_file(&L, path.data);
		rb_buf_free(&path);
	}
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	if (!L.c->nmodules && !L.oom)
		DIAG(&L, dir, 0,
		     "no lesson modules in this folder (expected files such as "
		     "01-first-module.md)");
	if (!L.oom)
		cross_check(&L);
	*out = L.c;
	return L.oom ? -1 : 0;
}

void rb_curriculum_free(struct rb_curriculum *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nexercises; i++)
		exercise_free(c->exercises[i]);
	free(c->exercises);
	for (size_t i = 0; i < c->nmodules; i++) {
		struct rb_module *m = &c->modules[i];
		free(m->id);
		free(m->title);
		free(m->file);
		free(m->kind);
		for (size_t j = 0; j < m->nobjectives; j++)
			free(m->objectives[j]);
		free(m->objectives);
		free(m->markdown);
		free(m->exercises);
		free(m->blocks);
	}
	free(c->modules);
	for (size_t i = 0; i < c->nsections; i++) {
		free(c->sections[i].id);
		free(c->sections[i].title);
		free(c->sections[i].intro);
	}
	free(c->sections);
	for (size_t i = 0; i < c->ndimensions; i++) {
		free(c->dimensions[i].id);
		free(c->dimensions[i].title);
	}
	free(c->dimensions);
	free(c->dir);
	free(c->id);
	free(c->title);
	free(c->version);
	free(c);
}

const struct rb_exercise *rb_curriculum_exercise(const struct rb_curriculum *c, const char *id)
{
	for (size_t i = 0; i < c->nexercises; i++)
		if (strcmp(c->exercises[i]->id, id) == 0)
			return c->exercises[i];
	return NULL;
}

const struct rb_module *rb_curriculum_module(const struct rb_curriculum *c, const char *id)
{
	for (size_t i = 0; i < c->nmodules; i++)
		if (c->modules[i].id && strcmp(c->modules[i].id, id) == 0)
			return &c->modules[i];
	return NULL;
}

const struct rb_section *rb_curriculum_section(const struct rb_curriculum *c, const char *id)
{
	for (size_t i = 0; i < c->nsections; i++)
		if (strcmp(c->sections[i].id, id) == 0)
			return &c->sections[i];
	return NULL;
}

const struct rb_dimension *rb_curriculum_dimension(const struct rb_curriculum *c, const char *id)
{
	for (size_t i = 0; i < c->ndimensions; i++)
		if (strcmp(c->dimensions[i].id, id) == 0)
			return &c->dimensions[i];
	return NULL;
}

static bool is_dir(const char *p)
{
	struct stat st;
	return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

char *rb_find_bundled_lessons(void)
{
	const char *env = getenv("ROADBOOK_LESSONS");
	if (env && *env)
		return strdup(env);
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			struct rb_buf b = {0};
			rb_buf_printf(&b, "%s/../share/roadbook/lessons", exe);
			if (is_dir(b.data))
				return rb_buf_take(&b);
			rb_buf_free(&b);
			/* Running from a build tree: use the source tree's lessons, never a
			 * possibly older installed copy. */
			rb_buf_printf(&b, "%s/CMakeCache.txt", exe);
			bool in_build = b.data && access(b.data, F_OK) == 0;
			rb_buf_free(&b);
			if (in_build && is_dir(RB_LESSONS_SOURCE))
				return strdup(RB_LESSONS_SOURCE);
		}
	}
	if (is_dir(RB_LESSONS_INSTALLED))
		return strdup(RB_LESSONS_INSTALLED);
	if (is_dir(RB_LESSONS_SOURCE))
		return strdup(RB_LESSONS_SOURCE);
	return NULL;
}
