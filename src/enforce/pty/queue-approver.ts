// Approvals when wrap has no terminal to ask on (driven by a program or CI): the approval queue when one is configured, else a refusal saying how to approve.
import type { ApprovalAnswer, ApprovalAsk, Approver } from "./gate.js";

export interface QueueApproverOptions {
  queue?: string;
  waitSeconds?: number;
  policyFile?: string;
  /** wrap's own stderr: where the human operating wrap learns a request is waiting. */
  stderr: NodeJS.WritableStream;
}

export class QueueApprover implements Approver {
  constructor(private readonly o: QueueApproverOptions) {}

  async ask(a: ApprovalAsk): Promise<ApprovalAnswer> {
    const { askHuman, resolveQueue, resolveWaitSeconds } = await import("../approval/index.js");
    const queue = resolveQueue(this.o.queue, undefined, a.ctx.env, a.ctx.cwd);
    const waitSeconds = resolveWaitSeconds(this.o.waitSeconds, undefined, a.ctx.env);
    // What would run: the exact argv for a shim, the shell and its line otherwise.
    const argv = a.request.argv ?? [a.request.shell, "-c", a.decision.command];
    const r = await askHuman({ decision: a.decision, argv, ctx: a.ctx, waitSeconds, stderr: this.o.stderr, ...(queue ? { queue } : {}) });
    if (r.answer === "approve") return { answer: "approve", scope: "once", approval: r.approval };
    if (r.answer === "unavailable") {
      return { answer: "unavailable", message: `${r.message} (wrap asks on its own terminal only when its stdin and stdout are one.)` };
    }
    return { answer: r.answer, approval: r.approval, message: r.message };
  }
}
