#!/bin/sh
# The floors of lib/ (HACKING.md, "Layers"): a module may use what its
# own floor and the floors below it define, never what a floor above
# defines, and no modules use each other in a circle. "Uses" is read from
# the objects, as the linker sees it: module A uses module B when A.o
# needs a global symbol that B.o defines.
#
#	sh tests/layers.sh lib/*.o
#
# Names every upward edge, every cycle and every module missing from the
# table below, and exits 1 if there is any; silent when all is well. The
# sources beside the objects (lib/x.c, lib/x.h) are held to the same
# rule for their #include lines. NM names the nm to run (POSIX output,
# -A -P -g).

# The one table of floors, lowest first: a floor, then its modules (a
# line that begins with a tab goes on with the floor above it).
floors='
util	arena buf date enums error i18n id keyfile output strset tmpfile
	xalloc
yaml	reader yamlio
model	config issue issue_codec issue_field issue_view lifecycle meeting task
	units
store	cache clone committed gitlock history ledger markers merge merge_tree
	query
	signing ssh_auth store sync treediff write
work	admin agenda agenda_doc check doc guard minutes register report
	score screen similar supervise
'

if [ $# -eq 0 ]; then
	echo "usage: sh tests/layers.sh OBJECT..." >&2
	exit 2
fi
syms=$(${NM:-nm} -A -P -g "$@") || {
	echo "layers: ${NM:-nm} failed" >&2
	exit 2
}

# "#include f h": the header h.h that the source f includes
incs=$(for o in "$@"; do
	for f in "${o%.o}.h" "${o%.o}.c"; do
		[ -f "$f" ] && sed -n \
		    "s|^#include \"\([A-Za-z0-9_]*\)\.h\".*|#include $f \1|p" "$f"
	done
done)

printf '%s\n%s\n' "$syms" "$incs" | awk -v floors="$floors" '
function module(obj,	m) {
	m = obj
	sub(/.*\//, "", m)
	sub(/\.[cho]$/, "", m)
	return m
}
BEGIN {
	nl = split(floors, line, "\n")
	for (i = 1; i <= nl; i++) {
		nw = split(line[i], w, /[ \t]+/)
		if (nw == 0)
			continue
		start = 1
		if (line[i] !~ /^[ \t]/) {
			nfloors++
			floor = w[1]
			start = 2
		}
		for (j = start; j <= nw; j++)
			if (w[j] != "") {
				at[w[j]] = floor
				row[w[j]] = nfloors
			}
	}
}
$1 == "#include" {
	if ($2 != "")
		incl[++nincl] = $2 SUBSEP $3
	next
}
# "lib/x.o: name type [value size]"
NF >= 3 {
	obj = $1
	sub(/:$/, "", obj)
	m = module(obj)
	if (!(m in path)) {
		path[m] = obj
		mods[++nmods] = m
	}
	if ($3 == "U")
		uses[++nuses] = m SUBSEP $2
	else if ($3 ~ /^[ABCDGRSTVW]$/ && !($2 in def))
		def[$2] = m
}
END {
	bad = 0
	for (i = 1; i <= nmods; i++)
		if (!(mods[i] in at)) {
			printf "%s: not in the table of floors " \
			    "(tests/layers.sh)\n", path[mods[i]]
			bad++
		}
	for (i = 1; i <= nuses; i++) {
		split(uses[i], u, SUBSEP)
		a = u[1]
		s = u[2]
		if (!(s in def) || (b = def[s]) == a)
			continue
		if ((a in at) && (b in at) && row[a] < row[b]) {
			printf "%s (%s) uses %s from %s (%s)\n", path[a],
			    at[a], s, path[b], at[b]
			bad++
			continue	# named: no cycle through it too
		}
		if (!((a, b) in edge)) {
			edge[a, b] = 1
			out[a] = out[a] " " b
		}
	}
	for (i = 1; i <= nincl; i++) {
		split(incl[i], u, SUBSEP)
		a = module(u[1])
		b = u[2]
		if ((a in at) && (b in at) && row[a] < row[b]) {
			printf "%s (%s) includes %s.h (%s)\n", u[1], at[a], b,
			    at[b]
			bad++
		}
	}
	# a cycle (within a floor, the upward edges left out): a module met
	# again on the path that leads to it
	for (i = 1; i <= nmods; i++)
		if (!(mods[i] in done))
			bad += visit(mods[i])
	exit (bad > 0)
}
function visit(m,	n, kids, k, c, j, t, bad) {
	stack[++depth] = m
	onpath[m] = depth
	n = split(out[m], kids, " ")
	bad = 0
	for (k = 1; k <= n; k++) {
		c = kids[k]
		if (c in onpath) {
			t = path[c]
			for (j = onpath[c] + 1; j <= depth; j++)
				t = t " -> " path[stack[j]]
			print "cycle: " t " -> " path[c]
			bad++
		} else if (!(c in done))
			bad += visit(c)
	}
	delete onpath[m]
	depth--
	done[m] = 1
	return bad
}' >&2
