#!/bin/sh
# Shell completion: commands, options, enumeration values, ids.
. "$(dirname "$0")/lib.sh"

command -v bash >/dev/null || { skip "no bash"; done_testing; exit; }
new_ledger led
cd "$T/led"
id=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml")
complete_words() {	# the completions bash offers for a command line
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1));
	    f=$(complete -p "$1" | sed "s/.*-F \([^ ]*\).*/\1/"); $f;
	    printf "%s\n" "${COMPREPLY[@]}"' sh \
	    "$SANFEN_BUILD/completion/sanfen.bash" "$@" | sort | tr '\n' ' '
}
has_word() { case " $1 " in *" $2 "*) ok "$3" ;; *) not_ok "$3"; diag "$1" ;; esac; }

w=$(complete_words sanfen "")
has_word "$w" submit "sanfen <tab> offers submit"
has_word "$w" agenda "and agenda"
w=$(complete_words sanfen-list --ci)
has_word "$w" --city "options from -h"
w=$(complete_words sanfen-list --city "")
has_word "$w" lishui "city values"
w=$(complete_words sanfen-submit --as "")
has_word "$w" tf-drc "units from units.yaml"
w=$(complete_words sanfen-close --reason "")
has_word "$w" infeasible "closure reasons"
w=$(complete_words sanfen-show 2024)
has_word "$w" "$id" "issue ids from the ledger"
git remote add central "$T/central.git"
w=$(complete_words sanfen-sync "")
has_word "$w" central "sanfen-sync offers the clone's remotes"
w=$(complete_words sanfen-sync --no-)
has_word "$w" --no-push "and its options"
w=$(complete_words sanfen "")
has_word "$w" merge-driver "sanfen <tab> offers merge-driver"
w=$(complete_words sanfen-admin "")
has_word "$w" signer "sanfen-admin offers its verbs"
w=$(complete_words sanfen-admin unit retire "")
has_word "$w" dept-nr "… then units"
w=$(complete_words sanfen-admin set sig)
has_word "$w" signing.require "… or the config's keys"
w=$(complete_words sanfen-admin --role "")
has_word "$w" admin "--role: roles"
w=$(complete_words sanfen "")
has_word "$w" admin "sanfen <tab> offers admin"
w=$(complete_words sanfen -C "$T/led" li)
has_word "$w" list "after -C DIR"
done_testing
