#!/bin/sh
# sanfen-sync over ssh against a private sshd on loopback: keys, known
# hosts (plain and hashed), an unknown host refused, and the central
# repository's pre-receive hook run by git-receive-pack.
. "$(dirname "$0")/lib.sh"

SSHD=/usr/sbin/sshd
if [ ! -x "$SSHD" ] || ! command -v ssh-keygen >/dev/null ||
    ! command -v git-receive-pack >/dev/null; then
	skip "sshd is not installed (apt-get install openssh-server): no ssh test"
	done_testing
	exit
fi

# a free port on loopback
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ssh-keygen -q -t ed25519 -N '' -f "$T/host_key" </dev/null
ssh-keygen -q -t ed25519 -N '' -f "$T/id_ed25519" -C sanfen-test </dev/null
cp "$T/id_ed25519.pub" "$T/authorized_keys"
chmod 600 "$T/authorized_keys"
user=$(id -un)
cat >"$T/sshd_config" <<EOF
Port $PORT
ListenAddress 127.0.0.1
HostKey $T/host_key
PidFile $T/sshd.pid
AuthorizedKeysFile $T/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
SetEnv PATH=$PATH
EOF
mkdir -p /run/sshd 2>/dev/null
"$SSHD" -f "$T/sshd_config" -D -e 2>"$T/sshd.log" &
sshd_pid=$!
trap 'kill $sshd_pid 2>/dev/null; rm -rf "$T"' EXIT
i=0
while ! $PY -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 1)" 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 50 ] || ! kill -0 $sshd_pid 2>/dev/null; then
		skip "sshd did not start here: $(tail -1 "$T/sshd.log")"
		done_testing
		exit
	fi
	sleep 0.1
done
ok "a private sshd listens on 127.0.0.1:$PORT"

git init -q --bare -b main "$T/central.git"
cp "$EX/server/pre-receive" "$T/central.git/hooks/pre-receive"
URL="ssh://$user@127.0.0.1:$PORT$T/central.git"
export SANFEN_SSH_KEY=$T/id_ed25519
export SANFEN_KNOWN_HOSTS=$T/known_hosts
: >"$T/known_hosts"

new_ledger prov
cd "$T/prov"
git remote add origin "$URL"
snapshot . "$T/before"
run sanfen-sync
status 1 "an unknown host key stops the sync"
has "$T/err" "the host key of 127.0.0.1 is not in known_hosts" "says so"
has "$T/err" "ssh-keyscan -p $PORT 127.0.0.1" "and how to add it"
unchanged . "$T/before" "nothing changed"

# the real key, hashed as Debian's ssh writes it
printf '[127.0.0.1]:%s %s\n' "$PORT" "$(cut -d' ' -f1,2 "$T/host_key.pub")" \
    >"$T/known_hosts"
ssh-keygen -q -H -f "$T/known_hosts" >/dev/null 2>&1
rm -f "$T/known_hosts.old"
grep -q '^|1|' "$T/known_hosts" && ok "known_hosts is hashed" ||
    not_ok "known_hosts is hashed"
run sanfen-sync
status 0 "the first sync over ssh pushes"
out_is "pushed 1 commit(s) to origin/main" "says so"
is "$(git -C "$T/central.git" rev-parse main)" "$(git rev-parse HEAD)" \
    "central has the commit"

# another key in known_hosts for this host: a changed key
ssh-keygen -q -t ed25519 -N '' -f "$T/other" </dev/null
printf '[127.0.0.1]:%s %s\n' "$PORT" "$(cut -d' ' -f1,2 "$T/other.pub")" \
    >"$T/known_hosts.changed"
SANFEN_KNOWN_HOSTS=$T/known_hosts.changed run sanfen-sync
status 1 "a changed host key stops the sync"
has "$T/err" "differs from the one in known_hosts" "says so"

# a key the server does not know
SANFEN_SSH_KEY=$T/other run sanfen-sync
status 1 "a key the server refuses"
has "$T/err" "accepted none of the keys" "says so"

# a second clone through ssh: submit, sync; the hook refuses a bad push
git clone -q "$T/central.git" "$T/nb"
cd "$T/nb"
git remote set-url origin "$URL"
id=$(sanfen-submit --as ningbo -F "$EX/issues/ningbo-port-sea-use.yaml")
run sanfen-sync
status 0 "ningbo pushes over ssh"
cd "$T/prov"
sanfen-submit --as hangzhou -F "$EX/issues/hangzhou-datacenter-energy.yaml" >/dev/null
run sanfen-sync
status 0 "the province fetches, merges and pushes over ssh"
has "$T/out" "merged origin/main" "a merge"
git -C "$T/central.git" cat-file -e "main:issues/2024/10/$id.yaml" &&
    ok "ningbo's issue in central" || not_ok "ningbo's issue in central"

# a raced push over ssh: while the province's push waits in the hook,
# ningbo pushes; git-receive-pack then refuses the province's update as
# stale, and sanfen-sync fetches, merges and pushes again
cd "$T/nb"
sanfen-sync >/dev/null
sanfen-submit --as lishui -F "$EX/issues/lishui-pumped-storage.yaml" >/dev/null
mv "$T/central.git/hooks/pre-receive" "$T/central.git/hooks/check"
cat >"$T/central.git/hooks/pre-receive" <<EOF
#!/bin/sh
if [ -e "$T/race" ]; then
	rm -f "$T/race"
	export SANFEN_KNOWN_HOSTS=$T/known_hosts SANFEN_SSH_KEY=$T/id_ed25519
	(cd "$T/nb" && env -u GIT_DIR -u GIT_QUARANTINE_PATH \\
	    -u GIT_OBJECT_DIRECTORY -u GIT_ALTERNATE_OBJECT_DIRECTORIES \\
	    sanfen-sync >/dev/null 2>&1)
fi
exec "$T/central.git/hooks/check"
EOF
chmod +x "$T/central.git/hooks/pre-receive"
cd "$T/prov"
sanfen-submit --as wenzhou -F "$EX/issues/wenzhou-private-land.yaml" >/dev/null
touch "$T/race"
run sanfen-sync --format json
status 0 "a push refused as stale is merged and pushed again"
[ ! -e "$T/race" ] && ok "ningbo really pushed in between" ||
    not_ok "ningbo really pushed in between"
is "$($PY -c 'import json,sys; print(json.load(sys.stdin)["tries"])' <"$T/out")" 2 \
    "in a second round"
is "$(git -C "$T/central.git" ls-tree -r --name-only main issues | wc -l | tr -d ' ')" 4 \
    "all four issues in central"
mv "$T/central.git/hooks/check" "$T/central.git/hooks/pre-receive"
cd "$T/nb"
sanfen-sync >/dev/null

cd "$T/nb"
sed -i 's/^status: .*/status: closed/' "issues/2024/10/$id.yaml"
git commit -qam "hand edit"
before=$(git -C "$T/central.git" rev-parse main)
run sanfen-sync
status 1 "over ssh, the central hook refuses a hand-made transition"
has "$T/err" "refused the push: pre-receive hook declined" "sanfen-sync reports the refusal"
is "$(git -C "$T/central.git" rev-parse main)" "$before" "central unchanged"

done_testing
