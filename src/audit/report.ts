// Aggregates audit records for `shellgate report`: counts by decision, tool, rule, front end and agent, and the most blocked commands.
import type { Action } from "../types.js";
import type { AuditRecord } from "./types.js";

export interface Report {
  since?: string;
  until?: string;
  total: number;
  byDecision: Record<Action, number>;
  /** Decided in audit mode: recorded, not enforced. */
  auditMode: number;
  byOutcome: Record<string, number>;
  byTool: { tool: string; total: number; ask: number; block: number }[];
  byRule: { rule: string; total: number; ask: number; block: number }[];
  byFrontend: Record<string, number>;
  byAgent: Record<string, number>;
  topBlocked: { command: string; count: number; rules: string[] }[];
  approvals: Record<string, number>;
}

export function emptyReport(): Report {
  return { total: 0, byDecision: { allow: 0, warn: 0, ask: 0, block: 0 }, auditMode: 0, byOutcome: {}, byTool: [], byRule: [], byFrontend: {}, byAgent: {}, topBlocked: [], approvals: {} };
}

export class ReportBuilder {
  private r = emptyReport();
  private tools = new Map<string, { tool: string; total: number; ask: number; block: number }>();
  private rules = new Map<string, { rule: string; total: number; ask: number; block: number }>();
  private blocked = new Map<string, { command: string; count: number; rules: Set<string> }>();

  add(rec: AuditRecord): void {
    const r = this.r;
    r.total++;
    r.byDecision[rec.decision] = (r.byDecision[rec.decision] ?? 0) + 1;
    if (rec.mode === "audit") r.auditMode++;
    r.byOutcome[rec.outcome] = (r.byOutcome[rec.outcome] ?? 0) + 1;
    r.byFrontend[rec.frontend] = (r.byFrontend[rec.frontend] ?? 0) + 1;
    if (rec.agent) r.byAgent[rec.agent] = (r.byAgent[rec.agent] ?? 0) + 1;
    if (rec.approval) r.approvals[rec.approval.answer] = (r.approvals[rec.approval.answer] ?? 0) + 1;
    const bump = (row: { total: number; ask: number; block: number }) => {
      row.total++;
      if (rec.decision === "ask") row.ask++;
      if (rec.decision === "block") row.block++;
    };
    for (const t of rec.tools ?? []) {
      const row = this.tools.get(t) ?? { tool: t, total: 0, ask: 0, block: 0 };
      bump(row);
      this.tools.set(t, row);
    }
    for (const id of new Set((rec.reasons ?? []).filter((x) => x.action !== "allow").map((x) => x.rule))) {
      const row = this.rules.get(id) ?? { rule: id, total: 0, ask: 0, block: 0 };
      bump(row);
      this.rules.set(id, row);
    }
    if (rec.decision === "block") {
      const row = this.blocked.get(rec.command) ?? { command: rec.command, count: 0, rules: new Set<string>() };
      row.count++;
      for (const x of rec.reasons ?? []) if (x.action === "block") row.rules.add(x.rule);
      this.blocked.set(rec.command, row);
    }
  }

  build(top = 10, period: { since?: Date; until?: Date } = {}): Report {
    const byCount = <T extends { total: number }>(a: T, b: T) => b.total - a.total;
    return {
      ...this.r,
      ...(period.since ? { since: period.since.toISOString() } : {}),
      ...(period.until ? { until: period.until.toISOString() } : {}),
      byTool: [...this.tools.values()].sort(byCount),
      byRule: [...this.rules.values()].sort(byCount),
      topBlocked: [...this.blocked.values()]
        .sort((a, b) => b.count - a.count)
        .slice(0, top)
        .map((b) => ({ command: b.command, count: b.count, rules: [...b.rules] })),
    };
  }
}
