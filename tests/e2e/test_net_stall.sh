#!/usr/bin/env bash
# A connection that stops answering: a server that accepts and then says nothing (a lost
# Wi-Fi, a cable pulled, a hung server look the same). libgit2 1.5 has no timeout of its own;
# roadbook's watchdog (ROADBOOK_NET_TIMEOUT seconds without progress) gives up with a plain
# message, exit 5 (offline), the work kept, and the next sync works.
. "$(dirname "$0")/lib.sh"

export HOME="$WORK/home"
# Under AddressSanitizer: full stacks, so that the suppression of libgit2's own leak on a
# failed ssh handshake (tests/lsan.supp) can see git_remote_connect_ext.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
mkdir -p "$HOME"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 - "$PORT" <<'PY' &
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(16)
held = []
end = time.time() + 120
s.settimeout(0.5)
while time.time() < end:
    try:
        held.append(s.accept()[0])  # accepted, never answered
    except OSError:
        pass
PY
SILENT=$!
trap 'kill $SILENT 2>/dev/null; cleanup' EXIT
sleep 0.5

W="$WORK/w"
"$ROADBOOK" init "$W" --name "Sam" --company "Pies Ltd" --lessons "$STARTER" >/dev/null
"$ROADBOOK" -C "$W" answer fs-why "Kept whatever the network does." >/dev/null
for url in "git://127.0.0.1:$PORT/x.git" "http://127.0.0.1:$PORT/x.git" \
	"ssh://nobody@127.0.0.1:$PORT/x.git"; do
	git -C "$W" remote remove origin 2>/dev/null
	git -C "$W" remote add origin "$url"
	start=$(date +%s)
	ROADBOOK_NET_TIMEOUT=2 "$ROADBOOK" -C "$W" sync >"$WORK/out" 2>&1
	rc=$?
	took=$(($(date +%s) - start))
	echo "$url: exit $rc after ${took}s"
	check "$url: exit 5 (offline)" test $rc -eq 5
	check "$url: says the connection stopped answering" grep -q "stopped answering (nothing for 2 seconds)" "$WORK/out"
	check "$url: says the work is kept" grep -q "Your work is saved on this laptop" "$WORK/out"
	check "$url: gave up within 45 s (took ${took}s)" test "$took" -le 45
	answer_is "$W" fs-why "Kept whatever the network does."
done
start=$(date +%s)
ROADBOOK_NET_TIMEOUT=2 "$ROADBOOK" join "git://127.0.0.1:$PORT/x.git" "$WORK/j" >"$WORK/out" 2>&1
check "join from a silent server: exit 5" test $? -eq 5
check "join from a silent server: no folder left" test ! -e "$WORK/j/.git"
check "join: within 10 s" test $(($(date +%s) - start)) -le 10

# the same workbook syncs once there is a real cohort copy again
B="$WORK/b.git"
git init -q --bare -b main "$B"
git -C "$W" remote set-url origin "$B"
"$ROADBOOK" -C "$W" sync >"$WORK/out" 2>&1
check "a working address afterwards: sync works" test $? -eq 0
check "the answer arrived" bash -c "git --git-dir '$B' show main:answers/01-first-steps.md | grep -q 'Kept whatever'"
finish
