// Policy pieces in words, for `policy show` and `explain`: a rule's conditions, where it came from, what a layer may do.
import type { PolicyLayer, PolicyRule, RuleMatch, TraceStep } from "./types.js";

export function describeMatch(m: RuleMatch): string {
  const parts: string[] = [];
  const pats = (label: string, v: { patterns: string[] } | undefined) => {
    if (v) parts.push(`${label} ${v.patterns.join("|")}`);
  };
  pats("finding", m.finding);
  if (m.risk) parts.push(`risk ≥ ${m.risk}`);
  if (m.maxRisk) parts.push(`risk ≤ ${m.maxRisk}`);
  if (m.category) parts.push(`category ${m.category.join("|")}`);
  if (m.production !== undefined) parts.push(m.production ? "production" : "not production");
  pats("program", m.program);
  pats("context", m.context);
  pats("namespace", m.namespace);
  pats("profile", m.profile);
  pats("account", m.account);
  pats("workspace", m.workspace);
  pats("project", m.project);
  pats("host", m.host);
  pats("container", m.container);
  pats("cwd", m.cwd);
  pats("path", m.path);
  pats("command", m.command);
  pats("command_regex", m.commandRegex);
  for (const [k, v] of Object.entries(m.env ?? {})) parts.push(`env ${k}=${v.patterns.join("|")}`);
  return parts.join(", ");
}

/** `~/.config/shellgate/policy.yaml:12` or `preset:strict (via ./.shellgaterc.yaml)`. */
export function whereFrom(x: { source: string; line?: number; via?: string }, home?: string): string {
  const short = (p: string) => (home && p.startsWith(home + "/") ? "~" + p.slice(home.length) : p);
  return `${short(x.source)}${x.line !== undefined ? `:${x.line}` : ""}${x.via ? ` (via ${short(x.via)})` : ""}`;
}

export function ruleLine(r: PolicyRule, home?: string): string {
  return `${r.id} → ${r.action}  when ${describeMatch(r.match)}  [specificity ${r.specificity}; ${whereFrom(r, home)}]`;
}

export function layerNote(l: PolicyLayer): string {
  return l.tightenOnly ? `may only tighten: ${l.tightenWhy}` : "may tighten or loosen the layers before it";
}

const EFFECT: Record<TraceStep["effect"], string> = {
  set: "decides",
  raised: "raises it",
  overridden: "overridden later",
  lost: "not used",
  "no-effect": "same action, no change",
  "cannot-loosen": "cannot loosen",
};

export function effectWords(e: TraceStep["effect"]): string {
  return EFFECT[e];
}

export const PRECEDENCE =
  "How a decision is made: each finding starts from the risk table; a matching rule beats the table; layers apply in order " +
  "(built-in, system, user, project, command line) and a later layer's rule overrides an earlier one's, except that a layer " +
  "marked tighten-only (below a lock, or an untrusted project file) can only make it stricter; inside one layer the most " +
  "specific rule wins (each condition counts 1, an exact value counts 2), then the strictest action, then the first written. " +
  "The command's decision is the strictest over its findings.";
