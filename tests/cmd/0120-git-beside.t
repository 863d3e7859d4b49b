#!/bin/sh
# Plain git beside sanfen in one clone: a fresh git clone gets the merge
# driver from its first sanfen command; a git pull that stops on a
# conflict leaves the field-level merge with only the conflicting fields
# marked, which sanfen-check names and sanfen-sync --resolve finishes;
# writers refuse while git has an operation in progress; a git pull
# racing a writer loses nothing; a full disk after the branch moved is a
# success with a warning, finished by the next command.
. "$(dirname "$0")/lib.sh"

central_ledger prov
nb=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml")
F=issues/2024/10/$nb.yaml
coordinate "$nb"
sanfen-sync >/dev/null

# -- 1. a fresh git clone: the first sanfen command sets the driver --------
git clone -q "$T/central.git" "$T/nb"
cd "$T/nb"
is "$(git config merge.sanfen.driver)" "" "a fresh git clone has no driver"
run sanfen-list
status 0 "a reader in the fresh clone"
is "$(git config merge.sanfen.driver)" "sanfen-merge-driver %O %A %B %P" \
    "the first sanfen command (a reader) sets the merge driver"
is "$(git config merge.sanfen.name)" "sanfen field-level merge" \
    "and its name"
git config merge.sanfen.driver "my-driver %O %A %B"
sanfen-list >/dev/null
is "$(git config merge.sanfen.driver)" "my-driver %O %A %B" \
    "a driver the clerk set is left alone"
git config merge.sanfen.driver "sanfen-merge-driver %O %A %B %P"

# -- 2. git pull stops on a true conflict ----------------------------------
# both offices report on task 2; each also marks it done, on other days
sanfen-progress --as ningbo --note '宁波：用海材料已报部' "$nb" 2 >/dev/null
sanfen-progress --as dept-nr --note '补正材料' --done 2024-10-18 "$nb" 1 \
    >/dev/null
git log -1 --format=%s >"$T/nb-last"
sanfen-sync >/dev/null
cd "$T/prov"
sanfen-progress --as dept-eco --note '省生态环境厅：环评已批' "$nb" 2 >/dev/null
sanfen-progress --as dept-nr --note '补正' --done 2024-10-17 "$nb" 1 \
    >/dev/null
before=$(git rev-parse HEAD)
run git pull -q --no-rebase --no-edit origin main
[ "$rc" -ne 0 ] && ok "git pull stops on a true conflict" ||
    not_ok "git pull stops on a true conflict"
has "$T/err" "conflict: $F: tasks[1].done: ours '2024-10-17', theirs '2024-10-18'" \
    "the driver names the conflicting field"
has "$F" "宁波：用海材料已报部" "the file holds their progress note"
has "$F" "省生态环境厅：环评已批" "and ours"
is "$(grep -c '^<<<<<<< ours$' "$F")" 1 "one run of lines is marked"
sed -n '/^<<<<<<< ours$/,/^>>>>>>> theirs$/p' "$F" >"$T/marked"
is "$(grep -c . "$T/marked")" 5 "only the conflicting field between the markers"
has "$T/marked" "done: 2024-10-17" "ours inside"
has "$T/marked" "done: 2024-10-18" "theirs inside"
is "$(git status --porcelain -- "$F")" "UU $F" "git sees the path unmerged"

run sanfen-check
status 1 "sanfen-check fails during the merge"
has "$T/out" "a merge is in progress in this clone" "names the merge"
has "$T/out" "$F: tasks[1].done: conflict: ours '2024-10-17', theirs '2024-10-18' (was (absent)); settle it with sanfen-sync --resolve $F tasks[1].done ours|theirs|VALUE" \
    "names the conflicting field and the command that settles it"
has "$T/out" "$F:" "names the file"
has "$T/out" "conflict markers: a merge left this file unsettled" \
    "names the markers"

snapshot . "$T/snap"
run sanfen-progress --as dept-eco --note '又一条' "$nb" 2
status 1 "a writer refuses while the merge is in progress"
err_is "sanfen-progress: error: a merge is in progress in this clone (git pull or git merge stopped); finish it with sanfen-sync, which merges the ledger field by field (--resolve settles a conflict), or give it up with git merge --abort" \
    "naming it and how to finish it"
unchanged . "$T/snap" "and leaves the clone as it was"

run sanfen-sync
status 1 "sanfen-sync without --resolve stops on the conflict"
has "$T/err" "tasks[1].done" "naming it"
unchanged . "$T/snap" "the clone is as git left it"

run sanfen-sync --as dept-nr --resolve "$nb" 'tasks[1].done' theirs
status 0 "sanfen-sync --resolve finishes git's merge"
is "$(git rev-parse -q --verify MERGE_HEAD)" "" "no merge in progress after"
is "$(git status --porcelain)" "" "the work tree is clean"
is "$(git log -1 --format=%P | wc -w | tr -d ' ')" 2 "a merge commit"
is "$(git rev-parse HEAD^1)" "$before" "of our branch"
is "$(trailer . Sanfen-Action HEAD)" sync "Sanfen-Action: sync"
is "$(trailer . Sanfen-Resolved HEAD)" "$nb tasks[1].done theirs" \
    "Sanfen-Resolved names the settled field"
has "$F" "宁波：用海材料已报部" "their note is kept"
has "$F" "省生态环境厅：环评已批" "our note is kept"
has "$F" "done: 2024-10-18" "the conflict settled for theirs"
hasnt "$F" "<<<<<<<" "no marker left"
is "$(git -C "$T/central.git" rev-parse main)" "$(git rev-parse HEAD)" \
    "and the central hook accepted the push"
run sanfen-check
status 0 "the ledger checks clean"

# -- 3. a clone without the driver: git writes markers, sanfen names them --
cd "$T/nb"
sanfen-sync >/dev/null
sanfen-progress --as dept-nr --note '宁波再报' --done 2024-10-19 "$nb" 3 \
    >/dev/null
sanfen-sync >/dev/null
cd "$T/prov"
sanfen-progress --as dept-nr --note '省里再报' --done 2024-10-20 "$nb" 3 \
    >/dev/null
git config --remove-section merge.sanfen
run git pull -q --no-rebase --no-edit origin main
[ "$rc" -ne 0 ] && ok "git pull without the driver stops" ||
    not_ok "git pull without the driver stops"
run sanfen-check
status 1 "sanfen-check fails"
has "$T/out" "$F:" "names the file with markers"
has "$T/out" "conflict markers" "names the markers"
run sanfen-sync --as dept-nr --resolve "$nb" 'tasks[3].done' ours
status 0 "sanfen-sync --resolve finishes a merge git made as text"
hasnt "$F" "<<<<<<<" "the markers are gone"
has "$F" "done: 2024-10-20" "settled for ours"
is "$(git status --porcelain)" "" "the work tree is clean"
is "$(git config merge.sanfen.driver)" "sanfen-merge-driver %O %A %B %P" \
    "and the driver is configured again"

# -- 4. other operations git leaves in progress ----------------------------
cd "$T/nb"
sanfen-sync >/dev/null
for op in rebase-merge:"a rebase is in progress" \
    CHERRY_PICK_HEAD:"a git cherry-pick is in progress" \
    REVERT_HEAD:"a git revert is in progress" \
    BISECT_LOG:"a git bisect is in progress"; do
	f=${op%%:*} want=${op#*:}
	case $f in
	rebase-merge) mkdir .git/rebase-merge ;;
	*) git rev-parse HEAD >".git/$f" ;;
	esac
	run sanfen-progress --as ningbo --note '试一下' "$nb" 2
	status 1 "$f: a writer refuses"
	has "$T/err" "$want" "$f: names it"
	rm -rf ".git/$f"
done
run sanfen-progress --as ningbo --note '试一下' "$nb" 2
status 0 "with nothing in progress the writer commits"

# -- 5. a full disk after the branch moved ---------------------------------
# many issues make the index larger than any object the commit writes, so
# a file size limit fails the index alone, after the branch has moved
git config core.logAllRefUpdates false
rm -rf .git/logs
i=0
while [ $i -lt 60 ]; do
	sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml" \
	    >/dev/null
	i=$((i + 1))
done
idx=$(wc -c <.git/index)
lim=$(( (idx - 512) / 512 ))
head0=$(git rev-parse HEAD)
sh -c "trap '' XFSZ; ulimit -f $lim; exec sanfen-submit --as ningbo \
    -F '$EX/issues/ningbo-port-sea-use.yaml'" >"$T/out" 2>"$T/err"
rc=$?
status 0 "a submit whose index write fails after the commit: exit 0"
id=$(cat "$T/out")
[ -n "$id" ] && ok "prints its id" || not_ok "prints its id"
is "$(git log -1 --format=%s | cut -d' ' -f2 | tr -d :)" "$id" \
    "the branch holds that submission"
has "$T/err" "sanfen-submit: warning: the commit is made, but the work tree is not up to date" \
    "a warning says what is left"
has "$T/err" "File too large" "and why"
[ -f .git/sanfen/journal ] && ok "the journal is kept" ||
    not_ok "the journal is kept"
run sanfen-progress --as ningbo --note '磁盘已清理' "$nb" 2
status 0 "the next command succeeds"
[ -f .git/sanfen/journal ] && not_ok "and clears the journal" ||
    ok "and clears the journal"
is "$(git status --porcelain)" "" "the work tree is up to date"
is "$(git log --format=%s "$head0.." | grep -c "^submit ")" 1 \
    "the submission was made once"

done_testing
