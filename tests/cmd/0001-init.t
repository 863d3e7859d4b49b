#!/bin/sh
# sanfen-init: a ledger in one commit, with the default settings.
. "$(dirname "$0")/lib.sh"

run sanfen-init "$T/led"
status 0 "init exits 0"
out_is "initialised sanfen ledger in $T/led" "init says where"
for f in .sanfen/config.yaml units.yaml .yamllint README.md; do
	[ -f "$T/led/$f" ] && ok "init writes $f" || not_ok "init writes $f"
done
is "$(git -C "$T/led" rev-list --count HEAD)" 1 "init makes one commit"
is "$(git -C "$T/led" symbolic-ref HEAD)" refs/heads/main "on branch main"
is "$(git -C "$T/led" log -1 --format=%s)" \
    "init: sanfen ledger (rules 2024-09)" "commit subject"
is "$(trailer "$T/led" Sanfen-Action)" init "Sanfen-Action trailer"
is "$(git -C "$T/led" status --porcelain)" "" "work tree clean after init"
is "$(git -C "$T/led" log -1 --format='%an <%ae> %ad' --date=iso)" \
    "宁波市发改委 王敏 <wangmin@nb.example> 2024-10-08 09:30:00 +0800" \
    "author and date from GIT_AUTHOR_*"
# the config written is the one the library ships, byte for byte
git -C "$T/led" show HEAD:units.yaml >"$T/units"
same_file "$T/units" "$T/led/units.yaml" "units.yaml committed as written"
has "$T/led/units.yaml" "id: tf-drc" "units.yaml has 大发改专班"
has "$T/led/units.yaml" "id: lishui" "units.yaml has the 11th city"
has "$T/led/.sanfen/config.yaml" "rules: '2024-09'" "config names the rules"

# editors check and complete the files with the schemas kept in the ledger
for s in issue meeting units config; do
	same_file "$T/led/.sanfen/schema/$s.schema.json" \
	    "$SANFEN_BUILD/schema/$s.schema.json" "init keeps the $s schema"
done
is "$($PY -c 'import json,sys; d=json.load(open(sys.argv[1]))["yaml.schemas"]; print(d["./.sanfen/schema/issue.schema.json"], d["./.sanfen/schema/meeting.schema.json"], d["./.sanfen/schema/units.schema.json"], d["./.sanfen/schema/config.schema.json"])' "$T/led/.vscode/settings.json")" \
    "issues/**/*.yaml meetings/**/*.yaml units.yaml .sanfen/config.yaml" \
    ".vscode/settings.json points the YAML extension at them"
if $PY -c 'import jsonschema' 2>/dev/null; then
	$PY - "$T/led" <<-'PY' >"$T/schemas" 2>&1
	import json, sys, yaml, jsonschema
	class L(yaml.SafeLoader): pass
	L.add_constructor("tag:yaml.org,2002:timestamp",
	    lambda l, n: l.construct_scalar(n))
	led = sys.argv[1]
	for name, f in (("units", "units.yaml"), ("config", ".sanfen/config.yaml")):
	    schema = json.load(open(led + "/.sanfen/schema/" + name + ".schema.json"))
	    jsonschema.validate(yaml.load(open(led + "/" + f), Loader=L), schema)
	print("valid")
	PY
	is "$(cat "$T/schemas")" valid "the ledger's own files validate against its schemas"
else
	skip "python3-jsonschema not installed"
fi
SANFEN_DATADIR=$T/nowhere run sanfen-init -q "$T/noschema"
status 1 "init without the schemas to copy"
has "$T/err" "cannot find the JSON schemas" "says what is missing"
has "$T/err" "SANFEN_DATADIR" "and how to point at them"

# refusal: a second init leaves everything as it was
snapshot "$T/led" "$T/before"
run sanfen-init "$T/led"
status 1 "init refuses an existing ledger"
has "$T/err" "sanfen-init: error: " "refusal is an error message"
has "$T/err" "already holds a ledger" "refusal says why"
unchanged "$T/led" "$T/before" "refused init writes nothing"

# an existing repository keeps its files and gains one commit
mkdir "$T/repo" && git -C "$T/repo" init -q -b main &&
    echo "hello" >"$T/repo/README.md" && mkdir "$T/repo/.vscode" &&
    echo '{"editor.tabSize": 4}' >"$T/repo/.vscode/settings.json" &&
    git -C "$T/repo" add README.md .vscode &&
    git -C "$T/repo" commit -qm "first"
run sanfen-init -q "$T/repo"
status 0 "init in an existing repository"
out_is "" "-q is quiet"
is "$(cat "$T/repo/README.md")" "hello" "the user's README stays"
is "$(cat "$T/repo/.vscode/settings.json")" '{"editor.tabSize": 4}' \
    "the user's editor settings stay"
is "$(git -C "$T/repo" rev-list --count HEAD)" 2 "one commit added"

# -C names the directory too; nested directories are created
run sanfen-init -q -C "$T/other"
status 0 "init -C DIR"
[ -f "$T/other/units.yaml" ] && ok "-C DIR creates it" || not_ok "-C DIR creates it"

run sanfen-init a b
status 2 "two directories: usage error"
run sanfen-init --bogus
status 2 "unknown option: exit 2"
has "$T/err" "sanfen-init: error: unknown option '--bogus'" "names the option"
has "$T/err" "usage: sanfen-init" "prints the usage"

# the ledger passes its own check and yamllint
run sanfen-check -C "$T/led"
status 0 "a new ledger passes sanfen-check"
if command -v yamllint >/dev/null; then
	(cd "$T/led" && yamllint -s .sanfen/config.yaml units.yaml) >"$T/lint" 2>&1
	is "$?" 0 "yamllint accepts config and units"
else
	skip "yamllint not installed"
fi
done_testing
