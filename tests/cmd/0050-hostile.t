#!/bin/sh
# Hostile and broken input: every file is refused with exit 1, a message
# naming file, line and column (or the file), fast, and nothing written.
. "$(dirname "$0")/lib.sh"

new_ledger led
cd "$T/led"
base=$EX/issues/ningbo-port-sea-use.yaml
snapshot . "$T/before"
n=0

# refuse NAME EXPECT: submit $T/h/NAME and check the refusal
refuse() {
	n=$((n + 1))
	run timeout 10 sanfen-submit --as ningbo -F "$T/h/$1"
	if [ "$rc" -eq 1 ] && grep -qF -- "$2" "$T/err"; then
		ok "$1: refused ($2)"
	else
		not_ok "$1: refused with '$2'"
		diag "exit $rc" "$(cat "$T/err")"
	fi
}
mkdir -p "$T/h"
w() { printf "$2" >"$T/h/$1"; }

w alias.yaml 'title: &a x\nsubmitter: *a\n'
w anchor.yaml 'title: &t 标题\n'
w tag.yaml 'title: !!str x\n'
w tag-custom.yaml 'title: !evil x\n'
w tag-map.yaml 'material: !!map {a: b}\n'
w two-docs.yaml 'title: a\n---\ntitle: b\n'
printf '%s\n' '- a' '- b' >"$T/h/list-root.yaml"
w scalar-root.yaml 'just text\n'
w dup-key.yaml 'title: a\ntitle: b\n'
w dup-nested.yaml 'material:\n  problem: a\n  problem: b\n'
w nul-escape.yaml 'title: "a\\0b"\n'
w esc-escape.yaml 'title: "a\\eb"\n'
w bell.yaml 'title: "a\\ab"\n'
w raw-control.yaml 'title: a\001b\n'
w raw-del.yaml 'title: a\177b\n'
w c1.yaml 'title: a\302\205b\n'
w lone-cr.yaml 'title: a\rsubject: soe\n'
w bad-utf8.yaml 'title: \377\376\n'
w overlong.yaml 'title: \300\257\n'
w surrogate.yaml 'title: \355\240\200\n'
w truncated-utf8.yaml 'title: \344\270\n'
w unclosed-flow.yaml 'title: [a, b\n'
w unclosed-quote.yaml 'title: "abc\n'
w bad-indent.yaml 'title: a\n  subject: soe\n b: c\n'
w complex-key.yaml '? [a, b]\n: c\n'
w map-key.yaml '{a: b}: c\n'
w tab-indent.yaml 'material:\n\tproblem: x\n'
w unknown-key.yaml 'title: a\ncolour: red\n'
w history-key.yaml 'title: a\nhistory: []\n'
w status-key.yaml 'title: a\nstatus: closed\n'
w title-list.yaml 'title: [a]\n'
w title-map.yaml 'title: {a: b}\n'
w material-list.yaml 'material: [a]\n'
w tried-bad.yaml 'tried: [moon]\n'
w subject-bad.yaml 'subject: 外企\n'
w submitter-bad.yaml 'submitter: 上海市人民政府\n'
w directive.yaml '%%YAML 1.1\n%%TAG !e! tag:evil:\n---\ntitle: !e!x a\n'
w null-key.yaml '~: a\n'
w empty-key.yaml '"": a\n'
# depth: flow and block, far past the limit
head -c 200000 /dev/zero | tr '\0' '[' | sed 's/^/title: /' >"$T/h/deep-flow.yaml"
awk 'BEGIN { for (i = 0; i < 1000; i++) { printf "%*sk%d:\n", i, "", i } }' \
    >"$T/h/deep-block.yaml"
# size: over 1 MiB, and a billion-laughs shape
head -c 1100000 /dev/zero | tr '\0' 'a' | sed 's/^/title: /' >"$T/h/huge.yaml"
awk 'BEGIN { print "a: &a [x, x, x, x, x, x, x, x, x]";
    for (i = 1; i < 9; i++) printf "b%d: &b%d [*a, *a, *a, *a]\n", i, i }' \
    >"$T/h/laughs.yaml"
printf 'title: ' >"$T/h/long-scalar.yaml"
head -c 300000 /dev/zero | tr '\0' 'x' >>"$T/h/long-scalar.yaml"
awk 'BEGIN { printf "tried: ["; for (i = 0; i < 20000; i++) printf "county, ";
    print "city]" }' >"$T/h/many-items.yaml"
printf '\000\001\002binary\000' >"$T/h/binary.yaml"

refuse alias.yaml "alias.yaml:1:8: title: anchors are not allowed"
refuse anchor.yaml "anchor.yaml:1:8: title: anchors are not allowed"
refuse tag.yaml "tag.yaml:1:8: title: tags are not allowed"
refuse tag-custom.yaml "tags are not allowed ('!evil')"
refuse tag-map.yaml "material: tags are not allowed"
refuse two-docs.yaml "two-docs.yaml:2:1: only one document is allowed"
refuse list-root.yaml "list-root.yaml:1:1: the document must be a mapping"
refuse scalar-root.yaml "scalar-root.yaml:1:1: the document must be a mapping"
refuse dup-key.yaml "dup-key.yaml:2:1: title: duplicate key 'title'"
refuse dup-nested.yaml "dup-nested.yaml:3:3: material.problem: duplicate key 'problem'"
refuse nul-escape.yaml "nul-escape.yaml:1:8: title: control characters are not allowed"
refuse esc-escape.yaml "esc-escape.yaml:1:8: title: control characters are not allowed"
refuse bell.yaml "bell.yaml:1:8: title: control characters are not allowed"
refuse raw-control.yaml "raw-control.yaml:1:9: control characters are not allowed"
refuse raw-del.yaml "raw-del.yaml:1:9: control characters are not allowed"
refuse c1.yaml "c1.yaml:1:9: control characters are not allowed"
refuse lone-cr.yaml "lone-cr.yaml:1:9: control characters are not allowed"
refuse bad-utf8.yaml "bad-utf8.yaml:1:8: invalid UTF-8"
refuse overlong.yaml "overlong.yaml:1:8: invalid UTF-8"
refuse surrogate.yaml "surrogate.yaml:1:8: invalid UTF-8"
refuse truncated-utf8.yaml "truncated-utf8.yaml:1:8: invalid UTF-8"
refuse unclosed-flow.yaml "unclosed-flow.yaml:2:1: title: did not find expected ',' or ']'"
refuse unclosed-quote.yaml "unclosed-quote.yaml:2:1: "
refuse bad-indent.yaml "bad-indent.yaml:2:"
refuse complex-key.yaml "complex-key.yaml:1:3: keys must be plain text"
refuse map-key.yaml "map-key.yaml:1:1: keys must be plain text"
refuse tab-indent.yaml "tab-indent.yaml:2:"
refuse unknown-key.yaml "unknown-key.yaml:2:1: unknown key 'colour'"
refuse history-key.yaml "history is not stored: it is git's"
refuse status-key.yaml "status-key.yaml:2:1: status: key 'status' is set by sanfen"
refuse title-list.yaml "title-list.yaml:1:8: title: expected text, not a list"
refuse title-map.yaml "title-map.yaml:1:8: title: expected text, not a mapping"
refuse material-list.yaml "material-list.yaml:1:11: material: expected a mapping"
refuse tried-bad.yaml "tried-bad.yaml:1:9: tried[1]: unknown level 'moon'"
refuse subject-bad.yaml "subject-bad.yaml:1:10: subject: unknown subject '外企'"
refuse submitter-bad.yaml "submitter: unknown unit '上海市人民政府'"
refuse directive.yaml "tags are not allowed"
refuse null-key.yaml "null-key.yaml:1:1: unknown key '~'"
refuse empty-key.yaml "empty-key.yaml:1:1: unknown key ''"
refuse deep-flow.yaml "deep-flow.yaml:1:23: title[1][1][1][1][1][1][1][1][1][1][1][1][1][1][1]: nested too deeply"
refuse deep-block.yaml "deep-block.yaml:17:"
refuse huge.yaml "file too large (limit 1048576 bytes)"
refuse laughs.yaml "laughs.yaml:1:4: a: anchors are not allowed"
refuse long-scalar.yaml "long-scalar.yaml:1:8: title: value too long"
refuse many-items.yaml "tried: too many items"
refuse binary.yaml "binary.yaml:1:1: control characters are not allowed"
unchanged . "$T/before" "$n hostile files: the ledger and its history as they were"

# ids and paths never leave the ledger
for bad in ../../etc/passwd /etc/passwd 20241008-../x 20241008-a/b \
    "$(printf '20241008-a\tb')" 20240230-abcdef 20241008-ABCDEF; do
	run sanfen-show "$bad"
	[ "$rc" -eq 1 ] && ok "show '$bad' is refused" ||
	    { not_ok "show '$bad' is refused"; diag "exit $rc"; }
done
for bad in ../x 2024-02-30-monthly 2024-10-15-weekly; do
	run sanfen-agenda show "$bad"
	[ "$rc" -eq 1 ] && ok "agenda show '$bad' is refused" ||
	    not_ok "agenda show '$bad' is refused"
done
# a binary file in the work tree: sanfen-check and sanfen-show, which
# read the work tree, name it; committed, every reader meets it and names
# it (the scanning readers read the ledger as committed, sanfen(7))
cp "$T/h/binary.yaml" issues/2024/10/20241008-zzzzzz.yaml 2>/dev/null ||
    { mkdir -p issues/2024/10 && cp "$T/h/binary.yaml" issues/2024/10/20241008-zzzzzz.yaml; }
names_it() {		# names_it WHERE CMD…: each names the file, exits 1
	where=$1
	shift
	for cmd in "$@"; do
		run $cmd
		if [ "$rc" -eq 1 ] && grep -q "20241008-zzzzzz.yaml" "$T/out" "$T/err"; then
			ok "$cmd names the binary file $where and exits 1"
		else
			not_ok "$cmd names the binary file $where"
			diag "exit $rc" "$(cat "$T/err")"
		fi
	done
}
# text given on the command line is held to what every reader accepts:
# a writer never commits a file it could not read back
esc=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml")
snapshot . "$T/snap-esc"
run sanfen-close --as ningbo --withdraw --note "$(printf 'a\033[31mb')" "$esc"
status 1 "a withdrawal note with an escape sequence is refused"
err_is "sanfen-close: error: issues/2024/10/$esc.yaml:30:9: withdrawal.note: control characters are not allowed" \
    "naming the file, line and field"
unchanged . "$T/snap-esc" "and the ledger is as it was"
run sanfen-show "$esc"
status 0 "the issue still reads"
names_it "in the work tree" "sanfen-check" "sanfen-show 20241008-zzzzzz"
git add issues && git commit -qm 'hand: a binary file'
names_it "committed" "sanfen-list" "sanfen-list --format json" "sanfen-check" \
    "sanfen-ledger" "sanfen-show 20241008-zzzzzz" \
    "sanfen-ledger --format csv"
done_testing
