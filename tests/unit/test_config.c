/* test_config.c - the user's settings file (app/config.c): where it is looked for, each
 * setting, the defaults, a missing file, values roadbook does not know, a setting without a
 * value, an unknown [ui] setting, bad syntax (with its line), a folder in its place; and the
 * key styles' translation (tui/keymap.c): vi and emacs keys in lists, while typing, the
 * Ctrl-X Ctrl-E prefix, and the arrows style that changes nothing. */
#include "harness.h"

#include "app/config.h"
#include "tui/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/rb-config-XXXXXX";

/* Writes text to dir/name and returns the path (static buffer). */
static const char *write_conf(const char *name, const char *text)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

static bool contains(const char *s, const char *part)
{
	return s && strstr(s, part) != NULL;
}

static void test_path(void)
{
	char *saved_xdg = getenv("XDG_CONFIG_HOME") ? strdup(getenv("XDG_CONFIG_HOME")) : NULL;
	char *saved_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	setenv("HOME", "/home/sam", 1);
	setenv("XDG_CONFIG_HOME", "/etc/xdg-sam", 1);
	char *p = rb_config_path();
	CHECK_STR(p, "/etc/xdg-sam/roadbook/config");
	free(p);
	setenv("XDG_CONFIG_HOME", "relative/ignored", 1); /* the XDG rule */
	p = rb_config_path();
	CHECK_STR(p, "/home/sam/.config/roadbook/config");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	p = rb_config_path();
	CHECK_STR(p, "/home/sam/.config/roadbook/config");
	free(p);
	unsetenv("HOME");
	CHECK(rb_config_path() == NULL);
	if (saved_home)
		setenv("HOME", saved_home, 1);
	if (saved_xdg)
		setenv("XDG_CONFIG_HOME", saved_xdg, 1);
	free(saved_home);
	free(saved_xdg);
}

static void test_defaults(void)
{
	struct rb_config c;
	CHECK(rb_config_load(&c, NULL) == 0);
	CHECK(c.theme == RB_THEME_DEFAULT);
	CHECK(c.keys == RB_KEYS_ARROWS);
	CHECK(!c.editor && !c.author_name && !c.author_email && !c.error);
	rb_config_free(&c);

	char missing[512];
	snprintf(missing, sizeof missing, "%s/no-such/config", dir);
	CHECK(rb_config_load(&c, missing) == 0);
	CHECK(c.theme == RB_THEME_DEFAULT && c.keys == RB_KEYS_ARROWS);
	CHECK(!c.error && !c.unreadable);
	CHECK_STR(c.path, missing);
	rb_config_free(&c);

	const char *empty = write_conf("empty", "");
	CHECK(rb_config_load(&c, empty) == 0);
	CHECK(c.theme == RB_THEME_DEFAULT && !c.error);
	rb_config_free(&c);
}

static void test_every_key(void)
{
	struct rb_config c;
	const char *p = write_conf("all", "# roadbook settings\n"
					  "[ui]\n"
					  "\ttheme = high-contrast\n"
					  "\tkeys = vi\n"
					  "[core]\n"
					  "\teditor = \"nano -R\"\n"
					  "[user]\n"
					  "\tname = Sam Taylor ; a comment\n"
					  "\temail = sam@taylorfoods.example\n");
	CHECK(rb_config_load(&c, p) == 0);
	CHECK(c.theme == RB_THEME_HIGH_CONTRAST);
	CHECK(c.keys == RB_KEYS_VI);
	CHECK_STR(c.editor, "nano -R");
	CHECK_STR(c.author_name, "Sam Taylor");
	CHECK_STR(c.author_email, "sam@taylorfoods.example");
	CHECK(c.error == NULL);
	rb_config_free(&c);

	/* values in any case; section and key names as git treats them (any case) */
	p = write_conf("case", "[UI]\nTheme = MONOCHROME\nKEYS = Emacs\n");
	CHECK(rb_config_load(&c, p) == 0);
	CHECK(c.theme == RB_THEME_MONOCHROME);
	CHECK(c.keys == RB_KEYS_EMACS);
	rb_config_free(&c);

	/* the last value wins, as in git; an empty editor is no editor */
	p = write_conf("last", "[ui]\ntheme = monochrome\ntheme = default\nkeys = arrows\n"
			       "[core]\neditor =\n");
	CHECK(rb_config_load(&c, p) == 0);
	CHECK(c.theme == RB_THEME_DEFAULT && c.keys == RB_KEYS_ARROWS);
	CHECK(c.editor == NULL);
	rb_config_free(&c);

	/* git's own settings beside roadbook's are left alone */
	p = write_conf("git", "[core]\n\tautocrlf = input\n[alias]\n\tst = status\n");
	CHECK(rb_config_load(&c, p) == 0);
	CHECK(c.error == NULL);
	rb_config_free(&c);

	CHECK_STR(rb_theme_name(RB_THEME_HIGH_CONTRAST), "high-contrast");
	CHECK_STR(rb_key_style_name(RB_KEYS_EMACS), "emacs");
}

static void test_bad_values(void)
{
	struct rb_config c;
	const char *p = write_conf("badtheme", "[ui]\n\ttheme = blue\n\tkeys = vi\n");
	CHECK(rb_config_load(&c, p) == -1);
	CHECK(c.theme == RB_THEME_DEFAULT);
	CHECK(c.keys == RB_KEYS_VI); /* the rest is still read */
	CHECK(!c.unreadable);
	CHECK(contains(c.error, p));
	CHECK(contains(c.error, "ui.theme"));
	CHECK(contains(c.error, "\"blue\""));
	CHECK(contains(c.error, "default, high-contrast or monochrome"));
	CHECK(c.error && !strchr(c.error, '\n'));
	rb_config_free(&c);

	p = write_conf("badkeys", "[ui]\nkeys = wasd\n");
	CHECK(rb_config_load(&c, p) == -1);
	CHECK(c.keys == RB_KEYS_ARROWS);
	CHECK(contains(c.error, "arrows, vi or emacs"));
	rb_config_free(&c);

	/* "theme" alone is a setting with no value */
	p = write_conf("novalue", "[ui]\n\ttheme\n");
	CHECK(rb_config_load(&c, p) == -1);
	CHECK(c.theme == RB_THEME_DEFAULT);
	CHECK(contains(c.error, "(nothing)"));
	rb_config_free(&c);

	/* a misspelt [ui] setting is named */
	p = write_conf("typo", "[ui]\n\tthem = monochrome\n");
	CHECK(rb_config_load(&c, p) == -1);
	CHECK(contains(c.error, "ui.them"));
	CHECK(contains(c.error, "theme"));
	rb_config_free(&c);
}

static void test_bad_syntax(void)
{
	struct rb_config c;
	const char *p = write_conf("syntax", "[ui]\n\ttheme = monochrome\n[user\nname = x\n");
	CHECK(rb_config_load(&c, p) == -1);
	CHECK(c.unreadable);
	CHECK(c.theme == RB_THEME_DEFAULT); /* nothing from a file that does not parse */
	CHECK(c.author_name == NULL);
	CHECK(contains(c.error, p));
	CHECK(contains(c.error, "line 3"));
	CHECK(contains(c.error, "git-config syntax"));
	CHECK(contains(c.error, "defaults"));
	CHECK(c.error && !strchr(c.error, '\n'));
	rb_config_free(&c);

	char sub[512];
	snprintf(sub, sizeof sub, "%s/afolder", dir);
	mkdir(sub, 0700);
	CHECK(rb_config_load(&c, sub) == -1);
	CHECK(c.unreadable);
	CHECK(contains(c.error, "not a file"));
	rb_config_free(&c);
	rmdir(sub);
}

/* ---- key styles ---- */

static struct tui_key ch(wint_t c)
{
	struct tui_key k = {0};
	k.ch = c;
	return k;
}

static struct tui_key alt(wint_t c)
{
	struct tui_key k = ch(c);
	k.alt = true;
	return k;
}

static void test_keys_vi(void)
{
	struct tui_keymap m = {.style = RB_KEYS_VI};
	struct tui_key out;
	static const struct {
		wint_t ch;
		int code;
	} want[] = {{'j', KEY_DOWN}, {'k', KEY_UP},  {'h', KEY_LEFT}, {'l', KEY_RIGHT},
		    {'g', KEY_HOME}, {'G', KEY_END}, {4, KEY_NPAGE},  {21, KEY_PPAGE}};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		struct tui_key k = ch(want[i].ch);
		CHECK(tui_keymap_pre(&m, &k, TUI_KC_LIST));
		CHECK(!k.is_key && k.ch == want[i].ch); /* the screen sees the letter first */
		CHECK(tui_keymap_alternative(&m, &k, TUI_KC_LIST, &out));
		CHECK(out.is_key && out.code == want[i].code);
		/* while typing, letters are text */
		CHECK(!tui_keymap_alternative(&m, &k, TUI_KC_TEXT, &out));
		CHECK(!tui_keymap_alternative(&m, &k, TUI_KC_FIELD, &out));
	}
	struct tui_key k = ch('x');
	CHECK(!tui_keymap_alternative(&m, &k, TUI_KC_LIST, &out));
	k = alt('j');
	CHECK(!tui_keymap_alternative(&m, &k, TUI_KC_LIST, &out));
	/* vi changes nothing in a text answer, Ctrl-E included */
	k = ch(5);
	CHECK(tui_keymap_pre(&m, &k, TUI_KC_TEXT) && !k.is_key && k.ch == 5);
}

static void test_keys_emacs(void)
{
	struct tui_keymap m = {.style = RB_KEYS_EMACS};
	struct tui_key out, k;
	static const struct {
		struct tui_key k;
		int code;
	} list[] = {{{.ch = 14}, KEY_DOWN},
		    {{.ch = 16}, KEY_UP},
		    {{.ch = 6}, KEY_RIGHT},
		    {{.ch = 2}, KEY_LEFT},
		    {{.ch = '<', .alt = true}, KEY_HOME},
		    {{.ch = '>', .alt = true}, KEY_END},
		    {{.ch = 22}, KEY_NPAGE},
		    {{.ch = 'v', .alt = true}, KEY_PPAGE}};
	for (size_t i = 0; i < sizeof list / sizeof list[0]; i++) {
		k = list[i].k;
		CHECK(tui_keymap_pre(&m, &k, TUI_KC_LIST));
		CHECK(tui_keymap_alternative(&m, &k, TUI_KC_LIST, &out));
		CHECK(out.is_key && out.code == list[i].code);
	}
	k = ch('j'); /* letters are vi's */
	CHECK(!tui_keymap_alternative(&m, &k, TUI_KC_LIST, &out));

	/* in text: Ctrl-F/B/N/P/E become the keys the text editor knows; letters stay text */
	k = ch(6);
	CHECK(tui_keymap_pre(&m, &k, TUI_KC_TEXT) && k.is_key && k.code == KEY_RIGHT);
	k = ch(16);
	CHECK(tui_keymap_pre(&m, &k, TUI_KC_FIELD) && k.is_key && k.code == KEY_UP);
	k = ch(5);
	CHECK(tui_keymap_pre(&m, &k, TUI_KC_TEXT) && k.is_key && k.code == KEY_END);
	k = ch(1); /* Ctrl-A is the editor's own start of line */
	CHECK(tui_keymap_pre(&m, &k, TUI_KC_TEXT) && !k.is_key && k.ch == 1);
	k = ch('f');
	CHECK(tui_keymap_pre(&m, &k, TUI_KC_TEXT) && !k.is_key && k.ch == 'f');

	/* Ctrl-X Ctrl-E: the editor sees Ctrl-E (your own editor), not End */
	k = ch(24);
	CHECK(!tui_keymap_pre(&m, &k, TUI_KC_TEXT));
	CHECK(m.ctrl_x);
	k = ch(5);
	CHECK(tui_keymap_pre(&m, &k, TUI_KC_TEXT) && !k.is_key && k.ch == 5);
	CHECK(!m.ctrl_x);
	/* Ctrl-X then anything else: the prefix is dropped, the key works as usual */
	k = ch(24);
	CHECK(!tui_keymap_pre(&m, &k, TUI_KC_TEXT));
	k = ch(6);
	CHECK(tui_keymap_pre(&m, &k, TUI_KC_TEXT) && k.is_key && k.code == KEY_RIGHT);
	CHECK(!m.ctrl_x);
	/* in a list, Ctrl-X is not a prefix */
	k = ch(24);
	CHECK(tui_keymap_pre(&m, &k, TUI_KC_LIST));
}

static void test_keys_arrows(void)
{
	struct tui_keymap m = {.style = RB_KEYS_ARROWS};
	struct tui_key out;
	wint_t keys[] = {'j', 'k', 'h', 'l', 'g', 'G', 4, 21, 14, 16, 6, 2, 22, 5, 24};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		struct tui_key k = ch(keys[i]);
		CHECK(tui_keymap_pre(&m, &k, TUI_KC_TEXT) && !k.is_key && k.ch == keys[i]);
		CHECK(!tui_keymap_alternative(&m, &k, TUI_KC_LIST, &out));
	}
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	RUN(test_path);
	RUN(test_defaults);
	RUN(test_every_key);
	RUN(test_bad_values);
	RUN(test_bad_syntax);
	RUN(test_keys_vi);
	RUN(test_keys_emacs);
	RUN(test_keys_arrows);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return HARNESS_EXIT();
}
