#!/usr/bin/env bash
# roadbook demo: a complete example workbook - every exercise answered through the same checks
# as the TUI, a full strategy, and a folder that already has a workbook left alone.
. "$(dirname "$0")/lib.sh"

"$ROADBOOK" demo "$WORK/demo" >"$WORK/out" 2>&1; rc=$?
cat "$WORK/out"
check "demo created" test $rc -eq 0
"$ROADBOOK" -C "$WORK/demo" status --json >"$WORK/status.json"
check "every exercise answered" python3 -c "
import json; s=json.load(open('$WORK/status.json'))
assert s['percent']==100 and s['company']=='Morgan Fine Foods Ltd', s"
"$ROADBOOK" -C "$WORK/demo" strategy >"$WORK/strategy.md"
check "full strategy" bash -c "! grep -q 'Not answered' '$WORK/strategy.md'"
check "strategy names the company" grep -q "^# Morgan Fine Foods Ltd: Digital strategy" "$WORK/strategy.md"
check "readiness profile" grep -q "^### Readiness profile" "$WORK/strategy.md"
check "roadmap by horizon" grep -q "^#### Now: 3 initiatives, £52,000" "$WORK/strategy.md"
check "demo roadmap has nothing to check" bash -c "! grep -q 'Check:' '$WORK/strategy.md'"
# The golden file: the same answers give the same document, byte for byte.
GOLDEN="$SRC/tests/fixtures/demo-strategy.md"
if [ "${RB_UPDATE_GOLDEN:-}" = 1 ]; then cp "$WORK/strategy.md" "$GOLDEN"; fi
check "strategy matches tests/fixtures/demo-strategy.md" diff -u "$GOLDEN" "$WORK/strategy.md"
sum=$(sha256sum "$WORK/demo/.roadbook/state.db")
"$ROADBOOK" demo "$WORK/demo" 2>"$WORK/err"; rc=$?
check "demo over a workbook refused" test $rc -eq 1
check "demo over a workbook explained" grep -q "already a workbook" "$WORK/err"
check "existing workbook untouched" test "$(sha256sum "$WORK/demo/.roadbook/state.db")" = "$sum"
tui_start 80 24 "$WORK/demo"
expect_screen "Alex Morgan · Morgan Fine Foods Ltd"
expect_screen "100%"
# The strategy screen: readiness chart, the document, and a jump to the exercise behind it.
keys s
expect_screen "Readiness: now"
expect_screen "Strategy and leadership"
expect_screen "1 → 4, gap 3 (no initiative)"
keys Tab
expect_screen "▶ ### What is your digital strategy, on one page?"
keys Enter
expect_screen "Exercise 3 of 8"
expect_screen "What is your digital strategy, on one page?"
# Back to the strategy, follow the readiness profile to its scale, change it: the chart shows
# the change at once.
keys F2
keys Home
expect_screen "Readiness: now"
expect_screen "▶ ### Why must your business change now"
keys Tab Tab
expect_screen "▶ ### Readiness profile"
keys Enter
expect_screen "Exercise 1 of 18"
keys Enter
expect_screen "Enter/Space: pick"
keys 3
esc
keys F2
keys Home
expect_screen "3 → 4, gap 1 (no initiative)"
answer_is "$WORK/demo" ready-leadership-now 3
esc
keys q q
expect_screen "EXIT=0"
finish
