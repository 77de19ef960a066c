// git's own options before the subcommand: -C, -c, --git-dir, --config-env; they never hide what runs.
import { isAbsolute, resolve } from "node:path";
import type { Invocation, Word } from "../../../types.js";

/** What git's own options before the subcommand tell us. */
export interface Globals {
  sub?: Word;
  /** Words after the subcommand. */
  args: Word[];
  /** Directory git works in after `-C`; undefined when it cannot be known. */
  cwd?: string;
  gitDir?: string;
  configs: { key?: string; value?: string; word: Word }[];
  /** A word before the subcommand that is not static (it may be the subcommand or an option). */
  dynamic?: Word;
}

/** Global options that take the next word as their value (`--opt=value` is handled for all). */
const GLOBAL_WITH_VALUE = new Set(["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--config-env", "--attr-source", "--shallow-file"]);

export function readGlobals(inv: Invocation): Globals {
  const argv = inv.argv;
  let cwd = inv.cwd;
  let gitDir = inv.env.GIT_DIR;
  const configs: Globals["configs"] = [];
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    const a = w.value;
    if (a === undefined) return { args: argv.slice(i + 1), configs, dynamic: w, ...(cwd !== undefined ? { cwd } : {}) };
    if (!a.startsWith("-")) return { sub: w, args: argv.slice(i + 1), configs, ...(cwd !== undefined ? { cwd } : {}), ...(gitDir ? { gitDir } : {}) };
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    let name = a;
    let value: string | undefined;
    let valueWord: Word = w;
    if (eq > 0) {
      name = a.slice(0, eq);
      value = a.slice(eq + 1);
    } else if (GLOBAL_WITH_VALUE.has(a)) {
      const next = argv[i + 1];
      i++;
      if (!next) break;
      value = next.value;
      valueWord = next;
    } else continue;
    if (name === "-C") cwd = value === undefined ? undefined : isAbsolute(value) ? value : cwd !== undefined ? resolve(cwd, value) : undefined;
    else if (name === "--git-dir") gitDir = value;
    else if (name === "-c") {
      const key = value === undefined ? staticKey(valueWord) : undefined;
      configs.push(value !== undefined ? { ...configPair(value), word: valueWord } : { ...(key ? { key } : {}), word: valueWord });
    }
    else if (name === "--config-env") {
      // `--config-env=key=ENVVAR`: the value comes from the command's environment.
      const pair = configPair(value ?? "");
      configs.push({ ...(pair.key ? { key: pair.key } : {}), ...(pair.value !== undefined && inv.env[pair.value] !== undefined ? { value: inv.env[pair.value]! } : {}), word: valueWord });
    }
  }
  return { args: [], configs, ...(cwd !== undefined ? { cwd } : {}) };
}

export function configPair(s: string): { key?: string; value?: string } {
  const eq = s.indexOf("=");
  // `-c key` alone means key=true.
  if (eq < 0) return s ? { key: s, value: "true" } : {};
  return { key: s.slice(0, eq), value: s.slice(eq + 1) };
}

/** For a dynamic `key=$VALUE` word, the static key part is still readable from the source text. */
function staticKey(w: Word): string | undefined {
  return /^['"]?([A-Za-z][\w-]*(?:\.[^=\s'"$`]+)+)=/.exec(w.raw)?.[1];
}

/**
 * A subcommand that is an alias set on the same command line (`git -c alias.pf='push --force' pf`) runs the aliased
 * git command: its words replace the alias. Shell aliases (`!cmd`) are judged as config settings instead.
 */
export function expandAlias(sub: Word | undefined, args: Word[], configs: Globals["configs"]): { sub?: Word; args: Word[] } {
  let cur = sub;
  let rest = args;
  for (let depth = 0; depth < 8 && cur?.value !== undefined; depth++) {
    const key = `alias.${cur.value}`.toLowerCase();
    const def = configs.find((c) => c.key?.toLowerCase() === key);
    if (def?.value === undefined || def.value.trimStart().startsWith("!")) break;
    const words = [...def.value.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
    if (!words.length) break;
    const span = cur.span;
    cur = { raw: words[0]!, value: words[0]!, span };
    rest = [...words.slice(1).map((w) => ({ raw: w, value: w, span })), ...rest];
  }
  return { ...(cur ? { sub: cur } : {}), args: rest };
}
