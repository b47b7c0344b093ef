/* status.c - roadbook status: progress per module, the cohort's address, the last sync and
 * the answers waiting for a choice. */
#include "content/buf.h"
#include "content/json.h"
#include "content/sanitize.h"
#include "cli/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define put_safe rb_cli_put_safe

int rb_cmd_status(const struct rb_cli *cli, int argc, char **argv)
{
	bool json = argc == 2 && !strcmp(argv[1], "--json");
	bool ids = argc == 2 && !strcmp(argv[1], "--ids");
	if (argc > 2 || (argc == 2 && !json && !ids))
		return rb_cli_usage("status", "the options are --json and --ids (one of them)");
	struct rb_app app;
	int rc = rb_cli_open(&app, cli->dir);
	if (rc)
		return rc;
	if (ids) { /* the module ids, one per line: for scripts and shell completion */
		for (size_t m = 0; m < app.cur->nmodules; m++) {
			put_safe(stdout, app.cur->modules[m].id, RB_SAN_SINGLE_LINE);
			putchar('\n');
		}
		rb_app_close(&app);
		return RB_EXIT_OK;
	}
	const struct rb_curriculum *c = app.cur;
	size_t all_a, all_t;
	rb_app_progress(&app, &all_a, &all_t);
	unsigned pct = all_t ? (unsigned)(all_a * 100 / all_t) : 100;
	struct rb_buf b = {0};
	/* sync: the cohort's address, the last sync, answers waiting for a choice */
	char *remote = app.repo ? rb_repo_remote_url(app.repo, "origin") : NULL, *e = NULL;
	char *last = NULL, when[40] = "";
	struct rb_conflict *cv = NULL;
	size_t ncv = 0;
	rb_db_conflicts_list(app.wb->db, &cv, &ncv, &e);
	rb_conflicts_free(cv, ncv);
	free(e);
	e = NULL;
	if (rb_db_meta_get(app.wb->db, "last_sync_ms", &last, &e) == RB_DB_OK && last) {
		time_t t = (time_t)(atoll(last) / 1000);
		struct tm tm;
		if (!localtime_r(&t, &tm) ||
		    !strftime(when, sizeof when, json ? "%Y-%m-%dT%H:%M:%S%z" : "%e %b %Y %H:%M",
			      &tm))
			when[0] = '\0';
	}
	free(last);
	free(e);
	if (json) {
		rb_buf_puts(&b, "{\"participant\":");
		rb_json_string(&b, app.name);
		rb_buf_puts(&b, ",\"company\":");
		rb_json_string(&b, app.company);
		rb_buf_puts(&b, ",\"curriculum\":{\"id\":");
		rb_json_string(&b, c->id);
		rb_buf_puts(&b, ",\"version\":");
		rb_json_string(&b, c->version);
		rb_buf_printf(&b, "},\"answered\":%zu,\"total\":%zu,\"percent\":%u,\"modules\":[",
			      all_a, all_t, pct);
		for (size_t m = 0; m < c->nmodules; m++) {
			size_t a, t;
			rb_app_module_progress(&app, m, &a, &t);
			rb_buf_puts(&b, m ? ",\n {\"id\":" : "\n {\"id\":");
			rb_json_string(&b, c->modules[m].id);
			rb_buf_puts(&b, ",\"title\":");
			rb_json_string(&b, c->modules[m].title);
			rb_buf_printf(&b, ",\"week\":%d,\"kind\":", c->modules[m].week);
			rb_json_string(&b, c->modules[m].kind);
			rb_buf_printf(&b, ",\"answered\":%zu,\"total\":%zu,\"percent\":%u", a, t,
				      t ? (unsigned)(a * 100 / t) : 100);
			rb_buf_puts(&b, ",\"review\":");
			rb_json_string(&b, rb_rstate_key(rb_app_module_state(&app, m, NULL, NULL)));
			rb_buf_printf(&b, ",\"new_feedback\":%zu}",
				      rb_app_feedback_new(&app, (long)m));
		}
		rb_buf_puts(&b, "\n],\"sync\":{\"remote\":");
		rb_json_string(&b, remote);
		rb_buf_puts(&b, ",\"last_sync\":");
		rb_json_string(&b, *when ? when : NULL);
		rb_buf_printf(&b, ",\"to_choose\":%zu}}\n", ncv);
		if (b.data)
			fputs(b.data, stdout);
	} else {
		put_safe(stdout, app.name ? app.name : "", RB_SAN_SINGLE_LINE);
		printf(", ");
		put_safe(stdout, app.company ? app.company : "", RB_SAN_SINGLE_LINE);
		printf(" - %zu of %zu answered (%u%%)\n", all_a, all_t, pct);
		if (remote) {
			printf("Cohort: ");
			put_safe(stdout, remote, RB_SAN_SINGLE_LINE);
			printf(", %s%s\n", *when ? "last synced " : "not synced yet", when);
		} else {
			printf("Not part of a cohort: nothing to sync with.\n");
		}
		if (ncv)
			printf(
			    "%zu answer%s changed on two laptops: choose in roadbook (press c), or "
			    "with 'roadbook choose ID --mine|--theirs'.\n",
			    ncv, ncv == 1 ? "" : "s");
		putchar('\n');
		for (size_t m = 0; m < c->nmodules; m++) {
			size_t a, t;
			rb_app_module_progress(&app, m, &a, &t);
			unsigned p = t ? (unsigned)(a * 100 / t) : 100;
			printf("  %2zu. week %-2d %-10s %3u%%  %zu/%zu  ", m + 1,
			       c->modules[m].week, c->modules[m].kind ? c->modules[m].kind : "", p,
			       a, t);
			put_safe(stdout, c->modules[m].title ? c->modules[m].title : "",
				 RB_SAN_SINGLE_LINE);
			enum rb_rstate st = rb_app_module_state(&app, m, NULL, NULL);
			size_t fresh = rb_app_feedback_new(&app, (long)m);
			if (st >= RB_RS_SUBMITTED)
				printf("  [%s]", rb_rstate_label(st));
			if (fresh)
				printf("  (%zu new from your facilitator: roadbook feedback)",
				       fresh);
			putchar('\n');
		}
	}
	rb_buf_free(&b);
	free(remote);
	rb_app_close(&app);
	return RB_EXIT_OK;
}
