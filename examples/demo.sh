#!/bin/sh
# One month of the 三分 mechanism on a sample ledger in a temporary
# directory: the clerks of the cities submit, the task force screens and
# prepares the agenda, the meeting decides, the minutes are printed,
# progress is reported and issues are closed. Each step runs only when the
# command for it is installed.
#
# usage: sh examples/demo.sh [BINDIR]

set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ $# -gt 0 ] && PATH=$1:$PATH
export PATH

ledger=$(mktemp -d "${TMPDIR:-/tmp}/sanfen-demo.XXXXXX")/ledger
export SANFEN_TODAY=2024-10-08
export GIT_AUTHOR_NAME=${GIT_AUTHOR_NAME:-大发改专班 演示}
export GIT_AUTHOR_EMAIL=${GIT_AUTHOR_EMAIL:-demo@sanfen.invalid}
export GIT_COMMITTER_NAME=${GIT_COMMITTER_NAME:-$GIT_AUTHOR_NAME}
export GIT_COMMITTER_EMAIL=${GIT_COMMITTER_EMAIL:-$GIT_AUTHOR_EMAIL}
unset SANFEN_DIR SANFEN_UNIT

has() { command -v "$1" >/dev/null 2>&1; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "sanfen-init $ledger"
sanfen-init "$ledger"
cd "$ledger"

step "the cities and departments submit (Art. 7, 9)"
for f in "$here"/issues/*.yaml; do
	unit=$(sed -n 's/^submitter: *//p' "$f")
	id=$(sanfen-submit --as "$unit" -F "$f")
	printf '%s  %s\n' "$id" "$(basename "$f" .yaml)"
done
# from flags, with Chinese names
sanfen-submit --as 大发改专班 --submitter 衢州 --subject 设区市 --city 衢州 \
    --program 千项万亿 --topic 前期审批 --jurisdiction 省级 --tried 县级,市级 \
    --source 督查发现 --flag 跨部门 \
    --title '衢州某化工新材料项目环评审批' \
    --background '项目总投资30亿元，为省重大产业项目。' \
    --problem '项目环评涉及区域削减替代来源，审批进度滞后。' \
    --prior '衢州市生态环境局已完成技术评估。' \
    --request '请省生态环境厅加快环评审批。'

step "sanfen-list"
sanfen-list

step "sanfen-list --city 宁波 --format json"
sanfen-list --city 宁波 --format json

first=$(sanfen-list --format csv | sed -n '2s/,.*//p')
step "sanfen-show $(echo "$first" | cut -c1-12)"
sanfen-show "$(echo "$first" | cut -c1-12)"

if has sanfen-screen; then
	step "sanfen-screen --pending (Art. 8)"
	sanfen-screen --as tf-drc --pending
fi
if has sanfen-agenda; then
	step "sanfen-agenda: the monthly meeting (Art. 4-7)"
	export SANFEN_TODAY=2024-10-10
	m=$(sanfen-agenda --as tf-drc new --kind monthly --date 2024-10-15 \
	    --max 4)
	sanfen-agenda --as tf-drc propose "$m"
	sanfen-agenda --as tf-office approve "$m"
	sanfen-agenda show "$m" --format md
fi
if has sanfen-minutes; then
	step "sanfen-minutes: what the meeting decided (Art. 10)"
	export SANFEN_TODAY=2024-10-15
	ids=$(sed -n 's/^- issue: //p' "meetings/2024/$m.yaml")
	{
		sed '/^items:/d' "$here/minutes-2024-10.yaml"
		echo "items:"
		n=0
		for id in $ids; do
			n=$((n + 1))
			if [ "$n" -eq 4 ]; then	# not reached: deferred
				printf '  - issue: %s\n    deferred: true\n' "$id"
				continue
			fi
			printf '  - issue: %s\n    decision: |\n' "$id"
			printf '      请牵头单位会同有关单位加快协调办理，按时限报送落实情况。\n'
			printf '    tasks:\n'
			printf '      - action: 加快办理前期审批手续\n'
			printf '        lead: 省自然资源厅\n        support: [%s]\n' \
			    "$(sed -n 's/^submitter: //p' issues/2024/10/"$id".yaml)"
			printf '        due: 2024-11-30\n'
			printf '      - action: 协调落实要素保障\n'
			printf '        lead: 省发展改革委\n        due: 2024-12-31\n'
		done
	} >minutes.yaml
	sanfen-minutes --as tf-drc record "$m" -F minutes.yaml
	rm minutes.yaml
	sanfen-minutes render "$m"
	sanfen-minutes render "$m" --format html -o "$ledger/../纪要.html"
	sanfen-minutes render "$m" --format docx -o "$ledger/../纪要.docx"
	sanfen-minutes --as tf-drc approve "$m"
	export SANFEN_TODAY=2024-10-18
	sanfen-minutes --as tf-office issue "$m" --number '〔2024〕10号'
	first=$(sed -n 's/^- issue: //p' "meetings/2024/$m.yaml" | head -1)
fi
if has sanfen-progress && [ -n "${m:-}" ]; then
	step "sanfen-progress: the responsible units report"
	export SANFEN_TODAY=2024-11-20
	sanfen-progress --as 省自然资源厅 --note '已完成用地预审' --done "$first" 1
	sanfen-progress --as 省发展改革委 --note '已协调落实能耗指标' --done "$first" 2
fi
if has sanfen-supervise && [ -n "${m:-}" ]; then
	step "sanfen-supervise --as-of 2025-01-05 (Art. 12)"
	sanfen-supervise --as-of 2025-01-05
	export SANFEN_TODAY=2025-01-05
	sanfen-supervise --as tf-drc --record >/dev/null
fi
if has sanfen-close && [ -n "${m:-}" ]; then
	step "sanfen-close $first --reason resolved (Art. 13)"
	sanfen-close --as tf-drc --reason resolved "$first"
	sanfen-log -r "$first"
fi

if has sanfen-score; then
	step "sanfen-score --period 2024Q4 (Art. 14)"
	sanfen-score --period 2024Q4 | head -8
fi
if has sanfen-ledger; then
	sanfen-ledger --format xlsx -o "$ledger/../问题事项台账.xlsx"
fi

step "sanfen-check; sanfen-check --history"
sanfen-check
sanfen-check --history

step "git log --oneline"
git --no-pager log --oneline

if has sanfen-report; then
	step "sanfen-report --period 2024-10: the month's report (Art. 4)"
	sanfen-report --period 2024-10 --format html >"$ledger/../报告.html"
	sanfen-report --period 2024-10 --format md
fi

printf '\nthe documents are beside it: %s\n' "$(cd "$ledger/.." && ls *.* | tr '\n' ' ')"
printf '\nthe sample ledger is in %s\n' "$ledger"
