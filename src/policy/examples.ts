// Runs each rule's `examples` when a policy loads: a rule that misses its own examples is a policy error.
import { resolve } from "node:path";
import type { CheckContext, Decision } from "../types.js";
import { ruleMatches, unitsOf } from "./match.js";
import type { Policy, PolicyLayer, PolicyRule, RuleExample } from "./types.js";

/** Examples run in a fixed neutral place, so a policy loads the same way on every machine; name production targets with flags or `env`. */
export const EXAMPLE_HOME = "/home/shellgate-example";
export const EXAMPLE_PROJECT = `${EXAMPLE_HOME}/project`;

export function exampleContext(ex: { cwd?: string; env?: Record<string, string> }): CheckContext {
  return {
    cwd: resolve(EXAMPLE_PROJECT, ex.cwd ?? "."),
    env: { HOME: EXAMPLE_HOME, USER: "example", PATH: "/usr/local/bin:/usr/bin:/bin", ...(ex.env ?? {}) },
    frontend: "api",
  };
}

function seen(d: Decision): string {
  if (d.findings.length) return `shellgate saw ${d.findings.map((f) => `${f.id} [${f.risk}]`).join(", ")}`;
  const programs = [...new Set(d.invocations.map((i) => i.program).filter(Boolean))];
  return `shellgate saw no findings${programs.length ? ` (programs: ${programs.join(", ")})` : ""}`;
}

/** Does the rule match any finding (or finding-less command) of the example? */
export async function exampleMatches(rule: PolicyRule, ex: Pick<RuleExample, "command" | "cwd" | "env">, policy: Policy): Promise<{ matched: boolean; decision: Decision }> {
  const { check } = await import("../check.js");
  const context = exampleContext(ex);
  const decision = await check(ex.command, context, { policy });
  const units = unitsOf({ command: decision.command, findings: decision.findings, invocations: decision.invocations, context });
  const input = { command: decision.command, findings: decision.findings, invocations: decision.invocations, context };
  return { matched: units.some((u) => ruleMatches(rule.match, u, input)), decision };
}

export async function checkExamples(layers: PolicyLayer[], policy: Policy): Promise<string[]> {
  const errors: string[] = [];
  for (const layer of layers) {
    for (const rule of layer.rules) {
      for (const ex of rule.examples ?? []) {
        const where = `${rule.source}${ex.line !== undefined ? `:${ex.line}` : ""}: ${ex.at}`;
        const { matched, decision } = await exampleMatches(rule, ex, policy);
        if (decision.errors.length) errors.push(`${where}: example "${ex.command}" could not be checked: ${decision.errors.join("; ")}`);
        else if (ex.expect === "match" && !matched) errors.push(`${where}: example "${ex.command}" should match rule "${rule.id}" but does not; ${seen(decision)}`);
        else if (ex.expect === "not_match" && matched) errors.push(`${where}: example "${ex.command}" should not match rule "${rule.id}" but does; ${seen(decision)}`);
      }
    }
  }
  return errors;
}
