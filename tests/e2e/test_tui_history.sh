#!/usr/bin/env bash
# The history screen in tmux: the list of versions with their messages, what changed since a
# version (answer by answer, changed words marked), two versions compared, a version saved
# with S, and an automatic version when leaving. The repository is checked with git after.
. "$(dirname "$0")/lib.sh"

D="$WORK/demo"
"$ROADBOOK" demo "$D" >/dev/null
R() { "$ROADBOOK" -C "$D" "$@"; }
R answer why-context "We make premium pies for UK supermarkets." >/dev/null
versions=$(git -C "$D" rev-list --count HEAD)

tui_start 100 30 "$D"
expect_screen "Alex Morgan"
keys v
expect_screen "Versions of your workbook, newest first"
expect_screen "Now: your answers, with changes not yet saved as a version"
expect_screen "Module 12 – The pitch and the next 90 days: completed, 8 of 8"
expect_screen "Workbook started: Alex Morgan, Morgan Fine Foods Ltd"
# Enter on "now": the changes since the latest version.
keys Enter
expect_screen "to your answers now: 1 answer."
expect_screen "Module 1 – Why digital, why now?"
expect_screen "What does your business make, for whom, and what is changing in your market? — changed"
expect_screen "{+premium+}"
expect_screen "[-are Morgan Fine Foods"
esc
expect_screen "Versions of your workbook"
# Mark the newest version, go down two, compare the two versions.
keys Down
sleep 0.1
keys m Down Down Enter
expect_screen "Changes from the version of"
expect_screen "Module 11 – Leading the change"
expect_screen "— added"
esc
# Save a version from the list.
keys S
expect_screen "Saved a version: Module 1 – Why digital, why now?: 8 of 8 answered"
check "S made a commit" test "$(git -C "$D" rev-list --count HEAD)" -eq $((versions + 1))
keys S
expect_screen "Nothing to save"
esc
# Change an answer in the lesson, then leave: an automatic version keeps it.
keys q
sleep 0.2
check "saved version has the words" bash -c "git -C '$D' show HEAD:answers/01-why-digital.md | grep -q 'We make premium pies'"
R answer why-urgency 2 >/dev/null
R answer why-urgency --get >/dev/null
tui_start 100 30 "$D"
expect_screen "Alex Morgan"
keys v
expect_screen "Now: your answers, with changes not yet saved as a version"
keys q q
sleep 0.5
expect_screen "EXIT=0"
check "leaving saved a version" bash -c "git -C '$D' log -1 --format=%B | grep -q 'Saved automatically while you worked.'"
check "fsck clean" bash -c "git -C '$D' fsck --strict 2>&1 | (! grep -q .)"
check "working tree clean" test -z "$(git -C "$D" status --porcelain)"
finish
