// Renders a Decision for people (colours only on a TTY without NO_COLOR) and as JSON for programs.
import kleur from "kleur";
import type { Action, Decision, Finding, Risk } from "../types.js";

export function useColour(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== "0") return true;
  return !!stream.isTTY;
}

const ACTION_LABEL: Record<Action, string> = { allow: "ALLOW", warn: "WARN", ask: "ASK", block: "BLOCK" };

/** The JSON shape of a decision: stable fields for programs (score.mjs, hooks, tests). */
export function decisionJson(d: Decision, id?: unknown): Record<string, unknown> {
  return {
    ...(id !== undefined ? { id } : {}),
    decision: d.action,
    ...(d.mode && d.mode !== "enforce" ? { mode: d.mode } : {}),
    command: d.command,
    findings: d.findings.map((f) => ({
      id: f.id,
      risk: f.risk,
      categories: f.categories,
      message: f.message,
      ...(f.hint ? { hint: f.hint } : {}),
      ...(f.span ? { span: f.span, text: d.command.slice(f.span.start, f.span.end) } : {}),
      ...(f.evidence ? { evidence: f.evidence } : {}),
      ...(f.program ? { program: f.program } : {}),
    })),
    reasons: d.reasons,
    errors: d.errors,
  };
}

/** Plain-words production evidence: `kube context prod-eu-1 (current-context in ~/.kube/config) matches token "prod"`. */
export function evidenceLine(f: Finding): string[] {
  return (f.evidence ?? []).map((e) => `${e.kind.replace(/-/g, " ")} ${e.value} (${e.source})${e.pattern ? ` matches ${e.pattern}` : ""}`);
}

export function formatDecision(d: Decision, colour: boolean): string {
  const k = kleur;
  k.enabled = colour;
  const actionColour: Record<Action, (s: string) => string> = { allow: k.green, warn: k.yellow, ask: k.magenta, block: k.red };
  const riskColour: Record<Risk, (s: string) => string> = { low: k.gray, medium: k.yellow, high: k.magenta, critical: k.red };
  const lines: string[] = [];
  const head = actionColour[d.action](k.bold(ACTION_LABEL[d.action]));
  lines.push(`${head}${d.mode === "audit" ? k.gray(" (audit mode: recorded, not enforced)") : ""}  ${oneLine(d.command)}`);
  for (const f of d.findings) {
    lines.push("");
    lines.push(`  ${riskColour[f.risk](`[${f.risk}]`)} ${k.bold(f.id)}: ${f.message}`);
    const shown = showSpan(d.command, f, colour);
    if (shown) lines.push(`      ${shown}`);
    for (const e of evidenceLine(f)) lines.push(`      ${k.cyan("production:")} ${e}`);
    if (f.hint) lines.push(`      ${k.green("instead:")} ${f.hint}`);
  }
  if (d.reasons.length) {
    lines.push("");
    for (const r of d.reasons) {
      lines.push(`  ${k.gray("decided by")} ${r.rule} ${k.gray(`(${r.source})`)} → ${r.action}${r.findings.length ? k.gray(` on ${r.findings.join(", ")}`) : ""}${r.message ? `: ${r.message}` : ""}`);
    }
  }
  for (const e of d.errors) lines.push(`  ${k.red("error:")} ${e}`);
  return lines.join("\n");
}

function oneLine(s: string): string {
  const t = s.replace(/\n/g, "⏎ ");
  return t.length > 160 ? t.slice(0, 157) + "..." : t;
}

/** The offending word shown in place: the line of the command that holds it, with the word highlighted. */
function showSpan(cmd: string, f: Finding, colour: boolean): string | undefined {
  if (!f.span || f.span.end <= f.span.start || f.span.end > cmd.length) return undefined;
  const lineStart = cmd.lastIndexOf("\n", f.span.start - 1) + 1;
  let lineEnd = cmd.indexOf("\n", f.span.start);
  if (lineEnd < 0) lineEnd = cmd.length;
  const end = Math.min(f.span.end, lineEnd);
  let pre = cmd.slice(lineStart, f.span.start);
  const word = cmd.slice(f.span.start, end);
  let post = cmd.slice(end, lineEnd);
  if (pre.length > 60) pre = "..." + pre.slice(-57);
  if (post.length > 60) post = post.slice(0, 57) + "...";
  if (colour) return `${kleur.gray(pre)}${kleur.bold().underline(word)}${kleur.gray(post)}`;
  return `${pre}${word}${post}\n      ${" ".repeat(pre.length)}${"^".repeat(Math.max(1, word.length))}`;
}
