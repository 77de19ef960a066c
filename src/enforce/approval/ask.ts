// The guard's side of the queue: file a request, wait (bounded) for a decision that binds to it, and settle it exactly once.
import { accessSync, constants, existsSync } from "node:fs";
import { appendAudit, type Approval, type AuditEvent } from "../../audit/index.js";
import type { CheckContext, Decision } from "../../types.js";
import { bindingOf, decisionFile, ensureDir, newId, parseDecision, queuePaths, readQueueFile, requestFile, sidesProblem, writeAtomic, type QueuePaths } from "./queue.js";
import { buildRequest } from "./request.js";
import type { ApprovalRequest, RequestState } from "./types.js";

export interface AskOptions {
  decision: Decision;
  /** The exact argv that runs when approved. */
  argv: string[];
  ctx: CheckContext;
  queue?: string;
  waitSeconds: number;
  stderr: NodeJS.WritableStream;
  /** Called once the request is filed, before waiting (the shim extends its watchdog). */
  notify?: () => void;
  /** The policy the guard decided with: the audit records name it and it says where the log goes. */
  policy?: NonNullable<AuditEvent["policy"]>;
  pollMs?: number;
}

export type AskResult =
  | { answer: "approve"; approval: Approval; request: ApprovalRequest }
  | { answer: "deny" | "timeout"; approval: Approval; request: ApprovalRequest; message: string }
  | { answer: "unavailable"; message: string };

const HOW_TO_APPROVE =
  "A human can approve it by running it themselves; or by giving shellgate an approval queue (policy `approvals.queue`, " +
  "SHELLGATE_QUEUE, or `shellgate shims install --queue DIR`) and answering with `shellgate approvals --queue DIR`; " +
  "or by running the agent under `shellgate wrap`, which asks on the human's own terminal.";

/** Why nobody can be asked, and how a human can approve after all. */
export function noApproverMessage(why: string): string {
  return `nobody can approve it here: ${why}. ${HOW_TO_APPROVE}`;
}

function oneLine(s: string): string {
  const t = s.replace(/[\r\n]+/g, "⏎");
  return t.length > 200 ? `${t.slice(0, 197)}...` : t;
}

function writableByMe(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export async function askHuman(opts: AskOptions): Promise<AskResult> {
  const { decision, ctx } = opts;
  if (!opts.queue) return { answer: "unavailable", message: noApproverMessage("no approval queue is configured") };
  const q = queuePaths(opts.queue);
  try {
    ensureDir(q.requests, 0o755);
    accessSync(q.requests, constants.W_OK);
  } catch (e) {
    return { answer: "unavailable", message: noApproverMessage(`the approval queue's requests side ${q.requests} is not writable (${(e as Error).message})`) };
  }
  const sides = sidesProblem(q);
  if (sides) return { answer: "unavailable", message: noApproverMessage(`the approval queue is unsafe: ${sides}`) };

  let request: ApprovalRequest | undefined;
  for (let i = 0; i < 20 && !request; i++) {
    const id = newId();
    if (existsSync(requestFile(q, id)) || existsSync(decisionFile(q, id))) continue;
    request = buildRequest({ id, decision, argv: opts.argv, ctx, waitSeconds: opts.waitSeconds });
  }
  if (!request) return { answer: "unavailable", message: noApproverMessage("no free request id could be found in the queue") };
  try {
    writeAtomic(requestFile(q, request.id), JSON.stringify(request, null, 2) + "\n", { exclusive: true });
  } catch (e) {
    return { answer: "unavailable", message: noApproverMessage(`the request could not be written (${(e as Error).message})`) };
  }
  const base: AuditBase = { decision, context: ctx, ...(opts.policy ? { policySources: opts.policy.sources, policy: opts.policy } : {}) };
  await appendAudit({ ...base, outcome: "reported" });

  // Whoever can write decisions/ (or create it) can approve their own requests.
  const convenience = (existsSync(q.decisions) ? writableByMe(q.decisions) : writableByMe(q.root)) ? ` (note: this user can write ${q.decisions} itself, so here the queue is a convenience, not a boundary)` : "";
  opts.stderr.write(
    `shellgate: ${oneLine(decision.command)} needs a human's approval: request ${request.id} waits in ${q.root} for up to ${fmtSeconds(opts.waitSeconds)}. ` +
      `Approve or deny it with: shellgate approvals --queue ${q.root}${convenience}\n`,
  );
  opts.notify?.();
  return waitForDecision(q, request, opts, base);
}

function fmtSeconds(s: number): string {
  return s >= 120 && s % 60 === 0 ? `${s / 60} minutes` : `${s} s`;
}

type AuditBase = Pick<AuditEvent, "decision" | "context" | "policySources" | "policy">;

async function waitForDecision(q: QueuePaths, request: ApprovalRequest, opts: AskOptions, base: AuditBase): Promise<AskResult> {
  const deadline = Date.parse(request.expiresAt);
  const poll = opts.pollMs ?? 200;
  const expected = bindingOf(request);
  const ignored = new Set<string>();
  const settle = (state: RequestState) => {
    try {
      writeAtomic(requestFile(q, request.id), JSON.stringify({ ...request, state, settledAt: new Date().toISOString() }, null, 2) + "\n");
    } catch {
      /* the requests side is the agent's: its copy of the state is informational only */
    }
  };

  // Interrupted while waiting: the request is withdrawn so no human approves a command nobody waits for.
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  const onSignal = (sig: NodeJS.Signals) => {
    settle("cancelled");
    void appendAudit({ ...base, outcome: "refused", approval: { by: "interrupted", at: new Date().toISOString(), channel: "queue", answer: "timeout", note: `${sig} while waiting` } }).finally(() =>
      process.exit(128 + (sig === "SIGINT" ? 2 : sig === "SIGHUP" ? 1 : 15)),
    );
  };
  for (const s of signals) process.on(s, onSignal);
  try {
    for (;;) {
      const { text, problem } = readQueueFile(decisionFile(q, request.id));
      let why = problem;
      if (text !== undefined) {
        const parsed = parseDecision(text);
        const d = parsed.decision;
        if (!d) why = `decision ${request.id}: ${parsed.problem}`;
        else if (d.id !== request.id) why = `decision file ${request.id} answers request ${d.id}`;
        else if (d.binding !== expected) why = `decision ${request.id} does not bind to this exact command, cwd and request`;
        else if (Date.parse(d.at) > deadline) why = `decision ${request.id} was made after the request expired`;
        else {
          settle(d.answer === "approve" ? "approved" : "denied");
          const approval: Approval = { by: d.by, at: d.at, channel: "queue", answer: d.answer, ...(d.note ? { note: d.note } : {}) };
          if (d.answer === "approve") return { answer: "approve", approval, request };
          return { answer: "deny", approval, request, message: `shellgate: refused ${oneLine(request.command)}: ${d.by} denied request ${request.id}${d.note ? `: ${oneLine(d.note)}` : ""}.` };
        }
      }
      if (why && !ignored.has(why)) {
        ignored.add(why);
        opts.stderr.write(`shellgate: ignoring ${why}; still waiting.\n`);
        await appendAudit({ ...base, outcome: "reported", approval: { by: "unknown", at: new Date().toISOString(), channel: "queue", answer: "deny", note: `ignored: ${why}` } });
      }
      const left = deadline - Date.now();
      if (left <= 0) break;
      await new Promise((r) => setTimeout(r, Math.min(poll, left)));
    }
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
  settle("expired");
  const approval: Approval = { by: "timeout", at: new Date().toISOString(), channel: "queue", answer: "timeout" };
  return {
    answer: "timeout",
    approval,
    request,
    message: `shellgate: refused ${oneLine(request.command)}: nobody answered request ${request.id} within ${fmtSeconds(opts.waitSeconds)}, so it expired. Ask again once a human is at \`shellgate approvals\`.`,
  };
}
