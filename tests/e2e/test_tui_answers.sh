#!/usr/bin/env bash
# Opens the real TUI in tmux on the starter curriculum, answers every exercise type through its
# editor, resizes while typing, quits, reopens: every answer must still be there.
. "$(dirname "$0")/lib.sh"

WB="$WORK/wb"
"$ROADBOOK" init "$WB" --name "Sam Taylor" --company "Taylor Foods" --lessons "$STARTER" >/dev/null
check "init" test -f "$WB/.roadbook/state.db"

tui_start 80 24 "$WB"
expect_screen "Sam Taylor · Taylor Foods"
expect_screen "First steps"
expect_screen "Making a plan"

# Module 1: text (multi-line), scale, choice, multi.
keys Enter
expect_screen "Exercise 1 of 5"
keys Enter
expect_screen "Why should your business change?"
type_text "We bake pies."
keys Enter
type_text "Customers want traceability – 日本 café."
sleep 0.6
answer_is "$WB" fs-why "$(printf 'We bake pies.\nCustomers want traceability – 日本 café.')"
# Resize while editing: the text and the editor survive, a tiny window says so.
resize 60 18
expect_screen "Customers want traceability"
resize 20 5
expect_screen "least 50x12"
resize 80 24
expect_screen "We bake pies."
keys C-w C-w
sleep 0.6
answer_is "$WB" fs-why "$(printf 'We bake pies.\nCustomers want traceability –')"
# A byte that is not UTF-8 is explained and left out; the editor carries on.
keys -H ff
expect_screen "could not be read"
type_text "OK"
answer_is "$WB" fs-why "$(printf 'We bake pies.\nCustomers want traceability – OK')"
keys C-w
answer_is "$WB" fs-why "$(printf 'We bake pies.\nCustomers want traceability –')"
esc
expect_screen "Exercise 2 of 5"

keys Tab Enter
expect_screen "How well do you use data today?"
keys 2
sleep 0.2
answer_is "$WB" fs-data-now 2
esc
keys Tab Enter
expect_screen "What kind of manufacturer"
keys Down Space
sleep 0.2
answer_is "$WB" fs-kind aero
esc
keys Tab Enter
expect_screen "Which technologies interest you?"
keys Space Down Down Space
sleep 0.2
answer_is "$WB" fs-tech "cobots,iiot"
# A third choice is refused by the max-choices rule, with a message.
keys Up Space
expect_screen "at most 2"
answer_is "$WB" fs-tech "cobots,iiot"
esc
expect_screen "[x] Collaborative robots"
esc
expect_screen "1. week 1"
expect_screen "4/4"

# Module 2: checklist, numbers (bad then good), table, scale.
keys Down Enter
expect_screen "Making a plan"
keys Enter
expect_screen "Which basics are in place?"
keys Space Down Down Space
sleep 0.2
answer_is "$WB" plan-basics "backup,patch"
esc
keys Tab Enter
expect_screen "What could you invest this year?"
type_text "lots"
keys Enter
expect_screen "not a number"
answer_is "$WB" plan-budget ""
keys C-w
type_text "£40,000"
keys Enter
sleep 0.2
answer_is "$WB" plan-budget 40000
keys Tab Enter
expect_screen "grant cover"
type_text "12.55"
keys Enter
expect_screen "at most 1 decimal"
keys BSpace Enter
sleep 0.2
answer_is "$WB" plan-share 12.5
keys Tab Enter
expect_screen "Which initiatives will you take on?"
expect_screen "No rows yet"
keys a
type_text "Cobot | cell"
keys Tab
type_text "soon"
keys Enter
expect_screen "is not one of"
keys C-w
type_text "now"
keys Tab
type_text "2027-q1"
keys Tab
type_text "60000"
keys Tab
type_text "Data and analytics"
keys Enter
sleep 0.3
answer_is "$WB" plan-roadmap 'Cobot \| cell | now | 2027-Q1 | 60000 | data'
keys a
type_text "MES pilot"
keys Enter
sleep 0.3
answer_is "$WB" plan-roadmap "$(printf 'Cobot \\| cell | now | 2027-Q1 | 60000 | data\nMES pilot |  |  |  | ')"
keys d d
sleep 0.3
answer_is "$WB" plan-roadmap 'Cobot \| cell | now | 2027-Q1 | 60000 | data'
esc
expect_screen "1. Cobot | cell · now · 2027-Q1 · 60000 · data"
keys Tab Enter
expect_screen "How ready are your people?"
keys Down Down Enter
sleep 0.2
answer_is "$WB" plan-people 3
esc

# Help lists the keys; q leaves; the terminal is restored.
keys '?'
expect_screen "show or hide this list of keys"
esc
keys q q
expect_screen "EXIT=0"
expect_screen "icanon echo"

# Reopen: the answers are shown and counted.
tui_start 80 24 "$WB"
expect_screen "4/4"
expect_screen "5/5"
keys Enter
expect_screen "We bake pies."
keys q q
expect_screen "EXIT=0"
status=$("$ROADBOOK" -C "$WB" status --json)
check "status says 100%" grep -q '"percent":100,"modules"' <<<"$status"
finish
