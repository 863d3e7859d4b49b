#!/bin/sh
# The manual: every page lint-clean, every command documented, and each
# command's -h equal to its page's SYNOPSIS, as git keeps them.
. "$(dirname "$0")/lib.sh"

M=$SANFEN_BUILD/man
norm() { tr -s ' \t\n' '   ' | sed 's/^ //; s/ $//'; }

if ! command -v mandoc >/dev/null 2>&1; then
	skip "mandoc not installed: no manual checks"
	done_testing
	exit
fi
for page in "$M"/*.[157]; do
	out=$(mandoc -Tlint -W warning "$page" 2>&1)
	is "$out" "" "$(basename "$page") is lint-clean"
done
for src in "$SANFEN_BUILD"/cmd/sanfen*.c; do
	cmd=$(basename "$src" .c)
	page=$M/$cmd.1
	if [ ! -f "$page" ]; then
		not_ok "$cmd has a manual page"
		continue
	fi
	ok "$cmd has a manual page"
	# SYNOPSIS as rendered, up to the next section heading
	synopsis=$(MANWIDTH=200 mandoc -Tutf8 -O width=200 "$page" |
	    col -bx | awk '/^SYNOPSIS/ { on = 1; next }
		on && /^[A-Z]/ { exit } on' | norm)
	help=$("$cmd" -h | awk 'NF == 0 { exit } { print }' |
	    sed 's/^usage: //; s/^ *//' | norm)
	is "$help" "$synopsis" "$cmd -h equals its SYNOPSIS"
	is "$("$cmd" --version)" "$cmd $(cat "$SANFEN_BUILD/VERSION")" \
	    "$cmd --version"
	run "$cmd" --no-such-option
	status 2 "$cmd: an unknown option is a usage error"
	has "$T/err" "$cmd: error: unknown option '--no-such-option'" \
	    "$cmd: names the unknown option"
	grep -q "Xr $cmd 1" "$M/sanfen.7" && ok "sanfen(7) names $cmd" ||
	    not_ok "sanfen(7) names $cmd"
done
for kind in issue meeting config units; do
	[ -f "$M/sanfen-$kind.5" ] && ok "sanfen-$kind(5) exists" ||
	    not_ok "sanfen-$kind(5) exists"
done
done_testing
