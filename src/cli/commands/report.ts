// `shellgate report`: over a period (default the last 7 days), counts by decision, tool and rule, and the most blocked commands.
import { existsSync } from "node:fs";
import { matcher, parseSince, readRecords } from "../../audit/read.js";
import { ReportBuilder, type Report } from "../../audit/report.js";
import { EXIT } from "../exit-codes.js";
import { write, type CliIo } from "../io.js";
import { logPath, parseLogArgs } from "./log.js";

const pct = (n: number, total: number) => (total ? `${((100 * n) / total).toFixed(1)}%` : "-");

function text(r: Report, path: string): string {
  const out: string[] = [];
  out.push(`shellgate report: ${r.since ?? "the beginning"} to ${r.until ?? "now"} (${path})`);
  out.push("");
  out.push(`${r.total} decision${r.total === 1 ? "" : "s"}${r.auditMode ? `, ${r.auditMode} in audit mode (recorded, not enforced)` : ""}`);
  for (const a of ["allow", "warn", "ask", "block"] as const) out.push(`  ${a.padEnd(6)} ${String(r.byDecision[a]).padStart(7)}  ${pct(r.byDecision[a], r.total)}`);
  const outcomes = Object.entries(r.byOutcome);
  if (outcomes.length) out.push(`outcomes: ${outcomes.map(([k, v]) => `${k} ${v}`).join(", ")}`);
  const approvals = Object.entries(r.approvals);
  if (approvals.length) out.push(`approvals: ${approvals.map(([k, v]) => `${k} ${v}`).join(", ")}`);
  const fronts = Object.entries(r.byFrontend);
  if (fronts.length) out.push(`front ends: ${fronts.map(([k, v]) => `${k} ${v}`).join(", ")}`);
  const agents = Object.entries(r.byAgent);
  if (agents.length) out.push(`agents: ${agents.map(([k, v]) => `${k} ${v}`).join(", ")}`);
  out.push("");
  out.push("by tool                     total     ask   block");
  for (const t of r.byTool.slice(0, 20)) out.push(`  ${t.tool.padEnd(24)} ${String(t.total).padStart(7)} ${String(t.ask).padStart(7)} ${String(t.block).padStart(7)}`);
  out.push("");
  out.push("by rule                                 total     ask   block");
  for (const t of r.byRule.slice(0, 20)) out.push(`  ${t.rule.padEnd(36)} ${String(t.total).padStart(7)} ${String(t.ask).padStart(7)} ${String(t.block).padStart(7)}`);
  out.push("");
  out.push(r.topBlocked.length ? "top blocked commands:" : "top blocked commands: none");
  for (const b of r.topBlocked) out.push(`  ${String(b.count).padStart(5)}×  ${b.command.replace(/\n/g, "⏎ ").slice(0, 100)}${b.rules.length ? `  [${b.rules.join(", ")}]` : ""}`);
  return out.join("\n");
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const o = parseLogArgs(args, ["--top", "--all"]);
  // A report covers a period: the last 7 days unless --since (or --all) says otherwise.
  if (!o.filter.since && !o.flags.has("--all")) o.filter.since = parseSince("7d")!;
  const top = Number(o.rest.get("--top") ?? 10);
  const path = await logPath(io, o.file);
  const builder = new ReportBuilder();
  if (existsSync(path)) {
    const keep = matcher(o.filter);
    for await (const r of readRecords(path)) if (keep(r)) builder.add(r);
  }
  const report = builder.build(Number.isFinite(top) && top > 0 ? top : 10, o.filter);
  write(io.stdout, o.json ? JSON.stringify({ path, ...report }, null, 2) : text(report, path));
  return EXIT.ok;
}
