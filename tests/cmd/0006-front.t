#!/bin/sh
# sanfen: the front command dispatches like git.
. "$(dirname "$0")/lib.sh"

run sanfen --version
status 0 "sanfen --version"
out_is "sanfen $(cat "$SANFEN_BUILD/VERSION")" "prints the version"
run sanfen --help
status 0 "sanfen --help"
has "$T/out" "usage: sanfen [-C dir] command [argument ...]" "usage first"
for verb in init submit show list check; do
	has "$T/out" "   $verb " "help lists $verb"
done

run sanfen init -q "$T/led"
status 0 "sanfen init runs sanfen-init"
[ -f "$T/led/units.yaml" ] && ok "the ledger exists" || not_ok "the ledger exists"
cd "$T/led"
run sanfen submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml"
status 0 "sanfen submit"
id=$(cat "$T/out")
cd "$T"
run sanfen -C "$T/led" list --format csv
status 0 "sanfen -C DIR list"
has "$T/out" "$id,submitted" "-C reaches the verb"
run sanfen -C "$T/led" show "$id"
status 0 "sanfen -C DIR show"
run sanfen list --bogus
status 2 "the verb's usage errors pass through"
has "$T/err" "sanfen-list: error: unknown option '--bogus'" "the verb speaks"
run sanfen frobnicate
status 2 "an unknown command: exit 2"
has "$T/err" "sanfen: error: 'frobnicate' is not a sanfen command" "says so"
run sanfen ../bin/sanfen-list
status 2 "a path is not a command"
run sanfen
status 2 "no command: exit 2"
run sanfen --bogus
status 2 "an unknown option: exit 2"
done_testing
