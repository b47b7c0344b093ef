/* history.c - per-exercise differences between versions (see history.h). */
#include "store/history.h"

#include "content/answer.h"
#include "content/buf.h"
#include "store/git_api.h"
#include "store/repo.h"

#include <stdlib.h>
#include <string.h>

int rb_history_answers(struct rb_repo *r, const struct rb_curriculum *c, const char *id,
		       struct rb_parsed_answers *out, struct rb_diags *d, char **err)
{
	char **names = NULL;
	size_t n = 0;
	if (rb_repo_list(r, id, RB_ANSWERS_DIR, &names, &n, err) != RB_REPO_OK)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct rb_buf path = {0};
		rb_buf_printf(&path, RB_ANSWERS_DIR "/%s", names[i]);
		char *data = NULL;
		size_t len;
		enum rb_repo_status st =
		    path.data ? rb_repo_read(r, id, path.data, &data, &len, err) : RB_REPO_ERR;
		if (st == RB_REPO_ERR)
			rc = -1;
		else if (st == RB_REPO_OK &&
			 rb_answers_md_parse(c, path.data, data, len, out, d) < 0)
			rc = -1;
		if (rc && !*err)
			*err = strdup("roadbook ran out of memory.");
		free(data);
		rb_buf_free(&path);
	}
	rb_strv_free(names, n);
	return rc;
}

/* ---- words ---- */

struct tokens {
	const char **start;
	size_t *len;
	size_t n;
};

static bool word_byte(unsigned char ch)
{
	return ch >= 0x80 || ch == '_' || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
	       (ch >= 'A' && ch <= 'Z');
}

/* Splits s into words, runs of spaces, single newlines and single other characters; the
 * lines (one token each, a newline written as \x01) go to lines. */
static int tokenize(const char *s, struct tokens *t, struct rb_buf *lines)
{
	size_t len = strlen(s);
	t->start = malloc((len + 1) * sizeof *t->start);
	t->len = malloc((len + 1) * sizeof *t->len);
	t->n = 0;
	if (!t->start || !t->len)
		return -1;
	for (size_t i = 0; i < len;) {
		size_t j = i + 1;
		unsigned char ch = (unsigned char)s[i];
		if (word_byte(ch))
			while (j < len && word_byte((unsigned char)s[j]))
				j++;
		else if (ch == ' ' || ch == '\t')
			while (j < len && (s[j] == ' ' || s[j] == '\t'))
				j++;
		t->start[t->n] = s + i;
		t->len[t->n++] = j - i;
		if (ch == '\n')
			rb_buf_puts(lines, "\x01");
		else
			rb_buf_append(lines, s + i, j - i);
		rb_buf_puts(lines, "\n");
		i = j;
	}
	return lines->oom ? -1 : 0;
}

struct hunks {
	git_diff_hunk *v;
	size_t n, cap;
	int oom;
};

static int on_hunk(const git_diff_delta *d, const git_diff_hunk *h, void *payload)
{
	(void)d;
	struct hunks *hs = payload;
	if (hs->n == hs->cap) {
		size_t cap = hs->cap ? hs->cap * 2 : 8;
		git_diff_hunk *v = realloc(hs->v, cap * sizeof *v);
		if (!v) {
			hs->oom = 1;
			return -1;
		}
		hs->v = v;
		hs->cap = cap;
	}
	hs->v[hs->n++] = *h;
	return 0;
}

struct segs {
	struct rb_seg *v;
	size_t n, cap;
	int oom;
};

/* Appends tokens [from, to) of t as op, joined to the previous segment when it has the same
 * op. */
static void emit(struct segs *s, enum rb_seg_op op, const struct tokens *t, size_t from, size_t to)
{
	if (from >= to || s->oom)
		return;
	size_t bytes = (size_t)(t->start[to - 1] + t->len[to - 1] - t->start[from]);
	if (s->n && s->v[s->n - 1].op == op) {
		struct rb_seg *last = &s->v[s->n - 1];
		size_t had = strlen(last->text);
		char *grown = realloc(last->text, had + bytes + 1);
		if (!grown) {
			s->oom = 1;
			return;
		}
		memcpy(grown + had, t->start[from], bytes);
		grown[had + bytes] = '\0';
		last->text = grown;
		return;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		struct rb_seg *v = realloc(s->v, cap * sizeof *v);
		if (!v) {
			s->oom = 1;
			return;
		}
		s->v = v;
		s->cap = cap;
	}
	char *text = rb_strndup(t->start[from], bytes);
	if (!text) {
		s->oom = 1;
		return;
	}
	s->v[s->n++] = (struct rb_seg){op, text};
}

void rb_segs_free(struct rb_seg *s, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		free(s[i].text);
	free(s);
}

static bool blank(const char *s)
{
	return s[strspn(s, " \t")] == '\0';
}

static char *cat(char *a, const char *b)
{
	size_t na = a ? strlen(a) : 0, nb = strlen(b);
	char *r = realloc(a, na + nb + 1);
	if (r)
		memcpy(r + na, b, nb + 1);
	else
		free(a);
	return r;
}

/* Runs of changes separated only by spaces become one removal and one addition, so that a
 * rewritten sentence reads as "[-old words-]{+new words+}" rather than word by word. */
static int coalesce(struct segs *s)
{
	size_t w = 0;
	for (size_t i = 0; i < s->n;) {
		if (s->v[i].op == RB_SEG_SAME) {
			s->v[w++] = s->v[i++];
			continue;
		}
		size_t j = i;
		while (j < s->n &&
		       (s->v[j].op != RB_SEG_SAME ||
			(blank(s->v[j].text) && j + 1 < s->n && s->v[j + 1].op != RB_SEG_SAME)))
			j++;
		char *del = NULL, *add = NULL;
		bool had_del = false, had_add = false;
		for (size_t k = i; k < j; k++) {
			if (s->v[k].op != RB_SEG_ADD) {
				had_del |= s->v[k].op == RB_SEG_DEL;
				del = cat(del ? del : strdup(""), s->v[k].text);
			}
			if (s->v[k].op != RB_SEG_DEL) {
				had_add |= s->v[k].op == RB_SEG_ADD;
				add = cat(add ? add : strdup(""), s->v[k].text);
			}
			free(s->v[k].text);
		}
		if ((had_del && !del) || (had_add && !add)) {
			free(del);
			free(add);
			s->n = w; /* the rest was freed above or is freed by the caller */
			return -1;
		}
		/* a space kept between changes belongs to both sides */
		if (del && *del)
			s->v[w++] = (struct rb_seg){RB_SEG_DEL, del};
		else
			free(del);
		if (add && *add)
			s->v[w++] = (struct rb_seg){RB_SEG_ADD, add};
		else
			free(add);
		i = j;
	}
	s->n = w;
	return 0;
}

int rb_word_diff(const char *a, const char *b, struct rb_seg **out, size_t *nout)
{
	struct tokens ta = {0}, tb = {0};
	struct rb_buf la = {0}, lb = {0};
	struct hunks hs = {0};
	struct segs s = {0};
	int rc = -1;
	*out = NULL;
	*nout = 0;
	if (rb_git_init(NULL) < 0)
		return -1;
	if (tokenize(a ? a : "", &ta, &la) < 0 || tokenize(b ? b : "", &tb, &lb) < 0)
		goto done;
	git_diff_options o;
	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	o.context_lines = 0;
	o.interhunk_lines = 0;
	o.flags = GIT_DIFF_FORCE_TEXT;
	if (git_diff_buffers(la.data ? la.data : "", la.len, "before", lb.data ? lb.data : "",
			     lb.len, "after", &o, NULL, NULL, on_hunk, NULL, &hs) < 0 ||
	    hs.oom)
		goto done;
	size_t oi = 0, ni = 0;
	for (size_t i = 0; i < hs.n; i++) {
		const git_diff_hunk *h = &hs.v[i];
		size_t ob = h->old_lines ? (size_t)h->old_start - 1 : (size_t)h->old_start;
		size_t nb = h->new_lines ? (size_t)h->new_start - 1 : (size_t)h->new_start;
		if (ob > ta.n || nb > tb.n || ob < oi || nb < ni)
			goto done; /* not what libgit2 promises; never trust it blindly */
		emit(&s, RB_SEG_SAME, &tb, ni, nb);
		size_t oe = ob + (size_t)h->old_lines, ne = nb + (size_t)h->new_lines;
		if (oe > ta.n || ne > tb.n)
			goto done;
		emit(&s, RB_SEG_DEL, &ta, ob, oe);
		emit(&s, RB_SEG_ADD, &tb, nb, ne);
		oi = oe;
		ni = ne;
	}
	emit(&s, RB_SEG_SAME, &tb, ni, tb.n);
	if (s.oom || coalesce(&s) < 0)
		goto done;
	*out = s.v;
	*nout = s.n;
	s.v = NULL;
	s.n = 0;
	rc = 0;
done:
	rb_segs_free(s.v, s.n);
	free(hs.v);
	free(ta.start);
	free(ta.len);
	free(tb.start);
	free(tb.len);
	rb_buf_free(&la);
	rb_buf_free(&lb);
	return rc;
}

/* ---- answers ---- */

static const char *lookup(const struct rb_parsed_answers *p, const char *id)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].id, id) == 0)
			return *p->v[i].value ? p->v[i].value : NULL;
	return NULL;
}

/* The form a person reads: summaries for options, scales and numbers; text and tables as
 * they are. */
static char *readable(const struct rb_exercise *e, const char *v)
{
	if (!v)
		return NULL;
	if (e && e->type != RB_EX_TEXT && e->type != RB_EX_TABLE)
		return rb_answer_summary(e, v);
	return strdup(v);
}

static int add_change(struct rb_changes *out, const struct rb_curriculum *c, const char *id,
		      const char *a, const char *b)
{
	if ((a ? a : "")[0] == '\0' && (b ? b : "")[0] == '\0')
		return 0;
	if (a && b && strcmp(a, b) == 0)
		return 0;
	const struct rb_exercise *e = rb_curriculum_exercise(c, id);
	struct rb_change *v = realloc(out->v, (out->n + 1) * sizeof *v);
	if (!v)
		return -1;
	out->v = v;
	struct rb_change *ch = &v[out->n];
	memset(ch, 0, sizeof *ch);
	ch->index = e ? (long)e->index : -1;
	ch->kind = !a ? RB_CHANGE_ADDED : !b ? RB_CHANGE_REMOVED : RB_CHANGE_CHANGED;
	ch->id = strdup(id);
	ch->before = readable(e, a);
	ch->after = readable(e, b);
	out->n++;
	if (!ch->id || (a && !ch->before) || (b && !ch->after))
		return -1;
	return rb_word_diff(ch->before, ch->after, &ch->segs, &ch->nsegs);
}

int rb_history_compare(const struct rb_curriculum *c, const struct rb_parsed_answers *a,
		       const struct rb_parsed_answers *b, struct rb_changes *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < c->nexercises; i++) {
		const char *id = c->exercises[i]->id;
		if (add_change(out, c, id, lookup(a, id), lookup(b, id)) < 0)
			return -1;
	}
	/* archived answers: ids the curriculum does not have, from either side */
	const struct rb_parsed_answers *sides[2] = {a, b};
	for (int s = 0; s < 2; s++) {
		for (size_t i = 0; i < sides[s]->n; i++) {
			const char *id = sides[s]->v[i].id;
			if (rb_curriculum_exercise(c, id) || (s == 1 && lookup(a, id)))
				continue; /* known, or already compared from side a */
			bool seen = false;
			for (size_t k = 0; k < out->n && !seen; k++)
				seen = strcmp(out->v[k].id, id) == 0;
			if (!seen && add_change(out, c, id, lookup(a, id), lookup(b, id)) < 0)
				return -1;
		}
	}
	return 0;
}

void rb_changes_free(struct rb_changes *ch)
{
	for (size_t i = 0; i < ch->n; i++) {
		free(ch->v[i].id);
		free(ch->v[i].before);
		free(ch->v[i].after);
		rb_segs_free(ch->v[i].segs, ch->v[i].nsegs);
	}
	free(ch->v);
	memset(ch, 0, sizeof *ch);
}

int rb_segs_wrap(struct rb_lines *out, const struct rb_seg *s, size_t n, int width, int indent)
{
	struct rb_styled *runs = calloc(3 * n + 1, sizeof *runs);
	if (!runs)
		return -1;
	size_t nr = 0;
	for (size_t k = 0; k < n; k++) {
		uint16_t st = s[k].op == RB_SEG_DEL   ? RB_S_DEL
			      : s[k].op == RB_SEG_ADD ? RB_S_INS
						      : 0;
		if (st)
			runs[nr++] = (struct rb_styled){st == RB_S_DEL ? "[-" : "{+", 2, st};
		runs[nr++] = (struct rb_styled){s[k].text, strlen(s[k].text), st};
		if (st)
			runs[nr++] = (struct rb_styled){st == RB_S_DEL ? "-]" : "+}", 2, st};
	}
	int rc = rb_wrap_styled(out, runs, nr, width, indent);
	free(runs);
	return rc;
}
