#!/bin/sh
# sanfen-submit: from a file, from stdin, from flags, from $EDITOR; every
# refusal leaves the ledger and its history as they were.
. "$(dirname "$0")/lib.sh"

new_ledger led
cd "$T/led"

# from a file: the id alone on stdout, one commit with trailers
run sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml"
status 0 "submit -F FILE"
id=$(cat "$T/out")
case $id in
20241008-[0-9a-hjkmnp-tv-z][0-9a-hjkmnp-tv-z][0-9a-hjkmnp-tv-z][0-9a-hjkmnp-tv-z][0-9a-hjkmnp-tv-z][0-9a-hjkmnp-tv-z])
	ok "prints the new id alone: $id" ;;
*)	not_ok "prints the new id alone"; diag "got '$id'" ;;
esac
err_is "" "nothing on stderr"
f=issues/2024/10/$id.yaml
[ -f "$f" ] && ok "file at $f" || not_ok "file at issues/YYYY/MM/<id>.yaml"
sed "s/@ID@/$id/" "$SANFEN_BUILD/tests/cmd/data/submit-ningbo.yaml" \
    >"$T/want"
same_file "$f" "$T/want" "file bytes are the canonical issue"
is "$(git log -1 --format=%s)" "submit $id: 宁波舟山港梅山港区某集装箱码头工程用海审批" \
    "commit subject reads in --oneline"
is "$(trailer . Sanfen-Action)" submit "Sanfen-Action: submit"
is "$(trailer . Sanfen-Issue)" "$id" "Sanfen-Issue: the id"
is "$(trailer . Sanfen-Status)" "none -> submitted" "Sanfen-Status"
is "$(trailer . Sanfen-Unit)" ningbo "Sanfen-Unit: the acting unit"
is "$(git show --stat --format= HEAD | sed -n 1p | awk '{print $1}')" "$f" \
    "the commit touches only the issue file"
is "$(git status --porcelain)" "" "work tree and index clean"

# Chinese names are read and stored as tokens
run sanfen-submit --as 杭州 -F "$EX/issues/hangzhou-datacenter-energy.yaml"
status 0 "submit with Chinese names"
hz=issues/2024/10/$(cat "$T/out").yaml
has "$hz" "submitter: hangzhou" "unit 杭州 stored as hangzhou"
has "$hz" "subject: private" "民企 stored as private"
has "$hz" "city: hangzhou" "city 杭州 stored as hangzhou"
has "$hz" "program: no1-digital" "数字经济一号工程 stored as no1-digital"
has "$hz" "topic: factors" "要素保障 stored as factors"
has "$hz" "tried: [county, city]" "县级, 市级 stored as [county, city]"

# from standard input, with SANFEN_UNIT
SANFEN_UNIT=wenzhou run_in "$EX/issues/wenzhou-private-land.yaml" \
    sanfen-submit -F -
status 0 "submit -F - (stdin) as SANFEN_UNIT"
wz=issues/2024/10/$(cat "$T/out").yaml
has "$wz" "program: major-1" "qianxiang-wanyi stored as major-1"
has "$wz" "source: leader" "source kept"

# from flags, an organiser submitting for a city
run sanfen-submit --as tf-drc --submitter 衢州 --subject 设区市 --city 衢州 \
    --program 千项万亿 --topic 前期审批 --jurisdiction 省级 --tried 县级,市级 \
    --source 督查发现 --flag 跨部门 --flag typical --title '衢州某项目环评审批' \
    --background '项目总投资30亿元。' --problem '环评审批进度滞后。' \
    --prior '已完成技术评估。' --request '请加快环评审批。'
status 0 "submit from flags, organiser for a city"
qz=issues/2024/10/$(cat "$T/out").yaml
has "$qz" "submitter: quzhou" "submitter from --submitter 衢州"
has "$qz" "flags: [cross-department, typical]" "repeated --flag, canonical order"
is "$(trailer . Sanfen-Unit)" tf-drc "Sanfen-Unit is the organiser"
# git config sanfen.unit names the acting unit too
git config sanfen.unit jinhua
run sanfen-submit -F "$EX/issues/jinhua-rail-policy.yaml"
status 0 "acting unit from git config sanfen.unit"
is "$(trailer . Sanfen-Unit)" jinhua "Sanfen-Unit from git config"
git config --unset sanfen.unit

# a dry run prints the file and writes nothing
snapshot . "$T/before"
run sanfen-submit -n --as huzhou -F "$EX/issues/huzhou-county-road.yaml"
status 0 "--dry-run"
has "$T/out" "title: 湖州某县城市政道路改造项目施工许可" "dry run prints the issue"
has "$T/out" "status: submitted" "dry run shows the status it would get"
unchanged . "$T/before" "dry run writes nothing"

# refusals: nothing written, exact messages
refuse() {		# refuse STATUS WHAT MESSAGE CMD…
	_st=$1 _what=$2 _msg=$3
	shift 3
	run "$@"
	status "$_st" "$_what: exit $_st"
	has "$T/err" "$_msg" "$_what: says '$_msg'"
	unchanged . "$T/before" "$_what: ledger and history unchanged"
}

grep -v '^  request:' "$EX/issues/ningbo-port-sea-use.yaml" |
    grep -v '请省' >"$T/norequest.yaml"
refuse 1 "missing Art. 9 material" \
    "material.request: required (Art. 9 主要诉求建议)" \
    sanfen-submit --as ningbo -F "$T/norequest.yaml"
refuse 2 "unknown flag" "sanfen-submit: error: unknown option '--colour'" \
    sanfen-submit --as ningbo --colour red
printf 'title: x\nsubject: [soe\n' >"$T/broken.yaml"
refuse 1 "malformed YAML" "$T/broken.yaml:3:1: " \
    sanfen-submit --as ningbo -F "$T/broken.yaml"
sed 's/^subject: soe/subject: state-owned/' \
    "$EX/issues/ningbo-port-sea-use.yaml" >"$T/badenum.yaml"
refuse 1 "unknown enum in a file" \
    "$T/badenum.yaml:5:10: subject: unknown subject 'state-owned'" \
    sanfen-submit --as ningbo -F "$T/badenum.yaml"
refuse 1 "unknown enum in a flag" \
    "sanfen-submit: error: topic: unknown value 'money'" \
    sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml" \
    --topic money
refuse 1 "unknown unit" "unknown unit '上海'" \
    sanfen-submit --as 上海 -F "$EX/issues/ningbo-port-sea-use.yaml"
refuse 1 "unknown unit in a file" "submitter: unknown unit 'shanghai'" \
    sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml" \
    --submitter shanghai
refuse 1 "a city submitting for another" \
    "unit 'wenzhou' may submit only its own issues" \
    sanfen-submit --as wenzhou -F "$EX/issues/ningbo-port-sea-use.yaml"
grep -v '^submitter:' "$EX/issues/ningbo-port-sea-use.yaml" >"$T/nosub.yaml"
refuse 1 "no submitter and no acting unit" "no submitter: use --submitter" \
    sanfen-submit -F "$T/nosub.yaml"
printf 'status: accepted\n' >>"$T/nosub.yaml"
refuse 1 "a key set by sanfen" "status: key 'status' is set by sanfen" \
    sanfen-submit --as ningbo -F "$T/nosub.yaml"
refuse 1 "city missing for a city issue" "city: required when subject is city" \
    sanfen-submit --as huzhou -F "$EX/issues/huzhou-county-road.yaml" \
    --city ''
refuse 1 "a missing file" "sanfen-submit: error: $T/none.yaml: No such file" \
    sanfen-submit --as ningbo -F "$T/none.yaml"
refuse 2 "nothing to submit without a terminal" "nothing to submit" \
    sanfen-submit --as ningbo
refuse 2 "an operand" "unexpected argument 'extra'" \
    sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml" extra
SANFEN_TODAY=2024-02-30 run sanfen-submit --as ningbo \
    -F "$EX/issues/ningbo-port-sea-use.yaml"
status 1 "malformed SANFEN_TODAY refused"
has "$T/err" "SANFEN_TODAY: invalid date '2024-02-30'" "names SANFEN_TODAY"
head -c 1100000 /dev/zero | tr '\0' 'a' >"$T/huge.yaml"
refuse 1 "a file over 1 MiB" "file too large" \
    sanfen-submit --as ningbo -F "$T/huge.yaml"

# $EDITOR on the template, through a terminal
if command -v script >/dev/null 2>&1; then
	cat >"$T/editor" <<-'ED'
	#!/bin/sh
	sed -e 's/^title: .*/title: 舟山某LNG接收站项目岸线使用/' \
	    -e 's/^subject: .*/subject: soe/' -e 's/^city: .*/city: zhoushan/' \
	    -e 's/^program: .*/program: major-9/' -e 's/^topic: .*/topic: approval/' \
	    -e 's/^jurisdiction: .*/jurisdiction: national/' \
	    -e 's/^tried: .*/tried: [county, city]/' \
	    -e 's/^\(  [a-z]*: |\).*/\1/' "$1" | awk '
	    /^  [a-z]*: \|$/ { print; print "    材料内容。"; next } { print }' >"$1.new"
	mv "$1.new" "$1"
	ED
	chmod +x "$T/editor"
	EDITOR=$T/editor TMPDIR=$T script -qec "sanfen-submit --as zhoushan" \
	    /dev/null >"$T/out" 2>&1
	zs=$(tr -d '\r' <"$T/out" | grep -E '^20241008-' | head -1)
	if [ -n "$zs" ] && [ -f "issues/2024/10/$zs.yaml" ]; then
		ok "submit through \$EDITOR on the template"
		has "issues/2024/10/$zs.yaml" "title: 舟山某LNG接收站项目岸线使用" \
		    "the edited title is stored"
		has "issues/2024/10/$zs.yaml" "submitter: zhoushan" \
		    "the template had the acting unit as submitter"
	else
		not_ok "submit through \$EDITOR on the template"
		diag "$(cat "$T/out")"
	fi
else
	skip "script(1) not installed: no terminal for the editor test"
fi

is "$(git rev-list --count HEAD)" 7 "seven submissions, seven commits after init"
run sanfen-check
status 0 "the ledger passes sanfen-check"
done_testing
