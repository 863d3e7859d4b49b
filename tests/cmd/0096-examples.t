#!/bin/sh
# examples/: every issue file is accepted by sanfen-submit -F, together
# they cover every subject and topic, sample-ledger.sh builds a valid
# ledger with the whole loop in it, and demo.sh runs.
. "$(dirname "$0")/lib.sh"

new_ledger led
cd "$T/led"
for f in "$EX"/issues/*.yaml; do
	unit=$(sed -n 's/^submitter: *//p' "$f")
	run sanfen-submit --as "$unit" -F "$f"
	status 0 "sanfen-submit -F $(basename "$f")"
done
sanfen-list --format json >"$T/list.json"
for key in subject topic; do
	# every value the schema allows, against what was stored
	$PY - "$SANFEN_BUILD/schema/issue.schema.json" "$T/list.json" $key \
	    >"$T/missing" 2>&1 <<-'PY'
	import json, sys
	schema = json.load(open(sys.argv[1]))
	key = sys.argv[3]
	want = set(schema["properties"][key]["enum"])
	got = {i[key] for i in json.load(open(sys.argv[2]))}
	print(" ".join(sorted(want - got)))
	PY
	is "$(cat "$T/missing")" "" "the examples cover every $key"
done

sh "$EX/sample-ledger.sh" "$T/sample" >"$T/out" 2>"$T/err"
is "$?" 0 "sample-ledger.sh builds a ledger"
cd "$T/sample"
run sanfen-check
status 0 "it passes sanfen-check"
run env -u SANFEN_TODAY sanfen-check --history
status 0 "and sanfen-check --history"
is "$(sed -n 's/^status: //p' meetings/2024/2024-10-15-monthly.yaml)" issued \
    "the October meeting's minutes are issued"
for s in closed coordinated accepted rejected; do
	grep -q "^status: $s" issues/2024/10/*.yaml &&
	    ok "an issue is $s" || not_ok "an issue is $s"
done
grep -q '^    note: 已完成用地预审' issues/2024/10/*.yaml &&
    ok "progress reported" || not_ok "progress reported"
is "$(git log --format=%ad --date=short | sed -n '1p;$p' | tr '\n' ' ')" \
    "2025-01-05 2024-10-08 " "commits dated as the month went"
run sh "$EX/sample-ledger.sh" "$T/sample"
status 1 "an existing directory is refused"

run env TMPDIR="$T" sh "$EX/demo.sh"
status 0 "demo.sh runs"
has "$T/err" "sanfen-check: 28 commits: no findings" "its ledger is clean"
has "$T/out" "the documents are beside it: 报告.html 纪要.docx 纪要.html 问题事项台账.xlsx" \
    "and it prints the documents"
done_testing
