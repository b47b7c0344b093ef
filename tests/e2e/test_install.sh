#!/usr/bin/env bash
# Installing: cmake --install into a staging folder (another --prefix, and DESTDIR), then the
# staged binary run from elsewhere, with the source tree out of the way, finds its lessons and
# demo; the man page renders without warnings and names every command, exit code and
# environment variable; the bash completion loads (also through bash-completion's loader from
# the staged tree) and completes commands, options, cohort subcommands and ids from the
# workbook named by -C; the zsh completion parses; cpack builds a .deb that installs with dpkg,
# runs from /usr/bin and removes cleanly (as root, and only when no roadbook package is already
# installed).
. "$(dirname "$0")/lib.sh"

BUILD=$(dirname "$ROADBOOK")
STAGE="$WORK/stage"
INSTALLED_DEB=0
cleanup_install() {
	if [ "$INSTALLED_DEB" = 1 ]; then
		dpkg -r roadbook >/dev/null 2>&1
	fi
	cleanup
}
trap cleanup_install EXIT

sanitized=0
grep -q '^ROADBOOK_SANITIZE:BOOL=ON' "$BUILD/CMakeCache.txt" 2>/dev/null && sanitized=1

# ---- cmake --install into a staging folder ----
if ! cmake --install "$BUILD" --prefix "$STAGE" >"$WORK/install.log" 2>&1; then
	cat "$WORK/install.log" >&2
	fail "cmake --install $BUILD --prefix $STAGE"
	finish
	exit 1
fi
for f in bin/roadbook share/roadbook/lessons/curriculum.md share/roadbook/demo/morgan-fine-foods.json \
	share/man/man1/roadbook.1 share/bash-completion/completions/roadbook \
	share/zsh/vendor-completions/_roadbook; do
	check "installed: $f" test -s "$STAGE/$f"
done
check "installed: nothing but bin and share" test "$(ls "$STAGE" | tr '\n' ' ')" = "bin share "

# The staged binary, run from / with no ROADBOOK_LESSONS: it uses the lessons beside it.
SB="$STAGE/bin/roadbook"
staged() { (cd / && env -u ROADBOOK_LESSONS "$@"); }
staged "$SB" lint >"$WORK/lint.out" 2>&1; rc=$?
check "staged lint: exit 0" test $rc -eq 0
check "staged lint: the staged lessons" grep -q "^$STAGE/bin/../share/roadbook/lessons: 12 modules" "$WORK/lint.out"
staged "$SB" init "$WORK/wb" --name "Sam Taylor" --company "Taylor Foods" >"$WORK/init.out" 2>&1; rc=$?
check "staged init: exit 0" test $rc -eq 0
check "staged init: the bundled curriculum" grep -q "12 modules" "$WORK/init.out"
staged "$SB" demo "$WORK/demo" >"$WORK/demo.out" 2>&1; rc=$?
check "staged demo: exit 0" test $rc -eq 0
check "staged demo: every exercise answered" grep -q "(99 of 99 exercises)" "$WORK/demo.out"
check "staged demo: strategy" bash -c "cd / && '$SB' -C '$WORK/demo' strategy | grep -q 'Morgan Fine Foods'"

# Moved elsewhere after installing, and installed with DESTDIR: the same.
mv "$STAGE" "$WORK/moved"
staged "$WORK/moved/bin/roadbook" lint >"$WORK/lint.out" 2>&1; rc=$?
check "moved install: lint finds its lessons" grep -q "^$WORK/moved/bin/../share/roadbook/lessons: 12 modules" "$WORK/lint.out"
mv "$WORK/moved" "$STAGE"
if DESTDIR="$WORK/dest" cmake --install "$BUILD" --prefix /opt/roadbook >/dev/null 2>&1; then
	staged "$WORK/dest/opt/roadbook/bin/roadbook" demo "$WORK/demo2" >/dev/null 2>&1; rc=$?
	check "DESTDIR install: demo works" test $rc -eq 0
	staged "$WORK/dest/opt/roadbook/bin/roadbook" lint >"$WORK/lint.out" 2>&1
	check "DESTDIR install: lint finds its lessons" grep -q "^$WORK/dest/opt/roadbook/bin/../share/roadbook/lessons: 12" "$WORK/lint.out"
else
	fail "DESTDIR=... cmake --install"
fi

# ---- the man page ----
MAN="$STAGE/share/man/man1/roadbook.1"
if command -v man >/dev/null && command -v groff >/dev/null; then
	MANWIDTH=80 man -l "$MAN" >"$WORK/man80.txt" 2>"$WORK/man.err"; rc=$?
	check "man renders: exit 0" test $rc -eq 0
	check "man renders: no messages" test ! -s "$WORK/man.err"
	check "man renders at 80 columns" bash -c "! awk 'length > 80' '$WORK/man80.txt' | grep -q ."
	MANWIDTH=80 man --warnings -l "$MAN" >/dev/null 2>"$WORK/man.err"
	check "man --warnings: none" test ! -s "$WORK/man.err"
	[ -s "$WORK/man.err" ] && head -5 "$WORK/man.err" >&2
	groff -ww -z -man "$MAN" 2>"$WORK/groff.err"
	check "groff -ww: no warnings" test ! -s "$WORK/groff.err"
	[ -s "$WORK/groff.err" ] && head -5 "$WORK/groff.err" >&2
	check "man page is ASCII (no preconv needed)" bash -c "! LC_ALL=C grep -q '[^ -~	]' '$MAN'"
	check "man page: whatis line" bash -c "lexgrog '$MAN' | grep -q 'roadbook - '"
	# The text with words rejoined, for the checks of what it names.
	MANWIDTH=250 man -l "$MAN" 2>/dev/null | tr -s ' \n' '  ' >"$WORK/man.txt"
	for sect in NAME SYNOPSIS DESCRIPTION OPTIONS COMMANDS KEYS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do
		check "man: section $sect" grep -q "^$sect" "$WORK/man80.txt"
	done
	mapfile -t CMDS < <("$ROADBOOK" --help | sed -n '/^commands:/,/^$/p' | grep -oE '^  [a-z][a-z-]+' | tr -d ' ')
	check "man: --help gave the commands" test "${#CMDS[@]}" -ge 20
	for c in "${CMDS[@]}"; do
		check "man: names 'roadbook $c'" grep -q "roadbook $c" "$WORK/man.txt"
		# and each of its options (from its usage line)
		for o in $("$ROADBOOK" "$c" --help | head -1 | grep -oE -- '(^| |\[|\|)--?[a-z][a-z-]*' | grep -oE -- '--?[a-z-]+' | sort -u); do
			check "man: $c $o" grep -q -- "$o" "$WORK/man.txt"
		done
	done
	for s in init add sync status attend report publish; do
		check "man: names 'roadbook cohort $s'" grep -q "roadbook cohort $s" "$WORK/man.txt"
	done
	for o in -C --plain --help --version; do
		check "man: global option $o" grep -q -- "$o" "$WORK/man.txt"
	done
	for code in 0 1 2 3 4 5 6; do
		check "man: exit status $code" bash -c "sed -n '/^EXIT STATUS/,/^ENVIRONMENT/p' '$WORK/man80.txt' | grep -qE '^ +$code +[A-Z]'"
	done
	# Every environment variable roadbook reads (but the benchmark hook) is described.
	for v in $(grep -ohE 'getenv\("[A-Z_]+"\)' "$SRC"/cli/*.c "$SRC"/tui/*.c "$SRC"/app/*.c "$SRC"/store/*.c "$SRC"/content/*.c |
		grep -oE '[A-Z_]{2,}' | sort -u | grep -v '^ROADBOOK_BENCH'); do
		check "man: environment $v" grep -q "$v" "$WORK/man.txt"
	done
	for k in F1 F2 F3 F4 F5 Ctrl-C Ctrl-S Ctrl-E Ctrl-Z PgUp/PgDn Shift-Tab; do
		check "man: key $k" grep -q -- "$k" "$WORK/man.txt"
	done
	check "man: the settings file" grep -q 'roadbook/config' "$WORK/man.txt"
else
	echo "SKIP: man or groff is not installed (apt-get install man-db groff-base)" >&2
fi

# ---- bash completion ----
COMP="$STAGE/share/bash-completion/completions/roadbook"
# complete WORDS...: the candidates, one per line, for the last word (roadbook = the staged one)
complete_words() {
	bash --norc -c '
		source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
		_roadbook
		printf "%s\n" "${COMPREPLY[@]}"' _ "$COMP" "$@" 2>"$WORK/comp.err"
}
has() { # has DESCRIPTION WORD -- WORDS...: WORD is among the candidates
	local what=$1 want=$2; shift 3
	if complete_words "$@" | grep -qxF -- "$want"; then ok; else
		fail "completion $what: '$want' not offered for [$*]"
	fi
}
check "bash completion: loads" bash --norc -c "source '$COMP' && complete -p roadbook | grep -q _roadbook"
mapfile -t CMDS < <("$ROADBOOK" --help | sed -n '/^commands:/,/^$/p' | grep -oE '^  [a-z][a-z-]+' | tr -d ' ')
for c in "${CMDS[@]}"; do
	has "of commands" "$c" -- "$SB" ""
	for o in $("$ROADBOOK" "$c" --help | head -1 | grep -oE -- '(^| |\[|\|)--?[a-z][a-z-]*' | grep -oE -- '--?[a-z-]+' | sort -u); do
		[ "$o" = -C ] && continue
		has "of $c's options" "$o" -- "$SB" "$c" -
	done
done
for s in init add sync status attend report publish; do
	has "of cohort subcommands" "$s" -- "$SB" cohort ""
	for o in $("$ROADBOOK" cohort "$s" --help | head -1 | sed 's/.*cohort '"$s"'//' | grep -oE -- '(^| |\[|\|)--?[a-z][a-z-]*' | grep -oE -- '--?[a-z-]+' | sort -u); do
		[ "$o" = -C ] && continue
		has "of cohort $s's options" "$o" -- "$SB" cohort "$s" -
	done
done
has "of a prefix" status -- "$SB" sta
check "completion of a prefix: only matches" test "$(complete_words "$SB" sta | tr '\n' ' ')" = "status "
has "of global options" --version -- "$SB" --
has "of -C's folder" "$WORK/wb" -- "$SB" -C "$WORK/w"
has "of strategy --format" html -- "$SB" strategy --format ""
has "of cohort report --format" csv -- "$SB" cohort report --format ""
# Ids from the workbook named by -C (both spellings), and from the current folder.
staged "$SB" -C "$WORK/demo" exercises --ids >"$WORK/ids"
check "exercises --ids (staged): 99 ids" test "$(wc -l <"$WORK/ids")" -eq 99
complete_words "$SB" -C "$WORK/demo" answer "" >"$WORK/cands"
check "completion of answer: every exercise id" diff -q "$WORK/ids" "$WORK/cands"
check "completion of answer: no error output" test ! -s "$WORK/comp.err"
check "completion of answer ID prefix" test "$(complete_words "$SB" "-C$WORK/demo" answer why-urg | tr '\n' ' ')" = "why-urgency "
has "of choose's exercise" why-vision -- "$SB" -C "$WORK/demo" choose why-v
has "of choose's side" --theirs -- "$SB" -C "$WORK/demo" choose why-vision --t
check "completion of answer from the current folder" \
	bash -c "cd '$WORK/demo' && source '$COMP' && COMP_WORDS=('$SB' answer tech-fir) COMP_CWORD=2 && _roadbook && test \"\${COMPREPLY[*]}\" = tech-first"
has "of submit's module" where-now -- "$SB" -C "$WORK/demo" submit wh
check "completion outside a workbook: nothing, quietly" \
	bash -c "cd / && source '$COMP' && COMP_WORDS=('$SB' answer '') COMP_CWORD=2 && _roadbook 2>&1 | grep -c . | grep -qx 0 && test \${#COMPREPLY[@]} -eq 0"
# Participant ids from the cohort named by -C.
staged "$SB" cohort init "$WORK/cohort" --name "Test cohort" >/dev/null 2>&1
staged "$SB" -C "$WORK/cohort" cohort add sam-taylor --name "Sam Taylor" --company "Taylor Foods" >/dev/null 2>&1
for c in review comment approve request-changes; do
	has "of $c's participant" sam-taylor -- "$SB" -C "$WORK/cohort" "$c" ""
done
has "of cohort attend's participant" sam-taylor -- "$SB" -C "$WORK/cohort" cohort attend 01 s
# Through bash-completion's own loader, from the staged share (found through XDG_DATA_DIRS, as
# /usr/share and /usr/local/share are by default).
if [ -r /usr/share/bash-completion/bash_completion ]; then
	check "bash-completion loads it from the staged share" bash --norc -c "
		source /usr/share/bash-completion/bash_completion
		XDG_DATA_DIRS='$STAGE/share'
		__load_completion roadbook && complete -p roadbook | grep -q _roadbook"
else
	echo "SKIP: bash-completion is not installed (apt-get install bash-completion)" >&2
fi

# ---- zsh completion ----
if command -v zsh >/dev/null; then
	check "zsh completion parses" zsh -n "$STAGE/share/zsh/vendor-completions/_roadbook"
	check "zsh completion: first line #compdef roadbook" test "$(head -1 "$STAGE/share/zsh/vendor-completions/_roadbook")" = "#compdef roadbook"
else
	echo "SKIP: zsh is not installed; the zsh completion was not parsed" >&2
fi

# ---- the Debian package ----
if [ "$sanitized" = 1 ]; then
	echo "SKIP: the Debian package is not built from a sanitizer build" >&2
elif ! command -v cpack >/dev/null || ! command -v dpkg-deb >/dev/null; then
	echo "SKIP: cpack or dpkg-deb is missing" >&2
else
	mkdir "$WORK/pkg"
	(cd "$WORK/pkg" && cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$WORK/pkg") >"$WORK/cpack.log" 2>&1; rc=$?
	DEB=$(ls "$WORK"/pkg/roadbook_*.deb 2>/dev/null | head -1)
	check "cpack -G DEB: exit 0" test $rc -eq 0
	check "cpack -G DEB: a .deb" test -s "$DEB"
	[ -s "$DEB" ] || tail -20 "$WORK/cpack.log" >&2
	if [ -s "$DEB" ]; then
		dpkg-deb -I "$DEB" >"$WORK/deb.info"
		for d in libncursesw6 libsqlite3-0 libgit2-1.5 libcmark0.30.2; do
			check "deb depends on $d" grep -q "^ Depends:.*$d" "$WORK/deb.info"
		done
		check "deb: section, maintainer, description" \
			bash -c "grep -q '^ Section: education' '$WORK/deb.info' && grep -q '^ Maintainer: .' '$WORK/deb.info' && grep -q '^ Description: .' '$WORK/deb.info'"
		dpkg-deb -c "$DEB" >"$WORK/deb.list"
		for f in usr/bin/roadbook usr/share/man/man1/roadbook.1 usr/share/roadbook/lessons/curriculum.md \
			usr/share/roadbook/demo/morgan-fine-foods.json usr/share/bash-completion/completions/roadbook \
			usr/share/zsh/vendor-completions/_roadbook; do
			check "deb holds /$f" grep -q " \./$f\$" "$WORK/deb.list"
		done
		if [ "$(id -u)" -ne 0 ]; then
			echo "SKIP: not root, so the .deb is not installed with dpkg -i" >&2
		elif dpkg -s roadbook >/dev/null 2>&1; then
			echo "SKIP: a roadbook package is already installed; it is left alone (no dpkg -i)" >&2
		else
			dpkg -i "$DEB" >"$WORK/dpkg.log" 2>&1; rc=$?
			[ $rc -eq 0 ] && INSTALLED_DEB=1
			check "dpkg -i: exit 0" test $rc -eq 0
			[ $rc -eq 0 ] || tail -20 "$WORK/dpkg.log" >&2
			check "/usr/bin/roadbook --version" bash -c "/usr/bin/roadbook --version | grep -q '^roadbook [0-9]'"
			(cd / && env -u ROADBOOK_LESSONS /usr/bin/roadbook demo "$WORK/deb-demo") >"$WORK/deb-demo.out" 2>&1; rc=$?
			check "/usr/bin/roadbook demo: exit 0" test $rc -eq 0
			check "/usr/bin/roadbook demo: every exercise" grep -q "(99 of 99 exercises)" "$WORK/deb-demo.out"
			check "/usr/bin/roadbook lint: the packaged lessons" \
				bash -c "cd / && env -u ROADBOOK_LESSONS /usr/bin/roadbook lint 2>&1 | grep -q '^/usr/bin/../share/roadbook/lessons: 12 modules'"
			check "man finds the packaged page" bash -c "man -w roadbook | grep -q '^/usr/share/man/man1/roadbook.1'"
			dpkg -r roadbook >"$WORK/dpkg.log" 2>&1; rc=$?
			check "dpkg -r: exit 0" test $rc -eq 0
			[ $rc -eq 0 ] && INSTALLED_DEB=0
			check "dpkg -r: /usr/bin/roadbook gone" test ! -e /usr/bin/roadbook
			check "dpkg -r: /usr/share/roadbook gone" test ! -e /usr/share/roadbook
		fi
	fi
fi

finish
