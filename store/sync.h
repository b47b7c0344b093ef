/* sync.h - exchanging versions with another copy of a repository: fetch and push over a plain
 * path, file://, git://, ssh and https, with progress, bounded credential attempts and
 * checked host keys and certificates. Failures are sorted into what a participant can act
 * on (offline, wrong address, password, full disk...) with a message in plain words.
 *
 * Credentials: ssh uses ssh-agent when SSH_AUTH_SOCK is set, then the key file in
 * ROADBOOK_SSH_KEY or ~/.ssh/id_ed25519, id_ecdsa, id_rsa (passphrase ROADBOOK_SSH_PASSPHRASE);
 * https uses ROADBOOK_USERNAME and ROADBOOK_PASSWORD (a password or an access token), else the
 * caller's ask callback. Nothing is ever written to disk. At most RB_NET_MAX_TRIES attempts. */
#ifndef ROADBOOK_SYNC_H
#define ROADBOOK_SYNC_H

#include "store/repo.h"

#include <stdbool.h>
#include <stddef.h>

#define RB_NET_MAX_TRIES 3

enum rb_net {
	RB_NET_OK = 0,
	RB_NET_OFFLINE,   /* the other copy cannot be reached: no network, drive not connected */
	RB_NET_NOTFOUND,  /* reached, but there is no repository at that address */
	RB_NET_AUTH,      /* the user name, password or key was refused */
	RB_NET_CERT,      /* the server's identity (host key, TLS certificate) is not trusted */
	RB_NET_REJECTED,  /* the other copy refused the versions sent */
	RB_NET_FULL,      /* a disk (often the USB stick) is full */
	RB_NET_CANCELLED, /* the participant stopped it */
	RB_NET_FOREIGN,   /* the other copy is not this workbook (not roadbook's, or another's) */
	RB_NET_NOTSET,    /* there is no address to sync with */
	RB_NET_DENIED,    /* a folder this user may not read or write (a shared drive) */
	RB_NET_OWNER,     /* a repository owned by another user: git refuses it */
	RB_NET_UNSAFE,    /* it holds what no workbook does (a git bomb, a .git entry): refused */
	RB_NET_ERR,       /* anything else: see the message */
};

struct rb_net_cb {
	/* stage is "Receiving" or "Sending"; done and total count objects. Return nonzero to
	 * stop the transfer. May be NULL. */
	int (*progress)(void *ctx, const char *stage, size_t done, size_t total);
	/* Asks for a user name and password for url (user: a suggestion, may be NULL); returns
	 * 0 with malloc'd strings, or -1 to give up. May be NULL (then only the environment). */
	int (*ask)(void *ctx, const char *url, const char *user, char **user_out, char **pass_out);
	void *ctx;
	/* The TUI: while nothing moves for a second, a lone Esc on the terminal stops the
	 * transfer (RB_NET_CANCELLED) even when libgit2 is blocked waiting for the server. */
	bool watch_esc;
};

/* Fetches with these refspecs (e.g. "+refs/heads/main:refs/remotes/origin/main") from url. */
enum rb_net rb_net_fetch(struct rb_repo *r, const char *url, const char *const *refspecs, size_t n,
			 const struct rb_net_cb *cb, char **err);
/* Pushes one refspec (e.g. "refs/heads/main:refs/heads/main"; never forced) to url.
 * RB_NET_REJECTED when the other copy has moved on or refuses. */
enum rb_net rb_net_push(struct rb_repo *r, const char *url, const char *refspec,
			const struct rb_net_cb *cb, char **err);

/* Clones url into dir, which must not exist or be an empty folder. */
enum rb_net rb_net_clone(const char *url, const char *dir, const struct rb_net_cb *cb,
			 struct rb_repo **out, char **err);

/* true for a plain path or file:// address (a USB stick, a shared drive). */
bool rb_net_is_path(const char *url);

#endif
