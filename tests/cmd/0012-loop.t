#!/bin/sh
# After the meeting: sanfen-progress, -supervise, -escalate, -close on
# issues coordinated by hand (as minutes would leave them).
. "$(dirname "$0")/lib.sh"

new_ledger led
cd "$T/led"
nb=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml")
jh=$(sanfen-submit --as jinhua -F "$EX/issues/jinhua-rail-policy.yaml")
hz=$(sanfen-submit --as hangzhou -F "$EX/issues/hangzhou-datacenter-energy.yaml")
sanfen-screen --as tf-drc --pending >/dev/null
f() { echo "issues/2024/10/$1.yaml"; }
coordinate() {		# coordinate ID: what issued minutes leave behind
	sed -i 's/^status: accepted/status: coordinated/' "$(f "$1")"
	cat >>"$(f "$1")" <<-YAML
	meeting: 2024-10-15-monthly
	decision: 由牵头单位加快办理。
	tasks:
	- 'no': 1
	  action: 加快报部审查
	  lead: dept-nr
	  support: [$2]
	  due: 2024-11-30
	  status: open
	- 'no': 2
	  action: 同步推进环评审批
	  lead: dept-eco
	  due: 2024-12-31
	  status: open
	YAML
}
coordinate "$nb" ningbo
coordinate "$jh" jinhua
mkdir -p meetings/2024
cat >meetings/2024/2024-10-15-monthly.yaml <<-YAML
	id: 2024-10-15-monthly
	kind: monthly
	date: 2024-10-15
	status: issued
	items:
	- issue: $nb
	  decision: 由牵头单位加快办理。
	- issue: $jh
	  decision: 由牵头单位加快办理。
	held: 2024-10-15
	number: 〔2024〕1号
	issued: 2024-10-18
	YAML
git add . && git commit -qm "hand: minutes issued"
run sanfen-check
status 0 "the hand-made ledger is valid"

# progress
today 2024-11-05
snapshot . "$T/before"
run sanfen-progress --as wenzhou --note x "$nb" 1
status 1 "a unit with no part in the task may not report"
has "$T/err" "unit 'wenzhou' is neither lead nor support of task 1" "says why"
run sanfen-progress --as dept-nr --note x "$hz" 1
status 1 "no progress on an issue not coordinated"
run sanfen-progress --as dept-nr --note x "$nb" 9
status 1 "an unknown task"
has "$T/err" "issue $nb has no task '9'" "names the task"
run sanfen-progress --as dept-nr "$nb" 1
status 2 "--note is required"
unchanged . "$T/before" "refusals write nothing"

run sanfen-progress --as 省自然资源厅 --note '已报自然资源部审查' "$nb" 1
status 0 "the lead reports progress"
out_is "$nb task 1 open" "prints the task's state"
has "$(f "$nb")" "  - date: 2024-11-05" "progress dated"
has "$(f "$nb")" "    note: 已报自然资源部审查" "progress noted"
is "$(trailer . Sanfen-Action)" progress "Sanfen-Action: progress"
is "$(trailer . Sanfen-Task)" 1 "Sanfen-Task"
is "$(trailer . Sanfen-Unit)" dept-nr "Sanfen-Unit"
snapshot . "$T/before"
run sanfen-progress --as ningbo --note '已获批复' --done 2024-11-20 "$nb" 1
status 1 "a done date after today is refused"
err_is "sanfen-progress: error: $(f "$nb"): tasks[1].done: 2024-11-20 is later than 2024-11-05, the date of the change" \
    "names file, field and rule"
run sanfen-progress --as ningbo --note '已获批复' --done 2024-10-10 "$nb" 1
status 1 "a done date before the meeting that set the task is refused"
has "$T/err" "2024-10-10 is earlier than 2024-10-15, the date of the meeting that set the task" \
    "names the meeting's date"
unchanged . "$T/before" "the refused dates write nothing"
run sanfen-progress --as ningbo --note '已获批复' --done 2024-11-04 "$nb" 1
status 0 "a supporting unit marks the task done with a date"
has "$(f "$nb")" "  done: 2024-11-04" "done date recorded"
is "$(trailer . Sanfen-Task)" "1 done" "Sanfen-Task says done"
run sanfen-progress --as ningbo --note again --done "$nb" 1
status 1 "done twice is refused"
run sanfen-progress --as ningbo --note "复核完毕" "$nb" 1
status 0 "a note on a done task"
out_is "$nb task 1 done" "prints the task as it is: done"

# supervise
run sanfen-supervise --as-of 2025-01-10
status 0 "supervise"
is "$(sed -n 1p "$T/out")" \
    "UNIT      ISSUE            TASK  DUE         DAYS  ACTION" "table header"
is "$(sed 1d "$T/out" | wc -l | tr -d ' ')" 3 "three overdue tasks"
has "$T/out" "dept-nr   $jh  1     2024-11-30  41    加快报部审查" \
    "the overdue task, days counted"
hasnt "$T/out" "$nb  1" "a done task is not overdue"
run sanfen-supervise --as-of 2025-01-10 --unit 省生态环境厅 --format json
if $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert sorted(x["issue"] for x in d) == sorted(sys.argv[2:4]), d
assert all(x["unit"] == "dept-eco" and x["task"] == 2 and
    x["days_overdue"] == 10 and x["due"] == "2024-12-31" for x in d), d
' "$T/out" "$nb" "$jh" 2>"$T/py"; then
	ok "json: unit, issue, task, action, due, days_overdue"
else
	not_ok "json"; diag "$(cat "$T/py")"
fi
run sanfen-supervise --as-of 2025-01-10 --notice --unit dept-nr
has "$T/out" "## 督办通知" "a 督办 notice"
has "$T/out" "浙江省自然资源厅：" "addressed to the unit by name"
has "$T/out" "| 1 | $jh | 加快报部审查 | 2024年11月30日 | 41 | 0 |" \
    "the overdue matter in the notice"
run sanfen-supervise --as-of 2025-01-10 --notice --format html
has "$T/out" "<h2>督办通知</h2>" "html notices"
has "$T/out" "<div class=\"break\"></div>" "one page per unit"
has "$T/out" "浙江省生态环境厅：" "every unit with overdue tasks"
run sanfen-supervise --format html
status 2 "html goes with --notice"
snapshot . "$T/before"
run sanfen-supervise --as ningbo --record --as-of 2025-01-10
status 1 "only the supervise role records"
unchanged . "$T/before" "nothing written"
today 2025-01-10
run sanfen-supervise --as tf-drc --record
status 0 "--record"
is "$(trailer . Sanfen-Action)" supervise "Sanfen-Action: supervise"
is "$(trailer . Sanfen-Issue | sort | tr '\n' ' ')" \
    "$(printf '%s\n' "$nb" "$jh" | sort | tr '\n' ' ')" \
    "one Sanfen-Issue per issue"
has "$(f "$jh")" "    note: 逾期41天，已督办" "a supervision entry"
run sanfen-supervise --notice --unit dept-nr
has "$T/out" "| 41 | 1 |" "the notice counts the supervision"

# escalate
run sanfen-escalate --as tf-office --to 省领导 --reason '两市分歧较大' "$hz"
status 1 "only a coordinated issue is escalated"
run sanfen-escalate --as tf-office --to 省领导 --reason '两市分担比例仍未达成一致' "$jh"
status 0 "escalate to the leaders"
has "$(f "$jh")" "status: escalated" "status escalated"
has "$(f "$jh")" "  to: leader" "escalation recorded"
is "$(trailer . Sanfen-Status)" "coordinated -> escalated" "Sanfen-Status"

# close
snapshot . "$T/before"
run sanfen-close --as tf-drc --reason resolved "$nb"
status 1 "resolved with an open task is refused"
has "$T/err" "task 2 is not done (Art. 13)" "names the open task"
run sanfen-close --as tf-drc --reason national "$nb"
status 1 "a reason other than resolved needs a note"
run sanfen-close --as ningbo --reason national --note x "$nb"
status 1 "only the close role closes"
run sanfen-close --as tf-drc --reason forgotten --note x "$nb"
status 1 "an unknown reason"
run sanfen-close --as tf-drc "$nb"
status 2 "no reason: usage"
unchanged . "$T/before" "refusals write nothing"
sanfen-progress --as dept-eco --note '环评已批复' --done "$nb" 2 >/dev/null
run sanfen-close --as tf-drc --reason 已解决 "$nb"
status 0 "closed as resolved"
out_is "$nb closed" "prints the new status"
has "$(f "$nb")" "  reason: resolved" "closure recorded"
is "$(git log -1 --format=%s)" "close $nb: resolved (已解决)" "subject"
is "$(trailer . Sanfen-Status)" "coordinated -> closed" "Sanfen-Status"
run sanfen-close --as tf-drc --reason infeasible --note '两市未达成一致' "$jh"
status 0 "an escalated issue closed as infeasible"
is "$(trailer . Sanfen-Status)" "escalated -> closed" "escalated -> closed"

# withdraw
run sanfen-close --as wenzhou --withdraw --note x "$hz"
status 1 "another unit may not withdraw"
run sanfen-close --as hangzhou --withdraw --note '企业已自行解决' "$hz"
status 0 "the submitter withdraws"
is "$(trailer . Sanfen-Status)" "accepted -> withdrawn" "accepted -> withdrawn"
run sanfen-check
status 0 "the ledger passes sanfen-check"
run sanfen-log -r --format json "$nb"
is "$($PY -c 'import json,sys; print(" ".join(str(c["action"]) for c in json.load(open(sys.argv[1]))))' "$T/out")" \
    "submit screen None progress progress progress supervise progress close" \
    "sanfen-log follows the issue from submission to closure"
done_testing
