#!/bin/sh
# A meeting wedged by a merge, and the way out. A unit withdraws an issue
# while the task force puts it on an agenda; the sync's conflict on status
# is settled for the withdrawal: the meeting then has an item whose issue
# its minutes cannot apply to. sanfen-check names the item, sanfen-minutes
# issue says what to do, and sanfen-agenda drop takes such an item off at
# any stage before the minutes are issued (never a live one after the
# draft), judged by the same table as the central check.
. "$(dirname "$0")/lib.sh"

C=$T/central.git
git init -q --bare -b main "$C"
cp "$EX/server/pre-receive" "$C/hooks/pre-receive"
new_ledger prov
cd "$T/prov"
git remote add origin "$C"
nb=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml")
wz=$(sanfen-submit --as wenzhou -F "$EX/issues/wenzhou-private-land.yaml")
sanfen-screen --as tf-drc --pending >/dev/null
sanfen-sync >/dev/null || echo "Bail out! the first sync failed"
git clone -q "$C" "$T/nb"
NF=issues/2024/10/$nb.yaml
M=2024-10-15-monthly
MF=meetings/2024/$M.yaml

# -- the wedge: a withdrawal and an agenda at once, settled for theirs -----
today 2024-10-09
cd "$T/nb"
sanfen-close --as ningbo --withdraw --note '项目业主已自行解决' "$nb" >/dev/null &&
    sanfen-sync >/dev/null || echo "Bail out! ningbo's withdrawal did not land"
cd "$T/prov"
sanfen-agenda --as tf-drc new --kind monthly --date 2024-10-15 >/dev/null 2>&1
sanfen-agenda --as tf-drc propose $M >/dev/null
sanfen-agenda --as tf-office approve $M >/dev/null
run sanfen-sync
status 1 "the sync stops on the status"
has "$T/err" "$NF: status: ours 'scheduled', theirs 'withdrawn'" "a true conflict"
run sanfen-sync --as tf-drc --resolve "$nb" status theirs
status 0 "settled for the withdrawal, merged and pushed"
has "$NF" "status: withdrawn" "the issue is withdrawn"
has "$NF" "meeting: $M" "and still names the meeting"
has "$MF" "issue: $nb" "which still has its item"

# -- sanfen-check names the meeting file, the item and the issue ----------
run sanfen-check
status 1 "sanfen-check finds the wedge"
out_is "$MF: items[$nb]: issue $nb is withdrawn, not scheduled for this meeting: drop the item with sanfen-agenda drop $M $nb" \
    "naming the meeting file, the item, the issue, and what to do"
err_is "sanfen-check: error: 1 finding" "one finding"

# the meeting is held and its minutes approved, the item deferred
today 2024-10-15
cat >"$T/rec.yaml" <<YAML
held: 2024-10-15
chair: 省政府副秘书长
attendees: [tf-drc, tf-office, dept-nr]
items:
  - issue: $nb
    deferred: true
  - issue: $wz
    decision: 由省自然资源厅牵头，在省级统筹用地指标中予以倾斜支持。
    tasks:
      - {action: 统筹安排二期用地指标, lead: dept-nr, support: [wenzhou], due: 2024-11-30}
YAML
sanfen-minutes --as tf-drc record $M -F "$T/rec.yaml" >/dev/null &&
    sanfen-minutes --as tf-drc approve $M >/dev/null ||
    echo "Bail out! record and approve failed"

# -- minutes issue: refused, saying what to do -----------------------------
snapshot . "$T/before"
run sanfen-minutes --as tf-office issue $M
status 1 "the minutes cannot be issued"
err_is "sanfen-minutes: error: issue $nb is withdrawn, not scheduled for $M: drop its item first with sanfen-agenda drop $M $nb, then issue the minutes" \
    "and say what to do first"
unchanged . "$T/before" "nothing written"

# -- a live item stays on a meeting past its draft -------------------------
run sanfen-agenda --as tf-drc drop $M "$wz"
status 1 "a live issue is not dropped from a meeting whose minutes are approved"
err_is "sanfen-agenda: error: $MF: items[$wz]: issue $wz is scheduled for this meeting, which is minutes-approved: after the draft, only an item whose issue was withdrawn or closed is dropped" \
    "the table's rule, naming the item"
unchanged . "$T/before" "nothing written"
run sanfen-agenda --as tf-drc drop $M "$nb" "$wz"
status 1 "nor with a dead one beside it"
unchanged . "$T/before" "nothing written"
run sanfen-agenda --as ningbo drop $M "$nb"
status 1 "a unit without the agenda role may not drop it"
has "$T/err" "does not hold the agenda role" "says whose action it is"
unchanged . "$T/before" "nothing written"

# -- the way out: the dead item dropped ------------------------------------
grep -v "^meeting: $M\$" "$NF" >"$T/issue.want"
run sanfen-agenda --as tf-drc drop $M "$nb"
status 0 "the withdrawn issue's item is dropped"
out_is "" "quietly"
same_file "$NF" "$T/issue.want" "the issue loses its reference to the meeting, and only that"
hasnt "$MF" "issue: $nb" "the meeting has no item for it"
has "$MF" "issue: $wz" "the other item is kept"
has "$MF" "status: minutes-approved" "the meeting's stage is kept"
is "$(git log -1 --format=%s)" "agenda $M: drop 1 issue" "one commit"
is "$(trailer . Sanfen-Action)" agenda-drop "Sanfen-Action: agenda-drop"
is "$(trailer . Sanfen-Issue)" "$nb" "Sanfen-Issue"
is "$(trailer . Sanfen-Meeting)" "$M" "Sanfen-Meeting"
is "$(trailer . Sanfen-Unit)" tf-drc "Sanfen-Unit"
is "$(trailer . Sanfen-Status)" "" "no Sanfen-Status: the issue stays withdrawn"
run sanfen-check
status 0 "sanfen-check finds nothing now"
run sanfen-minutes --as tf-office issue $M
status 0 "the minutes are issued"
is "$(sanfen-show --format json "$wz" | $PY -c 'import json,sys; print(json.load(sys.stdin)["status"])')" \
    coordinated "the live issue is coordinated"
run sanfen-agenda --as tf-drc drop $M "$wz"
status 1 "once the minutes are issued, nothing is dropped"
err_is "sanfen-agenda: error: meeting $M is issued: items are dropped only until its minutes are issued" \
    "says so"
run sanfen-sync
status 0 "the drop and the minutes are pushed"
is "$(git -C "$C" rev-parse main)" "$(git rev-parse HEAD)" "the central hook accepted them"
run sanfen-check --history -C "$C"
status 0 "central's history passes sanfen-check --history"

# -- an item whose issue is scheduled for another meeting ------------------
# Two clerks put one accepted issue on two meetings at once; settled for
# the other meeting, the first one's item is dead, and goes alone.
today 2024-10-16
hz=$(sanfen-submit --as hangzhou -F "$EX/issues/hangzhou-datacenter-energy.yaml")
sanfen-screen --as tf-drc "$hz" >/dev/null
sanfen-sync >/dev/null
git clone -q "$C" "$T/prov2"
M1=2024-11-15-monthly M2=2024-11-20-special
sanfen-agenda --as tf-drc new --kind monthly --date 2024-11-15 >/dev/null 2>&1
sanfen-sync >/dev/null
cd "$T/prov2"
sanfen-agenda --as tf-drc new --kind special --date 2024-11-20 >/dev/null 2>&1
sanfen-agenda --as tf-drc add $M2 "$hz" >/dev/null
run sanfen-sync --as tf-drc --resolve "$hz" meeting ours
status 0 "settled for the special meeting"
run sanfen-check
status 1 "sanfen-check finds the item on the other meeting"
out_is "meetings/2024/$M1.yaml: items[$hz]: issue $hz is scheduled on $M2, not scheduled for this meeting: drop the item with sanfen-agenda drop $M1 $hz" \
    "naming where the issue is"
HF=$(ls issues/*/*/"$hz.yaml")
cp "$HF" "$T/hz.want"
run sanfen-agenda --as tf-drc drop $M1 "$hz"
status 0 "the dead item is dropped from the draft"
same_file "$HF" "$T/hz.want" "the issue, scheduled for $M2, is untouched"
is "$(trailer . Sanfen-Issue)" "" "no Sanfen-Issue: no issue changed"
run sanfen-check
status 0 "sanfen-check finds nothing"
run sanfen-sync
status 0 "pushed"
run sanfen-check --history -C "$C"
status 0 "central's history still passes"

done_testing
