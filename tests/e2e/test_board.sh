#!/usr/bin/env bash
# The roadmap board in tmux: Now / Next / Later with totals, moving an initiative between
# horizons and within one (saved as the roadmap answer at once), the timeline, and the flags
# for something scheduled before what it depends on.
. "$(dirname "$0")/lib.sh"

"$ROADBOOK" demo "$WORK/demo" >/dev/null
R() { "$ROADBOOK" -C "$WORK/demo" "$@"; }
row_of() { R answer map-initiatives --get | grep -n "^$1 |" | cut -d: -f1; }
horizon_of() { R answer map-initiatives --get | grep "^$1 |" | cut -d'|' -f2 | tr -d ' '; }

tui_start 100 30 "$WORK/demo"
expect_screen "Alex Morgan"
keys r
expect_screen "Now · £52k · £74k a year"
expect_screen "Later · £115k · £73k a year"
# Energy sub-metering (second in Now) to Next and back.
keys Down '>'
expect_screen "Now · £40k · £43k a year"
check "moved to next" test "$(horizon_of 'Energy sub-metering and low-cost savings')" = next
keys '<'
expect_screen "Now · £52k · £74k a year"
check "moved back to now" test "$(horizon_of 'Energy sub-metering and low-cost savings')" = now
# Reorder within Now: the table's rows swap.
before=$(row_of 'Energy sub-metering and low-cost savings')
keys K
sleep 0.3
after=$(row_of 'Energy sub-metering and low-cost savings')
check "moved up a row ($before -> $after)" test "$after" -lt "$before"
keys J
sleep 0.3
check "and back down" test "$(row_of 'Energy sub-metering and low-cost savings')" = "$before"
# The timeline.
keys t
expect_screen "Initiative"
expect_screen "Product carbon footprints"
keys t
esc
expect_screen "Leading Digital Transformation"
keys q
expect_screen "EXIT=0"

# Something scheduled before what it depends on is flagged on the board and the timeline.
R answer map-initiatives "$(R answer map-initiatives --get; printf '\nTraining videos | now | 2027-Q1 | 1000 | 500 | HR | Views | people | Cobot case packing on Line 2')"
tui_start 100 30 "$WORK/demo"
expect_screen "Alex Morgan"
keys r
expect_screen "Training videos"
expect_screen "! check"
keys Down Down Down
expect_screen "Starts before Cobot case packing on Line 2, which it depends on."
keys t
expect_screen "! before dependency"
keys q q
sleep 0.2
keys q
expect_screen "EXIT=0"
finish
