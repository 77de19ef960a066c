// guard(): what every front end calls — load the policy for the context, run check(); fail closed on any error.
import { check, failClosed, type CheckInput } from "../check.js";
import { loadPolicy } from "../policy/index.js";
import type { Policy } from "../policy/index.js";
import type { CheckContext, Decision } from "../types.js";

export interface GuardResult {
  decision: Decision;
  policy?: Policy;
}

export async function guard(input: CheckInput, ctx: CheckContext, opts: { policyFile?: string } = {}): Promise<GuardResult> {
  let policy: Policy;
  try {
    policy = await loadPolicy(ctx, opts.policyFile ? { file: opts.policyFile } : {});
  } catch (e) {
    const text = typeof input === "string" ? input : input.argv.join(" ");
    return { decision: failClosed(text, `policy could not be loaded: ${(e as Error).message}`) };
  }
  return { decision: await check(input, ctx, { policy }), policy };
}
