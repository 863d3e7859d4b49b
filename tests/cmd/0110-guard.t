#!/bin/sh
# The central guard (examples/server/pre-receive, sanfen-check --history)
# attacked as a hostile clerk would. A bare central repository with the
# hook, a month of history made by the commands and pushed in pieces
# (every push accepted), then one push per attack, crafted with plain git
# (hand edits, hash-object, update-index, mktree, commit-tree): each must
# be refused, leave the central branch where it was and name the commit,
# the file and the field. The guard judges a commit by what it changes,
# field by field, against the Sanfen-Action and Sanfen-Unit it claims and
# the units, config and signers in force before the push (SPEC §8).
. "$(dirname "$0")/lib.sh"

diag "$(git --version)" \
    "libgit2 $(pkg-config --modversion libgit2 2>/dev/null || echo unknown)"

C=$T/central.git
git init -q --bare -b main "$C"
cp "$EX/server/pre-receive" "$C/hooks/pre-receive"

# day D: the commands' today and git's clock on the same day, so that no
# recorded date is later than the commit that records it
day() {
	export SANFEN_TODAY=$1
	export GIT_AUTHOR_DATE="$1T10:00:00+08:00"
	export GIT_COMMITTER_DATE="$1T10:00:00+08:00"
}

# push_ok WHAT: a plain git push of HEAD is accepted and central moves
push_ok() {
	run git push origin HEAD:main
	status 0 "$1: the push is accepted"
	is "$(git -C "$C" rev-parse main)" "$(git rev-parse HEAD)" \
	    "$1: central is at the pushed tip"
}

sub() {			# sub UNIT EXAMPLE [ARGS]: submit, print the id
	_u=$1 _e=$2
	shift 2
	sanfen-submit --as "$_u" -F "$EX/issues/$_e.yaml" "$@" ||
	    echo "Bail out! sanfen-submit --as $_u $_e failed" >&2
}
path_of() {		# the issue file of an id, in the work tree
	ls issues/*/*/"$1.yaml"
}

# == legit history: every command, pushed in pieces =========================
day 2024-10-08
new_ledger prov
cd "$T/prov"
git remote add origin "$C"
push_ok "init"

NB=$(sub ningbo ningbo-port-sea-use)
WZ=$(sub wenzhou wenzhou-private-land)
JH=$(sub jinhua jinhua-rail-policy)
HZ=$(sub hangzhou hangzhou-datacenter-energy)
LS=$(sub lishui lishui-pumped-storage)
push_ok "five cities submit"
old_tip=$(git rev-parse HEAD)	# WZ as submitted, no NB2 yet: attacks 6, 7

sanfen-screen --as tf-drc --pending >/dev/null
push_ok "tf-drc screens them (accepted)"

day 2024-10-09
M=2024-10-15-monthly
MF=meetings/2024/$M.yaml
sanfen-agenda --as tf-drc new --kind monthly --date 2024-10-15 >/dev/null 2>&1
sanfen-agenda --as tf-drc drop $M "$LS" "$HZ" >/dev/null
sanfen-agenda --as tf-drc add $M "$HZ" >/dev/null
sanfen-close --as lishui --withdraw --note '项目业主已自行解决' "$LS" >/dev/null
push_ok "agenda new, drop, add; lishui withdraws"
day 2024-10-10
sanfen-agenda --as tf-drc propose $M >/dev/null
sanfen-agenda --as tf-office approve $M >/dev/null
push_ok "agenda propose, approve"

cat >"$T/rec.yaml" <<YAML
held: 2024-10-15
chair: 省政府副秘书长
attendees: [tf-drc, tf-office, dept-nr, dept-eco, dept-drc]
observers: [ningbo, wenzhou, jinhua]
items:
  - issue: $NB
    decision: |
      由省自然资源厅牵头加快用海报部审查，省生态环境厅同步推进环评审批。
    tasks:
      - action: 加快用海报部审查
        lead: dept-nr
        support: [ningbo]
        due: 2025-01-31
      - action: 同步推进环评审批
        lead: dept-eco
        support: [ningbo]
        due: 2025-03-31
  - issue: $WZ
    decision: |
      由省自然资源厅牵头，在省级统筹用地指标中予以倾斜支持。
    tasks:
      - action: 统筹安排二期用地指标
        lead: dept-nr
        support: [wenzhou]
        due: 2024-11-30
  - issue: $JH
    decision: 由省发展改革委、省财政厅明确跨市段分担比例。
    tasks:
      - action: 明确省级补助和两市分担比例
        lead: dept-drc
        support: [dept-finance, jinhua]
        due: 2024-12-15
  - issue: $HZ
    deferred: true
YAML
day 2024-10-15
sanfen-minutes --as tf-drc record $M -F "$T/rec.yaml" >/dev/null ||
    echo "Bail out! sanfen-minutes record failed"
day 2024-10-16
sanfen-minutes --as tf-drc approve $M >/dev/null &&
sanfen-minutes --as tf-office issue $M --number '〔2024〕10号' >/dev/null ||
    echo "Bail out! sanfen-minutes approve/issue failed"
is "$(sanfen-show --format json "$NB" | $PY -c 'import json,sys; print(json.load(sys.stdin)["status"])')" \
    coordinated "the setup has a coordinated issue"
push_ok "minutes record, approve, issue"

day 2024-11-01
sanfen-progress --as ningbo --note '宁波市已补充海域使用论证材料' "$NB" 1 >/dev/null
sanfen-progress --as dept-nr --note '指标已安排' --done 2024-10-30 "$WZ" 1 >/dev/null
push_ok "progress --note, progress --done"
day 2024-11-05
sanfen-close --as tf-drc --reason resolved "$WZ" >/dev/null
push_ok "close (resolved)"

day 2024-12-20
sanfen-supervise --as tf-drc --record >/dev/null
is "$(trailer . Sanfen-Action)" supervise "supervise --record committed"
sanfen-escalate --as tf-drc --to leader --reason '逾期未落实' "$JH" >/dev/null
M2=2025-01-15-monthly
M2F=meetings/2025/$M2.yaml
sanfen-agenda --as tf-drc new --kind monthly --date 2025-01-15 >/dev/null 2>&1
[ -f "$M2F" ] && ok "a draft meeting for January" ||
    not_ok "a draft meeting for January"
push_ok "supervise, escalate, agenda new"

day 2024-12-21
NB2=$(sub ningbo ningbo-port-sea-use --title '宁波某港区疏港公路用地问题')
F1=$(path_of "$NB")		# coordinated, tasks 1 and 2 open
F2=$(path_of "$NB2")		# submitted
FW=$(path_of "$WZ")		# closed
push_ok "ningbo submits a second issue"

is "$(git -C "$C" log main --format='%(trailers:key=Sanfen-Action,valueonly)' |
    sed '/^$/d' | sort -u | tr '\n' ' ')" \
    "agenda-add agenda-approve agenda-drop agenda-new agenda-propose close escalate init minutes-approve minutes-issue minutes-record progress screen submit supervise withdraw " \
    "central holds a commit of every command's action"

# -- a merge made by sanfen-sync: two clones, two tasks of one issue -------
git clone -q "$C" "$T/nb"
cd "$T/nb"
sanfen-sync >/dev/null
day 2024-12-21
sanfen-progress --as ningbo --note '宁波市已报送补充论证报告' "$NB" 1 >/dev/null
run sanfen-sync
status 0 "ningbo's progress on task 1 is pushed by sanfen-sync"
cd "$T/prov"
sanfen-progress --as dept-eco --note '环评报告书已受理' "$NB" 2 >/dev/null
run sanfen-sync
status 0 "the province's progress on task 2: sanfen-sync merges and pushes"
has "$T/out" "1 merged field by field" "the issue merged field by field"
is "$(git log -1 --format=%P | wc -w | tr -d ' ')" 2 "sanfen-sync made a merge"
is "$(git -C "$C" rev-parse main)" "$(git rev-parse HEAD)" \
    "the hook accepted sanfen-sync's merge"

# -- a merge made by plain git pull through the merge driver ---------------
is "$(git config merge.sanfen.driver)" "sanfen-merge-driver %O %A %B %P" \
    "the province's clone has the merge driver"
cd "$T/nb"
sanfen-sync >/dev/null
sanfen-progress --as ningbo --note '宁波：环评公示已完成' "$NB" 2 >/dev/null
sanfen-sync >/dev/null
cd "$T/prov"
sanfen-progress --as dept-nr --note '省自然资源厅：已报自然资源部' "$NB" 1 >/dev/null
run git pull -q --no-rebase --no-edit origin main
status 0 "git pull merges the issue edited on both sides"
is "$(git log -1 --format=%P | wc -w | tr -d ' ')" 2 "git pull made a merge"
has "$F1" "宁波：环评公示已完成" "the pulled note is there"
has "$F1" "省自然资源厅：已报自然资源部" "our note is there"
push_ok "the merge of git pull, pushed with git push"

# -- a file that is not the ledger's, committed without trailers -----------
printf '# 全省“三分”机制问题台账\n' >README.md
git add README.md
git commit -q -m "README: what this repository is"
push_ok "README.md committed by hand without trailers"

run sanfen-check --history -C "$C"
status 0 "sanfen-check --history of central's legit history"
has "$T/err" "no findings" "finds nothing"

# == attacks ================================================================
# Each case defines craft(), which makes one or more commits in the clone
# $T/evil (reset to central's main before); the offending commit is HEAD
# unless craft names another with offender. attack NAME PATH FIELD pushes
# HEAD and asserts: refused (exit status not 0, the hook says "refused"),
# central not moved, the hook's messages name the commit (7 hex digits)
# and PATH, and a line of them names PATH and FIELD together (either may
# be '' where a case has none). After it, saw TEXT WHAT asserts more of
# what the hook said.
git clone -q "$C" "$T/evil"
day 2024-12-22
hand() {		# hand SUBJECT TRAILER…: commit the index by hand
	_s=$1
	shift
	git commit -q --no-verify -m "$_s" -m "$(printf '%s\n' "$@")"
}
saw() {			# saw TEXT WHAT: the hook said TEXT (quietly)
	if grep -qF -- "$1" "$T/said"; then
		ok "$name: $2"
	else
		not_ok "$name: $2"
		missed=1
	fi
}
attack() {
	name=$1 apath=$2 afield=$3
	cd "$T/evil" || exit 1
	was=$(git -C "$C" rev-parse main)
	git checkout -q -f -B main "$was"
	git clean -qfdx
	git config commit.gpgsign false
	( craft ) || not_ok "$name: the case could not make its commits"
	bad=$(cat "$T/bad" 2>/dev/null || git rev-parse HEAD)
	rm -f "$T/bad"
	[ "$(git rev-parse HEAD)" != "$was" ] ||
	    not_ok "$name: the case made no commit"
	run git push origin HEAD:main
	# what the hook said, not git's own report of the refs it moved
	sed -n 's/^remote: //p' "$T/err" >"$T/said"
	missed=0
	if [ "$rc" -ne 0 ]; then
		ok "$name: the push is refused"
	else
		not_ok "$name: the push is refused (exit 0)"
		missed=1
	fi
	is "$(git -C "$C" rev-parse main)" "$was" "$name: central did not move"
	saw "refused" "the hook says refused"
	short=$(echo "$bad" | cut -c1-7)
	saw "$short" "names the commit $short"
	[ -z "$apath" ] || saw "$apath" "names the file $apath"
	if [ -z "$afield" ]; then
		:
	elif [ -z "$apath" ]; then
		saw "$afield" "names $afield"
	elif grep -F -- "$apath" "$T/said" | grep -qF -- "$afield"; then
		ok "$name: names the field $afield of $apath"
	else
		not_ok "$name: names the field $afield of $apath (on one line)"
		missed=1
	fi
	[ "$missed" -eq 0 ] || diag "git push said:" "$(cat "$T/err")"
	# a guard that let the attack in: put central back, so that the
	# next case starts from the legit history
	git -C "$C" update-ref refs/heads/main "$was"
}
offender() {		# offender [REV]: the commit attack names (in craft)
	git rev-parse "${1:-HEAD}" >"$T/bad"
}

# 1. A city moves its own issue submitted -> accepted by hand, labelled as
# a submission: only screening accepts, and ningbo does not screen.
craft() {
	sed -i 's/^status: submitted$/status: accepted/' "$F2"
	git add -A
	hand "submit $NB2: 宁波某港区疏港公路用地问题" "Sanfen-Action: submit" \
	    "Sanfen-Issue: $NB2" "Sanfen-Unit: ningbo"
}
attack "1 a city accepts its own issue, labelled submit" "$F2" status

# 2. A city closes a coordinated issue by hand, tasks open, labelled
# progress: closing is the close action, the organisers'.
craft() {
	sed -i 's/^status: coordinated$/status: closed/' "$F1"
	printf 'closure:\n  date: 2024-12-22\n  reason: resolved\n' >>"$F1"
	git add -A
	hand "progress $NB task 1" "Sanfen-Action: progress" \
	    "Sanfen-Issue: $NB" "Sanfen-Task: 1" "Sanfen-Unit: ningbo"
}
attack "2 a city closes a coordinated issue, labelled progress" "$F1" closure.reason

# 3. Another city rewrites ningbo's title: labelled progress, then edit
# (an issue's own fields are its submitter's while submitted).
craft() {
	sed -i 's/^title: .*/title: 宁波某港区用地问题已由温州协调解决/' "$F2"
	git add -A
	hand "progress $NB2" "Sanfen-Action: progress" "Sanfen-Issue: $NB2" \
	    "Sanfen-Unit: wenzhou"
}
attack "3a wenzhou rewrites ningbo's title, labelled progress" "$F2" title
craft() {
	sed -i 's/^title: .*/title: 宁波某港区用地问题已由温州协调解决/' "$F2"
	git add -A
	hand "edit $NB2: title" "Sanfen-Action: edit" "Sanfen-Issue: $NB2" \
	    "Sanfen-Unit: wenzhou"
}
attack "3b wenzhou rewrites ningbo's title, labelled edit" "$F2" title

# 4. An organiser moves a task's due date by hand, labelled progress: a
# deadline moves only by an extension, the original kept.
craft() {
	sed -i 's/^  due: 2025-01-31$/  due: 2025-06-30/' "$F1"
	git add -A
	hand "progress $NB task 1" "Sanfen-Action: progress" \
	    "Sanfen-Issue: $NB" "Sanfen-Task: 1" "Sanfen-Unit: tf-drc"
}
attack "4 tf-drc moves tasks[1].due, labelled progress" "$F1" "tasks[1].due"

# 5. A city grants itself every role (labelled admin, which it does not
# hold) and in the same push uses them: sanfen-screen believes the work
# tree's units.yaml; the guard judges by the units before the push.
craft() {
	sed -i '/^  - id: ningbo$/,/^    aliases:/s/^    aliases:/    roles: [screen, agenda, minutes, supervise, close, admin]\n&/' \
	    units.yaml
	grep -q '^    roles: \[screen, agenda, minutes, supervise, close, admin\]$' \
	    units.yaml || return 1
	git add -A
	hand "admin: ningbo's roles" "Sanfen-Action: admin" "Sanfen-Unit: ningbo"
	offender
	sanfen-screen --as ningbo "$NB2" >/dev/null
}
attack "5 ningbo grants itself every role and screens its own issue" \
    units.yaml "units[ningbo].roles"
saw "$(git -C "$T/evil" rev-parse HEAD | cut -c1-7)" \
    "names the screening that used the roles too"
if grep -F -- "$F2" "$T/said" | grep -qF status; then
	ok "$name: and the status of its file"
else
	not_ok "$name: and the status of its file"
fi

# 6. Merges must equal the field-level merge of their parents. (a) A
# merge (commit-tree, no trailers) of the tip and an older commit that
# never had NB2, its tree without NB2's file; (b) the same with a side
# commit as the other parent.
craft() {
	git rm -q --cached "$F2"
	t=$(git write-tree)
	m=$(git commit-tree "$t" -p HEAD -p "$old_tip" -m "Merge branch 'old'")
	git reset -q --hard "$m"
}
attack "6a a merge with an old commit deletes an issue" "$F2" ""
craft() {
	printf 'x\n' >notes.txt
	git add notes.txt
	git commit -q -m notes
	git rm -q --cached "$F2"
	t=$(git write-tree)
	m=$(git commit-tree "$t" -p HEAD~1 -p HEAD -m "Merge branch 'notes'")
	git reset -q --hard "$m"
}
attack "6b a merge with a side commit deletes an issue" "$F2" ""

# 7. A merge that brings back a closed issue's file as it was when
# submitted (the blob exists in the other parent): closed -> submitted.
craft() {
	blob=$(git rev-parse "$old_tip:$FW")
	git update-index --cacheinfo "100644,$blob,$FW"
	t=$(git write-tree)
	m=$(git commit-tree "$t" -p HEAD -p "$old_tip" -m "Merge commit '$old_tip'")
	git reset -q --hard "$m"
}
attack "7 a merge restores a closed issue's submitted blob" "$FW" status

# 8. Deleting an issue file, with every trailer of a withdrawal: a
# withdrawal is a status, the file stays; ledger files are never deleted.
craft() {
	git rm -q "$F2"
	hand "withdraw $NB2" "Sanfen-Action: withdraw" "Sanfen-Issue: $NB2" \
	    "Sanfen-Status: submitted -> withdrawn" "Sanfen-Unit: ningbo"
}
attack "8 an issue file deleted, labelled withdraw" "$F2" ""

# 9. The real status: key goes to accepted while a line "status:
# submitted" at column 0 sits inside a multi-line double-quoted title, so
# a grep for ^status: sees no change. Only the parsed YAML counts.
craft() {
	sed -i -e 's/^status: submitted$/status: accepted/' \
	    -e 's/^title: \(.*\)$/title: "\1\nstatus: submitted\n  （补充）"/' "$F2"
	[ "$(grep -c '^status: ' "$F2")" -eq 2 ] || return 1
	git add -A
	hand "progress $NB2" "Sanfen-Action: progress" "Sanfen-Issue: $NB2" \
	    "Sanfen-Unit: ningbo"
}
attack "9 status changed under a status: line hidden in the title" "$F2" status
is "$(git -C "$T/evil" show "HEAD:$F2" | $PY -c 'import sys, yaml
d = yaml.safe_load(sys.stdin)
print(d["status"], "status: submitted" in d["title"])')" "accepted True" \
    "$name: for YAML the status is accepted, the other line is title text"

# 10. A blob where a folder belongs: issues/2031 holding an issue.
craft() {
	cp "$F2" issues/2031
	git add -A
	hand "submit" "Sanfen-Action: submit" "Sanfen-Issue: $NB2" \
	    "Sanfen-Unit: ningbo"
}
attack "10 a file issues/2031 where a folder belongs" "issues/2031" ""

# 11. A file name holding a newline and terminal escapes (clear the
# screen, home): the guard names it escaped, never a raw ESC.
esc=$(printf '\033')
evil="issues/2024/12/evil
$esc[2J$esc[Hok.yaml"
craft() {
	blob=$(git hash-object -w "$F2")
	printf '100644 %s\t%s\0' "$blob" "$evil" |
	    git update-index -z --add --index-info
	hand "submit" "Sanfen-Action: submit" "Sanfen-Issue: $NB2" \
	    "Sanfen-Unit: ningbo"
	git ls-tree -r -z --name-only HEAD | tr '\0' '\n' | grep -q "$esc"
}
attack "11 a file name with a newline and ESC [2J" "issues/2024/12/evil" ""
saw_escaped() {		# saw_escaped FILE WHAT
	if [ "$(grep -c "$esc" "$1")" -eq 0 ] &&
	    grep -qE 'evil(\\n|\\012|\\x0a|\\u000a).*(\\e|\\033|\\x1b|\\u001b)' "$1"; then
		ok "$name: $2"
	else
		not_ok "$name: $2"
		diag "$(od -c "$1" | grep -n '033' | head -5)"
	fi
}
saw_escaped "$T/err" "the push's messages show the name escaped"
cd "$T/evil"
run sanfen-check --history --since "$was"
saw_escaped "$T/out" "sanfen-check --history in the clone too"

# 12. (a) An issue file made a symlink (mode 120000) to units.yaml;
# (b) an issue file made executable (100755), its bytes unchanged.
craft() {
	rm "$F2"
	ln -s ../../../units.yaml "$F2"
	git add -A
	hand "edit $NB2" "Sanfen-Action: edit" "Sanfen-Issue: $NB2" \
	    "Sanfen-Unit: ningbo"
	git ls-tree HEAD "$F2" | grep -q '^120000 blob '
}
attack "12a a symlinked issue file" "$F2" ""
craft() {
	git update-index --chmod=+x "$F1"
	hand "progress $NB task 1" "Sanfen-Action: progress" \
	    "Sanfen-Issue: $NB" "Sanfen-Task: 1" "Sanfen-Unit: dept-nr"
	git ls-tree HEAD "$F1" | grep -q '^100755 blob '
}
attack "12b an executable issue file" "$F1" ""

# 13. A submodule (gitlink, mode 160000) under issues/.
craft() {
	git update-index --add --cacheinfo \
	    "160000,$(git rev-parse HEAD),issues/2024/12/sub"
	hand "submit" "Sanfen-Action: submit" "Sanfen-Issue: $NB2" \
	    "Sanfen-Unit: ningbo"
	git ls-tree HEAD issues/2024/12/sub | grep -q '^160000 commit '
}
attack "13 a gitlink under issues/" "issues/2024/12/sub" ""

# 14. A task marked done on a date later than the commit: the lead's own
# progress command run with a clock in the future, the commit of today.
craft() {
	SANFEN_TODAY=2025-01-20 sanfen-progress --as dept-nr --note '已获批复' \
	    --done 2025-01-15 "$NB" 1 >/dev/null
	git show HEAD:"$F1" | grep -q '^  done: 2025-01-15$' &&
	    [ "$(git log -1 --format=%cs)" = 2024-12-22 ]
}
attack "14 tasks[1].done after the commit's date" "$F1" "tasks[1].done"

# 16. (a) An unknown action; (b) a valid action without Sanfen-Unit. The
# change itself is a progress note the lead could make.
craft() {
	sanfen-progress --as dept-nr --note '已与自然资源部沟通' "$NB" 1 >/dev/null
	git log -1 --format=%B |
	    sed 's/^Sanfen-Action: progress$/Sanfen-Action: fix-everything/' |
	    git commit -q --amend -F -
	git log -1 --format=%B | grep -q '^Sanfen-Action: fix-everything$'
}
attack "16a an unknown Sanfen-Action" "" "fix-everything"
craft() {
	sanfen-progress --as dept-nr --note '已与自然资源部沟通' "$NB" 1 >/dev/null
	git log -1 --format=%B | sed '/^Sanfen-Unit:/d' |
	    git commit -q --amend -F -
	! git log -1 --format=%B | grep -q '^Sanfen-Unit:'
}
attack "16b an action without Sanfen-Unit" "" "Sanfen-Unit"

# 17. A draft meeting hand-edited to issued, labelled agenda-approve.
craft() {
	sed -i 's/^status: draft$/status: issued/' "$M2F"
	git add -A
	hand "agenda approve $M2" "Sanfen-Action: agenda-approve" \
	    "Sanfen-Meeting: $M2" "Sanfen-Meeting-Status: draft -> issued" \
	    "Sanfen-Unit: tf-office"
}
attack "17 a draft meeting edited to issued, labelled agenda-approve" \
    "$M2F" status

# 18. A clock set forward: the lead's own command run on a day that has not
# come, the commit dated that day too, so no date is after its commit's.
# The central check's today bounds the commit.
craft() {
	SANFEN_TODAY=2030-01-07 GIT_COMMITTER_DATE=2030-01-07T09:30:00+08:00 \
	    GIT_AUTHOR_DATE=2030-01-07T09:30:00+08:00 \
	    sanfen-progress --as dept-nr --note '已获批复' "$NB" 1 >/dev/null
	git log -1 --format=%cd --date=short | grep -q '^2030-01-07$'
}
attack "18 a commit dated after today" "" "after today"

# 19. A second root: an orphan commit whose units.yaml gives ningbo every
# role, joined to main by a merge that keeps main's tree (-s ours).
craft() {
	git checkout -q --orphan evil-root
	sed 's/^\(    kind: city\)$/\1\n    roles: [screen, agenda, minutes, supervise, close, admin]/' \
	    units.yaml >units.new && mv units.new units.yaml
	git add -A
	hand "init: sanfen ledger" "Sanfen-Action: init"
	offender
	git checkout -q main
	git merge -q -s ours --allow-unrelated-histories -m "merge" evil-root
	git branch -q -D evil-root
}
attack "19 a second root commit merged in" "" "root commit"

# 20. agenda-drop after the draft takes off only an item whose issue is
# not scheduled for the meeting (withdrawn meanwhile): the table's
# SF_ONLY_DEAD_ITEMS row. M2 approved by the commands, then a live issue
# dropped from it by hand, labelled agenda-drop by tf-drc (who holds the
# agenda role): with the issue left scheduled, or moved back to accepted
# in the same commit (which a draft's drop does).
HF=$(path_of "$HZ")
approve_m2() {
	sanfen-agenda --as tf-drc propose $M2 >/dev/null &&
	    sanfen-agenda --as tf-office approve $M2 >/dev/null &&
	    grep -q "^- issue: $HZ\$" "$M2F" &&
	    grep -q "^meeting: $M2\$" "$HF"
}
craft() {
	approve_m2 || return 1
	sed -i "/^- issue: $HZ\$/d" "$M2F"
	git add -A
	hand "agenda $M2: drop 1 issue" "Sanfen-Action: agenda-drop" \
	    "Sanfen-Meeting: $M2" "Sanfen-Unit: tf-drc"
}
attack "20a a live issue dropped from an approved meeting" "$M2F" "items[$HZ]"
saw "after the draft" "says what may be dropped after the draft"
craft() {
	approve_m2 || return 1
	sed -i "/^- issue: $HZ\$/d" "$M2F"
	sed -i -e 's/^status: scheduled$/status: accepted/' -e '/^meeting: /d' "$HF"
	git add -A
	hand "agenda $M2: drop 1 issue" "Sanfen-Action: agenda-drop" \
	    "Sanfen-Issue: $HZ" "Sanfen-Meeting: $M2" \
	    "Sanfen-Status: scheduled -> accepted" "Sanfen-Unit: tf-drc"
}
attack "20b a live issue and its item taken off an approved meeting" "$M2F" \
    "items[$HZ]"
# 20c. The issue taken off a (draft) meeting by agenda-drop while the
# meeting keeps its item (another item added instead): the meeting's file
# must say what the issue's does.
craft() {
	sed -i 's/^status: scheduled$/status: accepted/' "$HF"
	sed -i '/^meeting: /d' "$HF"
	printf -- '- issue: %s\n' "$NB2" >>"$M2F"
	git add -A
	hand "agenda $M2: drop 1 issue" "Sanfen-Action: agenda-drop" \
	    "Sanfen-Issue: $HZ" "Sanfen-Meeting: $M2" \
	    "Sanfen-Status: scheduled -> accepted" "Sanfen-Unit: tf-drc"
}
attack "20c an issue taken off a meeting that keeps its item" "$HF" meeting
saw "keeps its item" "says the meeting keeps its item"

# == 15. signing ============================================================
# The allowed signers file names units (principals are unit ids); with
# signing.require in force before the push, a commit must carry a
# signature by a key allowed for its Sanfen-Unit. Committer e-mails are
# set to unit ids so that a guard matching e-mail to principal, as the
# old one did, is not what refuses the cases: the unit named is.
if ! command -v ssh-keygen >/dev/null; then
	skip "ssh-keygen is not installed: no signing cases"
	run sanfen-check --history -C "$C"
	status 0 "sanfen-check --history of central's final history"
	done_testing
	exit
fi
for k in office nb stranger; do
	ssh-keygen -q -t ed25519 -N '' -f "$T/$k.key" -C "$k" </dev/null
done
sign_with() {	# sign_with KEY UNIT: this clone signs as UNIT with KEY
	git config gpg.format ssh
	git config user.signingKey "$1"
	git config commit.gpgsign true
	export GIT_COMMITTER_EMAIL=$2 GIT_AUTHOR_EMAIL=$2
}
signer_line() {		# signer_line UNIT KEY
	printf '%s namespaces="git" %s\n' "$1" "$(cut -d' ' -f1,2 "$2.pub")"
}

cd "$T/prov"
git pull -q --no-rebase --no-edit origin main
day 2024-12-23
sign_with "$T/office.key" tf-office
if command -v sanfen-admin >/dev/null; then
	sanfen-admin --as tf-office signer add tf-office "$T/office.key.pub" &&
	sanfen-admin --as tf-office signer add ningbo "$T/nb.key.pub" &&
	sanfen-admin --as tf-office set signing.require true >/dev/null ||
	    not_ok "sanfen-admin sets up signing"
else
	{ signer_line tf-office "$T/office.key"; signer_line ningbo "$T/nb.key"; } \
	    >.sanfen/allowed_signers
	git add .sanfen/allowed_signers
	hand "admin: signers tf-office, ningbo" "Sanfen-Action: admin" \
	    "Sanfen-Unit: tf-office"
	sed -i 's/^  require: false$/  require: true/' .sanfen/config.yaml
	git add .sanfen/config.yaml
	hand "admin: signing.require true" "Sanfen-Action: admin" \
	    "Sanfen-Unit: tf-office"
fi
grep -q '^  require: true$' .sanfen/config.yaml &&
    grep -q '^ningbo namespaces="git" ssh-ed25519 ' .sanfen/allowed_signers ||
    not_ok "signing set up: require true, ningbo's key allowed"
push_ok "tf-office allows two signers and requires signatures"
sign_with "$T/nb.key" ningbo
NB3=$(sub ningbo ningbo-port-sea-use --title '宁波某港区集疏运铁路用地问题')
git cat-file -p HEAD | grep -q '^gpgsig -----BEGIN SSH SIGNATURE-----' &&
    ok "ningbo's submission is signed" || not_ok "ningbo's submission is signed"
push_ok "ningbo's commit signed with ningbo's key"
cd "$T/evil"
git fetch -q origin
git config gpg.format ssh
export GIT_COMMITTER_EMAIL=tf-office GIT_AUTHOR_EMAIL=tf-office

# 15a. An unsigned commit, labelled admin by tf-office (who holds admin),
# switches signing.require off: the rule in force before the push judges.
craft() {
	sed -i 's/^  require: true$/  require: false/' .sanfen/config.yaml
	git add -A
	hand "admin: signing.require false" "Sanfen-Action: admin" \
	    "Sanfen-Unit: tf-office"
}
attack "15a an unsigned commit switches signing.require off" "" sign
saw "signing.require" "names signing.require"

# 15b. tf-office, signing properly, adds a stranger's key for wenzhou; in
# the same push a commit signed with that key acts as wenzhou. Signers
# are those in force before the push.
craft() {
	git config user.signingKey "$T/office.key"
	git config commit.gpgsign true
	signer_line wenzhou "$T/stranger.key" >>.sanfen/allowed_signers
	git add -A
	hand "admin: signer wenzhou" "Sanfen-Action: admin" \
	    "Sanfen-Unit: tf-office"
	git config user.signingKey "$T/stranger.key"
	GIT_COMMITTER_EMAIL=wenzhou GIT_AUTHOR_EMAIL=wenzhou \
	    sanfen-submit --as wenzhou -F "$EX/issues/wenzhou-private-land.yaml" \
	    >/dev/null
}
attack "15b a stranger's key added and used in the same push" "" wenzhou
saw "sign" "says it is the signature"

# 15c. A good signature by ningbo's key on a commit that says it is
# wenzhou's (the committer e-mail says ningbo, as the key does).
craft() {
	git config user.signingKey "$T/nb.key"
	git config commit.gpgsign true
	GIT_COMMITTER_EMAIL=ningbo GIT_AUTHOR_EMAIL=ningbo \
	    sanfen-submit --as wenzhou -F "$EX/issues/wenzhou-private-land.yaml" \
	    >/dev/null
	git log -1 --format=%B | grep -q '^Sanfen-Unit: wenzhou$'
}
attack "15c ningbo's signature on a commit for wenzhou" "" wenzhou
saw "sign" "says it is the signature"

# == the central history after every attack ================================
is "$(git -C "$C" rev-parse main)" "$(git -C "$T/prov" rev-parse HEAD)" \
    "central is at the last legit push"
run sanfen-check --history -C "$C"
status 0 "sanfen-check --history of central's final history"
has "$T/err" "no findings" "finds nothing"

done_testing
