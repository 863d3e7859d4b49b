#!/bin/sh
# Output for a person, as git does it: on a terminal (a pseudo-terminal
# here) tables are cut to its width and coloured, and output goes through
# the pager; written to a file or a pipe, none of that.
. "$(dirname "$0")/lib.sh"

[ -x "$PY" ] || { skip "no $PY for a pseudo-terminal"; done_testing; exit; }
new_ledger led
cd "$T/led"
id=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml")
title=宁波舟山港梅山港区某集装箱码头工程用海审批
ESC=$(printf '\033')
export TERM=xterm
unset NO_COLOR PAGER SANFEN_PAGER LESS COLUMNS
# tty CMD…: CMD with stdout on a pseudo-terminal; $T/out, $T/err, $rc
tty() { run "$PY" "$SANFEN_BUILD/tests/cmd/ptyrun.py" "$@"; }
widest() { "$PY" "$SANFEN_BUILD/tests/cmd/ptyrun.py" --width "$T/out"; }

# tables: cut to the terminal, by display width
COLUMNS=60 SANFEN_PAGER=cat tty sanfen-list
status 0 "sanfen-list on a terminal"
has "$T/out" "$id" "lists the issue"
has "$T/out" "宁…" "the title is cut with … at 60 columns"
hasnt "$T/out" "$title" "… not whole"
has "$T/out" "${ESC}[33msubmitted${ESC}[m" "the status in colour"
COLUMNS=91 SANFEN_PAGER=cat tty sanfen-list
is "$(widest)" 91 "at 91 columns the widest line takes 91"
has "$T/out" "宁波舟山港梅山港区某集…" "… the title cut by display width"
COLUMNS=90 SANFEN_PAGER=cat tty sanfen-list
is "$(widest)" 89 "at 90, 89: a wide character is never split"
has "$T/out" "宁波舟山港梅山港区某…" "… one character less"
COLUMNS=200 SANFEN_PAGER=cat tty sanfen-list
has "$T/out" "$title" "a wide terminal shows the title whole"
COLUMNS=60 SANFEN_PAGER=cat run sanfen-list
has "$T/out" "$title" "not a terminal: never cut"
hasnt "$T/out" "…" "… no ellipsis"
hasnt "$T/out" "$ESC" "… and no colour"

# colour: --color, NO_COLOR, TERM
COLUMNS=60 SANFEN_PAGER=cat NO_COLOR=1 tty sanfen-list
hasnt "$T/out" "$ESC" "NO_COLOR: no colour"
COLUMNS=60 SANFEN_PAGER=cat NO_COLOR=1 tty sanfen-list --color=always
has "$T/out" "${ESC}[33m" "--color=always wins over NO_COLOR"
COLUMNS=60 SANFEN_PAGER=cat tty sanfen-list --color=never
hasnt "$T/out" "$ESC" "--color=never"
COLUMNS=60 SANFEN_PAGER=cat TERM=dumb tty sanfen-list
hasnt "$T/out" "$ESC" "TERM=dumb: no colour"
run sanfen-list --color
has "$T/out" "${ESC}[33msubmitted${ESC}[m" "--color alone colours a pipe"
has "$T/out" "$title" "… and cuts nothing"
run sanfen-list --color=sometimes
status 2 "an unknown --color value is a usage error"
has "$T/err" "unknown --color value 'sometimes'" "… and says so"
SANFEN_PAGER=cat tty sanfen-show "$id"
has "$T/out" "${ESC}[33msubmitted${ESC}[m (已提交)" "sanfen-show: the status in colour"
run sanfen-show "$id"
hasnt "$T/out" "$ESC" "sanfen-show to a file: no colour"
SANFEN_PAGER=cat tty sanfen-log
has "$T/out" "${ESC}[33m" "sanfen-log: the commit in colour"

# the pager
SANFEN_PAGER='sed "s/^/P: /"' tty sanfen-list
has "$T/out" "P: $id" "SANFEN_PAGER pages a terminal"
PAGER='sed "s/^/Q: /"' tty sanfen-show "$id"
has "$T/out" "Q: issue $id" "PAGER when SANFEN_PAGER is unset"
SANFEN_PAGER='sed "s/^/P: /"' PAGER='sed "s/^/Q: /"' tty sanfen-log
has "$T/out" "P: DATE" "SANFEN_PAGER before PAGER"
SANFEN_PAGER='sed "s/^/P: /"' tty sanfen-list --no-pager
hasnt "$T/out" "P: " "--no-pager"
SANFEN_PAGER='sed "s/^/P: /"' run sanfen-list
hasnt "$T/out" "P: " "not a terminal: no pager"
SANFEN_PAGER= PAGER='sed "s/^/Q: /"' tty sanfen-list
hasnt "$T/out" "Q: " "an empty SANFEN_PAGER: no pager"
SANFEN_PAGER=cat PAGER='sed "s/^/Q: /"' tty sanfen-list
hasnt "$T/out" "Q: " "SANFEN_PAGER=cat: no pager"
SANFEN_PAGER='echo "LESS=$LESS LV=$LV"; cat >/dev/null' tty sanfen-list
has "$T/out" "LESS=FRX LV=-c" "LESS=FRX and LV=-c for the pager, as git"
LESS=S SANFEN_PAGER='echo "LESS=$LESS"; cat >/dev/null' tty sanfen-list
has "$T/out" "LESS=S" "… unless set"
SANFEN_PAGER="cat >/dev/null; sleep 1; echo >'$T/paged'" tty sanfen-list
[ -f "$T/paged" ] && ok "the command waits for the pager" ||
    not_ok "the command waits for the pager"
SANFEN_PAGER='sed "s/^/P: /"' tty sanfen-show nosuchid
status 1 "a refusal on a terminal"
is "$(cat "$T/out")" "" "… starts no pager"
done_testing
