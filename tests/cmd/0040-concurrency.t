#!/bin/sh
# Several writers at once in one clone (scripts, a cron job, a clerk):
# every change lands, one commit each, and the ledger stays valid.
. "$(dirname "$0")/lib.sh"

new_ledger led
cd "$T/led"
N=12
i=0
for f in "$EX"/issues/*.yaml "$EX"/issues/*.yaml; do
	unit=$(sed -n 's/^submitter: *//p' "$f")
	sanfen-submit --as "$unit" -F "$f" >"$T/id.$i" 2>"$T/err.$i" &
	i=$((i + 1))
	[ $i -ge $N ] && break
done
wait
fails=0
i=0
while [ $i -lt $N ]; do
	[ -s "$T/id.$i" ] || { fails=$((fails + 1)); diag "$(cat "$T/err.$i")"; }
	i=$((i + 1))
done
is "$fails" 0 "$N submissions at once: none refused"
is "$(git rev-list --count HEAD)" $((N + 1)) "one commit each"
is "$(ls issues/*/*/*.yaml | wc -l | tr -d ' ')" "$N" "every issue file there"
is "$(cat "$T"/id.* | sort -u | wc -l | tr -d ' ')" "$N" "every printed id distinct"
for f in "$T"/id.*; do
	id=$(cat "$f")
	git cat-file -e "HEAD:issues/2024/10/$id.yaml" 2>/dev/null ||
	    { not_ok "printed id $id is committed"; continue; }
done
ok "every printed id is committed"
is "$(git status --porcelain)" "" "index and work tree clean"

# screening and a clerk's submission at the same time
sanfen-screen --as tf-drc --pending >"$T/screen.out" 2>&1 &
sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml" >"$T/late" 2>&1 &
wait
[ -s "$T/late" ] && ok "a submission during screening lands" ||
    { not_ok "a submission during screening lands"; diag "$(cat "$T/late")"; }
has "$T/screen.out" "accepted" "screening ran"
run sanfen-check
status 0 "sanfen-check accepts the ledger"
run sanfen-check --history
status 0 "every commit is a legal step"
git fsck --no-progress >"$T/fsck" 2>&1
is "$?" 0 "git fsck is clean"
done_testing
