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
	m=$(SANFEN_TODAY=2024-10-10 sanfen-agenda --as tf-drc new \
	    --kind monthly --date 2024-10-15)
	sanfen-agenda --as tf-drc propose "$m"
	sanfen-agenda --as tf-office approve "$m"
	sanfen-agenda show "$m" --format md
fi

step "sanfen-check"
sanfen-check

step "git log --oneline"
git --no-pager log --oneline

printf '\nthe sample ledger is in %s\n' "$ledger"
