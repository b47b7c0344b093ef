/* answer.c - answer checking and canonical forms (see answer.h). */
#include "content/answer.h"

#include "content/buf.h"
#include "content/sanitize.h"
#include "content/utf8.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int fail(char **error, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(char **error, const char *fmt, ...)
{
	struct rb_buf b = {0};
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	rb_buf_puts(&b, msg);
	*error = rb_buf_take(&b);
	return *error ? 1 : -1;
}

static int ok(char **canonical, const char *s)
{
	*canonical = strdup(s);
	return *canonical ? 0 : -1;
}

static char *trim(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return rb_strndup(s, n);
}

bool rb_parse_human_number(const char *s, const char *unit, double *out)
{
	char clean[128];
	size_t n = 0;
	size_t ulen = unit ? strlen(unit) : 0;
	for (const char *p = s; *p; p++) {
		if (ulen && strncmp(p, unit, ulen) == 0) {
			p += ulen - 1;
			continue;
		}
		if (strncmp(p, "\xc2\xa3", 2) == 0) { /* £ */
			p++;
			continue;
		}
		if (*p == ' ' || *p == ',' || *p == '\t' || *p == '_')
			continue;
		if (n + 1 >= sizeof clean)
			return false;
		clean[n++] = *p;
	}
	clean[n] = '\0';
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(isdigit((unsigned char)clean[i]) || clean[i] == '.' ||
		      ((clean[i] == '-' || clean[i] == '+') && i == 0)))
			return false;
	char *end;
	errno = 0;
	double v = strtod(clean, &end);
	if (errno || *end || !isfinite(v))
		return false;
	*out = v;
	return true;
}

static void format_number(char *out, size_t size, double v, int decimals)
{
	snprintf(out, size, "%.*f", decimals, v);
	if (strcmp(out, "-0") == 0)
		snprintf(out, size, "0");
}

/* Text: valid UTF-8, CRLF and CR made LF, tabs expanded, then the terminal sanitiser (the same
 * one every screen uses: whole escape sequences, controls, bidi and zero-width characters
 * removed), trailing blank space trimmed; all-blank becomes "" (clear). */
static int normalize_text(const struct rb_exercise *e, const char *in, char **canonical,
			  char **error)
{
	size_t len = strlen(in), bad;
	if (!rb_utf8_valid(in, len, &bad))
		return fail(
		    error,
		    "Some of this text is not readable (not valid UTF-8, at character %zu). "
		    "Retype it, or copy it again from a document saved as UTF-8.",
		    bad + 1);
	struct rb_buf b = {0};
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)in[i];
		if (ch == '\r') {
			rb_buf_puts(&b, "\n");
			if (in[i + 1] == '\n')
				i++;
		} else if (ch == '\t') {
			rb_buf_puts(&b, "    ");
		} else {
			rb_buf_append(&b, in + i, 1);
		}
	}
	if (b.oom) {
		rb_buf_free(&b);
		return -1;
	}
	char *t = rb_sanitize(b.data ? b.data : "", b.len, 0, NULL);
	rb_buf_free(&b);
	if (!t)
		return -1;
	size_t n = strlen(t);
	while (n && (t[n - 1] == ' ' || t[n - 1] == '\n'))
		t[--n] = '\0';
	/* Leading blank lines go too (the first line's own indentation stays). */
	size_t lead = 0, line_start = 0;
	while (t[lead] == '\n' || t[lead] == ' ') {
		if (t[lead] == '\n')
			line_start = lead + 1;
		lead++;
	}
	if (t[lead] == '\0')
		line_start = n;
	memmove(t, t + line_start, n - line_start + 1);
	n -= line_start;
	size_t chars = 0; /* code points: what a person counts as characters */
	for (size_t i = 0; i < n; i++)
		chars += ((unsigned char)t[i] & 0xC0) != 0x80;
	if (e && chars > e->max_length) {
		free(t);
		return fail(
		    error,
		    "This answer is too long (%zu characters; the most is %zu). Shorten it, "
		    "or keep the long version in a document and summarise it here.",
		    chars, e->max_length);
	}
	*canonical = t;
	return 0;
}

/* Resolves one token to an option index: id, label (case-insensitive) or 1-based number. */
static long find_option(const struct rb_option *o, size_t n, const char *tok)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(o[i].id, tok) == 0)
			return (long)i;
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(o[i].label, tok) == 0)
			return (long)i;
	char *end;
	long k = strtol(tok, &end, 10);
	if (end != tok && *end == '\0' && k >= 1 && (size_t)k <= n)
		return k - 1;
	return -1;
}

static void list_options(struct rb_buf *b, const struct rb_option *o, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rb_buf_printf(b, "%s%s", i ? ", " : "", o[i].id);
}

static int normalize_options(const struct rb_exercise *e, const char *in, char **canonical,
			     char **error)
{
	bool many = e->type != RB_EX_CHOICE;
	bool *picked = calloc(e->noptions ? e->noptions : 1, sizeof *picked);
	char *copy = strdup(in);
	int rc = 0;
	if (!picked || !copy) {
		rc = -1;
		goto done;
	}
	size_t count = 0;
	char *save = NULL;
	for (char *tok = strtok_r(copy, many ? ",\n" : "\n", &save); tok;
	     tok = strtok_r(NULL, many ? ",\n" : "\n", &save)) {
		char *t = trim(tok);
		if (!t) {
			rc = -1;
			goto done;
		}
		if (!*t) {
			free(t);
			continue;
		}
		long k = find_option(e->options, e->noptions, t);
		if (k < 0) {
			struct rb_buf b = {0};
			list_options(&b, e->options, e->noptions);
			rc = fail(error, "'%s' is not one of the choices. Choose from: %s.", t,
				  b.data ? b.data : "");
			rb_buf_free(&b);
			free(t);
			goto done;
		}
		free(t);
		if (!picked[k])
			count++;
		picked[k] = true;
		if (!many && count > 1) {
			rc = fail(error, "Choose only one option here.");
			goto done;
		}
	}
	if (e->type == RB_EX_MULTI && e->max_choices && count > (size_t)e->max_choices) {
		rc = fail(error, "Choose at most %d options here (you chose %zu).", e->max_choices,
			  count);
		goto done;
	}
	struct rb_buf b = {0};
	size_t k = 0;
	for (size_t i = 0; i < e->noptions; i++)
		if (picked[i])
			rb_buf_printf(&b, "%s%s", k++ ? "," : "", e->options[i].id);
	*canonical = rb_buf_take(&b);
	rc = *canonical ? 0 : -1;
done:
	free(picked);
	free(copy);
	return rc;
}

static int normalize_scale(const struct rb_exercise *e, const char *t, char **canonical,
			   char **error)
{
	char *end;
	errno = 0;
	long v = strtol(t, &end, 10);
	/* "3", "3 - Defined", "3 — Defined" (as the answers files write it), or a label */
	if (end != t && !errno && *end == ' ') {
		const char *rest = end + strspn(end, " ");
		if (*rest && !isdigit((unsigned char)*rest) && *rest != '.' && *rest != ',')
			end += strlen(end);
	}
	if (end == t) {
		for (int p = e->smin; e->labels && p <= e->smax; p++) {
			if (e->labels[p - e->smin] && strcasecmp(e->labels[p - e->smin], t) == 0) {
				v = p;
				end = (char *)t + strlen(t);
				break;
			}
		}
	}
	if (end == t || *end || errno)
		return fail(error, "Give a whole number from %d to %d.", e->smin, e->smax);
	if (v < e->smin || v > e->smax)
		return fail(error, "%ld is outside the scale: give a number from %d to %d.", v,
			    e->smin, e->smax);
	char num[32];
	snprintf(num, sizeof num, "%ld", v);
	return ok(canonical, num);
}

static int check_number(double v, double lo, double hi, int decimals, const char *unit,
			char **canonical, char **error)
{
	char a[64], b[64];
	snprintf(a, sizeof a, "%.15g", lo);
	snprintf(b, sizeof b, "%.15g", hi);
	if (v < lo || v > hi)
		return fail(error, "The number must be between %s and %s%s%s.", a, b,
			    unit ? " " : "", unit ? unit : "");
	double scale = pow(10, decimals);
	if (fabs(v * scale - round(v * scale)) > 1e-6 * fmax(1.0, fabs(v * scale)))
		return decimals ? fail(error, "Use at most %d decimal places.", decimals)
				: fail(error, "Give a whole number (no decimal places).");
	char num[64];
	format_number(num, sizeof num, v, decimals);
	return ok(canonical, num);
}

static int normalize_number(const struct rb_exercise *e, const char *t, char **canonical,
			    char **error)
{
	double v;
	if (!rb_parse_human_number(t, e->unit, &v))
		return fail(error, "'%s' is not a number. Type digits only, for example 12500.", t);
	return check_number(v, e->nmin, e->nmax, e->decimals, e->unit, canonical, error);
}

int rb_table_cell_normalize(const struct rb_curriculum *c, const struct rb_column *col,
			    const char *input, char **canonical, char **error)
{
	/* one line, through the terminal sanitiser like every other text, then trimmed */
	char *clean = rb_sanitize(input, strlen(input), RB_SAN_SINGLE_LINE, NULL);
	if (!clean)
		return -1;
	char *t = trim(clean);
	free(clean);
	if (!t)
		return -1;
	int rc;
	if (!*t) {
		*canonical = t;
		return 0;
	}
	switch (col->type) {
	case RB_COL_NUMBER: {
		double v;
		if (!rb_parse_human_number(t, NULL, &v)) {
			rc = fail(error, "%s: '%s' is not a number.", col->label, t);
		} else {
			double lo = col->has_range ? col->min : -1e15;
			double hi = col->has_range ? col->max : 1e15;
			char *msg = NULL;
			rc = check_number(v, lo, hi, 2, NULL, canonical, &msg);
			if (rc == 0) {
				/* keep whole numbers whole */
				char *dot = strchr(*canonical, '.');
				if (dot && strcmp(dot, ".00") == 0)
					*dot = '\0';
			} else if (rc == 1) {
				rc = fail(error, "%s: %s", col->label, msg);
				free(msg);
			}
		}
		break;
	}
	case RB_COL_CHOICE: {
		long k = find_option(col->choices, col->nchoices, t);
		if (k < 0) {
			struct rb_buf b = {0};
			list_options(&b, col->choices, col->nchoices);
			rc = fail(error, "%s: '%s' is not one of: %s.", col->label, t,
				  b.data ? b.data : "");
			rb_buf_free(&b);
		} else {
			rc = ok(canonical, col->choices[k].id);
		}
		break;
	}
	case RB_COL_QUARTER: {
		int year, q;
		char extra;
		if (sscanf(t, "%d-Q%d%c", &year, &q, &extra) == 2 ||
		    sscanf(t, "%d-q%d%c", &year, &q, &extra) == 2 ||
		    sscanf(t, "%d Q%d%c", &year, &q, &extra) == 2 ||
		    sscanf(t, "Q%d %d%c", &q, &year, &extra) == 2) {
			if (year < 2000 || year > 2100 || q < 1 || q > 4) {
				rc = fail(error, "%s: '%s' is not a real quarter.", col->label, t);
			} else {
				char s[16];
				snprintf(s, sizeof s, "%04d-Q%d", year, q);
				rc = ok(canonical, s);
			}
		} else {
			rc = fail(error, "%s: write the quarter as year and quarter, e.g. 2027-Q1.",
				  col->label);
		}
		break;
	}
	case RB_COL_DIMENSION: {
		const struct rb_dimension *d = NULL;
		for (size_t i = 0; c && i < c->ndimensions && !d; i++)
			if (!strcasecmp(c->dimensions[i].id, t) ||
			    !strcasecmp(c->dimensions[i].title, t))
				d = &c->dimensions[i];
		if (!d) {
			struct rb_buf b = {0};
			for (size_t i = 0; c && i < c->ndimensions; i++)
				rb_buf_printf(&b, "%s%s", i ? ", " : "", c->dimensions[i].id);
			rc = fail(error, "%s: '%s' is not a readiness dimension. Use one of: %s.",
				  col->label, t, b.data ? b.data : "");
			rb_buf_free(&b);
		} else {
			rc = ok(canonical, d->id);
		}
		break;
	}
	default:
		rc = ok(canonical, t);
		break;
	}
	free(t);
	return rc;
}

int rb_table_parse(const char *value, size_t ncols, struct rb_table *out)
{
	memset(out, 0, sizeof *out);
	out->ncols = ncols ? ncols : 1;
	const char *p = value ? value : "";
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		char **v = realloc(out->cells, (out->nrows + 1) * out->ncols * sizeof *v);
		if (!v)
			goto oom;
		out->cells = v;
		char **row = v + out->nrows * out->ncols;
		for (size_t k = 0; k < out->ncols; k++)
			row[k] = NULL;
		out->nrows++;
		size_t col = 0;
		struct rb_buf cell = {0};
		for (size_t i = 0; i <= n; i++) {
			if (i == n || p[i] == '|') {
				if (col < out->ncols) {
					char *raw = rb_buf_take(&cell);
					row[col] = raw ? trim(raw) : NULL;
					free(raw);
					if (!row[col])
						goto oom;
				} else {
					rb_buf_free(&cell);
				}
				col++;
			} else if (p[i] == '\\' && i + 1 < n &&
				   (p[i + 1] == '|' || p[i + 1] == '\\')) {
				rb_buf_append(&cell, p + i + 1, 1);
				i++;
			} else {
				rb_buf_append(&cell, p + i, 1);
			}
		}
		for (size_t k = 0; k < out->ncols; k++)
			if (!row[k] && !(row[k] = strdup("")))
				goto oom;
		p = eol ? eol + 1 : p + n;
	}
	return 0;
oom:
	rb_table_free(out);
	return -1;
}

char *rb_table_format(const struct rb_table *t)
{
	struct rb_buf b = {0};
	bool first = true;
	for (size_t r = 0; r < t->nrows; r++) {
		char **row = t->cells + r * t->ncols;
		bool empty = true;
		for (size_t k = 0; k < t->ncols; k++)
			empty &= !row[k] || !*row[k];
		if (empty)
			continue;
		if (!first)
			rb_buf_puts(&b, "\n");
		first = false;
		for (size_t k = 0; k < t->ncols; k++) {
			if (k)
				rb_buf_puts(&b, " | ");
			for (const char *s = row[k] ? row[k] : ""; *s; s++) {
				if (*s == '|' || *s == '\\')
					rb_buf_puts(&b, "\\");
				rb_buf_append(&b, *s == '\n' ? " " : s, 1);
			}
		}
	}
	return rb_buf_take(&b);
}

void rb_table_free(struct rb_table *t)
{
	if (t->cells)
		for (size_t i = 0; i < t->nrows * t->ncols; i++)
			free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof *t);
}

static int normalize_table(const struct rb_curriculum *c, const struct rb_exercise *e,
			   const char *in, char **canonical, char **error)
{
	size_t bad;
	if (!rb_utf8_valid(in, strlen(in), &bad))
		return fail(error, "Some of this text is not readable (not valid UTF-8).");
	struct rb_table t;
	if (rb_table_parse(in, e->ncolumns, &t) < 0)
		return -1;
	int rc = 0;
	/* Count the cells each row really had, to refuse rows with too many. */
	const char *p = in;
	for (size_t r = 0; *p && r < t.nrows; r++) {
		size_t cells = 1;
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		for (size_t i = 0; i < n; i++) {
			if (p[i] == '\\' && i + 1 < n)
				i++;
			else if (p[i] == '|')
				cells++;
		}
		if (cells > e->ncolumns) {
			rc = fail(error,
				  "Row %zu has %zu cells but the table has %zu columns. Separate "
				  "cells with '|' and write a '|' inside a cell as '\\|'.",
				  r + 1, cells, e->ncolumns);
			goto done;
		}
		p = eol ? eol + 1 : p + n;
	}
	size_t rows = 0;
	for (size_t r = 0; r < t.nrows; r++) {
		bool empty = true;
		for (size_t k = 0; k < t.ncols; k++) {
			char *cell = NULL, *msg = NULL;
			int cr = rb_table_cell_normalize(c, &e->columns[k],
							 t.cells[r * t.ncols + k], &cell, &msg);
			if (cr == 1) {
				rc = fail(error, "Row %zu: %s", r + 1, msg);
				free(msg);
				goto done;
			}
			if (cr < 0) {
				rc = -1;
				goto done;
			}
			free(t.cells[r * t.ncols + k]);
			t.cells[r * t.ncols + k] = cell;
			empty &= !*cell;
		}
		rows += !empty;
	}
	if (rows > (size_t)e->max_rows) {
		rc = fail(error, "This table holds at most %d rows (you gave %zu).", e->max_rows,
			  rows);
		goto done;
	}
	*canonical = rb_table_format(&t);
	rc = *canonical ? 0 : -1;
done:
	rb_table_free(&t);
	return rc;
}

int rb_answer_normalize_text(const char *input, char **canonical, char **error)
{
	*canonical = NULL;
	*error = NULL;
	return normalize_text(NULL, input ? input : "", canonical, error);
}

int rb_answer_normalize(const struct rb_curriculum *c, const struct rb_exercise *e,
			const char *input, char **canonical, char **error)
{
	*canonical = NULL;
	*error = NULL;
	if (!input)
		input = "";
	if (e->type == RB_EX_TEXT)
		return normalize_text(e, input, canonical, error);
	if (e->type == RB_EX_TABLE) {
		char *t = trim(input);
		if (!t)
			return -1;
		int rc = normalize_table(c, e, t, canonical, error);
		free(t);
		return rc;
	}
	char *t = trim(input);
	if (!t)
		return -1;
	int rc;
	if (!*t) {
		*canonical = t;
		return 0;
	}
	size_t bad;
	if (!rb_utf8_valid(t, strlen(t), &bad)) {
		free(t);
		return fail(error, "This value is not readable text (not valid UTF-8).");
	}
	switch (e->type) {
	case RB_EX_SCALE:
		rc = normalize_scale(e, t, canonical, error);
		break;
	case RB_EX_NUMBER:
		rc = normalize_number(e, t, canonical, error);
		break;
	default:
		rc = normalize_options(e, t, canonical, error);
		break;
	}
	free(t);
	return rc;
}

bool rb_answer_has_option(const struct rb_exercise *e, const char *canonical, size_t i)
{
	if (!canonical || i >= e->noptions)
		return false;
	if (e->type == RB_EX_CHOICE)
		return !strcmp(canonical, e->options[i].id);
	size_t n = strlen(e->options[i].id);
	for (const char *p = canonical; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && strncmp(p, e->options[i].id, n) == 0)
			return true;
		p = comma ? comma + 1 : p + len;
	}
	return false;
}

char *rb_answer_summary(const struct rb_exercise *e, const char *v)
{
	struct rb_buf b = {0};
	if (!v || !*v)
		return strdup("");
	switch (e->type) {
	case RB_EX_SCALE: {
		long pt = strtol(v, NULL, 10);
		if (pt >= e->smin && pt <= e->smax && e->labels && e->labels[pt - e->smin])
			rb_buf_printf(&b, "%ld – %s", pt, e->labels[pt - e->smin]);
		else
			rb_buf_puts(&b, v);
		break;
	}
	case RB_EX_CHOICE:
	case RB_EX_MULTI:
	case RB_EX_CHECKLIST: {
		size_t k = 0;
		for (size_t i = 0; i < e->noptions; i++)
			if (rb_answer_has_option(e, v, i))
				rb_buf_printf(&b, "%s%s", k++ ? "; " : "", e->options[i].label);
		if (e->type == RB_EX_CHECKLIST)
			rb_buf_printf(&b, " (%zu of %zu)", k, e->noptions);
		break;
	}
	case RB_EX_NUMBER:
		if (e->unit && strcmp(e->unit, "£") == 0)
			rb_buf_printf(&b, "£%s", v);
		else
			rb_buf_printf(&b, "%s%s%s", v, e->unit ? " " : "", e->unit ? e->unit : "");
		break;
	case RB_EX_TABLE: {
		size_t rows = 1;
		for (const char *p = v; *p; p++)
			rows += *p == '\n';
		rb_buf_printf(&b, "%zu row%s", rows, rows == 1 ? "" : "s");
		break;
	}
	default:
		rb_buf_puts(&b, v);
	}
	return rb_buf_take(&b);
}
