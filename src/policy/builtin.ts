// The built-in risk table (low allows, medium warns, high asks, critical blocks): the base layer of every policy.
import type { Action, Reason, Risk } from "../types.js";
import { ACTIONS, RISKS } from "../types.js";
import { DEFAULT_PRODUCTION } from "../context/production.js";
import { compileLayers } from "./engine.js";
import type { DecideInput, Policy, PolicyLayer } from "./types.js";

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

/** The base layer: the risk table and the default production patterns. `source` names it (`built-in`, or `preset:recommended` when it stands for that preset). */
export function baseLayer(source: string): PolicyLayer {
  return {
    layer: "built-in",
    source,
    sources: [source],
    defaults: Object.fromEntries(RISKS.map((r) => [r, { action: DEFAULT_RISK_ACTIONS[r], source }])),
    production: { replace: true, ...structuredClone(DEFAULT_PRODUCTION), source },
    rules: [],
    tests: [],
  };
}

/** The policy of the `recommended` preset, held in code so that a check with no policy file anywhere parses no YAML. */
export const RECOMMENDED_SOURCE = "preset:recommended";

let recommended: Policy | undefined;

/** What applies when no policy file exists: the recommended preset (tests keep policies/recommended.yaml equal to it). */
export function defaultPolicy(): Policy {
  return (recommended ??= compileLayers([baseLayer(RECOMMENDED_SOURCE)]));
}

export function builtinPolicy(): Policy {
  return compileLayers([baseLayer("built-in")]);
}
