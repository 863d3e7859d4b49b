#!/bin/sh
# One read path per command: sanfen-agenda new and show read the ledger
# as committed (the query cache, HEAD's blobs), sanfen-minutes issue the
# work tree, and each reads every issue and meeting file at most once,
# with the query cache or without it (SANFEN_TRACE=1 names every read).
# sanfen-submit reads none. A writer that starts from HEAD still refuses
# a file the clerk changed in the work tree.
. "$(dirname "$0")/lib.sh"

# traced CMD…: run CMD with SANFEN_TRACE=1; $T/reads: what it read, one
# file a line with its source in parentheses
traced() {
	SANFEN_TRACE=1 "$@" >"$T/out" 2>"$T/err"
	rc=$?
	sed -n 's/^sanfen: read //p' "$T/err" >"$T/reads"
}

# once WHAT: no file read twice by the last traced command
once() {
	_twice=$(sed 's/ ([^)]*)$//' "$T/reads" | sort | uniq -d)
	diag "$1: $(wc -l <"$T/reads" | tr -d ' ') reads, $(sed \
	    's/ ([^)]*)$//' "$T/reads" | sort -u | wc -l | tr -d ' ') files"
	if [ -z "$_twice" ]; then
		ok "$1: each file read once"
	else
		not_ok "$1: each file read once"
		diag "read more than once:" "$_twice" "every read:" \
		    "$(cat "$T/reads")"
	fi
}

# from WHAT SOURCE…: every read of the last traced command from one of
# these sources, and at least one read
from() {
	_what=$1
	shift
	_pat=$(printf '(%s)$\\|' "$@" | sed 's/\\|$//')
	if [ -s "$T/reads" ] && ! grep -v -- "$_pat" "$T/reads" >/dev/null
	then
		ok "$_what: reads only from $*"
	else
		not_ok "$_what: reads only from $*"
		diag "every read:" "$(cat "$T/reads")"
	fi
}

# both NAME CMD…: CMD traced in the ledger as it is, with the query
# cache, and in a copy of it (made first: a writer changes the ledger)
# without; $T/off holds the copy's reads
both() {
	_name=$1
	shift
	rm -rf "$T/off"
	cp -a "$T/led" "$T/off"
	(cd "$T/off" && SANFEN_CACHE=0 SANFEN_TRACE=1 "$@" \
	    >"$T/off.out" 2>"$T/off.err")
	sed -n 's/^sanfen: read //p' "$T/off.err" >"$T/off.reads"
	traced "$@"
	status 0 "$_name: exits 0"
	once "$_name"
	cp "$T/reads" "$T/on.reads"
	cp "$T/off.reads" "$T/reads"
	once "$_name, no cache"
	cp "$T/on.reads" "$T/reads"
}

new_ledger led
cd "$T/led"
sub() { sanfen-submit --as "$1" -F "$EX/issues/$2.yaml"; }
traced sub ningbo ningbo-port-sea-use
status 0 "submit: exits 0"
nb=$(cat "$T/out")
is "$(cat "$T/reads")" "" "submit: reads no issue or meeting file"
hz=$(sub hangzhou hangzhou-datacenter-energy)
wz=$(sub wenzhou wenzhou-private-land)
jh=$(sub jinhua jinhua-rail-policy)
ls=$(sub lishui lishui-pumped-storage)
traced sub dept-sasac dept-sasac-other
is "$(cat "$T/reads")" "" "submit into a ledger of issues: reads none"
sanfen-screen --as tf-drc --pending >/dev/null
M1=2024-10-15-monthly

# --- a writer from HEAD refuses what the clerk changed in the work tree ----

cand=$wz
cf=issues/$(echo "$cand" | cut -c1-4)/$(echo "$cand" | cut -c5-6)/$cand.yaml
has "$cf" "status: accepted" "a candidate for the next agenda"
day=24
for edit in title withdrawn removed; do
	day=$((day + 1))
	case $edit in
	title) sed -i 's/^title: /title: 改/' "$cf" ;;
	withdrawn) sed -i 's/^status: accepted/status: withdrawn/' "$cf" ;;
	removed) rm "$cf" ;;
	esac
	snapshot . "$T/before"
	run sanfen-agenda --as tf-drc new --kind special \
	    --date 2024-10-$day --max 5
	status 1 "agenda new, a candidate $edit in the work tree: refused"
	unchanged . "$T/before" "agenda new, a candidate $edit: nothing written"
	git checkout -q -- "$cf"
done

# --- agenda new: the ledger as committed --------------------------------

both "agenda new" sanfen-agenda --as tf-drc new --kind monthly \
    --date 2024-10-15 --max 4
from "agenda new" HEAD cache
cp "$T/off.reads" "$T/reads"
from "agenda new, no cache" HEAD
out_is "$M1" "agenda new: the meeting made"
has "$T/err" "warning: 2024Q4 is short of the Art. 7 quota" \
    "agenda new: the quota's warning"
cmp -s "$T/off.out" "$T/out" && cmp -s "$T/off/meetings/2024/$M1.yaml" \
    "meetings/2024/$M1.yaml" && ok "agenda new: the same without the cache" ||
    not_ok "agenda new: the same without the cache"
sanfen-agenda --as tf-drc propose $M1 >/dev/null
sanfen-agenda --as tf-office approve $M1 >/dev/null

# --- minutes issue: the work tree -----------------------------------------

{
	printf 'held: 2024-10-15\nchair: 省政府副秘书长\n'
	printf 'attendees: [tf-drc, dept-nr]\nitems:\n'
	n=0
	for i in $(sed -n 's/^- issue: //p' meetings/2024/$M1.yaml); do
		n=$((n + 1))
		if [ $n = 4 ]; then
			printf '  - issue: %s\n    deferred: true\n' "$i"
			continue
		fi
		printf '  - issue: %s\n    decision: 协调推进。\n' "$i"
		printf '    tasks:\n      - {action: 推进事项, lead: dept-nr, '
		printf 'due: 2024-11-10}\n'
	done
} >"$T/rec.yaml"
today 2024-10-15
sanfen-minutes --as tf-drc record $M1 -F "$T/rec.yaml" >/dev/null &&
sanfen-minutes --as tf-drc approve $M1 >/dev/null ||
    { echo "Bail out! the minutes of $M1"; exit 1; }
today 2024-10-18
both "minutes issue" sanfen-minutes --as tf-office issue $M1
from "minutes issue" "work tree"
grep -c "^issues/" "$T/reads" >"$T/n"
is "$(cat "$T/n")" 4 "minutes issue: reads each of the four items' issues"

# --- a second meeting: the quota reads the first, from HEAD ----------------

today 2024-11-01
both "agenda new, a second" sanfen-agenda --as tf-drc new --kind monthly \
    --date 2024-11-15 --max 2
from "agenda new, a second" HEAD cache
has "$T/reads" "meetings/2024/$M1.yaml (HEAD)" \
    "agenda new: the quota reads the quarter's meeting as committed"
M3=2024-12-20-semiannual
today 2024-12-01
sanfen-agenda --as tf-drc new --kind semiannual --date 2024-12-20 --max 1 \
    >/dev/null 2>&1

# --- agenda show: items, 通报 and 回头看 from one read ------------------------

for m in 2024-11-15-monthly $M3; do
	for fmt in md json; do
		both "agenda show $m --format $fmt" sanfen-agenda show $m \
		    --format $fmt
		from "agenda show $m --format $fmt" HEAD cache
		cmp -s "$T/off.out" "$T/out" &&
		    ok "agenda show $m --format $fmt: the same without the cache" ||
		    not_ok "agenda show $m --format $fmt: the same without the cache"
	done
done
has "$T/out" '"briefing"' "agenda show: the 通报"
has "$T/out" '"review"' "agenda show: the 回头看"

done_testing
