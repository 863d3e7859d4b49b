#!/bin/sh
# A realistic small ledger, built through the real commands: the cities
# and departments submit (every subject and topic of examples/issues/, and
# one issue from flags with Chinese names), the task force screens, the
# October monthly meeting is prepared, held and its minutes issued, the
# responsible units report progress, overdue tasks are supervised and one
# issue is closed. Every step is a commit dated on the day it happens, so
# `git log` reads as the month did.
#
# usage: sh examples/sample-ledger.sh DIR [BINDIR]
#
# DIR must not exist yet. BINDIR, if given, goes first on PATH. Used by
# examples/demo.sh (make demo), examples/ci/month.sh's test and anyone
# who wants a ledger to try things on.

set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: sh $0 DIR [BINDIR]" >&2; exit 2; }
ledger=$1
[ $# -ge 2 ] && PATH=$2:$PATH
export PATH
if [ -e "$ledger" ]; then
	echo "sample-ledger.sh: error: '$ledger' exists" >&2
	exit 1
fi

export GIT_AUTHOR_NAME="${GIT_AUTHOR_NAME:-大发改专班 演示}"
export GIT_AUTHOR_EMAIL="${GIT_AUTHOR_EMAIL:-demo@sanfen.invalid}"
export GIT_COMMITTER_NAME="${GIT_COMMITTER_NAME:-$GIT_AUTHOR_NAME}"
export GIT_COMMITTER_EMAIL="${GIT_COMMITTER_EMAIL:-$GIT_AUTHOR_EMAIL}"
unset SANFEN_DIR SANFEN_UNIT

# day D: what follows happens on D (sanfen's today and the commits' dates)
day() {
	export SANFEN_TODAY="$1"
	export GIT_AUTHOR_DATE="$1T09:30:00+08:00"
	export GIT_COMMITTER_DATE="$1T09:30:00+08:00"
}
if [ -t 1 ]; then
	step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
else
	step() { printf '\n== %s\n' "$*"; }
fi

day 2024-10-08
step "sanfen-init $ledger"
sanfen-init "$ledger"
cd "$ledger"

step "the cities and departments submit (Art. 7, 9)"
for f in "$here"/issues/*.yaml; do
	unit=$(sed -n 's/^submitter: *//p' "$f")
	id=$(sanfen-submit --as "$unit" -F "$f")
	printf '%s  %s\n' "$id" "$(basename "$f" .yaml)"
done
# from flags, with Chinese names, on behalf of a city
id=$(sanfen-submit --as 大发改专班 --submitter 衢州 --subject 设区市 --city 衢州 \
    --program 千项万亿 --topic 前期审批 --jurisdiction 省级 --tried 县级,市级 \
    --source 督查发现 --flag 跨部门 \
    --title '衢州某化工新材料项目环评审批' \
    --background '项目总投资30亿元，为省重大产业项目。' \
    --problem '项目环评涉及区域削减替代来源，审批进度滞后。' \
    --prior '衢州市生态环境局已完成技术评估。' \
    --request '请省生态环境厅加快环评审批。')
printf '%s  %s\n' "$id" 'quzhou (from flags)'

step "sanfen-screen --pending (Art. 8)"
sanfen-screen --as tf-drc --pending

step "sanfen-agenda: the monthly meeting (Art. 4-7)"
day 2024-10-10
m=$(sanfen-agenda --as tf-drc new --kind monthly --date 2024-10-15 --max 4)
sanfen-agenda --as tf-drc propose "$m"
sanfen-agenda --as tf-office approve "$m"
echo "$m approved"

step "sanfen-minutes: what the meeting decided (Art. 10)"
day 2024-10-15
ids=$(sed -n 's/^- issue: //p' "meetings/2024/$m.yaml")
minutes=$(mktemp "${TMPDIR:-/tmp}/sanfen-minutes.XXXXXX")
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
} >"$minutes"
sanfen-minutes --as tf-drc record "$m" -F "$minutes"
rm -f "$minutes"
day 2024-10-16
sanfen-minutes --as tf-drc approve "$m"
day 2024-10-18
sanfen-minutes --as tf-office issue "$m" --number '〔2024〕10号'
first=$(printf '%s\n' "$ids" | head -1)

step "sanfen-progress: the responsible units report"
day 2024-11-20
sanfen-progress --as 省自然资源厅 --note '已完成用地预审' --done "$first" 1
second=$(printf '%s\n' "$ids" | sed -n 2p)
sanfen-progress --as 省自然资源厅 --note '已报自然资源部审查' "$second" 1
day 2024-12-20
sanfen-progress --as 省发展改革委 --note '已协调落实能耗指标' --done "$first" 2

step "sanfen-supervise --record: overdue tasks (Art. 12)"
day 2025-01-05
sanfen-supervise --as tf-drc --record >/dev/null
sanfen-supervise

step "sanfen-close $first --reason resolved (Art. 13)"
sanfen-close --as tf-drc --reason resolved "$first"
