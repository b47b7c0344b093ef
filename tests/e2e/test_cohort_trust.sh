# The facilitator's trust (docs/cohorts.md): cohort sync takes a participant's history only
# when it continues their workbook (descends from the first version cohort add made, recorded
# in the roster as participant.ID.root, and from what was fetched before). Another
# participant's workbook force-pushed over theirs, or unrelated history, is kept aside: flagged
# in cohort status (text and JSON), on the dashboard and by the report, while status, review and
# the report keep counting their last good version. When their own history is back, the next
# sync takes it.
. "$(dirname "$0")/lib.sh"

export GIT_CONFIG_NOSYSTEM=1 HOME="$WORK/home" ROADBOOK_LESSONS="$SRC/lessons"
mkdir -p "$HOME"
G() { git -c safe.directory='*' "$@"; }
C="$WORK/cohort"
F() { "$ROADBOOK" -C "$C" "$@"; }
F cohort init "$C" --name "Trust cohort" --start 2027-01-11 >/dev/null
F cohort add alice --name "Alice Ng" --company "Ng Pressings" >/dev/null
F cohort add bob --name "Bob Reid" --company "Reid Pumps" >/dev/null
check "the roster records each workbook's first version" \
	test "$(G config -f "$C/cohort.conf" participant.alice.root)" = "$(G --git-dir="$C/participants/alice.git" rev-list --max-parents=0 main)"
"$ROADBOOK" join "$C/participants/alice.git" "$WORK/alice" >/dev/null
"$ROADBOOK" join "$C/participants/bob.git" "$WORK/bob" >/dev/null
"$ROADBOOK" -C "$WORK/alice" answer why-vision "Alice's own vision." >/dev/null
"$ROADBOOK" -C "$WORK/alice" answer why-context "Alice's context." >/dev/null
"$ROADBOOK" -C "$WORK/alice" sync >/dev/null
for id in why-vision why-context why-pain-points why-standstill why-case; do
	"$ROADBOOK" -C "$WORK/bob" answer "$id" "Bob wrote this." >/dev/null
done
"$ROADBOOK" -C "$WORK/bob" sync >/dev/null
F cohort sync >/dev/null 2>&1
answered() { F cohort status --json | python3 -c "import json,sys; d=json.load(sys.stdin); print([p for p in d['participants'] if p['id']=='$1'][0]['answered'])"; }
check "before: alice counted with her 2 answers" test "$(answered alice)" -eq 2
good=$(G --git-dir="$C/.roadbook/mirror/alice.git" rev-parse refs/remotes/origin/main)

# bob's workbook pushed over alice's (one account for both, a shared drive)
G -C "$WORK/bob" push -q -f "$C/participants/alice.git" main:main
F cohort sync >"$WORK/out" 2>&1
check "another's workbook: cohort sync says so" grep -q "alice's repository now holds a history that does not continue their workbook" "$WORK/out"
check "another's workbook: kept aside" test "$(G --git-dir="$C/.roadbook/mirror/alice.git" rev-parse refs/roadbook/refused/main)" = "$(G -C "$WORK/bob" rev-parse HEAD)"
check "another's workbook: her last good version is the one counted" \
	test "$(G --git-dir="$C/.roadbook/mirror/alice.git" rev-parse refs/remotes/origin/main)" = "$good"
check "another's workbook: status still counts alice's 2 answers (not bob's 5)" test "$(answered alice)" -eq 2
F cohort status >"$WORK/status" 2>&1
check "another's workbook: cohort status flags it" grep -q "alice.*does not continue their workbook" "$WORK/status"
F cohort status --json >"$WORK/status.json"
check "another's workbook: the JSON carries it" grep -q '"fetch_error":"alice.s repository now holds' "$WORK/status.json"
F cohort report --format csv >"$WORK/report.csv" 2>"$WORK/report.err"
check "another's workbook: the report says alice's latest was kept aside" grep -q "alice: the latest history in their repository does not continue" "$WORK/report.err"
F review alice --print >"$WORK/review" 2>&1
check "another's workbook: review shows alice's own answers" grep -q "Alice's own vision." "$WORK/review"
check "another's workbook: review shows none of bob's" bash -c "! grep -q 'Bob wrote this' '$WORK/review'"
tui_start 120 30 "$WORK" "ROADBOOK_LESSONS='$SRC/lessons'" "HOME='$HOME'" -- -C "$C"
check "another's workbook: the dashboard flags alice" wait_for "! failed"
keys q

# unrelated history pushed over hers
G init -q -b main "$WORK/junk"
echo junk >"$WORK/junk/file"
G -C "$WORK/junk" add file
G -C "$WORK/junk" -c user.name=x -c user.email=x@x commit -q -m junk
G -C "$WORK/junk" push -q -f "$C/participants/alice.git" main:main
F cohort sync >"$WORK/out" 2>&1
check "unrelated history: refused the same way" grep -q "does not continue their workbook" "$WORK/out"
check "unrelated history: alice still at 2 answers, not 0" test "$(answered alice)" -eq 2

# her own history back: taken again, the flag gone
G -C "$WORK/alice" push -q -f origin main:main
"$ROADBOOK" -C "$WORK/alice" answer why-urgency 4 >/dev/null
"$ROADBOOK" -C "$WORK/alice" sync >/dev/null 2>&1
F cohort sync >"$WORK/out" 2>&1
check "her own history back: taken" test "$(answered alice)" -eq 3
F cohort status >"$WORK/status" 2>&1
check "her own history back: no flag" bash -c "! grep -q 'does not continue' '$WORK/status'"
F cohort report --format csv >/dev/null 2>"$WORK/report.err"
check "her own history back: the report says nothing of it" bash -c "! grep -q 'kept aside' '$WORK/report.err'"
# bob, untouched throughout
check "bob: counted with his 5" test "$(answered bob)" -eq 5
finish
