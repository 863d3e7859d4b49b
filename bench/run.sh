#!/bin/sh
# make bench: generate ledgers with bench/gen and time sanfen's commands
# side by side with what plain git and cat do on the same ledger. Each
# figure is the median of $RUNS runs; peak memory (max RSS) from
# /usr/bin/time when installed. Results go to bench/results.md.
#
# usage: sh bench/run.sh BUILDDIR     (BENCH_SIZES="1000 20000" by default)

set -eu
top=$1
PATH=$top/bin:$PATH
export PATH
RUNS=${RUNS:-5}
SIZES=${BENCH_SIZES:-1000 20000}
work=$(mktemp -d "${TMPDIR:-/tmp}/sanfen-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export SANFEN_TODAY=2024-12-20 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=b@bench
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=b@bench
export GIT_CONFIG_NOSYSTEM=1 HOME=$work
unset SANFEN_DIR SANFEN_UNIT
out=$top/bench/results.md

# median seconds of running "$@" RUNS times (stdout discarded)
median() {
	i=0
	: >"$work/times"
	while [ $i -lt "$RUNS" ]; do
		s=$(date +%s.%N)
		"$@" >/dev/null 2>&1 || true
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

row() {		# row WHAT SANFEN-SECONDS BASELINE-SECONDS BASELINE MEM
	ratio=$(echo "$2 / $3" | bc -l)
	printf '| %s | %s | %s | %s | %.2f | %s |\n' "$1" "$2" "$3" "$4" \
	    "$ratio" "$5" | tee -a "$work/table"
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
	printf '\n## %s issues (%s coordinated, %s pending)\n\n' "$n" \
	    $((n / 2)) $((n - n / 2)) | tee -a "$work/table"
	echo "| command | sanfen s | baseline s | baseline | ratio | sanfen peak MB |" | tee -a "$work/table"
	echo "|---|---|---|---|---|---|" | tee -a "$work/table"

	# Art. 8: every pending issue against every coordinated one
	s=$(median sanfen-screen --as tf-drc -n --pending)
	mem=$(peak sanfen-screen --as tf-drc -n --pending)
	b=$(median sh -c "cat issues/*/*/*.yaml")
	row "sanfen-screen -n --pending ($((n - n / 2)) x $((n / 2)))" "$s" "$b" "cat every issue" "$mem"

	s=$(median sanfen-list --status coordinated --format json)
	mem=$(peak sanfen-list --status coordinated --format json)
	row "sanfen-list --status coordinated --format json" "$s" "$b" "cat every issue" "$mem"

	s=$(median sanfen-check -q)
	mem=$(peak sanfen-check -q)
	row "sanfen-check" "$s" "$b" "cat every issue" "$mem"

	s=$(median sanfen-supervise --as-of 2024-12-20)
	mem=$(peak sanfen-supervise --as-of 2024-12-20)
	row "sanfen-supervise" "$s" "$b" "cat every issue" "$mem"

	# one submission against git add + git commit of one file
	f=$top/examples/issues/ningbo-port-sea-use.yaml
	s=$(median sanfen-submit --as ningbo -F "$f")
	mem=$(peak sanfen-submit --as ningbo -F "$f")
	i=0
	b=$(median sh -c 'i=$(date +%N); cp "$0" "x$i.yaml" && git add "x$i.yaml" && git commit -qm "x"' "$f")
	row "sanfen-submit (one issue)" "$s" "$b" "git add + git commit" "$mem"
	cd "$top"
	rm -rf "$led"
done
{
	cat "$work/head"
	echo "Ratios are sanfen's time over the baseline's. The screening row is"
	echo "the Art. 8 duplicate search of every pending issue against every"
	echo "coordinated one through the bigram index (no pair is compared"
	echo "unless it shares a rare bigram), with YAML parsing of every file."
	cat "$work/table"
} >"$out"
echo
echo "written to $out"
