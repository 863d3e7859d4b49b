# Sourced by every tests/cmd/*.t: a pinned environment, a scratch
# directory, and TAP assertions. Each test prints "ok N - what" or
# "not ok N - what" with the evidence, and ends with done_testing.

set -u
SANFEN_BUILD=${SANFEN_BUILD:-$(cd "$(dirname "$0")/../.." && pwd)}
# SANFEN_BIN: the commands to test (make check-valgrind wraps them)
PATH=${SANFEN_BIN:-$SANFEN_BUILD/bin}:$PATH
export PATH SANFEN_BUILD

# reproducible runs: a fixed day, identity and clock; no user settings
export SANFEN_TODAY=2024-10-08
export GIT_AUTHOR_NAME='宁波市发改委 王敏' GIT_AUTHOR_EMAIL=wangmin@nb.example
export GIT_COMMITTER_NAME='宁波市发改委 王敏'
export GIT_COMMITTER_EMAIL=wangmin@nb.example
export GIT_AUTHOR_DATE='2024-10-08T09:30:00+08:00'
export GIT_COMMITTER_DATE='2024-10-08T09:30:00+08:00'
export GIT_CONFIG_NOSYSTEM=1 LC_ALL=C.UTF-8 TZ=Asia/Shanghai
unset SANFEN_DIR SANFEN_UNIT EDITOR VISUAL GIT_DIR GIT_WORK_TREE
# today D: a later day for the commands and for git's clock alike (the
# central check refuses an event dated after its commit)
today() {
	export SANFEN_TODAY="$1" GIT_AUTHOR_DATE="$1T09:30:00+08:00"
	export GIT_COMMITTER_DATE="$1T09:30:00+08:00"
}

# messages in English (LC_ALL=C.UTF-8 alone would still honour LANGUAGE),
# from the catalogs of the build tree when a test asks for another language
unset LANGUAGE LC_MESSAGES LANG
export SANFEN_LOCALEDIR=$SANFEN_BUILD/locale
mkdir -p "$SANFEN_BUILD/tests/tmp"
T=$(mktemp -d "$SANFEN_BUILD/tests/tmp/$(basename "$0" .t).XXXXXX")
export HOME=$T/home
mkdir -p "$HOME"
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1

EX=$SANFEN_BUILD/examples
PY=/usr/bin/python3
tap_n=0
tap_failed=0

ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $*"
}

not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $*"
}

diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # skip $*"
}

done_testing() {
	echo "1..$tap_n"
	if [ "$tap_failed" -ne 0 ] && [ -n "${seed:-}" ]; then
		# prove shows stderr without -v: the seed, to replay the run
		echo "# $(basename "$0"): replay with SANFEN_TEST_SEED=$seed" >&2
	fi
	[ "$tap_failed" -eq 0 ]
}

# Randomised tests call test_seed first: the seed is SANFEN_TEST_SEED or
# one chosen here, printed as "# seed: N", and every random choice of the
# test is drawn from it with rand (or rand_bytes), so that a run with the
# same SANFEN_TEST_SEED makes the same choices. What the scheduler does
# with them (where a kill lands in a writer) is not replayed, only asked
# for again.
test_seed() {
	seed=${SANFEN_TEST_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
	case $seed in
	''|*[!0-9]*|??????????????????*)
		echo "Bail out! SANFEN_TEST_SEED: not a number below 10^17: '$seed'"
		exit 1 ;;
	esac
	seed=$(echo "$seed" | sed 's/^0*\(.\)/\1/')	# not octal
	seed=$((seed % 2147483648))
	echo "# seed: $seed"
	_rng=$seed
}

# rand: the next number of the seeded sequence, 0 to 32767, in $r (a
# variable, not output: a $(rand) would advance a subshell's copy). The
# C standard's example generator, whose low bits are dropped.
rand() {
	_rng=$(( (_rng * 1103515245 + 12345) % 2147483648 ))
	r=$((_rng >> 16))
}

# rand_bytes N FILE: N bytes drawn from the seeded sequence
rand_bytes() {
	rand
	$PY -c 'import random, sys
g = random.Random(int(sys.argv[1]))
sys.stdout.buffer.write(bytes(g.getrandbits(8) for _ in range(int(sys.argv[2]))))' \
	    "$_rng" "$1" >"$2"
}

# run CMD ARGS…: stdout in $T/out, stderr in $T/err, exit status in $rc
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# like run, with standard input from a file
run_in() {
	_in=$1
	shift
	"$@" <"$_in" >"$T/out" 2>"$T/err"
	rc=$?
}

is() {			# is GOT WANT WHAT
	if [ "$1" = "$2" ]; then
		ok "$3"
	else
		not_ok "$3"
		diag "got:  '$1'" "want: '$2'"
	fi
}

# status WANT WHAT: the last run exited with WANT
status() {
	if [ "$rc" -eq "$1" ]; then
		ok "$2"
	else
		not_ok "$2"
		diag "exit status $rc, want $1" "stdout:" "$(cat "$T/out")" \
		    "stderr:" "$(cat "$T/err")"
	fi
}

# out_is TEXT WHAT / err_is TEXT WHAT: the whole stdout / stderr
out_is() {
	is "$(cat "$T/out")" "$1" "$2"
}

err_is() {
	is "$(cat "$T/err")" "$1" "$2"
}

# has FILE PATTERN WHAT: a line of FILE matches the fixed string PATTERN
has() {
	if grep -qF -- "$2" "$1"; then
		ok "$3"
	else
		not_ok "$3"
		diag "no '$2' in $1:" "$(cat "$1")"
	fi
}

hasnt() {
	if grep -qF -- "$2" "$1"; then
		not_ok "$3"
		diag "unexpected '$2' in $1:" "$(cat "$1")"
	else
		ok "$3"
	fi
}

# same_file A B WHAT: byte for byte
same_file() {
	if cmp -s "$1" "$2"; then
		ok "$3"
	else
		not_ok "$3"
		diag "$(diff "$1" "$2" | head -20)"
	fi
}

# The state of a repository: HEAD, index and working tree, for
# "nothing was written" checks.
snapshot() {
	( cd "$1" && git rev-parse HEAD 2>/dev/null; git status --porcelain \
	    --untracked-files=all; git ls-files -s | git hash-object --stdin;
	  find . -path ./.git -prune -o -type f -print | LC_ALL=C sort |
	  xargs sha1sum ) >"$2"
}

# unchanged DIR BEFORE WHAT: the repository is as snapshot left it
unchanged() {
	snapshot "$1" "$T/after.snap"
	same_file "$2" "$T/after.snap" "$3"
}

# trailer DIR KEY [REV]: the value(s) of trailer KEY in REV's message
trailer() {
	git -C "$1" log -1 --format="%(trailers:key=$2,valueonly)" \
	    "${3:-HEAD}" | sed '/^$/d'
}

# lo_has sc|sw: LibreOffice is on PATH with its Calc (sc) or Writer (sw)
# module, without which it cannot open a workbook or a document
lo_has() {
	_lo=$(command -v libreoffice 2>/dev/null) || return 1
	[ -e "$(dirname "$(readlink -f "$_lo")")/lib$1lo.so" ]
}

# lo_convert FILTER FILE: LibreOffice converts FILE beside it, its profile
# in this test's HOME, its talk in $T/lo; bounded, as a first start or a
# dialog can hang it
lo_convert() {
	(cd "$(dirname "$2")" && timeout -k 10 120 libreoffice --headless \
	    --convert-to "$1" "$(basename "$2")") >"$T/lo" 2>&1
}

# a new ledger at $T/<name>, quietly
new_ledger() {
	sanfen-init -q "$T/$1" || { echo "Bail out! sanfen-init failed"; exit 1; }
}

# central_ledger NAME: a bare central repository at $T/central.git with
# the pre-receive hook of examples/server, and a ledger $T/NAME that has
# pushed to it (cwd is left there)
central_ledger() {
	git init -q --bare -b main "$T/central.git"
	cp "$EX/server/pre-receive" "$T/central.git/hooks/pre-receive"
	new_ledger "$1"
	cd "$T/$1" || exit 1
	git remote add origin "$T/central.git"
	sanfen-sync >/dev/null || { echo "Bail out! first sync"; exit 1; }
}

# coordinate ID: issue ID, submitted, coordinated at the monthly meeting
# of 2024-10-15 with three tasks (1: dept-nr with ningbo, 2: dept-eco
# with ningbo, 3: dept-nr alone); the day is 2024-10-20 after
coordinate() {
	sanfen-screen --as tf-drc --pending >/dev/null
	sanfen-agenda --as tf-drc new --kind monthly --date 2024-10-15 \
	    >/dev/null 2>&1
	sanfen-agenda --as tf-drc propose 2024-10-15-monthly >/dev/null
	sanfen-agenda --as tf-office approve 2024-10-15-monthly >/dev/null
	cat >"$T/coordinate.yaml" <<EOR
held: 2024-10-15
chair: 省政府副秘书长
attendees: [tf-drc, dept-nr, dept-eco]
items:
  - issue: $1
    decision: 由省自然资源厅牵头加快用海报部审查。
    tasks:
      - {action: 加快用海报部审查, lead: dept-nr, support: [ningbo], due: 2024-11-30}
      - {action: 同步推进环评审批, lead: dept-eco, support: [ningbo], due: 2024-12-31}
      - {action: 落实用海指标, lead: dept-nr, due: 2024-12-31}
EOR
	today 2024-10-15
	sanfen-minutes --as tf-drc record 2024-10-15-monthly \
	    -F "$T/coordinate.yaml" >/dev/null &&
	sanfen-minutes --as tf-drc approve 2024-10-15-monthly >/dev/null &&
	sanfen-minutes --as tf-office issue 2024-10-15-monthly \
	    --number '〔2024〕10号' >/dev/null ||
	    { echo "Bail out! the minutes of 2024-10-15 did not go through"; exit 1; }
	today 2024-10-20
}
