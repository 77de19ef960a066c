// One hook call end to end: payload → request → guard() → verdict in the agent's words, audited; any failure is a block.
import { isAbsolute, resolve } from "node:path";
import type { Approval, AuditEvent } from "../../audit/types.js";
import type { CheckContext, Decision } from "../../types.js";
import type { guard as Guard } from "../guard.js";
import { parsePayload } from "./input.js";
import { askMessage, auditModeMessage, denyMessage, failMessage, howToApprove, needsApprovalMessage, warnMessage } from "./message.js";
import { HookInputError, maxQueueWait, type HookAdapter, type HookAnswer, type HookRequest } from "./types.js";

export interface HookOptions {
  /** The agent's environment: the command would run in it, so context (kube, AWS profile ...) is read from it. */
  env: Record<string, string | undefined>;
  /** The hook process's directory: the command's cwd when the payload names none. */
  cwd: string;
  /** Where the approval queue tells the human a request is waiting. */
  stderr: NodeJS.WritableStream;
  policyFile?: string;
  /** Approval queue for agents that cannot ask (a flag wins over the policy and SHELLGATE_QUEUE). */
  queue?: string;
  /** Cap on waiting for a human through the queue, under the agent's hook timeout. */
  maxWaitSeconds?: number;
  guard?: typeof Guard;
}

type AuditBase = Pick<AuditEvent, "decision" | "context" | "policySources" | "policy">;

function commandCwd(req: Extract<HookRequest, { kind: "shell" }>, fallback: string): string {
  if (req.cwd === undefined || req.cwd === "") return fallback;
  if (isAbsolute(req.cwd)) return resolve(req.cwd);
  return resolve(req.base && isAbsolute(req.base) ? req.base : fallback, req.cwd);
}

/** The agent's own prompt asks; it never tells hooks the answer, so the record says where the question went and no more. */
function agentPrompt(adapter: HookAdapter): Approval {
  return {
    by: adapter.title,
    at: new Date().toISOString(),
    channel: "agent-prompt",
    answer: "pending",
    note: `asked through ${adapter.title}'s own confirmation prompt; its answer is not reported to hooks`,
  };
}

// The pipeline and the audit log load only when a shell command is checked: payloads for other tools pass without them.
const pipeline = () => import("../guard.js");
const audit = () => import("../../audit/append.js");

async function safeAudit(event: AuditEvent): Promise<void> {
  try {
    await (await audit()).appendAudit(event);
  } catch {
    // appendAudit never throws by contract; a broken log must still not turn a refusal into a crash the agent reads as allow.
  }
}

/** Records a failure; a log that cannot even be loaded must not stop the refusal. */
async function auditFailure(command: string, problem: string, context: CheckContext): Promise<void> {
  try {
    const { failClosed } = await import("../../check.js");
    await safeAudit({ decision: failClosed(command, problem), context, outcome: "error" });
  } catch {
    // As in safeAudit: the blocking answer goes out regardless.
  }
}

/** Answers one payload. Never throws: bad input and internal errors come back as the agent's blocking answer. */
export async function runHook(adapter: HookAdapter, text: string, o: HookOptions): Promise<HookAnswer> {
  let ctx: CheckContext = { cwd: o.cwd, env: o.env, frontend: `hook:${adapter.name}`, agent: adapter.name };
  let command = "";
  try {
    const req = adapter.parse(parsePayload(text));
    if (req.kind === "pass") return adapter.render({ kind: "pass" });
    command = req.command;
    ctx = { ...ctx, cwd: commandCwd(req, o.cwd) };
    return await decide(adapter, req.command, ctx, o);
  } catch (e) {
    const problem = e instanceof HookInputError ? e.message : `internal error: ${(e as Error)?.message ?? String(e)}`;
    await auditFailure(command, problem, ctx);
    return adapter.render({ kind: "fail", message: failMessage(problem) });
  }
}

/** A failure before anything could be read (no stdin, oversized payload): the same blocking answer, audited. */
export async function failHook(adapter: HookAdapter, problem: string, o: Pick<HookOptions, "env" | "cwd">): Promise<HookAnswer> {
  const ctx: CheckContext = { cwd: o.cwd, env: o.env, frontend: `hook:${adapter.name}`, agent: adapter.name };
  await auditFailure("", problem, ctx);
  return adapter.render({ kind: "fail", message: failMessage(problem) });
}

async function decide(adapter: HookAdapter, command: string, ctx: CheckContext, o: HookOptions): Promise<HookAnswer> {
  // Start loading the audit log's module now; it is needed once the decision is in.
  void audit().catch(() => undefined);
  const { decision: d, policy } = await (o.guard ?? (await pipeline()).guard)(command, ctx, o.policyFile ? { policyFile: o.policyFile } : {});
  const base: AuditBase = { decision: d, context: ctx, ...(policy ? { policySources: policy.sources, policy } : {}) };
  // The agent runs or refuses the command, not shellgate: every record is "reported".
  const report = (approval?: Approval) => safeAudit({ ...base, outcome: "reported", ...(approval ? { approval } : {}) });

  if (d.errors.length) {
    await safeAudit({ ...base, outcome: "error" });
    return adapter.render({ kind: "fail", message: failMessage(d.errors.join("; ")) });
  }
  if (d.mode === "audit") {
    await report();
    return adapter.render(d.action === "allow" ? { kind: "pass" } : { kind: "pass", message: auditModeMessage(d) });
  }
  switch (d.action) {
    case "allow":
      await report();
      return adapter.render({ kind: "allow" });
    case "warn":
      await report();
      return adapter.render({ kind: "warn", message: warnMessage(d) });
    case "block":
      await report();
      return adapter.render({ kind: "deny", message: denyMessage(d) });
    case "ask":
      if (adapter.canAsk) {
        await report(agentPrompt(adapter));
        return adapter.render({ kind: "ask", message: askMessage(d) });
      }
      return askThroughQueue(adapter, command, d, ctx, o, base, policy);
  }
}

/** For agents without an ask: shellgate's approval queue when one is configured, else a refusal that says how to approve. */
async function askThroughQueue(
  adapter: HookAdapter,
  command: string,
  d: Decision,
  ctx: CheckContext,
  o: HookOptions,
  base: AuditBase,
  policy: Awaited<ReturnType<typeof Guard>>["policy"],
): Promise<HookAnswer> {
  const report = (approval?: Approval) => safeAudit({ ...base, outcome: "reported", ...(approval ? { approval } : {}) });
  const { askHuman, resolveQueue, resolveWaitSeconds } = await import("../approval/index.js");
  const queue = resolveQueue(o.queue, policy, ctx.env, ctx.cwd);
  if (!queue) {
    await report();
    return adapter.render({ kind: "deny", message: needsApprovalMessage(d, `${adapter.title} hooks cannot ask a human and no shellgate approval queue is configured`, howToApprove(adapter.name)) });
  }
  const r = await askHuman({
    decision: d,
    // What the agent's shell tool runs: the approver binds to this exact argv.
    argv: ["bash", "-c", command],
    ctx,
    queue,
    waitSeconds: resolveWaitSeconds(undefined, policy, ctx.env, o.maxWaitSeconds ?? maxQueueWait(adapter.name)),
    stderr: o.stderr,
    ...(policy ? { policy } : {}),
  });
  if (r.answer === "unavailable") {
    await report();
    return adapter.render({ kind: "deny", message: needsApprovalMessage(d, "the approval queue could not take the request", r.message) });
  }
  await report(r.approval);
  if (r.answer === "approve") return adapter.render({ kind: "warn", message: `shellgate: ${r.approval.by} approved this command through the approval queue (request ${r.request.id}).` });
  return adapter.render({ kind: "deny", message: `${r.message} Do not retry it; ask the user how to proceed.` });
}
