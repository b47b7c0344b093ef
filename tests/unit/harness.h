/* harness.h - a tiny assertion harness for roadbook's unit tests (cmark's api_test style).
 *
 * Each test binary defines test functions and calls them through RUN(); CHECK() records a
 * failure with file and line and goes on; the process exits 1 when any check failed. */
#ifndef ROADBOOK_TEST_HARNESS_H
#define ROADBOOK_TEST_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_failed;
static int harness_checks;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		harness_checks++;                                                                  \
		if (!(cond)) {                                                                     \
			harness_failed++;                                                          \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
		}                                                                                  \
	} while (0)

#define CHECK_STR(a, b)                                                                            \
	do {                                                                                       \
		const char *ca_ = (a), *cb_ = (b);                                                 \
		harness_checks++;                                                                  \
		if (!ca_ || !cb_ || strcmp(ca_, cb_) != 0) {                                       \
			harness_failed++;                                                          \
			fprintf(stderr, "%s:%d: expected \"%s\", got \"%s\"\n", __FILE__,          \
				__LINE__, cb_ ? cb_ : "(null)", ca_ ? ca_ : "(null)");             \
		}                                                                                  \
	} while (0)

#define RUN(fn)                                                                                    \
	do {                                                                                       \
		int before_ = harness_failed;                                                      \
		fn();                                                                              \
		fprintf(stderr, "%s %s\n", harness_failed == before_ ? "ok  " : "FAIL", #fn);      \
	} while (0)

#define HARNESS_EXIT()                                                                             \
	(fprintf(stderr, "%d checks, %d failed\n", harness_checks, harness_failed),                \
	 harness_failed ? 1 : 0)

#endif
