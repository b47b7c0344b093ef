#!/usr/bin/env bash
# libgit2 is opened only when a version history is needed (store/git_api.h). Commands that need
# none (render, lint, help) do not load it. When it cannot be loaded (a broken install), every
# command that needs it says what to reinstall, answers are still kept, and the history starts
# once the library is back. The library is made unloadable for real: /dev/null is mounted over
# it in a private mount namespace (root only; otherwise those parts print SKIP).
. "$(dirname "$0")/lib.sh"

MD="$WORK/lesson.md"
printf '# A lesson\n\nSome *text*, a list:\n\n- one\n- two\n' >"$MD"
WB="$WORK/wb"
"$ROADBOOK" init "$WB" --name "Sam Taylor" --company "Taylor Foods" --lessons "$STARTER" >/dev/null

# ---- what loads libgit2 and what does not (the dynamic loader's own account) ----
git_loads() { LD_DEBUG=files "$@" 2>&1 >/dev/null | grep -c 'file=libgit2' || true; }
check "render does not load libgit2" test "$(git_loads "$ROADBOOK" render "$MD")" = 0
check "lint does not load libgit2" test "$(git_loads "$ROADBOOK" lint "$STARTER")" = 0
check "--help does not load libgit2" test "$(git_loads "$ROADBOOK" --help)" = 0
check "save loads libgit2" test "$(git_loads "$ROADBOOK" -C "$WB" save -m loaded)" -gt 0
check "the binary is not linked to libgit2" bash -c "! ldd '$ROADBOOK' | grep -q libgit2"

if [ "$(id -u)" != 0 ] || ! unshare -m true 2>/dev/null; then
	echo "SKIP: libgit2 missing (hiding it needs root and a mount namespace)"
	finish
	exit $?
fi
LIB=$(readlink -f "$(ldconfig -p | awk '/libgit2\.so\./ { print $NF; exit }')")
check "libgit2 found by ldconfig" test -f "$LIB"
# Runs a command with libgit2 replaced by an empty file.
nogit() { unshare -m sh -c 'mount --bind /dev/null "$0" && exec "$@"' "$LIB" "$@"; }
check "the library is hidden" bash -c "$(declare -f nogit); LIB='$LIB'; ! nogit cat '$LIB' | grep -q ."

# ---- without libgit2 ----
check "render the same" test "$(nogit "$ROADBOOK" render "$MD")" = "$("$ROADBOOK" render "$MD")"
check "lint works" nogit "$ROADBOOK" lint "$STARTER" >/dev/null

NEW="$WORK/new"
out=$(nogit "$ROADBOOK" init "$NEW" --name "Ann Lee" --company "Lee Metal" --lessons "$STARTER" 2>&1)
check "init works: $out" grep -q "Created a workbook" <<<"$out"
check "init says what to reinstall" grep -q "apt-get install --reinstall libgit2" <<<"$out"
check "init made no history" test ! -e "$NEW/.git"

out=$(nogit "$ROADBOOK" -C "$NEW" answer fs-why "Because our customers ask for it." 2>&1)
check "answer stored without libgit2: $out" test $? = 0
check "answer reads back" test "$(nogit "$ROADBOOK" -C "$NEW" answer fs-why --get 2>/dev/null)" = \
	"Because our customers ask for it."
check "answer says versions are not kept" grep -q "could not load libgit2" <<<"$out"

for cmd in "save -m nothing" "log" "diff" "sync"; do
	out=$(nogit "$ROADBOOK" -C "$NEW" $cmd 2>&1)
	rc=$?
	check "$cmd fails with exit 1 (got $rc)" test "$rc" = 1
	check "$cmd names the library: $out" grep -q "could not load libgit2" <<<"$out"
	check "$cmd says what cannot be done" grep -q "Versions cannot be saved, shown or synced" <<<"$out"
	check "$cmd said the reason once" test "$(grep -c 'could not load' <<<"$out")" = 1
done

# The TUI opens, tells why on the status line, and keeps typed answers.
cat >"$WORK/roadbook-nogit" <<EOF
#!/bin/sh
exec unshare -m sh -c 'mount --bind /dev/null "\$0" && exec "\$@"' "$LIB" "$ROADBOOK" "\$@"
EOF
chmod +x "$WORK/roadbook-nogit"
REAL=$ROADBOOK
ROADBOOK="$WORK/roadbook-nogit"
tui_start 100 30 "$NEW" -- -C "$NEW"
expect_screen "First steps"
expect_screen "libgit2"
keys C-c
expect_screen "EXIT=0"
ROADBOOK=$REAL

# ---- libgit2 back: the history starts, with the answer given meanwhile ----
out=$("$ROADBOOK" -C "$NEW" save -m "Back" 2>&1)
check "save works again: $out" test $? = 0
check "git fsck" git -C "$NEW" fsck --strict
check "git log has versions" test "$(git -C "$NEW" log --oneline | wc -l)" -ge 1
check "the answer is in the saved version" bash -c \
	"git -C '$NEW' show HEAD:answers/01-first-steps.md | grep -q 'Because our customers ask for it.'"

finish
