#!/usr/bin/env bash
# Untrusted repositories: what another laptop, a cohort copy or a participant's repository
# holds is checked from the object database before roadbook reads it or writes a file from it.
# A git bomb, deep folders, a huge file, a .git entry, a .roadbook entry (the private state, at
# any depth and in any letter case), a .gitattributes, a "..", a link and a submodule, pushed
# with the git command line (plumbing, as an attacker would), are refused by sync, join and the
# facilitator's cohort sync, with a plain message, the workbook unchanged, and memory bounded.
# Hooks, core.hooksPath, core.fsmonitor and core.sshCommand never run; a repository owned by
# another user is explained, never bypassed.
. "$(dirname "$0")/lib.sh"

export GIT_CONFIG_NOSYSTEM=1
export HOME="$WORK/home"
mkdir -p "$HOME"
G() { git -c safe.directory='*' -c user.name=Mallory -c user.email=m@example.com "$@"; }
fsck_ok() { G -C "$1" fsck --no-progress >"$WORK/fsck.out" 2>&1 || { cat "$WORK/fsck.out" >&2; false; }; }
MARK="$WORK/HOOK-RAN"

# ---- a participant P whose cohort copy is the bare repository B ----
W="$WORK/w"
"$ROADBOOK" init "$W" --name "Sam" --company "Pies Ltd" >/dev/null
"$ROADBOOK" -C "$W" answer why-context "Because our customers ask for it." >/dev/null
"$ROADBOOK" -C "$W" save -m "first" >/dev/null
B="$WORK/b.git"
G clone -q --bare "$W" "$B"
P="$WORK/p"
"$ROADBOOK" join "$B" "$P" >"$WORK/join.out" 2>&1
check "join of a good copy works" test $? -eq 0
GOOD=$(G -C "$B" rev-parse main)

# Attacker's tools: raw trees (git hash-object --literally), a commit on top of main, pushed
# straight into B's refs.
evil_commit() { # evil_commit TREE_ID -> sets B's main to a new commit of that tree
	local c
	c=$(G -C "$B" commit-tree "$1" -p "$GOOD" -m "evil")
	G -C "$B" update-ref refs/heads/main "$c"
}
raw_tree() { # raw_tree "MODE NAME OID"... -> tree id (entries given in git's order)
	python3 - "$B" "$@" <<'PY'
import subprocess, sys
repo, entries = sys.argv[1], sys.argv[2:]
data = b""
for e in entries:
    mode, name, oid = e.split(" ")
    data += mode.encode() + b" " + name.encode() + b"\0" + bytes.fromhex(oid)
out = subprocess.run(["git", "-c", "safe.directory=*", "--git-dir", repo, "hash-object", "-w",
                      "--literally", "-t", "tree", "--stdin"], input=data, capture_output=True,
                     check=True)
print(out.stdout.decode().strip())
PY
}
blob() { printf '%s' "$1" | G --git-dir "$B" hash-object -w --stdin; }
good_tree=$(G -C "$B" rev-parse "$GOOD^{tree}")
with_entry() { # with_entry "MODE NAME OID": the good tree plus one entry
	local entries=()
	while read -r mode type oid name; do
		entries+=("$mode $name $oid")
	done < <(G -C "$B" ls-tree "$GOOD")
	entries+=("$1")
	IFS=$'\n' sorted=($(printf '%s\n' "${entries[@]}" | sort -t' ' -k2,2))
	raw_tree "${sorted[@]}"
}

hook=$(blob '#!/bin/sh
touch '"$MARK"'
')
hooks_tree=$(raw_tree "100755 post-checkout $hook" "100755 pre-commit $hook")
dotgit_tree=$(raw_tree "40000 hooks $hooks_tree")
x=$(blob "x")
# a git bomb: 10 folders of 10 folders ... 7 levels deep, 10 million paths in 8 objects
level=$(blob "lol")
mode=100644
for i in 1 2 3 4 5 6 7; do
	args=()
	for k in 0 1 2 3 4 5 6 7 8 9; do args+=("$mode $k $level"); done
	level=$(raw_tree "${args[@]}")
	mode=40000
done
bomb=$level
deep=$(raw_tree)
for i in $(seq 1 12); do deep=$(raw_tree "40000 d $deep"); done
big=$(head -c $((17 * 1024 * 1024)) /dev/zero | G --git-dir "$B" hash-object -w --stdin)

# the private state planted by a repository: answers in no version, a curriculum folder
state_tree=$(raw_tree "40000 curriculum $(raw_tree "100644 curriculum.md $x")" \
	"100644 state.db $(blob 'SQLite format 3')")
declare -A CASES=(
	[dotgit]="40000 .git $dotgit_tree|named '.git'"
	[dotroadbook]="40000 .roadbook $state_tree|named '.roadbook'"
	[dotroadbook-case]="40000 .RoadBook. $state_tree|named '.RoadBook.'"
	[dotroadbook-deep]="40000 docs $(raw_tree "40000 .roadbook $state_tree")|named 'docs/.roadbook'"
	[gitattributes]="100644 .gitattributes $(blob '* text eol=crlf')|named '.gitattributes'"
	[dotgit-case]="40000 .GIT $dotgit_tree|named '.GIT'"
	[dotdot]="100644 .. $x|named '..'"
	[symlink]="120000 evil-link $(blob /etc/passwd)|link"
	[submodule]="160000 sub $GOOD|submodule"
	[bomb]="40000 bomb $bomb|more than 20000 files"
	[deep]="40000 deep $deep|nested more than 8 deep"
	[huge]="100644 huge.md $big|a file of 17 MB"
)
for name in dotgit dotgit-case dotroadbook dotroadbook-case dotroadbook-deep gitattributes dotdot \
	symlink submodule bomb deep huge; do
	entry=${CASES[$name]%%|*}
	want=${CASES[$name]#*|}
	evil_commit "$(with_entry "$entry")"
	before=$(G -C "$P" rev-parse refs/remotes/origin/main)
	# memory stays bounded even for the bomb: 300 MB of address space is plenty (not with
	# AddressSanitizer, which reserves terabytes of shadow memory)
	(ldd "$ROADBOOK" | grep -q libasan || ulimit -v 300000; "$ROADBOOK" -C "$P" sync) \
		>"$WORK/sync.out" 2>&1
	rc=$?
	check "$name: sync refused (exit $rc)" test $rc -eq 1
	check "$name: says why ($want)" grep -q "$want" "$WORK/sync.out"
	check "$name: plain words" grep -q "holds something a roadbook workbook never does" "$WORK/sync.out"
	check "$name: nothing taken (origin/main unchanged)" \
		test "$(G -C "$P" rev-parse refs/remotes/origin/main)" = "$before"
	check "$name: answers intact" test "$("$ROADBOOK" -C "$P" answer why-context --get)" = "Because our customers ask for it."
	check "$name: no file written" test ! -e "$P/evil-link" -a ! -e "$P/bomb" -a ! -e "$P/huge.md" \
		-a ! -e "$P/.roadbook/curriculum/curriculum.md" -a ! -e "$P/.gitattributes" -a ! -e "$P/docs"
	check "$name: no hook ran" test ! -e "$MARK"
	check "$name: the workbook's repository is sound" fsck_ok "$P"
	# join refuses the same copy, leaving no folder behind
	"$ROADBOOK" join "$B" "$WORK/j-$name" >"$WORK/join.out" 2>&1
	check "$name: join refused" test $? -eq 1
	check "$name: join says why" grep -q "$want" "$WORK/join.out"
	check "$name: join left no folder" test ! -e "$WORK/j-$name"
	check "$name: join left nothing beside it" bash -c "! ls -a '$WORK' | grep -q '^\.j-$name\.joining-'"
done
# the cohort copy repaired: sync works again
G -C "$B" update-ref refs/heads/main "$GOOD"
"$ROADBOOK" -C "$P" sync >"$WORK/sync.out" 2>&1
check "after repair: sync works" test $? -eq 0

# ---- the facilitator: a participant's repository with a .git entry ----
C="$WORK/cohort"
# a cohort name git would refuse as an author (angle brackets) still delivers
"$ROADBOOK" cohort init "$C" --name "Pilot <North> 2026" --lessons "$STARTER" >/dev/null 2>&1
"$ROADBOOK" -C "$C" cohort add eve --name "Eve" --company "Evil Ltd" >"$WORK/add.out" 2>&1
check "cohort add" test $? -eq 0
"$ROADBOOK" -C "$C" cohort add sam --name "Sam" --company "Pies Ltd" >>"$WORK/add.out" 2>&1
EVE=$(find "$C" -name "eve.git" -type d -not -path "*/mirror/*" | head -1)
check "eve's repository exists" test -n "$EVE"
emain=$(G --git-dir "$EVE" rev-parse main)
etree=$(G --git-dir "$EVE" rev-parse "main^{tree}")
entries=()
while read -r mode type oid name; do entries+=("$mode $name $oid"); done \
	< <(G --git-dir "$EVE" ls-tree "$emain")
B="$EVE" # raw_tree writes into eve's repository now
G --git-dir "$EVE" cat-file -p "$dotgit_tree" >/dev/null 2>&1 ||
	{ hook=$(blob "x"); hooks_tree=$(raw_tree "100755 post-checkout $hook"); dotgit_tree=$(raw_tree "40000 hooks $hooks_tree"); }
entries+=("40000 .git $dotgit_tree")
IFS=$'\n' sorted=($(printf '%s\n' "${entries[@]}" | sort -t' ' -k2,2))
bad=$(G --git-dir "$EVE" commit-tree "$(raw_tree "${sorted[@]}")" -p "$emain" -m evil)
G --git-dir "$EVE" update-ref refs/heads/main "$bad"
"$ROADBOOK" -C "$C" cohort sync >"$WORK/csync.out" 2>&1
check "cohort sync: reports the refusal for eve" grep -q "eve.*holds something a roadbook workbook never does" "$WORK/csync.out"
check "cohort sync: sam still fetched" grep -q "sam: fetched" "$WORK/csync.out"
"$ROADBOOK" -C "$C" cohort status >"$WORK/cstatus.out" 2>&1
check "cohort status still works" test $? -eq 0
check "no hook ran (facilitator)" test ! -e "$MARK"

# ---- hooks and commands in configuration never run ----
for h in pre-commit post-commit pre-push post-checkout post-merge reference-transaction \
	pre-auto-gc post-rewrite; do
	printf '#!/bin/sh\ntouch %s\n' "$MARK" >"$P/.git/hooks/$h"
	chmod +x "$P/.git/hooks/$h"
done
B="$WORK/b.git"
for h in pre-receive update post-receive post-update reference-transaction; do
	printf '#!/bin/sh\ntouch %s\n' "$MARK" >"$B/hooks/$h"
	chmod +x "$B/hooks/$h"
done
mkdir -p "$WORK/hookspath"
cp "$P/.git/hooks/pre-commit" "$WORK/hookspath/pre-commit"
G -C "$P" config core.hooksPath "$WORK/hookspath"
G -C "$P" config core.fsmonitor "touch $MARK"
G -C "$P" config core.sshCommand "touch $MARK"
G -C "$P" config core.pager "touch $MARK"
G -C "$P" config core.editor "touch $MARK"
"$ROADBOOK" -C "$P" answer why-context "Hooks must not run." >/dev/null
"$ROADBOOK" -C "$P" save -m "with hooks around" >"$WORK/save.out" 2>&1
check "save with hooks installed" test $? -eq 0
"$ROADBOOK" -C "$P" sync >"$WORK/sync.out" 2>&1
check "sync (push) with hooks on both sides" test $? -eq 0
check "the push arrived" test "$(G --git-dir "$B" rev-parse main)" = "$(G -C "$P" rev-parse HEAD)"
"$ROADBOOK" join "$B" "$WORK/joined-hooks" >/dev/null 2>&1
check "join with hooks in the source" test $? -eq 0
G -C "$P" remote set-url origin "ssh://nobody@127.0.0.1:9/x.git"
GIT_SSH_COMMAND="touch $MARK" GIT_SSH="$WORK/hookspath/pre-commit" \
	"$ROADBOOK" -C "$P" sync >"$WORK/sync.out" 2>&1
check "ssh sync with core.sshCommand set: offline, not the command" test $? -ne 0
check "no hook or configured command ran" test ! -e "$MARK"

# ---- a workbook owned by another user: explained, not bypassed ----
O="$WORK/owned"
"$ROADBOOK" init "$O" --name "Other" --company "Other Ltd" --lessons "$STARTER" >/dev/null
chown -R nobody "$O"
"$ROADBOOK" -C "$O" save >"$WORK/own.out" 2>&1
check "another owner: save refused" test $? -ne 0
check "another owner: explained" grep -q "belongs to another user of this computer" "$WORK/own.out"
check "another owner: not bypassed (no safe.directory added)" \
	test -z "$(git config --global --get-all safe.directory 2>/dev/null)"
check "another owner: history not started again" test "$(G -C "$O" rev-list --count HEAD)" = 1
chown -R nobody "$B"
G -C "$P" remote set-url origin "$B"
"$ROADBOOK" -C "$P" sync >"$WORK/sync.out" 2>&1
check "cohort copy owned by another user: refused" test $? -ne 0
check "cohort copy owned by another user: explained" grep -q "belongs to another user" "$WORK/sync.out"
finish
