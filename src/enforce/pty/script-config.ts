// What every generated shell script of a wrap session embeds as literals, so the agent's environment cannot redirect it.

export interface ScriptConfig {
  /** The private session directory (0700) holding the channel and these scripts. */
  dir: string;
  wrapperPid: number;
  /** Absolute node binary and bin/shellgate, for the cold check when the wrapper is gone. */
  node: string;
  bin: string;
  /** Exit status of a non-interactive shell whose command was refused (the shims' status for a refusal). */
  exitRefused: number;
  /** `shellgate check` exit codes the cold fallback reads. */
  exitAsk: number;
  exitBlock: number;
  /** The PROMPT_COMMAND value that (re)installs the interactive bash guard. */
  promptCommand: string;
}

/** Single-quotes a string for POSIX shells. */
export function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
