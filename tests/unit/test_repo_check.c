/* test_repo_check.c - what roadbook accepts from a repository it did not write
 * (store/repo_check.c): hand-made tree objects (written raw into the object database, as an
 * attacker would, since libgit2's tree builder refuses most of these names) with a git bomb,
 * deep folders, a huge file, .git and its disguises, links and submodules; then a "fetched" ref
 * pointing at them is put back as it was. Also rb_path_is_safe. */
#include "harness.h"
#include "store/repo.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/rb-repo-check.XXXXXX";
static git_repository *git;
static struct rb_repo *repo;

/* A tree object from entries "MODE NAME" and their ids, written raw. */
static git_oid raw_tree(size_t n, const char *const *modes, const char *const *names,
			const git_oid *ids)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	for (size_t i = 0; i < n; i++) {
		size_t need = strlen(modes[i]) + 1 + strlen(names[i]) + 1 + GIT_OID_RAWSZ;
		if (len + need > cap) {
			cap = 2 * (len + need);
			buf = realloc(buf, cap);
		}
		len += (size_t)sprintf(buf + len, "%s %s", modes[i], names[i]) + 1;
		memcpy(buf + len, ids[i].id, GIT_OID_RAWSZ);
		len += GIT_OID_RAWSZ;
	}
	git_odb *odb;
	git_oid oid;
	git_repository_odb(&odb, git);
	CHECK(git_odb_write(&oid, odb, buf ? buf : "", len, GIT_OBJECT_TREE) == 0);
	git_odb_free(odb);
	free(buf);
	return oid;
}

static git_oid blob(const char *text)
{
	git_oid oid;
	CHECK(git_blob_create_from_buffer(&oid, git, text, strlen(text)) == 0);
	return oid;
}

/* A commit of tree, hex id in out. */
static void commit_of(git_oid tree_id, char out[41])
{
	git_signature *sig;
	git_tree *tree;
	git_oid oid;
	git_signature_now(&sig, "Mallory", "m@example.com");
	CHECK(git_tree_lookup(&tree, git, &tree_id) == 0);
	CHECK(git_commit_create(&oid, git, NULL, sig, sig, NULL, "evil", tree, 0, NULL) == 0);
	git_tree_free(tree);
	git_signature_free(sig);
	git_oid_tostr(out, 41, &oid);
}

/* One entry "NAME" (mode) in a tree: refused (true) or accepted? why gets the reason. */
static bool refused_one(const char *mode, const char *name, const git_oid *id, char **why)
{
	const char *modes[] = {"100644", mode};
	const char *names[] = {"README.md", name};
	git_oid ids[] = {blob("ok"), *id};
	char c[41];
	commit_of(raw_tree(2, modes, names, ids), c);
	free(*why);
	*why = NULL;
	return rb_repo_check_tree(repo, c, why) == RB_REPO_NONE;
}

static void test_names(void)
{
	git_oid b = blob("x"), empty = raw_tree(0, NULL, NULL, NULL);
	char *why = NULL;
	static const char *const bad[] = {
	    ".git",
	    ".GIT",
	    ".Git",
	    ".git.",
	    ".git ",
	    "git~1",
	    "..",
	    ".",
	    "a/b",
	    "a\\b",
	    "c:x",
	    "x\x1b[2J",
	    ".g\xe2\x80\x8cit",
	    "\xe2\x80\x8b.git",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		bool r = refused_one("100644", bad[i], &b, &why);
		CHECK(r);
		if (!r)
			fprintf(stderr, "  accepted the name '%s'\n", bad[i]);
	}
	CHECK(refused_one("40000", ".git", &empty, &why));
	CHECK(why && strstr(why, "named '.git'"));
	CHECK(refused_one("120000", "answers.md", &b, &why));
	CHECK(why && strstr(why, "link"));
	CHECK(refused_one("160000", "module", &b, &why));
	CHECK(why && strstr(why, "submodule"));
	CHECK(!refused_one("100644", ".gitignore", &b, &why));
	CHECK(!refused_one("100755", "run.sh", &b, &why));
	CHECK(!refused_one("40000", "answers", &empty, &why));
	/* the name in a message is shown safely */
	CHECK(refused_one("100644", "bad\x1b]52;c;eA==\x07name", &b, &why));
	CHECK(why && !strchr(why, '\x1b'));
	free(why);
}

/* 10 entries per folder, 6 levels: 10^6 paths made of 7 objects. */
static void test_bomb(void)
{
	git_oid level = blob("lol");
	const char *mode = "100644";
	for (int depth = 0; depth < 6; depth++) {
		const char *modes[10], *names[10];
		git_oid ids[10];
		static const char *const nm[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
		for (int i = 0; i < 10; i++) {
			modes[i] = mode;
			names[i] = nm[i];
			ids[i] = level;
		}
		level = raw_tree(10, modes, names, ids);
		mode = "40000";
	}
	char c[41], *why = NULL;
	commit_of(level, c);
	CHECK(rb_repo_check_tree(repo, c, &why) == RB_REPO_NONE);
	CHECK(why && strstr(why, "more than 20000 files"));
	free(why);
}

static void test_depth(void)
{
	git_oid t = raw_tree(0, NULL, NULL, NULL);
	const char *mode = "40000", *name = "d";
	char c[41], *why = NULL;
	for (unsigned depth = 1; depth <= RB_MAX_TREE_DEPTH + 1; depth++) {
		t = raw_tree(1, &mode, &name, &t);
		commit_of(t, c);
		enum rb_repo_status st = rb_repo_check_tree(repo, c, &why);
		/* the root holds `depth` nested folders */
		CHECK(st == (depth <= RB_MAX_TREE_DEPTH ? RB_REPO_OK : RB_REPO_NONE));
		free(why);
		why = NULL;
	}
}

static void test_big_blob(void)
{
	size_t n = (16u << 20) + 1;
	char *big = malloc(n);
	memset(big, 'a', n);
	git_oid b;
	CHECK(git_blob_create_from_buffer(&b, git, big, n) == 0);
	free(big);
	char *why = NULL;
	CHECK(refused_one("100644", "huge.md", &b, &why));
	CHECK(why && strstr(why, "16 MB"));
	free(why);
}

/* A fetch that brought a bad version: the remote-tracking ref goes back, a new one goes. */
static void test_fetched(void)
{
	char good[41], bad[41], *why = NULL;
	const char *m = "100644", *n = "README.md", *dotgit = ".git";
	git_oid ok = blob("fine");
	commit_of(raw_tree(1, &m, &n, &ok), good);
	git_oid bad_tree = raw_tree(1, &m, &dotgit, &ok);
	commit_of(bad_tree, bad);
	git_oid g, x;
	git_oid_fromstr(&g, good);
	git_oid_fromstr(&x, bad);
	git_reference *ref;
	CHECK(git_reference_create(&ref, git, "refs/remotes/origin/main", &g, 1, NULL) == 0);
	git_reference_free(ref);
	struct rb_ref_snap *before = rb_refs_snapshot(repo, "refs/remotes/*");
	CHECK(before != NULL);
	/* the "fetch": main moves to the bad version, and a new branch appears */
	CHECK(git_reference_create(&ref, git, "refs/remotes/origin/main", &x, 1, NULL) == 0);
	git_reference_free(ref);
	CHECK(git_reference_create(&ref, git, "refs/remotes/origin/other", &x, 1, NULL) == 0);
	git_reference_free(ref);
	CHECK(rb_repo_check_fetched(repo, before, "refs/remotes/*", true, &why) == RB_REPO_NONE);
	CHECK(why && strstr(why, ".git"));
	free(why);
	git_oid now;
	CHECK(git_reference_name_to_id(&now, git, "refs/remotes/origin/main") == 0);
	CHECK(git_oid_equal(&now, &g));
	CHECK(git_reference_name_to_id(&now, git, "refs/remotes/origin/other") == GIT_ENOTFOUND);
	/* nothing new: accepted */
	CHECK(rb_repo_check_fetched(repo, before, "refs/remotes/*", true, &why) == RB_REPO_OK);
	rb_refs_snapshot_free(before);
}

static void test_paths(void)
{
	CHECK(rb_path_is_safe("answers/01-why.md"));
	CHECK(rb_path_is_safe("README.md"));
	CHECK(rb_path_is_safe(".gitignore"));
	CHECK(!rb_path_is_safe("../x"));
	CHECK(!rb_path_is_safe("answers/../../x"));
	CHECK(!rb_path_is_safe("/etc/passwd"));
	CHECK(!rb_path_is_safe(".git/hooks/pre-commit"));
	CHECK(!rb_path_is_safe("answers/.GIT/config"));
	CHECK(!rb_path_is_safe("a//b"));
	CHECK(!rb_path_is_safe("a/"));
	CHECK(!rb_path_is_safe(""));
	CHECK(!rb_path_is_safe(NULL));
	CHECK(!rb_path_is_safe("answers\\..\\x"));
}

/* Refnames pass libgit2's check and roadbook's own allow-list before any is written. */
static void test_refs(void)
{
	static const char *const bad[] = {
	    "refs/heads/../x",   "refs/heads/a b",
	    "refs/heads/x.lock", "HEAD",
	    "refs/heads/a..b",   "refs/heads/\x1b[2J",
	    "refs/heads/a:b",    "../../etc/passwd",
	    "refs/heads/",       "main",
	};
	const char *id = "0123456789012345678901234567890123456789";
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *err = NULL;
		CHECK(rb_repo_move_ref(repo, bad[i], NULL, id, "test", &err) == RB_REPO_ERR);
		CHECK(err && strstr(err, "branch name"));
		free(err);
	}
	char c[41], *err = NULL;
	const char *m = "100644", *n = "README.md";
	git_oid b = blob("fine");
	commit_of(raw_tree(1, &m, &n, &b), c);
	CHECK(rb_repo_move_ref(repo, "refs/heads/participant-2_x", NULL, c, "test", &err) ==
	      RB_REPO_OK);
	free(err);
}

int main(void)
{
	git_libgit2_init();
	CHECK(mkdtemp(dir) != NULL);
	CHECK(git_repository_init(&git, dir, 0) == 0);
	char *err = NULL;
	CHECK(rb_repo_open(dir, &repo, &err) == RB_REPO_OK);
	free(err);
	RUN(test_names);
	RUN(test_bomb);
	RUN(test_depth);
	RUN(test_big_blob);
	RUN(test_fetched);
	RUN(test_paths);
	RUN(test_refs);
	rb_repo_free(repo);
	git_repository_free(git);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
	git_libgit2_shutdown();
	return HARNESS_EXIT();
}
