#!/bin/sh
# sanfen-ledger on the month the demo runs: CSV, JSON and .xlsx.
. "$(dirname "$0")/lib.sh"

TMPDIR=$T sh "$EX/demo.sh" "$SANFEN_BUILD/bin" >"$T/demo" 2>&1
led=$(tail -1 "$T/demo" | awk '{ print $NF }')
if [ -d "$led" ]; then
	ok "the demo month ran"
else
	not_ok "the demo month ran"; diag "$(tail -20 "$T/demo")"
	done_testing; exit 1
fi
cd "$led"
closed=$(grep -l '^status: closed' issues/*/*/*.yaml | head -1)
cid=$(basename "$closed" .yaml)

run sanfen-ledger
status 0 "csv"
is "$(head -c 3 "$T/out" | od -An -tx1 | tr -d ' ')" efbbbf "starts with a BOM"
is "$(sed -n 1p "$T/out" | tr -d '\r' | sed 's/^\xef\xbb\xbf//')" \
    "序号,问题编号,问题名称,提出单位,所属设区市,类别,事权层级,上会情况,会议议定意见,牵头单位,配合单位,完成时限,进展情况,督办记录,状态,销号日期,销号理由,备注" \
    "the register's columns"
if $PY -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
assert len(rows) == 9, len(rows)
r = [x for x in rows if x[1] == sys.argv[2]][0]
assert r[14] == "已销号" and r[15] == "2025-01-05" and r[16] == "已解决", r
assert r[7].startswith("2024-10-15-monthly 第"), r[7]
assert r[9] == "1. 省自然资源厅\n2. 省发展改革委", r[9]
assert r[11] == "2024-11-30\n2024-12-31", r[11]
assert "已完成" in r[12]
' "$T/out" "$cid" 2>"$T/py"; then
	ok "csv: Python reads every row; tasks flattened one per line"
else
	not_ok "csv rows"; diag "$(cat "$T/py")"
fi
run sanfen-ledger --status closed --format json
if $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert [x["id"] for x in d] == [sys.argv[2]], d
assert d[0]["no"] == 1 and d[0]["reason"] == "已解决" and d[0]["closed"] == "2025-01-05"
assert list(d[0]) == ["no","id","title","submitter","city","category",
    "jurisdiction","meeting","decision","lead","support","due","progress",
    "supervision","status","closed","reason","note"]
' "$T/out" "$cid" 2>"$T/py"; then
	ok "json: the filters of sanfen-list and the documented keys"
else
	not_ok "json"; diag "$(cat "$T/py")"
fi
run sanfen-ledger --format xlsx -o "$T/l.xlsx"
status 0 "xlsx"
if $PY -c '
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
wb = z.read("xl/workbook.xml").decode()
assert re.findall(r"sheet name=\"([^\"]+)\"", wb) == ["新增", "推进落实", "已办结销号"], wb
s3 = z.read("xl/worksheets/sheet3.xml").decode()
assert "ySplit=\"1\"" in s3 and "xSplit=\"3\"" in s3, "frozen panes"
assert "<cols>" in s3, "column widths"
sst = z.read("xl/sharedStrings.xml").decode()
assert sys.argv[2] in sst and "问题事项" not in sst[:0]
st = z.read("xl/styles.xml").decode()
assert "yyyy-mm-dd" in st, "date format"
' "$T/l.xlsx" "$cid" 2>"$T/py"; then
	ok "xlsx: three sheets, frozen panes, widths, dates as dates"
else
	not_ok "xlsx"; diag "$(cat "$T/py")"
fi
# Calc opens .xlsx (Writer alone does not). The CSV filter is named with
# its options (separator 44 ',', quote 34 '"', character set 76 UTF-8): a
# bare "csv" does not write UTF-8, every Chinese character came out '?'.
if lo_has sc; then
	lo_convert "csv:Text - txt - csv (StarCalc):44,34,76" "$T/l.xlsx"
	if [ -s "$T/l.csv" ]; then
		has "$T/l.csv" "序号,问题编号" "LibreOffice opens the workbook"
	else
		not_ok "LibreOffice opens the workbook"; diag "$(cat "$T/lo")"
	fi
else
	skip "LibreOffice Calc not installed: the workbook is not opened"
fi
run sanfen-ledger --format xlsx
status 2 "xlsx needs -o"
run sanfen-ledger --city 上海
status 1 "an unknown city"
done_testing
