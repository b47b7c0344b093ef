# bash completion for roadbook(1)                                    -*- shell-script -*-
#
# Installed as share/bash-completion/completions/roadbook (bash-completion loads it on first
# use); or source it from ~/.bashrc. Completes the commands, each command's options, the
# cohort subcommands, folders and files, and ids asked of roadbook itself, from the workbook
# (or cohort) named by a -C earlier on the line:
#
#   exercise ids    roadbook -C DIR exercises --ids        (answer, choose)
#   module ids      roadbook -C DIR status --ids           (submit)
#   participant ids roadbook -C DIR cohort status --ids    (review, comment, approve,
#                                                           request-changes, cohort attend)

# Runs the roadbook of the command line with its -C, quietly.
_roadbook_ask()
{
	local exe=${_rb_exe/#\~/$HOME}
	if [[ -n $_rb_dir ]]; then
		"$exe" -C "${_rb_dir/#\~/$HOME}" "$@" 2>/dev/null </dev/null
	else
		"$exe" "$@" 2>/dev/null </dev/null
	fi
}

# Adds the words of $1 (split on blanks: options, commands and ids have none) that start with cur.
_roadbook_words()
{
	local IFS=$' \t\n'
	COMPREPLY+=($(compgen -W "$1" -- "$cur"))
}

_roadbook_dirs()
{
	compopt -o filenames 2>/dev/null
	local IFS=$'\n'
	COMPREPLY+=($(compgen -d -- "$cur"))
}

_roadbook_files()
{
	compopt -o filenames 2>/dev/null
	local IFS=$'\n'
	COMPREPLY+=($(compgen -f -- "$cur"))
}

_roadbook()
{
	local cur=${COMP_WORDS[COMP_CWORD]} cword=$COMP_CWORD
	local -a words=("${COMP_WORDS[@]}")
	local _rb_exe=${words[0]} _rb_dir=""
	COMPREPLY=()

	local commands="init demo lint render exercises answer status strategy save log diff
		join sync choose submit feedback reply resolve review comment approve
		request-changes cohort"
	local subcommands="init add sync status attend report publish"

	# The global options, up to the command.
	local i=1 cmd=""
	while ((i < cword)); do
		case ${words[i]} in
		-C)
			((i + 1 < cword)) && _rb_dir=${words[i + 1]}
			((i += 2))
			continue
			;;
		-C?*) _rb_dir=${words[i]#-C} ;;
		-*) ;;
		*)
			cmd=${words[i]}
			break
			;;
		esac
		((i++))
	done
	if [[ -z $cmd ]]; then
		if [[ ${words[cword - 1]} == -C ]]; then
			_roadbook_dirs
		elif [[ $cur == -* ]]; then
			_roadbook_words "-C --plain --help --version"
		else
			_roadbook_words "$commands"
		fi
		return 0
	fi

	# The command's options (those that take a value listed again in "valued").
	local opts="" valued="" sub=""
	local start=$((i + 1))
	case $cmd in
	init)
		opts="--name --company --sector --employees --email --lessons"
		valued=$opts
		;;
	demo | lint | diff | join | submit | approve | request-changes | reply | comment) ;;
	sync) opts="--send-removals" ;;
	render) opts="--width" valued="--width" ;;
	exercises | status) opts="--json --ids" ;;
	answer) opts="--get" ;;
	strategy)
		opts="--format --output -o --omit-unanswered"
		valued="--format --output -o"
		;;
	save) opts="-m" valued="-m" ;;
	log) opts="--json -n" valued="-n" ;;
	choose) opts="--mine --theirs" ;;
	feedback) opts="--json" ;;
	resolve) opts="--reopen" ;;
	review) opts="--print --strategy --width" valued="--width" ;;
	cohort)
		if ((start < cword)); then
			sub=${words[start]}
			((start++))
		fi
		case $sub in
		init) opts="--name --start --lessons" valued=$opts ;;
		add) opts="--name --company --email --url" valued=$opts ;;
		status) opts="--json --ids" ;;
		attend) opts="--absent" ;;
		report) opts="--format --output -o" valued=$opts ;;
		esac
		;;
	*) return 0 ;;
	esac

	# The value of an option.
	local prev=${words[cword - 1]}
	if ((cword > start - 1)) && [[ " $valued " == *" $prev "* ]]; then
		case $cmd/$prev in
		*/--lessons) _roadbook_dirs ;;
		*/--output | */-o) _roadbook_files ;;
		strategy/--format) _roadbook_words "md html" ;;
		cohort/--format) _roadbook_words "md csv html" ;;
		esac
		return 0
	fi
	if [[ $cmd == cohort && -z $sub ]]; then
		if [[ $cur == -* ]]; then
			_roadbook_words "--help"
		else
			_roadbook_words "$subcommands"
		fi
		return 0
	fi
	if [[ $cur == -* ]]; then
		_roadbook_words "$opts --help"
		return 0
	fi

	# Which argument this is, not counting options and their values.
	local n=0 j
	for ((j = start; j < cword; j++)); do
		if [[ ${words[j]} == -* ]]; then
			[[ " $valued " == *" ${words[j]} "* ]] && ((j++))
			continue
		fi
		((n++))
	done
	case $cmd/$sub/$n in
	init//0 | demo//0 | lint//0 | cohort/init/0) _roadbook_dirs ;;
	render//0) _roadbook_files ;;
	join//0) _roadbook_files ;;
	join//1) _roadbook_dirs ;;
	answer//0 | choose//0) _roadbook_words "$(_roadbook_ask exercises --ids)" ;;
	choose//1) _roadbook_words "--mine --theirs" ;;
	submit//0) _roadbook_words "$(_roadbook_ask status --ids)" ;;
	review//0 | comment//0 | approve//0 | request-changes//0)
		_roadbook_words "$(_roadbook_ask cohort status --ids)"
		;;
	cohort/attend/*)
		((n > 0)) && _roadbook_words "$(_roadbook_ask cohort status --ids)"
		;;
	esac
	return 0
}

complete -F _roadbook roadbook
