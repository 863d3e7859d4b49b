#!/bin/sh
# A plain git pull racing a sanfen writer in the same clone, in a bounded
# loop: each writer either reports its progress note done, and the note
# then reaches the central repository, or refuses with a message that
# says why; no writer crashes, and following what git and sanfen say
# (sanfen-sync to finish a merge, git reset --hard where git's own pull
# failed half-way) loses nothing. Issue 14 saw one note lost in each of
# four runs of 40 rounds.
. "$(dirname "$0")/lib.sh"

ROUNDS=${SANFEN_RACE_ROUNDS:-10}
central_ledger prov
nb=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml")
F=issues/2024/10/$nb.yaml
coordinate "$nb"
sanfen-sync >/dev/null
git clone -q "$T/central.git" "$T/nb"

: >"$T/reported"
crashed=0 odd=0 i=1
while [ $i -le "$ROUNDS" ]; do
	# ningbo reports in its clone, so that the pull has a merge to make
	(cd "$T/nb" && sanfen-progress --as ningbo --note "宁波 $i" "$nb" 2 \
	    >/dev/null && sanfen-sync >/dev/null 2>&1)
	cd "$T/prov"
	git pull -q --no-rebase --no-edit origin main >"$T/pull.out" 2>&1 &
	pid=$!
	# the writer starts at a different moment of the pull each round
	sleep "$(printf '0.%02d' $(( (i % 6) * 4 )))"
	sanfen-progress --as dept-eco --note "省里 $i" "$nb" 2 >/dev/null \
	    2>"$T/sp.err"
	rc=$?
	wait $pid
	if [ $rc -eq 0 ]; then
		echo "省里 $i" >>"$T/reported"
	elif [ $rc -ge 2 ]; then
		crashed=$((crashed + 1))
		echo "round $i: the writer exited $rc: $(cat "$T/sp.err")" >&2
	elif ! grep -q "^sanfen-progress: error: ." "$T/sp.err"; then
		odd=$((odd + 1))
		diag "round $i: refused without a reason: $(cat "$T/sp.err")"
	else
		# the reasons met, for the record (prove shows stderr)
		echo "round $i: $(cat "$T/sp.err")" >&2
	fi
	# the clerk does what the messages say
	if git rev-parse -q --verify MERGE_HEAD >/dev/null; then
		sanfen-sync >/dev/null 2>&1 ||
		    diag "round $i: sanfen-sync did not finish the merge"
	elif [ -n "$(git status --porcelain)" ]; then
		git reset -q --hard	# git's pull failed half-way
	fi
	sanfen-sync >/dev/null 2>&1 || diag "round $i: sanfen-sync failed"
	i=$((i + 1))
done
is "$crashed" 0 "no writer crashed in $ROUNDS rounds"
is "$odd" 0 "every refusal said why"
git fetch -q origin
git show "origin/main:$F" >"$T/central.yaml"
lost=0
while read -r n; do
	grep -q "note: $n\$" "$T/central.yaml" || {
		lost=$((lost + 1))
		diag "lost: $n"
	}
done <"$T/reported"
[ -s "$T/reported" ] && ok "writers succeeded ($(wc -l <"$T/reported") of $ROUNDS)" ||
    not_ok "no writer succeeded"
is "$lost" 0 "every note reported done is in the central repository"
run sanfen-check --history -C "$T/central.git"
status 0 "the central history checks clean"
run sanfen-check
status 0 "the clone checks clean"

done_testing
