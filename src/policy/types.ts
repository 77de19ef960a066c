// What the check pipeline needs from a policy: production patterns, a mode, and a decide() over findings.
import type { Action, CheckContext, Finding, Invocation, Reason, Risk } from "../types.js";
import type { ProductionPatterns } from "../context/production.js";

export interface DecideInput {
  command: string;
  findings: Finding[];
  invocations: Invocation[];
  context: CheckContext;
}

export interface Policy {
  mode: "enforce" | "audit";
  /** Action per risk level when no policy rule matches a finding. */
  defaults: Record<Risk, Action>;
  production: ProductionPatterns;
  /** Files and presets this policy was built from, outermost first. */
  sources: string[];
  /** Load or validation errors; a policy with errors makes every check fail closed. */
  errors: string[];
  decide(input: DecideInput): { action: Action; reasons: Reason[] };
}
