// `shellgate parse -- COMMAND`: the invocations a command would run, as JSON, for writing and debugging rules.
import { resolve } from "node:path";
import { parseCommand } from "../../parse/index.js";
import { UsageError } from "../../errors.js";
import { write, type CliIo } from "../io.js";

export async function run(args: string[], io: CliIo): Promise<number> {
  let cwd = io.cwd;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (a === "--cwd") cwd = resolve(io.cwd, args[++i] ?? ".");
    else if (a.startsWith("-")) throw new UsageError(`unknown option ${a}\nusage: shellgate parse [--cwd DIR] -- COMMAND`);
    else break;
  }
  const text = args.slice(i).join(" ");
  if (!text) throw new UsageError("usage: shellgate parse [--cwd DIR] -- COMMAND");
  const invocations = await parseCommand(text, { cwd, env: io.env, frontend: "cli" });
  // The environment is large and mostly the caller's own; show only what the command line changed.
  const shown = invocations.map(({ env, ...inv }) => ({ ...inv, env: Object.fromEntries(Object.entries(env).filter(([k, v]) => io.env[k] !== v)) }));
  write(io.stdout, JSON.stringify(shown, null, 2));
  return 0;
}
