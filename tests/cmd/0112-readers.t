#!/bin/sh
# The readers against files that are not what they seem: a committed
# issue file that does not read is named by every reader, every time,
# from the blobs or from the cache, and the exit status says so; a file
# under issues/ not named as an issue file is warned about.
. "$(dirname "$0")/lib.sh"

new_ledger led
cd "$T/led"
nb=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml")
jh=$(sanfen-submit --as jinhua -F "$EX/issues/jinhua-rail-policy.yaml")
sanfen-screen --as tf-drc --pending >/dev/null
nbf=issues/2024/10/$nb.yaml
jhf=issues/2024/10/$jh.yaml
cache=.git/sanfen/issues.cache

# --- an invalid issue committed by hand -----------------------------------

sed -i 's/^subject: .*/subject: nowhere/' "$nbf"
git commit -qam 'hand: an invalid subject'
bad="$nbf:6:10: subject: unknown subject 'nowhere' (expected soe, private, city, other)"

# every reader that scans the ledger, as NAME ARGS…
cat >"$T/readers" <<-EOF
	sanfen-list
	sanfen-list --status accepted --format json
	sanfen-ledger --format csv
	sanfen-report --period 2024 --format json
	sanfen-score --period 2024 --format json
	sanfen-supervise --as-of 2025-03-01
	sanfen-agenda quota --quarter 2024Q4 --format json
	EOF
rm -f "$cache" "$cache.delta"
for pass in blobs cache off; do
	while read -r cmd args; do
		if [ $pass = off ]; then
			run env SANFEN_CACHE=0 $cmd $args
		else
			run $cmd $args
		fi
		status 1 "$cmd $args ($pass): exits 1"
		err_is "$cmd: error: $bad" \
		    "$cmd $args ($pass): names the file, once"
	done <"$T/readers"
done
# the valid one is still listed, the invalid one is not
run sanfen-list
is "$(sed 1d "$T/out" | cut -c1-15)" "$jh" "sanfen-list: the valid issue listed"

# agenda new (a writer): the invalid file may be an accepted issue the
# agenda lacks; it is named and the exit status says so, the agenda made
run sanfen-agenda --as tf-office new --kind monthly --date 2024-10-20
status 1 "agenda new: exits 1"
out_is "2024-10-20-monthly" "agenda new: the meeting made"
has "$T/err" "sanfen-agenda: error: $bad" "agenda new: names the invalid issue"
[ -f meetings/2024/2024-10-20-monthly.yaml ] &&
    ok "agenda new: the agenda was written" ||
    not_ok "agenda new: the agenda was written"

# --- a damaged blob: the object cannot be read ------------------------------

obj=$(git rev-parse "HEAD:$nbf")
objf=.git/objects/$(echo "$obj" | cut -c1-2)/$(echo "$obj" | cut -c3-)
chmod u+w "$objf"
printf 'not an object' >"$objf"
rm -f "$cache" "$cache.delta"
for i in 1 2 3; do
	run sanfen-list
	status 1 "damaged blob, run $i: exits 1"
	is "$(sed 's/:.*//' "$T/err")" "sanfen-list" \
	    "damaged blob, run $i: one message"
	has "$T/err" "sanfen-list: error: cannot read $nbf: " \
	    "damaged blob, run $i: the file named"
	is "$(sed 1d "$T/out" | cut -c1-15)" "$jh" \
	    "damaged blob, run $i: the others listed"
done
run sanfen-agenda quota --quarter 2024Q4
status 1 "damaged blob: agenda quota exits 1"
has "$T/err" "sanfen-agenda: error: cannot read $nbf: " \
    "damaged blob: agenda quota names it"

new_ledger led2
cd "$T/led2"
nb=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml")

# --- misnamed files under issues/ -------------------------------------------

mkdir -p issues/2024/10/x issues/2024/11
printf 'a: b\n' >issues/2024/10/garbage.yaml
printf 'a: b\n' >issues/2024/10/x/20241008-aaaaaa.yaml
cp "issues/2024/10/$nb.yaml" "issues/2024/11/$nb.yaml"
printf '' >issues/2024/.gitkeep
git add issues && git commit -qm 'hand: misnamed files'
w="issues are issues/YYYY/MM/<id>.yaml, in the month of their id"
want="sanfen-list: warning: issues/2024/10/garbage.yaml: not an issue file: $w
sanfen-list: warning: issues/2024/10/x/20241008-aaaaaa.yaml: not an issue file: $w
sanfen-list: warning: issues/2024/11/$nb.yaml: not an issue file: $w"
rm -f "$cache" "$cache.delta"
for pass in blobs cache off; do
	if [ $pass = off ]; then
		run env SANFEN_CACHE=0 sanfen-list
	else
		run sanfen-list
	fi
	status 0 "misnamed files ($pass): a warning, exit 0"
	err_is "$want" "misnamed files ($pass): each named once, dot files not"
	is "$(sed 1d "$T/out" | cut -c1-15)" "$nb" \
	    "misnamed files ($pass): the issue listed once"
done
run sanfen-report --period 2024 --format json
status 0 "sanfen-report: misnamed files, exit 0"
has "$T/err" "sanfen-report: warning: issues/2024/10/garbage.yaml: not an issue file" \
    "sanfen-report warns too"
run sanfen-check
status 1 "sanfen-check: misnamed files are findings"

done_testing
