// `shellgate log`: the last audit records, filtered by decision, tool, rule, agent, front end and time; `log verify` checks the hash chain.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import kleur from "kleur";
import { ShellgateError, UsageError } from "../../errors.js";
import type { Action, CheckContext } from "../../types.js";
import { ACTIONS } from "../../types.js";
import { auditLocation } from "../../audit/path.js";
import { matcher, parseSince, readRecords, verifyLog, type RecordFilter } from "../../audit/read.js";
import type { AuditRecord } from "../../audit/types.js";
import { loadPolicy } from "../../policy/index.js";
import { EXIT } from "../exit-codes.js";
import { useColour } from "../format.js";
import { write, type CliIo } from "../io.js";

const HELP = `usage: shellgate log [options]          the last records of the audit log, oldest first
       shellgate log verify [--file PATH]  check the hash chain; reports the first broken link (exit 1)

options:
  -n, --tail N          how many records to show (default 20; 0 shows all that match)
  --decision D[,D]      allow, warn, ask, block
  --tool NAME[,NAME]    records whose command runs this program (kubectl, rm ...)
  --rule GLOB[,GLOB]    records decided by this rule or carrying this finding id (git/*, defaults/high)
  --agent NAME          records from this agent (claude, cursor ...)
  --frontend NAME       shim, pty, hook:claude ...
  --since WHEN          30m, 12h, 7d, 2w, or a date (2025-01-31, ISO 8601)
  --until WHEN          same forms
  --json                one record per line, as stored
  --file PATH           read this log instead of the configured one

shellgate report takes the same filters, plus --top N (blocked commands listed, default 10) and --all
(every record; by default a report covers the last 7 days).`;

export interface LogArgs {
  tail: number;
  filter: RecordFilter;
  json: boolean;
  file?: string;
}

const list = (v: string) => v.split(",").map((s) => s.trim()).filter(Boolean);

function when(flag: string, v: string): Date {
  const d = parseSince(v);
  if (!d) throw new UsageError(`${flag} ${v}: expected 30m, 12h, 7d, 2w or a date such as 2025-01-31`);
  return d;
}

/** Options shared by `log` and `report`. */
export function parseLogArgs(args: string[], extra: string[] = []): LogArgs & { rest: Map<string, string>; flags: Set<string> } {
  const out: LogArgs & { rest: Map<string, string>; flags: Set<string> } = { tail: 20, filter: {}, json: false, rest: new Map(), flags: new Set() };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = () => {
      const v = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined || v === "") throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case "-h":
      case "--help":
        throw new UsageError(HELP);
      case "--json":
        out.json = true;
        break;
      case "-n":
      case "--tail": {
        const v = value();
        if (!/^\d+$/.test(v)) throw new UsageError(`${name} expects a number, got ${v}`);
        out.tail = Number(v);
        break;
      }
      case "--decision": {
        const ds = list(value());
        const bad = ds.find((d) => !ACTIONS.includes(d as Action));
        if (bad) throw new UsageError(`--decision ${bad}: expected allow, warn, ask or block`);
        out.filter.decisions = ds as Action[];
        break;
      }
      case "--tool":
        out.filter.tools = list(value());
        break;
      case "--rule":
        out.filter.rules = list(value());
        break;
      case "--agent":
        out.filter.agents = list(value());
        break;
      case "--frontend":
        out.filter.frontends = list(value());
        break;
      case "--since":
        out.filter.since = when(name, value());
        break;
      case "--until":
        out.filter.until = when(name, value());
        break;
      case "--file":
        out.file = value();
        break;
      default:
        if (extra.includes(name)) {
          if (name.startsWith("--top")) out.rest.set(name, value());
          else out.flags.add(name);
        } else throw new UsageError(`unknown option ${a}\n${HELP}`);
    }
  }
  return out;
}

/** The log this directory's policy writes to (or --file). */
export async function logPath(io: CliIo, file?: string): Promise<string> {
  if (file) return resolve(io.cwd, file);
  const ctx: CheckContext = { cwd: io.cwd, env: io.env, frontend: "cli" };
  const policy = await loadPolicy(ctx);
  try {
    return auditLocation(io.env, policy.audit, io.cwd).path;
  } catch (e) {
    throw new ShellgateError("io", (e as Error).message);
  }
}

function line(r: AuditRecord, colour: boolean): string {
  const k = kleur;
  k.enabled = colour;
  const c: Record<Action, (s: string) => string> = { allow: k.green, warn: k.yellow, ask: k.magenta, block: k.red };
  const decided = (r.reasons ?? []).filter((x) => x.action === r.decision).map((x) => x.rule);
  const who = [r.frontend, r.agent].filter(Boolean).join("/");
  const approval = r.approval ? ` ${r.approval.answer} by ${r.approval.by} via ${r.approval.channel}` : "";
  const cmd = r.command.replace(/\n/g, "⏎ ");
  return `${k.gray(r.time)}  ${c[r.decision](r.decision.toUpperCase().padEnd(5))}${r.mode === "audit" ? k.gray("(audit)") : ""}  ${who.padEnd(18)}  ${cmd.length > 120 ? cmd.slice(0, 117) + "..." : cmd}${decided.length ? k.gray(`  [${decided.join(", ")}]`) : ""}  ${k.gray(r.outcome + approval)}`;
}

async function verify(args: string[], io: CliIo): Promise<number> {
  const o = parseLogArgs(args);
  const path = await logPath(io, o.file);
  if (!existsSync(path)) throw new ShellgateError("io", `no audit log at ${path}`);
  const r = await verifyLog(path);
  if (o.json) write(io.stdout, JSON.stringify({ path, ...r, ok: !r.break }));
  else if (r.break) {
    const b = r.break;
    write(io.stdout, `broken at line ${b.line}${b.id ? ` (record ${b.id}${b.time ? `, ${b.time}` : ""})` : ""}: ${b.problem}`);
    write(io.stdout, `${r.records} record${r.records === 1 ? "" : "s"} before it are intact (${path})`);
  } else write(io.stdout, `ok: ${r.records} record${r.records === 1 ? "" : "s"}, the hash chain is intact (${path}; last hash ${r.lastHash.slice(0, 16)}…)`);
  return r.break ? EXIT.error : EXIT.ok;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  if (args[0] === "verify") return verify(args.slice(1), io);
  const o = parseLogArgs(args);
  const path = await logPath(io, o.file);
  if (!existsSync(path)) {
    write(io.stderr, `no audit log at ${path} yet`);
    return EXIT.ok;
  }
  const keep = matcher(o.filter);
  const ring: AuditRecord[] = [];
  const stats = { skipped: 0 };
  for await (const r of readRecords(path, stats)) {
    if (!keep(r)) continue;
    ring.push(r);
    if (o.tail > 0 && ring.length > o.tail) ring.shift();
  }
  const colour = useColour(io.stdout, io.env);
  for (const r of ring) write(io.stdout, o.json ? JSON.stringify(r) : line(r, colour));
  if (stats.skipped) write(io.stderr, `${stats.skipped} unreadable line${stats.skipped === 1 ? "" : "s"} skipped; run shellgate log verify`);
  return EXIT.ok;
}
