/* git_api.c - opens libgit2 when a version history is first needed (see git_api.h). */
#define RB_GIT_API_TABLE_ONLY
#include "store/git_api.h"

#include <dlfcn.h>
#include <stdio.h>

struct rb_git_functions rb_git_fn;

int rb_git_load(const char **why)
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
