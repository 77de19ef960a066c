// The queue on disk: its two sides, request ids, the binding hash, and strict readers that ignore anything out of place.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, realpathSync, renameSync, unlinkSync, writeFileSync, linkSync } from "node:fs";
import { join, relative, resolve, isAbsolute } from "node:path";
import { REQUEST_VERSION, type ApprovalDecision, type ApprovalRequest, type RequestState } from "./types.js";

export interface QueuePaths {
  root: string;
  requests: string;
  decisions: string;
}

export function queuePaths(root: string): QueuePaths {
  const r = resolve(root);
  return { root: r, requests: join(r, "requests"), decisions: join(r, "decisions") };
}

/** Unambiguous lower-case letters and digits: ids are read off one screen and typed on another. */
const ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
export const ID_PATTERN = /^[2-9a-hjkmnp-z]{6}$/;

export function newId(): string {
  const bytes = randomBytes(6);
  let id = "";
  for (const b of bytes) id += ID_ALPHABET[b % ID_ALPHABET.length];
  return id;
}

export function requestFile(q: QueuePaths, id: string): string {
  return join(q.requests, `${id}.json`);
}

export function decisionFile(q: QueuePaths, id: string): string {
  return join(q.decisions, `${id}.json`);
}

/** The value a decision must repeat: the exact argv, cwd and id, plus what the human was shown as at stake. */
export function bindingOf(r: Pick<ApprovalRequest, "id" | "cwd" | "argv" | "expiresAt" | "findings" | "targets">): string {
  const payload = JSON.stringify(["shellgate-approval/1", r.id, r.cwd, r.argv, r.expiresAt, r.findings.map((f) => f.id).sort(), [...r.targets].sort()]);
  return createHash("sha256").update(payload).digest("hex");
}

/** Writes a whole file under a temporary name in the same directory, then renames it, so a reader never sees half of it. */
export function writeAtomic(file: string, text: string, opts: { exclusive?: boolean } = {}): void {
  const dir = join(file, "..");
  const tmp = join(dir, `.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  writeFileSync(tmp, text, { mode: 0o644 });
  try {
    if (opts.exclusive) {
      // link() fails when the name exists: the first writer wins and no decision is ever replaced.
      linkSync(tmp, file);
      unlinkSync(tmp);
    } else renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* the temporary file is already gone */
    }
    throw e;
  }
}

const MAX_FILE_BYTES = 1024 * 1024;

/** Reads a queue file only when it is a regular file of sane size: a symlink could point anywhere the agent can write. */
export function readQueueFile(file: string): { text?: string; problem?: string } {
  let st;
  try {
    st = lstatSync(file);
  } catch {
    return {};
  }
  if (st.isSymbolicLink()) return { problem: `${file} is a symbolic link` };
  if (!st.isFile()) return { problem: `${file} is not a regular file` };
  if (st.size > MAX_FILE_BYTES) return { problem: `${file} is larger than ${MAX_FILE_BYTES} bytes` };
  try {
    return { text: readFileSync(file, "utf8") };
  } catch (e) {
    return { problem: `${file} cannot be read: ${(e as Error).message}` };
  }
}

/** decisions/ must be its own place: a decisions directory that resolves into requests/ (or the reverse) would let requests answer themselves. */
export function sidesProblem(q: QueuePaths): string | undefined {
  let req: string;
  let dec: string;
  try {
    req = realpathSync(q.requests);
    dec = realpathSync(q.decisions);
  } catch {
    return undefined;
  }
  const inside = (a: string, b: string) => {
    const r = relative(b, a);
    return r === "" || (!r.startsWith("..") && !isAbsolute(r));
  };
  if (inside(dec, req) || inside(req, dec)) return `${q.decisions} and ${q.requests} are the same place`;
  return undefined;
}

const STATES: readonly RequestState[] = ["pending", "approved", "denied", "expired", "cancelled"];
const isStr = (v: unknown): v is string => typeof v === "string";
const isIso = (v: unknown): v is string => isStr(v) && !Number.isNaN(Date.parse(v));

/** Parses a request file; anything malformed is a problem in words, never a half-trusted object. */
export function parseRequest(text: string, expectId?: string): { request?: ApprovalRequest; problem?: string } {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    return { problem: `not JSON: ${(e as Error).message}` };
  }
  if (!o || typeof o !== "object" || Array.isArray(o)) return { problem: "not a JSON object" };
  if (o.version !== REQUEST_VERSION) return { problem: `unknown version ${JSON.stringify(o.version)}` };
  if (!isStr(o.id) || !ID_PATTERN.test(o.id)) return { problem: "id is missing or malformed" };
  if (expectId !== undefined && o.id !== expectId) return { problem: `holds request ${o.id}, not ${expectId}` };
  if (!STATES.includes(o.state as RequestState)) return { problem: "state is missing or unknown" };
  if (!Array.isArray(o.argv) || o.argv.length === 0 || !o.argv.every(isStr)) return { problem: "argv must be a non-empty array of strings" };
  if (!isStr(o.cwd) || !isStr(o.command) || !isStr(o.host) || !isStr(o.user) || !isStr(o.binding)) return { problem: "cwd, command, host, user and binding must be strings" };
  if (!isIso(o.createdAt) || !isIso(o.expiresAt)) return { problem: "createdAt and expiresAt must be ISO times" };
  if (!Array.isArray(o.findings) || !o.findings.every((f) => f && typeof f === "object" && isStr((f as { id?: unknown }).id) && isStr((f as { risk?: unknown }).risk) && isStr((f as { message?: unknown }).message)))
    return { problem: "findings must be a list of {id, risk, message}" };
  if (!Array.isArray(o.targets) || !o.targets.every(isStr)) return { problem: "targets must be a list of strings" };
  if (!Array.isArray(o.production) || !Array.isArray(o.reasons)) return { problem: "production and reasons must be lists" };
  return { request: o as unknown as ApprovalRequest };
}

export function parseDecision(text: string): { decision?: ApprovalDecision; problem?: string } {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    return { problem: `not JSON: ${(e as Error).message}` };
  }
  if (!o || typeof o !== "object" || Array.isArray(o)) return { problem: "not a JSON object" };
  if (o.version !== REQUEST_VERSION) return { problem: `unknown version ${JSON.stringify(o.version)}` };
  if (!isStr(o.id) || !ID_PATTERN.test(o.id)) return { problem: "id is missing or malformed" };
  if (o.answer !== "approve" && o.answer !== "deny") return { problem: `answer must be "approve" or "deny"` };
  if (!isStr(o.binding) || !isStr(o.by) || !isIso(o.at) || o.channel !== "queue") return { problem: "binding, by, at and channel are required" };
  if (o.note !== undefined && !isStr(o.note)) return { problem: "note must be a string" };
  return { decision: o as unknown as ApprovalDecision };
}

export function readRequest(q: QueuePaths, id: string): { request?: ApprovalRequest; problem?: string } {
  const { text, problem } = readQueueFile(requestFile(q, id));
  if (problem) return { problem };
  if (text === undefined) return {};
  return parseRequest(text, id);
}

/** Every request file in requests/, each parsed or with the reason it could not be. */
export function listRequestFiles(q: QueuePaths): { id: string; request?: ApprovalRequest; problem?: string }[] {
  let names: string[];
  try {
    names = readdirSync(q.requests);
  } catch {
    return [];
  }
  const out: { id: string; request?: ApprovalRequest; problem?: string }[] = [];
  for (const n of names.sort()) {
    if (!n.endsWith(".json") || n.startsWith(".")) continue;
    const id = n.slice(0, -5);
    if (!ID_PATTERN.test(id)) continue;
    out.push({ id, ...readRequest(q, id) });
  }
  return out;
}

export function ensureDir(dir: string, mode = 0o755): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode });
}
