# zsh -f zcomplete.zsh FPATHDIR OUT LINE...: drives an interactive zsh on a
# pseudo-terminal (zsh/zpty) with the completion system of FPATHDIR, types
# each LINE and a tab, and writes to OUT "== LINE" and then every match the
# completion functions offered there (a wrapped compadd records them after
# matching), sorted. Exit 2 when zsh does not start or answer.
zmodload zsh/zpty zsh/zselect || exit 3
fdir=$1 out=$2
shift 2
zpty z zsh -f -i || exit 3
zpty -w z "PS1= PS2= RPS1=; unsetopt zle_bracketed_paste 2>/dev/null
fpath=(${(q)fdir} \$fpath); autoload -Uz compinit; compinit -u -D
compadd() {
	if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then
		builtin compadd \"\$@\"; return
	fi
	local -a __m
	builtin compadd -O __m \"\$@\"
	(( \$#__m )) && print -rl -- \"\${__m[@]}\" >>${(q)out}.m
	builtin compadd \"\$@\"
}
_zt_post() { compstate[list]=; compstate[insert]=; print DONE >>${(q)out}.m; }
_zt_tab() { comppostfuncs=(_zt_post); zle complete-word; }
zle -N _zt_tab; bindkey '^I' _zt_tab
print READY >${(q)out}.m"
drain() { local junk; while zpty -rt z junk 2>/dev/null; do :; done; }
wait_for() {	# wait_for WORD: until the marker file's last line is WORD
	integer n=0
	while (( n++ < 600 )); do
		drain
		[[ -f $out.m && $(tail -n 1 $out.m) == $1 ]] && return 0
		zselect -t 5
	done
	return 1
}
wait_for READY || { print "zsh did not start" >&2; exit 2; }
: >$out
for l in "$@"; do
	: >$out.m
	zpty -w -n z "$l"$'\t'
	wait_for DONE || { print "no completion for '$l'" >&2; exit 2; }
	print -r -- "== $l" >>$out
	grep -v '^DONE$' $out.m | sort -u >>$out
	zpty -w -n z $'\C-u'
done
zpty -d z
