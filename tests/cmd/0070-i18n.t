#!/bin/sh
# Translations: every message of the sources has a Chinese translation;
# the catalog is valid; commands speak Chinese under LANGUAGE=zh_CN or a
# zh_CN locale (installed or not), keep the "name: error:" prefix, the
# exit status and stdout byte for byte, and speak English otherwise.
. "$(dirname "$0")/lib.sh"

PO=$SANFEN_BUILD/po/zh_CN.po
if ! command -v xgettext >/dev/null 2>&1; then
	echo "Bail out! gettext is not installed (make deps)"
	exit 1
fi

# (a) the messages of the current sources, extracted as make pot does
make -s -C "$SANFEN_BUILD" pot POT="$T/fresh.pot" >"$T/out" 2>&1
is "$?" 0 "make pot extracts the messages"
n=$(grep -c '^msgid ' "$T/fresh.pot")
[ "$n" -gt 300 ] && ok "$((n - 1)) messages in the sources" ||
    not_ok "only $n msgids extracted"
msgmerge -q --no-fuzzy-matching --no-wrap "$PO" "$T/fresh.pot" \
    -o "$T/merged.po" 2>"$T/err"
is "$?" 0 "po/zh_CN.po merges with the sources' messages"
# msgids without a translation, or whose translation is fuzzy
{ msgattrib --untranslated --no-obsolete --no-wrap "$T/merged.po"
  msgattrib --only-fuzzy --no-obsolete --no-wrap "$T/merged.po"; } |
    sed -n 's/^msgid "\(..*\)"$/\1/p' | sort -u >"$T/lacking"
if [ -s "$T/lacking" ]; then
	while IFS= read -r m; do
		not_ok "no translation in po/zh_CN.po for \"$m\""
	done <"$T/lacking"
	diag "add them: make pot && msgmerge -U --no-wrap po/zh_CN.po" \
	    "po/sanfen.pot, then translate each (see HACKING.md)"
else
	ok "every message of the sources is translated in po/zh_CN.po"
fi
stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$T/merged.po" 2>&1)
is "$stats" "$((n - 1)) translated messages." "msgfmt --statistics: $stats"

# (b) the catalog as msgfmt checks it, placeholders included
if msgfmt --check -c -o "$T/zh_CN.mo" "$PO" 2>"$T/err"; then
	ok "msgfmt --check -c po/zh_CN.po"
else
	not_ok "msgfmt --check -c po/zh_CN.po"
	diag "$(cat "$T/err")"
fi
[ -f "$SANFEN_BUILD/locale/zh_CN/LC_MESSAGES/sanfen.mo" ] &&
    ok "make builds locale/zh_CN/LC_MESSAGES/sanfen.mo" ||
    not_ok "make builds locale/zh_CN/LC_MESSAGES/sanfen.mo"

# (c) real commands. The test pins no system locale: zh_CN.UTF-8 need not
# be generated (sanfen falls back to C.UTF-8 for the messages).
new_ledger led
cd "$T/led"
id=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml")

# zh CMD…: run CMD in the environment $zh_env names
zh() {
	env -u LC_ALL $zh_env "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

for zh_env in "LANGUAGE=zh_CN" "LANGUAGE=zh_CN LC_ALL=C" \
    "LANGUAGE=zh_CN:en LANG=C.UTF-8" "LANG=zh_CN.UTF-8" \
    "LC_MESSAGES=zh_CN.UTF-8"; do
	snapshot . "$T/before"
	zh sanfen-show 20240101-zzzz
	status 1 "$zh_env: unknown issue id exits 1"
	err_is "sanfen-show: error: 问题事项编号“20240101-zzzz”无相符项" \
	    "$zh_env: unknown issue id, in Chinese"
	zh sanfen-close --as tf-drc --reason resolved "$id"
	status 1 "$zh_env: illegal transition exits 1"
	err_is "sanfen-close: error: 问题事项 $id 的状态为 submitted：只有已协调或已提请省领导协调的问题事项方可销号（未经协调的问题事项请用 --withdraw 撤回）" \
	    "$zh_env: illegal transition, in Chinese, status token kept"
	zh sanfen-close --as ningbo --reason resolved "$id"
	status 1 "$zh_env: missing role exits 1"
	err_is "sanfen-close: error: 单位“ningbo”不具备 close 职责（具备该职责的单位：tf-office, tf-drc）" \
	    "$zh_env: missing role, in Chinese"
	zh sanfen-list --bogus
	status 2 "$zh_env: usage error exits 2"
	is "$(sed -n 1p "$T/err")" "sanfen-list: error: 未知选项“--bogus”" \
	    "$zh_env: usage error, in Chinese"
	sanfen-list -h >"$T/usage"
	sed 1d "$T/err" >"$T/err-usage"
	same_file "$T/err-usage" "$T/usage" \
	    "$zh_env: the usage after it stays English, as -h prints it"
	unchanged . "$T/before" "$zh_env: refusals leave the ledger as it was"
done

# English without LANGUAGE, LANG or LC_*, and under LC_ALL=C.UTF-8
for en_env in "" "LC_ALL=C.UTF-8" "LANG=C" "LANGUAGE=en LANG=zh_CN.UTF-8"; do
	env -u LC_ALL -u LANG -u LANGUAGE $en_env sanfen-show 20240101-zzzz \
	    >"$T/out" 2>"$T/err"
	rc=$?
	status 1 "${en_env:-no locale}: exits 1"
	err_is "sanfen-show: error: no issue matches '20240101-zzzz'" \
	    "${en_env:-no locale}: the message is English"
done

# stdout is data: the same bytes in either language
same_out() {		# same_out WHAT CMD…
	_what=$1
	shift
	env -u LC_ALL -u LANG -u LANGUAGE "$@" >"$T/en.out" 2>/dev/null
	env -u LC_ALL LANGUAGE=zh_CN "$@" >"$T/zh.out" 2>/dev/null
	[ -s "$T/en.out" ] || not_ok "$_what: no output"
	same_file "$T/en.out" "$T/zh.out" "$_what: stdout byte-identical"
	env -u LC_ALL LANG=zh_CN.UTF-8 "$@" >"$T/zh.out" 2>/dev/null
	same_file "$T/en.out" "$T/zh.out" "$_what: the same under LANG=zh_CN.UTF-8"
}
same_out "list --format json" sanfen-list --format json
same_out "show --format json" sanfen-show --format json "$id"
same_out "report --format json" sanfen-report --period 2024 --format json
same_out "show (text)" sanfen-show "$id"
same_out "-h" sanfen-close -h
same_out "--version" sanfen-list --version

# the catalog is found without SANFEN_LOCALEDIR when none is installed
env -u LC_ALL -u SANFEN_LOCALEDIR LANGUAGE=zh_CN sanfen-show 20240101-zzzz \
    >"$T/out" 2>"$T/err"
case $(cat "$T/err") in
"sanfen-show: error: "*) ok "without SANFEN_LOCALEDIR the prefix stays" ;;
*)	not_ok "without SANFEN_LOCALEDIR the prefix stays"
	diag "$(cat "$T/err")" ;;
esac
done_testing
