// The two files of the approval queue: a request the guard writes into requests/, a decision only `shellgate approvals` writes into decisions/.
import type { Category, Evidence, Reason, Risk } from "../../types.js";

export const REQUEST_VERSION = 1 as const;

/** Where a request stands. Only the guard that wrote it moves it on from `pending`. */
export type RequestState = "pending" | "approved" | "denied" | "expired" | "cancelled";

export interface RequestFinding {
  id: string;
  risk: Risk;
  categories: Category[];
  message: string;
  hint?: string;
  evidence?: Evidence[];
}

export interface ApprovalRequest {
  version: typeof REQUEST_VERSION;
  /** Short id a human types: `shellgate approvals approve k3m9x2`. */
  id: string;
  state: RequestState;
  /** The exact argv that would run (argv[0] is the program); the approver shows it and binds to it. */
  argv: string[];
  /** The command as one line, for lists; always rendered again from argv when shown for a decision. */
  command: string;
  cwd: string;
  /** Which front end asked (`shim`, `cli`). */
  frontend: string;
  findings: RequestFinding[];
  reasons: Reason[];
  /** Production evidence from the findings: which context matched which pattern, and where it came from. */
  production: Evidence[];
  /** Production target names the human types to approve (kube context, AWS profile, workspace ...). */
  targets: string[];
  host: string;
  container?: { runtime: string; id?: string };
  user: string;
  pid: number;
  createdAt: string;
  expiresAt: string;
  /** sha256 over id, cwd, argv, expiry, finding ids and targets: a decision counts only when it carries the same value. */
  binding: string;
  settledAt?: string;
}

export type Answer = "approve" | "deny";

export interface ApprovalDecision {
  version: typeof REQUEST_VERSION;
  id: string;
  answer: Answer;
  /** The request's binding as the approver computed it from what they were shown. */
  binding: string;
  by: string;
  at: string;
  channel: "queue";
  note?: string;
}

/** A request as the approver sees it: its file state, plus whether a decision or the clock has overtaken it. */
export type RequestStatus = RequestState | "decided";
