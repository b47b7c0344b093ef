#!/usr/bin/env bash
# Terminal safety: a corpus of escape sequences, control and invisible characters
# (tests/fixtures/terminal/corpus.txt, 85 entries) is put everywhere text comes from other people
# or files -- lesson prose, code, links and headings, entity-encoded forms, answers, names, lint
# messages -- and everything that reaches a pipe (stdout and stderr of each command) or a real
# terminal (tmux: the raw bytes roadbook wrote, recorded with pipe-pane, and tmux's own state:
# title, clipboard, bell) is checked by tests/e2e/terminal_check.py.
. "$(dirname "$0")/lib.sh"

CHK="python3 $SRC/tests/e2e/terminal_check.py"
C="$WORK/corpus"
n=$($CHK corpus "$SRC/tests/fixtures/terminal/corpus.txt" "$C")
check "corpus has at least 50 sequences ($n)" test "$n" -ge 50

clean() { # clean WHAT FILE... : every file passes the text check
	local what=$1; shift
	check "$what: nothing a terminal would obey" $CHK text "$@"
}

# ---- pipes: roadbook render, at several widths and from standard input ----
for w in 10 20 80 200; do
	"$ROADBOOK" render "$C/payloads.md" --width "$w" >"$WORK/render.$w" 2>"$WORK/render.$w.err"
	check "render --width $w exits 0" test $? -eq 0
	clean "render --width $w" "$WORK/render.$w" "$WORK/render.$w.err"
done
"$ROADBOOK" render - <"$C/payloads.md" >"$WORK/render.stdin" 2>&1
clean "render from stdin" "$WORK/render.stdin"
check "render keeps the text around a sequence" grep -q "csi-clear: before  after" "$WORK/render.80"
check "render removes an entity-encoded escape sequence whole" \
	grep -q "entity-esc-osc52: before  after" "$WORK/render.80"

# ---- a curriculum carrying the corpus: lint, and a workbook made from it ----
L="$WORK/lessons"
cp -r "$STARTER" "$L"
cat "$C/payloads-valid.md" >>"$L/01-first-steps.md"
"$ROADBOOK" lint "$L" >"$WORK/lint.out" 2>"$WORK/lint.err"
clean "lint of the corpus lesson" "$WORK/lint.out" "$WORK/lint.err"
# a problem message quoting an id made of escape sequences
BAD="$WORK/bad-lessons"
cp -r "$STARTER" "$BAD"
python3 - "$BAD/01-first-steps.md" "$C/osc52-clipboard.bin" "$C/c1-csi-utf8.bin" <<'PY'
import sys
path, a, b = sys.argv[1:]
t = open(path, "rb").read()
t = t.replace(b"id: fs-why", b"id: fs-why" + open(a, "rb").read() + open(b, "rb").read(), 1)
open(path, "wb").write(t)
PY
"$ROADBOOK" lint "$BAD" >"$WORK/lint-bad.out" 2>"$WORK/lint-bad.err"
check "lint refuses the id" test $? -eq 1
clean "lint messages quoting a bad id" "$WORK/lint-bad.out" "$WORK/lint-bad.err"
check "lint names the problem" grep -q "01-first-steps.md:" "$WORK/lint-bad.out" "$WORK/lint-bad.err"

WB="$WORK/wb"
NAME="Sam $(cat "$C/osc0-title.bin")$(cat "$C/bidi-rlo.bin") Taylor"
"$ROADBOOK" init "$WB" --name "$NAME" --company "Pies $(cat "$C/csi-clear.bin") Ltd" \
	--lessons "$L" >"$WORK/init.out" 2>&1
check "init with names full of sequences" test $? -eq 0
clean "init" "$WORK/init.out"

# ---- answers: every sequence through the command line, then every command that shows them ----
i=0
for f in "$C"/*.bin; do
	i=$((i + 1))
	p=$(cat "$f"; echo x)
	p=${p%x}
	"$ROADBOOK" -C "$WB" answer fs-why "before ${p} after" >>"$WORK/answer.out" 2>&1
	"$ROADBOOK" -C "$WB" answer fs-why --get >>"$WORK/answer.out" 2>&1
done
check "every sequence answered ($i)" test "$i" -eq "$n"
clean "answer and answer --get" "$WORK/answer.out"
"$ROADBOOK" -C "$WB" answer fs-why <"$C/all.txt" >"$WORK/all.out" 2>&1
check "an answer with invalid UTF-8 is refused" test $? -eq 1
check "... saying so in plain words" grep -q "not valid UTF-8" "$WORK/all.out"
"$ROADBOOK" -C "$WB" answer fs-why <"$C/all-valid.txt" >>"$WORK/all.out" 2>&1
check "the whole (valid) corpus as one answer" test $? -eq 0
"$ROADBOOK" -C "$WB" answer fs-why --get >"$WORK/get.out" 2>&1
check "stored: sequences removed whole, text kept" grep -q "^before  after$" "$WORK/get.out"
"$ROADBOOK" -C "$WB" save -m "corpus $(cat "$C/osc52-clipboard.bin") saved" >"$WORK/save.out" 2>&1
for cmd in "exercises" "exercises --json" "status" "status --json" "strategy" "log" "log --json" \
	"diff HEAD~1" "strategy --format html"; do
	# shellcheck disable=SC2086
	"$ROADBOOK" -C "$WB" $cmd >"$WORK/cmd.out" 2>"$WORK/cmd.err"
	clean "roadbook $cmd" "$WORK/cmd.out" "$WORK/cmd.err"
done
clean "save" "$WORK/save.out" "$WORK/all.out"
# an answers file edited by hand (or by another laptop) with raw sequences in it
python3 - "$WB/answers" "$C/osc52-clipboard.bin" <<'PY'
import os, sys
d, evil = sys.argv[1], open(sys.argv[2], "rb").read()
for name in sorted(os.listdir(d)):
    p = os.path.join(d, name)
    t = open(p, "rb").read()
    open(p, "wb").write(t.replace(b"before  after", b"hand " + evil + b" edited", 1))
    break
PY
"$ROADBOOK" -C "$WB" status >"$WORK/status2.out" 2>&1
"$ROADBOOK" -C "$WB" answer fs-why --get >>"$WORK/status2.out" 2>&1
clean "an answers file edited by hand" "$WORK/status2.out"

# ---- a real terminal: the raw bytes roadbook writes, and tmux's state ----
printf 'Sam wrote this' | "$ROADBOOK" -C "$WB" answer fs-why >/dev/null
tui_start 100 30 "$WB"
tmux -L "$SOCK" set-option -g set-clipboard on >/dev/null
tmux -L "$SOCK" pipe-pane -o -t rb "cat >>'$WORK/raw.bin'"
title0=$(tmux -L "$SOCK" display-message -p -t rb '#{pane_title}')
expect_screen "First steps"
keys Enter
expect_screen "Exercise 1 of"
for _ in $(seq 1 40); do keys NPage; sleep 0.05; done
expect_screen "End of the corpus."
keys G g
sleep 0.3
keys s
expect_screen "Digital strategy and technology roadmap"
for _ in $(seq 1 10); do keys NPage; sleep 0.05; done
keys q
sleep 0.3
check "still roadbook's screen after the corpus" wait_for "First steps"
title1=$(tmux -L "$SOCK" display-message -p -t rb '#{pane_title}')
check "pane title unchanged by OSC 0/2 ('$title1')" test "$title0" = "$title1"
check "no clipboard write reached tmux (OSC 52)" test -z "$(tmux -L "$SOCK" list-buffers 2>/dev/null)"
bell=$(tmux -L "$SOCK" display-message -p -t rb '#{window_bell_flag}')
check "no bell" test "$bell" = "0"
keys q q
expect_screen "EXIT=0"
tmux -L "$SOCK" pipe-pane -t rb
check "raw terminal output recorded" test -s "$WORK/raw.bin"
check "raw terminal output: no OSC/DCS/APC, C1, BEL, bidi or zero-width" \
	$CHK stream "$WORK/raw.bin"
finish
