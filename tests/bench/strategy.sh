#!/usr/bin/env bash
# strategy.sh ROADBOOK - the cost of assembling the strategy document (bench_strategy.c), for
# the demo (target under 2 ms) and a synthetic workbook of 1,000 answers.
set -euo pipefail
BENCH_DIR=$(dirname "$(realpath "$1")")
SRC=$(cd "$(dirname "$0")/../.." && pwd)
"$BENCH_DIR/bench_strategy" "$SRC"
