/* cohort_review.c - review on the facilitator's side: one participant's latest version and the one
 * last reviewed, what changed between them, comments and decisions kept in the cohort's
 * database (the only place decisions are read from), and the feedback file delivered to the
 * participant's facilitator branch (docs/review.md). No drawing here. */
#include "app/cohort.h"

#include "content/buf.h"
#include "app/workbook.h"
#include "app/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOMEM       "roadbook ran out of memory."
#define MIRROR_MAIN "refs/remotes/origin/main"

static char *state_dir(const struct rb_cohort_ctx *x)
{
	struct rb_buf b = {0};
	rb_buf_printf(&b, "%s/.roadbook", x->c->dir);
	return rb_buf_take(&b);
}

/* The answers of version id by curriculum index; ids the curriculum lacks go to *extra. */
static int answers_of(struct rb_review *rv, const char *id, char ***out, bool extra)
{
	const struct rb_curriculum *c = rv->x->cur;
	struct rb_parsed_answers pa = {0};
	struct rb_diags d = {0};
	char *err = NULL;
	*out = calloc(c->nexercises + 1, sizeof **out);
	if (!*out)
		return -1;
	if (rb_history_answers(rv->m, c, id, &pa, &d, &err) != 0) {
		rb_app_note(&rv->notes, "%s", err ? err : NOMEM);
		free(err);
		rb_diags_free(&d);
		return 0;
	}
	for (size_t i = 0; i < d.n; i++)
		rb_app_note(&rv->notes, "%s:%d: %s", d.v[i].file, d.v[i].line, d.v[i].message);
	rb_diags_free(&d);
	int rc = 0;
	for (size_t i = 0; i < pa.n && !rc; i++) {
		const struct rb_exercise *e = rb_curriculum_exercise(c, pa.v[i].id);
		if (e && *pa.v[i].value) {
			free((*out)[e->index]);
			if (!((*out)[e->index] = strdup(pa.v[i].value)))
				rc = -1;
		} else if (!e && extra && *pa.v[i].value) {
			char **v = realloc(rv->archived_ids, (rv->narchived + 1) * sizeof *v);
			if (!v || !(v[rv->narchived] = strdup(pa.v[i].id))) {
				if (v)
					rv->archived_ids = v;
				rc = -1;
			} else {
				rv->archived_ids = v;
				rv->narchived++;
			}
		}
	}
	/* what changed is computed from the same parsed sets */
	if (!rc && extra && rv->base[0]) {
		struct rb_parsed_answers pb = {0};
		if (rb_history_answers(rv->m, c, rv->base, &pb, &d, &err) == 0)
			rc = rb_history_compare(c, &pb, &pa, &rv->changes);
		free(err);
		err = NULL;
		rb_diags_free(&d);
		rb_parsed_answers_free(&pb);
	}
	rb_parsed_answers_free(&pa);
	return rc;
}

static void free_answers(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

void rb_review_close(struct rb_review *rv)
{
	size_t n = rv->x ? rv->x->cur->nexercises : 0;
	free_answers(rv->answers, n);
	free_answers(rv->base_answers, n);
	rb_strv_free(rv->archived_ids, rv->narchived);
	rb_changes_free(&rv->changes);
	rb_review_items_free(rv->fac, rv->nfac);
	rb_review_items_free(rv->own, rv->nown);
	free(rv->all);
	free(rv->notes);
	rb_repo_free(rv->m);
	memset(rv, 0, sizeof *rv);
}

static int load_items(struct rb_review *rv, char **err)
{
	rb_review_items_free(rv->fac, rv->nfac);
	free(rv->all);
	rv->fac = rv->all = NULL;
	rv->nfac = rv->nall = 0;
	if (rb_db_review_list(rv->x->db, rv->p->id, NULL, &rv->fac, &rv->nfac, err) != RB_DB_OK)
		return -1;
	rv->all = malloc((rv->nfac + rv->nown + 1) * sizeof *rv->all);
	if (!rv->all) {
		*err = strdup(NOMEM);
		return -1;
	}
	if (rv->nfac)
		memcpy(rv->all, rv->fac, rv->nfac * sizeof *rv->all);
	if (rv->nown)
		memcpy(rv->all + rv->nfac, rv->own, rv->nown * sizeof *rv->all);
	rv->nall = rv->nfac + rv->nown;
	return 0;
}

int rb_review_open(struct rb_cohort_ctx *x, const char *id, struct rb_review *rv, char **err)
{
	memset(rv, 0, sizeof *rv);
	*err = NULL;
	rv->x = x;
	if (!(rv->p = rb_cohort_find(x->c, id))) {
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "The cohort has no participant '%s'. 'roadbook cohort status' lists "
			      "them.",
			      id);
		*err = rb_buf_take(&b);
		return 1;
	}
	char *path = NULL, *e = NULL, key[96];
	if (asprintf(&path, "%s/.roadbook/mirror/%s.git", x->c->dir, rv->p->id) < 0)
		path = NULL;
	if (path && rb_repo_open_bare(path, false, &rv->m, &e) == RB_REPO_OK &&
	    rb_repo_ref(rv->m, MIRROR_MAIN, rv->head, &e) != RB_REPO_OK)
		rv->head[0] = '\0';
	free(path);
	free(e);
	e = NULL;
	snprintf(key, sizeof key, "reviewed/%s", rv->p->id);
	char *base = NULL;
	if (rb_db_meta_get(x->db, key, &base, &e) == RB_DB_OK && base && strlen(base) == 40)
		memcpy(rv->base, base, 41);
	free(base);
	free(e);
	e = NULL;
	int rc = 0;
	if (rv->head[0]) {
		rc = answers_of(rv, rv->head, &rv->answers, true);
		if (!rc && rv->base[0])
			rc = answers_of(rv, rv->base, &rv->base_answers, false);
		char *data = NULL, *sd = state_dir(x);
		size_t len;
		if (!rc && sd &&
		    rb_repo_read(rv->m, rv->head, RB_REVIEW_CONF, &data, &len, &e) == RB_REPO_OK) {
			size_t skipped = 0;
			if (rb_review_parse(sd, data, len, rv->p->id, rb_review_own_kinds, &rv->own,
					    &rv->nown, &skipped, &e) != 0)
				rb_app_note(&rv->notes, "%s: %s", RB_REVIEW_CONF, e ? e : "");
			else if (skipped)
				rb_app_note(&rv->notes,
					    "%s: %zu record%s not in the form roadbook writes "
					    "were left out.",
					    RB_REVIEW_CONF, skipped, skipped == 1 ? "" : "s");
		}
		free(data);
		free(sd);
		free(e);
	} else {
		rv->answers = calloc(x->cur->nexercises + 1, sizeof *rv->answers);
		rc = rv->answers ? 0 : -1;
	}
	if (rc == 0 && load_items(rv, err) == 0)
		return 0;
	if (!*err)
		*err = strdup(NOMEM);
	rb_review_close(rv);
	return -1;
}

enum rb_rstate rb_review_module_state(struct rb_review *rv, size_t m,
				      const struct rb_review_item **decision,
				      const struct rb_review_item **submission)
{
	const struct rb_module *mod = &rv->x->cur->modules[m];
	size_t a = 0, t = 0;
	for (size_t i = 0; i < mod->nexercises; i++) {
		if (mod->exercises[i]->optional)
			continue;
		t++;
		a += rv->answers[mod->exercises[i]->index] != NULL;
	}
	return rb_review_state(rv->all, rv->nall, mod->id, a, t, decision, submission);
}

bool rb_review_ex_changed(const struct rb_review *rv, size_t i)
{
	for (size_t k = 0; k < rv->changes.n; k++)
		if (rv->changes.v[k].index == (long)i)
			return true;
	return false;
}

bool rb_review_comment_changed(const struct rb_review *rv, const struct rb_review_item *c)
{
	char h[17];
	rb_review_target_hash(rv->x->cur, rv->answers, c->target, h);
	return c->answer && *h && strcmp(h, c->answer) != 0;
}

int rb_review_comment(struct rb_review *rv, const char *target, const char *text, char **id_out,
		      char **err)
{
	*err = NULL;
	if (id_out)
		*id_out = NULL;
	const struct rb_exercise *e;
	const struct rb_section *s;
	rb_review_target(rv->x->cur, target, &e, &s);
	if (!e && !s) {
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "'%s' is neither an exercise nor a section of the strategy. Use an "
			      "exercise id ('roadbook exercises' lists them) or section:ID.",
			      target);
		*err = rb_buf_take(&b);
		return 1;
	}
	size_t len = text ? strlen(text) : 0;
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' ' || text[len - 1] == '\r'))
		len--;
	size_t start = 0;
	while (start < len && (text[start] == '\n' || text[start] == ' '))
		start++;
	if (start == len || len - start > 65536) {
		*err = strdup(start == len ? "The comment is empty; write what you want to say."
					   : "The comment is longer than 64 KB; shorten it.");
		return 1;
	}
	struct rb_buf tg = {0};
	if (e)
		rb_buf_puts(&tg, e->id);
	else
		rb_buf_printf(&tg, "section:%s", s->id);
	char h[17];
	rb_review_target_hash(rv->x->cur, rv->answers, tg.data ? tg.data : "", h);
	char *body = rb_strndup(text + start, len - start), *id = rb_review_new_id("c");
	int rc = -1;
	if (!body || !id || !tg.data) {
		*err = strdup(NOMEM);
	} else {
		struct rb_review_item it = {.id = id,
					    .participant = rv->p->id,
					    .kind = "comment",
					    .target = tg.data,
					    .body = body,
					    .at_ms = rb_app_now_ms(),
					    .answer = h,
					    .version = rv->head[0] ? rv->head : NULL};
		if (rb_db_review_put(rv->x->db, &it, 1, true, err) == RB_DB_OK &&
		    load_items(rv, err) == 0) {
			rc = 0;
			if (id_out) {
				*id_out = id;
				id = NULL;
			}
		}
	}
	free(id);
	free(body);
	rb_buf_free(&tg);
	return rc;
}

int rb_review_decide(struct rb_review *rv, const char *module, bool approve, char **err)
{
	*err = NULL;
	const struct rb_module *mod = rb_curriculum_module(rv->x->cur, module);
	if (!mod) {
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "The curriculum has no module '%s'. 'roadbook cohort status --json' "
			      "lists the module ids.",
			      module);
		*err = rb_buf_take(&b);
		return 1;
	}
	const struct rb_review_item *sub = NULL;
	rb_review_module_state(rv, (size_t)(mod - rv->x->cur->modules), NULL, &sub);
	char id[96];
	snprintf(id, sizeof id, "state/%s", mod->id);
	struct rb_review_item it = {.id = id,
				    .participant = rv->p->id,
				    .kind = "state",
				    .target = mod->id,
				    .body = approve ? "approved" : "changes-requested",
				    .at_ms = rb_app_now_ms(),
				    .version = rv->head[0] ? rv->head : NULL,
				    .submission = sub ? sub->id : NULL};
	if (rb_db_review_put(rv->x->db, &it, 1, true, err) != RB_DB_OK)
		return -1;
	if (rv->head[0]) {
		char key[96];
		snprintf(key, sizeof key, "reviewed/%s", rv->p->id);
		if (rb_db_meta_set(rv->x->db, key, rv->head, err) != RB_DB_OK)
			return -1;
	}
	return load_items(rv, err);
}

int rb_review_feedback_file(struct rb_cohort_ctx *x, const char *id, char **text, char **err)
{
	*text = NULL;
	struct rb_review_item *v = NULL;
	size_t n = 0;
	if (rb_db_review_list(x->db, id, NULL, &v, &n, err) != RB_DB_OK)
		return -1;
	char *sd = state_dir(x);
	int rc = 0;
	if (!sd) {
		*err = strdup(NOMEM);
		rc = -1;
	} else if (n) {
		rc = rb_review_format(sd, v, n, rb_review_fac_kinds, text, err);
	}
	free(sd);
	rb_review_items_free(v, n);
	return rc;
}
