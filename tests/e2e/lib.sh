# lib.sh - helpers for roadbook's end-to-end tests: a private tmux server per test, keys in,
# screen text out, and checks that name what failed. Sourced by test_*.sh with
#   ROADBOOK=path/to/binary SRC=source/dir
set -u
ROADBOOK=$(realpath "$1")
SRC=$(realpath "$2")
STARTER="$SRC/tests/fixtures/starter"
WORK=$(mktemp -d /tmp/rb-e2e.XXXXXX)
SOCK="rb-e2e-$$"
STARTS=0
FAILS=0
CHECKS=0
export NO_COLOR=1
unset ROADBOOK_LESSONS

cleanup() {
	tmux -L "$SOCK" kill-server 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

ok() { CHECKS=$((CHECKS + 1)); }
fail() {
	CHECKS=$((CHECKS + 1)); FAILS=$((FAILS + 1))
	echo "FAIL: $*" >&2
}
check() { # check DESCRIPTION COMMAND...
	local what=$1; shift
	if "$@"; then ok; else fail "$what"; fi
}

# Starts roadbook (with extra env and args) in a tmux window of the given size.
tui_start() { # tui_start COLS ROWS DIR [ENV=VALUE...] [-- ARGS...]
	local cols=$1 rows=$2 dir=$3; shift 3
	local envs="" args=""
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs="$envs $1"; shift; done
	[ "${1:-}" = "--" ] && shift
	args="$*"
	tmux -L "$SOCK" kill-server 2>/dev/null
	STARTS=$((STARTS + 1))
	SOCK="rb-e2e-$$-$STARTS"
	tmux -L "$SOCK" -f /dev/null new-session -d -s rb -x "$cols" -y "$rows" \
		"cd '$dir' && env TERM=screen-256color LANG=C.UTF-8 $envs '$ROADBOOK' $args; echo \"EXIT=\$?\"; stty -a | tr ' ' '\n' | grep -E '^-?(icanon|echo)\$' | tr '\n' ' '; echo; sleep 600"
	tmux -L "$SOCK" set-option -t rb -g remain-on-exit on >/dev/null 2>&1
}
keys() { tmux -L "$SOCK" send-keys -t rb "$@"; }
# Esc as a person presses it: alone, not glued to the next key.
esc() { sleep 0.1; keys Escape; sleep 0.1; }
type_text() { tmux -L "$SOCK" send-keys -t rb -l "$1"; }
screen() { tmux -L "$SOCK" capture-pane -p -t rb; }
resize() { tmux -L "$SOCK" resize-window -t rb -x "$1" -y "$2"; }
pane_pid() { tmux -L "$SOCK" display-message -p -t rb '#{pane_pid}'; }
# The roadbook process inside the pane.
rb_pid() { pgrep -f "^$ROADBOOK" -P "$(pane_pid)" | head -1; }

# Waits up to 5 s for text to appear on the screen.
wait_for() {
	local i
	for i in $(seq 1 50); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	echo "--- screen while waiting for '$1':" >&2
	screen >&2
	return 1
}
expect_screen() { check "screen shows '$1'" wait_for "$1"; }

# Polls for up to 3 s: autosave runs after a short pause in typing.
answer_is() { # answer_is DIR ID EXPECTED
	local got i
	for i in $(seq 1 30); do
		got=$("$ROADBOOK" -C "$1" answer "$2" --get)
		[ "$got" = "$3" ] && break
		sleep 0.1
	done
	if [ "$got" = "$3" ]; then ok; else fail "answer $2: expected [$3], got [$got]"; fi
}

finish() {
	echo "$((CHECKS - FAILS)) passed, $FAILS failed"
	[ "$FAILS" -eq 0 ]
}
