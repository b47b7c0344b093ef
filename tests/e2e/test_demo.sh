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
sum=$(sha256sum "$WORK/demo/.roadbook/state.db")
"$ROADBOOK" demo "$WORK/demo" 2>"$WORK/err"; rc=$?
check "demo over a workbook refused" test $rc -eq 1
check "demo over a workbook explained" grep -q "already a workbook" "$WORK/err"
check "existing workbook untouched" test "$(sha256sum "$WORK/demo/.roadbook/state.db")" = "$sum"
tui_start 80 24 "$WORK/demo"
expect_screen "Alex Morgan · Morgan Fine Foods Ltd"
expect_screen "100%"
keys q
expect_screen "EXIT=0"
finish
