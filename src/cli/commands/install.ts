// `shellgate install <agent> [--project | --user] [--dry-run] [--queue DIR]` and `shellgate install --list [--json]`.
import { resolve } from "node:path";
import { UsageError } from "../../errors.js";
import { AGENTS, isAgentName, type AgentName } from "../../enforce/hooks/types.js";
import type { Scope } from "../../enforce/install/agents.js";
import { installHook, type HookFileResult } from "../../enforce/install/install.js";
import { listAgents, type AgentStatus } from "../../enforce/install/list.js";
import { write, type CliIo } from "../io.js";

const HELP = `usage: shellgate install <agent> [--user | --project] [--dry-run] [--queue DIR]
       shellgate install --list [--json]

Agents: ${AGENTS.join(", ")}. Adds shellgate's pre-tool hook to the agent's settings file, merged with what is
there: other settings and hooks stay as they are, the old file is backed up beside it, and running it again
changes nothing. --user (the default) writes the per-user file, --project the one in this git work tree.

  --dry-run     print the change as a diff and write nothing
  --queue DIR   approval queue the hook uses when the agent cannot ask (gemini, codex, copilot)
  --list        which agents are on this machine and where the hook is installed`;

export interface HookFileArgs {
  agent: AgentName;
  scope: Scope;
  dryRun: boolean;
  queue?: string;
}

/** Parses `<agent> [--user|--project] [--dry-run]` (and --queue when allowed) for install and uninstall. */
export function parseHookFileArgs(args: string[], help: string, allowQueue: boolean): HookFileArgs {
  let agent: AgentName | undefined;
  let scope: Scope | undefined;
  let dryRun = false;
  let queue: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-h" || a === "--help") throw new UsageError(help);
    if (a === "--user" || a === "--project") {
      const s: Scope = a === "--user" ? "user" : "project";
      if (scope && scope !== s) throw new UsageError(`--user and --project cannot be used together\n${help}`);
      scope = s;
    } else if (a === "--dry-run" || a === "-n") dryRun = true;
    else if (allowQueue && (a === "--queue" || a.startsWith("--queue="))) {
      const v = a === "--queue" ? args[++i] : a.slice("--queue=".length);
      if (!v) throw new UsageError(`--queue needs a directory\n${help}`);
      queue = v;
    } else if (a.startsWith("-")) throw new UsageError(`unknown option ${a}\n${help}`);
    else if (agent) throw new UsageError(`one agent at a time: got ${agent} and ${a}\n${help}`);
    else if (!isAgentName(a)) throw new UsageError(`unknown agent ${JSON.stringify(a)}: expected one of ${AGENTS.join(", ")}\n${help}`);
    else agent = a;
  }
  if (!agent) throw new UsageError(`name the agent: one of ${AGENTS.join(", ")}\n${help}`);
  return { agent, scope: scope ?? "user", dryRun, ...(queue ? { queue } : {}) };
}

/** ~/x for paths under HOME, so output reads like the docs. */
export function tildify(p: string, env: Record<string, string | undefined>): string {
  const home = env.HOME;
  return home && home !== "/" && (p === home || p.startsWith(`${home}/`)) ? `~${p.slice(home.length)}` : p;
}

/** The human report of an install or uninstall, shared by both commands. */
export function report(r: HookFileResult, verb: "install" | "uninstall", io: CliIo): void {
  const file = tildify(r.file, io.env);
  if (r.dryRun) {
    write(io.stdout, r.diff ? r.diff.trimEnd() : `no change: ${file}`);
    write(io.stdout, `(dry run: shellgate ${verb} ${r.agent} would ${r.diff ? (r.deleted ? "delete" : "change") : "leave"} ${file}; nothing was written)`);
  } else {
    const lines: string[] = [];
    if (r.action === "unchanged") lines.push(`shellgate: the ${r.title} hook is already installed in ${file}; nothing changed`);
    else if (r.action === "absent") lines.push(`shellgate: no ${r.title} hook of shellgate's in ${file}; nothing changed`);
    else if (r.action === "removed") lines.push(`shellgate: removed the ${r.title} hook from ${file}${r.deleted ? " (the file held nothing else, so it was deleted)" : ""}`);
    else lines.push(`shellgate: ${r.action} the ${r.title} hook in ${file}`);
    if (r.command && r.action !== "unchanged") lines.push(`  command: ${r.command}`);
    if (r.backup) lines.push(`  backup:  ${tildify(r.backup, io.env)}`);
    write(io.stdout, lines.join("\n"));
  }
  for (const w of r.warnings) write(io.stderr, `shellgate: warning: ${w}`);
  for (const n of r.notes) write(io.stdout, `  note: ${n}`);
}

function listText(all: AgentStatus[], env: Record<string, string | undefined>): string {
  const out: string[] = [];
  for (const a of all) {
    out.push(`${a.agent} (${a.title}): ${a.found.length ? `found ${a.found.map((f) => tildify(f, env)).join(", ")}` : "not found on this machine"}`);
    for (const h of a.hooks) {
      const state = h.state === "absent" ? "not installed" : h.state;
      out.push(`  ${h.scope.padEnd(7)}  ${state.padEnd(13)}  ${tildify(h.file, env)}${h.state === "stale" || h.state === "unreadable" ? `: ${h.detail}` : ""}`);
    }
  }
  return out.join("\n");
}

export async function run(args: string[], io: CliIo): Promise<number> {
  if (args.includes("--list")) {
    const rest = args.filter((a) => a !== "--list");
    const json = rest.includes("--json");
    const bad = rest.find((a) => a !== "--json");
    if (bad) throw new UsageError(`--list takes only --json, got ${bad}\n${HELP}`);
    const all = listAgents(io.env, resolve(io.cwd));
    write(io.stdout, json ? JSON.stringify(all) : listText(all, io.env));
    return 0;
  }
  const a = parseHookFileArgs(args, HELP, true);
  const r = installHook({ agent: a.agent, scope: a.scope, env: io.env, cwd: resolve(io.cwd), dryRun: a.dryRun, ...(a.queue ? { queue: resolve(io.cwd, a.queue) } : {}) });
  report(r, "install", io);
  return 0;
}
