#!/bin/sh
# make install / uninstall with DESTDIR and PREFIX, and make dist.
. "$(dirname "$0")/lib.sh"

dest=$T/dest
make -s -C "$SANFEN_BUILD" install DESTDIR="$dest" PREFIX=/usr \
    >"$T/out" 2>&1
is "$?" 0 "make install DESTDIR=… PREFIX=/usr"
for c in "$SANFEN_BUILD"/cmd/sanfen*.c; do
	c=$(basename "$c" .c)
	[ -x "$dest/usr/bin/$c" ] && ok "installs bin/$c" ||
	    not_ok "installs bin/$c"
	[ -f "$dest/usr/share/man/man1/$c.1" ] && ok "installs man1/$c.1" ||
	    not_ok "installs man1/$c.1"
done
for p in man5/sanfen-issue.5 man5/sanfen-meeting.5 man5/sanfen-config.5 \
    man5/sanfen-units.5 man7/sanfen.7; do
	[ -f "$dest/usr/share/man/$p" ] && ok "installs $p" ||
	    not_ok "installs $p"
done
for s in issue meeting units config; do
	[ -f "$dest/usr/share/sanfen/schema/$s.schema.json" ] &&
	    ok "installs the $s schema" || not_ok "installs the $s schema"
done
[ -x "$dest/usr/share/sanfen/examples/server/pre-receive" ] &&
    ok "installs the central repository's pre-receive hook" ||
    not_ok "installs the central repository's pre-receive hook"
for e in sample-ledger.sh demo.sh minutes-2024-10.yaml ci/month.sh \
    ci/github-actions.yml ci/gitlab-ci.yml issues/ningbo-port-sea-use.yaml; do
	[ -f "$dest/usr/share/sanfen/examples/$e" ] &&
	    ok "installs examples/$e" || not_ok "installs examples/$e"
done
[ -x "$dest/usr/share/sanfen/examples/ci/month.sh" ] &&
    ok "month.sh stays executable" || not_ok "month.sh stays executable"
# the locale catalogs, once the build makes them (po/*.po)
set -- "$SANFEN_BUILD"/po/*.po
if [ -f "$1" ]; then
	for po in "$@"; do
		l=$(basename "$po" .po)
		mo=$dest/usr/share/locale/$l/LC_MESSAGES/sanfen.mo
		[ -s "$mo" ] && ok "installs the $l catalog" ||
		    not_ok "installs the $l catalog"
	done
else
	skip "no po/*.po: no locale catalogs to install"
fi
[ -f "$dest/usr/share/bash-completion/completions/sanfen" ] &&
    ok "installs the bash completion" || not_ok "installs the bash completion"
[ -L "$dest/usr/share/bash-completion/completions/sanfen-list" ] &&
    ok "completion for each sanfen-*" || not_ok "completion for each sanfen-*"
z=$dest/usr/share/zsh/vendor-completions/_sanfen
if [ -f "$z" ]; then
	ok "installs the zsh completion"
	is "$(head -n 1 "$z")" "#compdef sanfen -p sanfen-*" \
	    "it completes sanfen and every sanfen-*"
else
	not_ok "installs the zsh completion"
fi
"$dest/usr/bin/sanfen" --version >"$T/out"
is "$(cat "$T/out")" "sanfen $(cat "$SANFEN_BUILD/VERSION")" \
    "the installed front command runs"
"$dest/usr/bin/sanfen" init -q "$T/led" && ok "the installed sanfen init works" ||
    not_ok "the installed sanfen init works"
same_file "$T/led/.sanfen/schema/issue.schema.json" \
    "$dest/usr/share/sanfen/schema/issue.schema.json" \
    "and finds the installed schemas"
mo=$dest/usr/share/locale/zh_CN/LC_MESSAGES/sanfen.mo
same_file "$mo" "$SANFEN_BUILD/locale/zh_CN/LC_MESSAGES/sanfen.mo" \
    "installs the zh_CN catalog under LOCALEDIR"
(cd "$T/led" && env -u LC_ALL -u SANFEN_LOCALEDIR LANGUAGE=zh_CN \
    "$dest/usr/bin/sanfen-show" 20240101-zzzz) >"$T/out" 2>"$T/err"
is "$(cat "$T/err")" "sanfen-show: error: 问题事项编号“20240101-zzzz”无相符项" \
    "and the installed commands find it"
make -s -C "$SANFEN_BUILD" uninstall DESTDIR="$dest" PREFIX=/usr \
    >"$T/out" 2>&1
is "$?" 0 "make uninstall"
is "$(find "$dest" -type f -o -type l | wc -l | tr -d ' ')" 0 \
    "uninstall removes every file"

# a checkout of its own, not a tarball unpacked inside another one (as
# debian/rules runs the tests in build-deb/)
top=$(git -C "$SANFEN_BUILD" rev-parse --show-toplevel 2>/dev/null)
if [ "$top" = "$(cd "$SANFEN_BUILD" && pwd -P)" ]; then
	git clone -q "$SANFEN_BUILD" "$T/clone" 2>/dev/null
	make -s -C "$T/clone" dist >"$T/out" 2>&1
	v=$(cat "$SANFEN_BUILD/VERSION")
	if [ -f "$T/clone/sanfen-$v.tar.gz" ]; then
		ok "make dist makes sanfen-$v.tar.gz"
		tar -tzf "$T/clone/sanfen-$v.tar.gz" | sed "s|^sanfen-$v/||" |
		    grep -v '/$' | grep -v '^$' | sort >"$T/tar"
		git -C "$T/clone" ls-files | sort >"$T/files"
		same_file "$T/tar" "$T/files" "the tarball holds exactly the tracked files"
		# it builds on its own (at -O0: the files, not the code, are
		# under test here), and its dist says why it cannot run
		mkdir "$T/unpacked"
		tar -xzf "$T/clone/sanfen-$v.tar.gz" -C "$T/unpacked"
		u=$T/unpacked/sanfen-$v
		if make -s -C "$u" CFLAGS=-O0 all >"$T/out" 2>&1; then
			ok "the unpacked tarball builds"
		else
			not_ok "the unpacked tarball builds"
			diag "$(tail -20 "$T/out")"
		fi
		is "$("$u/bin/sanfen" --version)" "sanfen $v" \
		    "and its commands run"
		(cd "$u" && make -s dist) \
		    >"$T/out" 2>&1
		is "$?" 2 "make dist in the unpacked tarball fails"
		has "$T/out" "dist: not a git checkout: make dist packs git ls-files" \
		    "saying why"
	else
		not_ok "make dist makes sanfen-$v.tar.gz"
		diag "$(cat "$T/out")"
	fi
else
	skip "not a git checkout: make dist not tested"
fi
is "$(sed -n '1s/^sanfen (\([^)]*\)).*/\1/p' "$SANFEN_BUILD/debian/changelog")" \
    "$(cat "$SANFEN_BUILD/VERSION")" "debian/changelog is at VERSION"
done_testing
