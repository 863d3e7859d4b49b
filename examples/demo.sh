#!/bin/sh
# One month of the 三分 mechanism on a sample ledger in a temporary
# directory: examples/sample-ledger.sh builds it (the clerks of the cities
# submit, the task force screens and prepares the agenda, the meeting
# decides, progress is reported, an issue is closed), then this shows what
# the ledger says and prints the documents beside it.
#
# usage: sh examples/demo.sh [BINDIR]

set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ $# -gt 0 ] && PATH=$1:$PATH
export PATH

ledger=$(mktemp -d "${TMPDIR:-/tmp}/sanfen-demo.XXXXXX")/ledger
docs=$(dirname "$ledger")
sh "$here/sample-ledger.sh" "$ledger"
cd "$ledger"
unset SANFEN_DIR SANFEN_UNIT
export SANFEN_TODAY=2025-01-05	# the day the sample ledger ends

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
m=2024-10-15-monthly
first=$(sed -n 's/^- issue: //p' "meetings/2024/$m.yaml" | head -1)

step "sanfen-list"
sanfen-list

step "sanfen-list --city 宁波 --format json"
sanfen-list --city 宁波 --format json

step "sanfen-show $(echo "$first" | cut -c1-12)"
sanfen-show "$(echo "$first" | cut -c1-12)"

step "sanfen-agenda show $m --format md"
sanfen-agenda show "$m" --format md

step "sanfen-minutes render $m (also html and docx, beside the ledger)"
sanfen-minutes render "$m"
sanfen-minutes render "$m" --format html -o "$docs/纪要.html"
sanfen-minutes render "$m" --format docx -o "$docs/纪要.docx"

step "sanfen-supervise --as-of 2025-01-05 --notice (Art. 12)"
sanfen-supervise --as-of 2025-01-05 --notice | head -20

step "sanfen-log -r $first"
sanfen-log -r "$first"

step "sanfen-score --period 2024Q4 (Art. 14)"
sanfen-score --period 2024Q4 | head -8
sanfen-ledger --format xlsx -o "$docs/问题事项台账.xlsx"

step "sanfen-check; sanfen-check --history"
sanfen-check
sanfen-check --history

step "git log --oneline"
git --no-pager log --oneline

step "sanfen-report --period 2024-10: the month's report (Art. 4)"
sanfen-report --period 2024-10 --format html >"$docs/报告.html"
sanfen-report --period 2024-10 --format md

printf '\nthe documents are beside it: %s\n' "$(cd "$docs" && ls *.* | tr '\n' ' ')"
printf '\nthe sample ledger is in %s\n' "$ledger"
