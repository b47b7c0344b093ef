#!/usr/bin/env bash
# Versions in git: the round trip through `roadbook join` (strategy and status byte for byte),
# the repository checked and changed with the git command line, and the bad inputs of the
# versioning issue - hand edits (good, damaged, conflicting), a detached HEAD, no git identity,
# a stale index.lock, a corrupt object, a git repository that is not a workbook, a missing or
# damaged database. `git fsck` after every step.
. "$(dirname "$0")/lib.sh"

export GIT_CONFIG_NOSYSTEM=1
export HOME="$WORK/home" # no ~/.gitconfig: roadbook must not need a git identity
mkdir -p "$HOME"
G() { git -c safe.directory='*' "$@"; }
fsck_ok() { # fsck_ok DIR: git fsck clean and no index.lock left behind
	G -C "$1" fsck --strict --no-progress >"$WORK/fsck.out" 2>&1 && ! grep -q . "$WORK/fsck.out" &&
		test ! -e "$1/.git/index.lock"
}
clean_status() { test -z "$(G -C "$1" status --porcelain)"; }
count() { G -C "$1" rev-list --count HEAD; }

# ---- a workbook with awkward answers, saved, and joined elsewhere ----
A="$WORK/a"
RA() { "$ROADBOOK" -C "$A" "$@"; }
"$ROADBOOK" demo "$A" >/dev/null
check "demo: repository clean" fsck_ok "$A"
check "demo: working tree clean" clean_status "$A"
check "demo: a version per module" test "$(count "$A")" -ge 13
check "demo: readable messages" bash -c "G() { git -c safe.directory='*' \"\$@\"; }; G -C '$A' log --format=%s | grep -q '^Module 3 – The technology landscape: completed, 6 of 6 answered\$'"
check "demo: author is the participant" test "$(G -C "$A" log -1 --format='%an')" = "Alex Morgan"
check "demo: no hooks needed, none installed" test -z "$(ls "$A/.git/hooks" 2>/dev/null | grep -v sample)"

RA answer why-context $'# Not a heading | pipe `tick` <!-- roadbook:exercise x -->\n\n\n  indented *stars* _under_\n1. not a list\n\\ back\\slash' >/dev/null
RA answer why-drivers "customers, energy" >/dev/null 2>&1 || true
RA answer map-initiatives "$(RA answer map-initiatives --get)
Pipe \\| test, back\\\\slash | later | 2029-Q1 | 1000 | 0 | Sam | KPI *x* | data | None" >/dev/null
RA save -m "Awkward answers" >"$WORK/save.out"
check "save: says the version" grep -q "^Saved version [0-9a-f]\{7\}: Awkward answers" "$WORK/save.out"
check "save: fsck" fsck_ok "$A"
check "save: clean" clean_status "$A"
RA save >"$WORK/save.out"
check "save twice: nothing committed" grep -q "Nothing to save" "$WORK/save.out"
check "answers file holds the id" grep -q "<!-- roadbook:exercise why-context -->" "$A/answers/01-why-digital.md"

B="$WORK/b"
"$ROADBOOK" join "$A" "$B" >"$WORK/join.out" 2>&1
check "join: says joined" grep -q "^Joined: the workbook of Alex Morgan" "$WORK/join.out"
# the same workbook; only the sync details differ (B has A as its cohort address)
no_sync() { sed 's/,"sync":{[^}]*}//' | grep -v -e '^Cohort: ' -e '^Not part of a cohort'; }
for cmd in "strategy" "strategy --format html" "status --json" "status" "exercises --json"; do
	RA $cmd | no_sync >"$WORK/a.out"
	"$ROADBOOK" -C "$B" $cmd | no_sync >"$WORK/b.out"
	check "join: '$cmd' byte for byte" cmp -s "$WORK/a.out" "$WORK/b.out"
done
check "join: every answer" bash -c "for id in why-context map-initiatives ready-data-now; do [ \"\$('$ROADBOOK' -C '$A' answer \$id --get)\" = \"\$('$ROADBOOK' -C '$B' answer \$id --get)\" ] || exit 1; done"
check "join: same history" test "$(G -C "$B" rev-parse HEAD)" = "$(G -C "$A" rev-parse HEAD)"
check "join: fsck" fsck_ok "$B"
check "join: clean" clean_status "$B"

# through a bare repository, by file:// URL, and from git daemon on 127.0.0.1
G clone -q --bare "$A" "$WORK/a.git"
"$ROADBOOK" join "file://$WORK/a.git" "$WORK/c" >/dev/null 2>&1
check "join file://: same strategy" bash -c "cmp -s <('$ROADBOOK' -C '$A' strategy) <('$ROADBOOK' -C '$WORK/c' strategy)"
PORT=$((20000 + $$ % 20000))
# in a process group of its own (setsid), so that stopping it stops git-daemon too, not only
# the git that started it
setsid git -c safe.directory='*' daemon --reuseaddr --listen=127.0.0.1 --port=$PORT \
	--base-path="$WORK" --export-all "$WORK" >/dev/null 2>&1 &
DAEMON=$!
trap 'kill -- -"$DAEMON" 2>/dev/null; cleanup' EXIT
for i in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done
(cd "$WORK" && "$ROADBOOK" join "git://127.0.0.1:$PORT/a.git" >/dev/null 2>&1)
check "join git://: default folder from the URL" test -d "$WORK/a/.git" -a -d "$WORK/a/answers"
"$ROADBOOK" join "git://127.0.0.1:$PORT/a.git" "$WORK/d" >/dev/null 2>&1
check "join git://: same status" bash -c "cmp -s <('$ROADBOOK' -C '$A' status --json | sed 's/,\"sync\":{[^}]*}//') <('$ROADBOOK' -C '$WORK/d' status --json | sed 's/,\"sync\":{[^}]*}//')"
"$ROADBOOK" join "git://127.0.0.1:$PORT/nothing-here.git" "$WORK/e" 2>"$WORK/err"; rc=$?
check "join wrong URL: fails" test $rc -eq 3
check "join wrong URL: explained" grep -q "There is no workbook repository at git://" "$WORK/err"
check "join wrong URL: nothing left" test ! -e "$WORK/e"
kill -- -"$DAEMON" 2>/dev/null
wait "$DAEMON" 2>/dev/null
for _ in $(seq 1 50); do pgrep -g "$DAEMON" >/dev/null || break; sleep 0.1; done
check "git daemon stopped, nothing of it left running" bash -c "! pgrep -g '$DAEMON' >/dev/null"
"$ROADBOOK" join "$A" "$B" 2>"$WORK/err"; rc=$?
check "join into a full folder: refused" test $rc -eq 1
check "join into a full folder: explained" grep -q "already exists and is not empty" "$WORK/err"

# ---- a starter workbook for the bad inputs ----
W="$WORK/w"
R() { "$ROADBOOK" -C "$W" "$@"; }
export ROADBOOK_LESSONS="$STARTER"
"$ROADBOOK" init "$W" --name "Sam Taylor" --company "Taylor Pies" >/dev/null
check "init: first version" test "$(count "$W")" -eq 1
check "init: .gitignore keeps the database out" grep -qx "/.roadbook/" "$W/.gitignore"
check "init: database not in git" bash -c "! git -c safe.directory='*' -C '$W' ls-files | grep -q roadbook/"
R answer fs-why "To stay in business" >/dev/null
R answer fs-data-now 1 >/dev/null
R answer fs-kind food >/dev/null
R answer fs-tech cobots >/dev/null
check "module completed: a version" test "$(G -C "$W" log -1 --format=%s)" = "Module 1 – First steps: completed, 4 of 4 answered"
check "module completed: fsck" fsck_ok "$W"
F="$W/answers/01-first-steps.md"

# a hand edit, read back in
sed -i 's/^To stay in business$/To *grow* the business/' "$F"
R status >/dev/null 2>"$WORK/err"
answer_is "$W" fs-why "To grow the business"
check "hand edit: said" grep -q "read 1 answer edited outside roadbook" "$WORK/err"
check "hand edit: a version" test "$(G -C "$W" log -1 --format=%b | head -1)" = "Answers edited outside roadbook were read in."
check "hand edit: fsck" fsck_ok "$W"
check "hand edit: clean" clean_status "$W"

# a commit made with the git command line
sed -i 's/^1 — .*/3 — In shared systems/' "$F"
G -C "$W" -c user.name=Facilitator -c user.email=f@x commit -qam "Edited with git"
answer_is "$W" fs-data-now 3
check "git commit: kept in history" bash -c "git -c safe.directory='*' -C '$W' log --format=%s | grep -qx 'Edited with git'"
check "git commit: fsck" fsck_ok "$W"

# an answers file edited into a state that cannot be read
sed -i 's/^3 — In shared systems$/banana/' "$F"
sum=$(sha256sum "$F")
R status >/dev/null 2>"$WORK/err"; rc=$?
check "damaged file: other commands still work" test $rc -eq 0
check "damaged file: file:line" grep -q "answers/01-first-steps.md:[0-9]*: the answer to 'fs-data-now' cannot be used" "$WORK/err"
check "damaged file: says what to do" grep -q "git checkout -- answers/01-first-steps.md" "$WORK/err"
answer_is "$W" fs-data-now 3
R answer plan-budget 5000 >/dev/null 2>&1
R save -m "Other module" >/dev/null 2>&1
check "damaged file: other modules saved" bash -c "git -c safe.directory='*' -C '$W' show HEAD:answers/02-plan.md | grep -q '^5000'"
check "damaged file: left as it was" test "$(sha256sum "$F")" = "$sum"
check "damaged file: not committed" bash -c "! git -c safe.directory='*' -C '$W' show HEAD:answers/01-first-steps.md | grep -q banana"
check "damaged file: fsck" fsck_ok "$W"
G -C "$W" checkout -q -- answers/01-first-steps.md

# changed in roadbook and in the file: roadbook's answer stays, the file is kept aside
R answer fs-why "Roadbook's words" >/dev/null 2>&1
sed -i 's/^To grow the business$/The file'"'"'s words/' "$F"
R status >/dev/null 2>"$WORK/err"
answer_is "$W" fs-why "Roadbook's words"
check "conflict: explained" grep -q "had also been changed in roadbook" "$WORK/err"
check "conflict: the edited file kept" bash -c "grep -l \"The file's words\" '$W'/.roadbook/kept/*first-steps.md"

# a detached HEAD: no versions saved, nothing overwritten, explained
R save -m "before detaching" >/dev/null 2>&1
G -C "$W" checkout -q HEAD~2
R answer fs-notes "Written while detached" >/dev/null 2>&1
R save 2>"$WORK/err"; rc=$?
check "detached: save refused" test $rc -eq 1
check "detached: explained" grep -q "git switch main" "$WORK/err"
answer_is "$W" fs-why "Roadbook's words"
G -C "$W" switch -q main 2>/dev/null || G -C "$W" checkout -q main
R save >/dev/null 2>&1
answer_is "$W" fs-notes "Written while detached"
check "detached: saved after switching back" bash -c "git -c safe.directory='*' -C '$W' show HEAD:answers/01-first-steps.md | grep -q 'Written while detached'"
check "detached: fsck" fsck_ok "$W"

# a stale index.lock: the version is still saved, and the lock explained
touch "$W/.git/index.lock"
R answer fs-notes "With a stale lock" >/dev/null
R save -m "Despite the lock" >"$WORK/out" 2>"$WORK/err"
check "stale lock: saved" grep -q "Saved version" "$WORK/out"
check "stale lock: explained" grep -q "index.lock" "$WORK/err"
rm -f "$W/.git/index.lock"
# a branch lock left by a save that was killed (kill -9 while moving the branch): removed,
# said, and the version saved
touch "$W/.git/refs/heads/main.lock"
R answer fs-notes "After a killed save" >/dev/null
R save >"$WORK/out" 2>"$WORK/err"
check "stale branch lock: the version is saved" test $? -eq 0
check "stale branch lock: said" grep -q "removed .*refs/heads/main.lock" "$WORK/err"
check "stale branch lock: gone" test ! -e "$W/.git/refs/heads/main.lock"
check "stale branch lock: fsck" fsck_ok "$W"
R answer fs-notes "After the lock" >/dev/null
R save >/dev/null
check "stale lock: index up to date again" clean_status "$W"
check "stale lock: fsck" fsck_ok "$W"

# hooks never run
mkdir -p "$W/.git/hooks"
for h in pre-commit post-commit commit-msg; do
	printf '#!/bin/sh\ntouch "%s/hook-ran"\n' "$WORK" >"$W/.git/hooks/$h"
	chmod +x "$W/.git/hooks/$h"
done
R answer fs-notes "No hooks" >/dev/null
R save >/dev/null
check "hooks: never run" test ! -e "$WORK/hook-ran"

# a corrupt object in an old version: a clear message, the rest works
blob=$(G -C "$W" rev-parse HEAD~4:strategy.md)
obj="$W/.git/objects/${blob:0:2}/${blob:2}"
if [ -f "$obj" ] && [ "$(G -C "$W" rev-parse HEAD:strategy.md)" != "$blob" ]; then
	chmod u+w "$obj"
	cp "$obj" "$WORK/obj.saved"
	printf 'garbage' >"$obj"
	old=$(G -C "$W" rev-parse HEAD~4)
	R diff "$old" >/dev/null 2>"$WORK/err"; rc=$?
	check "corrupt object: no crash" test $rc -le 1
	R log >/dev/null 2>&1
	check "corrupt object: log still works" test $? -eq 0
	R answer fs-notes "After corruption" >/dev/null
	R save >/dev/null 2>&1
	check "corrupt object: saving still works" bash -c "git -c safe.directory='*' -C '$W' show HEAD:answers/01-first-steps.md | grep -q 'After corruption'"
	cp "$WORK/obj.saved" "$obj"
else
	fail "corrupt object: could not find a loose object to damage"
fi

# missing and damaged databases are rebuilt from the last version
G clone -q "$W" "$WORK/w2" 2>/dev/null
W2="$WORK/w2"
R save >/dev/null 2>&1
before=$("$ROADBOOK" -C "$W" status --json)
rm -rf "$W/.roadbook"
"$ROADBOOK" -C "$W" status --json >"$WORK/out" 2>"$WORK/err"
check "missing database: rebuilt" test "$(cat "$WORK/out")" = "$before"
check "missing database: said" grep -q "database was missing, so roadbook rebuilt it" "$WORK/err"
printf 'not a database' >"$W/.roadbook/state.db"
sum=$(sha256sum <"$W/.roadbook/state.db")
"$ROADBOOK" -C "$W" status --json >"$WORK/out" 2>"$WORK/err"
check "damaged database: rebuilt" test "$(cat "$WORK/out")" = "$before"
check "damaged database: said" grep -q "database was damaged" "$WORK/err"
check "damaged database: kept" test "$(sha256sum <"$W"/.roadbook/state.db.damaged-*)" = "$sum"

# a git repository that is not a workbook
G init -q "$WORK/other"
echo "# Some project" >"$WORK/other/README.md"
G -C "$WORK/other" add README.md
G -C "$WORK/other" -c user.name=x -c user.email=x@x commit -qm "a project"
"$ROADBOOK" -C "$WORK/other" status 2>"$WORK/err"; rc=$?
check "not a workbook: not found" test $rc -eq 3
check "not a workbook: explained" grep -q "is a git repository, but not a roadbook workbook" "$WORK/err"
"$ROADBOOK" init "$WORK/other" --name A --company B 2>"$WORK/err"; rc=$?
check "init in another project: refused" test $rc -eq 1
check "init in another project: explained" grep -q "already a git repository of another project" "$WORK/err"
check "init in another project: untouched" test "$(count "$WORK/other")" -eq 1 -a ! -e "$WORK/other/.roadbook"
"$ROADBOOK" join "$WORK/other" "$WORK/f" 2>"$WORK/err"; rc=$?
check "join a non-workbook: refused" test $rc -eq 1
check "join a non-workbook: explained" grep -q "not a roadbook workbook" "$WORK/err"
check "join a non-workbook: nothing left" test ! -e "$WORK/f"

# log and diff
R log >"$WORK/log.out"
check "log: one line per version" test "$(wc -l <"$WORK/log.out")" -eq "$(count "$W")"
R log --json | python3 -c 'import json,sys; v=json.load(sys.stdin); assert v and all(len(x["id"])==40 for x in v)'
check "log --json parses" test $? -eq 0
R answer fs-why "Roadbook's better words" >/dev/null
R diff >"$WORK/diff.out"
check "diff: the exercise" grep -q "Why should your business change? (changed)" "$WORK/diff.out"
check "diff: changed words marked" grep -q "Roadbook's {+better +}words" "$WORK/diff.out"
R diff nosuchversion 2>"$WORK/err"; rc=$?
check "diff unknown version: not found" test $rc -eq 3
check "diff unknown version: explained" grep -q "There is no version 'nosuchversion'" "$WORK/err"
check "finally: fsck" fsck_ok "$W"

finish
