/* commands.c - the commands that need no screen: init, lint, render, exercises, answer, status.
 * Every piece of text that comes from a lesson or an answer passes the sanitiser on its way to
 * standard output. */
#include "cli/cli.h"

#include "content/answer.h"
#include "content/buf.h"
#include "content/json.h"
#include "content/render.h"
#include "content/sanitize.h"
#include "content/strategy.h"
#include "store/demo.h"
#include "app/workbook.h"
#include "app/versions.h"
#include "app/restore.h"
#include "cli/internal.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void rb_cli_error(const char *msg)
{
	size_t n;
	char *safe = rb_sanitize(msg, strlen(msg), 0, &n);
	fprintf(stderr, "roadbook: %s\n", safe ? safe : "out of memory");
	free(safe);
}

/* Writes untrusted text safely. */
void rb_cli_put_safe(FILE *f, const char *s, unsigned flags)
{
	size_t n;
	char *safe = rb_sanitize(s, strlen(s), flags, &n);
	if (safe)
		fwrite(safe, 1, n, f);
	free(safe);
}

#define put_safe rb_cli_put_safe

int rb_cli_usage(const char *cmd, const char *msg)
{
	fprintf(stderr, "roadbook %s: %s\nSee 'roadbook %s --help'.\n", cmd, msg, cmd);
	return RB_EXIT_USAGE;
}

int rb_cli_open(struct rb_app *app, const char *dir)
{
	char *err = NULL;
	int rc = rb_app_open(app, dir, false, &err);
	if (rc != RB_EXIT_OK) {
		rb_cli_error(err ? err : "could not open the workbook");
		free(err);
		rb_app_close(app);
	} else if (app->notice) {
		rb_cli_error(app->notice);
	}
	return rc;
}

bool rb_cli_no_versions(const struct rb_app *app)
{
	if (app->repo || !app->repo_problem)
		return false;
	rb_cli_error("Versions cannot be saved, shown or synced until that is done.");
	return true;
}

/* Reads the whole of standard input. */
static bool want_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return true;
	return false;
}

/* ---- init ---- */

static int cmd_init(const struct rb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"name", required_argument, NULL, 'n'},
	    {"company", required_argument, NULL, 'c'},
	    {"sector", required_argument, NULL, 's'},
	    {"employees", required_argument, NULL, 'e'},
	    {"email", required_argument, NULL, 'm'},
	    {"lessons", required_argument, NULL, 'l'},
	    {NULL, 0, NULL, 0},
	};
	struct rb_profile p = {0};
	const char *lessons = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			p.name = optarg;
			break;
		case 'c':
			p.company = optarg;
			break;
		case 's':
			p.sector = optarg;
			break;
		case 'e':
			p.employees = optarg;
			break;
		case 'm':
			p.email = optarg;
			break;
		case 'l':
			lessons = optarg;
			break;
		default:
			return rb_cli_usage("init", "unknown option or missing value");
		}
	}
	if (argc - optind > 1)
		return rb_cli_usage("init", "give at most one folder");
	const char *dir = optind < argc ? argv[optind] : cli->dir;
	char *err = NULL;
	if (rb_app_check_new_dir(dir, &err) != 0) {
		rb_cli_error(err);
		free(err);
		return RB_EXIT_FAIL;
	}

	/* Check the curriculum before creating anything. */
	char *ldir = lessons ? strdup(lessons) : rb_find_bundled_lessons();
	if (!ldir) {
		rb_cli_error("roadbook cannot find its bundled lessons. Reinstall roadbook, or set "
			     "ROADBOOK_LESSONS to the lessons folder.");
		return RB_EXIT_FAIL;
	}
	struct rb_curriculum *cur = NULL;
	struct rb_diags d = {0};
	if (rb_curriculum_load(ldir, &cur, &d) < 0 || d.n) {
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "the curriculum in %s has problems; run 'roadbook lint %s' to see "
			      "them. No workbook was created.",
			      ldir, ldir);
		rb_cli_error(b.data ? b.data : "out of memory");
		rb_buf_free(&b);
		rb_curriculum_free(cur);
		rb_diags_free(&d);
		free(ldir);
		return RB_EXIT_FAIL;
	}
	enum rb_wb_status st =
	    rb_workbook_create(dir, &p, lessons ? ldir : NULL, cur->id, cur->version, &err);
	int rc = RB_EXIT_OK;
	struct rb_app app;
	if (st != RB_WB_OK) {
		rb_cli_error(err ? err : "could not create the workbook");
		rc = st == RB_WB_INVALID ? RB_EXIT_USAGE : RB_EXIT_FAIL;
	} else if ((rc = rb_cli_open(&app, dir)) == RB_EXIT_OK) { /* starts its history */
		rb_app_close(&app);
		printf("Created a workbook for ");
		put_safe(stdout, p.name, RB_SAN_SINGLE_LINE);
		printf(" (");
		put_safe(stdout, p.company, RB_SAN_SINGLE_LINE);
		printf(") in %s\nCurriculum: ", dir);
		put_safe(stdout, cur->title ? cur->title : cur->id, RB_SAN_SINGLE_LINE);
		printf(" %s, %zu modules, %zu exercises.\nOpen it with: roadbook -C %s\n",
		       cur->version ? cur->version : "", cur->nmodules, cur->nexercises, dir);
	}
	free(err);
	rb_curriculum_free(cur);
	rb_diags_free(&d);
	free(ldir);
	return rc;
}

/* ---- demo ---- */

#define RB_DEMO_FILE "demo/morgan-fine-foods.json"

static int cmd_demo(const struct rb_cli *cli, int argc, char **argv)
{
	int bad = rb_cli_check_args("demo", &argc, argv, NULL);
	if (bad)
		return bad;
	if (argc > 2)
		return rb_cli_usage("demo", "give at most one folder");
	const char *dir = argc == 2 ? argv[1] : cli->dir;
	char *err = NULL;
	if (rb_app_check_new_dir(dir, &err) != 0) {
		rb_cli_error(err);
		free(err);
		return RB_EXIT_FAIL;
	}
	char *path = rb_find_bundled(RB_DEMO_FILE);
	char *lessons = rb_find_bundled_lessons();
	struct rb_demo demo;
	int rc = RB_EXIT_FAIL;
	struct rb_curriculum *cur = NULL;
	struct rb_diags d = {0};
	if (!path || !lessons) {
		rb_cli_error("roadbook cannot find its example workbook or its lessons. Reinstall "
			     "roadbook.");
		free(path);
		free(lessons);
		return RB_EXIT_FAIL;
	}
	if (rb_demo_load(path, &demo, &err) != 0) {
		rb_cli_error(err);
		free(err);
		free(path);
		free(lessons);
		return RB_EXIT_FAIL;
	}
	if (rb_curriculum_load(lessons, &cur, &d) < 0 || d.n) {
		rb_cli_error("the bundled lessons have problems; run 'roadbook lint' to see them");
		goto done;
	}
	struct rb_profile p = {.name = demo.name,
			       .company = demo.company,
			       .sector = demo.sector,
			       .employees = demo.employees};
	enum rb_wb_status ws = rb_workbook_create(dir, &p, NULL, cur->id, cur->version, &err);
	if (ws != RB_WB_OK) {
		rb_cli_error(err ? err : "could not create the workbook");
		rc = ws == RB_WB_INVALID ? RB_EXIT_USAGE : RB_EXIT_FAIL;
		goto done;
	}
	struct rb_app app;
	if ((rc = rb_cli_open(&app, dir)) != RB_EXIT_OK)
		goto done;
	size_t stored = 0;
	for (size_t i = 0; i < demo.n; i++) {
		long k = rb_app_exercise_index(&app, demo.ids[i]);
		free(err);
		err = NULL;
		if (k >= 0 && rb_app_set_answer(&app, (size_t)k, demo.values[i], &err) == 0) {
			stored++;
			continue;
		}
		struct rb_buf b = {0};
		rb_buf_printf(&b, "the example answer to '%s' was not stored: %s", demo.ids[i],
			      err ? err : "no such exercise in the bundled curriculum");
		rb_cli_error(b.data ? b.data : demo.ids[i]);
		rb_buf_free(&b);
		rc = RB_EXIT_FAIL;
	}
	struct rb_snap_result res;
	free(err);
	err = NULL;
	if (app.changes != app.snap_changes &&
	    rb_app_snapshot(&app, RB_SNAP_MANUAL, "The example's remaining answers", 0, &res,
			    &err) == 0)
		rb_snap_result_free(&res);
	else if (err)
		rb_cli_error(err);
	size_t a, t;
	rb_app_progress(&app, &a, &t);
	printf("Created an example workbook in %s: ", dir);
	put_safe(stdout, demo.company, RB_SAN_SINGLE_LINE);
	printf(", %zu answers (%zu of %zu exercises).\nOpen it with: roadbook -C %s\n", stored, a,
	       t, dir);
	rb_app_close(&app);
done:
	free(err);
	rb_curriculum_free(cur);
	rb_diags_free(&d);
	rb_demo_free(&demo);
	free(path);
	free(lessons);
	return rc;
}

/* ---- lint ---- */

static int cmd_lint(const struct rb_cli *cli, int argc, char **argv)
{
	int bad = rb_cli_check_args("lint", &argc, argv, NULL);
	if (bad)
		return bad;
	if (argc > 2)
		return rb_cli_usage("lint", "give at most one lessons folder");
	char *dir = argc == 2 ? strdup(argv[1]) : rb_find_bundled_lessons();
	if (!dir) {
		rb_cli_error("no lessons folder was given and roadbook cannot find its bundled "
			     "lessons. Give the folder (roadbook lint DIR), reinstall roadbook, or "
			     "set ROADBOOK_LESSONS to the lessons folder.");
		return RB_EXIT_FAIL;
	}
	struct rb_curriculum *cur = NULL;
	struct rb_diags d = {0};
	int rc = rb_curriculum_load(dir, &cur, &d);
	for (size_t i = 0; i < d.n; i++) {
		put_safe(stdout, d.v[i].file, RB_SAN_SINGLE_LINE);
		printf(":%d: ", d.v[i].line);
		put_safe(stdout, d.v[i].message, RB_SAN_SINGLE_LINE);
		putchar('\n');
	}
	if (rc < 0)
		fprintf(stderr, "roadbook lint: out of memory\n");
	else if (!d.n)
		fprintf(stderr, "%s: %zu modules, %zu exercises, %zu sections: no problems\n", dir,
			cur->nmodules, cur->nexercises, cur->nsections);
	else
		fprintf(stderr, "%zu problem%s\n", d.n, d.n == 1 ? "" : "s");
	int status = rc < 0 || d.n ? RB_EXIT_FAIL : RB_EXIT_OK;
	rb_curriculum_free(cur);
	rb_diags_free(&d);
	free(dir);
	return status;
}

/* ---- render ---- */

static int cmd_render(const struct rb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"width", required_argument, NULL, 'w'},
	    {NULL, 0, NULL, 0},
	};
	int width = 0, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "w:", opts, NULL)) != -1) {
		if (c != 'w')
			return rb_cli_usage("render", "unknown option or missing value");
		char *end;
		long w = strtol(optarg, &end, 10);
		if (*end || w < 10 || w > 1000)
			return rb_cli_usage("render", "--width must be a number from 10 to 1000");
		width = (int)w;
	}
	if (argc - optind != 1)
		return rb_cli_usage("render", "give one markdown file");
	const char *path = argv[optind];
	size_t len;
	char *md = strcmp(path, "-") ? rb_read_file(path, &len) : rb_cli_read_stdin();
	if (!md) {
		fprintf(stderr, "roadbook render: cannot read %s: %s\n", path, strerror(errno));
		return RB_EXIT_NOTFOUND;
	}
	if (!strcmp(path, "-"))
		len = strlen(md);
	struct rb_lines lines = {0};
	int rc = rb_render_markdown(md, len, width ? width : rb_cli_terminal_width(), &lines);
	free(md);
	if (rc < 0) {
		fprintf(stderr, "roadbook render: out of memory\n");
		return RB_EXIT_FAIL;
	}
	const char *no_color = getenv("NO_COLOR");
	bool ansi = isatty(STDOUT_FILENO) && !(no_color && *no_color);
	rb_lines_write(stdout, &lines, ansi);
	rb_lines_free(&lines);
	return RB_EXIT_OK;
}

/* ---- exercises ---- */

static void json_options(struct rb_buf *b, const char *key, const struct rb_option *o, size_t n)
{
	rb_buf_printf(b, ",\"%s\":[", key);
	for (size_t i = 0; i < n; i++) {
		rb_buf_puts(b, i ? ",{\"id\":" : "{\"id\":");
		rb_json_string(b, o[i].id);
		rb_buf_puts(b, ",\"label\":");
		rb_json_string(b, o[i].label);
		rb_buf_puts(b, "}");
	}
	rb_buf_puts(b, "]");
}

static void json_ids(struct rb_buf *b, const char *const *ids, size_t n, size_t stride)
{
	rb_buf_puts(b, ",\"choices\":[");
	for (size_t i = 0; i < n; i++) {
		rb_buf_puts(b, i ? "," : "");
		rb_json_string(b, *(const char *const *)((const char *)ids + i * stride));
	}
	rb_buf_puts(b, "]");
}

/* What a script needs to give a valid answer: options, ranges, columns. */
static void json_exercise_details(struct rb_buf *b, const struct rb_curriculum *c,
				  const struct rb_exercise *e)
{
	static const char *const col_types[] = {"text", "number", "choice", "quarter", "dimension"};
	switch (e->type) {
	case RB_EX_SCALE:
		rb_buf_printf(b, ",\"min\":%d,\"max\":%d,\"dimension\":", e->smin, e->smax);
		rb_json_string(b, e->dimension);
		rb_buf_printf(b, ",\"measure\":%s",
			      e->measure == RB_MEASURE_CURRENT  ? "\"current\""
			      : e->measure == RB_MEASURE_TARGET ? "\"target\""
								: "null");
		break;
	case RB_EX_CHOICE:
	case RB_EX_MULTI:
		json_options(b, "options", e->options, e->noptions);
		break;
	case RB_EX_CHECKLIST:
		json_options(b, "items", e->options, e->noptions);
		break;
	case RB_EX_NUMBER:
		rb_buf_printf(b, ",\"min\":%.17g,\"max\":%.17g,\"decimals\":%d,\"unit\":", e->nmin,
			      e->nmax, e->decimals);
		rb_json_string(b, e->unit);
		break;
	case RB_EX_TABLE:
		rb_buf_printf(b, ",\"max_rows\":%d,\"columns\":[", e->max_rows);
		for (size_t k = 0; k < e->ncolumns; k++) {
			const struct rb_column *col = &e->columns[k];
			rb_buf_puts(b, k ? ",{\"id\":" : "{\"id\":");
			rb_json_string(b, col->id);
			rb_buf_puts(b, ",\"label\":");
			rb_json_string(b, col->label);
			rb_buf_printf(b, ",\"type\":\"%s\"", col_types[col->type]);
			if (col->type == RB_COL_NUMBER && col->has_range)
				rb_buf_printf(b, ",\"min\":%.17g,\"max\":%.17g", col->min,
					      col->max);
			if (col->type == RB_COL_CHOICE)
				json_ids(b, (const char *const *)&col->choices[0].id, col->nchoices,
					 sizeof col->choices[0]);
			if (col->type == RB_COL_DIMENSION)
				json_ids(b, (const char *const *)&c->dimensions[0].id,
					 c->ndimensions, sizeof c->dimensions[0]);
			rb_buf_puts(b, "}");
		}
		rb_buf_puts(b, "]");
		break;
	default:
		break;
	}
}

static int cmd_exercises(const struct rb_cli *cli, int argc, char **argv)
{
	bool json = argc == 2 && !strcmp(argv[1], "--json");
	bool ids = argc == 2 && !strcmp(argv[1], "--ids");
	if (argc > 2 || (argc == 2 && !json && !ids))
		return rb_cli_usage("exercises", "the options are --json and --ids (one of them)");
	struct rb_app app;
	int rc = rb_cli_open(&app, cli->dir);
	if (rc)
		return rc;
	const struct rb_curriculum *c = app.cur;
	if (ids) {
		for (size_t i = 0; i < c->nexercises; i++) {
			put_safe(stdout, c->exercises[i]->id, RB_SAN_SINGLE_LINE);
			putchar('\n');
		}
	} else if (json) {
		struct rb_buf b = {0};
		rb_buf_puts(&b, "[");
		for (size_t i = 0; i < c->nexercises; i++) {
			const struct rb_exercise *e = c->exercises[i];
			rb_buf_puts(&b, i ? ",\n {" : "\n {");
			rb_buf_puts(&b, "\"id\":");
			rb_json_string(&b, e->id);
			rb_buf_puts(&b, ",\"module\":");
			rb_json_string(&b, c->modules[e->module_index].id);
			rb_buf_puts(&b, ",\"type\":");
			rb_json_string(&b, rb_ex_type_name(e->type));
			rb_buf_puts(&b, ",\"section\":");
			rb_json_string(&b, e->section);
			rb_buf_puts(&b, ",\"prompt\":");
			rb_json_string(&b, e->prompt);
			rb_buf_printf(&b, ",\"optional\":%s,\"answered\":%s",
				      e->optional ? "true" : "false",
				      app.answers[i] ? "true" : "false");
			json_exercise_details(&b, c, e);
			rb_buf_puts(&b, "}");
		}
		rb_buf_puts(&b, "\n]\n");
		if (b.data)
			fputs(b.data, stdout);
		rb_buf_free(&b);
	} else {
		for (size_t i = 0; i < c->nexercises; i++) {
			const struct rb_exercise *e = c->exercises[i];
			printf("%-28s %-18s %-9s %c ", e->id, c->modules[e->module_index].id,
			       rb_ex_type_name(e->type), app.answers[i] ? '*' : ' ');
			put_safe(stdout, e->prompt, RB_SAN_SINGLE_LINE);
			putchar('\n');
		}
	}
	rb_app_close(&app);
	return RB_EXIT_OK;
}

/* ---- answer ---- */

static int cmd_answer(const struct rb_cli *cli, int argc, char **argv)
{
	static const char *const known[] = {"--get", NULL};
	int bad = rb_cli_check_args("answer", &argc, argv, known);
	if (bad)
		return bad;
	bool get = false;
	const char *id = NULL, *value = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--get"))
			get = true;
		else if (!id)
			id = argv[i];
		else if (!value)
			value = argv[i];
		else
			return rb_cli_usage("answer", "too many arguments (quote a value that has "
						      "spaces)");
	}
	if (!id)
		return rb_cli_usage("answer", "give an exercise id (see 'roadbook exercises')");
	if (get && value)
		return rb_cli_usage("answer", "--get takes no value");
	struct rb_app app;
	int rc = rb_cli_open(&app, cli->dir);
	if (rc)
		return rc;
	long k = rb_app_exercise_index(&app, id);
	if (k < 0) {
		struct rb_buf b = {0};
		rb_buf_printf(&b,
			      "there is no exercise '%s' in this workbook's curriculum. See "
			      "'roadbook exercises' for the list.",
			      id);
		rb_cli_error(b.data ? b.data : id);
		rb_buf_free(&b);
		rb_app_close(&app);
		return RB_EXIT_NOTFOUND;
	}
	if (get) {
		if (app.answers[k]) {
			put_safe(stdout, app.answers[k], 0);
			putchar('\n');
		}
		rb_app_close(&app);
		return RB_EXIT_OK;
	}
	char *input = value ? strdup(value) : rb_cli_read_stdin();
	if (!input) {
		struct rb_buf m = {0};
		rb_buf_printf(&m,
			      "could not read the answer from standard input (%s), so nothing was "
			      "changed. Give the answer after its id instead: roadbook answer %s "
			      "\"YOUR ANSWER\"",
			      errno == EBADF ? "it is closed" : strerror(errno), id);
		rb_cli_error(m.data ? m.data : "could not read the answer from standard input");
		rb_buf_free(&m);
		rb_app_close(&app);
		return RB_EXIT_FAIL;
	}
	char *err = NULL;
	int r = rb_app_set_answer(&app, (size_t)k, input, &err);
	if (r != 0) {
		rb_cli_error(err ? err : "out of memory");
		rc = RB_EXIT_FAIL;
	}
	free(err);
	free(input);
	rb_app_close(&app);
	return rc;
}

/* ---- status ---- */

/* ---- strategy ---- */

/* Writes data to path through a temporary file, fsync and rename: a crash leaves the old file
 * or the new one, never half of either. The file gets the usual permissions (0666 & ~umask). */
static int cmd_strategy(const struct rb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'o'},
	    {"omit-unanswered", no_argument, NULL, 'u'},
	    {NULL, 0, NULL, 0},
	};
	const char *format = "md", *out = NULL;
	unsigned flags = 0;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:f:", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'u':
			flags |= RB_STRATEGY_OMIT_UNANSWERED;
			break;
		default:
			return rb_cli_usage("strategy", "unknown option or missing value");
		}
	}
	if (strcmp(format, "md") && strcmp(format, "html"))
		return rb_cli_usage("strategy", "--format must be md or html");
	if (optind != argc)
		return rb_cli_usage("strategy", "this command takes no other arguments");
	struct rb_app app;
	int rc = rb_cli_open(&app, cli->dir);
	if (rc)
		return rc;
	struct rb_strategy_info info = {.name = app.name, .company = app.company};
	char date[64] = "";
	if (app.latest_ms > 0 && !strcmp(format, "html")) {
		/* The title page's date: the day of the latest answer, so the same workbook always
		 * gives the same page. (The markdown has no date: it is versioned as it is.) */
		time_t when = (time_t)(app.latest_ms / 1000);
		struct tm tm;
		if (localtime_r(&when, &tm) &&
		    strftime(date, sizeof date, "Answers as of %e %B %Y", &tm))
			info.date = date;
	}
	char *doc = !strcmp(format, "md") ? rb_strategy_markdown(app.cur, app.answers, &info, flags)
					  : rb_strategy_html(app.cur, app.answers, &info, flags);
	rb_app_close(&app);
	if (!doc) {
		rb_cli_error("out of memory while assembling the strategy");
		return RB_EXIT_FAIL;
	}
	rc = RB_EXIT_OK;
	if (out && rb_cli_write_atomic(out, doc, strlen(doc)) != 0) {
		struct rb_buf b = {0};
		rb_buf_printf(&b, "could not write %s: %s. Choose a folder you can write to.", out,
			      strerror(errno));
		rb_cli_error(b.data ? b.data : "could not write the file");
		rb_buf_free(&b);
		rc = RB_EXIT_FAIL;
	} else if (!out) {
		put_safe(stdout, doc, RB_SAN_KEEP_TAB);
	}
	free(doc);
	return rc;
}

/* ---- the table ---- */

static const struct rb_command commands[] = {
    {"init", cmd_init, "[DIR] --name N --company C [--sector S] [--employees N] [--lessons DIR]",
     "Create a workbook.",
     "roadbook init ~/roadbook --name \"Sam Taylor\" --company \"Taylor Foods\""},
    {"demo", cmd_demo, "[DIR]", "Create a workbook filled in by an example company.",
     "roadbook demo ~/roadbook-demo"},
    {"lint", cmd_lint, "[LESSONS_DIR]",
     "Check a curriculum; problems as file:line: message, exit 1 on any.",
     "roadbook lint lessons/"},
    {"render", cmd_render, "FILE [--width N]", "Print markdown the way the lesson reader shows it.",
     "roadbook render lessons/01-why-digital.md --width 72"},
    {"exercises", cmd_exercises, "[--json | --ids]",
     "List the exercises: id, module, type, answered (*), prompt. --json: one JSON document "
     "with what a valid answer needs; --ids: only the ids, one per line (for scripts and "
     "shell completion).",
     "roadbook exercises --json"},
    {"answer", cmd_answer, "ID [VALUE] | ID --get",
     "Set an answer (VALUE, or standard input when omitted), checked as the TUI checks it; an "
     "empty value clears it. --get prints it. A value that starts with '-' goes after '--'.",
     "roadbook answer why-urgency 4"},
    {"status", rb_cmd_status, "[--json | --ids]",
     "Progress per module, the cohort's address, the last sync and answers waiting for a "
     "choice. --ids: only the module ids, one per line.",
     "roadbook status --json"},
    {"strategy", cmd_strategy, "[--format md|html] [-o FILE] [--omit-unanswered]",
     "The strategy document assembled from your answers.",
     "roadbook strategy --format html -o strategy.html"},
    {"save", rb_cmd_save, "[-m MESSAGE]",
     "Save a version of the workbook (a git commit) now; nothing is saved when nothing changed.",
     "roadbook save -m \"Before the roadmap workshop\""},
    {"log", rb_cmd_log, "[--json] [-n COUNT]", "The saved versions, newest first.",
     "roadbook log -n 5"},
    {"diff", rb_cmd_diff, "[VERSION [VERSION]]",
     "What changed, answer by answer: since the last version, since VERSION, or between two.",
     "roadbook diff HEAD~3"},
    {"join", rb_cmd_join, "PATH_OR_URL [DIR]",
     "Copy a workbook from its repository (a folder, file://, git://, ssh or https) and "
     "restore it.",
     "roadbook join /media/usb/cohort/participants/sam-taylor.git ~/roadbook"},
    {"sync", rb_cmd_sync, "[--send-removals]",
     "Exchange with the cohort: save a version, fetch, combine, send (exit 5 when offline, "
     "6 when answers changed on two laptops wait for your choice). A version that lost all "
     "the cohort copy's answers, or more than half of them, is not sent without "
     "--send-removals.",
     "roadbook sync"},
    {"choose", rb_cmd_choose, "ID --mine|--theirs",
     "Settle an answer changed on two laptops: keep this laptop's, or take the other one.",
     "roadbook choose why-vision --theirs"},
    {"submit", rb_cmd_submit, "MODULE",
     "Submit a module (its id or number) for your facilitator's review: saves a version that "
     "reaches them at the next sync.",
     "roadbook submit where-now"},
    {"feedback", rb_cmd_feedback, "[--json]",
     "Your facilitator's comments and review states, as of the last sync.", "roadbook feedback"},
    {"reply", rb_cmd_reply, "COMMENT [TEXT]",
     "Reply to a comment (TEXT, or standard input when omitted); sent at the next sync.",
     "roadbook reply c-1f2e3d4c5b6a7980 \"Done: see the new figures.\""},
    {"resolve", rb_cmd_resolve, "COMMENT [--reopen]",
     "Mark a comment resolved (or open again); sent at the next sync.",
     "roadbook resolve c-1f2e3d4c5b6a7980"},
    {"review", rb_cmd_review, "ID [--print] [--strategy] [--width N]",
     "Facilitator: the review screen for one participant; --print writes it to standard "
     "output instead.",
     "roadbook -C ~/cohorts/nw-3 review sam-taylor"},
    {"comment", rb_cmd_comment, "ID TARGET [TEXT]",
     "Facilitator: comment on an exercise (its id) or a strategy section (section:ID); TEXT "
     "or standard input. Sent at the next cohort sync.",
     "roadbook comment sam-taylor why-vision \"Say what the shop floor will look like.\""},
    {"approve", rb_cmd_approve, "ID MODULE",
     "Facilitator: approve a participant's module. Sent at the next cohort sync.",
     "roadbook approve sam-taylor where-now"},
    {"request-changes", rb_cmd_request_changes, "ID MODULE",
     "Facilitator: ask a participant for changes to a module. Sent at the next cohort sync.",
     "roadbook request-changes sam-taylor where-now"},
    {"cohort", rb_cmd_cohort, "SUBCOMMAND [ARGS]",
     "Facilitator: create a cohort, add participants, fetch everyone, see progress, record "
     "attendance, report (-C DIR names the cohort).",
     "roadbook -C ~/cohorts/nw-3 cohort status"},
};

const struct rb_command *rb_cli_commands(size_t *n)
{
	*n = sizeof commands / sizeof commands[0];
	return commands;
}

int rb_cli_run(const struct rb_cli *cli, const struct rb_command *cmd, int argc, char **argv)
{
	if (want_help(argc, argv)) {
		if (cmd->run == rb_cmd_cohort)
			return rb_cli_cohort_help(argc, argv);
		printf("usage: roadbook [-C DIR] %s%s%s\n\n", cmd->name, *cmd->usage ? " " : "",
		       cmd->usage);
		rb_cli_wrap(stdout, cmd->summary, strlen(cmd->summary), 0);
		printf("\nexample:\n  %s\n", cmd->example);
		return RB_EXIT_OK;
	}
	return cmd->run(cli, argc, argv);
}
