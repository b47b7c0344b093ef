/* sync.c - fetch and push through libgit2, with progress, credentials and plain-words
 * failures (see sync.h). */
#include "store/sync.h"
#include "store/repo_internal.h"

#include "content/buf.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct net_ctx {
	const struct rb_net_cb *cb;
	const char *url;
	int tries;     /* credentials handed to libgit2 */
	int ssh_step;  /* next ssh source: 0 agent, 1.. key files */
	bool env_used; /* ROADBOOK_USERNAME/PASSWORD already tried */
	bool auth_failed, cert_failed, cancelled, rejected;
	bool cert_ssh; /* the failed identity was an ssh host key (else TLS) */
	char *cert_host;
	char *reject; /* why the other copy refused, as it said */
	struct sigaction old_alarm;
};

/* ---- a transfer that stops moving, or that the participant stops ----
 *
 * libgit2 1.5 has no network timeout: a server that stops answering, or a connection lost
 * without a word (Wi-Fi gone, a cable pulled), would block a read for hours, and the progress
 * callbacks (where the TUI looks for Esc) are not called while libgit2 waits. So a watcher
 * thread runs beside each network transfer. Every sign of progress moves a deadline
 * ROADBOOK_NET_TIMEOUT seconds (60 by default) ahead; when it passes, or when Esc is pressed
 * on the terminal while nothing moves (only when the caller asks, cb->watch_esc), the thread
 * shuts the network sockets down (a blocked read then ends at once) and signals the transfer's
 * thread with SIGALRM, installed without SA_RESTART, so that a blocked connect returns EINTR.
 * Plain paths (a USB stick) have no watcher: a disk read cannot be interrupted anyway. */
enum { WD_NONE, WD_STALLED, WD_CANCELLED };

static struct {
	pthread_t thread, transfer;
	bool running, watch_esc;
	atomic_bool stop;
	atomic_int fired;
	atomic_llong last_ms; /* last sign of progress; LLONG_MAX while a person types */
	long long limit_ms;
} wd;
static atomic_int stalled; /* WD_* of the last transfer, read when explaining its failure */

static long long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_alarm(int sig)
{
	(void)sig; /* only there to interrupt a blocked system call */
}

static void shut_sockets(void)
{
	for (int fd = 3; fd < 1024; fd++) {
		struct sockaddr_storage sa;
		socklen_t len = sizeof sa;
		if (getsockname(fd, (struct sockaddr *)&sa, &len) == 0 &&
		    (sa.ss_family == AF_INET || sa.ss_family == AF_INET6))
			shutdown(fd, SHUT_RDWR);
	}
}

/* A lone ESC waiting on the terminal (an arrow key sends ESC [ A: not that). */
static bool esc_waiting(void)
{
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	if (poll(&p, 1, 0) != 1 || !(p.revents & POLLIN))
		return false;
	char buf[32];
	ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
	return n == 1 && buf[0] == 0x1b;
}

static void *watch(void *arg)
{
	(void)arg;
	while (!atomic_load(&wd.stop)) {
		struct timespec ts = {0, 100 * 1000 * 1000};
		nanosleep(&ts, NULL);
		if (atomic_load(&wd.fired)) { /* until the transfer has returned */
			pthread_kill(wd.transfer, SIGALRM);
			continue;
		}
		long long idle = mono_ms() - atomic_load(&wd.last_ms);
		int why = WD_NONE;
		if (wd.watch_esc && idle > 1000 && esc_waiting())
			why = WD_CANCELLED; /* while data moves, the progress callback sees Esc */
		else if (idle > wd.limit_ms)
			why = WD_STALLED;
		if (why) {
			atomic_store(&wd.fired, why);
			shut_sockets();
			pthread_kill(wd.transfer, SIGALRM);
		}
	}
	return NULL;
}

static void watchdog_kick(void)
{
	if (wd.running)
		atomic_store(&wd.last_ms, mono_ms());
}

static void watchdog_start(struct net_ctx *c)
{
	atomic_store(&stalled, WD_NONE);
	const char *e = getenv("ROADBOOK_NET_TIMEOUT");
	long s = e && *e ? strtol(e, NULL, 10) : 60;
	if (wd.running || rb_net_is_path(c->url) || s <= 0)
		return;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, &c->old_alarm) != 0)
		return;
	wd.limit_ms = (s > 3600 ? 3600 : s) * 1000LL;
	wd.watch_esc = c->cb && c->cb->watch_esc && isatty(STDIN_FILENO);
	wd.transfer = pthread_self();
	atomic_store(&wd.stop, false);
	atomic_store(&wd.fired, WD_NONE);
	atomic_store(&wd.last_ms, mono_ms());
	if (pthread_create(&wd.thread, NULL, watch, NULL) != 0) {
		sigaction(SIGALRM, &c->old_alarm, NULL);
		return;
	}
	wd.running = true;
}

static void watchdog_stop(struct net_ctx *c)
{
	if (!wd.running)
		return;
	atomic_store(&wd.stop, true);
	pthread_join(wd.thread, NULL);
	wd.running = false;
	sigaction(SIGALRM, &c->old_alarm, NULL);
	atomic_store(&stalled, atomic_load(&wd.fired));
	if (atomic_load(&wd.fired) == WD_CANCELLED)
		c->cancelled = true;
}

bool rb_net_is_path(const char *url)
{
	if (strncmp(url, "file://", 7) == 0)
		return true;
	if (strstr(url, "://"))
		return false;
	/* scp-like "host:path" is ssh unless a slash comes before the colon */
	const char *colon = strchr(url, ':'), *slash = strchr(url, '/');
	return !colon || (slash && slash < colon);
}

static bool is_ssh(const char *url)
{
	return strncmp(url, "ssh://", 6) == 0 || strncmp(url, "ssh+git://", 10) == 0 ||
	       (!strstr(url, "://") && !rb_net_is_path(url));
}

static const char *local_path(const char *url)
{
	return strncmp(url, "file://", 7) == 0 ? url + 7 : url;
}

/* ---- callbacks ---- */

static int on_fetch_progress(const git_indexer_progress *s, void *payload)
{
	struct net_ctx *c = payload;
	watchdog_kick();
	if (c->cb && c->cb->progress &&
	    c->cb->progress(c->cb->ctx, "Receiving", s->received_objects, s->total_objects)) {
		c->cancelled = true;
		return -1;
	}
	return 0;
}

static int on_push_progress(unsigned int current, unsigned int total, size_t bytes, void *payload)
{
	(void)bytes;
	struct net_ctx *c = payload;
	watchdog_kick();
	if (c->cb && c->cb->progress && c->cb->progress(c->cb->ctx, "Sending", current, total)) {
		c->cancelled = true;
		return -1;
	}
	return 0;
}

static int on_push_ref(const char *ref, const char *status, void *payload)
{
	(void)ref;
	struct net_ctx *c = payload;
	if (status) {
		c->rejected = true;
		free(c->reject);
		c->reject = strdup(status);
	}
	return 0;
}

static int on_cert(git_cert *cert, int valid, const char *host, void *payload)
{
	struct net_ctx *c = payload;
	if (valid)
		return 0;
	c->cert_failed = true;
	c->cert_ssh = cert && cert->cert_type != GIT_CERT_X509;
	free(c->cert_host);
	c->cert_host = host ? strdup(host) : NULL;
	return GIT_ECERTIFICATE;
}

static bool readable(const char *path)
{
	struct stat st;
	return path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The next ssh key source to try; 0 with *out set, or -1 when none is left. */
static int ssh_credential(struct net_ctx *c, git_credential **out, const char *user)
{
	const char *home = getenv("HOME");
	const char *keyenv = getenv("ROADBOOK_SSH_KEY");
	const char *names[] = {"id_ed25519", "id_ecdsa", "id_rsa"};
	for (;;) {
		int step = c->ssh_step++;
		if (step == 0) {
			if (getenv("SSH_AUTH_SOCK") && !keyenv &&
			    git_credential_ssh_key_from_agent(out, user) == 0)
				return 0;
			continue;
		}
		char path[4096];
		if (step == 1 && keyenv && *keyenv) {
			snprintf(path, sizeof path, "%s", keyenv);
		} else if (!keyenv && step >= 2 && step < 2 + 3 && home) {
			snprintf(path, sizeof path, "%s/.ssh/%s", home, names[step - 2]);
		} else if (step >= 5) {
			return -1;
		} else {
			continue;
		}
		if (!readable(path))
			continue;
		if (git_credential_ssh_key_new(out, user, NULL, path,
					       getenv("ROADBOOK_SSH_PASSPHRASE")) == 0)
			return 0;
	}
}

static int on_credentials(git_credential **out, const char *url, const char *user_from_url,
			  unsigned int allowed, void *payload)
{
	struct net_ctx *c = payload;
	const char *user = user_from_url && *user_from_url ? user_from_url : NULL;
	if (allowed & GIT_CREDENTIAL_USERNAME && !(allowed & GIT_CREDENTIAL_SSH_KEY))
		return git_credential_username_new(out, user             ? user
							: getenv("USER") ? getenv("USER")
									 : "git");
	if (++c->tries > RB_NET_MAX_TRIES + 2) {
		c->auth_failed = true;
		git_error_set_str(GIT_ERROR_NET, "too many attempts");
		return GIT_EUSER;
	}
	if (allowed & GIT_CREDENTIAL_SSH_KEY) {
		if (!user)
			user = getenv("USER") ? getenv("USER") : "git";
		if (ssh_credential(c, out, user) == 0)
			return 0;
		c->auth_failed = true;
		git_error_set_str(GIT_ERROR_NET, "no ssh key was accepted");
		return GIT_EUSER;
	}
	if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
		const char *eu = getenv("ROADBOOK_USERNAME"), *ep = getenv("ROADBOOK_PASSWORD");
		if (!c->env_used && ep && *ep) {
			c->env_used = true;
			return git_credential_userpass_plaintext_new(out,
								     eu && *eu ? eu
								     : user    ? user
									       : "",
								     ep);
		}
		char *u = NULL, *p = NULL;
		/* a person typing a password is not a stall */
		if (wd.running)
			atomic_store(&wd.last_ms, LLONG_MAX / 2);
		int asked = c->cb && c->cb->ask && c->tries <= RB_NET_MAX_TRIES
				? c->cb->ask(c->cb->ctx, url, eu && *eu ? eu : user, &u, &p)
				: -1;
		watchdog_kick();
		if (asked == 0) {
			int rc = git_credential_userpass_plaintext_new(out, u ? u : "", p ? p : "");
			if (p)
				explicit_bzero(p, strlen(p));
			free(u);
			free(p);
			return rc;
		}
	}
	c->auth_failed = true;
	git_error_set_str(GIT_ERROR_NET, "no credentials were accepted");
	return GIT_EUSER;
}

/* The server's own messages and building a pack are signs of life too. */
static int on_sideband(const char *str, int len, void *payload)
{
	(void)str, (void)len, (void)payload;
	watchdog_kick();
	return 0;
}

static int on_pack_progress(int stage, uint32_t current, uint32_t total, void *payload)
{
	(void)stage, (void)current, (void)total, (void)payload;
	watchdog_kick();
	return 0;
}

static void set_callbacks(git_remote_callbacks *cbs, struct net_ctx *c)
{
	watchdog_start(c);
	/* An organisation's own certificate authorities, as for other tools; loaded only when
	 * roadbook goes on the network (parsing them costs milliseconds). */
	static bool ca_done;
	const char *ca = getenv("SSL_CERT_FILE");
	if (!ca_done && ca && *ca)
		git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, ca, NULL);
	else if (!ca_done)
		rb_tls_load_deferred(); /* the system's, noted at start (store/tls_defer.c) */
	ca_done = true;
	cbs->transfer_progress = on_fetch_progress;
	cbs->push_transfer_progress = on_push_progress;
	cbs->push_update_reference = on_push_ref;
	cbs->sideband_progress = on_sideband;
	cbs->pack_progress = on_pack_progress;
	cbs->certificate_check = on_cert;
	cbs->credentials = on_credentials;
	cbs->payload = c;
}

/* ---- failures in plain words ---- */

static bool has(const char *s, const char *what)
{
	return s && strcasestr(s, what);
}

static enum rb_net classify(int rc, const struct net_ctx *c, const char *gmsg)
{
	if (c->cancelled)
		return RB_NET_CANCELLED;
	if (atomic_load(&stalled) == WD_STALLED)
		return RB_NET_OFFLINE;
	if (c->cert_failed || rc == GIT_ECERTIFICATE || has(gmsg, "exchange encryption keys"))
		return RB_NET_CERT; /* the last: known_hosts lists another key type for the host */
	if (has(gmsg, "not owned by current user") || has(gmsg, "safe.directory") ||
	    (rb_net_is_path(c->url) && rb_repo_other_owner(local_path(c->url))))
		return RB_NET_OWNER; /* libgit2 1.5 words it as "safe.directory was not found" */
	if (rb_net_is_path(c->url) && has(gmsg, "permission denied"))
		return RB_NET_DENIED;
	if (c->auth_failed || rc == GIT_EAUTH || has(gmsg, "authentication") ||
	    has(gmsg, "failed to authenticate") || has(gmsg, "passphrase") || has(gmsg, "401") ||
	    has(gmsg, "403") || has(gmsg, "permission denied"))
		return RB_NET_AUTH;
	if (has(gmsg, "no space left") || has(gmsg, "disk quota"))
		return RB_NET_FULL;
	if (c->rejected || rc == GIT_ENONFASTFORWARD || has(gmsg, "non-fastforward"))
		return RB_NET_REJECTED;
	if (has(gmsg, "not found") || has(gmsg, "no such repository") ||
	    has(gmsg, "does not appear") || has(gmsg, "not exported") ||
	    has(gmsg, "could not find repository") || has(gmsg, "404") ||
	    has(gmsg, "not a git repository"))
		return RB_NET_NOTFOUND;
	/* the network, not the other side: worth trying again later */
	if (has(gmsg, "failed to resolve") || has(gmsg, "failed to connect") ||
	    has(gmsg, "connection refused") || has(gmsg, "timed out") || has(gmsg, "unreachable") ||
	    has(gmsg, "no route") || has(gmsg, "early eof") || has(gmsg, "unexpected eof") ||
	    has(gmsg, "unexpected disconnect") || has(gmsg, "reset by peer") ||
	    has(gmsg, "broken pipe") || has(gmsg, "failed to send") ||
	    has(gmsg, "failed to receive") || has(gmsg, "socket"))
		return RB_NET_OFFLINE;
	return RB_NET_ERR;
}

static enum rb_net explain(enum rb_net st, const struct net_ctx *c, const char *gmsg, bool pushing,
			   char **err)
{
	struct rb_buf b = {0};
	const char *url = c->url;
	switch (st) {
	case RB_NET_OFFLINE:
		if (rb_net_is_path(url))
			rb_buf_printf(&b,
				      "roadbook cannot reach %s: is the USB stick or shared drive "
				      "connected?",
				      url);
		else if (atomic_load(&stalled) == WD_STALLED)
			rb_buf_printf(
			    &b,
			    "The connection to %s stopped answering (nothing for %s "
			    "seconds), so roadbook gave up. You may have lost the network; "
			    "try again when it is back.",
			    url,
			    getenv("ROADBOOK_NET_TIMEOUT") ? getenv("ROADBOOK_NET_TIMEOUT") : "60");
		else
			rb_buf_printf(&b,
				      "roadbook cannot reach %s: you may be offline, or the "
				      "connection was cut.",
				      url);
		break;
	case RB_NET_NOTFOUND:
		rb_buf_printf(&b,
			      "There is no workbook repository at %s. Check the address with your "
			      "facilitator.",
			      url);
		break;
	case RB_NET_AUTH:
		rb_buf_printf(
		    &b,
		    "%s did not accept your user name, password or key (roadbook stops "
		    "after %d attempts). Check them with your facilitator: for https, set "
		    "ROADBOOK_USERNAME and ROADBOOK_PASSWORD or type them when asked; "
		    "for ssh, load your key into ssh-agent or set ROADBOOK_SSH_KEY (an "
		    "ed25519 or ecdsa key: older RSA keys may be refused).",
		    url, RB_NET_MAX_TRIES + 2);
		break;
	case RB_NET_CERT:
		if (c->cert_ssh || is_ssh(url))
			rb_buf_printf(&b,
				      "roadbook could not confirm that %s is the right server: its "
				      "key is not in your known_hosts file, or it has changed. If "
				      "your facilitator confirms the server's key, run 'git "
				      "ls-remote %s' once to check and accept it, then sync again.",
				      c->cert_host ? c->cert_host : url, url);
		else
			rb_buf_printf(
			    &b,
			    "roadbook could not confirm that %s is the right server: its "
			    "security certificate is not trusted. Do not go on until your "
			    "facilitator confirms the address; if your organisation uses "
			    "its own certificates, set SSL_CERT_FILE to them.",
			    c->cert_host ? c->cert_host : url);
		break;
	case RB_NET_REJECTED:
		rb_buf_printf(&b, "%s refused the new versions", url);
		if (c->reject)
			rb_buf_printf(&b, " (it said: %s)", c->reject);
		rb_buf_puts(&b, ". Ask your facilitator to check the cohort's settings.");
		break;
	case RB_NET_FULL:
		rb_buf_printf(&b,
			      "There is no space left %s. Free some space (or use another USB "
			      "stick), then sync again.",
			      pushing ? "where your work is being sent" : "on this computer");
		break;
	case RB_NET_CANCELLED:
		rb_buf_puts(&b, "The sync was stopped.");
		break;
	case RB_NET_DENIED:
		rb_buf_printf(&b,
			      "You may not read or write %s (permission denied). Ask whoever "
			      "manages that drive or folder to give you access",
			      url);
		break;
	case RB_NET_OWNER:
		rb_buf_printf(&b,
			      "%s belongs to another user, and git refuses such repositories for "
			      "safety. If you trust it, run: git config --global --add "
			      "safe.directory %s",
			      url, local_path(url));
		break;
	default:
		rb_buf_printf(&b, "roadbook could not exchange versions with %s", url);
		break;
	}
	if (gmsg && *gmsg && st != RB_NET_CANCELLED && st != RB_NET_OWNER &&
	    atomic_load(&stalled) != WD_STALLED)
		rb_buf_printf(&b, " (git says: %s)", gmsg);
	*err = rb_buf_take(&b);
	return st;
}

/* A plain path that does not exist: the drive is missing (offline) or the folder is wrong. */
static enum rb_net check_path(struct net_ctx *c, char **err)
{
	const char *p = local_path(c->url);
	struct stat st;
	if (stat(p, &st) == 0)
		return RB_NET_OK;
	char *parent = strdup(p);
	if (!parent)
		return RB_NET_ERR;
	size_t n = strlen(parent);
	while (n > 1 && parent[n - 1] == '/')
		parent[--n] = '\0';
	char *slash = strrchr(parent, '/');
	if (slash)
		*(slash == parent ? slash + 1 : slash) = '\0';
	bool parent_there = !slash || stat(parent, &st) == 0;
	free(parent);
	return explain(parent_there ? RB_NET_NOTFOUND : RB_NET_OFFLINE, c, NULL, false, err);
}

static enum rb_net finish(int rc, struct net_ctx *c, bool pushing, char **err)
{
	watchdog_stop(c);
	enum rb_net st = RB_NET_OK;
	if (rc < 0 || c->rejected) {
		const git_error *e = git_error_last();
		const char *gmsg = e && e->message ? e->message : NULL;
		st = explain(classify(rc, c, gmsg), c, c->rejected && rc >= 0 ? NULL : gmsg,
			     pushing, err);
	}
	free(c->cert_host);
	free(c->reject);
	return st;
}

/* What a fetch or a clone brought in, before anything reads it (store/repo_check.c). */
#define FETCHED_REFS "refs/remotes/*"

static enum rb_net check_fetched(struct rb_repo *r, const struct rb_ref_snap *before,
				 bool trust_local, const char *url, char **err)
{
	char *why = NULL;
	enum rb_repo_status st = rb_repo_check_fetched(r, before, FETCHED_REFS, trust_local, &why);
	if (st == RB_REPO_OK)
		return RB_NET_OK;
	struct rb_buf b = {0};
	if (st == RB_REPO_NONE)
		rb_buf_printf(
		    &b,
		    "The copy at %s holds something a roadbook workbook never does (%s), "
		    "so roadbook took nothing from it; your workbook is unchanged. Someone "
		    "may have changed that copy by hand: tell your facilitator.",
		    url, why ? why : "?");
	else
		rb_buf_printf(&b,
			      "What came from %s cannot be read (%s), so roadbook took nothing "
			      "from it; your workbook is unchanged. Try again; if it keeps "
			      "happening, tell your facilitator.",
			      url, why ? why : "?");
	free(why);
	*err = rb_buf_take(&b);
	return st == RB_REPO_NONE ? RB_NET_UNSAFE : RB_NET_ERR;
}

enum rb_net rb_net_fetch(struct rb_repo *r, const char *url, const char *const *refspecs, size_t n,
			 const struct rb_net_cb *cb, char **err)
{
	struct net_ctx c = {.cb = cb, .url = url};
	enum rb_net st;
	if (rb_net_is_path(url) && (st = check_path(&c, err)) != RB_NET_OK)
		return st;
	git_remote *rem = NULL;
	git_fetch_options o;
	git_fetch_options_init(&o, GIT_FETCH_OPTIONS_VERSION);
	set_callbacks(&o.callbacks, &c);
	o.prune = GIT_FETCH_NO_PRUNE;
	o.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	git_strarray specs = {(char **)refspecs, n};
	/* The caller holds the workbook's (or cohort's) lock: a lock on a remote-tracking
	 * reference is what a killed sync left, and would fail every later fetch. */
	rb_repo_clear_locks(git_repository_path(r->git), "refs/remotes", 0, NULL);
	struct rb_ref_snap *before = rb_refs_snapshot(r, FETCHED_REFS);
	if (!before) {
		*err = strdup("roadbook ran out of memory.");
		return RB_NET_ERR;
	}
	int rc = git_remote_create_anonymous(&rem, r->git, url);
	if (rc == 0)
		rc = git_remote_fetch(rem, &specs, &o, "roadbook sync");
	git_remote_free(rem);
	st = finish(rc, &c, false, err);
	if (st == RB_NET_OK)
		st = check_fetched(r, before, true, url, err);
	rb_refs_snapshot_free(before);
	return st;
}

enum rb_net rb_net_push(struct rb_repo *r, const char *url, const char *refspec,
			const struct rb_net_cb *cb, char **err)
{
	struct net_ctx c = {.cb = cb, .url = url};
	enum rb_net st;
	if (rb_net_is_path(url) && (st = check_path(&c, err)) != RB_NET_OK)
		return st;
	git_remote *rem = NULL;
	/* A copy on a USB stick or shared folder: a branch lock older than 10 s there is left by
	 * a sync that was killed (updating a reference takes milliseconds). */
	if (rb_net_is_path(url))
		rb_repo_clear_locks(local_path(url), "refs/heads", 10000, NULL);
	git_push_options o;
	git_push_options_init(&o, GIT_PUSH_OPTIONS_VERSION);
	set_callbacks(&o.callbacks, &c);
	char *spec = (char *)refspec;
	git_strarray specs = {&spec, 1};
	int rc = git_remote_create_anonymous(&rem, r->git, url);
	if (rc == 0)
		rc = git_remote_push(rem, &specs, &o);
	git_remote_free(rem);
	return finish(rc, &c, true, err);
}

enum rb_net rb_net_clone(const char *url, const char *dir, const struct rb_net_cb *cb,
			 struct rb_repo **out, char **err)
{
	*out = NULL;
	if (rb_git_init(err) < 0)
		return RB_NET_ERR;
	struct net_ctx c = {.cb = cb, .url = url};
	enum rb_net st;
	if (rb_net_is_path(url) && (st = check_path(&c, err)) != RB_NET_OK)
		return st;
	git_repository *git = NULL;
	git_clone_options o;
	git_clone_options_init(&o, GIT_CLONE_OPTIONS_VERSION);
	/* nothing is written to the folder before what was fetched has been checked */
	o.checkout_opts.checkout_strategy = GIT_CHECKOUT_NONE;
	o.checkout_branch = "main"; /* a server's HEAD may name another branch (git init --bare) */
	/* a folder one may only read: libgit2's local copy would keep its read-only modes */
	if (rb_net_is_path(url) && strncmp(url, "file://", 7) != 0)
		o.local = GIT_CLONE_NO_LOCAL;
	set_callbacks(&o.fetch_opts.callbacks, &c);
	o.fetch_opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	int rc = git_clone(&git, url, dir, &o);
	const git_error *ge = git_error_last();
	if (rc == GIT_ENOTFOUND && ge && has(ge->message, "refs/remotes/origin/main")) {
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "%s is a git repository, but not a roadbook workbook (it has no "
			      "branch main). Nothing was kept. Check the address with your "
			      "facilitator.",
			      url);
		*err = rb_buf_take(&b);
		finish(0, &c, false, err);
		return RB_NET_FOREIGN;
	}
	if (rc < 0)
		return finish(rc, &c, false, err);
	finish(0, &c, false, err);
	if (!(*out = rb_repo_wrap(git, dir))) {
		*err = strdup("roadbook ran out of memory.");
		return RB_NET_ERR;
	}
	struct rb_ref_snap none = {0}; /* a clone's own branch came from there too */
	if ((st = check_fetched(*out, &none, false, url, err)) != RB_NET_OK) {
		rb_repo_free(*out);
		*out = NULL;
		return st;
	}
	git_checkout_options co;
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_FORCE; /* a new, empty folder */
	/* the files exactly as the versions hold them: no line-ending conversion or filter from
	 * the user's git settings (core.autocrlf) changes roadbook's own files */
	co.disable_filters = 1;
	if (git_checkout_head(git, &co) < 0) {
		const git_error *e = git_error_last();
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "The workbook was copied, but its files could not be written to %s "
			      "(git says: %s). Check that the disk has space, then try again.",
			      dir, e && e->message ? e->message : "unknown");
		*err = rb_buf_take(&b);
		rb_repo_free(*out);
		*out = NULL;
		return RB_NET_ERR;
	}
	return RB_NET_OK;
}
