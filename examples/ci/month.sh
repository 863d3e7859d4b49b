#!/bin/sh
# The month's CI job for a sanfen ledger repository: the steps that
# examples/ci/github-actions.yml and examples/ci/gitlab-ci.yml run, kept
# here so that a clerk can run exactly the same on a laptop (and `make
# check` does, in tests/cmd/0097-ci-recipes.t). Copy it to ci/month.sh in
# the ledger repository, beside the CI file.
#
# usage: sh ci/month.sh install    put sanfen (and libreoffice) in place
#        sh ci/month.sh            check, prepare the agenda, print minutes
#
# Run in the ledger's work tree. The documents go to $OUT (artifacts/):
#   check.txt                       sanfen check and check --history
#   agenda-<meeting>.md             议题清单 of the coming monthly meeting
#   minutes-<meeting>.md .html .docx .pdf   纪要 of the latest issued meeting
#
# Environment:
#   SANFEN_SINCE   check only the commits after this revision (a push's old
#                  tip); empty or forty zeros: the whole history
#   MEETING_DATE   YYYY-MM-DD of the monthly meeting to prepare; default the
#                  15th of this month, or of the next once the 15th is past
#   SANFEN_AS      the organiser that drafts the agenda (default tf-drc);
#                  the draft is a commit in the job's clone, not pushed
#   OUT            where the documents go (default artifacts)
#   PDF            auto (default: when LibreOffice Writer is installed), yes,
#                  no
#   SANFEN_TODAY   "today", as for every sanfen command
# For install: when sanfen is already on PATH nothing is built; else
#   SANFEN_DEB     a .deb to install (from make deb), or else
#   SANFEN_GIT     the sanfen source repository to build from, SANFEN_REF
#                  its branch or tag, PREFIX where to install (/usr/local)

set -eu
OUT=${OUT:-artifacts}
PDF=${PDF:-auto}
SANFEN_AS=${SANFEN_AS:-tf-drc}
has() { command -v "$1" >/dev/null 2>&1; }
# LibreOffice with its Writer (libswlo.so beside soffice): Calc alone is
# libreoffice on PATH too, but cannot open a .docx
writer() {
	lo=$(command -v libreoffice 2>/dev/null) &&
	    [ -e "$(dirname "$(readlink -f "$lo")")/libswlo.so" ]
}
say() { printf 'month.sh: %s\n' "$*" >&2; }

if [ "${1:-}" = install ]; then
	sudo=
	[ "$(id -u)" = 0 ] || sudo=sudo
	if has sanfen; then
		say "$(sanfen --version) is installed"
	elif [ -n "${SANFEN_DEB:-}" ]; then
		$sudo apt-get update -qq
		$sudo apt-get install -y -qq "$SANFEN_DEB"
	else
		src=${SANFEN_SRC:-${TMPDIR:-/tmp}/sanfen-src}
		git clone -q --depth 1 ${SANFEN_REF:+--branch "$SANFEN_REF"} \
		    "${SANFEN_GIT:?set SANFEN_GIT to the sanfen source repository}" \
		    "$src"
		$sudo make -C "$src" deps
		make -C "$src" all
		$sudo make -C "$src" install PREFIX="${PREFIX:-/usr/local}"
	fi
	if [ "$PDF" != no ] && ! writer; then
		$sudo apt-get update -qq
		$sudo apt-get install -y -qq --no-install-recommends \
		    libreoffice-writer-nogui fonts-noto-cjk
	fi
	exit 0
elif [ $# -gt 0 ]; then
	echo "usage: sh $0 [install]" >&2
	exit 2
fi

mkdir -p "$OUT"

# 1. the ledger and its history (what the central hook would refuse)
case ${SANFEN_SINCE:-} in
''|0000000000000000000000000000000000000000) since= ;;
*) since="--since $SANFEN_SINCE" ;;
esac
rc=0
sanfen check >"$OUT/check.txt" 2>&1 || rc=1
# shellcheck disable=SC2086
sanfen check --history $since >>"$OUT/check.txt" 2>&1 || rc=1
cat "$OUT/check.txt" >&2
[ "$rc" -eq 0 ] || exit 1

# 2. the coming monthly meeting's agenda, drafted unless it exists
if [ -z "${MEETING_DATE:-}" ]; then
	today=${SANFEN_TODAY:-$(date +%Y-%m-%d)}
	y=${today%%-*}
	m=${today#*-}
	d=${m#*-}
	m=${m%%-*}
	m=${m#0}
	if [ "${d#0}" -gt 15 ]; then
		m=$((m + 1))
		[ "$m" -le 12 ] || { m=1; y=$((y + 1)); }
	fi
	MEETING_DATE=$(printf '%s-%02d-15' "$y" "$m")
fi
agenda=$MEETING_DATE-monthly
if [ -f "meetings/${MEETING_DATE%%-*}/$agenda.yaml" ]; then
	say "meeting $agenda exists"
else
	agenda=$(sanfen agenda --as "$SANFEN_AS" new --kind monthly \
	    --date "$MEETING_DATE")
	say "drafted $agenda"
fi
sanfen agenda show "$agenda" --format md >"$OUT/agenda-$agenda.md"

# 3. the minutes of the latest issued meeting (ids begin with the date)
issued=$(grep -l '^status: issued' meetings/*/*.yaml 2>/dev/null |
    sed 's|.*/||; s|\.yaml$||' | sort | tail -n 1)
if [ -z "$issued" ]; then
	say "no issued meeting yet: no minutes"
	exit 0
fi
for f in md html docx; do
	sanfen minutes render "$issued" --format "$f" \
	    -o "$OUT/minutes-$issued.$f"
done
if [ "$PDF" = no ]; then
	say "PDF=no: no pdf"
	exit 0
elif [ "$PDF" = auto ] && ! writer; then
	say "libreoffice writer is not installed: no pdf"
	exit 0
fi
# a profile of its own, so that parallel jobs do not share one; bounded,
# as a LibreOffice stuck on its profile or a dialog would hold the job
lo=$(mktemp -d "${TMPDIR:-/tmp}/month-lo.XXXXXX")
timeout -k 10 300 libreoffice -env:UserInstallation="file://$lo" \
    --headless --convert-to pdf --outdir "$OUT" \
    "$OUT/minutes-$issued.docx" >&2 || say "libreoffice failed"
rm -rf "$lo"
[ -s "$OUT/minutes-$issued.pdf" ] || { say "no pdf made"; exit 1; }
ls -l "$OUT" >&2
