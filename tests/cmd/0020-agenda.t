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
today 2024-10-09
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
hasnt "$(f "$so")" "meeting:" "and is on no meeting"
# a draft; convener and organisers from the config (Art. 2-5)
{
	printf 'id: 2024-10-15-monthly\nkind: monthly\ndate: 2024-10-15\n'
	printf 'status: draft\nconvener: 省政府分管副秘书长\n'
	printf 'organisers: [tf-office, tf-drc]\nitems:\n'
	for i in $wz $jh $first2; do printf -- '- issue: %s\n' "$i"; done
} >"$T/want"
same_file "$M" "$T/want" "the meeting file's bytes"
is "$(git log -1 --format=%s)" "agenda 2024-10-15-monthly: new, 4 issues" \
    "commit subject"
is "$(trailer . Sanfen-Action)" agenda-new "Sanfen-Action: agenda-new"
is "$(trailer . Sanfen-Meeting)" 2024-10-15-monthly "Sanfen-Meeting"
is "$(git log -1 --format='%(trailers:key=Sanfen-Issue,valueonly)' |
    sed '/^$/d' | tr '\n' ' ')" "$wz $jh $first2" \
    "a Sanfen-Issue per issue, in agenda order"
is "$(trailer . Sanfen-Status)" "accepted -> scheduled" "Sanfen-Status"
is "$(trailer . Sanfen-Unit)" tf-drc "Sanfen-Unit: the acting unit's id"
is "$(git show --format= --name-only HEAD | wc -l | tr -d ' ')" 5 \
    "one commit: the meeting and four issues"
is "$(git status --porcelain)" "" "work tree and index clean"
snapshot . "$T/before"
run sanfen-agenda --as tf-drc new --kind monthly --date 2024-10-15
status 1 "the same meeting twice"
unchanged . "$T/before" "nothing written"

# add and drop while a draft; only the agenda role
run sanfen-agenda --as ningbo add 2024-10 "$so"
status 1 "a city may not add"
has "$T/err" "does not hold the agenda role" "the ledger's message"
run sanfen-agenda --as tf-drc add 2024-10 "$so" "$so"
status 1 "the same issue twice in one add"
has "$T/err" "issue $so is on the agenda of 2024-10-15-monthly" "says why"
run sanfen-agenda --as tf-drc add 2024-10 "$hz" "$jh"
status 1 "an issue already scheduled is not added"
unchanged . "$T/before" "refused adds write nothing, not even the first issue"
run sanfen-agenda --as tf-drc add 2024-10 "$so"
status 0 "add (meeting by prefix)"
has "$(f "$so")" "status: scheduled" "added issue scheduled"
has "$(f "$so")" "meeting: 2024-10-15-monthly" "added issue on the meeting"
is "$(tail -n 1 "$M")" "- issue: $so" "added as the last item"
is "$(git log -1 --format=%s)" "agenda 2024-10-15-monthly: add 1 issue" \
    "add: commit subject"
is "$(trailer . Sanfen-Action)" agenda-add "Sanfen-Action: agenda-add"
is "$(trailer . Sanfen-Issue)" "$so" "Sanfen-Issue of an add"
is "$(trailer . Sanfen-Status)" "accepted -> scheduled" \
    "Sanfen-Status of an add"
run sanfen-agenda --as tf-drc drop 2024-10-15-monthly "$ls"
status 0 "drop"
has "$(f "$ls")" "status: accepted" "dropped issue back to accepted"
hasnt "$(f "$ls")" "meeting:" "and on no meeting"
hasnt "$M" "issue: $ls" "and off the agenda"
is "$(trailer . Sanfen-Status)" "scheduled -> accepted" \
    "Sanfen-Status of a drop"
is "$(trailer . Sanfen-Action)" agenda-drop "Sanfen-Action: agenda-drop"
is "$(trailer . Sanfen-Issue)" "$ls" "Sanfen-Issue of a drop"
snapshot . "$T/before"
run sanfen-agenda --as tf-drc drop 2024-10-15-monthly "$hz"
status 1 "dropping an issue not on the agenda"
run sanfen-agenda --as tf-drc drop 2024-10-15-monthly "$so" "$so"
status 1 "dropping an issue twice"
unchanged . "$T/before" "refused drops write nothing"

# propose and approve, in order only (Art. 6)
run sanfen-agenda --as tf-drc approve 2024-10-15-monthly
status 1 "approve before propose is refused"
has "$T/err" "meeting 2024-10-15-monthly is draft: only a proposed agenda can be approved (Art. 6)" \
    "says the rule"
run sanfen-agenda --as ningbo propose 2024-10-15-monthly
status 1 "a city may not propose"
unchanged . "$T/before" "nothing written"
run sanfen-agenda --as tf-drc propose 2024-10-15-monthly
status 0 "propose"
is "$(git log -1 --format=%s)" "agenda 2024-10-15-monthly: proposed" \
    "propose: commit subject"
is "$(trailer . Sanfen-Action)" agenda-propose "Sanfen-Action: agenda-propose"
is "$(trailer . Sanfen-Meeting-Status)" "draft -> proposed" \
    "Sanfen-Meeting-Status"
is "$(trailer . Sanfen-Status)" "" "no issue changed: no Sanfen-Status"
is "$(git show --format= --name-only HEAD)" "$M" "only the meeting file"
has "$M" "status: proposed" "proposed"
snapshot . "$T/before"
run sanfen-agenda --as tf-drc add 2024-10-15-monthly "$ls"
status 1 "no adding once proposed"
has "$T/err" "meeting 2024-10-15-monthly is proposed: items are added and dropped only while it is a draft" \
    "says why"
run sanfen-agenda --as tf-drc drop 2024-10-15-monthly "$so"
status 1 "no dropping once proposed"
run sanfen-agenda --as tf-drc propose 2024-10-15-monthly
status 1 "no proposing twice"
unchanged . "$T/before" "nothing written"
run sanfen-agenda --as tf-office approve 2024-10-15-monthly
status 0 "approve (by the other organiser)"
has "$M" "status: approved" "approved"
is "$(trailer . Sanfen-Action)" agenda-approve "Sanfen-Action: agenda-approve"
is "$(trailer . Sanfen-Meeting-Status)" "proposed -> approved" \
    "Sanfen-Meeting-Status of approve"
is "$(trailer . Sanfen-Unit)" tf-office "Sanfen-Unit of approve"
snapshot . "$T/before"
run sanfen-agenda --as tf-office approve 2024-10-15-monthly
status 1 "no approving twice"
run sanfen-agenda --as tf-drc propose 2024-10-15-monthly
status 1 "no proposing an approved agenda"
run sanfen-agenda --as tf-drc add 2024-10-15-monthly "$ls"
status 1 "no adding once approved"
unchanged . "$T/before" "nothing written"

# show
run sanfen-agenda show 2024-10-15-monthly
status 0 "show (md)"
has "$T/out" "# 2024年10月15日月度协调例会议题清单" "title"
has "$T/out" "| 序号 | 议题名称 | 提出单位 | 类别 | 优先依据 | 汇报单位 | 材料 |" "header row"
has "$T/out" "| 1 | 温州某民营高端装备产业园项目建设用地指标 | 温州市人民政府 | 民企问题 · 扩大有效投资“千项万亿”工程 · 要素保障 | 省委省政府领导交办、“千项万亿”工程、典型性问题 | 温州 | 齐全 |" \
    "a row with the priorities in Chinese"
is "$(grep -c '^| [1-4] | ' "$T/out")" 4 "four item rows"
has "$T/out" "| 4 | " "the added issue is item 4"
has "$T/out" "## 通报：以往例会协调问题销号和事项落实情况" "the 通报 section"
has "$T/out" "此前无已印发纪要的例会。" "no earlier meeting yet"
run sanfen-agenda show 2024-10-15-monthly --format html
status 2 "show knows md and json only"
snapshot . "$T/before.snap"
run sanfen-agenda --as tf-drc approve 2024-10-15-monthly --format json
status 2 "a verb that prints nothing takes no --format"
err_is "sanfen-agenda: error: approve takes no --format
$(sanfen-agenda -h)" "says so, with the usage"
unchanged . "$T/before.snap" "and changes nothing"
run sanfen-agenda show 2099
status 1 "show of an unknown meeting"
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
today 2024-12-01
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
has "$T/out" "# 2024年12月20日半年度会议议题清单" "half-yearly title"
has "$T/out" "| 2024年10月15日（2024-10-15-monthly） | 4 | 1 | 4 | 1 |" \
    "通报 in md: coordinated, closed, tasks, done"
has "$T/out" "| $wz | 1 | 推进事项$wz | 浙江省自然资源厅 | 2024年11月30日 | 20 |" \
    "an overdue task in md"
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
# the same, byte for byte: on the October meeting 国企 ningbo, 民企
# wenzhou, jinhua and one of no city; waiting hangzhou and lishui
{
	printf '{\n  "quarter": "2024Q4",\n  "soe": 1,\n  "private": 1,\n'
	printf '  "cities": {\n'
	for c in hangzhou:0 ningbo:1 wenzhou:1 huzhou:0 jiaxing:0 shaoxing:0 \
	    jinhua:1 quzhou:0 zhoushan:0 taizhou:0 lishui:0; do
		printf '    "%s": %s' "${c%:*}" "${c#*:}"
		[ "${c%:*}" = lishui ] && printf '\n' || printf ',\n'
	done
	printf '  },\n  "missing": [\n'
	printf '    "%s",\n' hangzhou huzhou jiaxing shaoxing quzhou zhoushan \
	    taizhou
	printf '    "lishui"\n  ],\n  "candidates": {\n'
	printf '    "hangzhou": [\n      "%s"\n    ],\n' "$hz"
	printf '    "%s": [],\n' huzhou jiaxing shaoxing quzhou zhoushan taizhou
	printf '    "lishui": [\n      "%s"\n    ]\n  }\n}\n' "$ls"
} >"$T/want"
same_file "$T/out" "$T/want" "quota json, exact"
run sanfen-agenda quota --quarter 2024Q4
status 0 "quota as a table"
is "$(sed -n 1p "$T/out")" "2024Q4: 8 gaps" "the table says how many gaps"
is "$(grep '^lishui ' "$T/out" | tr -s ' ')" "lishui 0 1 $ls" \
    "a gap row names the issue that fills it"
run sanfen-agenda quota --quarter 2024Q3 --format json
if $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["soe"] == 0 and d["private"] == 0 and len(d["missing"]) == 13, d
assert d["missing"][:2] == ["soe", "private"]
assert d["candidates"]["soe"] == [sys.argv[2]]
assert d["candidates"]["private"] == [sys.argv[3]]
' "$T/out" "$ls" "$hz" 2>"$T/py"; then
	ok "a quarter with no meeting: every gap"
else
	not_ok "a quarter with no meeting"
	diag "$(cat "$T/py")" "$(cat "$T/out")"
fi
run sanfen-agenda quota --quarter 2024Q4 --format md
status 2 "quota knows table and json only"
run sanfen-agenda quota --quarter 2024Q5
status 1 "a bad quarter"
run sanfen-agenda quota
status 2 "quota without --quarter"

# a special meeting picks nothing; a yearly one picks as a monthly does
run sanfen-agenda --as tf-drc new --kind special --date 2024-12-05
status 0 "a special meeting"
has meetings/2024/2024-12-05-special.yaml "items: []" "starts empty"
is "$(git log -1 --format=%s)" "agenda 2024-12-05-special: new, 0 issues" \
    "says so in the subject"
has "$(f "$ls")" "status: accepted" "the waiting issues still wait"
run sanfen-agenda --as tf-drc new --kind annual --date 2024-12-28
status 0 "a yearly meeting"
is "$(sed -n 's/^- issue: //p' meetings/2024/2024-12-28-annual.yaml |
    tr '\n' ' ')" "$ls $hz " "takes the waiting issues by score"
run sanfen-agenda show 2024-12-28 --format json
if $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["kind"] == "annual" and d["convener"] == "常务副省长", d
assert d["review"]["from"] == "2024-01-01" and d["review"]["to"] == "2024-12-31"
assert d["review"]["by_status"]["scheduled"] == 2, d["review"]
' "$T/out" 2>"$T/py"; then
	ok "a yearly agenda reviews the year"
else
	not_ok "a yearly agenda reviews the year"; diag "$(cat "$T/py")"
fi
done_testing
