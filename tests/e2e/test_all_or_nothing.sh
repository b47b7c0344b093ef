# Never half a workbook (docs/RELIABILITY.md, "Steps that create a workbook"): init, join, the
# database's rebuild and cohort add, each stopped at random moments by kill -9 (and join by
# Ctrl-C), and each where the disk is full (tests/crash/creation.py); then the states a stopped
# roadbook of an older version could leave: an empty state.db with and without a history.
# RB_CREATION_SEED repeats a run.
. "$(dirname "$0")/lib.sh"

seed=${RB_CREATION_SEED:-$(((RANDOM << 15) | RANDOM))}
rounds=20
# under AddressSanitizer every process is several times slower
if ldd "$ROADBOOK" | grep -q libasan; then rounds=6; fi
python3 "$SRC/tests/crash/creation.py" --seed "$seed" --rounds "${RB_CREATION_ROUNDS:-$rounds}" \
	"$ROADBOOK" >"$WORK/creation.log" 2>&1
rc=$?
sed -n '/^==== creation harness summary/,$p' "$WORK/creation.log"
[ $rc -eq 0 ] || grep -E '^(FAIL|Traceback|  File|[A-Za-z]+Error)' "$WORK/creation.log" | head -20
check "creation harness (seed $seed): every stopped init, join, rebuild and cohort add left a complete workbook or one that said what to do" \
	test $rc -eq 0

export ROADBOOK_LESSONS="$STARTER"
G() { git -c safe.directory='*' "$@"; }

# an empty state.db and no history (a roadbook stopped the moment it made the file): no
# workbook, and init works
W="$WORK/empty-db"
mkdir -p "$W/.roadbook"
: >"$W/.roadbook/state.db"
"$ROADBOOK" -C "$W" status >/dev/null 2>"$WORK/err"
check "empty state.db, no history: 'no workbook' (exit 3)" test $? -eq 3
check "empty state.db, no history: says to run init" grep -q "roadbook init" "$WORK/err"
"$ROADBOOK" init "$W" --name "Sam Taylor" --company "Taylor Pies" >/dev/null 2>"$WORK/err"
check "empty state.db, no history: init works" test $? -eq 0
check "empty state.db, no history: the workbook has its profile" \
	bash -c "'$ROADBOOK' -C '$W' status --json | grep -q '\"company\":\"Taylor Pies\"'"

# an empty state.db beside a history: rebuilt from it, never trusted
"$ROADBOOK" -C "$W" answer fs-why "Kept in the history." >/dev/null
"$ROADBOOK" -C "$W" save >/dev/null
rm -f "$W/.roadbook/state.db"*
: >"$W/.roadbook/state.db"
"$ROADBOOK" -C "$W" answer fs-why --get >"$WORK/out" 2>"$WORK/err"
check "empty state.db beside a history: rebuilt" test "$(cat "$WORK/out")" = "Kept in the history."
check "empty state.db beside a history: said" grep -q "rebuilt it from the last saved version" "$WORK/err"

# a process that has ended, for the names of what it left
true &
dead=$!
wait $dead
# a half-made database left aside by a killed rebuild is never used, and removed
rm -f "$W/.roadbook/state.db"*
printf 'SQLite format 3\0half' >"$W/.roadbook/state.db.new-$dead"
"$ROADBOOK" -C "$W" answer fs-why --get >"$WORK/out" 2>/dev/null
check "half-made database aside: the history is used" test "$(cat "$WORK/out")" = "Kept in the history."
check "half-made database aside: removed" test ! -e "$W/.roadbook/state.db.new-$dead"

# a database that lost the profile (by hand, or an older roadbook): no version is saved without
# it, and doing what the message says brings it back
"$ROADBOOK" -C "$W" answer fs-why "Kept in the history." >/dev/null
"$ROADBOOK" -C "$W" save >/dev/null
n=$(G -C "$W" rev-list --count HEAD)
sqlite3 "$W/.roadbook/state.db" "DELETE FROM meta WHERE key = 'company'"
"$ROADBOOK" -C "$W" answer fs-data-now 2 >/dev/null
"$ROADBOOK" -C "$W" save >"$WORK/out" 2>&1
check "profile lost: save refused (exit 1)" test $? -eq 1
check "profile lost: says what to do" grep -q "rename .roadbook/state.db" "$WORK/out"
check "profile lost: no version saved" test "$(G -C "$W" rev-list --count HEAD)" -eq "$n"
check "profile lost: README in the history keeps the company" \
	bash -c "git -c safe.directory='*' -C '$W' show HEAD:README.md | grep -q 'Taylor Pies'"
mv "$W/.roadbook/state.db" "$W/.roadbook/state.db.lost-profile"
rm -f "$W/.roadbook/state.db-wal" "$W/.roadbook/state.db-shm"
check "profile lost: rebuilt with it" \
	bash -c "'$ROADBOOK' -C '$W' status --json 2>/dev/null | grep -q '\"company\":\"Taylor Pies\"'"

# join: what a killed join left beside the folder is removed by the next join into it
A="$WORK/a.git"
G clone -q --bare "$W" "$A"
mkdir -p "$WORK/.j.joining-$dead/.git"
"$ROADBOOK" join "$A" "$WORK/j" >"$WORK/out" 2>&1
check "join after a killed join: works" test $? -eq 0
check "join after a killed join: the leftover removed" test ! -e "$WORK/.j.joining-$dead"
check "join after a killed join: said" grep -q "earlier join into" "$WORK/out"
check "join: the workbook is complete" test "$("$ROADBOOK" -C "$WORK/j" answer fs-why --get)" = "Kept in the history."
# the user's git settings never change roadbook's own files (core.autocrlf would write CRLF)
mkdir -p "$WORK/crlf-home"
printf '[core]\n\tautocrlf = true\n' >"$WORK/crlf-home/.gitconfig"
HOME="$WORK/crlf-home" "$ROADBOOK" join "$A" "$WORK/crlf" >/dev/null 2>&1
check "join with core.autocrlf = true: the files are as the version holds them" \
	bash -c "! grep -rlq \$'\\r' '$WORK/crlf/answers' '$WORK/crlf/README.md' '$WORK/crlf/strategy.md'"
check "join with core.autocrlf = true: nothing read as edited" \
	bash -c "! HOME='$WORK/crlf-home' '$ROADBOOK' -C '$WORK/crlf' status 2>&1 | grep -q 'edited outside'"

# the guard at the door: a version that lost the cohort copy's answers is not sent without
# the participant's word
unset ROADBOOK_LESSONS
"$ROADBOOK" demo "$WORK/demo" >/dev/null
G clone -q --bare "$WORK/demo" "$WORK/demo.git"
"$ROADBOOK" join "$WORK/demo.git" "$WORK/d" >/dev/null
before=$(G --git-dir="$WORK/demo.git" rev-parse main)
sqlite3 "$WORK/d/.roadbook/state.db" "DELETE FROM answers"
"$ROADBOOK" -C "$WORK/d" sync >"$WORK/out" 2>&1
check "all answers gone: not sent (exit 1)" test $? -eq 1
check "all answers gone: says how many each has" grep -q "has 0 answers, but the cohort's copy has 99" "$WORK/out"
check "all answers gone: says what to do" grep -q "sync --send-removals" "$WORK/out"
check "all answers gone: the cohort's copy unchanged" test "$(G --git-dir="$WORK/demo.git" rev-parse main)" = "$before"
"$ROADBOOK" -C "$WORK/d" sync --send-removals >"$WORK/out" 2>&1
check "all answers gone, confirmed: sent" test $? -eq 0
check "all answers gone, confirmed: the cohort's copy moved" test "$(G --git-dir="$WORK/demo.git" rev-parse main)" != "$before"
# most gone (60 of 99): held; a few gone (10): sent as usual
G -C "$WORK/demo.git" update-ref refs/heads/main "$before"
rm -rf "$WORK/d3"
"$ROADBOOK" join "$WORK/demo.git" "$WORK/d3" >/dev/null
sqlite3 "$WORK/d3/.roadbook/state.db" "DELETE FROM answers WHERE exercise_id IN (SELECT exercise_id FROM answers ORDER BY exercise_id LIMIT 60)"
"$ROADBOOK" -C "$WORK/d3" sync >"$WORK/out" 2>&1
check "60 of 99 answers gone: not sent" test $? -eq 1
check "60 of 99 answers gone: the cohort's copy unchanged" test "$(G --git-dir="$WORK/demo.git" rev-parse main)" = "$before"
rm -rf "$WORK/d3"
"$ROADBOOK" join "$WORK/demo.git" "$WORK/d3" >/dev/null
sqlite3 "$WORK/d3/.roadbook/state.db" "DELETE FROM answers WHERE exercise_id IN (SELECT exercise_id FROM answers ORDER BY exercise_id LIMIT 10)"
"$ROADBOOK" -C "$WORK/d3" sync >"$WORK/out" 2>&1
check "10 of 99 answers gone: sent as usual" test $? -eq 0
# in the TUI: F5 says why it held the version back; F5 again sends it
before=$(G --git-dir="$WORK/demo.git" rev-parse main)
rm -rf "$WORK/d4"
"$ROADBOOK" join "$WORK/demo.git" "$WORK/d4" >/dev/null
sqlite3 "$WORK/d4/.roadbook/state.db" "DELETE FROM answers"
tui_start 100 30 "$WORK/d4"
wait_for "Leading Digital Transformation" >/dev/null
keys F5
check "TUI, all answers gone: F5 holds it back and says why" wait_for "Not sent: this version has 0 answers"
check "TUI: the cohort's copy unchanged" test "$(G --git-dir="$WORK/demo.git" rev-parse main)" = "$before"
keys F5
check "TUI: F5 again sends it" wait_for "Synced"
check "TUI: the cohort's copy moved" test "$(G --git-dir="$WORK/demo.git" rev-parse main)" != "$before"
keys q
finish
