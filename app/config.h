/* config.h - the user's settings file, $XDG_CONFIG_HOME/roadbook/config (default
 * ~/.config/roadbook/config), in git-config syntax and read through libgit2's config API.
 * It holds what belongs to the person, not to a workbook: the colour theme, the key style,
 * the external editor and the author of the versions roadbook saves (docs/configuration.md).
 * No ncurses here: the TUI applies the theme and the keys, rb_app_snapshot the author. */
#ifndef ROADBOOK_CONFIG_H
#define ROADBOOK_CONFIG_H

#include <stdbool.h>

/* ui.theme */
enum rb_theme { RB_THEME_DEFAULT, RB_THEME_HIGH_CONTRAST, RB_THEME_MONOCHROME };
/* ui.keys: arrows (the keys every screen lists), or vi or emacs movement keys on top */
enum rb_key_style { RB_KEYS_ARROWS, RB_KEYS_VI, RB_KEYS_EMACS };

struct rb_config {
	enum rb_theme theme;
	enum rb_key_style keys;
	bool mouse;         /* ui.mouse: clicks and the wheel in the TUI (default true) */
	char *editor;       /* core.editor, or NULL */
	char *author_name;  /* user.name, or NULL: the workbook's profile name */
	char *author_email; /* user.email, or NULL: the workbook's profile email */
	char *path;         /* the file looked at, or NULL when there is no home folder */
	/* The first problem found, one line naming the file (and line or key) and what is
	 * accepted, or NULL. What could not be read keeps its default. */
	char *error;
	/* the file could not be read at all (bad syntax, unreadable): every setting is default */
	bool unreadable;
};

/* The settings file's path: $XDG_CONFIG_HOME/roadbook/config when XDG_CONFIG_HOME is an
 * absolute path, else $HOME/.config/roadbook/config; NULL without either. Caller frees. */
char *rb_config_path(void);

/* Reads the settings in path into cfg (which it initialises: call rb_config_free after, even
 * on failure). A missing file is no problem: every setting keeps its default. Returns 0, or -1
 * when the file has a problem (cfg->error says which); -2 when out of memory. path may be
 * NULL (then only the defaults). */
int rb_config_load(struct rb_config *cfg, const char *path);

/* rb_config_load on rb_config_path(). */
int rb_config_load_user(struct rb_config *cfg);

void rb_config_free(struct rb_config *cfg);

/* The names of the values, for messages and the help screen. */
const char *rb_theme_name(enum rb_theme theme);
const char *rb_key_style_name(enum rb_key_style keys);

#endif
