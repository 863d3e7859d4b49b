#!/bin/sh
# The query cache (.git/sanfen/issues.cache): every reader gives the same
# bytes with it and without it (SANFEN_CACHE=0), after commands, commits
# by hand, a plain git pull, a checkout and a damaged or foreign cache
# file; unchanged blobs are not parsed again; the cache is never committed.
. "$(dirname "$0")/lib.sh"
test_seed

new_ledger led
cd "$T/led"
cache=.git/sanfen/issues.cache
nb=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml")
jh=$(sanfen-submit --as jinhua -F "$EX/issues/jinhua-rail-policy.yaml")
hz=$(sanfen-submit --as hangzhou -F "$EX/issues/hangzhou-datacenter-energy.yaml")
sanfen-screen --as tf-drc --pending >/dev/null

# every reader, once with the cache and once without; the outputs compared
readers() {
	sanfen-list
	sanfen-list --format json
	sanfen-list --status accepted --format csv
	sanfen-list --unit dept-nr --format yaml
	sanfen-ledger --format json
	sanfen-supervise --format json --as-of 2025-03-01
	sanfen-report --period 2024 --format json
	sanfen-score --period 2024 --format json
	sanfen-agenda quota --quarter 2024Q4 --format json
	sanfen-screen --as tf-drc -n "$nb"
}
compare() {		# compare WHAT
	readers >"$T/with" 2>&1
	SANFEN_CACHE=0 readers >"$T/without" 2>&1
	same_file "$T/with" "$T/without" "$1: the same with the cache as without"
}
trace() {		# trace CMD…: the cache's own account, on stderr
	SANFEN_TRACE=1 "$@" 2>&1 >/dev/null | grep '^sanfen: cache:'
}

rm -f "$cache"
compare "three issues, screened"
[ -s "$cache" ] && ok "the first reader writes the cache" ||
    not_ok "the first reader writes the cache"
is "$(git status --porcelain)" "" "the cache is not in the work tree"
is "$(git ls-files .git | wc -l | tr -d ' ')" "0" "nor committed"
is "$(trace sanfen-list)" \
    "sanfen: cache: 3 issues: 3 cached, 0 parsed, 0 invalid" \
    "unchanged issues are answered from the cache, none parsed"
cp "$cache" "$T/cache.before"
sanfen-list >/dev/null
same_file "$cache" "$T/cache.before" "a reader that finds the cache current writes nothing"

# a command changes one issue: only that blob is parsed
sanfen-close --as hangzhou --withdraw --note '企业已自行解决' "$hz" >/dev/null
is "$(trace sanfen-list)" \
    "sanfen: cache: 3 issues: 2 cached, 1 parsed, 0 invalid, delta written" \
    "after sanfen-close: the one changed file is parsed"
compare "after a withdrawal"

# an edit not committed: the scanning readers read the ledger as
# committed, as git log does; sanfen-check reads the work tree
f=issues/2024/10/$nb.yaml
sed -i 's/^title: .*/title: 宁波舟山港码头用海审批（改）/' "$f"
run sanfen-list
hasnt "$T/out" "宁波舟山港码头用海审批（改）" "an edit not committed is not listed"
run sanfen-check
status 0 "sanfen-check reads the edit (valid)"
git commit -qam 'hand: a better title'
run sanfen-list
has "$T/out" "宁波舟山港码头用海审批（改）" "committed by hand, it is listed"
is "$(trace sanfen-list)" \
    "sanfen: cache: 3 issues: 3 cached, 0 parsed, 0 invalid" \
    "and cached"
compare "after a commit by hand"

# a checkout of an older commit, and back: trees diffed, blobs by id
git checkout -q HEAD~1
is "$(trace sanfen-list)" \
    "sanfen: cache: 3 issues: 2 cached, 1 parsed, 0 invalid, delta written" \
    "a checkout: only the blob that differs is parsed"
compare "at an older commit"
git checkout -q main
sanfen-list >/dev/null

# a plain git pull from another clone
git clone -q . "$T/other"
(cd "$T/other" && sanfen-submit --as lishui \
    -F "$EX/issues/ningbo-port-sea-use.yaml" --submitter lishui \
    --subject city --city lishui >/dev/null)
git pull -q --no-rebase "$T/other" main
is "$(trace sanfen-list)" \
    "sanfen: cache: 4 issues: 3 cached, 1 parsed, 0 invalid, delta written" \
    "after git pull: the new issue is parsed, the rest cached"
compare "after a pull"

# a damaged cache: detected, never a wrong answer, rebuilt
size=$(wc -c <"$cache")
printf 'XXXX' | dd of="$cache" bs=1 seek=$((size - 30)) conv=notrunc 2>/dev/null
compare "a damaged record"
sanfen-list >/dev/null
head -c 100 "$cache" >"$T/c" && cp "$T/c" "$cache"
compare "a cut-short cache"
printf 'not a cache\n' >"$cache"
compare "a file that is not a cache"
: >"$cache"
compare "an empty cache file"
rand_bytes 4096 "$cache"
compare "random bytes"
is "$(trace sanfen-list)" \
    "sanfen: cache: 4 issues: 4 cached, 0 parsed, 0 invalid" \
    "then rebuilt in one pass and trusted again"

# units.yaml decides how a file reads: another one rebuilds the cache
echo '# 注释' >>units.yaml
case $(trace sanfen-list) in
*rebuilt*) ok "a changed units.yaml rebuilds the cache" ;;
*) not_ok "a changed units.yaml rebuilds the cache" ;;
esac
git checkout -q -- units.yaml

# an invalid file committed by hand is named by every reader, every time
printf 'title: [a\n' >issues/2024/10/20241008-zzzzzz.yaml
git add issues && git commit -qm 'hand: broken'
for i in 1 2; do
	run sanfen-list
	[ "$rc" -eq 1 ] && grep -q '20241008-zzzzzz.yaml:' "$T/err" &&
	    ok "an invalid file is reported (run $i)" ||
	    { not_ok "an invalid file is reported (run $i)"; diag "exit $rc" "$(cat "$T/err")"; }
done
git rm -q issues/2024/10/20241008-zzzzzz.yaml && git commit -qm 'hand: gone'

# a cache that cannot be written is no error
rm -f "$cache"
mkdir -p "$cache"
run sanfen-list --format json
status 0 "a cache that cannot be written: the command still answers"
rmdir "$cache"

# SANFEN_CACHE=0 neither reads nor writes it
rm -f "$cache"
SANFEN_CACHE=0 sanfen-list >/dev/null
[ ! -e "$cache" ] && ok "SANFEN_CACHE=0 writes no cache" ||
    not_ok "SANFEN_CACHE=0 writes no cache"
done_testing
