// Where the audit log lives: a locked policy's audit.path, else SHELLGATE_AUDIT_LOG, else the policy's path, else $XDG_STATE_HOME/shellgate/audit.jsonl.
import { statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import type { AuditSettings } from "../policy/types.js";

export const LOG_NAME = "audit.jsonl";

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The default location: $XDG_STATE_HOME/shellgate/audit.jsonl, or ~/.local/state/shellgate/audit.jsonl (HOME from the context env). */
export function defaultAuditPath(env: Record<string, string | undefined>): string {
  const xdg = env.XDG_STATE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, "shellgate", LOG_NAME);
  const home = env.HOME;
  if (!home || !isAbsolute(home)) throw new Error("neither XDG_STATE_HOME nor HOME is set to an absolute path, so the audit log has no default location");
  return join(home, ".local", "state", "shellgate", LOG_NAME);
}

export interface AuditLocation {
  path: string;
  /** What chose it: `policy <source>`, `SHELLGATE_AUDIT_LOG`, `default`. */
  from: string;
}

/** A path naming a directory (trailing `/`, or an existing directory such as /var/log/shellgate) gets audit.jsonl inside it. */
export function auditLocation(env: Record<string, string | undefined>, settings?: AuditSettings, cwd = "/"): AuditLocation {
  const fromEnv = env.SHELLGATE_AUDIT_LOG;
  let loc: AuditLocation;
  if (settings?.path && settings.locked) loc = { path: settings.path, from: `policy ${settings.source ?? ""} (locked)`.replace("  ", " ") };
  else if (fromEnv && !settings?.locked) loc = { path: isAbsolute(fromEnv) ? fromEnv : join(cwd, fromEnv), from: "SHELLGATE_AUDIT_LOG" };
  else if (settings?.path) loc = { path: settings.path, from: `policy ${settings.source ?? ""}`.trim() };
  else loc = { path: defaultAuditPath(env), from: "default" };
  if (loc.path.endsWith("/") || isDir(loc.path)) loc.path = join(loc.path, LOG_NAME);
  return loc;
}
