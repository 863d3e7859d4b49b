#!/bin/sh
# sanfen-screen: Art. 8 exclusions and priorities, recorded and explained.
. "$(dirname "$0")/lib.sh"

new_ledger led
cd "$T/led"
sub() { sanfen-submit --as "$1" -F "$EX/issues/$2.yaml"; }
nb=$(sub ningbo ningbo-port-sea-use)
hz=$(sub hangzhou hangzhou-datacenter-energy)
wz=$(sub wenzhou wenzhou-private-land)
jh=$(sub jinhua jinhua-rail-policy)
hu=$(sub huzhou huzhou-county-road)
field() { sed -n "s/^$2: //p" "issues/2024/10/$1.yaml"; }
sfield() { sed -n "s/^  $2: //p" "issues/2024/10/$1.yaml"; }

# only the screen role may screen
snapshot . "$T/before"
run sanfen-screen --as ningbo --pending
status 1 "a city may not screen"
has "$T/err" "unit 'ningbo' does not hold the screen role" "says which role"
run sanfen-screen --pending
status 1 "no acting unit"
has "$T/err" "no acting unit" "says how to set one"
unchanged . "$T/before" "refusals write nothing"

# a dry run explains and writes nothing
run sanfen-screen -n --as 大发改专班 "$hu" "$wz"
status 0 "--dry-run"
has "$T/out" "$hu rejected (not-721, local)" "the county issue would be rejected"
has "$T/out" "exclude local (事权在市县层级): jurisdiction is county" \
    "explains the local rule with the field"
has "$T/out" "exclude not-721 (不符合“721”工作要求): tried is [county], the rules require [county, city]" \
    "explains the 721 rule"
has "$T/out" "$wz accepted (score 9)" "leader 5 + qianxiang-wanyi 3 + typical 1"
has "$T/out" "priority leader (省委省政府领导交办, +5): source is leader" \
    "explains each priority"
unchanged . "$T/before" "a dry run writes nothing"

run sanfen-screen --as tf-drc --pending
status 0 "screen --pending"
printf '%s\n' "$nb accepted (score 2)" "$hz accepted (score 1)" \
    "$wz accepted (score 9)" "$jh accepted (score 6)" \
    "$hu rejected (not-721, local)" | sort >"$T/want"
same_file "$T/out" "$T/want" "one line per issue, in id order"
is "$(git rev-list --count HEAD)" 11 "one commit per issue: init, 5 submitted, 5 screened"
is "$(field "$wz" status)" accepted "accepted recorded"
is "$(field "$hu" status)" rejected "rejected recorded"
is "$(sfield "$wz" score)" 9 "score recorded"
is "$(sfield "$wz" priorities)" "[leader, qianxiang-wanyi, typical]" "priorities recorded"
is "$(sfield "$hu" exclusions)" "[not-721, local]" "exclusions recorded"
is "$(sfield "$wz" by)" tf-drc "screener recorded"
is "$(sfield "$wz" date)" 2024-10-08 "date recorded"
hc=$(git log -1 --format=%H -- "issues/2024/10/$hu.yaml")
is "$(git log -1 --format=%s "$hc")" "screen $hu: rejected (not-721, local)" \
    "subject"
is "$(trailer . Sanfen-Status "$hc")" "submitted -> rejected" "Sanfen-Status"
is "$(trailer . Sanfen-Action "$hc")" screen "Sanfen-Action"
is "$(trailer . Sanfen-Issue "$hc")" "$hu" "Sanfen-Issue"
is "$(trailer . Sanfen-Unit "$hc")" tf-drc "Sanfen-Unit"
git log -1 --format=%b "$hc" >"$T/body"
has "$T/body" "exclude local" "the commit body explains"

# screening twice is refused
snapshot . "$T/before"
run sanfen-screen --as tf-drc "$nb"
status 1 "an accepted issue is not screened again"
has "$T/err" "issue $nb is accepted: only submitted issues are screened" "says why"
unchanged . "$T/before" "nothing written"

# findings need a note; only unlawful and market are findings
run sanfen-screen --as tf-drc --exclude market "$nb"
status 2 "--exclude without --note"
run sanfen-screen --as tf-drc --exclude local --note x "$nb"
status 2 "--exclude takes only screener findings"
run sanfen-screen --as tf-drc
status 2 "no ids and no --pending"

# market finding
so=$(sub dept-sasac dept-sasac-other)
run sanfen-screen --as tf-drc --exclude 市场化 --note '企业融资属市场行为' "$so"
status 0 "a market finding"
is "$(field "$so" status)" rejected "rejected on the finding"
is "$(sfield "$so" note)" "企业融资属市场行为" "the note recorded"

# missing material returns the issue, it is not a rejection (submit
# refuses blank material, so the file is written by hand as a clerk might)
ls1=20241008-bbbbbb
cat >"issues/2024/10/$ls1.yaml" <<-'YAML'
	id: 20241008-bbbbbb
	title: 丽水某抽水蓄能电站项目核准前置要件办理
	submitted: 2024-10-08
	submitter: lishui
	subject: soe
	city: lishui
	program: major-9
	topic: approval
	jurisdiction: national
	tried: [county, city, province]
	material:
	  background: 项目装机120万千瓦。
	  problem: ' '
	  prior: 已开展前期对接。
	  request: 请协调加快办理。
	status: submitted
	YAML
git add . && git commit -qm "hand-made issue with blank material"
run sanfen-screen --as tf-drc "$ls1"
status 0 "missing material: screened"
out_is "$ls1 returned (missing problem)" "returned, naming what is missing"
is "$(field "$ls1" status)" submitted "stays submitted"
is "$(sfield "$ls1" missing)" "[problem]" "missing recorded"
run sanfen-screen --as tf-drc --pending
out_is "$ls1 returned (missing problem), unchanged" "not returned twice"

# duplicates of coordinated issues: one coordinated at a meeting, by hand
sed -i -e 's/^status: accepted/status: coordinated/' "issues/2024/10/$nb.yaml"
printf 'meeting: 2024-10-15-monthly\ndecision: 省自然资源厅加快报部审查。\n' \
    >>"issues/2024/10/$nb.yaml"
mkdir -p meetings/2024
cat >meetings/2024/2024-10-15-monthly.yaml <<-YAML
	id: 2024-10-15-monthly
	kind: monthly
	date: 2024-10-15
	status: issued
	items:
	- issue: $nb
	  decision: 省自然资源厅加快报部审查。
	held: 2024-10-15
	number: 〔2024〕1号
	issued: 2024-10-18
	YAML
git add . && git commit -qm "hand: coordinated at the October meeting"
dup=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml")
run sanfen-screen --as tf-drc -n "$dup"
has "$T/out" "$dup rejected (duplicate)" "a duplicate is found"
has "$T/out" "similar to $nb (1.00 >= 0.60)" "with the similar id and score"
run sanfen-screen --as tf-drc --not-duplicate --note '二期工程，非同一问题' "$dup"
status 0 "the screener overrules"
out_is "$dup accepted (score 2)" "accepted"
has "issues/2024/10/$dup.yaml" "  - id: $nb" "similar id recorded"
has "issues/2024/10/$dup.yaml" "    score: 1.00" "similar score recorded"
run sanfen-check
status 0 "the ledger passes sanfen-check"
done_testing
