#!/bin/sh
# The readers against files that are not what they seem: a committed
# issue file that does not read is named by every reader, every time,
# from the blobs or from the cache, and the exit status says so; a file
# under issues/ not named as an issue file is warned about. A FIFO where
# a cache goes, a symbolic link in the work tree, a byte order mark, -F
# from a pipe, and text that would drive the terminal or reorder a line.
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

# --- a FIFO where a cache file goes ----------------------------------------

new_ledger led3
cd "$T/led3"
nb=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml")
nbf=issues/2024/10/$nb.yaml
row="$nb  submitted  2024-10-08  宁波       soe      ningbo  宁波舟山港梅山港区某集装箱码头工程用海审批"
for f in issues.cache issues.cache.delta; do
	rm -f "$cache" "$cache.delta"
	[ $f = issues.cache.delta ] && sanfen-list >/dev/null
	mkfifo ".git/sanfen/$f"
	run timeout 20 sanfen-list
	status 0 "a FIFO as $f: sanfen-list does not wait on it"
	is "$(sed 1d "$T/out")" "$row" "a FIFO as $f: the issue listed"
	err_is "" "a FIFO as $f: nothing said"
done
rm -f "$cache" "$cache.delta"
mkfifo "$cache"
run timeout 20 sanfen-list --format json
[ -f "$cache" ] && [ ! -p "$cache" ] &&
    ok "the FIFO replaced by the cache written" ||
    not_ok "the FIFO replaced by the cache written"
rm -f .git/sanfen/groups-2024
mkfifo .git/sanfen/groups-2024
run timeout 20 sanfen-report --period 2024 --format json
status 0 "a FIFO as a report's groups file: not waited on"
[ -f .git/sanfen/groups-2024 ] && [ ! -p .git/sanfen/groups-2024 ] &&
    ok "and replaced" || not_ok "and replaced"
# a symbolic link where the cache goes: its target neither read nor written
rm -f "$cache" "$cache.delta"
printf 'not a cache\n' >"$T/target"
ln -s "$T/target" "$cache"
run sanfen-list
status 0 "a symbolic link as the cache: sanfen-list answers"
is "$(cat "$T/target")" "not a cache" "its target untouched"
[ -f "$cache" ] && [ ! -L "$cache" ] && ok "the link replaced" ||
    not_ok "the link replaced"

# --- symbolic links in the work tree ---------------------------------------

printf 'secret: the target\n' >"$T/secret.yaml"
mv "$nbf" "$T/nb.yaml"
ln -s "$T/secret.yaml" "$nbf"
link="cannot read $nbf: a symbolic link (not followed)"
run sanfen-show "$nb"
status 1 "sanfen-show: an issue file that is a symbolic link: exits 1"
out_is "" "sanfen-show: nothing printed"
err_is "sanfen-show: error: $link" "sanfen-show: the link named, not followed"
run sanfen-check
status 1 "sanfen-check: an issue file that is a symbolic link: exits 1"
out_is "$link" "sanfen-check: the link named, not followed"
hasnt "$T/err" "secret" "sanfen-check: nothing of the target"
# to a regular file of the ledger itself: still not followed
rm "$nbf"
cp "$T/nb.yaml" "$T/led3/nb-copy.yaml"
ln -s ../../../nb-copy.yaml "$nbf"
run sanfen-show "$nb"
status 1 "sanfen-show: a link within the ledger: exits 1"
err_is "sanfen-show: error: $link" "sanfen-show: named"
rm "$nbf" nb-copy.yaml
mv "$T/nb.yaml" "$nbf"
# units.yaml a link: every command refuses, naming it
mv units.yaml "$T/units.yaml"
ln -s "$T/units.yaml" units.yaml
run sanfen-list
status 1 "units.yaml a symbolic link: exits 1"
err_is "sanfen-list: error: cannot read units.yaml: a symbolic link (not followed)" \
    "units.yaml a symbolic link: named"
rm units.yaml
mv "$T/units.yaml" units.yaml
# a FIFO as an issue file: refused at once
mv "$nbf" "$T/nb.yaml"
mkfifo "$nbf"
run timeout 20 sanfen-show "$nb"
status 1 "sanfen-show: a FIFO as an issue file: exits 1, at once"
err_is "sanfen-show: error: cannot read $nbf: not a regular file" \
    "sanfen-show: the FIFO named"
rm "$nbf"
mv "$T/nb.yaml" "$nbf"
is "$(git status --porcelain)" "" "the work tree as it was"

# --- a byte order mark ------------------------------------------------------

printf '\357\273\277' >"$T/bom.yaml"
grep -v '^#' "$EX/issues/hangzhou-datacenter-energy.yaml" >>"$T/bom.yaml"
run sanfen-submit --as hangzhou -F "$T/bom.yaml"
status 0 "submit -F: a file with a byte order mark is read"
hz=$(cat "$T/out")
err_is "" "submit -F with a byte order mark: nothing said"
case $hz in 20241008-??????) ok "submit -F with a BOM: the id printed" ;;
*) not_ok "submit -F with a BOM: the id printed"; diag "$hz" ;;
esac
# an issue file saved with one, committed by hand
hzf=issues/2024/10/$hz.yaml
{ printf '\357\273\277'; cat "$hzf"; } >"$T/x" && cat "$T/x" >"$hzf"
git commit -qam 'hand: saved by an editor that writes a BOM'
run sanfen-check
status 0 "sanfen-check: an issue file with a BOM is valid"
run sanfen-show "$hz"
status 0 "sanfen-show: an issue file with a BOM"
has "$T/out" "title         杭州某算力中心项目能耗指标保障" "sanfen-show: its title"
run sanfen-list
status 0 "sanfen-list: an issue file with a BOM"
err_is "" "sanfen-list: nothing said"
has "$T/out" "$hz" "sanfen-list: listed"

# --- -F from a pipe, a FIFO, a character device -----------------------------

cat "$EX/issues/jinhua-rail-policy.yaml" >"$T/jh.yaml"
run sh -c "cat '$T/jh.yaml' | sanfen-submit --as jinhua -F /dev/stdin"
status 0 "submit -F /dev/stdin from a pipe"
err_is "" "submit -F /dev/stdin: nothing said"
jh=$(cat "$T/out")
is "$(sanfen-show --format json "$jh" | $PY -c 'import json,sys; print(json.load(sys.stdin)["title"])')" \
    "金义东市域轨道交通延伸线跨市段资金分担政策落实" "the issue from the pipe"
mkfifo "$T/fifo"
cat "$T/jh.yaml" >"$T/fifo" &
run timeout 20 sanfen-submit --as jinhua -F "$T/fifo"
status 0 "submit -F FIFO: read to its end"
wait
run sanfen-submit --as jinhua -F /dev/null
status 1 "submit -F /dev/null: read (empty), refused as incomplete"
hasnt "$T/err" "Invalid argument" "submit -F /dev/null: not 'Invalid argument'"
run sanfen-submit --as jinhua -F "$T"
status 1 "submit -F a folder: refused"
err_is "sanfen-submit: error: $T: Is a directory" "submit -F a folder: said so"

# --- text that would drive a terminal or reorder a line ---------------------

rlo=$(printf '\342\200\256')
rlm=$(printf '\342\200\217')
sed "s/^title: .*/title: \"宁波\\\\u202e港\\\\u200f口\"/" \
    "$EX/issues/ningbo-port-sea-use.yaml" >"$T/bidi.yaml"
bd=$(sanfen-submit --as ningbo -F "$T/bidi.yaml")
is "$(git show "HEAD:issues/2024/10/$bd.yaml" | sed -n 2p)" \
    "title: 宁波${rlo}港${rlm}口" "the title kept as written, in the file"
run sanfen-list --status submitted
status 0 "sanfen-list: a title with bidi marks"
is "$(grep "^$bd" "$T/out" | sed 's/.*ningbo *//')" '宁波\u202e港\u200f口' \
    "sanfen-list: the marks escaped"
hasnt "$T/out" "$rlo" "sanfen-list: no U+202E on the terminal"
run sanfen-show "$bd"
is "$(sed -n 2p "$T/out")" 'title         宁波\u202e港\u200f口' \
    "sanfen-show: the marks escaped"
run sanfen-show --format json "$bd"
has "$T/out" '"title": "宁波\u202e港\u200f口"' "sanfen-show json: \\u202e"
is "$($PY -c 'import json,sys; print(json.load(sys.stdin)["title"] == "宁波\u202e港\u200f口")' <"$T/out")" \
    "True" "sanfen-show json: valid, the same title once decoded"
run sanfen-list --format json
$PY -c 'import json,sys; json.load(sys.stdin)' <"$T/out" &&
    ok "sanfen-list json: valid JSON" || not_ok "sanfen-list json: valid JSON"
hasnt "$T/out" "$rlo" "sanfen-list json: no raw U+202E"
run sanfen-log "$bd"
has "$T/out" 'submit '"$bd"': 宁波\u202e港\u200f口' "sanfen-log: the subject escaped"
hasnt "$T/out" "$rlo" "sanfen-log: no raw U+202E"
# a commit by hand whose subject clears the screen
git commit -q --allow-empty -m "$(printf 'hand: \033[2J\033]0;pwned\007')"
run sanfen-log
has "$T/out" 'hand: \e[2J\e]0;pwned\x07' "sanfen-log: escape sequences escaped"
esc=$(printf '\033')
hasnt "$T/out" "$esc" "sanfen-log: no ESC on the terminal"
# a misnamed file whose name holds an escape sequence
name="issues/2024/10/$(printf '\033[2J').yaml"
printf 'a: b\n' >"$name"
git add issues && git commit -qm 'hand: a strange name'
run sanfen-list
status 0 "a file named with ESC: a warning"
has "$T/err" 'sanfen-list: warning: issues/2024/10/\e[2J.yaml: not an issue file' \
    "its name escaped on stderr"
hasnt "$T/err" "$esc" "no ESC on stderr"

done_testing
