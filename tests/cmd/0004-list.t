#!/bin/sh
# sanfen-list: filters and formats.
. "$(dirname "$0")/lib.sh"

new_ledger led
cd "$T/led"
nb=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml")
hz=$(sanfen-submit --as hangzhou -F "$EX/issues/hangzhou-datacenter-energy.yaml")
today 2024-11-02
wz=$(sanfen-submit --as wenzhou -F "$EX/issues/wenzhou-private-land.yaml")
jh=$(sanfen-submit --as jinhua -F "$EX/issues/jinhua-rail-policy.yaml")
so=$(sanfen-submit --as dept-sasac -F "$EX/issues/dept-sasac-other.yaml")

# ids are random after their date: the order is the sorted ids
sorted() { printf '%s\n' "$@" | sort | tr '\n' ' '; }
ids() { sed -n 's/^\(20[0-9]*-[0-9a-z]*\) .*/\1/p' "$T/out" | tr '\n' ' '; }

run sanfen-list
status 0 "list"
is "$(sed -n 1p "$T/out")" \
    "ID               STATUS     SUBMITTED   SUBMITTER  SUBJECT  CITY      TITLE" \
    "header aligned"
is "$(grep "^$nb" "$T/out")" \
    "$nb  submitted  2024-10-08  宁波       soe      ningbo    宁波舟山港梅山港区某集装箱码头工程用海审批" \
    "a row, Chinese aligned by display width"
is "$(ids)" "$(sorted $nb $hz $wz $jh $so)" "rows in id order (submission date)"
is "$(wc -l <"$T/out" | tr -d ' ')" 6 "header and five rows, never truncated off a terminal"

run sanfen-list --subject private
status 0 "--subject"
is "$(ids)" "$(sorted $hz $wz)" "--subject private"
run sanfen-list --subject 国企,民企
is "$(ids)" "$(sorted $nb $hz $wz)" "--subject with Chinese names, a list"
run sanfen-list --city 金华
is "$(ids)" "$(sorted $jh)" "--city in Chinese"
run sanfen-list --program qianxiang-wanyi
is "$(ids)" "$(sorted $wz)" "--program by alias"
run sanfen-list --topic factors
is "$(ids)" "$(sorted $hz $wz)" "--topic"
run sanfen-list --jurisdiction national
is "$(ids)" "$(sorted $nb)" "--jurisdiction"
run sanfen-list --source leader,inspection
is "$(ids)" "$(sorted $wz $jh)" "--source"
run sanfen-list --unit 省国资委
is "$(ids)" "$(sorted $so)" "--unit by short name"
run sanfen-list --submitter ningbo
is "$(ids)" "$(sorted $nb)" "--submitter"
run sanfen-list --since 2024-11-01
is "$(ids)" "$(sorted $wz $jh $so)" "--since"
run sanfen-list --until 2024-10-31
is "$(ids)" "$(sorted $nb $hz)" "--until"
run sanfen-list --status submitted --city hangzhou --format json
status 0 "--status --city --format json"
if $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, list) and len(d) == 1, d
assert d[0]["id"] == sys.argv[2] and d[0]["path"].endswith(sys.argv[2] + ".yaml")
assert d[0]["submitter"] == "hangzhou"
' "$T/out" "$hz" 2>"$T/py"; then
	ok "json: an array of issue objects with path"
else
	not_ok "json: an array of issue objects with path"; diag "$(cat "$T/py")"
fi
run sanfen-list --status closed --format json
out_is "[]" "json: an empty array"
run sanfen-list --status closed
out_is "" "table: nothing when nothing matches"
run sanfen-list --status scheduled --format yaml
out_is "[]" "yaml: an empty list"

run sanfen-list --format yaml
status 0 "--format yaml"
if $PY -c '
import yaml, sys
d = yaml.safe_load(open(sys.argv[1]))
assert [x["id"] for x in d] == sorted(sys.argv[2].split()), d
' "$T/out" "$nb $hz $wz $jh $so" 2>"$T/py"; then
	ok "yaml: a list PyYAML reads"
else
	not_ok "yaml: a list PyYAML reads"; diag "$(cat "$T/py")"
fi

run sanfen-list --format csv --city ningbo
status 0 "--format csv"
printf 'id,status,submitted,submitter,subject,city,program,topic,jurisdiction,meeting,title\r\n%s,submitted,2024-10-08,ningbo,soe,ningbo,major-5,approval,national,,宁波舟山港梅山港区某集装箱码头工程用海审批\r\n' "$nb" >"$T/want"
same_file "$T/out" "$T/want" "csv bytes (RFC 4180, CRLF)"

# errors
run sanfen-list --status open
status 1 "an unknown status value: exit 1"
err_is "sanfen-list: error: --status: unknown value 'open' (expected submitted, accepted, rejected, scheduled, coordinated, escalated, closed, withdrawn)" \
    "names the option and the values"
run sanfen-list --unit nowhere
status 1 "an unknown unit: exit 1"
has "$T/err" "unknown unit 'nowhere'" "names the unit"
run sanfen-list --since 2024-13-01
status 1 "an invalid date: exit 1"
run sanfen-list --format
status 2 "--format without a value: exit 2"
run sanfen-list extra
status 2 "an operand: exit 2"

# a broken file committed by hand is reported by name; the others are
# still listed
printf 'id: [\n' >"issues/2024/11/$so.yaml"
git commit -qam 'hand: broken'
run sanfen-list
status 1 "a broken file: exit 1"
has "$T/err" "issues/2024/11/$so.yaml:" "the broken file is named"
is "$(ids)" "$(sorted $nb $hz $wz $jh)" "the other issues are listed"
done_testing
