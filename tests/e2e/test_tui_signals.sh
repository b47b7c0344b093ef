#!/usr/bin/env bash
# Signals while editing: kill -9 loses at most the last second of typing and leaves a sound
# database; SIGHUP, SIGTERM and SIGINT save everything and restore the terminal.
. "$(dirname "$0")/lib.sh"

WB="$WORK/wb"
"$ROADBOOK" init "$WB" --name "Sam" --company "Pies Ltd" --lessons "$STARTER" >/dev/null

open_text_editor() {
	"$ROADBOOK" -C "$WB" answer fs-why ""
	tui_start 80 24 "$WB"
	expect_screen "First steps"
	keys Enter
	expect_screen "Exercise 1 of 5"
	keys Enter
	expect_screen "Why should your business change?"
}

# kill -9 in the middle of steady typing (10 characters a second for 3 seconds).
open_text_editor
typed=""
text="The quick brown fox jumps over the lazy dog again"
for i in $(seq 0 29); do
	c=${text:$i:1}
	type_text "$c"
	typed="$typed$c"
	sleep 0.1
done
pid=$(rb_pid)
check "found the roadbook process" test -n "$pid"
kill -9 "$pid"
sleep 0.3
saved=$("$ROADBOOK" -C "$WB" answer fs-why --get)
case "$typed" in
"$saved"*) ok ;;
*) fail "saved text [$saved] is not a prefix of what was typed [$typed]" ;;
esac
lost=$(( ${#typed} - ${#saved} ))
echo "kill -9: typed ${#typed} characters, saved ${#saved}, lost $lost (10 typed per second)"
check "kill -9 lost at most about a second of typing (lost $lost)" test "$lost" -le 12
check "database sound after kill -9" \
	test "$(sqlite3 "$WB/.roadbook/state.db" 'PRAGMA integrity_check')" = "ok"
# The lock died with the process: the workbook opens again at once.
tui_start 80 24 "$WB"
expect_screen "First steps"
keys q
expect_screen "EXIT=0"

for sig in HUP TERM INT; do
	open_text_editor
	type_text "Saved on SIG$sig"
	wait_for "Saved on SIG$sig" >/dev/null # the keys have reached roadbook (a loaded machine is slow)
	kill -"$sig" "$(rb_pid)"
	expect_screen "EXIT="
	expect_screen "stopped by a signal; your answers were saved"
	expect_screen "icanon echo"
	answer_is "$WB" fs-why "Saved on SIG$sig"
done

# SIGTSTP in an interactive shell with job control (bash -i in the pane; Ctrl-Z is the
# editor's undo key in raw mode, so the signal comes from outside, as a multiplexer or `kill`
# sends it): what was typed is saved, the terminal is given back in its normal mode, the shell
# says the job stopped; `fg` brings the screen back as it was.
stopped() { [ "$(ps -o stat= -p "$1" | cut -c1)" = T ]; }
wait_until() { local i; for i in $(seq 1 50); do "$@" && return 0; sleep 0.1; done; return 1; }
"$ROADBOOK" -C "$WB" answer fs-why ""
tmux -L "$SOCK" kill-server 2>/dev/null
SOCK="rb-e2e-$$-jobs"
tmux -L "$SOCK" -f /dev/null new-session -d -s rb -x 80 -y 24 "env -i PATH=\"$PATH\" HOME=\"$WORK\" TERM=screen-256color LANG=C.UTF-8 PS1='job\$ ' bash --norc --noprofile -i"
wait_for 'job$' >/dev/null
type_text "cd '$WB' && '$ROADBOOK'"
keys Enter
expect_screen "First steps"
keys Enter
expect_screen "Exercise 1 of 5"
keys Enter
expect_screen "Why should your business change?"
for round in 1 2; do
	type_text "Paused $round."
	wait_for "Paused $round." >/dev/null
	pid=$(rb_pid) # the roadbook child of this pane's shell, not another test's
	kill -TSTP "$pid"
	check "TSTP $round: the process stops" wait_until stopped "$pid"
	expect_screen "Stopped"
	check "TSTP $round: what was typed is saved" \
		bash -c "'$ROADBOOK' -C '$WB' answer fs-why --get | grep -q 'Paused $round.\$'"
	check "TSTP $round: roadbook's screen is gone, the shell is back" \
		bash -c "! tmux -L '$SOCK' capture-pane -p -t rb | grep -q 'Why should your business'"
	type_text "fg"
	keys Enter
	expect_screen "Why should your business change?"
	expect_screen "Paused $round."
	type_text " "
done
keys C-c
check "quit after resuming" wait_for 'job$'
answer_is "$WB" fs-why "Paused 1. Paused 2."

# Ctrl-C in the TUI is the same as SIGINT: save and quit.
open_text_editor
type_text "Saved by Ctrl-C"
keys C-c
expect_screen "EXIT=0"
answer_is "$WB" fs-why "Saved by Ctrl-C"

# A hang-up while another program holds the database's write lock (a backup, sqlite3): the
# words cannot reach the database and the terminal is gone, so they go to
# .roadbook/recovered/fs-why.txt; the next start says so, and Ctrl-R in that answer puts them
# back. The message names no other roadbook.
open_text_editor
holder_in="$WORK/holder.in"
mkfifo "$holder_in"
sqlite3 "$WB/.roadbook/state.db" <"$holder_in" >/dev/null 2>&1 &
holder=$!
exec 7>"$holder_in"
echo "BEGIN EXCLUSIVE; SELECT 1;" >&7
sleep 0.5
type_text "Typed while locked."
wait_long() { local i; for i in $(seq 1 150); do screen | grep -qF -- "$1" && return 0; sleep 0.1; done; return 1; }
check "locked: roadbook says it is not saved" wait_long "not saved"
check "locked: the message blames no other roadbook" bash -c "! tmux -L '$SOCK' capture-pane -p -t rb | grep -q 'another roadbook'"
kill -HUP "$(rb_pid)"
wait_long "EXIT=" >/dev/null
echo "ROLLBACK;" >&7
exec 7>&-
wait "$holder" 2>/dev/null
kept="$WB/.roadbook/recovered/fs-why.txt"
check "hang-up while locked: the words are kept in a file" test "$(cat "$kept" 2>/dev/null)" = "Typed while locked."
check "hang-up while locked: the database has the earlier (empty) answer" \
	test -z "$("$ROADBOOK" -C "$WB" answer fs-why --get)"
tui_start 100 24 "$WB"
check "next start: says words were kept" wait_for "Not saved when roadbook last stopped: words in fs-why"
keys Enter
expect_screen "Exercise 1 of 5"
keys Enter
check "the answer: offers them back" wait_for "Ctrl-R puts back the words"
keys C-r
check "Ctrl-R: put back" wait_for "Put back the words"
keys Escape
sleep 0.5
answer_is "$WB" fs-why "Typed while locked."
check "Ctrl-R: the kept file is gone once saved" test ! -e "$kept"
keys q
finish
