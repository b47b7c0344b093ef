/* repo_check.c - what roadbook accepts from a repository it did not write (see repo.h): every
 * version a fetch or a join brings in is checked, from the object database, before anything
 * reads it or writes it to disk. A tree is walked with an explicit stack, so a deep or
 * exponential tree (a "git bomb": one folder repeated thousands of times) stops at the caps
 * instead of exhausting memory; blob sizes come from the object header, never by reading the
 * blob. */
#include "content/buf.h"
#include "content/sanitize.h"
#include "store/repo_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Names no workbook holds, in any letter case, with trailing dots or spaces (which NTFS
 * drops), and as NTFS's short names: .git (the repository itself), .roadbook (the private
 * state: a checkout must never plant answers or settings there) and .gitattributes (its
 * filters and line endings would change how roadbook's own files are written and read). */
static const char *const reserved[] = {".git", ".roadbook", ".gitattributes"};
static const char *const reserved_short[] = {"git~1", "roadbo~1", "gitatt~1"};

static bool is_reserved(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
		size_t w = strlen(reserved[i]), k = n;
		while (k > w && (name[k - 1] == '.' || name[k - 1] == ' '))
			k--;
		if (k == w && !strncasecmp(name, reserved[i], w))
			return true;
		if (!strcasecmp(name, reserved_short[i]))
			return true;
	}
	return false;
}

/* A name git itself would refuse to check out, or that could reach outside the workbook or
 * into .git or .roadbook on some file system (NTFS and HFS+ variants included). */
static bool name_is_safe(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7F || *p == '/' || *p == '\\' || *p == ':')
			return false;
	if (is_reserved(name, n))
		return false;
	/* HFS+ ignores some zero-width characters: ".g\u200cit" is ".git" there */
	char *plain = rb_sanitize(name, n, RB_SAN_SINGLE_LINE, NULL);
	bool ok = plain && !is_reserved(plain, strlen(plain));
	free(plain);
	return ok;
}

bool rb_path_is_safe(const char *path)
{
	if (!path || !*path || path[0] == '/')
		return false;
	char *copy = strdup(path);
	if (!copy)
		return false;
	bool ok = true;
	for (char *part = copy, *slash; ok && part; part = slash ? slash + 1 : NULL) {
		slash = strchr(part, '/');
		if (slash)
			*slash = '\0';
		ok = name_is_safe(part);
	}
	free(copy);
	return ok;
}

/* Sets *why to "a file ... (path)" with the path made safe to show. */
static void refuse(char **why, const char *what, const char *dir, const char *name)
{
	struct rb_buf b = {0};
	char *d = rb_sanitize(dir ? dir : "", dir ? strlen(dir) : 0, RB_SAN_SINGLE_LINE, NULL);
	char *nm = rb_sanitize(name ? name : "", name ? strlen(name) : 0, RB_SAN_SINGLE_LINE, NULL);
	if (name)
		rb_buf_printf(&b, "%s '%s%s%s'", what, d && *d ? d : "", d && *d ? "/" : "",
			      nm ? nm : "?");
	else
		rb_buf_puts(&b, what);
	free(d);
	free(nm);
	free(*why);
	*why = rb_buf_take(&b);
}

struct frame {
	git_tree *tree;
	size_t next, count;
	size_t dirlen; /* length of the folder path in the walk's path buffer */
};

/* Walks the tree root within the caps; *why (caller frees) names the first thing refused.
 * Returns RB_REPO_OK, RB_REPO_NONE (refused) or RB_REPO_ERR (an object is missing). */
static enum rb_repo_status check_tree(git_repository *git, git_odb *odb, const git_oid *root,
				      char **why)
{
	struct frame stack[RB_MAX_TREE_DEPTH + 1];
	size_t sp = 0, entries = 0;
	struct rb_buf path = {0};
	enum rb_repo_status st = RB_REPO_OK;
	if (git_tree_lookup(&stack[0].tree, git, root) < 0)
		return RB_REPO_ERR;
	stack[0].next = 0;
	stack[0].count = git_tree_entrycount(stack[0].tree);
	stack[0].dirlen = 0;
	rb_buf_puts(&path, "");
	for (;;) {
		struct frame *f = &stack[sp];
		if (f->next == f->count) {
			git_tree_free(f->tree);
			if (sp == 0)
				break;
			sp--;
			continue;
		}
		const git_tree_entry *e = git_tree_entry_byindex(f->tree, f->next++);
		const char *name = git_tree_entry_name(e);
		path.len = f->dirlen;
		if (path.data)
			path.data[path.len] = '\0';
		if (++entries > RB_MAX_TREE_ENTRIES) {
			char msg[96];
			snprintf(msg, sizeof msg, "more than %u files and folders in one version",
				 RB_MAX_TREE_ENTRIES);
			refuse(why, msg, NULL, NULL);
			st = RB_REPO_NONE;
		} else if (!name_is_safe(name)) {
			refuse(why, "a file or folder named", path.data, name);
			st = RB_REPO_NONE;
		} else {
			git_filemode_t mode = git_tree_entry_filemode(e);
			if (mode == GIT_FILEMODE_TREE) {
				git_tree *sub = NULL;
				if (sp + 1 > RB_MAX_TREE_DEPTH) {
					char msg[96];
					snprintf(msg, sizeof msg,
						 "folders nested more than %u deep, at",
						 RB_MAX_TREE_DEPTH);
					refuse(why, msg, path.data, name);
					st = RB_REPO_NONE;
				} else if (git_tree_lookup(&sub, git, git_tree_entry_id(e)) < 0) {
					st = RB_REPO_ERR;
				} else {
					if (path.len)
						rb_buf_puts(&path, "/");
					rb_buf_puts(&path, name);
					sp++;
					stack[sp].tree = sub;
					stack[sp].next = 0;
					stack[sp].count = git_tree_entrycount(sub);
					stack[sp].dirlen = path.len;
				}
			} else if (mode == GIT_FILEMODE_BLOB ||
				   mode == GIT_FILEMODE_BLOB_EXECUTABLE) {
				size_t size = 0;
				git_object_t type;
				if (git_odb_read_header(&size, &type, odb, git_tree_entry_id(e)) <
					0 ||
				    type != GIT_OBJECT_BLOB) {
					st = RB_REPO_ERR;
				} else if (size > RB_MAX_BLOB) {
					char msg[96];
					snprintf(msg, sizeof msg,
						 "a file of %zu MB (the most roadbook reads is %u "
						 "MB):",
						 size >> 20, RB_MAX_BLOB >> 20);
					refuse(why, msg, path.data, name);
					st = RB_REPO_NONE;
				}
			} else if (mode == GIT_FILEMODE_LINK) {
				refuse(why, "a link (symbolic link)", path.data, name);
				st = RB_REPO_NONE;
			} else {
				refuse(why, "a submodule (a repository inside the repository)",
				       path.data, name);
				st = RB_REPO_NONE;
			}
		}
		if (st != RB_REPO_OK || path.oom)
			break;
	}
	if (st != RB_REPO_OK || path.oom) {
		for (size_t i = 0; i <= sp; i++)
			git_tree_free(stack[i].tree);
		if (path.oom && st == RB_REPO_OK)
			st = RB_REPO_ERR;
	}
	rb_buf_free(&path);
	return st;
}

enum rb_repo_status rb_repo_check_tree(struct rb_repo *r, const char *id, char **why)
{
	*why = NULL;
	git_oid oid;
	git_commit *c = NULL;
	git_odb *odb = NULL;
	enum rb_repo_status st = RB_REPO_ERR;
	if (git_oid_fromstr(&oid, id) == 0 && git_commit_lookup(&c, r->git, &oid) == 0 &&
	    git_repository_odb(&odb, r->git) == 0)
		st = check_tree(r->git, odb, git_commit_tree_id(c), why);
	git_odb_free(odb);
	git_commit_free(c);
	if (st == RB_REPO_ERR && !*why)
		*why = strdup("a version that cannot be read (objects are missing or damaged)");
	return st;
}

/* ---- refs before and after a fetch ---- */

struct rb_ref_snap *rb_refs_snapshot(struct rb_repo *r, const char *glob)
{
	struct rb_ref_snap *s = calloc(1, sizeof *s);
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	if (!s || git_reference_iterator_glob_new(&it, r->git, glob) < 0) {
		free(s);
		return NULL;
	}
	size_t cap = 0;
	while (git_reference_next(&ref, it) == 0) {
		const git_oid *oid = git_reference_target(ref);
		if (oid) {
			if (s->n == cap) {
				cap = cap ? 2 * cap : 8;
				char **nn = realloc(s->names, cap * sizeof *nn);
				if (nn)
					s->names = nn;
				git_oid *no = nn ? realloc(s->oids, cap * sizeof *no) : NULL;
				if (no)
					s->oids = no;
				if (!nn || !no) {
					git_reference_free(ref);
					break;
				}
			}
			if ((s->names[s->n] = strdup(git_reference_name(ref)))) {
				git_oid_cpy(&s->oids[s->n], oid);
				s->n++;
			}
		}
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	return s;
}

void rb_refs_snapshot_free(struct rb_ref_snap *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->names[i]);
	free(s->names);
	free(s->oids);
	free(s);
}

static const git_oid *snap_find(const struct rb_ref_snap *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->names[i], name))
			return &s->oids[i];
	return NULL;
}

/* Puts every ref matching glob back as it was in before (removing the ones that are new). */
static void restore(struct rb_repo *r, const struct rb_ref_snap *before, const char *glob)
{
	struct rb_ref_snap *now = rb_refs_snapshot(r, glob);
	for (size_t i = 0; now && i < now->n; i++) {
		const git_oid *old = snap_find(before, now->names[i]);
		git_reference *ref = NULL;
		if (!old) {
			if (git_reference_lookup(&ref, r->git, now->names[i]) == 0)
				git_reference_delete(ref);
		} else if (!git_oid_equal(old, &now->oids[i])) {
			git_reference_create(&ref, r->git, now->names[i], old, 1,
					     "roadbook: refused what was fetched");
		}
		git_reference_free(ref);
	}
	rb_refs_snapshot_free(now);
}

enum rb_repo_status rb_repo_check_fetched(struct rb_repo *r, const struct rb_ref_snap *before,
					  const char *glob, bool trust_local, char **why)
{
	*why = NULL;
	struct rb_ref_snap *now = rb_refs_snapshot(r, glob);
	git_revwalk *walk = NULL;
	git_odb *odb = NULL;
	enum rb_repo_status st = RB_REPO_OK;
	if (!now || git_revwalk_new(&walk, r->git) < 0 || git_repository_odb(&odb, r->git) < 0) {
		st = RB_REPO_ERR;
		goto done;
	}
	size_t pushed = 0;
	for (size_t i = 0; i < now->n; i++) {
		const git_oid *old = snap_find(before, now->names[i]);
		if (old && git_oid_equal(old, &now->oids[i]))
			continue;
		if (git_revwalk_push(walk, &now->oids[i]) < 0) {
			st = RB_REPO_ERR;
			goto done;
		}
		pushed++;
	}
	if (!pushed)
		goto done;
	for (size_t i = 0; i < before->n; i++)
		git_revwalk_hide(walk, &before->oids[i]); /* a ref that no longer exists: fine */
	if (trust_local)
		git_revwalk_hide_glob(walk, "refs/heads/*");
	git_oid oid, last_tree;
	size_t count = 0;
	bool have_last = false;
	while (st == RB_REPO_OK && git_revwalk_next(&oid, walk) == 0) {
		git_commit *c = NULL;
		if (++count > RB_MAX_NEW_VERSIONS) {
			char msg[96];
			snprintf(msg, sizeof msg, "more than %u new versions at once",
				 RB_MAX_NEW_VERSIONS);
			refuse(why, msg, NULL, NULL);
			st = RB_REPO_NONE;
			break;
		}
		if (git_commit_lookup(&c, r->git, &oid) < 0) {
			st = RB_REPO_ERR;
			break;
		}
		const git_oid *tree = git_commit_tree_id(c);
		if (!have_last || !git_oid_equal(tree, &last_tree))
			st = check_tree(r->git, odb, tree, why);
		git_oid_cpy(&last_tree, tree);
		have_last = true;
		git_commit_free(c);
	}
done:
	if (st == RB_REPO_ERR && !*why)
		*why = strdup("a version that cannot be read (objects are missing or damaged)");
	if (st != RB_REPO_OK)
		restore(r, before, glob);
	git_odb_free(odb);
	git_revwalk_free(walk);
	rb_refs_snapshot_free(now);
	return st;
}
