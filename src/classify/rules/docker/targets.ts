// Whether rm/rmi act on every container or image: `-a`, `$(docker ps -aq)`, or a listing piped through xargs.
import type { Invocation, Word } from "../../../types.js";
import type { RuleContext } from "../../rule.js";

const ENGINES = new Set(["docker", "podman", "nerdctl", "finch"]);

/**
 * True when the words of a listing command (`docker ps -aq`, `docker container ls -q`, `docker images -q`) list every
 * container or image of the engine: a filter (`-f name=api`, `--filter dangling=true`) narrows it to a chosen few.
 */
function listsEverything(words: string[], kind: "container" | "image"): boolean {
  const [prog, ...rest] = words;
  if (!prog || !ENGINES.has(prog.replace(/^.*\//, ""))) return false;
  let args = rest;
  while (args[0]?.startsWith("-")) args = args.slice(args[0] === "-H" || args[0] === "--host" || args[0] === "-c" || args[0] === "--context" ? 2 : 1);
  const [a, b] = args;
  const listing = kind === "container" ? a === "ps" || (a === "container" && (b === "ls" || b === "ps" || b === "list")) : a === "images" || (a === "image" && (b === "ls" || b === "list"));
  if (!listing) return false;
  return !args.some((w) => /^(-f|--filter)(=|$)/.test(w) || (/^-[a-zA-Z]+$/.test(w) && w.includes("f") && !w.startsWith("--")));
}

/** Words of the command substituted into `word` (`$(docker ps -aq)`, `` `docker images -q` ``), when it is one. */
function substituted(word: Word): string[] | undefined {
  const m = /^"?(?:\$\(|`)\s*([^()`]*?)\s*(?:\)|`)"?$/.exec(word.raw);
  return m ? m[1]!.split(/\s+/).map((w) => w.replace(/^['"]|['"]$/g, "")) : undefined;
}

/** The targets are every container (or image): `-a/--all`, a substituted listing, or a listing piped in through xargs. */
export function everyTarget(inv: Invocation, ctx: RuleContext<string>, positionals: Word[], all: boolean, kind: "container" | "image"): boolean {
  if (all) return true;
  for (const w of positionals) {
    if (w.value !== undefined) continue;
    const inner = substituted(w);
    if (inner && listsEverything(inner, kind)) return true;
  }
  if (inv.via.includes("xargs") && inv.stdin?.kind === "command") {
    const producer = ctx.invocations[inv.stdin.index];
    if (producer?.program && listsEverything([producer.program, ...producer.argv.slice(1).map((w) => w.value ?? "")], kind)) return true;
  }
  return false;
}
