#!/usr/bin/env bash
# seed.sh - builds the seed corpora of the fuzz harnesses (tests/fuzz/fuzz_*.c).
#
#   tests/fuzz/seed.sh OUTDIR [TARGET...]     (targets: lesson answers render strategy sanitize
#                                              review; default all)
#
# Writes OUTDIR/TARGET/ afresh from: every lessons/*.md and tests/fixtures/**.md; the answers
# files, strategy.md and README.md of a workbook made by `roadbook demo` ($ROADBOOK, else
# build/roadbook; skipped with a warning when there is none); the CommonMark spec's examples
# (tests/fuzz/commonmark-examples.txt, checked in); and a few hand-made inputs below. Each
# input starts with the header bytes its harness reads (see the comment at the top of each
# fuzz_*.c).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

[ $# -ge 1 ] || {
	echo "usage: $0 OUTDIR [TARGET...]" >&2
	exit 2
}
out=$1
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(lesson answers render strategy sanitize review)

work=$(mktemp -d "${TMPDIR:-/tmp}/rb-fuzz-seed-XXXXXX")
trap 'rm -rf "$work"' EXIT

SEP=$'\n%%%%\n'
n=0

# put TARGET HEADER-PRINTF-FORMAT [FILE...]: a seed of the header bytes then the files' text.
put() {
	local target=$1 header=$2
	shift 2
	n=$((n + 1))
	{
		# shellcheck disable=SC2059 # the header is given as printf escapes
		printf "$header"
		[ $# -eq 0 ] || cat "$@"
	} >"$out/$target/$(printf '%05d' "$n")"
}

# bundle DIR: curriculum.md, then each lesson file, joined by "%%%%" lines.
bundle() {
	local dir=$1 f
	cat "$dir/curriculum.md"
	for f in "$dir"/[0-9]*.md; do
		printf '%s' "$SEP"
		cat "$f"
	done
}

# ---- the inputs shared by several targets ----

mapfile -t lessons < <(ls "$root"/lessons/[0-9]*.md)
mapfile -t fixtures < <(find "$root/tests/fixtures" -name '*.md' | sort)

# The CommonMark examples, one file each.
mkdir -p "$work/spec"
awk -v dir="$work/spec" '
	/^%%%% example [0-9]+:/ { if (f) close(f); f = sprintf("%s/%04d.md", dir, ++k); printf "" > f; next }
	f { print > f }
' "$here/commonmark-examples.txt"
mapfile -t spec < <(ls "$work"/spec/*.md)

# A demo workbook's answers files.
demo_files=()
rb=${ROADBOOK:-$root/build/roadbook}
if [ -x "$rb" ] && ASAN_OPTIONS=detect_leaks=0 "$rb" demo "$work/demo" >/dev/null 2>&1; then
	mapfile -t demo_files < <(ls "$work"/demo/answers/*.md)
else
	echo "seed.sh: no roadbook program at $rb (set ROADBOOK): no demo answers in the seeds" >&2
fi

# Hand-made answers files for the starter and roadmap fixtures (fuzz_fixture 1 and 3).
cat >"$work/starter-answers.md" <<'EOF'
<!-- roadbook:answers first-steps
Kept by roadbook from the participant's answers. -->

# 1. First steps

## Why should your business change?

<!-- roadbook:exercise fs-why -->

Margins are falling and customers want **data** # not a heading

<script>alert(1)</script>

## How well do you use data today?

<!-- roadbook:exercise fs-data-now -->

2 — In spreadsheets

## What kind of manufacturer are you?

<!-- roadbook:exercise fs-kind -->

- food

## Which technologies?

<!-- roadbook:exercise fs-tech -->

```text
cobots,iiot
```

## Notes

<!-- roadbook:exercise fs-notes -->

_Not answered yet_

## Basics

<!-- roadbook:exercise plan-basics -->

- [x] Backups are tested
- [ ] Multi-factor sign-in on email
- [x] Updates within 14 days

## Budget

<!-- roadbook:exercise plan-budget -->

25000

## Share

<!-- roadbook:exercise plan-share -->

40

## Roadmap

<!-- roadbook:exercise plan-roadmap -->

| Initiative | Horizon | Start | Cost (£) | Dimension |
| --- | --- | --- | --- | --- |
| Sensors \| on line 2 | now | 2027-Q1 | 5000 | data |
| Training | next | 2027-Q3 | 2000 | people |

## People

<!-- roadbook:exercise plan-people -->

3

<!-- roadbook:exercise no-such-exercise -->

Kept as written.
EOF
cat >"$work/roadmap-answers.md" <<'EOF'
<!-- roadbook:exercise rm-data-now -->

1

<!-- roadbook:exercise rm-data-target -->

4

<!-- roadbook:exercise rm-people-now -->

2

<!-- roadbook:exercise rm-people-target -->

3

<!-- roadbook:exercise rm-grant -->

50

<!-- roadbook:exercise rm-plan -->

| Initiative | Horizon | Start | Cost | Benefit | Owner | KPI | Dimension | Depends on |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
| Network | now | 2027-Q1 | 20000 | 0 | Sam | Wi-Fi | data | |
| Monitoring | next | 2027-Q3 | 18000 | 43000 | Jo | OEE 65% | data | Network |
| Cobot | later | 2028-Q3 | 95000 | 48000 | Al | Packs | people | Monitoring; Nowhere |
EOF

# ---- the targets ----

for t in "${targets[@]}"; do
	rm -rf "${out:?}/$t"
	mkdir -p "$out/$t"
	case $t in
	lesson) # files joined by %%%% lines: curriculum.md first
		for d in starter report roadmap; do
			bundle "$root/tests/fixtures/$d" >"$work/b"
			put lesson '' "$work/b"
		done
		for f in "${lessons[@]}"; do
			{ cat "$root/lessons/curriculum.md"; printf '%s' "$SEP"; cat "$f"; } >"$work/b"
			put lesson '' "$work/b"
		done
		for f in "$root"/tests/fixtures/render/*.md; do
			{ cat "$root/tests/fixtures/starter/curriculum.md"; printf '%s' "$SEP"; cat "$f"; } >"$work/b"
			put lesson '' "$work/b"
		done
		;;
	answers) # byte 0: the curriculum (0 lessons/, 1 starter, 2 report, 3 roadmap, 4 none)
		for f in "${demo_files[@]}"; do
			put answers '\000' "$f"
			put answers '\004' "$f"
		done
		put answers '\001' "$work/starter-answers.md"
		put answers '\004' "$work/starter-answers.md"
		put answers '\003' "$work/roadmap-answers.md"
		put answers '\002' "$work/roadmap-answers.md"
		for f in "$root"/tests/fixtures/render/*.md; do
			put answers '\001' "$f"
		done
		;;
	render) # byte 0: width (bits 0-2), mode (bits 3-4), ANSI (bit 5); byte 1 indent; byte 2 style
		for f in "${lessons[@]}" "${fixtures[@]}" "${demo_files[@]}"; do
			put render '\004\004\001' "$f"
			put render '\042\000\000' "$f"
		done
		[ -d "$work/demo" ] && put render '\005\000\000' "$work/demo/strategy.md" "$work/demo/README.md"
		i=0
		for f in "${spec[@]}"; do
			b0=$(((i % 8) | (((i / 8) % 4) << 3) | ((i % 3 == 0) << 5)))
			put render "$(printf '\\%03o\\%03o\\%03o' "$b0" $((i % 13)) $((i % 251 + 1)))" "$f"
			i=$((i + 1))
		done
		;;
	strategy) # byte 0: curriculum (bits 0-1), from the input (bit 2), omit (3), company (4), date (5)
		for s in 0 1 2 3; do
			put strategy "\\00$s" /dev/null
			put strategy "$(printf '\\%03o' $((s | 0x38)))Sam <Taylor>\n# Pies & Co\n"
		done
		[ ${#demo_files[@]} -eq 0 ] || put strategy '\060Morgan\nMorgan Fine Foods\n' "${demo_files[@]}"
		put strategy '\061Sam\nPies & Co\n' "$work/starter-answers.md"
		put strategy '\071Sam\nPies & Co\n' "$work/starter-answers.md"
		put strategy '\063Sam\nPies & Co\n' "$work/roadmap-answers.md"
		put strategy '\062Sam\nPies & Co\n' "$work/roadmap-answers.md"
		for d in starter roadmap report; do
			bundle "$root/tests/fixtures/$d" >"$work/b"
			a="$work/$d-answers.md"
			[ -f "$a" ] || a=/dev/null
			{ cat "$work/b"; printf '%s' "$SEP"; printf 'Sam\nPies & Co\n'; cat "$a"; } >"$work/c"
			put strategy '\064' "$work/c"
			put strategy '\074' "$work/c"
		done
		;;
	sanitize) # byte 0: flags (bit 0 keep tabs, bit 1 single line); byte 1: piece size
		for f in "$root"/tests/fixtures/render/*.md "${lessons[0]}"; do
			put sanitize '\000\007' "$f"
			put sanitize '\003\001' "$f"
		done
		while IFS= read -r s; do
			put sanitize '\000\003'"$s"
			put sanitize '\001\002'"$s"
			put sanitize '\002\001'"$s"
		done <<'EOF'
plain text\twith a tab\nand a line
a\033]0;title\007b\033]52;c;cm0gLXJmIH4=\033\\c\033]8;;http://x/\033\\link\033]8;;\033\\
\033[31mred\033[0m \033[?1049h \033[2J\033[H \033[1;3 \0337\0338 \033(B \033#8
a\033P1$r0m\033\\b \033_Gf=100;AAAA\033\\ \033^pm\033\\ \033Xsos\033\\ \033Pq#0;2
C1: \302\233\061m \302\235\060;t\007 \302\220q\302\234 \302\205 \302\237x
bidi \342\200\256evil\342\200\254 \342\201\246iso\342\201\251 zw\342\200\213j\342\200\215 bom\357\273\277 shy\302\255
marks e\314\201\314\210\314\201\314\210\314\201 \314\201start line\342\200\250sep\342\200\251para
bad \377\376 \300\257 \355\240\200 \364\220\200\200 \360\237\230 trunc\342\202
wide \344\270\255\346\226\207 \360\237\230\200 tag\363\240\201\201\363\240\201\277 \357\277\275 del\177 nul\000x cr\r\n
EOF
		;;
	review) # byte 0 bit 0: the facilitator's kinds (feedback.conf) rather than the participant's
		put review '\000[submit "s-0011223344556677"]\n\ttarget = plan\n\tat = 2025-03-01T10:00:00.000Z\n[reply "r-0011223344556677"]\n\ttarget = c-8899aabbccddeeff\n\ttext = Done; see \\"Plan\\"\\n\\tthanks\n\tat = 2025-03-02T10:00:00.000Z\n[resolve "resolve/c-8899aabbccddeeff"]\n\ttarget = c-8899aabbccddeeff\n\tat = 2025-03-03T10:00:00.123Z\n'
		put review '\001[comment "c-8899aabbccddeeff"]\n\ttarget = why-vision\n\ttext = "  Good start; # add figures  "\n\tat = 2025-03-01T09:00:00.000Z\n\tanswer = 0123456789abcdef\n\tversion = 0123456789012345678901234567890123456789\n[comment "c-0000000000000002"]\n\ttarget = section:roadmap\n\ttext = Short.\n\tat = 2025-03-01T09:00:01.000Z\n[state "state/plan"]\n\ttarget = plan\n\ttext = changes-requested\n\tat = 2025-03-04T09:00:00.000Z\n\tversion = 0123456789abcdef\n\tsubmission = s-0011223344556677\n'
		put review '\000[dimension "data"]\n\tcurrent = 2.5\n\ttarget = 4\n\tcontributors = 6\n[dimension "people"]\n\tcurrent = 1\n\ttarget = 3\n\tcontributors = 4\n'
		put review '\001; comment\n# comment\n[Comment "c-1"]\nTarget = x\nTEXT = multi \\\n line\nat=2025-01-01T00:00:00.000Z\n[comment "c-1"]\n\ttext = again\n[state]\n\tx = y\n'
		;;
	*)
		echo "seed.sh: unknown target '$t'" >&2
		exit 2
		;;
	esac
done
for t in "${targets[@]}"; do
	printf '%s: %s seeds\n' "$t" "$(find "$out/$t" -type f | wc -l)"
done
