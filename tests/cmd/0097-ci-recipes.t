#!/bin/sh
# examples/ci: the GitHub Actions and GitLab CI recipes parse, call only
# the shared script (or commands there are), and that script, run in a
# sample ledger, leaves the check, the agenda and the minutes.
. "$(dirname "$0")/lib.sh"

CI=$EX/ci
for y in github-actions.yml gitlab-ci.yml; do
	run yamllint -s -d '{extends: default, rules: {line-length: {max: 80}}}' \
	    "$CI/$y"
	status 0 "yamllint accepts $y"
done

# Every shell line of every run: / before_script: / script: step, split
# at && ; | into simple commands: each is `sh ci/month.sh …` or starts
# with a command found on PATH.
$PY - "$CI/github-actions.yml" "$CI/gitlab-ci.yml" >"$T/steps" 2>"$T/py" <<'PY'
import re, sys, yaml
gh = yaml.safe_load(open(sys.argv[1]))
gl = yaml.safe_load(open(sys.argv[2]))
assert set(gh[True if True in gh else "on"]) >= {"push", "schedule"}, gh
lines = []
uploads = 0
for job in gh["jobs"].values():
    for s in job["steps"]:
        if "run" in s:
            lines += s["run"].splitlines()
        elif s["uses"].startswith("actions/upload-artifact"):
            uploads += 1
            assert s["with"]["path"].rstrip("/") == "artifacts", s
assert uploads == 1, "github: no upload-artifact step"
jobs = [j for k, j in gl.items() if isinstance(j, dict) and "script" in j]
assert jobs, "gitlab: no job"
for j in jobs:
    assert j["artifacts"]["paths"] == ["artifacts/"], j
    assert any(r["if"].endswith('"schedule"') for r in j["rules"]), j
    lines += j.get("before_script", []) + j["script"]
for l in ";".join(lines).replace("&&", ";").replace("|", ";").split(";"):
    w = l.split()
    while w and re.match(r"^[A-Z_]+=", w[0]):
        w.pop(0)
    if w:
        print(" ".join(w[:2]))
PY
if [ -s "$T/steps" ]; then
	ok "both recipes read as YAML, with their triggers and artifacts"
else
	not_ok "both recipes read as YAML"
	diag "$(cat "$T/py")"
fi
n=0
bad=
while read -r c a; do
	case "$c $a" in
	"sh ci/month.sh") n=$((n + 1)) ;;
	*) command -v "$c" >/dev/null 2>&1 || bad="$bad $c" ;;
	esac
done <"$T/steps"
is "$n" 4 "each recipe calls ci/month.sh twice (install, then the month)"
is "$bad" "" "every other step is a command there is"

# the script itself, in the sample ledger, with the built commands
sh "$EX/sample-ledger.sh" "$T/led" >"$T/build" 2>&1 ||
    { echo "Bail out! sample-ledger.sh failed"; cat "$T/build"; exit 1; }
cd "$T/led"
tip=$(git rev-parse HEAD)
# install, with apt-get and sudo stand-ins that only note what they were
# asked: the test installs nothing, whatever is installed here
mkdir -p "$T/stub"
printf '#!/bin/sh\necho "apt-get $*" >>"%s/apt.log"\n' "$T" >"$T/stub/apt-get"
printf '#!/bin/sh\nexec "$@"\n' >"$T/stub/sudo"
chmod +x "$T/stub/apt-get" "$T/stub/sudo"
run env PATH="$T/stub:$PATH" sh "$CI/month.sh" install
status 0 "month.sh install: sanfen on PATH is not built again"
has "$T/err" "sanfen $(cat "$SANFEN_BUILD/VERSION") is installed" "says so"
if lo_has sw; then
	is "$(cat "$T/apt.log" 2>/dev/null)" "" \
	    "LibreOffice Writer is installed: nothing asked of apt-get"
else
	has "$T/apt.log" "apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui fonts-noto-cjk" \
	    "no LibreOffice Writer: apt-get asked for it, for the pdf"
fi
rm -f "$T/apt.log"
run env PATH="$T/stub:$PATH" PDF=no sh "$CI/month.sh" install
is "$rc:$(cat "$T/apt.log" 2>/dev/null)" "0:" "PDF=no: nothing to install"
run sh "$CI/month.sh" nonsense
status 2 "an unknown argument is a usage error"
today 2025-01-06
run env SANFEN_SINCE=0000000000000000000000000000000000000000 \
    sh "$CI/month.sh"
status 0 "month.sh runs in the sample ledger"
A=$T/led/artifacts
has "$A/check.txt" "sanfen-check: 28 commits: no findings" \
    "forty zeros: the whole history checked"
has "$T/err" "drafted 2025-01-15-monthly" "the coming meeting drafted"
is "$(git log -1 --format=%s)" "agenda 2025-01-15-monthly: new, 4 issues" \
    "one commit for the draft"
has "$A/agenda-2025-01-15-monthly.md" "2025年1月15日月度协调例会议题清单" \
    "the agenda in md"
M=$A/minutes-2024-10-15-monthly
for f in md html docx; do
	[ -s "$M.$f" ] && ok "minutes of the issued meeting in $f" ||
	    not_ok "minutes of the issued meeting in $f"
done
for h in '# 全省“三分”机制例会纪要' '**〔2024〕10号**' '会议议定事项如下：' \
    '### 一、关于' '### 四、通报以往例会协调问题销号和事项落实情况' \
    '附件：事项落实责任清单' '## 事项落实责任清单'; do
	has "$M.md" "$h" "the md minutes have '$h'"
done
has "$M.html" "<html" "html"
is "$(head -c 2 "$M.docx")" PK "docx is a zip"
if lo_has sw; then
	is "$(head -c 5 "$M.pdf" 2>/dev/null)" "%PDF-" "libreoffice made the pdf"
	hasnt "$T/err" "no pdf" "month.sh made it without a word"
else
	skip "libreoffice writer is not installed: no pdf"
	has "$T/err" "libreoffice writer is not installed: no pdf" \
	    "month.sh says so"
fi

# again, for the commits since the first run: the draft exists
rm -rf "$A"
run env SANFEN_SINCE="$tip" PDF=no sh "$CI/month.sh"
status 0 "month.sh again"
has "$A/check.txt" "sanfen-check: 1 commits: no findings" \
    "SANFEN_SINCE: only the new commits"
has "$T/err" "meeting 2025-01-15-monthly exists" "the draft is not made twice"
is "$(git log -1 --format=%s)" "agenda 2025-01-15-monthly: new, 4 issues" \
    "nothing committed"
[ ! -e "$M.pdf" ] && ok "PDF=no: no pdf" || not_ok "PDF=no: no pdf"
has "$T/err" "PDF=no: no pdf" "month.sh says why"

# a finding fails the job
sed -i 's/^status: closed/status: coordinated/' issues/2024/10/*.yaml
git commit -qam "hand edit"
run env SANFEN_SINCE="$tip" sh "$CI/month.sh"
status 1 "a commit without trailers fails the job"
has "$T/err" "changed ledger files without Sanfen trailers" \
    "and the finding is shown"
has "$A/check.txt" "only a closed issue has a closure" \
    "both checks ran and are kept"
done_testing
