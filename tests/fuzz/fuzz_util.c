/* fuzz_util.c - helpers shared by the fuzz harnesses (see fuzz_util.h): the locale, a lessons
 * folder served from memory through a wrapped rb_read_file(), the repository's curricula, and a
 * private temporary folder. */
#include "fuzz_util.h"

#include "content/utf8.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <locale.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The real reader, and ours (the harnesses link with -Wl,--wrap=rb_read_file). */
char *__real_rb_read_file(const char *path, size_t *len_out);
char *__wrap_rb_read_file(const char *path, size_t *len_out);

size_t fuzz_split(const char *data, size_t size, struct fuzz_part *parts, size_t max)
{
	const size_t seplen = sizeof FUZZ_SEP - 1;
	size_t n = 0, at = 0;
	while (n + 1 < max) {
		const char *hit =
		    size - at >= seplen ? memmem(data + at, size - at, FUZZ_SEP, seplen) : NULL;
		if (!hit)
			break;
		size_t end = (size_t)(hit - data) + 1; /* keep the line's '\n' */
		parts[n++] = (struct fuzz_part){data + at, end - at};
		at = (size_t)(hit - data) + seplen;
	}
	parts[n++] = (struct fuzz_part){data + at, size - at};
	return n;
}

void fuzz_init(void)
{
	static bool done;
	if (done)
		return;
	done = true;
	setlocale(LC_ALL, "");
	rb_utf8_locale_init();
}

bool fuzz_known(const char *issue)
{
	const char *v = getenv("RB_FUZZ_KNOWN");
	size_t n = strlen(issue);
	for (const char *p = v; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && !strncmp(p, issue, n))
			return true;
		p = end ? end + 1 : NULL;
	}
	return false;
}

/* ---- the private folder ---- */

static char *tmp_root;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void remove_tmp(void)
{
	if (tmp_root)
		nftw(tmp_root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(tmp_root);
	tmp_root = NULL;
}

/* Folders left by harnesses that crashed (abort skips atexit): rb-fuzz-PID-* of a PID that is
 * gone. */
static void remove_stale(const char *base)
{
	DIR *d = opendir(base);
	struct dirent *de;
	while (d && (de = readdir(d))) {
		long pid;
		char rest[64];
		if (sscanf(de->d_name, "rb-fuzz-%ld-%63s", &pid, rest) != 2 || pid <= 0 ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", base, de->d_name);
		nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	}
	if (d)
		closedir(d);
}

const char *fuzz_tmpdir(void)
{
	if (tmp_root)
		return tmp_root;
	struct stat st;
	const char *base =
	    stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0
		? "/dev/shm"
		: (getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	remove_stale(base);
	size_t n = strlen(base) + 48;
	tmp_root = malloc(n);
	FUZZ_CHECK(tmp_root != NULL);
	snprintf(tmp_root, n, "%s/rb-fuzz-%ld-XXXXXX", base, (long)getpid());
	if (!mkdtemp(tmp_root)) {
		fprintf(stderr, "fuzz: cannot make a folder in %s: %s\n", base, strerror(errno));
		abort();
	}
	atexit(remove_tmp);
	return tmp_root;
}

/* ---- the lessons folder in memory ---- */

/* Placeholder folders TMP/lessons-N (N = 0..FUZZ_MAX_MOD) hold an empty curriculum.md and
 * empty 01.md .. N.md, so that the loader's readdir sees the right names; their contents come
 * from the current input. */
static char *lessons_root;
static const struct fuzz_part *cur_parts;
static size_t cur_nparts;

static void touch(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	FUZZ_CHECK(f != NULL);
	fclose(f);
}

static void make_lessons_dirs(void)
{
	const char *tmp = fuzz_tmpdir();
	size_t n = strlen(tmp) + 16;
	lessons_root = malloc(n);
	FUZZ_CHECK(lessons_root != NULL);
	snprintf(lessons_root, n, "%s/lessons-", tmp);
	for (int k = 0; k <= FUZZ_MAX_MOD; k++) {
		char dir[4096], name[16];
		snprintf(dir, sizeof dir, "%s%d", lessons_root, k);
		FUZZ_CHECK(mkdir(dir, 0700) == 0);
		touch(dir, "curriculum.md");
		for (int m = 1; m <= k; m++) {
			snprintf(name, sizeof name, "%02d.md", m);
			touch(dir, name);
		}
	}
}

char *__wrap_rb_read_file(const char *path, size_t *len_out)
{
	size_t rl = lessons_root ? strlen(lessons_root) : 0;
	if (!cur_parts || !rl || strncmp(path, lessons_root, rl) != 0)
		return __real_rb_read_file(path, len_out);
	const char *name = strrchr(path, '/');
	name = name ? name + 1 : path;
	size_t k = 0;
	if (strcmp(name, "curriculum.md") != 0) {
		char *end;
		long m = strtol(name, &end, 10);
		FUZZ_CHECK(strcmp(end, ".md") == 0 && m >= 1 && (size_t)m < cur_nparts);
		k = (size_t)m;
	}
	char *text = malloc(cur_parts[k].len + 1);
	if (!text) {
		errno = ENOMEM;
		return NULL;
	}
	if (cur_parts[k].len)
		memcpy(text, cur_parts[k].p, cur_parts[k].len);
	text[cur_parts[k].len] = '\0';
	*len_out = cur_parts[k].len;
	return text;
}

int fuzz_load_parts(const struct fuzz_part *parts, size_t n, struct rb_curriculum **out,
		    struct rb_diags *d)
{
	FUZZ_CHECK(n >= 1 && n - 1 <= FUZZ_MAX_MOD);
	if (!lessons_root)
		make_lessons_dirs();
	char dir[4096];
	snprintf(dir, sizeof dir, "%s%zu", lessons_root, n - 1);
	cur_parts = parts;
	cur_nparts = n;
	int rc = rb_curriculum_load(dir, out, d);
	cur_parts = NULL;
	cur_nparts = 0;
	return rc;
}

/* ---- the repository's curricula ---- */

#ifndef RB_SOURCE_DIR
#error "RB_SOURCE_DIR must name the source tree"
#endif

static const char *const fixture_dirs[] = {
    RB_SOURCE_DIR "/lessons",
    RB_SOURCE_DIR "/tests/fixtures/starter",
    RB_SOURCE_DIR "/tests/fixtures/report",
    RB_SOURCE_DIR "/tests/fixtures/roadmap",
};
#define NFIXTURES (sizeof fixture_dirs / sizeof fixture_dirs[0])
static struct rb_curriculum *fixtures[NFIXTURES];

static void free_fixtures(void)
{
	for (size_t i = 0; i < NFIXTURES; i++) {
		rb_curriculum_free(fixtures[i]);
		fixtures[i] = NULL;
	}
}

size_t fuzz_nfixtures(void)
{
	return NFIXTURES;
}

const struct rb_curriculum *fuzz_fixture(size_t i)
{
	i %= NFIXTURES;
	if (!fixtures[i]) {
		struct rb_diags d = {0};
		if (rb_curriculum_load(fixture_dirs[i], &fixtures[i], &d) < 0 || d.n) {
			fprintf(stderr, "fuzz: the curriculum in %s does not load cleanly\n",
				fixture_dirs[i]);
			abort();
		}
		rb_diags_free(&d);
		static bool registered;
		if (!registered)
			atexit(free_fixtures);
		registered = true;
	}
	return fixtures[i];
}
