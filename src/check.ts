// check(): the whole pipeline — parse, classify, decide — that every front end calls.
import type { CheckContext, Decision, Finding, Invocation } from "./types.js";
import { invocationsFromArgv, invocationsFromText, loadParser, parseCommand } from "./parse/index.js";
import { classify } from "./classify/classify.js";
import { allRules, loadedRules, rulesFor } from "./classify/load-rules.js";
import { PACK_INDEX } from "./classify/pack-index.js";
import type { RuleModule } from "./classify/rule.js";
import { builtinPolicy, type Policy } from "./policy/index.js";

/** Command text as an agent or a shell line gives it, or argv as a PATH shim receives it. */
export type CheckInput = string | { argv: string[] };

export interface CheckOptions {
  policy?: Policy;
  rules?: readonly RuleModule[];
}

let defaultPolicy: Policy | undefined;

/** Runs the pipeline. Never throws: an internal failure becomes a `block` decision that says why. */
export async function check(input: CheckInput, context: CheckContext, opts: CheckOptions = {}): Promise<Decision> {
  const policy = opts.policy ?? (defaultPolicy ??= builtinPolicy());
  let command = typeof input === "string" ? input : input.argv.join(" ");
  try {
    let invocations: Invocation[];
    if (typeof input === "string") invocations = await parseCommand(input, context);
    else {
      const r = await invocationsFromArgv(input.argv, context);
      command = r.text;
      invocations = r.invocations;
    }
    return decide(command, invocations, context, policy, opts.rules ?? (await rulesFor(invocations)));
  } catch (e) {
    return failClosed(command, `shellgate could not check this command: ${(e as Error).message}`);
  }
}

/** Loads the parser and every rule pack, so checkTextSync() can run (long-lived processes call it once). */
export async function prepareSync(): Promise<void> {
  await Promise.all([loadParser(), allRules()]);
}

/** Synchronous variant for long-lived callers that awaited prepareSync() (benchmarks, daemons). */
export function checkTextSync(text: string, context: CheckContext, opts: CheckOptions = {}): Decision {
  const policy = opts.policy ?? (defaultPolicy ??= builtinPolicy());
  // Running with only some packs loaded would let commands through unchecked: refuse instead.
  if (!opts.rules && loadedRules().length !== PACK_INDEX.length) return failClosed(text, "checkTextSync() called before prepareSync()");
  try {
    return decide(text, invocationsFromText(text, context), context, policy, opts.rules ?? loadedRules());
  } catch (e) {
    return failClosed(text, `shellgate could not check this command: ${(e as Error).message}`);
  }
}

function decide(command: string, invocations: Invocation[], context: CheckContext, policy: Policy, rules: readonly RuleModule[]): Decision {
  if (policy.errors.length) {
    return { ...failClosed(command, ...policy.errors.map((e) => `policy error: ${e}`)), invocations, mode: "enforce" };
  }
  const findings: Finding[] = classify(invocations, context, { rules, production: policy.production });
  const { action, reasons } = policy.decide({ command, findings, invocations, context });
  return { action, command, reasons, findings, errors: [], invocations, mode: policy.mode };
}

export function failClosed(command: string, ...errors: string[]): Decision {
  return {
    action: "block",
    command,
    reasons: [{ rule: "shellgate/fail-closed", source: "built-in", action: "block", findings: [], message: errors.join("; ") }],
    findings: [],
    errors,
    invocations: [],
  };
}
