/* review.c - the review files and the state of a module under review (see review.h). */
#include "store/review.h"

#include "content/buf.h"
#include "content/workbook_md.h"
#include "store/git_api.h"
#include "store/repo.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#define NOMEM "roadbook ran out of memory."

const char *const rb_review_own_kinds[] = {"submit", "reply", "resolve", NULL};
const char *const rb_review_fac_kinds[] = {"comment", "state", NULL};

const char *rb_rstate_label(enum rb_rstate s)
{
	static const char *const v[] = {"not started", "in progress", "submitted",
					"changes requested", "approved"};
	return (size_t)s < sizeof v / sizeof *v ? v[s] : "";
}

const char *rb_rstate_key(enum rb_rstate s)
{
	static const char *const v[] = {"not-started", "in-progress", "submitted",
					"changes-requested", "approved"};
	return (size_t)s < sizeof v / sizeof *v ? v[s] : "";
}

/* ---- ids, hashes, targets ---- */

char *rb_review_new_id(const char *prefix)
{
	unsigned char r[8];
	size_t got = 0;
	while (got < sizeof r) {
		ssize_t k = getrandom(r + got, sizeof r - got, 0);
		if (k < 0 && errno != EINTR)
			break;
		if (k > 0)
			got += (size_t)k;
	}
	if (got < sizeof r) { /* no entropy source: time and address still make it unique here */
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		uint64_t x = (uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec ^
			     (uint64_t)(uintptr_t)&ts;
		memcpy(r, &x, sizeof r);
	}
	struct rb_buf b = {0};
	rb_buf_printf(&b, "%s-", prefix);
	for (size_t i = 0; i < sizeof r; i++)
		rb_buf_printf(&b, "%02x", r[i]);
	return rb_buf_take(&b);
}

bool rb_review_id_ok(const char *id)
{
	size_t n = id ? strlen(id) : 0;
	if (n == 0 || n > 64 || id[0] == '/' || id[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)id[i]) || isdigit((unsigned char)id[i]) ||
		      id[i] == '-' || id[i] == '/'))
			return false;
	return true;
}

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

void rb_review_hash(const char *s, char out[17])
{
	uint64_t h = fnv(14695981039346656037ull, s ? s : "", s ? strlen(s) : 0);
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

void rb_review_target(const struct rb_curriculum *c, const char *target,
		      const struct rb_exercise **ex, const struct rb_section **sec)
{
	*ex = NULL;
	*sec = NULL;
	if (!target)
		return;
	if (!strncmp(target, "section:", 8)) {
		*sec = rb_curriculum_section(c, target + 8);
		return;
	}
	if (!(*ex = rb_curriculum_exercise(c, target)))
		*sec = rb_curriculum_section(c, target);
}

void rb_review_target_hash(const struct rb_curriculum *c, char *const *answers, const char *target,
			   char out[17])
{
	const struct rb_exercise *e;
	const struct rb_section *s;
	rb_review_target(c, target, &e, &s);
	out[0] = '\0';
	if (e) {
		rb_review_hash(answers[e->index] ? answers[e->index] : "", out);
	} else if (s) {
		uint64_t h = 14695981039346656037ull;
		for (size_t i = 0; i < c->nexercises; i++) {
			const struct rb_exercise *x = c->exercises[i];
			if (!x->section || strcmp(x->section, s->id) || !answers[i])
				continue;
			h = fnv(h, x->id, strlen(x->id) + 1);
			h = fnv(h, answers[i], strlen(answers[i]) + 1);
		}
		snprintf(out, 17, "%016llx", (unsigned long long)h);
	}
}

/* ---- the state of a module ---- */

enum rb_rstate rb_review_state(const struct rb_review_item *v, size_t n, const char *module,
			       size_t answered, size_t total,
			       const struct rb_review_item **decision,
			       const struct rb_review_item **submission)
{
	const struct rb_review_item *d = NULL, *s = NULL;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].target, module))
			continue;
		if (!strcmp(v[i].kind, "state")) {
			if (!d || v[i].at_ms >= d->at_ms)
				d = &v[i];
		} else if (!strcmp(v[i].kind, "submit")) {
			if (!s || v[i].at_ms > s->at_ms ||
			    (v[i].at_ms == s->at_ms && strcmp(v[i].id, s->id) > 0))
				s = &v[i];
		}
	}
	if (decision)
		*decision = d;
	if (submission)
		*submission = s;
	(void)total;
	/* a decision stands until the participant submits something it did not answer */
	if (d && (!s || (d->submission && !strcmp(d->submission, s->id))))
		return !strcmp(d->body, "approved") ? RB_RS_APPROVED : RB_RS_CHANGES;
	if (s)
		return RB_RS_SUBMITTED;
	return answered == 0 ? RB_RS_NOT_STARTED : RB_RS_IN_PROGRESS;
}

/* ---- the files ---- */

static const char *const keys[] = {"target", "text", "at", "answer", "version", "submission"};
enum { K_TARGET, K_TEXT, K_AT, K_ANSWER, K_VERSION, K_SUBMISSION, NKEYS };

static bool kind_in(const char *kind, const char *const *kinds)
{
	for (size_t i = 0; kinds && kinds[i]; i++)
		if (!strcmp(kind, kinds[i]))
			return true;
	return false;
}

static char *temp_file(const char *tmpdir, int *fd)
{
	struct rb_buf b = {0};
	rb_buf_printf(&b, "%s/review-XXXXXX", tmpdir);
	if (!b.data)
		return NULL;
	*fd = mkstemp(b.data);
	if (*fd < 0) {
		rb_buf_free(&b);
		return NULL;
	}
	return rb_buf_take(&b);
}

static void git_message(char **err, const char *what)
{
	const git_error *e = git_error_last();
	struct rb_buf b = {0};
	rb_buf_printf(&b, "%s%s%s", what, e && e->message ? ": " : ".",
		      e && e->message ? e->message : "");
	*err = rb_buf_take(&b);
}

static int by_kind_time(const void *a, const void *b)
{
	const struct rb_review_item *x = *(const struct rb_review_item *const *)a,
				    *y = *(const struct rb_review_item *const *)b;
	int k = strcmp(x->kind, y->kind);
	if (k)
		return k;
	if (x->at_ms != y->at_ms)
		return x->at_ms < y->at_ms ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* A value as the files hold it: git-config cannot hold a NUL or a lone carriage return, and
 * libgit2 writes a vertical tab or form feed without quotes, so one at either end is lost on
 * reading. These three mean nothing in a note: they are dropped, on writing and on reading
 * alike, so that what is read is what would be written (found by fuzz_review). */
static bool unheld(char c)
{
	return c == '\r' || c == '\v' || c == '\f';
}

static char *held_value(const char *value)
{
	char *out = malloc(strlen(value) + 1), *o = out;
	if (!out)
		return NULL;
	for (const char *p = value; *p; p++)
		if (!unheld(*p))
			*o++ = *p;
	*o = '\0';
	return out;
}

/* One value of a record. */
static int set_value(git_config *cfg, const struct rb_review_item *it, const char *key,
		     const char *value)
{
	if (!value || !*value)
		return 0;
	struct rb_buf name = {0};
	rb_buf_printf(&name, "%s.%s.%s", it->kind, it->id, key);
	char *v = held_value(value);
	int rc = name.data && v ? (*v ? git_config_set_string(cfg, name.data, v) : 0) : -1;
	rb_buf_free(&name);
	free(v);
	return rc;
}

int rb_review_format(const char *tmpdir, const struct rb_review_item *v, size_t n,
		     const char *const *kinds, char **text, char **err)
{
	*text = NULL;
	if (rb_git_init(err) < 0)
		return -1;
	const struct rb_review_item **sel = calloc(n + 1, sizeof *sel);
	size_t m = 0;
	if (!sel) {
		*err = strdup(NOMEM);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (kind_in(v[i].kind, kinds) && rb_review_id_ok(v[i].id))
			sel[m++] = &v[i];
	qsort(sel, m, sizeof *sel, by_kind_time);
	int fd = -1, rc = -1;
	char *path = temp_file(tmpdir, &fd);
	git_config *cfg = NULL;
	if (!path) {
		*err = strdup("roadbook could not write a temporary file for the review notes "
			      "(is the disk full?).");
		goto done;
	}
	close(fd);
	if (git_config_open_ondisk(&cfg, path) < 0) {
		git_message(err, "roadbook could not write the review notes");
		goto done;
	}
	for (size_t i = 0; i < m; i++) {
		const struct rb_review_item *it = sel[i];
		char at[32];
		rb_iso_ms(it->at_ms, at);
		const char *vals[NKEYS] = {it->target, it->body,    at,
					   it->answer, it->version, it->submission};
		for (size_t k = 0; k < NKEYS; k++)
			if (set_value(cfg, it, keys[k], vals[k]) < 0) {
				git_message(err, "roadbook could not write the review notes");
				goto done;
			}
	}
	git_config_free(cfg);
	cfg = NULL;
	size_t len;
	if (!(*text = rb_read_file(path, &len))) {
		*err = strdup("roadbook could not read back the review notes it wrote.");
		goto done;
	}
	rc = 0;
done:
	git_config_free(cfg);
	if (path) {
		unlink(path);
		free(path);
	}
	free(sel);
	return rc;
}

/* A file that asks the config reader to include another file is refused: a participant's
 * file must never make roadbook read something else on the facilitator's disk. */
static bool cfg_space(char c)
{
	/* what libgit2's config parser skips (git__isspace) */
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static bool has_include(const char *text, size_t len)
{
	size_t i = 0;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		i = 3; /* libgit2 skips a byte-order mark */
	while (i < len) {
		size_t j = i;
		while (j < len && cfg_space(text[j]))
			j++;
		if (j < len && text[j] == '[') {
			char head[16];
			size_t k = 0;
			for (j++; j < len && k < sizeof head - 1 && text[j] != '\n'; j++)
				if (!cfg_space(text[j]))
					head[k++] = (char)tolower((unsigned char)text[j]);
			head[k] = '\0';
			if (!strncmp(head, "include", 7))
				return true;
		}
		const char *nl = memchr(text + i, '\n', len - i);
		i = nl ? (size_t)(nl - text) + 1 : len;
	}
	return false;
}

struct parse {
	const char *participant;
	const char *const *kinds;
	struct rb_review_item *v;
	size_t n, cap;
	bool oom;
};

static struct rb_review_item *item_for(struct parse *P, const char *kind, const char *id)
{
	/* a record's keys come together: look at the last one first */
	for (size_t i = P->n; i-- > 0;) {
		if (!strcmp(P->v[i].id, id) && !strcmp(P->v[i].kind, kind))
			return &P->v[i];
		if (P->n - i > 8)
			break;
	}
	if (P->n == RB_REVIEW_MAX_ITEMS)
		return NULL;
	if (P->n == P->cap) {
		size_t cap = P->cap ? 2 * P->cap : 16;
		struct rb_review_item *v = realloc(P->v, cap * sizeof *v);
		if (!v) {
			P->oom = true;
			return NULL;
		}
		P->v = v;
		P->cap = cap;
	}
	struct rb_review_item *it = &P->v[P->n];
	memset(it, 0, sizeof *it);
	it->id = strdup(id);
	it->kind = strdup(kind);
	it->participant = strdup(P->participant ? P->participant : "");
	P->n++;
	if (!it->id || !it->kind || !it->participant)
		P->oom = true;
	return it;
}

static int entry(const git_config_entry *e, void *payload)
{
	struct parse *P = payload;
	if (e->include_depth > 0)
		return 0; /* never a record from another file (has_include refuses first) */
	const char *dot1 = strchr(e->name, '.'), *dot2 = strrchr(e->name, '.');
	if (!dot1 || dot2 == dot1)
		return 0;
	char kind[16], id[80];
	size_t kl = (size_t)(dot1 - e->name), il = (size_t)(dot2 - dot1 - 1);
	if (kl >= sizeof kind || il >= sizeof id)
		return 0;
	memcpy(kind, e->name, kl);
	kind[kl] = '\0';
	memcpy(id, dot1 + 1, il);
	id[il] = '\0';
	if (!kind_in(kind, P->kinds) || !rb_review_id_ok(id))
		return 0;
	size_t k = 0;
	while (k < NKEYS && strcmp(dot2 + 1, keys[k]))
		k++;
	if (k == NKEYS)
		return 0;
	struct rb_review_item *it = item_for(P, kind, id);
	if (!it)
		return P->oom ? -1 : 0;
	char **field[NKEYS] = {&it->target, &it->body,    NULL,
			       &it->answer, &it->version, &it->submission};
	if (k == K_AT) {
		it->at_ms = rb_parse_iso_ms(e->value);
	} else {
		free(*field[k]);
		if (!(*field[k] = held_value(e->value ? e->value : "")))
			P->oom = true;
	}
	return P->oom ? -1 : 0;
}

static bool hex_ok(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	if (!s)
		return true;
	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* A record is taken only when it is complete and each part has its form. */
static bool item_ok(const struct rb_review_item *it)
{
	if (!it->target || !*it->target || it->at_ms <= 0 || strlen(it->target) > 80)
		return false;
	if (it->body && strlen(it->body) > 65536)
		return false;
	if (!hex_ok(it->answer, 16) || !hex_ok(it->version, 40))
		return false;
	/* the submission a decision answers is a record id (found by fuzz_review: a value
	 * with a line break did not read back the same) */
	if (it->submission && !rb_review_id_ok(it->submission))
		return false;
	const char *k = it->kind, *t = it->target;
	if (!strcmp(k, "submit") || !strcmp(k, "state"))
		return rb_is_slug(t) && (strcmp(k, "state") || (it->body && *it->body));
	if (!strcmp(k, "reply"))
		return rb_review_id_ok(t) && it->body && *it->body;
	if (!strcmp(k, "resolve"))
		return rb_review_id_ok(t) && !strncmp(it->id, "resolve/", 8) &&
		       !strcmp(it->id + 8, t);
	if (!strcmp(k, "comment"))
		return (rb_is_slug(t) || (!strncmp(t, "section:", 8) && rb_is_slug(t + 8))) &&
		       it->body && *it->body;
	return false;
}

static void item_clear(struct rb_review_item *it)
{
	free(it->id);
	free(it->participant);
	free(it->kind);
	free(it->target);
	free(it->body);
	free(it->answer);
	free(it->version);
	free(it->submission);
	memset(it, 0, sizeof *it);
}

int rb_review_parse(const char *tmpdir, const char *text, size_t len, const char *participant,
		    const char *const *kinds, struct rb_review_item **out, size_t *n,
		    size_t *skipped, char **err)
{
	*out = NULL;
	*n = 0;
	if (skipped)
		*skipped = 0;
	if (rb_git_init(err) < 0)
		return -1;
	if (len > RB_REVIEW_MAX_BYTES) {
		*err = strdup("The review notes are larger than roadbook reads (4 MB); they were "
			      "left unread.");
		return -1;
	}
	if (memchr(text, '\0', len) || has_include(text, len)) {
		*err =
		    strdup("The review notes are not in the form roadbook writes; they were left "
			   "unread.");
		return -1;
	}
	int fd = -1, rc = -1;
	char *path = temp_file(tmpdir, &fd);
	git_config *cfg = NULL;
	struct parse P = {.participant = participant, .kinds = kinds};
	if (!path) {
		*err = strdup("roadbook could not write a temporary file to read the review notes "
			      "(is the disk full?).");
		goto done;
	}
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(fd);
	if (off < len) {
		*err = strdup("roadbook could not write a temporary file to read the review notes "
			      "(is the disk full?).");
		goto done;
	}
	if (git_config_open_ondisk(&cfg, path) < 0) {
		git_message(err, "The review notes could not be read");
		goto done;
	}
	if (git_config_foreach(cfg, entry, &P) < 0 || P.oom) {
		if (P.oom)
			*err = strdup(NOMEM);
		else
			git_message(err, "The review notes could not be read");
		goto done;
	}
	size_t keep = 0;
	for (size_t i = 0; i < P.n; i++) {
		if (item_ok(&P.v[i])) {
			P.v[keep++] = P.v[i];
		} else {
			item_clear(&P.v[i]);
			if (skipped)
				(*skipped)++;
		}
	}
	P.n = keep;
	*out = P.v;
	*n = P.n;
	P.v = NULL;
	P.n = 0;
	rc = 0;
done:
	rb_review_items_free(P.v, P.n);
	git_config_free(cfg);
	if (path) {
		unlink(path);
		free(path);
	}
	return rc;
}

/* ---- benchmarks ---- */

struct bench {
	struct rb_bench_median *v;
	size_t n;
	bool oom;
};

static int bench_entry(const git_config_entry *e, void *payload)
{
	struct bench *B = payload;
	if (e->include_depth > 0)
		return 0;
	const char *dot1 = strchr(e->name, '.'), *dot2 = strrchr(e->name, '.');
	if (!dot1 || dot2 == dot1 || strncmp(e->name, "dimension.", 10))
		return 0;
	size_t il = (size_t)(dot2 - dot1 - 1);
	char id[64];
	if (il >= sizeof id || B->n >= 256)
		return 0;
	memcpy(id, dot1 + 1, il);
	id[il] = '\0';
	if (!rb_is_slug(id))
		return 0;
	size_t i = 0;
	while (i < B->n && strcmp(B->v[i].dimension, id))
		i++;
	if (i == B->n) {
		struct rb_bench_median *v = realloc(B->v, (B->n + 1) * sizeof *v);
		if (!v) {
			B->oom = true;
			return -1;
		}
		B->v = v;
		memset(&v[i], 0, sizeof v[i]);
		snprintf(v[i].dimension, sizeof v[i].dimension, "%s", id);
		v[i].current = v[i].target = -1;
		B->n++;
	}
	char *end = NULL;
	double d = e->value ? strtod(e->value, &end) : -1;
	bool ok = e->value && end && end != e->value && !*end && d >= 0 && d <= 1000;
	if (!strcmp(dot2 + 1, "current") && ok)
		B->v[i].current = d;
	else if (!strcmp(dot2 + 1, "target") && ok)
		B->v[i].target = d;
	else if (!strcmp(dot2 + 1, "contributors") && ok)
		B->v[i].contributors = (long)d;
	return 0;
}

int rb_benchmarks_parse(const char *tmpdir, const char *text, size_t len,
			struct rb_bench_median **out, size_t *n, char **err)
{
	*out = NULL;
	*n = 0;
	if (rb_git_init(err) < 0)
		return -1;
	if (len > 65536 || memchr(text, '\0', len) || has_include(text, len)) {
		*err = strdup("The cohort's benchmarks are not in the form roadbook writes.");
		return -1;
	}
	int fd = -1, rc = -1;
	char *path = temp_file(tmpdir, &fd);
	git_config *cfg = NULL;
	struct bench B = {0};
	if (!path) {
		*err = strdup("roadbook could not write a temporary file (is the disk full?).");
		return -1;
	}
	bool wrote = write(fd, text, len) == (ssize_t)len;
	close(fd);
	if (!wrote || git_config_open_ondisk(&cfg, path) < 0 ||
	    git_config_foreach(cfg, bench_entry, &B) < 0) {
		if (B.oom)
			*err = strdup(NOMEM);
		else
			git_message(err, "The cohort's benchmarks could not be read");
		goto done;
	}
	/* a figure from fewer than five participants is never shown, whatever the file says */
	size_t keep = 0;
	for (size_t i = 0; i < B.n; i++)
		if (B.v[i].contributors >= RB_BENCH_MIN_CONTRIBUTORS)
			B.v[keep++] = B.v[i];
	*out = B.v;
	*n = keep;
	B.v = NULL;
	rc = 0;
done:
	free(B.v);
	git_config_free(cfg);
	unlink(path);
	free(path);
	return rc;
}
