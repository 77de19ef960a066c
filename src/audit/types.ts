// The audit record every front end appends after a decision (and after its approval, when one was asked).
import type { CheckContext, Decision } from "../types.js";

export interface Approval {
  /** Who answered (user name, or `timeout`). */
  by: string;
  at: string;
  /** Through which channel: `tty` (wrap), `queue` (approvals CLI), `agent-prompt` (the agent's own ask UI), `hook`. */
  channel: string;
  answer: "approve" | "deny" | "timeout";
  note?: string;
}

export interface AuditEvent {
  decision: Decision;
  context: CheckContext;
  approval?: Approval;
  /** What happened: the command ran (`executed`), was refused (`refused`), or was only reported (`reported`, e.g. check CLI, hooks). */
  outcome: "executed" | "refused" | "reported" | "error";
  /** Policy sources that decided. */
  policySources?: string[];
}
