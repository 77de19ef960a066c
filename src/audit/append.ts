// appendAudit(): one JSON line per decision, hash-chained, under a lock. It never throws and never changes a decision; a failure warns once.
import { closeSync, fstatSync, mkdirSync, openSync, readSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { AuditSettings } from "../policy/types.js";
import { GENESIS, seal } from "./chain.js";
import { withLock, type LockOptions } from "./lock.js";
import { auditLocation } from "./path.js";
import { buildRecord } from "./record.js";
import type { AuditEvent, AuditRecord, UnsealedRecord } from "./types.js";

const HASH = /^[0-9a-f]{64}$/;
const TAIL_LIMIT = 4 * 1024 * 1024;

/** The hash of the last complete record, read backwards from the end; a torn last line is skipped (verify reports it). */
function tailState(fd: number): { prev: string; endsClean: boolean } {
  const size = fstatSync(fd).size;
  if (size === 0) return { prev: GENESIS, endsClean: true };
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  const endsClean = last[0] === 0x0a;
  let pos = size;
  let acc = Buffer.alloc(0);
  while (pos > 0 && size - pos < TAIL_LIMIT) {
    const n = Math.min(64 * 1024, pos);
    pos -= n;
    const chunk = Buffer.alloc(n);
    readSync(fd, chunk, 0, n, pos);
    acc = Buffer.concat([chunk, acc]);
    const lines = acc.toString("utf8").split("\n");
    // The first piece may be a partial line unless we reached the start of the file.
    const complete = pos === 0 ? lines : lines.slice(1);
    for (let i = complete.length - 1; i >= 0; i--) {
      const text = complete[i]!.trim();
      if (!text) continue;
      try {
        const rec = JSON.parse(text) as { hash?: unknown };
        if (typeof rec.hash === "string" && HASH.test(rec.hash)) return { prev: rec.hash, endsClean };
      } catch {
        // A torn or foreign line: keep looking further back.
      }
    }
  }
  return { prev: GENESIS, endsClean };
}

/** Appends one record to the log at `path` and returns it sealed. Throws on failure (appendAudit turns that into a warning). */
export async function appendRecord(path: string, record: UnsealedRecord, lock: LockOptions = {}): Promise<AuditRecord> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  return withLock(
    `${path}.lock`,
    () => {
      const fd = openSync(path, "a+", 0o600);
      try {
        const { prev, endsClean } = tailState(fd);
        const sealed = seal(record, prev);
        // One write() of the whole line: with O_APPEND and the lock held, lines never interleave.
        const buf = Buffer.from(`${endsClean ? "" : "\n"}${JSON.stringify(sealed)}\n`, "utf8");
        let off = 0;
        while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
        return sealed;
      } finally {
        closeSync(fd);
      }
    },
    lock,
  );
}

const warned = new Set<string>();

function warnOnce(key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  try {
    process.stderr.write(`shellgate: warning: ${message}\n`);
  } catch {
    // Nowhere left to say it.
  }
}

async function settingsFor(event: AuditEvent): Promise<AuditSettings | undefined> {
  if (event.policy) return event.policy.audit;
  const { loadPolicy } = await import("../policy/load.js");
  return (await loadPolicy(event.context)).audit;
}

/** Records a decision. Never throws, never blocks a decision: a log that cannot be written prints one warning to stderr. */
export async function appendAudit(event: AuditEvent): Promise<void> {
  let path = "the audit log";
  try {
    const settings = await settingsFor(event);
    if (settings && !settings.enabled) return;
    path = auditLocation(event.context.env, settings, event.context.cwd).path;
    await appendRecord(path, buildRecord(event));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    warnOnce(`${path}|${err.code ?? err.message}`, `could not write the audit log ${path}: ${err.message} (the decision stands)`);
  }
}
