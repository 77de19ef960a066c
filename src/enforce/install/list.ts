// `install --list`: which agents are on this machine (config dirs, programs on PATH) and where shellgate's hook is installed.
import { existsSync } from "node:fs";
import { AGENTS, type AgentName } from "../hooks/types.js";
import { onPath, SPECS, type Scope } from "./agents.js";
import { binOf } from "./command.js";
import { findHooks } from "./edit.js";
import { readSettings } from "./settings-file.js";

export interface ScopeStatus {
  scope: Scope;
  file: string;
  /** installed; stale (points at a shellgate that is gone); absent; unreadable (the file is not valid JSON, or cannot be read). */
  state: "installed" | "stale" | "absent" | "unreadable";
  detail?: string;
}

export interface AgentStatus {
  agent: AgentName;
  title: string;
  /** Config directories and programs found; empty when the agent does not seem to be here. */
  found: string[];
  hooks: ScopeStatus[];
}

function scopeStatus(agent: AgentName, scope: Scope, env: Record<string, string | undefined>, cwd: string): ScopeStatus {
  const spec = SPECS[agent];
  const file = spec.file(scope, env, cwd);
  try {
    const sf = readSettings(file);
    const found = findHooks(sf.doc, spec, file);
    if (!found.length) return { scope, file, state: "absent" };
    const command = String(found[0]!.entry[spec.commandKey]);
    const bin = binOf(command);
    if (bin && !existsSync(bin)) return { scope, file, state: "stale", detail: `${bin} is gone` };
    return { scope, file, state: "installed", detail: command };
  } catch (e) {
    return { scope, file, state: "unreadable", detail: (e as Error).message };
  }
}

export function listAgents(env: Record<string, string | undefined>, cwd: string): AgentStatus[] {
  return AGENTS.map((agent) => {
    const spec = SPECS[agent];
    const { dirs, programs } = spec.detect(env);
    const found = [...dirs.filter((d) => existsSync(d)), ...programs.map((p) => onPath(p, env)).filter((p): p is string => !!p)];
    return { agent, title: spec.title, found, hooks: (["user", "project"] as const).map((s) => scopeStatus(agent, s, env, cwd)) };
  });
}
