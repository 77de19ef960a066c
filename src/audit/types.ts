// The audit record every front end appends after a decision (and after its approval, when one was asked), and the line it becomes.
import type { Action, CheckContext, Decision, Evidence, Risk, Category } from "../types.js";
import type { AuditSettings } from "../policy/types.js";

export interface Approval {
  /** Who answered (user name, or `timeout`). */
  by: string;
  at: string;
  /** Through which channel: `tty` (wrap), `queue` (approvals CLI), `agent-prompt` (the agent's own ask UI), `hook`. */
  channel: string;
  /** `pending`: the question went to the agent's own prompt, whose answer a hook never sees. */
  answer: "approve" | "deny" | "timeout" | "pending";
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
  /**
   * The policy the front end decided with (from guard()); its audit settings say where the log goes.
   * Without it appendAudit loads the policy for the context again.
   */
  policy?: { sources: string[]; audit?: AuditSettings };
}

export interface AuditFinding {
  id: string;
  risk: Risk;
  categories: Category[];
  program?: string;
  evidence?: Evidence[];
}

export interface AuditReason {
  rule: string;
  source: string;
  layer?: string;
  action: Action;
  findings: string[];
}

/** One line of the log. `prev` is the previous line's `hash`; `hash` is sha256 over this record (without `hash`), keys sorted. */
export interface AuditRecord {
  v: 1;
  time: string;
  id: string;
  frontend: string;
  agent?: string;
  user?: string;
  host: string;
  cwd: string;
  /** The command with secrets redacted. */
  command: string;
  /** Programs the command runs (for `log --tool`). */
  tools: string[];
  decision: Action;
  mode: "enforce" | "audit";
  findings: AuditFinding[];
  reasons: AuditReason[];
  policy: string[];
  approval?: Approval;
  outcome: AuditEvent["outcome"];
  errors?: string[];
  prev: string;
  hash: string;
}

export type UnsealedRecord = Omit<AuditRecord, "prev" | "hash">;
