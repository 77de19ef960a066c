// The hook command an agent runs: this installation's bin/shellgate by absolute path, quoted for the agent's shell.
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ShellgateError } from "../../errors.js";
import type { AgentName } from "../hooks/types.js";

/** Quotes a word for sh only when it needs it, so ordinary paths stay readable in the settings file. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** This installation's bin/shellgate, found from this module whether bundled (dist/chunks) or not (src/enforce/install). */
export function shellgateBin(from = dirname(fileURLToPath(import.meta.url))): string {
  let d = from;
  for (;;) {
    const bin = join(d, "bin", "shellgate");
    const pkg = join(d, "package.json");
    if (existsSync(bin) && existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { name?: unknown }).name === "shellgate") return realpathSync(bin);
      } catch {
        // Not our package.json: keep walking up.
      }
    }
    const up = dirname(d);
    if (up === d) throw new ShellgateError("internal", `cannot find shellgate's bin/shellgate above ${from}`);
    d = up;
  }
}

export interface HookCommandOptions {
  bin: string;
  queue?: string;
}

export function hookCommand(agent: AgentName, o: HookCommandOptions): string {
  const parts = [shellQuote(o.bin), "hook", agent];
  if (o.queue) parts.push("--queue", shellQuote(resolve(o.queue)));
  return parts.join(" ");
}

/** Does a configured command run `shellgate hook <agent>` (any path, quoted or not, by bin or by npx)? */
export function isShellgateHook(command: unknown, agent: AgentName): boolean {
  if (typeof command !== "string") return false;
  return new RegExp(`(^|[\\s/'"])shellgate(\\.m?js)?['"]?\\s+hook\\s+${agent}(\\s|$)`).test(command);
}

/** The shellgate program a hook command names, when it names one by absolute path (to report a stale install). */
export function binOf(command: string): string | undefined {
  const m = /^\s*(?:'((?:[^']|'\\'')*)'|"([^"]*)"|(\S+))/.exec(command);
  const p = m?.[1]?.replace(/'\\''/g, "'") ?? m?.[2] ?? m?.[3];
  return p && isAbsolute(p) ? p : undefined;
}
