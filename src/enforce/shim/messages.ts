// What a shim says on stderr: one line for a warning; for a refusal what was refused, which rule, why, and what to do instead.
import type { Decision, Finding } from "../../types.js";

const RISK_ORDER = ["critical", "high", "medium", "low"];

function oneLine(s: string, max = 200): string {
  const t = s.replace(/[\r\n]+/g, "⏎").replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "?");
  return t.length > max ? `${t.slice(0, max - 3)}...` : t;
}

/** Findings that drove the decision first: the strictest risk, then in order of appearance. */
export function leadingFindings(d: Decision): Finding[] {
  return [...d.findings].sort((a, b) => RISK_ORDER.indexOf(a.risk) - RISK_ORDER.indexOf(b.risk));
}

function evidenceText(f: Finding): string[] {
  return (f.evidence ?? []).filter((e) => e.pattern).map((e) => `${e.kind.replace(/-/g, " ")} ${e.value} (${e.source}) matches ${e.pattern}`);
}

export function warnLine(d: Decision): string {
  const [f, ...rest] = leadingFindings(d);
  if (!f) return `shellgate: warning: ${oneLine(d.command)}`;
  const more = rest.length ? ` (+${rest.length} more)` : "";
  return `shellgate: warning: ${oneLine(d.command, 120)}: ${f.id}: ${oneLine(f.message, 160)}${f.hint ? `; instead: ${oneLine(f.hint, 120)}` : ""}${more}`;
}

/** The refusal text for a block decision (or any decision refused after asking). */
export function refusalMessage(d: Decision, headline = "refused", exit = 126, extra: string[] = []): string {
  const lines = [`shellgate: ${headline}: ${oneLine(d.command)}`];
  for (const f of leadingFindings(d)) {
    lines.push(`  why: ${f.id} [${f.risk}]: ${oneLine(f.message)}`);
    for (const e of evidenceText(f)) lines.push(`       production: ${oneLine(e)}`);
    if (f.hint) lines.push(`  instead: ${oneLine(f.hint)}`);
  }
  const hints = new Set(d.findings.map((f) => f.hint));
  for (const r of d.reasons) {
    const msg = r.message && !hints.has(r.message) ? `: ${oneLine(r.message)}` : "";
    lines.push(`  rule: ${r.rule} (${r.source}) → ${r.action}${msg}`);
  }
  for (const e of d.errors) if (!d.reasons.some((r) => r.message?.includes(e))) lines.push(`  error: ${oneLine(e)}`);
  for (const x of extra) lines.push(`  ${x}`);
  lines.push(`  Nothing was run (exit ${exit}).`);
  return lines.join("\n");
}
