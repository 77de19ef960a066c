// Shows requests to a human without letting their contents steer the terminal: control and bidi characters appear escaped.
import type { ListedRequest } from "./answer.js";
import type { ApprovalRequest, RequestStatus } from "./types.js";

// C0/C1 controls, DEL, and the bidirectional overrides that can make text read differently from what it is.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(c: string): string {
  const code = c.codePointAt(0)!;
  if (c === "\n") return "\\n";
  if (c === "\t") return "\\t";
  if (c === "\r") return "\\r";
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

export function safeText(s: string): string {
  return s.replace(UNSAFE, escapeChar);
}

/** One argument as a shell user would type it; arguments with control characters use $'...' so nothing is hidden. */
export function quoteArg(a: string): string {
  if (a === "") return "''";
  if (/^[A-Za-z0-9_@%+=:,./~-]+$/.test(a)) return a;
  UNSAFE.lastIndex = 0;
  if (UNSAFE.test(a)) return `$'${a.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(UNSAFE, escapeChar)}'`;
  return `'${a.replace(/'/g, `'\\''`)}'`;
}

export function renderArgv(argv: readonly string[]): string {
  return argv.map(quoteArg).join(" ");
}

export function ago(iso: string, now = Date.now()): string {
  return `${duration(now - Date.parse(iso))} ago`;
}

export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

function where(r: ApprovalRequest): string {
  const c = r.container ? ` (${r.container.runtime} container${r.container.id ? ` ${r.container.id}` : ""})` : "";
  return safeText(`${r.user}@${r.host}${c}`);
}

function shorten(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 3)}...` : s;
}

export function summaryLine(l: ListedRequest, now = Date.now()): string {
  if (!l.request) return `${l.id}  unreadable: ${safeText(l.problem ?? "")}`;
  const r = l.request;
  const prod = r.targets.length ? `  [production: ${safeText(r.targets.join(", "))}]` : "";
  const status = l.status === "pending" ? `expires in ${duration(Date.parse(r.expiresAt) - now)}` : l.status;
  return `${r.id}  ${ago(r.createdAt, now).padEnd(9)} ${where(r)}  ${shorten(renderArgv(r.argv), 100)}${prod}  (${status})`;
}

export function details(r: ApprovalRequest, status: RequestStatus, now = Date.now()): string {
  const lines: string[] = [];
  const state = status === "pending" ? `pending, expires in ${duration(Date.parse(r.expiresAt) - now)}` : status;
  lines.push(`request ${r.id}  (${state})`);
  lines.push(`  command   ${renderArgv(r.argv)}`);
  if (r.argv.length > 1) lines.push(...r.argv.map((a, i) => `    argv[${i}] ${quoteArg(a)}`));
  lines.push(`  cwd       ${quoteArg(r.cwd)}`);
  lines.push(`  where     ${where(r)}, pid ${r.pid}, via ${safeText(r.frontend)}`);
  lines.push(`  asked     ${r.createdAt} (${ago(r.createdAt, now)})`);
  if (r.findings.length) lines.push("  findings");
  for (const f of r.findings) {
    lines.push(`    [${safeText(f.risk)}] ${safeText(f.id)}: ${safeText(f.message)}`);
    for (const e of f.evidence ?? []) {
      if (e.pattern) lines.push(`        production: ${safeText(`${e.kind.replace(/-/g, " ")} ${e.value} (${e.source}) matches ${e.pattern}`)}`);
    }
    if (f.hint) lines.push(`        instead: ${safeText(f.hint)}`);
  }
  const hints = new Set(r.findings.map((f) => f.hint));
  for (const reason of r.reasons) {
    const msg = reason.message && !hints.has(reason.message) ? `: ${reason.message}` : "";
    lines.push(`  decided by ${safeText(`${reason.rule} (${reason.source}) → ${reason.action}${msg}`)}`);
  }
  if (r.targets.length) lines.push(`  production target${r.targets.length > 1 ? "s" : ""}: ${safeText(r.targets.join(", "))}: approving means typing ${r.targets.length > 1 ? "each name" : "its name"}`);
  return lines.join("\n");
}
