/* faultinject.c - an LD_PRELOAD shim that makes chosen file system calls fail, for the fault
 * injection tests (tests/e2e/test_faults.sh). SQLite (pwrite64, write, fdatasync, ftruncate64,
 * open64), libgit2 (open, write, pwrite, fsync, rename, link, mkdir) and roadbook itself all go
 * through the C library's exported functions, so interposing them reaches every file write a
 * roadbook command makes. Nothing is injected unless RB_FAULT is set.
 *
 *   RB_FAULT=eio|enospc|edquot|erofs|eacces|eperm|short
 *                       the error to return; "short" makes a write store half of its bytes and
 *                       return that count (as a disk does when it fills up mid-write), and
 *                       behaves as enospc for the calls that are not writes
 *   RB_FAULT_OP=LIST    comma-separated calls to fail (default: all of them): write (write,
 *                       writev), pwrite (pwrite, pwrite64), fwrite, fsync, fdatasync, ftruncate,
 *                       open (only opens that may write: O_WRONLY, O_RDWR, O_CREAT, O_TRUNC;
 *                       also fopen with a mode other than "r", and creat), rename, link, unlink,
 *                       mkdir, close
 *   RB_FAULT_PATH=LIST  comma-separated substrings; a call matches when its file's path holds
 *                       one of them (the path of a descriptor is read from /proc/self/fd; a
 *                       rename matches on either name). Only regular files and folders match,
 *                       never terminals, pipes or sockets, so messages still reach the user.
 *   RB_FAULT_AFTER=N    fail from the Nth matching call on (default 1)
 *   RB_FAULT_ONCE=1     fail only the Nth matching call (a transient error); otherwise every
 *                       matching call from the Nth on fails (a persistent one)
 *   RB_FAULT_WHILE=FILE inject only while FILE exists: a test removes it to end the fault in a
 *                       process that keeps running (the TUI)
 *   RB_FAULT_LOG=FILE   append one line per matching call: "PID N OP PATH ok|ERRNAME", so a
 *                       test can count the calls one command makes (works without RB_FAULT)
 *
 * The count is per process and every matching call counts, whether it was failed or not. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

enum op {
	OP_WRITE,
	OP_PWRITE,
	OP_FWRITE,
	OP_FSYNC,
	OP_FDATASYNC,
	OP_FTRUNCATE,
	OP_OPEN,
	OP_RENAME,
	OP_LINK,
	OP_UNLINK,
	OP_MKDIR,
	OP_CLOSE,
	OP_COUNT
};

static const char *const op_names[OP_COUNT] = {
    "write", "pwrite", "fwrite", "fsync",  "fdatasync", "ftruncate",
    "open",  "rename", "link",   "unlink", "mkdir",     "close",
};

static struct {
	int state; /* 0: not read, 1: being read, 2: ready */
	int err;   /* errno to inject, 0 for none */
	bool shortw;
	bool ops[OP_COUNT];
	char *paths; /* comma-separated, NULL for any */
	long after;
	bool once;
	const char *while_file;
	const char *log;
	long count;
} cfg;

static void *next_sym(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

#define REAL(type, name, args)                                                                     \
	static type(*real_##name) args;                                                            \
	if (!real_##name)                                                                          \
		real_##name = (type(*) args)next_sym(#name);

static void setup(void)
{
	if (__atomic_load_n(&cfg.state, __ATOMIC_ACQUIRE) == 2)
		return;
	int expected = 0;
	if (!__atomic_compare_exchange_n(&cfg.state, &expected, 1, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(&cfg.state, __ATOMIC_ACQUIRE) != 2)
			;
		return;
	}
	const char *f = getenv("RB_FAULT");
	if (f && *f) {
		static const struct {
			const char *name;
			int err;
		} errs[] = {{"eio", EIO},     {"enospc", ENOSPC}, {"edquot", EDQUOT},
			    {"erofs", EROFS}, {"eacces", EACCES}, {"eperm", EPERM},
			    {"short", ENOSPC}};
		for (size_t i = 0; i < sizeof errs / sizeof errs[0]; i++)
			if (strcmp(f, errs[i].name) == 0)
				cfg.err = errs[i].err;
		cfg.shortw = strcmp(f, "short") == 0;
		if (!cfg.err)
			cfg.err = EIO;
	}
	const char *o = getenv("RB_FAULT_OP");
	for (int i = 0; i < OP_COUNT; i++) {
		if (!o || !*o || strcmp(o, "all") == 0) {
			cfg.ops[i] = true;
			continue;
		}
		size_t n = strlen(op_names[i]);
		for (const char *p = o; *p;) {
			size_t len = strcspn(p, ",");
			if (len == n && strncmp(p, op_names[i], n) == 0)
				cfg.ops[i] = true;
			p += len;
			if (*p == ',')
				p++;
		}
	}
	const char *p = getenv("RB_FAULT_PATH");
	cfg.paths = p && *p ? strdup(p) : NULL;
	const char *a = getenv("RB_FAULT_AFTER");
	cfg.after = a && *a ? strtol(a, NULL, 10) : 1;
	if (cfg.after < 1)
		cfg.after = 1;
	const char *once = getenv("RB_FAULT_ONCE");
	cfg.once = once && *once && strcmp(once, "0") != 0;
	const char *w = getenv("RB_FAULT_WHILE");
	cfg.while_file = w && *w ? w : NULL;
	const char *l = getenv("RB_FAULT_LOG");
	cfg.log = l && *l ? l : NULL;
	__atomic_store_n(&cfg.state, 2, __ATOMIC_RELEASE);
}

static bool path_matches(const char *path)
{
	if (!cfg.paths)
		return true;
	if (!path)
		return false;
	for (const char *p = cfg.paths; *p;) {
		size_t len = strcspn(p, ",");
		if (len > 0) {
			char want[1024];
			snprintf(want, sizeof want, "%.*s", (int)len, p);
			if (strstr(path, want))
				return true;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}

/* The path of an open descriptor, when it is a regular file or a folder. */
static bool fd_path(int fd, char *out, size_t size)
{
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)))
		return false;
	char link[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, out, size - 1);
	if (n < 0)
		return false;
	out[n] = '\0';
	return true;
}

/* An absolute form of a path given to open/rename/mkdir, relative to dirfd. */
static void abs_path(int dirfd, const char *path, char *out, size_t size)
{
	if (!path) {
		out[0] = '\0';
		return;
	}
	if (path[0] == '/') {
		snprintf(out, size, "%s", path);
		return;
	}
	char base[4096];
	if (dirfd == AT_FDCWD) {
		if (!getcwd(base, sizeof base))
			base[0] = '\0';
	} else {
		char link[64];
		snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
		ssize_t n = readlink(link, base, sizeof base - 1);
		base[n < 0 ? 0 : n] = '\0';
	}
	snprintf(out, size, "%s/%s", base, path);
}

static void log_call(long n, enum op op, const char *path, int err)
{
	if (!cfg.log)
		return;
	int saved = errno;
	char line[4400];
	int len = snprintf(line, sizeof line, "%ld %ld %s %s %s\n", (long)getpid(), n, op_names[op],
			   path ? path : "-",
			   !err            ? "ok"
			   : err == EIO    ? "EIO"
			   : err == ENOSPC ? "ENOSPC"
			   : err == EDQUOT ? "EDQUOT"
			   : err == EROFS  ? "EROFS"
			   : err == EACCES ? "EACCES"
					   : "EPERM");
	if (len > (int)sizeof line - 1)
		len = (int)sizeof line - 1;
	int fd = (int)syscall(SYS_openat, AT_FDCWD, cfg.log,
			      O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd >= 0) {
		if (syscall(SYS_write, fd, line, (size_t)len) < 0) {
			/* a log that cannot be written changes nothing */
		}
		syscall(SYS_close, fd);
	}
	errno = saved;
}

/* Decides one call: 0 to let it through, or the errno to fail it with. */
static int decide(enum op op, const char *path)
{
	setup();
	if (!cfg.ops[op] || !path_matches(path))
		return 0;
	if (!cfg.err && !cfg.log)
		return 0;
	long n = __atomic_add_fetch(&cfg.count, 1, __ATOMIC_ACQ_REL);
	int err = 0;
	if (cfg.err && (cfg.once ? n == cfg.after : n >= cfg.after)) {
		struct stat st;
		if (!cfg.while_file || stat(cfg.while_file, &st) == 0)
			err = cfg.err;
	}
	log_call(n, op, path, err);
	return err;
}

static int decide_fd(enum op op, int fd)
{
	setup();
	if (!cfg.ops[op] || (!cfg.err && !cfg.log))
		return 0;
	char path[4096];
	if (!fd_path(fd, path, sizeof path))
		return 0;
	return decide(op, path);
}

static int decide_at(enum op op, int dirfd, const char *p)
{
	setup();
	if (!cfg.ops[op] || (!cfg.err && !cfg.log))
		return 0;
	char path[4096];
	abs_path(dirfd, p, path, sizeof path);
	return decide(op, path);
}

static int fail(int err)
{
	errno = err;
	return -1;
}

/* ---- writes ---- */

ssize_t write(int fd, const void *buf, size_t count)
{
	REAL(ssize_t, write, (int, const void *, size_t));
	int err = decide_fd(OP_WRITE, fd);
	if (err && cfg.shortw && count > 1)
		return real_write(fd, buf, count / 2);
	if (err)
		return fail(err);
	return real_write(fd, buf, count);
}

ssize_t writev(int fd, const struct iovec *iov, int iovcnt)
{
	REAL(ssize_t, writev, (int, const struct iovec *, int));
	int err = decide_fd(OP_WRITE, fd);
	if (err && cfg.shortw && iovcnt > 0 && iov[0].iov_len > 1) {
		REAL(ssize_t, write, (int, const void *, size_t));
		return real_write(fd, iov[0].iov_base, iov[0].iov_len / 2);
	}
	if (err)
		return fail(err);
	return real_writev(fd, iov, iovcnt);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset)
{
	REAL(ssize_t, pwrite, (int, const void *, size_t, off_t));
	int err = decide_fd(OP_PWRITE, fd);
	if (err && cfg.shortw && count > 1)
		return real_pwrite(fd, buf, count / 2, offset);
	if (err)
		return fail(err);
	return real_pwrite(fd, buf, count, offset);
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off64_t offset)
{
	REAL(ssize_t, pwrite64, (int, const void *, size_t, off64_t));
	int err = decide_fd(OP_PWRITE, fd);
	if (err && cfg.shortw && count > 1)
		return real_pwrite64(fd, buf, count / 2, offset);
	if (err)
		return fail(err);
	return real_pwrite64(fd, buf, count, offset);
}

size_t fwrite(const void *ptr, size_t size, size_t nmemb, FILE *stream)
{
	REAL(size_t, fwrite, (const void *, size_t, size_t, FILE *));
	int err = decide_fd(OP_FWRITE, fileno(stream));
	if (err && cfg.shortw && nmemb > 1)
		return real_fwrite(ptr, size, nmemb / 2, stream);
	if (err) {
		errno = err;
		return 0;
	}
	return real_fwrite(ptr, size, nmemb, stream);
}

int fsync(int fd)
{
	REAL(int, fsync, (int));
	int err = decide_fd(OP_FSYNC, fd);
	return err ? fail(err) : real_fsync(fd);
}

int fdatasync(int fd)
{
	REAL(int, fdatasync, (int));
	int err = decide_fd(OP_FDATASYNC, fd);
	return err ? fail(err) : real_fdatasync(fd);
}

int ftruncate(int fd, off_t length)
{
	REAL(int, ftruncate, (int, off_t));
	int err = decide_fd(OP_FTRUNCATE, fd);
	return err ? fail(err) : real_ftruncate(fd, length);
}

int ftruncate64(int fd, off64_t length)
{
	REAL(int, ftruncate64, (int, off64_t));
	int err = decide_fd(OP_FTRUNCATE, fd);
	return err ? fail(err) : real_ftruncate64(fd, length);
}

int close(int fd)
{
	REAL(int, close, (int));
	int err = decide_fd(OP_CLOSE, fd);
	int rc = real_close(fd); /* the descriptor is gone either way, as on Linux */
	return err ? fail(err) : rc;
}

/* ---- opens that may write ---- */

static bool writes(int flags)
{
	return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) != 0;
}

static int open_fault(int dirfd, const char *path, int flags)
{
	return writes(flags) ? decide_at(OP_OPEN, dirfd, path) : 0;
}

static mode_t mode_arg(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? (mode_t)va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...)
{
	REAL(int, open, (const char *, int, ...));
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	int err = open_fault(AT_FDCWD, path, flags);
	return err ? fail(err) : real_open(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	REAL(int, open64, (const char *, int, ...));
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	int err = open_fault(AT_FDCWD, path, flags);
	return err ? fail(err) : real_open64(path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	REAL(int, openat, (int, const char *, int, ...));
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	int err = open_fault(dirfd, path, flags);
	return err ? fail(err) : real_openat(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
	REAL(int, openat64, (int, const char *, int, ...));
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	int err = open_fault(dirfd, path, flags);
	return err ? fail(err) : real_openat64(dirfd, path, flags, mode);
}

/* The checked forms that _FORTIFY_SOURCE builds call when open has no mode argument. */
int __open_2(const char *path, int flags);
int __open_2(const char *path, int flags)
{
	REAL(int, __open_2, (const char *, int));
	int err = open_fault(AT_FDCWD, path, flags);
	return err ? fail(err) : real___open_2(path, flags);
}

int __open64_2(const char *path, int flags);
int __open64_2(const char *path, int flags)
{
	REAL(int, __open64_2, (const char *, int));
	int err = open_fault(AT_FDCWD, path, flags);
	return err ? fail(err) : real___open64_2(path, flags);
}

int creat(const char *path, mode_t mode)
{
	REAL(int, creat, (const char *, mode_t));
	int err = decide_at(OP_OPEN, AT_FDCWD, path);
	return err ? fail(err) : real_creat(path, mode);
}

int creat64(const char *path, mode_t mode)
{
	REAL(int, creat64, (const char *, mode_t));
	int err = decide_at(OP_OPEN, AT_FDCWD, path);
	return err ? fail(err) : real_creat64(path, mode);
}

static int fopen_fault(const char *path, const char *mode)
{
	bool may_write = mode && (mode[0] != 'r' || strchr(mode, '+'));
	return may_write ? decide_at(OP_OPEN, AT_FDCWD, path) : 0;
}

FILE *fopen(const char *path, const char *mode)
{
	REAL(FILE *, fopen, (const char *, const char *));
	int err = fopen_fault(path, mode);
	if (err) {
		errno = err;
		return NULL;
	}
	return real_fopen(path, mode);
}

FILE *fopen64(const char *path, const char *mode)
{
	REAL(FILE *, fopen64, (const char *, const char *));
	int err = fopen_fault(path, mode);
	if (err) {
		errno = err;
		return NULL;
	}
	return real_fopen64(path, mode);
}

/* ---- names ---- */

static int rename_fault(int olddir, const char *from, int newdir, const char *to)
{
	setup();
	if (!cfg.ops[OP_RENAME] || (!cfg.err && !cfg.log))
		return 0;
	char a[4096], b[4096];
	abs_path(olddir, from, a, sizeof a);
	abs_path(newdir, to, b, sizeof b);
	return decide(OP_RENAME, path_matches(a) ? a : b);
}

int rename(const char *from, const char *to)
{
	REAL(int, rename, (const char *, const char *));
	int err = rename_fault(AT_FDCWD, from, AT_FDCWD, to);
	return err ? fail(err) : real_rename(from, to);
}

int renameat(int olddir, const char *from, int newdir, const char *to)
{
	REAL(int, renameat, (int, const char *, int, const char *));
	int err = rename_fault(olddir, from, newdir, to);
	return err ? fail(err) : real_renameat(olddir, from, newdir, to);
}

int renameat2(int olddir, const char *from, int newdir, const char *to, unsigned int flags)
{
	REAL(int, renameat2, (int, const char *, int, const char *, unsigned int));
	int err = rename_fault(olddir, from, newdir, to);
	return err ? fail(err) : real_renameat2(olddir, from, newdir, to, flags);
}

int link(const char *from, const char *to)
{
	REAL(int, link, (const char *, const char *));
	int err = decide_at(OP_LINK, AT_FDCWD, to);
	return err ? fail(err) : real_link(from, to);
}

int unlink(const char *path)
{
	REAL(int, unlink, (const char *));
	int err = decide_at(OP_UNLINK, AT_FDCWD, path);
	return err ? fail(err) : real_unlink(path);
}

int mkdir(const char *path, mode_t mode)
{
	REAL(int, mkdir, (const char *, mode_t));
	int err = decide_at(OP_MKDIR, AT_FDCWD, path);
	return err ? fail(err) : real_mkdir(path, mode);
}
