// What the check pipeline needs from a policy (production patterns, a mode, decide()), and the layered shape behind it.
import type { Action, Category, CheckContext, Finding, Invocation, Reason, Risk } from "../types.js";
import type { ProductionPatterns } from "../context/production.js";

export interface DecideInput {
  command: string;
  findings: Finding[];
  invocations: Invocation[];
  context: CheckContext;
}

/** Where a piece of policy came from, in the order layers apply. */
export type LayerName = "built-in" | "system" | "user" | "project" | "command-line";

/** A reason as the layered policy gives it: the shared Reason plus the layer and, for presets, the file that extended it. */
export interface PolicyReason extends Reason {
  layer: LayerName;
  /** The policy file that pulled this preset or file in with `extends`. */
  via?: string;
  /** Line of the rule in its file, when known. */
  line?: number;
}

export interface AuditSettings {
  /** Log file (or directory) from a policy; undefined means the default location. */
  path?: string;
  enabled: boolean;
  /** Set by a layer with `lock: true`: SHELLGATE_AUDIT_LOG and lower layers cannot move or disable the log. */
  locked: boolean;
  /** The policy source that set `path` or `enabled`. */
  source?: string;
}

/** One compiled condition: does a value match any of the patterns. */
export interface ValueMatcher {
  patterns: string[];
  /** True when every pattern is a literal value (no wildcard): such a condition counts double in specificity. */
  exact: boolean;
  test(value: string | undefined): boolean;
}

export interface RuleMatch {
  program?: ValueMatcher;
  finding?: ValueMatcher;
  /** Minimum risk. */
  risk?: Risk;
  /** Maximum risk (safe paths never lower a critical finding). */
  maxRisk?: Risk;
  category?: Category[];
  production?: boolean;
  context?: ValueMatcher;
  namespace?: ValueMatcher;
  profile?: ValueMatcher;
  account?: ValueMatcher;
  workspace?: ValueMatcher;
  project?: ValueMatcher;
  host?: ValueMatcher;
  container?: ValueMatcher;
  cwd?: ValueMatcher;
  path?: ValueMatcher;
  command?: ValueMatcher;
  commandRegex?: ValueMatcher;
  env?: Record<string, ValueMatcher>;
}

/** A command a rule must (or must not) match, checked when the policy loads. */
export interface RuleExample {
  command: string;
  cwd?: string;
  env?: Record<string, string>;
  expect: "match" | "not_match";
  /** Dotted path of the example in its file, for errors. */
  at: string;
  line?: number;
}

export interface PolicyRule {
  id: string;
  match: RuleMatch;
  action: Action;
  message?: string;
  /** Each condition counts 1, or 2 when it names exact values (no wildcard); the higher count wins inside a layer. */
  specificity: number;
  /** A file path, `preset:<name>`, or `built-in`. */
  source: string;
  via?: string;
  line?: number;
  /** Position among the layer's rules (declaration order breaks the last tie). */
  order: number;
  examples?: RuleExample[];
}

export interface ProductionSpec {
  replace: boolean;
  tokens: string[];
  regexes: string[];
  criticalNamespaces: string[];
  names: Record<string, string[]>;
}

export interface PolicyTest {
  name?: string;
  command: string;
  cwd?: string;
  env?: Record<string, string>;
  /** Current kube context of the sandbox kubeconfig for this case. */
  kube?: string;
  expect: Action;
  /** The mode the decision must carry (audit: recorded, never enforced). */
  mode?: "enforce" | "audit";
  /** The rule that must decide it. */
  rule?: string;
  /** Finding ids that must be present. */
  findings?: string[];
  source: string;
  line?: number;
}

/** One layer after `extends` were merged into it: everything a single file (with its presets) says. */
export interface PolicyLayer {
  layer: LayerName;
  /** The file (or `preset:<name>`) at the top of this layer. */
  source: string;
  /** Files and presets merged into this layer, outermost first (extended ones before the file). */
  sources: string[];
  mode?: { value: "enforce" | "audit"; source: string };
  interactive?: { value: boolean; source: string };
  defaults: Partial<Record<Risk, { action: Action; source: string; via?: string }>>;
  production?: ProductionSpec & { source: string };
  rules: PolicyRule[];
  lock?: { value: boolean; source: string };
  trustProject?: { value: boolean; source: string };
  audit?: { path?: string; enabled?: boolean; source: string };
  approvals?: { queue?: string; timeout?: number; source: string };
  tests: PolicyTest[];
  /** Set when the layer is compiled into a policy: it may only raise decisions (project without trust, anything below a lock). */
  tightenOnly?: boolean;
  /** Why it may only tighten, in words. */
  tightenWhy?: string;
}

/** One step of how a finding (or a command without findings) was decided, for `explain`. */
export interface TraceStep {
  layer: LayerName;
  source: string;
  via?: string;
  line?: number;
  /** `defaults/<risk>`, a rule id, `paths/protected`, `policy/non-interactive`. */
  rule: string;
  action: Action;
  specificity?: number;
  /** What it did: set the action, raised it, lost to a more specific or stricter rule in its layer, or could not loosen. */
  effect: "set" | "raised" | "overridden" | "lost" | "no-effect" | "cannot-loosen";
  note?: string;
}

export interface UnitTrace {
  finding?: Finding;
  invocation?: Invocation;
  /** The normalised text of the invocation, as `command` globs see it. */
  text: string;
  steps: TraceStep[];
  action: Action;
  decidedBy?: TraceStep;
}

export interface PolicyTrace {
  action: Action;
  reasons: PolicyReason[];
  units: UnitTrace[];
}

export interface Policy {
  mode: "enforce" | "audit";
  /** Action per risk level when no policy rule matches a finding. */
  defaults: Record<Risk, Action>;
  production: ProductionPatterns;
  /** Files and presets this policy was built from, outermost first. */
  sources: string[];
  /** Load or validation errors; a policy with errors makes every check fail closed. */
  errors: string[];
  decide(input: DecideInput): { action: Action; reasons: Reason[] };
  /** Problems that do not stop checks (a project file trying to loosen, an ignored key). */
  warnings?: string[];
  /** The layers in the order they apply, each marked tighten-only or not. */
  layers?: PolicyLayer[];
  /** `false`: no human can answer, so ask becomes block. */
  interactive?: boolean;
  audit?: AuditSettings;
  /** Where `ask` goes when no terminal can answer, and how long a guard waits (system, user and command-line layers only). */
  approvals?: { queue?: string; timeout?: number };
  /** Which layer set mode, interactive and each risk-table row. */
  origins?: { mode: string; interactive: string; defaults: Record<Risk, string> };
  /** decide() with every step shown, for `explain`. */
  trace?(input: DecideInput): PolicyTrace;
}
