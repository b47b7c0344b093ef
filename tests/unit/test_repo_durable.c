/* test_repo_durable.c - versions made durable together (store/repo_durable.c): the branch and
 * HEAD get git's own reflog lines; an object file a power cut left damaged under its final name
 * (a blob, a tree) is found when a later version needs the same object, removed and
 * written again, so that `git fsck --strict` stays clean. A large file's id worked out ahead by
 * another thread is used only for the same bytes, and a working file edited behind roadbook's
 * back is written again. Checked with the git command line. */
#include "harness.h"
#include "store/repo.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/rb-repo-durable.XXXXXX";

/* The output of a shell command run in the repository (trailing newline removed). */
static char *sh(const char *fmt, const char *arg)
{
	char cmd[4096], cwd_cmd[4200];
	snprintf(cmd, sizeof cmd, fmt, arg ? arg : "");
	snprintf(cwd_cmd, sizeof cwd_cmd, "cd '%s' && %s 2>&1", dir, cmd);
	FILE *p = popen(cwd_cmd, "r");
	char *out = calloc(1, 65536);
	size_t n = p && out ? fread(out, 1, 65535, p) : 0;
	int rc = p ? pclose(p) : -1;
	while (n && out[n - 1] == '\n')
		out[--n] = '\0';
	if (rc != 0)
		fprintf(stderr, "  `%s` exited %d: %s\n", cmd, rc, out ? out : "");
	return out;
}

static bool fsck_clean(void)
{
	char *out = sh("git fsck --strict --no-dangling && echo CLEAN", NULL);
	bool ok = out && strstr(out, "CLEAN") && !strstr(out, "error");
	if (!ok)
		fprintf(stderr, "  fsck: %s\n", out ? out : "?");
	free(out);
	return ok;
}

/* rb_repo_commit, its error printed: true when it succeeded. */
static bool commit(struct rb_repo *r, const struct rb_commit_in *in, char id[41], bool *committed)
{
	char *note = NULL, *err = NULL;
	enum rb_repo_status st = rb_repo_commit(r, in, id, committed, &note, &err);
	if (st != RB_REPO_OK)
		fprintf(stderr, "  commit: %s\n", err ? err : "?");
	free(note);
	free(err);
	return st == RB_REPO_OK;
}

static bool save(struct rb_repo *r, const char *answers, const char *message, char id[41])
{
	struct rb_repo_file files[] = {
	    {"README.md", "# Workbook\n", 11},
	    {"answers/01-first.md", answers, strlen(answers)},
	};
	struct rb_commit_in in = {.files = files,
				  .nfiles = 2,
				  .prune = "answers",
				  .name = "Test Owner",
				  .email = "owner@example.com",
				  .message = message};
	bool committed = false;
	return commit(r, &in, id, &committed) && committed;
}

/* Replaces the loose file of object hex with a damaged one (what a power cut can leave). */
static void damage(const char *hex, const char *bytes)
{
	char sub[1024], path[1100];
	snprintf(sub, sizeof sub, "%s/.git/objects/%.2s", dir, hex);
	snprintf(path, sizeof path, "%s/%s", sub, hex + 2);
	mkdir(sub, 0755);
	chmod(path, 0644);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0444);
	CHECK(fd >= 0);
	if (fd >= 0) {
		CHECK(write(fd, bytes, strlen(bytes)) == (ssize_t)strlen(bytes));
		close(fd);
	}
}

static struct rb_repo *reopen(struct rb_repo *r)
{
	rb_repo_free(r); /* a new process after the power cut: nothing cached */
	struct rb_repo *again = NULL;
	char *err = NULL;
	CHECK(rb_repo_open(dir, &again, &err) == RB_REPO_OK);
	free(err);
	return again;
}

static void test_reflogs(struct rb_repo *r)
{
	char a[41], b[41];
	CHECK(save(r, "first answer\n", "Workbook started", a));
	CHECK(save(r, "second answer\n", "Module 1: 1 of 1 answered\n\nSaved by hand.", b));
	char *head = sh("git rev-parse HEAD", NULL);
	CHECK_STR(head, b);
	free(head);
	char *log = sh("git log -g --format=%%gs HEAD", NULL);
	CHECK_STR(log, "commit: Module 1: 1 of 1 answered\ncommit (initial): Workbook started");
	free(log);
	log = sh("git log -g --format=%%gs refs/heads/main", NULL);
	CHECK_STR(log, "commit: Module 1: 1 of 1 answered\ncommit (initial): Workbook started");
	free(log);
	char *parent = sh("git rev-parse HEAD~1", NULL);
	CHECK_STR(parent, a);
	free(parent);
	CHECK(fsck_clean());
}

static void test_damaged_blob(struct rb_repo **r)
{
	const char *text = "an answer a power cut left half written\n";
	char hex[41], id[41];
	rb_repo_blob_hex(text, strlen(text), hex);
	damage(hex, ""); /* empty, as ext4 leaves a file whose data never reached the disk */
	*r = reopen(*r);
	CHECK(save(*r, text, "After the power cut", id));
	char *got = sh("git cat-file -p %s", hex);
	CHECK_STR(got, "an answer a power cut left half written");
	free(got);
	CHECK(fsck_clean());
}

/* A version whose branch update was lost: its tree and commit files stay, damaged; the same
 * answers saved again give the same trees, which must be written anew. */
static void test_damaged_tree(struct rb_repo **r)
{
	char before[41], lost[41], again[41];
	CHECK(save(*r, "before the cut\n", "Before", before));
	CHECK(save(*r, "lost in the cut\n", "Lost", lost));
	char *root = sh("git rev-parse HEAD^{tree}", NULL);
	char *sub = sh("git rev-parse HEAD:answers", NULL);
	char *cmd = sh("git update-ref refs/heads/main %s", before);
	free(cmd);
	damage(root, "x\x01garbage");
	damage(sub, "");
	*r = reopen(*r);
	CHECK(save(*r, "lost in the cut\n", "Saved again", again));
	char *now = sh("git rev-parse HEAD^{tree}", NULL);
	CHECK_STR(now, root); /* the same tree, written again */
	free(now);
	char *text = sh("git show HEAD:answers/01-first.md", NULL);
	CHECK_STR(text, "lost in the cut");
	free(text);
	CHECK(fsck_clean());
	free(root);
	free(sub);
}

static bool save_big(struct rb_repo *r, const char *text, char id[41])
{
	struct rb_repo_file files[] = {{"strategy.md", text, strlen(text)}};
	struct rb_commit_in in = {.files = files, .nfiles = 1, .message = "Big"};
	bool committed = false;
	return commit(r, &in, id, &committed);
}

/* A large file's id worked out ahead by another thread: used when the bytes are the same,
 * never when they changed in between. */
static void test_hash_ahead(struct rb_repo *r)
{
	size_t n = 40000;
	char *a = malloc(n + 1), *b = malloc(n + 1);
	for (size_t i = 0; i < n; i++) {
		a[i] = (char)('a' + i % 26);
		b[i] = (char)('A' + i % 26);
	}
	a[n] = b[n] = '\0';
	a[n - 1] = b[n - 1] = '\n';
	char id[41], hex[41];
	struct rb_repo_file fa = {"strategy.md", a, n}, fb = {"strategy.md", b, n};
	rb_repo_hash_ahead(r, &fa);
	CHECK(save_big(r, a, id));
	rb_repo_blob_hex(a, n, hex);
	char *got = sh("git rev-parse HEAD:strategy.md", NULL);
	CHECK_STR(got, hex);
	free(got);
	rb_repo_hash_ahead(r, &fa); /* then the file changes before the version is made */
	CHECK(save_big(r, b, id));
	rb_repo_blob_hex(b, n, hex);
	got = sh("git rev-parse HEAD:strategy.md", NULL);
	CHECK_STR(got, hex);
	free(got);
	rb_repo_hash_ahead(r, &fb); /* one left running is waited for on closing */
	CHECK(fsck_clean());
	free(a);
	free(b);
}

/* A working file edited behind roadbook's back (same size, so only its stat data tell) is
 * written again at the next version, even though the version's content did not change. */
static void test_work_file_edited(struct rb_repo *r)
{
	char id[41];
	CHECK(save(r, "kept answer\n", "Kept", id));
	char path[1100];
	snprintf(path, sizeof path, "%s/answers/01-first.md", dir);
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs("KEPT ANSWER\n", f);
		fclose(f);
	}
	struct rb_repo_file files[] = {{"README.md", "# Workbook\n", 11},
				       {"answers/01-first.md", "kept answer\n", 12}};
	struct rb_commit_in in = {.files = files, .nfiles = 2, .message = "Kept"};
	bool committed = true;
	CHECK(commit(r, &in, id, &committed));
	CHECK(!committed); /* the version did not change: only the working file did */
	char *now = sh("cat answers/01-first.md", NULL);
	CHECK_STR(now, "kept answer");
	free(now);
}

int main(void)
{
	CHECK(mkdtemp(dir) != NULL);
	struct rb_repo *r = NULL;
	char *err = NULL;
	CHECK(rb_git_init(&err) == 0);
	CHECK(rb_repo_create(dir, &r, &err) == RB_REPO_OK);
	free(err);
	if (!r)
		return 1;
	test_reflogs(r);
	test_damaged_blob(&r);
	test_damaged_tree(&r);
	test_hash_ahead(r);
	test_work_file_edited(r);
	rb_repo_free(r);
	char cmd[1200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
	return HARNESS_EXIT();
}
