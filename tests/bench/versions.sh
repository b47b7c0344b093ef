#!/usr/bin/env bash
# versions.sh ROADBOOK - snapshots against `git add -A && git commit`, and a history of 1,000
# versions against `git log`, in the same run (bench_versions.c).
set -euo pipefail
BENCH_DIR=$(dirname "$(realpath "$1")")
"$BENCH_DIR/bench_versions" "$(realpath "$1")" "$(mktemp -d /tmp/rb-bench-versions.XXXXXX)"
