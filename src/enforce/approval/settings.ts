// Where the approval queue is and how long a guard waits: a flag first, then the policy, then the environment.
import { resolve } from "node:path";
import { UsageError } from "../../errors.js";
import type { Policy } from "../../policy/index.js";

/** Default bounded wait for a human's answer. */
export const DEFAULT_WAIT_SECONDS = 300;

/** The optional `approvals` block a policy may carry (`approvals: { queue, timeout }`). */
export interface ApprovalPolicySettings {
  queue?: string;
  /** Seconds a guard waits for an answer. */
  timeout?: number;
}

export function policyApprovals(policy: Policy | undefined): ApprovalPolicySettings {
  const raw = (policy as { approvals?: unknown } | undefined)?.approvals;
  if (!raw || typeof raw !== "object") return {};
  const a = raw as Record<string, unknown>;
  return {
    ...(typeof a.queue === "string" && a.queue ? { queue: a.queue } : {}),
    ...(typeof a.timeout === "number" && a.timeout > 0 ? { timeout: a.timeout } : {}),
  };
}

/**
 * The queue directory. A flag wins (shims carry the one they were installed with, so an agent that
 * sets SHELLGATE_QUEUE cannot point its own shims at a queue it answers itself), then the policy,
 * then SHELLGATE_QUEUE.
 */
export function resolveQueue(flag: string | undefined, policy: Policy | undefined, env: Record<string, string | undefined>, cwd: string): string | undefined {
  const q = flag || policyApprovals(policy).queue || env.SHELLGATE_QUEUE || undefined;
  return q ? resolve(cwd, q) : undefined;
}

/** Seconds to wait for a human: flag, policy, SHELLGATE_APPROVAL_TIMEOUT, default; never beyond the shim's cap. */
export function resolveWaitSeconds(flag: number | undefined, policy: Policy | undefined, env: Record<string, string | undefined>, cap?: number): number {
  let s = flag ?? policyApprovals(policy).timeout;
  if (s === undefined && env.SHELLGATE_APPROVAL_TIMEOUT) {
    const n = Number(env.SHELLGATE_APPROVAL_TIMEOUT);
    if (Number.isFinite(n) && n > 0) s = n;
  }
  s ??= DEFAULT_WAIT_SECONDS;
  return cap !== undefined && cap > 0 ? Math.min(s, cap) : s;
}

/** Parses a positive number of seconds from a flag value, naming the flag when it is wrong. */
export function secondsArg(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || value === "" || !Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} needs a positive number of seconds, got ${JSON.stringify(value ?? "")}`);
  return n;
}
