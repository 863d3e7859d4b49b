#!/bin/sh
# sanfen-sync: a bare central repository and three clones (the province
# and two cities) doing a month's loop on one machine: concurrent edits
# of one issue merged field by field, a raced push, a true conflict and
# its resolution, pushes the central hook refuses, and plain git pull
# through sanfen-merge-driver.
. "$(dirname "$0")/lib.sh"

git init -q --bare -b main "$T/central.git"
cp "$EX/server/pre-receive" "$T/central.git/hooks/pre-receive"
new_ledger prov
cd "$T/prov"
git remote add origin "$T/central.git"
run sanfen-sync
status 0 "the first sync pushes the new ledger"
out_is "pushed 1 commit(s) to origin/main" "says what it pushed"
is "$(git -C "$T/central.git" rev-parse main)" "$(git rev-parse HEAD)" \
    "central has the province's commit"
is "$(git config merge.sanfen.driver)" "sanfen-merge-driver %O %A %B %P" \
    "sanfen-init configured the merge driver"
has .gitattributes "issues/** merge=sanfen" ".gitattributes names the driver"

git clone -q "$T/central.git" "$T/nb"
git clone -q "$T/central.git" "$T/hz"
cd "$T/nb"
run sanfen-sync
status 0 "a fresh clone syncs"
out_is "up to date with origin/main" "nothing to do"
is "$(git config merge.sanfen.driver)" "sanfen-merge-driver %O %A %B %P" \
    "and now has the merge driver configured"

# -- two cities submit at the same second: ids never collide ---------------
nb=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml")
nb2=$(sanfen-submit --as ningbo -F "$EX/issues/lishui-pumped-storage.yaml" \
    --submitter lishui 2>/dev/null || sanfen-submit --as lishui \
    -F "$EX/issues/lishui-pumped-storage.yaml")
cd "$T/hz"
hz=$(sanfen-submit --as hangzhou -F "$EX/issues/hangzhou-datacenter-energy.yaml")
same=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml")
[ "$same" != "$nb" ] && ok "the same issue at the same second in two clones: two ids" ||
    not_ok "the same issue at the same second in two clones: two ids ($same)"
cd "$T/nb"
run sanfen-sync
status 0 "ningbo pushes"
cd "$T/hz"
run sanfen-sync
status 0 "hangzhou's sync merges ningbo's and pushes"
out_is "merged origin/main: 2 file(s) from theirs, 0 merged field by field ($(git rev-parse --short=7 HEAD))
pushed 3 commit(s) to origin/main" "says what it merged and pushed"
is "$(git log -1 --format=%P | wc -w | tr -d ' ')" 2 "a merge commit"
is "$(trailer . Sanfen-Action)" sync "with Sanfen-Action: sync"
is "$(trailer . Sanfen-Merge)" "$(git rev-parse HEAD^2)" "naming what it merged"
is "$(ls issues/2024/10 | wc -l | tr -d ' ')" 4 "all four issues in hangzhou's clone"
is "$(git status --porcelain)" "" "work tree clean after the merge"
cd "$T/prov"
run sanfen-sync
status 0 "the province syncs"
has "$T/out" "fast-forward" "as a fast-forward"
is "$(ls issues/2024/10 | wc -l | tr -d ' ')" 4 "all four issues at the province"
run sanfen-check --history
status 0 "the history, merges included, passes sanfen-check --history"
run sanfen-check --history -C "$T/central.git"
status 0 "sanfen-check --history runs in the bare central repository"
has "$T/err" "no findings" "and finds nothing"

# -- the month's loop at the province --------------------------------------
sanfen-screen --as tf-drc --pending >/dev/null
M=2024-10-15-monthly
sanfen-agenda --as tf-drc new --kind monthly --date 2024-10-15 >/dev/null 2>&1
sanfen-agenda --as tf-drc propose $M >/dev/null
sanfen-agenda --as tf-office approve $M >/dev/null
{
	echo "held: 2024-10-15"
	echo "chair: 省政府副秘书长"
	echo "attendees: [tf-drc, dept-nr, dept-eco]"
	echo "items:"
	for id in $(sanfen-agenda show $M --format json |
	    $PY -c 'import json,sys; [print(i["issue"]) for i in json.load(sys.stdin)["items"]]'); do
		echo "  - issue: $id"
		if [ "$id" = "$nb" ]; then
			echo "    decision: 由省自然资源厅牵头加快用海报部审查。"
			echo "    tasks:"
			echo "      - {action: 加快用海报部审查, lead: dept-nr, support: [ningbo], due: 2024-11-30}"
			echo "      - {action: 同步推进环评审批, lead: dept-eco, support: [ningbo], due: 2024-12-31}"
		else
			echo "    deferred: true"
		fi
	done
} >"$T/rec.yaml"
grep -q "issue: $nb" "$T/rec.yaml" || echo "Bail out! $nb is not on the agenda"
today 2024-10-15
sanfen-minutes --as tf-drc record $M -F "$T/rec.yaml" >/dev/null &&
sanfen-minutes --as tf-drc approve $M >/dev/null &&
sanfen-minutes --as tf-office issue $M --number '〔2024〕10号' >/dev/null ||
    echo "Bail out! the minutes did not go through"
run sanfen-sync
status 0 "the province pushes the issued minutes"
F=issues/2024/10/$nb.yaml

# -- two offices edit one issue at once: merged field by field -------------
cd "$T/nb"
sanfen-sync >/dev/null
today 2024-11-01
sanfen-progress --as ningbo --note '宁波市已补充海域使用论证材料' "$nb" 1 >/dev/null
run sanfen-sync
status 0 "ningbo reports progress on task 1 and pushes"
cd "$T/prov"
sanfen-progress --as dept-eco --note '环评报告书已受理' "$nb" 2 >/dev/null
run sanfen-sync
status 0 "the province's progress on task 2 merges with ningbo's"
has "$T/out" "1 merged field by field" "the issue file merged field by field"
has "$F" "宁波市已补充海域使用论证材料" "ningbo's note is there"
has "$F" "环评报告书已受理" "the province's note is there"
hasnt "$F" "<<<<<<<" "no conflict markers"
run sanfen-check
status 0 "the merged ledger is valid"
run sanfen-check --history
status 0 "its history too"
is "$(git -C "$T/central.git" rev-parse main)" "$(git rev-parse HEAD)" \
    "central has the merge"

# -- a raced push: the remote moves between fetch and push -----------------
# The hook lets hangzhou push first, once, while the province's push is
# under way: the province's compare-and-swap fails, it fetches, merges and
# pushes again; nothing is lost.
cd "$T/hz"
sanfen-sync >/dev/null
raced=$(sanfen-submit --as hangzhou -F "$EX/issues/huzhou-county-road.yaml" \
    --submitter huzhou 2>/dev/null || sanfen-submit --as huzhou \
    -F "$EX/issues/huzhou-county-road.yaml")
mv "$T/central.git/hooks/pre-receive" "$T/central.git/hooks/check"
cat >"$T/central.git/hooks/pre-receive" <<EOF
#!/bin/sh
if [ -e "$T/race" ]; then
	rm -f "$T/race"
	(cd "$T/hz" && sanfen-sync >/dev/null 2>&1)
fi
exec "$T/central.git/hooks/check"
EOF
chmod +x "$T/central.git/hooks/pre-receive"
cd "$T/prov"
today 2024-11-05
sanfen-progress --as dept-nr --note '已报自然资源部' "$nb" 1 >/dev/null
touch "$T/race"
run sanfen-sync --format json
status 0 "the raced push succeeds"
[ ! -e "$T/race" ] && ok "hangzhou really pushed in between" ||
    not_ok "hangzhou really pushed in between"
is "$($PY -c 'import json,sys; print(json.load(sys.stdin)["tries"])' <"$T/out")" 2 \
    "after a second round"
is "$($PY -c 'import json,sys; d=json.load(sys.stdin); print(d["result"], d["action"], d["pushed"])' <"$T/out")" \
    "ok merge 2" "json says what happened"
git -C "$T/central.git" cat-file -e "main:issues/2024/11/$raced.yaml" &&
    ok "hangzhou's issue is in central" || not_ok "hangzhou's issue is in central"
git -C "$T/central.git" log main --format=%B | grep -q '已报自然资源部' ||
    git -C "$T/central.git" show "main:$F" | grep -q '已报自然资源部' &&
    ok "the province's progress is in central" ||
    not_ok "the province's progress is in central"
mv "$T/central.git/hooks/check" "$T/central.git/hooks/pre-receive"

# many pushers at once: every commit lands
cd "$T/nb" && sanfen-sync >/dev/null
cd "$T/hz" && sanfen-sync >/dev/null
for i in 1 2 3; do
	(cd "$T/nb" && sanfen-progress --as ningbo --note "宁波第${i}次报告" "$nb" 2 >/dev/null &&
	    sanfen-sync >"$T/nb.$i" 2>&1; echo $? >"$T/nb.$i.rc") &
	(cd "$T/hz" && sanfen-submit --as hangzhou --title "杭州某项目第${i}号问题" \
	    -F "$EX/issues/hangzhou-datacenter-energy.yaml" >/dev/null 2>&1 ||
	    sanfen-submit --as hangzhou -F "$EX/issues/hangzhou-datacenter-energy.yaml" >/dev/null;
	    sanfen-sync >"$T/hz.$i" 2>&1; echo $? >"$T/hz.$i.rc") &
	wait
done
is "$(cat "$T"/nb.*.rc "$T"/hz.*.rc | sort -u)" 0 "six syncs racing in pairs all succeed"
cd "$T/prov" && sanfen-sync >/dev/null
for i in 1 2 3; do
	has "$F" "宁波第${i}次报告" "ningbo's report $i landed"
done
is "$(ls issues/*/*/*.yaml | wc -l | tr -d ' ')" 8 "every hangzhou submission landed"

# -- a lock on the central branch: another push under way ------------------
# A lock file there may be another clone's push in flight, open or closed
# (closed while its reference-transaction hook runs): it is never
# removed, open or not; the sync waits SANFEN_LOCK_WAIT seconds for it to
# go, then says what stands in the way (tests/cmd/0113-sync-lock.t has a
# real push in its hook).
lock=$T/central.git/refs/heads/main.lock
cd "$T/hz"
sanfen-submit --as hangzhou -F "$EX/issues/hangzhou-datacenter-energy.yaml" >/dev/null
sh -c 'exec 9>"$1"; exec sleep 30' sh "$lock" &
holder=$!
i=0
while [ ! -e "$lock" ] && [ $i -lt 50 ]; do sleep 0.05; i=$((i + 1)); done
SANFEN_LOCK_WAIT=1 run sanfen-sync
status 1 "a lock held on the central branch: the sync gives up"
has "$T/err" "$lock is still there after 1 s: a push to that repository may be in progress" \
    "names the lock and says a push may be under way"
[ -e "$lock" ] && ok "the held lock is left alone" ||
    not_ok "the held lock is left alone"
kill $holder
wait $holder 2>/dev/null
SANFEN_LOCK_WAIT=1 run sanfen-sync
status 1 "a lock no process holds: not removed either"
has "$T/err" "remove the file only if no git command runs there" \
    "says when to remove it"
[ -e "$lock" ] && ok "the closed lock is left alone" ||
    not_ok "the closed lock is left alone"
rm -f "$lock"
run sanfen-sync
status 0 "removed by hand, the sync pushes"
cd "$T/prov" && sanfen-sync >/dev/null

# -- a true conflict stops the sync and changes nothing --------------------
cd "$T/nb"
sanfen-sync >/dev/null
today 2024-11-20
sanfen-progress --as dept-nr --note '已获批复' --done 2024-11-18 "$nb" 1 >/dev/null
sanfen-sync >/dev/null
cd "$T/prov"
sanfen-progress --as dept-nr --note '自然资源部已批复' --done 2024-11-19 "$nb" 1 >/dev/null
snapshot . "$T/before"
tracking=$(git rev-parse origin/main)
run sanfen-sync
status 1 "both sides set task 1's done date: a true conflict"
has "$T/err" "sanfen-sync: error: conflict: $F: tasks[1].done: ours '2024-11-19', theirs '2024-11-18' (was (absent))" \
    "names file, key and both values"
has "$T/err" "sanfen-sync --resolve ID KEY ours|theirs|VALUE" "says how to settle it"
unchanged . "$T/before" "the clone is exactly as before"
is "$(git rev-parse origin/main)" "$tracking" "the remote-tracking branch too"
run sanfen-sync --format json
status 1 "json on a conflict"
is "$($PY -c 'import json,sys; d=json.load(sys.stdin); c=d["conflicts"][0]; print(d["result"], c["key"], c["ours"], c["theirs"])' <"$T/out")" \
    "conflict tasks[1].done '2024-11-19' '2024-11-18'" "lists the conflict"
SANFEN_UNIT=dept-nr run sanfen-sync --resolve "$nb" 'tasks[1].done' 2024-11-17
status 0 "settled with a value"
has "$F" "  done: 2024-11-17" "the value given is taken"
has "$F" "已获批复" "ningbo's clone's note kept"
has "$F" "自然资源部已批复" "the province's note kept"
is "$(trailer . Sanfen-Resolved)" "$nb tasks[1].done 2024-11-17" \
    "the merge commit records the resolution"
is "$(git -C "$T/central.git" rev-parse main)" "$(git rev-parse HEAD)" \
    "and is pushed"
run sanfen-check --history
status 0 "the history is still valid"

# --resolve with too few arguments, an unknown remote
run sanfen-sync --resolve "$nb" status
status 2 "--resolve takes three arguments"
snapshot . "$T/before"
run sanfen-sync nowhere
status 1 "an unknown remote"
err_is "sanfen-sync: error: no remote 'nowhere': add one with git remote add nowhere URL" \
    "says how to add it"
unchanged . "$T/before" "nothing changed"

# -- the central repository refuses what sanfen-check --history refuses ----
cd "$T/hz"
sanfen-sync >/dev/null
f=issues/2024/10/$hz.yaml
sed -i 's/^status: .*/status: closed/' "$f"
git commit -qam "hand edit"
before=$(git -C "$T/central.git" rev-parse main)
run sanfen-sync
status 1 "a hand-made transition is refused by the central hook"
has "$T/err" "changed ledger files without Sanfen trailers" "the hook says why"
has "$T/err" "refused the push" "sanfen-sync says the remote refused"
is "$(git -C "$T/central.git" rev-parse main)" "$before" "central unchanged"
run git push -q origin main
[ "$rc" -ne 0 ] && ok "a plain git push is refused too" || not_ok "a plain git push is refused too"
git reset -q --hard origin/main
sed -i 's/^status: .*/status: rejected/' "$f"
git commit -qam "screen $hz: rejected

Sanfen-Action: screen
Sanfen-Issue: $hz
Sanfen-Unit: hangzhou"
run sanfen-sync
status 1 "a screening by a city is refused"
has "$T/err" "required when status is rejected" \
    "names the field the hand edit left out"
git reset -q --hard origin/main

# -- plain git pull merges through sanfen-merge-driver ---------------------
cd "$T/nb"
sanfen-sync >/dev/null
sanfen-progress --as ningbo --note '宁波：用海材料已报部' "$nb" 2 >/dev/null
sanfen-sync >/dev/null
cd "$T/hz"
sanfen-progress --as dept-eco --note '省生态环境厅：环评已批' "$nb" 2 >/dev/null
run git pull -q --no-rebase --no-edit origin main
status 0 "git pull merges the issue edited on both sides"
has "$F" "宁波：用海材料已报部" "theirs' note"
has "$F" "省生态环境厅：环评已批" "ours' note"
hasnt "$F" "<<<<<<<" "no conflict markers"
run sanfen-check
status 0 "the ledger is valid after git pull"
git reset -q --hard origin/main
sanfen-progress --as dept-eco --note '补正' --done 2024-11-18 "$nb" 2 >/dev/null
cd "$T/nb"
sanfen-progress --as dept-eco --note '补正材料' --done 2024-11-19 "$nb" 2 >/dev/null
sanfen-sync >/dev/null
cd "$T/hz"
run git pull -q --no-rebase --no-edit origin main
[ "$rc" -ne 0 ] && ok "git pull stops on a true conflict" ||
    not_ok "git pull stops on a true conflict"
has "$T/err" "tasks[2].done: ours '2024-11-18', theirs '2024-11-19'" \
    "the driver names the conflict"
has "$F" "<<<<<<< ours" "the conflicting field is marked"
is "$(grep -c '^=======$' "$F")" 1 "and nothing else"
git merge --abort

# -- the merge driver alone ------------------------------------------------
git show "HEAD:$F" >"$T/o.yaml"
git show "HEAD~1:$F" >"$T/b.yaml"
cp "$T/o.yaml" "$T/a.yaml"
run sanfen-merge-driver "$T/b.yaml" "$T/a.yaml" "$T/o.yaml" "$F"
status 0 "merge driver: the same change on both sides"
same_file "$T/a.yaml" "$T/o.yaml" "leaves that change"
printf 'a: [\n' >"$T/bad.yaml"
run sanfen-merge-driver "$T/b.yaml" "$T/a.yaml" "$T/bad.yaml" "$F"
status 1 "an unreadable side"
has "$T/err" "theirs" "names the side"
run sanfen-merge-driver "$T/b.yaml"
status 2 "usage error"

# ssh: tests/cmd/0081-sync-ssh.t

done_testing
