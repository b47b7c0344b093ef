/* keymap.c - the key styles of ui.keys in one place: vi and emacs movement keys become the
 * arrow, Home/End and page keys every screen already knows, so no screen has its own copy.
 * In lists and readers a key is translated only when the screen did not use it (a letter a
 * screen binds keeps its meaning there); while typing, letters are text and only emacs
 * control keys are translated. */
#include "tui/internal.h"

#include <string.h>

#define CTRL(c) ((wint_t)((c)&0x1f))

static bool plain_ch(const struct tui_key *k, wint_t ch)
{
	return !k->is_key && !k->alt && k->ch == ch;
}

static bool alt_ch(const struct tui_key *k, wint_t ch)
{
	return !k->is_key && k->alt && k->ch == ch;
}

static void as_key(struct tui_key *k, int code)
{
	memset(k, 0, sizeof *k);
	k->is_key = true;
	k->code = code;
}

bool tui_keymap_pre(struct tui_keymap *m, struct tui_key *k, enum tui_key_context ctx)
{
	if (m->ctrl_x) {
		m->ctrl_x = false;
		/* Ctrl-X Ctrl-E: the screen sees Ctrl-E, its "your own editor" key */
		if (ctx == TUI_KC_TEXT && plain_ch(k, CTRL('E')))
			return true;
	}
	if (m->style != RB_KEYS_EMACS || ctx == TUI_KC_LIST)
		return true;
	if (ctx == TUI_KC_TEXT && plain_ch(k, CTRL('X'))) {
		m->ctrl_x = true;
		return false;
	}
	if (plain_ch(k, CTRL('F')))
		as_key(k, KEY_RIGHT);
	else if (plain_ch(k, CTRL('B')))
		as_key(k, KEY_LEFT);
	else if (plain_ch(k, CTRL('N')))
		as_key(k, KEY_DOWN);
	else if (plain_ch(k, CTRL('P')))
		as_key(k, KEY_UP);
	else if (plain_ch(k, CTRL('E')))
		as_key(k, KEY_END);
	else if (plain_ch(k, CTRL('V')))
		as_key(k, KEY_NPAGE);
	else if (alt_ch(k, 'v'))
		as_key(k, KEY_PPAGE);
	return true;
}

bool tui_keymap_alternative(const struct tui_keymap *m, const struct tui_key *k,
			    enum tui_key_context ctx, struct tui_key *out)
{
	static const struct {
		enum rb_key_style style;
		bool alt;
		wint_t ch;
		int code;
	} table[] = {
	    {RB_KEYS_VI, false, 'j', KEY_DOWN},
	    {RB_KEYS_VI, false, 'k', KEY_UP},
	    {RB_KEYS_VI, false, 'h', KEY_LEFT},
	    {RB_KEYS_VI, false, 'l', KEY_RIGHT},
	    {RB_KEYS_VI, false, 'g', KEY_HOME},
	    {RB_KEYS_VI, false, 'G', KEY_END},
	    {RB_KEYS_VI, false, CTRL('D'), KEY_NPAGE},
	    {RB_KEYS_VI, false, CTRL('F'), KEY_NPAGE},
	    {RB_KEYS_VI, false, CTRL('U'), KEY_PPAGE},
	    {RB_KEYS_VI, false, CTRL('B'), KEY_PPAGE},
	    {RB_KEYS_EMACS, false, CTRL('N'), KEY_DOWN},
	    {RB_KEYS_EMACS, false, CTRL('P'), KEY_UP},
	    {RB_KEYS_EMACS, false, CTRL('F'), KEY_RIGHT},
	    {RB_KEYS_EMACS, false, CTRL('B'), KEY_LEFT},
	    {RB_KEYS_EMACS, true, '<', KEY_HOME},
	    {RB_KEYS_EMACS, true, '>', KEY_END},
	    {RB_KEYS_EMACS, false, CTRL('V'), KEY_NPAGE},
	    {RB_KEYS_EMACS, true, 'v', KEY_PPAGE},
	};
	if (ctx != TUI_KC_LIST || k->is_key)
		return false;
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].style == m->style && table[i].alt == k->alt && table[i].ch == k->ch) {
			as_key(out, table[i].code);
			return true;
		}
	return false;
}
