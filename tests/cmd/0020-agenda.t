#!/bin/sh
# sanfen-agenda: new, add, drop, propose, approve, show, quota.
. "$(dirname "$0")/lib.sh"

new_ledger led
cd "$T/led"
sub() { sanfen-submit --as "$1" -F "$EX/issues/$2.yaml"; }
nb=$(sub ningbo ningbo-port-sea-use)		# score 2, soe
hz=$(sub hangzhou hangzhou-datacenter-energy)	# score 1, private
wz=$(sub wenzhou wenzhou-private-land)		# score 9, private
jh=$(sub jinhua jinhua-rail-policy)		# score 6, city
ls=$(sub lishui lishui-pumped-storage)		# score 2, soe
export SANFEN_TODAY=2024-10-09
so=$(sub dept-sasac dept-sasac-other)		# score 2, later
sanfen-screen --as tf-drc --pending >/dev/null
f() { echo "issues/$(echo "$1" | cut -c1-4)/$(echo "$1" | cut -c5-6)/$1.yaml"; }
M=meetings/2024/2024-10-15-monthly.yaml
first2=$(printf '%s\n' "$nb" "$ls" | sort | tr '\n' ' ')

# only the agenda role
snapshot . "$T/before"
run sanfen-agenda --as ningbo new --kind monthly --date 2024-10-15
status 1 "a city may not draft an agenda"
has "$T/err" "does not hold the agenda role" "says which role"
run sanfen-agenda --as tf-drc new --kind weekly --date 2024-10-15
status 1 "an unknown kind"
run sanfen-agenda --as tf-drc new --kind monthly
status 2 "new without --date"
run sanfen-agenda --as tf-drc frobnicate
status 2 "an unknown verb"
unchanged . "$T/before" "refusals write nothing"

run sanfen-agenda --as 大发改专班 new --kind 月度 --date 2024-10-15 --max 4
status 0 "new --max 4"
out_is "2024-10-15-monthly" "prints the meeting id alone"
has "$T/err" "warning: 2024Q4 is short of the Art. 7 quota" "warns of the quota"
# best score first: wz 9, jh 6, then the two of score 2 submitted first
is "$(sed -n 's/^- issue: //p' $M | tr '\n' ' ')" \
    "$wz $jh $first2" "items by score, then submission, then id"
for i in "$wz" "$jh" "$nb" "$ls"; do
	has "$(f "$i")" "status: scheduled" "$i scheduled"
	has "$(f "$i")" "meeting: 2024-10-15-monthly" "$i on the meeting"
done
has "$(f "$so")" "status: accepted" "the later one of score 2 waits"
has "$M" "status: draft" "the meeting is a draft"
has "$M" "convener: 省政府分管副秘书长" "convener from the config"
has "$M" "organisers: [tf-office, tf-drc]" "organisers from the config"
is "$(trailer . Sanfen-Action)" agenda-new "Sanfen-Action: agenda-new"
is "$(trailer . Sanfen-Meeting)" 2024-10-15-monthly "Sanfen-Meeting"
is "$(trailer . Sanfen-Issue | wc -l | tr -d ' ')" 4 "a Sanfen-Issue per issue"
is "$(trailer . Sanfen-Status)" "accepted -> scheduled" "Sanfen-Status"
is "$(git show --format= --name-only HEAD | wc -l | tr -d ' ')" 5 \
    "one commit: the meeting and four issues"
run sanfen-agenda --as tf-drc new --kind monthly --date 2024-10-15
status 1 "the same meeting twice"

# add and drop while a draft
run sanfen-agenda --as tf-drc add 2024-10 "$so"
status 0 "add"
has "$(f "$so")" "status: scheduled" "added issue scheduled"
run sanfen-agenda --as tf-drc add 2024-10 "$hz" "$so"
status 1 "an issue already scheduled is not added again"
run sanfen-agenda --as tf-drc drop 2024-10-15-monthly "$ls"
status 0 "drop"
has "$(f "$ls")" "status: accepted" "dropped issue back to accepted"
hasnt "$(f "$ls")" "meeting:" "and on no meeting"
hasnt "$M" "issue: $ls" "and off the agenda"
is "$(trailer . Sanfen-Status)" "scheduled -> accepted" "Sanfen-Status of a drop"
run sanfen-agenda --as tf-drc drop 2024-10-15-monthly "$hz"
status 1 "dropping an issue not on the agenda"

# propose and approve, in order only
snapshot . "$T/before"
run sanfen-agenda --as tf-drc approve 2024-10-15-monthly
status 1 "approve before propose is refused"
has "$T/err" "meeting 2024-10-15-monthly is draft: only a proposed agenda can be approved (Art. 6)" \
    "says the rule"
unchanged . "$T/before" "nothing written"
run sanfen-agenda --as tf-drc propose 2024-10-15-monthly
status 0 "propose"
is "$(trailer . Sanfen-Meeting-Status)" "draft -> proposed" "Sanfen-Meeting-Status"
run sanfen-agenda --as tf-drc add 2024-10-15-monthly "$ls"
status 1 "no adding once proposed"
run sanfen-agenda --as tf-drc propose 2024-10-15-monthly
status 1 "no proposing twice"
run sanfen-agenda --as tf-office approve 2024-10-15-monthly
status 0 "approve"
has "$M" "status: approved" "approved"

# show
run sanfen-agenda show 2024-10-15-monthly
status 0 "show (md)"
has "$T/out" "# 2024年10月15日月度协调例会议题清单" "title"
has "$T/out" "| 序号 | 议题名称 | 提出单位 | 类别 | 优先依据 | 汇报单位 | 材料 |" "header row"
has "$T/out" "| 1 | 温州某民营高端装备产业园项目建设用地指标 | 温州市人民政府 | 民企问题 · 扩大有效投资“千项万亿”工程 · 要素保障 | 省委省政府领导交办、“千项万亿”工程、典型性问题 | 温州 | 齐全 |" \
    "a row with the priorities in Chinese"
has "$T/out" "## 通报：以往例会协调问题销号和事项落实情况" "the 通报 section"
run sanfen-agenda show 2024-10-15-monthly --format json
if $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["id"] == "2024-10-15-monthly" and d["status"] == "approved"
assert [i["issue"] for i in d["items"]][:2] == sys.argv[2:4], d["items"]
assert d["items"][0]["score"] == 9 and d["items"][0]["priorities"] == ["leader", "qianxiang-wanyi", "typical"]
assert d["briefing"] == {"meetings": [], "overdue": []}
assert "review" not in d
' "$T/out" "$wz" "$jh" 2>"$T/py"; then
	ok "show --format json"
else
	not_ok "show --format json"; diag "$(cat "$T/py")"
fi

# the 通报 once the October minutes are issued (written by hand here)
for i in "$wz" "$jh" "$nb" "$so"; do
	sed -i 's/^status: scheduled/status: coordinated/' "$(f "$i")"
	printf 'tasks:\n- no: 1\n  action: 推进事项%s\n  lead: dept-nr\n  due: 2024-11-30\n  status: open\n' "$i" >>"$(f "$i")"
done
sed -i 's/^status: coordinated/status: closed/' "$(f "$so")"
printf 'closure:\n  date: 2024-11-20\n  reason: infeasible\n  note: x\n' >>"$(f "$so")"
sed -i 's/^  status: open/  status: done\n  done: 2024-11-10/' "$(f "$nb")"
sed -i -e 's/^status: approved/status: issued/' "$M"
printf 'held: 2024-10-15\nnumber: 〔2024〕1号\nissued: 2024-10-18\n' >>"$M"
git add . && git commit -qm "hand: October minutes issued"
run sanfen-check
status 0 "the hand-edited ledger is valid"
export SANFEN_TODAY=2024-12-01
run sanfen-agenda --as tf-drc new --kind semiannual --date 2024-12-20 --max 0
status 0 "a half-yearly meeting"
run sanfen-agenda show 2024-12-20-semiannual --format json
if $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
b = d["briefing"]
assert b["meetings"] == [{"id": "2024-10-15-monthly", "date": "2024-10-15",
    "coordinated": 4, "closed": 1, "tasks": 4, "tasks_done": 1}], b
assert sorted(o["issue"] for o in b["overdue"]) == sorted(sys.argv[2:4]), b
assert all(o["days_overdue"] == 20 and o["due"] == "2024-11-30" for o in b["overdue"])
r = d["review"]
assert r["from"] == "2024-07-01" and r["to"] == "2024-12-31" and r["total"] == 6
assert r["by_status"]["coordinated"] == 3 and r["by_city"]["ningbo"] == 1
assert r["by_subject"]["private"] == 2 and r["by_topic"]["factors"] == 2
' "$T/out" "$wz" "$jh" 2>"$T/py"; then
	ok "the 通报: counts and overdue tasks as of the meeting; the 回头看"
else
	not_ok "the 通报 and 回头看"; diag "$(cat "$T/py")" "$(cat "$T/out")"
fi
run sanfen-agenda show 2024-12-20-semiannual
has "$T/out" "## 回头看：2024年7月1日至2024年12月31日问题协调情况" "回头看 in md"

# quota
run sanfen-agenda quota --quarter 2024Q4 --format json
status 0 "quota"
if $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["quarter"] == "2024Q4" and d["soe"] == 1 and d["private"] == 1, d
assert list(d["cities"]) == ["hangzhou","ningbo","wenzhou","huzhou","jiaxing",
    "shaoxing","jinhua","quzhou","zhoushan","taizhou","lishui"]
assert d["cities"]["wenzhou"] == 1 and d["cities"]["lishui"] == 0
assert "soe" not in d["missing"] and "lishui" in d["missing"]
assert d["candidates"]["lishui"] == [sys.argv[2]], d["candidates"]
assert d["candidates"]["hangzhou"] == [sys.argv[3]]
' "$T/out" "$ls" "$hz" 2>"$T/py"; then
	ok "quota json: counts, gaps and the issues that fill them"
else
	not_ok "quota json"; diag "$(cat "$T/py")" "$(cat "$T/out")"
fi
run sanfen-agenda quota --quarter 2024Q5
status 1 "a bad quarter"
run sanfen-agenda quota
status 2 "quota without --quarter"
done_testing
