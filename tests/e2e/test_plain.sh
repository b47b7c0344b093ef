#!/usr/bin/env bash
# roadbook --plain: the workbook as a conversation on standard input and output, without
# curses. Driven through a pipe it answers every exercise type of the starter curriculum
# (checked with 'roadbook answer ID --get'), refuses a wrong value with the TUI's message and
# asks again, keeps what was answered when the input ends half-way, never prints an escape
# sequence, and says how to make a workbook when there is none. Then once on a real terminal.
. "$(dirname "$0")/lib.sh"

WB="$WORK/wb"
plain() { "$ROADBOOK" -C "$1" --plain; }

# No workbook: a message that says how to make one, exit 3, and nothing on the screen drawn.
mkdir "$WORK/empty"
printf '1\n' | "$ROADBOOK" -C "$WORK/empty" --plain >"$WORK/out" 2>"$WORK/err"; rc=$?
check "no workbook: not-found exit code" test $rc -eq 3
check "no workbook: says how to make one" grep -q "roadbook init" "$WORK/err"
check "no workbook: nothing created" test ! -e "$WORK/empty/.roadbook"
check "no workbook: no escape sequence" bash -c "! grep -q $'\e' '$WORK/out' '$WORK/err'"

"$ROADBOOK" init "$WB" --name "Sam Taylor" --company "Taylor Foods" --lessons "$STARTER" \
	>/dev/null
# Module 1: a two-line text (with an escape sequence typed in), a scale given out of range
# first, a choice by number, a multi-choice, the optional text left empty. Module 2 by its
# id: a checklist, a number with its unit and separators, a number with too many decimals
# first, a table of two rows, a scale. Then q.
printf '%s\n' 1 "We bake pies." $'Customers want \e[31mtraceability.' . 7 2 2 1,3 "" \
	plan "1, 3" "£12,500" 12.25 12.5 "Robot | now | 2027-Q2 | 10000 | data" \
	"Vision | later | 2028-Q1 | 5,000 | people" . 2 q \
	| plain "$WB" >"$WORK/out" 2>"$WORK/err"; rc=$?
check "whole run: exit 0" test $rc -eq 0
check "whole run: nothing on stderr" test ! -s "$WORK/err"
check "lists the modules with progress" grep -q "^1. First steps (week 1, workshop): 0 of 4 answered." "$WORK/out"
check "lesson as plain text: heading in words" grep -q "^Heading level 1: First steps" "$WORK/out"
check "lesson as plain text: the lesson's words" grep -q "Every strategy starts with a reason" "$WORK/out"
check "explains how to answer" grep -q "press Enter on an empty line to keep the current answer" "$WORK/out"
check "text: says how to end it" grep -q "then a line holding only a full stop" "$WORK/out"
check "scale: its range" grep -q "^Type a number from 0 to 3.$" "$WORK/out"
check "choice: options numbered" grep -q "^2. Aerospace$" "$WORK/out"
check "announces each save" test "$(grep -c '^Saved.$' "$WORK/out")" -eq 9
check "wrong value: the TUI's message" grep -q "^Not saved: 7 is outside the scale: give a number from 0 to 3.$" "$WORK/out"
check "wrong value: asked again" test "$(grep -c '^Exercise 2 of 5, pick a point on the scale' "$WORK/out")" -eq 2
check "wrong number: the TUI's message" grep -q "^Not saved: Use at most 1 decimal places.$" "$WORK/out"
check "optional left empty" grep -q "^Not answered.$" "$WORK/out"
check "module complete announced" test "$(grep -c '^Module complete.$' "$WORK/out")" -eq 2
check "progress after" grep -q "^2. Making a plan (week 2, site visit): 5 of 5 answered, complete." "$WORK/out"
check "no escape byte in the output" bash -c "! grep -q $'\e' '$WORK/out'"
answer_is "$WB" fs-why "$(printf 'We bake pies.\nCustomers want traceability.')"
answer_is "$WB" fs-data-now 2
answer_is "$WB" fs-kind aero
answer_is "$WB" fs-tech "cobots,iiot"
answer_is "$WB" fs-notes ""
answer_is "$WB" plan-basics "backup,patch"
answer_is "$WB" plan-budget 12500
answer_is "$WB" plan-share 12.5
answer_is "$WB" plan-roadmap "$(printf 'Robot | now | 2027-Q2 | 10000 | data\nVision | later | 2028-Q1 | 5000 | people')"
answer_is "$WB" plan-people 2
# Versions as the TUI makes them: one per completed module.
check "a version per completed module" bash -c "'$ROADBOOK' -C '$WB' log | grep -q 'First steps: completed'"
check "second module's version" bash -c "'$ROADBOOK' -C '$WB' log | grep -q 'Making a plan: completed'"

# Current answers are shown; Enter keeps them, "-" clears, "q" goes back to the modules.
printf '%s\n' 1 "" - q q | plain "$WB" >"$WORK/out" 2>&1; rc=$?
check "keep/clear: exit 0" test $rc -eq 0
check "current text shown" grep -q "^Customers want traceability.$" "$WORK/out"
check "kept announced" grep -q "^Kept your answer.$" "$WORK/out"
check "cleared announced" grep -q "^Cleared.$" "$WORK/out"
check "q goes back to the modules" test "$(grep -c '^Open which module?' "$WORK/out")" -eq 2
check "choice shown as chosen" grep -q "^2. Aerospace, chosen$" "$WORK/out"
answer_is "$WB" fs-why "$(printf 'We bake pies.\nCustomers want traceability.')"
answer_is "$WB" fs-data-now ""
answer_is "$WB" fs-kind aero

# The end of the input half-way: what was given is kept, exit 0. A text without its closing
# full stop is saved too. Also ROADBOOK_PLAIN=1 instead of --plain.
WB2="$WORK/wb2"
"$ROADBOOK" init "$WB2" --name "Ann" --company "Ann Ltd" --lessons "$STARTER" >/dev/null
printf '1\nFirst answer\n.\n3\n' | ROADBOOK_PLAIN=1 "$ROADBOOK" -C "$WB2" >"$WORK/out" 2>&1; rc=$?
check "EOF: exit 0" test $rc -eq 0
check "EOF: says the answers are saved" grep -q "^Your answers are saved." "$WORK/out"
answer_is "$WB2" fs-why "First answer"
answer_is "$WB2" fs-data-now 3
answer_is "$WB2" fs-kind ""
# Enter four times (kept, kept, not answered, not answered), then the optional text without
# its closing full stop.
printf '1\n\n\n\n\nHalf a\nthought' | plain "$WB2" >"$WORK/out" 2>&1; rc=$?
check "EOF inside a text: exit 0" test $rc -eq 0
check "EOF inside a text: saved" grep -q "^Saved.$" "$WORK/out"
answer_is "$WB2" fs-notes "$(printf 'Half a\nthought')"
answer_is "$WB2" fs-why "First answer"
answer_is "$WB2" fs-kind ""
check "leaving makes a version" bash -c "'$ROADBOOK' -C '$WB2' log | head -1 | grep -qv 'Workbook started'"

# A lesson with links, lists, a quote and a rule, and an escape sequence written as an entity.
LES="$WORK/lessons"
cp -r "$STARTER" "$LES"
cat >"$LES/01-first-steps.md" <<'EOF'
# First steps

```roadbook module
id: first-steps
week: 1
kind: workshop
duration: 60
objective: Say why the business should change
```

See [Made Smarter](https://www.madesmarter.uk/) and <https://example.org/a>.

- one
  - nested
- two

> A quote.

---

Red &#27;[31malert&#27;[0m here.

```roadbook exercise
id: fs-why
type: text
prompt: Why should your business change?
section: vision
```
EOF
WB3="$WORK/wb3"
"$ROADBOOK" init "$WB3" --name "Bo" --company "Bo Ltd" --lessons "$LES" >/dev/null
printf '1\nq\nq\n' | plain "$WB3" >"$WORK/out" 2>&1
check "link with its address" grep -q "See Made Smarter (https://www.madesmarter.uk/) and" "$WORK/out"
check "autolink once" grep -q " and https://example.org/a.$" "$WORK/out"
check "list marked by -" grep -q "^- one$" "$WORK/out"
check "nested list marked by -" grep -q "^  - nested$" "$WORK/out"
check "quote marked by >" grep -q "^> A quote.$" "$WORK/out"
check "rule in words" grep -q "^(section break)$" "$WORK/out"
check "exercise placed in the lesson" grep -q "^(Exercise 1 of 1, asked after the lesson: Why should" "$WORK/out"
check "entity escape neutralised" grep -q "^Red alert here.$" "$WORK/out"
check "no box drawing or bullets" bash -c "! grep -q '[•◦▪│═─]' '$WORK/out'"
check "no escape byte (lesson)" bash -c "! grep -q $'\e' '$WORK/out'"

# On a real terminal: the same conversation, typed; Ctrl-D ends it and saves.
tui_start 80 30 "$WB2" -- --plain
expect_screen "Open which module?"
type_text "1"; keys Enter
expect_screen "Exercise 1 of 5"
keys Enter
expect_screen "Kept your answer."
type_text "1"; keys Enter
expect_screen "Saved."
keys C-d
expect_screen "EXIT=0"
check "terminal: no curses screen" bash -c "! tmux -L '$SOCK' capture-pane -p -t rb | grep -q 'roadbook · '"
answer_is "$WB2" fs-data-now 1

finish
