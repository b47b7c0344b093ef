#!/usr/bin/env bash
# build.sh - set up, build and run roadbook on Debian 12.
#
#   ./build.sh try    install what is missing, build, and open roadbook on the example workbook
#                     (roadbook demo, in ~/roadbook-demo or $ROADBOOK_DEMO_DIR)
#   ./build.sh test   install what is missing, build (warnings are errors), run every test
#                     (the unit tests also under valgrind), then build again with
#                     AddressSanitizer + UndefinedBehaviorSanitizer and run every test once
#                     more, then run each libFuzzer harness for 60 s (clang)
#   ./build.sh bench  install what is missing, build in release mode and run the benchmark
#                     (tests/bench/run: one table against the peers; docs/PERFORMANCE.md)
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(gcc make cmake pkg-config libncurses-dev libsqlite3-dev libgit2-dev libcmark-dev git)
# The tests drive the TUI in tmux, check databases with sqlite3, parse with python3, and print
# the HTML strategy to PDF with Chromium (pages read back with poppler); sync is tested against
# a real sshd and an HTTPS server with a certificate made by openssl. The install test renders
# the man page (man-db, groff), builds the .deb (dpkg-dev) and loads the shell completions.
TEST_PACKAGES=(tmux sqlite3 python3 procps chromium poppler-utils fonts-dejavu-core
	openssh-server openssh-client openssl valgrind clang
	man-db groff-base dpkg-dev bash-completion zsh)

install_missing() {
	local missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "Installing: ${missing[*]}"
	local sudo=""
	[ "$(id -u)" -ne 0 ] && sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
}

build() { # build DIR [cmake options...]
	local dir=$1; shift
	cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DROADBOOK_WERROR=ON "$@" >/dev/null
	cmake --build "$dir" -j "$(nproc)"
}

case "${1:-}" in
try)
	install_missing "${PACKAGES[@]}"
	build build
	demo="${ROADBOOK_DEMO_DIR:-$HOME/roadbook-demo}"
	[ -e "$demo/.roadbook/state.db" ] || ./build/roadbook demo "$demo"
	exec ./build/roadbook -C "$demo"
	;;
test)
	install_missing "${PACKAGES[@]}" "${TEST_PACKAGES[@]}"
	build build
	ctest --test-dir build --output-on-failure -j 2
	build build-asan -DROADBOOK_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 LSAN_OPTIONS=suppressions="$PWD/tests/lsan.supp":print_suppressions=0 \
		UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --test-dir build-asan --output-on-failure -j 2
	# libFuzzer harnesses (tests/fuzz/): 60 s each here; tests/fuzz/run 600 for the long runs
	cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DROADBOOK_FUZZ=ON -DROADBOOK_WERROR=ON \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build build-fuzz --target fuzz -j "$(nproc)"
	ctest --test-dir build-fuzz -L fuzz --output-on-failure -j 2
	;;
bench)
	install_missing "${PACKAGES[@]}"
	exec tests/bench/run "${@:2}"
	;;
*)
	echo "usage: ./build.sh try | test | bench" >&2
	exit 2
	;;
esac
