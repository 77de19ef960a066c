// The bash side of a wrap session, as text written into the session directory: channel client, interactive guard, BASH_ENV, rc file.
import { shq, type ScriptConfig } from "./script-config.js";

/**
 * Functions every guarded bash sources. `__sg_request KIND KEY TEXT` asks the wrapper over the FIFO
 * channel using builtins only (one `mkfifo` per process, never a node per line), prints the
 * wrapper's message lines on stderr, and returns 0 (run), 1 (refused) or 2 (line not seen).
 * When the wrapper is gone it falls back to a cold `shellgate check`, and refuses if that fails.
 */
export function bashClient(c: ScriptConfig): string {
  return `# shellgate wrap: bash client of this session's check channel (generated; removed when the session ends).
__sg_dir=${shq(c.dir)}
__sg_wpid=${c.wrapperPid}
__sg_node=${shq(c.node)}
__sg_bin=${shq(c.bin)}

__sg_cold() {
  local out rc
  out=$(NO_COLOR=1 "$__sg_node" "$__sg_bin" check -- "$1" 2>&1)
  rc=$?
  case $rc in
    0) [[ $out == ALLOW* ]] || printf '%s\\n' "$out" >&2; return 0 ;;
    ${c.exitAsk}) printf 'shellgate: the wrap session is gone, so nobody can approve this here: refused.\\n%s\\n' "$out" >&2 ;;
    ${c.exitBlock}) printf 'shellgate: refused.\\n%s\\n' "$out" >&2 ;;
    *) printf 'shellgate: the wrap session is gone and the check failed (exit %s): refused (fail closed).\\n%s\\n' "$rc" "$out" >&2 ;;
  esac
  return 1
}

__sg_request() {
  local kind=$1 key=$2 text=$3 id="$BASHPID.$RANDOM$RANDOM" fd verdict grant n rid l i
  local -a lines
  local q="$__sg_dir/q.$id" r="$__sg_dir/r.$BASHPID"
  if ! [[ -p $__sg_dir/req ]] || ! kill -0 "$__sg_wpid" 2>/dev/null; then __sg_cold "$text"; return; fi
  if ! [[ -p $r ]]; then command mkfifo -m 600 "$r" 2>/dev/null || { __sg_cold "$text"; return; }; fi
  {
    printf 'sg1\\0%s\\0%s\\0%s\\0%s\\0%s\\0%s\\0bash\\0' "$kind" "$key" "$BASHPID" "r.$BASHPID" "\${SHELLGATE_GRANT-}" "$PWD"
    printf '%s\\0' "$text"
    export -p
  } > "$q" 2>/dev/null || { __sg_cold "$text"; return; }
  exec {fd}<>"$r" || { __sg_cold "$text"; return; }
  # <> never blocks on the FIFO, even when the wrapper died an instant ago.
  printf 'sg1 %s\\n' "$id" 1<>"$__sg_dir/req" 2>/dev/null || { exec {fd}<&-; __sg_cold "$text"; return; }
  # Ctrl-C while waiting cancels the line: nothing of it runs. The caller's INT trap comes back after.
  local __sg_int=0 __sg_prev_int
  __sg_prev_int=$(trap -p INT)
  trap '__sg_int=1' INT
  # A reply to an earlier request this shell abandoned (Ctrl-C while waiting) carries another id: skip it.
  while :; do
    while ! IFS=' ' read -r -t 1 -u "$fd" verdict grant n rid; do
      if (( __sg_int )); then
        exec {fd}<&-
        if [[ -n $__sg_prev_int ]]; then eval "$__sg_prev_int"; else trap - INT; fi
        printf 'shellgate: interrupted while checking; nothing ran.\\n' >&2
        return 1
      fi
      if ! kill -0 "$__sg_wpid" 2>/dev/null; then exec {fd}<&-; __sg_cold "$text"; return; fi
    done
    lines=()
    for ((i = 0; i < n; i++)); do IFS= read -r -u "$fd" l && lines+=("$l"); done
    [[ $rid == "$id" ]] && break
  done
  exec {fd}<&-
  if [[ -n $__sg_prev_int ]]; then eval "$__sg_prev_int"; else trap - INT; fi
  for l in "\${lines[@]}"; do printf '%s\\n' "$l" >&2; done
  case $verdict in
    allow) [[ $grant == - ]] || export SHELLGATE_GRANT=$grant; return 0 ;;
    unseen) return 2 ;;
  esac
  return 1
}
`;
}

/**
 * The interactive guard. PS1 ends with an arithmetic no-op that arms the DEBUG trap when the prompt
 * is drawn (after PROMPT_COMMAND, so nothing of the prompt machinery is mistaken for the line).
 * The first DEBUG trap after a prompt reads the submitted line from history and checks it whole;
 * with extdebug a refused line skips every one of its commands (state 2) until the next prompt.
 * A line history did not record is checked command by command instead (state 3).
 * Sourced again from PROMPT_COMMAND at every prompt, it only re-asserts the settings it needs.
 */
export function bashGuard(c: ScriptConfig): string {
  return `# shellgate wrap: interactive bash guard (generated; removed when the session ends).
if [[ -n \${__sg_installed-} ]] && declare -F __sg_prompt >/dev/null; then
  __sg_prompt
  return 0
fi
. ${shq(c.dir + "/client.bash")} || return 0
__sg_installed=1 __sg_st=0 __sg_n=0 __sg_h=0 __sg_e= __sg_text=
__sg_arm='\${__sg_e:(__sg_st=1,__sg_h=HISTCMD,__sg_n+=1,0):0}'

__sg_prev_trap=$(trap -p DEBUG)
__sg_prev_trap=\${__sg_prev_trap#"trap -- '"}
__sg_prev_trap=\${__sg_prev_trap%"' DEBUG"}
__sg_prev_trap=\${__sg_prev_trap//"'\\\\''"/"'"}
if [[ -n $__sg_prev_trap && $__sg_prev_trap != *__sg_debug* ]]; then
  __sg_trap="if (( ! __sg_st )) || __sg_debug \\"\\$_\\"; then $__sg_prev_trap
true; else false; fi"
else
  __sg_trap='(( ! __sg_st )) || __sg_debug "$_"'
fi

__sg_histline() {
  local f="$__sg_dir/h.$BASHPID" n
  fc -l -1 > "$f" 2>/dev/null || return 1
  IFS= read -r -d '' __sg_text < "$f"
  n=\${__sg_text%%$'\\t'*}
  [[ $n == "$1" ]] || return 1
  __sg_text=\${__sg_text#*$'\\t'}
  __sg_text=\${__sg_text# }
  __sg_text=\${__sg_text%$'\\n'}
  return 0
}

__sg_debug() {
  # Completion functions and bind -x widgets run between the prompt and Enter: they are not the line.
  [[ -n \${COMP_LINE+x} || -n \${READLINE_LINE+x} ]] && return 0
  case $__sg_st in
    2) return 1 ;;
    3) __sg_request cmd "" "$BASH_COMMAND" && return 0; __sg_st=2; return 1 ;;
  esac
  __sg_st=0
  if __sg_histline "$__sg_h"; then
    __sg_request line "$$.$__sg_n" "$__sg_text" && return 0
  else
    __sg_st=3
    __sg_request cmd "" "$BASH_COMMAND" && return 0
  fi
  __sg_st=2
  return 1
}

__sg_prompt() {
  __sg_st=0
  unset SHELLGATE_GRANT
  # Every line must reach history, or it could not be read whole.
  HISTCONTROL=
  unset HISTIGNORE
  (( HISTSIZE > 0 )) 2>/dev/null || HISTSIZE=500
  set -o history
  shopt -s extdebug promptvars
  [[ $PS1 == *"$__sg_arm" ]] || PS1+=$__sg_arm
  trap "$__sg_trap" DEBUG
}

__sg_prompt
`;
}

/** BASH_ENV: a non-interactive \`bash -c\` checks its command string once, before anything in it runs. */
export function bashEnv(c: ScriptConfig): string {
  return `# shellgate wrap: BASH_ENV for non-interactive bash (generated; removed when the session ends).
if [[ $- != *i* && -z \${__sg_benv-} ]]; then
  __sg_benv=1
  if ! . ${shq(c.dir + "/client.bash")}; then
    printf 'shellgate: the session guard is unreadable: refused (fail closed).\\n' >&2
    exit ${c.exitRefused}
  fi
  if [[ -n \${BASH_EXECUTION_STRING+x} ]]; then
    if (( $# )); then
      printf -v __sg_text '%q ' "$0" "$@"
      __sg_text="bash -c \${BASH_EXECUTION_STRING@Q} \${__sg_text% }"
    else
      __sg_text=$BASH_EXECUTION_STRING
    fi
    __sg_request exec "" "$__sg_text" || exit ${c.exitRefused}
    unset __sg_text
  elif [[ $- == *s* || $0 == "\${BASH##*/}" || $0 == "$BASH" ]]; then
    # Commands read from stdin (a program driving bash through a pipe): check each one as it comes.
    shopt -s extdebug
    trap '__sg_request cmd "" "$BASH_COMMAND"' DEBUG
  fi
fi
`;
}

/** The rc file an interactive bash started by wrap reads: the user's usual rc first, then the guard. */
export function bashRc(c: ScriptConfig): string {
  return `# shellgate wrap: rc file for interactive bash (generated; removed when the session ends).
if [[ -f ~/.bashrc ]]; then . ~/.bashrc; fi
${bashPromptHook(c)}
. ${shq(c.dir + "/bash_guard")}
`;
}

/** Puts the guard bootstrap into PROMPT_COMMAND (string or array form) unless it is already there. */
function bashPromptHook(c: ScriptConfig): string {
  return `if [[ "\${PROMPT_COMMAND[*]-}" != *${shq(c.dir + "/bash_guard")}* ]]; then
  if [[ $(declare -p PROMPT_COMMAND 2>/dev/null) == "declare -a"* ]]; then
    PROMPT_COMMAND+=(${shq(c.promptCommand)})
  else
    PROMPT_COMMAND="\${PROMPT_COMMAND:+$PROMPT_COMMAND;}"${shq(c.promptCommand)}
  fi
fi`;
}
