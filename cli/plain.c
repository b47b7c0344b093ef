/* plain.c - roadbook --plain: the workbook as a linear conversation on standard input and
 * output, for screen readers, braille displays and scripts. No curses, no colour, no escape
 * sequence: everything goes through the sanitising stdout that main.c installs. Lessons are
 * rendered by content/render.c with headings, links and rules turned into words first.
 * Answers pass rb_app_set_answer, as in the TUI, and versions are made as the TUI makes them
 * (a completed module, every few minutes of work, on leaving). */
#include "cli/plain.h"

#include "content/answer.h"
#include "content/buf.h"
#include "content/render.h"
#include "store/cohort.h"
#include "store/db.h"
#include "store/review.h"
#include "app/workbook.h"
#include "app/versions.h"
#include "app/review.h"

#include <cmark.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* As the TUI (tui.c): at most one automatic version every few minutes of work. */
#define PLAIN_VERSION_MS (3 * 60 * 1000)

struct plain {
	struct rb_app app;
	int width;
	bool echo; /* standard input is not a terminal: repeat what was read, for a transcript */
	bool eof;  /* standard input ended, failed, or a signal asked to stop */
};

/* Ctrl-C, a hang-up or SIGTERM end the conversation like the end of input: what was typed is
 * saved, a version is made. The handler only sets the flag; reads are not restarted. */
static volatile sig_atomic_t plain_stop;

static void on_stop(int sig)
{
	plain_stop = sig;
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

/* ---- input ---- */

/* Reads one line (its line end removed) into *line, which the caller frees. Returns false at
 * the end of input, on a read error or when a signal asked to stop. */
static bool read_line(struct plain *p, char **line)
{
	*line = NULL;
	fflush(stdout);
	if (p->eof || plain_stop) {
		p->eof = true;
		return false;
	}
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n = getline(&buf, &cap, stdin);
	if (n < 0 || plain_stop) {
		free(buf);
		p->eof = true;
		printf("\n"); /* the prompt's line ends */
		return false;
	}
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	if (p->echo)
		printf("%s\n", buf);
	*line = buf;
	return true;
}

static char *trimmed(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return rb_strndup(s, n);
}

enum input {
	IN_VALUE, /* *value holds what was typed */
	IN_KEEP,  /* an empty line: keep the answer as it is */
	IN_CLEAR, /* "-": remove the answer */
	IN_BACK,  /* "q": back to the modules */
	IN_END,   /* the input ended before anything was typed */
};

/* Reads an answer: one line, or for text and tables lines up to one holding only ".". The
 * first line may be a command (empty, "-", "q"). At the end of input, lines already typed
 * still make a value (p->eof tells the caller to stop after saving it). */
static enum input read_answer(struct plain *p, const struct rb_exercise *e, char **value)
{
	*value = NULL;
	bool lines = e->type == RB_EX_TEXT || e->type == RB_EX_TABLE;
	printf(lines ? "Your answer:\n" : "Your answer: ");
	char *first;
	if (!read_line(p, &first))
		return IN_END;
	char *cmd = trimmed(first);
	enum input r = IN_VALUE;
	if (!cmd || !*cmd || (lines && !strcmp(cmd, ".")))
		r = IN_KEEP;
	else if (!strcmp(cmd, "-"))
		r = IN_CLEAR;
	else if (!strcmp(cmd, "q") || !strcmp(cmd, "Q"))
		r = IN_BACK;
	free(cmd);
	if (r != IN_VALUE || !lines) {
		if (r == IN_VALUE)
			*value = first;
		else
			free(first);
		return r;
	}
	struct rb_buf b = {0};
	rb_buf_puts(&b, first);
	free(first);
	char *line;
	while (read_line(p, &line)) {
		if (!strcmp(line, ".")) {
			free(line);
			break;
		}
		rb_buf_printf(&b, "\n%s", line);
		free(line);
	}
	*value = rb_buf_take(&b);
	return *value ? IN_VALUE : IN_END;
}

/* ---- the lesson as plain text ---- */

static int rewrite_heading(cmark_node *h)
{
	cmark_node *para = cmark_node_new(CMARK_NODE_PARAGRAPH);
	cmark_node *label = cmark_node_new(CMARK_NODE_TEXT);
	char text[32];
	snprintf(text, sizeof text, "Heading level %d: ", cmark_node_get_heading_level(h));
	if (!para || !label || !cmark_node_set_literal(label, text) ||
	    !cmark_node_append_child(para, label)) {
		cmark_node_free(para);
		cmark_node_free(label);
		return -1;
	}
	cmark_node *c;
	while ((c = cmark_node_first_child(h)))
		cmark_node_append_child(para, c);
	cmark_node_insert_before(h, para);
	cmark_node_free(h);
	return 0;
}

/* A link becomes its text followed by its address in brackets (an autolink stays its address
 * alone), so that no "References" list is needed. */
static int rewrite_link(cmark_node *link)
{
	const char *url = cmark_node_get_url(link);
	cmark_node *first = cmark_node_first_child(link);
	const char *lit =
	    first && !cmark_node_next(first) && cmark_node_get_type(first) == CMARK_NODE_TEXT
		? cmark_node_get_literal(first)
		: NULL;
	bool bare =
	    !url || !*url ||
	    (lit && (!strcmp(lit, url) || (!strncmp(url, "mailto:", 7) && !strcmp(lit, url + 7))));
	if (!bare) {
		cmark_node *addr = cmark_node_new(CMARK_NODE_TEXT);
		struct rb_buf b = {0};
		rb_buf_printf(&b, "%s(%s)", first ? " " : "", url);
		bool ok = addr && b.data && cmark_node_set_literal(addr, b.data);
		rb_buf_free(&b);
		if (!ok || !cmark_node_insert_after(link, addr)) {
			cmark_node_free(addr);
			return -1;
		}
	}
	cmark_node *c;
	while ((c = cmark_node_first_child(link)))
		cmark_node_insert_before(link, c);
	cmark_node_free(link);
	return 0;
}

static int rewrite_rule(cmark_node *rule)
{
	cmark_node *para = cmark_node_new(CMARK_NODE_PARAGRAPH);
	cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
	if (!para || !text || !cmark_node_set_literal(text, "(section break)") ||
	    !cmark_node_append_child(para, text)) {
		cmark_node_free(para);
		cmark_node_free(text);
		return -1;
	}
	cmark_node_insert_before(rule, para);
	cmark_node_free(rule);
	return 0;
}

/* Parses md with headings, links and rules turned into words. NULL when out of memory. */
static cmark_node *plain_document(const char *md, size_t len)
{
	cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
	if (!doc)
		return NULL;
	/* Collected first: the tree must not change under the iterator. */
	cmark_node **v = NULL;
	size_t n = 0, cap = 0;
	cmark_iter *it = cmark_iter_new(doc);
	int rc = it ? 0 : -1;
	cmark_event_type ev;
	while (it && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type ty = cmark_node_get_type(node);
		if (ev != CMARK_EVENT_ENTER || (ty != CMARK_NODE_HEADING && ty != CMARK_NODE_LINK &&
						ty != CMARK_NODE_THEMATIC_BREAK))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			cmark_node **nv = realloc(v, cap * sizeof *nv);
			if (!nv) {
				rc = -1;
				break;
			}
			v = nv;
		}
		v[n++] = node;
	}
	if (it)
		cmark_iter_free(it);
	for (size_t i = 0; i < n && rc == 0; i++) {
		cmark_node_type ty = cmark_node_get_type(v[i]);
		rc = ty == CMARK_NODE_HEADING ? rewrite_heading(v[i])
		     : ty == CMARK_NODE_LINK  ? rewrite_link(v[i])
					      : rewrite_rule(v[i]);
	}
	free(v);
	if (rc != 0) {
		cmark_node_free(doc);
		return NULL;
	}
	return doc;
}

/* Prints a rendered line as words: list bullets become "-", quote gutters ">", and trailing
 * blank space goes. Only the renderer's marker spans are touched, never the lesson's text. */
static void print_line(const struct rb_line *l)
{
	struct rb_buf b = {0};
	size_t pos = 0;
	for (size_t s = 0; s < l->nspans; s++) {
		const struct rb_span *sp = &l->spans[s];
		rb_buf_append(&b, l->text + pos, sp->start - pos);
		const char *t = l->text + sp->start;
		for (size_t i = 0; i < sp->len;) {
			if (!(sp->style & RB_S_MARKER)) {
				rb_buf_append(&b, t + i, 1);
				i++;
			} else if (!strncmp(t + i, "\xe2\x80\xa2", 3) ||
				   !strncmp(t + i, "\xe2\x97\xa6", 3) ||
				   !strncmp(t + i, "\xe2\x96\xaa", 3)) { /* • ◦ ▪ */
				rb_buf_puts(&b, "-");
				i += 3;
			} else if (!strncmp(t + i, "\xe2\x94\x82", 3)) { /* │ */
				rb_buf_puts(&b, ">");
				i += 3;
			} else {
				rb_buf_append(&b, t + i, 1);
				i++;
			}
		}
		pos = sp->start + sp->len;
	}
	rb_buf_append(&b, l->text + pos, l->len - pos);
	size_t n = b.len;
	while (n && b.data[n - 1] == ' ')
		n--;
	printf("%.*s\n", (int)n, b.data ? b.data : "");
	rb_buf_free(&b);
}

static size_t exercise_pos(const struct rb_module *m, const struct rb_exercise *e)
{
	size_t pos = 0;
	while (pos < m->nexercises && m->exercises[pos] != e)
		pos++;
	return pos;
}

static void print_lesson(struct plain *p, const struct rb_module *m)
{
	struct rb_lines lines = {0};
	cmark_node *doc = plain_document(m->markdown, m->markdown_len);
	if (!doc || rb_render_document(doc, p->width, &lines) < 0) {
		printf("The lesson could not be shown (out of memory).\n");
		rb_lines_free(&lines);
		cmark_node_free(doc);
		return;
	}
	cmark_node_free(doc);
	bool blank = true; /* no blank line at the start, never two in a row */
	for (size_t i = 0; i < lines.n; i++) {
		const struct rb_line *l = &lines.v[i];
		if (l->kind == RB_LINE_BLOCK) {
			int bi = l->block_index;
			const struct rb_exercise *e =
			    bi >= 0 && (size_t)bi < m->nblocks ? m->blocks[bi] : NULL;
			if (e)
				printf("(Exercise %zu of %zu, asked after the lesson: %s)\n",
				       exercise_pos(m, e) + 1, m->nexercises, e->prompt);
			else
				printf("Week %d, %s, %d minutes, %zu exercise%s.\n", m->week,
				       rb_module_kind_label(m->kind), m->duration, m->nexercises,
				       m->nexercises == 1 ? "" : "s");
			blank = false;
			continue;
		}
		bool empty = l->cols == 0 || strspn(l->text, " ") == l->len;
		if (empty && blank)
			continue;
		if (empty)
			printf("\n");
		else
			print_line(l);
		blank = empty;
	}
	rb_lines_free(&lines);
}

/* ---- modules ---- */

static void list_modules(struct plain *p)
{
	const struct rb_curriculum *c = p->app.cur;
	printf("\nModules of %s:\n", c->title ? c->title : c->id);
	for (size_t m = 0; m < c->nmodules; m++) {
		const struct rb_module *mod = &c->modules[m];
		size_t a, n;
		rb_app_module_progress(&p->app, m, &a, &n);
		enum rb_rstate st = rb_app_module_state(&p->app, m, NULL, NULL);
		size_t fresh = rb_app_feedback_new(&p->app, (long)m);
		printf("%zu. %s (week %d, %s): %zu of %zu answered%s", m + 1,
		       mod->title ? mod->title : mod->id, mod->week,
		       rb_module_kind_label(mod->kind), a, n, a == n && n ? ", complete" : "");
		if (st >= RB_RS_SUBMITTED)
			printf(", %s", rb_rstate_label(st));
		if (fresh)
			printf(", %zu new from your facilitator", fresh);
		printf(".\n");
	}
	size_t a, n;
	rb_app_progress(&p->app, &a, &n);
	printf("Altogether %zu of %zu answered.\n", a, n);
}

/* Notes for the participant after opening: what the app says, answers waiting for a choice,
 * new feedback. */
static void opening_notes(struct plain *p)
{
	if (p->app.notice)
		printf("%s\n", p->app.notice);
	struct rb_conflict *v = NULL;
	size_t n = 0;
	char *e = NULL;
	if (rb_db_conflicts_list(p->app.wb->db, &v, &n, &e) == RB_DB_OK && n)
		printf("%zu answer%s changed on two laptops: 'roadbook status' lists them and "
		       "'roadbook choose ID --mine' or '--theirs' settles each.\n",
		       n, n == 1 ? "" : "s");
	rb_conflicts_free(v, n);
	free(e);
	size_t fresh = rb_app_feedback_new(&p->app, -1);
	if (fresh)
		printf("%zu new from your facilitator: 'roadbook feedback' shows it.\n", fresh);
}

/* What the app has to say about the versions it made (or could not make). */
static void version_note(struct plain *p)
{
	if (p->app.snap_note) {
		printf("%s\n", p->app.snap_note);
		free(p->app.snap_note);
		p->app.snap_note = NULL;
	}
}

/* ---- exercises ---- */

static void print_table_answer(const struct rb_exercise *e, const char *v)
{
	struct rb_table tb;
	if (rb_table_parse(v, e->ncolumns, &tb) != 0)
		return;
	for (size_t r = 0; r < tb.nrows; r++) {
		printf("Row %zu:", r + 1);
		for (size_t c = 0; c < tb.ncols && c < e->ncolumns; c++)
			printf("%s %s: %s", c ? ";" : "", e->columns[c].label,
			       *tb.cells[r * tb.ncols + c] ? tb.cells[r * tb.ncols + c]
							   : "(empty)");
		printf(".\n");
	}
	rb_table_free(&tb);
}

static void print_columns(const struct rb_curriculum *c, const struct rb_exercise *e)
{
	printf("Columns, in this order:\n");
	for (size_t k = 0; k < e->ncolumns; k++) {
		const struct rb_column *col = &e->columns[k];
		printf("%zu. %s: ", k + 1, col->label);
		switch (col->type) {
		case RB_COL_TEXT:
			printf("text");
			break;
		case RB_COL_NUMBER:
			if (col->has_range)
				printf("a number from %.15g to %.15g", col->min, col->max);
			else
				printf("a number");
			break;
		case RB_COL_CHOICE:
			printf("one of");
			for (size_t i = 0; i < col->nchoices; i++)
				printf("%s %s", i ? "," : "", col->choices[i].label);
			break;
		case RB_COL_QUARTER:
			printf("a quarter, for example 2027-Q1");
			break;
		case RB_COL_DIMENSION:
			printf("one of");
			for (size_t i = 0; i < c->ndimensions; i++)
				printf("%s %s", i ? "," : "", c->dimensions[i].id);
			break;
		}
		printf(".\n");
	}
}

static void print_question(struct plain *p, const struct rb_module *m, size_t pos)
{
	const struct rb_exercise *e = m->exercises[pos];
	const char *v = p->app.answers[e->index];
	printf("\nExercise %zu of %zu, %s%s: %s\n", pos + 1, m->nexercises,
	       rb_exercise_type_hint(e), e->optional ? " (optional)" : "", e->prompt);
	if (e->help)
		printf("Help: %s\n", e->help);
	switch (e->type) {
	case RB_EX_SCALE:
		for (int pt = e->smin; pt <= e->smax; pt++)
			printf("%d: %s\n", pt,
			       e->labels && e->labels[pt - e->smin] ? e->labels[pt - e->smin] : "");
		break;
	case RB_EX_CHOICE:
	case RB_EX_MULTI:
	case RB_EX_CHECKLIST:
		for (size_t i = 0; i < e->noptions; i++) {
			bool on = rb_answer_has_option(e, v, i);
			printf("%zu. %s%s\n", i + 1, e->options[i].label,
			       !on                          ? ""
			       : e->type == RB_EX_CHECKLIST ? ", ticked"
							    : ", chosen");
		}
		break;
	case RB_EX_TABLE:
		print_columns(p->app.cur, e);
		if (e->max_rows)
			printf("At most %d rows.\n", e->max_rows);
		break;
	default:
		break;
	}
	if (!v) {
		printf("Not answered yet.\n");
	} else if (e->type == RB_EX_TEXT) {
		printf("Current answer:\n%s\n", v);
	} else if (e->type == RB_EX_TABLE) {
		printf("Current answer:\n");
		print_table_answer(e, v);
	} else {
		char *s = rb_answer_summary(e, v);
		printf("Current answer: %s.\n", s ? s : v);
		free(s);
	}
	switch (e->type) {
	case RB_EX_TEXT:
		printf("Type your answer, as many lines as you need, then a line holding only a "
		       "full stop. What you type replaces the current answer.\n");
		break;
	case RB_EX_SCALE:
		printf("Type a number from %d to %d.\n", e->smin, e->smax);
		break;
	case RB_EX_CHOICE:
		printf("Type the number of one option.\n");
		break;
	case RB_EX_MULTI:
	case RB_EX_CHECKLIST:
		printf("Type the numbers of all that %s, separated by commas, for example 1,3",
		       e->type == RB_EX_MULTI ? "apply" : "are true");
		if (e->type == RB_EX_MULTI && e->max_choices)
			printf(" (at most %d)", e->max_choices);
		printf(". What you type replaces the current answer.\n");
		break;
	case RB_EX_NUMBER:
		printf("Type a number from %.*f to %.*f%s%s%s.\n", e->decimals, e->nmin,
		       e->decimals, e->nmax, e->unit ? " (" : "", e->unit ? e->unit : "",
		       e->unit ? ")" : "");
		break;
	case RB_EX_TABLE:
		printf("Type one row per line, its fields in the order above separated by |, then "
		       "a line holding only a full stop. The rows replace the current ones.\n");
		break;
	}
}

enum ask { ASK_NEXT, ASK_BACK, ASK_END };

/* Asks exercise pos of module m until it is answered, kept or left. */
static enum ask ask(struct plain *p, const struct rb_module *m, size_t pos)
{
	const struct rb_exercise *e = m->exercises[pos];
	for (;;) {
		print_question(p, m, pos);
		char *value = NULL;
		enum input in = read_answer(p, e, &value);
		if (in == IN_END)
			return ASK_END;
		if (in == IN_BACK)
			return ASK_BACK;
		if (in == IN_KEEP) {
			printf(p->app.answers[e->index] ? "Kept your answer.\n"
							: "Not answered.\n");
			return ASK_NEXT;
		}
		size_t before, after, total;
		rb_app_module_progress(&p->app, e->module_index, &before, &total);
		char *err = NULL;
		int rc = rb_app_set_answer(&p->app, e->index, in == IN_CLEAR ? "" : value, &err);
		free(value);
		if (rc < 0) {
			printf("Not saved: roadbook ran out of memory.\n");
			return ASK_END;
		}
		if (rc == 0) {
			printf(in == IN_CLEAR ? "Cleared.\n" : "Saved.\n");
			rb_app_module_progress(&p->app, e->module_index, &after, &total);
			if (after == total && before < total)
				printf("Module complete.\n");
			version_note(p);
			rb_app_autosnapshot(&p->app, PLAIN_VERSION_MS);
			version_note(p);
			return p->eof ? ASK_END : ASK_NEXT;
		}
		printf("Not saved: %s\n", err ? err : "the answer was refused.");
		free(err);
		if (p->eof)
			return ASK_END;
		printf("Please answer again.\n");
	}
}

/* Shows module m and asks its exercises. Returns false when the input has ended. */
static bool run_module(struct plain *p, size_t mi)
{
	const struct rb_module *m = &p->app.cur->modules[mi];
	printf("\nModule %zu of %zu: %s\n\n", mi + 1, p->app.cur->nmodules,
	       m->title ? m->title : m->id);
	print_lesson(p, m);
	if (!m->nexercises) {
		printf("\nThis module has no exercises.\n");
		return true;
	}
	printf("\nEnd of the lesson. %zu exercise%s follow%s, one by one. At each: press Enter on "
	       "an empty line to keep the current answer and go on, type - alone to clear the "
	       "answer, q alone to go back to the modules. Each answer is saved as soon as you "
	       "give it; the end of input (Ctrl-D) saves and leaves.\n",
	       m->nexercises, m->nexercises == 1 ? "" : "s", m->nexercises == 1 ? "s" : "");
	for (size_t pos = 0; pos < m->nexercises; pos++) {
		enum ask r = ask(p, m, pos);
		if (r == ASK_END)
			return false;
		if (r == ASK_BACK)
			break;
	}
	size_t a, n;
	rb_app_module_progress(&p->app, mi, &a, &n);
	printf("\nEnd of module %zu: %zu of %zu answered.\n", mi + 1, a, n);
	return true;
}

/* Reads which module to open: its number or id. Returns its index, -1 to quit (q or the end of
 * the input). */
static long choose_module(struct plain *p)
{
	const struct rb_curriculum *c = p->app.cur;
	for (;;) {
		printf("Open which module? Type its number or id, or q to quit: ");
		char *line;
		if (!read_line(p, &line))
			return -1;
		char *s = trimmed(line);
		free(line);
		if (!s)
			return -1;
		long m = -1;
		if (!strcmp(s, "q") || !strcmp(s, "Q") || !strcasecmp(s, "quit")) {
			free(s);
			return -1;
		}
		char *end;
		long k = strtol(s, &end, 10);
		if (*s && end != s && !*end && k >= 1 && (size_t)k <= c->nmodules)
			m = k - 1;
		for (size_t i = 0; i < c->nmodules && m < 0; i++)
			if (!strcasecmp(c->modules[i].id, s))
				m = (long)i;
		if (m >= 0) {
			free(s);
			return m;
		}
		if (*s)
			printf("There is no module '%s'. Type a number from 1 to %zu, or q.\n", s,
			       c->nmodules);
		else
			list_modules(p);
		free(s);
	}
}

static int no_workbook(const char *dir)
{
	char conf[4096];
	struct stat st;
	snprintf(conf, sizeof conf, "%s/" RB_COHORT_CONF, dir);
	struct rb_buf b = {0};
	if (stat(conf, &st) == 0)
		rb_buf_printf(&b,
			      "%s holds a cohort, not a workbook: plain mode opens a participant's "
			      "workbook. For the cohort use 'roadbook cohort status' and "
			      "'roadbook review ID --print'.",
			      dir);
	else
		rb_buf_printf(&b,
			      "there is no workbook in %s. Create one with: roadbook init %s "
			      "--name \"Your Name\" --company \"Your Company\" (or 'roadbook demo "
			      "DIR' for an example, 'roadbook join URL' for your cohort's), then "
			      "run: roadbook -C %s --plain",
			      dir, dir, dir);
	rb_cli_error(b.data ? b.data : "there is no workbook here.");
	rb_buf_free(&b);
	return RB_EXIT_NOTFOUND;
}

bool rb_plain_setup(bool asked)
{
	const char *env = getenv("ROADBOOK_PLAIN");
	bool on = asked || (env && *env && strcmp(env, "0") != 0);
	if (on)
		setenv("NO_COLOR", "1", 1);
	return on;
}

int rb_plain_main(const struct rb_cli *cli)
{
	struct plain p;
	memset(&p, 0, sizeof p);
	p.width = rb_cli_terminal_width();
	p.echo = !isatty(STDIN_FILENO);
	char *err = NULL;
	int rc = rb_app_open(&p.app, cli->dir, true, &err);
	if (rc != RB_EXIT_OK) {
		rb_app_close(&p.app);
		if (rc == RB_EXIT_NOTFOUND) {
			free(err);
			return no_workbook(cli->dir);
		}
		rb_cli_error(err ? err : "could not open the workbook.");
		free(err);
		return rc;
	}
	free(err);
	install_signals();
	const char *name = p.app.name ? p.app.name : "";
	const char *company = p.app.company ? p.app.company : "";
	printf("roadbook, plain mode. Workbook of %s%s%s.\n", name, *company ? ", " : "", company);
	printf("Answers are saved as soon as you give them. Type q to quit.\n");
	opening_notes(&p);
	if (!p.app.cur->nmodules)
		printf("The curriculum has no modules.\n");
	while (p.app.cur->nmodules) {
		list_modules(&p);
		long m = choose_module(&p);
		if (m < 0 || !run_module(&p, (size_t)m))
			break;
	}
	rb_app_autosnapshot(&p.app, 0); /* leaving: keep what this session changed */
	version_note(&p);
	printf("Your answers are saved.%s\n", plain_stop ? " (Stopped by a signal.)" : "");
	fflush(stdout);
	rb_app_close(&p.app);
	return RB_EXIT_OK;
}
