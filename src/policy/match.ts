// Whether a policy rule's match applies to one finding (or to a command that has none): ids, risk, production, names, paths, text.
import { resolve } from "node:path";
import type { Category, Finding, Invocation, Risk } from "../types.js";
import { RISKS } from "../types.js";
import type { DecideInput, PolicyRule, RuleMatch } from "./types.js";

/** What a rule is matched against: one finding with its invocation, or an invocation that produced no finding. */
export interface Unit {
  finding?: Finding;
  inv?: Invocation;
  /** Normalised invocation text: program basename and resolved words, single spaces. */
  text: string;
  categories: Category[];
}

const WRITE_OPS = new Set([">", ">>", ">|", "&>", "&>>", "<>"]);
const HARMLESS_TARGETS = new Set(["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty"]);

export function normalisedText(inv: Invocation): string {
  const head = inv.program ?? inv.argv[0]?.value ?? inv.argv[0]?.raw ?? "";
  return [head, ...inv.argv.slice(1).map((w) => w.value ?? w.raw)].join(" ");
}

function writeTargets(inv: Invocation): string[] {
  const out: string[] = [];
  for (const r of inv.redirects) {
    if (!WRITE_OPS.has(r.op) || r.target?.value === undefined) continue;
    if (/^\d+$|^-$/.test(r.target.value) || HARMLESS_TARGETS.has(r.target.value)) continue;
    out.push(r.target.value);
  }
  return out;
}

/** One unit per finding, plus one per invocation with no finding (rules on programs, paths or text still apply to those). */
export function unitsOf(input: DecideInput): Unit[] {
  const byIndex = new Map(input.invocations.map((i) => [i.index, i]));
  const units: Unit[] = [];
  const withFindings = new Set<number>();
  for (const f of input.findings) {
    const inv = byIndex.get(f.invocation);
    withFindings.add(f.invocation);
    units.push({ finding: f, ...(inv ? { inv } : {}), text: inv ? normalisedText(inv) : (f.program ?? ""), categories: f.categories });
  }
  for (const inv of input.invocations) {
    if (withFindings.has(inv.index)) continue;
    units.push({ inv, text: normalisedText(inv), categories: writeTargets(inv).length ? ["mutate"] : [] });
  }
  return units;
}

/** Evidence kinds each name condition reads, and where a command states the value itself when a finding carries no evidence. */
const NAME_SOURCES: Record<"context" | "namespace" | "profile" | "account" | "workspace" | "project", { kinds: string[]; flags: Record<string, string[]>; env: string[] }> = {
  context: { kinds: ["kube-context"], flags: { kubectl: ["--context"], helm: ["--kube-context"], helmfile: ["--kube-context"], k9s: ["--context"] }, env: [] },
  namespace: { kinds: ["kube-namespace"], flags: { kubectl: ["-n", "--namespace"], helm: ["-n", "--namespace"] }, env: [] },
  profile: { kinds: ["aws-profile"], flags: { aws: ["--profile"], sam: ["--profile"], cdk: ["--profile"] }, env: ["AWS_PROFILE", "AWS_DEFAULT_PROFILE"] },
  account: { kinds: ["aws-account"], flags: {}, env: [] },
  workspace: { kinds: ["tf-workspace"], flags: {}, env: ["TF_WORKSPACE"] },
  project: { kinds: ["gcloud-project"], flags: { gcloud: ["--project"], gsutil: ["-p"], bq: ["--project_id"] }, env: ["CLOUDSDK_CORE_PROJECT", "GOOGLE_CLOUD_PROJECT"] },
};

function flagValues(inv: Invocation, flags: string[]): string[] {
  const out: string[] = [];
  const words = inv.argv;
  for (let i = 1; i < words.length; i++) {
    const v = words[i]!.value;
    if (v === undefined) continue;
    if (v === "--") break;
    for (const f of flags) {
      if (v === f && words[i + 1]?.value !== undefined) out.push(words[i + 1]!.value!);
      else if (f.startsWith("--") && v.startsWith(f + "=")) out.push(v.slice(f.length + 1));
      else if (!f.startsWith("--") && v.startsWith(f) && v.length > f.length && !v.startsWith("--")) out.push(v.slice(f.length));
    }
  }
  return out;
}

/** The values a name condition sees: the finding's evidence of that kind, else the command's own flags and environment. */
function namesFor(key: keyof typeof NAME_SOURCES, unit: Unit): string[] {
  const src = NAME_SOURCES[key];
  const ev = (unit.finding?.evidence ?? []).filter((e) => src.kinds.includes(e.kind)).map((e) => e.value);
  if (ev.length || !unit.inv) return ev;
  const prog = unit.inv.program;
  const fromFlags = prog && src.flags[prog] ? flagValues(unit.inv, src.flags[prog]!) : [];
  const fromEnv = src.env.map((k) => unit.inv!.env[k]).filter((v): v is string => !!v);
  return [...fromFlags, ...fromEnv];
}

function hostsFor(unit: Unit): string[] {
  const ev = (unit.finding?.evidence ?? []).filter((e) => e.kind === "host" || e.kind === "database").map((e) => e.value);
  return unit.inv?.host ? [...ev, unit.inv.host] : ev;
}

/** Paths a path condition sees: the word a finding points at and any file written by redirection; for a command without findings, every argument. */
function pathsFor(unit: Unit, input: DecideInput): string[] {
  const inv = unit.inv;
  if (!inv) return [];
  const base = inv.cwd ?? input.context.cwd;
  const abs = (v: string) => resolve(base, v);
  const out = writeTargets(inv).map(abs);
  if (unit.finding) {
    const span = unit.finding.span;
    const word = span ? inv.argv.find((w) => w.span.start === span.start && w.span.end === span.end) : undefined;
    const value = word?.value ?? (word?.pathUnder !== undefined ? word.pathUnder : undefined);
    if (word && value !== undefined && !value.startsWith("-")) out.push(abs(value));
  } else {
    for (const w of inv.argv.slice(1)) if (w.value !== undefined && w.value !== "" && !w.value.startsWith("-")) out.push(abs(w.value));
  }
  return out;
}

const any = (values: string[], test: (v: string) => boolean) => values.some(test);

export function ruleMatches(m: RuleMatch, unit: Unit, input: DecideInput): boolean {
  const f = unit.finding;
  const inv = unit.inv;
  if (m.finding && !(f && m.finding.test(f.id))) return false;
  if (m.risk && !(f && RISKS.indexOf(f.risk) >= RISKS.indexOf(m.risk))) return false;
  if (m.maxRisk && f && RISKS.indexOf(f.risk) > RISKS.indexOf(m.maxRisk)) return false;
  if (m.category && !m.category.some((c) => unit.categories.includes(c))) return false;
  if (m.production !== undefined) {
    const prod = !!f && (f.categories.includes("production") || (f.evidence ?? []).some((e) => e.pattern !== undefined));
    if (prod !== m.production) return false;
  }
  if (m.program && !m.program.test(inv?.program ?? f?.program)) return false;
  for (const key of ["context", "namespace", "profile", "account", "workspace", "project"] as const) {
    const cond = m[key];
    if (cond && !any(namesFor(key, unit), (v) => cond.test(v))) return false;
  }
  if (m.host && !any(hostsFor(unit), (v) => m.host!.test(v))) return false;
  if (m.container && !m.container.test(inv?.container)) return false;
  if (m.cwd && !m.cwd.test(inv?.cwd ?? input.context.cwd)) return false;
  if (m.path && !any(pathsFor(unit, input), (v) => m.path!.test(v))) return false;
  if (m.command && !m.command.test(unit.text)) return false;
  if (m.commandRegex && !m.commandRegex.test(unit.text)) return false;
  if (m.env) {
    for (const [name, cond] of Object.entries(m.env)) if (!cond.test(inv?.env[name] ?? input.context.env[name])) return false;
  }
  return true;
}

/** Inside one layer: the most specific matching rule, then the strictest action, then the first written. */
export function pickWinner(rules: PolicyRule[], rank: (a: PolicyRule) => number): { winner?: PolicyRule; losers: PolicyRule[] } {
  if (!rules.length) return { losers: [] };
  const sorted = [...rules].sort((a, b) => b.specificity - a.specificity || rank(b) - rank(a) || a.order - b.order);
  return { winner: sorted[0]!, losers: sorted.slice(1) };
}

