// The decision for one argv from a shim or `shellgate exec`: guard, then warn, ask a human through the queue, or refuse; audited once it is settled.
import { appendAudit, type Approval, type AuditEvent } from "../../audit/index.js";
import { guard } from "../guard.js";
import type { CheckContext, Decision } from "../../types.js";
import { refusalMessage, warnLine } from "./messages.js";

/** Exit statuses of a shim (and of `shellgate exec`) when the real program did not run; they mirror env(1) and timeout(1). */
export const SHIM_EXIT = {
  /** shellgate itself failed or did not answer: fail closed. */
  failed: 125,
  /** Refused: blocked by policy, denied, expired, or nobody could approve. */
  refused: 126,
  notFound: 127,
} as const;

export interface DecideArgvOptions {
  /** argv[0] is the program name as the shim knows it. */
  argv: string[];
  ctx: CheckContext;
  policyFile?: string;
  queue?: string;
  waitSeconds?: number;
  /** The shim's cap on waiting for a human. */
  maxWaitSeconds?: number;
  notify?: () => void;
  stderr: NodeJS.WritableStream;
  guard?: typeof guard;
}

export interface DecideArgvResult {
  run: boolean;
  /** Exit status to use when run is false. */
  exit: number;
  decision: Decision;
  approval?: Approval;
}

export async function decideArgv(o: DecideArgvOptions): Promise<DecideArgvResult> {
  const { decision: d, policy } = await (o.guard ?? guard)({ argv: o.argv }, o.ctx, o.policyFile ? { policyFile: o.policyFile } : {});
  const base: Pick<AuditEvent, "decision" | "context" | "policySources" | "policy"> = { decision: d, context: o.ctx, ...(policy ? { policySources: policy.sources, policy } : {}) };
  const say = (s: string) => o.stderr.write(s.endsWith("\n") ? s : `${s}\n`);

  const allow = async (approval?: Approval): Promise<DecideArgvResult> => {
    await appendAudit({ ...base, outcome: "executed", ...(approval ? { approval } : {}) });
    return { run: true, exit: 0, decision: d, ...(approval ? { approval } : {}) };
  };
  const refuse = async (message: string, exit: number = SHIM_EXIT.refused, approval?: Approval): Promise<DecideArgvResult> => {
    say(message);
    await appendAudit({ ...base, outcome: exit === SHIM_EXIT.failed ? "error" : "refused", ...(approval ? { approval } : {}) });
    return { run: false, exit, decision: d, ...(approval ? { approval } : {}) };
  };

  // A decision with errors is shellgate failing (policy unreadable, internal error): fail closed, and say so.
  if (d.errors.length) return refuse(refusalMessage(d, "could not check this command, so it was refused", SHIM_EXIT.failed), SHIM_EXIT.failed);
  if (d.mode === "audit") {
    if (d.action !== "allow") say(`shellgate: audit mode, not enforced: would ${d.action}: ${warnLine(d).replace(/^shellgate: warning: /, "")}`);
    return allow();
  }
  switch (d.action) {
    case "allow":
      return allow();
    case "warn":
      say(warnLine(d));
      return allow();
    case "block":
      return refuse(refusalMessage(d));
    case "ask": {
      // Inside a wrap session the wrapper asks the human on the real terminal, and knows what the line
      // that started this process already approved; it writes the audit record for its answer.
      if (o.ctx.env.SHELLGATE_WRAP_DIR) {
        const { askWrapper } = await import("../pty/client.js");
        const w = await askWrapper({ argv: o.argv }, o.ctx).catch(() => undefined);
        if (w) {
          for (const l of w.lines) say(l);
          return w.verdict === "allow" ? { run: true, exit: 0, decision: d } : { run: false, exit: SHIM_EXIT.refused, decision: d };
        }
      }
      const { askHuman, resolveQueue, resolveWaitSeconds } = await import("../approval/index.js");
      const queue = resolveQueue(o.queue, policy, o.ctx.env, o.ctx.cwd);
      const waitSeconds = resolveWaitSeconds(o.waitSeconds, policy, o.ctx.env, o.maxWaitSeconds);
      const r = await askHuman({
        decision: d,
        argv: o.argv,
        ctx: o.ctx,
        waitSeconds,
        stderr: o.stderr,
        ...(queue ? { queue } : {}),
        ...(o.notify ? { notify: o.notify } : {}),
        ...(policy ? { policy } : {}),
      });
      if (r.answer === "approve") return allow(r.approval);
      if (r.answer === "unavailable") return refuse(refusalMessage(d, "refused (needs a human's approval)", SHIM_EXIT.refused, [r.message]));
      return refuse(r.message, SHIM_EXIT.refused, r.approval);
    }
  }
}
