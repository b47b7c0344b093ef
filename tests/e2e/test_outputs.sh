# Outputs that tell the truth: -o writes a regular file atomically, follows a link to its
# target, writes a device or a pipe as it is (never replacing it with a file) and refuses a
# folder; a write error on standard output (a full disk, /dev/full) is a message and exit 1,
# never a file cut short with exit 0; a reader that stops reading (| head) is not an error; a
# closed standard input is an error, never an empty answer.
. "$(dirname "$0")/lib.sh"

export ROADBOOK_LESSONS="$STARTER"
W="$WORK/w"
"$ROADBOOK" init "$W" --name "Sam Taylor" --company "Taylor Pies" >/dev/null
R() { "$ROADBOOK" -C "$W" "$@"; }
R answer fs-why "To stay in business" >/dev/null

# ---- a closed standard input ----
R answer fs-why <&- 2>"$WORK/err"
check "closed stdin: answer refused (exit 1)" test $? -eq 1
check "closed stdin: says so and what to do" grep -q "standard input (it is closed).*roadbook answer fs-why" "$WORK/err"
check "closed stdin: the answer is kept" test "$(R answer fs-why --get)" = "To stay in business"
R answer fs-why </dev/null >/dev/null 2>&1
check "empty stdin (not closed) still clears, as documented" test -z "$(R answer fs-why --get)"
R answer fs-why "To stay in business" >/dev/null

# ---- standard output that cannot take the output ----
for cmd in "strategy" "strategy --format html" "status --json" "log" "exercises"; do
	R $cmd >/dev/full 2>"$WORK/err"
	rc=$?
	check "stdout full, $cmd: exit 1 (got $rc)" test $rc -eq 1
	check "stdout full, $cmd: says the output is incomplete" grep -q "could not be written in full.*disk is full" "$WORK/err"
done
"$ROADBOOK" --help >/dev/full 2>/dev/null
check "stdout full, --help: exit 1" test $? -eq 1
R strategy | head -1 >/dev/null
check "a reader that stops (| head): exit 0" test "${PIPESTATUS[0]}" -eq 0
R strategy 2>"$WORK/err" | head -1 >/dev/null
check "a reader that stops (| head): no message" test ! -s "$WORK/err"

# ---- -o FILE ----
R strategy -o "$WORK/plain.md" >/dev/null
check "-o: a regular file" test -f "$WORK/plain.md" -a -s "$WORK/plain.md"
check "-o: no temporary file left" bash -c "! ls '$WORK' | grep -q 'plain.md\\.'"
ln -s target.md "$WORK/link.md"
R strategy -o "$WORK/link.md" >/dev/null
check "-o a link: the link stays a link" test -L "$WORK/link.md"
check "-o a link: its target is written" cmp -s "$WORK/target.md" "$WORK/plain.md"
mkdir -p "$WORK/sub"
ln -s ../target.md "$WORK/sub/rel.md"
rm -f "$WORK/target.md"
R strategy -o "$WORK/sub/rel.md" >/dev/null
check "-o a link naming a file not there yet: made where it points" cmp -s "$WORK/target.md" "$WORK/plain.md"
mkfifo "$WORK/fifo"
timeout 10 cat "$WORK/fifo" >"$WORK/from-fifo" &
reader=$!
R strategy -o "$WORK/fifo" >/dev/null
wait $reader
check "-o a FIFO: written through it" cmp -s "$WORK/from-fifo" "$WORK/plain.md"
check "-o a FIFO: still a FIFO" test -p "$WORK/fifo"
# devices of the test's own (made with mknod as root), so that a roadbook that replaced them
# with a file could never replace the machine's /dev/null or /dev/full
if [ "$(id -u)" -eq 0 ] && mknod -m 666 "$WORK/null" c 1 3 2>/dev/null &&
	mknod -m 666 "$WORK/full" c 1 7 2>/dev/null; then
	NULLDEV="$WORK/null" FULLDEV="$WORK/full"
	R strategy -o "$NULLDEV" >/dev/null
	check "-o a null device: still the device" test -c "$NULLDEV"
	R strategy -o "$FULLDEV" >/dev/null 2>"$WORK/err"
	check "-o a full device: exit 1" test $? -eq 1
	check "-o a full device: says why" grep -q "No space left on device" "$WORK/err"
	check "-o a full device: still the device" test -c "$FULLDEV"
else
	echo "SKIP: -o to a device (mknod needs root)"
fi
R strategy -o "$WORK/sub" >/dev/null 2>"$WORK/err"
check "-o a folder: exit 1" test $? -eq 1
check "-o a folder: says why" grep -qi "is a directory" "$WORK/err"
check "-o a folder: untouched" test -d "$WORK/sub" -a -L "$WORK/sub/rel.md"
finish
