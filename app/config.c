/* config.c - the user's settings file through libgit2's config API: the same syntax as
 * ~/.gitconfig, read by the library that defines it (no parser of our own). Every problem
 * becomes one line naming the file, the line or the setting, and what is accepted; whatever
 * could not be read keeps its default, so roadbook always starts. */
#include "app/config.h"

#include "content/buf.h"
#include "store/git_api.h"
#include "store/repo.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const char *const theme_names[] = {
    [RB_THEME_DEFAULT] = "default",
    [RB_THEME_HIGH_CONTRAST] = "high-contrast",
    [RB_THEME_MONOCHROME] = "monochrome",
};

static const char *const key_names[] = {
    [RB_KEYS_ARROWS] = "arrows",
    [RB_KEYS_VI] = "vi",
    [RB_KEYS_EMACS] = "emacs",
};

const char *rb_theme_name(enum rb_theme theme)
{
	return theme_names[theme];
}

const char *rb_key_style_name(enum rb_key_style keys)
{
	return key_names[keys];
}

char *rb_config_path(void)
{
	struct rb_buf b = {0};
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	/* The XDG rule: a relative XDG_CONFIG_HOME is ignored. */
	if (xdg && xdg[0] == '/')
		rb_buf_printf(&b, "%s/roadbook/config", xdg);
	else if (home && *home)
		rb_buf_printf(&b, "%s/.config/roadbook/config", home);
	else
		return NULL;
	return rb_buf_take(&b);
}

/* The path as the person knows it: ~ for their home folder. */
static void put_path(struct rb_buf *b, const char *path)
{
	const char *home = getenv("HOME");
	size_t n = home ? strlen(home) : 0;
	if (n > 1 && !strncmp(path, home, n) && path[n] == '/')
		rb_buf_printf(b, "~%s", path + n);
	else
		rb_buf_puts(b, path);
}

/* Keeps the first problem only: one line is what the status bar can show. */
static void problem(struct rb_config *cfg, struct rb_buf *msg)
{
	if (!cfg->error)
		cfg->error = rb_buf_take(msg);
	else
		rb_buf_free(msg);
}

/* libgit2 says "failed to parse config file: missing ']' in section header (in PATH:3)":
 * the reason, and the line from the location it appends. */
static void syntax_problem(struct rb_config *cfg, const char *path)
{
	const git_error *e = git_error_last();
	const char *m = e && e->message ? e->message : "";
	const char *prefix = "failed to parse config file: ";
	if (!strncmp(m, prefix, strlen(prefix)))
		m += strlen(prefix);
	size_t reason = strlen(m);
	long line = 0;
	const char *in = strstr(m, " (in ");
	if (in) {
		reason = (size_t)(in - m);
		const char *colon = strrchr(in, ':');
		if (colon)
			line = strtol(colon + 1, NULL, 10);
	}
	struct rb_buf b = {0};
	put_path(&b, path);
	if (line > 0)
		rb_buf_printf(&b, ", line %ld", line);
	rb_buf_printf(&b,
		      ": %.*s. The settings file uses git-config syntax, e.g. [ui] then "
		      "theme = monochrome. roadbook is using its defaults.",
		      (int)reason, *m ? m : "it cannot be read");
	problem(cfg, &b);
}

/* The value of name, or NULL (with *present false when it is not set at all). A setting
 * written without "= value" is present with a NULL value. Caller frees. */
static char *get(git_config *c, const char *name, bool *present)
{
	git_config_entry *en = NULL;
	*present = false;
	if (git_config_get_entry(&en, c, name) < 0)
		return NULL;
	*present = true;
	char *v = en->value ? strdup(en->value) : NULL;
	git_config_entry_free(en);
	return v;
}

/* One of names[0..n); otherwise a problem naming the setting and the accepted values. */
static int choice(struct rb_config *cfg, git_config *c, const char *name, const char *const *names,
		  int n, int fallback)
{
	bool present;
	char *v = get(c, name, &present);
	if (!present)
		return fallback;
	for (int i = 0; v && i < n; i++)
		if (!strcasecmp(v, names[i])) {
			free(v);
			return i;
		}
	struct rb_buf b = {0};
	put_path(&b, cfg->path);
	rb_buf_printf(&b, ": %s = %s%s%s is not a value roadbook knows; use ", name, v ? "\"" : "",
		      v ? v : "(nothing)", v ? "\"" : "");
	for (int i = 0; i < n; i++)
		rb_buf_printf(&b, "%s%s", i ? (i + 1 == n ? " or " : ", ") : "", names[i]);
	rb_buf_printf(&b, ". Using %s.", names[fallback]);
	problem(cfg, &b);
	free(v);
	return fallback;
}

/* A text setting: unset or empty is NULL. */
static char *text(git_config *c, const char *name)
{
	bool present;
	char *v = get(c, name, &present);
	if (v && !*v) {
		free(v);
		v = NULL;
	}
	return v;
}

/* Settings in the [ui] section that roadbook does not know are most likely typing mistakes
 * (other sections may be shared with git's own settings, and are left alone). */
static int unknown_ui(const git_config_entry *en, void *ud)
{
	struct rb_config *cfg = ud;
	if (strncmp(en->name, "ui.", 3) != 0 || !strcmp(en->name, "ui.theme") ||
	    !strcmp(en->name, "ui.keys") || !strcmp(en->name, "ui.mouse"))
		return 0;
	struct rb_buf b = {0};
	put_path(&b, cfg->path);
	rb_buf_printf(&b,
		      ": roadbook has no setting %s; the [ui] settings are theme (default, "
		      "high-contrast, monochrome), keys (arrows, vi, emacs) and mouse (true, "
		      "false).",
		      en->name);
	problem(cfg, &b);
	return 0;
}

/* A true/false setting (git's spellings: true, yes, on, 1...); otherwise a problem. */
static bool flag(struct rb_config *cfg, git_config *c, const char *name, bool fallback)
{
	bool present;
	char *v = get(c, name, &present);
	int on;
	if (!present || git_config_parse_bool(&on, v ? v : "true") == 0) {
		free(v);
		return present ? on != 0 : fallback;
	}
	struct rb_buf b = {0};
	put_path(&b, cfg->path);
	rb_buf_printf(&b,
		      ": %s = \"%s\" is not a value roadbook knows; use true or false. Using %s.",
		      name, v, fallback ? "true" : "false");
	problem(cfg, &b);
	free(v);
	return fallback;
}

int rb_config_load(struct rb_config *cfg, const char *path)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->mouse = true;
	if (!path)
		return 0;
	cfg->path = strdup(path);
	if (!cfg->path)
		return -2;
	struct stat st;
	int sr = stat(path, &st);
	if (sr != 0 && errno == ENOENT)
		return 0;
	if (sr != 0 || !S_ISREG(st.st_mode)) {
		struct rb_buf b = {0};
		put_path(&b, path);
		if (sr != 0)
			rb_buf_printf(&b, ": cannot be read (%s)", strerror(errno));
		else
			rb_buf_puts(&b, ": is not a file");
		rb_buf_puts(&b, ". roadbook is using its defaults.");
		problem(cfg, &b);
		cfg->unreadable = true;
		return -1;
	}
	char *why = NULL;
	if (rb_git_init(&why) < 0) {
		struct rb_buf b = {0};
		put_path(&b, path);
		rb_buf_printf(&b, ": not read. %s roadbook is using its defaults.", why ? why : "");
		free(why);
		problem(cfg, &b);
		cfg->unreadable = true;
		return -1;
	}
	git_config *c = NULL;
	if (git_config_open_ondisk(&c, path) < 0) {
		syntax_problem(cfg, path);
		cfg->unreadable = true;
		return -1;
	}
	cfg->theme = (enum rb_theme)choice(cfg, c, "ui.theme", theme_names, 3, RB_THEME_DEFAULT);
	cfg->keys = (enum rb_key_style)choice(cfg, c, "ui.keys", key_names, 3, RB_KEYS_ARROWS);
	cfg->mouse = flag(cfg, c, "ui.mouse", true);
	/* (not git_config_foreach_match: libgit2 1.5 leaks the regex's match data) */
	git_config_foreach(c, unknown_ui, cfg);
	cfg->editor = text(c, "core.editor");
	cfg->author_name = text(c, "user.name");
	cfg->author_email = text(c, "user.email");
	git_config_free(c);
	return cfg->error ? -1 : 0;
}

int rb_config_load_user(struct rb_config *cfg)
{
	char *path = rb_config_path();
	int rc = rb_config_load(cfg, path);
	free(path);
	return rc;
}

void rb_config_free(struct rb_config *cfg)
{
	free(cfg->editor);
	free(cfg->author_name);
	free(cfg->author_email);
	free(cfg->path);
	free(cfg->error);
	memset(cfg, 0, sizeof *cfg);
}
