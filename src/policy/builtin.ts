// The built-in risk table: low allows, medium warns, high asks, critical blocks.
import type { Action, Reason, Risk } from "../types.js";
import { ACTIONS } from "../types.js";
import { DEFAULT_PRODUCTION } from "../context/production.js";
import type { DecideInput, Policy } from "./types.js";

export const DEFAULT_RISK_ACTIONS: Record<Risk, Action> = { low: "allow", medium: "warn", high: "ask", critical: "block" };

export const strictest = (a: Action, b: Action): Action => (ACTIONS.indexOf(a) >= ACTIONS.indexOf(b) ? a : b);

/** Decides by the risk table alone; every finding contributes a reason naming its risk row. */
export function decideByRisk(input: DecideInput, table: Record<Risk, Action>, source: string): { action: Action; reasons: Reason[] } {
  let action: Action = "allow";
  const byRow = new Map<Risk, Reason>();
  for (const f of input.findings) {
    const a = table[f.risk];
    action = strictest(action, a);
    const r = byRow.get(f.risk) ?? { rule: `defaults/${f.risk}`, source, action: a, findings: [] };
    if (!r.findings.includes(f.id)) r.findings.push(f.id);
    byRow.set(f.risk, r);
  }
  const reasons = [...byRow.values()].sort((x, y) => ACTIONS.indexOf(y.action) - ACTIONS.indexOf(x.action));
  return { action, reasons };
}

export function builtinPolicy(): Policy {
  return {
    mode: "enforce",
    defaults: { ...DEFAULT_RISK_ACTIONS },
    production: DEFAULT_PRODUCTION,
    sources: ["built-in"],
    errors: [],
    decide(input) {
      return decideByRisk(input, this.defaults, "built-in");
    },
  };
}
