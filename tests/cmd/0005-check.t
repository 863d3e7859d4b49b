#!/bin/sh
# sanfen-check: every file, key and cross-reference, with locations.
. "$(dirname "$0")/lib.sh"

new_ledger led
cd "$T/led"
nb=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml")
hz=$(sanfen-submit --as hangzhou -F "$EX/issues/hangzhou-datacenter-energy.yaml")
f=issues/2024/10/$nb.yaml
g=issues/2024/10/$hz.yaml

run sanfen-check
status 0 "a valid ledger: exit 0"
out_is "" "no findings on stdout"
err_is "sanfen-check: 2 issues, 0 meetings: no findings" "a summary on stderr"
run sanfen-check -q
err_is "" "-q: silent when all is well"

# bad hand edits, each reported with file:line:column: key
cp "$f" "$T/f.orig"
sed -i 's/^topic: approval/topic: approvals/' "$f"
run sanfen-check
status 1 "a bad enum: exit 1"
out_is "$f:9:8: topic: unknown topic 'approvals' (expected progress, factors, approval, policy, other)" \
    "bad enum located"
err_is "sanfen-check: error: 1 finding" "count on stderr"

cp "$T/f.orig" "$f"
printf 'colour: red\n' >>"$f"
run sanfen-check
has "$T/out" "$f:" "unknown key: file named"
has "$T/out" "unknown key 'colour'" "unknown key: named"

cp "$T/f.orig" "$f"
sed -i 's/^submitted: 2024-10-08/submitted: 2024-02-30/' "$f"
run sanfen-check
has "$T/out" "$f:3:12: submitted: invalid date '2024-02-30'" "impossible date located"

cp "$T/f.orig" "$f"
sed -i 's/^submitter: ningbo/submitter: shanghai/' "$f"
run sanfen-check
has "$T/out" "$f:4:12: submitter: unknown unit 'shanghai'" "unknown unit located"

cp "$T/f.orig" "$f"
printf 'meeting: 2024-10-15-monthly\n' >>"$f"
sed -i '/^status:/d' "$f"
run sanfen-check
status 1 "several findings"
has "$T/out" "$f: status: required" "a missing key is named"

cp "$T/f.orig" "$f"
printf 'title: [broken\n' >"$g"
run sanfen-check
status 1 "malformed YAML"
has "$T/out" "$g:2:1: " "malformed YAML located"
git checkout -q -- "$g"

# files where no issue file belongs
mkdir -p issues/2024/09
cp "$f" "issues/2024/09/$nb.yaml"
printf 'x\n' >issues/2024/10/notes.txt
run sanfen-check
status 1 "misplaced files"
has "$T/out" "issues/2024/09/$nb.yaml: not an issue file" "an issue in the wrong month"
has "$T/out" "issues/2024/10/notes.txt: not an issue file" "a stray file"
rm -r issues/2024/09 issues/2024/10/notes.txt

# an issue whose id does not match its file name
sed "s/^id: $nb/id: 20241008-aaaaaa/" "$f" >"issues/2024/10/20241008-bbbbbb.yaml"
run sanfen-check
has "$T/out" "issues/2024/10/20241008-bbbbbb.yaml:1:5: id: " "id/file mismatch located"
rm "issues/2024/10/20241008-bbbbbb.yaml"

# settings are checked first
cp units.yaml "$T/units.orig"
sed -i 's/^    kind: city$/    kind: town/' units.yaml
run sanfen-check
status 1 "a bad units.yaml"
has "$T/out" "units.yaml:" "units.yaml named"
has "$T/out" "kind" "the key is named"
cp "$T/units.orig" units.yaml
printf 'screening:\n  similarity_threshold: 2\n' >>.sanfen/config.yaml
run sanfen-check
status 1 "a bad config"
has "$T/out" ".sanfen/config.yaml:" "config named"
git checkout -q -- .sanfen/config.yaml

run sanfen-check --format json
status 0 "--format json on a clean ledger"
out_is "[]" "an empty array"
sed -i 's/^topic: approval/topic: approvals/' "$f"
run sanfen-check --format json
status 1 "--format json with a finding"
if $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d == [{"file": sys.argv[2], "line": 9, "column": 8, "key": "topic",
    "message": "unknown topic \x27approvals\x27 (expected progress, factors, approval, policy, other)"}], d
' "$T/out" "$f" 2>"$T/py"; then
	ok "json findings: file, line, column, key, message"
else
	not_ok "json findings"; diag "$(cat "$T/py")" "$(cat "$T/out")"
fi
git checkout -q -- "$f"
run sanfen-check extra
status 2 "an operand: exit 2"

# --history: every commit replayed
run sanfen-check --history
status 0 "a history made by sanfen passes"
err_is "sanfen-check: 3 commits: no findings" "counts the commits"
sanfen-screen --as tf-drc "$nb" >/dev/null
good=$(git rev-parse HEAD)
sed -i 's/^status: accepted/status: closed/' "$f"
git commit -qam "hand: closed"
printf 'x\n' >notes.txt && git add notes.txt && git commit -qm "notes"
run sanfen-check --history
status 1 "an illegal transition made by hand"
has "$T/out" "commit $(git rev-parse --short=7 HEAD~1) (宁波市发改委 王敏): changed ledger files without Sanfen trailers" \
    "names commit and author"
has "$T/out" "changed ledger files without Sanfen trailers" "a commit without trailers"
hasnt "$T/out" "$(git rev-parse --short=7 HEAD) " "a commit outside the ledger files is fine"
run sanfen-check --history --since HEAD
status 0 "--since: only the newer commits"
run sanfen-check --history --since "$good" --format json
if $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d) == 1, d
assert "without Sanfen trailers" in d[0]["message"]
' "$T/out" "$f" 2>"$T/py"; then
	ok "--history --format json"
else
	not_ok "--history --format json"; diag "$(cat "$T/py")"
fi
git reset -q --hard "$good"
sed -i 's/^    roles: \[screen, agenda, minutes, supervise, close\]$//' units.yaml
git commit -qam "hand: no roles" --quiet
run sanfen-check --history
has "$T/out" "$(git rev-parse --short=7 HEAD) (宁波市发改委 王敏): changed ledger files without Sanfen trailers" \
    "units.yaml changed by hand is refused"
run sanfen-check --since HEAD
status 2 "--since without --history"
run sanfen-check --history --since nonsense
status 1 "an unknown revision"
done_testing
