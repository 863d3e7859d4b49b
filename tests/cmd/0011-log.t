#!/bin/sh
# sanfen-log: the audit trail of one issue, a meeting, or the ledger.
. "$(dirname "$0")/lib.sh"

new_ledger led
cd "$T/led"
nb=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml")
export GIT_AUTHOR_NAME='大发改专班 李明' GIT_AUTHOR_DATE='2024-10-09T10:02:00+08:00'
export SANFEN_TODAY=2024-10-09
hz=$(sanfen-submit --as hangzhou -F "$EX/issues/hangzhou-datacenter-energy.yaml")
sanfen-screen --as tf-drc "$nb" >/dev/null

run sanfen-log -r "$nb"
status 0 "log of one issue"
is "$(sed -n 1p "$T/out")" \
    "DATE              COMMIT   AUTHOR             UNIT    ACTION  STATUS                 SUBJECT" \
    "header"
is "$(wc -l <"$T/out" | tr -d ' ')" 3 "header and the two commits of that issue"
is "$(sed -n 2p "$T/out" | cut -c1-16)" "2024-10-08 09:30" "the submission first with -r"
has "$T/out" "submit  none -> submitted" "action and status of the submission"
has "$T/out" "screen  submitted -> accepted" "action and status of screening"
hasnt "$T/out" "$hz" "the other issue is not shown"
run sanfen-log "$nb"
is "$(sed -n 2p "$T/out" | cut -c1-16)" "2024-10-09 10:02" "newest first without -r"

run sanfen-log --format json
status 0 "log of the ledger as json"
if $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert [c["action"] for c in d] == ["screen", "submit", "submit", "init"], d
assert d[0]["unit"] == "tf-drc" and d[0]["issue"] == sys.argv[2]
assert d[0]["status"] == "submitted -> accepted"
assert d[0]["author"] == "大发改专班 李明" and d[0]["date"] == "2024-10-09 10:02"
assert d[3]["issue"] is None and len(d[3]["commit"]) == 40
' "$T/out" "$nb" 2>"$T/py"; then
	ok "json: every commit with its trailers"
else
	not_ok "json: every commit with its trailers"; diag "$(cat "$T/py")"
fi

run sanfen-log 2099
status 1 "an unknown id"
run sanfen-log a b
status 2 "two ids: usage error"
done_testing
