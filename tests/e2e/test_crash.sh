#!/usr/bin/env bash
# kill -9 at random moments, the short run for CI: 200 iterations of answers, versions, syncs,
# typing in the TUI and concurrent reads, 50 killed snapshots and 10 transfers cut off mid-way
# (tests/crash/run, whose full run is 10,000 / 1,000 / 100: docs/RELIABILITY.md). After every
# kill the database is sound, git fsck is clean, every acknowledged answer is there and the
# workbook opens. RB_CRASH_SEED repeats a run; a failure keeps its workbooks and says where.
. "$(dirname "$0")/lib.sh"

seed=${RB_CRASH_SEED:-$(((RANDOM << 15) | RANDOM))}
# Under AddressSanitizer every process is several times slower: a quarter of the run keeps it
# inside ctest's time limit.
iterations=200 snapshots=50 transfers=10
if ldd "$ROADBOOK" | grep -q libasan; then iterations=50 snapshots=12 transfers=3; fi
"$SRC/tests/crash/run" --seed "$seed" --iterations "${RB_CRASH_ITERATIONS:-$iterations}" \
	--snapshots "${RB_CRASH_SNAPSHOTS:-$snapshots}" --transfers "${RB_CRASH_TRANSFERS:-$transfers}" \
	--tui-window 2.5 --transfer-versions 2 \
	"$ROADBOOK" >"$WORK/crash.log" 2>&1
rc=$?
sed -n '/^==== crash harness summary/,$p' "$WORK/crash.log"
if [ $rc -ne 0 ]; then
	echo "--- failures (full log: rerun with RB_CRASH_SEED=$seed):"
	grep -A1 '^FAIL' "$WORK/crash.log" | head -60
fi
check "crash harness (seed $seed): no damaged database, fsck error, lost answer or workbook that will not open" \
	test $rc -eq 0
finish
