#!/bin/sh
# sanfen-report: figures checked against a ledger computed by hand.
. "$(dirname "$0")/lib.sh"

new_ledger led
cd "$T/led"
issue() {	# issue ID CITY SUBJECT LEVEL TITLE STATUS [tail…]
	id=$1 city=$2 subj=$3 level=$4 title=$5 st=$6
	shift 6
	d="issues/$(echo "$id" | cut -c1-4)/$(echo "$id" | cut -c5-6)"
	mkdir -p "$d"
	{
		printf 'id: %s\ntitle: %s\n' "$id" "$title"
		printf 'submitted: %s-%s-%s\n' "$(echo "$id" | cut -c1-4)" \
		    "$(echo "$id" | cut -c5-6)" "$(echo "$id" | cut -c7-8)"
		printf 'submitter: %s\nsubject: %s\ncity: %s\nprogram: major-1\n' \
		    "$city" "$subj" "$city"
		printf 'topic: factors\njurisdiction: %s\ntried: [county, city]\n' "$level"
		printf 'material:\n  background: 项目情况。\n'
		printf '  problem: 能耗指标缺口较大，影响项目按期投产。\n'
		printf '  prior: 已协调。\n  request: 请支持。\nstatus: %s\n' "$st"
		for line in "$@"; do printf '%s\n' "$line"; done
	} >"$d/$id.yaml"
}
issue 20240301-aaaaaa hangzhou private province 杭州某数据中心能耗指标保障 closed \
    "meeting: 2024-03-20-monthly" "closure:" "  date: 2024-05-19" \
    "  reason: national" "  note: 涉及国家能耗双控政策"
issue 20240305-bbbbbb ningbo soe province 宁波某数据中心能耗指标保障 coordinated \
    "meeting: 2024-03-20-monthly" "tasks:" "- 'no': 1" "  action: 统筹能耗指标" \
    "  lead: dept-drc" "  due: 2024-06-30" "  status: open"
issue 20240410-cccccc wenzhou city county 温州某县道路施工许可办理 accepted
issue 20240801-dddddd jinhua private province 金华某园区用地报批 closed \
    "meeting: 2024-08-15-monthly" "closure:" "  date: 2024-09-14" \
    "  reason: reality" "  note: 与实际情况冲突"
issue 20231230-eeeeee lishui soe province 丽水某电站核准 accepted
sed -i 's/^  problem: .*/  problem: 管线迁改手续衔接慢。/' issues/2024/04/20240410-cccccc.yaml
sed -i 's/^  problem: .*/  problem: 新增建设用地计划指标不足，二期无法开工。/' \
    issues/2024/08/20240801-dddddd.yaml
git add . && git commit -qm "hand: issues"
today 2024-12-31

run sanfen-report --period 2024 --format json
status 0 "report --format json"
if $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["period"] == "2024" and d["from"] == "2024-01-01" and d["to"] == "2024-12-31"
assert d["total"] == 4, d["total"]
assert d["counts"]["closed"] == 2 and d["counts"]["coordinated"] == 1
assert d["counts"]["accepted"] == 1 and d["counts"]["submitted"] == 0
assert abs(d["closure_rate"] - 2 / 3) < 1e-3, d["closure_rate"]
assert d["days_to_meeting"] == {"median": 15, "p90": 19}, d["days_to_meeting"]
assert d["days_to_close"] == {"median": 45, "p90": 60}, d["days_to_close"]
assert d["by_city"]["hangzhou"] == {"submitted": 1, "coordinated": 1, "closed": 1}
assert d["by_city"]["lishui"]["submitted"] == 0
assert list(d["by_city"])[:3] == ["hangzhou", "ningbo", "wenzhou"]
assert d["by_subject"]["private"] == {"submitted": 2, "coordinated": 2, "closed": 2}
assert d["by_unit"]["ningbo"]["coordinated"] == 1
l = d["levels_721"]
assert l["province"]["issues"] == 3 and abs(l["province"]["share"] - 0.75) < 1e-3
assert l["county"] == {"issues": 1, "share": 0.25, "expected": 70}, l["county"]
assert d["overdue"] == [{"unit": "dept-drc", "issue": "20240305-bbbbbb",
    "task": 1, "due": "2024-06-30", "days_overdue": 184}], d["overdue"]
assert d["common_problems"] == [{"issues": ["20240301-aaaaaa",
    "20240305-bbbbbb"], "cities": ["hangzhou", "ningbo"]}], d["common_problems"]
' "$T/out" 2>"$T/py"; then
	ok "every figure as computed by hand"
else
	not_ok "the figures"; diag "$(cat "$T/py")"
fi
run sanfen-report --period 2024Q1 --format json
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["total"] == 2 and d["to"] == "2024-03-31", d' "$T/out" &&
    ok "a quarter" || not_ok "a quarter"
run sanfen-report --period 2024-02 --format json
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["total"] == 0 and d["to"] == "2024-02-29" and d["closure_rate"] == 0 and d["days_to_close"]["median"] is None, d' "$T/out" &&
    ok "an empty month (leap year)" || not_ok "an empty month"
run sanfen-report --period 2024H2 --format md
has "$T/out" "## “三分”机制问题协调情况报告（2024H2）" "md title"
has "$T/out" "| 金华 | 1 | 1 | 1 | 100.0% |" "md: by city with the closure rate"
run sanfen-report --period 2024 --format html
has "$T/out" "<svg xmlns=\"http://www.w3.org/2000/svg\"" "html: inline SVG charts"
has "$T/out" "各设区市销号率" "the closure rate by city"
has "$T/out" "各月提交问题数" "submissions per month"
hasnt "$T/out" "<script" "no scripts"
hasnt "$T/out" "http-equiv" "nothing fetched"
hasnt "$T/out" "src=\"http" "no remote images"
cp "$T/out" "$T/report.html"
if command -v chromium >/dev/null 2>&1; then
	run sh "$EX/screenshot.sh" "$T/report.html" "$T/report.png"
	status 0 "headless Chromium renders the report"
	is "$(head -c 4 "$T/report.png" | od -An -c | tr -d ' ')" "211PNG" \
	    "a PNG screenshot"
	run sh "$EX/screenshot.sh" -p "$T/report.html" "$T/report.pdf"
	status 0 "and prints it to PDF"
else
	skip "chromium not installed: the report is not rendered"
fi
run sanfen-report --period 2024
status 0 "table"
has "$T/out" "period 2024 (2024-01-01 .. 2024-12-31): 4 issues, closure rate 66.7%" "summary"
run sanfen-report --period 2024Q5
status 1 "an invalid period"

# sanfen-score over the same ledger, by hand: on 2024-12-31 Q1-Q3 have
# ended, Q4 not yet
mkdir -p meetings/2024
printf 'id: 2024-03-20-monthly\nkind: monthly\ndate: 2024-03-20\nstatus: issued\nitems:\n- issue: 20240301-aaaaaa\n  decision: x\n- issue: 20240305-bbbbbb\n  decision: x\nheld: 2024-03-20\nattendees: [dept-drc, hangzhou]\nnumber: 〔2024〕1号\nissued: 2024-03-22\n' \
    >meetings/2024/2024-03-20-monthly.yaml
sed -i 's/^tried: \[county, city\]$/&\nsource: inspection/' issues/2024/08/20240801-dddddd.yaml
git add . && git commit -qm "hand: a meeting, an inspection finding"
run sanfen-score --period 2024 --format json
status 0 "score --format json"
if SANFEN_TODAY=2024-12-31 $PY -c '
import json, sys
d = {u["unit"]: u for u in json.load(open(sys.argv[1]))}
assert "tf-drc" not in d and len(d) == 27, sorted(d)
drc = d["dept-drc"]
assert drc["tasks"] == 1 and drc["tasks_overdue"] == 1 and drc["attended"] == 1
assert drc["deductions"] == 1 and drc["score"] == 99, drc
hz = d["hangzhou"]
# hangzhou passed screening in Q1 only: Q2 and Q3 missed, 2 each
assert hz["submitted"] == 1 and hz["attended"] == 1
assert hz["findings"]["missed_submission"] == 2 and hz["score"] == 96, hz
jh = d["jinhua"]
# jinhua: Q3 passed, Q1 and Q2 missed; its issue came through inspection
assert jh["findings"]["missed_discovery"] == 1, jh
assert jh["deductions"] == 1 * 2 + 2 * 2 and jh["score"] == 94, jh
assert d["dept-nr"]["score"] == 100 and d["dept-nr"]["rank"] == 1
' "$T/out" 2>"$T/py"; then
	ok "scores, findings and deductions as computed by hand"
else
	not_ok "scores"; diag "$(cat "$T/py")"
fi
# the common problems of a period are kept (.git/sanfen/groups-<period>)
# for the same blobs: the same bytes again, from the kept groups, from a
# damaged file, with the caches off, and after a change of the wording
sanfen-report --period 2024 --format json >"$T/first.json"
groups=.git/sanfen/groups-2024
[ -s "$groups" ] && ok "the period's common problems are kept" ||
    not_ok "the period's common problems are kept"
run sanfen-report --period 2024 --format json
same_file "$T/out" "$T/first.json" "from the kept groups: the same report"
printf 'XX' | dd of="$groups" bs=1 seek=20 conv=notrunc 2>/dev/null
run sanfen-report --period 2024 --format json
same_file "$T/out" "$T/first.json" "a damaged file of groups is not believed"
SANFEN_CACHE=0 sanfen-report --period 2024 --format json >"$T/nocache.json"
same_file "$T/nocache.json" "$T/first.json" "the same with the caches off"
sed -i 's/^  problem: .*/  problem: 海域使用论证与生态保护红线调整衔接不畅。/' \
    issues/2024/03/20240305-bbbbbb.yaml
git commit -qam "hand: other wording"
run sanfen-report --period 2024 --format json
SANFEN_CACHE=0 sanfen-report --period 2024 --format json >"$T/nocache.json"
same_file "$T/out" "$T/nocache.json" "a changed wording: the groups found again"
is "$($PY -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["common_problems"]), len(json.load(open(sys.argv[2]))["common_problems"]))' "$T/first.json" "$T/out")" \
    "1 0" "the group of two was there, and is gone"
git revert --no-edit HEAD >/dev/null
run sanfen-score --period 2024 --format csv
has "$T/out" "RANK,UNIT,SUBMITTED" "csv header"
run sanfen-report
status 2 "no period"
done_testing
