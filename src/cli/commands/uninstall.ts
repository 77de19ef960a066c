// `shellgate uninstall <agent> [--user | --project] [--dry-run]`: removes shellgate's hook and nothing else from the agent's settings.
import { resolve } from "node:path";
import { AGENTS } from "../../enforce/hooks/types.js";
import { uninstallHook } from "../../enforce/install/install.js";
import type { CliIo } from "../io.js";
import { parseHookFileArgs, report } from "./install.js";

const HELP = `usage: shellgate uninstall <agent> [--user | --project] [--dry-run]

Agents: ${AGENTS.join(", ")}. Removes the hook shellgate install added (from the per-user file by default, or
the project's with --project); other settings and hooks stay, and the old file is backed up beside it.

  --dry-run   print the change as a diff and write nothing`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const a = parseHookFileArgs(args, HELP, false);
  report(uninstallHook({ agent: a.agent, scope: a.scope, env: io.env, cwd: resolve(io.cwd), dryRun: a.dryRun }), "uninstall", io);
  return 0;
}
