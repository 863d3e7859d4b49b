#!/bin/sh
# make bench: generate ledgers with bench/gen (seeded: the same ledger
# every run) and time sanfen's commands side by side with what plain git
# and cat do on the same ledger, in one run. Each figure is the median of
# $RUNS runs; peak memory (max RSS) of one run from /usr/bin/time. The
# table goes to bench/results.md with the machine, date and commit, so the
# history of the figures stays in git.
#
# usage: sh bench/run.sh BUILDDIR
#	BENCH_SIZES="1000 20000 100000"	the ledgers
#	RUNS=5				runs per figure
#	SYNC_SIZES="20000 100000"	the ledgers a sync is measured on
#	BENCH_OUT=bench/results.md	where the table goes (tests: elsewhere)

set -eu
top=$1
PATH=$top/bin:$PATH
export PATH
RUNS=${RUNS:-5}
SIZES=${BENCH_SIZES:-1000 20000 100000}
SYNC_SIZES=${SYNC_SIZES:-20000 100000}
work=$(mktemp -d "${TMPDIR:-/tmp}/sanfen-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export SANFEN_TODAY=2024-12-20 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=b@bench
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=b@bench
export GIT_CONFIG_NOSYSTEM=1 HOME=$work
unset SANFEN_DIR SANFEN_UNIT SANFEN_CACHE SANFEN_TRACE
out=${BENCH_OUT:-$top/bench/results.md}
# no git gc --auto in the background of a later figure: git commit and
# git fetch would start one on a generated ledger's loose objects
git config --global gc.auto 0
git config --global gc.autoDetach false

# median seconds of running "$@" RUNS times (stdout discarded)
median() {
	i=0
	: >"$work/times"
	while [ $i -lt "$RUNS" ]; do
		s=$(date +%s.%N)
		"$@" >/dev/null 2>"$work/err" ||
		    { echo "bench: $* failed: $(head -1 "$work/err")" >&2; }
		e=$(date +%s.%N)
		echo "$e - $s" | bc -l >>"$work/times"
		i=$((i + 1))
	done
	sort -n "$work/times" | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.4f", m }'
}

# peak resident memory in MB of one run
peak() {
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 |
		    awk '{ printf "%.1f", $1 / 1024 }'
	else
		printf 'n/a'
	fi
}

# row WHAT SANFEN-S BASELINE-S BASELINE MEM TARGET
# TARGET: "r0.5" (ratio at most 0.5), "a0.1" (at most 0.1 s), or "-"
row() {
	ratio=$(echo "$2 / $3" | bc -l)
	case $6 in
	r*)	t=${6#r}
		verdict=$(echo "$ratio <= $t" | bc -l)
		goal="≤ ${t}×" ;;
	a*)	t=${6#a}
		verdict=$(echo "$2 <= $t" | bc -l)
		goal="≤ $(echo "$t * 1000" | bc | sed 's/\..*//') ms" ;;
	*)	verdict=- goal=- ;;
	esac
	case $verdict in 1) v="$goal met" ;; 0) v="$goal **missed**" ;; *) v=- ;; esac
	printf '| %s | %s | %s | %s | %.2f | %s | %s |\n' "$1" "$2" "$3" \
	    "$4" "$ratio" "$5" "$v" | tee -a "$work/table"
}

# every issue file read by one cat (xargs: no argument list too long)
cat_all() {
	find issues -name '*.yaml' -print0 | xargs -0 cat
}

# one file added and committed with plain git (a name of its own: median
# counts its runs in $i)
git_commit_one() {
	x=x$(date +%s%N).yaml
	cp "$top/examples/issues/ningbo-port-sea-use.yaml" "$x" &&
	    git add "$x" && git commit -qm "x"
}

# a new meeting on a day of its own each run (ids are date-kind); the
# count is kept in a file, as median runs it in a subshell
next_day() {
	d=$(cat "$work/day" 2>/dev/null || echo 0)
	echo $((d + 1)) >"$work/day"
	date -d "2025-01-01 + $((d + 1)) days" +%F
}
agenda_new() {
	sanfen-agenda --as tf-drc new --kind monthly --date "$(next_day)"
}

# the query cache written
warm() {
	sanfen-list --status rejected >/dev/null
}

# the first reader after the cache was removed: it parses every issue
# and writes the cache again
list_rebuild() {
	rm -f .git/sanfen/issues.cache .git/sanfen/issues.cache.delta
	sanfen-list --status accepted --format json
}

# a report whose common problems must be found again (the kept groups
# removed, as after a change of the period's wording)
report_fresh() {
	rm -f .git/sanfen/groups-*
	sanfen-report --period 2023
}

{
	echo "# sanfen benchmark"
	echo
	echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "- commit: $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo none)"
	echo "- machine: $(uname -srm), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- runs: median of $RUNS"
	echo
} >"$work/head"
: >"$work/table"
for n in $SIZES; do
	led=$work/l$n
	"$top/bench/gen" "$led" "$n" >/dev/null
	cd "$led"
	acc=$(grep -l '^status: accepted' -r issues | wc -l)
	pend=$(grep -l '^status: submitted' -r issues | wc -l)
	printf '\n## %s issues (%s accepted, %s submitted, the rest coordinated or closed)\n\n' \
	    "$n" "$acc" "$pend" | tee -a "$work/table"
	echo "| command | sanfen s | baseline s | baseline | ratio | sanfen peak MB | target |" | tee -a "$work/table"
	echo "|---|---|---|---|---|---|---|" | tee -a "$work/table"

	warm
	b=$(median cat_all)

	s=$(median sanfen-list --status accepted --format json)
	mem=$(peak sanfen-list --status accepted --format json)
	row "sanfen-list --status accepted --format json" "$s" "$b" "cat every issue" "$mem" r0.3

	export SANFEN_CACHE=0
	s=$(median sanfen-list --status accepted --format json)
	mem=$(peak sanfen-list --status accepted --format json)
	row "… the same, no cache (SANFEN_CACHE=0)" "$s" "$b" "cat every issue" "$mem" r1.0
	unset SANFEN_CACHE
	s=$(median list_rebuild)
	rm -f .git/sanfen/issues.cache .git/sanfen/issues.cache.delta
	mem=$(peak sanfen-list --status accepted --format json)
	row "… the same, the cache missing (rebuilt)" "$s" "$b" "cat every issue" "$mem" -

	s=$(median sanfen-list --status accepted)
	mem=$(peak sanfen-list --status accepted)
	row "sanfen-list --status accepted (table)" "$s" "$b" "cat every issue" "$mem" -

	s=$(median sanfen-list --format json)
	mem=$(peak sanfen-list --format json)
	row "sanfen-list --format json (every issue)" "$s" "$b" "cat every issue" "$mem" -

	s=$(median sanfen-supervise --as-of 2024-12-20)
	mem=$(peak sanfen-supervise --as-of 2024-12-20)
	row "sanfen-supervise" "$s" "$b" "cat every issue" "$mem" a0.1

	s=$(median sanfen-report --period 2023)
	mem=$(peak sanfen-report --period 2023)
	row "sanfen-report --period 2023 (a year)" "$s" "$b" "cat every issue" "$mem" a0.1
	s=$(median report_fresh)
	rm -f .git/sanfen/groups-*
	mem=$(peak sanfen-report --period 2023)
	row "… the same, common problems found again" "$s" "$b" "cat every issue" "$mem" -

	s=$(median sanfen-score --period 2023)
	mem=$(peak sanfen-score --period 2023)
	row "sanfen-score --period 2023" "$s" "$b" "cat every issue" "$mem" -

	ids=$(grep -l '^status: submitted' -r issues | sort | head -100 |
	    sed 's,.*/,,; s,\.yaml$,,' | tr '\n' ' ')
	s=$(median sanfen-screen --as tf-drc -n $ids)
	mem=$(peak sanfen-screen --as tf-drc -n $ids)
	row "sanfen-screen -n of 100 pending issues" "$s" "$b" "cat every issue" "$mem" -

	s=$(median sanfen-check -q)
	mem=$(peak sanfen-check -q)
	row "sanfen-check (every file, parsed)" "$s" "$b" "cat every issue" "$mem" -

	# the writers, against plain git on the same repository
	bg=$(median git_commit_one)
	s=$(median agenda_new)
	mem=$(peak sanfen-agenda --as tf-drc new --kind monthly \
	    --date "$(next_day)")
	row "sanfen-agenda new (reads every accepted issue, commits)" "$s" "$bg" "git add + git commit" "$mem" a0.1

	f=$top/examples/issues/ningbo-port-sea-use.yaml
	s=$(median sanfen-submit --as ningbo -F "$f")
	mem=$(peak sanfen-submit --as ningbo -F "$f")
	row "sanfen-submit (one issue)" "$s" "$bg" "git add + git commit" "$mem" r0.5

	cd "$top"
	rm -rf "$led"
	for m in $SYNC_SIZES; do
		[ "$m" = "$n" ] || continue
		RUNS=$RUNS sh "$top/bench/sync.sh" "$top" "$n" | tee -a "$work/table"
	done
done
{
	cat "$work/head"
	echo "Ratios are sanfen's time over the baseline's, measured in the same"
	echo "run on the same ledger. Readers run with the query cache"
	echo "(.git/sanfen/issues.cache) written; 'no cache' parses every issue of"
	echo "HEAD's tree, 'rebuilt' does so and writes the cache. A report takes"
	echo "a period's common problems from .git/sanfen/groups-PERIOD while the"
	echo "period's issues are unchanged; 'found again' is the run after a"
	echo "change. Targets are those of the performance issue: a ratio to the"
	echo "baseline, or a time at 100,000 issues (shown at every size). Peak"
	echo "memory is the largest resident set of one run."
	cat "$work/table"
} >"$out"
echo
echo "written to $out"
