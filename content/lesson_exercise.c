/* lesson_exercise.c - loading one `roadbook exercise` block: common keys, then the keys of its
 * type, each checked with a file:line diagnostic. */
#include "content/lesson_internal.h"

#include "content/buf.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void options_free(struct rb_option *o, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(o[i].id);
		free(o[i].label);
	}
	free(o);
}

void lsn_exercise_free(struct rb_exercise *e)
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
		if (!lsn_split_pair(e->value, &id, &label)) {
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
	const struct kv *kmin = lsn_get(b, "min"), *kmax = lsn_get(b, "max");
	long lo = 0, hi = 0;
	bool ok = true;
	if (kmin && !lsn_parse_int(kmin->value, -1000, 1000, &lo)) {
		DIAG(L, b->file, kmin->line, "min must be a whole number, not '%s'", kmin->value);
		ok = false;
	}
	if (kmax && !lsn_parse_int(kmax->value, -1000, 1000, &hi)) {
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
		if (!lsn_split_pair(k->value, &num, &text)) {
			DIAG(L, b->file, k->line, "label should look like 'N | text'");
			continue;
		}
		if (!lsn_parse_int(num, LONG_MIN, LONG_MAX, &pt) || pt < lo || pt > hi) {
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
	const struct kv *kd = lsn_get(b, "dimension"), *km = lsn_get(b, "measure");
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
	const struct kv *kmin = lsn_get(b, "min"), *kmax = lsn_get(b, "max"),
			*kd = lsn_get(b, "decimals");
	bool ok = true;
	if (kmin && !lsn_parse_double(kmin->value, &e->nmin)) {
		DIAG(L, b->file, kmin->line, "min must be a number, not '%s'", kmin->value);
		ok = false;
	}
	if (kmax && !lsn_parse_double(kmax->value, &e->nmax)) {
		DIAG(L, b->file, kmax->line, "max must be a number, not '%s'", kmax->value);
		ok = false;
	}
	if (ok && kmin && kmax && e->nmin >= e->nmax)
		DIAG(L, b->file, kmin->line, "min (%s) must be below max (%s)", kmin->value,
		     kmax->value);
	if (kd) {
		long dec;
		if (!lsn_parse_int(kd->value, 0, 4, &dec))
			DIAG(L, b->file, kd->line, "decimals must be a whole number from 0 to 4");
		else
			e->decimals = (int)dec;
	}
	int oom = 0;
	e->unit = lsn_dup_value(b, "unit", &oom);
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
			bool ok = dots && lo && lsn_parse_double(lo, &col->min) &&
				  lsn_parse_double(dots + 2, &col->max) && col->min < col->max;
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
			char *id = lsn_trim_dup(p, n);
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
		col.id = lsn_trim_dup(v, (size_t)(bar1 - v));
		col.label = lsn_trim_dup(bar1 + 1, (size_t)(bar2 - bar1 - 1));
		char *spec = lsn_trim_dup(bar2 + 1, strlen(bar2 + 1));
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
	const struct kv *kr = lsn_get(b, "max-rows");
	long rows;
	if (kr && !lsn_parse_int(kr->value, 1, 1000, &rows))
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

struct rb_exercise *lsn_load_exercise(struct loader *L, const struct block *b)
{
	if (lsn_block_check(b, common_keys, sizeof common_keys / sizeof common_keys[0], "exercise",
			    L->d) < 0) {
		L->oom = 1;
		return NULL;
	}
	const struct kv *kid = lsn_get(b, "id"), *ktype = lsn_get(b, "type");
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
	e->prompt = lsn_dup_value(b, "prompt", &oom);
	e->help = lsn_dup_value(b, "help", &oom);
	e->section = lsn_dup_value(b, "section", &oom);
	e->placeholder = lsn_dup_value(b, "placeholder", &oom);
	if (!e->id)
		oom = 1;
	L->oom |= oom;
	if (!rb_is_slug(kid->value))
		DIAG(L, b->file, kid->line,
		     "exercise id '%s' must use only a-z, 0-9 and '-', start with a letter, and be "
		     "at most %d characters",
		     kid->value, MAX_SLUG);
	const struct kv *kopt = lsn_get(b, "optional");
	if (kopt) {
		if (strcmp(kopt->value, "yes") == 0)
			e->optional = true;
		else if (strcmp(kopt->value, "no") != 0)
			DIAG(L, b->file, kopt->line, "optional must be 'yes' or 'no'");
	}
	e->max_length = DEFAULT_MAXLEN;
	const struct kv *kml = lsn_get(b, "max-length");
	long ml;
	if (kml && !lsn_parse_int(kml->value, 1, 1000000, &ml))
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
		if (e->noptions < 2 && lsn_get(b, "option"))
			DIAG(L, b->file, b->line, "a %s exercise needs at least two options",
			     ktype->value);
		else if (!lsn_get(b, "option"))
			DIAG(L, b->file, b->line,
			     "a %s exercise needs options ('option: id | text')", ktype->value);
		if (type == RB_EX_MULTI) {
			const struct kv *kmc = lsn_get(b, "max-choices");
			long mc;
			if (kmc && !lsn_parse_int(kmc->value, 1, 1000, &mc))
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
		if (!lsn_get(b, "min") || !lsn_get(b, "max"))
			DIAG(L, b->file, b->line, "a number exercise needs both min and max");
		break;
	case RB_EX_TABLE:
		load_table(L, b, e);
		if (!e->ncolumns && !lsn_get(b, "column"))
			DIAG(L, b->file, b->line,
			     "a table needs at least one column ('column: id | label | type')");
		break;
	}
	if (type == RB_EX_SCALE && (!lsn_get(b, "min") || !lsn_get(b, "max")))
		DIAG(L, b->file, b->line, "a scale needs both min and max");
	return e;
}

const char *rb_exercise_type_hint(const struct rb_exercise *e)
{
	switch (e->type) {
	case RB_EX_TEXT:
		return "write your answer";
	case RB_EX_SCALE:
		return "pick a point on the scale";
	case RB_EX_CHOICE:
		return "choose one";
	case RB_EX_MULTI:
		return "choose any that apply";
	case RB_EX_CHECKLIST:
		return "tick what is true";
	case RB_EX_NUMBER:
		return "a number";
	case RB_EX_TABLE:
		return "fill in the table";
	}
	return "";
}

const char *rb_module_kind_label(const char *kind)
{
	if (!kind)
		return "";
	return !strcmp(kind, "site-visit") ? "site visit" : kind;
}
