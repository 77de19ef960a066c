// The reasons a hook gives, written for the model to act on: what shellgate saw, which rule decided, and the safer thing to do.
import type { Decision, Finding, Reason, Risk } from "../../types.js";

const RISK_RANK: Record<Risk, number> = { critical: 0, high: 1, medium: 2, low: 3 };

function clean(s: string, max = 400): string {
  const t = s
    .replace(/[\r\n]+/g, " ")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "?")
    .replace(/\s+/g, " ")
    .trim();
  return t.length > max ? `${t.slice(0, max - 3)}...` : t;
}

/** Ends a clause as a sentence. */
function sentence(s: string): string {
  const t = clean(s);
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** The reason that produced the decision's action, and the finding it is mostly about. */
export function deciding(d: Decision): { reason?: Reason; finding?: Finding } {
  const reason = d.reasons.find((r) => r.action === d.action) ?? d.reasons[0];
  const covered = reason ? d.findings.filter((f) => reason.findings.includes(f.id)) : [];
  const pool = covered.length ? covered : d.findings;
  const finding = [...pool].sort((a, b) => RISK_RANK[a.risk] - RISK_RANK[b.risk])[0];
  return { ...(reason ? { reason } : {}), ...(finding ? { finding } : {}) };
}

/** `(filesystem/delete and 1 more; rule defaults/critical)`. */
function label(d: Decision, reason?: Reason, finding?: Finding): string {
  const parts: string[] = [];
  if (finding) {
    const others = new Set(d.findings.map((f) => f.id));
    others.delete(finding.id);
    parts.push(others.size ? `${finding.id} and ${others.size} more` : finding.id);
  }
  if (reason) parts.push(`rule ${reason.rule}`);
  return parts.length ? ` (${parts.join("; ")})` : "";
}

interface Parts {
  label: string;
  what: string;
  instead?: string;
}

function parts(d: Decision): Parts {
  const { reason, finding } = deciding(d);
  const what = finding?.message ?? reason?.message ?? `policy rule ${reason?.rule ?? "shellgate/unknown"} decided ${d.action}`;
  const alt = finding?.hint ?? (finding && reason?.message && reason.message !== finding.message ? reason.message : undefined);
  return { label: label(d, reason, finding), what, ...(alt ? { instead: alt } : {}) };
}

/** A refusal: `shellgate blocked this command (id; rule r): what. Safer: alternative.` */
export function denyMessage(d: Decision): string {
  const p = parts(d);
  return `shellgate blocked this command${p.label}: ${sentence(p.what)}${p.instead ? ` Safer: ${sentence(p.instead)}` : ""} Do not retry it in another form.`;
}

/** The question shown in the agent's own confirmation prompt. */
export function askMessage(d: Decision): string {
  const p = parts(d);
  return `shellgate asks for a human's confirmation${p.label}: ${sentence(p.what)}${p.instead ? ` Safer: ${sentence(p.instead)}` : ""}`;
}

export function warnMessage(d: Decision): string {
  const p = parts(d);
  return `shellgate warning${p.label}: ${sentence(p.what)}${p.instead ? ` Consider: ${sentence(p.instead)}` : ""}`;
}

/** How a human can approve a command when the agent cannot ask and no approval queue answered. */
export function howToApprove(agent: string): string {
  return `A human can approve it by running the command in their own terminal, or by configuring a shellgate approval queue (SHELLGATE_QUEUE, or \`shellgate install ${agent} --queue DIR\`) and answering it with \`shellgate approvals\`.`;
}

/** An ask the agent cannot put to a human: a refusal that tells the model to hand the decision to the user. */
export function needsApprovalMessage(d: Decision, why: string, how: string): string {
  const p = parts(d);
  return (
    `shellgate needs a human's approval for this command${p.label}: ${sentence(p.what)}${p.instead ? ` Safer: ${sentence(p.instead)}` : ""} ` +
    `It was not run because ${clean(why, 200)}. Do not retry it or work around it; tell the user what you want to run and why. ${sentence(clean(how, 600))}`
  );
}

/** Policy in audit mode: the decision is logged and shown, never enforced. */
export function auditModeMessage(d: Decision): string {
  const p = parts(d);
  return `shellgate audit mode, not enforced: would ${d.action}${p.label}: ${sentence(p.what)}`;
}

/** shellgate itself failed (bad payload, policy error, internal error): the command is refused and the model is told why. */
export function failMessage(problem: string): string {
  return `shellgate could not check this command, so it was blocked: ${sentence(problem)} Tell the user; do not retry the command until shellgate works again.`;
}
