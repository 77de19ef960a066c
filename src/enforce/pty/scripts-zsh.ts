// The zsh and sh sides of a wrap session: a ZDOTDIR that wraps the user's startup files, and ENV for interactive sh.
import { shq, type ScriptConfig } from "./script-config.js";

/** Same contract as the bash client: `__sg_request KIND KEY TEXT` → 0 run, 1 refused; builtins only. */
export function zshClient(c: ScriptConfig): string {
  return `# shellgate wrap: zsh client of this session's check channel (generated; removed when the session ends).
zmodload zsh/system 2>/dev/null
__sg_dir=${shq(c.dir)}
__sg_wpid=${c.wrapperPid}
__sg_node=${shq(c.node)}
__sg_bin=${shq(c.bin)}

__sg_cold() {
  emulate -L zsh
  local out rc
  out=$(NO_COLOR=1 $__sg_node $__sg_bin check -- "$1" 2>&1)
  rc=$?
  case $rc in
    0) [[ $out == ALLOW* ]] || print -r -- "$out" >&2; return 0 ;;
    ${c.exitAsk}) print -r -- "shellgate: the wrap session is gone, so nobody can approve this here: refused." "$out" >&2 ;;
    ${c.exitBlock}) print -r -- "shellgate: refused." "$out" >&2 ;;
    *) print -r -- "shellgate: the wrap session is gone and the check failed (exit $rc): refused (fail closed)." "$out" >&2 ;;
  esac
  return 1
}

__sg_request() {
  emulate -L zsh
  local kind=$1 key=$2 text=$3 p=\${sysparams[pid]:-$$}
  local id="$p.$RANDOM$RANDOM" q r fd verdict grant n rid l i
  local -a lines
  q="$__sg_dir/q.$id" r="$__sg_dir/r.$p"
  if ! [[ -p $__sg_dir/req ]] || ! kill -0 $__sg_wpid 2>/dev/null; then __sg_cold "$text"; return; fi
  if ! [[ -p $r ]]; then command mkfifo -m 600 $r 2>/dev/null || { __sg_cold "$text"; return; }; fi
  {
    printf 'sg1\\0%s\\0%s\\0%s\\0%s\\0%s\\0%s\\0zsh\\0' $kind "$key" $p "r.$p" "\${SHELLGATE_GRANT-}" "$PWD"
    printf '%s\\0' "$text"
    export -p
  } > $q 2>/dev/null || { __sg_cold "$text"; return; }
  exec {fd}<>$r || { __sg_cold "$text"; return; }
  print -r -- "sg1 $id" 1<>$__sg_dir/req 2>/dev/null || { exec {fd}<&-; __sg_cold "$text"; return; }
  # A reply to an earlier request this shell abandoned (Ctrl-C while waiting) carries another id: skip it.
  while :; do
    while ! IFS=' ' read -r -t 1 -u $fd verdict grant n rid; do
      if ! kill -0 $__sg_wpid 2>/dev/null; then exec {fd}<&-; __sg_cold "$text"; return; fi
    done
    lines=()
    for ((i = 0; i < n; i++)); do IFS= read -r -u $fd l && lines+=("$l"); done
    [[ $rid == "$id" ]] && break
  done
  exec {fd}<&-
  for l in "\${lines[@]}"; do print -r -- "$l" >&2; done
  case $verdict in
    allow) [[ $grant == - ]] || export SHELLGATE_GRANT=$grant; return 0 ;;
  esac
  return 1
}
`;
}

/**
 * Interactive zsh: preexec receives the whole submitted line (even one history drops); the first
 * DEBUG trap after it checks that line, and setting ERR_EXIT in the trap skips the command, so a
 * refused line skips every top-level command until the next prompt. Traps inside functions are
 * ignored: hooks run there, and a function the line calls was already covered by the line.
 */
export function zshGuard(c: ScriptConfig): string {
  return `# shellgate wrap: interactive zsh guard (generated; removed when the session ends).
. ${shq(c.dir + "/client.zsh")} || return 0
__sg_st=0 __sg_n=0 __sg_line=
__sg_preexec() { __sg_line=$1; (( __sg_n++ )); __sg_st=1 }
__sg_precmd() {
  __sg_st=0
  unset SHELLGATE_GRANT
  preexec_functions=(\${preexec_functions:#__sg_preexec} __sg_preexec)
  trap '__sg_zdebug || setopt ERR_EXIT' DEBUG
}
__sg_zdebug() {
  (( \${#funcstack} > 1 )) && return 0
  case $__sg_st in
    2) return 1 ;;
    1) __sg_st=0
       __sg_request line "$$.$__sg_n" "$__sg_line" && return 0
       __sg_st=2
       return 1 ;;
  esac
  return 0
}
precmd_functions=(\${precmd_functions:#__sg_precmd} __sg_precmd)
__sg_precmd
`;
}

/** ZDOTDIR files: each sources the user's own file of the same name (from their ZDOTDIR), then .zshrc installs the guard. */
export function zshDotfiles(c: ScriptConfig): Record<string, string> {
  const ours = shq(c.dir + "/zsh");
  const wrapUser = (name: string, extra = "") => `# shellgate wrap: ${name} (generated; removed when the session ends).
ZDOTDIR=$__sg_zdot
[[ -f $ZDOTDIR/${name} ]] && . $ZDOTDIR/${name}
__sg_zdot=\${ZDOTDIR:-$HOME}
export SHELLGATE_USER_ZDOTDIR=$__sg_zdot
ZDOTDIR=${ours}
${extra}`;
  return {
    ".zshenv": `# shellgate wrap: .zshenv (generated; removed when the session ends).
__sg_zdot=\${SHELLGATE_USER_ZDOTDIR:-$HOME}
ZDOTDIR=$__sg_zdot
[[ -f $ZDOTDIR/.zshenv ]] && . $ZDOTDIR/.zshenv
__sg_zdot=\${ZDOTDIR:-$HOME}
export SHELLGATE_USER_ZDOTDIR=$__sg_zdot
# Exported so every zsh this one starts reads these files too.
export ZDOTDIR=${ours}
if [[ ! -o interactive ]]; then
  if ! . ${shq(c.dir + "/client.zsh")}; then
    print -r -- 'shellgate: the session guard is unreadable: refused (fail closed).' >&2
    exit ${c.exitRefused}
  fi
  if [[ -n \${ZSH_EXECUTION_STRING+x} ]]; then
    if (( $# )); then __sg_text="zsh -c \${(q)ZSH_EXECUTION_STRING} \${(q)0} \${(j: :)\${(q)@}}"
    else __sg_text=$ZSH_EXECUTION_STRING
    fi
    __sg_request exec "" "$__sg_text" || exit ${c.exitRefused}
    unset __sg_text
  fi
fi
`,
    ".zprofile": wrapUser(".zprofile"),
    ".zshrc": wrapUser(".zshrc", `. ${shq(c.dir + "/zsh_guard")}\n`),
    ".zlogin": wrapUser(".zlogin"),
  };
}

/** ENV: read by interactive sh. bash in POSIX mode gets the bash guard; other shells have no hook that runs before a line. */
export function shEnv(c: ScriptConfig): string {
  return `# shellgate wrap: ENV for interactive sh (generated; removed when the session ends).
if [ -n "\${BASH_VERSION-}" ]; then
  . ${shq(c.dir + "/bash_guard")}
else
  case $- in
    *i*) printf '%s\\n' "shellgate: this shell has no hook that runs before a line, so wrap cannot check its lines; only PATH shims guard it. Start bash or zsh for a guarded shell." >&2 ;;
  esac
fi
`;
}
