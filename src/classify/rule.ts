// The shape of a rule module: metadata as data, plus one check() that reports findings by id.
import type { Category, CheckContext, Evidence, Invocation, Risk, Span, Word } from "../types.js";
import type { PathModel } from "./paths.js";
import type { ProductionMatcher } from "../context/production.js";

export interface FindingSpec {
  risk: Risk;
  categories: Category[];
  /** Message template; `{name}` is filled from the report's data. */
  message: string;
  /** The safer alternative, also a template. */
  hint?: string;
  /** One line for generated docs. */
  description?: string;
}

export interface ReportOptions {
  /** The word that triggered the finding; its span is shown in place. */
  word?: Word;
  span?: Span;
  data?: Record<string, string | number | undefined>;
  /** Overrides the spec's risk (e.g. the path model decided it). */
  risk?: Risk;
  /** Extra categories beyond the spec's. */
  categories?: Category[];
  evidence?: Evidence[];
  /**
   * Production evidence: the target matched a production pattern. The finding gains the `production`
   * category and, when it mutates or destroys, at least `high` risk.
   */
  production?: Evidence[];
}

export interface RuleContext<Id extends string = string> {
  report(id: Id, opts?: ReportOptions): void;
  /** The context of the whole check (cwd, env as given by the caller). */
  check: CheckContext;
  /** Every invocation of this check, to follow `parent` and `pipedFrom`. */
  invocations: readonly Invocation[];
  paths: PathModel;
  production: ProductionMatcher;
  /** Per-check memo for expensive context reads (kubeconfig, ~/.aws/config ...). */
  memo<T>(key: string, compute: () => T): T;
}

export interface RuleModule<Id extends string = string> {
  /** Pack name; finding ids are `<name>/<id>`. */
  name: string;
  description: string;
  /** Program basenames this module inspects; `*` means every invocation. */
  programs: readonly string[];
  findings: Record<Id, FindingSpec>;
  check(inv: Invocation, ctx: RuleContext<Id>): void;
}

/** Identity helper that keeps the finding-id type of a module literal. */
export function defineRule<Id extends string>(m: RuleModule<Id>): RuleModule<Id> {
  return m;
}
