#!/usr/bin/env bash
# The user's settings file ($XDG_CONFIG_HOME/roadbook/config, docs/configuration.md) with the
# real binary in tmux: the themes (monochrome emits no colour, high contrast differs from the
# default, NO_COLOR still wins), the vi and emacs key styles in a list, a lesson and a text
# answer, the author of saved versions in `git log`, the external editor (core.editor first;
# one that is missing loses nothing), and a broken file: a message naming it, then defaults.
. "$(dirname "$0")/lib.sh"

WB="$WORK/wb"
XDG="$WORK/xdg"
CONF="$XDG/roadbook/config"
mkdir -p "$XDG/roadbook"
"$ROADBOOK" init "$WB" --name "Sam Taylor" --company "Taylor Foods" --lessons "$STARTER" >/dev/null
check "init" test -f "$WB/.roadbook/state.db"

conf() { printf '%s\n' "$@" >"$CONF"; }
# The screen with its attributes (colours as SGR sequences).
screen_e() { tmux -L "$SOCK" capture-pane -p -e -t rb; }
# True when the text has an SGR colour (30-37, 38, 40-47, 48, 90-97, 100-107; 39 and 49 are
# "the default colour" and do not count).
has_colour() { sgr_has '^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$' "$1"; }
# True when an SGR sequence in the text has a parameter matching the regex.
sgr_has() {
	perl -ne 'BEGIN { $re = shift @ARGV } while (/\e\[([0-9;]*)m/g) {
		for (split /;/, $1) { $found = 1 if /$re/ } } END { exit($found ? 0 : 1) }' "$1" <<<"$2"
}
quit() { keys C-c; expect_screen "EXIT=0"; }
# Opens the modules screen with colours allowed (NO_COLOR empty counts as unset).
start_colour() { tui_start 80 24 "$WB" "XDG_CONFIG_HOME=$XDG" "NO_COLOR=" "$@"; expect_screen "First steps"; sleep 0.3; }

# ---- themes ----
rm -f "$CONF"
start_colour
default=$(screen_e)
check "default theme: colours" has_colour "$default"
quit

conf "[ui]" "	theme = monochrome"
start_colour
mono=$(screen_e)
if has_colour "$mono"; then fail "monochrome emitted colour"; else ok; fi
check "monochrome: the selection still shows (reverse video)" sgr_has '^7$' "$mono"
check "monochrome: the selection marker" grep -q "▶ *1\. *week 1" <<<"$(screen)"
quit

conf "[ui]" "	theme = high-contrast"
start_colour
hc=$(screen_e)
check "high contrast: colours" has_colour "$hc"
check "high contrast differs from the default" test "$hc" != "$default"
check "high contrast: a black background (40)" sgr_has '^40$' "$hc"
check "default theme: dim text (week, kind)" sgr_has '^2$' "$default"
if sgr_has '^2$' "$hc"; then fail "high contrast: dim text"; else ok; fi
quit

# NO_COLOR keeps forcing monochrome, whatever the file says.
tui_start 80 24 "$WB" "XDG_CONFIG_HOME=$XDG" "NO_COLOR=1"
expect_screen "First steps"
sleep 0.3
if has_colour "$(screen_e)"; then fail "NO_COLOR with high contrast emitted colour"; else ok; fi
quit

# ---- key styles ----
# Arrows (the default): G is not a key on the modules screen, so Enter opens module 1.
rm -f "$CONF"
tui_start 80 24 "$WB" "XDG_CONFIG_HOME=$XDG"
expect_screen "First steps"
keys G Enter
expect_screen "Why should your business change?"
quit

conf "[ui]" "	keys = vi"
tui_start 80 20 "$WB" "XDG_CONFIG_HOME=$XDG"
expect_screen "First steps"
keys '?'
expect_screen "key style: vi"
esc
keys G Enter # G: the last module
expect_screen "Which basics are in place?"
keys g # the lesson's start
check "vi: g shows the top of the lesson" wait_for "Making a plan"
keys C-d # a page down: the title scrolls away
sleep 0.3
check "vi: Ctrl-D pages down" bash -c "! tmux -L '$SOCK' capture-pane -p -t rb | grep -q '^ *Making a plan'"
keys C-u
check "vi: Ctrl-U pages up" wait_for "Making a plan"
keys h # back to the modules (the lesson's own h), then k up and l to open
expect_screen "2. week"
keys k l
expect_screen "Why should your business change?"
# In a text answer letters are text: j and k are typed.
keys Enter
expect_screen "Esc: done"
type_text "jk"
answer_is "$WB" fs-why "jk"
esc
quit

conf "[ui]" "	keys = emacs" "[core]" "	editor = $WORK/editor.sh"
cat >"$WORK/editor.sh" <<'ED'
#!/bin/sh
printf '\nAdded in my own editor.\n' >>"$1"
ED
chmod +x "$WORK/editor.sh"
"$ROADBOOK" -C "$WB" answer fs-why "" >/dev/null
tui_start 80 20 "$WB" "XDG_CONFIG_HOME=$XDG"
expect_screen "First steps"
keys C-n Enter # Ctrl-N: down
expect_screen "Which basics are in place?"
keys Left
expect_screen "2. week"
keys M-\< Enter # Alt-<: the first module
expect_screen "Why should your business change?"
# The text answer: Ctrl-A / Ctrl-E are start and end of the line, Ctrl-B back a character.
keys Enter
expect_screen "Esc: done"
type_text "abc"
keys C-a
type_text "X"
keys C-e
type_text "Z"
keys C-b
type_text "Y"
answer_is "$WB" fs-why "XabcYZ"
# Ctrl-X Ctrl-E: the editor from the settings file.
keys C-x C-e
expect_screen "Added in my own editor."
answer_is "$WB" fs-why "$(printf 'XabcYZ\nAdded in my own editor.')"
esc
expect_screen "Exercise 1 of 5"
keys C-v
sleep 0.3
check "emacs: Ctrl-V pages down" bash -c "! tmux -L '$SOCK' capture-pane -p -t rb | grep -q '^ *First steps'"
keys M-v
check "emacs: Alt-v pages up" wait_for "First steps"
keys C-b # Ctrl-B: left, back to the modules
expect_screen "1. week"
quit

# ---- the external editor: core.editor before $EDITOR; a missing one loses nothing ----
conf "[core]" "	editor = $WORK/editor.sh"
"$ROADBOOK" -C "$WB" answer fs-why "From the command line." >/dev/null
tui_start 80 24 "$WB" "XDG_CONFIG_HOME=$XDG" "EDITOR=/bin/false"
expect_screen "First steps"
keys Enter
expect_screen "Exercise 1 of 5"
keys e
expect_screen "Added in my own editor."
quit
check "editor: the answer on the command line" \
	test "$("$ROADBOOK" -C "$WB" answer fs-why --get)" = "$(printf 'From the command line.\nAdded in my own editor.')"

conf "[core]" "	editor = $WORK/no-such-editor"
tui_start 80 24 "$WB" "XDG_CONFIG_HOME=$XDG"
expect_screen "First steps"
keys Enter
expect_screen "Exercise 1 of 5"
keys e
expect_screen "could not start your editor"
quit
check "a missing editor changes nothing" \
	test "$("$ROADBOOK" -C "$WB" answer fs-why --get)" = "$(printf 'From the command line.\nAdded in my own editor.')"

# ---- the author of saved versions ----
conf "[user]" "	name = Alex Morgan" "	email = alex@morgan-precision.example"
"$ROADBOOK" -C "$WB" answer fs-notes "Versions by Alex." >/dev/null
XDG_CONFIG_HOME="$XDG" "$ROADBOOK" -C "$WB" save -m "Signed by the settings" >/dev/null
check "save: author from user.name and user.email" \
	test "$(git -C "$WB" log -1 --format='%an <%ae>')" = "Alex Morgan <alex@morgan-precision.example>"
check "save: the message" test "$(git -C "$WB" log -1 --format=%s)" = "Signed by the settings"
rm -f "$CONF"
"$ROADBOOK" -C "$WB" answer fs-notes "Versions by Sam." >/dev/null
XDG_CONFIG_HOME="$XDG" "$ROADBOOK" -C "$WB" save >/dev/null
check "save without settings: the profile's name" \
	test "$(git -C "$WB" log -1 --format=%an)" = "Sam Taylor"

# ---- a broken settings file: said, with file and line; roadbook still works ----
conf "[ui]" "	theme = monochrome" "[user" "	name = x"
tui_start 100 24 "$WB" "XDG_CONFIG_HOME=$XDG"
expect_screen "line 3: missing ']'"
expect_screen "First steps"
keys Enter
expect_screen "Exercise 1 of 5"
quit
"$ROADBOOK" -C "$WB" answer fs-notes "Still works." >/dev/null
XDG_CONFIG_HOME="$XDG" "$ROADBOOK" -C "$WB" save >"$WORK/out" 2>"$WORK/err"
check "save with a broken file: exit 0" test $? -eq 0
check "save with a broken file: the message names the file and line" \
	grep -q "roadbook/config, line 3" "$WORK/err"
check "save with a broken file: the profile's name" \
	test "$(git -C "$WB" log -1 --format=%an)" = "Sam Taylor"

conf "[ui]" "	theme = purple"
tui_start 120 24 "$WB" "XDG_CONFIG_HOME=$XDG"
expect_screen "ui.theme = \"purple\" is not a value"
expect_screen "First steps"
quit

finish
