/* cohort.c - the cohort's settings file through libgit2's config API (see cohort.h). */
#include "store/cohort.h"
#include "store/workbook.h"

#include "content/buf.h"
#include "store/git_api.h"
#include "store/repo.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static char *conf_path(const char *dir)
{
	struct rb_buf b = {0};
	rb_buf_printf(&b, "%s/" RB_COHORT_CONF, dir);
	return rb_buf_take(&b);
}

static int git_problem(char **err, const char *what)
{
	const git_error *e = git_error_last();
	struct rb_buf b = {0};
	rb_buf_printf(&b, "%s", what);
	if (e && e->message)
		rb_buf_printf(&b, " (%s)", e->message);
	rb_buf_puts(&b,
		    ". Correct the file by hand or restore it with 'git checkout -- " RB_COHORT_CONF
		    "' in the cohort folder.");
	*err = rb_buf_take(&b);
	return -1;
}

/* "participant.sam.name" -> section "participant", sub "sam", key "name" */
static int split(const char *name, char **section, char **sub, char **key)
{
	const char *dot1 = strchr(name, '.'), *dot2 = strrchr(name, '.');
	if (!dot1)
		return -1;
	*section = strndup(name, (size_t)(dot1 - name));
	*sub = dot2 > dot1 ? strndup(dot1 + 1, (size_t)(dot2 - dot1 - 1)) : NULL;
	*key = strdup(dot2 + 1);
	return *section && *key ? 0 : -1;
}

static char **session_field(struct rb_session *s, const char *key)
{
	if (!strcmp(key, "date"))
		return &s->date;
	if (!strcmp(key, "kind"))
		return &s->kind;
	if (!strcmp(key, "title"))
		return &s->title;
	if (!strcmp(key, "modules"))
		return &s->modules;
	return NULL;
}

static char **person_field(struct rb_participant *p, const char *key)
{
	if (!strcmp(key, "name"))
		return &p->name;
	if (!strcmp(key, "company"))
		return &p->company;
	if (!strcmp(key, "email"))
		return &p->email;
	if (!strcmp(key, "url"))
		return &p->url;
	if (!strcmp(key, "added"))
		return &p->added;
	if (!strcmp(key, "root"))
		return &p->root;
	return NULL;
}

static int entry(const git_config_entry *e, void *payload)
{
	struct rb_cohort *c = payload;
	char *section = NULL, *sub = NULL, *key = NULL, **field = NULL;
	int rc = -1;
	if (split(e->name, &section, &sub, &key) != 0)
		goto done;
	rc = 0;
	if (!strcmp(section, "cohort") && !sub) {
		field = !strcmp(key, "name")      ? &c->name
			: !strcmp(key, "created") ? &c->created
						  : NULL;
	} else if (!strcmp(section, "session") && sub) {
		size_t i = 0;
		while (i < c->nsessions && strcmp(c->sessions[i].id, sub))
			i++;
		if (i == c->nsessions) {
			struct rb_session *v = realloc(c->sessions, (i + 1) * sizeof *v);
			if (!v)
				goto oom;
			c->sessions = v;
			memset(&v[i], 0, sizeof v[i]);
			v[i].id = sub;
			sub = NULL;
			c->nsessions++;
		}
		struct rb_session *ses = &c->sessions[i];
		if (!strcmp(key, "attended")) {
			char **v = realloc(ses->attended, (ses->nattended + 1) * sizeof *v);
			if (!v)
				goto oom;
			ses->attended = v;
			if (!(v[ses->nattended] = strdup(e->value ? e->value : "")))
				goto oom;
			ses->nattended++;
		}
		field = session_field(ses, key);
	} else if (!strcmp(section, "participant") && sub) {
		/* sections come grouped: the last one first keeps a long roster linear */
		size_t i =
		    c->npeople && !strcmp(c->people[c->npeople - 1].id, sub) ? c->npeople - 1 : 0;
		while (i < c->npeople && strcmp(c->people[i].id, sub))
			i++;
		if (i == c->npeople) {
			if (!(i & (i - 1))) { /* grow at powers of two */
				struct rb_participant *v =
				    realloc(c->people, (i ? 2 * i : 1) * sizeof *v);
				if (!v)
					goto oom;
				c->people = v;
			}
			struct rb_participant *v = c->people;
			memset(&v[i], 0, sizeof v[i]);
			v[i].id = sub;
			sub = NULL;
			c->npeople++;
		}
		field = person_field(&c->people[i], key);
	}
	if (field) {
		free(*field);
		if (!(*field = strdup(e->value ? e->value : "")))
			goto oom;
	}
	goto done;
oom:
	rc = -1;
done:
	free(section);
	free(sub);
	free(key);
	return rc;
}

int rb_cohort_load(const char *dir, struct rb_cohort **out, char **err)
{
	*out = NULL;
	char *path = conf_path(dir);
	struct stat st;
	if (!path || stat(path, &st) != 0) {
		free(path);
		return 1;
	}
	if (rb_git_init(err) < 0) {
		free(path);
		return -1;
	}
	struct rb_cohort *c = calloc(1, sizeof *c);
	git_config *cfg = NULL;
	int rc = -1;
	if (!c || !(c->dir = strdup(dir))) {
		*err = strdup("roadbook ran out of memory.");
		goto done;
	}
	if (git_config_open_ondisk(&cfg, path) < 0 || git_config_foreach(cfg, entry, c) < 0) {
		git_problem(err,
			    "roadbook could not read the cohort's settings in " RB_COHORT_CONF);
		goto done;
	}
	for (size_t i = 0; i < c->npeople; i++) {
		if (rb_cohort_id_problem(c->people[i].id) || !c->people[i].url) {
			struct rb_buf b = {0};
			rb_buf_printf(
			    &b,
			    RB_COHORT_CONF
			    " lists a participant '%s' with %s. Correct the "
			    "file, or restore it with 'git checkout -- " RB_COHORT_CONF "'.",
			    c->people[i].id,
			    c->people[i].url ? "an id roadbook does not accept" : "no url");
			*err = rb_buf_take(&b);
			goto done;
		}
	}
	*out = c;
	c = NULL;
	rc = 0;
done:
	git_config_free(cfg);
	rb_cohort_free(c);
	free(path);
	return rc;
}

void rb_cohort_free(struct rb_cohort *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nsessions; i++) {
		struct rb_session *s = &c->sessions[i];
		free(s->id);
		free(s->date);
		free(s->kind);
		free(s->title);
		free(s->modules);
		for (size_t k = 0; k < s->nattended; k++)
			free(s->attended[k]);
		free(s->attended);
	}
	for (size_t i = 0; i < c->npeople; i++) {
		struct rb_participant *p = &c->people[i];
		free(p->id);
		free(p->name);
		free(p->company);
		free(p->email);
		free(p->url);
		free(p->added);
		free(p->root);
	}
	free(c->sessions);
	free(c->people);
	free(c->dir);
	free(c->name);
	free(c->created);
	free(c);
}

int rb_cohort_set(const char *dir, const char *section, const char *sub, const char *key,
		  const char *value, char **err)
{
	if (rb_git_init(err) < 0)
		return -1;
	char *path = conf_path(dir);
	struct rb_buf name = {0};
	if (sub)
		rb_buf_printf(&name, "%s.%s.%s", section, sub, key);
	else
		rb_buf_printf(&name, "%s.%s", section, key);
	git_config *cfg = NULL;
	int rc = 0;
	if (!path || !name.data) {
		*err = strdup("roadbook ran out of memory.");
		rc = -1;
	} else if (git_config_open_ondisk(&cfg, path) < 0 ||
		   git_config_set_string(cfg, name.data, value) < 0) {
		rc = git_problem(err, "roadbook could not write the cohort's settings");
	}
	git_config_free(cfg);
	rb_buf_free(&name);
	free(path);
	return rc;
}

/* Removes a copy of cohort.conf (and libgit2's lock beside it) that a stopped roadbook left. */
static void remove_copy(const char *path, void *ctx)
{
	(void)ctx;
	struct rb_buf lock = {0};
	rb_buf_printf(&lock, "%s.lock", path);
	unlink(path);
	if (lock.data)
		unlink(lock.data);
	rb_buf_free(&lock);
}

int rb_cohort_set_many(const char *dir, const char *section, const char *sub,
		       const char *const *keys, const char *const *values, size_t n, char **err)
{
	if (rb_git_init(err) < 0)
		return -1;
	/* The values go into a copy of cohort.conf in the cohort's private folder, which is
	 * renamed over it: a roadbook stopped half-way leaves all of them or none, and never a
	 * lock on cohort.conf itself that would refuse every later change. */
	char *path = conf_path(dir);
	struct rb_buf state = {0}, tmp = {0}, lock = {0};
	rb_buf_printf(&state, "%s/.roadbook", dir);
	rb_buf_printf(&tmp, "%s/.roadbook/" RB_COHORT_CONF ".new-%ld", dir, (long)getpid());
	rb_buf_printf(&lock, "%s.lock", tmp.data ? tmp.data : "");
	git_config *cfg = NULL;
	int rc = -1;
	size_t len = 0;
	char *text = path ? rb_read_file(path, &len) : NULL;
	if (!path || !state.data || !tmp.data || !lock.data || !text) {
		*err = strdup(text || !path ? "roadbook ran out of memory."
					    : "roadbook could not read the cohort's settings.");
		goto done;
	}
	if (mkdir(state.data, 0700) != 0 && errno != EEXIST)
		goto io;
	rb_each_stale(state.data, RB_COHORT_CONF ".new-", remove_copy, NULL);
	unlink(lock.data);
	int fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		goto io;
	bool wrote = write(fd, text, len) == (ssize_t)len;
	if (close(fd) != 0 || !wrote)
		goto io;
	if (git_config_open_ondisk(&cfg, tmp.data) < 0) {
		rc = git_problem(err, "roadbook could not write the cohort's settings");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		if (!values[i])
			continue;
		struct rb_buf name = {0};
		if (sub)
			rb_buf_printf(&name, "%s.%s.%s", section, sub, keys[i]);
		else
			rb_buf_printf(&name, "%s.%s", section, keys[i]);
		int bad = !name.data || git_config_set_string(cfg, name.data, values[i]) < 0;
		rb_buf_free(&name);
		if (bad) {
			rc = git_problem(err, "roadbook could not write the cohort's settings");
			goto done;
		}
	}
	git_config_free(cfg);
	cfg = NULL;
	fd = open(tmp.data, O_RDONLY | O_CLOEXEC);
	bool synced = fd >= 0 && fsync(fd) == 0;
	if (fd >= 0)
		close(fd);
	if (!synced || rename(tmp.data, path) != 0)
		goto io;
	rc = 0;
	goto done;
io : {
	struct rb_buf b = {0};
	rb_buf_printf(&b,
		      "roadbook could not write the cohort's settings (%s): %s. Nothing was "
		      "changed; check that the disk has room and try again.",
		      path, strerror(errno));
	free(*err);
	*err = rb_buf_take(&b);
}
done:
	git_config_free(cfg);
	if (rc != 0 && tmp.data)
		remove_copy(tmp.data, NULL);
	free(text);
	free(path);
	rb_buf_free(&state);
	rb_buf_free(&tmp);
	rb_buf_free(&lock);
	return rc;
}

/* "^[sS][aA][mM]-1$": exactly id, in any case (ids hold only letters, digits and '-'). */
static char *nocase_pattern(const char *id)
{
	struct rb_buf b = {0};
	rb_buf_puts(&b, "^");
	for (const char *p = id; *p; p++) {
		char lo = (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
		if (lo >= 'a' && lo <= 'z')
			rb_buf_printf(&b, "[%c%c]", lo, (char)(lo - 'a' + 'A'));
		else
			rb_buf_append(&b, p, 1);
	}
	rb_buf_puts(&b, "$");
	return b.oom ? (rb_buf_free(&b), NULL) : rb_buf_take(&b);
}

int rb_cohort_attend(const char *dir, const char *sid, const char *id, bool present, bool *changed,
		     char **err)
{
	if (rb_git_init(err) < 0)
		return -1;
	*changed = false;
	const char *why = rb_cohort_id_problem(id);
	if (why) {
		struct rb_buf b = {0};
		rb_buf_printf(&b, "'%s' cannot be a participant id: %s.", id, why);
		*err = rb_buf_take(&b);
		return -1;
	}
	char *path = conf_path(dir), *re = nocase_pattern(id);
	struct rb_buf name = {0};
	rb_buf_printf(&name, "session.%s.attended", sid);
	git_config *cfg = NULL;
	git_config_iterator *it = NULL;
	int rc = -1;
	if (!path || !re || !name.data) {
		*err = strdup("roadbook ran out of memory.");
		goto done;
	}
	if (git_config_open_ondisk(&cfg, path) < 0) {
		git_problem(err,
			    "roadbook could not read the cohort's settings in " RB_COHORT_CONF);
		goto done;
	}
	/* what is recorded now: exactly id, and the same id in another case */
	bool same = false, other = false;
	int r = git_config_multivar_iterator_new(&it, cfg, name.data, re);
	git_config_entry *e;
	while (r == 0 && (r = git_config_next(&e, it)) == 0) {
		if (!strcmp(e->value ? e->value : "", id))
			same = true;
		else
			other = true;
	}
	if (r != GIT_ITEROVER && r != GIT_ENOTFOUND) {
		git_problem(err,
			    "roadbook could not read the cohort's settings in " RB_COHORT_CONF);
		goto done;
	}
	if (present ? (same && !other) : !(same || other)) {
		rc = 0; /* already as asked */
		goto done;
	}
	/* Remove every spelling first, so that one line per participant remains; then a pattern
	 * that matches no value left adds a new one. */
	if ((same || other) && git_config_delete_multivar(cfg, name.data, re) < 0) {
		git_problem(err, "roadbook could not write the cohort's settings");
		goto done;
	}
	if (present && git_config_set_multivar(cfg, name.data, re, id) < 0) {
		git_problem(err, "roadbook could not write the cohort's settings");
		goto done;
	}
	*changed = true;
	rc = 0;
done:
	git_config_iterator_free(it);
	git_config_free(cfg);
	rb_buf_free(&name);
	free(re);
	free(path);
	return rc;
}

int rb_cohort_write_benchmarks(const char *dir, const char *published, size_t participants,
			       const struct rb_bench_row *rows, size_t n, char **err)
{
	if (rb_git_init(err) < 0)
		return -1;
	struct rb_buf path = {0}, state = {0}, tmp = {0}, lock = {0}, name = {0};
	rb_buf_printf(&path, "%s/" RB_COHORT_BENCHMARKS, dir);
	rb_buf_printf(&state, "%s/.roadbook", dir);
	rb_buf_printf(&tmp, "%s/.roadbook/" RB_COHORT_BENCHMARKS ".new", dir);
	rb_buf_printf(&lock, "%s.lock", tmp.data ? tmp.data : "");
	git_config *cfg = NULL;
	int rc = -1;
	if (!path.data || !state.data || !tmp.data || !lock.data) {
		*err = strdup("roadbook ran out of memory.");
		goto done;
	}
	/* written beside the cohort's state (never committed), then renamed into place */
	if ((mkdir(state.data, 0700) != 0 && errno != EEXIST) ||
	    (unlink(tmp.data) != 0 && errno != ENOENT) ||
	    (unlink(lock.data) != 0 && errno != ENOENT)) {
		rb_buf_printf(&name, "roadbook could not prepare %s: %s.", tmp.data,
			      strerror(errno));
		*err = rb_buf_take(&name);
		goto done;
	}
	char count[32];
	snprintf(count, sizeof count, "%zu", participants);
	bool ok = git_config_open_ondisk(&cfg, tmp.data) == 0 &&
		  git_config_set_string(cfg, "benchmarks.published", published) == 0 &&
		  git_config_set_string(cfg, "benchmarks.participants", count) == 0;
	for (size_t i = 0; ok && i < n; i++) {
		const char *keys[] = {"current", "target", "contributors"};
		char k[32];
		snprintf(k, sizeof k, "%zu", rows[i].contributors);
		const char *vals[] = {rows[i].current, rows[i].target, k};
		for (size_t j = 0; ok && j < 3; j++) {
			if (!vals[j])
				continue;
			rb_buf_free(&name);
			rb_buf_printf(&name, "dimension.%s.%s", rows[i].dimension, keys[j]);
			ok = name.data && git_config_set_string(cfg, name.data, vals[j]) == 0;
		}
	}
	git_config_free(cfg);
	cfg = NULL;
	if (!ok) {
		struct rb_buf b = {0};
		const git_error *ge = git_error_last();
		rb_buf_printf(&b, "roadbook could not write %s", tmp.data);
		if (ge && ge->message)
			rb_buf_printf(&b, " (%s)", ge->message);
		rb_buf_puts(&b, ".");
		*err = rb_buf_take(&b);
		unlink(tmp.data);
		goto done;
	}
	int fd = open(tmp.data, O_RDONLY);
	bool synced = fd >= 0 && fsync(fd) == 0;
	if (fd >= 0)
		close(fd);
	if (!synced || rename(tmp.data, path.data) != 0) {
		struct rb_buf b = {0};
		rb_buf_printf(&b, "roadbook could not write %s: %s.", path.data, strerror(errno));
		*err = rb_buf_take(&b);
		unlink(tmp.data);
		goto done;
	}
	rc = 0;
done:
	git_config_free(cfg);
	rb_buf_free(&path);
	rb_buf_free(&state);
	rb_buf_free(&tmp);
	rb_buf_free(&lock);
	rb_buf_free(&name);
	return rc;
}

const char *rb_cohort_id_problem(const char *id)
{
	size_t n = strlen(id);
	if (n == 0)
		return "the participant id is empty";
	if (n > RB_COHORT_ID_MAX)
		return "the participant id is too long (at most 40 characters)";
	if (id[0] == '-')
		return "a participant id cannot start with '-'";
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-'))
			return "a participant id may only contain letters, digits and '-' (no "
			       "spaces, '/' or '.'), for example sam-taylor";
	return NULL;
}

const struct rb_participant *rb_cohort_find(const struct rb_cohort *c, const char *id)
{
	for (size_t i = 0; i < c->npeople; i++)
		if (strcasecmp(c->people[i].id, id) == 0)
			return &c->people[i];
	return NULL;
}

char *rb_cohort_url(const struct rb_cohort *c, const struct rb_participant *p)
{
	const char *u = p->url;
	bool relative = u[0] != '/' && !strstr(u, "://") &&
			(!strchr(u, ':') || (strchr(u, '/') && strchr(u, '/') < strchr(u, ':')));
	if (!relative)
		return strdup(u);
	struct rb_buf b = {0};
	char *abs = realpath(c->dir, NULL);
	rb_buf_printf(&b, "%s/%s", abs ? abs : c->dir, u);
	free(abs);
	return rb_buf_take(&b);
}
