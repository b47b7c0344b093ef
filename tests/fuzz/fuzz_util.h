/* fuzz_util.h - shared by the libFuzzer harnesses in tests/fuzz/ (not a harness itself).
 *
 * - fuzz_init(): the locale the application runs with (display widths come from wcwidth).
 * - FUZZ_CHECK(): an invariant; when it breaks, the input is reported and the process aborts,
 *   which libFuzzer records as a crash (crash-* file).
 * - A lessons folder held in memory: the curriculum loader reads a folder of files with
 *   rb_read_file(); the harnesses are linked with -Wl,--wrap=rb_read_file so that reads from
 *   placeholder folders made once at start-up return parts of the fuzz input instead. Nothing is
 *   written to disk per input.
 * - The curricula of the repository (lessons/ and tests/fixtures/), loaded once.
 * - A private temporary folder for APIs that need one (review files). */
#ifndef ROADBOOK_FUZZ_UTIL_H
#define ROADBOOK_FUZZ_UTIL_H

#include "content/lesson.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* libFuzzer's entry points (declared for -Wmissing-prototypes). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", __FILE__, __LINE__,  \
				#cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* Separates the files of a lessons folder (and, for fuzz_strategy, the answers) in an input:
 * a line holding only "%%%%". */
#define FUZZ_SEP     "\n%%%%\n"
#define FUZZ_MAX_MOD 16 /* lesson files at most: 01.md .. 16.md */

struct fuzz_part {
	const char *p;
	size_t len;
};

/* Splits data at FUZZ_SEP into at most max parts (the last part keeps any further
 * separators). Each part but the last ends with its '\n'. Returns the number of parts (>= 1). */
size_t fuzz_split(const char *data, size_t size, struct fuzz_part *parts, size_t max);

void fuzz_init(void);

/* Loads a curriculum from parts: parts[0] is curriculum.md, parts[1..n) are 01.md, 02.md, ...
 * (n - 1 <= FUZZ_MAX_MOD), through rb_curriculum_load() on a placeholder folder. */
int fuzz_load_parts(const struct fuzz_part *parts, size_t n, struct rb_curriculum **out,
		    struct rb_diags *d);

/* The repository's curricula, loaded once (lessons/, tests/fixtures/starter, report, roadmap);
 * i is taken modulo fuzz_nfixtures(). */
size_t fuzz_nfixtures(void);
const struct rb_curriculum *fuzz_fixture(size_t i);

/* True when the environment variable RB_FUZZ_KNOWN (a comma-separated list) names issue: a
 * problem already reported, whose check a long run may skip to look for others. Each use names
 * its issue and the reproducer in tests/fuzz/crashes/. */
bool fuzz_known(const char *issue);

/* A private folder (on /dev/shm when there is one), made on first use, removed at exit; the
 * folders of harnesses that crashed are removed on the next start. */
const char *fuzz_tmpdir(void);

#endif
