/* cohort_status.c - the progress of every participant, read from the facilitator's mirrors:
 * required answers counted per module, once per answers-file blob (files of untouched modules
 * and unchanged files are shared by many participants and versions), and a cache of each
 * participant's counts keyed by their latest version and the curriculum, written in one
 * transaction. No drawing here. */
#include "app/cohort.h"

#include "content/answers_md.h"
#include "content/buf.h"
#include "app/workbook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOMEM       "roadbook ran out of memory."
#define MIRROR_MAIN "refs/remotes/origin/main"

static void fnv(uint64_t *h, const void *p, size_t n)
{
	for (const unsigned char *c = p; n--; c++)
		*h = (*h ^ *c) * 0x100000001b3ull;
}

/* What progress counts depend on: every exercise's id, module and whether it is required.
 * Cached progress made for another curriculum is not used. */
int rb_cohort_status_init(struct rb_cohort_ctx *x)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < x->cur->nexercises; i++) {
		const struct rb_exercise *e = x->cur->exercises[i];
		fnv(&h, e->id, strlen(e->id) + 1);
		fnv(&h, &e->module_index, sizeof e->module_index);
		fnv(&h, &e->optional, sizeof e->optional);
	}
	x->cur_key = h;
	free(x->required); /* prepared again (the dashboard counts after every sync) */
	x->required = calloc(x->cur->nmodules + 1, sizeof *x->required);
	for (size_t i = 0; x->required && i < x->cur->nexercises; i++)
		if (!x->cur->exercises[i]->optional)
			x->required[x->cur->exercises[i]->module_index]++;
	return x->required ? 0 : -1;
}

static void flush_cache(struct rb_cohort_ctx *x)
{
	char *e = NULL;
	rb_db_meta_set_many(x->db, (const char *const *)x->pend_keys,
			    (const char *const *)x->pend_vals, x->npend, &e);
	free(e); /* only a cache: it is made again next time */
	for (size_t i = 0; i < x->npend; i++) {
		free(x->pend_keys[i]);
		free(x->pend_vals[i]);
	}
	free(x->pend_keys);
	free(x->pend_vals);
	x->pend_keys = x->pend_vals = NULL;
	x->npend = 0;
}

void rb_cohort_status_done(struct rb_cohort_ctx *x)
{
	flush_cache(x);
	for (size_t i = 0; i < x->cap; i++)
		free(x->blobs[i].counts);
	free(x->blobs);
	free(x->required);
	x->blobs = NULL;
	x->required = NULL;
	x->cap = x->nblobs = 0;
}

void rb_members_free(struct rb_member *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].mod_answered);
		free(v[i].mod_total);
		free(v[i].fetch_error);
		free(v[i].mod_state);
	}
	free(v);
}

/* The participant's submissions in version head: from the cache (by version id) or read from
 * their review.conf. Each line of the cached form is "ID MODULE AT_MS". */
static int submissions(struct rb_cohort_ctx *x, struct rb_repo *m, const char *head,
		       const char *pid, struct rb_review_item **out, size_t *n)
{
	static const char *const kinds[] = {"submit", NULL};
	*out = NULL;
	*n = 0;
	char key[64], *rec = NULL, *e = NULL;
	snprintf(key, sizeof key, "subm/%s", head);
	if (rb_db_meta_get(x->db, key, &rec, &e) == RB_DB_OK && rec) {
		size_t cap = 1;
		for (const char *p = rec; *p; p++)
			cap += *p == '\n';
		struct rb_review_item *v = calloc(cap, sizeof *v);
		char *save = NULL;
		for (char *line = v ? strtok_r(rec, "\n", &save) : NULL; line;
		     line = strtok_r(NULL, "\n", &save)) {
			char id[80], mod[80];
			long long at;
			if (sscanf(line, "%79s %79s %lld", id, mod, &at) != 3)
				continue;
			struct rb_review_item *it = &v[(*n)++];
			it->id = strdup(id);
			it->target = strdup(mod);
			it->kind = strdup("submit");
			it->participant = strdup(pid);
			it->body = strdup("");
			it->at_ms = at;
		}
		free(rec);
		*out = v;
		return v ? 0 : -1;
	}
	free(e);
	e = NULL;
	char *data = NULL, *sd = NULL;
	size_t len = 0;
	struct rb_buf c = {0};
	if (rb_repo_read(m, head, RB_REVIEW_CONF, &data, &len, &e) == RB_REPO_OK &&
	    asprintf(&sd, "%s/.roadbook", x->c->dir) >= 0 &&
	    rb_review_parse(sd, data, len, pid, kinds, out, n, NULL, &e) != 0) {
		*out = NULL;
		*n = 0;
	}
	for (size_t i = 0; i < *n; i++)
		rb_buf_printf(&c, "%s %s %lld\n", (*out)[i].id, (*out)[i].target,
			      (long long)(*out)[i].at_ms);
	free(data);
	free(sd);
	free(e);
	char *val = c.data ? rb_buf_take(&c) : strdup("");
	if (val) {
		char **k = realloc(x->pend_keys, (x->npend + 1) * sizeof *k);
		char **vv = k ? realloc(x->pend_vals, (x->npend + 1) * sizeof *vv) : NULL;
		if (k)
			x->pend_keys = k;
		if (vv)
			x->pend_vals = vv;
		if (k && vv && (k[x->npend] = strdup(key))) {
			vv[x->npend++] = val;
			val = NULL;
		}
	}
	free(val);
	return 0;
}

/* Each module's review state: the facilitator's decisions (from the cohort's database only)
 * and the participant's submissions in their latest version. */
static int review_states(struct rb_cohort_ctx *x, struct rb_member *mb, struct rb_repo *m,
			 const struct rb_review_item *dec, size_t ndec)
{
	size_t nm = x->cur->nmodules;
	mb->mod_state = calloc(nm + 1, sizeof *mb->mod_state);
	if (!mb->mod_state)
		return -1;
	struct rb_review_item *sub = NULL;
	size_t nsub = 0;
	if (m && mb->head[0] && submissions(x, m, mb->head, mb->p->id, &sub, &nsub) != 0)
		return -1;
	struct rb_review_item *all = calloc(ndec + nsub + 1, sizeof *all);
	if (!all) {
		rb_review_items_free(sub, nsub);
		return -1;
	}
	size_t n = 0;
	for (size_t i = 0; i < ndec; i++)
		if (!strcmp(dec[i].participant, mb->p->id))
			all[n++] = dec[i];
	for (size_t i = 0; i < nsub; i++)
		all[n++] = sub[i];
	for (size_t k = 0; k < nm; k++) {
		mb->mod_state[k] =
		    rb_review_state(all, n, x->cur->modules[k].id, mb->mod_answered[k],
				    mb->mod_total[k], NULL, NULL);
		mb->waiting += mb->mod_state[k] == RB_RS_SUBMITTED;
	}
	free(all);
	rb_review_items_free(sub, nsub);
	return 0;
}

static size_t slot_of(const char *id, size_t cap)
{
	char head[17];
	memcpy(head, id, 16);
	head[16] = '\0';
	return (size_t)(strtoull(head, NULL, 16) % cap);
}

/* How many required answers an answers file holds, per module. Files are counted once per
 * blob id: the files of modules no one has touched, and files unchanged between versions, are
 * shared by many participants and versions. */
static const size_t *file_counts(struct rb_cohort_ctx *x, struct rb_repo *m, const char *name,
				 const char id[41], char **err)
{
	const struct rb_curriculum *cur = x->cur;
	if (x->nblobs * 2 >= x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 1024;
		struct rb_blob_counts *t = calloc(cap, sizeof *t);
		if (!t) {
			*err = strdup(NOMEM);
			return NULL;
		}
		for (size_t i = 0; i < x->cap; i++) {
			if (!x->blobs[i].counts)
				continue;
			size_t h = slot_of(x->blobs[i].id, cap);
			for (; t[h].counts; h = (h + 1) % cap)
				;
			t[h] = x->blobs[i];
		}
		free(x->blobs);
		x->blobs = t;
		x->cap = cap;
	}
	size_t h = slot_of(id, x->cap);
	for (; x->blobs[h].counts; h = (h + 1) % x->cap)
		if (memcmp(x->blobs[h].id, id, 40) == 0)
			return x->blobs[h].counts;
	size_t *counts = calloc(cur->nmodules + 1, sizeof *counts);
	char *path = NULL, *data = NULL;
	if (asprintf(&path, RB_ANSWERS_DIR "/%s", name) < 0)
		path = NULL;
	size_t len;
	struct rb_parsed_answers pa = {0};
	struct rb_diags d = {0};
	if (!counts || !path || rb_repo_read_blob(m, id, path, &data, &len, err) != RB_REPO_OK ||
	    rb_answers_md_parse(cur, path, data, len, &pa, &d) < 0) {
		if (!*err)
			*err = strdup(NOMEM);
		free(counts);
		counts = NULL;
	}
	for (size_t i = 0; counts && i < pa.n; i++) {
		const struct rb_exercise *e =
		    *pa.v[i].value ? rb_curriculum_exercise(cur, pa.v[i].id) : NULL;
		if (e && !e->optional)
			counts[e->module_index]++;
	}
	rb_parsed_answers_free(&pa);
	rb_diags_free(&d);
	free(path);
	free(data);
	if (counts) {
		memcpy(x->blobs[h].id, id, 41);
		x->blobs[h].counts = counts;
		x->nblobs++;
	}
	return counts;
}

/* Counts answers of version head; the result is cached by version and curriculum. */
static int progress(struct rb_cohort_ctx *x, struct rb_repo *m, struct rb_member *mb, char **err)
{
	const struct rb_curriculum *cur = x->cur;
	char key[80], *cached = NULL, *e = NULL;
	snprintf(key, sizeof key, "status/%s", mb->p->id);
	char stamp[160];
	snprintf(stamp, sizeof stamp, "%s %016llx", mb->head, (unsigned long long)x->cur_key);
	if (rb_db_meta_get(x->db, key, &cached, &e) == RB_DB_OK && cached &&
	    strncmp(cached, stamp, strlen(stamp)) == 0 && cached[strlen(stamp)] == ' ') {
		const char *s = cached + strlen(stamp);
		long long t;
		int used;
		bool ok = sscanf(s, " %lld%n", &t, &used) == 1;
		s += ok ? used : 0;
		for (size_t i = 0; ok && i < cur->nmodules; i++) {
			ok = sscanf(s, " %zu/%zu%n", &mb->mod_answered[i], &mb->mod_total[i],
				    &used) == 2;
			s += ok ? used : 0;
			mb->answered += ok ? mb->mod_answered[i] : 0;
			mb->total += ok ? mb->mod_total[i] : 0;
		}
		mb->version_time = t;
		free(cached);
		if (ok)
			return 0;
		mb->answered = mb->total = 0;
	} else {
		free(cached);
	}
	free(e);
	e = NULL;
	if (rb_repo_time(m, mb->head, &mb->version_time, err) != RB_REPO_OK)
		return -1;
	for (size_t i = 0; i < cur->nmodules; i++) {
		mb->mod_answered[i] = 0;
		mb->mod_total[i] = x->required[i];
		mb->total += x->required[i];
	}
	char **names = NULL, (*ids)[41] = NULL;
	size_t nf = 0;
	if (rb_repo_list_ids(m, mb->head, RB_ANSWERS_DIR, &names, &ids, &nf, err) != RB_REPO_OK)
		return -1;
	int rc = 0;
	for (size_t f = 0; f < nf && rc == 0; f++) {
		const size_t *counts = file_counts(x, m, names[f], ids[f], err);
		if (!counts) {
			rc = -1;
			break;
		}
		for (size_t i = 0; i < cur->nmodules; i++) {
			mb->mod_answered[i] += counts[i];
			mb->answered += counts[i];
		}
	}
	free(ids);
	rb_strv_free(names, nf);
	if (rc)
		return -1;
	struct rb_buf b = {0};
	rb_buf_printf(&b, "%s %lld", stamp, (long long)mb->version_time);
	for (size_t i = 0; i < cur->nmodules; i++)
		rb_buf_printf(&b, " %zu/%zu", mb->mod_answered[i], mb->mod_total[i]);
	char *k = strdup(key), *v = rb_buf_take(&b);
	char **nk = realloc(x->pend_keys, (x->npend + 1) * sizeof *nk);
	if (nk)
		x->pend_keys = nk;
	char **nv = nk ? realloc(x->pend_vals, (x->npend + 1) * sizeof *nv) : NULL;
	if (nv)
		x->pend_vals = nv;
	if (k && v && nk && nv) {
		x->pend_keys[x->npend] = k;
		x->pend_vals[x->npend++] = v;
	} else {
		free(k);
		free(v);
	}
	return 0;
}

int rb_cohort_status(struct rb_cohort_ctx *x, struct rb_member **out, size_t *n, char **err)
{
	*out = NULL;
	*n = 0;
	*err = NULL;
	size_t np = x->c->npeople, nm = x->cur->nmodules;
	struct rb_member *v = calloc(np + 1, sizeof *v);
	if (!v) {
		*err = strdup(NOMEM);
		return -1;
	}
	struct rb_review_item *dec = NULL;
	size_t ndec = 0;
	if (rb_db_review_list(x->db, NULL, "state", &dec, &ndec, err) != RB_DB_OK) {
		free(v);
		return -1;
	}
	for (size_t i = 0; i < np; i++) {
		struct rb_member *mb = &v[i];
		mb->p = &x->c->people[i];
		mb->mod_answered = calloc(nm + 1, sizeof *mb->mod_answered);
		mb->mod_total = calloc(nm + 1, sizeof *mb->mod_total);
		if (!mb->mod_answered || !mb->mod_total) {
			rb_members_free(v, np);
			*err = strdup(NOMEM);
			return -1;
		}
		char key[80], *rec = NULL, *e = NULL;
		snprintf(key, sizeof key, "fetch/%s", mb->p->id);
		if (rb_db_meta_get(x->db, key, &rec, &e) == RB_DB_OK && rec) {
			long long tried = 0, fetched = 0;
			int used = 0;
			if (sscanf(rec, "%lld %lld %n", &tried, &fetched, &used) >= 2) {
				mb->tried_ms = tried;
				mb->fetched_ms = fetched;
				if (used && rec[used])
					mb->fetch_error = strdup(rec + used);
			}
		}
		free(rec);
		free(e);
		e = NULL;
		char *path = NULL;
		if (asprintf(&path, "%s/.roadbook/mirror/%s.git", x->c->dir, mb->p->id) < 0)
			path = NULL;
		struct rb_repo *m = NULL;
		if (path && rb_repo_open_bare(path, false, &m, &e) == RB_REPO_OK &&
		    rb_repo_ref(m, MIRROR_MAIN, mb->head, &e) == RB_REPO_OK &&
		    progress(x, m, mb, &e) != 0) {
			free(mb->fetch_error);
			mb->fetch_error = e;
			e = NULL;
		}
		free(e);
		free(path);
		if (review_states(x, mb, m, dec, ndec) != 0) {
			rb_repo_free(m);
			rb_review_items_free(dec, ndec);
			rb_members_free(v, np);
			*err = strdup(NOMEM);
			return -1;
		}
		rb_repo_free(m);
	}
	rb_review_items_free(dec, ndec);
	flush_cache(x);
	*out = v;
	*n = np;
	return 0;
}
