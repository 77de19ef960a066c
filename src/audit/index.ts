// PLACEHOLDER: the audit log. appendAudit never throws; a failing write warns and never changes a decision.
import type { AuditEvent } from "./types.js";
export type { AuditEvent, Approval } from "./types.js";

export async function appendAudit(_event: AuditEvent): Promise<void> {}
