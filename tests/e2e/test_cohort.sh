#!/usr/bin/env bash
# Cohorts and sync: a facilitator and participants on a path cohort and through `git daemon`,
# from set-up to synced status; privacy (nothing of one participant on another's laptop); a
# curriculum update delivered (a new module, a removed exercise kept as archived); two laptops
# with an automatic combination and a real conflict chosen in the TUI; and the bad inputs:
# bad participant ids, no network (exit 5), a wrong URL, a remote that is not a workbook, a
# rejected push, a transfer cut off mid-push, a full USB stick, one failing participant in
# `cohort sync`. `git fsck` on both sides after the exchanges.
. "$(dirname "$0")/lib.sh"

export GIT_CONFIG_NOSYSTEM=1
export HOME="$WORK/home"
export ROADBOOK_LESSONS="$SRC/lessons"
mkdir -p "$HOME"
G() { git -c safe.directory='*' "$@"; }
RB() { timeout 120 "$ROADBOOK" "$@"; }
fsck_ok() { # fsck_ok GITDIR_OR_WORKTREE
	# a mirror is bare and has no branch of its own: git notes that, which is fine
	G -C "$1" fsck --strict --no-progress >"$WORK/fsck.out" 2>&1 &&
		! grep -v '^notice: HEAD points to an unborn branch' "$WORK/fsck.out" | grep -q .
}
C="$WORK/cohort"
F() { RB -C "$C" "$@"; }
DAEMON_PID=
stop_daemon() {
	[ -n "$DAEMON_PID" ] || return 0
	kill -- -"$DAEMON_PID" 2>/dev/null || kill "$DAEMON_PID" 2>/dev/null
	wait "$DAEMON_PID" 2>/dev/null
	DAEMON_PID=
}
start_daemon() { # start_daemon BASE: git daemon on a free port, pushes allowed
	PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	setsid git daemon --listen=127.0.0.1 --port="$PORT" --base-path="$1" --export-all \
		--enable=receive-pack --reuseaddr --informative-errors "$1" >"$WORK/daemon.log" 2>&1 &
	DAEMON_PID=$!
	for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done
}
USB_MOUNTED=
trap 'stop_daemon; [ -n "$USB_MOUNTED" ] && umount "$USB_MOUNTED" 2>/dev/null; cleanup' EXIT

# ---- set-up: a cohort on a path, three participants ----
F cohort init "$C" --name "North West cohort 3" --start 2027-01-11 >"$WORK/out" 2>&1
check "cohort init" grep -q "Created the cohort North West cohort 3" "$WORK/out"
check "cohort init: a clean repository" fsck_ok "$C"
check "cohort init: schedule from the curriculum" test "$(G config -f "$C/cohort.conf" session.06.kind)" = site-visit
check "cohort init: first session on the start date" test "$(G config -f "$C/cohort.conf" session.01.date)" = 2027-01-11
check "cohort init: the curriculum is in the cohort" test -f "$C/lessons/curriculum.md"
RB cohort init "$C" --name again >/dev/null 2>&1; rc=$?
check "cohort init: an existing folder is refused" test $rc -eq 1

for bad in "a/b" ".." "../x" "sam taylor" "-x" ""; do
	F cohort add --name X --company Y -- "$bad" >/dev/null 2>"$WORK/err"; rc=$?
	check "bad id '$bad': usage error" test $rc -eq 2
	check "bad id '$bad': explained" grep -q "participant id" "$WORK/err"
done
check "bad ids: nothing created" test ! -e "$C/participants" -o -z "$(ls -A "$C/participants" 2>/dev/null)"
check "bad ids: roster empty" bash -c "! grep -q participant '$C/cohort.conf'"

for p in alice:"Alice Ng":"Ng Pressings" bob:"Bob Reid":"Reid Pumps" chen:"Chen Li":"Li Foods"; do
	IFS=: read -r id name company <<<"$p"
	F cohort add "$id" --name "$name" --company "$company" --email "$id@example.org" >"$WORK/out" 2>&1
	check "add $id" grep -q "Added $name ($company) as $id" "$WORK/out"
	check "add $id: their repository" fsck_ok "$C/participants/$id.git"
	check "add $id: first version" test "$(G --git-dir="$C/participants/$id.git" log -1 --format=%s main)" = "Workbook started: $name, $company"
	check "add $id: curriculum sent" G --git-dir="$C/participants/$id.git" cat-file -e facilitator:lessons/curriculum.md
done
F cohort add alice --name "A" --company "B" >/dev/null 2>"$WORK/err"; rc=$?
check "add: a duplicate id is refused" test $rc -eq 1
check "add: duplicate explained" grep -q "already a participant 'alice'" "$WORK/err"
check "roster: three participants" test "$(G config -f "$C/cohort.conf" --get-regexp '^participant\..*\.name$' | wc -l)" -eq 3
check "cohort repository: a version per participant" test "$(G -C "$C" rev-list --count HEAD)" -eq 4
check "cohort repository: clean" test -z "$(G -C "$C" status --porcelain)"
check "roster: not sent to participants" bash -c "! git --git-dir='$C/participants/alice.git' grep -q 'Bob' facilitator -- 2>/dev/null"

# ---- participants join and work ----
for id in alice bob chen; do
	RB join "$C/participants/$id.git" "$WORK/$id" >"$WORK/out" 2>&1
	check "$id joins" grep -q "Joined: the workbook of" "$WORK/out"
	check "$id: the cohort's curriculum in use" test -f "$WORK/$id/.roadbook/curriculum/curriculum.md"
done
RB -C "$WORK/alice" answer why-context "Alice makes pressings for the car industry." >/dev/null
RB -C "$WORK/alice" answer why-urgency 4 >/dev/null
RB -C "$WORK/bob" answer why-context "Bob's secret: pumps for breweries." >/dev/null
RB -C "$WORK/alice" sync >"$WORK/out" 2>&1; rc=$?
check "alice syncs" test $rc -eq 0
check "alice: says so" grep -q "Synced: the cohort has your latest version" "$WORK/out"
check "alice: her answer reached the cohort" bash -c "git --git-dir='$C/participants/alice.git' show main:answers/01-why-digital.md | grep -q 'pressings for the car industry'"
RB -C "$WORK/bob" sync >/dev/null 2>&1
check "bob syncs" test $? -eq 0
check "alice's laptop: clean repository" fsck_ok "$WORK/alice"
check "cohort side: clean repository" fsck_ok "$C/participants/alice.git"
check "alice's laptop: working tree clean" test -z "$(G -C "$WORK/alice" status --porcelain)"

# privacy: nothing of Bob's anywhere in Alice's repository
check "privacy: no object of bob's on alice's laptop" bash -c "! git -C '$WORK/alice' cat-file --batch-all-objects --batch 2>/dev/null | grep -aq 'secret: pumps'"
check "privacy: alice's branches are her own" test -z "$(G -C "$WORK/alice" log --all --format=%an | grep -v '^Alice Ng$' | grep -v '^North West cohort 3$')"

# ---- the facilitator fetches everyone ----
F cohort sync >"$WORK/out" 2>&1; rc=$?
check "cohort sync" test $rc -eq 0
check "cohort sync: each participant reported" test "$(grep -c ': fetched' "$WORK/out")" -eq 3
F cohort status --json >"$WORK/status.json"
check "cohort status --json: valid, three participants" python3 -c "
import json,sys
d=json.load(open('$WORK/status.json'))
p={x['id']:x for x in d['participants']}
assert len(p)==3, p.keys()
assert p['alice']['answered']==2 and p['bob']['answered']==1 and p['chen']['answered']==0, p
m=p['alice']['modules'][0]
assert m['id']=='why-digital' and m['answered']==2 and m['state']=='in progress', m
assert p['alice']['last_fetch'] and p['alice']['fetch_error'] is None
assert p['chen']['modules'][0]['state']=='not started'
"
F cohort status >"$WORK/out"
check "cohort status: a row per participant" test "$(grep -cE '^(alice|bob|chen) ' "$WORK/out")" -eq 3
check "cohort status: the mirrors are bare and clean" fsck_ok "$C/.roadbook/mirror/alice.git"

# ---- through git daemon ----
start_daemon "$C/participants"
F cohort add dan --name "Dan Obi" --company "Obi Castings" >/dev/null 2>&1
G config -f "$C/cohort.conf" participant.dan.url "git://127.0.0.1:$PORT/dan.git"
RB join "git://127.0.0.1:$PORT/dan.git" "$WORK/dan" >"$WORK/out" 2>&1
check "dan joins over git://" grep -q "Joined: the workbook of Dan Obi" "$WORK/out"
RB -C "$WORK/dan" answer why-context "Castings for pumps." >/dev/null
RB -C "$WORK/dan" sync >/dev/null 2>&1
check "dan syncs over git://" test $? -eq 0
F cohort sync >/dev/null 2>&1
check "cohort sync over git:// and paths" test $? -eq 0
F cohort status --json >"$WORK/status.json"
check "status: dan's answer counted" python3 -c "
import json; d=json.load(open('$WORK/status.json')); p={x['id']:x for x in d['participants']}
assert p['dan']['answered']==1, p['dan']"
check "dan's repository clean on the server" fsck_ok "$C/participants/dan.git"

# ---- a curriculum update: a new module, an exercise removed ----
sed 's/^id: /id: x13-/; s/^# .*/# Extra: a follow-up workshop/' "$C/lessons/01-why-digital.md" >"$C/lessons/13-extra.md"
python3 - "$C/lessons/01-why-digital.md" <<'EOF'
import sys
p = sys.argv[1]; s = open(p).read()
i = s.index('```roadbook exercise\nid: why-urgency')
j = s.index('```\n', s.index('\n', i) + 1)
open(p, 'w').write(s[:i] + s[j + 4:])
EOF
RB lint "$C/lessons" >/dev/null
check "the updated curriculum lints" test $? -eq 0
F cohort sync >"$WORK/out" 2>&1
check "cohort sync: curriculum sent to everyone" test "$(grep -c 'sent what changed' "$WORK/out")" -eq 4
RB -C "$WORK/alice" sync >"$WORK/out" 2>&1; rc=$?
check "alice: sync takes the new curriculum" test $rc -eq 0
check "alice: told about it" grep -q "curriculum was updated with new modules: 13 modules" "$WORK/out"
check "alice: the new module's exercises" bash -c "'$ROADBOOK' -C '$WORK/alice' exercises | grep -q '^x13-why-context'"
check "alice: the removed exercise's answer is archived" grep -q "why-urgency" "$WORK/alice/answers/archived.md"
check "alice: archived answer in the cohort too" bash -c "git --git-dir='$C/participants/alice.git' show main:answers/archived.md | grep -q why-urgency"
check "alice: still in the database" bash -c "sqlite3 '$WORK/alice/.roadbook/state.db' \"select value from answers where exercise_id='why-urgency'\" | grep -q 4"
tui_start 100 30 "$WORK/alice"
expect_screen "Extra: a follow-up workshop"
keys q
sleep 0.5

# ---- two laptops: a combination, then a conflict chosen in the TUI ----
RB join "$C/participants/alice.git" "$WORK/alice2" >/dev/null 2>&1
RB -C "$WORK/alice" answer why-pain-points "Scrap rate and late deliveries." >/dev/null
RB -C "$WORK/alice2" answer why-vision "A connected press shop." >/dev/null
RB -C "$WORK/alice" sync >/dev/null 2>&1
RB -C "$WORK/alice2" sync >"$WORK/out" 2>&1; rc=$?
check "laptop 2: different answers combine (exit 0)" test $rc -eq 0
check "laptop 2: took laptop 1's answer" test "$(RB -C "$WORK/alice2" answer why-pain-points --get)" = "Scrap rate and late deliveries."
check "laptop 2: kept its own" test "$(RB -C "$WORK/alice2" answer why-vision --get)" = "A connected press shop."
check "laptop 2: a merge with two parents" test "$(G -C "$WORK/alice2" log -1 --format=%p | wc -w)" -eq 2
RB -C "$WORK/alice" sync >/dev/null 2>&1
check "laptop 1: has laptop 2's answer" test "$(RB -C "$WORK/alice" answer why-vision --get)" = "A connected press shop."
check "laptop 1 and 2 agree" test "$(G -C "$WORK/alice" rev-parse HEAD)" = "$(G -C "$WORK/alice2" rev-parse HEAD)"

RB -C "$WORK/alice" answer why-context "Pressings, as written on laptop one." >/dev/null
RB -C "$WORK/alice2" answer why-context "Pressings, as written on laptop two." >/dev/null
RB -C "$WORK/alice" sync >/dev/null 2>&1
RB -C "$WORK/alice2" sync >"$WORK/out" 2>&1; rc=$?
check "conflict: exit 6" test $rc -eq 6
check "conflict: names the answer" grep -q "^  why-context$" "$WORK/out"
check "conflict: this laptop's answer in use" test "$(RB -C "$WORK/alice2" answer why-context --get)" = "Pressings, as written on laptop two."
check "conflict: the other kept" bash -c "sqlite3 '$WORK/alice2/.roadbook/state.db' \"select theirs from conflicts where exercise_id='why-context'\" | grep -q 'laptop one'"
check "conflict: repository clean" fsck_ok "$WORK/alice2"
tui_start 100 30 "$WORK/alice2"
expect_screen "1 answer changed on two laptops: press c"
keys c
expect_screen "From your other laptop:"
expect_screen "Pressings, as written on laptop one."
expect_screen "Pressings, as written on laptop two."
keys 2
expect_screen "Kept the other laptop's version"
keys F5
expect_screen "Synced"
keys q
sleep 0.5
check "conflict: the chosen answer" test "$(RB -C "$WORK/alice2" answer why-context --get)" = "Pressings, as written on laptop one."
check "conflict: settled" test -z "$(sqlite3 "$WORK/alice2/.roadbook/state.db" 'select * from conflicts')"
RB -C "$WORK/alice" sync >/dev/null 2>&1
check "conflict: the choice reaches laptop 1" test "$(RB -C "$WORK/alice" answer why-context --get)" = "Pressings, as written on laptop one."
check "two laptops: server clean" fsck_ok "$C/participants/alice.git"

# ---- bad input: no network ----
RB -C "$WORK/bob" answer why-vision "Offline but safe." >/dev/null
G -C "$WORK/bob" remote set-url origin "/media/no-such-usb-stick/bob.git"
RB -C "$WORK/bob" sync >/dev/null 2>"$WORK/err"; rc=$?
check "USB stick missing: exit 5" test $rc -eq 5
check "USB stick missing: explained" grep -q "is the USB stick or shared drive connected" "$WORK/err"
check "USB stick missing: will sync next time" grep -q "saved on this laptop; it will sync next time" "$WORK/err"
check "USB stick missing: saved as a version" bash -c "git -C '$WORK/bob' show HEAD:answers/01-why-digital.md | grep -q 'Offline but safe.'"
G -C "$WORK/bob" remote set-url origin "git://127.0.0.1:1/bob.git"
RB -C "$WORK/bob" sync >/dev/null 2>"$WORK/err"; rc=$?
check "no network: exit 5" test $rc -eq 5
check "no network: explained" grep -q "cannot reach git://127.0.0.1:1/bob.git" "$WORK/err"
check "no network: answer intact" test "$(RB -C "$WORK/bob" answer why-vision --get)" = "Offline but safe."
tui_start 100 30 "$WORK/bob"
expect_screen "Leading Digital Transformation"
keys F5
expect_screen "Not synced: your work is saved on this laptop; it will sync next time."
keys q
sleep 0.5
RB -C "$WORK/bob" status >"$WORK/out"
check "status: the cohort's address" grep -q "^Cohort: git://127.0.0.1:1/bob.git, last synced" "$WORK/out"
RB -C "$WORK/alice2" status --json >"$WORK/status.json"
check "status --json: sync details" python3 -c "
import json; s=json.load(open('$WORK/status.json'))['sync']
assert s['remote'].endswith('/participants/alice.git') and s['last_sync'] and s['to_choose']==0, s"
G -C "$WORK/bob" remote set-url origin "git://127.0.0.1:$PORT/nobody.git"
RB -C "$WORK/bob" sync >/dev/null 2>"$WORK/err"; rc=$?
check "wrong URL: exit 3" test $rc -eq 3
check "wrong URL: explained" grep -q "There is no workbook repository at git://" "$WORK/err"
RB join "git://127.0.0.1:$PORT/nobody.git" "$WORK/nobody" >/dev/null 2>&1; rc=$?
check "join a wrong URL: exit 3, nothing left" test $rc -eq 3 -a ! -e "$WORK/nobody"

# ---- bad input: a remote that is not a workbook, another participant's workbook ----
G init -q --bare "$WORK/other.git"
G init -q "$WORK/other" && G -C "$WORK/other" -c user.name=x -c user.email=x@x commit -q --allow-empty -m "some project" &&
	G -C "$WORK/other" push -q "$WORK/other.git" HEAD:refs/heads/main 2>/dev/null
G -C "$WORK/bob" remote set-url origin "$WORK/other.git"
RB -C "$WORK/bob" sync >/dev/null 2>"$WORK/err"; rc=$?
check "not a workbook: refused" test $rc -eq 1
check "not a workbook: explained" grep -q "is not a roadbook workbook" "$WORK/err"
check "not a workbook: remote untouched" test "$(G --git-dir="$WORK/other.git" rev-list --count main)" -eq 1
check "not a workbook: answer intact" test "$(RB -C "$WORK/bob" answer why-vision --get)" = "Offline but safe."
G -C "$WORK/bob" remote set-url origin "$C/participants/chen.git"
RB -C "$WORK/bob" sync >/dev/null 2>"$WORK/err"; rc=$?
check "another participant's workbook: refused" test $rc -eq 1
check "another participant's workbook: explained" grep -q "holds a different workbook" "$WORK/err"
check "another participant's workbook: untouched" bash -c "! git --git-dir='$C/participants/chen.git' log main --format=%an | grep -q Bob"
G -C "$WORK/bob" remote set-url origin "$C/participants/bob.git"
RB -C "$WORK/bob" sync >/dev/null 2>&1
check "back on the right address: synced" test $? -eq 0

# ---- bad input: a rejected push ----
mkdir -p "$C/participants/bob.git/hooks"
printf '#!/bin/sh\necho "the cohort is closed for the holidays" >&2\nexit 1\n' >"$C/participants/bob.git/hooks/pre-receive"
chmod +x "$C/participants/bob.git/hooks/pre-receive"
before=$(G --git-dir="$C/participants/bob.git" rev-parse main)
RB -C "$WORK/bob" answer why-standstill "Rejected, but kept." >/dev/null
G -C "$WORK/bob" remote set-url origin "git://127.0.0.1:$PORT/bob.git"
RB -C "$WORK/bob" sync >/dev/null 2>"$WORK/err"; rc=$?
check "rejected push: exit 1" test $rc -eq 1
check "rejected push: explained" grep -q "refused the new versions" "$WORK/err"
check "rejected push: server unchanged" test "$(G --git-dir="$C/participants/bob.git" rev-parse main)" = "$before"
check "rejected push: answer intact" test "$(RB -C "$WORK/bob" answer why-standstill --get)" = "Rejected, but kept."

# ---- bad input: the transfer cut off mid-push (git daemon killed), then a retry ----
printf '#!/bin/sh\ntouch "%s"\nsleep 30\n' "$WORK/in-hook" >"$C/participants/bob.git/hooks/pre-receive"
RB -C "$WORK/bob" sync >/dev/null 2>"$WORK/err" &
sync_pid=$!
for _ in $(seq 1 100); do [ -e "$WORK/in-hook" ] && break; sleep 0.1; done
check "interrupted: the push was under way" test -e "$WORK/in-hook"
# the server cut off mid-push: git daemon, its receive-pack and the hook's sleep are alone in the
# daemon's process group (setsid), so killing that group ends them and nothing else
pgrp=$DAEMON_PID
kill -9 -- -"$pgrp" 2>/dev/null
wait "$DAEMON_PID" 2>/dev/null
DAEMON_PID=
for _ in $(seq 1 50); do pgrep -g "$pgrp" >/dev/null || break; sleep 0.1; done
check "interrupted: the server's processes all ended" bash -c "! pgrep -g '$pgrp' >/dev/null"
wait $sync_pid; rc=$?
check "interrupted: the sync says so (exit 5 or 1)" test $rc -eq 5 -o $rc -eq 1
check "interrupted: nothing half-written on the server" test "$(G --git-dir="$C/participants/bob.git" rev-parse main)" = "$before"
check "interrupted: server repository clean" fsck_ok "$C/participants/bob.git"
check "interrupted: laptop clean" fsck_ok "$WORK/bob"
rm -f "$C/participants/bob.git/hooks/pre-receive"
start_daemon "$C/participants"
G -C "$WORK/bob" remote set-url origin "git://127.0.0.1:$PORT/bob.git"
G config -f "$C/cohort.conf" participant.dan.url "git://127.0.0.1:$PORT/dan.git"
RB -C "$WORK/bob" sync >/dev/null 2>&1; rc=$?
check "interrupted: a retry completes" test $rc -eq 0
check "interrupted: the answer arrived" bash -c "git --git-dir='$C/participants/bob.git' show main:answers/01-why-digital.md | grep -q 'Rejected, but kept.'"
check "interrupted: server clean after the retry" fsck_ok "$C/participants/bob.git"

# ---- bad input: a full USB stick ----
USB="$WORK/usb"
mkdir -p "$USB"
if mount -t tmpfs -o size=2m tmpfs "$USB" 2>/dev/null; then
	USB_MOUNTED="$USB"
	G clone -q --bare "$C/participants/chen.git" "$USB/chen.git"
	RB join "$USB/chen.git" "$WORK/chen-usb" >/dev/null 2>&1
	dd if=/dev/zero of="$USB/filler" bs=1k count=4096 2>/dev/null || true
	head -c 12000 /dev/urandom | base64 -w 70 >"$WORK/big.txt"
	RB -C "$WORK/chen-usb" answer why-context <"$WORK/big.txt" >/dev/null
	before=$(G --git-dir="$USB/chen.git" rev-parse main)
	RB -C "$WORK/chen-usb" sync >/dev/null 2>"$WORK/err"; rc=$?
	check "full USB stick: fails (exit 1)" test $rc -eq 1
	check "full USB stick: explained" grep -q "no space left where your work is being sent" "$WORK/err"
	check "full USB stick: the stick's history unchanged" test "$(G --git-dir="$USB/chen.git" rev-parse main)" = "$before"
	check "full USB stick: the stick's repository clean" fsck_ok "$USB/chen.git"
	check "full USB stick: answer intact" cmp -s <(RB -C "$WORK/chen-usb" answer why-context --get) "$WORK/big.txt"
	rm -f "$USB/filler"
	RB -C "$WORK/chen-usb" sync >/dev/null 2>&1; rc=$?
	check "full USB stick: a retry after freeing space" test $rc -eq 0
	check "full USB stick: clean after the retry" fsck_ok "$USB/chen.git"
	umount "$USB" && USB_MOUNTED=
else
	echo "SKIP: full USB stick (mounting a tmpfs needs root)"
fi

# ---- cohort sync: one failing participant does not stop the others ----
G config -f "$C/cohort.conf" participant.bob.url "/media/no-such-usb-stick/bob.git"
F cohort sync >"$WORK/out" 2>"$WORK/err"; rc=$?
check "cohort sync with one failing: exit 1" test $rc -eq 1
check "cohort sync with one failing: the others fetched" test "$(grep -c ': fetched' "$WORK/out")" -eq 3
check "cohort sync with one failing: reported at the end" grep -q "bob: roadbook cannot reach /media/no-such-usb-stick/bob.git" "$WORK/err"
F cohort status --json >"$WORK/status.json"
check "status: bob's failed fetch shown" python3 -c "
import json; d=json.load(open('$WORK/status.json')); p={x['id']:x for x in d['participants']}
assert p['bob']['fetch_error'] and p['bob']['last_fetch'] and not p['alice']['fetch_error'], p['bob']"

finish
