// A validated policy file → its normalised fragment: compiled rule matchers, risk rows, production patterns, tests, cross-checks.
import { dirname, isAbsolute, join } from "node:path";
import type { Action, Category, Risk } from "../types.js";
import { findingIdsFor, namesKnownPack } from "./finding-ids.js";
import { compileMatcher, compileRegexMatcher, absolutePattern, type GlobKind } from "./glob.js";
import type { PathKey, SourceFile } from "./file.js";
import { located, didYouMean } from "./validate.js";
import { PRODUCTION_KINDS, type RawMatch, type RawPolicy, type RawRule, type RawTest } from "./schema.js";
import type { PolicyRule, PolicyTest, ProductionSpec, RuleExample, RuleMatch, ValueMatcher } from "./types.js";

/** Everything one file says (its `extends` are separate fragments). */
export interface Fragment {
  source: string;
  extends: string[];
  mode?: "enforce" | "audit";
  interactive?: boolean;
  defaults: Partial<Record<Risk, Action>>;
  production?: ProductionSpec;
  rules: PolicyRule[];
  lock?: boolean;
  trustProject?: boolean;
  audit?: { path?: string; enabled?: boolean };
  approvals?: { queue?: string; timeout?: number };
  tests: PolicyTest[];
}

const RESERVED = /^(defaults|paths|policy|shellgate)\//;

export interface NormalizeOptions {
  home?: string;
}

/** A `finding` pattern to check against the ids the packs can report, once the packs it names are loaded. */
interface FindingRef {
  pattern: string;
  path: PathKey[];
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function compileMatch(m: RawMatch, at: PathKey[], file: SourceFile, opts: NormalizeOptions, errors: string[], refs: FindingRef[]): { match: RuleMatch; specificity: number } {
  const match: RuleMatch = {};
  let specificity = 0;
  const base = file.source.startsWith("preset:") ? undefined : dirname(file.path);
  const glob = (key: keyof RawMatch, kind: GlobKind): ValueMatcher | undefined => {
    const patterns = list(m[key] as string | string[] | undefined);
    if (!patterns.length) return undefined;
    if (kind === "path" && !base) {
      const rel = patterns.find((p) => !isAbsolute(p) && !p.startsWith("~"));
      if (rel) errors.push(located(file, [...at, key], `a preset's paths must be absolute or start with ~, got "${rel}"`));
    }
    const matcher = compileMatcher(patterns, kind, { ...(base ? { base } : {}), ...(opts.home ? { home: opts.home } : {}) });
    specificity += matcher.exact ? 2 : 1;
    return matcher;
  };
  const set = <K extends keyof RuleMatch>(k: K, v: RuleMatch[K] | undefined) => {
    if (v !== undefined) match[k] = v;
  };
  set("program", glob("program", "id"));
  const finding = glob("finding", "id");
  finding?.patterns.forEach((pattern, i) => refs.push({ pattern, path: Array.isArray(m.finding) ? [...at, "finding", i] : [...at, "finding"] }));
  set("finding", finding);
  for (const key of ["context", "namespace", "profile", "account", "workspace", "project", "host", "container"] as const) set(key, glob(key, "name"));
  set("cwd", glob("cwd", "path"));
  set("path", glob("path", "path"));
  set("command", glob("command", "command"));
  const regexes = list(m.command_regex);
  if (regexes.length) {
    try {
      match.commandRegex = compileRegexMatcher(regexes);
      specificity += 1;
    } catch (e) {
      errors.push(located(file, [...at, "command_regex"], `not a valid regular expression: ${(e as Error).message}`));
    }
  }
  if (m.risk) {
    match.risk = m.risk;
    specificity += 1;
  }
  if (m.max_risk) {
    match.maxRisk = m.max_risk;
    specificity += 1;
  }
  if (m.category) {
    match.category = list(m.category) as Category[];
    specificity += 1;
  }
  if (m.production !== undefined) {
    match.production = m.production;
    specificity += 1;
  }
  if (m.env) {
    match.env = {};
    for (const [name, v] of Object.entries(m.env)) {
      const matcher = compileMatcher(list(v), "command");
      match.env[name] = matcher;
      specificity += matcher.exact ? 2 : 1;
    }
  }
  if (specificity === 0) errors.push(located(file, at, "needs at least one condition (finding, risk, category, production, program, command ...); to match every finding write risk: low"));
  return { match, specificity };
}

function compileRule(raw: RawRule, index: number, file: SourceFile, opts: NormalizeOptions, errors: string[], refs: FindingRef[]): PolicyRule | undefined {
  const at: PathKey[] = ["rules", index];
  if (RESERVED.test(raw.id)) errors.push(located(file, [...at, "id"], `"${raw.id}" starts with a reserved prefix (defaults/, paths/, policy/, shellgate/)`));
  const before = errors.length;
  const { match, specificity } = compileMatch(raw.match, [...at, "match"], file, opts, errors, refs);
  if (errors.length > before) return undefined;
  const line = file.lineOf(at);
  const examples: RuleExample[] = [];
  for (const expect of ["match", "not_match"] as const) {
    (raw.examples?.[expect] ?? []).forEach((ex, i) => {
      const path: PathKey[] = [...at, "examples", expect, i];
      const exLine = file.lineOf(path);
      const e = typeof ex === "string" ? { command: ex } : ex;
      examples.push({ ...e, expect, at: path.join("."), ...(exLine !== undefined ? { line: exLine } : {}) });
    });
  }
  return {
    id: raw.id,
    ...(examples.length ? { examples } : {}),
    match,
    action: raw.action,
    ...(raw.message ? { message: raw.message } : {}),
    specificity,
    source: file.source,
    ...(line !== undefined ? { line } : {}),
    order: index,
  };
}

function pathRule(id: "paths/protected" | "paths/safe", patterns: string[], file: SourceFile, opts: NormalizeOptions, order: number): PolicyRule {
  const base = file.source.startsWith("preset:") ? undefined : dirname(file.path);
  const path = compileMatcher(patterns, "path", { ...(base ? { base } : {}), ...(opts.home ? { home: opts.home } : {}) });
  const line = file.lineOf(["paths", id === "paths/protected" ? "protected" : "safe"]);
  // Fixed weights: a protected path beats a safe one that overlaps it, and both beat a bare finding or program condition.
  const common = { specificity: 5, source: file.source, ...(line !== undefined ? { line } : {}), order };
  if (id === "paths/protected") {
    return {
      id,
      match: { path, category: ["destroy", "mutate"] },
      action: "block",
      message: `the policy protects ${patterns.join(", ")}: change it yourself, outside the agent`,
      ...common,
    };
  }
  return {
    id,
    match: { path, category: ["destroy", "mutate"], production: false, maxRisk: "high" },
    action: "allow",
    message: `${patterns.join(", ")} is a scratch area the policy marks safe`,
    ...common,
    specificity: 4,
  };
}

function compileTest(raw: RawTest, index: number, file: SourceFile): PolicyTest {
  const line = file.lineOf(["tests", index]);
  return { ...raw, source: file.source, ...(line !== undefined ? { line } : {}) };
}

export function compileTests(raws: RawTest[], file: SourceFile): PolicyTest[] {
  return raws.map((t, i) => compileTest(t, i, file));
}

/** Typos in `finding` patterns: each must match some id the rule packs of this build can report. */
async function findingErrors(refs: FindingRef[], file: SourceFile): Promise<string[]> {
  if (!refs.length) return [];
  const ids = await findingIdsFor(refs.map((r) => r.pattern));
  const errors: string[] = [];
  for (const { pattern, path } of refs) {
    const one = compileMatcher([pattern], "id");
    if (ids.some((id) => one.test(id))) continue;
    // A misspelt pack name (`gti/force-push`) is best matched against every pack's ids.
    const hint = didYouMean(pattern, namesKnownPack(pattern) ? ids : await findingIdsFor(["*"]));
    errors.push(located(file, path, `no finding id matches "${pattern}"${hint ? ` (did you mean "${hint}"?)` : ""}; \`shellgate rules\` lists the ids`));
  }
  return errors;
}

export async function normalize(raw: RawPolicy, file: SourceFile, opts: NormalizeOptions = {}): Promise<{ fragment: Fragment; errors: string[] }> {
  const errors: string[] = [];
  const refs: FindingRef[] = [];
  const frag: Fragment = { source: file.source, extends: list(raw.extends), defaults: {}, rules: [], tests: [] };
  if (raw.mode) frag.mode = raw.mode;
  if (raw.interactive !== undefined) frag.interactive = raw.interactive;
  if (raw.lock !== undefined) frag.lock = raw.lock;
  if (raw.project?.trust !== undefined) frag.trustProject = raw.project.trust;
  if (raw.defaults) for (const [r, a] of Object.entries(raw.defaults)) if (a) frag.defaults[r as Risk] = a;

  if (raw.production) {
    const p = raw.production;
    const names: Record<string, string[]> = {};
    for (const [key, kind] of Object.entries(PRODUCTION_KINDS)) {
      const v = p[key as keyof typeof p] as string[] | undefined;
      if (v?.length) names[kind] = [...v];
    }
    for (const [kind, v] of Object.entries(p.names ?? {})) names[kind] = [...(names[kind] ?? []), ...v];
    (p.regexes ?? []).forEach((r, i) => {
      try {
        new RegExp(r, "i");
      } catch (e) {
        errors.push(located(file, ["production", "regexes", i], `not a valid regular expression: ${(e as Error).message}`));
      }
    });
    frag.production = { replace: p.replace ?? false, tokens: p.tokens ?? [], regexes: p.regexes ?? [], criticalNamespaces: p.critical_namespaces ?? [], names };
  }

  const seen = new Map<string, number>();
  (raw.rules ?? []).forEach((r, i) => {
    if (seen.has(r.id)) errors.push(located(file, ["rules", i, "id"], `rule id "${r.id}" is already used by rules.${seen.get(r.id)}`));
    seen.set(r.id, i);
    const rule = compileRule(r, i, file, opts, errors, refs);
    if (rule) frag.rules.push(rule);
  });
  const n = frag.rules.length;
  if (raw.paths?.protected?.length) frag.rules.push(pathRule("paths/protected", raw.paths.protected, file, opts, n));
  if (raw.paths?.safe?.length) frag.rules.push(pathRule("paths/safe", raw.paths.safe, file, opts, n + 1));

  if (raw.audit) {
    frag.audit = {};
    if (raw.audit.enabled !== undefined) frag.audit.enabled = raw.audit.enabled;
    if (raw.audit.path !== undefined) {
      const base = file.source.startsWith("preset:") ? "/" : dirname(file.path);
      const p = absolutePattern(raw.audit.path, base, opts.home);
      if (p.startsWith("~")) errors.push(located(file, ["audit", "path"], "starts with ~ but HOME is not known"));
      frag.audit.path = isAbsolute(p) ? p : join(base, p);
    }
  }
  if (raw.approvals) {
    frag.approvals = {};
    if (raw.approvals.timeout !== undefined) frag.approvals.timeout = raw.approvals.timeout;
    if (raw.approvals.queue !== undefined) {
      const base = file.source.startsWith("preset:") ? "/" : dirname(file.path);
      const p = absolutePattern(raw.approvals.queue, base, opts.home);
      if (p.startsWith("~")) errors.push(located(file, ["approvals", "queue"], "starts with ~ but HOME is not known"));
      frag.approvals.queue = isAbsolute(p) ? p : join(base, p);
    }
  }
  frag.tests = compileTests(raw.tests ?? [], file);
  errors.push(...(await findingErrors(refs, file)));
  return { fragment: frag, errors };
}
