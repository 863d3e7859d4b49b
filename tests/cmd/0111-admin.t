#!/bin/sh
# sanfen-admin: the settings, units and signing keys changed by a unit
# holding admin, each in one commit with its trailers; every refusal
# leaves the ledger and its history as they were.
. "$(dirname "$0")/lib.sh"

new_ledger led
cd "$T/led"
L=$T/led

# trailers KEY…: the last commit's trailers, one line each
trailers() {
	git log -1 --format=%B | sed -n '/^Sanfen-/p'
}
# refused WHAT CMD…: exit 1, an error on stderr, nothing written
refused() {
	_what=$1
	shift
	snapshot "$L" "$T/before"
	run "$@"
	status 1 "$_what: refused"
	unchanged "$L" "$T/before" "$_what: nothing written"
}

# set: one line changes, its comment and every other byte stay
cp .sanfen/config.yaml "$T/config"
run sanfen-admin --as tf-office set signing.require true
status 0 "set signing.require true"
out_is "set signing.require true" "says what it set"
sed 's/^  require: false$/  require: true/' "$T/config" >"$T/want"
same_file .sanfen/config.yaml "$T/want" "only that line changed"
is "$(git log -1 --format=%s)" "admin: set signing.require true" "subject"
is "$(trailers)" "Sanfen-Action: admin
Sanfen-Admin: set signing.require true
Sanfen-Unit: tf-office" "trailers in order"
is "$(git diff --name-only HEAD~1)" ".sanfen/config.yaml" "one file"
is "$(git status --porcelain)" "" "work tree clean"
run sanfen-check
status 0 "the ledger checks"

cp .sanfen/config.yaml "$T/config"
SANFEN_UNIT=tf-office run sanfen-admin set screening.weights.leader 6
status 0 "set a weight (the acting unit from SANFEN_UNIT)"
sed 's/^    leader: 5  /    leader: 6  /' "$T/config" >"$T/want"
same_file .sanfen/config.yaml "$T/want" "the comment after it stays"
cp .sanfen/config.yaml "$T/config"
run sanfen-admin --as 大办公厅专班 set closure_reasons resolved,national
status 0 "set a list (a unit by its short name)"
sed 's/^closure_reasons: .*/closure_reasons: [resolved, national]/' \
    "$T/config" >"$T/want"
same_file .sanfen/config.yaml "$T/want" "written as a flow list"

refused "a unit without admin" sanfen-admin --as tf-drc set signing.require false
err_is "sanfen-admin: error: unit 'tf-drc' does not hold the admin role (held by: tf-office)" \
    "names the role and who holds it"
refused "no acting unit" sanfen-admin set signing.require false
has "$T/err" "no acting unit" "says so"
refused "an unknown key" sanfen-admin --as tf-office set signing.requires true
err_is "sanfen-admin: error: unknown key 'signing.requires' (see sanfen-config(5))" \
    "names the key"
refused "a bad value" sanfen-admin --as tf-office set signing.require maybe
has "$T/err" "signing.require: must be true or false" "names the key"
refused "a value the parser refuses" \
    sanfen-admin --as tf-office set levels_721.county 71
has "$T/err" "levels_721: the shares add up to 101, not 100" "says why"
refused "a change that changes nothing" \
    sanfen-admin --as tf-office set signing.require true
has "$T/err" "nothing to change: signing.require is true already" "says so"
run sanfen-admin --as tf-office set signing.require
status 2 "a missing value is a usage error"
run sanfen-admin --as tf-office frob
status 2 "an unknown verb is a usage error"
has "$T/err" "sanfen-admin: error: unknown verb 'frob'" "names it"
run sanfen-admin --as tf-office set --date 2024-10-01 signing.require false
status 2 "an option the verb does not take"

# units
cp units.yaml "$T/units"
run sanfen-admin --as tf-office unit add dept-sport --name 浙江省体育局 \
    --short 省体育局 --kind department --role close --role screen \
    --alias 体育局
status 0 "unit add"
out_is "unit add dept-sport" "says what it added"
{ cat "$T/units"; printf '%s\n' "  - id: dept-sport" "    name: 浙江省体育局" \
    "    short: 省体育局" "    kind: department" "    roles: [close, screen]" \
    "    aliases: [体育局]"; } >"$T/want"
same_file units.yaml "$T/want" "appended at the end of the list"
is "$(trailers)" "Sanfen-Action: admin
Sanfen-Admin: unit add dept-sport
Sanfen-Unit: tf-office" "its trailers"
refused "an id in use" sanfen-admin --as tf-office unit add dept-sport \
    --name 某局 --kind department
has "$T/err" "unit 'dept-sport' exists already" "says so"
refused "a name in use" sanfen-admin --as tf-office unit add dept-x \
    --name 浙江省体育局 --kind department
has "$T/err" "'浙江省体育局' is also units[" "names the other unit"
refused "a bad id" sanfen-admin --as tf-office unit add Dept_X \
    --name 某局 --kind department
has "$T/err" "'Dept_X' is not an id" "says why"
refused "an unknown kind" sanfen-admin --as tf-office unit add dept-x \
    --name 某局 --kind bureau
has "$T/err" "units[31].kind: unknown" "names the key"
run sanfen-admin --as tf-office unit add dept-x --kind other
status 2 "unit add without --name"

cp units.yaml "$T/units"
run sanfen-admin --as tf-office unit set 省体育局 --name 浙江省体育总局 --no-roles
status 0 "unit set (the unit by its short name)"
out_is "unit set dept-sport" "by its id"
sed -e 's/^    name: 浙江省体育局$/    name: 浙江省体育总局/' \
    -e '/^    roles: \[close, screen\]$/d' "$T/units" >"$T/want"
same_file units.yaml "$T/want" "the name changed, the roles gone"
refused "an unknown unit" sanfen-admin --as tf-office unit set dept-nobody --name x
err_is "sanfen-admin: error: unknown unit 'dept-nobody'" "names it"
refused "taking admin from its last holder" \
    sanfen-admin --as tf-office unit set tf-office --role screen
has "$T/err" "unit 'tf-office' holds the last admin role" "says so"
refused "retiring the last admin" sanfen-admin --as tf-office unit retire tf-office
has "$T/err" "unit 'tf-office' holds the last admin role" "says so"

cp units.yaml "$T/units"
run sanfen-admin --as tf-office unit retire dept-sport --date 2024-10-01
status 0 "unit retire"
{ cat "$T/units"; echo "    retired: 2024-10-01"; } >"$T/want"
same_file units.yaml "$T/want" "marked retired, not deleted"
is "$(trailers)" "Sanfen-Action: admin
Sanfen-Admin: unit retire dept-sport
Sanfen-Unit: tf-office" "its trailers"
refused "retiring twice" sanfen-admin --as tf-office unit retire dept-sport
has "$T/err" "was retired on 2024-10-01 already" "says when"
refused "a retired unit acting" sanfen-submit --as dept-sport \
    -F "$EX/issues/ningbo-port-sea-use.yaml"
err_is "sanfen-submit: error: unit 'dept-sport' was retired on 2024-10-01" \
    "says when it was retired"
refused "a date after today" sanfen-admin --as tf-office unit retire dept-nr \
    --date 2024-10-09
run sanfen-list --unit 浙江省体育总局
status 0 "a retired unit still resolves"

# a second admin may retire the first
run sanfen-admin --as tf-office unit set tf-drc --role screen --role admin
status 0 "admin given to tf-drc"
run sanfen-admin --as tf-drc unit retire tf-office
status 0 "then tf-office may be retired, by tf-drc"
refused "the retired admin acting" sanfen-admin --as tf-office set storage.fsync false
git reset -q --hard HEAD~2

# signers
if command -v ssh-keygen >/dev/null; then
	ssh-keygen -q -t ed25519 -N '' -f "$T/nb.key" -C nb </dev/null
	ssh-keygen -q -t ed25519 -N '' -f "$T/hz.key" -C hz </dev/null
	fp=$(ssh-keygen -lf "$T/nb.key.pub" | cut -d' ' -f2)
	key=$(cut -d' ' -f1,2 "$T/nb.key.pub")
	run sanfen-admin --as tf-office signer add 宁波 "$T/nb.key.pub"
	status 0 "signer add"
	out_is "signer add ningbo $fp" "says which key, by its fingerprint"
	printf 'ningbo namespaces="git" %s\n' "$key" >"$T/want"
	same_file .sanfen/allowed_signers "$T/want" "the file created, the unit id as principal"
	is "$(git log -1 --format=%s)" "admin: signer add ningbo" "subject"
	is "$(trailers)" "Sanfen-Action: admin
Sanfen-Admin: signer add ningbo $fp
Sanfen-Unit: tf-office" "its trailers"
	run sanfen-admin --as tf-office signer add hangzhou "$T/hz.key.pub"
	status 0 "a second key"
	printf 'hangzhou namespaces="git" %s\n' "$(cut -d' ' -f1,2 "$T/hz.key.pub")" >>"$T/want"
	same_file .sanfen/allowed_signers "$T/want" "appended"
	refused "a key registered already" \
	    sanfen-admin --as tf-office signer add lishui "$T/nb.key.pub"
	has "$T/err" "key $fp is registered already, to 'ningbo'" "says to whom"
	refused "a retired unit" \
	    sanfen-admin --as tf-office signer add dept-sport "$T/nb.key.pub"
	refused "an unknown unit" \
	    sanfen-admin --as tf-office signer add nowhere "$T/nb.key.pub"
	refused "a private key" \
	    sanfen-admin --as tf-office signer add lishui "$T/nb.key"
	has "$T/err" "not an ssh public key" "says so"
	refused "revoking for another unit" \
	    sanfen-admin --as tf-office signer revoke lishui "$T/nb.key.pub"
	has "$T/err" "registered to 'ningbo', not to 'lishui'" "says whose it is"
	run sanfen-admin --as tf-office signer revoke ningbo "$T/nb.key.pub"
	status 0 "signer revoke"
	printf 'hangzhou namespaces="git" %s\n' "$(cut -d' ' -f1,2 "$T/hz.key.pub")" >"$T/want"
	same_file .sanfen/allowed_signers "$T/want" "the line removed"
	is "$(trailers | sed -n 2p)" "Sanfen-Admin: signer revoke ningbo $fp" \
	    "its trailer"
	refused "revoking an absent key" \
	    sanfen-admin --as tf-office signer revoke ningbo "$T/nb.key.pub"
	has "$T/err" "key $fp is not registered for 'ningbo'" "says so"
else
	skip "ssh-keygen is not installed: no signer tests"
fi

# a registry from before the admin role: tf-office holds it
sed -i 's/, admin\]$/]/' units.yaml
git commit -qam "units: no admin role

Sanfen-Action: config"
run sanfen-admin --as tf-office set storage.fsync false
status 0 "tf-office acts as admin where no unit holds the role"
refused "others do not" sanfen-admin --as tf-drc set storage.fsync true
done_testing
