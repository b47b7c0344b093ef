#!/usr/bin/env bash
# Facilitator review (issue 7), end to end on a path cohort: the full loop in tmux for both
# roles (submit with u, F5, the dashboard's S and its "waiting" filter, a multi-line comment
# and "request changes" from the review screen, the participant's "new" banner, feedback
# screen, reply and edited answer, the changed answer marked with "▌", approval delivered);
# escape sequences in answers, replies and comments neutralised on both sides (piped output
# and the screen, with tmux's clipboard listening for OSC 52); the facilitator and the
# participant changing things between the same two syncs, in both orders; a comment whose
# exercise is removed from the curriculum (detached, kept); a forged approval in review.conf
# and a forged facilitator branch (ignored, then overwritten); and the bad inputs.
. "$(dirname "$0")/lib.sh"

export GIT_CONFIG_NOSYSTEM=1
export HOME="$WORK/home"
export ROADBOOK_LESSONS="$SRC/lessons"
mkdir -p "$HOME"
G() { git -c safe.directory='*' "$@"; }
RB() { timeout 120 "$ROADBOOK" "$@"; }
C="$WORK/cohort"
F() { RB -C "$C" "$@"; }
fsck_ok() { # fsck_ok GITDIR_OR_WORKTREE
	G -C "$1" fsck --strict --no-progress >"$WORK/fsck.out" 2>&1 &&
		! grep -v '^notice: HEAD points to an unborn branch' "$WORK/fsck.out" | grep -q .
}
# clean FILE: no terminal control in the bytes: ESC, BEL, C1 CSI as a raw byte (0x9b outside
# a UTF-8 sequence) or as UTF-8 (c2 9b), nor any other C0/C1 control but newline and tab.
clean() {
	python3 - "$1" <<'EOF'
import sys
b = open(sys.argv[1], 'rb').read()
bad = [(i, hex(x)) for i, x in enumerate(b) if x in (0x1b, 0x07)]
if b.find(b'\xc2\x9b') >= 0:
    bad.append((b.find(b'\xc2\x9b'), 'c2 9b'))
s = b.decode('utf-8', 'surrogateescape')
bad += [(i, repr(c)) for i, c in enumerate(s)
        if (ord(c) < 0x20 and c not in '\n\t') or 0x7f <= ord(c) <= 0x9f or 0xdc80 <= ord(c) <= 0xdcff]
if bad:
    print('control bytes in %s: %s' % (sys.argv[1], bad[:8]), file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
}
not() { ! "$@" 2>/dev/null; }
blob_has() { # blob_has GITDIR REV:PATH PRINTF_FORMAT: the blob holds those bytes
	G --git-dir="$1" show "$2" | LC_ALL=C grep -qF -- "$(printf "$3")"
}
# The comment ids (or a field) of `feedback --json`, through python.
fbj() { # fbj WORKBOOK PYTHON_EXPR_ON_d
	RB -C "$1" feedback --json >"$WORK/fb.json" 2>"$WORK/fb.err" || return 1
	python3 -c "import json,sys; d=json.load(open('$WORK/fb.json')); r=($2); sys.exit(0 if r else 1)"
}
comment_of() { # comment_of WORKBOOK TEXT_START: the id of the comment whose text starts so
	RB -C "$1" feedback --json | python3 -c "
import json,sys
d=json.load(sys.stdin)
print(next(c['id'] for c in d['comments'] if c['text'].startswith(sys.argv[1])))" "$2"
}
state_of() { # state_of WORKBOOK MODULE_ID
	RB -C "$1" feedback --json | python3 -c "
import json,sys
print(next(m['state'] for m in json.load(sys.stdin)['modules'] if m['id']==sys.argv[1]))" "$2"
}
review_state() { # review_state PARTICIPANT MODULE_ID: from cohort status --json
	F cohort status --json | python3 -c "
import json,sys
p=next(p for p in json.load(sys.stdin)['participants'] if p['id']==sys.argv[1])
print(next(m['review'] for m in p['modules'] if m['id']==sys.argv[2]))" "$1" "$2"
}
# Waits up to 5 s for a screen line matching both a fixed string and an extended regex.
wait_row() { # wait_row FIXED REGEX
	local i
	for i in $(seq 1 50); do
		screen | grep -F -- "$1" | grep -qE -- "$2" && return 0
		sleep 0.1
	done
	echo "--- screen while waiting for a row '$1' matching /$2/:" >&2
	screen >&2
	return 1
}
# Waits up to 5 s for a text to leave the screen.
wait_gone() {
	local i
	for i in $(seq 1 50); do
		screen | grep -qF -- "$1" || return 0
		sleep 0.1
	done
	echo "--- screen still showing '$1':" >&2
	screen >&2
	return 1
}
# No tmux paste buffer: with set-clipboard on, an OSC 52 reaching tmux would make one.
no_clipboard() { [ -z "$(tmux -L "$SOCK" list-buffers 2>/dev/null)" ]; }

# the checker itself finds each kind of byte, and passes UTF-8 that merely contains 0x9b
printf 'a\033[2Jb\n' >"$WORK/t1"; printf 'a\233b\n' >"$WORK/t2"; printf 'a\302\233b\n' >"$WORK/t3"
printf 'a\007b\n' >"$WORK/t4"; printf 'quote \342\200\233 ok\n' >"$WORK/t5"
for f in t1 t2 t3 t4; do check "clean() finds the control in $f" not clean "$WORK/$f"; done
check "clean() passes U+201B" clean "$WORK/t5"

# ---- set-up: a cohort on a path, a participant per story ----
F cohort init "$C" --name "Review cohort" --start 2027-01-11 >/dev/null 2>&1
check "cohort init" test -f "$C/cohort.conf"
for p in sam:"Sam Taylor":"Taylor Foods" bob:"Bob Reid":"Reid Pumps" eve:"Eve Hart":"Hart Ltd" \
	fay:"Fay Lund":"Lund Bakery" dan:"Dan Obi":"Obi Castings" mal:"Mal Cross":"Cross Metals"; do
	IFS=: read -r id name company <<<"$p"
	F cohort add "$id" --name "$name" --company "$company" >/dev/null 2>&1
	RB join "$C/participants/$id.git" "$WORK/$id" >/dev/null 2>&1
	check "$id joins" test -f "$WORK/$id/.roadbook/state.db"
done
S="$WORK/sam"

# ==== 1. the full loop, both roles in tmux ====
RB -C "$S" answer why-context "We make ready meals for supermarkets." >/dev/null
RB -C "$S" answer why-pain-points "Scrap, late deliveries, overtime." >/dev/null
RB -C "$WORK/bob" answer why-context "Pumps." >/dev/null
RB -C "$WORK/bob" sync >/dev/null 2>&1
tui_start 100 30 "$S"
expect_screen "Sam Taylor · Taylor Foods"
expect_screen "Why digital, why now?"
keys u
expect_screen "Module 1 submitted for review"
check "participant: the module row says submitted" wait_row "Why digital, why now?" "submitted"
keys F5
expect_screen "Synced"
keys q
expect_screen "EXIT=0"
check "submit: review.conf on the cohort's main" \
	bash -c "git --git-dir='$C/participants/sam.git' show main:review.conf | grep -q 'target = why-digital'"

F cohort sync >"$WORK/out" 2>&1
check "cohort sync after the submission" test $? -eq 0
check "status --json: submitted" test "$(review_state sam why-digital)" = submitted
tui_start 100 30 "$C" -- -C "$C"
expect_screen "Review cohort"
expect_screen "1 waiting for your review"
check "dashboard: S for sam's module 1" wait_row "Sam Taylor (sam)" "  S ·"
check "dashboard: bob is listed" wait_row "Bob Reid (bob)" "\+ ·"
keys w
expect_screen "showing only those waiting"
check "w: sam still shown" wait_row "Sam Taylor (sam)" "S"
check "w: bob (nothing submitted) hidden" wait_gone "Bob Reid (bob)"
keys Enter
expect_screen "Sam Taylor, Taylor Foods"
expect_screen "Module 1 – Why digital, why now?: submitted"
for _ in 1 2 3 4 5 6 7 8; do
	screen | grep -qE '^▶.*\(why-context\)' && break
	keys Tab
	sleep 0.15
done
check "review: Tab reaches the answer" wait_row "(why-context)" "^▶"
keys c
expect_screen "Comment on \"What does your business make"
type_text "Good start on the context."
keys Enter
type_text "Which supermarkets, and what share?"
expect_screen "Which supermarkets, and what share?"
keys F10
expect_screen "Comment saved"
expect_screen "▸ Your comment c-"
check "review: the comment's two lines" wait_row "Good start on the context." "^▶ +Good"
keys x
expect_screen "Module 1 sent back: changes requested"
expect_screen "Module 1 – Why digital, why now?: changes requested"
esc
expect_screen "0 waiting for your review"
keys w
check "dashboard: ! for sam's module 1" wait_row "Sam Taylor (sam)" "  ! ·"
keys q
expect_screen "EXIT=0"
F cohort sync >"$WORK/out" 2>&1
check "cohort sync delivers the feedback" grep -q "sam: fetched; sent what changed" "$WORK/out"
check "feedback.conf on the facilitator branch" bash -c \
	"git --git-dir='$C/participants/sam.git' show facilitator:feedback.conf | grep -q 'changes-requested'"

tui_start 100 30 "$S"
expect_screen "Sam Taylor · Taylor Foods"
keys F5
expect_screen "Synced"
expect_screen "new from your facilitator: press f"
check "modules: changes requested and a new badge" wait_row "Why digital, why now?" "changes requested +● [0-9]+ new"
keys f
expect_screen "Module 1 – Why digital, why now?: changes requested"
expect_screen "▸ Facilitator,"
expect_screen "Good start on the context."
expect_screen "Which supermarkets, and what share?"
expect_screen "· NEW"
keys r
expect_screen "Reply to your facilitator's comment c-"
type_text "Tesco and Aldi, about 70%."
keys Enter
type_text "The rest is regional."
keys F10
expect_screen "Reply saved"
expect_screen "↳ You,"
expect_screen "The rest is regional."
esc
expect_screen "Leading Digital Transformation"
check "modules: the banner goes once read" wait_gone "new from your facilitator"
keys f
expect_screen "Good start on the context."
keys Enter
expect_screen "What does your business make, for whom"
expect_screen "▸ Facilitator,"
keys Enter
expect_screen "Why digital, why now? › why-context"
type_text " Mostly Tesco."
sleep 0.6
esc
keys F5
expect_screen "Synced"
check "F5 sent the edited answer" bash -c "git --git-dir='$C/participants/sam.git' show main:answers/01-why-digital.md | grep -q 'Mostly Tesco.'"
esc
keys q
expect_screen "EXIT=0"
check "the edited answer" test "$(RB -C "$S" answer why-context --get)" = "We make ready meals for supermarkets. Mostly Tesco."
CID=$(comment_of "$S" "Good start")
check "feedback --json: the comment id" test -n "$CID"
check "feedback --json: the comment's two lines" fbj "$S" \
	"[c for c in d['comments'] if c['text']=='Good start on the context.\nWhich supermarkets, and what share?']"
check "feedback --json: the reply, answer changed, not new" fbj "$S" "[c for c in d['comments'] if c['id']=='$CID' and c['replies'] and c['replies'][0]['text']=='Tesco and Aldi, about 70%.\nThe rest is regional.' and c['answer_changed'] and not c['new']]"

F cohort sync >/dev/null 2>&1
F review sam --print --width 200 >"$WORK/review.txt" 2>&1
check "review --print: exit 0" test $? -eq 0
check "review --print: ▌ on the changed answer" grep -qE '^▌ .*\(why-context\)' "$WORK/review.txt"
check "review --print: the added words" grep -qF '▌     We make ready meals for supermarkets.{+ Mostly Tesco.+}' "$WORK/review.txt"
check "review --print: unchanged answer not marked" bash -c "! grep -qE '^▌ .*\(why-pain-points\)' '$WORK/review.txt'"
check "review --print: the comment" grep -q "▸ Your comment $CID" "$WORK/review.txt"
check "review --print: answer changed since this comment" grep -q "$CID.*answer changed since this comment" "$WORK/review.txt"
check "review --print: the reply" grep -q "↳ Sam Taylor replied" "$WORK/review.txt"
check "review --print: the reply's text" grep -q "Tesco and Aldi, about 70%." "$WORK/review.txt"
check "review --print: piped output has no escapes" clean "$WORK/review.txt"
F approve sam 1 >"$WORK/out" 2>&1
check "approve: exit 0" test $? -eq 0
check "approve: says so" grep -q "Module 1 (Why digital, why now?) of sam: approved" "$WORK/out"
check "status --json: approved" test "$(review_state sam why-digital)" = approved
F cohort sync >/dev/null 2>&1
RB -C "$S" sync >/dev/null 2>&1
check "participant sync after the approval" test $? -eq 0
check "feedback --json: approved" test "$(state_of "$S" why-digital)" = approved
check "feedback --json: the decision has a time" fbj "$S" "[m for m in d['modules'] if m['id']=='why-digital' and m['decided'] and m['submitted']]"
check "sam's laptop: clean repository" fsck_ok "$S"
check "sam's cohort repository: clean" fsck_ok "$C/participants/sam.git"

# ==== 2. escape sequences: answers, replies, comments ====
E="$WORK/eve"
EVIL=$(printf 'Evil \033]52;c;aGFja2Vk\007 clear\033[2J raw\x9bX utf\xc2\x9bY bell\a end')
RB -C "$E" answer why-context "Eve's context." >/dev/null
RB -C "$E" submit 1 >/dev/null
RB -C "$E" sync >/dev/null 2>&1
F cohort sync >/dev/null 2>&1
F comment eve why-vision "$(printf 'Careful \033[2J\033]52;c;ZmFjaWw=\007 wiped? \xc2\x9b2J\a plain words')" >"$WORK/out" 2>&1
check "comment with escapes: saved" test $? -eq 0
F cohort sync >/dev/null 2>&1
RB -C "$E" sync >/dev/null 2>&1
ECID=$(comment_of "$E" "Careful")
check "participant: the facilitator's comment arrived" test -n "$ECID"
RB -C "$E" reply "$ECID" "$EVIL" >/dev/null 2>&1
check "reply with escapes: saved" test $? -eq 0
RB -C "$E" sync >/dev/null 2>&1
RB -C "$E" feedback >"$WORK/fb.txt" 2>&1
check "participant feedback: exit 0" test $? -eq 0
check "participant feedback: the comment's words" grep -q "plain words" "$WORK/fb.txt"
check "participant feedback: the reply's words" grep -q "bell.*end" "$WORK/fb.txt"
check "participant feedback: no escapes" clean "$WORK/fb.txt"
RB -C "$E" feedback --json >"$WORK/fb.json" 2>&1
check "participant feedback --json: valid" python3 -c "import json; json.load(open('$WORK/fb.json'))"
check "participant feedback --json: no escapes" clean "$WORK/fb.json"
# the participant's repository holds whatever they commit: escapes in an answers file, and a
# line that is not UTF-8 in another module's file
python3 - "$E/answers/01-why-digital.md" "$(ls "$E"/answers/02-*.md)" <<'EOF'
import sys
one, two = sys.argv[1], sys.argv[2]
s = open(one, 'rb').read()
m = b'<!-- roadbook:exercise why-vision -->\n\n_Not answered yet._'
assert m in s, 'why-vision block'
evil = b'Vision \x1b]52;c;aGFja2Vk\x07 clear\x1b[2J utf\xc2\x9bY bell\x07 end'
open(one, 'wb').write(s.replace(m, m.split(b'\n')[0] + b'\n\n' + evil))
open(two, 'ab').write(b'\nraw \x9b[2J byte\n')
EOF
G -C "$E" -c user.name=Eve -c user.email=eve@example.org commit -qam "Escapes" &&
	G -C "$E" push -q origin main
check "escapes pushed with git" test $? -eq 0
F cohort sync >/dev/null 2>&1
EM="$C/.roadbook/mirror/eve.git"
check "the escapes reached the facilitator's mirror (answer)" \
	blob_has "$EM" refs/remotes/origin/main:answers/01-why-digital.md '\033]52;c;'
check "the escapes reached the facilitator's mirror (reply, raw 0x9b)" \
	blob_has "$EM" refs/remotes/origin/main:review.conf 'raw\233X'
check "the escapes reached the participant (comment)" \
	blob_has "$C/participants/eve.git" facilitator:feedback.conf 'Careful \033[2J'
F review eve --print >"$WORK/review.txt" 2>&1
check "review --print (escapes): exit 0" test $? -eq 0
check "review --print (escapes): the answer's words" grep -q "Vision.*clear.*bell end" "$WORK/review.txt"
check "review --print (escapes): the reply's words" grep -q "Evil.*clear.*bell end" "$WORK/review.txt"
check "review --print (escapes): the comment's words" grep -q "plain words" "$WORK/review.txt"
check "review --print (escapes): the unreadable file named" grep -q "answers/02-.*not UTF-8" "$WORK/review.txt"
check "review --print (escapes): no escapes" clean "$WORK/review.txt"
F review eve --print --strategy >"$WORK/strategy.txt" 2>&1
check "review --print --strategy: exit 0" test $? -eq 0
check "review --print --strategy (escapes): no escapes" clean "$WORK/strategy.txt"
F cohort status >"$WORK/status.txt" 2>&1
check "cohort status (escapes): no escapes" clean "$WORK/status.txt"
# on screen: the facilitator's review, tmux listening for OSC 52
tui_start 100 40 "$C" -- -C "$C" review eve
tmux -L "$SOCK" set-option -g set-clipboard on
expect_screen "Eve Hart, Hart Ltd"
resize 101 40
expect_screen "Evil"
expect_screen "plain words"
check "review screen: the header line not cleared" wait_row "Eve Hart, Hart Ltd" "^ +Eve Hart"
check "review screen: the answer shown" wait_row "Vision" "bell end"
check "review screen: no OSC 52 reached the terminal" no_clipboard
esc
expect_screen "EXIT=0"
# on screen: the participant's feedback and lesson
tui_start 100 30 "$E"
tmux -L "$SOCK" set-option -g set-clipboard on
expect_screen "Eve Hart · Hart Ltd"
keys f
expect_screen "plain words"
check "participant screen: the header line not cleared" wait_row "Eve Hart · Hart Ltd" "^ roadbook"
check "participant screen: the comment neutralised" wait_row "Careful" "wiped\? .*plain words"
keys Enter
expect_screen "What is your first vision sentence"
expect_screen "plain words"
resize 101 30
expect_screen "Evil"
check "lesson: the header line not cleared" wait_row "Eve Hart · Hart Ltd" "^ roadbook"
check "participant: no OSC 52 reached the terminal" no_clipboard
esc
keys q
expect_screen "EXIT=0"

# ==== 3. both sides change things between the same two syncs, in both orders ====
P="$WORK/fay"
RB -C "$P" answer why-context "Fay v1." >/dev/null
RB -C "$P" submit 1 >/dev/null
RB -C "$P" sync >/dev/null 2>&1
F cohort sync >/dev/null 2>&1
F comment fay why-context "First comment." >/dev/null
F cohort sync >/dev/null 2>&1
RB -C "$P" sync >/dev/null 2>&1
C1=$(comment_of "$P" "First comment.")
check "fay: first comment arrived" test -n "$C1"
# round 1: the participant syncs first
F comment fay why-pain-points "Second comment." >/dev/null
F request-changes fay 1 >/dev/null
RB -C "$P" answer why-context "Fay v2." >/dev/null
RB -C "$P" reply "$C1" "Reply one." >/dev/null
RB -C "$P" sync >/dev/null 2>&1
check "round 1: participant sync" test $? -eq 0
F cohort sync >/dev/null 2>&1
check "round 1: cohort sync" test $? -eq 0
RB -C "$P" sync >/dev/null 2>&1
C2=$(comment_of "$P" "Second comment.")
check "round 1: second comment arrived" test -n "$C2"
# round 2: the facilitator syncs first
F comment fay why-vision "Third comment." >/dev/null
RB -C "$P" answer why-pain-points "Fay pains." >/dev/null
RB -C "$P" reply "$C2" "Reply two." >/dev/null
RB -C "$P" resolve "$C1" >/dev/null
F cohort sync >/dev/null 2>&1
check "round 2: cohort sync" test $? -eq 0
RB -C "$P" sync >/dev/null 2>&1
check "round 2: participant sync" test $? -eq 0
F cohort sync >/dev/null 2>&1
check "both orders: every comment on the participant's side" fbj "$P" \
	"sorted(c['text'] for c in d['comments'])==['First comment.','Second comment.','Third comment.']"
check "both orders: replies kept" fbj "$P" "{c['id']:[r['text'] for r in c['replies']] for c in d['comments']}=={'$C1':['Reply one.'],'$C2':['Reply two.'],[c['id'] for c in d['comments'] if c['text']=='Third comment.'][0]:[]}"
check "both orders: resolved kept" fbj "$P" "[c for c in d['comments'] if c['id']=='$C1' and c['resolved'] and c['answer_changed']]"
check "both orders: the decision kept" test "$(state_of "$P" why-digital)" = changes-requested
check "both orders: the answers kept" test "$(RB -C "$P" answer why-context --get)/$(RB -C "$P" answer why-pain-points --get)" = "Fay v2./Fay pains."
F review fay --print --width 200 >"$WORK/review.txt" 2>&1
for want in "Fay [-v1-]{+v2+}." "{+Fay pains.+}" "Reply one." "Reply two." "First comment." "Second comment." \
	"Third comment." "Module 1 – Why digital, why now?: changes requested"; do
	check "both orders: facilitator sees '$want'" grep -qF -- "$want" "$WORK/review.txt"
done
check "both orders: facilitator sees the resolution" grep -q "$C1.*marked resolved" "$WORK/review.txt"
check "both orders: three comments delivered" test "$(git --git-dir="$C/participants/fay.git" show facilitator:feedback.conf | grep -c '^\[comment ')" -eq 3
check "both orders: participant repository clean" fsck_ok "$P"
check "both orders: cohort repository clean" fsck_ok "$C/participants/fay.git"
check "both orders: facilitator's mirror clean" fsck_ok "$C/.roadbook/mirror/fay.git"

# ==== 4. a comment on an exercise removed from the curriculum ====
D="$WORK/dan"
RB -C "$D" answer why-standstill "We would be squeezed out." >/dev/null
RB -C "$D" answer why-context "Castings." >/dev/null
RB -C "$D" submit 1 >/dev/null
RB -C "$D" sync >/dev/null 2>&1
F cohort sync >/dev/null 2>&1
F comment dan why-standstill "Say by how much." >"$WORK/out" 2>&1
DCID=$(grep -o 'c-[0-9a-f]\{16\}' "$WORK/out")
check "comment: prints its id" test -n "$DCID"
F cohort sync >/dev/null 2>&1
RB -C "$D" sync >/dev/null 2>&1
check "before the removal: attached" fbj "$D" "[c for c in d['comments'] if c['id']=='$DCID' and not c['detached'] and c['module']=='why-digital']"
python3 - "$C/lessons/01-why-digital.md" <<'EOF'
import sys
p = sys.argv[1]; s = open(p).read()
i = s.index('```roadbook exercise\nid: why-standstill')
j = s.index('```\n', s.index('\n', i) + 1)
open(p, 'w').write(s[:i] + s[j + 4:])
EOF
RB lint "$C/lessons" >"$WORK/out" 2>&1
check "the curriculum without why-standstill lints" test $? -eq 0
F cohort sync >"$WORK/out" 2>&1
check "cohort sync sends the curriculum" grep -q "dan: fetched; sent what changed" "$WORK/out"
F review dan --print --width 200 >"$WORK/review.txt" 2>&1
check "review --print: a Detached comments section" grep -q "^  Detached comments" "$WORK/review.txt"
check "review --print: the comment listed under it" bash -c "sed -n '/^  Detached comments/,\$p' '$WORK/review.txt' | grep -q '$DCID'"
check "review --print: its text kept" bash -c "sed -n '/^  Detached comments/,\$p' '$WORK/review.txt' | grep -q 'Say by how much.'"
check "review --print: the exercise named" bash -c "sed -n '/^  Detached comments/,\$p' '$WORK/review.txt' | grep -q 'why-standstill (detached)'"
RB -C "$D" sync >/dev/null 2>&1
check "participant sync after the removal" test $? -eq 0
check "feedback --json: detached, text kept" fbj "$D" "[c for c in d['comments'] if c['id']=='$DCID' and c['detached'] and c['text']=='Say by how much.' and c['module'] is None]"
RB -C "$D" feedback >"$WORK/fb.txt" 2>&1
check "feedback: exit 0 with a detached comment" test $? -eq 0
check "feedback: lists the detached comment" grep -q "Detached.*why-standstill" "$WORK/fb.txt"
check "the removed exercise's answer archived" grep -q "why-standstill" "$D/answers/archived.md"

# ==== 5. a forged approval, in review.conf and on the facilitator branch ====
M="$WORK/mal"
RB -C "$M" answer why-context "Sheet metal." >/dev/null
RB -C "$M" submit 1 >/dev/null
RB -C "$M" sync >/dev/null 2>&1
F cohort sync >/dev/null 2>&1
F request-changes mal why-digital >/dev/null 2>&1
check "request-changes: exit 0" test $? -eq 0
F cohort sync >/dev/null 2>&1
RB -C "$M" sync >/dev/null 2>&1
check "mal: changes requested before the forgery" test "$(state_of "$M" why-digital)" = changes-requested
# review.conf: an approval written by the participant
G config -f "$M/review.conf" 'state.state/why-digital.target' why-digital
G config -f "$M/review.conf" 'state.state/why-digital.text' approved
G config -f "$M/review.conf" 'state.state/why-digital.at' 2026-01-01T00:00:00.000Z
G config -f "$M/review.conf" 'comment.c-fedcba9876543210.target' why-context
G config -f "$M/review.conf" 'comment.c-fedcba9876543210.text' "Forged comment from the facilitator."
G config -f "$M/review.conf" 'comment.c-fedcba9876543210.at' 2026-01-01T00:00:00.000Z
check "forged review.conf written" grep -q 'state "state/why-digital"' "$M/review.conf"
G -C "$M" -c user.name=Mal -c user.email=mal@example.org commit -qam "Approved myself" &&
	G -C "$M" push -q origin main
check "forged review.conf pushed" test $? -eq 0
# the facilitator branch: a commit of their own with an approval, force-pushed
cat >"$WORK/fake-feedback.conf" <<'EOF'
[state "state/why-digital"]
	target = why-digital
	text = approved
	at = 2026-01-01T00:00:00.000Z
[comment "c-0123456789abcdef"]
	target = why-context
	text = Perfect, nothing to change.
	at = 2026-01-01T00:00:00.000Z
EOF
export GIT_INDEX_FILE="$WORK/fake.index"
G -C "$M" read-tree origin/facilitator
blob=$(G -C "$M" hash-object -w "$WORK/fake-feedback.conf")
G -C "$M" update-index --add --cacheinfo "100644,$blob,feedback.conf"
tree=$(G -C "$M" write-tree)
unset GIT_INDEX_FILE
fake=$(G -C "$M" -c user.name=Mal -c user.email=mal@example.org commit-tree "$tree" -m "Approved by the facilitator")
G -C "$M" push -q -f origin "$fake:refs/heads/facilitator"
check "forged facilitator branch force-pushed" test "$(G --git-dir="$C/participants/mal.git" rev-parse facilitator)" = "$fake"
F cohort sync >"$WORK/out" 2>&1
check "cohort sync with the forgeries" test $? -eq 0
check "status --json: still changes requested" test "$(review_state mal why-digital)" = changes-requested
F review mal --print --width 200 >"$WORK/review.txt" 2>&1
check "review --print: still changes requested" grep -q "Module 1 – Why digital, why now?: changes requested" "$WORK/review.txt"
check "review --print: the forged comments not the facilitator's" bash -c "! grep -q 'Perfect, nothing to change\|Forged comment' '$WORK/review.txt'"
tui_start 100 30 "$C" -- -C "$C"
expect_screen "Review cohort"
check "dashboard: ! for mal's module 1" wait_row "Mal Cross (mal)" "  ! ·"
keys q
expect_screen "EXIT=0"
check "the delivery overwrote the forged branch" bash -c "git --git-dir='$C/participants/mal.git' show facilitator:feedback.conf | grep -q 'changes-requested'"
check "no forged approval left on the branch" bash -c "! git --git-dir='$C/participants/mal.git' show facilitator:feedback.conf | grep -q 'approved\|Perfect'"
RB -C "$M" sync >/dev/null 2>&1
check "mal syncs" test $? -eq 0
check "mal: the facilitator's real state" test "$(state_of "$M" why-digital)" = changes-requested
check "mal: the forged comment gone" fbj "$M" "not [c for c in d['comments'] if 'Perfect' in c['text']]"
check "mal's cohort repository clean (the forced push left a dangling commit)" \
	G --git-dir="$C/participants/mal.git" fsck --strict --no-dangling --no-progress

# decisions on the same module for different participants are independent
check "sam's approval kept after decisions for fay and mal" test "$(review_state sam why-digital)" = approved
check "fay's request kept after the decision for mal" test "$(review_state fay why-digital)" = changes-requested
F review sam --print --width 200 >"$WORK/review.txt" 2>&1
check "review --print: sam's module 1 still approved" grep -q "Module 1 – Why digital, why now?: approved" "$WORK/review.txt"
F cohort sync >/dev/null 2>&1
RB -C "$S" sync >/dev/null 2>&1
check "sam: still approved after the next delivery" test "$(state_of "$S" why-digital)" = approved

# ==== 6. bad input ====
F comment nobody why-context "Hello." >/dev/null 2>"$WORK/err"
check "comment on an unknown participant: exit 3" test $? -eq 3
check "comment on an unknown participant: explained" grep -q "no participant 'nobody'" "$WORK/err"
F comment sam no-such-exercise "Hello." >/dev/null 2>"$WORK/err"
check "comment on an unknown target: exit 3" test $? -eq 3
check "comment on an unknown target: explained" grep -q "'no-such-exercise' is neither an exercise nor a section" "$WORK/err"
F comment sam section:no-such-section "Hello." >/dev/null 2>"$WORK/err"
check "comment on an unknown section: exit 3" test $? -eq 3
F comment sam why-context "" >/dev/null 2>"$WORK/err"; rc=$?
check "empty comment: exit 2 or 1" test $rc -eq 2 -o $rc -eq 1
check "empty comment: explained" grep -q "The comment is empty" "$WORK/err"
printf '  \n\n' | F comment sam why-context >/dev/null 2>"$WORK/err"; rc=$?
check "blank comment on stdin: exit 2 or 1" test $rc -eq 2 -o $rc -eq 1
check "blank comment on stdin: explained" grep -q "The comment is empty" "$WORK/err"
F approve sam no-such-module >/dev/null 2>"$WORK/err"
check "approve an unknown module: exit 3" test $? -eq 3
check "approve an unknown module: explained" grep -q "no module 'no-such-module'" "$WORK/err"
F approve sam 99 >/dev/null 2>&1
check "approve module 99: exit 3" test $? -eq 3
F approve nobody 1 >/dev/null 2>&1
check "approve for an unknown participant: exit 3" test $? -eq 3
F review nobody --print >/dev/null 2>&1
check "review of an unknown participant: exit 3" test $? -eq 3
RB -C "$S" submit 3 >/dev/null 2>"$WORK/err"
check "submit a module with no answers: exit 1" test $? -eq 1
check "submit a module with no answers: answer first" grep -q "Answer its exercises first" "$WORK/err"
RB -C "$S" submit no-such-module >/dev/null 2>&1
check "submit an unknown module: exit 3" test $? -eq 3
RB -C "$S" reply c-0000000000000000 "Hello." >/dev/null 2>"$WORK/err"
check "reply to an unknown comment: exit 3" test $? -eq 3
check "reply to an unknown comment: explained" grep -q "There is no comment from your facilitator called 'c-0000000000000000'" "$WORK/err"
RB -C "$S" reply "$CID" "" >/dev/null 2>"$WORK/err"
check "empty reply: exit 1" test $? -eq 1
check "empty reply: explained" grep -q "The reply is empty" "$WORK/err"
RB -C "$S" resolve c-0000000000000000 >/dev/null 2>&1
check "resolve an unknown comment: exit 3" test $? -eq 3
check "nothing came of the bad input" test "$(F review sam --print --width 200 | grep -c '▸ Your comment')" -eq 1
# a comment on a module the participant has not submitted: their feedback still reads
F comment bob why-context "Not submitted, but worth a look." >/dev/null
F cohort sync >/dev/null 2>&1
RB -C "$WORK/bob" sync >/dev/null 2>&1
RB -C "$WORK/bob" feedback >"$WORK/fb.txt" 2>&1; rc=$?
check "feedback: a comment on a module never submitted (exit 0)" test $rc -eq 0
check "feedback: that comment listed" grep -q "Not submitted, but worth a look." "$WORK/fb.txt"

finish
