// The audit log: append-only JSONL decision records, secret redaction, hash chain, and queries for `log` and `report`.
export type { AuditEvent, Approval, AuditRecord, AuditFinding, AuditReason, UnsealedRecord } from "./types.js";
export { appendAudit, appendRecord } from "./append.js";
export { buildRecord } from "./record.js";
export { redact } from "./redact.js";
export { GENESIS, canonical, hashOf, seal, checkLink, type ChainBreak } from "./chain.js";
export { auditLocation, defaultAuditPath, LOG_NAME, type AuditLocation } from "./path.js";
export { withLock, type LockOptions } from "./lock.js";
export { readRecords, verifyLog, matcher, parseSince, type RecordFilter, type VerifyResult } from "./read.js";
export { ReportBuilder, emptyReport, type Report } from "./report.js";
