/* fuzz_lesson.c - libFuzzer harness for the curriculum loader and linter (content/lesson.h):
 * rb_curriculum_load() on a lessons folder whose files come from the input, served from memory
 * (fuzz_util.h).
 *
 * Input: files separated by lines holding only "%%%%" (FUZZ_SEP): curriculum.md, then 01.md,
 * 02.md, ... (at most FUZZ_MAX_MOD lesson files).
 *
 * Checked, whatever the files hold: the load succeeds and every diagnostic has a file, a line
 * and a message; the curriculum's lists agree (every exercise once in its module and in the
 * curriculum's list, at its index; module blocks point at exercises of their own module); each
 * module's block slots match the renderer's block_index (the renderer draws exercise
 * m->blocks[i] where it meets block i). For a curriculum that loads with no problem (one the
 * application accepts), each exercise is also given to rb_answer_normalize() and the canonical
 * answer summarised, as the application would.
 *
 * RB_FUZZ_KNOWN=tab-info skips the block count for lessons holding "roadbook<TAB>" (reported:
 * tests/fuzz/crashes/lesson-tab-info). */
#include "content/answer.h"
#include "content/lesson.h"
#include "content/render.h"
#include "fuzz_util.h"

#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init();
	return 0;
}

static void check_structure(const struct rb_curriculum *c)
{
	size_t total = 0;
	for (size_t m = 0; m < c->nmodules; m++) {
		const struct rb_module *mod = &c->modules[m];
		FUZZ_CHECK(mod->file != NULL);
		FUZZ_CHECK(mod->markdown != NULL);
		for (size_t i = 0; i < mod->nexercises; i++) {
			const struct rb_exercise *e = mod->exercises[i];
			FUZZ_CHECK(e->module_index == m);
			FUZZ_CHECK(e->index < c->nexercises && c->exercises[e->index] == e);
		}
		size_t drawn = 0;
		for (size_t b = 0; b < mod->nblocks; b++) {
			const struct rb_exercise *e = mod->blocks[b];
			if (!e)
				continue;
			drawn++;
			FUZZ_CHECK(e->module_index == m);
		}
		FUZZ_CHECK(drawn == mod->nexercises);
		total += mod->nexercises;
	}
	FUZZ_CHECK(total == c->nexercises);
	for (size_t i = 0; i < c->nexercises; i++) {
		const struct rb_exercise *e = c->exercises[i];
		FUZZ_CHECK(e->index == i && e->id && e->module_index < c->nmodules);
		const struct rb_exercise *found = rb_curriculum_exercise(c, e->id);
		FUZZ_CHECK(found && !strcmp(found->id, e->id));
		/* a scale has smax - smin + 1 label slots (AddressSanitizer checks the reads) */
		if (e->type == RB_EX_SCALE && e->labels)
			for (int k = 0; k <= e->smax - e->smin; k++)
				(void)strlen(e->labels[k] ? e->labels[k] : "");
		for (size_t k = 0; k < e->noptions; k++)
			FUZZ_CHECK(e->options[k].id && e->options[k].label);
		for (size_t k = 0; k < e->ncolumns; k++)
			FUZZ_CHECK(e->columns[k].id && e->columns[k].label);
	}
}

/* The renderer meets as many roadbook blocks as the loader made slots for. */
static void check_blocks(const struct rb_module *mod)
{
	struct rb_lines l = {0};
	FUZZ_CHECK(rb_render_markdown(mod->markdown, mod->markdown_len, 80, &l) == 0);
	size_t blocks = 0;
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].kind == RB_LINE_BLOCK)
			blocks++;
	/* Known issue "tab-info" (tests/fuzz/crashes/lesson-tab-info): the renderer takes
	 * "```roadbook<TAB>..." for a roadbook block, the loader does not. */
	if (blocks != mod->nblocks && fuzz_known("tab-info") &&
	    memmem(mod->markdown, mod->markdown_len, "roadbook\t", 9))
		blocks = mod->nblocks;
	if (blocks != mod->nblocks)
		fprintf(stderr, "%s: the renderer shows %zu roadbook blocks, the loader has %zu\n",
			mod->file, blocks, mod->nblocks);
	FUZZ_CHECK(blocks == mod->nblocks);
	rb_lines_free(&l);
}

/* Answers the application could be given for e: empty, its first option or a number. */
static void check_answers(const struct rb_curriculum *c, const struct rb_exercise *e)
{
	const char *inputs[4] = {"", "1", e->noptions ? e->options[0].id : "x", e->prompt};
	for (size_t k = 0; k < 4; k++) {
		char *canon = NULL, *err = NULL;
		int rc = rb_answer_normalize(c, e, inputs[k] ? inputs[k] : "", &canon, &err);
		FUZZ_CHECK(rc == 0 || rc == 1);
		FUZZ_CHECK(rc == 0 ? canon != NULL : err != NULL);
		if (rc == 0) {
			char *sum = rb_answer_summary(e, canon);
			FUZZ_CHECK(sum != NULL);
			free(sum);
			char *again = NULL, *err2 = NULL;
			FUZZ_CHECK(rb_answer_normalize(c, e, canon, &again, &err2) == 0);
			FUZZ_CHECK(!strcmp(again, canon)); /* canonical is a fixed point */
			free(again);
			free(err2);
		}
		free(canon);
		free(err);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part parts[FUZZ_MAX_MOD + 1];
	size_t n = fuzz_split((const char *)data, size, parts, FUZZ_MAX_MOD + 1);
	struct rb_curriculum *c = NULL;
	struct rb_diags d = {0};
	FUZZ_CHECK(fuzz_load_parts(parts, n, &c, &d) == 0);
	FUZZ_CHECK(c != NULL);
	for (size_t i = 0; i < d.n; i++)
		FUZZ_CHECK(d.v[i].file && d.v[i].message && d.v[i].line >= 0);
	check_structure(c);
	for (size_t m = 0; m < c->nmodules; m++)
		check_blocks(&c->modules[m]);
	if (d.n == 0)
		for (size_t i = 0; i < c->nexercises; i++)
			check_answers(c, c->exercises[i]);
	rb_curriculum_free(c);
	rb_diags_free(&d);
	return 0;
}
