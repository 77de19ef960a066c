// Production patterns as plain data, and the matcher every rule uses to say whether a target is production.
import type { Evidence } from "../types.js";

export interface ProductionPatterns {
  /** Name tokens that mark production when they stand as a separate token (`prod-eu-1`, `acme/prod`). */
  tokens: string[];
  /** Extra regular expressions (source strings, case-insensitive) matched against the whole value. */
  regexes: string[];
  /** Values that are production-critical whatever their name (kube namespaces such as kube-system). */
  criticalNamespaces: string[];
  /** Per-kind exact names or globs (`kube-context`, `aws-profile`, `tf-workspace`, `gcloud-project`, `host` ...). */
  names: Record<string, string[]>;
}

export const DEFAULT_PRODUCTION: ProductionPatterns = {
  tokens: ["prod", "prd", "production", "live"],
  regexes: [],
  criticalNamespaces: ["kube-system", "kube-public", "kube-node-lease"],
  names: {},
};

export interface ProductionMatcher {
  patterns: ProductionPatterns;
  /** The pattern a value matches, or undefined. `kind` selects per-kind name lists. */
  match(value: string | undefined, kind?: string): string | undefined;
  /** Evidence for a production value, or undefined when it is not production. */
  evidence(kind: string, value: string | undefined, source: string): Evidence | undefined;
}

/** Turns a glob with `*` and `?` into an anchored case-insensitive RegExp. */
export function globToRegExp(glob: string): RegExp {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${re}$`, "i");
}

export function tokensOf(value: string): string[] {
  return value.split(/[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])/).filter(Boolean).map((t) => t.toLowerCase());
}

export function productionMatcher(patterns: ProductionPatterns = DEFAULT_PRODUCTION): ProductionMatcher {
  const tokens = new Set(patterns.tokens.map((t) => t.toLowerCase()));
  const regexes = patterns.regexes.map((r) => ({ src: r, re: new RegExp(r, "i") }));
  const names = Object.fromEntries(Object.entries(patterns.names).map(([k, list]) => [k, list.map((g) => ({ src: g, re: globToRegExp(g) }))]));
  const critical = new Set(patterns.criticalNamespaces);
  const match = (value: string | undefined, kind?: string): string | undefined => {
    if (!value) return undefined;
    if (kind === "kube-namespace" && critical.has(value)) return `critical namespace ${value}`;
    for (const n of (kind && names[kind]) || []) if (n.re.test(value)) return n.src;
    for (const t of tokensOf(value)) if (tokens.has(t)) return `token "${t}"`;
    for (const r of regexes) if (r.re.test(value)) return `/${r.src}/`;
    return undefined;
  };
  return {
    patterns,
    match,
    evidence(kind, value, source) {
      const pattern = match(value, kind);
      return pattern && value ? { kind, value, pattern, source } : undefined;
    },
  };
}
