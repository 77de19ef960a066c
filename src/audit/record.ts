// Turns an audit event into the record written to the log: who, where, what (redacted), what was decided and why.
import { randomUUID } from "node:crypto";
import { hostname, userInfo } from "node:os";
import type { AuditEvent, AuditFinding, AuditReason, UnsealedRecord } from "./types.js";
import { redact } from "./redact.js";

function userOf(env: Record<string, string | undefined>): string | undefined {
  if (env.USER) return env.USER;
  if (env.LOGNAME) return env.LOGNAME;
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

export function buildRecord(event: AuditEvent, now: Date = new Date()): UnsealedRecord {
  const d = event.decision;
  const ctx = event.context;
  const findings: AuditFinding[] = d.findings.map((f) => ({
    id: f.id,
    risk: f.risk,
    categories: f.categories,
    ...(f.program ? { program: f.program } : {}),
    ...(f.evidence?.length ? { evidence: f.evidence.map((e) => ({ ...e, value: redact(e.value), source: redact(e.source) })) } : {}),
  }));
  const reasons: AuditReason[] = d.reasons.map((r) => ({
    rule: r.rule,
    source: r.source,
    ...((r as { layer?: string }).layer ? { layer: (r as { layer?: string }).layer } : {}),
    action: r.action,
    findings: r.findings,
  }));
  const tools = [...new Set(d.invocations.map((i) => i.program).filter((p): p is string => !!p))];
  const policy = event.policy?.sources ?? event.policySources ?? [...new Set(d.reasons.map((r) => r.source))];
  const user = userOf(ctx.env);
  return {
    v: 1,
    time: now.toISOString(),
    id: randomUUID(),
    frontend: ctx.frontend ?? "api",
    ...(ctx.agent ? { agent: ctx.agent } : {}),
    ...(user ? { user } : {}),
    host: hostname(),
    cwd: ctx.cwd,
    command: redact(d.command),
    tools,
    decision: d.action,
    mode: d.mode ?? "enforce",
    findings,
    reasons,
    policy,
    ...(event.approval ? { approval: { ...event.approval, ...(event.approval.note ? { note: redact(event.approval.note) } : {}) } } : {}),
    outcome: event.outcome,
    ...(d.errors.length ? { errors: d.errors.map(redact) } : {}),
  };
}
