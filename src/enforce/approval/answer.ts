// The human's side of the queue: list requests with their status, and write a decision that binds to exactly what was shown.
import { existsSync } from "node:fs";
import { appendAudit } from "../../audit/index.js";
import { ShellgateError } from "../../errors.js";
import type { Decision } from "../../types.js";
import { bindingOf, decisionFile, ensureDir, listRequestFiles, queuePaths, readQueueFile, readRequest, sidesProblem, writeAtomic, type QueuePaths } from "./queue.js";
import { currentUser } from "./request.js";
import type { Answer, ApprovalDecision, ApprovalRequest, RequestStatus } from "./types.js";

export interface ListedRequest {
  id: string;
  status: RequestStatus;
  request?: ApprovalRequest;
  /** Why the file could not be read as a request. */
  problem?: string;
}

export function statusOf(q: QueuePaths, r: ApprovalRequest, now = Date.now()): RequestStatus {
  if (r.state !== "pending") return r.state;
  if (readQueueFile(decisionFile(q, r.id)).text !== undefined) return "decided";
  if (Date.parse(r.expiresAt) <= now) return "expired";
  return "pending";
}

export function listRequests(queue: string, opts: { all?: boolean; now?: number } = {}): ListedRequest[] {
  const q = queuePaths(queue);
  const out: ListedRequest[] = [];
  for (const f of listRequestFiles(q)) {
    if (!f.request) {
      if (opts.all) out.push({ id: f.id, status: "cancelled", problem: f.problem ?? "unreadable" });
      continue;
    }
    const status = statusOf(q, f.request, opts.now);
    if (opts.all || status === "pending") out.push({ id: f.id, status, request: f.request });
  }
  return out.sort((a, b) => (a.request?.createdAt ?? "").localeCompare(b.request?.createdAt ?? ""));
}

/** Loads one request for a decision; a request that cannot be decided any more is an error that says why. */
export function loadForDecision(queue: string, id: string): ApprovalRequest {
  const q = queuePaths(queue);
  const { request, problem } = readRequest(q, id);
  if (problem) throw new ShellgateError("input-invalid", `request ${id}: ${problem}`);
  if (!request) throw new ShellgateError("input-invalid", `no request ${id} in ${q.requests}`);
  const status = statusOf(q, request);
  if (status === "decided") throw new ShellgateError("input-invalid", `request ${id} is already decided (${decisionFile(q, id)} exists)`);
  if (status === "expired") throw new ShellgateError("input-invalid", `request ${id} expired at ${request.expiresAt}; nobody waits for it any more`);
  if (status !== "pending") throw new ShellgateError("input-invalid", `request ${id} is ${status}; only pending requests can be decided`);
  return request;
}

export interface DecideOptions {
  answer: Answer;
  note?: string;
  /** Production target names the human typed; an approval of a production request needs every one. */
  confirm?: string[];
  by?: string;
  env?: Record<string, string | undefined>;
}

/** Targets the human still has to type before a production request can be approved. */
export function missingConfirmations(r: ApprovalRequest, typed: readonly string[] = []): string[] {
  return r.targets.filter((t) => !typed.includes(t));
}

/** Writes decisions/<id>.json for a request as it was read (and shown), once: a second decision for the same id fails. */
export async function decide(queue: string, request: ApprovalRequest, opts: DecideOptions): Promise<ApprovalDecision> {
  const q = queuePaths(queue);
  if (opts.answer === "approve") {
    const missing = missingConfirmations(request, opts.confirm);
    if (missing.length)
      throw new ShellgateError("input-invalid", `request ${request.id} targets production (${missing.join(", ")}): type the target's name to approve it (--confirm ${missing.join(" --confirm ")})`);
  }
  if (Date.parse(request.expiresAt) <= Date.now()) throw new ShellgateError("input-invalid", `request ${request.id} expired at ${request.expiresAt}; nobody waits for it any more`);
  ensureDir(q.decisions, 0o755);
  const sides = sidesProblem(q);
  if (sides) throw new ShellgateError("io", `the queue is unsafe: ${sides}`);
  const decision: ApprovalDecision = {
    version: 1,
    id: request.id,
    answer: opts.answer,
    binding: bindingOf(request),
    by: opts.by ?? currentUser(opts.env ?? {}),
    at: new Date().toISOString(),
    channel: "queue",
    ...(opts.note ? { note: opts.note } : {}),
  };
  const file = decisionFile(q, request.id);
  if (existsSync(file)) throw new ShellgateError("input-invalid", `request ${request.id} is already decided (${file} exists)`);
  try {
    writeAtomic(file, JSON.stringify(decision, null, 2) + "\n", { exclusive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new ShellgateError("input-invalid", `request ${request.id} is already decided (${file} exists)`);
    throw new ShellgateError("io", `cannot write ${file}: ${(e as Error).message}`);
  }
  await appendAudit({
    decision: decisionOf(request),
    // The approver's own environment: their audit log, their user name.
    context: { cwd: request.cwd, env: opts.env ?? {}, frontend: "cli" },
    outcome: "reported",
    approval: { by: decision.by, at: decision.at, channel: "queue", answer: decision.answer, ...(decision.note ? { note: decision.note } : {}) },
  });
  return decision;
}

/** The decision a request was filed for, rebuilt for the approver's audit record. */
function decisionOf(r: ApprovalRequest): Decision {
  return {
    action: "ask",
    command: r.command,
    reasons: r.reasons,
    findings: r.findings.map((f) => ({ ...f, invocation: 0 })),
    errors: [],
    invocations: [],
  };
}
