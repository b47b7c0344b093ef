#!/usr/bin/env bash
# cohort.sh ROADBOOK - `roadbook cohort status` over cohorts of 40, 1,000 and 3,000 synthetic
# participants (targets: under 50 ms for 40, under 2 s for 3,000), cold (progress cache empty)
# and warm (every participant's progress cached by version id), against a shell loop of
# `git log -1` over the same mirror repositories in the same run.
#
# Synthetic data: a cohort with seven real participants made through the command line
# (cohort add, join, answer, save, sync, cohort sync), each with different progress (from
# nothing answered to every exercise); then, for each size, a copy of that cohort with the
# other participants added cheaply: a [participant "pNNNN"] section in cohort.conf, a fetch
# record in cohort.db, and a mirror that is a copy of one seed's mirror with a commit of its
# own on top (same tree, distinct message and date), so every participant has a distinct
# version id and a cold run really reads every participant's answers.
#
# RB_BENCH_SIZES="40 1000 3000" picks the sizes; RB_BENCH_STRICT=1 exits 1 on a missed target;
# RB_BENCH_JSON=FILE also writes the medians there (tests/bench/run does).
# Not a test: timings are noisy.
set -euo pipefail

RB=$(realpath "${1:?usage: tests/bench/cohort.sh PATH_TO_ROADBOOK_BINARY}")
SRC=$(cd "$(dirname "$0")/../.." && pwd)
SIZES=${RB_BENCH_SIZES:-40 1000 3000}
export ROADBOOK_LESSONS=${ROADBOOK_LESSONS:-$SRC/lessons}
export LC_ALL=C.UTF-8 NO_COLOR=1

. "$(dirname "$0")/lib.bash"
need hyperfine hyperfine
need sqlite3 sqlite3
need python3 python3
need git git
[ -x "$RB" ] || { echo "cohort.sh: $RB is not executable" >&2; exit 2; }

# about 300 KB per mirror (a copy of a seed's, as roadbook fetched it), for every size
need_mb=100
for n in $SIZES; do need_mb=$((need_mb + n * 300 / 1024)); done
free_mb=$(df -Pm /tmp | awk 'NR == 2 { print $4 }')
[ "$free_mb" -gt "$need_mb" ] || { echo "cohort.sh: $need_mb MB needed in /tmp, $free_mb MB free" >&2; exit 2; }
W=$(mktemp -d /tmp/rb-bench-cohort.XXXXXX)
trap 'rm -rf "$W"' EXIT
# git for the synthetic commits only; nothing from the user's configuration.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME="Bench" GIT_AUTHOR_EMAIL="bench@example.invalid"
export GIT_COMMITTER_NAME="Bench" GIT_COMMITTER_EMAIL="bench@example.invalid"

now_ms() { date +%s%3N; }
die() { echo "cohort.sh: $*" >&2; exit 1; }

# ---- seeds: real participants through the command line ----
t0=$(now_ms)
S="$W/seed"
"$RB" cohort init "$S" --name "Bench cohort" --start 2025-01-06 >/dev/null
"$RB" demo "$W/demo" >/dev/null
mapfile -t IDS < <("$RB" -C "$W/demo" exercises --json |
	python3 -c 'import json, sys; [print(e["id"]) for e in json.load(sys.stdin)]')
mapfile -t MODS < <("$RB" -C "$W/demo" exercises --json |
	python3 -c 'import json, sys; [print(e["module"]) for e in json.load(sys.stdin)]')
NEX=${#IDS[@]}
[ "$NEX" -gt 20 ] || die "the demo workbook lists only $NEX exercises"
mkdir "$W/answers"
for id in "${IDS[@]}"; do "$RB" -C "$W/demo" answer "$id" --get >"$W/answers/$id"; done

# seed  name                 company                    which exercises are answered
SEEDS=(
	"s1|Sam Taylor|Taylor Foods Ltd|none"
	"s2|Priya Shah|Shah Precision Engineering|first 8"
	"s3|Zoë Ångström|Nordic Plastics Ltd|first 30"
	"s4|Tom O'Neill|O'Neill & Sons \"Castings\"|first 55"
	"s5|Ana Ruiz|Ruiz Packaging|first 80"
	"s6|Kwame Mensah|Mensah Timber Products|all"
	"s7|Li Wei|Wei Electronics|every 4th"
)
for s in "${SEEDS[@]}"; do
	IFS='|' read -r sid name company which <<<"$s"
	"$RB" -C "$S" cohort add "$sid" --name "$name" --company "$company" >/dev/null
	wb="$W/wb-$sid"
	"$RB" join "$S/participants/$sid.git" "$wb" >/dev/null
	case $which in
	none) n=0 step=1 ;;
	all) n=$NEX step=1 ;;
	first*) n=${which#first } step=1 ;;
	every*) n=$NEX step=4 ;;
	esac
	prev=""
	for ((i = 0; i < n; i += step)); do
		# a saved version at each module boundary, so histories have several versions
		if [ -n "$prev" ] && [ "${MODS[$i]}" != "$prev" ]; then
			"$RB" -C "$wb" save -m "Module $prev" >/dev/null
		fi
		prev=${MODS[$i]}
		"$RB" -C "$wb" answer "${IDS[$i]}" <"$W/answers/${IDS[$i]}" >/dev/null ||
			die "answer ${IDS[$i]} refused"
	done
	"$RB" -C "$wb" save -m "Answers so far" >/dev/null
	"$RB" -C "$wb" sync >/dev/null
done
"$RB" -C "$S" cohort sync >/dev/null
NSEED=${#SEEDS[@]}
t_seed=$(($(now_ms) - t0))

# ---- synthetic participants ----
FIRST=(Alex Jordan Morgan Casey Riley Jamie Avery Quinn Rowan Sasha Noor Mateo Freya Oskar Ines)
LAST=(Walker Patel Nowak Okafor Müller Dubois Kowalski Byrne Hughes Costa Novak Evans Khan Lund)
KIND=(Foods Engineering Plastics Castings Packaging Timber Electronics Textiles Metalwork Print)
make_cohort() { # make_cohort N DIR
	local n=$1 dir=$2 i id seed sm c
	cp -a "$S" "$dir"
	local conf="$dir/cohort.conf" sql="$W/fetch-$n.sql" now
	now=$(now_ms)
	local heads=() trees=()
	for ((i = 1; i <= NSEED; i++)); do
		sm="$dir/.roadbook/mirror/s$i.git"
		heads[i]=$(git --git-dir="$sm" rev-parse refs/remotes/origin/main)
		trees[i]=$(git --git-dir="$sm" rev-parse "refs/remotes/origin/main^{tree}")
	done
	echo "BEGIN;" >"$sql"
	for ((i = NSEED + 1; i <= n; i++)); do
		printf -v id 'p%04d' "$i"
		seed=$((i % NSEED + 1))
		printf '[participant "%s"]\n\tname = %s %s\n\tcompany = %s %s Ltd\n\turl = participants/%s.git\n\tadded = 2025-01-%02d\n' \
			"$id" "${FIRST[i % 15]}" "${LAST[i % 14]}" "${LAST[(i / 14) % 14]}" \
			"${KIND[i % 10]}" "$id" $((1 + i % 28)) >>"$conf"
		sm="$dir/.roadbook/mirror/$id.git"
		cp -a "$dir/.roadbook/mirror/s$seed.git" "$sm"
		c=$(GIT_AUTHOR_DATE="$((1736150400 + i * 617)) +0000" GIT_COMMITTER_DATE="$((1736150400 + i * 617)) +0000" \
			git --git-dir="$sm" commit-tree "${trees[seed]}" -p "${heads[seed]}" -m "Answers of $id")
		echo "$c" >"$sm/refs/remotes/origin/main"
		echo "INSERT INTO meta(key, value) VALUES('fetch/$id', '$((now - i)) $((now - i)) ');" >>"$sql"
	done
	echo "COMMIT;" >>"$sql"
	sqlite3 "$dir/.roadbook/cohort.db" <"$sql" >/dev/null
	git -C "$dir" add cohort.conf
	git -C "$dir" commit -q -m "Participants added: $((n - NSEED)) synthetic"
	local got
	got=$(git config -f "$conf" --get-regexp '^participant\..*\.url$' | wc -l)
	[ "$got" = "$n" ] || die "cohort.conf lists $got participants, not $n"
}

declare -A GEN
for n in $SIZES; do
	t0=$(now_ms)
	make_cohort "$n" "$W/c$n"
	GEN[$n]=$(($(now_ms) - t0))
done

# ---- sanity: cohort status --json (not timed) ----
for n in $SIZES; do
	"$RB" -C "$W/c$n" cohort status --json >"$W/status-$n.json" || die "cohort status --json failed for $n"
	python3 - "$W/status-$n.json" "$n" "$NSEED" <<'EOF' || die "cohort status --json is wrong for $n participants"
import json, sys
d = json.load(open(sys.argv[1]))
n, nseed = int(sys.argv[2]), int(sys.argv[3])
ps = d["participants"]
by_id = {p["id"]: p for p in ps}
heads = [p["version"] for p in ps]
errors = [p["id"] for p in ps if p["fetch_error"] or not p["last_fetch"]]
# each synthetic participant pNNNN has the answers of seed s(NNNN % seeds + 1)
wrong = [p["id"] for p in ps if p["answered"] != sum(m["answered"] for m in p["modules"]) or
         (p["id"][0] == "p" and p["answered"] != by_id[f"s{int(p['id'][1:]) % nseed + 1}"]["answered"])]
ok = len(ps) == n and None not in heads and len(set(heads)) == n and not errors and not wrong
seeds = " ".join(f"{by_id[f's{i}']['answered']}/{by_id[f's{i}']['total']}" for i in range(1, nseed + 1))
print(f"sanity, {n:,} participants: valid JSON, {len(ps):,} participants, {len(set(heads)):,} "
      f"distinct versions, seeds answered {seeds}, {len(errors)} fetch errors, "
      f"{len(wrong)} wrong counts: {'ok' if ok else 'WRONG'}")
sys.exit(0 if ok else 1)
EOF
done

# ---- timings ----
runs_for() { # runs_for N
	if [ "$1" -le 100 ]; then echo 30; elif [ "$1" -le 1000 ]; then echo 10; else echo 5; fi
}
for n in $SIZES; do
	dir="$W/c$n"
	db="$dir/.roadbook/cohort.db"
	runs=$(runs_for "$n")
	echo "timing $n participants ($runs runs each) ..." >&2
	hyperfine --style none --warmup 1 --runs "$runs" --export-json "$W/h-$n.json" \
		--prepare "sqlite3 '$db' \"DELETE FROM meta WHERE key LIKE 'status/%'\"" \
		-n cold "'$RB' -C '$dir' cohort status" \
		--prepare true \
		-n warm "'$RB' -C '$dir' cohort status" \
		--prepare true \
		-n peer "for d in '$dir'/.roadbook/mirror/*.git; do git -C \"\$d\" log -1 --format=%H refs/remotes/origin/main; done" \
		>"$W/h-$n.txt" 2>&1 || { cat "$W/h-$n.txt" >&2; die "hyperfine failed for $n"; }
	# the status rows are back after the cold runs: every participant, by version id
	rows=$(sqlite3 "$db" "SELECT count(*) FROM meta WHERE key LIKE 'status/%'")
	[ "$rows" = "$n" ] || die "$rows progress rows cached for $n participants"
done

# ---- table ----
python3 - "$W" "$NSEED" "$t_seed" "$SIZES" "$(for n in $SIZES; do printf '%s ' "${GEN[$n]}"; done)" <<'EOF'
import json, os, sys
w, nseed, t_seed, sizes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), [int(s) for s in sys.argv[4].split()]
gen = dict(zip(sizes, [int(g) for g in sys.argv[5].split()]))
targets = {40: 50.0, 3000: 2000.0}
med = {}
for n in sizes:
    for r in json.load(open(f"{w}/h-{n}.json"))["results"]:
        med[(n, r["command"])] = r["median"] * 1000
if os.environ.get("RB_BENCH_JSON"):  # for tests/bench/run
    json.dump({f"{n}:{c}": v for (n, c), v in med.items()}, open(os.environ["RB_BENCH_JSON"], "w"))
missed = 0
fmt = "{:<44} {:>10} {:>10} {:>6} {:>9} {:>4}"
print()
print(fmt.format("what", "ours ms", "peer ms", "ratio", "target", "met"))
for n in sizes:
    peer = med[(n, "peer")]
    for kind in ("cold", "warm"):
        ours = med[(n, kind)]
        t = targets.get(n)
        met = "-" if t is None else ("yes" if ours < t else "NO")
        missed += met == "NO"
        tt = "-" if t is None else (f"< {t:.0f} ms" if t < 1000 else f"< {t / 1000:.0f} s")
        print(fmt.format(f"cohort status, {n:,} participants, {kind}", f"{ours:.1f}",
                         f"{peer:.1f}", f"{ours / peer:.2f}", tt, met))
print("\nper participant (median / N):")
for n in sizes:
    print(f"  {n:>5,}: cold {med[(n, 'cold')] / n:6.3f} ms, warm {med[(n, 'warm')] / n:6.3f} ms, "
          f"peer (git log -1) {med[(n, 'peer')] / n:6.3f} ms")
for a, b in zip(sizes, sizes[1:]):
    print(f"  from {a:,} to {b:,}, each further participant: " + ", ".join(
        f"{kind} {(med[(b, kind)] - med[(a, kind)]) / (b - a):.3f} ms"
        for kind in ("cold", "warm", "peer")))
print(f"\npeer: for d in mirror/*.git; do git -C $d log -1 --format=%H refs/remotes/origin/main; done")
print(f"cold: progress cache emptied before each run (DELETE FROM meta WHERE key LIKE 'status/%')")
print(f"data: {nseed} seed participants through the CLI in {t_seed / 1000:.1f} s; " +
      ", ".join(f"{n:,} participants in {gen[n] / 1000:.1f} s" for n in sizes))
open(f"{w}/missed", "w").write(str(missed))
EOF
if [ "${RB_BENCH_STRICT:-0}" = 1 ] && [ "$(cat "$W/missed")" != 0 ]; then
	exit 1
fi
