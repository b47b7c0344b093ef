#!/usr/bin/env bash
# The cohort report and the benchmarks with the real binary: a cohort of five participants who
# join, answer with `roadbook answer` and sync; the facilitator fetches everyone, records
# attendance, and writes the report as markdown, CSV and HTML (figures checked against values
# worked out by hand below); `cohort publish` writes and commits benchmarks.conf with five, and
# refuses with a cohort of four, keeping the old file. A company name holding ESC [ 2 J, an
# OSC 52 clipboard write, a C1 CSI (U+009B) and a raw 0x9B byte never reaches stdout raw.
. "$(dirname "$0")/lib.sh"

export GIT_CONFIG_NOSYSTEM=1
export HOME="$WORK/home"
export ROADBOOK_LESSONS="$SRC/lessons"
mkdir -p "$HOME"
G() { git -c safe.directory='*' "$@"; }
RB() { timeout 120 "$ROADBOOK" "$@"; }
C="$WORK/cohort"
F() { RB -C "$C" "$@"; }
EVIL=$(printf 'Evil\033[2J Foods\033]52;c;aGVsbG8=\007 \302\23331m Ltd\233')

# ---- five participants, each answering a few exercises ----
F cohort init "$C" --name 'North & West "3" *cohort*' --start 2027-01-11 >/dev/null 2>&1
check "cohort init" test -f "$C/cohort.conf"
add() { # add ID NAME COMPANY
	F cohort add "$1" --name "$2" --company "$3" >"$WORK/out" 2>&1 || cat "$WORK/out" >&2
	RB join "$C/participants/$1.git" "$WORK/$1" >/dev/null 2>&1
}
add p1 "Ann One" "=SUM(1+1) Ltd"
add p2 "Bo Two" "Two, \"Quoted\" Ltd"
add p3 "Cy Three" "Three Ltd"
add p4 "Di Four" "Four | Pipes Ltd"
add p5 "Ed Five" "$EVIL"
check "five in the roster" test "$(G config -f "$C/cohort.conf" --get-regexp '^participant\..*\.url$' | wc -l)" -eq 5

A() { RB -C "$WORK/$1" answer "$2" "$3" >/dev/null || fail "answer $1 $2 $3"; }
# leadership now 1 2 3 2 4, target 4 4 5 3 5; people now 2 2 1 (three answers)
A p1 ready-leadership-now 1; A p1 ready-leadership-target 4; A p1 ready-people-now 2
A p2 ready-leadership-now 2; A p2 ready-leadership-target 4; A p2 ready-people-now 2
A p3 ready-leadership-now 3; A p3 ready-leadership-target 5; A p3 ready-people-now 1
A p4 ready-leadership-now 2; A p4 ready-leadership-target 3
A p5 ready-leadership-now 4; A p5 ready-leadership-target 5
# technologies: vision 4, cobots 1, cloud 1, ai 1 (five answered)
A p1 tech-interest "cobots,vision"; A p2 tech-interest vision; A p3 tech-interest "vision,cloud"
A p4 tech-interest vision; A p5 tech-interest ai
# roadmaps (three): p1 keeps 50% after the grant
A p1 case-grant-share 50
A p1 map-initiatives "$(printf 'A | now | | 10000\nB | next | | 20000')"
A p2 map-initiatives "C | now | | 5000"
A p3 map-initiatives "D | later | | 40000"
# new jobs 2 + 0 + 5 + 1 + 3 = 11 (five); roles to upskill 10 + 5 = 15 (two)
A p1 case-new-jobs 2; A p2 case-new-jobs 0; A p3 case-new-jobs 5; A p4 case-new-jobs 1
A p5 case-new-jobs 3
A p1 people-upskill 10; A p2 people-upskill 5
for id in p1 p2 p3 p4 p5; do
	RB -C "$WORK/$id" sync >/dev/null 2>&1 || fail "$id sync"
done
F cohort sync >"$WORK/out" 2>&1
check "cohort sync fetches everyone" test "$(grep -c ': fetched' "$WORK/out")" -eq 5

# ---- attendance ----
F cohort attend 01 p1 p2 p3 >"$WORK/out" 2>&1
check "attend: recorded" grep -q "^Session 01 (2027-01-11, Why digital, why now?): recorded as present: p1, p2, p3. 3 of 5 participants attended.$" "$WORK/out"
F cohort attend 1 P4 >"$WORK/out" 2>&1
check "attend: a session by number, an id in any case" grep -q "recorded as present: p4. 4 of 5" "$WORK/out"
F cohort attend 01 p1 >"$WORK/out" 2>&1
check "attend: already recorded" grep -q "already recorded: p1. 4 of 5" "$WORK/out"
F cohort attend 01 p3 --absent >"$WORK/out" 2>&1
check "attend --absent: removed" grep -q "removed p3. 3 of 5" "$WORK/out"
F cohort attend 02 p1 >/dev/null 2>&1
check "attend: one line per participant in cohort.conf" test "$(G config -f "$C/cohort.conf" --get-all session.01.attended | tr '\n' ' ')" = "p1 p2 p4 "
cp "$C/cohort.conf" "$WORK/conf.before"
F cohort attend 99 p1 >/dev/null 2>"$WORK/err"; rc=$?
check "attend: unknown session, exit 3" test $rc -eq 3
check "attend: unknown session explained" grep -q "There is no session '99' in cohort.conf. The sessions are 01 to 12." "$WORK/err"
F cohort attend 02 p2 nobody >/dev/null 2>"$WORK/err"; rc=$?
check "attend: unknown participant, exit 3" test $rc -eq 3
check "attend: unknown participant explained" grep -q "'nobody' is not in the roster" "$WORK/err"
check "attend: nothing recorded then" grep -q "Nothing was recorded." "$WORK/err"
F cohort attend 02 "a/b" >/dev/null 2>&1; rc=$?
check "attend: a bad id is a usage error" test $rc -eq 2
F cohort attend 02 >/dev/null 2>&1; rc=$?
check "attend: no id is a usage error" test $rc -eq 2
check "attend: failed commands changed nothing" cmp -s "$C/cohort.conf" "$WORK/conf.before"

# ---- the report ----
F cohort report >"$WORK/report.md" 2>"$WORK/err"; rc=$?
check "report (md): exit 0" test $rc -eq 0
check "report (md): nothing on stderr" test ! -s "$WORK/err"
md() { check "md: $1" grep -qF -- "$1" "$WORK/report.md"; }
md '# Cohort report: North & West "3" \*cohort\*'
md "- Date: $(date +%F)"
md "- Participants: 5 (5 with answers fetched, 0 with no data yet)"
md "| Strategy and leadership | current | 5 | 1 | 1.5 | 2 | 3.5 | 4 |"
md "| Strategy and leadership | target | 5 | 3 | 3.5 | 4 | 5 | 5 |"
md "| People and skills | current | 3 (fewer than 5 answers) | 1 | 1 | 2 | 2 | 2 |"
md "| Data and analytics | current | 0 (fewer than 5 answers) | – | – | – | – | – |"
md "5 participants answered."
md "| Machine vision | 4 |"
md "| Cobots and robotics | 1 |"
md "of 3 participants (fewer than 5 answers)"
md "| Now | £15,000 | £10,000 |"
md "| Next | £20,000 | £10,000 |"
md "| Later | £40,000 | £40,000 |"
md "| Total | £75,000 | £60,000 |"
md "| New jobs expected | 11 | 5 |"
md "| Roles to upskill | 15 | 2 (fewer than 5 answers) |"
md "| 01 | 2027-01-11 | Why digital, why now? | 3 of 5 |"
md "| 02 | 2027-01-18 |"
md "| p1 | Ann One | \\=SUM(1+1) Ltd |"
md "| p4 | Di Four | Four \\| Pipes Ltd |"
check "md: sessions per participant" grep -qE '^\| p1 \| .* \| 2 of 12 \|$' "$WORK/report.md"
check "md: modules, 12 rows" test "$(grep -cE '^\| [0-9]+\. ' "$WORK/report.md")" -eq 12
check "md: module 2 complete for nobody, in progress for five" grep -qE '^\| 2\. .* \| 0 \| 5 \| 0 \|$' "$WORK/report.md"

F cohort report --format csv >"$WORK/report.csv"; rc=$?
check "report (csv): exit 0" test $rc -eq 0
check "csv: parses, one figure a row, the figures" python3 - "$WORK/report.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
assert rows[0] == ['section', 'item', 'measure', 'value'], rows[0]
assert all(len(r) == 4 for r in rows), [r for r in rows if len(r) != 4]
v = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
def eq(k, want):
    assert v.get(k) == want, (k, v.get(k), want)
eq(('cohort', '', 'participants'), '5')
eq(('readiness', 'leadership', 'current median'), '2')
eq(('readiness', 'leadership', 'current lower quartile'), '1.5')
eq(('readiness', 'leadership', 'target upper quartile'), '5')
eq(('readiness', 'people', 'current note'), 'fewer than 5 answers')
eq(('technologies', 'vision', 'participants'), '4')
eq(('technologies', 'all', 'answered'), '5')
eq(('investment', 'now', 'cost'), '15000')
eq(('investment', 'next', 'net of match funding'), '10000')
eq(('investment', 'all', 'roadmaps'), '3')
eq(('jobs', 'new jobs', 'total'), '11')
eq(('jobs', 'roles upskilled', 'answered'), '2')
eq(('sessions', '01', 'attended'), '3')
eq(('sessions', '02', 'attended'), '1')
eq(('participants', 'p1', 'sessions attended'), '2')
eq(('participants', 'p1', 'company'), "'=SUM(1+1) Ltd")   # defused
eq(('participants', 'p2', 'company'), 'Two, "Quoted" Ltd')
assert ('technologies', 'all', 'note') not in v
EOF
check "csv: no cell starts with a formula" bash -c "! grep -qE '(^|,)[=+@-]' '$WORK/report.csv'"

F cohort report --format html -o "$WORK/report.html" >"$WORK/out" 2>&1; rc=$?
check "report (html) -o: exit 0, nothing on stdout" test $rc -eq 0 -a ! -s "$WORK/out"
check "html: a page" grep -q '^<!DOCTYPE html>' "$WORK/report.html"
check "html: inline SVG charts" test "$(grep -o '<svg' "$WORK/report.html" | wc -l)" -eq 3
check "html: no scripts" bash -c "! grep -qi '<script' '$WORK/report.html'"
check "html: nothing fetched from the network" bash -c "! grep -qi 'http' '$WORK/report.html'"
check "html: print styles" grep -q '@media print' "$WORK/report.html"
check "html: the cohort's name escaped" grep -qF '<h1>Cohort report: North &amp; West &quot;3&quot; *cohort*</h1>' "$WORK/report.html"
check "html: the evil company's text kept, its controls gone" grep -qF '<td>Evil Foods ' "$WORK/report.html"
F cohort report --format html | cmp -s - "$WORK/report.html"
check "html: stdout and -o give the same page" test $? -eq 0

# ---- hostile bytes never reach the terminal ----
for fmt in md csv html; do
	F cohort report --format $fmt >"$WORK/raw.$fmt" 2>&1
	check "$fmt: no ESC or BEL on stdout" bash -c "! LC_ALL=C grep -qP '[\x1b\x07]' '$WORK/raw.$fmt'"
	check "$fmt: no C1 control (U+0080-U+009F) on stdout" bash -c "! LC_ALL=C grep -qP '\xc2[\x80-\x9f]' '$WORK/raw.$fmt'"
	check "$fmt: valid UTF-8 (no raw 0x9B)" iconv -f UTF-8 -t UTF-8 "$WORK/raw.$fmt" -o /dev/null
	check "$fmt: the company is still named" grep -q "Evil Foods" "$WORK/raw.$fmt"
done
check "the hostile bytes are really in cohort.conf" bash -c "LC_ALL=C grep -qP '\x1b\[2J' '$C/cohort.conf'"
check "od: no 1b byte in the markdown" bash -c "! od -An -tx1 -v '$WORK/raw.md' | grep -qw 1b"
F cohort status >"$WORK/raw.status" 2>&1
check "cohort status still works" grep -q "^p5 " "$WORK/raw.status"

F cohort report --format pdf >/dev/null 2>"$WORK/err"; rc=$?
check "report: an unknown format is a usage error" test $rc -eq 2
check "report: says which formats" grep -q "md, csv or html" "$WORK/err"
RB -C "$WORK/nowhere" cohort report >/dev/null 2>&1; rc=$?
check "report: no cohort, exit 3" test $rc -eq 3

# ---- benchmarks: published with five ----
F cohort publish >"$WORK/out" 2>"$WORK/err"; rc=$?
check "publish with 5: exit 0" test $rc -eq 0
check "publish: says what" grep -q "Published the medians of 1 of 8 readiness dimensions" "$WORK/out"
check "publish: leadership line" grep -q "Strategy and leadership: now 2, target 4 (5 participants)" "$WORK/out"
check "publish: people left out" grep -q "People and skills: left out, 0 participants answered its scales" "$WORK/out"
B="$C/benchmarks.conf"
check "benchmarks.conf: exactly the format" diff -u <(printf '[benchmarks]\n\tpublished = %s\n\tparticipants = 5\n[dimension "leadership"]\n\tcurrent = 2\n\ttarget = 4\n\tcontributors = 5\n' "$(date +%F)") "$B"
check "benchmarks.conf: readable by git config" test "$(G config -f "$B" dimension.leadership.target)" = 4
check "benchmarks.conf: no quartiles, no min or max" bash -c "! grep -qiE 'min|max|mean|quartile' '$B'"
check "benchmarks.conf: committed" test "$(G -C "$C" show HEAD:benchmarks.conf | sha1sum)" = "$(sha1sum <"$B")"
check "benchmarks: the version says so" test "$(G -C "$C" log -1 --format=%s)" = "Benchmarks published: 1 of 8 dimensions"
check "benchmarks: the cohort repository is clean" test -z "$(G -C "$C" status --porcelain)"
check "attendance committed with it" bash -c "git -c safe.directory='*' -C '$C' show HEAD:cohort.conf | grep -q 'attended = p4'"

# ---- a cohort of four: nothing is published, the old file kept ----
C4="$WORK/cohort4"
RB -C "$C4" cohort init "$C4" --name "Four" >/dev/null 2>&1
for id in q1 q2 q3 q4; do
	RB -C "$C4" cohort add "$id" --name "N $id" --company "Co $id" >/dev/null 2>&1
	RB join "$C4/participants/$id.git" "$WORK/$id" >/dev/null 2>&1
	A "$id" ready-leadership-now 2; A "$id" ready-leadership-target 4
	RB -C "$WORK/$id" sync >/dev/null 2>&1
done
RB -C "$C4" cohort sync >/dev/null 2>&1
printf '[benchmarks]\n\tpublished = 2020-01-01\n' >"$C4/benchmarks.conf"
cp "$C4/benchmarks.conf" "$WORK/b4.before"
head4=$(G -C "$C4" rev-parse HEAD)
RB -C "$C4" cohort publish >"$WORK/out" 2>"$WORK/err"; rc=$?
check "publish with 4: exit 1" test $rc -eq 1
check "publish with 4: says nothing was published and why" grep -q "nothing was published. A benchmark needs at least 5 participants" "$WORK/err"
check "publish with 4: names the count" grep -q "the most for any dimension is 4, of 4 in the roster" "$WORK/err"
check "publish with 4: the old file kept, and said so" grep -q "published before is kept as it was" "$WORK/err"
check "publish with 4: old file unchanged" cmp -s "$C4/benchmarks.conf" "$WORK/b4.before"
check "publish with 4: no version made" test "$(G -C "$C4" rev-parse HEAD)" = "$head4"
rm "$C4/benchmarks.conf"
RB -C "$C4" cohort publish >/dev/null 2>"$WORK/err"; rc=$?
check "publish with 4, no old file: exit 1, nothing written" test $rc -eq 1 -a ! -e "$C4/benchmarks.conf"
check "publish with 4, no old file: said so" grep -q "No benchmarks.conf was written." "$WORK/err"
RB -C "$C4" cohort report >"$WORK/report4.md"
check "report of four: every leadership figure noted" grep -qF "| Strategy and leadership | current | 4 (fewer than 5 answers) | 2 | 2 | 2 | 2 | 2 |" "$WORK/report4.md"

finish
