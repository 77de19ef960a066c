// Builds the request a guard files for a human: what would run, where, why it needs approval, and which production target is at stake.
import { existsSync, readFileSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import type { CheckContext, Decision, Evidence } from "../../types.js";
import { bindingOf } from "./queue.js";
import { REQUEST_VERSION, type ApprovalRequest } from "./types.js";

/** Production evidence behind the findings: only values that matched a production pattern. */
export function productionEvidence(d: Decision): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const f of d.findings) {
    for (const e of f.evidence ?? []) {
      if (!e.pattern || !e.value) continue;
      const key = `${e.kind}\0${e.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(e);
    }
  }
  return out;
}

export function currentUser(env: Record<string, string | undefined>): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.LOGNAME ?? `uid ${process.getuid?.() ?? "?"}`;
  }
}

/** Whether this process runs in a container, and which: shown to the human next to the host name. */
export function containerInfo(env: Record<string, string | undefined>): { runtime: string; id?: string } | undefined {
  const host = hostname();
  if (existsSync("/.dockerenv")) return { runtime: "docker", id: host };
  if (existsSync("/run/.containerenv")) return { runtime: "podman", id: host };
  if (env.KUBERNETES_SERVICE_HOST) return { runtime: "kubernetes", id: host };
  try {
    const cg = readFileSync("/proc/1/cgroup", "utf8");
    const m = /(docker|kubepods|containerd|lxc|libpod)/.exec(cg);
    if (m) return { runtime: m[1]!, id: host };
  } catch {
    /* no /proc: not Linux, or not readable */
  }
  return undefined;
}

export function buildRequest(opts: { id: string; decision: Decision; argv: string[]; ctx: CheckContext; waitSeconds: number; now?: Date }): ApprovalRequest {
  const now = opts.now ?? new Date();
  const d = opts.decision;
  const production = productionEvidence(d);
  const container = containerInfo(opts.ctx.env);
  const base = {
    version: REQUEST_VERSION,
    id: opts.id,
    state: "pending" as const,
    argv: opts.argv,
    command: d.command,
    cwd: opts.ctx.cwd,
    frontend: opts.ctx.frontend ?? "cli",
    findings: d.findings.map((f) => ({
      id: f.id,
      risk: f.risk,
      categories: f.categories,
      message: f.message,
      ...(f.hint ? { hint: f.hint } : {}),
      ...(f.evidence?.length ? { evidence: f.evidence } : {}),
    })),
    reasons: d.reasons,
    production,
    targets: [...new Set(production.map((e) => e.value))],
    host: hostname(),
    ...(container ? { container } : {}),
    user: currentUser(opts.ctx.env),
    pid: process.pid,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + Math.round(opts.waitSeconds * 1000)).toISOString(),
  };
  return { ...base, binding: bindingOf(base) };
}
