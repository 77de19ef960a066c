// A wrap session's private directory (0700): the request FIFO, the generated shell integration, and the child's environment and argv.
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { isShimDir, pathDirs } from "../shim/path.js";
import { makeFifo } from "./channel.js";
import { bashClient, bashEnv, bashGuard, bashRc } from "./scripts-bash.js";
import { shq, type ScriptConfig } from "./script-config.js";
import { shEnv, zshClient, zshDotfiles, zshGuard } from "./scripts-zsh.js";

export interface Session {
  dir: string;
  config: ScriptConfig;
  remove(): void;
}

export interface SessionOptions {
  env: Record<string, string | undefined>;
  node: string;
  bin: string;
  exitRefused: number;
  exitAsk: number;
  exitBlock: number;
  /** The process serving the channel; the shell clients fall back to a cold check once it is gone. */
  wrapperPid?: number;
}

/** A fresh 0700 directory under $XDG_RUNTIME_DIR (per-user already) or the temp dir, owned by us and nobody else. */
function privateDir(env: Record<string, string | undefined>): string {
  const bases = [env.XDG_RUNTIME_DIR, tmpdir()].filter((b): b is string => !!b);
  let last: Error | undefined;
  for (const base of bases) {
    try {
      const dir = mkdtempSync(join(base, "shellgate-wrap-"));
      chmodSync(dir, 0o700);
      const st = lstatSync(dir);
      if (!st.isDirectory() || (st.mode & 0o077) !== 0 || (typeof process.getuid === "function" && st.uid !== process.getuid())) {
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`${dir} is not a private directory`);
      }
      return dir;
    } catch (e) {
      last = e as Error;
    }
  }
  throw new Error(`could not create a private session directory (${last?.message ?? "no temp dir"})`);
}

export function createSession(o: SessionOptions): Session {
  const dir = privateDir(o.env);
  const config: ScriptConfig = {
    dir,
    wrapperPid: o.wrapperPid ?? process.pid,
    node: o.node,
    bin: o.bin,
    exitRefused: o.exitRefused,
    exitAsk: o.exitAsk,
    exitBlock: o.exitBlock,
    promptCommand: `. ${shq(join(dir, "bash_guard"))}`,
  };
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const files: Record<string, string> = {
      "client.bash": bashClient(config),
      bash_guard: bashGuard(config),
      bash_env: userFirst("SHELLGATE_USER_BASH_ENV", bashEnv(config)),
      bashrc: bashRc(config),
      "client.zsh": zshClient(config),
      zsh_guard: zshGuard(config),
      sh_env: userFirst("SHELLGATE_USER_ENV", shEnv(config)),
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text, { mode: 0o600 });
    mkdirSync(join(dir, "zsh"), { mode: 0o700 });
    for (const [name, text] of Object.entries(zshDotfiles(config))) writeFileSync(join(dir, "zsh", name), text, { mode: 0o600 });
    makeFifo(join(dir, "req"));
  } catch (e) {
    remove();
    throw e;
  }
  return { dir, config, remove };
}

/** The user's own BASH_ENV or ENV file still runs, first, as it would without wrap. */
function userFirst(variable: string, script: string): string {
  const [head, ...rest] = script.split("\n");
  return [head, `if [ -n "\${${variable}-}" ] && [ -r "\${${variable}}" ]; then . "\${${variable}}"; fi`, ...rest].join("\n");
}

export interface ChildSetup {
  env: Record<string, string>;
  /** The shim directory put first on PATH, when one was found. */
  shimDir?: string;
}

/** The environment that guards every shell the child or its descendants start. */
export function childEnvironment(session: Session, env: Record<string, string | undefined>, cwd: string, shimDir?: string): ChildSetup {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  const d = session.dir;
  if (out.BASH_ENV && out.BASH_ENV !== join(d, "bash_env")) out.SHELLGATE_USER_BASH_ENV = out.BASH_ENV;
  if (out.ENV && out.ENV !== join(d, "sh_env")) out.SHELLGATE_USER_ENV = out.ENV;
  if (out.ZDOTDIR) out.SHELLGATE_USER_ZDOTDIR = out.ZDOTDIR;
  // bash -c whose stdin is a socket (node's 'pipe' stdio) and whose shell level is below 2 reads ~/.bashrc
  // instead of BASH_ENV ("run by rshd"); a shell level of at least 1 here keeps every bash in the session on BASH_ENV.
  if (!(Number(out.SHLVL) >= 1)) out.SHLVL = "1";
  out.SHELLGATE_WRAP_DIR = d;
  out.SHELLGATE_WRAP_PID = String(process.pid);
  out.BASH_ENV = join(d, "bash_env");
  out.ENV = join(d, "sh_env");
  out.ZDOTDIR = join(d, "zsh");
  // Any interactive bash in the session (even `bash --norc`) runs PROMPT_COMMAND from the environment before its first prompt.
  out.PROMPT_COMMAND = out.PROMPT_COMMAND ? `${out.PROMPT_COMMAND};${session.config.promptCommand}` : session.config.promptCommand;
  const shims = shimDir ?? out.SHELLGATE_SHIM_DIR ?? pathDirs(out.PATH, cwd).find((p) => isShimDir(p));
  if (shims) {
    const rest = (out.PATH ?? "").split(":").filter((p) => p !== shims);
    out.PATH = [shims, ...rest].join(":");
  }
  return { env: out, ...(shims ? { shimDir: shims } : {}) };
}

/** An interactive bash started directly by wrap reads the session rc (the user's ~/.bashrc, then the guard). */
export function childArgv(command: string, args: string[], session: Session): string[] {
  if (basename(command) !== "bash") return args;
  let operand = false;
  for (const a of args) {
    if (a === "--") {
      operand = true;
      break;
    }
    if (a === "--norc" || a === "--rcfile" || a === "--init-file" || a === "--posix") return args;
    if (/^-[a-zA-Z]*c/.test(a) || /^-[a-zA-Z]*s/.test(a)) return args;
    if (!a.startsWith("-") && !a.startsWith("+")) {
      operand = true;
      break;
    }
  }
  return operand ? args : ["--rcfile", join(session.dir, "bashrc"), ...args];
}
