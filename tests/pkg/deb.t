#!/bin/sh
# The Debian package: what `make deb` built (SANFEN_DEB=path), or, without
# it, one built here from a clone's tarball with DEB_BUILD_OPTIONS=nocheck.
# Not part of make check (a package build takes a while): make deb runs it.
. "$(dirname "$0")/../cmd/lib.sh"

if ! command -v dpkg-buildpackage >/dev/null 2>&1 ||
    ! command -v dh >/dev/null 2>&1; then
	echo "1..0 # skip no dpkg-buildpackage or dh (apt-get install dpkg-dev debhelper)"
	exit 0
fi
v=$(cat "$SANFEN_BUILD/VERSION")
deb=${SANFEN_DEB:-}
if [ -z "$deb" ]; then
	git clone -q "$SANFEN_BUILD" "$T/clone" 2>/dev/null
	make -s -C "$T/clone" dist >/dev/null 2>&1
	tar -xzf "$T/clone/sanfen-$v.tar.gz" -C "$T"
	start=$(date +%s)
	(cd "$T/sanfen-$v" && DEB_BUILD_OPTIONS=nocheck \
	    dpkg-buildpackage -us -uc -b) >"$T/build.log" 2>&1
	is "$?" 0 "dpkg-buildpackage -us -uc -b ($(($(date +%s) - start)) s)"
	deb=$(ls "$T"/sanfen_"$v"_*.deb 2>/dev/null)
fi
if [ ! -f "$deb" ]; then
	not_ok "a .deb was made"
	diag "$(tail -20 "$T/build.log" 2>/dev/null)"
	done_testing
	exit 1
fi
is "$(dpkg-deb -f "$deb" Package Version | tr '\n' ' ')" \
    "Package: sanfen Version: $v " "package sanfen at VERSION"
dpkg-deb -f "$deb" Depends >"$T/depends"
has "$T/depends" "libgit2" "depends on libgit2 (from shlibs)"
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./||' >"$T/files"
for c in "$SANFEN_BUILD"/cmd/sanfen*.c; do
	c=$(basename "$c" .c)
	has "$T/files" "usr/bin/$c" "ships usr/bin/$c"
	has "$T/files" "usr/share/man/man1/$c.1.gz" "and its man page"
done
for f in usr/share/man/man7/sanfen.7.gz usr/share/man/man5/sanfen-issue.5.gz \
    usr/share/sanfen/schema/issue.schema.json \
    usr/share/sanfen/schema/config.schema.json \
    usr/share/sanfen/examples/server/pre-receive \
    usr/share/sanfen/examples/ci/month.sh \
    usr/share/sanfen/examples/sample-ledger.sh \
    usr/share/bash-completion/completions/sanfen \
    usr/share/zsh/vendor-completions/_sanfen \
    usr/share/doc/sanfen/copyright; do
	has "$T/files" "$f" "ships $f"
done
hasnt "$T/files" "usr/local" "nothing under /usr/local"

# unpacked (not installed): the commands run and find their data where
# the package puts it
dpkg-deb -x "$deb" "$T/root"
PATH=$T/root/usr/bin:$PATH
is "$(sanfen --version)" "sanfen $v" "the packaged sanfen runs"
grep -q /usr/share/sanfen "$T/root/usr/bin/sanfen-init" &&
    ok "sanfen-init looks in /usr/share/sanfen" ||
    not_ok "sanfen-init looks in /usr/share/sanfen"
SANFEN_DATADIR=$T/root/usr/share/sanfen sanfen init -q "$T/led"
same_file "$T/led/.sanfen/schema/issue.schema.json" \
    "$T/root/usr/share/sanfen/schema/issue.schema.json" \
    "sanfen init keeps the packaged schemas"
sh "$T/root/usr/share/sanfen/examples/sample-ledger.sh" "$T/sample" \
    >"$T/out" 2>&1
is "$?" 0 "the packaged sample-ledger.sh builds a ledger"
done_testing
