# bash completion for sanfen and sanfen-* (zsh has its own, _sanfen, in
# this directory). Commands and options come from the commands' own -h;
# enumeration values are the tokens sanfen stores; issue and meeting ids
# come from the ledger in reach (sanfen-list, meetings/).

_sanfen_values() {
	case $1 in
	--status) echo submitted accepted rejected scheduled coordinated escalated closed withdrawn ;;
	--subject) echo soe private city other ;;
	--city) echo hangzhou ningbo wenzhou huzhou jiaxing shaoxing jinhua quzhou zhoushan taizhou lishui ;;
	--program) echo no1-digital no1-reform no1-opening major-1 major-2 major-3 major-4 major-5 major-6 major-7 major-8 major-9 major-10 qianxiang-wanyi other ;;
	--topic) echo progress factors approval policy other ;;
	--jurisdiction|--tried) echo county city province national ;;
	--source) echo unit leader inspection ;;
	--flag) echo cross-region cross-level cross-department typical ;;
	--reason) echo resolved national regulation reality infeasible ;;
	--to) echo leader special-meeting ;;
	--kind) echo monthly semiannual annual special ;;
	--exclude) echo unlawful market ;;
	--format) echo table json yaml csv md html docx xlsx text ;;
	--as|--unit|--submitter)
		sed -n 's/^  - id: //p' "$(_sanfen_root)/units.yaml" 2>/dev/null ;;
	--meeting) _sanfen_meetings ;;
	esac
}

_sanfen_root() {
	local d=${SANFEN_DIR:-$PWD}
	while [ "$d" != / ] && [ ! -f "$d/.sanfen/config.yaml" ]; do
		d=$(dirname "$d")
	done
	echo "$d"
}

_sanfen_meetings() {
	local f
	for f in "$(_sanfen_root)"/meetings/*/*.yaml; do
		[ -f "$f" ] && basename "$f" .yaml
	done
}

_sanfen_issues() {
	sanfen-list --format csv 2>/dev/null | sed '1d; s/,.*//'
}

# sanfen-admin's operands, by the word before: verbs, then units, keys
# of the config or key files.
_sanfen_admin_words() {
	local prev=${COMP_WORDS[COMP_CWORD-1]} prev2=${COMP_WORDS[COMP_CWORD-2]}
	case $prev2:$prev in
	*:sanfen-admin|*:admin|*:-C|*:--as) echo set unit signer ;;
	*:unit) echo add set retire ;;
	*:signer) echo add revoke ;;
	unit:set|unit:retire|signer:add|signer:revoke)
		_sanfen_values --as ;;
	*:set) echo rules effective screening.tried_required \
	    screening.local_levels screening.similarity_threshold \
	    screening.weights.{leader,inspection,qianxiang-wanyi,cross,typical} \
	    levels_721.{county,city,province,national} \
	    agenda.size.{monthly,semiannual,annual,special} \
	    agenda.quota.{soe,private,city} \
	    agenda.conveners.{monthly,semiannual,annual,special} \
	    closure_reasons document.title document.issuers \
	    document.number_format document.copy_to \
	    score.{missed_discovery,missed_submission,missed_task} \
	    storage.fsync signing.require signing.allowed_signers ;;
	signer:*) compgen -f -- "${COMP_WORDS[COMP_CWORD]}" ;;
	esac
}

_sanfen_command() {
	local cmd=$1 cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local opts vals
	case $cmd:$prev in
	sanfen-admin:--kind) vals="city taskforce department other" ;;
	sanfen-admin:--role) vals="screen agenda minutes supervise close admin" ;;
	*) vals=$(_sanfen_values "$prev") ;;
	esac
	if [ -n "$vals" ]; then
		COMPREPLY=($(compgen -W "$vals" -- "$cur"))
		return
	fi
	case $cur in
	-*)
		opts=$("$cmd" -h 2>/dev/null | grep -o -- '--\?[a-zA-Z][a-z-]*' |
		    sort -u)
		COMPREPLY=($(compgen -W "$opts --help --version" -- "$cur"))
		;;
	*)
		case $cmd in
		sanfen-agenda)
			[ "$COMP_CWORD" -le 3 ] && COMPREPLY=($(compgen -W \
			    "new add drop propose approve show quota $(_sanfen_meetings)" \
			    -- "$cur")) ||
			    COMPREPLY=($(compgen -W "$(_sanfen_meetings) $(_sanfen_issues)" -- "$cur")) ;;
		sanfen-admin)
			COMPREPLY=($(compgen -W "$(_sanfen_admin_words)" -- "$cur")) ;;
		sanfen-minutes)
			COMPREPLY=($(compgen -W "record render approve issue $(_sanfen_meetings)" -- "$cur")) ;;
		sanfen-sync)
			COMPREPLY=($(compgen -W "$(sed -n 's/^\[remote "\(.*\)"\]$/\1/p' \
			    "$(_sanfen_root)/.git/config" 2>/dev/null)" -- "$cur")) ;;
		sanfen-show|sanfen-log|sanfen-close|sanfen-escalate|sanfen-progress|sanfen-screen)
			COMPREPLY=($(compgen -W "$(_sanfen_issues)" -- "$cur")) ;;
		*)
			COMPREPLY=($(compgen -f -- "$cur")) ;;
		esac
		;;
	esac
}

_sanfen() {
	local i=1
	# after "sanfen [-C dir]" comes the command
	while [ $i -lt "$COMP_CWORD" ]; do
		case ${COMP_WORDS[i]} in
		-C) i=$((i + 2)) ;;
		-*) i=$((i + 1)) ;;
		*) break ;;
		esac
	done
	if [ "$i" -ge "$COMP_CWORD" ]; then
		COMPREPLY=($(compgen -W "$(sanfen --help 2>/dev/null |
		    awk '/^   [a-z]/ { print $1 }') help" \
		    -- "${COMP_WORDS[COMP_CWORD]}"))
		return
	fi
	_sanfen_command "sanfen-${COMP_WORDS[i]}"
}

_sanfen_dash() {
	_sanfen_command "${COMP_WORDS[0]##*/}"
}

complete -F _sanfen sanfen
for _c in init submit show list check screen agenda minutes progress \
    supervise escalate close log report score ledger sync merge-driver \
    admin; do
	complete -F _sanfen_dash "sanfen-$_c"
done
unset _c
