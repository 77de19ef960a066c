// The hash chain: each record's hash covers its content and the previous record's hash, so editing, removing or reordering lines shows.
import { createHash } from "node:crypto";
import type { AuditRecord } from "./types.js";

/** `prev` of the first record in a log. */
export const GENESIS = "0".repeat(64);

/** JSON with object keys sorted at every level, so the hash does not depend on key order. */
export function canonical(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? "null" : canonical(x))).join(",")}]`;
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(",")}}`;
}

export function hashOf(record: Omit<AuditRecord, "hash">): string {
  return createHash("sha256").update(canonical(record)).digest("hex");
}

export function seal(record: Omit<AuditRecord, "prev" | "hash">, prev: string): AuditRecord {
  const withPrev = { ...record, prev };
  return { ...withPrev, hash: hashOf(withPrev) };
}

export interface ChainBreak {
  /** 1-based line number in the file. */
  line: number;
  id?: string;
  time?: string;
  problem: string;
}

/** Checks one line against the hash the chain expects before it; returns the break, or the line's hash. */
export function checkLink(text: string, line: number, expectedPrev: string): { hash: string; record: AuditRecord } | { break: ChainBreak } {
  let rec: AuditRecord;
  try {
    rec = JSON.parse(text) as AuditRecord;
    if (!rec || typeof rec !== "object" || typeof rec.hash !== "string" || typeof rec.prev !== "string") throw new Error("no hash");
  } catch {
    return { break: { line, problem: "the line is not a complete audit record (torn, truncated or edited)" } };
  }
  const where = { line, ...(rec.id ? { id: rec.id } : {}), ...(rec.time ? { time: rec.time } : {}) };
  const { hash, ...rest } = rec;
  if (hashOf(rest) !== hash) return { break: { ...where, problem: "the record was changed after it was written (its hash does not match its content)" } };
  if (rec.prev !== expectedPrev) {
    return {
      break: {
        ...where,
        problem: line === 1 ? "the first record does not start the chain (records before it were removed)" : "prev does not match the hash of the line before (a record was removed, inserted or reordered)",
      },
    };
  }
  return { hash, record: rec };
}
