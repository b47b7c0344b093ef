# lib.bash - what the benchmark scripts share (sourced; not itself a benchmark, so not *.sh,
# which ./build.sh bench runs one by one).

# need COMMAND PACKAGE: installs PACKAGE from Debian when COMMAND is missing (as root), else
# stops with the apt-get line to run.
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "installing $2 ..." >&2
		apt-get install -y -q "$2" >/dev/null 2>&1 ||
			{ apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "$2" >/dev/null 2>&1; }
	fi
	command -v "$1" >/dev/null 2>&1 ||
		{ echo "$(basename "$0"): $1 is missing (apt-get install $2)" >&2; exit 2; }
}
