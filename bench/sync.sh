#!/bin/sh
# The cost of a sync: a clone of an N-issue ledger (20,000 by default)
# brings in 100 new issues from the central repository, side by side with
# plain git doing the same (git pull; git pull + git push). Each figure is
# the median of $RUNS runs on fresh copies of the clone, so every run
# really fetches. Prints markdown table rows on stdout.
#
# usage: sh bench/sync.sh BUILDDIR [N]

set -eu
top=$1
n=${2:-20000}
PATH=$top/bin:$PATH
export PATH
RUNS=${RUNS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/sanfen-bench-sync.XXXXXX")
trap 'rm -rf "$work"' EXIT
export SANFEN_TODAY=2024-12-20 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=b@bench
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=b@bench
export GIT_CONFIG_NOSYSTEM=1 HOME=$work
unset SANFEN_DIR SANFEN_UNIT
# no git gc --auto in the background of a later run (see run.sh)
git config --global gc.auto 0
git config --global gc.autoDetach false

now() { date +%s.%N; }
med() { sort -n | awk '{ v[NR] = $1 } END { printf "%.4f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

"$top/bench/gen" "$work/led" "$n" >/dev/null
git init -q --bare -b main "$work/central.git"
git -C "$work/led" push -q "$work/central.git" main
git clone -q "$work/central.git" "$work/base"		# the clone, behind
git clone -q "$work/central.git" "$work/writer"
cd "$work/writer"
i=0
for f in "$top"/examples/issues/*.yaml; do :; done
while [ $i -lt 100 ]; do
	for f in "$top"/examples/issues/*.yaml; do
		[ $i -ge 100 ] && break
		unit=$(sed -n 's/^submitter: *//p' "$f")
		sanfen-submit --as "$unit" --title "新增问题$i" -F "$f" \
		    >/dev/null 2>&1 ||
		    sanfen-submit --as "$unit" -F "$f" >/dev/null
		i=$((i + 1))
	done
done
sanfen-sync >/dev/null
# the clone's own change, for the runs that merge
cd "$work/base"
sanfen-submit --as ningbo -F "$top/examples/issues/ningbo-port-sea-use.yaml" \
    >/dev/null
git -C "$work/base" branch -q ahead
git -C "$work/base" reset -q --hard HEAD~1

# time CMD in a fresh copy of the clone ($1: ahead to have a local commit)
timed() {
	mode=$1
	shift
	: >"$work/t"
	r=0
	while [ $r -lt "$RUNS" ]; do
		rm -rf "$work/run"
		cp -a "$work/base" "$work/run"
		[ "$mode" = ahead ] && git -C "$work/run" reset -q --hard ahead
		# the central repository as it was before any push of ours
		rm -rf "$work/c2.git"
		cp -a "$work/central.git" "$work/c2.git"
		git -C "$work/run" remote set-url origin "$work/c2.git"
		cd "$work/run"
		s=$(now)
		"$@" >/dev/null 2>&1 || echo "bench: $* failed" >&2
		e=$(now)
		echo "$e - $s" | bc -l >>"$work/t"
		r=$((r + 1))
	done
	med <"$work/t"
}

# peak resident memory in MB of one sanfen-sync in a fresh copy
peak() {
	RUNS=1 timed "$1" /usr/bin/time -o "$work/mem" -f %M sanfen-sync \
	    >/dev/null
	awk '{ printf "%.1f", $1 / 1024 }' "$work/mem"
}

row() {
	printf '| %s | %s | %s | %s | %.2f | %s | - |\n' "$1" "$2" "$3" "$4" \
	    "$(echo "$2 / $3" | bc -l)" "$5"
}

s=$(timed behind sanfen-sync)
b=$(timed behind git pull -q --ff-only)
row "sanfen-sync: 100 new issues into $n (fast-forward)" "$s" "$b" \
    "git pull --ff-only" "$(peak behind)"
s=$(timed ahead sanfen-sync)
b=$(timed ahead sh -c 'git pull -q --no-rebase --no-edit && git push -q')
row "sanfen-sync: 100 new issues into $n, merge + push" "$s" "$b" \
    "git pull + git push" "$(peak ahead)"
