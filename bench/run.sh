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
#	PUSH_COMMITS=100		commits in the push the guard checks
#	BENCH_OUT=bench/results.md	where the table goes (tests: elsewhere)

set -eu
top=$1
PATH=$top/bin:$PATH
export PATH
RUNS=${RUNS:-5}
SIZES=${BENCH_SIZES:-1000 20000 100000}
SYNC_SIZES=${SYNC_SIZES:-20000 100000}
PUSH_COMMITS=${PUSH_COMMITS:-100}
work=$(mktemp -d "${TMPDIR:-/tmp}/sanfen-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export SANFEN_TODAY=2024-12-20 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=b@bench
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=b@bench
# git's clock on the same day as the commands' (the central check refuses
# an event dated after its commit), whatever the caller pinned
export GIT_AUTHOR_DATE=2024-12-20T09:30:00+08:00
export GIT_COMMITTER_DATE=2024-12-20T09:30:00+08:00
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
# TARGET: "r0.5" (ratio at most 0.5), "a0.1" (at most 0.1 s), "g0.05/2"
# (at most 0.05 s and at most 2× the figure of the first size, kept in
# $grow_s of $grow_n issues), or "-"
row() {
	ratio=$(echo "$2 / $3" | bc -l)
	case $6 in
	r*)	t=${6#r}
		verdict=$(echo "$ratio <= $t" | bc -l)
		goal="≤ ${t}×" ;;
	a*)	t=${6#a}
		verdict=$(echo "$2 <= $t" | bc -l)
		goal="≤ $(echo "$t * 1000" | bc | sed 's/\..*//') ms" ;;
	g*)	t=${6#g} t=${t%/*} g=${6#*/}
		# two targets, each stated met or missed
		goal="≤ $(echo "$t * 1000" | bc | sed 's/\..*//') ms"
		case $(echo "$2 <= $t" | bc -l) in
		1) goal="$goal met" ;; *) goal="$goal **missed**" ;;
		esac
		if [ "$grow_n" = "$n" ]; then
			goal="$goal; the reference of the ${g}× growth"
		else
			gr=$(echo "$2 / $grow_s" | bc -l)
			goal="$goal; ≤ ${g}× the $grow_n figure ($(printf %.2f "$gr")×)"
			case $(echo "$gr <= $g" | bc -l) in
			1) goal="$goal met" ;; *) goal="$goal **missed**" ;;
			esac
		fi
		verdict=g ;;
	*)	verdict=- goal=- ;;
	esac
	case $verdict in
	1) v="$goal met" ;; 0) v="$goal **missed**" ;; g) v=$goal ;; *) v=- ;;
	esac
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

# a push made by sanfen's own commands in a clone of central (CENTRAL,
# bare): PUSH_COMMITS commits, each of them one command. Of every ten,
# eight progress notes by a task's lead unit on coordinated issues with
# open tasks (one in four marking the task done), then a submission and
# its screening. Pushed to central with git push.
make_push() {
	git clone -q "$1" "$work/writer"
	cd "$work/writer"
	grep -l '^status: coordinated' -r issues | sort |
	    xargs awk 'FNR == 1 { lead = "" } /^  lead: / { lead = $2 }
		/^  status: open/ { print FILENAME, lead }' >"$work/tasks"
	ntasks=$(wc -l <"$work/tasks")
	[ "$ntasks" -gt 0 ] || { echo "bench: no open task" >&2; return 1; }
	ex=$top/examples/issues/ningbo-port-sea-use.yaml
	i=0 k=0
	while [ $i -lt "$PUSH_COMMITS" ]; do
		case $((i % 10)) in
		8)	sanfen-submit --as ningbo --title "新增问题$i" -F "$ex" &&
			nid=$(git log -1 --format='%(trailers:key=Sanfen-Issue,valueonly)' |
			    sed '/^$/d') ;;
		9)	sanfen-screen --as tf-drc "$nid" ;;
		*)	set -- $(sed -n "$((k % ntasks + 1))p" "$work/tasks")
			id=${1##*/} id=${id%.yaml}
			# a task marked done once only: past the list, notes
			if [ $k -lt "$ntasks" ] && [ $((k % 4)) = 3 ]; then
				sanfen-progress --as "$2" --note "手续已办结" \
				    --done "$id" 1
			else
				sanfen-progress --as "$2" \
				    --note "已召开专题协调会，第$i次推进" "$id" 1
			fi
			k=$((k + 1)) ;;
		esac >/dev/null 2>"$work/err" ||
		    echo "bench: push commit $i failed: $(head -1 "$work/err")" >&2
		i=$((i + 1))
	done
	git push -q origin HEAD
	cd "$led"
	rm -rf "$work/writer"
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

	# the central guard on a push: a bare central repository cloned
	# from the ledger (its objects in one pack, as a server's), a push
	# into it made in a clone (not timed), then the pre-receive hook's
	# check of that push, run once first to warm the caches
	central=$work/c$n.git
	git clone -q --bare --no-local "$led" "$central"
	old=$(git -C "$central" rev-parse HEAD)
	make_push "$central"
	cd "$central"
	new=$(git rev-parse HEAD)
	cnt=$(git rev-list --count "$old..$new")
	[ "$cnt" = "$PUSH_COMMITS" ] ||
	    echo "bench: the push has $cnt commits, not $PUSH_COMMITS" >&2
	guard="sanfen-check --history -q --since $old $new"
	$guard >/dev/null 2>"$work/err" ||
	    echo "bench: $guard: $(head -1 "$work/err")" >&2
	git rev-list "$old..$new" >/dev/null
	git log --raw -p "$old..$new" >/dev/null
	s=$(median $guard)
	b=$(median git rev-list "$old..$new")
	bl=$(median git log --raw -p "$old..$new")
	mem=$(peak $guard)
	[ -n "${grow_n-}" ] || grow_n=$n grow_s=$s
	what="sanfen-check --history -q --since OLD NEW (a push of $cnt commits)"
	row "$what" "$s" "$b" "git rev-list OLD..NEW" "$mem" g0.05/2
	row "… the same, beside reading the push's changes" "$s" "$bl" \
	    "git log --raw -p OLD..NEW" "$mem" -

	cd "$top"
	rm -rf "$central"
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
	echo
	echo "The central guard: a bare central repository (the ledger cloned"
	echo "into one pack) receives a push of $PUSH_COMMITS commits made by"
	echo "sanfen's commands in a clone (progress notes by the tasks' lead"
	echo "units, some marking a task done; submissions and their"
	echo "screening), and 'sanfen-check --history -q --since OLD NEW' checks"
	echo "it as the pre-receive hook does, beside 'git rev-list OLD..NEW'"
	echo "(listing the push) and 'git log --raw -p OLD..NEW' (reading its"
	echo "changes). Its target is a cost about the change, not the ledger:"
	echo "at most 50 ms at 100,000 issues, and the figure there within 2×"
	echo "of the one at the first size measured (1,000 issues by default)."
	cat "$work/table"
} >"$out"
echo
echo "written to $out"
