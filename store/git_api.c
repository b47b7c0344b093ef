/* git_api.c - opens and starts libgit2 when a version history is first needed (see git_api.h
 * and rb_git_init in repo.h). Calls go through rb_git_fn by name here: the table is what this
 * file fills. */
#define RB_GIT_API_TABLE_ONLY
#include "store/git_api.h"
#include "store/repo.h"
#include "store/repo_internal.h"

#include "content/buf.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

struct rb_git_functions rb_git_fn;

/* Opens libgit2 and finds every function of the table (once per process). 0, or -1 with the
 * reason in *why (static text). */
static int load(const char **why)
{
	static int state; /* 0 not tried, 1 loaded, -1 failed */
	static char reason[512];
	if (state == 0) {
		/* RTLD_GLOBAL: store/tls_defer.c finds mbed TLS's own function with RTLD_NEXT */
		void *lib = dlopen(RB_LIBGIT2_SONAME, RTLD_NOW | RTLD_GLOBAL);
		const char *missing = NULL;
		if (!lib) {
			const char *e = dlerror();
			snprintf(reason, sizeof reason, "%s",
				 e ? e : RB_LIBGIT2_SONAME " not found");
		} else {
#define RB_GIT_RESOLVE(name)                                                                       \
	if (!missing && !(*(void **)&rb_git_fn.name = dlsym(lib, #name)))                          \
		missing = #name;
			RB_GIT_FUNCTIONS(RB_GIT_RESOLVE)
#undef RB_GIT_RESOLVE
			if (missing)
				snprintf(
				    reason, sizeof reason,
				    "%s has no function %s: it is not the version roadbook was "
				    "built for",
				    RB_LIBGIT2_SONAME, missing);
		}
		state = lib && !missing ? 1 : -1;
	}
	if (state < 0 && why)
		*why = reason;
	return state > 0 ? 0 : -1;
}

static void shutdown_git(void)
{
	rb_git_fn.git_libgit2_shutdown();
}

int rb_git_init(char **err)
{
	static int done;
	const char *why = NULL;
	if (load(&why) < 0) {
		if (err) {
			struct rb_buf b = {0};
			rb_buf_printf(
			    &b,
			    "roadbook could not load libgit2, the library it keeps versions "
			    "and shares the workbook with (%s). Your answers are safe. To get "
			    "versions back, reinstall it: apt-get install --reinstall %s",
			    why, RB_LIBGIT2_PACKAGE);
			*err = rb_buf_take(&b);
		}
		return -1;
	}
	if (!done) {
		rb_tls_defer(true); /* parsed before the first transfer: store/tls_defer.c */
		rb_git_fn.git_libgit2_init();
		rb_tls_defer(false);
		atexit(shutdown_git); /* libgit2's caches go back before the leak checker looks */
		/* Renamed files are durable too: USB sticks get pulled. */
		rb_git_fn.git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
		done = 1;
	}
	return 0;
}
