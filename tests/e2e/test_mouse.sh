#!/usr/bin/env bash
# The mouse in the real TUI, in tmux: xterm's SGR mouse reports are typed into the pane as they
# would come from a terminal (tmux forwards `send-keys -M` only from an attached client). The
# rule everywhere: a click selects, a click on what is selected opens or picks it; the wheel
# scrolls. Checks that mouse reporting is off again when roadbook leaves, that a terminal
# without a mouse is unaffected, and that ui.mouse = false switches it off.
. "$(dirname "$0")/lib.sh"

WB="$WORK/wb"
"$ROADBOOK" init "$WB" --name "Sam Taylor" --company "Taylor Foods" --lessons "$STARTER" >/dev/null
export XDG_CONFIG_HOME="$WORK/config" # no settings file of the person running the tests

# Like tui_start, with the pane's raw output copied to $RAW (roadbook starts once the copy runs).
RAW=""
mouse_start() { # mouse_start TERM [ENV=VALUE...]
	local term=$1; shift
	tmux -L "$SOCK" kill-server 2>/dev/null
	STARTS=$((STARTS + 1))
	SOCK="rb-e2e-$$-$STARTS"
	RAW="$WORK/raw.$STARTS"
	: >"$RAW"
	tmux -L "$SOCK" -f /dev/null new-session -d -s rb -x 80 -y 24 \
		"sleep 0.5; cd '$WB' && env TERM=$term LANG=C.UTF-8 $* '$ROADBOOK'; echo \"EXIT=\$?\"; sleep 600"
	tmux -L "$SOCK" pipe-pane -t rb -o "cat >>'$RAW'"
}
# A left click at column, row (1-based, as the terminal counts): press, then release.
click() {
	tmux -L "$SOCK" send-keys -t rb -l $'\e[<0;'"$1;$2"'M'
	sleep 0.05
	tmux -L "$SOCK" send-keys -t rb -l $'\e[<0;'"$1;$2"'m'
	sleep 0.3
}
wheel() { # wheel up|down column row
	local b=64
	[ "$1" = down ] && b=65
	tmux -L "$SOCK" send-keys -t rb -l $'\e[<'"$b;$2;$3"'M'
	sleep 0.3
}
# Retries a command for up to 3 s: the screen follows a click after a redraw.
eventually() {
	local i
	for i in $(seq 1 30); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}
# The terminal row (1-based) of the first line showing text.
row_of() { screen | grep -n -m1 -F -- "$1" | cut -d: -f1; }
# xterm's mouse modes (1000, with 1006 for SGR reports) switched on, or on or off.
MOUSE_ON=$'\e\\[?[0-9;]*1000[0-9;]*h'
MOUSE_ANY=$'\e\\[?[0-9;]*1000[0-9;]*[hl]'
# "h" or "l": whether the last mouse mode sequence roadbook sent switched reporting on or off.
last_mouse_mode() { grep -ao "$MOUSE_ANY" "$RAW" | tail -1 | grep -o '.$'; }

mouse_start xterm-256color
expect_screen "Making a plan"
check "mouse reporting switched on" grep -qa "$MOUSE_ON" "$RAW"
# A click on the second module selects it; it does not open it.
click 10 "$(row_of "Making a plan")"
sleep 0.2
check "first click: still the modules" bash -c "tmux -L '$SOCK' capture-pane -p -t rb | grep -q 'Starter curriculum'"
keys Enter
expect_screen "A plan needs basics"
esc
expect_screen "Starter curriculum"
# A click on the selected module opens it.
click 10 "$(row_of "Making a plan")"
expect_screen "A plan needs basics"
# The wheel scrolls the lesson three lines, and back.
at_title() { screen | sed -n 2p | grep -q '^  Making a plan '; }
not_at_title() { ! at_title; }
check "lesson starts at its title" at_title
wheel down 10 10
check "wheel down scrolls" eventually not_at_title
wheel up 10 10
check "wheel up scrolls back" eventually at_title
# A click on the second exercise focuses it (▶), a second click opens it.
r=$(row_of "Exercise 2 of 5")
click 20 "$r"
row_marked() { screen | sed -n "${r}p" | grep -q '▶'; }
check "click focuses an exercise" eventually row_marked
click 20 "$r"
expect_screen "What could you invest this year?"
esc
keys Escape
sleep 0.3

# Module 1: the choice, multi and scale editors: a click selects an option, a second picks.
click 10 "$(row_of "First steps")"
click 10 "$(row_of "First steps")"
expect_screen "Every strategy starts"
keys Tab Tab Enter
expect_screen "What kind of manufacturer"
r=$(row_of "Aerospace")
click 20 "$r"
answer_is "$WB" fs-kind ""
click 20 "$r"
answer_is "$WB" fs-kind aero
esc
keys Tab Enter
expect_screen "Which technologies interest you?"
r=$(row_of "Machine vision")
click 20 "$r"
click 20 "$r"
answer_is "$WB" fs-tech vision
click 20 "$r"
answer_is "$WB" fs-tech ""
esc
keys BTab BTab Enter
expect_screen "How well do you use data today?"
r=$(row_of "In shared systems")
click 20 "$r"
click 20 "$r"
answer_is "$WB" fs-data-now 3
# The wheel moves the choice; Enter picks it.
wheel up 20 "$r"
keys Enter
answer_is "$WB" fs-data-now 2
esc
# In a text answer a click puts the cursor where it points.
keys BTab Enter
expect_screen "Why should your business change?"
type_text "Pies and cakes"
expect_screen "Pies and cakes" # drawn in full before its place is read (slow under ASan)
r=$(row_of "Pies and cakes")
c=$(screen | sed -n "${r}p" | awk '{ print index($0, "and") }')
click "$c" "$r"
type_text "tarts "
answer_is "$WB" fs-why "Pies tarts and cakes"
esc
# The help is scrolled by the wheel, not closed by it.
keys '?'
expect_screen "show or hide this list of keys"
wheel down 10 10
help_open() { screen | grep -q 'close help'; }
check "wheel scrolls the help, keeps it open" help_open
keys Escape
esc
keys q
expect_screen "EXIT=0"
check "mouse reporting switched off on leaving" test "$(last_mouse_mode)" = l

# A terminal without a mouse (vt100 has no kmous): no mouse reporting, keys as usual.
mouse_start vt100
expect_screen "Making a plan"
keys Down Enter
expect_screen "A plan needs basics"
esc
keys q
expect_screen "EXIT=0"
check "no mouse: never switched on" test -z "$(last_mouse_mode)"

# ui.mouse = false in the settings file: no mouse reporting, clicks do nothing.
mkdir -p "$XDG_CONFIG_HOME/roadbook"
printf '[ui]\n\tmouse = false\n' >"$XDG_CONFIG_HOME/roadbook/config"
mouse_start xterm-256color
expect_screen "Making a plan"
click 10 "$(row_of "Making a plan")"
click 10 "$(row_of "Making a plan")"
sleep 0.2
check "ui.mouse=false: clicks do nothing" bash -c "tmux -L '$SOCK' capture-pane -p -t rb | grep -q 'Starter curriculum'"
check "ui.mouse=false: never switched on" test -z "$(last_mouse_mode)"
keys q
expect_screen "EXIT=0"

finish
