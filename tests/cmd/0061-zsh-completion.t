#!/bin/sh
# zsh completion (completion/_sanfen): an interactive zsh on a
# pseudo-terminal completes command lines; the matches it is offered are
# checked, as the user would see them after a tab.
. "$(dirname "$0")/lib.sh"

command -v zsh >/dev/null || { skip "zsh is missing"; done_testing; exit; }
zsh -fc 'zmodload zsh/zpty' 2>/dev/null ||
    { skip "zsh has no zsh/zpty"; done_testing; exit; }
new_ledger led
cd "$T/led"
id=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml")
m=$(sanfen-agenda --as tf-drc new --kind monthly --date 2024-10-15 2>/dev/null)
mkdir "$T/elsewhere"
cd "$T/elsewhere"

# complete LINE…: the matches for each line, in $T/z
complete() {
	timeout 120 zsh -f "$SANFEN_BUILD/tests/cmd/zcomplete.zsh" \
	    "$SANFEN_BUILD/completion" "$T/z" "$@" 2>"$T/zerr"
	zrc=$?
	[ "$zrc" -eq 0 ] || diag "zsh driver exit $zrc" "$(cat "$T/zerr")"
}
# words LINE: the matches for LINE, on one line
words() {
	awk -v l="== $1" '$0 == l { on = 1; next } /^== / { on = 0 } on' \
	    "$T/z" | tr '\n' ' '
}
# offers LINE WORD WHAT / offers_not LINE WORD WHAT
offers() {
	case " $(words "$1") " in
	*" $2 "*) ok "$3" ;;
	*) not_ok "$3"; diag "'$1<tab>' offers: $(words "$1")" ;;
	esac
}
offers_not() {
	case " $(words "$1") " in
	*" $2 "*) not_ok "$3"; diag "'$1<tab>' offers: $(words "$1")" ;;
	*) ok "$3" ;;
	esac
}

L=$T/led
git -C "$L" remote add central "$T/central.git"
complete 'sanfen-sync -C '"$L"' ' 'sanfen-sync --no' 'sanfen ' 'sanfen -C '"$L"' li' 'sanfen help ' \
    'sanfen-list --ci' 'sanfen-list --city ' 'sanfen-list --status=sub' \
    'sanfen-list --city=ningbo,h' 'sanfen-show -' 'sanfen-init -' \
    'sanfen-submit -C '"$L"' --as ' 'sanfen-close --reason ' \
    'sanfen-screen --exclude ' 'sanfen-escalate --to ' \
    'sanfen-agenda --kind ' 'sanfen-list --color=' \
    'sanfen-show -C '"$L"' ' 'sanfen -C '"$L"' close ' \
    'sanfen-agenda -C '"$L"' ' 'sanfen-agenda -C '"$L"' add ' \
    'sanfen-agenda -C '"$L"' add '"$m"' ' \
    'sanfen-minutes -C '"$L"' render ' 'sanfen-list -C '"$L"' --meeting ' \
    'sanfen-show ' 'sanfen-list --format ' 'sanfen-newverb --v' \
    'sanfen-admin -C '"$L"' ' 'sanfen-admin -C '"$L"' signer add ' \
    'sanfen-admin -C '"$L"' set sig' 'sanfen-admin --ro'
is "$zrc" 0 "zsh completes every line"
offers "sanfen-sync -C $L " central "sanfen-sync <tab>: the clone's remotes"
offers 'sanfen-sync --no' --no-push "sanfen-sync: its options"
offers 'sanfen ' merge-driver "sanfen <tab>: merge-driver too"
offers 'sanfen ' submit "sanfen <tab>: commands"
offers 'sanfen ' ledger "… every one"
offers_not 'sanfen ' --help "… not options where a command goes"
offers "sanfen -C $L li" list "after -C DIR"
offers 'sanfen help ' minutes "sanfen help <tab>: commands"
offers 'sanfen-list --ci' --city "sanfen-list: its options"
offers 'sanfen-list --city ' lishui "city values"
offers_not 'sanfen-list --city ' soe "… and only those"
offers 'sanfen-list --status=sub' submitted "--status=: status values"
offers 'sanfen-list --city=ningbo,h' hangzhou "a comma-separated list"
offers_not 'sanfen-list --city=ningbo,h' ningbo "… after the comma"
offers 'sanfen-show -' --format "sanfen-show: --format"
offers 'sanfen-show -' --no-pager "sanfen-show: --no-pager"
offers_not 'sanfen-init -' -C "sanfen-init takes no -C"
offers 'sanfen-init -' --quiet "sanfen-init: --quiet"
offers "sanfen-submit -C $L --as " tf-drc "units from units.yaml"
offers 'sanfen-close --reason ' infeasible "closure reasons"
offers 'sanfen-screen --exclude ' not-721 "screening findings"
offers 'sanfen-escalate --to ' special-meeting "escalation targets"
offers 'sanfen-agenda --kind ' semiannual "meeting kinds"
offers 'sanfen-list --color=' never "--color values"
offers 'sanfen-list --format ' csv "sanfen-list formats"
offers_not 'sanfen-list --format ' xlsx "… its own"
offers "sanfen-show -C $L " "$id" "issue ids of the ledger of -C"
offers "sanfen -C $L close " "$id" "issue ids after sanfen -C DIR verb"
offers "sanfen-agenda -C $L " quota "sanfen-agenda: its actions"
offers "sanfen-agenda -C $L add " "$m" "agenda add: the meeting first"
offers "sanfen-agenda -C $L add $m " "$id" "… then issues"
offers "sanfen-minutes -C $L render " "$m" "meeting ids"
offers "sanfen-list -C $L --meeting " "$m" "--meeting: meeting ids"
offers_not 'sanfen-show ' "$id" "no ledger in reach: no ids"
offers "sanfen-admin -C $L " signer "sanfen-admin: its verbs"
offers "sanfen-admin -C $L signer add " dept-nr "… then units"
offers "sanfen-admin -C $L set sig" signing.require "… or config keys"
offers 'sanfen-admin --ro' --role "… and its options"
offers 'sanfen ' admin "sanfen <tab>: admin"
offers 'sanfen-newverb --v' --version "a sanfen-* newer than _sanfen: -h, -C…"

# $SANFEN_DIR, and the ledger around the current directory
SANFEN_DIR=$L complete 'sanfen-show ' 'sanfen-list --unit '
offers 'sanfen-show ' "$id" "issue ids of \$SANFEN_DIR"
offers 'sanfen-list --unit ' dept-nr "units of \$SANFEN_DIR"
mkdir -p "$L/sub"
cd "$L/sub"
complete 'sanfen-close ' 'sanfen-minutes approve '
offers 'sanfen-close ' "$id" "issue ids of the ledger above"
offers 'sanfen-minutes approve ' "$m" "meeting ids of the ledger above"
done_testing
