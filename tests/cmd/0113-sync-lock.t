#!/bin/sh
# Git's own locks are never taken from a git command still using them.
# git closes a branch's lock once it has written the new id into it and
# renames it only after its reference-transaction hook has run: a lock
# file no process has open may be live. In the central repository
# sanfen-sync never removes one: it waits for it to go (SANFEN_LOCK_WAIT
# seconds), then pushes or says what stands in the way. In the clone,
# a lock a git command running there may hold is left alone too.
. "$(dirname "$0")/lib.sh"

C=$T/central.git
lock=$C/refs/heads/main.lock
git init -q --bare -b main "$C"
cp "$EX/server/pre-receive" "$C/hooks/pre-receive"
# slow, while $T/slow exists, between taking the locks and renaming them
hook='#!/bin/sh
cat >/dev/null
[ "$1" = prepared ] && [ -e "'"$T"'/slow" ] && sleep "$(cat "'"$T"'/slow")"
exit 0'
printf '%s\n' "$hook" >"$C/hooks/reference-transaction"
chmod +x "$C/hooks/reference-transaction"

new_ledger prov
cd "$T/prov"
git remote add origin "$C"
sanfen-sync >/dev/null || echo "Bail out! the first sync failed"
git clone -q "$C" "$T/nb"
git clone -q "$C" "$T/hz"

# wait_for FILE: until it exists (5 s at most)
wait_for() {
	_i=0
	while [ ! -e "$1" ] && [ $_i -lt 100 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	[ -e "$1" ]
}

# git_push: a plain git push from ningbo's clone, in the background; its
# exit status lands in $T/push.rc, its messages in $T/push.err
git_push() {
	rm -f "$T/push.rc"
	( git -C "$T/nb" push -q origin main 2>"$T/push.err"
	  echo $? >"$T/push.rc" ) &
	pusher=$!
}

# -- a push in its slow hook: sanfen-sync waits, then merges and pushes ----
cd "$T/nb"
nb=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml")
nbc=$(git rev-parse HEAD)
echo 4 >"$T/slow"
git_push
wait_for "$lock" && ok "git push holds $lock in its reference-transaction hook" ||
    not_ok "git push holds $lock in its reference-transaction hook"
cd "$T/hz"
hz=$(sanfen-submit --as hangzhou -F "$EX/issues/hangzhou-datacenter-energy.yaml")
run sanfen-sync
status 0 "sanfen-sync run meanwhile succeeds"
wait $pusher
is "$(cat "$T/push.rc")" 0 "the plain git push succeeds too"
is "$(cat "$T/push.err")" "" "and says nothing"
out_is "merged origin/main: 1 file(s) from theirs, 0 merged field by field ($(git rev-parse --short=7 HEAD))
pushed 2 commit(s) to origin/main
(the remote moved while pushing: 2 rounds)" \
    "sanfen-sync waited for the lock, then merged ningbo's push and pushed"
git -C "$C" merge-base --is-ancestor "$nbc" main &&
    ok "ningbo's commit is in central" || not_ok "ningbo's commit is in central"
is "$(git -C "$C" rev-parse main)" "$(git rev-parse HEAD)" \
    "central has hangzhou's merge"
[ ! -e "$lock" ] && ok "no lock left" || not_ok "no lock left"

# -- a push slower than the wait: sanfen-sync names the lock and stops -----
cd "$T/nb"
git pull -q --no-rebase --no-edit origin main
nb2=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml" \
    --title '宁波某港区疏港公路用地问题')
nbc=$(git rev-parse HEAD)
git_push
wait_for "$lock" || not_ok "git push holds the lock again"
cd "$T/hz"
hz2=$(sanfen-submit --as huzhou -F "$EX/issues/huzhou-county-road.yaml")
snapshot . "$T/before"
tracking=$(git rev-parse origin/main)
SANFEN_LOCK_WAIT=1 run sanfen-sync
status 1 "SANFEN_LOCK_WAIT=1: sanfen-sync gives up on the lock"
err_is "sanfen-sync: error: $lock is still there after 1 s: a push to that repository may be in progress; run sanfen-sync again when it has ended, and remove the file only if no git command runs there" \
    "naming the file, a push in progress, and what to do"
[ -e "$lock" ] && ok "the lock is left where it was" ||
    not_ok "the lock is left where it was"
unchanged . "$T/before" "the clone is as it was"
is "$(git rev-parse origin/main)" "$tracking" "its remote-tracking branch too"
wait $pusher
is "$(cat "$T/push.rc")" 0 "the git push ends well"
is "$(git -C "$C" rev-parse main)" "$nbc" "central has ningbo's second commit"
rm -f "$T/slow"
run sanfen-sync
status 0 "once it is done, sanfen-sync merges and pushes"
git -C "$C" merge-base --is-ancestor "$nbc" main &&
    ok "ningbo's second commit is still in central" ||
    not_ok "ningbo's second commit is still in central"
git -C "$C" ls-tree -r --name-only main >"$T/files"
for id in "$nb" "$hz" "$nb2" "$hz2"; do
	has "$T/files" "/$id.yaml" "central has $id"
done
run sanfen-check --history -C "$C"
status 0 "central's history passes sanfen-check --history"

# SANFEN_LOCK_WAIT that is not a number of seconds
SANFEN_LOCK_WAIT=soon run sanfen-sync
status 2 "SANFEN_LOCK_WAIT=soon is a usage error"
has "$T/err" "SANFEN_LOCK_WAIT" "naming the variable"

# -- the clone's own lock, held by a git command in its hooks --------------
# A plain git commit in hangzhou's clone is in its reference-transaction
# hook, its branch lock closed: a sanfen writer leaves it alone.
printf '%s\n' "$hook" >.git/hooks/reference-transaction
chmod +x .git/hooks/reference-transaction
echo 3 >"$T/slow"
echo '杭州市发改委联系人名单' >contacts.txt
git add contacts.txt
git commit -q -m "contacts" &
committer=$!
wait_for .git/refs/heads/main.lock &&
    ok "git commit holds the clone's branch lock in its hook" ||
    not_ok "git commit holds the clone's branch lock in its hook"
snapshot . "$T/before"
run sanfen-submit --as hangzhou -F "$EX/issues/hangzhou-datacenter-energy.yaml"
status 1 "a sanfen writer meanwhile is refused"
# (git commit locks HEAD as well as the branch: the first one checked)
is "$(sed "s|$T/hz/.git/refs/heads/main.lock|$T/hz/.git/HEAD.lock|" "$T/err")" \
    "sanfen-submit: error: $T/hz/.git/HEAD.lock may be held by git process $committer, which runs in this repository; let it finish, then retry" \
    "naming the lock and the git process"
[ -e .git/refs/heads/main.lock ] && ok "the clone's locks are left alone" ||
    not_ok "the clone's locks are left alone"
wait $committer
is "$?" 0 "the git commit succeeds"
is "$(git log -1 --format=%s)" contacts "and is the branch's tip"
rm -f "$T/slow"
run sanfen-submit --as hangzhou -F "$EX/issues/hangzhou-datacenter-energy.yaml"
status 0 "once git is done, the writer goes on"
is "$(git log -1 --format=%s HEAD~1)" contacts "on top of git's commit"
# a lock neither open nor in a git command's hands is still stale
: >.git/refs/heads/main.lock
run sanfen-submit --as hangzhou -F "$EX/issues/hangzhou-datacenter-energy.yaml"
status 0 "a stale branch lock is cleared"
[ ! -e .git/refs/heads/main.lock ] && ok "and removed" || not_ok "and removed"

done_testing
