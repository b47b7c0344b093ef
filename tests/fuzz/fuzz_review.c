/* fuzz_review.c - libFuzzer harness for the review and feedback files (store/review.h):
 * rb_review_parse() (git-config syntax through libgit2) and rb_benchmarks_parse().
 *
 * Input: byte 0 bit 0 chooses the kinds taken (the participant's or the facilitator's); the rest
 * is the file. Both functions write the text to a temporary file for libgit2 (their API needs
 * it), in a private folder on /dev/shm.
 *
 * Checked: every record taken has the kind asked for, a well-formed id, a target and a time;
 * no value holds a carriage return, vertical tab or form feed (the format cannot hold them); the
 * records read, written back with rb_review_format() and read again are the same records, byte
 * for byte; benchmark figures are within 0-1000 from at least RB_BENCH_MIN_CONTRIBUTORS
 * participants; and a file never makes the reader take anything from another file: each file is
 * read twice, in the private folder, which holds a file "inc" full of records, and in an empty
 * folder inside it ("w"), and both readings must agree (so include directives, which would find
 * "inc" from one place only, must be refused).
 *
 * RB_FUZZ_KNOWN=include skips that comparison for files that say "include" (reported:
 * tests/fuzz/crashes/review-include-*). */
#include "content/lesson.h"
#include "fuzz_util.h"
#include "store/repo.h"
#include "store/review.h"

#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static char inner[4096]; /* the empty folder "w" in the private folder */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init();
	FUZZ_CHECK(rb_git_init(NULL) == 0);
	char path[4096];
	snprintf(path, sizeof path, "%s/inc", fuzz_tmpdir());
	FILE *f = fopen(path, "wb");
	FUZZ_CHECK(f != NULL);
	/* records of every kind, and a benchmark */
	fputs("[submit \"s-inc\"]\n\ttarget = inc\n\tat = 2025-01-01T00:00:00.000Z\n"
	      "[reply \"r-inc\"]\n\ttarget = c-inc\n\ttext = inc\n\tat = 2025-01-01T00:00:00.000Z\n"
	      "[resolve \"resolve/c-inc\"]\n\ttarget = c-inc\n\tat = 2025-01-01T00:00:00.000Z\n"
	      "[comment \"c-inc\"]\n\ttarget = inc\n\ttext = inc\n\tat = 2025-01-01T00:00:00.000Z\n"
	      "[state \"state/inc\"]\n\ttarget = inc\n\ttext = approved\n"
	      "\tat = 2025-01-01T00:00:00.000Z\n"
	      "[dimension \"inc\"]\n\tcurrent = 3\n\ttarget = 4\n\tcontributors = 9\n",
	      f);
	fclose(f);
	snprintf(inner, sizeof inner, "%s/w", fuzz_tmpdir());
	FUZZ_CHECK(mkdir(inner, 0700) == 0);
	return 0;
}

static bool same_value(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

/* what the files cannot hold is never read (store/review.c drops it) */
static bool held(const char *s)
{
	return !s || !strpbrk(s, "\r\v\f");
}

static void show(const char *what, const char *s)
{
	fprintf(stderr, "%s: \"", what);
	for (; s && *s; s++)
		fprintf(stderr, (unsigned char)*s < 0x20 || *s == 0x7f ? "\\x%02x" : "%c",
			(unsigned char)*s);
	fprintf(stderr, "\"\n");
}

/* a value read back must be the value written; on a difference, both and the file are shown */
static bool same_back(const char *a, const char *b, const char *text)
{
	if (same_value(a, b))
		return true;
	show("written", a);
	show("read back", b);
	fprintf(stderr, "--- file:\n%s---\n", text);
	return false;
}

static const struct rb_review_item *find(const struct rb_review_item *v, size_t n,
					 const struct rb_review_item *it)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].id, it->id) && !strcmp(v[i].kind, it->kind))
			return &v[i];
	return NULL;
}

static bool kind_in(const char *kind, const char *const *kinds)
{
	for (size_t i = 0; kinds[i]; i++)
		if (!strcmp(kind, kinds[i]))
			return true;
	return false;
}

static void round_trip(const struct rb_review_item *v, size_t n, const char *const *kinds)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(v[i].id, v[j].id) && !strcmp(v[i].kind, v[j].kind))
				return; /* a record given twice is merged on writing */
	char *text = NULL, *err = NULL;
	int rc = rb_review_format(fuzz_tmpdir(), v, n, kinds, &text, &err);
	if (rc != 0)
		fprintf(stderr, "rb_review_format: %s\n", err ? err : "?");
	FUZZ_CHECK(rc == 0 && text);
	struct rb_review_item *w = NULL;
	size_t m = 0, skipped = 0;
	rc = rb_review_parse(fuzz_tmpdir(), text, strlen(text), "p", kinds, &w, &m, &skipped, &err);
	if (rc != 0)
		fprintf(stderr, "reading back: %s\n--- written:\n%s---\n", err ? err : "?", text);
	FUZZ_CHECK(rc == 0);
	if (m != n || skipped)
		fprintf(stderr,
			"%zu records written, %zu read back, %zu skipped\n--- written:\n%s---\n", n,
			m, skipped, text);
	FUZZ_CHECK(m == n && skipped == 0);
	for (size_t i = 0; i < n; i++) {
		const struct rb_review_item *a = &v[i], *b = find(w, m, a);
		FUZZ_CHECK(b != NULL);
		FUZZ_CHECK(a->at_ms == b->at_ms);
		FUZZ_CHECK(same_back(a->target, b->target, text));
		FUZZ_CHECK(same_back(a->body, b->body, text));
		FUZZ_CHECK(same_back(a->answer, b->answer, text));
		FUZZ_CHECK(same_back(a->version, b->version, text));
		FUZZ_CHECK(same_back(a->submission, b->submission, text));
	}
	rb_review_items_free(w, m);
	free(text);
}

static bool same_item(const struct rb_review_item *a, const struct rb_review_item *b)
{
	return !strcmp(a->id, b->id) && !strcmp(a->kind, b->kind) && a->at_ms == b->at_ms &&
	       same_value(a->target, b->target) && same_value(a->body, b->body) &&
	       same_value(a->answer, b->answer) && same_value(a->version, b->version) &&
	       same_value(a->submission, b->submission);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *const *kinds = (data[0] & 1) ? rb_review_fac_kinds : rb_review_own_kinds;
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	bool compare = true;
	if (fuzz_known("include"))
		for (size_t i = 0; i + 7 <= len && compare; i++)
			compare = strncasecmp(text + i, "include", 7) != 0;

	struct rb_review_item *v = NULL, *v2 = NULL;
	size_t n = 0, n2 = 0, skipped = 0;
	char *err = NULL, *err2 = NULL;
	int rc = rb_review_parse(fuzz_tmpdir(), text, len, "p", kinds, &v, &n, &skipped, &err);
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc == 0) {
		FUZZ_CHECK(n <= RB_REVIEW_MAX_ITEMS);
		for (size_t i = 0; i < n; i++) {
			const struct rb_review_item *it = &v[i];
			FUZZ_CHECK(kind_in(it->kind, kinds));
			FUZZ_CHECK(rb_review_id_ok(it->id));
			FUZZ_CHECK(it->target && *it->target && it->at_ms > 0);
			FUZZ_CHECK(!strcmp(it->participant, "p"));
			FUZZ_CHECK(held(it->target) && held(it->body) && held(it->answer) &&
				   held(it->version) && held(it->submission));
		}
		round_trip(v, n, kinds);
	} else {
		FUZZ_CHECK(err != NULL && n == 0 && v == NULL);
	}
	if (compare) {
		int rc2 = rb_review_parse(inner, text, len, "p", kinds, &v2, &n2, NULL, &err2);
		if (rc2 != rc || n2 != n)
			fprintf(stderr, "read in %s: %d, %zu records; in %s: %d, %zu records\n",
				fuzz_tmpdir(), rc, n, inner, rc2, n2);
		FUZZ_CHECK(rc2 == rc && n2 == n);
		for (size_t i = 0; i < n; i++)
			FUZZ_CHECK(same_item(&v[i], &v2[i]));
	}
	rb_review_items_free(v, n);
	rb_review_items_free(v2, n2);
	free(err);
	free(err2);

	struct rb_bench_median *b = NULL, *b2 = NULL;
	size_t nb = 0, nb2 = 0;
	err = err2 = NULL;
	rc = rb_benchmarks_parse(fuzz_tmpdir(), text, len, &b, &nb, &err);
	FUZZ_CHECK(rc == 0 || rc == -1);
	for (size_t i = 0; rc == 0 && i < nb; i++) {
		FUZZ_CHECK(rb_is_slug(b[i].dimension));
		FUZZ_CHECK(b[i].contributors >= RB_BENCH_MIN_CONTRIBUTORS);
		FUZZ_CHECK(b[i].current == -1 || (b[i].current >= 0 && b[i].current <= 1000));
		FUZZ_CHECK(b[i].target == -1 || (b[i].target >= 0 && b[i].target <= 1000));
	}
	if (compare) {
		int rc2 = rb_benchmarks_parse(inner, text, len, &b2, &nb2, &err2);
		FUZZ_CHECK(rc2 == rc && nb2 == nb);
		for (size_t i = 0; i < nb; i++)
			FUZZ_CHECK(!memcmp(&b[i], &b2[i], sizeof b[i]));
	}
	free(b);
	free(b2);
	free(err);
	free(err2);
	return 0;
}
