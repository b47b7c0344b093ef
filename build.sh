#!/usr/bin/env bash
# build.sh - set up, build and run roadbook on Debian 12.
#
#   ./build.sh try    install what is missing, build, put roadbook on the PATH (a link in
#                     /usr/local/bin), and open it on the example workbook (roadbook demo, in
#                     ~/roadbook-demo or $ROADBOOK_DEMO_DIR)
#   ./build.sh test   install what is missing, build (warnings are errors), run every test
#                     (the unit tests also under valgrind), then build again with
#                     AddressSanitizer + UndefinedBehaviorSanitizer and run every test once
#                     more, then run each libFuzzer harness for 60 s (clang). Every stage runs
#                     even when one before it failed; a summary at the end names what failed
#   ./build.sh bench  install what is missing, build in release mode and run the benchmark
#                     (tests/bench/run: one table against the peers; docs/PERFORMANCE.md)
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(gcc make cmake pkg-config libncurses-dev libsqlite3-dev libgit2-dev libcmark-dev git)
# The tests drive the TUI in tmux, check databases with sqlite3, parse with python3, and print
# the HTML strategy to PDF with Chromium (pages read back with poppler); sync is tested against
# a real sshd and an HTTPS server with a certificate made by openssl. The install test renders
# the man page (man-db, groff), builds the .deb (dpkg-dev) and loads the shell completions.
# The .deb's build needs `file` (CPack). The fuzzers link clang's libFuzzer runtime, which is in
# libclang-rt-N-dev for clang N (not pulled in without recommends): added once clang is there.
TEST_PACKAGES=(tmux sqlite3 python3 procps chromium poppler-utils fonts-dejavu-core
	openssh-server openssh-client openssl valgrind clang
	man-db groff-base dpkg-dev file bash-completion zsh)

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
	cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DROADBOOK_WERROR=ON "$@" >/dev/null &&
		cmake --build "$dir" -j "$(nproc)"
}

# The libFuzzer runtime of the clang installed (clang 14 on Debian 12: libclang-rt-14-dev).
fuzzer_runtime() {
	local v
	v=$(clang -dumpversion 2>/dev/null | cut -d. -f1)
	[ -n "$v" ] && echo "libclang-rt-$v-dev"
}

# Puts the build on the PATH (/usr/local/bin/roadbook, a link to build/roadbook) when that can be
# done without replacing anything that is not such a link; else says how to run it from here.
link_on_path() {
	local bin=/usr/local/bin/roadbook target="$PWD/build/roadbook"
	if { [ ! -e "$bin" ] || [ -L "$bin" ]; } && [ -w "$(dirname "$bin")" ] &&
		ln -sfn "$target" "$bin" 2>/dev/null; then
		echo "roadbook is on your PATH: $bin -> $target"
	else
		echo "roadbook is not on your PATH: run it as $target (or link it into a folder on the PATH)"
	fi
}

# Every stage runs, even after one fails; at the end one line per stage, and the exit status
# says whether all passed.
STAGES=()
FAILED=0
stage() { # stage NAME COMMAND...: runs COMMAND, records how it went
	local name=$1 t0 rc
	shift
	echo "=== $name"
	t0=$(date +%s)
	"$@"
	rc=$?
	if [ "$rc" -eq 0 ]; then
		STAGES+=("passed   $name ($(($(date +%s) - t0)) s)")
	else
		STAGES+=("FAILED   $name (exit $rc after $(($(date +%s) - t0)) s)")
		FAILED=1
	fi
	return "$rc"
}
skipped() { STAGES+=("not run  $1 (because $2 failed)"); FAILED=1; }
summary() {
	echo
	echo "=== summary"
	printf '  %s\n' "${STAGES[@]}"
	[ "$FAILED" -eq 0 ] && echo "every stage passed" || echo "some stages failed: see above"
	return "$FAILED"
}

build_fuzz() {
	cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DROADBOOK_FUZZ=ON -DROADBOOK_WERROR=ON \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null &&
		cmake --build build-fuzz --target fuzz -j "$(nproc)"
}

run_asan_tests() {
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
		LSAN_OPTIONS=suppressions="$PWD/tests/lsan.supp":print_suppressions=0 \
		UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --test-dir build-asan --output-on-failure -j 2
}

case "${1:-}" in
try)
	install_missing "${PACKAGES[@]}"
	build build
	link_on_path
	demo="${ROADBOOK_DEMO_DIR:-$HOME/roadbook-demo}"
	[ -e "$demo/.roadbook/state.db" ] || ./build/roadbook demo "$demo"
	exec ./build/roadbook -C "$demo"
	;;
test)
	install_missing "${PACKAGES[@]}" "${TEST_PACKAGES[@]}"
	rt=$(fuzzer_runtime) && install_missing "$rt"
	set +e
	if stage "build" build build; then
		stage "tests (with valgrind)" ctest --test-dir build --output-on-failure -j 2
	else
		skipped "tests (with valgrind)" "build"
	fi
	if stage "build with ASan+UBSan" build build-asan -DROADBOOK_SANITIZE=ON \
		-DCMAKE_BUILD_TYPE=Debug; then
		stage "tests under ASan+UBSan" run_asan_tests
	else
		skipped "tests under ASan+UBSan" "build with ASan+UBSan"
	fi
	# libFuzzer harnesses (tests/fuzz/): 60 s each here; tests/fuzz/run 600 for the long runs
	if stage "build the fuzzers (clang)" build_fuzz; then
		stage "fuzzers, 60 s each" ctest --test-dir build-fuzz -L fuzz --output-on-failure -j 2
	else
		skipped "fuzzers, 60 s each" "build the fuzzers (clang)"
	fi
	summary
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
