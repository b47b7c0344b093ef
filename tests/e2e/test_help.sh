#!/usr/bin/env bash
# The command line's own help and mistakes: every command (and cohort subcommand) has --help
# with a usage line, a description and an example; --help lists the exit codes; a mistyped
# command or cohort subcommand gets the nearest names suggested, exit 2; an unknown option is
# exit 2 for every command, before anything is opened or created; the --ids listings that the
# shell completions use.
. "$(dirname "$0")/lib.sh"

RB() { "$ROADBOOK" "$@"; }

RB --help >"$WORK/help" 2>&1; rc=$?
check "--help: exit 0" test $rc -eq 0
check "--help: exit codes" grep -q "^exit status:" "$WORK/help"
for code in 0 1 2 3 4 5 6; do
	check "--help: exit code $code explained" grep -qE "^  $code  [a-z]" "$WORK/help"
done
check "--help: points at the man page" grep -q "man roadbook" "$WORK/help"
# The commands as --help lists them (two spaces, a name, the summary).
mapfile -t CMDS < <(sed -n '/^commands:/,/^$/p' "$WORK/help" | grep -oE '^  [a-z][a-z-]+' | tr -d ' ')
check "--help lists 20 commands or more (${#CMDS[@]})" test "${#CMDS[@]}" -ge 20
for c in init demo lint render exercises answer status strategy save log diff join sync \
	choose submit feedback reply resolve review comment approve request-changes cohort; do
	check "--help lists $c" grep -qE "^  $c " "$WORK/help"
done
# Every --help line fits 80 columns.
check "--help fits 80 columns" bash -c "! awk 'length > 80' '$WORK/help' | grep -q ."

# Every command's --help: usage line, description, example; exit 0.
for c in "${CMDS[@]}"; do
	RB "$c" --help >"$WORK/h" 2>&1; rc=$?
	check "$c --help: exit 0" test $rc -eq 0
	check "$c --help: usage line" grep -q "^usage: roadbook .*$c" "$WORK/h"
	check "$c --help: description" test "$(sed -n 3p "$WORK/h" | wc -c)" -gt 10
	check "$c --help: an example" grep -qA1 "^example:" "$WORK/h"
	check "$c --help: the example runs $c" bash -c "grep -A1 '^example:' '$WORK/h' | tail -1 | grep -q 'roadbook .*$c'"
done
SUBS=(init add sync status attend report publish)
RB cohort --help >"$WORK/h" 2>&1
for s in "${SUBS[@]}"; do
	check "cohort --help lists $s" grep -qE "^  $s( |$)" "$WORK/h"
	RB cohort "$s" --help >"$WORK/hs" 2>&1; rc=$?
	check "cohort $s --help: exit 0" test $rc -eq 0
	check "cohort $s --help: usage" grep -q "^usage: roadbook .*cohort $s" "$WORK/hs"
	check "cohort $s --help: example" bash -c "grep -A1 '^example:' '$WORK/hs' | tail -1 | grep -q 'cohort $s'"
done

# Did you mean: the nearest command by edit distance.
suggests() { # suggests EXPECTED_SUGGESTION ARGS...: exit 2 and the suggestion on stderr
	local want=$1; shift
	RB "$@" >/dev/null 2>"$WORK/err"; local rc=$?
	check "'$*': exit 2 (got $rc)" test $rc -eq 2
	check "'$*': suggests '$want'" grep -qF "'$want'" "$WORK/err"
}
suggests "roadbook status" staus
suggests "roadbook answer" anwser
suggests "roadbook exercises" exercise
suggests "roadbook request-changes" request-change
suggests "roadbook request-changes" req
suggests "roadbook cohort" cohrot
suggests "roadbook cohort status" cohort statsu
suggests "roadbook cohort add" cohort ad
suggests "roadbook cohort publish" cohort pubish
RB staus >/dev/null 2>"$WORK/err"
check "staus: exactly one suggestion" test "$(grep -c 'roadbook st' "$WORK/err")" -eq 1
check "staus: says it is not a command" grep -q "'staus' is not a roadbook command" "$WORK/err"
RB zzzzzz >/dev/null 2>"$WORK/err"; rc=$?
check "far from everything: exit 2" test $rc -eq 2
check "far from everything: no suggestion" bash -c "! grep -q 'Did you mean' '$WORK/err'"
check "far from everything: points at --help" grep -q "roadbook --help" "$WORK/err"
RB --no-such-option >/dev/null 2>&1; rc=$?
check "unknown global option: exit 2" test $rc -eq 2

# An unknown option is a usage error (2) for every command and subcommand, whatever the folder
# holds, and nothing is created.
mkdir "$WORK/empty"
for c in "${CMDS[@]}"; do
	[ "$c" = cohort ] && continue
	(cd "$WORK/empty" && "$ROADBOOK" "$c" --no-such-option x >/dev/null 2>"$WORK/err"); rc=$?
	check "$c --no-such-option: exit 2 (got $rc)" test $rc -eq 2
	check "$c --no-such-option: says where the help is" grep -q "roadbook $c --help" "$WORK/err"
done
for s in "${SUBS[@]}"; do
	(cd "$WORK/empty" && "$ROADBOOK" cohort "$s" --no-such-option >/dev/null 2>&1); rc=$?
	check "cohort $s --no-such-option: exit 2 (got $rc)" test $rc -eq 2
done
check "unknown options created nothing" test -z "$(ls -A "$WORK/empty")"
RB -C "$WORK/empty" demo -C x >/dev/null 2>"$WORK/err"; rc=$?
check "-C after the command: exit 2" test $rc -eq 2
check "-C after the command: says where it goes" grep -q "goes before the command" "$WORK/err"
check "-C after the command: nothing created" test -z "$(ls -A "$WORK/empty")"
# Usage errors are 2, not-found 3: a missing workbook is not a usage error.
RB -C "$WORK/empty" status >/dev/null 2>&1; rc=$?
check "status without a workbook: 3" test $rc -eq 3
RB cohort >/dev/null 2>&1; rc=$?
check "cohort without a subcommand: 2" test $rc -eq 2

# '--' ends the options: a value that starts with '-'.
WB="$WORK/wb"
RB init "$WB" --name "Sam Taylor" --company "Taylor Foods" --lessons "$STARTER" >/dev/null
check "answer after --" RB -C "$WB" answer fs-notes -- "-not an option"
check "answer after -- stored" test "$(RB -C "$WB" answer fs-notes --get)" = "-not an option"

# The listings the shell completions use.
RB -C "$WB" exercises --ids >"$WORK/ids"; rc=$?
check "exercises --ids: exit 0" test $rc -eq 0
check "exercises --ids: one id per line, all of them" \
	test "$(cat "$WORK/ids")" = "$(RB -C "$WB" exercises | awk '{print $1}')"
check "status --ids: the module ids" test "$(RB -C "$WB" status --ids | tr '\n' ' ')" = "first-steps plan "
RB cohort init "$WORK/cohort" --name "Test cohort" >/dev/null 2>&1
RB -C "$WORK/cohort" cohort add sam-taylor --name "Sam Taylor" --company "Taylor Foods" >/dev/null 2>&1
RB -C "$WORK/cohort" cohort add alex-morgan --name "Alex Morgan" --company "Morgan Ltd" >/dev/null 2>&1
check "cohort status --ids: the participants" \
	test "$(RB -C "$WORK/cohort" cohort status --ids | sort | tr '\n' ' ')" = "alex-morgan sam-taylor "
RB -C "$WORK/empty" cohort status --ids >/dev/null 2>&1; rc=$?
check "cohort status --ids without a cohort: 3" test $rc -eq 3

finish
