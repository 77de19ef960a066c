// An exclusive lock file (O_EXCL create) around read-last-hash + append, with recovery from locks whose holder died or hung.
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { alive } from "../pid.js";

export interface LockOptions {
  /** Give up after this long (the log write then fails with a warning). */
  timeoutMs?: number;
  /** A lock older than this is taken to be left by a hung or crashed writer; the critical section takes well under a millisecond. */
  staleMs?: number;
}

const HOST = hostname();


/** The lock's content when it is stale (holder gone, or too old), else undefined. */
function staleContent(path: string, staleMs: number): string | undefined {
  let content: string;
  let age: number;
  try {
    content = readFileSync(path, "utf8");
    age = Date.now() - statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
  const [pid, host] = content.split(" ");
  const pidN = Number(pid);
  if (host === HOST && Number.isInteger(pidN) && pidN > 0 && pidN !== process.pid && !alive(pidN)) return content;
  return age > staleMs ? content : undefined;
}

/** Moves a stale lock aside; if what was moved turns out to be a fresh lock taken meanwhile, puts it back. */
function breakLock(path: string, judged: string): void {
  const aside = `${path}.stale-${process.pid}-${randomUUID().slice(0, 8)}`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  try {
    if (readFileSync(aside, "utf8") !== judged) linkSync(aside, path);
  } catch {
    // Someone holds a newer lock already; the one moved aside is gone for good.
  }
  try {
    unlinkSync(aside);
  } catch {
    // Already cleaned up.
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function withLock<T>(path: string, fn: () => T, opts: LockOptions = {}): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const staleMs = opts.staleMs ?? 10_000;
  const token = `${process.pid} ${HOST} ${Date.now()} ${randomUUID()}`;
  const start = Date.now();
  for (let attempt = 0; ; attempt++) {
    let fd: number | undefined;
    try {
      fd = openSync(path, "wx", 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    if (fd !== undefined) {
      try {
        writeSync(fd, token);
      } finally {
        closeSync(fd);
      }
      break;
    }
    const stale = staleContent(path, staleMs);
    if (stale !== undefined) {
      breakLock(path, stale);
      continue;
    }
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for the lock ${path}`);
    // Short waits first (the holder is usually done within a millisecond), with jitter so writers do not move in step.
    await sleep(Math.min(1 + (attempt >> 3), 20) * (0.5 + Math.random()));
  }
  try {
    return fn();
  } finally {
    try {
      if (readFileSync(path, "utf8") === token) unlinkSync(path);
    } catch {
      // The lock was broken as stale while we held it; nothing of ours to remove.
    }
  }
}
