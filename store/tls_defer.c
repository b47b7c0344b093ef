/* tls_defer.c - the certificate authorities, parsed when roadbook goes on the network rather
 * than in every process.
 *
 * Debian's libgit2 1.5 is built with mbed TLS, whose start-up (inside git_libgit2_init) parses
 * the whole CA bundle, /etc/ssl/certs/ca-certificates.crt: 4.7 ms and 53 million instructions
 * (callgrind), the largest single cost of `roadbook save`, `log`, `cohort status` and the first
 * screen, none of which goes on the network. The path is compiled into libgit2 and the parse
 * cannot be switched off, so roadbook defines mbedtls_x509_crt_parse_file itself: the dynamic
 * linker resolves libgit2's call to this definition first. While rb_git_init runs, the path is
 * only noted; at any other time the call goes on to mbed TLS's own function (dlsym
 * RTLD_NEXT). Before the first transfer, store/sync.c hands the noted path back to libgit2
 * (GIT_OPT_SET_SSL_CERT_LOCATIONS), which parses it then. With a libgit2 built on OpenSSL
 * nothing calls this function and nothing changes. docs/PERFORMANCE.md has the figures. */
#include "store/repo_internal.h"

#include <dlfcn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool deferring;
static char *deferred;

int mbedtls_x509_crt_parse_file(void *chain, const char *path);

int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	if (deferring) {
		free(deferred);
		deferred = path ? strdup(path) : NULL;
		return 0; /* libgit2 goes on with an empty list until then */
	}
	static int (*real)(void *, const char *);
	if (!real)
		*(void **)(&real) = dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file");
	return real ? real(chain, path) : -1;
}

void rb_tls_defer(bool on)
{
	deferring = on;
}

const char *rb_tls_deferred(void)
{
	return deferred;
}

int rb_tls_load_deferred(void)
{
	if (!deferred)
		return 0;
	int rc = git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, deferred, NULL);
	free(deferred);
	deferred = NULL;
	return rc;
}
