#!/bin/sh
# Signed commits: sanfen signs as git does (gpg.format ssh), git verifies
# what it signs, and with signing.require the central repository refuses
# unsigned commits and signatures by keys not allowed.
. "$(dirname "$0")/lib.sh"

if ! command -v ssh-keygen >/dev/null; then
	skip "ssh-keygen is not installed: no signing test"
	done_testing
	exit
fi
ssh-keygen -q -t ed25519 -N '' -f "$T/prov.key" -C prov </dev/null
ssh-keygen -q -t ed25519 -N '' -f "$T/nb.key" -C nb </dev/null
ssh-keygen -q -t ed25519 -N '' -f "$T/stranger.key" -C x </dev/null
sign_with() {	# sign_with KEY: this clone signs its commits with KEY
	git config gpg.format ssh
	git config user.signingKey "$1"
	git config commit.gpgsign true
}

git init -q --bare -b main "$T/central.git"
cp "$EX/server/pre-receive" "$T/central.git/hooks/pre-receive"
new_ledger prov
cd "$T/prov"
git remote add origin "$T/central.git"
sign_with "$T/prov.key"
printf '%s namespaces="git" %s\n' "$GIT_COMMITTER_EMAIL" \
    "$(cut -d' ' -f1,2 "$T/prov.key.pub")" >"$T/allowed"

run sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml"
status 0 "sanfen-submit signs its commit"
id=$(cat "$T/out")
git cat-file -p HEAD | grep -q '^gpgsig -----BEGIN SSH SIGNATURE-----' &&
    ok "the commit carries an ssh signature" ||
    not_ok "the commit carries an ssh signature"
run git -c gpg.ssh.allowedSignersFile="$T/allowed" verify-commit HEAD
status 0 "git verify-commit accepts it"
has "$T/err" "Good \"git\" signature for $GIT_COMMITTER_EMAIL" "a good signature"

# the rule: every commit from here on signed by an allowed signer; a
# key speaks for the unit it is registered to (the principal is the unit
# id, which the central check takes from the commit's Sanfen-Unit)
run sanfen-admin --as tf-office signer add tf-office "$T/prov.key.pub"
status 0 "the province's key registered for tf-office"
run sanfen-admin --as tf-office signer add hangzhou "$T/nb.key.pub"
status 0 "the city clone's key registered for hangzhou"
{
	printf 'tf-office namespaces="git" %s\n' \
	    "$(cut -d' ' -f1,2 "$T/prov.key.pub")"
	printf 'hangzhou namespaces="git" %s\n' \
	    "$(cut -d' ' -f1,2 "$T/nb.key.pub")"
} >"$T/want"
same_file .sanfen/allowed_signers "$T/want" "principals are unit ids"
run sanfen-admin --as tf-office set signing.require true
status 0 "sanfen-admin sets signing.require"
grep -q '^  require: true$' .sanfen/config.yaml ||
    echo "Bail out! the default config has no signing.require"
is "$(trailer . Sanfen-Action)" admin "an admin commit"
git cat-file -p HEAD | grep -q '^gpgsig -----BEGIN SSH SIGNATURE-----' &&
    ok "and a signed one" || not_ok "and a signed one"
run sanfen-check --history
status 0 "the history passes: earlier commits are not judged by the rule"
run sanfen-sync
status 0 "signed commits are accepted by the central repository"

# a city clone that does not sign
git clone -q "$T/central.git" "$T/nb"
cd "$T/nb"
export GIT_COMMITTER_EMAIL=nb@nb.example GIT_AUTHOR_EMAIL=nb@nb.example
sanfen-submit --as hangzhou -F "$EX/issues/hangzhou-datacenter-energy.yaml" >/dev/null
before=$(git -C "$T/central.git" rev-parse main)
run sanfen-sync
status 1 "an unsigned commit is refused"
has "$T/err" "not signed, and signing.require is true" "says why"
is "$(git -C "$T/central.git" rev-parse main)" "$before" "central unchanged"
run sanfen-check --history
status 1 "sanfen-check --history finds it in the clone too"

# signed by a key the allowed signers do not list
git reset -q --hard origin/main
sign_with "$T/stranger.key"
sanfen-submit --as hangzhou -F "$EX/issues/hangzhou-datacenter-energy.yaml" >/dev/null
run sanfen-sync
status 1 "a signature by a stranger's key is refused"
has "$T/err" "is not by a key registered to unit 'hangzhou'" "says why"

# signed by the city's own key
git reset -q --hard origin/main
sign_with "$T/nb.key"
sanfen-submit --as hangzhou -F "$EX/issues/hangzhou-datacenter-energy.yaml" >/dev/null
run sanfen-sync
status 0 "the city's signed commit is accepted"
is "$(git -C "$T/central.git" rev-parse main)" "$(git rev-parse HEAD)" \
    "central has it"

# a merge made by sanfen-sync is signed too
cd "$T/prov"
export GIT_COMMITTER_EMAIL=wangmin@nb.example GIT_AUTHOR_EMAIL=wangmin@nb.example
# the province's key is tf-office's: it submits for the city
sanfen-submit --as tf-office -F "$EX/issues/lishui-pumped-storage.yaml" >/dev/null
run sanfen-sync
status 0 "the province merges and pushes"
is "$(git log -1 --format=%P | wc -w | tr -d ' ')" 2 "with a merge commit"
run git -c gpg.ssh.allowedSignersFile="$T/central.git/../allowed" verify-commit HEAD
status 0 "which is signed"

# signing misconfigured: refused before anything is written
git config gpg.format openpgp
snapshot . "$T/before"
run sanfen-submit --as wenzhou -F "$EX/issues/wenzhou-private-land.yaml"
status 1 "commit.gpgsign without gpg.format ssh is refused"
has "$T/err" "gpg.format is not ssh" "says what to set"
unchanged . "$T/before" "nothing written"

# the config key is validated
git config gpg.format ssh
sed -i 's|^  allowed_signers: .*|  allowed_signers: ../../etc/passwd|' .sanfen/config.yaml
run sanfen-check
status 1 "an allowed signers path outside the ledger is refused"
has "$T/out" "signing.allowed_signers: must be a path inside the ledger" \
    "with its key"
git checkout -q .sanfen/config.yaml

done_testing
