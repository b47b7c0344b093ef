#!/usr/bin/env bash
# render.sh - benchmark `roadbook render` against `lowdown -Tterm` (and `cmark`, for reference)
# on a ~130 KB markdown file built from the bundled lessons and the CommonMark spec.
#
# usage: tests/bench/render.sh PATH_TO_ROADBOOK_BINARY
# Target (docs/rendering.md): roadbook render is no slower than lowdown -Tterm.
# Set RB_BENCH_STRICT=1 to exit 1 when the target is missed. Not a test: timings are noisy.
set -euo pipefail

roadbook=${1:?usage: tests/bench/render.sh PATH_TO_ROADBOOK_BINARY}
roadbook=$(cd "$(dirname "$roadbook")" && pwd)/$(basename "$roadbook")
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
spec="$src/../shared/data/commonmark-spec.txt"
size=130000

. "$(dirname "$0")/lib.bash"
need hyperfine hyperfine
need lowdown lowdown
need cmark cmark
[ -x "$roadbook" ] || { echo "render.sh: $roadbook is not executable" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
input="$tmp/bench.md"

# Deterministic input: the lessons in name order, then the spec's text (without its YAML front
# matter), cut at the last line break before $size bytes.
for f in $(LC_ALL=C ls "$src"/lessons/*.md 2>/dev/null); do
	cat "$f"
	echo
done >"$tmp/all.md"
if [ -f "$spec" ]; then
	awk 'NR == 1 && /^---$/ { fm = 1; next } fm && /^---$/ { fm = 0; next } !fm' "$spec" >>"$tmp/all.md"
fi
head -c "$size" "$tmp/all.md" | sed '$d' >"$input"
bytes=$(wc -c <"$input")
[ "$bytes" -gt 100000 ] || { echo "render.sh: could not build a large enough input ($bytes bytes)" >&2; exit 2; }

# sanity: the command works and produces output
lines=$("$roadbook" render "$input" --width 80 | wc -l)
[ "$lines" -gt 0 ] || { echo "render.sh: roadbook render printed nothing" >&2; exit 2; }

echo "input: $bytes bytes of markdown, $lines lines rendered at width 80"
hyperfine -N --warmup 10 --runs "${RB_BENCH_RUNS:-100}" --style basic \
	--export-csv "$tmp/times.csv" \
	-n ours "$roadbook render $input --width 80" \
	-n lowdown "lowdown -Tterm $input" \
	-n cmark "cmark $input" >"$tmp/hyperfine.txt" 2>&1 ||
	{ cat "$tmp/hyperfine.txt" >&2; exit 2; }

# CSV: command,mean,stddev,median,user,system,min,max (seconds)
mean() { awk -F, -v n="$1" '$1 == n { printf "%.2f", $2 * 1000 }' "$tmp/times.csv"; }
sd() { awk -F, -v n="$1" '$1 == n { printf "%.2f", $3 * 1000 }' "$tmp/times.csv"; }
ours=$(mean ours) peer=$(mean lowdown) ref=$(mean cmark)
ratio=$(awk -v a="$ours" -v b="$peer" 'BEGIN { printf "%.2f", a / b }')
met=$(awk -v r="$ratio" 'BEGIN { print (r <= 1.0) ? "met" : "NOT met" }')

printf '\n%-30s %10s %10s\n' "command" "mean ms" "± ms"
printf '%-30s %10s %10s\n' "roadbook render --width 80" "$ours" "$(sd ours)"
printf '%-30s %10s %10s\n' "lowdown -Tterm (peer)" "$peer" "$(sd lowdown)"
printf '%-30s %10s %10s\n' "cmark (parse + HTML, ref.)" "$ref" "$(sd cmark)"
printf '\nratio ours/lowdown: %s   target: ours <= lowdown   %s\n' "$ratio" "$met"

if command -v valgrind >/dev/null 2>&1; then
	irefs() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
		awk '/refs:/ { gsub(",", "", $NF); print $NF }'; }
	io=$(irefs "$roadbook" render "$input" --width 80)
	ip=$(irefs lowdown -Tterm "$input")
	printf 'callgrind instructions: ours %s, lowdown %s (ratio %s)\n' "$io" "$ip" \
		"$(awk -v a="$io" -v b="$ip" 'BEGIN { printf "%.2f", a / b }')"
fi

if [ "${RB_BENCH_STRICT:-0}" = 1 ] && [ "$met" != met ]; then
	exit 1
fi
