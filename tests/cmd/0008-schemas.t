#!/bin/sh
# schema/*.json are fit for editors (VS Code's YAML extension and the
# like): each has an $id, and every property, at any depth, has a title or
# description in both Chinese and English, which is what an editor shows
# while completing a key.
. "$(dirname "$0")/lib.sh"

for s in "$SANFEN_BUILD"/schema/*.json; do
	n=$(basename "$s")
	$PY - "$s" >"$T/out" 2>&1 <<-'PY'
	import json, re, sys
	f = sys.argv[1]
	s = json.load(open(f))
	name = f.rsplit("/", 1)[1]
	bad = []
	if s.get("$id") != "https://sanfen.invalid/schema/" + name:
	    bad.append("$id: %r" % s.get("$id"))
	def both(n):
	    t = n.get("title", "") + " " + n.get("description", "")
	    return re.search("[\u4e00-\u9fff]", t) and re.search("[A-Za-z]{3}", t)
	if not both(s):
	    bad.append("the schema's title")
	defs = s.get("definitions", {})
	def walk(n, path):
	    if not isinstance(n, dict):
	        return
	    for k, v in n.get("properties", {}).items():
	        ref = v.get("$ref", "")
	        target = defs.get(ref.rsplit("/", 1)[-1], {}) if ref else {}
	        if not (both(v) or both(target)):
	            bad.append(path + k)
	        walk(v, path + k + ".")
	    for k in ("items", "additionalProperties"):
	        walk(n.get(k), path)
	    for k in ("oneOf", "anyOf", "allOf"):
	        for v in n.get(k, []):
	            walk(v, path)
	walk(s, "")
	for k, v in defs.items():
	    walk(v, "definitions." + k + ".")
	print("\n".join(bad))
	PY
	is "$(cat "$T/out")" "" "$n: \$id, and Chinese and English for every key"
done
done_testing
