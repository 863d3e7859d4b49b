#!/bin/sh
# sanfen-show: one issue by any unique prefix; text, yaml, json.
. "$(dirname "$0")/lib.sh"

new_ledger led
cd "$T/led"
a=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml")
b=$(sanfen-submit --as hangzhou -F "$EX/issues/hangzhou-datacenter-energy.yaml")

run sanfen-show "$a"
status 0 "show by full id"
has "$T/out" "issue $a" "text starts with the id"
has "$T/out" "宁波舟山港梅山港区某集装箱码头工程用海审批" "shows the title"
has "$T/out" "submitter     ningbo (宁波市人民政府)" "shows the unit's name"
has "$T/out" "subject       soe (国企问题)" "enum with its Chinese name"
has "$T/out" "存在问题困难" "material under its Art. 9 heading"

# a unique prefix, case-insensitive
prefix=$(echo "$a" | cut -c1-12)
run sanfen-show "$prefix"
status 0 "show by a unique prefix"
has "$T/out" "issue $a" "the prefix resolves to the issue"
run sanfen-show "$(echo "$prefix" | tr a-z A-Z)"
status 0 "prefix in upper case"

run sanfen-show --format yaml "$a"
status 0 "--format yaml"
same_file "$T/out" "issues/2024/10/$a.yaml" "yaml is the file's bytes"

run sanfen-show --format json "$a"
status 0 "--format json"
if $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["id"] == sys.argv[2], d["id"]
assert d["path"] == "issues/2024/10/%s.yaml" % sys.argv[2], d["path"]
assert d["subject"] == "soe" and d["city"] == "ningbo"
assert d["tried"] == ["county", "city"]
assert d["material"]["request"].startswith("请省自然资源厅")
assert d["submitted"] == "2024-10-08"
' "$T/out" "$a" 2>"$T/py"; then
	ok "json has the file's keys plus path"
else
	not_ok "json has the file's keys plus path"
	diag "$(cat "$T/py")"
fi

# errors
snapshot . "$T/before"
run sanfen-show 20241008
status 1 "ambiguous prefix: exit 1"
has "$T/err" "sanfen-show: error: issue prefix '20241008' is ambiguous: " \
    "ambiguous prefix named"
has "$T/err" "$a" "the candidates are listed"
run sanfen-show 20230101-zzz
status 1 "no such issue: exit 1"
err_is "sanfen-show: error: no issue matches '20230101-zzz'" "not found message"
run sanfen-show ../../etc/passwd
status 1 "a path is not an id"
has "$T/err" "malformed issue id '../../etc/passwd'" "says the id is malformed"
run sanfen-show
status 2 "no id: usage error"
run sanfen-show "$a" "$b"
status 2 "two ids: usage error"
run sanfen-show --format xml "$a"
status 2 "unknown format: usage error"
has "$T/err" "unknown format 'xml' (expected text, yaml, json)" "lists formats"
unchanged . "$T/before" "show writes nothing"

# a hand edit that breaks the file is reported with its location
sed -i 's/^topic: approval/topic: approvals/' "issues/2024/10/$a.yaml"
run sanfen-show "$a"
status 1 "a broken file: exit 1"
has "$T/err" "issues/2024/10/$a.yaml:9:8: topic: unknown topic 'approvals'" \
    "names file, line, column and key"

# from outside the ledger: -C, SANFEN_DIR, or a subdirectory
cd "$T"
run sanfen-show -C "$T/led" "$b"
status 0 "-C DIR"
SANFEN_DIR=$T/led run sanfen-show "$b"
status 0 "SANFEN_DIR"
mkdir -p "$T/led/docs/sub" && cd "$T/led/docs/sub"
run sanfen-show "$b"
status 0 "from a subdirectory, walking up"
cd "$T"
run sanfen-show "$b"
status 1 "outside any ledger: exit 1"
has "$T/err" "not a sanfen ledger" "says there is no ledger"
done_testing
