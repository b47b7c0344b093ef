#!/usr/bin/env bash
# startup.sh ROADBOOK - start to first frame: the time from exec to the first screen drawn on a
# real pseudo-terminal (tests/bench/bench_firstframe.c), with the starter and the full
# curriculum, and the cost of one autosave (bench_autosave.c).
set -euo pipefail
RB=$(realpath "$1")
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BENCH_DIR=$(dirname "$RB")
W=$(mktemp -d /tmp/rb-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
"$RB" init "$W/starter" --name Bench --company Bench --lessons "$SRC/tests/fixtures/starter" >/dev/null
"$RB" init "$W/full" --name Bench --company Bench >/dev/null
printf '%-40s %10s %10s %10s %6s\n' "start to first frame (80x24 pty)" median p95 target met
for c in starter full; do
	read -r med p95 < <("$BENCH_DIR/bench_firstframe" "$RB" "$W/$c" 100)
	met=$(python3 -c "print('yes' if $med < 20 else 'NO')")
	printf '%-40s %7s ms %7s ms %7s ms %6s\n' "  $c curriculum" "$med" "$p95" 20 "$met"
done
if [ -x "$BENCH_DIR/bench_autosave" ]; then
	"$BENCH_DIR/bench_autosave" "$W/autosave" "$SRC/tests/fixtures/starter" 1000
fi
