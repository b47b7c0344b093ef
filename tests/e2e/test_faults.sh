#!/usr/bin/env bash
# Fault injection (issue "Hardening", item 2): a full disk (a small tmpfs), read-only folders
# and files (as an unprivileged user, and a read-only remount), I/O errors from the database
# and git layers (tests/fault/libfaultinject.so preloaded: EIO or a full disk at the Nth
# write, fsync, rename or open, for every N of one command, once and for good), connections
# cut mid-push and mid-fetch, a server that never answers, and damaged state (garbage or
# empty database, garbage WAL, stale git locks, a folder where an answers file belongs).
# Each fault must give a clear message in plain words (no errno or SQLite names), lose no
# answer acknowledged before, leave the database and the repository consistent, and be
# recovered by running the same command again once the fault is gone.
#
# The shim is missing in the sanitizer build (a preloaded library would come before the
# AddressSanitizer runtime): the parts that need it print a SKIP line. Mounting a tmpfs needs
# root: without it the full disk is simulated with the shim (said in the output).
# RB_FAULT_KEEP=DIR keeps every run's output; RB_FAULT_HANG_S (default 10) is how long a sync may
# wait for a server that never answers.
. "$(dirname "$0")/lib.sh"
# Under AddressSanitizer: full stacks, so that the suppressions of libgit2's own leaks on
# failed transfers (tests/lsan.supp) can see the libgit2 function they start in.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"

export GIT_CONFIG_NOSYSTEM=1
export HOME="$WORK/home"
export ROADBOOK_LESSONS="$SRC/lessons"
mkdir -p "$HOME"
unset LD_PRELOAD RB_FAULT RB_FAULT_OP RB_FAULT_PATH RB_FAULT_AFTER RB_FAULT_ONCE RB_FAULT_WHILE \
	RB_FAULT_LOG
G() { git -c safe.directory='*' "$@"; }
T0=$(date +%s)
HANG_S=${RB_FAULT_HANG_S:-10} # how long a sync may wait for a server that never answers

SHIM="$(dirname "$ROADBOOK")/tests/fault/libfaultinject.so"
if ldd "$ROADBOOK" 2>/dev/null | grep -q libasan; then
	echo "SKIP: injected I/O errors (sanitizer build: the shim cannot be preloaded before ASan)"
	SHIM=""
elif [ ! -f "$SHIM" ]; then
	echo "SKIP: injected I/O errors ($SHIM was not built)"
	SHIM=""
fi

MOUNTS=() DAEMON_PID="" PROXY_PID="" TUI_SOCKS=()
stop_pid() { # stop_pid PID: TERM, then KILL if it lingers
	[ -n "$1" ] || return 0
	kill "$1" 2>/dev/null || return 0
	local i
	for i in $(seq 1 30); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
	kill -9 "$1" 2>/dev/null
}
fault_cleanup() {
	# RB_FAULT_KEEP=DIR keeps what every run said, to read the messages afterwards
	if [ -n "${RB_FAULT_KEEP:-}" ]; then
		mkdir -p "$RB_FAULT_KEEP" && cp "$WORK"/*.out "$WORK"/*.err "$RB_FAULT_KEEP"/ 2>/dev/null
	fi
	stop_pid "$PROXY_PID"
	[ -n "$DAEMON_PID" ] && kill -- -"$DAEMON_PID" 2>/dev/null
	local m
	for m in "${MOUNTS[@]}"; do umount -l "$m" 2>/dev/null; done
	chmod -R u+w "$WORK" 2>/dev/null
	cleanup
}
trap fault_cleanup EXIT
trap 'exit 130' INT TERM HUP

# ---- running roadbook ----

# Standard input is the caller's (an answer may come from it), never a terminal: no prompt
# can wait for anyone.
[ -t 0 ] && exec </dev/null
# rb NAME ARGS...: runs roadbook with SIGPIPE and SIGINT at their defaults (as in a terminal)
# and a hard limit of 60 s; stdout and stderr in $WORK/NAME.out and NAME.err, status in RC.
rb() {
	local name=$1; shift
	env --default-signal=PIPE,INT timeout 60 "$ROADBOOK" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
	RC=$?
	sanitizers "$name"
}
# In the sanitizer build a report on a failure path must not go unnoticed.
sanitizers() {
	if grep -q "ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|runtime error:" "$WORK/$1.err" 2>/dev/null; then
		fail "$1: sanitizer report:"
		head -c 3000 "$WORK/$1.err" >&2
	fi
}
# faulty NAME VAR=VALUE... -- ARGS...: rb with the shim preloaded and its settings.
faulty() {
	local name=$1; shift
	local envs=()
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs+=("$1"); shift; done
	shift
	env "${envs[@]}" LD_PRELOAD="$SHIM" --default-signal=PIPE,INT timeout 60 "$ROADBOOK" "$@" \
		>"$WORK/$name.out" 2>"$WORK/$name.err"
	RC=$?
}
said() { cat "$WORK/$1.out" "$WORK/$1.err"; }
says() { said "$1" | grep -Eqi -- "$2"; } # says NAME REGEX (case-insensitive)
# Plain words: no SQLite result names, no errno names, no "errno".
plain() { ! said "$1" | grep -Eq 'SQLITE_[A-Z]|\bE(IO|NOSPC|ACCES|ROFS|PERM|DQUOT|PIPE|CONNRESET|AGAIN|INTR)\b|errno'; }
# Says what to do next.
advice() { says "$1" "try again|save again|sync again|free (up )?some space|next time|delete (that|the) file|write permission|folder you can write to|move .* away|give you access|check that"; }
section() { echo "-- $1 ($(($(date +%s) - T0)) s)"; }
show() { echo "--- $1: exit $RC" >&2; said "$1" | head -c 1500 >&2; echo >&2; }
get() { "$ROADBOOK" -C "$1" answer "$2" --get 2>/dev/null; }
integrity_ok() { test "$(sqlite3 "$1/.roadbook/state.db" 'PRAGMA integrity_check' 2>&1)" = ok; }
fsck_ok() { # fsck_ok GITDIR-OR-WORKTREE: clean (dangling objects of a failed save are fine)
	G -C "$1" fsck --strict --no-dangling --no-progress >"$WORK/fsck.out" 2>&1 &&
		! grep -v '^notice: HEAD points to an unborn branch' "$WORK/fsck.out" | grep -q .
}
no_partial_pack() { # no temporary pack left by a transfer that was cut off
	test -z "$(find "$1/.git/objects/pack" -type f ! -name 'pack-*.pack' ! -name 'pack-*.idx' ! -name 'pack-*.rev')"
}
no_locks() { test -z "$(find "$1/.git" -name '*.lock' 2>/dev/null)"; }
head_has() { G -C "$1" show "HEAD:answers/01-why-digital.md" 2>/dev/null | grep -qF -- "$2"; }
tree_clean() { test -z "$(G -C "$1" status --porcelain 2>/dev/null)"; }
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
long_text() { # long_text CHARS: random text that does not compress
	head -c $(($1 * 3 / 4 + 64)) /dev/urandom | base64 -w 76 | head -c "$1"
}
# fill_to MOUNT KB: fills the file system until KB kilobytes are left; unfill MOUNT undoes it.
fill_to() {
	local avail
	avail=$(df --output=avail -k "$1" | tail -1)
	avail=$((avail - $2))
	[ "$avail" -le 0 ] || dd if=/dev/zero of="$1/filler.$RANDOM" bs=1k count="$avail" 2>/dev/null
	return 0
}
unfill() { rm -f "$1"/filler.*; }
new_wb() { # new_wb DIR [init options]: a workbook with one answer saved in a version
	local d=$1; shift
	"$ROADBOOK" init "$d" --name "Sam Taylor" --company "Taylor Foods" "$@" >/dev/null &&
		"$ROADBOOK" -C "$d" answer why-context "The answer saved before." >/dev/null &&
		"$ROADBOOK" -C "$d" save >/dev/null
}
RUNS=0 # injected-fault runs, for the summary

IS_ROOT=""
[ "$(id -u)" = 0 ] && IS_ROOT=1
CAN_MOUNT=""
mkdir -p "$WORK/probe"
if [ -n "$IS_ROOT" ] && mount -t tmpfs -o size=1m tmpfs "$WORK/probe" 2>/dev/null; then
	umount "$WORK/probe"
	CAN_MOUNT=1
fi

# ==== 1. a full disk ====
section "full disk"
LONG="$WORK/long.txt"
long_text 18000 >"$LONG"
if [ -n "$CAN_MOUNT" ]; then
	D="$WORK/disk"
	mkdir -p "$D"
	mount -t tmpfs -o size=4m tmpfs "$D" && MOUNTS+=("$D")
	W="$D/wb"
	new_wb "$W"
	# 1a. a long answer that does not fit; the earlier answer stays readable
	fill_to "$D" 40
	rb full-answer -C "$W" answer why-context <"$LONG"
	RUNS=$((RUNS + 1))
	check "full disk, answer: refused (exit 1)" test "$RC" -eq 1
	check "full disk, answer: says the disk is full" says full-answer "disk is full|no space"
	check "full disk, answer: says to free some space" says full-answer "free (up )?some space"
	check "full disk, answer: plain words" plain full-answer
	check "full disk, answer: the earlier answer kept" test "$(get "$W" why-context)" = "The answer saved before."
	unfill "$D"
	check "full disk, answer: database consistent" integrity_ok "$W"
	rb full-answer-retry -C "$W" answer why-context <"$LONG"
	check "full disk, answer: the retry stores it" test "$RC" -eq 0 -a "$(get "$W" why-context)" = "$(cat "$LONG")"

	# 1b. saving a version with 0, 40 and 120 KB left
	for left in 0 40 120; do
		fill_to "$D" "$left"
		before=$(G -C "$W" rev-parse HEAD)
		rb "full-save-$left" -C "$W" save
		RUNS=$((RUNS + 1))
		if [ "$RC" -ne 0 ]; then
			check "full disk ($left KB left), save: says there is no space" says "full-save-$left" "disk is full|no space"
			check "full disk ($left KB left), save: says what to do" says "full-save-$left" "free (up )?some space"
			check "full disk ($left KB left), save: plain words" plain "full-save-$left"
			check "full disk ($left KB left), save: history unchanged" test "$(G -C "$W" rev-parse HEAD)" = "$before"
		else
			check "full disk ($left KB left), save: a version it reports is real" head_has "$W" "$(head -c 60 "$LONG")"
		fi
		unfill "$D"
		check "full disk ($left KB left), save: repository clean" fsck_ok "$W"
		check "full disk ($left KB left), save: no lock left" no_locks "$W"
		check "full disk ($left KB left), save: answer intact" test "$(get "$W" why-context)" = "$(cat "$LONG")"
		[ "$RC" -eq 0 ] && break
	done
	rb full-save-retry -C "$W" save
	check "full disk, save: the retry saves the version" test "$RC" -eq 0
	check "full disk, save: the version holds the answer" head_has "$W" "$(head -c 60 "$LONG")"
	check "full disk, save: working tree clean" tree_clean "$W"

	# 1c. a sync that brings a big version into a full disk
	G clone -q --bare "$W" "$WORK/cohort.git"
	rb join-a join "$WORK/cohort.git" "$WORK/laptop-a"
	rb join-b join "$WORK/cohort.git" "$D/laptop-b"
	B="$D/laptop-b"
	"$ROADBOOK" -C "$B" answer why-urgency 2 >/dev/null
	n=0
	for id in $("$ROADBOOK" -C "$WORK/laptop-a" exercises | awk '$3 == "text" { print $1 }'); do
		long_text 1400 | "$ROADBOOK" -C "$WORK/laptop-a" answer "$id" >/dev/null 2>&1 && n=$((n + 1))
	done
	rb sync-a -C "$WORK/laptop-a" sync
	check "full disk, sync: the other laptop sent $n answers" test "$RC" -eq 0
	"$ROADBOOK" -C "$B" save >/dev/null # so that the sync's first step has nothing to write
	fill_to "$D" 60
	rb full-sync -C "$B" sync
	RUNS=$((RUNS + 1))
	check "full disk, sync: fails (exit 1)" test "$RC" -eq 1
	check "full disk, sync: says there is no space" says full-sync "no space|disk is full"
	check "full disk, sync: says what to do" says full-sync "free (up )?some space"
	unfill "$D"
	check "full disk, sync: answer intact" test "$(get "$B" why-urgency)" = 2
	check "full disk, sync: repository clean" fsck_ok "$B"
	check "full disk, sync: no half-received pack left" no_partial_pack "$B"
	rb full-sync-retry -C "$B" sync
	check "full disk, sync: the retry completes" test "$RC" -eq 0
	check "full disk, sync: the other laptop's answers arrived" test "$(get "$B" why-context)" = "$(get "$WORK/laptop-a" why-context)"
	check "full disk, sync: and this laptop's" test "$(get "$B" why-urgency)" = 2

	# 1d. the TUI: typing while the disk fills up
	T="$D/tui"
	new_wb "$T" --lessons "$STARTER"
	"$ROADBOOK" -C "$T" answer fs-why "Old answer." >/dev/null
	tui_start 100 24 "$T"
	expect_screen "First steps"
	keys Enter
	expect_screen "Exercise 1 of"
	keys Enter
	expect_screen "Why should your business change?"
	fill_to "$D" 0
	keys End
	type_text " Typed on a full disk."
	check "full disk, TUI: the status line says the disk is full" wait_for "disk is full"
	check "full disk, TUI: and that the answer is not saved" wait_for "not saved"
	check "full disk, TUI: the text stays on the screen" wait_for "Typed on a full disk."
	unfill "$D"
	answer_is "$T" fs-why "Old answer. Typed on a full disk."
	check "full disk, TUI: saved once there is space again" wait_for "✓ saved"
	# leaving the editor while the disk is full must not throw the text away
	fill_to "$D" 0
	type_text " And more."
	check "full disk, TUI: not saved again" wait_for "not saved"
	esc
	check "full disk, TUI: Esc keeps the unsaved text on the screen" wait_for "And more."
	unfill "$D"
	sleep 2.5
	keys C-s
	answer_is "$T" fs-why "Old answer. Typed on a full disk. And more."
	# quitting while the disk is full must say that the last words were not saved
	esc
	esc
	esc
	expect_screen "First steps"
	keys Enter
	expect_screen "Exercise 1 of"
	keys Enter
	expect_screen "First steps › fs-why"
	before_quit=$(get "$T" fs-why)
	fill_to "$D" 0
	keys End
	type_text " Last words."
	check "full disk, TUI: not saved before quitting" wait_for "not saved"
	keys C-c
	check "full disk, TUI: Ctrl-C leaves with a failure status" wait_for "EXIT=1"
	check "full disk, TUI: and says the last words were not saved" bash -c "tmux -L '$SOCK' capture-pane -p -S -50 -t rb | grep -Eqi 'not saved|could not (be )?save'"
	unfill "$D"
	check "full disk, TUI: what was saved before is intact" test "$(get "$T" fs-why)" = "$before_quit"
	check "full disk, TUI: database consistent" integrity_ok "$T"
	tmux -L "$SOCK" kill-server 2>/dev/null
	for _ in $(seq 1 30); do umount "$D" 2>/dev/null && break; sleep 0.1; done
	mountpoint -q "$D" && umount -l "$D"
	MOUNTS=()
elif [ -n "$SHIM" ]; then
	echo "NOTE: cannot mount a tmpfs here (needs root): the full disk is simulated with the shim (RB_FAULT=enospc)"
	W="$WORK/wb-full"
	new_wb "$W"
	faulty full-answer RB_FAULT=enospc RB_FAULT_OP=write,pwrite RB_FAULT_PATH=.roadbook/state.db-wal \
		-- -C "$W" answer why-context <"$LONG"
	RUNS=$((RUNS + 1))
	check "full disk (simulated), answer: refused" test "$RC" -eq 1
	check "full disk (simulated), answer: says so" says full-answer "disk is full|no space|space"
	check "full disk (simulated), answer: kept" test "$(get "$W" why-context)" = "The answer saved before."
	rb full-answer-retry -C "$W" answer why-context <"$LONG"
	check "full disk (simulated), answer: the retry stores it" test "$RC" -eq 0
else
	echo "SKIP: full disk (no tmpfs mount and no shim)"
fi

# ==== 2. read-only folders and files ====
section "read-only"
RO="$WORK/ro"
mkdir -p "$RO/home"
RB_AS=$ROADBOOK LESSONS_AS=$ROADBOOK_LESSONS LSAN_AS=${LSAN_OPTIONS:-}
if [ -n "$IS_ROOT" ] && command -v setpriv >/dev/null; then
	chmod 755 "$WORK"
	chown -R 65534:65534 "$RO"
	AS() {
		setpriv --reuid=65534 --regid=65534 --clear-groups \
			env HOME="$RO/home" ROADBOOK_LESSONS="$LESSONS_AS" LSAN_OPTIONS="$LSAN_AS" "$@"
	}
	# A clone under /root (mode 0700) is out of nobody's reach: then nobody runs a copy of the
	# program, the lessons and the leak checker's suppressions, made where it can read them.
	if ! AS test -x "$ROADBOOK" -a -r "$ROADBOOK_LESSONS/curriculum.md" -a -r "$SRC/tests/lsan.supp"
	then
		mkdir -p "$WORK/as-nobody"
		cp "$ROADBOOK" "$WORK/as-nobody/roadbook"
		cp -r "$ROADBOOK_LESSONS" "$WORK/as-nobody/lessons"
		cp "$SRC/tests/lsan.supp" "$WORK/as-nobody/lsan.supp"
		chmod -R a+rX "$WORK/as-nobody"
		RB_AS="$WORK/as-nobody/roadbook" LESSONS_AS="$WORK/as-nobody/lessons"
		LSAN_AS=$(sed -E "s#suppressions=[^:]*#suppressions=$WORK/as-nobody/lsan.supp#" <<<"$LSAN_AS")
	fi
	USER_NOTE="as user nobody"
elif [ -z "$IS_ROOT" ]; then
	AS() { "$@"; }
	USER_NOTE="as $(id -un)"
else
	AS=""
fi
if declare -F AS >/dev/null; then
	# rbu NAME ARGS: rb as the unprivileged user
	rbu() {
		local name=$1; shift
		AS env --default-signal=PIPE,INT timeout 60 "$RB_AS" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
		RC=$?
		sanitizers "$name"
	}
	getu() { AS "$RB_AS" -C "$1" answer "$2" --get 2>/dev/null; }
	AS "$RB_AS" init "$RO/base" --name "Sam Taylor" --company "Taylor Foods" >/dev/null
	AS "$RB_AS" -C "$RO/base" answer why-context "Saved answer." >/dev/null
	AS "$RB_AS" -C "$RO/base" save >/dev/null
	AS "$RB_AS" -C "$RO/base" answer why-urgency 3 >/dev/null # not in a version yet
	fresh_ro() { rm -rf "$RO/wb"; AS cp -a "$RO/base" "$RO/wb"; }
	intact_ro() {
		test "$(getu "$RO/wb" why-context)" = "Saved answer." -a "$(getu "$RO/wb" why-urgency)" = 3
	}
	# as the user too: sqlite3 run by root would tidy away the -wal and -shm files it left
	integrity_ok_as() { test "$(AS sqlite3 "$1/.roadbook/state.db" 'PRAGMA integrity_check' 2>&1)" = ok; }
	# ro_case NAME WHAT CMD: make WHAT read-only, run CMD, check, undo, retry
	ro_case() {
		local name=$1 what=$2; shift 2
		fresh_ro
		chmod a-w "$RO/wb/$what"
		rbu "ro-$name" -C "$RO/wb" "$@"
		RUNS=$((RUNS + 1))
		check "read-only $what ($USER_NOTE), $*: refused" test "$RC" -ne 0
		check "read-only $what, $*: says it cannot write" says "ro-$name" "read-only|cannot write|could not write|permission|may not write"
		check "read-only $what, $*: says what to do" advice "ro-$name"
		check "read-only $what, $*: plain words" plain "ro-$name"
		chmod u+w "$RO/wb/$what"
		check "read-only $what, $*: answers intact" intact_ro
		check "read-only $what, $*: database consistent" integrity_ok_as "$RO/wb"
		check "read-only $what, $*: repository clean" fsck_ok "$RO/wb"
		rbu "ro-$name-retry" -C "$RO/wb" "$@"
		check "read-only $what, $*: works once writable again" test "$RC" -eq 0
		[ "$RC" -eq 0 ] || show "ro-$name-retry"
	}
	ro_case folder-save . save
	ro_case state-answer .roadbook answer why-vision "Written later."
	ro_case db-answer .roadbook/state.db answer why-vision "Written later."
	ro_case answers-save answers save
	fresh_ro
	chmod -R a-w "$RO/wb/.git/objects"
	rbu ro-objects -C "$RO/wb" save
	RUNS=$((RUNS + 1))
	check "read-only .git/objects, save: refused" test "$RC" -ne 0
	check "read-only .git/objects, save: says it may not write" says ro-objects "permission|read-only|cannot write|may not write"
	check "read-only .git/objects, save: does not blame a full disk" bash -c "! grep -qi 'disk is not full' '$WORK/ro-objects.err'"
	chmod -R u+w "$RO/wb/.git/objects"
	check "read-only .git/objects, save: repository clean" fsck_ok "$RO/wb"
	rbu ro-objects-retry -C "$RO/wb" save
	check "read-only .git/objects, save: works once writable again" test "$RC" -eq 0

	# a remote the user may not write to
	REMOTE="$RO/remote.git"
	AS git -c safe.directory='*' clone -q --bare "$RO/base" "$REMOTE"
	chmod -R a-w "$REMOTE"
	rbu ro-join join "$REMOTE" "$RO/joined-ro"
	check "read-only remote: join from a read-only folder works (it only reads)" test "$RC" -eq 0
	[ "$RC" -eq 0 ] || show ro-join
	chmod -R u+w "$REMOTE"
	rbu ro-join2 join "$REMOTE" "$RO/joined"
	chmod -R a-w "$REMOTE"
	AS "$RB_AS" -C "$RO/joined" answer why-vision "Cannot be sent yet." >/dev/null
	before=$(G --git-dir="$REMOTE" rev-parse main)
	rbu ro-push -C "$RO/joined" sync
	RUNS=$((RUNS + 1))
	check "read-only remote, sync: refused" test "$RC" -ne 0 -a "$RC" -lt 128
	check "read-only remote, sync: says it may not write there" says ro-push "permission|may not|read-only|cannot write"
	check "read-only remote, sync: plain words" plain ro-push
	check "read-only remote, sync: remote unchanged" test "$(G --git-dir="$REMOTE" rev-parse main)" = "$before"
	check "read-only remote, sync: remote clean" fsck_ok "$REMOTE"
	check "read-only remote, sync: answer kept" test "$(getu "$RO/joined" why-vision)" = "Cannot be sent yet."
	chmod -R u+w "$REMOTE"
	rbu ro-push-retry -C "$RO/joined" sync
	check "read-only remote, sync: works once writable" test "$RC" -eq 0
	check "read-only remote, sync: the answer arrived" bash -c "git -c safe.directory='*' --git-dir='$REMOTE' show main:answers/01-why-digital.md | grep -q 'Cannot be sent yet.'"
else
	echo "SKIP: read-only folders (root without setpriv: root ignores permissions)"
fi

# a file system remounted read-only (EROFS: even root cannot write)
if [ -n "$CAN_MOUNT" ]; then
	D="$WORK/rofs"
	mkdir -p "$D"
	mount -t tmpfs -o size=4m tmpfs "$D" && MOUNTS+=("$D")
	new_wb "$D/wb"
	"$ROADBOOK" -C "$D/wb" answer why-urgency 4 >/dev/null
	mount -o remount,ro "$D"
	rb rofs-answer -C "$D/wb" answer why-vision "Later."
	RUNS=$((RUNS + 1))
	check "read-only file system, answer: refused" test "$RC" -eq 1
	check "read-only file system, answer: says read-only" says rofs-answer "read-only"
	check "read-only file system, answer: says what to do" advice rofs-answer
	rb rofs-save -C "$D/wb" save
	RUNS=$((RUNS + 1))
	check "read-only file system, save: refused" test "$RC" -eq 1
	check "read-only file system, save: says read-only" says rofs-save "read-only|cannot write|could not write"
	mount -o remount,rw "$D"
	check "read-only file system: answers intact" test "$(get "$D/wb" why-urgency)" = 4
	rb rofs-retry -C "$D/wb" answer why-vision "Later."
	check "read-only file system: answer works again" test "$RC" -eq 0
	rb rofs-save-retry -C "$D/wb" save
	check "read-only file system: save works again" test "$RC" -eq 0
	check "read-only file system: repository clean" fsck_ok "$D/wb"
	umount "$D" && MOUNTS=()
fi

# ==== 3. I/O errors from the database and git layers (the shim) ====
section "I/O errors"
if [ -n "$SHIM" ]; then
	# 3a. every write, fsync, truncate and open of state.db* during one `answer`
	A0="$WORK/io-answer-base"
	new_wb "$A0"
	OLD="The answer saved before." NEW="The new answer."
	cp -a "$A0" "$WORK/io-count"
	RB_FAULT_PATH=.roadbook/state.db RB_FAULT_LOG="$WORK/io-count.log" LD_PRELOAD="$SHIM" \
		"$ROADBOOK" -C "$WORK/io-count" answer why-context "$NEW" >/dev/null
	NCALLS=$(wc -l <"$WORK/io-count.log")
	grep -q ' pwrite .*state.db-wal ' "$WORK/io-count.log" && grep -q ' fdatasync .*state.db' "$WORK/io-count.log"
	check "shim: sees SQLite's pwrite64 and fdatasync on state.db ($NCALLS calls in one answer)" test $? -eq 0
	# 3b. every file call in .git during one `save` (objects, refs, logs, index)
	S0="$WORK/io-save-base"
	new_wb "$S0"
	"$ROADBOOK" -C "$S0" answer why-context "$NEW" >/dev/null
	cp -a "$S0" "$WORK/io-count2"
	RB_FAULT_PATH=/.git/ RB_FAULT_LOG="$WORK/io-count2.log" LD_PRELOAD="$SHIM" \
		"$ROADBOOK" -C "$WORK/io-count2" save >/dev/null
	# and the files of the working folder it writes (answers/*.md, README.md, strategy.md)
	TREE=/answers/,/README.md,/strategy.md
	rm -rf "$WORK/io-count2"
	cp -a "$S0" "$WORK/io-count2"
	RB_FAULT_PATH=$TREE RB_FAULT_LOG="$WORK/io-count3.log" LD_PRELOAD="$SHIM" \
		"$ROADBOOK" -C "$WORK/io-count2" save >/dev/null

	# sweep_answer LANE ERR MODE: `answer` with the Nth state.db call failing, for every N
	sweep_answer() {
		local lane=$1 err=$2 mode=$3 n got where once=0 io="$WORK/io-$1"
		[ "$mode" = once ] && once=1
		local runs=0 garbage=0 lost=0 failed_stored=0 ambiguous=0 msg=0 ic=0 retry=0
		for n in $(seq 1 "$NCALLS"); do
			rm -rf "$io"
			cp -a "$A0" "$io"
			faulty "io-answer-$lane" RB_FAULT="$err" RB_FAULT_PATH=.roadbook/state.db \
				RB_FAULT_AFTER="$n" RB_FAULT_ONCE=$once -- -C "$io" answer why-context "$NEW"
			runs=$((runs + 1))
			got=$(get "$io" why-context)
			where="answer, $err $mode at call $n ($(sed -n "${n}p" "$WORK/io-count.log" | cut -d' ' -f3,4))"
			if [ "$got" != "$OLD" ] && [ "$got" != "$NEW" ]; then
				garbage=$((garbage + 1)); echo "FAIL: $where: the answer is neither the old nor the new one: [$got]" >&2
			elif [ "$RC" -eq 0 ] && [ "$got" != "$NEW" ]; then
				lost=$((lost + 1)); echo "FAIL: $where: reported saved, but lost" >&2
			elif [ "$RC" -ne 0 ] && [ "$got" = "$NEW" ]; then
				# An fsync of the WAL that fails after the commit frame was written: SQLite
				# recovers those frames at the next open. Only an error that lasts can leave
				# it so (after a transient one the same process rolls back): counted.
				if [ "$mode" = once ]; then
					failed_stored=$((failed_stored + 1)); echo "FAIL: $where: reported failed, but stored" >&2
				else
					ambiguous=$((ambiguous + 1))
				fi
			fi
			if [ "$RC" -ne 0 ] && ! { plain "io-answer-$lane" && advice "io-answer-$lane"; }; then
				msg=$((msg + 1)); echo "FAIL: $where: the message is not plain or says nothing to do: $(said "io-answer-$lane" | head -c 300)" >&2
			fi
			integrity_ok "$io" || { ic=$((ic + 1)); echo "FAIL: $where: integrity_check fails" >&2; }
			if ! "$ROADBOOK" -C "$io" answer why-context "$NEW again" >/dev/null 2>&1 ||
				[ "$(get "$io" why-context)" != "$NEW again" ]; then
				retry=$((retry + 1)); echo "FAIL: $where: the retry without the fault did not work" >&2
			fi
		done
		echo "answer runs $runs garbage $garbage lost $lost failed_stored $failed_stored ambiguous $ambiguous msg $msg ic $ic retry $retry" >>"$WORK/lane-$lane.counts"
	}
	# sweep_save LANE ERR MODE STEP PATHS LOG: `save` with the Nth call on PATHS failing
	sweep_save() {
		local lane=$1 err=$2 mode=$3 step=$4 paths=$5 log=$6 n where once=0 io="$WORK/io-$1"
		[ "$mode" = once ] && once=1
		local runs=0 false=0 msg=0 fsck=0 answers=0 retry=0
		for n in $(seq 1 "$step" "$(wc -l <"$log")"); do
			rm -rf "$io"
			cp -a "$S0" "$io"
			faulty "io-save-$lane" RB_FAULT="$err" RB_FAULT_PATH="$paths" RB_FAULT_AFTER="$n" \
				RB_FAULT_ONCE=$once -- -C "$io" save
			runs=$((runs + 1))
			where="save, $err $mode at call $n ($(sed -n "${n}p" "$log" | cut -d' ' -f3,4))"
			if [ "$RC" -eq 0 ] && ! head_has "$io" "$NEW"; then
				false=$((false + 1)); echo "FAIL: $where: said '$(head -c 80 "$WORK/io-save-$lane.out")' but that version is not in the history" >&2
			fi
			if [ "$RC" -ne 0 ] && { ! plain "io-save-$lane" || ! advice "io-save-$lane" ||
				{ [ "$err" = enospc ] && ! says "io-save-$lane" "space|disk is full"; }; }; then
				msg=$((msg + 1)); echo "FAIL: $where: the message is not plain or says nothing to do: $(said "io-save-$lane" | head -c 300)" >&2
			fi
			fsck_ok "$io" || { fsck=$((fsck + 1)); echo "FAIL: $where: git fsck: $(head -2 "$WORK/fsck.out")" >&2; }
			[ "$(get "$io" why-context)" = "$NEW" ] || answers=$((answers + 1))
			rb "io-save-retry-$lane" -C "$io" save
			if [ "$RC" -ne 0 ] || ! head_has "$io" "$NEW" || ! tree_clean "$io" || ! no_locks "$io"; then
				retry=$((retry + 1)); echo "FAIL: $where: the retry without the fault did not recover: exit $RC: $(said "io-save-retry-$lane" | head -c 300)" >&2
			fi
		done
		echo "save runs $runs false $false msg $msg fsck $fsck answers $answers retry $retry" >>"$WORK/lane-$lane.counts"
	}
	# two lanes in parallel (the machine has two cores)
	G2="/.git/ $WORK/io-count2.log" G3="$TREE $WORK/io-count3.log"
	(
		sweep_answer 1 eio once
		sweep_answer 1 enospc persistent
		sweep_save 1 eio once 1 $G2
		sweep_save 1 eio persistent 1 $G3
	) &
	lane1=$!
	(
		sweep_answer 2 eio persistent
		sweep_save 2 eio persistent 1 $G2
		sweep_save 2 enospc persistent 3 $G2
		sweep_save 2 enospc persistent 1 $G3
	) &
	lane2=$!
	wait "$lane1" "$lane2"
	sum() { # sum KIND FIELD: the total of FIELD over the lanes' KIND lines
		cat "$WORK"/lane-*.counts | awk -v k="$1" -v f="$2" '$1 == k { for (i = 2; i < NF; i += 2) if ($i == f) t += $(i + 1) } END { print t + 0 }'
	}
	ANSWER_RUNS=$(sum answer runs)
	check "db I/O errors ($ANSWER_RUNS runs): the answer is never garbage" test "$(sum answer garbage)" -eq 0
	check "db I/O errors: an answer reported saved is never lost" test "$(sum answer lost)" -eq 0
	check "db I/O errors: a transient failure reported is never stored" test "$(sum answer failed_stored)" -eq 0
	check "db I/O errors: messages plain, saying what to do ($(sum answer msg) not)" test "$(sum answer msg)" -eq 0
	check "db I/O errors: database consistent" test "$(sum answer ic)" -eq 0
	check "db I/O errors: the retry works" test "$(sum answer retry)" -eq 0
	[ "$(sum answer ambiguous)" -eq 0 ] ||
		echo "NOTE: $(sum answer ambiguous) runs with a lasting fsync error reported a failure for an answer that the next open found stored (SQLite recovers the committed WAL frames)"
	SAVE_RUNS=$(sum save runs)
	check "git I/O errors ($SAVE_RUNS runs): a version reported saved is in the history ($(sum save false) not)" test "$(sum save false)" -eq 0
	check "git I/O errors: messages plain, saying what to do ($(sum save msg) not)" test "$(sum save msg)" -eq 0
	check "git I/O errors: repository clean" test "$(sum save fsck)" -eq 0
	check "git I/O errors: answers intact" test "$(sum save answers)" -eq 0
	check "git I/O errors: the retry recovers ($(sum save retry) did not)" test "$(sum save retry)" -eq 0
	RUNS=$((RUNS + ANSWER_RUNS + SAVE_RUNS))
else
	echo "SKIP: I/O errors from the database and git layers (no shim)"
fi

# ==== 4. the network: cut mid-push, mid-fetch, and a server that never answers ====
section "network"
cat >"$WORK/proxy.py" <<'EOF'
# proxy.py PORTFILE TARGET MODE [BYTES]: a TCP proxy on 127.0.0.1 that cuts the connection (a
# reset) after BYTES sent by the client (cut-up) or by the server (cut-down), or accepts and
# never answers (silent). Ends by itself after 90 s.
import os, socket, sys, threading, time
portfile, target, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
limit = int(sys.argv[4]) if len(sys.argv) > 4 else 0
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(8)
srv.settimeout(0.5)
open(portfile + ".tmp", "w").write(str(srv.getsockname()[1]))
os.rename(portfile + ".tmp", portfile)
def cut(s):
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
        s.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    s.close()
def pump(a, b, lim, state):
    n = 0
    try:
        while True:
            d = a.recv(16384)
            if not d or state.get("cut"):
                break
            if lim and n + len(d) >= lim:
                b.sendall(d[: lim - n])
                state["cut"] = True
                break
            b.sendall(d)
            n += len(d)
            time.sleep(0.001)
    except OSError:
        pass
    if state.get("cut"):
        cut(a); cut(b)
    else:
        try:
            b.shutdown(socket.SHUT_WR)
        except OSError:
            pass
held, end = [], time.time() + 90
while time.time() < end:
    try:
        c, _ = srv.accept()
    except socket.timeout:
        continue
    if mode == "silent":
        held.append(c)
        continue
    try:
        u = socket.create_connection(("127.0.0.1", target))
    except OSError:
        c.close()
        continue
    st = {}
    threading.Thread(target=pump, args=(c, u, limit if mode == "cut-up" else 0, st), daemon=True).start()
    threading.Thread(target=pump, args=(u, c, limit if mode == "cut-down" else 0, st), daemon=True).start()
EOF
start_proxy() { # start_proxy MODE [BYTES]: sets PPORT
	rm -f "$WORK/proxy.port"
	python3 "$WORK/proxy.py" "$WORK/proxy.port" "${DPORT:-1}" "$@" &
	PROXY_PID=$!
	local i
	for i in $(seq 1 50); do [ -s "$WORK/proxy.port" ] && break; sleep 0.1; done
	PPORT=$(cat "$WORK/proxy.port")
}
stop_proxy() { stop_pid "$PROXY_PID"; wait "$PROXY_PID" 2>/dev/null; PROXY_PID=""; }
if command -v python3 >/dev/null && command -v git >/dev/null; then
	N="$WORK/net"
	mkdir -p "$N/srv"
	new_wb "$N/base"
	G clone -q --bare "$N/base" "$N/srv/wb.git"
	DPORT=$(free_port)
	setsid git daemon --listen=127.0.0.1 --port="$DPORT" --base-path="$N/srv" --export-all \
		--enable=receive-pack --reuseaddr --informative-errors "$N/srv" >"$WORK/daemon.log" 2>&1 &
	DAEMON_PID=$!
	for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/$DPORT) 2>/dev/null && break; sleep 0.1; done
	DIRECT="git://127.0.0.1:$DPORT/wb.git"
	rb net-join-a join "$DIRECT" "$N/a"
	rb net-join-b join "$DIRECT" "$N/b"
	check "network: two laptops joined over git://" test -d "$N/a/.git" -a -d "$N/b/.git"
	# a big version on laptop A: every text exercise, as long as it may be
	for id in $("$ROADBOOK" -C "$N/a" exercises | awk '$3 == "text" { print $1 }'); do
		long_text 12000 | "$ROADBOOK" -C "$N/a" answer "$id" >/dev/null 2>&1 ||
			long_text 1400 | "$ROADBOOK" -C "$N/a" answer "$id" >/dev/null 2>&1 ||
			long_text 500 | "$ROADBOOK" -C "$N/a" answer "$id" >/dev/null 2>&1
	done
	"$ROADBOOK" -C "$N/a" save -m "A big version" >/dev/null
	A_HEAD=$(G -C "$N/a" rev-parse HEAD)
	A_CONTEXT=$(get "$N/a" why-context)
	PACK=$(G -C "$N/a" rev-list --objects HEAD --not "$(G --git-dir="$N/srv/wb.git" rev-parse main)" |
		G -C "$N/a" pack-objects --stdout 2>/dev/null | wc -c)
	echo "network: the push sends a pack of $PACK bytes"
	rm -rf "$N/srv.snap" "$N/a.snap" "$N/b.snap"
	cp -a "$N/srv/wb.git" "$N/srv.snap"
	cp -a "$N/a" "$N/a.snap"
	cp -a "$N/b" "$N/b.snap"
	bad_rc=0 bad_msg=0 bad_local=0 bad_remote=0 bad_retry=0 cuts=0
	cut_run() { # cut_run push|fetch BYTES
		local kind=$1 at=$2 dir=cut-up lap=a
		[ "$kind" = fetch ] && dir=cut-down lap=b
		rm -rf "$N/srv/wb.git" "$N/${lap:?}"
		cp -a "$N/srv.snap" "$N/srv/wb.git"
		cp -a "$N/$lap.snap" "$N/$lap"
		if [ "$kind" = fetch ]; then # the server has A's big version; B fetches it
			G --git-dir="$N/srv/wb.git" fetch -q "$N/a" "+HEAD:refs/heads/main"
		fi
		start_proxy "$dir" "$at"
		G -C "$N/$lap" remote set-url origin "git://127.0.0.1:$PPORT/wb.git"
		rb "cut-$kind" -C "$N/$lap" sync
		stop_proxy
		cuts=$((cuts + 1))
		local where="$kind cut after $at bytes"
		if [ "$RC" -eq 124 ]; then
			bad_rc=$((bad_rc + 1)); echo "FAIL: $where: still waiting after 60 s" >&2
		elif [ "$RC" -ge 128 ]; then
			bad_rc=$((bad_rc + 1)); echo "FAIL: $where: roadbook was killed by signal $((RC - 128)) with no message (exit $RC)" >&2
		elif [ "$RC" -eq 0 ] && [ "$kind" = push ] &&
			[ "$(G --git-dir="$N/srv/wb.git" rev-parse main)" != "$(G -C "$N/a" rev-parse HEAD)" ]; then
			bad_rc=$((bad_rc + 1)); echo "FAIL: $where: reported synced, but the server does not have the version" >&2
		fi
		if [ "$RC" -ne 0 ]; then
			if ! says "cut-$kind" "connection|cannot reach|offline" || ! advice "cut-$kind" || ! plain "cut-$kind"; then
				bad_msg=$((bad_msg + 1)); echo "FAIL: $where: exit $RC, message: $(said "cut-$kind" | head -c 300)" >&2
			fi
		fi
		if [ "$kind" = push ]; then
			[ "$(get "$N/a" why-context)" = "$A_CONTEXT" ] && fsck_ok "$N/a" && no_locks "$N/a" ||
				{ bad_local=$((bad_local + 1)); echo "FAIL: $where: laptop A damaged" >&2; }
			local m
			m=$(G --git-dir="$N/srv/wb.git" rev-parse main)
			fsck_ok "$N/srv/wb.git" && { [ "$m" = "$(G --git-dir="$N/srv.snap" rev-parse main)" ] || [ "$m" = "$A_HEAD" ]; } ||
				{ bad_remote=$((bad_remote + 1)); echo "FAIL: $where: server repository damaged or at $m" >&2; }
		else
			[ "$(get "$N/b" why-context)" = "The answer saved before." ] && fsck_ok "$N/b" && no_locks "$N/b" &&
				no_partial_pack "$N/b" ||
				{ bad_local=$((bad_local + 1)); echo "FAIL: $where: laptop B damaged or a partial pack left" >&2; }
		fi
		G -C "$N/$lap" remote set-url origin "$DIRECT"
		rb "cut-$kind-retry" -C "$N/$lap" sync
		if [ "$RC" -ne 0 ]; then
			bad_retry=$((bad_retry + 1)); echo "FAIL: $where: the retry failed: $(said "cut-$kind-retry" | head -c 300)" >&2
		elif [ "$kind" = push ] && [ "$(G --git-dir="$N/srv/wb.git" rev-parse main)" != "$(G -C "$N/a" rev-parse HEAD)" ]; then
			bad_retry=$((bad_retry + 1)); echo "FAIL: $where: the retry did not deliver the version" >&2
		elif [ "$kind" = fetch ] && [ "$(get "$N/b" why-context)" != "$A_CONTEXT" ]; then
			bad_retry=$((bad_retry + 1)); echo "FAIL: $where: the retry did not bring A's answers" >&2
		fi
	}
	# cut points: the first bytes (ref advertisement, commands), then ten random points in the pack
	for at in 40 400; do cut_run push "$at"; cut_run fetch "$at"; done
	for _ in $(seq 1 10); do cut_run push $((400 + (RANDOM * 32768 + RANDOM) % (PACK > 800 ? PACK - 400 : 400))); done
	for _ in $(seq 1 3); do cut_run fetch $((400 + (RANDOM * 32768 + RANDOM) % (PACK > 800 ? PACK - 400 : 400))); done
	RUNS=$((RUNS + cuts))
	NET_RUNS=$cuts
	check "network cuts ($cuts runs): roadbook ends by itself, never killed by a signal ($bad_rc were)" test "$bad_rc" -eq 0
	check "network cuts: says the connection was lost and what to do ($bad_msg did not)" test "$bad_msg" -eq 0
	check "network cuts: the laptop's workbook intact" test "$bad_local" -eq 0
	check "network cuts: the server's repository clean, at the old or the new version" test "$bad_remote" -eq 0
	check "network cuts: the retry completes" test "$bad_retry" -eq 0

	# the git daemon killed while receive-pack waits in a hook
	rm -rf "$N/srv/wb.git" "$N/a"
	cp -a "$N/srv.snap" "$N/srv/wb.git"
	cp -a "$N/a.snap" "$N/a"
	mkdir -p "$N/srv/wb.git/hooks"
	printf '#!/bin/sh\ntouch "%s"\nsleep 30\n' "$WORK/in-hook" >"$N/srv/wb.git/hooks/pre-receive"
	chmod +x "$N/srv/wb.git/hooks/pre-receive"
	env --default-signal=PIPE,INT timeout 60 "$ROADBOOK" -C "$N/a" sync >"$WORK/killed.out" 2>"$WORK/killed.err" </dev/null &
	sync_pid=$!
	for _ in $(seq 1 100); do [ -e "$WORK/in-hook" ] && break; sleep 0.1; done
	check "daemon killed: the push was under way" test -e "$WORK/in-hook"
	kill -9 -- -"$DAEMON_PID" 2>/dev/null
	wait "$sync_pid"
	RC=$?
	RUNS=$((RUNS + 1))
	check "daemon killed: roadbook ends by itself (exit $RC)" test "$RC" -eq 5 -o "$RC" -eq 1
	check "daemon killed: says the connection was lost" says killed "connection|cannot reach|offline"
	check "daemon killed: says what to do" advice killed
	check "daemon killed: server unchanged" test "$(G --git-dir="$N/srv/wb.git" rev-parse main)" = "$(G --git-dir="$N/srv.snap" rev-parse main)"
	check "daemon killed: server clean" fsck_ok "$N/srv/wb.git"
	check "daemon killed: laptop clean" fsck_ok "$N/a"
	rm -f "$N/srv/wb.git/hooks/pre-receive"
	setsid git daemon --listen=127.0.0.1 --port="$DPORT" --base-path="$N/srv" --export-all \
		--enable=receive-pack --reuseaddr --informative-errors "$N/srv" >"$WORK/daemon.log" 2>&1 &
	DAEMON_PID=$!
	for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/$DPORT) 2>/dev/null && break; sleep 0.1; done
	rb killed-retry -C "$N/a" sync
	check "daemon killed: the retry completes" test "$RC" -eq 0
	check "daemon killed: the version arrived" test "$(G --git-dir="$N/srv/wb.git" rev-parse main)" = "$(G -C "$N/a" rev-parse HEAD)"

	# a server that accepts the connection and never answers
	B_CONTEXT=$(get "$N/b" why-context)
	start_proxy silent
	G -C "$N/b" remote set-url origin "git://127.0.0.1:$PPORT/wb.git"
	t0=$(date +%s%N)
	# roadbook's watchdog gives up after ROADBOOK_NET_TIMEOUT seconds without progress (60 by
	# default): 3 here, so the sync must end well within HANG_S
	ROADBOOK_NET_TIMEOUT=3 env --default-signal=PIPE,INT timeout "$HANG_S" "$ROADBOOK" -C "$N/b" sync \
		>"$WORK/silent.out" 2>"$WORK/silent.err" </dev/null
	RC=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	RUNS=$((RUNS + 1))
	echo "silent server: sync ended after $ms ms with exit $RC (124: still waiting at the $HANG_S s limit)"
	check "silent server: sync gives up by itself within $HANG_S s" test "$RC" -ne 124
	check "silent server: and says the server did not answer" says silent "stopped answering|did not answer|not respond|timed out"
	check "silent server: and that the work is kept" says silent "saved on this laptop"
	# Ctrl-C (SIGINT) stops it, and leaves the workbook as it was
	env --default-signal=PIPE,INT "$ROADBOOK" -C "$N/b" sync >"$WORK/sigint.out" 2>"$WORK/sigint.err" </dev/null &
	sync_pid=$!
	sleep 2
	kill -INT "$sync_pid"
	stopped=""
	for _ in $(seq 1 30); do kill -0 "$sync_pid" 2>/dev/null || { stopped=1; break; }; sleep 0.1; done
	[ -n "$stopped" ] || kill -9 "$sync_pid"
	wait "$sync_pid" 2>/dev/null
	RUNS=$((RUNS + 1))
	check "silent server: Ctrl-C stops the sync within 3 s" test -n "$stopped"
	check "silent server: after Ctrl-C the answers are intact" test "$(get "$N/b" why-context)" = "$B_CONTEXT"
	check "silent server: after Ctrl-C the repository is clean" fsck_ok "$N/b"
	check "silent server: after Ctrl-C no lock is left" no_locks "$N/b"
	# in the TUI, F5 says "Esc stops": it must, long before the watchdog's 60 s
	tui_start 100 24 "$N/b"
	expect_screen "F5: sync"
	keys F5
	check "silent server, TUI: the sync starts" wait_for "Syncing"
	sleep 1
	esc
	sleep 2
	check "silent server, TUI: Esc stops the sync" bash -c "! tmux -L '$SOCK' capture-pane -p -t rb | grep -q 'Syncing with your cohort'"
	pid=$(rb_pid)
	if [ -n "$pid" ]; then
		kill -9 "$pid" 2>/dev/null
		for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	fi
	tmux -L "$SOCK" kill-server 2>/dev/null
	stop_proxy
	G -C "$N/b" remote set-url origin "$DIRECT"
	rb silent-retry -C "$N/b" sync
	check "silent server: a sync with a working server completes" test "$RC" -eq 0
	[ "$RC" -eq 0 ] || show silent-retry
	kill -- -"$DAEMON_PID" 2>/dev/null
	DAEMON_PID=""
else
	echo "SKIP: network faults (python3 or git missing)"
fi

# ==== 5. damaged state ====
section "damaged state"
DM="$WORK/dmg-base"
new_wb "$DM"
"$ROADBOOK" -C "$DM" answer why-urgency 4 >/dev/null
"$ROADBOOK" -C "$DM" save >/dev/null
dmg() { rm -rf "$WORK/dmg"; cp -a "$DM" "$WORK/dmg"; }
restored() { # restored NAME: rebuilt from the last version and said so
	check "$1: the answers are back" test "$(get "$WORK/dmg" why-context)" = "The answer saved before." -a "$(get "$WORK/dmg" why-urgency)" = 4
	check "$1: the profile is back" bash -c "'$ROADBOOK' -C '$WORK/dmg' status | head -1 | grep -q '^Sam Taylor, Taylor Foods'"
	check "$1: database consistent" integrity_ok "$WORK/dmg"
}
for kind in garbage truncated empty; do
	dmg
	case $kind in
	garbage) head -c 28672 /dev/urandom >"$WORK/dmg/.roadbook/state.db" ;;
	truncated) truncate -s 5000 "$WORK/dmg/.roadbook/state.db" ;;
	empty) : >"$WORK/dmg/.roadbook/state.db" ;;
	esac
	rb "dmg-$kind" -C "$WORK/dmg" status
	RUNS=$((RUNS + 1))
	check "$kind database: says it was damaged and rebuilt" says "dmg-$kind" "damaged|rebuilt|missing"
	restored "$kind database"
	rb "dmg-$kind-save" -C "$WORK/dmg" save
	check "$kind database: a save afterwards keeps every answer in the history" bash -c "git -c safe.directory='*' -C '$WORK/dmg' show HEAD:answers/01-why-digital.md | grep -q 'The answer saved before.'"
done
dmg
"$ROADBOOK" -C "$WORK/dmg" answer why-vision "Only in the database." >/dev/null
head -c 50000 /dev/urandom >"$WORK/dmg/.roadbook/state.db-wal"
rb dmg-wal -C "$WORK/dmg" answer why-vision --get
RUNS=$((RUNS + 1))
check "garbage WAL: the answers are intact" test "$RC" -eq 0 -a "$(cat "$WORK/dmg-wal.out")" = "Only in the database."
check "garbage WAL: database consistent" integrity_ok "$WORK/dmg"

dmg
"$ROADBOOK" -C "$WORK/dmg" answer why-vision "Saved with a stale index.lock." >/dev/null
touch "$WORK/dmg/.git/index.lock"
rb dmg-index-lock -C "$WORK/dmg" save
RUNS=$((RUNS + 1))
check "stale index.lock: the version is saved" test "$RC" -eq 0
check "stale index.lock: explained" says dmg-index-lock "index.lock"
rm -f "$WORK/dmg/.git/index.lock"
check "stale index.lock: repository clean" fsck_ok "$WORK/dmg"

dmg
"$ROADBOOK" -C "$WORK/dmg" answer why-vision "Saved with a stale main.lock." >/dev/null
touch "$WORK/dmg/.git/refs/heads/main.lock"
rb dmg-ref-lock -C "$WORK/dmg" save
RUNS=$((RUNS + 1))
if [ "$RC" -ne 0 ]; then
	check "stale refs/heads/main.lock: the message names the lock file" says dmg-ref-lock "main\.lock"
	check "stale refs/heads/main.lock: and says to delete it (not just to try again)" says dmg-ref-lock "delete"
	rb dmg-ref-lock-again -C "$WORK/dmg" save
	check "stale refs/heads/main.lock: answers intact" test "$(get "$WORK/dmg" why-vision)" = "Saved with a stale main.lock."
	rm -f "$WORK/dmg/.git/refs/heads/main.lock"
	rb dmg-ref-lock-retry -C "$WORK/dmg" save
	check "stale refs/heads/main.lock: a save after deleting it works" test "$RC" -eq 0
else
	check "stale refs/heads/main.lock: saved and the lock cleared" no_locks "$WORK/dmg"
fi
check "stale refs/heads/main.lock: repository clean" fsck_ok "$WORK/dmg"

dmg
"$ROADBOOK" -C "$WORK/dmg" answer why-vision "A folder is in the way." >/dev/null
rm "$WORK/dmg/answers/01-why-digital.md"
mkdir "$WORK/dmg/answers/01-why-digital.md"
rb dmg-dir -C "$WORK/dmg" save
RUNS=$((RUNS + 1))
check "answers file is a folder: save refused" test "$RC" -eq 1
check "answers file is a folder: the message names it" says dmg-dir "answers/01-why-digital.md"
check "answers file is a folder: plain words" plain dmg-dir
check "answers file is a folder: answers intact" test "$(get "$WORK/dmg" why-vision)" = "A folder is in the way."
rmdir "$WORK/dmg/answers/01-why-digital.md"
rb dmg-dir-retry -C "$WORK/dmg" save
check "answers file is a folder: a save once it is gone works" test "$RC" -eq 0
check "answers file is a folder: the version holds the answer" head_has "$WORK/dmg" "A folder is in the way."

# strategy.md is written (and its blob stored) by a second thread: the same refusal, the same words
dmg
"$ROADBOOK" -C "$WORK/dmg" answer why-vision "The strategy is in the way." >/dev/null
before=$(G -C "$WORK/dmg" rev-parse HEAD)
rm "$WORK/dmg/strategy.md"
mkdir "$WORK/dmg/strategy.md"
rb dmg-sdir -C "$WORK/dmg" save
RUNS=$((RUNS + 1))
check "strategy.md is a folder: save refused" test "$RC" -eq 1
check "strategy.md is a folder: the message names it" says dmg-sdir "strategy.md is a folder"
check "strategy.md is a folder: says what to do" says dmg-sdir "move the folder away"
check "strategy.md is a folder: plain words" plain dmg-sdir
check "strategy.md is a folder: no version made" test "$(G -C "$WORK/dmg" rev-parse HEAD)" = "$before"
check "strategy.md is a folder: repository clean" fsck_ok "$WORK/dmg"
rmdir "$WORK/dmg/strategy.md"
rb dmg-sdir-retry -C "$WORK/dmg" save
check "strategy.md is a folder: a save once it is gone works" test "$RC" -eq 0
check "strategy.md is a folder: the version holds the answer" head_has "$WORK/dmg" "The strategy is in the way."
check "strategy.md is a folder: working tree clean" tree_clean "$WORK/dmg"

echo "fault runs: $RUNS in all (database: ${ANSWER_RUNS:-0} answer runs, git: ${SAVE_RUNS:-0} save runs, network: ${NET_RUNS:-0} cut connections), $(($(date +%s) - T0)) s"
finish
