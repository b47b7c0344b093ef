/* lesson.c - loading and checking a curriculum through cmark's AST (see lesson.h and
 * docs/lessons.md). Blocks are fenced code blocks with the info string "roadbook KIND"; their
 * `key: value` lines are checked against a small schema per block kind. */
#include "content/lesson.h"

#include "content/lesson_internal.h"

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

bool rb_info_is_roadbook(const char *info)
{
	/* cmark ends the info string's first word at a space or a tab: so does roadbook, in the
	 * loader and the renderer alike (a tab once made them disagree: fuzz_lesson) */
	return info && strncmp(info, "roadbook", 8) == 0 &&
	       (info[8] == '\0' || info[8] == ' ' || info[8] == '\t');
}

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
    {"roadmap", false, false},
    {"match-funding", false, false},
    {"technologies", false, false},
    {"new-jobs", false, false},
    {"upskilled", false, false},
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

/* Checks a section or dimension block (every key of theirs is required, the id is a slug).
 * Returns its id line, or NULL when the block is left out. */
static const struct kv *entry_id(struct loader *L, const struct block *b,
				 const struct keyspec *keys, size_t nkeys, const char *what)
{
	if (lsn_block_check(b, keys, nkeys, what, L->d) < 0) {
		L->oom = 1;
		return NULL;
	}
	for (size_t i = 0; i < nkeys; i++)
		if (!lsn_get(b, keys[i].key))
			return NULL;
	const struct kv *id = lsn_get(b, "id");
	if (!rb_is_slug(id->value))
		DIAG(L, b->file, id->line, "%s id '%s' must be a slug (a-z, 0-9, '-')", what,
		     id->value);
	return id;
}

static void add_section(struct loader *L, const struct block *b)
{
	const struct kv *id = entry_id(L, b, section_keys, 3, "section");
	if (!id)
		return;
	const struct kv *title = lsn_get(b, "title"), *intro = lsn_get(b, "intro");
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
	const struct kv *id = entry_id(L, b, dimension_keys, 2, "dimension");
	if (!id)
		return;
	const struct kv *title = lsn_get(b, "title");
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
		if (!rb_info_is_roadbook(info))
			continue;
		struct block b = {.file = path, .line = cmark_node_get_start_line(n)};
		b.kind = lsn_trim_dup(info + 8, strlen(info + 8));
		if (!b.kind || lsn_block_parse(&b, cmark_node_get_literal(n), L->d) < 0) {
			L->oom = 1;
			lsn_block_free(&b);
			break;
		}
		if (strcmp(b.kind, "curriculum") == 0) {
			if (ncurr++) {
				DIAG(L, path, b.line, "a second 'roadbook curriculum' block");
			} else if (lsn_block_check(&b, curriculum_keys,
						   sizeof curriculum_keys /
						       sizeof curriculum_keys[0],
						   "curriculum", L->d) < 0) {
				L->oom = 1;
			} else {
				int oom = 0;
				L->c->id = lsn_dup_value(&b, "id", &oom);
				L->c->title = lsn_dup_value(&b, "title", &oom);
				L->c->version = lsn_dup_value(&b, "version", &oom);
				L->c->roadmap = lsn_dup_value(&b, "roadmap", &oom);
				L->c->match_funding = lsn_dup_value(&b, "match-funding", &oom);
				L->c->technologies = lsn_dup_value(&b, "technologies", &oom);
				L->c->new_jobs = lsn_dup_value(&b, "new-jobs", &oom);
				L->c->upskilled = lsn_dup_value(&b, "upskilled", &oom);
				L->oom |= oom;
				L->curriculum_line = b.line;
				if (L->c->id && !rb_is_slug(L->c->id))
					DIAG(L, path, lsn_get(&b, "id")->line,
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
		lsn_block_free(&b);
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
	e->index = L->c->nexercises;
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
	if (lsn_block_check(b, module_keys, 5, "module", L->d) < 0) {
		L->oom = 1;
		return;
	}
	int oom = 0;
	m->id = lsn_dup_value(b, "id", &oom);
	m->kind = lsn_dup_value(b, "kind", &oom);
	L->oom |= oom;
	if (m->id && !rb_is_slug(m->id))
		DIAG(L, b->file, lsn_get(b, "id")->line,
		     "module id '%s' must be a slug (a-z, 0-9, '-')", m->id);
	if (m->kind && strcmp(m->kind, "workshop") && strcmp(m->kind, "webinar") &&
	    strcmp(m->kind, "site-visit"))
		DIAG(L, b->file, lsn_get(b, "kind")->line,
		     "kind must be workshop, webinar or site-visit, not '%s'", m->kind);
	const struct kv *k;
	long v;
	if ((k = lsn_get(b, "week")) && !lsn_parse_int(k->value, 1, 52, &v))
		DIAG(L, b->file, k->line, "week must be a whole number from 1 to 52");
	else if (k)
		m->week = (int)v;
	if ((k = lsn_get(b, "duration")) && !lsn_parse_int(k->value, 1, 24 * 60, &v))
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
		if (!rb_info_is_roadbook(info))
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
		b.kind = lsn_trim_dup(info + 8, strlen(info + 8));
		if (!b.kind || lsn_block_parse(&b, cmark_node_get_literal(n), L->d) < 0) {
			L->oom = 1;
			lsn_block_free(&b);
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
			struct rb_exercise *e = lsn_load_exercise(L, &b);
			if (e) {
				e->module_index = mi;
				if (add_exercise(L, m, e) < 0) {
					lsn_exercise_free(e);
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
		lsn_block_free(&b);
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
/* The roadmap table needs a title and a now/next/later horizon; the other columns it uses are
 * optional but must have the right types. The match-funding share is a number in per cent. The
 * cohort report's technologies are a multi, checklist or choice; new jobs and roles upskilled
 * are numbers. */
static void check_special(struct loader *L)
{
	struct rb_curriculum *c = L->c;
	char cfile[4096];
	snprintf(cfile, sizeof cfile, "%s/curriculum.md", c->dir);
	if (c->roadmap) {
		const struct rb_exercise *e = rb_curriculum_exercise(c, c->roadmap);
		if (!e || e->type != RB_EX_TABLE) {
			DIAG(L, cfile, L->curriculum_line,
			     "roadmap '%s' must name a table exercise", c->roadmap);
			e = NULL;
		}
		static const struct {
			const char *id;
			enum rb_col_type type;
			bool required;
		} cols[] = {
		    {"title", RB_COL_TEXT, true},      {"horizon", RB_COL_CHOICE, true},
		    {"start", RB_COL_QUARTER, false},  {"cost", RB_COL_NUMBER, false},
		    {"benefit", RB_COL_NUMBER, false}, {"dimension", RB_COL_DIMENSION, false},
		    {"depends", RB_COL_TEXT, false},
		};
		for (size_t k = 0; e && k < sizeof cols / sizeof cols[0]; k++) {
			const struct rb_column *col = NULL;
			for (size_t j = 0; j < e->ncolumns; j++)
				if (!strcmp(e->columns[j].id, cols[k].id))
					col = &e->columns[j];
			if ((!col && cols[k].required) || (col && col->type != cols[k].type))
				DIAG(L, c->modules[e->module_index].file, e->line,
				     "the roadmap table needs a '%s' column of the right type",
				     cols[k].id);
		}
	}
	if (c->match_funding) {
		const struct rb_exercise *e = rb_curriculum_exercise(c, c->match_funding);
		if (!e || e->type != RB_EX_NUMBER || e->nmin < 0 || e->nmax > 100)
			DIAG(L, cfile, L->curriculum_line,
			     "match-funding '%s' must name a number exercise from 0 to 100 (per "
			     "cent)",
			     c->match_funding);
	}
	if (c->technologies) {
		const struct rb_exercise *e = rb_curriculum_exercise(c, c->technologies);
		if (!e || (e->type != RB_EX_MULTI && e->type != RB_EX_CHECKLIST &&
			   e->type != RB_EX_CHOICE))
			DIAG(L, cfile, L->curriculum_line,
			     "technologies '%s' must name a multi, checklist or choice exercise",
			     c->technologies);
	}
	const struct {
		const char *key, *id;
	} numbers[] = {{"new-jobs", c->new_jobs}, {"upskilled", c->upskilled}};
	for (size_t k = 0; k < sizeof numbers / sizeof numbers[0]; k++) {
		if (!numbers[k].id)
			continue;
		const struct rb_exercise *e = rb_curriculum_exercise(c, numbers[k].id);
		if (!e || e->type != RB_EX_NUMBER)
			DIAG(L, cfile, L->curriculum_line, "%s '%s' must name a number exercise",
			     numbers[k].key, numbers[k].id);
	}
}

static void cross_check(struct loader *L)
{
	struct rb_curriculum *c = L->c;
	check_special(L);
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
	if (!L.oom && lsn_index_exercises(L.c) < 0)
		L.oom = 1;
	*out = L.c;
	return L.oom ? -1 : 0;
}

void rb_curriculum_free(struct rb_curriculum *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nexercises; i++)
		lsn_exercise_free(c->exercises[i]);
	free(c->exercises);
	free(c->by_id);
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
	free(c->roadmap);
	free(c->match_funding);
	free(c->technologies);
	free(c->new_jobs);
	free(c->upskilled);
	free(c);
}

static bool is_dir(const char *p)
{
	struct stat st;
	return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

char *rb_find_bundled(const char *name)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	struct rb_buf b = {0};
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			/* Running from a build tree: the source tree's copy, never an installed one
			 * that may be older. */
			rb_buf_printf(&b, "%s/CMakeCache.txt", exe);
			bool in_build = b.data && access(b.data, F_OK) == 0;
			rb_buf_free(&b);
			if (in_build) {
				rb_buf_printf(&b, "%s/%s", RB_SOURCE_ROOT, name);
				if (b.data && access(b.data, F_OK) == 0)
					return rb_buf_take(&b);
				rb_buf_free(&b);
			}
			/* Installed: PREFIX/bin/roadbook finds PREFIX/share/roadbook, wherever the
			 * tree was put (another --prefix, DESTDIR, a package). */
			rb_buf_printf(&b, "%s/../share/roadbook/%s", exe, name);
			if (b.data && access(b.data, F_OK) == 0)
				return rb_buf_take(&b);
			rb_buf_free(&b);
		}
	}
	const char *roots[] = {RB_SHARE_INSTALLED, RB_SOURCE_ROOT};
	for (size_t i = 0; i < 2; i++) {
		rb_buf_printf(&b, "%s/%s", roots[i], name);
		if (b.data && access(b.data, F_OK) == 0)
			return rb_buf_take(&b);
		rb_buf_free(&b);
	}
	return NULL;
}

char *rb_find_bundled_lessons(void)
{
	const char *env = getenv("ROADBOOK_LESSONS");
	if (env && *env)
		return strdup(env);
	char *dir = rb_find_bundled("lessons");
	if (dir && !is_dir(dir)) {
		free(dir);
		return NULL;
	}
	return dir;
}
