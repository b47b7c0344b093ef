#!/usr/bin/env bash
# The commands and their bad inputs: values checked exactly as in the TUI, JSON that parses,
# lint's file:line output and exit codes, render's safety, and databases that are damaged,
# foreign, newer, read-only or on a full disk - each with a clear message and nothing lost.
. "$(dirname "$0")/lib.sh"

WB="$WORK/wb"
R() { "$ROADBOOK" -C "$WB" "$@"; }

check "version" bash -c "'$ROADBOOK' --version | grep -q '^roadbook [0-9]'"
check "help lists commands" bash -c "'$ROADBOOK' --help | grep -q 'answer'"
check "command help has an example" bash -c "'$ROADBOOK' answer --help | grep -q 'example:'"
"$ROADBOOK" anwser x >/dev/null 2>"$WORK/err"; rc=$?
check "unknown command: usage exit code" test $rc -eq 2
check "unknown command: suggestion" grep -q "Did you mean 'roadbook answer'" "$WORK/err"

R status >/dev/null 2>"$WORK/err"; rc=$?
check "no workbook: not-found exit code" test $rc -eq 3
check "no workbook: says how to make one" grep -q "roadbook init" "$WORK/err"

"$ROADBOOK" init "$WB" --company "X" >/dev/null 2>"$WORK/err"; rc=$?
check "init without name: usage error" test $rc -eq 2
check "init without name: says --name" grep -q -- "--name" "$WORK/err"
check "init without name: nothing created" test ! -e "$WB/.roadbook"
"$ROADBOOK" init "$WB" --name "Sam Taylor" --company "Taylor Foods" --sector food \
	--employees 60 --lessons "$STARTER" >/dev/null
check "init: database is private" test "$(stat -c %a "$WB/.roadbook/state.db")" = 600
"$ROADBOOK" init "$WB" --name A --company B >/dev/null 2>"$WORK/err"; rc=$?
check "init twice: refused" test $rc -eq 1
check "init twice: says so" grep -q "already a workbook" "$WORK/err"

# Values: the same checks as the TUI.
check "scale" R answer fs-data-now 3
R answer fs-data-now 7 2>"$WORK/err"; rc=$?
check "scale out of range refused" test $rc -eq 1
check "scale out of range explained" grep -q "outside the scale" "$WORK/err"
answer_is "$WB" fs-data-now 3
check "choice by label" R answer fs-kind "Precision engineering"
answer_is "$WB" fs-kind precision
check "number with unit and separators" R answer plan-budget "£25,000"
answer_is "$WB" plan-budget 25000
R answer plan-budget "a lot" 2>"$WORK/err"
check "number refused" grep -q "not a number" "$WORK/err"
answer_is "$WB" plan-budget 25000
printf 'Line one\r\nLine two\n' | R answer fs-why
answer_is "$WB" fs-why "$(printf 'Line one\nLine two')"
printf 'caf\xe9\n' | R answer fs-why 2>"$WORK/err"; rc=$?
check "invalid UTF-8 refused" test $rc -eq 1
check "invalid UTF-8 explained" grep -q "not valid UTF-8" "$WORK/err"
answer_is "$WB" fs-why "$(printf 'Line one\nLine two')"
printf 'Robot | now | 2027-Q2 | 10000 | data\nVision | later\n' | R answer plan-roadmap
answer_is "$WB" plan-roadmap "$(printf 'Robot | now | 2027-Q2 | 10000 | data\nVision | later |  |  | ')"
# A 100 KB answer: refused with a clear message, the earlier answer kept.
head -c 102400 /dev/zero | tr '\0' 'a' | R answer fs-why 2>"$WORK/err"; rc=$?
check "100 KB answer refused" test $rc -eq 1
check "100 KB answer explained" grep -q "too long (102400 characters; the most is 20000)" "$WORK/err"
answer_is "$WB" fs-why "$(printf 'Line one\nLine two')"
R answer no-such-exercise 1 2>"$WORK/err"; rc=$?
check "unknown exercise: not found" test $rc -eq 3
# Escape sequences typed into an answer never reach the terminal of whoever reads it.
R answer fs-notes "$(printf 'hi \033]52;c;ZXZpbA==\007 \033[2J there')"
got=$(R answer fs-notes --get)
check "no ESC on output" bash -c "! printf '%s' \"\$1\" | grep -q \$'\\033'" _ "$got"

# JSON that parses, with the right figures.
R status --json >"$WORK/status.json"
check "status --json parses" python3 -m json.tool "$WORK/status.json" >/dev/null
check "status --json counts" python3 -c "
import json,sys; s=json.load(open('$WORK/status.json'))
assert s['answered']==5 and s['total']==9, s
assert s['modules'][0]['id']=='first-steps' and s['modules'][1]['kind']=='site-visit'
assert s['participant']=='Sam Taylor' and s['curriculum']['id']=='starter'"
R exercises --json >"$WORK/ex.json"
check "exercises --json parses" python3 -c "
import json; e=json.load(open('$WORK/ex.json'))
assert len(e)==10 and e[0]['id']=='fs-why' and e[0]['answered'] and e[4]['optional']"
check "status (text)" bash -c "'$ROADBOOK' -C '$WB' status | grep -q '5 of 9 answered'"

# Installed: the binary finds the bundled lessons under PREFIX/share/roadbook/lessons.
if cmake --install "$(dirname "$ROADBOOK")" --prefix "$WORK/stage" >/dev/null 2>&1; then
	check "installed: lessons in share" test -f "$WORK/stage/share/roadbook/lessons/curriculum.md"
	check "installed: lint finds them" bash -c "cd / && '$WORK/stage/bin/roadbook' lint 2>&1 | grep -q '$WORK/stage/bin/../share/roadbook/lessons: 12 modules'"
	check "installed: init uses them" "$WORK/stage/bin/roadbook" init "$WORK/inst" --name A --company B
	check "installed: demo works" "$WORK/stage/bin/roadbook" demo "$WORK/inst-demo"
else
	fail "cmake --install into a staging folder"
fi

# lint
"$ROADBOOK" lint "$SRC/lessons" >/dev/null 2>&1; rc=$?
check "bundled lessons lint clean" test $rc -eq 0
mkdir "$WORK/bad"
cp "$STARTER"/*.md "$WORK/bad/"
sed -i 's/^type: scale$/type: rating/' "$WORK/bad/01-first-steps.md"
"$ROADBOOK" lint "$WORK/bad" >"$WORK/lint.out" 2>/dev/null; rc=$?
check "bad lessons: exit 1" test $rc -eq 1
check "bad lessons: file:line: message" grep -q "01-first-steps.md:[0-9]*: unknown exercise type 'rating'" "$WORK/lint.out"

# render: never a control byte from the input, and within the width.
printf '# Title\n\nText with \033[31mred\033[0m and &#27;]0;pwned&#7; and a very long line of words to wrap nicely.\n' >"$WORK/hostile.md"
"$ROADBOOK" render "$WORK/hostile.md" --width 30 >"$WORK/render.out"
check "render: no escape bytes" bash -c "! grep -q \$'\\033' '$WORK/render.out'"
check "render: within width" bash -c "! awk 'length(\$0) > 30' '$WORK/render.out' | grep -q ."
check "render: text kept" grep -q "red" "$WORK/render.out"
"$ROADBOOK" render "$WORK/missing.md" 2>"$WORK/err"; rc=$?
check "render missing file: not found" test $rc -eq 3

# Damaged, foreign and newer databases in a folder without version history: refused,
# explained, untouched. (With a history they are rebuilt: tests/e2e/test_versions.sh.)
mv "$WB/.git" "$WORK/git.saved"
DB="$WB/.roadbook/state.db"
cp "$DB" "$WORK/good.db"
sqlite3 "$DB" "PRAGMA user_version=42"
sum=$(sha256sum "$DB")
R status 2>"$WORK/err"; rc=$?
check "newer database refused" test $rc -eq 1
check "newer database explained" grep -q "newer version of roadbook" "$WORK/err"
check "newer database untouched" test "$(sha256sum "$DB")" = "$sum"
printf 'not a database at all, but somebody else'"'"'s notes\n' >"$DB"
sum=$(sha256sum "$DB")
R status 2>"$WORK/err"
check "foreign file explained" grep -q "not a roadbook database" "$WORK/err"
check "foreign file untouched" test "$(sha256sum "$DB")" = "$sum"
cp "$WORK/good.db" "$DB"
rm -f "$DB-wal" "$DB-shm"
python3 - "$DB" <<'PY'
import sys
with open(sys.argv[1], 'r+b') as f:
    f.seek(100); f.write(b'\xa5' * 3000)
PY
sum=$(sha256sum "$DB")
R status 2>"$WORK/err"
check "damaged database explained" grep -q "damaged" "$WORK/err"
check "damaged database untouched" test "$(sha256sum "$DB")" = "$sum"
cp "$WORK/good.db" "$DB"
mv "$WORK/git.saved" "$WB/.git"
answer_is "$WB" fs-data-now 3

# Read-only folder and full disk, on real (small) filesystems. Needs root for mount.
if [ "$(id -u)" = 0 ] && mkdir -p "$WORK/mnt" && mount -t tmpfs -o size=2m tmpfs "$WORK/mnt" 2>/dev/null; then
	"$ROADBOOK" init "$WORK/mnt/wb" --name Sam --company Pies --lessons "$STARTER" >/dev/null
	"$ROADBOOK" -C "$WORK/mnt/wb" answer fs-why "Written before the disk filled"
	dd if=/dev/zero of="$WORK/mnt/filler" bs=4k 2>/dev/null
	head -c 200000 /dev/urandom | base64 -w 0 | head -c 19000 >"$WORK/big.txt"
	"$ROADBOOK" -C "$WORK/mnt/wb" answer fs-notes <"$WORK/big.txt" 2>"$WORK/err"; rc=$?
	check "full disk: refused" test $rc -eq 1
	check "full disk: explained" grep -qi "disk is full" "$WORK/err"
	rm -f "$WORK/mnt/filler"
	answer_is "$WORK/mnt/wb" fs-why "Written before the disk filled"
	check "full disk: retry works" bash -c "'$ROADBOOK' -C '$WORK/mnt/wb' answer fs-notes <'$WORK/big.txt'"
	mount -o remount,ro "$WORK/mnt"
	"$ROADBOOK" -C "$WORK/mnt/wb" answer fs-why "new" 2>"$WORK/err"; rc=$?
	check "read-only: refused" test $rc -eq 1
	check "read-only: explained" grep -q "is read-only" "$WORK/err"
	"$ROADBOOK" init "$WORK/mnt/wb2" --name Sam --company Pies 2>"$WORK/err"; rc=$?
	check "read-only: init refused" test $rc -eq 1
	check "read-only: init explained" grep -qi "write to" "$WORK/err"
	umount "$WORK/mnt"
else
	echo "skipping full-disk and read-only checks: they need root to mount a small filesystem"
fi
finish
