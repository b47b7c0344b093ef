#!/usr/bin/env bash
# Terminals roadbook cannot draw on, a second window on the same workbook, a tiny window, and
# the welcome form that creates a workbook.
. "$(dirname "$0")/lib.sh"

WB="$WORK/wb"
"$ROADBOOK" init "$WB" --name "Sam" --company "Pies Ltd" --lessons "$STARTER" >/dev/null

tui_start 80 24 "$WB" TERM=dumb
expect_screen "cannot draw roadbook's screens"
expect_screen "EXIT=1"

tui_start 80 24 "$WB" TERM=no-such-terminal-type
expect_screen "does not know your terminal type (TERM=no-such-terminal-type)"
expect_screen "EXIT=1"

tui_start 80 24 "$WB" LANG=C LC_ALL=C
expect_screen "not set up for UTF-8"
expect_screen "EXIT=1"

out=$("$ROADBOOK" -C "$WB" </dev/null 2>&1 >/dev/null)
check "no terminal: explained" grep -q "needs a terminal" <<<"$out"

# A tiny window says so plainly, and the workbook still opens when it grows.
tui_start 20 5 "$WB"
expect_screen "small for"
resize 80 24
expect_screen "First steps"

# A second window on the same workbook: a clear message, no hang, the first keeps working.
"$ROADBOOK" -C "$WB" >"$WORK/second.out" 2>&1 <<<"" &
sleep 0.2
check "second instance refused (needs a tty first)" grep -q "needs a terminal" "$WORK/second.out"
first_sock=$SOCK
SOCK2="rb-e2e-$$-second"
tmux -L "$SOCK2" -f /dev/null new-session -d -s rb2 -x 80 -y 24 \
	"cd '$WB' && TERM=screen-256color LANG=C.UTF-8 '$ROADBOOK'; echo EXIT=\$?; sleep 600"
for i in $(seq 1 50); do
	tmux -L "$SOCK2" capture-pane -p -t rb2 | grep -q "EXIT=" && break
	sleep 0.1
done
second=$(tmux -L "$SOCK2" capture-pane -p -t rb2)
tmux -L "$SOCK2" kill-server
check "second window: already open" grep -q "already open in another roadbook window" <<<"$second"
check "second window: exit code 4" grep -q "EXIT=4" <<<"$second"
SOCK=$first_sock
keys Enter
expect_screen "Exercise 1 of 5"
keys q q
expect_screen "EXIT=0"

# One key opens the answer in the participant's own editor; what it saves comes back checked.
cat >"$WORK/editor.sh" <<'ED'
#!/bin/sh
printf '\nWritten in my own editor.\n' >>"$1"
ED
chmod +x "$WORK/editor.sh"
tui_start 80 24 "$WB" "EDITOR=$WORK/editor.sh"
expect_screen "First steps"
keys Enter
expect_screen "Exercise 1 of 5"
keys e
expect_screen "Written in my own editor."
answer_is "$WB" fs-why "Written in my own editor."
keys Enter
expect_screen "Why should your business change?"
keys C-e
expect_screen "Written in my own editor."
answer_is "$WB" fs-why "$(printf 'Written in my own editor.\nWritten in my own editor.')"
esc
keys q q
expect_screen "EXIT=0"

# The welcome form creates a workbook in an empty folder.
mkdir "$WORK/empty"
tui_start 80 24 "$WORK/empty"
expect_screen "Welcome to roadbook"
keys Enter
expect_screen "Give your name with --name"
type_text "Priya Shah"
keys Tab
type_text "Shah Precision"
keys Tab Tab
type_text "forty"
keys Enter
expect_screen "employees must be a whole number"
keys C-w
type_text "42"
keys Enter
expect_screen "Your workbook is ready"
expect_screen "Priya Shah · Shah Precision"
keys q
expect_screen "EXIT=0"
status=$("$ROADBOOK" -C "$WORK/empty" status --json)
check "created by the welcome form" grep -q '"participant":"Priya Shah"' <<<"$status"
finish
