#!/bin/sh
# The files sanfen writes are read by other tools: PyYAML, yamllint and a
# third-party JSON Schema validator (python3-jsonschema); unchanged files
# keep their bytes.
. "$(dirname "$0")/lib.sh"

new_ledger led
cd "$T/led"
for f in "$EX"/issues/*.yaml; do
	unit=$(sed -n 's/^submitter: *//p' "$f")
	sanfen-submit --as "$unit" -F "$f" >/dev/null ||
	    { echo "Bail out! cannot submit $f"; exit 1; }
done
n=$(ls issues/2024/10/*.yaml | wc -l)
is "$n" "$(ls "$EX"/issues/*.yaml | wc -l)" "every example submitted"

if $PY -c 'import jsonschema, yaml' 2>/dev/null; then
	run $PY "$SANFEN_BUILD/tests/schema-validate.py" \
	    "$SANFEN_BUILD/schema/issue.schema.json" issues/2024/10/*.yaml
	status 0 "every issue file validates against issue.schema.json"
	run $PY "$SANFEN_BUILD/tests/schema-validate.py" \
	    "$SANFEN_BUILD/schema/units.schema.json" units.yaml
	status 0 "units.yaml validates against units.schema.json"
	run $PY "$SANFEN_BUILD/tests/schema-validate.py" \
	    "$SANFEN_BUILD/schema/config.schema.json" .sanfen/config.yaml
	status 0 "config.yaml validates against config.schema.json"
	for s in "$SANFEN_BUILD"/schema/*.json; do
		if $PY -c '
import json, sys, jsonschema
jsonschema.Draft7Validator.check_schema(json.load(open(sys.argv[1])))
' "$s" 2>"$T/py"; then
			ok "$(basename "$s") is a valid draft-07 schema"
		else
			not_ok "$(basename "$s") is a valid draft-07 schema"
			diag "$(cat "$T/py")"
		fi
	done
	# the schema and the C validation agree on a bad file
	f=$(ls issues/2024/10/*.yaml | head -1)
	sed 's/^topic: .*/topic: money/' "$f" >"$T/bad.yaml"
	run $PY "$SANFEN_BUILD/tests/schema-validate.py" \
	    "$SANFEN_BUILD/schema/issue.schema.json" "$T/bad.yaml"
	status 1 "the schema refuses what sanfen-check refuses"
else
	skip "python3-jsonschema not installed"
fi

if command -v yamllint >/dev/null; then
	run yamllint -s .
	status 0 "yamllint -s accepts the whole ledger"
else
	skip "yamllint not installed"
fi

# PyYAML reads back exactly what sanfen-show --format json says
for f in issues/2024/10/*.yaml; do
	id=$(basename "$f" .yaml)
	sanfen-show --format json "$id" >"$T/$id.json"
	if ! $PY -c '
import json, sys, yaml
class L(yaml.SafeLoader): pass
L.add_constructor("tag:yaml.org,2002:timestamp",
    lambda l, n: l.construct_scalar(n))
y = yaml.load(open(sys.argv[1]), Loader=L)
j = json.load(open(sys.argv[2]))
del j["path"]
assert y == j, (y, j)
' "$f" "$T/$id.json" 2>"$T/py"; then
		not_ok "PyYAML reads $f as sanfen does"
		diag "$(cat "$T/py")"
		continue
	fi
	ok "PyYAML reads $f as sanfen does"
done

# no churn: a file sanfen wrote is written back byte for byte
for f in issues/2024/10/*.yaml; do
	sanfen-show --format yaml "$(basename "$f" .yaml)" >"$T/again"
	same_file "$T/again" "$f" "$(basename "$f"): load then save keeps the bytes"
done
done_testing
