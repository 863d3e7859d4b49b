#!/bin/sh
# make bench's harness (bench/run.sh) at a tiny size: it runs through,
# says how many runs each figure is the median of, and prints the central
# guard's rows (sanfen-check --history on a push made by sanfen's own
# commands) with their baselines, ratios and targets computed from the
# figures, the push holding the commits it was asked for.
. "$(dirname "$0")/lib.sh"

if [ ! -x "$SANFEN_BUILD/bench/gen" ]; then
	skip "bench/gen not built (make bench/gen)"
	done_testing
	exit
fi
for t in bc /usr/bin/time; do
	command -v "$t" >/dev/null 2>&1 && continue
	skip "$t not installed"
	done_testing
	exit
done

# two sizes, for the growth target; the results out of the build tree
BENCH_SIZES="100 200" RUNS=3 PUSH_COMMITS=10 BENCH_OUT=$T/results.md \
    TMPDIR=$T run sh "$SANFEN_BUILD/bench/run.sh" "$SANFEN_BUILD"
status 0 "the harness runs through"
hasnt "$T/err" "bench:" "no command of the harness failed"
res=$T/results.md
has "$res" "- runs: median of 3" "the run count is stated"
has "$res" "within 2×" "the table text states the guard's target"
has "$res" "The central guard: a bare central repository" \
    "the table text describes the guard's rows"

# the rows of one table, by size: "100 issues", "200 issues"
rows() {		# rows SIZE: that size's guard rows, as fields
	awk -v n="$1" '/^## / { in_size = ($2 == n) }
	    in_size && /^\| (sanfen-check --history|… the same, beside reading)/' \
	    "$res"
}
# check_row N ROW WHAT: 7 fields, figures, ratio = sanfen / baseline
check_row() {
	echo "$2" | awk -F ' [|] ' '
	    NF != 7 { print "fields: " NF; bad = 1 }
	    $2 !~ /^[0-9]+\.[0-9]+$/ || $3 !~ /^[0-9]+\.[0-9]+$/ ||
	    $5 !~ /^[0-9]+\.[0-9][0-9]$/ || $6 !~ /^[0-9]+\.[0-9]$/ {
		print "not figures: " $0; bad = 1 }
	    !bad && ($2 / $3 - $5) ^ 2 > 0.006 ^ 2 {
		print "ratio " $5 " of " $2 " / " $3; bad = 1 }
	    END { exit bad }' >"$T/why" &&
	    ok "$3" || { not_ok "$3"; diag "$2" "$(cat "$T/why")"; }
}
g_what="sanfen-check --history -q --since OLD NEW (a push of 10 commits)"
l_what="… the same, beside reading the push's changes"
for n in 100 200; do
	rows $n >"$T/rows"
	is "$(wc -l <"$T/rows" | tr -d ' ')" 2 "$n issues: two guard rows"
	guard=$(sed -n 1p "$T/rows")
	log=$(sed -n 2p "$T/rows")
	case $guard in
	"| $g_what | "*" | git rev-list OLD..NEW | "*)
		ok "$n issues: the guard beside git rev-list, on 10 commits" ;;
	*)	not_ok "$n issues: the guard beside git rev-list, on 10 commits"
		diag "$guard" ;;
	esac
	check_row $n "$guard" "$n issues: figures and ratio of the guard's row"
	case $log in
	"| $l_what | "*" | git log --raw -p OLD..NEW | "*" | - |")
		ok "$n issues: the second row beside git log --raw -p" ;;
	*)	not_ok "$n issues: the second row beside git log --raw -p"
		diag "$log" ;;
	esac
	check_row $n "$log" "$n issues: figures and ratio of the second row"
	is "$(echo "$guard" | awk -F ' [|] ' '{ print $2 }')" \
	    "$(echo "$log" | awk -F ' [|] ' '{ print $2 }')" \
	    "$n issues: one sanfen figure in both rows"
	echo "$guard" | awk -F ' [|] ' '{ print $2 }' >"$T/s$n"
	echo "$guard" | awk -F ' [|] ' '{ sub(/ \|$/, "", $7); print $7 }' \
	    >"$T/target$n"
done

# the targets, stated met or missed as the figures say
verdict() {		# verdict EXPR: "met" or "**missed**"
	[ "$(echo "$1" | bc -l)" = 1 ] && echo met || echo "**missed**"
}
s1=$(cat "$T/s100") s2=$(cat "$T/s200")
is "$(cat "$T/target100")" \
    "≤ 50 ms $(verdict "$s1 <= 0.05"); the reference of the 2× growth" \
    "the first size: the 50 ms target, the reference of the growth"
g=$(printf %.2f "$(echo "$s2 / $s1" | bc -l)")
want="≤ 50 ms $(verdict "$s2 <= 0.05");"
want="$want ≤ 2× the 100 figure (${g}×) $(verdict "$s2 / $s1 <= 2")"
is "$(cat "$T/target200")" "$want" \
    "the next size: both targets, each met or missed as computed"
done_testing
