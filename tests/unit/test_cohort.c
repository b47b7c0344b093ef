/* test_cohort.c - the cohort's settings file on disk through libgit2's config API (values
 * that a hand-written parser would get wrong survive a round trip, and `git config` reads
 * them the same), the participant id rule, the addresses roadbook treats as paths, and the
 * database table that keeps both versions of an answer changed on two laptops. */
#include "harness.h"

#include "content/buf.h"
#include "store/cohort.h"
#include "store/db.h"
#include "store/repo_internal.h"
#include "store/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/rb-cohort-XXXXXX";

static void test_ids(void)
{
	static const char *const good[] = {"sam", "sam-taylor", "A1", "x-1-y", "0lead"};
	static const char *const bad[] = {
	    "",    "-x",   "a/b", "..",   "../x", "sam taylor",
	    "a.b", "a\\b", "é",   "x\ny", "a_b",  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		CHECK(rb_cohort_id_problem(good[i]) == NULL);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(rb_cohort_id_problem(bad[i]) != NULL);
}

static void test_paths(void)
{
	CHECK(rb_net_is_path("/media/usb/p.git"));
	CHECK(rb_net_is_path("participants/p.git"));
	CHECK(rb_net_is_path("file:///srv/p.git"));
	CHECK(rb_net_is_path("./a:b/p.git"));
	CHECK(!rb_net_is_path("git://127.0.0.1/p.git"));
	CHECK(!rb_net_is_path("ssh://host/p.git"));
	CHECK(!rb_net_is_path("https://host/p.git"));
	CHECK(!rb_net_is_path("git@host:p.git"));
}

/* Values with quotes, backslashes, '#', ';', brackets and leading spaces round-trip. */
static void test_conf_round_trip(void)
{
	const char *name = " North \"West\" #3; [cohort] \\ backslash ";
	const char *company = "O'Brien & Sons; \"Ltd\" # not a comment";
	char *err = NULL;
	struct rb_cohort *c = NULL;
	CHECK(rb_cohort_load(dir, &c, &err) == 1); /* no cohort yet */
	CHECK(rb_cohort_set(dir, "cohort", NULL, "name", name, &err) == 0);
	CHECK(rb_cohort_set(dir, "session", "01", "date", "2027-01-11", &err) == 0);
	CHECK(rb_cohort_set(dir, "session", "01", "kind", "workshop", &err) == 0);
	CHECK(rb_cohort_set(dir, "participant", "sam", "name", "Sam Taylor", &err) == 0);
	CHECK(rb_cohort_set(dir, "participant", "sam", "company", company, &err) == 0);
	CHECK(rb_cohort_set(dir, "participant", "sam", "url", "participants/sam.git", &err) == 0);
	CHECK(rb_cohort_set(dir, "participant", "kim", "name", "Kim", &err) == 0);
	CHECK(rb_cohort_set(dir, "participant", "kim", "url", "git://h/kim.git", &err) == 0);
	CHECK(rb_cohort_load(dir, &c, &err) == 0);
	if (!c)
		return;
	CHECK_STR(c->name, name);
	CHECK(c->nsessions == 1 && c->npeople == 2);
	CHECK_STR(c->sessions[0].date, "2027-01-11");
	CHECK_STR(c->people[0].id, "sam");
	CHECK_STR(c->people[0].company, company);
	CHECK(rb_cohort_find(c, "SAM") == &c->people[0]); /* ids do not differ only by case */
	char *u = rb_cohort_url(c, &c->people[0]);
	CHECK(u && u[0] == '/' && strstr(u, "/participants/sam.git"));
	free(u);
	u = rb_cohort_url(c, &c->people[1]);
	CHECK_STR(u, "git://h/kim.git");
	free(u);
	rb_cohort_free(c);

	/* git reads the same value */
	char cmd[256];
	snprintf(cmd, sizeof cmd, "git config -f '%s/cohort.conf' participant.sam.company", dir);
	FILE *p = popen(cmd, "r");
	char line[256] = "";
	if (p) {
		if (!fgets(line, sizeof line, p))
			line[0] = '\0';
		pclose(p);
	}
	line[strcspn(line, "\n")] = '\0';
	CHECK_STR(line, company);

	/* a participant without an address, or with an id roadbook refuses, is reported */
	CHECK(rb_cohort_set(dir, "participant", "a b", "name", "X", &err) == 0);
	CHECK(rb_cohort_load(dir, &c, &err) == -1);
	CHECK(err && strstr(err, "'a b'"));
	free(err);
	err = NULL;
	CHECK(c == NULL);

	/* a damaged file is explained, not guessed at */
	snprintf(cmd, sizeof cmd, "%s/cohort.conf", dir);
	FILE *f = fopen(cmd, "a");
	if (f) {
		fputs("[participant \"broken\n", f);
		fclose(f);
	}
	CHECK(rb_cohort_load(dir, &c, &err) == -1);
	CHECK(err && strstr(err, "cohort.conf"));
	free(err);
}

static void test_conflicts_table(void)
{
	char *path = NULL, *err = NULL;
	struct rb_db *db = NULL;
	if (asprintf(&path, "%s/state.db", dir) < 0)
		return;
	CHECK(rb_db_open(path, true, &db, &err) == RB_DB_OK);
	if (!db) {
		free(path);
		return;
	}
	struct rb_conflict a = {.id = "why-context",
				.ours = "mine",
				.theirs = NULL, /* cleared on the other laptop */
				.base = "before",
				.version = "0123456789012345678901234567890123456789",
				.at_ms = 42};
	CHECK(rb_db_conflict_put(db, &a, &err) == RB_DB_OK);
	a.ours = "mine, again";
	CHECK(rb_db_conflict_put(db, &a, &err) == RB_DB_OK); /* replaced, not doubled */
	struct rb_conflict b = {.id = "a-first", .ours = NULL, .theirs = "theirs", .version = ""};
	CHECK(rb_db_conflict_put(db, &b, &err) == RB_DB_OK);
	struct rb_conflict *v = NULL;
	size_t n = 0;
	CHECK(rb_db_conflicts_list(db, &v, &n, &err) == RB_DB_OK);
	CHECK(n == 2);
	if (n == 2) {
		CHECK_STR(v[0].id, "a-first");
		CHECK(v[0].ours == NULL);
		CHECK_STR(v[1].ours, "mine, again");
		CHECK(v[1].theirs == NULL);
		CHECK_STR(v[1].base, "before");
		CHECK(v[1].at_ms == 42);
	}
	rb_conflicts_free(v, n);
	CHECK(rb_db_conflict_del(db, "a-first", &err) == RB_DB_OK);
	CHECK(rb_db_conflicts_list(db, &v, &n, &err) == RB_DB_OK && n == 1);
	rb_conflicts_free(v, n);
	rb_db_close(db);
	free(path);
}

/* The CA bundle is not parsed at start (store/tls_defer.c): Debian's libgit2 is built with
 * mbed TLS, whose start-up reads the bundle; the path is noted instead, and handed back to
 * libgit2 before the first transfer, which then parses it without error. */
static void test_tls_deferred(void)
{
	if (access("/etc/ssl/certs/ca-certificates.crt", R_OK) != 0)
		return; /* no bundle here: nothing to defer */
	const char *noted = rb_tls_deferred();
	CHECK(noted && !strcmp(noted, "/etc/ssl/certs/ca-certificates.crt"));
	CHECK(rb_tls_load_deferred() == 0);
	CHECK(rb_tls_deferred() == NULL);
	CHECK(rb_tls_load_deferred() == 0); /* once only */
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	if (rb_git_init(NULL) < 0)
		return 1;
	RUN(test_tls_deferred);
	RUN(test_ids);
	RUN(test_paths);
	RUN(test_conf_round_trip);
	RUN(test_conflicts_table);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return HARNESS_EXIT();
}
