#!/bin/sh
# sanfen-minutes: record, render (md, html, docx), approve, issue.
. "$(dirname "$0")/lib.sh"

new_ledger led
cd "$T/led"
sub() { sanfen-submit --as "$1" -F "$EX/issues/$2.yaml"; }
wz=$(sub wenzhou wenzhou-private-land)		# score 9
jh=$(sub jinhua jinhua-rail-policy)		# score 6
hz=$(sub hangzhou hangzhou-datacenter-energy)	# score 1
sanfen-screen --as tf-drc --pending >/dev/null
M=2024-10-15-monthly
MF=meetings/2024/$M.yaml
f() { echo "issues/2024/10/$1.yaml"; }
sanfen-agenda --as tf-drc new --kind monthly --date 2024-10-15 >/dev/null 2>&1
cat >"$T/rec.yaml" <<-YAML
	held: 2024-10-15
	chair: 省政府副秘书长
	attendees: [tf-drc, {unit: 省自然资源厅, person: 副厅长}]
	observers: [温州, jinhua]
	absent: [dept-finance]
	items:
	  - issue: $wz
	    decision: |
	      由省自然资源厅牵头，在省级统筹用地指标中予以倾斜支持。
	    tasks:
	      - action: 统筹安排二期用地指标
	        lead: 省自然资源厅
	        support: [温州]
	        due: 2024-11-30
	      - action: 指导项目盘活存量土地
	        lead: dept-nr
	        due: 2024-12-31
	  - issue: $(echo "$jh" | cut -c1-12)
	    decision: 由省发展改革委、省财政厅明确跨市段分担比例。
	    tasks:
	      - action: 明确省级补助和两市分担比例
	        lead: dept-drc
	        support: [dept-finance, jinhua, shaoxing]
	        due: 2024-12-15
	  - issue: $hz
	    deferred: true
	YAML

snapshot . "$T/before"
today 2024-10-15
run sanfen-minutes --as tf-drc record $M -F "$T/rec.yaml"
status 1 "record before the agenda is approved"
has "$T/err" "meeting $M is draft: recording the minutes needs it approved" \
    "says which step"
unchanged . "$T/before" "nothing written"
sanfen-agenda --as tf-drc propose $M && sanfen-agenda --as tf-drc approve $M

snapshot . "$T/before"
run sanfen-minutes --as ningbo record $M -F "$T/rec.yaml"
status 1 "a city may not record minutes"
head -24 "$T/rec.yaml" >"$T/short.yaml"
run sanfen-minutes --as tf-drc record $M -F "$T/short.yaml"
status 1 "an agenda item left unanswered"
has "$T/err" "$T/short.yaml:7:3: items: agenda item 3 (issue $hz) is not answered" \
    "names the unanswered item"
sed "s/^  - issue: $hz/  - issue: 20241008-zzzzzz/" "$T/rec.yaml" >"$T/other.yaml"
run sanfen-minutes --as tf-drc record $M -F "$T/other.yaml"
status 1 "an issue not on the agenda"
has "$T/err" "items[3].issue: issue 20241008-zzzzzz is not on the agenda" \
    "located"
sed 's/lead: dept-drc/lead: 上海/' "$T/rec.yaml" >"$T/bad.yaml"
run sanfen-minutes --as tf-drc record $M -F "$T/bad.yaml"
status 1 "an unknown lead unit"
has "$T/err" "bad.yaml:22:15: items[2].tasks[1].lead: unknown unit '上海'" \
    "with file, line, column and key"
unchanged . "$T/before" "refused minutes write nothing"

# through $EDITOR on the template made from the agenda: an editor that
# leaves the template as it is records nothing, and keeps the text
if command -v script >/dev/null 2>&1; then
	printf '#!/bin/sh\nexit 0\n' >"$T/noop"
	chmod +x "$T/noop"
	EDITOR=$T/noop TMPDIR=$T script -qec "sanfen-minutes --as tf-drc record $M" \
	    /dev/null >"$T/out" 2>&1
	has "$T/out" "items[1].decision: required (会议议定意见), or deferred: true" \
	    "the unedited template is refused"
	has "$T/out" "your text is in $T/sanfen-minutes-" "the text is kept"
	kept=$(ls "$T"/sanfen-minutes-*.yaml | head -1)
	has "$kept" "  - issue: $wz" "the template lists the agenda items"
	has "$kept" "    # 温州某民营高端装备产业园项目建设用地指标" "with their titles"
	printf '#!/bin/sh\ncp "%s" "$1"\n' "$T/rec.yaml" >"$T/fill"
	chmod +x "$T/fill"
	EDITOR=$T/fill TMPDIR=$T script -qec "sanfen-minutes --as tf-drc record $M" \
	    /dev/null >"$T/out" 2>&1
	has "$MF" "status: held" "recorded through the editor"
	git reset -q --hard HEAD~1
else
	skip "script(1) not installed: no terminal for the editor test"
fi

run sanfen-minutes --as tf-drc record $M -F "$T/rec.yaml"
status 0 "record"
has "$MF" "status: held" "the meeting is held"
has "$MF" "held: 2024-10-15" "the date held"
has "$MF" "  - 'no': 2" "tasks numbered"
has "$MF" "  deferred: true" "the deferred item"
has "$MF" "  person: 副厅长" "attendee with a person"
is "$(trailer . Sanfen-Meeting-Status)" "approved -> held" "Sanfen-Meeting-Status"
run sanfen-minutes --as tf-drc record $M -F "$T/rec.yaml"
status 1 "record twice is refused"

# render
run sanfen-minutes render $M
status 0 "render md"
has "$T/out" "# 全省“三分”机制例会纪要" "masthead"
has "$T/out" "**（代拟稿）**" "a draft until issued"
has "$T/out" "大办公厅专班　大发改专班　　2024年10月15日" "issuers and date"
has "$T/out" "会议议定事项如下：" "the formula"
has "$T/out" "### 一、关于温州某民营高端装备产业园项目建设用地指标问题" "section 一"
has "$T/out" "### 二、关于金义东市域轨道交通延伸线跨市段资金分担政策落实问题" "section 二"
has "$T/out" "以下议题顺延至下次例会协调：“杭州某算力中心项目能耗指标保障”" "the deferred issue"
has "$T/out" "### 三、通报以往例会协调问题销号和事项落实情况" "the 通报 section"
has "$T/out" "**出席：**省发展改革委推进落实中心工作专班，浙江省自然资源厅副厅长" "出席"
has "$T/out" "**请假：**浙江省财政厅" "请假"
has "$T/out" "| 序号 | 会议议定事项 | 牵头单位 | 配合单位 | 完成时限 | 关联问题编号 |" \
    "the responsibility list"
has "$T/out" "| 3 | 明确省级补助和两市分担比例 | 浙江省发展和改革委员会 | 省财政厅、金华、绍兴 | 2024年12月15日 | $jh |" \
    "a row of the list"
run sanfen-minutes render $M --format html -o "$T/m.html"
status 0 "render html"
has "$T/m.html" "size: A4; margin: 37mm 26mm 35mm 28mm" "A4 with GB/T 9704 margins"
has "$T/m.html" "\"仿宋_GB2312\", \"仿宋\", \"FangSong\"" "fonts with fallbacks"
has "$T/m.html" "<h1 class=\"masthead\">全省“三分”机制例会纪要</h1>" "masthead"
hasnt "$T/m.html" "<script" "no scripts"
run sanfen-minutes render $M --format docx -o "$T/m.docx"
status 0 "render docx"
if $PY -c '
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert "word/document.xml" in z.namelist()
d = z.read("word/document.xml").decode()
assert "全省“三分”机制例会纪要" in d and "事项落实责任清单" in d
assert "w:pgSz w:w=\"11906\" w:h=\"16838\"" in d and "w:top=\"2098\"" in d
' "$T/m.docx" 2>"$T/py"; then
	ok "docx: an A4 WordprocessingML document with the text"
else
	not_ok "docx"; diag "$(cat "$T/py")"
fi
sanfen-minutes render $M --format docx -o "$T/again.docx"
same_file "$T/again.docx" "$T/m.docx" "docx bytes are reproducible"
if lo_has sw; then
	lo_convert pdf "$T/m.docx"
	if [ -s "$T/m.pdf" ]; then
		ok "LibreOffice converts the docx to PDF"
	else
		not_ok "LibreOffice converts the docx to PDF"; diag "$(cat "$T/lo")"
	fi
	if command -v pdftotext >/dev/null 2>&1; then
		pdftotext "$T/m.pdf" "$T/m.txt"
		has "$T/m.txt" "事项落实责任清单" "the PDF has the attachment"
	else
		skip "pdftotext not installed: the PDF is not read"
	fi
else
	skip "LibreOffice Writer not installed: the docx is not converted"
	skip "LibreOffice Writer not installed: no PDF to read"
fi
run sanfen-minutes render $M --format docx
status 2 "docx needs -o"

# approve and issue, in order
snapshot . "$T/before"
run sanfen-minutes --as tf-drc issue $M
status 1 "issue before approval is refused"
unchanged . "$T/before" "nothing written"
today 2024-10-16
run sanfen-minutes --as tf-drc approve $M
status 0 "approve"
has "$MF" "approved: 2024-10-16" "approval date"
today 2024-10-18
run sanfen-minutes --as 大办公厅专班 issue $M
status 0 "issue"
out_is "$M 〔2024〕1号" "the next number of the year from the format"
has "$MF" "status: issued" "issued"
has "$(f "$wz")" "status: coordinated" "a decided issue is coordinated"
has "$(f "$wz")" "decision: |" "with its decision"
has "$(f "$wz")" "  lead: dept-nr" "and its tasks"
has "$(f "$wz")" "  status: open" "tasks open"
has "$(f "$hz")" "status: accepted" "the deferred issue is accepted again"
hasnt "$(f "$hz")" "meeting:" "and on no meeting"
is "$(trailer . Sanfen-Issue | wc -l | tr -d ' ')" 3 "a Sanfen-Issue per issue"
is "$(trailer . Sanfen-Action)" minutes-issue "Sanfen-Action"
run sanfen-minutes render $M
has "$T/out" "**〔2024〕1号**" "issued minutes carry their number"
has "$T/out" "大办公厅专班　大发改专班　　2024年10月18日印发" "the 印发 line"
run sanfen-check
status 0 "the ledger passes sanfen-check"
if $PY -c 'import jsonschema' 2>/dev/null; then
	run $PY "$SANFEN_BUILD/tests/schema-validate.py" \
	    "$SANFEN_BUILD/schema/meeting.schema.json" "$MF"
	status 0 "the meeting file validates against meeting.schema.json"
	run $PY "$SANFEN_BUILD/tests/schema-validate.py" \
	    "$SANFEN_BUILD/schema/issue.schema.json" issues/2024/10/*.yaml
	status 0 "coordinated issues validate against issue.schema.json"
fi
run sanfen-log -r --format json "$wz"
is "$($PY -c 'import json,sys; print(" ".join(str(c["status"]) for c in json.load(open(sys.argv[1]))))' "$T/out")" \
    "none -> submitted submitted -> accepted accepted -> scheduled scheduled -> coordinated" \
    "sanfen-log: the issue's own transitions"
done_testing
