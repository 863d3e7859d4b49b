#!/bin/sh
# Look at an HTML page sanfen wrote (a report, the minutes, 督办 notices) as
# a browser shows and prints it: headless Chromium takes a screenshot and,
# with -p, prints it to PDF on A4. Nothing is fetched from the network.
#
# usage: sh examples/screenshot.sh [-p] PAGE.html OUT.png|OUT.pdf

set -eu
pdf=0
[ "${1:-}" = "-p" ] && { pdf=1; shift; }
[ $# -eq 2 ] || { echo "usage: $0 [-p] PAGE.html OUT" >&2; exit 2; }
page=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
browser=$(command -v chromium || command -v chromium-browser ||
    command -v google-chrome || true)
[ -n "$browser" ] || { echo "$0: no chromium installed" >&2; exit 1; }
profile=$(mktemp -d "${TMPDIR:-/tmp}/sanfen-chromium.XXXXXX")
trap 'rm -rf "$profile"' EXIT
set -- --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$profile" --hide-scrollbars
if [ "$pdf" -eq 1 ]; then
	timeout 120 "$browser" "$@" --no-pdf-header-footer \
	    --print-to-pdf="$out" "file://$page" >/dev/null 2>&1
else
	timeout 120 "$browser" "$@" --window-size=900,1400 \
	    --screenshot="$out" "file://$page" >/dev/null 2>&1
fi
[ -s "$out" ]
