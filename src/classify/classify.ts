// Runs every rule module that covers an invocation and turns their reports into Findings.
import type { Category, CheckContext, Finding, Invocation, Risk } from "../types.js";
import { RISKS } from "../types.js";
import { productionMatcher, type ProductionPatterns } from "../context/production.js";
import { createPathModel } from "./paths.js";
import type { ReportOptions, RuleContext, RuleModule } from "./rule.js";
import { lookupName } from "./load-rules.js";

export interface ClassifyOptions {
  /** The packs to run (see load-rules.ts: rulesFor() loads what these invocations need). */
  rules: readonly RuleModule[];
  production?: ProductionPatterns;
}

const maxRisk = (a: Risk, b: Risk): Risk => (RISKS.indexOf(a) >= RISKS.indexOf(b) ? a : b);

export function fillTemplate(t: string, data: Record<string, string | number | undefined> | undefined): string {
  return t.replace(/\{(\w+)\}/g, (m, k: string) => {
    const v = data?.[k];
    return v === undefined ? m : String(v);
  });
}

interface Index {
  byProgram: Map<string, RuleModule[]>;
  everywhere: RuleModule[];
}

const indexCache = new WeakMap<readonly RuleModule[], Index>();

function indexRules(rules: readonly RuleModule[]): Index {
  let idx = indexCache.get(rules);
  if (idx) return idx;
  idx = { byProgram: new Map(), everywhere: [] };
  for (const r of rules) {
    for (const p of r.programs) {
      if (p === "*") idx.everywhere.push(r);
      else {
        const list = idx.byProgram.get(p) ?? [];
        list.push(r);
        idx.byProgram.set(p, list);
      }
    }
  }
  indexCache.set(rules, idx);
  return idx;
}

const matchers = new WeakMap<ProductionPatterns, ReturnType<typeof productionMatcher>>();
let defaultMatcher: ReturnType<typeof productionMatcher> | undefined;

/** Compiling the patterns costs more than a whole check: keep one matcher per patterns object. */
function matcherFor(p: ProductionPatterns | undefined): ReturnType<typeof productionMatcher> {
  if (!p) return (defaultMatcher ??= productionMatcher());
  let m = matchers.get(p);
  if (!m) matchers.set(p, (m = productionMatcher(p)));
  return m;
}

export function classify(invocations: readonly Invocation[], check: CheckContext, opts: ClassifyOptions): Finding[] {
  const rules = opts.rules;
  const idx = indexRules(rules);
  const findings: Finding[] = [];
  const memo = new Map<string, unknown>();
  const paths = createPathModel(check.env);
  const production = matcherFor(opts.production);
  for (const inv of invocations) {
    const list = [...idx.everywhere, ...(inv.program ? (idx.byProgram.get(lookupName(inv.program)) ?? []) : [])];
    for (const rule of list) {
      const ctx: RuleContext = {
        check,
        invocations,
        paths,
        production,
        memo<T>(key: string, compute: () => T): T {
          if (!memo.has(key)) memo.set(key, compute());
          return memo.get(key) as T;
        },
        report(id: string, o: ReportOptions = {}) {
          findings.push(makeFinding(rule, id, inv, o));
        },
      };
      try {
        rule.check(inv, ctx);
      } catch (e) {
        // A rule that breaks must not let the command through silently.
        findings.push({
          id: "shellgate/rule-error",
          risk: "high",
          categories: ["opaque"],
          message: `rule pack ${rule.name} failed on this command: ${(e as Error).message}`,
          hint: "report this as a shellgate bug; the command is held until a human approves it",
          span: inv.span,
          invocation: inv.index,
          ...(inv.program ? { program: inv.program } : {}),
        });
      }
    }
  }
  return dedupe(findings);
}

function makeFinding(rule: RuleModule, id: string, inv: Invocation, o: ReportOptions): Finding {
  const spec = rule.findings[id];
  if (!spec) throw new Error(`rule ${rule.name} reported unknown finding id ${id}`);
  let risk = o.risk ?? spec.risk;
  const categories = new Set<Category>([...spec.categories, ...(o.categories ?? [])]);
  const evidence = [...(o.evidence ?? [])];
  if (o.production?.length) {
    categories.add("production");
    evidence.push(...o.production);
    if (categories.has("mutate") || categories.has("destroy") || categories.has("privilege")) risk = maxRisk(risk, "high");
  }
  const data = { program: inv.program, ...o.data };
  const f: Finding = {
    id: `${rule.name}/${id}`,
    risk,
    categories: [...categories],
    message: fillTemplate(spec.message, data),
    invocation: inv.index,
  };
  if (spec.hint) f.hint = fillTemplate(spec.hint, data);
  const span = o.span ?? o.word?.span ?? inv.argv[0]?.span ?? inv.span;
  if (span) f.span = span;
  if (evidence.length) f.evidence = evidence;
  if (inv.program) f.program = inv.program;
  return f;
}

/** The same finding on the same span (e.g. a loop walked per item) is reported once. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.id}|${f.span?.start}|${f.span?.end}|${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
