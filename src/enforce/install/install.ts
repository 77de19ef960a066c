// install/uninstall of shellgate's hook in one agent's settings file: merge, back up, write atomically, or only show the diff.
import { existsSync } from "node:fs";
import type { AgentName } from "../hooks/types.js";
import { SPECS, type AgentSpec, type Scope } from "./agents.js";
import { hookCommand, shellgateBin } from "./command.js";
import { unifiedDiff } from "./diff.js";
import { findHooks, withHook, withoutHook } from "./edit.js";
import { backup, readSettings, removeFile, serialize, writeAtomic } from "./settings-file.js";

export interface HookFileOptions {
  agent: AgentName;
  scope: Scope;
  env: Record<string, string | undefined>;
  cwd: string;
  dryRun?: boolean;
  /** bin/shellgate to point the hook at (default: this installation's). */
  bin?: string;
  /** Approval queue the hook passes on (agents that cannot ask). */
  queue?: string;
  now?: Date;
}

export interface HookFileResult {
  agent: AgentName;
  title: string;
  scope: Scope;
  file: string;
  /** installed / updated / unchanged for install; removed / absent for uninstall. */
  action: "installed" | "updated" | "unchanged" | "removed" | "absent";
  /** The file was deleted (a file that held only shellgate's hook). */
  deleted?: boolean;
  dryRun: boolean;
  diff: string;
  backup?: string;
  command?: string;
  /** Settings that keep the hook from running. */
  warnings: string[];
  /** Steps left to the user. */
  notes: string[];
}

/** What to add by hand when shellgate refuses to rewrite a file. */
function byHand(spec: AgentSpec, entry: Record<string, unknown>): string {
  const item = spec.shape.kind === "grouped" ? { matcher: spec.shape.matcher, hooks: [entry] } : entry;
  return `To install by hand, add ${JSON.stringify(item)} to "hooks.${spec.event}".`;
}

function base(o: HookFileOptions, spec: AgentSpec, file: string): Pick<HookFileResult, "agent" | "title" | "scope" | "file" | "dryRun"> {
  return { agent: o.agent, title: spec.title, scope: o.scope, file, dryRun: !!o.dryRun };
}

export function installHook(o: HookFileOptions): HookFileResult {
  const spec = SPECS[o.agent];
  const file = spec.file(o.scope, o.env, o.cwd);
  const bin = o.bin ?? shellgateBin();
  const command = hookCommand(o.agent, { bin, ...(o.queue ? { queue: o.queue } : {}) });
  const entry = spec.entry(command);
  const current = readSettings(file, byHand(spec, entry));
  const had = findHooks(current.doc, spec, file).length > 0;
  const { doc, changed } = withHook(current.doc, spec, entry, file);
  const after = changed ? serialize(doc, current.indent) : current.text;
  const result: HookFileResult = {
    ...base(o, spec, file),
    action: !changed ? "unchanged" : had ? "updated" : "installed",
    diff: unifiedDiff(current.text, after, file, `${file} (after shellgate install ${o.agent})`),
    command,
    warnings: [],
    notes: [],
  };
  const off = spec.disabledBy?.(doc);
  if (off) result.warnings.push(`${file}: ${off}, so the shellgate hook will not run until that is removed`);
  if (!existsSync(bin)) result.warnings.push(`${bin} does not exist, so the agent cannot start the hook`);
  const note = spec.note?.(o.scope);
  if (note) result.notes.push(note);
  if (changed && !o.dryRun) {
    const b = current.exists ? backup(file, o.now) : undefined;
    if (b) result.backup = b;
    writeAtomic(file, after);
  }
  return result;
}

export function uninstallHook(o: HookFileOptions): HookFileResult {
  const spec = SPECS[o.agent];
  const file = spec.file(o.scope, o.env, o.cwd);
  const current = readSettings(file);
  const { doc, removed } = withoutHook(current.doc, spec, file);
  if (!current.exists || !removed) return { ...base(o, spec, file), action: "absent", diff: "", warnings: [], notes: [] };
  // A file that was only ever shellgate's (Copilot's .github/hooks/shellgate.json) goes once it holds nothing else.
  const empty = Object.keys(doc).every((k) => k === "version");
  const deleted = spec.ownFile && empty;
  const after = deleted ? "" : serialize(doc, current.indent);
  const result: HookFileResult = {
    ...base(o, spec, file),
    action: "removed",
    ...(deleted ? { deleted } : {}),
    diff: unifiedDiff(current.text, after, file, deleted ? "/dev/null" : `${file} (after shellgate uninstall ${o.agent})`),
    warnings: [],
    notes: [],
  };
  if (!o.dryRun) {
    const b = backup(file, o.now);
    if (b) result.backup = b;
    if (deleted) removeFile(file);
    else writeAtomic(file, after);
  }
  return result;
}
