/* join.h - roadbook join, all or nothing (app/join.c). */
#ifndef ROADBOOK_APP_JOIN_H
#define ROADBOOK_APP_JOIN_H

#include "store/sync.h"

#include <signal.h>

struct rb_join_result {
	enum rb_net net; /* how the transfer went (RB_NET_OK when joined) */
	char *notes;     /* anything else to tell the participant, or NULL */
};

/* Copies the workbook at url into dir (which must not exist or be an empty folder) and
 * restores it, answers and all, with the cohort's curriculum. Everything is made in a hidden
 * folder beside dir and renamed to dir only when complete; on any failure, or when *stop
 * becomes non-zero (a signal; may be NULL), what was made is removed and dir is as it was.
 * What an earlier, stopped join into dir left is removed first (said in res->notes).
 * Returns an rb_exit code, with a message in *err on failure. */
int rb_app_join(const char *url, const char *dir, const struct rb_net_cb *cb,
		volatile sig_atomic_t *stop, struct rb_join_result *res, char **err);
void rb_join_result_free(struct rb_join_result *res);

#endif
