/* test_lesson.c - the curriculum loader and linter: the bundled curriculum, the starter fixture,
 * and one failing fixture per lint rule (each written into a fresh lessons folder). */
#include "harness.h"

#include "content/buf.h"
#include "content/lesson.h"
#include "content/utf8.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *CURRICULUM =
    "# C\n\n```roadbook curriculum\nid: c\ntitle: C\nversion: 1\n```\n\n"
    "```roadbook section\nid: vision\ntitle: Vision\nintro: Why.\n```\n\n"
    "```roadbook dimension\nid: data\ntitle: Data\n```\n";

/* A valid module; cases below replace parts of it. */
static const char *MODULE = "# Module one\n"
			    "\n"
			    "```roadbook module\n"
			    "id: one\n"
			    "week: 1\n"
			    "kind: workshop\n"
			    "duration: 60\n"
			    "objective: Learn\n"
			    "```\n"
			    "\n"
			    "Text.\n"
			    "\n"
			    "```roadbook exercise\n"
			    "id: one-a\n"
			    "type: text\n"
			    "prompt: Why?\n"
			    "section: vision\n"
			    "```\n";

static char tmpl[] = "/tmp/rb-lint-XXXXXX";

static void write_file(const char *dir, const char *name, const char *text, size_t len)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		return;
	fwrite(text, 1, len, f);
	fclose(f);
}

static void clean_dir(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

static char *make_dir(void)
{
	char *d = strdup(tmpl);
	if (!d || !mkdtemp(d)) {
		free(d);
		return NULL;
	}
	return d;
}

/* Loads dir and returns the diagnostics (caller frees). */
static struct rb_diags load(const char *dir)
{
	struct rb_diags d = {0};
	struct rb_curriculum *c = NULL;
	CHECK(rb_curriculum_load(dir, &c, &d) == 0);
	rb_curriculum_free(c);
	return d;
}

static bool has_diag(const struct rb_diags *d, const char *file, int line, const char *substr)
{
	for (size_t i = 0; i < d->n; i++) {
		size_t fl = strlen(d->v[i].file), nl = strlen(file);
		if (fl >= nl && !strcmp(d->v[i].file + fl - nl, file) &&
		    (line < 0 || d->v[i].line == line) && strstr(d->v[i].message, substr))
			return true;
	}
	return false;
}

static void dump(const struct rb_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "    got %s:%d: %s\n", d->v[i].file, d->v[i].line, d->v[i].message);
}

/* Replaces the first occurrence of from in MODULE with to. */
static char *mutate(const char *from, const char *to)
{
	const char *p = strstr(MODULE, from);
	if (!p)
		return NULL;
	struct rb_buf b = {0};
	rb_buf_append(&b, MODULE, (size_t)(p - MODULE));
	rb_buf_puts(&b, to);
	rb_buf_puts(&b, p + strlen(from));
	return rb_buf_take(&b);
}

struct lint_case {
	const char *name;
	const char *from, *to; /* mutation of MODULE */
	const char *file;      /* expected diagnostic */
	int line;
	const char *message;
};

static const struct lint_case cases[] = {
    {"unknown key", "section: vision\n", "section: vision\ncolour: red\n", "01.md", 18,
     "unknown key 'colour'"},
    {"missing key", "prompt: Why?\n", "", "01.md", 13, "missing the key 'prompt'"},
    {"repeated key", "prompt: Why?\n", "prompt: Why?\nprompt: Again?\n", "01.md", 17,
     "given twice"},
    {"empty value", "prompt: Why?", "prompt:", "01.md", 16, "has no value"},
    {"bad exercise id", "id: one-a", "id: One_A", "01.md", 14, "must use only a-z"},
    {"bad module id", "id: one\n", "id: One\n", "01.md", 4, "must be a slug"},
    {"unknown type", "type: text", "type: essay", "01.md", 15, "unknown exercise type"},
    {"unknown kind", "kind: workshop", "kind: party", "01.md", 6, "kind must be"},
    {"week out of range", "week: 1", "week: 99", "01.md", 5, "week must be"},
    {"duration not a number", "duration: 60", "duration: an hour", "01.md", 7, "duration must be"},
    {"unknown section", "section: vision", "section: dreams", "01.md", 13,
     "which curriculum.md does not define"},
    {"not key value", "prompt: Why?\n", "prompt: Why?\njust words\n", "01.md", 17,
     "should look like 'key: value'"},
    {"no module block", "```roadbook module\n", "```text\n", "01.md", 1,
     "no 'roadbook module' block"},
    {"no title", "# Module one\n", "Module one\n", "01.md", 1, "no title"},
    {"no exercises", "```roadbook exercise\n", "```text\n", "01.md", 1, "has no exercises"},
    {"unknown block", "```roadbook exercise\n", "```roadbook quiz\n", "01.md", 13,
     "unknown block 'roadbook quiz'"},
    {"key not for type", "section: vision\n", "section: vision\nunit: £\n", "01.md", 18,
     "does not apply to a text exercise"},
    {"scale min not below max", "type: text\n", "type: scale\nmin: 3\nmax: 1\nlabel: 1 | a\n",
     "01.md", 16, "must be below max"},
    {"scale label outside", "type: text\n",
     "type: scale\nmin: 1\nmax: 2\nlabel: 1 | a\nlabel: 2 | b\nlabel: 7 | c\n", "01.md", 20,
     "not a point of the scale"},
    {"scale point without label", "type: text\n",
     "type: scale\nmin: 1\nmax: 3\nlabel: 1 | a\nlabel: 3 | c\n", "01.md", 13,
     "point 2 of the scale has no label"},
    {"scale too many points", "type: text\n", "type: scale\nmin: 0\nmax: 20\n", "01.md", 17,
     "at most 11 points"},
    {"unknown dimension", "type: text\n",
     "type: scale\nmin: 1\nmax: 2\nlabel: 1 | a\nlabel: 2 | b\ndimension: magic\nmeasure: "
     "current\n",
     "01.md", 13, "names dimension 'magic'"},
    {"bad measure", "type: text\n",
     "type: scale\nmin: 1\nmax: 2\nlabel: 1 | a\nlabel: 2 | b\ndimension: data\nmeasure: "
     "future\n",
     "01.md", 21, "measure must be"},
    {"empty option list", "type: text\n", "type: choice\n", "01.md", 13, "needs options"},
    {"one option", "type: text\n", "type: choice\noption: a | A\n", "01.md", 13,
     "at least two options"},
    {"option without bar", "type: text\n", "type: multi\noption: a A\noption: b | B\n", "01.md", 16,
     "should look like 'id | text'"},
    {"duplicate option", "type: text\n", "type: multi\noption: a | A\noption: a | B\n", "01.md", 17,
     "used twice in this exercise"},
    {"checklist without items", "type: text\n", "type: checklist\n", "01.md", 13,
     "at least one item"},
    {"number min not below max", "type: text\n", "type: number\nmin: 10\nmax: 5\n", "01.md", 16,
     "must be below max"},
    {"number not a number", "type: text\n", "type: number\nmin: zero\nmax: 5\n", "01.md", 16,
     "min must be a number"},
    {"decimals out of range", "type: text\n", "type: number\nmin: 0\nmax: 5\ndecimals: 9\n",
     "01.md", 18, "decimals must be"},
    {"table without columns", "type: text\n", "type: table\n", "01.md", 13, "at least one column"},
    {"bad column type", "type: text\n", "type: table\ncolumn: a | A | colour\n", "01.md", 16,
     "unknown column type 'colour'"},
    {"bad column range", "type: text\n", "type: table\ncolumn: a | A | number 9..1\n", "01.md", 16,
     "range should look like"},
    {"duplicate column", "type: text\n",
     "type: table\ncolumn: a | A | text\ncolumn: a | B | text\n", "01.md", 17,
     "column id 'a' is used twice"},
    {"invalid UTF-8", "Text.", "Caf\xe9 au lait.", "01.md", 11, "not valid UTF-8"},
};

static void test_lint_rules(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct lint_case *lc = &cases[i];
		char *dir = make_dir();
		char *mod = mutate(lc->from, lc->to);
		CHECK(dir && mod);
		if (!dir || !mod) {
			free(dir);
			free(mod);
			continue;
		}
		write_file(dir, "curriculum.md", CURRICULUM, strlen(CURRICULUM));
		write_file(dir, "01.md", mod, strlen(mod));
		struct rb_diags d = load(dir);
		bool ok = has_diag(&d, lc->file, lc->line, lc->message);
		if (!ok) {
			fprintf(stderr, "  lint rule '%s': expected %s:%d: ...%s...\n", lc->name,
				lc->file, lc->line, lc->message);
			dump(&d);
		}
		CHECK(ok);
		rb_diags_free(&d);
		clean_dir(dir);
		free(dir);
		free(mod);
	}
}

static void test_valid_base(void)
{
	char *dir = make_dir();
	write_file(dir, "curriculum.md", CURRICULUM, strlen(CURRICULUM));
	write_file(dir, "01.md", MODULE, strlen(MODULE));
	struct rb_diags d = load(dir);
	CHECK(d.n == 0);
	dump(&d);
	rb_diags_free(&d);
	clean_dir(dir);
	free(dir);
}

static void test_cross_file_rules(void)
{
	char *dir = make_dir();
	write_file(dir, "curriculum.md", CURRICULUM, strlen(CURRICULUM));
	write_file(dir, "01.md", MODULE, strlen(MODULE));
	char *dup = mutate("id: one\n", "id: two\n");
	write_file(dir, "02.md", dup, strlen(dup));
	struct rb_diags d = load(dir);
	CHECK(has_diag(&d, "02.md", 13, "exercise id 'one-a' is already used at"));
	rb_diags_free(&d);
	write_file(dir, "02.md", MODULE, strlen(MODULE));
	d = load(dir);
	CHECK(has_diag(&d, "02.md", 1, "module id 'one' is already used"));
	rb_diags_free(&d);
	/* An unreadable lesson: a folder where a file should be. */
	char sub[600];
	snprintf(sub, sizeof sub, "%s/03.md", dir);
	mkdir(sub, 0700);
	d = load(dir);
	CHECK(has_diag(&d, "03.md", 1, "cannot read this lesson file"));
	rb_diags_free(&d);
	free(dup);
	clean_dir(dir);
	free(dir);
}

static void test_folder_rules(void)
{
	char *dir = make_dir();
	struct rb_diags d = load(dir);
	CHECK(has_diag(&d, "", 0, "no curriculum.md"));
	CHECK(has_diag(&d, "", 0, "no lesson modules"));
	rb_diags_free(&d);
	write_file(dir, "curriculum.md", "# C\n", 4);
	d = load(dir);
	CHECK(has_diag(&d, "curriculum.md", 1, "no 'roadbook curriculum' block"));
	CHECK(has_diag(&d, "curriculum.md", 1, "no 'roadbook section' blocks"));
	rb_diags_free(&d);
	write_file(dir, "01.md", "# A\n\0\n", 6);
	d = load(dir);
	CHECK(has_diag(&d, "01.md", 1, "NUL bytes"));
	rb_diags_free(&d);
	/* The roadmap and match-funding keys must name exercises of the right kind. */
	const char *special = "# C\n\n```roadbook curriculum\nid: c\ntitle: C\nversion: 1\n"
			      "roadmap: one-a\nmatch-funding: nothing-here\n```\n\n"
			      "```roadbook section\nid: vision\ntitle: V\nintro: W.\n```\n";
	write_file(dir, "curriculum.md", special, strlen(special));
	write_file(dir, "01.md", MODULE, strlen(MODULE));
	d = load(dir);
	CHECK(has_diag(&d, "curriculum.md", 3, "roadmap 'one-a' must name a table exercise"));
	CHECK(has_diag(&d, "curriculum.md", 3, "match-funding 'nothing-here' must name a number"));
	rb_diags_free(&d);
	/* The cohort report's keys: technologies a multi, checklist or choice; new jobs and roles
	 * upskilled numbers. A text exercise or a missing one is refused for each. */
	const char *report = "# C\n\n```roadbook curriculum\nid: c\ntitle: C\nversion: 1\n"
			     "technologies: one-a\nnew-jobs: one-a\nupskilled: missing\n```\n\n"
			     "```roadbook section\nid: vision\ntitle: V\nintro: W.\n```\n";
	write_file(dir, "curriculum.md", report, strlen(report));
	d = load(dir);
	CHECK(d.n == 3);
	CHECK(has_diag(&d, "curriculum.md", 3,
		       "technologies 'one-a' must name a multi, checklist or choice exercise"));
	CHECK(has_diag(&d, "curriculum.md", 3, "new-jobs 'one-a' must name a number exercise"));
	CHECK(has_diag(&d, "curriculum.md", 3, "upskilled 'missing' must name a number exercise"));
	if (d.n != 3)
		dump(&d);
	rb_diags_free(&d);
	/* ... and the right kinds pass. */
	const char *ok_keys = "# C\n\n```roadbook curriculum\nid: c\ntitle: C\nversion: 1\n"
			      "technologies: one-b\nnew-jobs: one-c\nupskilled: one-c\n```\n\n"
			      "```roadbook section\nid: vision\ntitle: V\nintro: W.\n```\n";
	char *mod = mutate("```roadbook exercise\n",
			   "```roadbook exercise\nid: one-b\ntype: checklist\nprompt: P\n"
			   "section: vision\nitem: a | A\n```\n\n"
			   "```roadbook exercise\nid: one-c\ntype: number\nprompt: N\n"
			   "section: vision\nmin: 0\nmax: 9\n```\n\n"
			   "```roadbook exercise\n");
	write_file(dir, "curriculum.md", ok_keys, strlen(ok_keys));
	write_file(dir, "01.md", mod, strlen(mod));
	d = load(dir);
	CHECK(d.n == 0);
	dump(&d);
	rb_diags_free(&d);
	free(mod);
	clean_dir(dir);
	free(dir);
	d = load("/nonexistent/lessons");
	CHECK(has_diag(&d, "/nonexistent/lessons", 0, "cannot open the lessons folder"));
	rb_diags_free(&d);
}

static void test_bundled_and_starter(void)
{
	const char *dirs[] = {RB_SOURCE_DIR "/lessons", RB_SOURCE_DIR "/tests/fixtures/starter"};
	for (size_t k = 0; k < 2; k++) {
		struct rb_diags d = {0};
		struct rb_curriculum *c = NULL;
		CHECK(rb_curriculum_load(dirs[k], &c, &d) == 0);
		CHECK(d.n == 0);
		dump(&d);
		CHECK(c && c->nmodules >= 2 && c->nexercises >= 10);
		/* Every type is present, and block slots line up with exercises. */
		bool seen[RB_EX_TABLE + 1] = {false};
		for (size_t i = 0; c && i < c->nexercises; i++)
			seen[c->exercises[i]->type] = true;
		for (int t = 0; t <= RB_EX_TABLE; t++)
			CHECK(seen[t]);
		for (size_t m = 0; c && m < c->nmodules; m++) {
			size_t nex = 0;
			for (size_t b = 0; b < c->modules[m].nblocks; b++)
				nex += c->modules[m].blocks[b] != NULL;
			CHECK(nex == c->modules[m].nexercises);
		}
		rb_curriculum_free(c);
		rb_diags_free(&d);
	}
	struct rb_diags d = {0};
	struct rb_curriculum *c = NULL;
	/* The bundled curriculum names the exercises the cohort report reads. */
	rb_curriculum_load(dirs[0], &c, &d);
	CHECK(c && c->nmodules == 12 && c->nexercises == 99);
	CHECK(c && c->technologies && !strcmp(c->technologies, "tech-interest"));
	CHECK(c && c->new_jobs && !strcmp(c->new_jobs, "case-new-jobs"));
	CHECK(c && c->upskilled && !strcmp(c->upskilled, "people-upskill"));
	const struct rb_exercise *e = c ? rb_curriculum_exercise(c, "case-new-jobs") : NULL;
	CHECK(e && e->type == RB_EX_NUMBER && e->nmin == 0 && e->nmax == 10000 &&
	      e->decimals == 0 && !strcmp(e->unit, "jobs") && !strcmp(e->section, "business-case"));
	rb_curriculum_free(c);
	rb_diags_free(&d);
	c = NULL;
	rb_curriculum_load(dirs[1], &c, &d);
	e = rb_curriculum_exercise(c, "fs-data-now");
	CHECK(e && e->type == RB_EX_SCALE && e->smin == 0 && e->smax == 3);
	CHECK(e && !strcmp(e->labels[2], "In spreadsheets"));
	CHECK(e && e->measure == RB_MEASURE_CURRENT && !strcmp(e->dimension, "data"));
	e = rb_curriculum_exercise(c, "plan-roadmap");
	CHECK(e && e->ncolumns == 5 && e->columns[1].type == RB_COL_CHOICE &&
	      e->columns[1].nchoices == 3 && e->columns[3].has_range && e->max_rows == 5);
	const struct rb_module *m = rb_curriculum_module(c, "plan");
	CHECK(m && !strcmp(m->title, "Making a plan") && m->week == 2 &&
	      !strcmp(m->kind, "site-visit") && m->nobjectives == 2);
	CHECK(rb_curriculum_exercise(c, "nope") == NULL);
	rb_curriculum_free(c);
	rb_diags_free(&d);
}

static void test_slug(void)
{
	CHECK(rb_is_slug("a-1"));
	CHECK(!rb_is_slug("1a"));
	CHECK(!rb_is_slug("a/b"));
	CHECK(!rb_is_slug("A"));
	CHECK(!rb_is_slug(""));
	CHECK(!rb_is_slug("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijk"));
}

int main(void)
{
	setlocale(LC_ALL, "");
	rb_utf8_locale_init();
	RUN(test_valid_base);
	RUN(test_lint_rules);
	RUN(test_cross_file_rules);
	RUN(test_folder_rules);
	RUN(test_bundled_and_starter);
	RUN(test_slug);
	return HARNESS_EXIT();
}
